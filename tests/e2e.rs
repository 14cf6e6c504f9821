//! End to end: the built binary in a real pseudo-terminal, driven by keys, read back
//! through a terminal emulator (vt100), the way a user sees it.
//!
//! Waits poll the screen until the expected text shows up (or a generous deadline
//! passes and the test fails with the screen in the message); nothing here measures
//! speed.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const DEADLINE: Duration = Duration::from_secs(30);

fn nz(n: u16) -> std::num::NonZero<u16> {
    std::num::NonZero::new(n).expect("a terminal is at least 1x1")
}

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

impl Session {
    /// Start gloss with `args` in a `cols` x `rows` terminal, with every folder it
    /// uses inside `home`.
    fn start(args: &[&str], home: &Path, cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        let pty = native_pty_system();
        let pair = pty.openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gloss"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        for (dir, var) in [("config", "XDG_CONFIG_HOME"), ("state", "XDG_STATE_HOME"), ("data", "XDG_DATA_HOME")] {
            cmd.env(var, home.join(dir));
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn gloss");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Session { parser, writer, child, master: pair.master }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Wait until the screen satisfies `ok`; fail with the screen if it never does.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > DEADLINE {
                let alt = self.parser.lock().unwrap().screen().alternate_screen();
                panic!("timed out waiting for {what} (alternate screen: {alt}); screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |s| s.contains(needle))
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn resize(&self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().screen_mut().set_size(nz(rows), nz(cols));
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread drain what was written before exit.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("gloss did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn terminal_is_restored(&self) -> bool {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        !screen.alternate_screen()
            && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
            && !screen.hide_cursor()
    }
}

#[test]
fn reads_the_sample_corpus_with_keys_and_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path(), 100, 30, &[]);
    s.wait_for("Fencing the Frontier");
    s.wait_for(" 7 ");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    assert_ne!(s.parser.lock().unwrap().screen().mouse_protocol_mode(), vt100::MouseProtocolMode::None);

    s.send("j");
    s.wait_for("2/7 For more than a decade");
    s.send("\r");
    // The drone article: its first link marker and the reader's key hints.
    s.wait_for("group[1] records");
    s.wait_for("v select");
    s.send("G");
    s.wait_for("[4] https://example.org/campaigns/civilian-harm-");
    s.send("?");
    s.wait_for("The list and the reader");
    s.send("\x1b");
    s.wait_until("the help to close", |screen| !screen.contains("The list and the reader"));
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(s.terminal_is_restored(), "terminal left in gloss's modes");

    // The sample was installed where the platform keeps data, and the position in
    // the article that was opened was remembered.
    assert!(home.path().join("data/gloss/sample/drone-strikes.txt").is_file());
    let positions = std::fs::read_to_string(home.path().join("state/gloss/positions.ron")).unwrap();
    assert!(positions.contains("drone-strikes.txt"), "{positions}");
}

#[test]
fn reading_position_survives_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path(), 100, 30, &[]);
    s.wait_for("Fencing the Frontier");
    s.send("\r");
    s.wait_for("v select");
    s.send("40j");
    let scrolled = s.wait_until("the reader to scroll", |screen| !screen.contains("By Harris Malik"));
    let top_line = scrolled.lines().nth(1).unwrap()[48..].trim().to_owned();
    s.send("q");
    assert!(s.wait_exit().success());

    let mut again = Session::start(&[], home.path(), 100, 30, &[]);
    let screen = again.wait_for(&top_line);
    assert!(!screen.contains("By Harris Malik"), "{screen}");
    // Read articles lose their unread marker.
    assert!(screen.lines().nth(1).unwrap().starts_with("   Fencing"), "{screen}");
    again.send("q");
    assert!(again.wait_exit().success());
}

#[test]
fn narrow_and_one_by_one_terminals_keep_working() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path(), 40, 12, &[]);
    s.wait_for("1/7");
    s.send("\r");
    s.wait_for("410 words");
    s.resize(1, 1);
    std::thread::sleep(Duration::from_millis(300));
    s.send("jjjjG");
    s.resize(40, 12);
    // Drawn again whole at the old size, with the keys typed at 1x1 applied: the
    // reader went to the end of the article.
    s.wait_until("a full redraw", |screen| {
        screen.contains("%") && screen.contains("1/7") && screen.contains("100%") && !screen.contains("410 words")
    });
    s.send("h");
    s.wait_for("Articles");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(s.terminal_is_restored());
}

