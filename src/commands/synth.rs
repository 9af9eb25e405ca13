//! `scalectl synth`: CloudFormation JSON on stdout (one stack) or one file per stack.

use super::{CommandError, Outcome, check_stack_name, prepare, write_all};
use crate::cli::SynthArgs;
use crate::stage::FileReader;
use std::io::Write;

/// Synthesize and write templates.
pub fn run(
    args: &SynthArgs,
    reader: &dyn FileReader,
    out: &mut dyn Write,
) -> Result<Outcome, CommandError> {
    if let Some(name) = &args.stack_name {
        check_stack_name(name)?;
    }
    let prepared = prepare(
        &args.stage,
        args.region.as_deref(),
        args.stack_name.as_deref(),
        reader,
    )?;
    let outcome = Outcome::with_warnings(&prepared);
    let (loaded, stacks) = (&prepared.loaded, &prepared.stacks);
    let base = args
        .stack_name
        .clone()
        .unwrap_or_else(|| loaded.stage.name.clone());
    for stack in stacks {
        check_stack_name(&stack.stack_name(&base))?;
    }
    let Some(dir) = &args.out else {
        return match stacks.as_slice() {
            [one] => write_all(out, &one.template.to_json()).map(|()| outcome),
            _ => Err(CommandError::Usage {
                message: format!(
                    "`{}` synthesizes to {} stacks, which do not fit on stdout",
                    loaded.stage.name,
                    stacks.len()
                ),
                help: "pass --out DIR to write one file per stack".to_string(),
            }),
        };
    };
    std::fs::create_dir_all(dir).map_err(|source| CommandError::Write {
        path: dir.clone(),
        source,
    })?;
    for stack in stacks {
        let path = dir.join(stack.file_name(&base));
        std::fs::write(&path, stack.template.to_json()).map_err(|source| CommandError::Write {
            path: path.clone(),
            source,
        })?;
        write_all(
            out,
            &format!(
                "{} ({}, {} resources)\n",
                path.display(),
                stack.region,
                stack.template.resources.len()
            ),
        )?;
    }
    Ok(outcome)
}
