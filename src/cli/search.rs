//! `gloss search`: matches in the reading text of a corpus, as grep prints them.

use std::io::{self, IsTerminal, Write};
use std::ops::{ControlFlow, Range};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::{Result, bail};
use serde::Serialize;

use super::{corpus_root, print, shown};
use crate::config::{Config, Dirs};
use crate::index::Cache;
use crate::search::{self, Case, Hit, Options, Pattern};

/// The flags of `gloss search`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Flags {
    pub json: bool,
    pub ignore_case: bool,
    pub case_sensitive: bool,
    pub fixed_strings: bool,
}

/// `gloss search [DIR] PATTERN`: exit code 0 when something matched, 1 when nothing
/// did.
pub(super) fn run(
    dir: Option<PathBuf>,
    pattern: Option<String>,
    flags: Flags,
    config: &Config,
    dirs: Option<&Dirs>,
    cache: &dyn Fn(&Path) -> Cache,
) -> Result<ExitCode> {
    let (dir, typed) = positional(dir, pattern)?;
    let case = match (flags.ignore_case, flags.case_sensitive) {
        (true, _) => Case::Insensitive,
        (_, true) => Case::Sensitive,
        _ => Case::Smart,
    };
    let pattern = Pattern::with_options(&typed, Options { case, fixed: flags.fixed_strings })?;
    let root = corpus_root(dir, config, dirs)?;
    let output = if flags.json {
        Output::Json
    } else {
        let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Output::Lines { color }
    };
    let mut matched = false;
    let cache = cache(&root);
    print(|out| search(&root, &pattern, output, &cache, out, &mut matched))?;
    // What was cleaned to be searched is remembered for the next search.
    if let Err(e) = cache.save(None) {
        eprintln!("gloss: the index cache was not saved: {}", crate::text::sanitize_line(&e.to_string()));
    }
    Ok(if matched { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The positional arguments, `[DIR] PATTERN`: clap cannot have an optional one
/// before a required one, so both are optional and sorted out here.
fn positional(dir: Option<PathBuf>, pattern: Option<String>) -> Result<(Option<PathBuf>, String)> {
    match (dir, pattern) {
        (dir, Some(pattern)) => Ok((dir, pattern)),
        (Some(only), None) => match only.into_os_string().into_string() {
            Ok(pattern) => Ok((None, pattern)),
            Err(_) => bail!("the pattern is not valid UTF-8"),
        },
        (None, None) => bail!("say what to search for: gloss search [DIR] PATTERN"),
    }
}

/// How `gloss search` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    /// `path:line: sentence`, with the matches highlighted when `color`.
    Lines {
        color: bool,
    },
    Json,
}

#[derive(Serialize)]
struct JsonHit<'a> {
    path: String,
    title: &'a str,
    line: usize,
    start: usize,
    end: usize,
    sentence: &'a str,
}

/// Search the corpus at `root` and print what matched as it is found, in path order
/// and then in the order of the text; `matched` is set once something did (even if
/// printing it then failed: a reader that stopped reading still saw a match).
fn search(
    root: &Path,
    pattern: &Pattern,
    output: Output,
    cache: &Cache,
    out: &mut dyn Write,
    matched: &mut bool,
) -> io::Result<()> {
    if let Some(why) = pattern.fallback() {
        eprintln!("gloss: searching literally: {why}");
    }
    let mut printer = Printer { out, output, first: true, group: None };
    let mut failed = None;
    let summary = search::corpus_cached(root, pattern, search::Order::Path, &AtomicBool::new(false), cache, |hit| {
        *matched = true;
        match printer.hit(hit) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    for skip in &summary.skipped {
        eprintln!("gloss: {skip}");
    }
    printer.finish()
}

/// Prints hits as they come, in the order they come.
struct Printer<'o> {
    out: &'o mut dyn Write,
    output: Output,
    /// Nothing printed yet.
    first: bool,
    /// The sentence being printed, and the matches in it so far.
    group: Option<(Hit, Vec<Range<usize>>)>,
}

impl Printer<'_> {
    fn hit(&mut self, hit: Hit) -> io::Result<()> {
        match self.output {
            Output::Json => self.json(&hit),
            Output::Lines { .. } => {
                // As grep prints a line once however many matches it holds, a
                // sentence holding several is printed once, at the line of its first.
                if let Some((first, marks)) = &mut self.group
                    && first.rel == hit.rel
                    && first.sentence_bytes == hit.sentence_bytes
                    && first.sentence == hit.sentence
                {
                    marks.push(hit.in_sentence);
                    return Ok(());
                }
                self.flush()?;
                let marks = vec![hit.in_sentence.clone()];
                self.group = Some((hit, marks));
                Ok(())
            }
        }
    }

    /// One object of the array, laid out as `serde_json`'s pretty printer lays out
    /// a whole array, so the output is the same as if it had been printed at once.
    fn json(&mut self, hit: &Hit) -> io::Result<()> {
        let item = JsonHit {
            // The real relative path (JSON escaping keeps it harmless), so scripts
            // can open it.
            path: hit.rel.to_string_lossy().into_owned(),
            title: &hit.title,
            line: hit.line,
            start: hit.chars.start,
            end: hit.chars.end,
            sentence: &hit.sentence,
        };
        let object = serde_json::to_string_pretty(&item)?;
        self.out.write_all(if std::mem::take(&mut self.first) { b"[\n" } else { b",\n" })?;
        for (i, line) in object.lines().enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            write!(self.out, "  {line}")?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        let Some((first, marks)) = self.group.take() else {
            return Ok(());
        };
        let path = shown(&first.rel);
        if let Output::Lines { color: true } = self.output {
            write!(self.out, "{MAGENTA}{path}{RESET}:{GREEN}{}{RESET}: ", first.line)?;
            write_marked(self.out, &first.sentence, &marks)?;
            writeln!(self.out)
        } else {
            writeln!(self.out, "{path}:{}: {}", first.line, first.sentence)
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        match self.output {
            Output::Json if self.first => writeln!(self.out, "[]"),
            Output::Json => writeln!(self.out, "\n]"),
            Output::Lines { .. } => self.flush(),
        }
    }
}

const MAGENTA: &str = "\x1b[35m";
const GREEN: &str = "\x1b[32m";
const RED_BOLD: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// `line` with each of `marks` (in order, not overlapping) highlighted.
fn write_marked(out: &mut dyn Write, line: &str, marks: &[Range<usize>]) -> io::Result<()> {
    let mut at = 0;
    for mark in marks {
        // Marks come from the same line; one out of step is printed plain.
        let Some(marked) = line.get(mark.clone()).filter(|_| mark.start >= at) else {
            continue;
        };
        write!(out, "{}{RED_BOLD}{marked}{RESET}", &line[at..mark.start])?;
        at = mark.end;
    }
    write!(out, "{}", &line[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(rel: &str, line: usize, sentence: &str, at: Range<usize>) -> Hit {
        Hit {
            path: Path::new("/c").join(rel),
            rel: rel.into(),
            title: "A \"title\"".to_owned(),
            bytes: at.clone(),
            chars: at.clone(),
            line,
            sentence_bytes: 0..sentence.len(),
            sentence: sentence.to_owned(),
            in_sentence: at,
        }
    }

    fn printed(output: Output, hits: &[Hit]) -> String {
        let mut out = Vec::new();
        let mut printer = Printer { out: &mut out, output, first: true, group: None };
        for h in hits {
            printer.hit(h.clone()).unwrap();
        }
        printer.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_streamed_is_json_printed_at_once() {
        let hits = [hit("a.txt", 1, "One wall.", 4..8), hit("b/c.md", 3, "Two\twalls, \u{1b}.", 4..8)];
        let whole: Vec<JsonHit> = hits
            .iter()
            .map(|h| JsonHit {
                path: h.rel.to_string_lossy().into_owned(),
                title: &h.title,
                line: h.line,
                start: h.chars.start,
                end: h.chars.end,
                sentence: &h.sentence,
            })
            .collect();
        assert_eq!(printed(Output::Json, &hits), serde_json::to_string_pretty(&whole).unwrap() + "\n");
        assert_eq!(printed(Output::Json, &[]), "[]\n");
    }

    #[test]
    fn a_sentence_is_printed_once_for_all_its_matches() {
        let hits = [
            hit("a.txt", 1, "a wall and a wall", 2..6),
            hit("a.txt", 1, "a wall and a wall", 13..17),
            hit("a.txt", 3, "another wall", 8..12),
            hit("b.txt", 1, "another wall", 8..12),
        ];
        assert_eq!(
            printed(Output::Lines { color: false }, &hits),
            "a.txt:1: a wall and a wall\na.txt:3: another wall\nb.txt:1: another wall\n"
        );
        let colored = printed(Output::Lines { color: true }, &hits[..2]);
        assert_eq!(
            colored,
            format!("{MAGENTA}a.txt{RESET}:{GREEN}1{RESET}: a {RED_BOLD}wall{RESET} and a {RED_BOLD}wall{RESET}\n")
        );
    }

    #[test]
    fn marks_are_highlighted_in_place() {
        let mut out = Vec::new();
        write_marked(&mut out, "a wall and a wall", &[2..6, 13..17]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, format!("a {RED_BOLD}wall{RESET} and a {RED_BOLD}wall{RESET}"));
        let mut out = Vec::new();
        write_marked(&mut out, "short", &[3..40, 1..2]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), format!("s{RED_BOLD}h{RESET}ort"));
    }
}
