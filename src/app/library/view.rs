//! Which articles the list shows, in what order: filters and sorting.
//!
//! Entries are kept in the order the scan found them (their index never changes);
//! the view is the list of indices that pass the filter, in sort order. An entry
//! found while the view is sorted by path is inserted in place; any other change
//! rebuilds the view once.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::corpus::Entry;

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    Path,
    /// Newest first; undated articles last.
    Date,
    Title,
    /// Most annotated first.
    Annotations,
    /// Highest priority first.
    Priority,
}

impl Sort {
    pub const ALL: [Sort; 5] = [Sort::Path, Sort::Date, Sort::Title, Sort::Annotations, Sort::Priority];

    pub fn next(self) -> Sort {
        let i = Sort::ALL.iter().position(|&s| s == self).unwrap_or(0);
        Sort::ALL[(i + 1) % Sort::ALL.len()]
    }

    pub fn name(self) -> &'static str {
        match self {
            Sort::Path => "path",
            Sort::Date => "date",
            Sort::Title => "title",
            Sort::Annotations => "annotations",
            Sort::Priority => "priority",
        }
    }

    /// Order of two entries; ties go by path, so the order is total and stable.
    pub fn compare(self, a: &Entry, b: &Entry) -> Ordering {
        let by = match self {
            Sort::Path => Ordering::Equal,
            Sort::Date => {
                let date = |e: &Entry| e.meta.as_ref().and_then(|m| m.date);
                match (date(a), date(b)) {
                    (Some(x), Some(y)) => y.cmp(&x),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
            }
            Sort::Title => {
                let (a, b) = (a.title().chars(), b.title().chars());
                a.flat_map(char::to_lowercase).cmp(b.flat_map(char::to_lowercase))
            }
            Sort::Annotations => b.annotations.cmp(&a.annotations),
            Sort::Priority => b.priority.cmp(&a.priority),
        };
        by.then_with(|| crate::corpus::discover::walk_order(&a.rel, &b.rel))
    }
}

/// What the list is narrowed to. Every part set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub unread: bool,
    pub starred: bool,
    /// Only archived articles (they are hidden otherwise, unless shown).
    pub archived: bool,
    /// Priority at least this (0: any).
    pub min_priority: u8,
    /// Carrying this tag or one below it.
    pub tag: Option<String>,
    /// Words that must all be in the title (case-blind).
    pub title: Vec<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Parse what was typed in the filter prompt: `unread`, `starred`, `archived`,
    /// `p>=N` (or `p>N`, `pN`), `tag:T` and any other words for the title.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let mut filter = Filter::default();
        for word in text.split_whitespace() {
            let lower = word.to_lowercase();
            match lower.as_str() {
                "unread" => filter.unread = true,
                "starred" | "star" => filter.starred = true,
                "archived" | "archive" => filter.archived = true,
                _ if lower.starts_with("tag:") => {
                    let tag = crate::annotate::tags::normalize(&word[4..]).ok_or_else(|| word.to_owned())?;
                    filter.tag = Some(tag);
                }
                _ if lower.starts_with('p')
                    && lower.len() > 1
                    && lower[1..].trim_start_matches(['>', '=']).parse::<u8>().is_ok() =>
                {
                    let rest = &lower[1..];
                    let n: u8 = rest.trim_start_matches(['>', '=']).parse().unwrap_or(0);
                    let n = if rest.starts_with('>') && !rest.starts_with(">=") { n.saturating_add(1) } else { n };
                    if n > 3 {
                        return Err(word.to_owned());
                    }
                    filter.min_priority = n;
                }
                _ => filter.title.push(lower),
            }
        }
        Ok(filter)
    }

    /// The filter as it would be typed, for the prompt to start from.
    pub fn to_text(&self) -> String {
        let mut parts = Vec::new();
        if self.unread {
            parts.push("unread".to_owned());
        }
        if self.starred {
            parts.push("starred".to_owned());
        }
        if self.archived {
            parts.push("archived".to_owned());
        }
        if self.min_priority > 0 {
            parts.push(format!("p>={}", self.min_priority));
        }
        if let Some(tag) = &self.tag {
            parts.push(format!("tag:{tag}"));
        }
        parts.extend(self.title.iter().cloned());
        parts.join(" ")
    }

    /// Whether `entry` passes; `read` says if it has been read, `show_archived`
    /// whether archived articles are shown at all.
    pub fn passes(&self, entry: &Entry, read: bool, show_archived: bool) -> bool {
        if entry.archived && !(self.archived || show_archived) {
            return false;
        }
        if self.archived && !entry.archived {
            return false;
        }
        if (self.unread && read) || (self.starred && !entry.starred) || entry.priority < self.min_priority {
            return false;
        }
        if let Some(tag) = &self.tag
            && !entry.tags.iter().any(|(t, _)| crate::annotate::tagtree::tag_matches(t, tag))
        {
            return false;
        }
        if !self.title.is_empty() {
            let title = entry.title().to_lowercase();
            if !self.title.iter().all(|w| title.contains(w.as_str())) {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_and_print_back() {
        let f = Filter::parse("unread Starred p>=2 tag:Groups/TTP drone").unwrap();
        assert!(f.unread && f.starred && !f.archived);
        assert_eq!(f.min_priority, 2);
        assert_eq!(f.tag.as_deref(), Some("groups/ttp"));
        assert_eq!(f.title, ["drone"]);
        assert_eq!(Filter::parse(&f.to_text()).unwrap(), f);
        assert_eq!(Filter::parse("p>1").unwrap().min_priority, 2);
        assert_eq!(Filter::parse("p3").unwrap().min_priority, 3);
        assert!(Filter::parse("p>=4").is_err());
        assert!(Filter::parse("").unwrap().is_empty());
        // A word that merely starts with p is a title word.
        assert_eq!(Filter::parse("pakistan").unwrap().title, ["pakistan"]);
    }

    #[test]
    fn sorting_cycles_through_every_order() {
        let mut s = Sort::Path;
        let mut seen = Vec::new();
        for _ in 0..Sort::ALL.len() {
            seen.push(s);
            s = s.next();
        }
        assert_eq!(s, Sort::Path);
        assert_eq!(seen, Sort::ALL);
    }
}
