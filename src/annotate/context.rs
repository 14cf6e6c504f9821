//! The sentence around a passage: the sentence or sentences it stands in, on one
//! line, short enough to show beside it in a list or an export.

use std::fmt;
use std::ops::Range;

use crate::text::{ceil_boundary, floor_boundary, sanitize_line, sentence_bounds};

/// A passage with the rest of the sentences it stands in, each part on one line
/// (every run of whitespace, line breaks included, is one space) and sanitised.
/// Where a part had to be cut to fit, it shows `…`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    /// From the start of the first sentence to the passage.
    pub before: String,
    pub passage: String,
    /// From the passage to the end of the last sentence.
    pub after: String,
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.before, self.passage, self.after)
    }
}

/// The sentence(s) around the passage at byte range `range` of `text` (a reading
/// text: blocks separated by a blank line), in at most `max_chars` characters. The
/// context never reaches past the blocks the passage is in. When it is too long,
/// the text before and after the passage is cut, at a word where it can be; a
/// passage longer than `max_chars` is itself cut at its end.
pub fn sentence_around(text: &str, range: Range<usize>, max_chars: usize) -> Context {
    let end = ceil_boundary(text, range.end);
    let start = floor_boundary(text, range.start.min(end));
    // The blocks the passage is in.
    let block_start = text[..start].rfind("\n\n").map_or(0, |i| i + 2).min(start);
    let block_end = text[end..].find("\n\n").map_or(text.len(), |i| end + i);
    let block = &text[block_start..block_end];
    let (from, to) = (start - block_start, end - block_start);
    // The last character of the passage (its start, for an empty one) decides the
    // sentence it ends in.
    let last = block[..to].char_indices().next_back().map_or(from, |(i, _)| i).max(from);
    let mut first_start = 0;
    let mut last_end = block.len();
    for (i, sentence) in sentence_bounds(block) {
        if i <= from {
            first_start = i;
        }
        if i <= last && last < i + sentence.len() {
            last_end = i + sentence.len();
            break;
        }
    }
    let before = one_line(block[first_start..from].trim_start());
    let passage = one_line(&block[from..to]);
    let after = one_line(block[to..last_end].trim_end());
    fit(before, passage, after, max_chars)
}

/// Runs of whitespace as one space, then sanitised for one line.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    sanitize_line(&out)
}

/// Cut the parts so the whole is at most `max` characters, keeping the passage.
fn fit(mut before: String, mut passage: String, mut after: String, max: usize) -> Context {
    // Where two parts meet, one space is enough.
    if before.ends_with(' ') && passage.starts_with(' ') {
        before.pop();
    }
    if passage.ends_with(' ') && after.starts_with(' ') {
        after.remove(0);
    }
    if passage.is_empty() && before.ends_with(' ') && after.starts_with(' ') {
        after.remove(0);
    }
    let len = |s: &str| s.chars().count();
    let room = max.saturating_sub(len(&passage));
    if room == 0 {
        if len(&passage) > max {
            passage = keep_start(&passage, max);
        }
        return Context { before: String::new(), passage, after: String::new() };
    }
    let (b, a) = (len(&before), len(&after));
    if b + a > room {
        // Half each, and what one side does not need to the other.
        let half = room / 2;
        let (b_room, a_room) = if b <= half {
            (b, room - b)
        } else if a <= room - half {
            (room - a, a)
        } else {
            (half, room - half)
        };
        before = keep_end(&before, b_room);
        after = keep_start(&after, a_room);
    }
    Context { before, passage, after }
}

/// The end of `text` in at most `max` characters, starting with `…` (then at a
/// word, when one starts in what is kept) when it was cut.
fn keep_end(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let skip = count - (max - 1);
    let at = text.char_indices().nth(skip).map_or(text.len(), |(i, _)| i);
    let mut kept = &text[at..];
    // Start at a word rather than in the middle of one, unless that is all there is.
    let cut_in_word = !text[..at].ends_with(' ') && !kept.starts_with(' ');
    if cut_in_word && let Some(space) = kept.find(' ') {
        kept = &kept[space..];
    }
    format!("…{}", kept.trim_start())
}

