//! Synthesis: a stage becomes one or more CloudFormation stacks.
//!
//! One module per layer, called in dependency order on a shared [`context::Ctx`]. A
//! single-region stage yields one stack; a multi-region stage yields one stack per region
//! and a global stack that depends on them. Synthesis is pure and deterministic.

mod cache;
mod compute;
pub mod context;
mod dns;
mod edge;
mod global;
mod iam;
mod loadbalancer;
mod messaging;
pub mod network;
mod observability;
mod relational;
mod security;
mod services;
mod storage;
pub mod userdata;

use crate::catalog;
use crate::cfn::{Template, TemplateError};
use crate::stage::Stage;
use context::Ctx;

/// One stack of a synthesized stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StackTemplate {
    /// Suffix of the stack name: empty for a single stack, else a region code or `global`.
    pub suffix: String,
    /// The region the stack deploys to.
    pub region: String,
    /// The template.
    pub template: Template,
    /// Suffixes of the stacks this one needs deployed first.
    pub depends_on: Vec<String>,
    /// Parameters fed from other stacks' outputs.
    pub inputs: Vec<StackInput>,
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
        if self.suffix.is_empty() {
            base.to_string()
        } else {
            format!("{base}-{}", self.suffix)
        }
    }

    /// The file name under `synth --out`.
    pub fn file_name(&self, base: &str) -> String {
        format!("{}.template.json", self.stack_name(base))
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

/// Synthesize a stage into its stacks, in deploy order (dependencies first).
pub fn synthesize(stage: &Stage) -> Result<Vec<StackTemplate>, SynthError> {
    if stage.regions.len() < 2 {
        let region = stage
            .regions
            .first()
            .map(|r| (r.name.as_str(), r.vpc_cidr.as_str()))
            .unwrap_or((
                stage.network.region.as_str(),
                stage.network.vpc_cidr.as_str(),
            ));
        let shards = 0..stage.data.database.as_ref().map(|d| d.shards).unwrap_or(0);
        let ctx = regional(stage, region.0, region.1, shards, true)?;
        return Ok(vec![StackTemplate {
            suffix: String::new(),
            region: region.0.to_string(),
            template: ctx.template,
            depends_on: Vec::new(),
            inputs: Vec::new(),
        }]);
    }
    let mut stacks = Vec::new();
    let total_shards = stage.data.database.as_ref().map(|d| d.shards).unwrap_or(0);
    let count = u32::try_from(stage.regions.len()).unwrap_or(u32::MAX);
    for (index, spec) in stage.regions.iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        let shards = home_shards(total_shards, count, index);
        let ctx = regional(stage, &spec.name, &spec.vpc_cidr, shards, false)?;
        stacks.push(StackTemplate {
            suffix: spec.name.clone(),
            region: spec.name.clone(),
            template: ctx.template,
            depends_on: Vec::new(),
            inputs: Vec::new(),
        });
    }
    stacks.push(global::synthesize(stage)?);
    Ok(stacks)
}

/// The shards homed in region `index` of `regions`: contiguous blocks of the shard range,
/// the first `total % regions` regions taking one extra. Shard `i` owns key range
/// `[i * 2^64 / total, (i + 1) * 2^64 / total)` of the hashed shard key.
pub fn home_shards(total: u32, regions: u32, index: u32) -> std::ops::Range<u32> {
    if regions == 0 {
        return 0..0;
    }
    let base = total / regions;
    let extra = total % regions;
    let start = index * base + index.min(extra);
    let len = base + u32::from(index < extra);
    start..start + len
}

/// Build one region's stack. `edge_here` puts the CDN and static bucket in this stack
/// (single-region stages); multi-region stages keep the edge in the global stack.
fn regional<'a>(
    stage: &'a Stage,
    region_code: &str,
    vpc_cidr: &str,
    shards: std::ops::Range<u32>,
    edge_here: bool,
) -> Result<Ctx<'a>, SynthError> {
    let region = catalog::region(region_code)
        .ok_or_else(|| SynthError::UnknownRegion(region_code.to_string()))?;
    let description = format!(
        "scalectl {} ({}) in {}: {}",
        stage.name, stage.title, region.code, region.name
    );
    let mut ctx = Ctx::new(stage, region, vpc_cidr, shards, Template::new(description))?;
    // Order matters only for Rust: later layers read the IDs earlier ones recorded.
    network::synthesize(&mut ctx)?;
    security::synthesize(&mut ctx)?;
    if edge_here {
        edge::synthesize(&mut ctx)?;
    }
    observability::alarm_topic(&mut ctx)?;
    loadbalancer::synthesize(&mut ctx)?;
    relational::synthesize(&mut ctx)?;
    cache::synthesize(&mut ctx)?;
    storage::synthesize(&mut ctx)?;
    messaging::synthesize(&mut ctx)?;
    compute::synthesize(&mut ctx)?;
    services::synthesize(&mut ctx)?;
    iam::synthesize(&mut ctx)?;
    if stage.regions.len() < 2 {
        dns::synthesize(&mut ctx)?;
    }
    observability::synthesize(&mut ctx)?;
    Ok(ctx)
}

#[cfg(test)]
mod tests {
    use super::home_shards;

    #[test]
    fn shards_are_split_in_contiguous_blocks() {
        assert_eq!(home_shards(6, 3, 0), 0..2);
        assert_eq!(home_shards(6, 3, 2), 4..6);
        assert_eq!(home_shards(7, 3, 0), 0..3);
        assert_eq!(home_shards(7, 3, 1), 3..5);
        assert_eq!(home_shards(7, 3, 2), 5..7);
        assert_eq!(home_shards(2, 3, 2), 2..2);
        assert_eq!(home_shards(5, 0, 0), 0..0);
    }
}
