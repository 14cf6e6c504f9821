//! Commands on the screens and overlays that handle them, through `update`, on the
//! coded fixture corpus (`tests/fixtures/coded/`): what each asks the runtime to do.

mod common;

use common::{coded_state, state_at};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gloss::app::keymap::Mode;
use gloss::app::{Action, Edit, Effect, Overlay, RetagOp, Screen, State, update};

fn key(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Action::Key(KeyEvent::from(code)))
}

fn typed(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| key(state, KeyCode::Char(c))).collect()
}

/// The review's row named `name` (a tag, or a summary row's title).
fn go_to_row(state: &mut State, name: &str) {
    for _ in 0..20 {
        let Screen::Review(r) = &state.screen else { panic!("not on the review") };
        let here = match &r.rows[r.row] {
            gloss::app::review::Row::Tag { name, .. } => name.clone(),
            gloss::app::review::Row::Attention { .. } => "attention".into(),
            gloss::app::review::Row::All { .. } => "all".into(),
        };
        if here == name {
            return;
        }
        key(state, KeyCode::Char('j'));
    }
    panic!("no row {name}");
}

#[test]
fn review_renames_a_tag_across_the_corpus() {
    let mut s = coded_state(120, 32, "R");
    go_to_row(&mut s, "security/border");
    key(&mut s, KeyCode::Char('r'));
    assert_eq!(s.mode(), Mode::Prompt);
    for _ in 0.."security/border".len() {
        key(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "frontier");
    let fx = key(&mut s, KeyCode::Enter);
    assert_eq!(fx, [Effect::Retag(RetagOp::Rename { from: "security/border".into(), to: "frontier".into() })]);
    assert_eq!(s.mode(), Mode::Review);
}

#[test]
fn renaming_onto_a_tag_in_use_asks_before_merging() {
    let mut s = coded_state(120, 32, "R");
    go_to_row(&mut s, "finance/ransom");
    key(&mut s, KeyCode::Char('r'));
    for _ in 0.."finance/ransom".len() {
        key(&mut s, KeyCode::Backspace);
    }
    let fx = typed(&mut s, "groups");
    assert!(fx.is_empty());
    assert!(key(&mut s, KeyCode::Enter).is_empty(), "a merge is asked first");
    assert_eq!(s.mode(), Mode::Confirm);
    let fx = key(&mut s, KeyCode::Char('y'));
    assert_eq!(fx, [Effect::Retag(RetagOp::Rename { from: "finance/ransom".into(), to: "groups".into() })]);
}

#[test]
fn deleting_a_tag_is_confirmed_and_undone_with_u() {
    let mut s = coded_state(120, 32, "R");
    go_to_row(&mut s, "technology");
    key(&mut s, KeyCode::Char('D'));
    assert!(matches!(s.overlays.last(), Some(Overlay::Confirm(_))));
    assert!(key(&mut s, KeyCode::Char('n')).is_empty(), "no means nothing happens");
    assert_eq!(s.mode(), Mode::Review);
    key(&mut s, KeyCode::Char('D'));
    assert_eq!(key(&mut s, KeyCode::Enter), [Effect::Retag(RetagOp::Delete { tag: "technology".into() })]);
    assert_eq!(key(&mut s, KeyCode::Char('u')), [Effect::Retag(RetagOp::Undo)]);
}

#[test]
fn the_queue_deletes_and_opens_passages_that_need_attention() {
    let mut s = coded_state(120, 32, "R");
    go_to_row(&mut s, "attention");
    key(&mut s, KeyCode::Tab);
    let Screen::Review(r) = &s.screen else { panic!() };
    let item = r.selected_item().unwrap().clone();
    assert!(item.needs_attention());
    // y on a passage that is gone says so instead of guessing.
    assert!(key(&mut s, KeyCode::Char('y')).is_empty());
    assert!(s.message.is_some());
    let fx = key(&mut s, KeyCode::Char('d'));
    assert!(
        matches!(fx.as_slice(), [Effect::Annotate { edit: Edit::Delete(a), .. }] if a.id == item.annotation.id),
        "{fx:?}"
    );
    let Screen::Review(r) = &s.screen else { panic!() };
    assert!(r.items.iter().all(|i| i.annotation.id != item.annotation.id), "gone from the queue at once");
}

#[test]
fn a_passage_in_two_places_is_listed_at_both_and_y_chooses_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("raid.txt");
    let para = "Police raided a compound at dawn. Officials said the cell had planned attacks.";
    std::fs::write(&path, format!("The Raid\n\n{para}\n\nThe court meets next week.")).unwrap();
    let article = gloss::corpus::load(&path).unwrap();
    let quote = "Officials said the cell had planned attacks.";
    let at = article.text.find(quote).unwrap();
    let anchor = gloss::annotate::record(&article.text, at..at + quote.len(), &article.source_hash);
    let annotation = gloss::annotate::Annotation::new(anchor, vec!["cells".into()], String::new());
    let sidecar = gloss::annotate::Layout::Beside.sidecar_for(&path);
    gloss::annotate::sidecar::modify(&sidecar, |s| s.put(annotation.clone())).unwrap();
    // The paragraph is copied word for word: nothing stored tells the two apart.
    std::fs::write(&path, format!("The Raid\n\n{para}\n\n{para}\n\nThe court meets next week.")).unwrap();
    let mut s = state_at(dir.path(), 120, 32, "R");
    go_to_row(&mut s, "attention");
    key(&mut s, KeyCode::Tab);
    let Screen::Review(r) = &s.screen else { panic!() };
    let places: Vec<_> = r.items.iter().map(|i| (i.state, i.place)).collect();
    use gloss::annotate::AnchorState::Ambiguous;
    assert_eq!(places, [(Ambiguous, Some((1, 2))), (Ambiguous, Some((2, 2)))]);
    // Listed at each place, counted once.
    assert_eq!(r.shown_passages(), 1);
    let screen = common::screen(&s);
    assert!(screen.contains("Needs attention · 1 passage\n") && screen.contains("REVIEW 1 passage"), "{screen}");
    assert!(!screen.contains("1 passages"), "{screen}");
    key(&mut s, KeyCode::Char('j'));
    let fx = key(&mut s, KeyCode::Char('y'));
    let now = gloss::corpus::load(&path).unwrap();
    let second = now.text.rfind(quote).unwrap();
    let Some(Effect::Annotate { edit: Edit::Put { after, .. }, .. }) = fx.first() else { panic!("{fx:?}") };
    assert_eq!(after.anchor.start, now.text[..second].chars().count(), "recorded at the place chosen");
    assert_eq!(after.anchor.state, gloss::annotate::AnchorState::Exact);
    let Screen::Review(r) = &s.screen else { panic!() };
    assert_eq!(r.items.len(), 1, "the other place is gone from the queue");
}

