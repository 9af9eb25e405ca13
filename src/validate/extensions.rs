//! The stage's raw resources and overrides, checked against the stacks scalectl makes for it
//! (`crate::synth::extend` holds the rules); each problem points at the stage value at fault.

use super::findings::Findings;
use crate::stage::Stage;
use crate::synth::extend::{self, Severity};

pub(super) fn check(stage: &Stage, base: &str, f: &mut Findings<'_>) {
    if stage.resources.is_empty() && stage.overrides.is_empty() {
        return;
    }
    // A stage that does not synthesize is reported by synthesis, with its own location.
    let Ok(stacks) = crate::synth::synthesize_core(stage, base) else {
        return;
    };
    for problem in extend::check(stage, &stacks) {
        match problem.severity {
            Severity::Error => f.error(problem.code, &problem.path, problem.message, problem.help),
            Severity::Warning => {
                f.warning(problem.code, &problem.path, problem.message, problem.help)
            }
        }
    }
}
