//! Predicting a deploy's impact from two templates.
//!
//! A resource's changed properties are looked up in [`update_behavior`]: a create-only
//! property replaces the resource, a conditional one may. Replacement then spreads: a property
//! that references a replaced resource (`Ref`, `Fn::GetAtt`, `Fn::Sub`) gets a new value at
//! deploy time even though its text is unchanged, so it is judged like any changed property.
//! A parameter whose default the new template changes (the web tier's image, given as an AMI
//! ID) changes every property that refers to it. Values resolved only at deploy time (pinned
//! parameters, SSM lookups) are left to the change set.

use super::update_behavior::{self, TypeRule};
use super::{Effect, Impact, OutputDiff, PropertyChange, ResourceDiff, Source, TemplateDiff};
use crate::cfn::template::holds_data;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Resource attributes compared besides `Properties`; they update in place.
const ATTRIBUTES: &[&str] = &[
    "Condition",
    "DependsOn",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "UpdatePolicy",
    "Metadata",
];

/// The diff from the deployed template (`None`: no stack yet) to the new one.
pub fn compare(deployed: Option<&Value>, new: &Value) -> TemplateDiff {
    let old_resources = object(deployed.and_then(|t| t.get("Resources")));
    let new_resources = object(new.get("Resources"));
    let mut resources: BTreeMap<String, ResourceDiff> = BTreeMap::new();

    for (id, new_res) in new_resources {
        let resource_type = type_of(new_res).to_string();
        let Some(old_res) = old_resources.get(id) else {
            resources.insert(
                id.clone(),
                entry(id, &resource_type, &[new_res], Impact::Create, vec![]),
            );
            continue;
        };
        let changes = if type_of(old_res) != resource_type {
            vec![PropertyChange {
                path: "Type".into(),
                before: Value::String(type_of(old_res).into()),
                after: Value::String(resource_type.clone()),
                effect: Effect::Replaces,
                because_of: None,
            }]
        } else {
            changed_properties(&resource_type, old_res, new_res)
        };
        if !changes.is_empty() {
            let impact = impact_of(&changes);
            resources.insert(
                id.clone(),
                entry(id, &resource_type, &[old_res, new_res], impact, changes),
            );
        }
    }
    for (id, old_res) in old_resources {
        if !new_resources.contains_key(id) {
            let retained = matches!(
                old_res.get("DeletionPolicy").and_then(Value::as_str),
                Some("Retain" | "RetainExceptOnCreate")
            );
            let impact = if retained {
                Impact::Orphan
            } else {
                Impact::Destroy
            };
            resources.insert(
                id.clone(),
                entry(id, type_of(old_res), &[old_res], impact, vec![]),
            );
        }
    }
    if let Some(deployed) = deployed {
        let changed = changed_defaults(deployed, new);
        follow_parameters(&mut resources, &changed, old_resources, new_resources);
    }
    spread_replacements(&mut resources, old_resources, new_resources);

    let mut diff = TemplateDiff {
        resources: resources.into_values().collect(),
        outputs: outputs(deployed, new),
        new_stack: deployed.is_none(),
    };
    diff.sort();
    diff
}

/// Parameters whose `Default` differs between the two templates (a parameter without one is
/// filled by deploy, and left to the change set).
fn changed_defaults(deployed: &Value, new: &Value) -> BTreeMap<String, (Value, Value)> {
    let old = object(deployed.get("Parameters"));
    object(new.get("Parameters"))
        .iter()
        .filter_map(|(name, parameter)| {
            let after = parameter.get("Default")?;
            let before = old
                .get(name)
                .and_then(|p| p.get("Default"))
                .cloned()
                .unwrap_or(Value::Null);
            (before != *after).then(|| (name.clone(), (before, after.clone())))
        })
        .collect()
}

/// Each resource in both templates with the same type, with its new properties: (ID, old,
/// new, type, properties).
fn kept_resources<'a>(
    old_resources: &'a Map<String, Value>,
    new_resources: &'a Map<String, Value>,
) -> impl Iterator<
    Item = (
        &'a String,
        &'a Value,
        &'a Value,
        &'a str,
        &'a Map<String, Value>,
    ),
> {
    new_resources.iter().filter_map(|(id, new_res)| {
        let old_res = old_resources.get(id)?;
        let resource_type = type_of(new_res);
        if type_of(old_res) != resource_type {
            return None;
        }
        let props = new_res.get("Properties").and_then(Value::as_object)?;
        Some((id, old_res, new_res, resource_type, props))
    })
}

