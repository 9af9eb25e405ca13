//! Asynchronous work: SQS queues (each with a dead-letter queue), SNS topics fanning out to
//! them, and Lambda workers draining them with partial-batch failure reporting.

use super::context::{Ctx, att, r};
use super::{SynthError, userdata};
use crate::cfn::resources::iam::{Policy, PolicyDocument, Statement};
use crate::cfn::resources::{iam, lambda, logs, sns, sqs};
use crate::cfn::template::Parameter;
use crate::cfn::{LogicalId, Value, lit};
use serde_json::json;

/// Days a dead-lettered message is kept (the SQS maximum).
pub const DLQ_RETENTION_SECONDS: u32 = 14 * 24 * 3600;

/// Add queues, topics and workers.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let Some(messaging) = ctx.stage.messaging.clone() else {
        return Ok(());
    };
    for queue in &messaging.queues {
        let dlq = ctx.add(
            LogicalId::new([&queue.name, "DeadLetterQueue"]),
            &sqs::Queue {
                message_retention_period: Some(Value::Lit(DLQ_RETENTION_SECONDS)),
                sqs_managed_sse_enabled: Some(Value::Lit(true)),
                tags: ctx.tags(&format!("{}-dlq", queue.name)),
                ..Default::default()
            },
        )?;
        let id = ctx.add(
            LogicalId::new([&queue.name, "Queue"]),
            &sqs::Queue {
                visibility_timeout: Some(Value::Lit(queue.visibility_timeout_seconds)),
                message_retention_period: Some(Value::Lit(queue.retention_days * 24 * 3600)),
                receive_message_wait_time_seconds: Some(Value::Lit(20)),
                redrive_policy: Some(sqs::RedrivePolicy {
                    dead_letter_target_arn: att(&dlq, "Arn"),
                    max_receive_count: Value::Lit(queue.max_receive_count),
                }),
                sqs_managed_sse_enabled: Some(Value::Lit(true)),
                tags: ctx.tags(&queue.name),
                ..Default::default()
            },
        )?;
        ctx.output(
            &LogicalId::new([&queue.name, "QueueUrl"]).to_string(),
            &format!("URL of queue `{}`", queue.name),
            r(&id),
        )?;
        ctx.known.queues.push((queue.name.clone(), id));
    }

    for topic in &messaging.topics {
        let id = ctx.add(
            LogicalId::new([&topic.name, "Topic"]),
            &sns::Topic {
                kms_master_key_id: Some(lit("alias/aws/sns")),
                tags: ctx.tags(&topic.name),
                ..Default::default()
            },
        )?;
        for subscriber in &topic.subscribers {
            let queue = queue_id(
                ctx,
                subscriber,
                &format!("topic `{}`", topic.name),
                topic_path(&messaging, &topic.name),
            )?;
            ctx.add(
                LogicalId::new([&topic.name, "To", subscriber, "Subscription"]),
                &sns::Subscription {
                    topic_arn: r(&id),
                    protocol: lit("sqs"),
                    endpoint: Some(att(&queue, "Arn")),
                    raw_message_delivery: Some(Value::Lit(true)),
                },
            )?;
        }
        ctx.output(
            &LogicalId::new([&topic.name, "TopicArn"]).to_string(),
            &format!("ARN of topic `{}`", topic.name),
            r(&id),
        )?;
        ctx.known.topics.push((topic.name.clone(), id));
    }

    // Each subscribed queue accepts messages from its topics only.
    for (queue_name, queue) in ctx.known.queues.clone() {
        let sources: Vec<Value<String>> = messaging
            .topics
            .iter()
            .filter(|t| t.subscribers.contains(&queue_name))
            .map(|t| r(&LogicalId::new([&t.name, "Topic"]).to_string()))
            .collect();
        if sources.is_empty() {
            continue;
        }
        ctx.add(
            LogicalId::new([&queue_name, "QueuePolicy"]),
            &sqs::QueuePolicy {
                queues: vec![r(&queue)],
                policy_document: PolicyDocument::new(vec![
                    Statement::allow(&["sqs:SendMessage"], vec![att(&queue, "Arn")])
                        .with_sid("TopicsSendMessages")
                        .with_principal(json!({"Service": "sns.amazonaws.com"}))
                        .with_condition(json!({"ArnEquals": {"aws:SourceArn": sources}})),
                ]),
            },
        )?;
    }

    for worker in &messaging.workers {
        let queue = queue_id(
            ctx,
            &worker.queue,
            &format!("worker `{}`", worker.name),
            format!("{}.queue", worker_path(&messaging, &worker.name)),
        )?;
        let max_receive = messaging
            .queues
            .iter()
            .find(|q| q.name == worker.queue)
            .map(|q| q.max_receive_count)
            .unwrap_or_default();
        let log_group = ctx.add(
            LogicalId::new([&worker.name, "LogGroup"]),
            &logs::LogGroup {
                retention_in_days: Some(Value::Lit(30)),
                kms_key_id: super::encryption::key_arn(ctx),
                ..Default::default()
            },
        )?;
        let role = ctx.add(
            LogicalId::new([&worker.name, "Role"]),
            &iam::Role {
                description: Some(lit(format!(
                    "Worker {} consumes queue {}",
                    worker.name, worker.queue
                ))),
                policies: vec![Policy {
                    policy_name: lit("consume-queue-and-log"),
                    policy_document: PolicyDocument::new(vec![
                        Statement::allow(
                            &[
                                "sqs:ReceiveMessage",
                                "sqs:DeleteMessage",
                                "sqs:GetQueueAttributes",
                                "sqs:ChangeMessageVisibility",
                            ],
                            vec![att(&queue, "Arn")],
                        ),
                        Statement::allow(
                            &["logs:CreateLogStream", "logs:PutLogEvents"],
                            vec![att(&log_group, "Arn")],
                        ),
                    ]),
                }],
                tags: ctx.tags(&worker.name),
                ..iam::Role::new(PolicyDocument::assume_role("lambda.amazonaws.com"))
            },
        )?;
        let (code, handler) = match &worker.code {
            Some(code) => (
                worker_code(ctx, &messaging, worker, code)?,
                code.handler.clone(),
            ),
            None => {
                let source = userdata::render(
                    "worker.py",
                    &json!({"stage": ctx.stage.name, "queue": worker.queue,
                            "max_receive_count": max_receive}),
                )?;
                (
                    lambda::Code {
                        zip_file: Some(lit(source)),
                        s3_bucket: None,
                        s3_key: None,
                    },
                    "index.handler".to_string(),
                )
            }
        };
        let function = ctx.add(
            LogicalId::new([&worker.name, "Function"]),
            &lambda::Function {
                timeout: Some(Value::Lit(worker.timeout_seconds)),
                memory_size: Some(Value::Lit(worker.memory_mb)),
                reserved_concurrent_executions: worker.reserved_concurrency.map(Value::Lit),
                logging_config: Some(lambda::LoggingConfig {
                    log_group: Some(r(&log_group)),
                }),
                tags: ctx.tags(&worker.name),
                runtime: Some(lit(worker.runtime.clone())),
                handler: Some(lit(handler)),
                ..lambda::Function::new(att(&role, "Arn"), code)
            },
        )?;
        ctx.add(
            LogicalId::new([&worker.name, "EventSource"]),
            &lambda::EventSourceMapping {
                batch_size: Some(Value::Lit(worker.batch_size)),
                function_response_types: vec![lit("ReportBatchItemFailures")],
                enabled: Some(Value::Lit(true)),
                ..lambda::EventSourceMapping::new(att(&queue, "Arn"), r(&function))
            },
        )?;
    }
    Ok(())
}

