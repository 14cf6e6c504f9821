//! Keys to commands.
//!
//! The default bindings are data: `keys.ron`, embedded in the binary. The user's
//! `keys` table in `config.ron` is applied over them as a patch, and the help overlay
//! is generated from the result, so what the help says is what the keys do.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::command::Command;

const DEFAULT_KEYS: &str = include_str!("keys.ron");

/// A mode with its own bindings: the top overlay's, else the screen's.
///
/// `Normal` holds the bindings the list and the reader share; `List` and `Reader`
/// hold what differs, and fall back to `Normal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Normal,
    /// The library screen, the article list focused.
    List,
    /// The library screen, the reader focused.
    Reader,
    /// Extending a selection in the reader.
    Select,
    /// Typing tags, a filter or a new tag name.
    Prompt,
    /// Writing a note.
    Note,
    /// Typing a search, in the article or across the corpus.
    Search,
    /// Going to an article by title.
    Finder,
    /// Running a command by name.
    Palette,
    /// A question to answer yes or no.
    Confirm,
    Help,
    /// The review screen.
    Review,
    /// The overview screen.
    Overview,
}

impl Mode {
    pub const ALL: &'static [Mode] = &[
        Mode::Normal,
        Mode::List,
        Mode::Reader,
        Mode::Select,
        Mode::Prompt,
        Mode::Note,
        Mode::Search,
        Mode::Finder,
        Mode::Palette,
        Mode::Confirm,
        Mode::Help,
        Mode::Review,
        Mode::Overview,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::List => "list",
            Mode::Reader => "reader",
            Mode::Select => "select",
            Mode::Prompt => "prompt",
            Mode::Note => "note",
            Mode::Search => "search",
            Mode::Finder => "finder",
            Mode::Palette => "palette",
            Mode::Confirm => "confirm",
            Mode::Help => "help",
            Mode::Review => "review",
            Mode::Overview => "overview",
        }
    }

    /// The mode whose bindings this one falls back to.
    pub fn parent(self) -> Option<Mode> {
        match self {
            Mode::List | Mode::Reader => Some(Mode::Normal),
            _ => None,
        }
    }

    /// Modes where typed characters are text, not commands.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Prompt | Mode::Note | Mode::Search | Mode::Finder | Mode::Palette)
    }

    /// Modes where digits typed before a command are a count.
    pub fn takes_counts(self) -> bool {
        matches!(self, Mode::Normal | Mode::List | Mode::Reader | Mode::Select | Mode::Review)
    }

    /// The mode named `name`, or by another name it goes by (`selection`).
    fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL
            .iter()
            .copied()
            .find(|m| m.name() == name)
            .or_else(|| ALIASES.iter().find(|(n, _)| *n == name).map(|(_, m)| *m))
    }
}

/// One key with its modifiers, as bindings compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Chord {
    /// Only Ctrl and Alt count: Shift is already in the character (`G`, `?`).
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Chord {
        let mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Chord { code, mods }
    }

    /// Parse a key name like `j`, `G`, `ctrl-d`, `pgdn`, `space`.
    pub fn parse(name: &str) -> Result<Chord, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = name;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" => KeyCode::Insert,
            f if f.starts_with('f') && f.len() > 1 && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) => {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            s if s.chars().count() == 1 => KeyCode::Char(s.chars().next().unwrap_or(' ')),
            _ => return Err(format!("unknown key `{name}`")),
        };
        Ok(Chord::new(code, mods))
    }
}

impl From<KeyEvent> for Chord {
    fn from(key: KeyEvent) -> Chord {
        Chord::new(key.code, key.modifiers)
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A sequence of chords bound to one command.
pub type Keys = Vec<Chord>;

/// What a sequence of keys typed so far means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Command(Command),
    /// The start of a longer binding: wait for the next key.
    Prefix,
    Unbound,
}

/// Bindings for every mode. A mode's own table may also unbind a key its parent
/// binds (`None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    modes: BTreeMap<Mode, HashMap<Keys, Option<Command>>>,
}

