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
///
/// The lines are the header's, then one *segment* per block of the body (the
/// boilerplate folded before the block, the blank line above it, its wrapped text and
/// the tags and notes under passages that end in it), then the tail (boilerplate at
/// the end, orphaned annotations, links). A page may be built lazily
/// ([`Page::lazy`]): the header and tail are laid out at once and each segment only
/// when asked for ([`Page::lay`]); until then it counts as an estimate of its lines.
/// Running line counts in a Fenwick tree make finding a line's segment, and a
/// segment's first line, logarithmic in the number of blocks, so neither a frame nor a
/// key press costs more on a longer article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Width of the text column the lines were wrapped to.
    pub width: usize,
    pub show_boilerplate: bool,
    /// Text of the lines whose source is [`Source::Aux`].
    pub aux: String,
    head: Vec<Line>,
    segments: Vec<Option<Vec<Line>>>,
    /// Line count of each segment: exact once laid out, estimated before.
    counts: Fenwick,
    tail: Vec<Line>,
    /// Start offset of each block of the article, to find a block by offset.
    starts: Vec<usize>,
    /// For each block, the annotations (by index) whose passage ends in it, with the
    /// offset of the passage's last character, sorted.
    ends: Vec<Vec<(usize, usize)>>,
    /// Segments not laid out yet.
    unlaid: usize,
    /// Every segment before this one is laid out.
    frontier: usize,
}

/// What the page shows besides the article itself.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    /// The article's path relative to the corpus, sanitised.
    pub file: &'a str,
    pub annotations: &'a Annotations,
}

/// Articles with more reading text than this are laid out lazily by the reader.
pub const LAZY_FROM: usize = 256 * 1024;

impl Page {
    /// Lay `article` out in a column `width` cells wide, every line of it.
    pub fn build(article: &Article, header: Header<'_>, width: usize, show_boilerplate: bool) -> Page {
        let mut page = Page::lazy(article, header, width, show_boilerplate);
        for b in 0..page.segments.len() {
            page.lay_segment(b, article, header.annotations);
        }
        page
    }

    /// The page with its header and tail laid out and the body estimated: what
    /// [`Page::lay`] and [`Page::lay_some`] fill in.
    pub fn lazy(article: &Article, header: Header<'_>, width: usize, show_boilerplate: bool) -> Page {
        let n = article.blocks.len();
        let mut page = Page {
            width: width.max(1),
            show_boilerplate,
            aux: String::new(),
            head: Vec::new(),
            segments: vec![None; n],
            counts: Fenwick::default(),
            tail: Vec::new(),
            starts: article.blocks.iter().map(|b| b.range.start).collect(),
            ends: vec![Vec::new(); n],
            unlaid: n,
            frontier: 0,
        };
        page.header(article, header);
        let estimates: Vec<usize> = (0..n).map(|b| page.estimate(article, b)).collect();
        page.counts = Fenwick::new(&estimates);
        for (item, r) in header.annotations.items.iter().enumerate() {
            if let Some(range) = &r.range {
                let last = range.end.saturating_sub(1).max(range.start);
                if let Some(b) = page.block_of(last) {
                    page.ends[b].push((last, item));
                }
            }
        }
        for ends in &mut page.ends {
            ends.sort();
        }
        page.tail = page.collect(|p, out| {
            p.boilerplate_before(article, n, n > 0, out);
            p.orphans(header.annotations, out);
            p.links(article, out);
        });
        page
    }

