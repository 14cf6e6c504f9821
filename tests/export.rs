//! `gloss export` and `gloss tags` on a small coded corpus (`tests/fixtures/coded/`):
//! Markdown and CSV byte for byte against `tests/golden/`, JSON-LD by its W3C field
//! names, tag filters, output files and the tag tree.
//!
//! The fixture sidecars are made by the library from the specs below; after changing
//! the specs or the articles, `GLOSS_BLESS=1 cargo test --test export` writes them and
//! the golden files anew.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use gloss::annotate::{self, AnchorState, Annotation, Layout, Loaded, Sidecar, sidecar};
use gloss::corpus;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coded")
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

fn bless() -> bool {
    std::env::var_os("GLOSS_BLESS").is_some()
}

/// One annotation of the fixture corpus.
struct Spec {
    file: &'static str,
    quote: &'static str,
    tags: &'static [&'static str],
    note: &'static str,
    id: &'static str,
}

const SPECS: &[Spec] = &[
    Spec {
        file: "border-crossings.txt",
        quote: "Trucks begin to queue at the Torkham crossing well before the gates open at seven.",
        tags: &[],
        note: "Opening hours: check against the customs notice.",
        id: "018f3a10-0000-7000-8000-000000000001",
    },
    Spec {
        file: "border-crossings.txt",
        quote: "Officials describe the new biometric checks as a security measure aimed at militants who once moved \
                freely between the two countries.",
        tags: &["security/border", "groups"],
        note: "Compare with the reasons given for the fence.\nSee *also*: [customs] # figures & <stats> | 1. not a list",
        id: "018f3a10-0000-7000-8000-000000000002",
    },
    // Overlaps the one before.
    Spec {
        file: "border-crossings.txt",
        quote: "aimed at militants who once moved freely",
        tags: &["groups", "groups/ttp"],
        note: "",
        id: "018f3a10-0000-7000-8000-000000000003",
    },
    Spec {
        file: "border-crossings.txt",
        quote: "Smuggling has not stopped; it has moved.",
        tags: &["trade", "security/border"],
        note: "Footpaths: no numbers given.",
        id: "018f3a10-0000-7000-8000-000000000004",
    },
    Spec {
        file: "cells/financing.md",
        quote: "What they find instead are dozens of small payments",
        tags: &["finance"],
        note: "",
        id: "018f3a10-0000-7000-8000-000000000005",
    },
    Spec {
        file: "cells/financing.md",
        quote: "Groups such as the TTP have also turned to kidnapping for ransom",
        tags: &["groups/ttp", "finance/ransom"],
        note: "Court records only; no year given for the peak.",
        id: "018f3a10-0000-7000-8000-000000000006",
    },
    Spec {
        file: "patrols.html",
        quote: "Commanders say thermal sights have cut the number of crossings they miss",
        tags: &["security-forces", "technology"],
        note: "",
        id: "018f3a10-0000-7000-8000-000000000008",
    },
];

/// A passage of an earlier version of `cells/financing.md`, no longer in it.
const REMOVED: &str = "The cell kept its accounts in a school exercise book.";
const ORPHAN_ID: &str = "018f3a10-0000-7000-8000-000000000007";

fn annotation(anchor: annotate::Anchor, tags: &[&str], note: &str, id: &str, minute: usize) -> Annotation {
    let time = format!("2024-05-02T09:{minute:02}:00Z");
    Annotation {
        id: id.to_owned(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        note: note.to_owned(),
        created: time.clone(),
        modified: time,
        anchor,
        unknown: Vec::new(),
    }
}

/// The fixture sidecars, by article, as the library renders them.
fn fixture_sidecars() -> Vec<(PathBuf, String)> {
    let mut sidecars: std::collections::BTreeMap<&str, Sidecar> = Default::default();
    for (i, spec) in SPECS.iter().enumerate() {
        let article = corpus::load(&fixtures().join(spec.file)).unwrap();
        let at = article.text.find(spec.quote).unwrap_or_else(|| panic!("{} not in {}", spec.quote, spec.file));
        assert_eq!(article.text.matches(spec.quote).count(), 1, "{} occurs once", spec.quote);
        let anchor = annotate::record(&article.text, at..at + spec.quote.len(), &article.source_hash);
        let a = annotation(anchor, spec.tags, spec.note, spec.id, 10 + i);
        sidecars.entry(spec.file).or_insert_with(Sidecar::empty).put(a);
    }
    // The orphan: recorded in the earlier version, and found missing since.
    let now = fs::read(fixtures().join("cells/financing.md")).unwrap();
    let before = String::from_utf8(now).unwrap().replace("a month ahead.", &format!("a month ahead. {REMOVED}"));
    let old = corpus::parse(before.as_bytes(), corpus::Format::Markdown, "financing.md");
    let at = old.text.find(REMOVED).unwrap();
    let mut anchor = annotate::record(&old.text, at..at + REMOVED.len(), &old.source_hash);
    anchor.state = AnchorState::Orphan;
    let orphan = annotation(anchor, &["finance", "groups"], "Ledger: ask the reporter.", ORPHAN_ID, 5);
    sidecars.get_mut("cells/financing.md").unwrap().put(orphan);
    sidecars
        .into_iter()
        .map(|(file, s)| (Layout::Beside.sidecar_for(&fixtures().join(file)), sidecar::render(&s)))
        .collect()
}

#[test]
fn fixture_sidecars_are_the_library_s_and_load() {
    for (path, text) in fixture_sidecars() {
        if bless() {
            fs::write(&path, &text).unwrap();
        }
        let committed = fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(committed, text, "{} differs from what the specs give", path.display());
        assert!(matches!(sidecar::load(&path), Loaded::Ok(_)), "{} loads as a valid sidecar", path.display());
    }
}

/// The fixture corpus in a folder of its own: opening sidecars may save anchors.
fn corpus_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&fixtures(), dir.path());
    dir
}

