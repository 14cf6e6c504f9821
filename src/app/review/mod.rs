//! The review screen: the corpus's tags as a tree with counts, the passages of the
//! selected tag beside it, and the queue of passages that need attention (found
//! only approximately, or not at all). Its data is collected off the UI thread
//! ([`Effect::LoadReview`]) and arrives as [`Item`]s.

use std::ops::Range;
use std::path::PathBuf;

use super::action::{Edit, Effect, RetagOp};
use super::command::Command;
use super::library;
use super::prompt::{Confirm, Prompt, PromptKind, Question};
use super::state::{Overlay, Screen, State};
use super::update::Flow;
use crate::annotate::context::sentence_around;
use crate::annotate::tagtree::{TagTree, tag_matches};
use crate::annotate::{Anchor, AnchorState, Annotation};
use crate::corpus::Date;
use crate::notice::Notice;

/// One passage, as the review lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub path: PathBuf,
    /// The article's path in the corpus, sanitised for display.
    pub label: String,
    pub title: String,
    pub date: Option<Date>,
    pub sidecar: PathBuf,
    pub annotation: Annotation,
    pub state: AnchorState,
    /// Where the passage is now (bytes of the reading text); `None` for an orphan.
    /// An ambiguous passage is listed once for each place it could be, each with
    /// that place here.
    pub range: Option<Range<usize>>,
    /// For an ambiguous passage: which of its places this is, and how many there
    /// are.
    pub place: Option<(usize, usize)>,
    /// The sentence around it, on one line: before, the passage, after.
    pub context: (String, String, String),
    /// For a passage found approximately, or one place of an ambiguous one: its
    /// anchor at that place, ready to accept.
    pub accept: Option<Anchor>,
}

impl Item {
    /// Whether this is the passage itself or the first of its places: what counts
    /// it once.
    pub fn is_first_place(&self) -> bool {
        self.place.is_none_or(|(n, _)| n == 1)
    }

    pub fn needs_attention(&self) -> bool {
        matches!(self.state, AnchorState::Fuzzy | AnchorState::Ambiguous | AnchorState::Orphan)
    }
}

/// A row of the tag tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// Every passage found approximately or not at all.
    Attention {
        passages: usize,
    },
    /// Every passage.
    All {
        passages: usize,
        articles: usize,
    },
    Tag {
        name: String,
        segment: String,
        depth: usize,
        passages: usize,
        articles: usize,
    },
}

/// Which side keys move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    #[default]
    Tags,
    Passages,
}

/// Where `Esc` goes back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Back {
    Library,
    Overview,
}

#[derive(Debug, Clone)]
pub struct Review {
    pub back: Back,
    pub loading: bool,
    pub items: Vec<Item>,
    pub rows: Vec<Row>,
    pub row: usize,
    pub row_top: usize,
    /// Indices into `items` of the passages shown for the row and filter.
    pub shown: Vec<usize>,
    pub selected: usize,
    pub top: usize,
    pub side: Side,
    /// Only passages whose quote, note, context or title hold this (case-blind).
    pub filter: String,
    /// Files that could not be read, already worded.
    pub problems: Vec<String>,
}

impl Review {
    fn new(back: Back) -> Review {
        Review {
            back,
            loading: true,
            items: Vec::new(),
            rows: Vec::new(),
            row: 0,
            row_top: 0,
            shown: Vec::new(),
            selected: 0,
            top: 0,
            side: Side::Tags,
            filter: String::new(),
            problems: Vec::new(),
        }
    }

    /// The tag of the selected row, if it is a tag.
    pub fn tag(&self) -> Option<&str> {
        match self.rows.get(self.row)? {
            Row::Tag { name, .. } => Some(name),
            _ => None,
        }
    }

    /// How many passages are shown: a passage listed at each of its places counts
    /// once.
    pub fn shown_passages(&self) -> usize {
        self.shown.iter().filter(|&&i| self.items[i].is_first_place()).count()
    }

    pub fn selected_item(&self) -> Option<&Item> {
        self.shown.get(self.selected).map(|&i| &self.items[i])
    }

