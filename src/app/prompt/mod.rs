//! The prompt overlay (tags, a note, the list's filter, a tag's new name) and the
//! yes-or-no question. Each owns what is typed; accepting hands the text to the
//! screen it is for.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea};

use super::action::Effect;
use super::command::Command;
use super::library::annotating;
use super::state::{Overlay, State};
use super::update::Flow;
use crate::annotate::tags;
use crate::notice::Notice;

/// Completions the tag prompt offers at most.
pub const COMPLETIONS: usize = 6;

/// What a prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// Tags for a new annotation on this byte range of the text.
    NewTags(Range<usize>),
    /// New tags for the annotation with this id.
    EditTags(String),
    /// A note for a new annotation on this byte range.
    NewNote(Range<usize>),
    /// The note of the annotation with this id.
    EditNote(String),
    /// The list's filter.
    Filter,
    /// A new name for this tag, across the corpus.
    RenameTag(String),
}

/// An open prompt or note editor.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    /// The article the prompt is about, if any: a prompt never outlives it.
    pub article: Option<PathBuf>,
    pub input: TextArea<'static>,
    /// What the input held when the prompt opened (to know if anything would be lost).
    pub original: String,
    /// Completions for the tag being typed, best first (refreshed as it changes).
    pub completions: Vec<(String, usize)>,
    /// The highlighted completion.
    pub choice: usize,
    /// A first `Esc` on a changed note only warns; the second discards.
    pub discard_armed: bool,
}

impl Prompt {
    pub fn new(kind: PromptKind, article: Option<&Path>, text: &str) -> Prompt {
        let lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let mut input = TextArea::new(lines);
        input.move_cursor(CursorMove::Bottom);
        input.move_cursor(CursorMove::End);
        Prompt {
            kind,
            article: article.map(Path::to_path_buf),
            input,
            original: text.to_owned(),
            completions: Vec::new(),
            choice: 0,
            discard_armed: false,
        }
    }

    /// Work out the completions for what is typed now.
    pub fn refresh(&mut self, tag_counts: &BTreeMap<String, usize>) {
        self.completions = if self.completes_tags() {
            tags::complete(tag_counts, &self.token(), &self.typed_tags(), COMPLETIONS)
        } else {
            Vec::new()
        };
        self.choice = 0;
    }

    /// True when closing would lose something typed.
    pub fn is_changed(&self) -> bool {
        self.text() != self.original
    }

    pub fn is_note(&self) -> bool {
        matches!(self.kind, PromptKind::NewNote(_) | PromptKind::EditNote(_))
    }

    /// Whether what is typed is tags, so tags are offered.
    pub fn completes_tags(&self) -> bool {
        matches!(self.kind, PromptKind::NewTags(_) | PromptKind::EditTags(_) | PromptKind::RenameTag(_))
    }

    pub fn text(&self) -> String {
        self.input.lines().join("\n")
    }

    /// The tag being typed: what follows the last comma.
    pub fn token(&self) -> String {
        let text = self.text();
        text.rsplit(',').next().unwrap_or("").trim().to_owned()
    }

    /// The tags already typed before the current one.
    pub fn typed_tags(&self) -> Vec<String> {
        let text = self.text();
        match text.rsplit_once(',') {
            Some((done, _)) => tags::parse_list(done),
            None => Vec::new(),
        }
    }
}

/// What a question is about: what happens on yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Remove this tag (and the tags below it) from every passage.
    DeleteTag { tag: String, passages: usize },
    /// Rename `from` to `to` where `to` is already used: a merge.
    MergeTag { from: String, to: String },
    /// Move sidecars left behind by renamed or moved articles to them.
    MoveSidecars(Vec<super::action::SidecarMove>),
}

/// A yes-or-no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: Question,
}

