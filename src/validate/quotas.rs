//! Quota rules: what the stage demands in each region, at full scale, compared with the
//! account's quotas. With built-in defaults an excess is a warning (many accounts have more);
//! with the account's live values it is an error. Usage by what the account already runs is
//! not counted: the demand is the stage's own.

use super::facts::{Facts, QuotaSource, QuotaValue};
use super::findings::Findings;
use crate::catalog::quotas::{self, QuotaDef, Unit};
use crate::cfn::Template;
use crate::diagnostic::{Diagnostic, Severity};
use crate::stage::{Stage, WebMode};
use crate::synth::StackTemplate;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// One demand on one quota.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Demand {
    /// The quota.
    pub quota: &'static QuotaDef,
    /// How much the stage needs.
    pub amount: f64,
    /// What needs it, in words.
    pub what: String,
    /// The stage path that drives it.
    pub path: &'static str,
}

/// One demand on one quota with the value it is held to: a row of the plan's quota table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QuotaUse {
    /// Region.
    pub region: String,
    /// Service Quotas service code.
    pub service: &'static str,
    /// Quota code.
    pub code: &'static str,
    /// Quota name.
    pub name: &'static str,
    /// What needs it.
    pub what: String,
    /// How much the stage needs at full scale.
    pub need: f64,
    /// The quota value.
    pub quota: f64,
    /// Where the value comes from: `default`, `declared` or `live`.
    pub source: &'static str,
}

impl QuotaUse {
    /// What is left: the quota minus the need (negative when over).
    pub fn headroom(&self) -> f64 {
        self.quota - self.need
    }
}

/// Every demand of the stage on a quota, with the value it is held to (live, declared in
/// the stage file, or AWS's default), as validation weighs them.
pub fn usage(stage: &Stage, stacks: &[StackTemplate], facts: &dyn Facts) -> Vec<QuotaUse> {
    let mut rows = Vec::new();
    for (region, demands) in demands(stage, stacks) {
        for demand in demands {
            let quota = held_to(stage, facts, &region, demand.quota);
            rows.push(QuotaUse {
                region: region.clone(),
                service: demand.quota.service,
                code: demand.quota.code,
                name: demand.quota.name,
                what: demand.what,
                need: demand.amount,
                quota: quota.value,
                source: match quota.source {
                    QuotaSource::Default => "default",
                    QuotaSource::Declared => "declared",
                    QuotaSource::Live => "live",
                },
            });
        }
    }
    rows
}

/// The value a quota is held to: live beats declared beats AWS's default.
fn held_to(stage: &Stage, facts: &dyn Facts, region: &str, def: &'static QuotaDef) -> QuotaValue {
    match (facts.quota(region, def), stage.quotas.get(def.code)) {
        (live, _) if live.source == QuotaSource::Live => live,
        (_, Some(value)) => QuotaValue {
            value: *value,
            source: QuotaSource::Declared,
        },
        (default, None) => default,
    }
}

/// Check every region's demand against its quotas.
pub(crate) fn check(
    stage: &Stage,
    stacks: &[StackTemplate],
    facts: &dyn Facts,
    f: &mut Findings<'_>,
) {
    for (region, demands) in demands(stage, stacks) {
        for demand in demands {
            let quota = held_to(stage, facts, &region, demand.quota);
            if demand.amount <= quota.value {
                continue;
            }
            let q = demand.quota;
            let unit = if q.unit == Unit::Vcpu { " vCPUs" } else { "" };
            let (value, amount) = (trim(quota.value), trim(demand.amount));
            let request = q.increase_command(&region, demand.amount);
            let message = format!(
                "{}: the stage needs {amount}{unit} in {region}, over the {} quota of {value}{unit} ({} {}: {})",
                demand.what,
                match quota.source {
                    QuotaSource::Live => "account's",
                    QuotaSource::Declared => "declared",
                    QuotaSource::Default => "AWS default",
                },
                q.service,
                q.code,
                q.name
            );
            let code = q.code;
            let (severity, help) = match quota.source {
                QuotaSource::Live => (
                    Severity::Error,
                    format!(
                        "request an increase of {code} in the Service Quotas console, or run: {request}; or lower the demand"
                    ),
                ),
                QuotaSource::Declared => (
                    Severity::Error,
                    format!(
                        "request an increase of {code}: {request}; then update `quotas.{code}` in the stage file, or lower the demand"
                    ),
                ),
                QuotaSource::Default => (
                    Severity::Warning,
                    format!(
                        "many accounts have more than the default: `scalectl validate --live` compares with this account's {code} value; to raise it: {request}"
                    ),
                ),
            };
            let mut diagnostic = Diagnostic::error(
                crate::diagnostic::codes::validate::QUOTA,
                message,
                f.at(demand.path),
                help,
            );
            diagnostic.severity = severity;
            if quota.source == QuotaSource::Declared {
                let declared = f.at(&format!("quotas.{code}"));
                diagnostic =
                    diagnostic.with_related_opt(declared, "the quota value is declared here");
            }
            f.push(diagnostic.with_label(format!("needs {amount}{unit}")));
        }
    }
}

