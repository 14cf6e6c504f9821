//! Annotating through `update`, with the effects carried out synchronously on real
//! files: select, tag, note, edit, delete, undo and redo, repeat, navigate, confirm
//! a moved passage, attach an orphan.

mod common;

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gloss::annotate::history::History;
use gloss::annotate::{self, AnchorState, Layout, sidecar};
use gloss::app::keymap::{Keymap, Mode};
use gloss::app::{Action, Effect, Focus, Settings, State, update};
use gloss::corpus;

const ARTICLE: &str = "Border Talks Resume in Islamabad\n\n\
Officials from both countries met on Tuesday. They reviewed the fence along the frontier. \
Patrols will double before winter. Smugglers still cut the wire at night.\n\n\
A second paragraph follows here. It talks about training for police officers. \
The courses cover evidence and courtroom testimony.\n\n\
A third paragraph closes the story. Both sides will meet again in the spring.";

/// A reader on a one-article corpus, whose effects run at once.
struct Session {
    dir: tempfile::TempDir,
    state: State,
    history: History,
}

impl Session {
    fn new() -> Session {
        Session::with(ARTICLE)
    }

    fn with(text: &str) -> Session {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("talks.txt"), text).unwrap();
        let mut s = Session {
            state: State::new(dir.path(), Keymap::default(), Settings::default()),
            dir,
            history: History::in_memory(),
        };
        let fx = update(&mut s.state, Action::Resize(100, 30));
        s.run(fx);
        for entry in corpus::scan(s.dir.path()) {
            let mut entry = entry.unwrap();
            annotate::resolved::summarize(&mut entry, &Layout::Beside);
            let fx = update(&mut s.state, Action::Found(vec![entry]));
            s.run(fx);
        }
        let fx = update(&mut s.state, Action::ScanDone);
        s.run(fx);
        s.keys("<enter>");
        s
    }

    fn article(&self) -> PathBuf {
        self.dir.path().join("talks.txt")
    }

    fn sidecar(&self) -> PathBuf {
        Layout::Beside.sidecar_for(&self.article())
    }

    /// Carry out effects the way the runtime does, feeding answers back.
    fn run(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            let more = match effect {
                Effect::Load(path) => {
                    let opened = gloss::run::open_article(&path, &Layout::Beside).map(Box::new);
                    update(&mut self.state, Action::Loaded(path, opened))
                }
                Effect::Annotate { article, edit } => {
                    let sidecar = Layout::Beside.sidecar_for(&article);
                    let (outcome, message) = annotate::edit::apply(&mut self.history, &sidecar, edit);
                    update(&mut self.state, Action::Annotated { article, sidecar, outcome, message })
                }
                _ => Vec::new(),
            };
            self.run(more);
        }
    }

    /// Type keys: characters, or `<enter>`, `<esc>`, `<tab>`, `<ctrl-s>`, `<ctrl-r>`.
    fn keys(&mut self, keys: &str) {
        let mut rest = keys;
        while !rest.is_empty() {
            let (key, len) = match rest.strip_prefix('<').and_then(|r| r.find('>')) {
                Some(end) => {
                    let key = match &rest[1..=end] {
                        "enter" => KeyEvent::from(KeyCode::Enter),
                        "esc" => KeyEvent::from(KeyCode::Esc),
                        "tab" => KeyEvent::from(KeyCode::Tab),
                        "down" => KeyEvent::from(KeyCode::Down),
                        "ctrl-s" => KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
                        "ctrl-r" => KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL),
                        other => panic!("unknown key {other}"),
                    };
                    (key, end + 2)
                }
                None => {
                    let c = rest.chars().next().unwrap();
                    (KeyEvent::from(KeyCode::Char(c)), c.len_utf8())
                }
            };
            let fx = update(&mut self.state, Action::Key(key));
            self.run(fx);
            rest = &rest[len..];
        }
    }

    /// Read the article again from disk, as when it is opened anew.
    fn reopen(&mut self) {
        let path = self.article();
        self.state.library.loading = Some((path.clone(), true));
        let fx = vec![Effect::Load(path)];
        self.run(fx);
    }

    fn selected_text(&self) -> String {
        let r = self.state.library.reader.as_ref().unwrap();
        r.article.text[self.state.selection().unwrap().range()].to_owned()
    }

    fn on_disk(&self) -> Vec<annotate::Annotation> {
        sidecar::load(&self.sidecar()).sidecar().map(|s| s.annotations.clone()).unwrap_or_default()
    }

    fn items(&self) -> &[annotate::Resolved] {
        &self.state.library.reader.as_ref().unwrap().annotations.items
    }
}