    /// How many lines there are (some estimated while segments are not laid out).
    pub fn len(&self) -> usize {
        self.head.len() + self.counts.total() + self.tail.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every segment is laid out: every count is exact.
    pub fn is_complete(&self) -> bool {
        self.unlaid == 0
    }

    /// Line `i`, or `None` past the end or in a segment not laid out yet.
    pub fn line(&self, i: usize) -> Option<&Line> {
        if i < self.head.len() {
            return self.head.get(i);
        }
        let body = i - self.head.len();
        if body >= self.counts.total() {
            return self.tail.get(body - self.counts.total());
        }
        let (b, within) = self.counts.find(body);
        self.segments[b].as_ref()?.get(within)
    }

    /// The block of the text holding byte `offset` (the last one starting at or before
    /// it); `None` before the first block.
    fn block_of(&self, offset: usize) -> Option<usize> {
        self.starts.partition_point(|&s| s <= offset).checked_sub(1)
    }

    /// The first line of segment `b`.
    fn segment_start(&self, b: usize) -> usize {
        self.head.len() + self.counts.prefix(b)
    }

    /// The segment line `i` is in, with the line's place in it.
    fn segment_at(&self, i: usize) -> Option<(usize, usize)> {
        let body = i.checked_sub(self.head.len())?;
        (body < self.counts.total()).then(|| self.counts.find(body))
    }

    /// Lay out the segments under lines `from..from + rows`, moving `top` so that it
    /// shows the same text as before (or, in a segment that was only estimated, the
    /// same proportion of it).
    pub fn lay(&mut self, article: &Article, annotations: &Annotations, top: &mut usize, rows: usize) {
        let mut i = *top;
        while i < (*top + rows).min(self.len()) {
            let Some((b, _)) = self.segment_at(i) else {
                break;
            };
            self.lay_at(b, article, annotations, top);
            i = self.segment_start(b) + self.counts.get(b);
        }
    }

    /// Lay out the segment holding byte `offset` of the text, moving `top` to keep its
    /// place; what makes [`Page::line_showing`] exact for that offset.
    pub fn lay_offset(&mut self, article: &Article, annotations: &Annotations, offset: usize, top: &mut usize) {
        if let Some(b) = self.block_of(offset) {
            self.lay_at(b, article, annotations, top);
        }
    }

    /// Lay out segments from the end until the last `rows` lines are all laid out.
    pub fn lay_end(&mut self, article: &Article, annotations: &Annotations, rows: usize, top: &mut usize) {
        let mut b = self.segments.len();
        while b > 0 && self.len() - self.segment_start(b) < rows + self.tail.len() {
            b -= 1;
            self.lay_at(b, article, annotations, top);
        }
    }

    /// Lay out segments in order until `budget` is spent; true while some remain.
    pub fn lay_some(
        &mut self,
        article: &Article,
        annotations: &Annotations,
        top: &mut usize,
        budget: std::time::Duration,
    ) -> bool {
        let start = std::time::Instant::now();
        while self.frontier < self.segments.len() {
            let b = self.frontier;
            self.lay_at(b, article, annotations, top);
            self.frontier += 1;
            if start.elapsed() >= budget {
                break;
            }
        }
        while self.frontier < self.segments.len() && self.segments[self.frontier].is_some() {
            self.frontier += 1;
        }
        !self.is_complete()
    }

    /// Lay out segment `b` if it is not, keeping `top` where it was.
    fn lay_at(&mut self, b: usize, article: &Article, annotations: &Annotations, top: &mut usize) {
        if self.segments[b].is_some() {
            return;
        }
        let start = self.segment_start(b);
        let estimate = self.counts.get(b);
        self.lay_segment(b, article, annotations);
        let actual = self.counts.get(b);
        if *top >= start + estimate {
            *top = *top + actual - estimate;
        } else if *top > start {
            let within = (*top - start) * actual / estimate.max(1);
            *top = start + within.min(actual.saturating_sub(1));
        }
    }

    fn lay_segment(&mut self, b: usize, article: &Article, annotations: &Annotations) {
        if self.segments[b].is_some() {
            return;
        }
        let lines = self.collect(|p, out| p.segment(article, annotations, b, out));
        let count = lines.len();
        self.segments[b] = Some(lines);
        let old = self.counts.get(b);
        self.counts.add(b, count as isize - old as isize);
        self.unlaid -= 1;
    }

    /// Lines of segment `b` are at least one per block line: an estimate from the
    /// text's length, exact for the lines around it.
    fn estimate(&self, article: &Article, b: usize) -> usize {
        let block = &article.blocks[b];
        let room = self.width.saturating_sub(2).max(1);
        let text = &article.text[block.range.clone()];
        let wrapped = text.len() / room + 1 + text.bytes().filter(|&c| c == b'\n').count().min(text.len());
        let folds = article.boilerplate.iter().filter(|bp| bp.before == b).count();
        wrapped + usize::from(b > 0) + folds * 3
    }

    /// Lines written by `fill` into a fresh vector (fill may add to `aux`).
    fn collect(&mut self, fill: impl FnOnce(&mut Page, &mut Vec<Line>)) -> Vec<Line> {
        let mut out = Vec::new();
        fill(self, &mut out);
        out
    }

    /// The byte offset of the reading text shown `cells` columns into line `i`, for
    /// a mouse position. `None` off the text.
    pub fn offset_at(&self, article: &Article, i: usize, cells: usize) -> Option<usize> {
        let line = self.line(i)?;
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
    /// last text line starting at or before it. `None` before the body. In a segment
    /// not laid out, an estimate.
    pub fn line_showing(&self, offset: usize) -> Option<usize> {
        let b = self.block_of(offset)?;
        let start = self.segment_start(b);
        match &self.segments[b] {
            Some(lines) => {
                let last = lines.iter().rposition(|l| l.source == Source::Text && l.range.start <= offset);
                last.map(|k| start + k)
            }
            None => {
                let len = self.starts.get(b + 1).map_or(offset + 1, |&s| s) - self.starts[b];
                let into = offset - self.starts[b];
                Some(start + (into * self.counts.get(b) / len.max(1)).min(self.counts.get(b).saturating_sub(1)))
            }
        }
    }

    /// The text of line `i` (empty for a line not laid out).
    pub fn text<'a>(&'a self, article: &'a Article, i: usize) -> &'a str {
        let Some(line) = self.line(i) else {
            return "";
        };
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
        let max = self.len().saturating_sub(rows.max(1));
        self.line_showing(offset).unwrap_or(0).min(max)
    }

    /// The reading-text offset a line stands for: its own start, or that of the next
    /// text line below it (0 in the header). In a segment not laid out, an estimate.
    pub fn offset_of_line(&self, i: usize) -> usize {
        if i == 0 {
            return 0;
        }
        if i < self.head.len() {
            return self.starts.first().copied().unwrap_or(0);
        }
        let Some((b, within)) = self.segment_at(i) else {
            // In the tail: the start of the last text line.
            let last = self.segments.len().checked_sub(1);
            return last
                .and_then(|b| self.segments[b].as_ref()?.iter().rev().find(|l| l.source == Source::Text))
                .map_or_else(|| self.starts.last().copied().unwrap_or(0), |l| l.range.start);
        };
        match &self.segments[b] {
            Some(lines) => match lines[within..].iter().find(|l| l.source == Source::Text) {
                Some(line) => line.range.start,
                None => match self.starts.get(b + 1) {
                    Some(&next) => next,
                    None => {
                        lines.iter().rev().find(|l| l.source == Source::Text).map_or(self.starts[b], |l| l.range.start)
                    }
                },
            },
            // Not laid out: the block's start, which is near enough to keep a place.
            None => {
                let _ = within;
                self.starts[b]
            }
        }
    }

    fn push_aux(&mut self, out: &mut Vec<Line>, kind: LineKind, text: &str) {
        let start = self.aux.len();
        self.aux.push_str(text);
        out.push(Line { kind, source: Source::Aux, range: start..self.aux.len() });
    }

    /// Wrap an aux string and push its lines.
    fn wrap_aux(&mut self, out: &mut Vec<Line>, kind: LineKind, text: &str) {
        let start = self.aux.len();
        self.aux.push_str(text);
        for r in wrap(text, self.width.saturating_sub(kind.indent())) {
            out.push(Line { kind, source: Source::Aux, range: start + r.start..start + r.end });
        }
    }

    fn blank(out: &mut Vec<Line>) {
        out.push(Line { kind: LineKind::Blank, source: Source::Aux, range: 0..0 });
    }

    fn header(&mut self, article: &Article, header: Header<'_>) {
        let mut out = Vec::new();
        let meta = &article.meta;
        Page::blank(&mut out);
        if let Some(kicker) = &meta.kicker {
            self.wrap_aux(&mut out, LineKind::Kicker, &kicker.to_uppercase());
        }
        self.wrap_aux(&mut out, LineKind::Title, &meta.title);
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
        self.wrap_aux(&mut out, LineKind::Meta, &facts.join(" · "));
        self.wrap_aux(&mut out, LineKind::File, header.file);
        if meta.main_text_guessed {
            for line in 0..2 {
                out.push(Line { kind: LineKind::Guessed { line }, source: Source::Aux, range: 0..0 });
            }
        }
        if meta.lossy {
            self.wrap_aux(&mut out, LineKind::Warning, "Not valid UTF-8: undecodable bytes are shown as \u{fffd}.");
        }
        if let Status::ReadOnly(why) = &header.annotations.status {
            self.wrap_aux(&mut out, LineKind::Warning, &format!("Annotations are read-only here: {why}"));
        }
        out.push(Line { kind: LineKind::Rule, source: Source::Aux, range: 0..0 });
        Page::blank(&mut out);
        if article.blocks.is_empty() {
            self.wrap_aux(&mut out, LineKind::Warning, "This article has no text.");
        }
        self.head = out;
    }

    /// The lines of block `i`: boilerplate folded before it, a blank line, its text,
    /// and the tags and notes of the passages that end in it.
    fn segment(&mut self, article: &Article, annotations: &Annotations, i: usize, out: &mut Vec<Line>) {
        self.boilerplate_before(article, i, i > 0, out);
        if i > 0 {
            Page::blank(out);
        }
        let block = &article.blocks[i];
        let (first, rest) = match block.kind {
            BlockKind::Heading(level) => (LineKind::Heading(level), LineKind::Heading(level)),
            BlockKind::Paragraph => (LineKind::Body, LineKind::Body),
            BlockKind::Quote => (LineKind::Quote, LineKind::Quote),
            BlockKind::ListItem => (LineKind::ListFirst, LineKind::ListRest),
            BlockKind::Preformatted => (LineKind::Pre, LineKind::Pre),
        };
        let text = article.block_text(block);
        let base = block.range.start;
        let ends = std::mem::take(&mut self.ends[i]);
        let mut ends_iter = ends.iter().peekable();
        let lines = wrap(text, self.width.saturating_sub(first.indent()));
        for (n, r) in lines.iter().enumerate() {
            out.push(Line {
                kind: if n == 0 { first } else { rest },
                source: Source::Text,
                range: base + r.start..base + r.end,
            });
            // The passages whose last character this line shows: those ending before
            // the next line starts.
            let next = lines.get(n + 1).map_or(usize::MAX, |r| base + r.start);
            let mut here = Vec::new();
            while let Some(&&(last, item)) = ends_iter.peek() {
                if last >= next {
                    break;
                }
                ends_iter.next();
                here.push(item);
            }
            here.sort_unstable();
            for item in here {
                if let Some(annotation) = annotations.items.get(item) {
                    self.annotation_lines(out, item, annotation);
                }
            }
        }
        self.ends[i] = ends;
    }

    fn boilerplate_before(&mut self, article: &Article, block: usize, after_text: bool, out: &mut Vec<Line>) {
        for (index, bp) in article.boilerplate.iter().enumerate().filter(|(_, b)| b.before == block) {
            let last_blank = match out.last() {
                Some(line) => line.kind == LineKind::Blank,
                None => !after_text,
            };
            if !last_blank {
                Page::blank(out);
            }
            out.push(Line {
                kind: LineKind::Fold { index, paragraphs: bp.paragraphs.len() },
                source: Source::Aux,
                range: 0..0,
            });
            if self.show_boilerplate {
                for para in &bp.paragraphs {
                    self.wrap_aux(out, LineKind::Boilerplate, para);
                }
            }
            if block < article.blocks.len() {
                Page::blank(out);
            }
        }
    }

    /// The annotations whose passage is gone, listed at the end.
    fn orphans(&mut self, annotations: &Annotations, out: &mut Vec<Line>) {
        let items = &annotations.items;
        let orphans: Vec<usize> = (0..items.len()).filter(|&i| items[i].range.is_none()).collect();
        if orphans.is_empty() {
            return;
        }
        Page::blank(out);
        let heading = if orphans.iter().any(|&i| items[i].state == AnchorState::Ambiguous) {
            "Annotations without a place: their passage is gone, or is in several places"
        } else {
            "Orphaned annotations: their passage is no longer in the text"
        };
        self.push_aux(out, LineKind::OrphansHeading, heading);
        for item in orphans {
            Page::blank(out);
            let quote = format!("“{}”", crate::text::sanitize(&items[item].annotation.anchor.quote));
            self.wrap_aux(out, LineKind::OrphanQuote { item }, &quote);
            self.annotation_lines(out, item, &items[item]);
        }
    }

    /// The tag lines and note of annotation `item`: tags packed into lines of the
    /// column's width (a tag too long for a line gets one to itself, cut).
    fn annotation_lines(&mut self, out: &mut Vec<Line>, item: usize, annotation: &Resolved) {
        let room = self.width.saturating_sub(4).max(1);
        let tags = &annotation.annotation.tags;
        let mut from = 0;
        let mut used = 0;
        for (i, tag) in tags.iter().enumerate() {
            let w = crate::text::width(&crate::text::sanitize_line(tag)).min(room);
            let need = if i == from { w } else { used + 3 + w };
            if i > from && need > room {
                out.push(Line { kind: LineKind::Tags { item, from, to: i }, source: Source::Aux, range: 0..0 });
                from = i;
                used = w;
            } else {
                used = need;
            }
        }
        out.push(Line { kind: LineKind::Tags { item, from, to: tags.len() }, source: Source::Aux, range: 0..0 });
        if matches!(annotation.state, AnchorState::Fuzzy | AnchorState::Ambiguous) {
            out.push(Line { kind: LineKind::Changed { item }, source: Source::Aux, range: 0..0 });
        }
        for para in crate::text::sanitize(&annotation.annotation.note).lines() {
            self.wrap_aux(out, LineKind::Note { item }, para);
        }
    }

    fn links(&mut self, article: &Article, out: &mut Vec<Line>) {
        if article.links.is_empty() {
            return;
        }
        Page::blank(out);
        self.push_aux(out, LineKind::LinksHeading, "Links");
        for link in &article.links {
            let text = format!("[{}] {}", link.number, link.target);
            let start = self.aux.len();
            self.aux.push_str(&text);
            let first = wrap(&text, self.width);
            let head = first.first().map_or(0, |r| r.end);
            out.push(Line { kind: LineKind::Link, source: Source::Aux, range: start..start + head });
            let rest_start = head + (text[head..].len() - text[head..].trim_start().len());
            let rest = &text[rest_start..];
            if rest.is_empty() {
                continue;
            }
            for r in wrap(rest, self.width.saturating_sub(LineKind::LinkRest.indent())) {
                out.push(Line {
                    kind: LineKind::LinkRest,
                    source: Source::Aux,
                    range: start + rest_start + r.start..start + rest_start + r.end,
                });
            }
        }
    }

    /// Every line, in order, for a page that is laid out whole.
    pub fn lines(&self) -> impl Iterator<Item = &Line> + '_ {
        (0..self.len()).filter_map(|i| self.line(i))
    }

    /// Widest line, in cells.
    #[cfg(test)]
    pub fn widest(&self, article: &Article) -> usize {
        (0..self.len())
            .map(|i| crate::text::width(self.text(article, i)) + self.line(i).map_or(0, |l| l.kind.indent()))
            .max()
            .unwrap_or(0)
    }
}

/// Running sums of the segments' line counts (a Fenwick tree), with the counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Fenwick {
    tree: Vec<usize>,
    values: Vec<usize>,
    total: usize,
}

