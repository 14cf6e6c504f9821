//! Recording a passage, and finding it again after the article changed.
//!
//! An anchor keeps the passage's exact text, 32 characters of context on each side,
//! and its position in Unicode scalar values. Finding it again tries, in order:
//!
//! 1. **exact**: the recorded position still holds the quote;
//! 2. **moved**: the quote, word for word, elsewhere; when it occurs more than once,
//!    the context on each side and nearness to the old position choose, and a match
//!    whose context does not agree is only taken for a long quote found once;
//! 3. **fuzzy**: the closest approximate match by edit distance (Levenshtein, found
//!    with a bit-parallel search), accepted only when at least 80% similar and, for
//!    quotes under 40 characters, backed by the context;
//! 4. **orphan**: nothing close enough. No guess is better than a wrong one.

use std::collections::HashMap;
use std::ops::Range;

use triple_accel::SearchType;
use triple_accel::levenshtein::{LEVENSHTEIN_COSTS, levenshtein_search_simd_with_opts};

use super::model::{Anchor, AnchorState, CONTEXT_CHARS};

/// Quotes shorter than this (in characters) are not matched approximately.
pub const MIN_FUZZY_CHARS: usize = 12;
/// Lowest similarity (1 − edits / length) a fuzzy match may have.
pub const MIN_SIMILARITY: f64 = 0.8;
/// Quotes at least this long stand on their own, without context to back them.
const SELF_EVIDENT_CHARS: usize = 40;
/// A unique exact quote at least this long is accepted even if its context changed.
const UNIQUE_EXACT_CHARS: usize = 24;

/// Where an annotation's passage is in the text now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub state: AnchorState,
    /// Byte range in the current text; `None` for an orphan.
    pub range: Option<Range<usize>>,
}

/// Record the passage at byte range `range` of `text`.
pub fn record(text: &str, range: Range<usize>, source: &str) -> Anchor {
    let before = &text[..range.start];
    let after = &text[range.end..];
    let prefix_start = before.char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(i, _)| i);
    let suffix_end = after.char_indices().nth(CONTEXT_CHARS).map_or(after.len(), |(i, _)| i);
    let start = before.chars().count();
    let quote = &text[range.clone()];
    Anchor {
        quote: quote.to_owned(),
        prefix: before[prefix_start..].to_owned(),
        suffix: after[..suffix_end].to_owned(),
        start,
        end: start + quote.chars().count(),
        source: source.to_owned(),
        state: AnchorState::Exact,
        unknown: Vec::new(),
    }
}

/// Find `anchor`'s passage in `text`.
pub fn resolve(text: &str, anchor: &Anchor) -> Resolution {
    let found = |state, range| Resolution { state, range: Some(range) };
    if anchor.quote.is_empty() {
        return Resolution { state: AnchorState::Orphan, range: None };
    }
    if let Some(range) = char_range_to_bytes(text, anchor.start, anchor.end)
        && text[range.clone()] == anchor.quote
    {
        return found(AnchorState::Exact, range);
    }
    if let Some(range) = exact_elsewhere(text, anchor) {
        return found(AnchorState::Moved, range);
    }
    if let Some(range) = fuzzy(text, anchor) {
        return found(AnchorState::Fuzzy, range);
    }
    Resolution { state: AnchorState::Orphan, range: None }
}

/// Resolve `anchor` against `text` (whose source hashes to `source`) and say how the
/// stored anchor should change, if at all: a moved passage gets its new position and
/// context, a confirmed one the new source hash, a fuzzy or orphaned one only its
/// state (its quote is kept until the user confirms a new match).
pub fn reanchor(text: &str, source: &str, anchor: &Anchor) -> (Resolution, Option<Anchor>) {
    let resolution = resolve(text, anchor);
    let refreshed = |range: &Range<usize>, state| Anchor {
        state,
        unknown: anchor.unknown.clone(),
        ..record(text, range.clone(), source)
    };
    let updated = match (resolution.state, &resolution.range) {
        // Where it was, from the same source: nothing new to record.
        (AnchorState::Exact, Some(_))
            if anchor.source == source && matches!(anchor.state, AnchorState::Exact | AnchorState::Moved) =>
        {
            None
        }
        (AnchorState::Exact, Some(range)) => Some(refreshed(range, AnchorState::Exact)),
        (AnchorState::Moved, Some(range)) => Some(refreshed(range, AnchorState::Moved)),
        (state, _) => (anchor.state != state).then(|| Anchor { state, ..anchor.clone() }),
    };
    (resolution, updated.filter(|u| u != anchor))
}

