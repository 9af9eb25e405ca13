//! The defaults every bucket scalectl creates starts from: private, encrypted with SSE-S3,
//! owner-enforced, versioned with old versions expired, and reachable over TLS only.

use super::context::att;
use crate::cfn::resources::iam::Statement;
use crate::cfn::resources::{Tag, s3};
use crate::cfn::{Value, lit};
use serde_json::json;

/// A private, encrypted, versioned bucket with tidy lifecycle defaults.
pub fn secure_bucket(tags: Vec<Tag>, noncurrent_days: u32) -> s3::Bucket {
    s3::Bucket {
        bucket_name: None,
        bucket_encryption: Some(s3::BucketEncryption::sse_s3()),
        public_access_block_configuration: Some(s3::PublicAccessBlockConfiguration::block_all()),
        ownership_controls: Some(s3::OwnershipControls::bucket_owner_enforced()),
        versioning_configuration: Some(s3::VersioningConfiguration {
            status: lit("Enabled"),
        }),
        lifecycle_configuration: Some(s3::LifecycleConfiguration {
            rules: vec![s3::LifecycleRule {
                noncurrent_version_expiration: Some(s3::NoncurrentVersionExpiration {
                    noncurrent_days: Value::Lit(noncurrent_days),
                }),
                abort_incomplete_multipart_upload: Some(s3::AbortIncompleteMultipartUpload {
                    days_after_initiation: Value::Lit(7),
                }),
                ..s3::LifecycleRule::enabled("tidy-versions-and-uploads")
            }],
        }),
        intelligent_tiering_configurations: Vec::new(),
        logging_configuration: None,
        tags,
    }
}

/// A statement denying any request to the bucket that does not use TLS.
pub fn deny_insecure_transport(bucket: &str) -> Statement {
    Statement::deny(
        &["s3:*"],
        vec![
            att(bucket, "Arn"),
            Value::sub(format!("${{{bucket}.Arn}}/*")),
        ],
    )
    .with_sid("DenyInsecureTransport")
    .with_principal(json!("*"))
    .with_condition(json!({"Bool": {"aws:SecureTransport": "false"}}))
}
