//! Application Auto Scaling: scalable targets and scaling policies (ECS, DynamoDB, ...).

use crate::cfn::template::ResourceProperties;
use crate::cfn::value::{Value, lit};
use serde::Serialize;

/// `AWS::ApplicationAutoScaling::ScalableTarget`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalableTarget {
    /// Upper capacity bound.
    pub max_capacity: Value<u32>,
    /// Lower capacity bound.
    pub min_capacity: Value<u32>,
    /// The resource, e.g. `service/<cluster>/<service>`.
    pub resource_id: Value<String>,
    /// e.g. `ecs:service:DesiredCount`.
    pub scalable_dimension: Value<String>,
    /// e.g. `ecs`.
    pub service_namespace: Value<String>,
}

impl ScalableTarget {
    /// The desired task count of an ECS service, by cluster and service name.
    pub fn ecs_service(
        cluster_name: Value<String>,
        service_name: Value<String>,
        min: u32,
        max: u32,
    ) -> Self {
        ScalableTarget {
            max_capacity: Value::Lit(max),
            min_capacity: Value::Lit(min),
            resource_id: Value::join("/", vec![lit("service"), cluster_name, service_name]),
            scalable_dimension: lit("ecs:service:DesiredCount"),
            service_namespace: lit("ecs"),
        }
    }
}

impl ResourceProperties for ScalableTarget {
    const TYPE: &'static str = "AWS::ApplicationAutoScaling::ScalableTarget";
}

/// `AWS::ApplicationAutoScaling::ScalingPolicy`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingPolicy {
    /// The policy name.
    pub policy_name: Value<String>,
    /// `TargetTrackingScaling`, `StepScaling` or `PredictiveScaling`.
    pub policy_type: Value<String>,
    /// The scalable target (`Ref` of it).
    pub scaling_target_id: Option<Value<String>>,
    /// The target of a target tracking policy.
    pub target_tracking_scaling_policy_configuration:
        Option<TargetTrackingScalingPolicyConfiguration>,
}

impl ScalingPolicy {
    /// A target tracking policy on a scalable target.
    pub fn target_tracking(
        policy_name: impl Into<Value<String>>,
        scaling_target_id: Value<String>,
        configuration: TargetTrackingScalingPolicyConfiguration,
    ) -> Self {
        ScalingPolicy {
            policy_name: policy_name.into(),
            policy_type: lit("TargetTrackingScaling"),
            scaling_target_id: Some(scaling_target_id),
            target_tracking_scaling_policy_configuration: Some(configuration),
        }
    }
}

impl ResourceProperties for ScalingPolicy {
    const TYPE: &'static str = "AWS::ApplicationAutoScaling::ScalingPolicy";
}

/// The target of a target tracking policy.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetTrackingScalingPolicyConfiguration {
    /// The metric value to hold.
    pub target_value: Value<f64>,
    /// The predefined metric tracked.
    pub predefined_metric_specification: Option<PredefinedMetricSpecification>,
    /// Seconds after a scale-in before another.
    pub scale_in_cooldown: Option<Value<u32>>,
    /// Seconds after a scale-out before another.
    pub scale_out_cooldown: Option<Value<u32>>,
}

/// A predefined metric of a target tracking policy.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PredefinedMetricSpecification {
    /// `ECSServiceAverageCPUUtilization`, `ALBRequestCountPerTarget`, ...
    pub predefined_metric_type: Value<String>,
    /// For `ALBRequestCountPerTarget`: `<lb full name>/<target group full name>`.
    pub resource_label: Option<Value<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ecs_target_and_policy_serialize() -> Result<(), Box<dyn std::error::Error>> {
        let target = ScalableTarget::ecs_service(Value::r#ref("Cluster"), lit("web"), 2, 10);
        assert_eq!(
            serde_json::to_value(&target)?,
            json!({
                "MaxCapacity": 10,
                "MinCapacity": 2,
                "ResourceId": {"Fn::Join": ["/", ["service", {"Ref": "Cluster"}, "web"]]},
                "ScalableDimension": "ecs:service:DesiredCount",
                "ServiceNamespace": "ecs"
            })
        );

        let policy = ScalingPolicy::target_tracking(
            "web-requests",
            Value::r#ref("WebScaling"),
            TargetTrackingScalingPolicyConfiguration {
                target_value: Value::Lit(500.0),
                predefined_metric_specification: Some(PredefinedMetricSpecification {
                    predefined_metric_type: lit("ALBRequestCountPerTarget"),
                    resource_label: Some(Value::join(
                        "/",
                        vec![
                            Value::get_att("Alb", "LoadBalancerFullName"),
                            Value::get_att("WebTargets", "TargetGroupFullName"),
                        ],
                    )),
                }),
                scale_in_cooldown: Some(Value::Lit(300)),
                scale_out_cooldown: Some(Value::Lit(60)),
            },
        );
        assert_eq!(
            serde_json::to_value(&policy)?,
            json!({
                "PolicyName": "web-requests",
                "PolicyType": "TargetTrackingScaling",
                "ScalingTargetId": {"Ref": "WebScaling"},
                "TargetTrackingScalingPolicyConfiguration": {
                    "TargetValue": 500.0,
                    "PredefinedMetricSpecification": {
                        "PredefinedMetricType": "ALBRequestCountPerTarget",
                        "ResourceLabel": {"Fn::Join": ["/", [
                            {"Fn::GetAtt": ["Alb", "LoadBalancerFullName"]},
                            {"Fn::GetAtt": ["WebTargets", "TargetGroupFullName"]}
                        ]]}
                    },
                    "ScaleInCooldown": 300,
                    "ScaleOutCooldown": 60
                }
            })
        );
        Ok(())
    }
}
