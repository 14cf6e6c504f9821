//! What gloss remembers per article in its state folder, across runs: reading
//! positions (`positions.ron`), what you have read (`read.ron`) and the undo history
//! (`undo.ron`, see `annotate::history`). These are yours, not the corpus's: they
//! never go in a sidecar.
//!
//! Each is a [`Store`]: `(version: N, articles: {path: value, …})` in RON, keyed by
//! absolute path. A store is read once when opened; every save re-reads the file
//! under a lock and writes back only the keys this process changed, so two gloss
//! processes do not erase each other's work. A file that does not parse, or comes
//! from a newer gloss, is reported once and never overwritten.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The file a store is kept in.
#[derive(Debug, Clone)]
struct Place {
    path: PathBuf,
    /// What the file is, in messages ("reading positions").
    what: &'static str,
    /// The newest format version of the file this gloss reads and writes.
    version: u32,
}

/// A map from article paths to values, kept in a file in the state folder.
#[derive(Debug, Clone)]
pub struct Store<T> {
    place: Option<Place>,
    entries: BTreeMap<PathBuf, T>,
    /// Keys this process changed since its last save: only these are written.
    touched: BTreeSet<PathBuf>,
    /// Set when the file could not be read: it is then never written.
    problem: Option<String>,
    /// The problem was handed out (by [`Store::take_problem`] or a save).
    reported: bool,
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store { place: None, entries: BTreeMap::new(), touched: BTreeSet::new(), problem: None, reported: false }
    }
}

impl<T: Clone + Serialize + DeserializeOwned> Store<T> {
    /// A store that remembers only for this run (no state folder, or tests).
    pub fn in_memory() -> Self {
        Store::default()
    }

    /// The store kept at `path` (empty when there is no file yet). `what` names it
    /// in messages; a file whose version is newer than `version` is not written.
    pub fn open(path: &Path, what: &'static str, version: u32) -> Self {
        let mut store = Store { place: Some(Place { path: path.to_path_buf(), what, version }), ..Store::default() };
        match crate::persist::read_state(path, what, version) {
            Ok(entries) => store.entries = entries,
            Err(problem) => store.problem = Some(problem),
        }
        store
    }

    /// What the file is, in messages (empty for a store in memory).
    pub fn what(&self) -> &'static str {
        self.place.as_ref().map_or("", |p| p.what)
    }

    /// Why this store is not being saved, if it is not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// The problem, the first time it is asked for (or reported by a save), so it
    /// is shown once and not on every save.
    pub fn take_problem(&mut self) -> Option<String> {
        if self.reported {
            return None;
        }
        self.reported = true;
        self.problem.clone()
    }

    pub fn get(&self, key: &Path) -> Option<&T> {
        self.entries.get(key)
    }

    pub fn all(&self) -> &BTreeMap<PathBuf, T> {
        &self.entries
    }

    /// The value for `key`, to change; the next save writes it.
    pub fn get_mut(&mut self, key: &Path) -> Option<&mut T> {
        let value = self.entries.get_mut(key)?;
        self.touched.insert(key.to_path_buf());
        Some(value)
    }

    /// The value for `key`, made the default if there is none; the next save writes
    /// it.
    pub fn entry(&mut self, key: &Path) -> &mut T
    where
        T: Default,
    {
        self.touched.insert(key.to_path_buf());
        self.entries.entry(key.to_path_buf()).or_default()
    }

    /// Remember `value` for `key` until the next save.
    pub fn insert(&mut self, key: &Path, value: T) {
        self.touched.insert(key.to_path_buf());
        self.entries.insert(key.to_path_buf(), value);
    }

    /// Forget `key`; the next save removes it from the file too.
    pub fn remove(&mut self, key: &Path) -> Option<T> {
        self.touched.insert(key.to_path_buf());
        self.entries.remove(key)
    }

    /// Remember `value` for `key` and save.
    pub fn set(&mut self, key: &Path, value: T) -> Result<(), String> {
        self.insert(key, value);
        self.save()
    }

    /// Write the keys changed since the last save, merged with what other processes
    /// saved meanwhile (their keys are taken in). A file that could not be read is
    /// never written: the first save says why, later ones succeed quietly (what
    /// changed is still remembered for this run). Any other failure is reported
    /// every time: a full disk may have room later.
    pub fn save(&mut self) -> Result<(), String> {
        let Some(place) = &self.place else {
            return Ok(());
        };
        if let Some(problem) = &self.problem {
            return match self.reported {
                true => Ok(()),
                false => {
                    self.reported = true;
                    Err(problem.clone())
                }
            };
        }
        if self.touched.is_empty() {
            return Ok(());
        }
        let (entries, touched) = (&self.entries, &self.touched);
        let written = crate::persist::update_state(&place.path, place.what, place.version, |all| {
            for key in touched {
                match entries.get(key) {
                    Some(value) => all.insert(key.clone(), value.clone()),
                    None => all.remove(key),
                };
            }
        })?;
        self.entries = written;
        self.touched.clear();
        Ok(())
    }
}

/// Where the reader was in one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Byte offset in the reading text of the first line on screen. Offsets count in
    /// the text, not in lines, so a position survives a change of terminal width.
    pub offset: usize,
}

/// Reading positions, by article.
pub type PositionStore = Store<Position>;

/// The reading positions kept at `path` (`positions.ron` in the state folder).
pub fn positions(path: &Path) -> PositionStore {
    Store::open(path, "reading positions", 1)
}

/// Whether you read an article, as you said or as gloss noted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReadMark {
    Read,
    /// Marked unread after all: an article opened before stays unread.
    Unread,
}

