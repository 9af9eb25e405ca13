//! A stage's stacks as deploy sees them: each one's plan (name, region, template, inputs,
//! uploads) in deploy order with its dependencies, the check that each `--allow-replace`
//! names one resource, the deployed templates, and the checks that span the whole graph
//! before any stack is touched.

use super::api::{ApiError, DeployApi, Stack};
use super::graph::{GraphStack, Upload};
use super::status::Next;
use crate::diff::update_rules::{self, UpdateFinding};
use crate::synth::{StackTemplate, stack_order};
use serde_json::Value;
use std::collections::BTreeMap;

/// Why the stacks cannot be deployed as asked.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StacksError {
    /// Arguments that do not fit the stacks (`--allow-replace` naming no one resource).
    #[error("{message}")]
    Usage {
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: String,
    },
    /// The stacks do not form a graph (a bug in synthesis).
    #[error("the stage's stacks do not form a graph scalectl can deploy: {0}")]
    NotAGraph(String),
    /// An AWS call failed.
    #[error("{0}")]
    Api(#[from] ApiError),
    /// A deployed template scalectl cannot read.
    #[error("the deployed template of `{stack}` is not JSON ({reason})")]
    Unreadable {
        /// The stack.
        stack: String,
        /// The parser's words.
        reason: String,
    },
    /// A stack named like the stage's base that this stage does not deploy would be left
    /// behind with its data.
    #[error("{message}")]
    LeftBehind {
        /// What would happen.
        message: String,
        /// What to do instead.
        help: String,
    },
    /// Update-time rules across the graph refuse the deploy.
    #[error("refusing the deploy: {}", .0.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("; "))]
    Refused(Vec<UpdateFinding>),
}

/// The stacks of a stage in synthesis order (every stack after those it depends on), named
/// from `base`, with each stack's dependencies by index; `uploads` are the workers' packaged
/// code, each going with the stack whose template names its key.
pub fn plans(
    stacks: &[StackTemplate],
    stage: &str,
    base: &str,
    uploads: &[Upload],
) -> Result<(Vec<GraphStack>, Vec<Vec<usize>>), StacksError> {
    let deps =
        stack_order::dependencies(stacks).map_err(|e| StacksError::NotAGraph(e.to_string()))?;
    let plans = stacks
        .iter()
        .map(|s| GraphStack {
            name: s.stack_name(base),
            suffix: s.suffix.clone(),
            region: s.region.clone(),
            template: s.template.to_json(),
            inputs: s.inputs.clone(),
            pins: s.pins.clone(),
            zones: s.zones.clone(),
            uploads: uploads
                .iter()
                .filter(|u| s.code_keys.contains(&u.key))
                .cloned()
                .collect(),
            tags: vec![("scalectl:stage".to_string(), stage.to_string())],
        })
        .collect();
    Ok((plans, deps))
}

