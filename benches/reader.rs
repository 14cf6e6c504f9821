//! Reader costs by article length.
//!
//! `frame/*` draws one full frame of the reader scrolled to the middle of an article
//! 1x, 10x and 100x the length of the longest sample article: it should not grow
//! with length, because a frame only builds the lines on screen. `layout/*` is the
//! once-per-width wrap of the whole article, which does grow, linearly. `keys/*` is
//! the work of a key press in the reader (scrolling, moving between annotations),
//! which should not grow with length either. `resolve/*` finds an annotation whose
//! passage moved, when its words occur many times in the article. `parse/*` is
//! cleaning the bytes of a file into an article: the sample articles, and the saved
//! web pages of `tests/fixtures/layouts`, whose main text is chosen from their
//! layout. `sentences/*` splits 2 MB and 20 MB
//! of text into sentences, which should grow linearly, and `decode/*` decodes 20 MB
//! of UTF-8, of Latin-1 to detect and of a page that declares its charset.
//!
//! Run with `cargo bench --bench reader`.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use gloss::app::keymap::Keymap;
use gloss::app::page::{Header, Page};
use gloss::app::{Action, Command, Settings, State, update};
use gloss::corpus::{self, Entry, Format};
use gloss::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The long Markdown sample repeated `times` times.
fn long_markdown(times: usize) -> Vec<u8> {
    let (_, bytes) = corpus::sample::FILES.iter().find(|(n, _)| n.ends_with(".md")).expect("a Markdown sample");
    let body = std::str::from_utf8(bytes).expect("UTF-8 sample");
    let mut out = String::from(body);
    for _ in 1..times {
        // Drop the title and byline lines of the copies.
        out.push_str("\n\n");
        out.push_str(body.split_once("\n\n").map_or(body, |(_, rest)| rest));
    }
    out.into_bytes()
}

/// `n` annotations spread evenly over `article`, each on one sentence.
fn annotations(article: &corpus::Article, n: usize) -> gloss::annotate::Annotations {
    let sentences = gloss::app::selection::sentences(article);
    let step = (sentences.len() / n.max(1)).max(1);
    let tags = ["border-security", "ttp", "drone-strikes", "finance", "training"];
    let items = sentences
        .iter()
        .step_by(step)
        .take(n)
        .enumerate()
        .map(|(i, range)| {
            let anchor = gloss::annotate::record(&article.text, range.clone(), &article.source_hash);
            let a = gloss::annotate::Annotation::new(anchor, vec![tags[i % tags.len()].to_owned()], String::new());
            gloss::annotate::Resolved {
                annotation: a,
                state: gloss::annotate::AnchorState::Exact,
                range: Some(range.clone()),
                places: Vec::new(),
            }
        })
        .collect();
    gloss::annotate::Annotations { items, ..gloss::annotate::Annotations::none("/bench/long.md.gloss.ron".into()) }
}

/// A state reading `article`, scrolled to its middle, in a 120x32 terminal.
fn reading(bytes: &[u8]) -> State {
    reading_annotated(bytes, 0)
}

/// The same, with `n` annotations.
fn reading_annotated(bytes: &[u8], n: usize) -> State {
    let article = corpus::parse(bytes, Format::Markdown, "long.md");
    let path = Path::new("/bench/long.md").to_path_buf();
    let mut state = State::new(Path::new("/bench"), Keymap::default(), Settings::default());
    update(&mut state, Action::Resize(120, 32));
    let entry = Entry {
        path: path.clone(),
        rel: "long.md".into(),
        label: "long.md".into(),
        annotations: 0,
        tags: Vec::new(),
        annotations_problem: None,
        starred: false,
        archived: false,
        priority: 0,
        problem: None,
        meta: Some(article.meta.clone()),
    };
    update(&mut state, Action::Found(vec![entry]));
    let annotations = annotations(&article, n);
    update(&mut state, Action::Loaded(path, Ok(Box::new(gloss::app::Opened { article, annotations, partial: false }))));
    update(&mut state, Action::Command(Command::Open, 1));
    let middle = state.library.reader.as_ref().map_or(0, |r| r.page.len() / 2);
    update(&mut state, Action::Command(Command::Down, middle));
    state
}

fn frame(c: &mut Criterion) {
    let theme = Theme::default();
    let mut group = c.benchmark_group("frame");
    for times in [1, 10, 100] {
        let state = reading(&long_markdown(times));
        let lines = state.library.reader.as_ref().map_or(0, |r| r.page.len());
        let mut terminal = Terminal::new(TestBackend::new(120, 32)).expect("test terminal");
        group.bench_with_input(BenchmarkId::new("draw", format!("{times}x ({lines} lines)")), &state, |b, state| {
            b.iter(|| terminal.draw(|f| ui::draw(f, black_box(state), &theme)).map(|_| ()))
        });
    }
    // The longest article with an annotation on every 25th sentence or so.
    let bytes = long_markdown(100);
    let n = gloss::app::selection::sentences(&corpus::parse(&bytes, Format::Markdown, "long.md")).len() / 25;
    let state = reading_annotated(&bytes, n);
    let mut terminal = Terminal::new(TestBackend::new(120, 32)).expect("test terminal");
    group.bench_with_input(
        BenchmarkId::new("draw-annotated", format!("100x ({n} annotations)")),
        &state,
        |b, state| b.iter(|| terminal.draw(|f| ui::draw(f, black_box(state), &theme)).map(|_| ())),
    );
    group.finish();
}

