//! A stage's escape hatches on its synthesized stacks: raw resources go into the stack they
//! name, overrides patch scalectl's resources. [`check`] finds every problem, located by the
//! stage path it comes from; [`apply`] refuses on the first error, so a stage validation has
//! passed always applies.
//!
//! What is checked:
//! - a raw resource: its logical ID (not one scalectl uses in that stack), its stack, its type
//!   and top-level properties against AWS's resource schemas ([`resource_types`]), the
//!   properties the type requires, its policies, and every `Ref`, `Fn::GetAtt`, `${...}` and
//!   `DependsOn` against the logical IDs and parameters of its stack;
//! - an override: the resource and stack it names, the path (`Properties.<a property of the
//!   type>...`, `DeletionPolicy`, ...), the references in its values, and that it drops no
//!   retention policy, deletion protection or encryption unless it says why (`unprotect`).
//!
//! Nested properties of raw resources are not checked against the schemas; cfn-lint, and
//! CloudFormation's change set, are the judges of those.

use super::{StackTemplate, SynthError};
use crate::catalog::resource_types;
use crate::cfn::template::{Resource, RetentionPolicy, default_retention};
use crate::stage::{Override, RawResource, Stage};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// The `Metadata` key marking a resource the stage file added.
pub const RAW_MARK: &str = "scalectl:added-by";

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Refused.
    Error,
    /// Allowed, and shown.
    Warning,
}

/// One problem, at a stage path (`resources.Search.Properties.Foo`, `overrides[0].set.X`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable code.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The stage path of the value at fault.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// Problem codes.
pub mod codes {
    /// A stack suffix no stack has.
    pub const UNKNOWN_STACK: &str = crate::diagnostic::codes::extend::UNKNOWN_STACK;
    /// A logical ID that is malformed or already taken.
    pub const LOGICAL_ID: &str = crate::diagnostic::codes::extend::LOGICAL_ID;
    /// A resource type AWS publishes no schema for.
    pub const UNKNOWN_TYPE: &str = crate::diagnostic::codes::extend::UNKNOWN_TYPE;
    /// A property the type does not have.
    pub const UNKNOWN_PROPERTY: &str = crate::diagnostic::codes::extend::UNKNOWN_PROPERTY;
    /// A property the type requires, missing.
    pub const MISSING_PROPERTY: &str = crate::diagnostic::codes::extend::MISSING_PROPERTY;
    /// A `Ref`, `Fn::GetAtt`, `${...}` or `DependsOn` to nothing in the stack.
    pub const UNKNOWN_REFERENCE: &str = crate::diagnostic::codes::extend::UNKNOWN_REFERENCE;
    /// A `Fn::GetAtt` attribute the type's schema does not list.
    pub const UNKNOWN_ATTRIBUTE: &str = crate::diagnostic::codes::extend::UNKNOWN_ATTRIBUTE;
    /// A deletion or replace policy CloudFormation does not know.
    pub const POLICY: &str = crate::diagnostic::codes::extend::POLICY;
    /// An override of a resource scalectl does not synthesize.
    pub const UNKNOWN_RESOURCE: &str = crate::diagnostic::codes::extend::UNKNOWN_RESOURCE;
    /// An override path that does not lead anywhere.
    pub const PATH: &str = crate::diagnostic::codes::extend::PATH;
    /// An override dropping retention, deletion protection or encryption.
    pub const UNPROTECTED: &str = crate::diagnostic::codes::extend::UNPROTECTED;
}

fn error(code: &'static str, path: String, message: String, help: impl Into<String>) -> Problem {
    Problem {
        code,
        severity: Severity::Error,
        path,
        message,
        help: help.into(),
    }
}

/// Every problem of the stage's raw resources and overrides against its core stacks (as
/// synthesized without them).
pub fn check(stage: &Stage, stacks: &[StackTemplate]) -> Vec<Problem> {
    let mut out = Vec::new();
    let suffixes: Vec<&str> = stacks.iter().map(|s| s.suffix.as_str()).collect();
    for (id, raw) in &stage.resources {
        let path = format!("resources.{id}");
        let Some(stack) = stacks.iter().find(|s| s.suffix == raw.stack) else {
            out.push(unknown_stack(
                &format!("{path}.Stack"),
                &raw.stack,
                &suffixes,
            ));
            continue;
        };
        check_raw(stage, id, raw, stack, &path, &mut out);
    }
    for (i, patch) in stage.overrides.iter().enumerate() {
        check_override(stage, patch, stacks, &format!("overrides[{i}]"), &mut out);
    }
    out
}

