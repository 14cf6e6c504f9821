//! Sidecar files: where they live, how they are read and written, and how writers
//! take turns.
//!
//! `article.txt` → `article.txt.gloss.ron`, beside the article or, with an
//! annotations folder, at the same relative path inside it. The format is RON,
//! versioned and deterministic: the same data always renders to the same bytes,
//! annotations in position order, fields in a fixed order, unknown fields kept as
//! they were written. `docs/sidecar-format.md` describes it field by field.
//!
//! Every change goes through [`modify`]: under an exclusive lock on the sidecar's
//! folder it re-reads the file, applies the change to what is on disk now (so a
//! change made meanwhile by another gloss or by `git pull` is kept, never
//! overwritten), and writes atomically. A file that does not parse, or comes from a
//! newer version, is never written.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::model::{Anchor, AnchorState, Annotation, MAX_PRIORITY, Sidecar, UNIT, Unknown};
use super::ronfmt::{self, Field, line_col, quote};

/// Suffix of annotation sidecar files.
pub const SIDECAR_SUFFIX: &str = ".gloss.ron";

/// The sidecar format this gloss reads and writes.
pub const VERSION: u32 = 1;

/// Where sidecars live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// Next to each article.
    Beside,
    /// In a tree of their own that mirrors the corpus (for read-only corpora).
    Tree { corpus: PathBuf, annotations: PathBuf },
}

impl Layout {
    /// The sidecar path for the article at `article`.
    pub fn sidecar_for(&self, article: &Path) -> PathBuf {
        let base = match self {
            Layout::Beside => article.to_path_buf(),
            Layout::Tree { corpus, annotations } => match article.strip_prefix(corpus) {
                Ok(rel) => annotations.join(rel),
                Err(_) => annotations.join(article.file_name().unwrap_or_default()),
            },
        };
        let mut name = base.into_os_string();
        name.push(SIDECAR_SUFFIX);
        PathBuf::from(name)
    }
}

/// A sidecar that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidecarError {
    pub path: PathBuf,
    /// `line:column: what` for problems in the file, or ` what` for failures to
    /// read or write it.
    pub message: String,
    /// The kind of a failure to read or write the file.
    pub io: Option<std::io::ErrorKind>,
}

impl SidecarError {
    fn in_file(path: &Path, Problem(message): Problem) -> SidecarError {
        SidecarError { path: path.to_path_buf(), message, io: None }
    }

    fn io(path: &Path, what: fmt::Arguments<'_>, e: &std::io::Error) -> SidecarError {
        SidecarError { path: path.to_path_buf(), message: format!(" {what}{e}"), io: Some(e.kind()) }
    }

    /// Why, without the line and column.
    pub fn reason(&self) -> &str {
        let message = self.message.trim_start();
        match message.split_once(": ") {
            Some((at, why)) if at.bytes().all(|b| b.is_ascii_digit() || b == b':') => why,
            _ => message,
        }
    }

    /// The file or its folder cannot be written at all (permissions, a read-only
    /// file system), rather than this once.
    pub fn is_unwritable_place(&self) -> bool {
        matches!(self.io, Some(std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem))
    }
}

impl fmt::Display for SidecarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::text::sanitize_line(&self.path.to_string_lossy());
        write!(f, "{path}:{}", self.message)
    }
}

impl std::error::Error for SidecarError {}

/// A problem found while parsing, before the path is known.
struct Problem(String);

fn at(doc: &str, offset: usize, what: impl fmt::Display) -> Problem {
    let (line, col) = line_col(doc, offset);
    Problem(format!("{line}:{col}: {what}"))
}

/// Parse sidecar text. Syntax errors carry `line:column`; so do fields of the wrong
/// type or missing ones.
pub fn parse(path: &Path, doc: &str) -> Result<Sidecar, SidecarError> {
    parse_doc(doc).map_err(|problem| SidecarError::in_file(path, problem))
}

fn parse_doc(doc: &str) -> Result<Sidecar, Problem> {
    parse_located(doc).map(|(sidecar, _)| sidecar)
}

