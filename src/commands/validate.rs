//! `scalectl validate`: every rule, with the offline catalog or the account's live facts.

use super::{CommandError, Outcome, Prepared, check_stack_name, load, prepare_with, write_all};
use crate::aws::facts::gather;
use crate::cli::{Format, ValidateArgs};
use crate::diagnostic::{Diagnostic, Location, Sources, counts};
use crate::exit;
use crate::stage::FileReader;
use crate::validate::{self as rules, Facts, LiveFacts, OfflineFacts};
use serde_json::json;
use std::io::Write;

/// Validate a stage.
pub fn run(
    args: &ValidateArgs,
    reader: &dyn FileReader,
    out: &mut dyn Write,
) -> Result<Outcome, CommandError> {
    if let Some(name) = &args.stack_name {
        check_stack_name(name)?;
    }
    // A stage that does not even load is reported like any other finding, so `--format
    // json` always prints its document.
    let (name, facts, result): (String, Box<dyn Facts>, _) =
        match load(&args.stage, args.region.as_deref(), reader) {
            Err(e) => (args.stage.clone(), Box::new(OfflineFacts), Err(e)),
            Ok(loaded) => {
                let facts: Box<dyn Facts> = if args.live {
                    Box::new(read_live(args, &rules::needs(&loaded.stage))?)
                } else {
                    Box::new(OfflineFacts)
                };
                let name = loaded.stage.name.clone();
                let region_from_flag = args.region.is_some();
                let stack_name = args.stack_name.as_deref();
                let result = prepare_with(loaded, region_from_flag, stack_name, facts.as_ref())
                    .map_err(CommandError::from);
                (name, facts, result)
            }
        };
    match args.format {
        Format::Text => {
            let prepared = result?;
            let source = if facts.is_live() {
                "live account facts".to_string()
            } else {
                format!("offline catalog as of {}", facts.as_of())
            };
            write_all(out, &summary(&name, &prepared, &source))?;
            Ok(Outcome::with_warnings(&prepared))
        }
        Format::Json => {
            let (diagnostics, sources, stacks) = match result {
                Ok(p) => {
                    let stacks = stack_json(&p, args.stack_name.as_deref());
                    (p.warnings, p.loaded.sources, stacks)
                }
                Err(CommandError::Invalid(report)) => {
                    (report.diagnostics, report.sources, Vec::new())
                }
                Err(other) => return Err(other),
            };
            let (errors, warnings) = counts(&diagnostics);
            let doc = json!({
                "stage": name,
                "valid": errors == 0,
                "facts": if facts.is_live() { "live" } else { "offline" },
                "catalog_as_of": facts.as_of(),
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diagnostics.iter().map(|d| diagnostic_json(d, &sources)).collect::<Vec<_>>(),
                "stacks": stacks,
            });
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            write_all(out, &format!("{text}\n"))?;
            if errors > 0 {
                Err(CommandError::Reported(exit::INVALID))
            } else {
                Ok(Outcome::default())
            }
        }
    }
}

fn read_live(args: &ValidateArgs, needs: &rules::Needs) -> Result<LiveFacts, CommandError> {
    super::session::runtime()?.block_on(async {
        let aws = super::session::connect(&args.aws)
            .await
            .map_err(|e| match e {
                CommandError::Aws { message, help } => CommandError::Aws {
                    message,
                    help: format!("{help}; validate without --live needs none"),
                },
                other => other,
            })?;
        Ok(gather(&aws, needs).await)
    })
}

fn summary(name: &str, prepared: &Prepared, source: &str) -> String {
    let (_, warnings) = counts(&prepared.warnings);
    let resources: usize = prepared
        .stacks
        .iter()
        .map(|s| s.template.resources.len())
        .sum();
    let stacks = prepared.stacks.len();
    format!(
        "{name} is valid ({source}): {stacks} stack{}, {resources} resources, {warnings} warning{}\n",
        if stacks == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
    )
}

fn stack_json(prepared: &Prepared, stack_name: Option<&str>) -> Vec<serde_json::Value> {
    let base = stack_name.unwrap_or(&prepared.loaded.stage.name);
    prepared
        .stacks
        .iter()
        .map(|s| {
            json!({
                "name": s.stack_name(base),
                "region": s.region,
                "resources": s.template.resources.len(),
                "bytes": s.template.to_json().len(),
            })
        })
        .collect()
}

fn diagnostic_json(d: &Diagnostic, sources: &Sources) -> serde_json::Value {
    let place = |loc: Option<Location>| {
        loc.and_then(|l| {
            sources
                .get(l.file)
                .map(|f| json!({"file": f.name, "line": l.line, "column": l.column}))
        })
    };
    json!({
        "code": d.code,
        "severity": d.severity.to_string(),
        "message": d.message,
        "location": place(d.location),
        "help": d.help,
        "related": d.related.iter().map(|r| json!({
            "message": r.message,
            "location": place(Some(r.location)),
        })).collect::<Vec<_>>(),
    })
}
