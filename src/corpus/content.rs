//! Which part of a web page is its text, and what inside it is page furniture.
//!
//! One pass over the tree measures every element: its text, the part of it that is
//! link text, its commas, and the text of its own (not in a nested block). An
//! element with 25 characters or more of its own text is a paragraph, and gives its
//! container a score, as Mozilla's Readability does: one point, a point a comma, a
//! point a hundred characters (three at most), less the share of it that is links;
//! the container gets all of it, the one above half, and three more above a third,
//! a sixth and so on. A container's class or id moves it up (`content`, `article`,
//! `post`…) or down (`comment`, `sidebar`, `share`…), and links make it count less.
//! The best container is the main text; when several containers score about as
//! well (the posts of a forum thread, the entries of a live blog), their common
//! container is. From there the main text takes in the headline when it is close
//! by (within a few levels that add little other text) and the page's `<article>`
//! when the text is nearly all of it, and next to it the siblings that score well.
//!
//! Inside the main text, page furniture is found by markup: a class, id, role or
//! item type naming comments, related stories, share bars, newsletters, author
//! bios, tags, breadcrumbs and the like; `<footer>` and `<aside>`; blocks that are
//! mostly links; and lists of teasers (three or more short blocks that are largely
//! links). Everything outside the main text is furniture too. Furniture is folded,
//! not dropped: only what is never text is (scripts, hidden elements, forms without
//! text, navigation menus). Every step costs the size of the page.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use regex::Regex;
use scraper::node::Element;
use scraper::{Html, Node};

/// Elements whose content is never reading text.
pub(crate) const DROPPED: &[&str] = &[
    "script", "style", "nav", "noscript", "template", "iframe", "svg", "math", "button", "select", "textarea", "input",
    "head", "object", "embed", "canvas", "video", "audio", "map", "dialog", "picture", "img",
];

/// Elements that separate blocks for the walk (headings, list items, quotes and
/// preformatted text, handled apart, separate blocks too).
pub(crate) const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "address",
    "center",
    "details",
    "summary",
    "hr",
    "body",
    "html",
    "caption",
    "fieldset",
    "legend",
    "hgroup",
    "aside",
    "footer",
    "form",
];

/// Blocks that hold a paragraph rather than paragraphs: their score goes to the
/// element around them.
const PARAGRAPHS: &[&str] = &[
    "p",
    "li",
    "pre",
    "blockquote",
    "dt",
    "dd",
    "figcaption",
    "caption",
    "address",
    "summary",
    "legend",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

/// Own text, in weighted characters, that makes a block a paragraph.
const PARAGRAPH_CHARS: usize = 25;

/// A form with less text than this is a search box or a sign-up form: never text.
/// A page wrapped whole in a form (as some sites built on ASP.NET are) is read.
const FORM_CHARS: usize = 500;

/// How many levels the main text may grow above the best container to take in the
/// headline or the page's `<article>`.
const CLIMB_LEVELS: usize = 4;

/// Text the main text may take in on the way, at least; or a quarter of its own.
const CLIMB_CHARS: usize = 300;

/// Classes and ids of containers of the text.
static POSITIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"article|body|content|entry|main|post|text|blog|story|prose").expect("valid regex"));

/// Classes and ids of containers of something else.
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"comment|discuss|reply|respond|footer|sidebar|widget|related|recommend|share|sharing|social|sponsor|promo|advert|banner|masthead|menu|breadcrumb|newsletter|subscri|popup|modal|cookie|teaser|popular|trending|ranking|outbrain|taboola|(^|[-_ ])(ad|ads|nav|tags?|rail|card|more|bio|meta)([-_ ]|$)",
    )
    .expect("valid regex")
});

/// Classes and ids of page furniture inside the main text.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"comment|disqus|respond|related|recommend|share|sharing|social|newsletter|subscri|signup|sign-up|promo|sponsor|advert|breadcrumb|tag-?list|tagcloud|author-?bio|about-?(the-)?author|profile|signature|pagination|pager|navbox|navigation|sidebar|widget|infobox|reflist|references|most-?read|popular|trending|ranking|more-stories|outbrain|taboola|cookie|consent|gdpr|popup|modal|(^|[-_ ])(ad|ads|ad-slot|bio|toc|tags|menu|nav|topics|keywords)([-_ ]|$)",
    )
    .expect("valid regex")
});

/// Classes of inline text that is never part of the text (a wiki heading's "[edit]").
static NEVER_TEXT_CLASS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)editsection|screen-reader-only|visually-hidden").expect("valid regex"));

