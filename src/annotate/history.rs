//! Undo and redo of annotation changes, kept across runs.
//!
//! Each change records what it changed before and after: an annotation (`None` for
//! "did not exist"), an article's triage, or the tags a corpus-wide rename, merge or
//! deletion changed. Undo applies the reverse change to the sidecars as they are on
//! disk now, through the same locked read-modify-write as any edit, so undoing never
//! loses what someone else changed meanwhile.
//!
//! Changes are kept in *scopes*, each with its own undo and redo stacks. A change to
//! one article is kept under the path of its sidecar; a corpus-wide step
//! ([`crate::annotate::retag`]) under the path of the corpus folder as gloss opened
//! it (absolute, symbolic links resolved). A folder is never a sidecar, so the two
//! never meet. The history lives in the state folder (`undo.ron`, a
//! [`Store`]); it is saved after every change, merged with what other gloss
//! processes saved for other scopes, and a file that does not parse is left alone.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::model::{Anchor, Annotation, Sidecar, Triage};
use super::retag::CorpusRetag;
use crate::notice::{ChangeKind, ChangeSummary};
use crate::store::Store;

/// Changes remembered per article.
pub const DEPTH: usize = 200;
/// What the file is, in messages.
const WHAT: &str = "the undo history";
/// Version of the history file format.
/// Version 2 added triage and corpus-wide retag changes; version 1 files read as
/// they are.
const VERSION: u32 = 2;

/// What applying a change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Done; the annotation as it is now (`None` once deleted).
    Now(Option<Box<Annotation>>),
    /// The annotation it was meant to change is no longer there.
    Gone,
}

/// One change, as undo and redo replay it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Stored", into = "Stored")]
pub enum Change {
    /// One annotation before and after (`None`: it did not exist).
    Annotation { before: Option<Box<Annotation>>, after: Option<Box<Annotation>> },
    /// An article's triage before and after.
    Triage { before: Triage, after: Triage },
    /// A tag renamed, merged or deleted across a corpus: one step for every sidecar
    /// it changed, kept in the corpus's scope (see [`crate::annotate::retag`]).
    Retag(Box<CorpusRetag>),
}

impl Change {
    /// The change that takes `after` back to `before`.
    pub fn reversed(&self) -> Change {
        match self {
            Change::Annotation { before, after } => Change::Annotation { before: after.clone(), after: before.clone() },
            Change::Triage { before, after } => Change::Triage { before: *after, after: *before },
            Change::Retag(step) => Change::Retag(Box::new(step.reversed())),
        }
    }

    /// Bring `sidecar` from this change's `before` to its `after`, touching only
    /// what the change changed: a field someone else changed meanwhile (another
    /// gloss, a `git pull`) keeps their value, and fields gloss does not know are
    /// kept as they are on disk. Returns the annotation as it is now, or `Gone` when
    /// the annotation to change was deleted meanwhile. A triage change has no
    /// annotation to return; a retag changes the annotations of `sidecar` it covers
    /// (by id), and is `Gone` when it covers some and all of them were deleted.
    pub fn apply(&self, sidecar: &mut Sidecar) -> Applied {
        match self {
            Change::Annotation { before, after } => apply_annotation(before.as_deref(), after.as_deref(), sidecar),
            Change::Triage { before, after } => {
                sidecar.triage = sidecar.triage.merged(*before, *after);
                Applied::Now(None)
            }
            Change::Retag(step) => {
                let (mut changed, mut gone) = (0, 0);
                for part in &step.sidecars {
                    let (c, g) = part.apply(sidecar);
                    changed += c;
                    gone += g;
                }
                if gone > 0 && changed == 0 { Applied::Gone } else { Applied::Now(None) }
            }
        }
    }

    /// What the change did, for undo and redo to name it. `sidecar` is where it was
    /// made: a triage change is named by its article's file name.
    pub fn summary(&self, sidecar: &Path) -> ChangeSummary {
        let (before, after) = match self {
            Change::Annotation { before, after } => (before, after),
            Change::Triage { .. } => {
                let name = sidecar.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
                let article = name.strip_suffix(super::sidecar::SIDECAR_SUFFIX).unwrap_or(&name);
                return ChangeSummary { kind: ChangeKind::Triage, what: article.to_owned() };
            }
            Change::Retag(step) => return ChangeSummary { kind: ChangeKind::Retag, what: step.retag.tag().to_owned() },
        };
        let (kind, a) = match (before, after) {
            (None, Some(a)) => (ChangeKind::Added, Some(a)),
            (Some(a), None) => (ChangeKind::Deleted, Some(a)),
            (Some(_), Some(a)) => (ChangeKind::Edited, Some(a)),
            (None, None) => (ChangeKind::Edited, None),
        };
        ChangeSummary { kind, what: a.map(|a| a.anchor.quote.clone()).unwrap_or_default() }
    }
}

