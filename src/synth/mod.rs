//! Synthesis: a stage becomes one or more CloudFormation stacks.
//!
//! One module per layer, called in dependency order on a shared [`context::Ctx`]. A
//! single-region stage yields one stack; a multi-region stage yields one stack per region.
//! The first region's stack is the graph's own (`--stack-name`, no suffix), the one every
//! stage before it used: it keeps the CDN and the tables (replicated to the other regions),
//! and the other regions' stacks, named after their region, deploy after it. Shard blocks
//! beyond a stack's first sixteen go in sibling stacks. Synthesis is pure and deterministic.

mod bucket;
mod cache;
mod cdn_companion;
mod certificate;
mod compute;
pub mod context;
mod dns;
mod edge;
mod encryption;
pub mod extend;
mod iam;
mod loadbalancer;
mod logging;
mod messaging;
pub mod network;
mod observability;
pub mod placement;
mod relational;
mod rollout;
mod security;
mod services;
pub mod settings;
mod shard_stack;
pub mod stack_order;
mod storage;
pub mod userdata;
mod waf;

pub use compute::RollingPace;
pub use logging::LOG_BUCKET;

use crate::catalog;
use crate::cfn::{Template, TemplateError};
use crate::stage::Stage;
use context::Ctx;

/// One stack of a synthesized stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StackTemplate {
    /// Suffix of the stack name: empty for the first region's stack, else a region code or a
    /// shard block (`shards-1`, `eu-west-1-shards-1`).
    pub suffix: String,
    /// The region the stack deploys to.
    pub region: String,
    /// The template.
    pub template: Template,
    /// Suffixes of the stacks this one needs deployed first.
    pub depends_on: Vec<String>,
    /// Parameters fed from other stacks' outputs.
    pub inputs: Vec<StackInput>,
    /// Parameters deploy pins from Systems Manager (the web tier's AMI).
    pub pins: Vec<Pin>,
    /// Parameters deploy fills with a Route 53 hosted zone's ID, found by its name.
    pub zones: Vec<ZoneLookup>,
    /// Staging-bucket keys of packaged worker code this stack's functions read: deploy
    /// uploads each and fills [`CODE_BUCKET`] with the bucket's name.
    pub code_keys: Vec<String>,
}

/// The parameter holding the staging bucket's name, where packaged worker code is.
pub const CODE_BUCKET: &str = "CodeBucket";

/// The staging-bucket key of a worker's packaged code: content-addressed, so the same code is
/// the same key and new code is a new template value.
pub fn code_key(stage: &str, worker: &str, digest: &str) -> String {
    format!("code/{stage}/{worker}/{digest}.zip")
}

/// A parameter that deploy fills with the ID of the public hosted zone named `zone`
/// (Route 53 ListHostedZonesByName), so a stage names its zone and never its ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneLookup {
    /// The template parameter.
    pub parameter: String,
    /// The zone's name, e.g. `example.com` (no trailing dot).
    pub zone: String,
}

/// A parameter that deploy resolves from a Systems Manager parameter at the stack's first
/// deploy, then keeps at its deployed value until the user asks for the newest
/// (`deploy --refresh-images`): CloudFormation would resolve an SSM-typed parameter again
/// on every deploy, and a new AMI replaces instances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// The template parameter.
    pub parameter: String,
    /// The Systems Manager parameter it comes from.
    pub ssm_path: String,
}

/// A parameter of one stack fed from an output of another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackInput {
    /// The parameter in this stack.
    pub parameter: String,
    /// The stack (suffix) that produces it.
    pub from_stack: String,
    /// The output of that stack.
    pub output: String,
}

impl StackTemplate {
    /// The stack's name given the graph's base name (`shop` -> `shop` or `shop-eu-west-1`).
    pub fn stack_name(&self, base: &str) -> String {
        stack_name(base, &self.suffix)
    }

    /// The database shards whose primary this stack holds, in ascending order (`Database`
    /// is shard 0, `DatabaseShard<n>` shard n; read replicas name a source and are left out).
    pub fn primary_shards(&self) -> Vec<u32> {
        let mut shards: Vec<u32> = self
            .template
            .resources
            .iter()
            .filter(|(_, r)| {
                r.resource_type == "AWS::RDS::DBInstance"
                    && r.properties
                        .get("SourceDBInstanceIdentifier")
                        .is_none_or(serde_json::Value::is_null)
            })
            .filter_map(|(id, _)| match id.as_str() {
                "Database" => Some(0),
                other => other.strip_prefix("DatabaseShard")?.parse().ok(),
            })
            .collect();
        shards.sort_unstable();
        shards
    }

    /// The file name under `synth --out`.
    pub fn file_name(&self, base: &str) -> String {
        format!("{}.template.json", self.stack_name(base))
    }
}

/// The name of the stack with `suffix` in the graph named `base`.
pub fn stack_name(base: &str, suffix: &str) -> String {
    if suffix.is_empty() {
        base.to_string()
    } else {
        format!("{base}-{suffix}")
    }
}

