//! Every annotation of a corpus in one call, for exports, `gloss tags` and review
//! screens: each annotated article with its passages found in its text as it is
//! now, and beside them whatever could not be read. Nothing is printed and nothing
//! is written.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::context::{Context, sentence_around};
use super::resolved::{self, Resolved, Status};
use super::sidecar::Layout;
use super::tagtree::{TagTree, tag_matches, tag_order};
use crate::corpus::{self, Date};
use crate::text::sanitize_line;

/// The annotations of a corpus.
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// The articles with at least one annotation, in path order.
    pub articles: Vec<Collected>,
    /// What could not be read, in the order it was met.
    pub problems: Vec<Problem>,
}

/// One annotated article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected {
    /// Where the article is.
    pub path: PathBuf,
    /// `path` relative to the corpus.
    pub rel: PathBuf,
    pub title: String,
    pub date: Option<Date>,
    /// The reading text, which the passages' ranges are in.
    pub text: String,
    /// The hash of the article file that text was read from (`corpus::source_hash`).
    pub source_hash: String,
    /// Where its annotations are kept.
    pub sidecar: PathBuf,
    /// Whether they can be changed (a damaged sidecar, or one from a newer gloss,
    /// cannot; what could be read of it is still here).
    pub status: Status,
    /// In reading order, orphans last.
    pub annotations: Vec<Resolved>,
}

/// Something that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file it is about: an article, or its sidecar.
    pub path: PathBuf,
    /// What went wrong, naming the file; safe to print.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// One passage, with the article it is in.
#[derive(Debug, Clone, Copy)]
pub struct Passage<'a> {
    pub article: &'a Collected,
    pub item: &'a Resolved,
}

impl<'a> Passage<'a> {
    /// Whether the passage carries `filter` or a tag below it.
    pub fn carries(&self, filter: &str) -> bool {
        self.item.annotation.tags.iter().any(|t| tag_matches(t, filter))
    }

    /// Where the passage is now, in characters of the reading text (the unit
    /// sidecars count in); `None` for an orphan.
    pub fn chars(&self) -> Option<Range<usize>> {
        let range = self.item.range.clone()?;
        let text = &self.article.text;
        let start = text.get(..range.start)?.chars().count();
        Some(start..start + text.get(range)?.chars().count())
    }

    /// The sentence(s) around the passage in at most `max_chars` characters, on one
    /// line; `None` for an orphan.
    pub fn context(&self, max_chars: usize) -> Option<Context> {
        let range = self.item.range.clone()?;
        Some(sentence_around(&self.article.text, range, max_chars))
    }
}

/// A passage listed under one of its tags (`None`: it has none).
#[derive(Debug, Clone, Copy)]
pub struct Tagged<'a> {
    pub tag: Option<&'a str>,
    pub passage: Passage<'a>,
}

impl Collection {
    /// Every passage, in path order, then reading order.
    pub fn passages(&self) -> impl Iterator<Item = Passage<'_>> {
        self.articles.iter().flat_map(|article| article.annotations.iter().map(move |item| Passage { article, item }))
    }

    /// The tags of every passage as a tree.
    pub fn tag_tree(&self) -> TagTree {
        TagTree::build(
            self.articles
                .iter()
                .enumerate()
                .flat_map(|(i, a)| a.annotations.iter().map(move |r| (i, r.annotation.tags.iter()))),
        )
    }

    /// Each passage under each of its tags, sorted by tag (in [`tag_order`], no tag
    /// last), then path, then position. With a filter, only the tags that are it
    /// or below it are listed, so passages without such a tag are left out.
    pub fn by_tag(&self, filter: Option<&str>) -> Vec<Tagged<'_>> {
        // (article, passage) indices keep path and reading order.
        let mut rows: Vec<(Option<&str>, usize, usize, Passage<'_>)> = Vec::new();
        for (a, article) in self.articles.iter().enumerate() {
            for (p, item) in article.annotations.iter().enumerate() {
                let passage = Passage { article, item };
                let mut tags: Vec<&str> = item.annotation.tags.iter().map(String::as_str).collect();
                tags.sort_unstable();
                tags.dedup();
                match filter {
                    Some(f) => tags.retain(|t| tag_matches(t, f)),
                    None if tags.is_empty() => rows.push((None, a, p, passage)),
                    None => {}
                }
                rows.extend(tags.into_iter().map(|t| (Some(t), a, p, passage)));
            }
        }
        rows.sort_by(|x, y| {
            let tags = match (x.0, y.0) {
                (Some(a), Some(b)) => tag_order(a, b).then(a.cmp(b)),
                (a, b) => a.is_none().cmp(&b.is_none()),
            };
            tags.then((x.1, x.2).cmp(&(y.1, y.2)))
        });
        rows.into_iter().map(|(tag, _, _, passage)| Tagged { tag, passage }).collect()
    }
}

