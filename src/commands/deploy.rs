//! `scalectl deploy`: validate offline (nothing is sent on error), validate again with the
//! account's live facts, then deploy the stack graph ([`deploy_graph`]), each stack through
//! a reviewed change set, and report where every stack ended.

use super::diff::findings_text;
use super::observer::{ConsoleObserver, InFlight, Screen, Tracked};
use super::session::{self, stopped};
use super::stack_text;
use super::{
    CommandError, Console, Outcome, Prepared, check_stack_name, load, prepare, prepare_with,
    write_all,
};
use crate::aws::facts::gather;
use crate::cli::{self, DeployArgs, Output};
use crate::deploy::api::DeployApi;
use crate::deploy::flow::Deployed;
use crate::deploy::graph::{GraphOptions, GraphStack, StackFailure, deploy_graph};
use crate::deploy::stacks::{self, StacksError};
use crate::deploy::walk::{OnFailure, Turn};
use crate::deploy::watch::Polling;
use crate::stage::FileReader;
use crate::validate as rules;
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

/// One stack of a stage, ready to deploy.
pub(super) type StackPlan = GraphStack;

/// Each stack's dependencies, by index into the stack plans.
pub(super) type StackDeps = Vec<Vec<usize>>;

/// The stacks of a stage in deploy order with each stack's dependencies by index: see
/// [`stacks::plans`]; the workers' code is packaged again from disk for its bytes.
pub(super) fn stack_plans(
    prepared: &Prepared,
    base: &str,
) -> Result<(Vec<StackPlan>, StackDeps), CommandError> {
    let uploads = uploads(prepared)?;
    Ok(stacks::plans(
        &prepared.stacks,
        &prepared.loaded.stage.name,
        base,
        &uploads,
    )?)
}

/// The workers' packaged code, by staging key: packaged again for its bytes, which must be
/// what the stage was loaded (and validated, synthesized and reviewed) with.
fn uploads(prepared: &Prepared) -> Result<Vec<crate::deploy::graph::Upload>, CommandError> {
    let stage = &prepared.loaded.stage;
    let mut out = Vec::new();
    for package in super::package::packages(&prepared.loaded)? {
        let Some(worker) = stage
            .messaging
            .as_ref()
            .and_then(|m| m.workers.get(package.worker))
        else {
            continue;
        };
        let recorded = worker.code.as_ref().and_then(|c| c.digest.as_deref());
        if recorded != Some(package.digest.as_str()) {
            return Err(CommandError::Stopped {
                message: format!(
                    "worker `{}`'s code changed while scalectl was deploying it",
                    worker.name
                ),
                help: "run deploy again once the code stays put".to_string(),
                code: crate::exit::REFUSED,
            });
        }
        out.push(crate::deploy::graph::Upload {
            key: crate::synth::code_key(&stage.name, &worker.name, &package.digest),
            bytes: package.bytes,
        });
    }
    Ok(out)
}

/// Load, validate offline and synthesize; the stack plans, each stack's dependencies by
/// index, and the warnings to show.
pub(super) fn plan_stacks(
    stage: &str,
    region: Option<&str>,
    stack_name: &str,
    reader: &dyn FileReader,
) -> Result<(Vec<StackPlan>, StackDeps, Outcome), CommandError> {
    check_stack_name(stack_name)?;
    let prepared = prepare(stage, region, Some(stack_name), reader)?;
    let (plans, deps) = stack_plans(&prepared, stack_name)?;
    Ok((plans, deps, Outcome::with_warnings(&prepared)))
}

/// Run `deploy`.
pub fn run(
    args: &DeployArgs,
    reader: &dyn FileReader,
    console: &mut dyn Console,
) -> Result<Outcome, CommandError> {
    let target = &args.target;
    // Offline first: a stage with errors, or an allowance that names no one resource,
    // never reaches AWS.
    check_stack_name(&target.stack_name)?;
    let offline = prepare(
        &target.stage,
        target.region.as_deref(),
        Some(&target.stack_name),
        reader,
    )?;
    stacks::check_allowances(&offline.stacks, &target.stack_name, &args.allow_replace)?;
    let approval = session::approval(args.yes, console);
    let runtime = session::runtime()?;
    let screen = Screen::new(console);
    let (plans, turns, outcome) = runtime.block_on(async {
        let aws = session::connect(&target.aws).await?;
        let loaded = load(&target.stage, target.region.as_deref(), reader)?;
        let live = gather(&aws, &rules::needs(&loaded.stage)).await;
        let prepared = prepare_with(loaded, target.region.is_some(), Some(&target.stack_name), &live)?;
        let outcome = Outcome::with_warnings(&prepared);
        if !live.notes.is_empty() {
            screen.with(|console| {
                let _ = writeln!(
                    console.err(),
                    "note: some live facts could not be read and were taken from the built-in catalog ({} notes; `scalectl validate --live` lists them)",
                    live.notes.len()
                );
            });
        }
        let (plans, deps) = stack_plans(&prepared, &target.stack_name)?;
        let apis: BTreeMap<String, _> = plans
            .iter()
            .map(|p| (p.region.clone(), aws.deployer(&p.region)))
            .collect();
        let options = GraphOptions {
            concurrency: usize::from(args.concurrency),
            on_failure: match args.on_failure {
                cli::OnFailure::Halt => OnFailure::Halt,
                cli::OnFailure::Continue => OnFailure::Continue,
            },
            allow_replace: args.allow_replace.iter().cloned().collect(),
            approval,
            disable_rollback: args.no_rollback,
            wait_for_busy: Duration::from_secs(args.wait),
            polling: Polling::default(),
            refresh_images: args.refresh_images,
        };
        graph_preflight(&target.stack_name, &plans, &deps, &apis, &screen).await?;
        let in_flight = InFlight::default();
        let walking = deploy_graph(&plans, &deps, &apis, &options, |stack| {
            let observer = ConsoleObserver::new(&screen, &stack.name);
            Tracked::new(observer, &in_flight, &stack.name, &stack.region)
        });
        // Pinned out here so that Ctrl-C reads the stacks in flight before the walk (and
        // with it each stack's tracker) is dropped.
        let mut walking = Box::pin(walking);
        let turns = tokio::select! {
            turns = &mut walking => turns,
            _ = tokio::signal::ctrl_c() => return Err(session::interrupted_in_flight(&aws, &in_flight).await),
        };
        drop(walking);
        let several = plans.len() > 1;
        let turns: Vec<Turn<Deployed, CommandError>> = turns
            .into_iter()
            .zip(&plans)
            .map(|(t, p)| t.map_failed(|e| failure(e, several.then_some(p.name.as_str()))))
            .collect();
        Ok::<_, CommandError>((plans, turns, outcome))
    })?;
    finish(&plans, turns, target.output, &screen)?;
    Ok(outcome)
}

