//! Costs at scale, on a generated corpus (`benches/support/corpus.rs`, the same one
//! `cargo run --release --example gencorpus` writes).
//!
//! - `index/*`: index 2,000 articles on every core, reading each (`cold`) or from
//!   the index cache (`cached`);
//! - `clean/*`: clean one generated article of about 6 KB, plain text and HTML;
//! - `wrap/*`: wrap a 600-byte paragraph, and a 1 MB one, at 72 columns;
//! - `frame/*` and `keys/*`: draw a frame, and apply a key press and draw, with
//!   100,000 articles in the list and with a 20 MB article in the reader;
//! - `reanchor/*`: find 1,000 annotations again after the article changed;
//! - `search/*`: search 2,000 articles for a literal, with their texts cached;
//! - `linear/*`: clean, and open in the reader, one paragraph of 1 MB and of 2 MB
//!   with no line break. After the criterion groups, the ratio of the 2 MB time to the
//!   1 MB time is measured again and printed, and the run fails when it is over 3:
//!   a quadratic step would make it about 4.
//!
//! Run with `cargo bench --bench scale`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use gloss::annotate::Layout;
use gloss::app::keymap::Keymap;
use gloss::app::{Action, Command, Settings, State, update};
use gloss::corpus::{self, Entry, Format};
use gloss::index::{self, Cache};
use gloss::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "support/corpus.rs"]
#[allow(dead_code)]
mod generated;

/// A generated corpus of `n` articles, written once per run.
fn corpus_of(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    generated::write_corpus(
        dir.path(),
        &generated::Spec { articles: n, seed: 7, big: Vec::new(), one_paragraph: None },
    );
    // Older than the cache's racy window, so that it remembers them.
    let old = std::time::SystemTime::now() - Duration::from_secs(60);
    for e in walk(dir.path()) {
        let _ = std::fs::File::options().write(true).open(&e).and_then(|f| f.set_modified(old));
    }
    dir
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = e.path();
            if path.is_dir() { stack.push(path) } else { out.push(path) }
        }
    }
    out
}

fn indexing(c: &mut Criterion) {
    let corpus = corpus_of(2000);
    let cache = tempfile::tempdir().expect("temporary folder");
    let layout = Layout::Beside;
    index::collect(corpus.path(), &layout, Cache::open(cache.path()));
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("2000 articles, cold", |b| {
        b.iter(|| index::collect(black_box(corpus.path()), &layout, Cache::none()).0.len())
    });
    group.bench_function("2000 articles, cached", |b| {
        b.iter(|| index::collect(black_box(corpus.path()), &layout, Cache::open(cache.path())).0.len())
    });
    group.finish();

    let mut group = c.benchmark_group("search");
    group.sample_size(10);
    let pattern = gloss::search::Pattern::new("ceasefire beyond").expect("pattern");
    let texts = Cache::open(cache.path());
    group.bench_function("2000 articles, cached texts", |b| {
        b.iter(|| {
            let mut hits = 0;
            let order = gloss::search::Order::Path;
            gloss::search::corpus_cached(corpus.path(), &pattern, order, &AtomicBool::new(false), &texts, |_| {
                hits += 1;
                std::ops::ControlFlow::Continue(())
            });
            hits
        })
    });
    group.finish();
}

fn cleaning(c: &mut Criterion) {
    let mut group = c.benchmark_group("clean");
    for (format, name) in [(Format::Text, "plain"), (Format::Html, "html")] {
        let mut rng = generated::Rng(11);
        let article = generated::article(&mut rng, 6000, format);
        let bytes = generated::render(&article, &mut rng).into_bytes();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new(name, format!("{} bytes", bytes.len())), &bytes, |b, bytes| {
            b.iter(|| corpus::parse(black_box(bytes), format, "a.txt"))
        });
    }
    group.finish();
}

fn wrapping(c: &mut Criterion) {
    let mut group = c.benchmark_group("wrap");
    let mut rng = generated::Rng(3);
    for size in [600, 1 << 20] {
        let text = generated::paragraph(&mut rng, size, generated::Language::English, false);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("paragraph at 72", size), &text, |b, text| {
            b.iter(|| gloss::text::wrap(black_box(text), 72).len())
        });
    }
    group.finish();
}

