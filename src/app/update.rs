//! `update(state, action) -> effects`: the only place the state changes.
//!
//! No I/O happens here. Reading an article, saving a position or switching mouse
//! capture is returned as an [`Effect`] for the runtime to carry out; its outcome
//! comes back as another action.
//!
//! A key becomes a command through the keymap of the current mode. The command goes
//! to the top overlay, then to the screen, then to what works everywhere: a layer
//! that does not handle a command lets it fall through to the one below.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::action::{Action, Effect};
use super::command::Command;
use super::keymap::{Chord, Lookup};
use super::library::{self, annotating};
use super::state::{Overlay, Screen, State};
use crate::notice::Notice;

/// Largest count that can be typed before a command.
const MAX_COUNT: usize = 99_999;
/// Ticks an article must be open in the reader before it counts as read.
pub const READ_AFTER_TICKS: u32 = 2;

/// Whether a layer handled a command, or lets it fall through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Handled,
    Pass,
}

/// Apply `action` to `state`; return the I/O it calls for.
/// How long one slice of idle work may take: well under a frame.
const IDLE_SLICE: std::time::Duration = std::time::Duration::from_millis(6);

/// Whether there is work for [`Action::Idle`].
pub fn has_idle_work(state: &State) -> bool {
    state.library.reader.as_ref().is_some_and(|r| !r.page.is_complete())
}

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    match action {
        Action::Key(key) => on_key(state, key, &mut fx),
        Action::Command(command, count) => run(state, command, count, &mut fx),
        Action::Mouse(mouse) => library::on_mouse(state, mouse, &mut fx),
        Action::Resize(w, h) => {
            state.size = (w, h);
            library::relayout(state);
            library::keep_selection_visible(state);
        }
        Action::Found(batch) => library::on_found(state, batch, &mut fx),
        Action::Indexing(progress) => state.library.progress = progress,
        Action::Idle => {
            if let Some(reader) = state.library.reader.as_mut() {
                reader.lay_some(IDLE_SLICE);
            }
        }
        Action::Skipped(skip) => state.library.skipped.push(skip),
        Action::ScanDone => {
            state.library.scanning = false;
            if let Some(first) = state.library.skipped.first() {
                let first = first.to_string();
                state.message = Some(Notice::Skipped { count: state.library.skipped.len(), first });
            }
        }
        Action::Loaded(path, result) => library::on_loaded(state, path, result, &mut fx),
        Action::Notice(notice) => state.message = Some(notice),
        Action::LostSidecars(moves) => {
            // Asked at once unless something else is being typed or asked.
            if state.overlays.is_empty() {
                let question = super::prompt::Question::MoveSidecars(moves);
                state.overlays.push(Overlay::Confirm(super::prompt::Confirm { question }));
            } else {
                state.message = Some(Notice::LostSidecars(moves.len()));
            }
        }
        Action::Annotated { article, sidecar, outcome, message } => {
            annotating::on_annotated(state, &article, &sidecar, outcome, message, &mut fx)
        }
        Action::ReviewLoaded(items, problems) => super::review::on_loaded(state, items, problems),
        Action::SearchHits(id, hits) => super::search::on_hits(state, id, hits),
        Action::SearchDone(id, articles) => super::search::on_done(state, id, articles),
        Action::Retagged(written, notice) => {
            for (article, sidecar) in &written {
                library::triage::take_sidecar(state, article, sidecar);
            }
            state.message = Some(notice);
            super::review::on_retagged(state, &mut fx);
            // The article in the reader may have changed tags: read it again.
            if let Some(reader) = &state.library.reader
                && written.iter().any(|(a, _)| *a == reader.path)
            {
                let path = reader.path.clone();
                state.library.loading = Some((path.clone(), false));
                fx.push(Effect::Load(path));
            }
        }
        Action::Tick => library::triage::tick(state, &mut fx),
    }
    // A lazily laid out article has what is on screen laid out before it is drawn.
    library::settle(state);
    // Remember which articles were changed, for undo in the list.
    for effect in &fx {
        if let Effect::Annotate { article, edit } = effect
            && !matches!(edit, super::action::Edit::Undo | super::action::Edit::Redo)
        {
            state.library.changed.push(article.clone());
            state.library.undone.clear();
        }
    }
    fx
}

