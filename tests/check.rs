//! `gloss check` through the real binary: lost sidecars and where their articles
//! went, passages not found exactly, files that do not parse, `--json` and `--fix`.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Output;

const TALKS: &str = "Talks at the border\n\n\
    The delegations met at the border post before dawn on Tuesday.\n\n\
    Neither side spoke to the press afterwards, and the talks ended late in the evening.\n\n\
    A second round is planned for the spring in the capital, officials said.\n";

const QUOTES: [&str; 3] = [
    "The delegations met at the border post",
    "Neither side spoke to the press afterwards",
    "A second round is planned for the spring",
];

/// A corpus folder and a home of its own for gloss's state.
struct Corpus {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Corpus {
    fn new() -> Corpus {
        Corpus { dir: tempfile::tempdir().unwrap(), home: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn root(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.path(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn rename(&self, from: &str, to: &str) {
        let to = self.path(to);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::rename(self.path(from), to).unwrap();
    }

    /// The folder gloss keeps its state in, under this home.
    fn state(&self) -> PathBuf {
        self.home.path().join("state/gloss")
    }

    fn gloss(&self, args: &[&str]) -> Output {
        common::gloss_in(self.home.path(), args)
    }

    /// Annotate each of `quotes` in the article `name` through `gloss tag`.
    fn tag(&self, name: &str, quotes: &[&str]) {
        let file = self.path(name);
        for quote in quotes {
            let out = self.gloss(&["tag", file.to_str().unwrap(), "--quote", quote, "--tag", "talks"]);
            assert!(out.status.success(), "{}", stderr(&out));
        }
    }

    fn check(&self, extra: &[&str]) -> (Option<i32>, String) {
        let mut args = vec!["check", self.root()];
        args.extend_from_slice(extra);
        let out = self.gloss(&args);
        assert!(stderr(&out).is_empty(), "{}", stderr(&out));
        (out.status.code(), stdout(&out))
    }

    fn check_json(&self, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
        let (code, out) = self.check(&[&["--json"], extra].concat());
        (code, serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")))
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn a_clean_corpus_is_all_well() {
    let c = Corpus::new();
    c.write("talks.txt", TALKS);
    c.write("other.md", "# Other\n\nNothing is tagged here.");
    c.tag("talks.txt", &QUOTES[..2]);
    let (code, out) = c.check(&[]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(out, "all is well: 2 annotations in 1 article, every passage found\n");

    let (code, json) = c.check_json(&[]);
    assert_eq!(code, Some(0));
    for key in ["lost_sidecars", "anchors", "sidecar_errors", "state_errors", "article_errors", "moved"] {
        assert_eq!(json[key], serde_json::json!([]), "{key}: {json}");
    }
}

#[test]
fn a_renamed_article_is_found_by_its_hash() {
    let c = Corpus::new();
    c.write("x.txt", TALKS);
    c.write("unrelated.txt", "Unrelated\n\nSomething else.");
    c.tag("x.txt", &QUOTES);
    c.rename("x.txt", "x.html");
    let (code, out) = c.check(&[]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        out,
        "x.txt.gloss.ron: its article x.txt is gone; it is probably x.html (same file, by its hash)\n\
         needs attention: 1 lost sidecar\n"
    );
    assert!(c.path("x.txt.gloss.ron").exists(), "nothing moves without --fix");
}

#[test]
fn a_renamed_and_edited_article_is_found_by_its_quotes() {
    let c = Corpus::new();
    c.write("x.txt", TALKS);
    c.tag("x.txt", &QUOTES);
    fs::remove_file(c.path("x.txt")).unwrap();
    c.write("notes/talks.txt", &TALKS.replace("A second round is planned", "Another round is planned"));
    let (code, out) = c.check(&[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(
            "x.txt.gloss.ron: its article x.txt is gone; it is probably notes/talks.txt (2 of 3 quotes found)\n"
        ),
        "{out}"
    );

    // With too few of its quotes left, nothing is said to be it.
    c.write("notes/talks.txt", "Talks\n\nThe delegations met at the border post, and left.");
    let (code, out) = c.check(&[]);
    assert_eq!(code, Some(1));
    assert!(out.contains("x.txt.gloss.ron: its article x.txt is gone; no article found for it\n"), "{out}");
}

#[test]
fn two_articles_that_fit_equally_well_are_no_match() {
    let c = Corpus::new();
    c.write("x.txt", TALKS);
    c.tag("x.txt", &QUOTES);
    fs::remove_file(c.path("x.txt")).unwrap();
    let edited = TALKS.replace("Tuesday", "Wednesday");
    c.write("a.txt", &edited);
    c.write("b.txt", &edited);
    let (code, out) = c.check(&["--fix"]);
    assert_eq!(code, Some(1));
    assert!(out.contains("no article found for it: a.txt and b.txt fit it equally well\n"), "{out}");
    assert!(c.path("x.txt.gloss.ron").exists() && !c.path("a.txt.gloss.ron").exists(), "no guess is made");
}

#[test]
fn fix_moves_the_sidecar_and_the_annotations_follow() {
    let c = Corpus::new();
    c.write("x.txt", TALKS);
    c.tag("x.txt", &QUOTES);
    let sidecar = fs::read(c.path("x.txt.gloss.ron")).unwrap();
    c.rename("x.txt", "sub/renamed.txt");
    let (code, out) = c.check(&["--fix"]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(
        out,
        "moved x.txt.gloss.ron → sub/renamed.txt.gloss.ron\nall is well: 3 annotations in 1 article, every passage found\n"
    );
    assert!(!c.path("x.txt.gloss.ron").exists());
    assert_eq!(fs::read(c.path("sub/renamed.txt.gloss.ron")).unwrap(), sidecar, "moved, not rewritten");

    let (code, out) = c.check(&[]);
    assert_eq!(code, Some(0), "{out}");
    let export = c.gloss(&["export", c.root()]);
    assert!(export.status.success(), "{}", stderr(&export));
    let export: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let items = export.as_array().unwrap();
    assert_eq!(items.len(), 3, "{export}");
    assert!(items.iter().all(|a| a.to_string().contains("renamed.txt")), "{export}");
    assert!(export.to_string().contains(QUOTES[1]), "{export}");
}

#[test]
fn fix_moves_an_edited_article_s_sidecar_and_reports_what_is_left() {
    let c = Corpus::new();
    c.write("x.txt", TALKS);
    c.tag("x.txt", &QUOTES);
    fs::remove_file(c.path("x.txt")).unwrap();
    c.write("y.md", &TALKS.replace("A second round is planned for the spring", "Nothing more is planned"));
    let (code, out) = c.check(&["--fix"]);
    assert_eq!(code, Some(1), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "moved x.txt.gloss.ron → y.md.gloss.ron", "{out}");
    assert!(
        lines[1].starts_with("y.md: orphan: “A second round is planned for the spring” is no longer found"),
        "{out}"
    );
    assert_eq!(lines[2], "needs attention: 1 passage not found exactly", "{out}");
    // Fixed once: no lost sidecar is left, the orphan is.
    let (code, out) = c.check(&["--fix"]);
    assert_eq!(code, Some(1));
    assert!(!out.contains("moved") && out.contains("orphan"), "{out}");
}

#[test]
fn articles_with_a_sidecar_of_their_own_are_not_candidates() {
    let c = Corpus::new();
    c.write("x.txt", TALKS);
    c.tag("x.txt", &QUOTES);
    c.write("y.txt", TALKS);
    c.rename("x.txt", "z.txt");
    // z.txt is the only article without a sidecar: y.txt has one.
    c.tag("y.txt", &QUOTES[..1]);
    let (code, out) = c.check(&["--fix"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.starts_with("moved x.txt.gloss.ron → z.txt.gloss.ron\n"), "{out}");
}

#[test]
fn passages_not_found_exactly_are_reported() {
    let c = Corpus::new();
    c.write("x.txt", TALKS);
    c.tag("x.txt", &[QUOTES[0], "Neither side spoke to the press afterwards, and the talks ended late"]);
    c.write(
        "x.txt",
        &TALKS
            .replace("The delegations met at the border post", "Nobody met anyone")
            .replace("spoke to the press", "spoke to reporters"),
    );
    let (code, out) = c.check(&[]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        out,
        "x.txt:3: fuzzy: “Neither side spoke to the press afterwards, and the talks e…” is found only approximately\n\
         x.txt: orphan: “The delegations met at the border post” is no longer found\n\
         needs attention: 2 passages not found exactly\n"
    );
    let (_, json) = c.check_json(&[]);
    let anchors = json["anchors"].as_array().unwrap();
    assert_eq!(anchors.len(), 2);
    assert_eq!(anchors[0]["path"], "x.txt");
    assert_eq!(anchors[0]["state"], "fuzzy");
    assert_eq!(anchors[0]["line"], 3);
    assert!(anchors[0]["start"].is_u64() && anchors[0]["end"].is_u64(), "{json}");
    assert_eq!(anchors[1]["state"], "orphan");
    assert_eq!(anchors[1]["quote"], QUOTES[0]);
    assert!(anchors[1].get("line").is_none() && anchors[1]["id"].is_string(), "{json}");
}

#[test]
fn an_ambiguous_passage_is_reported_with_its_places() {
    let c = Corpus::new();
    let part = "Alpha one two.\n\nThe same paragraph repeats here.\n\nOmega end.";
    c.write("a.txt", &format!("Title\n\n{part}\n"));
    c.tag("a.txt", &["same paragraph repeats"]);
    c.write("a.txt", &format!("Title\n\n{part}\n\n{part}\n"));
    let (code, out) = c.check(&[]);
    assert_eq!(code, Some(1));
    assert!(
        out.starts_with("a.txt: ambiguous: “same paragraph repeats” fits 2 places equally well (lines 3 and 9)\n"),
        "{out}"
    );
    let (_, json) = c.check_json(&[]);
    let places = &json["anchors"][0]["places"];
    assert_eq!(places[0], serde_json::json!({"line": 3, "start": 20, "end": 42}), "{json}");
    assert_eq!(places[1]["line"], 9, "{json}");
}

#[test]
fn a_corrupt_sidecar_is_reported_with_its_place_and_left_as_it_is() {
    let c = Corpus::new();
    c.write("x.txt", TALKS);
    let bad = "(\n    version: 1,\n    annotations: [\n        (id: \"a\", anchor: (quote: \"q\", start: \"x\", end: 2)),\n    ],\n)\n";
    c.write("x.txt.gloss.ron", bad);
    // A lost one that does not parse either, and an article it could have been.
    let lost = "(version: 1, annotations: [";
    c.write("gone.txt.gloss.ron", lost);
    c.write("y.txt", TALKS);
    let (code, out) = c.check(&["--fix"]);
    assert_eq!(code, Some(1), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "gone.txt.gloss.ron: its article gone.txt is gone; it cannot be read, so no article was looked for"
    );
    assert!(lines[1].starts_with("gone.txt.gloss.ron:1:"), "{out}");
    assert!(lines[2].starts_with("x.txt.gloss.ron:4:") && lines[2].contains("annotations[0].anchor.start"), "{out}");
    assert_eq!(lines[3], "needs attention: 1 lost sidecar, 2 sidecars that cannot be read");
    assert_eq!(fs::read_to_string(c.path("x.txt.gloss.ron")).unwrap(), bad);
    assert_eq!(fs::read_to_string(c.path("gone.txt.gloss.ron")).unwrap(), lost);
    assert!(!c.path("y.txt.gloss.ron").exists());

    let (_, json) = c.check_json(&[]);
    let errors = json["sidecar_errors"].as_array().unwrap();
    assert_eq!(errors[1]["path"], "x.txt.gloss.ron");
    let message = errors[1]["message"].as_str().unwrap();
    let mut place = message.split(':');
    assert_eq!(place.next(), Some("4"), "{message}");
    assert!(place.next().unwrap().parse::<usize>().is_ok(), "a column: {message}");
    assert_eq!(json["lost_sidecars"][0]["doubt"], "unreadable");
}

#[test]
fn a_corrupt_state_file_is_reported() {
    let c = Corpus::new();
    c.write("x.txt", TALKS);
    fs::create_dir_all(c.state()).unwrap();
    let positions = c.state().join("positions.ron");
    fs::write(&positions, "(version: 1, articles: {oops").unwrap();
    fs::write(c.state().join("read.ron"), "(version: 1, articles: {})").unwrap();
    let (code, out) = c.check(&[]);
    assert_eq!(code, Some(1), "{out}");
    let line = out.lines().next().unwrap();
    let at = format!("{}:1:", positions.display());
    assert!(line.starts_with(&at) && line.contains("reading positions"), "{out}");
    assert!(out.ends_with("needs attention: 1 state file that cannot be read\n"), "{out}");
    assert_eq!(fs::read_to_string(&positions).unwrap(), "(version: 1, articles: {oops", "never written");

    let (code, json) = c.check_json(&[]);
    assert_eq!(code, Some(1));
    let errors = json["state_errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{json}");
    assert_eq!(errors[0]["path"], positions.to_str().unwrap());
    assert!(errors[0]["message"].as_str().unwrap().starts_with("1:"), "{json}");
}

#[test]
fn json_gives_every_finding_with_paths_relative_to_the_corpus() {
    let c = Corpus::new();
    c.write("a/x.txt", TALKS);
    c.tag("a/x.txt", &QUOTES);
    c.rename("a/x.txt", "b/x.html");
    c.write("e.txt", TALKS);
    c.tag("e.txt", &QUOTES[..1]);
    c.write("e.txt", &TALKS.replace(QUOTES[0], "Nobody met"));
    c.write("gone.txt", "Gone\n\nNothing of it is anywhere else.");
    c.tag("gone.txt", &["Nothing of it is anywhere else."]);
    fs::remove_file(c.path("gone.txt")).unwrap();

    let (code, json) = c.check_json(&[]);
    assert_eq!(code, Some(1));
    let lost = &json["lost_sidecars"];
    assert_eq!(
        lost[0],
        serde_json::json!({"sidecar": "a/x.txt.gloss.ron", "article": "a/x.txt", "probably": "b/x.html", "by": "hash"})
    );
    assert_eq!(
        lost[1],
        serde_json::json!({"sidecar": "gone.txt.gloss.ron", "article": "gone.txt", "probably": null, "by": null})
    );
    assert_eq!(json["anchors"][0]["path"], "e.txt");
    assert_eq!(json["anchors"][0]["state"], "orphan");
    assert_eq!(json["moved"], serde_json::json!([]));

    let (code, json) = c.check_json(&["--fix"]);
    assert_eq!(code, Some(1), "an orphan and a sidecar without an article are left");
    assert_eq!(json["moved"], serde_json::json!([{"from": "a/x.txt.gloss.ron", "to": "b/x.html.gloss.ron"}]));
    assert_eq!(json["lost_sidecars"].as_array().unwrap().len(), 1);
    assert_eq!(json["lost_sidecars"][0]["sidecar"], "gone.txt.gloss.ron");
}

#[test]
fn quotes_found_are_counted_in_json() {
    let c = Corpus::new();
    c.write("x.txt", TALKS);
    c.tag("x.txt", &QUOTES);
    fs::remove_file(c.path("x.txt")).unwrap();
    c.write("y.txt", &TALKS.replace("Tuesday", "Monday"));
    let (_, json) = c.check_json(&[]);
    assert_eq!(json["lost_sidecars"][0]["by"], "quotes");
    assert_eq!(json["lost_sidecars"][0]["quotes"], serde_json::json!({"found": 3, "of": 3}));
}

#[test]
fn an_annotations_folder_is_checked_and_fixed_in_place() {
    let c = Corpus::new();
    let notes = tempfile::tempdir().unwrap();
    let notes_dir = notes.path().to_str().unwrap();
    c.write("x.txt", TALKS);
    let file = c.path("x.txt");
    let out = c.gloss(&[
        "--annotations",
        notes_dir,
        "tag",
        file.to_str().unwrap(),
        "--corpus",
        c.root(),
        "--quote",
        QUOTES[0],
        "--tag",
        "t",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(notes.path().join("x.txt.gloss.ron").exists());
    c.rename("x.txt", "sub/y.txt");
    let out = c.gloss(&["--annotations", notes_dir, "check", c.root(), "--fix"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let moved = notes.path().join("sub/y.txt.gloss.ron");
    assert!(moved.exists() && !notes.path().join("x.txt.gloss.ron").exists());
    assert!(stdout(&out).contains(&format!("→ {}", moved.display())), "{}", stdout(&out));
    let names: Vec<_> = fs::read_dir(c.dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["sub"], "the corpus is not written");
}

#[test]
fn a_missing_folder_is_an_error() {
    let c = Corpus::new();
    let out = c.gloss(&["check", "/no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

#[test]
fn check_and_config_each_have_their_own_help() {
    let home = tempfile::tempdir().unwrap();
    let check = String::from_utf8(common::gloss_in(home.path(), &["check", "--help"]).stdout).unwrap();
    assert!(
        check.contains("Report what needs attention") && check.contains("Two articles that fit equally well"),
        "{check}"
    );
    let config = String::from_utf8(common::gloss_in(home.path(), &["config", "--help"]).stdout).unwrap();
    assert!(config.contains("Where the configuration is read from"), "{config}");
    assert!(!config.contains("needs attention") && !config.contains("equally well"), "{config}");
}
