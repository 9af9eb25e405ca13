//! AWS Cloud Map: private DNS namespaces and services.

use crate::cfn::template::ResourceProperties;
use crate::cfn::value::{Value, lit};
use serde::Serialize;

/// `AWS::ServiceDiscovery::PrivateDnsNamespace`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrivateDnsNamespace {
    /// The domain, e.g. `internal.example`.
    pub name: Value<String>,
    /// The VPC the hosted zone is associated with (required for a private namespace).
    pub vpc: Value<String>,
    /// What the namespace is for.
    pub description: Option<Value<String>>,
}

impl ResourceProperties for PrivateDnsNamespace {
    const TYPE: &'static str = "AWS::ServiceDiscovery::PrivateDnsNamespace";
}

/// `AWS::ServiceDiscovery::Service`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Service {
    /// The service name, the first label of its DNS names.
    pub name: Option<Value<String>>,
    /// The namespace.
    pub namespace_id: Option<Value<String>>,
    /// The DNS records created for each instance.
    pub dns_config: Option<DnsConfig>,
    /// Health reported by the registering service (ECS).
    pub health_check_custom_config: Option<HealthCheckCustomConfig>,
}

impl ResourceProperties for Service {
    const TYPE: &'static str = "AWS::ServiceDiscovery::Service";
}

/// The DNS records of a Cloud Map service.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DnsConfig {
    /// The record types and TTLs.
    pub dns_records: Vec<DnsRecord>,
    /// `MULTIVALUE` or `WEIGHTED`.
    pub routing_policy: Option<Value<String>>,
}

/// One DNS record type of a Cloud Map service.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DnsRecord {
    /// `A`, `AAAA`, `SRV` or `CNAME`.
    #[serde(rename = "Type")]
    pub record_type: Value<String>,
    /// Seconds resolvers cache the record (a JSON number, unlike Route 53's string TTL).
    #[serde(rename = "TTL")]
    pub ttl: Value<u32>,
}

impl DnsRecord {
    /// An `A` record.
    pub fn a(ttl: u32) -> Self {
        DnsRecord {
            record_type: lit("A"),
            ttl: Value::Lit(ttl),
        }
    }
}

/// Health reported by the registering service.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HealthCheckCustomConfig {
    /// Deprecated by AWS, always 1; omit it.
    pub failure_threshold: Option<Value<u32>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn service_serializes_dns_records() -> Result<(), Box<dyn std::error::Error>> {
        let namespace = PrivateDnsNamespace {
            name: lit("internal.example"),
            vpc: Value::r#ref("Vpc"),
            description: None,
        };
        assert_eq!(
            serde_json::to_value(&namespace)?,
            json!({"Name": "internal.example", "Vpc": {"Ref": "Vpc"}})
        );

        let service = Service {
            name: Some(lit("web")),
            namespace_id: Some(Value::get_att("Namespace", "Id")),
            dns_config: Some(DnsConfig {
                dns_records: vec![DnsRecord::a(10)],
                routing_policy: Some(lit("MULTIVALUE")),
            }),
            health_check_custom_config: Some(HealthCheckCustomConfig {
                failure_threshold: Some(Value::Lit(1)),
            }),
        };
        assert_eq!(
            serde_json::to_value(&service)?,
            json!({
                "Name": "web",
                "NamespaceId": {"Fn::GetAtt": ["Namespace", "Id"]},
                "DnsConfig": {
                    "DnsRecords": [{"Type": "A", "TTL": 10}],
                    "RoutingPolicy": "MULTIVALUE"
                },
                "HealthCheckCustomConfig": {"FailureThreshold": 1}
            })
        );
        Ok(())
    }
}
