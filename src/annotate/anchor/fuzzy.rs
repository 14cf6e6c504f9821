//! Approximate places of a quote: every place within the edit bound, not only the
//! closest, so a near decoy elsewhere cannot hide the passage itself.

use std::collections::HashMap;
use std::ops::Range;

use triple_accel::SearchType;
use triple_accel::levenshtein::{LEVENSHTEIN_COSTS, levenshtein_exp, levenshtein_search_simd_with_opts};

use super::super::model::{Anchor, CONTEXT_CHARS};
use super::chars::CharIndex;

/// Work (quote length × text length, in characters) above which the approximate
/// search looks only where the passage is likely to be, rather than everywhere.
pub const SEARCH_BUDGET: usize = 20_000_000;

/// A text and a quote mapped to bytes so that a byte-level edit distance counts
/// character edits: each character of the quote gets its own code, every other
/// character one shared code that the quote never uses.
pub struct Coded {
    pub needle: Vec<u8>,
    pub haystack: Vec<u8>,
    /// Byte offset in the text of each character, and the text's length last.
    pub starts: Vec<usize>,
}

impl Coded {
    pub fn new(text: &str, quote: &str) -> Coded {
        let mut codes: HashMap<char, u8> = HashMap::new();
        for c in quote.chars() {
            let next = (codes.len() + 1).min(254) as u8;
            codes.entry(c).or_insert(next);
        }
        let needle = quote.chars().map(|c| codes[&c]).collect();
        let mut starts = Vec::with_capacity(text.len() + 1);
        let haystack = text
            .char_indices()
            .map(|(i, c)| {
                starts.push(i);
                codes.get(&c).copied().unwrap_or(255)
            })
            .collect();
        starts.push(text.len());
        Coded { needle, haystack, starts }
    }

    /// The character offset of byte `byte`.
    pub fn char_at(&self, byte: usize) -> usize {
        self.starts.partition_point(|&b| b < byte)
    }

    /// Edit distance, in characters, between the quote and byte range `range`.
    pub fn distance(&self, range: &Range<usize>) -> usize {
        let (s, e) = (self.char_at(range.start), self.char_at(range.end));
        levenshtein_exp(&self.needle, &self.haystack[s..e]) as usize
    }
}

/// Every place of `text` (as byte ranges) within `k` character edits of the quote,
/// one per cluster of overlapping matches: the one with the fewest edits, then the
/// length nearest the quote's.
pub fn places(text: &str, index: &CharIndex<'_>, anchor: &Anchor, coded: &Coded, k: usize) -> Vec<Range<usize>> {
    let len = coded.needle.len();
    let chars = coded.haystack.len();
    let mut found: Vec<(usize, usize, u32)> = Vec::new();
    for window in search_windows(text, index, anchor, len, k, chars) {
        let matches = levenshtein_search_simd_with_opts(
            &coded.needle,
            &coded.haystack[window.clone()],
            k as u32,
            SearchType::All,
            LEVENSHTEIN_COSTS,
            false,
        );
        found.extend(matches.map(|m| (window.start + m.start, window.start + m.end, m.k)));
    }
    found.sort_unstable();
    let mut clusters: Vec<(usize, usize, u32, usize)> = Vec::new(); // start, end, k, cluster end
    for (s, e, edits) in found {
        match clusters.last_mut() {
            Some(last) if s < last.3 => {
                last.3 = last.3.max(e);
                let off = |a: usize, b: usize| (b - a).abs_diff(len);
                if (edits, off(s, e)) < (last.2, off(last.0, last.1)) {
                    (last.0, last.1, last.2) = (s, e, edits);
                }
            }
            _ => clusters.push((s, e, edits, e)),
        }
    }
    clusters.into_iter().map(|(s, e, _, _)| coded.starts[s]..coded.starts[e]).collect()
}

/// Character ranges of the text to search for a quote `len` characters long, with up
/// to `k` edits. Short quotes (or short texts) are searched everywhere. For a long
/// quote in a long article that would take seconds, so the search is narrowed to
/// the recorded place and to wherever the quote's first or last 32 characters still
/// occur word for word: a passage edited only a little keeps one of its ends.
fn search_windows(
    text: &str,
    index: &CharIndex<'_>,
    anchor: &Anchor,
    len: usize,
    k: usize,
    chars: usize,
) -> Vec<Range<usize>> {
    if len.saturating_mul(chars) <= SEARCH_BUDGET {
        return std::iter::once(0..chars).collect();
    }
    let reach = len + k;
    let mut windows: Vec<Range<usize>> =
        std::iter::once(anchor.start.saturating_sub(reach)..(anchor.end + reach).min(chars)).collect();
    let head: String = anchor.quote.chars().take(CONTEXT_CHARS).collect();
    let tail: String = anchor.quote.chars().rev().take(CONTEXT_CHARS).collect::<Vec<_>>().into_iter().rev().collect();
    for i in memchr::memmem::find_iter(text.as_bytes(), head.as_bytes()).take(8) {
        let c = index.char_at(i);
        windows.push(c.saturating_sub(k)..(c + reach).min(chars));
    }
    for i in memchr::memmem::find_iter(text.as_bytes(), tail.as_bytes()).take(8) {
        let c = index.char_at(i + tail.len());
        windows.push(c.saturating_sub(reach)..(c + k).min(chars));
    }
    windows.sort_by_key(|w| w.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for w in windows.into_iter().filter(|w| w.start < w.end) {
        match merged.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => merged.push(w),
        }
    }
    merged
}