/// The parsed sidecar, and the byte offset of its `version` field.
fn parse_located(doc: &str) -> Result<(Sidecar, usize), Problem> {
    let bom = doc.starts_with('\u{feff}');
    let body = doc.strip_prefix('\u{feff}').unwrap_or(doc);
    if let Err(e) = ron::from_str::<ron::Value>(body) {
        let mut pos = e.span.start;
        if pos.line == 1 && bom {
            pos.col += 1;
        }
        return Err(Problem(format!("{pos}: {}", e.code)));
    }
    let start = ronfmt::skip_preamble(doc);
    let fields = fields(doc, &doc[start..], start)?;
    let version_field = fields.iter().find(|f| f.name == "version").ok_or_else(|| at(doc, start, "no `version`"))?;
    let version: u32 = typed(doc, version_field, "version")?;
    if version == 0 {
        return Err(at(doc, version_field.offset, "version 0 is not a sidecar format (1 is the first)"));
    }
    let mut sidecar = Sidecar { version, bom, ..Sidecar::default() };
    let parsed = (|| {
        for f in &fields {
            match f.name {
                "version" => {}
                "starred" => sidecar.triage.starred = typed(doc, f, "starred")?,
                "archived" => sidecar.triage.archived = typed(doc, f, "archived")?,
                "priority" => sidecar.triage.priority = priority(doc, f)?,
                "annotations" => {
                    let items = ronfmt::list_items(f.value, f.offset).map_err(|e| at(doc, e.offset, e.message))?;
                    for (i, item) in items.iter().enumerate() {
                        let path = format!("annotations[{i}]");
                        sidecar.annotations.push(annotation(doc, item.value, item.offset, &path)?);
                    }
                }
                _ => sidecar.unknown.push(unknown(f)),
            }
        }
        Ok(())
    })();
    match parsed {
        Ok(()) => {}
        Err(_) if version > VERSION => return Err(newer(doc, version_field.offset, version, "")),
        Err(e) => return Err(e),
    }
    sidecar.sort();
    Ok((sidecar, version_field.offset))
}

/// An article's priority: a whole number from 0 to [`MAX_PRIORITY`].
fn priority(doc: &str, field: &Field<'_>) -> Result<u8, Problem> {
    let n: i64 = typed(doc, field, "priority")?;
    u8::try_from(n)
        .ok()
        .filter(|p| *p <= MAX_PRIORITY)
        .ok_or_else(|| at(doc, field.offset, format!("priority: {n} is not from 0 to {MAX_PRIORITY}")))
}

/// The one message for a sidecar from a newer gloss, at its version field.
fn newer(doc: &str, offset: usize, version: u32, then: &str) -> Problem {
    at(doc, offset, format!("written by a newer gloss (format version {version}){then}"))
}

/// Fields of a struct, refusing a field named twice.
fn fields<'a>(doc: &str, src: &'a str, base: usize) -> Result<Vec<Field<'a>>, Problem> {
    let fields = ronfmt::struct_fields(src, base).map_err(|e| at(doc, e.offset, e.message))?;
    for (i, f) in fields.iter().enumerate() {
        if fields[..i].iter().any(|g| g.name == f.name) {
            return Err(at(doc, f.offset, format!("`{}` appears twice", f.name)));
        }
    }
    Ok(fields)
}

fn typed<T: DeserializeOwned>(doc: &str, field: &Field<'_>, what: &str) -> Result<T, Problem> {
    ron::from_str(field.value).map_err(|e| at(doc, field.offset, format!("{what}: {}", e.code)))
}

/// A field gloss does not know, kept as written (with any control characters in its
/// strings escaped, so none is ever written raw).
fn unknown(field: &Field<'_>) -> Unknown {
    Unknown { name: field.name.to_owned(), ron: ronfmt::escape_literals(field.value).into_owned() }
}

fn annotation(doc: &str, src: &str, base: usize, path: &str) -> Result<Annotation, Problem> {
    let fields = fields(doc, src, base)?;
    let get = |name: &str| fields.iter().find(|f| f.name == name);
    let need = |name: &str| get(name).ok_or_else(|| at(doc, base, format!("{path}: no `{name}`")));
    let anchor_field = need("anchor")?;
    let mut a = Annotation {
        id: typed(doc, need("id")?, &format!("{path}.id"))?,
        tags: get("tags").map(|f| typed(doc, f, &format!("{path}.tags"))).transpose()?.unwrap_or_default(),
        note: get("note").map(|f| typed(doc, f, &format!("{path}.note"))).transpose()?.unwrap_or_default(),
        created: get("created").map(|f| typed(doc, f, &format!("{path}.created"))).transpose()?.unwrap_or_default(),
        modified: get("modified").map(|f| typed(doc, f, &format!("{path}.modified"))).transpose()?.unwrap_or_default(),
        anchor: anchor(doc, anchor_field.value, anchor_field.offset, &format!("{path}.anchor"))?,
        unknown: Vec::new(),
    };
    let known = ["id", "tags", "note", "created", "modified", "anchor"];
    a.unknown = fields.iter().filter(|f| !known.contains(&f.name)).map(unknown).collect();
    Ok(a)
}