/// Check each `--allow-replace` names one resource: `STACK/ID` a stack of this deploy, a bare
/// `ID` at most one stack's resource. In a graph, logical IDs repeat (every region has a
/// `Database`); allowing one region's database to be replaced must not allow the others'.
pub fn check_allowances(
    stacks: &[StackTemplate],
    base: &str,
    allowed: &[String],
) -> Result<(), StacksError> {
    let resources: Vec<(String, &StackTemplate)> =
        stacks.iter().map(|s| (s.stack_name(base), s)).collect();
    let names = || {
        resources
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for entry in allowed {
        match entry.split_once('/') {
            Some((stack, _)) if !resources.iter().any(|(n, _)| n == stack) => {
                return Err(StacksError::Usage {
                    message: format!(
                        "--allow-replace {entry}: this deploy has no stack named `{stack}`"
                    ),
                    help: format!("its stacks are {}", names()),
                });
            }
            Some(_) => {}
            None => {
                let holders: Vec<&str> = resources
                    .iter()
                    .filter(|(_, s)| s.template.resources.contains_key(entry.as_str()))
                    .map(|(n, _)| n.as_str())
                    .collect();
                if holders.is_empty() && resources.len() > 1 {
                    // Not in any new template: a resource being removed, perhaps from every
                    // stack that has it. Which one must be said.
                    return Err(StacksError::Usage {
                        message: format!(
                            "--allow-replace {entry}: no stack of the new templates has `{entry}`; if it is being removed, more than one stack may be losing one"
                        ),
                        help: format!(
                            "name the stack: --allow-replace <stack>/{entry}, once per stack you mean (its stacks are {})",
                            names()
                        ),
                    });
                }
                if holders.len() > 1 {
                    return Err(StacksError::Usage {
                        message: format!(
                            "--allow-replace {entry}: `{entry}` is a resource of {} stacks ({}); allowing it everywhere could replace every one of them",
                            holders.len(),
                            holders.join(", ")
                        ),
                        help: format!(
                            "name the stack too, once per stack you mean: --allow-replace {}/{entry}",
                            holders[0]
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}

/// Each plan's new template, parsed.
pub fn new_templates(plans: &[GraphStack]) -> Vec<Value> {
    plans
        .iter()
        .map(|p| serde_json::from_str(&p.template).unwrap_or(Value::Null))
        .collect()
}

/// The update-time findings that span the graph (Route 53 records of one name in several
/// stacks), from each stack's deployed template (`None`: not deployed) and new one.
pub fn across_stacks(
    plans: &[GraphStack],
    deployed: &[Option<&Value>],
    news: &[Value],
    deps: &[Vec<usize>],
) -> Vec<UpdateFinding> {
    let graph: Vec<(&str, Option<&Value>, &Value)> = plans
        .iter()
        .zip(deployed)
        .zip(news)
        .map(|((p, d), n)| (p.name.as_str(), *d, n))
        .collect();
    update_rules::check_graph(&graph, deps)
}

/// The template a stack runs (`None`: no stack, or one a deploy would create afresh), and the
/// stack.
pub async fn deployed_template<A: DeployApi>(
    api: &A,
    name: &str,
) -> Result<Option<(Value, Stack)>, StacksError> {
    let Some(stack) = api.stack(name).await? else {
        return Ok(None);
    };
    if matches!(stack.status.next(), Next::Create | Next::Recreate) {
        return Ok(None);
    }
    let body = api.template(&stack.id).await?;
    let deployed: Value = serde_json::from_str(&body).map_err(|e| StacksError::Unreadable {
        stack: name.to_string(),
        reason: e.to_string(),
    })?;
    Ok(Some((deployed, stack)))
}

/// What spans the graph, checked before any stack is touched. A stack named `base` that this
/// stage does not deploy (stage7 over stage6) would be left behind with its data while the
/// new stacks start empty: refused. Then the update-time rules that span stacks (Route 53
/// records of one name in several stacks): every deployed template is read and the records
/// judged in deploy order; refusals come back as [`StacksError::Refused`].
pub async fn preflight<A: DeployApi>(
    base: &str,
    plans: &[GraphStack],
    deps: &[Vec<usize>],
    apis: &BTreeMap<String, A>,
) -> Result<(), StacksError> {
    if !plans.iter().any(|p| p.name == base)
        && let Some(first) = plans.first()
        && let Some(api) = apis.get(&first.region)
        && deployed_template(api, base).await?.is_some()
    {
        return Err(StacksError::LeftBehind {
            message: format!(
                "stack `{base}` exists, and this stage does not deploy it: its stacks ({}) would start empty beside it, and its databases, tables and buckets would stay behind in `{base}`",
                plans
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            help: format!(
                "a multi-region stage does not grow a single-region stack in place yet (README: Climbing the ladder); deploy it as a new environment under another --stack-name and move the data, or keep `{base}` on its current stage"
            ),
        });
    }
    let mut deployed = Vec::new();
    for plan in plans {
        let template = match apis.get(&plan.region) {
            Some(api) => deployed_template(api, &plan.name).await?.map(|(t, _)| t),
            None => None,
        };
        deployed.push(template);
    }
    let deployed: Vec<Option<&Value>> = deployed.iter().map(Option::as_ref).collect();
    let findings = across_stacks(plans, &deployed, &new_templates(plans), deps);
    if update_rules::refuses(&findings) {
        return Err(StacksError::Refused(findings));
    }
    Ok(())
}
