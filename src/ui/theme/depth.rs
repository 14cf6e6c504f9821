//! How many colours the terminal shows, and a theme's colours brought down to them.
//!
//! True colour (`#rrggbb`) becomes the nearest of the 240 colours of the xterm
//! 256-colour palette that do not depend on the terminal's settings (the 6×6×6 cube
//! and the grey ramp); on a 16-colour terminal, true and indexed colours become the
//! nearest of the 16 named ones. Distances are "redmean" weighted, which follows
//! the eye better than plain RGB distance at no cost.

use ratatui::style::Color;

/// How many colours the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColourDepth {
    /// The 16 named colours.
    Colours16,
    /// The xterm 256-colour palette.
    Colours256,
    /// Any `#rrggbb`.
    TrueColour,
}

impl ColourDepth {
    /// From the environment: `COLORTERM` of `truecolor` or `24bit` is true colour, a
    /// `TERM` with `256color` in it 256 colours, anything else 16.
    pub fn detect() -> ColourDepth {
        let var = |name| std::env::var(name).ok();
        ColourDepth::from_env(var("COLORTERM").as_deref(), var("TERM").as_deref())
    }

    /// What `COLORTERM` and `TERM` with these values say.
    pub fn from_env(colorterm: Option<&str>, term: Option<&str>) -> ColourDepth {
        let colorterm = colorterm.unwrap_or("").trim().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            ColourDepth::TrueColour
        } else if term.is_some_and(|t| t.contains("256color")) {
            ColourDepth::Colours256
        } else {
            ColourDepth::Colours16
        }
    }

    /// `colour` as a terminal of this depth shows it best.
    pub fn fit(self, colour: Color) -> Color {
        match (self, colour) {
            (ColourDepth::TrueColour, c) => c,
            (ColourDepth::Colours256, Color::Rgb(r, g, b)) => Color::Indexed(nearest_256((r, g, b))),
            (ColourDepth::Colours16, Color::Rgb(r, g, b)) => nearest_16((r, g, b)),
            (ColourDepth::Colours16, Color::Indexed(i)) if i < 16 => NAMED[usize::from(i)].0,
            (ColourDepth::Colours16, Color::Indexed(i)) => nearest_16(rgb_of_index(i)),
            (_, c) => c,
        }
    }
}

/// Whether `NO_COLOR` asks for no colour (<https://no-color.org>: set and not empty).
pub fn no_colour_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

type Rgb = (u8, u8, u8);

/// The 16 named colours, in palette order, as xterm shows them by default.
const NAMED: [(Color, Rgb); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

/// The levels of each channel in the 6×6×6 colour cube (indices 16 to 231).
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The colour of palette index `i` as xterm shows it by default.
fn rgb_of_index(i: u8) -> Rgb {
    match i {
        0..16 => NAMED[usize::from(i)].1,
        16..232 => {
            let n = i - 16;
            (CUBE[usize::from(n / 36)], CUBE[usize::from(n / 6 % 6)], CUBE[usize::from(n % 6)])
        }
        _ => {
            let level = 8 + 10 * (i - 232);
            (level, level, level)
        }
    }
}

/// How far apart two colours look ("redmean": weights that follow the eye).
fn distance(a: Rgb, b: Rgb) -> i64 {
    let mean = (i64::from(a.0) + i64::from(b.0)) / 2;
    let (dr, dg, db) =
        (i64::from(a.0) - i64::from(b.0), i64::from(a.1) - i64::from(b.1), i64::from(a.2) - i64::from(b.2));
    (((512 + mean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - mean) * db * db) >> 8)
}

/// The nearest colour of the cube or the grey ramp (16 to 255: the first 16 are
/// whatever the terminal makes of them).
fn nearest_256(rgb: Rgb) -> u8 {
    (16..=255).min_by_key(|&i| distance(rgb, rgb_of_index(i))).unwrap_or(16)
}

fn nearest_16(rgb: Rgb) -> Color {
    NAMED.iter().min_by_key(|(_, named)| distance(rgb, *named)).map_or(Color::Reset, |(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_says_the_depth() {
        assert_eq!(ColourDepth::from_env(Some("truecolor"), Some("xterm")), ColourDepth::TrueColour);
        assert_eq!(ColourDepth::from_env(Some("24bit"), None), ColourDepth::TrueColour);
        assert_eq!(ColourDepth::from_env(None, Some("xterm-256color")), ColourDepth::Colours256);
        assert_eq!(ColourDepth::from_env(Some(""), Some("screen-256color")), ColourDepth::Colours256);
        assert_eq!(ColourDepth::from_env(None, Some("xterm")), ColourDepth::Colours16);
        assert_eq!(ColourDepth::from_env(None, None), ColourDepth::Colours16);
    }

    #[test]
    fn palette_colours_map_to_themselves() {
        for i in 16..=255u8 {
            assert_eq!(nearest_256(rgb_of_index(i)), i);
        }
        for (colour, rgb) in NAMED {
            assert_eq!(nearest_16(rgb), colour);
        }
    }

    #[test]
    fn colours_degrade_to_what_the_terminal_shows() {
        let orange = Color::Rgb(255, 135, 0);
        assert_eq!(ColourDepth::TrueColour.fit(orange), orange);
        assert_eq!(ColourDepth::Colours256.fit(orange), Color::Indexed(208));
        assert_eq!(ColourDepth::Colours256.fit(Color::Rgb(0x30, 0x30, 0x30)), Color::Indexed(236));
        assert_eq!(ColourDepth::Colours16.fit(Color::Rgb(10, 10, 10)), Color::Black);
        assert_eq!(ColourDepth::Colours16.fit(Color::Rgb(0, 0, 200)), Color::Blue);
        assert_eq!(ColourDepth::Colours16.fit(Color::Indexed(9)), Color::LightRed);
        assert_eq!(ColourDepth::Colours16.fit(Color::Indexed(231)), Color::White);
        assert_eq!(ColourDepth::Colours16.fit(Color::Reset), Color::Reset);
        assert_eq!(ColourDepth::Colours256.fit(Color::Indexed(42)), Color::Indexed(42));
    }
}
