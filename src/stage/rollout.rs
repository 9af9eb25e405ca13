//! How a container service rolls out a new version: ECS's rolling update, or one of its
//! traffic-shifting strategies (blue/green, canary, linear) over two target groups.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The ECS deployment strategy of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Replace tasks in place, at most doubling the count; the deployment circuit breaker
    /// rolls back a version whose tasks do not become healthy.
    #[default]
    Rolling,
    /// Start the new revision beside the old one, shift all production traffic at once,
    /// keep the old revision for `bake_minutes` to roll back to.
    BlueGreen,
    /// Shift `canary_percent` of the traffic, wait `canary_bake_minutes`, then the rest.
    Canary,
    /// Shift `step_percent` of the traffic every `step_bake_minutes`.
    Linear,
}

impl Strategy {
    /// The `DeploymentConfiguration.Strategy` value.
    pub fn cfn_name(self) -> &'static str {
        match self {
            Strategy::Rolling => "ROLLING",
            Strategy::BlueGreen => "BLUE_GREEN",
            Strategy::Canary => "CANARY",
            Strategy::Linear => "LINEAR",
        }
    }

    /// The stage file's name of the strategy.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Rolling => "rolling",
            Strategy::BlueGreen => "blue_green",
            Strategy::Canary => "canary",
            Strategy::Linear => "linear",
        }
    }

    /// True for the strategies that shift traffic between two target groups.
    pub fn shifts_traffic(self) -> bool {
        self != Strategy::Rolling
    }
}

/// A service's rollout. Fields apply to the strategies their names say; the defaults are
/// filled in by [`Rollout::bake`], [`Rollout::canary`] and [`Rollout::linear`].
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rollout {
    /// `rolling` (default), `blue_green`, `canary` or `linear`.
    #[serde(default)]
    pub strategy: Strategy,
    /// Minutes both revisions keep running after all traffic has shifted, the window in
    /// which a failing alarm still rolls back (0-1440; default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = Rollout::MAX_BAKE_MINUTES))]
    pub bake_minutes: Option<u32>,
    /// Canary: the share of production traffic the new revision gets first (0.1-100 in
    /// steps of 0.1; default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.1, max = 100.0))]
    pub canary_percent: Option<f64>,
    /// Canary: minutes at that share before the rest shifts (0-1440; default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = Rollout::MAX_BAKE_MINUTES))]
    pub canary_bake_minutes: Option<u32>,
    /// Linear: the share of production traffic shifted per step (3-100 in steps of 0.1;
    /// default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 3.0, max = 100.0))]
    pub step_percent: Option<f64>,
    /// Linear: minutes between steps (0-1440; default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = Rollout::MAX_BAKE_MINUTES))]
    pub step_bake_minutes: Option<u32>,
}

impl Rollout {
    /// Default minutes both revisions run after the shift.
    pub const BAKE_MINUTES: u32 = 10;
    /// Default canary share, in percent.
    pub const CANARY_PERCENT: f64 = 10.0;
    /// Default minutes at the canary share.
    pub const CANARY_BAKE_MINUTES: u32 = 10;
    /// Default linear step, in percent.
    pub const STEP_PERCENT: f64 = 20.0;
    /// Default minutes between linear steps.
    pub const STEP_BAKE_MINUTES: u32 = 5;
    /// The most minutes of any one bake, as ECS takes them (the same bound the resource
    /// schema states; the editor's schema says it too).
    pub const MAX_BAKE_MINUTES: u32 = 1440;
    /// CloudFormation refuses a canary or linear deployment whose bake times add up to more
    /// than 33 hours (its operations time out at 36).
    pub const MAX_TOTAL_BAKE_MINUTES: u32 = 33 * 60;

    /// True when this is the default rolling update with nothing else set.
    pub fn is_default(&self) -> bool {
        *self == Rollout::default()
    }

    /// Minutes both revisions run after the shift.
    pub fn bake(&self) -> u32 {
        self.bake_minutes.unwrap_or(Self::BAKE_MINUTES)
    }

