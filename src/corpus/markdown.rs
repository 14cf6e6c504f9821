//! Markdown to blocks, with pulldown-cmark.
//!
//! Hard-wrapped paragraphs are reflowed (each source line break is remembered as a soft
//! break, so a byline on the first line can still be told apart), emphasis markers
//! vanish, links become numbered references, raw HTML blocks go through the HTML
//! parser, and a YAML front matter block gives title, author and date hints.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::BlockKind;
use super::collect::Collector;
use super::html::{self, Hints, Parsed};

pub(crate) fn parse(src: &str) -> Parsed {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut c = Collector::new();
    let mut hints = Hints::default();
    let mut links: Vec<(usize, String)> = Vec::new();
    let mut quote_depth = 0usize;
    let mut image_depth = 0usize;
    let mut html_block: Option<String> = None;
    let mut in_metadata = false;
    let outer = |depth: usize| (depth > 0).then_some(BlockKind::Quote);

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
                Tag::Paragraph if c.kind != Some(BlockKind::ListItem) => {
                    c.start(outer(quote_depth).unwrap_or(BlockKind::Paragraph));
                }
                Tag::Heading { level, .. } => c.start(BlockKind::Heading(level as u8)),
                Tag::BlockQuote(_) => {
                    quote_depth += 1;
                    c.start(BlockKind::Quote);
                }
                Tag::CodeBlock(_) => {
                    c.start(BlockKind::Preformatted);
                    c.pre += 1;
                }
                Tag::HtmlBlock => html_block = Some(String::new()),
                Tag::List(_) | Tag::Table(_) | Tag::TableHead | Tag::TableRow => c.flush(),
                Tag::Item | Tag::DefinitionListDefinition => c.start(BlockKind::ListItem),
                Tag::TableCell => c.text(" "),
                Tag::Link { dest_url, .. } => links.push((c.link_start(), dest_url.to_string())),
                Tag::Image { .. } => image_depth += 1,
                Tag::MetadataBlock(_) => in_metadata = true,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => c.flush(),
                TagEnd::Heading(_) | TagEnd::Item | TagEnd::DefinitionListDefinition => c.end(outer(quote_depth)),
                TagEnd::BlockQuote(_) => {
                    quote_depth = quote_depth.saturating_sub(1);
                    c.end(outer(quote_depth));
                }
                TagEnd::CodeBlock => {
                    c.pre = c.pre.saturating_sub(1);
                    c.end(outer(quote_depth));
                }
                TagEnd::List(_) | TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow => c.flush(),
                TagEnd::TableCell => c.text(" "),
                TagEnd::Link => {
                    if let Some((start, href)) = links.pop() {
                        c.link_end(start, &href);
                    }
                }
                TagEnd::Image => image_depth = image_depth.saturating_sub(1),
                TagEnd::MetadataBlock(_) => in_metadata = false,
                _ => {}
            },
            Event::Text(text) if in_metadata => front_matter(&text, &mut hints),
            Event::Text(_) if image_depth > 0 => {}
            Event::Text(text) | Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => c.text(&text),
            Event::SoftBreak => c.soft_break(),
            Event::HardBreak => c.hard_break(),
            Event::InlineHtml(tag) | Event::Html(tag) => {
                if tag.trim_start().to_ascii_lowercase().starts_with("<br") {
                    c.hard_break();
                }
            }
            Event::FootnoteReference(label) => c.text(&format!("[^{label}]")),
            Event::TaskListMarker(done) => c.text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => c.flush(),
        }
    }
    let (blocks, links) = c.finish();
    Parsed { blocks, links, hints }
}

/// Read `title:`, `author:` and `date:` from a YAML front matter block.
fn front_matter(text: &str, hints: &mut Hints) {
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        let value = crate::text::sanitize_line(value);
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => hints.title = Some(value),
            "author" | "byline" => hints.author = Some(value),
            "date" | "published" => hints.date = Some(value),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Parsed) -> Vec<(BlockKind, &str)> {
        p.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
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
        assert_eq!(texts(&p), [(BlockKind::Paragraph, "See the report[1] and https://r.example/y.")]);
        assert_eq!(p.links, ["https://r.example/x"]);
    }

    #[test]
    fn front_matter_hints() {
        let p = parse("---\ntitle: \"A Title\"\nauthor: Jo Writer\ndate: 2024-01-02\n---\n\nBody.\n");
        assert_eq!(p.hints.title.as_deref(), Some("A Title"));
        assert_eq!(p.hints.author.as_deref(), Some("Jo Writer"));
        assert_eq!(p.hints.date.as_deref(), Some("2024-01-02"));
        assert_eq!(texts(&p), [(BlockKind::Paragraph, "Body.")]);
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