    /// Take in collected passages, keeping the selected tag when it is still there.
    pub fn set_items(&mut self, items: Vec<Item>, problems: Vec<String>) {
        let keep = self.tag().map(str::to_owned);
        let on_attention = matches!(self.rows.get(self.row), Some(Row::Attention { .. }));
        self.items = items;
        self.problems = problems;
        self.loading = false;
        // A passage in several places is listed at each, and counted once.
        let once = || self.items.iter().filter(|i| i.is_first_place());
        let tree = TagTree::build(once().map(|i| (i.path.clone(), i.annotation.tags.iter())));
        let attention = once().filter(|i| i.needs_attention()).count();
        let passages = once().count();
        let articles = {
            let mut paths: Vec<&PathBuf> = self.items.iter().map(|i| &i.path).collect();
            paths.dedup();
            paths.len()
        };
        let mut rows = vec![Row::All { passages, articles }];
        if attention > 0 {
            rows.push(Row::Attention { passages: attention });
        }
        rows.extend(tree.flatten().into_iter().map(|(depth, n)| Row::Tag {
            name: n.name.clone(),
            segment: n.segment.clone(),
            depth,
            passages: n.passages,
            articles: n.articles,
        }));
        self.rows = rows;
        self.row = match (keep, on_attention) {
            (Some(tag), _) => self.rows.iter().position(|r| matches!(r, Row::Tag { name, .. } if *name == tag)),
            (None, true) => self.rows.iter().position(|r| matches!(r, Row::Attention { .. })),
            _ => None,
        }
        .unwrap_or(0);
        self.refresh();
    }

    /// Work out the passages shown for the selected row and the filter.
    pub fn refresh(&mut self) {
        let needle = self.filter.to_lowercase();
        let row = self.rows.get(self.row).cloned();
        self.shown = (0..self.items.len())
            .filter(|&i| {
                let item = &self.items[i];
                let in_row = match &row {
                    Some(Row::Attention { .. }) => item.needs_attention(),
                    Some(Row::Tag { name, .. }) => item.annotation.tags.iter().any(|t| tag_matches(t, name)),
                    Some(Row::All { .. }) | None => true,
                };
                in_row && (needle.is_empty() || item_text(item).contains(&needle))
            })
            .collect();
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }
}

/// What the passage filter looks in, lower-cased.
fn item_text(item: &Item) -> String {
    let (b, p, a) = &item.context;
    format!("{} {} {b}{p}{a} {} {}", item.annotation.anchor.quote, item.annotation.note, item.title, item.label)
        .to_lowercase()
}

/// Open the review screen (`R`), loading its passages.
pub(super) fn open(state: &mut State, fx: &mut Vec<Effect>) {
    let back = if matches!(state.screen, Screen::Overview(_)) { Back::Overview } else { Back::Library };
    library::remember_position(state, fx);
    state.overlays.clear();
    state.previous = None;
    state.screen = Screen::Review(Box::new(Review::new(back)));
    fx.push(Effect::LoadReview);
}

fn review(state: &mut State) -> Option<&mut Review> {
    match &mut state.screen {
        Screen::Review(r) => Some(r),
        _ => None,
    }
}

/// The collected passages arrived.
pub(super) fn on_loaded(state: &mut State, items: Vec<Item>, problems: Vec<String>) {
    if let Some(r) = review(state) {
        r.set_items(items, problems);
    }
}

/// Filter the shown passages by `text` (typed in the search bar).
pub(super) fn filter_passages(state: &mut State, text: &str) {
    if let Some(r) = review(state) {
        r.filter = text.to_owned();
        r.refresh();
    }
}

