//! Renaming, merging and deleting a tag across a corpus, as one undoable step.
//!
//! A rename of `a` to `b` renames `a` and its descendants (`a/x` becomes `b/x`);
//! when `b` is already used the two merge, and an annotation that ends up with a
//! tag twice keeps it once. A deletion takes `a` and its descendants off every
//! passage. `ab` is neither `a` nor one of its descendants.
//!
//! Every sidecar is changed on its own, through [`sidecar::modify`] (locked,
//! re-read, written atomically), so a change someone makes meanwhile is kept. A
//! sidecar that does not parse, or comes from a newer gloss, is skipped, reported
//! and never written. The whole operation is one step in the undo history, kept in
//! the corpus's scope (its folder's path, see [`super::history`]): it records, per
//! sidecar, each changed annotation's tags before and after, and undoing it puts
//! them back sidecar by sidecar, skipping annotations deleted meanwhile.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::history::{Change, History};
use super::model::Sidecar;
use super::sidecar::{self, Layout, Loaded, SidecarError};
use super::tagtree::tag_matches;

/// What to do with a tag across the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Retag {
    /// `from` and its descendants become `to` and its descendants: a merge when
    /// `to` is already used.
    Rename { from: String, to: String },
    /// `tag` and its descendants go from every passage.
    Delete(String),
}

impl Retag {
    /// A rename, with both tags tidied as the tag prompt tidies them; `None` when
    /// either is empty once tidied, or they are the same tag.
    pub fn rename(from: &str, to: &str) -> Option<Retag> {
        let (from, to) = (super::tags::normalize(from)?, super::tags::normalize(to)?);
        (from != to).then_some(Retag::Rename { from, to })
    }

    /// A deletion, the tag tidied; `None` when it is empty once tidied.
    pub fn delete(tag: &str) -> Option<Retag> {
        super::tags::normalize(tag).map(Retag::Delete)
    }

    /// The tag this works on (the one renamed or deleted).
    pub fn tag(&self) -> &str {
        match self {
            Retag::Rename { from, .. } => from,
            Retag::Delete(tag) => tag,
        }
    }

    /// `tags` with this done to them, each tag kept once (where it first appears).
    pub fn apply(&self, tags: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(tags.len());
        for tag in tags {
            let new = match self {
                Retag::Rename { from, to } => renamed(tag, from, to).unwrap_or_else(|| tag.clone()),
                Retag::Delete(gone) if tag_matches(tag, gone) => continue,
                Retag::Delete(_) => tag.clone(),
            };
            if !out.contains(&new) {
                out.push(new);
            }
        }
        out
    }
}

/// `tag` renamed, when it is `from` or below it: `to`, with the levels below `from`
/// kept below it.
fn renamed(tag: &str, from: &str, to: &str) -> Option<String> {
    if !tag_matches(tag, from) {
        return None;
    }
    let levels = |t: &str| t.split('/').filter(|l| !l.is_empty()).count();
    let below = tag.split('/').filter(|l| !l.is_empty()).skip(levels(from));
    Some(std::iter::once(to).chain(below).collect::<Vec<_>>().join("/"))
}

/// An annotation's tags, and when it was last changed by a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tagged {
    pub tags: Vec<String>,
    pub modified: String,
}

/// One annotation's tags before and after a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagChange {
    pub id: String,
    pub before: Tagged,
    pub after: Tagged,
}

/// What a step changed in one sidecar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SidecarRetag {
    pub sidecar: PathBuf,
    pub annotations: Vec<TagChange>,
}

impl SidecarRetag {
    /// Bring the annotations of `sidecar` this covers from `before` to `after`, by
    /// id, touching nothing but their tags (and when they were modified). Tags that
    /// are as this step left them are set exactly; tags someone changed meanwhile
    /// lose what this step added and regain what it took, and keep the rest.
    /// Returns how many annotations changed and how many were not there any more.
    pub fn apply(&self, sidecar: &mut Sidecar) -> (usize, usize) {
        let (mut changed, mut gone) = (0, 0);
        for change in &self.annotations {
            let Some(disk) = sidecar.annotations.iter_mut().find(|a| a.id == change.id) else {
                gone += 1;
                continue;
            };
            let tags = if disk.tags == change.before.tags {
                change.after.tags.clone()
            } else {
                merged(&disk.tags, &change.before.tags, &change.after.tags)
            };
            if tags == disk.tags {
                continue;
            }
            changed += 1;
            if tags == change.after.tags {
                disk.modified = change.after.modified.clone();
            } else {
                disk.touch();
            }
            disk.tags = tags;
        }
        (changed, gone)
    }

