//! ECS Fargate services: routed by path from the load balancer, registered in Cloud Map,
//! scaled on CPU, rolled out as the stage file chooses (see `rollout`).

use super::SynthError;
use super::context::{Ctx, att, r};
use crate::cfn::resources::{
    NumStr, applicationautoscaling as aas, ecs, elbv2, logs, servicediscovery as sd,
};
use crate::cfn::{LogicalId, Value, lit};
use std::collections::BTreeMap;

/// Logical ID of the task execution role (pulls images, writes logs).
pub const EXECUTION_ROLE: &str = "ServiceExecutionRole";
/// Logical ID of the task role (what the application may call).
pub const TASK_ROLE: &str = "ServiceTaskRole";

/// Add the cluster, the namespace and each service.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let services = ctx.stage.compute.services.clone();
    if services.is_empty() {
        return Ok(());
    }
    let (Some(sg), Some(listener)) = (ctx.known.services_sg.clone(), ctx.known.listener.clone())
    else {
        return Err(SynthError::reference(
            "compute.services",
            "container services need a load balancer: add `load_balancer:` to the stage"
                .to_string(),
        ));
    };
    let cluster = ctx.add(
        "ServicesCluster",
        &ecs::Cluster {
            cluster_settings: vec![ecs::ClusterSetting {
                name: lit("containerInsights"),
                value: lit("enabled"),
            }],
            tags: ctx.tags("services"),
        },
    )?;
    let namespace = ctx.add(
        "ServiceDiscoveryNamespace",
        &sd::PrivateDnsNamespace {
            name: lit(ctx.stage.compute.discovery_namespace.clone()),
            vpc: r(&ctx.net.vpc),
            description: Some(lit("Service discovery for the container services")),
        },
    )?;
    let subnets: Vec<Value<String>> = ctx.app_subnets().iter().map(|s| r(s)).collect();
    let settings: Vec<ecs::KeyValuePair> = super::settings::settings(ctx)
        .iter()
        .map(|s| ecs::KeyValuePair {
            name: lit(s.name.clone()),
            value: s.as_value(),
        })
        .collect();

    for (index, service) in services.iter().enumerate() {
        let name = service.name.as_str();
        let team = team_environment(index, service, &settings)?;
        let routing = super::rollout::target_groups(ctx, service)?;
        let priority = u32::try_from(index + 1)
            .unwrap_or(u32::MAX)
            .saturating_mul(10);
        let rule = ctx.add(
            LogicalId::new([name, "ListenerRule"]),
            &elbv2::ListenerRule {
                listener_arn: r(&listener),
                priority: Value::Lit(priority),
                conditions: vec![elbv2::RuleCondition::path_pattern(vec![lit(service
                    .path
                    .clone())])],
                actions: vec![routing.action()],
            },
        )?;
        let log_group = ctx.add(
            LogicalId::new([name, "LogGroup"]),
            &logs::LogGroup {
                retention_in_days: Some(Value::Lit(30)),
                kms_key_id: super::encryption::key_arn(ctx),
                ..Default::default()
            },
        )?;
        let mut log_options = BTreeMap::new();
        log_options.insert("awslogs-group".to_string(), r(&log_group));
        log_options.insert("awslogs-region".to_string(), r("AWS::Region"));
        log_options.insert("awslogs-stream-prefix".to_string(), lit(name));
        let task = ctx.add(
            LogicalId::new([name, "TaskDefinition"]),
            &ecs::TaskDefinition {
                family: Some(Value::sub(format!("${{AWS::StackName}}-{name}"))),
                cpu: Some(Value::Lit(NumStr(service.cpu))),
                memory: Some(Value::Lit(NumStr(service.memory))),
                network_mode: Some(lit("awsvpc")),
                requires_compatibilities: vec![lit("FARGATE")],
                execution_role_arn: Some(att(EXECUTION_ROLE, "Arn")),
                task_role_arn: Some(att(TASK_ROLE, "Arn")),
                runtime_platform: Some(ecs::RuntimePlatform {
                    cpu_architecture: Some(lit("X86_64")),
                    operating_system_family: Some(lit("LINUX")),
                }),
                container_definitions: vec![ecs::ContainerDefinition {
                    essential: Some(Value::Lit(true)),
                    port_mappings: vec![ecs::PortMapping {
                        container_port: Value::Lit(service.port),
                        protocol: Some(lit("tcp")),
                    }],
                    log_configuration: Some(ecs::LogConfiguration {
                        log_driver: lit("awslogs"),
                        options: log_options,
                    }),
                    // The task role is granted what the web tier is; the task is told the same,
                    // and the team's own environment besides.
                    environment: settings.iter().cloned().chain(team.plain).collect(),
                    secrets: team.injected,
                    command: service.command.iter().map(|c| lit(c.clone())).collect(),
                    ..ecs::ContainerDefinition::new(lit(name), lit(service.image.clone()))
                }],
                tags: ctx.tags(name),
            },
        )?;
        let discovery = ctx.add(
            LogicalId::new([name, "Discovery"]),
            &sd::Service {
                name: Some(lit(name)),
                namespace_id: Some(att(&namespace, "Id")),
                dns_config: Some(sd::DnsConfig {
                    dns_records: vec![sd::DnsRecord {
                        record_type: lit("A"),
                        ttl: Value::Lit(10),
                    }],
                    routing_policy: Some(lit("MULTIVALUE")),
                }),
                health_check_custom_config: Some(sd::HealthCheckCustomConfig {
                    failure_threshold: Some(Value::Lit(1)),
                }),
            },
        )?;
        let deployment = routing.deployment(ctx, service)?;
        // A traffic-shifting service names its rule, which orders it already.
        let after: Vec<&str> = if routing.alternate.is_some() {
            Vec::new()
        } else {
            vec![rule.as_str()]
        };
        let ecs_service = ctx.add_after(
            LogicalId::new([name, "Service"]),
            &ecs::Service {
                launch_type: Some(lit("FARGATE")),
                desired_count: Some(Value::Lit(service.desired)),
                network_configuration: Some(ecs::NetworkConfiguration {
                    awsvpc_configuration: ecs::AwsVpcConfiguration {
                        subnets: subnets.clone(),
                        security_groups: vec![r(&sg)],
                        assign_public_ip: Some(lit("DISABLED")),
                    },
                }),
                load_balancers: vec![routing.load_balancer(service, &rule)],
                service_registries: vec![ecs::ServiceRegistry {
                    registry_arn: att(&discovery, "Arn"),
                }],
                deployment_configuration: Some(deployment),
                health_check_grace_period_seconds: Some(Value::Lit(60)),
                propagate_tags: Some(lit("SERVICE")),
                tags: ctx.tags(name),
                ..ecs::Service::new(r(&cluster), r(&task))
            },
            &after,
        )?;
        let target = ctx.add(
            LogicalId::new([name, "ScalableTarget"]),
            &aas::ScalableTarget {
                max_capacity: Value::Lit(service.max),
                min_capacity: Value::Lit(service.min),
                resource_id: Value::sub(format!("service/${{{cluster}}}/${{{ecs_service}.Name}}")),
                scalable_dimension: lit("ecs:service:DesiredCount"),
                service_namespace: lit("ecs"),
            },
        )?;
        ctx.add(
            LogicalId::new([name, "CpuScalingPolicy"]),
            &aas::ScalingPolicy {
                policy_name: Value::sub(format!("${{AWS::StackName}}-{name}-cpu")),
                policy_type: lit("TargetTrackingScaling"),
                scaling_target_id: Some(r(&target)),
                target_tracking_scaling_policy_configuration: Some(
                    aas::TargetTrackingScalingPolicyConfiguration {
                        target_value: Value::Lit(service.cpu_target),
                        predefined_metric_specification: Some(aas::PredefinedMetricSpecification {
                            predefined_metric_type: lit("ECSServiceAverageCPUUtilization"),
                            resource_label: None,
                        }),
                        scale_in_cooldown: Some(Value::Lit(120)),
                        scale_out_cooldown: Some(Value::Lit(60)),
                    },
                ),
            },
        )?;
    }
    ctx.output(
        "ServicesClusterName",
        "ECS cluster of the container services",
        r(&cluster),
    )?;
    Ok(())
}

