//! What a page says about itself: its title, authors and date as its own declarations
//! give them, and the choice between those and what the text shows.
//!
//! [`read`] collects, from the document the HTML parser built, every declaration a
//! page makes: JSON-LD (`headline`, `name`, `author`, `datePublished`, `dateCreated`,
//! `dateModified`, `publisher`, through `@graph`, arrays and `mainEntity`), OpenGraph
//! and Twitter properties, `<meta>` tags, microdata (`itemprop`), `rel=author` links,
//! byline elements (by class or id), `<time datetime>`, the `<h1>`s and the
//! `<title>`. Markdown front matter adds its own ([`Declared::front_matter`]).
//!
//! The choice, made by [`Declared::title`], [`Declared::byline`] and
//! [`Declared::date`] with what the text rules found:
//!
//! - **Title.** The candidates, in this order: JSON-LD `headline`, `og:title`,
//!   `twitter:title`, the `title`-like meta tags, microdata `headline`, JSON-LD
//!   `name`, the `<h1>`s (the article's first), the heading the text starts with,
//!   a web page's JSON-LD name, and last the `<title>` less the site's name. Known site
//!   names are stripped from either end (`Headline | Site`, `Site: Headline`); a
//!   candidate that is another with something after a separator loses that part, which
//!   is learnt as a site or section name. A candidate equal to a site or section name is
//!   never the title. Candidates that agree (the same words, or one the other cut
//!   short) support each other, an `<h1>` or the text's heading counting 3, the
//!   `<title>` 2 and a declaration 1: the candidates the most weight agrees on win,
//!   and of them the earliest (with no agreement at all, the first of two words or
//!   more). When the winner is a truncation of another candidate, the longer is taken.
//! - **Byline.** JSON-LD `author`, meta `author`, `article:author` (when a name, not
//!   a URL), `byl`, `dc.creator`, `sailthru.author`, `parsely-author`, microdata
//!   `author`, `rel=author` links, byline elements, then the text's `By …` line, and
//!   last an author that is an organisation. Names lose `By `, roles and dates, and are
//!   joined `A and B`, `A, B and C`. An author equal to the site's name is dropped.
//! - **Date.** `article:published_time`, JSON-LD `datePublished` and `dateCreated`,
//!   the date meta tags, microdata `datePublished`, the first `<time datetime>` of the
//!   article, then the text's date line, then the text of an element marked as the
//!   date (`class="date"`, `dateline`, `published`…, not today's date nor an update's),
//!   and last the declared modification dates.
//!   An ISO-8601 date with a time and zone is the date as written, in its own zone.
//!
//! Front matter comes first of each (it is a Markdown file's only declaration).
//!
//! A headline block shown in the body is still taken out of the reading text by the
//! text rules (`clean`): the heading the text starts with, as always, and when the
//! title comes from elsewhere, the first of the top three blocks [`related`] to it;
//! a line naming the declared authors is a byline line ([`Declared::byline_line`]).
//!
//! Nothing here fails: JSON that does not parse is passed over, and every string is
//! sanitised before it is kept.

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use regex::Regex;
use scraper::{ElementRef, Html, Node};
use serde_json::{Map, Value};

use super::meta::{self, Date, Origin};

/// A value a page declares, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Claim<T> {
    pub value: T,
    pub origin: Origin,
}

fn claim<T>(value: T, origin: Origin) -> Claim<T> {
    Claim { value, origin }
}

/// Everything a page declares about its title, authors and date.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Declared {
    /// Declared titles, in order of precedence.
    titles: Vec<Claim<String>>,
    /// The `<h1>`s, the article's first.
    h1s: Vec<String>,
    /// Titles weaker than an `<h1>`: a web page's name.
    late_titles: Vec<Claim<String>>,
    /// The page's `<title>`.
    title_tag: Option<String>,
    /// Names of the site and its publisher: never a title, never an author.
    sites: Vec<String>,
    /// Names of sections of the site: never a title.
    sections: Vec<String>,
    /// Authors by source, in order of precedence, each claim every name a source gives.
    authors: Vec<Claim<String>>,
    /// Authors that are organisations, used when nothing else names one.
    org_authors: Vec<Claim<String>>,
    /// What the byline elements read, to know their line in the text.
    byline_texts: Vec<String>,
    /// Dates of publication, in order of precedence.
    dates: Vec<Claim<Date>>,
    /// Dates of modification, used when nothing else gives a date.
    late_dates: Vec<Claim<Date>>,
    /// A date shown in an element marked as the date (`class="date"`), used after the
    /// text's own date lines.
    shown_date: Option<Claim<Date>>,
}

/// Most elements of one kind looked at (a page of a thousand `itemprop`s is a
/// catalogue, not an article).
const MAX_ELEMENTS: usize = 200;
/// Most elements whose place in the page and text are looked at, so a page of a
/// hundred thousand candidates costs no more than one of a few thousand.
const MAX_LOOKS: usize = 2000;
/// Longest text kept from a byline element or a heading, in bytes.
const MAX_TEXT: usize = 2000;
/// Longest byline element text read as a byline, in characters.
const MAX_BYLINE_CHARS: usize = 160;
/// Most names in a byline.
const MAX_NAMES: usize = 8;

/// Everything [`read`] picks up in one walk over the document.
#[derive(Default)]
struct Scan {
    /// How many elements' places and texts were looked at, of [`MAX_LOOKS`].
    looks: usize,
    /// `<meta>` tags: the lowercased `property` or `name`, and the content.
    metas: Vec<(String, String)>,
    scripts: Vec<String>,
    title: Option<String>,
    /// Text and whether it is inside the article.
    h1s: Vec<(String, bool)>,
    /// `datetime`, in the article, marked `pubdate`.
    times: Vec<(String, bool, bool)>,
    /// `itemprop` author names, headlines, publication and modification dates.
    md_authors: Vec<(String, bool)>,
    md_headlines: Vec<(String, bool)>,
    md_published: Vec<(String, bool)>,
    md_modified: Vec<(String, bool)>,
    /// Texts of elements whose class or id says they hold the date, in the article.
    date_elements: Vec<(String, bool)>,
    rel_authors: Vec<(String, bool)>,
    bylines: Vec<BylineElement>,
}

/// An element whose class or id makes it a byline.
struct BylineElement {
    /// 0 for one holding a name, 1 for one holding a whole byline.
    level: u8,
    text: String,
    inside: bool,
    parent: Option<ego_tree::NodeId>,
}

/// Collect what a parsed page declares.
pub(crate) fn read(doc: &Html) -> Declared {
    let scan = scan(doc);
    let mut d = Declared::default();
    let meta_all = |key: &str| -> Vec<&str> {
        scan.metas.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty()).collect()
    };
    let meta = |key: &str| meta_all(key).into_iter().next();

    d.title_tag = scan.title.as_deref().map(clean_text).filter(|t| !t.is_empty());
    for key in ["og:site_name", "application-name"] {
        d.sites.extend(meta(key).map(clean_text));
    }
    for key in ["article:section", "parsely-section"] {
        d.sections.extend(meta_all(key).into_iter().map(clean_text));
    }
    let mut h1s: Vec<&(String, bool)> = scan.h1s.iter().filter(|(t, _)| !t.is_empty()).collect();
    h1s.sort_by_key(|(_, inside)| !inside);
    for (h1, _) in h1s {
        if !d.h1s.contains(h1) {
            d.h1s.push(h1.clone());
        }
    }

    let ld = JsonLd::read(&scan.scripts, &d.h1s, d.title_tag.as_deref());
    d.sites.extend(ld.sites.iter().cloned());
    d.sections.extend(ld.sections.iter().cloned());
    d.sites.retain(|s| !s.is_empty());

    // Titles.
    d.titles.extend(ld.headline.clone().map(|t| claim(t, Origin::JsonLd("headline"))));
    let article_type = meta("og:type").is_none_or(|t| t.to_ascii_lowercase().contains("article"));
    let og_title = meta("og:title").map(|t| claim(clean_text(t), Origin::OpenGraph("og:title")));
    if article_type {
        d.titles.extend(og_title.clone());
    }
    d.titles.extend(meta("twitter:title").map(|t| claim(clean_text(t), Origin::Twitter("twitter:title"))));
    for key in ["title", "parsely-title", "dc.title", "sailthru.title"] {
        d.titles.extend(meta(key).map(|t| claim(clean_text(t), Origin::MetaTag(key))));
    }
    d.titles.extend(first_inside(&scan.md_headlines).map(|t| claim(clean_text(&t), Origin::Microdata("headline"))));
    d.titles.extend(ld.name.clone().map(|t| claim(t, Origin::JsonLd("name"))));
    if !article_type {
        d.late_titles.extend(og_title);
    }
    d.late_titles.extend(ld.page_name.clone().map(|t| claim(t, Origin::JsonLd("name"))));
    d.titles.retain(|c| !c.value.is_empty());
    d.late_titles.retain(|c| !c.value.is_empty());

    // Authors.
    let sites = d.sites.clone();
    let add_author = |d: &mut Declared, names: Vec<String>, origin: Origin, org: bool| {
        let names: Vec<String> = names.iter().filter_map(|n| clean_byline(n)).collect();
        let names: Vec<String> = names.iter().flat_map(|n| split_joined(n)).collect();
        let names: Vec<String> = names.into_iter().filter(|n| !sites.iter().any(|s| norm(s) == norm(n))).collect();
        if let Some(joined) = join_names(&names) {
            let list = if org { &mut d.org_authors } else { &mut d.authors };
            list.push(claim(joined, origin));
        }
    };
    let author_key = if ld.author_from_creator { "creator" } else { "author" };
    add_author(&mut d, ld.authors.clone(), Origin::JsonLd(author_key), false);
    add_author(&mut d, ld.org_authors.clone(), Origin::JsonLd(author_key), true);
    for (key, origin) in [
        ("author", Origin::MetaTag("author")),
        ("article:author", Origin::OpenGraph("article:author")),
        ("byl", Origin::MetaTag("byl")),
        ("dc.creator", Origin::MetaTag("dc.creator")),
        ("sailthru.author", Origin::MetaTag("sailthru.author")),
        ("parsely-author", Origin::MetaTag("parsely-author")),
    ] {
        let values: Vec<String> = meta_all(key).into_iter().map(str::to_owned).collect();
        add_author(&mut d, values, origin, false);
    }
    add_author(&mut d, inside_first(&scan.md_authors), Origin::Microdata("author"), false);
    add_author(&mut d, inside_first(&scan.rel_authors), Origin::RelAuthor, false);
    let texts = byline_elements(&scan.bylines);
    add_author(&mut d, texts.clone(), Origin::BylineElement, false);
    d.byline_texts = texts;

    // Dates.
    let add_date = |list: &mut Vec<Claim<Date>>, value: &str, origin: Origin| {
        if let Some(date) = parse_date(value) {
            list.push(claim(date, origin));
        }
    };
    let dates = &mut d.dates;
    for v in meta_all("article:published_time") {
        add_date(dates, v, Origin::OpenGraph("article:published_time"));
    }
    for v in &ld.published {
        add_date(dates, v, Origin::JsonLd("datePublished"));
    }
    for v in &ld.created {
        add_date(dates, v, Origin::JsonLd("dateCreated"));
    }
    for key in [
        "date",
        "pubdate",
        "publish-date",
        "publishdate",
        "publish_date",
        "dc.date",
        "dc.date.issued",
        "dcterms.date",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
        "og:published_time",
    ] {
        for v in meta_all(key) {
            add_date(dates, v, Origin::MetaTag(key));
        }
    }
    if let Some(v) = first_inside(&scan.md_published) {
        add_date(dates, &v, Origin::Microdata("datePublished"));
    }
    let time = scan
        .times
        .iter()
        .find(|(v, inside, _)| *inside && parse_date(v).is_some())
        .or_else(|| scan.times.iter().find(|(v, _, pubdate)| *pubdate && parse_date(v).is_some()))
        .or_else(|| scan.times.iter().find(|(v, _, _)| parse_date(v).is_some()));
    if let Some((v, _, _)) = time {
        add_date(dates, v, Origin::TimeElement);
    }
    let shown = inside_first(&scan.date_elements).into_iter().find_map(|t| meta::is_date_line(&t));
    d.shown_date = shown.map(|date| claim(date, Origin::DateElement));
    let late = &mut d.late_dates;
    for v in meta_all("article:modified_time") {
        add_date(late, v, Origin::OpenGraph("article:modified_time"));
    }
    for v in &ld.modified {
        add_date(late, v, Origin::JsonLd("dateModified"));
    }
    if let Some(v) = first_inside(&scan.md_modified) {
        add_date(late, &v, Origin::Microdata("dateModified"));
    }
    d
}