    fn reversed(&self) -> SidecarRetag {
        SidecarRetag {
            sidecar: self.sidecar.clone(),
            annotations: self
                .annotations
                .iter()
                .map(|c| TagChange { id: c.id.clone(), before: c.after.clone(), after: c.before.clone() })
                .collect(),
        }
    }
}

/// `now` changed as `before` → `after` changed: each tag the change took away is
/// replaced, in its place, by one it added; the rest it added go at the end.
fn merged(now: &[String], before: &[String], after: &[String]) -> Vec<String> {
    let mut added = after.iter().filter(|t| !before.contains(t) && !now.contains(t));
    let mut out: Vec<String> = Vec::with_capacity(now.len());
    for tag in now {
        let taken = before.contains(tag) && !after.contains(tag);
        let keep = if taken { added.next() } else { Some(tag) };
        if let Some(t) = keep
            && !out.contains(t)
        {
            out.push(t.clone());
        }
    }
    for t in added {
        if !out.contains(t) {
            out.push(t.clone());
        }
    }
    out
}

/// A corpus-wide step as the undo history keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusRetag {
    /// What was done (for an undo, the step being undone).
    pub retag: Retag,
    pub sidecars: Vec<SidecarRetag>,
}

impl CorpusRetag {
    pub fn reversed(&self) -> CorpusRetag {
        CorpusRetag { retag: self.retag.clone(), sidecars: self.sidecars.iter().map(SidecarRetag::reversed).collect() }
    }
}

/// Whether a summary is of the step itself or of its undo or redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Done,
    Undone,
    Redone,
}

/// What a step (or its undo or redo) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub retag: Retag,
    pub step: Step,
    /// The sidecars rewritten.
    pub changed: Vec<PathBuf>,
    /// The annotations whose tags changed.
    pub passages: usize,
    /// Annotations an undo or redo was for that were deleted meanwhile (skipped).
    pub gone: usize,
    /// Sidecars that could not be read or written, and why: none of them was
    /// changed.
    pub skipped: Vec<SidecarError>,
}

impl Summary {
    fn new(retag: Retag, step: Step) -> Summary {
        Summary { retag, step, changed: Vec::new(), passages: 0, gone: 0, skipped: Vec::new() }
    }
}

/// The sidecars of the articles under `root` that exist: the ones a retag reads.
pub fn sidecars(root: &Path, layout: &Layout) -> Vec<PathBuf> {
    crate::corpus::discover(root)
        .filter_map(|item| match item {
            crate::corpus::Discovered::File(found) => Some(layout.sidecar_for(&found.path)),
            crate::corpus::Discovered::Skipped(_) => None,
        })
        .filter(|path| path.is_file())
        .collect()
}

/// Do `retag` to every sidecar in `sidecars`, and record it in `history` as one
/// step in `scope` (the corpus folder) if it changed anything.
pub fn run(history: &mut History, scope: &Path, sidecars: &[PathBuf], retag: &Retag) -> Summary {
    let mut summary = Summary::new(retag.clone(), Step::Done);
    let mut parts = Vec::new();
    let mut paths: Vec<&PathBuf> = sidecars.iter().collect();
    paths.sort();
    paths.dedup();
    for path in paths {
        // Read first, so sidecars without the tag are neither locked nor written.
        match sidecar::load(path) {
            Loaded::Missing => continue,
            Loaded::ReadOnly { problem, .. } => {
                summary.skipped.push(problem);
                continue;
            }
            Loaded::Ok(s) if !s.annotations.iter().any(|a| retag.apply(&a.tags) != a.tags) => continue,
            Loaded::Ok(_) => {}
        }
        let result = sidecar::modify(path, |s| {
            let mut changes = Vec::new();
            for a in &mut s.annotations {
                let tags = retag.apply(&a.tags);
                if tags == a.tags {
                    continue;
                }
                let before = Tagged { tags: std::mem::replace(&mut a.tags, tags), modified: a.modified.clone() };
                a.touch();
                changes.push(TagChange {
                    id: a.id.clone(),
                    before,
                    after: Tagged { tags: a.tags.clone(), modified: a.modified.clone() },
                });
            }
            changes
        });
        match result {
            Ok((changes, _)) if changes.is_empty() => {}
            Ok((changes, _)) => {
                summary.passages += changes.len();
                summary.changed.push(path.clone());
                parts.push(SidecarRetag { sidecar: path.clone(), annotations: changes });
            }
            Err(e) => summary.skipped.push(e),
        }
    }
    if !parts.is_empty() {
        history.record(scope, Change::Retag(Box::new(CorpusRetag { retag: retag.clone(), sidecars: parts })));
    }
    summary
}

