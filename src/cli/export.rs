//! `gloss export`: the annotations of a corpus, for other tools.

use std::io::{self, Write};
use std::path::Path;

use super::shown;
use crate::annotate::{self, Layout};
use crate::corpus;

/// `gloss export`: every annotation in the corpus as W3C Web Annotation JSON-LD.
pub(super) fn export(root: &Path, layout: &Layout, out: &mut dyn Write) -> io::Result<()> {
    let mut all = Vec::new();
    // Only articles with a sidecar are read, each once.
    for item in corpus::discover(root) {
        let found = match item {
            corpus::Discovered::File(found) => found,
            corpus::Discovered::Skipped(skip) => {
                eprintln!("gloss: {skip}");
                continue;
            }
        };
        let sidecar = layout.sidecar_for(&found.path);
        if !sidecar.exists() {
            continue;
        }
        let article = match corpus::load_guarded(&found.path) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("gloss: {}: {e}", shown(&found.rel));
                continue;
            }
        };
        let annotations = annotate::resolved::open(&article, &sidecar, false);
        if let annotate::Status::ReadOnly(why) = &annotations.status {
            eprintln!("gloss: {why}");
        }
        let source = found.rel.to_string_lossy();
        for item in &annotations.items {
            all.push(annotate::export::annotation(&source, &article.text, item));
        }
    }
    serde_json::to_writer_pretty(&mut *out, &all)?;
    writeln!(out)
}
