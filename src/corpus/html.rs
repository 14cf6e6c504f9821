//! HTML to blocks, with a real parser (html5ever, through scraper).
//!
//! Scripts, styles, navigation, forms without text, hidden elements and embedded media
//! are dropped; headings, list items, quotes and preformatted text keep their kind;
//! links become numbered references. What is not the page's main text, as
//! [`content`] chooses it, is marked as page furniture; when that choice leaves almost
//! nothing of a page with text, the longest block of text is read instead, and the
//! article says so. The tree is walked without recursion, so no nesting depth can
//! exhaust the stack.

use std::sync::LazyLock;

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use regex::Regex;
use scraper::{Html, Node};

use super::BlockKind;
use super::collect::Collector;
use super::content::{self, BLOCKS, Plan};
use super::declared::{self, Declared};

/// The result of any of the three parsers.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub blocks: Vec<super::collect::RawBlock>,
    pub links: Vec<String>,
    /// What the page declares about itself (front matter, for Markdown).
    pub hints: Declared,
    /// The main text was not found with confidence: the blocks are those of the
    /// longest block of text on the page.
    pub guessed: bool,
}

static DOCUMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>])").expect("valid regex"));

static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?(a|abbr|b|blockquote|br|cite|code|div|em|h[1-6]|i|img|li|ol|p|q|s|small|span|strong|sub|sup|u|ul)\b[^<>]*>|&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});",
    )
    .expect("valid regex")
});

/// True when `text` is a whole HTML document (a web page saved under a `.txt` name).
pub(crate) fn is_document(text: &str) -> bool {
    DOCUMENT.is_match(&text[..crate::text::floor_boundary(text, 1024)])
}

/// True when plain text carries inline HTML markup or entities worth parsing.
pub(crate) fn has_markup(text: &str) -> bool {
    MARKUP.is_match(text)
}

/// Deepest element nesting handed to the parser. html5ever's tree builder does work
/// proportional to the depth for every tag, so a hostile page of a million nested
/// `<div>`s would take hours; no real article nests anywhere near this deep.
const MAX_DEPTH: usize = 256;

/// Elements that never nest for the depth count: void elements, which have no
/// content, and elements whose end tag may be left out (an unclosed `<p>` or `<li>`
/// is closed by the next one, it does not deepen the tree).
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p",
    "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "rtc", "thead", "tbody", "tfoot",
    "colgroup", "caption", "html", "head", "body",
];

/// `src` with the tags that would nest deeper than [`MAX_DEPTH`] left out (their text
/// stays). Borrowed unchanged when the page is not that deep, which is always the
/// case for real pages.
fn limit_depth(src: &str) -> std::borrow::Cow<'_, str> {
    let mut depth = 0usize;
    let mut excess = 0usize;
    let mut out: Option<String> = None;
    let mut copied = 0;
    let bytes = src.as_bytes();
    let mut i = 0;
    while let Some(off) = src[i..].find('<') {
        let start = i + off;
        let rest = &src[start..];
        // Comments, doctypes and raw-text elements are stepped over whole.
        let skip_to = |needle: &str| rest.find(needle).map(|e| start + e + needle.len()).unwrap_or(src.len());
        if rest.starts_with("<!--") {
            i = skip_to("-->");
            continue;
        }
        let closing = bytes.get(start + 1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name: String = src[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let end = src[start..].find('>').map(|e| start + e + 1).unwrap_or(src.len());
        if !closing && matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            let closer = format!("</{name}");
            i = find_ignore_case(&src[end..], &closer).map(|e| end + e).unwrap_or(src.len());
            continue;
        }
        let flat = src[start..end].ends_with("/>") || FLAT.contains(&name.as_str());
        let mut drop = false;
        if closing && FLAT.contains(&name.as_str()) {
            // Not counted on the way in, not counted on the way out.
        } else if closing {
            if excess > 0 {
                excess -= 1;
                drop = true;
            } else {
                depth = depth.saturating_sub(1);
            }
        } else if !flat {
            if depth >= MAX_DEPTH {
                excess += 1;
                drop = true;
            } else {
                depth += 1;
            }
        }
        if drop {
            let buf = out.get_or_insert_with(|| String::with_capacity(src.len()));
            buf.push_str(&src[copied..start]);
            copied = end;
        }
        i = end;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&src[copied..]);
            buf.into()
        }
        None => src.into(),
    }
}