/// Add the raw resources and apply the overrides; refuses on the first error [`check`] finds.
pub fn apply(stage: &Stage, stacks: &mut [StackTemplate]) -> Result<(), SynthError> {
    if stage.resources.is_empty() && stage.overrides.is_empty() {
        return Ok(());
    }
    if let Some(first) = check(stage, stacks)
        .into_iter()
        .find(|p| p.severity == Severity::Error)
    {
        return Err(SynthError::reference(first.path, first.message));
    }
    for (i, patch) in stage.overrides.iter().enumerate() {
        for stack in stacks.iter_mut() {
            if patch.stack.as_ref().is_some_and(|s| *s != stack.suffix) {
                continue;
            }
            let Some(resource) = stack.template.resources.get_mut(&patch.resource) else {
                continue;
            };
            for (key, value) in &patch.set {
                patch_resource(resource, key, long_form(value.clone())).map_err(|message| {
                    SynthError::reference(format!("overrides[{i}].set.{key}"), message)
                })?;
            }
        }
    }
    for (id, raw) in &stage.resources {
        if let Some(stack) = stacks.iter_mut().find(|s| s.suffix == raw.stack) {
            stack
                .template
                .resources
                .insert(id.clone(), resource_of(raw));
        }
    }
    Ok(())
}

/// A raw resource as a template resource: scalectl's default retention for a stateful type
/// whose policies are left out, and the mark that says where it came from.
fn resource_of(raw: &RawResource) -> Resource {
    let default = default_retention(&raw.resource_type);
    let mut depends_on = raw.depends_on.clone();
    depends_on.sort();
    depends_on.dedup();
    Resource {
        resource_type: raw.resource_type.clone(),
        condition: None,
        depends_on,
        properties: long_form(Value::Object(raw.properties.clone().into_iter().collect())),
        deletion_policy: raw.deletion_policy.as_deref().and_then(policy).or(default),
        update_replace_policy: raw
            .update_replace_policy
            .as_deref()
            .and_then(policy)
            .or(default),
        update_policy: None,
        metadata: Some(json!({ RAW_MARK: "stage file" })),
    }
}

/// `{"Fn::GetAtt": "Name.Attr"}` (YAML's `!GetAtt Name.Attr`) as the list JSON templates
/// take, `["Name", "Attr"]`, everywhere in `value`.
fn long_form(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("Fn::GetAtt", Value::String(s)) => match s.split_once('.') {
                            Some((name, attribute)) => json!([name, attribute]),
                            None => Value::String(s),
                        },
                        (_, v) => long_form(v),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(long_form).collect()),
        other => other,
    }
}

fn policy(text: &str) -> Option<RetentionPolicy> {
    match text {
        "Retain" => Some(RetentionPolicy::Retain),
        "Snapshot" => Some(RetentionPolicy::Snapshot),
        "Delete" => Some(RetentionPolicy::Delete),
        _ => None,
    }
}

fn unknown_stack(path: &str, suffix: &str, suffixes: &[&str]) -> Problem {
    let named: Vec<String> = suffixes
        .iter()
        .map(|s| {
            if s.is_empty() {
                "\"\" (the stage's own stack)".to_string()
            } else {
                format!("`{s}`")
            }
        })
        .collect();
    error(
        codes::UNKNOWN_STACK,
        path.to_string(),
        format!("the stage has no stack `{suffix}`"),
        format!("use one of: {}", named.join(", ")),
    )
}