/// A state in a 120x32 terminal with `n` articles in the list (no files behind them).
fn listing(n: usize) -> State {
    let mut state = State::new(Path::new("/bench"), Keymap::default(), Settings::default());
    update(&mut state, Action::Resize(120, 32));
    let meta = corpus::parse(b"A Title For It\n\nBy A. Writer\n\nSome words of the body.", Format::Text, "a.txt").meta;
    let mut batch = Vec::new();
    for i in 0..n {
        let rel = PathBuf::from(format!("region/{:03}/article-{i:06}.txt", i % 500));
        batch.push(Entry {
            path: Path::new("/bench").join(&rel),
            label: rel.to_string_lossy().into_owned(),
            rel,
            meta: Some(meta.clone()),
            ..Entry::default()
        });
        if batch.len() == index::BATCH {
            update(&mut state, Action::Found(std::mem::take(&mut batch)));
        }
    }
    update(&mut state, Action::Found(batch));
    update(&mut state, Action::ScanDone);
    state
}

/// A state reading a plain-text article of `bytes`.
fn reading(bytes: &[u8]) -> State {
    let mut state = State::new(Path::new("/bench"), Keymap::default(), Settings::default());
    update(&mut state, Action::Resize(120, 32));
    let article = corpus::parse(bytes, Format::Text, "long.txt");
    let path = PathBuf::from("/bench/long.txt");
    let entry = Entry { path: path.clone(), rel: "long.txt".into(), label: "long.txt".into(), ..Entry::default() };
    update(&mut state, Action::Found(vec![entry]));
    let annotations = gloss::annotate::Annotations::none("/bench/long.txt.gloss.ron".into());
    update(&mut state, Action::Loaded(path, Ok(Box::new(gloss::app::Opened { article, annotations, partial: false }))));
    update(&mut state, Action::Command(Command::Open, 1));
    state
}

fn big_text(mb: usize) -> Vec<u8> {
    let mut rng = generated::Rng(5);
    let mut text = String::from("A very long report\n\n");
    while text.len() < mb << 20 {
        text.push_str(&generated::paragraph(&mut rng, 600, generated::Language::English, true));
        text.push_str("\n\n");
    }
    text.into_bytes()
}

fn screens(c: &mut Criterion) {
    let theme = Theme::default();
    let mut terminal = Terminal::new(TestBackend::new(120, 32)).expect("test terminal");
    let mut group = c.benchmark_group("frame");
    let list = listing(100_000);
    group.bench_function("list of 100000", |b| {
        b.iter(|| terminal.draw(|f| ui::draw(f, black_box(&list), &theme)).map(|_| ()))
    });
    let reader = reading(&big_text(20));
    group.bench_function("reader, 20 MB article", |b| {
        b.iter(|| terminal.draw(|f| ui::draw(f, black_box(&reader), &theme)).map(|_| ()))
    });
    group.finish();

    let mut group = c.benchmark_group("keys");
    let mut list = list;
    group.bench_function("j in a list of 100000", |b| {
        b.iter(|| {
            update(&mut list, Action::Command(Command::Down, 1));
            terminal.draw(|f| ui::draw(f, &list, &theme)).map(|_| ())
        })
    });
    let mut reader = reader;
    group.bench_function("G then gg in a 20 MB article", |b| {
        b.iter(|| {
            update(&mut reader, Action::Command(Command::Bottom, 1));
            update(&mut reader, Action::Command(Command::Top, 1));
            terminal.draw(|f| ui::draw(f, &reader, &theme)).map(|_| ())
        })
    });
    group.bench_function("a page down in a 20 MB article", |b| {
        b.iter(|| {
            update(&mut reader, Action::Command(Command::PageDown, 1));
            terminal.draw(|f| ui::draw(f, &reader, &theme)).map(|_| ())
        })
    });
    group.finish();
}

