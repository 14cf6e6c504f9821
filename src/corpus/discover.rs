//! Finding the articles of a corpus on disk.
//!
//! The walk is recursive and follows symbolic links, with walkdir's loop detection so
//! a link to an ancestor is reported instead of followed forever. Hidden files and
//! folders (a name starting with `.`) are not articles, nor is any file whose
//! extension is not one gloss reads (gloss's own `.gloss.ron` sidecars included).
//! Siblings come in name order, so a corpus is read in path order.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::Format;

/// A file that looks like an article by its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    /// `path` relative to the corpus root.
    pub rel: PathBuf,
}

/// Something the walk passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    Binary(PathBuf),
    Unreadable(PathBuf, String),
    Loop(PathBuf),
}

impl Skip {
    pub fn path(&self) -> &Path {
        match self {
            Skip::Binary(p) | Skip::Unreadable(p, _) | Skip::Loop(p) => p,
        }
    }
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = crate::text::sanitize_line(&self.path().to_string_lossy());
        match self {
            Skip::Binary(_) => write!(f, "{path}: binary file, skipped"),
            Skip::Unreadable(_, why) => write!(f, "{path}: {}", crate::text::sanitize_line(why)),
            Skip::Loop(_) => write!(f, "{path}: symbolic link loop, not followed"),
        }
    }
}

/// One step of a walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Discovered {
    File(Found),
    Skipped(Skip),
}

/// Walk `root` (a folder, or a single file) for articles.
pub fn discover(root: &Path) -> impl Iterator<Item = Discovered> + use<> {
    walk(root).filter_map(|item| match item {
        Walked::Article(found) => Some(Discovered::File(found)),
        Walked::Skipped(skip) => Some(Discovered::Skipped(skip)),
        Walked::Other(_) => None,
    })
}

/// What [`walk`] meets.
#[derive(Debug)]
pub enum Walked {
    Article(Found),
    /// A file that is not an article (a sidecar, an image): its path.
    Other(PathBuf),
    Skipped(Skip),
}

/// [`discover`], telling also of the files that are not articles, for a caller that
/// wants to know what else lies beside them without walking the corpus again.
pub fn walk(root: &Path) -> impl Iterator<Item = Walked> + use<> {
    let root = root.to_path_buf();
    let base = if root.is_file() { root.parent().map(Path::to_path_buf).unwrap_or_default() } else { root.clone() };
    WalkDir::new(&root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
        .filter_map(move |entry| match entry {
            Ok(e) if e.file_type().is_file() => {
                let path = e.into_path();
                if Format::from_path(&path).is_none() {
                    return Some(Walked::Other(path));
                }
                let rel = path.strip_prefix(&base).map(Path::to_path_buf).unwrap_or_else(|_| path.clone());
                Some(Walked::Article(Found { path, rel }))
            }
            Ok(_) => None,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                if err.loop_ancestor().is_some() {
                    Some(Walked::Skipped(Skip::Loop(path)))
                } else {
                    let why = err.io_error().map(ToString::to_string).unwrap_or_else(|| err.to_string());
                    Some(Walked::Skipped(Skip::Unreadable(path, why)))
                }
            }
        })
}

/// The order of the walk for two paths it found under the same root: by component,
/// which is byte order with the separator before every other byte. Comparing bytes
/// that way is several times faster than `Path::cmp`, which parses components.
pub fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let key = |c: u8| if std::path::is_separator(c as char) { 0 } else { c };
    let (a, b) = (a.as_os_str().as_encoded_bytes(), b.as_os_str().as_encoded_bytes());
    a.iter().map(|&c| key(c)).cmp(b.iter().map(|&c| key(c)))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn files(root: &Path) -> Vec<String> {
        discover(root)
            .filter_map(|d| match d {
                Discovered::File(f) => Some(f.rel.to_string_lossy().into_owned()),
                Discovered::Skipped(_) => None,
            })
            .collect()
    }

    #[test]
    fn finds_articles_recursively_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/deeper")).unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        for f in [
            "z.txt",
            "a.md",
            "b/deeper/c.html",
            "b/x.htm",
            "a.markdown",
            "notes.pdf",
            "a.txt.gloss.ron",
            ".secret.txt",
            ".hidden/in.txt",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        assert_eq!(files(root), ["a.markdown", "a.md", "b/deeper/c.html", "b/x.htm", "z.txt"]);
    }

    #[test]
    fn walk_order_is_path_order_for_walked_paths() {
        let paths = ["a", "a-b", "a/b", "a/b/c", "a.txt", "ab", "b/a", "Z", "é/x"];
        for x in paths {
            for y in paths {
                assert_eq!(walk_order(Path::new(x), Path::new(y)), Path::new(x).cmp(Path::new(y)), "{x} {y}");
            }
        }
    }

    #[test]
    fn a_single_file_is_a_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("one.txt");
        fs::write(&file, "x").unwrap();
        assert_eq!(files(&file), ["one.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("sub")).unwrap();
        fs::write(root.join("sub/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        let all: Vec<Discovered> = discover(root).collect();
        assert!(all.iter().any(|d| matches!(d, Discovered::Skipped(Skip::Loop(_)))));
        assert_eq!(files(root), ["sub/a.txt"]);
    }
}
