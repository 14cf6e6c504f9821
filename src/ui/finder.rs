//! "Go to article": the finder box, titles best match first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::finder::Finder;
use crate::app::keymap::Mode;
use crate::app::{Command, State};
use crate::text::width::{pad, truncate, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, finder: &Finder, theme: &Theme) {
    let Some(bounds) = super::popup_area(area, 80, 20) else {
        return;
    };
    let key = |c: Command| state.keymap.hint(Mode::Finder, c).unwrap_or_default();
    let count = format!(" {} of {} ", finder.matches.len(), state.library.entries.len());
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.help_border.style())
        .title(" Go to article ")
        .title_bottom(Line::from(count).left_aligned())
        .title_bottom(
            Line::from(format!(" {} goes · {} cancels ", key(Command::Accept), key(Command::Back))).right_aligned(),
        );
    let inner = block.inner(bounds);
    frame.render_widget(Clear, bounds);
    frame.render_widget(block, bounds);
    let input = Rect { height: 1, ..inner };
    frame.render_widget(Paragraph::new(Span::styled("›", theme.help_key.style())), input);
    frame.render_widget(&finder.input, Rect { x: input.x + 2, width: input.width.saturating_sub(2), ..input });
    let rows = usize::from(inner.height.saturating_sub(1));
    let room = usize::from(inner.width);
    let top = finder.selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = finder
        .matches
        .iter()
        .enumerate()
        .skip(top)
        .take(rows)
        .map(|(n, &i)| {
            let e = &state.library.entries[i];
            let label = truncate(&e.label, room / 3).into_owned();
            let title = truncate(e.title(), room.saturating_sub(width(&label) + 4)).into_owned();
            let gap = room.saturating_sub(width(&title) + width(&label) + 2);
            let look = if n == finder.selected { theme.list_selected } else { theme.list_title }.style();
            Line::from(vec![
                Span::styled(pad(&format!(" {title}"), width(&title) + 1 + gap), look),
                Span::styled(format!("{label} "), theme.list_meta.style().patch(look)),
            ])
        })
        .collect();
    frame
        .render_widget(Paragraph::new(lines), Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner });
}
