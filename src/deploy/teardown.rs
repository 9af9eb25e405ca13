//! Taking a stack graph down or back: destroying it (a stack goes once every stack that
//! reads its outputs has gone, the reverse of the deploy order, several at a time, halting at
//! the first failure), and finding the stacks whose state calls for a rollback.

use super::api::{ApiError, DeployApi};
use super::manage::{Destroyed, destroy, rollback_action};
use super::walk::{OnFailure, Turn, walk};
use super::watch::Polling;
use super::{Approval, DeployError, Observer};
use crate::synth::stack_order::dependents;
use std::collections::BTreeMap;

/// How the graph is destroyed; every stack gets the same settings.
#[derive(Debug, Clone, Copy)]
pub struct TeardownOptions {
    /// Stacks deleted at once.
    pub concurrency: usize,
    /// How approval is obtained, for each stack.
    pub approval: Approval,
    /// Turn deletion protection off first (databases, tables).
    pub unprotect: bool,
    /// How each deletion is followed.
    pub polling: Polling,
}

/// Delete each stack (`(name, region)`), dependents first, with the API of its region; each
/// stack's flow reports to the observer `observer(index)` makes. One turn per stack.
pub async fn destroy_graph<A, O, F>(
    stacks: &[(String, String)],
    deps: &[Vec<usize>],
    apis: &BTreeMap<String, A>,
    options: TeardownOptions,
    mut observer: F,
) -> Vec<Turn<Destroyed, DeployError>>
where
    A: DeployApi,
    O: Observer,
    F: FnMut(usize) -> O,
{
    let reverse = dependents(deps);
    walk(&reverse, options.concurrency, OnFailure::Halt, |i| {
        let (name, region) = &stacks[i];
        let mut observer = observer(i);
        async move {
            let api = apis.get(region).ok_or_else(|| DeployError::Refused {
                message: format!("no AWS client for region {region}"),
                help: "this is a bug in scalectl; please report it".to_string(),
            })?;
            destroy(
                api,
                name,
                options.approval,
                options.unprotect,
                options.polling,
                &mut observer,
            )
            .await
        }
    })
    .await
}

/// The stacks (`(name, region)`, by index) whose state calls for a rollback now: an update
/// in progress to cancel, a failed create or update to roll back, a failed rollback to
/// continue. Stacks that do not exist need none.
pub async fn needing_rollback<A: DeployApi>(
    stacks: &[(String, String)],
    apis: &BTreeMap<String, A>,
    skip: &[String],
) -> Result<Vec<usize>, ApiError> {
    let mut out = Vec::new();
    for (i, (name, region)) in stacks.iter().enumerate() {
        let Some(api) = apis.get(region) else {
            continue;
        };
        let needed = api
            .stack(name)
            .await?
            .as_ref()
            .and_then(|s| rollback_action(&s.status, skip))
            .is_some();
        if needed {
            out.push(i);
        }
    }
    Ok(out)
}