fn apply_annotation(before: Option<&Annotation>, after: Option<&Annotation>, sidecar: &mut Sidecar) -> Applied {
    match (before, after) {
        (None, Some(after)) => {
            sidecar.put(after.clone());
            Applied::Now(Some(Box::new(after.clone())))
        }
        (Some(before), Some(after)) => {
            let Some(disk) = sidecar.annotations.iter_mut().find(|a| a.id == after.id) else {
                return Applied::Gone;
            };
            let mut changed = false;
            if after.tags != before.tags {
                disk.tags = after.tags.clone();
                changed = true;
            }
            if after.note != before.note {
                disk.note = after.note.clone();
                changed = true;
            }
            if after.anchor != before.anchor {
                disk.anchor = Anchor { unknown: disk.anchor.unknown.clone(), ..after.anchor.clone() };
                changed = true;
            }
            if changed {
                disk.modified = after.modified.clone();
            }
            let now = Box::new(disk.clone());
            sidecar.sort();
            Applied::Now(Some(now))
        }
        (Some(before), None) => match sidecar.remove(&before.id) {
            Some(_) => Applied::Now(None),
            None => Applied::Gone,
        },
        (None, None) => Applied::Now(None),
    }
}

/// A [`Change`] as `undo.ron` keeps it: the fields of its kind, the others left
/// out. An annotation change is `(before: …, after: …)`, as in version 1 of the
/// file, which therefore still reads as it is.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct Stored {
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<Box<Annotation>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<Box<Annotation>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    triage: Option<StoredTriage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retag: Option<Box<CorpusRetag>>,
}

#[derive(Serialize, Deserialize)]
struct StoredTriage {
    before: Triage,
    after: Triage,
}

impl From<Stored> for Change {
    fn from(stored: Stored) -> Change {
        match stored {
            Stored { retag: Some(step), .. } => Change::Retag(step),
            Stored { triage: Some(t), .. } => Change::Triage { before: t.before, after: t.after },
            Stored { before, after, .. } => Change::Annotation { before, after },
        }
    }
}

