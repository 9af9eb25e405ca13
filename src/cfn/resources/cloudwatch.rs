//! Amazon CloudWatch: metric alarms.

use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;

/// `AWS::CloudWatch::Alarm` on a single metric.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Alarm {
    /// What the alarm means.
    pub alarm_description: Option<Value<String>>,
    /// Metric namespace, e.g. `AWS/ApplicationELB`.
    pub namespace: Option<Value<String>>,
    /// Metric name.
    pub metric_name: Option<Value<String>>,
    /// Metric dimensions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dimensions: Vec<Dimension>,
    /// `Average`, `Sum`, `Maximum`, `Minimum` or `SampleCount`.
    pub statistic: Option<Value<String>>,
    /// Seconds per evaluated datapoint.
    pub period: Option<Value<u32>>,
    /// Periods evaluated (required by the service).
    pub evaluation_periods: Value<u32>,
    /// Breaching datapoints within the evaluated periods that trigger the alarm.
    pub datapoints_to_alarm: Option<Value<u32>>,
    /// The threshold.
    pub threshold: Option<Value<f64>>,
    /// `GreaterThanThreshold`, ... (required by the service).
    pub comparison_operator: Value<String>,
    /// `missing`, `notBreaching`, `breaching` or `ignore`.
    pub treat_missing_data: Option<Value<String>>,
    /// Actions (SNS topic ARNs, ...) on entering `ALARM`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alarm_actions: Vec<Value<String>>,
    /// Actions on returning to `OK`.
    #[serde(rename = "OKActions", skip_serializing_if = "Vec::is_empty")]
    pub ok_actions: Vec<Value<String>>,
}

impl Alarm {
    /// An alarm with a comparison over some periods and nothing else set.
    pub fn new(comparison_operator: impl Into<Value<String>>, evaluation_periods: u32) -> Self {
        Alarm {
            alarm_description: None,
            namespace: None,
            metric_name: None,
            dimensions: Vec::new(),
            statistic: None,
            period: None,
            evaluation_periods: Value::Lit(evaluation_periods),
            datapoints_to_alarm: None,
            threshold: None,
            comparison_operator: comparison_operator.into(),
            treat_missing_data: None,
            alarm_actions: Vec::new(),
            ok_actions: Vec::new(),
        }
    }
}

impl ResourceProperties for Alarm {
    const TYPE: &'static str = "AWS::CloudWatch::Alarm";
}

/// A metric dimension.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimension {
    /// The dimension name, e.g. `LoadBalancer`.
    pub name: Value<String>,
    /// The dimension value.
    pub value: Value<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::value::lit;
    use serde_json::json;

    #[test]
    fn alarm_serializes_ok_actions() -> Result<(), Box<dyn std::error::Error>> {
        let alarm = Alarm {
            alarm_description: Some(lit("5xx responses from targets")),
            namespace: Some(lit("AWS/ApplicationELB")),
            metric_name: Some(lit("HTTPCode_Target_5XX_Count")),
            dimensions: vec![Dimension {
                name: lit("LoadBalancer"),
                value: Value::get_att("Alb", "LoadBalancerFullName"),
            }],
            statistic: Some(lit("Sum")),
            period: Some(Value::Lit(60)),
            datapoints_to_alarm: Some(Value::Lit(3)),
            threshold: Some(Value::Lit(10.0)),
            treat_missing_data: Some(lit("notBreaching")),
            alarm_actions: vec![Value::r#ref("Alerts")],
            ok_actions: vec![Value::r#ref("Alerts")],
            ..Alarm::new("GreaterThanThreshold", 5)
        };
        assert_eq!(
            serde_json::to_value(&alarm)?,
            json!({
                "AlarmDescription": "5xx responses from targets",
                "Namespace": "AWS/ApplicationELB",
                "MetricName": "HTTPCode_Target_5XX_Count",
                "Dimensions": [{
                    "Name": "LoadBalancer",
                    "Value": {"Fn::GetAtt": ["Alb", "LoadBalancerFullName"]}
                }],
                "Statistic": "Sum",
                "Period": 60,
                "EvaluationPeriods": 5,
                "DatapointsToAlarm": 3,
                "Threshold": 10.0,
                "ComparisonOperator": "GreaterThanThreshold",
                "TreatMissingData": "notBreaching",
                "AlarmActions": [{"Ref": "Alerts"}],
                "OKActions": [{"Ref": "Alerts"}]
            })
        );
        Ok(())
    }
}
