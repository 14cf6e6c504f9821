//! How much a place in the text looks like a recorded passage: the similarity of
//! its text to the quote, of its surroundings to the recorded context, and where
//! words begin and end around it.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::super::model::Anchor;

/// Similarity of two strings, 0 to 1: one minus their edit distance (Levenshtein,
/// in characters) over the longer one's length. Meant for context, which is at most
/// 32 characters a side.
pub fn similarity(a: &str, b: &str) -> f64 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 1.0;
    }
    1.0 - strsim::levenshtein(a, b) as f64 / longest as f64
}

/// The last `n` characters of `text`.
fn last_chars(text: &str, n: usize) -> &str {
    let from = text.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    if n == 0 { "" } else { &text[from..] }
}

/// The first `n` characters of `text`.
fn first_chars(text: &str, n: usize) -> &str {
    &text[..text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)]
}

/// How well the text around byte range `range` agrees with the anchor's recorded
/// prefix and suffix, 0 to 1, each side weighted by its length. Both sides are
/// compared by edit distance, so a word changed next to the passage costs only that
/// word, and a passage at the very start of the text agrees with an empty prefix.
pub fn context(text: &str, range: &Range<usize>, anchor: &Anchor) -> f64 {
    let (p, s) = (anchor.prefix.chars().count(), anchor.suffix.chars().count());
    if p + s == 0 {
        return 1.0;
    }
    let before = last_chars(&text[..range.start], p);
    let after = first_chars(&text[range.end..], s);
    let side =
        |recorded: &str, found: &str, n: usize| if n == 0 { 0.0 } else { similarity(recorded, found) * n as f64 };
    (side(&anchor.prefix, before, p) + side(&anchor.suffix, after, s)) / (p + s) as f64
}

/// Whether the quote begins (`at_start`) or ends on a word boundary, judging by the
/// recorded context: a passage that was recorded as whole words must be found as
/// whole words.
pub fn whole_words(anchor: &Anchor) -> (bool, bool) {
    let wordy = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let starts = !(wordy(anchor.prefix.chars().next_back()) && wordy(anchor.quote.chars().next()));
    let ends = !(wordy(anchor.quote.chars().next_back()) && wordy(anchor.suffix.chars().next()));
    (starts, ends)
}

/// Bytes of text looked at on each side of a place to find the words around it.
const WINDOW: usize = 128;

/// The word boundaries (UAX #29) in a window of `text` around byte `at`: the start
/// and end of every word-like segment there.
fn boundaries_near(text: &str, at: usize) -> Vec<(usize, usize)> {
    let floor = |i: usize| crate::text::floor_boundary(text, i);
    let mut from = floor(at.saturating_sub(WINDOW));
    // Start the segmentation at a space if there is one, so it does not begin
    // inside a word.
    if let Some(space) = text[from..at].rfind(char::is_whitespace) {
        from = floor(from + space);
    }
    let to = floor((at + WINDOW).min(text.len()));
    text[from..to]
        .split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(i, w)| (from + i, from + i + w.len()))
        .collect()
}

/// The word that byte `at` cuts, as a byte range, or `None` when `at` is between
/// words. A place is inside a word when letters or digits are on both sides of it
/// and word segmentation (UAX #29) does not break there: so a sentence glued to the
/// next one ("said.The") is two words, and each ideograph is one.
fn word_around(text: &str, at: usize) -> Option<(usize, usize)> {
    let wordy = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if !(wordy(text[..at].chars().next_back()) && wordy(text[at..].chars().next())) {
        return None;
    }
    let (from, to) = boundaries_near(text, at).into_iter().find(|&(s, e)| s < at && at < e)?;
    let start = text[from..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(at, |(i, _)| from + i);
    let end = text[at..to].char_indices().find(|(_, c)| !c.is_alphanumeric()).map_or(to, |(i, _)| at + i);
    Some((start, end))
}

/// Whether byte `at` of `text` is between words.
pub fn on_boundary(text: &str, at: usize) -> bool {
    word_around(text, at).is_none()
}

/// The ways `range` can be moved onto word boundaries: itself when it is on them
/// already; else, for a start that cuts a word, the start of that word or the next
/// word after it, and for an end that cuts one, the end of that word or the end of
/// the word before. Only the sides `whole` names are moved.
pub fn on_word_boundaries(text: &str, range: &Range<usize>, whole: (bool, bool)) -> Vec<Range<usize>> {
    let starts = match word_around(text, range.start).filter(|_| whole.0) {
        None => vec![range.start],
        Some((s, e)) => vec![s, e + (text[e..].len() - text[e..].trim_start().len())],
    };
    let ends = match word_around(text, range.end).filter(|_| whole.1) {
        None => vec![range.end],
        Some((s, e)) => vec![e, text[..s].trim_end().len()],
    };
    let mut out = Vec::new();
    for &s in &starts {
        for &e in &ends {
            if s < e && !out.contains(&(s..e)) {
                out.push(s..e);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::anchor::record;

    #[test]
    fn similarity_counts_edits_over_the_longer_string() {
        assert_eq!(similarity("", ""), 1.0);
        assert_eq!(similarity("abcd", "abcd"), 1.0);
        assert_eq!(similarity("abcd", "abed"), 0.75);
        assert_eq!(similarity("ab", "abcd"), 0.5);
    }

    #[test]
    fn context_agrees_fully_where_recorded_and_partly_after_an_edit_nearby() {
        let text = "The talks ended on Tuesday. The border fence is nearly complete. Crews work at night.";
        let at = text.find("The border").unwrap();
        let range = at..at + "The border fence is nearly complete.".len();
        let a = record(text, range.clone(), "h");
        assert_eq!(context(text, &range, &a), 1.0);
        let edited = text.replace("Tuesday", "Monday");
        let at = edited.find("The border").unwrap();
        let moved = at..at + range.len();
        let score = context(&edited, &moved, &a);
        assert!(score > 0.8 && score < 1.0, "{score}");
        let elsewhere = 0..range.len();
        assert!(context(text, &elsewhere, &a) < 0.5);
    }

    #[test]
    fn a_range_cutting_words_is_moved_onto_their_boundaries() {
        let text = "Officials said the night has been calm so far.";
        let at = text.find("ight has").unwrap();
        let end = text.find(" so far").unwrap() - 2; // "calm" cut to "ca"
        let options = on_word_boundaries(text, &(at..end), (true, true));
        let texts: Vec<&str> = options.iter().map(|r| &text[r.clone()]).collect();
        assert!(texts.contains(&"night has been calm"), "{texts:?}");
        for r in &options {
            let (s, e) = (r.start, r.end);
            assert!(
                s == 0 || !text[..s].ends_with(char::is_alphanumeric) || !text[s..].starts_with(char::is_alphanumeric)
            );
            assert!(!text[..e].ends_with(char::is_alphanumeric) || !text[e..].starts_with(char::is_alphanumeric));
        }
        let whole = text.find("the night").unwrap()..text.find(" has").unwrap();
        assert_eq!(on_word_boundaries(text, &whole, (true, true)), vec![whole]);
    }

    #[test]
    fn ideographs_are_words_of_their_own() {
        let text = "国境の柵はほぼ完成した";
        let at = text.find("柵").unwrap();
        let r = at..text.len();
        assert_eq!(on_word_boundaries(text, &r, (true, true)), vec![r]);
    }
}
