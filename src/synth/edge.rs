//! Static assets: a private S3 bucket served only through CloudFront (origin access control).
//!
//! With a DNS zone the CDN answers at its own name (`static.example.com`) with an ACM
//! certificate and TLS 1.2 at least (`TLSv1.2_2021`); without one it keeps CloudFront's
//! default certificate, which lets viewers in with TLS 1.0. A CloudFront web ACL sits in
//! front of it when the stage has WAF on. CloudFront takes both only from us-east-1: see
//! [`super::cdn_companion`] for a CDN whose stack is elsewhere.

use super::bucket::{deny_insecure_transport, secure_bucket};
use super::context::{Ctx, att, r};
use super::waf::{self, Scope};
use super::{SynthError, cdn_companion, certificate, dns};
use crate::cfn::resources::iam::{PolicyDocument, Statement};
use crate::cfn::resources::{cloudfront, route53, s3};
use crate::cfn::{Value, lit};
use serde_json::json;

/// AWS's managed `CachingOptimized` cache policy.
pub const CACHING_OPTIMIZED: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/// The hosted zone of every CloudFront alias target.
pub const CLOUDFRONT_ZONE: &str = "Z2FDTNDATAQYW2";

/// The oldest TLS CloudFront accepts from viewers when it has the stage's certificate.
pub const VIEWER_TLS: &str = "TLSv1.2_2021";

/// What stands in front of the distribution: its certificate and web ACL (ARN values).
struct Front {
    certificate: Option<Value<String>>,
    web_acl: Option<Value<String>>,
}

/// The CDN's certificate and web ACL: made here in us-east-1, else read from the companion.
fn front(ctx: &mut Ctx<'_>) -> Result<Front, SynthError> {
    if !cdn_companion::needed(ctx.stage, ctx.region.code) {
        let certificate = certificate::cdn(ctx)?.map(|c| r(&c));
        let web_acl = if ctx.stage.security.waf.on_cdn() {
            waf::web_acl(ctx, waf::CDN_ACL, Scope::CloudFront)?.map(|a| waf::arn(&a))
        } else {
            None
        };
        return Ok(Front {
            certificate,
            web_acl,
        });
    }
    let certificate = match certificate::cdn_host(ctx.stage) {
        Some(_) => Some(cdn_companion::input(
            ctx,
            cdn_companion::CERTIFICATE_ARN,
            "CloudFront's certificate",
        )?),
        None => None,
    };
    let web_acl = if ctx.stage.security.waf.on_cdn() {
        Some(cdn_companion::input(
            ctx,
            cdn_companion::WEB_ACL_ARN,
            "CloudFront's web ACL",
        )?)
    } else {
        None
    };
    Ok(Front {
        certificate,
        web_acl,
    })
}

/// Add the CDN when the stage has one.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let Some(edge) = ctx.stage.edge.clone() else {
        return Ok(());
    };
    // S3 checks the log bucket's policy when server access logging is turned on.
    let after = super::logging::after_policy(ctx);
    let bucket = ctx.add_after(
        "StaticBucket",
        &s3::Bucket {
            logging_configuration: super::logging::access_logs(ctx, "StaticBucket"),
            ..secure_bucket(ctx.tags("static"), 30)
        },
        &after,
    )?;
    let logging = match &ctx.known.log_bucket {
        Some(logs) if ctx.known.cloudfront_logs => Some(cloudfront::Logging {
            bucket: att(logs, "DomainName"),
            prefix: Some(lit(super::logging::CLOUDFRONT_PREFIX)),
            include_cookies: Some(Value::Lit(false)),
        }),
        _ => None,
    };
    let front = front(ctx)?;
    let host = certificate::cdn_host(ctx.stage).filter(|_| front.certificate.is_some());
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
                    aliases: host.iter().map(|h| lit(h.clone())).collect(),
                    viewer_certificate: front.certificate.map(|arn| {
                        cloudfront::ViewerCertificate {
                            acm_certificate_arn: Some(arn),
                            ssl_support_method: Some(lit("sni-only")),
                            minimum_protocol_version: Some(lit(VIEWER_TLS)),
                        }
                    }),
                    logging,
                    web_acl_id: front.web_acl,
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
    if let (Some(host), Some(dns_block)) = (&host, ctx.stage.dns.clone()) {
        let target = route53::AliasTarget {
            dns_name: att(&distribution, "DomainName"),
            hosted_zone_id: lit(CLOUDFRONT_ZONE),
            evaluate_target_health: Some(Value::Lit(false)),
        };
        ctx.add(
            "CdnRecord",
            &dns::alias_record(&dns_block, &format!("{host}."), target),
        )?;
        ctx.output(
            "CdnUrl",
            "The CDN's own address (static assets)",
            lit(format!("https://{host}")),
        )?;
    }
    ctx.output("StaticBucketName", "Bucket for static assets", r(&bucket))?;
    ctx.output(
        "CdnDomainName",
        "CloudFront domain serving static assets",
        att(&distribution, "DomainName"),
    )?;
    Ok(())
}
