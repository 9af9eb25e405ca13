//! AWS Systems Manager Parameter Store.

use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;
use std::collections::BTreeMap;

/// `AWS::SSM::Parameter`. Only `String` parameters: CloudFormation cannot create
/// `SecureString` ones, and nothing secret goes into a parameter.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Parameter {
    /// The parameter's name (a path); changing it replaces the parameter.
    pub name: Option<Value<String>>,
    /// `String` or `StringList`.
    #[serde(rename = "Type")]
    pub parameter_type: Value<String>,
    /// The value (at most 4 KB in the standard tier).
    pub value: Value<String>,
    /// What it holds.
    pub description: Option<Value<String>>,
    /// Tags, as a map (this type's schema takes an object, not a list).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, Value<String>>,
}

impl ResourceProperties for Parameter {
    const TYPE: &'static str = "AWS::SSM::Parameter";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::value::lit;
    use serde_json::json;

    #[test]
    fn parameter_serializes_with_map_tags() -> Result<(), Box<dyn std::error::Error>> {
        let parameter = Parameter {
            name: Some(Value::sub("/scalectl/${AWS::StackName}/shards/0")),
            parameter_type: lit("String"),
            value: Value::sub("${Database.Endpoint.Address}"),
            description: None,
            tags: BTreeMap::from([("team".to_string(), lit("shop"))]),
        };
        assert_eq!(
            serde_json::to_value(&parameter)?,
            json!({
                "Name": {"Fn::Sub": "/scalectl/${AWS::StackName}/shards/0"},
                "Type": "String",
                "Value": {"Fn::Sub": "${Database.Endpoint.Address}"},
                "Tags": {"team": "shop"}
            })
        );
        Ok(())
    }
}
