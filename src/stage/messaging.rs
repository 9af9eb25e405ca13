//! Messaging: queues, topics and the workers that drain the queues.

use super::bounds::Bounds;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    #[schemars(range(min = VISIBILITY_TIMEOUT_SECONDS.min, max = VISIBILITY_TIMEOUT_SECONDS.max))]
    pub visibility_timeout_seconds: u32,
    /// Receives before a message goes to the dead-letter queue.
    #[serde(default = "default_max_receive")]
    #[schemars(range(min = MAX_RECEIVE_COUNT.min, max = MAX_RECEIVE_COUNT.max))]
    pub max_receive_count: u32,
    /// Days a message is kept.
    #[serde(default = "default_retention_days")]
    #[schemars(range(min = QUEUE_RETENTION_DAYS.min, max = QUEUE_RETENTION_DAYS.max))]
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
    #[schemars(range(min = WORKER_MEMORY_MB.min, max = WORKER_MEMORY_MB.max))]
    pub memory_mb: u32,
    /// Timeout in seconds.
    #[serde(default = "default_timeout")]
    #[schemars(range(min = WORKER_TIMEOUT_SECONDS.min, max = WORKER_TIMEOUT_SECONDS.max))]
    pub timeout_seconds: u32,
    /// Messages per invocation.
    #[serde(default = "default_batch")]
    #[schemars(range(min = BATCH_SIZE.min, max = BATCH_SIZE.max))]
    pub batch_size: u32,
    /// Reserved concurrency (caps the load on downstream systems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = RESERVED_CONCURRENCY.min, max = RESERVED_CONCURRENCY.max))]
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

/// SQS's visibility timeout, in seconds (12 hours at most).
pub const VISIBILITY_TIMEOUT_SECONDS: Bounds = Bounds::new(0, 43_200);

/// Receives before a message goes to the dead-letter queue (SQS's own range).
pub const MAX_RECEIVE_COUNT: Bounds = Bounds::new(1, 1000);
/// Days SQS keeps a message (its own range).
pub const QUEUE_RETENTION_DAYS: Bounds = Bounds::new(1, 14);
/// A Lambda function's timeout, in seconds (Lambda's own range).
pub const WORKER_TIMEOUT_SECONDS: Bounds = Bounds::new(1, 900);
/// A Lambda function's memory, in MB (Lambda's own range).
pub const WORKER_MEMORY_MB: Bounds = Bounds::new(128, 10_240);
/// Messages per SQS batch a worker takes (the SQS event source allows 10 without a batching window).
pub const BATCH_SIZE: Bounds = Bounds::new(1, 10);
/// Concurrent executions reserved for a worker.
pub const RESERVED_CONCURRENCY: Bounds = Bounds::new(0, 10_000);
