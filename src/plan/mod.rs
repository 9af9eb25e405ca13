//! The plan: what a stage synthesizes to, grouped by layer, what it adds over its parent
//! (or another stage), what load it holds and what it costs.

pub mod cost;
pub mod diagram;
pub mod layers;
pub mod recommend;
pub mod report;
mod shards;
pub mod sketch;
pub mod transition;

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
    /// The stage it extends.
    pub extends: Option<String>,
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
