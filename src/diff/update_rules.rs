//! Update-time rules: what CloudFormation or the service refuses, ignores or does on an
//! update, which neither cfn-lint (one template at a time) nor moto (no update semantics)
//! can tell. Each rule comes from AWS's documentation of the property's update behaviour;
//! the README lists them with their sources.
//!
//! [`check`] judges one stack's deployed template (if any) against its new one, with the
//! template diff; [`check_records`] judges the DNS records of a whole stack graph, since a
//! record in one stack can conflict with a record in another. Pure: templates come in as
//! JSON values.

mod traffic;

use super::{Impact, TemplateDiff};
use crate::cfn::template::is_read_replica;
use serde::Serialize;
use serde_json::Value;

/// How much a finding stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing before approving (a stop and start, a resource left behind).
    Warning,
    /// AWS would refuse the update, fail it, or lose data: deploy refuses before executing.
    Refuse,
}

/// One update-time finding, located in the new (or, for a removal, the deployed) template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdateFinding {
    /// The rule, e.g. `scalectl::update::rolling-min-in-service`.
    pub code: &'static str,
    /// How much it stops.
    pub severity: Severity,
    /// The stack (its name, or its suffix in a synthesized graph); empty for a lone stack.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub stack: String,
    /// The resource's logical ID.
    pub logical_id: String,
    /// The property or attribute path (`UpdatePolicy/AutoScalingRollingUpdate/...`).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do instead.
    pub help: String,
}

/// Rule codes (see [`crate::diagnostic::codes::update`]).
pub use crate::diagnostic::codes::update as codes;

/// The findings for one stack: `deployed` is its current template (`None`: a new stack),
/// `new` the template about to be deployed, `diff` the diff between them.
pub fn check(deployed: Option<&Value>, new: &Value, diff: &TemplateDiff) -> Vec<UpdateFinding> {
    let mut out = Vec::new();
    let new_resources = resources(Some(new));
    for (id, resource) in new_resources {
        rolling_update_bounds(id, resource, &mut out);
        desired_under_policies(id, resource, new_resources, &mut out);
        replica_snapshot(id, resource, &mut out);
    }
    let old_resources = resources(deployed);
    let owned = traffic::owned_rules(old_resources);
    for changed in &diff.resources {
        let id = changed.logical_id.as_str();
        for (_, service) in owned.iter().filter(|(rule, _)| rule == id) {
            if let Some(old_service) = old_resources.get(service) {
                traffic::traffic_owned(
                    id,
                    service,
                    old_service,
                    new_resources.get(service),
                    changed.impact,
                    &mut out,
                );
            }
        }
    }
    for changed in &diff.resources {
        let id = changed.logical_id.as_str();
        let (Some(old), new) = (old_resources.get(id), new_resources.get(id)) else {
            continue;
        };
        protected_removal(id, old, new, changed.impact, &mut out);
        if let Some(new) = new {
            stateful_type_change(id, old, new, &mut out);
            engine_version(id, old, new, &mut out);
            storage_shrink(id, old, new, &mut out);
            instance_restart(id, old, new, changed.impact, &mut out);
            global_table_replicas(id, old, new, &mut out);
            fleet_shrink(id, old, new, &mut out);
            rule_rewrite(id, old, new, &mut out);
        }
    }
    out.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.logical_id.cmp(&b.logical_id))
            .then_with(|| a.code.cmp(b.code))
    });
    out
}

/// True when some finding stops the deploy.
pub fn refuses(findings: &[UpdateFinding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Refuse)
}

fn resources(template: Option<&Value>) -> &serde_json::Map<String, Value> {
    static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> = std::sync::OnceLock::new();
    template
        .and_then(|t| t.get("Resources"))
        .and_then(Value::as_object)
        .unwrap_or_else(|| EMPTY.get_or_init(serde_json::Map::new))
}

fn type_of(resource: &Value) -> &str {
    resource.get("Type").and_then(Value::as_str).unwrap_or("")
}

fn prop<'a>(resource: &'a Value, path: &str) -> Option<&'a Value> {
    resource
        .pointer(&format!("/Properties/{path}"))
        .filter(|v| !v.is_null())
}

