//! Markdown to blocks, with pulldown-cmark.
//!
//! Hard-wrapped paragraphs are reflowed (each source line break is remembered as a soft
//! break, so a byline on the first line can still be told apart), emphasis markers
//! vanish, links become numbered references, raw HTML blocks go through the HTML
//! parser, and a YAML front matter block gives title, author and date hints.

use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::BlockKind;
use super::collect::Collector;
use super::declared::Declared;
use super::html::{self, Parsed};

pub(crate) fn parse(src: &str) -> Parsed {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut c = Collector::new();
    let mut hints = Declared::default();
    let mut image_depth = 0usize;
    let mut html_block: Option<String> = None;
    let mut in_metadata = false;
    // Inside an inline `<script>`/`<style>`: its text is not reading text.
    let mut hidden: Option<String> = None;

    for event in Parser::new_ext(src, options) {
        if let Some(buf) = html_block.as_mut() {
            match event {
                Event::Html(h) | Event::Text(h) => {
                    buf.push_str(&h);
                    continue;
                }
                Event::End(TagEnd::HtmlBlock) => {
                    let buf = html_block.take().unwrap_or_default();
                    html::parse_fragment_into(&mut c, &buf);
                    continue;
                }
                _ => {}
            }
        }
        match event {
            Event::Start(tag) => match tag {
                // A paragraph inside a list item stays part of the item.
                Tag::Paragraph if !c.in_list_item() => c.paragraph(),
                Tag::Heading { level, .. } => c.start(BlockKind::Heading(level as u8)),
                Tag::BlockQuote(_) => c.open_quote(),
                Tag::CodeBlock(_) => c.open_pre(),
                Tag::HtmlBlock => html_block = Some(String::new()),
                Tag::List(_) | Tag::Table(_) | Tag::TableHead | Tag::TableRow => c.flush(),
                Tag::Item | Tag::DefinitionListDefinition => c.start(BlockKind::ListItem),
                Tag::TableCell => c.text(" "),
                Tag::Link { dest_url, .. } => c.open_link(&dest_url),
                Tag::Image { .. } => image_depth += 1,
                Tag::MetadataBlock(_) => in_metadata = true,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => c.flush(),
                TagEnd::Heading(_) | TagEnd::Item | TagEnd::DefinitionListDefinition => c.end(),
                TagEnd::BlockQuote(_) => c.close_quote(),
                TagEnd::CodeBlock => c.close_pre(),
                TagEnd::List(_) | TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow => c.flush(),
                TagEnd::TableCell => c.text(" "),
                TagEnd::Link => c.close_link(),
                TagEnd::Image => image_depth = image_depth.saturating_sub(1),
                TagEnd::MetadataBlock(_) => in_metadata = false,
                _ => {}
            },
            Event::Text(text) if in_metadata => front_matter(&text, &mut hints),
            Event::Text(_) if image_depth > 0 || hidden.is_some() => {}
            Event::Text(text) | Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => c.text(&text),
            Event::SoftBreak => c.soft_break(),
            Event::HardBreak => c.hard_break(),
            Event::InlineHtml(tag) | Event::Html(tag) => inline_tag(&mut c, &tag, &mut hidden),
            Event::FootnoteReference(label) => c.text(&format!("[^{label}]")),
            Event::TaskListMarker(done) => c.text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => c.flush(),
        }
    }
    let (blocks, links) = c.finish();
    Parsed { blocks, links, hints, guessed: false }
}

static INLINE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)([^>]*)>").expect("valid regex"));
static HREF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#).expect("valid regex"));

