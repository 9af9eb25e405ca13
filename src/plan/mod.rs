//! The plan: what a stage synthesizes to, grouped by layer, and what it adds over its parent.

pub mod capacity;
pub mod cost;
pub mod layers;
mod shards;

use crate::synth::StackTemplate;
use crate::synth::placement::{Placement, PlacementChange};
use layers::Layer;
use std::collections::BTreeMap;

/// Summary of one stack.
#[derive(Debug, Clone, PartialEq)]
pub struct StackSummary {
    /// Full stack name.
    pub name: String,
    /// Region.
    pub region: String,
    /// Resource count.
    pub resources: usize,
    /// Parameter count.
    pub parameters: usize,
    /// Output count.
    pub outputs: usize,
    /// Template body size in bytes.
    pub body_bytes: usize,
    /// Stacks deployed before this one.
    pub depends_on: Vec<String>,
    /// Resource counts per layer, then per type.
    pub by_layer: BTreeMap<Layer, BTreeMap<String, usize>>,
}

/// A resource that differs between a stage and its parent.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ResourceChange {
    /// Stack name suffix (empty for a single stack).
    pub stack: String,
    /// Logical ID.
    pub id: String,
    /// CloudFormation type.
    pub resource_type: String,
}

/// How a stage differs from the stage it extends.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Delta {
    /// The parent stage.
    pub parent: String,
    /// Resources the stage adds.
    pub added: Vec<ResourceChange>,
    /// Resources the parent had and this stage drops.
    pub removed: Vec<ResourceChange>,
    /// Resources in both whose properties differ.
    pub changed: Vec<ResourceChange>,
}

/// The plan of a stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Stage name.
    pub stage: String,
    /// Stage title.
    pub title: String,
    /// What the stage adds, in its own words.
    pub adds: Vec<String>,
    /// Zones per region.
    pub zones: Vec<(String, Vec<String>)>,
    /// Stacks in deploy order.
    pub stacks: Vec<StackSummary>,
    /// The deploy order in waves of stack names; a wave's stacks can deploy together.
    pub waves: Vec<Vec<String>>,
    /// The graph's base name (stack names derive from it).
    pub base: String,
    /// Where the shards live.
    pub placement: Placement,
    /// Difference from the parent, when there is one.
    pub delta: Option<Delta>,
    /// How the shards' placement differs from the parent's.
    pub placement_change: Option<PlacementChange>,
}

/// Above this many added, changed and removed resources, the delta is counted per stack.
const DELTA_LISTED_UP_TO: usize = 60;

/// Above this many stacks, resources by layer are totalled over the graph.
const LAYERS_PER_STACK_UP_TO: usize = 6;

/// Summarize synthesized stacks.
pub fn summarize(base_name: &str, stacks: &[StackTemplate]) -> Vec<StackSummary> {
    stacks
        .iter()
        .map(|stack| {
            let mut by_layer: BTreeMap<Layer, BTreeMap<String, usize>> = BTreeMap::new();
            for (id, resource) in &stack.template.resources {
                let layer = Layer::of(id, &resource.resource_type);
                *by_layer
                    .entry(layer)
                    .or_default()
                    .entry(short_type(&resource.resource_type))
                    .or_default() += 1;
            }
            StackSummary {
                name: stack.stack_name(base_name),
                region: stack.region.clone(),
                resources: stack.template.resources.len(),
                parameters: stack.template.parameters.len(),
                outputs: stack.template.outputs.len(),
                body_bytes: stack.template.to_json().len(),
                depends_on: stack
                    .depends_on
                    .iter()
                    .map(|d| crate::synth::stack_name(base_name, d))
                    .collect(),
                by_layer,
            }
        })
        .collect()
}

/// `AWS::EC2::SecurityGroup` -> `EC2::SecurityGroup`.
pub fn short_type(resource_type: &str) -> String {
    resource_type.trim_start_matches("AWS::").to_string()
}

/// Compare a stage's stacks with its parent's, by stack suffix and logical ID.
pub fn delta(parent: &str, old: &[StackTemplate], new: &[StackTemplate]) -> Delta {
    let index = |stacks: &[StackTemplate]| {
        let mut map = BTreeMap::new();
        for stack in stacks {
            for (id, resource) in &stack.template.resources {
                map.insert((stack.suffix.clone(), id.clone()), resource.clone());
            }
        }
        map
    };
    let (old, new) = (index(old), index(new));
    let change = |(stack, id): &(String, String), t: &str| ResourceChange {
        stack: stack.clone(),
        id: id.clone(),
        resource_type: t.to_string(),
    };
    let mut delta = Delta {
        parent: parent.to_string(),
        ..Delta::default()
    };
    for (key, resource) in &new {
        match old.get(key) {
            None => delta.added.push(change(key, &resource.resource_type)),
            Some(before) if before != resource => {
                delta.changed.push(change(key, &resource.resource_type))
            }
            Some(_) => {}
        }
    }
    for (key, resource) in &old {
        if !new.contains_key(key) {
            delta.removed.push(change(key, &resource.resource_type));
        }
    }
    delta
}

