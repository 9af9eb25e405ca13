//! A CloudFormation template: parameters, conditions, resources and outputs.
//!
//! Resources are built from typed property structs (see [`super::resources`]) and stored as
//! JSON so that diff, reference checks and plan can walk any resource uniformly. Stateful
//! resource types get their retention policies here, when they are added, so no synthesis
//! path can forget them.

use super::logical_id::LogicalId;
use super::value::Value;
use serde::Serialize;
use std::collections::BTreeMap;

/// A typed resource property struct knows its CloudFormation type name.
pub trait ResourceProperties: Serialize {
    /// The CloudFormation type, e.g. `AWS::EC2::VPC`.
    const TYPE: &'static str;
}

/// What CloudFormation does with a resource's data when it is deleted or replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RetentionPolicy {
    /// Keep the resource.
    Retain,
    /// Take a final snapshot, then delete.
    Snapshot,
    /// Delete the resource and its data.
    Delete,
}

/// The retention a stateful resource type gets by default, or `None` for stateless types.
///
/// Databases and caches keep a final snapshot; tables and buckets, which have no snapshot
/// support in CloudFormation, are retained.
pub fn default_retention(resource_type: &str) -> Option<RetentionPolicy> {
    match resource_type {
        "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster" | "AWS::ElastiCache::ReplicationGroup" => {
            Some(RetentionPolicy::Snapshot)
        }
        "AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable" | "AWS::S3::Bucket" => {
            Some(RetentionPolicy::Retain)
        }
        _ => None,
    }
}

/// True for the resource types whose replacement or deletion loses data.
pub fn is_stateful(resource_type: &str) -> bool {
    default_retention(resource_type).is_some()
}

/// The `Metadata` key that marks a resource holding data its type does not tell of: the
/// single box whose disk holds the stage's database.
pub const HOLDS_DATA: &str = "scalectl:holds-data";

/// True when replacing or deleting this template resource (as JSON) loses data: a stateful
/// type, except an RDS read replica (a copy of its source, which AWS never snapshots), or
/// any resource whose `Metadata` carries [`HOLDS_DATA`].
pub fn holds_data(resource: &serde_json::Value) -> bool {
    let resource_type = resource
        .get("Type")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("");
    let marked = resource
        .pointer(&format!("/Metadata/{HOLDS_DATA}"))
        .is_some_and(|v| !v.is_null() && *v != serde_json::Value::Bool(false));
    marked || (is_stateful(resource_type) && !is_read_replica(resource))
}

/// True for an `AWS::RDS::DBInstance` that replicates another (`SourceDBInstanceIdentifier`).
pub fn is_read_replica(resource: &serde_json::Value) -> bool {
    resource.get("Type").and_then(serde_json::Value::as_str) == Some("AWS::RDS::DBInstance")
        && resource
            .pointer("/Properties/SourceDBInstanceIdentifier")
            .is_some_and(|v| !v.is_null())
}

/// One resource of a template.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Resource {
    /// The CloudFormation type name.
    #[serde(rename = "Type")]
    pub resource_type: String,
    /// Condition that gates the resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// Explicit dependencies, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// The resource's properties.
    pub properties: serde_json::Value,
    /// What happens to the resource when it leaves the template.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_policy: Option<RetentionPolicy>,
    /// What happens to the old resource when an update replaces it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_replace_policy: Option<RetentionPolicy>,
    /// The update policy (Auto Scaling groups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_policy: Option<serde_json::Value>,
    /// Metadata (scalectl's [`HOLDS_DATA`] mark).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
}

impl Resource {
    /// Build a resource from typed properties, with the default retention for its type.
    pub fn new<P: ResourceProperties>(properties: &P) -> Result<Self, serde_json::Error> {
        let retention = default_retention(P::TYPE);
        Ok(Resource {
            resource_type: P::TYPE.to_string(),
            condition: None,
            depends_on: Vec::new(),
            properties: serde_json::to_value(properties)?,
            deletion_policy: retention,
            update_replace_policy: retention,
            update_policy: None,
            metadata: None,
        })
    }

