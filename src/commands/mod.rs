//! Commands: glue from parsed arguments to the core and to output. Each writes to the
//! writer it is given and returns a typed error that knows its exit code.

mod deploy;
mod destroy;
mod diagram;
mod diff;
mod init;
mod observer;
pub mod package;
mod plan;
mod recommend;
mod session;
mod stack;
mod stages;
mod synth;
mod targets;
mod validate;

use crate::cli::{Cli, Command};
use crate::diagnostic::Report;
use crate::exit;
pub use crate::pipeline::prepare_with;
use crate::pipeline::{self, PipelineError};
use crate::stage::{FileReader, LoadedStage};
use crate::validate::OfflineFacts;
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

impl crate::output::Failure for CommandError {
    fn help(&self) -> Option<&str> {
        CommandError::help(self)
    }
    fn exit_code(&self) -> u8 {
        CommandError::exit_code(self)
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
    /// Where live progress bars draw (the terminal behind `err`), or `None` to report
    /// progress as lines on `err`: every bar goes through here, never to a stream of its own.
    fn progress(&self) -> Option<indicatif::ProgressDrawTarget>;
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
        Command::Graph(args) => diagram::run(args, reader, console.out()),
        Command::Init(args) => init::run(args, reader, console.out()),
        Command::Schema => write_all(console.out(), &crate::stage::schema::stage_schema_text())
            .map(|()| Outcome::default()),
        Command::Completions(args) => completions(args.shell, console.out()),
    }
}

pub use crate::pipeline::Prepared;

impl From<PipelineError> for CommandError {
    fn from(e: PipelineError) -> Self {
        match e {
            PipelineError::Invalid(report) => CommandError::Invalid(report),
            PipelineError::Usage { message, help } => CommandError::Usage { message, help },
        }
    }
}

impl From<crate::deploy::stacks::StacksError> for CommandError {
    fn from(e: crate::deploy::stacks::StacksError) -> Self {
        use crate::deploy::stacks::StacksError as E;
        match e {
            E::Usage { message, help } => CommandError::Usage { message, help },
            E::NotAGraph(_) => CommandError::Usage {
                message: e.to_string(),
                help: "this is a bug in scalectl; please report it with the stage file".to_string(),
            },
            E::Api(e) => session::api(e),
            E::Unreadable { .. } => CommandError::Aws {
                message: e.to_string(),
                help: "this stack was not deployed by scalectl".to_string(),
            },
            E::LeftBehind { message, help } => CommandError::Stopped {
                message,
                help,
                code: exit::REFUSED,
            },
            E::Refused(ref findings) => CommandError::Stopped {
                message: e.to_string(),
                help: findings.first().map(|f| f.help.clone()).unwrap_or_default(),
                code: exit::REFUSED,
            },
        }
    }
}

/// Load a stage with the offline catalog, its workers' code packaged: see
/// [`pipeline::prepare_with`].
pub fn prepare(
    stage_arg: &str,
    region: Option<&str>,
    stack_name: Option<&str>,
    reader: &dyn FileReader,
) -> Result<Prepared, CommandError> {
    let loaded = load(stage_arg, region, reader)?;
    Ok(pipeline::prepare_with(
        loaded,
        region.is_some(),
        stack_name,
        &OfflineFacts,
    )?)
}

/// Load a stage (see [`pipeline::load`]) and package its workers' code from disk.
pub fn load(
    stage_arg: &str,
    region: Option<&str>,
    reader: &dyn FileReader,
) -> Result<LoadedStage, CommandError> {
    let mut loaded = pipeline::load(stage_arg, region, reader)?;
    package::package(&mut loaded)?;
    Ok(loaded)
}

/// Check a stack name against CloudFormation's rules.
pub fn check_stack_name(name: &str) -> Result<(), CommandError> {
    Ok(pipeline::check_stack_name(name)?)
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
