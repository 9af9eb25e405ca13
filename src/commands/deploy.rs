//! `scalectl deploy`: validate offline (nothing is sent on error), validate again with the
//! account's live facts, then deploy each stack in dependency order through a reviewed
//! change set, feeding producers' outputs into consumers' parameters.

use super::observer::ConsoleObserver;
use super::session::{self, stopped};
use super::stack_text;
use super::{
    CommandError, Console, Outcome, Prepared, check_stack_name, load, prepare, prepare_with,
    write_all,
};
use crate::aws::facts::gather;
use crate::cli::{DeployArgs, Output};
use crate::deploy::api::DeployApi;
use crate::deploy::flow::{self, Deployed, Request};
use crate::deploy::watch::Polling;
use crate::stage::FileReader;
use crate::synth::StackInput;
use crate::validate as rules;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// One stack of a stage, ready to deploy.
#[derive(Debug, Clone)]
pub(super) struct StackPlan {
    /// The stack's full name.
    pub name: String,
    /// Its suffix in the graph (empty for a single stack).
    pub suffix: String,
    /// Its region.
    pub region: String,
    /// Its template, as deployed.
    pub template: String,
    /// Parameters fed from other stacks' outputs.
    pub inputs: Vec<StackInput>,
    /// Stack tags.
    pub tags: Vec<(String, String)>,
}

/// The stacks of a stage in deploy order (dependencies first).
pub(super) fn stack_plans(prepared: &Prepared, base: &str) -> Vec<StackPlan> {
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut ordered = Vec::new();
    let mut left: Vec<_> = prepared.stacks.iter().collect();
    while !left.is_empty() {
        let (mut ready, mut blocked): (Vec<_>, Vec<_>) = left
            .into_iter()
            .partition(|s| s.depends_on.iter().all(|d| done.contains(d.as_str())));
        if ready.is_empty() {
            // A cycle cannot come out of synthesis; deploy the rest in order rather than loop.
            ready = std::mem::take(&mut blocked);
        }
        for s in ready {
            done.insert(s.suffix.as_str());
            ordered.push(StackPlan {
                name: s.stack_name(base),
                suffix: s.suffix.clone(),
                region: s.region.clone(),
                template: s.template.to_json(),
                inputs: s.inputs.clone(),
                tags: vec![(
                    "scalectl:stage".to_string(),
                    prepared.loaded.stage.name.clone(),
                )],
            });
        }
        left = blocked;
    }
    ordered
}

/// Load, validate offline and synthesize; the stack plans and the warnings to show.
pub(super) fn plan_stacks(
    stage: &str,
    region: Option<&str>,
    stack_name: &str,
    reader: &dyn FileReader,
) -> Result<(Vec<StackPlan>, Outcome), CommandError> {
    check_stack_name(stack_name)?;
    let prepared = prepare(stage, region, Some(stack_name), reader)?;
    Ok((
        stack_plans(&prepared, stack_name),
        Outcome::with_warnings(&prepared),
    ))
}

/// Run `deploy`.
pub fn run(
    args: &DeployArgs,
    reader: &dyn FileReader,
    console: &mut dyn Console,
) -> Result<Outcome, CommandError> {
    let target = &args.target;
    // Offline first: a stage with errors never reaches AWS.
    plan_stacks(
        &target.stage,
        target.region.as_deref(),
        &target.stack_name,
        reader,
    )?;
    let approval = session::approval(args.yes, console);
    let runtime = session::runtime()?;
    let (results, outcome) = runtime.block_on(async {
        let aws = session::connect(&target.aws).await?;
        let loaded = load(&target.stage, target.region.as_deref(), reader)?;
        let live = gather(&aws, &rules::needs(&loaded.stage)).await;
        let prepared = prepare_with(loaded, target.region.is_some(), Some(&target.stack_name), &live)?;
        let outcome = Outcome::with_warnings(&prepared);
        if !live.notes.is_empty() {
            let _ = writeln!(
                console.err(),
                "note: some live facts could not be read and were taken from the built-in catalog ({} notes; `scalectl validate --live` lists them)",
                live.notes.len()
            );
        }
        let plans = stack_plans(&prepared, &target.stack_name);
        let mut outputs: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut results = Vec::new();
        for plan in &plans {
            let parameters = resolve_inputs(plan, &outputs)?;
            let request = Request {
                stack_name: plan.name.clone(),
                template: plan.template.clone(),
                parameters,
                tags: plan.tags.clone(),
                allow_replace: args.allow_replace.iter().cloned().collect(),
                approval,
                disable_rollback: args.no_rollback,
                wait_for_busy: Duration::from_secs(args.wait),
                polling: Polling::default(),
            };
            let deployer = aws.deployer(&plan.region);
            let deployed = deploy_one(&deployer, &request, console).await?;
            let stack = deployed.stack();
            outputs.insert(
                plan.suffix.clone(),
                stack.outputs.iter().map(|o| (o.key.clone(), o.value.clone())).collect(),
            );
            results.push((plan.clone(), deployed));
        }
        Ok::<_, CommandError>((results, outcome))
    })?;
    report(&results, target.output, console)?;
    Ok(outcome)
}

