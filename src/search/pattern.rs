//! What the user typed, made into something to search for.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

use crate::text::sanitize_line;

/// The most memory, in bytes, a pattern may take once compiled. A few repetitions
/// of a Unicode class (`\w{500}`) would otherwise build a program of hundreds of
/// megabytes before the first search.
pub const SIZE_LIMIT: usize = 4 << 20;

/// How letter case is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Case {
    /// Ignore case unless the pattern has an uppercase letter.
    #[default]
    Smart,
    Insensitive,
    Sensitive,
}

/// How a typed pattern is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    pub case: Case,
    /// Always a literal, even when the pattern looks like a regular expression.
    pub fixed: bool,
}

/// Why a pattern cannot be searched for at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("the pattern is too large to search for (compiled, it would take over {limit} bytes)")]
    TooBig { limit: usize },
    #[error("cannot search for this pattern: {0}")]
    Invalid(String),
}

/// A search pattern: a regular expression when what was typed is one, else a literal.
///
/// Matches are byte ranges of the searched text, never empty, never overlapping, in
/// order. `^` and `$` match at line breaks too; `.` does not match a line break.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    /// `None` for the empty pattern, which matches nothing.
    regex: Option<Regex>,
    is_regex: bool,
    ignore_case: bool,
    fallback: Option<String>,
}

impl Pattern {
    /// The pattern as typed, with smart case.
    pub fn new(typed: &str) -> Result<Pattern, PatternError> {
        Pattern::with_options(typed, Options::default())
    }

    /// The pattern as typed. It is a regular expression when it has a metacharacter
    /// (`\ . + * ? ( ) | [ ] { } ^ $`) and compiles; when it has one but does not
    /// compile, it is searched as a literal and [`Pattern::fallback`] says why.
    pub fn with_options(typed: &str, options: Options) -> Result<Pattern, PatternError> {
        let mut pattern =
            Pattern { source: typed.to_owned(), regex: None, is_regex: false, ignore_case: false, fallback: None };
        if typed.is_empty() {
            return Ok(pattern);
        }
        if !options.fixed && typed.contains(is_meta) {
            let ignore_case = ignores_case(options.case, typed, true);
            match build(typed, ignore_case) {
                Ok(regex) => {
                    pattern.regex = Some(regex);
                    pattern.is_regex = true;
                    pattern.ignore_case = ignore_case;
                    return Ok(pattern);
                }
                Err(regex::Error::CompiledTooBig(_)) => return Err(PatternError::TooBig { limit: SIZE_LIMIT }),
                Err(e) => pattern.fallback = Some(reason(&e)),
            }
        }
        let ignore_case = ignores_case(options.case, typed, false);
        match build(&regex::escape(typed), ignore_case) {
            Ok(regex) => {
                pattern.regex = Some(regex);
                pattern.ignore_case = ignore_case;
                Ok(pattern)
            }
            Err(regex::Error::CompiledTooBig(_)) => Err(PatternError::TooBig { limit: SIZE_LIMIT }),
            Err(e) => Err(PatternError::Invalid(reason(&e))),
        }
    }

    /// What was typed.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether nothing was typed (and so nothing matches).
    pub fn is_empty(&self) -> bool {
        self.regex.is_none()
    }

    /// Whether the pattern is searched as a regular expression.
    pub fn is_regex(&self) -> bool {
        self.is_regex
    }

    /// Whether letter case is ignored.
    pub fn ignores_case(&self) -> bool {
        self.ignore_case
    }

    /// Why a pattern that looks like a regular expression is searched literally: the
    /// compiler's complaint, on one line, safe to show.
    pub fn fallback(&self) -> Option<&str> {
        self.fallback.as_deref()
    }

    /// Every match in `text`, as byte ranges: non-empty, non-overlapping, in order.
    /// A pattern that can match the empty string (`a*`) gives only its non-empty
    /// matches.
    pub fn find_iter<'p, 't>(&'p self, text: &'t str) -> impl Iterator<Item = Range<usize>> + use<'p, 't> {
        self.regex.iter().flat_map(move |regex| regex.find_iter(text)).filter(|m| !m.is_empty()).map(|m| m.range())
    }

