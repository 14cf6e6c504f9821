//! Sidecars whose article is gone, and where the article probably went.
//!
//! A sidecar is *lost* when the file it is named after no longer exists: the article
//! was renamed, moved or deleted. Its new place is looked for among the corpus's
//! articles that have no sidecar of their own, first by the file's hash (every anchor
//! records the hash of the file it was last confirmed in, so a file renamed without a
//! change is found for certain), then by the passages: the article holding the most
//! of the sidecar's quotes word for word, at least half of them. Two articles that fit
//! equally well, or one article that fits two lost sidecars, are no answer: nothing
//! here guesses.
//!
//! [`move_sidecar`] then moves a sidecar to its article, never over another file and
//! never a sidecar that does not parse. Nothing is printed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;

use super::model::Sidecar;
use super::sidecar::{self, Layout, Loaded, SIDECAR_SUFFIX, SidecarError};
use crate::corpus::{self, Discovered};

/// A sidecar whose article is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost {
    /// Where the sidecar is.
    pub sidecar: PathBuf,
    /// The article it was kept for, which does not exist.
    pub article: PathBuf,
    /// Where the article probably is now.
    pub found: Option<Match>,
    /// Why nothing was found, when it is not simply that no article fits.
    pub doubt: Option<Doubt>,
}

/// An article a lost sidecar fits, and how it was recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub article: PathBuf,
    pub by: MatchedBy,
}

/// How a lost sidecar's article was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// The file is byte for byte one an anchor was confirmed in.
    SourceHash,
    /// `found` of the sidecar's `of` quotes occur word for word in its reading text.
    Quotes { found: usize, of: usize },
}

/// Why a lost sidecar has no [`Match`] although something came close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doubt {
    /// These articles (in path order) fit equally well.
    Tied(Vec<PathBuf>),
    /// `article` fits best, but fits these other lost sidecars as well.
    Shared { article: PathBuf, with: Vec<PathBuf> },
    /// The sidecar cannot be read (it does not parse, or comes from a newer gloss):
    /// nothing was looked for, and it is never moved.
    Unreadable(SidecarError),
}

/// The article the sidecar at `sidecar` belongs to, where `layout` puts sidecars:
/// the inverse of [`Layout::sidecar_for`]. `None` when `sidecar` is not named like
/// a sidecar, or (for a tree of sidecars) is not inside it.
pub fn article_for(sidecar: &Path, layout: &Layout) -> Option<PathBuf> {
    let name = strip_suffix(sidecar.file_name()?)?;
    match layout {
        Layout::Beside => Some(sidecar.with_file_name(name)),
        Layout::Tree { corpus, annotations } => {
            let rel = sidecar.strip_prefix(annotations).ok()?;
            Some(corpus.join(rel.with_file_name(name)))
        }
    }
}

/// A sidecar's file name without [`SIDECAR_SUFFIX`]; `None` when it has no such
/// suffix or nothing before it.
fn strip_suffix(name: &OsStr) -> Option<OsString> {
    if let Some(name) = name.to_str() {
        return name.strip_suffix(SIDECAR_SUFFIX).filter(|n| !n.is_empty()).map(OsString::from);
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = name.as_bytes().strip_suffix(SIDECAR_SUFFIX.as_bytes()).filter(|n| !n.is_empty())?;
        Some(OsStr::from_bytes(bytes).to_owned())
    }
    #[cfg(not(unix))]
    None
}

