//! AWS KMS: customer managed keys.

use super::Tag;
use super::iam::PolicyDocument;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;

/// `AWS::KMS::Key`: a symmetric encryption key.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Key {
    /// What the key is for.
    pub description: Option<Value<String>>,
    /// Who may use and manage the key.
    pub key_policy: PolicyDocument,
    /// Rotate the key material every year.
    pub enable_key_rotation: Option<Value<bool>>,
    /// Days between scheduling deletion and deletion (7 to 30).
    pub pending_window_in_days: Option<Value<u32>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Key {
    const TYPE: &'static str = "AWS::KMS::Key";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::iam::Statement;
    use serde_json::json;

    #[test]
    fn key_serializes_its_policy() -> Result<(), Box<dyn std::error::Error>> {
        let key = Key {
            description: Some(Value::Lit("alarms".to_string())),
            key_policy: PolicyDocument::new(vec![
                Statement::allow(&["kms:*"], vec![Value::Lit("*".to_string())])
                    .with_principal(json!({"AWS": "arn:aws:iam::111122223333:root"})),
            ]),
            enable_key_rotation: Some(Value::Lit(true)),
            pending_window_in_days: None,
            tags: Vec::new(),
        };
        let v = serde_json::to_value(&key)?;
        assert_eq!(v["EnableKeyRotation"], json!(true));
        assert_eq!(v["KeyPolicy"]["Statement"][0]["Action"], json!(["kms:*"]));
        assert!(v.get("PendingWindowInDays").is_none());
        Ok(())
    }
}
