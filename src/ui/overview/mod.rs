//! The overview screen: passages per tag as a bar chart, and articles and tagged
//! passages per month (by article date) as paired bars, with what has no date.

use ratatui::Frame;
use ratatui::layout::{Direction, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};

use super::Theme;
use crate::app::overview::{Month, Overview};
use crate::text::width::truncate;

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

pub fn draw(frame: &mut Frame, area: Rect, o: &Overview, theme: &Theme) {
    if area.width < 10 || area.height < 4 {
        return;
    }
    let summary = format!(
        " {} · {} unread · {} starred · {} archived · {} · {}",
        super::counted(o.articles, "article", None),
        o.unread,
        o.starred,
        o.archived,
        super::counted(o.passages, "tagged passage", None),
        super::counted(o.tags.len(), "tag", None)
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            truncate(&summary, usize::from(area.width)).into_owned(),
            theme.pane_title.style(),
        )),
        Rect { height: 1, ..area },
    );
    let body = Rect { y: area.y + 1, height: area.height - 1, ..area };
    let (tags, time) = if body.width >= 100 {
        let left = body.width * 2 / 5;
        (Rect { width: left, ..body }, Rect { x: body.x + left + 1, width: body.width - left - 1, ..body })
    } else {
        let top = body.height / 2;
        (Rect { height: top, ..body }, Rect { y: body.y + top, height: body.height - top, ..body })
    };
    draw_tags(frame, tags, o, theme);
    draw_time(frame, time, o, theme);
}

fn block<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::TOP)
        .border_style(theme.separator.style())
        .title(Span::styled(title, theme.pane_title.style()))
}

/// Passages per top-level tag, most first, as horizontal bars.
fn draw_tags(frame: &mut Frame, area: Rect, o: &Overview, theme: &Theme) {
    let block = block(" Passages per tag ".to_owned(), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if o.tags.is_empty() {
        let text = " No tagged passages yet.";
        frame.render_widget(Paragraph::new(Span::styled(text, theme.empty.style())), inner);
        return;
    }
    let rows = usize::from(inner.height);
    let label_width = usize::from(inner.width / 3).clamp(4, 24);
    let bars: Vec<Bar> = o
        .tags
        .iter()
        .skip(o.top)
        .take(rows)
        .map(|(tag, n)| {
            let label = truncate(&crate::text::sanitize_line(tag), label_width).into_owned();
            Bar::with_label(Line::from(label), *n as u64)
                .style(ratatui::style::Style::default().fg(theme.tag_colour(tag)))
                .value_style(theme.chart_label.style())
        })
        .collect();
    let chart = BarChart::horizontal(bars)
        .bar_width(1)
        .bar_gap(0)
        .label_style(theme.chart_label.style())
        .max(o.tags.first().map_or(1, |t| t.1 as u64).max(1));
    frame.render_widget(chart, inner);
}

/// Articles and tagged passages per month (or per year when months do not fit).
fn draw_time(frame: &mut Frame, area: Rect, o: &Overview, theme: &Theme) {
    let undated = format!(" · undated: {} articles ({} passages) ", o.undated_articles, o.undated_passages);
    let title = Line::from(vec![
        Span::styled(" By month: ", theme.pane_title.style()),
        Span::styled("▮ articles ", theme.chart_bar.style()),
        Span::styled("▮ tagged passages", theme.chart_bar_alt.style()),
        Span::styled(undated, theme.chart_label.style()),
    ]);
    let block = Block::new().borders(Borders::TOP).border_style(theme.separator.style()).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if o.months.is_empty() {
        let text = " No article has a date.";
        frame.render_widget(Paragraph::new(Span::styled(text, theme.empty.style())), inner);
        return;
    }
    // A group is two bars and a gap; by year when the months do not fit.
    let fits = |groups: usize| groups * 4 <= usize::from(inner.width);
    let periods: Vec<(String, usize, usize)> = if fits(o.months.len()) {
        o.months.iter().map(|m| (month_label(m), m.articles, m.passages)).collect()
    } else {
        let mut years: Vec<(String, usize, usize)> = Vec::new();
        for m in &o.months {
            match years.last_mut() {
                Some((y, a, p)) if *y == m.year.to_string() => {
                    *a += m.articles;
                    *p += m.passages;
                }
                _ => years.push((m.year.to_string(), m.articles, m.passages)),
            }
        }
        let keep = usize::from(inner.width) / 4;
        let skip = years.len().saturating_sub(keep.max(1));
        years.into_iter().skip(skip).collect()
    };
    let width = (usize::from(inner.width) / periods.len().max(1)).saturating_sub(1).clamp(3, 7) as u16;
    let bar = ((width - 1) / 2).max(1);
    let groups: Vec<BarGroup> = periods
        .iter()
        .map(|(label, articles, passages)| {
            BarGroup::with_label(
                Line::from(truncate(label, usize::from(width)).into_owned()),
                vec![
                    Bar::default().value(*articles as u64).style(theme.chart_bar.style()),
                    Bar::default().value(*passages as u64).style(theme.chart_bar_alt.style()),
                ],
            )
        })
        .collect();
    let mut chart = BarChart::grouped(groups)
        .direction(Direction::Vertical)
        .bar_width(bar)
        .bar_gap(0)
        .group_gap(1)
        .label_style(theme.chart_label.style())
        .value_style(theme.chart_value.style());
    let max = periods.iter().map(|p| p.1.max(p.2)).max().unwrap_or(1).max(1) as u64;
    chart = chart.max(max);
    frame.render_widget(chart, inner);
}

fn month_label(m: &Month) -> String {
    let name = MONTHS[usize::from(m.month.clamp(1, 12)) - 1];
    if m.month == 1 { format!("{name} {}", m.year % 100) } else { name.to_owned() }
}