/// A user's patch: per context (a mode's name), each command given its keys there,
/// in gloss's key notation (`"j"`, `"ctrl-f"`, `"g g"`). The keys replace the
/// command's default keys in that context; an empty list unbinds it.
pub type Patch = BTreeMap<String, BTreeMap<Command, Vec<String>>>;

/// Another name a context may be given in a patch.
const ALIASES: &[(&str, Mode)] = &[("selection", Mode::Select)];

/// A mistake in a patch: what is wrong, and the context and key it is about (to find
/// it in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchError {
    pub context: String,
    /// The key (as written) or command the problem is about, if one.
    pub item: Option<String>,
    pub message: String,
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "keys.{}: {}", self.context, self.message)
    }
}

impl Default for Keymap {
    fn default() -> Self {
        let table: BTreeMap<String, BTreeMap<String, Command>> =
            ron::from_str(DEFAULT_KEYS).expect("the built-in key table parses");
        let mut map = Keymap { modes: BTreeMap::new() };
        for (mode, keys) in table {
            let mode = Mode::from_name(&mode).expect("the built-in key table names known modes");
            for (keys, command) in keys {
                let keys = parse_keys(&keys).expect("the built-in key table names known keys");
                map.modes.entry(mode).or_default().insert(keys, Some(command));
            }
        }
        map
    }
}

fn parse_keys(text: &str) -> Result<Keys, String> {
    let keys: Keys = text.split(' ').filter(|s| !s.is_empty()).map(Chord::parse).collect::<Result<_, _>>()?;
    if keys.is_empty() {
        return Err("empty key".into());
    }
    Ok(keys)
}

/// The name key files use for `command`.
fn name_of(command: Command) -> &'static str {
    command.spec().name
}

fn show_keys(keys: &Keys) -> String {
    keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
}

impl Keymap {
    /// The defaults with `patch` applied. A key given to two commands in one
    /// context, or one that would hide a longer sequence bound there, is refused
    /// rather than resolved either way.
    pub fn with_patch(patch: &Patch) -> Result<Keymap, PatchError> {
        let mut map = Keymap::default();
        for (context, commands) in patch {
            let fail = |item: Option<String>, message: String| PatchError { context: context.clone(), item, message };
            let mode = Mode::from_name(context).ok_or_else(|| {
                let known: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
                fail(None, format!("unknown context `{context}` (contexts are {})", known.join(", ")))
            })?;
            // First every command given here loses its keys in this context (its
            // parent's too, as seen from here), then it gets the new ones.
            for command in commands.keys() {
                let inherited: Vec<Keys> = mode
                    .parent()
                    .and_then(|p| map.modes.get(&p))
                    .into_iter()
                    .flatten()
                    .filter(|(_, c)| **c == Some(*command))
                    .map(|(k, _)| k.clone())
                    .collect();
                let own = map.modes.entry(mode).or_default();
                own.retain(|_, c| *c != Some(*command));
                for keys in inherited {
                    own.entry(keys).or_insert(None);
                }
            }
            // In the order written, so the first mistake is always the one told.
            let mut given: Vec<(Keys, Command, &String)> = Vec::new();
            for (command, names) in commands {
                for name in names {
                    let keys = parse_keys(name).map_err(|e| fail(Some(name.clone()), e))?;
                    if let Some((_, other, _)) = given.iter().find(|(k, c, _)| *k == keys && c != command) {
                        let message =
                            format!("`{name}` is given to both {} and {}", name_of(*other), name_of(*command));
                        return Err(fail(Some(name.clone()), message));
                    }
                    given.push((keys, *command, name));
                }
            }
            for (keys, command, name) in &given {
                if let Some(other) = map.bound(mode, keys).filter(|other| other != command) {
                    let message = format!(
                        "`{name}` is bound to both {} and {} here; give {} other keys (or none: `{}: []`)",
                        name_of(other),
                        name_of(*command),
                        name_of(other),
                        name_of(other)
                    );
                    return Err(fail(Some((*name).clone()), message));
                }
                let longer = map.chain(mode).find(|(k, c)| k.len() > keys.len() && k.starts_with(keys) && c != command);
                if let Some((longer, other)) = longer {
                    let message = format!(
                        "`{name}` would hide `{}` ({}), which starts with it",
                        show_keys(longer),
                        name_of(other)
                    );
                    return Err(fail(Some((*name).clone()), message));
                }
                let shorter = (1..keys.len()).find_map(|n| map.bound(mode, &keys[..n]).map(|c| (n, c)));
                if let Some((n, other)) = shorter.filter(|(_, c)| c != command) {
                    let message = format!(
                        "`{name}` starts with `{}`, which is {}: it could never be typed",
                        show_keys(&keys[..n].to_vec()),
                        name_of(other)
                    );
                    return Err(fail(Some((*name).clone()), message));
                }
                map.modes.entry(mode).or_default().insert(keys.clone(), Some(*command));
            }
        }
        Ok(map)
    }

