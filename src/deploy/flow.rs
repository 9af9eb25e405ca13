//! The deploy flow (DESIGN.md §4, steps 2–7): look at the stack, settle what a previous run
//! left, diff, create and review a change set, guard stateful resources, get approval,
//! execute and follow it to the end.

use super::api::{
    ChangeSetKind, ChangeSetRequest, ChangeSetStatus, DeployApi, Stack, TemplateSource,
};
use super::events::{failed_in_rollback, root_cause};
use super::naming::{change_set_name, staging_key};
use super::status::{Next, Outcome, StackStatus};
use super::watch::{Polling, Start, newest_event, watch};
use super::{Approval, DeployError, Observer, Progress, Question};
use crate::cfn::limits::MAX_INLINE_BODY;
use crate::diff::{self, TemplateDiff, replica_steps, update_rules};
use std::collections::BTreeSet;
use std::time::Duration;

/// What to deploy and how.
#[derive(Debug, Clone)]
pub struct Request {
    /// The stack's name.
    pub stack_name: String,
    /// The template, as JSON text.
    pub template: String,
    /// Parameter values.
    pub parameters: Vec<(String, String)>,
    /// Stack tags.
    pub tags: Vec<(String, String)>,
    /// Stateful resources the user allows to be replaced or deleted (logical IDs).
    pub allow_replace: BTreeSet<String>,
    /// How approval is obtained.
    pub approval: Approval,
    /// Keep failed resources instead of rolling back (`--no-rollback`).
    pub disable_rollback: bool,
    /// How long to wait for an operation already running on the stack.
    pub wait_for_busy: Duration,
    /// Polling intervals and limits.
    pub polling: Polling,
}

/// How a deploy ended well.
#[derive(Debug, Clone)]
pub enum Deployed {
    /// Nothing to change.
    NoChanges(Stack),
    /// The change set ran to completion.
    Done {
        /// The stack afterwards (with its outputs).
        stack: Stack,
        /// What changed.
        diff: TemplateDiff,
    },
}

impl Deployed {
    /// The stack.
    pub fn stack(&self) -> &Stack {
        match self {
            Deployed::NoChanges(stack) | Deployed::Done { stack, .. } => stack,
        }
    }
}

/// How many times deploy re-reads a stack it had to wait for or clean up.
const MAX_SETTLE_ROUNDS: usize = 4;

/// Deploy `request` through `api`.
pub async fn deploy<A: DeployApi, O: Observer>(
    api: &A,
    request: &Request,
    observer: &mut O,
) -> Result<Deployed, DeployError> {
    deploy_once(api, request, observer, true).await
}

