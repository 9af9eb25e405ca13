//! Amazon ECS: clusters, task definitions and services.

use super::{NumStr, Tag};
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::{Value, lit};
use serde::Serialize;
use std::collections::BTreeMap;

/// `AWS::ECS::Cluster`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Cluster {
    /// Settings such as `containerInsights`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cluster_settings: Vec<ClusterSetting>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Cluster {
    const TYPE: &'static str = "AWS::ECS::Cluster";
}

/// A cluster setting.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClusterSetting {
    /// The setting, `containerInsights`.
    pub name: Value<String>,
    /// `enabled`, `enhanced` or `disabled`.
    pub value: Value<String>,
}

impl ClusterSetting {
    /// The `containerInsights` setting.
    pub fn container_insights(value: &str) -> Self {
        ClusterSetting {
            name: lit("containerInsights"),
            value: lit(value),
        }
    }
}

/// `AWS::ECS::TaskDefinition`.
///
/// `Cpu` and `Memory` are strings in the resource schema, hence [`NumStr`].
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaskDefinition {
    /// The family name; generated when omitted.
    pub family: Option<Value<String>>,
    /// Task CPU units, e.g. `256` (a JSON string).
    pub cpu: Option<Value<NumStr<u32>>>,
    /// Task memory in MiB, e.g. `512` (a JSON string).
    pub memory: Option<Value<NumStr<u32>>>,
    /// `awsvpc` for Fargate.
    pub network_mode: Option<Value<String>>,
    /// `FARGATE`, `EC2`, ...
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires_compatibilities: Vec<Value<String>>,
    /// Role the agent uses to pull images and write logs.
    pub execution_role_arn: Option<Value<String>>,
    /// Role the containers use.
    pub task_role_arn: Option<Value<String>>,
    /// CPU architecture and OS.
    pub runtime_platform: Option<RuntimePlatform>,
    /// The containers (required here: a task needs at least one).
    pub container_definitions: Vec<ContainerDefinition>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl TaskDefinition {
    /// A task definition with containers and nothing else set.
    pub fn new(container_definitions: Vec<ContainerDefinition>) -> Self {
        TaskDefinition {
            family: None,
            cpu: None,
            memory: None,
            network_mode: None,
            requires_compatibilities: Vec::new(),
            execution_role_arn: None,
            task_role_arn: None,
            runtime_platform: None,
            container_definitions,
            tags: Vec::new(),
        }
    }
}

impl ResourceProperties for TaskDefinition {
    const TYPE: &'static str = "AWS::ECS::TaskDefinition";
}

/// CPU architecture and OS of a task.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuntimePlatform {
    /// `ARM64` or `X86_64`.
    pub cpu_architecture: Option<Value<String>>,
    /// `LINUX`, ...
    pub operating_system_family: Option<Value<String>>,
}

/// One container of a task definition.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ContainerDefinition {
    /// Container name, unique in the task.
    pub name: Value<String>,
    /// Image reference.
    pub image: Value<String>,
    /// Whether the task stops when this container stops.
    pub essential: Option<Value<bool>>,
    /// Exposed ports.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub port_mappings: Vec<PortMapping>,
    /// Log driver.
    pub log_configuration: Option<LogConfiguration>,
    /// Environment variables.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub environment: Vec<KeyValuePair>,
    /// Environment variables ECS reads from Secrets Manager or Parameter Store at start.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<Secret>,
    /// The command, instead of the image's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<Value<String>>,
    /// Whether the root file system is read-only.
    pub readonly_root_filesystem: Option<Value<bool>>,
}

/// A container environment variable ECS injects from a secret or parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Secret {
    /// The variable name.
    pub name: Value<String>,
    /// The secret's full ARN (`:json-key::` picks a field), or the parameter's ARN.
    pub value_from: Value<String>,
}

impl ContainerDefinition {
    /// A container with a name and image and nothing else set.
    pub fn new(name: impl Into<Value<String>>, image: impl Into<Value<String>>) -> Self {
        ContainerDefinition {
            name: name.into(),
            image: image.into(),
            essential: None,
            port_mappings: Vec::new(),
            log_configuration: None,
            environment: Vec::new(),
            secrets: Vec::new(),
            command: Vec::new(),
            readonly_root_filesystem: None,
        }
    }
}