#[test]
fn enter_on_a_passage_opens_its_article_and_esc_comes_back() {
    let mut s = coded_state(120, 32, "R");
    go_to_row(&mut s, "finance/ransom");
    key(&mut s, KeyCode::Tab);
    let fx = key(&mut s, KeyCode::Enter);
    let Some(Effect::Load(path)) = fx.iter().find(|e| matches!(e, Effect::Load(_))) else { panic!("{fx:?}") };
    assert!(path.ends_with("cells/financing.md"));
    assert!(s.is_library());
    let opened = gloss::run::open_article(path, &gloss::annotate::Layout::Beside).unwrap();
    update(&mut s, Action::Loaded(path.clone(), Ok(Box::new(opened))));
    let reader = s.reader().unwrap();
    assert!(reader.focus.is_some(), "the passage's annotation is in focus");
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.mode(), Mode::Review, "back where you were");
}

#[test]
fn the_finder_goes_to_an_article_by_title() {
    let mut s = coded_state(120, 32, "");
    update(&mut s, Action::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)));
    assert_eq!(s.mode(), Mode::Finder);
    typed(&mut s, "night patrol");
    let fx = key(&mut s, KeyCode::Enter);
    assert_eq!(s.mode(), Mode::List);
    assert!(s.library.selected_entry().unwrap().rel.ends_with("patrols.html"));
    assert!(fx.iter().any(|e| matches!(e, Effect::Load(p) if p.ends_with("patrols.html"))));
}

