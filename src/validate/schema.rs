//! Schema rules: every literal value of the synthesized stacks is held to what AWS's resource
//! provider schemas state for its property (enum, pattern, length, range, list size), from
//! the table [`crate::catalog::schema_data`] generates from the schemas cfn-lint ships. Names
//! scalectl builds (a table name `shop-carts`, a record `www.example.com.`) are checked as
//! built, so a value that is fine alone but too long once prefixed is caught.
//!
//! What counts as a literal: a string, a number, an `Fn::Sub` whose every `${...}` is a
//! pseudo parameter known before deploy (`AWS::StackName`, `AWS::Region`, `AWS::Partition`,
//! `AWS::URLSuffix`; `AWS::AccountId` stands in as twelve digits), an `Fn::Join` of literals,
//! and both branches of an `Fn::If`. Anything else that refers to a resource is skipped.
//!
//! Each finding points at the stage value that produced it: the value itself (found by value,
//! narrowed by [`SOURCES`] where several stage values could feed a property), a user value
//! contained in a built name, or the stage's `name` when the stack name makes a name too long.
//!
//! Patterns are ECMA-262; they are compiled with the `regex` crate after a light translation
//! (`\d` and `\w` are ASCII, as in ECMA; `\Z`, which cfn-lint's Python reads as the end of the
//! text, becomes `\z`; `[`, `&` and `~` inside a class are literal). Patterns the crate cannot
//! run (lookaround, back-references, `\p{Print}`) are skipped: five with cfn-lint 1.58.0, the
//! lookarounds of Lambda's `Code.S3Bucket`, the Cloud Map namespace and service names and a
//! DocumentDB collection name, and the `\p{Print}` of Application Auto Scaling's `PolicyName`
//! (the unit tests list them); the length and enum constraints of the same property still
//! apply.

use super::findings::Findings;
use crate::catalog::schema_data::{RESOURCES, Rule};
use crate::diagnostic::{Diagnostic, Location};
use crate::stage::LoadedStage;
use crate::synth::StackTemplate;
use regex::{Regex, RegexBuilder};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::LazyLock;

const CODE: &str = crate::diagnostic::codes::validate::SCHEMA;

/// Stage paths, each with the factor from the stage's unit to the template's.
type StagePaths = &'static [(&'static str, f64)];

