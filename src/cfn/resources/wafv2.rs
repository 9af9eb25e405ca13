//! AWS WAF (v2): web ACLs and their association with a load balancer.

use super::Tag;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;
use serde_json::json;

/// `AWS::WAFv2::WebACL`. Rules are kept as JSON: their statements nest deeply and scalectl
/// writes only three shapes (managed rule group, rate limit), built by the helpers below.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebAcl {
    /// `REGIONAL` (load balancers) or `CLOUDFRONT` (created in us-east-1 only).
    pub scope: Value<String>,
    /// What a request no rule blocks gets: `{"Allow": {}}`.
    pub default_action: serde_json::Value,
    /// What the ACL is for.
    pub description: Option<Value<String>>,
    /// The rules, by priority.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<serde_json::Value>,
    /// Metrics and sampled requests of the ACL itself.
    pub visibility_config: serde_json::Value,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for WebAcl {
    const TYPE: &'static str = "AWS::WAFv2::WebACL";
}

/// `AWS::WAFv2::WebACLAssociation`: a regional ACL in front of a load balancer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct WebAclAssociation {
    /// The load balancer's ARN.
    pub resource_arn: Value<String>,
    /// The ACL's ARN.
    #[serde(rename = "WebACLArn")]
    pub web_acl_arn: Value<String>,
}

impl ResourceProperties for WebAclAssociation {
    const TYPE: &'static str = "AWS::WAFv2::WebACLAssociation";
}

/// CloudWatch metrics and sampled requests under `metric`.
pub fn visibility(metric: &str) -> serde_json::Value {
    json!({"SampledRequestsEnabled": true, "CloudWatchMetricsEnabled": true, "MetricName": metric})
}

/// A rule running an AWS managed rule group with its own actions.
pub fn managed_rule_group(name: &str, priority: u32) -> serde_json::Value {
    json!({
        "Name": name,
        "Priority": priority,
        "OverrideAction": {"None": {}},
        "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": name}},
        "VisibilityConfig": visibility(name),
    })
}

/// A rule blocking a client address that sends more than `limit` requests in five minutes.
pub fn rate_limit(limit: u32, priority: u32) -> serde_json::Value {
    json!({
        "Name": "RateLimitPerIp",
        "Priority": priority,
        "Action": {"Block": {}},
        "Statement": {"RateBasedStatement": {
            "Limit": limit, "AggregateKeyType": "IP", "EvaluationWindowSec": 300}},
        "VisibilityConfig": visibility("RateLimitPerIp"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::value::lit;

    #[test]
    fn web_acl_serializes_rules_in_order() -> Result<(), Box<dyn std::error::Error>> {
        let acl = WebAcl {
            scope: lit("REGIONAL"),
            default_action: json!({"Allow": {}}),
            description: None,
            rules: vec![
                managed_rule_group("AWSManagedRulesCommonRuleSet", 0),
                rate_limit(2000, 1),
            ],
            visibility_config: visibility("site"),
            tags: Vec::new(),
        };
        let v = serde_json::to_value(&acl)?;
        assert_eq!(v["Scope"], "REGIONAL");
        assert_eq!(
            v["Rules"][0]["Statement"]["ManagedRuleGroupStatement"]["Name"],
            "AWSManagedRulesCommonRuleSet"
        );
        assert_eq!(
            v["Rules"][1]["Statement"]["RateBasedStatement"]["Limit"],
            2000
        );
        assert_eq!(v["Rules"][1]["Action"], json!({"Block": {}}));
        Ok(())
    }
}
