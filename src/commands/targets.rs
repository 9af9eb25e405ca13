//! Which stacks a stack command works on: with a stage, every stack of its graph, named from
//! `--stack-name` exactly as `deploy` names them; without one, the single stack named.

use super::{CommandError, Outcome, Prepared, check_stack_name, prepare, session};
use crate::aws::client::Aws;
use crate::cli::StackArgs;
use crate::deploy::graph::GraphStack;
use crate::deploy::stacks;
use crate::stage::FileReader;
use std::collections::BTreeMap;

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

impl Targets {
    /// The stacks as `(name, region)`, and a deployer for each of their regions.
    pub(super) fn with_apis(
        &self,
        aws: &Aws,
    ) -> (
        Vec<(String, String)>,
        BTreeMap<String, crate::aws::deployer::Deployer>,
    ) {
        let stacks: Vec<(String, String)> = self
            .stacks
            .iter()
            .map(|t| (t.name.clone(), t.region.clone()))
            .collect();
        let apis = stacks
            .iter()
            .map(|(_, region)| (region.clone(), aws.deployer(region)))
            .collect();
        (stacks, apis)
    }
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

/// One stack of a stage, ready to deploy.
pub(super) type StackPlan = GraphStack;

/// Each stack's dependencies, by index into the stack plans.
pub(super) type StackDeps = Vec<Vec<usize>>;

/// The stacks of a stage in deploy order with each stack's dependencies by index: see
/// [`stacks::plans`]; the workers' code is packaged again from disk for its bytes.
pub(super) fn stack_plans(
    prepared: &Prepared,
    base: &str,
) -> Result<(Vec<StackPlan>, StackDeps), CommandError> {
    let uploads = uploads(prepared)?;
    Ok(stacks::plans(
        &prepared.stacks,
        &prepared.loaded.stage.name,
        base,
        &uploads,
    )?)
}

/// The workers' packaged code, by staging key: packaged again for its bytes, which must be
/// what the stage was loaded (and validated, synthesized and reviewed) with.
fn uploads(prepared: &Prepared) -> Result<Vec<crate::deploy::graph::Upload>, CommandError> {
    let stage = &prepared.loaded.stage;
    let mut out = Vec::new();
    for package in super::package::packages(&prepared.loaded)? {
        let Some(worker) = stage
            .messaging
            .as_ref()
            .and_then(|m| m.workers.get(package.worker))
        else {
            continue;
        };
        let recorded = worker.code.as_ref().and_then(|c| c.digest.as_deref());
        if recorded != Some(package.digest.as_str()) {
            return Err(CommandError::Stopped {
                message: format!(
                    "worker `{}`'s code changed while scalectl was deploying it",
                    worker.name
                ),
                help: "run deploy again once the code stays put".to_string(),
                code: crate::exit::REFUSED,
            });
        }
        out.push(crate::deploy::graph::Upload {
            key: crate::synth::code_key(&stage.name, &worker.name, &package.digest),
            bytes: package.bytes,
        });
    }
    Ok(out)
}

/// Load, validate offline and synthesize; the stack plans, each stack's dependencies by
/// index, and the warnings to show.
pub(super) fn plan_stacks(
    stage: &str,
    region: Option<&str>,
    stack_name: &str,
    reader: &dyn FileReader,
) -> Result<(Vec<StackPlan>, StackDeps, Outcome), CommandError> {
    check_stack_name(stack_name)?;
    let prepared = prepare(stage, region, Some(stack_name), reader)?;
    let (plans, deps) = stack_plans(&prepared, stack_name)?;
    Ok((plans, deps, Outcome::with_warnings(&prepared)))
}
