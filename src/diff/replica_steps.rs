//! Global tables change one replica per update: CloudFormation's `AWS::DynamoDB::GlobalTable`
//! adds or removes a single replica in each stack update, and fails an update that changes
//! more. A template that adds two regions to a table therefore deploys as a series of
//! updates; [`steps`] builds the templates in between.

use serde_json::Value;

const GLOBAL_TABLE: &str = "AWS::DynamoDB::GlobalTable";

fn replicas(resource: &Value) -> Vec<Value> {
    resource
        .pointer("/Properties/Replicas")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn region(replica: &Value) -> Option<&str> {
    replica.get("Region").and_then(Value::as_str)
}

/// The replica lists a table goes through from `old` to `new`, one change each, ending one
/// short of `new` (empty when at most one replica changes). Removals come first, then
/// additions in the new template's order; a replica that stays takes its new settings at the
/// first step.
fn table_steps(old: &[Value], new: &[Value]) -> Vec<Vec<Value>> {
    let in_list = |list: &[Value], r: &Value| list.iter().any(|x| region(x) == region(r));
    let removed: Vec<&Value> = old.iter().filter(|r| !in_list(new, r)).collect();
    let added: Vec<&Value> = new.iter().filter(|r| !in_list(old, r)).collect();
    let changes = removed.len() + added.len();
    let mut out = Vec::new();
    for done in 1..changes {
        let gone = done.min(removed.len());
        let come = done - gone;
        let mut list: Vec<Value> = Vec::new();
        // Replicas still present, in the old order, with their new settings where they stay.
        for r in old {
            if removed[..gone].iter().any(|x| region(x) == region(r)) {
                continue;
            }
            let kept = new.iter().find(|n| region(n) == region(r)).unwrap_or(r);
            list.push(kept.clone());
        }
        list.extend(added[..come].iter().map(|r| (*r).clone()));
        out.push(list);
    }
    out
}

/// The templates to deploy before `new`, in order, so that no update changes more than one
/// replica of any global table; empty when `new` can go in one update. Each step carries
/// every other change of `new` from the first step on.
pub fn steps(deployed: Option<&Value>, new: &Value) -> Vec<Value> {
    let Some(deployed) = deployed else {
        // A table created with all its replicas at once is one operation.
        return Vec::new();
    };
    let Some(resources) = new.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut per_table: Vec<(&String, Vec<Vec<Value>>)> = Vec::new();
    for (id, resource) in resources {
        let old = deployed.pointer(&format!("/Resources/{id}"));
        let same_type = |r: &Value| r.get("Type").and_then(Value::as_str) == Some(GLOBAL_TABLE);
        let Some(old) = old.filter(|o| same_type(o) && same_type(resource)) else {
            continue;
        };
        let lists = table_steps(&replicas(old), &replicas(resource));
        if !lists.is_empty() {
            per_table.push((id, lists));
        }
    }
    let count = per_table.iter().map(|(_, l)| l.len()).max().unwrap_or(0);
    (0..count)
        .map(|step| {
            let mut template = new.clone();
            for (id, lists) in &per_table {
                if let Some(list) = lists.get(step)
                    && let Some(slot) =
                        template.pointer_mut(&format!("/Resources/{id}/Properties/Replicas"))
                {
                    *slot = Value::Array(list.clone());
                }
            }
            template
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn table(regions: &[&str]) -> Value {
        json!({"Resources": {
            "Events": {"Type": GLOBAL_TABLE, "Properties": {"TableName": "shop-events",
                "Replicas": regions.iter().map(|r| json!({"Region": r, "DeletionProtectionEnabled": true})).collect::<Vec<_>>()}},
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {}}
        }})
    }

    fn regions_at(template: &Value) -> Vec<String> {
        replicas(&template["Resources"]["Events"])
            .iter()
            .filter_map(|r| region(r).map(String::from))
            .collect()
    }

    #[test]
    fn two_new_regions_deploy_as_two_updates() {
        let old = table(&["us-east-1"]);
        let new = table(&["us-east-1", "eu-west-1", "ap-southeast-1"]);
        let steps = steps(Some(&old), &new);
        assert_eq!(steps.len(), 1, "one step before the final template");
        assert_eq!(regions_at(&steps[0]), ["us-east-1", "eu-west-1"]);
        // Everything else of the new template is in the step.
        assert_eq!(steps[0]["Resources"]["Queue"], new["Resources"]["Queue"]);
    }

    #[test]
    fn one_change_or_a_new_stack_needs_no_steps() {
        let old = table(&["us-east-1"]);
        assert!(steps(Some(&old), &table(&["us-east-1", "eu-west-1"])).is_empty());
        assert!(steps(None, &table(&["us-east-1", "eu-west-1", "ap-southeast-1"])).is_empty());
        assert!(steps(Some(&old), &old).is_empty());
    }

    #[test]
    fn removals_go_first_then_additions_one_at_a_time() {
        let old = table(&["us-east-1", "eu-west-1", "eu-central-1"]);
        let new = table(&["us-east-1", "ap-southeast-1", "sa-east-1"]);
        let steps = steps(Some(&old), &new);
        let lists: Vec<Vec<String>> = steps.iter().map(regions_at).collect();
        assert_eq!(
            lists,
            [
                vec!["us-east-1", "eu-central-1"],
                vec!["us-east-1"],
                vec!["us-east-1", "ap-southeast-1"],
            ]
        );
        // Each step changes exactly one replica from the one before, and the last step is one
        // change from the final template.
        let mut chain = vec![regions_at(&old)];
        chain.extend(lists);
        chain.push(regions_at(&new));
        for pair in chain.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let changed = a.iter().filter(|r| !b.contains(r)).count()
                + b.iter().filter(|r| !a.contains(r)).count();
            assert_eq!(changed, 1, "{a:?} -> {b:?}");
        }
    }

    #[test]
    fn a_table_that_changes_type_is_not_stepped() {
        let mut old = table(&["us-east-1"]);
        old["Resources"]["Events"]["Type"] = json!("AWS::DynamoDB::Table");
        let new = table(&["us-east-1", "eu-west-1", "ap-southeast-1"]);
        assert!(steps(Some(&old), &new).is_empty());
    }
}
