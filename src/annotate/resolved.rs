//! An article's annotations as the reader and the exporter see them: each with the
//! place its passage is found now.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::anchor::reanchor_all;
use super::model::{Anchor, AnchorState, Annotation, Sidecar};
use super::sidecar::{self, Loaded};
use crate::corpus::Article;
use crate::notice::Notice;

/// One annotation and where its passage is in the article now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub annotation: Annotation,
    pub state: AnchorState,
    /// Byte range in the article's reading text; `None` for an orphan or an
    /// ambiguous passage.
    pub range: Option<Range<usize>>,
    /// For an ambiguous passage, the places it could be, in text order.
    pub places: Vec<Range<usize>>,
}

impl Resolved {
    /// `annotation` with where `found` says its passage is.
    pub fn new(annotation: Annotation, found: super::anchor::Resolution) -> Resolved {
        Resolved { annotation, state: found.state, range: found.range, places: found.places }
    }

    /// Find `annotation`'s passage in `article` now. The article's own hash is
    /// given, so a passage still where it was recorded in this very file is not
    /// doubted because its words also stand elsewhere.
    pub fn locate(article: &Article, annotation: &Annotation) -> Resolved {
        let (found, _) = super::anchor::reanchor(&article.text, &article.source_hash, &annotation.anchor);
        Resolved::new(annotation.clone(), found)
    }
}

/// Whether the article's annotations can be changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Writable,
    /// The sidecar cannot be used as it is; the reason names the file and place.
    ReadOnly(String),
}

/// An article's annotations, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotations {
    /// Where the sidecar is (or would be).
    pub sidecar: PathBuf,
    /// In reading order; orphans last.
    pub items: Vec<Resolved>,
    pub status: Status,
    /// Something to tell the user about opening them (anchors re-saved, or not).
    pub notice: Option<Notice>,
}

impl Annotations {
    pub fn none(sidecar: PathBuf) -> Annotations {
        Annotations { sidecar, items: Vec::new(), status: Status::Writable, notice: None }
    }

    pub fn is_writable(&self) -> bool {
        self.status == Status::Writable
    }
}

/// How many of `annotations` carry each tag, by tag.
pub fn tag_counts<'a>(annotations: impl Iterator<Item = &'a Annotation>) -> Vec<(String, usize)> {
    let mut counts = std::collections::BTreeMap::new();
    for a in annotations {
        for t in &a.tags {
            *counts.entry(t.clone()).or_insert(0) += 1;
        }
    }
    counts.into_iter().collect()
}

/// Fill in an entry's annotation count, tags and triage from its sidecar (without
/// resolving anchors: the list only needs the counts).
pub fn summarize(entry: &mut crate::corpus::Entry, layout: &sidecar::Layout) {
    let loaded = sidecar::load(&layout.sidecar_for(&entry.path));
    if let Loaded::ReadOnly { problem, .. } = &loaded {
        entry.annotations_problem = Some(problem.to_string());
    }
    if let Some(s) = loaded.sidecar() {
        entry.annotations = s.annotations.len();
        entry.tags = tag_counts(s.annotations.iter());
        entry.starred = s.triage.starred;
        entry.archived = s.triage.archived;
        entry.priority = s.triage.priority;
    }
}

/// Resolve every annotation of `sidecar` against `article`; also returns the anchors
/// that should be saved because the passage moved or its state changed.
pub fn resolve_all(article: &Article, sidecar: &Sidecar) -> (Vec<Resolved>, Vec<(String, Anchor)>) {
    let mut items = Vec::with_capacity(sidecar.annotations.len());
    let mut updates = Vec::new();
    let anchors: Vec<&Anchor> = sidecar.annotations.iter().map(|a| &a.anchor).collect();
    let found = reanchor_all(&article.text, &article.source_hash, &anchors);
    for (a, (resolution, updated)) in sidecar.annotations.iter().zip(found) {
        if let Some(anchor) = updated {
            updates.push((a.id.clone(), anchor));
        }
        items.push(Resolved::new(a.clone(), resolution));
    }
    sort(&mut items);
    (items, updates)
}

/// Reading order: by where the passage is now, orphans last.
pub fn sort(items: &mut [Resolved]) {
    items.sort_by_key(|r| match &r.range {
        Some(range) => (0, range.start, range.end),
        None => (1, r.annotation.anchor.start, r.annotation.anchor.end),
    });
}