    /// The canary share and its minutes.
    pub fn canary(&self) -> (f64, u32) {
        (
            self.canary_percent.unwrap_or(Self::CANARY_PERCENT),
            self.canary_bake_minutes
                .unwrap_or(Self::CANARY_BAKE_MINUTES),
        )
    }

    /// The linear step and the minutes between steps.
    pub fn linear(&self) -> (f64, u32) {
        (
            self.step_percent.unwrap_or(Self::STEP_PERCENT),
            self.step_bake_minutes.unwrap_or(Self::STEP_BAKE_MINUTES),
        )
    }

    /// Linear steps that are followed by a bake, as CloudFormation counts them: one less
    /// than 100 / step when the step divides 100, else its floor.
    pub fn linear_steps(step_percent: f64) -> u32 {
        if step_percent.is_nan() || step_percent <= 0.0 {
            return 0;
        }
        // Steps are multiples of 0.1: count in tenths of a percent to stay exact.
        let tenths = (step_percent * 10.0).round() as u64;
        if tenths == 0 {
            return 0;
        }
        let steps = 1000 / tenths;
        let steps = if 1000 % tenths == 0 { steps - 1 } else { steps };
        u32::try_from(steps).unwrap_or(u32::MAX)
    }

    /// The bake minutes CloudFormation adds up against its 33-hour limit (0 for rolling).
    pub fn total_bake_minutes(&self) -> u32 {
        match self.strategy {
            Strategy::Rolling => 0,
            Strategy::BlueGreen => self.bake(),
            Strategy::Canary => self.bake().saturating_add(self.canary().1),
            Strategy::Linear => {
                let (step, minutes) = self.linear();
                self.bake()
                    .saturating_add(minutes.saturating_mul(Self::linear_steps(step)))
            }
        }
    }

    /// The fields set that the strategy does not use, by name.
    pub fn foreign_fields(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let s = self.strategy;
        if s == Strategy::Rolling && self.bake_minutes.is_some() {
            out.push("bake_minutes");
        }
        if s != Strategy::Canary {
            if self.canary_percent.is_some() {
                out.push("canary_percent");
            }
            if self.canary_bake_minutes.is_some() {
                out.push("canary_bake_minutes");
            }
        }
        if s != Strategy::Linear {
            if self.step_percent.is_some() {
                out.push("step_percent");
            }
            if self.step_bake_minutes.is_some() {
                out.push("step_bake_minutes");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_steps_follow_cloudformations_count() {
        // The documented examples: a step that divides 100 bakes after all but the last
        // shift; 11 % bakes 9 times.
        assert_eq!(Rollout::linear_steps(10.0), 9);
        assert_eq!(Rollout::linear_steps(11.0), 9);
        assert_eq!(Rollout::linear_steps(20.0), 4);
        assert_eq!(Rollout::linear_steps(33.3), 3);
        assert_eq!(Rollout::linear_steps(100.0), 0);
        assert_eq!(Rollout::linear_steps(0.0), 0);
        assert_eq!(Rollout::linear_steps(f64::NAN), 0);
    }

    #[test]
    fn total_bake_adds_what_cloudformation_adds() {
        let canary = Rollout {
            strategy: Strategy::Canary,
            bake_minutes: Some(30),
            canary_bake_minutes: Some(60),
            ..Rollout::default()
        };
        assert_eq!(canary.total_bake_minutes(), 90);
        let linear = Rollout {
            strategy: Strategy::Linear,
            step_percent: Some(25.0),
            step_bake_minutes: Some(10),
            ..Rollout::default()
        };
        assert_eq!(linear.total_bake_minutes(), 10 + 3 * 10);
        assert_eq!(Rollout::default().total_bake_minutes(), 0);
    }

    #[test]
    fn fields_of_another_strategy_are_named() {
        let r = Rollout {
            strategy: Strategy::BlueGreen,
            canary_percent: Some(5.0),
            step_bake_minutes: Some(1),
            ..Rollout::default()
        };
        assert_eq!(r.foreign_fields(), ["canary_percent", "step_bake_minutes"]);
        let rolling = Rollout {
            bake_minutes: Some(5),
            ..Rollout::default()
        };
        assert_eq!(rolling.foreign_fields(), ["bake_minutes"]);
    }
}
