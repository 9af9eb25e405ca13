//! The public record: an alias to the load balancer, or an A record to the box's Elastic IP.

use super::SynthError;
use super::context::{Ctx, att, r};
use crate::cfn::resources::{NumStr, route53};
use crate::cfn::{Value, lit};
use crate::stage::Dns;

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

/// Add the record for a single-region stage.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let Some(dns) = ctx.stage.dns.clone() else {
        return Ok(());
    };
    let (fqdn, zone) = names(&dns);
    let record = if let Some(alb) = ctx.known.alb.clone() {
        route53::RecordSet {
            alias_target: Some(route53::AliasTarget {
                dns_name: att(&alb, "DNSName"),
                hosted_zone_id: att(&alb, "CanonicalHostedZoneID"),
                evaluate_target_health: Some(Value::Lit(true)),
            }),
            ..route53::RecordSet::new(
                route53::HostedZone::HostedZoneName(lit(zone)),
                lit(fqdn.clone()),
                "A",
            )
        }
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
    ctx.add("SiteRecord", &record)?;
    let scheme = if ctx
        .stage
        .load_balancer
        .as_ref()
        .is_some_and(|lb| lb.certificate_arn.is_some())
    {
        "https"
    } else {
        "http"
    };
    ctx.output(
        "SiteUrl",
        "The site's address",
        lit(format!("{scheme}://{}", fqdn.trim_end_matches('.'))),
    )?;
    Ok(())
}
