//! Recording a passage, and finding it again after the article changed.
//!
//! An anchor keeps the passage's exact text, 32 characters of context on each side,
//! and its position in Unicode scalar values. Finding it again:
//!
//! 1. **exact**: the recorded position still holds the quote, and the article is the
//!    one it was recorded in, or nowhere else holds the quote;
//! 2. otherwise every *candidate* is gathered: each place holding the quote word for
//!    word, and (for quotes of at least [`MIN_FUZZY_CHARS`] characters, unless a word
//!    for word place agrees fully with the context) each place within the edit bound
//!    of it (Levenshtein, [`MIN_SIMILARITY`]), moved onto word boundaries;
//! 3. a candidate is *acceptable* when its surroundings agree with the recorded
//!    context: at least [`MIN_CONTEXT`], or [`MIN_CONTEXT_NEAR`] near where the
//!    passage was expected (the recorded position, or where the other passages of the
//!    article say it moved to);
//! 4. acceptable candidates are scored on quote similarity, context and nearness, and
//!    the best must beat the runner-up by [`MARGIN`]: then it is **moved** (word for
//!    word) or **fuzzy** (approximately); when two are too close to call the anchor is
//!    **ambiguous**, with the places it could be, for a person to choose;
//! 5. with no acceptable candidate it is an **orphan**. No guess is better than a
//!    wrong one.
//!
//! Every quote of an article is looked for in one pass over its text (Aho-Corasick),
//! and character offsets come from one index ([`CharIndex`]), so finding a thousand
//! passages costs about as much as reading the article a few times.

mod chars;
mod fuzzy;
mod score;

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::AhoCorasick;

pub use chars::CharIndex;
pub use fuzzy::SEARCH_BUDGET;

use super::model::{Anchor, AnchorState, CONTEXT_CHARS};

/// Quotes shorter than this (in characters) are not matched approximately.
pub const MIN_FUZZY_CHARS: usize = 12;
/// Lowest similarity (1 − edits / length) a fuzzy match may have.
pub const MIN_SIMILARITY: f64 = 0.8;
/// Context agreement (0 to 1) a place needs to be taken.
pub const MIN_CONTEXT: f64 = 0.6;
/// Context agreement a place near where the passage was expected needs.
pub const MIN_CONTEXT_NEAR: f64 = 0.35;
/// How far ahead of the runner-up (in score, 0 to 1) the best place must be.
pub const MARGIN: f64 = 0.03;
/// Context agreement at which another word-for-word place could be the passage as
/// well as the best one: about one side of the context.
pub const COPY_CONTEXT: f64 = 0.5;
/// How far ahead the best of several word-for-word places must be when the others
/// were taken only for being near: about a third of the context more in agreement.
pub const COPY_MARGIN: f64 = 0.15;
/// A word-for-word quote at least this long, found in one place only, is taken
/// whatever its surroundings.
const UNIQUE_EXACT_CHARS: usize = 24;
/// Context agreement above which a word-for-word place settles it: no approximate
/// place could score above it.
const SETTLED_CONTEXT: f64 = 0.9;
/// At most this many places are kept for an ambiguous passage.
const MAX_PLACES: usize = 9;
/// Weights of the score: quote similarity, context agreement, nearness. Nearness
/// weighs less than [`MARGIN`], so it never decides between two places alone.
const WEIGHTS: (f64, f64, f64) = (0.55, 0.43, 0.02);

/// Where an annotation's passage is in the text now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub state: AnchorState,
    /// Byte range in the current text; `None` for an orphan or an ambiguous passage.
    pub range: Option<Range<usize>>,
    /// For an ambiguous passage, the places it could be (byte ranges, in text
    /// order); otherwise empty.
    pub places: Vec<Range<usize>>,
}

impl Resolution {
    fn orphan() -> Resolution {
        Resolution { state: AnchorState::Orphan, range: None, places: Vec::new() }
    }

