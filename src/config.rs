//! Where gloss keeps its files, and the user's configuration.
//!
//! Locations follow the platform's conventions through the `directories` crate (on
//! Linux: `$XDG_CONFIG_HOME/gloss`, `$XDG_STATE_HOME/gloss`, `$XDG_DATA_HOME/gloss`).
//! The configuration is a RON file, `config.ron` in the config folder; every field is
//! optional, and a field gloss does not know is an error rather than silently ignored.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// How gloss reads hand-written RON files (configuration, themes): an optional
/// field can be written without `Some(…)`.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// `line:column: what is wrong (in `the line`)` for a RON error in `text`.
pub fn ron_error(text: &str, e: &ron::error::SpannedError) -> String {
    let at = e.span.start;
    let line = text.lines().nth(at.line.saturating_sub(1)).map(str::trim).unwrap_or("");
    if line.is_empty() {
        format!("{at}: {}", e.code)
    } else {
        let line = crate::text::width::truncate(&crate::text::sanitize_line(line), 60).into_owned();
        format!("{at}: {} (in `{line}`)", e.code)
    }
}

/// A complete configuration, every setting at its default, commented, with every
/// command listed: what `gloss config default` prints.
pub fn default_config() -> String {
    let commands: String = crate::app::command::TABLE
        .iter()
        .map(|spec| format!("    //     {:<18} {}\n", spec.name, spec.description))
        .collect();
    include_str!("config.default.ron").replace("COMMANDS\n", &commands)
}

/// The folders gloss uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// Holds `config.ron`.
    pub config: PathBuf,
    /// Reading positions and other state that is not worth backing up.
    pub state: PathBuf,
    /// The sample corpus.
    pub data: PathBuf,
    /// What indexing remembers, which can be thrown away at any time.
    pub cache: PathBuf,
}

impl Dirs {
    /// The platform's folders for gloss, or `None` when no home folder is known.
    /// `XDG_CONFIG_HOME`, when set to an absolute path, places the config folder on
    /// every platform (`$XDG_CONFIG_HOME/gloss`), not only where it is the norm.
    pub fn platform() -> Option<Dirs> {
        let dirs = directories::ProjectDirs::from("", "", "gloss")?;
        let xdg = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
        Some(Dirs {
            config: xdg.map_or_else(|| dirs.config_dir().to_path_buf(), |x| x.join("gloss")),
            state: dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
            cache: dirs.cache_dir().to_path_buf(),
        })
    }

    /// `config.ron` in the config folder, unless `GLOSS_CONFIG` names another file.
    pub fn config_file(&self) -> PathBuf {
        match std::env::var_os("GLOSS_CONFIG").filter(|v| !v.is_empty()) {
            Some(path) => PathBuf::from(path),
            None => self.config.join("config.ron"),
        }
    }

    /// Where user themes are kept: `themes/` in the config folder.
    pub fn themes(&self) -> PathBuf {
        self.config.join("themes")
    }

    /// The index cache of the corpus at `root` (`index::cache`).
    pub fn index_cache(&self, root: &Path) -> PathBuf {
        crate::index::cache::folder_for(&self.cache, root)
    }

    pub fn sample_corpus(&self) -> PathBuf {
        self.data.join("sample")
    }

    /// Where the reader left each article (`store::positions`).
    pub fn positions_file(&self) -> PathBuf {
        self.state.join("positions.ron")
    }

    /// What was read (`store::read_marks`).
    pub fn read_file(&self) -> PathBuf {
        self.state.join("read.ron")
    }

    /// The undo history (`annotate::history::History`).
    pub fn undo_file(&self) -> PathBuf {
        self.state.join("undo.ron")
    }

    /// How each corpus's list is sorted.
    pub fn sort_file(&self) -> PathBuf {
        self.state.join("sort.ron")
    }
}

/// The user's settings. Everything has a default.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Folder opened when gloss is started without one.
    pub corpus: Option<PathBuf>,
    /// Capture the mouse (wheel scrolls, click selects). Off leaves the terminal's own
    /// text selection working.
    pub mouse: bool,
    /// Widest the reading text is set, in columns.
    pub reading_width: u16,
    /// Key bindings that replace or remove defaults, by mode: `{"normal": {"x": Quit}}`.
    pub keys: crate::app::keymap::Patch,
    /// Keep sidecars in this folder, mirroring the corpus, instead of beside each
    /// article (for corpora gloss may not write to).
    pub annotations: Option<PathBuf>,
    /// The theme to start with: a built-in one (default, dark, light,
    /// high-contrast) or a file of `themes/` in the config folder, by name.
    pub theme: Option<String>,
    /// What was wrong with the configuration file, when gloss started on the
    /// defaults instead. Not a setting.
    #[serde(skip)]
    pub problem: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            corpus: None,
            mouse: true,
            reading_width: 80,
            keys: Default::default(),
            annotations: None,
            theme: None,
            problem: None,
        }
    }
}

