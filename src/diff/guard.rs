//! The data-loss guard: a deploy that would replace or delete a database, table, bucket or
//! cache is refused unless the user names that resource (`--allow-replace <LogicalId>`).
//! A resource removed but kept by `DeletionPolicy: Retain` (an orphan) loses no data and
//! passes; `Snapshot` still deletes the live resource and is refused.

use super::{Impact, TemplateDiff};
use std::collections::BTreeSet;

/// A change the guard stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    /// Logical ID.
    pub logical_id: String,
    /// Resource type.
    pub resource_type: String,
    /// Replace, may-replace or destroy.
    pub impact: Impact,
}

/// The stateful resources `diff` would replace or delete that `allowed` does not name.
pub fn guard(diff: &TemplateDiff, allowed: &BTreeSet<String>) -> Vec<Blocked> {
    diff.resources
        .iter()
        .filter(|r| r.stateful && r.impact.loses_resource() && !allowed.contains(&r.logical_id))
        .map(|r| Blocked {
            logical_id: r.logical_id.clone(),
            resource_type: r.resource_type.clone(),
            impact: r.impact,
        })
        .collect()
}

/// Names in `allowed` that match no guarded change (likely typos), sorted.
pub fn unused_allowances<'a>(diff: &TemplateDiff, allowed: &'a BTreeSet<String>) -> Vec<&'a str> {
    allowed
        .iter()
        .filter(|name| {
            !diff
                .resources
                .iter()
                .any(|r| &r.logical_id == *name && r.stateful && r.impact.loses_resource())
        })
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare;
    use serde_json::json;

    #[test]
    fn replacing_a_database_is_blocked_unless_named() {
        let old = json!({"Resources": {
            "Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"DBInstanceIdentifier": "a"}},
            "Table": {"Type": "AWS::DynamoDB::Table", "DeletionPolicy": "Retain", "Properties": {}},
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {}}
        }});
        let new = json!({"Resources": {
            "Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"DBInstanceIdentifier": "b"}}
        }});
        let diff = compare(Some(&old), &new);
        let blocked = guard(&diff, &BTreeSet::new());
        // The table is orphaned (retained), the queue holds no data the guard covers.
        assert_eq!(blocked.len(), 1);
        assert_eq!(blocked[0].logical_id, "Db");
        assert_eq!(blocked[0].impact, Impact::Replace);
        let allowed: BTreeSet<String> = ["Db".to_string(), "Dbb".to_string()].into();
        assert!(guard(&diff, &allowed).is_empty());
        assert_eq!(unused_allowances(&diff, &allowed), vec!["Dbb"]);
    }

    #[test]
    fn a_box_that_holds_the_database_is_guarded_even_from_a_template_without_the_mark() {
        // A stack deployed before the mark existed: the box came from a launch template
        // (create-only on an instance), so the new template replaces it.
        let old = json!({"Resources": {"WebInstance": {"Type": "AWS::EC2::Instance",
            "Properties": {"LaunchTemplate": {"LaunchTemplateId": {"Ref": "Lt"}}}}}});
        let new = json!({"Resources": {"WebInstance": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-1"},
            "Metadata": {"scalectl:holds-data": "the stage's PostgreSQL database"}}}});
        let diff = compare(Some(&old), &new);
        let blocked = guard(&diff, &BTreeSet::new());
        assert_eq!(blocked.len(), 1, "{diff:?}");
        assert_eq!(blocked[0].impact, Impact::Replace);
        // A box that holds nothing is not guarded.
        let plain = json!({"Resources": {"WebInstance": {"Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-2"}}}});
        assert!(guard(&compare(Some(&old), &plain), &BTreeSet::new()).is_empty());
    }
}
