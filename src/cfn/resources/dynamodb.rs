//! Amazon DynamoDB: tables and global tables.
//!
//! `Table` and `GlobalTable` share key, attribute, stream and TTL types, but differ elsewhere:
//! a global table's encryption has no key (keys are per replica), and point-in-time recovery,
//! deletion protection and tags are set per replica.

use super::Tag;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::{Value, lit};
use serde::Serialize;

/// `AWS::DynamoDB::Table`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Table {
    /// The table name; generated when omitted.
    pub table_name: Option<Value<String>>,
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    pub billing_mode: Option<Value<String>>,
    /// Types of the key attributes (required here: every key attribute needs one).
    pub attribute_definitions: Vec<AttributeDefinition>,
    /// The primary key: a hash key and an optional range key.
    pub key_schema: Vec<KeySchemaElement>,
    /// Server-side encryption.
    #[serde(rename = "SSESpecification")]
    pub sse_specification: Option<SseSpecification>,
    /// Point-in-time recovery.
    pub point_in_time_recovery_specification: Option<PointInTimeRecoverySpecification>,
    /// Whether deletion is blocked.
    pub deletion_protection_enabled: Option<Value<bool>>,
    /// Item expiry.
    pub time_to_live_specification: Option<TimeToLiveSpecification>,
    /// The change stream.
    pub stream_specification: Option<StreamSpecification>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Table {
    /// An on-demand table with a string hash key and nothing else set.
    pub fn on_demand(hash_key: &str) -> Self {
        Table {
            table_name: None,
            billing_mode: Some(lit("PAY_PER_REQUEST")),
            attribute_definitions: vec![AttributeDefinition::string(hash_key)],
            key_schema: vec![KeySchemaElement::hash(hash_key)],
            sse_specification: None,
            point_in_time_recovery_specification: None,
            deletion_protection_enabled: None,
            time_to_live_specification: None,
            stream_specification: None,
            tags: Vec::new(),
        }
    }
}

impl ResourceProperties for Table {
    const TYPE: &'static str = "AWS::DynamoDB::Table";
}

/// The type of a key attribute.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeDefinition {
    /// The attribute.
    pub attribute_name: Value<String>,
    /// `S`, `N` or `B`.
    pub attribute_type: Value<String>,
}

impl AttributeDefinition {
    /// A string attribute.
    pub fn string(name: &str) -> Self {
        AttributeDefinition {
            attribute_name: lit(name),
            attribute_type: lit("S"),
        }
    }

    /// A number attribute.
    pub fn number(name: &str) -> Self {
        AttributeDefinition {
            attribute_name: lit(name),
            attribute_type: lit("N"),
        }
    }
}

/// One element of a key schema.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeySchemaElement {
    /// The attribute.
    pub attribute_name: Value<String>,
    /// `HASH` or `RANGE`.
    pub key_type: Value<String>,
}

impl KeySchemaElement {
    /// The partition key.
    pub fn hash(name: &str) -> Self {
        KeySchemaElement {
            attribute_name: lit(name),
            key_type: lit("HASH"),
        }
    }

    /// The sort key.
    pub fn range(name: &str) -> Self {
        KeySchemaElement {
            attribute_name: lit(name),
            key_type: lit("RANGE"),
        }
    }
}

/// Server-side encryption of a `Table`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SseSpecification {
    /// `true` for a KMS key, `false` for an AWS owned key.
    #[serde(rename = "SSEEnabled")]
    pub sse_enabled: Value<bool>,
    /// `KMS`.
    #[serde(rename = "SSEType")]
    pub sse_type: Option<Value<String>>,
    /// A customer managed key; the AWS managed key when omitted.
    #[serde(rename = "KMSMasterKeyId")]
    pub kms_master_key_id: Option<Value<String>>,
}

/// Point-in-time recovery.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PointInTimeRecoverySpecification {
    /// Whether continuous backups are on.
    pub point_in_time_recovery_enabled: Value<bool>,
}

/// Item expiry.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TimeToLiveSpecification {
    /// The epoch-seconds attribute holding the expiry time.
    pub attribute_name: Option<Value<String>>,
    /// Whether expiry is on.
    pub enabled: Value<bool>,
}

/// The change stream of a table.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamSpecification {
    /// `NEW_AND_OLD_IMAGES`, `NEW_IMAGE`, `OLD_IMAGE` or `KEYS_ONLY`.
    pub stream_view_type: Value<String>,
}

/// `AWS::DynamoDB::GlobalTable`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalTable {
    /// The table name; generated when omitted.
    pub table_name: Option<Value<String>>,
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    pub billing_mode: Option<Value<String>>,
    /// Types of the key attributes.
    pub attribute_definitions: Vec<AttributeDefinition>,
    /// The primary key (required here: creating from a source table is not modelled).
    pub key_schema: Vec<KeySchemaElement>,
    /// The change stream (required with more than one replica).
    pub stream_specification: Option<StreamSpecification>,
    /// Server-side encryption; the key is set per replica.
    #[serde(rename = "SSESpecification")]
    pub sse_specification: Option<GlobalTableSseSpecification>,
    /// Item expiry.
    pub time_to_live_specification: Option<TimeToLiveSpecification>,
    /// One entry per Region, including the stack's own.
    pub replicas: Vec<ReplicaSpecification>,
}