#[test]
fn select_extend_and_tag_a_passage() {
    let mut s = Session::new();
    assert_eq!(s.state.library.focus, Focus::Reader);
    s.keys("v");
    assert_eq!(s.state.mode(), Mode::Select);
    assert_eq!(s.selected_text(), "Officials from both countries met on Tuesday.");
    s.keys("2j");
    assert_eq!(
        s.selected_text(),
        "Officials from both countries met on Tuesday. They reviewed the fence along the frontier. Patrols will double before winter."
    );
    s.keys("k");
    assert!(s.selected_text().ends_with("along the frontier."));
    s.keys("t");
    assert_eq!(s.state.mode(), Mode::Prompt);
    s.keys("Border Security, ttp<enter>");
    assert_eq!(s.state.mode(), Mode::Reader);
    let saved = s.on_disk();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].tags, ["border-security", "ttp"]);
    assert_eq!(
        saved[0].anchor.quote,
        "Officials from both countries met on Tuesday. They reviewed the fence along the frontier."
    );
    assert_eq!(s.items()[0].state, AnchorState::Exact);
    assert_eq!(s.state.library.tag_counts.get("ttp"), Some(&1));
    assert_eq!(s.state.library.entries[0].annotations, 1);
}

#[test]
fn words_paragraphs_and_swapping() {
    let mut s = Session::new();
    s.keys("vb");
    assert_eq!(s.selected_text(), "Officials from both countries met on Tuesday", "the full stop goes first");
    s.keys("2b");
    assert_eq!(s.selected_text(), "Officials from both countries met");
    s.keys("ow");
    assert_eq!(s.selected_text(), "from both countries met");
    s.keys("p");
    assert!(s.selected_text().starts_with("Officials") && s.selected_text().ends_with("at night."));
    s.keys("<esc>");
    assert_eq!(s.state.mode(), Mode::Reader);
    assert!(s.on_disk().is_empty(), "cancelling writes nothing");
}

#[test]
fn completion_offers_tags_already_used() {
    let mut s = Session::new();
    s.keys("vt");
    s.keys("drone-strikes<enter>");
    s.keys("vjjt");
    s.keys("dro");
    let offered: Vec<String> = s.state.completions().iter().map(|(t, _)| t.clone()).collect();
    assert_eq!(offered, ["drone-strikes"]);
    s.keys("<tab>");
    assert_eq!(s.state.prompt().unwrap().text(), "drone-strikes, ");
    s.keys("security/border<enter>");
    let tags: Vec<Vec<String>> = s.on_disk().iter().map(|a| a.tags.clone()).collect();
    assert!(tags.contains(&vec!["drone-strikes".to_owned(), "security/border".to_owned()]), "{tags:?}");
}

#[test]
fn repeat_last_tagging_on_a_new_selection() {
    let mut s = Session::new();
    s.keys("vt");
    s.keys("patrols<enter>");
    s.keys("]a");
    s.keys("v");
    s.keys("jj.");
    let on_disk = s.on_disk();
    assert_eq!(on_disk.len(), 2);
    assert!(on_disk.iter().all(|a| a.tags == ["patrols"]));
}

#[test]
fn notes_edits_deletes_and_undo_redo() {
    let mut s = Session::new();
    s.keys("vt");
    s.keys("fence<enter>");
    // A multi-line note on the annotation here.
    s.keys("c");
    assert_eq!(s.state.mode(), Mode::Note);
    s.keys("First line.<enter>Second line.<ctrl-s>");
    assert_eq!(s.on_disk()[0].note, "First line.\nSecond line.");
    // New tags.
    s.keys("e");
    assert_eq!(s.state.prompt().unwrap().text(), "fence");
    s.keys(", frontier<enter>");
    assert_eq!(s.on_disk()[0].tags, ["fence", "frontier"]);
    // Delete, then undo, redo and undo again.
    s.keys("d");
    assert!(s.on_disk().is_empty());
    s.keys("u");
    assert_eq!(s.on_disk()[0].tags, ["fence", "frontier"]);
    s.keys("u");
    assert_eq!(s.on_disk()[0].tags, ["fence"]);
    s.keys("<ctrl-r>");
    assert_eq!(s.on_disk()[0].tags, ["fence", "frontier"]);
    assert_eq!(s.items().len(), 1);
    assert!(common::message(&s.state).as_str().starts_with("redid"));
}

