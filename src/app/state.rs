//! Everything the screen shows, in one value. Changed only by [`super::update`].

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use ratatui_textarea::{CursorMove, TextArea};

use ratatui::layout::Rect;

use super::geometry::{self, Panes};
use super::keymap::{Chord, Keymap, Mode};
use super::page::{Header, LineKind, Page, Source};
use super::selection::Selection;
use crate::annotate::Annotations;
use crate::corpus::{Article, Entry, Skip};
use crate::store::Position;

/// Completions the tag prompt offers at most.
pub const COMPLETIONS: usize = 6;

/// Which pane keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Reader,
}

/// The article in the reading pane.
#[derive(Debug, Clone)]
pub struct Reader {
    pub path: PathBuf,
    /// Path relative to the corpus, sanitised for display.
    pub label: String,
    pub article: Article,
    pub page: Page,
    /// First display line on screen.
    pub top: usize,
    /// The user has opened it (not just previewed it from the list): its position is
    /// remembered and it counts as read.
    pub opened: bool,
    /// Its annotations, each with where its passage is now.
    pub annotations: Annotations,
    /// The annotation last moved to, created or clicked (by id): "the annotation
    /// here" when it is on screen.
    pub focus: Option<String>,
    pub selection: Option<Selection>,
    /// Sentence ranges of the text, computed the first time a selection needs them.
    pub sentences: Vec<Range<usize>>,
    /// What opening the annotations found (passages moved, changed or gone), told
    /// when the article is opened rather than only previewed.
    pub notice: Option<crate::notice::Notice>,
}

impl Reader {
    /// Reading-text offset of the first line on screen.
    pub fn position(&self) -> Position {
        Position { offset: if self.top == 0 { 0 } else { self.page.offset_of_line(self.top) } }
    }

    /// The annotations (by index) whose passage shares text with `range` of the
    /// reading text; an empty range counts as the character at its start.
    pub fn items_over(&self, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let end = range.end.max(range.start + 1);
        let items = &self.annotations.items;
        (0..items.len()).filter(move |&i| items[i].range.as_ref().is_some_and(|x| x.start < end && x.end > range.start))
    }

    /// The first display line of annotation `i`: where its passage starts, or its
    /// quote among the orphans.
    pub fn line_of_item(&self, i: usize) -> Option<usize> {
        match &self.annotations.items.get(i)?.range {
            Some(range) => self.page.line_showing(range.start),
            None => {
                // Orphans are listed at the end of the page: look from there.
                let lines = &self.page.lines;
                let quote = LineKind::OrphanQuote { item: i };
                let last = lines.iter().rposition(|l| l.kind == quote)?;
                (0..=last).rev().take_while(|&j| lines[j].kind == quote).last()
            }
        }
    }

    /// The annotations display line `i` belongs to: those over its text, or the
    /// one whose tags, note or orphaned quote it shows.
    pub fn items_on_line(&self, i: usize) -> Vec<usize> {
        let line = &self.page.lines[i];
        match line.kind {
            LineKind::Tags { item, .. }
            | LineKind::Changed { item }
            | LineKind::Note { item }
            | LineKind::OrphanQuote { item } => vec![item],
            _ if line.source == Source::Text => self.items_over(line.range.clone()).collect(),
            _ => Vec::new(),
        }
    }
}

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

/// The whole application state.
#[derive(Debug, Clone)]
pub struct State {
    /// The corpus folder, and how to show it.
    pub root: PathBuf,
    pub root_label: String,
    /// Articles in path order.
    pub entries: Vec<Entry>,
    pub scanning: bool,
    /// Some article has a date (so the list shows a date column).
    pub has_dates: bool,
    pub skipped: Vec<Skip>,
    pub selected: usize,
    /// First article row on screen.
    pub list_top: usize,
    pub reader: Option<Reader>,
    /// The article asked for and not yet loaded, and whether to open it when it comes.
    pub loading: Option<(PathBuf, bool)>,
    /// Why the selected article could not be shown.
    pub reader_error: Option<(PathBuf, String)>,
    pub focus: Focus,
    /// Help overlay open, scrolled to this row.
    pub help: Option<usize>,
    pub size: (u16, u16),
    pub mouse: bool,
    pub show_boilerplate: bool,
    /// A message for the status bar, cleared by the next key.
    pub message: Option<crate::notice::Notice>,
    pub keymap: Keymap,
    /// Keys of an unfinished sequence, and a count typed before a command.
    pub typed: Vec<Chord>,
    pub count: Option<usize>,
    pub settings: Settings,
    /// Remembered reading positions; an article with one has been read.
    pub positions: HashMap<PathBuf, Position>,
    /// A tag prompt or note editor, when one is open.
    pub prompt: Option<Prompt>,
    /// The tags last applied, for repeating with `.`.
    pub last_tags: Vec<String>,
    /// Every tag used in the corpus, with how many annotations carry it.
    pub tag_counts: BTreeMap<String, usize>,
    /// Where a mouse drag in the reader started (byte offset of the text).
    pub drag: Option<usize>,
    pub quit: bool,
}

/// What a prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// Tags for a new annotation on this byte range of the text.
    NewTags(Range<usize>),
    /// New tags for the annotation with this id.
    EditTags(String),
    /// A note for a new annotation on this byte range.
    NewNote(Range<usize>),
    /// The note of the annotation with this id.
    EditNote(String),
}

