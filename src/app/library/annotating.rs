//! Annotating from the reader, as part of `update`: selections, the tag prompt and
//! note editor, the commands on "the annotation here", and taking in sidecars as
//! they are written. Nothing here does I/O: changes go out as [`Effect::Annotate`]
//! and are applied to the screen at once, then confirmed (or undone) when the
//! written sidecar comes back.

use std::ops::Range;

use super::super::action::{Edit, Effect};
use super::super::command::Command;
use super::super::page::Source;
use super::super::prompt::{Prompt, PromptKind};
use super::super::selection::{self, Selection};
use super::super::state::{Overlay, State};
use super::super::update::Flow;
use super::{Focus, Reader};
use crate::annotate::resolved::sort;
use crate::annotate::{AnchorState, Annotation, Resolved, Sidecar, SidecarError, record};
use crate::notice::{Notice, Passage};

/// Start a selection on the first sentence on screen.
pub(super) fn start_selection(state: &mut State) {
    start_selection_at(state, None);
}

/// Start a selection on the sentence at text offset `at`, or (`None`) on the first
/// sentence on screen.
pub(super) fn start_selection_at(state: &mut State, at: Option<usize>) {
    let height = state.reader_height();
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    ensure_sentences(reader);
    let end = (reader.top + height).min(reader.page.len());
    let first = (reader.top..end).find_map(|i| reader.page.line(i).filter(|l| l.source == Source::Text));
    let offset = first.map(|l| l.range.start);
    // The first sentence that starts on screen; one that began above it would be
    // tagged unseen. A sentence longer than the screen is taken whole.
    let starts_here = offset.and_then(|o| reader.sentences.iter().find(|s| s.start >= o).cloned());
    let on_screen = starts_here.filter(|s| reader.page.line_showing(s.start).is_some_and(|l| l < end));
    let sentence = at.or(on_screen.map(|s| s.start)).or(offset);
    match sentence.and_then(|o| Selection::at_sentence(&reader.sentences, o)) {
        Some(sel) => {
            state.close(|o| matches!(o, Overlay::Select(_)));
            state.overlays.push(Overlay::Select(sel));
            state.library.focus = Focus::Reader;
        }
        None => state.message = Some(Notice::NoTextOnScreen),
    }
}

fn ensure_sentences(reader: &mut Reader) {
    if reader.sentences.is_empty() {
        reader.sentences = selection::sentences(&reader.article);
    }
}

/// A command while selecting: the selection overlay's own; others fall through.
pub(in crate::app) fn select_command(state: &mut State, command: Command, count: usize, fx: &mut Vec<Effect>) -> Flow {
    let steps = count as isize;
    let Some(Overlay::Select(sel)) = state.overlays.last_mut() else {
        return Flow::Pass;
    };
    let Some(reader) = state.library.reader.as_mut() else {
        state.overlays.pop();
        return Flow::Pass;
    };
    match command {
        Command::ExtendForward => sel.by_sentences(&reader.sentences, steps),
        Command::ExtendBack => sel.by_sentences(&reader.sentences, -steps),
        Command::WordForward => sel.by_words(&reader.article.text, steps),
        Command::WordBack => sel.by_words(&reader.article.text, -steps),
        Command::Paragraph => sel.paragraph(&reader.article),
        Command::SwapEnds => sel.swap(),
        Command::Back => {
            state.overlays.pop();
        }
        Command::Tag => {
            let range = sel.range();
            open_prompt(state, PromptKind::NewTags(range), "");
        }
        Command::Note => {
            let range = sel.range();
            open_prompt(state, PromptKind::NewNote(range), "");
        }
        Command::RepeatTag => {
            let range = sel.range();
            if state.library.last_tags.is_empty() {
                state.message = Some(Notice::NothingToRepeat);
            } else {
                let tags = state.library.last_tags.clone();
                create(state, range, tags, String::new(), fx);
            }
        }
        Command::AttachOrphan => {
            let range = sel.range();
            attach_orphan(state, range, fx);
        }
        _ => return Flow::Pass,
    }
    keep_in_view(state);
    Flow::Handled
}

/// Open the tag prompt or note editor on the article in the reader.
fn open_prompt(state: &mut State, kind: PromptKind, text: &str) {
    if !writable(state) {
        return;
    }
    let Some(reader) = &state.library.reader else {
        return;
    };
    // Text from a sidecar is untrusted like any other before it reaches a widget.
    let mut prompt = Prompt::new(kind, Some(&reader.path), &crate::text::sanitize(text));
    prompt.refresh(&state.library.tag_counts);
    state.overlays.push(Overlay::Prompt(prompt));
}

