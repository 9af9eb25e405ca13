//! The stage model, the built-in golden paths, and the located loader.

pub mod app;
pub mod builtin;
pub mod capacity;
pub mod extensions;
pub mod loader;
pub mod model;
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
