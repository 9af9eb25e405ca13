//! Elastic Load Balancing v2: load balancers, target groups, listeners and listener rules.

use super::Tag;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::{Value, lit};
use serde::Serialize;

/// `AWS::ElasticLoadBalancingV2::LoadBalancer`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancer {
    /// `application`, `network` or `gateway`.
    #[serde(rename = "Type")]
    pub load_balancer_type: Option<Value<String>>,
    /// `internet-facing` or `internal`.
    pub scheme: Option<Value<String>>,
    /// Subnets, one per Availability Zone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<Value<String>>,
    /// Security groups.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<Value<String>>,
    /// Attributes such as `idle_timeout.timeout_seconds`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_attributes: Vec<Attribute>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for LoadBalancer {
    const TYPE: &'static str = "AWS::ElasticLoadBalancingV2::LoadBalancer";
}

/// A load balancer or target group attribute; values are always strings (`"true"`, `"60"`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Attribute {
    /// The attribute name.
    pub key: Value<String>,
    /// The attribute value, as a string.
    pub value: Value<String>,
}

impl Attribute {
    /// An attribute from a key and a value.
    pub fn new(key: impl Into<Value<String>>, value: impl Into<Value<String>>) -> Self {
        Attribute {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// `AWS::ElasticLoadBalancingV2::TargetGroup`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroup {
    /// Port the targets receive traffic on.
    pub port: Option<Value<u16>>,
    /// `HTTP`, `HTTPS`, `TCP`, ...
    pub protocol: Option<Value<String>>,
    /// The VPC of the targets.
    pub vpc_id: Option<Value<String>>,
    /// `instance`, `ip`, `lambda` or `alb`.
    pub target_type: Option<Value<String>>,
    /// Health check path, e.g. `/healthz`.
    pub health_check_path: Option<Value<String>>,
    /// Health check protocol.
    pub health_check_protocol: Option<Value<String>>,
    /// Seconds between health checks.
    pub health_check_interval_seconds: Option<Value<u32>>,
    /// Consecutive successes before a target is healthy.
    pub healthy_threshold_count: Option<Value<u32>>,
    /// Consecutive failures before a target is unhealthy.
    pub unhealthy_threshold_count: Option<Value<u32>>,
    /// Successful health check response codes.
    pub matcher: Option<Matcher>,
    /// Attributes such as `deregistration_delay.timeout_seconds`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target_group_attributes: Vec<Attribute>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for TargetGroup {
    const TYPE: &'static str = "AWS::ElasticLoadBalancingV2::TargetGroup";
}

/// Successful health check response codes.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Matcher {
    /// HTTP codes, e.g. `200` or `200-399` (a string).
    pub http_code: Value<String>,
}

/// `AWS::ElasticLoadBalancingV2::Listener`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Listener {
    /// The load balancer.
    pub load_balancer_arn: Value<String>,
    /// The listening port.
    pub port: Option<Value<u16>>,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, ...
    pub protocol: Option<Value<String>>,
    /// The default certificate (HTTPS and TLS).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    /// The TLS negotiation policy.
    pub ssl_policy: Option<Value<String>>,
    /// What to do with requests no rule matches.
    pub default_actions: Vec<Action>,
}

impl Listener {
    /// A listener on a port and protocol with its default actions.
    pub fn new(
        load_balancer_arn: Value<String>,
        port: u16,
        protocol: &str,
        default_actions: Vec<Action>,
    ) -> Self {
        Listener {
            load_balancer_arn,
            port: Some(Value::Lit(port)),
            protocol: Some(lit(protocol)),
            certificates: Vec::new(),
            ssl_policy: None,
            default_actions,
        }
    }
}

impl ResourceProperties for Listener {
    const TYPE: &'static str = "AWS::ElasticLoadBalancingV2::Listener";
}

/// The target groups of a weighted `forward` action.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForwardConfig {
    /// The target groups and their weights.
    pub target_groups: Vec<TargetGroupTuple>,
}

/// One weighted target group.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupTuple {
    /// The target group.
    pub target_group_arn: Value<String>,
    /// Its weight (0-999).
    pub weight: Value<u32>,
}

/// A server certificate of a listener.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Certificate {
    /// The ACM certificate ARN.
    pub certificate_arn: Value<String>,
}

/// A listener or listener rule action.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Action {
    /// `forward`, `redirect`, `fixed-response`, ...
    #[serde(rename = "Type")]
    pub action_type: Value<String>,
    /// The target group of a `forward` action.
    pub target_group_arn: Option<Value<String>>,
    /// Weighted target groups of a `forward` action.
    pub forward_config: Option<ForwardConfig>,
    /// The redirect of a `redirect` action.
    pub redirect_config: Option<RedirectConfig>,
    /// The response of a `fixed-response` action.
    pub fixed_response_config: Option<FixedResponseConfig>,
}

impl Action {
    /// Forward to a target group.
    pub fn forward(target_group_arn: Value<String>) -> Self {
        Action {
            action_type: lit("forward"),
            target_group_arn: Some(target_group_arn),
            forward_config: None,
            redirect_config: None,
            fixed_response_config: None,
        }
    }

    /// Forward to weighted target groups.
    pub fn forward_weighted(target_groups: Vec<(Value<String>, u32)>) -> Self {
        Action {
            action_type: lit("forward"),
            target_group_arn: None,
            forward_config: Some(ForwardConfig {
                target_groups: target_groups
                    .into_iter()
                    .map(|(arn, weight)| TargetGroupTuple {
                        target_group_arn: arn,
                        weight: Value::Lit(weight),
                    })
                    .collect(),
            }),
            redirect_config: None,
            fixed_response_config: None,
        }
    }