fn on_key(state: &mut State, key: KeyEvent, fx: &mut Vec<Effect>) {
    if key.kind == KeyEventKind::Release {
        return;
    }
    state.message = None;
    let mode = state.mode();
    let chord = Chord::from(key);
    if key.code == KeyCode::Esc && (!state.typed.is_empty() || state.count.is_some()) {
        state.typed.clear();
        state.count = None;
        return;
    }
    state.typed.push(chord);
    let lookup = state.keymap.lookup(mode, &state.typed);
    // A digit is a count where the mode takes counts, unless it is bound (and no
    // count has started: then it goes on the count).
    if mode.takes_counts()
        && state.typed.len() == 1
        && let KeyCode::Char(c @ '0'..='9') = key.code
        && key.modifiers.is_empty()
        && (state.count.is_some() || (lookup == Lookup::Unbound && c != '0'))
    {
        state.typed.clear();
        let digit = c as usize - '0' as usize;
        state.count = Some((state.count.unwrap_or(0) * 10 + digit).min(MAX_COUNT));
        return;
    }
    match lookup {
        Lookup::Command(command) => {
            state.typed.clear();
            let count = state.count.take().unwrap_or(1);
            run(state, command, count, fx);
        }
        Lookup::Prefix => {}
        Lookup::Unbound => {
            state.typed.clear();
            state.count = None;
            if mode.takes_text() {
                type_key(state, key);
            }
        }
    }
}

/// A key that is typing, to the overlay that takes text.
fn type_key(state: &mut State, key: KeyEvent) {
    match state.top() {
        Some(Overlay::Prompt(_)) => super::prompt::type_key(state, key),
        Some(Overlay::Search(_)) => super::search::type_key(state, key),
        Some(Overlay::Finder(_)) => super::finder::type_key(state, key),
        Some(Overlay::Palette(_)) => super::palette::type_key(state, key),
        Some(Overlay::Help(_)) => super::help::type_key(state, key),
        _ => {}
    }
}

/// Carry out a command `count` times (where repeating means something): the top
/// overlay first, then the screen, then what works everywhere.
pub(super) fn run(state: &mut State, command: Command, count: usize, fx: &mut Vec<Effect>) {
    let count = count.max(1);
    let flow = match state.top() {
        Some(Overlay::Help(_)) => super::help::handle(state, command, count),
        Some(Overlay::Select(_)) => annotating::select_command(state, command, count, fx),
        Some(Overlay::Prompt(_)) => super::prompt::handle(state, command, fx),
        Some(Overlay::Search(_)) => super::search::handle(state, command, count, fx),
        Some(Overlay::Finder(_)) => super::finder::handle(state, command, count, fx),
        Some(Overlay::Palette(_)) => super::palette::handle(state, command, count, fx),
        Some(Overlay::Confirm(_)) => super::prompt::confirm(state, command, fx),
        None => Flow::Pass,
    };
    if flow == Flow::Handled {
        return;
    }
    let flow = match &state.screen {
        Screen::Library => library::handle(state, command, count, fx),
        Screen::Review(_) => super::review::handle(state, command, count, fx),
        Screen::Overview(_) => super::overview::handle(state, command, count),
    };
    if flow == Flow::Handled {
        return;
    }
    everywhere(state, command, fx);
}

