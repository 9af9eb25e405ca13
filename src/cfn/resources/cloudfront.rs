//! Amazon CloudFront: distributions and origin access controls.

use crate::cfn::template::ResourceProperties;
use crate::cfn::value::{Value, lit};
use serde::Serialize;

/// `AWS::CloudFront::Distribution`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Distribution {
    /// The distribution's configuration.
    pub distribution_config: DistributionConfig,
}

impl ResourceProperties for Distribution {
    const TYPE: &'static str = "AWS::CloudFront::Distribution";
}

/// The configuration of a distribution.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DistributionConfig {
    /// Whether the distribution serves requests.
    pub enabled: Value<bool>,
    /// A free-form comment.
    pub comment: Option<Value<String>>,
    /// The origins.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<Origin>,
    /// The behaviour for requests no other cache behaviour matches.
    pub default_cache_behavior: DefaultCacheBehavior,
    /// `PriceClass_100`, `PriceClass_200` or `PriceClass_All`.
    pub price_class: Option<Value<String>>,
    /// `http2`, `http2and3`, ...
    pub http_version: Option<Value<String>>,
    /// Object returned for `/`, e.g. `index.html`.
    pub default_root_object: Option<Value<String>>,
    /// Names the distribution answers to besides its own (its certificate must cover them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Value<String>>,
    /// The certificate viewers see and the TLS versions they may use.
    pub viewer_certificate: Option<ViewerCertificate>,
    /// Standard logs into an S3 bucket.
    pub logging: Option<Logging>,
    /// The AWS WAF (v2) web ACL's ARN; the ACL's scope is CLOUDFRONT.
    #[serde(rename = "WebACLId")]
    pub web_acl_id: Option<Value<String>>,
}

/// The certificate of a distribution with its own names: an ACM certificate in us-east-1.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ViewerCertificate {
    /// The ACM certificate (in us-east-1).
    pub acm_certificate_arn: Option<Value<String>>,
    /// `sni-only`.
    #[serde(rename = "SslSupportMethod")]
    pub ssl_support_method: Option<Value<String>>,
    /// The oldest TLS version viewers may use, e.g. `TLSv1.2_2021`.
    pub minimum_protocol_version: Option<Value<String>>,
}

/// Standard (legacy) logging to S3.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Logging {
    /// The bucket's domain name, `<bucket>.s3.amazonaws.com`; its ACLs must be enabled.
    pub bucket: Value<String>,
    /// Key prefix of the log files.
    pub prefix: Option<Value<String>>,
    /// Whether cookies are logged.
    pub include_cookies: Option<Value<bool>>,
}

impl DistributionConfig {
    /// An enabled distribution with a default behaviour and nothing else set.
    pub fn new(default_cache_behavior: DefaultCacheBehavior) -> Self {
        DistributionConfig {
            enabled: Value::Lit(true),
            comment: None,
            origins: Vec::new(),
            default_cache_behavior,
            price_class: None,
            http_version: None,
            default_root_object: None,
            aliases: Vec::new(),
            viewer_certificate: None,
            logging: None,
            web_acl_id: None,
        }
    }
}

/// A distribution origin.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Origin {
    /// Origin ID, referenced by cache behaviours.
    pub id: Value<String>,
    /// Origin domain, e.g. the bucket's regional domain name.
    pub domain_name: Value<String>,
    /// Present for S3 bucket origins.
    pub s3_origin_config: Option<S3OriginConfig>,
    /// The origin access control signing requests to the bucket.
    pub origin_access_control_id: Option<Value<String>>,
}

/// The S3 settings of an origin.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct S3OriginConfig {
    /// Legacy origin access identity; must be `""` when an origin access control is used.
    pub origin_access_identity: Value<String>,
}

impl S3OriginConfig {
    /// The configuration for an origin secured by an origin access control.
    pub fn with_origin_access_control() -> Self {
        S3OriginConfig {
            origin_access_identity: lit(""),
        }
    }
}

