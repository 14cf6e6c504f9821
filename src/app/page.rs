//! An article laid out for the reader at one width.
//!
//! Built once per (article, width, folding) and kept in the state: drawing a frame only
//! reads the lines on screen, so the cost of a frame does not depend on the length of
//! the article. Each line records where its text comes from: a byte range of the
//! article's reading text, or of the page's own strings (header, link list,
//! boilerplate). That map from display lines to text offsets is what scrolling,
//! remembered positions and selections work with.

use std::ops::Range;

use crate::annotate::{AnchorState, Annotations, Resolved, Status};
use crate::corpus::{Article, BlockKind};
use crate::text::wrap;

/// What a display line shows, which decides how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    Kicker,
    Title,
    Meta,
    File,
    Warning,
    Rule,
    Blank,
    Heading(u8),
    Body,
    Quote,
    /// First line of a list item (drawn with a bullet).
    ListFirst,
    /// Continuation line of a list item.
    ListRest,
    Pre,
    /// Folded boilerplate: one line standing for `boilerplate[index]`.
    Fold {
        index: usize,
        paragraphs: usize,
    },
    /// Unfolded boilerplate text.
    Boilerplate,
    /// Line `line` (0 or 1) of the header's word that the main text was not found
    /// with confidence (worded by the view, which knows the key that unfolds the
    /// rest).
    Guessed {
        line: u8,
    },
    LinksHeading,
    /// First line of a link target.
    Link,
    /// Continuation of a long link target (drawn indented).
    LinkRest,
    /// The tags `from..to` of annotation `item` (an index into the reader's
    /// annotations), under the last line of its passage; as many lines as the tags
    /// need.
    Tags {
        item: usize,
        from: usize,
        to: usize,
    },
    /// Under a passage found only approximately: the text there changed.
    Changed {
        item: usize,
    },
    /// A line of the note of annotation `item`.
    Note {
        item: usize,
    },
    /// Heading of the list of annotations whose passage was not found.
    OrphansHeading,
    /// A line of the quote an orphaned annotation was made on.
    OrphanQuote {
        item: usize,
    },
}

impl LineKind {
    /// Columns drawn before the text (a bullet, a quote bar).
    pub fn indent(self) -> usize {
        match self {
            LineKind::ListFirst | LineKind::ListRest | LineKind::Quote => 2,
            LineKind::LinkRest | LineKind::Note { .. } => 4,
            LineKind::OrphanQuote { .. } => 2,
            _ => 0,
        }
    }
}

/// Where a line's text lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The article's reading text.
    Text,
    /// The page's own strings ([`Page::aux`]).
    Aux,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub source: Source,
    pub range: Range<usize>,
}

/// The display lines of one article at one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Width of the text column the lines were wrapped to.
    pub width: usize,
    pub show_boilerplate: bool,
    pub lines: Vec<Line>,
    /// Text of the lines whose source is [`Source::Aux`].
    pub aux: String,
    /// Indices of the lines whose source is [`Source::Text`], in order; their
    /// ranges ascend, so an offset finds its line by binary search.
    text_lines: Vec<usize>,
}

/// What the page shows besides the article itself.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    /// The article's path relative to the corpus, sanitised.
    pub file: &'a str,
    pub annotations: &'a Annotations,
}

impl Page {
    /// Lay `article` out in a column `width` cells wide.
    pub fn build(article: &Article, header: Header<'_>, width: usize, show_boilerplate: bool) -> Page {
        let mut page = Page {
            width: width.max(1),
            show_boilerplate,
            lines: Vec::new(),
            aux: String::new(),
            text_lines: Vec::new(),
        };
        page.header(article, header);
        page.body(article);
        page.index_text_lines();
        page.annotations(header.annotations);
        page.links(article);
        page.index_text_lines();
        page
    }

    fn index_text_lines(&mut self) {
        self.text_lines = (0..self.lines.len()).filter(|&i| self.lines[i].source == Source::Text).collect();
    }

    /// The byte offset of the reading text shown `cells` columns into line `i`, for
    /// a mouse position. `None` off the text.
    pub fn offset_at(&self, article: &Article, i: usize, cells: usize) -> Option<usize> {
        let line = self.lines.get(i)?;
        if line.source != Source::Text {
            return None;
        }
        let cells = cells.checked_sub(line.kind.indent())?;
        let text = &article.text[line.range.clone()];
        let mut used = 0;
        for (at, g) in unicode_segmentation::UnicodeSegmentation::grapheme_indices(text, true) {
            used += crate::text::width::grapheme_width(g);
            if used > cells {
                return Some(line.range.start + at);
            }
        }
        Some(line.range.end)
    }

