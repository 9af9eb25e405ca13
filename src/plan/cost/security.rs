//! Pricing the security layer: WAF web ACLs (flat per ACL and rule, and per request
//! inspected), the log bucket (the access logs it keeps) and VPC flow logs.

use super::pricing::{Priced, Pricing};
use super::{Basis, SECONDS_PER_MONTH};
use crate::capacity::count;
use crate::catalog::prices::UNIT_PRICES as P;
use serde_json::Value as Json;

/// Assumed size of one load balancer access log line, in bytes, before compression.
const ALB_LOG_LINE_BYTES: f64 = 400.0;
/// Assumed size of one CloudFront standard log line, in bytes, before compression.
const CLOUDFRONT_LOG_LINE_BYTES: f64 = 500.0;
/// Assumed size of gzip-compressed access logs relative to their text (both services
/// deliver gzip files).
const GZIP_RATIO: f64 = 0.1;

/// A web ACL: flat per ACL and rule, plus every request it inspects (the load balancer's
/// dynamic requests in its region, or every CDN request).
pub(super) fn web_acl(p: &Pricing<'_>, props: &Json) -> Priced {
    let rules = props["Rules"].as_array().map_or(0, Vec::len) as f64;
    let cloudfront = props["Scope"].as_str() == Some("CLOUDFRONT");
    let requests = match p.usage {
        Some(u) if cloudfront => u.cdn_requests * u.regions,
        Some(u) => u.dynamic_rps * SECONDS_PER_MONTH,
        None => 0.0,
    };
    let flat = P.waf_web_acl_month + rules * P.waf_rule_month;
    Priced::new(
        format!(
            "web ACL ${:.2} + {} rules at ${:.2} + {}M requests at ${:.2}/M",
            P.waf_web_acl_month,
            count(rules),
            P.waf_rule_month,
            count(requests / 1e6),
            P.waf_request_million
        ),
        if p.usage.is_some() {
            Basis::Usage
        } else {
            Basis::Monthly
        },
        flat + requests / 1e6 * P.waf_request_million,
    )
}

/// The region's log bucket: the access logs it holds once its lifecycle rule is steady
/// (a month's logs times the months they are kept), gzip-compressed.
pub(super) fn log_bucket(p: &Pricing<'_>) -> Priced {
    let days = f64::from(p.stage.security.logs.retention_days);
    let Some(u) = p.usage else {
        return Priced::new(
            format!("access logs kept {days} days, by usage"),
            Basis::Usage,
            0.0,
        );
    };
    let alb = if p.stage.load_balancer.is_some() {
        u.dynamic_rps * SECONDS_PER_MONTH * ALB_LOG_LINE_BYTES
    } else {
        0.0
    };
    let holds_cdn_logs = p
        .stack
        .template
        .resources
        .values()
        .any(|r| r.resource_type == "AWS::CloudFront::Distribution");
    let cdn = if holds_cdn_logs {
        u.cdn_requests * u.regions * CLOUDFRONT_LOG_LINE_BYTES
    } else {
        0.0
    };
    let monthly_gb = (alb + cdn) * GZIP_RATIO / 1e9;
    let stored_gb = monthly_gb * days / 30.0;
    let mut sizes = Vec::new();
    if alb > 0.0 {
        sizes.push(format!(
            "{} B a load balancer request",
            count(ALB_LOG_LINE_BYTES)
        ));
    }
    if cdn > 0.0 {
        sizes.push(format!(
            "{} B a CDN request",
            count(CLOUDFRONT_LOG_LINE_BYTES)
        ));
    }
    let basis = if sizes.is_empty() {
        "no access logs modelled here; flow logs priced on their own line".to_string()
    } else {
        format!("{}, gzip to a tenth, assumed", sizes.join(", "))
    };
    Priced::new(
        format!(
            "{} GB of access logs kept {days} days ({} GB a month: {basis})",
            count(stored_gb),
            count(monthly_gb),
        ),
        Basis::Usage,
        stored_gb * P.s3_standard_gb_month,
    )
}

/// VPC flow logs: delivered to S3 per GB; their volume follows connections, not requests,
/// and is not modelled.
pub(super) fn flow_log() -> Priced {
    Priced::new(
        format!(
            "VPC flow logs to S3 (+ ${:.2}/GB delivered, not modelled)",
            P.vended_logs_s3_gb
        ),
        Basis::Usage,
        0.0,
    )
}
