//! Bytes to text: byte order marks, the charset a web page declares, legacy encodings
//! detected, and telling binary files apart.
//!
//! The encoding is chosen in this order:
//!
//! 1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
//! 2. for HTML, the charset a `<meta charset=…>` or `<meta http-equiv="Content-Type"
//!    content="…; charset=…">` in the first 1024 bytes declares ([`declared`], the
//!    HTML standard's prescan, by a byte scan): a UTF-16 declared there means UTF-8
//!    (the bytes were read to find it, so they are not UTF-16), `x-user-defined`
//!    means windows-1252, and a label the Encoding Standard does not know, or one
//!    it decodes to nothing at all (its "replacement" encoding), is ignored;
//! 3. UTF-8, when the bytes are valid UTF-8 (the text is then borrowed, not copied),
//!    or when they are mostly UTF-8: some valid multi-byte characters, and no fewer
//!    than invalid sequences, as a UTF-8 file with a damaged byte or a cut last
//!    character has;
//! 4. otherwise the legacy encoding chardetng detects (windows-1252, Shift_JIS, GBK…).
//!
//! Names are the Encoding Standard's, as encoding_rs gives them: a page labelled
//! ISO-8859-1 is decoded, and named, as windows-1252, its superset there. An article
//! is lossy only when some bytes could not be decoded in the chosen encoding (they
//! became U+FFFD). Everything here is linear in the bytes.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How many leading bytes are inspected to decide whether a file is binary.
const SNIFF_BYTES: usize = 8 * 1024;

/// How many leading bytes of a page are looked at for a declared charset.
pub const PRESCAN_BYTES: usize = 1024;

/// Text decoded from a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, borrowed from the bytes when they were valid UTF-8.
    pub text: Cow<'a, str>,
    pub encoding: Encoding,
    /// How `encoding` was chosen.
    pub from: EncodingFrom,
    /// Some bytes were not valid in `encoding` and became U+FFFD.
    pub lossy: bool,
}

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Any other encoding of the Encoding Standard (never UTF-8 or UTF-16).
    Other(&'static encoding_rs::Encoding),
}

impl Encoding {
    /// The encoding for encoding_rs's.
    pub fn of(encoding: &'static encoding_rs::Encoding) -> Encoding {
        if encoding == encoding_rs::UTF_8 {
            Encoding::Utf8
        } else if encoding == encoding_rs::UTF_16LE {
            Encoding::Utf16Le
        } else if encoding == encoding_rs::UTF_16BE {
            Encoding::Utf16Be
        } else {
            Encoding::Other(encoding)
        }
    }

    /// encoding_rs's encoding for this one.
    pub fn encoding_rs(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Utf16Le => encoding_rs::UTF_16LE,
            Encoding::Utf16Be => encoding_rs::UTF_16BE,
            Encoding::Other(encoding) => encoding,
        }
    }

    /// The Encoding Standard's name: `UTF-8`, `UTF-16LE`, `windows-1252`, `Shift_JIS`…
    pub fn name(self) -> &'static str {
        self.encoding_rs().name()
    }
}

/// Serialised as its name.
impl Serialize for Encoding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Encoding {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Encoding, D::Error> {
        let name = String::deserialize(d)?;
        encoding_rs::Encoding::for_label(name.as_bytes())
            .map(Encoding::of)
            .ok_or_else(|| serde::de::Error::custom(format!("not an encoding: {name:?}")))
    }
}

/// How the encoding of a file was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingFrom {
    /// A byte order mark.
    Bom,
    /// The charset the page declares.
    Declared,
    /// Detected from the bytes, which were not UTF-8.
    Detected,
    /// Nothing said otherwise, and the bytes are UTF-8 (or mostly).
    Utf8,
}

/// True when `bytes` look like a binary file rather than text: a NUL byte near the
/// start (the test git and ripgrep use), unless a UTF-16 byte order mark explains it.
pub fn is_binary(bytes: &[u8]) -> bool {
    if matches!(bytes, [0xff, 0xfe, ..] | [0xfe, 0xff, ..]) {
        return false;
    }
    bytes[..bytes.len().min(SNIFF_BYTES)].contains(&0)
}

/// Decode plain text or Markdown: a byte order mark, else UTF-8, else detection.
/// Never fails: what cannot be decoded becomes U+FFFD and the result says so.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    decode_declared(bytes, None)
}

/// Decode a web page: a byte order mark, else the charset it declares, else as
/// [`decode`] does.
pub fn decode_html(bytes: &[u8]) -> Decoded<'_> {
    decode_declared(bytes, declared(bytes))
}

