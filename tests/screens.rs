//! Screens drawn into ratatui's `TestBackend`: snapshots of the two panes at two
//! sizes, buffer checks for what snapshots cannot see (styles), and tiny terminals.

mod common;

use common::{coded_state, press, render, sample_state, screen};
use gloss::app::{Action, Focus, update};
use ratatui::style::{Color, Modifier};

#[test]
fn list_and_reader_at_120x32() {
    let state = sample_state(120, 32);
    insta::assert_snapshot!(render(&state).backend());
}

#[test]
fn list_and_reader_at_80x24_reading_headings() {
    let mut state = sample_state(80, 24);
    press(&mut state, "G<enter>");
    assert_eq!(state.library.focus, Focus::Reader);
    insta::assert_snapshot!(render(&state).backend());
}

#[test]
fn narrow_list_at_40x12() {
    let state = sample_state(40, 12);
    insta::assert_snapshot!(render(&state).backend());
}

#[test]
fn narrow_reader_at_40x12() {
    let mut state = sample_state(40, 12);
    press(&mut state, "jj<enter>");
    insta::assert_snapshot!(render(&state).backend());
}

#[test]
fn html_article_with_list_quote_and_links() {
    let mut state = sample_state(100, 40);
    press(&mut state, "jj<enter>");
    press(&mut state, "9j9j");
    insta::assert_snapshot!(render(&state).backend());
}

#[test]
fn help_overlay() {
    let mut state = sample_state(80, 30);
    press(&mut state, "?");
    insta::assert_snapshot!(render(&state).backend());
}

#[test]
fn boilerplate_folds_and_unfolds() {
    let mut state = sample_state(100, 30);
    press(&mut state, "<enter>G");
    let folded = screen(&state);
    assert!(folded.contains("▸ boilerplate: 3 paragraphs · z to show"), "{folded}");
    assert!(!folded.contains("Start your free trial"));
    press(&mut state, "zG");
    let open = screen(&state);
    assert!(open.contains("▾ boilerplate: 3 paragraphs · z to fold"), "{open}");
    assert!(open.contains("Start your free trial"), "{open}");
}

#[test]
fn styles_mark_selection_unread_headings_and_links() {
    let mut state = sample_state(120, 32);
    let terminal = render(&state);
    let buf = terminal.backend().buffer();
    // The selected row (first article) is reversed while the list has focus.
    assert!(buf[(5, 1)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(5, 2)].modifier.contains(Modifier::REVERSED));
    // Unread articles carry a cyan marker.
    assert_eq!(buf[(1, 2)].symbol(), "●");
    assert_eq!(buf[(1, 2)].fg, Color::Cyan);

    // Open the training article: its plain-text section headings are styled.
    press(&mut state, "G<enter><tick><tick>");
    let terminal = render(&state);
    let buf = terminal.backend().buffer();
    let text = screen(&state);
    let (row, line) = text.lines().enumerate().find(|(_, l)| l.contains("From Evidence Bags to Courtrooms")).unwrap();
    let col = line.find("From").unwrap();
    let col = line[..col].chars().count() as u16;
    let cell = &buf[(col, row as u16)];
    assert_eq!(cell.fg, Color::Cyan);
    assert!(cell.modifier.contains(Modifier::BOLD));
    // Once open for a moment the article is read: its marker is gone.
    assert_eq!(buf[(1, 7)].symbol(), " ");
}

#[test]
fn link_markers_are_coloured() {
    let mut state = sample_state(120, 32);
    press(&mut state, "j<enter>");
    let text = screen(&state);
    let terminal = render(&state);
    let buf = terminal.backend().buffer();
    let (row, line) = text.lines().enumerate().find(|(_, l)| l.contains("[1]")).expect("a marker on screen");
    let col = line[..line.find("[1]").unwrap()].chars().count() as u16;
    assert_eq!(buf[(col, row as u16)].fg, Color::Blue);
}

#[test]
fn tiny_terminals_never_panic() {
    let mut state = sample_state(120, 32);
    for keys in ["", "<enter>", "?"] {
        press(&mut state, keys);
        for w in 0..=12 {
            for h in 0..=6 {
                update(&mut state, Action::Resize(w, h));
                render(&state);
            }
        }
    }
    update(&mut state, Action::Resize(1, 1));
    press(&mut state, "<esc>jjkGg zm");
    render(&state);
}

#[test]
fn resize_reflows_the_reader() {
    let mut state = sample_state(120, 32);
    press(&mut state, "<enter>");
    let wide = state.library.reader.as_ref().unwrap().page.len();
    update(&mut state, Action::Resize(50, 32));
    let narrow = state.library.reader.as_ref().unwrap().page.len();
    assert!(narrow > wide, "{narrow} lines at 50 columns, {wide} at 120");
    for line in screen(&state).lines() {
        assert!(gloss::text::width(line) <= 50);
    }
}

#[test]
fn review_screen_lists_tags_as_a_tree_and_their_passages() {
    let state = coded_state(120, 32, "R");
    let text = screen(&state);
    // Parents count their children, and the queue of changed passages is there.
    assert!(text.contains("Needs attention"), "{text}");
    assert!(text.contains("└ ttp"), "{text}");
    insta::assert_snapshot!(render(&state).backend());
}

