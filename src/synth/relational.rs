//! RDS: one primary per shard homed in this region, each with its read replicas.
//!
//! RDS generates and rotates the master password in Secrets Manager
//! (`ManageMasterUserPassword`); no password appears in any template.

use super::SynthError;
use super::context::{Ctx, att, r};
use super::placement::KeyRange;
use crate::cfn::resources::iam::PolicyDocument;
use crate::cfn::resources::{NumStr, iam, rds, ssm};
use crate::cfn::template::RetentionPolicy;
use crate::cfn::{LogicalId, Value, lit};
use crate::stage::Engine;

/// The logical ID of shard `index`'s primary. Shard 0 is always `Database`, so the
/// database of an unsharded stage becomes shard 0 when the stage grows shards, and is
/// updated in place rather than replaced.
pub fn primary_id(index: u32) -> String {
    if index == 0 {
        "Database".to_string()
    } else {
        format!("DatabaseShard{index}")
    }
}

/// Add the subnet group, then the primaries and replicas of the shards this stack holds.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    if ctx.stage.data.database.is_none() || ctx.shards.is_empty() || ctx.known.db_sg.is_none() {
        return Ok(());
    }
    let subnet_group = ctx.add(
        SUBNET_GROUP,
        &rds::DbSubnetGroup {
            db_subnet_group_description: lit("Data subnets for the databases"),
            subnet_ids: ctx.net.data.iter().map(|s| r(s)).collect(),
            tags: ctx.tags("db"),
        },
    )?;
    shards(ctx, &subnet_group)
}

/// The logical ID of the database subnet group (also the name of the parameter that
/// carries it into a shard stack).
pub const SUBNET_GROUP: &str = "DatabaseSubnetGroup";

/// Add the primary and replicas of every shard in `ctx.shards`, in `subnet_group` (a
/// resource here or a parameter of a shard stack: `Ref` reads the same either way).
pub fn shards(ctx: &mut Ctx<'_>, subnet_group: &str) -> Result<(), SynthError> {
    let (Some(db), Some(sg)) = (ctx.stage.data.database.clone(), ctx.known.db_sg.clone()) else {
        return Ok(());
    };
    let monitoring = ctx.add(
        MONITORING_ROLE,
        &iam::Role {
            description: Some(lit("RDS Enhanced Monitoring publishes OS metrics to CloudWatch Logs")),
            managed_policy_arns: vec![Value::sub(
                "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
            )],
            tags: ctx.tags("db-monitoring"),
            ..iam::Role::new(PolicyDocument::assume_role("monitoring.rds.amazonaws.com"))
        },
    )?;
    let observed = Observed::of(&db, &monitoring);
    for shard in ctx.shards.clone() {
        let id = primary_id(shard);
        let name = if db.shards <= 1 {
            "db".to_string()
        } else {
            format!("db-shard-{shard}")
        };
        let primary = ctx.add(
            id.as_str(),
            &rds::DbInstance {
                engine: Some(lit(db.engine.cfn_name())),
                engine_version: Some(lit(db.engine_version.clone())),
                db_instance_class: lit(db.instance_class.clone()),
                allocated_storage: Some(Value::Lit(NumStr(db.storage_gb))),
                max_allocated_storage: db.max_storage_gb.map(Value::Lit),
                storage_type: Some(lit("gp3")),
                storage_encrypted: Some(Value::Lit(true)),
                multi_az: Some(Value::Lit(db.multi_az)),
                db_subnet_group_name: Some(r(subnet_group)),
                vpc_security_groups: vec![r(&sg)],
                master_username: Some(lit(db.master_username.clone())),
                manage_master_user_password: Some(Value::Lit(true)),
                db_name: Some(lit(db.database_name.clone())),
                backup_retention_period: Some(Value::Lit(db.backup_retention_days)),
                deletion_protection: Some(Value::Lit(true)),
                copy_tags_to_snapshot: Some(Value::Lit(true)),
                publicly_accessible: Some(Value::Lit(false)),
                auto_minor_version_upgrade: Some(Value::Lit(true)),
                enable_iam_database_authentication: Some(Value::Lit(true)),
                enable_cloudwatch_logs_exports: observed.log_exports.clone(),
                tags: ctx.tags(&name),
                ..observed.apply(rds::DbInstance::new(lit(db.instance_class.clone())))
            },
        )?;
        ctx.output(
            &LogicalId::new([&primary, "Endpoint"]).to_string(),
            &format!("Writer endpoint of {name}"),
            att(&primary, "Endpoint.Address"),
        )?;
        ctx.output(
            &LogicalId::new([&primary, "SecretArn"]).to_string(),
            &format!("Secrets Manager secret holding {name}'s master password"),
            att(&primary, "MasterUserSecret.SecretArn"),
        )?;
        ctx.known.databases.push(primary.clone());
        let mut replicas = Vec::new();
        for replica in 1..=db.read_replicas {
            // A replica holds a copy of its primary and nothing of its own: AWS takes no
            // final snapshot of a read replica (a `Snapshot` policy does nothing), and a
            // deletion-protected one could not be removed when a later stage lowers
            // `read_replicas`. So replicas are deleted outright and carry no protection.
            let id = LogicalId::new([&primary, "Replica", &replica.to_string()]);
            let replica = rds::DbInstance {
                source_db_instance_identifier: Some(r(&primary)),
                vpc_security_groups: vec![r(&sg)],
                storage_type: Some(lit("gp3")),
                publicly_accessible: Some(Value::Lit(false)),
                auto_minor_version_upgrade: Some(Value::Lit(true)),
                copy_tags_to_snapshot: Some(Value::Lit(true)),
                tags: ctx.tags(&format!("{name}-replica-{replica}")),
                ..observed.apply(rds::DbInstance::new(lit(db.instance_class.clone())))
            };
            let replica_id =
                ctx.add_shaped(id, &replica, |r| r.with_retention(RetentionPolicy::Delete))?;
            ctx.known.replicas.push(replica_id.clone());
            replicas.push(replica_id);
        }
        if db.shards > 1 {
            shard_map_entry(ctx, shard, db.shards, &primary, &replicas)?;
        }
    }
    Ok(())
}