/// Read and resolve the annotations of `article` from the sidecar at `path`. With
/// `save`, anchors that moved or changed state are written back (under the lock,
/// merged with the file as it is then); read-only commands pass `false`.
pub fn open(article: &Article, path: &Path, save: bool) -> Annotations {
    let (sidecar, status) = match sidecar::load(path) {
        Loaded::Missing => return Annotations::none(path.to_path_buf()),
        Loaded::Ok(s) => (s, Status::Writable),
        Loaded::ReadOnly { sidecar, problem } => {
            let status = Status::ReadOnly(problem.to_string());
            (sidecar.unwrap_or_default(), status)
        }
    };
    let (mut items, updates) = resolve_all(article, &sidecar);
    let mut notice = None;
    if save && !updates.is_empty() && status == Status::Writable {
        let apply = |s: &mut Sidecar| {
            for (id, anchor) in &updates {
                if let Some(a) = s.annotations.iter_mut().find(|a| a.id == *id) {
                    a.anchor = anchor.clone();
                }
            }
        };
        match sidecar::modify(path, apply) {
            // Keep this opening's states (a passage that moved is reported as moved);
            // take the annotations as written, which may include others' changes:
            // only those added meanwhile need looking for.
            Ok(((), written)) => {
                let found: HashMap<&str, &Resolved> = items.iter().map(|r| (r.annotation.id.as_str(), r)).collect();
                let mut now: Vec<Resolved> = written
                    .annotations
                    .iter()
                    .map(|a| match found.get(a.id.as_str()) {
                        Some(r) => Resolved { annotation: a.clone(), ..(*r).clone() },
                        None => Resolved::locate(article, a),
                    })
                    .collect();
                sort(&mut now);
                items = now;
            }
            Err(e) => notice = Some(Notice::ReanchorNotSaved(e.to_string())),
        }
    }
    let moved = items.iter().filter(|r| r.state == AnchorState::Moved).count();
    let fuzzy = items.iter().filter(|r| r.state == AnchorState::Fuzzy).count();
    let ambiguous = items.iter().filter(|r| r.state == AnchorState::Ambiguous).count();
    let orphans = items.iter().filter(|r| r.state == AnchorState::Orphan).count();
    if notice.is_none() && moved + fuzzy + ambiguous + orphans > 0 {
        notice = Some(Notice::Reanchored { moved, fuzzy, ambiguous, orphans });
    }
    Annotations { sidecar: path.to_path_buf(), items, status, notice }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::anchor::record;
    use crate::corpus::{Format, parse};

    fn article(text: &str) -> Article {
        parse(text.as_bytes(), Format::Text, "a.txt")
    }

    #[test]
    fn moved_anchors_are_resaved_and_states_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gloss.ron");
        let before = article("First paragraph here.\n\nThe passage we care about sits here.");
        let start = before.text.find("The passage").unwrap();
        let ann = Annotation::new(
            record(&before.text, start..before.text.len(), &before.source_hash),
            vec!["t".into()],
            String::new(),
        );
        sidecar::modify(&path, |s| s.put(ann.clone())).unwrap();

        let after =
            article("A brand new opening paragraph.\n\nFirst paragraph here.\n\nThe passage we care about sits here.");
        let annotations = open(&after, &path, true);
        assert_eq!(annotations.items[0].state, AnchorState::Moved);
        assert!(matches!(annotations.notice, Some(Notice::Reanchored { moved: 1, .. })), "{:?}", annotations.notice);
        let saved = sidecar::load(&path);
        let saved = saved.sidecar().unwrap();
        assert_eq!(saved.annotations[0].anchor.source, after.source_hash);
        let start = after.text.find("The passage").unwrap();
        assert_eq!(saved.annotations[0].anchor.start, after.text[..start].chars().count());
        assert_eq!(saved.annotations[0].anchor.state, AnchorState::Moved);
        assert_eq!(annotations.items[0].annotation, saved.annotations[0], "shown as written");

        // Opened again, it is where it was saved: exact, and nothing to report.
        let again = open(&after, &path, true);
        assert_eq!(again.items[0].state, AnchorState::Exact);
        assert_eq!(again.notice, None);
    }

    #[test]
    fn summaries_carry_counts_tags_and_triage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Some words of text.").unwrap();
        let found = crate::corpus::Found { path: path.clone(), rel: "a.txt".into() };
        let mut entry = crate::corpus::Entry::read(&found).unwrap();
        summarize(&mut entry, &sidecar::Layout::Beside);
        assert_eq!((entry.annotations, entry.starred, entry.archived, entry.priority), (0, false, false, 0));
        sidecar::modify(&sidecar::Layout::Beside.sidecar_for(&path), |s| {
            s.triage = crate::annotate::Triage { starred: true, archived: true, priority: 3 };
            s.put(Annotation::new(record("Some words", 0..4, "h"), vec!["t".into()], String::new()));
        })
        .unwrap();
        summarize(&mut entry, &sidecar::Layout::Beside);
        assert_eq!((entry.annotations, entry.starred, entry.archived, entry.priority), (1, true, true, 3));
        assert_eq!(entry.tags, [("t".to_string(), 1)]);
    }

    #[test]
    fn read_only_opening_never_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.gloss.ron");
        let before = article("The passage we care about sits here.");
        let ann =
            Annotation::new(record(&before.text, 0..before.text.len(), &before.source_hash), vec![], String::new());
        sidecar::modify(&path, |s| s.put(ann.clone())).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let after = article("Something new. The passage we care about sits here.");
        assert_eq!(open(&after, &path, false).items[0].state, AnchorState::Moved);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
}
