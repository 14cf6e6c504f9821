//! Changes to annotations and triage, carried out on sidecars and recorded for
//! undo. The reader's worker thread and the tests both go through [`apply`].

use std::path::{Path, PathBuf};

use super::history::{Applied, Change, History};
use super::model::{Annotation, Sidecar, Triage};
use super::retag::{self, Retag, Summary};
use super::sidecar::{self, SidecarError};
use crate::notice::Notice;

/// A change to annotations or triage. Most are for one article, and `apply` gets
/// its sidecar's path; the corpus-wide ones (`Retag`, `UndoCorpus`, `RedoCorpus`)
/// get the corpus folder's path instead, the scope their steps are kept in (see
/// [`super::history`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Add or replace an annotation; `before` is what it replaced, for undo.
    Put {
        before: Option<Box<Annotation>>,
        after: Box<Annotation>,
    },
    Delete(Box<Annotation>),
    /// Change the article's triage from `before` (as shown) to `after`: only the
    /// fields that differ are changed, so a field someone else changed meanwhile
    /// keeps their value unless this changes it too.
    SetTriage {
        before: Triage,
        after: Triage,
    },
    /// Undo or redo the article's last change.
    Undo,
    Redo,
    /// Rename, merge or delete a tag in all of these sidecars: one step.
    Retag {
        retag: Retag,
        sidecars: Vec<PathBuf>,
    },
    /// Undo or redo the corpus's last corpus-wide step.
    UndoCorpus,
    RedoCorpus,
}

/// Carry out `edit` on the sidecar at `path` (locked, merged with what is on disk,
/// written atomically) and record it in `history`. Returns the sidecar as written
/// and, for undo and redo, a notice of what was done. A corpus-wide edit (`path` is
/// then the corpus folder) returns an empty sidecar, and a notice whose summary
/// names the sidecars it rewrote.
pub fn apply(history: &mut History, path: &Path, edit: Edit) -> (Result<Sidecar, SidecarError>, Option<Notice>) {
    // Undo and redo say what they did, and are not recorded again.
    let (change, verb) = match edit {
        Edit::Put { before, after } => (Change::Annotation { before, after: Some(after) }, None),
        Edit::Delete(gone) => (Change::Annotation { before: Some(gone), after: None }, None),
        Edit::SetTriage { before, after } => (Change::Triage { before, after }, None),
        Edit::Retag { retag, sidecars } => return corpus_wide(retag::run(history, path, &sidecars, &retag)),
        Edit::UndoCorpus | Edit::RedoCorpus => {
            let undoing = edit == Edit::UndoCorpus;
            let done = if undoing { retag::undo(history, path) } else { retag::redo(history, path) };
            return match done {
                Some(summary) => corpus_wide(summary),
                None => {
                    let nothing = if undoing { Notice::NothingToUndoInCorpus } else { Notice::NothingToRedoInCorpus };
                    (Ok(Sidecar::empty()), Some(nothing))
                }
            };
        }
        Edit::Undo | Edit::Redo => {
            let undoing = edit == Edit::Undo;
            let next = if undoing { history.undo(path) } else { history.redo(path) };
            let Some(change) = next else {
                let nothing = if undoing { Notice::NothingToUndo } else { Notice::NothingToRedo };
                let current = sidecar::load(path).sidecar().cloned().unwrap_or_else(Sidecar::empty);
                return (Ok(current), Some(nothing));
            };
            // Name what was undone by the change it reverses.
            let verb = if undoing {
                Notice::Undid(change.reversed().summary(path))
            } else {
                Notice::Redid(change.summary(path))
            };
            (change, Some((verb, undoing)))
        }
    };
    let result = sidecar::modify(path, |s| {
        let was = match &change {
            Change::Annotation { before, after } => {
                after.as_ref().or(before.as_ref()).and_then(|a| s.get(&a.id)).cloned().map(Box::new)
            }
            _ => None,
        };
        let was_triage = s.triage;
        let applied = change.apply(s);
        // What happened on disk, which is what undo must take back.
        let happened = match (&change, &applied) {
            (Change::Annotation { .. }, Applied::Now(now)) => {
                Some(Change::Annotation { before: was, after: now.clone() })
            }
            (Change::Triage { .. }, _) if s.triage != was_triage => {
                Some(Change::Triage { before: was_triage, after: s.triage })
            }
            _ => None,
        };
        (happened, applied)
    });
    match result {
        Ok(((happened, Applied::Now(_)), written)) => {
            if verb.is_none()
                && let Some(happened) = happened
            {
                history.record(path, happened);
            }
            (Ok(written), verb.map(|(v, _)| v))
        }
        Ok(((_, Applied::Gone), written)) => {
            if let Some((_, undoing)) = verb {
                history.forget(path, undoing);
            }
            (Ok(written), Some(Notice::DeletedMeanwhile))
        }
        Err(e) => {
            if let Some((_, undoing)) = verb {
                history.restore(path, undoing);
            }
            (Err(e), None)
        }
    }
}

