//! scalectl: typed scaling stages for AWS web architectures.
//!
//! Data flows one way: YAML text is loaded into a typed [`stage::Stage`] (with source
//! positions), synthesized into typed CloudFormation ([`cfn::Template`]) by [`synth`], and
//! explained by [`plan`]. None of these modules does I/O.

pub mod catalog;
pub mod cfn;
pub mod diagnostic;
pub mod stage;