fn check_raw(
    stage: &Stage,
    id: &str,
    raw: &RawResource,
    stack: &StackTemplate,
    path: &str,
    out: &mut Vec<Problem>,
) {
    let id_ok = !id.is_empty() && id.len() <= 255 && id.chars().all(|c| c.is_ascii_alphanumeric());
    if !id_ok {
        out.push(error(
            codes::LOGICAL_ID,
            path.to_string(),
            format!("`{id}` is not a CloudFormation logical ID"),
            "use letters and digits only (up to 255), e.g. `SearchDomain`",
        ));
    } else if stack.template.resources.contains_key(id) {
        out.push(error(
            codes::LOGICAL_ID,
            path.to_string(),
            format!("scalectl already makes a resource `{id}` in this stack"),
            format!("pick another logical ID; to change scalectl's `{id}`, use `overrides:`"),
        ));
    }
    let type_path = format!("{path}.Type");
    let custom = raw.resource_type.starts_with("Custom::")
        || raw.resource_type == "AWS::CloudFormation::CustomResource";
    match resource_types::get(&raw.resource_type) {
        _ if custom => {
            if !raw.properties.contains_key("ServiceToken") {
                out.push(error(
                    codes::MISSING_PROPERTY,
                    format!("{path}.Properties"),
                    "a custom resource needs `ServiceToken`".to_string(),
                    "give the ARN of the Lambda function or SNS topic that provides it",
                ));
            }
        }
        None => out.push(error(
            codes::UNKNOWN_TYPE,
            type_path,
            format!(
                "`{}` is not a CloudFormation resource type AWS publishes a schema for",
                raw.resource_type
            ),
            format!(
                "{}check the type in the CloudFormation resource reference (`AWS::Service::Resource`)",
                crate::suggest::did_you_mean(&raw.resource_type, resource_types::names())
            ),
        )),
        Some(info) => {
            for key in raw.properties.keys() {
                if !info.properties.contains(&key.as_str()) {
                    out.push(error(
                        codes::UNKNOWN_PROPERTY,
                        format!("{path}.Properties.{key}"),
                        format!("{} has no property `{key}`", raw.resource_type),
                        format!(
                            "{}its properties are: {}",
                            crate::suggest::did_you_mean(key, info.properties.iter().copied()),
                            info.properties.join(", ")
                        ),
                    ));
                }
            }
            for required in &info.required {
                if !raw.properties.contains_key(*required) {
                    out.push(error(
                        codes::MISSING_PROPERTY,
                        format!("{path}.Properties"),
                        format!("{} requires `{required}`", raw.resource_type),
                        format!("add `{required}` under `Properties`"),
                    ));
                }
            }
        }
    }
    for (field, value) in [
        ("DeletionPolicy", &raw.deletion_policy),
        ("UpdateReplacePolicy", &raw.update_replace_policy),
    ] {
        if let Some(text) = value
            && policy(text).is_none()
        {
            out.push(error(
                codes::POLICY,
                format!("{path}.{field}"),
                format!("`{text}` is not a policy scalectl writes"),
                "use Retain, Snapshot (databases, caches, volumes) or Delete",
            ));
        }
    }
    let names = names_in(stage, stack);
    for (i, dep) in raw.depends_on.iter().enumerate() {
        if !names.resources.contains(dep.as_str()) {
            out.push(unknown_reference(
                &format!("{path}.DependsOn[{i}]"),
                dep,
                &names,
            ));
        }
    }
    for (key, value) in &raw.properties {
        check_references(
            value,
            &format!("{path}.Properties.{key}"),
            &names,
            stage,
            out,
        );
    }
}

/// The names a template in `stack` can reference: its resources (scalectl's and the stage
/// file's), and its parameters.
struct Names<'a> {
    resources: BTreeSet<&'a str>,
    parameters: BTreeSet<&'a str>,
    stack: &'a StackTemplate,
}

fn names_in<'a>(stage: &'a Stage, stack: &'a StackTemplate) -> Names<'a> {
    let mut resources: BTreeSet<&str> = stack
        .template
        .resources
        .keys()
        .map(String::as_str)
        .collect();
    resources.extend(
        stage
            .resources
            .iter()
            .filter(|(_, r)| r.stack == stack.suffix)
            .map(|(id, _)| id.as_str()),
    );
    Names {
        resources,
        parameters: stack
            .template
            .parameters
            .keys()
            .map(String::as_str)
            .collect(),
        stack,
    }
}

fn unknown_reference(path: &str, name: &str, names: &Names<'_>) -> Problem {
    let all = names
        .resources
        .iter()
        .chain(names.parameters.iter())
        .copied();
    error(
        codes::UNKNOWN_REFERENCE,
        path.to_string(),
        format!(
            "`{name}` is not a resource or parameter of stack {}",
            if names.stack.suffix.is_empty() {
                "\"\" (the stage's own)".to_string()
            } else {
                format!("`{}`", names.stack.suffix)
            }
        ),
        format!(
            "{}`scalectl synth` shows the logical IDs of each stack",
            crate::suggest::did_you_mean(name, all)
        ),
    )
}