/// Whether the diff already has a change at `path` of resource `id`.
fn has_change(resources: &BTreeMap<String, ResourceDiff>, id: &str, path: &str) -> bool {
    resources
        .get(id)
        .is_some_and(|existing| existing.changes.iter().any(|c| c.path == path))
}

/// Add a change to resource `id`'s diff (created as an update), raising its impact.
fn push_change(
    resources: &mut BTreeMap<String, ResourceDiff>,
    (id, old_res, new_res, resource_type): (&str, &Value, &Value, &str),
    change: PropertyChange,
) {
    let diff = resources.entry(id.to_string()).or_insert_with(|| {
        entry(
            id,
            resource_type,
            &[old_res, new_res],
            Impact::Update,
            vec![],
        )
    });
    diff.changes.push(change);
    diff.impact = diff.impact.max(impact_of(&diff.changes));
}

/// Properties that `Ref` a parameter whose default changed get its new value: judged like a
/// changed property, caused by the parameter.
fn follow_parameters(
    resources: &mut BTreeMap<String, ResourceDiff>,
    changed: &BTreeMap<String, (Value, Value)>,
    old_resources: &Map<String, Value>,
    new_resources: &Map<String, Value>,
) {
    if changed.is_empty() {
        return;
    }
    for (id, old_res, new_res, resource_type, props) in kept_resources(old_resources, new_resources)
    {
        let rule = update_behavior::rule(resource_type);
        for (name, value) in props {
            let path = format!("Properties/{name}");
            if has_change(resources, id, &path) {
                continue;
            }
            let mut refs = BTreeMap::new();
            references(value, &mut refs);
            let Some((parameter, (before, after))) =
                changed.iter().find(|(p, _)| refs.contains_key(*p))
            else {
                continue;
            };
            let change = PropertyChange {
                path,
                before: before.clone(),
                after: after.clone(),
                effect: effect(rule, name, before, after),
                because_of: Some(format!("parameter {parameter}")),
            };
            push_change(resources, (id, old_res, new_res, resource_type), change);
        }
    }
}

/// A template section or resource's properties as a map; empty when absent or not a map.
fn object(value: Option<&Value>) -> &Map<String, Value> {
    static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
    value
        .and_then(Value::as_object)
        .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
}

fn type_of(resource: &Value) -> &str {
    resource.get("Type").and_then(Value::as_str).unwrap_or("")
}

/// A resource's diff entry; `holders` are its deployed and new versions (whichever exist):
/// it is stateful when either holds data (a stack made before the data mark existed has
/// none in its deployed template).
fn entry(
    id: &str,
    resource_type: &str,
    holders: &[&Value],
    impact: Impact,
    changes: Vec<PropertyChange>,
) -> ResourceDiff {
    let rule = update_behavior::rule(resource_type);
    ResourceDiff {
        logical_id: id.to_string(),
        resource_type: resource_type.to_string(),
        impact,
        source: Source::Predicted,
        stateful: holders.iter().any(|r| holds_data(r)),
        security: rule.is_some_and(|r| r.security),
        changes,
    }
}

fn impact_of(changes: &[PropertyChange]) -> Impact {
    match changes.iter().map(|c| c.effect).max() {
        Some(Effect::Replaces) => Impact::Replace,
        Some(Effect::MayReplace) => Impact::MayReplace,
        _ => Impact::Update,
    }
}

fn changed_properties(resource_type: &str, old: &Value, new: &Value) -> Vec<PropertyChange> {
    let rule = update_behavior::rule(resource_type);
    let old_props = object(old.get("Properties"));
    let new_props = object(new.get("Properties"));
    let names: BTreeSet<&String> = old_props.keys().chain(new_props.keys()).collect();
    let mut changes = Vec::new();
    for name in names {
        let before = old_props.get(name).unwrap_or(&Value::Null);
        let after = new_props.get(name).unwrap_or(&Value::Null);
        if before != after {
            changes.push(PropertyChange {
                path: format!("Properties/{name}"),
                before: before.clone(),
                after: after.clone(),
                effect: effect(rule, name, before, after),
                because_of: None,
            });
        }
    }
    for attribute in ATTRIBUTES {
        let before = old.get(*attribute).unwrap_or(&Value::Null);
        let after = new.get(*attribute).unwrap_or(&Value::Null);
        if before != after {
            changes.push(PropertyChange {
                path: (*attribute).to_string(),
                before: before.clone(),
                after: after.clone(),
                effect: Effect::InPlace,
                because_of: None,
            });
        }
    }
    changes
}

