//! scalectl: typed scaling stages for AWS web architectures.
//!
//! Data flows one way: YAML text is loaded into a typed [`stage::Stage`] (with source
//! positions), synthesized into typed CloudFormation ([`cfn::Template`]) by [`synth`], and
//! explained by [`plan`]. None of these modules does I/O; [`commands`] is the glue that
//! reads files and writes output, and it never exits the process.

pub mod aws;
pub mod capacity;
pub mod catalog;
pub mod cfn;
pub mod cli;
pub mod commands;
pub mod deploy;
pub mod diagnostic;
pub mod diff;
pub mod exit;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod scaffold;
pub mod stage;
pub mod suggest;
pub mod synth;
pub mod validate;
