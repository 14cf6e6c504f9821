//! `gloss list`: the articles of a corpus, one a line or as JSON.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::annotate::{self, Layout};
use crate::corpus;

#[derive(Serialize)]
struct ListItem<'a> {
    path: String,
    title: &'a str,
    byline: Option<&'a str>,
    date: Option<String>,
    words: usize,
    reading_minutes: usize,
    format: Option<corpus::Format>,
    lossy: bool,
    annotations: usize,
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annotations_error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

pub(super) fn list(root: &Path, layout: &Layout, json: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut entries = Vec::new();
    for item in corpus::scan(root) {
        match item {
            Ok(mut entry) => {
                annotate::resolved::summarize(&mut entry, layout);
                entries.push(entry);
            }
            Err(skip) => eprintln!("gloss: {skip}"),
        }
    }
    entries.sort_by(|a, b| a.rel.cmp(&b.rel));
    if json {
        let items: Vec<ListItem> = entries
            .iter()
            .map(|e| ListItem {
                // The real relative path (JSON escaping keeps it harmless), so
                // scripts can open it.
                path: e.rel.to_string_lossy().into_owned(),
                title: e.title(),
                byline: e.meta.as_ref().and_then(|m| m.byline.as_deref()),
                date: e.meta.as_ref().and_then(|m| m.date).map(|d| d.to_string()),
                words: e.meta.as_ref().map_or(0, |m| m.words),
                reading_minutes: e.meta.as_ref().map_or(0, |m| m.reading_minutes()),
                format: e.meta.as_ref().map(|m| m.format),
                lossy: e.meta.as_ref().is_some_and(|m| m.lossy),
                annotations: e.annotations,
                tags: e.tags.iter().map(|(t, _)| t.as_str()).collect(),
                annotations_error: e.annotations_problem.as_deref(),
                error: e.problem.as_deref(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &items)?;
        return writeln!(out);
    }
    let path_width = entries.iter().map(|e| crate::text::width(&e.label)).max().unwrap_or(0).min(48);
    for e in &entries {
        let path = crate::text::width::pad(&e.label, path_width);
        match (&e.meta, &e.problem) {
            (Some(m), _) => {
                let date = m.date.map_or_else(|| "-".to_owned(), |d| d.to_string());
                writeln!(out, "{path}  {date:<10}  {:>6}  {}", m.words, m.title)?;
            }
            (None, problem) => writeln!(out, "{path}  error: {}", problem.as_deref().unwrap_or("unreadable"))?,
        }
    }
    Ok(())
}
