//! The sentence around a match, bounded, found by looking only near it.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::{SentenceBounds, ceil_boundary, floor_boundary, sanitize_line, sentence_bounds};

/// The most characters (Unicode scalar values) [`sentence_around`] gives, unless the
/// match alone is longer.
pub const SENTENCE_CHARS: usize = 300;

/// How far either side of a match the sentence is first looked for, in bytes. When
/// the sentence reaches the edge of that window with fewer characters than could be
/// kept of it, the window doubles, up to 4 bytes (the longest character) per
/// character kept.
const FIRST_REACH: usize = SENTENCE_CHARS;
const MAX_REACH: usize = 4 * SENTENCE_CHARS;

/// The sentence ([`crate::text::sentences`]) of `text` that holds the match `range`, or the sentences
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
    for (i, s) in sentence_bounds(window) {
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
/// side does not use goes to the other. Only the characters that could be kept are
/// counted, so this costs the same however long the sentence.
fn bound(text: &str, sentence: Range<usize>, hit: Range<usize>) -> Range<usize> {
    let len = sentence.len();
    // No more bytes than the limit, or few enough to count and find within it.
    if len <= SENTENCE_CHARS || (len <= 4 * SENTENCE_CHARS && chars(&text[sentence.clone()]) <= SENTENCE_CHARS) {
        return sentence;
    }
    let room = SENTENCE_CHARS.saturating_sub(chars(&text[hit.clone()]));
    let before = sentence.start..hit.start;
    let after = hit.end..sentence.end;
    let has_before = back(text, before.clone(), room).0;
    let has_after = forward(text, after.clone(), room).0;
    let keep_before = has_before.min((room / 3).max(room - has_after));
    let keep_after = has_after.min(room - keep_before);
    let start = cut_before(text, before.clone(), back(text, before, keep_before).1);
    let end = cut_after(text, after.clone(), forward(text, after, keep_after).1);
    start..end
}

/// How many characters `text[piece]` has, counting back from its end and stopping
/// at `max`, and where the last one counted starts.
fn back(text: &str, piece: Range<usize>, max: usize) -> (usize, usize) {
    let mut counted = (0, piece.end);
    for (i, _) in text[piece.clone()].char_indices().rev().take(max) {
        counted = (counted.0 + 1, piece.start + i);
    }
    counted
}

/// How many characters `text[piece]` has, counting from its start and stopping at
/// `max`, and where the last one counted ends.
fn forward(text: &str, piece: Range<usize>, max: usize) -> (usize, usize) {
    let mut counted = (0, piece.start);
    for (i, c) in text[piece.clone()].char_indices().take(max) {
        counted = (counted.0 + 1, piece.start + i + c.len_utf8());
    }
    counted
}

/// How far before the place a cut would go word boundaries are looked for: words
/// are found by rules that look only a character or two around each boundary, so a
/// little context is enough, and cutting costs the same however long the sentence.
const WORD_CONTEXT: usize = 32;

/// The first word start in `text[piece]` at or after `at` (whitespace skipped).
fn cut_before(text: &str, piece: Range<usize>, at: usize) -> usize {
    let from = floor_boundary(text, at.saturating_sub(WORD_CONTEXT)).max(piece.start);
    let near = &text[from..piece.end];
    let word = near.split_word_bound_indices().map(|(i, _)| from + i).find(|&i| i >= at).unwrap_or(piece.end);
    let rest = &text[word..piece.end];
    word + (rest.len() - rest.trim_start().len())
}

/// The last word end in `text[piece]` at or before `at` (whitespace dropped).
fn cut_after(text: &str, piece: Range<usize>, at: usize) -> usize {
    let last_end = |from: usize, to: usize| {
        let near = &text[from..to];
        near.split_word_bound_indices().map(|(i, w)| from + i + w.len()).take_while(|&j| j <= at).last()
    };
    // Segments are read from a little before the cut to a little after it, so the
    // one ending there is real; a word longer than that is looked for from the start.
    let from = floor_boundary(text, at.saturating_sub(WORD_CONTEXT)).max(piece.start);
    let to = ceil_boundary(text, at + WORD_CONTEXT).min(piece.end);
    let word = last_end(from, to)
        .filter(|&j| j > from || from == piece.start)
        .or_else(|| last_end(piece.start, piece.end))
        .unwrap_or(piece.start);
    piece.start + text[piece.start..word].trim_end().len()
}

/// The sentences of one text for matches that come in order, as [`sentence_around`]
/// finds them: matches close together share one pass of sentence segmentation, and
/// a match far from the one before starts a new pass near it, so finding every
/// match's sentence is linear in the text however many matches there are.
pub(crate) struct Cursor<'a> {
    text: &'a str,
    run: Option<Run<'a>>,
}

/// One pass of sentence segmentation, over `text[base..cap]`.
struct Run<'a> {
    text: &'a str,
    segments: SentenceBounds<'a>,
    base: usize,
    /// Where the pass stops, so one match in a sentence of megabytes does not read
    /// all of it; a segment ending here may go on.
    cap: usize,
    /// Whether the first segment may have begun before `base`.
    partial_first: bool,
    /// Segments read and not yet passed by the matches, in order (absolute ranges).
    held: std::collections::VecDeque<Range<usize>>,
    /// Whether `held` starts with the first segment of the pass.
    holds_first: bool,
    /// The end of the last segment read.
    read: usize,
}

