//! Capacity rule: a stage that states its load (`capacity.users`) should hold it. A tier
//! that does not is a warning (the model is an estimate, not a measurement), located at the
//! field that sizes the tier, with the size that would hold it when the stage's shape allows.

use super::findings::Findings;
use crate::capacity::{
    MAX_CACHE_NODES, MAX_CACHE_REPLICAS, MAX_READ_REPLICAS, MAX_SHARDS_PER_REGION, Tier, assess,
    count, size, vcpus,
};
use crate::diagnostic::Diagnostic;
use crate::stage::{Assumptions, MOST_ASSUMED, Stage, WebMode};

/// The stage fields whose growth grows this tier.
fn sized_by(tier: Tier) -> &'static [&'static str] {
    match tier {
        Tier::Application => &["compute.web.max", "compute.web.min", "compute.web.desired"],
        Tier::DatabaseWrites => &["data.database.shards"],
        Tier::DatabaseReads => &["data.database.read_replicas", "data.database.shards"],
        Tier::Cache => &["cache.shards", "cache.replicas_per_shard"],
        Tier::Tables => &[],
    }
}

/// Why counts alone cannot hold a tier of this stage, and what would.
fn cap(stage: &Stage, tier: Tier) -> String {
    let db = stage.data.database.as_ref();
    let explicit = stage.regions.iter().any(|r| r.shards.is_some());
    match tier {
        Tier::Application if stage.compute.web.mode == WebMode::Single => {
            "one box serves every request: a larger `compute.web.instance_type`, or a stage with a fleet behind a load balancer (stage2 and up)".to_string()
        }
        Tier::Application if vcpus(&stage.compute.web.instance_type).is_none() => {
            "the fleet's instance type has no known vCPU count: use a current type from the catalog".to_string()
        }
        Tier::Application => {
            "no fleet size holds it with these assumptions: a larger `compute.web.instance_type`, more regions (stage7), or measured `capacity.assumptions`".to_string()
        }
        Tier::DatabaseWrites if stage.compute.web.runs_database => {
            "the database shares the one box: a larger `compute.web.instance_type`, or a stage with its own database (stage2 and up)".to_string()
        }
        Tier::DatabaseWrites if db.is_some_and(|d| d.shards > 1) && explicit => {
            "shards are placed by the regions' `shards:` lists: add shards to `data.database.shards` and to the lists, or a larger `data.database.instance_class`".to_string()
        }
        Tier::DatabaseWrites if db.is_some_and(|d| d.shards > 1) => format!(
            "sizing stops at {MAX_SHARDS_PER_REGION} shards per region: a larger `data.database.instance_class`, or more regions (stage7)"
        ),
        Tier::DatabaseWrites => {
            "one primary takes every write: a larger `data.database.instance_class`, or a sharded stage (stage5 and up)".to_string()
        }
        Tier::DatabaseReads if stage.compute.web.runs_database => {
            "the database shares the one box: a larger `compute.web.instance_type`, or a stage with replicas and a cache (stage3 and up)".to_string()
        }
        Tier::DatabaseReads if db.is_some_and(|d| d.read_replicas == 0) => {
            "the database has no read replicas: add `data.database.read_replicas`, a cache, or a larger `data.database.instance_class`".to_string()
        }
        Tier::DatabaseReads => format!(
            "{MAX_READ_REPLICAS} read replicas per shard is RDS's limit: more shards, a larger `data.database.instance_class`, or a higher `capacity.assumptions.cache_hit_ratio` if the cache earns it"
        ),
        Tier::Cache if stage.cache.as_ref().is_some_and(|c| c.shards > 1) => format!(
            "{MAX_CACHE_NODES} nodes is ElastiCache's limit for a cluster: a larger `cache.node_type`"
        ),
        Tier::Cache => format!(
            "{MAX_CACHE_REPLICAS} replicas per shard is ElastiCache's limit: more `cache.shards` or a larger `cache.node_type`"
        ),
        Tier::Tables => {
            "each on-demand table takes `capacity.assumptions.table_units_per_second`: ask AWS for a higher table throughput quota and state it there, or split the table".to_string()
        }
    }
}

