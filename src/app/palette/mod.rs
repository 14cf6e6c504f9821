//! The command palette: every command that does something where it is opened,
//! found by typing part of its name or its description (fuzzy, best first), and run
//! as if its key had been pressed there.

use crossterm::event::KeyEvent;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui_textarea::TextArea;

use super::action::Effect;
use super::command::{Command, Section, TABLE};
use super::keymap::Mode;
use super::library;
use super::state::{Overlay, State};
use super::update::{self, Flow};

/// One command the palette lists, with where what is typed matched it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub command: Command,
    /// Positions (in characters) of [`name`] that match what is typed.
    pub in_name: Vec<usize>,
    /// Positions (in characters) of the description that match what is typed.
    pub in_description: Vec<usize>,
}

/// One command as the palette lists it, worked out once when the palette opens (the
/// keys cannot change while it is open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub command: Command,
    /// Its name in words ([`name`]).
    pub name: String,
    /// What it does in the mode under the palette.
    pub description: &'static str,
    /// Its keys there, from the keymap in use, joined.
    pub keys: String,
}

/// The palette: what is typed, the mode under it and the commands that match.
#[derive(Debug, Clone)]
pub struct Palette {
    pub input: TextArea<'static>,
    /// The mode the palette was opened in: its commands are listed, with their keys
    /// there, and the chosen one is run in it.
    pub under: Mode,
    /// Every command listed, in the order of the table.
    pub entries: Vec<Entry>,
    pub matches: Vec<Match>,
    pub selected: usize,
}

impl Palette {
    pub fn text(&self) -> String {
        self.input.lines().join(" ")
    }

    /// The command Enter would run.
    pub fn chosen(&self) -> Option<Command> {
        self.matches.get(self.selected).map(|m| m.command)
    }
}

/// The commands the palette lists over `mode`, in the order of the table: those
/// that do something there, less the palette itself and what only works while
/// typing.
pub fn commands(mode: Mode) -> impl Iterator<Item = Command> {
    TABLE
        .iter()
        .filter(move |spec| {
            spec.command.valid_in(mode) && spec.command != Command::Palette && spec.section != Section::Typing
        })
        .map(|spec| spec.command)
}

/// A command's name in words: `ToggleStar` is "toggle star", `Priority2` "priority 2".
pub fn name(command: Command) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in command.name().chars() {
        let starts_word = match previous {
            Some(p) => c.is_uppercase() || (c.is_ascii_digit() && !p.is_ascii_digit()),
            None => false,
        };
        if starts_word {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
        previous = Some(c);
    }
    out
}

/// The palette over `under`, with the keys of `keymap`, nothing typed yet.
pub fn new(under: Mode, keymap: &super::keymap::Keymap) -> Palette {
    let entries = commands(under)
        .map(|command| Entry {
            command,
            name: name(command),
            description: command.describe_in(under),
            keys: keymap.keys_for(under, command).join(", "),
        })
        .collect();
    let mut palette = Palette { input: TextArea::default(), under, entries, matches: Vec::new(), selected: 0 };
    refresh(&mut palette);
    palette
}

/// Open the palette over what is shown.
pub(super) fn open(state: &mut State) {
    let palette = new(state.mode(), &state.keymap);
    state.overlays.push(Overlay::Palette(palette));
}

/// Match every listed command's name and description against what is typed. Empty
/// input lists them all in the order of the table.
fn refresh(palette: &mut Palette) {
    let query = palette.text();
    palette.selected = 0;
    let listed = palette.entries.iter();
    if query.trim().is_empty() {
        palette.matches =
            listed.map(|e| Match { command: e.command, in_name: Vec::new(), in_description: Vec::new() }).collect();
        return;
    }
    let pattern = Pattern::parse(&query, CaseMatching::Smart, Normalization::Smart);
    // What is typed is usually the start of a name: matches nearer the start rank higher.
    let mut config = Config::DEFAULT;
    config.prefer_prefix = true;
    let mut matcher = Matcher::new(config);
    let mut buf = Vec::new();
    let mut indices = Vec::new();
    let mut scored: Vec<(u32, usize, Match)> = listed
        .enumerate()
        .filter_map(|(order, entry)| {
            let (command, name) = (entry.command, &entry.name);
            let haystack = format!("{name} {}", entry.description);
            indices.clear();
            let score = pattern.indices(Utf32Str::new(&haystack, &mut buf), &mut matcher, &mut indices)?;
            indices.sort_unstable();
            indices.dedup();
            let split = name.chars().count();
            let at = indices.iter().map(|&i| i as usize);
            let in_name = at.clone().filter(|&i| i < split).collect();
            let in_description = at.filter(|&i| i > split).map(|i| i - split - 1).collect();
            Some((score, order, Match { command, in_name, in_description }))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    palette.matches = scored.into_iter().map(|(_, _, m)| m).collect();
}

/// Keys the palette has no binding for are typing.
pub(super) fn type_key(state: &mut State, key: KeyEvent) {
    if let Some(Overlay::Palette(palette)) = state.overlays.last_mut() {
        let input = ratatui_textarea::Input::from(key);
        if input.key != ratatui_textarea::Key::Enter && palette.input.input(input) {
            refresh(palette);
        }
    }
}

/// Commands of the palette: its own; the rest fall through.
pub(super) fn handle(state: &mut State, command: Command, count: usize, fx: &mut Vec<Effect>) -> Flow {
    let Some(Overlay::Palette(palette)) = state.overlays.last_mut() else {
        return Flow::Pass;
    };
    let last = palette.matches.len().saturating_sub(1);
    match command {
        Command::Down => palette.selected = library::offset(palette.selected, count as isize, last),
        Command::Up => palette.selected = library::offset(palette.selected, -(count as isize), last),
        Command::Back => {
            state.overlays.pop();
        }
        Command::Accept => {
            let chosen = palette.chosen();
            state.overlays.pop();
            // Run where the palette was opened, as its key would have run it there.
            if let Some(chosen) = chosen {
                update::run(state, chosen, 1, fx);
            }
        }
        _ => return Flow::Pass,
    }
    Flow::Handled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_spelled_in_words() {
        assert_eq!(name(Command::ToggleStar), "toggle star");
        assert_eq!(name(Command::Priority2), "priority 2");
        assert_eq!(name(Command::GoToArticle), "go to article");
        assert_eq!(name(Command::Down), "down");
    }

    #[test]
    fn the_palette_lists_what_works_in_its_mode_and_not_itself() {
        let list: Vec<Command> = commands(Mode::List).collect();
        assert!(list.contains(&Command::ToggleStar) && list.contains(&Command::NextUnread));
        assert!(!list.contains(&Command::Palette) && !list.contains(&Command::Accept));
        let review: Vec<Command> = commands(Mode::Review).collect();
        assert!(review.contains(&Command::RenameTag) && !review.contains(&Command::ToggleStar));
        let reader: Vec<Command> = commands(Mode::Reader).collect();
        assert!(!reader.contains(&Command::NextUnread), "the list's own");
    }

    #[test]
    fn typing_ranks_the_named_command_first_and_marks_what_matched() {
        let mut palette = new(Mode::List, &crate::app::keymap::Keymap::default());
        palette.input.insert_str("star");
        refresh(&mut palette);
        assert_eq!(palette.chosen(), Some(Command::ToggleStar));
        assert_eq!(palette.matches[0].in_name, [7, 8, 9, 10]);
        palette.input = TextArea::default();
        palette.input.insert_str("zzqx");
        refresh(&mut palette);
        assert!(palette.matches.is_empty());
        assert_eq!(palette.chosen(), None);
    }
}
