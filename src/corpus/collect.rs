//! The shared sink of the three parsers (plain text, Markdown, HTML): it turns a
//! stream of text runs, breaks and links into blocks of clean, reflowed text.
//!
//! Every run of text is sanitised as it arrives, so a block never holds a control
//! character, and whitespace is collapsed (except in preformatted blocks). A link's
//! anchor text is followed by a numbered marker `[n]`; the marker's position is
//! recorded so later steps can move text around without losing it.

use crate::text::sanitize;

use super::BlockKind;

/// A block as parsed, before metadata and boilerplate are taken out of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawBlock {
    pub kind: BlockKind,
    pub text: String,
    /// Byte offsets in `text` of link markers, and the link number each shows.
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

    /// The text up to the first soft break (or all of it).
    pub fn first_line(&self) -> &str {
        match self.soft_breaks.first() {
            Some(&at) => self.text[..at].trim_end(),
            None => &self.text,
        }
    }

    /// True when the first line is all there is.
    pub fn is_one_line(&self) -> bool {
        self.soft_breaks.is_empty()
    }

    /// Remove the first `len` bytes (and the whitespace after them).
    pub fn drop_front(&mut self, len: usize) {
        let rest = &self.text[len..];
        let cut = len + (rest.len() - rest.trim_start().len());
        self.text.drain(..cut);
        self.markers.retain(|&(at, _)| at >= cut);
        for (at, _) in &mut self.markers {
            *at -= cut;
        }
        self.soft_breaks.retain(|&at| at > cut);
        for at in &mut self.soft_breaks {
            *at -= cut;
        }
    }

    /// Remove the first line (up to the first soft break).
    pub fn drop_first_line(&mut self) {
        let len = self.soft_breaks.first().copied().unwrap_or(self.text.len());
        self.drop_front(len);
    }

    /// Keep only the first `len` bytes (less any trailing whitespace).
    pub fn truncate(&mut self, len: usize) {
        let len = self.text[..len].trim_end().len();
        self.text.truncate(len);
        self.markers.retain(|&(at, _)| at < len);
        self.soft_breaks.retain(|&at| at < len);
    }

    /// Split the block at byte `at`: `self` keeps what is before (less trailing
    /// whitespace), the returned block holds the rest (less leading whitespace).
    pub fn split_off(&mut self, at: usize) -> RawBlock {
        let rest = self.text[at..].trim_start();
        let cut = self.text.len() - rest.len();
        let tail = RawBlock {
            kind: self.kind,
            text: rest.to_owned(),
            markers: self.markers.iter().filter(|(m, _)| *m >= cut).map(|&(m, n)| (m - cut, n)).collect(),
            soft_breaks: self.soft_breaks.iter().filter(|&&b| b > cut).map(|&b| b - cut).collect(),
            boilerplate: self.boilerplate,
        };
        self.truncate(at);
        tail
    }

    /// The text without link markers, for metadata and word counts.
    pub fn plain(&self) -> String {
        if self.markers.is_empty() {
            return self.text.clone();
        }
        let mut out = String::with_capacity(self.text.len());
        let mut pos = 0;
        for &(at, n) in &self.markers {
            out.push_str(&self.text[pos..at]);
            pos = at + marker(n).len();
        }
        out.push_str(&self.text[pos..]);
        out
    }
}

/// The marker shown after a link's anchor text.
pub(crate) fn marker(n: usize) -> String {
    format!("[{n}]")
}

/// Builds blocks from a stream of inline events.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    pub blocks: Vec<RawBlock>,
    /// Link targets; link `n` is `links[n - 1]`.
    pub links: Vec<String>,
    cur: String,
    markers: Vec<(usize, usize)>,
    soft_breaks: Vec<usize>,
    pending_space: bool,
    /// Kind given to the block being collected when it is flushed.
    pub kind: Option<BlockKind>,
    /// Depth of `<pre>`/code block nesting: whitespace is kept verbatim inside.
    pub pre: usize,
    /// Blocks flushed while this is non-zero are page furniture.
    pub furniture: usize,
}

impl Collector {
    pub fn new() -> Self {
        Self::default()
    }

    /// Append a run of text. Sanitised here; whitespace is collapsed unless in `pre`.
    pub fn text(&mut self, run: &str) {
        let clean = sanitize(run);
        if self.pre > 0 {
            self.cur.push_str(&clean);
            return;
        }
        for c in clean.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.cur.is_empty() && !self.cur.ends_with('\n') {
                    self.cur.push(' ');
                }
                self.pending_space = false;
                self.cur.push(c);
            }
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

    /// Where a link's anchor text starts; pass it to [`Collector::link_end`].
    pub fn link_start(&self) -> usize {
        self.cur.len()
    }

