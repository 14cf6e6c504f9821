//! The shared sink of the three parsers (plain text, Markdown, HTML): it turns a
//! stream of text runs, breaks, links and block boundaries into blocks of clean,
//! reflowed text.
//!
//! Every run of text is sanitised as it arrives, so a block never holds a control
//! character, and whitespace is collapsed (except in preformatted blocks). A link's
//! anchor text will be followed by a numbered marker `[n]`: until the blocks are
//! joined into the reading text, only its place is recorded, so the rules that find
//! titles and bylines read the words alone. The parsers only say what they see (a
//! link opens, a quote closes); the bookkeeping lives here.

use std::collections::HashMap;

use super::BlockKind;

/// A block as parsed, before metadata and boilerplate are taken out of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawBlock {
    pub kind: BlockKind,
    /// The words, without link markers. A line break kept from the source (`<br>`,
    /// a Markdown hard break) is a `\n`.
    pub text: String,
    /// Where link markers go: after the byte offset in `text` that ends their
    /// anchor text, with the link number each shows.
    pub markers: Vec<(usize, usize)>,
    /// Byte offsets in `text` where the source had a line break that reflow joined.
    pub soft_breaks: Vec<usize>,
    /// Known to be page furniture (a footer, an aside) from its markup alone.
    pub boilerplate: bool,
}

impl RawBlock {
    #[cfg(test)]
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        RawBlock { kind, text: text.into(), markers: Vec::new(), soft_breaks: Vec::new(), boilerplate: false }
    }

    /// Where the first line ends: at the first soft or kept line break.
    fn first_line_end(&self) -> usize {
        let soft = self.soft_breaks.first().copied().unwrap_or(self.text.len());
        self.text.find('\n').map_or(soft, |hard| hard.min(soft))
    }

    /// The text up to the first line break (or all of it).
    pub fn first_line(&self) -> &str {
        self.text[..self.first_line_end()].trim_end()
    }

    /// True when the first line is all there is.
    pub fn is_one_line(&self) -> bool {
        self.first_line_end() == self.text.len()
    }

    /// Remove the first `len` bytes (and the whitespace after them), with the
    /// markers of links that end in them.
    pub fn drop_front(&mut self, len: usize) {
        let rest = &self.text[len..];
        let cut = len + (rest.len() - rest.trim_start().len());
        self.text.drain(..cut);
        self.markers.retain(|&(at, _)| at > len);
        for (at, _) in &mut self.markers {
            *at = at.saturating_sub(cut);
        }
        self.soft_breaks.retain(|&at| at > cut);
        for at in &mut self.soft_breaks {
            *at -= cut;
        }
    }

    /// Remove the first line.
    pub fn drop_first_line(&mut self) {
        self.drop_front(self.first_line_end());
    }

    /// Keep only the first `len` bytes (less any trailing whitespace), with the
    /// markers of links that end in them.
    pub fn truncate(&mut self, len: usize) {
        let kept = self.text[..len].trim_end().len();
        self.text.truncate(kept);
        self.markers.retain(|&(at, _)| at <= len);
        for (at, _) in &mut self.markers {
            *at = (*at).min(kept);
        }
        self.soft_breaks.retain(|&at| at < kept);
    }

    /// Split the block at each of `cuts` (increasing byte offsets) at once, as
    /// [`split_off`](Self::split_off) at each in turn would: every piece but the last
    /// loses its trailing whitespace, every piece but the first its leading
    /// whitespace, and markers and line breaks go with their text. Linear in the
    /// block, however many pieces.
    pub fn split_all(self, cuts: &[usize]) -> Vec<RawBlock> {
        let RawBlock { kind, text, mut markers, mut soft_breaks, boilerplate } = self;
        // Collected in order already; sorted anyway, as the walk below needs.
        markers.sort_by_key(|&(at, _)| at);
        soft_breaks.sort_unstable();
        let mut markers = markers.into_iter().peekable();
        let mut breaks = soft_breaks.into_iter().peekable();
        let mut pieces = Vec::with_capacity(cuts.len() + 1);
        let mut start = 0;
        let ends = cuts.iter().copied().filter(|&at| at <= text.len()).chain(std::iter::once(text.len()));
        for end in ends {
            let end = end.max(start);
            let last = end == text.len();
            let kept = if last { end - start } else { text[start..end].trim_end().len() };
            let mut piece_markers = Vec::new();
            while let Some(&(at, n)) = markers.peek() {
                if at > end && !last {
                    break;
                }
                markers.next();
                piece_markers.push((at.saturating_sub(start).min(kept), n));
            }
            let mut piece_breaks = Vec::new();
            while let Some(&at) = breaks.peek() {
                if at >= start + kept && !last {
                    break;
                }
                breaks.next();
                if at > start || pieces.is_empty() {
                    piece_breaks.push(at - start);
                }
            }
            pieces.push(RawBlock {
                kind,
                text: text[start..start + kept].to_owned(),
                markers: piece_markers,
                soft_breaks: piece_breaks,
                boilerplate,
            });
            if last {
                break;
            }
            start = text.len() - text[end..].trim_start().len();
        }
        pieces
    }

    /// Split the block at byte `at`: `self` keeps what is before (less trailing
    /// whitespace), the returned block holds the rest (less leading whitespace).
    #[cfg(test)]
    pub fn split_off(&mut self, at: usize) -> RawBlock {
        let rest = self.text[at..].trim_start();
        let cut = self.text.len() - rest.len();
        let tail = RawBlock {
            kind: self.kind,
            text: rest.to_owned(),
            markers: self.markers.iter().filter(|(m, _)| *m > at).map(|&(m, n)| (m.saturating_sub(cut), n)).collect(),
            soft_breaks: self.soft_breaks.iter().filter(|&&b| b > cut).map(|&b| b - cut).collect(),
            boilerplate: self.boilerplate,
        };
        self.truncate(at);
        tail
    }

    /// The text as the reader will show it, with the markers in (numbered as
    /// parsed).
    #[cfg(test)]
    pub fn shown(&self) -> String {
        let mut out = String::new();
        let mut pos = 0;
        for &(at, n) in &self.markers {
            out.push_str(&self.text[pos..at]);
            out.push_str(&marker(n));
            pos = at;
        }
        out.push_str(&self.text[pos..]);
        out
    }
}

