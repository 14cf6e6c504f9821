//! Reading positions: where the reader left each article, remembered across runs.
//!
//! Kept in `positions.ron` in the state folder, keyed by the article's absolute path.
//! A position is a byte offset into the article's reading text, so it survives a
//! change of terminal width. Every write re-reads the file and merges, so two gloss
//! processes do not erase each other's positions. A file that does not parse is
//! reported and never overwritten.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Version of the positions file format.
const VERSION: u32 = 1;
/// What the file is, in messages.
const WHAT: &str = "reading positions";

/// Where the reader was in one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Byte offset in the reading text of the first line on screen.
    pub offset: usize,
}

/// The positions of every article the user has opened.
#[derive(Debug)]
pub struct PositionStore {
    path: Option<PathBuf>,
    positions: BTreeMap<PathBuf, Position>,
    /// Set when the file on disk could not be parsed: it is then left alone.
    problem: Option<String>,
}

impl PositionStore {
    /// A store that remembers nothing on disk (no state folder, or tests).
    pub fn in_memory() -> Self {
        PositionStore { path: None, positions: BTreeMap::new(), problem: None }
    }

    /// Open the store at `path`. A missing file is an empty store.
    pub fn open(path: &Path) -> Self {
        let mut store = PositionStore { path: Some(path.to_path_buf()), positions: BTreeMap::new(), problem: None };
        match read(path) {
            Ok(positions) => store.positions = positions,
            Err(problem) => store.problem = Some(problem),
        }
        store
    }

    /// Why positions are not being saved, if they are not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    pub fn all(&self) -> &BTreeMap<PathBuf, Position> {
        &self.positions
    }

    pub fn get(&self, article: &Path) -> Option<Position> {
        self.positions.get(article).copied()
    }

    /// Remember `position` for `article` and save.
    pub fn set(&mut self, article: &Path, position: Position) -> Result<(), String> {
        self.positions.insert(article.to_path_buf(), position);
        let Some(path) = &self.path else {
            return Ok(());
        };
        if let Some(problem) = &self.problem {
            return Err(problem.clone());
        }
        // Merged with what other processes saved since we read the file. A failure
        // is reported each time, not remembered: a full disk may have room later,
        // and a file that no longer parses is refused by every attempt anyway.
        let merged = crate::persist::update_state(path, WHAT, VERSION, |all| {
            all.insert(article.to_path_buf(), position);
        })?;
        self.positions = merged;
        Ok(())
    }
}

fn read(path: &Path) -> Result<BTreeMap<PathBuf, Position>, String> {
    crate::persist::read_state(path, WHAT, VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_and_merge() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/positions.ron");
        let mut a = PositionStore::open(&path);
        let mut b = PositionStore::open(&path);
        a.set(Path::new("/x/one.txt"), Position { offset: 10 }).unwrap();
        b.set(Path::new("/x/two.txt"), Position { offset: 20 }).unwrap();
        let c = PositionStore::open(&path);
        assert_eq!(c.get(Path::new("/x/one.txt")), Some(Position { offset: 10 }));
        assert_eq!(c.get(Path::new("/x/two.txt")), Some(Position { offset: 20 }));
    }

    #[test]
    fn corrupt_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("positions.ron");
        std::fs::write(&path, "(version: 1, articles: {oops").unwrap();
        let mut store = PositionStore::open(&path);
        assert!(store.problem().is_some());
        assert!(store.set(Path::new("/a.txt"), Position { offset: 1 }).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "(version: 1, articles: {oops");
        // still remembered for this session
        assert_eq!(store.get(Path::new("/a.txt")), Some(Position { offset: 1 }));
    }

    #[test]
    fn a_failed_save_does_not_stop_later_ones() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        let path = state.join("positions.ron");
        let mut store = PositionStore::open(&path);
        // A file where the state folder should be: saving fails.
        std::fs::write(&state, "in the way").unwrap();
        assert!(store.set(Path::new("/a.txt"), Position { offset: 1 }).is_err());
        std::fs::remove_file(&state).unwrap();
        store.set(Path::new("/b.txt"), Position { offset: 2 }).unwrap();
        assert_eq!(PositionStore::open(&path).get(Path::new("/b.txt")), Some(Position { offset: 2 }));
    }
}
