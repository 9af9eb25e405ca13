//! Climbing from one stage to another on the same stacks: what a deploy of the new stage over
//! the old one would meet (update-time findings, stateful resources lost, stacks left
//! behind), and the data that has to move, as expand, migrate and contract steps.
//!
//! Pure: both stages come in synthesized; each new stack is judged against the old stack of
//! the same name, as `deploy` would find it.

use crate::diff::update_rules::{self, Severity, UpdateFinding};
use crate::diff::{self, Impact};
use crate::stage::{Stage, WebMode};
use crate::synth::placement::{self, PlacementChange};
use crate::synth::{StackTemplate, stack_order};
use serde::Serialize;
use std::collections::BTreeSet;

/// A stateful resource the climb would replace or delete: the data-loss guard refuses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lost {
    /// The stack.
    pub stack: String,
    /// Logical ID.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// `replace`, `may-replace` or `destroy`.
    pub impact: Impact,
}

/// Data that moves between resources on this climb.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataMove {
    /// What moves, in a line.
    pub what: String,
    /// What this deploy creates beside the old resource (nothing is deleted).
    pub expand: String,
    /// How the data moves: steps and commands to run once this deploy is done.
    pub migrate: Vec<String>,
    /// What removes the old resource, and when.
    pub contract: String,
}

/// The climb from one stage to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transition {
    /// The stage climbed from.
    pub from: String,
    /// What the update-time rules find on the way, refusals first.
    pub findings: Vec<UpdateFinding>,
    /// Stateful resources replaced or deleted (refused without `--allow-replace`).
    pub lost: Vec<Lost>,
    /// Stacks of the old stage the new one does not deploy: what they hold stays where it is.
    pub left_behind: Vec<String>,
    /// Data that moves, step by step.
    pub moves: Vec<DataMove>,
}

impl Transition {
    /// True when a deploy of the new stage over the old one goes through as it stands:
    /// nothing refused, no stateful resource lost, no stack left behind.
    pub fn climbs(&self) -> bool {
        self.lost.is_empty()
            && self.left_behind.is_empty()
            && !update_rules::refuses(&self.findings)
    }
}

/// Judge the climb from `from` (synthesized as `from_stacks`) to `to` (as `to_stacks`),
/// with `base` the stack name both deploy under.
pub fn assess(
    from: &Stage,
    from_stacks: &[StackTemplate],
    to: &Stage,
    to_stacks: &[StackTemplate],
    base: &str,
) -> Transition {
    let old: Vec<(String, serde_json::Value)> = from_stacks
        .iter()
        .map(|s| (s.stack_name(base), s.template.to_value()))
        .collect();
    let new: Vec<(String, serde_json::Value)> = to_stacks
        .iter()
        .map(|s| (s.stack_name(base), s.template.to_value()))
        .collect();
    let deployed = |name: &str| old.iter().find(|(n, _)| n == name).map(|(_, t)| t);
    let mut findings = Vec::new();
    let mut lost = Vec::new();
    for (name, template) in &new {
        let before = deployed(name);
        let diff = diff::compare(before, template);
        for blocked in diff::guard(&diff, &BTreeSet::new()) {
            lost.push(Lost {
                stack: name.clone(),
                logical_id: blocked.logical_id,
                resource_type: blocked.resource_type,
                impact: blocked.impact,
            });
        }
        findings.extend(
            update_rules::check(before, template, &diff)
                .into_iter()
                .map(|f| UpdateFinding {
                    stack: name.clone(),
                    ..f
                }),
        );
    }
    let left: Vec<&(String, serde_json::Value)> = old
        .iter()
        .filter(|(name, _)| !new.iter().any(|(n, _)| n == name))
        .collect();
    // The stacks left behind keep their records: judged as deployed and unchanged.
    let deps = stack_order::dependencies(to_stacks).unwrap_or_default();
    let records: Vec<(&str, Option<&serde_json::Value>, &serde_json::Value)> = new
        .iter()
        .map(|(name, t)| (name.as_str(), deployed(name), t))
        .chain(left.iter().map(|(name, t)| (name.as_str(), Some(t), t)))
        .collect();
    findings.extend(update_rules::check_graph(&records, &deps));
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let left_behind = left.iter().map(|(name, _)| name.clone()).collect();
    Transition {
        from: from.name.clone(),
        findings,
        lost,
        left_behind,
        moves: moves(from, to, base),
    }
}