/// What you have read, by article. An article with no mark is unread; how an
/// article comes to be marked (opening it, or a toggle) is for the reader to say.
pub type ReadStore = Store<ReadMark>;

/// What you have read, kept at `path` (`read.ron` in the state folder).
pub fn read_marks(path: &Path) -> ReadStore {
    Store::open(path, "what was read", 1)
}

impl Store<ReadMark> {
    pub fn is_read(&self, article: &Path) -> bool {
        self.get(article) == Some(&ReadMark::Read)
    }

    /// Mark `article` read or unread and save.
    pub fn set_read(&mut self, article: &Path, read: bool) -> Result<(), String> {
        self.set(article, if read { ReadMark::Read } else { ReadMark::Unread })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_and_merge() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/positions.ron");
        let mut a = positions(&path);
        let mut b = positions(&path);
        a.set(Path::new("/x/one.txt"), Position { offset: 10 }).unwrap();
        b.set(Path::new("/x/two.txt"), Position { offset: 20 }).unwrap();
        let c = positions(&path);
        assert_eq!(c.get(Path::new("/x/one.txt")), Some(&Position { offset: 10 }));
        assert_eq!(c.get(Path::new("/x/two.txt")), Some(&Position { offset: 20 }));
        // b took in what a saved; a does when it next saves.
        assert_eq!(b.all().len(), 2);
        a.set(Path::new("/x/one.txt"), Position { offset: 11 }).unwrap();
        assert_eq!(a.get(Path::new("/x/two.txt")), Some(&Position { offset: 20 }));
    }

    #[test]
    fn only_the_keys_this_process_changed_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("positions.ron");
        let mut a = positions(&path);
        a.set(Path::new("/one"), Position { offset: 1 }).unwrap();
        let mut b = positions(&path);
        // a moves on in /one; b, which read the old value, saves only /two.
        a.set(Path::new("/one"), Position { offset: 2 }).unwrap();
        b.set(Path::new("/two"), Position { offset: 3 }).unwrap();
        let c = positions(&path);
        assert_eq!(c.get(Path::new("/one")), Some(&Position { offset: 2 }), "b's stale copy was not written");
        // A removal is a change too.
        b.remove(Path::new("/two"));
        b.save().unwrap();
        assert_eq!(positions(&path).get(Path::new("/two")), None);
    }

    #[test]
    fn corrupt_file_is_never_overwritten_and_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("positions.ron");
        std::fs::write(&path, "(version: 1, articles: {oops").unwrap();
        let mut store = positions(&path);
        assert!(store.problem().unwrap().contains("reading positions"));
        assert!(store.set(Path::new("/a.txt"), Position { offset: 1 }).is_err());
        assert!(store.set(Path::new("/a.txt"), Position { offset: 2 }).is_ok(), "said once, not on every save");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "(version: 1, articles: {oops");
        // still remembered for this session
        assert_eq!(store.get(Path::new("/a.txt")), Some(&Position { offset: 2 }));
        assert!(store.take_problem().is_none(), "already reported");
        assert!(store.problem().is_some(), "but still there");

        // Taken first, the saves are quiet from the start.
        let mut store = positions(&path);
        assert!(store.take_problem().is_some());
        assert!(store.take_problem().is_none());
        assert!(store.set(Path::new("/a.txt"), Position { offset: 1 }).is_ok());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "(version: 1, articles: {oops");
    }

    #[test]
    fn a_newer_file_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("read.ron");
        let newer = "(version: 9, articles: {})";
        std::fs::write(&path, newer).unwrap();
        let mut store = read_marks(&path);
        assert!(store.problem().unwrap().contains("newer"));
        assert!(store.set_read(Path::new("/a"), true).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
    }

    #[test]
    fn a_failed_save_does_not_stop_later_ones() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        let path = state.join("positions.ron");
        let mut store = positions(&path);
        // A file where the state folder should be: saving fails, every time.
        std::fs::write(&state, "in the way").unwrap();
        assert!(store.set(Path::new("/a.txt"), Position { offset: 1 }).is_err());
        assert!(store.set(Path::new("/a.txt"), Position { offset: 1 }).is_err());
        std::fs::remove_file(&state).unwrap();
        store.set(Path::new("/b.txt"), Position { offset: 2 }).unwrap();
        let again = positions(&path);
        assert_eq!(again.get(Path::new("/b.txt")), Some(&Position { offset: 2 }));
        assert_eq!(again.get(Path::new("/a.txt")), Some(&Position { offset: 1 }), "the failed key is kept for later");
    }

    #[test]
    fn read_marks_survive_a_restart_and_can_say_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("read.ron");
        let mut one = read_marks(&path);
        let mut two = read_marks(&path);
        one.set_read(Path::new("/c/a.txt"), true).unwrap();
        two.set_read(Path::new("/c/b.txt"), true).unwrap();
        two.set_read(Path::new("/c/b.txt"), false).unwrap();
        let again = read_marks(&path);
        assert!(again.is_read(Path::new("/c/a.txt")));
        assert!(!again.is_read(Path::new("/c/b.txt")));
        assert_eq!(again.get(Path::new("/c/b.txt")), Some(&ReadMark::Unread), "an explicit unread is kept");
        assert!(!again.is_read(Path::new("/c/never.txt")));
        assert_eq!(again.all().len(), 2);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"/c/a.txt\": Read") && text.contains("\"/c/b.txt\": Unread"), "{text}");
    }

    #[test]
    fn a_store_in_memory_never_writes() {
        let mut store: ReadStore = Store::in_memory();
        store.set_read(Path::new("/a"), true).unwrap();
        assert!(store.is_read(Path::new("/a")));
        assert_eq!(store.problem(), None);
        assert_eq!(store.what(), "");
    }
}