/// The default cache behaviour of a distribution.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DefaultCacheBehavior {
    /// The origin requests go to.
    pub target_origin_id: Value<String>,
    /// `redirect-to-https`, `https-only` or `allow-all`.
    pub viewer_protocol_policy: Value<String>,
    /// The cache policy, e.g. the managed `CachingOptimized` policy ID.
    pub cache_policy_id: Option<Value<String>>,
    /// Whether to compress eligible responses.
    pub compress: Option<Value<bool>>,
    /// HTTP methods passed to the origin.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_methods: Vec<Value<String>>,
}

/// `AWS::CloudFront::OriginAccessControl`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginAccessControl {
    /// The control's configuration.
    pub origin_access_control_config: OriginAccessControlConfig,
}

impl ResourceProperties for OriginAccessControl {
    const TYPE: &'static str = "AWS::CloudFront::OriginAccessControl";
}

/// The configuration of an origin access control.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OriginAccessControlConfig {
    /// Name, unique in the account.
    pub name: Value<String>,
    /// `s3`, `mediastore`, `lambda`, ...
    pub origin_access_control_origin_type: Value<String>,
    /// `always`, `never` or `no-override`.
    pub signing_behavior: Value<String>,
    /// Always `sigv4`.
    pub signing_protocol: Value<String>,
    /// What the control is for.
    pub description: Option<Value<String>>,
}

impl OriginAccessControlConfig {
    /// An S3 origin access control that always signs with SigV4.
    pub fn s3(name: Value<String>) -> Self {
        OriginAccessControlConfig {
            name,
            origin_access_control_origin_type: lit("s3"),
            signing_behavior: lit("always"),
            signing_protocol: lit("sigv4"),
            description: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn distribution_serializes_s3_origin_with_oac() -> Result<(), Box<dyn std::error::Error>> {
        let distribution = Distribution {
            distribution_config: DistributionConfig {
                comment: Some(lit("static assets")),
                origins: vec![Origin {
                    id: lit("assets"),
                    domain_name: Value::get_att("Assets", "RegionalDomainName"),
                    s3_origin_config: Some(S3OriginConfig::with_origin_access_control()),
                    origin_access_control_id: Some(Value::get_att("AssetsOac", "Id")),
                }],
                price_class: Some(lit("PriceClass_100")),
                http_version: Some(lit("http2and3")),
                default_root_object: Some(lit("index.html")),
                ..DistributionConfig::new(DefaultCacheBehavior {
                    target_origin_id: lit("assets"),
                    viewer_protocol_policy: lit("redirect-to-https"),
                    cache_policy_id: Some(lit("658327ea-f89d-4fab-a63d-7e88639e58f6")),
                    compress: Some(Value::Lit(true)),
                    allowed_methods: vec![lit("GET"), lit("HEAD")],
                })
            },
        };
        assert_eq!(
            serde_json::to_value(&distribution)?,
            json!({
                "DistributionConfig": {
                    "Enabled": true,
                    "Comment": "static assets",
                    "Origins": [{
                        "Id": "assets",
                        "DomainName": {"Fn::GetAtt": ["Assets", "RegionalDomainName"]},
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                        "OriginAccessControlId": {"Fn::GetAtt": ["AssetsOac", "Id"]}
                    }],
                    "DefaultCacheBehavior": {
                        "TargetOriginId": "assets",
                        "ViewerProtocolPolicy": "redirect-to-https",
                        "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
                        "Compress": true,
                        "AllowedMethods": ["GET", "HEAD"]
                    },
                    "PriceClass": "PriceClass_100",
                    "HttpVersion": "http2and3",
                    "DefaultRootObject": "index.html"
                }
            })
        );

        let oac = OriginAccessControl {
            origin_access_control_config: OriginAccessControlConfig::s3(Value::sub(
                "${AWS::StackName}-assets",
            )),
        };
        assert_eq!(
            serde_json::to_value(&oac)?,
            json!({
                "OriginAccessControlConfig": {
                    "Name": {"Fn::Sub": "${AWS::StackName}-assets"},
                    "OriginAccessControlOriginType": "s3",
                    "SigningBehavior": "always",
                    "SigningProtocol": "sigv4"
                }
            })
        );
        Ok(())
    }
}