/// What changing top-level property `name` from `before` to `after` does. An unknown type is
/// judged "may replace": scalectl cannot tell.
fn effect(rule: Option<&TypeRule>, name: &str, before: &Value, after: &Value) -> Effect {
    let Some(rule) = rule else {
        return Effect::MayReplace;
    };
    if touches(rule.replaces, name, before, after) {
        Effect::Replaces
    } else if touches(rule.may_replace, name, before, after) {
        Effect::MayReplace
    } else {
        Effect::InPlace
    }
}

/// True when one of `paths` is property `name` itself, or a nested path under it whose
/// values differ between `before` and `after`.
fn touches(paths: &[&str], name: &str, before: &Value, after: &Value) -> bool {
    paths.iter().any(|path| {
        let mut segments = path.split('/');
        if segments.next() != Some(name) {
            return false;
        }
        let rest: Vec<&str> = segments.collect();
        rest.is_empty() || pick(before, &rest) != pick(after, &rest)
    })
}

/// The values at a `/`-separated path, `*` matching every array item or map value.
fn pick<'a>(value: &'a Value, path: &[&str]) -> Vec<&'a Value> {
    let Some((first, rest)) = path.split_first() else {
        return vec![value];
    };
    let children: Vec<&Value> = match (*first, value) {
        ("*", Value::Array(items)) => items.iter().collect(),
        ("*", Value::Object(map)) => map.values().collect(),
        (key, Value::Object(map)) => map.get(key).into_iter().collect(),
        _ => Vec::new(),
    };
    children.into_iter().flat_map(|c| pick(c, rest)).collect()
}

/// Resources referenced by a value, each with `true` when some reference reads an attribute
/// (`Fn::GetAtt`, `${Name.Attr}`), `false` when all are `Ref`s (its physical ID).
fn references(value: &Value, out: &mut BTreeMap<String, bool>) {
    fn add(out: &mut BTreeMap<String, bool>, id: &str, via_attribute: bool) {
        let entry = out.entry(id.to_string()).or_insert(via_attribute);
        *entry |= via_attribute;
    }
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("Ref", Value::String(id)) => add(out, id, false),
                    ("Fn::GetAtt", Value::Array(parts)) => {
                        if let Some(Value::String(id)) = parts.first() {
                            add(out, id, true);
                        }
                    }
                    ("Fn::GetAtt", Value::String(dotted)) => {
                        if let Some(id) = dotted.split('.').next() {
                            add(out, id, true);
                        }
                    }
                    ("Fn::Sub", sub) => {
                        let text = match sub {
                            Value::String(s) => Some(s.as_str()),
                            Value::Array(parts) => parts.first().and_then(Value::as_str),
                            _ => None,
                        };
                        for (name, via_attribute) in text.into_iter().flat_map(sub_names) {
                            add(out, &name, via_attribute);
                        }
                        references(sub, out);
                        return;
                    }
                    _ => references(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

fn sub_names(text: &str) -> Vec<(String, bool)> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let inner = &after[..end];
        if !inner.starts_with('!')
            && let Some(id) = inner.split('.').next()
        {
            names.push((id.to_string(), inner.contains('.')));
        }
        rest = &after[end + 1..];
    }
    names
}