/// Every sidecar of the corpus at `root` whose article does not exist, in path
/// order. Sidecars are looked for where `layout` keeps them (beside the articles, or
/// the whole annotations folder, which is taken to belong to this corpus), passing
/// over hidden files and folders as the corpus walk does. A single article is a
/// corpus without lost sidecars.
pub fn lost_sidecars(root: &Path, layout: &Layout) -> Vec<(PathBuf, PathBuf)> {
    if !root.is_dir() {
        return Vec::new();
    }
    let folder = match layout {
        Layout::Beside => root,
        Layout::Tree { annotations, .. } => annotations.as_path(),
    };
    corpus::walk(folder)
        .filter_map(|item| match item {
            corpus::Walked::Other(path) => Some(path),
            _ => None,
        })
        .filter_map(|path| {
            let article = article_for(&path, layout)?;
            // `exists` follows links: a link to a file that is gone is gone too.
            (!article.exists()).then_some((path, article))
        })
        .collect()
}

/// Whether a sidecar may have lost its article, from what a walk of the corpus at
/// `root` found: beside the articles, whether one of `sidecars` belongs to no
/// article in `seen` (paths relative to `root`); with an annotations folder, which
/// the walk does not pass through, always. Nothing is read.
pub fn may_be_lost(root: &Path, layout: &Layout, sidecars: &[PathBuf], seen: &HashSet<std::ffi::OsString>) -> bool {
    match layout {
        Layout::Tree { .. } => true,
        Layout::Beside => sidecars.iter().any(|sidecar| {
            article_for(sidecar, layout)
                .and_then(|article| article.strip_prefix(root).ok().map(|rel| rel.as_os_str().to_owned()))
                .is_some_and(|rel| !seen.contains(&rel))
        }),
    }
}

/// Every lost sidecar of the corpus at `root`, each with where its article probably
/// went. Articles are read only when some sidecar is lost: hashed on every core
/// first, and read as articles only for the sidecars their hashes did not place.
pub fn find_lost(root: &Path, layout: &Layout) -> Vec<Lost> {
    let lost = lost_sidecars(root, layout);
    if lost.is_empty() {
        return Vec::new();
    }
    let loaded: Vec<Result<Sidecar, SidecarError>> = lost
        .iter()
        .map(|(path, _)| match sidecar::load(path) {
            Loaded::Ok(s) => Ok(s),
            Loaded::Missing => Ok(Sidecar::empty()),
            Loaded::ReadOnly { problem, .. } => Err(problem),
        })
        .collect();
    let candidates: Vec<PathBuf> = corpus::discover(root)
        .filter_map(|d| match d {
            Discovered::File(found) => Some(found.path),
            Discovered::Skipped(_) => None,
        })
        .filter(|path| !layout.sidecar_for(path).exists())
        .collect();
    let readable: Vec<&Sidecar> = loaded.iter().filter_map(|s| s.as_ref().ok()).collect();
    let mut guesses: Vec<Guess> = vec![Guess::Nothing; lost.len()];

    // By hash: an anchor's source is the hash of the file it was confirmed in.
    let wanted: HashSet<&str> = readable.iter().flat_map(|s| sources(s)).collect();
    if !wanted.is_empty() && !candidates.is_empty() {
        let hashes: Vec<Option<String>> = candidates
            .par_iter()
            .map(|path| std::fs::read(path).ok().map(|bytes| corpus::source_hash(&bytes)))
            .collect();
        for (guess, sidecar) in guesses.iter_mut().zip(&loaded) {
            if let Ok(sidecar) = sidecar {
                *guess = by_hash(sidecar, &candidates, &hashes);
            }
        }
    }

    // By quotes, for the readable sidecars the hashes did not place.
    let unplaced: Vec<(usize, Vec<&str>)> = loaded
        .iter()
        .enumerate()
        .filter(|&(i, _)| guesses[i] == Guess::Nothing)
        .filter_map(|(i, s)| Some((i, quotes(s.as_ref().ok()?))).filter(|(_, q)| !q.is_empty()))
        .collect();
    if !unplaced.is_empty() && !candidates.is_empty() {
        let wanted: Vec<&[&str]> = unplaced.iter().map(|(_, q)| q.as_slice()).collect();
        for ((i, _), guess) in unplaced.iter().zip(by_quotes(&wanted, &candidates)) {
            guesses[*i] = guess;
        }
    }

    settle(lost, loaded, guesses)
}

