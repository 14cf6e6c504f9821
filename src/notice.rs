//! Notices: what the domain layers and `update` have to tell the user, as values.
//!
//! Nothing below `ui` builds a sentence for the user or names a key: it returns a
//! [`Notice`], and `ui::notice` words it, naming the keys of the live keymap. So a
//! remapped key is never contradicted by a message, and every message is in one place.

/// How much a notice matters: the status bar styles it by level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// What kind of annotation change an undo or redo was about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Deleted,
    Edited,
    /// Star, archive or priority of an article.
    Triage,
    /// A tag renamed, merged or deleted across the corpus.
    Retag,
}

/// A change, as undo and redo name it: what kind, and the passage's quote (or the
/// tag, for a retag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSummary {
    pub kind: ChangeKind,
    pub what: String,
}

/// A triage change, as the status bar tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriageChange {
    Starred(bool),
    Archived(bool),
    Read(bool),
    /// 0 clears it.
    Priority(u8),
}

/// An annotation as messages name it: the start of its quote and its tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub quote: String,
    pub tags: Vec<String>,
}

impl Passage {
    pub fn of(annotation: &crate::annotate::Annotation) -> Passage {
        Passage { quote: annotation.anchor.quote.clone(), tags: annotation.tags.clone() }
    }
}

/// Something to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    // Opening an article's annotations.
    /// The article changed since its passages were anchored.
    Reanchored {
        moved: usize,
        fuzzy: usize,
        /// Found in several places that cannot be told apart.
        ambiguous: usize,
        orphans: usize,
    },
    /// Only the beginning of a long article is shown yet; the rest is being read.
    ReadingTheRest,
    /// The configuration file could not be used (what is wrong, naming the file,
    /// line and column): gloss started on the defaults.
    ConfigProblem(String),
    /// This many sidecars lost their article and were matched to where it went.
    LostSidecars(usize),
    /// Sidecars moved to their articles' new names: how many, and the first
    /// failure, if any (already worded, naming the file).
    MovedSidecars {
        moved: usize,
        failed: Option<String>,
    },
    /// The passage here is found word for word in this many places: a person
    /// chooses, in the review.
    InSeveralPlaces(usize),
    /// Anchors that moved could not be saved (the reason).
    ReanchorNotSaved(String),

    // Undo and redo.
    Undid(ChangeSummary),
    Redid(ChangeSummary),
    NothingToUndo,
    NothingToRedo,
    /// The annotation a change was for was deleted by someone else meanwhile.
    DeletedMeanwhile,
    /// No corpus-wide step (a tag renamed, merged or deleted) to undo or redo.
    NothingToUndoInCorpus,
    NothingToRedoInCorpus,

    // Tags across the corpus.
    /// A tag was renamed, merged or deleted across the corpus, or that was undone
    /// or redone: what changed, and the sidecars skipped with why.
    Retagged(Box<crate::annotate::retag::Summary>),

    // Stores in the state folder and sidecars.
    /// A file gloss keeps could not be read or written (what it is, and why).
    /// The index cache was there but could not be used (it is built again).
    CacheRebuilt(String),
    NotSaved {
        what: &'static str,
        problem: String,
    },
    /// The sidecar cannot be changed (the reason names the file and place).
    ReadOnly(String),
    /// An annotation change could not be written: it was taken back on screen.
    /// `unwritable_place`: the folder cannot be written at all (so keeping
    /// annotations elsewhere would help).
    AnnotationNotSaved {
        reason: String,
        file: String,
        unwritable_place: bool,
    },

    // Annotating in the reader.
    NoTextOnScreen,
    NothingToRepeat,
    /// The selection no longer fits the article: nothing saved.
    SelectionGone,
    Annotated(Passage),
    Saved(Passage),
    Attached(Passage),
    ConfirmedPlace(Passage),
    DeletedAnnotation(Passage),
    NoAnnotationHere,
    NoAnnotations,
    NoOrphans,
    /// `]a` past the last (or `[a` before the first) annotation.
    EndOfAnnotations {
        last: bool,
    },
    /// Moved to annotation `index` (from 0) of `total`.
    AnnotationAt {
        index: usize,
        total: usize,
        passage: Passage,
        state: crate::annotate::AnchorState,
    },
    /// `]t` moved to a passage carrying `tag` (in another article or this one).
    InTag {
        tag: String,
        passage: Passage,
        other_article: bool,
    },
    /// No passage with `tag` after (or before) this one, in the list's order.
    EndOfTag {
        tag: String,
        last: bool,
    },
    /// The passage of the annotation here is gone: it can be attached to new text.
    PassageGone,
    NothingToConfirm,
    /// The annotation being edited was removed meanwhile.
    AnnotationGone,
    /// A changed note would be lost: the first close only warns.
    NoteNotSaved {
        quitting: bool,
    },
    EmptyTags,
    EmptyNote,
    /// The article in the reader changed under the prompt: nothing saved.
    ArticleChanged,

    // Search.
    /// `n` before any search.
    NoSearch,
    NoMatch {
        query: String,
    },
    /// At match `index` (from 0) of `total`; `capped`: there are more than kept;
    /// `wrapped`: the search went round the end.
    MatchAt {
        index: usize,
        total: usize,
        capped: bool,
        wrapped: bool,
    },

    // Triage and the list.
    Triaged {
        change: TriageChange,
        title: String,
    },
    ArchivedShown {
        shown: bool,
        count: usize,
    },
    FilterCleared,
    /// The word of the filter that is not understood.
    BadFilter(String),
    Sorted(&'static str),
    /// The filter leaves nothing in the list.
    NothingShown,
    AllRead,
    /// A tag command on the review screen with no tag selected.
    NoTagSelected,

    // Reading.
    NoBoilerplate,
    Boilerplate {
        shown: bool,
        paragraphs: usize,
    },
    Mouse {
        on: bool,
    },
    /// The scan passed over files (how many, and the first, already worded).
    Skipped {
        count: usize,
        first: String,
    },
    ScanFailed,
    InputFailed(String),

    // Themes.
    /// Switched to the theme of this name.
    ThemeChanged(String),
    /// The theme asked for (by config.ron or `--theme`) is not one there is: gloss
    /// started on the default theme.
    UnknownTheme {
        name: String,
        known: Vec<String>,
    },
    /// Theme files that could not be used: the first problem (naming the file, line
    /// and column) and how many more there are. Those themes are left out.
    ThemeProblem {
        problem: String,
        more: usize,
    },

    /// Any other outcome worth a line, already worded by the runtime (an I/O error
    /// message from the operating system, say).
    Other(Level, String),
}

