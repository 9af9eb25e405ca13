//! Commands: glue from parsed arguments to the core and to output. Each writes to the
//! writer it is given and returns a typed error that knows its exit code.

mod deploy;
mod destroy;
mod diff;
mod graph;
mod init;
mod observer;
pub mod package;
mod plan;
mod recommend;
mod session;
mod stack;
mod stack_text;
mod stages;
mod synth;
mod targets;
mod validate;

use crate::cli::{Cli, Command};
use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::exit;
use crate::stage::{self, FileReader, LoadedStage, StageRef};
use crate::synth::{StackTemplate, SynthError};
use crate::validate::{self as rules, Facts, Options};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
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
    /// The command has written its findings itself (e.g. as JSON); only the exit code is left.
    #[error("the command reported failure")]
    Reported(u8),
    /// Talking to AWS failed.
    #[error("{message}")]
    Aws {
        /// What failed.
        message: String,
        /// How to fix it.
        help: String,
    },
    /// A deploy, rollback or destroy stopped short; the code says how.
    #[error("{message}")]
    Stopped {
        /// What happened.
        message: String,
        /// What to do.
        help: String,
        /// The exit code.
        code: u8,
    },
    /// Writing output failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl CommandError {
    /// How to fix it, when the error carries advice.
    pub fn help(&self) -> Option<&str> {
        match self {
            CommandError::Usage { help, .. }
            | CommandError::Aws { help, .. }
            | CommandError::Stopped { help, .. } => Some(help),
            _ => None,
        }
    }

    /// The documented exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::Invalid(_) | CommandError::Usage { .. } => exit::INVALID,
            CommandError::Reported(code) | CommandError::Stopped { code, .. } => *code,
            CommandError::Write { .. } | CommandError::Aws { .. } => exit::FAILURE,
        }
    }
}

/// Reads stage files from the file system.
pub struct FsReader;

impl FileReader for FsReader {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }
}

/// What a successful command leaves for the caller to show.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Warnings found on the way, to show on stderr.
    pub warnings: Option<Report>,
}

impl Outcome {
    fn with_warnings(prepared: &Prepared) -> Self {
        Outcome {
            warnings: (!prepared.warnings.is_empty()).then(|| Report {
                diagnostics: prepared.warnings.clone(),
                sources: prepared.loaded.sources.clone(),
            }),
        }
    }
}

/// Where a command's results go and how it talks to the user. Results go to `out`
/// (stdout); progress, reviews and questions to `err` (stderr).
pub trait Console {
    /// Results.
    fn out(&mut self) -> &mut dyn Write;
    /// Progress and reviews.
    fn err(&mut self) -> &mut dyn Write;
    /// True when the user can answer questions (stdin and stderr are terminals).
    fn interactive(&self) -> bool;
    /// True when progress may redraw in place (stderr is a terminal).
    fn live(&self) -> bool;
    /// Ask a yes/no question; anything but yes is no.
    fn confirm(&mut self, question: &str) -> bool;
}

