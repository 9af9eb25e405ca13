//! `scalectl status`, `rollback` and `destroy`: commands on a deployed stack.

use super::observer::ConsoleObserver;
use super::session::{self, stopped};
use super::stack_text::{self, event_line};
use super::{CommandError, Console, Outcome, check_stack_name, write_all};
use crate::cli::{DestroyArgs, Output, RollbackArgs, StackArgs};
use crate::deploy::manage::{self, Destroyed, RollbackAction, StatusReport};
use crate::deploy::watch::Polling;
use serde_json::json;

/// Run `status`.
pub fn status(args: &StackArgs, console: &mut dyn Console) -> Result<Outcome, CommandError> {
    check_stack_name(&args.stack_name)?;
    let runtime = session::runtime()?;
    let (region, report) = runtime.block_on(async {
        let aws = session::connect(&args.aws).await?;
        let region = session::region(args.region.as_deref(), &aws)?;
        let report = manage::status(&aws.deployer(&region), &args.stack_name)
            .await
            .map_err(stopped)?;
        Ok::<_, CommandError>((region, report))
    })?;
    let Some(report) = report else {
        return Err(CommandError::Stopped {
            message: format!("there is no stack named `{}` in {region}", args.stack_name),
            help: "check --stack-name and --region".to_string(),
            code: crate::exit::FAILURE,
        });
    };
    match args.output {
        Output::Text => write_all(console.out(), &status_text(&report))?,
        Output::Json => {
            let doc = json!({
                "name": report.stack.name,
                "stack_id": report.stack.id,
                "region": region,
                "status": report.stack.status.as_str(),
                "reason": report.stack.reason,
                "root_cause": report.root_cause,
                "stuck_in_rollback": report.stuck,
                "recent_events": report.recent,
                "outputs": stack_text::outputs_json(&report.stack.outputs),
            });
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            write_all(console.out(), &format!("{text}\n"))?;
        }
    }
    Ok(Outcome::default())
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

/// Run `rollback`.
pub fn rollback(args: &RollbackArgs, console: &mut dyn Console) -> Result<Outcome, CommandError> {
    let name = &args.stack.stack_name;
    check_stack_name(name)?;
    let runtime = session::runtime()?;
    let (action, stack) = runtime.block_on(async {
        let aws = session::connect(&args.stack.aws).await?;
        let region = session::region(args.stack.region.as_deref(), &aws)?;
        let deployer = aws.deployer(&region);
        let mut observer = ConsoleObserver::new(console, name);
        tokio::select! {
            r = manage::rollback(&deployer, name, &args.skip, Polling::default(), &mut observer) => r.map_err(stopped),
            _ = tokio::signal::ctrl_c() => Err(session::interrupted(name, None)),
        }
    })?;
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
    match args.stack.output {
        Output::Text => write_all(
            console.out(),
            &format!("{name}: {what}; now {}\n", stack.status),
        )?,
        Output::Json => write_all(
            console.out(),
            &format!(
                "{}\n",
                json!({"name": name, "action": what, "status": stack.status.as_str()})
            ),
        )?,
    }
    Ok(Outcome::default())
}

/// What a deletion policy does to its resource when the stack goes.
pub(super) fn policy_effect(policy: &str) -> &'static str {
    match policy {
        "Snapshot" => "deleted after a final snapshot",
        "DeleteFailed" => "could not be deleted before; left in the account",
        _ => "kept in the account",
    }
}

/// Run `destroy`.
pub fn destroy(args: &DestroyArgs, console: &mut dyn Console) -> Result<Outcome, CommandError> {
    let name = &args.stack.stack_name;
    check_stack_name(name)?;
    let approval = session::approval(args.yes, console);
    let runtime = session::runtime()?;
    let (region, destroyed) = runtime.block_on(async {
        let aws = session::connect(&args.stack.aws).await?;
        let region = session::region(args.stack.region.as_deref(), &aws)?;
        let deployer = aws.deployer(&region);
        let mut observer = ConsoleObserver::new(console, name);
        let destroyed = tokio::select! {
            r = manage::destroy(&deployer, name, approval, Polling::default(), &mut observer) => r.map_err(stopped),
            _ = tokio::signal::ctrl_c() => Err(session::interrupted(name, None)),
        }?;
        Ok::<_, CommandError>((region, destroyed))
    })?;
    let (result, retained) = match &destroyed {
        Destroyed::NotFound => ("not-found", Vec::new()),
        Destroyed::Deleted { retained } => ("deleted", retained.clone()),
    };
    match args.stack.output {
        Output::Text => {
            let mut text = match destroyed {
                Destroyed::NotFound => {
                    format!("{name}: no such stack in {region}; nothing to delete\n")
                }
                Destroyed::Deleted { .. } => format!("{name}: deleted\n"),
            };
            if !retained.is_empty() {
                text.push_str("By their retention policy (delete what is kept yourself when no longer needed):\n");
                for (id, ty, policy) in &retained {
                    text.push_str(&format!(
                        "  {id} ({ty}): {policy}, {}\n",
                        policy_effect(policy)
                    ));
                }
            }
            write_all(console.out(), &text)?;
        }
        Output::Json => {
            let doc = json!({
                "name": name,
                "region": region,
                "result": result,
                "retained": retained.iter().map(|(id, ty, policy)| json!({"logical_id": id, "type": ty, "policy": policy})).collect::<Vec<_>>(),
            });
            write_all(
                console.out(),
                &format!(
                    "{}\n",
                    serde_json::to_string_pretty(&doc).unwrap_or_default()
                ),
            )?;
        }
    }
    Ok(Outcome::default())
}
