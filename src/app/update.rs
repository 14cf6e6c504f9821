//! `update(state, action) -> effects`: the only place the state changes.
//!
//! No I/O happens here. Reading an article, saving a position or switching mouse
//! capture is returned as an [`Effect`] for the runtime to carry out; its outcome
//! comes back as another action.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position as Cell;

use super::action::{Action, Command, Effect};
use super::annotating;
use super::keymap::{Chord, Lookup, Mode};
use super::page::LineKind;
use super::state::{Focus, Reader, State};
use crate::corpus::Entry;
use crate::notice::Notice;

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: usize = 3;
/// Largest count that can be typed before a command.
const MAX_COUNT: usize = 99_999;

/// Apply `action` to `state`; return the I/O it calls for.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    match action {
        Action::Key(key) => on_key(state, key, &mut fx),
        Action::Command(command, count) => run(state, command, count, &mut fx),
        Action::Mouse(mouse) => on_mouse(state, mouse, &mut fx),
        Action::Resize(w, h) => {
            state.size = (w, h);
            relayout(state);
            keep_selection_visible(state);
        }
        Action::Found(entry) => on_found(state, *entry, &mut fx),
        Action::Skipped(skip) => state.skipped.push(skip),
        Action::ScanDone => {
            state.scanning = false;
            if !state.skipped.is_empty() {
                let first = state.skipped[0].to_string();
                state.message = Some(Notice::Skipped { count: state.skipped.len(), first });
            }
        }
        Action::Loaded(path, result) => on_loaded(state, path, result, &mut fx),
        Action::Notice(notice) => state.message = Some(notice),
        Action::Annotated { sidecar, outcome, message } => {
            annotating::on_annotated(state, &sidecar, outcome, message, &mut fx)
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
    if matches!(mode, Mode::Normal | Mode::Select)
        && state.typed.is_empty()
        && let KeyCode::Char(c @ '0'..='9') = key.code
        && key.modifiers.is_empty()
        && (c != '0' || state.count.is_some())
    {
        let digit = c as usize - '0' as usize;
        state.count = Some((state.count.unwrap_or(0) * 10 + digit).min(MAX_COUNT));
        return;
    }
    state.typed.push(chord);
    match state.keymap.lookup(mode, &state.typed) {
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
                annotating::type_key(state, key);
            }
        }
    }
}

/// Carry out a command `count` times (where repeating means something).
fn run(state: &mut State, command: Command, count: usize, fx: &mut Vec<Effect>) {
    let count = count.max(1);
    if command == Command::Quit {
        // A note being written is not thrown away by one keystroke.
        if let Some(p) = state.prompt.as_mut().filter(|p| p.is_note() && p.is_changed() && !p.discard_armed) {
            p.discard_armed = true;
            state.message = Some(Notice::NoteNotSaved { quitting: true });
            return;
        }
        remember_position(state, fx);
        state.quit = true;
        return;
    }
    if state.help.is_some() {
        help_command(state, command, count);
        return;
    }
    match state.mode() {
        Mode::Prompt | Mode::Note => return annotating::prompt_command(state, command, fx),
        Mode::Select if command != Command::Help => return annotating::select_command(state, command, count, fx),
        _ => {}
    }
    let height = match state.focus {
        Focus::List => state.list_height(),
        Focus::Reader => state.reader_height(),
    };
    let page = height.saturating_sub(2).max(1);
    match command {
        Command::Quit => unreachable!("handled above"),
        Command::Help => state.help = Some(0),
        Command::Back | Command::FocusList => focus_list(state),
        Command::Down => move_or_scroll(state, count as isize, fx),
        Command::Up => move_or_scroll(state, -(count as isize), fx),
        Command::PageDown => move_or_scroll(state, (page * count) as isize, fx),
        Command::PageUp => move_or_scroll(state, -((page * count) as isize), fx),
        Command::HalfPageDown => move_or_scroll(state, (page.div_ceil(2) * count) as isize, fx),
        Command::HalfPageUp => move_or_scroll(state, -((page.div_ceil(2) * count) as isize), fx),
        Command::Top => move_or_scroll(state, isize::MIN, fx),
        Command::Bottom => move_or_scroll(state, isize::MAX, fx),
        Command::Open => open_selected(state, fx),
        Command::FocusNext => match state.focus {
            Focus::List => open_selected(state, fx),
            Focus::Reader => focus_list(state),
        },
        Command::FocusReader => open_selected(state, fx),
        Command::NextArticle => {
            select(state, state.selected.saturating_add(count), fx);
            open_selected(state, fx);
        }
        Command::PrevArticle => {
            select(state, state.selected.saturating_sub(count), fx);
            open_selected(state, fx);
        }
        Command::ToggleBoilerplate => toggle_boilerplate(state),
        Command::Select
        | Command::NextAnnotation
        | Command::PrevAnnotation
        | Command::EditTags
        | Command::Note
        | Command::DeleteAnnotation
        | Command::ConfirmMatch
        | Command::Undo
        | Command::Redo => {
            if state.focus == Focus::List {
                open_selected(state, fx);
            }
            if state.reader.as_ref().is_some_and(|r| Some(&r.path) == state.selected_entry().map(|e| &e.path)) {
                annotating::reader_command(state, command, count, fx);
            }
        }
        // Only meaningful while selecting or in a prompt.
        Command::ExtendForward
        | Command::ExtendBack
        | Command::WordForward
        | Command::WordBack
        | Command::Paragraph
        | Command::SwapEnds
        | Command::Tag
        | Command::RepeatTag
        | Command::AttachOrphan
        | Command::Accept
        | Command::Complete
        | Command::NextChoice
        | Command::PrevChoice => {}
        Command::ToggleMouse => {
            state.mouse = !state.mouse;
            state.message = Some(Notice::Mouse { on: state.mouse });
            fx.push(Effect::SetMouse(state.mouse));
        }
    }
}

