//! The stage model, the built-in golden paths, and the located loader.

pub mod app;
pub mod bounds;
pub mod builtin;
pub mod capacity;
pub mod compute;
pub mod data;
pub mod edge;
pub mod extensions;
pub mod loader;
pub mod messaging;
pub mod model;
pub mod network;
pub mod observability;
pub mod rollout;
pub mod schema;
pub mod security;
pub mod yaml;

pub use app::{AppSetting, PlainValue};
pub use builtin::{BUILTIN_STAGES, BuiltinStage, builtin};
pub use extensions::{Override, RawResource};
pub use loader::{FileReader, LoadedStage, StageRef, load};
pub use model::*;
pub use rollout::{Rollout, Strategy};
pub use security::{Logs, ManagedRuleGroup, Security, Waf};