/// Where several stage values could feed a property, the ones that do: (resource type,
/// property path, [(stage path, factor from the stage's unit to the template's)]). `[*]` in a
/// stage path stands for any list index, a trailing `.*` for any key of a map.
pub(crate) const SOURCES: &[(&str, &str, StagePaths)] = &[
    (
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        "HealthCheckPath",
        &[
            ("compute.web.health_check_path", 1.0),
            ("compute.services[*].health_check_path", 1.0),
        ],
    ),
    (
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        "Port",
        &[
            ("compute.web.app_port", 1.0),
            ("compute.services[*].port", 1.0),
        ],
    ),
    (
        "AWS::Route53::HealthCheck",
        "HealthCheckConfig.ResourcePath",
        &[("compute.web.health_check_path", 1.0)],
    ),
    (
        "AWS::Route53::RecordSet",
        "Name",
        &[("dns.record", 1.0), ("dns.zone", 1.0)],
    ),
    (
        "AWS::Route53::RecordSet",
        "HostedZoneName",
        &[("dns.zone", 1.0)],
    ),
    (
        "AWS::SQS::Queue",
        "VisibilityTimeout",
        &[("messaging.queues[*].visibility_timeout_seconds", 1.0)],
    ),
    (
        "AWS::SQS::Queue",
        "MessageRetentionPeriod",
        &[("messaging.queues[*].retention_days", 86_400.0)],
    ),
    (
        "AWS::Lambda::Function",
        "MemorySize",
        &[("messaging.workers[*].memory_mb", 1.0)],
    ),
    (
        "AWS::Lambda::Function",
        "Timeout",
        &[("messaging.workers[*].timeout_seconds", 1.0)],
    ),
    (
        "AWS::Lambda::Function",
        "Runtime",
        &[("messaging.workers[*].runtime", 1.0)],
    ),
    (
        "AWS::Lambda::Function",
        "Handler",
        &[("messaging.workers[*].code.handler", 1.0)],
    ),
    (
        "AWS::Lambda::Function",
        "Code.S3Bucket",
        &[("messaging.workers[*].code.s3_bucket", 1.0)],
    ),
    (
        "AWS::Lambda::Function",
        "Code.S3Key",
        &[("messaging.workers[*].code.s3_key", 1.0)],
    ),
    (
        "AWS::Lambda::Function",
        "ReservedConcurrentExecutions",
        &[("messaging.workers[*].reserved_concurrency", 1.0)],
    ),
    (
        "AWS::Lambda::EventSourceMapping",
        "BatchSize",
        &[("messaging.workers[*].batch_size", 1.0)],
    ),
    (
        "AWS::ECS::TaskDefinition",
        "Cpu",
        &[("compute.services[*].cpu", 1.0)],
    ),
    (
        "AWS::ECS::TaskDefinition",
        "Memory",
        &[("compute.services[*].memory", 1.0)],
    ),
    (
        "AWS::ECS::Service",
        "LoadBalancers[*].ContainerPort",
        &[("compute.services[*].port", 1.0)],
    ),
    (
        "AWS::ECS::Service",
        "DeploymentConfiguration.BakeTimeInMinutes",
        &[("compute.services[*].rollout.bake_minutes", 1.0)],
    ),
    (
        "AWS::ECS::Service",
        "DeploymentConfiguration.CanaryConfiguration.CanaryPercent",
        &[("compute.services[*].rollout.canary_percent", 1.0)],
    ),
    (
        "AWS::ECS::Service",
        "DeploymentConfiguration.CanaryConfiguration.CanaryBakeTimeInMinutes",
        &[("compute.services[*].rollout.canary_bake_minutes", 1.0)],
    ),
    (
        "AWS::ECS::Service",
        "DeploymentConfiguration.LinearConfiguration.StepPercent",
        &[("compute.services[*].rollout.step_percent", 1.0)],
    ),
    (
        "AWS::ECS::Service",
        "DeploymentConfiguration.LinearConfiguration.StepBakeTimeInMinutes",
        &[("compute.services[*].rollout.step_bake_minutes", 1.0)],
    ),
    (
        "AWS::DynamoDB::Table",
        "AttributeDefinitions[*].AttributeName",
        &[
            ("data.tables[*].partition_key.name", 1.0),
            ("data.tables[*].sort_key.name", 1.0),
        ],
    ),
    (
        "AWS::DynamoDB::GlobalTable",
        "AttributeDefinitions[*].AttributeName",
        &[
            ("data.tables[*].partition_key.name", 1.0),
            ("data.tables[*].sort_key.name", 1.0),
        ],
    ),
    (
        "AWS::CloudFront::Distribution",
        "DistributionConfig.PriceClass",
        &[("edge.price_class", 1.0)],
    ),
];

/// One constraint ready to check.
struct Check {
    rule: Rule,
    regex: Option<Regex>,
}

/// The generated table, by resource type then property path, patterns compiled once.
type Compiled = HashMap<&'static str, HashMap<&'static str, Vec<Check>>>;

static COMPILED: LazyLock<Compiled> = LazyLock::new(compile);

fn compile() -> Compiled {
    let mut cache: HashMap<&'static str, Option<Regex>> = HashMap::new();
    let mut by_type: Compiled = HashMap::new();
    for resource in RESOURCES {
        let paths = by_type.entry(resource.resource_type).or_default();
        for c in resource.constraints {
            let regex = match c.rule {
                Rule::Pattern(p) => {
                    let regex = cache.entry(p).or_insert_with(|| pattern(p)).clone();
                    // A pattern the crate cannot run is skipped (see the module docs).
                    if regex.is_none() {
                        continue;
                    }
                    regex
                }
                _ => None,
            };
            paths.entry(c.path).or_default().push(Check {
                rule: c.rule,
                regex,
            });
        }
    }
    by_type
}

/// A schema pattern compiled, or `None` when the `regex` crate cannot run it.
fn pattern(p: &str) -> Option<Regex> {
    translate(p).and_then(|t| RegexBuilder::new(&t).build().ok())
}

/// An ECMA-262 pattern as the `regex` crate reads it, or `None` when it cannot.
fn translate(pattern: &str) -> Option<String> {
    if ["(?=", "(?!", "(?<=", "(?<!"]
        .iter()
        .any(|look| pattern.contains(look))
    {
        return None;
    }
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let n = chars.next()?;
                match n {
                    'd' => out.push_str(if in_class { "0-9" } else { "[0-9]" }),
                    'w' => out.push_str(if in_class {
                        "0-9A-Za-z_"
                    } else {
                        "[0-9A-Za-z_]"
                    }),
                    'Z' if !in_class => out.push_str(r"\z"),
                    '1'..='9' if !in_class => return None,
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
                // `[]` and `[^]` mean "nothing" and "anything" in ECMA only.
                if chars.peek() == Some(&']') {
                    return None;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '[' | '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

/// The pseudo parameters known before deploy, for one stack.
struct Pseudo<'a> {
    stack_name: &'a str,
    region: &'a str,
}

impl Pseudo<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        match name {
            "AWS::StackName" => Some(self.stack_name),
            "AWS::Region" => Some(self.region),
            "AWS::Partition" => Some("aws"),
            "AWS::URLSuffix" => Some("amazonaws.com"),
            // Any account: its length and its digits are what a schema can check.
            "AWS::AccountId" => Some("123456789012"),
            _ => None,
        }
    }
}