/// The data moves between two stages.
fn moves(from: &Stage, to: &Stage, base: &str) -> Vec<DataMove> {
    let mut out = Vec::new();
    let box_db = from.compute.web.mode == WebMode::Single && from.compute.web.runs_database;
    if box_db
        && !to.compute.web.runs_database
        && let Some(db) = &to.data.database
    {
        out.push(DataMove {
            what: "the database moves from the box's own PostgreSQL to RDS".to_string(),
            expand: format!(
                "this deploy creates the RDS database `Database` ({} {}) beside the box; the box keeps its PostgreSQL and its data, and is stopped and started, not replaced",
                db.engine.cfn_name(),
                db.engine_version
            ),
            migrate: vec![
                format!(
                    "open a shell on the box: aws ssm start-session --target $(aws cloudformation describe-stacks --stack-name {base} --query \"Stacks[0].Outputs[?OutputKey=='WebInstanceId'].OutputValue\" --output text)"
                ),
                format!(
                    "on the box, read the RDS password: export PGPASSWORD=$(aws secretsmanager get-secret-value --secret-id <DatabaseSecretArn output> --query SecretString --output text | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"password\"])')"
                ),
                format!(
                    "copy the data: sudo -u postgres pg_dump --no-owner app | psql \"host=<DatabaseEndpoint output> user={} dbname={} sslmode=require\" --set ON_ERROR_STOP=1",
                    db.master_username, db.database_name
                ),
                "point the application at RDS (the stack's outputs DatabaseEndpoint and DatabaseSecretArn; user data does not run again on a booted box, so it gets no env file), check it, then stop the box's PostgreSQL: sudo systemctl disable --now postgresql".to_string(),
            ],
            contract: "the stage that replaces the box with a fleet (stage2) removes it; its root volume, with the old database, is kept (DeleteOnTermination: false) until you delete it by hand".to_string(),
        });
    }
    let (old_shards, new_shards) = (
        from.data.database.as_ref().map_or(0, |d| d.shards.max(1)),
        to.data.database.as_ref().map_or(0, |d| d.shards.max(1)),
    );
    let change: PlacementChange = placement::moves(&placement::place(from), &placement::place(to));
    if old_shards == 1 && new_shards > 1 {
        let key = to
            .data
            .database
            .as_ref()
            .map_or("the shard key", |d| d.shard_key.as_str());
        out.push(DataMove {
            what: format!("rows move from one database to {new_shards} shards, by `{key}`"),
            expand: format!(
                "this deploy creates shards 1..{} empty; `Database` becomes shard 0 in place and keeps every row it has; the shard map (SSM, under DB_SHARD_MAP) publishes each shard's key range",
                new_shards - 1
            ),
            migrate: vec![
                "read each shard's key range from the shard map: aws ssm get-parameters-by-path --path <DB_SHARD_MAP> --recursive".to_string(),
                format!(
                    "for each shard, copy the rows whose hashed `{key}` falls in its range from the shard that holds them today (COPY ... TO STDOUT piped into COPY ... FROM STDIN through Session Manager on a web instance)"
                ),
                "switch the application to route every read and write by the shard map; check counts per range".to_string(),
            ],
            contract: "delete the moved rows from the shards that gave them, by key range, once every read goes through the map; no deploy deletes a shard".to_string(),
        });
    } else if let Some((a, b)) = change.resharded {
        out.push(DataMove {
            what: format!("{a} shards become {b}: every shard's key range changes"),
            expand: "this deploy creates the new shards empty; existing shards keep their rows, and the shard map publishes the new ranges".to_string(),
            migrate: vec![
                "keep routing by the old ranges while rows are copied: for each shard, copy the rows whose key now falls in another shard's range there".to_string(),
                "switch the application to the new shard map; check counts per range".to_string(),
            ],
            contract: "delete rows from shards whose range no longer holds them; a shard left empty goes only in a later, guarded deploy".to_string(),
        });
    }
    let (old_regions, new_regions) = (from.regions.len().max(1), to.regions.len().max(1));
    if new_regions > old_regions {
        let homes: Vec<String> = change
            .moves
            .iter()
            .filter_map(|m| {
                let (from_region, _) = m.from.as_ref()?;
                let (to_region, _) = m.to.as_ref()?;
                (from_region != to_region)
                    .then(|| format!("shard {} ({from_region} -> {to_region})", m.shard))
            })
            .collect();
        out.push(DataMove {
            what: format!("the stage grows from {old_regions} region to {new_regions}"),
            expand: "this deploy creates the new regions' stacks; global tables gain a replica per new region, and DynamoDB copies their items there itself".to_string(),
            migrate: vec![
                if homes.is_empty() {
                    "shards keep their home region: nothing to copy".to_string()
                } else {
                    format!(
                        "shards whose home region changes get a new, empty primary in their new home: {}; copy each one's rows there (pg_dump | psql, or an RDS cross-region read replica promoted at cut-over)",
                        homes.join(", ")
                    )
                },
            ],
            contract: if homes.is_empty() {
                "nothing to remove: every shard stays in the stack that holds it".to_string()
            } else {
                "once traffic for the moved tenants reaches their new home, remove the old copies in a later, guarded deploy".to_string()
            },
        });
    }
    out
}

