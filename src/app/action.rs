//! What can happen to the application: commands a key can be bound to, the actions
//! `update` consumes, and the effects it asks the runtime to carry out.

use std::path::PathBuf;

use crossterm::event::{KeyEvent, MouseEvent};

pub use super::command::Command;
pub use crate::annotate::Edit;
use crate::annotate::{Annotations, Sidecar, SidecarError};
use crate::corpus::{Article, Entry, Skip};

/// Everything `update` reacts to.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A key press, resolved through the keymap (counts and sequences included).
    Key(KeyEvent),
    /// A command, as if its key had been pressed `count` times.
    Command(Command, usize),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Nothing else is waiting: time for work that is done a slice at a time (the
    /// rest of a long article's layout).
    Idle,
    /// Indexing found articles.
    Found(Vec<Entry>),
    /// How far indexing has got.
    Indexing(crate::index::Progress),
    /// The corpus scan passed over a file.
    Skipped(Skip),
    /// The corpus scan is complete.
    ScanDone,
    /// An article requested with [`Effect::Load`] has been read, with its annotations.
    Loaded(PathBuf, Result<Box<Opened>, String>),
    /// A change to a sidecar ([`Effect::Annotate`]) is done: the sidecar as written,
    /// or why it could not be.
    Annotated {
        article: PathBuf,
        sidecar: PathBuf,
        outcome: Result<Sidecar, SidecarError>,
        message: Option<crate::notice::Notice>,
    },
    /// Outcome of an effect worth telling the user about.
    Notice(crate::notice::Notice),
    /// The passages for the review screen ([`Effect::LoadReview`]), and the files
    /// that could not be read.
    ReviewLoaded(Vec<super::review::Item>, Vec<String>),
    /// Results of corpus search `id` ([`Effect::SearchCorpus`]) found so far.
    SearchHits(u64, Vec<crate::search::Hit>),
    /// Corpus search `id` is done after searching this many articles.
    SearchDone(u64, usize),
    /// A corpus-wide tag change ([`Effect::Retag`]) is done: the sidecars it
    /// wrote (article, sidecar as written), and what to tell.
    Retagged(Vec<(PathBuf, Sidecar)>, crate::notice::Notice),
    /// Sidecars whose article is gone, each matched to where the article probably
    /// went.
    LostSidecars(Vec<SidecarMove>),
    /// Time passes (about once a second): an article open long enough counts as read.
    Tick,
}

/// A sidecar left behind by its article, and the article it belongs to now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidecarMove {
    pub sidecar: PathBuf,
    /// The article it was for (gone), and the one it belongs to now.
    pub was: PathBuf,
    pub now: PathBuf,
    /// Both relative to the corpus, sanitised for display.
    pub was_label: String,
    pub now_label: String,
    /// How the article was recognised.
    pub by: crate::annotate::relocate::MatchedBy,
}

/// A change of tags across the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetagOp {
    /// Rename `from` (and the tags below it) to `to`; a merge when `to` exists.
    Rename {
        from: String,
        to: String,
    },
    /// Remove `tag` (and the tags below it) from every passage.
    Delete {
        tag: String,
    },
    /// Undo or redo the last such change.
    Undo,
    Redo,
}

/// Work `update` hands back to the runtime: all the I/O happens there.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read and parse an article; answer with [`Action::Loaded`].
    Load(PathBuf),
    /// Remember the reading position in an article.
    SavePosition(PathBuf, crate::store::Position),
    /// Turn mouse capture on or off.
    SetMouse(bool),
    /// Change the sidecar of `article`; answer with [`Action::Annotated`].
    Annotate { article: PathBuf, edit: Edit },
    /// Mark an article read or unread.
    SetRead(PathBuf, bool),
    /// Remember how the list is sorted.
    SaveSort(super::library::Sort),
    /// Collect every passage for the review screen; answer with
    /// [`Action::ReviewLoaded`].
    LoadReview,
    /// Search every article; answer with [`Action::SearchHits`] as results come
    /// and [`Action::SearchDone`] at the end. A new search cancels the last.
    SearchCorpus { id: u64, query: String },
    /// Stop the corpus search under way.
    CancelSearch,
    /// Change tags across the corpus; answer with [`Action::Retagged`].
    Retag(RetagOp),
    /// Move sidecars to the articles they belong to now; answer with an
    /// [`Action::Annotated`] for each moved and a notice.
    MoveSidecars(Vec<SidecarMove>),
}

/// An article as the reader opens it.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub article: Article,
    pub annotations: Annotations,
    /// Only the beginning of a long article, shown while the rest is read: its
    /// annotations are not loaded yet and cannot be changed, and the whole article
    /// follows in another [`Action::Loaded`].
    pub partial: bool,
}