    /// The display line that shows the character at byte `offset` of the text: the
    /// last text line starting at or before it. `None` before the body.
    pub fn line_showing(&self, offset: usize) -> Option<usize> {
        let before = self.text_lines.partition_point(|&i| self.lines[i].range.start <= offset);
        before.checked_sub(1).map(|k| self.text_lines[k])
    }

    /// The text of line `i`.
    pub fn text<'a>(&'a self, article: &'a Article, i: usize) -> &'a str {
        let line = &self.lines[i];
        match line.source {
            Source::Text => &article.text[line.range.clone()],
            Source::Aux => &self.aux[line.range.clone()],
        }
    }

    /// The first line to show in a pane `rows` high so that byte `offset` of the
    /// text is at the top (as near as the end of the page allows): the inverse of
    /// [`Page::offset_of_line`], used to keep a place across layouts.
    pub fn top_for(&self, offset: usize, rows: usize) -> usize {
        if offset == 0 {
            return 0;
        }
        let max = self.lines.len().saturating_sub(rows.max(1));
        self.line_showing(offset).unwrap_or(0).min(max)
    }

    /// The reading-text offset a line stands for: its own start, or that of the next
    /// text line below it (0 in the header).
    pub fn offset_of_line(&self, i: usize) -> usize {
        if i == 0 {
            return 0;
        }
        let next = self.text_lines.partition_point(|&t| t < i);
        self.text_lines.get(next).or(self.text_lines.last()).map_or(0, |&t| self.lines[t].range.start)
    }

    fn push_aux(&mut self, kind: LineKind, text: &str) {
        let start = self.aux.len();
        self.aux.push_str(text);
        self.lines.push(Line { kind, source: Source::Aux, range: start..self.aux.len() });
    }

    /// Wrap an aux string and push its lines.
    fn wrap_aux(&mut self, kind: LineKind, text: &str) {
        let start = self.aux.len();
        self.aux.push_str(text);
        for r in wrap(text, self.width.saturating_sub(kind.indent())) {
            self.lines.push(Line { kind, source: Source::Aux, range: start + r.start..start + r.end });
        }
    }

    fn blank(&mut self) {
        self.lines.push(Line { kind: LineKind::Blank, source: Source::Aux, range: 0..0 });
    }

    fn header(&mut self, article: &Article, header: Header<'_>) {
        let meta = &article.meta;
        self.blank();
        if let Some(kicker) = &meta.kicker {
            self.wrap_aux(LineKind::Kicker, &kicker.to_uppercase());
        }
        self.wrap_aux(LineKind::Title, &meta.title);
        let mut facts = Vec::new();
        if let Some(byline) = &meta.byline {
            facts.push(format!("By {byline}"));
        }
        if let Some(date) = meta.date {
            facts.push(date.to_string());
        }
        facts.push(format!("{} words", meta.words));
        facts.push(format!("{} min read", meta.reading_minutes()));
        if let Some(source) = &meta.source {
            facts.push(format!("via {source}"));
        }
        self.wrap_aux(LineKind::Meta, &facts.join(" · "));
        self.wrap_aux(LineKind::File, header.file);
        if meta.main_text_guessed {
            for line in 0..2 {
                self.lines.push(Line { kind: LineKind::Guessed { line }, source: Source::Aux, range: 0..0 });
            }
        }
        if meta.lossy {
            self.wrap_aux(LineKind::Warning, "Not valid UTF-8: undecodable bytes are shown as \u{fffd}.");
        }
        if let Status::ReadOnly(why) = &header.annotations.status {
            self.wrap_aux(LineKind::Warning, &format!("Annotations are read-only here: {why}"));
        }
        self.lines.push(Line { kind: LineKind::Rule, source: Source::Aux, range: 0..0 });
        self.blank();
    }

