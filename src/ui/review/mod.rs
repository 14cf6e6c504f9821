//! The review screen: the tag tree with counts on the left, the passages of the
//! selected tag on the right, each with the sentence around it and where it is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use crate::annotate::AnchorState;
use crate::app::State;
use crate::app::review::{Item, Review, Row, Side};
use crate::text::width::{pad, truncate, width};

/// Rows one passage takes.
pub const PASSAGE_ROWS: usize = 3;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, review: &Review, theme: &Theme) {
    if area.width < 4 || area.height < 2 {
        return;
    }
    let narrow = area.width < crate::app::geometry::NARROW;
    let (tags, passages) = if narrow {
        match review.side {
            Side::Tags => (Some(area), None),
            Side::Passages => (None, Some(area)),
        }
    } else {
        let left = (area.width / 3).clamp(20, 44);
        let tags = Rect { width: left, ..area };
        let passages = Rect { x: area.x + left + 1, width: area.width - left - 1, ..area };
        let sep = Rect { x: area.x + left, width: 1, ..area };
        frame.render_widget(Block::new().borders(Borders::LEFT).border_style(theme.separator.style()), sep);
        (Some(tags), Some(passages))
    };
    if let Some(a) = tags {
        draw_tags(frame, a, review, theme);
    }
    if let Some(a) = passages {
        draw_passages(frame, a, state, review, theme);
    }
}

fn title_style(focused: bool, theme: &Theme) -> ratatui::style::Style {
    if focused { theme.pane_title } else { theme.pane_title_unfocused }.style()
}

fn draw_tags(frame: &mut Frame, area: Rect, review: &Review, theme: &Theme) {
    let focused = review.side == Side::Tags;
    let header = if review.loading { " Tags · collecting…".to_owned() } else { " Tags".to_owned() };
    frame.render_widget(Paragraph::new(Span::styled(header, title_style(focused, theme))), Rect { height: 1, ..area });
    let body = Rect { y: area.y + 1, height: area.height - 1, ..area };
    let room = usize::from(body.width);
    let rows = usize::from(body.height);
    // Where the screen scrolled to, moved only as far as keeps the selected row shown.
    let top = review.row_top.min(review.row).max((review.row + 1).saturating_sub(rows));
    let lines: Vec<Line> = review
        .rows
        .iter()
        .enumerate()
        .skip(top)
        .take(rows)
        .map(|(i, row)| {
            let (name, count, look) = match row {
                Row::All { passages, articles } => {
                    ("All passages".to_owned(), format!("{passages} in {articles}"), theme.review_tag.style())
                }
                Row::Attention { passages } => {
                    ("Needs attention".to_owned(), passages.to_string(), theme.attention.style())
                }
                Row::Tag { segment, depth, passages, articles, .. } => {
                    let indent = "  ".repeat(*depth);
                    let branch = if *depth > 0 { "└ " } else { "" };
                    let name = format!("{indent}{branch}{}", crate::text::sanitize_line(segment));
                    let look = theme.review_tag.style().fg(theme.tag_colour(segment));
                    (name, format!("{passages} in {articles}"), look)
                }
            };
            let count = format!(" {count} ");
            let name = truncate(&name, room.saturating_sub(width(&count) + 1)).into_owned();
            let line = Line::from(vec![
                Span::styled(pad(&format!(" {name}"), room.saturating_sub(width(&count))), look),
                Span::styled(count, theme.review_count.style()),
            ]);
            if i == review.row {
                let sel = if focused { theme.list_selected } else { theme.list_selected_unfocused };
                line.style(sel.style())
            } else {
                line
            }
        })
        .collect();
    if review.rows.is_empty() && !review.loading {
        let text = " No annotations yet: select text in the reader and tag it.";
        frame.render_widget(Paragraph::new(Span::styled(text, theme.empty.style())), body);
        return;
    }
    frame.render_widget(Paragraph::new(lines), body);
}

