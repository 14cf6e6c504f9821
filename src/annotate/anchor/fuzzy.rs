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

/// A quote, and the code that maps text to bytes so that a byte-level edit distance
/// counts character edits: each character of the quote gets its own code, every
/// other character one shared code that the quote never uses. Only the parts of a
/// text that are searched are coded, never the whole of a long article per quote.
pub struct Coded {
    pub needle: Vec<u8>,
    /// Codes of ASCII characters, looked up directly; others in `other`.
    ascii: [u8; 128],
    other: HashMap<char, u8>,
}

/// The code of a character the quote does not have.
const ELSE: u8 = 255;

impl Coded {
    pub fn new(quote: &str) -> Coded {
        let mut coded = Coded { needle: Vec::new(), ascii: [ELSE; 128], other: HashMap::new() };
        let mut next = 1u8;
        for c in quote.chars() {
            if coded.code(c) == ELSE {
                match u8::try_from(c).ok().filter(u8::is_ascii) {
                    Some(b) => coded.ascii[usize::from(b)] = next,
                    None => {
                        coded.other.insert(c, next);
                    }
                }
                next = (next + 1).min(254);
            }
            coded.needle.push(coded.code(c));
        }
        coded
    }

    fn code(&self, c: char) -> u8 {
        match u8::try_from(c) {
            Ok(b) if b.is_ascii() => self.ascii[usize::from(b)],
            _ => self.other.get(&c).copied().unwrap_or(ELSE),
        }
    }

    /// `text` coded, a byte per character.
    pub fn haystack(&self, text: &str) -> Vec<u8> {
        text.chars().map(|c| self.code(c)).collect()
    }

    /// Edit distance, in characters, between the quote and `text`.
    pub fn distance(&self, text: &str) -> usize {
        levenshtein_exp(&self.needle, &self.haystack(text)) as usize
    }
}

/// Every place of `text` (as byte ranges) within `k` character edits of the quote,
/// one per cluster of overlapping matches: the one with the fewest edits, then the
/// length nearest the quote's.
pub fn places(text: &str, index: &CharIndex<'_>, anchor: &Anchor, coded: &Coded, k: usize) -> Vec<Range<usize>> {
    let len = coded.needle.len();
    let chars = index.total();
    let mut found: Vec<(usize, usize, u32)> = Vec::new();
    for window in search_windows(text, index, anchor, len, k, chars) {
        let Some(bytes) = index.bytes_of(window.start, window.end) else { continue };
        let haystack = coded.haystack(&text[bytes]);
        let matches = levenshtein_search_simd_with_opts(
            &coded.needle,
            &haystack,
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
    clusters.into_iter().filter_map(|(s, e, _, _)| index.bytes_of(s, e)).collect()
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
