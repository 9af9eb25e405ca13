//! How stack events, root causes, outputs and deletion policies read on the console and in
//! JSON, shared by deploy's progress and results, `status` and `destroy`.

use crate::deploy::api::{Output, StackEvent};
use serde_json::{Value, json};

/// One event on one line: time (seconds precision unless `full_time`), status, resource,
/// reason.
pub fn event_line(e: &StackEvent, full_time: bool) -> String {
    let time = if full_time {
        &e.time
    } else {
        e.time.get(11..19).unwrap_or(&e.time)
    };
    let reason = e
        .reason
        .as_deref()
        .map(|r| format!("  {r}"))
        .unwrap_or_default();
    format!(
        "{time}  {:<28} {} ({}){reason}",
        e.status, e.logical_id, e.resource_type
    )
}

/// A root-cause event: `Db (AWS::RDS::DBInstance) CREATE_FAILED: reason`.
pub fn cause(e: &StackEvent) -> String {
    format!(
        "{} ({}) {}: {}",
        e.logical_id,
        e.resource_type,
        e.status,
        e.reason.as_deref().unwrap_or("no reason given")
    )
}

/// Outputs as an aligned key/value list, two spaces in.
pub fn outputs_text(outputs: &[Output]) -> String {
    let width = outputs.iter().map(|o| o.key.len()).max().unwrap_or(0);
    outputs
        .iter()
        .map(|o| format!("  {:<width$}  {}\n", o.key, o.value))
        .collect()
}

/// Outputs as a JSON object, key to value.
pub fn outputs_json(outputs: &[Output]) -> Value {
    Value::Object(
        outputs
            .iter()
            .map(|o| (o.key.clone(), json!(o.value)))
            .collect(),
    )
}

/// What a deletion policy does to its resource when the stack goes.
pub fn policy_effect(policy: &str) -> &'static str {
    match policy {
        "Snapshot" => "deleted after a final snapshot",
        "DeleteFailed" => "could not be deleted before; left in the account",
        _ => "kept in the account",
    }
}
