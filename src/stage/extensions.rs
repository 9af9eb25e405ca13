//! Escape hatches: raw CloudFormation resources a stage adds to its stacks, and patches on
//! the properties of the resources scalectl synthesizes.
//!
//! Both are checked before anything is synthesized for AWS (`crate::synth::extend`): a raw
//! resource's type and properties against AWS's resource schemas, every `Ref`, `Fn::GetAtt`
//! and `${...}` against the stack it lands in, and an override that would drop a retention
//! policy, deletion protection or encryption is refused unless it says why (`unprotect`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A raw CloudFormation resource, written as in a template (`Type`, `Properties`, ...), plus
/// the stack it goes into.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawResource {
    /// The CloudFormation type, e.g. `AWS::Kinesis::Stream`.
    #[serde(rename = "Type")]
    pub resource_type: String,
    /// The resource's properties, as CloudFormation takes them. They may `Ref` and
    /// `Fn::GetAtt` scalectl's logical IDs in the same stack.
    #[serde(rename = "Properties", default)]
    pub properties: BTreeMap<String, serde_json::Value>,
    /// Logical IDs in the same stack this resource waits for.
    #[serde(rename = "DependsOn", default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// `Retain`, `Snapshot` or `Delete`. A stateful type (database, table, bucket, cache)
    /// gets scalectl's default (`Snapshot` or `Retain`) when this is left out.
    #[serde(
        rename = "DeletionPolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deletion_policy: Option<String>,
    /// As `DeletionPolicy`, for a replacement.
    #[serde(
        rename = "UpdateReplacePolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub update_replace_policy: Option<String>,
    /// The stack it goes into, by suffix: a region code in a multi-region stage, or a shard
    /// stack's `shards-1`. Empty (the default): the stage's own stack (the first region's).
    #[serde(rename = "Stack", default, skip_serializing_if = "String::is_empty")]
    pub stack: String,
}

/// A patch on one resource scalectl synthesizes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The logical ID, as `plan` and `synth` show it (`Database`, `WebLaunchTemplate`).
    pub resource: String,
    /// Only in the stack with this suffix; by default every stack that has the resource
    /// (each region's, in a multi-region stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack: Option<String>,
    /// Values by path below the resource: `Properties.BackupRetentionPeriod`,
    /// `Properties.Tags.0.Value` (list items by index), `DeletionPolicy`. `null` removes the
    /// value.
    pub set: BTreeMap<String, serde_json::Value>,
    /// Why this override may drop a retention policy, deletion protection or encryption.
    /// Without it such an override is refused; with it, validation shows it as a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unprotect: Option<String>,
}
