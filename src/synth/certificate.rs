//! The site's ACM certificate, validated through DNS in the stage's hosted zone.
//!
//! CloudFormation writes the validation records in the zone and waits until ACM issues the
//! certificate (minutes). The zone's ID comes from the `HostedZoneId` parameter: the stage's
//! `dns.zone_id` as its default, else deploy looks the zone up by name.

use super::context::Ctx;
use super::{SynthError, ZoneLookup, dns};
use crate::cfn::resources::acm;
use crate::cfn::template::Parameter;
use crate::cfn::{LogicalId, Value, lit};

/// The parameter holding the hosted zone's ID.
pub const ZONE_PARAMETER: &str = "HostedZoneId";

/// Add the site's certificate when the stage has a DNS zone: the site's name and, in a
/// multi-region stage, this region's own name. Returns its logical ID.
pub fn site(ctx: &mut Ctx<'_>) -> Result<Option<String>, SynthError> {
    let Some(dns_block) = ctx.stage.dns.clone() else {
        return Ok(None);
    };
    let (fqdn, _) = dns::names(&dns_block);
    let mut names = vec![fqdn.trim_end_matches('.').to_string()];
    if ctx.stage.regions.len() >= 2 {
        names.push(dns::region_host(&dns_block, ctx.region.code));
    }
    certificate(ctx, SITE_CERTIFICATE, &names, "site").map(Some)
}

/// The site's certificate.
pub const SITE_CERTIFICATE: &str = "SiteCertificate";
/// CloudFront's certificate (us-east-1 only).
pub const CDN_CERTIFICATE: &str = "CdnCertificate";

/// The CDN's own name (`static.example.com`) when the stage has a CDN and a DNS zone.
pub fn cdn_host(stage: &crate::stage::Stage) -> Option<String> {
    let dns_block = stage.dns.as_ref()?;
    let edge = stage.edge.as_ref()?;
    let (_, zone) = dns::names(dns_block);
    Some(format!("{}.{}", edge.record, zone.trim_end_matches('.')))
}

/// Add CloudFront's certificate for the CDN's name; the stack must be in us-east-1.
pub fn cdn(ctx: &mut Ctx<'_>) -> Result<Option<String>, SynthError> {
    let Some(host) = cdn_host(ctx.stage) else {
        return Ok(None);
    };
    certificate(ctx, CDN_CERTIFICATE, &[host], "cdn").map(Some)
}

/// An ACM certificate for `names` (the first is its domain), validated through DNS in the
/// stage's zone.
fn certificate(
    ctx: &mut Ctx<'_>,
    id: &str,
    names: &[String],
    tag: &str,
) -> Result<String, SynthError> {
    let Some((domain, others)) = names.split_first() else {
        return Err(SynthError::reference("dns", "a certificate needs a name"));
    };
    let zone = zone_id(ctx)?;
    ctx.add(
        id,
        &acm::Certificate {
            domain_name: lit(domain.clone()),
            subject_alternative_names: others.iter().map(|n| lit(n.clone())).collect(),
            validation_method: Some(lit("DNS")),
            domain_validation_options: names
                .iter()
                .map(|name| acm::DomainValidationOption {
                    domain_name: lit(name.clone()),
                    hosted_zone_id: zone.clone(),
                })
                .collect(),
            tags: ctx.tags(tag),
        },
    )
}

/// A `Ref` to the `HostedZoneId` parameter, declared on first use.
fn zone_id(ctx: &mut Ctx<'_>) -> Result<Value<String>, SynthError> {
    let name = LogicalId::from(ZONE_PARAMETER);
    if !ctx.template.has_parameter(ZONE_PARAMETER)
        && let Some(dns_block) = ctx.stage.dns.clone()
    {
        let zone = dns_block.zone.trim_end_matches('.').to_string();
        ctx.template.parameter(
            &name,
            Parameter {
                param_type: "AWS::Route53::HostedZone::Id".to_string(),
                description: format!(
                    "ID of the public Route 53 hosted zone {zone}, where the certificate is validated (scalectl deploy looks it up by name)"
                ),
                default: dns_block.zone_id.clone(),
            },
        )?;
        if dns_block.zone_id.is_none() {
            ctx.zones.push(ZoneLookup {
                parameter: ZONE_PARAMETER.to_string(),
                zone,
            });
        }
    }
    Ok(Value::r#ref(ZONE_PARAMETER))
}
