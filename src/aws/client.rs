//! The AWS SDK behind scalectl's traits: configuration (credential chain, profile, endpoint,
//! timeouts, retries), the calls themselves, and the mapping of SDK types onto scalectl's.
//! The only file that imports `aws-sdk-*`.

use super::facts::FactsApi;
use super::{ApiError, ConnectError, Connection};
use crate::deploy::status::StackStatus;
use crate::validate::Zone;
use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_ec2::config::{ProvideCredentials, Region};
use aws_sdk_ec2::error::ProvideErrorMetadata;
use aws_sdk_ec2::types::{Filter, LocationType};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// How long to wait for credentials before saying there are none.
const CREDENTIALS_TIMEOUT: Duration = Duration::from_secs(10);

/// Attempts per call: `AWS_MAX_ATTEMPTS` when set (tests turn retries off with 1), else 3.
fn max_attempts() -> u32 {
    std::env::var("AWS_MAX_ATTEMPTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(3)
}

/// Shared SDK configuration; clients are made per region from it.
#[derive(Debug, Clone)]
pub struct Aws {
    pub(super) config: aws_config::SdkConfig,
    /// Where S3 calls go when overridden (a local emulator): `--endpoint-url`, else
    /// `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`.
    pub(super) s3_endpoint: Option<String>,
}

impl Aws {
    /// Load the standard configuration chain and check that credentials exist, so a missing
    /// setup fails in seconds with a clear message rather than at the first call.
    pub async fn connect(connection: &Connection) -> Result<Self, ConnectError> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(3))
                    .read_timeout(Duration::from_secs(20))
                    .operation_attempt_timeout(Duration::from_secs(25))
                    .operation_timeout(Duration::from_secs(60))
                    .build(),
            )
            .retry_config(RetryConfig::standard().with_max_attempts(max_attempts()));
        if let Some(profile) = &connection.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(url) = &connection.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let config = loader.load().await;
        let Some(provider) = config.credentials_provider() else {
            return Err(ConnectError::NoCredentials(
                "the SDK has no credential provider".to_string(),
            ));
        };
        match tokio::time::timeout(CREDENTIALS_TIMEOUT, provider.provide_credentials()).await {
            Ok(Ok(_)) => Ok(Aws {
                config,
                s3_endpoint: connection
                    .endpoint_url
                    .clone()
                    .or_else(|| std::env::var("AWS_ENDPOINT_URL_S3").ok())
                    .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok()),
            }),
            Ok(Err(e)) => Err(ConnectError::NoCredentials(causes(&e))),
            Err(_) => Err(ConnectError::NoCredentials(format!(
                "none found within {} s",
                CREDENTIALS_TIMEOUT.as_secs()
            ))),
        }
    }

    /// The region from the configuration chain (`AWS_REGION`, the profile), if any.
    pub fn region(&self) -> Option<String> {
        self.config.region().map(|r| r.to_string())
    }

    fn ec2(&self, region: &str) -> aws_sdk_ec2::Client {
        let config = aws_sdk_ec2::config::Builder::from(&self.config)
            .region(Region::new(region.to_string()))
            .build();
        aws_sdk_ec2::Client::from_conf(config)
    }

    fn rds(&self, region: &str) -> aws_sdk_rds::Client {
        let config = aws_sdk_rds::config::Builder::from(&self.config)
            .region(aws_sdk_rds::config::Region::new(region.to_string()))
            .build();
        aws_sdk_rds::Client::from_conf(config)
    }

    fn elasticache(&self, region: &str) -> aws_sdk_elasticache::Client {
        let config = aws_sdk_elasticache::config::Builder::from(&self.config)
            .region(aws_sdk_elasticache::config::Region::new(region.to_string()))
            .build();
        aws_sdk_elasticache::Client::from_conf(config)
    }

    fn quotas(&self, region: &str) -> aws_sdk_servicequotas::Client {
        let config = aws_sdk_servicequotas::config::Builder::from(&self.config)
            .region(aws_sdk_servicequotas::config::Region::new(
                region.to_string(),
            ))
            .build();
        aws_sdk_servicequotas::Client::from_conf(config)
    }
}

