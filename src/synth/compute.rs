//! The EC2 web tier: a launch template (IMDSv2, encrypted root volume, user data from
//! templates/), then either one instance with an Elastic IP or an Auto Scaling group with
//! target-tracking policies and an optional Spot mix.

use super::context::{Ctx, att, r};
use super::settings::{self, SettingValue};
use super::{SynthError, userdata};
use crate::catalog::is_arm64;
use crate::cfn::resources::{NumStr, autoscaling, ec2};
use crate::cfn::template::Parameter;
use crate::cfn::{LogicalId, Value, lit};
use crate::stage::WebMode;
use serde_json::json;
use std::collections::BTreeMap;

/// The template parameter holding the web tier's AMI, pinned by deploy.
pub const AMI_PARAMETER: &str = "WebAmiId";

/// Logical ID of the web tier's instance profile (built by the IAM layer).
pub const INSTANCE_PROFILE: &str = "WebInstanceProfile";

/// The SSM public parameter for the latest Amazon Linux 2023 AMI of an architecture.
pub fn ami_parameter_path(instance_type: &str) -> &'static str {
    if is_arm64(instance_type) {
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
    } else {
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    }
}

/// Declare the web tier's AMI parameter. An image ID is its default, so a new ID in the
/// stage file is a new template value (a launch-template version, rolled out); a Systems
/// Manager path, the team's or Amazon Linux's, is pinned by deploy.
fn image_parameter(
    ctx: &mut Ctx<'_>,
    image: Option<&str>,
    instance_type: &str,
) -> Result<(), SynthError> {
    let (description, default) = match image {
        Some(id) if crate::stage::app::is_ami_id(id) => (
            format!("AMI of the web tier: {id}, the stage file's compute.web.image"),
            Some(id.to_string()),
        ),
        _ => {
            let ssm_path = image.unwrap_or_else(|| ami_parameter_path(instance_type));
            ctx.pins.push(super::Pin {
                parameter: AMI_PARAMETER.to_string(),
                ssm_path: ssm_path.to_string(),
            });
            (
                format!(
                    "AMI of the web tier. scalectl deploy pins it: resolved once from {ssm_path} at the stack's first deploy, then kept until deploy --refresh-images"
                ),
                None,
            )
        }
    };
    ctx.template.parameter(
        &LogicalId::from(AMI_PARAMETER),
        Parameter {
            param_type: "AWS::EC2::Image::Id".to_string(),
            description,
            default,
        },
    )?;
    Ok(())
}

/// Add the web tier.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let web = ctx.stage.compute.web.clone();
    let Some(web_sg) = ctx.known.web_sg.clone() else {
        return Ok(());
    };
    image_parameter(ctx, web.image.as_deref(), &web.instance_type)?;

    let (script, vars) = user_data(ctx)?;
    let user_data = Value::base64(if vars.is_empty() && !script.contains("${") {
        lit(script)
    } else {
        Value::Sub(script, vars)
    });
    let root_volume = |delete_on_termination: bool| ec2::BlockDeviceMapping {
        device_name: lit("/dev/xvda"),
        ebs: Some(ec2::Ebs {
            volume_size: Some(Value::Lit(web.volume_gb)),
            volume_type: Some(lit("gp3")),
            encrypted: Some(Value::Lit(true)),
            delete_on_termination: Some(Value::Lit(delete_on_termination)),
        }),
    };
    match web.mode {
        WebMode::Single => single_box(ctx, &web_sg, user_data, root_volume(false)),
        WebMode::Fleet => {
            let launch_template = ctx.add(
                "WebLaunchTemplate",
                &ec2::LaunchTemplate {
                    launch_template_name: None,
                    launch_template_data: ec2::LaunchTemplateData {
                        image_id: Some(r(AMI_PARAMETER)),
                        instance_type: Some(lit(web.instance_type.clone())),
                        iam_instance_profile: Some(ec2::IamInstanceProfile {
                            arn: att(INSTANCE_PROFILE, "Arn"),
                        }),
                        security_group_ids: vec![r(&web_sg)],
                        user_data: Some(user_data),
                        metadata_options: Some(ec2::MetadataOptions::imdsv2()),
                        block_device_mappings: vec![root_volume(true)],
                        monitoring: Some(ec2::Monitoring {
                            enabled: Value::Lit(true),
                        }),
                        tag_specifications: ["instance", "volume"]
                            .iter()
                            .map(|kind| ec2::TagSpecification {
                                resource_type: lit(*kind),
                                tags: ctx.tags("web"),
                            })
                            .collect(),
                    },
                },
            )?;
            fleet(ctx, &launch_template)
        }
    }
}

