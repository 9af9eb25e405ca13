//! AWS Lambda: functions and event source mappings.

use super::Tag;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;
use std::collections::BTreeMap;

/// `AWS::Lambda::Function`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Function {
    /// Runtime, e.g. `python3.13` (omitted for container images).
    pub runtime: Option<Value<String>>,
    /// Entry point, e.g. `index.handler`.
    pub handler: Option<Value<String>>,
    /// Execution role ARN.
    pub role: Value<String>,
    /// The deployment package.
    pub code: Code,
    /// Timeout in seconds.
    pub timeout: Option<Value<u32>>,
    /// Memory in MiB.
    pub memory_size: Option<Value<u32>>,
    /// Concurrency reserved for (and capping) the function.
    pub reserved_concurrent_executions: Option<Value<u32>>,
    /// `x86_64` or `arm64` (one entry).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub architectures: Vec<Value<String>>,
    /// Environment variables.
    pub environment: Option<Environment>,
    /// Where logs go.
    pub logging_config: Option<LoggingConfig>,
    /// X-Ray tracing.
    pub tracing_config: Option<TracingConfig>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Function {
    /// A function with a role and code and nothing else set.
    pub fn new(role: Value<String>, code: Code) -> Self {
        Function {
            runtime: None,
            handler: None,
            role,
            code,
            timeout: None,
            memory_size: None,
            reserved_concurrent_executions: None,
            architectures: Vec::new(),
            environment: None,
            logging_config: None,
            tracing_config: None,
            tags: Vec::new(),
        }
    }
}

impl ResourceProperties for Function {
    const TYPE: &'static str = "AWS::Lambda::Function";
}

/// The deployment package of a function: inline source or an S3 object.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Code {
    /// Inline source (Node.js and Python only).
    pub zip_file: Option<Value<String>>,
    /// Bucket of the deployment package.
    pub s3_bucket: Option<Value<String>>,
    /// Key of the deployment package.
    pub s3_key: Option<Value<String>>,
}

impl Code {
    /// Inline source code.
    pub fn inline(source: impl Into<Value<String>>) -> Self {
        Code {
            zip_file: Some(source.into()),
            ..Code::default()
        }
    }

    /// A deployment package in S3.
    pub fn s3(bucket: Value<String>, key: Value<String>) -> Self {
        Code {
            zip_file: None,
            s3_bucket: Some(bucket),
            s3_key: Some(key),
        }
    }
}

/// Environment variables of a function.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Environment {
    /// Variables by name.
    pub variables: BTreeMap<String, Value<String>>,
}

/// Where a function's logs go.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoggingConfig {
    /// The log group name.
    pub log_group: Option<Value<String>>,
}

/// X-Ray tracing of a function.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TracingConfig {
    /// `Active` or `PassThrough`.
    pub mode: Value<String>,
}

/// `AWS::Lambda::EventSourceMapping`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSourceMapping {
    /// The queue or stream ARN.
    pub event_source_arn: Option<Value<String>>,
    /// The function name or ARN.
    pub function_name: Value<String>,
    /// Records per invocation.
    pub batch_size: Option<Value<u32>>,
    /// Seconds to gather records before invoking.
    pub maximum_batching_window_in_seconds: Option<Value<u32>>,
    /// `ReportBatchItemFailures` for partial batch responses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub function_response_types: Vec<Value<String>>,
    /// Whether the mapping polls.
    pub enabled: Option<Value<bool>>,
}

impl EventSourceMapping {
    /// A mapping from an event source to a function with nothing else set.
    pub fn new(event_source_arn: Value<String>, function_name: Value<String>) -> Self {
        EventSourceMapping {
            event_source_arn: Some(event_source_arn),
            function_name,
            batch_size: None,
            maximum_batching_window_in_seconds: None,
            function_response_types: Vec::new(),
            enabled: None,
        }
    }
}

impl ResourceProperties for EventSourceMapping {
    const TYPE: &'static str = "AWS::Lambda::EventSourceMapping";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::value::lit;
    use serde_json::json;

    #[test]
    fn function_and_mapping_serialize() -> Result<(), Box<dyn std::error::Error>> {
        let mut variables = BTreeMap::new();
        variables.insert("QUEUE_URL".to_string(), Value::r#ref("Orders"));
        variables.insert("LOG_LEVEL".to_string(), lit("info"));
        let function = Function {
            runtime: Some(lit("python3.13")),
            handler: Some(lit("index.handler")),
            timeout: Some(Value::Lit(30)),
            memory_size: Some(Value::Lit(512)),
            reserved_concurrent_executions: Some(Value::Lit(10)),
            architectures: vec![lit("arm64")],
            environment: Some(Environment { variables }),
            logging_config: Some(LoggingConfig {
                log_group: Some(Value::r#ref("WorkerLogs")),
            }),
            tracing_config: Some(TracingConfig {
                mode: lit("Active"),
            }),
            ..Function::new(
                Value::get_att("WorkerRole", "Arn"),
                Code::s3(lit("artifacts"), lit("worker.zip")),
            )
        };
        assert_eq!(
            serde_json::to_value(&function)?,
            json!({
                "Runtime": "python3.13",
                "Handler": "index.handler",
                "Role": {"Fn::GetAtt": ["WorkerRole", "Arn"]},
                "Code": {"S3Bucket": "artifacts", "S3Key": "worker.zip"},
                "Timeout": 30,
                "MemorySize": 512,
                "ReservedConcurrentExecutions": 10,
                "Architectures": ["arm64"],
                "Environment": {
                    "Variables": {"LOG_LEVEL": "info", "QUEUE_URL": {"Ref": "Orders"}}
                },
                "LoggingConfig": {"LogGroup": {"Ref": "WorkerLogs"}},
                "TracingConfig": {"Mode": "Active"}
            })
        );
        assert_eq!(
            serde_json::to_value(Code::inline("def handler(e, c): pass"))?,
            json!({"ZipFile": "def handler(e, c): pass"})
        );

        let mapping = EventSourceMapping {
            batch_size: Some(Value::Lit(10)),
            maximum_batching_window_in_seconds: Some(Value::Lit(5)),
            function_response_types: vec![lit("ReportBatchItemFailures")],
            enabled: Some(Value::Lit(true)),
            ..EventSourceMapping::new(Value::get_att("Orders", "Arn"), Value::r#ref("Worker"))
        };
        assert_eq!(
            serde_json::to_value(&mapping)?,
            json!({
                "EventSourceArn": {"Fn::GetAtt": ["Orders", "Arn"]},
                "FunctionName": {"Ref": "Worker"},
                "BatchSize": 10,
                "MaximumBatchingWindowInSeconds": 5,
                "FunctionResponseTypes": ["ReportBatchItemFailures"],
                "Enabled": true
            })
        );
        Ok(())
    }
}
