//! AWS Certificate Manager: public certificates validated through DNS.

use super::Tag;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;

/// `AWS::CertificateManager::Certificate`. With `DNS` validation and a hosted zone for each
/// name, CloudFormation writes the validation records itself and waits for the certificate.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Certificate {
    /// The name the certificate is for, e.g. `www.example.com`.
    pub domain_name: Value<String>,
    /// Further names on the certificate.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subject_alternative_names: Vec<Value<String>>,
    /// `DNS` or `EMAIL`.
    pub validation_method: Option<Value<String>>,
    /// Where each name's validation record goes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub domain_validation_options: Vec<DomainValidationOption>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Certificate {
    const TYPE: &'static str = "AWS::CertificateManager::Certificate";
}

/// The hosted zone that validates one name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DomainValidationOption {
    /// The name.
    pub domain_name: Value<String>,
    /// The Route 53 hosted zone CloudFormation writes its validation record in.
    pub hosted_zone_id: Value<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::value::lit;
    use serde_json::json;

    #[test]
    fn certificate_serializes_dns_validation() -> Result<(), Box<dyn std::error::Error>> {
        let cert = Certificate {
            domain_name: lit("www.example.com"),
            subject_alternative_names: Vec::new(),
            validation_method: Some(lit("DNS")),
            domain_validation_options: vec![DomainValidationOption {
                domain_name: lit("www.example.com"),
                hosted_zone_id: Value::r#ref("HostedZoneId"),
            }],
            tags: Vec::new(),
        };
        assert_eq!(
            serde_json::to_value(&cert)?,
            json!({"DomainName": "www.example.com", "ValidationMethod": "DNS",
                   "DomainValidationOptions": [{"DomainName": "www.example.com",
                                                "HostedZoneId": {"Ref": "HostedZoneId"}}]})
        );
        Ok(())
    }
}
