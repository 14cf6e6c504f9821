//! The view: pure functions from `&State` to what is drawn. Nothing here changes the
//! state or does I/O.

mod help;
mod list;
pub mod notice;
mod prompt;
mod reader;
mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::widgets::{Block, Borders};

pub use theme::Theme;

use crate::app::State;

/// Draw the whole screen.
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
    if let Some(area) = panes.status {
        status::draw(frame, area, state, theme);
    }
    prompt::draw(frame, state, theme);
    if let Some(top) = state.help {
        help::draw(frame, frame.area(), state, top, theme);
    }
}
