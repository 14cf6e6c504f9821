//! The one sanitiser: everything that will be drawn passes through here first.
//!
//! Text from a corpus is untrusted. A saved page can carry terminal escape sequences
//! that would move the cursor, retitle the window, write to the clipboard or print a
//! hyperlink; bidi overrides that make a line display differently from what it says;
//! and invisible characters that break the one-cell-per-column assumption of a layout.
//!
//! [`sanitize`] makes such text safe to hand to a widget:
//! - complete escape sequences (CSI, OSC, DCS, APC, PM, SOS; 7-bit and 8-bit forms)
//!   are removed;
//! - every other C0 or C1 control is replaced by a visible placeholder
//!   (`␛` for a lone ESC, `␇` for BEL, `�` for a C1 control);
//! - tabs are expanded to the next multiple of [`TAB_WIDTH`] columns;
//! - CR and CRLF become LF;
//! - bidi embeddings, overrides, isolates and marks are dropped, as are zero-width
//!   spaces, word joiners, soft hyphens and byte order marks. Zero-width joiners stay:
//!   they hold emoji sequences together and are drawn as part of their cluster.
//!
//! The result never contains a control character other than `\n` (and none at all
//! from [`sanitize_line`]).

use super::width::width;

/// Columns between tab stops.
pub const TAB_WIDTH: usize = 4;

const ESC: char = '\u{1b}';
const BEL: char = '\u{07}';
/// String terminator, 8-bit form.
const ST8: char = '\u{9c}';

/// Sanitise multi-line text: keeps `\n`, fixes everything else.
pub fn sanitize(input: &str) -> String {
    Sanitizer { keep_newlines: true }.run(input)
}

/// Sanitise text meant for a single line (a file name, a title): like [`sanitize`], and
/// a line break becomes the visible placeholder `␤`.
pub fn sanitize_line(input: &str) -> String {
    Sanitizer { keep_newlines: false }.run(input)
}

/// Characters that are dropped because they are invisible yet change how text is shown.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'                      // soft hyphen
        | '\u{061c}'                    // arabic letter mark
        | '\u{180e}'                    // mongolian vowel separator
        | '\u{200b}'                    // zero width space
        | '\u{200e}' | '\u{200f}'       // LRM, RLM
        | '\u{202a}'..='\u{202e}'       // LRE RLE PDF LRO RLO
        | '\u{2060}'..='\u{2064}'       // word joiner, invisible operators
        | '\u{2066}'..='\u{206f}'       // isolates and deprecated format characters
        | '\u{feff}'                    // byte order mark / zero width no-break space
        | '\u{fff9}'..='\u{fffb}' // interlinear annotation controls
    )
}

struct Sanitizer {
    keep_newlines: bool,
}

impl Sanitizer {
    fn run(&self, input: &str) -> String {
        let mut out = String::with_capacity(input.len());
        // The column a tab starts from: the width of the current line up to `mark`,
        // plus whatever was written after `mark`. Measuring only since the last tab or
        // line break keeps this linear however many tabs a line has.
        let mut col = 0;
        let mut mark = 0;
        let mut at = 0;
        while at < input.len() {
            // Text that needs nothing done is copied a run at a time.
            let plain = plain_len(&input[at..], false);
            out.push_str(&input[at..at + plain]);
            at += plain;
            let Some(c) = input[at..].chars().next() else {
                break;
            };
            at += c.len_utf8();
            match c {
                '\n' => self.newline(&mut out, &mut col, &mut mark),
                '\r' => {
                    if input[at..].starts_with('\n') {
                        at += 1;
                    }
                    self.newline(&mut out, &mut col, &mut mark);
                }
                '\u{2028}' | '\u{2029}' | '\u{85}' => self.newline(&mut out, &mut col, &mut mark),
                '\t' => {
                    col += width(&out[mark..]);
                    let next = (col / TAB_WIDTH + 1) * TAB_WIDTH;
                    out.extend(std::iter::repeat_n(' ', next - col));
                    col = next;
                    mark = out.len();
                }
                ESC => match escape_len(&input[at..]) {
                    Some(len) => at = skip(input, at, len),
                    None => out.push('␛'),
                },
                '\u{9b}' => {
                    // 8-bit CSI: parameters follow directly.
                    match csi_len(&input[at..]) {
                        Some(len) => at = skip(input, at, len),
                        None => out.push('\u{fffd}'),
                    }
                }
                '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                    // 8-bit DCS, SOS, OSC, PM, APC: a control string up to ST.
                    match string_len(&input[at..], c == '\u{9d}') {
                        Some(len) => at = skip(input, at, len),
                        None => out.push('\u{fffd}'),
                    }
                }
                c if c.is_control() => out.push(placeholder(c)),
                c if is_invisible(c) => {}
                c => out.push(c),
            }
        }
        out
    }

    fn newline(&self, out: &mut String, col: &mut usize, mark: &mut usize) {
        if self.keep_newlines {
            out.push('\n');
            *col = 0;
            *mark = out.len();
        } else {
            out.push('␤');
        }
    }
}