/// Element roles of furniture.
const FURNITURE_ROLES: &[&str] = &["navigation", "complementary", "contentinfo", "banner", "search", "dialog"];

/// True when `el` is hidden from the page as shown: the `hidden` attribute, an
/// inline `display: none` or `visibility: hidden`, or (with `aria`) `aria-hidden`.
pub(crate) fn is_hidden(el: &Element, aria: bool) -> bool {
    el.attr("hidden").is_some()
        || (aria && el.attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")))
        || el.attr("style").is_some_and(hidden_style)
}

fn hidden_style(style: &str) -> bool {
    style.split(';').any(|decl| {
        let Some((name, value)) = decl.split_once(':') else {
            return false;
        };
        let value = value.trim().trim_end_matches("!important").trim();
        let name = name.trim();
        (name.eq_ignore_ascii_case("display") && value.eq_ignore_ascii_case("none"))
            || (name.eq_ignore_ascii_case("visibility") && value.eq_ignore_ascii_case("hidden"))
    })
}

/// True when nothing in `el` is ever reading text, whatever the page around it.
pub(crate) fn never_text(el: &Element, aria: bool) -> bool {
    DROPPED.contains(&el.name())
        || is_hidden(el, aria)
        || el.attr("class").is_some_and(|c| NEVER_TEXT_CLASS.is_match(c))
}

fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
        || matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "pre" | "blockquote" | "td" | "th")
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// A character's weight in text lengths: a CJK character carries about as much as a
/// short Latin word.
fn weight(c: char) -> usize {
    match c as u32 {
        0x1100..=0x11ff | 0x2e80..=0x9fff | 0xa960..=0xa97f | 0xac00..=0xd7ff | 0xf900..=0xfaff | 0xff00..=0xffef => 3,
        0x20000..=0x3ffff => 3,
        _ => 1,
    }
}

fn is_comma(c: char) -> bool {
    matches!(c, ',' | '،' | '，' | '、' | '﹐' | '﹑' | '⹁')
}

/// What the pass measured of one element.
#[derive(Debug, Clone)]
struct Info<'a> {
    id: NodeId,
    name: &'a str,
    parent: Option<usize>,
    /// Text in the element, in weighted characters, and the part of it in links.
    chars: usize,
    link_chars: usize,
    /// Text outside the furniture below it.
    clean: usize,
    /// Headings of level 1 outside the furniture below it.
    h1s: usize,
    /// Page furniture by its markup, its links or its teasers.
    furniture: bool,
    /// A container of the text by its element (`article`, `main`) or role.
    semantic: bool,
    /// What its class and id say about it as a container of the text.
    class_weight: f64,
}

impl Info<'_> {
    fn link_density(&self) -> f64 {
        if self.chars == 0 { 0.0 } else { self.link_chars as f64 / self.chars as f64 }
    }

    /// What the element adds to its parent's clean text.
    fn contribution(&self) -> usize {
        if self.furniture { 0 } else { self.clean }
    }

    /// The score a container starts with, before its paragraphs.
    fn base_score(&self) -> f64 {
        let tag = match self.name {
            "div" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        tag + self.class_weight
    }
}

/// An element being measured.
struct Frame {
    idx: usize,
    block: bool,
    own_chars: usize,
    own_links: usize,
    own_commas: usize,
    has_block_child: bool,
    /// Child blocks with text, and how many of them are teasers.
    children: usize,
    teasers: usize,
    has_link: bool,
    /// How many paragraphs had been found when it opened (a form dropped takes its
    /// own along).
    units_before: usize,
    class_furniture: bool,
}

/// A paragraph found: where it is, its score, and whether its score starts at
/// itself (a container with text of its own) or at its parent.
struct Unit {
    idx: usize,
    score: f64,
    from_self: bool,
}

/// The measurements of a whole page.
struct Measured<'a> {
    infos: Vec<Info<'a>>,
    units: Vec<Unit>,
    /// Forms kept because they hold text.
    kept_forms: HashSet<NodeId>,
    /// Text skipped as `aria-hidden`, and text read.
    aria_hidden_chars: usize,
    total_chars: usize,
}

fn class_and_id(el: &Element) -> String {
    let mut s = String::new();
    for attr in ["class", "id"] {
        if let Some(v) = el.attr(attr) {
            s.push(' ');
            s.push_str(&v.to_ascii_lowercase());
        }
    }
    s
}

