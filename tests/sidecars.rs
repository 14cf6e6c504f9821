//! Sidecar files through the real commands: damaged ones (one fixture per kind of
//! damage, `tests/fixtures/sidecars/`) are reported with file, line and column and
//! left byte for byte as they were; good ones round-trip; unknown fields survive;
//! a parallel annotations tree keeps the corpus untouched.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gloss::annotate::{self, AnchorState, Status};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sidecars").join(name)
}

/// A corpus holding the fixture article, with `sidecar` (a fixture name) as its
/// sidecar.
struct Case {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Case {
    fn new(sidecar: Option<&str>) -> Case {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(fixture("talks.txt"), dir.path().join("talks.txt")).unwrap();
        if let Some(name) = sidecar {
            std::fs::copy(fixture(name), dir.path().join("talks.txt.gloss.ron")).unwrap();
        }
        Case { dir, home: tempfile::tempdir().unwrap() }
    }

    fn article(&self) -> PathBuf {
        self.dir.path().join("talks.txt")
    }

    fn sidecar(&self) -> PathBuf {
        self.dir.path().join("talks.txt.gloss.ron")
    }

    fn gloss(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_gloss"))
            .args(args)
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env("XDG_DATA_HOME", self.home.path().join("data"))
            .output()
            .unwrap()
    }

    fn tag(&self, tag: &str) -> Output {
        let article = self.article();
        self.gloss(&["tag", article.to_str().unwrap(), "--quote", "Both sides agreed", "--tag", tag])
    }

