//! The application: its state, the actions that change it, and the keymap that turns
//! keys into actions. `update` is the only function that changes the state; it does
//! no I/O, and returns the effects the runtime should carry out.

pub mod action;
pub mod geometry;
pub mod keymap;
pub mod page;
pub mod state;
mod update;

pub use action::{Action, Command, Effect};
pub use state::{Focus, Reader, Settings, State};
pub use update::update;
