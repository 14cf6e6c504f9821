//! One fixture per configuration mistake (`tests/fixtures/config/`): each is refused
//! with one line that names the file, where in it, and what is wrong.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config").join(name)
}

fn list_with(config: &Path, dir: &Path) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("--config")
        .arg(config)
        .arg("list")
        .arg(dir)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env("XDG_STATE_HOME", home.path())
        .output()
        .unwrap()
}

/// Run with the fixture; expect exit 2 and one stderr line containing every `needle`.
fn refused(name: &str, needles: &[&str]) {
    let corpus = tempfile::tempdir().unwrap();
    let out = list_with(&fixture(name), corpus.path());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{name}: {err}");
    assert_eq!(err.lines().count(), 1, "{name}: {err}");
    assert!(err.starts_with("gloss: "), "{name}: {err}");
    for needle in needles {
        assert!(err.contains(needle), "{name}: {needle:?} not in {err}");
    }
}

#[test]
fn unknown_field() {
    refused("unknown_field.ron", &["unknown_field.ron:4:", "colour"]);
}

#[test]
fn wrong_type() {
    refused("wrong_type.ron", &["wrong_type.ron:3:", "Expected integer", "reading_width: \"wide\""]);
}

#[test]
fn reading_width_out_of_range() {
    refused("reading_width_out_of_range.ron", &["reading_width_out_of_range.ron", "between 20 and 400, not 5"]);
}

#[test]
fn unknown_key() {
    refused("unknown_key.ron", &["unknown_key.ron", "unknown key `hyper-x`"]);
}

#[test]
fn unknown_command() {
    refused("unknown_command.ron", &["unknown_command.ron:4:", "Qiut"]);
}

#[test]
fn unknown_mode() {
    refused("unknown_mode.ron", &["unknown_mode.ron", "unknown mode `nromal`"]);
}

#[test]
fn not_ron() {
    refused("not_ron.ron", &["not_ron.ron:1:", "# Not RON at all"]);
}

#[test]
fn truncated() {
    refused("truncated.ron", &["truncated.ron:1:2:", "Unexpected end"]);
}

#[test]
fn missing_default_corpus() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("--config")
        .arg(fixture("missing_corpus.ron"))
        .arg("list")
        .env("HOME", home.path())
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("cannot open /no/such/corpus"), "{err}");
}

#[test]
fn a_valid_config_is_accepted() {
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(corpus.path().join("a.txt"), "A Title\n\nBody text.").unwrap();
    let out = list_with(&fixture("valid.ron"), corpus.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("A Title"));
}