fn anchor(doc: &str, src: &str, base: usize, path: &str) -> Result<Anchor, Problem> {
    let fields = fields(doc, src, base)?;
    let get = |name: &str| fields.iter().find(|f| f.name == name);
    let need = |name: &str| get(name).ok_or_else(|| at(doc, base, format!("{path}: no `{name}`")));
    let text = |name: &str| -> Result<String, Problem> {
        get(name).map(|f| typed(doc, f, &format!("{path}.{name}"))).transpose().map(Option::unwrap_or_default)
    };
    if let Some(f) = get("unit") {
        let unit: String = typed(doc, f, &format!("{path}.unit"))?;
        if unit != UNIT {
            return Err(at(doc, f.offset, format!("{path}.unit: `{unit}` is not a unit gloss knows (`{UNIT}`)")));
        }
    }
    let state = match get("state") {
        Some(f) => {
            let name: String = typed(doc, f, &format!("{path}.state"))?;
            AnchorState::from_name(&name).ok_or_else(|| {
                at(doc, f.offset, format!("{path}.state: `{name}` is not exact, moved, fuzzy, ambiguous or orphan"))
            })?
        }
        None => AnchorState::Exact,
    };
    let start_field = need("start")?;
    let start: usize = typed(doc, start_field, &format!("{path}.start"))?;
    let end: usize = typed(doc, need("end")?, &format!("{path}.end"))?;
    if end < start {
        return Err(at(doc, start_field.offset, format!("{path}: end ({end}) is before start ({start})")));
    }
    let known = ["quote", "prefix", "suffix", "start", "end", "unit", "source", "state"];
    Ok(Anchor {
        quote: typed(doc, need("quote")?, &format!("{path}.quote"))?,
        prefix: text("prefix")?,
        suffix: text("suffix")?,
        start,
        end,
        source: text("source")?,
        state,
        unknown: fields.iter().filter(|f| !known.contains(&f.name)).map(unknown).collect(),
    })
}

/// Render a sidecar. Deterministic: the same sidecar always gives the same bytes.
pub fn render(sidecar: &Sidecar) -> String {
    let mut out = String::new();
    if sidecar.bom {
        out.push('\u{feff}');
    }
    out.push_str("// gloss annotations: RON, described field by field in gloss's docs/sidecar-format.md\n");
    out.push_str("(\n");
    out.push_str(&format!("    version: {},\n", sidecar.version.max(1)));
    // Triage only when it says something, so a sidecar without it renders as it
    // always did.
    let triage = &sidecar.triage;
    if triage.starred {
        out.push_str("    starred: true,\n");
    }
    if triage.archived {
        out.push_str("    archived: true,\n");
    }
    if triage.priority > 0 {
        out.push_str(&format!("    priority: {},\n", triage.priority));
    }
    if sidecar.annotations.is_empty() {
        out.push_str("    annotations: [],\n");
    } else {
        out.push_str("    annotations: [\n");
        for a in &sidecar.annotations {
            render_annotation(&mut out, a);
        }
        out.push_str("    ],\n");
    }
    for u in &sidecar.unknown {
        out.push_str(&format!("    {}: {},\n", u.name, u.ron));
    }
    out.push_str(")\n");
    out
}

