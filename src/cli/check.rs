//! `gloss check`: what in a corpus needs attention. Sidecars whose article is gone
//! (and where it probably went), passages not found where they were, sidecars and
//! state files that do not parse. With `--fix`, lost sidecars that were matched
//! are moved to their articles.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::{corpus_root, layout, print};
use crate::annotate::relocate::{self, Doubt, Lost, MatchedBy};
use crate::annotate::{self, AnchorState, Layout, history::History};
use crate::config::{Config, Dirs};
use crate::text::sanitize_line;

/// `gloss check [DIR] [--json] [--fix]`: exit code 0 when nothing needs attention,
/// 1 when something does (after fixing what `--fix` could).
pub(super) fn run(
    dir: Option<PathBuf>,
    json: bool,
    fix: bool,
    config: &Config,
    dirs: Option<&Dirs>,
) -> Result<ExitCode> {
    let root = corpus_root(dir, config, dirs)?;
    let layout = layout(config, &root)?;
    let report = check(&root, &layout, fix, dirs);
    print(|out| if json { report.json(out) } else { report.text(out) })?;
    Ok(if report.needs_attention() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Everything `gloss check` found.
struct Report {
    /// The folder paths are shown relative to.
    base: PathBuf,
    /// Sidecars moved by `--fix`: from, to.
    moved: Vec<(PathBuf, PathBuf)>,
    /// Lost sidecars still lost, with why `--fix` could not move one it had a match
    /// for.
    lost: Vec<(Lost, Option<String>)>,
    anchors: Vec<Unsettled>,
    /// Sidecars that cannot be read: path, `line:column: what` or what.
    sidecar_errors: Vec<(PathBuf, String)>,
    /// Annotated articles, and other files of the walk, that cannot be read.
    article_errors: Vec<(PathBuf, String)>,
    /// Files of the state folder that do not parse.
    state_errors: Vec<(PathBuf, String)>,
    /// Annotations and articles checked.
    annotations: usize,
    articles: usize,
}

/// A passage not found where it was.
struct Unsettled {
    article: PathBuf,
    id: String,
    state: AnchorState,
    quote: String,
    /// Where a fuzzy passage is now, or each place an ambiguous one could be.
    places: Vec<Place>,
}

/// A place in the reading text: its line (from 1) and characters.
#[derive(Serialize, Clone, Copy)]
struct Place {
    line: usize,
    start: usize,
    end: usize,
}

impl Place {
    fn of(text: &str, range: std::ops::Range<usize>) -> Option<Place> {
        let before = text.get(..range.start)?;
        let start = before.chars().count();
        Some(Place {
            line: 1 + memchr::memchr_iter(b'\n', before.as_bytes()).count(),
            start,
            end: start + text.get(range)?.chars().count(),
        })
    }
}

fn check(root: &Path, layout: &Layout, fix: bool, dirs: Option<&Dirs>) -> Report {
    let base =
        if root.is_dir() { root.to_path_buf() } else { root.parent().map(Path::to_path_buf).unwrap_or_default() };
    let mut moved = Vec::new();
    let mut lost = Vec::new();
    for item in relocate::find_lost(root, layout) {
        let failed = match (&item.found, fix) {
            (Some(m), true) => match relocate::move_sidecar(&item.sidecar, &item.article, &m.article, layout) {
                Ok(to) => {
                    moved.push((item.sidecar.clone(), to));
                    continue;
                }
                Err(e) => Some(e.to_string()),
            },
            _ => None,
        };
        lost.push((item, failed));
    }

    let collection = annotate::collect(root, layout);
    let mut anchors = Vec::new();
    for article in &collection.articles {
        for r in &article.annotations {
            let places = match r.state {
                AnchorState::Exact | AnchorState::Moved => continue,
                AnchorState::Fuzzy => {
                    r.range.iter().filter_map(|range| Place::of(&article.text, range.clone())).collect()
                }
                AnchorState::Ambiguous => {
                    r.places.iter().filter_map(|range| Place::of(&article.text, range.clone())).collect()
                }
                AnchorState::Orphan => Vec::new(),
            };
            anchors.push(Unsettled {
                article: article.path.clone(),
                id: r.annotation.id.clone(),
                state: r.state,
                quote: r.annotation.anchor.quote.clone(),
                places,
            });
        }
    }
    let mut sidecar_errors = Vec::new();
    let mut article_errors = Vec::new();
    for problem in &collection.problems {
        let rel = problem.path.strip_prefix(&base).unwrap_or(&problem.path);
        let message = strip_path(&problem.message, &[&problem.path, rel]);
        if is_sidecar(&problem.path) {
            sidecar_errors.push((problem.path.clone(), message));
        } else {
            article_errors.push((problem.path.clone(), message));
        }
    }
    for (item, _) in &lost {
        if let Some(Doubt::Unreadable(problem)) = &item.doubt {
            sidecar_errors.push((item.sidecar.clone(), problem.message.trim().to_owned()));
        }
    }
    sidecar_errors.sort();
    Report {
        base,
        moved,
        lost,
        anchors,
        sidecar_errors,
        article_errors,
        state_errors: state_errors(dirs),
        annotations: collection.articles.iter().map(|a| a.annotations.len()).sum(),
        articles: collection.articles.len(),
    }
}

fn is_sidecar(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().ends_with(annotate::sidecar::SIDECAR_SUFFIX))
}

/// `message` without the path it starts with (as it names a file), and the `:`
/// after it: `3:14: what` or `what`.
fn strip_path(message: &str, paths: &[&Path]) -> String {
    for path in paths {
        for shown in [sanitize_line(&path.to_string_lossy()), path.display().to_string()] {
            if let Some(rest) = message.strip_prefix(&shown).and_then(|r| r.strip_prefix(':')) {
                return rest.trim().to_owned();
            }
        }
    }
    message.trim().to_owned()
}

/// The files of the state folder that do not parse, each read as the reader reads
/// it, with why.
fn state_errors(dirs: Option<&Dirs>) -> Vec<(PathBuf, String)> {
    let Some(d) = dirs else {
        return Vec::new();
    };
    let found = [
        (d.positions_file(), crate::store::positions(&d.positions_file()).problem().map(str::to_owned)),
        (d.read_file(), crate::store::read_marks(&d.read_file()).problem().map(str::to_owned)),
        (d.undo_file(), History::open(&d.undo_file()).problem().map(str::to_owned)),
        (d.sort_file(), super::sort_store(&d.sort_file()).problem().map(str::to_owned)),
    ];
    found
        .into_iter()
        .filter_map(|(path, problem)| {
            let message = strip_path(&problem?, &[&path]);
            Some((path, message))
        })
        .collect()
}

/// `path:3:14: what` for a message with a place, `path: what` for one without.
fn located(path: &str, message: &str) -> String {
    match message.as_bytes().first() {
        Some(b) if b.is_ascii_digit() => format!("{path}:{message}"),
        _ => format!("{path}: {message}"),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl Report {
    fn needs_attention(&self) -> bool {
        !(self.lost.is_empty()
            && self.anchors.is_empty()
            && self.sidecar_errors.is_empty()
            && self.article_errors.is_empty()
            && self.state_errors.is_empty())
    }

    /// A path relative to the corpus when it is inside it, as it is otherwise.
    fn rel(&self, path: &Path) -> String {
        path.strip_prefix(&self.base).unwrap_or(path).to_string_lossy().into_owned()
    }

    /// [`Report::rel`], safe to print.
    fn shown(&self, path: &Path) -> String {
        sanitize_line(&self.rel(path))
    }

    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        for (from, to) in &self.moved {
            writeln!(out, "moved {} → {}", self.shown(from), self.shown(to))?;
        }
        for (lost, failed) in &self.lost {
            let sidecar = self.shown(&lost.sidecar);
            let whereabouts = match (&lost.found, &lost.doubt) {
                (Some(m), _) => {
                    let how = match m.by {
                        MatchedBy::SourceHash => "same file, by its hash".to_owned(),
                        MatchedBy::Quotes { found, of } => {
                            format!("{found} of {} found", plural(of, "quote", "quotes"))
                        }
                    };
                    format!("it is probably {} ({how})", self.shown(&m.article))
                }
                (None, Some(Doubt::Tied(all))) => {
                    let all: Vec<String> = all.iter().map(|p| self.shown(p)).collect();
                    format!("no article found for it: {} fit it equally well", and_list(&all))
                }
                (None, Some(Doubt::Shared { article, with })) => {
                    let with: Vec<String> = with.iter().map(|p| self.shown(p)).collect();
                    format!(
                        "no article found for it: {} fits it, but fits {} as well",
                        self.shown(article),
                        and_list(&with)
                    )
                }
                (None, Some(Doubt::Unreadable(_))) => "it cannot be read, so no article was looked for".to_owned(),
                (None, None) => "no article found for it".to_owned(),
            };
            writeln!(out, "{sidecar}: its article {} is gone; {whereabouts}", self.shown(&lost.article))?;
            if let Some(why) = failed {
                writeln!(out, "{sidecar}: not moved: {}", sanitize_line(why))?;
            }
        }
        for a in &self.anchors {
            let path = self.shown(&a.article);
            let quote = crate::text::quoted(&a.quote, 60);
            match (a.state, a.places.as_slice()) {
                (AnchorState::Fuzzy, [p, ..]) => {
                    writeln!(out, "{path}:{}: fuzzy: {quote} is found only approximately", p.line)?
                }
                (AnchorState::Ambiguous, places) => {
                    let mut lines: Vec<usize> = places.iter().map(|p| p.line).collect();
                    lines.dedup();
                    let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
                    let word = if lines.len() == 1 { "line" } else { "lines" };
                    writeln!(
                        out,
                        "{path}: ambiguous: {quote} fits {} equally well ({word} {})",
                        plural(places.len(), "place", "places"),
                        and_list(&lines)
                    )?
                }
                (state, _) => writeln!(out, "{path}: {}: {quote} is no longer found", state.name())?,
            }
        }
        for (path, message) in self.sidecar_errors.iter().chain(&self.article_errors).chain(&self.state_errors) {
            writeln!(out, "{}", sanitize_line(&located(&self.rel(path), message)))?;
        }
        if !self.needs_attention() {
            return writeln!(
                out,
                "all is well: {} in {}, every passage found",
                plural(self.annotations, "annotation", "annotations"),
                plural(self.articles, "article", "articles")
            );
        }
        let counts = [
            (self.lost.len(), "lost sidecar", "lost sidecars"),
            (self.anchors.len(), "passage not found exactly", "passages not found exactly"),
            (self.sidecar_errors.len(), "sidecar that cannot be read", "sidecars that cannot be read"),
            (self.article_errors.len(), "file that cannot be read", "files that cannot be read"),
            (self.state_errors.len(), "state file that cannot be read", "state files that cannot be read"),
        ];
        let parts: Vec<String> =
            counts.into_iter().filter(|(n, ..)| *n > 0).map(|(n, one, many)| plural(n, one, many)).collect();
        writeln!(out, "needs attention: {}", parts.join(", "))
    }

    fn json(&self, out: &mut dyn Write) -> io::Result<()> {
        let errors = |list: &[(PathBuf, String)]| -> Vec<JsonError> {
            list.iter().map(|(path, message)| JsonError { path: self.rel(path), message: message.clone() }).collect()
        };
        let report = JsonReport {
            lost_sidecars: self.lost.iter().map(|(lost, failed)| self.json_lost(lost, failed.as_deref())).collect(),
            anchors: self
                .anchors
                .iter()
                .map(|a| {
                    let (line, start, end) = match (a.state, a.places.first()) {
                        (AnchorState::Fuzzy, Some(p)) => (Some(p.line), Some(p.start), Some(p.end)),
                        _ => (None, None, None),
                    };
                    JsonAnchor {
                        path: self.rel(&a.article),
                        id: &a.id,
                        state: a.state.name(),
                        quote: &a.quote,
                        line,
                        start,
                        end,
                        places: (a.state == AnchorState::Ambiguous).then(|| a.places.clone()),
                    }
                })
                .collect(),
            sidecar_errors: errors(&self.sidecar_errors),
            state_errors: errors(&self.state_errors),
            article_errors: errors(&self.article_errors),
            moved: self.moved.iter().map(|(from, to)| JsonMoved { from: self.rel(from), to: self.rel(to) }).collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)
    }

    fn json_lost(&self, lost: &Lost, failed: Option<&str>) -> JsonLost {
        let (by, quotes) = match lost.found.as_ref().map(|m| m.by) {
            Some(MatchedBy::SourceHash) => (Some("hash"), None),
            Some(MatchedBy::Quotes { found, of }) => (Some("quotes"), Some(JsonQuotes { found, of })),
            None => (None, None),
        };
        let rels = |paths: &[PathBuf]| paths.iter().map(|p| self.rel(p)).collect::<Vec<_>>();
        let (doubt, could_be, shared_with) = match &lost.doubt {
            None => (None, Vec::new(), Vec::new()),
            Some(Doubt::Tied(all)) => (Some("tied"), rels(all), Vec::new()),
            Some(Doubt::Shared { article, with }) => (Some("shared"), vec![self.rel(article)], rels(with)),
            Some(Doubt::Unreadable(_)) => (Some("unreadable"), Vec::new(), Vec::new()),
        };
        JsonLost {
            sidecar: self.rel(&lost.sidecar),
            article: self.rel(&lost.article),
            probably: lost.found.as_ref().map(|m| self.rel(&m.article)),
            by,
            quotes,
            doubt,
            could_be,
            shared_with,
            not_moved: failed.map(str::to_owned),
        }
    }
}

/// What `gloss check --json` prints. Paths are relative to DIR when inside it (a
/// sidecar in an annotations folder, a state file: absolute).
#[derive(Serialize)]
struct JsonReport<'a> {
    lost_sidecars: Vec<JsonLost>,
    anchors: Vec<JsonAnchor<'a>>,
    sidecar_errors: Vec<JsonError>,
    state_errors: Vec<JsonError>,
    article_errors: Vec<JsonError>,
    moved: Vec<JsonMoved>,
}

#[derive(Serialize)]
struct JsonLost {
    sidecar: String,
    /// The article it was kept for, which is gone.
    article: String,
    /// Where it probably went: `null` when nothing fits for sure.
    probably: Option<String>,
    /// `"hash"` or `"quotes"` (`null` with no `probably`).
    by: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quotes: Option<JsonQuotes>,
    /// Why there is no `probably` although something came close: `"tied"` (the
    /// articles in `could_be` fit equally well), `"shared"` (the article in
    /// `could_be` fits the sidecars in `shared_with` too) or `"unreadable"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    doubt: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    could_be: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    shared_with: Vec<String>,
    /// Why `--fix` did not move it to `probably`.
    #[serde(skip_serializing_if = "Option::is_none")]
    not_moved: Option<String>,
}

#[derive(Serialize)]
struct JsonQuotes {
    found: usize,
    of: usize,
}

#[derive(Serialize)]
struct JsonAnchor<'a> {
    /// The article.
    path: String,
    id: &'a str,
    /// `"fuzzy"`, `"ambiguous"` or `"orphan"`.
    state: &'static str,
    /// The passage as recorded.
    quote: &'a str,
    /// Where a fuzzy passage is now: its line, and characters of the reading text.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
    /// Every place an ambiguous passage could be.
    #[serde(skip_serializing_if = "Option::is_none")]
    places: Option<Vec<Place>>,
}