/// The first value found inside the article, else the first found anywhere.
fn first_inside(found: &[(String, bool)]) -> Option<String> {
    found.iter().find(|(_, inside)| *inside).or(found.first()).map(|(v, _)| v.clone())
}

/// The values found inside the article, or all of them when none is.
fn inside_first(found: &[(String, bool)]) -> Vec<String> {
    let inside: Vec<String> = found.iter().filter(|(_, i)| *i).map(|(v, _)| v.clone()).collect();
    if inside.is_empty() { found.iter().map(|(v, _)| v.clone()).collect() } else { inside }
}

/// The texts of the byline elements that name the authors: the article's first, the most
/// specific kind first (one holding a name before one holding a whole byline), with
/// its siblings of the same kind (one element per author).
fn byline_elements(found: &[BylineElement]) -> Vec<String> {
    let usable: Vec<&BylineElement> = found.iter().filter(|b| clean_byline(&b.text).is_some()).collect();
    let Some(best) = usable.iter().min_by_key(|b| (!b.inside, b.level)) else {
        return Vec::new();
    };
    let same = |b: &&&BylineElement| b.level == best.level && b.inside == best.inside && b.parent == best.parent;
    usable.iter().filter(same).map(|b| b.text.clone()).collect()
}

/// Element names whose text is not text (inside a byline or heading).
const NOT_TEXT: &[&str] = &["script", "style", "noscript", "template", "svg", "button", "select"];

/// Inline elements: no space is put where they start or end.
const INLINE: &[&str] = &["a", "b", "i", "em", "strong", "u", "small", "abbr", "cite", "sup", "sub", "mark", "q", "s"];

/// The text of an element, whitespace collapsed, a space between its blocks.
fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in node.traverse() {
        if out.len() > MAX_TEXT {
            break;
        }
        match edge {
            Edge::Open(n) => {
                if skipping.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(el) if NOT_TEXT.contains(&el.name()) => skipping = Some(n.id()),
                    Node::Element(el) if !INLINE.contains(&el.name()) => out.push(' '),
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skipping == Some(n.id()) {
                    skipping = None;
                } else if skipping.is_none()
                    && let Node::Element(el) = n.value()
                    && !INLINE.contains(&el.name())
                {
                    out.push(' ');
                }
            }
        }
    }
    clean_text(&out)
}

/// Whitespace collapsed, sanitised for one line.
fn clean_text(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::text::sanitize_line(&one_line).trim().to_owned()
}

/// How an element's class or id marks it as a byline: 0 when it holds an author's
/// name, 1 when it holds a whole byline, `None` when it is neither.
fn byline_level(token: &str) -> Option<u8> {
    let token = token.to_ascii_lowercase();
    let core = ["author", "byline", "contributor"]
        .iter()
        .filter_map(|word| token.find(word))
        .min()
        .filter(|&at| at == 0 || (at <= 12 && token[..at].ends_with(['-', '_'])))
        .map_or(token.as_str(), |at| &token[at..]);
    match core {
        "author" | "author-name" | "author_name" | "authorname" | "author__name" | "byline__name" | "byline-name"
        | "byline_name" | "byline__author" | "byline-author" | "byline_author" | "contributor" | "contributor-name" => {
            Some(0)
        }
        "byline" | "bylines" | "byline__authors" | "byline-authors" | "authors" | "contributors" | "byline-wrapper"
        | "byline__wrapper" | "byline-container" | "byline-block" => Some(1),
        _ => None,
    }
}

/// True for a class or id that marks an element as the article's date (`date`,
/// `article-date`, `dateline`, `published`, `timestamp`), not today's date or an
/// update's.
fn date_token(token: &str) -> bool {
    let token = token.to_ascii_lowercase();
    let parts: Vec<&str> = token.split(['-', '_']).filter(|p| !p.is_empty()).collect();
    let dated = parts.iter().any(|p| matches!(*p, "date" | "dateline" | "published" | "pubdate" | "timestamp"));
    let other = parts.iter().any(|p| matches!(*p, "today" | "current" | "updated" | "modified" | "picker"));
    dated && !other
}

/// True for a class or id of a part of the page that is about other things than the
/// article: comments, related stories, sidebars.
fn elsewhere_token(token: &str) -> bool {
    let token = token.to_ascii_lowercase();
    token.split(['-', '_']).any(|part| {
        matches!(
            part,
            "comment"
                | "comments"
                | "sidebar"
                | "related"
                | "recommended"
                | "recommendations"
                | "trending"
                | "popular"
                | "disqus"
                | "reply"
                | "replies"
                | "promo"
        ) || part.starts_with("related")
            || part.starts_with("comments")
    })
}

/// Where an element stands: inside the article, and inside a part of the page that is
/// not about the article (or hidden).
fn place(node: NodeRef<'_, Node>) -> (bool, bool) {
    let mut inside = false;
    let mut elsewhere = false;
    for n in std::iter::once(node).chain(node.ancestors()) {
        let Node::Element(el) = n.value() else {
            continue;
        };
        let name = el.name();
        let itemtype = el.attr("itemtype").unwrap_or("");
        if matches!(name, "article" | "main")
            || el.attr("role") == Some("main")
            || itemtype.contains("Article")
            || itemtype.contains("BlogPosting")
        {
            inside = true;
        }
        let style = el.attr("style").unwrap_or("").to_ascii_lowercase().replace(' ', "");
        if matches!(name, "aside" | "nav" | "template" | "noscript")
            || itemtype.contains("Comment")
            || el.attr("hidden").is_some()
            || el.attr("aria-hidden") == Some("true")
            || style.contains("display:none")
            || style.contains("visibility:hidden")
            || el.classes().any(elsewhere_token)
            || el.id().is_some_and(elsewhere_token)
        {
            elsewhere = true;
        }
    }
    (inside, elsewhere)
}

/// One walk over the document, picking up every element a declaration is read from.
impl Scan {
    /// True while there is budget left to look at one more element.
    fn look(&mut self) -> bool {
        self.looks += 1;
        self.looks <= MAX_LOOKS
    }
}

fn scan(doc: &Html) -> Scan {
    let mut s = Scan::default();
    for node in doc.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let e = el.value();
        let name = e.name();
        match name {
            "meta" => {
                let content = e.attr("content").unwrap_or("").trim();
                for key in [e.attr("property"), e.attr("name")].into_iter().flatten() {
                    if s.metas.len() < 10 * MAX_ELEMENTS {
                        s.metas.push((key.trim().to_ascii_lowercase(), content.to_owned()));
                    }
                }
            }
            "script" => {
                let ld = e.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if ld && s.scripts.len() < MAX_ELEMENTS {
                    s.scripts.push(el.text().collect());
                }
            }
            "title" if s.title.is_none() => {
                let in_svg = node.ancestors().any(|a| a.value().as_element().is_some_and(|a| a.name() == "svg"));
                if !in_svg {
                    s.title = Some(el.text().collect());
                }
            }
            "h1" if s.h1s.len() < MAX_ELEMENTS && s.look() => {
                let (inside, elsewhere) = place(node);
                if !elsewhere {
                    s.h1s.push((text_of(node), inside));
                }
            }
            "time" if s.times.len() < MAX_ELEMENTS => {
                let modified = e.classes().chain(e.attr("itemprop")).any(|c| {
                    let c = c.to_ascii_lowercase();
                    c.contains("modif") || c.contains("updated")
                });
                if let Some(datetime) = e.attr("datetime")
                    && !modified
                    && s.look()
                {
                    let (inside, elsewhere) = place(node);
                    if !elsewhere {
                        s.times.push((datetime.trim().to_owned(), inside, e.attr("pubdate").is_some()));
                    }
                }
            }
            _ => {}
        }
        if let Some(props) = e.attr("itemprop") {
            microdata(&mut s, el, props);
        }
        if let Some(rel) = e.attr("rel")
            && name == "a"
            && rel.split_whitespace().any(|r| r.eq_ignore_ascii_case("author"))
            && s.rel_authors.len() < MAX_ELEMENTS
            && s.look()
        {
            let (inside, elsewhere) = place(node);
            if !elsewhere {
                s.rel_authors.push((text_of(node), inside));
            }
        }
        // Test and component hooks name parts of a page as classes do.
        let hooks = ["data-testid", "data-component", "data-qa"].into_iter().filter_map(|a| e.attr(a));
        let level = e.classes().chain(e.id()).chain(hooks).filter_map(byline_level).min();
        if let Some(level) = level
            && !matches!(name, "body" | "html" | "article" | "main" | "meta" | "link" | "img" | "script")
            && s.bylines.len() < MAX_ELEMENTS
            && s.look()
        {
            let (inside, elsewhere) = place(node);
            let text = text_of(node);
            if !elsewhere && !text.is_empty() && text.chars().count() <= MAX_BYLINE_CHARS {
                let parent = node.parent().map(|p| p.id());
                s.bylines.push(BylineElement { level, text, inside, parent });
            }
        }
        if e.classes().chain(e.id()).any(date_token) && s.date_elements.len() < MAX_ELEMENTS && s.look() {
            let (inside, elsewhere) = place(node);
            let text = text_of(node);
            if !elsewhere && text.chars().count() <= 80 {
                s.date_elements.push((text, inside));
            }
        }
    }
    s
}

