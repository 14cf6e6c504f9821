//! The article list: one row per article, only the rows on screen are built.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::{Focus, State};
use crate::corpus::Entry;
use crate::text::width::{pad, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let focused = state.focus == Focus::List;
    let header_style = if focused { theme.list_header } else { theme.list_header_unfocused }.style();
    let count = match (state.scanning, state.entries.len()) {
        (true, n) => format!("{n}… "),
        (false, n) => format!("{n} "),
    };
    let label = " Articles";
    let gap = usize::from(area.width).saturating_sub(width(label) + width(&count));
    let header = Line::from(vec![
        Span::styled(label, header_style),
        Span::raw(" ".repeat(gap)),
        Span::styled(count, theme.list_meta.style()),
    ]);
    frame.render_widget(Paragraph::new(header), Rect { height: 1, ..area });
    let Some(rows) = state.panes().list_rows() else {
        return;
    };
    if state.entries.is_empty() {
        let text = if state.scanning { " Reading the corpus…" } else { " No articles here." };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.empty.style())), rows);
        return;
    }
    let end = (state.list_top + usize::from(rows.height)).min(state.entries.len());
    let lines: Vec<Line> = (state.list_top..end)
        .map(|i| {
            let selected = i == state.selected;
            let entry = &state.entries[i];
            let row = row(entry, state.is_read(&entry.path), state.has_dates, usize::from(rows.width), theme);
            if selected {
                let look = if focused { theme.list_selected } else { theme.list_selected_unfocused };
                row.style(look.style())
            } else {
                row
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows);
}

/// Compact word count: `612w`, `12.5kw`.
fn words(n: usize) -> String {
    if n < 10_000 { format!("{n}w") } else { format!("{:.1}kw", n as f64 / 1000.0) }
}

/// One article row: marker, title, then date and length when there is room. The date
/// column is only there when some article in the corpus has a date.
fn row(entry: &Entry, read: bool, dates: bool, width: usize, theme: &Theme) -> Line<'static> {
    // Unread articles carry a dot; an article that could not be decoded cleanly is
    // marked in the warning colour (a dot while unread, `!` once read).
    let (marker, marker_style) = match &entry.meta {
        None => ("!", theme.list_problem.style()),
        Some(m) if !read => ("●", if m.lossy { theme.warning } else { theme.list_unread }.style()),
        Some(m) if m.lossy => ("!", theme.warning.style()),
        Some(_) => (" ", Style::default()),
    };
    // How many annotations, when there are any and room for them.
    let notes = match entry.annotations {
        0 => String::new(),
        n if width >= 32 => format!("{n}✎ "),
        _ => String::new(),
    };
    let right = match &entry.meta {
        None => "unreadable".to_owned(),
        Some(m) if dates && width >= 44 => {
            let date = m.date.map_or_else(|| " ".repeat(10), |d| d.to_string());
            format!("{notes}{date} {:>5}", words(m.words))
        }
        Some(m) if width >= 24 => format!("{notes}{:>5}", words(m.words)),
        Some(_) => String::new(),
    };
    // " ● " + title + "  " + right + " "
    let fixed = 3 + if right.is_empty() { 1 } else { crate::text::width(&right) + 3 };
    let title_width = width.saturating_sub(fixed);
    let mut spans = vec![
        Span::raw(" "),
        Span::styled(marker, marker_style),
        Span::raw(" "),
        Span::styled(pad(entry.title(), title_width), theme.list_title.style()),
    ];
    if !right.is_empty() && width > fixed {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(right, theme.list_meta.style()));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}
