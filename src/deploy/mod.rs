//! Deploying stacks: what a stack's status means ([`status`]), the calls deploy makes as a
//! trait ([`api`]), and the flows written against it: [`flow`] (deploy), [`manage`] (status,
//! rollback, destroy) and [`watch`] (following a stack until it settles).
//!
//! The flows never print; they report [`Progress`] to an [`Observer`] and ask it for approval.
//! They never sleep on their own: time passes through [`api::DeployApi::pause`].

pub mod api;
pub mod events;
pub mod flow;
pub mod graph;
pub mod manage;
pub mod naming;
pub mod rolling;
pub mod stacks;
pub mod status;
pub mod teardown;
pub mod walk;
pub mod watch;

use crate::diff::update_rules::UpdateFinding;
use crate::diff::{Blocked, TemplateDiff};
use api::ApiError;
use api::StackEvent;
use status::StackStatus;
use std::time::Duration;

/// How approval is obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    /// Given up front (`--yes`).
    Given,
    /// Ask the observer (an interactive terminal).
    Ask,
    /// No way to ask and not given: refuse.
    Missing,
}

/// What a flow asks the user to approve.
#[derive(Debug, Clone, Copy)]
pub enum Question<'a> {
    /// Execute this change set.
    Deploy(&'a TemplateDiff),
    /// Delete this stack, keeping the listed resources.
    Destroy {
        /// The stack.
        stack: &'a str,
        /// Resources kept by their retention policy: (logical ID, type, policy).
        retained: &'a [(String, String, String)],
    },
}

/// What a flow reports as it goes.
#[derive(Debug, Clone, Copy)]
pub enum Progress<'a> {
    /// A step, in words.
    Step(&'a str),
    /// The change set is ready: what it will do.
    Review(&'a TemplateDiff),
    /// Execution started; `resources` is how many resources the operation touches.
    Started {
        /// Resources expected to change.
        resources: usize,
    },
    /// A new stack event.
    Event(&'a StackEvent),
    /// AWS throttled a poll; backing off.
    Throttled,
    /// An Auto Scaling group's rolling update moved on (read from its instances).
    Fleet(&'a rolling::FleetProgress),
    /// What the update-time rules found (warnings; refusals end the flow).
    Findings(&'a [UpdateFinding]),
}

/// Where a flow's reports and questions go (the command layer).
pub trait Observer {
    /// Show progress.
    fn report(&mut self, progress: Progress<'_>);
    /// Ask for approval; only called with [`Approval::Ask`].
    fn approve(&mut self, question: Question<'_>) -> bool;
}

/// Why a flow stopped short.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DeployError {
    /// An AWS call failed.
    #[error("{0}")]
    Api(#[from] ApiError),
    /// The data-loss guard stopped the change.
    #[error("refusing to {}: it holds data that would be lost", describe_blocked(.0))]
    Guarded(Vec<Blocked>),
    /// The update-time rules found what AWS would refuse, fail or lose data on.
    #[error("refusing the update: {}", describe_findings(.0))]
    UpdateRefused(Vec<UpdateFinding>),
    /// Refused for another reason (no approval, declined, unsafe option).
    #[error("{message}")]
    Refused {
        /// What was refused.
        message: String,
        /// How to proceed.
        help: String,
    },
    /// The stack is in a state that needs a decision first.
    #[error("stack `{stack}` is {status}: {message}")]
    Blocked {
        /// The stack.
        stack: String,
        /// Its status.
        status: StackStatus,
        /// What that means.
        message: String,
        /// What to run.
        help: String,
    },
    /// The change set could not be created.
    #[error("change set failed: {reason}")]
    ChangeSetFailed {
        /// AWS's reason.
        reason: String,
    },
    /// The operation failed; the stack rolled back or stopped in a failed state.
    #[error("stack `{stack}` ended in {status}")]
    Failed {
        /// The stack.
        stack: String,
        /// Where it ended.
        status: StackStatus,
        /// The first failed resource and its reason.
        root_cause: Option<StackEvent>,
        /// The stack's own reason.
        reason: Option<String>,
    },
    /// The stack was still running when the watch limit passed.
    #[error("stack `{stack}` is still {status} after {} s", waited.as_secs())]
    StillRunning {
        /// The stack.
        stack: String,
        /// Its status.
        status: StackStatus,
        /// How long scalectl watched.
        waited: Duration,
    },
}

fn describe_blocked(blocked: &[Blocked]) -> String {
    blocked
        .iter()
        .map(|b| {
            format!(
                "{} {} ({})",
                b.impact.as_str(),
                b.logical_id,
                b.resource_type
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_findings(findings: &[UpdateFinding]) -> String {
    findings
        .iter()
        .filter(|f| f.severity == crate::diff::update_rules::Severity::Refuse)
        .map(|f| format!("{} ({})", f.message, f.code))
        .collect::<Vec<_>>()
        .join("; ")
}
