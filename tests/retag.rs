//! Renaming, merging and deleting a tag across a corpus: every sidecar with the tag
//! is rewritten, damaged ones are left alone and reported, and one undo puts every
//! sidecar back byte for byte, even after a restart.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gloss::annotate::history::History;
use gloss::annotate::retag::{self, Retag, Step, Summary};
use gloss::annotate::{self, Edit, Layout, sidecar};
use gloss::notice::Notice;

const TEXT: &str = "Officials from both countries met in Islamabad on Tuesday to review border security. \
The talks covered fencing, patrols and the sharing of intelligence about militant movements.";

struct Corpus {
    dir: tempfile::TempDir,
    state: tempfile::TempDir,
    layout: Layout,
}

impl Corpus {
    /// Articles with annotations carrying these tag lists (one list per annotation),
    /// one with none, and one whose sidecar is damaged.
    fn new(layout: impl Fn(&Path) -> Layout, articles: &[(&str, &[&[&str]])]) -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        let corpus = Corpus { layout: layout(dir.path()), dir, state: tempfile::tempdir().unwrap() };
        std::fs::create_dir(corpus.root().join("sub")).unwrap();
        for (name, lists) in articles {
            let path = corpus.root().join(name);
            std::fs::write(&path, TEXT).unwrap();
            let article = gloss::corpus::load(&path).unwrap();
            sidecar::modify(&corpus.layout.sidecar_for(&path), |s| {
                for (i, tags) in lists.iter().enumerate() {
                    let start = i * 10;
                    let anchor = annotate::record(&article.text, start..start + 8, &article.source_hash);
                    let tags = tags.iter().map(|t| t.to_string()).collect();
                    s.put(annotate::Annotation::new(anchor, tags, String::new()));
                }
            })
            .unwrap();
        }
        std::fs::write(corpus.root().join("plain.txt"), TEXT).unwrap();
        std::fs::write(corpus.root().join("damaged.txt"), TEXT).unwrap();
        std::fs::write(corpus.damaged(), "(version: 1, annotations: [(id: \"x\", tags: [\"security\"]").unwrap();
        corpus
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn damaged(&self) -> PathBuf {
        self.layout.sidecar_for(&self.root().join("damaged.txt"))
    }

    fn sidecar(&self, article: &str) -> PathBuf {
        self.layout.sidecar_for(&self.root().join(article))
    }

    /// Every sidecar's bytes, by article.
    fn files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        retag::sidecars(self.root(), &self.layout).into_iter().map(|p| (p.clone(), std::fs::read(p).unwrap())).collect()
    }

    fn tags(&self, article: &str) -> Vec<Vec<String>> {
        let loaded = sidecar::load(&self.sidecar(article));
        loaded.sidecar().unwrap().annotations.iter().map(|a| a.tags.clone()).collect()
    }

    /// A gloss run: the history read from the state folder, one edit, saved.
    fn edit(&self, edit: Edit) -> Option<Notice> {
        let mut history = History::open(&self.state.path().join("undo.ron"));
        let (outcome, notice) = annotate::edit::apply(&mut history, self.root(), edit);
        assert!(outcome.is_ok());
        history.save().unwrap();
        notice
    }

    fn retag(&self, retag: Retag) -> Summary {
        let sidecars = retag::sidecars(self.root(), &self.layout);
        match self.edit(Edit::Retag { retag, sidecars }) {
            Some(Notice::Retagged(summary)) => *summary,
            other => panic!("{other:?}"),
        }
    }

    fn undo(&self, undo: bool) -> Summary {
        match self.edit(if undo { Edit::UndoCorpus } else { Edit::RedoCorpus }) {
            Some(Notice::Retagged(summary)) => *summary,
            other => panic!("{other:?}"),
        }
    }
}

fn tags(lists: &[&[&str]]) -> Vec<Vec<String>> {
    lists.iter().map(|l| l.iter().map(|t| t.to_string()).collect()).collect()
}

const ARTICLES: &[(&str, &[&[&str]])] = &[
    ("a.txt", &[&["security", "ttp"], &["security/border"]]),
    ("b.md", &[&["border", "security"], &["x"]]),
    ("sub/c.txt", &[&["securityx"], &["ttp", "militancy"]]),
];

