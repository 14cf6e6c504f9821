//! Bytes to text: byte order marks, UTF-16, lossy UTF-8, and telling binary files apart.

/// How many leading bytes are inspected to decide whether a file is binary.
const SNIFF_BYTES: usize = 8 * 1024;

/// Text decoded from a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// Some bytes were not valid in `encoding` and became U+FFFD.
    pub lossy: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// True when `bytes` look like a binary file rather than text: a NUL byte near the
/// start (the test git and ripgrep use), unless a UTF-16 byte order mark explains it.
pub fn is_binary(bytes: &[u8]) -> bool {
    if utf16_bom(bytes).is_some() {
        return false;
    }
    bytes[..bytes.len().min(SNIFF_BYTES)].contains(&0)
}

fn utf16_bom(bytes: &[u8]) -> Option<Encoding> {
    match bytes {
        [0xff, 0xfe, ..] => Some(Encoding::Utf16Le),
        [0xfe, 0xff, ..] => Some(Encoding::Utf16Be),
        _ => None,
    }
}

/// Decode `bytes` as text. Never fails: invalid sequences become U+FFFD and the result
/// says so. A UTF-8 byte order mark is dropped; a UTF-16 one selects UTF-16.
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some(encoding) = utf16_bom(bytes) {
        let body = &bytes[2..];
        let units = body.chunks(2).map(|pair| match (encoding, pair) {
            (Encoding::Utf16Le, [lo, hi]) => u16::from_le_bytes([*lo, *hi]),
            (_, [hi, lo]) => u16::from_be_bytes([*hi, *lo]),
            // A dangling odd byte cannot be a code unit.
            _ => 0xfffd,
        });
        let mut lossy = body.len() % 2 == 1;
        let text = char::decode_utf16(units)
            .map(|r| {
                r.unwrap_or_else(|_| {
                    lossy = true;
                    '\u{fffd}'
                })
            })
            .collect();
        return Decoded { text, encoding, lossy };
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Decoded { text: text.to_owned(), encoding: Encoding::Utf8, lossy: false },
        Err(_) => Decoded { text: String::from_utf8_lossy(body).into_owned(), encoding: Encoding::Utf8, lossy: true },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_utf8_is_exact() {
        let d = decode("naïve café".as_bytes());
        assert_eq!(d.text, "naïve café");
        assert!(!d.lossy);
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode(b"\xef\xbb\xbfhello").text, "hello");
    }

    #[test]
    fn invalid_utf8_is_lossy_and_marked() {
        let d = decode(b"caf\xe9 and more");
        assert_eq!(d.text, "caf\u{fffd} and more");
        assert!(d.lossy);
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut le = vec![0xff, 0xfe];
        le.extend("héllo".encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&le);
        assert_eq!((d.text.as_str(), d.encoding, d.lossy), ("héllo", Encoding::Utf16Le, false));

        let mut be = vec![0xfe, 0xff];
        be.extend("日本".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).text, "日本");
    }

    #[test]
    fn unpaired_surrogates_are_lossy() {
        let bytes = [0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00];
        let d = decode(&bytes);
        assert_eq!(d.text, "\u{fffd}A");
        assert!(d.lossy);
    }

    #[test]
    fn binary_is_detected_by_nul() {
        assert!(is_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!is_binary(b"plain text"));
        assert!(!is_binary(&[0xff, 0xfe, b'a', 0]));
        assert!(!is_binary(b""));
    }
}
