//! The sentence around a match, bounded, found by looking only near it.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::{ceil_boundary, floor_boundary, sanitize_line};

/// The most characters (Unicode scalar values) [`sentence_around`] gives, unless the
/// match alone is longer.
pub const SENTENCE_CHARS: usize = 300;

/// How far either side of a match the sentence is first looked for, in bytes. When
/// the sentence reaches the edge of that window with fewer characters than could be
/// kept of it, the window doubles, up to 4 bytes (the longest character) per
/// character kept.
const FIRST_REACH: usize = SENTENCE_CHARS;
const MAX_REACH: usize = 4 * SENTENCE_CHARS;

/// The sentence (UAX #29) of `text` that holds the match `range`, or the sentences
/// when the match spans several, without surrounding whitespace. Sentences never
/// cross a paragraph break (a blank line). A sentence over [`SENTENCE_CHARS`]
/// characters is cut at word boundaries around the match, keeping more of what follows
/// it than of what precedes it; the result always contains the match, and is the match
/// alone when that is already as long. It takes time in proportion to the sentence,
/// whatever the length of `text`.
///
/// A range that is not on character boundaries is widened to them; one past the end
/// of `text` is clamped to it.
pub fn sentence_around(text: &str, range: Range<usize>) -> Range<usize> {
    sentence_of(text, range).0
}

/// [`sentence_around`], and whether what it gives is the whole sentence (so any
/// other match inside it has the same sentence).
pub(crate) fn sentence_of(text: &str, range: Range<usize>) -> (Range<usize>, bool) {
    let start = floor_boundary(text, range.start);
    let end = ceil_boundary(text, range.end.max(start));
    let Some(room) = SENTENCE_CHARS.checked_sub(chars(&text[start..end])).filter(|&room| room > 0) else {
        return (start..end, false);
    };
    let mut reach = FIRST_REACH;
    loop {
        let Some(Span { range: sentence, whole_before, whole_after }) = sentence_span(text, start, end, reach) else {
            return (start..end, false);
        };
        // A side cut short by the window is long enough when it holds more than
        // `bound` could keep of it.
        let enough = |whole: bool, piece: Range<usize>| whole || chars(&text[piece]) >= room;
        let found = enough(whole_before, sentence.start..start) && enough(whole_after, end..sentence.end);
        if found || reach >= MAX_REACH {
            let bounded = bound(text, sentence.clone(), start..end);
            let whole = whole_before && whole_after && bounded == sentence;
            return (bounded, whole);
        }
        reach *= 2;
    }
}

/// `text` on one line, safe to print: every run of whitespace (line breaks included)
/// becomes one space, none at either end, and the result is sanitised
/// ([`crate::text::sanitize_line`]).
pub fn one_line(text: &str) -> String {
    let mut line = OneLine::default();
    line.push(text);
    line.out
}

/// `text[sentence]` on one line as [`one_line`] makes it, with where each of `marks`
/// (byte ranges of `text`, in order, inside `sentence`) ended up in it.
pub(crate) fn one_line_marked(
    text: &str,
    sentence: Range<usize>,
    marks: &[Range<usize>],
) -> (String, Vec<Range<usize>>) {
    let mut line = OneLine::default();
    let mut at = sentence.start;
    let mut placed = Vec::with_capacity(marks.len());
    for mark in marks {
        let mark = mark.start.clamp(at, sentence.end)..mark.end.clamp(at, sentence.end);
        line.push(&text[at..mark.start]);
        let from = line.out.len() + usize::from(line.pending);
        line.push(&text[mark.clone()]);
        placed.push(from.min(line.out.len())..line.out.len());
        at = mark.end;
    }
    line.push(&text[at..sentence.end]);
    (line.out, placed)
}

/// Builds one line from pieces, collapsing whitespace across them. Each piece is
/// sanitised on its own, so a position between pieces is known in the output.
#[derive(Default)]
struct OneLine {
    out: String,
    /// Whitespace was seen and a space is owed before the next visible character.
    pending: bool,
}

impl OneLine {
    fn push(&mut self, piece: &str) {
        let mut collapsed = String::with_capacity(piece.len());
        for c in piece.chars() {
            if c.is_whitespace() {
                self.pending = !self.out.is_empty() || !collapsed.is_empty();
            } else {
                if std::mem::take(&mut self.pending) {
                    collapsed.push(' ');
                }
                collapsed.push(c);
            }
        }
        self.out.push_str(&sanitize_line(&collapsed));
    }
}

/// How many characters (Unicode scalar values) `s` holds.
pub(crate) fn chars(s: &str) -> usize {
    s.bytes().filter(|b| b & 0xc0 != 0x80).count()
}

/// The sentences holding a match, as far as a window shows them.
struct Span {
    range: Range<usize>,
    /// Whether the sentence starts in the window (else it starts before it).
    whole_before: bool,
    /// Whether the sentence ends in the window.
    whole_after: bool,
}