fn layout(c: &mut Criterion) {
    let none = gloss::annotate::Annotations::none("/bench/long.md.gloss.ron".into());
    let mut group = c.benchmark_group("layout");
    for times in [1, 10, 100] {
        let bytes = long_markdown(times);
        let article = corpus::parse(&bytes, Format::Markdown, "long.md");
        group.throughput(Throughput::Bytes(article.text.len() as u64));
        group.bench_with_input(BenchmarkId::new("wrap-76", format!("{times}x")), &article, |b, a| {
            b.iter(|| Page::build(black_box(a), Header { file: "long.md", annotations: &none }, 76, false))
        });
    }
    let bytes = long_markdown(100);
    let article = corpus::parse(&bytes, Format::Markdown, "long.md");
    let n = gloss::app::selection::sentences(&article).len() / 25;
    let notes = annotations(&article, n);
    group.throughput(Throughput::Bytes(article.text.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("wrap-76-annotated", format!("100x ({n} annotations)")),
        &article,
        |b, a| b.iter(|| Page::build(black_box(a), Header { file: "long.md", annotations: &notes }, 76, false)),
    );
    group.finish();
}

fn keys(c: &mut Criterion) {
    let mut group = c.benchmark_group("keys");
    for times in [1, 100] {
        let bytes = long_markdown(times);
        let n = gloss::app::selection::sentences(&corpus::parse(&bytes, Format::Markdown, "long.md")).len() / 25;
        let mut state = reading_annotated(&bytes, n);
        // Each pair of commands leaves the state where it was.
        let mut pair = |name: &str, there: Command, back: Command| {
            group.bench_function(BenchmarkId::new(name, format!("{times}x ({n} annotations)")), |b| {
                b.iter(|| {
                    black_box(update(&mut state, Action::Command(there, 1)));
                    black_box(update(&mut state, Action::Command(back, 1)));
                })
            });
        };
        pair("down-up", Command::Down, Command::Up);
        pair("next-prev-annotation", Command::NextAnnotation, Command::PrevAnnotation);
    }
    group.finish();
}

fn resolve(c: &mut Criterion) {
    let mut group = c.benchmark_group("resolve");
    for times in [1, 100] {
        let text = corpus::parse(&long_markdown(times), Format::Markdown, "long.md").text;
        // The last " and the " of the article, then a new opening paragraph moves it.
        let at = text.rfind(" and the ").expect("a common phrase");
        let anchor = gloss::annotate::record(&text, at..at + " and the ".len(), "old");
        let moved = format!("A new opening paragraph.\n\n{text}");
        let count = moved.matches(" and the ").count();
        group.bench_function(BenchmarkId::new("moved-common-phrase", format!("{times}x ({count} matches)")), |b| {
            b.iter(|| gloss::annotate::resolve(black_box(&moved), black_box(&anchor)))
        });
    }
    group.finish();
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (name, bytes) in corpus::sample::FILES {
        let format = Format::from_path(Path::new(name)).expect("known extension");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), bytes, |b, bytes| {
            b.iter(|| corpus::parse(black_box(bytes), format, name))
        });
    }
    let layouts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts");
    let mut pages: Vec<_> = std::fs::read_dir(&layouts)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    for page in pages {
        let bytes = std::fs::read(&page).expect("a fixture");
        let name = page.file_name().expect("a file name").to_string_lossy().into_owned();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&name), &bytes, |b, bytes| {
            b.iter(|| corpus::parse(black_box(bytes), Format::Html, &name))
        });
    }
    group.finish();
}

/// Sentence splitting of 2 MB and 20 MB: news prose full of abbreviations, one
/// sentence with no break at all, and full stops each followed by a long run of
/// closing brackets (quadratic in plain UAX #29). All three should grow linearly.
fn sentences(c: &mut Criterion) {
    let mut group = c.benchmark_group("sentences");
    group.sample_size(10);
    let texts = [
        ("prose", "Mr. Khan met U.S. officials on Jan. 5 in Islamabad. The talks went on, e.g. for hours. "),
        ("no-break", "lorem ipsum "),
        ("runs", concat!("x.", ")))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))) ")),
    ];
    for (name, unit) in texts {
        for mb in [2, 20] {
            let text = unit.repeat(mb * 1024 * 1024 / unit.len());
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new(name, format!("{mb}MB")), &text, |b, text| {
                b.iter(|| gloss::text::sentence_bounds(black_box(text)).count())
            });
        }
    }
    group.finish();
}

/// Decoding 20 MB: valid UTF-8 (borrowed, only checked), Latin-1 (detected by
/// chardetng, then decoded) and a page declaring windows-1252 (prescan, decode).
fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    group.sample_size(10);
    let line = "Zoë Saldaña met Jürgen Müller at the café on Tuesday. ";
    let n = 20 * 1024 * 1024 / line.len();
    let latin1: Vec<u8> = line.repeat(n).chars().map(|c| c as u8).collect();
    let page = [b"<!doctype html><meta charset=windows-1252><p>".as_slice(), &latin1].concat();
    for (name, bytes) in [("utf-8", line.repeat(n).into_bytes()), ("latin-1", latin1.clone()), ("declared", page)] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new(name, "20MB"), &bytes, |b, bytes| {
            b.iter(|| corpus::decode::decode_html(black_box(bytes)).text.len())
        });
    }
    group.finish();
}

criterion_group!(benches, frame, layout, keys, resolve, parse, sentences, decode);
criterion_main!(benches);
