//! Which stacks a stack command works on: with a stage, every stack of its graph, named from
//! `--stack-name` exactly as `deploy` names them; without one, the single stack named.

use super::deploy::stack_plans;
use super::{CommandError, check_stack_name, prepare, session};
use crate::aws::client::Aws;
use crate::cli::StackArgs;
use crate::stage::FileReader;

/// One stack to work on.
#[derive(Debug, Clone)]
pub(super) struct Target {
    /// Its name.
    pub name: String,
    /// Its region.
    pub region: String,
}

/// The stacks, in deploy order, and each one's dependencies by index.
#[derive(Debug, Clone)]
pub(super) struct Targets {
    /// The stacks.
    pub stacks: Vec<Target>,
    /// Dependencies by index.
    pub deps: Vec<Vec<usize>>,
    /// True when they come from a stage (a graph), even of one stack.
    pub from_stage: bool,
}

/// Check the arguments and, with a stage, synthesize its graph (no AWS call).
pub(super) fn offline(
    args: &StackArgs,
    reader: &dyn FileReader,
) -> Result<Option<Targets>, CommandError> {
    check_stack_name(&args.stack_name)?;
    let Some(stage) = &args.stage else {
        return Ok(None);
    };
    let prepared = prepare(
        stage,
        args.region.as_deref(),
        Some(&args.stack_name),
        reader,
    )?;
    let (plans, deps) = stack_plans(&prepared, &args.stack_name)?;
    Ok(Some(Targets {
        stacks: plans
            .into_iter()
            .map(|p| Target {
                name: p.name,
                region: p.region,
            })
            .collect(),
        deps,
        from_stage: true,
    }))
}

/// The stacks to work on, once connected: the graph, or the named stack in its region.
pub(super) fn resolve(
    args: &StackArgs,
    graph: Option<Targets>,
    aws: &Aws,
) -> Result<Targets, CommandError> {
    if let Some(graph) = graph {
        return Ok(graph);
    }
    Ok(Targets {
        stacks: vec![Target {
            name: args.stack_name.clone(),
            region: session::region(args.region.as_deref(), aws)?,
        }],
        deps: vec![Vec::new()],
        from_stage: false,
    })
}
