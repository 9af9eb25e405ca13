//! Amazon SQS: queues and queue policies.

use super::Tag;
use super::iam::PolicyDocument;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;

/// `AWS::SQS::Queue`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Queue {
    /// The queue name (must end in `.fifo` for FIFO queues); generated when omitted.
    pub queue_name: Option<Value<String>>,
    /// Whether the queue is FIFO.
    pub fifo_queue: Option<Value<bool>>,
    /// Seconds a received message stays hidden.
    pub visibility_timeout: Option<Value<u32>>,
    /// Seconds a message is kept.
    pub message_retention_period: Option<Value<u32>>,
    /// Where messages go after too many receives.
    pub redrive_policy: Option<RedrivePolicy>,
    /// Whether SQS-owned keys encrypt messages.
    pub sqs_managed_sse_enabled: Option<Value<bool>>,
    /// Long-polling wait in seconds.
    pub receive_message_wait_time_seconds: Option<Value<u32>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Queue {
    const TYPE: &'static str = "AWS::SQS::Queue";
}

/// The dead-letter queue of a queue; its keys are camelCase in CloudFormation.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RedrivePolicy {
    /// The dead-letter queue's ARN.
    pub dead_letter_target_arn: Value<String>,
    /// Receives before a message moves to the dead-letter queue.
    pub max_receive_count: Value<u32>,
}

/// `AWS::SQS::QueuePolicy`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueuePolicy {
    /// Queue URLs (`Ref` of the queues).
    pub queues: Vec<Value<String>>,
    /// The policy.
    pub policy_document: PolicyDocument,
}

impl ResourceProperties for QueuePolicy {
    const TYPE: &'static str = "AWS::SQS::QueuePolicy";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::iam::Statement;
    use serde_json::json;

    #[test]
    fn queue_serializes_camel_case_redrive_policy() -> Result<(), Box<dyn std::error::Error>> {
        let queue = Queue {
            fifo_queue: Some(Value::Lit(false)),
            visibility_timeout: Some(Value::Lit(60)),
            message_retention_period: Some(Value::Lit(345_600)),
            redrive_policy: Some(RedrivePolicy {
                dead_letter_target_arn: Value::get_att("OrdersDlq", "Arn"),
                max_receive_count: Value::Lit(5),
            }),
            sqs_managed_sse_enabled: Some(Value::Lit(true)),
            receive_message_wait_time_seconds: Some(Value::Lit(20)),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&queue)?,
            json!({
                "FifoQueue": false,
                "VisibilityTimeout": 60,
                "MessageRetentionPeriod": 345600,
                "RedrivePolicy": {
                    "deadLetterTargetArn": {"Fn::GetAtt": ["OrdersDlq", "Arn"]},
                    "maxReceiveCount": 5
                },
                "SqsManagedSseEnabled": true,
                "ReceiveMessageWaitTimeSeconds": 20
            })
        );

        let policy = QueuePolicy {
            queues: vec![Value::r#ref("Orders")],
            policy_document: PolicyDocument::new(vec![
                Statement::allow(&["sqs:SendMessage"], vec![Value::get_att("Orders", "Arn")])
                    .with_principal(json!({"Service": "sns.amazonaws.com"}))
                    .with_condition(json!({"ArnEquals": {"aws:SourceArn": {"Ref": "Events"}}})),
            ]),
        };
        assert_eq!(
            serde_json::to_value(&policy)?,
            json!({
                "Queues": [{"Ref": "Orders"}],
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Principal": {"Service": "sns.amazonaws.com"},
                        "Action": ["sqs:SendMessage"],
                        "Resource": [{"Fn::GetAtt": ["Orders", "Arn"]}],
                        "Condition": {"ArnEquals": {"aws:SourceArn": {"Ref": "Events"}}}
                    }]
                }
            })
        );
        Ok(())
    }
}
