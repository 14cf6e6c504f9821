//! Themes: the built-in ones, the user's (partial, overriding, broken), the
//! terminal's limits (`NO_COLOR`, 256 and 16 colours), switching with a key, and
//! `--theme` on the command line.

mod common;

use std::path::Path;

use common::{coded_state, gloss_in, message, press, sample_state};
use gloss::app::State;
use gloss::app::keymap::Mode;
use gloss::app::state::ThemeChoice;
use gloss::notice::Notice;
use gloss::ui::theme::{BUILT_IN, ColourDepth, ThemePatch, Themes};
use gloss::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// A config folder's `themes/` holding these files.
fn user_themes(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join("themes").join(name), text).unwrap();
    }
    dir
}

fn load(dir: &tempfile::TempDir) -> (Themes, Vec<String>) {
    Themes::load(Some(&dir.path().join("themes")))
}

/// `state` drawn with `theme`.
fn drawn(state: &State, theme: &Theme) -> Buffer {
    let (w, h) = state.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|frame| ui::draw(frame, state, theme)).unwrap();
    terminal.backend().buffer().clone()
}

/// Keys to `update`, one character each (`\n` is Enter).
fn keys(state: &mut State, keys: &str) {
    for c in keys.chars() {
        let key = crossterm::event::KeyEvent::from(common::key_code(c));
        gloss::app::update(state, gloss::app::Action::Key(key));
    }
}

/// An annotated article of the coded corpus open in the reader, then `then` pressed.
fn annotated_reader(then: &str) -> State {
    let mut state = coded_state(120, 32, "\n");
    let (path, _) = state.library.loading.clone().expect("the article is asked for");
    let opened = gloss::run::open_article(&path, &gloss::annotate::Layout::Beside).unwrap();
    gloss::app::update(&mut state, gloss::app::Action::Loaded(path, Ok(Box::new(opened))));
    keys(&mut state, then);
    state
}

/// The screens and overlays worth looking at: the list and the reader, the help,
/// annotations, search matches, a selection and a prompt, the review and the
/// overview.
fn screens() -> Vec<(&'static str, State)> {
    let mut help = sample_state(120, 32);
    press(&mut help, "?");
    let reader = annotated_reader("");
    assert!(reader.reader().is_some_and(|r| !r.annotations.items.is_empty()), "an annotated article");
    let search = annotated_reader("/the\n");
    assert!(search.reader().and_then(|r| r.search.as_ref()).is_some_and(|m| !m.ranges.is_empty()));
    let selection = annotated_reader("vj");
    assert_eq!(selection.mode(), Mode::Select);
    let prompt = annotated_reader("vt");
    assert_eq!(prompt.mode(), Mode::Prompt);
    vec![
        ("library", sample_state(120, 32)),
        ("help", help),
        ("annotated reader", reader),
        ("search matches", search),
        ("a selection", selection),
        ("a prompt", prompt),
        ("review", coded_state(120, 32, "R")),
        ("overview", coded_state(120, 32, "O")),
    ]
}

#[test]
fn every_shipped_theme_parses_and_names_every_style() {
    let (themes, problems) = Themes::load(None);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(themes.names(), ["default", "dark", "light", "high-contrast"]);
    for (name, text) in BUILT_IN {
        let patch = ThemePatch::parse(text).unwrap();
        assert!(patch.unset().is_empty(), "{name} leaves out {:?}", patch.unset());
        assert!(themes.get(name).is_some());
    }
    assert_eq!(themes.get("default"), Some(Theme::default()));
    // They differ from each other.
    let all: Vec<Theme> = themes.names().iter().map(|n| themes.get(n).unwrap()).collect();
    for (i, a) in all.iter().enumerate() {
        assert!(all[i + 1..].iter().all(|b| a != b));
    }
}