/// Commands that work on any screen.
fn everywhere(state: &mut State, command: Command, fx: &mut Vec<Effect>) {
    match command {
        Command::Quit => {
            // A note being written is not thrown away by one keystroke.
            if let Some(Overlay::Prompt(p)) = state.overlays.last_mut()
                && p.is_note()
                && p.is_changed()
                && !p.discard_armed
            {
                p.discard_armed = true;
                state.message = Some(Notice::NoteNotSaved { quitting: true });
                return;
            }
            library::remember_position(state, fx);
            state.quit = true;
        }
        Command::Help => super::help::open(state),
        Command::CycleTheme => {
            state.themes.next();
            state.message = Some(Notice::ThemeChanged(state.themes.name().to_owned()));
        }
        Command::Palette => super::palette::open(state),
        Command::Review => super::review::open(state, fx),
        Command::Overview => super::overview::open(state),
        Command::SearchCorpus => {
            state.library.searches += 1;
            let id = state.library.searches;
            super::search::open_corpus(state, id);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Focus;
    use crate::app::keymap::{Keymap, Mode};
    use crate::app::state::Settings;
    use crate::corpus::Entry;
    use crate::corpus::{Format, Meta, TitleFrom, parse};
    use crossterm::event::KeyModifiers;
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    use std::path::{Path, PathBuf};

    fn entry(name: &str) -> Entry {
        Entry {
            path: PathBuf::from("/c").join(name),
            rel: name.into(),
            label: name.into(),
            annotations: 0,
            tags: Vec::new(),
            annotations_problem: None,
            starred: false,
            archived: false,
            priority: 0,
            problem: None,
            meta: Some(Meta {
                title: name.into(),
                title_from: TitleFrom::FileName,
                kicker: None,
                byline: None,
                date: None,
                source: None,
                words: 10,
                format: Format::Text,
                encoding: crate::corpus::Encoding::Utf8,
                encoding_from: crate::corpus::EncodingFrom::Utf8,
                lossy: false,
                provenance: Default::default(),
                main_text_guessed: false,
            }),
        }
    }

    fn long_article() -> Box<crate::app::Opened> {
        let text: String = (0..60).map(|i| format!("Paragraph number {i} says something.\n\n")).collect();
        let article = parse(text.as_bytes(), Format::Text, "long.txt");
        let annotations = crate::annotate::Annotations::none("/c/long.txt.gloss.ron".into());
        Box::new(crate::app::Opened { article, annotations, partial: false })
    }

    /// A state with `n` entries, the first one loaded.
    fn state(n: usize) -> (State, Vec<Effect>) {
        let mut s = State::new(Path::new("/c"), Keymap::default(), Settings::default());
        s.size = (120, 32);
        let mut fx = Vec::new();
        for i in 0..n {
            fx.extend(update(&mut s, Action::Found(vec![entry(&format!("{i:02}.txt"))])));
        }
        update(&mut s, Action::ScanDone);
        (s, fx)
    }

    fn key(s: &mut State, c: char) -> Vec<Effect> {
        update(s, Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
    }

    fn keys(s: &mut State, text: &str) -> Vec<Effect> {
        text.chars().flat_map(|c| key(s, c)).collect()
    }

    fn load(s: &mut State, path: &Path) {
        update(s, Action::Loaded(path.to_path_buf(), Ok(long_article())));
    }

    #[test]
    fn first_found_article_is_selected_and_loaded() {
        let (s, fx) = state(3);
        assert_eq!(s.library.selected, 0);
        assert_eq!(fx, [Effect::Load(PathBuf::from("/c/00.txt"))]);
        assert_eq!(s.library.entries.len(), 3);
    }

    #[test]
    fn entries_stay_in_path_order_and_selection_follows() {
        let mut s = State::new(Path::new("/c"), Keymap::default(), Settings::default());
        update(&mut s, Action::Found(vec![entry("b.txt")]));
        update(&mut s, Action::Found(vec![entry("c.txt")]));
        update(&mut s, Action::Found(vec![entry("a.txt")]));
        let labels: Vec<&str> = s.library.rows.iter().map(|&i| s.library.entries[i].label.as_str()).collect();
        assert_eq!(labels, ["a.txt", "b.txt", "c.txt"]);
        assert_eq!(s.library.selected_entry().unwrap().label, "b.txt");
    }

    #[test]
    fn j_k_move_the_selection_with_counts_and_limits() {
        let (mut s, _) = state(10);
        let fx = key(&mut s, 'j');
        assert_eq!(s.library.selected, 1);
        assert_eq!(fx, [Effect::Load(PathBuf::from("/c/01.txt"))]);
        keys(&mut s, "5j");
        assert_eq!(s.library.selected, 6);
        keys(&mut s, "k");
        assert_eq!(s.library.selected, 5);
        keys(&mut s, "G");
        assert_eq!(s.library.selected, 9);
        keys(&mut s, "j");
        assert_eq!(s.library.selected, 9);
        keys(&mut s, "g");
        assert_eq!(s.library.selected, 0);
        keys(&mut s, "k");
        assert_eq!(s.library.selected, 0);
    }

    #[test]
    fn enter_opens_and_focuses_the_reader() {
        let (mut s, _) = state(3);
        load(&mut s, Path::new("/c/00.txt"));
        assert_eq!(s.library.focus, Focus::List);
        assert!(!s.library.is_read(Path::new("/c/00.txt")));
        let fx = update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        assert_eq!(s.library.focus, Focus::Reader);
        assert!(matches!(fx.as_slice(), [Effect::SavePosition(..)]));
        // Read once it has been open for a moment.
        assert!(update(&mut s, Action::Tick).is_empty());
        assert!(!s.library.is_read(Path::new("/c/00.txt")));
        let fx = update(&mut s, Action::Tick);
        assert!(s.library.is_read(Path::new("/c/00.txt")));
        assert_eq!(fx, [Effect::SetRead(PathBuf::from("/c/00.txt"), true)]);
    }

    #[test]
    fn opening_before_the_article_arrives_opens_it_on_arrival() {
        let (mut s, _) = state(3);
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        assert_eq!(s.library.focus, Focus::Reader);
        load(&mut s, Path::new("/c/00.txt"));
        assert!(s.library.reader.as_ref().unwrap().opened);
        update(&mut s, Action::Tick);
        update(&mut s, Action::Tick);
        assert!(s.library.is_read(Path::new("/c/00.txt")));
    }

    #[test]
    fn stale_loads_are_ignored() {
        let (mut s, _) = state(3);
        key(&mut s, 'j');
        load(&mut s, Path::new("/c/00.txt"));
        assert!(s.library.reader.is_none());
        load(&mut s, Path::new("/c/01.txt"));
        assert_eq!(s.library.reader.as_ref().unwrap().path, Path::new("/c/01.txt"));
    }

    #[test]
    fn reader_scrolls_and_pages_within_bounds() {
        let (mut s, _) = state(2);
        load(&mut s, Path::new("/c/00.txt"));
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        let top = |s: &State| s.library.reader.as_ref().unwrap().top;
        keys(&mut s, "j");
        assert_eq!(top(&s), 1);
        keys(&mut s, "4j");
        assert_eq!(top(&s), 5);
        keys(&mut s, "k");
        assert_eq!(top(&s), 4);
        keys(&mut s, " ");
        assert_eq!(top(&s), 4 + 29);
        keys(&mut s, "b");
        assert_eq!(top(&s), 4);
        keys(&mut s, "G");
        let lines = s.library.reader.as_ref().unwrap().page.len();
        assert_eq!(top(&s), lines - 31);
        keys(&mut s, "j");
        assert_eq!(top(&s), lines - 31);
        keys(&mut s, "g");
        assert_eq!(top(&s), 0);
    }

    #[test]
    fn tab_and_h_l_switch_focus() {
        let (mut s, _) = state(2);
        load(&mut s, Path::new("/c/00.txt"));
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Tab)));
        assert_eq!(s.library.focus, Focus::Reader);
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Tab)));
        assert_eq!(s.library.focus, Focus::List);
        key(&mut s, 'l');
        assert_eq!(s.library.focus, Focus::Reader);
        key(&mut s, 'h');
        assert_eq!(s.library.focus, Focus::List);
    }

    #[test]
    fn position_is_remembered_and_restored() {
        let (mut s, _) = state(2);
        load(&mut s, Path::new("/c/00.txt"));
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        keys(&mut s, "40j");
        let before = s.library.reader.as_ref().unwrap().position();
        // switch to the next article: the position of the first is saved
        key(&mut s, 'h');
        let fx = key(&mut s, 'j');
        assert!(fx.contains(&Effect::SavePosition(PathBuf::from("/c/00.txt"), before)));
        // come back: the same text is at the top
        key(&mut s, 'k');
        load(&mut s, Path::new("/c/00.txt"));
        assert_eq!(s.library.reader.as_ref().unwrap().position(), before);
    }

    #[test]
    fn resize_keeps_the_same_text_on_top() {
        let (mut s, _) = state(1);
        load(&mut s, Path::new("/c/00.txt"));
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        keys(&mut s, "40j");
        let before = s.library.reader.as_ref().unwrap().position();
        update(&mut s, Action::Resize(50, 20));
        let r = s.library.reader.as_ref().unwrap();
        assert_eq!(r.page.width, 46);
        assert_eq!(r.position(), before);
        update(&mut s, Action::Resize(1, 1));
        update(&mut s, Action::Resize(120, 32));
        assert_eq!(s.library.reader.as_ref().unwrap().position(), before);
    }

    #[test]
    fn help_opens_scrolls_and_closes() {
        let (mut s, _) = state(1);
        key(&mut s, '?');
        assert!(matches!(s.overlays.as_slice(), [Overlay::Help(h)] if h.top == 0));
        assert_eq!(s.mode(), Mode::Help);
        key(&mut s, 'j');
        assert_eq!(s.library.selected, 0, "keys go to the help, not the list");
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Esc)));
        assert!(s.overlays.is_empty());
        key(&mut s, '?');
        key(&mut s, 'q');
        assert!(s.overlays.is_empty());
        assert!(!s.quit);
        key(&mut s, 'q');
        assert!(s.quit);
    }

    #[test]
    fn quitting_from_the_help_still_saves_the_position() {
        let (mut s, _) = state(1);
        load(&mut s, Path::new("/c/00.txt"));
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        keys(&mut s, "9j?");
        let fx = update(&mut s, Action::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(s.quit);
        assert!(matches!(fx.as_slice(), [Effect::SavePosition(_, p)] if p.offset > 0), "{fx:?}");
    }

    #[test]
    fn paging_the_list_moves_by_the_list_height() {
        let (mut s, _) = state(100);
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::PageDown)));
        assert_eq!(s.library.selected, s.list_height() - 2);
    }

    #[test]
    fn folding_without_boilerplate_says_so() {
        let (mut s, _) = state(1);
        load(&mut s, Path::new("/c/00.txt"));
        key(&mut s, 'z');
        assert!(!s.library.show_boilerplate);
        assert_eq!(s.message, Some(Notice::NoBoilerplate));
    }

    #[test]
    fn mouse_toggle_asks_the_runtime() {
        let (mut s, _) = state(1);
        assert_eq!(key(&mut s, 'M'), [Effect::SetMouse(false)]);
        assert!(!s.mouse);
        assert_eq!(key(&mut s, 'M'), [Effect::SetMouse(true)]);
    }

    #[test]
    fn click_selects_then_opens() {
        let (mut s, _) = state(5);
        let click = |row| {
            Action::Mouse(MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column: 3,
                row,
                modifiers: KeyModifiers::NONE,
            })
        };
        update(&mut s, click(3));
        assert_eq!(s.library.selected, 2);
        load(&mut s, Path::new("/c/02.txt"));
        update(&mut s, click(3));
        assert_eq!(s.library.focus, Focus::Reader);
        let wheel = Action::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 80,
            row: 5,
            modifiers: KeyModifiers::NONE,
        });
        update(&mut s, wheel);
        assert_eq!(s.library.reader.as_ref().unwrap().top, 3);
    }

    #[test]
    fn unbound_keys_and_escape_reset_counts() {
        let (mut s, _) = state(5);
        keys(&mut s, "4");
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Esc)));
        key(&mut s, 'j');
        assert_eq!(s.library.selected, 1);
        keys(&mut s, "5x");
        key(&mut s, 'j');
        assert_eq!(s.library.selected, 2);
    }

    fn triage_effect(fx: &[Effect]) -> Option<(bool, bool, u8)> {
        fx.iter().find_map(|e| match e {
            Effect::Annotate { edit: crate::annotate::Edit::SetTriage { after, .. }, .. } => {
                Some((after.starred, after.archived, after.priority))
            }
            _ => None,
        })
    }

    #[test]
    fn one_key_each_stars_archives_and_sets_priority() {
        let (mut s, _) = state(3);
        let fx = key(&mut s, 's');
        assert_eq!(triage_effect(&fx), Some((true, false, 0)));
        assert!(s.library.entries[0].starred, "shown at once");
        let fx = key(&mut s, '2');
        assert_eq!(triage_effect(&fx), Some((true, false, 2)));
        assert_eq!(s.library.entries[0].priority, 2);
        let fx = key(&mut s, '0');
        assert_eq!(triage_effect(&fx), Some((true, false, 0)));
        // Archiving hides the article from the default view; one key shows it.
        let fx = key(&mut s, 'a');
        assert_eq!(triage_effect(&fx), Some((true, true, 0)));
        assert_eq!(s.library.rows.len(), 2);
        assert_eq!(s.library.selected_entry().unwrap().label, "01.txt");
        key(&mut s, 'H');
        assert_eq!(s.library.rows.len(), 3);
        // m marks read and unread, in the state folder.
        let fx = key(&mut s, 'm');
        assert!(fx.contains(&Effect::SetRead(PathBuf::from("/c/01.txt"), true)), "{fx:?}");
        let fx = key(&mut s, 'm');
        assert!(fx.contains(&Effect::SetRead(PathBuf::from("/c/01.txt"), false)), "{fx:?}");
    }

    #[test]
    fn space_in_the_list_opens_the_next_unread_article() {
        let (mut s, _) = state(4);
        s.library.read.insert(PathBuf::from("/c/01.txt"));
        let fx = key(&mut s, ' ');
        assert_eq!(s.library.selected_entry().unwrap().label, "02.txt", "01 is read");
        assert_eq!(s.library.focus, Focus::Reader);
        assert!(fx.contains(&Effect::Load(PathBuf::from("/c/02.txt"))));
    }

    #[test]
    fn filters_combine_and_sorting_is_remembered() {
        let (mut s, _) = state(5);
        s.library.entries[1].starred = true;
        s.library.entries[1].priority = 3;
        s.library.entries[3].starred = true;
        s.library.entries[3].tags = vec![("groups/ttp".into(), 1)];
        s.library.read.insert(PathBuf::from("/c/03.txt"));
        s.library.rebuild_rows();
        key(&mut s, 'f');
        assert_eq!(s.mode(), Mode::Prompt);
        keys(&mut s, "starred unread");
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        assert_eq!(s.mode(), Mode::List);
        let shown: Vec<&str> = s.library.rows.iter().map(|&i| s.library.entries[i].label.as_str()).collect();
        assert_eq!(shown, ["01.txt"]);
        key(&mut s, 'F');
        assert_eq!(s.library.rows.len(), 5);
        assert!(crate::app::library::Filter::parse("tag:groups").unwrap().passes(&s.library.entries[3], true, false));
        // o cycles the order, and asks for it to be remembered.
        let fx = key(&mut s, 'o');
        assert_eq!(s.library.sort, crate::app::library::Sort::Date);
        assert!(fx.contains(&Effect::SaveSort(crate::app::library::Sort::Date)));
        keys(&mut s, "ooo");
        assert_eq!(s.library.sort, crate::app::library::Sort::Priority);
        let first = &s.library.entries[s.library.rows[0]];
        assert_eq!(first.label, "01.txt", "highest priority first");
    }

    #[test]
    fn commands_fall_through_the_layers() {
        let (mut s, _) = state(3);
        load(&mut s, Path::new("/c/00.txt"));
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        key(&mut s, 'v');
        assert_eq!(s.mode(), Mode::Select);
        // The selection does not handle help: it falls through to what works everywhere.
        key(&mut s, '?');
        assert_eq!(s.mode(), Mode::Help);
        assert_eq!(s.overlays.len(), 2);
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Esc)));
        assert_eq!(s.mode(), Mode::Select, "closing the help finds the selection as it was");
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Esc)));
        assert_eq!(s.mode(), Mode::Reader);
    }

    #[test]
    fn review_and_overview_are_screens_that_go_back() {
        let (mut s, _) = state(2);
        let fx = key(&mut s, 'R');
        assert_eq!(s.mode(), Mode::Review);
        assert!(fx.contains(&Effect::LoadReview));
        key(&mut s, 'O');
        assert_eq!(s.mode(), Mode::Overview);
        key(&mut s, 'R');
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Esc)));
        assert_eq!(s.mode(), Mode::Overview, "Esc goes back to where you were");
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Esc)));
        assert_eq!(s.mode(), Mode::List);
    }

    #[test]
    fn incremental_search_finds_moves_and_says_no_match() {
        let (mut s, _) = state(1);
        load(&mut s, Path::new("/c/00.txt"));
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        key(&mut s, '/');
        assert_eq!(s.mode(), Mode::Search);
        keys(&mut s, "number 4");
        let m = s.library.reader.as_ref().unwrap().search.clone().unwrap();
        // "Paragraph number 4 says", and 40 to 49.
        assert_eq!(m.ranges.len(), 11);
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        assert_eq!(s.mode(), Mode::Reader);
        key(&mut s, 'n');
        let m = s.library.reader.as_ref().unwrap().search.clone().unwrap();
        assert_eq!(m.current, Some(1));
        key(&mut s, 'N');
        key(&mut s, 'N');
        assert!(matches!(s.message, Some(Notice::MatchAt { index: 10, wrapped: true, .. })), "{:?}", s.message);
        key(&mut s, '/');
        keys(&mut s, "zebra");
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        assert_eq!(s.message, Some(Notice::NoMatch { query: "number 4zebra".into() }));
    }
}