/// A match further than this past the segments read starts a new pass: reading on
/// would cost more than starting again near it. A pass reads at most this far past
/// the match it started for (and what could be kept around it).
const JUMP: usize = 16 * 1024;

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Cursor<'a> {
        Cursor { text, run: None }
    }

    /// The sentence of `range` as [`sentence_of`] gives it; ranges must come in
    /// order and not overlap.
    pub(crate) fn sentence_of(&mut self, range: Range<usize>) -> (Range<usize>, bool) {
        let text = self.text;
        let start = floor_boundary(text, range.start);
        let end = ceil_boundary(text, range.end.max(start));
        if end == start || chars(&text[start..end]) >= SENTENCE_CHARS {
            return sentence_of(text, start..end);
        }
        let run = match self.run.take() {
            Some(run)
                if run.base <= start
                    && start <= run.read + JUMP
                    && (end + MAX_REACH <= run.cap || run.cap == text.len()) =>
            {
                run
            }
            _ => Run::near(text, start),
        };
        let run = self.run.insert(run);
        let Some((sentence, whole_before)) = run.sentence(start, end) else {
            return sentence_of(text, start..end);
        };
        // Only so much either side can ever be kept (and a pass's last segment may
        // end only because the pass does).
        let lo = floor_boundary(text, start.saturating_sub(MAX_REACH));
        let hi = ceil_boundary(text, end + MAX_REACH);
        let clamped = sentence.start.max(lo)..sentence.end.min(hi);
        let whole = whole_before && clamped == sentence;
        let bounded = bound(text, clamped.clone(), start..end);
        let whole = whole && bounded == clamped;
        (bounded, whole)
    }
}

impl<'a> Run<'a> {
    /// A pass that starts where the sentence of a match at `start` can be told: at
    /// its paragraph's start if that is near, else as far back as could be kept.
    fn near(text: &'a str, start: usize) -> Run<'a> {
        let lo = floor_boundary(text, start.saturating_sub(MAX_REACH));
        let (base, partial_first) = match text[lo..start].rfind("\n\n") {
            Some(i) => (lo + i + 2, false),
            None => (lo, lo > 0),
        };
        let cap = ceil_boundary(text, start + JUMP + MAX_REACH);
        Run {
            text,
            segments: sentence_bounds(&text[base..cap]),
            base,
            cap,
            partial_first,
            held: std::collections::VecDeque::new(),
            holds_first: true,
            read: base,
        }
    }

    /// The sentences holding `start..end`, trimmed, and whether the first of them
    /// is known to begin where it seems to.
    fn sentence(&mut self, start: usize, end: usize) -> Option<(Range<usize>, bool)> {
        while self.held.front().is_some_and(|s| s.end <= start) {
            self.held.pop_front();
            self.holds_first = false;
        }
        while self.held.back().is_none_or(|s| s.end < end) {
            let (i, s) = self.segments.next()?;
            self.read = self.base + i + s.len();
            if self.read <= start {
                self.holds_first = false;
                continue;
            }
            self.held.push_back(self.base + i..self.read);
        }
        let first = self.held.front()?.clone();
        let last = self.held.iter().find(|s| s.end >= end)?.clone();
        let whole_before = !(self.partial_first && self.holds_first);
        let sentence = &self.text[first.start..last.end];
        let lead = sentence.len() - sentence.trim_start().len();
        let s = (first.start + lead).min(start);
        let e = (first.start + sentence.trim_end().len()).max(end);
        Some((s..e, whole_before))
    }
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
    fn abbreviations_stay_in_the_sentence() {
        let text = "Talks went on. Mr. Khan met U.S. officials on Jan. 5 in Islamabad. Lt. Col. A. Q. Khan left.";
        assert_eq!(around(text, "Khan met"), "Mr. Khan met U.S. officials on Jan. 5 in Islamabad.");
        assert_eq!(around(text, "Islamabad"), "Mr. Khan met U.S. officials on Jan. 5 in Islamabad.");
        assert_eq!(around(text, "Col."), "Lt. Col. A. Q. Khan left.");
        assert_eq!(both_ways(text, "[A-Za-z]+"), 19);
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

    /// Every match's sentence as the cursor finds it and as [`sentence_around`] does.
    fn both_ways(text: &str, pattern: &str) -> usize {
        let pattern = crate::search::Pattern::new(pattern).unwrap();
        let mut cursor = Cursor::new(text);
        let mut n = 0;
        for range in pattern.find_iter(text) {
            let (theirs, ours) = (sentence_around(text, range.clone()), cursor.sentence_of(range.clone()).0);
            assert_eq!(&text[ours], &text[theirs], "at {range:?}");
            n += 1;
        }
        n
    }

    #[test]
    fn the_cursor_finds_the_sentences_sentence_around_finds() {
        assert_eq!(both_ways(TEXT, "[a-z]+"), 27);
        let long = format!(
            "Start here. {}and so on. Then a short one! {}\n\nA new paragraph. {}The end.",
            "word ".repeat(500),
            "tail ".repeat(100),
            "x ".repeat(10_000)
        );
        assert!(both_ways(&long, "[a-z]+") > 10_000);
        assert!(both_ways(&long, "wor|tail|new|end") > 500);
        let far_apart = format!("One near. {}Another one far away. The last near.", "pad. ".repeat(10_000));
        assert_eq!(both_ways(&far_apart, "near|far"), 3);
        for (name, bytes) in crate::corpus::sample::FILES {
            let format = crate::corpus::Format::from_path(std::path::Path::new(name)).unwrap();
            let article = crate::corpus::parse(bytes, format, name);
            assert!(both_ways(&article.text, "the|of|\\d+") > 20, "{name}");
        }
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
