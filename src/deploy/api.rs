//! The CloudFormation and S3 calls deploy makes, as a trait over plain data. `crate::aws`
//! implements it with the SDK; tests implement it with a scripted fake. One value of the
//! trait talks to one region.

use super::status::StackStatus;
use crate::diff::ChangeSetChange;
use std::time::Duration;

/// A failed AWS call, in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// The service's error code, when it gave one (`AccessDenied`, `NoSuchResourceException`).
    pub code: Option<String>,
    /// What happened.
    pub message: String,
}

impl ApiError {
    /// True when AWS asked the caller to slow down (after the SDK's own retries).
    pub fn is_throttling(&self) -> bool {
        self.code.as_deref().is_some_and(|c| {
            matches!(
                c,
                "Throttling"
                    | "ThrottlingException"
                    | "TooManyRequestsException"
                    | "RequestLimitExceeded"
            )
        })
    }

    /// True when the error says a stack does not exist (CloudFormation's `ValidationError`).
    pub fn is_missing_stack(&self) -> bool {
        self.code.as_deref() == Some("ValidationError") && self.message.contains("does not exist")
    }

    /// True when the caller lacks permission.
    pub fn is_denied(&self) -> bool {
        self.code.as_deref().is_some_and(|c| {
            c.contains("AccessDenied")
                || c.contains("UnauthorizedOperation")
                || c.contains("NotAuthorized")
        })
    }
}

/// A stack as DescribeStacks reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stack {
    /// The stack's ARN.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its status.
    pub status: StackStatus,
    /// Why it is in that status, when AWS says.
    pub reason: Option<String>,
    /// Outputs, in the order AWS gives them.
    pub outputs: Vec<Output>,
    /// Parameter values as deployed (the resolved value of an SSM-typed parameter).
    pub parameters: Vec<(String, String)>,
}

impl Stack {
    /// The deployed value of parameter `key`.
    pub fn parameter(&self, key: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// One stack output.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Output {
    /// The output's key.
    pub key: String,
    /// Its value.
    pub value: String,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One stack event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StackEvent {
    /// Unique event ID.
    pub id: String,
    /// When it happened (RFC 3339).
    pub time: String,
    /// The resource's logical ID (the stack's name for stack-level events).
    pub logical_id: String,
    /// The resource's type (`AWS::CloudFormation::Stack` for stack-level events).
    pub resource_type: String,
    /// The resource status (`CREATE_FAILED`, ...).
    pub status: String,
    /// The reason AWS gives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The resource's physical ID (an Auto Scaling group's name, ...), when it has one.
    #[serde(skip)]
    pub physical_id: Option<String>,
}

/// One instance of an Auto Scaling group, as EC2 describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetInstance {
    /// The instance ID.
    pub id: String,
    /// Its `aws:ec2launchtemplate:version` tag.
    pub launch_template_version: Option<u64>,
}

impl StackEvent {
    /// True for an event about the stack itself rather than one of its resources.
    pub fn is_stack(&self) -> bool {
        self.resource_type == "AWS::CloudFormation::Stack"
    }

    /// True when the resource operation failed.
    pub fn is_failure(&self) -> bool {
        self.status.ends_with("_FAILED")
    }
}

/// Where the template comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateSource {
    /// Inline, up to 51,200 bytes.
    Body(String),
    /// An S3 URL (staged), up to 1 MB.
    Url(String),
}

/// Create or update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeSetKind {
    /// The stack does not exist yet.
    Create,
    /// The stack exists.
    Update,
}

/// Everything CreateChangeSet needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSetRequest {
    /// The stack's name.
    pub stack_name: String,
    /// The change set's name (deterministic: derived from what it deploys).
    pub name: String,
    /// Create or update.
    pub kind: ChangeSetKind,
    /// The template.
    pub template: TemplateSource,
    /// Parameter values (others keep their defaults or, on update, previous values).
    pub parameters: Vec<(String, String)>,
    /// Stack tags.
    pub tags: Vec<(String, String)>,
    /// A description shown in the console.
    pub description: String,
}

/// The state of a change set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeSetStatus {
    /// Still being computed.
    Pending,
    /// Ready to execute.
    Ready,
    /// Could not be created (including "no changes").
    Failed,
    /// Anything else (being deleted, unknown values).
    Other(String),
}

impl std::fmt::Display for ChangeSetStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ChangeSetStatus::Pending => "CREATE_PENDING",
            ChangeSetStatus::Ready => "CREATE_COMPLETE",
            ChangeSetStatus::Failed => "FAILED",
            ChangeSetStatus::Other(status) => status,
        })
    }
}

/// A change set as DescribeChangeSet reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    /// Its ARN (change sets are always addressed by ARN).
    pub arn: String,
    /// The stack's ARN.
    pub stack_id: String,
    /// Its status.
    pub status: ChangeSetStatus,
    /// Why, for a failed change set.
    pub reason: Option<String>,
    /// The resource changes.
    pub changes: Vec<ChangeSetChange>,
}

impl ChangeSet {
    /// True when the change set failed only because there is nothing to change.
    pub fn is_empty_failure(&self) -> bool {
        self.status == ChangeSetStatus::Failed
            && self.reason.as_deref().is_some_and(|r| {
                r.contains("didn't contain changes") || r.contains("No updates are to be performed")
            })
    }
}

/// A change set in ListChangeSets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSetSummary {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
}

/// The CloudFormation (and staging S3) calls of a deploy, in one region.
pub trait DeployApi {
    /// The region the calls go to.
    fn region(&self) -> &str;

    /// DescribeStacks; `None` when there is no such stack.
    fn stack(&self, name: &str) -> impl Future<Output = Result<Option<Stack>, ApiError>>;