/// The marker shown after a link's anchor text.
pub(crate) fn marker(n: usize) -> String {
    format!("[{n}]")
}

/// Builds blocks from a stream of inline and block events.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    blocks: Vec<RawBlock>,
    /// Link targets; link `n` is `links[n - 1]`.
    links: Vec<String>,
    numbers: HashMap<String, usize>,
    cur: String,
    markers: Vec<(usize, usize)>,
    soft_breaks: Vec<usize>,
    pending_space: bool,
    /// Kind given to the block being collected when it is flushed.
    kind: Option<BlockKind>,
    /// Depth of `<pre>`/code block nesting: whitespace is kept verbatim inside.
    pre: usize,
    quote_depth: usize,
    /// Links opened and not yet closed: where their anchor text starts, and target.
    open_links: Vec<(usize, String)>,
    /// Blocks flushed while this is set are page furniture.
    furniture: bool,
}

impl Collector {
    pub fn new() -> Self {
        Self::default()
    }

    /// Append a run of text. Sanitised here; whitespace is collapsed unless in `pre`.
    pub fn text(&mut self, run: &str) {
        let clean = crate::text::sanitize_cow(run);
        if self.pre > 0 {
            self.cur.push_str(&clean);
            return;
        }
        // Whitespace collapses to one space between words, a word at a time. Once
        // sanitised, the only ASCII whitespace left is a space or a line break.
        let ascii = clean.is_ascii();
        let words = clean.split(move |c: char| if ascii { c == ' ' || c == '\n' } else { c.is_whitespace() });
        for (i, word) in words.enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.pending_space && !self.cur.is_empty() && !self.cur.ends_with('\n') {
                self.cur.push(' ');
            }
            self.pending_space = false;
            self.cur.push_str(word);
        }
    }

    /// A line break in the source that reflow will join (a newline in a paragraph).
    pub fn soft_break(&mut self) {
        if !self.cur.is_empty() {
            self.soft_breaks.push(self.cur.len());
            self.pending_space = true;
        }
    }

    /// A line break that must be kept (`<br>`, a Markdown hard break).
    pub fn hard_break(&mut self) {
        if !self.cur.is_empty() && !self.cur.ends_with('\n') {
            self.cur.push('\n');
        }
        self.pending_space = false;
    }

    /// A link starts: its anchor text follows.
    pub fn open_link(&mut self, href: &str) {
        self.open_links.push((self.cur.len(), href.to_owned()));
    }

    /// The innermost open link ends: if it had visible anchor text and a target worth
    /// listing, a numbered marker follows the text. Targets are numbered once, in
    /// order of first use.
    pub fn close_link(&mut self) {
        let Some((start, href)) = self.open_links.pop() else {
            return;
        };
        let href = href.trim();
        let anchor = self.cur.get(start..).unwrap_or("").trim();
        if anchor.is_empty() || !is_listable(href) || anchor == href {
            return;
        }
        let target = crate::text::sanitize_line(href);
        let n = match self.numbers.get(&target) {
            Some(&n) => n,
            None => {
                self.links.push(target.clone());
                self.numbers.insert(target, self.links.len());
                self.links.len()
            }
        };
        self.markers.push((self.cur.len(), n));
    }

    /// The kind a block gets outside any explicit kind: a quote inside a quote.
    fn outer(&self) -> Option<BlockKind> {
        (self.quote_depth > 0).then_some(BlockKind::Quote)
    }

    /// Finish the current block, then collect what follows as `kind`.
    pub fn start(&mut self, kind: BlockKind) {
        self.flush();
        self.kind = Some(kind);
    }

    /// Finish the current block and start a paragraph (a quote's, inside a quote).
    pub fn paragraph(&mut self) {
        self.end();
    }

    /// Finish the current block, then go back to the surrounding kind.
    pub fn end(&mut self) {
        self.flush();
        self.kind = self.outer();
    }

    /// True while collecting a list item (a paragraph inside it stays part of it).
    pub fn in_list_item(&self) -> bool {
        self.kind == Some(BlockKind::ListItem)
    }

    pub fn open_quote(&mut self) {
        self.quote_depth += 1;
        self.start(BlockKind::Quote);
    }

    pub fn close_quote(&mut self) {
        self.quote_depth = self.quote_depth.saturating_sub(1);
        self.end();
    }

    /// Whether what follows is page furniture (a footer, an aside, whatever is
    /// outside the page's main text).
    pub fn set_furniture(&mut self, furniture: bool) {
        if furniture != self.furniture {
            self.flush();
            self.furniture = furniture;
        }
    }

    pub fn open_pre(&mut self) {
        self.start(BlockKind::Preformatted);
        self.pre += 1;
    }

    pub fn close_pre(&mut self) {
        self.pre = self.pre.saturating_sub(1);
        self.end();
    }

    /// Finish the block being collected, if it has any text.
    pub fn flush(&mut self) {
        let kind = self.kind.or(self.outer()).unwrap_or(BlockKind::Paragraph);
        let verbatim = self.pre > 0 || kind == BlockKind::Preformatted;
        // Where the kept text starts and ends in `cur`, trimmed the same way for
        // offsets as for the text.
        let lead = if verbatim {
            self.cur.len() - self.cur.trim_start_matches('\n').len()
        } else {
            self.cur.len() - self.cur.trim_start().len()
        };
        let text = self.cur[lead..].trim_end();
        if !text.is_empty() {
            let len = text.len();
            let markers = self.markers.iter().filter(|(at, _)| *at > lead).map(|&(at, n)| ((at - lead).min(len), n));
            let soft_breaks =
                self.soft_breaks.iter().filter(|&&at| at > lead && at - lead < len).map(|&at| at - lead).collect();
            self.blocks.push(RawBlock {
                kind,
                text: text.to_owned(),
                markers: markers.collect(),
                soft_breaks,
                boilerplate: self.furniture,
            });
        }
        self.cur.clear();
        self.markers.clear();
        self.soft_breaks.clear();
        self.pending_space = false;
        // A link that spans blocks goes on in the next one.
        for (start, _) in &mut self.open_links {
            *start = 0;
        }
    }

    pub fn finish(mut self) -> (Vec<RawBlock>, Vec<String>) {
        self.flush();
        (self.blocks, self.links)
    }
}

