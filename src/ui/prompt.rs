//! The tag prompt and the note editor: a box over the bottom of the reading pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::keymap::Mode;
use crate::app::{Command, State};
use crate::text::width::{pad, truncate};

pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    let Some(prompt) = &state.prompt else {
        return;
    };
    let panes = state.panes();
    let Some(pane) = panes.reader.or(panes.list) else {
        return;
    };
    let mode = if prompt.is_note() { Mode::Note } else { Mode::Prompt };
    let key = |c: Command| state.keymap.hint(mode, c).unwrap_or_default();
    let completions = state.completions();
    let (title, rows) = if prompt.is_note() {
        (format!(" Note · {} saves · {} cancels ", key(Command::Accept), key(Command::Back)), 8)
    } else {
        let title = format!(
            " Tags, separated by commas · {} applies · {} completes · {} cancels ",
            key(Command::Accept),
            key(Command::Complete),
            key(Command::Back)
        );
        (title, 1 + completions.len() as u16)
    };
    let width = pane.width.min(76);
    let height = (rows + 2).min(pane.height);
    if width < 4 || height < 3 {
        return;
    }
    let area = Rect { x: pane.x + (pane.width - width) / 2, y: pane.y + pane.height - height, width, height };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.prompt_border.style())
        .title(truncate(&title, usize::from(width.saturating_sub(2))).into_owned());
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    if prompt.is_note() {
        frame.render_widget(&prompt.input, inner);
        return;
    }
    frame.render_widget(&prompt.input, Rect { height: 1, ..inner });
    let room = usize::from(inner.width);
    let lines: Vec<Line> = completions
        .iter()
        .enumerate()
        .map(|(i, (tag, count))| {
            let count = format!("{count}× ");
            let look = if i == prompt.choice.min(completions.len().saturating_sub(1)) {
                theme.completion_selected
            } else {
                theme.completion
            };
            Line::from(vec![
                Span::styled(pad(&format!(" {tag}"), room.saturating_sub(crate::text::width(&count))), look.style()),
                Span::styled(count, theme.completion_count.style()),
            ])
        })
        .collect();
    let list = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
    frame.render_widget(Paragraph::new(lines), list);
}