fn is_semantic(el: &Element) -> bool {
    matches!(el.name(), "article" | "main")
        || el.attr("role").is_some_and(|r| r.eq_ignore_ascii_case("main"))
        || el.attr("itemprop").is_some_and(|p| p.contains("articleBody"))
}

/// Furniture by the element's name, role or item type.
fn furniture_by_markup(el: &Element) -> bool {
    matches!(el.name(), "footer" | "aside")
        || el.attr("role").is_some_and(|r| FURNITURE_ROLES.iter().any(|f| r.eq_ignore_ascii_case(f)))
        || el.attr("itemtype").is_some_and(|t| t.contains("Comment"))
        || el.attr("itemprop").is_some_and(|p| p.contains("comment"))
}

/// An element's `class` and `id` attributes.
type ClassAndId<'a> = (Option<&'a str>, Option<&'a str>);

fn measure(doc: &Html, aria: bool) -> Measured<'_> {
    let mut infos: Vec<Info<'_>> = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    let mut kept_forms = HashSet::new();
    let mut classes: HashMap<ClassAndId<'_>, (f64, bool)> = HashMap::new();
    let mut frames: Vec<Frame> = Vec::new();
    // Positions in `frames` of the blocks, innermost last.
    let mut blocks: Vec<usize> = Vec::new();
    let mut links = 0usize;
    let mut skipping: Option<NodeId> = None;
    let mut skipping_aria = false;
    let mut aria_hidden_chars = 0;
    let mut total_chars = 0;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    if skipping_aria && let Node::Text(t) = node.value() {
                        aria_hidden_chars += t.chars().filter(|c| !c.is_whitespace()).map(weight).sum::<usize>();
                    }
                    continue;
                }
                match node.value() {
                    Node::Text(text) => {
                        let mut chars = 0;
                        let mut commas = 0;
                        for c in text.chars() {
                            if !c.is_whitespace() {
                                chars += weight(c);
                                commas += usize::from(is_comma(c));
                            }
                        }
                        if chars == 0 {
                            continue;
                        }
                        total_chars += chars;
                        if let Some(frame) = frames.last() {
                            let info = &mut infos[frame.idx];
                            info.chars += chars;
                            info.clean += chars;
                            if links > 0 {
                                info.link_chars += chars;
                            }
                        }
                        if let Some(&at) = blocks.last() {
                            let frame = &mut frames[at];
                            frame.own_chars += chars;
                            frame.own_commas += commas;
                            if links > 0 {
                                frame.own_links += chars;
                            }
                        }
                    }
                    Node::Element(el) => {
                        if never_text(el, aria) {
                            skipping = Some(node.id());
                            skipping_aria = !never_text(el, false);
                            continue;
                        }
                        let name = el.name();
                        // Pages repeat their classes: each pair is read once.
                        let key = (el.attr("class"), el.attr("id"));
                        let (mut class_weight, class_furniture) = *classes.entry(key).or_insert_with(|| {
                            let names = class_and_id(el);
                            let mut weight = 0.0;
                            if POSITIVE.is_match(&names) {
                                weight += 25.0;
                            }
                            if NEGATIVE.is_match(&names) {
                                weight -= 25.0;
                            }
                            (weight, names.split_ascii_whitespace().any(|token| FURNITURE.is_match(token)))
                        });
                        let semantic = is_semantic(el);
                        if semantic {
                            class_weight += 25.0;
                        }
                        let block = is_block(name);
                        if let Some(parent) = frames.last_mut()
                            && block
                        {
                            parent.has_block_child = true;
                        }
                        if name == "a" {
                            links += 1;
                            for frame in frames.iter_mut().rev().take(3) {
                                frame.has_link = true;
                            }
                        }
                        let idx = infos.len();
                        infos.push(Info {
                            id: node.id(),
                            name,
                            parent: frames.last().map(|f| f.idx),
                            chars: 0,
                            link_chars: 0,
                            clean: 0,
                            h1s: usize::from(name == "h1"),
                            furniture: false,
                            semantic,
                            class_weight,
                        });
                        if block {
                            blocks.push(frames.len());
                        }
                        frames.push(Frame {
                            idx,
                            block,
                            own_chars: 0,
                            own_links: 0,
                            own_commas: 0,
                            has_block_child: false,
                            children: 0,
                            teasers: 0,
                            has_link: false,
                            units_before: units.len(),
                            class_furniture: class_furniture || furniture_by_markup(el),
                        });
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skipping {
                    if id == node.id() {
                        skipping = None;
                    }
                    continue;
                }
                let Node::Element(_) = node.value() else {
                    continue;
                };
                let Some(frame) = frames.pop() else {
                    continue;
                };
                if frame.block {
                    blocks.pop();
                }
                let info = &infos[frame.idx];
                let name = info.name;
                if name == "a" {
                    links = links.saturating_sub(1);
                }
                // A form without text is never text: as if it were not there.
                if name == "form" {
                    if info.chars < FORM_CHARS {
                        units.truncate(frame.units_before);
                        total_chars -= info.chars;
                        continue;
                    }
                    kept_forms.insert(info.id);
                }
                let density = info.link_density();
                let teaser_list = frame.children >= 3 && frame.teasers * 3 >= frame.children * 2;
                let link_dense = frame.block && !is_heading(name) && info.chars > 0 && density > 0.5;
                let furniture = frame.class_furniture || link_dense || teaser_list;
                if frame.block && frame.own_chars >= PARAGRAPH_CHARS {
                    let own_density = frame.own_links as f64 / frame.own_chars as f64;
                    let score = (1.0 + frame.own_commas as f64 + (frame.own_chars as f64 / 100.0).floor().min(3.0))
                        * (1.0 - own_density);
                    let from_self = frame.has_block_child && !PARAGRAPHS.contains(&name);
                    units.push(Unit { idx: frame.idx, score, from_self });
                }
                let teaser = frame.block
                    && name != "p"
                    && frame.has_link
                    && density >= 0.3
                    && info.chars < 400
                    && info.chars > 0;
                let (chars, link_chars, contribution, h1s) = {
                    let info = &mut infos[frame.idx];
                    info.furniture = furniture;
                    (info.chars, info.link_chars, info.contribution(), if furniture { 0 } else { info.h1s })
                };
                if let Some(parent) = frames.last_mut() {
                    if frame.block && chars > 0 {
                        parent.children += 1;
                        parent.teasers += usize::from(teaser);
                    }
                    let p = &mut infos[parent.idx];
                    p.chars += chars;
                    p.link_chars += link_chars;
                    p.clean += contribution;
                    p.h1s += h1s;
                }
            }
        }
    }
    Measured { infos, units, kept_forms, aria_hidden_chars, total_chars }
}

