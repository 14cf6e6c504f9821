//! The terminal: the one place it is set up and restored.
//!
//! [`Tui::enter`] switches to the alternate screen, raw mode and (if asked) mouse
//! capture, and installs a panic hook that restores the terminal before the panic
//! message is printed. Dropping the [`Tui`] restores it on every other exit path:
//! a normal quit, an error returned with `?`, an unwinding panic.

use std::io::{self, Stdout};
use std::sync::{Once, OnceLock};
use std::thread::{self, ThreadId};

use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Backend = CrosstermBackend<Stdout>;

/// The terminal while gloss owns it.
pub struct Tui {
    pub terminal: Terminal<Backend>,
    mouse: bool,
}

static PANIC_HOOK: Once = Once::new();
/// The thread that owns the terminal. Panics elsewhere are caught by the worker that
/// raised them and reported in the interface; only this thread's restore the terminal.
static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();

impl Tui {
    /// Take over the terminal.
    pub fn enter(mouse: bool) -> io::Result<Tui> {
        let _ = UI_THREAD.set(thread::current().id());
        PANIC_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if UI_THREAD.get() == Some(&thread::current().id()) {
                    let _ = restore();
                    previous(info);
                }
            }));
        });
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        if let Err(e) = execute!(stdout, EnterAlternateScreen, cursor::Hide) {
            let _ = restore();
            return Err(e);
        }
        let mut tui = Tui {
            terminal: match Terminal::new(CrosstermBackend::new(stdout)) {
                Ok(t) => t,
                Err(e) => {
                    let _ = restore();
                    return Err(e);
                }
            },
            mouse: false,
        };
        tui.set_mouse(mouse)?;
        Ok(tui)
    }

    /// Turn mouse capture on or off.
    pub fn set_mouse(&mut self, on: bool) -> io::Result<()> {
        if on != self.mouse {
            if on {
                execute!(io::stdout(), EnableMouseCapture)?;
            } else {
                execute!(io::stdout(), DisableMouseCapture)?;
            }
            self.mouse = on;
        }
        Ok(())
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = restore();
    }
}

/// Put the terminal back as gloss found it. Safe to call more than once, and when it
/// was never set up.
pub fn restore() -> io::Result<()> {
    let raw = disable_raw_mode();
    let screen = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste, LeaveAlternateScreen, cursor::Show);
    raw.and(screen)
}