/// What matching found for one lost sidecar, before rivals are weighed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Guess {
    Nothing,
    One(Match),
    Tied(Vec<PathBuf>),
}

/// The hashes the sidecar's anchors were confirmed with.
fn sources(sidecar: &Sidecar) -> impl Iterator<Item = &str> {
    sidecar.annotations.iter().map(|a| a.anchor.source.as_str()).filter(|s| !s.is_empty())
}

/// The sidecar's distinct, non-empty quotes.
fn quotes(sidecar: &Sidecar) -> Vec<&str> {
    let mut seen = HashSet::new();
    sidecar.annotations.iter().map(|a| a.anchor.quote.as_str()).filter(|q| !q.is_empty() && seen.insert(*q)).collect()
}

/// The candidate whose bytes hash to one of the sidecar's sources; of several, the
/// one more anchors were confirmed in, and a tie when that does not decide.
fn by_hash(sidecar: &Sidecar, candidates: &[PathBuf], hashes: &[Option<String>]) -> Guess {
    let mut confirmed: HashMap<&str, usize> = HashMap::new();
    for source in sources(sidecar) {
        *confirmed.entry(source).or_default() += 1;
    }
    let fits: Vec<(usize, &PathBuf)> = candidates
        .iter()
        .zip(hashes)
        .filter_map(|(path, hash)| Some((*confirmed.get(hash.as_deref()?)?, path)))
        .collect();
    best(fits, |article, _| Match { article, by: MatchedBy::SourceHash })
}

/// For each sidecar's quotes, the candidate whose reading text holds the most of
/// them word for word, at least half and at least one. Every candidate is read once
/// and searched for every quote at once.
fn by_quotes(wanted: &[&[&str]], candidates: &[PathBuf]) -> Vec<Guess> {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut patterns: Vec<&str> = Vec::new();
    for quote in wanted.iter().copied().flatten() {
        ids.entry(quote).or_insert_with(|| {
            patterns.push(quote);
            patterns.len() - 1
        });
    }
    let Ok(searcher) = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns) else {
        return vec![Guess::Nothing; wanted.len()];
    };
    // For every candidate, which quotes its reading text holds.
    let held: Vec<Vec<bool>> = candidates
        .par_iter()
        .map(|path| {
            let mut held = vec![false; patterns.len()];
            if let Ok(article) = corpus::load_guarded(path) {
                for m in searcher.find_overlapping_iter(&article.text) {
                    held[m.pattern().as_usize()] = true;
                }
            }
            held
        })
        .collect();
    wanted
        .iter()
        .map(|quotes| {
            let of = quotes.len();
            let fits: Vec<(usize, &PathBuf)> = candidates
                .iter()
                .zip(&held)
                .map(|(path, held)| (quotes.iter().filter(|q| held[ids[*q]]).count(), path))
                .filter(|&(found, _)| found > 0 && found * 2 >= of)
                .collect();
            best(fits, |article, found| Match { article, by: MatchedBy::Quotes { found, of } })
        })
        .collect()
}

/// The candidate with the highest score, or a tie between those that share it.
fn best(fits: Vec<(usize, &PathBuf)>, matched: impl FnOnce(PathBuf, usize) -> Match) -> Guess {
    let Some(top) = fits.iter().map(|&(score, _)| score).max() else {
        return Guess::Nothing;
    };
    let mut first: Vec<PathBuf> = fits.into_iter().filter(|&(s, _)| s == top).map(|(_, p)| p.clone()).collect();
    match first.len() {
        1 => Guess::One(matched(first.remove(0), top)),
        _ => {
            first.sort();
            Guess::Tied(first)
        }
    }
}

