//! Annotations: the model, anchors and re-anchoring, sidecar files, tags, undo
//! history and export. Nothing here draws or reads keys.

pub mod anchor;
pub mod collect;
pub mod context;
pub mod edit;
pub mod export;
pub mod history;
pub mod model;
pub mod relocate;
pub mod resolved;
pub mod retag;
mod ronfmt;
pub mod sidecar;
pub mod tags;
pub mod tagtree;

pub use anchor::{Resolution, reanchor, reanchor_all, record, resolve};
pub use collect::{Collected, Collection, Passage, Problem, Tagged, collect};
pub use context::{Context, sentence_around};
pub use edit::Edit;
pub use model::{Anchor, AnchorState, Annotation, Sidecar, Triage};
pub use resolved::{Annotations, Resolved, Status};
pub use sidecar::{Layout, Loaded, SidecarError};
pub use tagtree::{TagNode, TagTree, tag_matches};
