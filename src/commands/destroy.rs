//! `scalectl destroy`: delete a stack, or every stack of a stage's graph, dependents first
//! (the reverse of the deploy order), several at a time.

use super::observer::{ConsoleObserver, InFlight, Screen, Tracked};
use super::session::{self, stopped};
use super::stack::policy_effect;
use super::targets::{self, Targets};
use super::{CommandError, Console, Outcome, write_all};
use crate::cli::{DestroyArgs, Output};
use crate::deploy::manage::{self, Destroyed};
use crate::deploy::walk::{OnFailure, Turn, walk};
use crate::deploy::watch::Polling;
use crate::stage::FileReader;
use crate::synth::graph::dependents;
use serde_json::json;

/// Run `destroy`.
pub fn destroy(
    args: &DestroyArgs,
    reader: &dyn FileReader,
    console: &mut dyn Console,
) -> Result<Outcome, CommandError> {
    let graph = targets::offline(&args.stack, reader)?;
    let approval = session::approval(args.yes, console);
    let runtime = session::runtime()?;
    let screen = Screen::new(console);
    let (targets, turns) = runtime.block_on(async {
        let aws = session::connect(&args.stack.aws).await?;
        let targets = targets::resolve(&args.stack, graph, &aws)?;
        // A stack goes once every stack that reads its outputs has gone.
        let reverse = dependents(&targets.deps);
        let in_flight = InFlight::default();
        let walking = walk(&reverse, usize::from(args.concurrency), OnFailure::Halt, |i| {
            let (target, aws) = (&targets.stacks[i], &aws);
            let mut observer = Tracked::new(
                ConsoleObserver::new(&screen, &target.name),
                &in_flight,
                &target.name,
                &target.region,
            );
            async move {
                let deployer = aws.deployer(&target.region);
                manage::destroy(
                    &deployer,
                    &target.name,
                    approval,
                    args.disable_deletion_protection,
                    Polling::default(),
                    &mut observer,
                )
                    .await
                    .map_err(|e| stopped(e, None))
            }
        });
        // Pinned out here so that Ctrl-C reads the stacks in flight before the walk drops.
        let mut walking = Box::pin(walking);
        let turns = tokio::select! {
            turns = &mut walking => turns,
            _ = tokio::signal::ctrl_c() => return Err(session::interrupted_in_flight(&aws, &in_flight).await),
        };
        drop(walking);
        Ok::<_, CommandError>((targets, turns))
    })?;
    let failed = turns.iter().filter(|t| !t.is_done()).count();
    if !targets.from_stage && failed == 1 {
        if let Some(Turn::Failed(e)) = turns.into_iter().next() {
            return Err(e);
        }
        return Ok(Outcome::default());
    }
    let text = match args.stack.output {
        Output::Text => report_text(&targets, &turns),
        Output::Json => report_json(&targets, &turns),
    };
    screen.with(|console| write_all(console.out(), &text))?;
    if failed == 0 {
        return Ok(Outcome::default());
    }
    let code = session::worst_exit(turns.iter().filter_map(|t| match t {
        Turn::Failed(e) => Some(e.exit_code()),
        _ => None,
    }));
    Err(CommandError::Stopped {
        message: format!(
            "{failed} of {} stacks were not deleted (the report above says where each one stands)",
            targets.stacks.len()
        ),
        help: "fix the cause and run the same destroy again: stacks already gone are skipped"
            .to_string(),
        code,
    })
}

fn line(targets: &Targets, turn: &Turn<Destroyed, CommandError>) -> (&'static str, String) {
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
                targets
                    .stacks
                    .get(*because)
                    .map_or("?", |t| t.name.as_str())
            ),
        ),
        Turn::NotStarted => (
            "not-started",
            "not started: halted after a failure".to_string(),
        ),
    }
}

fn report_text(targets: &Targets, turns: &[Turn<Destroyed, CommandError>]) -> String {
    let mut text = String::new();
    for (target, turn) in targets.stacks.iter().zip(turns) {
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
                    policy_effect(policy)
                ));
            }
        }
    }
    text
}

fn report_json(targets: &Targets, turns: &[Turn<Destroyed, CommandError>]) -> String {
    let docs: Vec<_> = targets
        .stacks
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
    let doc = if targets.from_stage {
        json!({ "stacks": docs })
    } else {
        docs.into_iter().next().unwrap_or_default()
    };
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}
