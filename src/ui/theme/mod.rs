//! Colours and text attributes, read from theme files.
//!
//! Four themes are built in (`themes/*.ron`): `default`, `dark`, `light` and
//! `high-contrast`; more can be put in the config folder's `themes/` ([`Themes`]).
//! A theme file sets some styles and inherits the others from another theme
//! (`inherits`, `default` unless it says otherwise). One list of fields, in the
//! `theme!` macro below, declares both the [`Theme`] the interface draws with and the
//! [`ThemePatch`] a file is read into, so the two never disagree.
//!
//! What the terminal can show is applied last: [`Theme::without_colour`] for
//! `NO_COLOR`, [`Theme::for_depth`] for terminals with 16 or 256 colours.

mod depth;
mod registry;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

pub use depth::{ColourDepth, no_colour_requested};
pub use registry::{BUILT_IN, Themes};

/// One style as written in a theme file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename = "Style", default, deny_unknown_fields)]
struct Spec {
    fg: Option<Colour>,
    bg: Option<Colour>,
    bold: bool,
    italic: bool,
    dim: bool,
    underline: bool,
    reversed: bool,
}

/// A colour as written in a theme file, with an error that says what a colour is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Colour(Color);

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Colour, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map(Colour).map_err(|_| {
            serde::de::Error::custom(format!(
                "\"{}\" is not a colour: expected a name (\"red\", \"lightblue\", \"reset\"), an index \
                 (\"0\" to \"255\") or \"#rrggbb\"",
                crate::text::sanitize_line(&text)
            ))
        })
    }
}

/// A style of the theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look(Style);

impl Look {
    pub fn style(self) -> Style {
        self.0
    }
}

