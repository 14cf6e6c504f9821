//! Triage from the list and the reader: one key each to star, archive, mark read
//! and set a priority; the next unread article; filtering and sorting the list.
//!
//! Star, archive and priority are coding: they go to the article's sidecar, as an
//! undoable edit, and show at once. Read is personal: it goes to the state folder.

use std::path::{Path, PathBuf};

use super::super::action::{Edit, Effect};
use super::super::command::Command;
use super::super::prompt::{Prompt, PromptKind};
use super::super::state::{Overlay, State};
use super::{Filter, Focus, open_selected, select};
use crate::annotate::model::Triage;
use crate::annotate::resolved::tag_counts;
use crate::annotate::{Sidecar, Status};
use crate::notice::{Notice, TriageChange};

/// The article triage keys act on: the one in the reader when it has the keys,
/// else the one selected in the list.
fn target(state: &State) -> Option<PathBuf> {
    match (state.library.focus, &state.library.reader) {
        (Focus::Reader, Some(reader)) => Some(reader.path.clone()),
        _ => state.library.selected_entry().map(|e| e.path.clone()),
    }
}

fn triage_of(state: &State, path: &Path) -> Option<Triage> {
    let e = state.library.entry(path)?;
    Some(Triage { starred: e.starred, archived: e.archived, priority: e.priority })
}

pub(in crate::app) fn handle(state: &mut State, command: Command, fx: &mut Vec<Effect>) {
    match command {
        Command::ToggleStar
        | Command::ToggleArchive
        | Command::Priority0
        | Command::Priority1
        | Command::Priority2
        | Command::Priority3 => {
            let Some(path) = target(state) else {
                return;
            };
            let Some(before) = triage_of(state, &path) else {
                return;
            };
            let mut after = before;
            let change = match command {
                Command::ToggleStar => {
                    after.starred = !before.starred;
                    TriageChange::Starred(after.starred)
                }
                Command::ToggleArchive => {
                    after.archived = !before.archived;
                    TriageChange::Archived(after.archived)
                }
                Command::Priority1 => set_priority(&mut after, 1),
                Command::Priority2 => set_priority(&mut after, 2),
                Command::Priority3 => set_priority(&mut after, 3),
                _ => set_priority(&mut after, 0),
            };
            set_triage(state, &path, before, after, change, fx);
        }
        Command::ToggleRead => {
            let Some(path) = target(state) else {
                return;
            };
            let read = !state.library.is_read(&path);
            mark_read(state, &path, read, fx);
            // Marked by hand: the reader does not mark it read again on its own.
            state.library.dwell = u32::MAX;
            state.message = Some(Notice::Triaged { change: TriageChange::Read(read), title: title(state, &path) });
            refresh_rows(state, fx);
        }
        Command::NextUnread => next_unread(state, fx),
        Command::ShowArchived => {
            let lib = &mut state.library;
            lib.show_archived = !lib.show_archived;
            let (_, _, archived, _) = lib.counts();
            state.message = Some(Notice::ArchivedShown { shown: lib.show_archived, count: archived });
            refresh_rows(state, fx);
        }
        Command::Filter => {
            let text = state.library.filter.to_text();
            let text = if text.is_empty() { text } else { format!("{text} ") };
            let mut prompt = Prompt::new(PromptKind::Filter, None, &text);
            prompt.refresh(&state.library.tag_counts);
            state.overlays.push(Overlay::Prompt(prompt));
        }
        Command::ClearFilter => {
            state.library.filter = Filter::default();
            state.message = Some(Notice::FilterCleared);
            refresh_rows(state, fx);
        }
        Command::Sort => {
            state.library.sort = state.library.sort.next();
            fx.push(Effect::SaveSort(state.library.sort));
            state.message = Some(Notice::Sorted(state.library.sort.name()));
            refresh_rows(state, fx);
        }
        _ => {}
    }
}

fn set_priority(t: &mut Triage, n: u8) -> TriageChange {
    t.priority = n;
    TriageChange::Priority(n)
}

fn title(state: &State, path: &Path) -> String {
    state.library.entry(path).map(|e| e.title().to_owned()).unwrap_or_default()
}