/// Scroll so the selection's active end is on screen.
fn keep_in_view(state: &mut State) {
    let height = state.reader_height().max(1);
    let Some(sel) = state.selection().cloned() else {
        return;
    };
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    let head = if sel.head() == sel.end { sel.end.saturating_sub(1).max(sel.start) } else { sel.head() };
    let Some(line) = reader.line_exact(head) else {
        return;
    };
    if line < reader.top {
        reader.top = line;
    } else if line >= reader.top + height {
        reader.top = line + 1 - height;
    }
}

/// Refuse (with the reason) when the article's annotations cannot be changed.
fn writable(state: &mut State) -> bool {
    let Some(reader) = &state.library.reader else {
        return false;
    };
    if let crate::annotate::Status::ReadOnly(why) = &reader.annotations.status {
        state.message = Some(Notice::ReadOnly(why.clone()));
    }
    reader.annotations.is_writable()
}

/// A new annotation on `range` of the text.
pub(in crate::app) fn create(
    state: &mut State,
    range: Range<usize>,
    tags: Vec<String>,
    note: String,
    fx: &mut Vec<Effect>,
) {
    if !writable(state) {
        return;
    }
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    let text = &reader.article.text;
    if range.start >= range.end || text.get(range.clone()).is_none() {
        state.message = Some(Notice::SelectionGone);
        return;
    }
    let anchor = record(text, range, &reader.article.source_hash);
    let annotation = Annotation::new(anchor, tags, note);
    reader.focus = Some(annotation.id.clone());
    state.message = Some(Notice::Annotated(Passage::of(&annotation)));
    state.close(|o| matches!(o, Overlay::Select(_)));
    put(state, None, annotation, fx);
}

/// Save `after` (replacing `before`), showing it at once.
fn put(state: &mut State, before: Option<Annotation>, after: Annotation, fx: &mut Vec<Effect>) {
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    let item = resolve_reusing(&reader.article, &after, &reader.annotations.items);
    match reader.annotations.items.iter_mut().find(|r| r.annotation.id == after.id) {
        Some(slot) => *slot = item,
        None => reader.annotations.items.push(item),
    }
    sort(&mut reader.annotations.items);
    let edit = Edit::Put { before: before.map(Box::new), after: Box::new(after) };
    fx.push(Effect::Annotate { article: reader.path.clone(), edit });
    super::rebuild(state);
}

/// A command on annotations from the reader (not selecting).
pub(super) fn reader_command(state: &mut State, command: Command, count: usize, fx: &mut Vec<Effect>) {
    match command {
        Command::Select => start_selection(state),
        Command::NextAnnotation => step(state, count as isize),
        Command::PrevAnnotation => step(state, -(count as isize)),
        Command::Undo | Command::Redo => {
            if writable(state)
                && let Some(reader) = &state.library.reader
            {
                let edit = if command == Command::Undo { Edit::Undo } else { Edit::Redo };
                fx.push(Effect::Annotate { article: reader.path.clone(), edit });
            }
        }
        Command::EditTags | Command::Note | Command::DeleteAnnotation | Command::ConfirmMatch => {
            let Some(i) = state.annotation_here() else {
                state.message = Some(Notice::NoAnnotationHere);
                return;
            };
            on_annotation(state, command, i, fx);
        }
        _ => {}
    }
}

fn on_annotation(state: &mut State, command: Command, i: usize, fx: &mut Vec<Effect>) {
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    let item = reader.annotations.items[i].clone();
    reader.focus = Some(item.annotation.id.clone());
    if !writable(state) {
        return;
    }
    let a = item.annotation.clone();
    match command {
        Command::EditTags => open_prompt(state, PromptKind::EditTags(a.id.clone()), &a.tags.join(", ")),
        Command::Note => open_prompt(state, PromptKind::EditNote(a.id.clone()), &a.note),
        Command::DeleteAnnotation => {
            let Some(reader) = state.library.reader.as_mut() else {
                return;
            };
            reader.annotations.items.retain(|r| r.annotation.id != a.id);
            reader.focus = None;
            fx.push(Effect::Annotate { article: reader.path.clone(), edit: Edit::Delete(Box::new(a.clone())) });
            state.message = Some(Notice::DeletedAnnotation(Passage::of(&a)));
            super::rebuild(state);
        }
        Command::ConfirmMatch => match (item.state, &item.range) {
            (AnchorState::Fuzzy, Some(range)) => {
                let Some(reader) = state.library.reader.as_ref() else {
                    return;
                };
                let after = a.reanchored(record(&reader.article.text, range.clone(), &reader.article.source_hash));
                state.message = Some(Notice::ConfirmedPlace(Passage::of(&after)));
                put(state, Some(a), after, fx);
            }
            (AnchorState::Orphan, _) => state.message = Some(Notice::PassageGone),
            (AnchorState::Ambiguous, _) => state.message = Some(Notice::InSeveralPlaces(item.places.len())),
            _ => state.message = Some(Notice::NothingToConfirm),
        },
        _ => {}
    }
}

