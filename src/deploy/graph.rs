//! Deploying a stack graph: every stack through [`flow::deploy`], walked by [`walk`] so that
//! independent stacks run together and each dependent starts once its producers are done,
//! with their outputs filled into its parameters.

use super::api::ApiError;
use super::api::DeployApi;
use super::flow::{self, Deployed, Request};
use super::walk::{OnFailure, Turn, walk};
use super::watch::Polling;
use super::{Approval, DeployError, Observer, Progress};
use crate::synth::{Pin, StackInput, ZoneLookup};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// One stack of the graph, ready to deploy.
#[derive(Debug, Clone)]
pub struct GraphStack {
    /// The stack's full name.
    pub name: String,
    /// Its suffix in the graph (empty for a single stack).
    pub suffix: String,
    /// Its region.
    pub region: String,
    /// Its template, as deployed.
    pub template: String,
    /// Parameters fed from other stacks' outputs.
    pub inputs: Vec<StackInput>,
    /// Parameters pinned from Systems Manager (the web tier's AMI).
    pub pins: Vec<Pin>,
    /// Parameters filled with a Route 53 hosted zone's ID.
    pub zones: Vec<ZoneLookup>,
    /// Packaged worker code to upload to the staging bucket first, by key; the stack's
    /// `CodeBucket` parameter is then the bucket's name.
    pub uploads: Vec<Upload>,
    /// Stack tags.
    pub tags: Vec<(String, String)>,
}

/// An object deploy puts in the staging bucket before the stack's change set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The key (content-addressed).
    pub key: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// How the graph is deployed; every stack gets the same per-stack settings.
#[derive(Debug, Clone)]
pub struct GraphOptions {
    /// Stacks in flight at once.
    pub concurrency: usize,
    /// What a failure does to the rest.
    pub on_failure: OnFailure,
    /// Stateful resources that may be replaced or deleted: a logical ID (in any stack) or
    /// `STACK/ID` (in that stack only).
    pub allow_replace: BTreeSet<String>,
    /// How approval is obtained.
    pub approval: Approval,
    /// Keep failed resources instead of rolling back.
    pub disable_rollback: bool,
    /// How long to wait for an operation already running on a stack.
    pub wait_for_busy: Duration,
    /// Polling intervals.
    pub polling: Polling,
    /// Resolve pinned parameters afresh instead of keeping their deployed values.
    pub refresh_images: bool,
}

/// The allowances that apply to one stack: bare logical IDs, and `STACK/ID` for this stack.
fn allowances_for(stack: &str, allowed: &BTreeSet<String>) -> BTreeSet<String> {
    allowed
        .iter()
        .filter_map(|entry| match entry.split_once('/') {
            Some((s, id)) if s == stack => Some(id.to_string()),
            Some(_) => None,
            None => Some(entry.clone()),
        })
        .collect()
}

/// Why one stack of the graph did not deploy.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StackFailure {
    /// Its deploy flow stopped.
    #[error(transparent)]
    Deploy(#[from] Box<DeployError>),
    /// A producer finished without an output this stack reads.
    #[error(
        "stack `{stack}` needs output {output} of its `{from}` stack, which AWS did not report"
    )]
    MissingOutput {
        /// The stack.
        stack: String,
        /// The producer (suffix).
        from: String,
        /// The output.
        output: String,
    },
    /// No client was given for the stack's region.
    #[error("no AWS client for region {0}")]
    NoClient(String),
}