fn decode_declared<'a>(bytes: &'a [u8], declared: Option<&'static encoding_rs::Encoding>) -> Decoded<'a> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return decode_in(encoding, &bytes[bom..], EncodingFrom::Bom);
    }
    if let Some(encoding) = declared {
        return decode_in(encoding, bytes, EncodingFrom::Declared);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded { text: Cow::Borrowed(text), encoding: Encoding::Utf8, from: EncodingFrom::Utf8, lossy: false };
    }
    if mostly_utf8(bytes) {
        return decode_in(encoding_rs::UTF_8, bytes, EncodingFrom::Utf8);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    decode_in(encoding, bytes, EncodingFrom::Detected)
}

fn decode_in<'a>(encoding: &'static encoding_rs::Encoding, body: &'a [u8], from: EncodingFrom) -> Decoded<'a> {
    let (text, lossy) = encoding.decode_without_bom_handling(body);
    Decoded { text, encoding: Encoding::of(encoding), from, lossy }
}

/// At least as many valid multi-byte UTF-8 characters as invalid sequences, and some:
/// UTF-8 with some
/// damage rather than a legacy encoding, where such characters are rare accidents.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().bytes().filter(|&b| b >= 0xc0).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid > 0 && valid >= invalid
}

/// The charset a web page declares in a `<meta>` of its first [`PRESCAN_BYTES`]
/// bytes, as the HTML standard's prescan finds it: comments, other tags and their
/// attributes are stepped over, and the first `<meta>` that declares a charset the
/// Encoding Standard knows wins. UTF-16 becomes UTF-8 and `x-user-defined`
/// windows-1252; the "replacement" encoding counts as not declared.
pub fn declared(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let b = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            // To the end of the first `-->` after `<!`, so `<!-->` is a comment.
            i = find(b, i + 2, b"-->").map_or(b.len(), |at| at + 3);
            continue;
        }
        if starts_with_ignore_case(rest, b"<meta") && rest.get(5).is_some_and(|&c| is_space(c) || c == b'/') {
            let (charset, next) = meta_charset(b, i + 5);
            if charset.is_some() {
                return charset;
            }
            i = next;
            continue;
        }
        let tag = match rest {
            [b'<', b'/', c, ..] | [b'<', c, ..] if c.is_ascii_alphabetic() => true,
            [b'<', b'!' | b'/' | b'?', ..] => false,
            _ => {
                i += 1;
                continue;
            }
        };
        if tag {
            // Past the tag name, then its attributes.
            i += 1;
            while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                i += 1;
            }
            while let Some((_, _, next)) = attribute(b, i) {
                i = next;
            }
        } else {
            i = find(b, i, b">").unwrap_or(b.len());
        }
        i += 1;
    }
    None
}

/// The charset the `<meta>` whose attributes start at `i` declares, and where the
/// scan goes on.
fn meta_charset(b: &[u8], mut i: usize) -> (Option<&'static encoding_rs::Encoding>, usize) {
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut pragma = false;
    // The charset, and whether it came from `content` (so needs the pragma).
    let mut charset: Option<(&[u8], bool)> = None;
    while let Some((name, value, next)) = attribute(b, i) {
        i = next;
        if seen.iter().any(|s| s.eq_ignore_ascii_case(name)) {
            continue;
        }
        seen.push(name);
        if name.eq_ignore_ascii_case(b"http-equiv") {
            pragma |= value.eq_ignore_ascii_case(b"content-type");
        } else if name.eq_ignore_ascii_case(b"content") {
            if charset.is_none() {
                charset = charset_in_content(value).map(|c| (c, true));
            }
        } else if name.eq_ignore_ascii_case(b"charset") && charset.is_none() {
            charset = Some((value, false));
        }
    }
    let charset = match charset {
        Some((label, needs_pragma)) if pragma || !needs_pragma => encoding_rs::Encoding::for_label(label),
        _ => None,
    };
    let charset = charset.filter(|&c| c != encoding_rs::REPLACEMENT).map(|c| {
        if c == encoding_rs::UTF_16LE || c == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else if c == encoding_rs::X_USER_DEFINED {
            encoding_rs::WINDOWS_1252
        } else {
            c
        }
    });
    (charset, i)
}

