//! Main-text choice on pages of the layouts saved web pages have: a story in deep
//! layout divs between sidebars, a blog post above its comments, a wiki article with
//! an infobox, a forum thread, a question with its answers, a live blog, a page
//! wrapped in a form, a table layout, hidden elements, teaser cards, lazy images with
//! captions, a story split around an advertisement, a recipe, a newsletter post,
//! documentation, and news in Japanese and Arabic. Each
//! `tests/fixtures/layouts/NAME.html` has its article's text in `NAME.expected`; the
//! reading text must match it word for word (F1 over words, each CJK character a
//! word), and what is left out must be folded, not lost.

use std::collections::HashMap;
use std::path::Path;

use gloss::corpus::{self, Article};

fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    let mut word = String::new();
    let mut push = |w: &mut String| {
        if !w.is_empty() {
            *counts.entry(std::mem::take(w).to_lowercase()).or_insert(0) += 1;
        }
    };
    for c in text.chars() {
        let cjk = matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af);
        if cjk {
            push(&mut word);
            word.push(c);
            push(&mut word);
        } else if c.is_alphanumeric() {
            word.push(c);
        } else {
            push(&mut word);
        }
    }
    push(&mut word);
    counts
}

/// The reading text without its link markers.
fn plain(a: &Article) -> String {
    let mut out = String::new();
    let mut pos = 0;
    for (range, _) in &a.markers {
        out.push_str(&a.text[pos..range.start]);
        pos = range.end;
    }
    out.push_str(&a.text[pos..]);
    out
}

fn f1(got: &str, expected: &str) -> f64 {
    let (g, e) = (words(got), words(expected));
    let common: usize = g.iter().map(|(w, n)| (*n).min(*e.get(w).unwrap_or(&0))).sum();
    if common == 0 {
        return 0.0;
    }
    let precision = common as f64 / g.values().sum::<usize>() as f64;
    let recall = common as f64 / e.values().sum::<usize>() as f64;
    2.0 * precision * recall / (precision + recall)
}

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts")
}

fn load(name: &str) -> (Article, String) {
    let article = corpus::load(&dir().join(format!("{name}.html"))).unwrap();
    let expected = std::fs::read_to_string(dir().join(format!("{name}.expected"))).unwrap();
    (article, expected)
}

fn folded(a: &Article) -> String {
    a.boilerplate.iter().flat_map(|b| b.paragraphs.iter().cloned()).collect::<Vec<_>>().join("\n")
}

#[test]
fn every_layout_reads_as_its_article() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.unwrap().path().file_name()?.to_str()?.strip_suffix(".html").map(str::to_owned))
        .collect();
    names.sort();
    assert!(names.len() >= 18);
    let mut report = Vec::new();
    for name in &names {
        let (a, expected) = load(name);
        let score = f1(&plain(&a), &expected);
        report.push(format!("{name}: {score:.3}"));
        assert!(score >= 0.9, "{name}: F1 {score:.3}\n{}", a.text);
        assert!(!a.meta.main_text_guessed, "{name}");
    }
    eprintln!("{}", report.join("\n"));
}

#[test]
fn what_is_not_the_article_is_folded_where_it_stood() {
    let cases: &[(&str, &[&str])] = &[
        (
            "news-deep-divs",
            &["Most read headline number 4", "Related stories", "Get the morning briefing", "transport correspondent"],
        ),
        ("blog-comments", &["top of the fridge changed everything", "Recent posts", "4 thoughts on"]),
        ("wiki-infobox", &["Basin size", "Contents", "Rivers of Northland", "Survey of Northland rivers"]),
        ("forum-thread", &["Joined: Feb 2011", "Similar topics", "Riding since 1998"]),
        ("live-blog", &["Key events", "More sport"]),
        ("tech-review", &["Reader reviews", "More laptop reviews", "Our favourite phones"]),
        ("article-cards", &["More on this story", "Rover finds signs"]),
        ("japanese-news", &["関連記事", "アクセスランキング"]),
        ("qa-thread", &["Hot Network Questions", "worked for my case with version numbers"]),
        ("recipe", &["You might also like", "Can I use pumpkin", "I cook simple food"]),
        ("split-body", &["Most popular", "Advertisement"]),
    ];
    for (name, furniture) in cases {
        let (a, _) = load(name);
        let rest = folded(&a);
        for f in *furniture {
            assert!(!a.text.contains(f), "{name}: {f:?} is in the text");
            assert!(rest.contains(f), "{name}: {f:?} was lost, not folded:\n{rest}");
        }
    }
}

#[test]
fn hidden_text_is_nowhere() {
    let (a, _) = load("hidden-elements");
    assert!(!a.text.contains("HIDDEN"), "{}", a.text);
    assert!(!folded(&a).contains("HIDDEN"));
    assert_eq!(a.meta.title, "Painted ceiling revealed as museum reopens");
}

#[test]
fn headlines_close_to_the_text_are_titles_not_body() {
    for (name, title) in [
        ("news-deep-divs", "Council approves eastern tram extension after two-year row"),
        ("blog-comments", "How I rescued my sulking sourdough starter"),
        ("tech-review", "Corvid 14 review: a superb keyboard in a light laptop"),
        ("aspnet-form", "Hosepipe ban lifted after weeks of rain"),
    ] {
        let (a, _) = load(name);
        assert_eq!(a.meta.title, title, "{name}");
        assert!(!a.text.contains(title), "{name}");
    }
}
