//! `gloss export`: the annotations of a corpus, for other tools.

use std::path::Path;

use anyhow::{Context, Result, anyhow};

use super::{ExportFormat, print, shown};
use crate::annotate::{self, Layout, export};

/// `gloss export`: every annotation in the corpus (with `tag`, those tagged it or
/// below it) in `format`, on standard output or into the file `output`.
pub(super) fn export(
    root: &Path,
    layout: &Layout,
    format: ExportFormat,
    tag: Option<&str>,
    output: Option<&Path>,
) -> Result<()> {
    let filter = tag
        .map(|raw| annotate::tags::normalize(raw).ok_or_else(|| anyhow!("no usable tag given to --tag")))
        .transpose()?;
    let filter = filter.as_deref();
    let collection = annotate::collect(root, layout);
    for problem in &collection.problems {
        eprintln!("gloss: {problem}");
    }
    let mut bytes = Vec::new();
    match format {
        ExportFormat::Json => {
            let all: Vec<serde_json::Value> = collection
                .passages()
                .filter(|p| filter.is_none_or(|f| p.carries(f)))
                .map(|p| export::annotation(&p.article.rel.to_string_lossy(), &p.article.text, p.item))
                .collect();
            serde_json::to_writer_pretty(&mut bytes, &all)?;
            bytes.push(b'\n');
        }
        ExportFormat::Markdown => bytes = export::markdown::render(&collection.by_tag(filter)).into_bytes(),
        ExportFormat::Csv => export::csv::write(&collection.by_tag(filter), &mut bytes)?,
    }
    match output {
        Some(path) => {
            crate::persist::write_atomic(path, &bytes).with_context(|| format!("cannot write {}", shown(path)))
        }
        None => print(|out| out.write_all(&bytes)),
    }
}
