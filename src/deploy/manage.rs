//! Looking after a deployed stack: `status` (state, recent events, root cause), `rollback`
//! (whichever of cancel, rollback or continue-rollback the state calls for) and `destroy`.

use super::api::{DeployApi, Stack, StackEvent};
use super::events::{failed_in_rollback, root_cause};
use super::status::{Outcome, StackStatus};
use super::watch::{Polling, Start, newest_event, watch};
use super::{Approval, DeployError, Observer, Progress, Question};
use serde_json::Value;

/// How many recent events `status` shows.
pub const RECENT_EVENTS: usize = 10;

/// A stack's state for `status`.
#[derive(Debug, Clone)]
pub struct StatusReport {
    /// The stack.
    pub stack: Stack,
    /// The most recent events, oldest first.
    pub recent: Vec<StackEvent>,
    /// For a failed or rolled-back stack, the event that explains it.
    pub root_cause: Option<StackEvent>,
    /// For UPDATE_ROLLBACK_FAILED, the resources that could not roll back.
    pub stuck: Vec<String>,
}

/// Read a stack's state; `None` when there is no such stack.
pub async fn status<A: DeployApi>(
    api: &A,
    name: &str,
) -> Result<Option<StatusReport>, DeployError> {
    let Some(stack) = api.stack(name).await? else {
        return Ok(None);
    };
    let events = api.events(&stack.id, None).await?;
    let failed = matches!(
        stack.status.outcome(),
        Outcome::RolledBack | Outcome::Failed
    );
    // The last operation starts at the stack's newest *_IN_PROGRESS event that began it.
    let start = events
        .iter()
        .rposition(|e| {
            e.is_stack()
                && matches!(
                    e.status.as_str(),
                    "CREATE_IN_PROGRESS"
                        | "UPDATE_IN_PROGRESS"
                        | "DELETE_IN_PROGRESS"
                        | "IMPORT_IN_PROGRESS"
                )
        })
        .unwrap_or(0);
    let root = failed
        .then(|| root_cause(&events[start..]).cloned())
        .flatten();
    let stuck = if stack.status == StackStatus::UpdateRollbackFailed {
        failed_in_rollback(&events)
    } else {
        Vec::new()
    };
    let recent = events[events.len().saturating_sub(RECENT_EVENTS)..].to_vec();
    Ok(Some(StatusReport {
        stack,
        recent,
        root_cause: root,
        stuck,
    }))
}

/// What `rollback` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RollbackAction {
    /// CancelUpdateStack on a running update.
    CancelUpdate,
    /// RollbackStack on a create or update that failed with rollback disabled.
    Rollback,
    /// ContinueUpdateRollback, skipping these resources.
    ContinueRollback(Vec<String>),
}

/// The action a stack's status calls for, if any.
pub fn rollback_action(status: &StackStatus, skip: &[String]) -> Option<RollbackAction> {
    match status {
        StackStatus::UpdateInProgress => Some(RollbackAction::CancelUpdate),
        StackStatus::CreateFailed | StackStatus::UpdateFailed => Some(RollbackAction::Rollback),
        StackStatus::UpdateRollbackFailed => Some(RollbackAction::ContinueRollback(skip.to_vec())),
        _ => None,
    }
}

