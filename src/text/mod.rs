//! Text primitives shared by every layer: the sanitiser, the width function and
//! offset-preserving wrapping.

pub mod sanitize;
pub mod width;
pub mod wrap;

pub use sanitize::{sanitize, sanitize_line};
pub use width::width;
pub use wrap::wrap;
