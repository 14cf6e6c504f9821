//! `gloss list`: the articles of a corpus, one a line or as JSON, optionally only
//! those that pass some filters.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::annotate::{self, Layout};
use crate::corpus::{self, Entry};
use crate::store::ReadStore;

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
    read: bool,
    starred: bool,
    archived: bool,
    priority: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    annotations_error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// Which articles to list: each filter set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Filter {
    starred: bool,
    unread: bool,
    archived: bool,
    /// Tags (tidied), each of which, or a tag below it, some passage must carry.
    tags: Vec<String>,
}

impl Filter {
    pub(super) fn new(starred: bool, unread: bool, archived: bool, tags: &[String]) -> Result<Filter> {
        let mut tidy = Vec::with_capacity(tags.len());
        for tag in tags {
            match annotate::tags::normalize(tag) {
                Some(t) => tidy.push(t),
                None => bail!("--tag needs a tag, not {:?}", crate::text::sanitize_line(tag)),
            }
        }
        Ok(Filter { starred, unread, archived, tags: tidy })
    }

    fn admits(&self, entry: &Entry, read: bool) -> bool {
        (!self.starred || entry.starred)
            && (!self.unread || !read)
            && (!self.archived || entry.archived)
            && self.tags.iter().all(|root| entry.tags.iter().any(|(t, _)| annotate::tag_matches(t, root)))
    }
}

pub(super) fn list(
    root: &Path,
    layout: &Layout,
    cache: crate::index::Cache,
    json: bool,
    filter: &Filter,
    read: &ReadStore,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (mut entries, skipped) = crate::index::collect(root, layout, cache);
    for skip in skipped {
        eprintln!("gloss: {skip}");
    }
    entries.retain(|entry| filter.admits(entry, read.is_read(&entry.path)));
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
                read: read.is_read(&e.path),
                starred: e.starred,
                archived: e.archived,
                priority: e.priority,
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
        let marks = format!("{}{}", if e.starred { '*' } else { ' ' }, if e.archived { 'A' } else { ' ' });
        match (&e.meta, &e.problem) {
            (Some(m), _) => {
                let date = m.date.map_or_else(|| "-".to_owned(), |d| d.to_string());
                writeln!(out, "{marks} {path}  {date:<10}  {:>6}  {}", m.words, m.title)?;
            }
            (None, problem) => writeln!(out, "{marks} {path}  error: {}", problem.as_deref().unwrap_or("unreadable"))?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(tags: &[&str], starred: bool, archived: bool) -> Entry {
        Entry {
            path: "/c/a.txt".into(),
            rel: "a.txt".into(),
            label: "a.txt".into(),
            problem: None,
            meta: None,
            annotations: tags.len(),
            tags: tags.iter().map(|t| (t.to_string(), 1)).collect(),
            annotations_problem: None,
            starred,
            archived,
            priority: 0,
        }
    }

    #[test]
    fn filters_combine_and_tags_take_descendants() {
        let tags = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        let by_tag = Filter::new(false, false, false, &tags(&["Security"])).unwrap();
        assert!(by_tag.admits(&entry(&["security"], false, false), false));
        assert!(by_tag.admits(&entry(&["x", "security/border"], false, false), false));
        assert!(!by_tag.admits(&entry(&["securityx"], false, false), false));
        assert!(!by_tag.admits(&entry(&[], false, false), false));

        let all = Filter::new(true, true, false, &tags(&["a", "b"])).unwrap();
        assert!(all.admits(&entry(&["a/x", "b"], true, false), false));
        assert!(!all.admits(&entry(&["a/x", "b"], true, false), true), "read");
        assert!(!all.admits(&entry(&["a/x", "b"], false, false), false), "not starred");
        assert!(!all.admits(&entry(&["a/x"], true, false), false), "not both tags");
        let archived = Filter::new(false, false, true, &[]).unwrap();
        assert!(archived.admits(&entry(&[], false, true), true));
        assert!(!archived.admits(&entry(&[], true, false), true));
        assert!(Filter::default().admits(&entry(&[], false, false), true));
        assert!(Filter::new(false, false, false, &tags(&[" , "])).is_err());
    }
}