/// One change set; with `stepping`, an update that changes more than one replica of a
/// global table first goes through the templates in between, one update each.
async fn deploy_once<A: DeployApi, O: Observer>(
    api: &A,
    request: &Request,
    observer: &mut O,
    stepping: bool,
) -> Result<Deployed, DeployError> {
    let name = request.stack_name.as_str();
    let (kind, deployed_template) = settle(api, request, observer).await?;

    let new_template: serde_json::Value = serde_json::from_str(&request.template).map_err(|e| {
        refused(
            format!("the synthesized template is not JSON: {e}"),
            "this is a bug in scalectl; please report it",
        )
    })?;
    let steps = if stepping {
        replica_steps::steps(deployed_template.as_ref(), &new_template)
    } else {
        Vec::new()
    };
    if !steps.is_empty() {
        let total = steps.len() + 1;
        // What every update changed, for the summary (a resource changed by several updates
        // counts once).
        let mut changed: Vec<diff::ResourceDiff> = Vec::new();
        for (index, step) in steps.iter().enumerate() {
            observer.report(Progress::Step(&format!(
                "update {}/{total}: global tables change one replica per update",
                index + 1
            )));
            let step_request = Request {
                template: serde_json::to_string_pretty(step).unwrap_or_default(),
                ..request.clone()
            };
            if let Deployed::Done { diff, .. } =
                Box::pin(deploy_once(api, &step_request, observer, false)).await?
            {
                changed.extend(diff.resources);
            }
        }
        observer.report(Progress::Step(&format!("update {total}/{total}")));
        return match Box::pin(deploy_once(api, request, observer, false)).await? {
            Deployed::Done { stack, mut diff } => {
                for earlier in changed {
                    if !diff
                        .resources
                        .iter()
                        .any(|r| r.logical_id == earlier.logical_id)
                    {
                        diff.resources.push(earlier);
                    }
                }
                Ok(Deployed::Done { stack, diff })
            }
            no_changes => Ok(no_changes),
        };
    }
    let predicted = diff::compare(deployed_template.as_ref(), &new_template);
    // What AWS would refuse or lose on this update stops here, before anything is sent.
    let early = update_rules::check(deployed_template.as_ref(), &new_template, &predicted);
    if update_rules::refuses(&early) {
        observer.report(Progress::Findings(&early));
        return Err(DeployError::UpdateRefused(early));
    }

    let template = if request.template.len() > MAX_INLINE_BODY {
        observer.report(Progress::Step(&format!(
            "template is {} bytes (over the {MAX_INLINE_BODY}-byte inline limit): staging it in S3",
            request.template.len()
        )));
        let bucket = api.staging_bucket().await?;
        let url = api
            .upload(
                &bucket,
                &staging_key(name, &request.template),
                request.template.as_bytes(),
            )
            .await?;
        TemplateSource::Url(url)
    } else {
        TemplateSource::Body(request.template.clone())
    };

    let cs_name = change_set_name(&request.template, &request.parameters, &request.tags);
    if kind == ChangeSetKind::Update {
        // A change set of the same name is what an interrupted run left: start afresh.
        for old in api.change_sets(name).await? {
            if old.name == cs_name {
                api.delete_change_set(&old.arn).await?;
            }
        }
    }
    observer.report(Progress::Step(&format!("creating change set {cs_name}")));
    let arn = api
        .create_change_set(&ChangeSetRequest {
            stack_name: name.to_string(),
            name: cs_name.clone(),
            kind,
            template,
            parameters: request.parameters.clone(),
            tags: request.tags.clone(),
            description: "Created by scalectl deploy".to_string(),
        })
        .await?;
    let change_set = loop_until_ready(api, &arn, request.polling).await?;
    match &change_set.status {
        ChangeSetStatus::Ready => {}
        ChangeSetStatus::Failed if change_set.is_empty_failure() => {
            abandon(api, &arn, kind, name).await;
            let stack = api.stack(name).await?.ok_or_else(|| missing(name))?;
            return Ok(Deployed::NoChanges(stack));
        }
        ChangeSetStatus::Failed => {
            abandon(api, &arn, kind, name).await;
            return Err(DeployError::ChangeSetFailed {
                reason: change_set
                    .reason
                    .unwrap_or_else(|| "AWS gave no reason".to_string()),
            });
        }
        // Pending does not come back from `loop_until_ready`; anything else is not ours to run.
        status @ (ChangeSetStatus::Pending | ChangeSetStatus::Other(_)) => {
            return Err(DeployError::ChangeSetFailed {
                reason: format!(
                    "it is {status}, not ready to run (deleted or replaced by someone else?)"
                ),
            });
        }
    }
    let diff = diff::merge(predicted, &change_set.changes);
    observer.report(Progress::Review(&diff));
    // Again with the change set's own impacts (a replacement it states counts too).
    let findings = update_rules::check(deployed_template.as_ref(), &new_template, &diff);
    if !findings.is_empty() {
        observer.report(Progress::Findings(&findings));
    }
    if update_rules::refuses(&findings) {
        abandon(api, &arn, kind, name).await;
        return Err(DeployError::UpdateRefused(findings));
    }

    let blocked = diff::guard(&diff, &request.allow_replace);
    if !blocked.is_empty() {
        abandon(api, &arn, kind, name).await;
        return Err(DeployError::Guarded(blocked));
    }
    if request.disable_rollback && diff.replaces_anything() {
        abandon(api, &arn, kind, name).await;
        return Err(refused(
            "--no-rollback cannot be used with a change that replaces resources".to_string(),
            "a failed replacement without rollback can leave both the old and the new resource half-made; deploy without --no-rollback",
        ));
    }
    match request.approval {
        Approval::Given => {}
        Approval::Ask => {
            if !observer.approve(Question::Deploy(&diff)) {
                abandon(api, &arn, kind, name).await;
                return Err(refused(
                    "not approved; nothing was changed".to_string(),
                    "run deploy again when ready",
                ));
            }
        }
        Approval::Missing => {
            abandon(api, &arn, kind, name).await;
            return Err(refused(
                "approval needed: this run cannot ask (no terminal)".to_string(),
                "review the changes above, then pass --yes to apply them",
            ));
        }
    }

    let marker = newest_event(api, &change_set.stack_id).await?;
    api.execute_change_set(&arn, request.disable_rollback)
        .await?;
    observer.report(Progress::Started {
        resources: diff.resources.len(),
    });
    let watched = watch(
        api,
        &change_set.stack_id,
        marker,
        Start::Requested,
        request.polling,
        observer,
    )
    .await?;
    let stack = watched.stack.ok_or_else(|| missing(name))?;
    match stack.status.outcome() {
        Outcome::Succeeded => Ok(Deployed::Done { stack, diff }),
        _ => Err(DeployError::Failed {
            stack: name.to_string(),
            status: stack.status.clone(),
            root_cause: root_cause(&watched.events).cloned(),
            reason: stack.reason.clone(),
        }),
    }
}

