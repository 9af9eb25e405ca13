//! `scalectl diff`: each stack's deployed template against the new one, with the impact on
//! every resource; merged with the change set's answer when deploy has already created one
//! for exactly this template.

use super::session::{self, api};
use super::targets::{StackPlan, plan_stacks};
use super::{CommandError, Console, Outcome, write_all};
use crate::cli::{Output, TargetArgs};
use crate::deploy::api::{ChangeSetStatus, DeployApi};
use crate::deploy::naming::change_set_name;
use crate::deploy::stacks::{across_stacks, deployed_template, new_templates};
use crate::diff::update_rules::{self, Severity, UpdateFinding};
use crate::diff::{self, TemplateDiff};
use crate::output::diff::{findings_text, render_text, stack_json};
use crate::stage::FileReader;
use serde_json::{Value, json};

/// Run `diff`.
pub fn run(
    args: &TargetArgs,
    reader: &dyn FileReader,
    console: &mut dyn Console,
) -> Result<Outcome, CommandError> {
    let (plans, deps, outcome) = plan_stacks(
        &args.stage,
        args.region.as_deref(),
        &args.stack_name,
        reader,
    )?;
    let runtime = session::runtime()?;
    let fetched = runtime.block_on(async {
        let aws = session::connect(&args.aws).await?;
        let mut fetched = Vec::new();
        for plan in &plans {
            let deployer = aws.deployer(&plan.region);
            fetched.push(stack_diff(&deployer, plan).await?);
        }
        Ok::<_, CommandError>(fetched)
    })?;
    let news = new_templates(&plans);
    let deployed: Vec<Option<&Value>> = fetched.iter().map(|(d, _, _)| d.as_ref()).collect();
    let across = across_stacks(&plans, &deployed, &news, &deps);
    let results: Vec<StackResult<'_>> = plans
        .iter()
        .zip(&fetched)
        .zip(&news)
        .map(|((plan, (deployed, diff, change_set)), new)| {
            let mut findings = update_rules::check(deployed.as_ref(), new, diff);
            findings.extend(across.iter().filter(|f| f.stack == plan.name).cloned());
            StackResult {
                plan,
                diff,
                change_set: change_set.as_deref(),
                findings,
            }
        })
        .collect();
    match args.output {
        Output::Text => {
            for result in &results {
                let mut text = render_text(&result.plan.name, result.diff);
                if let Some(arn) = result.change_set {
                    text.push_str(&format!("  (impacts confirmed by change set {arn})\n"));
                }
                if !result.findings.is_empty() {
                    text.push_str(" Update-time rules:\n");
                    text.push_str(&findings_text(&result.plan.name, &result.findings));
                }
                write_all(console.out(), &text)?;
            }
        }
        Output::Json => {
            let doc = json!({
                "stacks": results.iter().map(|r| {
                    let mut doc = stack_json(&r.plan.name, &r.plan.region, r.diff, r.change_set);
                    doc["findings"] = json!(r.findings);
                    doc
                }).collect::<Vec<_>>(),
            });
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            write_all(console.out(), &format!("{text}\n"))?;
        }
    }
    let refused: Vec<&UpdateFinding> = results
        .iter()
        .flat_map(|r| &r.findings)
        .filter(|f| f.severity == Severity::Refuse)
        .collect();
    if !refused.is_empty() {
        return Err(CommandError::Stopped {
            message: format!(
                "deploy would refuse this update: {} update-time finding(s) above",
                refused.len()
            ),
            help: "each finding's help says what to change; nothing was sent to AWS but reads"
                .to_string(),
            code: crate::exit::REFUSED,
        });
    }
    Ok(outcome)
}

/// One stack's part of `diff`.
struct StackResult<'a> {
    plan: &'a StackPlan,
    diff: &'a TemplateDiff,
    change_set: Option<&'a str>,
    findings: Vec<UpdateFinding>,
}

/// The deployed template of one stack (`None`: no stack yet), its diff, and the ARN of the
/// change set it was merged with.
async fn stack_diff<A: DeployApi>(
    api_: &A,
    plan: &StackPlan,
) -> Result<(Option<Value>, TemplateDiff, Option<String>), CommandError> {
    let new: Value = serde_json::from_str(&plan.template).unwrap_or(Value::Null);
    let Some((deployed, stack)) = deployed_template(api_, &plan.name).await? else {
        return Ok((None, diff::compare(None, &new), None));
    };
    let predicted = diff::compare(Some(&deployed), &new);
    // A pinned parameter keeps its deployed value unless deploy is told otherwise, so deploy's
    // change set carries it. Parameters fed from other stacks are not known here: such a
    // stack's change set is not found, and the prediction stands alone.
    // A hosted zone's ID is looked up again by deploy and is the deployed one.
    let pinned: Vec<(String, String)> = plan
        .pins
        .iter()
        .map(|p| &p.parameter)
        .chain(plan.zones.iter().map(|z| &z.parameter))
        .filter_map(|p| stack.parameter(p).map(|v| (p.clone(), v.to_string())))
        .collect();
    let name = change_set_name(&plan.template, &pinned, &plan.tags);
    let existing = api_.change_sets(&stack.id).await.map_err(api)?;
    if let Some(summary) = existing.iter().find(|c| c.name == name) {
        let cs = api_.change_set(&summary.arn).await.map_err(api)?;
        if cs.status == ChangeSetStatus::Ready {
            let merged = diff::merge(predicted, &cs.changes);
            return Ok((Some(deployed), merged, Some(cs.arn)));
        }
    }
    Ok((Some(deployed), predicted, None))
}
