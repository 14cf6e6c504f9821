//! Where things are on screen. Shared by `update` (scrolling, mouse hits, wrap width)
//! and the view, so both always agree.

use ratatui::layout::Rect;

use super::library::Focus;

/// Below this width only one pane is shown: the focused one.
pub const NARROW: u16 = 70;

/// The screen split into its parts. A part is `None` when it is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    /// The article list, including its header row.
    pub list: Option<Rect>,
    /// The column between list and reader.
    pub separator: Option<Rect>,
    pub reader: Option<Rect>,
    pub status: Option<Rect>,
}

impl Panes {
    /// Rows of the list that show articles (the first row is its header).
    pub fn list_rows(&self) -> Option<Rect> {
        let list = self.list?;
        (list.height > 1).then(|| Rect { y: list.y + 1, height: list.height - 1, ..list })
    }
}

/// Split `area` for the given focus.
pub fn panes(area: Rect, focus: Focus) -> Panes {
    if area.width == 0 || area.height == 0 {
        return Panes::default();
    }
    let (main, status) = if area.height >= 2 {
        let main = Rect { height: area.height - 1, ..area };
        let status = Rect { y: area.y + area.height - 1, height: 1, ..area };
        (main, Some(status))
    } else {
        (area, None)
    };
    if area.width < NARROW {
        return match focus {
            Focus::List => Panes { list: Some(main), status, ..Panes::default() },
            Focus::Reader => Panes { reader: Some(main), status, ..Panes::default() },
        };
    }
    let list_width = (area.width * 40 / 100).clamp(24, 56);
    let list = Rect { width: list_width, ..main };
    let separator = Rect { x: main.x + list_width, width: 1, ..main };
    let reader = Rect { x: main.x + list_width + 1, width: main.width - list_width - 1, ..main };
    Panes { list: Some(list), separator: Some(separator), reader: Some(reader), status }
}

/// Width of the reading column in a reader pane: the configured reading width, or
/// less when the pane is narrower (two columns each side are kept for margins).
pub fn text_width(reader: Rect, reading_width: u16) -> usize {
    usize::from(reader.width.saturating_sub(4).min(reading_width).max(1))
}

/// The reading column inside a reader pane: centred, at least two columns in.
pub fn text_column(reader: Rect, text_width: usize) -> Rect {
    let text_width = (text_width as u16).min(reader.width);
    let margin = ((reader.width - text_width) / 2).max(2).min(reader.width - text_width);
    Rect { x: reader.x + margin, width: text_width, ..reader }
}

/// The help overlay's box.
pub fn help_box(area: Rect, rows: usize) -> Rect {
    let width = area.width.min(64);
    let height = (rows as u16 + 2).min(area.height);
    Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_screens_show_both_panes() {
        let p = panes(Rect::new(0, 0, 120, 32), Focus::List);
        let (list, reader) = (p.list.unwrap(), p.reader.unwrap());
        assert_eq!(list.width + 1 + reader.width, 120);
        assert_eq!(list.height, 31);
        assert_eq!(p.status.unwrap().y, 31);
        assert_eq!(p.list_rows().unwrap().height, 30);
    }

    #[test]
    fn narrow_screens_show_the_focused_pane() {
        let p = panes(Rect::new(0, 0, 40, 12), Focus::Reader);
        assert_eq!(p.list, None);
        assert_eq!(p.reader.unwrap().width, 40);
        let p = panes(Rect::new(0, 0, 40, 12), Focus::List);
        assert_eq!(p.reader, None);
    }

    #[test]
    fn tiny_screens_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (2, 1), (1, 2), (3, 3)] {
            let p = panes(Rect::new(0, 0, w, h), Focus::Reader);
            if let Some(r) = p.reader {
                let tw = text_width(r, 80);
                let col = text_column(r, tw);
                assert!(col.x + col.width <= r.x + r.width);
            }
            let _ = help_box(Rect::new(0, 0, w, h), 30);
        }
    }

    #[test]
    fn text_column_is_centred_and_capped() {
        let r = Rect::new(50, 0, 150, 10);
        let tw = text_width(r, 80);
        assert_eq!(tw, 80);
        let col = text_column(r, tw);
        assert_eq!(col.x, 50 + 35);
        let narrow = Rect::new(0, 0, 40, 10);
        assert_eq!(text_width(narrow, 80), 36);
        assert_eq!(text_column(narrow, 36).x, 2);
    }
}
