//! Searching one article, and a whole corpus on every core.

use std::ops::{ControlFlow, Range};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use super::Pattern;
use super::sentence::{Cursor, chars, one_line_marked};
use crate::corpus::{self, Article, Discovered, LoadError, Skip};
use crate::index::{Cache, Stamp};

/// One match in an article's reading text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The article's file, absolute.
    pub path: PathBuf,
    /// `path` relative to the corpus root, as on disk: sanitise it before printing it.
    pub rel: PathBuf,
    /// The article's title.
    pub title: String,
    /// The match, in bytes of the reading text ([`Article::text`]).
    pub bytes: Range<usize>,
    /// The match, in Unicode scalar values of the reading text: the unit of
    /// annotation anchors.
    pub chars: Range<usize>,
    /// The line of the reading text the match starts on, from 1.
    pub line: usize,
    /// The sentence holding the match ([`super::sentence_around`]), in bytes of the
    /// reading text.
    pub sentence_bytes: Range<usize>,
    /// That sentence on one line, safe to print ([`super::one_line`]).
    pub sentence: String,
    /// Where the match is in `sentence`, in bytes of it.
    pub in_sentence: Range<usize>,
}

/// How a corpus search went, besides its hits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Articles read and searched.
    pub articles: usize,
    /// Hits delivered.
    pub hits: usize,
    /// Files that were not searched, and why, in path order.
    pub skipped: Vec<Skip>,
    /// Whether the search stopped before the end: cancelled, or told to by the
    /// callback.
    pub cancelled: bool,
}

/// Every match of `pattern` in `article`'s reading text, in order. `path` and `rel`
/// are copied into each hit.
pub fn article<'a>(
    article: &'a Article,
    path: &'a Path,
    rel: &'a Path,
    pattern: &'a Pattern,
) -> impl Iterator<Item = Hit> + use<'a> {
    text(&article.text, &article.meta.title, path, rel, pattern)
}

/// Every match of `pattern` in a reading text, for the article at `path` titled
/// `title`.
fn text<'a>(
    text: &'a str,
    title: &'a str,
    path: &'a Path,
    rel: &'a Path,
    pattern: &'a Pattern,
) -> impl Iterator<Item = Hit> + use<'a> {
    places(text, pattern).map(move |place| Hit {
        path: path.to_path_buf(),
        rel: rel.to_path_buf(),
        title: title.to_owned(),
        bytes: place.bytes,
        chars: place.chars,
        line: place.line,
        sentence_bytes: place.sentence_bytes,
        sentence: place.sentence,
        in_sentence: place.in_sentence,
    })
}

/// A [`Hit`] without the article.
struct Place {
    bytes: Range<usize>,
    chars: Range<usize>,
    line: usize,
    sentence_bytes: Range<usize>,
    sentence: String,
    in_sentence: Range<usize>,
}

fn places<'a>(text: &'a str, pattern: &'a Pattern) -> impl Iterator<Item = Place> + use<'a> {
    let mut at = Counted { byte: 0, char: 0, line: 1 };
    let mut sentences = Cursor::new(text);
    let mut last: Option<Range<usize>> = None;
    pattern.find_iter(text).map(move |bytes| {
        // Counting from the previous match keeps the whole walk linear in the text.
        at.advance(text, bytes.start);
        let (start_char, line) = (at.char, at.line);
        at.advance(text, bytes.end);
        let sentence_bytes = match &last {
            Some(s) if s.start <= bytes.start && bytes.end <= s.end => s.clone(),
            _ => {
                let (sentence, whole) = sentences.sentence_of(bytes.clone());
                last = whole.then(|| sentence.clone());
                sentence
            }
        };
        let (sentence, mut marks) = one_line_marked(text, sentence_bytes.clone(), std::slice::from_ref(&bytes));
        Place {
            chars: start_char..at.char,
            bytes,
            line,
            sentence_bytes,
            sentence,
            in_sentence: marks.pop().unwrap_or_default(),
        }
    })
}

/// A position in a text with the characters and lines before it counted.
#[derive(Clone, Copy)]
struct Counted {
    byte: usize,
    char: usize,
    line: usize,
}

