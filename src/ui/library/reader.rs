//! The reading pane: the visible slice of the article's page, styled by line kind,
//! with annotated passages, the selection, and markers in the left margin.

use std::ops::Range;

use crate::annotate::AnchorState;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, Wrap};

use crate::annotate::Resolved;
use crate::app::keymap::Mode;
use crate::app::page::{LineKind, Source};
use crate::app::{Command, Reader, State, geometry};
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(reader) = &state.library.reader else {
        empty(frame, area, state, theme);
        return;
    };
    let column = geometry::text_column(area, reader.page.width);
    let height = usize::from(area.height);
    let end = (reader.top + height).min(reader.page.len());
    let fold_key = state.keymap.hint(Mode::Reader, Command::ToggleBoilerplate).unwrap_or_default();
    let confirm_key = state.keymap.hint(Mode::Reader, Command::ConfirmMatch).unwrap_or_default();
    let selection = state.selection().map(|s| s.range());
    let here = if state.prompt().is_none() && selection.is_none() { state.annotation_here() } else { None };
    let review_key = state.keymap.hint(Mode::Reader, Command::Review).unwrap_or_default();
    let view = View {
        reader,
        here,
        theme,
        fold_key: &fold_key,
        confirm_key: &confirm_key,
        review_key: &review_key,
        selection,
    };
    let lines: Vec<Line> = (reader.top..end).map(|i| view.line(i)).collect();
    frame.render_widget(Paragraph::new(lines), column);
    view.margin(frame, column, end);

    if state.library.reader_is_stale() {
        // The article asked for is still being read: say so over the old one.
        let banner = Rect { height: 1.min(column.height), ..column };
        frame.render_widget(Clear, banner);
        frame.render_widget(Paragraph::new("Loading…").style(theme.fold.style()), banner);
    }

    let total = reader.page.len();
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
    let lib = &state.library;
    let text = if let Some((path, err)) = &lib.reader_error {
        format!("Cannot show {}: {}", crate::text::sanitize_line(&path.to_string_lossy()), err)
    } else if lib.loading.is_some() {
        "Loading…".to_owned()
    } else if lib.entries.is_empty() && !lib.scanning {
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
        LineKind::Warning | LineKind::Guessed { .. } => theme.warning,
        LineKind::Rule => theme.rule,
        LineKind::Heading(_) => theme.heading,
        LineKind::Body | LineKind::ListFirst | LineKind::ListRest | LineKind::Blank => theme.body,
        LineKind::Quote => theme.quote,
        LineKind::Pre => theme.pre,
        LineKind::Fold { .. } => theme.fold,
        LineKind::Boilerplate => theme.boilerplate,
        LineKind::LinksHeading => theme.links_heading,
        LineKind::Link | LineKind::LinkRest => theme.link,
        LineKind::Tags { .. } => theme.tags_line,
        LineKind::Changed { .. } => theme.warning,
        LineKind::Note { .. } => theme.note,
        LineKind::OrphansHeading => theme.orphans_heading,
        LineKind::OrphanQuote { .. } => theme.orphan_quote,
    }
    .style()
}

struct View<'a> {
    reader: &'a Reader,
    /// Index of "the annotation here".
    here: Option<usize>,
    theme: &'a Theme,
    fold_key: &'a str,
    confirm_key: &'a str,
    review_key: &'a str,
    /// The selection being made, if one is.
    selection: Option<Range<usize>>,
}

