//! Amazon SNS: topics and subscriptions.

use super::Tag;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;

/// `AWS::SNS::Topic`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Topic {
    /// The topic name; generated when omitted.
    pub topic_name: Option<Value<String>>,
    /// KMS key for encryption, e.g. `alias/aws/sns` (note the schema's spelling `KmsMasterKeyId`).
    #[serde(rename = "KmsMasterKeyId")]
    pub kms_master_key_id: Option<Value<String>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Topic {
    const TYPE: &'static str = "AWS::SNS::Topic";
}

/// `AWS::SNS::Subscription`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subscription {
    /// The topic.
    pub topic_arn: Value<String>,
    /// `sqs`, `lambda`, `https`, `email`, ...
    pub protocol: Value<String>,
    /// The endpoint, e.g. a queue ARN.
    pub endpoint: Option<Value<String>>,
    /// Deliver the message body without the SNS envelope (SQS and HTTP(S)).
    pub raw_message_delivery: Option<Value<bool>>,
}

impl ResourceProperties for Subscription {
    const TYPE: &'static str = "AWS::SNS::Subscription";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::value::lit;
    use serde_json::json;

    #[test]
    fn topic_and_subscription_serialize() -> Result<(), Box<dyn std::error::Error>> {
        let topic = Topic {
            kms_master_key_id: Some(lit("alias/aws/sns")),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&topic)?,
            json!({"KmsMasterKeyId": "alias/aws/sns"})
        );

        let subscription = Subscription {
            topic_arn: Value::r#ref("Events"),
            protocol: lit("sqs"),
            endpoint: Some(Value::get_att("Orders", "Arn")),
            raw_message_delivery: Some(Value::Lit(true)),
        };
        assert_eq!(
            serde_json::to_value(&subscription)?,
            json!({
                "TopicArn": {"Ref": "Events"},
                "Protocol": "sqs",
                "Endpoint": {"Fn::GetAtt": ["Orders", "Arn"]},
                "RawMessageDelivery": true
            })
        );
        Ok(())
    }
}