    /// What `keys` run in `mode` (its own table, else its parent's).
    fn bound(&self, mode: Mode, keys: &[Chord]) -> Option<Command> {
        match self.own(mode, keys) {
            Some(found) => found,
            None => mode.parent().and_then(|p| self.own(p, keys)).flatten(),
        }
    }

    /// What `mode`'s own table says of `keys`: `Some(None)` for an unbinding.
    fn own(&self, mode: Mode, keys: &[Chord]) -> Option<Option<Command>> {
        self.modes.get(&mode)?.get(keys).copied()
    }

    /// What the keys typed so far mean in `mode`.
    pub fn lookup(&self, mode: Mode, typed: &[Chord]) -> Lookup {
        let mut at = Some(mode);
        while let Some(m) = at {
            match self.own(m, typed) {
                Some(Some(command)) => return Lookup::Command(command),
                Some(None) => return Lookup::Unbound,
                None => {}
            }
            at = m.parent();
        }
        let prefix = self.chain(mode).any(|(k, _)| k.len() > typed.len() && k.starts_with(typed));
        if prefix { Lookup::Prefix } else { Lookup::Unbound }
    }

    /// Every binding in force in `mode`: its own, then its parent's that it does not
    /// override.
    fn chain(&self, mode: Mode) -> impl Iterator<Item = (&Keys, Command)> + '_ {
        let own = self.modes.get(&mode);
        let parent = mode.parent().and_then(|p| self.modes.get(&p));
        let own_bound = own.into_iter().flatten().filter_map(|(k, c)| c.map(|c| (k, c)));
        let inherited = parent
            .into_iter()
            .flatten()
            .filter(move |(k, _)| own.is_none_or(|o| !o.contains_key(*k)))
            .filter_map(|(k, c)| c.map(|c| (k, c)));
        own_bound.chain(inherited)
    }

    /// The bindings of `mode`'s own table, as (command, keys shown).
    pub fn bindings(&self, mode: Mode) -> Vec<(Command, String)> {
        let mut out: Vec<(Command, String)> =
            self.modes.get(&mode).into_iter().flatten().filter_map(|(k, c)| c.map(|c| (c, show_keys(k)))).collect();
        out.sort();
        out
    }

    /// Keys bound to two commands are reported: within one mode a key has one
    /// meaning by construction, so this finds a key whose binding in a child mode
    /// hides its parent's binding to a different command (intended for `Space`,
    /// which opens the next unread article in the list and pages in the reader).
    pub fn overrides(&self, mode: Mode) -> Vec<(String, Command, Command)> {
        let Some(parent) = mode.parent() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, c) in self.modes.get(&mode).into_iter().flatten() {
            if let (Some(c), Some(Some(p))) = (c, self.own(parent, k))
                && *c != p
            {
                out.push((show_keys(k), *c, p));
            }
        }
        out.sort();
        out
    }

    /// The keys bound to `command` in `mode` (own and inherited), single characters
    /// first.
    pub fn keys_for(&self, mode: Mode, command: Command) -> Vec<String> {
        let mut keys: Vec<&Keys> = self.chain(mode).filter(|(_, c)| *c == command).map(|(k, _)| k).collect();
        // Letters first, then other characters, then named keys and chords.
        keys.sort_by_key(|k| {
            let rank = match (k.len(), k[0].code, k[0].mods.is_empty()) {
                (1, KeyCode::Char(c), true) if c.is_alphanumeric() => 0,
                (1, KeyCode::Char(c), true) if c != ' ' => 1,
                _ => 2,
            };
            (rank, k.len(), show_keys(k))
        });
        keys.dedup();
        keys.into_iter().map(show_keys).collect()
    }

    /// The first key bound to `command`, for hints ("? help").
    pub fn hint(&self, mode: Mode, command: Command) -> Option<String> {
        self.keys_for(mode, command).into_iter().next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Vec<Chord> {
        parse_keys(s).unwrap()
    }

    #[test]
    fn defaults_cover_the_documented_keys() {
        let map = Keymap::default();
        let n = Mode::Reader;
        for (k, c) in [
            ("j", Command::Down),
            ("down", Command::Down),
            ("k", Command::Up),
            ("enter", Command::Open),
            ("tab", Command::FocusNext),
            ("h", Command::FocusList),
            ("l", Command::FocusReader),
            ("space", Command::PageDown),
            ("s", Command::ToggleStar),
            ("m", Command::ToggleRead),
            ("pgdn", Command::PageDown),
            ("b", Command::PageUp),
            ("pgup", Command::PageUp),
            ("g", Command::Top),
            ("G", Command::Bottom),
            ("?", Command::Help),
            ("q", Command::Quit),
        ] {
            assert_eq!(map.lookup(n, &key(k)), Lookup::Command(c), "{k}");
        }
    }

    #[test]
    fn shift_is_in_the_character_and_ctrl_is_case_blind() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Chord::from(shifted), Chord::parse("G").unwrap());
        let ctrl = KeyEvent::new(KeyCode::Char('D'), KeyModifiers::CONTROL | KeyModifiers::SHIFT);
        assert_eq!(Chord::from(ctrl), Chord::parse("ctrl-d").unwrap());
    }

    fn patch(entries: &[(&str, Command, &[&str])]) -> Patch {
        let mut patch = Patch::new();
        for (context, command, keys) in entries {
            let keys = keys.iter().map(|k| (*k).to_owned()).collect();
            patch.entry((*context).to_owned()).or_default().insert(*command, keys);
        }
        patch
    }

    #[test]
    fn patch_gives_commands_their_keys_and_takes_the_old_ones_away() {
        let map = Keymap::with_patch(&patch(&[
            ("normal", Command::Quit, &["x"]),
            ("normal", Command::Bottom, &["] z", "end"]),
        ]))
        .unwrap();
        assert_eq!(map.lookup(Mode::Normal, &key("x")), Lookup::Command(Command::Quit));
        assert_eq!(map.lookup(Mode::Normal, &key("q")), Lookup::Unbound, "Quit's old key is gone");
        assert_eq!(map.lookup(Mode::Normal, &key("]")), Lookup::Prefix);
        assert_eq!(map.lookup(Mode::Normal, &key("] z")), Lookup::Command(Command::Bottom));
        assert_eq!(map.lookup(Mode::Normal, &key("G")), Lookup::Unbound);
        assert_eq!(map.keys_for(Mode::Reader, Command::Quit), ["x"], "the list replaces every default key");
    }

    #[test]
    fn an_empty_list_unbinds_and_a_child_context_hides_its_parent() {
        let map = Keymap::with_patch(&patch(&[("list", Command::Quit, &[])])).unwrap();
        assert_eq!(map.lookup(Mode::List, &key("q")), Lookup::Unbound);
        assert_eq!(map.lookup(Mode::Reader, &key("q")), Lookup::Command(Command::Quit));
        assert!(map.keys_for(Mode::List, Command::Quit).is_empty());
        let map = Keymap::with_patch(&patch(&[("reader", Command::PageDown, &["f5"])])).unwrap();
        assert_eq!(map.keys_for(Mode::Reader, Command::PageDown), ["F5"]);
        assert_eq!(map.lookup(Mode::Reader, &key("pgdn")), Lookup::Unbound);
        assert_eq!(map.lookup(Mode::List, &key("pgdn")), Lookup::Command(Command::PageDown));
        let map = Keymap::with_patch(&patch(&[("selection", Command::Tag, &["T"])])).unwrap();
        assert_eq!(map.lookup(Mode::Select, &key("T")), Lookup::Command(Command::Tag));
    }

    #[test]
    fn a_key_given_two_meanings_is_refused() {
        // Taken from a command that keeps it.
        let e = Keymap::with_patch(&patch(&[("normal", Command::Quit, &["s"])])).unwrap_err();
        assert_eq!(e.item.as_deref(), Some("s"));
        assert!(e.message.contains("bound to both ToggleStar and Quit"), "{e}");
        // Given twice in the patch.
        let e = Keymap::with_patch(&patch(&[("normal", Command::Quit, &["x"]), ("normal", Command::Bottom, &["x"])]))
            .unwrap_err();
        assert!(e.message.contains("given to both"), "{e}");
        // Moved: the command that had it gets another key in the same patch.
        let ok = patch(&[("normal", Command::Quit, &["s"]), ("normal", Command::ToggleStar, &["f6"])]);
        assert!(Keymap::with_patch(&ok).is_ok());
        // A key that would hide a sequence, or a sequence behind a key.
        let e = Keymap::with_patch(&patch(&[("normal", Command::Quit, &["]"])])).unwrap_err();
        assert!(e.message.contains("would hide"), "{e}");
        let e = Keymap::with_patch(&patch(&[("normal", Command::Quit, &["s q"])])).unwrap_err();
        assert!(e.message.contains("could never be typed"), "{e}");
    }

    #[test]
    fn of_two_mistakes_the_same_one_is_always_told() {
        // `s` stars, `]` starts the annotation sequences: both are refused, `s` first.
        let twice = patch(&[("normal", Command::Quit, &["s", "]"])]);
        for _ in 0..20 {
            assert_eq!(Keymap::with_patch(&twice).unwrap_err().item.as_deref(), Some("s"));
        }
    }

    #[test]
    fn patch_errors_name_the_problem() {
        let e = Keymap::with_patch(&patch(&[("nromal", Command::Quit, &["x"])])).unwrap_err();
        assert!(e.to_string().contains("unknown context `nromal`"), "{e}");
        let e = Keymap::with_patch(&patch(&[("normal", Command::Quit, &["hyper-x"])])).unwrap_err();
        assert!(e.to_string().contains("unknown key `hyper-x`"), "{e}");
    }

    #[test]
    fn list_and_reader_share_normal_and_differ_where_they_say() {
        let map = Keymap::default();
        assert_eq!(map.lookup(Mode::List, &key("space")), Lookup::Command(Command::NextUnread));
        assert_eq!(map.lookup(Mode::Reader, &key("space")), Lookup::Command(Command::PageDown));
        assert_eq!(map.lookup(Mode::List, &key("j")), Lookup::Command(Command::Down));
        assert_eq!(map.overrides(Mode::List), [("Space".to_owned(), Command::NextUnread, Command::PageDown)]);
        assert_eq!(map.hint(Mode::List, Command::Help).as_deref(), Some("?"));
    }
}