/// Render the plan as text.
pub fn render_text(plan: &Plan) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", plan.stage, plan.title);
    for (region, zones) in &plan.zones {
        let _ = writeln!(
            out,
            "  {region}: {} zones ({})",
            zones.len(),
            zones.join(", ")
        );
    }
    let _ = writeln!(out, "\nStacks");
    for stack in &plan.stacks {
        let after = if stack.depends_on.is_empty() {
            String::new()
        } else {
            format!(", after {}", stack.depends_on.join(", "))
        };
        let _ = writeln!(
            out,
            "  {:<28} {:<15} {:>4} resources {:>3} outputs {:>3} parameters {:>7} bytes{after}",
            stack.name,
            stack.region,
            stack.resources,
            stack.outputs,
            stack.parameters,
            stack.body_bytes
        );
    }
    if plan.stacks.len() > 1 {
        let _ = writeln!(
            out,
            "\nDeploy order: {} stacks in {} wave{}; a wave's stacks deploy at the same time (`deploy --concurrency`), each after the stacks it reads outputs from; `destroy` goes in reverse",
            plan.stacks.len(),
            plan.waves.len(),
            if plan.waves.len() == 1 { "" } else { "s" }
        );
        for (i, wave) in plan.waves.iter().enumerate() {
            let _ = writeln!(out, "  {}. {}", i + 1, wave.join(", "));
        }
    }
    shards::render_placement(&mut out, &plan.base, &plan.placement);
    if plan.stacks.len() <= LAYERS_PER_STACK_UP_TO {
        for stack in &plan.stacks {
            let _ = writeln!(out, "\nResources by layer: {}", stack.name);
            layer_lines(&mut out, &stack.by_layer);
        }
    } else {
        let mut total: BTreeMap<Layer, BTreeMap<String, usize>> = BTreeMap::new();
        for stack in &plan.stacks {
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
        let _ = writeln!(
            out,
            "\nResources by layer: all {} stacks ({} resources)",
            plan.stacks.len(),
            plan.stacks.iter().map(|s| s.resources).sum::<usize>()
        );
        layer_lines(&mut out, &total);
    }
    if let Some(delta) = &plan.delta {
        let _ = writeln!(out, "\nWhat {} adds over {}", plan.stage, delta.parent);
        for line in &plan.adds {
            let _ = writeln!(out, "  * {line}");
        }
        let _ = writeln!(
            out,
            "  resources: {} added, {} changed, {} removed",
            delta.added.len(),
            delta.changed.len(),
            delta.removed.len()
        );
        let listed = delta.added.len() + delta.changed.len() + delta.removed.len();
        for (sign, list) in [
            ("+", &delta.added),
            ("~", &delta.changed),
            ("-", &delta.removed),
        ] {
            if listed > DELTA_LISTED_UP_TO {
                // Too many to read one by one: count them per stack.
                let mut per_stack: BTreeMap<&str, usize> = BTreeMap::new();
                for c in list {
                    *per_stack.entry(c.stack.as_str()).or_default() += 1;
                }
                for (stack, n) in per_stack {
                    let stack = if stack.is_empty() {
                        "(single stack)"
                    } else {
                        stack
                    };
                    let _ = writeln!(out, "    {sign} [{stack}] {n} resources");
                }
                continue;
            }
            for c in list {
                let stack = if c.stack.is_empty() {
                    String::new()
                } else {
                    format!("[{}] ", c.stack)
                };
                let _ = writeln!(
                    out,
                    "    {sign} {stack}{} ({})",
                    c.id,
                    short_type(&c.resource_type)
                );
            }
        }
        if let Some(change) = &plan.placement_change {
            shards::render_change(&mut out, &delta.parent, &plan.base, change);
        }
    } else if !plan.adds.is_empty() {
        let _ = writeln!(out, "\nWhat {} is", plan.stage);
        for line in &plan.adds {
            let _ = writeln!(out, "  * {line}");
        }
    }
    out
}

fn layer_lines(out: &mut String, by_layer: &BTreeMap<Layer, BTreeMap<String, usize>>) {
    use std::fmt::Write;
    for (layer, types) in by_layer {
        let total: usize = types.values().sum();
        let detail = types
            .iter()
            .map(|(t, n)| format!("{t} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(out, "  {:<14} {total:>4}  {detail}", layer.name());
    }
}