/// The single box. Its launch settings are the instance's own properties, not a launch
/// template: an instance's `LaunchTemplate` is create-only, so each new template version
/// would replace the box. Changing its type or user data stops and starts it instead, and
/// only a new image replaces it. The root volume outlives the instance
/// (`DeleteOnTermination: false`), and while the box runs the stage's database the
/// instance is marked as holding data, so the data-loss guard refuses its replacement.
fn single_box(
    ctx: &mut Ctx<'_>,
    web_sg: &str,
    user_data: Value<String>,
    root_volume: ec2::BlockDeviceMapping,
) -> Result<(), SynthError> {
    let web = ctx.stage.compute.web.clone();
    let subnet = ctx.net.public.first().cloned().ok_or_else(|| {
        SynthError::network(
            "network.subnets.public",
            "the single box needs a public subnet",
        )
    })?;
    let box_ = ec2::Instance {
        image_id: Some(r(AMI_PARAMETER)),
        instance_type: Some(lit(web.instance_type.clone())),
        iam_instance_profile: Some(r(INSTANCE_PROFILE)),
        security_group_ids: vec![r(web_sg)],
        user_data: Some(user_data),
        metadata_options: Some(ec2::MetadataOptions::imdsv2()),
        block_device_mappings: vec![root_volume],
        monitoring: Some(Value::Lit(false)),
        propagate_tags_to_volume_on_creation: Some(Value::Lit(true)),
        launch_template: None,
        subnet_id: Some(r(&subnet)),
        tags: ctx.tags("web"),
    };
    let instance = ctx.add_shaped("WebInstance", &box_, |resource| {
        if web.runs_database {
            resource.holding_data("the stage's PostgreSQL database, on its root volume")
        } else {
            resource
        }
    })?;
    let eip = ctx.add_after(
        "WebEip",
        &ec2::Eip {
            domain: Some(lit("vpc")),
            instance_id: Some(r(&instance)),
            tags: ctx.tags("web"),
        },
        &["InternetGatewayAttachment"],
    )?;
    ctx.known.instance = Some(instance.clone());
    ctx.known.eip = Some(eip.clone());
    ctx.output("WebPublicIp", "Elastic IP of the web box", r(&eip))?;
    ctx.output("WebInstanceId", "The web box", r(&instance))?;
    Ok(())
}