/// Deploy one stack, stopping cleanly on Ctrl-C.
async fn deploy_one<A: DeployApi>(
    api: &A,
    request: &Request,
    console: &mut dyn Console,
) -> Result<Deployed, CommandError> {
    let result = {
        let mut observer = ConsoleObserver::new(console, &request.stack_name);
        tokio::select! {
            result = flow::deploy(api, request, &mut observer) => Some(result),
            _ = tokio::signal::ctrl_c() => None,
        }
    };
    match result {
        Some(Ok(deployed)) => Ok(deployed),
        Some(Err(e)) => Err(stopped(e)),
        None => {
            let status = api
                .stack(&request.stack_name)
                .await
                .ok()
                .flatten()
                .map(|s| s.status.to_string());
            Err(session::interrupted(&request.stack_name, status))
        }
    }
}

/// Parameters of `plan` from the outputs of the stacks it depends on.
fn resolve_inputs(
    plan: &StackPlan,
    outputs: &BTreeMap<String, BTreeMap<String, String>>,
) -> Result<Vec<(String, String)>, CommandError> {
    let mut parameters = Vec::new();
    for input in &plan.inputs {
        let value = outputs
            .get(&input.from_stack)
            .and_then(|o| o.get(&input.output))
            .ok_or_else(|| CommandError::Stopped {
                message: format!(
                    "stack `{}` needs output {} of its `{}` stack, which AWS did not report",
                    plan.name, input.output, input.from_stack
                ),
                help: "check that stack's outputs with `scalectl status`; deploy again once they exist".to_string(),
                code: crate::exit::DEPLOY_FAILED,
            })?;
        parameters.push((input.parameter.clone(), value.clone()));
    }
    Ok(parameters)
}

fn report(
    results: &[(StackPlan, Deployed)],
    output: Output,
    console: &mut dyn Console,
) -> Result<(), CommandError> {
    match output {
        Output::Text => {
            let mut text = String::new();
            for (plan, deployed) in results {
                let stack = deployed.stack();
                match deployed {
                    Deployed::NoChanges(_) => {
                        text.push_str(&format!("{}: no changes ({})\n", plan.name, stack.status))
                    }
                    Deployed::Done { diff, .. } => text.push_str(&format!(
                        "{}: deployed, {} resources changed ({})\n",
                        plan.name,
                        diff.resources.len(),
                        stack.status
                    )),
                }
                if stack.outputs.is_empty() {
                    text.push_str("  (the stack reports no outputs)\n");
                }
                text.push_str(&stack_text::outputs_text(&stack.outputs));
            }
            write_all(console.out(), &text)
        }
        Output::Json => {
            let stacks: Vec<_> = results
                .iter()
                .map(|(plan, deployed)| {
                    let stack = deployed.stack();
                    json!({
                        "name": plan.name,
                        "region": plan.region,
                        "result": match deployed { Deployed::NoChanges(_) => "no-changes", Deployed::Done { .. } => "deployed" },
                        "status": stack.status.as_str(),
                        "stack_id": stack.id,
                        "changed": match deployed { Deployed::NoChanges(_) => 0, Deployed::Done { diff, .. } => diff.resources.len() },
                        "outputs": stack_text::outputs_json(&stack.outputs),
                    })
                })
                .collect();
            let text =
                serde_json::to_string_pretty(&json!({ "stacks": stacks })).unwrap_or_default();
            write_all(console.out(), &format!("{text}\n"))
        }
    }
}
