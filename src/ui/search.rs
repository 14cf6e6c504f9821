//! The search bar: one line over the status bar for a search in the article or
//! over the review's passages; a box with the results for a corpus-wide search.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::keymap::Mode;
use crate::app::search::{Scope, SearchBar};
use crate::app::{Command, State};
use crate::text::width::{pad, truncate, width};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, bar: &SearchBar, theme: &Theme) {
    match bar.scope {
        Scope::Corpus => corpus(frame, area, state, bar, theme),
        Scope::Article | Scope::Passages => line(frame, area, state, bar, theme),
    }
}

/// The one-line bar at the bottom of `area`.
fn line(frame: &mut Frame, area: Rect, state: &State, bar: &SearchBar, theme: &Theme) {
    if area.height == 0 || area.width < 4 {
        return;
    }
    let row = Rect { y: area.y + area.height - 1, height: 1, ..area };
    let lead = if bar.scope == Scope::Passages { "filter: " } else { "/" };
    let key = |c: Command| state.keymap.hint(Mode::Search, c).unwrap_or_default();
    let count = match (bar.scope, state.library.reader.as_ref().and_then(|r| r.search.as_ref())) {
        (Scope::Article, Some(m)) if m.ranges.is_empty() => " no match ".to_owned(),
        (Scope::Article, Some(m)) => {
            let more = if m.capped { "+" } else { "" };
            format!(" {}/{}{more} ", m.current.map_or(0, |i| i + 1), m.ranges.len())
        }
        _ => String::new(),
    };
    let note = bar.problem.as_ref().map(|p| format!(" {} ", crate::text::sanitize_line(p))).unwrap_or_default();
    let hint = format!(" {} done · {} cancel ", key(Command::Accept), key(Command::Back));
    frame.render_widget(Clear, row);
    let right = format!("{note}{count}{hint}");
    let right = truncate(&right, usize::from(row.width) / 2).into_owned();
    let right_w = width(&right) as u16;
    let lead_w = width(lead) as u16;
    frame.render_widget(
        Paragraph::new(Line::from(vec![Span::styled(lead, theme.status_key.style())])).style(theme.status.style()),
        row,
    );
    let input = Rect { x: row.x + lead_w, width: row.width.saturating_sub(lead_w + right_w), ..row };
    frame.render_widget(&bar.input, input);
    let tail = Rect { x: row.x + row.width - right_w, width: right_w, ..row };
    frame.render_widget(Paragraph::new(Span::styled(right, theme.status.style())), tail);
}

/// The corpus search: the input, then the results as they stream in.
fn corpus(frame: &mut Frame, area: Rect, state: &State, bar: &SearchBar, theme: &Theme) {
    let width_ = area.width.min(110);
    let height = area.height.min(30);
    if width_ < 10 || height < 5 {
        return;
    }
    let bounds =
        Rect { x: area.x + (area.width - width_) / 2, y: area.y + (area.height - height) / 2, width: width_, height };
    let key = |c: Command| state.keymap.hint(Mode::Search, c).unwrap_or_default();
    let status = if bar.searching {
        format!(" searching… {} found ", bar.results.len())
    } else if let Some(q) = &bar.searched {
        let plural = if bar.results.len() == 1 { "" } else { "es" };
        format!(" {} match{plural} for {} in {} articles ", bar.results.len(), crate::text::quoted(q, 30), bar.articles)
    } else {
        format!(" type a search, {} searches every article ", key(Command::Accept))
    };
    let hint = format!(" {} opens · {} closes ", key(Command::Accept), key(Command::Back));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.help_border.style())
        .title(" Search every article ")
        .title_bottom(Line::from(status).left_aligned())
        .title_bottom(Line::from(hint).right_aligned());
    let inner = block.inner(bounds);
    frame.render_widget(Clear, bounds);
    frame.render_widget(block, bounds);
    let input = Rect { height: 1, ..inner };
    frame.render_widget(Paragraph::new(Span::styled("/", theme.help_key.style())), input);
    frame.render_widget(&bar.input, Rect { x: input.x + 1, width: input.width.saturating_sub(1), ..input });
    let mut y = inner.y + 1;
    if let Some(problem) = &bar.problem {
        let row = Rect { y, height: 1, ..inner };
        frame.render_widget(
            Paragraph::new(Span::styled(crate::text::sanitize_line(problem), theme.warning.style())),
            row,
        );
        y += 1;
    }
    // Two rows a result: where, then the sentence with the match marked.
    let room = usize::from(inner.width);
    let rows = usize::from((inner.y + inner.height).saturating_sub(y)) / 2;
    if rows == 0 {
        return;
    }
    let top = bar.selected.saturating_sub(rows - 1);
    for (n, hit) in bar.results.iter().enumerate().skip(top).take(rows) {
        let selected = n == bar.selected;
        let look = if selected { theme.list_selected.style() } else { theme.list_title.style() };
        let place = format!("{}:{}", crate::text::sanitize_line(&hit.rel.to_string_lossy()), hit.line);
        let title = crate::text::sanitize_line(&hit.title);
        let head = format!(" {} · {place}", truncate(&title, room.saturating_sub(width(&place) + 4)));
        let row = Rect { y, height: 1, ..inner };
        frame.render_widget(Paragraph::new(Span::styled(pad(&head, room), look)), row);
        let s = &hit.sentence;
        let m = hit.in_sentence.start.min(s.len())..hit.in_sentence.end.min(s.len());
        let (before, found, after) = match (s.get(..m.start), s.get(m.clone()), s.get(m.end..)) {
            (Some(b), Some(f), Some(a)) => (b, f, a),
            _ => (s.as_str(), "", ""),
        };
        // Keep the match in view: cut the sentence before it to fit.
        let lead = room.saturating_sub(width(found) + 8) / 2;
        let before = if width(before) > lead { format!("…{}", tail(before, lead)) } else { before.to_owned() };
        let line = Line::from(vec![
            Span::raw("   "),
            Span::styled(before, theme.review_context.style()),
            Span::styled(found.to_owned(), theme.search_current.style()),
            Span::styled(after.to_owned(), theme.review_context.style()),
        ]);
        frame.render_widget(Paragraph::new(line), Rect { y: y + 1, height: 1, ..inner });
        y += 2;
    }
}

/// The end of `text` that fits in `cells`.
fn tail(text: &str, cells: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices().rev() {
        used += crate::text::width(c.encode_utf8(&mut [0; 4]));
        if used > cells {
            return &text[i + c.len_utf8()..];
        }
    }
    text
}
