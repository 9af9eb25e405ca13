//! A service's rollout: fields that belong to its strategy, percentages in the steps ECS
//! takes, and bake times within what CloudFormation accepts. Ranges of single values are
//! the resource schema's (see `validate::schema`).

use super::*;
use crate::stage::{ContainerService, Rollout, Strategy};

/// `fleet_default`: the listener's default action forwards to a web fleet (else it answers
/// 404 itself).
pub(super) fn check(f: &mut Findings, sp: &str, service: &ContainerService, fleet_default: bool) {
    let rollout = &service.rollout;
    let strategy = rollout.strategy;
    if strategy.shifts_traffic() && !fleet_default {
        f.warning(
            CODE_COMBINATION,
            &format!("{sp}.rollout.strategy"),
            format!(
                "service `{}` shifts traffic ({}) on a listener that answers 404 by default: AWS documents that these deployments fail when a listener mixes forward and non-forward actions",
                service.name,
                strategy.name()
            ),
            "give the stage a web fleet (`compute.web.mode: fleet`), whose target group the listener forwards to, or keep `strategy: rolling`",
        );
    }
    for field in rollout.foreign_fields() {
        let owner = match field {
            "canary_percent" | "canary_bake_minutes" => "`strategy: canary`",
            "step_percent" | "step_bake_minutes" => "`strategy: linear`",
            _ => "`blue_green`, `canary` or `linear`",
        };
        f.error(
            CODE_COMBINATION,
            &format!("{sp}.rollout.{field}"),
            format!(
                "`{field}` does not apply to service `{}`'s `{}` rollout",
                service.name,
                strategy.name()
            ),
            format!("remove it, or choose {owner}"),
        );
    }
    for (field, value) in [
        ("canary_percent", rollout.canary_percent),
        ("step_percent", rollout.step_percent),
    ] {
        if let Some(v) =
            value.filter(|v| v.is_finite() && ((v * 10.0).round() - v * 10.0).abs() > 1e-9)
        {
            f.error(
                CODE_RANGE,
                &format!("{sp}.rollout.{field}"),
                format!("`{field}` {v} is not a multiple of 0.1"),
                "ECS shifts traffic in tenths of a percent: write e.g. 12.5",
            );
        }
    }
    let total = rollout.total_bake_minutes();
    if strategy != Strategy::Rolling && total > Rollout::MAX_TOTAL_BAKE_MINUTES {
        let field = match strategy {
            Strategy::Canary => "canary_bake_minutes",
            Strategy::Linear => "step_bake_minutes",
            _ => "bake_minutes",
        };
        f.error(
            CODE_RANGE,
            &format!("{sp}.rollout.{field}"),
            format!(
                "service `{}`'s rollout bakes {total} minutes in all; CloudFormation refuses a {} deployment over {} minutes (33 hours)",
                service.name,
                strategy.name(),
                Rollout::MAX_TOTAL_BAKE_MINUTES
            ),
            "shorten the bake times (CloudFormation's operations time out at 36 hours)",
        );
    }
}