fn fleet(ctx: &mut Ctx<'_>, launch_template: &str) -> Result<(), SynthError> {
    let web = ctx.stage.compute.web.clone();
    let spec = autoscaling::LaunchTemplateSpecification::latest(launch_template);
    let (launch, mixed) = match &web.spot {
        None => (Some(spec), None),
        Some(spot) => {
            let mut types = vec![web.instance_type.clone()];
            types.extend(
                spot.instance_types
                    .iter()
                    .filter(|t| **t != web.instance_type)
                    .cloned(),
            );
            let policy = autoscaling::MixedInstancesPolicy {
                launch_template: autoscaling::LaunchTemplate {
                    launch_template_specification: spec,
                    overrides: types
                        .into_iter()
                        .map(|t| autoscaling::LaunchTemplateOverrides {
                            instance_type: lit(t),
                        })
                        .collect(),
                },
                instances_distribution: Some(autoscaling::InstancesDistribution {
                    on_demand_base_capacity: Some(Value::Lit(spot.on_demand_base)),
                    on_demand_percentage_above_base_capacity: Some(Value::Lit(
                        spot.on_demand_percent_above_base,
                    )),
                    spot_allocation_strategy: Some(lit("price-capacity-optimized")),
                    on_demand_allocation_strategy: Some(lit("prioritized")),
                }),
            };
            (None, Some(policy))
        }
    };
    let mut tags: Vec<autoscaling::TagProperty> = ctx
        .tags("web")
        .into_iter()
        .map(|t| autoscaling::TagProperty::propagated(t.key, t.value))
        .collect();
    tags.sort_by(|a, b| a.key.cmp(&b.key));
    let behind_lb = ctx.known.web_target_group.clone();
    // Scaling policies own the desired capacity: a value in the template would set the
    // fleet back to it on every deploy that updates the group (60 instances at a peak back
    // to 12). Without policies the stage's `desired` is the fleet.
    let desired = web
        .scaling
        .is_none()
        .then_some(Value::Lit(NumStr(web.desired)));
    let asg = autoscaling::AutoScalingGroup {
        desired_capacity: desired,
        vpc_zone_identifier: ctx.app_subnets().iter().map(|s| r(s)).collect(),
        launch_template: launch,
        capacity_rebalance: Some(Value::Lit(mixed.is_some())),
        mixed_instances_policy: mixed,
        target_group_arns: behind_lb.iter().map(|tg| r(tg)).collect(),
        health_check_type: Some(lit(if behind_lb.is_some() { "ELB" } else { "EC2" })),
        health_check_grace_period: Some(Value::Lit(300)),
        metrics_collection: vec![autoscaling::MetricsCollection::one_minute()],
        tags,
        ..autoscaling::AutoScalingGroup::new(web.min, web.max)
    };
    let pace = RollingPace::of(web.min, web.max);
    let asg_id = ctx.add_shaped(WEB_ASG, &asg, |resource| {
        resource.with_update_policy(pace.update_policy())
    })?;
    ctx.known.web_asg = Some(asg_id.clone());

    if let Some(scaling) = &web.scaling {
        if let Some(cpu) = scaling.cpu_target {
            ctx.add(
                "WebCpuScalingPolicy",
                &autoscaling::ScalingPolicy {
                    estimated_instance_warmup: Some(Value::Lit(scaling.warmup_seconds)),
                    ..autoscaling::ScalingPolicy::target_tracking(
                        r(&asg_id),
                        autoscaling::TargetTrackingConfiguration {
                            target_value: Value::Lit(cpu),
                            predefined_metric_specification: Some(
                                autoscaling::PredefinedMetricSpecification {
                                    predefined_metric_type: lit("ASGAverageCPUUtilization"),
                                    resource_label: None,
                                },
                            ),
                            disable_scale_in: None,
                        },
                    )
                },
            )?;
        }
        if let (Some(requests), Some(alb), Some(tg)) = (
            scaling.requests_per_target,
            ctx.known.alb.clone(),
            ctx.known.web_target_group.clone(),
        ) {
            ctx.add(
                "WebRequestScalingPolicy",
                &autoscaling::ScalingPolicy {
                    estimated_instance_warmup: Some(Value::Lit(scaling.warmup_seconds)),
                    ..autoscaling::ScalingPolicy::target_tracking(
                        r(&asg_id),
                        autoscaling::TargetTrackingConfiguration {
                            target_value: Value::Lit(f64::from(requests)),
                            predefined_metric_specification: Some(
                                autoscaling::PredefinedMetricSpecification {
                                    predefined_metric_type: lit("ALBRequestCountPerTarget"),
                                    resource_label: Some(Value::join(
                                        "/",
                                        vec![
                                            att(&alb, "LoadBalancerFullName"),
                                            att(&tg, "TargetGroupFullName"),
                                        ],
                                    )),
                                },
                            ),
                            disable_scale_in: None,
                        },
                    )
                },
            )?;
        }
    }
    ctx.output(
        "WebAutoScalingGroupName",
        "The web tier's Auto Scaling group",
        r(&asg_id),
    )?;
    Ok(())
}

/// Logical ID of the web tier's Auto Scaling group (its instances signal it by this name).
pub const WEB_ASG: &str = "WebAutoScalingGroup";

/// How a rolling update replaces the fleet: a fifth of the group's maximum at a time,
/// each batch gated on its instances' signals (sent once the load balancer, or the local
/// health check without one, sees them healthy), keeping the group's minimum in service.
///
/// CloudFormation requires `MinInstancesInService` below `MaxSize`, or the update fails;
/// a fixed fleet (min = max) keeps all but one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RollingPace {
    /// Instances replaced at once.
    pub batch: u32,
    /// Instances kept in service during the update.
    pub min_in_service: u32,
    /// How long a batch may take to signal before the update fails and rolls back.
    pub signal_timeout_minutes: u32,
}

impl RollingPace {
    /// The share of the fleet's maximum replaced per batch, in percent.
    pub const BATCH_PERCENT: u32 = 20;
    /// Minutes a new instance typically takes from launch to a healthy target (boot, the
    /// bootstrap's package installs, two load balancer health checks).
    pub const MINUTES_PER_BATCH: u32 = 6;

    /// The pace for a group of `min`..`max` instances.
    pub fn of(min: u32, max: u32) -> Self {
        RollingPace {
            batch: max.saturating_mul(Self::BATCH_PERCENT).div_ceil(100).max(1),
            min_in_service: min.min(max.saturating_sub(1)),
            signal_timeout_minutes: 15,
        }
    }

    /// Batches a rolling update of `instances` takes.
    pub fn batches(&self, instances: u32) -> u32 {
        instances.div_ceil(self.batch.max(1))
    }

    /// Estimated minutes to roll `instances` at this pace.
    pub fn estimated_minutes(&self, instances: u32) -> u32 {
        self.batches(instances) * Self::MINUTES_PER_BATCH
    }