/// An exposed container port.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PortMapping {
    /// The container port.
    pub container_port: Value<u16>,
    /// `tcp` or `udp`.
    pub protocol: Option<Value<String>>,
}

impl PortMapping {
    /// A TCP port.
    pub fn tcp(port: u16) -> Self {
        PortMapping {
            container_port: Value::Lit(port),
            protocol: Some(lit("tcp")),
        }
    }
}

/// The log driver of a container.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogConfiguration {
    /// `awslogs`, ...
    pub log_driver: Value<String>,
    /// Driver options, e.g. `awslogs-group`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, Value<String>>,
}

impl LogConfiguration {
    /// The `awslogs` driver writing to a log group in the stack's Region.
    pub fn awslogs(group: Value<String>, stream_prefix: &str) -> Self {
        let mut options = BTreeMap::new();
        options.insert("awslogs-group".to_string(), group);
        options.insert("awslogs-region".to_string(), Value::r#ref("AWS::Region"));
        options.insert("awslogs-stream-prefix".to_string(), lit(stream_prefix));
        LogConfiguration {
            log_driver: lit("awslogs"),
            options,
        }
    }
}

/// A container environment variable.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyValuePair {
    /// The variable name.
    pub name: Value<String>,
    /// The value.
    pub value: Value<String>,
}

/// `AWS::ECS::Service`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Service {
    /// The cluster; the default cluster when omitted.
    pub cluster: Option<Value<String>>,
    /// The service name; generated when omitted.
    pub service_name: Option<Value<String>>,
    /// The task definition ARN (required here: external deployment controllers are not modelled).
    pub task_definition: Value<String>,
    /// `FARGATE`, `EC2` or `EXTERNAL`.
    pub launch_type: Option<Value<String>>,
    /// Number of tasks.
    pub desired_count: Option<Value<u32>>,
    /// Subnets and security groups of `awsvpc` tasks.
    pub network_configuration: Option<NetworkConfiguration>,
    /// Target groups the tasks register with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub load_balancers: Vec<LoadBalancer>,
    /// Cloud Map services the tasks register with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service_registries: Vec<ServiceRegistry>,
    /// Rolling deployment bounds and circuit breaker.
    pub deployment_configuration: Option<DeploymentConfiguration>,
    /// Seconds before load balancer health checks count.
    pub health_check_grace_period_seconds: Option<Value<u32>>,
    /// Whether ECS Exec is enabled.
    pub enable_execute_command: Option<Value<bool>>,
    /// `SERVICE` or `TASK_DEFINITION`.
    pub propagate_tags: Option<Value<String>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Service {
    /// A service running a task definition in a cluster with nothing else set.
    pub fn new(cluster: Value<String>, task_definition: Value<String>) -> Self {
        Service {
            cluster: Some(cluster),
            service_name: None,
            task_definition,
            launch_type: None,
            desired_count: None,
            network_configuration: None,
            load_balancers: Vec::new(),
            service_registries: Vec::new(),
            deployment_configuration: None,
            health_check_grace_period_seconds: None,
            enable_execute_command: None,
            propagate_tags: None,
            tags: Vec::new(),
        }
    }
}

impl ResourceProperties for Service {
    const TYPE: &'static str = "AWS::ECS::Service";
}

/// The network configuration of a service.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkConfiguration {
    /// Subnets and security groups of `awsvpc` tasks.
    pub awsvpc_configuration: AwsVpcConfiguration,
}

/// Subnets and security groups of `awsvpc` tasks.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsVpcConfiguration {
    /// The subnets.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<Value<String>>,
    /// The security groups.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<Value<String>>,
    /// `ENABLED` or `DISABLED`.
    pub assign_public_ip: Option<Value<String>>,
}

/// A target group registration of a service.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancer {
    /// The container receiving traffic.
    pub container_name: Value<String>,
    /// Its port.
    pub container_port: Value<u16>,
    /// The target group.
    pub target_group_arn: Value<String>,
    /// The second target group, rule and role of a traffic-shifting deployment.
    pub advanced_configuration: Option<AdvancedConfiguration>,
}

