//! [`DeployApi`] over the SDK: CloudFormation for stacks and change sets, S3 for the staging
//! bucket, STS for the account ID that names it.

use super::ApiError;
use super::client::{Aws, api_error, stack_status};
use crate::deploy::api::{
    ChangeSet, ChangeSetKind, ChangeSetRequest, ChangeSetStatus, ChangeSetSummary, DeployApi,
    FleetInstance, Output, Stack, StackEvent, TemplateSource,
};
use crate::deploy::naming::staging_bucket;
use crate::diff::{ChangeAction, ChangeSetChange, ChangeSetReplacement};
use aws_sdk_cloudformation::types as cfn;
use aws_sdk_s3::types as s3;
use std::time::Duration;

/// Most events read when looking for the start of an operation.
const MAX_EVENTS: usize = 2_000;

/// The deploy calls for one region.
#[derive(Debug, Clone)]
pub struct Deployer {
    region: String,
    /// Calls go over plain HTTP (a local emulator): a TLS-only bucket policy would lock
    /// scalectl out.
    plain_http: bool,
    cfn: aws_sdk_cloudformation::Client,
    s3: aws_sdk_s3::Client,
    sts: aws_sdk_sts::Client,
    ssm: aws_sdk_ssm::Client,
    route53: aws_sdk_route53::Client,
    ec2: aws_sdk_ec2::Client,
}

impl Aws {
    /// The deploy calls for `region`.
    pub fn deployer(&self, region: &str) -> Deployer {
        let cfn = aws_sdk_cloudformation::config::Builder::from(&self.config)
            .region(aws_sdk_cloudformation::config::Region::new(
                region.to_string(),
            ))
            .build();
        let s3 = aws_sdk_s3::config::Builder::from(&self.config)
            .region(aws_sdk_s3::config::Region::new(region.to_string()))
            .force_path_style(self.s3_endpoint.is_some())
            .build();
        let sts = aws_sdk_sts::config::Builder::from(&self.config)
            .region(aws_sdk_sts::config::Region::new(region.to_string()))
            .build();
        let ssm = aws_sdk_ssm::config::Builder::from(&self.config)
            .region(aws_sdk_ssm::config::Region::new(region.to_string()))
            .build();
        // Route 53 is global; its API lives in us-east-1.
        let route53 = aws_sdk_route53::config::Builder::from(&self.config)
            .region(aws_sdk_route53::config::Region::new("us-east-1"))
            .build();
        let ec2 = aws_sdk_ec2::config::Builder::from(&self.config)
            .region(aws_sdk_ec2::config::Region::new(region.to_string()))
            .build();
        Deployer {
            region: region.to_string(),
            plain_http: self
                .s3_endpoint
                .as_deref()
                .is_some_and(|u| u.starts_with("http://")),
            cfn: aws_sdk_cloudformation::Client::from_conf(cfn),
            s3: aws_sdk_s3::Client::from_conf(s3),
            sts: aws_sdk_sts::Client::from_conf(sts),
            ssm: aws_sdk_ssm::Client::from_conf(ssm),
            route53: aws_sdk_route53::Client::from_conf(route53),
            ec2: aws_sdk_ec2::Client::from_conf(ec2),
        }
    }
}

/// An SDK error of any service (the crates share one `SdkError`) as an [`ApiError`].
fn err<E, R>(e: aws_sdk_cloudformation::error::SdkError<E, R>) -> ApiError
where
    E: aws_sdk_cloudformation::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    match e.as_service_error() {
        Some(service) => api_error(service),
        None => api_error(&e),
    }
}

fn stack_of(s: &cfn::Stack) -> Stack {
    Stack {
        id: s.stack_id().unwrap_or_default().to_string(),
        name: s.stack_name().unwrap_or_default().to_string(),
        status: s
            .stack_status()
            .map(stack_status)
            .unwrap_or(crate::deploy::status::StackStatus::Unknown(String::new())),
        reason: s.stack_status_reason().map(str::to_string),
        outputs: s
            .outputs()
            .iter()
            .map(|o| Output {
                key: o.output_key().unwrap_or_default().to_string(),
                value: o.output_value().unwrap_or_default().to_string(),
                description: o.description().map(str::to_string),
            })
            .collect(),
        parameters: s
            .parameters()
            .iter()
            .map(|p| {
                let value = p
                    .resolved_value()
                    .or(p.parameter_value())
                    .unwrap_or_default();
                (
                    p.parameter_key().unwrap_or_default().to_string(),
                    value.to_string(),
                )
            })
            .collect(),
    }
}