    fn body(&mut self, article: &Article) {
        if article.blocks.is_empty() {
            self.wrap_aux(LineKind::Warning, "This article has no text.");
        }
        for (i, block) in article.blocks.iter().enumerate() {
            self.boilerplate_before(article, i);
            if i > 0 {
                self.blank();
            }
            let (first, rest) = match block.kind {
                BlockKind::Heading(level) => (LineKind::Heading(level), LineKind::Heading(level)),
                BlockKind::Paragraph => (LineKind::Body, LineKind::Body),
                BlockKind::Quote => (LineKind::Quote, LineKind::Quote),
                BlockKind::ListItem => (LineKind::ListFirst, LineKind::ListRest),
                BlockKind::Preformatted => (LineKind::Pre, LineKind::Pre),
            };
            let text = article.block_text(block);
            let base = block.range.start;
            for (n, r) in wrap(text, self.width.saturating_sub(first.indent())).into_iter().enumerate() {
                self.lines.push(Line {
                    kind: if n == 0 { first } else { rest },
                    source: Source::Text,
                    range: base + r.start..base + r.end,
                });
            }
        }
        self.boilerplate_before(article, article.blocks.len());
    }

    fn boilerplate_before(&mut self, article: &Article, block: usize) {
        for (index, bp) in article.boilerplate.iter().enumerate().filter(|(_, b)| b.before == block) {
            if !self.lines.is_empty() && self.lines.last().is_some_and(|l| l.kind != LineKind::Blank) {
                self.blank();
            }
            self.lines.push(Line {
                kind: LineKind::Fold { index, paragraphs: bp.paragraphs.len() },
                source: Source::Aux,
                range: 0..0,
            });
            if self.show_boilerplate {
                for para in &bp.paragraphs {
                    self.wrap_aux(LineKind::Boilerplate, para);
                }
            }
            if block < article.blocks.len() {
                self.blank();
            }
        }
    }