    /// The group's `UpdatePolicy`.
    pub fn update_policy(&self) -> serde_json::Value {
        // `IgnoreUnmodifiedGroupSizeProperties`: a deploy that does not change MinSize or
        // MaxSize leaves the group's sizes as scaling set them.
        json!({
            "AutoScalingScheduledAction": {"IgnoreUnmodifiedGroupSizeProperties": true},
            "AutoScalingRollingUpdate": {
                "MaxBatchSize": self.batch,
                "MinInstancesInService": self.min_in_service,
                "PauseTime": format!("PT{}M", self.signal_timeout_minutes),
                "WaitOnResourceSignals": true,
                "SuspendProcesses": ["HealthCheck", "ReplaceUnhealthy", "AZRebalance", "AlarmNotification", "ScheduledActions"]
            }
        })
    }
}

#[derive(serde::Serialize)]
struct ScriptContext<'a> {
    stage: &'a str,
    runs_database: bool,
    /// The env file's lines: `NAME` and the text after `=` (a `${Variable}` of the
    /// `Fn::Sub` for values read from resources).
    settings: Vec<(String, String)>,
    health_check_path: &'a str,
    app_port: u16,
    signal_resource: &'a str,
    target_group: bool,
    /// The single box's public name, when it gets a Let's Encrypt certificate.
    site_name: Option<String>,
    /// Where Let's Encrypt sends expiry notices.
    contact_email: Option<String>,
    /// The team's settings, by name.
    app_settings: Vec<AppLine>,
    /// The team's bootstrap script, escaped for `Fn::Sub`.
    bootstrap: Option<String>,
}

/// One of the team's settings as the script writes it: values shell-quoted and escaped for
/// `Fn::Sub` (a `${` in them is text).
#[derive(serde::Serialize)]
struct AppLine {
    name: String,
    /// `plain`, `secret` or `parameter`.
    kind: &'static str,
    /// The value, the secret's ID or the parameter's name.
    value: String,
    /// The JSON field of a secret.
    key: Option<String>,
}

/// `text` as one shell word in single quotes.
fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// Text that `Fn::Sub` leaves as it is: `${` becomes `${!`.
pub fn sub_literal(text: &str) -> String {
    text.replace("${", "${!")
}

fn app_lines(web: &crate::stage::WebTier) -> Vec<AppLine> {
    use crate::stage::AppSetting;
    web.settings
        .iter()
        .map(|(name, setting)| {
            let (kind, value, key) = match setting {
                AppSetting::Plain(v) => ("plain", v.text(), None),
                AppSetting::Secret { secret, key } => ("secret", secret.clone(), key.clone()),
                AppSetting::Parameter { parameter } => ("parameter", parameter.clone(), None),
            };
            AppLine {
                name: name.clone(),
                kind,
                value: sub_literal(&shell_quoted(&value)),
                key: key.map(|k| sub_literal(&shell_quoted(&k))),
            }
        })
        .collect()
}

/// The user-data script and the `Fn::Sub` variables it uses.
fn user_data(ctx: &Ctx<'_>) -> Result<(String, BTreeMap<String, Value<String>>), SynthError> {
    let web = &ctx.stage.compute.web;
    let mut vars = BTreeMap::new();
    let mut lines = Vec::new();
    for setting in settings::settings(ctx) {
        let text = match &setting.value {
            SettingValue::Text(text) => text.clone(),
            SettingValue::Read(value) => {
                let variable = setting.variable();
                vars.insert(variable.clone(), value.clone());
                format!("${{{variable}}}")
            }
        };
        lines.push((setting.name, text));
    }
    if let Some((name, _)) = lines
        .iter()
        .find(|(name, _)| web.settings.contains_key(name))
    {
        return Err(SynthError::reference(
            format!("compute.web.settings.{name}"),
            format!(
                "scalectl already sets `{name}` (from what the application is granted); give your setting another name"
            ),
        ));
    }
    if web.mode == WebMode::Fleet
        && let Some(tg) = &ctx.known.web_target_group
    {
        vars.insert("WebTargetGroupArn".to_string(), r(tg));
    }
    let context = ScriptContext {
        stage: &ctx.stage.name,
        runs_database: web.runs_database,
        settings: lines,
        health_check_path: &web.health_check_path,
        app_port: web.app_port,
        signal_resource: WEB_ASG,
        target_group: ctx.known.web_target_group.is_some(),
        site_name: match (&ctx.stage.dns, web.mode) {
            (Some(dns), WebMode::Single) => {
                Some(super::dns::names(dns).0.trim_end_matches('.').to_string())
            }
            _ => None,
        },
        contact_email: ctx
            .stage
            .observability
            .as_ref()
            .and_then(|o| o.notify_email.clone()),
        app_settings: app_lines(web),
        bootstrap: web.bootstrap.as_deref().map(|b| sub_literal(b.trim_end())),
    };
    let name = match web.mode {
        WebMode::Single => "user-data-single.sh",
        WebMode::Fleet => "user-data-fleet.sh",
    };
    Ok((userdata::render(name, &context)?, vars))
}