/// Drop a change set that will not run (and the empty stack a CREATE change set made).
async fn abandon<A: DeployApi>(api: &A, arn: &str, kind: ChangeSetKind, name: &str) {
    let _ = api.delete_change_set(arn).await;
    if kind == ChangeSetKind::Create {
        let _ = api.delete_stack(name, &[]).await;
    }
}

fn refused(message: String, help: &str) -> DeployError {
    DeployError::Refused {
        message,
        help: help.to_string(),
    }
}

fn missing(name: &str) -> DeployError {
    DeployError::Api(super::api::ApiError {
        code: Some("ValidationError".into()),
        message: format!("stack `{name}` disappeared while deploying"),
    })
}

/// Bring the stack to a state a change set can start from; returns the change set kind and
/// the deployed template (for an update).
async fn settle<A: DeployApi, O: Observer>(
    api: &A,
    request: &Request,
    observer: &mut O,
) -> Result<(ChangeSetKind, Option<serde_json::Value>), DeployError> {
    let name = request.stack_name.as_str();
    for _ in 0..MAX_SETTLE_ROUNDS {
        let Some(stack) = api.stack(name).await? else {
            return Ok((ChangeSetKind::Create, None));
        };
        match stack.status.next() {
            Next::Create => return Ok((ChangeSetKind::Create, None)),
            Next::Update => {
                let body = api.template(&stack.id).await?;
                let template = serde_json::from_str(&body).map_err(|e| DeployError::Blocked {
                    stack: name.to_string(),
                    status: stack.status.clone(),
                    message: format!(
                        "its deployed template is not JSON ({e}); it was not deployed by scalectl"
                    ),
                    help: "deploy to a new --stack-name, or delete the stack first".to_string(),
                })?;
                return Ok((ChangeSetKind::Update, Some(template)));
            }
            Next::Recreate => {
                let why = if stack.status == StackStatus::ReviewInProgress {
                    "it was created for a change set that never ran (an interrupted or refused deploy)"
                } else {
                    "its first create failed and rolled back, leaving nothing but the empty stack"
                };
                observer.report(Progress::Step(&format!(
                    "stack {name} is {}: {why}; deleting it before creating it again",
                    stack.status
                )));
                let marker = newest_event(api, &stack.id).await?;
                api.delete_stack(&stack.id, &[]).await?;
                watch(
                    api,
                    &stack.id,
                    marker,
                    Start::Requested,
                    request.polling,
                    observer,
                )
                .await?;
            }
            Next::Wait => {
                observer.report(Progress::Step(&format!(
                    "stack {name} is {}: waiting up to {} s for it to finish",
                    stack.status,
                    request.wait_for_busy.as_secs()
                )));
                let marker = newest_event(api, &stack.id).await?;
                let polling = Polling {
                    limit: request.wait_for_busy,
                    ..request.polling
                };
                watch(api, &stack.id, marker, Start::Running, polling, observer).await?;
            }
            Next::ContinueRollback => {
                let events = api.events(&stack.id, None).await?;
                let skip = failed_in_rollback(&events);
                let skip_flags: String = skip.iter().map(|id| format!(" --skip {id}")).collect();
                return Err(DeployError::Blocked {
                    stack: name.to_string(),
                    status: stack.status.clone(),
                    message: match skip.is_empty() {
                        true => "an update failed and so did its rollback".to_string(),
                        false => format!(
                            "an update failed and so did its rollback; resources that could not roll back: {}",
                            skip.join(", ")
                        ),
                    },
                    help: format!(
                        "fix the cause, then run `scalectl rollback --stack-name {name}` (continue-update-rollback); to give up on the listed resources add{skip_flags}, after which they no longer match the template"
                    ),
                });
            }
            Next::Resolve => return Err(blocked_failure(name, &stack)),
            Next::Refuse => {
                return Err(DeployError::Blocked {
                    stack: name.to_string(),
                    status: stack.status.clone(),
                    message: "scalectl does not know this status".to_string(),
                    help: "check the stack in the CloudFormation console; upgrade scalectl"
                        .to_string(),
                });
            }
        }
    }
    let status = api
        .stack(name)
        .await?
        .map_or(StackStatus::DeleteComplete, |s| s.status);
    Err(DeployError::Blocked {
        stack: name.to_string(),
        status,
        message: "it keeps changing under scalectl (another deploy is running?)".to_string(),
        help: format!(
            "wait for the other operation, then run deploy again; `scalectl status --stack-name {name}` shows it"
        ),
    })
}