/// Where the values of a microdata property go, if it is one read.
fn property_list<'a>(s: &'a mut Scan, prop: &str) -> Option<&'a mut Vec<(String, bool)>> {
    match prop {
        "author" | "creator" => Some(&mut s.md_authors),
        "headline" => Some(&mut s.md_headlines),
        "datePublished" => Some(&mut s.md_published),
        "dateModified" => Some(&mut s.md_modified),
        _ => None,
    }
}

/// An element's microdata properties: authors, headline, dates.
fn microdata(s: &mut Scan, el: ElementRef<'_>, props: &str) {
    let attr_or_text = |el: ElementRef<'_>| -> String {
        let e = el.value();
        e.attr("content").or(e.attr("datetime")).map(clean_text).unwrap_or_else(|| text_of(*el))
    };
    for prop in props.split_whitespace() {
        let room = property_list(s, prop).is_some_and(|l| l.len() < MAX_ELEMENTS);
        if !room || el.value().name() == "link" || !s.look() {
            continue;
        }
        let (inside, elsewhere) = place(*el);
        if elsewhere {
            continue;
        }
        let value = if matches!(prop, "author" | "creator") {
            // A person's name is its own `name` property, when it has one.
            let name = el
                .descendants()
                .take(MAX_ELEMENTS)
                .filter_map(ElementRef::wrap)
                .find(|d| d.value().attr("itemprop").is_some_and(|p| p.split_whitespace().any(|p| p == "name")));
            attr_or_text(name.unwrap_or(el))
        } else {
            attr_or_text(el)
        };
        if !value.is_empty()
            && let Some(list) = property_list(s, prop)
        {
            list.push((value, inside));
        }
    }
}

/// What the page's JSON-LD says about the article.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    name: Option<String>,
    /// A web page's name, when no article is described.
    page_name: Option<String>,
    authors: Vec<String>,
    org_authors: Vec<String>,
    /// The names came from `creator`, the article having no `author`.
    author_from_creator: bool,
    published: Vec<String>,
    created: Vec<String>,
    modified: Vec<String>,
    sites: Vec<String>,
    sections: Vec<String>,
}

/// Deepest nesting of JSON-LD objects looked into.
const MAX_LD_DEPTH: usize = 8;
/// Most JSON-LD objects looked at.
const MAX_LD_NODES: usize = 1000;

impl JsonLd {
    fn read(scripts: &[String], h1s: &[String], title: Option<&str>) -> JsonLd {
        let values = parse_json_ld(scripts);
        let nodes = nodes(&values);
        let mut ids: Ids<'_> = HashMap::new();
        for node in &nodes {
            if let Some(id) = node.get("@id").and_then(Value::as_str) {
                let known = ids.get(id).is_some_and(|n| n.contains_key("name"));
                if !known {
                    ids.insert(id, node);
                }
            }
        }
        let resolve = |v| resolve(v, &ids);

        let mut ld = JsonLd::default();
        let articles: Vec<&Map<String, Value>> = nodes.iter().copied().filter(|n| has_type(n, is_article)).collect();
        // Of several articles, the one whose headline the page shows.
        let shown = |n: &&&Map<String, Value>| {
            let headline = string(n.get("headline")).or_else(|| string(n.get("name")));
            headline.is_some_and(|h| h1s.iter().map(String::as_str).chain(title).any(|t| related(&h, t)))
        };
        let article = articles.iter().find(shown).or(articles.first()).copied();
        let page = nodes.iter().copied().find(|n| has_type(n, |t| t.ends_with("page")));

        if let Some(a) = article {
            ld.headline = string(a.get("headline"));
            ld.name = string(a.get("name"));
            let (authors, from_creator) = match a.get("author") {
                Some(v) => (Some(v), false),
                None => (a.get("creator"), true),
            };
            if let Some(v) = authors {
                ld.author_from_creator = from_creator;
                people(v, &ids, &mut ld.authors, &mut ld.org_authors);
            }
            ld.published.extend(string(a.get("datePublished")));
            ld.created.extend(string(a.get("dateCreated")));
            ld.modified.extend(string(a.get("dateModified")));
            if let Some(publisher) = a.get("publisher") {
                let publisher =
                    resolve(publisher).and_then(|p| string(p.get("name"))).or_else(|| string(Some(publisher)));
                ld.sites.extend(publisher);
            }
            ld.sections.extend(strings(a.get("articleSection")));
        }
        if let Some(p) = page {
            if article.is_none() {
                ld.page_name = string(p.get("headline")).or_else(|| string(p.get("name")));
                if let Some(v) = p.get("author") {
                    people(v, &ids, &mut ld.authors, &mut ld.org_authors);
                }
            }
            ld.published.extend(string(p.get("datePublished")));
            ld.created.extend(string(p.get("dateCreated")));
            ld.modified.extend(string(p.get("dateModified")));
        }
        for node in &nodes {
            if has_type(node, |t| t == "website") {
                ld.sites.extend(string(node.get("name")));
            }
            if has_type(node, |t| t == "breadcrumblist")
                && let Some(Value::Array(items)) = node.get("itemListElement")
            {
                // The last crumb is often the article itself.
                let crumbs = items.iter().take(items.len().saturating_sub(1));
                for item in crumbs.take(20) {
                    let item = item.as_object();
                    let name = item.and_then(|i| string(i.get("name"))).or_else(|| {
                        item.and_then(|i| i.get("item")).and_then(Value::as_object).and_then(|i| string(i.get("name")))
                    });
                    ld.sections.extend(name);
                }
            }
        }
        ld
    }
}

/// Objects of the JSON-LD by their `@id`.
type Ids<'a> = HashMap<&'a str, &'a Map<String, Value>>;

/// An object, or the one it refers to by `@id` when it has no name of its own.
fn resolve<'a>(v: &'a Value, ids: &Ids<'a>) -> Option<&'a Map<String, Value>> {
    let m = v.as_object()?;
    if m.contains_key("name") {
        return Some(m);
    }
    m.get("@id").and_then(Value::as_str).and_then(|id| ids.get(id).copied()).or(Some(m))
}

/// The JSON values of the page's JSON-LD scripts. A script that does not parse gives
/// what came before the error, or nothing.
fn parse_json_ld(scripts: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    for script in scripts {
        let s = script.trim();
        let s = s.strip_prefix("<!--").unwrap_or(s);
        let s = s.strip_suffix("-->").unwrap_or(s);
        let s = s.trim().strip_prefix("//<![CDATA[").unwrap_or(s);
        let s = s.trim().strip_suffix("//]]>").unwrap_or(s);
        // Raw line breaks and tabs inside strings are not valid JSON but common.
        let s: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        for value in serde_json::Deserializer::from_str(s.trim().trim_end_matches(';')).into_iter::<Value>() {
            match value {
                Ok(v) => out.push(v),
                Err(_) => break,
            }
        }
    }
    out
}

/// Every object of the JSON-LD that describes the page: the top-level ones, those in
/// arrays and `@graph`, and `mainEntity` and `mainEntityOfPage`, in document order.
fn nodes(values: &[Value]) -> Vec<&Map<String, Value>> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Value, usize)> = values.iter().rev().map(|v| (v, 0)).collect();
    while let Some((value, depth)) = stack.pop() {
        if depth > MAX_LD_DEPTH || out.len() >= MAX_LD_NODES {
            continue;
        }
        match value {
            Value::Array(items) => stack.extend(items.iter().rev().map(|v| (v, depth + 1))),
            Value::Object(map) => {
                out.push(map);
                for key in ["mainEntityOfPage", "mainEntity", "@graph"] {
                    if let Some(v) = map.get(key) {
                        stack.push((v, depth + 1));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The object's `@type`s, lowercased, without `schema:` or the schema.org address.
fn types(node: &Map<String, Value>) -> Vec<String> {
    let bare = |t: &str| t.rsplit(['/', ':', '#']).next().unwrap_or(t).trim().to_ascii_lowercase();
    match node.get("@type") {
        Some(Value::String(t)) => vec![bare(t)],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(bare).collect(),
        _ => Vec::new(),
    }
}

fn has_type(node: &Map<String, Value>, test: impl Fn(&str) -> bool) -> bool {
    types(node).iter().any(|t| test(t))
}

/// `Article`, `NewsArticle`, `ReportageNewsArticle`, `BlogPosting`, `LiveBlogPosting`…
fn is_article(t: &str) -> bool {
    t.ends_with("article") || t.ends_with("posting") || t == "report"
}

fn is_organisation(t: &str) -> bool {
    t.ends_with("organization") || t.ends_with("organisation") || t == "corporation" || t == "newsmediaorganization"
}

/// A JSON-LD text: a string, the first of a list, or an `@value`; entities decoded and
/// tags dropped (some pages put HTML in their JSON-LD), sanitised.
fn string(v: Option<&Value>) -> Option<String> {
    let s = match v? {
        Value::String(s) => s.as_str(),
        Value::Array(items) => return items.iter().find_map(|i| string(Some(i))),
        Value::Object(m) => return m.get("@value").and_then(|v| string(Some(v))),
        _ => return None,
    };
    let text = if s.contains(['&', '<']) {
        let fragment = Html::parse_fragment(s);
        fragment.root_element().text().collect::<String>()
    } else {
        s.to_owned()
    };
    Some(clean_text(&text)).filter(|t| !t.is_empty())
}

/// Every text of a string or a list of them.
fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().take(20).filter_map(|i| string(Some(i))).collect(),
        other => string(other).into_iter().collect(),
    }
}

/// The names of the people (and organisations) an `author` value gives: a string, an
/// object with a `name` (or a reference to one by `@id`), or a list of either.
fn people<'a>(v: &'a Value, ids: &Ids<'a>, persons: &mut Vec<String>, orgs: &mut Vec<String>) {
    let items: Vec<&Value> = match v {
        Value::Array(items) => items.iter().take(2 * MAX_NAMES).collect(),
        other => vec![other],
    };
    for item in items {
        match item {
            Value::String(_) => persons.extend(string(Some(item))),
            Value::Object(_) => {
                let Some(m) = resolve(item, ids) else {
                    continue;
                };
                let name = string(m.get("name")).or_else(|| {
                    let given = string(m.get("givenName"))?;
                    Some(match string(m.get("familyName")) {
                        Some(family) => format!("{given} {family}"),
                        None => given,
                    })
                });
                let Some(name) = name else {
                    continue;
                };
                if has_type(m, is_organisation) { orgs.push(name) } else { persons.push(name) }
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------
// Names.

static BY_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?i:(?:\p{L}+\s+){0,3}by|(?:about the )?authors?|byline)\b\s*[:：]?\s*|(?:记者|作者|撰文|撰稿|文)\s*[:：/]\s*)")
        .expect("valid regex")
});

static AFTER_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(published|updated|posted|last updated|modified)\b|\b\d{1,2}:\d{2}|\s/\s|[|·•│»«]|\s[—–-]\s")
        .expect("valid regex")
});

