//! Validation: every rule a stage must pass before anything is synthesized for deployment or
//! sent to AWS. Rules are pure functions of the loaded stage (with its source locations), the
//! synthesized stacks and a [`Facts`] provider; one file per concern:
//!
//! - `structure`: values that must make sense on their own (sizes, ranges, names, references);
//! - `versions`: RDS and ElastiCache engine versions, against the account when read live;
//! - `zones`: availability zones and where instance types are offered;
//! - `network`: CIDRs, subnets and their room;
//! - `quotas`: what the stage demands against the account's quotas;
//! - `limits`: CloudFormation's limits on the synthesized templates.
//!
//! All problems are reported at once, in source order.

mod capacity;
mod extensions;
pub mod facts;
mod findings;
pub mod limits;
mod network;
mod policy_size;
mod quotas;
mod schema;
pub use quotas::{QuotaUse, usage as quota_usage};
mod structure;
mod versions;
mod zones;

pub use facts::{
    Facts, FallbackNote, LiveFacts, LiveRegion, Needs, OfflineFacts, QuotaSource, Zone,
};

use crate::diagnostic::Diagnostic;
use crate::stage::{LoadedStage, Stage};
use crate::synth::StackTemplate;
use findings::Findings;

/// How validation was asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options<'a> {
    /// The base stack name (`--stack-name`), when given; else the stage's name.
    pub stack_name: Option<&'a str>,
    /// True when `network.region` came from `--region` rather than the file.
    pub region_from_flag: bool,
}

/// Rules on the stage alone. Synthesis should only run when these found no error.
pub fn check_stage(
    loaded: &LoadedStage,
    facts: &dyn Facts,
    options: Options<'_>,
) -> Vec<Diagnostic> {
    let mut findings = Findings::new(loaded, options.region_from_flag);
    fallback_notes(&mut findings, facts);
    structure::check(&loaded.stage, &mut findings);
    versions::check(&loaded.stage, facts, &mut findings);
    zones::check(&loaded.stage, facts, &mut findings);
    network::check(&loaded.stage, &mut findings);
    capacity::check_assumptions(&loaded.stage, &mut findings);
    // Sizing a stage whose shape is wrong says nothing useful (and a shard count far past
    // the limit would be placed one by one): capacity is checked on a sound stage only.
    if !findings.has_errors() {
        capacity::check(&loaded.stage, &mut findings);
    }
    // Raw resources and overrides are checked against the stacks scalectl makes, which a
    // sound stage only has.
    if !findings.has_errors() {
        let base = options.stack_name.unwrap_or(&loaded.stage.name);
        extensions::check(&loaded.stage, base, &mut findings);
    }
    findings.finish()
}

/// Rules on the synthesized stacks: quotas and CloudFormation limits.
pub fn check_stacks(
    loaded: &LoadedStage,
    stacks: &[StackTemplate],
    facts: &dyn Facts,
    options: Options<'_>,
) -> Vec<Diagnostic> {
    let mut findings = Findings::new(loaded, options.region_from_flag);
    quotas::check(&loaded.stage, stacks, facts, &mut findings);
    let base = options.stack_name.unwrap_or(&loaded.stage.name);
    limits::check(
        &loaded.stage,
        base,
        options.stack_name.is_some(),
        stacks,
        &mut findings,
    );
    policy_size::check(&loaded.stage, base, stacks, &mut findings);
    schema::check(
        loaded,
        base,
        options.stack_name.is_some(),
        stacks,
        &mut findings,
    );
    findings.finish()
}

/// What the live provider should read for a stage.
pub fn needs(stage: &Stage) -> Needs {
    let mut instance_types = vec![stage.compute.web.instance_type.clone()];
    if let Some(spot) = &stage.compute.web.spot {
        for t in &spot.instance_types {
            if !instance_types.contains(t) {
                instance_types.push(t.clone());
            }
        }
    }
    Needs {
        regions: region_uses(stage).into_iter().map(|r| r.code).collect(),
        instance_types,
        db_engine: stage
            .data
            .database
            .as_ref()
            .map(|db| db.engine.cfn_name().to_string()),
        cache_engine: stage
            .cache
            .as_ref()
            .map(|c| versions::cache_engine_name(c.engine).to_string()),
    }
}

/// At full scale: web instances at the Auto Scaling maximum (0 for a single box) and
/// container tasks at their maximum.
pub(crate) fn full_scale(stage: &Stage) -> (u64, u64) {
    let web = &stage.compute.web;
    let fleet = match web.mode {
        crate::stage::WebMode::Fleet => u64::from(web.max),
        crate::stage::WebMode::Single => 0,
    };
    let tasks = stage
        .compute
        .services
        .iter()
        .map(|s| u64::from(s.max))
        .sum();
    (fleet, tasks)
}

/// One region a stage deploys to, with the paths of its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegionUse {
    /// Region code.
    pub code: String,
    /// Path of the region's name in the stage.
    pub path: String,
    /// The VPC CIDR used there.
    pub vpc_cidr: String,
    /// Path of that CIDR.
    pub cidr_path: String,
}

/// The regions of a stage: `regions:` when given, else `network.region`.
pub(crate) fn region_uses(stage: &Stage) -> Vec<RegionUse> {
    if stage.regions.is_empty() {
        return vec![RegionUse {
            code: stage.network.region.clone(),
            path: "network.region".to_string(),
            vpc_cidr: stage.network.vpc_cidr.clone(),
            cidr_path: "network.vpc_cidr".to_string(),
        }];
    }
    stage
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| RegionUse {
            code: r.name.clone(),
            path: format!("regions[{i}].name"),
            vpc_cidr: r.vpc_cidr.clone(),
            cidr_path: format!("regions[{i}].vpc_cidr"),
        })
        .collect()
}

fn fallback_notes(findings: &mut Findings<'_>, facts: &dyn Facts) {
    for note in facts.fallbacks() {
        findings.push(Diagnostic::warning(
            crate::diagnostic::codes::validate::LIVE_FALLBACK,
            format!("{}: {}", note.region, note.message),
            None,
            format!(
                "built-in values (as of {}) were used instead; if access was denied, allow ec2:DescribeAvailabilityZones, ec2:DescribeInstanceTypeOfferings, ec2:DescribeAccountAttributes, servicequotas:GetServiceQuota, rds:DescribeDBEngineVersions and elasticache:DescribeCacheEngineVersions",
                facts.as_of()
            ),
        ));
    }
}