/// Every annotation of the corpus at `root` (a folder, or one article), with sidecars
/// where `layout` puts them. Only articles that have a sidecar are read, each once;
/// anchors are found in the articles as they are now but never saved.
pub fn collect(root: &Path, layout: &Layout) -> Collection {
    let mut collection = Collection::default();
    for item in corpus::discover(root) {
        let found = match item {
            corpus::Discovered::File(found) => found,
            corpus::Discovered::Skipped(skip) => {
                let path = skip.path().to_path_buf();
                collection.problems.push(Problem { path, message: skip.to_string() });
                continue;
            }
        };
        let sidecar = layout.sidecar_for(&found.path);
        if !sidecar.exists() {
            continue;
        }
        let label = sanitize_line(&found.rel.to_string_lossy());
        let article = match corpus::load_guarded(&found.path) {
            Ok(article) => article,
            Err(e) => {
                collection.problems.push(Problem { path: found.path, message: format!("{label}: {e}") });
                continue;
            }
        };
        // Finding passages again must not take the rest of the corpus down.
        let opened = std::panic::catch_unwind(|| resolved::open(&article, &sidecar, false));
        let annotations = match opened {
            Ok(annotations) => annotations,
            Err(_) => {
                let message = format!("{label}: internal error while finding its annotations");
                collection.problems.push(Problem { path: sidecar, message });
                continue;
            }
        };
        if let Status::ReadOnly(why) = &annotations.status {
            collection.problems.push(Problem { path: sidecar.clone(), message: why.clone() });
        }
        if annotations.items.is_empty() {
            continue;
        }
        collection.articles.push(Collected {
            path: found.path,
            rel: found.rel,
            title: article.meta.title,
            date: article.meta.date,
            text: article.text,
            source_hash: article.source_hash,
            sidecar,
            status: annotations.status,
            annotations: annotations.items,
        });
    }
    collection
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::anchor::record;
    use crate::annotate::model::{AnchorState, Annotation};
    use crate::annotate::sidecar;

    /// A corpus of two articles, annotated, one of them with a passage since removed,
    /// and a third article without annotations.
    fn corpus() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str, tagged: &[(&str, &[&str])]| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            let article = corpus::load(&path).unwrap();
            for (quote, tags) in tagged {
                let at = article.text.find(quote).unwrap();
                let anchor = record(&article.text, at..at + quote.len(), &article.source_hash);
                let a = Annotation::new(anchor, tags.iter().map(|t| (*t).to_owned()).collect(), String::new());
                sidecar::modify(&Layout::Beside.sidecar_for(&path), |s| s.put(a)).unwrap();
            }
        };
        write(
            "b/crossings.txt",
            "Crossings\n\nTraders wait at the gate for hours. Guards check every lorry twice.",
            &[("Guards check", &["security/border"]), ("Traders wait", &["trade", "security"])],
        );
        write(
            "a.txt",
            "Cells\n\nThe cell met in a rented room. It moved often.",
            &[("It moved often.", &["groups/ttp"])],
        );
        write("c.txt", "Nothing\n\nNothing is tagged here.", &[]);
        dir
    }

    #[test]
    fn articles_with_annotations_in_path_order() {
        let dir = corpus();
        let c = collect(dir.path(), &Layout::Beside);
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let rels: Vec<&Path> = c.articles.iter().map(|a| a.rel.as_path()).collect();
        assert_eq!(rels, [Path::new("a.txt"), Path::new("b/crossings.txt")]);
        let b = &c.articles[1];
        assert_eq!(b.title, "Crossings");
        assert_eq!(b.path, dir.path().join("b/crossings.txt"));
        assert!(b.text.starts_with("Traders wait"));
        let quotes: Vec<&str> = b.annotations.iter().map(|r| r.annotation.anchor.quote.as_str()).collect();
        assert_eq!(quotes, ["Traders wait", "Guards check"], "reading order");
        let all: Vec<&str> = c.passages().map(|p| p.item.annotation.anchor.quote.as_str()).collect();
        assert_eq!(all, ["It moved often.", "Traders wait", "Guards check"]);
    }

    #[test]
    fn passages_by_tag_in_tag_order() {
        let dir = corpus();
        let c = collect(dir.path(), &Layout::Beside);
        let rows: Vec<(Option<&str>, &str)> =
            c.by_tag(None).iter().map(|t| (t.tag, t.passage.item.annotation.anchor.quote.as_str())).collect();
        assert_eq!(
            rows,
            [
                (Some("groups/ttp"), "It moved often."),
                (Some("security"), "Traders wait"),
                (Some("security/border"), "Guards check"),
                (Some("trade"), "Traders wait"),
            ]
        );
        let rows: Vec<Option<&str>> = c.by_tag(Some("security")).iter().map(|t| t.tag).collect();
        assert_eq!(rows, [Some("security"), Some("security/border")], "other tags of a passage left out");
        assert!(c.by_tag(Some("sec")).is_empty());
        let tree = c.tag_tree();
        let security = tree.find("security").unwrap();
        assert_eq!((security.passages, security.articles), (2, 1));
    }

    #[test]
    fn positions_and_context_of_a_passage() {
        let dir = corpus();
        let c = collect(dir.path(), &Layout::Beside);
        let p = c.passages().nth(2).unwrap();
        let at = "Traders wait at the gate for hours. ".len();
        assert_eq!(p.chars(), Some(at..at + "Guards check".len()));
        assert_eq!(p.context(200).unwrap().to_string(), "Guards check every lorry twice.");
        assert!(p.carries("security") && !p.carries("secu"));
    }

    #[test]
    fn orphans_untagged_passages_and_problems() {
        let dir = corpus();
        // The passage of a.txt is gone; an untagged one is added to c.txt.
        std::fs::write(dir.path().join("a.txt"), "Cells\n\nThe cell met in a rented room.").unwrap();
        let c_txt = dir.path().join("c.txt");
        let article = corpus::load(&c_txt).unwrap();
        let a = Annotation::new(record(&article.text, 0..7, &article.source_hash), vec![], String::new());
        sidecar::modify(&Layout::Beside.sidecar_for(&c_txt), |s| s.put(a)).unwrap();
        let sidecar_a = dir.path().join("a.txt.gloss.ron");
        let before = std::fs::read(&sidecar_a).unwrap();
        // A damaged sidecar, and an article that cannot be read.
        std::fs::write(dir.path().join("d.txt"), "D\n\nText.").unwrap();
        std::fs::write(dir.path().join("d.txt.gloss.ron"), "(version: 1, annotations: [").unwrap();
        std::fs::write(dir.path().join("e.txt"), b"\0\0\0binary").unwrap();
        std::fs::write(dir.path().join("e.txt.gloss.ron"), "(version: 1, annotations: [])").unwrap();

        let c = collect(dir.path(), &Layout::Beside);
        let orphan = c.passages().next().unwrap();
        assert_eq!(orphan.item.state, AnchorState::Orphan);
        assert_eq!((orphan.chars(), orphan.context(80)), (None, None));
        assert_eq!(std::fs::read(&sidecar_a).unwrap(), before, "nothing is saved");
        let untagged: Vec<&Path> =
            c.by_tag(None).iter().filter(|t| t.tag.is_none()).map(|t| t.passage.article.rel.as_path()).collect();
        assert_eq!(untagged, [Path::new("c.txt")]);
        assert_eq!(c.by_tag(None).last().unwrap().tag, None, "no tag comes last");

        let messages: Vec<&str> = c.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("d.txt.gloss.ron:1:"), "{messages:?}");
        assert!(messages[1].starts_with("e.txt: binary file"), "{messages:?}");
        assert_eq!(c.problems[1].path, dir.path().join("e.txt"));
    }
}