    fn found(state: AnchorState, range: Range<usize>) -> Resolution {
        Resolution { state, range: Some(range), places: Vec::new() }
    }
}

/// Record the passage at byte range `range` of `text`.
pub fn record(text: &str, range: Range<usize>, source: &str) -> Anchor {
    let start = text[..range.start].chars().count();
    record_at(text, range, start, source)
}

/// [`record`], with the passage's start in characters already known.
fn record_at(text: &str, range: Range<usize>, start: usize, source: &str) -> Anchor {
    let before = &text[..range.start];
    let after = &text[range.end..];
    let prefix_start = before.char_indices().rev().nth(CONTEXT_CHARS - 1).map_or(0, |(i, _)| i);
    let suffix_end = after.char_indices().nth(CONTEXT_CHARS).map_or(after.len(), |(i, _)| i);
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

/// Find `anchor`'s passage in `text`, not knowing which file the text came from.
pub fn resolve(text: &str, anchor: &Anchor) -> Resolution {
    reanchor_all(text, "", &[anchor]).pop().map_or_else(Resolution::orphan, |(r, _)| r)
}

/// Resolve `anchor` against `text` (whose source hashes to `source`) and say how the
/// stored anchor should change, if at all: see [`reanchor_all`].
pub fn reanchor(text: &str, source: &str, anchor: &Anchor) -> (Resolution, Option<Anchor>) {
    reanchor_all(text, source, &[anchor]).pop().unwrap_or((Resolution::orphan(), None))
}

/// Resolve every anchor of an article against its `text` (whose source hashes to
/// `source`), in the order given, and say how each stored anchor should change: a
/// moved passage gets its new position and context, a confirmed one the new source
/// hash, a fuzzy, ambiguous or orphaned one only its state (its quote is kept until
/// a person confirms a new place).
pub fn reanchor_all(text: &str, source: &str, anchors: &[&Anchor]) -> Vec<(Resolution, Option<Anchor>)> {
    let index = CharIndex::new(text);
    let occurrences = occurrences(text, anchors);
    // Passages are looked at in the order of the article, so each can expect to have
    // moved as far as the one before it did.
    let mut order: Vec<usize> = (0..anchors.len()).collect();
    order.sort_by_key(|&i| anchors[i].start);
    let mut out: Vec<Option<(Resolution, Option<Anchor>)>> = vec![None; anchors.len()];
    let mut shift: isize = 0;
    for i in order {
        let anchor = anchors[i];
        let found = occurrences.get(anchor.quote.as_str()).map_or(&[][..], Vec::as_slice);
        let same_source = !source.is_empty() && anchor.source == source;
        let expected = anchor.start.saturating_add_signed(shift);
        let (resolution, start) = resolve_one(text, &index, anchor, found, same_source, expected);
        if let (Some(start), AnchorState::Exact | AnchorState::Moved) = (start, resolution.state) {
            shift = start as isize - anchor.start as isize;
        }
        let updated = updated(text, source, anchor, &resolution, start);
        out[i] = Some((resolution, updated));
    }
    out.into_iter().map(|r| r.unwrap_or((Resolution::orphan(), None))).collect()
}

/// How the stored anchor changes after `resolution` (`start`: the passage's new
/// start in characters).
fn updated(text: &str, source: &str, anchor: &Anchor, resolution: &Resolution, start: Option<usize>) -> Option<Anchor> {
    let refreshed = |range: &Range<usize>, start: usize, state| Anchor {
        state,
        unknown: anchor.unknown.clone(),
        ..record_at(text, range.clone(), start, source)
    };
    let updated = match (resolution.state, &resolution.range, start) {
        // Where it was, from the same source: nothing new to record.
        (AnchorState::Exact, Some(_), _)
            if anchor.source == source && matches!(anchor.state, AnchorState::Exact | AnchorState::Moved) =>
        {
            None
        }
        (AnchorState::Exact, Some(range), Some(start)) => Some(refreshed(range, start, AnchorState::Exact)),
        (AnchorState::Moved, Some(range), Some(start)) => Some(refreshed(range, start, AnchorState::Moved)),
        (state, _, _) => (anchor.state != state).then(|| Anchor { state, ..anchor.clone() }),
    };
    updated.filter(|u| u != anchor)
}

/// Where each anchor's quote occurs in `text` word for word (byte offsets, in text
/// order), found for every quote in one pass.
fn occurrences<'a>(text: &str, anchors: &[&'a Anchor]) -> HashMap<&'a str, Vec<usize>> {
    let mut quotes: Vec<&'a str> = anchors.iter().map(|a| a.quote.as_str()).filter(|q| !q.is_empty()).collect();
    quotes.sort_unstable();
    quotes.dedup();
    let mut found: HashMap<&'a str, Vec<usize>> = quotes.iter().map(|&q| (q, Vec::new())).collect();
    if quotes.len() == 1 {
        // One quote: memchr's SIMD search beats building an automaton.
        let q = quotes[0];
        found.insert(q, memchr::memmem::find_iter(text.as_bytes(), q.as_bytes()).collect());
        return found;
    }
    let Ok(ac) = AhoCorasick::new(&quotes) else {
        // Too many patterns for the automaton: one search per quote.
        for &q in &quotes {
            found.insert(q, memchr::memmem::find_iter(text.as_bytes(), q.as_bytes()).collect());
        }
        return found;
    };
    for m in ac.find_overlapping_iter(text) {
        if let Some(list) = found.get_mut(quotes[m.pattern().as_usize()]) {
            list.push(m.start());
        }
    }
    found
}