#[test]
fn next_and_previous_annotation() {
    let mut s = Session::new();
    s.keys("vt");
    s.keys("one<enter>");
    s.keys("vpjjjt");
    s.keys("two<enter>");
    let ids: Vec<String> = s.items().iter().map(|r| r.annotation.id.clone()).collect();
    assert_eq!(ids.len(), 2);
    s.keys("g");
    s.state.library.reader.as_mut().unwrap().focus = None;
    s.keys("]a");
    assert_eq!(s.state.library.reader.as_ref().unwrap().focus.as_ref(), Some(&ids[0]));
    s.keys("]a");
    assert_eq!(s.state.library.reader.as_ref().unwrap().focus.as_ref(), Some(&ids[1]));
    s.keys("]a");
    assert!(common::message(&s.state).as_str().contains("last annotation"));
    s.keys("[a");
    assert_eq!(s.state.library.reader.as_ref().unwrap().focus.as_ref(), Some(&ids[0]));
}

#[test]
fn a_changed_article_is_re_anchored_and_confirmed() {
    let mut s = Session::new();
    s.keys("vjt");
    s.keys("fence<enter>");
    // The article is edited elsewhere: a word inside the passage changes.
    std::fs::write(s.article(), ARTICLE.replace("reviewed the fence", "inspected the fence")).unwrap();
    s.reopen();
    assert_eq!(s.items()[0].state, AnchorState::Fuzzy);
    assert_eq!(s.on_disk()[0].anchor.state, AnchorState::Fuzzy, "the state is recorded");
    s.keys("]a");
    s.keys("y");
    let saved = &s.on_disk()[0];
    assert!(saved.anchor.quote.contains("inspected the fence"));
    assert_eq!(saved.anchor.state, AnchorState::Exact);
}

#[test]
fn an_orphan_is_listed_and_reattached() {
    let mut s = Session::new();
    s.keys("vjjjt");
    s.keys("wire<enter>");
    let removed = "Patrols will double before winter. Smugglers still cut the wire at night.";
    std::fs::write(s.article(), ARTICLE.replace(removed, "")).unwrap();
    s.reopen();
    assert_eq!(s.items()[0].state, AnchorState::Orphan);
    let page = &s.state.library.reader.as_ref().unwrap().page;
    assert!(page.lines().any(|l| matches!(l.kind, gloss::app::page::LineKind::OrphansHeading)));
    // Select new text and attach the orphan to it.
    s.keys("g");
    s.keys("vA");
    let saved = &s.on_disk()[0];
    assert_eq!(saved.tags, ["wire"]);
    assert_eq!(saved.anchor.quote, "Officials from both countries met on Tuesday.");
    assert_eq!(s.items()[0].state, AnchorState::Exact);
}

#[test]
fn read_only_sidecars_refuse_changes_and_say_why() {
    let mut s = Session::new();
    std::fs::write(s.sidecar(), "(version: 1, annotations: [").unwrap();
    s.reopen();
    s.keys("vt");
    assert_eq!(s.state.mode(), Mode::Select, "no prompt opens");
    assert!(common::message(&s.state).as_str().contains("read-only"));
    assert!(common::message(&s.state).as_str().contains("talks.txt.gloss.ron:1:"));
    assert_eq!(std::fs::read_to_string(s.sidecar()).unwrap(), "(version: 1, annotations: [");
}

#[test]
fn mouse_drag_selects_text() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut s = Session::new();
    let reader = s.state.library.reader.as_ref().unwrap();
    let line = reader.page.line_showing(0).unwrap();
    let pane = s.state.panes().reader.unwrap();
    let column = gloss::app::geometry::text_column(pane, reader.page.width);
    let row = column.y + (line - reader.top) as u16;
    let mouse = |kind, x| Action::Mouse(MouseEvent { kind, column: x, row, modifiers: KeyModifiers::NONE });
    for action in [
        mouse(MouseEventKind::Down(MouseButton::Left), column.x),
        mouse(MouseEventKind::Drag(MouseButton::Left), column.x + 9),
        mouse(MouseEventKind::Up(MouseButton::Left), column.x + 9),
    ] {
        let fx = update(&mut s.state, action);
        s.run(fx);
    }
    assert_eq!(s.state.mode(), Mode::Select);
    assert_eq!(s.selected_text(), "Officials");
}

#[test]
fn sidecar_paths_follow_the_article() {
    let s = Session::new();
    assert_eq!(s.sidecar(), s.dir.path().join("talks.txt.gloss.ron"));
    assert!(Path::new(&s.sidecar()).parent().unwrap().exists());
}

fn render(state: &State) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let (w, h) = state.size;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| gloss::ui::draw(f, state, &gloss::ui::Theme::default())).unwrap();
    terminal
}

