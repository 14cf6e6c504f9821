//! What can happen to the application: commands a key can be bound to, the actions
//! `update` consumes, and the effects it asks the runtime to carry out.

use std::path::PathBuf;

use crossterm::event::{KeyEvent, MouseEvent};
use serde::{Deserialize, Serialize};

pub use crate::annotate::Edit;
use crate::annotate::{Annotations, Sidecar, SidecarError};
use crate::corpus::{Article, Entry, Skip};

/// Something a key can be bound to. The names are those used in key files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Command {
    Quit,
    Down,
    Up,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    Open,
    FocusNext,
    FocusList,
    FocusReader,
    NextArticle,
    PrevArticle,
    ToggleBoilerplate,
    ToggleMouse,
    Help,
    Back,
    // Annotating, from the reader.
    Select,
    NextAnnotation,
    PrevAnnotation,
    EditTags,
    Note,
    DeleteAnnotation,
    ConfirmMatch,
    Undo,
    Redo,
    // While selecting.
    ExtendForward,
    ExtendBack,
    WordForward,
    WordBack,
    Paragraph,
    SwapEnds,
    Tag,
    RepeatTag,
    AttachOrphan,
    // In a prompt or the note editor.
    Accept,
    Complete,
    NextChoice,
    PrevChoice,
}

impl Command {
    /// Every command, in the order the help lists them.
    pub const ALL: &'static [Command] = &[
        Command::Down,
        Command::Up,
        Command::PageDown,
        Command::PageUp,
        Command::HalfPageDown,
        Command::HalfPageUp,
        Command::Top,
        Command::Bottom,
        Command::Open,
        Command::NextArticle,
        Command::PrevArticle,
        Command::FocusNext,
        Command::FocusList,
        Command::FocusReader,
        Command::ToggleBoilerplate,
        Command::ToggleMouse,
        Command::Select,
        Command::ExtendForward,
        Command::ExtendBack,
        Command::WordForward,
        Command::WordBack,
        Command::Paragraph,
        Command::SwapEnds,
        Command::Tag,
        Command::RepeatTag,
        Command::Note,
        Command::AttachOrphan,
        Command::NextAnnotation,
        Command::PrevAnnotation,
        Command::EditTags,
        Command::DeleteAnnotation,
        Command::ConfirmMatch,
        Command::Undo,
        Command::Redo,
        Command::Accept,
        Command::Complete,
        Command::NextChoice,
        Command::PrevChoice,
        Command::Help,
        Command::Back,
        Command::Quit,
    ];

    /// One line for the help overlay, for a command bound in `mode`.
    pub fn describe_in(self, mode: super::keymap::Mode) -> &'static str {
        use super::keymap::Mode;
        match (mode, self) {
            (Mode::Help, Command::Down) => "scroll down",
            (Mode::Help, Command::Up) => "scroll up",
            (Mode::Help, Command::Back) => "close the help",
            (Mode::Select, Command::Back) => "cancel the selection",
            (Mode::Select, Command::Note) => "annotate the selection with a note",
            (Mode::Prompt | Mode::Note, Command::Back) => "cancel",
            (Mode::Note, Command::Accept) => "save the note",
            _ => self.describe(),
        }
    }

    /// One line for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Down => "next article / scroll down",
            Command::Up => "previous article / scroll up",
            Command::PageDown => "page down",
            Command::PageUp => "page up",
            Command::HalfPageDown => "half a page down",
            Command::HalfPageUp => "half a page up",
            Command::Top => "go to the top",
            Command::Bottom => "go to the bottom",
            Command::Open => "open the selected article",
            Command::FocusNext => "switch between list and reader",
            Command::FocusList => "focus the article list",
            Command::FocusReader => "focus the reader",
            Command::NextArticle => "open the next article",
            Command::PrevArticle => "open the previous article",
            Command::ToggleBoilerplate => "show or hide folded boilerplate",
            Command::ToggleMouse => "turn mouse capture on or off",
            Command::Help => "show this help",
            Command::Back => "close / cancel / back to the list",
            Command::Select => "select text, from the first sentence on screen",
            Command::NextAnnotation => "go to the next annotation",
            Command::PrevAnnotation => "go to the previous annotation",
            Command::EditTags => "edit the tags of the annotation here",
            Command::Note => "add or edit the note of the annotation here",
            Command::DeleteAnnotation => "delete the annotation here",
            Command::ConfirmMatch => "accept the new place of a changed passage",
            Command::Undo => "undo the last annotation change",
            Command::Redo => "redo what was undone",
            Command::ExtendForward => "move the active end a sentence forward",
            Command::ExtendBack => "move the active end a sentence back",
            Command::WordForward => "move the active end a word forward",
            Command::WordBack => "move the active end a word back",
            Command::Paragraph => "select the whole paragraph",
            Command::SwapEnds => "swap the active end",
            Command::Tag => "tag the selection",
            Command::RepeatTag => "tag the selection as last time",
            Command::AttachOrphan => "attach an orphaned annotation here",
            Command::Accept => "apply",
            Command::Complete => "complete the tag",
            Command::NextChoice => "next completion",
            Command::PrevChoice => "previous completion",
        }
    }
}

/// Everything `update` reacts to.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A key press, resolved through the keymap (counts and sequences included).
    Key(KeyEvent),
    /// A command, as if its key had been pressed `count` times.
    Command(Command, usize),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// The corpus scan found an article.
    Found(Box<Entry>),
    /// The corpus scan passed over a file.
    Skipped(Skip),
    /// The corpus scan is complete.
    ScanDone,
    /// An article requested with [`Effect::Load`] has been read, with its annotations.
    Loaded(PathBuf, Result<Box<Opened>, String>),
    /// A change to a sidecar ([`Effect::Annotate`]) is done: the sidecar as written,
    /// or why it could not be.
    Annotated {
        sidecar: PathBuf,
        outcome: Result<Sidecar, SidecarError>,
        message: Option<crate::notice::Notice>,
    },
    /// Outcome of an effect worth telling the user about.
    Notice(crate::notice::Notice),
}

/// Work `update` hands back to the runtime: all the I/O happens there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Read and parse an article; answer with [`Action::Loaded`].
    Load(PathBuf),
    /// Remember the reading position in an article.
    SavePosition(PathBuf, crate::store::Position),
    /// Turn mouse capture on or off.
    SetMouse(bool),
    /// Change the sidecar at the given path; answer with [`Action::Annotated`].
    Annotate(PathBuf, Edit),
}

/// An article as the reader opens it.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub article: Article,
    pub annotations: Annotations,
}
