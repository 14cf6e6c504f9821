//! Everything the screen shows, in one value. Changed only by [`super::update`].
//!
//! The state is a screen (the library, the review, the overview) with a stack of
//! overlays over it (help, a prompt, a selection, a search bar, the finder, a
//! question). The mode keys are looked up in is the top overlay's, else the
//! screen's: it is stored in what is open, never worked out from flags.

use std::path::{Path, PathBuf};

use ratatui::layout::Rect;

use super::finder::Finder;
use super::geometry::{self, Panes};
use super::help::Help;
use super::keymap::{Chord, Keymap, Mode};
use super::library::{Focus, Library, Reader};
use super::overview::Overview;
use super::palette::Palette;
use super::prompt::{Confirm, Prompt};
use super::review::Review;
use super::search::SearchBar;
use super::selection::Selection;
use crate::notice::Notice;

/// Settings that come from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub reading_width: u16,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { reading_width: 80 }
    }
}

/// The themes that can be switched between, by name, and the one in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeChoice {
    /// Never empty.
    pub names: Vec<String>,
    pub current: usize,
}

impl ThemeChoice {
    /// These themes, on the one called `current` (else the first).
    pub fn new(names: Vec<String>, current: &str) -> ThemeChoice {
        let mut names = names;
        if names.is_empty() {
            names.push("default".to_owned());
        }
        let current = names.iter().position(|n| n == current).unwrap_or(0);
        ThemeChoice { names, current }
    }

    /// The name of the theme in use.
    pub fn name(&self) -> &str {
        &self.names[self.current]
    }

    /// On to the next theme, after the last the first.
    pub fn next(&mut self) {
        self.current = (self.current + 1) % self.names.len();
    }
}

impl Default for ThemeChoice {
    fn default() -> Self {
        ThemeChoice::new(vec!["default".to_owned()], "default")
    }
}

/// The screen under the overlays.
#[derive(Debug, Clone)]
pub enum Screen {
    /// The article list beside the reader.
    Library,
    /// Passages by tag across the corpus.
    Review(Box<Review>),
    /// Charts of tags and articles over time.
    Overview(Box<Overview>),
}

/// Something open over the screen; the last one on the stack gets the keys.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help(Help),
    /// Selecting text in the reader.
    Select(Selection),
    /// Typing tags, a note, a filter or a tag's new name.
    Prompt(Prompt),
    /// Typing a search, in the article, across the corpus or over passages.
    Search(SearchBar),
    /// Going to an article by title.
    Finder(Finder),
    /// Running a command by name.
    Palette(Palette),
    /// A yes-or-no question before something that cannot be taken back by a key.
    Confirm(Confirm),
}

impl Overlay {
    pub fn mode(&self) -> Mode {
        match self {
            // Typing what the help is to show is typing a search.
            Overlay::Help(h) if h.typing => Mode::Search,
            Overlay::Help(_) => Mode::Help,
            Overlay::Select(_) => Mode::Select,
            Overlay::Prompt(p) if p.is_note() => Mode::Note,
            Overlay::Prompt(_) => Mode::Prompt,
            Overlay::Search(_) => Mode::Search,
            Overlay::Finder(_) => Mode::Finder,
            Overlay::Palette(_) => Mode::Palette,
            Overlay::Confirm(_) => Mode::Confirm,
        }
    }
}

/// The whole application state.
#[derive(Debug, Clone)]
pub struct State {
    /// The corpus folder, and how to show it.
    pub root: PathBuf,
    pub root_label: String,
    pub screen: Screen,
    /// The screen a passage was opened from, which `Esc` in the reader goes back to.
    pub previous: Option<Box<Screen>>,
    pub overlays: Vec<Overlay>,
    /// The list and the reader: kept while another screen is shown, so going back
    /// finds them as they were.
    pub library: Library,
    pub size: (u16, u16),
    pub mouse: bool,
    /// A notice for the status bar, cleared by the next key.
    pub message: Option<Notice>,
    pub keymap: Keymap,
    /// Keys of an unfinished sequence, and a count typed before a command.
    pub typed: Vec<Chord>,
    pub count: Option<usize>,
    pub settings: Settings,
    /// The themes there are, and the one drawn with.
    pub themes: ThemeChoice,
    pub quit: bool,
}

