//! Following a stack until nothing runs on it: poll events and status with backoff, report
//! each new event, keep going through throttling, stop at a time limit.

use super::api::{DeployApi, Stack, StackEvent};
use super::rolling::Rolling;
use super::{DeployError, Observer, Progress};
use std::time::Duration;

/// Polling intervals and limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polling {
    /// The first pause between polls.
    pub first: Duration,
    /// The longest pause (the backoff doubles up to it).
    pub max: Duration,
    /// How long to follow one operation before giving up watching.
    pub limit: Duration,
}

impl Default for Polling {
    fn default() -> Self {
        Polling {
            first: Duration::from_secs(1),
            max: Duration::from_secs(10),
            // CloudFormation times its own operations out at 36 hours; a canary or linear
            // service rollout may legitimately bake for up to 33 of them.
            limit: Duration::from_secs(36 * 60 * 60),
        }
    }
}

/// What watching saw.
#[derive(Debug, Clone)]
pub struct Watched {
    /// The stack when it settled (`None` when it no longer exists).
    pub stack: Option<Stack>,
    /// Every event of the operation, oldest first.
    pub events: Vec<StackEvent>,
}

/// The ID of the newest event of a stack, to watch only what comes after it.
pub async fn newest_event<A: DeployApi>(
    api: &A,
    stack: &str,
) -> Result<Option<String>, DeployError> {
    let events = api.events(stack, None).await.map_err(DeployError::Api)?;
    Ok(events.last().map(|e| e.id.clone()))
}

/// How many times the last read of events is retried when throttled.
const TAIL_ATTEMPTS: usize = 5;

/// Whether the operation being watched is one scalectl just started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Just started (execute, delete, rollback): AWS may still show the previous, settled
    /// status for a moment, so a settled status counts only after a new event.
    Requested,
    /// Already running (someone else's operation): settled means done.
    Running,
}

/// How often a rolling update's instances are read.
const FLEET_POLL: Duration = Duration::from_secs(15);

/// Read the instances of each group in a rolling update and report what moved. A group
/// whose instances cannot be read (no `ec2:DescribeInstances`, say) is said once and left:
/// its events still tell the story.
async fn follow_fleets<A: DeployApi, O: Observer>(
    api: &A,
    rolling: &mut Rolling,
    observer: &mut O,
) {
    for (logical_id, group) in rolling.active() {
        match api.fleet(&group).await {
            Ok(instances) => {
                if let Some(progress) = rolling.progress(&logical_id, &instances) {
                    observer.report(Progress::Fleet(&progress));
                }
            }
            Err(e) if e.is_throttling() => {}
            Err(e) => {
                observer.report(Progress::Step(&format!(
                    "cannot read {logical_id}'s instances ({e}); following its events only"
                )));
                rolling.drop_group(&logical_id);
            }
        }
    }
}

/// Poll `stack` (name or ARN) until it is settled, reporting events newer than `after`.
pub async fn watch<A: DeployApi, O: Observer>(
    api: &A,
    stack: &str,
    mut after: Option<String>,
    start: Start,
    polling: Polling,
    observer: &mut O,
) -> Result<Watched, DeployError> {
    let mut pause = polling.first;
    let mut waited = Duration::ZERO;
    let mut seen = Vec::new();
    let mut rolling = Rolling::default();
    let mut fleet_due = Duration::ZERO;
    loop {
        let events = match api.events(stack, after.as_deref()).await {
            Ok(events) => events,
            Err(e) if e.is_throttling() => {
                observer.report(Progress::Throttled);
                pause = (pause * 2).min(polling.max);
                Vec::new()
            }
            Err(e) if e.is_missing_stack() => {
                return Ok(Watched {
                    stack: None,
                    events: seen,
                });
            }
            Err(e) => return Err(DeployError::Api(e)),
        };
        let fresh = !events.is_empty();
        for event in events {
            observer.report(Progress::Event(&event));
            rolling.see(&event);
            after = Some(event.id.clone());
            seen.push(event);
        }
        if waited >= fleet_due && rolling.any_active() {
            follow_fleets(api, &mut rolling, observer).await;
            fleet_due = waited + FLEET_POLL;
        }
        let current = match api.stack(stack).await {
            Ok(current) => current,
            Err(e) if e.is_throttling() => {
                observer.report(Progress::Throttled);
                pause = (pause * 2).min(polling.max);
                api.pause(pause).await;
                waited += pause;
                continue;
            }
            Err(e) => return Err(DeployError::Api(e)),
        };
        match current {
            None => {
                return Ok(Watched {
                    stack: None,
                    events: seen,
                });
            }
            Some(s) if s.status.is_settled() && (start == Start::Running || !seen.is_empty()) => {
                // Events can trail the status by a moment: one last read, which must not be
                // lost to throttling (it may hold the root cause).
                let mut attempt = 0;
                loop {
                    match api.events(stack, after.as_deref()).await {
                        Ok(tail) => {
                            for event in tail {
                                observer.report(Progress::Event(&event));
                                seen.push(event);
                            }
                            break;
                        }
                        Err(e) if e.is_throttling() && attempt + 1 < TAIL_ATTEMPTS => {
                            attempt += 1;
                            observer.report(Progress::Throttled);
                            pause = (pause * 2).min(polling.max);
                            api.pause(pause).await;
                        }
                        Err(e) if e.is_missing_stack() => break,
                        Err(e) => return Err(DeployError::Api(e)),
                    }
                }
                return Ok(Watched {
                    stack: Some(s),
                    events: seen,
                });
            }
            Some(s) => {
                if waited >= polling.limit {
                    return Err(DeployError::StillRunning {
                        stack: s.name,
                        status: s.status,
                        waited,
                    });
                }
            }
        }
        // Something happened: look again soon. Quiet: back off.
        pause = if fresh {
            polling.first
        } else {
            (pause * 2).min(polling.max)
        };
        api.pause(pause).await;
        waited += pause;
    }
}
