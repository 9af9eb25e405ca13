//! The application load balancer: internet-facing across the public subnets, with the web
//! tier as the default target. HTTPS (TLS 1.2 and 1.3 only) whenever the stage has a DNS
//! zone, with a certificate the stack validates there, or brings its own certificate; HTTP
//! then only redirects to HTTPS.

use super::SynthError;
use super::context::{Ctx, att, r};
use crate::cfn::resources::elbv2;
use crate::cfn::{Value, lit};
use crate::stage::WebMode;

/// Modern TLS policy for the HTTPS listener.
pub const SSL_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/// An HTTP target group with the health check every tier uses: 15 s interval, healthy
/// after 2 and unhealthy after 3 checks, any 2xx/3xx, 30 s deregistration delay.
pub fn target_group(
    ctx: &Ctx<'_>,
    target_type: &str,
    port: u16,
    health_check_path: &str,
    name: &str,
) -> elbv2::TargetGroup {
    elbv2::TargetGroup {
        port: Some(Value::Lit(port)),
        protocol: Some(lit("HTTP")),
        vpc_id: Some(r(&ctx.net.vpc)),
        target_type: Some(lit(target_type)),
        health_check_path: Some(lit(health_check_path)),
        health_check_protocol: Some(lit("HTTP")),
        health_check_interval_seconds: Some(Value::Lit(15)),
        healthy_threshold_count: Some(Value::Lit(2)),
        unhealthy_threshold_count: Some(Value::Lit(3)),
        matcher: Some(elbv2::Matcher {
            http_code: lit("200-399"),
        }),
        target_group_attributes: vec![elbv2::Attribute::new(
            "deregistration_delay.timeout_seconds",
            "30",
        )],
        tags: ctx.tags(name),
    }
}

/// Add the load balancer, the web target group and the listeners.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let Some(lb) = ctx.stage.load_balancer.as_ref() else {
        return Ok(());
    };
    let Some(alb_sg) = ctx.known.alb_sg.clone() else {
        return Ok(());
    };
    // Access logs into the region's log bucket; the load balancer checks it may write there
    // when the attribute is set, so it waits for the bucket policy.
    let access_logs: Vec<elbv2::Attribute> = match &ctx.known.log_bucket {
        Some(bucket) => vec![
            elbv2::Attribute::new("access_logs.s3.enabled", "true"),
            elbv2::Attribute::new("access_logs.s3.bucket", r(bucket)),
            elbv2::Attribute::new("access_logs.s3.prefix", super::logging::ALB_PREFIX),
        ],
        None => Vec::new(),
    };
    let after = super::logging::after_policy(ctx);
    let alb = ctx.add_after(
        "LoadBalancer",
        &elbv2::LoadBalancer {
            load_balancer_type: Some(lit("application")),
            scheme: Some(lit("internet-facing")),
            subnets: ctx.net.public.iter().map(|s| r(s)).collect(),
            security_groups: vec![r(&alb_sg)],
            load_balancer_attributes: vec![
                elbv2::Attribute::new(
                    "idle_timeout.timeout_seconds",
                    lb.idle_timeout_seconds.to_string(),
                ),
                elbv2::Attribute::new("routing.http.drop_invalid_header_fields.enabled", "true"),
                elbv2::Attribute::new("deletion_protection.enabled", "true"),
            ]
            .into_iter()
            .chain(access_logs)
            .collect(),
            tags: ctx.tags("alb"),
        },
        &after,
    )?;
    ctx.known.alb = Some(alb.clone());

    let web = &ctx.stage.compute.web;
    let default_action = if web.mode == WebMode::Fleet {
        let tg = target_group(ctx, "instance", web.app_port, &web.health_check_path, "web");
        let tg = ctx.add("WebTargetGroup", &tg)?;
        ctx.known.web_target_group = Some(tg.clone());
        elbv2::Action::forward(r(&tg))
    } else {
        elbv2::Action::fixed_response(404, "not found")
    };

    let certificate = match &lb.certificate_arn {
        Some(arn) => Some(lit(arn.clone())),
        None => super::certificate::site(ctx)?.map(|id| r(&id)),
    };
    let listener = match certificate {
        Some(certificate_arn) => {
            let https = ctx.add(
                "HttpsListener",
                &elbv2::Listener {
                    certificates: vec![elbv2::Certificate { certificate_arn }],
                    ssl_policy: Some(lit(SSL_POLICY)),
                    ..elbv2::Listener::new(r(&alb), 443, "HTTPS", vec![default_action])
                },
            )?;
            // Redirect only once HTTPS answers: on a stack that served HTTP, the certificate
            // takes minutes to validate, and an earlier redirect would lead nowhere meanwhile.
            ctx.add_after(
                "HttpListener",
                &elbv2::Listener::new(
                    r(&alb),
                    80,
                    "HTTP",
                    vec![elbv2::Action::redirect_to_https()],
                ),
                &[https.as_str()],
            )?;
            https
        }
        None => ctx.add(
            "HttpListener",
            &elbv2::Listener::new(r(&alb), 80, "HTTP", vec![default_action]),
        )?,
    };
    ctx.known.listener = Some(listener);
    ctx.output(
        "LoadBalancerDnsName",
        "DNS name of the load balancer",
        att(&alb, "DNSName"),
    )?;
    ctx.output(
        "LoadBalancerHostedZoneId",
        "Route 53 zone of the load balancer (for alias records)",
        att(&alb, "CanonicalHostedZoneID"),
    )?;
    Ok(())
}