/// The lost sidecars with their matches, where an article that fits several of them
/// goes to none, unless exactly one of them fits it by hash.
fn settle(lost: Vec<(PathBuf, PathBuf)>, loaded: Vec<Result<Sidecar, SidecarError>>, guesses: Vec<Guess>) -> Vec<Lost> {
    let mut claims: BTreeMap<PathBuf, Vec<(usize, MatchedBy)>> = BTreeMap::new();
    for (i, guess) in guesses.iter().enumerate() {
        if let Guess::One(m) = guess {
            claims.entry(m.article.clone()).or_default().push((i, m.by));
        }
    }
    let mut out: Vec<Lost> = lost
        .into_iter()
        .zip(loaded)
        .zip(guesses)
        .map(|(((sidecar, article), loaded), guess)| {
            let (found, doubt) = match (loaded, guess) {
                (Err(problem), _) => (None, Some(Doubt::Unreadable(problem))),
                (Ok(_), Guess::Nothing) => (None, None),
                (Ok(_), Guess::One(m)) => (Some(m), None),
                (Ok(_), Guess::Tied(all)) => (None, Some(Doubt::Tied(all))),
            };
            Lost { sidecar, article, found, doubt }
        })
        .collect();
    for (article, claimants) in claims {
        if claimants.len() < 2 {
            continue;
        }
        let by_hash: Vec<usize> =
            claimants.iter().filter(|(_, by)| *by == MatchedBy::SourceHash).map(|&(i, _)| i).collect();
        let keeper = match by_hash.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        let all: Vec<PathBuf> = claimants.iter().map(|&(i, _)| out[i].sidecar.clone()).collect();
        for &(i, _) in &claimants {
            if Some(i) == keeper {
                continue;
            }
            let with = all.iter().filter(|s| **s != out[i].sidecar).cloned().collect();
            out[i].found = None;
            out[i].doubt = Some(Doubt::Shared { article: article.clone(), with });
        }
    }
    out
}

/// Move the sidecar at `sidecar`, kept for the article `was` (gone), to where `layout`
/// keeps the sidecar of `to_article`,
/// and return that path. Both folders are locked as every sidecar writer locks
/// them; the sidecar is read again under the locks, and nothing moves if it is gone,
/// does not parse or comes from a newer gloss, if its article is back, or if the
/// new place already holds a file: nothing is ever written over.
pub fn move_sidecar(sidecar: &Path, was: &Path, to_article: &Path, layout: &Layout) -> io::Result<PathBuf> {
    let from = sidecar;
    let to = layout.sidecar_for(to_article);
    // Locks in path order, one per folder, so two movers never wait on each other.
    let mut folders: Vec<&Path> = [from, to.as_path()].into_iter().collect();
    folders.sort_by_key(|p| p.parent().map(Path::to_path_buf));
    folders.dedup_by_key(|p| p.parent().map(Path::to_path_buf));
    let _locks = folders.into_iter().map(crate::persist::FolderLock::acquire).collect::<io::Result<Vec<_>>>()?;

    match sidecar::load(from) {
        Loaded::Ok(_) => {}
        Loaded::Missing => {
            return Err(io::Error::new(io::ErrorKind::NotFound, format!("{} is gone", from.display())));
        }
        Loaded::ReadOnly { problem, .. } => {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{problem}; it is left as it is")));
        }
    }
    if was.exists() {
        let why = format!("{} is back: the sidecar belongs to it", was.display());
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, why));
    }
    let occupied =
        || io::Error::new(io::ErrorKind::AlreadyExists, format!("{} already exists; nothing was moved", to.display()));
    if to.symlink_metadata().is_ok() {
        return Err(occupied());
    }
    // A hard link never replaces a file; where there can be none (another file
    // system, a file system without them), a copy is put in place just as safely.
    match std::fs::hard_link(from, &to) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(occupied()),
        Err(_) => copy_new(from, &to).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => occupied(),
            _ => io::Error::new(e.kind(), format!("cannot write {}: {e}", to.display())),
        })?,
    }
    std::fs::remove_file(from)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot remove {}: {e}", from.display())))?;
    for folder in [from.parent(), to.parent()].into_iter().flatten() {
        sync_folder(folder);
    }
    Ok(to)
}

