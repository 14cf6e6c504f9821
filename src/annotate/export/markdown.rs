//! Passages as Markdown, grouped by tag: a heading per tag, each passage a block
//! quote with its note and the article it is from. Text from articles and notes is
//! sanitised and escaped, so a passage can never become a heading, a link or markup.

use crate::annotate::AnchorState;
use crate::annotate::collect::Tagged;
use crate::text::{sanitize, sanitize_line};

/// Heading of the passages that carry no tag.
pub const UNTAGGED: &str = "Without tags";

/// The Markdown of `rows` (as [`Collection::by_tag`](crate::annotate::Collection::by_tag)
/// gives them: a passage under each of its tags, in order).
pub fn render(rows: &[Tagged<'_>]) -> String {
    let mut out = String::from("# Annotations\n");
    if rows.is_empty() {
        out.push_str("\nNo annotations.\n");
        return out;
    }
    let mut heading = None;
    for row in rows {
        if heading != Some(row.tag) {
            heading = Some(row.tag);
            let title = row.tag.map_or_else(|| UNTAGGED.to_owned(), |t| escape(&sanitize_line(t)));
            out.push_str(&format!("\n## {title}\n"));
        }
        passage(&mut out, row);
    }
    out
}

fn passage(out: &mut String, row: &Tagged<'_>) {
    let (article, item) = (row.passage.article, row.passage.item);
    let a = &item.annotation;
    out.push('\n');
    for line in lines(&a.anchor.quote) {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str(&format!("> {line}\n"));
        }
    }
    if item.state == AnchorState::Orphan {
        out.push_str("\n*Orphaned: this passage is no longer in the article; quoted as it was recorded.*\n");
    }
    if item.state == AnchorState::Ambiguous {
        out.push_str(
            "\n*Ambiguous: this passage is now in several places of the article; quoted as it was recorded.*\n",
        );
    }
    let note = lines(&a.note);
    if !note.is_empty() {
        out.push_str("\nNote: ");
        for (i, line) in note.iter().enumerate() {
            out.push_str(line);
            // A line break inside a paragraph is kept as one; a blank line parts them.
            let next = note.get(i + 1);
            if next.is_some_and(|n| !n.is_empty()) && !line.is_empty() {
                out.push('\\');
            }
            out.push('\n');
        }
    }
    let mut source = vec![format!("*{}*", escape(&sanitize_line(&article.title)))];
    if let Some(date) = article.date {
        source.push(date.to_string());
    }
    source.push(escape(&sanitize_line(&article.rel.to_string_lossy())));
    out.push_str(&format!("\n— {}\n", source.join(", ")));
}

/// The lines of `text`, sanitised, each without leading whitespace (which Markdown
/// would read as code) and escaped; runs of blank lines as one, none at either end.
fn lines(text: &str) -> Vec<String> {
    let clean = sanitize(text);
    let mut out: Vec<String> = Vec::new();
    for line in clean.trim().lines() {
        let line = line.trim();
        if line.is_empty() && out.last().is_some_and(String::is_empty) {
            continue;
        }
        out.push(escape(line));
    }
    out
}

/// `line` escaped so Markdown shows it as written: every character that starts
/// emphasis, code, links, HTML, entities or tables gets a backslash, and so does
/// what would begin a list, a quote or a heading at the start of a line.
pub fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    // At the start of a line: `- `, `+ `, `=` (a heading underline), `1. `, `1) `.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    } else {
        let digits = out.len() - out.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && out[digits..].starts_with(['.', ')']) {
            out.insert(digits, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::collect::{Collected, Passage};
    use crate::annotate::model::{Anchor, Annotation};
    use crate::annotate::{Resolved, Status};
    use pulldown_cmark::{Event, Options, Parser, Tag};

    const HOSTILE: &str = concat!(
        "# Heading\n\n[link](http://example.com) ![i](x) <b>html</b> <http://a.b>\n",
        "**bold** _em_ `code` ~~gone~~ &amp; a\\\n",
        "- item\n+ item\n* item\n1. one\n2) two\n===\n---\n    indented\n> quoted\n",
        "| a | b |\n|---|---|\n[^1] [x]: http://ref \u{1b}]0;title\u{7} end",
    );

    #[test]
    fn nothing_in_a_passage_or_note_becomes_markup() {
        let text = "The passage.".to_owned();
        let anchor = Anchor {
            quote: HOSTILE.into(),
            prefix: String::new(),
            suffix: String::new(),
            start: 0,
            end: 12,
            source: String::new(),
            state: AnchorState::Exact,
            unknown: Vec::new(),
        };
        let annotation = Annotation::new(anchor, vec!["a*b_[c]".into()], HOSTILE.into());
        let item = Resolved { annotation, state: AnchorState::Exact, range: Some(0..12), places: Vec::new() };
        let article = Collected {
            path: "/c/# x [y](z).txt".into(),
            rel: "# x [y](z).txt".into(),
            title: "**Title** <i>".into(),
            date: None,
            text,
            source_hash: "blake3:00".into(),
            sidecar: "/c/x.gloss.ron".into(),
            status: Status::Writable,
            annotations: vec![item.clone()],
        };
        let row = Tagged { tag: Some("a*b_[c]"), passage: Passage { article: &article, item: &item } };
        let md = render(&[row]);
        assert!(!md.contains('\u{1b}'), "{md}");
        let mut headings = 0;
        let mut emphasis = 0;
        let mut text = String::new();
        for event in Parser::new_ext(&md, Options::all()) {
            match event {
                Event::Start(Tag::Heading { .. }) => headings += 1,
                Event::Start(Tag::Emphasis) => emphasis += 1,
                Event::Start(Tag::BlockQuote(_) | Tag::Paragraph) | Event::End(_) => {}
                Event::Text(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push('\n'),
                other => panic!("{other:?} in\n{md}"),
            }
        }
        assert_eq!(headings, 2, "only the title and the tag are headings:\n{md}");
        assert_eq!(emphasis, 1, "only the article title is emphasised:\n{md}");
        for shown in ["[link](http://example.com)", "**bold** _em_ `code` ~~gone~~ &amp; a\\", "| a | b |"] {
            assert!(text.contains(shown), "{shown} not shown as written:\n{text}");
        }
        assert!(text.contains("a*b_[c]") && text.contains("**Title** <i>") && text.contains("# x [y](z).txt"));
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape("# Heading"), "\\# Heading");
        assert_eq!(escape("[link](http://x)"), "\\[link\\](http://x)");
        assert_eq!(escape("![img](x)"), "!\\[img\\](x)");
        assert_eq!(escape("<script>"), "\\<script\\>");
        assert_eq!(escape("*a* _b_ `c` ~d~ a|b &amp;"), "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ a\\|b \\&amp;");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("+ item"), "\\+ item");
        assert_eq!(escape("==="), "\\===");
        assert_eq!(escape("2024. A year"), "2024\\. A year");
        assert_eq!(escape("3) three"), "3\\) three");
        assert_eq!(escape("a\\b"), "a\\\\b");
        assert_eq!(escape("In 2024. a-b 1.5 (x)"), "In 2024. a-b 1.5 (x)");
    }

    #[test]
    fn lines_are_sanitised_trimmed_and_escaped() {
        assert_eq!(lines("  one\n    two\n\n\n\nthree\u{1b}[2J  \n"), ["one", "two", "", "three"]);
        assert_eq!(lines("# not a heading\n> not a quote"), ["\\# not a heading", "\\> not a quote"]);
        assert!(lines(" \n ").is_empty());
    }
}