/// The offset `len` bytes after `at` in `input`, moved forward to a character
/// boundary.
fn skip(input: &str, at: usize, len: usize) -> usize {
    let mut end = (at + len).min(input.len());
    while !input.is_char_boundary(end) {
        end += 1;
    }
    end
}

/// Length of the longest prefix of `text` that the sanitiser leaves as it is: printable
/// ASCII and characters that are neither controls, line separators nor invisible.
/// With `newlines`, a `\n` counts as plain too.
fn plain_len(text: &str, newlines: bool) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (0x20..0x7f).contains(&b) || (newlines && b == b'\n') {
            i += 1;
            continue;
        }
        if b < 0x80 {
            return i;
        }
        let Some(c) = text[i..].chars().next() else {
            return i;
        };
        if c.is_control() || is_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}') {
            return i;
        }
        i += c.len_utf8();
    }
    i
}

/// [`sanitize`], borrowing the input when there is nothing to change in it.
pub fn sanitize_cow(input: &str) -> std::borrow::Cow<'_, str> {
    if plain_len(input, true) == input.len() {
        std::borrow::Cow::Borrowed(input)
    } else {
        std::borrow::Cow::Owned(sanitize(input))
    }
}

/// The visible stand-in for a control character that is not part of a sequence.
fn placeholder(c: char) -> char {
    match c as u32 {
        // C0 controls map onto the Control Pictures block.
        n @ 0x00..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '␡',
        _ => '\u{fffd}',
    }
}

/// Length in bytes of the escape sequence that follows an ESC (not counting the ESC),
/// or `None` when what follows is not a complete sequence we remove.
fn escape_len(rest: &str) -> Option<usize> {
    let mut it = rest.chars();
    let kind = it.next()?;
    let tail = &rest[kind.len_utf8()..];
    let len = match kind {
        '[' => csi_len(tail)?,
        ']' => string_len(tail, true)?,
        'P' | 'X' | '^' | '_' => string_len(tail, false)?,
        _ => return None,
    };
    Some(kind.len_utf8() + len)
}

/// Length of a CSI body: parameter bytes, intermediate bytes, one final byte.
fn csi_len(body: &str) -> Option<usize> {
    for (idx, b) in body.bytes().enumerate() {
        match b {
            // parameter (0x30-0x3f) and intermediate (0x20-0x2f) bytes
            0x20..=0x3f => continue,
            0x40..=0x7e => return Some(idx + 1),
            _ => return None,
        }
    }
    None
}

