//! The library screen: the article list beside the reader. It owns the corpus as
//! the scan delivers it, the view of it the list shows (filter and sort), the
//! article in the reader, and the commands on them; annotating from the reader is
//! in [`annotating`], triage in [`triage`].

pub(super) mod annotating;
pub mod triage;
pub mod view;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position as Cell;

use super::action::{Effect, Opened};
use super::command::Command;
use super::page::{Header, LineKind, Page, Source};
use super::search::Matches;
use super::state::{Overlay, State};
use super::update::Flow;
use crate::annotate::Annotations;
use crate::corpus::{Article, Entry, Skip};
use crate::notice::Notice;
use crate::store::Position;
pub use view::{Filter, Sort};

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: usize = 3;

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Reader,
}

/// The article in the reading pane.
#[derive(Debug, Clone)]
pub struct Reader {
    pub path: PathBuf,
    /// Path relative to the corpus, sanitised for display.
    pub label: String,
    pub article: Article,
    pub page: Page,
    /// First display line on screen.
    pub top: usize,
    /// The user has opened it (not just previewed it from the list): its position is
    /// remembered and it counts as read.
    pub opened: bool,
    /// Its annotations, each with where its passage is now.
    pub annotations: Annotations,
    /// The annotation last moved to, created or clicked (by id): "the annotation
    /// here" when it is on screen.
    pub focus: Option<String>,
    /// Sentence ranges of the text, computed the first time a selection needs them.
    pub sentences: Vec<Range<usize>>,
    /// What opening the annotations found (passages moved, changed or gone), told
    /// when the article is opened rather than only previewed.
    pub notice: Option<Notice>,
    /// The matches of the last search in this article.
    pub search: Option<Matches>,
    /// Only its beginning is here yet ([`Opened::partial`]).
    pub partial: bool,
}

impl Reader {
    /// The display line showing byte `offset` of the text, exactly: its block is laid
    /// out first if it was not (keeping the top of the pane where it was).
    pub fn line_exact(&mut self, offset: usize) -> Option<usize> {
        self.page.lay_offset(&self.article, &self.annotations, offset, &mut self.top);
        self.page.line_showing(offset)
    }

    /// Lay out what the pane, `rows` high, shows; one pinned to the end of the page
    /// stays there however the lines laid out differ from their estimate.
    pub fn settle(&mut self, rows: usize) {
        if self.page.is_complete() {
            return;
        }
        let max = |page: &Page| page.len().saturating_sub(rows.max(1));
        let at_end = self.top >= max(&self.page) && self.top > 0;
        if at_end {
            self.page.lay_end(&self.article, &self.annotations, rows, &mut self.top);
            self.top = max(&self.page);
        }
        self.page.lay(&self.article, &self.annotations, &mut self.top, rows);
        self.top = self.top.min(max(&self.page));
    }

    /// Lay out more of a lazily laid out page, for about `budget`; true while some
    /// remains.
    pub fn lay_some(&mut self, budget: std::time::Duration) -> bool {
        self.page.lay_some(&self.article, &self.annotations, &mut self.top, budget)
    }

    /// Reading-text offset of the first line on screen.
    pub fn position(&self) -> Position {
        Position { offset: if self.top == 0 { 0 } else { self.page.offset_of_line(self.top) } }
    }

    /// The annotations (by index) whose passage shares text with `range` of the
    /// reading text; an empty range counts as the character at its start.
    pub fn items_over(&self, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let end = range.end.max(range.start + 1);
        let items = &self.annotations.items;
        (0..items.len()).filter(move |&i| items[i].range.as_ref().is_some_and(|x| x.start < end && x.end > range.start))
    }

    /// The first display line of annotation `i`: where its passage starts, or its
    /// quote among the orphans.
    pub fn line_of_item(&self, i: usize) -> Option<usize> {
        match &self.annotations.items.get(i)?.range {
            Some(range) => self.page.line_showing(range.start),
            None => {
                // Orphans are listed at the end of the page: look from there.
                let page = &self.page;
                let quote = LineKind::OrphanQuote { item: i };
                let is_quote = |j: usize| page.line(j).is_some_and(|l| l.kind == quote);
                let last = (0..page.len()).rev().find(|&j| is_quote(j))?;
                (0..=last).rev().take_while(|&j| is_quote(j)).last()
            }
        }
    }