/// Change an article's triage: shown at once, written to its sidecar (undoably).
fn set_triage(
    state: &mut State,
    path: &Path,
    before: Triage,
    after: Triage,
    change: TriageChange,
    fx: &mut Vec<Effect>,
) {
    if let Some(reader) = state.library.reader.as_ref().filter(|r| r.path == path)
        && let Status::ReadOnly(why) = &reader.annotations.status
    {
        state.message = Some(Notice::ReadOnly(why.clone()));
        return;
    }
    if before == after {
        return;
    }
    if let Some(e) = state.library.entry_mut(path) {
        (e.starred, e.archived, e.priority) = (after.starred, after.archived, after.priority);
    }
    fx.push(Effect::Annotate { article: path.to_path_buf(), edit: Edit::SetTriage { before, after } });
    state.message = Some(Notice::Triaged { change, title: title(state, path) });
    refresh_rows(state, fx);
}

/// Mark `path` read or unread, here and in the state folder.
pub(in crate::app) fn mark_read(state: &mut State, path: &Path, read: bool, fx: &mut Vec<Effect>) {
    let lib = &mut state.library;
    if lib.set_read(path, read) {
        fx.push(Effect::SetRead(path.to_path_buf(), read));
    }
}

/// Rebuild the list after a change that may move or hide articles, keeping the
/// selection on the same article, or near where it was when that one left the list.
fn refresh_rows(state: &mut State, fx: &mut Vec<Effect>) {
    let before = state.library.selected;
    let current = state.library.selected_entry().map(|e| e.path.clone());
    state.library.rebuild_rows();
    let still = current.as_ref().is_some_and(|p| state.library.selected_entry().is_some_and(|e| e.path == *p));
    if !still {
        let row = before.min(state.library.rows.len().saturating_sub(1));
        select(state, row, fx);
    }
    super::keep_selection_visible(state);
    if state.library.rows.is_empty() && !state.library.entries.is_empty() {
        state.message = Some(Notice::NothingShown);
    }
}

/// `Space` in the list: open the next unread article after the selected one.
fn next_unread(state: &mut State, fx: &mut Vec<Effect>) {
    let lib = &state.library;
    let n = lib.rows.len();
    let unread = |row: usize| !lib.read.contains(&lib.entries[lib.rows[row]].path);
    let next = (1..=n).map(|k| (lib.selected + k) % n.max(1)).find(|&row| unread(row));
    match next {
        Some(row) => {
            select(state, row, fx);
            open_selected(state, fx);
        }
        None => state.message = Some(Notice::AllRead),
    }
}

/// The filter prompt was accepted.
pub(in crate::app) fn apply_filter(state: &mut State, text: &str, fx: &mut Vec<Effect>) {
    match Filter::parse(text) {
        Ok(filter) => {
            state.library.filter = filter;
            refresh_rows(state, fx);
        }
        Err(word) => {
            state.message = Some(Notice::BadFilter(word));
            let mut prompt = Prompt::new(PromptKind::Filter, None, text);
            prompt.refresh(&state.library.tag_counts);
            state.overlays.push(Overlay::Prompt(prompt));
        }
    }
}

/// A sidecar was written: take its counts, tags and triage into the list.
pub(in crate::app) fn take_sidecar(state: &mut State, article: &Path, written: &Sidecar) {
    let lib = &mut state.library;
    let Some(entry) = lib.entry_mut(article) else {
        return;
    };
    entry.annotations = written.annotations.len();
    entry.tags = tag_counts(written.annotations.iter());
    let t = written.triage;
    (entry.starred, entry.archived, entry.priority) = (t.starred, t.archived, t.priority);
    lib.tag_counts.clear();
    for entry in &lib.entries {
        for (tag, n) in &entry.tags {
            *lib.tag_counts.entry(tag.clone()).or_insert(0) += n;
        }
    }
    let current = lib.selected_entry().map(|e| e.path.clone());
    lib.rebuild_rows();
    if let Some(path) = current
        && let Some(row) = lib.rows.iter().position(|&r| lib.entries[r].path == path)
    {
        lib.selected = row;
    }
}

/// Time passes: an article open in the reader for a moment counts as read.
pub(in crate::app) fn tick(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(reader) = state.library.reader.as_ref().filter(|r| r.opened) else {
        return;
    };
    let path = reader.path.clone();
    let lib = &mut state.library;
    if lib.dwell == u32::MAX || lib.read.contains(&path) {
        return;
    }
    lib.dwell += 1;
    // The list is not rebuilt: with an unread filter on, the article being read
    // stays listed until the list next changes.
    if lib.dwell >= super::super::update::READ_AFTER_TICKS {
        mark_read(state, &path, true, fx);
    }
}