    /// Add explicit dependencies.
    pub fn depends_on<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.depends_on.extend(ids.into_iter().map(Into::into));
        self.depends_on.sort();
        self.depends_on.dedup();
        self
    }

    /// Set the update policy.
    pub fn with_update_policy(mut self, policy: serde_json::Value) -> Self {
        self.update_policy = Some(policy);
        self
    }

    /// Mark the resource as holding data its type does not tell of ([`HOLDS_DATA`]), so
    /// that the data-loss guard covers it; `what` says what it holds.
    pub fn holding_data(mut self, what: &str) -> Self {
        self.metadata = Some(serde_json::json!({ HOLDS_DATA: what }));
        self
    }

    /// Set both retention policies.
    pub fn with_retention(mut self, policy: RetentionPolicy) -> Self {
        self.deletion_policy = Some(policy);
        self.update_replace_policy = Some(policy);
        self
    }
}

/// A template parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    /// The parameter type, e.g. `String`.
    #[serde(rename = "Type")]
    pub param_type: String,
    /// What the parameter is for.
    pub description: String,
    /// The default value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// A template output.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Output {
    /// What the output is.
    pub description: String,
    /// Its value.
    pub value: Value<String>,
}

/// Errors building a template.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// Two resources, parameters or outputs share a logical ID.
    #[error(
        "duplicate logical ID `{0}`: two parts of the stage map to the same CloudFormation name"
    )]
    DuplicateLogicalId(String),
    /// A property struct failed to serialize.
    #[error("cannot serialize properties of `{id}`: {source}")]
    Serialize {
        /// The resource.
        id: String,
        /// The cause.
        source: serde_json::Error,
    },
}

/// A CloudFormation template.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Template {
    /// Always `2010-09-09`.
    #[serde(rename = "AWSTemplateFormatVersion")]
    pub format_version: &'static str,
    /// The template description.
    #[serde(rename = "Description")]
    pub description: String,
    /// Parameters by name.
    #[serde(rename = "Parameters", skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, Parameter>,
    /// Conditions by name.
    #[serde(rename = "Conditions", skip_serializing_if = "BTreeMap::is_empty")]
    pub conditions: BTreeMap<String, serde_json::Value>,
    /// Resources by logical ID.
    #[serde(rename = "Resources")]
    pub resources: BTreeMap<String, Resource>,
    /// Outputs by name.
    #[serde(rename = "Outputs", skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<String, Output>,
}

impl Template {
    /// An empty template with a description.
    pub fn new(description: impl Into<String>) -> Self {
        Template {
            format_version: "2010-09-09",
            description: description.into(),
            ..Default::default()
        }
    }

    /// Add a typed resource with default policies; returns its logical ID for references.
    pub fn add<P: ResourceProperties>(
        &mut self,
        id: &LogicalId,
        properties: &P,
    ) -> Result<String, TemplateError> {
        let resource = Resource::new(properties).map_err(|source| TemplateError::Serialize {
            id: id.to_string(),
            source,
        })?;
        self.insert(id, resource)
    }

    /// Add a fully built resource.
    pub fn insert(&mut self, id: &LogicalId, resource: Resource) -> Result<String, TemplateError> {
        let key = id.to_string();
        if self.resources.contains_key(&key) {
            return Err(TemplateError::DuplicateLogicalId(key));
        }
        self.resources.insert(key.clone(), resource);
        Ok(key)
    }

    /// Mutable access to a resource already added (to add dependencies or policies).
    pub fn resource_mut(&mut self, id: &str) -> Option<&mut Resource> {
        self.resources.get_mut(id)
    }

    /// Add a parameter.
    pub fn parameter(
        &mut self,
        name: &LogicalId,
        parameter: Parameter,
    ) -> Result<(), TemplateError> {
        let key = name.to_string();
        if self.parameters.contains_key(&key) || self.resources.contains_key(&key) {
            return Err(TemplateError::DuplicateLogicalId(key));
        }
        self.parameters.insert(key, parameter);
        Ok(())
    }

    /// Whether the template declares the parameter `name`.
    pub fn has_parameter(&self, name: &str) -> bool {
        self.parameters.contains_key(name)
    }

    /// Add an output.
    pub fn output(
        &mut self,
        name: &LogicalId,
        description: impl Into<String>,
        value: Value<String>,
    ) -> Result<(), TemplateError> {
        let key = name.to_string();
        if self.outputs.contains_key(&key) {
            return Err(TemplateError::DuplicateLogicalId(key));
        }
        self.outputs.insert(
            key,
            Output {
                description: description.into(),
                value,
            },
        );
        Ok(())
    }

    /// The template as a JSON value, as diff reads a deployed one.
    pub fn to_value(&self) -> serde_json::Value {
        // Plain data with string keys: serializing cannot fail.
        serde_json::to_value(self).unwrap_or_default()
    }

    /// Deterministic pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        // Serializing plain data into a String cannot fail: every map key is a string.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}