    /// The annotations display line `i` belongs to: those over its text, or the
    /// one whose tags, note or orphaned quote it shows.
    pub fn items_on_line(&self, i: usize) -> Vec<usize> {
        let Some(line) = self.page.line(i) else {
            return Vec::new();
        };
        match line.kind {
            LineKind::Tags { item, .. }
            | LineKind::Changed { item }
            | LineKind::Note { item }
            | LineKind::OrphanQuote { item } => vec![item],
            _ if line.source == Source::Text => self.items_over(line.range.clone()).collect(),
            _ => Vec::new(),
        }
    }
}

/// Where the reader lands in an article that is still loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Landing {
    /// At this byte offset of the reading text.
    Offset(usize),
    /// On the first (or last) passage carrying this tag.
    Tag { tag: String, last: bool },
}

/// The library: the corpus as scanned, the list's view of it and the reader.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Articles in the order the scan found them; indices never change.
    pub entries: Vec<Entry>,
    /// Indices into `entries` the list shows, in order.
    pub rows: Vec<usize>,
    pub filter: Filter,
    pub sort: Sort,
    pub show_archived: bool,
    pub scanning: bool,
    /// How far indexing has got, while it goes on.
    pub progress: crate::index::Progress,
    /// Where each entry is in `entries`, by path.
    pub(in crate::app) by_path: HashMap<PathBuf, usize>,
    /// The status bar's counts, kept until an entry or a read mark changes.
    pub(in crate::app) counts: std::cell::Cell<Option<Counts>>,
    /// Some article has a date (so the list shows a date column), a star or an
    /// archive mark, a priority: kept as entries change, not worked out per frame.
    pub has_dates: bool,
    pub has_marks: bool,
    pub has_priorities: bool,
    pub skipped: Vec<Skip>,
    /// The selected row of the list.
    pub selected: usize,
    /// First article row on screen.
    pub list_top: usize,
    pub reader: Option<Reader>,
    /// The article asked for and not yet loaded, and whether to open it when it comes.
    pub loading: Option<(PathBuf, bool)>,
    /// Where to put the reader when the article asked for arrives (a passage or
    /// match chosen on another screen, or the next passage of a tag).
    pub landing: Option<Landing>,
    /// The tag `]t`/`[t` walks through.
    pub tag_walk: Option<String>,
    /// A search to show in the article being loaded (chosen from corpus results).
    pub pending_search: Option<String>,
    /// An annotation to focus in the article being loaded (chosen on the review
    /// screen), and whether to start a selection at it to re-attach it.
    pub pending_focus: Option<String>,
    pub pending_select: bool,
    /// Corpus searches started, to tell their results apart.
    pub searches: u64,
    /// Why the selected article could not be shown.
    pub reader_error: Option<(PathBuf, String)>,
    pub focus: Focus,
    pub show_boilerplate: bool,
    /// Remembered reading positions.
    pub positions: HashMap<PathBuf, Position>,
    /// Articles read (opened in the reader, or marked read).
    pub read: HashSet<PathBuf>,
    /// The tags last applied, for repeating with `.`.
    pub last_tags: Vec<String>,
    /// Every tag used in the corpus, with how many annotations carry it.
    pub tag_counts: BTreeMap<String, usize>,
    /// Where a mouse drag in the reader started (byte offset of the text).
    pub drag: Option<usize>,
    /// Ticks the open article has been on screen, for marking it read.
    pub dwell: u32,
    /// Articles changed in this session, last last (undo in the list goes back
    /// through them), and those undone (for redo).
    pub changed: Vec<PathBuf>,
    pub undone: Vec<PathBuf>,
}

impl Library {
    pub fn selected_entry(&self) -> Option<&Entry> {
        self.rows.get(self.selected).map(|&i| &self.entries[i])
    }

    /// The entry for `path`, wherever it is.
    pub fn entry(&self, path: &Path) -> Option<&Entry> {
        self.by_path.get(path).map(|&i| &self.entries[i])
    }

    pub fn entry_mut(&mut self, path: &Path) -> Option<&mut Entry> {
        self.counts.set(None);
        self.by_path.get(path).map(|&i| &mut self.entries[i])
    }

    /// Mark `path` read or unread; true if that changed anything.
    pub fn set_read(&mut self, path: &Path, read: bool) -> bool {
        self.counts.set(None);
        if read { self.read.insert(path.to_path_buf()) } else { self.read.remove(path) }
    }

