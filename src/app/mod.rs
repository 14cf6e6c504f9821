//! The application: its state, the actions that change it, and the keymap that turns
//! keys into actions. `update` is the only function that changes the state; it does
//! no I/O, and returns the effects the runtime should carry out.

pub mod action;
mod annotating;
pub mod geometry;
pub mod keymap;
pub mod page;
pub mod selection;
pub mod state;
mod update;

pub use action::{Action, Command, Edit, Effect, Opened};
pub use state::{Focus, Prompt, PromptKind, Reader, Settings, State};
pub use update::update;
