//! Amazon S3: buckets and bucket policies.

use super::Tag;
use super::iam::PolicyDocument;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::{Value, lit};
use serde::Serialize;

/// `AWS::S3::Bucket`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Bucket {
    /// The bucket name; generated when omitted.
    pub bucket_name: Option<Value<String>>,
    /// Default encryption.
    pub bucket_encryption: Option<BucketEncryption>,
    /// Block Public Access settings.
    pub public_access_block_configuration: Option<PublicAccessBlockConfiguration>,
    /// Object ownership (ACLs).
    pub ownership_controls: Option<OwnershipControls>,
    /// Versioning.
    pub versioning_configuration: Option<VersioningConfiguration>,
    /// Lifecycle rules.
    pub lifecycle_configuration: Option<LifecycleConfiguration>,
    /// Intelligent-Tiering archive configurations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intelligent_tiering_configurations: Vec<IntelligentTieringConfiguration>,
    /// Server access logging into another bucket of the same region and account.
    pub logging_configuration: Option<LoggingConfiguration>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Bucket {
    const TYPE: &'static str = "AWS::S3::Bucket";
}

/// Where a bucket's server access logs go.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggingConfiguration {
    /// The log bucket (same region and account; SSE-S3 default encryption).
    pub destination_bucket_name: Option<Value<String>>,
    /// Key prefix of the log objects.
    pub log_file_prefix: Option<Value<String>>,
}

/// Default bucket encryption.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketEncryption {
    /// The encryption rules (one in practice).
    pub server_side_encryption_configuration: Vec<ServerSideEncryptionRule>,
}

impl BucketEncryption {
    /// SSE-S3 (`AES256`) default encryption.
    pub fn sse_s3() -> Self {
        BucketEncryption {
            server_side_encryption_configuration: vec![ServerSideEncryptionRule {
                bucket_key_enabled: None,
                server_side_encryption_by_default: Some(ServerSideEncryptionByDefault {
                    sse_algorithm: lit("AES256"),
                    kms_master_key_id: None,
                }),
            }],
        }
    }
}

/// One default encryption rule.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerSideEncryptionRule {
    /// Use an S3 Bucket Key to cut KMS requests.
    pub bucket_key_enabled: Option<Value<bool>>,
    /// The default algorithm and key.
    pub server_side_encryption_by_default: Option<ServerSideEncryptionByDefault>,
}

/// The default encryption algorithm and key.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerSideEncryptionByDefault {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    #[serde(rename = "SSEAlgorithm")]
    pub sse_algorithm: Value<String>,
    /// The KMS key (note the schema's spelling `KMSMasterKeyID`).
    #[serde(rename = "KMSMasterKeyID")]
    pub kms_master_key_id: Option<Value<String>>,
}

/// Block Public Access settings.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicAccessBlockConfiguration {
    /// Reject public ACLs.
    pub block_public_acls: Option<Value<bool>>,
    /// Reject public bucket policies.
    pub block_public_policy: Option<Value<bool>>,
    /// Ignore existing public ACLs.
    pub ignore_public_acls: Option<Value<bool>>,
    /// Restrict access under public policies to AWS services and the owner.
    pub restrict_public_buckets: Option<Value<bool>>,
}

impl PublicAccessBlockConfiguration {
    /// All four settings on.
    pub fn block_all() -> Self {
        PublicAccessBlockConfiguration {
            block_public_acls: Some(Value::Lit(true)),
            block_public_policy: Some(Value::Lit(true)),
            ignore_public_acls: Some(Value::Lit(true)),
            restrict_public_buckets: Some(Value::Lit(true)),
        }
    }
}

/// Object ownership controls.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OwnershipControls {
    /// The rules (one in practice).
    pub rules: Vec<OwnershipControlsRule>,
}

impl OwnershipControls {
    /// `BucketOwnerEnforced`: ACLs disabled.
    pub fn bucket_owner_enforced() -> Self {
        OwnershipControls {
            rules: vec![OwnershipControlsRule {
                object_ownership: Some(lit("BucketOwnerEnforced")),
            }],
        }
    }

    /// ACLs enabled, new objects owned by the bucket owner (CloudFront standard logs need the
    /// ACLs).
    pub fn bucket_owner_preferred() -> Self {
        OwnershipControls {
            rules: vec![OwnershipControlsRule {
                object_ownership: Some(lit("BucketOwnerPreferred")),
            }],
        }
    }
}

/// One object ownership rule.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct OwnershipControlsRule {
    /// `BucketOwnerEnforced`, `BucketOwnerPreferred` or `ObjectWriter`.
    pub object_ownership: Option<Value<String>>,
}

/// Bucket versioning.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VersioningConfiguration {
    /// `Enabled` or `Suspended`.
    pub status: Value<String>,
}

/// Lifecycle rules.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleConfiguration {
    /// The rules.
    pub rules: Vec<LifecycleRule>,
}

/// One lifecycle rule.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleRule {
    /// Rule ID.
    pub id: Option<Value<String>>,
    /// `Enabled` or `Disabled`.
    pub status: Value<String>,
    /// Storage class transitions of current versions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transitions: Vec<Transition>,
    /// When noncurrent versions expire.
    pub noncurrent_version_expiration: Option<NoncurrentVersionExpiration>,
    /// When incomplete multipart uploads are aborted.
    pub abort_incomplete_multipart_upload: Option<AbortIncompleteMultipartUpload>,
    /// Days after creation that current objects expire.
    pub expiration_in_days: Option<Value<u32>>,
}