    /// Tag lines (and notes) under each passage, and the orphans at the end.
    fn annotations(&mut self, annotations: &Annotations) {
        let items = &annotations.items;
        if items.is_empty() {
            return;
        }
        let mut after_line: Vec<(usize, usize)> = items
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let range = r.range.as_ref()?;
                let last = range.end.saturating_sub(1).max(range.start);
                Some((self.line_showing(last)?, i))
            })
            .collect();
        after_line.sort();
        let old = std::mem::take(&mut self.lines);
        let mut next = after_line.into_iter().peekable();
        for (index, line) in old.into_iter().enumerate() {
            self.lines.push(line);
            while let Some(&(_, item)) = next.peek().filter(|(at, _)| *at == index) {
                next.next();
                self.annotation_lines(item, &items[item]);
            }
        }
        let orphans: Vec<usize> = (0..items.len()).filter(|&i| items[i].range.is_none()).collect();
        if orphans.is_empty() {
            return;
        }
        self.blank();
        self.push_aux(LineKind::OrphansHeading, "Orphaned annotations: their passage is no longer in the text");
        for item in orphans {
            self.blank();
            let quote = format!("“{}”", crate::text::sanitize(&items[item].annotation.anchor.quote));
            self.wrap_aux(LineKind::OrphanQuote { item }, &quote);
            self.annotation_lines(item, &items[item]);
        }
    }

    /// The tag lines and note of annotation `item`: tags packed into lines of the
    /// column's width (a tag too long for a line gets one to itself, cut).
    fn annotation_lines(&mut self, item: usize, annotation: &Resolved) {
        let room = self.width.saturating_sub(4).max(1);
        let tags = &annotation.annotation.tags;
        let mut from = 0;
        let mut used = 0;
        for (i, tag) in tags.iter().enumerate() {
            let w = crate::text::width(&crate::text::sanitize_line(tag)).min(room);
            let need = if i == from { w } else { used + 3 + w };
            if i > from && need > room {
                self.lines.push(Line { kind: LineKind::Tags { item, from, to: i }, source: Source::Aux, range: 0..0 });
                from = i;
                used = w;
            } else {
                used = need;
            }
        }
        self.lines.push(Line { kind: LineKind::Tags { item, from, to: tags.len() }, source: Source::Aux, range: 0..0 });
        if annotation.state == AnchorState::Fuzzy {
            self.lines.push(Line { kind: LineKind::Changed { item }, source: Source::Aux, range: 0..0 });
        }
        for para in crate::text::sanitize(&annotation.annotation.note).lines() {
            self.wrap_aux(LineKind::Note { item }, para);
        }
    }

    fn links(&mut self, article: &Article) {
        if article.links.is_empty() {
            return;
        }
        self.blank();
        self.push_aux(LineKind::LinksHeading, "Links");
        for link in &article.links {
            let text = format!("[{}] {}", link.number, link.target);
            let start = self.aux.len();
            self.aux.push_str(&text);
            let first = wrap(&text, self.width);
            let head = first.first().map_or(0, |r| r.end);
            self.lines.push(Line { kind: LineKind::Link, source: Source::Aux, range: start..start + head });
            let rest_start = head + (text[head..].len() - text[head..].trim_start().len());
            let rest = &text[rest_start..];
            if rest.is_empty() {
                continue;
            }
            for r in wrap(rest, self.width.saturating_sub(LineKind::LinkRest.indent())) {
                self.lines.push(Line {
                    kind: LineKind::LinkRest,
                    source: Source::Aux,
                    range: start + rest_start + r.start..start + rest_start + r.end,
                });
            }
        }
    }

    /// Widest line, in cells.
    #[cfg(test)]
    pub fn widest(&self, article: &Article) -> usize {
        (0..self.lines.len())
            .map(|i| crate::text::width(self.text(article, i)) + self.lines[i].kind.indent())
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Format, parse};

    fn article() -> Article {
        parse(
            b"A Title For The Page\n\nByline: Jo Writer\n\nFirst paragraph with enough words to wrap across more than one line at a narrow width.\n\n\
              - an item that is also long enough to wrap\n\nSee <a href=\"https://e.example/x\">this</a>.\n\nTo continue reading\n\nStart your trial",
            Format::Text,
            "a.txt",
        )
    }

    #[test]
    fn lines_fit_the_width() {
        let a = article();
        for w in [10, 20, 33, 80] {
            let page = Page::build(
                &a,
                Header { file: "a.txt", annotations: &Annotations::none("a.txt.gloss.ron".into()) },
                w,
                true,
            );
            assert!(page.widest(&a) <= w, "width {w}");
        }
    }

    #[test]
    fn every_body_character_is_on_a_line() {
        let a = article();
        let page = Page::build(
            &a,
            Header { file: "a.txt", annotations: &Annotations::none("a.txt.gloss.ron".into()) },
            17,
            false,
        );
        let shown: String = (0..page.lines.len())
            .filter(|&i| page.lines[i].source == Source::Text)
            .map(|i| page.text(&a, i))
            .collect::<Vec<_>>()
            .join(" ");
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(squash(&shown), squash(&a.text));
    }

    #[test]
    fn header_then_body_then_links() {
        let a = article();
        let page = Page::build(
            &a,
            Header { file: "a.txt", annotations: &Annotations::none("a.txt.gloss.ron".into()) },
            80,
            false,
        );
        let kinds: Vec<LineKind> = page.lines.iter().map(|l| l.kind).collect();
        assert_eq!(kinds[0], LineKind::Blank);
        assert_eq!(kinds[1], LineKind::Title);
        assert_eq!(page.text(&a, 1), "A Title For The Page");
        assert!(page.text(&a, 2).starts_with("By Jo Writer · "));
        assert!(kinds.contains(&LineKind::ListFirst));
        assert!(kinds.contains(&LineKind::Fold { index: 0, paragraphs: 2 }));
        assert!(!kinds.contains(&LineKind::Boilerplate));
        assert_eq!(page.text(&a, page.lines.len() - 1), "[1] https://e.example/x");
    }

    #[test]
    fn unfolding_shows_boilerplate() {
        let a = article();
        let page = Page::build(
            &a,
            Header { file: "a.txt", annotations: &Annotations::none("a.txt.gloss.ron".into()) },
            80,
            true,
        );
        let bp: Vec<&str> = (0..page.lines.len())
            .filter(|&i| page.lines[i].kind == LineKind::Boilerplate)
            .map(|i| page.text(&a, i))
            .collect();
        assert_eq!(bp, ["To continue reading", "Start your trial"]);
    }

    #[test]
    fn offsets_map_to_lines_and_back() {
        let a = article();
        let page = Page::build(
            &a,
            Header { file: "a.txt", annotations: &Annotations::none("a.txt.gloss.ron".into()) },
            20,
            false,
        );
        for (i, line) in page.lines.iter().enumerate() {
            if line.source == Source::Text {
                assert_eq!(page.line_showing(line.range.start), Some(i));
                assert_eq!(page.offset_of_line(i), line.range.start);
            }
        }
        assert_eq!(page.line_showing(0), page.lines.iter().position(|l| l.source == Source::Text));
    }
}