fn reanchoring(c: &mut Criterion) {
    let bytes = big_text(1);
    let article = corpus::parse(&bytes, Format::Text, "a.txt");
    let sentences: Vec<_> = gloss::text::sentence_ranges(&article.text).collect();
    let step = (sentences.len() / 1000).max(1);
    let anchors: Vec<_> = sentences
        .iter()
        .step_by(step)
        .take(1000)
        .map(|r| gloss::annotate::record(&article.text, r.clone(), &article.source_hash))
        .collect();
    // The article changes: a paragraph goes in at the top, so every passage moved.
    let mut edited = String::from("A very long report\n\nA new first paragraph, written later.\n\n");
    edited.push_str(std::str::from_utf8(&bytes).expect("UTF-8").split_once("\n\n").map_or("", |(_, rest)| rest));
    let changed = corpus::parse(edited.as_bytes(), Format::Text, "a.txt");
    let mut group = c.benchmark_group("reanchor");
    group.sample_size(10);
    // As an article is opened: every anchor of its sidecar at once.
    let refs: Vec<&gloss::annotate::Anchor> = anchors.iter().collect();
    group.bench_function(format!("{} annotations, 1 MB article", anchors.len()), |b| {
        b.iter(|| {
            let found = gloss::annotate::reanchor_all(&changed.text, &changed.source_hash, &refs);
            assert!(found.iter().all(|(r, _)| r.state == gloss::annotate::AnchorState::Moved));
            found.len()
        })
    });
    // One passage in ten edited inside as well, by a letter: found approximately,
    // which is the costly search.
    let mut touched = changed.text.clone();
    for a in anchors.iter().step_by(10) {
        if let Some(at) = touched.find(&a.quote) {
            let i = at + a.quote.len() / 2;
            if touched.is_char_boundary(i)
                && touched.is_char_boundary(i + 1)
                && touched.as_bytes()[i].is_ascii_lowercase()
            {
                touched.replace_range(i..i + 1, "q");
            }
        }
    }
    group.bench_function(format!("{} annotations, 1 MB article, a tenth edited inside", anchors.len()), |b| {
        b.iter(|| gloss::annotate::reanchor_all(&touched, "blake3:touched", &refs).len())
    });
    group.finish();
}

fn one_paragraph(mb: usize) -> Vec<u8> {
    let mut rng = generated::Rng(9);
    generated::paragraph(&mut rng, mb << 20, generated::Language::English, false).into_bytes()
}

fn linear(c: &mut Criterion) {
    let mut group = c.benchmark_group("linear");
    group.sample_size(10);
    for mb in [1, 2] {
        let bytes = one_paragraph(mb);
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("clean one paragraph", format!("{mb} MB")), &bytes, |b, bytes| {
            b.iter(|| corpus::parse(black_box(bytes), Format::Text, "a.txt").text.len())
        });
        group.bench_with_input(BenchmarkId::new("open one paragraph", format!("{mb} MB")), &bytes, |b, bytes| {
            b.iter(|| reading(black_box(bytes)).library.reader.map(|r| r.top))
        });
    }
    group.finish();
}

/// Median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// Doubling a one-paragraph article must about double the cost of cleaning and
/// opening it.
fn check_linear() {
    let (one, two) = (one_paragraph(1), one_paragraph(2));
    for (what, run) in [
        ("clean", (|b: &[u8]| drop(corpus::parse(b, Format::Text, "a.txt"))) as fn(&[u8])),
        ("open", |b: &[u8]| drop(reading(b))),
    ] {
        let t1 = median(7, || run(&one));
        let t2 = median(7, || run(&two));
        let ratio = t2.as_secs_f64() / t1.as_secs_f64();
        println!("linear/{what} one paragraph: 1 MB {t1:?}, 2 MB {t2:?}, ratio {ratio:.2}");
        assert!(ratio < 3.0, "{what}: 2 MB takes {ratio:.2} times as long as 1 MB: not linear");
    }
}

criterion_group!(benches, indexing, cleaning, wrapping, screens, reanchoring, linear);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // `cargo bench -- --list` and friends only ask what there is.
    if !std::env::args().any(|a| a == "--list" || a == "--test") {
        check_linear();
    }
}
