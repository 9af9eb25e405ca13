//! The edge of a stage: the load balancer, the CDN and the public DNS record.

use super::bounds::Bounds;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The application load balancer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    /// ACM certificate ARN; when set, HTTPS on 443 and HTTP redirects to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<String>,
    /// Idle timeout in seconds.
    #[serde(default = "default_idle")]
    #[schemars(range(min = IDLE_TIMEOUT_SECONDS.min, max = IDLE_TIMEOUT_SECONDS.max))]
    pub idle_timeout_seconds: u32,
}

fn default_idle() -> u32 {
    60
}

/// Static assets behind a CDN.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edge {
    /// CloudFront price class.
    #[serde(default = "default_price_class")]
    pub price_class: String,
    /// The CDN's own name within the stage's DNS zone (`static` serves
    /// `static.example.com` over HTTPS with a certificate of its own). Unused without `dns`.
    #[serde(default = "default_cdn_record")]
    pub record: String,
}

fn default_cdn_record() -> String {
    "static".to_string()
}

fn default_price_class() -> String {
    "PriceClass_100".to_string()
}

/// DNS routing policy across regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Routing {
    /// One record.
    #[default]
    Simple,
    /// Latency-based records, one per region, with health checks.
    Latency,
    /// Primary/secondary failover records with health checks.
    Failover,
}

/// The public DNS record.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dns {
    /// The Route 53 hosted zone, e.g. `example.com`.
    pub zone: String,
    /// The zone's ID (`Z...`); deploy looks it up by name when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// The record within the zone, e.g. `www`.
    pub record: String,
    /// TTL for non-alias records.
    #[serde(default = "default_ttl")]
    #[schemars(range(min = DNS_TTL.min, max = DNS_TTL.max))]
    pub ttl: u32,
    /// Routing across regions.
    #[serde(default)]
    pub routing: Routing,
}

fn default_ttl() -> u32 {
    60
}

/// The load balancer's idle timeout, in seconds (ELB's own range).
pub const IDLE_TIMEOUT_SECONDS: Bounds = Bounds::new(1, 4000);
/// A record's TTL, in seconds (Route 53's own range).
pub const DNS_TTL: Bounds = Bounds::new(0, 172_800);
