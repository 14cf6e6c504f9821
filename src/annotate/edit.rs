//! Changes to an article's annotations, carried out on its sidecar and recorded
//! for undo. The reader's worker thread and the tests both go through [`apply`].

use std::path::Path;

use super::history::{Applied, Change, History};
use super::model::{Annotation, Sidecar};
use super::sidecar::{self, SidecarError};
use crate::notice::Notice;

/// A change to an article's annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Add or replace an annotation; `before` is what it replaced, for undo.
    Put {
        before: Option<Box<Annotation>>,
        after: Box<Annotation>,
    },
    Delete(Box<Annotation>),
    Undo,
    Redo,
}

/// Carry out `edit` on the sidecar at `path` (locked, merged with what is on disk,
/// written atomically) and record it in `history`. Returns the sidecar as written
/// and, for undo and redo, a notice of what was done.
pub fn apply(history: &mut History, path: &Path, edit: Edit) -> (Result<Sidecar, SidecarError>, Option<Notice>) {
    // Undo and redo say what they did, and are not recorded again.
    let (change, verb) = match edit {
        Edit::Put { before, after } => (Change { before: before.map(|b| *b), after: Some(*after) }, None),
        Edit::Delete(gone) => (Change { before: Some(*gone), after: None }, None),
        Edit::Undo | Edit::Redo => {
            let undoing = edit == Edit::Undo;
            let next = if undoing { history.undo(path) } else { history.redo(path) };
            let Some(change) = next else {
                let nothing = if undoing { Notice::NothingToUndo } else { Notice::NothingToRedo };
                let current = sidecar::load(path).sidecar().cloned().unwrap_or_else(Sidecar::empty);
                return (Ok(current), Some(nothing));
            };
            // Name what was undone by the change it reverses.
            let verb =
                if undoing { Notice::Undid(change.reversed().summary()) } else { Notice::Redid(change.summary()) };
            (change, Some((verb, undoing)))
        }
    };
    let result = sidecar::modify(path, |s| {
        let id = change.after.as_ref().or(change.before.as_ref()).map(|a| a.id.clone()).unwrap_or_default();
        let was = s.get(&id).cloned();
        (was, change.apply(s))
    });
    match result {
        Ok(((was, Applied::Now(now)), written)) => {
            if verb.is_none() {
                // Recorded as it happened on disk, so undo restores what was there.
                history.record(path, Change { before: was, after: now.map(|a| *a) });
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
}
