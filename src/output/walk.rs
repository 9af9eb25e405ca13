//! Where each stack of a walk ended: `deploy`'s summary and `destroy`'s report, as text and
//! as the JSON the README documents.

use super::{Failure, Report};
use crate::deploy::flow::Deployed;
use crate::deploy::manage::Destroyed;
use crate::deploy::walk::Turn;
use serde_json::{Value, json};

/// A stack of the walk, by name and region.
#[derive(Debug, Clone, Copy)]
pub struct StackRef<'a> {
    /// The stack's name.
    pub name: &'a str,
    /// Its region.
    pub region: &'a str,
}

/// Where every stack of a deploy ended, with the outputs of those deployed.
pub struct DeployReport<'a, E> {
    /// The stacks, in deploy order.
    pub stacks: &'a [StackRef<'a>],
    /// Each one's turn.
    pub turns: &'a [Turn<Deployed, E>],
}

impl<E: Failure> Report for DeployReport<'_, E> {
    fn text(&self) -> String {
        summary_text(self.stacks, self.turns)
    }
    fn json(&self) -> Value {
        summary_json(self.stacks, self.turns)
    }
}

/// Where every stack of a destroy ended, with what retention policies kept.
pub struct DestroyReport<'a, E> {
    /// The stacks, in deploy order.
    pub stacks: &'a [StackRef<'a>],
    /// True when they come from a stage (the JSON is then `{"stacks": [...]}`).
    pub from_stage: bool,
    /// Each one's turn.
    pub turns: &'a [Turn<Destroyed, E>],
}

impl<E: Failure> Report for DestroyReport<'_, E> {
    fn text(&self) -> String {
        report_text(self.stacks, self.turns)
    }
    fn json(&self) -> Value {
        report_json(self.stacks, self.from_stage, self.turns)
    }
}