static NAME_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:[,;，、]|\s(?:and|&)\s|&)\s*").expect("valid regex"));

static IN_PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+(?:in|for|at)\s+\p{Lu}.*$|\s*\(.*\)$").expect("valid regex"));

/// Words that say what an author does, not who they are.
const ROLES: &str = concat!(
    "writer writers reporter reporters correspondent correspondents editor editors contributor ",
    "contributors columnist columnists journalist journalists analyst producer photographer ",
    "photojournalist staff desk team intern bureau newsroom reporting ",
);

/// Words that go with a role ("Senior Writer", "Our Correspondent").
const ROLE_WORDS: &str = concat!(
    "senior staff chief special foreign political legal deputy associate contributing managing executive ",
    "our the regional national international business sports news metro city science health tech ",
    "technology investigative diplomatic defence defense security economics digital web online guest ",
    "freelance assistant general local a an and of ",
);

/// The words of buttons and links next to an author's name ("Jane Doe Follow").
const BUTTONS: &str = "follow following subscribe unfollow email e-mail bio profile contact more";

/// Words a byline line holds besides names and dates.
const LINE_FILLER: &str = concat!(
    "by and published updated posted on at am pm last written words story report reporting ",
    "gmt utc bst est edt pst cet ist pkt monday tuesday wednesday thursday friday saturday sunday ",
    "mon tue wed thu fri sat sun ago min mins minutes hour hours read",
);

/// Names no reader would call a byline.
const NOT_NAMES: &str = "admin administrator anonymous unknown author guest by share email facebook twitter";

/// The names a byline gives, cleaned: `By `, dates, times, roles and places out,
/// joined `A and B` or `A, B and C`. `None` when no name is left.
pub(crate) fn clean_byline(raw: &str) -> Option<String> {
    let mut s = clean_text(raw);
    for _ in 0..2 {
        if let Some(m) = BY_PREFIX.find(&s) {
            s = s[m.end()..].trim_start().to_owned();
        }
    }
    if let Some((_, range)) = meta::find_date(&s) {
        s.truncate(range.start);
    }
    if let Some(m) = AFTER_NAMES.find(&s) {
        s.truncate(m.start());
    }
    let parts: Vec<&str> = NAME_SPLIT.split(&s).map(str::trim).filter(|p| !p.is_empty()).collect();
    // "Doe, Jane": one name written surname first.
    if parts.len() == 2 && s.contains(',') && parts.iter().all(|p| p.split_whitespace().count() == 1) {
        return name(&s.replace(" ,", ","));
    }
    let names: Vec<String> = parts.iter().filter_map(|p| name(p)).collect();
    join_names(&names)
}

/// `Jane Doe` out of `Jane Doe Senior Writer` or `Jane Doe in Karachi`; `None` for
/// what is no name.
fn name(part: &str) -> Option<String> {
    let part = IN_PLACE.replace(part, "");
    let mut words: Vec<&str> = part.split_whitespace().collect();
    let is = |list: &str, w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        list.split_whitespace().any(|l| l == w)
    };
    while words.len() > 1 && words.last().is_some_and(|w| is(BUTTONS, w)) {
        words.pop();
    }
    if words.last().is_some_and(|w| is(ROLES, w)) {
        while words.last().is_some_and(|w| is(ROLES, w) || is(ROLE_WORDS, w)) {
            words.pop();
        }
        if words.len() < 2 {
            return None;
        }
    }
    let name = words.join(" ");
    let name = name.trim_matches(|c: char| c.is_whitespace() || ".,;:|·•-–—\"'“”".contains(c));
    let first = name.chars().next()?;
    // A user name, as forums sign posts: `sgt_harlow`, `dave99`.
    let handle = !name.contains(' ')
        && (3..=30).contains(&name.len())
        && name.chars().all(|c| c.is_alphanumeric() || "_.-".contains(c))
        && name.chars().any(|c| c == '_' || c.is_ascii_digit());
    let ok = first.is_alphabetic()
        && (handle || !first.is_lowercase())
        && (1..=6).contains(&name.split_whitespace().count())
        && name.chars().count() <= 60
        && !name.contains("://")
        && !name.contains('@')
        && (handle || !name.chars().any(|c| c.is_ascii_digit()))
        && !meta::ends_like_sentence(name)
        && !is(NOT_NAMES, name);
    ok.then(|| name.to_owned())
}

/// A cleaned byline back into its names (`A, B and C` → `A`, `B`, `C`).
fn split_joined(joined: &str) -> Vec<String> {
    if joined.contains(',') && !joined.contains(" and ") {
        // "Doe, Jane" stays whole.
        return vec![joined.to_owned()];
    }
    NAME_SPLIT.split(joined).map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).collect()
}

/// Names joined as a reader says them, each once.
fn join_names(names: &[String]) -> Option<String> {
    let mut unique: Vec<&str> = Vec::new();
    for n in names {
        if !unique.iter().any(|u| u.to_lowercase() == n.to_lowercase()) && unique.len() < MAX_NAMES {
            unique.push(n);
        }
    }
    match unique.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

// ---------------------------------------------------------------------------------
// Dates.

static ISO_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s,]|[^\d])").expect("valid regex"));
static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})(?:$|T\d)").expect("valid regex"));

/// A declared date: ISO 8601 (`2024-01-30`, `2024-01-30T06:00:00Z`,
/// `2024-01-30T23:30:00-05:00`: the date as written, in the zone it is written in),
/// `2024/01/30`, `20240130`, or a date in words (`30 January 2024`, `Jan 30, 2024`).
pub(crate) fn parse_date(value: &str) -> Option<Date> {
    let v = value.trim();
    let ymd = ISO_START.captures(v).or_else(|| COMPACT.captures(v));
    if let Some(c) = ymd {
        return Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    meta::find_date(&v[..crate::text::floor_boundary(v, 200)]).map(|(d, _)| d)
}

// ---------------------------------------------------------------------------------
// Titles.

/// A title compared with another: how `a` stands to `b`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Relation {
    /// The same words.
    Same,
    /// `a` is `b` cut short.
    Truncates,
    /// `b` is `a` with a site or section name before or after a separator; the name.
    CoreOf(String),
}

/// Lowercase, typographic quotes and dashes made plain, whitespace collapsed, no
/// ellipsis or full stop at the end.
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '’' | '‘' | '`' | '´' | '′' => out.push('\''),
            '“' | '”' | '„' | '″' => out.push('"'),
            '–' | '—' | '‐' | '‑' | '−' => out.push('-'),
            '…' => out.push_str("..."),
            '\u{a0}' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_end_matches(['.', ' ']).to_owned()
}

/// A separator before what follows a title: ` | Site`, ` - Site`, `_Site`.
static SEP_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\|+|-{1,2}|::|·|•|»|/|_|~)\s*(\S.*)$").expect("valid regex"));
/// A separator after what comes before a title: `Site | `, `Site: `.
static SEP_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*\S)\s*(?:\|+|-{1,2}|::|:|·|•|»|/|_|~)\s*$").expect("valid regex"));

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn relate(a: &str, b: &str) -> Option<Relation> {
    let (na, nb) = (norm(a), norm(b));
    if na.is_empty() || nb.is_empty() {
        return None;
    }
    if na == nb {
        return Some(Relation::Same);
    }
    // A core is no shorter than what it is given with (`Site` is not the core of
    // `Headline | Site`).
    let core = |rest: &str| {
        let rest = rest.trim();
        (word_count(&na) >= word_count(rest) || na.chars().count() >= rest.chars().count() || word_count(&na) >= 4)
            .then(|| Relation::CoreOf(rest.to_owned()))
    };
    if let Some(rest) = nb.strip_prefix(na.as_str()) {
        if let Some(c) = SEP_AFTER.captures(rest) {
            return core(&c[1]);
        }
        let at_word = rest.starts_with(|c: char| !c.is_alphanumeric());
        let cut = a.trim_end().ends_with(['…']) || a.trim_end().ends_with("...");
        let long_enough = word_count(&na) >= 3 || na.chars().count() >= 12;
        if (at_word || cut) && long_enough {
            return Some(Relation::Truncates);
        }
    }
    if let Some(head) = nb.strip_suffix(na.as_str())
        && let Some(c) = SEP_BEFORE.captures(head)
    {
        return core(&c[1]);
    }
    None
}

/// True when two titles are the same, or one is the other cut short or with a site's
/// name: the page's headline block shows the title when its text and the title are.
pub(crate) fn related(a: &str, b: &str) -> bool {
    relate(a, b).is_some() || relate(b, a).is_some()
}

/// A site's name and a separator before a title: `Site | `, `Site: `.
static SITE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\|+|-{1,2}|::|:|·|•|»|/|_|~)\s*(\S.*)$").expect("valid regex"));

/// `title` without a known site name at either end.
fn strip_sites(title: &str, sites: &[String]) -> String {
    let mut t = title.trim().to_owned();
    for site in sites {
        let site = site.trim();
        if site.is_empty() || norm(site) == norm(&t) {
            continue;
        }
        // Compared without case where that keeps byte offsets (it nearly always does).
        let (hay, needle) = match (t.to_lowercase(), site.to_lowercase()) {
            (h, n) if h.len() == t.len() && n.len() == site.len() => (h, n),
            _ => (t.clone(), site.to_owned()),
        };
        if hay.ends_with(&needle)
            && let Some(c) = t.get(..t.len() - needle.len()).and_then(|head| SEP_BEFORE.captures(head))
        {
            t = c[1].trim().to_owned();
        } else if hay.starts_with(&needle)
            && let Some(c) = t.get(needle.len()..).and_then(|rest| SITE_BEFORE.captures(rest))
        {
            t = c[1].trim().to_owned();
        }
    }
    t
}

/// The headline in a `<title>` no other candidate explains: split at the first kind
/// of separator it has, the part with the most words (the first on a tie), and the
/// other parts, which name the site and its sections.
fn title_core(title: &str, seps: &[&str]) -> (String, Vec<String>) {
    for sep in seps {
        let parts: Vec<&str> = title.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
        if parts.len() < 2 {
            continue;
        }
        let best = (0..parts.len()).rev().max_by_key(|&i| word_count(parts[i])).unwrap_or(0);
        let others = parts.iter().enumerate().filter(|&(i, _)| i != best).map(|(_, p)| (*p).to_owned()).collect();
        return (parts[best].to_owned(), others);
    }
    (title.to_owned(), Vec::new())
}

