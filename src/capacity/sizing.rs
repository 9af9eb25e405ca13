//! Sizing: the counts a stage's shape lets change (fleet, shards, replicas, cache nodes),
//! set to what a load needs, each change with its arithmetic.

use super::{Assessment, Load, assess, count, flow, units};
use crate::stage::{CapacitySpec, Stage, WebMode};
use serde::Serialize;

/// One change sizing made to a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resize {
    /// The stage field.
    pub path: String,
    /// Its value before.
    pub from: u32,
    /// Its value after.
    pub to: u32,
    /// Why, with the arithmetic.
    pub why: String,
}

/// A stage sized for a load.
#[derive(Debug, Clone, PartialEq)]
pub struct Sizing {
    /// The stage with its counts changed.
    pub stage: Stage,
    /// What changed.
    pub changes: Vec<Resize>,
    /// The sized stage against the load.
    pub assessment: Assessment,
}

/// Largest read replica count RDS allows per primary (PostgreSQL and MySQL).
pub const MAX_READ_REPLICAS: u32 = 15;
/// Largest replica count ElastiCache allows per shard.
pub const MAX_CACHE_REPLICAS: u32 = 5;
/// Largest node count (shards x (1 + replicas)) ElastiCache allows a cluster; validation
/// enforces it.
pub const MAX_CACHE_NODES: u32 = 500;
/// Largest shard count sizing proposes per region.
pub const MAX_SHARDS_PER_REGION: u32 = 64;

/// A count that holds `v`: rounded up, saturating at `u32::MAX` (an unbounded need is the
/// most there is, not none); NaN and anything not above zero need none.
fn ceil_u32(v: f64) -> u32 {
    if v > 0.0 {
        v.ceil().min(f64::from(u32::MAX)) as u32
    } else {
        0
    }
}

/// Size the counts a stage can change (fleet, shards, replicas, cache nodes) to a load,
/// keeping its shape: a single box stays one box, an unsharded database stays one primary.
/// The result's assessment says whether the sized stage holds the load.
pub fn size(stage: &Stage, spec: &CapacitySpec) -> Sizing {
    let a = &spec.assumptions;
    let mut sized = stage.clone();
    sized.capacity = Some(spec.clone());
    let mut changes = Vec::new();
    let load = Load::of(spec);
    let flow = flow(stage, &load, a);
    let u = units(stage, a);
    let grow = 1.0 + a.headroom.0;
    let zones = stage.network.availability_zones.count().max(1) as u32;
    let mut change = |path: &str, from: u32, to: u32, why: String| {
        if from != to {
            changes.push(Resize {
                path: path.to_string(),
                from,
                to,
                why,
            });
        }
    };
    if stage.compute.web.mode == WebMode::Fleet && u.web > 0.0 {
        let need = (flow.dynamic * grow - u.services).max(0.0);
        let max = ceil_u32(need / u.web).max(zones);
        let low_need = ((flow.rps_low - flow.rps_low / flow.rps.max(1e-9) * flow.cdn) * grow
            - u.services)
            .max(0.0);
        // A fleet without a scaling policy runs its peak size all the time.
        let min = if stage.compute.web.scaling.is_some() {
            ceil_u32(low_need / u.web).clamp(zones, max)
        } else {
            max
        };
        let web = &mut sized.compute.web;
        change(
            "compute.web.max",
            web.max,
            max,
            format!(
                "{} requests/s x {} (headroom){} / {} requests/s per {} = {max} instances at the peak",
                count(flow.dynamic),
                count(grow),
                if u.services > 0.0 {
                    format!(" - {} served by the services", count(u.services))
                } else {
                    String::new()
                },
                count(u.web),
                web.instance_type
            ),
        );
        change(
            "compute.web.min",
            web.min,
            min,
            if stage.compute.web.scaling.is_some() {
                format!(
                    "the low end of the rate ({} requests/s) needs {min} instances (at least one per zone)",
                    count(flow.rps_low)
                )
            } else {
                "no scaling policy: the fleet runs its peak size".to_string()
            },
        );
        change(
            "compute.web.desired",
            web.desired,
            min,
            if stage.compute.web.scaling.is_some() {
                "starts at the minimum; scaling adds the rest".to_string()
            } else {
                "no scaling policy: the fleet runs its peak size".to_string()
            },
        );
        web.max = max;
        web.min = min;
        web.desired = min;
        if let Some(spot) = &mut web.spot {
            spot.on_demand_base = spot.on_demand_base.min(min);
        }
    }
    if let Some(db) = &mut sized.data.database {
        let regions = stage.regions.len().max(1) as u32;
        let explicit = stage.regions.iter().any(|r| r.shards.is_some());
        if db.shards > 1 && !explicit && u.db_writes > 0.0 {
            let per_region =
                ceil_u32(flow.db_writes * grow / u.db_writes).clamp(2, MAX_SHARDS_PER_REGION);
            let shards = per_region * regions;
            change(
                "data.database.shards",
                db.shards,
                shards,
                format!(
                    "{} writes/s x {} / {} writes/s per {} primary = {per_region} shard{}{}",
                    count(flow.db_writes),
                    count(grow),
                    count(u.db_writes),
                    db.instance_class,
                    if per_region == 1 { "" } else { "s" },
                    if regions > 1 {
                        format!(" per region, {shards} in all")
                    } else {
                        String::new()
                    }
                ),
            );
            db.shards = shards;
        }
        if db.read_replicas > 0 && u.db_reads > 0.0 {
            let per_region_shards = f64::from((db.shards / regions).max(1));
            let instances = ceil_u32(flow.db_reads * grow / per_region_shards / u.db_reads);
            let replicas = instances.saturating_sub(1).clamp(1, MAX_READ_REPLICAS);
            change(
                "data.database.read_replicas",
                db.read_replicas,
                replicas,
                format!(
                    "{} reads/s x {} over {} shard{} / {} reads/s per {} = {instances} instance{} per shard (primary + replicas, at least one replica)",
                    count(flow.db_reads),
                    count(grow),
                    count(per_region_shards),
                    if per_region_shards == 1.0 { "" } else { "s" },
                    count(u.db_reads),
                    db.instance_class,
                    if instances == 1 { "" } else { "s" },
                ),
            );
            db.read_replicas = replicas;
        }
    }
    if let Some(cache) = &mut sized.cache
        && u.cache_node > 0.0
    {
        let nodes = ceil_u32(flow.cache_ops * grow / u.cache_node).max(1);
        let why = |what: String| {
            format!(
                "{} lookups/s x {} / {} lookups/s per {} = {nodes} node{}: {what}",
                count(flow.cache_ops),
                count(grow),
                count(u.cache_node),
                cache.node_type,
                if nodes == 1 { "" } else { "s" }
            )
        };
        if cache.shards > 1 {
            let per_shard = cache.replicas_per_shard.saturating_add(1);
            let shards = nodes
                .div_ceil(per_shard)
                .clamp(2, (MAX_CACHE_NODES / per_shard).max(2));
            change(
                "cache.shards",
                cache.shards,
                shards,
                why(format!("{shards} shards")),
            );
            cache.shards = shards;
        } else {
            let replicas = nodes
                .saturating_sub(1)
                .clamp(cache.replicas_per_shard.min(1), MAX_CACHE_REPLICAS);
            change(
                "cache.replicas_per_shard",
                cache.replicas_per_shard,
                replicas,
                why(format!("a primary and {replicas} replicas")),
            );
            cache.replicas_per_shard = replicas;
        }
    }
    let assessment = assess(&sized, spec);
    Sizing {
        stage: sized,
        changes,
        assessment,
    }
}