/// Check every `Ref`, `Fn::GetAtt` and `Fn::Sub` variable in `value`.
fn check_references(
    value: &Value,
    path: &str,
    names: &Names<'_>,
    stage: &Stage,
    out: &mut Vec<Problem>,
) {
    match value {
        Value::Object(map) if map.len() == 1 => {
            if let Some(Value::String(target)) = map.get("Ref") {
                if !target.starts_with("AWS::")
                    && !names.resources.contains(target.as_str())
                    && !names.parameters.contains(target.as_str())
                {
                    out.push(unknown_reference(&format!("{path}.Ref"), target, names));
                }
                return;
            }
            if let Some(att) = map.get("Fn::GetAtt") {
                let (target, attribute) = match att {
                    Value::String(s) => match s.split_once('.') {
                        Some((t, a)) => (t.to_string(), a.to_string()),
                        None => (s.clone(), String::new()),
                    },
                    Value::Array(parts) => (
                        parts
                            .first()
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string(),
                        parts
                            .get(1)
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string(),
                    ),
                    _ => (String::new(), String::new()),
                };
                check_attribute(
                    &target,
                    &attribute,
                    &format!("{path}.Fn::GetAtt"),
                    names,
                    stage,
                    out,
                );
                return;
            }
            if let Some(sub) = map.get("Fn::Sub") {
                let (text, vars) = match sub {
                    Value::String(s) => (s.as_str(), None),
                    Value::Array(parts) => (
                        parts.first().and_then(Value::as_str).unwrap_or(""),
                        parts.get(1).and_then(Value::as_object),
                    ),
                    _ => ("", None),
                };
                for variable in sub_variables(text) {
                    if vars.is_some_and(|v| v.contains_key(variable))
                        || variable.starts_with("AWS::")
                    {
                        continue;
                    }
                    let (target, attribute) = variable.split_once('.').unwrap_or((variable, ""));
                    if attribute.is_empty() {
                        if !names.resources.contains(target) && !names.parameters.contains(target) {
                            out.push(unknown_reference(&format!("{path}.Fn::Sub"), target, names));
                        }
                    } else {
                        check_attribute(
                            target,
                            attribute,
                            &format!("{path}.Fn::Sub"),
                            names,
                            stage,
                            out,
                        );
                    }
                }
                if let Some(vars) = vars {
                    for (k, v) in vars {
                        check_references(v, &format!("{path}.Fn::Sub.{k}"), names, stage, out);
                    }
                }
                return;
            }
            for (k, v) in map {
                check_references(v, &format!("{path}.{k}"), names, stage, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                check_references(v, &format!("{path}.{k}"), names, stage, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_references(v, &format!("{path}[{i}]"), names, stage, out);
            }
        }
        _ => {}
    }
}

/// `${Name}` and `${Name.Attr}` in an `Fn::Sub` string (`${!Literal}` is text).
fn sub_variables(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.starts_with('!') && !name.is_empty() {
            out.push(name);
        }
        rest = &after[end + 1..];
    }
    out
}

fn check_attribute(
    target: &str,
    attribute: &str,
    path: &str,
    names: &Names<'_>,
    stage: &Stage,
    out: &mut Vec<Problem>,
) {
    if !names.resources.contains(target) {
        out.push(unknown_reference(path, target, names));
        return;
    }
    // The stage file's own resources: the attribute must be one the type's schema lists.
    let Some(raw) = stage
        .resources
        .get(target)
        .filter(|r| r.stack == names.stack.suffix)
    else {
        return;
    };
    if let Some(info) = resource_types::get(&raw.resource_type)
        && !info.attributes.contains(&attribute)
    {
        out.push(Problem {
            code: codes::UNKNOWN_ATTRIBUTE,
            severity: Severity::Warning,
            path: path.to_string(),
            message: format!(
                "{} `{target}` lists no attribute `{attribute}` in its schema",
                raw.resource_type
            ),
            help: format!(
                "{}the schema lists: {}",
                crate::suggest::did_you_mean(attribute, info.attributes.iter().copied()),
                info.attributes.join(", ")
            ),
        });
    }
}

/// Where an override may point: the first segment of its path.
const OVERRIDE_ROOTS: &[&str] = &[
    "Properties",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "DependsOn",
    "Metadata",
    "UpdatePolicy",
];

fn check_override(
    stage: &Stage,
    patch: &Override,
    stacks: &[StackTemplate],
    path: &str,
    out: &mut Vec<Problem>,
) {
    if let Some(suffix) = &patch.stack
        && !stacks.iter().any(|s| s.suffix == *suffix)
    {
        let suffixes: Vec<&str> = stacks.iter().map(|s| s.suffix.as_str()).collect();
        out.push(unknown_stack(&format!("{path}.stack"), suffix, &suffixes));
        return;
    }
    let targets: Vec<(&StackTemplate, &Resource)> = stacks
        .iter()
        .filter(|s| patch.stack.as_ref().is_none_or(|want| *want == s.suffix))
        .filter_map(|s| s.template.resources.get(&patch.resource).map(|r| (s, r)))
        .collect();
    if targets.is_empty() {
        let all = stacks
            .iter()
            .flat_map(|s| s.template.resources.keys().map(String::as_str));
        out.push(error(
            codes::UNKNOWN_RESOURCE,
            format!("{path}.resource"),
            format!("scalectl makes no resource `{}`", patch.resource),
            format!(
                "{}`scalectl synth` shows the logical IDs; to add a resource, use `resources:`",
                crate::suggest::did_you_mean(&patch.resource, all)
            ),
        ));
        return;
    }
    let mut dropped = Vec::new();
    for (key, value) in &patch.set {
        let at = format!("{path}.set.{key}");
        let segments: Vec<&str> = key.split('.').collect();
        let root = segments.first().copied().unwrap_or_default();
        if !OVERRIDE_ROOTS.contains(&root) {
            out.push(error(
                codes::PATH,
                at,
                format!("`{key}` does not start with a part of a resource"),
                format!("start the path with one of: {}", OVERRIDE_ROOTS.join(", ")),
            ));
            continue;
        }
        for (stack, resource) in &targets {
            if root == "Properties" {
                let Some(property) = segments.get(1) else {
                    out.push(error(
                        codes::PATH,
                        at.clone(),
                        "an override replaces one property at a time, not `Properties` whole"
                            .to_string(),
                        "name the property: `Properties.<Name>`",
                    ));
                    break;
                };
                if let Some(info) = resource_types::get(&resource.resource_type)
                    && !info.properties.contains(property)
                {
                    out.push(error(
                        codes::UNKNOWN_PROPERTY,
                        at.clone(),
                        format!("{} has no property `{property}`", resource.resource_type),
                        format!(
                            "{}its properties are: {}",
                            crate::suggest::did_you_mean(property, info.properties.iter().copied()),
                            info.properties.join(", ")
                        ),
                    ));
                    break;
                }
            }
            let mut trial = (*resource).clone();
            if let Err(message) = patch_resource(&mut trial, key, value.clone()) {
                out.push(error(
                    codes::PATH,
                    at.clone(),
                    message,
                    "check the path against `scalectl synth`'s template",
                ));
                break;
            }
            if let Some(what) = drops_protection(resource, key, value) {
                dropped.push((at.clone(), what));
            }
            let names = names_in(stage, stack);
            check_references(value, &at, &names, stage, out);
        }
    }
    dropped.sort();
    dropped.dedup();
    for (at, what) in dropped {
        match &patch.unprotect {
            None => out.push(error(
                codes::UNPROTECTED,
                at,
                format!("this override drops {what} of `{}`", patch.resource),
                "if that is meant, say why in `unprotect: \"<reason>\"` on this override; it is then shown as a warning on every run",
            )),
            Some(reason) => out.push(Problem {
                code: codes::UNPROTECTED,
                severity: Severity::Warning,
                path: at,
                message: format!("this override drops {what} of `{}`: {reason}", patch.resource),
                help: "remove the override (or its `unprotect`) to restore scalectl's protection".to_string(),
            }),
        }
    }
}

/// Property names whose change can weaken encryption or protection.
fn protective(segment: &str) -> bool {
    let s = segment.to_ascii_lowercase();
    s.contains("encrypt")
        || s.starts_with("sse")
        || s.contains("kmskeyid")
        || s.contains("kmsmasterkeyid")
        || s.starts_with("deletionprotection")
        || s == "publicaccessblockconfiguration"
        || s == "metadataoptions"
}

/// True when `value` holds anything [`protective`], or the load balancer's deletion
/// protection attribute.
fn holds_protection(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| protective(k) || holds_protection(v)),
        Value::Array(items) => items.iter().any(holds_protection),
        Value::String(s) => s == "deletion_protection.enabled",
        _ => false,
    }
}