    /// Permanently redirect to HTTPS on port 443, keeping host, path and query.
    pub fn redirect_to_https() -> Self {
        Action {
            action_type: lit("redirect"),
            target_group_arn: None,
            forward_config: None,
            redirect_config: Some(RedirectConfig {
                protocol: Some(lit("HTTPS")),
                port: Some(lit("443")),
                status_code: lit("HTTP_301"),
            }),
            fixed_response_config: None,
        }
    }

    /// Answer with a fixed status code and plain-text body.
    pub fn fixed_response(status_code: u16, body: &str) -> Self {
        Action {
            action_type: lit("fixed-response"),
            target_group_arn: None,
            forward_config: None,
            redirect_config: None,
            fixed_response_config: Some(FixedResponseConfig {
                status_code: lit(status_code.to_string()),
                content_type: Some(lit("text/plain")),
                message_body: Some(lit(body)),
            }),
        }
    }
}

/// The redirect of a `redirect` action.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RedirectConfig {
    /// `HTTP`, `HTTPS` or `#{protocol}`.
    pub protocol: Option<Value<String>>,
    /// The port as a string (`"443"` or `#{port}`): the schema types it as a string.
    pub port: Option<Value<String>>,
    /// `HTTP_301` or `HTTP_302`.
    pub status_code: Value<String>,
}

/// The response of a `fixed-response` action.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FixedResponseConfig {
    /// The HTTP status code as a string (`"404"`): the schema types it as a string.
    pub status_code: Value<String>,
    /// `text/plain`, `application/json`, ...
    pub content_type: Option<Value<String>>,
    /// The body.
    pub message_body: Option<Value<String>>,
}

/// `AWS::ElasticLoadBalancingV2::ListenerRule`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListenerRule {
    /// The listener (required here: the schema allows omitting it, the service does not).
    pub listener_arn: Value<String>,
    /// Evaluation order, unique per listener; lower first.
    pub priority: Value<u32>,
    /// Conditions, all of which must match.
    pub conditions: Vec<RuleCondition>,
    /// What to do with matching requests.
    pub actions: Vec<Action>,
}

impl ResourceProperties for ListenerRule {
    const TYPE: &'static str = "AWS::ElasticLoadBalancingV2::ListenerRule";
}

/// A listener rule condition.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleCondition {
    /// `path-pattern`, `host-header`, ...
    pub field: Value<String>,
    /// The patterns of a `path-pattern` condition.
    pub path_pattern_config: Option<PatternConfig>,
    /// The host names of a `host-header` condition.
    pub host_header_config: Option<PatternConfig>,
}

impl RuleCondition {
    /// Match request paths against patterns such as `/api/*`.
    pub fn path_pattern(values: Vec<Value<String>>) -> Self {
        RuleCondition {
            field: lit("path-pattern"),
            path_pattern_config: Some(PatternConfig { values }),
            host_header_config: None,
        }
    }

    /// Match the host header against names such as `*.example.com`.
    pub fn host_header(values: Vec<Value<String>>) -> Self {
        RuleCondition {
            field: lit("host-header"),
            path_pattern_config: None,
            host_header_config: Some(PatternConfig { values }),
        }
    }
}

/// The values of a path-pattern or host-header condition.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PatternConfig {
    /// Patterns; `*` and `?` are wildcards.
    pub values: Vec<Value<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn load_balancer_and_listener_rule_serialize() -> Result<(), Box<dyn std::error::Error>> {
        let lb = LoadBalancer {
            load_balancer_type: Some(lit("application")),
            scheme: Some(lit("internet-facing")),
            subnets: vec![Value::r#ref("PublicA"), Value::r#ref("PublicB")],
            security_groups: vec![Value::get_att("AlbSg", "GroupId")],
            load_balancer_attributes: vec![Attribute::new("idle_timeout.timeout_seconds", "60")],
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&lb)?,
            json!({
                "Type": "application",
                "Scheme": "internet-facing",
                "Subnets": [{"Ref": "PublicA"}, {"Ref": "PublicB"}],
                "SecurityGroups": [{"Fn::GetAtt": ["AlbSg", "GroupId"]}],
                "LoadBalancerAttributes": [{"Key": "idle_timeout.timeout_seconds", "Value": "60"}]
            })
        );

        let http = Listener::new(
            Value::r#ref("Alb"),
            80,
            "HTTP",
            vec![Action::redirect_to_https()],
        );
        assert_eq!(
            serde_json::to_value(&http)?,
            json!({
                "LoadBalancerArn": {"Ref": "Alb"},
                "Port": 80,
                "Protocol": "HTTP",
                "DefaultActions": [{
                    "Type": "redirect",
                    "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}
                }]
            })
        );

        let rule = ListenerRule {
            listener_arn: Value::r#ref("HttpsListener"),
            priority: Value::Lit(10),
            conditions: vec![RuleCondition::path_pattern(vec![lit("/api/*")])],
            actions: vec![Action::forward(Value::r#ref("ApiTargets"))],
        };
        assert_eq!(
            serde_json::to_value(&rule)?,
            json!({
                "ListenerArn": {"Ref": "HttpsListener"},
                "Priority": 10,
                "Conditions": [{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*"]}}],
                "Actions": [{"Type": "forward", "TargetGroupArn": {"Ref": "ApiTargets"}}]
            })
        );
        assert_eq!(
            serde_json::to_value(Action::fixed_response(404, "not found"))?,
            json!({
                "Type": "fixed-response",
                "FixedResponseConfig": {
                    "StatusCode": "404",
                    "ContentType": "text/plain",
                    "MessageBody": "not found"
                }
            })
        );
        Ok(())
    }
}