fn event_of(e: &cfn::StackEvent) -> StackEvent {
    StackEvent {
        id: e.event_id().unwrap_or_default().to_string(),
        time: e
            .timestamp()
            .and_then(|t| {
                t.fmt(aws_sdk_cloudformation::primitives::DateTimeFormat::DateTime)
                    .ok()
            })
            .unwrap_or_default(),
        logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
        resource_type: e.resource_type().unwrap_or_default().to_string(),
        status: e
            .resource_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        reason: e.resource_status_reason().map(str::to_string),
        physical_id: e.physical_resource_id().map(str::to_string),
    }
}

fn change_of(c: &cfn::Change) -> Option<ChangeSetChange> {
    let rc = c.resource_change()?;
    Some(ChangeSetChange {
        logical_id: rc.logical_resource_id()?.to_string(),
        resource_type: rc.resource_type().unwrap_or_default().to_string(),
        action: match rc.action() {
            Some(cfn::ChangeAction::Add) => ChangeAction::Add,
            Some(cfn::ChangeAction::Modify) => ChangeAction::Modify,
            Some(cfn::ChangeAction::Remove) => ChangeAction::Remove,
            Some(cfn::ChangeAction::Import) => ChangeAction::Import,
            Some(cfn::ChangeAction::Dynamic) => ChangeAction::Dynamic,
            _ => ChangeAction::Other,
        },
        replacement: match rc.replacement() {
            Some(cfn::Replacement::True) => Some(ChangeSetReplacement::Replaces),
            Some(cfn::Replacement::Conditional) => Some(ChangeSetReplacement::Conditional),
            Some(cfn::Replacement::False) => Some(ChangeSetReplacement::InPlace),
            _ => None,
        },
    })
}

/// An S3 call's failure, whatever the operation.
trait S3Failure {
    /// The service's code and message, if it sent them.
    fn code_message(&self) -> (Option<String>, Option<String>);
    /// The HTTP status, if there was a response.
    fn status(&self) -> Option<u16>;
    /// The whole error chain, for when nothing better is known.
    fn chain(&self) -> String;
}

impl<E> S3Failure for aws_sdk_s3::error::SdkError<E, aws_sdk_s3::config::http::HttpResponse>
where
    E: aws_sdk_s3::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    fn code_message(&self) -> (Option<String>, Option<String>) {
        use aws_sdk_s3::error::ProvideErrorMetadata;
        (
            self.code().map(str::to_string),
            self.message().map(str::to_string),
        )
    }

    fn status(&self) -> Option<u16> {
        self.raw_response().map(|r| r.status().as_u16())
    }

    fn chain(&self) -> String {
        super::client::causes(self)
    }
}

fn built(bucket: &str, e: &dyn std::error::Error) -> ApiError {
    ApiError {
        code: None,
        message: format!("staging bucket {bucket}: {e}"),
    }
}

fn s3_error(context: &str, e: &dyn S3Failure) -> ApiError {
    let (code, message) = e.code_message();
    let detail = match (&code, message, e.status()) {
        (Some(c), Some(m), _) => format!("{c}: {m}"),
        (Some(c), None, _) => c.clone(),
        (None, _, Some(403)) => "access denied (HTTP 403)".to_string(),
        (None, _, Some(status)) => format!("HTTP {status}"),
        (None, _, None) => e.chain(),
    };
    ApiError {
        code: code.or_else(|| (e.status() == Some(403)).then(|| "AccessDenied".to_string())),
        message: format!("{context}: {detail}"),
    }
}

impl DeployApi for Deployer {
    fn region(&self) -> &str {
        &self.region
    }

    async fn stack(&self, name: &str) -> Result<Option<Stack>, ApiError> {
        match self.cfn.describe_stacks().stack_name(name).send().await {
            Ok(out) => Ok(out.stacks().first().map(stack_of)),
            Err(e) => {
                let e = err(e);
                if e.is_missing_stack() {
                    Ok(None)
                } else {
                    Err(e)
                }
            }
        }
    }

    async fn template(&self, stack: &str) -> Result<String, ApiError> {
        let out = self
            .cfn
            .get_template()
            .stack_name(stack)
            .template_stage(cfn::TemplateStage::Original)
            .send()
            .await
            .map_err(err)?;
        Ok(out.template_body().unwrap_or_default().to_string())
    }

