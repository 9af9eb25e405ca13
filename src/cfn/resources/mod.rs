//! Typed property structs for the CloudFormation resource types scalectl emits.
//!
//! Conventions shared by every service module:
//! - a property the resource schema requires is a plain `Value<T>` (or a nested struct), so the
//!   type system enforces it; such structs do not derive `Default` and offer a `new` taking the
//!   required properties, to be combined with struct update syntax;
//! - an optional scalar is `Option<Value<T>>` and is omitted when `None`;
//! - an optional list is a `Vec` omitted when empty;
//! - the JSON type of every literal matches the resource schema. Where the schema types a
//!   number as a string (Auto Scaling group sizes, `AllocatedStorage`, ...), the field is a
//!   [`NumStr`], which serializes its number as a JSON string.

pub mod acm;
pub mod applicationautoscaling;
pub mod autoscaling;
pub mod cloudfront;
pub mod cloudwatch;
pub mod dynamodb;
pub mod ec2;
pub mod ecs;
pub mod elasticache;
pub mod elbv2;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod rds;
pub mod route53;
pub mod s3;
pub mod servicediscovery;
pub mod sns;
pub mod sqs;
pub mod ssm;
pub mod wafv2;

use super::value::Value;
use serde::{Serialize, Serializer};
use std::fmt::Display;

/// A resource tag, serialized as `{"Key": ..., "Value": ...}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    /// The tag key.
    pub key: String,
    /// The tag value.
    pub value: Value<String>,
}

impl Tag {
    /// A tag from a key and a value.
    pub fn new(key: impl Into<String>, value: impl Into<Value<String>>) -> Self {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// Tags from `(key, value)` pairs, in the given order.
pub fn tags(pairs: &[(&str, Value<String>)]) -> Vec<Tag> {
    pairs
        .iter()
        .map(|(key, value)| Tag::new(*key, value.clone()))
        .collect()
}

/// A number that the resource schema types as a JSON string; serialized as `"42"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct NumStr<T>(pub T);

impl<T: Display> Serialize for NumStr<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<T> From<T> for NumStr<T> {
    fn from(value: T) -> Self {
        NumStr(value)
    }
}

/// Shorthand for a literal number that is serialized as a JSON string.
pub fn num_str<T>(value: T) -> Value<NumStr<T>> {
    Value::Lit(NumStr(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::value::lit;
    use serde_json::json;

    #[test]
    fn tags_and_string_numbers_serialize() -> Result<(), Box<dyn std::error::Error>> {
        let tags = tags(&[
            ("Name", lit("web")),
            ("Stack", Value::r#ref("AWS::StackName")),
        ]);
        assert_eq!(
            serde_json::to_value(&tags)?,
            json!([
                {"Key": "Name", "Value": "web"},
                {"Key": "Stack", "Value": {"Ref": "AWS::StackName"}}
            ])
        );
        assert_eq!(serde_json::to_value(num_str(20u32))?, json!("20"));
        let param: Value<NumStr<u32>> = Value::r#ref("MinSize");
        assert_eq!(serde_json::to_value(param)?, json!({"Ref": "MinSize"}));
        Ok(())
    }
}