/// A literal template value.
#[derive(Debug, Clone, PartialEq)]
enum Scalar {
    Text(String),
    Number(f64),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Number(n) => number_text(*n),
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Scalar::Text(s) => s.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
            Scalar::Number(n) => Some(*n),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One value that breaks one constraint.
#[derive(Debug, Clone)]
struct Violation {
    resource_type: String,
    logical_id: String,
    stack_name: String,
    path: String,
    value: Scalar,
    /// List length, for `MinItems`/`MaxItems`.
    items: usize,
    rule: Rule,
}

/// Check every literal property value of every stack against the schemas.
pub(crate) fn check(
    loaded: &LoadedStage,
    base: &str,
    from_flag: bool,
    stacks: &[StackTemplate],
    f: &mut Findings<'_>,
) {
    let compiled = &*COMPILED;
    let mut violations = Vec::new();
    for stack in stacks {
        let stack_name = stack.stack_name(base);
        let pseudo = Pseudo {
            stack_name: &stack_name,
            region: &stack.region,
        };
        for (id, resource) in &stack.template.resources {
            let Some(checks) = compiled.get(resource.resource_type.as_str()) else {
                continue;
            };
            let mut walk = Walk {
                checks,
                pseudo: &pseudo,
                found: Vec::new(),
            };
            walk.node(&resource.properties, "");
            for (path, value, items, rule) in walk.found {
                violations.push(Violation {
                    resource_type: resource.resource_type.clone(),
                    logical_id: id.clone(),
                    stack_name: stack_name.clone(),
                    path,
                    value,
                    items,
                    rule,
                });
            }
        }
    }
    if violations.is_empty() {
        return;
    }
    let values = stage_values(loaded);
    // One finding per stage value and kind of constraint: the strictest one broken (a web
    // health check path feeds a target group, 1024 characters, and a Route 53 health check,
    // 255), in the order the stacks hold them.
    let mut kept: Vec<(Option<Source>, Violation)> = Vec::new();
    for v in violations {
        let source = locate(&v, &values, loaded, base);
        let same = kept.iter().position(|(s, k)| {
            s.as_ref().map(|s| &s.path) == source.as_ref().map(|s| &s.path)
                && k.value == v.value
                && std::mem::discriminant(&k.rule) == std::mem::discriminant(&v.rule)
        });
        match same {
            None => kept.push((source, v)),
            Some(i) if stricter(v.rule, kept[i].1.rule) => kept[i] = (source, v),
            Some(_) => {}
        }
    }
    for (source, v) in &kept {
        f.push(diagnostic(v, source.as_ref(), base, from_flag, f));
    }
}

/// Whether `a` asks more than `b` (both of one kind).
fn stricter(a: Rule, b: Rule) -> bool {
    match (a, b) {
        (Rule::MaxLength(a), Rule::MaxLength(b)) | (Rule::MaxItems(a), Rule::MaxItems(b)) => a < b,
        (Rule::MinLength(a), Rule::MinLength(b)) | (Rule::MinItems(a), Rule::MinItems(b)) => a > b,
        (Rule::Maximum(a), Rule::Maximum(b)) => a < b,
        (Rule::Minimum(a), Rule::Minimum(b)) => a > b,
        _ => false,
    }
}

/// Walks one resource's properties, collecting violations.
struct Walk<'a> {
    checks: &'a HashMap<&'static str, Vec<Check>>,
    pseudo: &'a Pseudo<'a>,
    found: Vec<(String, Scalar, usize, Rule)>,
}