    async fn events(&self, stack: &str, after: Option<&str>) -> Result<Vec<StackEvent>, ApiError> {
        // Newest first from AWS: read pages until the marker, then reverse.
        let mut newest_first = Vec::new();
        let mut token: Option<String> = None;
        'pages: loop {
            let out = self
                .cfn
                .describe_stack_events()
                .stack_name(stack)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(err)?;
            for e in out.stack_events() {
                let event = event_of(e);
                if Some(event.id.as_str()) == after {
                    break 'pages;
                }
                newest_first.push(event);
                if newest_first.len() >= MAX_EVENTS {
                    break 'pages;
                }
            }
            match out.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => break,
            }
        }
        newest_first.reverse();
        Ok(newest_first)
    }

    async fn change_sets(&self, stack: &str) -> Result<Vec<ChangeSetSummary>, ApiError> {
        let out = self
            .cfn
            .list_change_sets()
            .stack_name(stack)
            .send()
            .await
            .map_err(err)?;
        Ok(out
            .summaries()
            .iter()
            .map(|s| ChangeSetSummary {
                name: s.change_set_name().unwrap_or_default().to_string(),
                arn: s.change_set_id().unwrap_or_default().to_string(),
            })
            .collect())
    }

    async fn create_change_set(&self, request: &ChangeSetRequest) -> Result<String, ApiError> {
        let mut call = self
            .cfn
            .create_change_set()
            .stack_name(&request.stack_name)
            .change_set_name(&request.name)
            .change_set_type(match request.kind {
                ChangeSetKind::Create => cfn::ChangeSetType::Create,
                ChangeSetKind::Update => cfn::ChangeSetType::Update,
            })
            .description(&request.description)
            .capabilities(cfn::Capability::CapabilityIam)
            .capabilities(cfn::Capability::CapabilityNamedIam);
        call = match &request.template {
            TemplateSource::Body(body) => call.template_body(body),
            TemplateSource::Url(url) => call.template_url(url),
        };
        for (key, value) in &request.parameters {
            call = call.parameters(
                cfn::Parameter::builder()
                    .parameter_key(key)
                    .parameter_value(value)
                    .build(),
            );
        }
        for (key, value) in &request.tags {
            call = call.tags(cfn::Tag::builder().key(key).value(value).build());
        }
        let out = call.send().await.map_err(err)?;
        Ok(out.id().unwrap_or_default().to_string())
    }

    async fn change_set(&self, arn: &str) -> Result<ChangeSet, ApiError> {
        let mut changes = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .cfn
                .describe_change_set()
                .change_set_name(arn)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(err)?;
            changes.extend(out.changes().iter().filter_map(change_of));
            let status = match out.status() {
                Some(
                    cfn::ChangeSetStatus::CreatePending | cfn::ChangeSetStatus::CreateInProgress,
                ) => ChangeSetStatus::Pending,
                Some(cfn::ChangeSetStatus::CreateComplete) => ChangeSetStatus::Ready,
                Some(cfn::ChangeSetStatus::Failed) => ChangeSetStatus::Failed,
                Some(other) => ChangeSetStatus::Other(other.as_str().to_string()),
                None => ChangeSetStatus::Other(String::new()),
            };
            match out.next_token() {
                Some(t) if !t.is_empty() && status == ChangeSetStatus::Ready => {
                    token = Some(t.to_string());
                }
                _ => {
                    return Ok(ChangeSet {
                        arn: out.change_set_id().unwrap_or(arn).to_string(),
                        stack_id: out.stack_id().unwrap_or_default().to_string(),
                        status,
                        reason: out.status_reason().map(str::to_string),
                        changes,
                    });
                }
            }
        }
    }

    async fn execute_change_set(&self, arn: &str, disable_rollback: bool) -> Result<(), ApiError> {
        self.cfn
            .execute_change_set()
            .change_set_name(arn)
            .disable_rollback(disable_rollback)
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn delete_change_set(&self, arn: &str) -> Result<(), ApiError> {
        self.cfn
            .delete_change_set()
            .change_set_name(arn)
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn delete_stack(&self, stack: &str, retain: &[String]) -> Result<(), ApiError> {
        self.cfn
            .delete_stack()
            .stack_name(stack)
            .set_retain_resources((!retain.is_empty()).then(|| retain.to_vec()))
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn cancel_update(&self, stack: &str) -> Result<(), ApiError> {
        self.cfn
            .cancel_update_stack()
            .stack_name(stack)
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn rollback_stack(&self, stack: &str) -> Result<(), ApiError> {
        self.cfn
            .rollback_stack()
            .stack_name(stack)
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn continue_update_rollback(&self, stack: &str, skip: &[String]) -> Result<(), ApiError> {
        self.cfn
            .continue_update_rollback()
            .stack_name(stack)
            .set_resources_to_skip((!skip.is_empty()).then(|| skip.to_vec()))
            .send()
            .await
            .map_err(err)?;
        Ok(())
    }

    async fn staging_bucket(&self) -> Result<String, ApiError> {
        let identity = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| api_error(&e))?;
        let account = identity.account().unwrap_or("unknown");
        let bucket = staging_bucket(account, &self.region);
        let s3err = |e: &dyn S3Failure| s3_error(&format!("staging bucket {bucket}"), e);
        match self.s3.head_bucket().bucket(&bucket).send().await {
            Ok(_) => {}
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => {
                let mut create = self.s3.create_bucket().bucket(&bucket);
                if self.region != "us-east-1" {
                    create = create.create_bucket_configuration(
                        s3::CreateBucketConfiguration::builder()
                            .location_constraint(s3::BucketLocationConstraint::from(
                                self.region.as_str(),
                            ))
                            .build(),
                    );
                }
                create.send().await.map_err(|e| s3err(&e))?;
            }
            Err(e) => return Err(s3err(&e)),
        }
        // Applied on every use, so a bucket someone loosened is put right.
        self.s3
            .put_public_access_block()
            .bucket(&bucket)
            .public_access_block_configuration(
                s3::PublicAccessBlockConfiguration::builder()
                    .block_public_acls(true)
                    .ignore_public_acls(true)
                    .block_public_policy(true)
                    .restrict_public_buckets(true)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| s3err(&e))?;
        let by_default = s3::ServerSideEncryptionByDefault::builder()
            .sse_algorithm(s3::ServerSideEncryption::Aes256)
            .build()
            .map_err(|e| built(&bucket, &e))?;
        let encryption = s3::ServerSideEncryptionConfiguration::builder()
            .rules(
                s3::ServerSideEncryptionRule::builder()
                    .apply_server_side_encryption_by_default(by_default)
                    .build(),
            )
            .build()
            .map_err(|e| built(&bucket, &e))?;
        self.s3
            .put_bucket_encryption()
            .bucket(&bucket)
            .server_side_encryption_configuration(encryption)
            .send()
            .await
            .map_err(|e| s3err(&e))?;
        self.s3
            .put_bucket_versioning()
            .bucket(&bucket)
            .versioning_configuration(
                s3::VersioningConfiguration::builder()
                    .status(s3::BucketVersioningStatus::Enabled)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| s3err(&e))?;
        let deny_plain_http = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}
            }]
        });
        if !self.plain_http {
            self.s3
                .put_bucket_policy()
                .bucket(&bucket)
                .policy(deny_plain_http.to_string())
                .send()
                .await
                .map_err(|e| s3err(&e))?;
        }
        Ok(bucket)
    }

    async fn upload(&self, bucket: &str, key: &str, body: &[u8]) -> Result<String, ApiError> {
        let content_type = if key.ends_with(".zip") {
            "application/zip"
        } else {
            "application/json"
        };
        self.s3
            .put_object()
            .bucket(bucket)
            .key(key)
            .content_type(content_type)
            .body(aws_sdk_s3::primitives::ByteStream::from(body.to_vec()))
            .send()
            .await
            .map_err(|e| s3_error(&format!("uploading s3://{bucket}/{key}"), &e))?;
        Ok(format!(
            "https://{bucket}.s3.{}.amazonaws.com/{key}",
            self.region
        ))
    }

    async fn ssm_parameter(&self, name: &str) -> Result<String, ApiError> {
        let out = self
            .ssm
            .get_parameter()
            .name(name)
            .send()
            .await
            .map_err(err)?;
        out.parameter()
            .and_then(|p| p.value())
            .map(str::to_string)
            .ok_or_else(|| ApiError {
                code: None,
                message: format!("Systems Manager parameter {name} has no value"),
            })
    }

    async fn hosted_zone_id(&self, zone: &str) -> Result<String, ApiError> {
        let wanted = format!("{}.", zone.trim_end_matches('.'));
        let out = self
            .route53
            .list_hosted_zones_by_name()
            .dns_name(&wanted)
            .max_items(10)
            .send()
            .await
            .map_err(err)?;
        crate::deploy::api::public_zone_id(
            zone,
            out.hosted_zones().iter().map(|z| {
                (
                    z.name(),
                    z.id(),
                    z.config().is_some_and(|c| c.private_zone()),
                )
            }),
        )
    }

    async fn fleet(&self, group: &str) -> Result<Vec<FleetInstance>, ApiError> {
        use aws_sdk_ec2::types::Filter;
        let mut pages = self
            .ec2
            .describe_instances()
            .filters(
                Filter::builder()
                    .name("tag:aws:autoscaling:groupName")
                    .values(group)
                    .build(),
            )
            .filters(
                Filter::builder()
                    .name("instance-state-name")
                    .values("pending")
                    .values("running")
                    .build(),
            )
            .into_paginator()
            .send();
        let mut out = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(err)?;
            for instance in page.reservations().iter().flat_map(|r| r.instances()) {
                let version = instance
                    .tags()
                    .iter()
                    .find(|t| t.key() == Some("aws:ec2launchtemplate:version"))
                    .and_then(|t| t.value())
                    .and_then(|v| v.parse().ok());
                out.push(FleetInstance {
                    id: instance.instance_id().unwrap_or_default().to_string(),
                    launch_template_version: version,
                });
            }
        }
        Ok(out)
    }

    async fn pause(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}
