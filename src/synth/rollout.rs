//! How a container service rolls out a new version. The rolling update keeps ECS's
//! circuit breaker; blue/green, canary and linear add a second (alternate) target group
//! behind the same listener rule, a weighted forward that ECS moves, the role ECS moves it
//! with, and alarms on both target groups' health that fail and roll back a deployment.

use super::SynthError;
use super::context::{Ctx, att, r};
use super::loadbalancer::target_group;
use crate::cfn::resources::{cloudwatch, ecs, elbv2};
use crate::cfn::{LogicalId, Value, lit};
use crate::stage::{ContainerService, Strategy};

/// Logical ID of the role ECS assumes to move listener-rule weights.
pub const TRAFFIC_ROLE: &str = "ServiceTrafficRole";

/// The load-balancer side of a service's rollout.
pub struct Routing {
    /// The production target group.
    pub target_group: String,
    /// The alternate target group, for traffic-shifting strategies.
    pub alternate: Option<String>,
}

/// Add the service's target group(s).
pub fn target_groups(ctx: &mut Ctx<'_>, service: &ContainerService) -> Result<Routing, SynthError> {
    let name = service.name.as_str();
    let tg = target_group(ctx, "ip", service.port, &service.health_check_path, name);
    let primary = ctx.add(LogicalId::new([name, "TargetGroup"]), &tg)?;
    let alternate = if service.rollout.strategy.shifts_traffic() {
        let tg = target_group(
            ctx,
            "ip",
            service.port,
            &service.health_check_path,
            &format!("{name}-alternate"),
        );
        Some(ctx.add(LogicalId::new([name, "AlternateTargetGroup"]), &tg)?)
    } else {
        None
    };
    Ok(Routing {
        target_group: primary,
        alternate,
    })
}

impl Routing {
    /// The listener rule's action: one target group, or both weighted 100/0 so ECS can
    /// move the weights. ECS owns the weights from the first deployment on; the template
    /// never changes them (see the update rule `traffic-owned`).
    pub fn action(&self) -> elbv2::Action {
        match &self.alternate {
            None => elbv2::Action::forward(r(&self.target_group)),
            Some(alternate) => elbv2::Action::forward_weighted(vec![
                (r(&self.target_group), 100),
                (r(alternate), 0),
            ]),
        }
    }

    /// The service's registration with the load balancer.
    pub fn load_balancer(&self, service: &ContainerService, rule: &str) -> ecs::LoadBalancer {
        ecs::LoadBalancer {
            container_name: lit(service.name.clone()),
            container_port: Value::Lit(service.port),
            target_group_arn: r(&self.target_group),
            advanced_configuration: self.alternate.as_ref().map(|alternate| {
                ecs::AdvancedConfiguration {
                    alternate_target_group_arn: r(alternate),
                    production_listener_rule: Some(r(rule)),
                    role_arn: Some(att(TRAFFIC_ROLE, "Arn")),
                }
            }),
        }
    }

    /// The service's deployment configuration, with the health alarms of a
    /// traffic-shifting strategy added to the stack.
    pub fn deployment(
        &self,
        ctx: &mut Ctx<'_>,
        service: &ContainerService,
    ) -> Result<ecs::DeploymentConfiguration, SynthError> {
        let rollout = &service.rollout;
        let breaker = Some(ecs::DeploymentCircuitBreaker {
            enable: Value::Lit(true),
            rollback: Value::Lit(true),
        });
        let Some(alternate) = &self.alternate else {
            return Ok(ecs::DeploymentConfiguration {
                minimum_healthy_percent: Some(Value::Lit(100)),
                maximum_percent: Some(Value::Lit(200)),
                deployment_circuit_breaker: breaker,
                ..Default::default()
            });
        };
        let alarms = [
            health_alarm(ctx, service, &self.target_group, "TargetGroup")?,
            health_alarm(ctx, service, alternate, "AlternateTargetGroup")?,
        ];
        let strategy = rollout.strategy;
        Ok(ecs::DeploymentConfiguration {
            strategy: Some(lit(strategy.cfn_name())),
            bake_time_in_minutes: Some(Value::Lit(rollout.bake())),
            // AWS's circuit breaker covers rolling and blue/green deployments; canary and
            // linear ones fail on the alarms alone.
            deployment_circuit_breaker: if strategy == Strategy::BlueGreen {
                breaker
            } else {
                None
            },
            canary_configuration: (strategy == Strategy::Canary).then(|| {
                let (percent, minutes) = rollout.canary();
                ecs::CanaryConfiguration {
                    canary_percent: Value::Lit(percent),
                    canary_bake_time_in_minutes: Value::Lit(minutes),
                }
            }),
            linear_configuration: (strategy == Strategy::Linear).then(|| {
                let (percent, minutes) = rollout.linear();
                ecs::LinearConfiguration {
                    step_percent: Value::Lit(percent),
                    step_bake_time_in_minutes: Value::Lit(minutes),
                }
            }),
            alarms: Some(ecs::DeploymentAlarms {
                alarm_names: alarms.iter().map(|a| r(a)).collect(),
                enable: Value::Lit(true),
                rollback: Value::Lit(true),
            }),
            ..Default::default()
        })
    }
}

/// An alarm that goes off when a target group has unhealthy targets for two minutes
/// running; ECS fails and rolls back a deployment while it is in `ALARM`.
fn health_alarm(
    ctx: &mut Ctx<'_>,
    service: &ContainerService,
    target_group: &str,
    which: &str,
) -> Result<String, SynthError> {
    let Some(alb) = ctx.known.alb.clone() else {
        return Err(SynthError::reference(
            "compute.services",
            "a traffic-shifting rollout needs the load balancer".to_string(),
        ));
    };
    let name = service.name.as_str();
    let alarm = cloudwatch::Alarm {
        alarm_description: Some(lit(format!(
            "Service {name}: unhealthy targets in its {} ({}) roll a deployment back",
            if which == "TargetGroup" {
                "production target group"
            } else {
                "alternate target group"
            },
            service.rollout.strategy.name()
        ))),
        namespace: Some(lit("AWS/ApplicationELB")),
        metric_name: Some(lit("UnHealthyHostCount")),
        dimensions: vec![
            cloudwatch::Dimension {
                name: lit("LoadBalancer"),
                value: att(&alb, "LoadBalancerFullName"),
            },
            cloudwatch::Dimension {
                name: lit("TargetGroup"),
                value: att(target_group, "TargetGroupFullName"),
            },
        ],
        statistic: Some(lit("Maximum")),
        period: Some(Value::Lit(60)),
        datapoints_to_alarm: Some(Value::Lit(2)),
        threshold: Some(Value::Lit(0.0)),
        treat_missing_data: Some(lit("notBreaching")),
        ..cloudwatch::Alarm::new(lit("GreaterThanThreshold"), 2)
    };
    ctx.add(LogicalId::new([name, which, "UnhealthyAlarm"]), &alarm)
}
