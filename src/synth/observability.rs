//! CloudWatch alarms on the signals that page someone: fleet CPU, load balancer 5xx,
//! database CPU, queue age and dead-lettered messages, all notifying one SNS topic.

use super::SynthError;
use super::context::{Ctx, att, r};
use crate::cfn::resources::{cloudwatch, sns};
use crate::cfn::{LogicalId, Value, lit};

/// The SNS topic the alarms notify.
pub const ALARM_TOPIC: &str = "AlarmTopic";

/// Add the alarm topic (before other layers, so they could reference it).
pub fn alarm_topic(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let Some(obs) = ctx.stage.observability.clone() else {
        return Ok(());
    };
    // CloudWatch cannot publish to a topic encrypted with the AWS managed SNS key: the
    // stack's own key lets it (see `encryption`).
    let topic = ctx.add(
        ALARM_TOPIC,
        &sns::Topic {
            kms_master_key_id: super::encryption::key_arn(ctx),
            tags: ctx.tags("alarms"),
            ..Default::default()
        },
    )?;
    if let Some(email) = &obs.notify_email {
        ctx.add(
            "AlarmEmailSubscription",
            &sns::Subscription {
                topic_arn: r(&topic),
                protocol: lit("email"),
                endpoint: Some(lit(email.clone())),
                raw_message_delivery: None,
            },
        )?;
    }
    ctx.output("AlarmTopicArn", "SNS topic the alarms notify", r(&topic))?;
    ctx.known.alarm_topic = Some(topic);
    Ok(())
}

struct AlarmSpec<'a> {
    id: LogicalId,
    description: String,
    namespace: &'a str,
    metric: &'a str,
    dimension: (&'a str, Value<String>),
    statistic: &'a str,
    period: u32,
    periods: u32,
    threshold: f64,
    operator: &'a str,
}

/// Add the alarms.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let (Some(obs), Some(topic)) = (
        ctx.stage.observability.clone(),
        ctx.known.alarm_topic.clone(),
    ) else {
        return Ok(());
    };
    let mut alarms = Vec::new();
    if let Some(asg) = &ctx.known.web_asg {
        alarms.push(AlarmSpec {
            id: "WebCpuHighAlarm".into(),
            description: format!(
                "Web fleet CPU above {}% for 15 minutes",
                obs.cpu_high_percent
            ),
            namespace: "AWS/EC2",
            metric: "CPUUtilization",
            dimension: ("AutoScalingGroupName", r(asg)),
            statistic: "Average",
            period: 300,
            periods: 3,
            threshold: obs.cpu_high_percent,
            operator: "GreaterThanThreshold",
        });
    }
    if let Some(alb) = &ctx.known.alb {
        alarms.push(AlarmSpec {
            id: "LoadBalancer5xxAlarm".into(),
            description: format!(
                "More than {} 5xx responses a minute at the load balancer",
                obs.http_5xx_per_minute
            ),
            namespace: "AWS/ApplicationELB",
            metric: "HTTPCode_ELB_5XX_Count",
            dimension: ("LoadBalancer", att(alb, "LoadBalancerFullName")),
            statistic: "Sum",
            period: 60,
            periods: 5,
            threshold: f64::from(obs.http_5xx_per_minute),
            operator: "GreaterThanThreshold",
        });
    }
    for db in &ctx.known.databases {
        alarms.push(AlarmSpec {
            id: LogicalId::new([db, "CpuHighAlarm"]),
            description: format!("{db} CPU above {}% for 15 minutes", obs.db_cpu_high_percent),
            namespace: "AWS/RDS",
            metric: "CPUUtilization",
            dimension: ("DBInstanceIdentifier", r(db)),
            statistic: "Average",
            period: 300,
            periods: 3,
            threshold: obs.db_cpu_high_percent,
            operator: "GreaterThanThreshold",
        });
    }
    for (name, queue) in &ctx.known.queues {
        alarms.push(AlarmSpec {
            id: LogicalId::new([name, "QueueAgeAlarm"]),
            description: format!(
                "Oldest message in `{name}` older than {} s",
                obs.queue_age_seconds
            ),
            namespace: "AWS/SQS",
            metric: "ApproximateAgeOfOldestMessage",
            dimension: ("QueueName", att(queue, "QueueName")),
            statistic: "Maximum",
            period: 60,
            periods: 5,
            threshold: f64::from(obs.queue_age_seconds),
            operator: "GreaterThanThreshold",
        });
        let dlq = LogicalId::new([name, "DeadLetterQueue"]).to_string();
        alarms.push(AlarmSpec {
            id: LogicalId::new([name, "DeadLettersAlarm"]),
            description: format!("Messages from `{name}` reached its dead-letter queue"),
            namespace: "AWS/SQS",
            metric: "ApproximateNumberOfMessagesVisible",
            dimension: ("QueueName", att(&dlq, "QueueName")),
            statistic: "Maximum",
            period: 60,
            periods: 1,
            threshold: 0.0,
            operator: "GreaterThanThreshold",
        });
    }
    for spec in alarms {
        let alarm = cloudwatch::Alarm {
            alarm_description: Some(lit(spec.description)),
            namespace: Some(lit(spec.namespace)),
            metric_name: Some(lit(spec.metric)),
            dimensions: vec![cloudwatch::Dimension {
                name: lit(spec.dimension.0),
                value: spec.dimension.1,
            }],
            statistic: Some(lit(spec.statistic)),
            period: Some(Value::Lit(spec.period)),
            datapoints_to_alarm: Some(Value::Lit(spec.periods)),
            threshold: Some(Value::Lit(spec.threshold)),
            treat_missing_data: Some(lit("notBreaching")),
            alarm_actions: vec![r(&topic)],
            ok_actions: vec![r(&topic)],
            ..cloudwatch::Alarm::new(lit(spec.operator), spec.periods)
        };
        ctx.add(spec.id, &alarm)?;
    }
    Ok(())
}
