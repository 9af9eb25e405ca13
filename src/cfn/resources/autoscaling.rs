//! Amazon EC2 Auto Scaling: groups and scaling policies.

use super::NumStr;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::{Value, lit};
use serde::Serialize;

/// `AWS::AutoScaling::AutoScalingGroup`.
///
/// `MinSize`, `MaxSize` and `DesiredCapacity` are strings in the resource schema, hence
/// [`NumStr`].
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AutoScalingGroup {
    /// Minimum number of instances (a JSON string).
    pub min_size: Value<NumStr<u32>>,
    /// Maximum number of instances (a JSON string).
    pub max_size: Value<NumStr<u32>>,
    /// Initial number of instances (a JSON string).
    pub desired_capacity: Option<Value<NumStr<u32>>>,
    /// Subnets to launch into.
    #[serde(rename = "VPCZoneIdentifier", skip_serializing_if = "Vec::is_empty")]
    pub vpc_zone_identifier: Vec<Value<String>>,
    /// The launch template, unless a mixed instances policy is given.
    pub launch_template: Option<LaunchTemplateSpecification>,
    /// On-Demand and Spot mix over several instance types.
    pub mixed_instances_policy: Option<MixedInstancesPolicy>,
    /// Target groups the instances register with.
    #[serde(rename = "TargetGroupARNs", skip_serializing_if = "Vec::is_empty")]
    pub target_group_arns: Vec<Value<String>>,
    /// `EC2` or `ELB`.
    pub health_check_type: Option<Value<String>>,
    /// Seconds before a new instance's health checks count.
    pub health_check_grace_period: Option<Value<u32>>,
    /// Replace Spot instances proactively when at elevated risk of interruption.
    pub capacity_rebalance: Option<Value<bool>>,
    /// Group metrics sent to CloudWatch.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metrics_collection: Vec<MetricsCollection>,
    /// Tags, optionally propagated to instances.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<TagProperty>,
}

impl AutoScalingGroup {
    /// A group with size bounds and nothing else set.
    pub fn new(min_size: u32, max_size: u32) -> Self {
        AutoScalingGroup {
            min_size: Value::Lit(NumStr(min_size)),
            max_size: Value::Lit(NumStr(max_size)),
            desired_capacity: None,
            vpc_zone_identifier: Vec::new(),
            launch_template: None,
            mixed_instances_policy: None,
            target_group_arns: Vec::new(),
            health_check_type: None,
            health_check_grace_period: None,
            capacity_rebalance: None,
            metrics_collection: Vec::new(),
            tags: Vec::new(),
        }
    }
}

impl ResourceProperties for AutoScalingGroup {
    const TYPE: &'static str = "AWS::AutoScaling::AutoScalingGroup";
}

/// A launch template reference; the version is required by Auto Scaling.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateSpecification {
    /// The template ID.
    pub launch_template_id: Value<String>,
    /// The version, usually `GetAtt <template>.LatestVersionNumber`.
    pub version: Value<String>,
}

impl LaunchTemplateSpecification {
    /// The latest version of a launch template resource, by logical ID.
    pub fn latest(logical_id: &str) -> Self {
        LaunchTemplateSpecification {
            launch_template_id: Value::r#ref(logical_id),
            version: Value::get_att(logical_id, "LatestVersionNumber"),
        }
    }
}

/// On-Demand and Spot mix over several instance types.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MixedInstancesPolicy {
    /// The template and instance type overrides.
    pub launch_template: LaunchTemplate,
    /// How capacity splits between On-Demand and Spot.
    pub instances_distribution: Option<InstancesDistribution>,
}

/// The launch template of a mixed instances policy.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplate {
    /// The template.
    pub launch_template_specification: LaunchTemplateSpecification,
    /// Instance types that replace the template's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<LaunchTemplateOverrides>,
}

/// An instance type override of a mixed instances policy.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateOverrides {
    /// The instance type.
    pub instance_type: Value<String>,
}

/// How a mixed instances policy splits capacity between On-Demand and Spot.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstancesDistribution {
    /// On-Demand instances always kept.
    pub on_demand_base_capacity: Option<Value<u32>>,
    /// Percentage of capacity above the base that is On-Demand.
    pub on_demand_percentage_above_base_capacity: Option<Value<u32>>,
    /// `price-capacity-optimized`, `capacity-optimized`, ...
    pub spot_allocation_strategy: Option<Value<String>>,
    /// `lowest-price` or `prioritized`.
    pub on_demand_allocation_strategy: Option<Value<String>>,
}

/// Group metrics sent to CloudWatch.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricsCollection {
    /// Always `1Minute`.
    pub granularity: Value<String>,
}

impl MetricsCollection {
    /// All group metrics at one-minute granularity.
    pub fn one_minute() -> Self {
        MetricsCollection {
            granularity: lit("1Minute"),
        }
    }
}

/// An Auto Scaling group tag, which may propagate to launched instances.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagProperty {
    /// The tag key.
    pub key: String,
    /// The tag value.
    pub value: Value<String>,
    /// Whether instances launched by the group get the tag.
    pub propagate_at_launch: Value<bool>,
}

impl TagProperty {
    /// A tag propagated to launched instances.
    pub fn propagated(key: impl Into<String>, value: impl Into<Value<String>>) -> Self {
        TagProperty {
            key: key.into(),
            value: value.into(),
            propagate_at_launch: Value::Lit(true),
        }
    }
}