/// Fold or unfold boilerplate; unfolding keeps what it reveals on screen.
fn toggle_boilerplate(state: &mut State) {
    let Some(reader) = &state.reader else {
        return;
    };
    let n: usize = reader.article.boilerplate.iter().map(|b| b.paragraphs.len()).sum();
    if n == 0 {
        state.message = Some(Notice::NoBoilerplate);
        return;
    }
    state.show_boilerplate = !state.show_boilerplate;
    relayout(state);
    state.message = Some(Notice::Boilerplate { shown: state.show_boilerplate, paragraphs: n });
    let height = state.reader_height().max(1);
    let max = max_top(state);
    if let Some(reader) = state.reader.as_mut()
        && state.show_boilerplate
    {
        let lines = &reader.page.lines;
        let top = reader.top;
        // The first fold on screen, and the last unfolded line after it.
        let on_screen = |i: &usize| (top..top + height).contains(i);
        if let Some(fold) = (0..lines.len()).filter(on_screen).find(|&i| matches!(lines[i].kind, LineKind::Fold { .. }))
        {
            let last = (fold + 1..lines.len()).take_while(|&i| lines[i].kind == LineKind::Boilerplate).last();
            let last = last.unwrap_or(fold);
            reader.top = top.max((last + 1).saturating_sub(height)).min(fold).min(max);
        }
    }
}

fn help_command(state: &mut State, command: Command, count: usize) {
    let rows = state.keymap.help_lines();
    let visible = usize::from(super::geometry::help_box(state.area(), rows).height.saturating_sub(2));
    let max = rows.saturating_sub(visible);
    let top = state.help.unwrap_or(0);
    let new = match command {
        Command::Down => top.saturating_add(count),
        Command::Up => top.saturating_sub(count),
        Command::PageDown => top.saturating_add(visible.max(1) * count),
        Command::PageUp => top.saturating_sub(visible.max(1) * count),
        Command::Top => 0,
        Command::Bottom => max,
        _ => {
            state.help = None;
            return;
        }
    };
    state.help = Some(new.min(max));
}

/// Move the list selection or scroll the reader, by `delta` (saturating at the ends).
fn move_or_scroll(state: &mut State, delta: isize, fx: &mut Vec<Effect>) {
    match state.focus {
        Focus::List => {
            let target = offset(state.selected, delta, state.entries.len().saturating_sub(1));
            select(state, target, fx);
        }
        Focus::Reader => scroll(state, delta),
    }
}

fn offset(from: usize, delta: isize, max: usize) -> usize {
    if delta >= 0 {
        from.saturating_add(delta as usize).min(max)
    } else {
        from.saturating_sub(delta.unsigned_abs()).min(max)
    }
}

