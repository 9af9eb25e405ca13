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

/// The largest value an assumption may take: far past any real figure, small enough that
/// the model's products stay finite.
const MOST: f64 = 1e9;

/// Assumptions are rates (a vCPU serves some operations a second: above zero) or amounts
/// (kilobytes, gigabytes, operations per request: zero or more). `.inf` and `.nan` are YAML
/// too, and neither is a measurement.
pub(crate) fn check_assumptions(stage: &Stage, f: &mut Findings<'_>) {
    let Some(spec) = &stage.capacity else {
        return;
    };
    let a = &spec.assumptions;
    let rates = [
        ("rps_per_vcpu", a.rps_per_vcpu),
        ("db_reads_per_vcpu", a.db_reads_per_vcpu),
        ("db_writes_per_vcpu", a.db_writes_per_vcpu),
        ("cache_ops_per_vcpu", a.cache_ops_per_vcpu),
        ("table_units_per_second", a.table_units_per_second),
        ("worker_batch_seconds", a.worker_batch_seconds),
    ];
    let amounts = [
        ("reads_per_request", a.reads_per_request),
        ("writes_per_request", a.writes_per_request),
        ("static_response_kb", a.static_response_kb),
        ("dynamic_response_kb", a.dynamic_response_kb),
        ("object_storage_gb", a.object_storage_gb),
        ("table_storage_gb", a.table_storage_gb),
        ("messages_per_write", a.messages_per_write),
    ];
    let mut bad = |name: &str, value: f64, zero_ok: bool| {
        let fits =
            value.is_finite() && value <= MOST && if zero_ok { value >= 0.0 } else { value > 0.0 };
        if !fits {
            let lowest = if zero_ok { "0 or more" } else { "above 0" };
            f.error(
                "scalectl::validate::out_of_range",
                &format!("capacity.assumptions.{name}"),
                format!("capacity assumption `{name}` is {value}; it must be a number {lowest}, at most 1e9"),
                format!("write a measured figure, or remove `{name}` to use the default ({})", default_of(name)),
            );
        }
    };
    for (name, value) in rates {
        bad(name, value, false);
    }
    for (name, value) in amounts {
        bad(name, value, true);
    }
}

/// The default of an assumption, as the README's table gives it.
fn default_of(name: &str) -> String {
    let defaults = serde_json::to_value(crate::stage::Assumptions::default()).unwrap_or_default();
    defaults
        .get(name)
        .map_or_else(String::new, |v| match v.as_f64() {
            Some(number) => number.to_string(),
            None => v.to_string().trim_matches('"').to_string(),
        })
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