impl Counted {
    fn advance(&mut self, text: &str, to: usize) {
        let passed = &text[self.byte..to];
        self.char += chars(passed);
        self.line += passed.bytes().filter(|&b| b == b'\n').count();
        self.byte = to;
    }
}

/// In what order [`corpus`] hands hits over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// As they are found: in order within an article, in no particular order
    /// across articles. The first hits come soonest.
    #[default]
    Found,
    /// In walk order, which is path order, and in the order of the text within an
    /// article: what a script wants. The hits of the first article not yet
    /// finished are handed over as they are found, the others once it is.
    Path,
}

/// The most hits a worker sends at once: a message a hit would cost more than
/// finding it, and 64 hits are found in well under a millisecond.
const BATCH: usize = 64;

/// The most articles a worker reports done at once, and the longest it waits
/// before reporting those it has.
const DONE_BATCH: usize = 64;
const DONE_WAIT: Duration = Duration::from_millis(10);

/// What a worker tells the calling thread, about the article at a place in the walk.
enum Message {
    /// Hits in the order of the text, in batches of up to [`BATCH`].
    Hits(usize, Vec<Hit>),
    /// These articles were searched to the end. Workers tell it in batches: one
    /// message per article would cost more than searching most of them.
    Done(Vec<usize>),
    /// The file was not searched (and so is done with).
    Skipped(usize, Skip),
}

/// Search every article under `root` (a folder or one file, walked as
/// [`corpus::discover()`] walks it), reading each as the reader does
/// ([`corpus::load_guarded`]), so only reading text is searched, never markup.
///
/// Articles are searched on every core at once. Each hit is handed to `on_hit` on the
/// calling thread, in `order`. `on_hit` returning `Break`, or `cancel` becoming true
/// (checked between articles and between hits), stops the search soon after; an
/// article being read is finished first. Files that cannot be searched are listed in
/// the [`Summary`], not reported anywhere else.
pub fn corpus(
    root: &Path,
    pattern: &Pattern,
    order: Order,
    cancel: &AtomicBool,
    on_hit: impl FnMut(Hit) -> ControlFlow<()>,
) -> Summary {
    corpus_cached(root, pattern, order, cancel, &Cache::none(), on_hit)
}

/// [`corpus`], with the reading texts that `cache` remembers read from it instead of
/// cleaning their files again, and the texts it had to read remembered in it.
pub fn corpus_cached(
    root: &Path,
    pattern: &Pattern,
    order: Order,
    cancel: &AtomicBool,
    cache: &Cache,
    mut on_hit: impl FnMut(Hit) -> ControlFlow<()>,
) -> Summary {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let queue = Mutex::new(corpus::discover(&root).enumerate());
    let stop = AtomicBool::new(false);
    let cut_short = AtomicBool::new(false);
    let articles = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, usize::from).min(8);
    let mut summary = Summary::default();
    let mut reorder = Reorder::default();
    // A bounded channel: a slow consumer slows the workers instead of piling up hits.
    let (tx, rx) = mpsc::sync_channel(256);
    let shared =
        &Shared { queue: &queue, pattern, cancel, stop: &stop, cut_short: &cut_short, articles: &articles, cache };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = tx.clone();
            scope.spawn(move || shared.work(&tx));
        }
        drop(tx);
        let mut deliver = |hits: Vec<Hit>| {
            for hit in hits {
                summary.hits += 1;
                on_hit(hit)?;
            }
            ControlFlow::Continue(())
        };
        while let Ok(message) = rx.recv() {
            let flow = match (order, message) {
                (Order::Found, Message::Hits(_, hits)) => deliver(hits),
                (Order::Found, Message::Done(_)) => ControlFlow::Continue(()),
                (Order::Path, Message::Hits(at, hits)) => reorder.hits(at, hits, &mut deliver),
                (Order::Path, Message::Done(done)) => {
                    done.into_iter().try_for_each(|at| reorder.done(at, &mut deliver))
                }
                (order, Message::Skipped(at, skip)) => {
                    summary.skipped.push(skip);
                    if order == Order::Path { reorder.done(at, &mut deliver) } else { ControlFlow::Continue(()) }
                }
            };
            if flow.is_break() {
                stop.store(true, Ordering::Relaxed);
                cut_short.store(true, Ordering::Relaxed);
                break;
            }
        }
        // Workers still sending find the channel closed and stop.
        drop(rx);
    });
    summary.articles = articles.into_inner();
    summary.cancelled = cut_short.into_inner();
    summary.skipped.sort_by(|a, b| a.path().cmp(b.path()));
    summary
}

