//! Structural rules for the CDN, the load balancer and its certificate, DNS, regions, alarms and tags.

use super::*;

pub(super) fn edge_and_balancer(stage: &Stage, f: &mut Findings<'_>) {
    if let Some(edge) = &stage.edge {
        let classes = ["PriceClass_100", "PriceClass_200", "PriceClass_All"];
        if !classes.contains(&edge.price_class.as_str()) {
            f.error(
                CODE_RANGE,
                "edge.price_class",
                format!("`{}` is not a CloudFront price class", edge.price_class),
                format!(
                    "{}use one of: {}",
                    crate::suggest::did_you_mean(&edge.price_class, classes),
                    classes.join(", ")
                ),
            );
        }
    }
    if let Some(lb) = &stage.load_balancer {
        range(
            f,
            "load_balancer.idle_timeout_seconds",
            "the idle timeout",
            u64::from(lb.idle_timeout_seconds),
            crate::stage::edge::IDLE_TIMEOUT_SECONDS,
        );
        if let Some(arn) = &lb.certificate_arn {
            let parts: Vec<&str> = arn.split(':').collect();
            let shaped = parts.len() == 6
                && parts[0] == "arn"
                && parts[2] == "acm"
                && parts[4].len() == 12
                && parts[4].chars().all(|c| c.is_ascii_digit())
                && parts[5].starts_with("certificate/");
            if !shaped {
                f.error(
                    crate::diagnostic::codes::validate::CERTIFICATE,
                    "load_balancer.certificate_arn",
                    format!("`{arn}` is not an ACM certificate ARN"),
                    "copy the ARN from ACM: arn:aws:acm:<region>:<account>:certificate/<id>",
                );
            } else if stage.regions.len() > 1 {
                f.error(
                    crate::diagnostic::codes::validate::CERTIFICATE,
                    "load_balancer.certificate_arn",
                    "one certificate ARN cannot serve load balancers in several regions (ACM certificates are regional)",
                    "remove `certificate_arn` for now; per-region certificates are not supported yet",
                );
            } else if parts[3] != stage.network.region {
                f.error(
                    crate::diagnostic::codes::validate::CERTIFICATE,
                    "load_balancer.certificate_arn",
                    format!(
                        "the certificate is in {}, but the load balancer is in {}",
                        parts[3], stage.network.region
                    ),
                    format!(
                        "request or import the certificate in {} (ACM certificates are regional)",
                        stage.network.region
                    ),
                );
            }
        }
    }
}

/// A DNS label: 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen.
pub(super) fn is_dns_label(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= 63
        && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !l.starts_with('-')
        && !l.ends_with('-')
}

pub(super) fn dns_and_regions(stage: &Stage, f: &mut Findings<'_>) {
    if let Some(dns) = &stage.dns {
        let zone = dns.zone.trim_end_matches('.');
        if !zone.contains('.') || !zone.split('.').all(is_dns_label) {
            f.error(
                CODE_NAME,
                "dns.zone",
                format!("`{}` is not a domain name", dns.zone),
                "write the hosted zone's domain, e.g. `example.com`",
            );
        }
        if !(dns.record.is_empty() || dns.record == "@" || dns.record.split('.').all(is_dns_label))
        {
            f.error(
                CODE_NAME,
                "dns.record",
                format!("`{}` is not a record name", dns.record),
                "write the name within the zone, e.g. `www`, or `@` for the apex",
            );
        }
        range(
            f,
            "dns.ttl",
            "the TTL",
            u64::from(dns.ttl),
            crate::stage::edge::DNS_TTL,
        );
        if dns.routing != Routing::Simple && stage.regions.len() < 2 {
            f.error(
                CODE_COMBINATION,
                "dns.routing",
                "latency and failover routing choose between regions, but the stage has one",
                "use `routing: simple`, or list two or more `regions:`",
            );
        }
        if stage.regions.len() >= 2 && dns.routing == Routing::Simple {
            f.error(
                CODE_COMBINATION,
                "dns.routing",
                format!(
                    "simple routing points one name at one place, but the stage serves from {} regions",
                    stage.regions.len()
                ),
                "use `routing: latency` (each user to the nearest healthy region) or `routing: failover` (two regions, primary and secondary)",
            );
        }
        if dns.routing == Routing::Failover && stage.regions.len() > 2 {
            f.error(CODE_COMBINATION, "dns.routing", format!("failover routing takes exactly two regions (primary and secondary); the stage has {}", stage.regions.len()), "use `routing: latency` for more regions");
        }
    }
    if stage.regions.len() == 1 {
        f.error(
            CODE_COMBINATION,
            "regions",
            "`regions:` lists one region; a multi-region stage needs two or more",
            "remove `regions:` and set `network.region`, or add a second region",
        );
    }
    let mut seen = BTreeSet::new();
    for (i, r) in stage.regions.iter().enumerate() {
        if !seen.insert(&r.name) {
            f.error(
                CODE_DUPLICATE,
                &format!("regions[{i}].name"),
                format!("region `{}` is listed twice", r.name),
                "list each region once",
            );
        }
    }
    if stage.regions.len() > 1 && stage.load_balancer.is_none() {
        f.error(
            CODE_COMBINATION,
            "regions",
            "a multi-region stage routes users to regional load balancers, but it has none",
            "add `load_balancer: {}` and `mode: fleet`",
        );
    }
}