/// Move the focus `steps` annotations on (or back), scrolling to show it.
fn step(state: &mut State, steps: isize) {
    let height = state.reader_height().max(1);
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    let items = &reader.annotations.items;
    if items.is_empty() {
        state.message = Some(Notice::NoAnnotations);
        return;
    }
    let top_offset = reader.page.offset_of_line(reader.top);
    // The focus counts only while it is on screen: after scrolling away, ]a goes
    // on from what is shown, not from an annotation left behind.
    let shown = |i: usize| reader.line_of_item(i).is_some_and(|l| l >= reader.top && l < reader.top + height);
    let current =
        reader.focus.as_ref().and_then(|id| items.iter().position(|r| r.annotation.id == *id)).filter(|&i| shown(i));
    let target = match current {
        Some(i) => i as isize + steps,
        None if steps > 0 => {
            let first = items.iter().position(|r| r.range.as_ref().is_none_or(|range| range.start >= top_offset));
            first.unwrap_or(items.len()) as isize + steps - 1
        }
        None => {
            let before = items.iter().rposition(|r| r.range.as_ref().is_some_and(|range| range.start < top_offset));
            before.map_or(-1, |i| i as isize) + steps + 1
        }
    };
    if target < 0 || target >= items.len() as isize {
        state.message = Some(Notice::EndOfAnnotations { last: steps > 0 });
        return;
    }
    let i = target as usize;
    reader.focus = Some(items[i].annotation.id.clone());
    if let Some(line) = reader.line_of_item(i)
        && (line < reader.top || line >= reader.top + height)
    {
        let max = reader.page.len().saturating_sub(height);
        reader.top = line.saturating_sub(height / 4).min(max);
    }
    let item = &items[i];
    state.message = Some(Notice::AnnotationAt {
        index: i,
        total: items.len(),
        passage: Passage::of(&item.annotation),
        state: item.state,
    });
}

/// Attach an orphaned annotation to the selection: the focused orphan, or the first.
fn attach_orphan(state: &mut State, range: Range<usize>, fx: &mut Vec<Effect>) {
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    // The annotation in focus when it lost its passage (an orphan, or one found
    // only approximately), else the first orphan.
    let items = &reader.annotations.items;
    let lost = |r: &&Resolved| matches!(r.state, AnchorState::Orphan | AnchorState::Fuzzy | AnchorState::Ambiguous);
    let focused = reader.focus.as_ref().and_then(|id| items.iter().filter(lost).find(|r| r.annotation.id == *id));
    let first = items.iter().find(|r| r.range.is_none());
    let Some(orphan) = focused.or(first).map(|r| r.annotation.clone()) else {
        state.message = Some(Notice::NoOrphans);
        return;
    };
    if !writable(state) {
        return;
    }
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    let after = orphan.reanchored(record(&reader.article.text, range, &reader.article.source_hash));
    reader.focus = Some(after.id.clone());
    state.message = Some(Notice::Attached(Passage::of(&after)));
    state.close(|o| matches!(o, Overlay::Select(_)));
    put(state, Some(orphan), after, fx);
}

pub(in crate::app) fn edit(state: &mut State, id: &str, fx: &mut Vec<Effect>, change: impl FnOnce(&mut Annotation)) {
    let Some(reader) = state.library.reader.as_ref() else {
        return;
    };
    let Some(before) = reader.annotations.items.iter().find(|r| r.annotation.id == id).map(|r| r.annotation.clone())
    else {
        state.message = Some(Notice::AnnotationGone);
        return;
    };
    let mut after = before.clone();
    change(&mut after);
    if after == before {
        return;
    }
    after.touch();
    state.message = Some(Notice::Saved(Passage::of(&after)));
    put(state, Some(before), after, fx);
}