#[derive(Serialize)]
struct JsonError {
    path: String,
    /// `line:column: what`, or what, when it is not at a place in the file.
    message: String,
}

#[derive(Serialize)]
struct JsonMoved {
    from: String,
    to: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_lose_the_path_they_start_with() {
        let path = Path::new("/c/a.txt.gloss.ron");
        assert_eq!(strip_path("/c/a.txt.gloss.ron:3:14: expected", &[path]), "3:14: expected");
        assert_eq!(strip_path("/c/a.txt.gloss.ron: Permission denied", &[path]), "Permission denied");
        assert_eq!(strip_path("a.txt: binary file", &[path, Path::new("a.txt")]), "binary file");
        assert_eq!(strip_path("something else", &[path]), "something else");
        assert_eq!(located("a.ron", "3:14: expected"), "a.ron:3:14: expected");
        assert_eq!(located("a.ron", "Permission denied"), "a.ron: Permission denied");
    }

    #[test]
    fn lists_read_as_english() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&["a"])), "a");
        assert_eq!(and_list(&s(&["a", "b"])), "a and b");
        assert_eq!(and_list(&s(&["a", "b", "c"])), "a, b and c");
        assert_eq!(plural(1, "quote", "quotes"), "1 quote");
    }

    #[test]
    fn places_count_lines_and_characters() {
        let text = "é\n\nab cd";
        let at = text.find("cd").unwrap();
        let p = Place::of(text, at..at + 2).unwrap();
        assert_eq!((p.line, p.start, p.end), (3, 6, 8));
    }
}
