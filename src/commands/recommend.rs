//! `scalectl recommend`: the lowest stage of the ladder that holds a load, sized for it,
//! with its capacity and cost and the reason every lower stage falls short.

use super::{CommandError, Outcome, write_all};
use crate::capacity::{Load, count};
use crate::cli::{Output, RecommendArgs};
use crate::plan::cost::{self, Estimate};
use crate::plan::recommend::{Recommendation, recommend};
use crate::plan::report::money;
use crate::stage::{self, BUILTIN_STAGES, CapacitySpec, FileReader, Stage, StageRef};
use crate::validate::{OfflineFacts, QuotaUse, quota_usage};
use serde_json::json;
use std::fmt::Write as _;
use std::io::Write;

/// Recommend a stage for a load.
pub fn run(
    args: &RecommendArgs,
    reader: &dyn FileReader,
    out: &mut dyn Write,
) -> Result<Outcome, CommandError> {
    let mut spec = match &args.capacity_from {
        Some(stage_arg) => {
            let loaded =
                stage::load(&StageRef::parse(stage_arg), reader).map_err(CommandError::Invalid)?;
            loaded.stage.capacity.ok_or_else(|| CommandError::Usage {
                message: format!("`{stage_arg}` states no load: it has no `capacity:` section"),
                help: "add `capacity: {users: 1M}` (and any measured `assumptions:`) to it, or pass --users".to_string(),
            })?
        }
        None => CapacitySpec::for_users(args.users.map_or(1, |u| u.0)),
    };
    if let Some(users) = args.users {
        spec.users = users;
    }
    if let Some(share) = args.concurrency {
        spec.peak_concurrency = share;
    }
    if let Some(rpm) = args.rpm {
        spec.requests_per_minute = rpm;
    }
    let ladder = ladder(reader)?;
    let answer = recommend(&ladder, &spec);
    let (estimate, quotas) = match &answer.chosen {
        Some((_, sizing)) => {
            let stacks =
                crate::synth::synthesize(&sizing.stage).map_err(|e| CommandError::Usage {
                    message: format!("the sized stage does not synthesize: {e}"),
                    help:
                        "this is a bug in scalectl's sizing; please report it with the command line"
                            .to_string(),
                })?;
            // What the sized stage needs past AWS's default quotas: requests to file before
            // the first deploy.
            let over: Vec<QuotaUse> = quota_usage(&sizing.stage, &stacks, &OfflineFacts)
                .into_iter()
                .filter(|q| q.headroom() < 0.0)
                .collect();
            (Some(cost::estimate(&sizing.stage, &stacks)), over)
        }
        None => (None, Vec::new()),
    };
    let text = match args.format {
        Output::Text => text(&answer, estimate.as_ref(), &quotas, &spec),
        Output::Json => json_text(&answer, estimate.as_ref(), &quotas),
    };
    write_all(out, &text)?;
    if answer.chosen.is_none() {
        return Err(CommandError::Stopped {
            message: "no stage of the ladder holds this load, even sized".to_string(),
            help: "stage7 spreads the load over regions; give it more regions or larger classes in a stage file (`scalectl init --from stage7`)".to_string(),
            code: crate::exit::FAILURE,
        });
    }
    Ok(Outcome::default())
}

/// The built-in ladder, loaded (the golden paths always load; a failure is a bug).
fn ladder(reader: &dyn FileReader) -> Result<Vec<Stage>, CommandError> {
    BUILTIN_STAGES
        .iter()
        .map(|b| {
            stage::load(&StageRef::Builtin(b.name.to_string()), reader)
                .map(|l| l.stage)
                .map_err(CommandError::Invalid)
        })
        .collect()
}

fn load_lines(load: &Load, out: &mut String) {
    for step in &load.steps {
        let _ = writeln!(out, "  {step}");
    }
}

