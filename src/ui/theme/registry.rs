//! The themes there are: the built-in ones and the user's, by name.
//!
//! User themes are the `*.ron` files of a folder (the config folder's `themes/`),
//! each named by its file stem; one with a built-in theme's name takes its place.
//! Each file inherits what it leaves out from another theme (`default` unless it
//! says `inherits: "…"`); a user file named like a built-in theme that inherits its
//! own name inherits from the built-in one. A file that does not parse, inherits
//! from a theme there is not, or inherits in a circle is left out, with a problem
//! naming the file, the line and the column; the others load.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use super::{Theme, ThemePatch};
use crate::app::state::ThemeChoice;
use crate::notice::Notice;
use crate::text::sanitize_line;

/// The built-in themes, in the order they are offered: name and file.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../../../themes/default.ron")),
    ("dark", include_str!("../../../themes/dark.ron")),
    ("light", include_str!("../../../themes/light.ron")),
    ("high-contrast", include_str!("../../../themes/high-contrast.ron")),
];

/// Every theme that loaded, by name: the built-in ones first, in their order, then
/// the user's, sorted.
#[derive(Debug, Clone)]
pub struct Themes {
    themes: Vec<(String, Theme)>,
}

/// A theme file: where it is (as problems name it), its text, and what it parsed to.
struct Source {
    name: String,
    file: String,
    user: bool,
    text: String,
    patch: Option<ThemePatch>,
}

/// How resolving a theme went, remembered so each is worked out once.
#[derive(Clone)]
enum Resolved {
    Loaded(Box<Theme>),
    /// Did not load; the problem has been told.
    Failed,
}

impl Themes {
    /// The built-in themes, and those in `user_dir` (`*.ron`, a missing folder is no
    /// themes), with a line for each file that could not be used: `file:line:column:
    /// what is wrong`.
    pub fn load(user_dir: Option<&Path>) -> (Themes, Vec<String>) {
        let mut problems = Vec::new();
        let mut sources: Vec<Source> = BUILT_IN
            .iter()
            .map(|(name, text)| Source {
                name: (*name).to_owned(),
                file: format!("themes/{name}.ron (built in)"),
                user: false,
                text: (*text).to_owned(),
                patch: None,
            })
            .collect();
        if let Some(dir) = user_dir {
            sources.extend(user_files(dir, &mut problems));
        }
        for source in &mut sources {
            match ThemePatch::parse(&source.text) {
                Ok(patch) => source.patch = Some(patch),
                Err(e) => problems.push(format!("{}:{e}", source.file)),
            }
        }
        let mut resolver = Resolver { sources: &sources, done: vec![None; sources.len()], problems: &mut problems };
        for i in 0..sources.len() {
            resolver.resolve(i, &mut Vec::new());
        }
        let done = resolver.done;
        // By name: the user's theme where it loaded, else the built-in one.
        let mut themes: Vec<(String, Theme)> = Vec::new();
        let order = BUILT_IN.iter().map(|(n, _)| (*n).to_owned()).chain(
            sources.iter().filter(|s| s.user && !BUILT_IN.iter().any(|(n, _)| *n == s.name)).map(|s| s.name.clone()),
        );
        for name in order {
            let loaded = |user: bool| {
                sources.iter().zip(&done).find_map(|(s, r)| match r {
                    Some(Resolved::Loaded(theme)) if s.name == name && s.user == user => Some((**theme).clone()),
                    _ => None,
                })
            };
            if let Some(theme) = loaded(true).or_else(|| loaded(false)) {
                themes.push((name, theme));
            }
        }
        (Themes { themes }, problems)
    }