/// `AWS::AutoScaling::ScalingPolicy`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalingPolicy {
    /// The group's name (`Ref` of the group).
    pub auto_scaling_group_name: Value<String>,
    /// `TargetTrackingScaling`, `StepScaling`, ...
    pub policy_type: Option<Value<String>>,
    /// The target of a target tracking policy.
    pub target_tracking_configuration: Option<TargetTrackingConfiguration>,
    /// Seconds until a new instance contributes to metrics.
    pub estimated_instance_warmup: Option<Value<u32>>,
}

impl ScalingPolicy {
    /// A target tracking policy on a group.
    pub fn target_tracking(
        auto_scaling_group_name: Value<String>,
        configuration: TargetTrackingConfiguration,
    ) -> Self {
        ScalingPolicy {
            auto_scaling_group_name,
            policy_type: Some(lit("TargetTrackingScaling")),
            target_tracking_configuration: Some(configuration),
            estimated_instance_warmup: None,
        }
    }
}

impl ResourceProperties for ScalingPolicy {
    const TYPE: &'static str = "AWS::AutoScaling::ScalingPolicy";
}

/// The target of a target tracking policy.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetTrackingConfiguration {
    /// The metric value to hold.
    pub target_value: Value<f64>,
    /// The predefined metric tracked.
    pub predefined_metric_specification: Option<PredefinedMetricSpecification>,
    /// Whether the policy never scales in.
    pub disable_scale_in: Option<Value<bool>>,
}

/// A predefined metric of a target tracking policy.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PredefinedMetricSpecification {
    /// `ASGAverageCPUUtilization`, `ALBRequestCountPerTarget`, ...
    pub predefined_metric_type: Value<String>,
    /// For `ALBRequestCountPerTarget`: `<lb full name>/<target group full name>`.
    pub resource_label: Option<Value<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::num_str;
    use serde_json::json;

    #[test]
    fn group_serializes_string_sizes_and_renamed_fields() -> Result<(), Box<dyn std::error::Error>>
    {
        let group = AutoScalingGroup {
            desired_capacity: Some(num_str(2)),
            vpc_zone_identifier: vec![Value::r#ref("PrivateA"), Value::r#ref("PrivateB")],
            mixed_instances_policy: Some(MixedInstancesPolicy {
                launch_template: LaunchTemplate {
                    launch_template_specification: LaunchTemplateSpecification::latest("AppLt"),
                    overrides: vec![
                        LaunchTemplateOverrides {
                            instance_type: lit("t4g.small"),
                        },
                        LaunchTemplateOverrides {
                            instance_type: lit("t4g.medium"),
                        },
                    ],
                },
                instances_distribution: Some(InstancesDistribution {
                    on_demand_base_capacity: Some(Value::Lit(1)),
                    on_demand_percentage_above_base_capacity: Some(Value::Lit(0)),
                    spot_allocation_strategy: Some(lit("price-capacity-optimized")),
                    on_demand_allocation_strategy: None,
                }),
            }),
            target_group_arns: vec![Value::r#ref("AppTargets")],
            health_check_type: Some(lit("ELB")),
            health_check_grace_period: Some(Value::Lit(120)),
            capacity_rebalance: Some(Value::Lit(true)),
            metrics_collection: vec![MetricsCollection::one_minute()],
            tags: vec![TagProperty::propagated("Name", "app")],
            ..AutoScalingGroup::new(1, 6)
        };
        assert_eq!(
            serde_json::to_value(&group)?,
            json!({
                "MinSize": "1",
                "MaxSize": "6",
                "DesiredCapacity": "2",
                "VPCZoneIdentifier": [{"Ref": "PrivateA"}, {"Ref": "PrivateB"}],
                "MixedInstancesPolicy": {
                    "LaunchTemplate": {
                        "LaunchTemplateSpecification": {
                            "LaunchTemplateId": {"Ref": "AppLt"},
                            "Version": {"Fn::GetAtt": ["AppLt", "LatestVersionNumber"]}
                        },
                        "Overrides": [{"InstanceType": "t4g.small"}, {"InstanceType": "t4g.medium"}]
                    },
                    "InstancesDistribution": {
                        "OnDemandBaseCapacity": 1,
                        "OnDemandPercentageAboveBaseCapacity": 0,
                        "SpotAllocationStrategy": "price-capacity-optimized"
                    }
                },
                "TargetGroupARNs": [{"Ref": "AppTargets"}],
                "HealthCheckType": "ELB",
                "HealthCheckGracePeriod": 120,
                "CapacityRebalance": true,
                "MetricsCollection": [{"Granularity": "1Minute"}],
                "Tags": [{"Key": "Name", "Value": "app", "PropagateAtLaunch": true}]
            })
        );

        let policy = ScalingPolicy {
            estimated_instance_warmup: Some(Value::Lit(180)),
            ..ScalingPolicy::target_tracking(
                Value::r#ref("AppAsg"),
                TargetTrackingConfiguration {
                    target_value: Value::Lit(50.0),
                    predefined_metric_specification: Some(PredefinedMetricSpecification {
                        predefined_metric_type: lit("ASGAverageCPUUtilization"),
                        resource_label: None,
                    }),
                    disable_scale_in: None,
                },
            )
        };
        assert_eq!(
            serde_json::to_value(&policy)?,
            json!({
                "AutoScalingGroupName": {"Ref": "AppAsg"},
                "PolicyType": "TargetTrackingScaling",
                "TargetTrackingConfiguration": {
                    "TargetValue": 50.0,
                    "PredefinedMetricSpecification": {
                        "PredefinedMetricType": "ASGAverageCPUUtilization"
                    }
                },
                "EstimatedInstanceWarmup": 180
            })
        );
        Ok(())
    }
}