pub(super) fn api_error<E>(error: &E) -> ApiError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let code = error.code().map(str::to_string);
    let message = match (error.code(), error.message()) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code.to_string(),
        _ => causes(error),
    };
    ApiError { code, message }
}

impl FactsApi for Aws {
    async fn zones(&self, region: &str) -> Result<Vec<Zone>, ApiError> {
        let out = self
            .ec2(region)
            .describe_availability_zones()
            .send()
            .await
            .map_err(|e| api_error(&e))?;
        let mut zones: Vec<Zone> = out
            .availability_zones()
            .iter()
            // Local and Wavelength zones are not where scalectl places subnets.
            .filter(|z| z.zone_type().is_none_or(|t| t == "availability-zone"))
            .filter_map(|z| {
                Some(Zone {
                    name: z.zone_name()?.to_string(),
                    id: z.zone_id()?.to_string(),
                })
            })
            .collect();
        zones.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(zones)
    }

    async fn offerings(
        &self,
        region: &str,
        instance_types: &[String],
    ) -> Result<BTreeMap<String, BTreeSet<String>>, ApiError> {
        let mut offered: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        if instance_types.is_empty() {
            return Ok(offered);
        }
        let filter = Filter::builder()
            .name("instance-type")
            .set_values(Some(instance_types.to_vec()))
            .build();
        let mut pages = self
            .ec2(region)
            .describe_instance_type_offerings()
            .location_type(LocationType::AvailabilityZoneId)
            .filters(filter)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| api_error(&e))?;
            for o in page.instance_type_offerings() {
                if let (Some(t), Some(zone)) = (o.instance_type(), o.location()) {
                    offered
                        .entry(t.as_str().to_string())
                        .or_default()
                        .insert(zone.to_string());
                }
            }
        }
        Ok(offered)
    }

    async fn quota(&self, region: &str, service: &str, code: &str) -> Result<f64, ApiError> {
        let out = self
            .quotas(region)
            .get_service_quota()
            .service_code(service)
            .quota_code(code)
            .send()
            .await
            .map_err(|e| api_error(&e))?;
        out.quota().and_then(|q| q.value()).ok_or_else(|| ApiError {
            code: None,
            message: format!("Service Quotas returned no value for {code}"),
        })
    }

    async fn elastic_ip_limit(&self, region: &str) -> Result<Option<f64>, ApiError> {
        let out = self
            .ec2(region)
            .describe_account_attributes()
            .send()
            .await
            .map_err(|e| api_error(&e))?;
        Ok(out
            .account_attributes()
            .iter()
            .find(|a| a.attribute_name() == Some("vpc-max-elastic-ips"))
            .and_then(|a| a.attribute_values().first())
            .and_then(|v| v.attribute_value())
            .and_then(|v| v.parse::<f64>().ok()))
    }

    async fn db_engine_versions(
        &self,
        region: &str,
        engine: &str,
    ) -> Result<Vec<String>, ApiError> {
        // Without `include_all`, only the versions a new instance can be created with.
        let mut pages = self
            .rds(region)
            .describe_db_engine_versions()
            .engine(engine)
            .into_paginator()
            .send();
        let mut versions = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| api_error(&e))?;
            versions.extend(
                page.db_engine_versions()
                    .iter()
                    .filter_map(|v| v.engine_version())
                    .map(str::to_string),
            );
        }
        Ok(versions)
    }

    async fn cache_engine_versions(
        &self,
        region: &str,
        engine: &str,
    ) -> Result<Vec<String>, ApiError> {
        let mut pages = self
            .elasticache(region)
            .describe_cache_engine_versions()
            .engine(engine)
            .into_paginator()
            .send();
        let mut versions = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| api_error(&e))?;
            versions.extend(
                page.cache_engine_versions()
                    .iter()
                    .filter_map(|v| v.engine_version())
                    .map(str::to_string),
            );
        }
        Ok(versions)
    }
}

