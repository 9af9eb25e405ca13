//! `scalectl stages`: the golden-path ladder, one line per stage.

use super::{CommandError, prepare, write_all};
use crate::stage::{BUILTIN_STAGES, FileReader};
use std::io::Write;

/// List the built-in stages.
pub fn run(reader: &dyn FileReader, out: &mut dyn Write) -> Result<(), CommandError> {
    let mut text = format!(
        "{:<8} {:<26} {:<9} {:<7} {:>9}  {}\n",
        "STAGE", "TITLE", "EXTENDS", "STACKS", "RESOURCES", "REGIONS"
    );
    for builtin in BUILTIN_STAGES {
        let prepared = prepare(builtin.name, None, None, reader)?;
        let (loaded, stacks) = (prepared.loaded, prepared.stacks);
        let stage = &loaded.stage;
        let resources: usize = stacks.iter().map(|s| s.template.resources.len()).sum();
        let regions = if stage.regions.is_empty() {
            stage.network.region.clone()
        } else {
            stage
                .regions
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        text.push_str(&format!(
            "{:<8} {:<26} {:<9} {:<7} {:>9}  {}\n",
            builtin.name,
            stage.title,
            stage.extends.as_deref().unwrap_or("-"),
            stacks.len(),
            resources,
            regions
        ));
    }
    write_all(out, &text)
}