/// How the main text was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Choice {
    /// By the score of its paragraphs.
    Scored,
    /// The page has no paragraph to score: its `<article>` or `<main>`.
    Semantic,
    /// Neither: the whole page.
    Whole,
    /// The longest block of text, the choice above having left almost nothing.
    Longest,
}

/// What the walk of a page reads as text, as furniture, and not at all.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub choice: Choice,
    /// Roots of the main text; empty when the whole page is.
    main: HashSet<NodeId>,
    /// Elements whose content is furniture (inside the main text; outside it all is).
    furniture: HashSet<NodeId>,
    kept_forms: HashSet<NodeId>,
    /// Whether `aria-hidden` hides (not when it would hide most of the page).
    aria: bool,
    /// The root of the longest block of text, to fall back on.
    longest: Option<NodeId>,
}

impl Plan {
    /// The plan for a fragment of inline HTML: all of it is text, but for footers
    /// and asides.
    pub fn fragment() -> Plan {
        Plan {
            choice: Choice::Whole,
            main: HashSet::new(),
            furniture: HashSet::new(),
            kept_forms: HashSet::new(),
            aria: true,
            longest: None,
        }
    }

    /// True when what is outside the main roots is furniture.
    pub fn has_main(&self) -> bool {
        !self.main.is_empty()
    }

    pub fn is_main(&self, id: NodeId) -> bool {
        self.main.contains(&id)
    }

    /// True when the element is furniture by its markup (`<footer>` and `<aside>`
    /// are, in a plan that did not score the page).
    pub fn is_furniture(&self, id: NodeId, el: &Element) -> bool {
        match self.choice {
            Choice::Scored | Choice::Longest => self.furniture.contains(&id),
            Choice::Semantic | Choice::Whole => matches!(el.name(), "footer" | "aside"),
        }
    }

    /// True when the element is never text.
    pub fn skips(&self, id: NodeId, el: &Element) -> bool {
        never_text(el, self.aria) || (el.name() == "form" && !self.kept_forms.contains(&id))
    }