impl From<Spec> for Look {
    fn from(spec: Spec) -> Look {
        let mut style = Style::default();
        if let Some(Colour(fg)) = spec.fg {
            style = style.fg(fg);
        }
        if let Some(Colour(bg)) = spec.bg {
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

/// Declares [`Theme`] (every style a `Look`) and [`ThemePatch`] (every style an
/// `Option`) from one list of style names.
macro_rules! theme {
    ($( $(#[$meta:meta])* $field:ident ),* $(,)?) => {
        /// Every style the interface uses.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Theme {
            $( $(#[$meta])* pub $field: Look, )*
            /// Tags get a colour each from this list, chosen by a hash of the tag's
            /// name, so a tag has the same colour in every article and every run.
            pub tag_colours: Vec<Color>,
        }

        /// A theme file as written: the theme it inherits from, and the styles it
        /// sets (a style given replaces the inherited one whole).
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
        #[serde(rename = "Theme", default, deny_unknown_fields)]
        pub struct ThemePatch {
            /// The theme the styles left out come from (`default` when not given).
            pub inherits: Option<String>,
            $( $field: Option<Spec>, )*
            tag_colours: Option<Vec<Colour>>,
        }

        impl ThemePatch {
            /// `base` with the styles this file sets.
            pub fn apply(&self, base: &Theme) -> Theme {
                Theme {
                    $( $field: self.$field.map_or(base.$field, Look::from), )*
                    tag_colours: match &self.tag_colours {
                        Some(colours) => colours.iter().map(|c| c.0).collect(),
                        None => base.tag_colours.clone(),
                    },
                }
            }

            /// The styles this file leaves to the theme it inherits, by name.
            pub fn unset(&self) -> Vec<&'static str> {
                let mut unset = Vec::new();
                $( if self.$field.is_none() { unset.push(stringify!($field)); } )*
                if self.tag_colours.is_none() {
                    unset.push("tag_colours");
                }
                unset
            }
        }

        impl Theme {
            /// The name of every style, as theme files write them.
            pub const STYLES: &'static [&'static str] = &[$( stringify!($field), )* "tag_colours"];

            /// No style at all: what the built-in default theme is written over.
            fn blank() -> Theme {
                Theme { $( $field: Look::default(), )* tag_colours: Vec::new() }
            }

            /// Every style passed through `style`, every tag colour through `colour`.
            fn map(&self, style: impl Fn(Style) -> Style, colour: impl Fn(Color) -> Color) -> Theme {
                Theme {
                    $( $field: Look(style(self.$field.0)), )*
                    tag_colours: self.tag_colours.iter().map(|&c| colour(c)).collect(),
                }
            }
        }
    };
}

theme! {
    // reader: header
    kicker,
    title,
    meta,
    file,
    warning,
    rule,
    // reader: body
    heading,
    body,
    quote,
    quote_bar,
    bullet,
    pre,
    link_marker,
    links_heading,
    link,
    fold,
    boilerplate,
    scrollbar,
    search_match,
    search_current,
    // list
    list_header,
    list_header_unfocused,
    list_title,
    list_meta,
    list_unread,
    list_problem,
    list_star,
    list_priority,
    list_archived,
    list_selected,
    list_selected_unfocused,
    separator,
    // status bar and overlays
    status,
    status_key,
    status_message,
    /// A warning or an error in the status bar.
    status_warning,
    help_border,
    help_key,
    help_text,
    help_section,
    empty,
    // annotations
    annotated,
    /// Text where annotations overlap, over `annotated`.
    annotated_overlap,
    selection,
    tags_line,
    focused,
    note,
    orphans_heading,
    orphan_quote,
    prompt_border,
    /// Text selected in a prompt or note being typed.
    input_selection,
    completion,
    completion_selected,
    completion_count,
    // review and overview
    pane_title,
    pane_title_unfocused,
    review_tag,
    review_count,
    review_quote,
    review_context,
    review_source,
    attention,
    chart_bar,
    chart_bar_alt,
    chart_label,
    /// The numbers drawn on the chart's bars.
    chart_value,
}

impl ThemePatch {
    /// Read a theme file; the error is `line:column: what is wrong`.
    pub fn parse(text: &str) -> Result<ThemePatch, String> {
        crate::config::ron_options().from_str(text).map_err(|e| theme_error(text, &e))
    }
}

/// [`crate::config::ron_error`], with a name that is not a style (or not a flag of
/// one) told with the closest one there is rather than all of them.
fn theme_error(text: &str, e: &ron::error::SpannedError) -> String {
    if let ron::error::Error::NoSuchStructField { expected, found, outer } = &e.code {
        let expected = match crate::config::closest(found, expected.iter().copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("expected one of {}", expected.join(", ")),
        };
        let found = crate::text::sanitize_line(found);
        let what = if outer.as_deref() == Some("Style") { "part of a style" } else { "a style of a theme" };
        return format!("{}: `{found}` is not {what}; {expected}", e.span.start);
    }
    crate::config::ron_error(text, e)
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

    /// Parse a theme file over the built-in theme it inherits; the error is
    /// `line:column: what is wrong`.
    pub fn parse(text: &str) -> Result<Theme, String> {
        let patch = ThemePatch::parse(text)?;
        let parent = patch.inherits.as_deref().unwrap_or("default");
        let base = Themes::built_in().get(parent).ok_or_else(|| {
            let known = Themes::built_in().names().join(", ");
            format!("inherits \"{parent}\", which is not a built-in theme ({known})")
        })?;
        Ok(patch.apply(&base))
    }

    /// The built-in theme called `name`.
    pub fn built_in(name: &str) -> Option<Theme> {
        Themes::built_in().get(name)
    }

    /// The theme without any colour, for `NO_COLOR`: text attributes are kept, and a
    /// style that stood out by its background (the selection, search matches, the
    /// selected row) is shown reversed instead. Tag colours become the terminal's.
    pub fn without_colour(&self) -> Theme {
        // "reset" is the terminal's own colour, not a colour of the theme's.
        let terminals = |c: Option<Color>| c.filter(|&c| c == Color::Reset);
        self.map(
            |style| {
                let shaded = style.bg.is_some_and(|c| c != Color::Reset);
                let plain = Style { fg: terminals(style.fg), bg: terminals(style.bg), ..style };
                if shaded { plain.add_modifier(Modifier::REVERSED) } else { plain }
            },
            |_| Color::Reset,
        )
    }

    /// The theme with its colours brought to what a terminal of `depth` shows.
    pub fn for_depth(&self, depth: ColourDepth) -> Theme {
        let fit = |c: Color| depth.fit(c);
        self.map(|style| Style { fg: style.fg.map(fit), bg: style.bg.map(fit), ..style }, fit)
    }

    /// The theme as this terminal can show it: colours fitted to its depth
    /// ([`ColourDepth::detect`]), and none at all when `NO_COLOR` is set.
    pub fn for_terminal(&self) -> Theme {
        let fitted = self.for_depth(ColourDepth::detect());
        if no_colour_requested() { fitted.without_colour() } else { fitted }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::built_in("default").expect("the default theme is built in")
    }
}

/// The theme `choice` is on, of `themes` as [`Themes::in_order`] gave them for it.
pub fn current<'a>(themes: &'a [Theme], choice: &crate::app::state::ThemeChoice) -> &'a Theme {
    &themes[choice.current.min(themes.len().saturating_sub(1))]
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT_THEME: &str = include_str!("../../../themes/default.ron");

    #[test]
    fn built_in_theme_parses() {
        let theme = Theme::default();
        assert_eq!(theme.heading.style().fg, Some(Color::Cyan));
        assert!(theme.title.style().add_modifier.contains(Modifier::BOLD));
        assert_eq!(theme.body.style(), Style::default(), "body text is the terminal's own");
    }

    #[test]
    fn every_built_in_file_names_every_style() {
        for (name, text) in BUILT_IN {
            let patch = ThemePatch::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(patch.unset(), Vec::<&str>::new(), "{name} leaves styles out");
            assert!(text.starts_with("//"), "{name} starts with a comment explaining the format");
        }
        assert_eq!(Theme::STYLES.len(), ThemePatch::default().unset().len());
    }

    #[test]
    fn unknown_fields_are_errors() {
        let text = DEFAULT_THEME.replace("kicker:", "kikcer:");
        let error = Theme::parse(&text).unwrap_err();
        assert!(error.contains("kikcer"), "{error}");
        assert!(!error.contains("ThemePatch"), "{error}");
    }

    #[test]
    fn a_partial_theme_inherits_the_rest() {
        let theme = Theme::parse(r#"(inherits: "light", heading: (fg: "red"))"#).unwrap();
        let light = Theme::built_in("light").unwrap();
        assert_eq!(theme.heading.style(), Style::default().fg(Color::Red));
        assert_eq!(theme.link, light.link);
        assert_eq!(theme.tag_colours, light.tag_colours);
        let over_default = Theme::parse("(quote: (bold: true))").unwrap();
        assert_eq!(over_default.heading, Theme::default().heading);
        let error = Theme::parse(r#"(inherits: "nope")"#).unwrap_err();
        assert!(error.contains("default, dark, light, high-contrast"), "{error}");
    }

    #[test]
    fn without_colour_keeps_attributes_and_reverses_what_had_a_background() {
        for name in Themes::built_in().names() {
            let theme = Theme::built_in(name).unwrap().without_colour();
            for look in [theme.selection, theme.search_match, theme.search_current, theme.list_selected] {
                assert!(look.style().add_modifier.contains(Modifier::REVERSED), "{name}: {look:?}");
            }
            assert!(theme.tag_colours.iter().all(|&c| c == Color::Reset));
            assert!(theme.heading.style().add_modifier.contains(Modifier::BOLD));
        }
        let dark = Theme::built_in("dark").unwrap().without_colour();
        assert_eq!(dark.status.style().fg, None);
        assert_eq!(dark.status.style().bg, None);
        assert!(dark.status.style().add_modifier.contains(Modifier::REVERSED), "the status bar stays a bar");
    }

    #[test]
    fn for_depth_degrades_rgb_and_indexed_colours() {
        let theme =
            Theme::parse(r##"(heading: (fg: "#5fafd7", bg: "#ff8700"), tag_colours: ["#00ff00", "200"])"##).unwrap();
        let true_colour = theme.for_depth(ColourDepth::TrueColour);
        assert_eq!(true_colour, theme);
        let c256 = theme.for_depth(ColourDepth::Colours256);
        assert_eq!(c256.heading.style().fg, Some(Color::Indexed(74)));
        assert_eq!(c256.heading.style().bg, Some(Color::Indexed(208)));
        assert_eq!(c256.tag_colours, [Color::Indexed(46), Color::Indexed(200)]);
        let c16 = theme.for_depth(ColourDepth::Colours16);
        assert_eq!(c16.tag_colours, [Color::LightGreen, Color::LightMagenta]);
        assert!(!matches!(c16.heading.style().fg, Some(Color::Rgb(..) | Color::Indexed(_))));
        assert_eq!(c16.kicker.style().fg, Some(Color::Cyan), "named colours stay");
    }
}