impl Notice {
    pub fn level(&self) -> Level {
        match self {
            Notice::Reanchored { fuzzy, ambiguous, orphans, .. } if fuzzy + ambiguous + orphans > 0 => Level::Warning,
            Notice::MovedSidecars { failed: Some(_), .. } => Level::Error,
            Notice::ConfigProblem(_) => Level::Error,
            Notice::MovedSidecars { .. } => Level::Info,
            Notice::Retagged(summary) if !summary.skipped.is_empty() || summary.gone > 0 => Level::Warning,
            Notice::Reanchored { .. }
            | Notice::Retagged(_)
            | Notice::NothingToUndoInCorpus
            | Notice::NothingToRedoInCorpus
            | Notice::Undid(_)
            | Notice::Redid(_)
            | Notice::NothingToUndo
            | Notice::NothingToRedo
            | Notice::Annotated(_)
            | Notice::Saved(_)
            | Notice::Attached(_)
            | Notice::ConfirmedPlace(_)
            | Notice::DeletedAnnotation(_)
            | Notice::NoAnnotationHere
            | Notice::NoAnnotations
            | Notice::NoOrphans
            | Notice::EndOfAnnotations { .. }
            | Notice::AnnotationAt { .. }
            | Notice::InTag { .. }
            | Notice::MatchAt { .. }
            | Notice::Triaged { .. }
            | Notice::ArchivedShown { .. }
            | Notice::FilterCleared
            | Notice::Sorted(_)
            | Notice::NothingShown
            | Notice::AllRead
            | Notice::NoTagSelected
            | Notice::NoSearch
            | Notice::EndOfTag { .. }
            | Notice::NothingToConfirm
            | Notice::NoTextOnScreen
            | Notice::NothingToRepeat
            | Notice::EmptyTags
            | Notice::EmptyNote
            | Notice::NoBoilerplate
            | Notice::Boilerplate { .. }
            | Notice::Mouse { .. }
            | Notice::ThemeChanged(_) => Level::Info,
            Notice::DeletedMeanwhile
            | Notice::ReadOnly(_)
            | Notice::SelectionGone
            | Notice::PassageGone
            | Notice::InSeveralPlaces(_)
            | Notice::ReadingTheRest
            | Notice::LostSidecars(_)
            | Notice::AnnotationGone
            | Notice::NoteNotSaved { .. }
            | Notice::ArticleChanged
            | Notice::NoMatch { .. }
            | Notice::BadFilter(_)
            | Notice::CacheRebuilt(_)
            | Notice::Skipped { .. }
            | Notice::UnknownTheme { .. }
            | Notice::ThemeProblem { .. } => Level::Warning,
            Notice::ReanchorNotSaved(_)
            | Notice::NotSaved { .. }
            | Notice::AnnotationNotSaved { .. }
            | Notice::ScanFailed
            | Notice::InputFailed(_) => Level::Error,
            Notice::Other(level, _) => *level,
        }
    }
}