/// The answer to a corpus-wide edit.
fn corpus_wide(summary: Summary) -> (Result<Sidecar, SidecarError>, Option<Notice>) {
    let notice = if summary.passages == 0 && summary.skipped.is_empty() && summary.gone > 0 {
        Notice::DeletedMeanwhile
    } else {
        Notice::Retagged(Box::new(summary))
    };
    (Ok(Sidecar::empty()), Some(notice))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::anchor::record;
    use crate::notice::{ChangeKind, ChangeSummary};

    #[test]
    fn put_delete_undo_redo_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gloss.ron");
        let mut history = History::in_memory();
        let a = Annotation::new(record("some words here", 5..10, "h"), vec!["x".into()], String::new());
        let (s, _) = apply(&mut history, &path, Edit::Put { before: None, after: Box::new(a.clone()) });
        assert_eq!(s.unwrap().annotations.len(), 1);
        let (s, _) = apply(&mut history, &path, Edit::Delete(Box::new(a.clone())));
        assert!(s.unwrap().annotations.is_empty());
        let (s, message) = apply(&mut history, &path, Edit::Undo);
        assert_eq!(s.unwrap().annotations.len(), 1);
        assert!(matches!(message, Some(Notice::Undid(ChangeSummary { kind: ChangeKind::Deleted, .. }))), "{message:?}");
        let (s, _) = apply(&mut history, &path, Edit::Redo);
        assert!(s.unwrap().annotations.is_empty());
        let (_, _) = apply(&mut history, &path, Edit::Undo);
        let (_, _) = apply(&mut history, &path, Edit::Undo);
        let (s, message) = apply(&mut history, &path, Edit::Undo);
        assert!(s.unwrap().annotations.is_empty());
        assert_eq!(message, Some(Notice::NothingToUndo));
    }

    #[test]
    fn an_undo_whose_annotation_was_deleted_elsewhere_is_skipped_after_saying_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gloss.ron");
        let mut history = History::in_memory();
        let first = Annotation::new(record("some words here", 0..4, "h"), vec!["x".into()], String::new());
        let second = Annotation::new(record("some words here", 5..10, "h"), vec!["y".into()], String::new());
        for a in [&first, &second] {
            let _ = apply(&mut history, &path, Edit::Put { before: None, after: Box::new(a.clone()) });
        }
        // Someone else deletes the second one.
        sidecar::modify(&path, |s| s.remove(&second.id)).unwrap();
        let (_, message) = apply(&mut history, &path, Edit::Undo);
        assert_eq!(message, Some(Notice::DeletedMeanwhile));
        // The next undo goes on to the first annotation.
        let (s, message) = apply(&mut history, &path, Edit::Undo);
        assert!(matches!(message, Some(Notice::Undid(ChangeSummary { kind: ChangeKind::Added, .. }))), "{message:?}");
        assert!(s.unwrap().annotations.is_empty());
    }

    #[test]
    fn triage_is_merged_undone_and_redone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gloss.ron");
        let mut history = History::in_memory();
        let none = Triage::default();
        // Nothing to keep: no sidecar, nothing to undo.
        let (s, _) = apply(&mut history, &path, Edit::SetTriage { before: none, after: none });
        assert!(s.unwrap().triage.is_default());
        assert!(!path.exists());
        assert_eq!(apply(&mut history, &path, Edit::Undo).1, Some(Notice::NothingToUndo));

        let starred = Triage { starred: true, ..none };
        let (s, _) = apply(&mut history, &path, Edit::SetTriage { before: none, after: starred });
        assert_eq!(s.unwrap().triage, starred);
        // Someone else sets a priority meanwhile; archiving from a stale view keeps it.
        sidecar::modify(&path, |s| s.triage.priority = 2).unwrap();
        let (s, _) = apply(
            &mut history,
            &path,
            Edit::SetTriage { before: starred, after: Triage { archived: true, ..starred } },
        );
        assert_eq!(s.unwrap().triage, Triage { starred: true, archived: true, priority: 2 });

        let (s, message) = apply(&mut history, &path, Edit::Undo);
        assert_eq!(s.unwrap().triage, Triage { starred: true, archived: false, priority: 2 });
        assert_eq!(message, Some(Notice::Undid(ChangeSummary { kind: ChangeKind::Triage, what: "a.txt".into() })));
        let (s, _) = apply(&mut history, &path, Edit::Undo);
        assert_eq!(s.unwrap().triage, Triage { starred: false, archived: false, priority: 2 });
        let (s, message) = apply(&mut history, &path, Edit::Redo);
        assert_eq!(s.unwrap().triage, Triage { starred: true, archived: false, priority: 2 });
        assert!(matches!(message, Some(Notice::Redid(ChangeSummary { kind: ChangeKind::Triage, .. }))));
        // Triage and annotation changes share the article's one history.
        let a = Annotation::new(record("some words here", 5..10, "h"), vec!["x".into()], String::new());
        let _ = apply(&mut history, &path, Edit::Put { before: None, after: Box::new(a) });
        let (s, _) = apply(&mut history, &path, Edit::Undo);
        assert!(s.unwrap().annotations.is_empty());
        let (s, _) = apply(&mut history, &path, Edit::Undo);
        assert!(!s.unwrap().triage.starred);
    }

    #[test]
    fn a_triage_change_that_changes_nothing_is_not_an_undo_step() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gloss.ron");
        let mut history = History::in_memory();
        let starred = Triage { starred: true, ..Triage::default() };
        let _ = apply(&mut history, &path, Edit::SetTriage { before: Triage::default(), after: starred });
        // Starred again from a stale view: already so on disk.
        let _ = apply(&mut history, &path, Edit::SetTriage { before: Triage::default(), after: starred });
        let (s, _) = apply(&mut history, &path, Edit::Undo);
        assert!(s.unwrap().triage.is_default());
        assert_eq!(apply(&mut history, &path, Edit::Undo).1, Some(Notice::NothingToUndo));
    }

    #[test]
    fn corpus_wide_edits_are_undone_in_their_own_scope() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gloss.ron");
        let mut history = History::in_memory();
        let a = Annotation::new(record("some words here", 5..10, "h"), vec!["x".into()], String::new());
        let _ = apply(&mut history, &path, Edit::Put { before: None, after: Box::new(a) });
        let scope = dir.path();
        assert_eq!(apply(&mut history, scope, Edit::UndoCorpus).1, Some(Notice::NothingToUndoInCorpus));
        let retag = Retag::rename("x", "y").unwrap();
        let (_, message) = apply(&mut history, scope, Edit::Retag { retag, sidecars: vec![path.clone()] });
        let Some(Notice::Retagged(summary)) = message else { panic!("{message:?}") };
        assert_eq!((summary.passages, summary.changed.clone()), (1, vec![path.clone()]));
        assert_eq!(sidecar::load(&path).sidecar().unwrap().annotations[0].tags, ["y"]);
        let (_, message) = apply(&mut history, scope, Edit::UndoCorpus);
        assert!(matches!(message, Some(Notice::Retagged(s)) if s.step == retag::Step::Undone));
        assert_eq!(sidecar::load(&path).sidecar().unwrap().annotations[0].tags, ["x"]);
        assert_eq!(apply(&mut history, scope, Edit::UndoCorpus).1, Some(Notice::NothingToUndoInCorpus));
        let _ = apply(&mut history, scope, Edit::RedoCorpus);
        assert_eq!(sidecar::load(&path).sidecar().unwrap().annotations[0].tags, ["y"]);
        // The article's own undo is its last own change, the annotation's creation.
        let (s, message) = apply(&mut history, &path, Edit::Undo);
        assert!(matches!(message, Some(Notice::Undid(ChangeSummary { kind: ChangeKind::Added, .. }))));
        assert!(s.unwrap().annotations.is_empty());
    }
}
