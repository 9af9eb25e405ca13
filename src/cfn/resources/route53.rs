//! Amazon Route 53: record sets and health checks.

use super::{NumStr, Tag};
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::{Value, lit};
use serde::Serialize;

/// The hosted zone of a record set: exactly one of name or ID.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum HostedZone {
    /// The zone's domain name, with the trailing dot (`example.com.`).
    HostedZoneName(Value<String>),
    /// The zone's ID.
    HostedZoneId(Value<String>),
}

/// `AWS::Route53::RecordSet`.
///
/// `TTL` is a string in the resource schema, hence [`NumStr`].
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordSet {
    /// The zone, serialized as `HostedZoneName` or `HostedZoneId`.
    #[serde(flatten)]
    pub hosted_zone: HostedZone,
    /// The record name, e.g. `www.example.com.`.
    pub name: Value<String>,
    /// `A`, `AAAA`, `CNAME`, `TXT`, ...
    #[serde(rename = "Type")]
    pub record_type: Value<String>,
    /// Seconds resolvers cache the record (a JSON string); not allowed on alias records.
    #[serde(rename = "TTL")]
    pub ttl: Option<Value<NumStr<u32>>>,
    /// The record values (non-alias records).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_records: Vec<Value<String>>,
    /// The alias target (alias records).
    pub alias_target: Option<AliasTarget>,
    /// Distinguishes records of the same name and type (failover, latency, weighted).
    pub set_identifier: Option<Value<String>>,
    /// The Region of a latency-based record.
    pub region: Option<Value<String>>,
    /// `PRIMARY` or `SECONDARY` for failover records.
    pub failover: Option<Value<String>>,
    /// Health check deciding whether the record is served.
    pub health_check_id: Option<Value<String>>,
}

impl RecordSet {
    /// A record of a name and type in a zone with nothing else set.
    pub fn new(hosted_zone: HostedZone, name: impl Into<Value<String>>, record_type: &str) -> Self {
        RecordSet {
            hosted_zone,
            name: name.into(),
            record_type: lit(record_type),
            ttl: None,
            resource_records: Vec::new(),
            alias_target: None,
            set_identifier: None,
            region: None,
            failover: None,
            health_check_id: None,
        }
    }
}

impl ResourceProperties for RecordSet {
    const TYPE: &'static str = "AWS::Route53::RecordSet";
}

/// The target of an alias record.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AliasTarget {
    /// The target's DNS name, e.g. a load balancer's `DNSName`.
    #[serde(rename = "DNSName")]
    pub dns_name: Value<String>,
    /// The target's hosted zone, e.g. a load balancer's `CanonicalHostedZoneID`.
    pub hosted_zone_id: Value<String>,
    /// Whether the target's health decides whether the record is served.
    pub evaluate_target_health: Option<Value<bool>>,
}

/// `AWS::Route53::HealthCheck`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheck {
    /// What is checked, and how.
    pub health_check_config: HealthCheckConfig,
    /// Tags (the schema calls them `HealthCheckTags`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub health_check_tags: Vec<Tag>,
}

impl ResourceProperties for HealthCheck {
    const TYPE: &'static str = "AWS::Route53::HealthCheck";
}

/// The configuration of a health check.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheckConfig {
    /// `HTTPS`, `HTTP`, `TCP`, ...
    #[serde(rename = "Type")]
    pub check_type: Value<String>,
    /// The host checked.
    pub fully_qualified_domain_name: Option<Value<String>>,
    /// The path requested, e.g. `/healthz`.
    pub resource_path: Option<Value<String>>,
    /// The port.
    pub port: Option<Value<u16>>,
    /// Seconds between checks: 10 or 30.
    pub request_interval: Option<Value<u32>>,
    /// Consecutive results that change the status.
    pub failure_threshold: Option<Value<u32>>,
}

impl HealthCheckConfig {
    /// An HTTPS check of a host and path on port 443.
    pub fn https(domain: impl Into<Value<String>>, path: &str) -> Self {
        HealthCheckConfig {
            check_type: lit("HTTPS"),
            fully_qualified_domain_name: Some(domain.into()),
            resource_path: Some(lit(path)),
            port: Some(Value::Lit(443)),
            request_interval: None,
            failure_threshold: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::{num_str, tags};
    use serde_json::json;

    #[test]
    fn alias_record_serializes_zone_and_dns_name() -> Result<(), Box<dyn std::error::Error>> {
        let record = RecordSet {
            alias_target: Some(AliasTarget {
                dns_name: Value::get_att("Alb", "DNSName"),
                hosted_zone_id: Value::get_att("Alb", "CanonicalHostedZoneID"),
                evaluate_target_health: Some(Value::Lit(true)),
            }),
            set_identifier: Some(lit("primary")),
            failover: Some(lit("PRIMARY")),
            health_check_id: Some(Value::r#ref("PrimaryCheck")),
            ..RecordSet::new(
                HostedZone::HostedZoneName(lit("example.com.")),
                "www.example.com.",
                "A",
            )
        };
        assert_eq!(
            serde_json::to_value(&record)?,
            json!({
                "HostedZoneName": "example.com.",
                "Name": "www.example.com.",
                "Type": "A",
                "AliasTarget": {
                    "DNSName": {"Fn::GetAtt": ["Alb", "DNSName"]},
                    "HostedZoneId": {"Fn::GetAtt": ["Alb", "CanonicalHostedZoneID"]},
                    "EvaluateTargetHealth": true
                },
                "SetIdentifier": "primary",
                "Failover": "PRIMARY",
                "HealthCheckId": {"Ref": "PrimaryCheck"}
            })
        );

        let txt = RecordSet {
            ttl: Some(num_str(300)),
            resource_records: vec![lit("\"v=spf1 -all\"")],
            region: Some(Value::r#ref("AWS::Region")),
            ..RecordSet::new(
                HostedZone::HostedZoneId(Value::r#ref("Zone")),
                "example.com.",
                "TXT",
            )
        };
        assert_eq!(
            serde_json::to_value(&txt)?,
            json!({
                "HostedZoneId": {"Ref": "Zone"},
                "Name": "example.com.",
                "Type": "TXT",
                "TTL": "300",
                "ResourceRecords": ["\"v=spf1 -all\""],
                "Region": {"Ref": "AWS::Region"}
            })
        );

        let check = HealthCheck {
            health_check_config: HealthCheckConfig {
                request_interval: Some(Value::Lit(30)),
                failure_threshold: Some(Value::Lit(3)),
                ..HealthCheckConfig::https(Value::get_att("Alb", "DNSName"), "/healthz")
            },
            health_check_tags: tags(&[("Name", lit("primary"))]),
        };
        assert_eq!(
            serde_json::to_value(&check)?,
            json!({
                "HealthCheckConfig": {
                    "Type": "HTTPS",
                    "FullyQualifiedDomainName": {"Fn::GetAtt": ["Alb", "DNSName"]},
                    "ResourcePath": "/healthz",
                    "Port": 443,
                    "RequestInterval": 30,
                    "FailureThreshold": 3
                },
                "HealthCheckTags": [{"Key": "Name", "Value": "primary"}]
            })
        );
        Ok(())
    }
}
