//! Acceptance on the shared corpus of real saved articles (skipped where the checkout
//! has no `../shared/corpus`). Each article has a quirk of real saved pages; these
//! tests hold gloss to reading each of them well, through the library and the CLI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use gloss::corpus::{self, Article, BlockKind, Origin, TitleFrom};

fn article(corpus: &Path, prefix: &str) -> (PathBuf, Article) {
    let path = std::fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| gloss::corpus::Format::from_path(p).is_some())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}_ article"));
    let article = corpus::load(&path).unwrap();
    (path, article)
}

fn date(a: &Article) -> Option<String> {
    a.meta.date.map(|d| d.to_string())
}

/// A title made from the first sentence: a word-boundary prefix of the text, cut with
/// an ellipsis, without link markers.
fn assert_sentence_title(a: &Article) {
    assert_eq!(a.meta.title_from, TitleFrom::FirstSentence);
    let title = a.meta.title.strip_suffix('…').expect("a cut title ends with an ellipsis");
    assert!(a.meta.title.chars().count() <= 90, "{}", a.meta.title);
    assert!(!title.contains('['), "markers in {title}");
    let body: String = a.text.split('[').next().unwrap().to_owned();
    let plain = a.text.replace("[1]", "").replace("[2]", "");
    assert!(plain.starts_with(title) || body.starts_with(title), "{title:?} is not where the text starts");
    let next = plain[title.len()..].chars().next().unwrap();
    assert!(next == ' ' || next == ',', "cut inside a word: {title:?}");
}

#[test]
fn every_article_has_the_right_title_byline_and_date() {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };

    let (_, a) = article(&corpus, "000");
    assert_eq!(a.meta.title, "Combating Terrorism: Navigating US-Pakistan Collaborative Challenges");
    assert_eq!(a.meta.title_from, TitleFrom::Heading);
    assert_eq!(a.meta.byline.as_deref(), Some("Muhammad Wasama Khalid"));
    assert_eq!(date(&a), None);

    let (_, a) = article(&corpus, "001");
    assert_eq!(a.meta.title, "Pakistan-US Security Cooperation Gets New Boost");
    assert_eq!(a.meta.kicker.as_deref(), Some("Pakistan-US Security"));
    assert_eq!(a.meta.byline, None);
    assert_eq!(date(&a), None);

    let (_, a) = article(&corpus, "002");
    assert_sentence_title(&a);
    assert!(a.meta.title.starts_with("The Tehreek-e-Taliban Pakistan (TTP)"));
    assert_eq!(a.meta.byline, None);
    assert_eq!(date(&a), None);

    let (_, a) = article(&corpus, "003");
    assert_sentence_title(&a);
    assert!(a.meta.title.starts_with("Recent terrorist attacks in Pakistan – including"));
    assert_eq!(a.meta.byline, None);
    assert_eq!(date(&a), None);

    let (_, a) = article(&corpus, "004");
    assert_sentence_title(&a);
    assert!(a.meta.title.starts_with("The US seeks a strong partnership"));
    assert_eq!(a.meta.byline, None);
    assert_eq!(date(&a).as_deref(), Some("2022-12-23"));
}

#[test]
fn plain_text_says_where_its_metadata_came_from() {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    let (_, a) = article(&corpus, "000");
    assert_eq!(a.meta.provenance.title, Origin::Heading);
    assert_eq!(a.meta.provenance.byline, Some(Origin::BylineLine));
    assert_eq!(a.meta.provenance.date, None);
    let (_, a) = article(&corpus, "004");
    assert_eq!(a.meta.provenance.title, Origin::FirstSentence);
    assert_eq!(a.meta.provenance.date, Some(Origin::DateLine));
}

#[test]
fn body_text_is_clean_and_boilerplate_is_folded_apart() {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    for prefix in ["000", "001", "002", "003", "004"] {
        let (path, a) = article(&corpus, prefix);
        for bad in ["<a href", "<i>", "</a>", "date 2022-12-23", "To continue reading", "Request your trial", "cookie"]
        {
            assert!(!a.text.contains(bad), "{} body contains {bad:?}", path.display());
        }
        assert!(!a.text.chars().any(|c| c.is_control() && c != '\n'));
        assert!(a.meta.words > 300, "{}: {} words", path.display(), a.meta.words);
    }

    // 000: the paywall and cookie tail is kept, folded, after the last paragraph.
    let (_, a) = article(&corpus, "000");
    assert_eq!(a.boilerplate.len(), 1);
    let tail = &a.boilerplate[0];
    assert_eq!(tail.before, a.blocks.len());
    assert_eq!(tail.paragraphs[0], "To continue reading");
    assert_eq!(tail.paragraphs[1], "Request your trial");
    assert!(tail.paragraphs[2].contains("cookie"));
    assert!(!a.text.starts_with("Byline"));

    // 001: the short lines between paragraphs are headings.
    let (_, a) = article(&corpus, "001");
    let headings: Vec<&str> =
        a.blocks.iter().filter(|b| matches!(b.kind, BlockKind::Heading(_))).map(|b| a.block_text(b)).collect();
    assert_eq!(headings.len(), 8, "{headings:?}");
    assert!(headings.contains(&"High-Level Meeting in Islamabad"));
    assert!(!a.text.starts_with("Pakistan-US Security\n"));

    // 003: links are numbered references with their targets listed.
    let (_, a) = article(&corpus, "003");
    assert_eq!(a.links.len(), 2);
    assert!(a.links.iter().all(|l| l.target.starts_with("https://")));
    assert!(a.text.contains("Pakistan[1]"));
    assert!(a.blocks.len() > 5, "the 5,400-character line reads as paragraphs");

    // 004: the date prefix is gone from the text, and the agency credit is metadata.
    let (_, a) = article(&corpus, "004");
    assert!(a.text.starts_with("The US seeks"));
    assert!(!a.text.trim_end().ends_with("(ANI)"));
    assert_eq!(a.meta.source.as_deref(), Some("ANI"));
}

#[test]
fn list_json_reports_the_same() {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["list", "--json"])
        .arg(&corpus)
        .env("XDG_CONFIG_HOME", home.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert!(items[0]["path"].as_str().unwrap().starts_with("000_"));
    assert_eq!(items[0]["byline"], "Muhammad Wasama Khalid");
    assert_eq!(items[0]["date"], serde_json::Value::Null);
    assert_eq!(items[4]["date"], "2022-12-23");
    assert_eq!(items[1]["title"], "Pakistan-US Security Cooperation Gets New Boost");
    for item in items {
        assert!(item["words"].as_u64().unwrap() > 300);
    }
}

#[test]
fn show_prints_the_reading_text() {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    let (path, a) = article(&corpus, "003");
    let out = Command::new(env!("CARGO_BIN_EXE_gloss")).arg("show").arg(&path).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), a.text);
}
