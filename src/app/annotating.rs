//! Annotating from the reader, as part of `update`: selections, the tag prompt and
//! note editor, the commands on "the annotation here", and taking in sidecars as
//! they are written. Nothing here does I/O: changes go out as [`Effect::Annotate`]
//! and are applied to the screen at once, then confirmed (or undone) when the
//! written sidecar comes back.

use std::ops::Range;

use crossterm::event::KeyEvent;

use super::action::{Command, Edit, Effect};
use super::page::Source;
use super::selection::{self, Selection};
use super::state::{Focus, Prompt, PromptKind, Reader, State};
use crate::annotate::resolved::{sort, tag_counts};
use crate::annotate::{AnchorState, Annotation, Resolved, Sidecar, SidecarError, record, tags};
use crate::notice::{Notice, Passage};

/// Start a selection on the first sentence on screen.
pub(super) fn start_selection(state: &mut State) {
    let height = state.reader_height();
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    ensure_sentences(reader);
    let end = (reader.top + height).min(reader.page.lines.len());
    let first = (reader.top..end).find(|&i| reader.page.lines[i].source == Source::Text);
    let offset = first.map(|i| reader.page.lines[i].range.start);
    // The first sentence that starts on screen; one that began above it would be
    // tagged unseen. A sentence longer than the screen is taken whole.
    let starts_here = offset.and_then(|o| reader.sentences.iter().find(|s| s.start >= o).cloned());
    let on_screen = starts_here.filter(|s| reader.page.line_showing(s.start).is_some_and(|l| l < end));
    let sentence = on_screen.map(|s| s.start).or(offset);
    match sentence.and_then(|o| Selection::at_sentence(&reader.sentences, o)) {
        Some(sel) => {
            reader.selection = Some(sel);
            state.focus = Focus::Reader;
        }
        None => state.message = Some(Notice::NoTextOnScreen),
    }
}

fn ensure_sentences(reader: &mut Reader) {
    if reader.sentences.is_empty() {
        reader.sentences = selection::sentences(&reader.article);
    }
}

/// A command while selecting.
pub(super) fn select_command(state: &mut State, command: Command, count: usize, fx: &mut Vec<Effect>) {
    let steps = count as isize;
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let Some(sel) = reader.selection.as_mut() else {
        return;
    };
    match command {
        Command::ExtendForward => sel.by_sentences(&reader.sentences, steps),
        Command::ExtendBack => sel.by_sentences(&reader.sentences, -steps),
        Command::WordForward => sel.by_words(&reader.article.text, steps),
        Command::WordBack => sel.by_words(&reader.article.text, -steps),
        Command::Paragraph => sel.paragraph(&reader.article),
        Command::SwapEnds => sel.swap(),
        Command::Back => reader.selection = None,
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
            if state.last_tags.is_empty() {
                state.message = Some(Notice::NothingToRepeat);
            } else {
                let tags = state.last_tags.clone();
                create(state, range, tags, String::new(), fx);
            }
        }
        Command::AttachOrphan => {
            let range = sel.range();
            attach_orphan(state, range, fx);
        }
        _ => {}
    }
    keep_in_view(state);
}

/// Open the tag prompt or note editor on the article in the reader.
fn open_prompt(state: &mut State, kind: PromptKind, text: &str) {
    if !writable(state) {
        return;
    }
    let Some(reader) = &state.reader else {
        return;
    };
    // Text from a sidecar is untrusted like any other before it reaches a widget.
    let mut prompt = Prompt::new(kind, &reader.path, &crate::text::sanitize(text));
    prompt.refresh(&state.tag_counts);
    state.prompt = Some(prompt);
}