#[test]
fn tagged_passages_on_screen() {
    let mut s = Session::new();
    s.keys("vjt");
    s.keys("border-security, ttp<enter>");
    s.keys("c");
    s.keys("Check the fence length.<ctrl-s>");
    // A second, overlapping annotation.
    s.keys("vjjt");
    s.keys("drone-strikes<enter>");
    let terminal = render(&s.state);
    insta::assert_snapshot!(terminal.backend());

    // Colours: each passage in its first tag's colour, underlined; bold where two
    // overlap; a margin mark on the passage's lines.
    let theme = gloss::ui::Theme::default();
    let buf = terminal.backend().buffer();
    let text: Vec<String> =
        (0..buf.area.height).map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect::<String>()).collect();
    let (row, line) = text.iter().enumerate().find(|(_, l)| l.contains("Officials from")).unwrap();
    let x = line[..line.find("Officials").unwrap()].chars().count() as u16;
    let cell = &buf[(x, row as u16)];
    assert!(cell.modifier.contains(ratatui::style::Modifier::UNDERLINED));
    let (row2, line2) = text.iter().enumerate().find(|(_, l)| l.contains("Tuesday. They")).unwrap();
    let x2 = line2[..line2.find("They").unwrap()].chars().count() as u16;
    let overlap = &buf[(x2, row2 as u16)];
    assert!(overlap.modifier.contains(ratatui::style::Modifier::BOLD), "overlap is bold");
    let margin = &buf[(x - 2, row as u16)];
    assert!(["▌", "▶"].contains(&margin.symbol()), "margin mark, got {:?}", margin.symbol());
    let tags_row = text.iter().position(|l| l.contains("↳ border-security · ttp")).unwrap();
    let tags_line = &text[tags_row];
    let tx = tags_line[..tags_line.find("border-security").unwrap()].chars().count() as u16;
    assert_eq!(buf[(tx, tags_row as u16)].fg, theme.tag_colour("border-security"));
    assert!(text.iter().any(|l| l.contains("│ Check the fence length.")));
}

#[test]
fn the_prompt_on_screen() {
    let mut s = Session::new();
    s.keys("vt");
    s.keys("fence<enter>");
    s.keys("vjt");
    s.keys("f");
    insta::assert_snapshot!(render(&s.state).backend());
}

#[test]
fn a_prompt_never_outlives_its_article() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new();
    s.keys("vt");
    assert_eq!(s.state.mode(), Mode::Prompt);
    // A click in the list while typing does nothing.
    let click = Action::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 3,
        row: 1,
        modifiers: KeyModifiers::NONE,
    });
    let fx = update(&mut s.state, click);
    assert!(fx.is_empty());
    assert_eq!(s.state.mode(), Mode::Prompt);
    // Another article arriving in the reader closes the prompt: its range belonged
    // to the old text.
    let other = dir.path().join("short.txt");
    std::fs::write(&other, "Short.").unwrap();
    s.state.library.loading = Some((other.clone(), false));
    let opened = gloss::run::open_article(&other, &Layout::Beside).map(Box::new);
    let fx = update(&mut s.state, Action::Loaded(other, opened));
    s.run(fx);
    assert!(s.state.prompt().is_none());
    s.keys("x<enter>");
    assert!(s.on_disk().is_empty());
}

#[test]
fn a_changed_note_is_not_thrown_away_by_one_key() {
    let mut s = Session::new();
    s.keys("vc");
    s.keys("Half a thought");
    s.keys("<esc>");
    assert_eq!(s.state.mode(), Mode::Note, "the first Esc only warns");
    assert!(common::message(&s.state).as_str().contains("not saved"));
    s.keys("<esc>");
    assert!(s.state.prompt().is_none());
    // An untouched editor closes at once.
    s.keys("vc<esc>");
    assert!(s.state.prompt().is_none());
}

#[test]
fn v_takes_a_sentence_that_starts_on_screen() {
    let long: String = (0..40)
        .map(|i| format!("Sentence {i} runs on for a good while so that it has to wrap over more than one line. "))
        .collect();
    let mut s = Session::with(&long);
    // Scroll so the top line is in the middle of a sentence.
    s.keys("5j");
    let reader = s.state.library.reader.as_ref().unwrap();
    let top_text = (reader.top..reader.page.len())
        .filter_map(|i| reader.page.line(i))
        .find(|l| l.source == gloss::app::page::Source::Text)
        .unwrap();
    let top_offset = top_text.range.start;
    s.keys("v");
    let sel = s.state.selection().cloned().unwrap();
    assert!(sel.start >= top_offset, "selection starts at {} above the screen ({})", sel.start, top_offset);
    assert!(s.selected_text().starts_with("Sentence"));
}

