//! `gloss search`, run as a user runs it: what it prints, in what order, and how it
//! exits.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn gloss(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// A small corpus, written fresh for these tests.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path();
    fs::create_dir(c.join("harbour")).unwrap();
    fs::write(
        c.join("lighthouse.txt"),
        "Keeping the Light\n\nThe keeper climbed the tower at dusk. Ships passed the reef in \
         safety.\n\nIn winter the lamp burned oil. Later keepers used electricity, and the \
         lamp never failed.",
    )
    .unwrap();
    fs::write(
        c.join("harbour/tides.md"),
        "# Tides and Timetables\n\nThe ferry leaves at high tide. A lamp on the pier warns late \
         boats.\n\n- Check the tide table.\n- Light the lamp at dusk.",
    )
    .unwrap();
    fs::write(
        c.join("harbour/market.html"),
        "<html><head><title>Fish Market</title></head><body><article><h1>Fish Market</h1>\
         <p>Stalls open before dawn. Buyers follow <a href=\"https://example.net/prices\">the \
         price list</a> closely.</p><p>By noon the market is empty.</p></article></body></html>",
    )
    .unwrap();
    dir
}

fn search(home: &Path, corpus: &Path, args: &[&str]) -> Output {
    let mut all = vec!["search", corpus.to_str().unwrap()];
    all.extend_from_slice(args);
    gloss(home, &all)
}