/// What ECS needs to shift traffic between two target groups (blue/green, canary, linear).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdvancedConfiguration {
    /// The target group the new revision starts in.
    pub alternate_target_group_arn: Value<String>,
    /// The listener rule whose forward weights ECS moves.
    pub production_listener_rule: Option<Value<String>>,
    /// The role ECS assumes to change the rule.
    pub role_arn: Option<Value<String>>,
}

/// A Cloud Map registration of a service.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServiceRegistry {
    /// The Cloud Map service ARN.
    pub registry_arn: Value<String>,
}

/// Deployment bounds and circuit breaker of a service.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentConfiguration {
    /// Lower bound of running tasks during a deployment, in percent.
    pub minimum_healthy_percent: Option<Value<u32>>,
    /// Upper bound of running tasks during a deployment, in percent.
    pub maximum_percent: Option<Value<u32>>,
    /// Stop (and optionally roll back) failing deployments.
    pub deployment_circuit_breaker: Option<DeploymentCircuitBreaker>,
    /// `ROLLING`, `BLUE_GREEN`, `CANARY` or `LINEAR`.
    pub strategy: Option<Value<String>>,
    /// Minutes both revisions run after production traffic has shifted.
    pub bake_time_in_minutes: Option<Value<u32>>,
    /// The canary's share and minutes.
    pub canary_configuration: Option<CanaryConfiguration>,
    /// The linear steps and minutes.
    pub linear_configuration: Option<LinearConfiguration>,
    /// Alarms that fail (and roll back) a deployment.
    pub alarms: Option<DeploymentAlarms>,
}

/// A canary deployment's first shift.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CanaryConfiguration {
    /// Percent of production traffic shifted first.
    pub canary_percent: Value<f64>,
    /// Minutes before the rest shifts.
    pub canary_bake_time_in_minutes: Value<u32>,
}

/// A linear deployment's steps.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LinearConfiguration {
    /// Percent of production traffic shifted per step.
    pub step_percent: Value<f64>,
    /// Minutes between steps.
    pub step_bake_time_in_minutes: Value<u32>,
}

/// CloudWatch alarms watched during a deployment.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentAlarms {
    /// The alarms' names.
    pub alarm_names: Vec<Value<String>>,
    /// Whether they are watched.
    pub enable: Value<bool>,
    /// Whether one in `ALARM` rolls the deployment back.
    pub rollback: Value<bool>,
}