pub(super) fn observability(stage: &Stage, f: &mut Findings<'_>) {
    let Some(o) = &stage.observability else {
        return;
    };
    percent(
        f,
        "observability.cpu_high_percent",
        "the CPU alarm threshold",
        o.cpu_high_percent,
    );
    percent(
        f,
        "observability.db_cpu_high_percent",
        "the database CPU alarm threshold",
        o.db_cpu_high_percent,
    );
    if let Some(email) = &o.notify_email {
        let ok = email.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !email.contains(char::is_whitespace)
        });
        if !ok {
            f.error(
                CODE_NAME,
                "observability.notify_email",
                format!("`{email}` is not an e-mail address"),
                "write an address such as `oncall@example.com`",
            );
        }
    }
}

pub(super) fn tags(stage: &Stage, f: &mut Findings<'_>) {
    if stage.tags.len() > 40 {
        f.error(
            CODE_RANGE,
            "tags",
            format!(
                "{} tags; scalectl adds its own and AWS allows 50 per resource",
                stage.tags.len()
            ),
            "use at most 40 tags",
        );
    }
    use crate::catalog::services::{self, TaggedService};
    let uses = |service: TaggedService| match service {
        TaggedService::All => true,
        TaggedService::Rds => stage.data.database.is_some(),
    };
    for (key, value) in &stage.tags {
        let path = format!("tags.{key}");
        let reserved = services::reserved_prefix(key, false, uses)
            .map(|r| (r, "key", key))
            .or_else(|| services::reserved_prefix(value, true, uses).map(|r| (r, "value", value)));
        if let Some((r, what, text)) = reserved {
            let (whose, because) = match r.service {
                TaggedService::All => ("AWS".to_string(), String::new()),
                TaggedService::Rds => (
                    "RDS".to_string(),
                    " (the stage has a database, and every tag goes on it too)".to_string(),
                ),
            };
            f.error(
                CODE_RESERVED_TAG,
                &path,
                format!(
                    "tag {what} `{text}` starts with `{}`, a prefix {whose} reserves{because}",
                    r.prefix
                ),
                format!(
                    "rename the tag {what} so it does not start with {}",
                    reserved_list(uses)
                ),
            );
        } else if key.is_empty() || key.len() > 128 {
            f.error(
                CODE_NAME,
                &path,
                format!("tag key `{key}` is not allowed"),
                "use a key of 1 to 128 characters",
            );
        } else if value.len() > 256 {
            f.error(
                CODE_RANGE,
                &path,
                format!(
                    "the value of tag `{key}` is {} characters; AWS allows 256",
                    value.len()
                ),
                "shorten the value",
            );
        }
    }
}

const CODE_RESERVED_TAG: &str = crate::diagnostic::codes::validate::RESERVED_TAG;

/// The reserved prefixes that apply to a stage, for help text (`aws:` or `rds:`).
fn reserved_list(uses: impl Fn(crate::catalog::services::TaggedService) -> bool) -> String {
    let mut prefixes: Vec<String> = Vec::new();
    for r in crate::catalog::services::RESERVED_TAG_PREFIXES {
        let p = format!("`{}`", r.prefix);
        if uses(r.service) && !prefixes.contains(&p) {
            prefixes.push(p);
        }
    }
    prefixes.join(" or ")
}
