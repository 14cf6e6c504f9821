//! Display width of text in terminal cells.
//!
//! There is exactly one width function in gloss and both wrapping and layout use it. It
//! works on extended grapheme clusters (UAX #29) and gives each cluster the width that
//! ratatui's buffer gives it when the cluster is drawn (a test holds the two
//! together), so a line measured here occupies exactly that many cells on screen: CJK
//! ideographs are 2, an emoji ZWJ sequence or a flag is one 2-cell cluster, a base
//! letter with combining marks is 1. It is computed with `unicode-width` itself, so
//! the text layers (and `corpus`) do not depend on the UI library.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Width of one grapheme cluster in cells.
///
/// Clusters that hold a control character are never drawn by ratatui and count 0;
/// the sanitiser guarantees none reach a widget, so this only matters for raw input.
pub fn grapheme_width(grapheme: &str) -> usize {
    if grapheme.contains(char::is_control) {
        return 0;
    }
    if grapheme.len() == 1 {
        return 1;
    }
    // Terminals draw the halfwidth (han)dakuten U+FF9E and U+FF9F as a cell of
    // their own, although Unicode gives them no width.
    let marks = grapheme.chars().filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}')).count();
    grapheme.width() + marks
}

/// Width of `text` in cells.
pub fn width(text: &str) -> usize {
    if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_control()) {
        return text.len();
    }
    text.graphemes(true).map(grapheme_width).sum()
}

/// The longest prefix of `text` that fits in `max` cells, and its width.
///
/// Never splits a grapheme cluster.
pub fn fit(text: &str, max: usize) -> (&str, usize) {
    let mut used = 0;
    for (idx, grapheme) in text.grapheme_indices(true) {
        let w = grapheme_width(grapheme);
        if used + w > max {
            return (&text[..idx], used);
        }
        used += w;
    }
    (text, used)
}

/// `text` cut to at most `max` cells, ending in `…` when it was cut.
pub fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(text) <= max {
        return text.into();
    }
    if max == 0 {
        return "".into();
    }
    let (head, _) = fit(text, max - 1);
    format!("{}…", head.trim_end()).into()
}

/// `text` padded with spaces on the right to exactly `cells` cells (cut first if wider).
pub fn pad(text: &str, cells: usize) -> String {
    let cut = truncate(text, cells);
    let w = width(&cut);
    let mut out = String::with_capacity(cut.len() + cells.saturating_sub(w));
    out.push_str(&cut);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_one_cell_per_char() {
        assert_eq!(width("hello world"), 11);
        assert_eq!(width(""), 0);
    }

    #[test]
    fn cjk_is_two_cells() {
        assert_eq!(width("日本語"), 6);
        assert_eq!(width("a日b"), 4);
    }

    #[test]
    fn combining_marks_add_nothing() {
        // "e" + COMBINING ACUTE ACCENT, and a precomposed é.
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("é"), 1);
        assert_eq!(width("Zu\u{308}rich"), 6);
    }

    #[test]
    fn emoji_sequences_are_one_cluster() {
        // family: man ZWJ woman ZWJ girl
        assert_eq!(width("👨\u{200d}👩\u{200d}👧"), 2);
        // flag: regional indicators P + K
        assert_eq!(width("🇵🇰"), 2);
        // heart with emoji presentation selector
        assert_eq!(width("❤\u{fe0f}"), 2);
        assert_eq!(width("a🇺🇸b"), 4);
    }

    #[test]
    fn width_matches_what_ratatui_draws() {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        let samples = [
            "plain",
            "日本語テキスト",
            "👨\u{200d}👩\u{200d}👧 family",
            "🇵🇰🇺🇸",
            "e\u{301}te\u{301}",
            "ｶﾞｷﾞ halfwidth",
            "❤\u{fe0f} اردو",
        ];
        for sample in samples {
            let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
            let (x, _) = buf.set_stringn(0, 0, sample, 40, ratatui::style::Style::default());
            assert_eq!(usize::from(x), width(sample), "{sample:?}");
        }
    }

    #[test]
    fn fit_never_splits_a_cluster() {
        assert_eq!(fit("日本語", 3), ("日", 2));
        assert_eq!(fit("ab🇵🇰cd", 3), ("ab", 2));
        assert_eq!(fit("ab🇵🇰cd", 4), ("ab🇵🇰", 4));
        assert_eq!(fit("abc", 10), ("abc", 3));
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a longer title", 8), "a longe…");
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(truncate("abc", 0), "");
        assert!(width(&truncate("日本語テキスト", 5)) <= 5);
    }

    #[test]
    fn pad_fills_to_exact_width() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(width(&pad("日本語テキスト", 7)), 7);
    }
}