    /// The built-in themes alone (read once).
    pub fn built_in() -> &'static Themes {
        static BUILT: OnceLock<Themes> = OnceLock::new();
        BUILT.get_or_init(|| {
            let (themes, problems) = Themes::load(None);
            debug_assert!(problems.is_empty(), "{problems:?}");
            themes
        })
    }

    /// The names of the themes, built-in ones first.
    pub fn names(&self) -> Vec<&str> {
        self.themes.iter().map(|(n, _)| n.as_str()).collect()
    }

    pub fn get(&self, name: &str) -> Option<Theme> {
        self.themes.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone())
    }

    /// The themes of `choice`, in its order, ready to draw with: what [`current`]
    /// picks from.
    pub fn in_order(&self, choice: &ThemeChoice) -> Vec<Theme> {
        choice.names.iter().map(|n| self.get(n).unwrap_or_default()).collect()
    }

    /// What a run starts on: these themes, on `wanted` (the default theme when it is
    /// not given or not one of them), with what to tell: the first of `problems`
    /// (from [`Themes::load`]) and how many more, else that `wanted` is not a theme.
    pub fn choose(&self, wanted: Option<&str>, problems: &[String]) -> (ThemeChoice, Option<Notice>) {
        let wanted = wanted.unwrap_or("default");
        let names: Vec<String> = self.names().into_iter().map(str::to_owned).collect();
        let choice = ThemeChoice::new(names, wanted);
        let notice = match problems.first() {
            Some(first) => Some(Notice::ThemeProblem { problem: first.clone(), more: problems.len() - 1 }),
            None if choice.name() != wanted => {
                Some(Notice::UnknownTheme { name: wanted.to_owned(), known: choice.names.clone() })
            }
            None => None,
        };
        (choice, notice)
    }
}

/// The `*.ron` files of `dir`, sorted by name.
fn user_files(dir: &Path, problems: &mut Vec<String>) -> Vec<Source> {
    let shown = |p: &Path| sanitize_line(&p.to_string_lossy());
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            problems.push(format!("{}: cannot read the folder: {e}", shown(dir)));
            return Vec::new();
        }
    };
    let mut files = BTreeMap::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "ron")
            && path.is_file()
            && let Some(stem) = path.file_stem()
        {
            files.insert(stem.to_string_lossy().into_owned(), path);
        }
    }
    files
        .into_iter()
        .filter_map(|(name, path)| match std::fs::read_to_string(&path) {
            Ok(text) => Some(Source { name, file: shown(&path), user: true, text, patch: None }),
            Err(e) => {
                problems.push(format!("{}: cannot read: {e}", shown(&path)));
                None
            }
        })
        .collect()
}

struct Resolver<'a> {
    sources: &'a [Source],
    done: Vec<Option<Resolved>>,
    problems: &'a mut Vec<String>,
}

