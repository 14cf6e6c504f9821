//! What indexing remembers between runs: each article's metadata and reading text,
//! keyed by its path, size and modification time.
//!
//! A corpus's cache is a folder (see [`folder_for`]) holding:
//! - `index.bin`: a magic number, the BLAKE3 hash of the rest, then the records
//!   ([`Record`]) in postcard. A file whose hash does not match, or that does not
//!   decode, is not trusted: the cache starts empty and is written again;
//! - `texts-<generation>.bin`: the reading texts, one after another; records point into
//!   it. Texts of changed articles are appended; when more than half of the file is
//!   no longer pointed to, it is written anew under the next generation;
//! - `lock`: held by the one process that may write the cache. Another process that
//!   cannot take it reads the cache as it was last written and writes nothing.
//!
//! A file modified in the last [`RACY`] is not remembered: a change within the same
//! tick of the clock would not change its modification time.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::corpus::Meta;

const MAGIC: &[u8; 8] = b"GLOSSIX1";
const VERSION: u32 = 1;
/// Files changed more recently than this are read every time.
pub const RACY: Duration = Duration::from_secs(2);
/// The texts file is compacted only from this size on.
const COMPACT_FROM: u64 = 64 << 20;

/// The cache folder for the corpus at `root` under the cache `base` folder.
pub fn folder_for(base: &Path, root: &Path) -> PathBuf {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let hash = blake3::hash(root.as_os_str().as_encoded_bytes()).to_hex();
    base.join("index").join(&hash.as_str()[..24])
}

/// What identifies one version of a file: its size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    pub secs: i64,
    pub nanos: u32,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        let modified = meta.modified().ok()?;
        let (secs, nanos) = match modified.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => (i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()),
            Err(e) => (-i64::try_from(e.duration().as_secs()).ok()?, e.duration().subsec_nanos()),
        };
        Some(Stamp { size: meta.len(), secs, nanos })
    }

    /// The stamp of the file at `path`, following links.
    pub fn of_path(path: &Path) -> Option<Stamp> {
        Stamp::of(&std::fs::metadata(path).ok()?)
    }

    /// Changed too recently to be remembered.
    fn is_racy(&self, now: SystemTime) -> bool {
        let then = SystemTime::UNIX_EPOCH
            + Duration::from_secs(self.secs.max(0) as u64)
            + Duration::from_nanos(u64::from(self.nanos));
        now.duration_since(then).map_or(true, |age| age < RACY)
    }
}

/// Where a text is in the texts file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub offset: u64,
    pub len: u64,
}

/// One remembered article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The path relative to the corpus root, as bytes (paths need not be UTF-8).
    rel: Vec<u8>,
    pub stamp: Stamp,
    pub meta: Meta,
    pub text: Option<Span>,
}

impl Record {
    pub fn rel(&self) -> PathBuf {
        rel_from_bytes(&self.rel)
    }
}

fn rel_bytes(rel: &Path) -> Vec<u8> {
    rel.as_os_str().as_encoded_bytes().to_vec()
}