#[test]
fn a_partial_user_theme_inherits_the_rest_from_the_theme_it_names() {
    let dir = user_themes(&[("mine.ron", "(\n    inherits: \"light\",\n    heading: (fg: \"red\", bold: true),\n)\n")]);
    let (themes, problems) = load(&dir);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(themes.names(), ["default", "dark", "light", "high-contrast", "mine"]);
    let mine = themes.get("mine").unwrap();
    let light = themes.get("light").unwrap();
    assert_eq!(mine.heading.style(), ratatui::style::Style::default().fg(Color::Red).add_modifier(Modifier::BOLD));
    assert_ne!(mine.heading, light.heading);
    let mut expected = light.clone();
    expected.heading = mine.heading;
    assert_eq!(mine, expected, "everything but the heading is light's");
}

#[test]
fn a_user_theme_named_like_a_built_in_one_takes_its_place() {
    let dir = user_themes(&[("dark.ron", r#"(inherits: "dark", status: (reversed: true))"#)]);
    let (themes, problems) = load(&dir);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(themes.names(), ["default", "dark", "light", "high-contrast"], "listed once, in its place");
    let built_in = Theme::built_in("dark").unwrap();
    let dark = themes.get("dark").unwrap();
    assert_eq!(dark.status.style(), ratatui::style::Style::default().add_modifier(Modifier::REVERSED));
    assert_ne!(dark.status, built_in.status);
    assert_eq!(dark.heading, built_in.heading);
}

#[test]
fn a_broken_user_theme_is_named_with_its_line_and_column_and_the_others_load() {
    let dir = user_themes(&[
        ("broken.ron", "(\n    heading: (bold: true),\n    link: (fg: \"blue\", underline: yes),\n)\n"),
        ("typo.ron", "(\n    headin: (bold: true),\n)\n"),
        ("good.ron", r#"(inherits: "high-contrast")"#),
    ]);
    let (themes, problems) = load(&dir);
    assert_eq!(themes.names(), ["default", "dark", "light", "high-contrast", "good"]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    let broken = problems.iter().find(|p| p.contains("broken.ron")).unwrap();
    assert!(broken.contains("broken.ron:3:34: Expected boolean"), "{broken}");
    let typo = problems.iter().find(|p| p.contains("typo.ron")).unwrap();
    assert!(typo.contains("typo.ron:2:5: `headin` is not a style of a theme; did you mean `heading`?"), "{typo}");
    assert_eq!(themes.get("good"), Theme::built_in("high-contrast"));
    // The reader starts on the default theme and says what went wrong.
    let (choice, notice) = themes.choose(Some("broken"), &problems);
    assert_eq!(choice.name(), "default");
    let Some(Notice::ThemeProblem { problem, more: 1 }) = &notice else { panic!("{notice:?}") };
    assert_eq!(problem, &problems[0]);
}

#[test]
fn an_unknown_theme_starts_on_the_default_and_says_so() {
    let themes = Themes::built_in();
    let (choice, notice) = themes.choose(Some("nope"), &[]);
    assert_eq!(choice.name(), "default");
    let notice = notice.expect("a notice");
    let text = ui::notice::text(&notice, &gloss::app::keymap::Keymap::default());
    assert!(text.contains("no theme “nope” (there are default, dark, light, high-contrast)"), "{text}");
    assert_eq!(notice.level(), gloss::notice::Level::Warning);
    let (choice, notice) = themes.choose(Some("light"), &[]);
    assert_eq!((choice.name(), notice), ("light", None));
    assert_eq!(themes.choose(None, &[]).0.name(), "default");
}

#[test]
fn without_colour_no_cell_has_a_colour_and_the_selected_row_still_shows() {
    for name in Themes::built_in().names() {
        let theme = Theme::built_in(name).unwrap().without_colour();
        for (screen, state) in screens() {
            let buffer = drawn(&state, &theme);
            for cell in buffer.content() {
                assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{name}, {screen}: {cell:?}");
            }
        }
        // The selected article's row, in the list, stands out by its attributes.
        let state = sample_state(120, 32);
        let buffer = drawn(&state, &theme);
        let title = state.library.selected_entry().unwrap().title();
        let row = (0..buffer.area.height)
            .find(|&y| (0..60).map(|x| buffer[(x, y)].symbol()).collect::<String>().contains(&title[..10]))
            .expect("the selected row is on screen");
        let marked = Modifier::REVERSED | Modifier::BOLD;
        assert!(buffer[(10, row)].modifier.intersects(marked), "{name}: the selected row is not marked");
        let other = (row + 1..row + 4).find(|&y| !buffer[(10, y)].modifier.intersects(marked));
        assert!(other.is_some(), "{name}: the rows below the selected one are plain");
    }
}

#[test]
fn colours_degrade_to_256_and_16() {
    let dark = Theme::built_in("dark").unwrap();
    assert!(matches!(dark.heading.style().fg, Some(Color::Rgb(..))));
    let c256 = dark.for_depth(ColourDepth::Colours256);
    assert!(matches!(c256.heading.style().fg, Some(Color::Indexed(_))));
    let c16 = dark.for_depth(ColourDepth::Colours16);
    assert!(!matches!(c16.heading.style().fg, Some(Color::Rgb(..) | Color::Indexed(_)) | None));
    assert!(c16.tag_colours.iter().all(|c| !matches!(c, Color::Rgb(..) | Color::Indexed(_))));
    for (screen, state) in screens() {
        for cell in drawn(&state, &c256).content() {
            assert!(!matches!(cell.fg, Color::Rgb(..)) && !matches!(cell.bg, Color::Rgb(..)), "{screen}: {cell:?}");
        }
        for cell in drawn(&state, &c16).content() {
            for colour in [cell.fg, cell.bg] {
                assert!(!matches!(colour, Color::Rgb(..) | Color::Indexed(_)), "{screen}: {cell:?}");
            }
        }
    }
    assert_eq!(dark.for_depth(ColourDepth::TrueColour), dark);
}

#[test]
fn t_switches_to_the_next_theme_and_says_which() {
    let names = || Themes::built_in().names().into_iter().map(str::to_owned).collect::<Vec<_>>();
    let mut state = sample_state(120, 32);
    state.themes = ThemeChoice::new(names(), "default");
    press(&mut state, "T");
    assert_eq!(state.themes.name(), "dark");
    assert_eq!(message(&state), "theme: dark");
    press(&mut state, "TT");
    assert_eq!(message(&state), "theme: high-contrast");
    press(&mut state, "T");
    assert_eq!(state.themes.name(), "default", "after the last, the first");
    // What is drawn with is the theme named.
    let themes = Themes::built_in();
    let list = themes.in_order(&state.themes);
    press(&mut state, "T");
    let drawn_with = gloss::ui::theme::current(&list, &state.themes);
    assert_eq!(*drawn_with, themes.get("dark").unwrap());
    assert_ne!(*drawn_with, themes.get("default").unwrap());
    for keys in ["R", "O", "\n"] {
        let mut state = coded_state(120, 32, keys);
        state.themes = ThemeChoice::new(names(), "light");
        let t = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('T'));
        gloss::app::update(&mut state, gloss::app::Action::Key(t));
        assert_eq!(message(&state), "theme: high-contrast", "in {:?}", state.mode());
    }
}

#[test]
fn the_command_line_takes_theme_where_themes_do_not_matter() {
    let home = tempfile::tempdir().unwrap();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/coded");
    let corpus = corpus.to_str().unwrap();
    let plain = gloss_in(home.path(), &["list", corpus]);
    assert!(plain.status.success(), "{}", String::from_utf8_lossy(&plain.stderr));
    for args in [
        &["--theme", "high-contrast", "list", corpus][..],
        &["list", "--theme", "high-contrast", corpus],
        &["list", "--theme", "nope", corpus],
    ] {
        let out = gloss_in(home.path(), args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.stdout, plain.stdout, "{args:?}");
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
