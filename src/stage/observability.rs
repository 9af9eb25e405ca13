//! Observability: the alarms a stage raises and where they go.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
