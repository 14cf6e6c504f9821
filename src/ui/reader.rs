//! The reading pane: the visible slice of the article's page, styled by line kind.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, Wrap};

use super::Theme;
use crate::app::keymap::Mode;
use crate::app::page::{LineKind, Page};
use crate::app::{Command, State, geometry};
use crate::corpus::Article;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(reader) = &state.reader else {
        empty(frame, area, state, theme);
        return;
    };
    let column = geometry::text_column(area, reader.page.width);
    let height = usize::from(area.height);
    let end = (reader.top + height).min(reader.page.lines.len());
    let fold_key = state.keymap.hint(Mode::Normal, Command::ToggleBoilerplate).unwrap_or_default();
    let lines: Vec<Line> =
        (reader.top..end).map(|i| line(&reader.article, &reader.page, i, &fold_key, theme)).collect();
    frame.render_widget(Paragraph::new(lines), column);
    if state.reader_is_stale() {
        // The article asked for is still being read: say so over the old one.
        let banner = Rect { height: 1.min(column.height), ..column };
        frame.render_widget(Clear, banner);
        frame.render_widget(Paragraph::new("Loading…").style(theme.fold.style()), banner);
    }

    let total = reader.page.lines.len();
    if total > height && area.width > column.x + column.width - area.x {
        let mut bar = ScrollbarState::new(total.saturating_sub(height)).position(reader.top);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .track_symbol(Some(" "))
                .thumb_symbol("┃")
                .style(theme.scrollbar.style()),
            area,
            &mut bar,
        );
    }
}

/// What the pane shows when no article is loaded.
fn empty(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let text = if let Some((path, err)) = &state.reader_error {
        format!("Cannot show {}: {}", crate::text::sanitize_line(&path.to_string_lossy()), err)
    } else if state.loading.is_some() {
        "Loading…".to_owned()
    } else if state.entries.is_empty() && !state.scanning {
        format!(
            "No articles in {}.\n\ngloss reads .txt, .md, .markdown, .html and .htm files, in this folder and the folders below it.",
            state.root_label
        )
    } else {
        String::new()
    };
    let column = geometry::text_column(area, geometry::text_width(area, state.settings.reading_width));
    frame.render_widget(
        Paragraph::new(text).style(theme.empty.style()).wrap(Wrap { trim: false }),
        Rect { y: column.y + 1.min(column.height), height: column.height.saturating_sub(1), ..column },
    );
}

/// Style of a line's text by its kind.
fn style(kind: LineKind, theme: &Theme) -> Style {
    match kind {
        LineKind::Kicker => theme.kicker,
        LineKind::Title => theme.title,
        LineKind::Meta => theme.meta,
        LineKind::File => theme.file,
        LineKind::Warning => theme.warning,
        LineKind::Rule => theme.rule,
        LineKind::Heading(_) => theme.heading,
        LineKind::Body | LineKind::ListFirst | LineKind::ListRest | LineKind::Blank => theme.body,
        LineKind::Quote => theme.quote,
        LineKind::Pre => theme.pre,
        LineKind::Fold { .. } => theme.fold,
        LineKind::Boilerplate => theme.boilerplate,
        LineKind::LinksHeading => theme.links_heading,
        LineKind::Link | LineKind::LinkRest => theme.link,
    }
    .style()
}

/// Build display line `i` of the page.
fn line<'a>(article: &'a Article, page: &'a Page, i: usize, fold_key: &str, theme: &Theme) -> Line<'a> {
    let l = &page.lines[i];
    let base = style(l.kind, theme);
    let mut spans: Vec<Span> = Vec::new();
    match l.kind {
        LineKind::Rule => return Line::styled("─".repeat(page.width), base),
        LineKind::Fold { paragraphs, .. } => {
            let (arrow, verb) = if page.show_boilerplate { ("▾", "fold") } else { ("▸", "show") };
            let noun = if paragraphs == 1 { "paragraph" } else { "paragraphs" };
            let text = format!("{arrow} boilerplate: {paragraphs} {noun} · {fold_key} to {verb}");
            return Line::styled(crate::text::width::truncate(&text, page.width).into_owned(), base);
        }
        LineKind::ListFirst => spans.push(Span::styled("• ", theme.bullet.style())),
        LineKind::ListRest => spans.push(Span::raw("  ")),
        LineKind::LinkRest => spans.push(Span::raw("    ")),
        LineKind::Quote => spans.push(Span::styled("│ ", theme.quote_bar.style())),
        _ => {}
    }
    let text = page.text(article, i);
    if l.source == crate::app::page::Source::Text {
        marked(article, l.range.clone(), text, base, theme, &mut spans);
    } else {
        spans.push(Span::styled(text, base));
    }
    Line::from(spans)
}

/// Split a text line into spans so link markers get their own style.
fn marked<'a>(
    article: &'a Article,
    range: std::ops::Range<usize>,
    text: &'a str,
    base: Style,
    theme: &Theme,
    spans: &mut Vec<Span<'a>>,
) {
    let first = article.markers.partition_point(|(m, _)| m.end <= range.start);
    let mut pos = range.start;
    for (m, _) in article.markers[first..].iter().take_while(|(m, _)| m.start < range.end) {
        let (start, end) = (m.start.max(range.start), m.end.min(range.end));
        if start > pos {
            spans.push(Span::styled(&text[pos - range.start..start - range.start], base));
        }
        spans.push(Span::styled(&text[start - range.start..end - range.start], theme.link_marker.style()));
        pos = end;
    }
    if pos < range.end {
        spans.push(Span::styled(&text[pos - range.start..], base));
    }
}
