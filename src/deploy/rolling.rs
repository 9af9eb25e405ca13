//! Progress of an Auto Scaling group's rolling update, batch by batch, read from the group's
//! instances rather than from event texts (which AWS does not document): EC2 tags every
//! instance a group launches with `aws:autoscaling:groupName`, and every instance launched
//! from a launch template with `aws:ec2launchtemplate:version`. The first read of a group
//! whose update has begun finds the version it runs (the lowest, if a batch was already
//! quicker); instances on a newer version are the ones the update has brought in, so their
//! share is the progress. Pure: instances come in from [`super::DeployApi::fleet`].

use super::api::{FleetInstance, StackEvent};
use std::collections::BTreeMap;

/// The resource type whose rolling updates are followed.
pub const GROUP_TYPE: &str = "AWS::AutoScaling::AutoScalingGroup";

/// Where a group's rolling update stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FleetProgress {
    /// The group's logical ID.
    pub group: String,
    /// The launch template version being rolled out (the newest among the instances).
    pub version: u64,
    /// Instances on a newer version than the group ran when its update began.
    pub updated: usize,
    /// Instances in the group (pending or running).
    pub total: usize,
}

/// The groups being updated right now, from the stack's events: a group enters with
/// `UPDATE_IN_PROGRESS` (with its physical ID, the group's name) and leaves with its next
/// terminal event.
#[derive(Debug, Default)]
pub struct Rolling {
    /// Logical ID to group name.
    active: BTreeMap<String, String>,
    /// The last progress reported per group, to report only changes.
    last: BTreeMap<String, FleetProgress>,
    /// Groups whose instances could not be read: not followed again.
    unreadable: Vec<String>,
    /// The version each group ran when its update began.
    baseline: BTreeMap<String, u64>,
}

impl Rolling {
    /// Note one event.
    pub fn see(&mut self, event: &StackEvent) {
        if event.resource_type != GROUP_TYPE {
            return;
        }
        if event.status == "UPDATE_IN_PROGRESS" {
            if self.unreadable.contains(&event.logical_id) {
                return;
            }
            if let Some(name) = event.physical_id.as_deref().filter(|n| !n.is_empty()) {
                self.active
                    .insert(event.logical_id.clone(), name.to_string());
            }
        } else if event.status.ends_with("_COMPLETE") || event.status.ends_with("_FAILED") {
            self.active.remove(&event.logical_id);
        }
    }

    /// The groups being updated: (logical ID, group name).
    pub fn active(&self) -> Vec<(String, String)> {
        self.active
            .iter()
            .map(|(l, n)| (l.clone(), n.clone()))
            .collect()
    }

    /// True when some group's update is being followed.
    pub fn any_active(&self) -> bool {
        !self.active.is_empty()
    }

    /// Stop following a group (its instances cannot be read).
    pub fn drop_group(&mut self, logical_id: &str) {
        self.active.remove(logical_id);
        self.unreadable.push(logical_id.to_string());
    }

    /// Read `group`'s instances: its progress, when instances of a newer launch template
    /// version have come in since the last report.
    pub fn progress(&mut self, group: &str, instances: &[FleetInstance]) -> Option<FleetProgress> {
        let versions = || instances.iter().filter_map(|i| i.launch_template_version);
        let newest = versions().max()?;
        let baseline = *self
            .baseline
            .entry(group.to_string())
            .or_insert_with(|| versions().min().unwrap_or(newest));
        let progress = FleetProgress {
            group: group.to_string(),
            version: newest,
            updated: versions().filter(|v| *v > baseline).count(),
            total: instances.len(),
        };
        if progress.updated == 0 || self.last.get(group) == Some(&progress) {
            return None;
        }
        self.last.insert(group.to_string(), progress.clone());
        Some(progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(id: &str, version: Option<u64>) -> FleetInstance {
        FleetInstance {
            id: id.to_string(),
            launch_template_version: version,
        }
    }

    fn event(status: &str, physical: Option<&str>) -> StackEvent {
        StackEvent {
            id: status.to_string(),
            time: String::new(),
            logical_id: "WebAutoScalingGroup".to_string(),
            resource_type: GROUP_TYPE.to_string(),
            status: status.to_string(),
            reason: None,
            physical_id: physical.map(str::to_string),
        }
    }

    #[test]
    fn progress_counts_instances_newer_than_the_group_ran_and_reports_changes_once() {
        let mut rolling = Rolling::default();
        let old = [
            instance("i-1", Some(3)),
            instance("i-2", Some(3)),
            instance("i-3", None),
        ];
        // The first read sets the baseline: nothing new yet, nothing to report.
        assert_eq!(rolling.progress("Web", &old), None);
        let batch = [
            instance("i-1", Some(3)),
            instance("i-2", Some(3)),
            instance("i-4", Some(4)),
        ];
        let p = rolling.progress("Web", &batch).unwrap();
        assert_eq!((p.version, p.updated, p.total), (4, 1, 3));
        assert_eq!(rolling.progress("Web", &batch), None);
        let done = [
            instance("i-4", Some(4)),
            instance("i-5", Some(4)),
            instance("i-6", Some(4)),
        ];
        let p = rolling.progress("Web", &done).unwrap();
        assert_eq!((p.updated, p.total), (3, 3));
        // A first read after a quick batch takes the lowest version as the baseline.
        let mut late = Rolling::default();
        let p = late.progress("Web", &batch).unwrap();
        assert_eq!((p.version, p.updated), (4, 1));
        assert_eq!(late.progress("Web", &[instance("i-1", None)]), None);
        assert_eq!(Rolling::default().progress("Web", &[]), None);
    }

    #[test]
    fn groups_are_followed_from_their_update_to_its_end() {
        let mut rolling = Rolling::default();
        rolling.see(&event("UPDATE_IN_PROGRESS", Some("shop-web-ABC")));
        assert_eq!(
            rolling.active(),
            [(
                "WebAutoScalingGroup".to_string(),
                "shop-web-ABC".to_string()
            )]
        );
        rolling.see(&event("UPDATE_COMPLETE", Some("shop-web-ABC")));
        assert!(rolling.active().is_empty());
        // An event without the group's name starts nothing.
        rolling.see(&event("UPDATE_IN_PROGRESS", None));
        assert!(rolling.active().is_empty());
        // A group whose instances cannot be read is not followed again.
        rolling.see(&event("UPDATE_IN_PROGRESS", Some("shop-web-ABC")));
        rolling.drop_group("WebAutoScalingGroup");
        rolling.see(&event("UPDATE_IN_PROGRESS", Some("shop-web-ABC")));
        assert!(rolling.active().is_empty());
    }
}