/// Largest useful first line: the last line at the bottom of the pane.
fn max_top(state: &State) -> usize {
    let lines = state.reader.as_ref().map_or(0, |r| r.page.lines.len());
    lines.saturating_sub(state.reader_height().max(1))
}

fn scroll(state: &mut State, delta: isize) {
    let max = max_top(state);
    if let Some(reader) = state.reader.as_mut() {
        reader.top = offset(reader.top, delta, max);
    }
}

/// Select the entry at `index` and start loading it for the reader.
fn select(state: &mut State, index: usize, fx: &mut Vec<Effect>) {
    if state.entries.is_empty() {
        return;
    }
    let index = index.min(state.entries.len() - 1);
    state.selected = index;
    keep_selection_visible(state);
    let path = state.entries[index].path.clone();
    let current = state.reader.as_ref().map(|r| &r.path);
    let pending = state.loading.as_ref().map(|(p, _)| p);
    if current == Some(&path) || pending == Some(&path) {
        return;
    }
    remember_position(state, fx);
    state.loading = Some((path.clone(), false));
    fx.push(Effect::Load(path));
}

/// Open the selected article: focus the reader and count it as read.
fn open_selected(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(entry) = state.selected_entry() else {
        return;
    };
    let path = entry.path.clone();
    state.focus = Focus::Reader;
    match state.reader.as_mut() {
        Some(reader) if reader.path == path => {
            if let Some(notice) = reader.notice.take() {
                state.message = Some(notice);
            }
            if !reader.opened {
                reader.opened = true;
                remember_position(state, fx);
            }
        }
        _ => {
            if let Some((loading, open)) = state.loading.as_mut()
                && *loading == path
            {
                *open = true;
                return;
            }
            state.loading = Some((path.clone(), true));
            fx.push(Effect::Load(path));
        }
    }
}

/// Save the reader's position if the article was opened.
fn remember_position(state: &mut State, fx: &mut Vec<Effect>) {
    if let Some(reader) = &state.reader
        && reader.opened
    {
        let position = reader.position();
        state.positions.insert(reader.path.clone(), position);
        fx.push(Effect::SavePosition(reader.path.clone(), position));
    }
}

fn focus_list(state: &mut State) {
    state.focus = Focus::List;
    keep_selection_visible(state);
}

fn keep_selection_visible(state: &mut State) {
    let height = state.list_height().max(1);
    if state.selected < state.list_top {
        state.list_top = state.selected;
    } else if state.selected >= state.list_top + height {
        state.list_top = state.selected + 1 - height;
    }
    let max_top = state.entries.len().saturating_sub(height);
    state.list_top = state.list_top.min(max_top);
}

/// Re-wrap the reader for the current width and folding, if they changed.
fn relayout(state: &mut State) {
    let width = state.text_width();
    let show = state.show_boilerplate;
    if state.reader.as_ref().is_some_and(|r| r.page.width != width || r.page.show_boilerplate != show) {
        rebuild(state);
    }
}

/// Lay the reader out again (its annotations changed, or the width), keeping the
/// same text at the top of the pane.
pub(super) fn rebuild(state: &mut State) {
    let Some(reader) = state.reader.as_ref() else {
        return;
    };
    let position = reader.position();
    let page = state.layout(&reader.article, &reader.label, &reader.annotations);
    let top = page.top_for(position.offset, state.reader_height());
    if let Some(reader) = state.reader.as_mut() {
        reader.top = top;
        reader.page = page;
    }
}

fn on_found(state: &mut State, entry: Entry, fx: &mut Vec<Effect>) {
    state.has_dates |= entry.meta.as_ref().is_some_and(|m| m.date.is_some());
    for (tag, n) in &entry.tags {
        *state.tag_counts.entry(tag.clone()).or_insert(0) += n;
    }
    let at = state.entries.partition_point(|e| e.rel < entry.rel);
    let first = state.entries.is_empty();
    state.entries.insert(at, entry);
    if first {
        select(state, 0, fx);
    } else if at <= state.selected {
        state.selected += 1;
        keep_selection_visible(state);
    }
}

