//! The search overlay: incremental search in the article (`/`, then `n`/`N`),
//! corpus-wide search whose results stream in from a worker, and the review
//! screen's passage filter. Matching is [`crate::search`]'s; this is the state of
//! the bar and of the matches in the reader.

use std::ops::Range;

use crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::action::Effect;
use super::command::Command;
use super::library;
use super::state::{Overlay, Screen, State};
use super::update::Flow;
use crate::notice::Notice;
use crate::search::{Hit, Pattern};

/// Matches kept for one article at most (a one-letter search in a huge article
/// would otherwise keep millions).
pub const MAX_MATCHES: usize = 1_000_000;

/// What the bar searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The article in the reader, as you type.
    Article,
    /// Every article of the corpus, when Enter is pressed.
    Corpus,
    /// The passages on the review screen, as you type.
    Passages,
}

/// The search bar, and for a corpus search its results.
#[derive(Debug, Clone)]
pub struct SearchBar {
    pub scope: Scope,
    pub input: TextArea<'static>,
    /// Why the pattern is searched literally, or cannot be searched.
    pub problem: Option<String>,
    /// The reader's first line when the bar opened, to go back to on cancel.
    pub origin: usize,
    /// Corpus search: results so far, the one selected and the first on screen.
    pub results: Vec<Hit>,
    pub selected: usize,
    pub top: usize,
    /// Corpus search: the query the results are for, while or after searching.
    pub searched: Option<String>,
    pub searching: bool,
    /// Which search the results belong to (results of an older one are dropped).
    pub id: u64,
    /// Articles searched, when done.
    pub articles: usize,
}

impl SearchBar {
    fn new(scope: Scope, origin: usize, text: &str, id: u64) -> SearchBar {
        let mut input = TextArea::new(vec![text.to_owned()]);
        input.move_cursor(ratatui_textarea::CursorMove::End);
        SearchBar {
            scope,
            input,
            problem: None,
            origin,
            results: Vec::new(),
            selected: 0,
            top: 0,
            searched: None,
            searching: false,
            id,
            articles: 0,
        }
    }

    pub fn text(&self) -> String {
        self.input.lines().join(" ")
    }
}

/// The matches of a search in the article in the reader.
#[derive(Debug, Clone)]
pub struct Matches {
    pub query: String,
    pub pattern: Pattern,
    /// Byte ranges in the reading text, in order.
    pub ranges: Vec<Range<usize>>,
    /// The match `n`/`N` last went to.
    pub current: Option<usize>,
    /// More matches than were kept.
    pub capped: bool,
}

impl Matches {
    pub fn find(query: &str, pattern: Pattern, text: &str) -> Matches {
        let mut ranges: Vec<Range<usize>> = pattern.find_iter(text).take(MAX_MATCHES + 1).collect();
        let capped = ranges.len() > MAX_MATCHES;
        ranges.truncate(MAX_MATCHES);
        Matches { query: query.to_owned(), pattern, ranges, current: None, capped }
    }

    /// The same search in a new version of the text.
    pub fn refreshed(self, text: &str) -> Matches {
        Matches::find(&self.query, self.pattern, text)
    }

    /// The first match at or after `offset`, wrapping to the first.
    fn from(&self, offset: usize) -> Option<usize> {
        if self.ranges.is_empty() {
            return None;
        }
        let i = self.ranges.partition_point(|r| r.start < offset);
        Some(if i < self.ranges.len() { i } else { 0 })
    }

    /// The matches that overlap `range`, by index.
    pub fn overlapping(&self, range: Range<usize>) -> Range<usize> {
        let first = self.ranges.partition_point(|r| r.end <= range.start);
        let last = self.ranges.partition_point(|r| r.start < range.end);
        first..last.max(first)
    }
}

/// Open the bar over the reader (`/`).
pub(super) fn open_in_article(state: &mut State) {
    let Some(reader) = state.library.reader.as_ref() else {
        return;
    };
    let text = reader.search.as_ref().map(|m| m.query.clone()).unwrap_or_default();
    let origin = reader.top;
    state.overlays.push(Overlay::Search(SearchBar::new(Scope::Article, origin, &text, 0)));
    if !text.is_empty() {
        refresh_article(state);
    }
}