/// The logical ID of the role Enhanced Monitoring publishes with (one per stack).
pub const MONITORING_ROLE: &str = "DatabaseMonitoringRole";

/// Seconds between Enhanced Monitoring samples.
const MONITORING_INTERVAL: u32 = 60;

/// Days Performance Insights keeps data: the free tier.
const INSIGHTS_DAYS: u32 = 7;

/// RDS for MySQL (and MariaDB) classes Performance Insights does not support (RDS User
/// Guide, "Amazon RDS DB engine, Region, and instance class support for Database Insights",
/// read 2026-12-03); RDS for PostgreSQL supports every class.
const NO_INSIGHTS_MYSQL: &[&str] = &[
    "db.t2.micro",
    "db.t2.small",
    "db.t3.micro",
    "db.t3.small",
    "db.t4g.micro",
    "db.t4g.small",
];

/// What every instance, primary or replica, is observed with: Enhanced Monitoring,
/// Performance Insights (free tier) where the class supports it, and the engine's logs in
/// CloudWatch Logs. Each is changed in place, without interruption.
struct Observed {
    role: String,
    insights: bool,
    log_exports: Vec<Value<String>>,
}

impl Observed {
    fn of(db: &crate::stage::Database, role: &str) -> Self {
        let (insights, logs): (bool, &[&str]) = match db.engine {
            Engine::Postgres => (true, &["postgresql", "upgrade"]),
            Engine::Mysql => (
                !NO_INSIGHTS_MYSQL.contains(&db.instance_class.as_str()),
                &["error", "slowquery"],
            ),
        };
        Observed {
            role: role.to_string(),
            insights,
            log_exports: logs.iter().map(|l| lit(*l)).collect(),
        }
    }

    fn apply(&self, instance: rds::DbInstance) -> rds::DbInstance {
        rds::DbInstance {
            monitoring_interval: Some(Value::Lit(MONITORING_INTERVAL)),
            monitoring_role_arn: Some(att(&self.role, "Arn")),
            enable_performance_insights: Some(Value::Lit(self.insights)),
            performance_insights_retention_period: self
                .insights
                .then_some(Value::Lit(INSIGHTS_DAYS)),
            ..instance
        }
    }
}

/// Publish where shard `shard` lives in the shard map: a String parameter under
/// [`Ctx::shard_map`] holding JSON (no secret, only the secret's ARN).
fn shard_map_entry(
    ctx: &mut Ctx<'_>,
    shard: u32,
    total: u32,
    primary: &str,
    replicas: &[String],
) -> Result<(), SynthError> {
    let keys = KeyRange::of(shard, total);
    let readers = replicas
        .iter()
        .map(|id| format!("\"${{{id}.Endpoint.Address}}\""))
        .collect::<Vec<_>>()
        .join(",");
    let value = format!(
        "{{\"shard\":{shard},\"shards\":{total},\"region\":\"${{AWS::Region}}\",\"first_key\":\"{:016x}\",\"last_key\":\"{:016x}\",\"writer\":\"${{{primary}.Endpoint.Address}}\",\"port\":\"${{{primary}.Endpoint.Port}}\",\"secret_arn\":\"${{{primary}.MasterUserSecret.SecretArn}}\",\"readers\":[{readers}]}}",
        keys.start, keys.last
    );
    let mut tags = std::collections::BTreeMap::new();
    for (key, value) in &ctx.stage.tags {
        tags.insert(key.clone(), lit(value.clone()));
    }
    ctx.add(
        LogicalId::new([primary, "MapEntry"]),
        &ssm::Parameter {
            name: Some(Value::sub(format!("{}/{shard}", ctx.shard_map))),
            parameter_type: lit("String"),
            value: Value::sub(value),
            description: Some(lit(format!(
                "Shard {shard} of {total}: home region, key range and endpoints"
            ))),
            tags,
        },
    )?;
    Ok(())
}
