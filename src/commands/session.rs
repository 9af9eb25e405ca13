//! The AWS side of a command: a runtime, a connection with a clear error when credentials
//! are missing, the region of a stack command, Ctrl-C, and deploy errors in words.

use super::CommandError;
use crate::aws::client::Aws;
use crate::aws::{ApiError, Connection};
use crate::cli::AwsArgs;
use crate::deploy::api::DeployApi;
use crate::deploy::status::Outcome;
use crate::deploy::{Approval, DeployError};
use crate::exit;

/// The stacks whose flow is running, by name, with their regions (for Ctrl-C).
pub(super) type InFlight = std::cell::RefCell<std::collections::BTreeMap<String, String>>;

/// A single-threaded runtime for one command.
pub(super) fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::Aws {
            message: format!("cannot start the AWS client: {e}"),
            help: "this is a bug in scalectl; please report it".to_string(),
        })
}

/// Connect with the standard chain, `--profile` and `--endpoint-url`.
pub(super) async fn connect(args: &AwsArgs) -> Result<Aws, CommandError> {
    let connection = Connection {
        profile: args.profile.clone(),
        endpoint_url: args.endpoint_url.clone(),
    };
    Aws::connect(&connection).await.map_err(|e| CommandError::Aws {
        message: e.to_string(),
        help: "set credentials for the account (AWS_PROFILE or --profile, `aws sso login`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)".to_string(),
    })
}

/// The region for a command on a deployed stack: `--region`, else the configuration's.
pub(super) fn region(flag: Option<&str>, aws: &Aws) -> Result<String, CommandError> {
    flag.map(str::to_string)
        .or_else(|| aws.region())
        .ok_or_else(|| CommandError::Usage {
            message: "no region given".to_string(),
            help: "pass --region, set AWS_REGION, or set a region in the profile".to_string(),
        })
}

/// An AWS call that failed.
pub(super) fn api(e: ApiError) -> CommandError {
    let help = if e.is_denied() {
        "the credentials lack a permission this command needs; the README lists the IAM actions"
    } else if e.is_throttling() {
        "AWS is throttling this account; wait a little and run the command again"
    } else {
        "check the message above; `--endpoint-url` and `--region` say where calls go"
    };
    CommandError::Aws {
        message: e.message,
        help: help.to_string(),
    }
}

/// A flow's error as a command error with its exit code. `stack` is the stack's name when it
/// is one of several: allowances it suggests then name the stack (`shop-eu-west-1/Cache`).
pub(super) fn stopped(error: DeployError, stack: Option<&str>) -> CommandError {
    let message = error.to_string();
    let (message, help, code) = match error {
        DeployError::Api(e) => return api(e),
        DeployError::Guarded(blocked) => {
            let prefix = stack.map(|s| format!("{s}/")).unwrap_or_default();
            let allow: String = blocked
                .iter()
                .map(|b| format!(" --allow-replace {prefix}{}", b.logical_id))
                .collect();
            (
                message,
                format!(
                    "change the stage so the resource is kept, or, if losing its data is intended, run again with{allow}"
                ),
                exit::REFUSED,
            )
        }
        DeployError::UpdateRefused(findings) => {
            let help = findings
                .iter()
                .filter(|f| f.severity == crate::diff::update_rules::Severity::Refuse)
                .map(|f| f.help.as_str())
                .collect::<Vec<_>>()
                .join("; ");
            (message, help, exit::REFUSED)
        }
        DeployError::Refused { help, .. } => (message, help, exit::REFUSED),
        DeployError::Blocked { status, help, .. } => {
            let code = match status.outcome() {
                Outcome::Failed | Outcome::RolledBack => exit::DEPLOY_FAILED,
                _ => exit::REFUSED,
            };
            (message, help, code)
        }
        DeployError::ChangeSetFailed { .. } => (
            message,
            "nothing was changed; fix the cause and deploy again".to_string(),
            exit::DEPLOY_FAILED,
        ),
        DeployError::Failed {
            stack,
            root_cause,
            reason,
            ..
        } => {
            let cause = match (&root_cause, &reason) {
                (Some(e), _) => format!("\n  root cause: {}", crate::output::stack::cause(e)),
                (None, Some(r)) => format!("\n  reason: {r}"),
                (None, None) => String::new(),
            };
            (
                format!("{message}{cause}"),
                format!(
                    "fix the cause and deploy again; `scalectl status --stack-name {stack}` shows the events"
                ),
                exit::DEPLOY_FAILED,
            )
        }
        DeployError::StillRunning { stack, .. } => (
            message,
            format!(
                "the operation goes on in AWS; `scalectl status --stack-name {stack}` follows it, and deploy attaches to it when run again"
            ),
            exit::FAILURE,
        ),
    };
    CommandError::Stopped {
        message,
        help,
        code,
    }
}

/// Whether a command may act: `--yes`, else ask on a terminal, else refuse.
pub(super) fn approval(yes: bool, console: &dyn super::Console) -> Approval {
    if yes {
        Approval::Given
    } else if console.interactive() {
        Approval::Ask
    } else {
        Approval::Missing
    }
}

/// What to say after Ctrl-C, given the stack's state when it was read.
pub(super) fn interrupted(stack: &str, status: Option<String>) -> CommandError {
    let state = state_text(status.as_deref());
    CommandError::Stopped {
        message: format!("interrupted: stopped watching; stack `{stack}` {state}"),
        help: format!(
            "anything already started goes on in AWS. Run the same deploy again to attach to it, `scalectl status --stack-name {stack}` to look, or `scalectl rollback --stack-name {stack}` to cancel an update"
        ),
        code: exit::INTERRUPTED,
    }
}