/// Open the bar for a search of the whole corpus.
pub(super) fn open_corpus(state: &mut State, next_id: u64) {
    let text =
        state.library.reader.as_ref().and_then(|r| r.search.as_ref()).map(|m| m.query.clone()).unwrap_or_default();
    state.overlays.push(Overlay::Search(SearchBar::new(Scope::Corpus, 0, &text, next_id)));
}

/// Open the bar over the review screen's passages.
pub(super) fn open_passages(state: &mut State, text: &str) {
    state.overlays.push(Overlay::Search(SearchBar::new(Scope::Passages, 0, text, 0)));
}

fn bar(state: &mut State) -> Option<&mut SearchBar> {
    match state.overlays.last_mut() {
        Some(Overlay::Search(bar)) => Some(bar),
        _ => None,
    }
}

/// Keys the bar has no binding for are typing.
pub(super) fn type_key(state: &mut State, key: KeyEvent) {
    let Some(bar) = bar(state) else {
        return;
    };
    let input = ratatui_textarea::Input::from(key);
    if input.key == ratatui_textarea::Key::Enter {
        return;
    }
    if !bar.input.input(input) {
        return;
    }
    match bar.scope {
        Scope::Article => refresh_article(state),
        Scope::Passages => {
            let text = bar.text();
            super::review::filter_passages(state, &text);
        }
        Scope::Corpus => {}
    }
}

/// Search the article again for what the bar holds, going to the first match from
/// where the search started.
fn refresh_article(state: &mut State) {
    let height = state.reader_height().max(1);
    let Some(Overlay::Search(bar)) = state.overlays.last_mut() else {
        return;
    };
    let query = bar.text();
    let origin = bar.origin;
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    if query.is_empty() {
        bar.problem = None;
        reader.search = None;
        reader.top = origin;
        return;
    }
    let pattern = match Pattern::new(&query) {
        Ok(p) => p,
        Err(e) => {
            bar.problem = Some(e.to_string());
            reader.search = None;
            return;
        }
    };
    bar.problem = pattern.fallback().map(str::to_owned);
    let mut matches = Matches::find(&query, pattern, &reader.article.text);
    let start = if origin == 0 { 0 } else { reader.page.offset_of_line(origin) };
    matches.current = matches.from(start);
    let first = matches.current.map(|i| matches.ranges[i].start);
    reader.search = Some(matches);
    match first {
        Some(at) => {
            if let Some(line) = reader.line_exact(at)
                && (line < reader.top || line >= reader.top + height)
            {
                let max = reader.page.len().saturating_sub(height);
                reader.top = line.saturating_sub(height / 4).min(max);
            }
        }
        None => reader.top = origin,
    }
}

/// `n`/`N`: the next or previous match, wrapping at the ends.
pub(super) fn step(state: &mut State, steps: isize) {
    let Some(reader) = state.library.reader.as_mut() else {
        return;
    };
    let Some(matches) = reader.search.as_mut() else {
        state.message = Some(Notice::NoSearch);
        return;
    };
    let n = matches.ranges.len();
    if n == 0 {
        state.message = Some(Notice::NoMatch { query: matches.query.clone() });
        return;
    }
    // From the match on screen, else from the top of the screen.
    let top_offset = reader.page.offset_of_line(reader.top);
    let current = matches.current.unwrap_or_else(|| {
        let i = matches.ranges.partition_point(|r| r.start < top_offset);
        if steps > 0 { (i + n - 1) % n } else { i % n }
    });
    let target = (current as isize + steps).rem_euclid(n as isize) as usize;
    let wrapped = (steps > 0 && target < current) || (steps < 0 && target > current);
    matches.current = Some(target);
    let at = matches.ranges[target].start;
    let (index, total, capped) = (target, n, matches.capped);
    library::show_offset(state, at);
    state.message = Some(Notice::MatchAt { index, total, capped, wrapped });
}

