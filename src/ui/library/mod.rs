//! The library screen: the article list beside the reader.

mod list;
mod reader;

use ratatui::Frame;
use ratatui::widgets::{Block, Borders};

use super::Theme;
use crate::app::State;

pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    let panes = state.panes();
    if let Some(area) = panes.list {
        list::draw(frame, area, state, theme);
    }
    if let Some(area) = panes.separator {
        frame.render_widget(Block::new().borders(Borders::LEFT).border_style(theme.separator.style()), area);
    }
    if let Some(area) = panes.reader {
        reader::draw(frame, area, state, theme);
    }
}
