//! Capacity rule: a stage that states its load (`capacity.users`) should hold it. A tier
//! that does not is a warning (the model is an estimate, not a measurement), located at the
//! field that sizes the tier, with the size that would hold it when the stage's shape allows.

use super::findings::Findings;
use crate::diagnostic::Diagnostic;
use crate::plan::capacity::{Tier, assess, count, size};
use crate::stage::Stage;

/// The stage fields a sizing change to this tier may touch.
fn sized_by(tier: Tier) -> &'static str {
    match tier {
        Tier::Application => "compute.web.",
        Tier::DatabaseWrites | Tier::DatabaseReads => "data.database.",
        Tier::Cache => "cache.",
        Tier::Tables => "data.tables",
    }
}

/// Check every tier against the stated load.
pub(crate) fn check(stage: &Stage, f: &mut Findings<'_>) {
    let Some(spec) = &stage.capacity else {
        return;
    };
    let assessment = assess(stage, spec);
    if assessment.holds() {
        return;
    }
    let sizing = size(stage, spec);
    let users = spec.users;
    for check in assessment.short() {
        let changes: Vec<String> = sizing
            .changes
            .iter()
            // Only what grows the tier: sizing may also trim what the load does not need.
            .filter(|c| c.path.starts_with(sized_by(check.tier)) && c.to > c.from)
            .map(|c| format!("`{}: {}` (now {})", c.path, c.to, c.from))
            .collect();
        let help = if check.scalable && !changes.is_empty() {
            format!(
                "set {} to hold this tier (`scalectl recommend --users {users}` explains the arithmetic)",
                changes.join(", ")
            )
        } else {
            format!(
                "this stage's shape caps the tier (one box, one primary, no replicas): a larger class helps, `scalectl recommend --users {users}` names a stage that holds the load; or lower `capacity.users`, or state measured `capacity.assumptions`"
            )
        };
        let message = format!(
            "at {users} users the {} tier needs {} {} at the peak (+{:.0}% headroom), the stage holds {} ({})",
            check.tier.name(),
            count(check.need),
            check.unit,
            assessment.headroom * 100.0,
            count(check.holds),
            check.capacity
        );
        let diagnostic = Diagnostic::warning(
            "scalectl::validate::capacity",
            message,
            f.at(check.path),
            help,
        )
        .with_related_opt(f.at("capacity.users"), "the load is stated here")
        .with_label(format!("holds {} {}", count(check.holds), check.unit));
        f.push(diagnostic);
    }
}
