//! The help overlay, generated from the keymap in use.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::help::{Help, Row};
use crate::app::keymap::Mode;
use crate::app::{Command, State};
use crate::text::width::{pad, truncate, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, open: &Help, theme: &Theme) {
    let top = open.top;
    // The box and the key column are those of the whole help, so they stay put as
    // the filter changes.
    let all = &open.all;
    let bounds = crate::app::geometry::help_box(area, all.len());
    if bounds.width < 3 || bounds.height < 3 {
        return;
    }
    // Inner width less a column of padding each side.
    let room = usize::from(bounds.width).saturating_sub(4);
    let key_width = all
        .iter()
        .filter_map(|r| match r {
            Row::Key { keys, .. } => Some(crate::text::width(keys)),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .min(room / 2);
    let what_width = room.saturating_sub(key_width + 2);
    let total = open.shown.len();
    let mut lines: Vec<Line> = open
        .shown
        .iter()
        .cloned()
        .map(|row| match row {
            Row::Title(title) => Line::styled(title, theme.help_section.style()),
            Row::Blank => Line::default(),
            Row::Key { keys, what } => Line::from(vec![
                Span::styled(pad(&truncate(&keys, key_width), key_width), theme.help_key.style()),
                Span::raw("  "),
                Span::styled(truncate(what, what_width).into_owned(), theme.help_text.style()),
            ]),
        })
        .collect();
    if lines.is_empty() {
        let none = format!("no key matches “{}”", crate::text::sanitize_line(open.filter.trim()));
        lines.push(Line::styled(truncate(&none, room).into_owned(), theme.empty.style()));
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.help_border.style())
        .title(" Keys ");
    // Say when there is more than fits, and which way, with the keys in use.
    let visible = usize::from(bounds.height.saturating_sub(2));
    let key = |c: Command| state.keymap.hint(Mode::Help, c);
    let arrow = match (top > 0, top + visible < total) {
        (_, true) => Some("↓"),
        (true, false) => Some("↑"),
        (false, false) => None,
    };
    let scroll = match (arrow, key(Command::Down), key(Command::Up)) {
        (Some(arrow), Some(down), Some(up)) => Some(format!("{arrow} {down}/{up} scroll")),
        (Some(arrow), ..) => Some(arrow.to_owned()),
        _ => None,
    };
    let close = key(Command::Back).map(|k| format!("{k} closes"));
    // Typing the filter, the keys are those of a search.
    let typing = |c: Command| state.keymap.hint(Mode::Search, c);
    let footer: Vec<String> = if open.typing {
        let keep = typing(Command::Accept).map(|k| format!("{k} keeps"));
        let clear = typing(Command::Back).map(|k| format!("{k} clears"));
        [scroll, keep, clear].into_iter().flatten().collect()
    } else if !open.filter.is_empty() {
        let clear = key(Command::Back).map(|k| format!("{k} clears"));
        [scroll, clear].into_iter().flatten().collect()
    } else {
        let filter = key(Command::Search).map(|k| format!("{k} filters"));
        [scroll, filter, close].into_iter().flatten().collect()
    };
    // The filter on the left of the bottom border, the keys on the right: the first
    // of them give way when both do not fit.
    let inside = usize::from(bounds.width).saturating_sub(2);
    let filter = if open.typing || !open.filter.is_empty() {
        let shown = crate::text::sanitize_line(&open.filter);
        let lead = key(Command::Search).unwrap_or_default();
        let shown = truncate(&shown, inside.saturating_sub(width(&lead) + 3)).into_owned();
        let mut spans = vec![Span::raw(" "), Span::styled(lead, theme.help_key.style()), Span::raw(shown)];
        if open.typing {
            spans.push(Span::styled(" ", theme.selection.style()));
        }
        spans.push(Span::raw(" "));
        Some(Line::from(spans).left_aligned())
    } else {
        None
    };
    let used = filter.as_ref().map_or(0, Line::width);
    let mut footer = footer;
    while !footer.is_empty() && used + width(&footer.join(" · ")) + 2 > inside {
        footer.remove(0);
    }
    let mut block = block;
    if let Some(filter) = filter {
        block = block.title_bottom(filter);
    }
    if !footer.is_empty() {
        block = block.title_bottom(Line::from(format!(" {} ", footer.join(" · "))).right_aligned());
    }
    let inner = block.inner(bounds);
    frame.render_widget(Clear, bounds);
    frame.render_widget(block, bounds);
    let visible: Vec<Line> = lines.into_iter().skip(top).take(usize::from(inner.height)).collect();
    frame.render_widget(
        Paragraph::new(visible),
        Rect { x: inner.x + 1.min(inner.width), width: inner.width.saturating_sub(1), ..inner },
    );
}