    /// How many times the pattern matches in `text`.
    pub fn count(&self, text: &str) -> usize {
        self.find_iter(text).count()
    }

    /// Whether the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.find_iter(text).next().is_some()
    }
}

fn build(pattern: &str, ignore_case: bool) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).case_insensitive(ignore_case).multi_line(true).size_limit(SIZE_LIMIT).build()
}

fn is_meta(c: char) -> bool {
    matches!(c, '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$')
}

fn ignores_case(case: Case, typed: &str, regex: bool) -> bool {
    match case {
        Case::Insensitive => true,
        Case::Sensitive => false,
        Case::Smart if regex => !regex_has_uppercase(typed),
        Case::Smart => !typed.chars().any(char::is_uppercase),
    }
}

/// Whether a regular expression has an uppercase letter that it matches: the
/// letters of escapes (`\W`, `\pL`, `\x{1F}`) and of group names do not count.
fn regex_has_uppercase(pattern: &str) -> bool {
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('p' | 'P' | 'x' | 'u' | 'U') if chars.peek() == Some(&'{') => {
                    chars.by_ref().find(|&c| c == '}');
                }
                Some('p' | 'P') => {
                    chars.next();
                }
                Some('x' | 'u' | 'U') => while chars.next_if(char::is_ascii_hexdigit).is_some() {},
                _ => {}
            },
            '(' if chars.peek() == Some(&'?') => {
                chars.next();
                // `(?P<name>` and `(?<name>`: the name is not matched.
                chars.next_if_eq(&'P');
                if chars.next_if_eq(&'<').is_some() {
                    chars.by_ref().find(|&c| c == '>');
                }
            }
            c if c.is_uppercase() => return true,
            _ => {}
        }
    }
    false
}

