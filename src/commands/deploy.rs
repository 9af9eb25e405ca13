//! `scalectl deploy`: validate offline (nothing is sent on error), validate again with the
//! account's live facts, then deploy the stack graph ([`deploy_graph`]), each stack through
//! a reviewed change set, and report where every stack ended.

use super::observer::{ConsoleObserver, InFlight, Screen, Tracked};
use super::session::{self, stopped};
use super::targets::{StackDeps, StackPlan, stack_plans};
use super::{
    CommandError, Console, Outcome, check_stack_name, load, prepare, prepare_with, write_all,
};
use crate::aws::facts::gather;
use crate::cli::{self, DeployArgs, Output};
use crate::deploy::api::DeployApi;
use crate::deploy::flow::Deployed;
use crate::deploy::graph::{GraphOptions, StackFailure, deploy_graph};
use crate::deploy::stacks::{self, StacksError};
use crate::deploy::walk::{OnFailure, Turn};
use crate::deploy::watch::Polling;
use crate::output;
use crate::output::diff::findings_text;
use crate::output::walk::{DeployReport, StackRef};
use crate::stage::FileReader;
use crate::validate as rules;
use std::collections::BTreeMap;
use std::time::Duration;

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
    let stacks: Vec<StackRef<'_>> = plans
        .iter()
        .map(|p| StackRef {
            name: &p.name,
            region: &p.region,
        })
        .collect();
    let report = DeployReport {
        stacks: &stacks,
        turns: &turns,
    };
    let text = output::render(&report, output == Output::Json);
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
