//! Static assets: a private S3 bucket served only through CloudFront (origin access control).

use super::SynthError;
use super::context::{Ctx, att, r};
use super::storage::{deny_insecure_transport, secure_bucket};
use crate::cfn::resources::iam::{PolicyDocument, Statement};
use crate::cfn::resources::{cloudfront, s3};
use crate::cfn::{Value, lit};
use serde_json::json;

/// AWS's managed `CachingOptimized` cache policy.
pub const CACHING_OPTIMIZED: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/// Add the CDN when the stage has one.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let Some(edge) = ctx.stage.edge.clone() else {
        return Ok(());
    };
    let bucket = ctx.add(
        "StaticBucket",
        &s3::Bucket {
            logging_configuration: super::logging::access_logs(ctx, "StaticBucket"),
            ..secure_bucket(ctx.tags("static"), 30)
        },
    )?;
    let logging = match &ctx.known.log_bucket {
        Some(logs) if ctx.known.cloudfront_logs => Some(cloudfront::Logging {
            bucket: att(logs, "DomainName"),
            prefix: Some(lit(super::logging::CLOUDFRONT_PREFIX)),
            include_cookies: Some(Value::Lit(false)),
        }),
        _ => None,
    };
    let oac = ctx.add(
        "StaticOriginAccessControl",
        &cloudfront::OriginAccessControl {
            origin_access_control_config: cloudfront::OriginAccessControlConfig {
                description: Some(lit("CloudFront reads the static bucket")),
                ..cloudfront::OriginAccessControlConfig::s3(Value::sub("${AWS::StackName}-static"))
            },
        },
    )?;
    let distribution =
        ctx.add(
            "StaticDistribution",
            &cloudfront::Distribution {
                distribution_config: cloudfront::DistributionConfig {
                    enabled: Value::Lit(true),
                    comment: Some(Value::sub("${AWS::StackName} static assets")),
                    origins: vec![cloudfront::Origin {
                        id: lit("static"),
                        domain_name: att(&bucket, "RegionalDomainName"),
                        s3_origin_config: Some(
                            cloudfront::S3OriginConfig::with_origin_access_control(),
                        ),
                        origin_access_control_id: Some(att(&oac, "Id")),
                    }],
                    default_cache_behavior: cloudfront::DefaultCacheBehavior {
                        target_origin_id: lit("static"),
                        viewer_protocol_policy: lit("redirect-to-https"),
                        cache_policy_id: Some(lit(CACHING_OPTIMIZED)),
                        compress: Some(Value::Lit(true)),
                        allowed_methods: vec![lit("GET"), lit("HEAD")],
                    },
                    price_class: Some(lit(edge.price_class.clone())),
                    http_version: Some(lit("http2and3")),
                    default_root_object: None,
                    aliases: Vec::new(),
                    viewer_certificate: None,
                    logging,
                    web_acl_id: None,
                },
            },
        )?;
    ctx.add(
        "StaticBucketPolicy",
        &s3::BucketPolicy {
            bucket: r(&bucket),
            policy_document: PolicyDocument::new(vec![
                Statement::allow(&["s3:GetObject"], vec![Value::sub(format!("${{{bucket}.Arn}}/*"))])
                    .with_sid("CloudFrontReadsObjects")
                    .with_principal(json!({"Service": "cloudfront.amazonaws.com"}))
                    .with_condition(json!({"StringEquals": {"AWS:SourceArn": {
                        "Fn::Sub": format!("arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/${{{distribution}}}")
                    }}})),
                deny_insecure_transport(&bucket),
            ]),
        },
    )?;
    ctx.output("StaticBucketName", "Bucket for static assets", r(&bucket))?;
    ctx.output(
        "CdnDomainName",
        "CloudFront domain serving static assets",
        att(&distribution, "DomainName"),
    )?;
    Ok(())
}
