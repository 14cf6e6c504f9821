//! The sample corpus built into gloss, shown when no folder is given or configured.
//!
//! Its articles are written for gloss and have the quirks of real saved pages: a
//! paywall tail, a kicker and plain-text section headings, a missing title line,
//! inline HTML on one long line, a date glued to the first sentence, a whole web page,
//! and hard-wrapped Markdown. They are written out to a folder on first use so they
//! can be annotated like any other corpus.

use std::io;
use std::path::Path;

/// File name and contents of each sample article.
pub const FILES: &[(&str, &[u8])] = &[
    ("border-fencing.txt", include_bytes!("sample/border-fencing.txt")),
    ("drone-strikes.txt", include_bytes!("sample/drone-strikes.txt")),
    ("intelligence-sharing.html", include_bytes!("sample/intelligence-sharing.html")),
    ("madrassa-reform.md", include_bytes!("sample/madrassa-reform.md")),
    ("militant-alliances.txt", include_bytes!("sample/militant-alliances.txt")),
    ("state-briefing.txt", include_bytes!("sample/state-briefing.txt")),
    ("training-programme.txt", include_bytes!("sample/training-programme.txt")),
];

/// Write the sample articles into `dir`, creating it. Files already there are left
/// alone, so a reader's edits survive.
pub fn install(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in FILES {
        let path = dir.join(name);
        if !path.exists() {
            std::fs::write(path, bytes)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_writes_missing_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let edited = dir.path().join("border-fencing.txt");
        std::fs::write(&edited, "my edit").unwrap();
        install(dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(&edited).unwrap(), "my edit");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), FILES.len());
        for (name, bytes) in FILES.iter().filter(|(n, _)| *n != "border-fencing.txt") {
            assert_eq!(std::fs::read(dir.path().join(name)).unwrap(), *bytes, "{name}");
        }
    }
}