    /// Close a link: if it had visible anchor text and a target worth listing, put a
    /// numbered marker after the text. Targets are numbered once, in order of first use.
    pub fn link_end(&mut self, start: usize, href: &str) {
        let href = href.trim();
        let anchor = self.cur.get(start..).unwrap_or("").trim();
        if anchor.is_empty() || !is_listable(href) || anchor == href {
            return;
        }
        let target = crate::text::sanitize_line(href);
        let n = match self.links.iter().position(|l| *l == target) {
            Some(i) => i + 1,
            None => {
                self.links.push(target);
                self.links.len()
            }
        };
        self.markers.push((self.cur.len(), n));
        self.cur.push_str(&marker(n));
    }

    /// Finish the block being collected, if it has any text.
    pub fn flush(&mut self) {
        let kind = self.kind.unwrap_or(BlockKind::Paragraph);
        let text = if self.pre > 0 || kind == BlockKind::Preformatted {
            self.cur.trim_matches('\n').trim_end().to_owned()
        } else {
            self.cur.trim().to_owned()
        };
        if !text.is_empty() {
            let lead = self.cur.len() - self.cur.trim_start().len();
            let shift = |v: &[(usize, usize)]| -> Vec<(usize, usize)> {
                v.iter()
                    .filter(|(at, _)| *at >= lead && *at - lead < text.len())
                    .map(|&(at, n)| (at - lead, n))
                    .collect()
            };
            let markers = if kind == BlockKind::Preformatted { Vec::new() } else { shift(&self.markers) };
            let soft_breaks = self
                .soft_breaks
                .iter()
                .filter(|&&at| at > lead && at - lead < text.len())
                .map(|&at| at - lead)
                .collect();
            self.blocks.push(RawBlock { kind, text, markers, soft_breaks, boilerplate: self.furniture > 0 });
        }
        self.cur.clear();
        self.markers.clear();
        self.soft_breaks.clear();
        self.pending_space = false;
    }

    /// Flush, then collect the following text as `kind`.
    pub fn start(&mut self, kind: BlockKind) {
        self.flush();
        self.kind = Some(kind);
    }

    /// Flush, then go back to collecting paragraphs (or `outer`).
    pub fn end(&mut self, outer: Option<BlockKind>) {
        self.flush();
        self.kind = outer;
    }

    pub fn finish(mut self) -> (Vec<RawBlock>, Vec<String>) {
        self.flush();
        (self.blocks, self.links)
    }
}

/// Whether a link target is worth listing: not an in-page anchor, not a script.
fn is_listable(href: &str) -> bool {
    !(href.is_empty()
        || href.starts_with('#')
        || href.to_ascii_lowercase().starts_with("javascript:")
        || href.to_ascii_lowercase().starts_with("data:"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let s = c.link_start();
        c.text("this");
        c.link_end(s, "https://a.example/");
        c.text(" and ");
        let s = c.link_start();
        c.text("that");
        c.link_end(s, "https://b.example/");
        c.text(" and ");
        let s = c.link_start();
        c.text("this again");
        c.link_end(s, "https://a.example/");
        let (blocks, links) = c.finish();
        assert_eq!(blocks[0].text, "See this[1] and that[2] and this again[1]");
        assert_eq!(links, ["https://a.example/", "https://b.example/"]);
        assert_eq!(blocks[0].markers, [(8, 1), (20, 2), (38, 1)]);
        assert_eq!(blocks[0].plain(), "See this and that and this again");
    }

    #[test]
    fn anchors_and_scripts_are_not_listed() {
        let mut c = Collector::new();
        for href in ["#top", "javascript:void(0)", ""] {
            let s = c.link_start();
            c.text("x ");
            c.link_end(s, href);
        }
        let s = c.link_start();
        c.text("https://same.example");
        c.link_end(s, "https://same.example");
        let (blocks, links) = c.finish();
        assert!(links.is_empty());
        assert_eq!(blocks[0].text, "x x x https://same.example");
    }

    #[test]
    fn split_off_divides_markers() {
        let mut c = Collector::new();
        c.text("First part. ");
        let s = c.link_start();
        c.text("Second");
        c.link_end(s, "https://x.example");
        c.text(" part.");
        let (mut blocks, _) = c.finish();
        let tail = blocks[0].split_off(11);
        assert_eq!(blocks[0].text, "First part.");
        assert!(blocks[0].markers.is_empty());
        assert_eq!(tail.text, "Second[1] part.");
        assert_eq!(tail.markers, [(6, 1)]);
    }

    #[test]
    fn drop_front_shifts_markers_and_breaks() {
        let mut b = RawBlock::new(BlockKind::Paragraph, "By Someone\nText here[1]");
        b.soft_breaks = vec![10];
        b.markers = vec![(20, 1)];
        b.text = "By Someone Text here[1]".into();
        assert_eq!(b.first_line(), "By Someone");
        b.drop_first_line();
        assert_eq!(b.text, "Text here[1]");
        assert_eq!(b.markers, [(9, 1)]);
        assert!(b.soft_breaks.is_empty());
    }
}
