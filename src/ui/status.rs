//! The status bar: where you are, how far through, and the keys that matter now.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::keymap::Mode;
use crate::app::{Command, Focus, State};
use crate::text::width::{truncate, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let total = usize::from(area.width);
    let right = format!(" {} ", right_side(state));
    let (left, left_style) = match &state.message {
        Some(message) => (message.clone(), theme.status_message.style()),
        None => (left_side(state), theme.status.style()),
    };
    let hints = hints(state);
    // The position on the right always shows; the key hints when there is room for
    // them and some of the title; the title or message takes the rest.
    let right_w = width(&right);
    let hints = if width(&hints) + right_w + 24 <= total { hints } else { String::new() };
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

/// Which article, or what is going on.
fn left_side(state: &State) -> String {
    if state.entries.is_empty() {
        return if state.scanning {
            format!("Reading {}…", state.root_label)
        } else {
            format!("No articles in {}", state.root_label)
        };
    }
    let position = format!("{}/{}", state.selected + 1, state.entries.len());
    let title = state.selected_entry().map(|e| e.title()).unwrap_or_default();
    format!("{position} {title}")
}

/// How far through the article the bottom of the pane is, like `less`.
fn right_side(state: &State) -> String {
    let pending: String = match (state.count, state.typed.is_empty()) {
        (Some(n), _) => format!("{n}  "),
        (None, false) => format!("{}  ", state.typed.iter().map(ToString::to_string).collect::<String>()),
        _ => String::new(),
    };
    let (Some(reader), Some(_)) = (&state.reader, state.panes().reader) else {
        return pending.trim_end().to_owned();
    };
    let lines = reader.page.lines.len().max(1);
    let bottom = (reader.top + state.reader_height()).min(lines);
    format!("{pending}{}%", bottom * 100 / lines)
}

/// The keys worth knowing in the current pane, from the live keymap.
fn hints(state: &State) -> String {
    let key = |c: Command| state.keymap.hint(Mode::Normal, c);
    let pair = |a: Command, b: Command, what: &str| match (key(a), key(b)) {
        (Some(a), Some(b)) => Some(format!("{a}/{b} {what}")),
        _ => None,
    };
    let one = |c: Command, what: &str| key(c).map(|k| format!("{k} {what}"));
    let items = match state.focus {
        Focus::List => [
            pair(Command::Down, Command::Up, "move"),
            one(Command::Open, "open"),
            one(Command::Help, "help"),
            one(Command::Quit, "quit"),
        ],
        Focus::Reader => [
            pair(Command::Down, Command::Up, "scroll"),
            one(Command::FocusList, "list"),
            one(Command::Help, "help"),
            one(Command::Quit, "quit"),
        ],
    };
    let text: Vec<String> = items.into_iter().flatten().collect();
    text.join(" · ")
}