/// Copy `from` to `to`, which must not exist: written whole to a temporary file
/// beside `to` with `from`'s permissions, flushed, then put in place without
/// replacing anything.
fn copy_new(from: &Path, to: &Path) -> io::Result<()> {
    use std::io::Write;
    let bytes = std::fs::read(from)?;
    let folder = to.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(crate::persist::TEMP_PREFIX)
        .suffix(crate::persist::TEMP_SUFFIX)
        .tempfile_in(folder)?;
    tmp.as_file().set_permissions(std::fs::metadata(from)?.permissions())?;
    tmp.write_all(&bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(to).map_err(|e| e.error)?;
    Ok(())
}

/// Flush a folder, so a rename in it survives a power cut (where that can be done).
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::anchor::record;
    use crate::annotate::model::Annotation;

    const TALKS: &str = "Talks\n\nThe delegations met at the border post before dawn.\n\n\
        Neither side spoke to the press afterwards, and the talks ended late.\n\n\
        A second round is planned for the spring in the capital.";

    /// Write `text` to `name` in `dir` and annotate each of `quotes` in it.
    fn annotated(dir: &Path, layout: &Layout, name: &str, text: &str, quotes: &[&str]) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        let article = corpus::load(&path).unwrap();
        for quote in quotes {
            let at = article.text.find(quote).unwrap();
            let anchor = record(&article.text, at..at + quote.len(), &article.source_hash);
            let a = Annotation::new(anchor, vec!["t".into()], String::new());
            sidecar::modify(&layout.sidecar_for(&path), |s| s.put(a)).unwrap();
        }
        path
    }

    fn rename(from: &Path, to: &Path) {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::rename(from, to).unwrap();
    }

    const QUOTES: [&str; 3] = [
        "The delegations met at the border post",
        "Neither side spoke to the press afterwards",
        "A second round is planned for the spring",
    ];

    #[test]
    fn article_for_inverts_sidecar_for() {
        let beside = Layout::Beside;
        let tree = Layout::Tree { corpus: "/corpus".into(), annotations: "/notes".into() };
        for layout in [&beside, &tree] {
            for article in ["/corpus/a.txt", "/corpus/b/c.d.html", "/corpus/x.gloss.ron.txt"] {
                let sidecar = layout.sidecar_for(Path::new(article));
                assert_eq!(article_for(&sidecar, layout).as_deref(), Some(Path::new(article)), "{layout:?}");
            }
        }
        assert_eq!(article_for(Path::new("/corpus/a.txt"), &beside), None);
        assert_eq!(article_for(Path::new("/corpus/.gloss.ron"), &beside), None);
        assert_eq!(article_for(Path::new("/elsewhere/a.txt.gloss.ron"), &tree), None);
    }

    #[test]
    fn nothing_is_lost_in_a_tidy_corpus() {
        let dir = tempfile::tempdir().unwrap();
        annotated(dir.path(), &Layout::Beside, "a.txt", TALKS, &QUOTES[..1]);
        assert!(find_lost(dir.path(), &Layout::Beside).is_empty());
        assert!(find_lost(&dir.path().join("a.txt"), &Layout::Beside).is_empty(), "a single article");
    }

    #[test]
    fn a_renamed_article_is_found_by_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let a = annotated(root, &Layout::Beside, "a.txt", TALKS, &QUOTES);
        annotated(root, &Layout::Beside, "other.txt", "Other\n\nSomething else entirely.", &["Something else"]);
        std::fs::write(root.join("unrelated.md"), "# Unrelated\n\nNo passage of it.").unwrap();
        rename(&a, &root.join("sub/talks.txt"));
        // Hidden folders are not walked.
        std::fs::create_dir(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/gone.txt.gloss.ron"), "(version: 1, annotations: [])").unwrap();

        let lost = find_lost(root, &Layout::Beside);
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert_eq!(lost[0].sidecar, root.join("a.txt.gloss.ron"));
        assert_eq!(lost[0].article, root.join("a.txt"));
        assert_eq!(lost[0].found, Some(Match { article: root.join("sub/talks.txt"), by: MatchedBy::SourceHash }));
        assert_eq!(lost[0].doubt, None);
    }

    #[test]
    fn an_edited_article_is_found_by_its_quotes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let a = annotated(root, &Layout::Beside, "a.txt", TALKS, &QUOTES);
        std::fs::remove_file(&a).unwrap();
        // Two of three quotes survive in one article, one in another.
        let edited = TALKS.replace("A second round", "Another round");
        std::fs::write(root.join("edited.txt"), &edited).unwrap();
        std::fs::write(root.join("scrap.txt"), "Scrap\n\nThe delegations met at the border post.").unwrap();
        let lost = find_lost(root, &Layout::Beside);
        assert_eq!(
            lost[0].found,
            Some(Match { article: root.join("edited.txt"), by: MatchedBy::Quotes { found: 2, of: 3 } })
        );
        // With only one of three, nothing fits.
        std::fs::write(root.join("edited.txt"), "Edited\n\nNothing of it is left.").unwrap();
        let lost = find_lost(root, &Layout::Beside);
        assert_eq!((&lost[0].found, &lost[0].doubt), (&None, &None));
    }

    #[test]
    fn ties_and_shared_articles_are_no_answer() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let a = annotated(root, &Layout::Beside, "a.txt", TALKS, &QUOTES);
        std::fs::remove_file(&a).unwrap();
        let edited = TALKS.replace("Talks", "Talks, edited");
        std::fs::write(root.join("one.txt"), &edited).unwrap();
        std::fs::write(root.join("two.txt"), &edited).unwrap();
        let lost = find_lost(root, &Layout::Beside);
        assert_eq!(lost[0].found, None);
        assert_eq!(lost[0].doubt, Some(Doubt::Tied(vec![root.join("one.txt"), root.join("two.txt")])));

        // Two lost sidecars that fit the one article by their quotes.
        std::fs::remove_file(root.join("two.txt")).unwrap();
        let b = annotated(root, &Layout::Beside, "b.txt", &format!("{TALKS}\n\nMore."), &QUOTES[..2]);
        std::fs::remove_file(&b).unwrap();
        let lost = find_lost(root, &Layout::Beside);
        assert_eq!(lost.len(), 2);
        for (l, other) in lost.iter().zip(["b.txt.gloss.ron", "a.txt.gloss.ron"]) {
            assert_eq!(l.found, None);
            assert_eq!(l.doubt, Some(Doubt::Shared { article: root.join("one.txt"), with: vec![root.join(other)] }));
        }
        // One fits it by hash: that one takes it.
        std::fs::write(root.join("one.txt"), TALKS).unwrap();
        let lost = find_lost(root, &Layout::Beside);
        assert_eq!(lost[0].found.as_ref().map(|m| m.by), Some(MatchedBy::SourceHash));
        assert!(matches!(lost[1].doubt, Some(Doubt::Shared { .. })), "{lost:?}");
    }

    #[test]
    fn a_sidecar_that_does_not_parse_is_reported_and_never_moved() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("talks.txt"), TALKS).unwrap();
        let bad = "(version: 1, annotations: [";
        std::fs::write(root.join("gone.txt.gloss.ron"), bad).unwrap();
        let lost = find_lost(root, &Layout::Beside);
        let Some(Doubt::Unreadable(problem)) = &lost[0].doubt else { panic!("{lost:?}") };
        assert!(problem.message.starts_with("1:"), "{problem}");
        let e = move_sidecar(&lost[0].sidecar, &lost[0].article, &root.join("talks.txt"), &Layout::Beside).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData, "{e}");
        assert_eq!(std::fs::read_to_string(root.join("gone.txt.gloss.ron")).unwrap(), bad);
        assert!(!root.join("talks.txt.gloss.ron").exists());
    }

    #[test]
    fn moving_never_writes_over_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let a = annotated(root, &Layout::Beside, "a.txt", TALKS, &QUOTES);
        let bytes = std::fs::read(root.join("a.txt.gloss.ron")).unwrap();
        rename(&a, &root.join("b.html"));
        let lost = find_lost(root, &Layout::Beside).remove(0);
        let target = root.join("b.html");

        std::fs::write(root.join("b.html.gloss.ron"), "theirs").unwrap();
        let e = move_sidecar(&lost.sidecar, &lost.article, &target, &Layout::Beside).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!(e.to_string().contains("b.html.gloss.ron already exists"), "{e}");
        assert_eq!(std::fs::read(root.join("b.html.gloss.ron")).unwrap(), b"theirs");
        assert_eq!(std::fs::read(&lost.sidecar).unwrap(), bytes);

        std::fs::remove_file(root.join("b.html.gloss.ron")).unwrap();
        let moved = move_sidecar(&lost.sidecar, &lost.article, &target, &Layout::Beside).unwrap();
        assert_eq!(moved, root.join("b.html.gloss.ron"));
        assert_eq!(std::fs::read(&moved).unwrap(), bytes);
        assert!(!lost.sidecar.exists());
        assert!(find_lost(root, &Layout::Beside).is_empty());
        assert_eq!(
            move_sidecar(&lost.sidecar, &lost.article, &target, &Layout::Beside).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
    }

    #[test]
    fn a_returned_article_keeps_its_sidecar() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let a = annotated(root, &Layout::Beside, "a.txt", TALKS, &QUOTES);
        rename(&a, &root.join("b.txt"));
        let lost = find_lost(root, &Layout::Beside).remove(0);
        std::fs::write(&a, TALKS).unwrap();
        let e = move_sidecar(&lost.sidecar, &lost.article, &root.join("b.txt"), &Layout::Beside).unwrap_err();
        assert!(e.to_string().contains("is back"), "{e}");
        assert!(lost.sidecar.exists());
    }

    #[test]
    fn a_tree_of_sidecars_is_searched_and_mirrored() {
        let corpus = tempfile::tempdir().unwrap();
        let notes = tempfile::tempdir().unwrap();
        let layout = Layout::Tree { corpus: corpus.path().into(), annotations: notes.path().into() };
        let a = annotated(corpus.path(), &layout, "x/a.txt", TALKS, &QUOTES);
        assert!(notes.path().join("x/a.txt.gloss.ron").exists());
        rename(&a, &corpus.path().join("y/z/a.md"));
        let lost = find_lost(corpus.path(), &layout);
        assert_eq!(lost.len(), 1);
        assert_eq!(lost[0].article, corpus.path().join("x/a.txt"));
        let m = lost[0].found.clone().unwrap();
        assert_eq!(m.article, corpus.path().join("y/z/a.md"));
        let moved = move_sidecar(&lost[0].sidecar, &lost[0].article, &m.article, &layout).unwrap();
        assert_eq!(moved, notes.path().join("y/z/a.md.gloss.ron"), "the folder is made");
        assert!(moved.exists() && !lost[0].sidecar.exists());
        assert!(find_lost(corpus.path(), &layout).is_empty());
    }

    #[test]
    fn a_copy_is_put_in_place_without_replacing_anything() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("from");
        std::fs::write(&from, "sidecar").unwrap();
        copy_new(&from, &dir.path().join("to")).unwrap();
        assert_eq!(std::fs::read(dir.path().join("to")).unwrap(), b"sidecar");
        std::fs::write(&from, "other").unwrap();
        assert_eq!(copy_new(&from, &dir.path().join("to")).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(dir.path().join("to")).unwrap(), b"sidecar");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "no temporary file left");
    }
}