/// A resource that references a replaced resource sees new values in those properties;
/// judge them like changed properties, until nothing more changes. An attribute of a resource
/// updated in place may change too: that counts only where it may replace the referrer.
fn spread_replacements(
    resources: &mut BTreeMap<String, ResourceDiff>,
    old_resources: &Map<String, Value>,
    new_resources: &Map<String, Value>,
) {
    loop {
        let impacts: BTreeMap<String, Impact> = resources
            .values()
            .map(|r| (r.logical_id.clone(), r.impact))
            .collect();
        let mut changed = false;
        for (id, old_res, new_res, resource_type, props) in
            kept_resources(old_resources, new_resources)
        {
            let rule = update_behavior::rule(resource_type);
            for (name, value) in props {
                let path = format!("Properties/{name}");
                if has_change(resources, id, &path) {
                    continue;
                }
                let mut refs = BTreeMap::new();
                references(value, &mut refs);
                let own = effect(rule, name, &Value::Null, &Value::Bool(true));
                let Some((cause, effect)) = refs
                    .iter()
                    .filter_map(|(r, via_attribute)| {
                        let effect = match (impacts.get(r)?, via_attribute) {
                            (Impact::Replace, _) => own,
                            (Impact::MayReplace, _) | (Impact::Update, true) => {
                                own.min(Effect::MayReplace)
                            }
                            _ => return None,
                        };
                        let counts =
                            impacts.get(r) != Some(&Impact::Update) || effect != Effect::InPlace;
                        counts.then(|| (r.clone(), effect))
                    })
                    .max_by_key(|(_, effect)| *effect)
                else {
                    continue;
                };
                let change = PropertyChange {
                    path,
                    before: value.clone(),
                    after: value.clone(),
                    effect,
                    because_of: Some(cause),
                };
                push_change(resources, (id, old_res, new_res, resource_type), change);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

fn outputs(deployed: Option<&Value>, new: &Value) -> Vec<OutputDiff> {
    let old = object(deployed.and_then(|t| t.get("Outputs")));
    let new = object(new.get("Outputs"));
    let mut diffs = Vec::new();
    for (name, value) in new {
        match old.get(name) {
            None => diffs.push(OutputDiff {
                name: name.clone(),
                impact: Impact::Create,
            }),
            Some(before) if before != value => diffs.push(OutputDiff {
                name: name.clone(),
                impact: Impact::Update,
            }),
            Some(_) => {}
        }
    }
    for name in old.keys() {
        if !new.contains_key(name) {
            diffs.push(OutputDiff {
                name: name.clone(),
                impact: Impact::Destroy,
            });
        }
    }
    diffs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(resources: Value) -> Value {
        json!({ "Resources": resources })
    }

    #[test]
    fn no_stack_means_everything_is_created() {
        let new = template(json!({"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {}}}));
        let diff = compare(None, &new);
        assert!(diff.new_stack);
        assert_eq!(diff.resources.len(), 1);
        assert_eq!(diff.resources[0].impact, Impact::Create);
    }

    #[test]
    fn a_new_parameter_default_changes_what_refers_to_it() {
        let with = |ami: &str| {
            json!({"Parameters": {"WebAmiId": {"Type": "AWS::EC2::Image::Id", "Default": ami}},
                "Resources": {
                    "Lt": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {"ImageId": {"Ref": "WebAmiId"}}}},
                    "Box": {"Type": "AWS::EC2::Instance", "Properties": {"ImageId": {"Ref": "WebAmiId"}}},
                    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}}})
        };
        let diff = compare(Some(&with("ami-11111111")), &with("ami-22222222"));
        let impacts: Vec<(&str, Impact)> = diff
            .resources
            .iter()
            .map(|r| (r.logical_id.as_str(), r.impact))
            .collect();
        assert!(impacts.contains(&("Lt", Impact::Update)), "{impacts:?}");
        // An instance's image is create-only: a new one replaces it.
        assert!(impacts.contains(&("Box", Impact::Replace)), "{impacts:?}");
        assert_eq!(impacts.len(), 2);
        let lt = diff.resources.iter().find(|r| r.logical_id == "Lt");
        assert_eq!(
            lt.map(|r| r.changes[0].because_of.clone()),
            Some(Some("parameter WebAmiId".to_string()))
        );
        // The same default is no change.
        assert!(compare(Some(&with("ami-11111111")), &with("ami-11111111")).is_empty());
    }

    #[test]
    fn identical_templates_have_no_diff() {
        let t = template(
            json!({"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}}),
        );
        assert!(compare(Some(&t), &t).is_empty());
    }

    #[test]
    fn create_only_property_replaces_and_spreads_to_referencing_resources() {
        let old = template(json!({
            "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
            "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24"}},
            "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "web", "VpcId": {"Ref": "Vpc"}}},
            "Log": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}}
        }));
        let mut new = old.clone();
        new["Resources"]["Vpc"]["Properties"]["CidrBlock"] = json!("10.1.0.0/16");
        let diff = compare(Some(&old), &new);
        assert_eq!(
            diff.resource("Vpc").map(|r| r.impact),
            Some(Impact::Replace)
        );
        let subnet = diff.resource("Subnet").expect("subnet follows the VPC");
        assert_eq!(subnet.impact, Impact::Replace);
        assert_eq!(subnet.changes[0].because_of.as_deref(), Some("Vpc"));
        let sg = diff.resource("Sg").expect("security group follows the VPC");
        assert!(sg.security);
        // Security changes come first.
        assert_eq!(diff.resources[0].logical_id, "Sg");
        assert!(diff.resource("Log").is_none());
    }

    #[test]
    fn attribute_of_an_updated_resource_may_replace_its_referrer() {
        let old = template(json!({
            "Lt": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {"UserData": "a"}}},
            "Web": {"Type": "AWS::EC2::Instance", "Properties": {
                "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Lt"}, "Version": {"Fn::GetAtt": ["Lt", "LatestVersionNumber"]}},
                "Tags": [{"Key": "lt", "Value": {"Ref": "Lt"}}]
            }}
        }));
        let mut new = old.clone();
        new["Resources"]["Lt"]["Properties"]["LaunchTemplateData"]["UserData"] = json!("b");
        let diff = compare(Some(&old), &new);
        assert_eq!(diff.resource("Lt").map(|r| r.impact), Some(Impact::Update));
        let web = diff
            .resource("Web")
            .expect("the instance follows its launch template");
        assert_eq!(web.impact, Impact::MayReplace);
        // Only the property that reads an attribute is affected; the `Ref` is unchanged.
        assert_eq!(web.changes.len(), 1);
        assert_eq!(web.changes[0].path, "Properties/LaunchTemplate");
    }

    #[test]
    fn mutable_property_updates_in_place() {
        let old = template(
            json!({"Log": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}}}),
        );
        let mut new = old.clone();
        new["Resources"]["Log"]["Properties"]["RetentionInDays"] = json!(30);
        let diff = compare(Some(&old), &new);
        let log = diff.resource("Log").expect("changed");
        assert_eq!(log.impact, Impact::Update);
        assert_eq!(log.changes[0].path, "Properties/RetentionInDays");
        assert_eq!(log.changes[0].effect, Effect::InPlace);
    }

    #[test]
    fn removed_resources_are_destroyed_or_orphaned_by_their_policy() {
        let old = template(json!({
            "Bucket": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "Properties": {}},
            "Db": {"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot", "Properties": {}}
        }));
        let diff = compare(Some(&old), &template(json!({})));
        assert_eq!(
            diff.resource("Bucket").map(|r| r.impact),
            Some(Impact::Orphan)
        );
        let db = diff.resource("Db").expect("db removed");
        assert_eq!(db.impact, Impact::Destroy);
        assert!(db.stateful);
    }

    #[test]
    fn type_change_replaces_and_unknown_types_may_replace() {
        let old = template(json!({
            "A": {"Type": "AWS::SQS::Queue", "Properties": {}},
            "B": {"Type": "Custom::Thing", "Properties": {"X": 1}}
        }));
        let new = template(json!({
            "A": {"Type": "AWS::SNS::Topic", "Properties": {}},
            "B": {"Type": "Custom::Thing", "Properties": {"X": 2}}
        }));
        let diff = compare(Some(&old), &new);
        assert_eq!(diff.resource("A").map(|r| r.impact), Some(Impact::Replace));
        assert_eq!(
            diff.resource("B").map(|r| r.impact),
            Some(Impact::MayReplace)
        );
    }

    #[test]
    fn sub_and_getatt_references_are_followed() {
        let mut refs = BTreeMap::new();
        references(
            &json!({"a": {"Fn::Sub": "arn:${Bucket.Arn}/${!Literal}/${AWS::Region}/${Queue}"}, "b": {"Fn::GetAtt": ["Db", "Endpoint.Address"]}}),
            &mut refs,
        );
        assert_eq!(refs.get("Bucket"), Some(&true));
        assert_eq!(refs.get("Db"), Some(&true));
        assert_eq!(refs.get("Queue"), Some(&false));
        assert!(!refs.keys().any(|r| r.starts_with('!')));
    }

    #[test]
    fn outputs_are_compared_by_name() {
        let old = json!({"Outputs": {"A": {"Value": 1}, "B": {"Value": 2}}});
        let new = json!({"Outputs": {"A": {"Value": 1}, "B": {"Value": 3}, "C": {"Value": 4}}});
        let diff = compare(Some(&old), &new);
        let got: Vec<(&str, Impact)> = diff
            .outputs
            .iter()
            .map(|o| (o.name.as_str(), o.impact))
            .collect();
        assert_eq!(got, vec![("B", Impact::Update), ("C", Impact::Create)]);
    }
}