/// Commands of the review screen.
pub(super) fn handle(state: &mut State, command: Command, count: usize, fx: &mut Vec<Effect>) -> Flow {
    let page = state.main_height().saturating_sub(3).max(1);
    let passage_rows = (state.main_height().saturating_sub(2) / 3).max(1);
    let Some(r) = review(state) else {
        return Flow::Pass;
    };
    let delta = |n: usize| -> isize {
        match command {
            Command::Down => count as isize,
            Command::Up => -(count as isize),
            Command::PageDown => (n * count) as isize,
            Command::PageUp => -((n * count) as isize),
            Command::Top => isize::MIN,
            _ => isize::MAX,
        }
    };
    match command {
        Command::Down | Command::Up | Command::PageDown | Command::PageUp | Command::Top | Command::Bottom => {
            match r.side {
                Side::Tags => {
                    let row = library::offset(r.row, delta(page), r.rows.len().saturating_sub(1));
                    if row != r.row {
                        r.row = row;
                        r.selected = 0;
                        r.top = 0;
                        r.refresh();
                    }
                    keep_visible(&mut r.row_top, r.row, page);
                }
                Side::Passages => {
                    r.selected = library::offset(r.selected, delta(passage_rows), r.shown.len().saturating_sub(1));
                    keep_visible(&mut r.top, r.selected, passage_rows);
                }
            }
        }
        Command::FocusNext => {
            r.side = if r.side == Side::Tags && !r.shown.is_empty() { Side::Passages } else { Side::Tags };
        }
        Command::Open => match r.side {
            Side::Tags if !r.shown.is_empty() => r.side = Side::Passages,
            Side::Tags => {}
            Side::Passages => {
                if let Some(item) = r.selected_item().cloned() {
                    open_item(state, &item, fx);
                }
            }
        },
        Command::Back => {
            state.screen = match r.back {
                Back::Library => Screen::Library,
                Back::Overview => Screen::Overview(Box::new(super::overview::Overview::build(&state.library))),
            };
        }
        Command::FilterPassages => {
            let text = r.filter.clone();
            r.side = Side::Passages;
            super::search::open_passages(state, &text);
        }
        Command::RenameTag => match r.tag().map(str::to_owned) {
            Some(tag) => {
                let mut prompt = Prompt::new(PromptKind::RenameTag(tag.clone()), None, &tag);
                prompt.refresh(&state.library.tag_counts);
                state.overlays.push(Overlay::Prompt(prompt));
            }
            None => state.message = Some(Notice::NoTagSelected),
        },
        Command::DeleteTag => match r.tag().map(str::to_owned) {
            Some(tag) => {
                let passages = r.rows.get(r.row).map_or(0, |row| match row {
                    Row::Tag { passages, .. } => *passages,
                    _ => 0,
                });
                state.overlays.push(Overlay::Confirm(Confirm { question: Question::DeleteTag { tag, passages } }));
            }
            None => state.message = Some(Notice::NoTagSelected),
        },
        Command::Undo => fx.push(Effect::Retag(RetagOp::Undo)),
        Command::Redo => fx.push(Effect::Retag(RetagOp::Redo)),
        Command::ConfirmMatch | Command::AttachOrphan | Command::DeleteAnnotation => {
            let Some(item) = r.selected_item().cloned() else {
                return Flow::Handled;
            };
            queue_command(state, command, item, fx);
        }
        _ => return Flow::Pass,
    }
    Flow::Handled
}

/// Keep `selected` within the `rows` shown from `top`.
fn keep_visible(top: &mut usize, selected: usize, rows: usize) {
    if selected < *top {
        *top = selected;
    } else if selected >= *top + rows {
        *top = selected + 1 - rows;
    }
}

/// Open the article of `item` at its passage, with its annotation in focus.
fn open_item(state: &mut State, item: &Item, fx: &mut Vec<Effect>) {
    let at = item.range.as_ref().map_or(0, |r| r.start);
    // Esc in the reader comes back here, as it was.
    let review = std::mem::replace(&mut state.screen, Screen::Library);
    state.previous = Some(Box::new(review));
    library::open_at(state, &item.path, at, fx);
    state.library.pending_focus = Some(item.annotation.id.clone());
    library::apply_pending_focus(state);
}

/// One key on a passage of the queue: accept its new place, re-attach it to a
/// selection, or delete it.
fn queue_command(state: &mut State, command: Command, item: Item, fx: &mut Vec<Effect>) {
    match command {
        Command::ConfirmMatch => match (&item.state, &item.accept) {
            (AnchorState::Fuzzy | AnchorState::Ambiguous, Some(anchor)) => {
                let after = item.annotation.reanchored(anchor.clone());
                let edit =
                    Edit::Put { before: Some(Box::new(item.annotation.clone())), after: Box::new(after.clone()) };
                fx.push(Effect::Annotate { article: item.path.clone(), edit });
                state.message = Some(Notice::ConfirmedPlace(crate::notice::Passage::of(&after)));
                // The other places of an ambiguous passage go: this one was chosen.
                if let Some(r) = review(state) {
                    r.items.retain(|i| i.annotation.id != item.annotation.id || i.range == item.range);
                    if let Some(chosen) = r.items.iter_mut().find(|i| i.annotation.id == item.annotation.id) {
                        chosen.place = None;
                    }
                }
                settle(state, &item.annotation.id, Some(AnchorState::Exact));
            }
            (AnchorState::Orphan, _) => state.message = Some(Notice::PassageGone),
            _ => state.message = Some(Notice::NothingToConfirm),
        },
        Command::AttachOrphan => {
            if !item.needs_attention() {
                state.message = Some(Notice::NothingToConfirm);
                return;
            }
            // Open it where it was (or is, approximately) and start a selection
            // there; the selection's attach key gives it its new place.
            let at = item.range.as_ref().map(|r| r.start);
            let review = std::mem::replace(&mut state.screen, Screen::Library);
            state.previous = Some(Box::new(review));
            library::open_at(state, &item.path, at.unwrap_or(0), fx);
            state.library.pending_focus = Some(item.annotation.id.clone());
            state.library.pending_select = true;
            library::apply_pending_focus(state);
        }
        Command::DeleteAnnotation => {
            let edit = Edit::Delete(Box::new(item.annotation.clone()));
            fx.push(Effect::Annotate { article: item.path.clone(), edit });
            state.message = Some(Notice::DeletedAnnotation(crate::notice::Passage::of(&item.annotation)));
            settle(state, &item.annotation.id, None);
        }
        _ => {}
    }
}