/// Puts hits back in walk order: those of the first unfinished article pass straight
/// through, those of later ones wait for it.
#[derive(Default)]
struct Reorder {
    /// The first article (by place in the walk) not yet done with.
    next: usize,
    done: std::collections::BTreeSet<usize>,
    waiting: std::collections::BTreeMap<usize, Vec<Hit>>,
}

impl Reorder {
    fn hits(
        &mut self,
        at: usize,
        hits: Vec<Hit>,
        deliver: &mut impl FnMut(Vec<Hit>) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        if at == self.next {
            deliver(hits)
        } else {
            self.waiting.entry(at).or_default().extend(hits);
            ControlFlow::Continue(())
        }
    }

    fn done(&mut self, at: usize, deliver: &mut impl FnMut(Vec<Hit>) -> ControlFlow<()>) -> ControlFlow<()> {
        self.done.insert(at);
        while self.done.remove(&self.next) {
            self.next += 1;
            if let Some(hits) = self.waiting.remove(&self.next) {
                deliver(hits)?;
            }
        }
        ControlFlow::Continue(())
    }
}

/// How searching one article went.
enum Searched {
    /// Searched to the end, every hit sent.
    Done,
    /// Not searched, or not to the end: this says why.
    Skipped(Message),
    /// The search stopped meanwhile.
    Stopped,
}

/// What the workers of one corpus search share.
struct Shared<'a, I> {
    queue: &'a Mutex<I>,
    pattern: &'a Pattern,
    cancel: &'a AtomicBool,
    stop: &'a AtomicBool,
    cut_short: &'a AtomicBool,
    articles: &'a AtomicUsize,
    cache: &'a Cache,
}