/// The sentence (or sentences) holding `start..end`, looking no further than `reach`
/// bytes either side.
fn sentence_span(text: &str, start: usize, end: usize, reach: usize) -> Option<Span> {
    let lo = floor_boundary(text, start.saturating_sub(reach));
    let hi = ceil_boundary(text, end.saturating_add(reach));
    // A blank line ends a paragraph, and a sentence with it.
    let (lo, lo_final) = match text[lo..start].rfind("\n\n") {
        Some(i) => (lo + i + 2, true),
        None => (lo, lo == 0),
    };
    let (hi, hi_final) = match text[end..hi].find("\n\n") {
        Some(i) => (end + i, true),
        None => (hi, hi == text.len()),
    };
    let window = &text[lo..hi];
    let (from, to) = (start - lo, end - lo);
    // An empty range is held by the sentence its position is in.
    let probe_end = if to > from { to } else { from + 1 };
    let mut first = None;
    let mut last = None;
    for (i, s) in window.split_sentence_bound_indices() {
        if i >= probe_end {
            break;
        }
        if i + s.len() > from {
            first.get_or_insert(i);
            last = Some(i + s.len());
        }
    }
    // Nothing holds a position at the very end of the window.
    let (first, last) = (first?, last?);
    let sentence = &window[first..last];
    let lead = sentence.len() - sentence.trim_start().len();
    Some(Span {
        range: (lo + first + lead).min(start)..(lo + first + sentence.trim_end().len()).max(end),
        whole_before: first > 0 || lo_final,
        whole_after: last < window.len() || hi_final,
    })
}

/// `sentence` cut to at most [`SENTENCE_CHARS`] characters around `hit`, at word
/// boundaries: a third of the room before the match, the rest after it, and what one
/// side does not use goes to the other.
fn bound(text: &str, sentence: Range<usize>, hit: Range<usize>) -> Range<usize> {
    let total = chars(&text[sentence.clone()]);
    if total <= SENTENCE_CHARS {
        return sentence;
    }
    let room = SENTENCE_CHARS - chars(&text[hit.clone()]);
    let before = chars(&text[sentence.start..hit.start]);
    let after = chars(&text[hit.end..sentence.end]);
    let keep_before = before.min((room / 3).max(room.saturating_sub(after)));
    let keep_after = after.min(room - keep_before);
    let start = cut_before(text, sentence.start..hit.start, keep_before);
    let end = cut_after(text, hit.end..sentence.end, keep_after);
    start..end
}

/// The start of the shortest tail of `text[piece]` that holds at most `keep`
/// characters and starts a word.
fn cut_before(text: &str, piece: Range<usize>, keep: usize) -> usize {
    let s = &text[piece.clone()];
    let drop = chars(s).saturating_sub(keep);
    let at = s.char_indices().nth(drop).map_or(s.len(), |(i, _)| i);
    let word = s.split_word_bound_indices().map(|(i, _)| i).find(|&i| i >= at).unwrap_or(s.len());
    let rest = &s[word..];
    piece.start + word + (rest.len() - rest.trim_start().len())
}

