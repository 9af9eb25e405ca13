//! Correcting the prediction with the change set's answer.
//!
//! Where the change set speaks about a resource (action and, for a modify, its `Replacement`
//! field), it wins: AWS knows resolved parameter values and its own update rules. Where it is
//! silent (a local emulator gives no `Replacement`), the prediction stands. Resources only the
//! change set names (changes caused by parameters or dynamic references) are added.

use super::{Impact, ResourceDiff, Source, TemplateDiff, update_behavior};
use crate::cfn::template::is_stateful;
use serde::Serialize;

/// A change set's action for one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeAction {
    /// Created.
    Add,
    /// Modified (possibly replaced).
    Modify,
    /// Deleted.
    Remove,
    /// Imported.
    Import,
    /// Depends on values known only during execution.
    Dynamic,
    /// An action this version does not know.
    Other,
}

/// A change set's answer on replacement for a modified resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeSetReplacement {
    /// `True`.
    Replaces,
    /// `Conditional`.
    Conditional,
    /// `False`.
    InPlace,
}

/// One resource change as a change set reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeSetChange {
    /// Logical ID.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// The action.
    pub action: ChangeAction,
    /// Replacement, when the change set says (absent for add/remove, and from emulators).
    pub replacement: Option<ChangeSetReplacement>,
}

/// Fold the change set's answers into the predicted diff.
pub fn merge(mut diff: TemplateDiff, changes: &[ChangeSetChange]) -> TemplateDiff {
    for change in changes {
        let stated = match (change.action, change.replacement) {
            (ChangeAction::Add | ChangeAction::Import, _) => Some(Impact::Create),
            (ChangeAction::Remove, _) => None, // destroy vs orphan is the template's call
            (ChangeAction::Modify, Some(ChangeSetReplacement::Replaces)) => Some(Impact::Replace),
            (ChangeAction::Modify, Some(ChangeSetReplacement::Conditional)) => {
                Some(Impact::MayReplace)
            }
            (ChangeAction::Modify, Some(ChangeSetReplacement::InPlace)) => Some(Impact::Update),
            _ => None,
        };
        match diff
            .resources
            .iter_mut()
            .find(|r| r.logical_id == change.logical_id)
        {
            Some(existing) => {
                if let Some(impact) = stated.filter(|i| *i != existing.impact) {
                    existing.impact = impact;
                    existing.source = Source::ChangeSet;
                }
            }
            None => diff.resources.push(ResourceDiff {
                logical_id: change.logical_id.clone(),
                resource_type: change.resource_type.clone(),
                impact: stated.unwrap_or(match change.action {
                    ChangeAction::Remove => Impact::Destroy,
                    _ => Impact::MayReplace,
                }),
                source: Source::ChangeSet,
                stateful: is_stateful(&change.resource_type),
                security: update_behavior::rule(&change.resource_type).is_some_and(|r| r.security),
                changes: Vec::new(),
            }),
        }
    }
    diff.sort();
    diff
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare;
    use serde_json::json;

    fn change(
        id: &str,
        action: ChangeAction,
        replacement: Option<ChangeSetReplacement>,
    ) -> ChangeSetChange {
        ChangeSetChange {
            logical_id: id.into(),
            resource_type: "AWS::RDS::DBInstance".into(),
            action,
            replacement,
        }
    }

    #[test]
    fn change_set_overrides_prediction_and_silence_keeps_it() {
        let old = json!({"Resources": {
            "Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"DBInstanceClass": "db.t3.micro"}},
            "Db2": {"Type": "AWS::RDS::DBInstance", "Properties": {"DBInstanceClass": "db.t3.micro"}}
        }});
        let new = json!({"Resources": {
            "Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"DBInstanceClass": "db.t3.small"}},
            "Db2": {"Type": "AWS::RDS::DBInstance", "Properties": {"DBInstanceClass": "db.t3.small"}}
        }});
        let predicted = compare(Some(&old), &new);
        let merged = merge(
            predicted.clone(),
            &[
                change(
                    "Db",
                    ChangeAction::Modify,
                    Some(ChangeSetReplacement::Replaces),
                ),
                change("Db2", ChangeAction::Modify, None),
            ],
        );
        let db = merged.resource("Db").expect("db");
        assert_eq!((db.impact, db.source), (Impact::Replace, Source::ChangeSet));
        assert_eq!(merged.resource("Db2"), predicted.resource("Db2"));
    }

    #[test]
    fn resources_only_the_change_set_names_are_added() {
        let merged = merge(
            TemplateDiff::default(),
            &[change("Db", ChangeAction::Dynamic, None)],
        );
        let db = merged.resource("Db").expect("added");
        assert_eq!(db.impact, Impact::MayReplace);
        assert!(db.stateful);
    }
}
