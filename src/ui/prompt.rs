//! The prompt (tags, a note, the list's filter, a tag's new name), a box over the
//! bottom of the pane it is about, and the yes-or-no question.

use crate::annotate::relocate::MatchedBy;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::Theme;
use crate::app::keymap::Mode;
use crate::app::prompt::{Confirm, Question};
use crate::app::{Command, Prompt, PromptKind, State};
use crate::text::width::{pad, truncate};

pub fn draw(frame: &mut Frame, state: &State, prompt: &Prompt, theme: &Theme) {
    let panes = state.panes();
    let full = Rect { height: state.size.1.saturating_sub(1), ..state.area() };
    let pane = match prompt.kind {
        PromptKind::Filter => panes.list.or(panes.reader),
        PromptKind::RenameTag(_) => Some(full),
        _ => panes.reader.or(panes.list),
    };
    let Some(pane) = pane else {
        return;
    };
    let mode = if prompt.is_note() { Mode::Note } else { Mode::Prompt };
    let key = |c: Command| state.keymap.hint(mode, c).unwrap_or_default();
    let completions = &prompt.completions;
    let (title, rows) = match &prompt.kind {
        PromptKind::NewNote(_) | PromptKind::EditNote(_) => {
            (format!(" Note · {} saves · {} cancels ", key(Command::Accept), key(Command::Back)), 8)
        }
        PromptKind::Filter => (
            format!(
                " Filter: unread starred archived p>=N tag:T words · {} applies · {} cancels ",
                key(Command::Accept),
                key(Command::Back)
            ),
            1,
        ),
        PromptKind::RenameTag(from) => (
            format!(
                " Rename {} to · {} renames · {} completes · {} cancels ",
                crate::text::sanitize_line(from),
                key(Command::Accept),
                key(Command::Complete),
                key(Command::Back)
            ),
            1 + completions.len() as u16,
        ),
        PromptKind::NewTags(_) | PromptKind::EditTags(_) => (
            format!(
                " Tags, separated by commas · {} applies · {} completes · {} cancels ",
                key(Command::Accept),
                key(Command::Complete),
                key(Command::Back)
            ),
            1 + completions.len() as u16,
        ),
    };
    let width = pane.width.min(76);
    let height = (rows + 2).min(pane.height);
    if width < 4 || height < 3 {
        return;
    }
    let area = Rect { x: pane.x + (pane.width - width) / 2, y: pane.y + pane.height - height, width, height };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.prompt_border.style())
        .title(truncate(&title, usize::from(width.saturating_sub(2))).into_owned());
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    // The text being typed, with the theme's selection (a short text: copied per frame).
    let mut input = prompt.input.clone();
    input.set_selection_style(theme.input_selection.style());
    if prompt.is_note() {
        frame.render_widget(&input, inner);
        return;
    }
    frame.render_widget(&input, Rect { height: 1, ..inner });
    let room = usize::from(inner.width);
    let lines: Vec<Line> = completions
        .iter()
        .enumerate()
        .map(|(i, (tag, count))| {
            let count = format!("{count}× ");
            let look = if i == prompt.choice.min(completions.len().saturating_sub(1)) {
                theme.completion_selected
            } else {
                theme.completion
            };
            Line::from(vec![
                Span::styled(pad(&format!(" {tag}"), room.saturating_sub(crate::text::width(&count))), look.style()),
                Span::styled(count, theme.completion_count.style()),
            ])
        })
        .collect();
    let list = Rect { y: inner.y + 1, height: inner.height.saturating_sub(1), ..inner };
    frame.render_widget(Paragraph::new(lines), list);
}

/// A yes-or-no question, in a box in the middle of `area`.
pub fn confirm(frame: &mut Frame, area: Rect, state: &State, c: &Confirm, theme: &Theme) {
    let key = |c: Command| state.keymap.hint(Mode::Confirm, c).unwrap_or_default();
    let question = match &c.question {
        Question::DeleteTag { tag, passages } => {
            format!(
                "Delete the tag {} (and the tags below it) from {} in every article?",
                crate::text::sanitize_line(tag),
                super::counted(*passages, "passage", None)
            )
        }
        Question::MergeTag { from, to } => format!(
            "{} is already a tag: merge {} into it?",
            crate::text::sanitize_line(to),
            crate::text::sanitize_line(from)
        ),
        Question::MoveSidecars(moves) => {
            let how = |m: &crate::app::SidecarMove| match m.by {
                MatchedBy::SourceHash => "the same file".to_owned(),
                MatchedBy::Quotes { found, of } => format!("{found} of {of} passages found in it"),
            };
            match moves.as_slice() {
                [m] => format!(
                    "The annotations of {} were left behind: the article is gone. It is probably {} ({}). Move them there?",
                    m.was_label,
                    m.now_label,
                    how(m)
                ),
                _ => {
                    let list: Vec<String> = moves
                        .iter()
                        .take(5)
                        .map(|m| format!("{} → {} ({})", m.was_label, m.now_label, how(m)))
                        .collect();
                    let more = if moves.len() > 5 { format!(" and {} more", moves.len() - 5) } else { String::new() };
                    format!(
                        "The annotations of {} articles were left behind when they were renamed or moved: {}{more}. Move them to the new names?",
                        moves.len(),
                        list.join(", ")
                    )
                }
            }
        }
    };
    let width = area.width.min(64);
    let lines = crate::text::wrap(&question, usize::from(width.saturating_sub(4)).max(1));
    let height = (lines.len() as u16 + 2).min(area.height);
    if width < 6 || height < 3 {
        return;
    }
    let bounds = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.prompt_border.style())
        .title_bottom(
            Line::from(format!(" {} yes · {} no ", key(Command::Accept), key(Command::Back))).right_aligned(),
        );
    let inner = block.inner(bounds);
    frame.render_widget(Clear, bounds);
    frame.render_widget(block, bounds);
    let text: Vec<Line> = lines.into_iter().map(|r| Line::raw(question[r].to_owned())).collect();
    frame.render_widget(Paragraph::new(text), Rect { x: inner.x + 1, width: inner.width.saturating_sub(1), ..inner });
}