/// A place the passage could be.
#[derive(Debug, Clone)]
struct Candidate {
    range: Range<usize>,
    /// Start in characters.
    start: usize,
    similarity: f64,
    context: f64,
    /// Word for word.
    exact: bool,
    /// Near where the passage was expected.
    near: bool,
    /// Characters from where it was expected.
    distance: usize,
}

impl Candidate {
    fn score(&self) -> f64 {
        let nearness = 1.0 / (1.0 + self.distance as f64 / 1000.0);
        WEIGHTS.0 * self.similarity + WEIGHTS.1 * self.context + WEIGHTS.2 * nearness
    }
}

/// Find one anchor; `found` holds the byte offsets of its quote word for word,
/// `expected` where (in characters) it would be if it moved as the passage before
/// it did. Also returns the passage's new start in characters.
fn resolve_one(
    text: &str,
    index: &CharIndex<'_>,
    anchor: &Anchor,
    found: &[usize],
    same_source: bool,
    expected: usize,
) -> (Resolution, Option<usize>) {
    let quote = anchor.quote.as_str();
    if quote.is_empty() {
        return (Resolution::orphan(), None);
    }
    let whole = score::whole_words(anchor);
    // A passage recorded as whole words must still be whole words: a word run into
    // it means it is not there as it was.
    let on_words = |r: &Range<usize>| {
        (!whole.0 || score::on_boundary(text, r.start)) && (!whole.1 || score::on_boundary(text, r.end))
    };
    let at = index.bytes_of(anchor.start, anchor.end).filter(|r| text.get(r.clone()) == Some(quote));
    if let Some(range) = &at
        && (same_source || (found.len() <= 1 && on_words(range)))
    {
        return (Resolution::found(AnchorState::Exact, range.clone()), Some(anchor.start));
    }
    let len = anchor.end.saturating_sub(anchor.start).max(1);
    let reach = len.max(64);
    let place = |range: Range<usize>, similarity: f64, exact: bool| {
        let start = index.char_at(range.start);
        let distance = start.abs_diff(anchor.start).min(start.abs_diff(expected));
        let context = score::context(text, &range, anchor);
        Candidate { range, start, similarity, context, exact, near: distance <= reach, distance }
    };
    let mut candidates: Vec<Candidate> =
        found.iter().map(|&b| b..b + quote.len()).filter(on_words).map(|r| place(r, 1.0, true)).collect();
    let unique = candidates.len() == 1;
    let settled = candidates.iter().any(|c| c.context >= SETTLED_CONTEXT);
    let chars = quote.chars().count();
    if !settled && chars >= MIN_FUZZY_CHARS {
        let coded = fuzzy::Coded::new(quote);
        let k = ((chars as f64) * (1.0 - MIN_SIMILARITY)).floor() as usize;
        for near in fuzzy::places(text, index, anchor, &coded, k) {
            let best = score::on_word_boundaries(text, &near, whole)
                .into_iter()
                .map(|r| {
                    let longest = chars.max(index.char_at(r.end) - index.char_at(r.start));
                    (1.0 - coded.distance(&text[r.clone()]) as f64 / longest as f64, r)
                })
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let Some((similarity, range)) = best else { continue };
            // A place that overlaps one holding the quote word for word is that place.
            let overlaps = |c: &Candidate| c.exact && c.range.start < range.end && range.start < c.range.end;
            if similarity < MIN_SIMILARITY || candidates.iter().any(overlaps) {
                continue;
            }
            candidates.push(place(range, similarity, false));
        }
    }
    let long = chars >= UNIQUE_EXACT_CHARS;
    let acceptable = |c: &Candidate| {
        let at_recorded = c.exact && c.start == anchor.start;
        let stands_alone = c.exact && unique && long;
        at_recorded || stands_alone || c.context >= if c.near { MIN_CONTEXT_NEAR } else { MIN_CONTEXT }
    };
    let mut scored: Vec<(f64, bool, Candidate)> =
        candidates.into_iter().map(|c| (c.score(), acceptable(&c), c)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let Some((best, _, first)) = scored.iter().find(|(_, ok, _)| *ok).cloned() else {
        return (Resolution::orphan(), None);
    };
    // Two places holding the quote word for word can only be told apart by their
    // surroundings, and a copied paragraph brings most of them along: when another
    // agrees with the recorded context on about one side (or is where the passage
    // was recorded) there is no choosing, even if it was not acceptable on its own;
    // otherwise the best must be ahead by a margin.
    let agrees = |c: &Candidate| c.context >= COPY_CONTEXT || c.start == anchor.start;
    let close: Vec<&Candidate> = scored
        .iter()
        .filter(|(s, ok, c)| match (first.exact && c.exact, agrees(c)) {
            (true, true) => true,
            (true, false) => *ok && best - s < COPY_MARGIN,
            (false, _) => *ok && best - s < MARGIN,
        })
        .map(|(_, _, c)| c)
        .collect();
    if close.len() > 1 {
        let mut places: Vec<Range<usize>> = close.iter().take(MAX_PLACES).map(|c| c.range.clone()).collect();
        places.sort_by_key(|r| r.start);
        return (Resolution { state: AnchorState::Ambiguous, range: None, places }, None);
    }
    let state = match (first.exact, first.start == anchor.start) {
        (true, true) => AnchorState::Exact,
        (true, false) => AnchorState::Moved,
        (false, _) => AnchorState::Fuzzy,
    };
    (Resolution::found(state, first.range), Some(first.start))
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
        assert_eq!(CharIndex::new(&text).bytes_of(3, 9), Some(starts[3]..starts[9]));
        assert_eq!(CharIndex::new(&text).bytes_of(5, 5), Some(starts[5]..starts[5]));
        assert_eq!(CharIndex::new(&text).bytes_of(5, 4), None);
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
        assert_eq!(CharIndex::new(text).bytes_of(a.start, a.end), Some(start..start + a.quote.len()));
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
        assert_eq!(resolve(&edited, &a), Resolution::orphan());
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