impl Fenwick {
    fn new(values: &[usize]) -> Fenwick {
        let mut tree = vec![0; values.len() + 1];
        for (i, &v) in values.iter().enumerate() {
            let k = i + 1;
            tree[k] += v;
            let parent = k + (k & k.wrapping_neg());
            if parent < tree.len() {
                tree[parent] += tree[k];
            }
        }
        Fenwick { tree, values: values.to_vec(), total: values.iter().sum() }
    }

    fn total(&self) -> usize {
        self.total
    }

    fn get(&self, i: usize) -> usize {
        self.values[i]
    }

    fn add(&mut self, i: usize, delta: isize) {
        self.values[i] = self.values[i].wrapping_add_signed(delta);
        self.total = self.total.wrapping_add_signed(delta);
        let mut k = i + 1;
        while k < self.tree.len() {
            self.tree[k] = self.tree[k].wrapping_add_signed(delta);
            k += k & k.wrapping_neg();
        }
    }

    /// The sum of the first `i` values.
    fn prefix(&self, i: usize) -> usize {
        let mut sum = 0;
        let mut k = i;
        while k > 0 {
            sum += self.tree[k];
            k -= k & k.wrapping_neg();
        }
        sum
    }

    /// The value `line` falls in (`line < total`), with how far into it.
    fn find(&self, line: usize) -> (usize, usize) {
        let mut pos = 0;
        let mut rest = line;
        let mut step = (self.tree.len()).next_power_of_two() / 2;
        while step > 0 {
            let next = pos + step;
            if next < self.tree.len() && self.tree[next] <= rest {
                pos = next;
                rest -= self.tree[next];
            }
            step /= 2;
        }
        (pos, rest)
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
        let shown: String = (0..page.len())
            .filter(|&i| page.line(i).unwrap().source == Source::Text)
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
        let kinds: Vec<LineKind> = page.lines().map(|l| l.kind).collect();
        assert_eq!(kinds[0], LineKind::Blank);
        assert_eq!(kinds[1], LineKind::Title);
        assert_eq!(page.text(&a, 1), "A Title For The Page");
        assert!(page.text(&a, 2).starts_with("By Jo Writer · "));
        assert!(kinds.contains(&LineKind::ListFirst));
        assert!(kinds.contains(&LineKind::Fold { index: 0, paragraphs: 2 }));
        assert!(!kinds.contains(&LineKind::Boilerplate));
        assert_eq!(page.text(&a, page.len() - 1), "[1] https://e.example/x");
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
        let bp: Vec<&str> = (0..page.len())
            .filter(|&i| page.line(i).unwrap().kind == LineKind::Boilerplate)
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
        for (i, line) in page.lines().enumerate() {
            if line.source == Source::Text {
                assert_eq!(page.line_showing(line.range.start), Some(i));
                assert_eq!(page.offset_of_line(i), line.range.start);
            }
        }
        assert_eq!(page.line_showing(0), page.lines().position(|l| l.source == Source::Text));
    }