fn render_annotation(out: &mut String, a: &Annotation) {
    let tags: Vec<String> = a.tags.iter().map(|t| quote(t)).collect();
    let anchor = &a.anchor;
    out.push_str("        (\n");
    out.push_str(&format!("            id: {},\n", quote(&a.id)));
    out.push_str(&format!("            tags: [{}],\n", tags.join(", ")));
    out.push_str(&format!("            note: {},\n", quote(&a.note)));
    out.push_str(&format!("            created: {},\n", quote(&a.created)));
    out.push_str(&format!("            modified: {},\n", quote(&a.modified)));
    out.push_str("            anchor: (\n");
    out.push_str(&format!("                quote: {},\n", quote(&anchor.quote)));
    out.push_str(&format!("                prefix: {},\n", quote(&anchor.prefix)));
    out.push_str(&format!("                suffix: {},\n", quote(&anchor.suffix)));
    out.push_str(&format!("                start: {},\n", anchor.start));
    out.push_str(&format!("                end: {},\n", anchor.end));
    out.push_str(&format!("                unit: {},\n", quote(UNIT)));
    out.push_str(&format!("                source: {},\n", quote(&anchor.source)));
    out.push_str(&format!("                state: {},\n", quote(anchor.state.name())));
    for u in &anchor.unknown {
        out.push_str(&format!("                {}: {},\n", u.name, u.ron));
    }
    out.push_str("            ),\n");
    for u in &a.unknown {
        out.push_str(&format!("            {}: {},\n", u.name, u.ron));
    }
    out.push_str("        ),\n");
}

/// What reading a sidecar found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// No sidecar yet: the article has no annotations.
    Missing,
    /// Read and writable.
    Ok(Sidecar),
    /// Annotations cannot be changed: the file does not parse or is from a newer
    /// gloss. Whatever could be read is shown.
    ReadOnly { sidecar: Option<Sidecar>, problem: SidecarError },
}

impl Loaded {
    pub fn sidecar(&self) -> Option<&Sidecar> {
        match self {
            Loaded::Missing => None,
            Loaded::Ok(s) => Some(s),
            Loaded::ReadOnly { sidecar, .. } => sidecar.as_ref(),
        }
    }
}

/// Read the sidecar at `path`.
pub fn load(path: &Path) -> Loaded {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Missing,
        Err(e) => {
            return Loaded::ReadOnly { sidecar: None, problem: SidecarError::io(path, format_args!(""), &e) };
        }
    };
    match decode(path, &bytes) {
        Ok((sidecar, None)) => Loaded::Ok(sidecar),
        Ok((sidecar, Some(problem))) => Loaded::ReadOnly { problem, sidecar: Some(sidecar) },
        Err(problem) => Loaded::ReadOnly { sidecar: None, problem },
    }
}

/// Parse a sidecar's bytes. A sidecar from a newer gloss comes with the reason it
/// must not be written.
fn decode(path: &Path, bytes: &[u8]) -> Result<(Sidecar, Option<SidecarError>), SidecarError> {
    let fail = |problem| SidecarError::in_file(path, problem);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]), e.valid_up_to());
        fail(Problem(format!("{line}:{col}: not valid UTF-8")))
    })?;
    let (sidecar, version_at) = parse_located(text).map_err(fail)?;
    let newer = (sidecar.version > VERSION).then(|| fail(newer(text, version_at, sidecar.version, "; read-only")));
    Ok((sidecar, newer))
}