    pub fn is_read(&self, path: &Path) -> bool {
        self.read.contains(path)
    }

    /// True while the reader shows an article other than the one asked for.
    pub fn reader_is_stale(&self) -> bool {
        match (&self.loading, &self.reader) {
            (Some((wanted, _)), Some(reader)) => *wanted != reader.path,
            _ => false,
        }
    }

    /// Counts for the status bar: unread, starred, archived, all.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        if let Some(c) = self.counts.get() {
            return c;
        }
        let mut unread = 0;
        let mut starred = 0;
        let mut archived = 0;
        for e in &self.entries {
            unread += usize::from(!self.read.contains(&e.path));
            starred += usize::from(e.starred);
            archived += usize::from(e.archived);
        }
        let counts = (unread, starred, archived, self.entries.len());
        self.counts.set(Some(counts));
        counts
    }

    /// Whether entry `i` passes the filter.
    fn passes(&self, i: usize) -> bool {
        let e = &self.entries[i];
        // Whether it was read matters only to the unread filter (and costs a lookup).
        let read = self.filter.unread && self.read.contains(&e.path);
        self.filter.passes(e, read, self.show_archived)
    }

    /// Rebuild the rows from the filter and sort, keeping the selected article
    /// selected when it is still shown.
    pub fn rebuild_rows(&mut self) {
        let current = self.rows.get(self.selected).copied();
        self.has_marks = self.entries.iter().any(|e| e.starred || e.archived);
        self.has_priorities = self.entries.iter().any(|e| e.priority > 0);
        let mut rows: Vec<usize> = (0..self.entries.len()).filter(|&i| self.passes(i)).collect();
        let sort = self.sort;
        let entries = &self.entries;
        rows.sort_by(|&a, &b| sort.compare(&entries[a], &entries[b]));
        self.rows = rows;
        self.selected = current.and_then(|c| self.rows.iter().position(|&r| r == c)).unwrap_or(0);
    }

    /// Add entries found by indexing; returns how many the list shows. The rows stay
    /// sorted: the new ones are sorted, then each finds its place by binary search,
    /// so a batch costs its own size times the log of the list, not the list.
    fn insert(&mut self, batch: Vec<Entry>) -> usize {
        self.counts.set(None);
        let start = self.entries.len();
        for entry in batch {
            self.has_dates |= entry.meta.as_ref().is_some_and(|m| m.date.is_some());
            self.has_marks |= entry.starred || entry.archived;
            self.has_priorities |= entry.priority > 0;
            for (tag, n) in &entry.tags {
                *self.tag_counts.entry(tag.clone()).or_insert(0) += n;
            }
            self.by_path.insert(entry.path.clone(), self.entries.len());
            self.entries.push(entry);
        }
        let mut new: Vec<usize> = (start..self.entries.len()).filter(|&i| self.passes(i)).collect();
        let sort = self.sort;
        let entries = &self.entries;
        new.sort_by(|&a, &b| sort.compare(&entries[a], &entries[b]));
        let old = std::mem::take(&mut self.rows);
        let mut rows = Vec::with_capacity(old.len() + new.len());
        let mut from = 0;
        for &n in &new {
            let at = from + old[from..].partition_point(|&o| sort.compare(&entries[o], &entries[n]).is_lt());
            rows.extend_from_slice(&old[from..at]);
            rows.push(n);
            from = at;
        }
        rows.extend_from_slice(&old[from..]);
        self.rows = rows;
        new.len()
    }
}

/// Unread, starred, archived, all.
type Counts = (usize, usize, usize, usize);

