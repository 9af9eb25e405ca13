//! Traffic-shifting services (ECS blue/green, canary, linear) own their production listener
//! rule's forward weights: ECS moves them on every deployment, and after one the production
//! traffic may be on either target group. A stack update that rewrites the rule puts back
//! the template's weights (100 to the first target group, 0 to the alternate), which can send
//! production to a target group without tasks. AWS documents the rule as the one ECS shifts
//! traffic on (`AdvancedConfiguration.ProductionListenerRule`); CDK users met the reset on
//! stack updates (aws/aws-cdk#36649).

use super::{Severity, UpdateFinding, codes, finding, prop, type_of};
use crate::diff::Impact;
use serde_json::Value;

/// Listener rules whose weights a traffic-shifting service of `resources` owns, with the
/// service's logical ID.
pub(super) fn owned_rules(resources: &serde_json::Map<String, Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (id, resource) in resources {
        if type_of(resource) != "AWS::ECS::Service" {
            continue;
        }
        let strategy = prop(resource, "DeploymentConfiguration/Strategy").and_then(Value::as_str);
        if !matches!(strategy, Some("BLUE_GREEN" | "CANARY" | "LINEAR")) {
            continue;
        }
        let balancers = prop(resource, "LoadBalancers").and_then(Value::as_array);
        for lb in balancers.into_iter().flatten() {
            if let Some(rule) = lb
                .pointer("/AdvancedConfiguration/ProductionListenerRule/Ref")
                .and_then(Value::as_str)
            {
                out.push((rule.to_string(), id.clone()));
            }
        }
    }
    out
}

/// A deployed traffic-shifting service's production rule changed or replaced in place.
pub(super) fn traffic_owned(
    rule: &str,
    service: &str,
    old_service: &Value,
    new_service: Option<&Value>,
    impact: Impact,
    out: &mut Vec<UpdateFinding>,
) {
    if !matches!(
        impact,
        Impact::Update | Impact::Replace | Impact::MayReplace
    ) {
        return;
    }
    let strategy = |r: &Value| {
        prop(r, "DeploymentConfiguration/Strategy")
            .and_then(Value::as_str)
            .unwrap_or("ROLLING")
            .to_string()
    };
    // The stage file's word for it (`BLUE_GREEN` is `blue_green` there).
    let before = strategy(old_service).to_ascii_lowercase();
    let leaving = new_service.map(strategy).filter(|s| s == "ROLLING");
    let message = match leaving {
        Some(_) => format!(
            "service {service} leaves its {before} rollout: CloudFormation rewrites listener rule {rule}, whose weights ECS has been moving, to forward everything to the first target group, which may hold no tasks after a deployment"
        ),
        None => format!(
            "listener rule {rule} carries service {service}'s production traffic, and ECS owns its forward weights ({before} rollout): a stack update of the rule puts back the template's weights, which may send production to a target group without tasks"
        ),
    };
    out.push(finding(
        codes::TRAFFIC_OWNED,
        Severity::Refuse,
        rule,
        "Properties/Actions",
        message,
        format!(
            "keep the service's path, its place in `compute.services` (the rule's priority) and its rollout strategy; to change them, add the service under a new name (its own rule and target groups), move traffic, then remove {service}"
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::{Severity, check, codes};
    use crate::diff::compare;
    use serde_json::{Value, json};

    fn stack(strategy: &str, path: &str) -> Value {
        let mut lb = json!({"ContainerName": "orders", "ContainerPort": 80,
            "TargetGroupArn": {"Ref": "OrdersTargetGroup"}});
        let actions = if strategy == "ROLLING" {
            json!([{"Type": "forward", "TargetGroupArn": {"Ref": "OrdersTargetGroup"}}])
        } else {
            lb["AdvancedConfiguration"] = json!({
                "AlternateTargetGroupArn": {"Ref": "OrdersAlternateTargetGroup"},
                "ProductionListenerRule": {"Ref": "OrdersListenerRule"}});
            json!([{"Type": "forward", "ForwardConfig": {"TargetGroups": [
                {"TargetGroupArn": {"Ref": "OrdersTargetGroup"}, "Weight": 100},
                {"TargetGroupArn": {"Ref": "OrdersAlternateTargetGroup"}, "Weight": 0}]}}])
        };
        json!({"Resources": {
            "OrdersListenerRule": {"Type": "AWS::ElasticLoadBalancingV2::ListenerRule",
                "Properties": {"ListenerArn": {"Ref": "HttpsListener"}, "Priority": 10,
                    "Conditions": [{"Field": "path-pattern", "PathPatternConfig": {"Values": [path]}}],
                    "Actions": actions}},
            "OrdersService": {"Type": "AWS::ECS::Service", "Properties": {
                "Cluster": {"Ref": "ServicesCluster"},
                "DeploymentConfiguration": {"Strategy": strategy},
                "LoadBalancers": [lb]}}
        }})
    }

    fn findings(old: &Value, new: &Value) -> Vec<super::UpdateFinding> {
        let diff = compare(Some(old), new);
        check(Some(old), new, &diff)
            .into_iter()
            .filter(|f| f.code == codes::TRAFFIC_OWNED)
            .collect()
    }

    #[test]
    fn a_rewritten_production_rule_of_a_shifting_service_is_refused() {
        let old = stack("CANARY", "/orders/*");
        let moved = findings(&old, &stack("CANARY", "/shop/orders/*"));
        assert_eq!(moved.len(), 1, "{moved:?}");
        assert_eq!(moved[0].severity, Severity::Refuse);
        assert_eq!(moved[0].logical_id, "OrdersListenerRule");
        assert!(moved[0].message.contains("ECS owns its forward weights"));
        let left = findings(&old, &stack("ROLLING", "/orders/*"));
        assert_eq!(left.len(), 1, "{left:?}");
        assert!(
            left[0].message.contains("leaves its canary rollout"),
            "{}",
            left[0].message
        );
    }

    #[test]
    fn entering_or_keeping_a_strategy_leaves_the_rule_alone() {
        let rolling = stack("ROLLING", "/orders/*");
        assert!(findings(&rolling, &stack("BLUE_GREEN", "/orders/*")).is_empty());
        // A rolling service's rule is the template's to change.
        assert!(findings(&rolling, &stack("ROLLING", "/shop/*")).is_empty());
        // Another traffic-shifting strategy keeps the same weighted rule.
        assert!(findings(&stack("CANARY", "/orders/*"), &stack("LINEAR", "/orders/*")).is_empty());
    }
}
