//! The annotation model: what a sidecar holds.

use serde::{Deserialize, Serialize};

/// The unit anchor positions count in: Unicode scalar values of the reading text.
pub const UNIT: &str = "unicode-scalar";

/// Characters of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// How an annotation's passage was found in the article as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorState {
    /// At its recorded position, word for word.
    #[default]
    Exact,
    /// Word for word, somewhere else; the anchor now records the new place.
    Moved,
    /// Found only approximately: the text there differs a little from the quote,
    /// which is kept until the user confirms the match.
    Fuzzy,
    /// Found in more than one place that the anchor cannot tell apart (a paragraph
    /// copied word for word, context included): a person chooses.
    Ambiguous,
    /// Not found. Kept, shown apart, and can be attached to new text.
    Orphan,
}

impl AnchorState {
    pub fn name(self) -> &'static str {
        match self {
            AnchorState::Exact => "exact",
            AnchorState::Moved => "moved",
            AnchorState::Fuzzy => "fuzzy",
            AnchorState::Ambiguous => "ambiguous",
            AnchorState::Orphan => "orphan",
        }
    }

    pub fn from_name(name: &str) -> Option<AnchorState> {
        [AnchorState::Exact, AnchorState::Moved, AnchorState::Fuzzy, AnchorState::Ambiguous, AnchorState::Orphan]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

/// A field gloss does not know, kept as its RON source text so it is written back
/// exactly as it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unknown {
    pub name: String,
    pub ron: String,
}

/// Everything needed to find a passage again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The passage, exactly.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] characters before and after it.
    pub prefix: String,
    pub suffix: String,
    /// Position in the reading text, in [`UNIT`]s, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Hash of the source file when the anchor was last confirmed (`blake3:…`).
    pub source: String,
    /// How the passage was found the last time gloss looked.
    pub state: AnchorState,
    pub unknown: Vec<Unknown>,
}

/// One annotated passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    /// Stable identifier (a UUID, time-ordered).
    pub id: String,
    pub tags: Vec<String>,
    pub note: String,
    /// RFC 3339 timestamps.
    pub created: String,
    pub modified: String,
    pub anchor: Anchor,
    pub unknown: Vec<Unknown>,
}

impl Annotation {
    /// A new annotation on `anchor`, with a fresh id and the current time.
    pub fn new(anchor: Anchor, tags: Vec<String>, note: String) -> Annotation {
        let now = now();
        Annotation { id: new_id(), tags, note, created: now.clone(), modified: now, anchor, unknown: Vec::new() }
    }

    /// Mark the annotation as changed now.
    pub fn touch(&mut self) {
        self.modified = now();
    }

    /// The annotation moved to a new passage, changed now. Fields of the old anchor
    /// this version does not know are kept.
    pub fn reanchored(&self, anchor: Anchor) -> Annotation {
        let mut after = self.clone();
        after.anchor = Anchor { unknown: self.anchor.unknown.clone(), ..anchor };
        after.touch();
        after
    }
}

/// Highest [`Triage::priority`].
pub const MAX_PRIORITY: u8 = 3;

/// How a person sorted an article: part of the coding, so it lives in the article's
/// sidecar. The default is "nothing said".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Triage {
    pub starred: bool,
    pub archived: bool,
    /// 0 (none) to [`MAX_PRIORITY`].
    pub priority: u8,
}

impl Triage {
    pub fn is_default(&self) -> bool {
        *self == Triage::default()
    }

    /// `self` (as it is on disk now) changed from `before` to `after` field by field:
    /// a field the change leaves alone keeps the value it has now, even if someone
    /// else changed it meanwhile.
    pub fn merged(self, before: Triage, after: Triage) -> Triage {
        fn pick<T: PartialEq>(now: T, before: T, after: T) -> T {
            if after != before { after } else { now }
        }
        Triage {
            starred: pick(self.starred, before.starred, after.starred),
            archived: pick(self.archived, before.archived, after.archived),
            priority: pick(self.priority, before.priority, after.priority),
        }
    }
}

/// The contents of one sidecar file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Sidecar {
    pub version: u32,
    /// Star, archive and priority of the article.
    pub triage: Triage,
    /// Annotations in position order.
    pub annotations: Vec<Annotation>,
    pub unknown: Vec<Unknown>,
    /// The file began with a byte order mark, which is kept.
    pub bom: bool,
}

impl Sidecar {
    pub fn empty() -> Sidecar {
        Sidecar { version: super::sidecar::VERSION, ..Sidecar::default() }
    }

    /// Nothing worth a file: no annotations, default triage, no fields gloss does
    /// not know.
    pub fn is_empty(&self) -> bool {
        self.annotations.is_empty() && self.triage.is_default() && self.unknown.is_empty()
    }

    /// Put annotations in their canonical order: by position, then id.
    pub fn sort(&mut self) {
        self.annotations
            .sort_by(|a, b| (a.anchor.start, a.anchor.end, &a.id).cmp(&(b.anchor.start, b.anchor.end, &b.id)));
    }

    pub fn get(&self, id: &str) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.id == id)
    }

    /// Insert or replace (by id).
    pub fn put(&mut self, annotation: Annotation) {
        match self.annotations.iter_mut().find(|a| a.id == annotation.id) {
            Some(slot) => *slot = annotation,
            None => self.annotations.push(annotation),
        }
        self.sort();
    }

    /// Remove by id; the removed annotation, if it was there.
    pub fn remove(&mut self, id: &str) -> Option<Annotation> {
        let at = self.annotations.iter().position(|a| a.id == id)?;
        Some(self.annotations.remove(at))
    }
}

/// A new time-ordered identifier.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The current time, RFC 3339, to the second, in UTC.
pub fn now() -> String {
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_ordered_by_time() {
        let a = new_id();
        let b = new_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        // Version 7: later ids sort after earlier ones, so sidecars list annotations
        // made at the same place in the order they were made.
        assert_eq!(uuid::Uuid::parse_str(&a).unwrap().get_version_num(), 7);
        let ids: Vec<String> = (0..1000).map(|_| new_id()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids are made in increasing order");
    }

    #[test]
    fn timestamps_are_rfc3339_seconds() {
        let t = now();
        assert!(time::OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339).is_ok(), "{t}");
        assert!(t.ends_with('Z') && !t.contains('.'), "{t}");
    }

    #[test]
    fn triage_merges_field_by_field() {
        let before = Triage::default();
        let after = Triage { starred: true, ..before };
        // Someone else set a priority meanwhile: it stays.
        let now = Triage { priority: 2, ..before };
        assert_eq!(now.merged(before, after), Triage { starred: true, archived: false, priority: 2 });
        // A field the change sets wins over theirs.
        let theirs = Triage { starred: false, archived: true, priority: 1 };
        let mine = Triage { priority: 3, ..before };
        assert_eq!(theirs.merged(before, mine), Triage { starred: false, archived: true, priority: 3 });
        assert!(Triage::default().is_default() && !after.is_default());
    }

    #[test]
    fn states_round_trip_by_name() {
        for s in
            [AnchorState::Exact, AnchorState::Moved, AnchorState::Fuzzy, AnchorState::Ambiguous, AnchorState::Orphan]
        {
            assert_eq!(AnchorState::from_name(s.name()), Some(s));
        }
        assert_eq!(AnchorState::from_name("lost"), None);
    }
}
