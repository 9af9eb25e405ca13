//! `scalectl plan`: synthesize and explain a stage.

use super::{CommandError, Outcome, prepare, write_all};
use crate::catalog;
use crate::cli::PlanArgs;
use crate::plan::{self, Plan};
use crate::stage::FileReader;
use crate::synth::context::resolve_zones;
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
    let delta = match &stage.extends {
        Some(parent) => {
            let parent_stacks = prepare(parent, args.region.as_deref(), None, reader)?.stacks;
            Some(plan::delta(parent, &parent_stacks, stacks))
        }
        None => None,
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
    let report = Plan {
        stage: stage.name.clone(),
        title: stage.title.clone(),
        adds: stage.adds.clone(),
        zones,
        stacks: plan::summarize(&base, stacks),
        delta,
    };
    write_all(out, &plan::render_text(&report))?;
    Ok(Outcome::with_warnings(&prepared))
}
