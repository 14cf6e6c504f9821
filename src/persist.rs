//! Writing files so that a crash, a full disk or a kill at any moment leaves either the
//! old file or the new one, never a torn mix.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Names of the temporary files [`write_atomic`] creates next to its target.
pub const TEMP_PREFIX: &str = ".gloss-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// Temporary files older than this are left by writers killed mid-write.
const ORPHANED_AFTER: Duration = Duration::from_secs(60);

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// An exclusive lock on the folder of a file, held while that file is read, changed
/// and written back, so writers in several gloss processes take turns. The folder
/// is created if need be. The first lock a process takes on a folder also clears
/// out the temporary files of writers that were killed mid-write.
pub struct FolderLock {
    _file: File,
}

impl FolderLock {
    pub fn acquire(path: &Path) -> io::Result<FolderLock> {
        let dir = folder_of(path);
        let context =
            |what: &str, e: io::Error| io::Error::new(e.kind(), format!("cannot {what} {}: {e}", dir.display()));
        std::fs::create_dir_all(dir).map_err(|e| context("create", e))?;
        let file = File::open(dir).map_err(|e| context("open", e))?;
        file.lock().map_err(|e| context("lock", e))?;
        static CLEARED: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());
        let first = CLEARED.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf());
        if first {
            remove_orphaned_temporaries(dir);
        }
        Ok(FolderLock { _file: file })
    }
}

/// Remove [`write_atomic`]'s temporary files that are too old to belong to a write
/// in progress.
fn remove_orphaned_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let Some(cutoff) = SystemTime::now().checked_sub(ORPHANED_AFTER) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
            let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < cutoff);
            if old {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Replace `path` with `bytes` atomically: write a temporary file in the same folder,
/// flush it to disk, rename it over `path`, then flush the folder so the rename itself
/// survives a power cut.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = folder_of(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // A new file gets the usual permissions (0666 less the umask), not the 0600 of a
    // temporary file; a replaced one keeps its own.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    if let Ok(existing) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(existing.permissions())?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// A file where gloss keeps something per article in its state folder (reading
/// positions, what was read, undo history; see `store::Store`):
/// `(version: N, articles: {path: value, …})` in RON.
#[derive(Serialize, Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
struct StateFile<T> {
    version: u32,
    articles: BTreeMap<PathBuf, T>,
}

/// Read the per-article state at `path`: empty when there is none. `what` names it in
/// errors; a file that does not parse, or is newer than `version`, is an error (and
/// its callers then never write it).
pub fn read_state<T: DeserializeOwned>(path: &Path, what: &str, version: u32) -> Result<BTreeMap<PathBuf, T>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let file: StateFile<T> = ron::from_str(&text).map_err(|e| {
        format!("{}:{}: {} ({what} is not saved until it is fixed)", path.display(), e.span.start, e.code)
    })?;
    if file.version > version {
        return Err(format!(
            "{}: written by a newer gloss (version {}); {what} is not saved",
            path.display(),
            file.version
        ));
    }
    Ok(file.articles)
}

/// Change the per-article state at `path`: under a lock on its folder, read what is
/// there now (other gloss processes save too), let `change` update it, write it back
/// atomically. Returns the state as written.
pub fn update_state<T: Serialize + DeserializeOwned>(
    path: &Path,
    what: &str,
    version: u32,
    change: impl FnOnce(&mut BTreeMap<PathBuf, T>),
) -> Result<BTreeMap<PathBuf, T>, String> {
    let lock = FolderLock::acquire(path).map_err(|e| e.to_string())?;
    let mut articles = read_state(path, what, version)?;
    change(&mut articles);
    let file = StateFile { version, articles };
    let text = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::default())
        .map_err(|e| format!("cannot encode {what}: {e}"))?;
    write_atomic(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    drop(lock);
    Ok(file.articles)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn permissions_are_ordinary_and_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.ron");
        write_atomic(&path, b"one").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_ne!(mode, 0o600, "not a temporary file's mode");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o664);
    }

    #[test]
    fn the_first_lock_on_a_folder_clears_orphaned_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let orphan = dir.path().join(format!("{TEMP_PREFIX}killed{TEMP_SUFFIX}"));
        let fresh = dir.path().join(format!("{TEMP_PREFIX}writing{TEMP_SUFFIX}"));
        let other = dir.path().join("notes.tmp");
        for f in [&orphan, &fresh, &other] {
            std::fs::write(f, b"x").unwrap();
        }
        let old = SystemTime::now() - ORPHANED_AFTER * 2;
        for f in [&orphan, &other] {
            File::options().write(true).open(f).unwrap().set_modified(old).unwrap();
        }
        drop(FolderLock::acquire(&dir.path().join("f.ron")).unwrap());
        assert!(!orphan.exists(), "an old temporary file is removed");
        assert!(fresh.exists(), "one being written is not");
        assert!(other.exists(), "nor is a file that is not gloss's");
    }

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.ron");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
