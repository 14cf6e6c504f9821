//! The command line, including hostile input: every case gets a clear message, a
//! non-zero exit where it failed, and never a panic, a backtrace or a raw escape.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn gloss(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gloss"));
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"));
    cmd
}

fn run(home: &Path, args: &[&str]) -> Output {
    gloss(home).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A failure: exit code 2 and exactly one line on stderr, no panic.
fn assert_one_line_error(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "stdout: {}\nstderr: {}", stdout(out), stderr(out));
    let err = stderr(out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("gloss: "), "{err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"), "{err}");
    err
}

#[test]
fn help_and_version() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["--help"]);
    assert!(out.status.success());
    let help = stdout(&out);
    for word in ["list", "show", "--config", "--no-mouse", "DIR"] {
        assert!(help.contains(word), "{word} missing from --help:\n{help}");
    }
    let out = run(home.path(), &["--version"]);
    assert_eq!(stdout(&out).trim(), format!("gloss {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn missing_folder_is_one_clear_line() {
    let home = tempfile::tempdir().unwrap();
    for args in [&["list", "/no/such/folder"][..], &["/no/such/folder"], &["show", "/no/such/file.txt"]] {
        let err = assert_one_line_error(&run(home.path(), args));
        assert!(err.contains("/no/such/") && err.contains("No such file"), "{err}");
    }
}

#[test]
fn a_named_config_file_must_exist() {
    let home = tempfile::tempdir().unwrap();
    let err = assert_one_line_error(&run(home.path(), &["--config", "/no/such/config.ron", "list"]));
    assert!(err.contains("/no/such/config.ron") && err.contains("no such file"), "{err}");
}

#[test]
fn errors_do_not_repeat_themselves() {
    let home = tempfile::tempdir().unwrap();
    let err = assert_one_line_error(&run(home.path(), &["show", "/no/such/file.txt"]));
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
}

#[test]
fn the_reader_needs_a_terminal() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let err = assert_one_line_error(&run(home.path(), &[dir.path().to_str().unwrap()]));
    assert!(err.contains("needs a terminal"), "{err}");
}

#[test]
fn list_without_a_folder_lists_the_sample() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), gloss::corpus::sample::FILES.len());
    assert!(text.contains("Fencing the Frontier"));
    assert!(home.path().join("data/gloss/sample/border-fencing.txt").is_file());
}

#[test]
fn list_json_has_the_documented_fields() {
    let home = tempfile::tempdir().unwrap();
    let out = run(home.path(), &["list", "--json"]);
    assert!(out.status.success());
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), gloss::corpus::sample::FILES.len());
    let by_path = |p: &str| items.iter().find(|i| i["path"] == p).unwrap();
    let html = by_path("intelligence-sharing.html");
    assert_eq!(html["byline"], "Ayesha Karim");
    assert_eq!(html["date"], "2024-02-08");
    assert!(html["words"].as_u64().unwrap() > 400);
    assert!(html["title"].as_str().unwrap().starts_with("Quiet Channels"));
    let fence = by_path("border-fencing.txt");
    assert_eq!(fence["date"], serde_json::Value::Null);
    for item in items {
        for key in ["path", "title", "byline", "date", "words", "read", "starred", "archived", "priority"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
    }
}

#[test]
fn show_prints_exactly_the_reading_text() {
    let home = tempfile::tempdir().unwrap();
    run(home.path(), &["list"]);
    let file = home.path().join("data/gloss/sample/madrassa-reform.md");
    let out = run(home.path(), &["show", file.to_str().unwrap()]);
    assert!(out.status.success());
    let article = gloss::corpus::load(&file).unwrap();
    assert_eq!(stdout(&out), article.text);

    let out = run(home.path(), &["show", "--meta", file.to_str().unwrap()]);
    let text = stdout(&out);
    let (head, body) = text.split_once("\n\n").unwrap();
    assert!(head.contains("title: Beyond the Classroom Walls"));
    assert!(head.contains("byline: Hina Javed"));
    assert!(head.contains("date: 2024-03-03"));
    assert!(head.contains("link [1]: https://example.com/"));
    assert_eq!(body, article.text);
}

