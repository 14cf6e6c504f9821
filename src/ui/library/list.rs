//! The article list: one row per article, only the rows on screen are built. Its
//! title says what the list is narrowed to and how it is sorted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::library::{Filter, Sort};
use crate::app::{Focus, State};
use crate::corpus::Entry;
use crate::text::width::{pad, truncate, width};
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let lib = &state.library;
    let focused = lib.focus == Focus::List;
    let header_style = if focused { theme.list_header } else { theme.list_header_unfocused }.style();
    let shown = lib.rows.len();
    let total = lib.entries.len();
    let count = if shown == total { total.to_string() } else { format!("{shown}/{total}") };
    // While indexing: how many of how many found so far ("+" while the walk goes on).
    let p = lib.progress;
    let count = match (lib.scanning, p.walked) {
        (false, _) => format!("{count} "),
        (true, _) if p.found <= total => format!("{count}… "),
        (true, true) => format!("{count} of {}… ", p.found),
        (true, false) => format!("{count} of {}+… ", p.found),
    };
    let label = format!(" Articles{}", narrowing(&lib.filter, lib.sort, lib.show_archived));
    let room = usize::from(area.width).saturating_sub(width(&count) + 1);
    let label = truncate(&label, room).into_owned();
    let gap = usize::from(area.width).saturating_sub(width(&label) + width(&count));
    let header = Line::from(vec![
        Span::styled(label, header_style),
        Span::raw(" ".repeat(gap)),
        Span::styled(count, theme.list_meta.style()),
    ]);
    frame.render_widget(Paragraph::new(header), Rect { height: 1, ..area });
    let Some(rows) = state.panes().list_rows() else {
        return;
    };
    if lib.rows.is_empty() {
        let text = if lib.scanning && lib.entries.is_empty() {
            " Reading the corpus…"
        } else if lib.entries.is_empty() {
            " No articles here."
        } else {
            " No article matches."
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.empty.style())), rows);
        return;
    }
    let end = (lib.list_top + usize::from(rows.height)).min(lib.rows.len());
    // Columns for stars and priorities only once the corpus has some.
    let columns = Columns { star: lib.has_marks, priority: lib.has_priorities, dates: lib.has_dates };
    let lines: Vec<Line> = (lib.list_top..end)
        .map(|i| {
            let entry = &lib.entries[lib.rows[i]];
            let row = row(entry, lib.is_read(&entry.path), columns, usize::from(rows.width), theme);
            if i == lib.selected {
                let look = if focused { theme.list_selected } else { theme.list_selected_unfocused };
                row.style(look.style())
            } else {
                row
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows);
}

/// What the list is narrowed to and how it is sorted, for its title.
fn narrowing(filter: &Filter, sort: Sort, show_archived: bool) -> String {
    let mut parts = Vec::new();
    if filter.unread {
        parts.push("unread".to_owned());
    }
    if filter.starred {
        parts.push("starred".to_owned());
    }
    if filter.archived {
        parts.push("archived".to_owned());
    } else if show_archived {
        parts.push("with archived".to_owned());
    }
    if filter.min_priority > 0 {
        parts.push(format!("p≥{}", filter.min_priority));
    }
    if let Some(tag) = &filter.tag {
        parts.push(format!("#{}", crate::text::sanitize_line(tag)));
    }
    if !filter.title.is_empty() {
        parts.push(format!("“{}”", crate::text::sanitize_line(&filter.title.join(" "))));
    }
    if sort != Sort::Path {
        parts.push(format!("by {}", sort.name()));
    }
    if parts.is_empty() { String::new() } else { format!(" · {}", parts.join(" · ")) }
}

/// Compact word count: `612w`, `12.5kw`.
fn words(n: usize) -> String {
    if n < 10_000 { format!("{n}w") } else { format!("{:.1}kw", n as f64 / 1000.0) }
}

/// Which optional columns the list has: each only when some article needs it.
#[derive(Clone, Copy)]
struct Columns {
    star: bool,
    priority: bool,
    dates: bool,
}

/// One article row: markers (read, star or archived, priority), title, then
/// annotations, date and length when there is room.
fn row(entry: &Entry, read: bool, columns: Columns, width: usize, theme: &Theme) -> Line<'static> {
    let dates = columns.dates;
    // Unread articles carry a dot; an article that could not be decoded cleanly is
    // marked in the warning colour (a dot while unread, `!` once read).
    let (marker, marker_style) = match &entry.meta {
        None => ("!", theme.list_problem.style()),
        Some(m) if !read => ("●", if m.lossy { theme.warning } else { theme.list_unread }.style()),
        Some(m) if m.lossy => ("!", theme.warning.style()),
        Some(_) => (" ", Style::default()),
    };
    let (star, star_style) = match (entry.starred, entry.archived) {
        (true, _) => ("★", theme.list_star.style()),
        (false, true) => ("A", theme.list_archived.style()),
        _ => (" ", Style::default()),
    };
    let priority = match entry.priority {
        1..=3 => entry.priority.to_string(),
        _ => " ".to_owned(),
    };
    // How many annotations, when there are any and room for them.
    let notes = match entry.annotations {
        0 => String::new(),
        n if width >= 32 => format!("{n}✎ "),
        _ => String::new(),
    };
    let right = match &entry.meta {
        None => "unreadable".to_owned(),
        Some(m) if dates && width >= 46 => {
            let date = m.date.map_or_else(|| " ".repeat(10), |d| d.to_string());
            format!("{notes}{date} {:>5}", words(m.words))
        }
        Some(m) if width >= 26 => format!("{notes}{:>5}", words(m.words)),
        Some(_) => String::new(),
    };
    // " ●★3 " + title + "  " + right + " "
    let markers = 3 + usize::from(columns.star) + usize::from(columns.priority);
    let fixed = markers + if right.is_empty() { 1 } else { crate::text::width(&right) + 3 };
    let title_width = width.saturating_sub(fixed);
    let title_style = if entry.archived { theme.list_archived } else { theme.list_title }.style();
    let mut spans = vec![Span::raw(" "), Span::styled(marker, marker_style)];
    if columns.star {
        spans.push(Span::styled(star, star_style));
    }
    if columns.priority {
        spans.push(Span::styled(priority, theme.list_priority.style()));
    }
    spans.push(Span::raw(" "));
    spans.push(Span::styled(pad(entry.title(), title_width), title_style));
    if !right.is_empty() && width > fixed {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(right, theme.list_meta.style()));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}
