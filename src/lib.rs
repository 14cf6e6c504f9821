//! gloss: a keyboard-driven terminal reader and annotator for a folder of saved articles.

pub mod corpus;
pub mod persist;
pub mod store;
pub mod text;