/// One inline HTML tag in Markdown (pulldown-cmark hands them over one by one, with
/// the text between them as ordinary text): links keep their numbered reference,
/// `<br>` breaks the line, scripts and styles hide their text, other tags vanish.
fn inline_tag(c: &mut Collector, tag: &str, hidden: &mut Option<String>) {
    let Some(caps) = INLINE_TAG.captures(tag.trim()) else {
        return;
    };
    let closing = !caps[1].is_empty();
    let name = caps[2].to_ascii_lowercase();
    if let Some(open) = hidden {
        if closing && *open == name {
            *hidden = None;
        }
        return;
    }
    match (closing, name.as_str()) {
        (false, "br") => c.hard_break(),
        (false, "a") => {
            let href = HREF.captures(&caps[3]).and_then(|h| h.get(1).or(h.get(2)).or(h.get(3)));
            c.open_link(&href.map_or(String::new(), |h| h.as_str().replace("&amp;", "&")));
        }
        (true, "a") => c.close_link(),
        (false, "script" | "style" | "noscript" | "template" | "iframe" | "svg") => *hidden = Some(name),
        _ => {}
    }
}

/// Read `title:`, `author:` and `date:` from a YAML front matter block.
fn front_matter(text: &str, hints: &mut Declared) {
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        hints.front_matter(&key.trim().to_ascii_lowercase(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Parsed) -> Vec<(BlockKind, &str)> {
        p.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
    }

    /// The blocks with their link markers in.
    fn shown(p: &Parsed) -> Vec<(BlockKind, String)> {
        p.blocks.iter().map(|b| (b.kind, b.shown())).collect()
    }

    #[test]
    fn structure_and_reflow() {
        let p = parse(
            "# Title\n*By Someone*\nPublished March 3, 2024\n\nA wrapped\nparagraph with **bold**.\n\n\
             ## Section\n\n> quoted\n> text\n\n- one\n- two\n  continued\n\n```\ncode  here\n```\n",
        );
        assert_eq!(
            texts(&p),
            [
                (BlockKind::Heading(1), "Title"),
                (BlockKind::Paragraph, "By Someone Published March 3, 2024"),
                (BlockKind::Paragraph, "A wrapped paragraph with bold."),
                (BlockKind::Heading(2), "Section"),
                (BlockKind::Quote, "quoted text"),
                (BlockKind::ListItem, "one"),
                (BlockKind::ListItem, "two continued"),
                (BlockKind::Preformatted, "code  here"),
            ]
        );
        assert_eq!(p.blocks[1].first_line(), "By Someone");
    }

    #[test]
    fn links_and_images() {
        let p = parse("See [the\nreport](https://r.example/x) and ![a chart](c.png) <https://r.example/y>.");
        assert_eq!(shown(&p), [(BlockKind::Paragraph, "See the report[1] and https://r.example/y.".to_owned())]);
        assert_eq!(p.links, ["https://r.example/x"]);
    }

    #[test]
    fn front_matter_hints() {
        let p = parse("---\ntitle: \"A Title\"\nauthor: Jo Writer\ndate: 2024-01-02\n---\n\nBody.\n");
        assert_eq!(p.hints.title(None).map(|t| t.0).as_deref(), Some("A Title"));
        assert_eq!(p.hints.byline(None).map(|b| b.0).as_deref(), Some("Jo Writer"));
        assert_eq!(p.hints.date(None).map(|d| d.0.to_string()).as_deref(), Some("2024-01-02"));
        assert_eq!(texts(&p), [(BlockKind::Paragraph, "Body.")]);
    }

    #[test]
    fn inline_html_links_count_and_scripts_hide() {
        let p = parse(
            "Text with <script>alert(\"x\")</script> and <style>p{}</style> and \
             <a href=\"https://x.example/a?b=1&amp;c=2\">this link</a> done.<br>Next line.",
        );
        assert_eq!(shown(&p), [(BlockKind::Paragraph, "Text with and and this link[1] done.\nNext line.".to_owned())]);
        assert_eq!(p.links, ["https://x.example/a?b=1&c=2"]);
    }

    #[test]
    fn html_blocks_are_parsed() {
        let p = parse("Intro.\n\n<div>\n<p>Inside &amp; out</p>\n</div>\n\nAfter.\n");
        assert_eq!(
            texts(&p),
            [
                (BlockKind::Paragraph, "Intro."),
                (BlockKind::Paragraph, "Inside & out"),
                (BlockKind::Paragraph, "After.")
            ]
        );
    }
}