/// Run a parsed command line.
pub fn run(
    cli: &Cli,
    reader: &dyn FileReader,
    console: &mut dyn Console,
) -> Result<Outcome, CommandError> {
    match &cli.command {
        Command::Stages => stages::run(reader, console.out()).map(|()| Outcome::default()),
        Command::Synth(args) => synth::run(args, reader, console.out()),
        Command::Plan(args) => plan::run(args, reader, console.out()),
        Command::Validate(args) => validate::run(args, reader, console.out()),
        Command::Diff(args) => diff::run(args, reader, console),
        Command::Deploy(args) => deploy::run(args, reader, console),
        Command::Status(args) => stack::status(args, reader, console),
        Command::Rollback(args) => stack::rollback(args, reader, console),
        Command::Destroy(args) => destroy::destroy(args, reader, console),
        Command::Recommend(args) => recommend::run(args, reader, console.out()),
        Command::Graph(args) => graph::run(args, reader, console.out()),
        Command::Init(args) => init::run(args, reader, console.out()),
        Command::Schema => write_all(console.out(), &crate::stage::schema::stage_schema_text())
            .map(|()| Outcome::default()),
        Command::Completions(args) => completions(args.shell, console.out()),
    }
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

/// Load a stage with the offline catalog: see [`prepare_with`].
pub fn prepare(
    stage_arg: &str,
    region: Option<&str>,
    stack_name: Option<&str>,
    reader: &dyn FileReader,
) -> Result<Prepared, CommandError> {
    let loaded = load(stage_arg, region, reader)?;
    prepare_with(loaded, region.is_some(), stack_name, &rules::OfflineFacts)
}

/// Load a stage and apply a region override.
pub fn load(
    stage_arg: &str,
    region: Option<&str>,
    reader: &dyn FileReader,
) -> Result<LoadedStage, CommandError> {
    let mut loaded =
        stage::load(&StageRef::parse(stage_arg), reader).map_err(CommandError::Invalid)?;
    if let Some(region) = region {
        if loaded.stage.regions.len() > 1 {
            return Err(CommandError::Usage {
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
    package::package(&mut loaded)?;
    Ok(loaded)
}

/// Validate a loaded stage against `facts`, synthesize it, and validate the stacks. Any
/// error stops it, reported together with every other finding.
pub fn prepare_with(
    loaded: LoadedStage,
    region_from_flag: bool,
    stack_name: Option<&str>,
    facts: &dyn Facts,
) -> Result<Prepared, CommandError> {
    let options = Options {
        stack_name,
        region_from_flag,
    };
    let invalid = |diagnostics: Vec<Diagnostic>, loaded: &LoadedStage| {
        CommandError::Invalid(Report {
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
            "scalectl::synth::unknown_region",
            "network.region",
            "use a commercial region code such as us-east-1 or eu-west-1".to_string(),
        ),
        SynthError::NotEnoughZones { .. } => (
            "scalectl::synth::not_enough_zones",
            "network.availability_zones",
            "ask for fewer zones, or pick a region with more".to_string(),
        ),
        SynthError::UnknownZone { .. } => (
            "scalectl::synth::unknown_zone",
            "network.availability_zones",
            "use zone names of the stage's region, or a count".to_string(),
        ),
        SynthError::Network { path, .. } => (
            "scalectl::synth::network",
            path,
            "give the VPC a valid IPv4 CIDR (e.g. 10.0.0.0/16) and one subnet per zone in each listed tier".to_string(),
        ),
        SynthError::Reference { path, .. } => (
            "scalectl::synth::reference",
            path,
            "define what is referred to, or remove the reference".to_string(),
        ),
        SynthError::Template(_) => (
            "scalectl::synth::template",
            "",
            "rename one of the two parts so their names differ by more than punctuation"
                .to_string(),
        ),
        SynthError::Render { .. } => (
            "scalectl::synth::render",
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
pub fn check_stack_name(name: &str) -> Result<(), CommandError> {
    let valid = name.len() <= 128
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(CommandError::Usage {
            message: format!("`{name}` is not a valid stack name"),
            help: "a stack name starts with a letter, holds only letters, digits and hyphens, and is at most 128 characters".to_string(),
        })
    }
}

/// Shell completions, generated from the argument definitions.
fn completions(shell: crate::cli::Shell, out: &mut dyn Write) -> Result<Outcome, CommandError> {
    use clap::CommandFactory;
    use clap_complete::{Shell, generate};
    let shell = match shell {
        crate::cli::Shell::Bash => Shell::Bash,
        crate::cli::Shell::Zsh => Shell::Zsh,
        crate::cli::Shell::Fish => Shell::Fish,
    };
    let mut buffer = Vec::new();
    generate(shell, &mut Cli::command(), "scalectl", &mut buffer);
    out.write_all(&buffer)
        .map_err(|source| CommandError::Write {
            path: PathBuf::from("<stdout>"),
            source,
        })?;
    Ok(Outcome::default())
}

fn write_all(out: &mut dyn Write, text: &str) -> Result<(), CommandError> {
    out.write_all(text.as_bytes())
        .map_err(|source| CommandError::Write {
            path: PathBuf::from("<stdout>"),
            source,
        })
}
