//! Deploying stacks. Pure parts first: what a stack's status means and what to do next
//! ([`status`]). The AWS calls live in `crate::aws`.

pub mod status;