impl ResourceProperties for GlobalTable {
    const TYPE: &'static str = "AWS::DynamoDB::GlobalTable";
}

/// Server-side encryption of a `GlobalTable` (no key: keys are per replica).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalTableSseSpecification {
    /// `true` for KMS keys, `false` for AWS owned keys.
    #[serde(rename = "SSEEnabled")]
    pub sse_enabled: Value<bool>,
    /// `KMS`.
    #[serde(rename = "SSEType")]
    pub sse_type: Option<Value<String>>,
}

/// One Region's replica of a global table.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReplicaSpecification {
    /// The Region.
    pub region: Value<String>,
    /// Point-in-time recovery of this replica.
    pub point_in_time_recovery_specification: Option<PointInTimeRecoverySpecification>,
    /// Whether deletion of this replica is blocked.
    pub deletion_protection_enabled: Option<Value<bool>>,
    /// Tags of this replica.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ReplicaSpecification {
    /// A replica in a Region with nothing else set.
    pub fn new(region: impl Into<Value<String>>) -> Self {
        ReplicaSpecification {
            region: region.into(),
            point_in_time_recovery_specification: None,
            deletion_protection_enabled: None,
            tags: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::tags;
    use serde_json::json;

    #[test]
    fn table_serializes_sse_and_keys() -> Result<(), Box<dyn std::error::Error>> {
        let table = Table {
            attribute_definitions: vec![
                AttributeDefinition::string("pk"),
                AttributeDefinition::number("sk"),
            ],
            key_schema: vec![KeySchemaElement::hash("pk"), KeySchemaElement::range("sk")],
            sse_specification: Some(SseSpecification {
                sse_enabled: Value::Lit(true),
                sse_type: Some(lit("KMS")),
                kms_master_key_id: Some(Value::r#ref("TableKey")),
            }),
            point_in_time_recovery_specification: Some(PointInTimeRecoverySpecification {
                point_in_time_recovery_enabled: Value::Lit(true),
            }),
            deletion_protection_enabled: Some(Value::Lit(true)),
            time_to_live_specification: Some(TimeToLiveSpecification {
                attribute_name: Some(lit("expires_at")),
                enabled: Value::Lit(true),
            }),
            stream_specification: Some(StreamSpecification {
                stream_view_type: lit("NEW_AND_OLD_IMAGES"),
            }),
            ..Table::on_demand("pk")
        };
        assert_eq!(
            serde_json::to_value(&table)?,
            json!({
                "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [
                    {"AttributeName": "pk", "AttributeType": "S"},
                    {"AttributeName": "sk", "AttributeType": "N"}
                ],
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "sk", "KeyType": "RANGE"}
                ],
                "SSESpecification": {
                    "SSEEnabled": true,
                    "SSEType": "KMS",
                    "KMSMasterKeyId": {"Ref": "TableKey"}
                },
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
                "DeletionProtectionEnabled": true,
                "TimeToLiveSpecification": {"AttributeName": "expires_at", "Enabled": true},
                "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"}
            })
        );
        Ok(())
    }

    #[test]
    fn global_table_puts_protection_on_replicas() -> Result<(), Box<dyn std::error::Error>> {
        let replica = |region: Value<String>| ReplicaSpecification {
            point_in_time_recovery_specification: Some(PointInTimeRecoverySpecification {
                point_in_time_recovery_enabled: Value::Lit(true),
            }),
            deletion_protection_enabled: Some(Value::Lit(true)),
            tags: tags(&[("Stage", lit("6"))]),
            ..ReplicaSpecification::new(region)
        };
        let table = GlobalTable {
            table_name: None,
            billing_mode: Some(lit("PAY_PER_REQUEST")),
            attribute_definitions: vec![AttributeDefinition::string("pk")],
            key_schema: vec![KeySchemaElement::hash("pk")],
            stream_specification: Some(StreamSpecification {
                stream_view_type: lit("NEW_AND_OLD_IMAGES"),
            }),
            sse_specification: Some(GlobalTableSseSpecification {
                sse_enabled: Value::Lit(true),
                sse_type: Some(lit("KMS")),
            }),
            time_to_live_specification: None,
            replicas: vec![
                replica(Value::r#ref("AWS::Region")),
                replica(lit("eu-west-1")),
            ],
        };
        assert_eq!(
            serde_json::to_value(&table)?,
            json!({
                "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
                "SSESpecification": {"SSEEnabled": true, "SSEType": "KMS"},
                "Replicas": [
                    {
                        "Region": {"Ref": "AWS::Region"},
                        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
                        "DeletionProtectionEnabled": true,
                        "Tags": [{"Key": "Stage", "Value": "6"}]
                    },
                    {
                        "Region": "eu-west-1",
                        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
                        "DeletionProtectionEnabled": true,
                        "Tags": [{"Key": "Stage", "Value": "6"}]
                    }
                ]
            })
        );
        Ok(())
    }
}
