//! The stack's customer managed KMS key: it encrypts the alarm topic and the log groups.
//!
//! CloudWatch cannot publish alarms to a topic encrypted with the AWS managed SNS key, so the
//! alarm topic needs a key whose policy lets CloudWatch in; CloudWatch Logs likewise needs
//! the key policy to name it, limited to this region's log groups. Rotation is yearly. The
//! key costs a flat monthly fee (priced in the plan), so a stack gets one only when it has
//! an alarm topic or log groups.

use super::SynthError;
use super::context::Ctx;
use crate::cfn::resources::iam::{PolicyDocument, Statement};
use crate::cfn::resources::kms;
use crate::cfn::{Value, lit};
use serde_json::json;

/// The key's logical ID.
pub const KEY: &str = "EncryptionKey";

/// Add the key when the stack needs one.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let stage = ctx.stage;
    let log_groups = !stage.compute.services.is_empty()
        || stage
            .messaging
            .as_ref()
            .is_some_and(|m| !m.workers.is_empty());
    if stage.observability.is_none() && !log_groups {
        return Ok(());
    }
    let all = || vec![lit("*")];
    let key = ctx.add(
        KEY,
        &kms::Key {
            description: Some(Value::sub(
                "${AWS::StackName}: the alarm topic and the log groups",
            )),
            key_policy: PolicyDocument::new(vec![
                Statement::allow(&["kms:*"], all())
                    .with_sid("AccountAdministers")
                    .with_principal(json!({"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}})),
                Statement::allow(&["kms:Decrypt", "kms:GenerateDataKey*"], all())
                    .with_sid("CloudWatchPublishesAlarms")
                    .with_principal(json!({"Service": "cloudwatch.amazonaws.com"}))
                    .with_condition(json!({"StringEquals": {"aws:SourceAccount": {"Fn::Sub": "${AWS::AccountId}"}}})),
                Statement::allow(
                    &[
                        "kms:Encrypt*",
                        "kms:Decrypt*",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:Describe*",
                    ],
                    all(),
                )
                .with_sid("CloudWatchLogsEncrypts")
                .with_principal(json!({"Service": {"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}}))
                .with_condition(json!({"ArnLike": {"kms:EncryptionContext:aws:logs:arn": {
                    "Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"}}})),
            ]),
            enable_key_rotation: Some(Value::Lit(true)),
            pending_window_in_days: Some(Value::Lit(30)),
            tags: ctx.tags("key"),
        },
    )?;
    ctx.known.key = Some(key);
    Ok(())
}

/// The key's ARN, for a log group's `KmsKeyId`.
pub fn key_arn(ctx: &Ctx<'_>) -> Option<Value<String>> {
    ctx.known
        .key
        .as_ref()
        .map(|key| super::context::att(key, "Arn"))
}
