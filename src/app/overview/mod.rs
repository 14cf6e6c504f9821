//! The overview screen: passages per tag, and articles and tagged passages over
//! time by article date, worked out from the list's entries when it opens.

use std::collections::BTreeMap;

use super::command::Command;
use super::library::Library;
use super::state::{Screen, State};
use super::update::Flow;

/// One month of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub year: i32,
    pub month: u8,
    pub articles: usize,
    pub passages: usize,
}

/// What the overview shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overview {
    /// Top-level tags with their passages (a parent counts its children), most first.
    pub tags: Vec<(String, usize)>,
    /// Every month from the first dated article to the last, empty ones included.
    pub months: Vec<Month>,
    pub articles: usize,
    pub passages: usize,
    pub undated_articles: usize,
    pub undated_passages: usize,
    pub starred: usize,
    pub archived: usize,
    pub unread: usize,
    /// How far the tag list is scrolled.
    pub top: usize,
}

impl Overview {
    pub fn build(library: &Library) -> Overview {
        let mut tags: BTreeMap<String, usize> = BTreeMap::new();
        let mut months: BTreeMap<(i32, u8), (usize, usize)> = BTreeMap::new();
        let mut o = Overview { articles: library.entries.len(), ..Overview::default() };
        let (unread, starred, archived, _) = library.counts();
        (o.unread, o.starred, o.archived) = (unread, starred, archived);
        for e in &library.entries {
            o.passages += e.annotations;
            for (tag, n) in &e.tags {
                let top = tag.split('/').next().unwrap_or(tag);
                *tags.entry(top.to_owned()).or_insert(0) += n;
            }
            match e.meta.as_ref().and_then(|m| m.date) {
                Some(d) => {
                    let slot = months.entry((d.year(), d.month())).or_insert((0, 0));
                    slot.0 += 1;
                    slot.1 += e.annotations;
                }
                None => {
                    o.undated_articles += 1;
                    o.undated_passages += e.annotations;
                }
            }
        }
        let mut tags: Vec<(String, usize)> = tags.into_iter().collect();
        tags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        o.tags = tags;
        if let (Some((&first, _)), Some((&last, _))) = (months.first_key_value(), months.last_key_value()) {
            let (mut y, mut m) = first;
            // Every month between, so gaps show as gaps (bounded: a stray date far
            // off does not make the chart unreadably long).
            while (y, m) <= last && o.months.len() < 1200 {
                let (articles, passages) = months.get(&(y, m)).copied().unwrap_or((0, 0));
                o.months.push(Month { year: y, month: m, articles, passages });
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        }
        o
    }
}

/// Open the overview (`O`).
pub(super) fn open(state: &mut State) {
    state.overlays.clear();
    state.screen = Screen::Overview(Box::new(Overview::build(&state.library)));
}

/// Commands of the overview: scrolling the tag chart and going back.
pub(super) fn handle(state: &mut State, command: Command, count: usize) -> Flow {
    let Screen::Overview(o) = &mut state.screen else {
        return Flow::Pass;
    };
    let max = o.tags.len().saturating_sub(1);
    match command {
        Command::Down => o.top = super::library::offset(o.top, count as isize, max),
        Command::Up => o.top = super::library::offset(o.top, -(count as isize), max),
        Command::PageDown => o.top = super::library::offset(o.top, 10 * count as isize, max),
        Command::PageUp => o.top = super::library::offset(o.top, -(10 * count as isize), max),
        Command::Top => o.top = 0,
        Command::Bottom => o.top = max,
        Command::Back => state.screen = Screen::Library,
        _ => return Flow::Pass,
    }
    Flow::Handled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Date, Encoding, Entry, Format, Meta, TitleFrom};

    fn entry(name: &str, date: Option<(i32, u8)>, tags: &[(&str, usize)]) -> Entry {
        Entry {
            path: name.into(),
            rel: name.into(),
            label: name.into(),
            annotations: tags.iter().map(|t| t.1).sum(),
            tags: tags.iter().map(|(t, n)| ((*t).to_owned(), *n)).collect(),
            meta: Some(Meta {
                title: name.into(),
                title_from: TitleFrom::FileName,
                kicker: None,
                byline: None,
                date: date.and_then(|(year, month)| Date::new(year, month, 1)),
                source: None,
                words: 10,
                format: Format::Text,
                encoding: Encoding::Utf8,
                encoding_from: crate::corpus::EncodingFrom::Utf8,
                lossy: false,
                provenance: Default::default(),
                main_text_guessed: false,
            }),
            ..Entry::default()
        }
    }

    #[test]
    fn months_run_without_gaps_and_undated_are_counted() {
        let lib = Library {
            entries: vec![
                entry("a", Some((2023, 11)), &[("groups/ttp", 2)]),
                entry("b", Some((2024, 2)), &[("groups", 1), ("border", 1)]),
                entry("c", None, &[("border", 3)]),
            ],
            ..Library::default()
        };
        let o = Overview::build(&lib);
        let months: Vec<(i32, u8, usize, usize)> =
            o.months.iter().map(|m| (m.year, m.month, m.articles, m.passages)).collect();
        assert_eq!(months, [(2023, 11, 1, 2), (2023, 12, 0, 0), (2024, 1, 0, 0), (2024, 2, 1, 2)]);
        assert_eq!((o.undated_articles, o.undated_passages), (1, 3));
        assert_eq!(o.tags, [("border".to_owned(), 4), ("groups".to_owned(), 3)]);
        assert_eq!(o.passages, 7);
    }
}
