//! The command palette: each command that works under it, its name in words, what
//! it does there and its keys there, best match first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::keymap::Mode;
use crate::app::palette::Palette;
use crate::app::{Command, State};
use crate::text::width::{pad, truncate, width};

/// Below this many cells the descriptions are left out.
const DESCRIBED: usize = 24;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, open: &Palette, theme: &Theme) {
    let Some(bounds) = super::popup_area(area, 80, 20) else {
        return;
    };
    let w = bounds.width;
    let key = |c: Command| state.keymap.hint(Mode::Palette, c).unwrap_or_default();
    let count = format!(" {} of {} ", open.matches.len(), open.entries.len());
    let keys = format!(" {} runs · {} cancels ", key(Command::Accept), key(Command::Back));
    // On the bottom border as much as fits: the keys, then the count.
    let inside = usize::from(w).saturating_sub(2);
    let keys = if width(&keys) <= inside { keys } else { String::new() };
    let count = if width(&count) + width(&keys) <= inside { count } else { String::new() };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.help_border.style())
        .title(" Run a command ")
        .title_bottom(Line::from(count).left_aligned())
        .title_bottom(Line::from(keys).right_aligned());
    let inner = block.inner(bounds);
    frame.render_widget(Clear, bounds);
    frame.render_widget(block, bounds);
    let input = Rect { height: 1, ..inner };
    frame.render_widget(Paragraph::new(Span::styled("›", theme.help_key.style())), input);
    frame.render_widget(&open.input, Rect { x: input.x + 2, width: input.width.saturating_sub(2), ..input });
    let list = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
    let room = usize::from(inner.width);
    if open.matches.is_empty() {
        let none = Line::styled(truncate(" no command matches", room).into_owned(), theme.empty.style());
        frame.render_widget(Paragraph::new(none), list);
        return;
    }

    // Keys on the right, the name on the left, the description between when there
    // is room for it. The columns fit every listed command, so they stay put as
    // the list is filtered.
    let all = &open.entries;
    let keys_w = all.iter().map(|e| width(&e.keys)).max().unwrap_or(0).min(room / 4);
    let rest = room.saturating_sub(2 + if keys_w > 0 { keys_w + 2 } else { 0 });
    let names_w = all.iter().map(|e| width(&e.name)).max().unwrap_or(0);
    let (name_w, what_w) = if rest >= DESCRIBED {
        let name_w = names_w.min(rest / 2);
        (name_w, rest.saturating_sub(name_w + 2))
    } else {
        (names_w.min(rest), 0)
    };

    let rows = usize::from(list.height);
    let top = open.selected.saturating_sub(rows.saturating_sub(1));
    let hit = theme.search_match.style();
    let lines: Vec<Line> = open
        .matches
        .iter()
        .enumerate()
        .skip(top)
        .take(rows)
        .map(|(n, m)| {
            let look = if n == open.selected { theme.list_selected } else { theme.list_title }.style();
            let mut spans = vec![Span::styled(" ", look)];
            let entry = all.iter().find(|e| e.command == m.command);
            let (name, what, keys) = entry.map_or(("", "", ""), |e| (e.name.as_str(), e.description, e.keys.as_str()));
            spans.extend(marked(name, &m.in_name, name_w, look, hit));
            if what_w > 0 {
                spans.push(Span::styled("  ", look));
                spans.extend(marked(what, &m.in_description, what_w, theme.list_meta.style().patch(look), hit));
            }
            if keys_w > 0 {
                let keys = truncate(keys, keys_w).into_owned();
                let gap = room.saturating_sub(1 + name_w + if what_w > 0 { what_w + 2 } else { 0 } + width(&keys) + 1);
                spans.push(Span::styled(" ".repeat(gap), look));
                spans.push(Span::styled(keys, theme.help_key.style().patch(look)));
            }
            spans.push(Span::styled(" ", look));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// `text` cut and padded to `cells`, the characters at `hits` in the `hit` style.
fn marked(text: &str, hits: &[usize], cells: usize, look: Style, hit: Style) -> Vec<Span<'static>> {
    let cut = truncate(text, cells);
    // A cut text ends in `…`, which matched nothing.
    let whole = if matches!(cut, std::borrow::Cow::Borrowed(_)) { usize::MAX } else { cut.chars().count() - 1 };
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut in_hit = false;
    for (i, c) in cut.chars().enumerate() {
        let is_hit = i < whole && hits.contains(&i);
        if is_hit != in_hit && !run.is_empty() {
            let style = if in_hit { look.patch(hit) } else { look };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        in_hit = is_hit;
        run.push(c);
    }
    let used = width(&cut);
    if !run.is_empty() {
        spans.push(Span::styled(run, if in_hit { look.patch(hit) } else { look }));
    }
    if used < cells {
        spans.push(Span::styled(pad("", cells - used), look));
    }
    spans
}