#[test]
fn corpus_search_runs_on_enter_and_opens_a_result_at_its_match() {
    let mut s = coded_state(120, 32, "S");
    assert_eq!(s.mode(), Mode::Search);
    typed(&mut s, "ransom");
    let fx = key(&mut s, KeyCode::Enter);
    let Some(&Effect::SearchCorpus { id, ref query }) = fx.first() else { panic!("{fx:?}") };
    assert_eq!(query, "ransom");
    // The results, as the searcher sends them.
    let pattern = gloss::search::Pattern::new("ransom").unwrap();
    let mut hits = Vec::new();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    gloss::search::corpus(&s.root.clone(), &pattern, gloss::search::Order::Path, &cancel, |h| {
        hits.push(h);
        std::ops::ControlFlow::Continue(())
    });
    assert!(!hits.is_empty());
    let first = hits[0].clone();
    update(&mut s, Action::SearchHits(id, hits));
    update(&mut s, Action::SearchDone(id, 3));
    let fx = key(&mut s, KeyCode::Enter);
    assert!(fx.contains(&Effect::Load(first.path.clone())), "{fx:?}");
    let opened = gloss::run::open_article(&first.path, &gloss::annotate::Layout::Beside).unwrap();
    update(&mut s, Action::Loaded(first.path.clone(), Ok(Box::new(opened))));
    let reader = s.reader().unwrap();
    let matches = reader.search.as_ref().expect("the search is shown in the article");
    assert!(matches.ranges.contains(&first.bytes));
    assert_eq!(s.mode(), Mode::Reader);
}

#[test]
fn bracket_t_steps_through_a_tag_s_passages_across_articles() {
    let mut s = coded_state(120, 32, "");
    let first = s.library.selected_entry().unwrap().path.clone();
    let opened = gloss::run::open_article(&first, &gloss::annotate::Layout::Beside).unwrap();
    update(&mut s, Action::Loaded(first.clone(), Ok(Box::new(opened))));
    key(&mut s, KeyCode::Enter);
    // A tagged annotation of the first article (all of it is on screen), then on
    // with its first tag.
    let reader = s.library.reader.as_mut().unwrap();
    let tagged = reader.annotations.items.iter().find(|r| !r.annotation.tags.is_empty()).unwrap().clone();
    reader.focus = Some(tagged.annotation.id.clone());
    let tag = tagged.annotation.tags[0].clone();
    let mut seen = vec![s.reader().unwrap().focus.clone()];
    for _ in 0..4 {
        let fx = typed(&mut s, "]t");
        for effect in fx {
            if let Effect::Load(path) = effect {
                let opened = gloss::run::open_article(&path, &gloss::annotate::Layout::Beside).unwrap();
                update(&mut s, Action::Loaded(path, Ok(Box::new(opened))));
            }
        }
        let reader = s.reader().unwrap();
        let focus = reader.focus.clone();
        let item = reader.annotations.items.iter().find(|r| Some(&r.annotation.id) == focus.as_ref());
        if let Some(item) = item {
            assert!(item.annotation.tags.iter().any(|t| gloss::annotate::tagtree::tag_matches(t, &tag)), "{tag}");
        }
        seen.push(focus);
    }
    seen.dedup();
    assert!(seen.len() >= 2, "moved on: {seen:?}");
}

#[test]
fn sidecars_left_behind_are_offered_to_move_with_one_key() {
    let mut s = coded_state(120, 32, "");
    let m = gloss::app::SidecarMove {
        sidecar: "old.txt.gloss.ron".into(),
        was: "old.txt".into(),
        now: "new.html".into(),
        was_label: "old.txt".into(),
        now_label: "new.html".into(),
        by: gloss::annotate::relocate::MatchedBy::SourceHash,
    };
    update(&mut s, Action::LostSidecars(vec![m.clone()]));
    assert_eq!(s.mode(), Mode::Confirm);
    let text = common::screen(&s);
    assert!(text.contains("old.txt") && text.contains("new.html"), "{text}");
    let fx = key(&mut s, KeyCode::Char('y'));
    assert_eq!(fx, [Effect::MoveSidecars(vec![m])]);
    assert_eq!(s.mode(), Mode::List);
}

