//! Annotating from the reader, as part of `update`: selections, the tag prompt and
//! note editor, the commands on "the annotation here", and taking in sidecars as
//! they are written. Nothing here does I/O: changes go out as [`Effect::Annotate`]
//! and are applied to the screen at once, then confirmed (or undone) when the
//! written sidecar comes back.

use std::ops::Range;

use crossterm::event::KeyEvent;

use super::action::{Command, Edit, Effect};
use super::page::{LineKind, Source};
use super::selection::{self, Selection};
use super::state::{Focus, Prompt, PromptKind, Reader, State};
use crate::annotate::resolved::{resolve_all, sort, tag_counts};
use crate::annotate::{AnchorState, Annotation, Resolved, Sidecar, record, resolve, tags};

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
    match offset.and_then(|o| Selection::at_sentence(&reader.sentences, o)) {
        Some(sel) => {
            reader.selection = Some(sel);
            state.focus = Focus::Reader;
        }
        None => state.message = Some("no text on screen to select".into()),
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
            if writable(state) {
                state.prompt = Some(Prompt::new(PromptKind::NewTags(range), ""));
            }
        }
        Command::Note => {
            let range = sel.range();
            if writable(state) {
                state.prompt = Some(Prompt::new(PromptKind::NewNote(range), ""));
            }
        }
        Command::RepeatTag => {
            let range = sel.range();
            if state.last_tags.is_empty() {
                state.message = Some("no tagging to repeat yet: press t to tag".into());
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
    match &reader.annotations.status {
        crate::annotate::Status::Writable => true,
        crate::annotate::Status::ReadOnly(why) => {
            state.message = Some(format!("annotations are read-only here: {why}"));
            false
        }
    }
}

/// A new annotation on `range` of the text.
fn create(state: &mut State, range: Range<usize>, tags: Vec<String>, note: String, fx: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let anchor = record(&reader.article.text, range, &reader.article.source_hash);
    let annotation = Annotation::new(anchor, tags, note);
    reader.selection = None;
    reader.focus = Some(annotation.id.clone());
    state.message = Some(format!("annotated {}", describe(&annotation)));
    put(state, None, annotation, fx);
}

/// Save `after` (replacing `before`), showing it at once.
fn put(state: &mut State, before: Option<Annotation>, after: Annotation, fx: &mut Vec<Effect>) {
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let resolution = resolve(&reader.article.text, &after.anchor);
    let item = Resolved { annotation: after.clone(), state: resolution.state, range: resolution.range };
    match reader.annotations.items.iter_mut().find(|r| r.annotation.id == after.id) {
        Some(slot) => *slot = item,
        None => reader.annotations.items.push(item),
    }
    sort(&mut reader.annotations.items);
    let edit = Edit::Put { before: before.map(Box::new), after: Box::new(after) };
    fx.push(Effect::Annotate(reader.annotations.sidecar.clone(), edit));
    super::update::rebuild(state);
}

/// A short description of an annotation for messages: its tags and quote.
fn describe(a: &Annotation) -> String {
    let quote: String = a.anchor.quote.chars().take(40).collect();
    let more = if a.anchor.quote.chars().count() > 40 { "…" } else { "" };
    let tags = if a.tags.is_empty() { String::new() } else { format!(" as {}", a.tags.join(", ")) };
    format!("“{quote}{more}”{tags}")
}

/// Index of "the annotation here": the focused one if it is on screen, else the
/// first one on screen.
fn here(state: &State) -> Option<usize> {
    let reader = state.reader.as_ref()?;
    let end = (reader.top + state.reader_height()).min(reader.page.lines.len());
    let mut on_screen = Vec::new();
    for line in &reader.page.lines[reader.top..end] {
        match line.kind {
            LineKind::Tags { item } | LineKind::Note { item } | LineKind::OrphanQuote { item } => on_screen.push(item),
            _ if line.source == Source::Text => {
                for (i, r) in reader.annotations.items.iter().enumerate() {
                    if r.range
                        .as_ref()
                        .is_some_and(|range| range.start < line.range.end && range.end > line.range.start)
                    {
                        on_screen.push(i);
                    }
                }
            }
            _ => {}
        }
    }
    let focused =
        reader.focus.as_ref().and_then(|id| reader.annotations.items.iter().position(|r| r.annotation.id == *id));
    match focused {
        Some(i) if on_screen.contains(&i) => Some(i),
        _ => on_screen.into_iter().min(),
    }
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
            let Some(i) = here(state) else {
                state.message = Some("no annotation on screen: ]a goes to the next one".into());
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
        Command::EditTags => state.prompt = Some(Prompt::new(PromptKind::EditTags(a.id.clone()), &a.tags.join(", "))),
        Command::Note => state.prompt = Some(Prompt::new(PromptKind::EditNote(a.id.clone()), &a.note)),
        Command::DeleteAnnotation => {
            let Some(reader) = state.reader.as_mut() else {
                return;
            };
            reader.annotations.items.retain(|r| r.annotation.id != a.id);
            reader.focus = None;
            fx.push(Effect::Annotate(reader.annotations.sidecar.clone(), Edit::Delete(Box::new(a.clone()))));
            state.message = Some(format!("deleted the annotation on {} · u undoes", describe(&a)));
            super::update::rebuild(state);
        }
        Command::ConfirmMatch => match (item.state, &item.range) {
            (AnchorState::Fuzzy, Some(range)) => {
                let Some(reader) = state.reader.as_ref() else {
                    return;
                };
                let mut after = a.clone();
                after.anchor = record(&reader.article.text, range.clone(), &reader.article.source_hash);
                after.anchor.unknown = a.anchor.unknown.clone();
                after.touch();
                state.message = Some(format!("confirmed the new place of {}", describe(&after)));
                put(state, Some(a), after, fx);
            }
            (AnchorState::Orphan, _) => {
                state.message = Some("this passage is gone: select new text (v) and press A to attach it".into())
            }
            _ => state.message = Some("this annotation is where it was made; nothing to confirm".into()),
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
        state.message = Some("this article has no annotations".into());
        return;
    }
    let current = reader.focus.as_ref().and_then(|id| items.iter().position(|r| r.annotation.id == *id));
    let top_offset = reader.page.offset_of_line(reader.top);
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
        let which = if steps > 0 { "last" } else { "first" };
        state.message = Some(format!("that was the {which} annotation"));
        return;
    }
    let i = target as usize;
    reader.focus = Some(items[i].annotation.id.clone());
    let line = match &items[i].range {
        Some(range) => reader.page.line_showing(range.start),
        None => reader.page.lines.iter().position(|l| l.kind == LineKind::OrphanQuote { item: i }),
    };
    if let Some(line) = line
        && (line < reader.top || line >= reader.top + height)
    {
        let max = reader.page.lines.len().saturating_sub(height);
        reader.top = line.saturating_sub(height / 4).min(max);
    }
    let item = &items[i];
    let state_note = match item.state {
        AnchorState::Fuzzy => " (the text changed: y accepts the new match)",
        AnchorState::Orphan => " (orphaned: select new text and press A)",
        _ => "",
    };
    state.message =
        Some(format!("annotation {} of {}: {}{state_note}", i + 1, items.len(), describe(&item.annotation)));
}

/// Attach an orphaned annotation to the selection: the focused orphan, or the first.
fn attach_orphan(state: &mut State, range: Range<usize>, fx: &mut Vec<Effect>) {
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let orphans: Vec<&Resolved> = reader.annotations.items.iter().filter(|r| r.range.is_none()).collect();
    let focused = reader.focus.as_ref().and_then(|id| orphans.iter().find(|r| r.annotation.id == *id));
    let Some(orphan) = focused.or(orphans.first()).map(|r| r.annotation.clone()) else {
        state.message = Some("no orphaned annotations in this article".into());
        return;
    };
    if !writable(state) {
        return;
    }
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let mut after = orphan.clone();
    after.anchor = record(&reader.article.text, range, &reader.article.source_hash);
    after.anchor.unknown = orphan.anchor.unknown.clone();
    after.touch();
    reader.selection = None;
    reader.focus = Some(after.id.clone());
    state.message = Some(format!("attached {}", describe(&after)));
    put(state, Some(orphan), after, fx);
}

/// A command in the tag prompt or note editor.
pub(super) fn prompt_command(state: &mut State, command: Command, fx: &mut Vec<Effect>) {
    match command {
        Command::Back => state.prompt = None,
        Command::NextChoice | Command::PrevChoice => {
            let n = state.completions().len().max(1);
            if let Some(p) = state.prompt.as_mut() {
                p.choice = if command == Command::NextChoice { (p.choice + 1) % n } else { (p.choice + n - 1) % n };
            }
        }
        Command::Complete => {
            let choices = state.completions();
            if let Some(p) = state.prompt.as_mut()
                && !choices.is_empty()
            {
                let (choice, _) = &choices[p.choice.min(choices.len() - 1)];
                let mut done = p.typed_tags();
                done.push(choice.clone());
                let text = format!("{}, ", done.join(", "));
                *p = Prompt { choice: 0, ..Prompt::new(p.kind.clone(), &text) };
            }
        }
        Command::Accept => accept(state, fx),
        _ => {}
    }
}

/// Keys the prompt has no binding for are typing.
pub(super) fn type_key(state: &mut State, key: KeyEvent) {
    if let Some(p) = state.prompt.as_mut() {
        let input = ratatui_textarea::Input::from(key);
        // The tag prompt is one line.
        if !p.is_note() && input.key == ratatui_textarea::Key::Enter {
            return;
        }
        p.input.input(input);
        p.choice = 0;
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
                state.message = Some("type a tag, or Esc to cancel".into());
                state.prompt = Some(prompt);
                return;
            }
            state.last_tags = tags.clone();
            create(state, range, tags, String::new(), fx);
        }
        PromptKind::NewNote(range) => {
            let note = clean_note(&text);
            if note.is_empty() {
                state.message = Some("empty note: nothing saved".into());
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
        state.message = Some("that annotation is gone".into());
        return;
    };
    let mut after = before.clone();
    change(&mut after);
    if after == before {
        return;
    }
    after.touch();
    state.message = Some(format!("saved {}", describe(&after)));
    put(state, Some(before), after, fx);
}

/// A sidecar was written (or not): show what is on disk now.
pub(super) fn on_annotated(
    state: &mut State,
    sidecar: &std::path::Path,
    outcome: Result<Sidecar, String>,
    message: Option<String>,
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
            let (items, _) = resolve_all(&reader.article, &written);
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
            state.message = Some(format!("annotation not saved: {problem}"));
            // What is on screen may not be what is on disk: read it again.
            let path = reader.path.clone();
            state.loading = Some((path.clone(), false));
            fx.push(Effect::Load(path));
        }
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
