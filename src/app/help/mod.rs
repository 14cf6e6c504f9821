//! The help overlay: every command's keys, generated from the command table and
//! the keymap in use, so what it says is what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::command::{Command, Section, TABLE};
use super::keymap::{Keymap, Mode};
use super::state::{Overlay, State};
use super::update::Flow;

/// The help, scrolled to `top`, showing the rows that `filter` is found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Help {
    pub top: usize,
    /// Shown are only the rows whose keys or description contain this (ignoring
    /// case), under their sections' titles; empty shows every row.
    pub filter: String,
    /// Whether keys are typing the filter.
    pub typing: bool,
    /// Every row of the help, from the keymap when it opened (the keys cannot change
    /// while it is open), and those the filter keeps.
    pub all: Vec<Row>,
    pub shown: Vec<Row>,
}

impl Help {
    /// The help of `keymap`, unfiltered, at the top.
    pub fn new(keymap: &Keymap) -> Help {
        let all = rows(keymap);
        Help { top: 0, filter: String::new(), typing: false, shown: all.clone(), all }
    }

    /// Keep the rows the filter is found in, after it changed.
    fn refilter(&mut self) {
        self.shown = filtered(&self.all, &self.filter);
        self.top = 0;
    }
}

/// One row of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Title(&'static str),
    Key { keys: String, what: &'static str },
    Blank,
}

/// The modes after the library's, each a section of its own, with its title.
const MODE_SECTIONS: &[(Mode, &str)] = &[
    (Mode::Select, "Selecting text"),
    (Mode::Prompt, "Typing tags, a filter or a tag's name"),
    (Mode::Note, "Writing a note"),
    (Mode::Search, "In a search"),
    (Mode::Finder, "Going to an article"),
    (Mode::Palette, "Running a command by name"),
    (Mode::Confirm, "Answering a question"),
    (Mode::Review, "The review screen"),
    (Mode::Overview, "The overview"),
    (Mode::Help, "In this help"),
];

/// Every row of the help: the library's commands by section, then each other
/// mode's bindings.
pub fn rows(keymap: &Keymap) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut section = |title: &'static str, keys: Vec<Row>| {
        if keys.is_empty() {
            return;
        }
        if !rows.is_empty() {
            rows.push(Row::Blank);
        }
        rows.push(Row::Title(title));
        rows.extend(keys);
    };
    for &s in Section::ALL {
        let keys: Vec<Row> = TABLE
            .iter()
            .filter(|spec| {
                spec.section == s && (spec.command.valid_in(Mode::List) || spec.command.valid_in(Mode::Reader))
            })
            .filter_map(|spec| {
                let keys = library_keys(keymap, spec.command);
                (!keys.is_empty()).then_some(Row::Key { keys, what: spec.description })
            })
            .collect();
        section(s.title(), keys);
    }
    for &(mode, title) in MODE_SECTIONS {
        let keys: Vec<Row> = Command::all()
            .filter_map(|c| {
                let keys = keymap.keys_for(mode, c);
                (!keys.is_empty()).then(|| Row::Key { keys: keys.join(", "), what: c.describe_in(mode) })
            })
            .collect();
        section(title, keys);
    }
    rows
}

/// The rows of the help that `filter` is found in (in the keys or the
/// description, ignoring case), each under its section's title.
pub fn filtered(all: &[Row], filter: &str) -> Vec<Row> {
    let needle = filter.trim().to_lowercase();
    if needle.is_empty() {
        return all.to_vec();
    }
    let mut out = Vec::new();
    let mut title = None;
    for row in all.iter().cloned() {
        match &row {
            Row::Title(t) => title = Some(*t),
            Row::Blank => {}
            Row::Key { keys, what } => {
                if keys.to_lowercase().contains(&needle) || what.to_lowercase().contains(&needle) {
                    if let Some(t) = title.take() {
                        if !out.is_empty() {
                            out.push(Row::Blank);
                        }
                        out.push(Row::Title(t));
                    }
                    out.push(row);
                }
            }
        }
    }
    out
}

/// The keys of `command` in the list and the reader: shared ones plain, the others
/// saying where they work.
fn library_keys(keymap: &Keymap, command: Command) -> String {
    let list = keymap.keys_for(Mode::List, command);
    let reader = keymap.keys_for(Mode::Reader, command);
    let mut keys: Vec<String> = list.iter().filter(|k| reader.contains(k)).cloned().collect();
    keys.extend(list.iter().filter(|k| !reader.contains(k)).map(|k| format!("{k} (list)")));
    keys.extend(reader.iter().filter(|k| !list.contains(k)).map(|k| format!("{k} (reader)")));
    keys.join(", ")
}