/// The palette's row for a command spelled `name`, as the screen shows it.
fn palette_row(state: &State, name: &str) -> String {
    let text = common::screen(state);
    let row = text
        .lines()
        .find(|l| l.contains(&format!(" {name}  ")) && !l.contains('›'))
        .unwrap_or_else(|| panic!("no {name}:\n{text}"));
    row.to_owned()
}

#[test]
fn the_palette_finds_a_command_by_name_and_runs_it_as_its_key_would() {
    let mut s = coded_state(120, 32, "");
    let mut by_key = s.clone();
    key(&mut s, KeyCode::Char(':'));
    assert_eq!(s.mode(), Mode::Palette);
    typed(&mut s, "star");
    let Some(Overlay::Palette(palette)) = s.overlays.last() else { panic!("no palette") };
    assert_eq!(palette.chosen(), Some(gloss::app::Command::ToggleStar));
    assert!(palette_row(&s, "toggle star").contains("star or unstar the article"));
    let fx = key(&mut s, KeyCode::Enter);
    assert_eq!(s.mode(), Mode::List, "the palette is closed");
    assert!(
        matches!(fx.as_slice(), [Effect::Annotate { edit: Edit::SetTriage { after, .. }, .. }] if after.starred),
        "{fx:?}"
    );
    assert!(s.library.selected_entry().unwrap().starred);
    // The same as pressing its key.
    assert_eq!(key(&mut by_key, KeyCode::Char('s')), fx);
    assert_eq!(by_key.library.selected_entry().unwrap().starred, s.library.selected_entry().unwrap().starred);
    // Esc closes it and runs nothing.
    key(&mut s, KeyCode::Char(':'));
    typed(&mut s, "star");
    assert!(key(&mut s, KeyCode::Esc).is_empty());
    assert!(s.overlays.is_empty());
    assert_eq!(s.mode(), Mode::List);
    assert!(s.library.selected_entry().unwrap().starred, "not run again");
}

#[test]
fn the_palette_lists_the_commands_of_the_screen_under_it() {
    let mut s = coded_state(120, 32, "R");
    go_to_row(&mut s, "security/border");
    key(&mut s, KeyCode::Char(':'));
    let Some(Overlay::Palette(palette)) = s.overlays.last() else { panic!("no palette") };
    let listed: Vec<_> = palette.matches.iter().map(|m| m.command).collect();
    use gloss::app::Command;
    assert!(listed.contains(&Command::RenameTag) && !listed.contains(&Command::ToggleStar), "{listed:?}");
    assert!(!listed.contains(&Command::Palette) && !listed.contains(&Command::Accept));
    // The review's own description of a command, and its keys there.
    assert!(palette_row(&s, "down").contains("next tag or passage"), "{}", common::screen(&s));
    typed(&mut s, "zzqx");
    assert!(common::screen(&s).contains("no command matches"));
    for _ in 0..4 {
        key(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "rename");
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.mode(), Mode::Prompt, "renaming the tag, as r would");
}

#[test]
fn the_palette_shows_the_keys_in_use() {
    use gloss::app::Command;
    use gloss::app::keymap::{Keymap, Patch};
    let mut s = coded_state(120, 32, "");
    let star = palette_keys(&mut s, "toggle star");
    assert!(star.ends_with(" s"), "{star:?}");
    let mut patch = Patch::new();
    patch.entry("normal".into()).or_default().insert(Command::ToggleStar, vec!["*".into()]);
    patch.entry("normal".into()).or_default().insert(Command::Sort, Vec::new());
    s.keymap = Keymap::with_patch(&patch).unwrap();
    assert!(palette_keys(&mut s, "toggle star").ends_with(" *"), "remapped");
    let sort = palette_keys(&mut s, "sort");
    assert!(sort.contains("sort by path") && !sort.ends_with(" o"), "no key: {sort}");
}

/// The palette's row for `name` (typed to find it), trimmed, the palette closed again.
fn palette_keys(state: &mut State, name: &str) -> String {
    key(state, KeyCode::Char(':'));
    typed(state, name);
    let row = palette_row(state, name);
    key(state, KeyCode::Esc);
    row.trim_end_matches([' ', '│']).to_owned()
}

