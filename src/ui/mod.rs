//! The view: pure functions from `&State` to what is drawn, one folder or file per
//! screen and overlay. Nothing here changes the state or does I/O; every word the
//! user reads is written here, naming the keys of the keymap in use.

mod finder;
mod help;
mod library;
pub mod notice;
mod overview;
mod palette;
mod prompt;
mod review;
mod search;
mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use theme::Theme;

use crate::app::{Overlay, Screen, State};

/// Draw the whole screen: the screen, the overlays over it, the status bar.
pub fn draw(frame: &mut Frame, state: &State, theme: &Theme) {
    let area = frame.area();
    let main = Rect { height: area.height.saturating_sub(1), ..area };
    match &state.screen {
        Screen::Library => library::draw(frame, state, theme),
        Screen::Review(review) => review::draw(frame, main, state, review, theme),
        Screen::Overview(overview) => overview::draw(frame, main, overview, theme),
    }
    if let Some(area) = state.panes().status {
        status::draw(frame, area, state, theme);
    }
    for overlay in &state.overlays {
        match overlay {
            Overlay::Help(help) => help::draw(frame, area, state, help, theme),
            Overlay::Prompt(p) => prompt::draw(frame, state, p, theme),
            Overlay::Confirm(c) => prompt::confirm(frame, main, state, c, theme),
            Overlay::Search(bar) => search::draw(frame, main, state, bar, theme),
            Overlay::Finder(f) => finder::draw(frame, main, state, f, theme),
            Overlay::Palette(p) => palette::draw(frame, main, state, p, theme),
            Overlay::Select(_) => {}
        }
    }
}

/// A box at most `max_w` × `max_h` cells, centred across `area` and a third of the
/// way down it, as the finder and the palette open; `None` when `area` is too small
/// for one (under 10 × 4).
pub(crate) fn popup_area(area: Rect, max_w: u16, max_h: u16) -> Option<Rect> {
    let (w, h) = (area.width.min(max_w), area.height.min(max_h));
    if w < 10 || h < 4 {
        return None;
    }
    Some(Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 3, width: w, height: h })
}

/// `n` and the noun for it: "1 passage", "2 passages" (`-s` unless `plural` says
/// otherwise).
pub(crate) fn counted(n: usize, one: &str, plural: Option<&str>) -> String {
    match (n, plural) {
        (1, _) => format!("1 {one}"),
        (_, Some(many)) => format!("{n} {many}"),
        (_, None) => format!("{n} {one}s"),
    }
}