/// Commands the library handles; the others fall through.
pub(super) fn handle(state: &mut State, command: Command, count: usize, fx: &mut Vec<Effect>) -> Flow {
    let lib = &state.library;
    let height = match lib.focus {
        Focus::List => state.list_height(),
        Focus::Reader => state.reader_height(),
    };
    let page = height.saturating_sub(2).max(1);
    match command {
        Command::Back if state.previous.is_some() && state.library.focus == Focus::Reader => {
            remember_position(state, fx);
            if let Some(previous) = state.previous.take() {
                // Passages may have changed meanwhile: the review collects them again.
                if matches!(*previous, super::state::Screen::Review(_)) {
                    fx.push(Effect::LoadReview);
                }
                state.screen = *previous;
            }
        }
        Command::Back | Command::FocusList => {
            state.previous = None;
            focus_list(state);
        }
        Command::Down => move_or_scroll(state, count as isize, fx),
        Command::Up => move_or_scroll(state, -(count as isize), fx),
        Command::PageDown => move_or_scroll(state, (page * count) as isize, fx),
        Command::PageUp => move_or_scroll(state, -((page * count) as isize), fx),
        Command::HalfPageDown => move_or_scroll(state, (page.div_ceil(2) * count) as isize, fx),
        Command::HalfPageUp => move_or_scroll(state, -((page.div_ceil(2) * count) as isize), fx),
        Command::Top => move_or_scroll(state, isize::MIN, fx),
        Command::Bottom => move_or_scroll(state, isize::MAX, fx),
        Command::Open | Command::FocusReader => open_selected(state, fx),
        Command::FocusNext => match state.library.focus {
            Focus::List => open_selected(state, fx),
            Focus::Reader => focus_list(state),
        },
        Command::NextArticle => {
            select(state, state.library.selected.saturating_add(count), fx);
            open_selected(state, fx);
        }
        Command::PrevArticle => {
            select(state, state.library.selected.saturating_sub(count), fx);
            open_selected(state, fx);
        }
        Command::ToggleBoilerplate => toggle_boilerplate(state),
        Command::ToggleMouse => {
            state.mouse = !state.mouse;
            state.message = Some(Notice::Mouse { on: state.mouse });
            fx.push(Effect::SetMouse(state.mouse));
        }
        Command::NextUnread
        | Command::ToggleStar
        | Command::ToggleArchive
        | Command::ToggleRead
        | Command::Priority0
        | Command::Priority1
        | Command::Priority2
        | Command::Priority3
        | Command::ShowArchived
        | Command::Filter
        | Command::ClearFilter
        | Command::Sort => triage::handle(state, command, fx),
        Command::Select
        | Command::NextAnnotation
        | Command::PrevAnnotation
        | Command::NextInTag
        | Command::PrevInTag
        | Command::EditTags
        | Command::Note
        | Command::DeleteAnnotation
        | Command::ConfirmMatch
        | Command::Search
        | Command::NextMatch
        | Command::PrevMatch => {
            if state.library.focus == Focus::List {
                open_selected(state, fx);
            }
            let shown = state.library.reader.as_ref().map(|r| &r.path);
            if shown.is_some() && shown == state.library.selected_entry().map(|e| &e.path) {
                match command {
                    Command::Search => super::search::open_in_article(state),
                    Command::NextMatch => super::search::step(state, count as isize),
                    Command::PrevMatch => super::search::step(state, -(count as isize)),
                    Command::NextInTag => annotating::step_in_tag(state, 1, fx),
                    Command::PrevInTag => annotating::step_in_tag(state, -1, fx),
                    _ => annotating::reader_command(state, command, count, fx),
                }
            }
        }
        Command::Undo => undo_redo(state, true, fx),
        Command::Redo => undo_redo(state, false, fx),
        Command::GoToArticle => super::finder::open(state),
        _ => return Flow::Pass,
    }
    Flow::Handled
}

/// Undo (or redo) a change: in the reader, the article's last; in the list, the
/// last change made in this session, whichever article it was (an archived one
/// has left the list), else the selected article's.
fn undo_redo(state: &mut State, undo: bool, fx: &mut Vec<Effect>) {
    let lib = &mut state.library;
    let reading = lib.focus == Focus::Reader;
    let path = match (&lib.reader, reading) {
        (Some(reader), true) => Some(reader.path.clone()),
        _ => {
            let trail = if undo { &mut lib.changed } else { &mut lib.undone };
            trail.pop().or_else(|| lib.rows.get(lib.selected).map(|&i| lib.entries[i].path.clone()))
        }
    };
    let Some(path) = path else {
        return;
    };
    if let Some(reader) = lib.reader.as_ref().filter(|r| r.path == path)
        && let crate::annotate::Status::ReadOnly(why) = &reader.annotations.status
    {
        state.message = Some(Notice::ReadOnly(why.clone()));
        return;
    }
    let (from, to) = if undo { (&mut lib.changed, &mut lib.undone) } else { (&mut lib.undone, &mut lib.changed) };
    if let Some(at) = from.iter().rposition(|p| *p == path) {
        from.remove(at);
    }
    to.push(path.clone());
    let edit = if undo { super::action::Edit::Undo } else { super::action::Edit::Redo };
    fx.push(Effect::Annotate { article: path, edit });
}

