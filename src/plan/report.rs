//! The plan report: everything `plan` knows about a stage in one serializable value, and its
//! rendering as text or Markdown through the minijinja templates in `templates/`, or as
//! JSON (the stable shape documented in the README).

use super::cost::{CostLine, Estimate};
use super::layers::Layer;
use super::transition::{Rollout, ServiceRollout, Transition};
use super::{Delta, Plan, StackSummary, shards, short_type};
use crate::capacity::{Assessment, count};
use crate::validate::QuotaUse;
use minijinja::{Environment, Value};
use serde::Serialize;
use std::collections::BTreeMap;

/// Schema version of the JSON report; bumped when a field changes meaning or goes away.
pub const REPORT_VERSION: u32 = 1;

/// Cost lines shown in the text and Markdown reports (JSON has them all).
const TOP_COST_LINES: usize = 8;

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For a terminal.
    Text,
    /// A page for a code host, with the Mermaid diagram.
    Markdown,
    /// One JSON document.
    Json,
}

/// Why a report could not be rendered (a bug in a template).
#[derive(Debug, thiserror::Error)]
#[error("cannot render the plan report ({template}): {message}")]
pub struct ReportError {
    /// The template.
    pub template: &'static str,
    /// What went wrong.
    pub message: String,
}

/// A validation finding, located.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// Stable code.
    pub code: &'static str,
    /// What.
    pub message: String,
    /// `file:line:column`, when known.
    pub location: Option<String>,
    /// How to fix it.
    pub help: String,
    /// Other places that matter, `file:line:column: what` (the inherited value a finding on
    /// an `extends:` line is about).
    pub related: Vec<String>,
}

/// The stage file's escape hatches, as `plan` lists them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Extensions {
    /// Raw resources: stack (suffix), logical ID, type.
    pub resources: Vec<RawRow>,
    /// Overrides: resource, stack (none: every stack with it), paths, and the `unprotect`
    /// reason when there is one.
    pub overrides: Vec<OverrideRow>,
}

/// A raw resource of the stage file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RawRow {
    /// The stack's suffix (empty: the stage's own).
    pub stack: String,
    /// Logical ID.
    pub id: String,
    /// CloudFormation type.
    pub resource_type: String,
}

/// An override of the stage file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverrideRow {
    /// The resource's logical ID.
    pub resource: String,
    /// Only this stack, when set.
    pub stack: Option<String>,
    /// The paths it sets.
    pub paths: Vec<String>,
    /// Why it may drop protection, when it says.
    pub unprotect: Option<String>,
}

impl Extensions {
    /// The escape hatches of a stage.
    pub fn of(stage: &crate::stage::Stage) -> Self {
        Extensions {
            resources: stage
                .resources
                .iter()
                .map(|(id, raw)| RawRow {
                    stack: raw.stack.clone(),
                    id: id.clone(),
                    resource_type: raw.resource_type.clone(),
                })
                .collect(),
            overrides: stage
                .overrides
                .iter()
                .map(|o| OverrideRow {
                    resource: o.resource.clone(),
                    stack: o.stack.clone(),
                    paths: o.set.keys().cloned().collect(),
                    unprotect: o.unprotect.clone(),
                })
                .collect(),
        }
    }
}

/// One layer's resources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerRow {
    /// Layer name.
    pub layer: &'static str,
    /// Resources in it.
    pub total: usize,
    /// Per resource type (`EC2::Subnet`).
    pub types: BTreeMap<String, usize>,
}

/// Resources by layer of one stack, or of all stacks together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerGroup {
    /// The stack, or `None` for the whole graph.
    pub stack: Option<String>,
    /// Resources.
    pub resources: usize,
    /// Rows.
    pub layers: Vec<LayerRow>,
}

/// A shard's home.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShardRow {
    /// Shard number.
    pub shard: u32,
    /// Region.
    pub region: String,
    /// Full stack name.
    pub stack: String,
    /// Hashed key range, `start..=last` in hex.
    pub keys: String,
}