/// Length of a control string body up to and including its terminator: ST (`ESC \`
/// or U+009C), or BEL when `bel_ends` (OSC). `None` when it never ends: then the
/// introducer is shown as a placeholder and the text after it is kept.
fn string_len(body: &str, bel_ends: bool) -> Option<usize> {
    let mut it = body.char_indices().peekable();
    while let Some((idx, c)) = it.next() {
        match c {
            BEL if bel_ends => return Some(idx + 1),
            ST8 => return Some(idx + c.len_utf8()),
            ESC if matches!(it.peek(), Some((_, '\\'))) => return Some(idx + 2),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged() {
        let text = "Plain text, with “quotes” — and 日本語.\nSecond line.";
        assert_eq!(sanitize(text), text);
    }

    #[test]
    fn csi_sequences_are_removed() {
        assert_eq!(sanitize("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(sanitize("\x1b[2J\x1b[1;1Hclear"), "clear");
        assert_eq!(sanitize("x\u{9b}31my"), "xy");
    }

    #[test]
    fn osc_dcs_apc_are_removed_whole() {
        // window title with BEL and with ST
        assert_eq!(sanitize("a\x1b]0;pwned\x07b"), "ab");
        assert_eq!(sanitize("a\x1b]2;pwned\x1b\\b"), "ab");
        // hyperlink
        assert_eq!(sanitize("\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"), "click");
        // clipboard write
        assert_eq!(sanitize("a\x1b]52;c;aGVsbG8=\x07b"), "ab");
        assert_eq!(sanitize("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(sanitize("a\x1b_Gf=100;AAAA\x1b\\b"), "ab");
        assert_eq!(sanitize("a\u{9d}0;title\u{9c}b"), "ab");
    }

    #[test]
    fn unterminated_strings_keep_the_text() {
        assert_eq!(sanitize("a\x1b]0;no end here"), "a␛]0;no end here");
        assert_eq!(sanitize("a\x1b[12"), "a␛[12");
    }

    #[test]
    fn other_controls_become_placeholders() {
        assert_eq!(sanitize("a\x00b\x07c\x7fd"), "a␀b␇c␡d");
        assert_eq!(sanitize("lone \x1b c"), "lone ␛ c");
        assert_eq!(sanitize("c1\u{85}x"), "c1\nx");
        assert_eq!(sanitize("c1\u{8d}x"), "c1\u{fffd}x");
        assert_eq!(sanitize("form\x0cfeed"), "form␌feed");
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(sanitize("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(sanitize_line("a\r\nb\nc"), "a␤b␤c");
    }

    #[test]
    fn tabs_expand_to_stops() {
        assert_eq!(sanitize("\tx"), "    x");
        assert_eq!(sanitize("ab\tx"), "ab  x");
        assert_eq!(sanitize("abcd\tx"), "abcd    x");
        assert_eq!(sanitize("ab\ncd\te"), "ab\ncd  e");
        // tab stops count cells, not bytes
        assert_eq!(sanitize("日\tx"), "日  x");
        assert_eq!(sanitize("a\tb\tc"), "a   b   c");
        assert_eq!(sanitize("a\t\tb"), "a       b");
    }

    #[test]
    fn many_tabs_on_one_line_stay_fast() {
        let line = "日\t".repeat(200_000);
        let out = sanitize(&line);
        assert_eq!(out.len(), 200_000 * ("日".len() + 2));
    }

    #[test]
    fn bidi_and_zero_width_are_dropped() {
        assert_eq!(sanitize("abc\u{202e}fed\u{202c}"), "abcfed");
        assert_eq!(sanitize("a\u{2066}b\u{2069}c"), "abc");
        assert_eq!(sanitize("zero\u{200b}width\u{feff}"), "zerowidth");
        assert_eq!(sanitize("soft\u{ad}hyphen"), "softhyphen");
    }

    proptest::proptest! {
        /// The copy-a-run-at-a-time path changes nothing: what needs no change is
        /// borrowed, and only that.
        #[test]
        fn borrowed_exactly_when_nothing_changes(
            text in proptest::string::string_regex("[a-z \n\t\r\u{1b}\\[\\]0-9;m\u{85}\u{9b}\u{9c}\u{9d}\u{200b}\u{2028}日é]{0,40}").unwrap()
        ) {
            let cow = sanitize_cow(&text);
            proptest::prop_assert_eq!(&*cow, sanitize(&text));
            let borrowed = matches!(cow, std::borrow::Cow::Borrowed(_));
            proptest::prop_assert_eq!(borrowed, sanitize(&text) == text);
        }
    }

    #[test]
    fn emoji_joiners_survive() {
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(sanitize(family), family);
    }

    #[test]
    fn output_never_holds_controls() {
        let nasty: String =
            (0u32..0x200).filter_map(char::from_u32).chain("\x1b[1m\x1b]0;x\x07\u{202e}".chars()).collect();
        let clean = sanitize(&nasty);
        assert!(clean.chars().all(|c| c == '\n' || !c.is_control()), "{clean:?}");
        assert!(!clean.chars().any(is_invisible));
        let line = sanitize_line(&nasty);
        assert!(line.chars().all(|c| !c.is_control()));
    }
}