/// Fold or unfold boilerplate; unfolding keeps what it reveals on screen.
fn toggle_boilerplate(state: &mut State) {
    let Some(reader) = &state.library.reader else {
        return;
    };
    let n: usize = reader.article.boilerplate.iter().map(|b| b.paragraphs.len()).sum();
    if n == 0 {
        state.message = Some(Notice::NoBoilerplate);
        return;
    }
    state.library.show_boilerplate = !state.library.show_boilerplate;
    relayout(state);
    state.message = Some(Notice::Boilerplate { shown: state.library.show_boilerplate, paragraphs: n });
    let height = state.reader_height().max(1);
    let max = max_top(state);
    if let Some(reader) = state.library.reader.as_mut()
        && state.library.show_boilerplate
    {
        let page = &reader.page;
        let top = reader.top;
        let kind = |i: usize| page.line(i).map(|l| l.kind);
        // The first fold on screen, and the last unfolded line after it.
        let end = (top + height).min(page.len());
        if let Some(fold) = (top..end).find(|&i| matches!(kind(i), Some(LineKind::Fold { .. }))) {
            let last = (fold + 1..page.len()).take_while(|&i| kind(i) == Some(LineKind::Boilerplate)).last();
            let last = last.unwrap_or(fold);
            reader.top = top.max((last + 1).saturating_sub(height)).min(fold).min(max);
        }
    }
}

/// Move the list selection or scroll the reader, by `delta` (saturating at the ends).
fn move_or_scroll(state: &mut State, delta: isize, fx: &mut Vec<Effect>) {
    match state.library.focus {
        Focus::List => {
            let target = offset(state.library.selected, delta, state.library.rows.len().saturating_sub(1));
            select(state, target, fx);
        }
        Focus::Reader => scroll(state, delta),
    }
}

pub(super) fn offset(from: usize, delta: isize, max: usize) -> usize {
    if delta >= 0 {
        from.saturating_add(delta as usize).min(max)
    } else {
        from.saturating_sub(delta.unsigned_abs()).min(max)
    }
}

/// Largest useful first line: the last line at the bottom of the pane.
pub(super) fn max_top(state: &State) -> usize {
    let lines = state.library.reader.as_ref().map_or(0, |r| r.page.len());
    lines.saturating_sub(state.reader_height().max(1))
}

fn scroll(state: &mut State, delta: isize) {
    let max = max_top(state);
    if let Some(reader) = state.library.reader.as_mut() {
        reader.top = offset(reader.top, delta, max);
    }
}

/// Scroll the reader so text offset `at` is on screen, a quarter down the pane.
pub(super) fn show_offset(state: &mut State, at: usize) {
    let height = state.reader_height().max(1);
    let max = max_top(state);
    if let Some(reader) = state.library.reader.as_mut()
        && let Some(line) = reader.line_exact(at)
        && (line < reader.top || line >= reader.top + height)
    {
        let _ = max;
        reader.top = line.saturating_sub(height / 4).min(reader.page.len().saturating_sub(height));
    }
}

/// Select the row at `index` and start loading its article for the reader.
pub(super) fn select(state: &mut State, index: usize, fx: &mut Vec<Effect>) {
    let lib = &mut state.library;
    if lib.rows.is_empty() {
        return;
    }
    lib.selected = index.min(lib.rows.len() - 1);
    keep_selection_visible(state);
    let Some(path) = state.library.selected_entry().map(|e| e.path.clone()) else {
        return;
    };
    let current = state.library.reader.as_ref().map(|r| &r.path);
    let pending = state.library.loading.as_ref().map(|(p, _)| p);
    if current == Some(&path) || pending == Some(&path) {
        return;
    }
    remember_position(state, fx);
    state.library.loading = Some((path.clone(), false));
    fx.push(Effect::Load(path));
}