/// Where the shards live.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShardReport {
    /// Shards.
    pub total: u32,
    /// The placement rule in words.
    pub rule: &'static str,
    /// Per shard.
    pub homes: Vec<ShardRow>,
    /// With shards in several regions: which region serves a tenant.
    pub reach: Option<&'static str>,
    /// With shards in several regions: what losing a region does.
    pub region_lost: Option<&'static str>,
}

/// The cost difference of one resource type between two stages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeCost {
    /// CloudFormation type (or service).
    pub resource_type: String,
    /// Monthly cost in the stage compared with.
    pub from: f64,
    /// Monthly cost in this stage.
    pub to: f64,
}

/// A resource in a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangedResource {
    /// `+` added, `~` changed, `-` removed.
    pub change: &'static str,
    /// Stack name suffix (empty for a single stack).
    pub stack: String,
    /// Logical ID.
    pub id: String,
    /// CloudFormation type.
    pub resource_type: String,
}

/// How the stage differs from another (its parent, or `--from`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The other stage.
    pub from: String,
    /// Resources added.
    pub added: usize,
    /// Resources changed.
    pub changed: usize,
    /// Resources removed.
    pub removed: usize,
    /// Every resource that differs.
    pub resources: Vec<ChangedResource>,
    /// Monthly cost of the other stage.
    pub cost_from: f64,
    /// Monthly cost of this stage.
    pub cost_to: f64,
    /// Per type whose cost differs, largest difference first.
    pub cost_by_type: Vec<TypeCost>,
    /// The listing for people: every resource, or counts per stack when there are many.
    #[serde(skip)]
    pub lines: Vec<String>,
    /// How the shards move, for people.
    #[serde(skip)]
    pub shard_lines: String,
}

/// The capacity section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapacityReport {
    /// Whether every tier holds the load.
    pub holds: bool,
    /// The load, the flow and the tiers.
    #[serde(flatten)]
    pub assessment: Assessment,
}

/// The share of a tier's capacity its peak uses: `87%`; `-` when the tier holds nothing
/// and needs nothing, `>999%` past what a column shows.
fn utilization(peak: f64, holds: f64) -> String {
    if holds <= 0.0 || !holds.is_finite() || !peak.is_finite() {
        return if peak <= 0.0 { "-" } else { ">999%" }.to_string();
    }
    let share = peak / holds * 100.0;
    if share > 999.0 {
        ">999%".to_string()
    } else {
        format!("{share:.0}%")
    }
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// JSON shape version.
    pub version: u32,
    /// Stage name.
    pub stage: String,
    /// Stage title.
    pub title: String,
    /// The stage it extends.
    pub extends: Option<String>,
    /// What the stage adds, in its own words.
    pub adds: Vec<String>,
    /// Zones per region.
    pub regions: Vec<RegionZones>,
    /// Stacks in deploy order.
    pub stacks: Vec<StackRow>,
    /// Deploy waves of stack names.
    pub waves: Vec<Vec<String>>,
    /// Resources by layer: per stack for a few stacks, else totalled.
    pub layers: Vec<LayerGroup>,
    /// Where the shards live, when there are several.
    pub shards: Option<ShardReport>,
    /// Validation findings (warnings; errors stop the plan).
    pub findings: Vec<Finding>,
    /// Quota demands and their headroom.
    pub quotas: Vec<QuotaUse>,
    /// The stage against the load it states.
    pub capacity: Option<CapacityReport>,
    /// The monthly cost estimate.
    pub cost: Estimate,
    /// The difference from the parent or `--from` stage.
    pub comparison: Option<Comparison>,
    /// Deploying this stage over the parent or `--from` stage: what it meets, what moves.
    pub transition: Option<Transition>,
    /// How a new image or bootstrap rolls over the web fleet.
    pub rollout: Option<Rollout>,
    /// How each container service rolls out a new version.
    pub service_rollouts: Vec<ServiceRollout>,
    /// What the stage file adds to scalectl's stacks or changes in them.
    pub extensions: Extensions,
    /// The architecture as a Mermaid flowchart.
    pub diagram: String,
    /// The architecture as one line per region, for terminals.
    #[serde(skip)]
    pub flow_lines: Vec<String>,
    /// The shard placement, for people.
    #[serde(skip)]
    pub shard_text: String,
}

