//! One fixture per configuration mistake (`tests/fixtures/config/`): each is reported
//! with one line that names the file, where in it and what is wrong, and gloss goes on
//! with the default settings rather than refusing to start.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config").join(name)
}

fn gloss(args: &[&std::ffi::OsStr], env: &[(&str, &Path)]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gloss"));
    cmd.args(args)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env("XDG_STATE_HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env_remove("GLOSS_CONFIG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn list_with(config: &Path, dir: &Path) -> Output {
    gloss(&["--config".as_ref(), config.as_os_str(), "list".as_ref(), dir.as_os_str()], &[])
}

/// Run `gloss list` with the fixture: one stderr line naming the problem (with every
/// `needle`), and the list printed all the same, on the defaults.
fn reported(name: &str, needles: &[&str]) {
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(corpus.path().join("a.txt"), "A Title\n\nBody text.").unwrap();
    let out = list_with(&fixture(name), corpus.path());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{name}: {err}");
    assert_eq!(err.lines().count(), 1, "{name}: {err}");
    assert!(err.starts_with("gloss: "), "{name}: {err}");
    assert!(err.trim_end().ends_with("; using the default settings"), "{name}: {err}");
    for needle in needles {
        assert!(err.contains(needle), "{name}: {needle:?} not in {err}");
    }
    assert!(String::from_utf8(out.stdout).unwrap().contains("A Title"), "{name}: the list is still printed");
}

#[test]
fn unknown_field() {
    reported("unknown_field.ron", &["unknown_field.ron:4:", "colour"]);
}

#[test]
fn wrong_type() {
    reported("wrong_type.ron", &["wrong_type.ron:3:", "Expected integer", "reading_width: \"wide\""]);
}

#[test]
fn reading_width_out_of_range() {
    reported("reading_width_out_of_range.ron", &["reading_width_out_of_range.ron:3:", "between 20 and 400, not 5"]);
}

#[test]
fn unknown_key() {
    reported("unknown_key.ron", &["unknown_key.ron:4:", "keys.normal", "unknown key `hyper-x`"]);
}

#[test]
fn unknown_command() {
    reported("unknown_command.ron", &["unknown_command.ron:4:", "`Qiut` is not a command", "did you mean Quit?"]);
}

#[test]
fn unknown_context() {
    reported("unknown_mode.ron", &["unknown_mode.ron:4:", "unknown context `nromal`", "contexts are normal, list"]);
}

#[test]
fn a_key_bound_to_two_commands() {
    reported("key_conflict.ron", &["key_conflict.ron:5:", "keys.reader", "`s` is bound to both ToggleStar and Quit"]);
}

#[test]
fn a_key_given_twice() {
    reported("key_given_twice.ron", &["key_given_twice.ron:", "keys.list", "`x` is given to both"]);
    reported("key_given_twice.ron", &["key_given_twice.ron:5:"]);
}

#[test]
fn a_mistake_is_placed_in_the_code_not_in_a_comment_that_mentions_it() {
    reported("conflict_after_comments.ron", &["conflict_after_comments.ron:6:", "`s` is bound to both"]);
}

#[test]
fn a_key_that_hides_a_sequence() {
    reported("hidden_sequence.ron", &["hidden_sequence.ron:4:", "`]` would hide `] "]);
}

#[test]
fn keys_written_key_first() {
    reported("old_key_format.ron", &["old_key_format.ron:4:", "command first"]);
}

#[test]
fn keys_not_a_list() {
    reported("wrong_keys_type.ron", &["wrong_keys_type.ron:4:", "Expected opening `[`"]);
}

#[test]
fn not_ron() {
    reported("not_ron.ron", &["not_ron.ron:1:", "# Not RON at all"]);
}

#[test]
fn truncated() {
    reported("truncated.ron", &["truncated.ron:1:2:", "Unexpected end"]);
}

#[test]
fn a_named_config_that_does_not_exist_is_an_error() {
    let corpus = tempfile::tempdir().unwrap();
    let out = list_with(&fixture("no-such-file.ron"), corpus.path());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no-such-file.ron: no such file (named by --config)"), "{err}");
}

#[test]
fn missing_default_corpus() {
    let out = gloss(&["--config".as_ref(), fixture("missing_corpus.ron").as_os_str(), "list".as_ref()], &[]);
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
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("A Title"));
}

#[test]
fn config_path_follows_the_flag_then_gloss_config_then_xdg() {
    let dir = tempfile::tempdir().unwrap();
    let path = |out: Output| String::from_utf8(out.stdout).unwrap().trim_end().to_owned();
    let xdg = dir.path().join("xdg");
    let out = gloss(&["config".as_ref(), "path".as_ref()], &[("XDG_CONFIG_HOME", &xdg)]);
    assert_eq!(path(out), xdg.join("gloss/config.ron").to_string_lossy());
    let named = dir.path().join("elsewhere.ron");
    let out = gloss(&["config".as_ref(), "path".as_ref()], &[("XDG_CONFIG_HOME", &xdg), ("GLOSS_CONFIG", &named)]);
    assert_eq!(path(out), named.to_string_lossy());
    let flag = dir.path().join("flag.ron");
    let args = ["--config".as_ref(), flag.as_os_str(), "config".as_ref(), "path".as_ref()];
    let out = gloss(&args, &[("GLOSS_CONFIG", &named)]);
    assert_eq!(path(out), flag.to_string_lossy());
}

#[test]
fn gloss_config_is_read_from_where_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "A Title\n\nBody text.").unwrap();
    let config = dir.path().join("mine.ron");
    std::fs::write(&config, format!("(corpus: {:?})", corpus.to_string_lossy())).unwrap();
    let out = gloss(&["list".as_ref()], &[("GLOSS_CONFIG", &config)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8(out.stdout).unwrap().contains("A Title"), "the configured corpus is listed");
}

#[test]
fn the_default_config_printed_is_one_gloss_reads_as_the_defaults() {
    let out = gloss(&["config".as_ref(), "default".as_ref()], &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for field in ["mouse: true", "reading_width: 80", "// corpus:", "// theme:", "// annotations:", "keys: {}"] {
        assert!(text.contains(field), "{field} in {text}");
    }
    assert!(text.contains("ToggleStar") && text.contains("star or unstar the article"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.ron");
    std::fs::write(&file, &text).unwrap();
    let corpus = tempfile::tempdir().unwrap();
    let out = list_with(&file, corpus.path());
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