fn trim(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

/// Demands per region, from the stage and its synthesized stacks.
pub(crate) fn demands(stage: &Stage, stacks: &[StackTemplate]) -> BTreeMap<String, Vec<Demand>> {
    let mut out: BTreeMap<String, Vec<Demand>> = BTreeMap::new();
    let mut replicas: BTreeMap<String, usize> = BTreeMap::new();
    // A global table counts once in every region that holds a replica of it, whichever
    // stack holds the resource.
    for stack in stacks {
        for resource in stack.template.resources.values() {
            if resource.resource_type == "AWS::DynamoDB::GlobalTable" {
                for replica in resource.properties["Replicas"]
                    .as_array()
                    .into_iter()
                    .flatten()
                {
                    if let Some(region) = replica["Region"].as_str() {
                        *replicas.entry(region.to_string()).or_default() += 1;
                    }
                }
            }
        }
    }
    for stack in stacks {
        let mut list = Vec::new();
        compute_demands(stage, &mut list);
        // Counted with the region's first stack only (a region may have shard stacks).
        template_demands(
            &stack.template,
            replicas.remove(&stack.region).unwrap_or(0),
            &mut list,
        );
        data_demands(stage, &mut list);
        out.entry(stack.region.clone()).or_default().extend(list);
    }
    out
}

fn push(
    list: &mut Vec<Demand>,
    quota: &'static QuotaDef,
    amount: f64,
    what: impl Into<String>,
    path: &'static str,
) {
    if amount > 0.0 {
        list.push(Demand {
            quota,
            amount,
            what: what.into(),
            path,
        });
    }
}

fn vcpus(name: &str) -> f64 {
    crate::catalog::instance_type(name).map_or(0.0, |t| f64::from(t.vcpus))
}

fn compute_demands(stage: &Stage, list: &mut Vec<Demand>) {
    let web = &stage.compute.web;
    let standard =
        |name: &str| crate::catalog::instance_type(name).is_some_and(|t| t.is_standard());
    let (on_demand, spot) = match (web.mode, &web.spot) {
        (WebMode::Single, _) => (1, 0),
        (WebMode::Fleet, None) => (web.max, 0),
        (WebMode::Fleet, Some(mix)) => {
            let base = mix.on_demand_base.min(web.max);
            let above = web.max - base;
            let od_above = (u64::from(above) * u64::from(mix.on_demand_percent_above_base.min(100)))
                .div_ceil(100) as u32;
            (base + od_above, above - od_above)
        }
    };
    if standard(&web.instance_type) {
        push(
            list,
            &quotas::ON_DEMAND_STANDARD_VCPUS,
            f64::from(on_demand) * vcpus(&web.instance_type),
            format!(
                "{on_demand} On-Demand {} web instance{}",
                web.instance_type,
                if on_demand == 1 { "" } else { "s" }
            ),
            "compute.web.max",
        );
    }
    if let Some(mix) = &web.spot {
        let largest = std::iter::once(&web.instance_type)
            .chain(mix.instance_types.iter())
            .filter(|t| standard(t))
            .map(|t| vcpus(t))
            .fold(0.0, f64::max);
        push(
            list,
            &quotas::SPOT_STANDARD_VCPUS,
            f64::from(spot) * largest,
            format!("{spot} Spot web instances of up to {largest} vCPUs each"),
            "compute.web.spot",
        );
    }
    let fargate: f64 = stage
        .compute
        .services
        .iter()
        .map(|s| f64::from(s.max) * f64::from(s.cpu) / 1024.0)
        .sum();
    push(
        list,
        &quotas::FARGATE_VCPUS,
        fargate,
        "container tasks at their maximum",
        "compute.services",
    );
    if let Some(m) = &stage.messaging {
        let reserved: u64 = m
            .workers
            .iter()
            .filter_map(|w| w.reserved_concurrency.map(u64::from))
            .sum();
        if reserved > 0 {
            // Lambda keeps 100 executions unreserved in every account.
            push(
                list,
                &quotas::LAMBDA_CONCURRENCY,
                reserved as f64 + 100.0,
                format!(
                    "{reserved} reserved worker executions plus the 100 Lambda keeps unreserved"
                ),
                "messaging.workers",
            );
        }
    }
    if stage.load_balancer.is_some() {
        // A single box is one target.
        let (fleet, tasks) = super::full_scale(stage);
        push(
            list,
            &quotas::TARGETS_PER_ALB,
            (fleet.max(1) + tasks) as f64,
            "load balancer targets at full scale",
            "compute.web.max",
        );
    }
}

fn data_demands(stage: &Stage, list: &mut Vec<Demand>) {
    if let Some(db) = &stage.data.database {
        push(
            list,
            &quotas::READ_REPLICAS_PER_PRIMARY,
            f64::from(db.read_replicas),
            "read replicas per shard",
            "data.database.read_replicas",
        );
    }
    if let Some(cache) = &stage.cache {
        let nodes = u64::from(cache.shards) * (1 + u64::from(cache.replicas_per_shard));
        push(
            list,
            &quotas::CACHE_NODES,
            nodes as f64,
            "cache nodes (shards x (1 + replicas))",
            "cache.shards",
        );
    }
}

fn template_demands(template: &Template, global_replicas: usize, list: &mut Vec<Demand>) {
    let count = |t: &str| {
        template
            .resources
            .values()
            .filter(|r| r.resource_type == t)
            .count() as f64
    };
    push(
        list,
        &quotas::VPCS,
        count("AWS::EC2::VPC"),
        "VPCs",
        "network.vpc_cidr",
    );
    push(
        list,
        &quotas::INTERNET_GATEWAYS,
        count("AWS::EC2::InternetGateway"),
        "internet gateways",
        "network",
    );
    push(
        list,
        &quotas::ELASTIC_IPS,
        count("AWS::EC2::EIP"),
        "Elastic IPs (web box and NAT gateways)",
        "network.nat_gateways",
    );
    push(
        list,
        &quotas::SUBNETS_PER_VPC,
        count("AWS::EC2::Subnet"),
        "subnets",
        "network.subnets",
    );
    push(
        list,
        &quotas::SECURITY_GROUPS,
        count("AWS::EC2::SecurityGroup"),
        "security groups",
        "compute",
    );
    push(
        list,
        &quotas::ALBS,
        count("AWS::ElasticLoadBalancingV2::LoadBalancer"),
        "load balancers",
        "load_balancer",
    );
    push(
        list,
        &quotas::DB_INSTANCES,
        count("AWS::RDS::DBInstance"),
        "RDS instances (shards and their replicas)",
        "data.database.shards",
    );
    push(
        list,
        &quotas::DYNAMODB_TABLES,
        count("AWS::DynamoDB::Table") + global_replicas as f64,
        "DynamoDB tables",
        "data.tables",
    );
    // NAT gateways: at most one per zone in every layout scalectl synthesizes.
    push(
        list,
        &quotas::NAT_GATEWAYS_PER_AZ,
        count("AWS::EC2::NatGateway").min(1.0),
        "NAT gateways in one zone",
        "network.nat_gateways",
    );
    let rules = max_rules_per_group(template);
    push(
        list,
        &quotas::RULES_PER_SECURITY_GROUP,
        rules as f64,
        "rules in the busiest security group",
        "compute",
    );
}

/// The most inbound (or outbound) rules any one security group carries, inline or as
/// separate ingress/egress resources.
fn max_rules_per_group(template: &Template) -> usize {
    let mut rules: BTreeMap<(String, &str), usize> = BTreeMap::new();
    for (id, r) in &template.resources {
        match r.resource_type.as_str() {
            "AWS::EC2::SecurityGroup" => {
                for (key, dir) in [
                    ("SecurityGroupIngress", "in"),
                    ("SecurityGroupEgress", "out"),
                ] {
                    let n = r.properties[key].as_array().map_or(0, Vec::len);
                    *rules.entry((id.clone(), dir)).or_default() += n;
                }
            }
            "AWS::EC2::SecurityGroupIngress" | "AWS::EC2::SecurityGroupEgress" => {
                let dir = if r.resource_type.ends_with("Ingress") {
                    "in"
                } else {
                    "out"
                };
                if let Some(group) = referenced_id(&r.properties["GroupId"]) {
                    *rules.entry((group, dir)).or_default() += 1;
                }
            }
            _ => {}
        }
    }
    rules.values().copied().max().unwrap_or(0)
}

fn referenced_id(value: &Json) -> Option<String> {
    if let Some(id) = value["Ref"].as_str() {
        return Some(id.to_string());
    }
    value["Fn::GetAtt"][0].as_str().map(str::to_string)
}
