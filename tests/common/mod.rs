//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use gloss::app::keymap::Keymap;
use gloss::app::{Action, Settings, State, update};
use gloss::corpus::{self, Entry, Format};
use gloss::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The shared corpus of real saved articles, when this checkout has it.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// A state holding the embedded sample corpus, as the scan would deliver it, sized
/// `width` x `height`, with the first article loaded.
pub fn sample_state(width: u16, height: u16) -> State {
    let mut state = State::new(Path::new("sample"), Keymap::default(), Settings::default());
    update(&mut state, Action::Resize(width, height));
    for (name, bytes) in corpus::sample::FILES {
        let article = parse_sample(name, bytes);
        let entry = Entry {
            path: Path::new("sample").join(name),
            rel: (*name).into(),
            label: (*name).to_owned(),
            annotations: 0,
            tags: Vec::new(),
            annotations_problem: None,
            starred: false,
            archived: false,
            priority: 0,
            problem: None,
            meta: Some(article.meta),
        };
        update(&mut state, Action::Found(vec![entry]));
    }
    update(&mut state, Action::ScanDone);
    deliver_selected(&mut state);
    state
}

fn parse_sample(name: &str, bytes: &[u8]) -> corpus::Article {
    corpus::parse(bytes, Format::from_path(Path::new(name)).expect("sample names have known extensions"), name)
}

/// Answer the pending load request, as the loader thread would.
pub fn deliver_selected(state: &mut State) {
    let Some((path, _)) = state.library.loading.clone() else {
        return;
    };
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = corpus::sample::FILES.iter().find(|(n, _)| *n == name).expect("a sample article").1;
    let article = parse_sample(&name, bytes);
    let annotations = gloss::annotate::Annotations::none(path.with_extension("gloss.ron"));
    update(state, Action::Loaded(path, Ok(Box::new(gloss::app::Opened { article, annotations, partial: false }))));
}

/// Feed keys (characters, or `<enter>`, `<esc>`, `<tab>`, and `<tick>` for time
/// passing) to `update`, answering
/// load requests as they come.
pub fn press(state: &mut State, keys: &str) {
    use crossterm::event::{KeyCode, KeyEvent};
    let mut rest = keys;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<tick>") {
            // Time passing, as the runtime's clock sends it.
            update(state, Action::Tick);
            rest = after;
            continue;
        }
        let (code, len) = if let Some(end) = rest.strip_prefix('<').and_then(|r| r.find('>')) {
            let name = &rest[1..=end];
            let code = match name {
                "enter" => KeyCode::Enter,
                "esc" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                other => panic!("unknown key name {other}"),
            };
            (code, end + 2)
        } else {
            let c = rest.chars().next().unwrap();
            (KeyCode::Char(c), c.len_utf8())
        };
        update(state, Action::Key(KeyEvent::from(code)));
        deliver_selected(state);
        rest = &rest[len..];
    }
}

/// Draw `state` into a test terminal of its own size.
pub fn render(state: &State) -> Terminal<TestBackend> {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|frame| ui::draw(frame, state, &Theme::default())).unwrap();
    terminal
}

/// The screen as text, one line per row, trailing spaces trimmed.
pub fn screen(state: &State) -> String {
    let terminal = render(state);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        for x in 0..buffer.area.width {
            line.push_str(buffer[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The status-bar message, worded as the screen shows it.
pub fn message(state: &State) -> String {
    let notice = state.message.as_ref().expect("a message");
    ui::notice::text(notice, &state.keymap)
}

/// The coded fixture corpus (`tests/fixtures/coded/`) in the library, as the scan
/// delivers it, with the review's passages collected as the runtime collects them.
pub fn coded_state(width: u16, height: u16, keys: &str) -> gloss::app::State {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coded");
    state_at(&root, width, height, keys)
}

/// The corpus at `root` in the library, as the scan delivers it, then `keys`
/// pressed, with the review's passages collected as the runtime collects them.
pub fn state_at(root: &Path, width: u16, height: u16, keys: &str) -> gloss::app::State {
    use gloss::annotate::{self, Layout};
    use gloss::app::keymap::Keymap;
    use gloss::app::{Effect, Settings, State};
    let root = root.to_path_buf();
    let mut state = State::new(&root, Keymap::default(), Settings::default());
    update(&mut state, Action::Resize(width, height));
    let mut entries: Vec<_> = gloss::corpus::scan(&root).filter_map(Result::ok).collect();
    entries.sort_by(|a, b| a.rel.cmp(&b.rel));
    for mut entry in entries {
        annotate::resolved::summarize(&mut entry, &Layout::Beside);
        update(&mut state, Action::Found(vec![entry]));
    }
    update(&mut state, Action::ScanDone);
    for key in keys.chars() {
        let fx = update(&mut state, Action::Key(crossterm::event::KeyEvent::from(key_code(key))));
        if fx.contains(&Effect::LoadReview) {
            let (items, problems) = gloss::app::review::items(&annotate::collect::collect(&root, &Layout::Beside));
            update(&mut state, Action::ReviewLoaded(items, problems));
        }
    }
    state
}

pub fn key_code(c: char) -> crossterm::event::KeyCode {
    match c {
        '\t' => crossterm::event::KeyCode::Tab,
        '\n' => crossterm::event::KeyCode::Enter,
        c => crossterm::event::KeyCode::Char(c),
    }
}

/// Run the built `gloss ARGS` with every folder it uses inside `home`.
pub fn gloss_in(home: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("GLOSS_CONFIG")
        .output()
        .unwrap()
}