/// The start of `text` in at most `max` characters, ending with `…` (after a word,
/// when one ends in what is kept) when it was cut.
fn keep_start(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let at = text.char_indices().nth(max - 1).map_or(text.len(), |(i, _)| i);
    let mut kept = &text[..at];
    let cut_in_word = !text[at..].starts_with(' ') && !kept.ends_with(' ');
    if cut_in_word && let Some(space) = kept.rfind(' ') {
        kept = &kept[..space];
    }
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The first sentence sets the scene. The fence runs for 2,600 km along the line, and \
                        patrols walk it daily. A third one closes.\n\nA new block starts here. It ends here.";

    fn around(passage: &str, max: usize) -> Context {
        let at = TEXT.find(passage).unwrap();
        sentence_around(TEXT, at..at + passage.len(), max)
    }

    #[test]
    fn the_sentence_a_passage_stands_in() {
        let c = around("2,600 km", 200);
        assert_eq!(c.before, "The fence runs for ");
        assert_eq!(c.passage, "2,600 km");
        assert_eq!(c.after, " along the line, and patrols walk it daily.");
        assert_eq!(c.to_string(), "The fence runs for 2,600 km along the line, and patrols walk it daily.");
    }

    #[test]
    fn abbreviations_stay_in_the_sentence() {
        let text = "Mr. Khan met U.S. officials on Jan. 5 in Islamabad. The talks went on.";
        let at = text.find("officials").unwrap();
        let c = sentence_around(text, at..at + 9, 200);
        assert_eq!(c.to_string(), "Mr. Khan met U.S. officials on Jan. 5 in Islamabad.");
    }

    #[test]
    fn a_whole_sentence_has_no_more_context() {
        let c = around("A third one closes.", 200);
        assert_eq!((c.before.as_str(), c.after.as_str()), ("", ""));
    }

    #[test]
    fn a_passage_over_sentences_gets_all_of_them() {
        let c = around("scene. The fence", 300);
        assert_eq!(c.before, "The first sentence sets the ");
        assert!(c.after.ends_with("walk it daily."), "{c:?}");
    }

    #[test]
    fn context_stops_at_the_block() {
        let c = around("A new block", 200);
        assert_eq!((c.before.as_str(), c.after.as_str()), ("", " starts here."));
        let c = around("closes.\n\nA new", 200);
        assert_eq!(c.to_string(), "A third one closes. A new block starts here.", "on one line");
    }

    #[test]
    fn long_context_is_cut_at_words_around_the_passage() {
        let c = around("2,600 km", 40);
        assert!(c.to_string().chars().count() <= 40, "{c}");
        assert_eq!(c.passage, "2,600 km");
        assert_eq!(c.before, "…fence runs for ");
        assert_eq!(c.after, " along the…");
        // One short side leaves its room to the other.
        let c = around("The fence", 40);
        assert_eq!(c.before, "");
        assert_eq!(c.after, " runs for 2,600 km along the…");
    }

    #[test]
    fn a_passage_longer_than_the_room_is_cut() {
        let c = around("The fence runs for 2,600 km", 12);
        assert_eq!(c.to_string(), "The fence…");
        assert_eq!(around("scene", 0), Context::default());
    }

    #[test]
    fn text_is_sanitised_and_on_one_line() {
        let text = "Line one, still\tone \u{1b}[31mred\u{7}\nand on. Next.";
        let c = sentence_around(text, 10..text.find(" on.").unwrap(), 100);
        assert_eq!(c.passage, "still one red␇ and");
        assert_eq!(c.to_string(), "Line one, still one red␇ and on.");
        assert!(!c.to_string().contains(['\n', '\t', '\u{1b}']));
    }

    #[test]
    fn ranges_out_of_place_do_not_panic() {
        let text = "Déjà vu. Again.";
        for (start, end) in [(0, 0), (2, 3), (3, 2), (0, 99), (99, 120), (14, 15)] {
            let range = start..end;
            let c = sentence_around(text, range.clone(), 20);
            assert!(c.to_string().chars().count() <= 20, "{range:?}: {c:?}");
        }
        assert_eq!(sentence_around("", 0..0, 10), Context::default());
        let c = sentence_around(text, 11..11, 50);
        assert_eq!((c.passage.as_str(), c.after.as_str()), ("", "Again."));
    }
}
