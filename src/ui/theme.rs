//! Colours and text attributes, read from a theme file (`themes/default.ron` is built
//! in).

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

const DEFAULT_THEME: &str = include_str!("../../themes/default.ron");

/// One style as written in a theme file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Spec {
    fg: Option<Color>,
    bg: Option<Color>,
    bold: bool,
    italic: bool,
    dim: bool,
    underline: bool,
    reversed: bool,
}

/// A style of the theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "Spec")]
pub struct Look(Style);

impl Look {
    pub fn style(self) -> Style {
        self.0
    }
}

impl From<Spec> for Look {
    fn from(spec: Spec) -> Look {
        let mut style = Style::default();
        if let Some(fg) = spec.fg {
            style = style.fg(fg);
        }
        if let Some(bg) = spec.bg {
            style = style.bg(bg);
        }
        for (on, modifier) in [
            (spec.bold, Modifier::BOLD),
            (spec.italic, Modifier::ITALIC),
            (spec.dim, Modifier::DIM),
            (spec.underline, Modifier::UNDERLINED),
            (spec.reversed, Modifier::REVERSED),
        ] {
            if on {
                style = style.add_modifier(modifier);
            }
        }
        Look(style)
    }
}

/// Every style the interface uses.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub kicker: Look,
    pub title: Look,
    pub meta: Look,
    pub file: Look,
    pub warning: Look,
    pub rule: Look,
    pub heading: Look,
    pub body: Look,
    pub quote: Look,
    pub quote_bar: Look,
    pub bullet: Look,
    pub pre: Look,
    pub link_marker: Look,
    pub links_heading: Look,
    pub link: Look,
    pub fold: Look,
    pub boilerplate: Look,
    pub scrollbar: Look,
    pub search_match: Look,
    pub search_current: Look,
    pub list_header: Look,
    pub list_header_unfocused: Look,
    pub list_title: Look,
    pub list_meta: Look,
    pub list_unread: Look,
    pub list_problem: Look,
    pub list_star: Look,
    pub list_priority: Look,
    pub list_archived: Look,
    pub list_selected: Look,
    pub list_selected_unfocused: Look,
    pub separator: Look,
    pub status: Look,
    pub status_key: Look,
    pub status_message: Look,
    pub help_border: Look,
    pub help_key: Look,
    pub help_text: Look,
    pub help_section: Look,
    pub empty: Look,
    pub tag_colours: Vec<Color>,
    pub annotated: Look,
    pub selection: Look,
    pub tags_line: Look,
    pub focused: Look,
    pub note: Look,
    pub orphans_heading: Look,
    pub orphan_quote: Look,
    pub prompt_border: Look,
    pub completion: Look,
    pub completion_selected: Look,
    pub completion_count: Look,
    pub pane_title: Look,
    pub pane_title_unfocused: Look,
    pub review_tag: Look,
    pub review_count: Look,
    pub review_quote: Look,
    pub review_context: Look,
    pub review_source: Look,
    pub attention: Look,
    pub chart_bar: Look,
    pub chart_bar_alt: Look,
    pub chart_label: Look,
}

impl Theme {
    /// The colour of a tag.
    pub fn tag_colour(&self, tag: &str) -> Color {
        if self.tag_colours.is_empty() {
            return Color::Reset;
        }
        self.tag_colours[crate::annotate::tags::colour_slot(tag, self.tag_colours.len())]
    }

    /// The colour of an annotation: its first tag's (or the first colour).
    pub fn annotation_colour(&self, tags: &[String]) -> Color {
        match tags.first() {
            Some(tag) => self.tag_colour(tag),
            None => self.tag_colours.first().copied().unwrap_or(Color::Reset),
        }
    }

    /// Parse a theme file; the error is `line:column: what is wrong`.
    pub fn parse(text: &str) -> Result<Theme, String> {
        crate::config::ron_options().from_str(text).map_err(|e| crate::config::ron_error(text, &e))
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::parse(DEFAULT_THEME).expect("the built-in theme parses")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_theme_parses() {
        let theme = Theme::default();
        assert_eq!(theme.heading.style().fg, Some(Color::Cyan));
        assert!(theme.title.style().add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn unknown_fields_are_errors() {
        let text = DEFAULT_THEME.replace("kicker:", "kikcer:");
        assert!(Theme::parse(&text).unwrap_err().contains("kikcer"));
    }
}