#[test]
fn mouse_capture_can_be_off_from_the_start_and_toggled() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&["--no-mouse"], home.path(), 100, 30, &[]);
    s.wait_for("Fencing the Frontier");
    assert_eq!(s.parser.lock().unwrap().screen().mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    s.send("M");
    s.wait_for("mouse capture on");
    assert_ne!(s.parser.lock().unwrap().screen().mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(s.terminal_is_restored());
}

#[cfg(debug_assertions)]
#[test]
fn a_panic_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path(), 100, 30, &[("GLOSS_DEBUG_PANIC", "1")]);
    let status = s.wait_exit();
    assert!(!status.success());
    assert!(s.terminal_is_restored(), "terminal left in gloss's modes after a panic");
    assert!(s.screen().contains("GLOSS_DEBUG_PANIC"), "{}", s.screen());
}

#[test]
fn opens_the_shared_corpus() {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[corpus.to_str().unwrap()], home.path(), 120, 32, &[]);
    s.wait_for("Combating Terrorism");
    s.wait_for(" 5 ");
    s.send("jjj\r");
    s.wait_for("Pakistan[1]");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn tag_a_passage_and_find_it_in_the_sidecar_and_the_export() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path(), 110, 30, &[]);
    s.wait_for("1/7");
    s.send("\r");
    s.wait_for("410 words");
    s.send("v");
    s.wait_for("SELECT 1 sentence");
    s.send("j");
    s.wait_for("SELECT 2 sentences");
    s.send("t");
    s.wait_for("Tags, separated by commas");
    s.send("Border Security, ttp");
    s.wait_for("Border Security, ttp");
    s.send("\r");
    s.wait_for("↳ border-security · ttp");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(s.terminal_is_restored());

    let sidecar = home.path().join("data/gloss/sample/border-fencing.txt.gloss.ron");
    let saved = std::fs::read_to_string(&sidecar).unwrap();
    assert!(saved.contains(r#"tags: ["border-security", "ttp"]"#), "{saved}");
    assert!(saved.contains("quote: \"For most of the past decade"), "{saved}");

    let export = common::gloss_in(home.path(), &["export"]);
    let all: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let a = &all.as_array().unwrap()[0];
    assert_eq!(a["target"]["source"], "border-fencing.txt");
    assert_eq!(a["body"][0]["value"], "border-security");
    assert_eq!(a["gloss:state"], "exact");
}

#[test]
fn star_an_article_quit_and_find_it_starred_in_the_list() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path(), 110, 30, &[]);
    s.wait_for("1/7");
    s.send("j");
    s.wait_for("2/7");
    s.send("s");
    s.wait_for("starred: “For more than a decade");
    s.send("3");
    s.wait_for("priority 3");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(s.terminal_is_restored());

    let list = common::gloss_in(home.path(), &["list", "--json"]);
    let all: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let starred: Vec<&serde_json::Value> = all.as_array().unwrap().iter().filter(|a| a["starred"] == true).collect();
    assert_eq!(starred.len(), 1, "{all}");
    assert_eq!(starred[0]["path"], "drone-strikes.txt");
    assert_eq!(starred[0]["priority"], 3);
    assert_eq!(starred[0]["archived"], false);
    // And the filter on the command line finds it.
    let only = common::gloss_in(home.path(), &["list", "--starred"]);
    let text = String::from_utf8(only.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("drone-strikes.txt"), "{text}");
}