fn rel_from_bytes(bytes: &[u8]) -> PathBuf {
    // Written by `rel_bytes` on this platform, so the bytes are this platform's.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

#[derive(Serialize, Deserialize, Default)]
struct IndexFile {
    version: u32,
    /// The texts file's generation and how much of it the records may point into.
    texts: Option<(u64, u64)>,
    records: Vec<Record>,
}

/// A corpus's cache, as read at the start of a run.
pub struct Cache {
    folder: PathBuf,
    records: HashMap<Vec<u8>, Record>,
    texts: Option<Texts>,
    /// Held while this process may write the cache.
    lock: Option<File>,
    /// Why the cache on disk was not used (it is then written again), if it was there
    /// and not usable.
    pub problem: Option<String>,
    writes: Mutex<Writes>,
}

struct Texts {
    generation: u64,
    file: File,
    /// How much of `file` the records may point into.
    len: u64,
}

#[derive(Default)]
struct Writes {
    /// The texts file to append to, once opened, with its length.
    append: Option<(File, u64)>,
    new: Vec<Record>,
    failed: bool,
}

impl Cache {
    /// A cache that remembers nothing and writes nothing.
    pub fn none() -> Cache {
        Cache {
            folder: PathBuf::new(),
            records: HashMap::new(),
            texts: None,
            lock: None,
            problem: None,
            writes: Mutex::default(),
        }
    }

    /// Open the cache in `folder` (created if missing). It can be written if no other
    /// process holds it.
    pub fn open(folder: &Path) -> Cache {
        let mut cache = Cache { folder: folder.to_path_buf(), ..Cache::none() };
        if std::fs::create_dir_all(folder).is_ok()
            && let Ok(lock) = File::options().create(true).truncate(false).write(true).open(folder.join("lock"))
            && lock.try_lock().is_ok()
        {
            cache.lock = Some(lock);
        }
        let index = match std::fs::read(folder.join("index.bin")) {
            Ok(bytes) => match decode(&bytes) {
                Ok(index) => index,
                Err(why) => {
                    cache.problem = Some(why);
                    IndexFile::default()
                }
            },
            Err(_) => IndexFile::default(),
        };
        if let Some((generation, len)) = index.texts
            && let Ok(file) = File::open(cache.texts_path(generation))
            && file.metadata().is_ok_and(|m| m.len() >= len)
        {
            cache.texts = Some(Texts { generation, file, len });
        }
        let has_texts = cache.texts.is_some();
        cache.records = index
            .records
            .into_iter()
            .map(|mut r| {
                if !has_texts {
                    r.text = None;
                }
                (r.rel.clone(), r)
            })
            .collect();
        cache
    }

    fn texts_path(&self, generation: u64) -> PathBuf {
        self.folder.join(format!("texts-{generation:016x}.bin"))
    }

    pub fn is_writable(&self) -> bool {
        self.lock.is_some()
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The record of the article at `rel` if it is remembered as it is now.
    pub fn get(&self, rel: &Path, stamp: Stamp) -> Option<&Record> {
        self.records.get(rel.as_os_str().as_encoded_bytes()).filter(|r| r.stamp == stamp)
    }

    /// The remembered reading text of `record`, read into `buf`. `None` when it is not
    /// remembered or what is there is not text.
    pub fn text<'b>(&self, record: &Record, buf: &'b mut Vec<u8>) -> Option<&'b str> {
        let span = record.text?;
        let texts = self.texts.as_ref()?;
        if span.offset.checked_add(span.len)? > texts.len {
            return None;
        }
        buf.resize(usize::try_from(span.len).ok()?, 0);
        read_at(&texts.file, buf, span.offset).ok()?;
        std::str::from_utf8(buf).ok()
    }

    /// Remember an article read now, with its reading text when `text` is given.
    /// Does nothing when the cache cannot be written or the file changed just now.
    pub fn remember(&self, rel: &Path, stamp: Stamp, meta: &Meta, text: Option<&str>) {
        if self.lock.is_none() || stamp.is_racy(SystemTime::now()) {
            return;
        }
        let Ok(mut writes) = self.writes.lock() else { return };
        let span = text.and_then(|text| self.append(&mut writes, text));
        writes.new.push(Record { rel: rel_bytes(rel), stamp, meta: meta.clone(), text: span });
    }

    fn append(&self, writes: &mut Writes, text: &str) -> Option<Span> {
        if writes.failed {
            return None;
        }
        if writes.append.is_none() {
            let opened = match &self.texts {
                Some(t) => File::options().write(true).open(self.texts_path(t.generation)).and_then(|f| {
                    // Anything past what the index points to was left by a run that
                    // stopped before writing its index.
                    f.set_len(t.len)?;
                    Ok((f, t.len))
                }),
                None => File::create(self.texts_path(next_generation(None))).map(|f| (f, 0)),
            };
            match opened {
                Ok(opened) => writes.append = Some(opened),
                Err(_) => {
                    writes.failed = true;
                    return None;
                }
            }
        }
        let (file, len) = writes.append.as_mut()?;
        use std::io::{Seek, SeekFrom};
        let written = file.seek(SeekFrom::Start(*len)).and_then(|_| file.write_all(text.as_bytes()));
        if written.is_err() {
            writes.failed = true;
            return None;
        }
        let span = Span { offset: *len, len: text.len() as u64 };
        *len += text.len() as u64;
        Some(span)
    }

    /// Write the index: what was remembered this run, and the records of the old one
    /// still `present` (the paths of every article the run saw; `None` keeps them
    /// all). Nothing is written when nothing changed.
    pub fn save(self, present: Option<&HashSet<OsString>>) -> std::io::Result<()> {
        if self.lock.is_none() {
            return Ok(());
        }
        let writes = self.writes.into_inner().unwrap_or_default();
        let mut records = self.records;
        let before = records.len();
        if let Some(present) = present {
            records.retain(|rel, _| present.contains(rel_from_bytes(rel).as_os_str()));
        }
        let removed = records.len() != before;
        if writes.new.is_empty() && !removed && self.problem.is_none() {
            return Ok(());
        }
        let new_texts = writes.new.iter().any(|r| r.text.is_some());
        for record in writes.new {
            records.insert(record.rel.clone(), record);
        }
        let mut records: Vec<Record> = records.into_values().collect();
        records.sort_by(|a, b| a.rel.cmp(&b.rel));
        let (generation, mut len) = match (&writes.append, &self.texts) {
            (Some((_, len)), Some(t)) => (t.generation, *len),
            (Some((_, len)), None) => (next_generation(None), *len),
            (None, Some(t)) => (t.generation, t.len),
            (None, None) => (0, 0),
        };
        if let Some((file, _)) = &writes.append
            && new_texts
        {
            file.sync_data()?;
        }
        let live: u64 = records.iter().filter_map(|r| r.text).map(|s| s.len).sum();
        let mut generation = Some(generation).filter(|_| len > 0);
        if len >= COMPACT_FROM && live * 2 < len {
            let old = generation;
            if let Ok((g, l)) = compact(&self.folder, generation, &mut records) {
                generation = Some(g);
                len = l;
                if let Some(old) = old {
                    let _ = std::fs::remove_file(self.folder.join(format!("texts-{old:016x}.bin")));
                }
            }
        }
        let index = IndexFile { version: VERSION, texts: generation.map(|g| (g, len)), records };
        let payload = postcard::to_stdvec(&index).map_err(std::io::Error::other)?;
        let mut out = tempfile::NamedTempFile::new_in(&self.folder)?;
        out.write_all(MAGIC)?;
        out.write_all(blake3::hash(&payload).as_bytes())?;
        out.write_all(&payload)?;
        out.persist(self.folder.join("index.bin")).map_err(|e| e.error)?;
        Ok(())
    }
}