#[test]
fn next_annotation_goes_on_from_what_is_shown() {
    let long: String = (0..80).map(|i| format!("Paragraph {i} has one sentence of its own.\n\n")).collect();
    let mut s = Session::with(&long);
    for _ in 0..3 {
        s.keys("vt");
        s.keys("x<enter>");
        s.keys("40j");
    }
    let ids: Vec<String> = s.items().iter().map(|r| r.annotation.id.clone()).collect();
    assert_eq!(ids.len(), 3);
    s.keys("g]a");
    assert_eq!(s.state.library.reader.as_ref().unwrap().focus.as_ref(), Some(&ids[0]), "{:?}", s.state.message);
    s.keys("]a]a");
    assert_eq!(s.state.library.reader.as_ref().unwrap().focus.as_ref(), Some(&ids[2]));
    s.keys("g]a");
    assert_eq!(s.state.library.reader.as_ref().unwrap().focus.as_ref(), Some(&ids[0]), "not stuck at the last one");
}

#[test]
fn long_tag_lists_wrap_onto_more_lines() {
    let mut s = Session::new();
    s.keys("vt");
    let tags: Vec<String> = (0..6).map(|i| format!("{}-{i}", "a".repeat(30))).collect();
    s.keys(&format!("{}<enter>", tags.join(", ")));
    let page = &s.state.library.reader.as_ref().unwrap().page;
    let lines: Vec<(usize, usize)> = page
        .lines()
        .filter_map(|l| match l.kind {
            gloss::app::page::LineKind::Tags { from, to, .. } => Some((from, to)),
            _ => None,
        })
        .collect();
    assert!(lines.len() > 1, "{lines:?}");
    assert_eq!(lines.first().unwrap().0, 0);
    assert_eq!(lines.last().unwrap().1, 6, "every tag is shown");
    for line in render(&s.state).backend().buffer().content.chunks(100) {
        let text: String = line.iter().map(|c| c.symbol()).collect();
        assert!(gloss::text::width(&text) <= 100);
    }
}

#[test]
fn an_edit_keeps_what_another_gloss_changed_meanwhile() {
    let mut s = Session::new();
    s.keys("vt");
    s.keys("mine<enter>");
    // Another process adds a note and a field of its own to the same annotation.
    let id = s.on_disk()[0].id.clone();
    sidecar::modify(&s.sidecar(), |sc| {
        let a = sc.annotations.iter_mut().find(|a| a.id == id).unwrap();
        a.note = "their note".into();
        a.unknown.push(annotate::model::Unknown { name: "colour".into(), ron: "Some(Red)".into() });
    })
    .unwrap();
    // This reader, which has not seen that, edits the tags.
    s.keys("e");
    s.keys(", more<enter>");
    let a = &s.on_disk()[0];
    assert_eq!(a.tags, ["mine", "more"]);
    assert_eq!(a.note, "their note");
    assert_eq!(a.unknown[0].ron, "Some(Red)");
    // And the screen now shows their note too.
    assert_eq!(s.items()[0].annotation.note, "their note");
}

#[test]
fn a_failed_save_says_why_and_shows_what_is_on_disk() {
    let mut s = Session::new();
    // Something that is not a file stands where the sidecar would be written.
    std::fs::create_dir(s.sidecar()).unwrap();
    s.keys("vt");
    s.keys("wire<enter>");
    let message = common::message(&s.state);
    assert!(message.starts_with("annotation not saved: "), "{message}");
    assert!(message.ends_with("· talks.txt.gloss.ron"), "{message}");
    assert!(!message.contains("--annotations"), "not a permissions problem: {message}");
    // The tag shown at once is taken back: nothing was saved.
    assert!(s.items().is_empty());
    assert!(
        s.state
            .library
            .reader
            .as_ref()
            .unwrap()
            .page
            .lines()
            .all(|l| !matches!(l.kind, gloss::app::page::LineKind::Tags { .. }))
    );
}

#[test]
fn a_folder_that_cannot_be_written_points_to_annotations_elsewhere() {
    let mut s = Session::new();
    let sidecar = s.sidecar();
    let problem = sidecar::SidecarError {
        path: sidecar.clone(),
        message: " cannot write: Read-only file system (os error 30)".into(),
        io: Some(std::io::ErrorKind::ReadOnlyFilesystem),
    };
    let article = s.article();
    let fx = update(&mut s.state, Action::Annotated { article, sidecar, outcome: Err(problem), message: None });
    s.run(fx);
    assert_eq!(
        common::message(&s.state),
        "annotation not saved: cannot write: Read-only file system (os error 30) \
         (--annotations DIR keeps annotations elsewhere) · talks.txt.gloss.ron"
    );
}