/// Byte offset of the first ASCII-case-insensitive occurrence of `needle`.
fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    hay.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// Fewer words than this in the main text, when the page has [`PAGE_WORDS`] or
/// more, means the main text was not found.
const FEW_WORDS: usize = 40;
const PAGE_WORDS: usize = 100;

/// Parse a whole page.
pub(crate) fn parse_document(src: &str) -> Parsed {
    let doc = Html::parse_document(&limit_depth(src));
    let hints = declared::read(&doc);
    let plan = content::plan(&doc);
    let (blocks, links) = read(&doc, &plan);
    let words = |blocks: &[super::collect::RawBlock], all: bool| -> usize {
        blocks.iter().filter(|b| all || !b.boilerplate).map(|b| crate::text::words::count(&b.text)).sum()
    };
    let main_words = words(&blocks, false);
    if main_words < FEW_WORDS
        && words(&blocks, true) >= PAGE_WORDS.max(3 * main_words)
        && let Some(longest) = plan.longest()
    {
        let (more, more_links) = read(&doc, &longest);
        if words(&more, false) > main_words {
            return Parsed { blocks: more, links: more_links, hints, guessed: true };
        }
    }
    Parsed { blocks, links, hints, guessed: false }
}

/// The blocks and links of `doc` read as `plan` says.
fn read(doc: &Html, plan: &Plan) -> (Vec<super::collect::RawBlock>, Vec<String>) {
    let mut c = Collector::new();
    walk(&mut c, *doc.root_element(), plan);
    c.finish()
}

/// Parse a fragment of inline HTML found in a text file into `c`, as paragraphs.
pub(crate) fn parse_fragment_into(c: &mut Collector, src: &str) {
    let doc = Html::parse_fragment(&limit_depth(src));
    c.flush();
    walk(c, *doc.root_element(), &Plan::fragment());
    c.flush();
}

