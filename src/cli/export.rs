//! `gloss export`: the annotations of a corpus, for other tools.

use std::io::{self, Write};
use std::path::Path;

use crate::annotate::{self, Layout};

/// `gloss export`: every annotation in the corpus as W3C Web Annotation JSON-LD.
pub(super) fn export(root: &Path, layout: &Layout, out: &mut dyn Write) -> io::Result<()> {
    let collection = annotate::collect(root, layout);
    for problem in &collection.problems {
        eprintln!("gloss: {problem}");
    }
    let all: Vec<serde_json::Value> = collection
        .passages()
        .map(|p| annotate::export::annotation(&p.article.rel.to_string_lossy(), &p.article.text, p.item))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}