/// A region and its zones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionZones {
    /// Region code.
    pub region: String,
    /// Zone names.
    pub zones: Vec<String>,
}

/// A stack.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StackRow {
    /// Full name.
    pub name: String,
    /// Region.
    pub region: String,
    /// Resources.
    pub resources: usize,
    /// Outputs.
    pub outputs: usize,
    /// Parameters.
    pub parameters: usize,
    /// Template body bytes.
    pub body_bytes: usize,
    /// Stacks deployed before it.
    pub depends_on: Vec<String>,
}

/// Above this many stacks, resources by layer are totalled over the graph.
const LAYERS_PER_STACK_UP_TO: usize = 6;
/// Above this many differing resources, the comparison is counted per stack.
const DELTA_LISTED_UP_TO: usize = 60;

/// What goes into a report beside the plan.
pub struct Inputs {
    /// Validation warnings, located.
    pub findings: Vec<Finding>,
    /// Quota rows.
    pub quotas: Vec<QuotaUse>,
    /// The stage against its stated load.
    pub capacity: Option<Assessment>,
    /// This stage's estimate.
    pub cost: Estimate,
    /// The compared stage's estimate, with `plan.delta`.
    pub cost_from: Option<Estimate>,
    /// The climb from the compared stage.
    pub transition: Option<Transition>,
    /// The web fleet's rolling-update pace.
    pub rollout: Option<Rollout>,
    /// Each container service's rollout.
    pub service_rollouts: Vec<ServiceRollout>,
    /// The stage file's raw resources and overrides.
    pub extensions: Extensions,
    /// Mermaid.
    pub diagram: String,
    /// One line per region.
    pub flow_lines: Vec<String>,
}

fn layer_rows(by_layer: &BTreeMap<Layer, BTreeMap<String, usize>>) -> Vec<LayerRow> {
    by_layer
        .iter()
        .map(|(layer, types)| LayerRow {
            layer: layer.name(),
            total: types.values().sum(),
            types: types.clone(),
        })
        .collect()
}

fn layers(stacks: &[StackSummary]) -> Vec<LayerGroup> {
    if stacks.len() <= LAYERS_PER_STACK_UP_TO {
        return stacks
            .iter()
            .map(|s| LayerGroup {
                stack: Some(s.name.clone()),
                resources: s.resources,
                layers: layer_rows(&s.by_layer),
            })
            .collect();
    }
    let mut total: BTreeMap<Layer, BTreeMap<String, usize>> = BTreeMap::new();
    for stack in stacks {
        for (layer, types) in &stack.by_layer {
            for (t, n) in types {
                *total
                    .entry(*layer)
                    .or_default()
                    .entry(t.clone())
                    .or_default() += n;
            }
        }
    }
    vec![LayerGroup {
        stack: None,
        resources: stacks.iter().map(|s| s.resources).sum(),
        layers: layer_rows(&total),
    }]
}