impl Walk<'_> {
    fn node(&mut self, node: &Json, path: &str) {
        match node {
            Json::Object(map) => {
                if let Some((key, arg)) = intrinsic(map) {
                    if key == "Fn::If" {
                        if let Some([_, then, otherwise]) = arg.as_array().map(Vec::as_slice) {
                            self.node(then, path);
                            self.node(otherwise, path);
                        }
                    } else if let Some(text) = literal_string(node, self.pseudo) {
                        self.scalar(path, &Scalar::Text(text));
                    }
                    return;
                }
                for (key, child) in map {
                    let child_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    self.node(child, &child_path);
                }
            }
            Json::Array(items) => {
                self.items(path, items.len());
                let child_path = format!("{path}[*]");
                for item in items {
                    self.node(item, &child_path);
                }
            }
            Json::String(s) => self.scalar(path, &Scalar::Text(s.clone())),
            Json::Number(n) => {
                if let Some(n) = n.as_f64() {
                    self.scalar(path, &Scalar::Number(n));
                }
            }
            Json::Bool(_) | Json::Null => {}
        }
    }

    fn items(&mut self, path: &str, len: usize) {
        let Some(checks) = self.checks.get(path) else {
            return;
        };
        for c in checks {
            let bad = match c.rule {
                Rule::MinItems(min) => (len as u64) < min,
                Rule::MaxItems(max) => (len as u64) > max,
                _ => false,
            };
            if bad {
                self.found
                    .push((path.to_string(), Scalar::Number(len as f64), len, c.rule));
            }
        }
    }

    fn scalar(&mut self, path: &str, value: &Scalar) {
        let Some(checks) = self.checks.get(path) else {
            return;
        };
        for c in checks {
            if breaks(c, value) {
                self.found
                    .push((path.to_string(), value.clone(), 0, c.rule));
            }
        }
    }
}

/// Whether `value` breaks the constraint.
fn breaks(c: &Check, value: &Scalar) -> bool {
    let chars = |v: &Scalar| match v {
        Scalar::Text(s) => Some(s.chars().count() as u64),
        Scalar::Number(_) => None,
    };
    match c.rule {
        Rule::Enum(values) => !values.contains(&value.text().as_str()),
        Rule::Pattern(_) => c
            .regex
            .as_ref()
            .is_some_and(|re| !re.is_match(&value.text())),
        Rule::MinLength(min) => chars(value).is_some_and(|n| n < min),
        Rule::MaxLength(max) => chars(value).is_some_and(|n| n > max),
        Rule::Minimum(min) => value.number().is_some_and(|n| n < min),
        Rule::Maximum(max) => value.number().is_some_and(|n| n > max),
        Rule::MinItems(_) | Rule::MaxItems(_) => false,
    }
}

/// The intrinsic function a one-key object calls, and its argument.
fn intrinsic(map: &serde_json::Map<String, Json>) -> Option<(&str, &Json)> {
    if map.len() != 1 {
        return None;
    }
    let (key, arg) = map.iter().next()?;
    (key == "Ref" || key.starts_with("Fn::")).then_some((key.as_str(), arg))
}