    /// The plan that reads the longest block of text, furniture and all (the whole
    /// page when there is none), for when this plan leaves almost nothing.
    pub fn longest(&self) -> Option<Plan> {
        if matches!(self.choice, Choice::Whole | Choice::Longest) {
            return None;
        }
        Some(Plan {
            choice: Choice::Longest,
            main: self.longest.into_iter().collect(),
            furniture: HashSet::new(),
            kept_forms: self.kept_forms.clone(),
            aria: self.aria,
            longest: None,
        })
    }
}

/// Decide what of `doc` is its text.
pub(crate) fn plan(doc: &Html) -> Plan {
    let mut m = measure(doc, true);
    let mut aria = true;
    if m.aria_hidden_chars > 2 * m.total_chars {
        // A page saved with a dialog open hides everything else from screen readers.
        m = measure(doc, false);
        aria = false;
    }
    choose(doc, m, aria)
}

fn choose(doc: &Html, m: Measured<'_>, aria: bool) -> Plan {
    let Measured { infos, units, kept_forms, .. } = m;
    let n = infos.len();
    // Scores of the containers, with and without what their classes say.
    let mut score: Vec<Option<f64>> = vec![None; n];
    let mut raw = vec![0.0f64; n];
    for unit in &units {
        let mut at = if unit.from_self { Some(unit.idx) } else { infos[unit.idx].parent };
        for level in 0..5 {
            let Some(a) = at else { break };
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            let s = score[a].get_or_insert_with(|| infos[a].base_score());
            *s += unit.score / divider;
            raw[a] += unit.score / divider;
            at = infos[a].parent;
        }
    }
    let finals: Vec<Option<f64>> = (0..n).map(|i| score[i].map(|s| s * (1.0 - infos[i].link_density()))).collect();
    let longest = (0..n)
        .filter(|&i| raw[i] > 0.0)
        .max_by(|&a, &b| {
            let ra = raw[a] * (1.0 - infos[a].link_density());
            let rb = raw[b] * (1.0 - infos[b].link_density());
            ra.total_cmp(&rb)
        })
        .map(|i| infos[i].id);
    // The best six, best first, without sorting every candidate.
    let mut top: Vec<(usize, f64)> = Vec::with_capacity(7);
    for (i, f) in finals.iter().enumerate() {
        let Some(f) = *f else { continue };
        let at = top.partition_point(|&(_, g)| g >= f);
        if at < 6 {
            top.insert(at, (i, f));
            top.truncate(6);
        }
    }
    let Some(&(best, best_score)) = top.first() else {
        return semantic(doc, kept_forms, aria);
    };
    let parent = |i: usize| infos[i].parent;
    let ancestors = |i: usize| -> Vec<usize> { std::iter::successors(parent(i), |&a| parent(a)).collect() };
    let best_ancestors: HashSet<usize> = ancestors(best).into_iter().collect();

    // Several containers scoring about as well: their common container.
    let mut t = best;
    let alternatives: Vec<HashSet<usize>> = top[1..]
        .iter()
        .filter(|&&(i, f)| f >= 0.75 * best_score && !best_ancestors.contains(&i))
        .filter(|&&(i, _)| !ancestors(i).contains(&best))
        .map(|&(i, _)| ancestors(i).into_iter().collect())
        .collect();
    if alternatives.len() >= 3 {
        let mut at = parent(best);
        while let Some(a) = at {
            if matches!(infos[a].name, "body" | "html") {
                break;
            }
            if alternatives.iter().filter(|set| set.contains(&a)).count() >= 3 {
                t = a;
                break;
            }
            at = parent(a);
        }
    }

    // Up to the headline or the page's <article>, if they are close and add little.
    let mut root = t;
    let allowance = CLIMB_CHARS.max(infos[t].clean / 4);
    let mut added = 0;
    let mut child = t;
    for _ in 0..CLIMB_LEVELS {
        if infos[child].semantic {
            break;
        }
        let Some(p) = parent(child) else { break };
        if matches!(infos[p].name, "body" | "html") {
            break;
        }
        added += infos[p].clean.saturating_sub(infos[child].contribution());
        if added > allowance {
            break;
        }
        let headline = infos[p].h1s > 0 && infos[t].h1s == 0;
        if headline || infos[p].semantic {
            root = p;
            break;
        }
        child = p;
    }

    // The container and its path up are never furniture, whatever their classes.
    let mut exempt: HashSet<usize> = best_ancestors;
    exempt.insert(best);
    exempt.insert(t);
    let mut main = HashSet::from([infos[root].id]);
    // Siblings that score well (the second half of a story after an advertisement).
    let threshold = (0.2 * best_score).max(10.0);
    if let Some(node) = doc.tree.get(infos[root].id) {
        let index: HashMap<NodeId, usize> = infos.iter().enumerate().map(|(i, info)| (info.id, i)).collect();
        let siblings = node.parent().into_iter().flat_map(|p| p.children());
        for sibling in siblings {
            let Some(&i) = index.get(&sibling.id()) else { continue };
            let info = &infos[i];
            if i == root || info.furniture {
                continue;
            }
            let scored = finals[i].is_some_and(|f| f >= threshold) && info.link_density() < 0.5;
            let paragraph = info.name == "p" && info.chars > 80 && info.link_density() < 0.25;
            if scored || paragraph {
                main.insert(info.id);
            }
        }
    }
    let furniture =
        infos.iter().enumerate().filter(|(i, info)| info.furniture && !exempt.contains(i)).map(|(_, info)| info.id);
    let furniture = furniture.collect();
    Plan { choice: Choice::Scored, main, furniture, kept_forms, aria, longest }
}