fn comparison(plan: &Plan, delta: &Delta, cost: &Estimate, from: &Estimate) -> Comparison {
    let mut resources = Vec::new();
    for (sign, list) in [
        ("+", &delta.added),
        ("~", &delta.changed),
        ("-", &delta.removed),
    ] {
        for c in list {
            resources.push(ChangedResource {
                change: sign,
                stack: c.stack.clone(),
                id: c.id.clone(),
                resource_type: c.resource_type.clone(),
            });
        }
    }
    let mut lines = Vec::new();
    if resources.len() > DELTA_LISTED_UP_TO {
        let mut per_stack: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for r in &resources {
            *per_stack.entry((r.change, r.stack.as_str())).or_default() += 1;
        }
        for sign in ["+", "~", "-"] {
            for ((s, stack), n) in &per_stack {
                if *s == sign {
                    let stack = if stack.is_empty() {
                        "main stack"
                    } else {
                        stack
                    };
                    let noun = if *n == 1 { "resource" } else { "resources" };
                    lines.push(format!("{sign} [{stack}] {n} {noun}"));
                }
            }
        }
    } else {
        for r in &resources {
            let stack = if r.stack.is_empty() {
                String::new()
            } else {
                format!("[{}] ", r.stack)
            };
            lines.push(format!(
                "{} {stack}{} ({})",
                r.change,
                r.id,
                short_type(&r.resource_type)
            ));
        }
    }
    let mut by_type: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for (t, v) in from.by_type() {
        by_type.entry(t).or_default().0 = v;
    }
    for (t, v) in cost.by_type() {
        by_type.entry(t).or_default().1 = v;
    }
    let mut cost_by_type: Vec<TypeCost> = by_type
        .into_iter()
        .filter(|(_, (a, b))| (a - b).abs() >= 0.005)
        .map(|(t, (a, b))| TypeCost {
            resource_type: t,
            from: a,
            to: b,
        })
        .collect();
    cost_by_type.sort_by(|a, b| {
        (b.to - b.from)
            .abs()
            .total_cmp(&(a.to - a.from).abs())
            .then_with(|| a.resource_type.cmp(&b.resource_type))
    });
    let mut shard_lines = String::new();
    if let Some(change) = &plan.placement_change {
        shards::render_change(&mut shard_lines, &delta.parent, &plan.base, change);
    }
    Comparison {
        from: delta.parent.clone(),
        added: delta.added.len(),
        changed: delta.changed.len(),
        removed: delta.removed.len(),
        resources,
        cost_from: from.total,
        cost_to: cost.total,
        cost_by_type,
        lines,
        shard_lines,
    }
}

/// Put a plan and its inputs together.
pub fn build(plan: &Plan, inputs: Inputs) -> Report {
    let comparison = match (&plan.delta, &inputs.cost_from) {
        (Some(delta), Some(from)) => Some(comparison(plan, delta, &inputs.cost, from)),
        _ => None,
    };
    let mut shard_text = String::new();
    shards::render_placement(&mut shard_text, &plan.base, &plan.placement);
    let shards = (plan.placement.total > 1).then(|| ShardReport {
        total: plan.placement.total,
        rule: plan.placement.rule.describe(),
        homes: plan
            .placement
            .shards
            .iter()
            .map(|h| ShardRow {
                shard: h.shard,
                region: h.region.clone(),
                stack: crate::synth::stack_name(&plan.base, &h.stack),
                keys: h.keys.to_string(),
            })
            .collect(),
        reach: shards::reach(&plan.placement).map(|(serves, _)| serves),
        region_lost: shards::reach(&plan.placement).map(|(_, lost)| lost),
    });
    Report {
        version: REPORT_VERSION,
        stage: plan.stage.clone(),
        title: plan.title.clone(),
        extends: plan.extends.clone(),
        adds: plan.adds.clone(),
        regions: plan
            .zones
            .iter()
            .map(|(region, zones)| RegionZones {
                region: region.clone(),
                zones: zones.clone(),
            })
            .collect(),
        stacks: plan
            .stacks
            .iter()
            .map(|s| StackRow {
                name: s.name.clone(),
                region: s.region.clone(),
                resources: s.resources,
                outputs: s.outputs,
                parameters: s.parameters,
                body_bytes: s.body_bytes,
                depends_on: s.depends_on.clone(),
            })
            .collect(),
        waves: plan.waves.clone(),
        layers: layers(&plan.stacks),
        shards,
        findings: inputs.findings,
        quotas: inputs.quotas,
        capacity: inputs.capacity.map(|assessment| CapacityReport {
            holds: assessment.holds(),
            assessment,
        }),
        cost: inputs.cost,
        comparison,
        transition: inputs.transition,
        rollout: inputs.rollout,
        service_rollouts: inputs.service_rollouts,
        extensions: inputs.extensions,
        diagram: inputs.diagram,
        flow_lines: inputs.flow_lines,
        shard_text: shard_text.trim_start_matches('\n').to_string(),
    }
}

