//! "Go to article": a fuzzy finder over every article's title (archived and
//! filtered-out ones included), best matches first.

use crossterm::event::KeyEvent;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui_textarea::TextArea;

use super::action::Effect;
use super::command::Command;
use super::library;
use super::state::{Overlay, State};
use super::update::Flow;

/// Matches the finder lists at most.
pub const SHOWN: usize = 200;

/// The finder: what is typed and the entries that match it, best first.
#[derive(Debug, Clone)]
pub struct Finder {
    pub input: TextArea<'static>,
    /// Indices into the library's entries.
    pub matches: Vec<usize>,
    pub selected: usize,
}

impl Finder {
    pub fn text(&self) -> String {
        self.input.lines().join(" ")
    }
}

/// Open the finder.
pub(super) fn open(state: &mut State) {
    let mut finder = Finder { input: TextArea::default(), matches: Vec::new(), selected: 0 };
    refresh(&mut finder, &state.library.entries);
    state.overlays.push(Overlay::Finder(finder));
}

/// Rank every entry's title against what is typed. Empty input lists the
/// entries in path order.
fn refresh(finder: &mut Finder, entries: &[crate::corpus::Entry]) {
    let query = finder.text();
    finder.selected = 0;
    if query.trim().is_empty() {
        let mut all: Vec<usize> = (0..entries.len()).collect();
        all.sort_by(|&a, &b| entries[a].rel.cmp(&entries[b].rel));
        all.truncate(SHOWN);
        finder.matches = all;
        return;
    }
    let pattern = Pattern::parse(&query, CaseMatching::Smart, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let haystack = format!("{} {}", e.title(), e.label);
            pattern.score(Utf32Str::new(&haystack, &mut buf), &mut matcher).map(|score| (score, i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| entries[a.1].rel.cmp(&entries[b.1].rel)));
    finder.matches = scored.into_iter().take(SHOWN).map(|(_, i)| i).collect();
}

/// Keys the finder has no binding for are typing.
pub(super) fn type_key(state: &mut State, key: KeyEvent) {
    let entries = &state.library.entries;
    if let Some(Overlay::Finder(finder)) = state.overlays.last_mut() {
        let input = ratatui_textarea::Input::from(key);
        if input.key != ratatui_textarea::Key::Enter && finder.input.input(input) {
            refresh(finder, entries);
        }
    }
}

/// Commands of the finder: its own, the rest fall through.
pub(super) fn handle(state: &mut State, command: Command, count: usize, fx: &mut Vec<Effect>) -> Flow {
    let Some(Overlay::Finder(finder)) = state.overlays.last_mut() else {
        return Flow::Pass;
    };
    match command {
        Command::Down => {
            finder.selected = library::offset(finder.selected, count as isize, finder.matches.len().saturating_sub(1))
        }
        Command::Up => {
            finder.selected =
                library::offset(finder.selected, -(count as isize), finder.matches.len().saturating_sub(1))
        }
        Command::Back => {
            state.overlays.pop();
        }
        Command::Accept => {
            let chosen = finder.matches.get(finder.selected).copied();
            state.overlays.pop();
            if let Some(i) = chosen {
                let path = state.library.entries[i].path.clone();
                library::select_path(state, &path, fx);
                library::focus_list(state);
            }
        }
        _ => return Flow::Pass,
    }
    Flow::Handled
}
