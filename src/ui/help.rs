//! The help overlay, generated from the keymap in use.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::keymap::{HELP_SECTIONS, Mode};
use crate::app::{Command, State};
use crate::text::width::{pad, truncate};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, top: usize, theme: &Theme) {
    let sections = HELP_SECTIONS;
    let rows = state.keymap.help_lines();
    let bounds = crate::app::geometry::help_box(area, rows);
    if bounds.width < 3 || bounds.height < 3 {
        return;
    }
    // Inner width less a column of padding each side.
    let room = usize::from(bounds.width).saturating_sub(4);
    let key_width = sections
        .iter()
        .flat_map(|(_, m)| state.keymap.help(*m))
        .map(|(k, _)| crate::text::width(&k))
        .max()
        .unwrap_or(0)
        .min(room / 2);
    let what_width = room.saturating_sub(key_width + 2);
    let mut lines = Vec::new();
    for &(title, mode) in sections {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(title, theme.help_section.style()));
        for (keys, what) in state.keymap.help(mode) {
            lines.push(Line::from(vec![
                Span::styled(pad(&keys, key_width), theme.help_key.style()),
                Span::raw("  "),
                Span::styled(truncate(what, what_width).into_owned(), theme.help_text.style()),
            ]));
        }
    }
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.help_border.style())
        .title(" Keys ");
    // Say when there is more than fits, and which way, with the keys in use.
    let visible = usize::from(bounds.height.saturating_sub(2));
    let key = |c: Command| state.keymap.hint(Mode::Help, c);
    let arrow = match (top > 0, top + visible < rows) {
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