/// The graph-wide checks ([`stacks::preflight`]), with refusing findings shown per stack.
async fn graph_preflight<A: DeployApi>(
    base: &str,
    plans: &[StackPlan],
    deps: &StackDeps,
    apis: &BTreeMap<String, A>,
    screen: &Screen<'_>,
) -> Result<(), CommandError> {
    let result = stacks::preflight(base, plans, deps, apis).await;
    if let Err(StacksError::Refused(findings)) = &result {
        screen.with(|console| {
            for plan in plans {
                let mine: Vec<_> = findings
                    .iter()
                    .filter(|f| f.stack == plan.name)
                    .cloned()
                    .collect();
                if !mine.is_empty() {
                    let _ = console
                        .err()
                        .write_all(findings_text(&plan.name, &mine).as_bytes());
                }
            }
        });
    }
    Ok(result?)
}

/// A stack's failure as a command error with its exit code; `stack` names it in a graph.
fn failure(e: StackFailure, stack: Option<&str>) -> CommandError {
    match e {
        StackFailure::Deploy(e) => stopped(*e, stack),
        other => CommandError::Stopped {
            message: other.to_string(),
            help: "check that stack's outputs with `scalectl status`; deploy again once they exist"
                .to_string(),
            code: crate::exit::DEPLOY_FAILED,
        },
    }
}

/// Report every stack's turn; fail with the worst exit code when any stack did not deploy.
fn finish(
    plans: &[StackPlan],
    turns: Vec<Turn<Deployed, CommandError>>,
    output: Output,
    screen: &Screen<'_>,
) -> Result<(), CommandError> {
    let failed = turns.iter().filter(|t| !t.is_done()).count();
    if plans.len() == 1 && failed == 1 {
        // One stack: its own error says it all.
        if let Some(Turn::Failed(e)) = turns.into_iter().next() {
            return Err(e);
        }
        return Ok(());
    }
    let text = match output {
        Output::Text => summary_text(plans, &turns),
        Output::Json => summary_json(plans, &turns),
    };
    screen.with(|console| write_all(console.out(), &text))?;
    if failed == 0 {
        return Ok(());
    }
    let code = session::worst_exit(turns.iter().filter_map(|t| match t {
        Turn::Failed(e) => Some(e.exit_code()),
        _ => None,
    }));
    Err(CommandError::Stopped {
        message: format!(
            "{failed} of {} stacks did not deploy (the summary above says where each one stands)",
            plans.len()
        ),
        help: "fix the cause and run the same deploy again: stacks already deployed report no changes, and the rest continue from there".to_string(),
        code,
    })
}

/// Where a stack ended: its `result` word and one line.
fn turn_text(plans: &[StackPlan], turn: &Turn<Deployed, CommandError>) -> (&'static str, String) {
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
                plans.get(*because).map_or("?", |p| p.name.as_str())
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

fn summary_text(plans: &[StackPlan], turns: &[Turn<Deployed, CommandError>]) -> String {
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
            text.push_str(&stack_text::outputs_text(&stack.outputs));
        }
    }
    text
}

fn summary_json(plans: &[StackPlan], turns: &[Turn<Deployed, CommandError>]) -> String {
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
                    doc["outputs"] = stack_text::outputs_json(&stack.outputs);
                }
                Turn::Failed(e) => {
                    doc["error"] = json!(e.to_string());
                    doc["help"] = json!(e.help());
                    doc["exit_code"] = json!(e.exit_code());
                }
                Turn::Skipped { because } => {
                    doc["blocked_by"] = json!(plans.get(*because).map(|p| p.name.clone()));
                }
                Turn::NotStarted => {}
            }
            doc["summary"] = json!(line);
            doc
        })
        .collect();
    let text = serde_json::to_string_pretty(&json!({ "stacks": stacks })).unwrap_or_default();
    format!("{text}\n")
}
