//! CloudFormation's limits, checked on the synthesized stacks: resources, parameters,
//! outputs and mappings per template, the template body size, logical ID and stack name
//! lengths.

use super::findings::Findings;
use crate::diagnostic::Diagnostic;
use crate::stage::Stage;
use crate::synth::StackTemplate;

pub use crate::cfn::limits::{
    MAX_INLINE_BODY, MAX_LOGICAL_ID, MAX_PARAMETERS, MAX_RESOURCES, MAX_S3_BODY, MAX_STACK_NAME,
};

const CODE: &str = crate::diagnostic::codes::validate::CLOUDFORMATION_LIMIT;

/// The lists of a stage that grow a region's stack (shards move to stacks of their own),
/// with their lengths, longest first.
pub(crate) fn growth(stage: &Stage) -> Vec<(&'static str, usize)> {
    let messaging = stage.messaging.as_ref();
    let mut lists = vec![
        ("messaging.queues", messaging.map_or(0, |m| m.queues.len())),
        ("messaging.topics", messaging.map_or(0, |m| m.topics.len())),
        (
            "messaging.workers",
            messaging.map_or(0, |m| m.workers.len()),
        ),
        ("compute.services", stage.compute.services.len()),
        ("data.tables", stage.data.tables.len()),
    ];
    lists.retain(|(_, n)| *n > 0);
    lists.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    lists
}

/// The stage list whose item names the logical ID `id` (the longest name it contains).
fn named_in(stage: &Stage, id: &str) -> Option<String> {
    let id = id.to_ascii_lowercase();
    let squash = |name: &str| -> String {
        name.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let mut best: Option<(usize, String)> = None;
    let mut consider = |path: String, name: &str| {
        let key = squash(name);
        if !key.is_empty()
            && id.contains(&key)
            && best.as_ref().is_none_or(|(len, _)| key.len() > *len)
        {
            best = Some((key.len(), path));
        }
    };
    if let Some(m) = &stage.messaging {
        for (i, q) in m.queues.iter().enumerate() {
            consider(format!("messaging.queues[{i}].name"), &q.name);
        }
        for (i, t) in m.topics.iter().enumerate() {
            consider(format!("messaging.topics[{i}].name"), &t.name);
        }
        for (i, w) in m.workers.iter().enumerate() {
            consider(format!("messaging.workers[{i}].name"), &w.name);
        }
    }
    for (i, s) in stage.compute.services.iter().enumerate() {
        consider(format!("compute.services[{i}].name"), &s.name);
    }
    for (i, t) in stage.data.tables.iter().enumerate() {
        consider(format!("data.tables[{i}].name"), &t.name);
    }
    best.map(|(_, path)| path)
}

/// Check every stack. A size finding points at the longest list of the stage that makes the
/// stack big, a name finding at the name that makes it long.
pub(crate) fn check(
    stage: &Stage,
    base: &str,
    from_flag: bool,
    stacks: &[StackTemplate],
    f: &mut Findings<'_>,
) {
    let at = if from_flag { None } else { f.at("name") };
    let lists = growth(stage);
    let big = lists.first().and_then(|(path, _)| f.at(path)).or(at);
    let listed = lists
        .iter()
        .map(|(path, n)| format!("{n} in `{path}`"))
        .collect::<Vec<_>>()
        .join(", ");
    for stack in stacks {
        let name = stack.stack_name(base);
        let t = &stack.template;
        let mut over = |what: &str, count: usize, max: usize, help: &str| {
            if count > max {
                let help = if listed.is_empty() {
                    help.to_string()
                } else {
                    format!("{help} (the stage lists {listed})")
                };
                f.push(
                    Diagnostic::error(
                        CODE,
                        format!(
                            "stack `{name}` would have {count} {what}; CloudFormation allows {max}"
                        ),
                        big,
                        help,
                    )
                    .with_label(format!("{count} {what} in `{name}`")),
                );
            }
        };
        over(
            "resources",
            t.resources.len(),
            MAX_RESOURCES,
            "database shards already move to shard stacks of their own; lower the service, queue or topic counts, or split the stage into several stage files",
        );
        over(
            "parameters",
            t.parameters.len(),
            MAX_PARAMETERS,
            "use fewer regions in one stage",
        );
        over(
            "outputs",
            t.outputs.len(),
            MAX_PARAMETERS,
            "lower the service, queue or topic counts",
        );
        let size = t.to_json().len();
        over(
            "bytes of template body",
            size,
            MAX_S3_BODY,
            "lower the service, queue or topic counts, or split the stage into several stage files",
        );
        if name.len() > MAX_STACK_NAME {
            f.push(Diagnostic::error(
                CODE,
                format!(
                    "stack name `{name}` is {} characters; CloudFormation allows {MAX_STACK_NAME}",
                    name.len()
                ),
                at,
                "use a shorter stage name or --stack-name",
            ));
        }
        for id in t
            .resources
            .keys()
            .chain(t.outputs.keys())
            .chain(t.parameters.keys())
        {
            if id.len() > MAX_LOGICAL_ID || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
                let named = named_in(stage, id).and_then(|path| f.at(&path)).or(at);
                f.push(Diagnostic::error(
                    CODE,
                    format!("logical ID `{id}` in stack `{name}` is not alphanumeric or is over {MAX_LOGICAL_ID} characters"),
                    named,
                    "shorten the names in the stage that make up this ID",
                ));
            }
        }
    }
}