/// A literal number, written as a number or a numeric string (CloudFormation takes both).
fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn truthy(value: Option<&Value>) -> bool {
    match value {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

fn finding(
    code: &'static str,
    severity: Severity,
    id: &str,
    path: &str,
    message: String,
    help: String,
) -> UpdateFinding {
    UpdateFinding {
        code,
        severity,
        stack: String::new(),
        logical_id: id.to_string(),
        path: path.to_string(),
        message,
        help,
    }
}

/// CloudFormation requires `MinInstancesInService` below the group's `MaxSize`; the first
/// rolling update fails otherwise.
fn rolling_update_bounds(id: &str, resource: &Value, out: &mut Vec<UpdateFinding>) {
    if type_of(resource) != "AWS::AutoScaling::AutoScalingGroup" {
        return;
    }
    let Some(policy) = resource.pointer("/UpdatePolicy/AutoScalingRollingUpdate") else {
        return;
    };
    let (Some(min), Some(max)) = (
        number(policy.get("MinInstancesInService")),
        number(prop(resource, "MaxSize")),
    ) else {
        return;
    };
    if min >= max {
        out.push(finding(
            codes::ROLLING_MIN_IN_SERVICE,
            Severity::Refuse,
            id,
            "UpdatePolicy/AutoScalingRollingUpdate/MinInstancesInService",
            format!(
                "MinInstancesInService ({min}) is not below MaxSize ({max}): CloudFormation fails the group's first rolling update"
            ),
            format!(
                "keep MinInstancesInService at most {} (MaxSize - 1), or raise the group's maximum",
                (max - 1.0).max(0.0)
            ),
        ));
    }
}

/// With scaling policies on the group, a `DesiredCapacity` in the template sets the fleet
/// back to it on every deploy that updates the group.
fn desired_under_policies(
    id: &str,
    resource: &Value,
    all: &serde_json::Map<String, Value>,
    out: &mut Vec<UpdateFinding>,
) {
    if type_of(resource) != "AWS::AutoScaling::AutoScalingGroup"
        || prop(resource, "DesiredCapacity").is_none()
    {
        return;
    }
    let scaled = all.values().any(|other| {
        type_of(other) == "AWS::AutoScaling::ScalingPolicy"
            && prop(other, "AutoScalingGroupName")
                .and_then(|v| v.get("Ref"))
                .and_then(Value::as_str)
                == Some(id)
    });
    if scaled {
        out.push(finding(
            codes::DESIRED_UNDER_POLICIES,
            Severity::Warning,
            id,
            "Properties/DesiredCapacity",
            "DesiredCapacity is set on a group that scaling policies manage: every deploy that updates the group sets the fleet back to it, whatever the load".to_string(),
            "leave DesiredCapacity out when scaling policies manage the group; the group starts at MinSize and the policies size it".to_string(),
        ));
    }
}

/// AWS takes no final snapshot of a read replica: the policy does nothing.
fn replica_snapshot(id: &str, resource: &Value, out: &mut Vec<UpdateFinding>) {
    if !is_read_replica(resource) {
        return;
    }
    for attribute in ["DeletionPolicy", "UpdateReplacePolicy"] {
        if resource.get(attribute).and_then(Value::as_str) == Some("Snapshot") {
            out.push(finding(
                codes::REPLICA_SNAPSHOT,
                Severity::Warning,
                id,
                attribute,
                format!("{attribute}: Snapshot on a read replica: RDS takes no snapshot of a replica, so the replica is simply deleted"),
                "use Delete: a replica's data is its source's, which keeps its own snapshots".to_string(),
            ));
        }
    }
}

/// The deletion protection a deployed resource carries, as `(property path, on)`.
fn deletion_protection(resource: &Value) -> Option<&'static str> {
    let path = match type_of(resource) {
        "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster" => "DeletionProtection",
        "AWS::DynamoDB::Table" => "DeletionProtectionEnabled",
        _ => return None,
    };
    truthy(prop(resource, path)).then_some(path)
}

/// A deletion-protected resource that the update deletes (removed, or replaced: the old one
/// is deleted after the new one is made) cannot be deleted: CloudFormation marks it
/// DELETE_FAILED, drops it from the stack and leaves it running outside any stack.
fn protected_removal(
    id: &str,
    old: &Value,
    new: Option<&Value>,
    impact: Impact,
    out: &mut Vec<UpdateFinding>,
) {
    if !matches!(impact, Impact::Destroy | Impact::Replace) {
        return;
    }
    // A retained resource is never deleted: CloudFormation keeps it in the account.
    let policy = if impact == Impact::Destroy {
        "DeletionPolicy"
    } else {
        "UpdateReplacePolicy"
    };
    if matches!(
        old.get(policy).and_then(Value::as_str),
        Some("Retain" | "RetainExceptOnCreate")
    ) {
        return;
    }
    let Some(path) = deletion_protection(old) else {
        return;
    };
    let what = if new.is_none() { "removed" } else { "replaced" };
    out.push(finding(
        codes::PROTECTED_REMOVAL,
        Severity::Refuse,
        id,
        &format!("Properties/{path}"),
        format!(
            "{id} ({}) is {what} by this update but has {path} on: AWS cannot delete it, so CloudFormation leaves it running outside the stack, still billed",
            type_of(old)
        ),
        format!(
            "if it is meant to go, first deploy a reviewed change that only turns {path} off, then this one; otherwise keep it in the template"
        ),
    ));
}

/// Changing the type of a stateful resource deletes the old resource and creates an empty
/// one (for a DynamoDB table made a global table, AWS warns it may delete the table).
fn stateful_type_change(id: &str, old: &Value, new: &Value, out: &mut Vec<UpdateFinding>) {
    let (from, to) = (type_of(old), type_of(new));
    if from == to || !crate::cfn::template::is_stateful(from) {
        return;
    }
    let help = if from == "AWS::DynamoDB::Table" && to == "AWS::DynamoDB::GlobalTable" {
        "keep the table's type; to make an existing table global, retain it (DeletionPolicy: Retain), remove it from the template, add replicas, then import it as an AWS::DynamoDB::GlobalTable (an IMPORT change set)".to_string()
    } else {
        format!(
            "keep the type {from}; to move the data, create the {to} beside it under a new logical ID, copy the data, then remove the old one in a later deploy"
        )
    };
    out.push(finding(
        codes::STATEFUL_TYPE_CHANGE,
        Severity::Refuse,
        id,
        "Type",
        format!("{id} changes type from {from} to {to}: CloudFormation deletes the old resource and its data and creates an empty one"),
        help,
    ));
}

/// The major version of an RDS engine version: `17` of `17.9`, `8.0` of `8.0.39`.
fn major(engine: &str, version: &str) -> String {
    let parts: Vec<&str> = version.split('.').collect();
    let take = if engine.contains("postgres") {
        1
    } else {
        2.min(parts.len())
    };
    parts[..take.min(parts.len())].join(".")
}

fn version_key(version: &str) -> Vec<u64> {
    version
        .split('.')
        .map(|p| p.parse::<u64>().unwrap_or(0))
        .collect()
}

/// RDS upgrades a major version only with `AllowMajorVersionUpgrade: true` and never
/// downgrades: the update fails either way.
fn engine_version(id: &str, old: &Value, new: &Value, out: &mut Vec<UpdateFinding>) {
    if type_of(new) != "AWS::RDS::DBInstance" || is_read_replica(new) {
        return;
    }
    let engine = prop(new, "Engine").and_then(Value::as_str).unwrap_or("");
    if prop(old, "Engine").and_then(Value::as_str).unwrap_or("") != engine {
        // Another engine is another database: the guard judges the replacement.
        return;
    }
    let (Some(before), Some(after)) = (
        prop(old, "EngineVersion").and_then(Value::as_str),
        prop(new, "EngineVersion").and_then(Value::as_str),
    ) else {
        return;
    };
    if before == after {
        return;
    }
    if version_key(after) < version_key(before) {
        out.push(finding(
            codes::ENGINE_VERSION,
            Severity::Refuse,
            id,
            "Properties/EngineVersion",
            format!("{id}'s engine version goes down from {before} to {after}: RDS does not downgrade a database"),
            format!("keep engine_version at {before} or later; to go back, restore a snapshot into a new database"),
        ));
    } else if major(engine, before) != major(engine, after)
        && !truthy(prop(new, "AllowMajorVersionUpgrade"))
    {
        out.push(finding(
            codes::ENGINE_VERSION,
            Severity::Refuse,
            id,
            "Properties/EngineVersion",
            format!("{id} moves from {before} to {after}, a major version upgrade, without AllowMajorVersionUpgrade: RDS refuses it and the update fails"),
            "upgrade one major version at a time with AllowMajorVersionUpgrade, after testing the application on a snapshot restored at the new version".to_string(),
        ));
    }
}

/// RDS cannot make allocated storage smaller.
fn storage_shrink(id: &str, old: &Value, new: &Value, out: &mut Vec<UpdateFinding>) {
    if type_of(new) != "AWS::RDS::DBInstance" {
        return;
    }
    let (Some(before), Some(after)) = (
        number(prop(old, "AllocatedStorage")),
        number(prop(new, "AllocatedStorage")),
    ) else {
        return;
    };
    if after < before {
        out.push(finding(
            codes::STORAGE_SHRINK,
            Severity::Refuse,
            id,
            "Properties/AllocatedStorage",
            format!("{id}'s storage goes down from {before} GB to {after} GB: RDS cannot shrink allocated storage, and the update fails"),
            format!("keep storage_gb at {before} or more"),
        ));
    } else if after > before && after * 10.0 < before * 11.0 {
        out.push(finding(
            codes::STORAGE_SHRINK,
            Severity::Refuse,
            id,
            "Properties/AllocatedStorage",
            format!("{id}'s storage grows from {before} GB to {after} GB: RDS takes a storage increase of at least 10%, and the update fails"),
            format!("grow storage_gb to at least {} GB, or keep it at {before}", (before * 11.0 / 10.0).ceil()),
        ));
    }
}

/// An EBS-backed instance whose type, user data or EBS optimization changes is stopped and
/// started: minutes of downtime for a single box.
fn instance_restart(
    id: &str,
    old: &Value,
    new: &Value,
    impact: Impact,
    out: &mut Vec<UpdateFinding>,
) {
    if type_of(new) != "AWS::EC2::Instance" || impact != Impact::Update {
        return;
    }
    let changed: Vec<&str> = ["InstanceType", "UserData", "EbsOptimized"]
        .into_iter()
        .filter(|p| prop(old, p) != prop(new, p))
        .collect();
    if changed.is_empty() {
        return;
    }
    out.push(finding(
        codes::INSTANCE_RESTART,
        Severity::Warning,
        id,
        &format!("Properties/{}", changed[0]),
        format!(
            "{id} is stopped and started to change {}: it serves nothing for a few minutes; its disks and data stay",
            changed.join(", ")
        ),
        "deploy in a quiet hour; changed user data does not run again on an instance that has booted".to_string(),
    ));
}

/// The replica regions of a global table, as written.
fn replica_regions(resource: &Value) -> Vec<String> {
    prop(resource, "Replicas")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|r| r.get("Region").and_then(Value::as_str).map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// DynamoDB adds or removes one replica of a global table per update: deploy splits such a
/// change into one update per replica ([`super::replica_steps`]), and says so.
fn global_table_replicas(id: &str, old: &Value, new: &Value, out: &mut Vec<UpdateFinding>) {
    if type_of(new) != "AWS::DynamoDB::GlobalTable" || type_of(old) != type_of(new) {
        return;
    }
    let (before, after) = (replica_regions(old), replica_regions(new));
    let added: Vec<&String> = after.iter().filter(|r| !before.contains(r)).collect();
    let removed: Vec<&String> = before.iter().filter(|r| !after.contains(r)).collect();
    let changes = added.len() + removed.len();
    if changes > 1 {
        out.push(finding(
            codes::GLOBAL_TABLE_REPLICAS,
            Severity::Warning,
            id,
            "Properties/Replicas",
            format!(
                "{id} gains {} and loses {} replicas: CloudFormation changes one replica of a global table per update, so deploy runs {changes} updates of this stack, one replica each",
                added.len(),
                removed.len()
            ),
            "each update waits until its replica is active; DynamoDB copies the table's items to a new replica itself".to_string(),
        ));
    }
}

/// UpdateAutoScalingGroup with a `MaxSize` below the group's current size and no desired
/// capacity sets the desired capacity to the new maximum: the instances above it are
/// terminated at once, whatever the load (AWS, UpdateAutoScalingGroup).
fn fleet_shrink(id: &str, old: &Value, new: &Value, out: &mut Vec<UpdateFinding>) {
    if type_of(new) != "AWS::AutoScaling::AutoScalingGroup" || type_of(old) != type_of(new) {
        return;
    }
    let (Some(before), Some(after)) = (number(prop(old, "MaxSize")), number(prop(new, "MaxSize")))
    else {
        return;
    };
    if after < before {
        out.push(finding(
            codes::FLEET_SHRINK,
            Severity::Warning,
            id,
            "Properties/MaxSize",
            format!(
                "MaxSize goes from {before} to {after}: if the group runs more than {after} instances when this update reaches it, the ones above are terminated at once"
            ),
            "make sure the load has somewhere to go first; where another stack takes it over (stage7's other regions deploy after the first), deploy with the old maximum, let the new capacity take traffic, then lower it".to_string(),
        ));
    }
}

/// A security group rule without its description: what the rule lets through.
fn rule_key(rule: &Value) -> Value {
    let mut rule = rule.clone();
    if let Some(map) = rule.as_object_mut() {
        map.remove("Description");
    }
    rule
}

/// An inline rule of a security group whose only change is its description is not updated in
/// place: CloudFormation revokes the old rule and authorizes the new one, and connections
/// the rule carried may drop in between (stacks deployed before every rule had a description
/// get this once).
fn rule_rewrite(id: &str, old: &Value, new: &Value, out: &mut Vec<UpdateFinding>) {
    if type_of(new) != "AWS::EC2::SecurityGroup" || type_of(old) != type_of(new) {
        return;
    }
    for list in ["SecurityGroupIngress", "SecurityGroupEgress"] {
        let rules = |r: &Value| -> Vec<Value> {
            prop(r, list)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (before, after) = (rules(old), rules(new));
        let rewritten = after
            .iter()
            .filter(|rule| {
                !before.contains(rule)
                    && before
                        .iter()
                        .any(|old_rule| rule_key(old_rule) == rule_key(rule))
            })
            .count();
        if rewritten > 0 {
            out.push(finding(
                codes::RULE_REWRITE,
                Severity::Warning,
                id,
                &format!("Properties/{list}"),
                format!(
                    "{rewritten} {} rule(s) change only their description: CloudFormation revokes each and adds it again, and connections it carries may drop in between",
                    if list == "SecurityGroupIngress" { "ingress" } else { "egress" }
                ),
                "deploy when a brief interruption of those connections is acceptable; the rules' effect does not change".to_string(),
            ));
        }
    }
}

/// One stack of a graph, for [`check_records`].
#[derive(Debug, Clone)]
pub struct StackRecords<'a> {
    /// The stack's name.
    pub stack: &'a str,
    /// Its deployed template (`None`: not deployed yet).
    pub deployed: Option<&'a Value>,
    /// The template about to be deployed.
    pub new: &'a Value,
    /// The stacks whose deploy finishes before this one starts (its dependencies, directly
    /// or not).
    pub after: Vec<&'a str>,
}

/// `(name, type, routed)` of every Route 53 record in a template, with its logical ID.
fn records(template: Option<&Value>) -> Vec<(String, String, bool, String)> {
    resources(template)
        .iter()
        .filter(|(_, r)| type_of(r) == "AWS::Route53::RecordSet")
        .filter_map(|(id, r)| {
            let name = prop(r, "Name")?
                .as_str()?
                .trim_end_matches('.')
                .to_lowercase();
            let kind = prop(r, "Type")?.as_str()?.to_string();
            Some((name, kind, prop(r, "SetIdentifier").is_some(), id.clone()))
        })
        .collect()
}

/// Route 53 refuses a latency, weighted or failover record beside a simple record of the same
/// name and type. CloudFormation creates new records before it deletes removed ones, so a
/// routed record created while a deployed simple one of the same name stays (or the
/// reverse) fails the update, whichever stacks hold them. A record that keeps its logical ID
/// and only gains its routing is updated in place and conflicts with nothing.
pub fn check_records(stacks: &[StackRecords<'_>]) -> Vec<UpdateFinding> {
    let mut out = Vec::new();
    for stack in stacks {
        let deployed_here = records(stack.deployed);
        for (name, kind, routed, id) in records(Some(stack.new)) {
            // A record that stays as deployed creates nothing; one that changes its routing
            // in place meets every other record of its name and type (its own deployed
            // version is no clash).
            let unchanged = deployed_here
                .iter()
                .any(|(n, k, r, i)| *i == id && *n == name && *k == kind && *r == routed);
            if unchanged {
                continue;
            }
            // Everything this record will meet: each stack's new records, and its deployed
            // ones unless that stack has finished (cleanup included) before this one starts.
            let clash = stacks.iter().find_map(|other| {
                let mut seen = records(Some(other.new));
                if !stack.after.contains(&other.stack) {
                    seen.extend(records(other.deployed));
                }
                seen.into_iter()
                    .find(|(n, k, r, i)| {
                        *n == name
                            && *k == kind
                            && *r != routed
                            && !(other.stack == stack.stack && *i == id)
                    })
                    .map(|(_, _, _, i)| (other.stack, i))
            });
            if let Some((other_stack, other_id)) = clash {
                let (mine, theirs) = if routed {
                    ("a routed", "a simple")
                } else {
                    ("a simple", "a routed")
                };
                out.push(UpdateFinding {
                    stack: stack.stack.to_string(),
                    ..finding(
                        codes::ROUTING_CONFLICT,
                        Severity::Refuse,
                        &id,
                        "Properties/SetIdentifier",
                        format!(
                            "{id} creates {mine} {kind} record for {name} while {other_id} of stack {other_stack} holds {theirs} one: Route 53 refuses records of different routing under one name and type"
                        ),
                        "give the existing record the routing policy in place (same logical ID, add SetIdentifier and the policy) before other stacks add theirs".to_string(),
                    )
                });
            }
        }
    }
    out
}

/// [`check_records`] over a stack graph: `stacks` are `(name, deployed, new)` in graph order
/// and `deps[i]` the indexes of the stacks stack `i` needs deployed first.
pub fn check_graph(
    stacks: &[(&str, Option<&Value>, &Value)],
    deps: &[Vec<usize>],
) -> Vec<UpdateFinding> {
    let records: Vec<StackRecords<'_>> = stacks
        .iter()
        .enumerate()
        .map(|(i, (stack, deployed, new))| {
            // Every stack reached through the dependencies finishes first.
            let mut seen = vec![false; stacks.len()];
            let mut todo: Vec<usize> = deps.get(i).cloned().unwrap_or_default();
            while let Some(j) = todo.pop() {
                if j < seen.len() && !seen[j] {
                    seen[j] = true;
                    todo.extend(deps.get(j).into_iter().flatten().copied());
                }
            }
            StackRecords {
                stack,
                deployed: *deployed,
                new,
                after: (0..stacks.len())
                    .filter(|j| seen[*j])
                    .map(|j| stacks[j].0)
                    .collect(),
            }
        })
        .collect();
    check_records(&records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare;
    use serde_json::json;

    fn run(old: Option<Value>, new: Value) -> Vec<UpdateFinding> {
        let diff = compare(old.as_ref(), &new);
        check(old.as_ref(), &new, &diff)
    }

    fn codes_of(findings: &[UpdateFinding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.code).collect()
    }

    fn asg(min_in_service: u32, max: &str, desired: Option<u32>) -> Value {
        let mut props = json!({"MinSize": "2", "MaxSize": max});
        if let Some(d) = desired {
            props["DesiredCapacity"] = json!(d.to_string());
        }
        json!({
            "Type": "AWS::AutoScaling::AutoScalingGroup",
            "Properties": props,
            "UpdatePolicy": {"AutoScalingRollingUpdate": {"MinInstancesInService": min_in_service, "MaxBatchSize": 1}}
        })
    }

    #[test]
    fn min_in_service_must_be_below_max_size() {
        let refused = run(None, json!({"Resources": {"Web": asg(2, "2", Some(2))}}));
        assert_eq!(codes_of(&refused), [codes::ROLLING_MIN_IN_SERVICE]);
        assert_eq!(refused[0].severity, Severity::Refuse);
        assert!(refused[0].help.contains("at most 1"), "{}", refused[0].help);
        assert!(run(None, json!({"Resources": {"Web": asg(1, "2", Some(2))}})).is_empty());
    }

    #[test]
    fn desired_capacity_beside_scaling_policies_is_flagged() {
        let policy = json!({"Type": "AWS::AutoScaling::ScalingPolicy",
            "Properties": {"AutoScalingGroupName": {"Ref": "Web"}, "PolicyType": "TargetTrackingScaling"}});
        let flagged = run(
            None,
            json!({"Resources": {"Web": asg(1, "16", Some(3)), "Cpu": policy.clone()}}),
        );
        assert_eq!(codes_of(&flagged), [codes::DESIRED_UNDER_POLICIES]);
        assert!(
            run(
                None,
                json!({"Resources": {"Web": asg(1, "16", None), "Cpu": policy}})
            )
            .is_empty()
        );
        // Without policies the desired capacity is the fleet.
        assert!(run(None, json!({"Resources": {"Web": asg(1, "16", Some(3))}})).is_empty());
    }

    fn rds(props: Value) -> Value {
        json!({"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot", "Properties": props})
    }

    #[test]
    fn removing_or_replacing_a_protected_resource_is_refused() {
        let old = json!({"Resources": {
            "Replica": rds(json!({"SourceDBInstanceIdentifier": {"Ref": "Db"}, "DeletionProtection": true})),
            "Db": rds(json!({"Engine": "postgres", "DBName": "app", "DeletionProtection": true})),
            "Open": rds(json!({"SourceDBInstanceIdentifier": {"Ref": "Db"}}))
        }});
        // The replica and the unprotected replica go; the database is replaced (new DBName).
        let new = json!({"Resources": {
            "Db": rds(json!({"Engine": "postgres", "DBName": "shop", "DeletionProtection": true}))
        }});
        let found = run(Some(old), new);
        let ids: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (f.code, f.logical_id.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                (codes::PROTECTED_REMOVAL, "Db"),
                (codes::PROTECTED_REMOVAL, "Replica"),
            ]
        );
        assert!(found[1].message.contains("removed"), "{}", found[1].message);
        assert!(
            found[0].message.contains("replaced"),
            "{}",
            found[0].message
        );
        assert!(found[1].help.contains("turns DeletionProtection off"));
        // A retained table is never deleted: its removal or replacement is the guard's call.
        let table = |name: &str| {
            json!({"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                   "Properties": {"TableName": name, "DeletionProtectionEnabled": true}})
        };
        let old = json!({"Resources": {"T": table("a"), "Gone": table("b")}});
        let new = json!({"Resources": {"T": table("c")}});
        assert!(run(Some(old), new).is_empty());
    }

    #[test]
    fn a_replica_with_a_snapshot_policy_is_flagged() {
        let found = run(
            None,
            json!({"Resources": {"R": rds(json!({"SourceDBInstanceIdentifier": {"Ref": "Db"}}))}}),
        );
        assert_eq!(codes_of(&found), [codes::REPLICA_SNAPSHOT]);
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn a_table_becoming_a_global_table_is_refused() {
        let old = json!({"Resources": {"Events": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "Properties": {"TableName": "events"}}}});
        let new = json!({"Resources": {"Events": {"Type": "AWS::DynamoDB::GlobalTable", "DeletionPolicy": "Retain", "Properties": {"TableName": "events", "Replicas": [{"Region": "us-east-1"}]}}}});
        let found = run(Some(old), new);
        assert_eq!(codes_of(&found), [codes::STATEFUL_TYPE_CHANGE]);
        assert!(found[0].help.contains("IMPORT"), "{}", found[0].help);
    }

    #[test]
    fn engine_upgrades_need_the_flag_and_never_go_down() {
        let db = |v: &str, allow: bool| json!({"Resources": {"Db": rds(json!({"Engine": "postgres", "EngineVersion": v, "AllowMajorVersionUpgrade": allow}))}});
        assert!(run(Some(db("17.9", false)), db("17.10", false)).is_empty());
        assert_eq!(
            codes_of(&run(Some(db("16.4", false)), db("17.9", false))),
            [codes::ENGINE_VERSION]
        );
        assert!(run(Some(db("16.4", true)), db("17.9", true)).is_empty());
        let down = run(Some(db("17.9", false)), db("17.2", false));
        assert!(down[0].message.contains("goes down"), "{:?}", down);
        // MySQL's major version has two parts.
        let mysql = |v: &str| json!({"Resources": {"Db": rds(json!({"Engine": "mysql", "EngineVersion": v}))}});
        assert!(run(Some(mysql("8.0.39")), mysql("8.0.40")).is_empty());
        // Another engine is a replacement (the guard's business), not a downgrade.
        assert!(run(Some(db("17.9", false)), mysql("8.0.39")).is_empty());
        assert_eq!(
            codes_of(&run(Some(mysql("8.0.39")), mysql("8.4.3"))),
            [codes::ENGINE_VERSION]
        );
    }

    #[test]
    fn storage_never_shrinks() {
        let db = |gb: &str| json!({"Resources": {"Db": rds(json!({"AllocatedStorage": gb}))}});
        assert_eq!(
            codes_of(&run(Some(db("100")), db("50"))),
            [codes::STORAGE_SHRINK]
        );
        assert!(run(Some(db("50")), db("100")).is_empty());
        // RDS grows storage by 10% at least.
        let small = run(Some(db("100")), db("105"));
        assert_eq!(codes_of(&small), [codes::STORAGE_SHRINK]);
        assert!(small[0].help.contains("110"), "{}", small[0].help);
        assert!(run(Some(db("100")), db("110")).is_empty());
    }

    #[test]
    fn a_box_changing_type_is_restarted_not_replaced() {
        let box_ = |t: &str| json!({"Resources": {"Web": {"Type": "AWS::EC2::Instance", "Properties": {"ImageId": "ami-1", "InstanceType": t}}}});
        let found = run(Some(box_("t3.medium")), box_("t3.small"));
        assert_eq!(codes_of(&found), [codes::INSTANCE_RESTART]);
        assert_eq!(found[0].severity, Severity::Warning);
    }

    #[test]
    fn global_table_replicas_change_one_per_update() {
        let table = |regions: &[&str]| {
            json!({"Resources": {"T": {"Type": "AWS::DynamoDB::GlobalTable", "Properties": {
                "Replicas": regions.iter().map(|r| json!({"Region": r})).collect::<Vec<_>>()}}}})
        };
        assert!(
            run(
                Some(table(&["us-east-1"])),
                table(&["us-east-1", "eu-west-1"])
            )
            .is_empty()
        );
        let two = run(
            Some(table(&["us-east-1"])),
            table(&["us-east-1", "eu-west-1", "ap-southeast-1"]),
        );
        assert_eq!(codes_of(&two), [codes::GLOBAL_TABLE_REPLICAS]);
        // Deploy steps through it; it is said, not refused.
        assert_eq!(two[0].severity, Severity::Warning);
        assert!(two[0].message.contains("2 updates"), "{}", two[0].message);
    }

    #[test]
    fn a_lower_fleet_maximum_is_a_warning() {
        let group = |max: &str| json!({"Resources": {"Web": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {"MinSize": "2", "MaxSize": max}}}});
        let found = run(Some(group("128")), group("76"));
        assert_eq!(codes_of(&found), [codes::FLEET_SHRINK]);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0].message.contains("128 to 76"),
            "{}",
            found[0].message
        );
        assert!(run(Some(group("72")), group("128")).is_empty());
    }

    #[test]
    fn a_rule_whose_description_alone_changes_is_a_warning() {
        let group = |ingress: Value| {
            json!({"Resources": {"WebSecurityGroup": {"Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "web", "SecurityGroupIngress": ingress}}}})
        };
        let https =
            json!({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"});
        let mut described = https.clone();
        described["Description"] = json!("HTTPS from anywhere");
        let found = run(
            Some(group(json!([https.clone()]))),
            group(json!([described.clone()])),
        );
        assert_eq!(codes_of(&found), [codes::RULE_REWRITE]);
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0].message.starts_with("1 ingress"),
            "{}",
            found[0].message
        );
        // A new rule, or an unchanged one, is not a rewrite.
        let mut http = https.clone();
        http["FromPort"] = json!(80);
        http["ToPort"] = json!(80);
        assert!(
            run(
                Some(group(json!([https.clone()]))),
                group(json!([https.clone(), http]))
            )
            .is_empty()
        );
        assert!(
            run(
                Some(group(json!([described.clone()]))),
                group(json!([described]))
            )
            .is_empty()
        );
    }

    fn record(set_identifier: Option<&str>) -> Value {
        let mut props =
            json!({"Name": "www.example.com.", "Type": "A", "HostedZoneName": "example.com."});
        if let Some(s) = set_identifier {
            props["SetIdentifier"] = json!(s);
            props["Region"] = json!(s);
        }
        json!({"Type": "AWS::Route53::RecordSet", "Properties": props})
    }

    #[test]
    fn a_routed_record_beside_a_simple_one_is_refused_across_stacks() {
        let simple = json!({"Resources": {"SiteRecord": record(None)}});
        let routed_here = json!({"Resources": {"SiteRecord": record(Some("us-east-1"))}});
        let routed_there = json!({"Resources": {"SiteRecord": record(Some("eu-west-1"))}});
        // The first stack keeps its simple record; a new stack adds a latency record.
        let found = check_records(&[
            StackRecords {
                stack: "shop",
                deployed: Some(&simple),
                new: &simple,
                after: vec![],
            },
            StackRecords {
                stack: "shop-eu-west-1",
                deployed: None,
                new: &routed_there,
                after: vec!["shop"],
            },
        ]);
        assert_eq!(codes_of(&found), [codes::ROUTING_CONFLICT]);
        assert_eq!(found[0].stack, "shop-eu-west-1");
        assert!(
            found[0].message.contains("SiteRecord of stack shop"),
            "{}",
            found[0].message
        );
        // The first stack's record gains its routing in place: a region deployed after it
        // adds its own; one deployed beside it would meet the simple record still standing.
        let after = |first: Vec<&'static str>| {
            check_records(&[
                StackRecords {
                    stack: "shop",
                    deployed: Some(&simple),
                    new: &routed_here,
                    after: vec![],
                },
                StackRecords {
                    stack: "shop-eu-west-1",
                    deployed: None,
                    new: &routed_there,
                    after: first,
                },
            ])
        };
        assert!(after(vec!["shop"]).is_empty());
        // Gaining the routing in place while another stack keeps a simple record of the
        // name fails the update too.
        let found = check_records(&[
            StackRecords {
                stack: "shop",
                deployed: Some(&simple),
                new: &routed_here,
                after: vec![],
            },
            StackRecords {
                stack: "old",
                deployed: Some(&simple),
                new: &simple,
                after: vec![],
            },
        ]);
        assert_eq!(codes_of(&found), [codes::ROUTING_CONFLICT]);
        assert_eq!(found[0].stack, "shop");
        assert_eq!(codes_of(&after(vec![])), [codes::ROUTING_CONFLICT]);
        // The same stack replacing its simple record by a routed one under a new ID fails:
        // the new record is created before the old one is deleted.
        let moved = json!({"Resources": {"LatencyRecord": record(Some("us-east-1"))}});
        let found = check_records(&[StackRecords {
            stack: "shop",
            deployed: Some(&simple),
            new: &moved,
            after: vec![],
        }]);
        assert_eq!(codes_of(&found), [codes::ROUTING_CONFLICT]);
    }

    #[test]
    fn the_graph_orders_records_through_dependencies() {
        let simple = json!({"Resources": {"SiteRecord": record(None)}});
        let routed_here = json!({"Resources": {"SiteRecord": record(Some("us-east-1"))}});
        let routed_there = json!({"Resources": {"SiteRecord": record(Some("eu-west-1"))}});
        let stacks = [
            ("shop", Some(&simple), &routed_here),
            ("shop-eu-west-1", None, &routed_there),
        ];
        // The new region waits for the first (through a third stack): no conflict.
        let empty = json!({"Resources": {}});
        let chained = [
            ("shop", Some(&simple), &routed_here),
            ("shop-global", None, &empty),
            ("shop-eu-west-1", None, &routed_there),
        ];
        assert!(check_graph(&chained[..], &[vec![], vec![0], vec![1]]).is_empty());
        // Side by side: the simple record still stands.
        assert_eq!(
            codes_of(&check_graph(&stacks[..], &[vec![], vec![]])),
            [codes::ROUTING_CONFLICT]
        );
    }
}