/// The explanation for a stack in a failed state that needs a decision.
fn blocked_failure(name: &str, stack: &Stack) -> DeployError {
    let (message, help) = match stack.status {
        StackStatus::CreateFailed | StackStatus::UpdateFailed => (
            "the last operation failed with rollback disabled, keeping what it made for inspection",
            format!("roll it back with `scalectl rollback --stack-name {name}`, then deploy again"),
        ),
        StackStatus::DeleteFailed => (
            "a delete failed part-way",
            format!(
                "finish it with `scalectl destroy --stack-name {name}` (see `scalectl status` for the resource that failed)"
            ),
        ),
        _ => (
            "the last operation and its rollback both failed",
            format!(
                "see `scalectl status --stack-name {name}`; delete the stack with `scalectl destroy --stack-name {name}` once its resources are safe"
            ),
        ),
    };
    DeployError::Blocked {
        stack: name.to_string(),
        status: stack.status.clone(),
        message: message.to_string(),
        help,
    }
}

/// Poll a new change set until AWS has computed it.
async fn loop_until_ready<A: DeployApi>(
    api: &A,
    arn: &str,
    polling: Polling,
) -> Result<super::api::ChangeSet, DeployError> {
    let mut pause = Duration::from_millis(500).min(polling.first);
    let mut waited = Duration::ZERO;
    loop {
        match api.change_set(arn).await {
            Ok(cs) if cs.status != ChangeSetStatus::Pending => return Ok(cs),
            Ok(_) => {}
            Err(e) if e.is_throttling() => {}
            Err(e) => return Err(e.into()),
        }
        if waited >= polling.limit {
            return Err(DeployError::ChangeSetFailed {
                reason: format!("not ready after {} s", waited.as_secs()),
            });
        }
        api.pause(pause).await;
        waited += pause;
        pause = (pause * 2).min(polling.max);
    }
}
