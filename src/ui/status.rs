//! The status bar: where you are, how far through, and the keys that matter now.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::keymap::Mode;
use crate::app::{Command, PromptKind, Screen, State};
use crate::notice::Level;
use crate::text::width::{truncate, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let total = usize::from(area.width);
    let right = format!(" {} ", right_side(state));
    let (left, left_style) = match &state.message {
        Some(notice) => {
            let style = match notice.level() {
                Level::Info => theme.status_message.style(),
                Level::Warning | Level::Error => theme.status_warning.style(),
            };
            (super::notice::text(notice, &state.keymap), style)
        }
        None => (left_side(state), theme.status.style()),
    };
    // The position on the right always shows; the title or message keeps up to half
    // the bar; as many key hints as fit go between (help first, so it is always
    // discoverable).
    let right_w = width(&right);
    let keep = (width(&left) + 2).min(total / 2).max(24);
    let hints = hints(state, total.saturating_sub(right_w + keep));
    let hints_w = if hints.is_empty() { 0 } else { width(&hints) + 2 };
    let left = format!(" {}", truncate(&left, total.saturating_sub(right_w + hints_w + 1)));
    let left_w = width(&left);
    let gap = total.saturating_sub(left_w + width(&hints) + right_w);
    let line = Line::from(vec![
        Span::styled(left, left_style),
        Span::styled(" ".repeat(gap), theme.status.style()),
        Span::styled(hints, theme.status_key.style()),
        Span::styled(right, theme.status.style()),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.status.style()), area);
}

/// Which article, or what is going on: in a mode, what it is doing.
fn left_side(state: &State) -> String {
    match state.mode() {
        Mode::Select => {
            if let (Some(reader), Some(sel)) = (state.reader(), state.selection()) {
                let size = crate::app::selection::describe(&reader.article.text, sel.range(), &reader.sentences);
                return format!("SELECT {size}");
            }
        }
        Mode::Prompt | Mode::Note => {
            let what = match state.prompt().map(|p| &p.kind) {
                Some(PromptKind::NewTags(_)) => "TAGS for the selection",
                Some(PromptKind::EditTags(_)) => "TAGS of the annotation",
                Some(PromptKind::NewNote(_)) => "NOTE on the selection",
                Some(PromptKind::Filter) => "FILTER the list",
                Some(PromptKind::RenameTag(_)) => "RENAME a tag across the corpus",
                Some(PromptKind::EditNote(_)) | None => "NOTE of the annotation",
            };
            return what.into();
        }
        Mode::Search if matches!(state.top(), Some(crate::app::Overlay::Help(_))) => return "FILTER the keys".into(),
        Mode::Search => return "SEARCH".into(),
        Mode::Finder => return "GO TO an article".into(),
        Mode::Palette => return "RUN a command".into(),
        Mode::Confirm => return "CONFIRM".into(),
        _ => {}
    }
    match &state.screen {
        Screen::Review(r) => {
            let what = match (r.loading, r.tag()) {
                (true, _) => "collecting passages…".to_owned(),
                (false, Some(tag)) => crate::text::sanitize_line(tag),
                (false, None) => super::counted(r.shown_passages(), "passage", None),
            };
            return format!("REVIEW {what}");
        }
        Screen::Overview(_) => return "OVERVIEW".into(),
        Screen::Library => {}
    }
    let lib = &state.library;
    if lib.entries.is_empty() {
        return if lib.scanning {
            format!("Reading {}…", state.root_label)
        } else {
            format!("No articles in {}", state.root_label)
        };
    }
    if lib.rows.is_empty() {
        return "No article matches the filter".into();
    }
    let position = format!("{}/{}", lib.selected + 1, lib.rows.len());
    let title = lib.selected_entry().map(|e| e.title()).unwrap_or_default();
    format!("{position} {title}")
}

