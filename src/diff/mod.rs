//! Template diff: what a deploy would do to each resource of a stack, predicted from the
//! deployed and the new template ([`compare`]), then corrected by the change set's own answer
//! when one exists ([`merge`]), and checked against the data-loss guard ([`guard`]).
//!
//! Pure: templates come in as JSON values, change sets as plain data.

pub mod compare;
pub mod guard;
pub mod merge;
pub mod replica_steps;
pub mod update_behavior;
pub mod update_rules;

pub use compare::compare;
pub use guard::{Blocked, guard, unused_allowances};
pub use merge::{ChangeAction, ChangeSetChange, ChangeSetReplacement, merge};

use serde::Serialize;

/// What a deploy does to one resource, from least to most disruptive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Updated in place.
    Update,
    /// New in the template: created.
    Create,
    /// Replacement depends on values known only at deploy time (AWS decides).
    MayReplace,
    /// A new physical resource replaces the old one (new ID; the old one is deleted).
    Replace,
    /// Removed from the template and kept in the account by its `DeletionPolicy: Retain`.
    Orphan,
    /// Removed from the template and deleted.
    Destroy,
}

impl Impact {
    /// The word shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Update => "update",
            Impact::Create => "create",
            Impact::MayReplace => "may-replace",
            Impact::Replace => "replace",
            Impact::Orphan => "orphan",
            Impact::Destroy => "destroy",
        }
    }

    /// True when the old physical resource (and its data) may be deleted.
    pub fn loses_resource(self) -> bool {
        matches!(self, Impact::MayReplace | Impact::Replace | Impact::Destroy)
    }
}

/// What changing one property does to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Updated in place.
    InPlace,
    /// May force a replacement.
    MayReplace,
    /// Forces a replacement.
    Replaces,
}

/// One changed property (or resource attribute such as `DeletionPolicy`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyChange {
    /// `Properties/<Name>` for a property, or the attribute's name.
    pub path: String,
    /// The deployed value (`null` when added).
    pub before: serde_json::Value,
    /// The new value (`null` when removed; the deployed value when only a referenced
    /// resource changes).
    pub after: serde_json::Value,
    /// What the change does to the resource.
    pub effect: Effect,
    /// Set when the value changes because a resource it references is replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because_of: Option<String>,
}

/// Where a resource's impact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Predicted from the templates and scalectl's table of update behaviours.
    Predicted,
    /// Stated by the change set (it overrides the prediction).
    ChangeSet,
}

/// One resource that changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceDiff {
    /// Logical ID.
    pub logical_id: String,
    /// CloudFormation type (the new one when the type changes).
    pub resource_type: String,
    /// What happens to it.
    pub impact: Impact,
    /// Where `impact` comes from.
    pub source: Source,
    /// True for a database, table, bucket or cache.
    pub stateful: bool,
    /// True for security groups, their rules, IAM and resource policies.
    pub security: bool,
    /// The changed properties and attributes (empty for create, destroy and orphan).
    pub changes: Vec<PropertyChange>,
}

/// A changed output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputDiff {
    /// The output's name.
    pub name: String,
    /// `create`, `update` or `destroy` (the [`Impact`] words).
    pub impact: Impact,
}

/// Everything a deploy would change in one stack.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TemplateDiff {
    /// Changed resources, security-relevant first, then by impact (most disruptive first),
    /// then by logical ID.
    pub resources: Vec<ResourceDiff>,
    /// Changed outputs, by name.
    pub outputs: Vec<OutputDiff>,
    /// True when the stack does not exist yet (everything is a create).
    pub new_stack: bool,
}

impl TemplateDiff {
    /// True when nothing changes.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.outputs.is_empty()
    }

    /// The resource with this logical ID.
    pub fn resource(&self, logical_id: &str) -> Option<&ResourceDiff> {
        self.resources.iter().find(|r| r.logical_id == logical_id)
    }

    /// Security-group and IAM changes (shown first).
    pub fn security(&self) -> impl Iterator<Item = &ResourceDiff> {
        self.resources.iter().filter(|r| r.security)
    }

    /// Everything else.
    pub fn other(&self) -> impl Iterator<Item = &ResourceDiff> {
        self.resources.iter().filter(|r| !r.security)
    }

    /// How many resources have each impact, most disruptive first.
    pub fn counts(&self) -> Vec<(Impact, usize)> {
        let mut counts: std::collections::BTreeMap<Impact, usize> = Default::default();
        for r in &self.resources {
            *counts.entry(r.impact).or_default() += 1;
        }
        counts.into_iter().rev().collect()
    }

    /// True when some resource would be replaced (or may be).
    pub fn replaces_anything(&self) -> bool {
        self.resources
            .iter()
            .any(|r| matches!(r.impact, Impact::Replace | Impact::MayReplace))
    }

    /// Put resources in display order.
    pub(crate) fn sort(&mut self) {
        self.resources.sort_by(|a, b| {
            b.security
                .cmp(&a.security)
                .then(b.impact.cmp(&a.impact))
                .then(a.logical_id.cmp(&b.logical_id))
        });
        self.outputs.sort_by(|a, b| a.name.cmp(&b.name));
    }
}