/// An open tag prompt or note editor.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    /// The article the prompt is about: a prompt never outlives it.
    pub article: PathBuf,
    pub input: TextArea<'static>,
    /// What the input held when the prompt opened (to know if anything would be lost).
    pub original: String,
    /// Completions for the tag being typed, best first (refreshed as it changes).
    pub completions: Vec<(String, usize)>,
    /// The highlighted completion.
    pub choice: usize,
    /// A first `Esc` on a changed note only warns; the second discards.
    pub discard_armed: bool,
}

impl Prompt {
    pub fn new(kind: PromptKind, article: &Path, text: &str) -> Prompt {
        let lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let mut input = TextArea::new(lines);
        input.move_cursor(CursorMove::Bottom);
        input.move_cursor(CursorMove::End);
        Prompt {
            kind,
            article: article.to_path_buf(),
            input,
            original: text.to_owned(),
            completions: Vec::new(),
            choice: 0,
            discard_armed: false,
        }
    }

    /// Work out the completions for what is typed now.
    pub fn refresh(&mut self, tag_counts: &BTreeMap<String, usize>) {
        self.completions = if self.is_note() {
            Vec::new()
        } else {
            crate::annotate::tags::complete(tag_counts, &self.token(), &self.typed_tags(), COMPLETIONS)
        };
        self.choice = 0;
    }

    /// True when closing would lose something typed.
    pub fn is_changed(&self) -> bool {
        self.text() != self.original
    }

    pub fn is_note(&self) -> bool {
        matches!(self.kind, PromptKind::NewNote(_) | PromptKind::EditNote(_))
    }

    pub fn text(&self) -> String {
        self.input.lines().join("\n")
    }

    /// The tag being typed: what follows the last comma.
    pub fn token(&self) -> String {
        let text = self.text();
        text.rsplit(',').next().unwrap_or("").trim().to_owned()
    }

    /// The tags already typed before the current one.
    pub fn typed_tags(&self) -> Vec<String> {
        let text = self.text();
        match text.rsplit_once(',') {
            Some((done, _)) => crate::annotate::tags::parse_list(done),
            None => Vec::new(),
        }
    }
}

impl State {
    pub fn new(root: &Path, keymap: Keymap, settings: Settings) -> State {
        State {
            root: root.to_path_buf(),
            root_label: crate::text::sanitize_line(&root.to_string_lossy()),
            entries: Vec::new(),
            scanning: true,
            has_dates: false,
            skipped: Vec::new(),
            selected: 0,
            list_top: 0,
            reader: None,
            loading: None,
            reader_error: None,
            focus: Focus::List,
            help: None,
            size: (80, 24),
            mouse: true,
            show_boilerplate: false,
            message: None,
            keymap,
            typed: Vec::new(),
            count: None,
            settings,
            positions: HashMap::new(),
            prompt: None,
            last_tags: Vec::new(),
            tag_counts: BTreeMap::new(),
            drag: None,
            quit: false,
        }
    }

    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    pub fn panes(&self) -> Panes {
        geometry::panes(self.area(), self.focus)
    }

    /// The mode keys are looked up in.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Help
        } else if let Some(prompt) = &self.prompt {
            if prompt.is_note() { Mode::Note } else { Mode::Prompt }
        } else if self.focus == Focus::Reader && self.reader.as_ref().is_some_and(|r| r.selection.is_some()) {
            Mode::Select
        } else {
            Mode::Normal
        }
    }

    /// Completions for the tag being typed in the prompt, best first.
    pub fn completions(&self) -> &[(String, usize)] {
        self.prompt.as_ref().map_or(&[], |p| &p.completions)
    }

    /// Index of "the annotation here", which `c`, `e`, `d` and `y` act on: the one
    /// in focus if it is on screen, else the first one on screen.
    pub fn annotation_here(&self) -> Option<usize> {
        let reader = self.reader.as_ref()?;
        let end = (reader.top + self.reader_height()).min(reader.page.lines.len());
        let items = &reader.annotations.items;
        let on_screen: Vec<usize> = (reader.top..end).flat_map(|i| reader.items_on_line(i)).collect();
        let focused = reader.focus.as_ref().and_then(|id| items.iter().position(|r| r.annotation.id == *id));
        match focused {
            Some(i) if on_screen.contains(&i) => Some(i),
            _ => on_screen.into_iter().min(),
        }
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.entries.get(self.selected)
    }

    /// Has the article at `path` been opened before?
    pub fn is_read(&self, path: &Path) -> bool {
        self.positions.contains_key(path)
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

    /// Build a page for `article` and its annotations at the current width and
    /// folding.
    pub fn layout(&self, article: &Article, label: &str, annotations: &Annotations) -> Page {
        let header = Header { file: label, annotations };
        Page::build(article, header, self.text_width(), self.show_boilerplate)
    }

    /// True while the reader shows an article other than the one asked for.
    pub fn reader_is_stale(&self) -> bool {
        match (&self.loading, &self.reader) {
            (Some((wanted, _)), Some(reader)) => *wanted != reader.path,
            _ => false,
        }
    }
}