#[test]
fn review_screen_on_a_tag_s_passages() {
    // Down to the first tag below the two summary rows, then over to its passages.
    let state = coded_state(120, 32, "Rjjj\t");
    insta::assert_snapshot!(render(&state).backend());
    let buf = render(&state).backend().buffer().clone();
    let marked = (0..buf.area.height).any(|y| (0..buf.area.width).any(|x| buf[(x, y)].symbol() == "▶"));
    assert!(marked, "the selected passage is marked");
}

#[test]
fn review_screen_at_40x12_shows_one_side() {
    let state = coded_state(40, 12, "R");
    insta::assert_snapshot!(render(&state).backend());
    let state = coded_state(40, 12, "R\t");
    assert!(screen(&state).contains("passages"), "{}", screen(&state));
}

#[test]
fn overview_screen_charts_tags_and_time() {
    let state = coded_state(120, 32, "O");
    let text = screen(&state);
    assert!(text.contains("Passages per tag"), "{text}");
    assert!(text.contains("undated: "), "{text}");
    insta::assert_snapshot!(render(&state).backend());
    // The bars are drawn in their colours.
    let buf = render(&state).backend().buffer().clone();
    let bar = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "█")
        .expect("a bar");
    assert_ne!(buf[bar].fg, Color::Reset);
}

#[test]
fn search_matches_are_highlighted_in_the_reader() {
    let mut state = sample_state(120, 32);
    press(&mut state, "<enter>/fence");
    let terminal = render(&state);
    let buf = terminal.backend().buffer();
    let text = screen(&state);
    let (row, line) = text.lines().enumerate().skip(1).find(|(_, l)| l.contains(" fence")).expect("a match on screen");
    let col = line[..line.find(" fence").unwrap() + 1].chars().count() as u16;
    assert_eq!(buf[(col, row as u16)].bg, Color::LightRed, "the current match");
    assert!(text.lines().last().unwrap().starts_with(" SEARCH"), "{text}");
}

#[test]
fn a_guessed_main_text_is_said_in_the_header_with_the_key_in_use() {
    use gloss::app::keymap::{Keymap, Patch};
    use gloss::app::{Command, Settings, State};
    use gloss::corpus::{self, Entry, Format};
    use std::path::Path;

    // Every paragraph is mostly a link: no container reads as the main text.
    let paragraphs: String = (0..12)
        .map(|i| format!("<p>See <a href=\"/l/{i}\">the long report number {i} on the harbour and its future</a>.</p>"))
        .collect();
    let page = format!("<!DOCTYPE html><html><body><div>{paragraphs}</div><div>Site</div></body></html>");
    let mut patch = Patch::new();
    patch.entry("normal".into()).or_default().insert(Command::ToggleBoilerplate, vec!["Z".into()]);
    for (keymap, key) in [(Keymap::default(), "z"), (Keymap::with_patch(&patch).unwrap(), "Z")] {
        let mut state = State::new(Path::new("c"), keymap, Settings::default());
        update(&mut state, Action::Resize(100, 30));
        let article = corpus::parse(page.as_bytes(), Format::Html, "roundup.html");
        assert!(article.meta.main_text_guessed);
        let entry = Entry {
            path: Path::new("c/roundup.html").into(),
            rel: "roundup.html".into(),
            label: "roundup.html".into(),
            meta: Some(article.meta.clone()),
            ..Entry::default()
        };
        update(&mut state, Action::Found(vec![entry]));
        update(&mut state, Action::ScanDone);
        let (path, _) = state.library.loading.clone().expect("the first article is loading");
        let annotations = gloss::annotate::Annotations::none(path.with_extension("gloss.ron"));
        update(
            &mut state,
            Action::Loaded(path, Ok(Box::new(gloss::app::Opened { article, annotations, partial: false }))),
        );
        let shown = screen(&state);
        assert!(shown.contains("Main text not found with confidence:"), "{shown}");
        assert!(shown.contains(&format!("showing the longest text block · {key} shows the rest")), "{shown}");
    }
}

#[test]
fn palette_over_the_library_with_sta_typed() {
    let mut state = sample_state(100, 30);
    press(&mut state, ":sta");
    let text = screen(&state);
    assert!(text.contains("toggle star") && text.contains("star or unstar the article"), "{text}");
    insta::assert_snapshot!(render(&state).backend());
    // What was typed is marked in the names.
    let buf = render(&state).backend().buffer().clone();
    let (row, line) = text.lines().enumerate().find(|(_, l)| l.contains("toggle star")).unwrap();
    let col = line[..line.find("toggle star").unwrap() + "toggle ".len()].chars().count() as u16;
    assert_eq!(buf[(col, row as u16)].bg, Color::Yellow, "the s of star");
}

#[test]
fn help_filtered_by_tag() {
    let mut state = sample_state(80, 30);
    press(&mut state, "?/tag");
    insta::assert_snapshot!(render(&state).backend());
}

#[test]
fn the_palette_and_a_filtered_help_never_panic_in_tiny_terminals() {
    for keys in [":", ":sta", ":zzqx", "?/tag", "?/zzqx"] {
        let mut state = sample_state(120, 32);
        press(&mut state, keys);
        for w in 0..=24 {
            for h in 0..=8 {
                update(&mut state, Action::Resize(w, h));
                render(&state);
            }
        }
        update(&mut state, Action::Resize(1, 1));
        press(&mut state, "jk<enter>");
        render(&state);
    }
}