impl State {
    pub fn new(root: &Path, keymap: Keymap, settings: Settings) -> State {
        State {
            root: root.to_path_buf(),
            root_label: crate::text::sanitize_line(&root.to_string_lossy()),
            screen: Screen::Library,
            previous: None,
            overlays: Vec::new(),
            library: Library::default(),
            size: (80, 24),
            mouse: true,
            message: None,
            keymap,
            typed: Vec::new(),
            count: None,
            settings,
            themes: ThemeChoice::default(),
            quit: false,
        }
    }

    /// The mode keys are looked up in: the top overlay's, else the screen's.
    pub fn mode(&self) -> Mode {
        if let Some(top) = self.overlays.last() {
            return top.mode();
        }
        match (&self.screen, self.library.focus) {
            (Screen::Review(_), _) => Mode::Review,
            (Screen::Overview(_), _) => Mode::Overview,
            (Screen::Library, Focus::List) => Mode::List,
            (Screen::Library, Focus::Reader) => Mode::Reader,
        }
    }

    pub fn top(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    pub fn top_mut(&mut self) -> Option<&mut Overlay> {
        self.overlays.last_mut()
    }

    /// The open prompt, wherever it is on the stack.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Prompt(p) => Some(p),
            _ => None,
        })
    }

    /// The selection being made in the reader, if one is.
    pub fn selection(&self) -> Option<&Selection> {
        self.overlays.iter().rev().find_map(|o| match o {
            Overlay::Select(s) => Some(s),
            _ => None,
        })
    }

    pub fn selection_mut(&mut self) -> Option<&mut Selection> {
        self.overlays.iter_mut().rev().find_map(|o| match o {
            Overlay::Select(s) => Some(s),
            _ => None,
        })
    }

    /// Close every overlay of this kind.
    pub fn close(&mut self, is: impl Fn(&Overlay) -> bool) {
        self.overlays.retain(|o| !is(o));
    }

    pub fn is_library(&self) -> bool {
        matches!(self.screen, Screen::Library)
    }

    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    pub fn panes(&self) -> Panes {
        geometry::panes(self.area(), self.library.focus)
    }

    /// Completions for the tag being typed in the prompt, best first.
    pub fn completions(&self) -> &[(String, usize)] {
        self.prompt().map_or(&[], |p| &p.completions)
    }

    pub fn reader(&self) -> Option<&Reader> {
        self.library.reader.as_ref()
    }

    /// Index of "the annotation here", which `c`, `e`, `d` and `y` act on: the one
    /// in focus if it is on screen, else the first one on screen.
    pub fn annotation_here(&self) -> Option<usize> {
        let reader = self.library.reader.as_ref()?;
        let end = (reader.top + self.reader_height()).min(reader.page.len());
        let items = &reader.annotations.items;
        let on_screen: Vec<usize> = (reader.top..end).flat_map(|i| reader.items_on_line(i)).collect();
        let focused = reader.focus.as_ref().and_then(|id| items.iter().position(|r| r.annotation.id == *id));
        match focused {
            Some(i) if on_screen.contains(&i) => Some(i),
            _ => on_screen.into_iter().min(),
        }
    }

    /// The reader pane's rectangle when the reader is shown (whatever the focus).
    pub fn reader_rect(&self) -> Rect {
        geometry::panes(self.area(), Focus::Reader).reader.unwrap_or_default()
    }

    /// Width of the reading column.
    pub fn text_width(&self) -> usize {
        geometry::text_width(self.reader_rect(), self.settings.reading_width)
    }

    /// Display lines the reader shows at once.
    pub fn reader_height(&self) -> usize {
        usize::from(self.reader_rect().height)
    }

    /// Article rows the list shows at once.
    pub fn list_height(&self) -> usize {
        geometry::panes(self.area(), Focus::List).list_rows().map_or(0, |r| usize::from(r.height))
    }

    /// Rows of the main area (all but the status bar), for full-screen screens.
    pub fn main_height(&self) -> usize {
        usize::from(self.size.1.saturating_sub(1))
    }
}
