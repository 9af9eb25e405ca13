//! The offline pipeline, whole: load a stage (with a region override), validate it against
//! a set of facts, synthesize its stacks, and check the stacks (CloudFormation's limits,
//! quotas, schemas). Commands and benches call it; it does no I/O beyond the
//! [`FileReader`] it is given, and knows nothing of AWS.

use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::stage::{self, FileReader, LoadedStage, StageRef};
use crate::synth::{StackTemplate, SynthError};
use crate::validate::{self as rules, Facts, Options};

/// Why the pipeline stopped.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The stage file (or a file it extends) is invalid.
    #[error("the stage is invalid")]
    Invalid(Report),
    /// Arguments that make no sense together.
    #[error("{message}")]
    Usage {
        /// What is wrong.
        message: String,
        /// How to fix it.
        help: String,
    },
}

/// A stage loaded, validated and synthesized.
#[derive(Debug)]
pub struct Prepared {
    /// The stage with its sources.
    pub loaded: LoadedStage,
    /// Its stacks.
    pub stacks: Vec<StackTemplate>,
    /// Warnings from validation (errors stop preparation).
    pub warnings: Vec<Diagnostic>,
}

/// Load a stage and apply a region override.
pub fn load(
    stage_arg: &str,
    region: Option<&str>,
    reader: &dyn FileReader,
) -> Result<LoadedStage, PipelineError> {
    let mut loaded =
        stage::load(&StageRef::parse(stage_arg), reader).map_err(PipelineError::Invalid)?;
    if let Some(region) = region {
        if loaded.stage.regions.len() > 1 {
            return Err(PipelineError::Usage {
                message: format!(
                    "`{}` spans several regions; --region does not apply",
                    loaded.stage.name
                ),
                help: "edit the `regions:` list of the stage file instead".to_string(),
            });
        }
        loaded.stage.network.region = region.to_string();
        loaded.stage.regions.clear();
    }
    Ok(loaded)
}

/// Validate a loaded stage against `facts`, synthesize it, and validate the stacks. Any
/// error stops it, reported together with every other finding.
pub fn prepare_with(
    loaded: LoadedStage,
    region_from_flag: bool,
    stack_name: Option<&str>,
    facts: &dyn Facts,
) -> Result<Prepared, PipelineError> {
    let options = Options {
        stack_name,
        region_from_flag,
    };
    let invalid = |diagnostics: Vec<Diagnostic>, loaded: &LoadedStage| {
        PipelineError::Invalid(Report {
            diagnostics,
            sources: loaded.sources.clone(),
        })
    };
    let is_error = |d: &Diagnostic| d.severity == Severity::Error;
    let mut findings = rules::check_stage(&loaded, facts, options);
    if findings.iter().any(is_error) {
        return Err(invalid(findings, &loaded));
    }
    let base = stack_name.unwrap_or(&loaded.stage.name);
    let stacks = match crate::synth::synthesize_as(&loaded.stage, base) {
        Ok(stacks) => stacks,
        Err(e) => {
            findings.push(locate_synth_error(&e, &loaded, region_from_flag));
            return Err(invalid(findings, &loaded));
        }
    };
    findings.extend(rules::check_stacks(&loaded, &stacks, facts, options));
    if findings.iter().any(is_error) {
        return Err(invalid(findings, &loaded));
    }
    Ok(Prepared {
        loaded,
        stacks,
        warnings: findings,
    })
}

/// Point a synthesis error at the value that caused it.
fn locate_synth_error(
    error: &SynthError,
    loaded: &LoadedStage,
    region_from_flag: bool,
) -> Diagnostic {
    let (code, path, help): (&str, &str, String) = match error {
        SynthError::UnknownRegion(_) => (
            crate::diagnostic::codes::synth::UNKNOWN_REGION,
            "network.region",
            "use a commercial region code such as us-east-1 or eu-west-1".to_string(),
        ),
        SynthError::NotEnoughZones { .. } => (
            crate::diagnostic::codes::synth::NOT_ENOUGH_ZONES,
            "network.availability_zones",
            "ask for fewer zones, or pick a region with more".to_string(),
        ),
        SynthError::UnknownZone { .. } => (
            crate::diagnostic::codes::synth::UNKNOWN_ZONE,
            "network.availability_zones",
            "use zone names of the stage's region, or a count".to_string(),
        ),
        SynthError::Network { path, .. } => (
            crate::diagnostic::codes::synth::NETWORK,
            path,
            "give the VPC a valid IPv4 CIDR (e.g. 10.0.0.0/16) and one subnet per zone in each listed tier".to_string(),
        ),
        SynthError::Reference { path, .. } => (
            crate::diagnostic::codes::synth::REFERENCE,
            path,
            "define what is referred to, or remove the reference".to_string(),
        ),
        SynthError::Template(_) => (
            crate::diagnostic::codes::synth::TEMPLATE,
            "",
            "rename one of the two parts so their names differ by more than punctuation"
                .to_string(),
        ),
        SynthError::Render { .. } => (
            crate::diagnostic::codes::synth::RENDER,
            "",
            "this is a bug in scalectl's templates; please report it".to_string(),
        ),
    };
    let location = if region_from_flag && path == "network.region" {
        None
    } else {
        loaded.locate(path)
    };
    Diagnostic::error(code, error.to_string(), location, help)
}

/// Check a stack name against CloudFormation's rules.
pub fn check_stack_name(name: &str) -> Result<(), PipelineError> {
    if crate::cfn::limits::is_stack_name(name) {
        Ok(())
    } else {
        Err(PipelineError::Usage {
            message: format!("`{name}` is not a valid stack name"),
            help: format!(
                "a stack name starts with a letter, holds only letters, digits and hyphens, and is at most {} characters",
                crate::cfn::limits::MAX_STACK_NAME
            ),
        })
    }
}
