//! Indexing a corpus: the list entry of every article, read on every core and handed
//! on in batches as they are ready, and remembered in a cache ([`cache`]) so the next
//! run reads only the files that changed.
//!
//! The calling thread walks the corpus. Each file found is looked up in the cache by
//! its path, size and modification time; a file remembered as it is now becomes an
//! entry without being read, the others are read and cleaned in batches on rayon's
//! pool. Every batch goes to the sink as soon as it is ready, so the first entries
//! arrive while the walk is still going. Texts read are remembered with their
//! metadata, for the next run and for corpus search.

pub mod cache;

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use cache::{Cache, Record, Stamp};

use crate::annotate::{self, Layout};
use crate::corpus::{self, Entry, Found, LoadError, Skip, Walked};

/// Files are read, and entries handed on, in batches of up to this many.
pub const BATCH: usize = 256;

/// What indexing tells its sink.
#[derive(Debug)]
pub enum Event {
    /// Entries ready for the list, in no particular order.
    Found(Vec<Entry>),
    Skipped(Skip),
    /// How far indexing has got, after each batch.
    Progress(Progress),
}

/// How far indexing has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Entries handed on so far.
    pub indexed: usize,
    /// Articles the walk has found so far.
    pub found: usize,
    /// The walk is over: `found` is the number of articles.
    pub walked: bool,
}

/// What indexing found, once it is done.
#[derive(Debug, Clone, Default)]
pub struct Indexed {
    pub progress: Progress,
    /// The articles' paths relative to the corpus, for [`Cache::save`].
    pub seen: HashSet<OsString>,
    /// The sidecars the walk passed beside the articles (`*.gloss.ron`), so a
    /// caller can tell whether any has lost its article without walking again.
    pub sidecars: Vec<std::path::PathBuf>,
}

/// Index every article under `root` (a folder or one file), handing results to `sink`
/// from several threads as they come. `cache` is consulted, and what was read is
/// remembered in it; pass [`Cache::none`] to read everything. Returns what was found;
/// the cache is to be [`Cache::save`]d with the paths seen when the caller is done
/// with it.
pub fn index(root: &Path, layout: &Layout, cache: &Cache, sink: &(dyn Fn(Event) + Sync)) -> Indexed {
    let indexed = AtomicUsize::new(0);
    let mut found = 0;
    let mut seen = HashSet::new();
    let mut sidecars = Vec::new();
    let progress = |found: usize, walked: bool| Progress { indexed: indexed.load(Ordering::Relaxed), found, walked };
    rayon::scope(|scope| {
        let mut hits: Vec<Entry> = Vec::new();
        let mut misses: Vec<(Found, Option<Stamp>)> = Vec::new();
        let send_hits = |batch: Vec<Entry>| {
            let indexed = &indexed;
            scope.spawn(move |_| {
                let mut batch = batch;
                for entry in &mut batch {
                    annotate::resolved::summarize(entry, layout);
                }
                indexed.fetch_add(batch.len(), Ordering::Relaxed);
                sink(Event::Found(batch));
            });
        };
        let read_misses = |batch: Vec<(Found, Option<Stamp>)>| {
            let indexed = &indexed;
            scope.spawn(move |_| {
                let mut entries = Vec::with_capacity(batch.len());
                for (found, stamp) in batch {
                    match read(&found, stamp, cache) {
                        Ok(mut entry) => {
                            annotate::resolved::summarize(&mut entry, layout);
                            entries.push(entry);
                        }
                        Err(skip) => sink(Event::Skipped(skip)),
                    }
                }
                indexed.fetch_add(entries.len(), Ordering::Relaxed);
                sink(Event::Found(entries));
            });
        };
        for item in corpus::walk(root) {
            match item {
                Walked::Other(path) => {
                    if path.as_os_str().to_string_lossy().ends_with(annotate::sidecar::SIDECAR_SUFFIX) {
                        sidecars.push(path);
                    }
                }
                Walked::Article(file) => {
                    found += 1;
                    let stamp = Stamp::of_path(&file.path);
                    seen.insert(file.rel.as_os_str().to_owned());
                    match stamp.and_then(|s| cache.get(&file.rel, s)) {
                        Some(record) => {
                            hits.push(entry(&file, None, Some(record.meta.clone())));
                            if hits.len() == BATCH {
                                send_hits(std::mem::take(&mut hits));
                                sink(Event::Progress(progress(found, false)));
                            }
                        }
                        None => {
                            misses.push((file, stamp));
                            // The first batch is small, so that something shows at once.
                            if misses.len() == BATCH || (found <= BATCH && misses.len() == 16) {
                                read_misses(std::mem::take(&mut misses));
                                sink(Event::Progress(progress(found, false)));
                            }
                        }
                    }
                }
                Walked::Skipped(skip) => sink(Event::Skipped(skip)),
            }
        }
        if !hits.is_empty() {
            send_hits(hits);
        }
        if !misses.is_empty() {
            read_misses(misses);
        }
    });
    let done = progress(found, true);
    sink(Event::Progress(done));
    Indexed { progress: done, seen, sidecars }
}