    /// GetTemplate (the original template body as deployed).
    fn template(&self, stack: &str) -> impl Future<Output = Result<String, ApiError>>;

    /// DescribeStackEvents: the events newer than `after` (an event ID; all when `None`),
    /// oldest first.
    fn events(
        &self,
        stack: &str,
        after: Option<&str>,
    ) -> impl Future<Output = Result<Vec<StackEvent>, ApiError>>;

    /// ListChangeSets of a stack.
    fn change_sets(
        &self,
        stack: &str,
    ) -> impl Future<Output = Result<Vec<ChangeSetSummary>, ApiError>>;

    /// CreateChangeSet; returns the change set's ARN.
    fn create_change_set(
        &self,
        request: &ChangeSetRequest,
    ) -> impl Future<Output = Result<String, ApiError>>;

    /// DescribeChangeSet by ARN, with all its changes.
    fn change_set(&self, arn: &str) -> impl Future<Output = Result<ChangeSet, ApiError>>;

    /// ExecuteChangeSet by ARN; `disable_rollback` keeps failed resources for inspection.
    fn execute_change_set(
        &self,
        arn: &str,
        disable_rollback: bool,
    ) -> impl Future<Output = Result<(), ApiError>>;

    /// DeleteChangeSet by ARN.
    fn delete_change_set(&self, arn: &str) -> impl Future<Output = Result<(), ApiError>>;

    /// DeleteStack; `retain` only applies to a stack in DELETE_FAILED.
    fn delete_stack(
        &self,
        stack: &str,
        retain: &[String],
    ) -> impl Future<Output = Result<(), ApiError>>;

    /// CancelUpdateStack.
    fn cancel_update(&self, stack: &str) -> impl Future<Output = Result<(), ApiError>>;

    /// RollbackStack (a create or update that failed with rollback disabled).
    fn rollback_stack(&self, stack: &str) -> impl Future<Output = Result<(), ApiError>>;

    /// ContinueUpdateRollback, skipping the named resources.
    fn continue_update_rollback(
        &self,
        stack: &str,
        skip: &[String],
    ) -> impl Future<Output = Result<(), ApiError>>;

    /// Make sure the staging bucket exists with versioning, default encryption and every
    /// public access block on (creating it when missing); returns its name.
    fn staging_bucket(&self) -> impl Future<Output = Result<String, ApiError>>;

    /// Upload an object (a template, a worker's code) to the staging bucket; returns the URL
    /// CloudFormation reads.
    fn upload(
        &self,
        bucket: &str,
        key: &str,
        body: &[u8],
    ) -> impl Future<Output = Result<String, ApiError>>;

    /// GetParameter: the value of a Systems Manager parameter (AWS's public ones included,
    /// such as the latest Amazon Linux AMI).
    fn ssm_parameter(&self, name: &str) -> impl Future<Output = Result<String, ApiError>>;

    /// ListHostedZonesByName: the ID (`Z...`, without `/hostedzone/`) of the public hosted
    /// zone named `zone`; an error naming the zone when the account has none, or only a
    /// private one.
    fn hosted_zone_id(&self, zone: &str) -> impl Future<Output = Result<String, ApiError>>;

    /// DescribeInstances: the pending and running instances of the Auto Scaling group named
    /// `group` (by its `aws:autoscaling:groupName` tag), with their launch template versions.
    fn fleet(&self, group: &str) -> impl Future<Output = Result<Vec<FleetInstance>, ApiError>>;

    /// Wait; the flow's only clock, so a fake can skip time.
    fn pause(&self, duration: Duration) -> impl Future<Output = ()>;
}

/// The ID of the public zone named `zone` among `(name, id, private)` hosted zones as
/// Route 53 lists them (`example.com.`, `/hostedzone/Z123`), without the `/hostedzone/`
/// prefix.
pub fn public_zone_id<'a>(
    zone: &str,
    zones: impl IntoIterator<Item = (&'a str, &'a str, bool)>,
) -> Result<String, ApiError> {
    let wanted = format!("{}.", zone.trim_end_matches('.'));
    let mut private = false;
    for (name, id, is_private) in zones {
        if !name.eq_ignore_ascii_case(&wanted) {
            continue;
        }
        if is_private {
            private = true;
            continue;
        }
        return Ok(id.trim_start_matches("/hostedzone/").to_string());
    }
    Err(ApiError {
        code: Some("NoSuchHostedZone".to_string()),
        message: if private {
            format!(
                "the account has only a private hosted zone named {zone}; the certificate is validated in a public one (create it, or set load_balancer.certificate_arn)"
            )
        } else {
            format!(
                "the account has no public Route 53 hosted zone named {zone}; create it (aws route53 create-hosted-zone --name {zone} --caller-reference $(date +%s)) or set dns.zone to a zone the account has"
            )
        },
    })
}

#[cfg(test)]
mod zone_tests {
    use super::public_zone_id;

    #[test]
    fn the_public_zone_of_that_name_is_chosen() {
        let zones = [
            ("example.com.", "/hostedzone/ZPRIVATE", true),
            ("example.com.", "/hostedzone/ZPUBLIC", false),
        ];
        assert_eq!(
            public_zone_id("example.com", zones).ok().as_deref(),
            Some("ZPUBLIC")
        );
    }

    #[test]
    fn a_missing_or_only_private_zone_is_an_error_naming_it() {
        let err = public_zone_id("example.com", [("example.org.", "/hostedzone/Z1", false)])
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(
            err.contains("no public Route 53 hosted zone named example.com"),
            "{err}"
        );
        let err = public_zone_id("example.com", [("example.com.", "/hostedzone/Z1", true)])
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(err.contains("only a private hosted zone"), "{err}");
    }
}