fn text(
    r: &Recommendation,
    estimate: Option<&Estimate>,
    quotas: &[QuotaUse],
    spec: &CapacitySpec,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Load");
    load_lines(&r.load, &mut out);
    let _ = writeln!(
        out,
        "  stages are sized for the peak ({} requests/s) plus {} headroom",
        count(r.load.rps.high),
        spec.assumptions.headroom
    );
    let _ = writeln!(out, "\nThe ladder");
    for v in &r.verdicts {
        let mark = if v.holds { "holds" } else { "no   " };
        let _ = writeln!(out, "  {:<8} {:<30} {mark}  {}", v.stage, v.title, v.reason);
    }
    let Some((name, sizing)) = &r.chosen else {
        let _ = writeln!(out, "\nNo stage holds this load.");
        return out;
    };
    let _ = writeln!(
        out,
        "\nRecommendation: {name} ({}), sized for {} users",
        sizing.stage.title, spec.users
    );
    if sizing.changes.is_empty() {
        let _ = writeln!(out, "  the built-in sizes hold it as they are");
    }
    for c in &sizing.changes {
        let _ = writeln!(
            out,
            "  {:<28} {:>4} -> {:<4} {}",
            c.path, c.from, c.to, c.why
        );
    }
    let a = &sizing.assessment;
    let _ = writeln!(
        out,
        "\nWhere the load goes{}",
        if a.flow.regions > 1 {
            " (per region)"
        } else {
            ""
        }
    );
    for step in &a.flow.steps {
        let _ = writeln!(out, "  {step}");
    }
    for c in &a.checks {
        let _ = writeln!(
            out,
            "  {:<16} peak {:>9} needs {:>9} holds {:>9} {}: {}",
            c.tier.name(),
            count(c.peak),
            count(c.need),
            count(c.holds),
            c.unit,
            c.capacity
        );
    }
    if let Some(e) = estimate {
        let _ = writeln!(
            out,
            "\nCost: ~{}/month on demand (estimate, list prices as of {}){}{}",
            money(e.total),
            e.prices_as_of,
            if e.spot_saving > 0.0 {
                format!("; Spot as configured saves {}", money(e.spot_saving))
            } else {
                String::new()
            },
            if e.commitment_saving > 0.0 {
                format!(
                    "; 1-year commitments would save {}",
                    money(e.commitment_saving)
                )
            } else {
                String::new()
            }
        );
        for l in e.lines.iter().take(5) {
            let _ = writeln!(out, "  {:>10}  {} ({})", money(l.monthly), l.id, l.detail);
        }
    }
    if !quotas.is_empty() {
        let _ = writeln!(
            out,
            "\nQuotas past AWS's default values (request increases before deploying; `scalectl validate --live` compares with your account's)"
        );
        for q in quotas {
            let _ = writeln!(
                out,
                "  {:<15} {:<11} needs {:>7}, default {:>6}  {} ({})",
                q.region,
                q.code,
                count(q.need),
                count(q.quota),
                q.name,
                q.what
            );
        }
    }
    let _ = writeln!(
        out,
        "\nNext: scalectl init --from {name} --name <your-stage> {} writes a stage file with these sizes{}; `scalectl plan <your-stage>.yaml` shows it all",
        spec.flags(),
        if spec.default_assumptions() {
            ""
        } else {
            " for the default assumptions (init does not take yours: set the sizes above by hand and copy your `capacity:` section in)"
        }
    );
    let _ = writeln!(
        out,
        "{}",
        if spec.default_assumptions() {
            "Assumptions (per vCPU, per request, cache hit ratio...) are the documented defaults: `scalectl schema` lists them; measure yours and state them under `capacity.assumptions` in a stage file, then `scalectl recommend --capacity-from <file>`."
        } else {
            "Assumptions are the stage file's `capacity.assumptions` (the rest are the documented defaults)."
        }
    );
    out
}

fn json_text(r: &Recommendation, estimate: Option<&Estimate>, quotas: &[QuotaUse]) -> String {
    let doc = json!({
        "load": r.load,
        "ladder": r.verdicts,
        "recommendation": r.chosen.as_ref().map(|(name, sizing)| json!({
            "stage": name,
            "changes": sizing.changes,
            "capacity": {
                "holds": sizing.assessment.holds(),
                "flow": sizing.assessment.flow,
                "checks": sizing.assessment.checks,
            },
            "cost": estimate,
            "quotas_over_default": quotas,
        })),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
