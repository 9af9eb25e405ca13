//! `scalectl plan`: synthesize and explain a stage.

use super::{CommandError, Outcome, prepare, write_all};
use crate::catalog;
use crate::cli::PlanArgs;
use crate::plan::{self, Plan};
use crate::stage::FileReader;
use crate::synth::context::resolve_zones;
use crate::synth::{graph, placement};
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
    let (delta, placement_change) = match &stage.extends {
        Some(parent) => {
            let parent_prepared = prepare(parent, args.region.as_deref(), None, reader)?;
            let change =
                placement::moves(&placement::place(&parent_prepared.loaded.stage), &placement);
            (
                Some(plan::delta(parent, &parent_prepared.stacks, stacks)),
                Some(change),
            )
        }
        None => (None, None),
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
    let waves = graph::waves(stacks)
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
    let report = Plan {
        stage: stage.name.clone(),
        title: stage.title.clone(),
        adds: stage.adds.clone(),
        zones,
        stacks: plan::summarize(&base, stacks),
        waves,
        base: base.clone(),
        placement,
        delta,
        placement_change,
    };
    write_all(out, &plan::render_text(&report))?;
    Ok(Outcome::with_warnings(&prepared))
}
