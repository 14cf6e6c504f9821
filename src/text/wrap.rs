//! Wrapping that keeps track of where every display line came from.
//!
//! [`wrap`] breaks a block of text into lines no wider than a given number of cells and
//! returns, for each line, the byte range of the input it shows. Break opportunities
//! come from the Unicode line breaking algorithm (UAX #14, through textwrap), plus the
//! position after a hyphen inside a word; line choice is textwrap's optimal fit; widths
//! come from [`super::width`], the same function the layout uses. A word wider than the
//! line is split between grapheme clusters. Nothing is ever dropped: every byte of the
//! input that is not trailing whitespace at a break lies in exactly one line's range.

use std::ops::Range;

use textwrap::WordSeparator;
use textwrap::WordSplitter;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};
use unicode_segmentation::UnicodeSegmentation;

use super::width::{grapheme_width, width as cells};

/// A piece that may end a line: `text[start..end]` followed by `ws_end - end` bytes of
/// spaces that vanish at a line break.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    width: usize,
    space: usize,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.space as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Wrap `text` to lines of at most `width` cells.
///
/// Each returned range is a line: its start is where the line's text starts, its end
/// excludes the spaces dropped at the break. `\n` is a hard break; an empty input line
/// gives one empty range. A width of 0 is treated as 1.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut base = 0;
    for line in text.split('\n') {
        wrap_line(line, base, width, &mut out);
        base += line.len() + 1;
    }
    out
}

fn wrap_line(line: &str, base: usize, width: usize, out: &mut Vec<Range<usize>>) {
    if cells(line) <= width {
        out.push(base..base + line.trim_end_matches(' ').len());
        return;
    }
    let pieces = pieces(line, width);
    let penalties = Penalties::new();
    let lines = match wrap_optimal_fit(&pieces, &[width as f64], &penalties) {
        Ok(lines) => lines,
        Err(_) => wrap_first_fit(&pieces, &[width as f64]),
    };
    for group in lines {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        out.push(base + first.start..base + last.end);
    }
}

/// Break opportunities of one line, as pieces no wider than `width`.
fn pieces(line: &str, width: usize) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for word in WordSeparator::UnicodeBreakProperties.find_words(line) {
        // Words are sub-slices of `line`, so their offsets follow from the pointers.
        let start = word.word.as_ptr() as usize - line.as_ptr() as usize;
        let end = start + word.word.len();
        let space = word.whitespace.len();
        let mut cut = start;
        let splits = WordSplitter::HyphenSplitter.split_points(word.word);
        for split in splits.into_iter().map(|s| start + s).chain([end]) {
            let last = split == end;
            push_piece(line, cut, split, if last { space } else { 0 }, width, &mut pieces);
            cut = split;
        }
    }
    pieces
}

/// Push `line[start..end]` as one piece, or as several if it is wider than `width`.
fn push_piece(line: &str, start: usize, end: usize, space: usize, width: usize, out: &mut Vec<Piece>) {
    let text = &line[start..end];
    let w = cells(text);
    if w <= width {
        out.push(Piece { start, end, width: w, space });
        return;
    }
    let mut chunk_start = start;
    let mut chunk_width = 0;
    for (idx, grapheme) in text.grapheme_indices(true) {
        let gw = grapheme_width(grapheme);
        if chunk_width + gw > width && chunk_width > 0 {
            out.push(Piece { start: chunk_start, end: start + idx, width: chunk_width, space: 0 });
            chunk_start = start + idx;
            chunk_width = 0;
        }
        chunk_width += gw;
    }
    out.push(Piece { start: chunk_start, end, width: chunk_width, space });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn short_text_is_one_line() {
        assert_eq!(lines("hello world", 20), ["hello world"]);
        assert_eq!(lines("", 20), [""]);
    }

    #[test]
    fn wraps_at_spaces_within_width() {
        let text = "the quick brown fox jumps over the lazy dog";
        let out = lines(text, 10);
        assert!(out.iter().all(|l| cells(l) <= 10), "{out:?}");
        assert_eq!(out.join(" "), text);
    }

    #[test]
    fn hard_breaks_are_kept() {
        assert_eq!(lines("one\ntwo\n\nthree", 20), ["one", "two", "", "three"]);
    }

    #[test]
    fn long_words_are_split_by_grapheme() {
        let out = lines("https://example.org/a/very/long/path", 10);
        assert!(out.iter().all(|l| cells(l) <= 10), "{out:?}");
        assert_eq!(out.concat(), "https://example.org/a/very/long/path");
    }

    #[test]
    fn hyphenated_words_break_after_the_hyphen() {
        let out = lines("the Pakistan-Afghanistan border", 18);
        assert_eq!(out, ["the Pakistan-", "Afghanistan border"]);
    }

    #[test]
    fn cjk_wraps_by_cell_width() {
        let text = "日本語のテキストを折り返します";
        let out = lines(text, 8);
        assert!(out.iter().all(|l| cells(l) <= 8), "{out:?}");
        assert_eq!(out.concat(), text);
    }

    #[test]
    fn flags_and_zwj_sequences_are_never_split() {
        let text = "🇵🇰🇵🇰🇵🇰 👨\u{200d}👩\u{200d}👧👨\u{200d}👩\u{200d}👧";
        for width in 1..8 {
            for line in lines(text, width) {
                assert!(cells(line) <= width.max(2), "{line:?} at {width}");
                assert!(!line.starts_with('\u{200d}'));
                assert_eq!(line.chars().filter(|c| ('\u{1f1e6}'..='\u{1f1ff}').contains(c)).count() % 2, 0);
            }
        }
    }

    #[test]
    fn every_byte_is_covered_in_order() {
        let text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu.";
        let ranges = wrap(text, 12);
        let mut pos = 0;
        for r in &ranges {
            assert!(r.start >= pos);
            assert!(text[pos..r.start].chars().all(|c| c == ' '));
            pos = r.end;
        }
        assert_eq!(pos, text.len());
    }

    #[test]
    fn leading_indent_is_kept() {
        assert_eq!(lines("    code line", 40), ["    code line"]);
    }
}
