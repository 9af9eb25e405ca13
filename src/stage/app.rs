//! The team's own application on the web tier: its image, its bootstrap script and its
//! settings. Settings are plain values or references that the instance reads at boot
//! (Secrets Manager, Parameter Store): no secret is ever in a template or a stage file.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One application setting: a plain value, or where to read it at boot.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum AppSetting {
    /// A plain value (`info`, `https://api.example.com`). Never a secret: a setting whose name
    /// says it holds one (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`, ...) must be a
    /// reference.
    Plain(PlainValue),
    /// A Secrets Manager secret, by name or ARN; `key` picks one field of a JSON secret.
    Secret {
        /// The secret's name (`prod/payments/api-key`) or ARN.
        secret: String,
        /// A field of a JSON secret (`password`); the whole secret string when left out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key: Option<String>,
    },
    /// A Systems Manager Parameter Store parameter (a `SecureString` is decrypted).
    Parameter {
        /// The parameter's name, e.g. `/shop/feature-flags`.
        parameter: String,
    },
}

/// A plain setting value as YAML writes it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum PlainValue {
    /// Text.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A number.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
}

impl PlainValue {
    /// The value as the environment file writes it.
    pub fn text(&self) -> String {
        match self {
            PlainValue::Text(s) => s.clone(),
            PlainValue::Integer(i) => i.to_string(),
            PlainValue::Number(n) => n.to_string(),
            PlainValue::Bool(b) => b.to_string(),
        }
    }
}

/// Whether a setting's name says it holds a secret.
pub fn names_a_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "CREDENTIAL",
        "ACCESS_KEY",
    ]
    .iter()
    .any(|word| upper.contains(word))
}

/// Whether `image` is an AMI ID (`ami-` and 8 or 17 hex digits).
pub fn is_ami_id(image: &str) -> bool {
    image.strip_prefix("ami-").is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17) && hex.chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// Whether `image` is a Systems Manager parameter path (`/team/web/ami`).
pub fn is_ssm_path(image: &str) -> bool {
    image.starts_with('/')
        && image.len() > 1
        && image.len() <= 2048
        && image
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_.-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_secret_names_are_recognised() {
        assert!(is_ami_id("ami-0abcdef1234567890"));
        assert!(is_ami_id("ami-12345678"));
        assert!(!is_ami_id("ami-xyz"));
        assert!(is_ssm_path("/shop/web/ami"));
        assert!(!is_ssm_path("shop/web/ami"));
        assert!(names_a_secret("STRIPE_API_KEY") && names_a_secret("db_password"));
        assert!(!names_a_secret("LOG_LEVEL"));
    }
}
