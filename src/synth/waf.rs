//! AWS WAF in front of the site: a regional web ACL on the load balancer, and a CloudFront
//! one (which AWS creates only in us-east-1) on the CDN.
//!
//! Each ACL runs a per-client rate limit first, so a flood is dropped before the managed rule
//! groups spend capacity on it, then the stage's AWS managed rule groups in their order.
//! Requests no rule blocks are allowed. The ACLs carry no name: WAF's `Name` is create-only,
//! so CloudFormation names them and a rename can never replace one.

use super::SynthError;
use super::context::{Ctx, att, r};
use crate::cfn::resources::wafv2;
use crate::cfn::{Value, lit};
use serde_json::json;

/// The load balancer's web ACL.
pub const SITE_ACL: &str = "SiteWebAcl";
/// CloudFront's web ACL.
pub const CDN_ACL: &str = "CdnWebAcl";

/// Where an ACL is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Load balancers in the stack's region.
    Regional,
    /// CloudFront distributions (the ACL lives in us-east-1).
    CloudFront,
}

impl Scope {
    fn aws(self) -> &'static str {
        match self {
            Scope::Regional => "REGIONAL",
            Scope::CloudFront => "CLOUDFRONT",
        }
    }
}

/// The rules of the stage's ACLs, by priority.
pub fn rules(stage: &crate::stage::Stage) -> Vec<serde_json::Value> {
    let waf = &stage.security.waf;
    let mut rules = vec![wafv2::rate_limit(waf.rate_limit, 0)];
    for (i, group) in waf.managed_rule_groups.iter().enumerate() {
        let priority = u32::try_from(i + 1).unwrap_or(u32::MAX);
        rules.push(wafv2::managed_rule_group(group.aws_name(), priority));
    }
    rules
}

/// Add a web ACL with the stage's rules when the stage has WAF on; returns its logical ID.
pub fn web_acl(ctx: &mut Ctx<'_>, id: &str, scope: Scope) -> Result<Option<String>, SynthError> {
    if !ctx.stage.security.waf.enabled {
        return Ok(None);
    }
    let what = match scope {
        Scope::Regional => "the load balancer",
        Scope::CloudFront => "CloudFront",
    };
    let id = ctx.add(
        id,
        &wafv2::WebAcl {
            scope: lit(scope.aws()),
            default_action: json!({"Allow": {}}),
            description: Some(lit(format!(
                "scalectl: rate limit and AWS managed rules in front of {what}"
            ))),
            rules: rules(ctx.stage),
            visibility_config: wafv2::visibility(id),
            tags: ctx.tags(match scope {
                Scope::Regional => "waf",
                Scope::CloudFront => "cdn-waf",
            }),
        },
    )?;
    Ok(Some(id))
}

/// Put a regional ACL in front of the stack's load balancer.
pub fn regional(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let Some(alb) = ctx.known.alb.clone() else {
        return Ok(());
    };
    let Some(acl) = web_acl(ctx, SITE_ACL, Scope::Regional)? else {
        return Ok(());
    };
    ctx.add(
        "SiteWebAclAssociation",
        &wafv2::WebAclAssociation {
            resource_arn: r(&alb),
            web_acl_arn: att(&acl, "Arn"),
        },
    )?;
    Ok(())
}

/// The ARN of a web ACL in this template.
pub fn arn(acl: &str) -> Value<String> {
    att(acl, "Arn")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::ManagedRuleGroup;

    #[test]
    fn the_cdn_acl_can_be_left_out_keeping_the_load_balancers() {
        let acls = |stage: &crate::stage::Stage| -> Vec<String> {
            super::super::synthesize(stage)
                .unwrap_or_default()
                .iter()
                .flat_map(|s| s.template.resources.iter())
                .filter(|(_, r)| r.resource_type == "AWS::WAFv2::WebACL")
                .map(|(id, _)| id.clone())
                .collect()
        };
        let mut stage = crate::stage::builtin::golden("stage2");
        assert_eq!(acls(&stage), [CDN_ACL, SITE_ACL]);
        stage.security.waf.cdn = false;
        assert_eq!(acls(&stage), [SITE_ACL]);
        let stacks = super::super::synthesize(&stage).unwrap_or_default();
        let distribution = &stacks[0].template.resources["StaticDistribution"];
        assert!(distribution.properties["DistributionConfig"]["WebACLId"].is_null());
        // Outside us-east-1 the companion then holds the certificate only.
        stage.network.region = "eu-west-1".to_string();
        assert_eq!(acls(&stage), [SITE_ACL]);
    }

    #[test]
    fn the_rate_limit_runs_first_then_the_groups_in_the_stage_order() {
        let mut stage = crate::stage::builtin::golden("stage2");
        stage.security.waf.rate_limit = 500;
        stage.security.waf.managed_rule_groups =
            vec![ManagedRuleGroup::Sqli, ManagedRuleGroup::Common];
        let rules = rules(&stage);
        let names: Vec<&str> = rules.iter().filter_map(|r| r["Name"].as_str()).collect();
        assert_eq!(
            names,
            [
                "RateLimitPerIp",
                "AWSManagedRulesSQLiRuleSet",
                "AWSManagedRulesCommonRuleSet"
            ]
        );
        let priorities: Vec<u64> = rules
            .iter()
            .filter_map(|r| r["Priority"].as_u64())
            .collect();
        assert_eq!(priorities, [0, 1, 2]);
        assert_eq!(rules[0]["Statement"]["RateBasedStatement"]["Limit"], 500);
    }
}