/// Whether a link target is worth listing: not an in-page anchor, not a script.
fn is_listable(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    !(href.is_empty() || href.starts_with('#') || lower.starts_with("javascript:") || lower.starts_with("data:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(c: &mut Collector, text: &str, href: &str) {
        c.open_link(href);
        c.text(text);
        c.close_link();
    }

    #[test]
    fn collapses_whitespace_and_sanitises() {
        let mut c = Collector::new();
        c.text("  Hello,\n\t world \x1b[31m!  ");
        let (blocks, _) = c.finish();
        assert_eq!(blocks[0].text, "Hello, world !");
    }

    #[test]
    fn links_get_numbered_markers_once_per_target() {
        let mut c = Collector::new();
        c.text("See ");
        link(&mut c, "this", "https://a.example/");
        c.text(" and ");
        link(&mut c, "that", "https://b.example/");
        c.text(" and ");
        link(&mut c, "this again", "https://a.example/");
        let (blocks, links) = c.finish();
        assert_eq!(blocks[0].shown(), "See this[1] and that[2] and this again[1]");
        assert_eq!(links, ["https://a.example/", "https://b.example/"]);
        assert_eq!(blocks[0].markers, [(8, 1), (17, 2), (32, 1)]);
        assert_eq!(blocks[0].text, "See this and that and this again");
    }

    #[test]
    fn anchors_and_scripts_are_not_listed() {
        let mut c = Collector::new();
        for href in ["#top", "javascript:void(0)", ""] {
            link(&mut c, "x ", href);
        }
        link(&mut c, "https://same.example", "https://same.example");
        let (blocks, links) = c.finish();
        assert!(links.is_empty());
        assert_eq!(blocks[0].text, "x x x https://same.example");
    }

    #[test]
    fn markers_in_preformatted_text_keep_their_place() {
        let mut c = Collector::new();
        c.open_pre();
        c.text("  see ");
        link(&mut c, "日本", "https://a.example");
        c.text(" ok");
        c.close_pre();
        let (blocks, _) = c.finish();
        assert_eq!(blocks[0].shown(), "  see 日本[1] ok");
        assert_eq!(blocks[0].markers, [(12, 1)]);
        assert_eq!(blocks[0].text, "  see 日本 ok");
    }

    #[test]
    fn quotes_nest_and_unwind() {
        let mut c = Collector::new();
        c.open_quote();
        c.text("outer");
        c.start(BlockKind::ListItem);
        c.text("item");
        c.end();
        c.text("still quoted");
        c.close_quote();
        c.text("after");
        let (blocks, _) = c.finish();
        let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, [BlockKind::Quote, BlockKind::ListItem, BlockKind::Quote, BlockKind::Paragraph]);
    }

    #[test]
    fn split_all_is_split_off_at_each_cut_in_turn() {
        let mut c = Collector::new();
        for i in 0..40 {
            c.text(&format!("Sentence {i} runs on "));
            if i % 3 == 0 {
                link(&mut c, "with a link.", &format!("https://x.example/{i}"));
            } else {
                c.text("without one.");
            }
            if i % 4 == 0 {
                c.soft_break();
            }
            c.text(" ");
        }
        let (blocks, _) = c.finish();
        let block = blocks.into_iter().next().unwrap();
        assert!(block.markers.len() > 10 && block.soft_breaks.len() > 5);
        let text = block.text.clone();
        let ends: Vec<usize> = text.match_indices(". ").map(|(i, _)| i + 1).collect();
        for cuts in [vec![], vec![ends[0]], ends.iter().step_by(3).copied().collect(), ends.clone()] {
            let mut expected = Vec::new();
            let mut rest = block.clone();
            let mut done = 0;
            for &at in &cuts {
                let tail = rest.split_off(at - done);
                // Where the tail starts in the whole text.
                done = text.len() - tail.text.len();
                expected.push(rest);
                rest = tail;
            }
            expected.push(rest);
            assert_eq!(block.clone().split_all(&cuts), expected, "cuts {cuts:?}");
        }
    }

    #[test]
    fn split_off_divides_markers() {
        let mut c = Collector::new();
        c.text("First part. ");
        link(&mut c, "Second", "https://x.example");
        c.text(" part.");
        let (mut blocks, _) = c.finish();
        let tail = blocks[0].split_off(11);
        assert_eq!(blocks[0].text, "First part.");
        assert!(blocks[0].markers.is_empty());
        assert_eq!(tail.shown(), "Second[1] part.");
        assert_eq!(tail.markers, [(6, 1)]);
    }

    #[test]
    fn truncate_keeps_a_marker_exactly_when_it_keeps_the_link() {
        let mut c = Collector::new();
        link(&mut c, "the report.", "https://x.example");
        c.text(" Next.");
        let (blocks, _) = c.finish();
        let cut = |len| {
            let mut b = blocks[0].clone();
            b.truncate(len);
            b.shown()
        };
        assert_eq!(cut(13), "the report.[1] N");
        assert_eq!(cut(12), "the report.[1]");
        assert_eq!(cut(11), "the report.[1]");
        assert_eq!(cut(10), "the report");
    }

    #[test]
    fn kept_line_breaks_end_the_first_line() {
        let mut c = Collector::new();
        c.text("By Jo Writer");
        c.hard_break();
        c.text("March 3, 2024");
        let (mut blocks, _) = c.finish();
        assert!(!blocks[0].is_one_line());
        assert_eq!(blocks[0].first_line(), "By Jo Writer");
        blocks[0].drop_first_line();
        assert_eq!(blocks[0].text, "March 3, 2024");
        assert!(blocks[0].is_one_line());
    }

    #[test]
    fn drop_front_shifts_markers_and_breaks() {
        let mut b = RawBlock::new(BlockKind::Paragraph, "By Someone Text here");
        b.soft_breaks = vec![10];
        b.markers = vec![(10, 1), (20, 2)];
        assert_eq!(b.first_line(), "By Someone");
        b.drop_first_line();
        assert_eq!(b.shown(), "Text here[2]");
        assert_eq!(b.markers, [(9, 2)]);
        assert!(b.soft_breaks.is_empty());
    }

    #[test]
    fn many_distinct_links_are_numbered_quickly() {
        let mut c = Collector::new();
        for i in 0..50_000 {
            link(&mut c, "x", &format!("https://e.example/{i}"));
            c.text(" ");
        }
        let (_, links) = c.finish();
        assert_eq!(links.len(), 50_000);
    }
}