/// Undo the last corpus-wide step in `scope`; `None` when there is none.
pub fn undo(history: &mut History, scope: &Path) -> Option<Summary> {
    replay(history, scope, true)
}

/// Redo the last undone corpus-wide step in `scope`; `None` when there is none.
pub fn redo(history: &mut History, scope: &Path) -> Option<Summary> {
    replay(history, scope, false)
}

fn replay(history: &mut History, scope: &Path, undoing: bool) -> Option<Summary> {
    let change = if undoing { history.undo(scope) } else { history.redo(scope) }?;
    let Change::Retag(step) = change else {
        // Not a corpus-wide step: this is not the scope for it. Left where it was.
        history.restore(scope, undoing);
        return None;
    };
    let mut summary = Summary::new(step.retag.clone(), if undoing { Step::Undone } else { Step::Redone });
    for part in &step.sidecars {
        if !part.sidecar.exists() {
            // Deleted meanwhile, with its annotations (and maybe its folder, which
            // taking the lock would make again).
            summary.gone += part.annotations.len();
            continue;
        }
        match sidecar::modify(&part.sidecar, |s| part.apply(s)) {
            Ok(((changed, gone), _)) => {
                summary.passages += changed;
                summary.gone += gone;
                if changed > 0 {
                    summary.changed.push(part.sidecar.clone());
                }
            }
            Err(e) => summary.skipped.push(e),
        }
    }
    let covered: usize = step.sidecars.iter().map(|p| p.annotations.len()).sum();
    if summary.passages == 0 && !summary.skipped.is_empty() && summary.skipped.len() == step.sidecars.len() {
        // Nothing could be written: left to try again once the files are fixed.
        history.restore(scope, undoing);
    } else if summary.skipped.is_empty() && summary.gone == covered {
        // Every annotation it was for is gone: it can never apply.
        history.forget(scope, undoing);
    }
    Some(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::anchor::record;
    use crate::annotate::model::Annotation;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn renames_take_descendants_and_merge() {
        let rename = Retag::rename("Security", "safety").unwrap();
        assert_eq!(rename, Retag::Rename { from: "security".into(), to: "safety".into() });
        assert_eq!(
            rename.apply(&tags(&["security", "securityx", "security/border", "x"])),
            tags(&["safety", "securityx", "safety/border", "x"])
        );
        // A merge: the tag that is there twice is kept once, where it first was.
        let merge = Retag::rename("ttp", "militancy").unwrap();
        assert_eq!(merge.apply(&tags(&["militancy", "a", "ttp"])), tags(&["militancy", "a"]));
        assert_eq!(merge.apply(&tags(&["ttp", "militancy"])), tags(&["militancy"]));
        assert_eq!(Retag::rename("a", " "), None);
        assert_eq!(Retag::rename("A", "a"), None, "the same tag");
        // Into a tag below itself: every level below moves down with it.
        let down = Retag::rename("a", "a/b").unwrap();
        assert_eq!(down.apply(&tags(&["a", "a/c"])), tags(&["a/b", "a/b/c"]));
    }

    #[test]
    fn deletions_take_descendants_only() {
        let delete = Retag::delete("security").unwrap();
        assert_eq!(
            delete.apply(&tags(&["security", "security/border", "securityx", "x/security"])),
            tags(&["securityx", "x/security"])
        );
        assert_eq!(delete.tag(), "security");
    }

    #[test]
    fn undoing_over_a_change_made_meanwhile_keeps_it() {
        // Renamed a → b; someone then added c.
        assert_eq!(merged(&tags(&["x", "b", "c"]), &tags(&["x", "b"]), &tags(&["x", "a"])), tags(&["x", "a", "c"]));
        // Deleted a; someone then added c: undo puts a back at the end.
        assert_eq!(merged(&tags(&["x", "c"]), &tags(&["x"]), &tags(&["a", "x"])), tags(&["x", "c", "a"]));
        // Someone removed the renamed tag meanwhile: it stays removed.
        assert_eq!(merged(&tags(&["x"]), &tags(&["x", "b"]), &tags(&["x", "a"])), tags(&["x", "a"]));
    }

    fn annotated(dir: &Path, name: &str, tag_lists: &[&[&str]]) -> PathBuf {
        let path = dir.join(format!("{name}.gloss.ron"));
        sidecar::modify(&path, |s| {
            for (i, list) in tag_lists.iter().enumerate() {
                s.put(Annotation::new(record("some words of text here", i..i + 3, "h"), tags(list), String::new()));
            }
        })
        .unwrap();
        path
    }

    fn tags_in(path: &Path) -> Vec<Vec<String>> {
        sidecar::load(path).sidecar().unwrap().annotations.iter().map(|a| a.tags.clone()).collect()
    }

    #[test]
    fn one_step_undone_and_redone_across_sidecars() {
        let dir = tempfile::tempdir().unwrap();
        let one = annotated(dir.path(), "one.txt", &[&["a", "x"], &["a/b"]]);
        let two = annotated(dir.path(), "two.txt", &[&["b", "a"]]);
        let three = annotated(dir.path(), "three.txt", &[&["x"]]);
        let untouched = std::fs::read(&three).unwrap();
        let before = [tags_in(&one), tags_in(&two)];
        let mut history = History::in_memory();
        let scope = dir.path();
        let all = [one.clone(), two.clone(), three.clone(), dir.path().join("missing.txt.gloss.ron")];

        let summary = run(&mut history, scope, &all, &Retag::rename("a", "b").unwrap());
        assert_eq!((summary.changed.len(), summary.passages, summary.skipped.len()), (2, 3, 0), "{summary:?}");
        assert_eq!(tags_in(&one), [tags(&["b", "x"]), tags(&["b/b"])]);
        assert_eq!(tags_in(&two), [tags(&["b"])]);
        assert_eq!(std::fs::read(&three).unwrap(), untouched, "a sidecar without the tag is not rewritten");

        let undone = undo(&mut history, scope).unwrap();
        assert_eq!((undone.step, undone.passages, undone.changed.len()), (Step::Undone, 3, 2));
        assert_eq!([tags_in(&one), tags_in(&two)], before);
        assert!(undo(&mut history, scope).is_none());
        let redone = redo(&mut history, scope).unwrap();
        assert_eq!(redone.step, Step::Redone);
        assert_eq!(tags_in(&two), [tags(&["b"])]);
        // The article's own history is not the corpus's.
        assert!(history.undo(&one).is_none());
    }

    #[test]
    fn damaged_sidecars_are_skipped_and_deleted_annotations_are_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let good = annotated(dir.path(), "good.txt", &[&["a"], &["a", "z"]]);
        let bad = dir.path().join("bad.txt.gloss.ron");
        std::fs::write(&bad, "(version: 1, annotations: [").unwrap();
        let mut history = History::in_memory();
        let summary = run(&mut history, dir.path(), &[good.clone(), bad.clone()], &Retag::delete("a").unwrap());
        assert_eq!(summary.passages, 2);
        assert_eq!(summary.skipped.len(), 1);
        assert_eq!(summary.skipped[0].path, bad);
        assert_eq!(std::fs::read_to_string(&bad).unwrap(), "(version: 1, annotations: [");
        // One of the two is deleted meanwhile; undo restores the other.
        sidecar::modify(&good, |s| {
            let id = s.annotations[0].id.clone();
            s.remove(&id);
        })
        .unwrap();
        let undone = undo(&mut history, dir.path()).unwrap();
        assert_eq!((undone.passages, undone.gone), (1, 1));
        assert_eq!(tags_in(&good), [tags(&["a", "z"])]);
        // A sidecar deleted meanwhile, folder and all: its redo can never apply,
        // and is forgotten, not made again.
        let sub = dir.path().join("sub");
        let lone = annotated(&sub, "lone.txt", &[&["a"]]);
        run(&mut history, dir.path(), std::slice::from_ref(&lone), &Retag::delete("a").unwrap());
        undo(&mut history, dir.path()).unwrap();
        std::fs::remove_dir_all(&sub).unwrap();
        let redone = redo(&mut history, dir.path()).unwrap();
        assert_eq!((redone.passages, redone.gone), (0, 1));
        assert!(!sub.exists());
        assert!(redo(&mut history, dir.path()).is_none(), "forgotten");
    }
}