/// A sidecar was written (or not): show what is on disk now.
pub(in crate::app) fn on_annotated(
    state: &mut State,
    article: &std::path::Path,
    sidecar: &std::path::Path,
    outcome: Result<Sidecar, SidecarError>,
    message: Option<Notice>,
    fx: &mut Vec<Effect>,
) {
    if let Some(message) = message {
        state.message = Some(message);
    }
    if let Ok(written) = &outcome {
        super::triage::take_sidecar(state, article, written);
    }
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    if reader.annotations.sidecar != sidecar {
        return;
    }
    match outcome {
        Ok(written) => {
            let previous = &reader.annotations.items;
            let mut items: Vec<Resolved> =
                written.annotations.iter().map(|a| resolve_reusing(&reader.article, a, previous)).collect();
            sort(&mut items);
            reader.annotations.items = items;
            super::rebuild(state);
        }
        Err(problem) => {
            // The reason first: paths are long and the status bar is not.
            let file = problem.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            state.message = Some(Notice::AnnotationNotSaved {
                reason: problem.reason().to_owned(),
                file: crate::text::sanitize_line(&file),
                unwritable_place: problem.is_unwritable_place(),
            });
            // What is on screen may not be what is on disk: read it again.
            let path = reader.path.clone();
            state.library.loading = Some((path.clone(), false));
            fx.push(Effect::Load(path));
        }
    }
}

/// Find `a`'s passage in the article, reusing what `previous` found if its anchor
/// did not change (an approximate search can be slow, and this runs on the thread
/// that draws).
fn resolve_reusing(article: &crate::corpus::Article, a: &Annotation, previous: &[Resolved]) -> Resolved {
    match previous.iter().find(|p| p.annotation.id == a.id && p.annotation.anchor == a.anchor) {
        Some(p) => Resolved { annotation: a.clone(), ..p.clone() },
        None => Resolved::locate(article, a),
    }
}

/// Mouse: a press in the text starts a possible drag; a click on a passage focuses
/// its annotation.
pub(super) fn mouse_down(state: &mut State, offset: usize) {
    state.library.drag = Some(offset);
    state.close(|o| matches!(o, Overlay::Select(_)));
    if let Some(reader) = state.library.reader.as_mut()
        && let Some(r) = reader.annotations.items.iter().find(|r| r.range.as_ref().is_some_and(|x| x.contains(&offset)))
    {
        reader.focus = Some(r.annotation.id.clone());
    }
}

/// Mouse: dragging to `offset` selects from where the press was.
pub(super) fn mouse_drag(state: &mut State, offset: usize) {
    let Some(start) = state.library.drag else {
        return;
    };
    state.library.focus = Focus::Reader;
    if let Some(reader) = state.library.reader.as_mut()
        && start != offset
    {
        ensure_sentences(reader);
        match state.selection_mut() {
            Some(sel) => *sel = Selection::between(start, offset),
            None => state.overlays.push(Overlay::Select(Selection::between(start, offset))),
        }
    }
}

/// `]t`/`[t`: the next (or previous) passage carrying the tag of the annotation
/// here, in this article and then in the articles after it in the list.
pub(super) fn step_in_tag(state: &mut State, dir: isize, fx: &mut Vec<Effect>) {
    let Some(reader) = state.library.reader.as_ref() else {
        return;
    };
    let items = &reader.annotations.items;
    let here = state.annotation_here();
    let tag = here.and_then(|i| items[i].annotation.tags.first().cloned()).or_else(|| state.library.tag_walk.clone());
    let Some(tag) = tag else {
        state.message = Some(Notice::NoAnnotationHere);
        return;
    };
    state.library.tag_walk = Some(tag.clone());
    let has = |i: usize| {
        items[i].range.is_some()
            && items[i].annotation.tags.iter().any(|t| crate::annotate::tagtree::tag_matches(t, &tag))
    };
    let from = here.map_or(if dir > 0 { -1 } else { items.len() as isize }, |i| i as isize);
    let mut i = from + dir;
    while i >= 0 && (i as usize) < items.len() {
        if has(i as usize) {
            let item = &items[i as usize];
            let id = item.annotation.id.clone();
            let start = item.range.as_ref().map_or(0, |r| r.start);
            let passage = Passage::of(&item.annotation);
            if let Some(reader) = state.library.reader.as_mut() {
                reader.focus = Some(id);
            }
            super::show_offset(state, start);
            state.message = Some(Notice::InTag { tag, passage, other_article: false });
            return;
        }
        i += dir;
    }
    // On to the next article in the list with the tag.
    let lib = &state.library;
    let current = lib.rows.iter().position(|&r| lib.entries[r].path == reader.path).unwrap_or(lib.selected);
    let carries = |row: usize| {
        lib.entries[lib.rows[row]].tags.iter().any(|(t, _)| crate::annotate::tagtree::tag_matches(t, &tag))
    };
    let next = if dir > 0 {
        (current + 1..lib.rows.len()).find(|&r| carries(r))
    } else {
        (0..current).rev().find(|&r| carries(r))
    };
    let Some(row) = next else {
        state.message = Some(Notice::EndOfTag { tag, last: dir > 0 });
        return;
    };
    state.library.landing = Some(super::Landing::Tag { tag, last: dir < 0 });
    super::super::library::select(state, row, fx);
    super::open_selected(state, fx);
}