/// Commands of the prompt: its own, the rest fall through.
pub(super) fn handle(state: &mut State, command: Command, fx: &mut Vec<Effect>) -> Flow {
    let counts = &state.library.tag_counts;
    let Some(Overlay::Prompt(p)) = state.overlays.last_mut() else {
        return Flow::Pass;
    };
    match command {
        Command::Back => close(state),
        Command::NextChoice | Command::PrevChoice => {
            let n = p.completions.len().max(1);
            p.choice = if command == Command::NextChoice { (p.choice + 1) % n } else { (p.choice + n - 1) % n };
        }
        Command::Complete => {
            if !p.completions.is_empty() {
                let (choice, _) = p.completions[p.choice.min(p.completions.len() - 1)].clone();
                let mut done = p.typed_tags();
                done.push(choice);
                // A rename takes one tag; tags for a passage, several.
                let text = if matches!(p.kind, PromptKind::RenameTag(_)) {
                    done.join(", ")
                } else {
                    format!("{}, ", done.join(", "))
                };
                let original = std::mem::take(&mut p.original);
                *p = Prompt { original, ..Prompt::new(p.kind.clone(), p.article.as_deref(), &text) };
                p.refresh(counts);
            }
        }
        Command::Accept => accept(state, fx),
        _ => return Flow::Pass,
    }
    Flow::Handled
}

/// Close the prompt, unless that would throw away a changed note: the first time,
/// say so instead.
pub(super) fn close(state: &mut State) {
    let Some(Overlay::Prompt(p)) = state.overlays.last_mut() else {
        return;
    };
    if p.is_note() && p.is_changed() && !p.discard_armed {
        p.discard_armed = true;
        state.message = Some(Notice::NoteNotSaved { quitting: false });
        return;
    }
    state.overlays.pop();
}

/// Keys the prompt has no binding for are typing.
pub(super) fn type_key(state: &mut State, key: KeyEvent) {
    let counts = &state.library.tag_counts;
    if let Some(Overlay::Prompt(p)) = state.overlays.last_mut() {
        let input = ratatui_textarea::Input::from(key);
        // Only the note editor has more than one line.
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
    let Some(Overlay::Prompt(prompt)) = state.overlays.pop() else {
        return;
    };
    let text = prompt.text();
    let reader = state.library.reader.as_ref().map(|r| r.path.clone());
    match prompt.kind.clone() {
        PromptKind::NewTags(range) => {
            let tags = tags::parse_list(&text);
            if tags.is_empty() {
                state.message = Some(Notice::EmptyTags);
                state.overlays.push(Overlay::Prompt(prompt));
                return;
            }
            if prompt.article != reader {
                state.message = Some(Notice::ArticleChanged);
                return;
            }
            state.library.last_tags = tags.clone();
            annotating::create(state, range, tags, String::new(), fx);
        }
        PromptKind::NewNote(range) => {
            let note = clean_note(&text);
            if note.is_empty() {
                state.message = Some(Notice::EmptyNote);
                return;
            }
            annotating::create(state, range, Vec::new(), note, fx);
        }
        PromptKind::EditTags(id) => {
            let tags = tags::parse_list(&text);
            if !tags.is_empty() {
                state.library.last_tags = tags.clone();
            }
            annotating::edit(state, &id, fx, |a| a.tags = tags);
        }
        PromptKind::EditNote(id) => {
            let note = clean_note(&text);
            annotating::edit(state, &id, fx, |a| a.note = note);
        }
        PromptKind::Filter => super::library::triage::apply_filter(state, &text, fx),
        PromptKind::RenameTag(from) => super::review::rename(state, &from, &text, fx),
    }
}

/// A note as typed, made safe and without trailing blank lines.
fn clean_note(text: &str) -> String {
    crate::text::sanitize(text).trim_end().to_owned()
}

/// Commands of a question: yes runs it, no closes it.
pub(super) fn confirm(state: &mut State, command: Command, fx: &mut Vec<Effect>) -> Flow {
    let Some(Overlay::Confirm(c)) = state.overlays.last() else {
        return Flow::Pass;
    };
    let question = c.question.clone();
    match command {
        Command::Accept => {
            state.overlays.pop();
            super::review::answer(state, question, fx);
        }
        Command::Back => {
            state.overlays.pop();
        }
        _ => return Flow::Pass,
    }
    Flow::Handled
}
