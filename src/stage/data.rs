//! The data tier of a stage: the relational database and its shards and replicas, DynamoDB
//! tables, object storage and the cache.

use super::bounds::Bounds;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    #[serde(default = "super::compute::one")]
    pub shards: u32,
    /// The key rows are sharded by (documentation for the application).
    #[serde(default = "default_shard_key")]
    pub shard_key: String,
    /// Days of automated backups.
    #[serde(default = "default_backup")]
    #[schemars(range(min = BACKUP_RETENTION_DAYS.min, max = BACKUP_RETENTION_DAYS.max))]
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
    #[schemars(range(min = ARCHIVE_AFTER_DAYS.min, max = ARCHIVE_AFTER_DAYS.max))]
    pub archive_after_days: Option<u32>,
    /// Days a non-current object version is kept.
    #[serde(default = "default_noncurrent")]
    #[schemars(range(min = NONCURRENT_VERSION_DAYS.min, max = NONCURRENT_VERSION_DAYS.max))]
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
    #[serde(default = "super::compute::one")]
    pub shards: u32,
    /// Replicas per shard.
    #[serde(default)]
    pub replicas_per_shard: u32,
    /// Spread primary and replicas over zones with automatic failover.
    #[serde(default)]
    pub multi_az: bool,
    /// Days of automatic snapshots.
    #[serde(default = "super::compute::one")]
    #[schemars(range(min = SNAPSHOT_RETENTION_DAYS.min, max = SNAPSHOT_RETENTION_DAYS.max))]
    pub snapshot_retention_days: u32,
}

/// Days before Intelligent-Tiering archives an object (S3's own range).
pub const ARCHIVE_AFTER_DAYS: Bounds = Bounds::new(90, 730);
/// Days a non-current object version is kept.
pub const NONCURRENT_VERSION_DAYS: Bounds = Bounds::new(1, 3650);
/// Days RDS keeps automated backups (RDS's own range).
pub const BACKUP_RETENTION_DAYS: Bounds = Bounds::new(0, 35);
/// Days ElastiCache keeps snapshots (its own range).
pub const SNAPSHOT_RETENTION_DAYS: Bounds = Bounds::new(0, 35);