impl Resolver<'_> {
    /// The theme of source `i` over what it inherits. `chain` holds the sources
    /// being worked out, each inheriting from the next.
    fn resolve(&mut self, i: usize, chain: &mut Vec<usize>) -> Resolved {
        if let Some(done) = &self.done[i] {
            return done.clone();
        }
        let source = &self.sources[i];
        let Some(patch) = &source.patch else {
            self.done[i] = Some(Resolved::Failed);
            return Resolved::Failed;
        };
        let parent_name = patch.inherits.as_deref().unwrap_or("default");
        let at = || {
            let (line, col) = crate::config::locate(&source.text, "inherits", None).unwrap_or((1, 1));
            format!("{}:{line}:{col}", source.file)
        };
        let parent = if !source.user && source.name == "default" {
            None
        } else if parent_name == source.name {
            // A user theme over the built-in one of its name; a built-in one cannot.
            let built_in = self.sources.iter().position(|s| !s.user && s.name == parent_name);
            match built_in {
                Some(b) if source.user => Some(b),
                _ => return self.fail(i, format!("{}: a theme cannot inherit from itself", at())),
            }
        } else {
            match self.find(parent_name) {
                Some(p) => Some(p),
                None => {
                    let known: Vec<&str> = self.names();
                    let what = format!(
                        "{}: inherits \"{}\", which is not a theme (the themes are {})",
                        at(),
                        sanitize_line(parent_name),
                        known.join(", ")
                    );
                    return self.fail(i, what);
                }
            }
        };
        let base = match parent {
            None => Theme::blank(),
            Some(p) => {
                if let Some(start) = chain.iter().position(|&c| c == p) {
                    // A circle: every theme in it fails, and it is told once.
                    let circle = [i].into_iter().chain(chain[start..].iter().copied()).chain([i]);
                    let names: Vec<&str> = circle.map(|c| self.sources[c].name.as_str()).collect();
                    let what = format!("{}: themes inherit from each other in a circle: {}", at(), names.join(" → "));
                    for &c in &chain[start..] {
                        self.done[c] = Some(Resolved::Failed);
                    }
                    return self.fail(i, what);
                }
                chain.push(i);
                let parent = self.resolve(p, chain);
                chain.pop();
                match parent {
                    Resolved::Loaded(theme) => *theme,
                    // Part of a circle found further up: already told.
                    Resolved::Failed if self.done[i].is_some() => return Resolved::Failed,
                    Resolved::Failed => {
                        let what = format!("{}: inherits \"{}\", which did not load", at(), sanitize_line(parent_name));
                        return self.fail(i, what);
                    }
                }
            }
        };
        let resolved = Resolved::Loaded(Box::new(patch.apply(&base)));
        self.done[i] = Some(resolved.clone());
        resolved
    }

    fn fail(&mut self, i: usize, problem: String) -> Resolved {
        self.problems.push(problem);
        self.done[i] = Some(Resolved::Failed);
        Resolved::Failed
    }

    /// The source a theme of this name inherits from: the user's that parsed, else
    /// the built-in one.
    fn find(&self, name: &str) -> Option<usize> {
        let parsed =
            |user: bool| self.sources.iter().position(|s| s.name == name && s.user == user && s.patch.is_some());
        parsed(true).or_else(|| parsed(false))
    }

    /// The names of the themes there are, for a problem to list.
    fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for s in self.sources.iter().filter(|s| s.patch.is_some()) {
            if !names.contains(&s.name.as_str()) {
                names.push(&s.name);
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn built_in_themes_load_in_order() {
        let (themes, problems) = Themes::load(None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(themes.names(), ["default", "dark", "light", "high-contrast"]);
        assert_eq!(themes.get("default"), Some(Theme::default()));
        assert_eq!(themes.get("nope"), None);
    }

    #[test]
    fn user_themes_inherit_override_and_sort_after_the_built_in_ones() {
        let dir = folder(&[
            ("zed.ron", r#"(inherits: "mine", link: (bold: true))"#),
            ("mine.ron", r#"(inherits: "dark", heading: (fg: "red"))"#),
            ("default.ron", "(quote: (underline: true))"),
            ("notes.txt", "not a theme"),
        ]);
        let (themes, problems) = Themes::load(Some(dir.path()));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(themes.names(), ["default", "dark", "light", "high-contrast", "mine", "zed"]);
        let dark = Theme::built_in("dark").unwrap();
        let zed = themes.get("zed").unwrap();
        assert_eq!(zed.heading.style().fg, Some(ratatui::style::Color::Red));
        assert_eq!(zed.status, dark.status);
        // The user's default is the built-in one with a change, and others inherit it.
        let default = themes.get("default").unwrap();
        assert_eq!(default.heading, Theme::default().heading);
        assert!(default.quote.style().add_modifier.contains(ratatui::style::Modifier::UNDERLINED));
    }

    #[test]
    fn unknown_parents_and_circles_are_problems_naming_the_file() {
        let dir = folder(&[
            ("a.ron", r#"(inherits: "b")"#),
            ("b.ron", "(\n  inherits: \"a\",\n)"),
            ("c.ron", r#"(inherits: "nope")"#),
            ("d.ron", r#"(inherits: "c")"#),
            ("e.ron", r#"(inherits: "e")"#),
        ]);
        let (themes, problems) = Themes::load(Some(dir.path()));
        assert_eq!(themes.names(), ["default", "dark", "light", "high-contrast"]);
        assert_eq!(problems.len(), 4, "{problems:#?}");
        let about = |file: &str| problems.iter().find(|p| p.contains(file)).cloned().unwrap_or_default();
        assert!(about("b.ron").contains("b.ron:2:3: themes inherit from each other in a circle: b → a → b"));
        assert!(!problems.iter().any(|p| p.contains("a.ron")), "a circle is told once");
        assert!(about("c.ron").contains("c.ron:1:2: inherits \"nope\", which is not a theme (the themes are"));
        assert!(about("c.ron").contains("default, dark, light, high-contrast, a, b, c, d, e)"));
        assert!(about("d.ron").contains("inherits \"c\", which did not load"));
        assert!(about("e.ron").contains("cannot inherit from itself"));
    }
}