fn draw_passages(frame: &mut Frame, area: Rect, state: &State, review: &Review, theme: &Theme) {
    // The key that chooses one place of a passage found in several.
    let choose = state.keymap.hint(crate::app::keymap::Mode::Review, crate::app::Command::ConfirmMatch);
    let focused = review.side == Side::Passages;
    let what = match review.rows.get(review.row) {
        Some(Row::Tag { name, .. }) => crate::text::sanitize_line(name),
        Some(Row::Attention { .. }) => "Needs attention".to_owned(),
        _ => "All passages".to_owned(),
    };
    let filter = if review.filter.is_empty() {
        String::new()
    } else {
        format!(" · “{}”", crate::text::sanitize_line(&review.filter))
    };
    let header = format!(" {what}{filter} · {}", super::counted(review.shown_passages(), "passage", None));
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(&header, usize::from(area.width)).into_owned(),
            title_style(focused, theme),
        )),
        Rect { height: 1, ..area },
    );
    let body = Rect { y: area.y + 1, height: area.height - 1, ..area };
    let per_screen = (usize::from(body.height) / PASSAGE_ROWS).max(1);
    let top = review.top.max(review.selected.saturating_sub(per_screen - 1)).min(review.selected);
    let room = usize::from(body.width).saturating_sub(2);
    let mut lines: Vec<Line> = Vec::new();
    for (n, &i) in review.shown.iter().enumerate().skip(top).take(per_screen) {
        let item = &review.items[i];
        let selected = n == review.selected && focused;
        lines.extend(passage(item, selected, room, theme, choose.as_deref()));
    }
    if review.shown.is_empty() && !review.loading {
        lines.push(Line::styled("  No passages here.", theme.empty.style()));
    }
    for p in review.problems.iter().take(2) {
        if lines.len() + 1 < usize::from(body.height) {
            lines.push(Line::styled(format!("  ! {}", truncate(p, room)), theme.warning.style()));
        }
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// A passage's three rows: the sentence with the passage marked, where it is,
/// a gap.
fn passage<'a>(item: &'a Item, selected: bool, room: usize, theme: &Theme, choose: Option<&str>) -> Vec<Line<'a>> {
    let (before, quote, after) = &item.context;
    let mark = if selected { "▶ " } else { "  " };
    let colour = theme.annotation_colour(&item.annotation.tags);
    // Keep the passage in view: trim the context before it to a third of the row.
    let lead = room / 3;
    let before = if width(before) > lead {
        let cut: String =
            before.chars().rev().take(lead.saturating_sub(1)).collect::<Vec<_>>().into_iter().rev().collect();
        format!("…{cut}")
    } else {
        before.clone()
    };
    let context = Line::from(vec![
        Span::styled(mark, ratatui::style::Style::default().fg(colour)),
        Span::styled(before, theme.review_context.style()),
        Span::styled(quote.clone(), theme.review_quote.style().patch(theme.annotated.style()).fg(colour)),
        Span::styled(after.clone(), theme.review_context.style()),
    ]);
    let state = match (item.state, item.place) {
        (AnchorState::Fuzzy, _) => " · changed".to_owned(),
        (AnchorState::Ambiguous, Some((i, n))) => match choose {
            Some(k) => format!(" · place {i} of {n}: {k} chooses this one"),
            None => format!(" · place {i} of {n}"),
        },
        (AnchorState::Ambiguous, None) => " · in several places".to_owned(),
        (AnchorState::Orphan, _) => " · passage gone".to_owned(),
        _ => String::new(),
    };
    let mut parts: Vec<String> = Vec::new();
    if !item.annotation.tags.is_empty() {
        parts.push(crate::text::sanitize_line(&item.annotation.tags.join(", ")));
    }
    parts.push(item.title.clone());
    if let Some(d) = item.date {
        parts.push(d.to_string());
    }
    parts.push(item.label.clone());
    if !item.annotation.note.is_empty() {
        let note = item.annotation.note.split_whitespace().collect::<Vec<_>>().join(" ");
        parts.push(format!("✎ {}", crate::text::sanitize_line(&note)));
    }
    let source = parts.join(" · ");
    // What needs doing comes first, so a narrow pane cuts the source, not it.
    let state = state.trim_start_matches(" · ");
    let lead = if state.is_empty() { String::new() } else { format!("{state} · ") };
    let rest = room.saturating_sub(width(&lead));
    let mut source_line =
        vec![Span::raw("  "), Span::styled(truncate(&lead, room).into_owned(), theme.attention.style())];
    source_line.push(Span::styled(truncate(&source, rest).into_owned(), theme.review_source.style()));
    let mut out = vec![context, Line::from(source_line), Line::default()];
    if selected {
        out[0] = out[0].clone().patch_style(theme.focused.style());
    }
    out
}