#[test]
fn search_the_article_and_see_the_match_highlighted() {
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], home.path(), 110, 30, &[]);
    s.wait_for("1/7");
    s.send("\r");
    s.wait_for("410 words");
    s.send("/razor wire");
    s.wait_for("1/1");
    s.send("\r");
    s.wait_for("match 1 of 1");
    let parser = s.parser.lock().unwrap();
    let screen = parser.screen();
    let contents = screen.contents();
    let (row, line) = contents.lines().enumerate().find(|(_, l)| l.contains("razor")).expect("the match on screen");
    let col = line[..line.find("razor").unwrap()].chars().count() as u16;
    let cell = screen.cell(row as u16, col).expect("a cell");
    assert_ne!(cell.bgcolor(), vt100::Color::Default, "the match has a background: {contents}");
    drop(parser);
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_renamed_article_gets_its_annotations_back_with_one_key() {
    let home = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    let old = corpus.path().join("talks.txt");
    std::fs::write(&old, "Talks\n\nThe delegations met on Tuesday. Neither side spoke to the press afterwards.\n")
        .unwrap();
    let old_arg = old.to_str().unwrap();
    let tagged = common::gloss_in(home.path(), &["tag", old_arg, "--quote", "Neither side spoke", "--tag", "talks"]);
    assert!(tagged.status.success(), "{}", String::from_utf8_lossy(&tagged.stderr));
    let renamed = corpus.path().join("archive/talks-2024.md");
    std::fs::create_dir_all(renamed.parent().unwrap()).unwrap();
    std::fs::rename(&old, &renamed).unwrap();

    let mut s = Session::start(&[corpus.path().to_str().unwrap()], home.path(), 100, 24, &[]);
    let screen = s.wait_for("Move them there?");
    assert!(screen.contains("talks.txt") && screen.contains("talks-2024.md"), "{screen}");
    s.send("y");
    s.wait_for("moved the annotations");
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(renamed.with_file_name("talks-2024.md.gloss.ron").exists());
    assert!(!corpus.path().join("talks.txt.gloss.ron").exists());
    let check = common::gloss_in(home.path(), &["check", corpus.path().to_str().unwrap()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn a_broken_config_is_reported_in_the_status_bar_and_the_defaults_used() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config/gloss/config.ron");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "(\n    reading_width: 72,\n    keys: {\"normal\": {Qiut: [\"x\"]}},\n)\n").unwrap();
    let mut s = Session::start(&[], home.path(), 160, 30, &[]);
    let screen = s.wait_for("using the default settings: ");
    assert!(screen.contains("config.ron:3:") && screen.contains("Qiut"), "{screen}");
    // The default keys work: q quits.
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(s.terminal_is_restored());
}

#[test]
fn themes_start_as_asked_switch_with_a_key_and_no_color_drops_every_colour() {
    let home = tempfile::tempdir().unwrap();
    let themes = home.path().join("config/gloss/themes");
    std::fs::create_dir_all(&themes).unwrap();
    let broken = "(\n    inherits: \"light\",\n    heading: (fg: \"red\", bold: nope),\n)\n";
    std::fs::write(themes.join("mine.ron"), broken).unwrap();
    // A theme file that does not parse is named in the status bar; the default is used.
    let mut s = Session::start(&["--theme", "mine"], home.path(), 160, 30, &[]);
    let screen = s.wait_for("theme not loaded: ");
    assert!(screen.contains("mine.ron:3:"), "{screen}");
    s.send("q");
    assert!(s.wait_exit().success());
    std::fs::remove_file(themes.join("mine.ron")).unwrap();

    // An unknown name is said, and T goes on from the default.
    let mut s = Session::start(&["--theme", "nope"], home.path(), 160, 30, &[]);
    s.wait_for("there is no theme “nope”");
    s.send("T");
    s.wait_for("theme: dark");
    s.send("q");
    assert!(s.wait_exit().success());

    // NO_COLOR: not a colour on screen, and the selected row is still marked.
    let mut s = Session::start(&["--theme", "dark"], home.path(), 100, 30, &[("NO_COLOR", "1")]);
    s.wait_for("Fencing the Frontier");
    s.send("j");
    s.wait_for("2/7");
    {
        let parser = s.parser.lock().unwrap();
        let screen = parser.screen();
        let (rows, cols) = screen.size();
        for row in 0..rows.get() {
            for col in 0..cols.get() {
                let cell = screen.cell(row, col).unwrap();
                assert_eq!(cell.fgcolor(), vt100::Color::Default, "{row}:{col}");
                assert_eq!(cell.bgcolor(), vt100::Color::Default, "{row}:{col}");
            }
        }
        let selected = screen.cell(2, 5).unwrap();
        assert!(selected.inverse() || selected.bold(), "the selected row is marked");
        assert!(!screen.cell(3, 5).unwrap().inverse(), "the next row is not");
    }
    s.send("q");
    assert!(s.wait_exit().success());
}