/// Byte range of the characters `start..end`, if the text is that long.
pub fn char_range_to_bytes(text: &str, start: usize, end: usize) -> Option<Range<usize>> {
    let s = byte_of_char(text, start)?;
    let e = s + byte_of_char(&text[s..], end.checked_sub(start)?)?;
    Some(s..e)
}

/// Where character `n` of `text` starts (`text.len()` for `n` equal to the number of
/// characters). Counts 64 bytes at a time, which the compiler vectorises: what keeps
/// finding a thousand passages in a long article from reading it a thousand times
/// one character at a time.
fn byte_of_char(text: &str, n: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // A byte starts a character unless it is a continuation byte (10xxxxxx).
    let starts = |b: &u8| (*b as i8) >= -0x40;
    let mut seen = 0;
    let mut at = 0;
    for chunk in bytes.chunks_exact(64) {
        let here = chunk.iter().filter(|b| starts(b)).count();
        if seen + here > n {
            break;
        }
        seen += here;
        at += 64;
    }
    for (i, b) in bytes[at..].iter().enumerate() {
        if starts(b) {
            if seen == n {
                return Some(at + i);
            }
            seen += 1;
        }
    }
    (seen == n).then_some(bytes.len())
}

/// How well the text around `range` agrees with the recorded context, 0 to 1.
fn context_score(text: &str, range: &Range<usize>, anchor: &Anchor) -> f64 {
    let total = anchor.prefix.chars().count() + anchor.suffix.chars().count();
    if total == 0 {
        return 1.0;
    }
    let before = text[..range.start].chars().rev().zip(anchor.prefix.chars().rev()).take_while(|(a, b)| a == b);
    let after = text[range.end..].chars().zip(anchor.suffix.chars()).take_while(|(a, b)| a == b);
    (before.count() + after.count()) as f64 / total as f64
}

fn exact_elsewhere(text: &str, anchor: &Anchor) -> Option<Range<usize>> {
    let len = anchor.quote.len();
    // memchr's SIMD substring search: several times the speed of `str::match_indices`
    // on a long text, and this runs once per annotation.
    let candidates: Vec<Range<usize>> =
        memchr::memmem::find_iter(text.as_bytes(), anchor.quote.as_bytes()).map(|i| i..i + len).collect();
    let unique = candidates.len() == 1;
    let long = anchor.quote.chars().count() >= UNIQUE_EXACT_CHARS;
    // Candidates come in text order: count characters from one to the next, not
    // from the start of the text for each.
    let mut counted = (0, 0);
    candidates
        .into_iter()
        .map(|r| {
            counted = (r.start, counted.1 + text[counted.0..r.start].chars().count());
            let context = context_score(text, &r, anchor);
            (context, counted.1.abs_diff(anchor.start), r)
        })
        .filter(|(context, _, _)| *context >= 0.5 || (unique && long))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, _, r)| r)
}

fn fuzzy(text: &str, anchor: &Anchor) -> Option<Range<usize>> {
    let quote: Vec<char> = anchor.quote.chars().collect();
    if quote.len() < MIN_FUZZY_CHARS {
        return None;
    }
    // Map characters to bytes so a byte-level search measures character edits: each
    // character of the quote gets its own code, every other character one shared
    // code that the quote never uses (and NUL is never used).
    let mut codes: HashMap<char, u8> = HashMap::new();
    for &c in &quote {
        let next = (codes.len() + 1).min(254) as u8;
        codes.entry(c).or_insert(next);
    }
    let needle: Vec<u8> = quote.iter().map(|c| codes[c]).collect();
    let mut starts = Vec::with_capacity(text.len());
    let haystack: Vec<u8> = text
        .char_indices()
        .map(|(i, c)| {
            starts.push(i);
            codes.get(&c).copied().unwrap_or(255)
        })
        .collect();
    starts.push(text.len());
    let k = ((quote.len() as f64) * (1.0 - MIN_SIMILARITY)).floor() as u32;
    let windows = search_windows(text, anchor, &starts, quote.len(), k as usize, haystack.len());
    let mut best: Option<(f64, f64, usize, Range<usize>)> = None;
    for window in windows {
        let found = levenshtein_search_simd_with_opts(
            &needle,
            &haystack[window.clone()],
            k,
            SearchType::Best,
            LEVENSHTEIN_COSTS,
            false,
        );
        for m in found {
            let (ms, me) = (window.start + m.start, window.start + m.end);
            let range = starts[ms]..starts[me];
            let longest = quote.len().max(me - ms);
            let similarity = 1.0 - f64::from(m.k) / longest as f64;
            let context = context_score(text, &range, anchor);
            let backed = context >= 0.5 || quote.len() >= SELF_EVIDENT_CHARS;
            if similarity < MIN_SIMILARITY || !backed {
                continue;
            }
            let candidate = (similarity, context, ms.abs_diff(anchor.start), range);
            let better = best.as_ref().is_none_or(|b| {
                candidate.0.total_cmp(&b.0).then(candidate.1.total_cmp(&b.1)).then(b.2.cmp(&candidate.2)).is_gt()
            });
            if better {
                best = Some(candidate);
            }
        }
    }
    best.map(|(_, _, _, r)| r)
}