/// The end of the longest head of `text[piece]` that holds at most `keep`
/// characters and ends a word.
fn cut_after(text: &str, piece: Range<usize>, keep: usize) -> usize {
    let s = &text[piece.clone()];
    let at = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
    let word = s.split_word_bound_indices().map(|(i, w)| i + w.len()).take_while(|&j| j <= at).last().unwrap_or(0);
    piece.start + s[..word].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn around<'t>(text: &'t str, needle: &str) -> &'t str {
        let at = text.find(needle).unwrap();
        &text[sentence_around(text, at..at + needle.len())]
    }

    const TEXT: &str = "The wall went up in spring. Patrols began in May, and the crossings \
                        fell by half! Did trade suffer?\n\nA second paragraph starts here. It ends here.";

    #[test]
    fn the_sentence_holding_the_match() {
        assert_eq!(around(TEXT, "Patrols"), "Patrols began in May, and the crossings fell by half!");
        assert_eq!(around(TEXT, "half"), "Patrols began in May, and the crossings fell by half!");
        assert_eq!(around(TEXT, "trade"), "Did trade suffer?");
    }

    #[test]
    fn at_the_start_and_the_end_of_the_text() {
        assert_eq!(around(TEXT, "The wall"), "The wall went up in spring.");
        assert_eq!(around(TEXT, "ends here."), "It ends here.");
        assert_eq!(sentence_around(TEXT, TEXT.len()..TEXT.len()), TEXT.len()..TEXT.len());
        assert_eq!(&TEXT[sentence_around(TEXT, 0..0)], "The wall went up in spring.");
        assert_eq!(sentence_around("", 0..0), 0..0);
        assert_eq!(sentence_around("", 3..9), 0..0);
    }

    #[test]
    fn a_match_over_two_sentences_gets_both() {
        assert_eq!(
            around(TEXT, "spring. Patrols"),
            "The wall went up in spring. Patrols began in May, and the crossings fell by half!"
        );
    }

    #[test]
    fn sentences_stop_at_paragraph_breaks() {
        let text = "A heading without a stop\n\nThe body follows here";
        assert_eq!(around(text, "heading"), "A heading without a stop");
        assert_eq!(around(text, "body"), "The body follows here");
    }

    #[test]
    fn out_of_range_and_mid_character_ranges_are_fixed_up() {
        let text = "Un café noir. Deux thés.";
        let at = text.find('é').unwrap();
        assert_eq!(&text[sentence_around(text, at + 1..at + 1)], "Un café noir.");
        assert_eq!(&text[sentence_around(text, 20..999)], "Deux thés.");
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = 9..3;
        assert_eq!(&text[sentence_around(text, backwards)], "Un café noir.");
    }

    #[test]
    fn a_very_long_sentence_is_cut_at_words_around_the_match() {
        let words: Vec<String> = (0..400).map(|i| format!("word{i}")).collect();
        let text = format!("Short one. {} ends it. After.", words.join(" "));
        let at = text.find("word200 ").unwrap();
        let range = sentence_around(&text, at..at + 7);
        let s = &text[range.clone()];
        assert!(s.chars().count() <= SENTENCE_CHARS, "{}", s.chars().count());
        assert!(s.chars().count() > SENTENCE_CHARS - 20, "{}", s.chars().count());
        assert!(range.start <= at && range.end >= at + 7);
        assert!(s.starts_with("word") && !s.starts_with("word200"), "{s}");
        // Whole words at both ends.
        let (first, last) = (s.split(' ').next().unwrap(), s.split(' ').next_back().unwrap());
        assert!(words.iter().any(|w| w == first) && words.iter().any(|w| w == last), "{first} … {last}");
        // More after the match than before it.
        assert!(range.end - (at + 7) > at - range.start);
    }

    #[test]
    fn near_the_start_of_a_long_sentence_the_room_goes_after() {
        let text = format!("Lead {} end.", "filler ".repeat(200));
        let range = sentence_around(&text, 0..4);
        assert_eq!(range.start, 0);
        let n = text[range].chars().count();
        assert!(n <= SENTENCE_CHARS && n > SENTENCE_CHARS - 10, "{n}");
    }

    #[test]
    fn a_long_match_is_kept_whole() {
        let text = format!("Before. {} After.", "x".repeat(1000));
        let at = text.find('x').unwrap();
        assert_eq!(sentence_around(&text, at..at + 1000), at..at + 1000);
        // Inside one unbroken word longer than the limit, only the match is left.
        let range = sentence_around(&text, at + 500..at + 503);
        assert!(range.start <= at + 500 && range.end >= at + 503);
        assert!(text[range].chars().count() <= SENTENCE_CHARS);
    }

    #[test]
    fn looks_only_near_the_match_in_a_huge_text() {
        // 20 MB on one line without a sentence break: each call looks at a bounded
        // window, so a thousand calls take no time at all.
        let text = "lorem ipsum ".repeat(20 * 1024 * 1024 / 12);
        for i in 0..1000 {
            let at = floor_boundary(&text, i * 20_000 + 6);
            let range = sentence_around(&text, at..at + 5);
            assert!(range.start <= at && range.end >= at + 5);
            assert!(text[range].len() <= SENTENCE_CHARS);
        }
    }

    #[test]
    fn non_latin_sentences_are_cut_by_character() {
        let text = format!("前文。{}終わり。", "長い文章".repeat(200));
        let at = text.find("終わり").unwrap();
        let range = sentence_around(&text, at..at + "終わり".len());
        assert!(text[range.clone()].chars().count() <= SENTENCE_CHARS);
        assert!(text[range].ends_with("終わり。"));
    }

    #[test]
    fn one_line_collapses_whitespace_and_sanitises() {
        assert_eq!(one_line("  two\n\n lines\tand  spaces \n"), "two lines and spaces");
        assert_eq!(one_line("red \x1b[31mtext\x07"), "red text␇");
        assert_eq!(one_line(""), "");
    }

    #[test]
    fn marks_land_on_their_text_in_the_line() {
        let text = "Walls  and\nwires and walls.";
        let marks = [0..5, 21..26];
        let (line, placed) = one_line_marked(text, 0..text.len(), &marks);
        assert_eq!(line, "Walls and wires and walls.");
        assert_eq!(placed.iter().map(|r| &line[r.clone()]).collect::<Vec<_>>(), ["Walls", "walls"]);
        let (line, placed) = one_line_marked(text, 0..text.len(), std::slice::from_ref(&(5..11)));
        assert_eq!(&line[placed[0].clone()], " and", "the space after it is owed to what follows");
        let (line, placed) = one_line_marked(text, 0..text.len(), std::slice::from_ref(&(10..11)));
        assert_eq!((line.as_str(), &line[placed[0].clone()]), ("Walls and wires and walls.", ""));
    }
}