/// Apply `change` to the sidecar at `path` as it is on disk now, and write the
/// result, all under an exclusive lock on the sidecar's folder. Returns what `change`
/// returned and the sidecar as written. Nothing is written if the result renders to
/// the bytes already there, if there is no sidecar yet and the result holds nothing
/// to keep ([`Sidecar::is_empty`]), or if the file on disk cannot be parsed (the
/// error says why).
pub fn modify<R>(path: &Path, change: impl FnOnce(&mut Sidecar) -> R) -> Result<(R, Sidecar), SidecarError> {
    let lock = crate::persist::FolderLock::acquire(path).map_err(|e| SidecarError::io(path, format_args!(""), &e))?;

    let on_disk = match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(SidecarError::io(path, format_args!(""), &e)),
    };
    let mut sidecar = match &on_disk {
        Some(bytes) => match decode(path, bytes)? {
            (_, Some(newer)) => return Err(newer),
            (sidecar, None) => sidecar,
        },
        None => Sidecar::empty(),
    };
    let result = change(&mut sidecar);
    sidecar.version = VERSION;
    sidecar.sort();
    let text = render(&sidecar);
    let nothing_to_keep = on_disk.is_none() && sidecar.is_empty();
    if !nothing_to_keep && on_disk.as_deref() != Some(text.as_bytes()) {
        crate::persist::write_atomic(path, text.as_bytes())
            .map_err(|e| SidecarError::io(path, format_args!("cannot write: "), &e))?;
    }
    drop(lock);
    Ok((result, sidecar))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::model::Triage;

    fn sample() -> Sidecar {
        let mut s = Sidecar::empty();
        for (i, start) in [40usize, 3].into_iter().enumerate() {
            s.annotations.push(Annotation {
                id: format!("id-{i}"),
                tags: vec!["ttp".into(), "security/border".into()],
                note: "first line\nsecond \"quoted\" line \u{1b}".into(),
                created: "2026-01-02T03:04:05Z".into(),
                modified: "2026-01-02T03:04:05Z".into(),
                anchor: Anchor {
                    quote: "the passage".into(),
                    prefix: "before ".into(),
                    suffix: " after".into(),
                    start,
                    end: start + 11,
                    source: "blake3:00ff".into(),
                    state: AnchorState::Exact,
                    unknown: Vec::new(),
                },
                unknown: Vec::new(),
            });
        }
        s.sort();
        s
    }

    #[test]
    fn render_parse_round_trip_is_byte_identical() {
        let s = sample();
        let text = render(&s);
        let back = parse(Path::new("x"), &text).unwrap();
        assert_eq!(back, s);
        assert_eq!(render(&back), text);
        assert_eq!(back.annotations[0].anchor.start, 3, "sorted by position");
        assert!(!text.contains('\u{1b}'), "no raw control characters");
    }

    #[test]
    fn unknown_fields_survive_exactly() {
        let text = render(&sample())
            .replace("    version: 1,\n", "    version: 1,\n    triage: (read: true, state: Starred),\n")
            .replace("            note:", "            colour: Some(Blue),\n            note:")
            .replace(
                "                state: \"exact\",\n",
                "                state: \"exact\",\n                hint: [1, 2],\n",
            );
        let s = parse(Path::new("x"), &text).unwrap();
        assert_eq!(s.unknown, [Unknown { name: "triage".into(), ron: "(read: true, state: Starred)".into() }]);
        assert_eq!(s.annotations[0].unknown[0].ron, "Some(Blue)");
        assert_eq!(s.annotations[0].anchor.unknown[0].ron, "[1, 2]");
        let again = render(&s);
        for kept in ["triage: (read: true, state: Starred)", "colour: Some(Blue)", "hint: [1, 2]"] {
            assert!(again.contains(kept), "{kept} lost:\n{again}");
        }
        assert_eq!(parse(Path::new("x"), &again).unwrap(), s);
    }

    #[test]
    fn errors_name_line_and_column() {
        let bad = "(\n    version: 1,\n    annotations: [\n        (id: \"a\", anchor: (quote: \"q\", start: \"x\", end: 2)),\n    ],\n)";
        let e = parse(Path::new("a.txt.gloss.ron"), bad).unwrap_err();
        assert!(e.to_string().starts_with("a.txt.gloss.ron:4:"), "{e}");
        assert!(e.message.contains("annotations[0].anchor.start"), "{e}");

        let syntax = parse(Path::new("s"), "(\n    version: 1,\n    annotations: [\n").unwrap_err();
        assert!(syntax.message.starts_with("4:") || syntax.message.starts_with("3:"), "{}", syntax.message);

        let twice = parse(Path::new("s"), "(version: 1, version: 1)").unwrap_err();
        assert!(twice.message.contains("appears twice"));
        assert_eq!(twice.reason(), "`version` appears twice");
        assert_eq!(twice.io, None);
    }

    #[test]
    fn triage_is_read_and_written_after_the_version_only_when_set() {
        let mut s = sample();
        assert!(!render(&s).contains("starred"), "default triage is not written");
        s.triage = Triage { starred: true, archived: false, priority: 2 };
        let text = render(&s);
        assert!(text.contains("    version: 1,\n    starred: true,\n    priority: 2,\n    annotations: ["), "{text}");
        let back = parse(Path::new("x"), &text).unwrap();
        assert_eq!(back.triage, s.triage);
        assert_eq!(render(&back), text);
        // Written explicitly as the default, it reads as the default.
        let plain = parse(Path::new("x"), "(version: 1, starred: false, priority: 0, annotations: [])").unwrap();
        assert!(plain.triage.is_default());
    }

    #[test]
    fn a_bad_priority_or_flag_is_a_problem_at_its_place() {
        for (doc, at) in [
            ("(\n    version: 1,\n    priority: 4,\n    annotations: [],\n)", "3:15: priority: 4 is not from 0 to 3"),
            ("(\n    version: 1,\n  priority: -1,\n)", "3:13: priority: -1 is not from 0 to 3"),
            ("(\n    version: 1,\n    priority: \"high\",\n)", "3:15: priority: "),
            ("(\n    version: 1,\n    starred: 1,\n)", "3:14: starred: "),
        ] {
            let e = parse(Path::new("a.txt.gloss.ron"), doc).unwrap_err();
            assert!(e.message.starts_with(at), "{doc}: {}", e.message);
        }
    }

    #[test]
    fn no_sidecar_is_created_for_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gloss.ron");
        let (_, s) = modify(&path, |s| s.triage = Triage::default()).unwrap();
        assert!(s.is_empty());
        assert!(!path.exists(), "nothing to keep, no file");
        modify(&path, |s| s.triage.starred = true).unwrap();
        assert!(path.exists());
        // An existing sidecar is rewritten as usual, even back to nothing.
        modify(&path, |s| s.triage.starred = false).unwrap();
        assert!(!std::fs::read_to_string(&path).unwrap().contains("starred"));
    }

    #[test]
    fn failures_to_read_or_write_keep_their_kind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gloss.ron");
        std::fs::create_dir(&path).unwrap();
        let e = modify(&path, |_| ()).unwrap_err();
        assert_eq!(e.io, Some(std::io::ErrorKind::IsADirectory), "{e}");
        assert!(!e.is_unwritable_place());
        assert_eq!(e.reason(), e.message.trim_start());
        let denied = SidecarError { io: Some(std::io::ErrorKind::PermissionDenied), ..e };
        assert!(denied.is_unwritable_place());
    }

    #[test]
    fn a_byte_order_mark_is_read_and_kept() {
        let text = format!("\u{feff}{}", render(&sample()));
        let s = parse(Path::new("x"), &text).unwrap();
        assert!(s.bom);
        assert_eq!(render(&s), text);
    }

    #[test]
    fn newer_versions_are_read_when_possible_and_flagged() {
        let text = render(&sample()).replace("version: 1", "version: 7");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gloss.ron");
        std::fs::write(&path, &text).unwrap();
        match load(&path) {
            Loaded::ReadOnly { sidecar: Some(s), problem } => {
                assert_eq!(s.annotations.len(), 2);
                assert!(problem.message.contains("newer gloss"));
            }
            other => panic!("{other:?}"),
        }
        assert!(modify(&path, |s| s.annotations.clear()).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }

    #[test]
    fn modify_creates_merges_and_skips_identical_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = Layout::Beside.sidecar_for(&dir.path().join("a.txt"));
        assert!(path.ends_with("a.txt.gloss.ron"));
        let ann = sample().annotations[0].clone();
        modify(&path, |s| s.put(ann.clone())).unwrap();
        // Someone else adds one meanwhile.
        let mut other = ann.clone();
        other.id = "other".into();
        let mut on_disk = parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        on_disk.put(other);
        std::fs::write(&path, render(&on_disk)).unwrap();
        // Our next change keeps theirs.
        let (_, s) = modify(&path, |s| s.get("id-1").is_some()).unwrap();
        assert_eq!(s.annotations.len(), 2);
        let before = std::fs::metadata(&path).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        modify(&path, |_| ()).unwrap();
        let after = std::fs::metadata(&path).unwrap();
        assert_eq!(after.modified().unwrap(), before.modified().unwrap(), "unchanged data is not rewritten");
        // Exact whatever the clock's resolution: every write replaces the file.
        #[cfg(unix)]
        assert_eq!(std::os::unix::fs::MetadataExt::ino(&after), std::os::unix::fs::MetadataExt::ino(&before));
    }

    #[test]
    fn unparsable_files_are_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gloss.ron");
        for bad in ["(version: 1, annotations: [", "not ron", "(annotations: [])", "\u{0}\u{1}garbage"] {
            std::fs::write(&path, bad).unwrap();
            let e = modify(&path, |s| s.annotations.clear()).unwrap_err();
            assert!(e.to_string().contains("a.txt.gloss.ron"), "{e}");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);
            assert!(matches!(load(&path), Loaded::ReadOnly { sidecar: None, .. }));
        }
    }

    #[test]
    fn a_parallel_tree_mirrors_the_corpus() {
        let layout = Layout::Tree { corpus: "/corpus".into(), annotations: "/notes".into() };
        assert_eq!(layout.sidecar_for(Path::new("/corpus/a/b.txt")), Path::new("/notes/a/b.txt.gloss.ron"));
    }
}