/// Show a passage's new state at once (or remove it), before the sidecar is
/// written and the review collected again.
fn settle(state: &mut State, id: &str, now: Option<AnchorState>) {
    let Some(r) = review(state) else {
        return;
    };
    match now {
        Some(s) => {
            if let Some(item) = r.items.iter_mut().find(|i| i.annotation.id == id) {
                item.state = s;
            }
        }
        None => r.items.retain(|i| i.annotation.id != id),
    }
    let items = std::mem::take(&mut r.items);
    let problems = std::mem::take(&mut r.problems);
    r.set_items(items, problems);
}

/// The rename prompt was accepted: rename, or ask first when it is a merge.
pub(super) fn rename(state: &mut State, from: &str, typed: &str, fx: &mut Vec<Effect>) {
    let Some(to) = crate::annotate::tags::normalize(typed.trim().trim_end_matches(',')) else {
        state.message = Some(Notice::EmptyTags);
        return;
    };
    if to == from {
        return;
    }
    let exists =
        review(state).is_some_and(|r| r.rows.iter().any(|row| matches!(row, Row::Tag { name, .. } if *name == to)));
    if exists {
        let question = Question::MergeTag { from: from.to_owned(), to };
        state.overlays.push(Overlay::Confirm(Confirm { question }));
    } else {
        fx.push(Effect::Retag(RetagOp::Rename { from: from.to_owned(), to }));
    }
}

/// A question was answered yes.
pub(super) fn answer(state: &mut State, question: Question, fx: &mut Vec<Effect>) {
    let _ = state;
    match question {
        Question::DeleteTag { tag, .. } => fx.push(Effect::Retag(RetagOp::Delete { tag })),
        Question::MergeTag { from, to } => fx.push(Effect::Retag(RetagOp::Rename { from, to })),
        Question::MoveSidecars(moves) => fx.push(Effect::MoveSidecars(moves)),
    }
}

/// A corpus-wide tag change is done: collect the passages again.
pub(super) fn on_retagged(state: &mut State, fx: &mut Vec<Effect>) {
    if let Some(r) = review(state) {
        r.loading = true;
        fx.push(Effect::LoadReview);
    }
}

/// Characters of context the review shows around a passage.
const CONTEXT_CHARS: usize = 240;

/// The review's passages out of a collection (on the worker that collected it):
/// each with its sentence, and for one found approximately its anchor at the new
/// place. Also the problems, worded.
pub fn items(collection: &crate::annotate::collect::Collection) -> (Vec<Item>, Vec<String>) {
    let mut items = Vec::new();
    for passage in collection.passages() {
        let (article, r) = (passage.article, passage.item);
        // The anchor at a place, recorded in the text collected (and the hash of the
        // file it came from), for a person to accept.
        let at = |range: &Range<usize>| {
            article.text.get(range.clone())?;
            Some(crate::annotate::record(&article.text, range.clone(), &article.source_hash))
        };
        let context = |range: Option<Range<usize>>| {
            range.map(|range| sentence_around(&article.text, range, CONTEXT_CHARS)).map_or_else(
                || (String::new(), crate::text::sanitize_line(&r.annotation.anchor.quote), String::new()),
                |c| (c.before, c.passage, c.after),
            )
        };
        let item = |range: Option<Range<usize>>, place, accept| Item {
            path: article.path.clone(),
            label: crate::text::sanitize_line(&article.rel.to_string_lossy()),
            title: crate::text::sanitize_line(&article.title),
            date: article.date,
            sidecar: article.sidecar.clone(),
            annotation: r.annotation.clone(),
            state: r.state,
            context: context(range.clone()),
            range,
            place,
            accept,
        };
        match (&r.state, &r.range) {
            (AnchorState::Ambiguous, _) if !r.places.is_empty() => {
                let n = r.places.len();
                for (i, place) in r.places.iter().enumerate() {
                    items.push(item(Some(place.clone()), Some((i + 1, n)), at(place)));
                }
            }
            (AnchorState::Fuzzy, Some(range)) => items.push(item(Some(range.clone()), None, at(range))),
            _ => items.push(item(r.range.clone(), None, None)),
        }
    }
    let problems = collection.problems.iter().map(ToString::to_string).collect();
    (items, problems)
}