fn next_generation(current: Option<u64>) -> u64 {
    current.map_or(1, |g| g + 1)
}

/// Copy the texts the records point to into a new texts file.
fn compact(folder: &Path, generation: Option<u64>, records: &mut [Record]) -> std::io::Result<(u64, u64)> {
    let old = generation.map(|g| File::open(folder.join(format!("texts-{g:016x}.bin")))).transpose()?;
    let next = next_generation(generation);
    let mut out = std::io::BufWriter::new(File::create(folder.join(format!("texts-{next:016x}.bin")))?);
    let mut len = 0u64;
    let mut buf = Vec::new();
    for record in records.iter_mut() {
        let (Some(span), Some(old)) = (record.text, &old) else {
            record.text = None;
            continue;
        };
        buf.resize(span.len as usize, 0);
        read_at(old, &mut buf, span.offset)?;
        out.write_all(&buf)?;
        record.text = Some(Span { offset: len, len: span.len });
        len += span.len;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_data()?;
    Ok((next, len))
}

fn decode(bytes: &[u8]) -> Result<IndexFile, String> {
    let corrupt = |why: &str| why.to_owned();
    let Some(rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
        return Err(corrupt("not a gloss index"));
    };
    if rest.len() < 32 {
        return Err(corrupt("cut short"));
    }
    let (hash, payload) = rest.split_at(32);
    if blake3::hash(payload).as_bytes() != hash {
        return Err(corrupt("its checksum does not match"));
    }
    let index: IndexFile = postcard::from_bytes(payload).map_err(|e| corrupt(&e.to_string()))?;
    if index.version != VERSION {
        return Err(corrupt("written by another version"));
    }
    Ok(index)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = file;
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(title: &str) -> Meta {
        crate::corpus::parse(format!("{title}\n\nBody text of it.").as_bytes(), crate::corpus::Format::Text, "x.txt")
            .meta
    }

    fn old_stamp(size: u64) -> Stamp {
        Stamp { size, secs: 1_000_000, nanos: 5 }
    }

    #[test]
    fn remembers_metadata_and_text_across_runs() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        assert!(cache.is_writable() && cache.is_empty());
        let m = meta("A Title Here");
        cache.remember(Path::new("a/b.txt"), old_stamp(10), &m, Some("the text"));
        cache.save(None).unwrap();

        let cache = Cache::open(dir.path());
        let record = cache.get(Path::new("a/b.txt"), old_stamp(10)).expect("remembered");
        assert_eq!(record.meta, m);
        assert_eq!(record.rel(), Path::new("a/b.txt"));
        let mut buf = Vec::new();
        assert_eq!(cache.text(record, &mut buf), Some("the text"));
        // Another size or time is another file.
        assert!(cache.get(Path::new("a/b.txt"), old_stamp(11)).is_none());
    }

    #[test]
    fn a_corrupt_index_is_not_trusted_and_is_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        cache.remember(Path::new("a.txt"), old_stamp(1), &meta("One"), Some("one"));
        cache.save(None).unwrap();
        let path = dir.path().join("index.bin");
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        std::fs::write(&path, &bytes).unwrap();

        let cache = Cache::open(dir.path());
        assert!(cache.is_empty());
        assert!(cache.problem.as_deref().unwrap().contains("checksum"), "{:?}", cache.problem);
        // Saving writes a good index again even with nothing new.
        cache.save(None).unwrap();
        let cache = Cache::open(dir.path());
        assert!(cache.problem.is_none());

        std::fs::write(&path, b"garbage").unwrap();
        assert!(Cache::open(dir.path()).problem.is_some());
    }

    #[test]
    fn only_one_process_writes() {
        let dir = tempfile::tempdir().unwrap();
        let first = Cache::open(dir.path());
        let second = Cache::open(dir.path());
        assert!(first.is_writable());
        assert!(!second.is_writable());
        second.remember(Path::new("a.txt"), old_stamp(1), &meta("One"), Some("one"));
        second.save(None).unwrap();
        drop(first);
        assert!(Cache::open(dir.path()).is_empty());
    }

    #[test]
    fn files_changed_just_now_are_not_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        let now = Stamp::of(&std::fs::metadata(dir.path()).unwrap()).unwrap();
        cache.remember(Path::new("a.txt"), now, &meta("One"), None);
        cache.save(None).unwrap();
        assert!(Cache::open(dir.path()).is_empty());
    }

    #[test]
    fn records_of_files_gone_are_dropped_and_texts_compacted() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        let big = "x".repeat((COMPACT_FROM / 2 + 1) as usize);
        cache.remember(Path::new("a.txt"), old_stamp(1), &meta("One"), Some(&big));
        cache.remember(Path::new("b.txt"), old_stamp(2), &meta("Two"), Some(&big));
        cache.remember(Path::new("c.txt"), old_stamp(3), &meta("Three"), Some("small"));
        cache.save(None).unwrap();

        let cache = Cache::open(dir.path());
        assert_eq!(cache.len(), 3);
        let present: HashSet<OsString> = [OsString::from("c.txt")].into_iter().collect();
        cache.save(Some(&present)).unwrap();
        let cache = Cache::open(dir.path());
        assert_eq!(cache.len(), 1);
        let record = cache.get(Path::new("c.txt"), old_stamp(3)).unwrap();
        assert_eq!(cache.text(record, &mut Vec::new()), Some("small"));
        let files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("texts-"))
            .collect();
        assert_eq!(files, ["texts-0000000000000002.bin"], "the old texts file is gone");
    }
}
