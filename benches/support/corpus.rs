//! A deterministic corpus for measuring gloss at scale, shared by
//! `examples/gencorpus.rs` and the benchmarks.
//!
//! The same arguments always write the same bytes. The mix: mostly articles of 2–7 KB
//! (one in twelve up to 20 KB), about 60 % plain text, 25 % light inline HTML and 15 %
//! Markdown, some in Urdu or Chinese, in nested folders (`region/year/`), and one in
//! fifty with a sidecar of annotations beside it. Big plain-text articles of given
//! sizes in MB can be added under `big/`, and one article of some MB that is a single
//! paragraph with no line break.
//!
//! The words are drawn from a vocabulary written for this generator; the sentences are
//! nonsense in the shape of news prose, which is all a measurement needs.

use std::fmt::Write as _;
use std::path::Path;

use gloss::annotate::anchor;
use gloss::annotate::model::{Annotation, Sidecar};
use gloss::corpus::{self, Format};

/// A small, fast, deterministic generator (SplitMix64).
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const NOUNS: &[&str] = &[
    "officials",
    "ministry",
    "border",
    "province",
    "militants",
    "agreement",
    "convoy",
    "checkpoint",
    "council",
    "envoy",
    "parliament",
    "analysts",
    "drone",
    "strike",
    "valley",
    "district",
    "police",
    "army",
    "talks",
    "ceasefire",
    "report",
    "budget",
    "corridor",
    "refugees",
    "crossing",
    "court",
    "election",
    "delegation",
    "commander",
    "network",
    "funding",
    "training",
    "intelligence",
    "operation",
    "tribes",
    "elders",
    "governor",
    "embassy",
    "sanctions",
    "pipeline",
    "harbour",
    "airbase",
    "spokesman",
    "committee",
    "villagers",
    "survey",
];
const VERBS: &[&str] = &[
    "said",
    "reported",
    "denied",
    "confirmed",
    "announced",
    "warned",
    "agreed",
    "rejected",
    "approved",
    "doubled",
    "questioned",
    "welcomed",
    "suspended",
    "resumed",
    "expanded",
    "reviewed",
    "estimated",
    "blamed",
    "urged",
    "promised",
    "delayed",
    "inspected",
    "tracked",
    "funded",
    "closed",
    "reopened",
];
const ADJECTIVES: &[&str] = &[
    "western",
    "northern",
    "senior",
    "local",
    "federal",
    "quiet",
    "new",
    "joint",
    "long",
    "disputed",
    "remote",
    "former",
    "armed",
    "regional",
    "bilateral",
    "costly",
    "fragile",
    "rapid",
    "official",
    "unnamed",
    "tribal",
];
const LINKS: &[&str] = &["on", "near", "after", "before", "across", "despite", "during", "beyond", "along"];
const PLACES: &[&str] = &[
    "Peshawar",
    "Quetta",
    "Islamabad",
    "Washington",
    "Kabul",
    "Khyber",
    "Waziristan",
    "Torkham",
    "Chaman",
    "Karachi",
    "Lahore",
    "Bajaur",
    "Kurram",
    "Gwadar",
];
const URDU: &[&str] = &[
    "سرحد",
    "حکومت",
    "وزارت",
    "اجلاس",
    "معاہدہ",
    "علاقہ",
    "پولیس",
    "فوج",
    "رپورٹ",
    "بیان",
    "شہری",
    "مذاکرات",
    "نے",
    "کہا",
    "کہ",
    "میں",
    "پر",
    "اور",
    "کے",
    "گئی",
    "ہے",
];
const CHINESE: &[&str] =
    &["官员", "边境", "会议", "协议", "地区", "报告", "政府", "警方", "表示", "今天", "继续", "合作", "安全", "项目"];
const FOOTERS: &[&str] = &[
    "Subscribe to keep reading. Already a subscriber? Sign in.",
    "We use cookies to improve your experience. Accept all cookies.",
    "Copyright 2026 The Frontier Ledger. All rights reserved.",
];

fn sentence(rng: &mut Rng, out: &mut String) {
    let start = out.len();
    write!(
        out,
        "{} {} {} {} the {} {} {} {}",
        rng.pick(ADJECTIVES),
        rng.pick(NOUNS),
        rng.pick(VERBS),
        rng.pick(LINKS),
        rng.pick(ADJECTIVES),
        rng.pick(NOUNS),
        rng.pick(LINKS),
        rng.pick(PLACES),
    )
    .unwrap();
    for _ in 0..rng.below(6) {
        write!(out, " {} {}", rng.pick(LINKS), rng.pick(NOUNS)).unwrap();
    }
    if rng.chance(15) {
        write!(out, " by {}%", rng.range(2, 90)).unwrap();
    }
    out.push('.');
    // Capitalise the first letter (all vocabulary starts with ASCII).
    if let Some(first) = out[start..].chars().next() {
        let upper = first.to_ascii_uppercase();
        out.replace_range(start..start + first.len_utf8(), upper.encode_utf8(&mut [0; 4]));
    }
}

