//! The public record: an alias to the load balancer, or an A record to the box's Elastic IP.
//!
//! In a multi-region stage every region's stack holds its own routed record (latency, or
//! failover across two regions) with a health check on its own load balancer. The first
//! region's record is the one the single-region stages made (`SiteRecord`): it gains its set
//! identifier and routing in place (Route 53 applies the change as one batch), and the other
//! regions' stacks, which deploy after it, add theirs beside it. Route 53 refuses a routed
//! record beside a simple one of the same name, so the order matters.

use super::SynthError;
use super::context::{Ctx, att, r};
use crate::cfn::resources::{NumStr, Tag, route53};
use crate::cfn::{Value, lit};
use crate::stage::{Dns, Routing};

/// `www.example.com.` and `example.com.` for a DNS block.
pub fn names(dns: &Dns) -> (String, String) {
    let zone = dns.zone.trim_end_matches('.');
    let fqdn = if dns.record.is_empty() || dns.record == "@" {
        format!("{zone}.")
    } else {
        format!("{}.{zone}.", dns.record)
    };
    (fqdn, format!("{zone}."))
}

/// A region's own name for the site in a multi-region stage: `eu-west-1.www.example.com`.
/// The application sends a tenant homed in another region there.
pub fn region_host(dns: &Dns, region: &str) -> String {
    let (fqdn, _) = names(dns);
    format!("{region}.{}", fqdn.trim_end_matches('.'))
}

/// An alias to the load balancer, answering only while it has healthy targets.
fn alias_to(alb: &str) -> route53::AliasTarget {
    route53::AliasTarget {
        dns_name: att(alb, "DNSName"),
        hosted_zone_id: att(alb, "CanonicalHostedZoneID"),
        evaluate_target_health: Some(Value::Lit(true)),
    }
}

/// An A record for `fqdn` (with its trailing dot) in the stage's zone, aliased to `target`.
pub fn alias_record(dns: &Dns, fqdn: &str, target: route53::AliasTarget) -> route53::RecordSet {
    let (_, zone) = names(dns);
    route53::RecordSet {
        alias_target: Some(target),
        ..route53::RecordSet::new(
            route53::HostedZone::HostedZoneName(lit(zone)),
            lit(fqdn.to_string()),
            "A",
        )
    }
}

/// Add this stack's record.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let Some(dns) = ctx.stage.dns.clone() else {
        return Ok(());
    };
    let (fqdn, zone) = names(&dns);
    let mut record = if let Some(alb) = ctx.known.alb.clone() {
        alias_record(&dns, &fqdn, alias_to(&alb))
    } else if let Some(eip) = ctx.known.eip.clone() {
        route53::RecordSet {
            ttl: Some(Value::Lit(NumStr(dns.ttl))),
            resource_records: vec![r(&eip)],
            ..route53::RecordSet::new(
                route53::HostedZone::HostedZoneName(lit(zone)),
                lit(fqdn.clone()),
                "A",
            )
        }
    } else {
        return Ok(());
    };
    let https = ctx.https();
    if ctx.stage.regions.len() >= 2
        && let Some(alb) = ctx.known.alb.clone()
    {
        route(ctx, &dns, &alb, https, &mut record)?;
    }
    ctx.add("SiteRecord", &record)?;
    let scheme = if https { "https" } else { "http" };
    ctx.output(
        "SiteUrl",
        "The site's address",
        lit(format!("{scheme}://{}", fqdn.trim_end_matches('.'))),
    )?;
    Ok(())
}

/// Make `record` this region's routed record, with a health check on its load balancer.
fn route(
    ctx: &mut Ctx<'_>,
    dns: &Dns,
    alb: &str,
    https: bool,
    record: &mut route53::RecordSet,
) -> Result<(), SynthError> {
    let stage = ctx.stage;
    if dns.routing == Routing::Failover && stage.regions.len() > 2 {
        return Err(SynthError::reference(
            "dns.routing",
            "failover routing takes exactly two regions (primary and secondary); use `routing: latency` for more",
        ));
    }
    let here = ctx.region.code.to_string();
    let first = stage.regions.first().is_some_and(|r| r.name == here);
    let check = ctx.add(
        "SiteHealthCheck",
        &route53::HealthCheck {
            health_check_config: route53::HealthCheckConfig {
                fully_qualified_domain_name: Some(att(alb, "DNSName")),
                resource_path: Some(lit(stage.compute.web.health_check_path.clone())),
                port: Some(Value::Lit(if https { 443 } else { 80 })),
                request_interval: Some(Value::Lit(30)),
                failure_threshold: Some(Value::Lit(3)),
                check_type: lit(if https { "HTTPS" } else { "HTTP" }),
            },
            health_check_tags: vec![Tag::new("Name", Value::sub("${AWS::StackName}"))],
        },
    )?;
    // The region's own name, beside the routed one: where a tenant homed here is sent from
    // another region.
    let host = region_host(dns, &here);
    ctx.add(
        "RegionRecord",
        &alias_record(dns, &format!("{host}."), alias_to(alb)),
    )?;
    ctx.output(
        "RegionUrl",
        "This region's own address for the site (tenants homed here are sent to it)",
        lit(format!("{}://{host}", if https { "https" } else { "http" })),
    )?;
    record.set_identifier = Some(lit(here.clone()));
    record.health_check_id = Some(r(&check));
    match dns.routing {
        Routing::Latency | Routing::Simple => record.region = Some(lit(here)),
        Routing::Failover => {
            record.failover = Some(lit(if first { "PRIMARY" } else { "SECONDARY" }));
        }
    }
    Ok(())
}
