//! Plain text to blocks.
//!
//! Paragraphs are separated by blank lines and reflowed; a line of `#` marks is a
//! heading; lines that start with `-`, `*`, `•` or `1.` are list items; a paragraph
//! that carries inline HTML (a link, italics, an entity) goes through the HTML parser.

use std::sync::LazyLock;

use regex::Regex;

use super::BlockKind;
use super::collect::Collector;
use super::html::{self, Parsed};

static ATX_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$").expect("valid regex"));

static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[ \t]{0,3}([-*•–]|\d{1,3}[.)])[ \t]+").expect("valid regex"));

pub(crate) fn parse(src: &str) -> Parsed {
    let src = src.replace("\r\n", "\n").replace('\r', "\n");
    let mut c = Collector::new();
    for para in paragraphs(&src) {
        if html::has_markup(para) {
            html::parse_fragment_into(&mut c, para);
            continue;
        }
        let lines: Vec<&str> = para.lines().collect();
        if let [line] = lines.as_slice()
            && let Some(caps) = ATX_HEADING.captures(line.trim())
        {
            c.start(BlockKind::Heading(caps[1].len() as u8));
            c.text(&caps[2]);
            c.end();
            continue;
        }
        if LIST_ITEM.is_match(lines[0]) {
            list(&mut c, &lines);
            continue;
        }
        c.paragraph();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                c.soft_break();
            }
            c.text(line);
        }
        c.end();
    }
    let (blocks, links) = c.finish();
    Parsed { blocks, links, hints: Default::default(), guessed: false }
}

/// Runs of non-blank lines.
fn paragraphs(src: &str) -> impl Iterator<Item = &str> {
    let mut rest = src;
    std::iter::from_fn(move || {
        // Skip blank lines.
        loop {
            let (line, tail) = rest.split_once('\n').unwrap_or((rest, ""));
            if rest.is_empty() {
                return None;
            }
            if line.trim().is_empty() {
                rest = tail;
            } else {
                break;
            }
        }
        let mut end = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim().is_empty() {
                break;
            }
            end += line.len();
        }
        let para = &rest[..end];
        rest = &rest[end..];
        Some(para.trim_end_matches('\n'))
    })
}

/// Lines of a list: each marker starts an item, other lines continue it.
fn list(c: &mut Collector, lines: &[&str]) {
    for line in lines {
        match LIST_ITEM.find(line) {
            Some(m) => {
                c.start(BlockKind::ListItem);
                c.text(&line[m.end()..]);
            }
            None => {
                c.soft_break();
                c.text(line);
            }
        }
    }
    c.end();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Parsed) -> Vec<(BlockKind, &str)> {
        p.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
    }

    #[test]
    fn paragraphs_are_reflowed() {
        let p = parse("Title line\n\nFirst para\nwraps here.\r\n\r\n\n  Second.  \n");
        assert_eq!(
            texts(&p),
            [
                (BlockKind::Paragraph, "Title line"),
                (BlockKind::Paragraph, "First para wraps here."),
                (BlockKind::Paragraph, "Second."),
            ]
        );
        assert_eq!(p.blocks[1].soft_breaks, [10]);
    }

    #[test]
    fn headings_and_lists() {
        let p = parse("## A Heading ##\n\n- one\n- two\n  more\n\n1. first\n2) second\n");
        assert_eq!(
            texts(&p),
            [
                (BlockKind::Heading(2), "A Heading"),
                (BlockKind::ListItem, "one"),
                (BlockKind::ListItem, "two more"),
                (BlockKind::ListItem, "first"),
                (BlockKind::ListItem, "second"),
            ]
        );
    }

    #[test]
    fn inline_html_in_text() {
        let p = parse("Plain.\n\nA <i>paper</i> said &quot;yes&quot; to <a href=\"https://e.example\">this</a>");
        let shown: Vec<(BlockKind, String)> = p.blocks.iter().map(|b| (b.kind, b.shown())).collect();
        assert_eq!(
            shown,
            [
                (BlockKind::Paragraph, "Plain.".to_owned()),
                (BlockKind::Paragraph, "A paper said \"yes\" to this[1]".to_owned())
            ]
        );
        assert_eq!(p.links, ["https://e.example"]);
    }

    #[test]
    fn empty_and_blank_input() {
        assert!(parse("").blocks.is_empty());
        assert!(parse("\n \n\t\n").blocks.is_empty());
    }
}
