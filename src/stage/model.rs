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
    pub volume_gb: u32,
    /// The port the application listens on.
    #[serde(default = "default_app_port")]
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
fn one() -> u32 {
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
    pub requests_per_target: Option<u32>,
    /// Seconds a new instance needs before its metrics count.
    #[serde(default = "default_warmup")]
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

/// The application load balancer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    /// ACM certificate ARN; when set, HTTPS on 443 and HTTP redirects to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<String>,
    /// Idle timeout in seconds.
    #[serde(default = "default_idle")]
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

/// The data layer.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// The relational database (RDS), possibly sharded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<Database>,
    /// DynamoDB tables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<Table>,
    /// An S3 bucket for user data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objects: Option<ObjectStorage>,
}

/// Relational database engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    /// PostgreSQL.
    Postgres,
    /// MySQL.
    Mysql,
}

impl Engine {
    /// The engine's default port.
    pub fn port(self) -> u16 {
        match self {
            Engine::Postgres => 5432,
            Engine::Mysql => 3306,
        }
    }

    /// The CloudFormation engine name.
    pub fn cfn_name(self) -> &'static str {
        match self {
            Engine::Postgres => "postgres",
            Engine::Mysql => "mysql",
        }
    }
}

/// An RDS database, or N shards of one.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Database {
    /// `postgres` or `mysql`.
    pub engine: Engine,
    /// Engine version, e.g. `16.4`.
    pub engine_version: String,
    /// Instance class, e.g. `db.t4g.medium`.
    pub instance_class: String,
    /// Allocated storage in GiB.
    #[serde(default = "default_storage")]
    pub storage_gb: u32,
    /// Storage autoscaling ceiling in GiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_storage_gb: Option<u32>,
    /// Standby in a second zone with automatic failover.
    #[serde(default)]
    pub multi_az: bool,
    /// Read replicas per shard.
    #[serde(default)]
    pub read_replicas: u32,
    /// Number of shards (independent primaries), keyed by `shard_key`.
    #[serde(default = "one")]
    pub shards: u32,
    /// The key rows are sharded by (documentation for the application).
    #[serde(default = "default_shard_key")]
    pub shard_key: String,
    /// Days of automated backups.
    #[serde(default = "default_backup")]
    pub backup_retention_days: u32,
    /// The master user (its password is managed by RDS in Secrets Manager).
    #[serde(default = "default_master")]
    pub master_username: String,
    /// The initial database name.
    #[serde(default = "default_master")]
    pub database_name: String,
}

fn default_storage() -> u32 {
    50
}
fn default_shard_key() -> String {
    "tenant_id".to_string()
}
fn default_backup() -> u32 {
    7
}
fn default_master() -> String {
    "app".to_string()
}

/// A DynamoDB table.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Table name within the stage.
    pub name: String,
    /// Partition key.
    pub partition_key: Key,
    /// Sort key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<Key>,
    /// Attribute holding an expiry time (epoch seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_attribute: Option<String>,
    /// Replicate to every region of a multi-region stage (a global table).
    #[serde(default)]
    pub global: bool,
}

/// A key attribute.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Key {
    /// Attribute name.
    pub name: String,
    /// `S`, `N` or `B`.
    #[serde(rename = "type")]
    pub key_type: KeyType,
}

/// A DynamoDB key type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum KeyType {
    /// String.
    S,
    /// Number.
    N,
    /// Binary.
    B,
}

/// An S3 bucket for application data.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectStorage {
    /// Move objects to S3 Intelligent-Tiering.
    #[serde(default)]
    pub intelligent_tiering: bool,
    /// Days without access before the Archive Access tier (90 or more), if wanted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_after_days: Option<u32>,
    /// Days a non-current object version is kept.
    #[serde(default = "default_noncurrent")]
    pub noncurrent_version_days: u32,
}

fn default_noncurrent() -> u32 {
    30
}

/// Cache engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CacheEngine {
    /// Valkey.
    Valkey,
    /// Redis OSS.
    Redis,
}

