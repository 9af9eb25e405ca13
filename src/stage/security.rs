//! The security layer of a stage: AWS WAF in front of the site, and where logs go.
//!
//! Everything here is on by default; a stage file only says what differs.

use super::bounds::Bounds;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Web application firewall and logs.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// AWS WAF web ACLs on the load balancer (regional) and on CloudFront.
    #[serde(default)]
    pub waf: Waf,
    /// Access logs (load balancer, CloudFront, buckets) and VPC flow logs.
    #[serde(default)]
    pub logs: Logs,
}

/// An AWS WAF web ACL: AWS managed rule groups and a per-client rate limit.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waf {
    /// Put a web ACL in front of the load balancer and CloudFront.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Requests one client address may send in five minutes before it is blocked
    /// (AWS WAF allows 10 to 2,000,000,000).
    #[serde(default = "default_rate_limit")]
    #[schemars(range(min = WAF_RATE_LIMIT.min, max = WAF_RATE_LIMIT.max))]
    pub rate_limit: u32,
    /// AWS managed rule groups, in the order they run.
    #[serde(default = "default_rule_groups")]
    pub managed_rule_groups: Vec<ManagedRuleGroup>,
    /// Put a web ACL in front of CloudFront too. It inspects every static request (priced
    /// per million); `false` keeps the load balancer's ACL only.
    #[serde(default = "yes")]
    pub cdn: bool,
}

impl Waf {
    /// Whether CloudFront gets a web ACL.
    pub fn on_cdn(&self) -> bool {
        self.enabled && self.cdn
    }
}

impl Default for Waf {
    fn default() -> Self {
        Waf {
            enabled: true,
            rate_limit: default_rate_limit(),
            managed_rule_groups: default_rule_groups(),
            cdn: true,
        }
    }
}

fn yes() -> bool {
    true
}
fn default_rate_limit() -> u32 {
    2000
}
fn default_rule_groups() -> Vec<ManagedRuleGroup> {
    vec![
        ManagedRuleGroup::IpReputation,
        ManagedRuleGroup::Common,
        ManagedRuleGroup::KnownBadInputs,
    ]
}

/// The AWS managed rule groups a stage can name; all are free beyond the per-rule charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ManagedRuleGroup {
    /// Core rule set: OWASP-style protections (AWSManagedRulesCommonRuleSet).
    Common,
    /// Request patterns known to be malicious, Log4j included
    /// (AWSManagedRulesKnownBadInputsRuleSet).
    KnownBadInputs,
    /// Addresses Amazon threat intelligence lists as malicious
    /// (AWSManagedRulesAmazonIpReputationList).
    IpReputation,
    /// Anonymizing services: VPNs, proxies, Tor (AWSManagedRulesAnonymousIpList).
    AnonymousIp,
    /// SQL injection (AWSManagedRulesSQLiRuleSet).
    Sqli,
    /// Linux-specific exploits (AWSManagedRulesLinuxRuleSet).
    Linux,
    /// Exposed admin pages (AWSManagedRulesAdminProtectionRuleSet).
    AdminProtection,
}

impl ManagedRuleGroup {
    /// The rule group's AWS name.
    pub fn aws_name(self) -> &'static str {
        match self {
            ManagedRuleGroup::Common => "AWSManagedRulesCommonRuleSet",
            ManagedRuleGroup::KnownBadInputs => "AWSManagedRulesKnownBadInputsRuleSet",
            ManagedRuleGroup::IpReputation => "AWSManagedRulesAmazonIpReputationList",
            ManagedRuleGroup::AnonymousIp => "AWSManagedRulesAnonymousIpList",
            ManagedRuleGroup::Sqli => "AWSManagedRulesSQLiRuleSet",
            ManagedRuleGroup::Linux => "AWSManagedRulesLinuxRuleSet",
            ManagedRuleGroup::AdminProtection => "AWSManagedRulesAdminProtectionRuleSet",
        }
    }

    /// Web ACL capacity units the group uses. All seven together with the rate rule stay
    /// under the 1,500 a web ACL has without extra charge.
    pub fn capacity(self) -> u32 {
        match self {
            ManagedRuleGroup::Common => 700,
            ManagedRuleGroup::KnownBadInputs | ManagedRuleGroup::Sqli | ManagedRuleGroup::Linux => {
                200
            }
            ManagedRuleGroup::IpReputation => 25,
            ManagedRuleGroup::AnonymousIp => 50,
            ManagedRuleGroup::AdminProtection => 100,
        }
    }
}

/// Where logs go and how long they stay.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logs {
    /// Days access and flow logs stay in each region's log bucket before they expire.
    #[serde(default = "default_log_days")]
    #[schemars(range(min = LOG_RETENTION_DAYS.min, max = LOG_RETENTION_DAYS.max))]
    pub retention_days: u32,
    /// Record the VPC's traffic (VPC flow logs) into the log bucket.
    #[serde(default = "yes")]
    pub flow_logs: bool,
}

impl Default for Logs {
    fn default() -> Self {
        Logs {
            retention_days: default_log_days(),
            flow_logs: true,
        }
    }
}

fn default_log_days() -> u32 {
    90
}

/// Requests per client address in five minutes a WAF rate-based rule allows (WAF's own range).
pub const WAF_RATE_LIMIT: Bounds = Bounds::new(10, 2_000_000_000);
/// Days access and flow logs are kept.
pub const LOG_RETENTION_DAYS: Bounds = Bounds::new(1, 3650);