#[test]
fn slash_in_the_help_filters_it_and_esc_clears_before_closing() {
    let mut s = coded_state(120, 40, "?");
    key(&mut s, KeyCode::Char('/'));
    assert_eq!(s.mode(), Mode::Search, "typing the filter");
    typed(&mut s, "tag");
    let text = common::screen(&s);
    assert!(text.contains("tag the selection") && text.contains("Annotations"), "{text}");
    assert!(!text.contains("go to the top"), "{text}");
    // q is typed, not closing.
    typed(&mut s, "q");
    assert!(common::screen(&s).contains("no key matches “tagq”"));
    key(&mut s, KeyCode::Backspace);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.mode(), Mode::Help, "the filter is kept, scrolling again");
    assert!(common::screen(&s).contains("tag the selection"));
    assert!(!common::screen(&s).contains("go to the top"));
    key(&mut s, KeyCode::Esc);
    assert!(matches!(s.overlays.as_slice(), [Overlay::Help(h)] if h.filter.is_empty()), "cleared, still open");
    assert!(common::screen(&s).contains("go to the top"));
    key(&mut s, KeyCode::Esc);
    assert!(s.overlays.is_empty());
    // Esc while typing clears too; a second closes.
    typed(&mut s, "?/note");
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.mode(), Mode::Help);
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.mode(), Mode::List);
}

#[test]
fn the_palette_and_its_key_are_in_the_help() {
    let s = coded_state(120, 32, "");
    let rows = gloss::app::help::rows(&s.keymap);
    use gloss::app::help::Row;
    assert!(
        rows.iter().any(|r| matches!(r, Row::Key { keys, what } if keys == ":" && *what == "run a command by name"))
    );
    assert!(rows.contains(&Row::Title("Running a command by name")));
}

#[test]
fn a_long_article_shows_its_beginning_then_the_whole_keeping_the_place() {
    // Long enough to be shown in two steps: its beginning, then the whole.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let paragraph = "Patrols along the frontier doubled in the spring, officials said on Tuesday.\n\n";
    let mut text = String::from("A Long Report\n\n");
    while text.len() < 9 << 20 {
        text.push_str(paragraph);
    }
    text.push_str("The last paragraph of the report.");
    std::fs::write(&path, &text).unwrap();
    let layout = gloss::annotate::Layout::Beside;
    let beginning =
        gloss::run::beginning_of(&path, &layout).expect("a long plain-text article starts with its beginning");
    assert!(beginning.partial && !beginning.annotations.is_writable());
    assert!(beginning.article.text.len() <= 1 << 20);
    assert!(text.contains(&beginning.article.text[..200]));
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "Short\n\nA short one.").unwrap();
    assert!(gloss::run::beginning_of(&small, &layout).is_none(), "a short article is read whole at once");

    let mut s = state_at(dir.path(), 100, 30, "");
    let Some((loading, _)) = s.library.loading.clone() else { panic!("the first article is being read") };
    let path = if loading == path {
        path
    } else {
        key(&mut s, KeyCode::Char('j'));
        s.library.loading.clone().unwrap().0
    };
    assert!(path.ends_with("long.txt"));
    update(&mut s, Action::Loaded(path.clone(), Ok(Box::new(beginning))));
    assert!(s.reader().unwrap().partial);
    assert!(common::message(&s).contains("its beginning is shown"), "{}", common::message(&s));
    assert!(s.library.loading.is_some(), "the whole article is still awaited");
    key(&mut s, KeyCode::Char('l'));
    for _ in 0..10 {
        key(&mut s, KeyCode::Char('j'));
    }
    let place = s.reader().unwrap().position().offset;
    assert!(place > 0);
    // The whole arrives: same place, annotations usable, the notice gone.
    let whole = gloss::run::open_article(&path, &layout).unwrap();
    update(&mut s, Action::Loaded(path.clone(), Ok(Box::new(whole))));
    let reader = s.reader().unwrap();
    assert!(!reader.partial && reader.annotations.is_writable());
    assert_eq!(reader.position().offset, place);
    assert!(reader.article.text.ends_with("The last paragraph of the report."));
    assert!(s.library.loading.is_none());
    assert!(s.message.is_none(), "{:?}", s.message);
}