    /// Everything gloss does with an article's annotations: list, export, open in
    /// the reader (which re-saves moved anchors), and tag.
    fn everything(&self) -> (Output, Output, annotate::Annotations, Output) {
        let dir = self.dir.path().to_str().unwrap();
        let list = self.gloss(&["list", "--json", dir]);
        let export = self.gloss(&["export", dir]);
        let article = gloss::corpus::load(&self.article()).unwrap();
        let opened = annotate::resolved::open(&article, &self.sidecar(), true);
        let tag = self.tag("new");
        (list, export, opened, tag)
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A sidecar that cannot be used: every command reports it by file, line and
/// column, the reader shows the article read-only, and the file is never touched.
fn refused(name: &str, at: &str) {
    let case = Case::new(Some(name));
    let before = std::fs::read(case.sidecar()).unwrap();
    let (list, export, opened, tag) = case.everything();
    assert!(list.status.success(), "{name}: list fails: {}", stderr(&list));
    assert!(export.status.success(), "{name}: export fails: {}", stderr(&export));
    let where_ = format!("talks.txt.gloss.ron:{at}");
    assert!(stderr(&export).contains(&where_), "{name}: export says {}", stderr(&export));
    match &opened.status {
        Status::ReadOnly(why) => assert!(why.contains(&where_), "{name}: {why}"),
        Status::Writable => panic!("{name} opened writable"),
    }
    assert_eq!(tag.status.code(), Some(2), "{name}: tag succeeded");
    assert!(stderr(&tag).contains(&where_), "{name}: tag says {}", stderr(&tag));
    assert_eq!(std::fs::read(case.sidecar()).unwrap(), before, "{name} was changed");
}

#[test]
fn a_corrupt_sidecar_is_never_touched() {
    refused("corrupt.ron", "8:");
}

#[test]
fn a_truncated_sidecar_is_never_touched() {
    refused("truncated.ron", "12:24:");
}

#[test]
fn a_sidecar_from_a_newer_version_is_read_only_and_never_touched() {
    refused("future.ron", "3:14:");
    // What can be read of it is still shown.
    let case = Case::new(Some("future.ron"));
    let article = gloss::corpus::load(&case.article()).unwrap();
    let opened = annotate::resolved::open(&article, &case.sidecar(), true);
    assert_eq!(opened.items.len(), 1);
    assert!(matches!(&opened.status, Status::ReadOnly(why) if why.contains("newer gloss")));
}

#[test]
fn a_byte_order_mark_is_read_kept_and_untouched_by_reading() {
    let case = Case::new(Some("bom.ron"));
    let before = std::fs::read(case.sidecar()).unwrap();
    let dir = case.dir.path().to_str().unwrap();
    let list = case.gloss(&["list", "--json", dir]);
    let items: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(items[0]["annotations"], 1);
    assert!(case.gloss(&["export", dir]).status.success());
    assert_eq!(std::fs::read(case.sidecar()).unwrap(), before, "reading changed it");
    // A change writes it, mark and all.
    assert!(case.tag("new").status.success());
    let after = std::fs::read(case.sidecar()).unwrap();
    assert!(after.starts_with("\u{feff}".as_bytes()));
    assert_eq!(annotate::sidecar::load(&case.sidecar()).sidecar().unwrap().annotations.len(), 2);
}

#[test]
fn unknown_fields_survive_a_change() {
    let case = Case::new(Some("unknown-fields.ron"));
    let tag = case.tag("new");
    assert!(tag.status.success(), "{}", stderr(&tag));
    let text = std::fs::read_to_string(case.sidecar()).unwrap();
    assert!(text.contains("triage: (read: true, label: Starred)"), "{text}");
    assert!(text.contains("colour: Some(Blue)"), "{text}");
}

#[test]
fn unchanged_data_rewrites_byte_identically() {
    let case = Case::new(None);
    assert!(case.tag("first").status.success());
    let written = std::fs::read(case.sidecar()).unwrap();
    let parsed = annotate::sidecar::parse(&case.sidecar(), std::str::from_utf8(&written).unwrap()).unwrap();
    assert_eq!(annotate::sidecar::render(&parsed).as_bytes(), written.as_slice());
    // A change that changes nothing does not write.
    let before = std::fs::metadata(case.sidecar()).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    annotate::sidecar::modify(&case.sidecar(), |_| ()).unwrap();
    let after = std::fs::metadata(case.sidecar()).unwrap();
    assert_eq!(after.modified().unwrap(), before.modified().unwrap());
    // Exact whatever the clock's resolution: every write replaces the file.
    #[cfg(unix)]
    assert_eq!(std::os::unix::fs::MetadataExt::ino(&after), std::os::unix::fs::MetadataExt::ino(&before));
}

#[test]
fn the_valid_fixture_resolves_exactly() {
    let case = Case::new(Some("valid.ron"));
    let article = gloss::corpus::load(&case.article()).unwrap();
    let opened = annotate::resolved::open(&article, &case.sidecar(), false);
    assert_eq!(opened.status, Status::Writable);
    assert_eq!(opened.items[0].state, AnchorState::Exact);
    assert_eq!(&article.text[opened.items[0].range.clone().unwrap()], opened.items[0].annotation.anchor.quote);
}

#[test]
fn tag_refuses_quotes_that_are_not_there_once() {
    let case = Case::new(None);
    let article = case.article();
    let missing = case.gloss(&["tag", article.to_str().unwrap(), "--quote", "not in the text", "--tag", "x"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("not in the reading text"), "{}", stderr(&missing));
    let twice = case.gloss(&["tag", article.to_str().unwrap(), "--quote", "the", "--tag", "x"]);
    assert_eq!(twice.status.code(), Some(2));
    let err = stderr(&twice);
    assert!(err.contains("occurs 3 times"), "{err}");
    assert_eq!(err.lines().filter(|l| l.trim_start().starts_with("at character")).count(), 3, "{err}");
    assert!(!case.sidecar().exists(), "a refused tag writes nothing");
}

#[test]
fn a_parallel_annotations_tree_leaves_the_corpus_alone() {
    let case = Case::new(None);
    let notes = tempfile::tempdir().unwrap();
    let notes_dir = notes.path().to_str().unwrap();
    let dir = case.dir.path().to_str().unwrap();
    let article = case.article();
    let out = case.gloss(&[
        "--annotations",
        notes_dir,
        "tag",
        article.to_str().unwrap(),
        "--corpus",
        dir,
        "--quote",
        "Both sides agreed",
        "--tag",
        "tree",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!case.sidecar().exists(), "nothing written beside the article");
    assert!(notes.path().join("talks.txt.gloss.ron").is_file());
    let list = case.gloss(&["--annotations", notes_dir, "list", "--json", dir]);
    let items: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(items[0]["tags"], serde_json::json!(["tree"]));
    let export = case.gloss(&["--annotations", notes_dir, "export", dir]);
    let all: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(all[0]["target"]["source"], "talks.txt");
}

#[test]
fn export_is_web_annotation_json_ld() {
    let case = Case::new(None);
    let article = case.article();
    let out = case.gloss(&[
        "tag",
        article.to_str().unwrap(),
        "--quote",
        "Both sides agreed",
        "--tag",
        "Border Security",
        "--tag",
        "talks/bilateral",
        "--note",
        "Second line\nof the note",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let export = case.gloss(&["export", case.dir.path().to_str().unwrap()]);
    let all: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let a = &all[0];
    assert!(a["@context"][0] == "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(a["type"], "Annotation");
    assert!(a["id"].as_str().unwrap().starts_with("urn:uuid:"));
    let bodies = a["body"].as_array().unwrap();
    let tagging: Vec<&str> =
        bodies.iter().filter(|b| b["purpose"] == "tagging").map(|b| b["value"].as_str().unwrap()).collect();
    assert_eq!(tagging, ["border-security", "talks/bilateral"]);
    let comment = bodies.iter().find(|b| b["purpose"] == "commenting").unwrap();
    assert_eq!(comment["value"], "Second line\nof the note");
    let selectors = a["target"]["selector"].as_array().unwrap();
    assert_eq!(selectors[0]["type"], "TextQuoteSelector");
    assert_eq!(selectors[0]["exact"], "Both sides agreed");
    assert_eq!(selectors[1]["type"], "TextPositionSelector");
    let text = gloss::corpus::load(&article).unwrap().text;
    let start = text.find("Both sides agreed").unwrap();
    assert_eq!(selectors[1]["start"], start);
    assert_eq!(a["gloss:state"], "exact");
    assert_eq!(a["gloss:start"], start);
    assert_eq!(a["gloss:end"], start + "Both sides agreed".len());
}

#[test]
fn export_reports_where_passages_are_now() {
    let case = Case::new(None);
    assert!(case.tag("x").status.success());
    let bytes = std::fs::read(case.sidecar()).unwrap();
    // The article gains a paragraph: the passage moved.
    let text = std::fs::read_to_string(case.article()).unwrap();
    std::fs::write(case.article(), format!("A new first paragraph.\n\n{text}")).unwrap();
    let export = case.gloss(&["export", case.dir.path().to_str().unwrap()]);
    let all: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(all[0]["gloss:state"], "moved");
    let now = gloss::corpus::load(&case.article()).unwrap().text;
    assert_eq!(all[0]["gloss:start"], now.find("Both sides agreed").unwrap());
    assert_eq!(std::fs::read(case.sidecar()).unwrap(), bytes, "export only reads");
    // The passage removed: an orphan, with no position.
    std::fs::write(case.article(), "Nothing left of the old text.").unwrap();
    let export = case.gloss(&["export", case.dir.path().to_str().unwrap()]);
    let all: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(all[0]["gloss:state"], "orphan");
    assert_eq!(all[0]["gloss:start"], serde_json::Value::Null);
}

#[test]
fn tag_counts_overlapping_matches_and_splits_commas() {
    let case = Case::new(None);
    std::fs::write(case.article(), "They said ha ha ha and left.").unwrap();
    let article = case.article();
    let out = case.gloss(&["tag", article.to_str().unwrap(), "--quote", "ha ha", "--tag", "x"]);
    assert_eq!(out.status.code(), Some(2), "`ha ha` is twice in `ha ha ha`");
    assert!(stderr(&out).contains("occurs 2 times"), "{}", stderr(&out));
    let out = case.gloss(&["tag", article.to_str().unwrap(), "--quote", "said ha", "--tag", "Ab, Cd", "--tag", "ab"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(annotate::sidecar::load(&case.sidecar()).sidecar().unwrap().annotations[0].tags, ["ab", "cd"]);
}

#[test]
fn an_annotations_tree_needs_to_know_the_corpus() {
    let case = Case::new(None);
    let notes = tempfile::tempdir().unwrap();
    let article = case.article();
    let out = case.gloss(&[
        "--annotations",
        notes.path().to_str().unwrap(),
        "tag",
        article.to_str().unwrap(),
        "--quote",
        "Both sides agreed",
        "--tag",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--corpus"), "{}", stderr(&out));
}

#[test]
fn list_reports_a_damaged_sidecar() {
    let case = Case::new(Some("corrupt.ron"));
    let list = case.gloss(&["list", "--json", case.dir.path().to_str().unwrap()]);
    let items: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert!(items[0]["annotations_error"].as_str().unwrap().contains("talks.txt.gloss.ron:8:"), "{items}");
}

#[test]
fn rewritten_sidecars_keep_their_permissions() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let case = Case::new(Some("valid.ron"));
        std::fs::set_permissions(case.sidecar(), std::fs::Permissions::from_mode(0o664)).unwrap();
        assert!(case.tag("x").status.success());
        assert_eq!(std::fs::metadata(case.sidecar()).unwrap().permissions().mode() & 0o777, 0o664);
    }
}

#[test]
fn export_counts_characters_and_reads_only_annotated_articles() {
    let case = Case::new(None);
    let text = std::fs::read_to_string(case.article()).unwrap();
    std::fs::write(case.article(), format!("Café talks — 日本 and Pakistan.\n\n{text}")).unwrap();
    assert!(case.tag("x").status.success());
    // Binary files: one without annotations is never read, one with them is named.
    std::fs::write(case.dir.path().join("plain.txt"), b"\x00\x01\x02binary").unwrap();
    std::fs::write(case.dir.path().join("noted.txt"), b"\x00\x01\x02binary").unwrap();
    std::fs::copy(case.sidecar(), case.dir.path().join("noted.txt.gloss.ron")).unwrap();

    let export = case.gloss(&["export", case.dir.path().to_str().unwrap()]);
    assert!(export.status.success(), "{}", stderr(&export));
    let all: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1);
    let now = gloss::corpus::load(&case.article()).unwrap().text;
    let byte = now.find("Both sides agreed").unwrap();
    let chars = now[..byte].chars().count();
    assert_ne!(byte, chars, "the text before the passage is not ASCII");
    assert_eq!(all[0]["gloss:start"], chars);
    assert_eq!(all[0]["gloss:end"], chars + "Both sides agreed".len());
    assert_eq!(all[0]["target"]["selector"][1]["start"], chars);
    let err = stderr(&export);
    assert!(err.contains("noted.txt: binary file"), "{err}");
    assert!(!err.contains("plain.txt"), "{err}");
}

#[test]
fn a_priority_out_of_range_is_refused_at_its_place_and_never_touched() {
    refused("bad-priority.ron", "5:15:");
}

#[test]
fn sidecars_without_triage_load_and_render_byte_for_byte() {
    for name in ["valid.ron", "bom.ron"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        let parsed = annotate::sidecar::parse(&fixture(name), text).unwrap();
        assert!(parsed.triage.is_default(), "{name}");
        assert_eq!(annotate::sidecar::render(&parsed), text, "{name} renders differently");
    }
}

#[test]
fn triage_round_trips_through_the_file() {
    let case = Case::new(Some("valid.ron"));
    let triage = annotate::Triage { starred: true, archived: true, priority: 3 };
    annotate::sidecar::modify(&case.sidecar(), |s| s.triage = triage).unwrap();
    let text = std::fs::read_to_string(case.sidecar()).unwrap();
    assert!(text.contains("    version: 1,\n    starred: true,\n    archived: true,\n    priority: 3,\n"), "{text}");
    let loaded = annotate::sidecar::load(&case.sidecar());
    let sidecar = loaded.sidecar().unwrap();
    assert_eq!(sidecar.triage, triage);
    assert_eq!(sidecar.annotations.len(), 1, "the annotations stay");
    assert_eq!(annotate::sidecar::render(sidecar), text);
    // A tag from the command line keeps it.
    assert!(case.tag("new").status.success());
    assert_eq!(annotate::sidecar::load(&case.sidecar()).sidecar().unwrap().triage, triage);
}

#[test]
fn default_triage_creates_no_sidecar() {
    let case = Case::new(None);
    let mut history = annotate::history::History::in_memory();
    let none = annotate::Triage::default();
    let starred = annotate::Triage { starred: true, ..none };
    // Unstarring what was never starred: nothing to keep, no file.
    let (written, _) = annotate::edit::apply(
        &mut history,
        &case.sidecar(),
        annotate::Edit::SetTriage { before: starred, after: none },
    );
    assert!(written.unwrap().is_empty());
    assert!(!case.sidecar().exists());
    // Starring makes one; unstarring then rewrites it as usual, and undo stars again.
    let (written, _) = annotate::edit::apply(
        &mut history,
        &case.sidecar(),
        annotate::Edit::SetTriage { before: none, after: starred },
    );
    assert!(written.unwrap().triage.starred);
    let (written, _) = annotate::edit::apply(
        &mut history,
        &case.sidecar(),
        annotate::Edit::SetTriage { before: starred, after: none },
    );
    assert!(written.unwrap().triage.is_default());
    assert!(case.sidecar().exists());
    assert_eq!(
        annotate::sidecar::render(&annotate::Sidecar::empty()),
        std::fs::read_to_string(case.sidecar()).unwrap()
    );
    let (written, _) = annotate::edit::apply(&mut history, &case.sidecar(), annotate::Edit::Undo);
    assert!(written.unwrap().triage.starred);
}

#[test]
fn the_documented_example_is_a_sidecar_as_gloss_writes_it() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/sidecar-format.md")).unwrap();
    let example = doc.split("```ron\n").nth(1).unwrap().split("```").next().unwrap();
    let parsed = annotate::sidecar::parse(Path::new("example"), example).unwrap();
    assert_eq!(parsed.triage, annotate::Triage { starred: true, archived: false, priority: 2 });
    assert_eq!(annotate::sidecar::render(&parsed), example);
}