/// Counts and how far through the article the bottom of the pane is, like `less`.
fn right_side(state: &State) -> String {
    let pending: String = match (state.count, state.typed.is_empty()) {
        (Some(n), _) => format!("{n}  "),
        (None, false) => format!("{}  ", state.typed.iter().map(ToString::to_string).collect::<String>()),
        _ => String::new(),
    };
    let (unread, starred, archived, total) = state.library.counts();
    let counts = if total == 0 || !state.is_library() {
        String::new()
    } else if usize::from(state.size.0) >= 130 {
        format!("{unread} unread · {starred}★ · {archived} archived · {total}  ")
    } else if usize::from(state.size.0) >= 80 {
        // The list's own markers: ● unread, ★ starred, A archived.
        format!("{unread}● {starred}★ {archived}A /{total}  ")
    } else {
        format!("{unread}/{total}  ")
    };
    let (Some(reader), Some(_), true) = (state.reader(), state.panes().reader, state.is_library()) else {
        return format!("{pending}{counts}").trim_end().to_owned();
    };
    let lines = reader.page.len().max(1);
    let bottom = (reader.top + state.reader_height()).min(lines);
    format!("{pending}{counts}{}%", bottom * 100 / lines)
}

/// The keys worth knowing now, from the live keymap, as many as fit in `room`
/// cells. Help is kept longest, so it is always discoverable.
fn hints(state: &State, room: usize) -> String {
    let mode = state.mode();
    let key = |c: Command| state.keymap.hint(mode, c);
    let pair = |a: Command, b: Command, what: &str| match (key(a), key(b)) {
        (Some(a), Some(b)) => Some(format!("{a}/{b} {what}")),
        _ => None,
    };
    let one = |c: Command, what: &str| key(c).map(|k| format!("{k} {what}"));
    let hints: Vec<(usize, Option<String>)> = match mode {
        Mode::Select => vec![
            (0, pair(Command::ExtendForward, Command::ExtendBack, "sentence")),
            (2, pair(Command::WordForward, Command::WordBack, "word")),
            (1, one(Command::Tag, "tag")),
            (3, one(Command::Back, "cancel")),
        ],
        Mode::List => vec![
            (4, pair(Command::Down, Command::Up, "move")),
            (2, one(Command::Open, "open")),
            (3, one(Command::ToggleStar, "star")),
            (5, one(Command::ToggleArchive, "archive")),
            (6, one(Command::Filter, "filter")),
            (1, one(Command::Palette, "commands")),
            (0, one(Command::Help, "help")),
            (7, one(Command::Quit, "quit")),
        ],
        Mode::Reader => vec![
            (4, pair(Command::Down, Command::Up, "scroll")),
            (1, one(Command::Select, "select")),
            (3, one(Command::Search, "search")),
            (2, one(Command::Palette, "commands")),
            (0, one(Command::Help, "help")),
            (5, one(Command::Quit, "quit")),
        ],
        Mode::Review => vec![
            (2, one(Command::FocusNext, "tags/passages")),
            (1, one(Command::Open, "open")),
            (3, one(Command::RenameTag, "rename")),
            (4, one(Command::FilterPassages, "filter")),
            (0, one(Command::Help, "help")),
            (5, one(Command::Back, "back")),
        ],
        Mode::Overview => {
            vec![(1, one(Command::Review, "review")), (0, one(Command::Help, "help")), (2, one(Command::Back, "back"))]
        }
        _ => Vec::new(),
    };
    let hints: Vec<(usize, String)> = hints.into_iter().filter_map(|(rank, h)| h.map(|h| (rank, h))).collect();
    let cost = |keep: usize| -> usize {
        let kept: Vec<usize> = hints.iter().filter(|(r, _)| *r < keep).map(|(_, h)| width(h)).collect();
        kept.iter().sum::<usize>() + 3 * kept.len().saturating_sub(1)
    };
    let keep = (0..=hints.len()).rev().find(|&keep| cost(keep) <= room).unwrap_or(0);
    hints.into_iter().filter(|(r, _)| *r < keep).map(|(_, h)| h).collect::<Vec<_>>().join(" · ")
}
