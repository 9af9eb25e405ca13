//! The output layer: how results read, as text for people and as the JSON the README
//! documents for programs. It returns strings and JSON values and never writes; commands
//! choose where they go.

pub mod diff;
pub mod stack;
pub mod walk;

use serde_json::Value;

/// A result that reads as text for people and as JSON for programs.
pub trait Report {
    /// For people.
    fn text(&self) -> String;
    /// For programs (the shape the README documents).
    fn json(&self) -> Value;
}

/// How a failure shows in a report: its words, its advice and its exit code.
pub trait Failure: std::fmt::Display {
    /// How to fix it, when the failure carries advice.
    fn help(&self) -> Option<&str>;
    /// The documented exit code.
    fn exit_code(&self) -> u8;
}

/// A report as text, or as pretty JSON with a final newline.
pub fn render(report: &dyn Report, json: bool) -> String {
    if json {
        format!(
            "{}\n",
            serde_json::to_string_pretty(&report.json()).unwrap_or_default()
        )
    } else {
        report.text()
    }
}
