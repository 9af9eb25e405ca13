//! `recommend`: the lowest stage of the ladder that holds a load once its counts are sized,
//! with the reason every lower stage does not.

use crate::capacity::{Load, Sizing, TierCheck, count, size};
use crate::stage::{CapacitySpec, Stage, WebMode};
use serde::Serialize;

/// One stage of the ladder weighed against the load.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Stage name.
    pub stage: String,
    /// Stage title.
    pub title: String,
    /// Whether the stage, sized, holds the load.
    pub holds: bool,
    /// Why not, or what it is for.
    pub reason: String,
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// The load.
    pub load: Load,
    /// Every stage, in ladder order.
    pub verdicts: Vec<Verdict>,
    /// The chosen stage's name and its sizing.
    pub chosen: Option<(String, Sizing)>,
}

/// Why a sized stage still does not hold: its first short tier, in words.
fn short_reason(stage: &Stage, check: &TierCheck) -> String {
    let cap = if !check.scalable {
        match (check.tier, stage.compute.web.mode) {
            (crate::capacity::Tier::Application, WebMode::Single) => {
                "; one box cannot grow (a fleet behind a load balancer can: stage2)".to_string()
            }
            (crate::capacity::Tier::DatabaseWrites, _) => {
                "; one primary takes every write (sharding spreads them: stage5)".to_string()
            }
            (crate::capacity::Tier::DatabaseReads, _) => {
                "; no read replicas or cache to spread reads (stage3)".to_string()
            }
            (crate::capacity::Tier::Tables, _) => {
                "; raise the table quota or spread writes over more tables".to_string()
            }
            _ => String::new(),
        }
    } else {
        " even at the largest count scalectl sizes".to_string()
    };
    format!(
        "{}: needs {} {}, holds {} ({}){cap}",
        check.tier.name(),
        count(check.need),
        check.unit,
        count(check.holds),
        check.capacity
    )
}

/// What a stage above the chosen one is for, when load does not call for it.
fn purpose(stage: &Stage) -> &'static str {
    if stage.regions.len() > 1 {
        "holds it too; choose it for users on several continents or to survive losing a region"
    } else if stage.messaging.is_some() || !stage.compute.services.is_empty() {
        "holds it too; choose it for independent services and slow work on queues, not for load"
    } else {
        "holds it too"
    }
}

/// Weigh every stage of the ladder (in order) against the load; choose the lowest that
/// holds it when sized.
pub fn recommend(ladder: &[Stage], spec: &CapacitySpec) -> Recommendation {
    let mut verdicts = Vec::new();
    let mut chosen: Option<(String, Sizing)> = None;
    for stage in ladder {
        let sized = size(stage, spec);
        let holds = sized.assessment.holds();
        let reason = match (&chosen, holds) {
            (None, true) => "the lowest stage that holds the load; sized below".to_string(),
            (Some(_), true) => purpose(stage).to_string(),
            (_, false) => sized
                .assessment
                .short()
                .next()
                .map(|c| short_reason(stage, c))
                .unwrap_or_default(),
        };
        verdicts.push(Verdict {
            stage: stage.name.clone(),
            title: stage.title.clone(),
            holds,
            reason,
        });
        if holds && chosen.is_none() {
            chosen = Some((stage.name.clone(), sized));
        }
    }
    Recommendation {
        load: Load::of(spec),
        verdicts,
        chosen,
    }
}