/// Select the article at `path` in the list (showing it if the filter hid it).
pub(super) fn select_path(state: &mut State, path: &Path, fx: &mut Vec<Effect>) -> bool {
    let Some(index) = state.library.entries.iter().position(|e| e.path == path) else {
        return false;
    };
    if !state.library.rows.contains(&index) {
        state.library.filter = Filter::default();
        state.library.show_archived |= state.library.entries[index].archived;
        state.library.rebuild_rows();
    }
    let Some(row) = state.library.rows.iter().position(|&r| r == index) else {
        return false;
    };
    select(state, row, fx);
    true
}

/// Open the selected article: focus the reader and count it as read.
pub(super) fn open_selected(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(entry) = state.library.selected_entry() else {
        return;
    };
    let path = entry.path.clone();
    state.library.focus = Focus::Reader;
    let lib = &mut state.library;
    match lib.reader.as_mut() {
        Some(reader) if reader.path == path => {
            if let Some(notice) = reader.notice.take() {
                state.message = Some(notice);
            }
            if !reader.opened {
                reader.opened = true;
                lib.dwell = 0;
                remember_position(state, fx);
            }
        }
        _ => {
            if let Some((loading, open)) = lib.loading.as_mut()
                && *loading == path
            {
                *open = true;
                return;
            }
            lib.loading = Some((path.clone(), true));
            fx.push(Effect::Load(path));
        }
    }
}

/// Save the reader's position if the article was opened.
pub(super) fn remember_position(state: &mut State, fx: &mut Vec<Effect>) {
    if let Some(reader) = &state.library.reader
        && reader.opened
    {
        let position = reader.position();
        state.library.positions.insert(reader.path.clone(), position);
        fx.push(Effect::SavePosition(reader.path.clone(), position));
    }
}

pub(super) fn focus_list(state: &mut State) {
    state.library.focus = Focus::List;
    keep_selection_visible(state);
}

pub(super) fn keep_selection_visible(state: &mut State) {
    let height = state.list_height().max(1);
    let lib = &mut state.library;
    if lib.selected < lib.list_top {
        lib.list_top = lib.selected;
    } else if lib.selected >= lib.list_top + height {
        lib.list_top = lib.selected + 1 - height;
    }
    let max_top = lib.rows.len().saturating_sub(height);
    lib.list_top = lib.list_top.min(max_top);
}

/// Re-wrap the reader for the current width and folding, if they changed.
pub(super) fn relayout(state: &mut State) {
    let width = state.text_width();
    let show = state.library.show_boilerplate;
    if state.library.reader.as_ref().is_some_and(|r| r.page.width != width || r.page.show_boilerplate != show) {
        rebuild(state);
    }
}

/// Build a page for `article` and its annotations at the current width and
/// folding.
fn layout(state: &State, article: &Article, label: &str, annotations: &Annotations) -> Page {
    let header = Header { file: label, annotations };
    let (width, show) = (state.text_width(), state.library.show_boilerplate);
    // A long article is wrapped as it is read: what is on screen at once, the rest
    // a slice at a time while the reader is idle.
    if article.text.len() > super::page::LAZY_FROM {
        Page::lazy(article, header, width, show)
    } else {
        Page::build(article, header, width, show)
    }
}

/// Lay out the lines on screen of a lazily laid out page.
pub(super) fn settle(state: &mut State) {
    let rows = state.reader_height();
    if let Some(reader) = state.library.reader.as_mut() {
        reader.settle(rows);
    }
}

/// Lay the reader out again (its annotations changed, or the width), keeping the
/// same text at the top of the pane.
pub(super) fn rebuild(state: &mut State) {
    let Some(reader) = state.library.reader.as_ref() else {
        return;
    };
    let position = reader.position();
    let mut page = layout(state, &reader.article, &reader.label, &reader.annotations);
    page.lay_offset(&reader.article, &reader.annotations, position.offset, &mut 0);
    let top = page.top_for(position.offset, state.reader_height());
    if let Some(reader) = state.library.reader.as_mut() {
        reader.top = top;
        reader.page = page;
    }
}

pub(super) fn on_found(state: &mut State, batch: Vec<Entry>, fx: &mut Vec<Effect>) {
    let lib = &mut state.library;
    let first = lib.rows.is_empty();
    let current = lib.rows.get(lib.selected).copied();
    if lib.insert(batch) == 0 {
        return;
    }
    match current {
        _ if first => select(state, 0, fx),
        Some(current) => {
            // The selected article stays selected wherever the new ones went.
            let lib = &mut state.library;
            lib.selected = lib.rows.iter().position(|&r| r == current).unwrap_or(0);
            keep_selection_visible(state);
        }
        None => {}
    }
}

