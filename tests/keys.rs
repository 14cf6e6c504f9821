//! Keys as the user sets them in config.ron: a remapped key runs its command, the old
//! key no longer does, and the help and hints show the key in use.

mod common;

use crossterm::event::{KeyCode, KeyEvent};
use gloss::app::keymap::{Keymap, Mode};
use gloss::app::{Action, Edit, Effect, Settings, State, update};
use gloss::config::Config;

/// The coded fixture corpus in the library, with the keys of `config`.
fn state_with(config: &str) -> State {
    let config = Config::parse(config).unwrap();
    let keymap = Keymap::with_patch(&config.keys).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coded");
    let mut state = State::new(&root, keymap, Settings::default());
    update(&mut state, Action::Resize(120, 40));
    let mut entries: Vec<_> = gloss::corpus::scan(&root).filter_map(Result::ok).collect();
    entries.sort_by(|a, b| a.rel.cmp(&b.rel));
    update(&mut state, Action::Found(entries));
    update(&mut state, Action::ScanDone);
    state
}

fn press(state: &mut State, c: char) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::from(KeyCode::Char(c))))
}

fn stars(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::Annotate { edit: Edit::SetTriage { .. }, .. }))
}

#[test]
fn a_remapped_key_runs_its_command_and_the_old_one_does_not() {
    let mut s = state_with(r#"(keys: {"normal": {ToggleStar: ["*"]}})"#);
    assert!(!stars(&press(&mut s, 's')), "s no longer stars");
    assert!(stars(&press(&mut s, '*')), "* stars");
    assert!(common::message(&s).contains("starred"), "{}", common::message(&s));
}

#[test]
fn the_help_and_hints_show_the_key_in_use() {
    let mut s = state_with(r#"(keys: {"normal": {ToggleStar: ["*"], Help: ["f1"]}})"#);
    let list = common::screen(&s);
    assert!(list.contains("* star"), "the status bar hints at the new key: {list}");
    update(&mut s, Action::Key(KeyEvent::from(KeyCode::F(1))));
    assert_eq!(s.mode(), Mode::Help);
    // The help's rows are the keys in use.
    let rows = gloss::app::help::rows(&s.keymap);
    let key_of = |what: &str| {
        rows.iter().find_map(|r| match r {
            gloss::app::help::Row::Key { keys, what: w } if *w == what => Some(keys.to_string()),
            _ => None,
        })
    };
    assert_eq!(key_of("star or unstar the article").as_deref(), Some("*"));
    assert_eq!(key_of("show this help").as_deref(), Some("F1"));
    // And the help on screen is built from them.
    let help = common::screen(&s);
    assert!(help.contains("Keys") && help.contains("Moving"), "{help}");
}

#[test]
fn a_context_of_its_own_keeps_the_others_as_they_were() {
    let mut s = state_with(r#"(keys: {"reader": {ToggleStar: ["*"]}})"#);
    // The list keeps s; the reader has * instead.
    assert!(stars(&press(&mut s, 's')));
    update(&mut s, Action::Key(KeyEvent::from(KeyCode::Char('l'))));
    assert_eq!(s.mode(), Mode::Reader);
    assert!(!stars(&press(&mut s, 's')));
    assert!(stars(&press(&mut s, '*')));
}