/// Roll a stack back as its state requires, and follow it to the end.
pub async fn rollback<A: DeployApi, O: Observer>(
    api: &A,
    name: &str,
    skip: &[String],
    polling: Polling,
    observer: &mut O,
) -> Result<(RollbackAction, Stack), DeployError> {
    let stack = api.stack(name).await?.ok_or_else(|| no_stack(name))?;
    let Some(action) = rollback_action(&stack.status, skip) else {
        return Err(DeployError::Blocked {
            stack: name.to_string(),
            status: stack.status.clone(),
            message: "there is nothing to roll back".to_string(),
            help: "rollback applies to an update in progress (cancel), a stack in CREATE_FAILED or UPDATE_FAILED, or one in UPDATE_ROLLBACK_FAILED".to_string(),
        });
    };
    if !skip.is_empty() && !matches!(action, RollbackAction::ContinueRollback(_)) {
        return Err(DeployError::Refused {
            message: format!(
                "--skip only applies to a stack in UPDATE_ROLLBACK_FAILED; `{name}` is {}",
                stack.status
            ),
            help: "drop --skip".to_string(),
        });
    }
    let marker = newest_event(api, &stack.id).await?;
    match &action {
        RollbackAction::CancelUpdate => api.cancel_update(&stack.id).await?,
        RollbackAction::Rollback => api.rollback_stack(&stack.id).await?,
        RollbackAction::ContinueRollback(skip) => {
            api.continue_update_rollback(&stack.id, skip).await?
        }
    }
    observer.report(Progress::Started { resources: 0 });
    let watched = watch(api, &stack.id, marker, Start::Requested, polling, observer).await?;
    let after = watched.stack.ok_or_else(|| no_stack(name))?;
    match after.status.outcome() {
        Outcome::RolledBack | Outcome::Succeeded => Ok((action, after)),
        _ => Err(DeployError::Failed {
            stack: name.to_string(),
            status: after.status.clone(),
            root_cause: root_cause(&watched.events).cloned(),
            reason: after.reason.clone(),
        }),
    }
}

/// What `destroy` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destroyed {
    /// There was no such stack.
    NotFound,
    /// Deleted; these resources were kept by their retention policy.
    Deleted {
        /// (logical ID, type, policy)
        retained: Vec<(String, String, String)>,
    },
}

/// Resources a delete keeps (`Retain`, `RetainExceptOnCreate`) or snapshots (`Snapshot`).
pub fn retained_resources(template: &Value) -> Vec<(String, String, String)> {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    resources
        .iter()
        .filter_map(|(id, r)| {
            let policy = r.get("DeletionPolicy").and_then(Value::as_str)?;
            (policy != "Delete").then(|| {
                let ty = r
                    .get("Type")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                (id.clone(), ty, policy.to_string())
            })
        })
        .collect()
}

/// The deployed template with deletion protection turned off, and the resources it turns
/// it off on (logical ID, type), or `None` when nothing is protected. Only the protection
/// changes: retention policies stay, so what they keep is still kept (or snapshotted).
pub fn unprotected(template: &Value) -> Option<(Value, Vec<(String, String)>)> {
    let mut out = template.clone();
    let mut changed = Vec::new();
    let resources = out.get_mut("Resources")?.as_object_mut()?;
    for (id, resource) in resources.iter_mut() {
        let ty = resource
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let Some(props) = resource
            .get_mut("Properties")
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let mut off = false;
        let mut turn_off = |slot: Option<&mut Value>| {
            if let Some(v) = slot
                && (v == &Value::Bool(true) || v == "true")
            {
                *v = Value::Bool(false);
                off = true;
            }
        };
        match ty.as_str() {
            "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster" => {
                turn_off(props.get_mut("DeletionProtection"));
            }
            "AWS::DynamoDB::Table" => turn_off(props.get_mut("DeletionProtectionEnabled")),
            "AWS::DynamoDB::GlobalTable" => {
                for replica in props
                    .get_mut("Replicas")
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                {
                    turn_off(replica.get_mut("DeletionProtectionEnabled"));
                }
            }
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => {
                for attribute in props
                    .get_mut("LoadBalancerAttributes")
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                {
                    if attribute.get("Key").and_then(Value::as_str)
                        == Some("deletion_protection.enabled")
                        && attribute.get("Value").and_then(Value::as_str) == Some("true")
                    {
                        attribute["Value"] = Value::String("false".to_string());
                        off = true;
                    }
                }
            }
            _ => {}
        }
        if off {
            changed.push((id.clone(), ty));
        }
    }
    (!changed.is_empty()).then_some((out, changed))
}

/// Resources whose last event is DELETE_FAILED: (logical ID, type), in order.
pub fn failed_deletes(events: &[StackEvent]) -> Vec<(String, String)> {
    let mut last: Vec<(&str, &StackEvent)> = Vec::new();
    for e in events.iter().filter(|e| !e.is_stack()) {
        match last.iter_mut().find(|(id, _)| *id == e.logical_id) {
            Some(slot) => slot.1 = e,
            None => last.push((&e.logical_id, e)),
        }
    }
    last.into_iter()
        .filter(|(_, e)| e.status == "DELETE_FAILED")
        .map(|(id, e)| (id.to_string(), e.resource_type.clone()))
        .collect()
}

