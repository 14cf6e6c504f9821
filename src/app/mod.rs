//! The application: its state, the commands and actions that change it, and the
//! keymap that turns keys into commands. `update` is the only function that
//! changes the state; it does no I/O, and returns the effects the runtime should
//! carry out.
//!
//! One folder per screen (`library`, `review`, `overview`) and per overlay (`help`,
//! `prompt`, `search`, `finder`, `palette`), each owning its state and handling its
//! commands; [`command`] is the table every command is defined in.

pub mod action;
pub mod command;
pub mod finder;
pub mod geometry;
pub mod help;
pub mod keymap;
pub mod library;
pub mod overview;
pub mod page;
pub mod palette;
pub mod prompt;
pub mod review;
pub mod search;
pub mod selection;
pub mod state;
mod update;

pub use action::{Action, Command, Edit, Effect, Opened, RetagOp, SidecarMove};
pub use library::{Focus, Reader};
pub use prompt::{Prompt, PromptKind};
pub use state::{Overlay, Screen, Settings, State};
pub use update::{Flow, has_idle_work, update};