/// What to say after Ctrl-C with several stacks in flight.
fn interrupted_graph(stacks: &[(String, Option<String>)]) -> CommandError {
    let (message, help) = if stacks.is_empty() {
        (
            "interrupted: no stack operation was in flight".to_string(),
            "run the same deploy again to go on".to_string(),
        )
    } else {
        (
            format!(
                "interrupted: stopped watching; {}",
                stacks
                    .iter()
                    .map(|(name, status)| format!("`{name}` {}", state_text(status.as_deref())))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "what started goes on in AWS. Run the same deploy again to attach to those stacks and go on with the rest, or `scalectl status <stage> --stack-name <name>` to look".to_string(),
        )
    };
    CommandError::Stopped {
        message,
        help,
        code: exit::INTERRUPTED,
    }
}

/// What to say after Ctrl-C, given the stacks in flight: each one's state, read from AWS.
pub(super) async fn interrupted_in_flight(aws: &Aws, in_flight: &InFlight) -> CommandError {
    let stacks: Vec<(String, String)> = in_flight
        .borrow()
        .iter()
        .map(|(name, region)| (name.clone(), region.clone()))
        .collect();
    // Read at once, within a few seconds: Ctrl-C is already taken, so a slow read must not
    // hold the user. What is not read in time "could not be read".
    let reads = stacks.iter().map(|(name, region)| async move {
        match aws.deployer(region).stack(name).await {
            Ok(Some(stack)) => Some(stack.status.to_string()),
            Ok(None) => Some(NOT_CREATED.to_string()),
            Err(_) => None,
        }
    });
    let statuses =
        tokio::time::timeout(INTERRUPT_READ_LIMIT, futures_util::future::join_all(reads))
            .await
            .unwrap_or_else(|_| vec![None; stacks.len()]);
    let states: Vec<(String, Option<String>)> = stacks
        .iter()
        .map(|(name, _)| name.clone())
        .zip(statuses)
        .collect();
    if let [(name, status)] = states.as_slice() {
        return interrupted(name, status.clone());
    }
    interrupted_graph(&states)
}

/// How long reading the stacks' states after Ctrl-C may take.
const INTERRUPT_READ_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The state of a stack that does not exist.
const NOT_CREATED: &str = "NOT_CREATED";

/// A stack's state after Ctrl-C, for people: a stack in review holds a change set nobody
/// executed, so nothing runs.
fn state_text(status: Option<&str>) -> String {
    match status {
        None => "could not be read".to_string(),
        Some(NOT_CREATED) => "was not created yet".to_string(),
        Some("REVIEW_IN_PROGRESS") => {
            "is REVIEW_IN_PROGRESS (its change set was not executed; nothing runs)".to_string()
        }
        Some(s) => format!("is {s}"),
    }
}

/// The exit code of a run in which several stacks failed: a failed deployment before a
/// refusal before anything else.
pub(super) fn worst_exit(codes: impl IntoIterator<Item = u8>) -> u8 {
    codes
        .into_iter()
        .max_by_key(|code| match *code {
            exit::DEPLOY_FAILED => 3,
            exit::REFUSED => 2,
            _ => 1,
        })
        .unwrap_or(exit::DEPLOY_FAILED)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Blocked, Impact};

    fn help_for(stack: Option<&str>) -> String {
        let blocked = vec![Blocked {
            logical_id: "Cache".to_string(),
            resource_type: "AWS::ElastiCache::ReplicationGroup".to_string(),
            impact: Impact::Replace,
        }];
        match stopped(DeployError::Guarded(blocked), stack) {
            CommandError::Stopped { help, code, .. } => {
                assert_eq!(code, exit::REFUSED);
                help
            }
            other => panic!("expected Stopped, got {other:?}"),
        }
    }

    #[test]
    fn the_guard_names_the_stack_when_the_stage_has_several() {
        assert!(help_for(None).ends_with("run again with --allow-replace Cache"));
        assert!(
            help_for(Some("shop-eu-west-1"))
                .ends_with("run again with --allow-replace shop-eu-west-1/Cache")
        );
    }

    #[test]
    fn an_interrupted_graph_says_what_each_stack_is_doing() {
        let stacks = [
            (
                "shop-us-east-1".to_string(),
                Some("UPDATE_IN_PROGRESS".to_string()),
            ),
            (
                "shop-eu-west-1".to_string(),
                Some("REVIEW_IN_PROGRESS".to_string()),
            ),
            ("shop-global".to_string(), None),
            (
                "shop-ap-southeast-1".to_string(),
                Some(NOT_CREATED.to_string()),
            ),
        ];
        let CommandError::Stopped { message, code, .. } = interrupted_graph(&stacks) else {
            panic!("expected Stopped");
        };
        assert_eq!(code, exit::INTERRUPTED);
        assert!(
            message.contains("`shop-us-east-1` is UPDATE_IN_PROGRESS"),
            "{message}"
        );
        assert!(
            message.contains("`shop-eu-west-1` is REVIEW_IN_PROGRESS (its change set was not executed; nothing runs)"),
            "{message}"
        );
        assert!(
            message.contains("`shop-global` could not be read"),
            "{message}"
        );
    }
}