impl From<Change> for Stored {
    fn from(change: Change) -> Stored {
        match change {
            Change::Annotation { before, after } => Stored { before, after, ..Stored::default() },
            Change::Triage { before, after } => {
                Stored { triage: Some(StoredTriage { before, after }), ..Stored::default() }
            }
            Change::Retag(step) => Stored { retag: Some(step), ..Stored::default() },
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Stacks {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

/// Undo and redo stacks for every scope: a sidecar's path, or a corpus folder's.
#[derive(Debug, Default)]
pub struct History {
    stacks: Store<Stacks>,
}

impl History {
    /// History kept only for this run.
    pub fn in_memory() -> History {
        History::default()
    }

    /// The history saved at `path` (empty if there is none).
    pub fn open(path: &Path) -> History {
        History { stacks: Store::open(path, WHAT, VERSION) }
    }

    /// Why the history is not being saved, if it is not.
    pub fn problem(&self) -> Option<&str> {
        self.stacks.problem()
    }

    /// The problem, the first time it is asked for (see [`Store::take_problem`]).
    pub fn take_problem(&mut self) -> Option<String> {
        self.stacks.take_problem()
    }

    /// Remember a change made in `scope`; its redo stack is dropped.
    pub fn record(&mut self, scope: &Path, change: Change) {
        let stacks = self.stacks.entry(scope);
        stacks.undo.push(change);
        if stacks.undo.len() > DEPTH {
            stacks.undo.remove(0);
        }
        stacks.redo.clear();
    }

    /// The change to apply to undo the last one, moved to the redo stack.
    pub fn undo(&mut self, scope: &Path) -> Option<Change> {
        self.stacks.get(scope)?.undo.last()?;
        let stacks = self.stacks.get_mut(scope)?;
        let change = stacks.undo.pop()?;
        let reverse = change.reversed();
        stacks.redo.push(change);
        Some(reverse)
    }

    /// The change to apply to redo the last undone one, moved back to the undo stack.
    pub fn redo(&mut self, scope: &Path) -> Option<Change> {
        self.stacks.get(scope)?.redo.last()?;
        let stacks = self.stacks.get_mut(scope)?;
        let change = stacks.redo.pop()?;
        stacks.undo.push(change.clone());
        Some(change)
    }

    /// Forget an undo or redo that can never be applied (its annotation was
    /// deleted meanwhile), so the next one goes on to the change before it.
    pub fn forget(&mut self, scope: &Path, undone: bool) {
        let Some(stacks) = self.stacks.get_mut(scope) else {
            return;
        };
        if undone {
            stacks.redo.pop()
        } else {
            stacks.undo.pop()
        };
    }

    /// Put back an undo or redo that could not be applied this time.
    pub fn restore(&mut self, scope: &Path, undone: bool) {
        let Some(stacks) = self.stacks.get_mut(scope) else {
            return;
        };
        if undone {
            if let Some(c) = stacks.redo.pop() {
                stacks.undo.push(c);
            }
        } else if let Some(c) = stacks.undo.pop() {
            stacks.redo.push(c);
        }
    }

    /// Save the stacks this process changed, merged with what other processes saved
    /// for the others.
    pub fn save(&mut self) -> Result<(), String> {
        self.stacks.save()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::anchor::record;

    fn ann(id: &str, tag: &str) -> Annotation {
        let mut a = Annotation::new(record("some text here", 5..9, "h"), vec![tag.into()], String::new());
        a.id = id.into();
        a
    }

    #[test]
    fn undo_and_redo_walk_the_changes() {
        let sidecar = Path::new("/c/a.txt.gloss.ron");
        let mut h = History::in_memory();
        let mut s = Sidecar::empty();
        let add = Change::Annotation { before: None, after: Some(Box::new(ann("1", "a"))) };
        add.apply(&mut s);
        h.record(sidecar, add);
        let edit = Change::Annotation { before: Some(Box::new(ann("1", "a"))), after: Some(Box::new(ann("1", "b"))) };
        edit.apply(&mut s);
        h.record(sidecar, edit);
        assert_eq!(s.get("1").unwrap().tags, ["b"]);

        h.undo(sidecar).unwrap().apply(&mut s);
        assert_eq!(s.get("1").unwrap().tags, ["a"]);
        h.undo(sidecar).unwrap().apply(&mut s);
        assert!(s.annotations.is_empty());
        assert!(h.undo(sidecar).is_none());
        h.redo(sidecar).unwrap().apply(&mut s);
        h.redo(sidecar).unwrap().apply(&mut s);
        assert_eq!(s.get("1").unwrap().tags, ["b"]);
        assert!(h.redo(sidecar).is_none());
    }

    #[test]
    fn applying_keeps_what_others_changed_meanwhile() {
        let mut s = Sidecar::empty();
        let mut mine = ann("1", "a");
        s.put(mine.clone());
        // Someone else adds a note and a field gloss does not know.
        let disk = s.annotations.iter_mut().find(|a| a.id == "1").unwrap();
        disk.note = "their note".into();
        disk.unknown.push(crate::annotate::model::Unknown { name: "colour".into(), ron: "Some(Red)".into() });
        // I change the tags of my stale copy.
        let before = mine.clone();
        mine.tags = vec!["b".into()];
        let now = Change::Annotation { before: Some(Box::new(before)), after: Some(Box::new(mine)) }.apply(&mut s);
        let a = s.get("1").unwrap();
        assert_eq!(a.tags, ["b"]);
        assert_eq!(a.note, "their note");
        assert_eq!(a.unknown.len(), 1);
        assert_eq!(now, Applied::Now(Some(Box::new(a.clone()))));
        // Changing something deleted meanwhile changes nothing.
        s.remove("1");
        let gone = Change::Annotation { before: Some(Box::new(ann("1", "b"))), after: Some(Box::new(ann("1", "c"))) };
        assert_eq!(gone.apply(&mut s), Applied::Gone);
        assert!(s.annotations.is_empty());
    }

    #[test]
    fn a_new_change_drops_the_redo_stack() {
        let sidecar = Path::new("/c/a");
        let mut h = History::in_memory();
        h.record(sidecar, Change::Annotation { before: None, after: Some(Box::new(ann("1", "a"))) });
        h.undo(sidecar);
        h.record(sidecar, Change::Annotation { before: None, after: Some(Box::new(ann("2", "a"))) });
        assert!(h.redo(sidecar).is_none());
    }

    #[test]
    fn history_survives_a_restart_and_merges() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("undo.ron");
        let mut one = History::open(&path);
        let mut two = History::open(&path);
        one.record(Path::new("/a"), Change::Annotation { before: None, after: Some(Box::new(ann("1", "a"))) });
        one.save().unwrap();
        two.record(Path::new("/b"), Change::Annotation { before: None, after: Some(Box::new(ann("2", "b"))) });
        two.save().unwrap();
        let mut again = History::open(&path);
        assert!(again.undo(Path::new("/a")).is_some());
        assert!(again.undo(Path::new("/b")).is_some());
    }

    #[test]
    fn a_corrupt_history_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("undo.ron");
        std::fs::write(&path, "(version: 1, articles: {").unwrap();
        let mut h = History::open(&path);
        h.record(Path::new("/a"), Change::Annotation { before: None, after: Some(Box::new(ann("1", "a"))) });
        assert!(h.save().is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "(version: 1, articles: {");
        assert!(h.undo(Path::new("/a")).is_some(), "still works for this run");
    }

    #[test]
    fn a_version_1_history_still_reads() {
        // The file as gloss wrote it when a change was always an annotation's.
        #[derive(Serialize)]
        struct OldChange {
            before: Option<Annotation>,
            after: Option<Annotation>,
        }
        #[derive(Serialize)]
        struct OldStacks {
            undo: Vec<OldChange>,
            redo: Vec<OldChange>,
        }
        #[derive(Serialize)]
        struct OldFile {
            version: u32,
            articles: std::collections::BTreeMap<std::path::PathBuf, OldStacks>,
        }
        let old = OldFile {
            version: 1,
            articles: [(
                "/c/a.txt.gloss.ron".into(),
                OldStacks {
                    undo: vec![OldChange { before: None, after: Some(ann("1", "a")) }],
                    redo: vec![OldChange { before: Some(ann("2", "a")), after: Some(ann("2", "b")) }],
                },
            )]
            .into(),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("undo.ron");
        std::fs::write(&path, ron::ser::to_string_pretty(&old, ron::ser::PrettyConfig::default()).unwrap()).unwrap();
        let mut h = History::open(&path);
        assert_eq!(h.problem(), None);
        let sidecar = Path::new("/c/a.txt.gloss.ron");
        assert_eq!(
            h.redo(sidecar),
            Some(Change::Annotation { before: Some(Box::new(ann("2", "a"))), after: Some(Box::new(ann("2", "b"))) })
        );
        assert_eq!(
            h.undo(sidecar),
            Some(Change::Annotation { before: Some(Box::new(ann("2", "b"))), after: Some(Box::new(ann("2", "a"))) })
        );
        assert_eq!(h.undo(sidecar), Some(Change::Annotation { before: Some(Box::new(ann("1", "a"))), after: None }));
        // Saved again, it is the current version, and still reads.
        h.save().unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().contains("version: 2"));
        assert_eq!(History::open(&path).problem(), None);
    }

    #[test]
    fn every_kind_of_change_survives_a_restart() {
        use crate::annotate::retag::{CorpusRetag, Retag, SidecarRetag, TagChange, Tagged};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("undo.ron");
        let triage =
            Change::Triage { before: Triage::default(), after: Triage { starred: true, archived: false, priority: 2 } };
        let tagged =
            |tags: &[&str]| Tagged { tags: tags.iter().map(|t| t.to_string()).collect(), modified: "t".into() };
        let retag = Change::Retag(Box::new(CorpusRetag {
            retag: Retag::Rename { from: "a".into(), to: "b".into() },
            sidecars: vec![SidecarRetag {
                sidecar: "/c/a.txt.gloss.ron".into(),
                annotations: vec![TagChange { id: "1".into(), before: tagged(&["a"]), after: tagged(&["b"]) }],
            }],
        }));
        let nothing = Change::Annotation { before: None, after: None };
        let mut h = History::open(&path);
        h.record(Path::new("/c/a.txt.gloss.ron"), triage.clone());
        h.record(Path::new("/c/a.txt.gloss.ron"), nothing.clone());
        h.record(Path::new("/c"), retag.clone());
        h.save().unwrap();
        let mut again = History::open(&path);
        assert_eq!(again.problem(), None);
        assert_eq!(again.undo(Path::new("/c")), Some(retag.reversed()));
        assert_eq!(again.undo(Path::new("/c/a.txt.gloss.ron")), Some(nothing));
        assert_eq!(again.undo(Path::new("/c/a.txt.gloss.ron")), Some(triage.reversed()));
    }

    #[test]
    fn triage_changes_apply_field_by_field_and_are_named_by_their_article() {
        let mut s = Sidecar::empty();
        s.triage.priority = 1;
        let star = Change::Triage { before: Triage::default(), after: Triage { starred: true, ..Triage::default() } };
        assert_eq!(star.apply(&mut s), Applied::Now(None));
        assert_eq!(s.triage, Triage { starred: true, archived: false, priority: 1 });
        star.reversed().apply(&mut s);
        assert_eq!(s.triage, Triage { starred: false, archived: false, priority: 1 });
        let summary = star.summary(Path::new("/c/talks.txt.gloss.ron"));
        assert_eq!(summary, ChangeSummary { kind: ChangeKind::Triage, what: "talks.txt".into() });
    }
}