pub(super) fn on_loaded(state: &mut State, path: PathBuf, result: Result<Box<Opened>, String>, fx: &mut Vec<Effect>) {
    let Some((wanted, open)) = state.library.loading.clone() else {
        return;
    };
    if wanted != path {
        return;
    }
    let partial = result.as_ref().is_ok_and(|o| o.partial);
    // The beginning of a long article: the whole of it is still to come.
    if !partial {
        state.library.loading = None;
    }
    // A prompt or selection never outlives its article.
    let other_article = state.library.reader.as_ref().is_none_or(|r| r.path != path);
    state.close(|o| match o {
        Overlay::Prompt(p) => p.article.as_deref().is_some_and(|a| a != path),
        Overlay::Select(_) | Overlay::Search(super::search::SearchBar { scope: super::search::Scope::Article, .. }) => {
            other_article
        }
        _ => false,
    });
    let opened = match result {
        Ok(opened) => *opened,
        Err(err) => {
            state.library.reader = None;
            state.library.reader_error = Some((path, err));
            return;
        }
    };
    state.library.reader_error = None;
    let label = state
        .library
        .entry(&path)
        .map(|e| e.label.clone())
        .unwrap_or_else(|| crate::text::sanitize_line(&path.to_string_lossy()));
    let page = layout(state, &opened.article, &label, &opened.annotations);
    let lib = &state.library;
    // A passage chosen elsewhere comes first; reloading the article already shown
    // keeps the place; otherwise the remembered place.
    let mut focus = None;
    let landed = match &lib.landing {
        Some(Landing::Offset(at)) => Some(*at),
        Some(Landing::Tag { tag, last }) => {
            let items = &opened.annotations.items;
            let carries = |r: &&crate::annotate::Resolved| {
                r.range.is_some() && r.annotation.tags.iter().any(|t| crate::annotate::tagtree::tag_matches(t, tag))
            };
            let item = if *last { items.iter().rfind(carries) } else { items.iter().find(carries) };
            focus = item.map(|r| r.annotation.id.clone());
            item.and_then(|r| r.range.as_ref()).map(|r| r.start)
        }
        None => None,
    };
    let same = lib.reader.as_ref().filter(|r| r.path == path);
    let remembered = lib.positions.get(&path).map(|p| p.offset);
    // Where the beginning shown so far was: the place to keep, unless the place
    // remembered lies beyond what it held.
    let shown = same.filter(|r| !r.partial || remembered.is_none_or(|at| at < r.article.text.len()));
    let offset = landed.or_else(|| shown.map(|r| r.position().offset)).or(remembered).unwrap_or(0);
    let mut page = page;
    page.lay_offset(&opened.article, &opened.annotations, offset, &mut 0);
    let top = if landed.is_some() {
        let line = page.line_showing(offset).unwrap_or(0);
        let height = state.reader_height().max(1);
        line.saturating_sub(height / 4).min(page.len().saturating_sub(height))
    } else {
        page.top_for(offset, state.reader_height())
    };
    let notice = if partial { Some(Notice::ReadingTheRest) } else { opened.annotations.notice.clone() };
    let was_opened = same.is_some_and(|r| r.opened);
    let completes = !partial && same.is_some_and(|r| r.partial);
    let search = same.and_then(|r| r.search.clone()).map(|m| m.refreshed(&opened.article.text));
    let lib = &mut state.library;
    lib.landing = None;
    lib.reader = Some(Reader {
        path,
        label,
        article: opened.article,
        page,
        top,
        opened: was_opened,
        annotations: opened.annotations,
        focus,
        sentences: Vec::new(),
        notice,
        search,
        partial,
    });
    apply_pending_search(state);
    apply_pending_focus(state);
    let lib = &mut state.library;
    if was_opened
        && let Some(reader) = lib.reader.as_mut()
        && let Some(notice) = reader.notice.take()
    {
        // A reload of the article being read: say what changed now.
        state.message = Some(notice);
    }
    if partial {
        state.message = Some(Notice::ReadingTheRest);
    } else if completes && state.message == Some(Notice::ReadingTheRest) {
        state.message = None;
    }
    if open {
        open_selected(state, fx);
        // Opened once, with its beginning: the whole article only replaces it.
        if partial {
            state.library.loading = Some((wanted, false));
        }
    }
}