/// What protection setting `key` to `value` on `resource` would drop, if any.
fn drops_protection(resource: &Resource, key: &str, value: &Value) -> Option<&'static str> {
    let keeps = |v: &Value| {
        matches!(
            v.as_str(),
            Some("Retain" | "Snapshot" | "RetainExceptOnCreate")
        )
    };
    if key == "DeletionPolicy" || key == "UpdateReplacePolicy" {
        let current = if key == "DeletionPolicy" {
            resource.deletion_policy
        } else {
            resource.update_replace_policy
        };
        let retained = matches!(
            current,
            Some(RetentionPolicy::Retain | RetentionPolicy::Snapshot)
        );
        return (retained && !keeps(value)).then_some("a retention policy");
    }
    let segments: Vec<&str> = key.split('.').collect();
    if segments.iter().any(|s| protective(s)) {
        return Some("encryption or deletion protection");
    }
    let before = resource_value(resource, key);
    (before.as_ref().is_some_and(holds_protection)).then_some("encryption or deletion protection")
}

/// The value at `key` in a resource, if there is one.
fn resource_value(resource: &Resource, key: &str) -> Option<Value> {
    let whole = serde_json::to_value(resource).ok()?;
    let pointer: String = key.split('.').map(|s| format!("/{s}")).collect();
    whole.pointer(&pointer).cloned()
}