impl<I: Iterator<Item = (usize, Discovered)>> Shared<'_, I> {
    fn stopped(&self) -> bool {
        let stopped = self.cancel.load(Ordering::Relaxed) || self.stop.load(Ordering::Relaxed);
        if stopped {
            self.cut_short.store(true, Ordering::Relaxed);
        }
        stopped
    }

    /// Take articles off the queue until it is empty, the search is stopped, or no
    /// one listens any more.
    fn work(&self, tx: &mpsc::SyncSender<Message>) {
        let mut done = Vec::new();
        let mut told = Instant::now();
        while !self.stopped() {
            let next = match self.queue.lock() {
                Ok(mut queue) => queue.next(),
                Err(_) => break,
            };
            let Some((at, item)) = next else {
                break;
            };
            let message = match item {
                Discovered::File(found) => match self.search(at, found, tx) {
                    Searched::Done => {
                        done.push(at);
                        // Soon enough that hits waiting for these articles in path order
                        // are not held back for long.
                        if done.len() < DONE_BATCH && told.elapsed() < DONE_WAIT {
                            continue;
                        }
                        told = Instant::now();
                        Message::Done(std::mem::take(&mut done))
                    }
                    Searched::Skipped(message) => message,
                    Searched::Stopped => return,
                },
                Discovered::Skipped(skip) => Message::Skipped(at, skip),
            };
            if tx.send(message).is_err() {
                return;
            }
        }
        if !done.is_empty() {
            let _ = tx.send(Message::Done(done));
        }
    }

    /// Read and search one article, sending its hits.
    fn search(&self, at: usize, found: corpus::Found, tx: &mpsc::SyncSender<Message>) -> Searched {
        let stamp = Stamp::of_path(&found.path);
        let mut buf = Vec::new();
        let remembered = stamp
            .and_then(|s| self.cache.get(&found.rel, s))
            .and_then(|r| Some((r.meta.title.clone(), self.cache.text(r, &mut buf)?)));
        let loaded;
        let (title, body) = match remembered {
            Some((title, body)) => (title, body),
            None => {
                loaded = match corpus::load_guarded(&found.path) {
                    Ok(article) => article,
                    Err(LoadError::Binary) => return Searched::Skipped(Message::Skipped(at, Skip::Binary(found.path))),
                    Err(err) => {
                        let skip = Skip::Unreadable(found.path, err.to_string());
                        return Searched::Skipped(Message::Skipped(at, skip));
                    }
                };
                if let Some(stamp) = stamp
                    && Stamp::of_path(&found.path) == Some(stamp)
                {
                    self.cache.remember(&found.rel, stamp, &loaded.meta, Some(&loaded.text));
                }
                (loaded.meta.title.clone(), loaded.text.as_str())
            }
        };
        self.articles.fetch_add(1, Ordering::Relaxed);
        let searched = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut batch = Vec::new();
            for hit in self::text(body, &title, &found.path, &found.rel, self.pattern) {
                if self.stopped() {
                    return ControlFlow::Break(());
                }
                batch.push(hit);
                if batch.len() == BATCH && tx.send(Message::Hits(at, std::mem::take(&mut batch))).is_err() {
                    return ControlFlow::Break(());
                }
            }
            if !batch.is_empty() && tx.send(Message::Hits(at, batch)).is_err() {
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        }));
        match searched {
            Ok(ControlFlow::Continue(())) => Searched::Done,
            Ok(ControlFlow::Break(())) => Searched::Stopped,
            Err(_) => {
                let why = "internal error while searching it".to_owned();
                Searched::Skipped(Message::Skipped(at, Skip::Unreadable(found.path, why)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn corpus_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, body).unwrap();
        }
        dir
    }

    fn all(root: &Path, pattern: &str) -> (Vec<Hit>, Summary) {
        let pattern = Pattern::new(pattern).unwrap();
        let mut hits = Vec::new();
        let summary = corpus(root, &pattern, Order::Path, &AtomicBool::new(false), |hit| {
            hits.push(hit);
            ControlFlow::Continue(())
        });
        (hits, summary)
    }

    #[test]
    fn hits_carry_their_place_in_the_reading_text() {
        let dir = corpus_dir(&[
            ("b.txt", "Canals and Rivers\n\nThe canal froze. Barges waited.\n\nIn spring the canal thawed."),
            ("a/c.md", "# Café Notes\n\nThe café opened. Its canal view drew crowds."),
        ]);
        let (hits, summary) = all(dir.path(), "canal");
        assert_eq!(summary.articles, 2);
        assert!(summary.skipped.is_empty() && !summary.cancelled);
        assert_eq!(summary.hits, 3);
        let rels: Vec<_> = hits.iter().map(|h| h.rel.to_string_lossy().into_owned()).collect();
        assert_eq!(rels, ["a/c.md", "b.txt", "b.txt"]);
        for hit in &hits {
            let article = corpus::load(&hit.path).unwrap();
            assert!(hit.path.is_absolute());
            assert!(article.text[hit.bytes.clone()].eq_ignore_ascii_case("canal"));
            let chars: String = article.text.chars().skip(hit.chars.start).take(hit.chars.len()).collect();
            assert_eq!(chars, &article.text[hit.bytes.clone()]);
            let line = article.text[..hit.bytes.start].matches('\n').count() + 1;
            assert_eq!(hit.line, line);
            assert_eq!(hit.title, article.meta.title);
            assert!(hit.sentence[hit.in_sentence.clone()].eq_ignore_ascii_case("canal"));
        }
        assert_eq!(hits[0].sentence, "Its canal view drew crowds.");
        assert_eq!(hits[0].title, "Café Notes");
        assert_eq!(hits[0].chars.start, "The café opened. Its ".chars().count());
        assert_eq!(hits[2].sentence, "In spring the canal thawed.");
        assert_eq!(hits[2].line, 3);
    }

    #[test]
    fn path_order_is_path_order_whichever_worker_finishes_first() {
        // Articles of very different lengths, in nested folders, so workers finish
        // out of order.
        let files: Vec<(String, String)> = (0..120)
            .map(|i| {
                let name = match i % 3 {
                    0 => format!("d{}/x{i:03}.txt", i % 7),
                    1 => format!("d{}.txt", i),
                    _ => format!("d{}/sub/y{i:03}.md", i % 5),
                };
                (name, "A mark here. ".repeat(1 + (i * 37) % 400))
            })
            .collect();
        let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let dir = corpus_dir(&refs);
        let (hits, summary) = all(dir.path(), "mark");
        assert_eq!(summary.hits, hits.len());
        let mut sorted = hits.clone();
        sorted.sort_by(|a, b| (&a.rel, a.bytes.start).cmp(&(&b.rel, b.bytes.start)));
        assert!(hits == sorted, "hits out of path order");
        let found: usize = files.iter().map(|(_, body)| body.matches("mark").count()).sum();
        assert_eq!(hits.len(), found);
    }

    #[test]
    fn unreadable_files_are_reported_in_the_summary() {
        let dir = corpus_dir(&[("ok.txt", "A word here."), ("bin.txt", "\0\0\0binary")]);
        let (hits, summary) = all(dir.path(), "word");
        assert_eq!(hits.len(), 1);
        assert_eq!(summary.skipped.len(), 1);
        assert!(matches!(&summary.skipped[0], Skip::Binary(p) if p.ends_with("bin.txt")));
    }

    #[test]
    fn the_callback_can_stop_the_search() {
        // More hits than the channel holds, so workers must notice the stop.
        let files: Vec<(String, &str)> = (0..600).map(|i| (format!("f{i:03}.txt"), "Some words.")).collect();
        let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        let dir = corpus_dir(&refs);
        let pattern = Pattern::new("words").unwrap();
        let mut seen = 0;
        let summary = corpus(dir.path(), &pattern, Order::Found, &AtomicBool::new(false), |_| {
            seen += 1;
            if seen == 3 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        });
        assert_eq!((seen, summary.hits), (3, 3));
        assert!(summary.cancelled);
        assert!(summary.articles < 600, "{}", summary.articles);
    }

    #[test]
    fn a_cancelled_search_reads_nothing_more() {
        let dir = corpus_dir(&[("a.txt", "words"), ("b.txt", "words")]);
        let pattern = Pattern::new("words").unwrap();
        let summary = corpus(dir.path(), &pattern, Order::Found, &AtomicBool::new(true), |_| ControlFlow::Continue(()));
        assert_eq!((summary.articles, summary.hits, summary.cancelled), (0, 0, true));
    }

    #[test]
    fn markup_is_not_searched() {
        let dir = corpus_dir(&[(
            "page.html",
            "<html><head><title>Links</title></head><body><p>See <a href=\"https://example.org/\">the \
             report</a> for more.</p></body></html>",
        )]);
        assert!(all(dir.path(), "href").0.is_empty());
        assert_eq!(all(dir.path(), "report").0.len(), 1);
    }

    #[test]
    fn a_long_line_is_searched_in_linear_time() {
        // 20 MB without a line break or a full stop, a match every 10 kB: counting
        // from one match to the next and looking for sentences only near each, this
        // takes a moment; counting from the start each time, it would not finish.
        let filler = "a plain clause with no full stop in it, ".repeat(250);
        let text = format!("{filler}needle ").repeat(20 * 1024 * 1024 / (filler.len() + 7));
        let pattern = Pattern::new("needle").unwrap();
        let mut n = 0;
        for place in places(&text, &pattern) {
            assert_eq!(place.line, 1);
            assert_eq!(place.chars.start, (n + 1) * filler.len() + n * 7);
            let kept = place.sentence.chars().count();
            assert!(kept <= super::super::SENTENCE_CHARS && kept > 250, "{kept}");
            assert_eq!(&place.sentence[place.in_sentence], "needle");
            n += 1;
        }
        assert_eq!(n, 20 * 1024 * 1024 / (filler.len() + 7));
    }

    #[test]
    fn sentences_are_found_once_for_the_matches_they_hold() {
        let text = "One wall, two walls. Wallpaper elsewhere.";
        let pattern = Pattern::new("wall").unwrap();
        let found: Vec<Place> = places(text, &pattern).collect();
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].sentence_bytes, found[1].sentence_bytes);
        assert_eq!(found[1].sentence, "One wall, two walls.");
        assert_eq!(found[2].sentence, "Wallpaper elsewhere.");
        assert_eq!(found.iter().map(|p| p.in_sentence.clone()).collect::<Vec<_>>(), [4..8, 14..18, 0..4]);
    }
}
