//! `scalectl graph`: the architecture of a stage as a Mermaid flowchart or Graphviz DOT.

use super::{CommandError, Outcome, load, write_all};
use crate::cli::{GraphArgs, GraphFormat};
use crate::plan::diagram;
use crate::stage::FileReader;
use std::io::Write;

/// Print the diagram. The stage is loaded (and so checked for bad input), not validated
/// against AWS rules: a picture of a stage that does not validate yet is still useful.
pub fn run(
    args: &GraphArgs,
    reader: &dyn FileReader,
    out: &mut dyn Write,
) -> Result<Outcome, CommandError> {
    let loaded = load(&args.stage, args.region.as_deref(), reader)?;
    let d = diagram::architecture(&loaded.stage);
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
