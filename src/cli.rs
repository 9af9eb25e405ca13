//! Command-line arguments (clap derive types only).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Typed scaling stages for AWS web architectures, synthesized to CloudFormation.
#[derive(Debug, Parser)]
#[command(name = "scalectl", version, about, long_about = None)]
pub struct Cli {
    /// Colour in diagnostics: auto, always or never.
    #[arg(long, global = true, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the golden-path stages, one line each.
    Stages,
    /// Synthesize CloudFormation JSON for a stage (built-in name or file).
    Synth(SynthArgs),
    /// Synthesize and explain a stage: stacks, resources by layer, what it adds.
    Plan(PlanArgs),
    /// Check a stage against availability-zone, network, quota and CloudFormation rules.
    Validate(ValidateArgs),
    /// Show what a deploy would change in the deployed stacks, resource by resource.
    Diff(TargetArgs),
    /// Validate, review a change set, and apply it with live progress.
    Deploy(DeployArgs),
    /// Show a deployed stack's state, recent events and, if it failed, why.
    Status(StackArgs),
    /// Roll a stack back as its state requires (cancel, rollback or continue-rollback).
    Rollback(RollbackArgs),
    /// Delete a deployed stack (resources with a retention policy are kept).
    Destroy(DestroyArgs),
    /// Name the lowest stage that holds a load, sized for it, and explain why.
    Recommend(RecommendArgs),
    /// Print the architecture of a stage as a Mermaid flowchart (or Graphviz DOT).
    Graph(GraphArgs),
    /// Write a stage file for your team that extends a built-in stage, ready to edit.
    Init(InitArgs),
    /// Print the JSON Schema of stage files (for editors and CI).
    Schema,
    /// Print shell completions for bash, zsh or fish.
    Completions(CompletionsArgs),
}

/// Arguments of `recommend`.
#[derive(Debug, clap::Args)]
pub struct RecommendArgs {
    /// Registered users: 250000, 250k, 10M.
    #[arg(long, value_parser = parse_users, required_unless_present = "capacity_from")]
    pub users: Option<crate::stage::UserCount>,
    /// Share of users active at the peak: 5% or 0.05 [default: 5%, or the stage's].
    #[arg(long, value_parser = parse_concurrency)]
    pub concurrency: Option<crate::stage::Share>,
    /// Requests an active user sends a minute: a range (1-5) or one number [default: 1-5,
    /// or the stage's].
    #[arg(long, value_parser = parse_rpm)]
    pub rpm: Option<crate::stage::RateRange>,
    /// Take the load and the assumptions from this stage's `capacity:` section (a built-in
    /// stage or a file); --users, --concurrency and --rpm override its values.
    #[arg(long, value_name = "STAGE|FILE")]
    pub capacity_from: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Output::Text)]
    pub format: Output,
}

fn parse_users(s: &str) -> Result<crate::stage::UserCount, String> {
    crate::stage::UserCount::parse(s)
}
fn parse_concurrency(s: &str) -> Result<crate::stage::Share, String> {
    crate::stage::Share::parse_concurrency(s)
}
fn parse_rpm(s: &str) -> Result<crate::stage::RateRange, String> {
    crate::stage::RateRange::parse(s)
}

/// Arguments of `graph`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// A built-in stage (stage0 .. stage7) or a stage file.
    pub stage: String,
    /// Override the stage's region (single-region stages).
    #[arg(long)]
    pub region: Option<String>,
    /// Diagram language.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
}

/// Diagram languages of `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart (renders on GitHub, GitLab and in mermaid-cli).
    Mermaid,
    /// A Graphviz digraph (`dot -Tpng`).
    Dot,
}

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The built-in stage to extend (stage0 .. stage7).
    #[arg(long, value_name = "STAGE")]
    pub from: String,
    /// Your stage's name (letters, digits, hyphens): the file is `<name>.yaml`.
    #[arg(long)]
    pub name: String,
    /// Directory to write into (created if missing).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Region (default: the built-in stage's).
    #[arg(long)]
    pub region: Option<String>,
    /// Size the stage for this many users (as `recommend` does) and write the sizes.
    #[arg(long, value_parser = parse_users)]
    pub users: Option<crate::stage::UserCount>,
    /// With --users: share of users active at the peak (default: the stage's, else 5%).
    #[arg(long, requires = "users", value_parser = parse_concurrency)]
    pub concurrency: Option<crate::stage::Share>,
    /// With --users: requests an active user sends a minute (default: the stage's, else 1-5).
    #[arg(long, requires = "users", value_parser = parse_rpm)]
    pub rpm: Option<crate::stage::RateRange>,
    /// Replace files that exist.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Shells `completions` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

/// Arguments of `synth`.
#[derive(Debug, clap::Args)]
pub struct SynthArgs {
    /// A built-in stage (stage0 .. stage7) or a stage file.
    pub stage: String,
    /// Override the stage's region (single-region stages).
    #[arg(long)]
    pub region: Option<String>,
    /// Write one `<stack>.template.json` per stack into this directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Base name of the stacks (default: the stage's name).
    #[arg(long)]
    pub stack_name: Option<String>,
}

