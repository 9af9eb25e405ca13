//! The compute of a stage: the web tier (a single box or a fleet, its image, bootstrap and
//! settings, scaling and Spot) and the container services.

use super::bounds::Bounds;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The compute layer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compute {
    /// The web tier on EC2.
    pub web: WebTier,
    /// Container services on ECS Fargate, routed by path from the load balancer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ContainerService>,
    /// The Cloud Map private DNS namespace for service discovery.
    #[serde(default = "default_namespace")]
    pub discovery_namespace: String,
}

fn default_namespace() -> String {
    "app.internal".to_string()
}

/// How the web tier runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WebMode {
    /// One instance with an Elastic IP in a public subnet.
    Single,
    /// An Auto Scaling group in private subnets behind the load balancer.
    Fleet,
}

/// The EC2 web tier.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WebTier {
    /// `single` or `fleet`.
    pub mode: WebMode,
    /// The instance type, e.g. `t3.small`.
    pub instance_type: String,
    /// Root volume size in GiB.
    #[serde(default = "default_volume")]
    #[schemars(range(min = ROOT_VOLUME_GB.min, max = ROOT_VOLUME_GB.max))]
    pub volume_gb: u32,
    /// The port the application listens on.
    #[serde(default = "default_app_port")]
    #[schemars(range(min = APP_PORT.min, max = APP_PORT.max))]
    pub app_port: u16,
    /// The health check path.
    #[serde(default = "default_health_path")]
    pub health_check_path: String,
    /// Run the database on the web box itself (stage0 only).
    #[serde(default)]
    pub runs_database: bool,
    /// Fleet size: minimum.
    #[serde(default = "one")]
    pub min: u32,
    /// Fleet size: desired.
    #[serde(default = "one")]
    pub desired: u32,
    /// Fleet size: maximum.
    #[serde(default = "one")]
    pub max: u32,
    /// Target-tracking scaling; none means a fixed-size fleet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scaling: Option<Scaling>,
    /// A mixed On-Demand/Spot fleet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spot: Option<SpotMix>,
    /// The team's AMI: an image ID (`ami-0abc...`), or a Systems Manager parameter path that
    /// holds one (`/shop/web/ami`), pinned at the first deploy and kept until
    /// `deploy --refresh-images`. Default: the latest Amazon Linux 2023 for the instance's
    /// architecture, pinned the same way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The team's own script (bash), run as root after scalectl's setup and before the
    /// instance reports healthy; a failure fails the instance's launch (and rolls back a
    /// rolling update).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bootstrap: Option<String>,
    /// Application settings, written to `/etc/scalectl-app.env` beside scalectl's: plain
    /// values, or `{secret: ...}` / `{parameter: ...}` read at boot.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, super::app::AppSetting>,
}

fn default_volume() -> u32 {
    20
}

fn default_app_port() -> u16 {
    80
}

fn default_health_path() -> String {
    "/health".to_string()
}

pub(super) fn one() -> u32 {
    1
}

/// Target-tracking scaling policies.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scaling {
    /// Keep average CPU near this percentage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_target: Option<f64>,
    /// Keep load balancer requests per target (per minute) near this number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = REQUESTS_PER_TARGET.min, max = REQUESTS_PER_TARGET.max))]
    pub requests_per_target: Option<u32>,
    /// Seconds a new instance needs before its metrics count.
    #[serde(default = "default_warmup")]
    #[schemars(range(min = WARMUP_SECONDS.min, max = WARMUP_SECONDS.max))]
    pub warmup_seconds: u32,
}

fn default_warmup() -> u32 {
    180
}

/// The On-Demand/Spot mix of a fleet.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpotMix {
    /// On-Demand instances before any Spot is used.
    #[serde(default)]
    pub on_demand_base: u32,
    /// Percentage of On-Demand above the base.
    #[serde(default)]
    #[schemars(range(min = ON_DEMAND_PERCENT.min, max = ON_DEMAND_PERCENT.max))]
    pub on_demand_percent_above_base: u32,
    /// Instance types to diversify over (the web tier's type is always included first).
    #[serde(default)]
    pub instance_types: Vec<String>,
}

/// An ECS Fargate service.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContainerService {
    /// Service name (letters, digits, hyphens).
    pub name: String,
    /// Container image.
    pub image: String,
    /// The path pattern routed to it, e.g. `/orders/*`.
    pub path: String,
    /// Container port.
    #[serde(default = "default_container_port")]
    #[schemars(range(min = CONTAINER_PORT.min, max = CONTAINER_PORT.max))]
    pub port: u16,
    /// Task CPU units (256, 512, 1024, 2048, 4096).
    #[serde(default = "default_task_cpu")]
    pub cpu: u32,
    /// Task memory in MiB.
    #[serde(default = "default_task_memory")]
    pub memory: u32,
    /// Desired task count.
    #[serde(default = "two")]
    pub desired: u32,
    /// Minimum task count.
    #[serde(default = "two")]
    pub min: u32,
    /// Maximum task count.
    #[serde(default = "default_task_max")]
    pub max: u32,
    /// Average CPU percentage to scale on.
    #[serde(default = "default_task_cpu_target")]
    pub cpu_target: f64,
    /// Health check path.
    #[serde(default = "default_health_path")]
    pub health_check_path: String,
    /// The container's environment besides scalectl's settings: plain values, or
    /// `{secret: <full ARN>}` / `{parameter: ...}` that ECS injects at start.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environment: BTreeMap<String, super::app::AppSetting>,
    /// The command, instead of the image's (`["bin/server", "--port", "8080"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    /// How a new version rolls out: ECS's rolling update (default), or blue/green, canary
    /// or linear traffic shifting between two target groups.
    #[serde(default, skip_serializing_if = "super::rollout::Rollout::is_default")]
    pub rollout: super::rollout::Rollout,
}

fn default_container_port() -> u16 {
    8080
}

fn default_task_cpu() -> u32 {
    512
}

fn default_task_memory() -> u32 {
    1024
}

fn two() -> u32 {
    2
}

fn default_task_max() -> u32 {
    10
}

fn default_task_cpu_target() -> f64 {
    60.0
}

/// The root volume, in GiB (gp3).
pub const ROOT_VOLUME_GB: Bounds = Bounds::new(8, 16_384);
/// A TCP port.
pub const APP_PORT: Bounds = Bounds::new(1, 65_535);
/// Requests per target a fleet scales on, per minute.
pub const REQUESTS_PER_TARGET: Bounds = Bounds::new(1, 1_000_000);
/// Seconds a new instance warms up before its metrics count.
pub const WARMUP_SECONDS: Bounds = Bounds::new(0, 3600);
/// A share of instances, in percent.
pub const ON_DEMAND_PERCENT: Bounds = Bounds::new(0, 100);
/// A container port.
pub const CONTAINER_PORT: Bounds = Bounds::new(1, 65_535);