/// The text a string-valued expression has before deploy, when it has one.
fn literal_string(node: &Json, pseudo: &Pseudo<'_>) -> Option<String> {
    match node {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => n.as_f64().map(number_text),
        Json::Object(map) => {
            let (key, arg) = intrinsic(map)?;
            match key {
                "Ref" => pseudo.get(arg.as_str()?).map(str::to_string),
                "Fn::Sub" => match arg {
                    Json::String(template) => substitute(template, pseudo, None),
                    Json::Array(parts) => {
                        let [template, vars] = parts.as_slice() else {
                            return None;
                        };
                        substitute(template.as_str()?, pseudo, vars.as_object())
                    }
                    _ => None,
                },
                "Fn::Join" => {
                    let [separator, parts] = arg.as_array()?.as_slice() else {
                        return None;
                    };
                    let parts = parts
                        .as_array()?
                        .iter()
                        .map(|p| literal_string(p, pseudo))
                        .collect::<Option<Vec<_>>>()?;
                    Some(parts.join(separator.as_str()?))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// An `Fn::Sub` template with every `${...}` replaced, or `None` when one is not known.
fn substitute(
    template: &str,
    pseudo: &Pseudo<'_>,
    vars: Option<&serde_json::Map<String, Json>>,
) -> Option<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}')?;
        let name = &after[..end];
        let value = match vars.and_then(|v| v.get(name)) {
            Some(v) => literal_string(v, pseudo)?,
            None => pseudo.get(name)?.to_string(),
        };
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// A value of the stage, by path.
#[derive(Debug, Clone)]
struct StageValue {
    path: String,
    value: Scalar,
    /// A map key (a tag's key), not a value.
    key: bool,
    /// The `name` of the list entry holding it (`compute.services[1]` -> `catalog`).
    owner: Option<String>,
}

/// Every string and number of the stage, in document order, with tag keys.
fn stage_values(loaded: &LoadedStage) -> Vec<StageValue> {
    let Ok(json) = serde_json::to_value(&loaded.stage) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    collect(&json, String::new(), None, &mut out);
    out
}

fn collect(node: &Json, path: String, owner: Option<&str>, out: &mut Vec<StageValue>) {
    match node {
        Json::Object(map) => {
            let tags = path == "tags";
            for (key, child) in map {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if tags {
                    out.push(StageValue {
                        path: child_path.clone(),
                        value: Scalar::Text(key.clone()),
                        key: true,
                        owner: None,
                    });
                }
                collect(child, child_path, owner, out);
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let name = item.get("name").and_then(Json::as_str).or(owner);
                collect(item, format!("{path}[{i}]"), name, out);
            }
        }
        Json::String(s) => out.push(StageValue {
            path,
            value: Scalar::Text(s.clone()),
            key: false,
            owner: owner.map(str::to_string),
        }),
        Json::Number(n) => {
            if let Some(n) = n.as_f64() {
                out.push(StageValue {
                    path,
                    value: Scalar::Number(n),
                    key: false,
                    owner: owner.map(str::to_string),
                });
            }
        }
        Json::Bool(_) | Json::Null => {}
    }
}

/// Where a violating value came from in the stage.
#[derive(Debug, Clone)]
struct Source {
    /// The stage path.
    path: String,
    /// A tag key rather than a value.
    key: bool,
    /// The template value is the stage value (times `factor`), not a name built around it.
    exact: bool,
    /// Template units per stage unit.
    factor: f64,
    /// The stage value is the stack name (`name`), and the template value was built from it.
    stack_name: bool,
}

/// `compute.services[1].port` -> `compute.services[*].port`.
fn generic(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[*]");
            }
            ']' if in_index => in_index = false,
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

fn path_matches(pattern: &str, path: &str) -> bool {
    let path = generic(path);
    match pattern.strip_suffix(".*") {
        Some(prefix) => path
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|rest| !rest.contains(['.', '['])),
        None => pattern == path,
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Find the stage value that produced a violating template value.
fn locate(
    v: &Violation,
    values: &[StageValue],
    loaded: &LoadedStage,
    base: &str,
) -> Option<Source> {
    if matches!(v.rule, Rule::MinItems(_) | Rule::MaxItems(_)) {
        return None;
    }
    let hinted: Vec<(&str, f64)> = SOURCES
        .iter()
        .filter(|(t, p, _)| *t == v.resource_type && *p == v.path)
        .flat_map(|(_, _, sources)| sources.iter().copied())
        .collect();
    let logical = squash(&v.logical_id);
    // Better first: an exact match over a contained one, the list entry the resource is
    // named after, a value written in a file over a default.
    let rank = |c: &StageValue, exact: bool| {
        (
            !exact,
            !c.owner
                .as_deref()
                .is_some_and(|o| logical.contains(&squash(o))),
            !loaded.locations.contains_key(&c.path),
        )
    };
    let pick = |filter: &dyn Fn(&StageValue) -> Option<(f64, bool)>| {
        values
            .iter()
            .filter_map(|c| filter(c).map(|(factor, exact)| (c, factor, exact)))
            .enumerate()
            .min_by_key(|(i, (c, _, exact))| {
                let contained_len = if *exact {
                    0
                } else {
                    usize::MAX - c.value.text().len()
                };
                (rank(c, *exact), contained_len, *i)
            })
            .map(|(_, (c, factor, exact))| Source {
                path: c.path.clone(),
                key: c.key,
                exact,
                factor,
                stack_name: false,
            })
    };
    let text = v.value.text();
    let matches_value = |c: &StageValue, factor: f64| -> Option<bool> {
        match (&v.value, &c.value) {
            (Scalar::Number(t), Scalar::Number(s)) => (s * factor == *t).then_some(true),
            (Scalar::Text(t), Scalar::Number(s)) => (number_text(s * factor) == *t).then_some(true),
            (_, Scalar::Text(s)) if *s == text => Some(true),
            (Scalar::Text(t), Scalar::Text(s))
                if s.chars().count() >= 2 && t.contains(s.as_str()) =>
            {
                Some(false)
            }
            _ => None,
        }
    };
    if !hinted.is_empty() {
        let found = pick(&|c: &StageValue| {
            let (_, factor) = hinted.iter().find(|(p, _)| path_matches(p, &c.path))?;
            matches_value(c, *factor).map(|exact| (*factor, exact))
        });
        if found.is_some() {
            return found;
        }
    }
    // Any stage value: numbers only when equal, strings equal or (3 characters or more)
    // contained in a built name.
    let found = pick(&|c: &StageValue| match (&v.value, &c.value) {
        (_, Scalar::Number(_)) => matches_value(c, 1.0).map(|e| (1.0, e)),
        (Scalar::Text(_), Scalar::Text(s)) if c.key || s.chars().count() >= 3 => {
            matches_value(c, 1.0).map(|e| (1.0, e))
        }
        _ => None,
    });
    if let Some(mut found) = found {
        // The stage's name is the stack name (without --stack-name).
        found.stack_name = found.path == "name" && !found.exact;
        return Some(found);
    }
    text.contains(base).then(|| Source {
        path: "name".to_string(),
        key: false,
        exact: text == base,
        factor: 1.0,
        stack_name: true,
    })
}

fn leaf(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// A value as quoted in a message, long ones shortened.
fn shown(text: &str) -> String {
    let n = text.chars().count();
    if n <= 64 {
        format!("`{text}`")
    } else {
        let head: String = text.chars().take(40).collect();
        let tail: String = text.chars().skip(n - 12).collect();
        format!("`{head}…{tail}`")
    }
}

fn list(values: &[&str]) -> String {
    const MOST: usize = 12;
    let mut out = values
        .iter()
        .take(MOST)
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if values.len() > MOST {
        out.push_str(&format!(" and {} more", values.len() - MOST));
    }
    out
}

/// The constraint broken, in words, as said of the template value.
fn broken(v: &Violation) -> String {
    let chars = v.value.text().chars().count();
    match v.rule {
        Rule::Enum(values) => format!("is not one of {}", list(values)),
        Rule::Pattern(p) => format!("does not match `{p}`"),
        Rule::MinLength(min) => format!("is {chars} characters, shorter than {min}"),
        Rule::MaxLength(max) => format!("is {chars} characters, longer than {max}"),
        Rule::Minimum(min) => format!("is below the minimum of {}", number_text(min)),
        Rule::Maximum(max) => format!("is above the maximum of {}", number_text(max)),
        Rule::MinItems(min) => format!("has {} items, fewer than {min}", v.items),
        Rule::MaxItems(max) => format!("has {} items, more than {max}", v.items),
    }
}

/// How to fix the stage value at `path` (or the tag key there), in the stage's units.
fn fix(rule: Rule, path: &str, factor: f64, key: bool) -> String {
    let unit = |n: f64| number_text(n / factor);
    let name = if key {
        format!("tag key `{}`", leaf(path))
    } else if path.starts_with("tags.") {
        format!("the value of tag `{}`", leaf(path))
    } else {
        format!("`{}`", field(path))
    };
    match rule {
        Rule::Enum(values) => format!("set {name} to one of {}", list(values)),
        Rule::Pattern(p) => format!("change {name} so that it matches `{p}`"),
        Rule::MinLength(min) => format!("lengthen {name} to at least {min} characters"),
        Rule::MaxLength(max) => format!("shorten {name} to at most {max} characters"),
        Rule::Minimum(min) => format!("set {name} to at least {}", unit(min)),
        Rule::Maximum(max) => format!("set {name} to at most {}", unit(max)),
        Rule::MinItems(min) => format!("list at least {min} items in {name}"),
        Rule::MaxItems(max) => format!("list at most {max} items in {name}"),
    }
}

/// What a built value must do, in words.
fn wanted(rule: Rule) -> String {
    match rule {
        Rule::Enum(values) => format!("is one of {}", list(values)),
        Rule::Pattern(p) => format!("matches `{p}`"),
        Rule::MinLength(min) => format!("has at least {min} characters"),
        Rule::MaxLength(max) => format!("has at most {max} characters"),
        Rule::Minimum(min) => format!("is at least {}", number_text(min)),
        Rule::Maximum(max) => format!("is at most {}", number_text(max)),
        Rule::MinItems(min) => format!("has at least {min} items"),
        Rule::MaxItems(max) => format!("has at most {max} items"),
    }
}

/// A stage path as a user names the field: below its list entry
/// (`data.tables[0].partition_key.name` -> `partition_key.name`), else its last key.
fn field(path: &str) -> &str {
    match path.rfind("].") {
        Some(i) => &path[i + 2..],
        None => leaf(path),
    }
}

fn diagnostic(
    v: &Violation,
    source: Option<&Source>,
    base: &str,
    from_flag: bool,
    f: &Findings<'_>,
) -> Diagnostic {
    let value = v.value.text();
    let mut message = format!(
        "{} `{}` in stack `{}`: {} {} {}; AWS refuses it",
        v.resource_type,
        v.logical_id,
        v.stack_name,
        v.path,
        shown(&value),
        broken(v)
    );
    let (location, help): (Option<Location>, String) = match source {
        Some(s) if s.stack_name => {
            message.push_str(&format!(
                " (scalectl builds it from the stack name `{base}`)"
            ));
            let location = if from_flag { None } else { f.at("name") };
            let help = if from_flag {
                "use a shorter --stack-name".to_string()
            } else {
                "use a shorter stage `name` (or a shorter --stack-name)".to_string()
            };
            (location, help)
        }
        Some(s) if s.key => (f.at_key(&s.path), fix(v.rule, &s.path, 1.0, true)),
        Some(s) if s.exact => (f.at(&s.path), fix(v.rule, &s.path, s.factor, false)),
        Some(s) => (
            f.at(&s.path),
            format!(
                "scalectl builds {} from `{}`; change `{}` so that the built value {}",
                shown(&value),
                field(&s.path),
                field(&s.path),
                wanted(v.rule)
            ),
        ),
        None => (
            None,
            "scalectl wrote this value itself: please report it, with the stage file".to_string(),
        ),
    };
    Diagnostic::error(CODE, message, location, help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::{FileReader, StageRef, load};
    use std::path::{Path, PathBuf};

    struct One(String);

    impl FileReader for One {
        fn read(&self, _path: &Path) -> std::io::Result<String> {
            Ok(self.0.clone())
        }
    }

    fn loaded(text: &str) -> LoadedStage {
        let reader = One(text.to_string());
        match load(&StageRef::File(PathBuf::from("shop.yaml")), &reader) {
            Ok(l) => l,
            Err(report) => panic!("{:?}", report.diagnostics),
        }
    }

    fn run(loaded: &LoadedStage) -> Vec<Diagnostic> {
        let stacks = crate::synth::synthesize(&loaded.stage).unwrap();
        let mut f = Findings::new(loaded, false);
        check(loaded, &loaded.stage.name, false, &stacks, &mut f);
        f.finish()
    }

    fn line_of(d: &Diagnostic) -> usize {
        d.location.map_or(0, |l| l.line)
    }

    #[test]
    fn golden_paths_pass() {
        for builtin in crate::stage::BUILTIN_STAGES {
            let loaded = load(
                &StageRef::Builtin(builtin.name.to_string()),
                &One(String::new()),
            )
            .unwrap();
            let found = run(&loaded);
            assert!(found.is_empty(), "{}: {found:#?}", builtin.name);
        }
    }

    #[test]
    fn enum_violation() {
        // The log retention is scalectl's own: feed a template value directly.
        let compiled = &*COMPILED;
        let checks = &compiled["AWS::Logs::LogGroup"];
        let pseudo = Pseudo {
            stack_name: "shop",
            region: "us-east-1",
        };
        let mut walk = Walk {
            checks,
            pseudo: &pseudo,
            found: Vec::new(),
        };
        walk.node(&serde_json::json!({"RetentionInDays": 31}), "");
        assert_eq!(walk.found.len(), 1);
        assert!(matches!(walk.found[0].3, Rule::Enum(_)));
        let mut walk = Walk {
            checks,
            pseudo: &pseudo,
            found: Vec::new(),
        };
        walk.node(&serde_json::json!({"RetentionInDays": 30}), "");
        assert!(walk.found.is_empty());
    }

    #[test]
    fn max_length_violation_points_at_the_service() {
        let path = format!("/{}", "a".repeat(1030));
        let loaded = loaded(&format!(
            "extends: stage6\nname: shop\ncompute:\n  services:\n    - name: orders\n      image: nginx\n      path: /orders/*\n      health_check_path: {path}\n"
        ));
        let found = run(&loaded);
        assert_eq!(found.len(), 1, "{found:#?}");
        let d = &found[0];
        assert_eq!(d.code, CODE);
        assert!(d.message.contains("HealthCheckPath"), "{}", d.message);
        assert!(d.message.contains("longer than 1024"), "{}", d.message);
        assert_eq!(line_of(d), 8);
        assert!(d.help.contains("health_check_path"), "{}", d.help);
    }

    #[test]
    fn pattern_violation() {
        let loaded = loaded(
            "extends: stage6\nname: shop\nmessaging:\n  workers:\n    - name: order-worker\n      queue: orders\n      code:\n        s3_bucket: my-code\n        s3_key: worker.zip\n        handler: app handler\n",
        );
        let found = run(&loaded);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].message.contains(r"does not match `^[^\s]+$`"));
        assert_eq!(line_of(&found[0]), 10);
    }

    #[test]
    fn maximum_violation_in_stage_units() {
        let checks = &COMPILED["AWS::SQS::Queue"];
        let pseudo = Pseudo {
            stack_name: "shop",
            region: "us-east-1",
        };
        let mut walk = Walk {
            checks,
            pseudo: &pseudo,
            found: Vec::new(),
        };
        walk.node(
            &serde_json::json!({"MessageRetentionPeriod": 15 * 86_400, "VisibilityTimeout": 43_201}),
            "",
        );
        assert_eq!(walk.found.len(), 2, "{:?}", walk.found);
        assert!(
            walk.found
                .iter()
                .all(|(_, _, _, r)| matches!(r, Rule::Maximum(_)))
        );
        assert_eq!(
            fix(
                walk.found[0].3,
                "messaging.queues[0].retention_days",
                86_400.0,
                false
            ),
            "set `retention_days` to at most 14"
        );
    }

    #[test]
    fn intrinsics_are_skipped_and_known_subs_checked() {
        let checks = &COMPILED["AWS::ElasticLoadBalancingV2::TargetGroup"];
        let pseudo = Pseudo {
            stack_name: "shop",
            region: "us-east-1",
        };
        let long = "x".repeat(2000);
        let mut walk = Walk {
            checks,
            pseudo: &pseudo,
            found: Vec::new(),
        };
        walk.node(
            &serde_json::json!({
                "HealthCheckPath": {"Fn::Sub": format!("/${{Missing}}{long}")},
                "Port": {"Ref": "AppPort"},
                "HealthCheckIntervalSeconds": {"Fn::GetAtt": ["X", "Y"]},
            }),
            "",
        );
        assert!(walk.found.is_empty(), "{:?}", walk.found);
        walk.node(
            &serde_json::json!({"HealthCheckPath": {"Fn::Sub": format!("/${{AWS::StackName}}{long}")}}),
            "",
        );
        assert_eq!(walk.found.len(), 1);
        walk.node(
            &serde_json::json!({"Port": {"Fn::If": ["C", 80, 70000]}}),
            "",
        );
        assert_eq!(walk.found.len(), 2);
    }

    #[test]
    fn translation() {
        assert_eq!(translate(r"^\d+$").as_deref(), Some("^[0-9]+$"));
        assert_eq!(translate(r"[\w.]").as_deref(), Some("[0-9A-Za-z_.]"));
        assert_eq!(translate(r"^a\Z").as_deref(), Some(r"^a\z"));
        assert_eq!(translate(r"[@[\]&]").as_deref(), Some(r"[@\[\]\&]"));
        assert!(translate(r"^[a-z]*(?<!\.)$").is_none());
        assert!(translate(r"(a)\1").is_none());
        let re = Regex::new(&translate(r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$").unwrap()).unwrap();
        assert!(re.is_match("cost center"));
        assert!(!re.is_match("web & mobile"));
    }

    #[test]
    fn skipped_patterns_are_few_and_known() {
        let skipped: Vec<_> = RESOURCES
            .iter()
            .flat_map(|r| r.constraints)
            .filter_map(|c| match c.rule {
                Rule::Pattern(p) if pattern(p).is_none() => Some(p),
                _ => None,
            })
            .collect();
        assert!(skipped.len() <= 12, "{skipped:#?}");
        for p in skipped {
            assert!(
                p.contains("(?") || p.contains(r"\p{Print}"),
                "`{p}` should compile"
            );
        }
    }

    #[test]
    fn a_name_built_from_the_stack_name_points_at_name() {
        let loaded = loaded("extends: stage2\nname: shop\n");
        let v = Violation {
            resource_type: "AWS::SNS::Topic".to_string(),
            logical_id: "AlarmTopic".to_string(),
            stack_name: "shop".to_string(),
            path: "TopicName".to_string(),
            value: Scalar::Text("shop-alarms-zz".to_string()),
            items: 0,
            rule: Rule::MaxLength(3),
        };
        let source = locate(&v, &stage_values(&loaded), &loaded, "shop").unwrap();
        assert!(source.stack_name && source.path == "name", "{source:?}");
        let f = Findings::new(&loaded, false);
        let d = diagnostic(&v, Some(&source), "shop", false, &f);
        assert!(d.message.contains("stack name `shop`"), "{}", d.message);
        assert_eq!(line_of(&d), 2);
    }

    #[test]
    fn stage_paths_match() {
        assert!(path_matches(
            "compute.services[*].port",
            "compute.services[12].port"
        ));
        assert!(path_matches("tags.*", "tags.team"));
        assert!(!path_matches("tags.*", "tags"));
        assert!(!path_matches("compute.web.app_port", "compute.web.min"));
    }
}
