//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::panic)]

pub mod moto;

use scalectl::commands::FsReader;
use scalectl::stage::{BUILTIN_STAGES, LoadedStage, StageRef, load};
use scalectl::synth::{StackTemplate, synthesize};

/// Load and synthesize a built-in stage, failing the test with the rendered report.
pub fn synth_builtin(name: &str) -> (LoadedStage, Vec<StackTemplate>) {
    let loaded = match load(&StageRef::Builtin(name.to_string()), &FsReader) {
        Ok(loaded) => loaded,
        Err(report) => panic!("{name} does not load:\n{report}"),
    };
    let stacks = match synthesize(&loaded.stage) {
        Ok(stacks) => stacks,
        Err(err) => panic!("{name} does not synthesize: {err}"),
    };
    (loaded, stacks)
}

/// Every built-in stage's name.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN_STAGES.iter().map(|s| s.name).collect()
}

/// The synthesized JSON of a stack, parsed.
pub fn json(stack: &StackTemplate) -> serde_json::Value {
    serde_json::from_str(&stack.template.to_json()).unwrap_or_else(|e| panic!("invalid JSON: {e}"))
}