/// Delete a stack after approval, following the delete to the end. With `unprotect`, a stack
/// whose resources are deletion-protected is first updated with the protection off (its own
/// change set, reviewed and approved like any deploy), so that the delete can go through.
pub async fn destroy<A: DeployApi, O: Observer>(
    api: &A,
    name: &str,
    approval: Approval,
    unprotect: bool,
    polling: Polling,
    observer: &mut O,
) -> Result<Destroyed, DeployError> {
    let Some(stack) = api.stack(name).await? else {
        return Ok(Destroyed::NotFound);
    };
    if stack.status.next() == super::status::Next::Wait {
        return Err(DeployError::Blocked {
            stack: name.to_string(),
            status: stack.status.clone(),
            message: "an operation is running on it".to_string(),
            help: format!(
                "wait for it (`scalectl status --stack-name {name}`), or cancel an update with `scalectl rollback`"
            ),
        });
    }
    let template = api.template(&stack.id).await?;
    let deployed = serde_json::from_str::<Value>(&template).ok();
    let mut retained = deployed
        .as_ref()
        .map(retained_resources)
        .unwrap_or_default();
    let protected = deployed.as_ref().and_then(unprotected);
    match protected {
        Some((open, changed)) if unprotect && stack.status != StackStatus::DeleteFailed => {
            let list = changed
                .iter()
                .map(|(id, _)| id.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            observer.report(Progress::Step(&format!(
                "turning deletion protection off first ({list}): an update of the stack, reviewed like a deploy"
            )));
            let request = super::flow::Request {
                stack_name: name.to_string(),
                template: serde_json::to_string_pretty(&open).unwrap_or_default(),
                parameters: stack.parameters.clone(),
                tags: Vec::new(),
                allow_replace: Default::default(),
                approval,
                disable_rollback: false,
                wait_for_busy: std::time::Duration::ZERO,
                polling,
            };
            super::flow::deploy(api, &request, observer).await?;
        }
        Some((_, changed)) if !unprotect => {
            let list = changed
                .iter()
                .map(|(id, ty)| format!("{id} ({ty})"))
                .collect::<Vec<_>>()
                .join(", ");
            observer.report(Progress::Step(&format!(
                "deletion-protected, so AWS will not delete them: {list}; `destroy --disable-deletion-protection` turns the protection off first"
            )));
        }
        _ => {}
    }
    // A delete that failed part-way can only finish by leaving behind what it could not
    // delete (AWS accepts RetainResources only in DELETE_FAILED).
    let mut skip = Vec::new();
    if stack.status == StackStatus::DeleteFailed {
        let events = api.events(&stack.id, None).await?;
        for (id, ty) in failed_deletes(&events) {
            if !retained.iter().any(|(r, _, _)| *r == id) {
                retained.push((id.clone(), ty, "DeleteFailed".to_string()));
            }
            skip.push(id);
        }
    }
    match approval {
        Approval::Given => {}
        Approval::Ask => {
            if !observer.approve(Question::Destroy {
                stack: name,
                retained: &retained,
            }) {
                return Err(DeployError::Refused {
                    message: "not confirmed; nothing was deleted".to_string(),
                    help: "run destroy again when ready".to_string(),
                });
            }
        }
        Approval::Missing => {
            return Err(DeployError::Refused {
                message: format!(
                    "destroying `{name}` needs confirmation and this run cannot ask (no terminal)"
                ),
                help: "pass --yes to delete the stack".to_string(),
            });
        }
    }
    let marker = newest_event(api, &stack.id).await?;
    api.delete_stack(&stack.id, &skip).await?;
    observer.report(Progress::Started { resources: 0 });
    let watched = watch(api, &stack.id, marker, Start::Requested, polling, observer).await?;
    match watched.stack {
        Some(s) if s.status != StackStatus::DeleteComplete => Err(DeployError::Failed {
            stack: name.to_string(),
            status: s.status.clone(),
            root_cause: root_cause(&watched.events).cloned(),
            reason: s.reason.clone(),
        }),
        _ => Ok(Destroyed::Deleted { retained }),
    }
}

fn no_stack(name: &str) -> DeployError {
    DeployError::Refused {
        message: format!("there is no stack named `{name}` in this region"),
        help: "check --stack-name and --region".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn retained_resources_are_those_not_deleted() {
        let t = json!({"Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain"},
            "Db": {"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot"},
            "Queue": {"Type": "AWS::SQS::Queue", "DeletionPolicy": "Delete"},
            "Topic": {"Type": "AWS::SNS::Topic"}
        }});
        let kept: Vec<String> = retained_resources(&t).into_iter().map(|r| r.0).collect();
        assert_eq!(kept, vec!["Bucket".to_string(), "Db".to_string()]);
    }

    #[test]
    fn failed_deletes_are_those_whose_last_event_failed() {
        use crate::deploy::events::tests::event;
        let events = vec![
            event(
                "Bucket",
                "AWS::S3::Bucket",
                "DELETE_FAILED",
                Some("bucket not empty"),
            ),
            event(
                "Queue",
                "AWS::SQS::Queue",
                "DELETE_FAILED",
                Some("throttled"),
            ),
            event("Queue", "AWS::SQS::Queue", "DELETE_COMPLETE", None),
            event("demo", "AWS::CloudFormation::Stack", "DELETE_FAILED", None),
        ];
        assert_eq!(
            failed_deletes(&events),
            vec![("Bucket".to_string(), "AWS::S3::Bucket".to_string())]
        );
    }

    #[test]
    fn rollback_action_follows_the_status() {
        let skip = vec!["Db".to_string()];
        assert_eq!(
            rollback_action(&StackStatus::UpdateInProgress, &[]),
            Some(RollbackAction::CancelUpdate)
        );
        assert_eq!(
            rollback_action(&StackStatus::CreateFailed, &[]),
            Some(RollbackAction::Rollback)
        );
        assert_eq!(
            rollback_action(&StackStatus::UpdateRollbackFailed, &skip),
            Some(RollbackAction::ContinueRollback(skip.clone()))
        );
        assert_eq!(rollback_action(&StackStatus::UpdateComplete, &[]), None);
    }

    #[test]
    fn unprotected_turns_off_only_the_protection() {
        let t = json!({"Resources": {
            "Db": {"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot",
                   "Properties": {"DeletionProtection": true, "DBInstanceClass": "db.t4g.micro"}},
            "Events": {"Type": "AWS::DynamoDB::GlobalTable", "DeletionPolicy": "Retain",
                       "Properties": {"Replicas": [{"Region": "us-east-1", "DeletionProtectionEnabled": true}]}},
            "Lb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
                   "Properties": {"LoadBalancerAttributes": [{"Key": "deletion_protection.enabled", "Value": "true"}, {"Key": "idle_timeout.timeout_seconds", "Value": "60"}]}},
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {}}
        }});
        let Some((open, changed)) = unprotected(&t) else {
            panic!("protected resources expected");
        };
        let ids: Vec<&str> = changed.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["Db", "Events", "Lb"]);
        assert_eq!(
            open["Resources"]["Db"]["Properties"]["DeletionProtection"],
            false
        );
        assert_eq!(open["Resources"]["Db"]["DeletionPolicy"], "Snapshot");
        assert_eq!(
            open["Resources"]["Events"]["Properties"]["Replicas"][0]["DeletionProtectionEnabled"],
            false
        );
        assert_eq!(
            open["Resources"]["Lb"]["Properties"]["LoadBalancerAttributes"][0]["Value"],
            "false"
        );
        assert_eq!(
            open["Resources"]["Lb"]["Properties"]["LoadBalancerAttributes"][1]["Value"],
            "60"
        );
        // Nothing else changes.
        let mut back = open.clone();
        back["Resources"]["Db"]["Properties"]["DeletionProtection"] = json!(true);
        back["Resources"]["Events"]["Properties"]["Replicas"][0]["DeletionProtectionEnabled"] =
            json!(true);
        back["Resources"]["Lb"]["Properties"]["LoadBalancerAttributes"][0]["Value"] = json!("true");
        assert_eq!(back, t);
        assert!(unprotected(&json!({"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}})).is_none());
    }
}