/// The deployment circuit breaker.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeploymentCircuitBreaker {
    /// Whether the breaker is on.
    pub enable: Value<bool>,
    /// Whether a failed deployment rolls back.
    pub rollback: Value<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::num_str;
    use serde_json::json;

    #[test]
    fn task_definition_serializes_string_cpu_and_memory() -> Result<(), Box<dyn std::error::Error>>
    {
        let task = TaskDefinition {
            family: Some(lit("web")),
            cpu: Some(num_str(256)),
            memory: Some(num_str(512)),
            network_mode: Some(lit("awsvpc")),
            requires_compatibilities: vec![lit("FARGATE")],
            execution_role_arn: Some(Value::get_att("ExecRole", "Arn")),
            runtime_platform: Some(RuntimePlatform {
                cpu_architecture: Some(lit("ARM64")),
                operating_system_family: Some(lit("LINUX")),
            }),
            ..TaskDefinition::new(vec![ContainerDefinition {
                essential: Some(Value::Lit(true)),
                port_mappings: vec![PortMapping::tcp(8080)],
                log_configuration: Some(LogConfiguration::awslogs(Value::r#ref("WebLogs"), "web")),
                environment: vec![KeyValuePair {
                    name: lit("PORT"),
                    value: lit("8080"),
                }],
                readonly_root_filesystem: Some(Value::Lit(true)),
                ..ContainerDefinition::new("web", "nginx:1.27")
            }])
        };
        assert_eq!(
            serde_json::to_value(&task)?,
            json!({
                "Family": "web",
                "Cpu": "256",
                "Memory": "512",
                "NetworkMode": "awsvpc",
                "RequiresCompatibilities": ["FARGATE"],
                "ExecutionRoleArn": {"Fn::GetAtt": ["ExecRole", "Arn"]},
                "RuntimePlatform": {"CpuArchitecture": "ARM64", "OperatingSystemFamily": "LINUX"},
                "ContainerDefinitions": [{
                    "Name": "web",
                    "Image": "nginx:1.27",
                    "Essential": true,
                    "PortMappings": [{"ContainerPort": 8080, "Protocol": "tcp"}],
                    "LogConfiguration": {
                        "LogDriver": "awslogs",
                        "Options": {
                            "awslogs-group": {"Ref": "WebLogs"},
                            "awslogs-region": {"Ref": "AWS::Region"},
                            "awslogs-stream-prefix": "web"
                        }
                    },
                    "Environment": [{"Name": "PORT", "Value": "8080"}],
                    "ReadonlyRootFilesystem": true
                }]
            })
        );
        Ok(())
    }

    #[test]
    fn service_serializes_awsvpc_configuration() -> Result<(), Box<dyn std::error::Error>> {
        let service = Service {
            launch_type: Some(lit("FARGATE")),
            desired_count: Some(Value::Lit(2)),
            network_configuration: Some(NetworkConfiguration {
                awsvpc_configuration: AwsVpcConfiguration {
                    subnets: vec![Value::r#ref("PrivateA")],
                    security_groups: vec![Value::get_att("WebSg", "GroupId")],
                    assign_public_ip: Some(lit("DISABLED")),
                },
            }),
            load_balancers: vec![LoadBalancer {
                container_name: lit("web"),
                container_port: Value::Lit(8080),
                target_group_arn: Value::r#ref("WebTargets"),
                advanced_configuration: None,
            }],
            service_registries: vec![ServiceRegistry {
                registry_arn: Value::get_att("WebDiscovery", "Arn"),
            }],
            deployment_configuration: Some(DeploymentConfiguration {
                minimum_healthy_percent: Some(Value::Lit(100)),
                maximum_percent: Some(Value::Lit(200)),
                deployment_circuit_breaker: Some(DeploymentCircuitBreaker {
                    enable: Value::Lit(true),
                    rollback: Value::Lit(true),
                }),
                ..Default::default()
            }),
            health_check_grace_period_seconds: Some(Value::Lit(60)),
            enable_execute_command: Some(Value::Lit(false)),
            propagate_tags: Some(lit("SERVICE")),
            ..Service::new(Value::r#ref("Cluster"), Value::r#ref("WebTask"))
        };
        assert_eq!(
            serde_json::to_value(&service)?,
            json!({
                "Cluster": {"Ref": "Cluster"},
                "TaskDefinition": {"Ref": "WebTask"},
                "LaunchType": "FARGATE",
                "DesiredCount": 2,
                "NetworkConfiguration": {
                    "AwsvpcConfiguration": {
                        "Subnets": [{"Ref": "PrivateA"}],
                        "SecurityGroups": [{"Fn::GetAtt": ["WebSg", "GroupId"]}],
                        "AssignPublicIp": "DISABLED"
                    }
                },
                "LoadBalancers": [{
                    "ContainerName": "web",
                    "ContainerPort": 8080,
                    "TargetGroupArn": {"Ref": "WebTargets"}
                }],
                "ServiceRegistries": [{"RegistryArn": {"Fn::GetAtt": ["WebDiscovery", "Arn"]}}],
                "DeploymentConfiguration": {
                    "MinimumHealthyPercent": 100,
                    "MaximumPercent": 200,
                    "DeploymentCircuitBreaker": {"Enable": true, "Rollback": true}
                },
                "HealthCheckGracePeriodSeconds": 60,
                "EnableExecuteCommand": false,
                "PropagateTags": "SERVICE"
            })
        );

        let cluster = Cluster {
            cluster_settings: vec![ClusterSetting::container_insights("enabled")],
            tags: Vec::new(),
        };
        assert_eq!(
            serde_json::to_value(&cluster)?,
            json!({"ClusterSettings": [{"Name": "containerInsights", "Value": "enabled"}]})
        );
        Ok(())
    }
}
