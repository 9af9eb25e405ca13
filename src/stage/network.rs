//! The network of a stage: the VPC, its zones, its subnets and NAT.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The network layer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// The AWS region, e.g. `us-east-1`.
    pub region: String,
    /// The VPC's IPv4 CIDR block, e.g. `10.0.0.0/16`.
    pub vpc_cidr: String,
    /// How many availability zones to use, or their names.
    pub availability_zones: AzChoice,
    /// NAT gateways for private subnets: `none`, `single` or `per_az`.
    #[serde(default)]
    pub nat_gateways: NatMode,
    /// Subnet CIDRs per tier, one per AZ in order; any tier left out is carved from the VPC.
    #[serde(default)]
    pub subnets: SubnetLayout,
}

/// Availability zones: a count (the first N of the region) or explicit names.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum AzChoice {
    /// Use the region's first N zones.
    Count(u8),
    /// Use exactly these zones.
    Names(Vec<String>),
}

impl AzChoice {
    /// How many zones the choice asks for.
    pub fn count(&self) -> usize {
        match self {
            AzChoice::Count(n) => usize::from(*n),
            AzChoice::Names(names) => names.len(),
        }
    }
}

/// Where NAT gateways go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NatMode {
    /// No NAT: private subnets have no route out.
    #[default]
    None,
    /// One NAT gateway for all zones (cheaper, one zone's failure cuts egress).
    Single,
    /// One NAT gateway per zone.
    PerAz,
}

/// Explicit subnet CIDRs per tier.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubnetLayout {
    /// Public subnets (load balancer, NAT, the single box).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public: Vec<String>,
    /// Private subnets (web fleet, containers, workers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub private: Vec<String>,
    /// Isolated data subnets (databases, caches).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<String>,
}
