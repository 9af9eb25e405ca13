//! Typed CloudFormation: values and intrinsics, templates, and resource property structs.

pub mod limits;
pub mod logical_id;
pub mod resources;
pub mod template;
pub mod value;

pub use logical_id::LogicalId;
pub use template::{Resource, ResourceProperties, RetentionPolicy, Template, TemplateError};
pub use value::{Value, lit};