fn on_loaded(
    state: &mut State,
    path: std::path::PathBuf,
    result: Result<Box<super::action::Opened>, String>,
    fx: &mut Vec<Effect>,
) {
    let Some((wanted, open)) = state.loading.clone() else {
        return;
    };
    if wanted != path {
        return;
    }
    state.loading = None;
    if state.prompt.as_ref().is_some_and(|p| p.article != path) {
        state.prompt = None;
    }
    let opened = match result {
        Ok(opened) => *opened,
        Err(err) => {
            state.reader = None;
            state.reader_error = Some((path, err));
            return;
        }
    };
    state.reader_error = None;
    let label = state
        .entries
        .iter()
        .find(|e| e.path == path)
        .map(|e| e.label.clone())
        .unwrap_or_else(|| crate::text::sanitize_line(&path.to_string_lossy()));
    let page = state.layout(&opened.article, &label, &opened.annotations);
    // Reloading the article already shown keeps the place; otherwise the remembered one.
    let same = state.reader.as_ref().filter(|r| r.path == path).map(|r| r.position().offset);
    let offset = same.or_else(|| state.positions.get(&path).map(|p| p.offset)).unwrap_or(0);
    let top = page.top_for(offset, state.reader_height());
    let notice = opened.annotations.notice.clone();
    let was_opened = state.reader.as_ref().is_some_and(|r| r.path == path && r.opened);
    state.reader = Some(Reader {
        path,
        label,
        article: opened.article,
        page,
        top,
        opened: was_opened,
        annotations: opened.annotations,
        focus: None,
        selection: None,
        sentences: Vec::new(),
        notice,
    });
    if was_opened
        && let Some(reader) = state.reader.as_mut()
        && let Some(notice) = reader.notice.take()
    {
        // A reload of the article being read: say what changed now.
        state.message = Some(notice);
    }
    if open {
        open_selected(state, fx);
    }
}

fn on_mouse(state: &mut State, mouse: MouseEvent, fx: &mut Vec<Effect>) {
    // While typing tags or a note the mouse does nothing: a click in the list would
    // switch articles under the prompt.
    if state.prompt.is_some() {
        return;
    }
    let panes = state.panes();
    let at = Cell::new(mouse.column, mouse.row);
    let in_list = panes.list.is_some_and(|r| r.contains(at));
    let in_reader = panes.reader.is_some_and(|r| r.contains(at));
    match mouse.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let down = mouse.kind == MouseEventKind::ScrollDown;
            if in_list {
                let target = offset(state.selected, if down { 1 } else { -1 }, state.entries.len().saturating_sub(1));
                select(state, target, fx);
            } else if in_reader {
                let lines = WHEEL_LINES as isize;
                scroll(state, if down { lines } else { -lines });
            }
        }
        MouseEventKind::Down(MouseButton::Left) => {
            if let Some(rows) = panes.list_rows().filter(|r| r.contains(at)) {
                let index = state.list_top + usize::from(mouse.row - rows.y);
                if index < state.entries.len() {
                    state.focus = Focus::List;
                    if index == state.selected {
                        open_selected(state, fx);
                    } else {
                        select(state, index, fx);
                    }
                }
            } else if in_reader && state.reader.is_some() {
                if state.focus == Focus::List {
                    open_selected(state, fx);
                }
                match text_offset(state, mouse.column, mouse.row) {
                    Some(offset) => annotating::mouse_down(state, offset),
                    None => state.drag = None,
                }
            }
        }
        MouseEventKind::Drag(MouseButton::Left) => {
            if let Some(offset) = text_offset(state, mouse.column, mouse.row) {
                annotating::mouse_drag(state, offset);
            }
        }
        MouseEventKind::Up(MouseButton::Left) => state.drag = None,
        _ => {}
    }
}

