//! Reading stack events: the root cause of a failure and the resources a failed rollback
//! left behind. Pure; events come oldest first.

use super::api::StackEvent;

/// Reasons CloudFormation gives to resources it stopped because another one failed.
const KNOCK_ON: &[&str] = &[
    "Resource creation cancelled",
    "Resource update cancelled",
    "Resource handler returned message: \"null\"",
];

/// The event that explains a failure: the first failed resource (not the stack itself,
/// not a resource cancelled because another failed), else the first failure of any kind.
pub fn root_cause(events: &[StackEvent]) -> Option<&StackEvent> {
    let failures = || events.iter().filter(|e| e.is_failure());
    failures()
        .find(|e| {
            !e.is_stack()
                && !e
                    .reason
                    .as_deref()
                    .is_some_and(|r| KNOCK_ON.iter().any(|k| r.starts_with(k)))
        })
        .or_else(|| failures().find(|e| !e.is_stack()))
        .or_else(|| failures().next())
}

/// Resources whose rollback failed (the candidates to skip in continue-update-rollback):
/// resources with an `UPDATE_FAILED` event after the stack entered
/// `UPDATE_ROLLBACK_IN_PROGRESS`, in order, without repeats.
pub fn failed_in_rollback(events: &[StackEvent]) -> Vec<String> {
    let start = events
        .iter()
        .rposition(|e| e.is_stack() && e.status == "UPDATE_ROLLBACK_IN_PROGRESS")
        .map_or(0, |i| i + 1);
    let mut ids: Vec<String> = Vec::new();
    for e in &events[start..] {
        if !e.is_stack() && e.status == "UPDATE_FAILED" && !ids.contains(&e.logical_id) {
            ids.push(e.logical_id.clone());
        }
    }
    ids
}

/// True when a resource event marks the end of that resource's work in this operation
/// (for progress counting).
pub fn is_resource_done(event: &StackEvent) -> bool {
    !event.is_stack()
        && (event.status.ends_with("_COMPLETE")
            || event.status.ends_with("_FAILED")
            || event.status.ends_with("_SKIPPED"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An event for tests.
    pub(crate) fn event(id: &str, ty: &str, status: &str, reason: Option<&str>) -> StackEvent {
        StackEvent {
            id: format!("{id}-{status}"),
            time: "2026-11-23T10:00:00Z".into(),
            logical_id: id.into(),
            resource_type: ty.into(),
            status: status.into(),
            reason: reason.map(str::to_string),
            physical_id: None,
        }
    }

    #[test]
    fn root_cause_skips_knock_on_cancellations_and_the_stack() {
        let events = vec![
            event(
                "demo",
                "AWS::CloudFormation::Stack",
                "CREATE_IN_PROGRESS",
                None,
            ),
            event("Queue", "AWS::SQS::Queue", "CREATE_IN_PROGRESS", None),
            event(
                "Queue",
                "AWS::SQS::Queue",
                "CREATE_FAILED",
                Some("Resource creation cancelled"),
            ),
            event(
                "Db",
                "AWS::RDS::DBInstance",
                "CREATE_FAILED",
                Some("DB instance class not available"),
            ),
            event(
                "demo",
                "AWS::CloudFormation::Stack",
                "ROLLBACK_IN_PROGRESS",
                Some("The following resource(s) failed to create: [Db, Queue]."),
            ),
        ];
        let cause = root_cause(&events).expect("a cause");
        assert_eq!(cause.logical_id, "Db");
    }

    #[test]
    fn failed_rollback_names_resources_to_skip() {
        let events = vec![
            event(
                "Web",
                "AWS::EC2::Instance",
                "UPDATE_FAILED",
                Some("first failure"),
            ),
            event(
                "demo",
                "AWS::CloudFormation::Stack",
                "UPDATE_ROLLBACK_IN_PROGRESS",
                None,
            ),
            event(
                "Db",
                "AWS::RDS::DBInstance",
                "UPDATE_FAILED",
                Some("cannot roll back"),
            ),
            event("Db", "AWS::RDS::DBInstance", "UPDATE_FAILED", Some("again")),
            event(
                "demo",
                "AWS::CloudFormation::Stack",
                "UPDATE_ROLLBACK_FAILED",
                None,
            ),
        ];
        assert_eq!(failed_in_rollback(&events), vec!["Db".to_string()]);
    }
}
