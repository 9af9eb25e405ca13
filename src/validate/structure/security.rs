//! Structural rules for the security layer: the WAF's rate limit and rule groups, log
//! retention, the CDN's name, and what a stage without a DNS zone goes without.

use super::*;
use crate::catalog::log_delivery;

const CODE_PLAIN_HTTP: &str = crate::diagnostic::codes::validate::PLAIN_HTTP;
const CODE_CDN_LOGS: &str = crate::diagnostic::codes::validate::CLOUDFRONT_LOGS;

pub(super) fn security(stage: &Stage, f: &mut Findings<'_>) {
    let waf = &stage.security.waf;
    if waf.enabled {
        range(
            f,
            "security.waf.rate_limit",
            "the WAF rate limit (requests per client address in five minutes)",
            u64::from(waf.rate_limit),
            crate::stage::security::WAF_RATE_LIMIT,
        );
        let mut seen = BTreeSet::new();
        for (i, group) in waf.managed_rule_groups.iter().enumerate() {
            if !seen.insert(group.aws_name()) {
                f.error(
                    CODE_DUPLICATE,
                    &format!("security.waf.managed_rule_groups[{i}]"),
                    format!(
                        "{} is listed twice; AWS WAF refuses a web ACL with two rules of one name",
                        group.aws_name()
                    ),
                    "list each rule group once",
                );
            }
        }
    }
    range(
        f,
        "security.logs.retention_days",
        "the days access and flow logs are kept",
        u64::from(stage.security.logs.retention_days),
        crate::stage::security::LOG_RETENTION_DAYS,
    );
    let serves = stage.load_balancer.is_some() || stage.edge.is_some() || stage.dns.is_some();
    let own_certificate = stage
        .load_balancer
        .as_ref()
        .is_some_and(|lb| lb.certificate_arn.is_some());
    if stage.dns.is_none() && serves && !own_certificate {
        let mut lacks = Vec::new();
        if stage.load_balancer.is_some() {
            lacks.push("the load balancer listens on plain HTTP (port 80) only");
        } else {
            lacks.push("the box serves plain HTTP only");
        }
        if stage.edge.is_some() {
            lacks.push("CloudFront keeps its default certificate, which accepts TLS 1.0");
        }
        f.warning(
            CODE_PLAIN_HTTP,
            "name",
            format!(
                "the stage has no DNS zone, so no certificate can be validated: {}",
                lacks.join("; ")
            ),
            "add `dns: {zone: example.com, record: www}` naming a public Route 53 hosted zone in the account: the stack then validates ACM certificates there, serves HTTPS (TLS 1.2+) and redirects HTTP to it",
        );
    }
    if let (Some(edge), Some(dns)) = (&stage.edge, &stage.dns) {
        if !super::edge::is_dns_label(&edge.record) {
            f.error(
                CODE_NAME,
                "edge.record",
                format!("`{}` is not a DNS label", edge.record),
                "use letters, digits and hyphens (up to 63), e.g. `static`",
            );
        } else if edge.record == dns.record {
            f.error(
                CODE_COMBINATION,
                "edge.record",
                format!(
                    "the CDN and the site would both be `{}.{}`",
                    edge.record, dns.zone
                ),
                "give the CDN its own name, e.g. `static`",
            );
        }
        let first = stage
            .regions
            .first()
            .map_or(stage.network.region.as_str(), |r| r.name.as_str());
        if !log_delivery::cloudfront_logs_to(first) {
            f.warning(
                CODE_CDN_LOGS,
                "edge",
                format!(
                    "CloudFront does not deliver standard logs to buckets in {first}, so the CDN keeps no access logs"
                ),
                "run the stage's first region elsewhere, or accept CloudFront without access logs",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::ManagedRuleGroup;

    /// The codes the security rules find, sorted.
    fn codes(stage: &Stage) -> Vec<&'static str> {
        let mut loaded = crate::stage::builtin::golden_loaded("stage2");
        loaded.stage = stage.clone();
        let mut f = Findings::new(&loaded, false);
        security(stage, &mut f);
        let mut codes: Vec<&'static str> = f.finish().into_iter().map(|d| d.code).collect();
        codes.sort_unstable();
        codes
    }

    #[test]
    fn waf_and_log_settings_are_checked() {
        let mut stage = crate::stage::builtin::golden("stage2");
        assert!(codes(&stage).is_empty(), "{:?}", codes(&stage));
        stage.security.waf.rate_limit = 5;
        stage.security.waf.managed_rule_groups =
            vec![ManagedRuleGroup::Common, ManagedRuleGroup::Common];
        stage.security.logs.retention_days = 0;
        assert_eq!(codes(&stage), [CODE_DUPLICATE, CODE_RANGE, CODE_RANGE]);
    }

    #[test]
    fn a_stage_without_a_zone_is_told_what_it_lacks() {
        let mut stage = crate::stage::builtin::golden("stage2");
        stage.dns = None;
        assert_eq!(codes(&stage), [CODE_PLAIN_HTTP]);
    }

    #[test]
    fn the_cdn_needs_its_own_name() {
        let mut stage = crate::stage::builtin::golden("stage2");
        if let (Some(edge), Some(dns)) = (stage.edge.as_mut(), stage.dns.as_ref()) {
            edge.record = dns.record.clone();
        }
        assert_eq!(codes(&stage), [CODE_COMBINATION]);
    }
}