#[test]
fn rename_merge_and_delete_across_the_corpus_undo_as_one_step_each() {
    let corpus = Corpus::new(|_| Layout::Beside, ARTICLES);
    let original = corpus.files();
    let damaged = std::fs::read(corpus.damaged()).unwrap();

    // security → border: a rename for a.txt, a merge for b.md, nothing for c.txt.
    let renamed = corpus.retag(Retag::rename("security", "border").unwrap());
    assert_eq!(renamed.step, Step::Done);
    assert_eq!(renamed.passages, 3);
    assert_eq!(renamed.changed, [corpus.sidecar("a.txt"), corpus.sidecar("b.md")]);
    assert_eq!(renamed.skipped.len(), 1, "{:?}", renamed.skipped);
    assert_eq!(renamed.skipped[0].path, corpus.damaged());
    assert_eq!(std::fs::read(corpus.damaged()).unwrap(), damaged, "a damaged sidecar is never written");
    assert_eq!(corpus.tags("a.txt"), tags(&[&["border", "ttp"], &["border/border"]]));
    assert_eq!(corpus.tags("b.md"), tags(&[&["border"], &["x"]]), "merged: kept once");
    let c = corpus.sidecar("sub/c.txt");
    assert_eq!(std::fs::read(&c).unwrap(), original[&c], "securityx is another tag");
    let after_rename = corpus.files();

    // ttp deleted: a second step.
    let deleted = corpus.retag(Retag::delete("ttp").unwrap());
    assert_eq!((deleted.passages, deleted.changed.len()), (2, 2));
    assert_eq!(corpus.tags("sub/c.txt"), tags(&[&["securityx"], &["militancy"]]));

    // Each undo (in a new run) takes back one whole step, byte for byte.
    let undone = corpus.undo(true);
    assert_eq!((undone.step, undone.retag.clone()), (Step::Undone, Retag::Delete("ttp".into())));
    assert_eq!(corpus.files(), after_rename);
    let undone = corpus.undo(true);
    assert_eq!((undone.passages, undone.changed.len()), (3, 2));
    assert_eq!(corpus.files(), original);
    assert_eq!(corpus.edit(Edit::UndoCorpus), Some(Notice::NothingToUndoInCorpus));

    // Redo puts the rename back as it was.
    corpus.undo(false);
    assert_eq!(corpus.files(), after_rename);
}

#[test]
fn undo_skips_what_was_deleted_meanwhile_and_keeps_what_was_added() {
    let corpus = Corpus::new(|_| Layout::Beside, ARTICLES);
    corpus.retag(Retag::rename("security", "safety").unwrap());
    // Meanwhile: one renamed annotation deleted, another given a new tag.
    sidecar::modify(&corpus.sidecar("a.txt"), |s| {
        let id = s.annotations[1].id.clone();
        s.remove(&id);
    })
    .unwrap();
    sidecar::modify(&corpus.sidecar("b.md"), |s| s.annotations[0].tags.push("new".into())).unwrap();
    let undone = corpus.undo(true);
    assert_eq!((undone.passages, undone.gone), (2, 1));
    assert_eq!(corpus.tags("a.txt"), tags(&[&["security", "ttp"]]));
    assert_eq!(corpus.tags("b.md"), tags(&[&["border", "security", "new"], &["x"]]));
}

#[test]
fn an_annotations_tree_is_retagged_and_the_corpus_left_alone() {
    let notes = tempfile::tempdir().unwrap();
    let tree = notes.path().to_path_buf();
    let corpus = Corpus::new(|root| Layout::Tree { corpus: root.to_path_buf(), annotations: tree.clone() }, ARTICLES);
    assert!(corpus.sidecar("sub/c.txt").starts_with(notes.path()));
    let summary = corpus.retag(Retag::delete("security").unwrap());
    assert_eq!(summary.passages, 3);
    assert_eq!(corpus.tags("b.md"), tags(&[&["border"], &["x"]]));
    let in_corpus: Vec<_> =
        walk(corpus.root()).into_iter().filter(|p| p.to_string_lossy().ends_with(".gloss.ron")).collect();
    assert!(in_corpus.is_empty(), "{in_corpus:?}");
    corpus.undo(true);
    assert_eq!(corpus.tags("a.txt"), tags(&[&["security", "ttp"], &["security/border"]]));
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
