//! Amazon CloudWatch Logs: log groups.

use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;

/// `AWS::Logs::LogGroup`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LogGroup {
    /// The log group name; generated when omitted.
    pub log_group_name: Option<Value<String>>,
    /// Days events are kept: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
    /// 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653; forever when omitted.
    pub retention_in_days: Option<Value<u32>>,
    /// The KMS key (ARN) events are encrypted with; its policy must let CloudWatch Logs in.
    pub kms_key_id: Option<Value<String>>,
}

impl ResourceProperties for LogGroup {
    const TYPE: &'static str = "AWS::Logs::LogGroup";
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn log_group_serializes() -> Result<(), Box<dyn std::error::Error>> {
        let group = LogGroup {
            log_group_name: Some(Value::sub("/scalectl/${AWS::StackName}/web")),
            retention_in_days: Some(Value::Lit(30)),
            kms_key_id: None,
        };
        assert_eq!(
            serde_json::to_value(&group)?,
            json!({
                "LogGroupName": {"Fn::Sub": "/scalectl/${AWS::StackName}/web"},
                "RetentionInDays": 30
            })
        );
        assert_eq!(serde_json::to_value(LogGroup::default())?, json!({}));
        assert_eq!(LogGroup::TYPE, "AWS::Logs::LogGroup");
        Ok(())
    }
}
