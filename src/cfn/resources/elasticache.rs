//! Amazon ElastiCache: replication groups and cache subnet groups.

use super::Tag;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;

/// `AWS::ElastiCache::ReplicationGroup` (Redis OSS or Valkey).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicationGroup {
    /// What the group is for.
    pub replication_group_description: Value<String>,
    /// `valkey` or `redis`.
    pub engine: Option<Value<String>>,
    /// Engine version.
    pub engine_version: Option<Value<String>>,
    /// Node type, e.g. `cache.t4g.micro`.
    pub cache_node_type: Option<Value<String>>,
    /// Number of shards.
    pub num_node_groups: Option<Value<u32>>,
    /// Replicas per shard.
    pub replicas_per_node_group: Option<Value<u32>>,
    /// Whether a replica is promoted when the primary fails.
    pub automatic_failover_enabled: Option<Value<bool>>,
    /// Whether replicas are spread over Availability Zones.
    #[serde(rename = "MultiAZEnabled")]
    pub multi_az_enabled: Option<Value<bool>>,
    /// The cache subnet group.
    pub cache_subnet_group_name: Option<Value<String>>,
    /// VPC security groups.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<Value<String>>,
    /// Whether data at rest is encrypted.
    pub at_rest_encryption_enabled: Option<Value<bool>>,
    /// Whether connections use TLS.
    pub transit_encryption_enabled: Option<Value<bool>>,
    /// Days automatic snapshots are kept.
    pub snapshot_retention_limit: Option<Value<u32>>,
    /// The port.
    pub port: Option<Value<u16>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ReplicationGroup {
    /// A group with a description and nothing else set.
    pub fn new(description: impl Into<Value<String>>) -> Self {
        ReplicationGroup {
            replication_group_description: description.into(),
            engine: None,
            engine_version: None,
            cache_node_type: None,
            num_node_groups: None,
            replicas_per_node_group: None,
            automatic_failover_enabled: None,
            multi_az_enabled: None,
            cache_subnet_group_name: None,
            security_group_ids: Vec::new(),
            at_rest_encryption_enabled: None,
            transit_encryption_enabled: None,
            snapshot_retention_limit: None,
            port: None,
            tags: Vec::new(),
        }
    }
}

impl ResourceProperties for ReplicationGroup {
    const TYPE: &'static str = "AWS::ElastiCache::ReplicationGroup";
}

/// `AWS::ElastiCache::SubnetGroup`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetGroup {
    /// What the group is for.
    pub description: Value<String>,
    /// The subnets.
    pub subnet_ids: Vec<Value<String>>,
}

impl ResourceProperties for SubnetGroup {
    const TYPE: &'static str = "AWS::ElastiCache::SubnetGroup";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::value::lit;
    use serde_json::json;

    #[test]
    fn replication_group_serializes() -> Result<(), Box<dyn std::error::Error>> {
        let group = ReplicationGroup {
            engine: Some(lit("valkey")),
            engine_version: Some(lit("8.0")),
            cache_node_type: Some(lit("cache.t4g.small")),
            num_node_groups: Some(Value::Lit(1)),
            replicas_per_node_group: Some(Value::Lit(1)),
            automatic_failover_enabled: Some(Value::Lit(true)),
            multi_az_enabled: Some(Value::Lit(true)),
            cache_subnet_group_name: Some(Value::r#ref("CacheSubnets")),
            security_group_ids: vec![Value::get_att("CacheSg", "GroupId")],
            at_rest_encryption_enabled: Some(Value::Lit(true)),
            transit_encryption_enabled: Some(Value::Lit(true)),
            snapshot_retention_limit: Some(Value::Lit(3)),
            port: Some(Value::Lit(6379)),
            ..ReplicationGroup::new("session cache")
        };
        assert_eq!(
            serde_json::to_value(&group)?,
            json!({
                "ReplicationGroupDescription": "session cache",
                "Engine": "valkey",
                "EngineVersion": "8.0",
                "CacheNodeType": "cache.t4g.small",
                "NumNodeGroups": 1,
                "ReplicasPerNodeGroup": 1,
                "AutomaticFailoverEnabled": true,
                "MultiAZEnabled": true,
                "CacheSubnetGroupName": {"Ref": "CacheSubnets"},
                "SecurityGroupIds": [{"Fn::GetAtt": ["CacheSg", "GroupId"]}],
                "AtRestEncryptionEnabled": true,
                "TransitEncryptionEnabled": true,
                "SnapshotRetentionLimit": 3,
                "Port": 6379
            })
        );

        let subnets = SubnetGroup {
            description: lit("cache subnets"),
            subnet_ids: vec![Value::r#ref("DataA")],
        };
        assert_eq!(
            serde_json::to_value(&subnets)?,
            json!({"Description": "cache subnets", "SubnetIds": [{"Ref": "DataA"}]})
        );
        Ok(())
    }
}