/// An ElastiCache replication group.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cache {
    /// `valkey` or `redis`.
    pub engine: CacheEngine,
    /// Engine version, e.g. `8.0`.
    pub engine_version: String,
    /// Node type, e.g. `cache.t4g.medium`.
    pub node_type: String,
    /// Node groups (shards); more than one enables cluster mode.
    #[serde(default = "one")]
    pub shards: u32,
    /// Replicas per shard.
    #[serde(default)]
    pub replicas_per_shard: u32,
    /// Spread primary and replicas over zones with automatic failover.
    #[serde(default)]
    pub multi_az: bool,
    /// Days of automatic snapshots.
    #[serde(default = "one")]
    pub snapshot_retention_days: u32,
}

/// Queues, topics and workers.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Messaging {
    /// SQS queues; each gets a dead-letter queue.
    #[serde(default)]
    pub queues: Vec<Queue>,
    /// SNS topics fanning out to queues.
    #[serde(default)]
    pub topics: Vec<Topic>,
    /// Lambda workers consuming queues.
    #[serde(default)]
    pub workers: Vec<Worker>,
}

/// An SQS queue with its dead-letter queue.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    /// Queue name within the stage.
    pub name: String,
    /// Visibility timeout in seconds (at least the consuming worker's timeout).
    #[serde(default = "default_visibility")]
    pub visibility_timeout_seconds: u32,
    /// Receives before a message goes to the dead-letter queue.
    #[serde(default = "default_max_receive")]
    pub max_receive_count: u32,
    /// Days a message is kept.
    #[serde(default = "default_retention_days")]
    pub retention_days: u32,
}

fn default_visibility() -> u32 {
    180
}
fn default_max_receive() -> u32 {
    5
}
fn default_retention_days() -> u32 {
    4
}

/// An SNS topic.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Topic name within the stage.
    pub name: String,
    /// Queues subscribed to it.
    #[serde(default)]
    pub subscribers: Vec<String>,
}

/// A Lambda worker consuming a queue.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Worker {
    /// Worker name within the stage.
    pub name: String,
    /// The queue it consumes.
    pub queue: String,
    /// Lambda runtime.
    #[serde(default = "default_runtime")]
    pub runtime: String,
    /// Memory in MiB.
    #[serde(default = "default_memory")]
    pub memory_mb: u32,
    /// Timeout in seconds.
    #[serde(default = "default_timeout")]
    pub timeout_seconds: u32,
    /// Messages per invocation.
    #[serde(default = "default_batch")]
    pub batch_size: u32,
    /// Reserved concurrency (caps the load on downstream systems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved_concurrency: Option<u32>,
    /// Code in S3; without it a starter handler is inlined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<WorkerCode>,
}

fn default_runtime() -> String {
    "python3.12".to_string()
}
fn default_memory() -> u32 {
    256
}
fn default_timeout() -> u32 {
    30
}
fn default_batch() -> u32 {
    10
}

/// A worker's code: a local directory or zip that scalectl packages and uploads, or a zip
/// already in S3.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkerCode {
    /// A directory or `.zip` file, relative to the stage file: zipped (deterministically) and
    /// uploaded to the staging bucket under its SHA-256, so a code change is a template
    /// change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Bucket holding the zip (instead of `path`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_bucket: Option<String>,
    /// Key of the zip (with `s3_bucket`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_key: Option<String>,
    /// Handler, e.g. `app.handler`.
    pub handler: String,
    /// The SHA-256 of the packaged `path`, set when the stage is loaded for a command.
    #[serde(skip)]
    #[schemars(skip)]
    pub digest: Option<String>,
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
    pub ttl: u32,
    /// Routing across regions.
    #[serde(default)]
    pub routing: Routing,
}

fn default_ttl() -> u32 {
    60
}

/// CloudWatch alarms.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Observability {
    /// Alarm when fleet CPU stays above this percentage.
    #[serde(default = "default_cpu_alarm")]
    pub cpu_high_percent: f64,
    /// Alarm on this many load balancer 5xx responses a minute.
    #[serde(default = "default_5xx")]
    pub http_5xx_per_minute: u32,
    /// Alarm when database CPU stays above this percentage.
    #[serde(default = "default_cpu_alarm")]
    pub db_cpu_high_percent: f64,
    /// Alarm when the oldest queued message is older than this many seconds.
    #[serde(default = "default_queue_age")]
    pub queue_age_seconds: u32,
    /// E-mail address subscribed to the alarm topic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_email: Option<String>,
}

fn default_cpu_alarm() -> f64 {
    80.0
}
fn default_5xx() -> u32 {
    10
}
fn default_queue_age() -> u32 {
    600
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