/// CloudFormation's stack status as scalectl's own type.
pub fn stack_status(status: &aws_sdk_cloudformation::types::StackStatus) -> StackStatus {
    StackStatus::parse(status.as_str())
}

/// An error and its causes, each said once: the SDK's own context printer ends with the
/// error's Debug form, which is no help to a person.
pub(super) fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(e) = next {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::status::{Next, Outcome};
    use aws_sdk_cloudformation::types::StackStatus as Sdk;

    /// Every status the SDK knows, with what it means and what deploy does next.
    const TABLE: &[(&str, Outcome, Next)] = &[
        ("CREATE_IN_PROGRESS", Outcome::InProgress, Next::Wait),
        ("CREATE_FAILED", Outcome::Failed, Next::Resolve),
        ("CREATE_COMPLETE", Outcome::Succeeded, Next::Update),
        ("ROLLBACK_IN_PROGRESS", Outcome::InProgress, Next::Wait),
        ("ROLLBACK_FAILED", Outcome::Failed, Next::Resolve),
        ("ROLLBACK_COMPLETE", Outcome::RolledBack, Next::Recreate),
        ("DELETE_IN_PROGRESS", Outcome::InProgress, Next::Wait),
        ("DELETE_FAILED", Outcome::Failed, Next::Resolve),
        ("DELETE_COMPLETE", Outcome::Succeeded, Next::Create),
        ("UPDATE_IN_PROGRESS", Outcome::InProgress, Next::Wait),
        (
            "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
            Outcome::InProgress,
            Next::Wait,
        ),
        ("UPDATE_COMPLETE", Outcome::Succeeded, Next::Update),
        ("UPDATE_FAILED", Outcome::Failed, Next::Resolve),
        (
            "UPDATE_ROLLBACK_IN_PROGRESS",
            Outcome::InProgress,
            Next::Wait,
        ),
        (
            "UPDATE_ROLLBACK_FAILED",
            Outcome::Failed,
            Next::ContinueRollback,
        ),
        (
            "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
            Outcome::InProgress,
            Next::Wait,
        ),
        (
            "UPDATE_ROLLBACK_COMPLETE",
            Outcome::RolledBack,
            Next::Update,
        ),
        ("REVIEW_IN_PROGRESS", Outcome::Succeeded, Next::Recreate),
        ("IMPORT_IN_PROGRESS", Outcome::InProgress, Next::Wait),
        ("IMPORT_COMPLETE", Outcome::Succeeded, Next::Update),
        (
            "IMPORT_ROLLBACK_IN_PROGRESS",
            Outcome::InProgress,
            Next::Wait,
        ),
        ("IMPORT_ROLLBACK_FAILED", Outcome::Failed, Next::Resolve),
        (
            "IMPORT_ROLLBACK_COMPLETE",
            Outcome::RolledBack,
            Next::Update,
        ),
    ];

    #[test]
    fn every_sdk_stack_status_is_classified() {
        let mut sdk: Vec<&str> = Sdk::values().to_vec();
        let mut table: Vec<&str> = TABLE.iter().map(|(s, _, _)| *s).collect();
        sdk.sort_unstable();
        table.sort_unstable();
        assert_eq!(
            sdk, table,
            "the SDK's statuses changed: classify the new ones"
        );
        for (wire, outcome, next) in TABLE {
            let status = stack_status(&Sdk::from(*wire));
            assert!(!matches!(status, StackStatus::Unknown(_)), "{wire}");
            assert_eq!(status.outcome(), *outcome, "{wire}");
            assert_eq!(status.next(), *next, "{wire}");
        }
        let future = stack_status(&Sdk::from("SOME_FUTURE_STATUS"));
        assert_eq!(future.next(), Next::Refuse);
    }

    #[test]
    fn causes_are_said_once_without_debug_forms() {
        #[derive(Debug, thiserror::Error)]
        #[error("no credentials found in chain")]
        struct Inner;
        #[derive(Debug, thiserror::Error)]
        #[error("the provider failed")]
        struct Outer(#[source] Inner);
        assert_eq!(
            super::causes(&Outer(Inner)),
            "the provider failed: no credentials found in chain"
        );
    }
}