struct Run {
    home: tempfile::TempDir,
}

impl Run {
    fn new() -> Run {
        Run { home: tempfile::tempdir().unwrap() }
    }

    fn gloss(&self, args: &[&str]) -> Output {
        common::gloss_in(self.home.path(), args)
    }

    /// Run and expect success with nothing on standard error.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.gloss(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && err.is_empty(), "{args:?}: {:?}\n{err}", out.status);
        String::from_utf8(out.stdout).unwrap()
    }
}

fn check_golden(name: &str, output: &str) {
    let path = golden(name);
    if bless() {
        fs::write(&path, output).unwrap();
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    assert!(expected == output, "{name} differs from the golden file:\n{output}");
}

#[test]
fn markdown_is_the_golden_file() {
    let corpus = corpus_copy();
    let out = Run::new().ok(&["export", corpus.path().to_str().unwrap(), "--format", "markdown"]);
    check_golden("export.md", &out);
}

#[test]
fn csv_is_the_golden_file() {
    let corpus = corpus_copy();
    let out = Run::new().ok(&["export", corpus.path().to_str().unwrap(), "--format", "csv"]);
    check_golden("export.csv", &out);
    // A row per (annotation, tag), one for an annotation without tags.
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(reader.headers().unwrap(), &gloss::annotate::export::csv::COLUMNS[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let pairs: usize = SPECS.iter().map(|s| s.tags.len().max(1)).sum::<usize>() + 2;
    assert_eq!(rows.len(), pairs);
    let untagged: Vec<&csv::StringRecord> = rows.iter().filter(|r| r[3].is_empty()).collect();
    assert_eq!(untagged.len(), 1);
    assert_eq!(&untagged[0][9], SPECS[0].id);
}

fn json(corpus: &Path, more: &[&str]) -> Vec<Value> {
    let mut args = vec!["export", corpus.to_str().unwrap()];
    args.extend(more);
    let out = Run::new().ok(&args);
    serde_json::from_str::<Value>(&out).unwrap().as_array().unwrap().clone()
}

#[test]
fn json_is_w3c_web_annotation() {
    let corpus = corpus_copy();
    let all = json(corpus.path(), &["--format", "json"]);
    assert_eq!(all.len(), SPECS.len() + 1);
    for a in &all {
        assert_eq!(a["@context"][0], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(a["type"], "Annotation");
        assert!(a["id"].as_str().unwrap().starts_with("urn:uuid:018f3a10-"), "{a}");
        for key in ["created", "modified"] {
            assert!(a[key].as_str().unwrap().starts_with("2024-05-02T09:"), "{a}");
        }
        assert!(a["body"].is_array());
        let target = &a["target"];
        assert!(target["source"].is_string());
        let quote = &target["selector"][0];
        assert_eq!(quote["type"], "TextQuoteSelector");
        for key in ["exact", "prefix", "suffix"] {
            assert!(quote[key].is_string(), "{key} in {a}");
        }
        let position = &target["selector"][1];
        assert_eq!(position["type"], "TextPositionSelector");
        assert!(position["start"].as_u64().unwrap() < position["end"].as_u64().unwrap());
    }
    let ttp = all.iter().find(|a| a["id"] == "urn:uuid:018f3a10-0000-7000-8000-000000000006").unwrap();
    assert_eq!(ttp["target"]["source"], "cells/financing.md");
    assert_eq!(ttp["body"][0], serde_json::json!({"type": "TextualBody", "purpose": "tagging", "value": "groups/ttp"}));
    assert_eq!(ttp["body"][2]["purpose"], "commenting");
    assert_eq!(
        ttp["target"]["selector"][0]["exact"],
        "Groups such as the TTP have also turned to kidnapping for ransom"
    );
    let orphan = all.iter().find(|a| a["id"] == format!("urn:uuid:{ORPHAN_ID}")).unwrap();
    assert_eq!((orphan["gloss:state"].clone(), orphan["gloss:start"].clone()), ("orphan".into(), Value::Null));
    assert_eq!(json(corpus.path(), &[]), all, "JSON is the default");
}

fn ids(all: &[Value]) -> Vec<String> {
    let mut ids: Vec<String> =
        all.iter().map(|a| a["id"].as_str().unwrap().trim_start_matches("urn:uuid:").to_owned()).collect();
    ids.sort();
    ids
}

fn spec_ids(pick: impl Fn(&[&str]) -> bool) -> Vec<String> {
    let mut ids: Vec<String> = SPECS.iter().filter(|s| pick(s.tags)).map(|s| s.id.to_owned()).collect();
    if pick(&["finance", "groups"]) {
        ids.push(ORPHAN_ID.to_owned());
    }
    ids.sort();
    ids
}

#[test]
fn a_tag_filter_takes_the_tags_below_and_not_a_longer_name() {
    let corpus = corpus_copy();
    let dir = corpus.path();
    // `security` is used only below itself, and `security-forces` starts like it.
    let security = json(dir, &["--tag", "security"]);
    assert_eq!(ids(&security), spec_ids(|tags| tags.iter().any(|t| t.starts_with("security/"))));
    assert_eq!(ids(&security).len(), 2);
    let groups = json(dir, &["--tag", "Groups"]);
    assert_eq!(ids(&groups), spec_ids(|tags| tags.iter().any(|t| t.starts_with("groups"))));
    assert_eq!(ids(&json(dir, &["--tag", "groups/ttp"])).len(), 2);
    assert!(json(dir, &["--tag", "secur"]).is_empty());

    let run = Run::new();
    let csv = run.ok(&["export", dir.to_str().unwrap(), "--format", "csv", "--tag", "security"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&reader.headers().unwrap()[3], "tag");
    let tags: Vec<String> = reader.records().map(|r| r.unwrap()[3].to_owned()).collect();
    assert_eq!(tags, ["security/border", "security/border"], "only the tags asked for:\n{csv}");
    let md = run.ok(&["export", dir.to_str().unwrap(), "--format", "md", "--tag", "finance"]);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headings, ["# Annotations", "## finance", "## finance/ransom"]);
    let none = run.ok(&["export", dir.to_str().unwrap(), "--format", "markdown", "--tag", "nothing"]);
    assert_eq!(none, "# Annotations\n\nNo annotations.\n");

    let out = run.gloss(&["export", dir.to_str().unwrap(), "--tag", " / "]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no usable tag"));
}

#[test]
fn an_output_file_is_written_whole_and_named_in_errors() {
    let corpus = corpus_copy();
    let dir = corpus.path().to_str().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("coded.md");
    fs::write(&file, "an older export, longer than what replaces it ".repeat(100)).unwrap();
    let run = Run::new();
    let printed = run.ok(&["export", dir, "--format", "markdown"]);
    assert_eq!(run.ok(&["export", dir, "--format", "markdown", "-o", file.to_str().unwrap()]), "");
    assert_eq!(fs::read_to_string(&file).unwrap(), printed);
    let csv = out_dir.path().join("coded.csv");
    run.ok(&["export", dir, "--format", "csv", "--output", csv.to_str().unwrap()]);
    assert_eq!(fs::read_to_string(&csv).unwrap(), fs::read_to_string(golden("export.csv")).unwrap());
    let names: Vec<String> =
        fs::read_dir(out_dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");

    let missing = out_dir.path().join("no/such/folder/out.json");
    let out = run.gloss(&["export", dir, "-o", missing.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("gloss: cannot write ") && err.contains("no/such/folder/out.json"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

const TAGS: &str = "\
finance          3 passages  1 article
  ransom         1 passage   1 article
groups           4 passages  2 articles
  ttp            2 passages  2 articles
security         2 passages  1 article
  border         2 passages  1 article
security-forces  1 passage   1 article
technology       1 passage   1 article
trade            1 passage   1 article
";

#[test]
fn tags_as_a_tree_and_as_json() {
    let corpus = corpus_copy();
    let dir = corpus.path().to_str().unwrap();
    let run = Run::new();
    assert_eq!(run.ok(&["tags", dir]), TAGS);
    let tree: Value = serde_json::from_str(&run.ok(&["tags", dir, "--json"])).unwrap();
    let names: Vec<&str> = tree.as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["finance", "groups", "security", "security-forces", "technology", "trade"]);
    assert_eq!(
        tree[1],
        serde_json::json!({
            "name": "groups", "passages": 4, "articles": 2,
            "children": [{"name": "groups/ttp", "passages": 2, "articles": 2, "children": []}],
        })
    );
}

#[test]
fn an_annotations_folder_is_where_sidecars_are_read() {
    let corpus = corpus_copy();
    let notes = tempfile::tempdir().unwrap();
    for (path, _) in fixture_sidecars() {
        let rel = path.strip_prefix(fixtures()).unwrap();
        let moved = notes.path().join(rel);
        fs::create_dir_all(moved.parent().unwrap()).unwrap();
        fs::rename(corpus.path().join(rel), moved).unwrap();
    }
    let dir = corpus.path().to_str().unwrap();
    let run = Run::new();
    assert_eq!(run.ok(&["tags", dir]), "", "no sidecar beside the articles");
    let annotations = notes.path().to_str().unwrap();
    assert_eq!(run.ok(&["--annotations", annotations, "tags", dir]), TAGS);
    let md = run.ok(&["export", dir, "--annotations", annotations, "--format", "markdown"]);
    assert_eq!(md, fs::read_to_string(golden("export.md")).unwrap());
}