/// The byte offset of the reading text under the mouse at (`column`, `row`).
fn text_offset(state: &State, column: u16, row: u16) -> Option<usize> {
    let reader = state.reader.as_ref()?;
    let pane = state.panes().reader?;
    let text = super::geometry::text_column(pane, reader.page.width);
    if row < text.y || row >= text.y + text.height || column < text.x {
        return None;
    }
    let line = reader.top + usize::from(row - text.y);
    reader.page.offset_at(&reader.article, line, usize::from(column - text.x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Keymap;
    use crate::app::state::Settings;
    use crate::corpus::{Format, Meta, TitleFrom, parse};
    use crossterm::event::KeyModifiers;
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
                lossy: false,
            }),
        }
    }

    fn long_article() -> Box<crate::app::Opened> {
        let text: String = (0..60).map(|i| format!("Paragraph number {i} says something.\n\n")).collect();
        let article = parse(text.as_bytes(), Format::Text, "long.txt");
        let annotations = crate::annotate::Annotations::none("/c/long.txt.gloss.ron".into());
        Box::new(crate::app::Opened { article, annotations })
    }

    /// A state with `n` entries, the first one loaded.
    fn state(n: usize) -> (State, Vec<Effect>) {
        let mut s = State::new(Path::new("/c"), Keymap::default(), Settings::default());
        s.size = (120, 32);
        let mut fx = Vec::new();
        for i in 0..n {
            fx.extend(update(&mut s, Action::Found(Box::new(entry(&format!("{i:02}.txt"))))));
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
        assert_eq!(s.selected, 0);
        assert_eq!(fx, [Effect::Load(PathBuf::from("/c/00.txt"))]);
        assert_eq!(s.entries.len(), 3);
    }

    #[test]
    fn entries_stay_in_path_order_and_selection_follows() {
        let mut s = State::new(Path::new("/c"), Keymap::default(), Settings::default());
        update(&mut s, Action::Found(Box::new(entry("b.txt"))));
        update(&mut s, Action::Found(Box::new(entry("c.txt"))));
        update(&mut s, Action::Found(Box::new(entry("a.txt"))));
        let labels: Vec<&str> = s.entries.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, ["a.txt", "b.txt", "c.txt"]);
        assert_eq!(s.selected_entry().unwrap().label, "b.txt");
    }

    #[test]
    fn j_k_move_the_selection_with_counts_and_limits() {
        let (mut s, _) = state(10);
        let fx = key(&mut s, 'j');
        assert_eq!(s.selected, 1);
        assert_eq!(fx, [Effect::Load(PathBuf::from("/c/01.txt"))]);
        keys(&mut s, "5j");
        assert_eq!(s.selected, 6);
        keys(&mut s, "k");
        assert_eq!(s.selected, 5);
        keys(&mut s, "G");
        assert_eq!(s.selected, 9);
        keys(&mut s, "j");
        assert_eq!(s.selected, 9);
        keys(&mut s, "g");
        assert_eq!(s.selected, 0);
        keys(&mut s, "k");
        assert_eq!(s.selected, 0);
    }

    #[test]
    fn enter_opens_and_focuses_the_reader() {
        let (mut s, _) = state(3);
        load(&mut s, Path::new("/c/00.txt"));
        assert_eq!(s.focus, Focus::List);
        assert!(!s.is_read(Path::new("/c/00.txt")));
        let fx = update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        assert_eq!(s.focus, Focus::Reader);
        assert!(s.is_read(Path::new("/c/00.txt")));
        assert!(matches!(fx.as_slice(), [Effect::SavePosition(..)]));
    }

    #[test]
    fn opening_before_the_article_arrives_opens_it_on_arrival() {
        let (mut s, _) = state(3);
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        assert_eq!(s.focus, Focus::Reader);
        load(&mut s, Path::new("/c/00.txt"));
        assert!(s.reader.as_ref().unwrap().opened);
        assert!(s.is_read(Path::new("/c/00.txt")));
    }

    #[test]
    fn stale_loads_are_ignored() {
        let (mut s, _) = state(3);
        key(&mut s, 'j');
        load(&mut s, Path::new("/c/00.txt"));
        assert!(s.reader.is_none());
        load(&mut s, Path::new("/c/01.txt"));
        assert_eq!(s.reader.as_ref().unwrap().path, Path::new("/c/01.txt"));
    }

    #[test]
    fn reader_scrolls_and_pages_within_bounds() {
        let (mut s, _) = state(2);
        load(&mut s, Path::new("/c/00.txt"));
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        let top = |s: &State| s.reader.as_ref().unwrap().top;
        keys(&mut s, "j");
        assert_eq!(top(&s), 1);
        keys(&mut s, "3j");
        assert_eq!(top(&s), 4);
        keys(&mut s, " ");
        assert_eq!(top(&s), 4 + 29);
        keys(&mut s, "b");
        assert_eq!(top(&s), 4);
        keys(&mut s, "G");
        let lines = s.reader.as_ref().unwrap().page.lines.len();
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
        assert_eq!(s.focus, Focus::Reader);
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Tab)));
        assert_eq!(s.focus, Focus::List);
        key(&mut s, 'l');
        assert_eq!(s.focus, Focus::Reader);
        key(&mut s, 'h');
        assert_eq!(s.focus, Focus::List);
    }

    #[test]
    fn position_is_remembered_and_restored() {
        let (mut s, _) = state(2);
        load(&mut s, Path::new("/c/00.txt"));
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        keys(&mut s, "20j");
        let before = s.reader.as_ref().unwrap().position();
        // switch to the next article: the position of the first is saved
        key(&mut s, 'h');
        let fx = key(&mut s, 'j');
        assert!(fx.contains(&Effect::SavePosition(PathBuf::from("/c/00.txt"), before)));
        // come back: the same text is at the top
        key(&mut s, 'k');
        load(&mut s, Path::new("/c/00.txt"));
        assert_eq!(s.reader.as_ref().unwrap().position(), before);
    }

    #[test]
    fn resize_keeps_the_same_text_on_top() {
        let (mut s, _) = state(1);
        load(&mut s, Path::new("/c/00.txt"));
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        keys(&mut s, "30j");
        let before = s.reader.as_ref().unwrap().position();
        update(&mut s, Action::Resize(50, 20));
        let r = s.reader.as_ref().unwrap();
        assert_eq!(r.page.width, 46);
        assert_eq!(r.position(), before);
        update(&mut s, Action::Resize(1, 1));
        update(&mut s, Action::Resize(120, 32));
        assert_eq!(s.reader.as_ref().unwrap().position(), before);
    }

    #[test]
    fn help_opens_scrolls_and_closes() {
        let (mut s, _) = state(1);
        key(&mut s, '?');
        assert_eq!(s.help, Some(0));
        assert_eq!(s.mode(), Mode::Help);
        key(&mut s, 'j');
        assert_eq!(s.selected, 0, "keys go to the help, not the list");
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Esc)));
        assert_eq!(s.help, None);
        key(&mut s, '?');
        key(&mut s, 'q');
        assert_eq!(s.help, None);
        assert!(!s.quit);
        key(&mut s, 'q');
        assert!(s.quit);
    }

    #[test]
    fn quitting_from_the_help_still_saves_the_position() {
        let (mut s, _) = state(1);
        load(&mut s, Path::new("/c/00.txt"));
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Enter)));
        keys(&mut s, "10j?");
        let fx = update(&mut s, Action::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(s.quit);
        assert!(matches!(fx.as_slice(), [Effect::SavePosition(_, p)] if p.offset > 0), "{fx:?}");
    }

    #[test]
    fn paging_the_list_moves_by_the_list_height() {
        let (mut s, _) = state(100);
        key(&mut s, ' ');
        assert_eq!(s.selected, s.list_height() - 2);
    }

    #[test]
    fn folding_without_boilerplate_says_so() {
        let (mut s, _) = state(1);
        load(&mut s, Path::new("/c/00.txt"));
        key(&mut s, 'z');
        assert!(!s.show_boilerplate);
        assert_eq!(s.message, Some(Notice::NoBoilerplate));
    }

    #[test]
    fn mouse_toggle_asks_the_runtime() {
        let (mut s, _) = state(1);
        assert_eq!(key(&mut s, 'm'), [Effect::SetMouse(false)]);
        assert!(!s.mouse);
        assert_eq!(key(&mut s, 'm'), [Effect::SetMouse(true)]);
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
        assert_eq!(s.selected, 2);
        load(&mut s, Path::new("/c/02.txt"));
        update(&mut s, click(3));
        assert_eq!(s.focus, Focus::Reader);
        let wheel = Action::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 80,
            row: 5,
            modifiers: KeyModifiers::NONE,
        });
        update(&mut s, wheel);
        assert_eq!(s.reader.as_ref().unwrap().top, 3);
    }

    #[test]
    fn unbound_keys_and_escape_reset_counts() {
        let (mut s, _) = state(5);
        keys(&mut s, "3");
        update(&mut s, Action::Key(KeyEvent::from(KeyCode::Esc)));
        key(&mut s, 'j');
        assert_eq!(s.selected, 1);
        keys(&mut s, "2x");
        key(&mut s, 'j');
        assert_eq!(s.selected, 2);
    }
}