impl LifecycleRule {
    /// An enabled rule with an ID and no actions yet.
    pub fn enabled(id: &str) -> Self {
        LifecycleRule {
            id: Some(lit(id)),
            status: lit("Enabled"),
            transitions: Vec::new(),
            noncurrent_version_expiration: None,
            abort_incomplete_multipart_upload: None,
            expiration_in_days: None,
        }
    }
}

/// A storage class transition after a number of days.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Transition {
    /// `STANDARD_IA`, `INTELLIGENT_TIERING`, `GLACIER_IR`, ...
    pub storage_class: Value<String>,
    /// Days after creation (required here: transition dates are not modelled).
    pub transition_in_days: Value<u32>,
}

/// When noncurrent object versions expire.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NoncurrentVersionExpiration {
    /// Days after a version becomes noncurrent.
    pub noncurrent_days: Value<u32>,
}

/// When incomplete multipart uploads are aborted.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AbortIncompleteMultipartUpload {
    /// Days after the upload started.
    pub days_after_initiation: Value<u32>,
}

/// An Intelligent-Tiering archive configuration.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IntelligentTieringConfiguration {
    /// Configuration ID.
    pub id: Value<String>,
    /// `Enabled` or `Disabled`.
    pub status: Value<String>,
    /// The archive tiers and their delays.
    pub tierings: Vec<Tiering>,
}

/// An Intelligent-Tiering archive tier.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tiering {
    /// `ARCHIVE_ACCESS` or `DEEP_ARCHIVE_ACCESS`.
    pub access_tier: Value<String>,
    /// Days without access before objects move to the tier.
    pub days: Value<u32>,
}

/// `AWS::S3::BucketPolicy`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BucketPolicy {
    /// The bucket name.
    pub bucket: Value<String>,
    /// The policy.
    pub policy_document: PolicyDocument,
}

impl ResourceProperties for BucketPolicy {
    const TYPE: &'static str = "AWS::S3::BucketPolicy";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::iam::Statement;
    use crate::cfn::resources::tags;
    use serde_json::json;

    #[test]
    fn bucket_serializes_nested_configuration() -> Result<(), Box<dyn std::error::Error>> {
        let bucket = Bucket {
            bucket_encryption: Some(BucketEncryption {
                server_side_encryption_configuration: vec![ServerSideEncryptionRule {
                    bucket_key_enabled: Some(Value::Lit(true)),
                    server_side_encryption_by_default: Some(ServerSideEncryptionByDefault {
                        sse_algorithm: lit("aws:kms"),
                        kms_master_key_id: Some(Value::get_att("Key", "Arn")),
                    }),
                }],
            }),
            public_access_block_configuration: Some(PublicAccessBlockConfiguration::block_all()),
            ownership_controls: Some(OwnershipControls::bucket_owner_enforced()),
            versioning_configuration: Some(VersioningConfiguration {
                status: lit("Enabled"),
            }),
            lifecycle_configuration: Some(LifecycleConfiguration {
                rules: vec![LifecycleRule {
                    transitions: vec![Transition {
                        storage_class: lit("STANDARD_IA"),
                        transition_in_days: Value::Lit(30),
                    }],
                    noncurrent_version_expiration: Some(NoncurrentVersionExpiration {
                        noncurrent_days: Value::Lit(90),
                    }),
                    abort_incomplete_multipart_upload: Some(AbortIncompleteMultipartUpload {
                        days_after_initiation: Value::Lit(7),
                    }),
                    ..LifecycleRule::enabled("tidy")
                }],
            }),
            intelligent_tiering_configurations: vec![IntelligentTieringConfiguration {
                id: lit("archive"),
                status: lit("Enabled"),
                tierings: vec![Tiering {
                    access_tier: lit("ARCHIVE_ACCESS"),
                    days: Value::Lit(90),
                }],
            }],
            tags: tags(&[("Stage", lit("3"))]),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&bucket)?,
            json!({
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [{
                        "BucketKeyEnabled": true,
                        "ServerSideEncryptionByDefault": {
                            "SSEAlgorithm": "aws:kms",
                            "KMSMasterKeyID": {"Fn::GetAtt": ["Key", "Arn"]}
                        }
                    }]
                },
                "PublicAccessBlockConfiguration": {
                    "BlockPublicAcls": true,
                    "BlockPublicPolicy": true,
                    "IgnorePublicAcls": true,
                    "RestrictPublicBuckets": true
                },
                "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
                "VersioningConfiguration": {"Status": "Enabled"},
                "LifecycleConfiguration": {
                    "Rules": [{
                        "Id": "tidy",
                        "Status": "Enabled",
                        "Transitions": [{"StorageClass": "STANDARD_IA", "TransitionInDays": 30}],
                        "NoncurrentVersionExpiration": {"NoncurrentDays": 90},
                        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}
                    }]
                },
                "IntelligentTieringConfigurations": [{
                    "Id": "archive",
                    "Status": "Enabled",
                    "Tierings": [{"AccessTier": "ARCHIVE_ACCESS", "Days": 90}]
                }],
                "Tags": [{"Key": "Stage", "Value": "3"}]
            })
        );

        let policy = BucketPolicy {
            bucket: Value::r#ref("Assets"),
            policy_document: PolicyDocument::new(vec![
                Statement::allow(&["s3:GetObject"], vec![Value::sub("${Assets.Arn}/*")])
                    .with_principal(json!({"Service": "cloudfront.amazonaws.com"})),
            ]),
        };
        assert_eq!(
            serde_json::to_value(&policy)?,
            json!({
                "Bucket": {"Ref": "Assets"},
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudfront.amazonaws.com"},
                        "Action": ["s3:GetObject"],
                        "Resource": [{"Fn::Sub": "${Assets.Arn}/*"}]
                    }]
                }
            })
        );
        Ok(())
    }
}
