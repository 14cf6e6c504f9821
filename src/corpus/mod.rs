//! From files to articles: find them, decode them, clean them, read their metadata.
//!
//! Everything here is a pure function of its input except [`discover`] and [`load`],
//! which touch the file system. [`parse`] takes the bytes of one file and gives back
//! an [`Article`]: the reading text, its blocks, its links, the boilerplate that was
//! taken out of it, and its metadata.
//!
//! The reading text ([`Article::text`]) is the text every position in gloss counts in:
//! blocks joined by a blank line, link markers `[n]` after each link's anchor text, no
//! boilerplate, no title, byline or date lines, and nothing a terminal would interpret.

mod clean;
mod collect;
mod content;
mod declared;
pub mod decode;
pub mod discover;
mod html;
mod markdown;
pub mod meta;
mod plain;
pub mod sample;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use decode::{Encoding, EncodingFrom};
pub use discover::{Discovered, Found, Skip, Walked, discover, walk};
pub use meta::{Date, Meta, Origin, Provenance, TitleFrom};

/// The markup a file is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl Format {
    /// The format for a file name's extension, or `None` if gloss does not read it.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// The kind of a block of reading text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// A heading of level 1 (largest) to 6.
    Heading(u8),
    Paragraph,
    Quote,
    ListItem,
    Preformatted,
}

/// A block of the reading text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range of the block in [`Article::text`].
    pub range: Range<usize>,
}

/// A numbered reference: the marker `[n]` in the text and where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub number: usize,
    pub target: String,
}

/// Text recognised as page furniture (paywall notices, cookie banners, footers). It is
/// kept, never mixed into the reading text, and shown folded where it stood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boilerplate {
    /// Index of the block of the reading text it stood before (`blocks.len()` when it
    /// stood at the end).
    pub before: usize,
    pub paragraphs: Vec<String>,
}

/// One cleaned article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub meta: Meta,
    /// The reading text: sanitised, reflowed, blocks separated by `"\n\n"`.
    pub text: String,
    pub blocks: Vec<Block>,
    /// Byte ranges in `text` of the link markers, with the link number each shows.
    pub markers: Vec<(Range<usize>, usize)>,
    pub links: Vec<Link>,
    pub boilerplate: Vec<Boilerplate>,
    /// Hash of the file's bytes (`blake3:` and 64 hex digits): anchors record it to
    /// know when an article changed.
    pub source_hash: String,
}

/// The hash [`Article::source_hash`] holds for these bytes.
pub fn source_hash(bytes: &[u8]) -> String {
    format!("blake3:{}", blake3::hash(bytes).to_hex())
}

/// Clean the bytes of one file into an article. `name` is the file name, used for the
/// title when nothing better is found. Never fails and never panics.
pub fn parse(bytes: &[u8], format: Format, name: &str) -> Article {
    let mut decoded = match format {
        Format::Html => decode::decode_html(bytes),
        Format::Text | Format::Markdown => decode::decode(bytes),
    };
    // A .txt file that is a whole saved web page is read as HTML, in the charset it
    // declares if it declares one.
    let format = match format {
        Format::Text if html::is_document(&decoded.text) => {
            if decoded.from != EncodingFrom::Bom && decode::declared(bytes).is_some() {
                decoded = decode::decode_html(bytes);
            }
            Format::Html
        }
        other => other,
    };
    let parsed = match format {
        Format::Text => plain::parse(&decoded.text),
        Format::Markdown => markdown::parse(&decoded.text),
        Format::Html => html::parse_document(&decoded.text),
    };
    let mut article = clean::assemble(parsed, format, name, (decoded.encoding, decoded.from, decoded.lossy));
    article.source_hash = source_hash(bytes);
    article
}

/// Why a file could not be read as an article.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("binary file")]
    Binary,
    #[error("not a format gloss reads (.txt, .md, .markdown, .html, .htm)")]
    Unsupported,
    #[error("internal error while reading it: {0}")]
    Internal(String),
}

/// Read and parse one file.
pub fn load(path: &Path) -> Result<Article, LoadError> {
    let format = Format::from_path(path).ok_or(LoadError::Unsupported)?;
    let bytes = std::fs::read(path)?;
    if decode::is_binary(&bytes) {
        return Err(LoadError::Binary);
    }
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    Ok(parse(&bytes, format, &name))
}

/// One article of a corpus as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub path: PathBuf,
    /// `path` relative to the corpus root.
    pub rel: PathBuf,
    /// `rel` sanitised for display.
    pub label: String,
    /// What went wrong reading it, if anything. An entry that could not be read has
    /// no metadata but stays in the list so nothing vanishes silently.
    pub problem: Option<String>,
    pub meta: Option<Meta>,
    /// How many annotations its sidecar holds, and the tags they carry with how
    /// many carry each (filled in from the sidecar by the annotate layer).
    pub annotations: usize,
    pub tags: Vec<(String, usize)>,
    /// Why its sidecar cannot be used, if it cannot.
    pub annotations_problem: Option<String>,
    /// Its triage, from the sidecar (filled in by the annotate layer): starred,
    /// archived, and a priority from 0 (none) to 3.
    pub starred: bool,
    pub archived: bool,
    pub priority: u8,
}

impl Entry {
    /// Read and parse the file behind a discovered path into a list entry. A panic
    /// while parsing (a bug, never expected) becomes the entry's problem rather than
    /// taking the caller down.
    pub fn read(found: &Found) -> Result<Entry, Skip> {
        let entry = |problem, meta| Entry {
            path: found.path.clone(),
            rel: found.rel.clone(),
            label: crate::text::sanitize_line(&found.rel.to_string_lossy()),
            problem,
            meta,
            annotations: 0,
            tags: Vec::new(),
            annotations_problem: None,
            starred: false,
            archived: false,
            priority: 0,
        };
        match load_guarded(&found.path) {
            Ok(article) => Ok(entry(None, Some(article.meta))),
            Err(LoadError::Binary) => Err(Skip::Binary(found.path.clone())),
            Err(err) => Ok(entry(Some(err.to_string()), None)),
        }
    }

    /// The title to show: the article's, or the file's name when it could not be read.
    pub fn title(&self) -> &str {
        match &self.meta {
            Some(meta) => &meta.title,
            None => &self.label,
        }
    }
}

/// [`load`], with a panic turned into an error naming the file.
pub fn load_guarded(path: &Path) -> Result<Article, LoadError> {
    std::panic::catch_unwind(|| load(path)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(LoadError::Internal(crate::text::sanitize_line(&why)))
    })
}

/// Every article under `root` in walk order (path order), or why a file was skipped.
pub fn scan(root: &Path) -> impl Iterator<Item = Result<Entry, Skip>> + use<> {
    discover(root).map(|item| match item {
        Discovered::File(found) => Entry::read(&found),
        Discovered::Skipped(skip) => Err(skip),
    })
}

impl Article {
    /// The text of one block.
    pub fn block_text(&self, block: &Block) -> &str {
        &self.text[block.range.clone()]
    }
}