/// What separates a headline from the names of its site and section in a `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " – ", " — ", " - ", " :: ", " · ", " » ", "_", "|"];
/// Those of them headlines themselves seldom hold.
const RARE_SEPARATORS: &[&str] = &[" | ", " :: ", "_", "|"];

/// How much a candidate's agreement counts: what the page shows most.
fn weight(origin: Origin) -> usize {
    match origin {
        Origin::H1 | Origin::Heading => 3,
        Origin::TitleTag => 2,
        _ => 1,
    }
}

impl Declared {
    /// The title, by the precedence in the module's documentation. `heading` is the
    /// heading or title line the text starts with, if any.
    pub(crate) fn title(&self, heading: Option<&str>) -> Option<(String, Origin)> {
        let mut sites = self.sites.clone();
        let mut candidates: Vec<Claim<String>> = self.titles.clone();
        candidates.extend(self.h1s.iter().map(|h| claim(h.clone(), Origin::H1)));
        candidates.extend(heading.map(|h| claim(clean_text(h), Origin::Heading)));
        candidates.extend(self.late_titles.iter().cloned());
        for c in &mut candidates {
            c.value = strip_sites(&c.value, &sites);
        }
        let tag = self.title_tag.as_deref().map(|t| strip_sites(t, &sites));

        // A candidate that is another with a site name after a separator is that other.
        let mut texts: Vec<String> = candidates.iter().map(|c| c.value.clone()).collect();
        // The `<title>`'s own headline, as far as its separators tell, explains a
        // declaration with the same unknown site name after it.
        texts
            .extend(tag.as_deref().map(|t| title_core(t, RARE_SEPARATORS).0).filter(|core| Some(core) != tag.as_ref()));
        let reduce = |value: &str, sites: &mut Vec<String>| -> Option<String> {
            let (core, rest) = texts
                .iter()
                .filter_map(|t| match relate(t, value) {
                    Some(Relation::CoreOf(rest)) => Some((t, rest)),
                    _ => None,
                })
                .min_by_key(|(t, _)| t.len())?;
            sites.push(rest);
            Some(core.clone())
        };
        let mut reduced = Vec::new();
        for c in &candidates {
            reduced.push(reduce(&c.value, &mut sites));
        }
        for (c, r) in candidates.iter_mut().zip(reduced) {
            if let Some(r) = r {
                c.value = r;
            }
        }
        // A known site name after the headline leaves the headline, dashes and all; one
        // before it may leave a section too (`Site - Section - Headline`).
        let raw_tag = self.title_tag.as_deref().map(str::trim).unwrap_or("");
        let site_after = tag.as_deref().is_some_and(|t| t != raw_tag && raw_tag.starts_with(t));
        let tag_core = tag.as_deref().map(|t| match reduce(t, &mut sites) {
            Some(core) => core,
            None => {
                let (core, others) = title_core(t, if site_after { RARE_SEPARATORS } else { TITLE_SEPARATORS });
                sites.extend(others);
                core
            }
        });
        let names: Vec<String> = sites.iter().chain(&self.sections).map(|s| norm(s)).collect();
        let rejected = |t: &str| {
            let n = norm(t);
            n.is_empty() || !n.chars().any(char::is_alphanumeric) || t.chars().count() > 300 || names.contains(&n)
        };
        candidates.retain(|c| !rejected(&c.value));
        if let Some(core) = tag_core.filter(|c| !rejected(c)) {
            candidates.push(claim(core, Origin::TitleTag));
        }
        if candidates.is_empty() {
            return None;
        }

        let score = |i: usize| -> usize {
            let c = &candidates[i];
            let mut score: usize = candidates
                .iter()
                .enumerate()
                .filter(|&(j, d)| j != i && d.origin != c.origin && related(&c.value, &d.value))
                .map(|(_, d)| weight(d.origin))
                .sum();
            let in_tag = self.title_tag.as_deref().is_some_and(|t| related(&c.value, t));
            let tag_counted = candidates.iter().any(|d| d.origin == Origin::TitleTag && related(&c.value, &d.value));
            if c.origin != Origin::TitleTag && in_tag && !tag_counted {
                score += weight(Origin::TitleTag);
            }
            score
        };
        let support: Vec<usize> = (0..candidates.len()).map(score).collect();
        // Candidates that agree share a score: what they are together.
        let scores: Vec<usize> =
            support.iter().zip(&candidates).map(|(s, c)| if *s > 0 { s + weight(c.origin) } else { 0 }).collect();
        let best = scores.iter().copied().max().unwrap_or(0);
        let mut winner = if best > 0 {
            scores.iter().position(|&s| s == best).unwrap_or(0)
        } else {
            let wordy = |c: &Claim<String>| word_count(&c.value) >= 2 || !c.value.is_ascii();
            candidates.iter().position(wordy).unwrap_or(0)
        };
        // A truncated title gives way to the whole of it.
        let longer = (0..candidates.len())
            .filter(|&j| relate(&candidates[winner].value, &candidates[j].value) == Some(Relation::Truncates))
            .max_by_key(|&j| candidates[j].value.chars().count());
        if let Some(j) = longer {
            winner = j;
        }
        let c = &candidates[winner];
        Some((c.value.clone(), c.origin))
    }

    /// The byline, by the precedence in the module's documentation. `line` is the
    /// name a byline line at the top of the text gives, if any.
    pub(crate) fn byline(&self, line: Option<String>) -> Option<(String, Origin)> {
        let first = |list: &[Claim<String>]| list.first().map(|c| (c.value.clone(), c.origin));
        first(&self.authors)
            .or_else(|| line.map(|l| (clean_byline(&l).unwrap_or(l), Origin::BylineLine)))
            .or_else(|| first(&self.org_authors))
    }

    /// The date, by the precedence in the module's documentation. `line` is the date
    /// the top of the text gives, if any.
    pub(crate) fn date(&self, line: Option<(Date, Origin)>) -> Option<(Date, Origin)> {
        let first = |list: &[Claim<Date>]| list.first().map(|c| (c.value, c.origin));
        first(&self.dates)
            .or(line)
            .or_else(|| self.shown_date.as_ref().map(|c| (c.value, c.origin)))
            .or_else(|| first(&self.late_dates))
    }