/// Walk the tree under `root` into `c`: what `plan` skips is left out, what is
/// outside its main text or inside its furniture is collected as furniture.
fn walk(c: &mut Collector, root: NodeRef<'_, Node>, plan: &Plan) {
    let mut skipping: Option<ego_tree::NodeId> = None;
    // Elements that changed whether what is in them is furniture, with what it was
    // outside them.
    let mut furniture = plan.has_main();
    let mut changed: Vec<(ego_tree::NodeId, bool)> = Vec::new();
    c.set_furniture(furniture);
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) => c.text(text),
                    Node::Element(el) => {
                        let name = el.name();
                        if plan.skips(node.id(), el) {
                            skipping = Some(node.id());
                            continue;
                        }
                        let inside =
                            if plan.is_main(node.id()) { false } else { furniture || plan.is_furniture(node.id(), el) };
                        if inside != furniture {
                            changed.push((node.id(), furniture));
                            furniture = inside;
                            c.set_furniture(furniture);
                        }
                        match name {
                            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                                c.start(BlockKind::Heading(name.as_bytes()[1] - b'0'));
                            }
                            "li" => c.start(BlockKind::ListItem),
                            "pre" => c.open_pre(),
                            "blockquote" => c.open_quote(),
                            "br" => c.hard_break(),
                            "td" | "th" => c.text(" "),
                            "a" => c.open_link(el.attr("href").unwrap_or("")),
                            _ if BLOCKS.contains(&name) => c.flush(),
                            _ => {}
                        }
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
                let Node::Element(el) = node.value() else {
                    continue;
                };
                match el.name() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" => c.end(),
                    "pre" => c.close_pre(),
                    "blockquote" => c.close_quote(),
                    "td" | "th" => c.text(" "),
                    "a" => c.close_link(),
                    name if BLOCKS.contains(&name) => c.flush(),
                    _ => {}
                }
                if let Some(&(id, outside)) = changed.last()
                    && id == node.id()
                {
                    changed.pop();
                    furniture = outside;
                    c.set_furniture(furniture);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Parsed) -> Vec<(BlockKind, &str, bool)> {
        p.blocks.iter().map(|b| (b.kind, b.text.as_str(), b.boilerplate)).collect()
    }

    #[test]
    fn tags_go_entities_decode_scripts_vanish() {
        let p = parse_document(
            "<html><head><title>T</title><style>p{}</style></head><body><script>if (a < b) alert(1)</script>\
             <p>Tom &amp; Jerry&nbsp;&mdash; <i>friends</i>.</p><nav><a href='/'>Home</a></nav></body></html>",
        );
        assert_eq!(texts(&p), [(BlockKind::Paragraph, "Tom & Jerry — friends.", false)]);
    }

    #[test]
    fn block_kinds_are_kept() {
        let p = parse_document(
            "<body><h2>Head</h2><p>One\n   two</p><ul><li>a</li><li>b</li></ul>\
             <blockquote><p>quoted</p></blockquote><pre>  x = 1\n  y = 2</pre><p>after</p></body>",
        );
        assert_eq!(
            texts(&p),
            [
                (BlockKind::Heading(2), "Head", false),
                (BlockKind::Paragraph, "One two", false),
                (BlockKind::ListItem, "a", false),
                (BlockKind::ListItem, "b", false),
                (BlockKind::Quote, "quoted", false),
                (BlockKind::Preformatted, "  x = 1\n  y = 2", false),
                (BlockKind::Paragraph, "after", false),
            ]
        );
    }

    #[test]
    fn links_become_numbered_references() {
        let mut c = Collector::new();
        parse_fragment_into(
            &mut c,
            r#"Attacks in <a href="https://x.example/a" target="_blank">Pakistan</a> and <a href="https://x.example/b">mosques</a>."#,
        );
        let (blocks, links) = c.finish();
        assert_eq!(blocks[0].shown(), "Attacks in Pakistan[1] and mosques[2].");
        assert_eq!(links, ["https://x.example/a", "https://x.example/b"]);
    }

    #[test]
    fn outside_the_article_is_furniture() {
        let p = parse_document(
            "<body><header><p>Site name</p></header><article><h1>Title</h1><p>Body text.</p>\
             <footer>Share this</footer></article><aside>Sign up</aside><footer>© 2024</footer></body>",
        );
        assert_eq!(
            texts(&p),
            [
                (BlockKind::Paragraph, "Site name", true),
                (BlockKind::Heading(1), "Title", false),
                (BlockKind::Paragraph, "Body text.", false),
                (BlockKind::Paragraph, "Share this", true),
                (BlockKind::Paragraph, "Sign up", true),
                (BlockKind::Paragraph, "© 2024", true),
            ]
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        const N: usize = 200_000;
        let src = format!("{}deep{}", "<div>".repeat(N), "</div>".repeat(N));
        let p = parse_document(&src);
        assert_eq!(p.blocks.last().map(|b| b.text.as_str()), Some("deep"));
    }

    #[test]
    fn depth_limit_keeps_text_and_shallow_pages() {
        let page =
            "<html><body><div><p>a <b>b</b> <br> c</p><!-- <div> --><script>if (a<b) {}</script></div></body></html>";
        assert!(matches!(limit_depth(page), std::borrow::Cow::Borrowed(_)));
        let deep = format!("{}x{}", "<div>".repeat(MAX_DEPTH + 10), "</div>".repeat(MAX_DEPTH + 10));
        let limited = limit_depth(&deep);
        assert_eq!(limited.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(limited.matches("</div>").count(), MAX_DEPTH);
        assert!(limited.contains('x'));
    }

    #[test]
    fn hundreds_of_unclosed_paragraphs_stay_paragraphs() {
        let src: String = (0..400).map(|i| format!("<p>Paragraph {i}.")).collect();
        let p = parse_document(&src);
        assert_eq!(p.blocks.len(), 400);
        assert_eq!(p.blocks[399].text, "Paragraph 399.");
    }

    #[test]
    fn pre_with_leading_spaces_keeps_link_markers_in_place() {
        let p = parse_document("<pre><h2>  <a href=\"https://a.example\">日本</a></h2></pre>");
        let b = &p.blocks[0];
        assert_eq!(b.shown(), "  日本[1]");
        assert_eq!(b.text, "  日本");
    }

    #[test]
    fn markup_detection() {
        assert!(has_markup("see <a href=\"x\">this</a>"));
        assert!(has_markup("Tom &amp; Jerry"));
        assert!(!has_markup("if a < b and c > d"));
        assert!(!has_markup("AT&T said"));
        assert!(is_document("<!DOCTYPE html><html>"));
        assert!(is_document("  <html lang=en>"));
        assert!(!is_document("Some <b>bold</b> text"));
    }
}
