//! RDS: one primary per shard homed in this region, each with its read replicas.
//!
//! RDS generates and rotates the master password in Secrets Manager
//! (`ManageMasterUserPassword`); no password appears in any template.

use super::SynthError;
use super::context::{Ctx, att, r};
use crate::cfn::resources::{NumStr, rds};
use crate::cfn::{LogicalId, Value, lit};

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

/// Add the subnet group, primaries and replicas.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let Some(db) = ctx.stage.data.database.clone() else {
        return Ok(());
    };
    if ctx.shards.is_empty() {
        return Ok(());
    }
    let Some(sg) = ctx.known.db_sg.clone() else {
        return Ok(());
    };
    let subnet_group = ctx.add(
        "DatabaseSubnetGroup",
        &rds::DbSubnetGroup {
            db_subnet_group_description: lit("Data subnets for the databases"),
            subnet_ids: ctx.net.data.iter().map(|s| r(s)).collect(),
            tags: ctx.tags("db"),
        },
    )?;
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
                db_subnet_group_name: Some(r(&subnet_group)),
                vpc_security_groups: vec![r(&sg)],
                master_username: Some(lit(db.master_username.clone())),
                manage_master_user_password: Some(Value::Lit(true)),
                db_name: Some(lit(db.database_name.clone())),
                backup_retention_period: Some(Value::Lit(db.backup_retention_days)),
                deletion_protection: Some(Value::Lit(true)),
                copy_tags_to_snapshot: Some(Value::Lit(true)),
                publicly_accessible: Some(Value::Lit(false)),
                auto_minor_version_upgrade: Some(Value::Lit(true)),
                tags: ctx.tags(&name),
                ..rds::DbInstance::new(lit(db.instance_class.clone()))
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
        for replica in 1..=db.read_replicas {
            let replica_id = ctx.add(
                LogicalId::new([&primary, "Replica", &replica.to_string()]),
                &rds::DbInstance {
                    source_db_instance_identifier: Some(r(&primary)),
                    vpc_security_groups: vec![r(&sg)],
                    storage_type: Some(lit("gp3")),
                    publicly_accessible: Some(Value::Lit(false)),
                    auto_minor_version_upgrade: Some(Value::Lit(true)),
                    deletion_protection: Some(Value::Lit(true)),
                    copy_tags_to_snapshot: Some(Value::Lit(true)),
                    tags: ctx.tags(&format!("{name}-replica-{replica}")),
                    ..rds::DbInstance::new(lit(db.instance_class.clone()))
                },
            )?;
            ctx.known.replicas.push(replica_id);
        }
    }
    Ok(())
}
