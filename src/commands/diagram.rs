//! `scalectl graph`: the architecture of a stage as a Mermaid flowchart or Graphviz DOT.

use super::{CommandError, Outcome, load, write_all};
use crate::cli::{GraphArgs, GraphFormat};
use crate::plan::diagram;
use crate::stage::FileReader;
use std::io::Write;

/// Print the diagram, drawn from the synthesized stacks. The stage is loaded (and so checked
/// for bad input) and synthesized, not validated against AWS rules: a picture of a stage that
/// does not validate yet is still useful.
pub fn run(
    args: &GraphArgs,
    reader: &dyn FileReader,
    out: &mut dyn Write,
) -> Result<Outcome, CommandError> {
    let loaded = load(&args.stage, args.region.as_deref(), reader)?;
    let stacks = crate::synth::synthesize(&loaded.stage).map_err(|e| CommandError::Usage {
        message: format!("the stage cannot be synthesized, so there is nothing to draw: {e}"),
        help: format!(
            "`scalectl validate {}` points at the value that causes it",
            args.stage
        ),
    })?;
    let d = diagram::architecture(&loaded.stage, &stacks);
    let text = match args.format {
        GraphFormat::Mermaid => diagram::mermaid(&d),
        GraphFormat::Dot => diagram::dot(&d),
    }
    .map_err(|e| CommandError::Usage {
        message: e.to_string(),
        help: "this is a bug in scalectl's diagram templates; please report it".to_string(),
    })?;
    write_all(out, &text)?;
    Ok(Outcome::default())
}