/// Commands of the bar: its own, the rest fall through.
pub(super) fn handle(state: &mut State, command: Command, count: usize, fx: &mut Vec<Effect>) -> Flow {
    let page = state.main_height().saturating_sub(4).max(1);
    let Some(bar) = bar(state) else {
        return Flow::Pass;
    };
    match (bar.scope, command) {
        (_, Command::Back) => {
            let bar = bar.clone();
            state.overlays.pop();
            match bar.scope {
                Scope::Article => {
                    if let Some(reader) = state.library.reader.as_mut() {
                        reader.search = None;
                        reader.top = bar.origin;
                    }
                }
                Scope::Corpus if bar.searching => fx.push(Effect::CancelSearch),
                Scope::Corpus => {}
                Scope::Passages => super::review::filter_passages(state, ""),
            }
        }
        (Scope::Article, Command::Accept) => {
            state.overlays.pop();
            match state.library.reader.as_ref().and_then(|r| r.search.as_ref()) {
                Some(m) if m.ranges.is_empty() => state.message = Some(Notice::NoMatch { query: m.query.clone() }),
                Some(m) => {
                    let (index, total, capped) = (m.current.unwrap_or(0), m.ranges.len(), m.capped);
                    state.message = Some(Notice::MatchAt { index, total, capped, wrapped: false });
                }
                None => {}
            }
        }
        (Scope::Article, Command::Down | Command::Up) => {
            let steps = if command == Command::Down { count as isize } else { -(count as isize) };
            step(state, steps);
        }
        (Scope::Passages, Command::Accept) => {
            state.overlays.pop();
        }
        (Scope::Passages, Command::Down | Command::Up) => {
            state.overlays.pop();
            return super::review::handle(state, command, count, fx);
        }
        (Scope::Corpus, Command::Accept) => {
            let text = bar.text();
            if bar.searched.as_deref() == Some(text.as_str()) && !bar.results.is_empty() {
                let hit = bar.results[bar.selected.min(bar.results.len() - 1)].clone();
                open_hit(state, &text, &hit, fx);
            } else if !text.trim().is_empty() {
                match Pattern::new(&text) {
                    Ok(pattern) => {
                        bar.problem = pattern.fallback().map(str::to_owned);
                        bar.id += 1;
                        bar.results.clear();
                        bar.selected = 0;
                        bar.top = 0;
                        bar.searched = Some(text.clone());
                        bar.searching = true;
                        bar.articles = 0;
                        fx.push(Effect::SearchCorpus { id: bar.id, query: text });
                    }
                    Err(e) => bar.problem = Some(e.to_string()),
                }
            }
        }
        (Scope::Corpus, Command::Down | Command::Up | Command::PageDown | Command::PageUp) => {
            let delta = match command {
                Command::Down => count as isize,
                Command::Up => -(count as isize),
                Command::PageDown => (page * count) as isize,
                _ => -((page * count) as isize),
            };
            bar.selected = library::offset(bar.selected, delta, bar.results.len().saturating_sub(1));
        }
        _ => return Flow::Pass,
    }
    Flow::Handled
}

/// Open the article of `hit` at the match, with the search's matches shown there.
fn open_hit(state: &mut State, query: &str, hit: &Hit, fx: &mut Vec<Effect>) {
    state.overlays.clear();
    state.screen = Screen::Library;
    library::open_at(state, &hit.path, hit.bytes.start, fx);
    state.library.pending_search = Some(query.to_owned());
    library::apply_pending_search(state);
}

/// Results of corpus search `id` found so far.
pub(super) fn on_hits(state: &mut State, id: u64, hits: Vec<Hit>) {
    if let Some(bar) = state.overlays.iter_mut().rev().find_map(|o| match o {
        Overlay::Search(b) if b.scope == Scope::Corpus && b.id == id => Some(b),
        _ => None,
    }) {
        bar.results.extend(hits);
    }
}

/// Corpus search `id` is done, after searching `articles` articles.
pub(super) fn on_done(state: &mut State, id: u64, articles: usize) {
    if let Some(bar) = state.overlays.iter_mut().rev().find_map(|o| match o {
        Overlay::Search(b) if b.scope == Scope::Corpus && b.id == id => Some(b),
        _ => None,
    }) {
        bar.searching = false;
        bar.articles = articles;
        if bar.results.is_empty() {
            let query = bar.searched.clone().unwrap_or_default();
            state.message = Some(Notice::NoMatch { query });
        }
    }
}