fn foreign(rng: &mut Rng, words: &[&str], joiner: &str, end: &str, out: &mut String) {
    for i in 0..rng.range(8, 20) {
        if i > 0 {
            out.push_str(joiner);
        }
        out.push_str(rng.pick(words));
    }
    out.push_str(end);
}

/// One paragraph of about `target` bytes. Plain-text paragraphs are hard-wrapped at
/// about 72 columns, the way saved text often is.
pub fn paragraph(rng: &mut Rng, target: usize, language: Language, wrap: bool) -> String {
    let mut text = String::new();
    while text.len() < target {
        if !text.is_empty() {
            text.push(' ');
        }
        match language {
            Language::English => sentence(rng, &mut text),
            Language::Urdu => foreign(rng, URDU, " ", "۔", &mut text),
            Language::Chinese => foreign(rng, CHINESE, "", "。", &mut text),
        }
    }
    if wrap && language == Language::English { textwrap::fill(&text, 72) } else { text }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Urdu,
    Chinese,
}

pub struct Article {
    format: Format,
    title: String,
    date: (u32, u32, u32),
    byline: String,
    paragraphs: Vec<String>,
    footer: Option<&'static str>,
}

pub fn article(rng: &mut Rng, size: usize, format: Format) -> Article {
    let language = match rng.below(100) {
        0..=3 => Language::Urdu,
        4..=6 => Language::Chinese,
        _ => Language::English,
    };
    let mut title = String::new();
    sentence(rng, &mut title);
    title.pop();
    let mut paragraphs = Vec::new();
    let mut used = 0;
    while used < size {
        let target = rng.range(200, 900);
        let p = paragraph(rng, target, language, format == Format::Text);
        used += p.len() + 2;
        paragraphs.push(p);
    }
    Article {
        format,
        title,
        date: (rng.range(2019, 2026) as u32, rng.range(1, 12) as u32, rng.range(1, 28) as u32),
        byline: format!("By {} {}", rng.pick(&["Amina", "Tariq", "Sarah", "Jon", "Mei", "Omar"]), rng.pick(PLACES)),
        paragraphs,
        footer: if rng.chance(20) { Some(rng.pick(FOOTERS)) } else { None },
    }
}

pub fn render(article: &Article, rng: &mut Rng) -> String {
    let (y, m, d) = article.date;
    let mut out = String::new();
    match article.format {
        Format::Text => {
            writeln!(out, "{}\n\n{}\n{y}-{m:02}-{d:02}\n", article.title, article.byline).unwrap();
            for p in &article.paragraphs {
                writeln!(out, "{p}\n").unwrap();
            }
            if let Some(f) = article.footer {
                writeln!(out, "{f}").unwrap();
            }
        }
        Format::Markdown => {
            writeln!(out, "# {}\n\n*{}* — {y}-{m:02}-{d:02}\n", article.title, article.byline).unwrap();
            for (i, p) in article.paragraphs.iter().enumerate() {
                if i > 0 && i % 5 == 0 {
                    writeln!(out, "## Part {}\n", i / 5 + 1).unwrap();
                }
                writeln!(out, "{p}\n").unwrap();
            }
            if let Some(f) = article.footer {
                writeln!(out, "{f}").unwrap();
            }
        }
        Format::Html => {
            let title = if rng.chance(20) { String::new() } else { format!("<h1>{}</h1>", article.title) };
            writeln!(
                out,
                "<div class=\"story\">{title}\n<p class=\"byline\">{}</p><time datetime=\"{y}-{m:02}-{d:02}\">{y}-{m:02}-{d:02}</time>",
                article.byline
            )
            .unwrap();
            for (i, p) in article.paragraphs.iter().enumerate() {
                let mut p = p.clone();
                if i % 3 == 1
                    && let Some(at) = p.find(" the ")
                {
                    // Link the two words after "the".
                    let from = at + 5;
                    let words = p[from..].match_indices(' ').nth(1).map_or(p.len(), |(k, _)| from + k);
                    p.insert_str(words, "</a>");
                    p.insert_str(from, "<a href=\"https://example.org/story\">");
                }
                if i % 4 == 2 {
                    p = p.replacen(". ", ". <em>", 1) + "</em>";
                }
                writeln!(out, "<p>{p}</p>").unwrap();
            }
            if let Some(f) = article.footer {
                writeln!(out, "<div class=\"paywall\"><p>{f}</p></div>").unwrap();
            }
            out.push_str("</div>\n");
        }
    }
    out
}