/// Set (or, with `null`, remove) the value at `key` of a resource.
fn patch_resource(resource: &mut Resource, key: &str, value: Value) -> Result<(), String> {
    let segments: Vec<&str> = key.split('.').collect();
    match segments.as_slice() {
        ["Properties", rest @ ..] if !rest.is_empty() => {
            set_path(&mut resource.properties, rest, value)
        }
        ["DeletionPolicy"] | ["UpdateReplacePolicy"] => {
            let parsed = match &value {
                Value::Null => None,
                Value::String(s) => Some(policy(s).ok_or_else(|| {
                    format!("`{s}` is not a policy scalectl writes (Retain, Snapshot, Delete)")
                })?),
                _ => return Err("a policy is Retain, Snapshot or Delete".to_string()),
            };
            if segments[0] == "DeletionPolicy" {
                resource.deletion_policy = parsed;
            } else {
                resource.update_replace_policy = parsed;
            }
            Ok(())
        }
        ["DependsOn"] => {
            let list: Vec<String> = match value {
                Value::Null => Vec::new(),
                Value::String(s) => vec![s],
                Value::Array(items) => items
                    .into_iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .ok_or("DependsOn lists logical IDs")
                    })
                    .collect::<Result<_, _>>()?,
                _ => return Err("DependsOn lists logical IDs".to_string()),
            };
            resource.depends_on = list;
            resource.depends_on.sort();
            resource.depends_on.dedup();
            Ok(())
        }
        ["Metadata", rest @ ..] | ["UpdatePolicy", rest @ ..] => {
            let slot = if segments[0] == "Metadata" {
                &mut resource.metadata
            } else {
                &mut resource.update_policy
            };
            if rest.is_empty() {
                *slot = (!value.is_null()).then_some(value);
                return Ok(());
            }
            let root = slot.get_or_insert_with(|| Value::Object(Map::new()));
            set_path(root, rest, value)
        }
        _ => Err(format!("`{key}` does not lead to a part of a resource")),
    }
}

