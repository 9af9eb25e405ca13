//! `scalectl status` and `rollback`: commands on a deployed stack or a stage's stack graph.

use super::observer::{ConsoleObserver, Screen};
use super::session::{self, stopped};
use super::targets;
use super::{CommandError, Console, Outcome, write_all};
use crate::cli::{Output, RollbackArgs, StackArgs};
use crate::deploy::manage::{self, RollbackAction, StatusReport};
use crate::deploy::teardown::needing_rollback;
use crate::deploy::walk::{OnFailure, Turn, walk};
use crate::deploy::watch::Polling;
use crate::output::stack::{self as stack_text, event_line};
use crate::stage::FileReader;
use serde_json::json;

/// Run `status`: one stack, or every stack of a stage's graph.
pub fn status(
    args: &StackArgs,
    reader: &dyn FileReader,
    console: &mut dyn Console,
) -> Result<Outcome, CommandError> {
    let graph = targets::offline(args, reader)?;
    let runtime = session::runtime()?;
    let (targets, reports) = runtime.block_on(async {
        let aws = session::connect(&args.aws).await?;
        let targets = targets::resolve(args, graph, &aws)?;
        let independent = vec![Vec::new(); targets.stacks.len()];
        let turns = walk(&independent, READ_CONCURRENCY, OnFailure::Continue, |i| {
            let (target, aws) = (&targets.stacks[i], &aws);
            async move {
                manage::status(&aws.deployer(&target.region), &target.name)
                    .await
                    .map_err(|e| stopped(e, None))
            }
        })
        .await;
        let mut reports = Vec::new();
        for turn in turns {
            match turn {
                Turn::Done(report) => reports.push(report),
                Turn::Failed(e) => return Err(e),
                Turn::Skipped { .. } | Turn::NotStarted => reports.push(None),
            }
        }
        Ok::<_, CommandError>((targets, reports))
    })?;
    if !targets.from_stage {
        let (Some(target), Some(report)) = (targets.stacks.first(), reports.into_iter().next())
        else {
            return Ok(Outcome::default());
        };
        let Some(report) = report else {
            return Err(CommandError::Stopped {
                message: format!("there is no stack named `{}` in {}", target.name, target.region),
                help: "check --stack-name and --region; for a multi-stack stage, name the stage too: `scalectl status <stage> --stack-name <base name>`".to_string(),
                code: crate::exit::FAILURE,
            });
        };
        match args.output {
            Output::Text => write_all(console.out(), &status_text(&report))?,
            Output::Json => write_all(
                console.out(),
                &format!(
                    "{}\n",
                    serde_json::to_string_pretty(&status_json(&target.region, &report))
                        .unwrap_or_default()
                ),
            )?,
        }
        return Ok(Outcome::default());
    }
    let missing: Vec<&str> = targets
        .stacks
        .iter()
        .zip(&reports)
        .filter(|(_, r)| r.is_none())
        .map(|(t, _)| t.name.as_str())
        .collect();
    match args.output {
        Output::Text => {
            let mut text = String::new();
            for (target, report) in targets.stacks.iter().zip(&reports) {
                match report {
                    Some(report) => text.push_str(&status_text(report)),
                    None => text.push_str(&format!(
                        "{}: not deployed (no such stack in {})\n",
                        target.name, target.region
                    )),
                }
            }
            write_all(console.out(), &text)?;
        }
        Output::Json => {
            let stacks: Vec<_> = targets
                .stacks
                .iter()
                .zip(&reports)
                .map(|(target, report)| match report {
                    Some(report) => status_json(&target.region, report),
                    None => json!({"name": target.name, "region": target.region, "status": null}),
                })
                .collect();
            let text =
                serde_json::to_string_pretty(&json!({ "stacks": stacks })).unwrap_or_default();
            write_all(console.out(), &format!("{text}\n"))?;
        }
    }
    if missing.is_empty() {
        Ok(Outcome::default())
    } else {
        Err(CommandError::Stopped {
            message: format!(
                "{} of {} stacks are not deployed: {}",
                missing.len(),
                targets.stacks.len(),
                missing.join(", ")
            ),
            help: "`scalectl deploy` with the same stage and --stack-name creates them".to_string(),
            code: crate::exit::FAILURE,
        })
    }
}

/// Stacks read at the same time by `status`.
const READ_CONCURRENCY: usize = 8;

fn status_json(region: &str, report: &StatusReport) -> serde_json::Value {
    json!({
        "name": report.stack.name,
        "stack_id": report.stack.id,
        "region": region,
        "status": report.stack.status.as_str(),
        "reason": report.stack.reason,
        "root_cause": report.root_cause,
        "stuck_in_rollback": report.stuck,
        "recent_events": report.recent,
        "outputs": stack_text::outputs_json(&report.stack.outputs),
    })
}

