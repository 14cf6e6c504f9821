//! Text primitives shared by every layer: the sanitiser, the width function and
//! offset-preserving wrapping.

pub mod sanitize;
pub mod width;
pub mod wrap;

pub use sanitize::{sanitize, sanitize_line};
pub use width::width;
pub use wrap::wrap;

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
}