pub(super) fn on_mouse(state: &mut State, mouse: MouseEvent, fx: &mut Vec<Effect>) {
    // While typing the mouse does nothing: a click in the list would switch
    // articles under the prompt.
    if !state.is_library() || state.overlays.iter().any(|o| !matches!(o, Overlay::Select(_))) {
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
                let max = state.library.rows.len().saturating_sub(1);
                let target = offset(state.library.selected, if down { 1 } else { -1 }, max);
                select(state, target, fx);
            } else if in_reader {
                let lines = WHEEL_LINES as isize;
                scroll(state, if down { lines } else { -lines });
            }
        }
        MouseEventKind::Down(MouseButton::Left) => {
            if let Some(rows) = panes.list_rows().filter(|r| r.contains(at)) {
                let index = state.library.list_top + usize::from(mouse.row - rows.y);
                if index < state.library.rows.len() {
                    state.library.focus = Focus::List;
                    if index == state.library.selected {
                        open_selected(state, fx);
                    } else {
                        select(state, index, fx);
                    }
                }
            } else if in_reader && state.library.reader.is_some() {
                if state.library.focus == Focus::List {
                    open_selected(state, fx);
                }
                match text_offset(state, mouse.column, mouse.row) {
                    Some(offset) => annotating::mouse_down(state, offset),
                    None => state.library.drag = None,
                }
            }
        }
        MouseEventKind::Drag(MouseButton::Left) => {
            if let Some(offset) = text_offset(state, mouse.column, mouse.row) {
                annotating::mouse_drag(state, offset);
            }
        }
        MouseEventKind::Up(MouseButton::Left) => state.library.drag = None,
        _ => {}
    }
}

/// The byte offset of the reading text under the mouse at (`column`, `row`).
fn text_offset(state: &State, column: u16, row: u16) -> Option<usize> {
    let reader = state.library.reader.as_ref()?;
    let pane = state.panes().reader?;
    let text = super::geometry::text_column(pane, reader.page.width);
    if row < text.y || row >= text.y + text.height || column < text.x {
        return None;
    }
    let line = reader.top + usize::from(row - text.y);
    reader.page.offset_at(&reader.article, line, usize::from(column - text.x))
}

/// Open the article at `path` in the reader with text offset `at` on screen: how
/// other screens (review, search) hand over a passage.
pub(super) fn open_at(state: &mut State, path: &Path, at: usize, fx: &mut Vec<Effect>) {
    state.screen = super::state::Screen::Library;
    if !select_path(state, path, fx) {
        return;
    }
    match state.library.reader.as_ref() {
        Some(reader) if reader.path == path && state.library.loading.is_none() => {
            open_selected(state, fx);
            show_offset(state, at);
        }
        _ => {
            state.library.landing = Some(Landing::Offset(at));
            open_selected(state, fx);
        }
    }
}

/// Show the search chosen on another screen in the article, once it is loaded.
pub(super) fn apply_pending_search(state: &mut State) {
    let lib = &mut state.library;
    if lib.loading.is_some() {
        return;
    }
    let (Some(query), Some(reader)) = (lib.pending_search.take(), lib.reader.as_mut()) else {
        return;
    };
    if let Ok(pattern) = crate::search::Pattern::new(&query) {
        let top_offset = reader.page.offset_of_line(reader.top);
        let mut matches = Matches::find(&query, pattern, &reader.article.text);
        let i = matches.ranges.partition_point(|r| r.start < top_offset);
        matches.current = (i < matches.ranges.len()).then_some(i);
        reader.search = Some(matches);
    }
}

/// Focus the annotation chosen on another screen (and start a selection at it to
/// give it a new place), once its article is loaded.
pub(super) fn apply_pending_focus(state: &mut State) {
    if state.library.loading.is_some() {
        return;
    }
    let Some(id) = state.library.pending_focus.take() else {
        return;
    };
    let select = std::mem::take(&mut state.library.pending_select);
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    reader.focus = Some(id.clone());
    if select {
        let at = reader.annotations.items.iter().find(|r| r.annotation.id == id).and_then(|r| r.range.clone());
        annotating::start_selection_at(state, at.map(|r| r.start));
    }
}