/// Scroll so the selection's active end is on screen.
fn keep_in_view(state: &mut State) {
    let height = state.reader_height().max(1);
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let Some(sel) = &reader.selection else {
        return;
    };
    let head = if sel.head() == sel.end { sel.end.saturating_sub(1).max(sel.start) } else { sel.head() };
    let Some(line) = reader.page.line_showing(head) else {
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
    let Some(reader) = &state.reader else {
        return false;
    };
    if let crate::annotate::Status::ReadOnly(why) = &reader.annotations.status {
        state.message = Some(Notice::ReadOnly(why.clone()));
    }
    reader.annotations.is_writable()
}

/// A new annotation on `range` of the text.
fn create(state: &mut State, range: Range<usize>, tags: Vec<String>, note: String, fx: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let text = &reader.article.text;
    if range.start >= range.end || text.get(range.clone()).is_none() {
        state.message = Some(Notice::SelectionGone);
        return;
    }
    let anchor = record(text, range, &reader.article.source_hash);
    let annotation = Annotation::new(anchor, tags, note);
    reader.selection = None;
    reader.focus = Some(annotation.id.clone());
    state.message = Some(Notice::Annotated(Passage::of(&annotation)));
    put(state, None, annotation, fx);
}

/// Save `after` (replacing `before`), showing it at once.
fn put(state: &mut State, before: Option<Annotation>, after: Annotation, fx: &mut Vec<Effect>) {
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let item = resolve_reusing(&reader.article, &after, &reader.annotations.items);
    match reader.annotations.items.iter_mut().find(|r| r.annotation.id == after.id) {
        Some(slot) => *slot = item,
        None => reader.annotations.items.push(item),
    }
    sort(&mut reader.annotations.items);
    let edit = Edit::Put { before: before.map(Box::new), after: Box::new(after) };
    fx.push(Effect::Annotate(reader.annotations.sidecar.clone(), edit));
    super::update::rebuild(state);
}

/// A command on annotations from the reader (not selecting).
pub(super) fn reader_command(state: &mut State, command: Command, count: usize, fx: &mut Vec<Effect>) {
    match command {
        Command::Select => start_selection(state),
        Command::NextAnnotation => step(state, count as isize),
        Command::PrevAnnotation => step(state, -(count as isize)),
        Command::Undo | Command::Redo => {
            if writable(state)
                && let Some(reader) = &state.reader
            {
                let edit = if command == Command::Undo { Edit::Undo } else { Edit::Redo };
                fx.push(Effect::Annotate(reader.annotations.sidecar.clone(), edit));
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
    let Some(reader) = state.reader.as_mut() else {
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
            let Some(reader) = state.reader.as_mut() else {
                return;
            };
            reader.annotations.items.retain(|r| r.annotation.id != a.id);
            reader.focus = None;
            fx.push(Effect::Annotate(reader.annotations.sidecar.clone(), Edit::Delete(Box::new(a.clone()))));
            state.message = Some(Notice::DeletedAnnotation(Passage::of(&a)));
            super::update::rebuild(state);
        }
        Command::ConfirmMatch => match (item.state, &item.range) {
            (AnchorState::Fuzzy, Some(range)) => {
                let Some(reader) = state.reader.as_ref() else {
                    return;
                };
                let after = a.reanchored(record(&reader.article.text, range.clone(), &reader.article.source_hash));
                state.message = Some(Notice::ConfirmedPlace(Passage::of(&after)));
                put(state, Some(a), after, fx);
            }
            (AnchorState::Orphan, _) => state.message = Some(Notice::PassageGone),
            _ => state.message = Some(Notice::NothingToConfirm),
        },
        _ => {}
    }
}

/// Move the focus `steps` annotations on (or back), scrolling to show it.
fn step(state: &mut State, steps: isize) {
    let height = state.reader_height().max(1);
    let Some(reader) = state.reader.as_mut() else {
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
        let max = reader.page.lines.len().saturating_sub(height);
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
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let orphans: Vec<&Resolved> = reader.annotations.items.iter().filter(|r| r.range.is_none()).collect();
    let focused = reader.focus.as_ref().and_then(|id| orphans.iter().find(|r| r.annotation.id == *id));
    let Some(orphan) = focused.or(orphans.first()).map(|r| r.annotation.clone()) else {
        state.message = Some(Notice::NoOrphans);
        return;
    };
    if !writable(state) {
        return;
    }
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let after = orphan.reanchored(record(&reader.article.text, range, &reader.article.source_hash));
    reader.selection = None;
    reader.focus = Some(after.id.clone());
    state.message = Some(Notice::Attached(Passage::of(&after)));
    put(state, Some(orphan), after, fx);
}

/// A command in the tag prompt or note editor.
pub(super) fn prompt_command(state: &mut State, command: Command, fx: &mut Vec<Effect>) {
    match command {
        Command::Back => close_prompt(state),
        Command::NextChoice | Command::PrevChoice => {
            if let Some(p) = state.prompt.as_mut() {
                let n = p.completions.len().max(1);
                p.choice = if command == Command::NextChoice { (p.choice + 1) % n } else { (p.choice + n - 1) % n };
            }
        }
        Command::Complete => {
            let counts = &state.tag_counts;
            if let Some(p) = state.prompt.as_mut()
                && !p.completions.is_empty()
            {
                let (choice, _) = p.completions[p.choice.min(p.completions.len() - 1)].clone();
                let mut done = p.typed_tags();
                done.push(choice);
                let text = format!("{}, ", done.join(", "));
                let original = std::mem::take(&mut p.original);
                *p = Prompt { original, ..Prompt::new(p.kind.clone(), &p.article, &text) };
                p.refresh(counts);
            }
        }
        Command::Accept => accept(state, fx),
        _ => {}
    }
}

/// Close the prompt, unless that would throw away a changed note: the first time,
/// say so instead.
pub(super) fn close_prompt(state: &mut State) {
    let Some(p) = state.prompt.as_mut() else {
        return;
    };
    if p.is_note() && p.is_changed() && !p.discard_armed {
        p.discard_armed = true;
        state.message = Some(Notice::NoteNotSaved { quitting: false });
        return;
    }
    state.prompt = None;
}

/// Keys the prompt has no binding for are typing.
pub(super) fn type_key(state: &mut State, key: KeyEvent) {
    let counts = &state.tag_counts;
    if let Some(p) = state.prompt.as_mut() {
        let input = ratatui_textarea::Input::from(key);
        // The tag prompt is one line.
        if !p.is_note() && input.key == ratatui_textarea::Key::Enter {
            return;
        }
        if p.input.input(input) {
            p.refresh(counts);
            p.discard_armed = false;
        }
    }
}

fn accept(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(prompt) = state.prompt.take() else {
        return;
    };
    let text = prompt.text();
    match prompt.kind.clone() {
        PromptKind::NewTags(range) => {
            let tags = tags::parse_list(&text);
            if tags.is_empty() {
                state.message = Some(Notice::EmptyTags);
                state.prompt = Some(prompt);
                return;
            }
            if prompt.article != state.reader.as_ref().map(|r| r.path.clone()).unwrap_or_default() {
                state.message = Some(Notice::ArticleChanged);
                return;
            }
            state.last_tags = tags.clone();
            create(state, range, tags, String::new(), fx);
        }
        PromptKind::NewNote(range) => {
            let note = clean_note(&text);
            if note.is_empty() {
                state.message = Some(Notice::EmptyNote);
                return;
            }
            create(state, range, Vec::new(), note, fx);
        }
        PromptKind::EditTags(id) => {
            let tags = tags::parse_list(&text);
            if !tags.is_empty() {
                state.last_tags = tags.clone();
            }
            edit(state, &id, fx, |a| a.tags = tags);
        }
        PromptKind::EditNote(id) => {
            let note = clean_note(&text);
            edit(state, &id, fx, |a| a.note = note);
        }
    }
}

/// A note as typed, made safe and without trailing blank lines.
fn clean_note(text: &str) -> String {
    crate::text::sanitize(text).trim_end().to_owned()
}

fn edit(state: &mut State, id: &str, fx: &mut Vec<Effect>, change: impl FnOnce(&mut Annotation)) {
    let Some(reader) = state.reader.as_ref() else {
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
pub(super) fn on_annotated(
    state: &mut State,
    sidecar: &std::path::Path,
    outcome: Result<Sidecar, SidecarError>,
    message: Option<Notice>,
    fx: &mut Vec<Effect>,
) {
    if let Some(message) = message {
        state.message = Some(message);
    }
    let Some(reader) = state.reader.as_mut() else {
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
            let path = reader.path.clone();
            if let Some(entry) = state.entries.iter_mut().find(|e| e.path == path) {
                entry.annotations = written.annotations.len();
                entry.tags = tag_counts(written.annotations.iter());
            }
            count_tags(state);
            super::update::rebuild(state);
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
            state.loading = Some((path.clone(), false));
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

/// Recount the tags used across the corpus.
pub(super) fn count_tags(state: &mut State) {
    state.tag_counts.clear();
    for entry in &state.entries {
        for (tag, n) in &entry.tags {
            *state.tag_counts.entry(tag.clone()).or_insert(0) += n;
        }
    }
}

/// Mouse: a press in the text starts a possible drag; a click on a passage focuses
/// its annotation.
pub(super) fn mouse_down(state: &mut State, offset: usize) {
    state.drag = Some(offset);
    if let Some(reader) = state.reader.as_mut() {
        reader.selection = None;
        if let Some(r) = reader.annotations.items.iter().find(|r| r.range.as_ref().is_some_and(|x| x.contains(&offset)))
        {
            reader.focus = Some(r.annotation.id.clone());
        }
    }
}

/// Mouse: dragging to `offset` selects from where the press was.
pub(super) fn mouse_drag(state: &mut State, offset: usize) {
    let Some(start) = state.drag else {
        return;
    };
    state.focus = Focus::Reader;
    if let Some(reader) = state.reader.as_mut()
        && start != offset
    {
        ensure_sentences(reader);
        reader.selection = Some(Selection::between(start, offset));
    }
}