/// A sidecar with a few annotations on sentences of the article.
fn sidecar(rng: &mut Rng, bytes: &[u8], format: Format, name: &str) -> Option<String> {
    let parsed = corpus::parse(bytes, format, name);
    let text = &parsed.text;
    let mut sidecar = Sidecar::empty();
    let tags = ["border-security", "ttp", "drone-strikes", "funding", "diplomacy", "diplomacy/aid"];
    for _ in 0..rng.range(1, 6) {
        let mut start = rng.below(text.len().max(1));
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let from = text[..start].rfind(". ").map_or(0, |i| i + 2);
        let Some(len) = text[from..].find('.') else { continue };
        if len < 10 || !text.is_char_boundary(from + len + 1) {
            continue;
        }
        let anchor = anchor::record(text, from..from + len + 1, &parsed.source_hash);
        let mut picked = vec![rng.pick(&tags).to_string()];
        if rng.chance(30) {
            picked.push(rng.pick(&tags).to_string());
        }
        picked.dedup();
        let note = if rng.chance(40) { "Check against the survey.".to_string() } else { String::new() };
        // Ids and times fixed by the seed, so the same arguments write the same bytes.
        let mut annotation = Annotation::new(anchor, picked, note);
        annotation.id = format!("{:08x}-0000-7000-8000-{:012x}", rng.next() as u32, rng.next() & 0xffff_ffff_ffff);
        annotation.created = "2026-01-02T03:04:05Z".into();
        annotation.modified = annotation.created.clone();
        sidecar.put(annotation);
    }
    sidecar.triage.starred = rng.chance(30);
    (!sidecar.annotations.is_empty()).then(|| gloss::annotate::sidecar::render(&sidecar))
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, bytes).expect("write file");
}

/// What to write.
pub struct Spec {
    pub articles: usize,
    pub seed: u64,
    /// Sizes in MB of big plain-text articles.
    pub big: Vec<usize>,
    /// Size in MB of one article that is a single paragraph.
    pub one_paragraph: Option<usize>,
}

/// Write the corpus `spec` describes into `dir`; returns the bytes written and the
/// sidecars among them.
pub fn write_corpus(dir: &Path, spec: &Spec) -> (usize, usize) {
    let Spec { articles, seed, ref big, one_paragraph } = *spec;
    let mut rng = Rng(seed);
    let regions = ["frontier", "capital", "coast", "abroad", "analysis"];
    let mut total = 0usize;
    let mut sidecars = 0usize;
    for i in 0..articles {
        let size = if rng.chance(92) { rng.range(2_000, 7_000) } else { rng.range(8_000, 20_000) };
        let (format, ext) = match rng.below(100) {
            0..=59 => (Format::Text, "txt"),
            60..=84 => (Format::Html, "html"),
            _ => (Format::Markdown, "md"),
        };
        let a = article(&mut rng, size, format);
        let body = render(&a, &mut rng);
        let region = regions[rng.below(regions.len())];
        let folder = if rng.chance(30) { format!("{region}/{}/{:02}", a.date.0, a.date.1) } else { region.into() };
        let name = format!("article-{i:06}.{ext}");
        let path = dir.join(folder).join(&name);
        write(&path, body.as_bytes());
        total += body.len();
        if rng.chance(2)
            && let Some(ron) = sidecar(&mut rng, body.as_bytes(), format, &name)
        {
            write(&path.with_file_name(format!("{name}.gloss.ron")), ron.as_bytes());
            sidecars += 1;
        }
    }
    for (k, mb) in big.iter().enumerate() {
        let mut text = String::with_capacity(mb * 1_048_576 + 1024);
        text.push_str("A very long report\n\n");
        while text.len() < mb * 1_048_576 {
            text.push_str(&paragraph(&mut rng, 600, Language::English, true));
            text.push_str("\n\n");
        }
        write(&dir.join("big").join(format!("long-{k}-{mb}mb.txt")), text.as_bytes());
        total += text.len();
    }
    if let Some(mb) = one_paragraph {
        let text = paragraph(&mut rng, mb * 1_048_576, Language::English, false);
        write(&dir.join("big").join(format!("one-paragraph-{mb}mb.txt")), text.as_bytes());
        total += text.len();
    }
    (total, sidecars)
}