/// The next attribute of a tag at `i`: its name, its value (without quotes) and
/// where the scan goes on; `None` at the end of the tag (or of the bytes).
fn attribute(b: &[u8], mut i: usize) -> Option<(&[u8], &[u8], usize)> {
    while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
        i += 1;
    }
    if i >= b.len() || b[i] == b'>' {
        return None;
    }
    let name_start = i;
    // A name may start with `=`; it ends at `=` after that, a space, `/` or `>`.
    i += 1;
    while i < b.len() && !matches!(b[i], b'=' | b'/' | b'>') && !is_space(b[i]) {
        i += 1;
    }
    let name = &b[name_start..i];
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    if i >= b.len() {
        return None;
    }
    if b[i] != b'=' {
        return Some((name, &[], i));
    }
    i += 1;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    match b.get(i) {
        None => None,
        Some(&quote @ (b'"' | b'\'')) => {
            let end = b[i + 1..].iter().position(|&c| c == quote).map(|p| i + 1 + p)?;
            Some((name, &b[i + 1..end], end + 1))
        }
        Some(b'>') => Some((name, &[], i)),
        Some(_) => {
            let start = i;
            while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                i += 1;
            }
            Some((name, &b[start..i], i))
        }
    }
}

/// The charset named in a `content` attribute: `text/html; charset=windows-1252`.
fn charset_in_content(value: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    loop {
        let at = (i..value.len().saturating_sub(6)).find(|&j| value[j..j + 7].eq_ignore_ascii_case(b"charset"))?;
        i = at + 7;
        while i < value.len() && is_space(value[i]) {
            i += 1;
        }
        if value.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < value.len() && is_space(value[i]) {
            i += 1;
        }
        return match value.get(i)? {
            &quote @ (b'"' | b'\'') => {
                let end = value[i + 1..].iter().position(|&c| c == quote)?;
                Some(&value[i + 1..i + 1 + end])
            }
            _ => {
                let end = value[i..].iter().position(|&c| is_space(c) || c == b';').map_or(value.len(), |p| i + p);
                Some(&value[i..end])
            }
        };
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Where `needle` first occurs in `b` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let from = from.min(b.len());
    b[from..].windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_utf8_is_exact_and_borrowed() {
        let bytes = "naïve café".as_bytes();
        let d = decode(bytes);
        assert_eq!(d.text, "naïve café");
        assert!(matches!(d.text, Cow::Borrowed(_)), "no copy");
        assert_eq!((d.encoding, d.from, d.lossy), (Encoding::Utf8, EncodingFrom::Utf8, false));
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let d = decode(b"\xef\xbb\xbfhello");
        assert_eq!((&*d.text, d.encoding, d.from), ("hello", Encoding::Utf8, EncodingFrom::Bom));
    }

    #[test]
    fn latin1_is_detected_not_replaced() {
        let d = decode(b"Caf\xe9 society, Zo\xeb Salda\xf1a and M\xfcller met Pe\xf1a.");
        assert_eq!(d.text, "Café society, Zoë Saldaña and Müller met Peña.");
        assert_eq!((d.encoding.name(), d.from, d.lossy), ("windows-1252", EncodingFrom::Detected, false));
    }

    #[test]
    fn damaged_utf8_stays_utf8_and_is_marked() {
        let bytes = ["Déjà vu, encore: ".as_bytes(), b"\xff tail"].concat();
        let d = decode(&bytes);
        assert_eq!(d.text, "Déjà vu, encore: \u{fffd} tail");
        assert_eq!((d.encoding, d.from, d.lossy), (Encoding::Utf8, EncodingFrom::Utf8, true));
        // A last character cut in half.
        let d = decode("Zoë Saldañ".as_bytes().split_last().unwrap().1);
        assert_eq!((&*d.text, d.lossy), ("Zoë Salda\u{fffd}", true));
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut le = vec![0xff, 0xfe];
        le.extend("héllo".encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&le);
        assert_eq!((&*d.text, d.encoding, d.from, d.lossy), ("héllo", Encoding::Utf16Le, EncodingFrom::Bom, false));

        let mut be = vec![0xfe, 0xff];
        be.extend("日本".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).text, "日本");
        assert_eq!(decode(&be).encoding, Encoding::Utf16Be);
        // A byte order mark wins over a declaration.
        let mut page = vec![0xff, 0xfe];
        page.extend("<meta charset=windows-1252>é".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!((decode_html(&page).encoding, decode_html(&page).from), (Encoding::Utf16Le, EncodingFrom::Bom));
    }

    #[test]
    fn unpaired_surrogates_and_odd_bytes_are_lossy() {
        let d = decode(&[0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]);
        assert_eq!(d.text, "\u{fffd}A");
        assert!(d.lossy);
        assert!(decode(&[0xff, 0xfe, 0x41, 0x00, 0x42]).lossy);
    }

    #[test]
    fn a_declared_charset_is_used() {
        let d = decode_html(b"<!doctype html><meta charset=\"windows-1252\"><p>Pe\xf1a");
        assert_eq!((d.encoding.name(), d.from, d.lossy), ("windows-1252", EncodingFrom::Declared, false));
        assert!(d.text.ends_with("Peña"));
        let d = decode_html(
            b"<html><head><META HTTP-EQUIV='Content-Type' CONTENT='text/html; Charset=ISO-8859-2'></head>\xb1",
        );
        assert_eq!((d.encoding.name(), d.from), ("ISO-8859-2", EncodingFrom::Declared));
        assert!(d.text.ends_with('ą'));
        // Declared UTF-8 that is not is lossy.
        let d = decode_html(b"<meta charset=utf-8>caf\xe9");
        assert_eq!(
            (&*d.text, d.encoding, d.from, d.lossy),
            ("<meta charset=utf-8>caf\u{fffd}", Encoding::Utf8, EncodingFrom::Declared, true)
        );
        // Plain text declares nothing.
        assert_eq!(decode(b"<meta charset=utf-8>caf\xe9").from, EncodingFrom::Detected);
    }

    #[test]
    fn the_prescan() {
        let enc = |page: &[u8]| declared(page).map(|e| e.name());
        assert_eq!(enc(b"<meta charset=latin1>"), Some("windows-1252"));
        assert_eq!(enc(b"<meta charset='shift_jis'/>"), Some("Shift_JIS"));
        assert_eq!(enc(b"<meta\tcharset = \"  gbk\">"), Some("GBK"));
        assert_eq!(enc(b"<meta content=\"text/html; charset=koi8-r\" http-equiv=content-type>"), Some("KOI8-R"));
        assert_eq!(enc(b"<meta content='text/html;charset=\"euc-kr\"' http-equiv='Content-Type'>"), Some("EUC-KR"));
        // `content` without the pragma declares nothing.
        assert_eq!(enc(b"<meta content=\"text/html; charset=koi8-r\">"), None);
        // Comments, other tags' attributes and a meta without a charset are passed.
        assert_eq!(enc(b"<!-- <meta charset=koi8-r> --><meta charset=big5>"), Some("Big5"));
        assert_eq!(enc(b"<!--><meta charset=big5>"), Some("Big5"));
        assert_eq!(enc(b"<div title='<meta charset=koi8-r>'><meta charset=big5>"), Some("Big5"));
        assert_eq!(enc(b"<meta name=viewport content=width><meta charset=big5>"), Some("Big5"));
        assert_eq!(enc(b"<metadata charset=koi8-r>"), None);
        // Only the first 1024 bytes.
        let late = [b" ".repeat(1020), b"<meta charset=big5>".to_vec()].concat();
        assert_eq!(enc(&late), None);
    }

    #[test]
    fn hostile_declarations_fall_back() {
        let enc = |page: &[u8]| declared(page).map(|e| e.name());
        // UTF-16 in a meta tag means UTF-8, x-user-defined windows-1252.
        assert_eq!(enc(b"<meta charset=utf-16>"), Some("UTF-8"));
        assert_eq!(enc(b"<meta charset=UTF-16BE>"), Some("UTF-8"));
        assert_eq!(enc(b"<meta charset=x-user-defined>"), Some("windows-1252"));
        // Unknown labels, and labels that would decode to nothing, are not declarations.
        assert_eq!(enc(b"<meta charset=klingon>"), None);
        assert_eq!(enc(b"<meta charset=klingon><meta charset=big5>"), Some("Big5"));
        assert_eq!(enc(b"<meta charset=iso-2022-kr>"), None);
        let d = decode_html(b"<meta charset=klingon><p>caf\xc3\xa9");
        assert_eq!((d.encoding, d.from, d.lossy), (Encoding::Utf8, EncodingFrom::Utf8, false));
        // Cut short anywhere, never a panic.
        let page = b"<!doctype html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset='windows-1252'\"></head>";
        for end in 0..page.len() {
            let _ = declared(&page[..end]);
        }
        for junk in
            [&b"<"[..], b"<meta ", b"<meta charset", b"<meta charset=", b"<meta charset='", b"<a b='", b"<!", b"<!--"]
        {
            assert_eq!(declared(junk), None);
        }
    }

    #[test]
    fn binary_is_detected_by_nul() {
        assert!(is_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!is_binary(b"plain text"));
        assert!(!is_binary(&[0xff, 0xfe, b'a', 0]));
        assert!(!is_binary(b""));
    }

    #[test]
    fn names() {
        assert_eq!(
            [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be].map(Encoding::name),
            ["UTF-8", "UTF-16LE", "UTF-16BE"]
        );
        assert_eq!(Encoding::of(encoding_rs::UTF_8), Encoding::Utf8);
        assert_eq!(Encoding::of(encoding_rs::SHIFT_JIS), Encoding::Other(encoding_rs::SHIFT_JIS));
        assert_eq!(serde_json::to_string(&Encoding::Other(encoding_rs::WINDOWS_1252)).unwrap(), "\"windows-1252\"");
    }
}
