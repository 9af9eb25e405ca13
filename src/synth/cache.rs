//! ElastiCache (Valkey or Redis OSS): a replication group in the data subnets, encrypted at
//! rest and in transit, with automatic failover whenever it has replicas.

use super::SynthError;
use super::context::{Ctx, att, r};
use super::security::CACHE_PORT;
use crate::cfn::resources::elasticache;
use crate::cfn::{Value, lit};
use crate::stage::CacheEngine;

/// Add the cache.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let Some(cache) = ctx.stage.cache.clone() else {
        return Ok(());
    };
    let Some(sg) = ctx.known.cache_sg.clone() else {
        return Ok(());
    };
    let subnet_group = ctx.add(
        "CacheSubnetGroup",
        &elasticache::SubnetGroup {
            description: lit("Data subnets for the cache"),
            subnet_ids: ctx.net.data.iter().map(|s| r(s)).collect(),
        },
    )?;
    let failover = cache.replicas_per_shard > 0;
    let engine = match cache.engine {
        CacheEngine::Valkey => "valkey",
        CacheEngine::Redis => "redis",
    };
    let id = ctx.add(
        "Cache",
        &elasticache::ReplicationGroup {
            engine: Some(lit(engine)),
            engine_version: Some(lit(cache.engine_version.clone())),
            cache_node_type: Some(lit(cache.node_type.clone())),
            num_node_groups: Some(Value::Lit(cache.shards)),
            replicas_per_node_group: Some(Value::Lit(cache.replicas_per_shard)),
            automatic_failover_enabled: Some(Value::Lit(failover || cache.shards > 1)),
            multi_az_enabled: Some(Value::Lit(cache.multi_az && failover)),
            cache_subnet_group_name: Some(r(&subnet_group)),
            security_group_ids: vec![r(&sg)],
            at_rest_encryption_enabled: Some(Value::Lit(true)),
            transit_encryption_enabled: Some(Value::Lit(true)),
            snapshot_retention_limit: Some(Value::Lit(cache.snapshot_retention_days)),
            port: Some(Value::Lit(CACHE_PORT)),
            tags: ctx.tags("cache"),
            ..elasticache::ReplicationGroup::new(Value::sub("${AWS::StackName} application cache"))
        },
    )?;
    let endpoint = if cache.shards > 1 {
        "ConfigurationEndPoint.Address"
    } else {
        "PrimaryEndPoint.Address"
    };
    ctx.output("CacheEndpoint", "Cache endpoint (TLS)", att(&id, endpoint))?;
    ctx.known.cache = Some(id);
    Ok(())
}