/// Why synthesis failed. Validation reports these with locations before synthesis runs;
/// synthesis still refuses rather than emit a broken template.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The region is not in the catalog.
    #[error("unknown region `{0}`")]
    UnknownRegion(String),
    /// The stage asks for zones the region does not have.
    #[error("region `{region}` has {available} availability zones; the stage asks for {wanted}")]
    NotEnoughZones {
        /// The region.
        region: String,
        /// Zones in the region.
        available: usize,
        /// Zones asked for.
        wanted: usize,
    },
    /// A named zone is not in the region.
    #[error("availability zone `{zone}` is not in region `{region}`")]
    UnknownZone {
        /// The zone.
        zone: String,
        /// The region.
        region: String,
    },
    /// A CIDR could not be parsed or carved.
    #[error("{message}")]
    Network {
        /// The stage path of the offending value, e.g. `network.vpc_cidr`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A reference between parts of the stage does not resolve.
    #[error("{message}")]
    Reference {
        /// The stage path of the reference.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Building the template failed.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// A user-data or code template failed to render.
    #[error("rendering {name}: {message}")]
    Render {
        /// The template.
        name: String,
        /// What failed.
        message: String,
    },
}

impl SynthError {
    /// A network error about the value at `path`.
    pub fn network(path: impl Into<String>, message: impl Into<String>) -> Self {
        SynthError::Network {
            path: path.into(),
            message: message.into(),
        }
    }

    /// A dangling reference at `path`.
    pub fn reference(path: impl Into<String>, message: impl Into<String>) -> Self {
        SynthError::Reference {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Synthesize a stage into its stacks, in deploy order (dependencies first): each region's
/// stack then its shard stacks, region by region, the first region first; the CDN's
/// us-east-1 companion, when it has one, before the stack that reads it. Where every shard goes is [`placement::place`]'s rule.
pub fn synthesize(stage: &Stage) -> Result<Vec<StackTemplate>, SynthError> {
    synthesize_as(stage, &stage.name)
}

/// [`synthesize`] for the stack graph named `base` (`--stack-name`): names that must be
/// unique per environment in an account (global tables) derive from it. The stage's raw
/// resources and overrides ([`extend`]) are applied last.
pub fn synthesize_as(stage: &Stage, base: &str) -> Result<Vec<StackTemplate>, SynthError> {
    let mut stacks = synthesize_core(stage, base)?;
    extend::apply(stage, &mut stacks)?;
    Ok(stacks)
}

/// The stacks scalectl itself makes for a stage, before its raw resources and overrides.
pub fn synthesize_core(stage: &Stage, base: &str) -> Result<Vec<StackTemplate>, SynthError> {
    let placement = placement::place(stage);
    let multi = stage.regions.len() >= 2;
    let regions: Vec<(&str, &str)> = if stage.regions.is_empty() {
        vec![(
            stage.network.region.as_str(),
            stage.network.vpc_cidr.as_str(),
        )]
    } else if multi {
        stage
            .regions
            .iter()
            .map(|r| (r.name.as_str(), r.vpc_cidr.as_str()))
            .collect()
    } else {
        stage
            .regions
            .iter()
            .take(1)
            .map(|r| (r.name.as_str(), r.vpc_cidr.as_str()))
            .collect()
    };
    let mut stacks = Vec::new();
    for (index, (code, cidr)) in regions.into_iter().enumerate() {
        let suffix = if index == 0 { "" } else { code };
        let siblings = shard_stack::siblings(&placement, suffix);
        let mut ctx = regional(
            stage,
            base,
            code,
            cidr,
            placement.in_stack(suffix),
            index == 0,
        )?;
        if !siblings.is_empty() {
            shard_stack::hand_over(&mut ctx)?;
        }
        // The first region's routed record must be in place before the others add theirs,
        // and it holds the tables the others replicate.
        let mut depends_on = if index == 0 {
            Vec::new()
        } else {
            vec![String::new()]
        };
        if !ctx.inputs.is_empty() {
            stacks.push(cdn_companion::synthesize(stage)?);
            depends_on.push(cdn_companion::SUFFIX.to_string());
        }
        stacks.push(StackTemplate {
            suffix: suffix.to_string(),
            region: code.to_string(),
            template: ctx.template,
            depends_on,
            inputs: ctx.inputs,
            pins: ctx.pins,
            zones: ctx.zones,
            code_keys: ctx.code_keys,
        });
        for (sibling, shards) in siblings {
            stacks.push(shard_stack::synthesize(
                stage, code, cidr, suffix, &sibling, shards,
            )?);
        }
    }
    Ok(stacks)
}

/// Build one region's stack. `edge_here` puts the CDN and static bucket in this stack (the
/// first region's).
fn regional<'a>(
    stage: &'a Stage,
    base: &str,
    region_code: &str,
    vpc_cidr: &str,
    shards: Vec<u32>,
    edge_here: bool,
) -> Result<Ctx<'a>, SynthError> {
    let region = catalog::region(region_code)
        .ok_or_else(|| SynthError::UnknownRegion(region_code.to_string()))?;
    let description = format!(
        "scalectl {} ({}) in {}: {}",
        stage.name, stage.title, region.code, region.name
    );
    let mut ctx = Ctx::new(stage, region, vpc_cidr, shards, Template::new(description))?;
    ctx.base = base.to_string();
    // Order matters only for Rust: later layers read the IDs earlier ones recorded.
    network::synthesize(&mut ctx)?;
    logging::synthesize(&mut ctx, edge_here)?;
    security::synthesize(&mut ctx)?;
    if edge_here {
        edge::synthesize(&mut ctx)?;
    }
    encryption::synthesize(&mut ctx)?;
    observability::alarm_topic(&mut ctx)?;
    loadbalancer::synthesize(&mut ctx)?;
    waf::regional(&mut ctx)?;
    relational::synthesize(&mut ctx)?;
    cache::synthesize(&mut ctx)?;
    storage::synthesize(&mut ctx)?;
    messaging::synthesize(&mut ctx)?;
    compute::synthesize(&mut ctx)?;
    services::synthesize(&mut ctx)?;
    iam::synthesize(&mut ctx)?;
    dns::synthesize(&mut ctx)?;
    observability::synthesize(&mut ctx)?;
    Ok(ctx)
}