    fn long_article(paragraphs: usize) -> Article {
        let mut text = String::from("A Long Report\n\n");
        for i in 0..paragraphs {
            text.push_str(&format!(
                "Paragraph {i} says that the border was closed again and again, as it was before.\n\n"
            ));
        }
        parse(text.as_bytes(), Format::Text, "long.txt")
    }

    #[test]
    fn a_lazy_page_laid_out_in_slices_is_the_whole_page() {
        let a = long_article(300);
        let none = Annotations::none("x".into());
        let header = Header { file: "long.txt", annotations: &none };
        let whole = Page::build(&a, header, 30, false);
        let mut lazy = Page::lazy(&a, header, 30, false);
        assert!(!lazy.is_complete());
        let mut top = 0;
        lazy.lay(&a, &none, &mut top, 10);
        assert_eq!(top, 0);
        assert!(lazy.line(5).is_some(), "what is on screen is laid out");
        while lazy.lay_some(&a, &none, &mut top, std::time::Duration::ZERO) {}
        assert_eq!(lazy.lines().cloned().collect::<Vec<_>>(), whole.lines().cloned().collect::<Vec<_>>());
        assert_eq!(lazy.len(), whole.len());
    }

    #[test]
    fn laying_out_above_the_top_keeps_the_same_text_there() {
        let a = long_article(300);
        let none = Annotations::none("x".into());
        let header = Header { file: "long.txt", annotations: &none };
        let mut page = Page::lazy(&a, header, 30, false);
        // Jump to a passage near the end: exact once its block is laid out.
        let offset = a.blocks[250].range.start + 10;
        let mut top = 0;
        page.lay_offset(&a, &none, offset, &mut top);
        let mut top = page.line_showing(offset).unwrap();
        let shown = page.text(&a, top).to_owned();
        page.lay(&a, &none, &mut top, 8);
        // Everything above gets laid out, which changes the counts before the top.
        while page.lay_some(&a, &none, &mut top, std::time::Duration::ZERO) {}
        assert_eq!(page.text(&a, top), shown);
        assert_eq!(Some(top), page.line_showing(offset));
    }

    #[test]
    fn annotations_go_under_their_passage_in_a_lazy_page() {
        let a = long_article(50);
        let text = &a.text;
        let at = text.find("Paragraph 40").unwrap();
        let anchor = crate::annotate::anchor::record(text, at..at + 12, &a.source_hash);
        let annotation = crate::annotate::Annotation::new(anchor, vec!["border".into()], String::new());
        let item = crate::annotate::Resolved::locate(&a, &annotation);
        let annotations = Annotations { items: vec![item], ..Annotations::none("x".into()) };
        let header = Header { file: "long.txt", annotations: &annotations };
        let whole = Page::build(&a, header, 40, false);
        let mut lazy = Page::lazy(&a, header, 40, false);
        let mut top = 0;
        while lazy.lay_some(&a, &annotations, &mut top, std::time::Duration::ZERO) {}
        assert_eq!(lazy.lines().collect::<Vec<_>>(), whole.lines().collect::<Vec<_>>());
        let tags = whole.lines().position(|l| matches!(l.kind, LineKind::Tags { item: 0, .. })).unwrap();
        assert!(whole.text(&a, tags - 1).starts_with("Paragraph 40"));
    }
}
