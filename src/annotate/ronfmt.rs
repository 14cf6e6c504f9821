//! Just enough RON structure to read a sidecar field by field and write it back.
//!
//! A sidecar is first checked by `ron`'s own parser, which reports syntax errors with
//! their line and column. This module then walks the structure one level at a time
//! and hands back each field's name and the exact source text of its value. Known
//! fields are parsed from that text with `ron`; unknown fields are kept as that text
//! and written back unchanged, so nothing another tool (or a newer gloss) put in a
//! sidecar is lost or altered. (`ron::Value` cannot serve: it turns an enum
//! identifier like `Exact` into `()`.)

/// One `name: value` field of a struct, with the value's source text and where it
/// starts in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub offset: usize,
}

/// A value's source text and where it starts in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item<'a> {
    pub value: &'a str,
    pub offset: usize,
}

struct Scanner<'a> {
    src: &'a str,
    pos: usize,
    /// Offset of `src` in the whole document, for error positions.
    base: usize,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str, base: usize) -> Self {
        Scanner { src, pos: 0, base }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn error(&self, what: &str) -> ScanError {
        ScanError { offset: self.base + self.pos, message: what.to_owned() }
    }

    /// Skip whitespace, `// …` and (nested) `/* … */` comments.
    fn skip_blank(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if trimmed.starts_with("/*") {
                let mut depth = 0usize;
                let mut i = 0;
                let bytes = trimmed.as_bytes();
                while i < bytes.len() {
                    if bytes[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if bytes[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                self.pos += i;
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// An identifier, as written (a raw identifier keeps its `r#`).
    fn ident(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let rest_raw = rest.strip_prefix("r#").unwrap_or(rest);
        let skip = rest.len() - rest_raw.len();
        let len = rest_raw.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest_raw.len());
        if len == 0 || rest_raw.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let start = self.pos;
        self.pos = start + skip + len;
        Some(&self.src[start..self.pos])
    }

    /// Step over a string, raw string, byte string or char literal at the cursor.
    fn literal(&mut self) -> Result<bool, ScanError> {
        let rest = self.rest();
        let (prefix_len, raw_hashes) = if let Some(r) = rest.strip_prefix("br").or_else(|| rest.strip_prefix('r')) {
            let hashes = r.len() - r.trim_start_matches('#').len();
            if r[hashes..].starts_with('"') { (rest.len() - r.len(), Some(hashes)) } else { (0, None) }
        } else if rest.starts_with("b\"") || rest.starts_with("b'") {
            (1, None)
        } else {
            (0, None)
        };
        let body = &rest[prefix_len..];
        if let Some(hashes) = raw_hashes {
            let close = format!("\"{}", "#".repeat(hashes));
            let open_len = hashes + 1;
            let end = body[open_len..].find(&close).ok_or_else(|| self.error("unterminated raw string"))?;
            self.pos += prefix_len + open_len + end + close.len();
            return Ok(true);
        }
        let Some(quote @ ('"' | '\'')) = body.chars().next() else {
            return Ok(false);
        };
        let mut escaped = false;
        for (i, c) in body.char_indices().skip(1) {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == quote {
                self.pos += prefix_len + i + 1;
                return Ok(true);
            }
        }
        Err(self.error("unterminated string"))
    }

    /// Step over one value: a literal, a bracketed group, an identifier (with its
    /// parenthesised arguments, like `Some(…)` or `Name(…)`), or a number.
    fn value(&mut self) -> Result<(), ScanError> {
        self.skip_blank();
        if self.literal()? {
            return Ok(());
        }
        match self.peek() {
            Some('(' | '[' | '{') => self.group(),
            Some(c) if c.is_alphabetic() || c == '_' => {
                self.ident();
                self.skip_blank();
                if self.peek() == Some('(') { self.group() } else { Ok(()) }
            }
            Some(_) => {
                let rest = self.rest();
                let len = rest
                    .find(|c: char| c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}' | ':'))
                    .unwrap_or(rest.len());
                if len == 0 {
                    return Err(self.error("expected a value"));
                }
                self.pos += len;
                Ok(())
            }
            None => Err(self.error("expected a value")),
        }
    }

    /// Step over a bracketed group, minding strings and comments inside it.
    fn group(&mut self) -> Result<(), ScanError> {
        let mut stack = Vec::new();
        loop {
            if self.literal()? {
                continue;
            }
            let rest = self.rest();
            if rest.starts_with("//") || rest.starts_with("/*") {
                self.skip_blank();
                continue;
            }
            let Some(c) = self.peek() else {
                return Err(self.error("unclosed bracket"));
            };
            self.pos += c.len_utf8();
            match c {
                '(' => stack.push(')'),
                '[' => stack.push(']'),
                '{' => stack.push('}'),
                ')' | ']' | '}' => {
                    if stack.pop() != Some(c) {
                        return Err(self.error("mismatched bracket"));
                    }
                    if stack.is_empty() {
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
    }
}

/// Something the structure scan did not expect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub offset: usize,
    pub message: String,
}

/// Skip a leading byte order mark, comments and `#![enable(…)]` attributes.
pub fn skip_preamble(doc: &str) -> usize {
    let mut s = Scanner::new(doc, 0);
    s.eat('\u{feff}');
    loop {
        s.skip_blank();
        if s.rest().starts_with("#!") {
            s.pos += 2;
            if s.group().is_err() {
                return s.pos;
            }
        } else {
            return s.pos;
        }
    }
}

/// The fields of the struct `(name: value, …)` (optionally `Name(…)`) that `src`
/// holds; `base` is where `src` starts in the document.
pub fn struct_fields(src: &str, base: usize) -> Result<Vec<Field<'_>>, ScanError> {
    let mut s = Scanner::new(src, base);
    s.skip_blank();
    if s.peek() != Some('(') && s.ident().is_some() {
        s.skip_blank();
    }
    if !s.eat('(') {
        return Err(s.error("expected `(`"));
    }
    let mut fields = Vec::new();
    loop {
        s.skip_blank();
        if s.eat(')') {
            return Ok(fields);
        }
        let name = s.ident().ok_or_else(|| s.error("expected a field name"))?;
        s.skip_blank();
        if !s.eat(':') {
            return Err(s.error("expected `:`"));
        }
        s.skip_blank();
        let start = s.pos;
        s.value()?;
        fields.push(Field { name, value: &src[start..s.pos], offset: base + start });
        s.skip_blank();
        if !s.eat(',') {
            s.skip_blank();
            if s.eat(')') {
                return Ok(fields);
            }
            return Err(s.error("expected `,` or `)`"));
        }
    }
}

/// The items of the list `[a, b, …]` that `src` holds.
pub fn list_items(src: &str, base: usize) -> Result<Vec<Item<'_>>, ScanError> {
    let mut s = Scanner::new(src, base);
    s.skip_blank();
    if !s.eat('[') {
        return Err(s.error("expected `[`"));
    }
    let mut items = Vec::new();
    loop {
        s.skip_blank();
        if s.eat(']') {
            return Ok(items);
        }
        let start = s.pos;
        s.value()?;
        items.push(Item { value: &src[start..s.pos], offset: base + start });
        s.skip_blank();
        if !s.eat(',') {
            s.skip_blank();
            if s.eat(']') {
                return Ok(items);
            }
            return Err(s.error("expected `,` or `]`"));
        }
    }
}

/// `src` (the source of a value) with every string or char literal that holds a
/// control or invisible formatting character rewritten with escapes (a raw string
/// becomes an ordinary one with the same value), so writing it back never puts
/// such a character raw into a file. Anything else is left as written.
pub fn escape_literals(src: &str) -> std::borrow::Cow<'_, str> {
    let risky = |c: char| (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_format(c);
    if !src.chars().any(risky) {
        return src.into();
    }
    let mut out = String::with_capacity(src.len());
    let mut s = Scanner::new(src, 0);
    while s.pos < src.len() {
        let start = s.pos;
        match s.literal() {
            Ok(true) => {
                let lit = &src[start..s.pos];
                if !lit.chars().any(risky) {
                    out.push_str(lit);
                } else if let Ok(value) = ron::from_str::<String>(lit) {
                    out.push_str(&quote(&value));
                } else if let Ok(c) = ron::from_str::<char>(lit) {
                    out.push_str(&format!("'\\u{{{:x}}}'", c as u32));
                } else {
                    // A byte string or something unexpected: keep it readable but safe.
                    out.extend(lit.chars().map(|c| if risky(c) { ' ' } else { c }));
                }
            }
            _ => {
                let c = s.peek().unwrap_or(' ');
                s.pos = start + c.len_utf8();
                out.push(if risky(c) { ' ' } else { c });
            }
        }
    }
    out.into()
}

/// `line:column` (1-based, columns in characters) of byte `offset` in `doc`.
pub fn line_col(doc: &str, offset: usize) -> (usize, usize) {
    let before = &doc[..offset.min(doc.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// `s` as a RON string literal. Control characters, and the invisible characters
/// that can make a diff lie (bidi controls, zero-width spaces), are escaped, so a
/// sidecar never holds them raw.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_format(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Invisible formatting characters worth escaping in a file people read in diffs.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_their_exact_source() {
        let doc = r##"// a comment
(
    version: 1,
    name: "a, (tricky) \" string",
    list: [1, 2, /* c ) */ 3],
    state: Exact,
    nested: Some((x: 'a', y: r#"raw " ) text"#)),
)"##;
        let start = skip_preamble(doc);
        let fields = struct_fields(&doc[start..], start).unwrap();
        let pairs: Vec<(&str, &str)> = fields.iter().map(|f| (f.name, f.value)).collect();
        assert_eq!(
            pairs,
            [
                ("version", "1"),
                ("name", r#""a, (tricky) \" string""#),
                ("list", "[1, 2, /* c ) */ 3]"),
                ("state", "Exact"),
                ("nested", r##"Some((x: 'a', y: r#"raw " ) text"#))"##),
            ]
        );
        assert_eq!(line_col(doc, fields[0].offset), (3, 14));
    }

    #[test]
    fn list_items_split_at_top_level_commas() {
        let items = list_items("[(a: 1, b: [2, 3]), (a: 4),]", 0).unwrap();
        let values: Vec<&str> = items.iter().map(|i| i.value).collect();
        assert_eq!(values, ["(a: 1, b: [2, 3])", "(a: 4)"]);
        assert!(list_items("[]", 0).unwrap().is_empty());
    }

    #[test]
    fn preamble_skips_bom_comments_and_attributes() {
        let doc = "\u{feff}// x\n#![enable(implicit_some)]\n(a: 1)";
        assert_eq!(&doc[skip_preamble(doc)..], "(a: 1)");
    }

    #[test]
    fn malformed_structure_is_an_error_not_a_panic() {
        for bad in ["(", "(a 1)", "(a: 1", "[1, 2", "(a: \"open)", "x", ""] {
            assert!(struct_fields(bad, 0).is_err() || list_items(bad, 0).is_err(), "{bad}");
        }
    }

    #[test]
    fn kept_values_are_rewritten_without_raw_controls() {
        let raw = "(a: \"x\u{1b}[31m\u{7}y\u{202e}\", b: r#\"raw\u{1b}\"#, c: '\u{7}', d: \"fine\")";
        let clean = escape_literals(raw);
        assert!(!clean.chars().any(|c| c.is_control() || c == '\u{202e}'), "{clean}");
        let back: ron::Value = ron::from_str(&clean).unwrap();
        let before: ron::Value = ron::from_str(raw).unwrap();
        assert_eq!(back, before, "same values");
        assert!(matches!(escape_literals("(a: 1)"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn raw_identifiers_keep_their_prefix() {
        let fields = struct_fields("(r#type: 1, name: 2)", 0).unwrap();
        assert_eq!(fields[0].name, "r#type");
    }

    #[test]
    fn quoting_escapes_controls_and_invisibles() {
        assert_eq!(quote("a\"b\\c\nd\te"), r#""a\"b\\c\nd\te""#);
        assert_eq!(quote("\u{1b}[31m"), r#""\u{1b}[31m""#);
        assert_eq!(quote("x\u{202e}y"), r#""x\u{202e}y""#);
        assert_eq!(quote("日本 é"), "\"日本 é\"");
        // what is written parses back to the same string
        for s in ["plain", "a\"b\\c\nd", "\u{1b}\u{202e}\u{7f}", "日本"] {
            assert_eq!(ron::from_str::<String>(&quote(s)).unwrap(), s);
        }
    }
}
