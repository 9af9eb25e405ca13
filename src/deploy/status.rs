//! Stack status classification: every CloudFormation stack status, what it means for the
//! operation that produced it, and what `deploy` does when it finds a stack in it. Pure and
//! table-tested; the SDK's enum maps onto [`StackStatus`] in `crate::aws::client`.

use std::fmt;

macro_rules! statuses {
    ($($variant:ident => $wire:literal,)*) => {
        /// A CloudFormation stack status.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum StackStatus {
            $(
                #[doc = concat!("`", $wire, "`")]
                $variant,
            )*
            /// A status this version of scalectl does not know.
            Unknown(String),
        }

        impl StackStatus {
            /// Every known status.
            pub const ALL: &'static [StackStatus] = &[$(StackStatus::$variant,)*];

            /// From the API's string.
            pub fn parse(wire: &str) -> StackStatus {
                match wire {
                    $($wire => StackStatus::$variant,)*
                    other => StackStatus::Unknown(other.to_string()),
                }
            }

            /// The API's string.
            pub fn as_str(&self) -> &str {
                match self {
                    $(StackStatus::$variant => $wire,)*
                    StackStatus::Unknown(other) => other,
                }
            }
        }
    };
}

statuses! {
    CreateInProgress => "CREATE_IN_PROGRESS",
    CreateFailed => "CREATE_FAILED",
    CreateComplete => "CREATE_COMPLETE",
    RollbackInProgress => "ROLLBACK_IN_PROGRESS",
    RollbackFailed => "ROLLBACK_FAILED",
    RollbackComplete => "ROLLBACK_COMPLETE",
    DeleteInProgress => "DELETE_IN_PROGRESS",
    DeleteFailed => "DELETE_FAILED",
    DeleteComplete => "DELETE_COMPLETE",
    UpdateInProgress => "UPDATE_IN_PROGRESS",
    UpdateCompleteCleanupInProgress => "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
    UpdateComplete => "UPDATE_COMPLETE",
    UpdateFailed => "UPDATE_FAILED",
    UpdateRollbackInProgress => "UPDATE_ROLLBACK_IN_PROGRESS",
    UpdateRollbackFailed => "UPDATE_ROLLBACK_FAILED",
    UpdateRollbackCompleteCleanupInProgress => "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
    UpdateRollbackComplete => "UPDATE_ROLLBACK_COMPLETE",
    ReviewInProgress => "REVIEW_IN_PROGRESS",
    ImportInProgress => "IMPORT_IN_PROGRESS",
    ImportComplete => "IMPORT_COMPLETE",
    ImportRollbackInProgress => "IMPORT_ROLLBACK_IN_PROGRESS",
    ImportRollbackFailed => "IMPORT_ROLLBACK_FAILED",
    ImportRollbackComplete => "IMPORT_ROLLBACK_COMPLETE",
}

impl fmt::Display for StackStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the last operation on a stack stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Still running: keep watching.
    InProgress,
    /// Finished as asked.
    Succeeded,
    /// Failed and rolled back to the previous state (or to nothing, for a create).
    RolledBack,
    /// Failed and left the stack needing a decision.
    Failed,
    /// Not known to scalectl.
    Unknown,
}

/// What `deploy` does with a stack it finds in a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// No usable stack: create one (a CREATE change set).
    Create,
    /// A stable stack: update it (an UPDATE change set).
    Update,
    /// Left behind by a failed first create, holding nothing worth keeping: explain, delete
    /// it, then create.
    Recreate,
    /// An operation is running: wait for it (with a limit), then decide again.
    Wait,
    /// An update's rollback failed: offer continue-update-rollback, naming resources to skip.
    ContinueRollback,
    /// Failed in a way that needs the user (retry or roll back a create or update with rollback
    /// disabled; a failed delete or rollback): explain and refuse.
    Resolve,
    /// An unknown status: refuse rather than guess.
    Refuse,
}

impl StackStatus {
    /// How the operation that led here stands.
    pub fn outcome(&self) -> Outcome {
        use StackStatus::*;
        match self {
            CreateInProgress
            | RollbackInProgress
            | DeleteInProgress
            | UpdateInProgress
            | UpdateCompleteCleanupInProgress
            | UpdateRollbackInProgress
            | UpdateRollbackCompleteCleanupInProgress
            | ImportInProgress
            | ImportRollbackInProgress => Outcome::InProgress,
            CreateComplete | UpdateComplete | DeleteComplete | ImportComplete
            | ReviewInProgress => Outcome::Succeeded,
            RollbackComplete | UpdateRollbackComplete | ImportRollbackComplete => {
                Outcome::RolledBack
            }
            CreateFailed | RollbackFailed | DeleteFailed | UpdateFailed | UpdateRollbackFailed
            | ImportRollbackFailed => Outcome::Failed,
            Unknown(_) => Outcome::Unknown,
        }
    }

    /// True when nothing is running on the stack (watching can stop).
    pub fn is_settled(&self) -> bool {
        !matches!(self.outcome(), Outcome::InProgress)
    }

    /// What `deploy` does next.
    pub fn next(&self) -> Next {
        use StackStatus::*;
        if self.outcome() == Outcome::InProgress {
            return Next::Wait;
        }
        match self {
            DeleteComplete => Next::Create,
            CreateComplete
            | UpdateComplete
            | UpdateRollbackComplete
            | ImportComplete
            | ImportRollbackComplete => Next::Update,
            RollbackComplete | ReviewInProgress => Next::Recreate,
            UpdateRollbackFailed => Next::ContinueRollback,
            Unknown(_) => Next::Refuse,
            // Every other settled status is a failure that needs the user.
            _ => Next::Resolve,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_and_is_classified() {
        assert_eq!(StackStatus::ALL.len(), 23);
        for status in StackStatus::ALL {
            assert_eq!(&StackStatus::parse(status.as_str()), status);
            assert_ne!(status.outcome(), Outcome::Unknown, "{status}");
            assert_ne!(status.next(), Next::Refuse, "{status}");
            // Whatever is still running is waited for, and only that.
            assert_eq!(
                status.next() == Next::Wait,
                !status.is_settled(),
                "{status}"
            );
        }
        let odd = StackStatus::parse("SOMETHING_NEW");
        assert_eq!(
            (odd.outcome(), odd.next()),
            (Outcome::Unknown, Next::Refuse)
        );
        assert!(odd.is_settled());
    }
}
