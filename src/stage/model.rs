//! The typed stage model: what a stage file says, layer by layer.
//!
//! Every struct rejects unknown fields, so a misspelt key is an error pointing at the key.
//! Defaults are the secure, documented choices; a stage file only says what differs.

pub use super::capacity::{
    Assumptions, CapacitySpec, LEAST_RATE, MOST_ASSUMED, RateRange, Share, UserCount,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::compute::*;
pub use super::data::*;
pub use super::edge::*;
pub use super::messaging::*;
pub use super::network::*;
pub use super::observability::*;

/// A scaling stage: the whole architecture of one golden path or one user's file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// The stage this one builds on (a built-in name such as `stage3`, or a relative path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Short name, used in stack names and tags (letters, digits, hyphens).
    pub name: String,
    /// One line: what this stage is.
    pub title: String,
    /// What this stage adds over the one it extends, and why.
    #[serde(default)]
    pub adds: Vec<String>,
    /// The network: region, VPC, availability zones, subnets.
    pub network: Network,
    /// Compute: the web tier and container services.
    pub compute: Compute,
    /// The application load balancer, when the web tier has more than one box.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer: Option<LoadBalancer>,
    /// Static assets in S3 behind CloudFront.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edge: Option<Edge>,
    /// Databases, tables and object storage.
    #[serde(default)]
    pub data: Data,
    /// The in-memory cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<Cache>,
    /// Queues, topics and workers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messaging: Option<Messaging>,
    /// The public DNS record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns: Option<Dns>,
    /// Alarms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observability: Option<Observability>,
    /// AWS WAF and logs; on by default.
    #[serde(default)]
    pub security: super::security::Security,
    /// Regions for a multi-region stage; empty means the single `network.region`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<RegionSpec>,
    /// Tags put on every resource that takes them.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The load the stage is sized for and the assumptions behind its sizes and cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<CapacitySpec>,
    /// Quota values known for the target account, by Service Quotas code
    /// (`L-1216C47A: 256`). Validation holds the stage to them as it does to live values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub quotas: BTreeMap<String, f64>,
    /// Raw CloudFormation resources added to the stage's stacks, by logical ID.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, super::extensions::RawResource>,
    /// Patches on the properties of resources scalectl synthesizes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<super::extensions::Override>,
}

/// One region of a multi-region stage.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionSpec {
    /// Region code.
    pub name: String,
    /// This region's VPC CIDR (must not overlap the others').
    pub vpc_cidr: String,
    /// The shards homed here, by number. Either every region lists its shards or none does;
    /// without lists, regions take contiguous blocks of shard numbers in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shards: Option<Vec<u32>>,
}