#[test]
fn show_meta_says_where_title_byline_and_date_came_from() {
    let home = tempfile::tempdir().unwrap();
    run(home.path(), &["list"]);
    let file = home.path().join("data/gloss/sample/intelligence-sharing.html");
    let out = run(home.path(), &["show", "--meta", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().take(3).collect();
    assert_eq!(
        lines,
        [
            "title: Quiet Channels: How Washington and Islamabad Share Intelligence on Militants (from the h1)",
            "byline: Ayesha Karim (from meta author)",
            "date: 2024-02-08 (from article:published_time)",
        ]
    );

    let md = home.path().join("data/gloss/sample/madrassa-reform.md");
    let text = stdout(&run(home.path(), &["show", "--meta", md.to_str().unwrap()]));
    assert!(text.contains("byline: Hina Javed (from a byline line)\n"), "{text}");
    assert!(text.contains("date: 2024-03-03 (from a date line)\n"), "{text}");
    let plain = home.path().join("data/gloss/sample/drone-strikes.txt");
    let text = stdout(&run(home.path(), &["show", "--meta", plain.to_str().unwrap()]));
    assert!(text.lines().next().unwrap().ends_with("… (from the first sentence)"), "{text}");
    assert!(text.contains("\nbyline: -\ndate: -\n"), "{text}");
}

#[test]
fn show_meta_says_when_the_main_text_was_guessed() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let paragraphs: String = (0..12)
        .map(|i| format!("<p>See <a href=\"/l/{i}\">the long report number {i} on the harbour and its future</a>.</p>"))
        .collect();
    let guessed = dir.path().join("roundup.html");
    fs::write(&guessed, format!("<!DOCTYPE html><html><body><div>{paragraphs}</div></body></html>")).unwrap();
    let sure = dir.path().join("story.html");
    let story = "<p>A plain paragraph, with words.</p>".repeat(9);
    fs::write(&sure, format!("<!DOCTYPE html><html><body><article>{story}</article></body></html>")).unwrap();
    let line = "main text: not found with confidence; showing the longest text block";
    let out = run(home.path(), &["show", "--meta", guessed.to_str().unwrap()]);
    assert!(stdout(&out).split_once("\n\n").unwrap().0.contains(line), "{}", stdout(&out));
    assert!(stdout(&out).contains("the long report number 11"));
    let out = run(home.path(), &["show", "--meta", sure.to_str().unwrap()]);
    assert!(!stdout(&out).contains("main text:"), "{}", stdout(&out));
}

#[test]
fn hostile_files_are_listed_or_skipped_with_a_reason() {
    let home = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    let c = corpus.path();
    fs::write(c.join("latin1.txt"), b"Caf\xe9 society\n\nA second paragraph in Latin-1 \xe0 la mode.").unwrap();
    fs::write(c.join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    fs::write(c.join("empty.txt"), b"").unwrap();
    fs::write(c.join("escapes.txt"), "A \x1b]0;pwned\x07title \x1b[2J\n\nbody \x1b]52;c;aGk=\x07 text\x07 end")
        .unwrap();
    fs::write(c.join("evil\x1b[31mname.txt"), "Evil name\n\nbody").unwrap();
    fs::write(c.join("notes.txt.gloss.ron"), "(version: 1)").unwrap();
    fs::create_dir(c.join(".git")).unwrap();
    fs::write(c.join(".git/HEAD.txt"), "ref").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(c, c.join("loop")).unwrap();

    let out = run(home.path(), &["list", "--json", c.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b), "a raw escape reached the output");
    let err = stderr(&out);
    assert!(err.contains("binary.txt: binary file, skipped"), "{err}");
    #[cfg(unix)]
    assert!(err.contains("symbolic link loop"), "{err}");

    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = items.as_array().unwrap();
    let paths: Vec<&str> = items.iter().map(|i| i["path"].as_str().unwrap()).collect();
    // JSON carries the real path (escaped by JSON), so a script can open the file.
    assert_eq!(paths, ["empty.txt", "escapes.txt", "evil\u{1b}[31mname.txt", "latin1.txt"]);
    assert!(c.join(paths[2]).is_file());
    let get = |p: &str| items.iter().find(|i| i["path"] == p).unwrap();
    assert_eq!(get("empty.txt")["title"], "empty");
    assert_eq!(get("empty.txt")["words"], 0);
    // Latin-1 is detected and decoded, not replaced.
    assert_eq!(get("latin1.txt")["lossy"], false);
    assert_eq!(get("latin1.txt")["title"], "Café society");
    assert_eq!(get("escapes.txt")["title"], "A title");

    // The human listing shows the name sanitised.
    let out = run(home.path(), &["list", c.to_str().unwrap()]);
    assert!(!out.stdout.contains(&0x1b));
    assert!(stdout(&out).contains("evilname.txt"));

    // The text view of an article with escapes holds none, and keeps the words.
    let out = run(home.path(), &["show", c.join("escapes.txt").to_str().unwrap()]);
    assert!(!out.stdout.contains(&0x1b));
    assert_eq!(stdout(&out), "body text␇ end");
}

#[test]
fn binary_and_oversized_files_are_refused_by_show() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("b.txt");
    fs::write(&bin, b"\0\0\0").unwrap();
    assert!(assert_one_line_error(&run(home.path(), &["show", bin.to_str().unwrap()])).contains("binary file"));
    let other = dir.path().join("paper.pdf");
    fs::write(&other, b"%PDF").unwrap();
    assert!(assert_one_line_error(&run(home.path(), &["show", other.to_str().unwrap()])).contains("not a format"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let home = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    for i in 0..3000 {
        fs::write(corpus.path().join(format!("a{i:04}.txt")), format!("Article {i}\n\nSome text.")).unwrap();
    }
    let mut child = gloss(home.path())
        .args(["list", corpus.path().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success(), "{status:?} {err}");
    assert!(err.is_empty(), "{err}");
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_listed_with_the_reason() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    let file = corpus.path().join("locked.txt");
    fs::write(&file, "text").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&file).is_ok() {
        // Running as root: permissions do not apply, nothing to test.
        return;
    }
    let out = run(home.path(), &["list", "--json", corpus.path().to_str().unwrap()]);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(items[0]["error"].as_str().unwrap().contains("Permission denied"));
}

/// A corpus whose articles are starred, archived, read and tagged in different
/// ways, and the state folder of the gloss that reads it.
fn triaged_corpus(home: &Path) -> tempfile::TempDir {
    use gloss::annotate::{self, Triage};
    let corpus = tempfile::tempdir().unwrap();
    let root = fs::canonicalize(corpus.path()).unwrap();
    let text = "Talks resumed on Tuesday. Both sides agreed to meet again.";
    let articles: [(&str, Triage, &[&str]); 4] = [
        ("starred.txt", Triage { starred: true, archived: false, priority: 2 }, &["security/border"]),
        ("archived.txt", Triage { starred: false, archived: true, priority: 0 }, &["securityx"]),
        ("both.txt", Triage { starred: true, archived: true, priority: 3 }, &["security", "talks"]),
        ("plain.txt", Triage::default(), &[]),
    ];
    for (name, triage, tags) in articles {
        let path = root.join(name);
        fs::write(&path, text).unwrap();
        let article = gloss::corpus::load(&path).unwrap();
        annotate::sidecar::modify(&annotate::Layout::Beside.sidecar_for(&path), |s| {
            s.triage = triage;
            if !tags.is_empty() {
                let anchor = annotate::record(&article.text, 0..5, &article.source_hash);
                s.put(annotate::Annotation::new(anchor, tags.iter().map(|t| t.to_string()).collect(), String::new()));
            }
        })
        .unwrap();
    }
    let mut read = gloss::store::read_marks(&home.join("state/gloss/read.ron"));
    read.set_read(&root.join("starred.txt"), true).unwrap();
    read.set_read(&root.join("archived.txt"), true).unwrap();
    // Read once, then marked unread again.
    read.set_read(&root.join("both.txt"), true).unwrap();
    read.set_read(&root.join("both.txt"), false).unwrap();
    corpus
}

fn listed(home: &Path, corpus: &Path, filters: &[&str]) -> Vec<String> {
    let mut args = vec!["list", "--json", corpus.to_str().unwrap()];
    args.extend_from_slice(filters);
    let out = run(home, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    items.as_array().unwrap().iter().map(|i| i["path"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn list_json_has_read_and_triage() {
    let home = tempfile::tempdir().unwrap();
    let corpus = triaged_corpus(home.path());
    let out = run(home.path(), &["list", "--json", corpus.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let get = |p: &str| items.as_array().unwrap().iter().find(|i| i["path"] == p).unwrap().clone();
    let fields = |p: &str| {
        let i = get(p);
        (i["read"].clone(), i["starred"].clone(), i["archived"].clone(), i["priority"].clone())
    };
    use serde_json::json;
    assert_eq!(fields("starred.txt"), (json!(true), json!(true), json!(false), json!(2)));
    assert_eq!(fields("archived.txt"), (json!(true), json!(false), json!(true), json!(0)));
    assert_eq!(fields("both.txt"), (json!(false), json!(true), json!(true), json!(3)));
    assert_eq!(fields("plain.txt"), (json!(false), json!(false), json!(false), json!(0)));
}

#[test]
fn list_filters_combine() {
    let home = tempfile::tempdir().unwrap();
    let corpus = triaged_corpus(home.path());
    let dir = corpus.path();
    let home = home.path();
    assert_eq!(listed(home, dir, &["--starred"]), ["both.txt", "starred.txt"]);
    assert_eq!(listed(home, dir, &["--archived"]), ["archived.txt", "both.txt"]);
    assert_eq!(listed(home, dir, &["--unread"]), ["both.txt", "plain.txt"]);
    // A tag takes its descendants, not tags that merely start the same.
    assert_eq!(listed(home, dir, &["--tag", "security"]), ["both.txt", "starred.txt"]);
    assert_eq!(listed(home, dir, &["--tag", "Security/Border"]), ["starred.txt"]);
    assert_eq!(listed(home, dir, &["--tag", "securityx"]), ["archived.txt"]);
    // All must hold.
    assert_eq!(listed(home, dir, &["--starred", "--archived"]), ["both.txt"]);
    assert_eq!(listed(home, dir, &["--starred", "--unread", "--tag", "security"]), ["both.txt"]);
    assert_eq!(listed(home, dir, &["--tag", "security", "--tag", "talks"]), ["both.txt"]);
    assert!(listed(home, dir, &["--archived", "--tag", "security/border"]).is_empty());
    assert_one_line_error(&run(home, &["list", dir.to_str().unwrap(), "--tag", " "]));
}

#[test]
fn the_plain_list_marks_starred_and_archived() {
    let home = tempfile::tempdir().unwrap();
    let corpus = triaged_corpus(home.path());
    let out = run(home.path(), &["list", corpus.path().to_str().unwrap()]);
    let text = stdout(&out);
    let line = |name: &str| text.lines().find(|l| l.contains(name)).unwrap().to_owned();
    assert!(line("starred.txt").starts_with("*  starred.txt"), "{text}");
    assert!(line("archived.txt").starts_with(" A archived.txt"), "{text}");
    assert!(line("both.txt").starts_with("*A both.txt"), "{text}");
    assert!(line("plain.txt").starts_with("   plain.txt"), "{text}");
    // The filters work on the plain list too.
    let out = run(home.path(), &["list", "--unread", "--starred", corpus.path().to_str().unwrap()]);
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn a_damaged_read_file_is_reported_once_and_left_alone() {
    let home = tempfile::tempdir().unwrap();
    let corpus = triaged_corpus(home.path());
    let read = home.path().join("state/gloss/read.ron");
    fs::write(&read, "(version: 1, articles: {").unwrap();
    let out = run(home.path(), &["list", "--json", corpus.path().to_str().unwrap()]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("read.ron"), "{err}");
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(items.as_array().unwrap().iter().all(|i| i["read"] == false));
    assert_eq!(fs::read_to_string(&read).unwrap(), "(version: 1, articles: {");
}