/// Rows the help box shows at once, for scrolling. The box is as tall as the whole
/// help would make it, filtered or not.
fn visible(state: &State, help: &Help) -> usize {
    usize::from(super::geometry::help_box(state.area(), help.all.len()).height.saturating_sub(2))
}

/// Open the help over whatever is shown.
pub(super) fn open(state: &mut State) {
    let help = Help::new(&state.keymap);
    state.overlays.push(Overlay::Help(help));
}

/// Keys the help's filter has no binding for are typed into it.
pub(super) fn type_key(state: &mut State, key: KeyEvent) {
    let Some(Overlay::Help(help)) = state.overlays.last_mut() else {
        return;
    };
    if !help.typing {
        return;
    }
    match key.code {
        KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => help.filter.push(c),
        KeyCode::Backspace => {
            help.filter.pop();
        }
        _ => return,
    }
    help.refilter();
}

/// Commands in the help: scrolling, and filtering (`Back` clears a filter before it
/// closes the help); any other closes it.
pub(super) fn handle(state: &mut State, command: super::command::Command, count: usize) -> Flow {
    let Some(Overlay::Help(open)) = state.top() else {
        return Flow::Pass;
    };
    let visible = visible(state, open);
    let max = open.shown.len().saturating_sub(visible);
    let Some(Overlay::Help(help)) = state.overlays.last_mut() else {
        return Flow::Pass;
    };
    let top = help.top;
    if help.typing {
        match command {
            Command::Accept => help.typing = false,
            Command::Back => {
                help.typing = false;
                help.filter.clear();
                help.refilter();
            }
            Command::Down => help.top = top.saturating_add(count).min(max),
            Command::Up => help.top = top.saturating_sub(count),
            Command::Quit => return Flow::Pass,
            _ => {}
        }
        return Flow::Handled;
    }
    let new = match command {
        Command::Search => {
            help.typing = true;
            top
        }
        Command::Back if !help.filter.is_empty() => {
            help.filter.clear();
            help.refilter();
            0
        }
        Command::Down => top.saturating_add(count),
        Command::Up => top.saturating_sub(count),
        Command::PageDown => top.saturating_add(visible.max(1) * count),
        Command::PageUp => top.saturating_sub(visible.max(1) * count),
        Command::Top => 0,
        Command::Bottom => max,
        Command::Quit => return Flow::Pass,
        _ => {
            state.overlays.pop();
            return Flow::Handled;
        }
    };
    help.top = new.min(max);
    Flow::Handled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bound_command_is_in_the_help() {
        let keymap = Keymap::default();
        let rows = rows(&keymap);
        for c in Command::all() {
            let described: Vec<&str> = Mode::ALL.iter().map(|&m| c.describe_in(m)).chain([c.describe()]).collect();
            assert!(
                rows.iter().any(|r| matches!(r, Row::Key { what, .. } if described.contains(what))),
                "{} is not in the help",
                c.name()
            );
        }
        // Space does different things in the list and the reader, and says so.
        assert!(rows.iter().any(|r| matches!(r, Row::Key { keys, .. } if keys.contains("Space (list)"))));
    }

    #[test]
    fn a_filter_keeps_the_rows_it_is_in_under_their_titles() {
        let keymap = Keymap::default();
        let shown = filtered(&rows(&keymap), "TAG");
        assert!(matches!(shown.first(), Some(Row::Title(_))));
        for row in &shown {
            if let Row::Key { keys, what } = row {
                assert!(keys.to_lowercase().contains("tag") || what.contains("tag"), "{keys} {what}");
            }
        }
        assert!(shown.contains(&Row::Title("Annotations")));
        assert!(!shown.contains(&Row::Title("Moving")), "a section with no match is left out");
        assert!(filtered(&rows(&keymap), "zzqx").is_empty());
        assert_eq!(filtered(&rows(&keymap), " "), rows(&keymap));
        // Keys are found too.
        assert!(
            filtered(&rows(&keymap), "ctrl-r")
                .iter()
                .any(|r| matches!(r, Row::Key { what, .. } if *what == "redo what was undone"))
        );
    }
}