/// Work (quote length × text length, in characters) above which the approximate
/// search looks only where the passage is likely to be, rather than everywhere.
const SEARCH_BUDGET: usize = 20_000_000;

/// Character ranges of the text to search for a quote `len` characters long, with up
/// to `k` edits. Short quotes (or short texts) are searched everywhere. For a long
/// quote in a long article that would take seconds, so the search is narrowed to
/// the recorded place and to wherever the quote's first or last 32 characters still
/// occur word for word: a passage edited only a little keeps one of its ends.
fn search_windows(
    text: &str,
    anchor: &Anchor,
    starts: &[usize],
    len: usize,
    k: usize,
    chars: usize,
) -> Vec<Range<usize>> {
    if len.saturating_mul(chars) <= SEARCH_BUDGET {
        return std::iter::once(0..chars).collect();
    }
    let char_at = |byte: usize| starts.partition_point(|&b| b < byte);
    let reach = len + k;
    let mut windows: Vec<Range<usize>> =
        std::iter::once(anchor.start.saturating_sub(reach)..(anchor.end + reach).min(chars)).collect();
    let head: String = anchor.quote.chars().take(CONTEXT_CHARS).collect();
    let tail: String = anchor.quote.chars().rev().take(CONTEXT_CHARS).collect::<Vec<_>>().into_iter().rev().collect();
    for (i, _) in text.match_indices(&head).take(8) {
        let c = char_at(i);
        windows.push(c.saturating_sub(k)..(c + reach).min(chars));
    }
    for (i, _) in text.match_indices(&tail).take(8) {
        let c = char_at(i + tail.len());
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

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Officials met in Islamabad on Tuesday. The border fence is nearly complete, they said. \
                        Smugglers still cut it at night. Repairs take weeks in the mountains.";

    fn passage(text: &str, quote: &str) -> Anchor {
        let start = text.find(quote).unwrap();
        record(text, start..start + quote.len(), "blake3:old")
    }

    #[test]
    fn characters_map_to_bytes_as_char_indices_says() {
        let text = "Zürich — talks 日本 ended.".repeat(20);
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for (n, &byte) in starts.iter().enumerate() {
            assert_eq!(byte_of_char(&text, n), Some(byte), "char {n}");
        }
        assert_eq!(byte_of_char(&text, starts.len()), None);
        assert_eq!(char_range_to_bytes(&text, 3, 9), Some(starts[3]..starts[9]));
        assert_eq!(char_range_to_bytes(&text, 5, 5), Some(starts[5]..starts[5]));
    }

    #[test]
    fn records_quote_context_and_scalar_positions() {
        let text = "Zürich — the talks ended. Next.";
        let start = text.find("the talks").unwrap();
        let a = record(text, start..start + "the talks ended.".len(), "h");
        assert_eq!(a.quote, "the talks ended.");
        assert_eq!(a.prefix, "Zürich — ");
        assert_eq!(a.suffix, " Next.");
        assert_eq!((a.start, a.end), (9, 25));
        assert_eq!(char_range_to_bytes(text, a.start, a.end), Some(start..start + a.quote.len()));
    }

    #[test]
    fn context_is_capped_at_32_characters() {
        let text = format!("{}QUOTE{}", "a".repeat(50), "b".repeat(50));
        let a = passage(&text, "QUOTE");
        assert_eq!(a.prefix.chars().count(), 32);
        assert_eq!(a.suffix.chars().count(), 32);
    }

    #[test]
    fn unchanged_text_is_exact() {
        let a = passage(TEXT, "The border fence is nearly complete");
        let r = resolve(TEXT, &a);
        assert_eq!(r.state, AnchorState::Exact);
        assert_eq!(&TEXT[r.range.unwrap()], a.quote);
    }

    #[test]
    fn text_inserted_before_moves_it() {
        let a = passage(TEXT, "Smugglers still cut it at night.");
        let edited = format!("A new first sentence was added. {TEXT}");
        let (r, updated) = reanchor(&edited, "blake3:new", &a);
        assert_eq!(r.state, AnchorState::Moved);
        assert_eq!(&edited[r.range.unwrap()], a.quote);
        let updated = updated.unwrap();
        assert_eq!(updated.start, a.start + 32);
        assert_eq!(updated.source, "blake3:new");
        assert_eq!(updated.state, AnchorState::Moved);
    }

    #[test]
    fn duplicates_are_told_apart_by_context() {
        let text = "Alpha said yes. The vote passed. Beta said no. The vote passed. Gamma left.";
        let second = text.rfind("The vote passed.").unwrap();
        let a = record(text, second..second + 16, "h");
        let edited = format!("Preface. {text}");
        let r = resolve(&edited, &a);
        assert_eq!(r.state, AnchorState::Moved);
        assert_eq!(r.range.unwrap().start, edited.rfind("The vote passed.").unwrap());
    }

    #[test]
    fn small_edits_inside_are_fuzzy() {
        let a = passage(TEXT, "The border fence is nearly complete, they said.");
        let edited = TEXT.replace("nearly complete", "almost complete");
        let (r, updated) = reanchor(&edited, "blake3:new", &a);
        assert_eq!(r.state, AnchorState::Fuzzy);
        assert!(edited[r.range.clone().unwrap()].contains("almost complete"));
        let updated = updated.unwrap();
        assert_eq!(updated.quote, a.quote, "the quote is kept until confirmed");
        assert_eq!(updated.state, AnchorState::Fuzzy);
    }

    #[test]
    fn deleted_passages_are_orphans() {
        let a = passage(TEXT, "Smugglers still cut it at night.");
        let edited = TEXT.replace("Smugglers still cut it at night. ", "");
        assert_eq!(resolve(&edited, &a), Resolution { state: AnchorState::Orphan, range: None });
    }

    #[test]
    fn rewritten_passages_are_not_guessed() {
        let a = passage(TEXT, "Repairs take weeks in the mountains.");
        let edited = TEXT.replace("Repairs take weeks in the mountains.", "Crews fix breaches within days now.");
        assert_eq!(resolve(&edited, &a).state, AnchorState::Orphan);
    }

    #[test]
    fn short_quote_elsewhere_without_context_is_not_taken() {
        let text = "We met. He said it. Later we met again.";
        let start = text.find("it").unwrap();
        let a = record(text, start..start + 2, "h");
        let edited = "Completely different words around it here.";
        assert_eq!(resolve(edited, &a).state, AnchorState::Orphan);
    }

    #[test]
    fn same_text_changed_file_updates_only_the_hash() {
        let a = passage(TEXT, "Smugglers still cut it at night.");
        let (r, updated) = reanchor(TEXT, "blake3:new", &a);
        assert_eq!(r.state, AnchorState::Exact);
        let updated = updated.unwrap();
        assert_eq!((updated.start, updated.end, &updated.quote), (a.start, a.end, &a.quote));
        assert_eq!(updated.source, "blake3:new");
        assert_eq!(reanchor(TEXT, "blake3:old", &a).1, None, "nothing to save when nothing changed");
    }

    #[test]
    fn long_quotes_in_long_texts_are_found_near_their_ends() {
        let filler: String = (0..4000).map(|i| format!("Filler sentence number {i} says little. ")).collect();
        let passage: String = (0..150).map(|i| format!("The passage line {i} matters to the analysis. ")).collect();
        let text = format!("{filler}{passage}{filler}");
        let start = filler.len();
        let a = record(&text, start..start + passage.len(), "h");
        assert!(a.quote.chars().count() * text.chars().count() > SEARCH_BUDGET);
        // Moved by a new paragraph in front, and one word changed inside.
        let edited = format!("A new opening.\n\n{}", text.replacen("line 75 matters", "line 75 counts", 1));
        let r = resolve(&edited, &a);
        assert_eq!(r.state, AnchorState::Fuzzy);
        assert!(edited[r.range.unwrap()].contains("line 75 counts"));
    }

    #[test]
    fn non_ascii_text_is_matched_by_characters() {
        let text = "東京での会談は火曜日に終わった。国境の柵はほぼ完成したと当局者は述べた。";
        let quote = "国境の柵はほぼ完成したと当局者は述べた。";
        let a = passage(text, quote);
        let edited = text.replace("ほぼ", "ほとんど");
        let r = resolve(&edited, &a);
        assert_eq!(r.state, AnchorState::Fuzzy);
        assert!(edited[r.range.unwrap()].starts_with("国境の柵は"));
    }
}