    /// The names a line of the text gives when it is the page's declared byline shown
    /// in the body ("Jane Doe", "Jane Doe, Staff Writer"), so it can be taken out.
    pub(crate) fn byline_line(&self, line: &str) -> Option<String> {
        if line.chars().count() > MAX_BYLINE_CHARS {
            return None;
        }
        // The element's text, or its text with more after it (the role or date of
        // the element's neighbours, read into the same line).
        let shown = norm(line);
        let starts = |t: &String| {
            let t = norm(t);
            let at_word = |rest: &str| rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric());
            !t.is_empty() && shown.strip_prefix(t.as_str()).is_some_and(|rest| word_count(&t) >= 2 || at_word(rest))
        };
        if let Some(text) = self.byline_texts.iter().find(|t| starts(t)) {
            return clean_byline(text);
        }
        if let Some(names) = clean_byline(line)
            && self.authors.iter().chain(&self.org_authors).any(|c| norm(&c.value) == norm(&names))
        {
            return Some(names);
        }
        self.names_and_dates(line)
    }

    /// The declared names a line gives when it holds nothing else but dates, times
    /// and the words around them ("March 5, 2023 by Rosa Kim", "Rosa Kim · 10:30 am").
    fn names_and_dates(&self, line: &str) -> Option<String> {
        let mut rest = line.to_owned();
        let mut found = Vec::new();
        for claim in self.authors.iter().chain(&self.org_authors) {
            for name in split_joined(&claim.value) {
                // Found without case where that keeps byte offsets (it nearly always does).
                let (hay, needle) = (rest.to_lowercase(), name.to_lowercase());
                if hay.len() == rest.len()
                    && needle.len() == name.len()
                    && let Some(at) = hay.find(&needle)
                {
                    rest.replace_range(at..at + needle.len(), " ");
                    found.push(name);
                }
            }
        }
        if found.is_empty() {
            return None;
        }
        while let Some((_, range)) = meta::find_date(&rest) {
            rest.replace_range(range, " ");
        }
        let only_filler = rest
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .all(|w| w.chars().all(|c| c.is_ascii_digit()) || LINE_FILLER.split_whitespace().any(|f| f == w));
        only_filler.then(|| join_names(&found)).flatten()
    }

    /// A field of Markdown front matter: `title`, `author` or `byline`, `date` or
    /// `published`; other keys are not about the article.
    pub(crate) fn front_matter(&mut self, key: &str, value: &str) {
        let value = clean_text(value);
        match key {
            "title" => self.titles.push(claim(value, Origin::FrontMatter("title"))),
            "author" | "byline" => {
                let origin = Origin::FrontMatter(if key == "author" { "author" } else { "byline" });
                let name = clean_byline(&value).unwrap_or(value);
                self.authors.push(claim(name, origin));
            }
            "date" | "published" => {
                if let Some(date) = parse_date(&value) {
                    let origin = Origin::FrontMatter(if key == "date" { "date" } else { "published" });
                    self.dates.push(claim(date, origin));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Format, parse};
    use super::*;

    fn page(head: &str, body: &str) -> Declared {
        read(&Html::parse_document(&format!("<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>")))
    }

    fn ld(json: &str) -> String {
        format!(r#"<script type="application/ld+json">{json}</script>"#)
    }

    fn title(d: &Declared) -> Option<(String, Origin)> {
        d.title(None)
    }

    fn byline(d: &Declared) -> Option<(String, Origin)> {
        d.byline(None)
    }

    fn date(d: &Declared) -> Option<(String, Origin)> {
        d.date(None).map(|(d, o)| (d.to_string(), o))
    }

    fn got<T: From<String>>(value: &str, origin: Origin) -> Option<(T, Origin)> {
        Some((T::from(value.to_owned()), origin))
    }

    #[test]
    fn json_ld_article() {
        let d = page(
            &ld(r#"{"@context": "https://schema.org", "@type": "NewsArticle",
                "headline": "Ferry Service Returns to the Island After Storm Repairs",
                "author": "Tomas Lindqvist", "datePublished": "2024-01-30T06:00:00Z",
                "dateModified": "2024-02-02T10:00:00Z",
                "publisher": {"@type": "Organization", "name": "Harbour Post"}}"#),
            "<p>x</p>",
        );
        assert_eq!(
            title(&d),
            got("Ferry Service Returns to the Island After Storm Repairs", Origin::JsonLd("headline"))
        );
        assert_eq!(byline(&d), got("Tomas Lindqvist", Origin::JsonLd("author")));
        assert_eq!(date(&d), got("2024-01-30", Origin::JsonLd("datePublished")));
        assert_eq!(d.sites, ["Harbour Post"]);
    }

    #[test]
    fn json_ld_graph_with_references() {
        // Objects in a graph referring to each other by @id, as many site plugins write.
        let d = page(
            &ld(r##"{"@context": "https://schema.org", "@graph": [
                {"@type": "WebPage", "@id": "https://e.example/a/#webpage",
                 "name": "Orchard Growers Try Netting Against Hail - Valley Farmer",
                 "datePublished": "2023-05-01T08:00:00+00:00"},
                {"@type": ["Article", "BlogPosting"], "@id": "https://e.example/a/#article",
                 "headline": "Orchard Growers Try Netting Against Hail",
                 "author": {"@id": "https://e.example/#/person/1"},
                 "publisher": {"@id": "https://e.example/#org"},
                 "datePublished": "2023-04-30T22:15:00-04:00"},
                {"@type": "Person", "@id": "https://e.example/#/person/1", "name": "Greta Olsen"},
                {"@type": "Organization", "@id": "https://e.example/#org", "name": "Valley Farmer"},
                {"@type": "WebSite", "name": "Valley Farmer"}]}"##),
            "<p>x</p>",
        );
        assert_eq!(title(&d), got("Orchard Growers Try Netting Against Hail", Origin::JsonLd("headline")));
        assert_eq!(byline(&d), got("Greta Olsen", Origin::JsonLd("author")));
        // The date as written, in its own zone (in UTC it would be 1 May).
        assert_eq!(date(&d), got("2023-04-30", Origin::JsonLd("datePublished")));
    }

    #[test]
    fn json_ld_main_entity_and_arrays() {
        let d = page(
            &ld(r#"[{"@type": "WebSite", "name": "Ridge Report"},
                {"@type": "WebPage", "name": "Ridge Report",
                 "mainEntity": {"@type": "ReportageNewsArticle", "headline": "Snow Closes the High Pass Early",
                                "author": [{"@type": "Person", "name": "Ana Ferreira"}],
                                "dateCreated": "2022-11-03"}}]"#),
            "<p>x</p>",
        );
        assert_eq!(title(&d), got("Snow Closes the High Pass Early", Origin::JsonLd("headline")));
        assert_eq!(byline(&d), got("Ana Ferreira", Origin::JsonLd("author")));
        assert_eq!(date(&d), got("2022-11-03", Origin::JsonLd("dateCreated")));
    }

    #[test]
    fn every_shape_of_author() {
        let by = |author: &str| {
            let json = format!(
                r#"{{"@type": "Article", "headline": "A Headline of Some Words", "author": {author},
                "publisher": {{"@type": "Organization", "name": "The Daily Example"}}}}"#
            );
            byline(&page(&ld(&json), "")).map(|b| b.0)
        };
        assert_eq!(by(r#""Mira Patel""#).as_deref(), Some("Mira Patel"));
        assert_eq!(by(r#"{"@type": "Person", "name": "Mira Patel"}"#).as_deref(), Some("Mira Patel"));
        assert_eq!(by(r#"{"givenName": "Mira", "familyName": "Patel"}"#).as_deref(), Some("Mira Patel"));
        assert_eq!(by(r#"["Mira Patel", "Jon Bell"]"#).as_deref(), Some("Mira Patel and Jon Bell"));
        assert_eq!(
            by(r#"[{"name": "Mira Patel"}, "Jon Bell", {"@type": "Person", "name": "Li Wei"}]"#).as_deref(),
            Some("Mira Patel, Jon Bell and Li Wei")
        );
        assert_eq!(by(r#"[{"name": "Mira Patel"}, {"name": "mira patel"}]"#).as_deref(), Some("Mira Patel"));
        assert_eq!(by(r#""By Mira Patel, Senior Correspondent""#).as_deref(), Some("Mira Patel"));
        // An organisation is a byline only when nothing names a person; the site's own
        // name is none.
        assert_eq!(by(r#"{"@type": "Organization", "name": "Wire Desk Agency"}"#).as_deref(), Some("Wire Desk Agency"));
        assert_eq!(by(r#"{"@type": "Organization", "name": "The Daily Example"}"#), None);
        assert_eq!(by(r#""The Daily Example""#), None);
        assert_eq!(by(r#""https://e.example/author/mira""#), None);
        assert_eq!(by("42"), None);
        assert_eq!(by("null"), None);
        assert_eq!(by(r#"{"name": ["Mira Patel"]}"#).as_deref(), Some("Mira Patel"));
    }

    #[test]
    fn hostile_json_ld_is_passed_over() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let wide = format!(r#"{{"@graph": [{}]}}"#, vec![r#"{"@type": "Thing"}"#; 20_000].join(","));
        let nested = format!(
            r#"{{"@type": "WebPage", "mainEntity": {}"x"{}}}"#,
            r#"{"mainEntity": "#.repeat(100),
            "}".repeat(100)
        );
        for bad in [
            "",
            "{",
            "not json at all",
            r#"{"@type": "Article", "headline": "#,
            r#"{"@type": "Article", "headline": 5, "author": {"name": {}}, "datePublished": []}"#,
            r#"{"@type": 7, "@graph": "no", "mainEntity": null}"#,
            r#"{"@type": "Article", "datePublished": "2024-13-45", "author": [[[["x"]]]]}"#,
            r##"{"@type": "Article", "author": {"@id": "#me"}, "@id": "#me"}"##,
            "\u{0}\u{1b}[31m",
            deep.as_str(),
            wide.as_str(),
            nested.as_str(),
        ] {
            let d = page(&ld(bad), "<h1>Plain Page Headline Here</h1>");
            assert_eq!(title(&d).map(|t| t.1), Some(Origin::H1), "{:.60}", bad);
            assert_eq!(date(&d), None, "{bad:.60}");
        }
        // What parses is read: around the garbage, in comments, with raw line breaks.
        let d = page(
            &format!(
                "{}{}",
                ld(
                    "<!-- {\"@type\": \"BlogPosting\", \"headline\": \"Tides &amp; <b>Timetables</b>\n Explained\"} -->"
                ),
                ld("garbage")
            ),
            "",
        );
        assert_eq!(title(&d), got("Tides & Timetables Explained", Origin::JsonLd("headline")));
        let d = page(&ld(r#"{"@type": "Article", "headline": "One \u001b]0;x\u0007Title"} {"@type": "WebSite""#), "");
        let (t, _) = title(&d).unwrap();
        assert!(!t.contains('\u{1b}') && !t.contains('\u{7}'), "{t:?}");
    }

    #[test]
    fn a_page_of_candidates_is_read_in_bounded_time() {
        // Every element a candidate, each holding all that follows (as deep as the
        // parser is let nest), then a hundred thousand more side by side.
        let nested = "<div class=\"author\" itemprop=\"author\"><time datetime=\"x\"></time>".repeat(250);
        let flat = "<span class=\"byline\" itemprop=\"author\"><a rel=\"author\">Zed Quill</a></span>".repeat(100_000);
        let src = format!("<html><body>{nested}{flat}</body></html>");
        let started = std::time::Instant::now();
        let d = read(&Html::parse_document(&src));
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
        assert_eq!(byline(&d).map(|b| b.0).as_deref(), Some("Zed Quill"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        #[test]
        fn any_declaration_is_read_without_panic(junk in "\\PC{0,80}", name in "[ -~]{0,40}") {
            let json = format!(r#"{{"@type": "Article", "headline": {junk:?}, "author": {name:?}, "datePublished": {junk:?}}}"#);
            let src = format!(
                r#"<html><head><title>{junk}</title><meta name="author" content="{name}">
                   <meta property="og:title" content="{junk}"><meta name="date" content="{junk}">
                   <script type="application/ld+json">{json}</script><script type="application/ld+json">{junk}</script>
                   </head><body><article><h1>{junk}</h1><p class="byline">{name}</p><time datetime="{junk}">{junk}</time>
                   <p>{junk}</p></article></body></html>"#
            );
            let a = parse(src.as_bytes(), Format::Html, "x.html");
            proptest::prop_assert!(!a.meta.title.is_empty());
            proptest::prop_assert!(!a.meta.title.chars().any(char::is_control));
            proptest::prop_assert!(!a.meta.byline.unwrap_or_default().chars().any(char::is_control));
            for (a, b) in [(junk.as_str(), name.as_str()), (name.as_str(), junk.as_str())] {
                let _ = (clean_byline(a), parse_date(a), related(a, b), title_core(a, TITLE_SEPARATORS));
            }
        }
    }

    #[test]
    fn opengraph_and_twitter() {
        let d = page(
            r#"<meta property="og:title" content="Lighthouse Keepers Return as Volunteers">
               <meta name="twitter:title" content="Volunteers keep the lights on">
               <meta property="og:site_name" content="Coast Weekly">
               <meta property="article:author" content="https://social.example/people/sam">
               <meta property="article:author" content="Sam Okoro">
               <meta property="article:published_time" content="2021-07-04T23:30:00-07:00">"#,
            "",
        );
        assert_eq!(title(&d), got("Lighthouse Keepers Return as Volunteers", Origin::OpenGraph("og:title")));
        assert_eq!(byline(&d), got("Sam Okoro", Origin::OpenGraph("article:author")));
        assert_eq!(date(&d), got("2021-07-04", Origin::OpenGraph("article:published_time")));
        let d = page(r#"<meta name="twitter:title" content="Volunteers Keep the Lights On">"#, "");
        assert_eq!(title(&d), got("Volunteers Keep the Lights On", Origin::Twitter("twitter:title")));
        // The og:title of what is not an article gives way to the page's own heading.
        let d = page(
            r#"<meta property="og:type" content="website"><meta property="og:title" content="Coast Weekly Home">"#,
            "<h1>Lighthouse Keepers Return</h1>",
        );
        assert_eq!(title(&d), got("Lighthouse Keepers Return", Origin::H1));
    }

    #[test]
    fn every_author_and_date_meta_tag() {
        for key in ["author", "byl", "dc.creator", "sailthru.author", "parsely-author"] {
            let d = page(&format!(r#"<meta name="{key}" content="By Ines Moreau">"#), "");
            assert_eq!(byline(&d), got("Ines Moreau", Origin::MetaTag(key)), "{key}");
        }
        let d = page(r#"<meta name="DC.creator" content="Ines Moreau">"#, "");
        assert_eq!(byline(&d), got("Ines Moreau", Origin::MetaTag("dc.creator")));
        // One tag per author.
        let d = page(
            r#"<meta name="parsely-author" content="Ines Moreau"><meta name="parsely-author" content="Raj Iyer">"#,
            "",
        );
        assert_eq!(byline(&d), got("Ines Moreau and Raj Iyer", Origin::MetaTag("parsely-author")));
        for key in ["date", "pubdate", "publish-date", "dc.date", "sailthru.date", "parsely-pub-date"] {
            let d = page(&format!(r#"<meta name="{key}" content="2020-03-09 14:00:00">"#), "");
            assert_eq!(date(&d), got("2020-03-09", Origin::MetaTag(key)), "{key}");
        }
        let d = page(r#"<meta itemprop="datePublished" content="2020-03-09">"#, "");
        assert_eq!(date(&d), got("2020-03-09", Origin::Microdata("datePublished")));
        for key in ["title", "parsely-title"] {
            let d = page(&format!(r#"<meta name="{key}" content="Salt Marsh Restored After Decade">"#), "");
            assert_eq!(title(&d), got("Salt Marsh Restored After Decade", Origin::MetaTag(key)), "{key}");
        }
    }

    #[test]
    fn microdata_rel_author_and_byline_elements() {
        let d = page(
            "",
            r#"<article itemscope itemtype="https://schema.org/NewsArticle">
                 <h1 itemprop="headline">Bridge Reopens to Traffic</h1>
                 <span itemprop="author" itemscope itemtype="https://schema.org/Person">
                   By <a itemprop="url" href="/staff/k"><span itemprop="name">Kofi Mensah</span></a></span>
                 <meta itemprop="datePublished" content="2019-10-01">
               </article>"#,
        );
        assert_eq!(title(&d), got("Bridge Reopens to Traffic", Origin::Microdata("headline")));
        assert_eq!(byline(&d), got("Kofi Mensah", Origin::Microdata("author")));
        assert_eq!(date(&d), got("2019-10-01", Origin::Microdata("datePublished")));

        let d = page("", r#"<article><p>By <a rel="author" href="/r/ha">Hana Abe</a></p></article>"#);
        assert_eq!(byline(&d), got("Hana Abe", Origin::RelAuthor));

        // The element holding a name before the one holding the whole byline; a
        // comment's author, a related story's and an author's biography are none.
        let d = page(
            "",
            r#"<aside class="related"><span class="author">Other Writer</span></aside>
               <article><div class="byline"><span class="byline__name">By Nia Clarke</span>
                 <span class="byline__role">Transport correspondent</span></div>
               <div class="author-bio author">Nia Clarke has covered transport for twelve years and before that wrote about
                 the courts, the council and the long fight over the ring road for several local papers.</div>
               <p>Text.</p></article>
               <div class="comments"><span class="comment-author">Commenter Name</span></div>"#,
        );
        assert_eq!(byline(&d), got("Nia Clarke", Origin::BylineElement));
        let d = page("", r#"<article><div class="byline">By Nia Clarke | 3 March 2024</div></article>"#);
        assert_eq!(byline(&d), got("Nia Clarke", Origin::BylineElement));
        // One element per author.
        let d = page(
            "",
            r#"<article><p class="byline">By <span class="author">Nia Clarke</span> and
               <span class="author">Omar Haddad</span></p></article>"#,
        );
        assert_eq!(byline(&d), got("Nia Clarke and Omar Haddad", Origin::BylineElement));
        let d = page("", r#"<article><div data-testid="byline"><span>By Nia Clarke</span></div></article>"#);
        assert_eq!(byline(&d), got("Nia Clarke", Origin::BylineElement));
        let d = page("", r#"<div class="comment"><span class="author">Commenter Name</span></div>"#);
        assert_eq!(byline(&d), None);
    }

    #[test]
    fn time_elements() {
        let d = page(
            "",
            r#"<header><time datetime="2024-05-05">today</time></header>
               <article><time class="updated" datetime="2024-04-02">updated</time>
               <time datetime="2024-04-01T09:00:00+05:00">1 April</time></article>
               <aside><time datetime="2024-03-01">old</time></aside>"#,
        );
        assert_eq!(date(&d), got("2024-04-01", Origin::TimeElement));
        let d = page("", r#"<div><time datetime="yesterday">x</time><time datetime="2018-08-08">y</time></div>"#);
        assert_eq!(date(&d), got("2018-08-08", Origin::TimeElement));
        // A date shown in an element marked as the date, after the text's date lines.
        let d = page(
            "",
            r#"<div class="header-date-today">Friday, 9 May 2025</div><aside><span class="date">1 May 2025</span></aside>
               <span class="story-date">Posted: 7 May 2025</span><p class="dateline">No date here</p>"#,
        );
        assert_eq!(date(&d), got("2025-05-07", Origin::DateElement));
        let line = Some((Date::new(2025, 5, 8).unwrap(), Origin::DateLine));
        assert_eq!(d.date(line).map(|d| d.1), Some(Origin::DateLine));
        let d = page("", r#"<p class="published">Published three hours ago</p>"#);
        assert_eq!(date(&d), None);
    }

    #[test]
    fn dates_in_declared_forms() {
        let p = |s: &str| parse_date(s).map(|d| d.to_string());
        assert_eq!(p("2024-01-30").as_deref(), Some("2024-01-30"));
        assert_eq!(p("2024-01-30T06:00:00Z").as_deref(), Some("2024-01-30"));
        assert_eq!(p("2024-01-30T23:59:00+05:00").as_deref(), Some("2024-01-30"));
        assert_eq!(p("2024-01-30T00:30:00-08:00").as_deref(), Some("2024-01-30"));
        assert_eq!(p(" 2024-01-30 06:00:00 ").as_deref(), Some("2024-01-30"));
        assert_eq!(p("2024/01/30").as_deref(), Some("2024-01-30"));
        assert_eq!(p("20240130").as_deref(), Some("2024-01-30"));
        assert_eq!(p("30 January 2024").as_deref(), Some("2024-01-30"));
        assert_eq!(p("Jan 30, 2024").as_deref(), Some("2024-01-30"));
        assert_eq!(p("Tue, 30 Jan 2024 06:00:00 GMT").as_deref(), Some("2024-01-30"));
        assert_eq!(p("2024-02-30"), None);
        assert_eq!(p("1706594400"), None);
        assert_eq!(p(""), None);
    }

    #[test]
    fn site_names_come_off_titles() {
        let t = |title_tag: &str, extra: &str| {
            let d = page(&format!("<title>{title_tag}</title>{extra}"), "");
            title(&d).map(|t| t.0)
        };
        let site = r#"<meta property="og:site_name" content="Lakeside Times">"#;
        let want = Some("Ice Fishing Season Opens Late".to_owned());
        for tag in [
            "Ice Fishing Season Opens Late | Lakeside Times",
            "Ice Fishing Season Opens Late - Lakeside Times",
            "Ice Fishing Season Opens Late — Lakeside Times",
            "Lakeside Times: Ice Fishing Season Opens Late",
            "Lakeside Times - Outdoors - Ice Fishing Season Opens Late",
        ] {
            assert_eq!(t(tag, site), want, "{tag}");
        }
        // Without the site's name declared, the longest part.
        assert_eq!(t("Ice Fishing Season Opens Late | Lakeside Times", ""), want);
        assert_eq!(t("Lakeside Times - Outdoors - Ice Fishing Season Opens Late", ""), want);
        assert_eq!(t("冰钓季节推迟开幕_户外_湖畔时报", "").as_deref(), Some("冰钓季节推迟开幕"));
        // A dash in the headline stays when the site is known.
        assert_eq!(
            t("Pakistan - US Talks Resume in Doha | Lakeside Times", site).as_deref(),
            Some("Pakistan - US Talks Resume in Doha")
        );
        // A colon in a headline is not a site's name.
        assert_eq!(t("Winter Roads: What Changed", "").as_deref(), Some("Winter Roads: What Changed"));
        assert_eq!(
            t("Pakistan - US Talks Resume in Doha | World | Lakeside Times", site).as_deref(),
            Some("Pakistan - US Talks Resume in Doha")
        );
        // og:title with an unknown site's name after it, as in the `<title>`.
        let d = page(
            r#"<title>Ice Fishing Season Opens Late | LT Online</title>
               <meta property="og:title" content="Ice Fishing Season Opens Late | LT Online">"#,
            "",
        );
        assert_eq!(title(&d), got("Ice Fishing Season Opens Late", Origin::OpenGraph("og:title")));
        // og:title with the site's name after it, and the h1 saying the headline alone.
        let d = page(
            r#"<meta property="og:title" content="Ice Fishing Season Opens Late | LT Online">"#,
            "<h1>Ice Fishing Season Opens Late</h1>",
        );
        assert_eq!(title(&d), got("Ice Fishing Season Opens Late", Origin::OpenGraph("og:title")));
    }

    #[test]
    fn title_precedence() {
        // A site name or a section name in the h1 is not the title.
        let d = page(
            r#"<title>Council Votes to Keep Night Buses - City - Metro Line</title>"#,
            "<header><h1>Metro Line</h1></header><article><h1>City</h1></article>",
        );
        assert_eq!(title(&d), got("Council Votes to Keep Night Buses", Origin::TitleTag));
        let d = page(
            &format!(
                "<title>Metro Line</title>{}",
                ld(
                    r#"{"@type": "NewsArticle", "headline": "Council Votes to Keep Night Buses", "articleSection": "City"}"#
                )
            ),
            "<h1>City</h1>",
        );
        assert_eq!(title(&d), got("Council Votes to Keep Night Buses", Origin::JsonLd("headline")));
        // A headline cut short gives way to the whole of it.
        let d = page(
            &ld(r#"{"@type": "NewsArticle", "headline": "Council Votes to Keep Night Buses Running After…"}"#),
            "<article><h1>Council Votes to Keep Night Buses Running After Months of Protest</h1></article>",
        );
        assert_eq!(title(&d), got("Council Votes to Keep Night Buses Running After Months of Protest", Origin::H1));
        // What the page shows outweighs a social headline no one else says.
        let d = page(
            r#"<title>Council Votes to Keep Night Buses | Metro Line</title>
               <meta property="og:title" content="You Won't Believe What the Council Did">"#,
            "<h1>Council Votes to Keep Night Buses</h1>",
        );
        assert_eq!(title(&d), got("Council Votes to Keep Night Buses", Origin::H1));
        // Agreeing with what the page shows, the declaration is named first.
        let d = page(
            r#"<title>Council Votes to Keep Night Buses | Metro Line</title>
               <meta property="og:title" content="Council Votes to Keep Night Buses">"#,
            "<h1>Council Votes to Keep Night Buses</h1>",
        );
        assert_eq!(title(&d), got("Council Votes to Keep Night Buses", Origin::OpenGraph("og:title")));
        // Nothing agreeing: the first declaration of more than one word.
        let d = page(r#"<meta name="title" content="News"><meta name="parsely-title" content="Night Buses Stay">"#, "");
        assert_eq!(title(&d), got("Night Buses Stay", Origin::MetaTag("parsely-title")));
        // The text's heading takes part when there is one.
        let d = page("<title>Metro Line</title>", "");
        assert_eq!(d.title(Some("Night Buses Stay")), got("Night Buses Stay", Origin::Heading));
        assert_eq!(Declared::default().title(None), None);
    }

    #[test]
    fn pages_as_common_publishing_tools_write_them() {
        // A blog whose og:title carries the site's name, with a graph of references,
        // a byline in a vcard and a time for the update as well as the publication.
        let a = html(&format!(
            r#"<html><head><title>Seed Library Opens in the Old Post Office - Greenway Notes</title>
               <meta property="og:type" content="article"><meta property="og:site_name" content="Greenway Notes">
               <meta property="og:title" content="Seed Library Opens in the Old Post Office - Greenway Notes">
               <meta property="article:published_time" content="2023-03-05T18:20:00+00:00">{}</head>
               <body><header><p class="site-title">Greenway Notes</p></header><main><article>
               <h1 class="entry-title">Seed Library Opens in the Old Post Office</h1>
               <div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="2023-03-05T18:20:00+00:00">March 5, 2023</time>
               <time class="updated" datetime="2023-03-07T09:00:00+00:00">March 7, 2023</time></span>
               <span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/rk/">Rosa Kim</a></span></span></div>
               <p>The seed library lends packets of beans, squash and herbs to anyone with a library card, and asks only that borrowers bring back seed from what they grow.</p>
               </article></main></body></html>"#,
            ld(r##"{"@context": "https://schema.org", "@graph": [
                {"@type": "Article", "headline": "Seed Library Opens in the Old Post Office",
                 "author": {"name": "Rosa Kim", "@id": "#rk"}, "datePublished": "2023-03-05T18:20:00+00:00"},
                {"@type": "WebPage", "name": "Seed Library Opens in the Old Post Office - Greenway Notes"}]}"##)
        ));
        assert_eq!(a.meta.title, "Seed Library Opens in the Old Post Office");
        assert_eq!(a.meta.provenance.title, Origin::JsonLd("headline"));
        assert_eq!(a.meta.byline.as_deref(), Some("Rosa Kim"));
        assert_eq!(a.meta.date.map(|d| d.to_string()).as_deref(), Some("2023-03-05"));
        assert!(a.text.starts_with("The seed library lends"), "{}", a.text);

        // A news page: the logo is the h1, the author a list of people in JSON-LD,
        // the publisher named as an author too.
        let a = html(&format!(
            r#"<html><head><title>Tram Line Extension Approved | Local | Riverside Herald</title>{}</head>
               <body><header><h1 class="logo">Riverside Herald</h1></header>
               <article><h2>Tram Line Extension Approved</h2><p>Councillors approved the extension on Tuesday night after a debate that lasted more than four hours.</p>
               </article></body></html>"#,
            ld(r#"{"@type": "NewsArticle", "headline": "Tram Line Extension Approved",
                  "author": [{"@type": "Person", "name": "Ade Bello"}, {"@type": "Organization", "name": "Riverside Herald"}],
                  "publisher": {"@type": "Organization", "name": "Riverside Herald"}, "datePublished": "2024-09-17"}"#)
        ));
        assert_eq!(a.meta.title, "Tram Line Extension Approved");
        assert_eq!(a.meta.byline.as_deref(), Some("Ade Bello"));
        assert!(a.text.starts_with("Councillors approved"), "{}", a.text);

        // Nothing declared but the page's title, with the site first.
        let a = html(
            "<html><head><title>Riverside Herald - Local - Tram Line Extension Approved</title></head>             <body><p>Councillors approved the extension on Tuesday night after a long debate.</p></body></html>",
        );
        assert_eq!(a.meta.title, "Tram Line Extension Approved");
        assert_eq!(a.meta.provenance.title, Origin::TitleTag);
    }

    #[test]
    fn byline_and_date_precedence() {
        let d = page(
            &format!(
                r#"{}<meta name="author" content="Meta Person"><meta name="date" content="2020-01-02">
                   <meta property="article:published_time" content="2020-01-03">"#,
                ld(r#"{"@type": "Article", "author": "Ld Person", "datePublished": "2020-01-04"}"#)
            ),
            r#"<article><p class="byline">By Element Person</p><time datetime="2020-01-05">x</time></article>"#,
        );
        assert_eq!(d.byline(Some("Line Person".into())), got("Ld Person", Origin::JsonLd("author")));
        assert_eq!(
            d.date(Some((Date::new(2020, 1, 6).unwrap(), Origin::DateLine))).map(|(d, o)| (d.to_string(), o)),
            got("2020-01-03", Origin::OpenGraph("article:published_time"))
        );
        let d = page(r#"<meta property="article:modified_time" content="2020-02-02">"#, "");
        let line = Some((Date::new(2020, 1, 6).unwrap(), Origin::DateLine));
        assert_eq!(d.date(line).map(|d| d.1), Some(Origin::DateLine));
        assert_eq!(date(&d), got("2020-02-02", Origin::OpenGraph("article:modified_time")));
        assert_eq!(Declared::default().byline(Some("Line Person".into())), got("Line Person", Origin::BylineLine));
    }

    #[test]
    fn bylines_are_cleaned() {
        let c = |s: &str| clean_byline(s);
        assert_eq!(c("By Jane Doe, Staff Writer").as_deref(), Some("Jane Doe"));
        assert_eq!(c("BY JANE DOE | March 3, 2024").as_deref(), Some("JANE DOE"));
        assert_eq!(c("Written by A. B. Khan in Karachi").as_deref(), Some("A. B. Khan"));
        assert_eq!(c("By Jane Doe and John Roe").as_deref(), Some("Jane Doe and John Roe"));
        assert_eq!(c("Jane Doe & John Roe; Ann Lee").as_deref(), Some("Jane Doe, John Roe and Ann Lee"));
        assert_eq!(c("Interview by Jane Doe · 26 February 2024").as_deref(), Some("Jane Doe"));
        assert_eq!(c("Jane Doe Senior Political Correspondent").as_deref(), Some("Jane Doe"));
        assert_eq!(c("Jane Doe Published 10:30 am").as_deref(), Some("Jane Doe"));
        assert_eq!(c("记者：李明远").as_deref(), Some("李明远"));
        assert_eq!(c("Post by river_otter » Tue Apr 09").as_deref(), Some("river_otter"));
        assert_eq!(c("Doe, Jane").as_deref(), Some("Doe, Jane"));
        assert_eq!(c("Jane Doe Follow").as_deref(), Some("Jane Doe"));
        assert_eq!(c("About the author: Jane Doe").as_deref(), Some("Jane Doe"));
        for none in
            ["admin", "Staff", "Senior Correspondent", "https://e.example/author/jane", "jane@e.example", "", "By"]
        {
            assert_eq!(c(none), None, "{none}");
        }
        assert_eq!(c("Our correspondent and Jane Doe").as_deref(), Some("Jane Doe"));
    }

    fn html(src: &str) -> crate::corpus::Article {
        parse(src.as_bytes(), Format::Html, "page.html")
    }

    #[test]
    fn the_headline_block_is_read_once() {
        // The headline is not the first block (a section label is), and the byline
        // line in the body has no "By".
        let a = html(
            r#"<html><head><title>Rail Strike Called Off After Late Deal | The Courier</title>
               <meta name="author" content="Pia Lund"></head><body><article>
               <p>Transport</p><h1>Rail Strike Called Off After Late Deal</h1><p>Pia Lund</p>
               <p>The strike planned for Monday was called off late on Sunday after the union and the operator agreed terms.</p>
               <p>Trains will run as normal.</p></article></body></html>"#,
        );
        assert_eq!(a.meta.title, "Rail Strike Called Off After Late Deal");
        assert_eq!(a.meta.provenance.title, Origin::H1);
        assert_eq!(a.meta.byline.as_deref(), Some("Pia Lund"));
        assert_eq!(a.meta.provenance.byline, Some(Origin::MetaTag("author")));
        assert!(!a.text.contains("Rail Strike"), "{}", a.text);
        assert!(!a.text.contains("Pia Lund"), "{}", a.text);
        assert!(a.text.starts_with("Transport\n\nThe strike planned"), "{}", a.text);

        // The headline in a paragraph, the title from JSON-LD.
        let a = html(&format!(
            r#"<html><head>{}</head><body><p class="headline">Rail Strike Called Off After Late Deal</p>
               <p>The strike planned for Monday was called off late on Sunday after the union and the operator agreed terms.</p>
               </body></html>"#,
            ld(
                r#"{"@type": "NewsArticle", "headline": "Rail Strike Called Off After Late Deal", "author": {"name": "Pia Lund"}}"#
            )
        ));
        assert_eq!(a.meta.provenance.title, Origin::JsonLd("headline"));
        assert!(a.text.starts_with("The strike planned"), "{}", a.text);
        // A body paragraph that starts like the title stays.
        let a = html(
            r#"<html><head><meta property="og:title" content="Rail Strike Called Off"></head><body>
               <p>Rail strike called off: that was the news everyone in the city waited for all week, and when it came the relief was plain.</p>
               </body></html>"#,
        );
        assert!(a.text.starts_with("Rail strike called off:"), "{}", a.text);
    }

    #[test]
    fn provenance_of_text_files() {
        let a = parse(
            b"A Title Line Here\n\nBy Jo Writer\n\nPublished March 3, 2024\n\nThe body is here.\n",
            Format::Text,
            "x.txt",
        );
        assert_eq!(a.meta.provenance.title, Origin::Heading);
        assert_eq!(a.meta.provenance.byline, Some(Origin::BylineLine));
        assert_eq!(a.meta.provenance.date, Some(Origin::DateLine));
        let a = parse(b"Officials met on 3 March 2024 and talked. More.\n\nAnother paragraph.", Format::Text, "x.txt");
        assert_eq!(a.meta.provenance.title, Origin::FirstSentence);
        assert_eq!(a.meta.provenance.date, Some(Origin::FirstParagraph));
        assert_eq!(a.meta.provenance.byline, None);
        let a = parse(b"", Format::Text, "x.txt");
        assert_eq!(a.meta.provenance, crate::corpus::Provenance::default());
        let a = parse(
            b"---\ntitle: Front Title\nauthor: Jo Writer\ndate: 2024-01-02\n---\n\nBody here.\n",
            Format::Markdown,
            "x.md",
        );
        assert_eq!(a.meta.title, "Front Title");
        assert_eq!(a.meta.provenance.title, Origin::FrontMatter("title"));
        assert_eq!(a.meta.provenance.byline, Some(Origin::FrontMatter("author")));
        assert_eq!(a.meta.provenance.date, Some(Origin::FrontMatter("date")));
    }
}