fn status_text(report: &StatusReport) -> String {
    let stack = &report.stack;
    let mut text = format!("{}: {}\n", stack.name, stack.status);
    if let Some(reason) = &stack.reason {
        text.push_str(&format!("  reason: {reason}\n"));
    }
    if let Some(cause) = &report.root_cause {
        text.push_str(&format!(
            "  root cause: {}
",
            stack_text::cause(cause)
        ));
    }
    if !report.stuck.is_empty() {
        text.push_str(&format!(
            "  could not roll back: {}; `scalectl rollback --stack-name {}{}` skips them\n",
            report.stuck.join(", "),
            stack.name,
            report
                .stuck
                .iter()
                .map(|s| format!(" --skip {s}"))
                .collect::<String>()
        ));
    }
    if !report.recent.is_empty() {
        text.push_str("Recent events (oldest first):\n");
        report
            .recent
            .iter()
            .for_each(|e| text.push_str(&format!("  {}\n", event_line(e, true))));
    }
    if !stack.outputs.is_empty() {
        text.push_str("Outputs:\n");
        text.push_str(&stack_text::outputs_text(&stack.outputs));
    }
    text
}

/// Run `rollback`: the stack, or each stack of a stage's graph that needs it.
pub fn rollback(
    args: &RollbackArgs,
    reader: &dyn FileReader,
    console: &mut dyn Console,
) -> Result<Outcome, CommandError> {
    let graph = targets::offline(&args.stack, reader)?;
    let runtime = session::runtime()?;
    let screen = Screen::new(console);
    let done = runtime.block_on(async {
        let aws = session::connect(&args.stack.aws).await?;
        let targets = targets::resolve(&args.stack, graph, &aws)?;
        // The one stack named is rolled back (or told why not); of a graph, the stacks
        // whose state calls for it.
        let todo: Vec<_> = if targets.from_stage {
            let (stacks, apis) = targets.with_apis(&aws);
            needing_rollback(&stacks, &apis, &args.skip)
                .await
                .map_err(session::api)?
                .into_iter()
                .map(|i| targets.stacks[i].clone())
                .collect()
        } else {
            targets.stacks.clone()
        };
        if todo.is_empty() {
            return Ok(Vec::new());
        }
        if !args.skip.is_empty() && todo.len() > 1 {
            return Err(CommandError::Usage {
                message: format!(
                    "--skip names resources of one stack, but {} stacks need a rollback: {}",
                    todo.len(),
                    todo.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ")
                ),
                help: "roll back the stack that is UPDATE_ROLLBACK_FAILED on its own: `scalectl rollback --stack-name <name> --region <region> --skip ...`".to_string(),
            });
        }
        let mut done = Vec::new();
        for target in todo {
            let deployer = aws.deployer(&target.region);
            let mut observer = ConsoleObserver::new(&screen, &target.name);
            let result = tokio::select! {
                r = manage::rollback(&deployer, &target.name, &args.skip, Polling::default(), &mut observer) => r.map_err(|e| stopped(e, None)),
                _ = tokio::signal::ctrl_c() => Err(session::interrupted(&target.name, None)),
            }?;
            done.push((target.name.clone(), result));
        }
        Ok::<_, CommandError>(done)
    })?;
    let mut text = String::new();
    let mut docs = Vec::new();
    if done.is_empty() {
        text.push_str("no stack of the graph needs a rollback\n");
    }
    for (name, (action, stack)) in &done {
        let what = match action {
            RollbackAction::CancelUpdate => "update cancelled".to_string(),
            RollbackAction::Rollback => "rolled back".to_string(),
            RollbackAction::ContinueRollback(skip) if skip.is_empty() => {
                "rollback continued".to_string()
            }
            RollbackAction::ContinueRollback(skip) => {
                format!("rollback continued, skipping {}", skip.join(", "))
            }
        };
        text.push_str(&format!("{name}: {what}; now {}\n", stack.status));
        docs.push(json!({"name": name, "action": what, "status": stack.status.as_str()}));
    }
    let out = match args.stack.output {
        Output::Text => text,
        Output::Json if docs.len() == 1 && args.stack.stage.is_none() => {
            format!("{}\n", docs[0])
        }
        Output::Json => format!("{}\n", json!({ "stacks": docs })),
    };
    screen.with(|console| write_all(console.out(), &out))?;
    Ok(Outcome::default())
}