/// Set `value` at `segments` below `root`, creating objects on the way; list items by index
/// (an index one past the end appends). `null` removes.
fn set_path(root: &mut Value, segments: &[&str], value: Value) -> Result<(), String> {
    let Some((head, rest)) = segments.split_first() else {
        *root = value;
        return Ok(());
    };
    match root {
        Value::Object(map) => {
            if rest.is_empty() {
                if value.is_null() {
                    map.remove(*head);
                } else {
                    map.insert((*head).to_string(), value);
                }
                return Ok(());
            }
            let child = map
                .entry((*head).to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            set_path(child, rest, value)
        }
        Value::Array(items) => {
            let index: usize = head
                .parse()
                .map_err(|_| format!("`{head}` is not a list index (this part is a list)"))?;
            if rest.is_empty() {
                match (index.cmp(&items.len()), value.is_null()) {
                    (std::cmp::Ordering::Less, true) => {
                        items.remove(index);
                    }
                    (std::cmp::Ordering::Less, false) => items[index] = value,
                    (std::cmp::Ordering::Equal, false) => items.push(value),
                    _ => {
                        return Err(format!(
                            "the list has {} items; index {index} is past its end",
                            items.len()
                        ));
                    }
                }
                return Ok(());
            }
            let len = items.len();
            let child = items.get_mut(index).ok_or_else(|| {
                format!("the list has {len} items; index {index} is past its end")
            })?;
            set_path(child, rest, value)
        }
        other => Err(format!(
            "`{head}` is below a {} value, which has no parts",
            match other {
                Value::String(_) => "text",
                Value::Number(_) => "number",
                Value::Bool(_) => "true/false",
                _ => "null",
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage_with(yaml_resources: Value, overrides: Value) -> (Stage, Vec<StackTemplate>) {
        let mut stage = crate::stage::builtin::golden("stage2");
        stage.resources = serde_json::from_value(yaml_resources).unwrap_or_default();
        stage.overrides = serde_json::from_value(overrides).unwrap_or_default();
        let mut core = stage.clone();
        core.resources.clear();
        core.overrides.clear();
        let stacks = super::super::synthesize(&core).unwrap_or_default();
        (stage, stacks)
    }

    fn codes(problems: &[Problem]) -> Vec<(&'static str, String)> {
        problems.iter().map(|p| (p.code, p.path.clone())).collect()
    }

    #[test]
    fn a_valid_raw_resource_and_override_apply() {
        let (stage, mut stacks) = stage_with(
            json!({"Events": {"Type": "AWS::Kinesis::Stream", "Properties": {
                "ShardCount": 1,
                "StreamEncryption": {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"},
                "Tags": [{"Key": "lb", "Value": {"Fn::GetAtt": ["LoadBalancer", "DNSName"]}}]}}}),
            json!([{"resource": "Database", "set": {"Properties.BackupRetentionPeriod": 14}}]),
        );
        assert_eq!(check(&stage, &stacks), Vec::new());
        assert!(apply(&stage, &mut stacks).is_ok());
        let template = &stacks[0].template;
        assert_eq!(
            template.resources["Events"].resource_type,
            "AWS::Kinesis::Stream"
        );
        assert_eq!(
            template.resources["Database"].properties["BackupRetentionPeriod"],
            14
        );
    }

    #[test]
    fn raw_resources_are_refused_where_they_are_wrong() {
        let (stage, stacks) = stage_with(
            json!({
                "Database": {"Type": "AWS::SQS::Queue"},
                "Stream": {"Type": "AWS::Kinesis::Streem"},
                "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueNam": "x",
                    "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": ["Nowhere", "Arn"]}},
                    "Tags": [{"Key": "k", "Value": {"Fn::Sub": "${Databse.Endpoint.Address}-${AWS::Region}-${!x}"}}]},
                    "DependsOn": ["LoadBalancer", "Ghost"]},
                "Far": {"Type": "AWS::SQS::Queue", "Stack": "eu-west-1"},
                "Table": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Keep",
                    "Properties": {"KeySchema": [], "Tags": [{"Key": "a", "Value": {"Ref": "Queue"}}]}},
            }),
            json!([]),
        );
        let found = codes(&check(&stage, &stacks));
        for expected in [
            (codes::LOGICAL_ID, "resources.Database"),
            (codes::UNKNOWN_TYPE, "resources.Stream.Type"),
            (
                codes::UNKNOWN_PROPERTY,
                "resources.Queue.Properties.QueueNam",
            ),
            (
                codes::UNKNOWN_REFERENCE,
                "resources.Queue.Properties.RedrivePolicy.deadLetterTargetArn.Fn::GetAtt",
            ),
            (
                codes::UNKNOWN_REFERENCE,
                "resources.Queue.Properties.Tags[0].Value.Fn::Sub",
            ),
            (codes::UNKNOWN_REFERENCE, "resources.Queue.DependsOn[1]"),
            (codes::UNKNOWN_STACK, "resources.Far.Stack"),
            (codes::POLICY, "resources.Table.DeletionPolicy"),
        ] {
            assert!(
                found.contains(&(expected.0, expected.1.to_string())),
                "{expected:?} not in {found:#?}"
            );
        }
        // A reference to another raw resource in the same stack resolves.
        assert!(
            !found
                .iter()
                .any(|(_, p)| p.starts_with("resources.Table.Properties.Tags"))
        );
        // One error per problem: the unknown type is not also an unknown property.
        assert_eq!(
            found
                .iter()
                .filter(|(_, p)| p.starts_with("resources.Stream"))
                .count(),
            1
        );
    }

    #[test]
    fn overrides_that_drop_protection_need_a_reason() {
        let set = |set: Value, unprotect: Option<&str>| {
            let mut o = json!({"resource": "Database", "set": set});
            if let Some(u) = unprotect {
                o["unprotect"] = json!(u);
            }
            json!([o])
        };
        for patch in [
            json!({"DeletionPolicy": "Delete"}),
            json!({"Properties.StorageEncrypted": false}),
            json!({"Properties.DeletionProtection": false}),
        ] {
            let (stage, stacks) = stage_with(json!({}), set(patch.clone(), None));
            let found = check(&stage, &stacks);
            assert_eq!(found.len(), 1, "{patch}: {found:#?}");
            assert_eq!(found[0].code, codes::UNPROTECTED);
            assert_eq!(found[0].severity, Severity::Error);
            let (stage, stacks) = stage_with(json!({}), set(patch.clone(), Some("scratch copy")));
            let found = check(&stage, &stacks);
            assert_eq!(found.len(), 1, "{patch}");
            assert_eq!(found[0].severity, Severity::Warning);
            assert!(found[0].message.contains("scratch copy"));
        }
        // Keeping a retention policy is no drop.
        let (stage, stacks) = stage_with(json!({}), set(json!({"DeletionPolicy": "Retain"}), None));
        assert_eq!(check(&stage, &stacks), Vec::new());
        // Replacing the load balancer's attributes whole would drop its deletion protection.
        let (stage, stacks) = stage_with(
            json!({}),
            json!([{"resource": "LoadBalancer", "set": {"Properties.LoadBalancerAttributes": []}}]),
        );
        assert_eq!(check(&stage, &stacks)[0].code, codes::UNPROTECTED);
    }

    #[test]
    fn overrides_must_name_real_resources_paths_and_references() {
        let (stage, stacks) = stage_with(
            json!({}),
            json!([
                {"resource": "Databse", "set": {"Properties.X": 1}},
                {"resource": "Database", "set": {
                    "Propertys.X": 1,
                    "Properties.BackupRetentionPerod": 3,
                    "Properties.Tags.99.Value": "x",
                    "Properties.DBParameterGroupName": {"Ref": "NoSuchGroup"}}},
                {"resource": "Database", "stack": "eu-west-1", "set": {"Properties.X": 1}},
            ]),
        );
        let found = codes(&check(&stage, &stacks));
        for expected in [
            (codes::UNKNOWN_RESOURCE, "overrides[0].resource"),
            (codes::PATH, "overrides[1].set.Propertys.X"),
            (
                codes::UNKNOWN_PROPERTY,
                "overrides[1].set.Properties.BackupRetentionPerod",
            ),
            (codes::PATH, "overrides[1].set.Properties.Tags.99.Value"),
            (
                codes::UNKNOWN_REFERENCE,
                "overrides[1].set.Properties.DBParameterGroupName.Ref",
            ),
            (codes::UNKNOWN_STACK, "overrides[2].stack"),
        ] {
            assert!(
                found.contains(&(expected.0, expected.1.to_string())),
                "{expected:?} not in {found:#?}"
            );
        }
    }

    #[test]
    fn paths_set_remove_and_append() {
        let mut v = json!({"A": {"B": [1, 2]}});
        assert!(set_path(&mut v, &["A", "B", "2"], json!(3)).is_ok());
        assert!(set_path(&mut v, &["A", "B", "0"], Value::Null).is_ok());
        assert!(set_path(&mut v, &["A", "C", "D"], json!("x")).is_ok());
        assert_eq!(v, json!({"A": {"B": [2, 3], "C": {"D": "x"}}}));
        assert!(set_path(&mut v, &["A", "B", "7"], json!(1)).is_err());
        assert!(set_path(&mut v, &["A", "C", "D", "E"], json!(1)).is_err());
        assert_eq!(
            sub_variables("${A}-${B.Arn}-${!C}-${AWS::Region}"),
            ["A", "B.Arn", "AWS::Region"]
        );
    }
}