/// Numeric assumptions are rates (a vCPU serves some operations a second: at least
/// [`crate::stage::LEAST_RATE`]) or amounts (kilobytes, gigabytes, operations per request: zero or more),
/// all at most [`MOST_ASSUMED`]. `.inf` and `.nan` are YAML too, and neither is a measurement.
pub(crate) fn check_assumptions(stage: &Stage, f: &mut Findings<'_>) {
    let Some(spec) = &stage.capacity else {
        return;
    };
    let defaults = Assumptions::default().bounded();
    for ((name, value, least), (_, default, _)) in
        spec.assumptions.bounded().into_iter().zip(defaults)
    {
        if value.is_finite() && (least..=MOST_ASSUMED).contains(&value) {
            continue;
        }
        let lowest = if least > 0.0 {
            format!("at least {least}")
        } else {
            "0 or more".to_string()
        };
        f.error(
            crate::diagnostic::codes::validate::OUT_OF_RANGE,
            &format!("capacity.assumptions.{name}"),
            format!(
                "capacity assumption `{name}` is {value}; it must be a number {lowest}, at most {MOST_ASSUMED:e}"
            ),
            format!("write a measured figure, or remove `{name}` to use the default ({default})"),
        );
    }
}

/// Check every tier against the stated load.
pub(crate) fn check(stage: &Stage, f: &mut Findings<'_>) {
    let Some(spec) = &stage.capacity else {
        return;
    };
    let assessment = assess(stage, spec);
    if assessment.holds() {
        return;
    }
    let sizing = size(stage, spec);
    let users = spec.users;
    // With measured assumptions, recommend reads them from the file itself.
    let recommend = match f.file_name() {
        Some(file) if !spec.default_assumptions() => {
            let file = file.strip_prefix("builtin:").unwrap_or(&file).to_string();
            format!("`scalectl recommend --capacity-from {file}`")
        }
        _ => format!("`scalectl recommend {}`", spec.flags()),
    };
    for check in assessment.short() {
        let changes: Vec<String> = sizing
            .changes
            .iter()
            // Only what grows the tier: sizing may also trim what the load does not need.
            .filter(|c| sized_by(check.tier).contains(&c.path.as_str()) && c.to > c.from)
            .map(|c| format!("`{}: {}` (now {})", c.path, c.to, c.from))
            .collect();
        let sized_holds = sizing
            .assessment
            .checks
            .iter()
            .find(|c| c.tier == check.tier)
            .is_some_and(|c| c.ok);
        let help = match (changes.is_empty(), sized_holds) {
            (false, true) => format!(
                "set {} to hold this tier ({recommend} explains the arithmetic)",
                changes.join(", ")
            ),
            (false, false) => format!(
                "{} grows this tier but does not hold it: {}; {recommend} names a stage that holds the load",
                changes.join(", "),
                cap(stage, check.tier)
            ),
            (true, _) => format!(
                "{}; {recommend} names a stage that holds the load, or lower `capacity.users`, or state measured `capacity.assumptions`",
                cap(stage, check.tier)
            ),
        };
        let message = format!(
            "at {users} users the {} tier needs {} {} at the peak (+{} headroom), the stage holds {} ({})",
            check.tier.name(),
            count(check.need),
            check.unit,
            spec.assumptions.headroom,
            count(check.holds),
            check.capacity
        );
        let diagnostic = Diagnostic::warning(
            crate::diagnostic::codes::validate::CAPACITY,
            message,
            f.at(check.path),
            help,
        )
        .with_related_opt(f.at("capacity.users"), "the load is stated here")
        .with_label(format!("holds {} {}", count(check.holds), check.unit));
        f.push(diagnostic);
    }
}
