//! Search: patterns as the user types them, matches in an article's reading text, the
//! sentence around each, and a corpus searched on every core with hits delivered as
//! they are found. No UI: the reader and `gloss search` share it.
//!
//! Everything is linear in the text searched: matches are found by the `regex` crate
//! in one pass (its iterator's worst case is quadratic for some contrived regular
//! expressions, never for a literal); line and character offsets are counted from one
//! match to the next; a match's sentence is looked for only near it.

mod pattern;
mod sentence;
mod walk;

pub use pattern::{Case, Options, Pattern, PatternError, SIZE_LIMIT};
pub use sentence::{SENTENCE_CHARS, one_line, sentence_around};
pub use walk::{Hit, Order, Summary, article, corpus, corpus_cached};
