//! Each region's log bucket, the policy each log delivery service needs to write into it,
//! and the VPC's flow logs.
//!
//! The bucket keeps SSE-S3 default encryption: load balancer access logs and S3 server
//! access logs are delivered only to SSE-S3 buckets. CloudFront's standard logs need the
//! bucket's ACLs enabled, so the stack that holds the CDN owns objects by `BucketOwnerPreferred`
//! instead of `BucketOwnerEnforced`. Logs expire after `security.logs.retention_days`.

use super::SynthError;
use super::bucket::{deny_insecure_transport, secure_bucket};
use super::context::{Ctx, att, r};
use crate::catalog::log_delivery;
use crate::cfn::resources::iam::{PolicyDocument, Statement};
use crate::cfn::resources::{ec2, s3};
use crate::cfn::{Value, lit};
use serde_json::json;

/// The log bucket's logical ID.
pub const LOG_BUCKET: &str = "LogBucket";
/// Its policy's logical ID: whatever delivers logs must be created after it.
pub const LOG_BUCKET_POLICY: &str = "LogBucketPolicy";

/// Key prefixes in the log bucket, one per source.
pub const ALB_PREFIX: &str = "alb";
/// S3 server access logs go under `s3/<bucket logical ID>/`.
pub const S3_PREFIX: &str = "s3";
/// CloudFront standard logs.
pub const CLOUDFRONT_PREFIX: &str = "cloudfront/";
/// VPC flow logs.
pub const FLOW_PREFIX: &str = "vpc";

/// Add the log bucket, its policy and the flow logs. `edge_here`: this stack holds the CDN.
pub fn synthesize(ctx: &mut Ctx<'_>, edge_here: bool) -> Result<(), SynthError> {
    let logs = ctx.stage.security.logs.clone();
    let cloudfront_logs =
        edge_here && ctx.stage.edge.is_some() && log_delivery::cloudfront_logs_to(ctx.region.code);
    let mut bucket = secure_bucket(ctx.tags("logs"), 1);
    if let Some(lifecycle) = bucket.lifecycle_configuration.as_mut() {
        lifecycle.rules.push(s3::LifecycleRule {
            expiration_in_days: Some(Value::Lit(logs.retention_days)),
            ..s3::LifecycleRule::enabled("expire-logs")
        });
    }
    if cloudfront_logs {
        bucket.ownership_controls = Some(s3::OwnershipControls::bucket_owner_preferred());
    }
    let bucket = ctx.add(LOG_BUCKET, &bucket)?;
    ctx.known.log_bucket = Some(bucket.clone());
    ctx.known.cloudfront_logs = cloudfront_logs;

    let account = "${AWS::AccountId}";
    let source_account = json!({"StringEquals": {"aws:SourceAccount": {"Fn::Sub": account}}});
    let mut statements = vec![deny_insecure_transport(&bucket)];
    if ctx.stage.load_balancer.is_some() {
        statements.push(
            Statement::allow(
                &["s3:PutObject"],
                vec![Value::sub(format!(
                    "${{{bucket}.Arn}}/{ALB_PREFIX}/AWSLogs/{account}/*"
                ))],
            )
            .with_sid("LoadBalancerAccessLogs")
            .with_principal(log_delivery::elb_log_principal(ctx.region.code)),
        );
    }
    statements.push(
        Statement::allow(
            &["s3:PutObject"],
            vec![Value::sub(format!("${{{bucket}.Arn}}/{S3_PREFIX}/*"))],
        )
        .with_sid("S3ServerAccessLogs")
        .with_principal(json!({"Service": "logging.s3.amazonaws.com"}))
        .with_condition(source_account.clone()),
    );
    if logs.flow_logs {
        let from_logs = json!({
            "StringEquals": {"aws:SourceAccount": {"Fn::Sub": account}},
            "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*"}},
        });
        let mut write = from_logs.clone();
        write["StringEquals"]["s3:x-amz-acl"] = json!("bucket-owner-full-control");
        statements.push(
            Statement::allow(
                &["s3:PutObject"],
                vec![Value::sub(format!(
                    "${{{bucket}.Arn}}/{FLOW_PREFIX}/AWSLogs/{account}/*"
                ))],
            )
            .with_sid("FlowLogsWrite")
            .with_principal(json!({"Service": "delivery.logs.amazonaws.com"}))
            .with_condition(write),
        );
        statements.push(
            Statement::allow(
                &["s3:GetBucketAcl", "s3:ListBucket"],
                vec![att(&bucket, "Arn")],
            )
            .with_sid("FlowLogsAclCheck")
            .with_principal(json!({"Service": "delivery.logs.amazonaws.com"}))
            .with_condition(from_logs),
        );
    }
    ctx.add(
        LOG_BUCKET_POLICY,
        &s3::BucketPolicy {
            bucket: r(&bucket),
            policy_document: PolicyDocument::new(statements),
        },
    )?;
    ctx.output(
        "LogBucketName",
        "Bucket holding this region's access and flow logs",
        r(&bucket),
    )?;

    if logs.flow_logs {
        // After the policy: without it AWS writes a policy of its own over the bucket's.
        ctx.add_after(
            "VpcFlowLog",
            &ec2::FlowLog {
                resource_id: r(&ctx.net.vpc),
                resource_type: lit("VPC"),
                traffic_type: lit("ALL"),
                log_destination_type: lit("s3"),
                log_destination: Value::sub(format!("${{{bucket}.Arn}}/{FLOW_PREFIX}/")),
                max_aggregation_interval: Some(Value::Lit(600)),
                tags: ctx.tags("flow-logs"),
            },
            &[LOG_BUCKET_POLICY],
        )?;
    }
    Ok(())
}

/// Server access logging of a data bucket into the log bucket, under its own prefix.
pub fn access_logs(ctx: &Ctx<'_>, bucket_id: &str) -> Option<s3::LoggingConfiguration> {
    ctx.known
        .log_bucket
        .as_ref()
        .map(|logs| s3::LoggingConfiguration {
            destination_bucket_name: Some(r(logs)),
            log_file_prefix: Some(lit(format!("{S3_PREFIX}/{bucket_id}/"))),
        })
}

/// What a resource delivering logs into the log bucket waits for: the bucket policy, which
/// S3 (server access logging) and the load balancer check when logging is turned on.
pub fn after_policy(ctx: &Ctx<'_>) -> Vec<&'static str> {
    if ctx.known.log_bucket.is_some() {
        vec![LOG_BUCKET_POLICY]
    } else {
        Vec::new()
    }
}