/// Deploy `stacks` (with `deps`, each stack's dependencies by index) through the client of
/// each stack's region in `apis`; `observer` is called as each stack starts. Returns every
/// stack's turn, by index.
pub async fn deploy_graph<A, O, F>(
    stacks: &[GraphStack],
    deps: &[Vec<usize>],
    apis: &BTreeMap<String, A>,
    options: &GraphOptions,
    mut observer: F,
) -> Vec<Turn<Deployed, StackFailure>>
where
    A: DeployApi,
    O: Observer,
    F: FnMut(&GraphStack) -> O,
{
    let outputs: RefCell<BTreeMap<String, BTreeMap<String, String>>> = RefCell::default();
    walk(deps, options.concurrency, options.on_failure, |i| {
        let stack = &stacks[i];
        let mut observer = observer(stack);
        let outputs = &outputs;
        async move {
            let mut parameters = inputs(stack, &outputs.borrow())?;
            let api = apis
                .get(&stack.region)
                .ok_or_else(|| StackFailure::NoClient(stack.region.clone()))?;
            parameters.extend(
                pinned(api, stack, options.refresh_images, &mut observer)
                    .await
                    .map_err(|e| Box::new(DeployError::Api(e)))?,
            );
            if !stack.uploads.is_empty() {
                let bucket = api
                    .staging_bucket()
                    .await
                    .map_err(|e| Box::new(DeployError::Api(e)))?;
                for upload in &stack.uploads {
                    observer.report(Progress::Step(&format!(
                        "uploading worker code s3://{bucket}/{} ({} bytes)",
                        upload.key,
                        upload.bytes.len()
                    )));
                    api.upload(&bucket, &upload.key, &upload.bytes)
                        .await
                        .map_err(|e| Box::new(DeployError::Api(e)))?;
                }
                parameters.push((crate::synth::CODE_BUCKET.to_string(), bucket));
            }
            for lookup in &stack.zones {
                let id = api
                    .hosted_zone_id(&lookup.zone)
                    .await
                    .map_err(|e| Box::new(DeployError::Api(e)))?;
                observer.report(Progress::Step(&format!(
                    "{} is {id} (the Route 53 hosted zone {})",
                    lookup.parameter, lookup.zone
                )));
                parameters.push((lookup.parameter.clone(), id));
            }
            let request = Request {
                stack_name: stack.name.clone(),
                template: stack.template.clone(),
                parameters,
                tags: stack.tags.clone(),
                allow_replace: allowances_for(&stack.name, &options.allow_replace),
                approval: options.approval,
                disable_rollback: options.disable_rollback,
                wait_for_busy: options.wait_for_busy,
                polling: options.polling,
            };
            let deployed = flow::deploy(api, &request, &mut observer)
                .await
                .map_err(Box::new)?;
            outputs.borrow_mut().insert(
                stack.suffix.clone(),
                deployed
                    .stack()
                    .outputs
                    .iter()
                    .map(|o| (o.key.clone(), o.value.clone()))
                    .collect(),
            );
            Ok(deployed)
        }
    })
    .await
}

/// The values of `stack`'s pinned parameters: the deployed value when the stack has one
/// (so a redeploy never picks up a new AMI by itself), else, or with `refresh`, the
/// Systems Manager parameter's value now.
async fn pinned<A: DeployApi, O: Observer>(
    api: &A,
    stack: &GraphStack,
    refresh: bool,
    observer: &mut O,
) -> Result<Vec<(String, String)>, ApiError> {
    if stack.pins.is_empty() {
        return Ok(Vec::new());
    }
    let deployed = api.stack(&stack.name).await?;
    // The deployed template says which SSM parameter each pinned value came from (in the
    // parameter's description, or its default before pinning): a value pinned from another
    // one (an x86_64 image for a stage now on Graviton) is resolved afresh.
    let deployed_template: serde_json::Value = match &deployed {
        // A stack with no readable template (a create that never ran) pins afresh.
        Some(s) => api
            .template(&s.id)
            .await
            .ok()
            .and_then(|body| serde_json::from_str(&body).ok())
            .unwrap_or_default(),
        None => serde_json::Value::Null,
    };
    let mut values = Vec::new();
    for pin in &stack.pins {
        let kept = kept_pin(
            pin,
            &deployed_template,
            deployed.as_ref().and_then(|s| s.parameter(&pin.parameter)),
        );
        let value = match kept {
            Some(value) if !refresh => {
                observer.report(Progress::Step(&format!(
                    "{} stays {value} (pinned; deploy --refresh-images takes the newest from {})",
                    pin.parameter, pin.ssm_path
                )));
                value.to_string()
            }
            _ => {
                let value = api.ssm_parameter(&pin.ssm_path).await?;
                let was = match kept {
                    Some(old) if old != value => format!(", was {old}"),
                    Some(_) => ", unchanged".to_string(),
                    None => String::new(),
                };
                observer.report(Progress::Step(&format!(
                    "{} pinned to {value} (the current value of {}{was})",
                    pin.parameter, pin.ssm_path
                )));
                value
            }
        };
        values.push((pin.parameter.clone(), value));
    }
    Ok(values)
}