/// A service's own environment: plain values, and what ECS injects from secrets and
/// parameters.
struct TeamEnvironment {
    plain: Vec<ecs::KeyValuePair>,
    injected: Vec<ecs::Secret>,
}

/// The `ValueFrom` of a setting ECS injects: a secret's full ARN (with `:<key>::` for a JSON
/// field), or a parameter's ARN in the stack's region.
pub fn value_from(setting: &crate::stage::AppSetting) -> Option<Value<String>> {
    use crate::stage::AppSetting;
    match setting {
        AppSetting::Plain(_) => None,
        AppSetting::Secret { secret, key } => Some(lit(match key {
            Some(key) => format!("{secret}:{key}::"),
            None => secret.clone(),
        })),
        AppSetting::Parameter { parameter } if parameter.starts_with("arn:") => {
            Some(lit(parameter.clone()))
        }
        AppSetting::Parameter { parameter } => Some(Value::sub(format!(
            "arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/{}",
            super::compute::sub_literal(parameter.trim_start_matches('/'))
        ))),
    }
}

fn team_environment(
    index: usize,
    service: &crate::stage::ContainerService,
    settings: &[ecs::KeyValuePair],
) -> Result<TeamEnvironment, SynthError> {
    use crate::stage::AppSetting;
    let mut team = TeamEnvironment {
        plain: Vec::new(),
        injected: Vec::new(),
    };
    for (name, setting) in &service.environment {
        if settings.iter().any(|s| s.name == lit(name.clone())) {
            return Err(SynthError::reference(
                format!("compute.services[{index}].environment.{name}"),
                format!(
                    "scalectl already sets `{name}` (from what the service is granted); give yours another name"
                ),
            ));
        }
        match setting {
            AppSetting::Plain(value) => team.plain.push(ecs::KeyValuePair {
                name: lit(name.clone()),
                value: lit(value.text()),
            }),
            other => {
                if let Some(value_from) = value_from(other) {
                    team.injected.push(ecs::Secret {
                        name: lit(name.clone()),
                        value_from,
                    });
                }
            }
        }
    }
    Ok(team)
}
