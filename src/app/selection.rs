//! Text selections in the reader: by sentence ([`crate::text::sentences`]), by word,
//! by paragraph.
//!
//! A selection is a byte range of the reading text with one active end, the end
//! that moves. Sentence and word steps move the active end to the next boundary of
//! that kind, never past the other end.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::corpus::{Article, BlockKind};

/// Which end of a selection moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Start,
    End,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub start: usize,
    pub end: usize,
    pub active: End,
}

/// The sentences of an article's reading text, block by block, without trailing
/// whitespace, in order. Headings and list items count as sentences of their own.
pub fn sentences(article: &Article) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for block in &article.blocks {
        let text = article.block_text(block);
        if matches!(block.kind, BlockKind::Heading(_) | BlockKind::Preformatted) {
            out.push(block.range.clone());
            continue;
        }
        let start = block.range.start;
        out.extend(crate::text::sentence_ranges(text).map(|s| start + s.start..start + s.end));
    }
    out
}

impl Selection {
    /// The sentence that contains `offset`, or the first one after it.
    pub fn at_sentence(sentences: &[Range<usize>], offset: usize) -> Option<Selection> {
        let s = sentences.iter().find(|s| s.end > offset)?;
        Some(Selection { start: s.start, end: s.end, active: End::End })
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// Where the active end is.
    pub fn head(&self) -> usize {
        match self.active {
            End::Start => self.start,
            End::End => self.end,
        }
    }

    pub fn swap(&mut self) {
        self.active = match self.active {
            End::Start => End::End,
            End::End => End::Start,
        };
    }

    /// Move the active end `steps` boundaries forward (or back, when negative),
    /// where `starts` and `ends` are the sorted boundaries of the unit.
    fn step(&mut self, starts: &[usize], ends: &[usize], steps: isize) {
        for _ in 0..steps.unsigned_abs() {
            let forward = steps > 0;
            match (self.active, forward) {
                (End::End, true) => {
                    if let Some(&e) = ends.iter().find(|&&e| e > self.end) {
                        self.end = e;
                    }
                }
                (End::End, false) => {
                    if let Some(&e) = ends.iter().rev().find(|&&e| e < self.end && e > self.start) {
                        self.end = e;
                    }
                }
                (End::Start, false) => {
                    if let Some(&s) = starts.iter().rev().find(|&&s| s < self.start) {
                        self.start = s;
                    }
                }
                (End::Start, true) => {
                    if let Some(&s) = starts.iter().find(|&&s| s > self.start && s < self.end) {
                        self.start = s;
                    }
                }
            }
        }
    }

    /// Move the active end by whole sentences.
    pub fn by_sentences(&mut self, sentences: &[Range<usize>], steps: isize) {
        let starts: Vec<usize> = sentences.iter().map(|s| s.start).collect();
        let ends: Vec<usize> = sentences.iter().map(|s| s.end).collect();
        self.step(&starts, &ends, steps);
    }

    /// Move the active end by words, looking only at the text near it.
    pub fn by_words(&mut self, text: &str, steps: isize) {
        // Words within reach: a few hundred bytes either side of the active end
        // covers any number of steps a count is likely to ask for.
        let reach = 64 * steps.unsigned_abs().max(1) + 256;
        let lo = crate::text::floor_boundary(text, self.head().saturating_sub(reach));
        let hi = crate::text::ceil_boundary(text, self.head() + reach);
        let (mut starts, mut ends) = (Vec::new(), Vec::new());
        for (i, w) in text[lo..hi].split_word_bound_indices() {
            if w.chars().any(char::is_alphanumeric) {
                starts.push(lo + i);
                ends.push(lo + i + w.len());
            }
        }
        self.step(&starts, &ends, steps);
    }

    /// Grow to whole blocks (paragraphs, list items…).
    pub fn paragraph(&mut self, article: &Article) {
        let last = self.end.saturating_sub(1).max(self.start);
        if let Some(first) = article.blocks.iter().find(|b| b.range.end >= self.start) {
            self.start = first.range.start.min(self.start);
        }
        if let Some(block) = article.blocks.iter().find(|b| b.range.contains(&last)) {
            self.end = block.range.end;
        }
    }

    /// The selection spanning `a` and `b`, with the active end at `b` (a mouse drag).
    pub fn between(a: usize, b: usize) -> Selection {
        if b >= a {
            Selection { start: a, end: b, active: End::End }
        } else {
            Selection { start: b, end: a, active: End::Start }
        }
    }
}

/// How many sentences, words and characters a range of `text` holds, for the status
/// bar.
pub fn describe(text: &str, range: Range<usize>, sentences: &[Range<usize>]) -> String {
    let slice = &text[range.clone()];
    let n_sentences = sentences.iter().filter(|s| s.start < range.end && s.end > range.start).count();
    let words = crate::text::words::count(slice);
    let chars = slice.chars().count();
    let plural = |n: usize, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    format!(
        "{} · {} · {}",
        plural(n_sentences, "sentence", "sentences"),
        plural(words, "word", "words"),
        plural(chars, "character", "characters")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Format, parse};

    fn article() -> Article {
        parse(
            b"First sentence here. Second one follows! Third ends it?\n\nA new paragraph starts. It has two.",
            Format::Text,
            "a.txt",
        )
    }

    fn text(a: &Article, s: &Selection) -> String {
        a.text[s.range()].to_owned()
    }

    #[test]
    fn sentences_by_the_text_splitter() {
        let a = article();
        let s: Vec<&str> = sentences(&a).iter().map(|r| &a.text[r.clone()]).collect();
        assert_eq!(
            s,
            ["First sentence here.", "Second one follows!", "Third ends it?", "A new paragraph starts.", "It has two."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let a = parse(b"Mr. Khan met U.S. officials on Jan. 5 in Islamabad. The talks went on.", Format::Text, "a.txt");
        let s: Vec<&str> = sentences(&a).iter().map(|r| &a.text[r.clone()]).collect();
        assert_eq!(s, ["Mr. Khan met U.S. officials on Jan. 5 in Islamabad.", "The talks went on."]);
    }

    #[test]
    fn extend_and_shrink_by_sentence() {
        let a = article();
        let ss = sentences(&a);
        let mut sel = Selection::at_sentence(&ss, 0).unwrap();
        assert_eq!(text(&a, &sel), "First sentence here.");
        sel.by_sentences(&ss, 3);
        assert_eq!(
            text(&a, &sel),
            "First sentence here. Second one follows! Third ends it?\n\nA new paragraph starts."
        );
        sel.by_sentences(&ss, -2);
        assert_eq!(text(&a, &sel), "First sentence here. Second one follows!");
        sel.by_sentences(&ss, -5);
        assert_eq!(text(&a, &sel), "First sentence here.", "never shrinks past the other end");
        sel.by_sentences(&ss, 99);
        assert!(text(&a, &sel).ends_with("It has two."));
    }

    #[test]
    fn swapping_moves_the_other_end() {
        let a = article();
        let ss = sentences(&a);
        let mut sel = Selection::at_sentence(&ss, a.text.find("Third").unwrap()).unwrap();
        sel.swap();
        sel.by_sentences(&ss, -1);
        assert_eq!(text(&a, &sel), "Second one follows! Third ends it?");
        sel.by_sentences(&ss, 1);
        assert_eq!(text(&a, &sel), "Third ends it?");
    }

    #[test]
    fn words_step_by_word() {
        let a = article();
        let ss = sentences(&a);
        let mut sel = Selection::at_sentence(&ss, 0).unwrap();
        sel.by_words(&a.text, -1);
        assert_eq!(text(&a, &sel), "First sentence here");
        sel.by_words(&a.text, 2);
        assert_eq!(text(&a, &sel), "First sentence here. Second one");
        sel.swap();
        sel.by_words(&a.text, 1);
        assert_eq!(text(&a, &sel), "sentence here. Second one");
    }

    #[test]
    fn paragraph_takes_whole_blocks() {
        let a = article();
        let ss = sentences(&a);
        let mut sel = Selection::at_sentence(&ss, a.text.find("Second").unwrap()).unwrap();
        sel.paragraph(&a);
        assert_eq!(text(&a, &sel), "First sentence here. Second one follows! Third ends it?");
    }

    #[test]
    fn description_counts() {
        let a = article();
        let ss = sentences(&a);
        assert_eq!(describe(&a.text, 0..40, &ss), "2 sentences · 6 words · 40 characters");
    }

    #[test]
    fn drag_between_orders_the_ends() {
        assert_eq!(Selection::between(10, 3), Selection { start: 3, end: 10, active: End::Start });
    }
}