/// Arguments of `plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// A built-in stage (stage0 .. stage7) or a stage file.
    pub stage: String,
    /// Override the stage's region (single-region stages).
    #[arg(long)]
    pub region: Option<String>,
    /// Compare with this stage (built-in name or file) instead of the one it extends.
    #[arg(long, value_name = "STAGE")]
    pub from: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,
}

/// Output formats of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// For a terminal.
    Text,
    /// A Markdown page with the Mermaid diagram (renders on code hosts).
    Markdown,
    /// One JSON document (shape documented in the README).
    Json,
}

/// Output formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics for people, on stderr, and a summary line on stdout.
    Text,
    /// One JSON document on stdout.
    Json,
}

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// A built-in stage (stage0 .. stage7) or a stage file.
    pub stage: String,
    /// Override the stage's region (single-region stages).
    #[arg(long)]
    pub region: Option<String>,
    /// Check against the account: its zones, instance type offerings and quota values.
    #[arg(long)]
    pub live: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Base name of the stacks (default: the stage's name), for the stack-name limit.
    #[arg(long)]
    pub stack_name: Option<String>,
    /// How to reach AWS.
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// How to reach AWS (for `--live`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AwsArgs {
    /// Named profile from the AWS config files (default: the standard credential chain).
    #[arg(long)]
    pub profile: Option<String>,
    /// Send AWS calls to this endpoint (a local emulator); `AWS_ENDPOINT_URL` works too.
    #[arg(long)]
    pub endpoint_url: Option<String>,
}

/// Output formats of the stack commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// For people.
    Text,
    /// One JSON document on stdout (shapes documented in the README).
    Json,
}

/// A stage and the stack it goes to: the arguments `diff` and `deploy` share.
#[derive(Debug, clap::Args)]
pub struct TargetArgs {
    /// A built-in stage (stage0 .. stage7) or a stage file.
    pub stage: String,
    /// Name of the stack (a multi-stack stage derives one name per stack from it).
    #[arg(long)]
    pub stack_name: String,
    /// Override the stage's region (single-region stages).
    #[arg(long)]
    pub region: Option<String>,
    /// Output format.
    #[arg(long, visible_alias = "format", value_enum, default_value_t = Output::Text)]
    pub output: Output,
    /// How to reach AWS.
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// Arguments of `deploy`.
#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    /// The stage and its stack.
    #[command(flatten)]
    pub target: TargetArgs,
    /// Apply without asking (required when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Allow this stateful resource to be replaced or deleted: its logical ID, or STACK/ID
    /// when several stacks of the stage have one of that name; repeatable.
    #[arg(long = "allow-replace", value_name = "[STACK/]LOGICAL_ID")]
    pub allow_replace: Vec<String>,
    /// Keep failed resources instead of rolling back (refused when anything is replaced).
    #[arg(long)]
    pub no_rollback: bool,
    /// Take the newest AMI from its Systems Manager parameter instead of the one pinned at
    /// the stack's first deploy (a new image rolls the fleet, or replaces a single box).
    #[arg(long)]
    pub refresh_images: bool,
    /// Seconds to wait for an operation already running on the stack.
    #[arg(long, default_value_t = 1800, value_name = "SECONDS")]
    pub wait: u64,
    /// Stacks of a multi-stack stage deployed at the same time (independent ones only).
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// When a stack fails: start nothing new (`halt`), or go on with every stack that does
    /// not depend on it (`continue`).
    #[arg(long, value_enum, default_value_t = OnFailure::Halt)]
    pub on_failure: OnFailure,
}

/// What `--on-failure` does to the rest of the stack graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnFailure {
    /// Start no new stack; those in flight finish.
    Halt,
    /// Go on with the stacks that do not depend on the failed one.
    Continue,
}

/// Arguments of the commands that work on a deployed stack.
#[derive(Debug, clap::Args)]
pub struct StackArgs {
    /// A built-in stage or stage file: work on every stack of its graph, named from
    /// --stack-name as `deploy` names them. Without it, the one stack named --stack-name.
    pub stage: Option<String>,
    /// Name of the stack (with a stage: the base name of its stacks).
    #[arg(long)]
    pub stack_name: String,
    /// The stack's region (default: the profile's or `AWS_REGION`); with a single-region
    /// stage, overrides the stage's region as in `deploy`.
    #[arg(long)]
    pub region: Option<String>,
    /// Output format.
    #[arg(long, visible_alias = "format", value_enum, default_value_t = Output::Text)]
    pub output: Output,
    /// How to reach AWS.
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// Arguments of `rollback`.
#[derive(Debug, clap::Args)]
pub struct RollbackArgs {
    /// The stack.
    #[command(flatten)]
    pub stack: StackArgs,
    /// With UPDATE_ROLLBACK_FAILED: give up on rolling back this resource; repeatable.
    #[arg(long, value_name = "LOGICAL_ID")]
    pub skip: Vec<String>,
}

/// Arguments of `destroy`.
#[derive(Debug, clap::Args)]
pub struct DestroyArgs {
    /// The stack.
    #[command(flatten)]
    pub stack: StackArgs,
    /// Delete without asking (required when not on a terminal).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// First turn deletion protection off (databases, tables, load balancers) with an update
    /// change set, reviewed like a deploy; without it AWS refuses to delete them.
    #[arg(long)]
    pub disable_deletion_protection: bool,
    /// With a stage: stacks deleted at the same time (dependents always go first).
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
}
