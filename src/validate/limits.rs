//! CloudFormation's limits, checked on the synthesized stacks: resources, parameters,
//! outputs and mappings per template, the template body size, logical ID and stack name
//! lengths.

use super::findings::Findings;
use crate::diagnostic::Diagnostic;
use crate::synth::StackTemplate;

/// Resources per template.
pub const MAX_RESOURCES: usize = 500;
/// Parameters, outputs or mappings per template.
pub const MAX_PARAMETERS: usize = 200;
/// A template body passed inline; larger ones go through S3.
pub const MAX_INLINE_BODY: usize = 51_200;
/// A template body uploaded to S3.
pub const MAX_S3_BODY: usize = 1_048_576;
/// Characters in a logical ID.
pub const MAX_LOGICAL_ID: usize = 255;
/// Characters in a stack name.
pub const MAX_STACK_NAME: usize = 128;

const CODE: &str = "scalectl::validate::cloudformation_limit";

/// Check every stack.
pub(crate) fn check(base: &str, from_flag: bool, stacks: &[StackTemplate], f: &mut Findings<'_>) {
    let at = if from_flag { None } else { f.at("name") };
    for stack in stacks {
        let name = stack.stack_name(base);
        let t = &stack.template;
        let mut over = |what: &str, count: usize, max: usize, help: &str| {
            if count > max {
                f.push(Diagnostic::error(
                    CODE,
                    format!(
                        "stack `{name}` would have {count} {what}; CloudFormation allows {max}"
                    ),
                    at,
                    help.to_string(),
                ));
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
                f.push(Diagnostic::error(
                    CODE,
                    format!("logical ID `{id}` in stack `{name}` is not alphanumeric or is over {MAX_LOGICAL_ID} characters"),
                    at,
                    "shorten the names in the stage that make up this ID",
                ));
            }
        }
    }
}