/// Where a stack ended: its `result` word and one line.
fn turn_text<E: Failure>(
    plans: &[StackRef<'_>],
    turn: &Turn<Deployed, E>,
) -> (&'static str, String) {
    match turn {
        Turn::Done(Deployed::NoChanges(stack)) => {
            ("no-changes", format!("no changes ({})", stack.status))
        }
        Turn::Done(Deployed::Done { stack, diff }) => (
            "deployed",
            format!(
                "deployed, {} resources changed ({})",
                diff.resources.len(),
                stack.status
            ),
        ),
        Turn::Failed(e) => ("failed", format!("failed: {}", first_line(&e.to_string()))),
        Turn::Skipped { because } => (
            "skipped",
            format!(
                "skipped: needs {}, which did not deploy",
                plans.get(*because).map_or("?", |p| p.name)
            ),
        ),
        Turn::NotStarted => (
            "not-started",
            "not started: halted after a failure (--on-failure continue goes on with independent stacks)".to_string(),
        ),
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

fn summary_text<E: Failure>(plans: &[StackRef<'_>], turns: &[Turn<Deployed, E>]) -> String {
    let mut text = String::new();
    if plans.len() > 1 {
        text.push_str(&format!("Summary: {} stacks\n", plans.len()));
    }
    for (plan, turn) in plans.iter().zip(turns) {
        let (_, line) = turn_text(plans, turn);
        if plans.len() > 1 {
            text.push_str(&format!("  {:<30} {:<15} {line}\n", plan.name, plan.region));
        } else {
            text.push_str(&format!("{}: {line}\n", plan.name));
        }
        if let Turn::Failed(e) = turn {
            for more in e.to_string().lines().skip(1) {
                text.push_str(&format!("      {}\n", more.trim()));
            }
            if let Some(help) = e.help() {
                text.push_str(&format!("      help: {help}\n"));
            }
        }
    }
    for (plan, turn) in plans.iter().zip(turns) {
        if let Turn::Done(deployed) = turn {
            let stack = deployed.stack();
            if plans.len() > 1 {
                text.push_str(&format!("{}:\n", plan.name));
            }
            if stack.outputs.is_empty() {
                text.push_str("  (the stack reports no outputs)\n");
            }
            text.push_str(&super::stack::outputs_text(&stack.outputs));
        }
    }
    text
}

fn summary_json<E: Failure>(plans: &[StackRef<'_>], turns: &[Turn<Deployed, E>]) -> Value {
    let stacks: Vec<_> = plans
        .iter()
        .zip(turns)
        .map(|(plan, turn)| {
            let (result, line) = turn_text(plans, turn);
            let mut doc = json!({
                "name": plan.name,
                "region": plan.region,
                "result": result,
            });
            match turn {
                Turn::Done(deployed) => {
                    let stack = deployed.stack();
                    doc["status"] = json!(stack.status.as_str());
                    doc["stack_id"] = json!(stack.id);
                    doc["changed"] = json!(match deployed {
                        Deployed::NoChanges(_) => 0,
                        Deployed::Done { diff, .. } => diff.resources.len(),
                    });
                    doc["outputs"] = super::stack::outputs_json(&stack.outputs);
                }
                Turn::Failed(e) => {
                    doc["error"] = json!(e.to_string());
                    doc["help"] = json!(e.help());
                    doc["exit_code"] = json!(e.exit_code());
                }
                Turn::Skipped { because } => {
                    doc["blocked_by"] = json!(plans.get(*because).map(|p| p.name));
                }
                Turn::NotStarted => {}
            }
            doc["summary"] = json!(line);
            doc
        })
        .collect();
    json!({ "stacks": stacks })
}

fn line<E: Failure>(targets: &[StackRef<'_>], turn: &Turn<Destroyed, E>) -> (&'static str, String) {
    match turn {
        Turn::Done(Destroyed::NotFound) => {
            ("not-found", "no such stack; nothing to delete".to_string())
        }
        Turn::Done(Destroyed::Deleted { .. }) => ("deleted", "deleted".to_string()),
        Turn::Failed(e) => (
            "failed",
            format!("failed: {}", e.to_string().lines().next().unwrap_or("")),
        ),
        Turn::Skipped { because } => (
            "skipped",
            format!(
                "kept: {} reads its outputs and was not deleted",
                targets.get(*because).map_or("?", |t| t.name)
            ),
        ),
        Turn::NotStarted => (
            "not-started",
            "not started: halted after a failure".to_string(),
        ),
    }
}

fn report_text<E: Failure>(targets: &[StackRef<'_>], turns: &[Turn<Destroyed, E>]) -> String {
    let mut text = String::new();
    for (target, turn) in targets.iter().zip(turns) {
        let (_, what) = line(targets, turn);
        let what = if what.starts_with("no such stack") {
            format!("no such stack in {}; nothing to delete", target.region)
        } else {
            what
        };
        text.push_str(&format!("{}: {what}\n", target.name));
        if let Turn::Done(Destroyed::Deleted { retained }) = turn
            && !retained.is_empty()
        {
            text.push_str("  by their retention policy (delete what is kept yourself when no longer needed):\n");
            for (id, ty, policy) in retained {
                text.push_str(&format!(
                    "    {id} ({ty}): {policy}, {}\n",
                    super::stack::policy_effect(policy)
                ));
            }
        }
    }
    text
}

fn report_json<E: Failure>(
    targets: &[StackRef<'_>],
    from_stage: bool,
    turns: &[Turn<Destroyed, E>],
) -> Value {
    let docs: Vec<_> = targets
        .iter()
        .zip(turns)
        .map(|(target, turn)| {
            let (result, summary) = line(targets, turn);
            let retained = match turn {
                Turn::Done(Destroyed::Deleted { retained }) => retained
                    .iter()
                    .map(|(id, ty, policy)| json!({"logical_id": id, "type": ty, "policy": policy}))
                    .collect(),
                _ => Vec::new(),
            };
            json!({
                "name": target.name,
                "region": target.region,
                "result": result,
                "summary": summary,
                "retained": retained,
            })
        })
        .collect();
    if from_stage {
        json!({ "stacks": docs })
    } else {
        docs.into_iter().next().unwrap_or_default()
    }
}