/// The point of a compiler error, on one line: the regex crate's messages quote the
/// pattern over several lines and end with `error: what went wrong`.
fn reason(error: &regex::Error) -> String {
    let message = error.to_string();
    let line = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .or_else(|| message.lines().rev().find(|l| !l.trim().is_empty()))
        .unwrap_or("not a valid regular expression");
    sanitize_line(line.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'t>(pattern: &str, text: &'t str) -> Vec<&'t str> {
        Pattern::new(pattern).unwrap().find_iter(text).map(|r| &text[r]).collect()
    }

    fn with(pattern: &str, case: Case, fixed: bool, text: &str) -> usize {
        Pattern::with_options(pattern, Options { case, fixed }).unwrap().count(text)
    }

    #[test]
    fn smart_case_ignores_case_for_lowercase_patterns() {
        let p = Pattern::new("border").unwrap();
        assert!(p.ignores_case() && !p.is_regex());
        assert_eq!(found("border", "Border, BORDER and border."), ["Border", "BORDER", "border"]);
    }

    #[test]
    fn smart_case_respects_case_once_there_is_an_uppercase_letter() {
        assert!(!Pattern::new("Border").unwrap().ignores_case());
        assert_eq!(found("Border", "Border, BORDER and border."), ["Border"]);
        assert_eq!(found("B.rder", "Border, BORDER and barder."), ["Border"]);
    }

    #[test]
    fn escapes_and_group_names_do_not_count_as_uppercase() {
        for pattern in [r"\Wfence", r"\pLfence", r"\p{Lu}x", r"\x{C9}t", r"(?P<Word>wall)", r"(?<Name>wall)"] {
            assert!(Pattern::new(pattern).unwrap().ignores_case(), "{pattern}");
        }
        assert!(!Pattern::new(r"\wFence").unwrap().ignores_case());
        assert_eq!(found(r"\bwall\b", "A WALL, a wall, walls."), ["WALL", "wall"]);
    }

    #[test]
    fn explicit_case_overrides_smart_case() {
        assert_eq!(with("Wall", Case::Insensitive, false, "wall WALL Wall"), 3);
        assert_eq!(with("wall", Case::Sensitive, false, "wall WALL Wall"), 1);
    }

    #[test]
    fn regex_when_it_is_one_literal_otherwise() {
        let p = Pattern::new(r"fenc(e|ing)").unwrap();
        assert!(p.is_regex() && p.fallback().is_none());
        assert_eq!(found(r"fenc(e|ing)", "a fence, the fencing"), ["fence", "fencing"]);
        let p = Pattern::new("no metacharacters here").unwrap();
        assert!(!p.is_regex() && p.fallback().is_none());
        // A literal is a literal: a dot in it is a dot.
        assert_eq!(with("u.s.", Case::Smart, true, "U.S. and uxsx"), 1);
        assert_eq!(with("u.s.", Case::Smart, false, "U.S. and uxsx"), 2);
    }

    #[test]
    fn an_invalid_regex_is_searched_literally_and_says_why() {
        let p = Pattern::new("(unclosed").unwrap();
        assert!(!p.is_regex());
        let why = p.fallback().unwrap();
        assert!(why.contains("unclosed group"), "{why}");
        assert!(!why.contains('\n'));
        assert_eq!(found("(unclosed", "an (unclosed aside"), ["(unclosed"]);
        assert_eq!(found("*star", "a *STAR and a star"), ["*STAR"]);
        assert!(Pattern::new("*star").unwrap().fallback().unwrap().contains("repetition"));
        // A pattern with escapes in it is reported safely.
        let p = Pattern::new("\x1b[31m(").unwrap();
        assert!(!p.fallback().unwrap().contains('\x1b'));
    }

    #[test]
    fn the_empty_pattern_matches_nothing() {
        let p = Pattern::new("").unwrap();
        assert!(p.is_empty());
        assert_eq!(p.count("anything at all"), 0);
        assert!(!p.is_match("anything"));
    }

    #[test]
    fn patterns_that_match_the_empty_string_give_only_real_matches() {
        assert_eq!(found("a*", "baaad cab"), ["aaa", "a"]);
        assert_eq!(found("x*", "no such letter"), Vec::<&str>::new());
        assert_eq!(found("^", "two\nlines"), Vec::<&str>::new());
        assert_eq!(found(r"\b", "words here"), Vec::<&str>::new());
        assert_eq!(found("(?:)", "é日"), Vec::<&str>::new());
        // Linear however many empty places there are.
        let long = "é".repeat(200_000);
        assert_eq!(Pattern::new("z*").unwrap().count(&long), 0);
    }

    #[test]
    fn matches_are_ordered_and_do_not_overlap() {
        let text = "aaaa";
        let ranges: Vec<_> = Pattern::new("aa").unwrap().find_iter(text).collect();
        assert_eq!(ranges, [0..2, 2..4]);
    }

    #[test]
    fn non_ascii_text_and_case_folding() {
        assert_eq!(found("école", "École, ÉCOLE, école"), ["École", "ÉCOLE", "école"]);
        assert_eq!(found("École", "École, ÉCOLE, école"), ["École"]);
        assert_eq!(found("é", "cafÉ café"), ["É", "é"]);
        let text = "日本語の文章、日本";
        let ranges: Vec<_> = Pattern::new("日本").unwrap().find_iter(text).collect();
        assert_eq!(ranges, [0..6, 21..27]);
        assert!(ranges.iter().all(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end)));
        assert_eq!(found("straße", "STRASSE Straße"), ["Straße"]);
    }

    #[test]
    fn anchors_match_at_line_breaks() {
        assert_eq!(found("^w[a-z]+", "walls\nwires and wells"), ["walls", "wires"]);
        assert_eq!(found(".+", "one\ntwo"), ["one", "two"]);
    }

    #[test]
    fn a_huge_compiled_regex_is_an_error() {
        let err = Pattern::new(r"\w{2000}").unwrap_err();
        assert_eq!(err, PatternError::TooBig { limit: SIZE_LIMIT });
        assert!(err.to_string().contains("too large"));
        assert!(Pattern::with_options(r"\w{2000}", Options { fixed: true, ..Options::default() }).is_ok());
    }
}
