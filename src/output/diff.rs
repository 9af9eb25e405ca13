//! How a template diff and the update-time findings read: text for people (a summary line,
//! security changes first) and the JSON shape the README documents.

use crate::diff::update_rules::{Severity, UpdateFinding};
use crate::diff::{self, Effect, Impact, ResourceDiff, TemplateDiff};
use serde_json::{Value, json};

fn short(value: &Value) -> String {
    let text = match value {
        Value::Null => "(none)".to_string(),
        other => other.to_string(),
    };
    if text.chars().count() > 70 {
        let cut: String = text.chars().take(67).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn sign(impact: Impact) -> char {
    match impact {
        Impact::Create => '+',
        Impact::Update => '~',
        Impact::MayReplace | Impact::Replace => '!',
        Impact::Orphan => '?',
        Impact::Destroy => '-',
    }
}

fn resource_lines(r: &ResourceDiff, text: &mut String) {
    let mut tags = Vec::new();
    if r.stateful {
        tags.push("stateful");
    }
    if r.source == diff::Source::ChangeSet {
        tags.push("per change set");
    }
    let tags = if tags.is_empty() {
        String::new()
    } else {
        format!("  [{}]", tags.join(", "))
    };
    text.push_str(&format!(
        "  {} {:<11} {} ({}){tags}\n",
        sign(r.impact),
        r.impact.as_str(),
        r.logical_id,
        r.resource_type
    ));
    for c in &r.changes {
        let effect = match c.effect {
            Effect::Replaces => "  [replaces]",
            Effect::MayReplace => "  [may replace]",
            Effect::InPlace => "",
        };
        match &c.because_of {
            Some(cause) => text.push_str(&format!("      {}: follows {cause}{effect}\n", c.path)),
            None => text.push_str(&format!(
                "      {}: {} -> {}{effect}\n",
                c.path,
                short(&c.before),
                short(&c.after)
            )),
        }
    }
}

/// A stack's diff for people: a summary line, security changes first, then the rest.
pub fn render_text(stack: &str, diff: &TemplateDiff) -> String {
    if diff.is_empty() {
        return format!("{stack}: no changes\n");
    }
    let summary: Vec<String> = diff
        .counts()
        .iter()
        .map(|(impact, n)| format!("{n} {}", impact.as_str()))
        .collect();
    let mut text = format!(
        "{stack}{}: {}\n",
        if diff.new_stack { " (new stack)" } else { "" },
        if summary.is_empty() {
            "outputs only".to_string()
        } else {
            summary.join(", ")
        }
    );
    let security: Vec<&ResourceDiff> = diff.security().collect();
    if !security.is_empty() {
        text.push_str(" Security groups, IAM and resource policies:\n");
        security.iter().for_each(|r| resource_lines(r, &mut text));
    }
    let other: Vec<&ResourceDiff> = diff.other().collect();
    if !other.is_empty() {
        text.push_str(" Resources:\n");
        other.iter().for_each(|r| resource_lines(r, &mut text));
    }
    if !diff.outputs.is_empty() {
        text.push_str(" Outputs:\n");
        for o in &diff.outputs {
            text.push_str(&format!(
                "  {} {:<11} {}\n",
                sign(o.impact),
                o.impact.as_str(),
                o.name
            ));
        }
    }
    text
}

/// Update-time findings for people: refusals first, each with its rule, place and help.
pub fn findings_text(stack: &str, findings: &[UpdateFinding]) -> String {
    let mut text = String::new();
    for f in findings {
        let word = match f.severity {
            Severity::Refuse => "refused",
            Severity::Warning => "warning",
        };
        let place = if f.stack.is_empty() || f.stack == stack {
            format!("{stack}/{}", f.logical_id)
        } else {
            format!("{}/{}", f.stack, f.logical_id)
        };
        text.push_str(&format!(
            "  {word}: {place} {}: {}\n    [{}] help: {}\n",
            f.path, f.message, f.code, f.help
        ));
    }
    text
}

/// A stack's diff as JSON (the shape the README documents).
pub fn stack_json(
    name: &str,
    region: &str,
    diff: &TemplateDiff,
    change_set: Option<&str>,
) -> Value {
    let summary: serde_json::Map<String, Value> = diff
        .counts()
        .into_iter()
        .map(|(impact, n)| (impact.as_str().to_string(), json!(n)))
        .collect();
    json!({
        "name": name,
        "region": region,
        "new_stack": diff.new_stack,
        "change_set": change_set,
        "summary": summary,
        "resources": diff.resources,
        "outputs": diff.outputs,
    })
}