#[test]
fn matches_are_printed_in_path_order_one_line_per_sentence() {
    let home = tempfile::tempdir().unwrap();
    let c = corpus();
    let out = search(home.path(), c.path(), &["lamp"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "harbour/tides.md:1: A lamp on the pier warns late boats.\n\
         harbour/tides.md:5: Light the lamp at dusk.\n\
         lighthouse.txt:3: In winter the lamp burned oil.\n\
         lighthouse.txt:3: Later keepers used electricity, and the lamp never failed.\n"
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    assert!(!out.stdout.contains(&0x1b), "no escape sequences in a pipe");
}

#[test]
fn a_sentence_with_two_matches_is_printed_once() {
    let home = tempfile::tempdir().unwrap();
    let c = corpus();
    let out = search(home.path(), c.path(), &["the (keeper|tower)"]);
    assert_eq!(stdout(&out), "lighthouse.txt:1: The keeper climbed the tower at dusk.\n");
    // In JSON each match is its own object.
    let out = search(home.path(), c.path(), &["--json", "the (keeper|tower)"]);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 2);
}

#[test]
fn json_has_the_documented_fields_in_characters() {
    let home = tempfile::tempdir().unwrap();
    let c = corpus();
    fs::write(c.path().join("café.txt"), "Un café au port\n\nLe phare s’allume. Les bateaux rentrent au phare.")
        .unwrap();
    let out = search(home.path(), c.path(), &["--json", "phare"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        let keys: Vec<&str> = item.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["path", "title", "line", "start", "end", "sentence"]);
        assert_eq!(item["path"], "café.txt");
        assert_eq!(item["title"], "Un café au port");
        assert_eq!(item["line"], 1);
    }
    // Offsets count characters of the reading text, as `gloss show` prints it.
    let file = c.path().join("café.txt");
    let shown = stdout(&gloss(home.path(), &["show", file.to_str().unwrap()]));
    let chars: Vec<char> = shown.chars().collect();
    for item in items {
        let (start, end) = (item["start"].as_u64().unwrap() as usize, item["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[start..end].iter().collect::<String>(), "phare");
    }
    assert_eq!(items[0]["start"], 3);
    assert_eq!(items[1]["start"], "Le phare s’allume. Les bateaux rentrent au ".chars().count());
    assert_eq!(items[1]["sentence"], "Les bateaux rentrent au phare.");
}

#[test]
fn exit_codes_are_those_of_grep() {
    let home = tempfile::tempdir().unwrap();
    let c = corpus();
    assert_eq!(search(home.path(), c.path(), &["dusk"]).status.code(), Some(0));
    let none = search(home.path(), c.path(), &["submarine"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty() && none.stderr.is_empty());
    let none = search(home.path(), c.path(), &["--json", "submarine"]);
    assert_eq!((none.status.code(), stdout(&none).trim()), (Some(1), "[]"));
    for args in [&["search", "/no/such/folder", "lamp"][..], &["search", "/no/such/folder", r"\w{9000}"], &["search"]] {
        let out = gloss(home.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.starts_with("gloss: ") && err.lines().count() == 1, "{err}");
    }
    let out = search(home.path(), c.path(), &[r"(?:\w+\s){900}"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("too large"), "{}", stderr(&out));
}

#[test]
fn markup_is_never_searched() {
    let home = tempfile::tempdir().unwrap();
    let c = corpus();
    let out = search(home.path(), c.path(), &["href"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(search(home.path(), c.path(), &["example.net"]).status.code(), Some(1));
    let out = search(home.path(), c.path(), &["price list"]);
    assert_eq!(stdout(&out), "harbour/market.html:1: Buyers follow the price list[1] closely.\n");
}

#[test]
fn smart_case_and_its_overrides() {
    let home = tempfile::tempdir().unwrap();
    let c = corpus();
    let lines = |args: &[&str]| stdout(&search(home.path(), c.path(), args)).lines().count();
    assert_eq!(lines(&["the keeper"]), 1);
    assert_eq!(lines(&["The keeper"]), 1);
    assert_eq!(lines(&["THE KEEPER"]), 0);
    assert_eq!(lines(&["-i", "THE KEEPER"]), 1);
    assert_eq!(lines(&["-s", "the keeper"]), 0);
    // The last of -i and -s wins.
    assert_eq!(lines(&["-s", "-i", "the keeper"]), 1);
    assert_eq!(lines(&["-i", "-s", "the keeper"]), 0);
}

#[test]
fn fixed_strings_and_invalid_regexes_are_literal() {
    let home = tempfile::tempdir().unwrap();
    let c = corpus();
    fs::write(c.path().join("notes.txt"), "Notes\n\nThe toll (paid at the gate) was small. Fees rose.").unwrap();
    let out = search(home.path(), c.path(), &["(paid"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "notes.txt:1: The toll (paid at the gate) was small.\n");
    assert_eq!(stderr(&out), "gloss: searching literally: unclosed group\n");
    // A regex…
    assert_eq!(stdout(&search(home.path(), c.path(), &["f..s"])), "notes.txt:1: Fees rose.\n");
    // …unless told otherwise.
    assert_eq!(search(home.path(), c.path(), &["-F", "f..s"]).status.code(), Some(1));
    let out = search(home.path(), c.path(), &["-F", "(paid"]);
    assert!(out.status.success() && out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn hostile_names_and_files_are_printed_safely() {
    let home = tempfile::tempdir().unwrap();
    let c = corpus();
    fs::write(c.path().join("evil\x1b[31mname.txt"), "Evil\n\nA lantern \x1b]0;owned\x07glows here.").unwrap();
    fs::write(c.path().join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0lantern").unwrap();
    let out = search(home.path(), c.path(), &["lantern"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b), "a raw escape reached the output");
    assert_eq!(stdout(&out), "evilname.txt:1: A lantern glows here.\n");
    assert!(stderr(&out).contains("binary.txt: binary file, skipped"), "{}", stderr(&out));
    // JSON carries the real name, escaped by JSON.
    let out = search(home.path(), c.path(), &["--json", "lantern"]);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items[0]["path"], "evil\u{1b}[31mname.txt");
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn a_single_article_can_be_searched() {
    let home = tempfile::tempdir().unwrap();
    let c = corpus();
    let file = c.path().join("lighthouse.txt");
    let out = gloss(home.path(), &["search", file.to_str().unwrap(), "reef"]);
    assert_eq!(stdout(&out), "lighthouse.txt:1: Ships passed the reef in safety.\n");
}

#[test]
fn without_a_folder_the_sample_is_searched() {
    let home = tempfile::tempdir().unwrap();
    let out = gloss(home.path(), &["search", "Abbottabad"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("intelligence-sharing.html:"), "{}", stdout(&out));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let home = tempfile::tempdir().unwrap();
    let c = tempfile::tempdir().unwrap();
    for i in 0..300 {
        fs::write(c.path().join(format!("a{i:03}.txt")), format!("Title\n\n{}", "A buoy. Another buoy. ".repeat(20)))
            .unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .args(["search", c.path().to_str().unwrap(), "buoy"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    assert_eq!(&first, b"a000.txt:1: A bu");
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    // Something matched, and was seen.
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}

/// What gloss prints to a terminal: run in a pseudo-terminal, read to the end.
#[cfg(unix)]
fn in_terminal(home: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let pair = native_pty_system().openpty(PtySize { rows: 24, cols: 200, pixel_width: 0, pixel_height: 0 }).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gloss"));
    cmd.args(args);
    cmd.env("HOME", home);
    for (dir, var) in [("config", "XDG_CONFIG_HOME"), ("state", "XDG_STATE_HOME"), ("data", "XDG_DATA_HOME")] {
        cmd.env(var, home.join(dir));
    }
    cmd.env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    // Reading ends (with an error) once the program has exited and all it wrote is read.
    let read = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
        }
        all
    });
    assert!(child.wait().unwrap().success());
    let out = read.join().unwrap();
    drop(pair.master);
    String::from_utf8(out).unwrap()
}

#[cfg(unix)]
#[test]
fn a_terminal_sees_the_matches_highlighted() {
    let home = tempfile::tempdir().unwrap();
    let c = corpus();
    let args = ["search", c.path().to_str().unwrap(), "lamp"];
    let shown = in_terminal(home.path(), &args, &[]);
    assert!(shown.contains("\x1b[1;31mlamp\x1b[0m"), "{shown:?}");
    assert!(shown.contains("lighthouse.txt"), "{shown:?}");
    let plain = in_terminal(home.path(), &args, &[("NO_COLOR", "1")]);
    assert!(!plain.contains('\x1b'), "{plain:?}");
    assert!(plain.contains("lighthouse.txt:3: In winter the lamp burned oil."), "{plain:?}");
}
