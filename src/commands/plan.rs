//! `scalectl plan`: synthesize and explain a stage: stacks, resources by layer, capacity
//! against its stated load, monthly cost, findings, quota headroom and a diagram, compared
//! with the stage it extends or with `--from`.

use super::{CommandError, Outcome, Prepared, prepare, write_all};
use crate::capacity;
use crate::catalog;
use crate::cli::{PlanArgs, PlanFormat};
use crate::diagnostic::{Diagnostic, Severity, Sources};
use crate::plan::report::{self, Finding, Format, Inputs};
use crate::plan::{self, Plan, cost, diagram, sketch, transition};
use crate::stage::FileReader;
use crate::synth::context::resolve_zones;
use crate::synth::{placement, stack_order};
use crate::validate::{OfflineFacts, quota_usage};
use std::io::Write;

/// Plan a stage.
pub fn run(
    args: &PlanArgs,
    reader: &dyn FileReader,
    out: &mut dyn Write,
) -> Result<Outcome, CommandError> {
    let prepared = prepare(&args.stage, args.region.as_deref(), None, reader)?;
    let (stage, stacks) = (&prepared.loaded.stage, &prepared.stacks);
    let base = stage.name.clone();
    let placement = placement::place(stage);
    let compare_with = args.from.as_deref().or(stage.extends.as_deref());
    let other = match compare_with {
        // Under the same stack names: the climb deploys both under one `--stack-name`.
        Some(name) => Some((
            name,
            prepare(name, args.region.as_deref(), Some(&base), reader)?,
        )),
        None => None,
    };
    let (delta, placement_change, cost_from, transition) = match &other {
        Some((name, o)) => (
            Some(plan::delta(name, &o.stacks, stacks)),
            Some(placement::moves(
                &placement::place(&o.loaded.stage),
                &placement,
            )),
            Some(cost::estimate(&o.loaded.stage, &o.stacks)),
            Some(transition::assess(
                &o.loaded.stage,
                &o.stacks,
                stage,
                stacks,
                &base,
            )),
        ),
        None => (None, None, None, None),
    };
    let regions: Vec<String> = if stage.regions.is_empty() {
        vec![stage.network.region.clone()]
    } else {
        stage.regions.iter().map(|r| r.name.clone()).collect()
    };
    let zones = regions
        .iter()
        .filter_map(|code| {
            let region = catalog::region(code)?;
            let zones = resolve_zones(region, &stage.network.availability_zones).ok()?;
            Some((code.clone(), zones.iter().map(|z| z.to_string()).collect()))
        })
        .collect();
    let waves = stack_order::waves(stacks)
        .map_err(|e| CommandError::Usage {
            message: format!("the stage's stacks do not form a graph scalectl can deploy: {e}"),
            help: "this is a bug in scalectl; please report it with the stage file".to_string(),
        })?
        .into_iter()
        .map(|wave| {
            wave.into_iter()
                .map(|i| stacks[i].stack_name(&base))
                .collect()
        })
        .collect();
    let the_plan = Plan {
        stage: stage.name.clone(),
        title: stage.title.clone(),
        extends: stage.extends.clone(),
        adds: stage.adds.clone(),
        zones,
        stacks: plan::summarize(&base, stacks),
        waves,
        base: base.clone(),
        placement,
        delta,
        placement_change,
    };
    let diagram = diagram::mermaid(&diagram::architecture(stage, stacks)).map_err(bug)?;
    let inputs = Inputs {
        findings: findings(&prepared),
        quotas: quota_usage(stage, stacks, &OfflineFacts),
        capacity: stage
            .capacity
            .as_ref()
            .map(|spec| capacity::assess(stage, spec)),
        cost: cost::estimate(stage, stacks),
        cost_from,
        transition,
        rollout: transition::rollout(stage),
        service_rollouts: transition::service_rollouts(stage),
        extensions: report::Extensions::of(stage),
        diagram,
        flow_lines: sketch::lines(stage, stacks),
    };
    let report = report::build(&the_plan, inputs);
    let format = match args.format {
        PlanFormat::Text => Format::Text,
        PlanFormat::Markdown => Format::Markdown,
        PlanFormat::Json => Format::Json,
    };
    let text = report::render(&report, format).map_err(bug)?;
    write_all(out, &text)?;
    // The findings are in the report; text output repeats none of them on stderr.
    Ok(Outcome::default())
}

fn bug(e: impl std::fmt::Display) -> CommandError {
    CommandError::Usage {
        message: e.to_string(),
        help: "this is a bug in scalectl's templates; please report it with the stage file"
            .to_string(),
    }
}

/// Validation warnings as report findings, located as `file:line:column`.
pub(super) fn findings(prepared: &Prepared) -> Vec<Finding> {
    prepared
        .warnings
        .iter()
        .map(|d| finding(d, &prepared.loaded.sources))
        .collect()
}

fn finding(d: &Diagnostic, sources: &Sources) -> Finding {
    Finding {
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        code: d.code,
        message: d.message.clone(),
        location: d.location.and_then(|l| {
            sources
                .get(l.file)
                .map(|f| format!("{}:{}:{}", f.name, l.line, l.column))
        }),
        help: d.help.clone(),
        related: d
            .related
            .iter()
            .filter_map(|r| {
                let file = sources.get(r.location.file)?;
                Some(format!(
                    "{}:{}:{}: {}",
                    file.name, r.location.line, r.location.column, r.message
                ))
            })
            .collect(),
    }
}