fn entry(found: &Found, problem: Option<String>, meta: Option<corpus::Meta>) -> Entry {
    Entry {
        path: found.path.clone(),
        rel: found.rel.clone(),
        label: crate::text::sanitize_line(&found.rel.to_string_lossy()),
        problem,
        meta,
        ..Entry::default()
    }
}

/// Read one file into an entry, remembering it in `cache`.
fn read(found: &Found, stamp: Option<Stamp>, cache: &Cache) -> Result<Entry, Skip> {
    match corpus::load_guarded(&found.path) {
        Ok(article) => {
            if let Some(stamp) = stamp
                && Stamp::of_path(&found.path) == Some(stamp)
            {
                cache.remember(&found.rel, stamp, &article.meta, Some(&article.text));
            }
            Ok(entry(found, None, Some(article.meta)))
        }
        Err(LoadError::Binary) => Err(Skip::Binary(found.path.clone())),
        Err(err) => Ok(entry(found, Some(err.to_string()), None)),
    }
}

/// Index `root` and hand back every entry in path order with what was skipped: what
/// the command line lists.
pub fn collect(root: &Path, layout: &Layout, cache: Cache) -> (Vec<Entry>, Vec<Skip>) {
    let entries = std::sync::Mutex::new(Vec::new());
    let skipped = std::sync::Mutex::new(Vec::new());
    let indexed = index(root, layout, &cache, &|event| match event {
        Event::Found(batch) => entries.lock().unwrap_or_else(|e| e.into_inner()).extend(batch),
        Event::Skipped(skip) => skipped.lock().unwrap_or_else(|e| e.into_inner()).push(skip),
        Event::Progress(_) => {}
    });
    let _ = cache.save(Some(&indexed.seen));
    let mut entries = entries.into_inner().unwrap_or_else(|e| e.into_inner());
    entries.sort_by(|a, b| corpus::discover::walk_order(&a.rel, &b.rel));
    let mut skipped = skipped.into_inner().unwrap_or_else(|e| e.into_inner());
    skipped.sort_by(|a, b| a.path().cmp(b.path()));
    (entries, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus_of(n: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..n {
            let sub = dir.path().join(format!("d{}", i % 3));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("a{i:03}.txt")), format!("Title number {i}\n\nThe body of article {i}."))
                .unwrap();
        }
        dir
    }

    /// Make every file look older than the racy window, so it is remembered.
    fn age(root: &Path) {
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        for e in walkdir::WalkDir::new(root).into_iter().flatten().filter(|e| e.file_type().is_file()) {
            std::fs::File::options().write(true).open(e.path()).unwrap().set_modified(old).unwrap();
        }
    }

    #[test]
    fn indexes_in_parallel_and_collects_in_path_order() {
        let dir = corpus_of(600);
        let layout = Layout::Beside;
        let (entries, skipped) = collect(dir.path(), &layout, Cache::none());
        assert!(skipped.is_empty());
        assert_eq!(entries.len(), 600);
        let rels: Vec<_> = entries.iter().map(|e| e.rel.clone()).collect();
        let walked: Vec<_> = corpus::scan(dir.path()).map(|e| e.unwrap().rel).collect();
        assert_eq!(rels, walked);
        // Each is what reading it alone gives.
        let alone: Vec<_> = corpus::scan(dir.path()).map(|e| e.unwrap().meta).collect();
        assert_eq!(entries.iter().map(|e| e.meta.clone()).collect::<Vec<_>>(), alone);
    }

    #[test]
    fn a_second_run_reads_only_what_changed() {
        let dir = corpus_of(40);
        age(dir.path());
        let cache_dir = tempfile::tempdir().unwrap();
        let layout = Layout::Beside;
        let first = collect(dir.path(), &layout, Cache::open(cache_dir.path())).0;
        let cache = Cache::open(cache_dir.path());
        assert_eq!(cache.len(), 40);
        drop(cache);

        // Change one file (its size changes), remove another, add one.
        let changed = dir.path().join("d0/a000.txt");
        std::fs::write(&changed, "A New Title Entirely\n\nAnother body.").unwrap();
        std::fs::remove_file(dir.path().join("d1/a001.txt")).unwrap();
        std::fs::write(dir.path().join("new.txt"), "Fresh One\n\nNew body.").unwrap();
        age(dir.path());
        let second = collect(dir.path(), &layout, Cache::open(cache_dir.path())).0;
        assert_eq!(second.len(), 40);
        let title = |entries: &[Entry], rel: &str| {
            entries.iter().find(|e| e.rel == Path::new(rel)).map(|e| e.title().to_owned())
        };
        assert_eq!(title(&first, "d0/a000.txt").as_deref(), Some("Title number 0"));
        assert_eq!(title(&second, "d0/a000.txt").as_deref(), Some("A New Title Entirely"));
        assert_eq!(title(&second, "d1/a001.txt"), None);
        assert_eq!(title(&second, "new.txt").as_deref(), Some("Fresh One"));
        // Unchanged entries come from the cache equal to a fresh read.
        let fresh = collect(dir.path(), &layout, Cache::none()).0;
        assert_eq!(second, fresh);
        assert_eq!(Cache::open(cache_dir.path()).len(), 40, "the removed file is forgotten");
    }

    #[test]
    fn sidecars_are_read_fresh_even_for_remembered_articles() {
        let dir = corpus_of(3);
        age(dir.path());
        let cache_dir = tempfile::tempdir().unwrap();
        let layout = Layout::Beside;
        collect(dir.path(), &layout, Cache::open(cache_dir.path()));
        std::fs::write(dir.path().join("d1/a001.txt.gloss.ron"), "(version: 1, starred: true)").unwrap();
        let entries = collect(dir.path(), &layout, Cache::open(cache_dir.path())).0;
        assert!(entries.iter().find(|e| e.rel == Path::new("d1/a001.txt")).unwrap().starred);
    }

    #[test]
    fn progress_counts_every_article() {
        let dir = corpus_of(300);
        let events = std::sync::Mutex::new(Vec::new());
        let done = index(dir.path(), &Layout::Beside, &Cache::none(), &|e| {
            if let Event::Progress(p) = e {
                events.lock().unwrap().push(p);
            }
        })
        .progress;
        assert_eq!(done, Progress { indexed: 300, found: 300, walked: true });
        let events = events.into_inner().unwrap();
        assert!(events.len() > 2, "progress comes as batches are handed out");
        assert!(events.windows(2).all(|w| w[0].found <= w[1].found));
    }

    #[test]
    fn the_walk_tells_which_sidecars_lost_their_article_without_walking_again() {
        let dir = corpus_of(6);
        let kept = dir.path().join("d0/a000.txt.gloss.ron");
        let lost = dir.path().join("d1/gone.txt.gloss.ron");
        for sidecar in [&kept, &lost] {
            std::fs::write(sidecar, "(version: 1, annotations: [])").unwrap();
        }
        std::fs::write(dir.path().join("d2/picture.png"), "not an article").unwrap();
        let indexed = index(dir.path(), &Layout::Beside, &Cache::none(), &|_| {});
        let mut sidecars = indexed.sidecars.clone();
        sidecars.sort();
        assert_eq!(sidecars, [kept.clone(), lost]);
        assert!(annotate::relocate::may_be_lost(dir.path(), &Layout::Beside, &indexed.sidecars, &indexed.seen));
        // With only the sidecar whose article is there, nothing is lost.
        let only_kept = [kept];
        assert!(!annotate::relocate::may_be_lost(dir.path(), &Layout::Beside, &only_kept, &indexed.seen));
    }
}