const TEMPLATES: &[(&str, &str)] = &[
    ("plan.txt", include_str!("../../templates/plan.txt.j2")),
    ("plan.md", include_str!("../../templates/plan.md.j2")),
];

/// Render the report.
pub fn render(report: &Report, format: Format) -> Result<String, ReportError> {
    let template = match format {
        Format::Json => {
            return serde_json::to_string_pretty(report)
                .map(|mut s| {
                    s.push('\n');
                    s
                })
                .map_err(|e| ReportError {
                    template: "json",
                    message: e.to_string(),
                });
        }
        Format::Text => "plan.txt",
        Format::Markdown => "plan.md",
    };
    let fail = |e: minijinja::Error| ReportError {
        template,
        message: format!("{e:#}"),
    };
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.add_filter("count", |v: f64| count(v));
    env.add_filter("money", money);
    // Stated shares print as written (12.5%, 0.5%); utilization rounds to whole percent.
    env.add_filter("pct", |v: f64| crate::stage::Share(v).to_string());
    env.add_filter("utilization", |peak: f64, holds: f64| {
        utilization(peak, holds)
    });
    env.add_filter("ljust", |s: String, width: usize| format!("{s:<width$}"));
    env.add_filter("rjust", |s: String, width: usize| format!("{s:>width$}"));
    env.add_filter("short_type", |s: String| short_type(&s));
    env.add_filter("users", |v: u64| crate::stage::UserCount(v).to_string());
    for (name, source) in TEMPLATES {
        env.add_template(name, source).map_err(fail)?;
    }
    let top: Vec<&CostLine> = report.cost.lines.iter().take(TOP_COST_LINES).collect();
    let rest: f64 = report
        .cost
        .lines
        .iter()
        .skip(TOP_COST_LINES)
        .map(|l| l.monthly)
        .sum();
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == "error")
        .count();
    // The text plan lists the quotas a stage uses half or more of; the rest are counted.
    let tight: Vec<&QuotaUse> = report
        .quotas
        .iter()
        .filter(|q| q.need * 2.0 >= q.quota)
        .collect();
    let ctx = minijinja::context! {
        r => Value::from_serialize(report),
        tight_quotas => Value::from_serialize(&tight),
        loose_quotas => report.quotas.len() - tight.len(),
        flow_lines => report.flow_lines,
        shard_text => report.shard_text,
        comparison_lines => report.comparison.as_ref().map(|c| c.lines.clone()),
        comparison_shards => report.comparison.as_ref().map(|c| c.shard_lines.trim_start_matches('\n').to_string()),
        top_cost => Value::from_serialize(&top),
        more_cost_lines => report.cost.lines.len().saturating_sub(TOP_COST_LINES),
        more_cost => rest,
        errors => errors,
        warnings => report.findings.len() - errors,
        stacked => report.stacks.len() > 1,
    };
    let text = env
        .get_template(template)
        .and_then(|t| t.render(ctx))
        .map_err(fail)?;
    Ok(tidy(&text))
}

/// `$41,977`, `$3.65`, `$0.02`.
pub fn money(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("${}", count(v))
    } else {
        format!("${v:.2}")
    }
}

/// No trailing spaces, at most one blank line in a row, one newline at the end.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if blank || out.is_empty() {
                continue;
            }
            blank = true;
        } else {
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::utilization;

    #[test]
    fn utilization_rounds_and_says_what_a_ratio_cannot() {
        assert_eq!(utilization(87.3, 100.0), "87%");
        assert_eq!(utilization(0.0, 0.0), "-");
        assert_eq!(utilization(5.0, 0.0), ">999%");
        assert_eq!(utilization(20_000.0, 10.0), ">999%");
    }
}