impl<'a> View<'a> {
    fn items(&self) -> &'a [Resolved] {
        &self.reader.annotations.items
    }

    /// The annotation `c`, `e`, `d` and `y` would act on: marked with `▶`.
    fn focused(&self, item: usize) -> bool {
        self.here == Some(item)
    }

    /// Build display line `i` of the page.
    fn line(&self, i: usize) -> Line<'a> {
        let page = &self.reader.page;
        let article = &self.reader.article;
        // A line not laid out yet (never on screen once the reader has settled).
        let Some(l) = page.line(i) else {
            return Line::default();
        };
        let base = style(l.kind, self.theme);
        let mut spans: Vec<Span> = Vec::new();
        match l.kind {
            LineKind::Rule => return Line::styled("─".repeat(page.width), base),
            LineKind::Fold { paragraphs, .. } => {
                let (arrow, verb) = if page.show_boilerplate { ("▾", "fold") } else { ("▸", "show") };
                let noun = if paragraphs == 1 { "paragraph" } else { "paragraphs" };
                let text = format!("{arrow} boilerplate: {paragraphs} {noun} · {} to {verb}", self.fold_key);
                return Line::styled(crate::text::width::truncate(&text, page.width).into_owned(), base);
            }
            LineKind::Guessed { line } => {
                let text = if line == 0 {
                    "Main text not found with confidence:".to_owned()
                } else {
                    format!("showing the longest text block · {} shows the rest", self.fold_key)
                };
                return Line::styled(crate::text::width::truncate(&text, page.width).into_owned(), base);
            }
            LineKind::Tags { item, from, to } => return self.tags_line(item, from, to),
            LineKind::Changed { item } => {
                let text = match self.items().get(item) {
                    Some(r) if r.state == AnchorState::Ambiguous => format!(
                        "    ? found word for word in {} places · choose one in the review ({})",
                        r.places.len(),
                        self.review_key
                    ),
                    _ => format!("    ≈ the text here changed since it was tagged · {} accepts it", self.confirm_key),
                };
                return Line::styled(crate::text::width::truncate(&text, page.width).into_owned(), base);
            }
            LineKind::ListFirst => spans.push(Span::styled("• ", self.theme.bullet.style())),
            LineKind::ListRest => spans.push(Span::raw("  ")),
            LineKind::Quote => spans.push(Span::styled("│ ", self.theme.quote_bar.style())),
            LineKind::LinkRest => spans.push(Span::raw("    ")),
            LineKind::Note { item } => {
                let colour = self.theme.annotation_colour(&self.items()[item].annotation.tags);
                spans.push(Span::styled("  │ ", Style::default().fg(colour)));
            }
            LineKind::OrphanQuote { .. } => spans.push(Span::raw("  ")),
            _ => {}
        }
        let text = page.text(article, i);
        if l.source == Source::Text {
            self.decorated(l.range.clone(), text, base, &mut spans);
        } else {
            spans.push(Span::styled(text, base));
        }
        Line::from(spans)
    }

    /// Tags `from..to` of an annotation, each in its colour.
    fn tags_line(&self, item: usize, from: usize, to: usize) -> Line<'a> {
        let a = &self.items()[item].annotation;
        let mut base = style(LineKind::Tags { item, from, to }, self.theme);
        if self.focused(item) {
            base = base.patch(self.theme.focused.style());
        }
        let colour = self.theme.annotation_colour(&a.tags);
        let lead = if from == 0 { "  ↳ " } else { "    " };
        let mut spans = vec![Span::styled(lead, base.fg(colour))];
        if a.tags.is_empty() {
            spans.push(Span::styled("(no tags)", base.patch(self.theme.note.style())));
        }
        let room = self.reader.page.width.saturating_sub(4);
        for (n, tag) in a.tags[from..to.min(a.tags.len())].iter().enumerate() {
            if n > 0 {
                spans.push(Span::styled(" · ", base));
            }
            let shown = crate::text::width::truncate(&crate::text::sanitize_line(tag), room).into_owned();
            spans.push(Span::styled(shown, base.fg(self.theme.tag_colour(tag))));
        }
        Line::from(spans)
    }

    /// A text line split into spans: link markers, annotated passages (in their
    /// first tag's colour, bold where two overlap) and the selection.
    fn decorated(&self, range: Range<usize>, text: &'a str, base: Style, spans: &mut Vec<Span<'a>>) {
        let article = &self.reader.article;
        let items = self.items();
        let covering: Vec<(&Range<usize>, &Resolved)> = self
            .reader
            .items_over(range.clone())
            .filter_map(|i| items[i].range.as_ref().map(|x| (x, &items[i])))
            .collect();
        let first_marker = article.markers.partition_point(|(m, _)| m.end <= range.start);
        let markers: Vec<&Range<usize>> =
            article.markers[first_marker..].iter().take_while(|(m, _)| m.start < range.end).map(|(m, _)| m).collect();
        let selection = self.selection.clone();
        // Search matches on this line, and which one `n` went to.
        let search = self.reader.search.as_ref();
        let found: Vec<(Range<usize>, bool)> = search
            .map(|m| m.overlapping(range.clone()).map(|i| (m.ranges[i].clone(), m.current == Some(i))).collect())
            .unwrap_or_default();

        let mut cuts = vec![range.start, range.end];
        let clip = |r: &Range<usize>, cuts: &mut Vec<usize>| {
            for p in [r.start, r.end] {
                if p > range.start && p < range.end {
                    cuts.push(p);
                }
            }
        };
        for (r, _) in &covering {
            clip(r, &mut cuts);
        }
        for m in &markers {
            clip(m, &mut cuts);
        }
        if let Some(s) = &selection {
            clip(s, &mut cuts);
        }
        for (r, _) in &found {
            clip(r, &mut cuts);
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a >= b {
                continue;
            }
            let inside = |r: &Range<usize>| r.start <= a && r.end >= b;
            let mut style = base;
            let over: Vec<&Resolved> = covering.iter().filter(|(r, _)| inside(r)).map(|(_, x)| *x).collect();
            if let Some(innermost) = over.iter().max_by_key(|r| r.range.as_ref().map_or(0, |x| x.start)) {
                style = style
                    .patch(self.theme.annotated.style())
                    .fg(self.theme.annotation_colour(&innermost.annotation.tags));
                if over.len() > 1 {
                    style = style.patch(self.theme.annotated_overlap.style());
                }
            }
            if markers.iter().any(|m| inside(m)) {
                style = style.patch(self.theme.link_marker.style());
            }
            if let Some((_, current)) = found.iter().find(|(r, _)| inside(r)) {
                let look = if *current { self.theme.search_current } else { self.theme.search_match };
                style = style.patch(look.style());
            }
            if selection.as_ref().is_some_and(inside) {
                style = style.patch(self.theme.selection.style());
            }
            spans.push(Span::styled(&text[a - range.start..b - range.start], style));
        }
    }

    /// Marks in the two columns left of the text: one per annotation on the line
    /// (up to two), `▶` for the focused one.
    fn margin(&self, frame: &mut Frame, column: Rect, end: usize) {
        if column.x < 2 {
            return;
        }
        for (row, i) in (self.reader.top..end).enumerate() {
            for (k, item) in self.reader.items_on_line(i).into_iter().take(2).enumerate() {
                let colour = self.theme.annotation_colour(&self.items()[item].annotation.tags);
                let symbol = if self.focused(item) { "▶" } else { "▌" };
                let x = column.x - 2 + k as u16;
                let y = column.y + row as u16;
                if let Some(cell) = frame.buffer_mut().cell_mut((x, y)) {
                    cell.set_symbol(symbol).set_style(Style::default().fg(colour));
                }
            }
        }
    }
}