/// The rolling-update pace of a stage's web fleet at its largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rollout {
    /// The fleet's maximum.
    pub instances: u32,
    /// Instances replaced per batch.
    pub batch: u32,
    /// Instances kept in service.
    pub min_in_service: u32,
    /// Batches at the maximum.
    pub batches: u32,
    /// Estimated minutes to roll the largest fleet.
    pub minutes: u32,
}

/// How a new image or bootstrap rolls over the stage's web fleet, if it has one.
pub fn rollout(stage: &Stage) -> Option<Rollout> {
    let web = &stage.compute.web;
    if web.mode != WebMode::Fleet {
        return None;
    }
    let pace = crate::synth::RollingPace::of(web.min, web.max);
    Some(Rollout {
        instances: web.max,
        batch: pace.batch,
        min_in_service: pace.min_in_service,
        batches: pace.batches(web.max),
        minutes: pace.estimated_minutes(web.max),
    })
}

/// How a container service rolls out a new version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceRollout {
    /// The service.
    pub service: String,
    /// `rolling`, `blue_green`, `canary` or `linear`.
    pub strategy: &'static str,
    /// Canary: the first share of production traffic, in percent; linear: the step.
    pub percent: Option<f64>,
    /// Minutes both revisions run after the shift (none for rolling).
    pub bake_minutes: Option<u32>,
    /// Minutes the deployment bakes in all, as CloudFormation counts them (0 for rolling).
    pub total_bake_minutes: u32,
}

/// Each container service's rollout.
pub fn service_rollouts(stage: &Stage) -> Vec<ServiceRollout> {
    use crate::stage::Strategy;
    stage
        .compute
        .services
        .iter()
        .map(|s| {
            let r = &s.rollout;
            ServiceRollout {
                service: s.name.clone(),
                strategy: r.strategy.name(),
                percent: match r.strategy {
                    Strategy::Canary => Some(r.canary().0),
                    Strategy::Linear => Some(r.linear().0),
                    _ => None,
                },
                bake_minutes: r.strategy.shifts_traffic().then(|| r.bake()),
                total_bake_minutes: r.total_bake_minutes(),
            }
        })
        .collect()
}

/// The findings that stop the climb, for tests and summaries.
pub fn refusals(t: &Transition) -> Vec<&UpdateFinding> {
    t.findings
        .iter()
        .filter(|f| f.severity == Severity::Refuse)
        .collect()
}
