//! Write a deterministic corpus for measuring gloss at scale.
//!
//! ```text
//! cargo run --release --example gencorpus -- DIR [--articles N] [--seed S] [--big MB,MB,...]
//!     [--paragraph MB]
//! ```
//!
//! What it writes is described in `benches/support/corpus.rs`, which the benchmarks
//! share.

use std::path::PathBuf;

#[path = "../benches/support/corpus.rs"]
#[allow(dead_code)]
mod corpus;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut spec = corpus::Spec { articles: 1000, seed: 7, big: Vec::new(), one_paragraph: None };
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--articles" => spec.articles = value().parse().expect("--articles N"),
            "--seed" => spec.seed = value().parse().expect("--seed S"),
            "--big" => spec.big = value().split(',').map(|s| s.parse().expect("--big MB,MB")).collect(),
            "--paragraph" => spec.one_paragraph = Some(value().parse().expect("--paragraph MB")),
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => panic!("unexpected argument {arg}"),
        }
    }
    let dir = dir.expect("usage: gencorpus DIR [--articles N] [--seed S] [--big MB,...] [--paragraph MB]");
    let (total, sidecars) = corpus::write_corpus(&dir, &spec);
    eprintln!("{} articles, {sidecars} sidecars, {:.1} MB in {}", spec.articles, total as f64 / 1e6, dir.display());
}