/// A configuration file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = crate::text::sanitize_line(&self.path.to_string_lossy());
        write!(f, "{path}:{}", self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Read the configuration at `path`. A missing file is the default configuration.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        Config::read(path, false)
    }

    /// Read the configuration file named on the command line, which must exist.
    pub fn load_named(path: &Path) -> Result<Config, ConfigError> {
        Config::read(path, true)
    }

    fn read(path: &Path, required: bool) -> Result<Config, ConfigError> {
        let fail = |message: String| ConfigError { path: path.to_path_buf(), message };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(Config::default()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(fail(" no such file (named by --config)".into()));
            }
            Err(e) => return Err(fail(format!(" cannot read: {e}"))),
        };
        Config::parse(&text).map_err(fail)
    }

    /// Read the configuration at `path` as the reader does: a file that cannot be
    /// used gives the defaults, with what is wrong with it.
    pub fn load_or_default(path: &Path, named: bool) -> (Config, Option<ConfigError>) {
        match Config::read(path, named) {
            Ok(config) => (config, None),
            Err(e) => (Config::default(), Some(e)),
        }
    }

    /// Parse configuration text; the error is `line:column: what is wrong`.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = ron_options().from_str(text).map_err(|e| config_error(text, &e))?;
        if !(20..=400).contains(&config.reading_width) {
            let at = locate(text, "reading_width", None).map_or(String::new(), |(l, c)| format!("{l}:{c}:"));
            return Err(format!("{at} reading_width must be between 20 and 400, not {}", config.reading_width));
        }
        crate::app::keymap::Keymap::with_patch(&config.keys).map_err(|e| {
            let item = e.item.as_deref().map(|i| format!("\"{i}\""));
            let at = locate(text, &format!("\"{}\"", e.context), item.as_deref());
            format!("{} {e}", at.map_or(String::new(), |(l, c)| format!("{l}:{c}:")))
        })?;
        Ok(config)
    }

    /// The default corpus with a leading `~` expanded.
    pub fn corpus_path(&self) -> Option<PathBuf> {
        self.corpus.as_deref().map(expand_home)
    }

    /// The annotations folder with a leading `~` expanded.
    pub fn annotations_path(&self) -> Option<PathBuf> {
        self.annotations.as_deref().map(expand_home)
    }
}

/// [`ron_error`], with a command gloss does not know named with the closest one it
/// does, rather than all of them.
fn config_error(text: &str, e: &ron::error::SpannedError) -> String {
    if let ron::error::Error::NoSuchEnumVariant { found, outer: Some(outer), .. } = &e.code
        && outer == "Command"
    {
        let closest = closest(found, crate::app::command::TABLE.iter().map(|s| s.name))
            .map_or(String::new(), |name| format!("; did you mean {name}?"));
        return format!("{}: `{found}` is not a command (`gloss config default` lists them){closest}", e.span.start);
    }
    let message = ron_error(text, e);
    // Keys written key first, `{"x": Quit}`: say how they are written.
    let at = locate_offset(text, e.span.start.line, e.span.start.col);
    if matches!(e.code, ron::error::Error::ExpectedIdentifier) && text[..at].contains("keys") {
        return format!("{message}; keys are written command first, then its keys: {{Quit: [\"x\"]}}");
    }
    message
}

/// Of `names`, the one closest to `found` (by edit distance, case aside), if it is
/// close enough to be what was meant: at most three edits away.
pub(crate) fn closest<'a>(found: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found = found.to_lowercase();
    names
        .into_iter()
        .map(|name| (strsim::levenshtein(&name.to_lowercase(), &found), name))
        .min()
        .filter(|(d, _)| *d <= 3)
        .map(|(_, name)| name)
}

/// Byte offset of line `line`, column `col` (both from 1, columns in characters) in
/// `text`.
fn locate_offset(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[start.min(text.len())..];
    start + rest.char_indices().nth(col.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

/// Line and column (from 1, columns in characters) of the first `needle` in the
/// code of `text`, outside `//` comments, and of the first `then` at or after it
/// if given: where a value gloss refused after parsing stands in the file.
pub(crate) fn locate(text: &str, needle: &str, then: Option<&str>) -> Option<(usize, usize)> {
    let mut wanted = needle;
    let mut found_first = false;
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut from = 0;
        while let Some(at) = code[from..].find(wanted).map(|i| from + i) {
            match (found_first, then) {
                (false, Some(next)) => {
                    found_first = true;
                    wanted = next;
                    from = at + needle.len();
                }
                _ => return Some((n + 1, code[..at].chars().count() + 1)),
            }
        }
    }
    None
}

/// `~/x` → the home folder's `x`.
fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(base)) => base.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_config_parses_to_the_defaults_and_lists_every_command() {
        let text = default_config();
        assert_eq!(Config::parse(&text).unwrap(), Config::default());
        for spec in crate::app::command::TABLE {
            assert!(text.contains(&format!("//     {:<18} {}", spec.name, spec.description)), "{}", spec.name);
        }
        // The example keys in it are valid too.
        let example: String = text
            .lines()
            .skip_while(|l| !l.contains("For example:"))
            .skip(1)
            .take_while(|l| l.trim() != "//")
            .map(|l| l.trim_start().trim_start_matches("//").to_owned() + "\n")
            .collect();
        let config = Config::parse(&format!("({example})")).unwrap();
        assert_eq!(config.keys.len(), 3);
    }

    #[test]
    fn empty_config_is_default() {
        assert_eq!(Config::parse("()").unwrap(), Config::default());
    }

    #[test]
    fn fields_parse() {
        let c = Config::parse(r#"(corpus: "~/articles", mouse: false, reading_width: 72)"#).unwrap();
        assert!(!c.mouse);
        assert_eq!(c.reading_width, 72);
        assert!(c.corpus_path().unwrap().ends_with("articles"));
        assert!(!c.corpus_path().unwrap().starts_with("~"));
    }

    #[test]
    fn missing_file_is_default() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Config::load(&dir.path().join("none.ron")).unwrap(), Config::default());
        let named = Config::load_named(&dir.path().join("none.ron")).unwrap_err();
        assert!(named.to_string().ends_with("none.ron: no such file (named by --config)"), "{named}");
        let folder = Config::load_named(dir.path()).unwrap_err();
        assert!(folder.message.starts_with(" cannot read: "), "a folder is not a missing file: {folder}");
    }
}
