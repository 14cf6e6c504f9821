//! Text primitives shared by every layer: the sanitiser, the width function and
//! offset-preserving wrapping.

pub mod sanitize;
pub mod sentences;
pub mod width;
pub mod words;
pub mod wrap;

pub use sanitize::{sanitize, sanitize_cow, sanitize_line};
pub use sentences::{SentenceBounds, sentence_bounds, sentence_ranges};
pub use width::width;
pub use wrap::wrap;

/// The nearest char boundary of `text` at or before byte `at` (the end, past it).
pub fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The nearest char boundary of `text` at or after byte `at` (the end, past it).
pub fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// `text` as a short quotation for a message: on one line (runs of whitespace, line
/// breaks included, become one space), safe to draw, and at most `cells` cells
/// between the quotation marks, ending in `…` when cut.
pub fn quoted(text: &str, cells: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("“{}”", width::truncate(&sanitize_line(&one_line), cells))
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoted_is_one_safe_line_cut_by_width() {
        assert_eq!(super::quoted("short", 10), "“short”");
        assert_eq!(super::quoted("two\n  lines \x1b[31mred", 40), "“two lines red”");
        assert_eq!(super::quoted("abcdefghij", 5), "“abcd…”");
        assert_eq!(super::quoted("日本語の文章です", 7), "“日本語…”");
    }

    #[test]
    fn boundaries_round_to_whole_characters() {
        let text = "aé日b";
        assert_eq!([0, 1, 2, 3, 4, 5, 6, 7, 99].map(|i| super::floor_boundary(text, i)), [0, 1, 1, 3, 3, 3, 6, 7, 7]);
        assert_eq!([0, 1, 2, 3, 4, 5, 6, 7, 99].map(|i| super::ceil_boundary(text, i)), [0, 1, 3, 3, 6, 6, 6, 7, 7]);
    }
}