/// A page without paragraphs: its `<article>` (or else its `<main>`) is the text, if
/// it has one.
fn semantic(doc: &Html, kept_forms: HashSet<NodeId>, aria: bool) -> Plan {
    let element = |test: fn(&Element) -> bool| {
        doc.tree.root().descendants().find(|node| matches!(node.value(), Node::Element(el) if test(el)))
    };
    let found = element(|el| el.name() == "article")
        .or_else(|| element(|el| el.name() == "main"))
        .or_else(|| element(|el| el.attr("role").is_some_and(|r| r.eq_ignore_ascii_case("main"))));
    let mut plan = Plan::fragment();
    plan.kept_forms = kept_forms;
    plan.aria = aria;
    if let Some(node) = found {
        plan.choice = Choice::Semantic;
        plan.main.insert(node.id());
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::super::{Article, Format, parse};

    /// Paragraphs of a story, each different, long enough to score.
    fn story(n: usize) -> String {
        (0..n)
            .map(|i| {
                format!(
                    "<p>Paragraph {i} of the story goes on, with a comma or two, about the harbour, the council and \
                     the people who live near the water.</p>"
                )
            })
            .collect()
    }

    fn html(body: &str) -> Article {
        let page = format!("<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>");
        parse(page.as_bytes(), Format::Html, "x.html")
    }

    fn folded(a: &Article) -> String {
        a.boilerplate.iter().flat_map(|b| b.paragraphs.iter().cloned()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn deep_layout_with_sidebar_and_related_list() {
        let related: String = (0..6)
            .map(|i| {
                format!(
                    "<div class=\"item\"><a href=\"/r/{i}\"><h3>Another headline number {i}</h3></a><span>{i} hours ago</span></div>"
                )
            })
            .collect();
        let most_read: String = (0..8)
            .map(|i| format!("<li><a href=\"/m/{i}\">A much read story, number {i}, about the city</a></li>"))
            .collect();
        let a = html(&format!(
            "<div class=\"page\"><div class=\"top\"><a href=\"/\">The Courier</a></div>\
             <div class=\"grid\"><div class=\"col\"><div class=\"inner\"><div class=\"wrap\">\
             <h1>Harbour plan approved</h1><div class=\"story\">{}</div></div>\
             <div class=\"latest\"><h2>Latest</h2>{related}</div></div></div>\
             <div class=\"side\"><h2>Most read</h2><ol>{most_read}</ol></div></div>\
             <div class=\"bottom\"><p>The Courier, 1 Harbour Street. Letters to the editor are welcome.</p></div></div>",
            story(6)
        ));
        assert_eq!(a.meta.title, "Harbour plan approved");
        assert_eq!(a.blocks.len(), 6, "{}", a.text);
        assert!(a.text.starts_with("Paragraph 0 of the story"));
        let rest = folded(&a);
        for furniture in ["Another headline number 3", "A much read story, number 7", "Letters to the editor", "Latest"]
        {
            assert!(!a.text.contains(furniture), "{furniture} in the text");
            assert!(rest.contains(furniture), "{furniture} lost: {rest}");
        }
        assert!(!a.meta.main_text_guessed);
    }

    #[test]
    fn comment_sections_are_folded() {
        let comment = |i: usize| {
            format!(
                "<li class=\"comment\" itemtype=\"https://schema.org/Comment\"><p>Comment {i} is a long reply, with \
                 commas, opinions, and more words than any paragraph of the post itself has in it.</p></li>"
            )
        };
        for wrapper in [
            "<section id=\"comments\"><ol>{}</ol></section>",
            "<div class=\"comments\"><ol>{}</ol></div>",
            "<ol class=\"comment-list\">{}</ol>",
            "<section class=\"comments\"><ol>{}</ol></section>",
            "<div><ol>{}</ol></div>",
        ] {
            let comments: String = (0..8).map(comment).collect();
            let a = html(&format!(
                "<article><h1>A post</h1><div class=\"entry-content\">{}</div>{}</article>",
                story(4),
                wrapper.replace("{}", &comments)
            ));
            assert_eq!(a.blocks.len(), 4, "{wrapper}: {}", a.text);
            assert!(!a.text.contains("Comment 3"), "{wrapper}");
            assert!(folded(&a).contains("Comment 3 is a long reply"), "{wrapper}");
        }
    }

    #[test]
    fn hidden_elements_are_dropped() {
        let a = html(&format!(
            "<article><h1>Title</h1>{}<div hidden><p>SECRET ONE is a paragraph long enough to be scored as text.</p></div>\
             <p style=\"color: red; display : none !important\">SECRET TWO is a paragraph long enough to score.</p>\
             <div aria-hidden=\"true\"><p>SECRET THREE is a paragraph long enough to be scored as text.</p></div>\
             <p style=\"visibility:hidden\">SECRET FOUR is a paragraph long enough to be scored as text.</p>{}</article>",
            story(2),
            story(2)
        ));
        assert_eq!(a.blocks.len(), 4);
        assert!(!a.text.contains("SECRET") && !folded(&a).contains("SECRET"), "{}", a.text);
    }

    #[test]
    fn a_page_hidden_from_screen_readers_behind_a_dialog_is_still_read() {
        let a = html(&format!(
            "<div aria-hidden=\"true\"><h1>Title</h1>{}</div><div role=\"dialog\"><p>Accept our cookies?</p></div>",
            story(5)
        ));
        assert_eq!(a.blocks.len(), 5, "{}", a.text);
    }

    #[test]
    fn a_page_without_article_and_a_teaser_article_before_the_story() {
        let teasers: String = (0..3)
            .map(|i| format!("<article class=\"card\"><a href=\"/t/{i}\"><h2>Teaser headline {i}</h2></a></article>"))
            .collect();
        let a = html(&format!(
            "<div class=\"top\">{teasers}</div><div class=\"main\"><h1>The story</h1>{}</div>",
            story(5)
        ));
        assert_eq!(a.meta.title, "The story");
        assert_eq!(a.blocks.len(), 5, "{}", a.text);
        assert!(folded(&a).contains("Teaser headline 2"));
    }

    #[test]
    fn teaser_lists_inside_the_story_are_folded() {
        let teasers: String = (0..4)
            .map(|i| {
                format!(
                    "<div><a href=\"/s/{i}\"><h3>More news number {i}</h3></a><p>A short summary {i}.</p>\
                     <span>Today</span></div>"
                )
            })
            .collect();
        let a = html(&format!(
            "<article><h1>Title</h1>{}<div class=\"x\"><h2>You may also like</h2>{teasers}</div></article>",
            story(4)
        ));
        assert_eq!(a.blocks.len(), 4, "{}", a.text);
        assert!(folded(&a).contains("More news number 3"));
        assert!(folded(&a).contains("You may also like"));
    }

    #[test]
    fn furniture_named_by_class_inside_the_story_is_folded() {
        let a = html(&format!(
            "<article><h1>Title</h1><div class=\"breadcrumbs\">Home › News › City</div>\
             <div class=\"share-bar\">Share this story with your friends</div>{}\
             <div class=\"newsletter-signup\"><p>Get our newsletter every morning, it is free and short.</p></div>\
             <div class=\"author-bio\"><p>Jo Writer covers the harbour and has done so for many years now.</p></div>\
             <ul class=\"tags\"><li>Harbour</li><li>Council</li></ul></article>",
            story(4)
        ));
        assert_eq!(a.blocks.len(), 4, "{}", a.text);
        let rest = folded(&a);
        for furniture in ["Home › News", "Share this story", "newsletter every morning", "Jo Writer covers", "Council"]
        {
            assert!(rest.contains(furniture), "{furniture} lost: {rest}");
        }
    }

    #[test]
    fn a_wiki_page_folds_its_infobox_contents_and_edit_links() {
        let a = html(&format!(
            "<div id=\"content\"><h1>River</h1><div class=\"mw-parser-output\">\
             <table class=\"infobox\"><tr><th>Length</th><td>212 km, from the mountains to the sea</td></tr></table>\
             {}<div id=\"toc\" class=\"toc\"><ul><li><a href=\"#a\">1 Course</a></li></ul></div>\
             <h2><span class=\"mw-headline\">Course</span><span class=\"mw-editsection\">[<a href=\"?edit\">edit</a>]</span></h2>{}\
             </div></div>",
            story(2),
            story(2)
        ));
        assert!(a.text.contains("\n\nCourse\n\n"), "{}", a.text);
        assert!(!a.text.contains("edit"));
        assert!(folded(&a).contains("212 km"));
    }

    #[test]
    fn forum_posts_and_live_blog_entries_are_all_read() {
        let posts: String = (0..5)
            .map(|i| {
                format!(
                    "<div class=\"post\"><div class=\"userinfo\"><a href=\"/u/{i}\">user{i}</a></div>\
                     <div class=\"message\">Post {i} says something about the bike, the chain and the gears, at some length.</div></div>"
                )
            })
            .collect();
        let a = html(&format!(
            "<div class=\"thread\">{posts}</div><div class=\"footer-links\"><a href=\"/\">Forum home</a></div>"
        ));
        for i in 0..5 {
            assert!(a.text.contains(&format!("Post {i} says")), "{}", a.text);
        }
    }

    #[test]
    fn a_page_wrapped_in_a_form_is_read_and_a_search_form_is_not() {
        let a = html(&format!(
            "<form id=\"aspnetForm\"><div class=\"search\"><form><label>Search the site</label></form></div>\
             <h1>Title</h1><div>{}</div></form>",
            story(4)
        ));
        assert_eq!(a.blocks.len(), 4, "{}", a.text);
        assert!(!a.text.contains("Search the site") && !folded(&a).contains("Search the site"));
    }

    #[test]
    fn non_latin_text_scores_by_its_characters() {
        let p = |i: usize| format!("<p>港町の夏祭りが今年も開かれ、三日間でおよそ二万人が訪れた。その{i}。</p>");
        let body: String = (0..4).map(p).collect();
        let links: String =
            (0..6).map(|i| format!("<li><a href=\"/r/{i}\">関連記事の見出し、その{i}</a></li>")).collect();
        let a = html(&format!(
            "<div id=\"main\"><h1>見出し</h1><div class=\"body\">{body}</div></div><div id=\"sub\"><ul>{links}</ul></div>"
        ));
        assert_eq!(a.blocks.len(), 4, "{}", a.text);
        assert!(folded(&a).contains("関連記事"));
    }

    #[test]
    fn when_the_choice_leaves_almost_nothing_the_longest_block_is_shown_and_said() {
        // Every paragraph is mostly a link: the story itself looks like a list of links.
        let paragraphs: String = (0..12)
            .map(|i| {
                format!(
                    "<p>See <a href=\"/l/{i}\">the long report number {i} on the state of the harbour and its future</a> today.</p>"
                )
            })
            .collect();
        let a = html(&format!("<div class=\"roundup\">{paragraphs}</div>"));
        assert!(a.meta.main_text_guessed);
        assert_eq!(a.blocks.len(), 12, "{}", a.text);

        // Only short lines, and an <article> that is a teaser.
        let lines: String = (0..40).map(|i| format!("<div>Line {i} of a poem</div>")).collect();
        let a = html(&format!("<article><a href=\"/x\">Teaser</a></article><div>{lines}</div>"));
        assert!(a.meta.main_text_guessed);
        assert!(a.text.contains("Line 39 of a poem"));

        // A short page is not a failed choice.
        let a = html("<article><p>Short.</p></article><footer>Site</footer>");
        assert!(!a.meta.main_text_guessed);
        assert_eq!(a.text, "Short.");
    }

    #[test]
    fn measuring_is_linear() {
        // Wide: many siblings; deep: the depth limit keeps the tree shallow enough.
        let wide =
            "<div><p>Some words, with a comma, in a paragraph that is long enough.</p><a href=\"/x\">x</a></div>"
                .repeat(50_000);
        let start = std::time::Instant::now();
        let a = html(&wide);
        assert!(a.blocks.len() >= 50_000);
        let deep = format!("{}{}{}", "<div class=\"c\">".repeat(400_000), story(3), "</div>".repeat(400_000));
        let b = html(&deep);
        assert_eq!(b.blocks.len(), 3);
        assert!(start.elapsed() < std::time::Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 5 }));
    }
}
