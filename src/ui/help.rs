//! The help overlay, generated from the keymap in use.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::help::{self, Row};
use crate::app::keymap::Mode;
use crate::app::{Command, State};
use crate::text::width::{pad, truncate};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, top: usize, theme: &Theme) {
    let rows = help::rows(&state.keymap);
    let bounds = crate::app::geometry::help_box(area, rows.len());
    if bounds.width < 3 || bounds.height < 3 {
        return;
    }
    // Inner width less a column of padding each side.
    let room = usize::from(bounds.width).saturating_sub(4);
    let key_width = rows
        .iter()
        .filter_map(|r| match r {
            Row::Key { keys, .. } => Some(crate::text::width(keys)),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .min(room / 2);
    let what_width = room.saturating_sub(key_width + 2);
    let total = rows.len();
    let lines: Vec<Line> = rows
        .into_iter()
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
    let footer = [scroll, close].into_iter().flatten().collect::<Vec<_>>().join(" · ");
    let block = block.title_bottom(Line::from(format!(" {footer} ")).right_aligned());
    let inner = block.inner(bounds);
    frame.render_widget(Clear, bounds);
    frame.render_widget(block, bounds);
    let visible: Vec<Line> = lines.into_iter().skip(top).take(usize::from(inner.height)).collect();
    frame.render_widget(
        Paragraph::new(visible),
        Rect { x: inner.x + 1.min(inner.width), width: inner.width.saturating_sub(1), ..inner },
    );
}