fn queue_id(ctx: &Ctx<'_>, name: &str, user: &str, path: String) -> Result<String, SynthError> {
    ctx.known
        .queues
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, id)| id.clone())
        .ok_or_else(|| {
            SynthError::reference(
                path,
                format!("{user} names queue `{name}`, which the stage does not define"),
            )
        })
}

fn topic_path(messaging: &crate::stage::Messaging, name: &str) -> String {
    let index = messaging
        .topics
        .iter()
        .position(|t| t.name == name)
        .unwrap_or(0);
    format!("messaging.topics[{index}].subscribers")
}

/// The stage path of the worker named `name`.
fn worker_path(messaging: &crate::stage::Messaging, name: &str) -> String {
    let index = messaging
        .workers
        .iter()
        .position(|w| w.name == name)
        .unwrap_or(0);
    format!("messaging.workers[{index}]")
}

/// A worker's code: the packaged `path` in the staging bucket (deploy uploads it and names
/// the bucket), or the zip the stage names in S3.
fn worker_code(
    ctx: &mut Ctx<'_>,
    messaging: &crate::stage::Messaging,
    worker: &crate::stage::Worker,
    code: &crate::stage::WorkerCode,
) -> Result<lambda::Code, SynthError> {
    let at = format!("{}.code", worker_path(messaging, &worker.name));
    if code.path.is_some() && (code.s3_bucket.is_some() || code.s3_key.is_some()) {
        return Err(SynthError::reference(
            format!("{at}.path"),
            "a worker's code is a local `path` or an S3 object, not both",
        ));
    }
    if code.path.is_some() {
        let digest = code.digest.as_deref().ok_or_else(|| {
            SynthError::reference(
                format!("{at}.path"),
                "the code at `path` was not packaged (scalectl packages it when a command loads the stage file)",
            )
        })?;
        if !ctx.template.has_parameter(super::CODE_BUCKET) {
            ctx.template.parameter(
                &LogicalId::from(super::CODE_BUCKET),
                Parameter {
                    param_type: "String".to_string(),
                    description: "The staging bucket holding the workers' packaged code (scalectl deploy uploads it and fills this)".to_string(),
                    default: None,
                },
            )?;
        }
        let key = super::code_key(&ctx.stage.name, &worker.name, digest);
        ctx.code_keys.push(key.clone());
        return Ok(lambda::Code {
            s3_bucket: Some(r(super::CODE_BUCKET)),
            s3_key: Some(lit(key)),
            zip_file: None,
        });
    }
    match (&code.s3_bucket, &code.s3_key) {
        (Some(bucket), Some(key)) => Ok(lambda::Code {
            s3_bucket: Some(lit(bucket.clone())),
            s3_key: Some(lit(key.clone())),
            zip_file: None,
        }),
        _ => Err(SynthError::reference(
            at,
            "a worker's code is a local `path`, or an `s3_bucket` and `s3_key`",
        )),
    }
}
