//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::panic)]

pub mod moto;

use scalectl::commands::FsReader;
use scalectl::stage::{BUILTIN_STAGES, LoadedStage, StageRef, load};
use scalectl::synth::{StackTemplate, synthesize_as};
use std::process::{Command, Output};

/// Run the built binary from the repository root, colourless, offline: dummy credentials
/// (a local endpoint takes any) and no instance-metadata probe.
pub fn scalectl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scalectl"))
        .args(args)
        .args(["--color", "never"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run scalectl: {e}"))
}

/// Insta settings of every snapshot test: files in `snapshots/`, named without the module.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// Load and synthesize a built-in stage, failing the test with the rendered report.
pub fn synth_builtin(name: &str) -> (LoadedStage, Vec<StackTemplate>) {
    synth_builtin_as(name, name)
}

/// Load and synthesize a built-in stage for the stack graph named `base` (`--stack-name`).
#[allow(dead_code)] // not every test binary climbs
pub fn synth_builtin_as(name: &str, base: &str) -> (LoadedStage, Vec<StackTemplate>) {
    let loaded = match load(&StageRef::Builtin(name.to_string()), &FsReader) {
        Ok(loaded) => loaded,
        Err(report) => panic!("{name} does not load:\n{report}"),
    };
    let stacks = match synthesize_as(&loaded.stage, base) {
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
