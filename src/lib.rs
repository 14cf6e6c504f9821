//! gloss: a keyboard-driven terminal reader and annotator for a folder of saved articles.
//!
//! Data flows one way. Files become articles in [`corpus`]; articles and user input
//! become state in [`app`], through `app::update`; the state becomes widgets in
//! [`ui`]. [`run`] connects them to a terminal set up by [`tui`]; [`cli`] is the
//! command line, sharing the same calls.

pub mod annotate;
pub mod app;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod index;
pub mod notice;
pub mod persist;
pub mod run;
pub mod search;
pub mod store;
pub mod text;
pub mod tui;
pub mod ui;