/// The deployed value of `pin` worth keeping: one the deployed template says came from the
/// same SSM parameter (in the parameter's description, or its default before pinning), and
/// that is a value, not a path (what an SSM-typed parameter reports when it has no resolved
/// value).
fn kept_pin<'a>(
    pin: &Pin,
    deployed_template: &serde_json::Value,
    deployed_value: Option<&'a str>,
) -> Option<&'a str> {
    let declared = &deployed_template["Parameters"][pin.parameter.as_str()];
    let same_source = ["Description", "Default"].iter().any(|k| {
        declared[*k]
            .as_str()
            .is_some_and(|text| text.contains(pin.ssm_path.as_str()))
    });
    deployed_value.filter(|v| same_source && !v.is_empty() && !v.starts_with('/'))
}

/// The parameters of `stack` from the outputs of the stacks it reads.
fn inputs(
    stack: &GraphStack,
    outputs: &BTreeMap<String, BTreeMap<String, String>>,
) -> Result<Vec<(String, String)>, StackFailure> {
    stack
        .inputs
        .iter()
        .map(|input| {
            outputs
                .get(&input.from_stack)
                .and_then(|o| o.get(&input.output))
                .map(|value| (input.parameter.clone(), value.clone()))
                .ok_or_else(|| StackFailure::MissingOutput {
                    stack: stack.name.clone(),
                    from: input.from_stack.clone(),
                    output: input.output.clone(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Pin, allowances_for, kept_pin};
    use serde_json::json;

    #[test]
    fn a_pinned_image_is_kept_only_from_the_same_source() {
        let x86 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
        let pin = Pin {
            parameter: "WebAmiId".to_string(),
            ssm_path: x86.to_string(),
        };
        let pinned = json!({"Parameters": {"WebAmiId": {"Type": "AWS::EC2::Image::Id",
            "Description": format!("AMI of the web tier. resolved once from {x86} ...")}}});
        assert_eq!(kept_pin(&pin, &pinned, Some("ami-1")), Some("ami-1"));
        // Before pinning, an SSM-typed parameter with the path as its default: its resolved
        // value is kept, the path itself never.
        let typed = json!({"Parameters": {"WebAmiId": {
            "Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "Default": x86}}});
        assert_eq!(kept_pin(&pin, &typed, Some("ami-2")), Some("ami-2"));
        assert_eq!(kept_pin(&pin, &typed, Some(x86)), None);
        // Pinned from the arm64 parameter: a stage now on x86_64 takes a new image.
        let arm = json!({"Parameters": {"WebAmiId": {"Type": "AWS::EC2::Image::Id",
            "Description": "resolved once from /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"}}});
        assert_eq!(kept_pin(&pin, &arm, Some("ami-3")), None);
        // No stack, or no value.
        assert_eq!(
            kept_pin(&pin, &serde_json::Value::Null, Some("ami-4")),
            None
        );
        assert_eq!(kept_pin(&pin, &pinned, None), None);
    }

    use std::collections::BTreeSet;

    #[test]
    fn a_qualified_allowance_reaches_only_its_stack() {
        let allowed: BTreeSet<String> = ["Database", "shop-eu-west-1/Cache", "shop/Objects"]
            .into_iter()
            .map(String::from)
            .collect();
        let ids =
            |stack: &str| -> Vec<String> { allowances_for(stack, &allowed).into_iter().collect() };
        assert_eq!(ids("shop-eu-west-1"), ["Cache", "Database"]);
        assert_eq!(ids("shop-us-east-1"), ["Database"]);
        assert_eq!(ids("shop"), ["Database", "Objects"]);
    }
}
