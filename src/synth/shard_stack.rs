//! Shard stacks: the databases of a region's shards beyond the first
//! [`placement::SHARDS_PER_STACK`], in sibling stacks that deploy after the region's stack.
//!
//! A shard stack reads what it needs from the region's stack through parameters that
//! scalectl fills from that stack's outputs (no exports, so either side can change or go
//! without a deadlock). Each parameter carries the logical ID its value has in the region's
//! stack, so the shard resources are built by the same code and read the same there and here.
//! The stack publishes its shards in the region's shard map and grants the region's
//! application roles read access to exactly its shards' secrets.

use super::context::{Ctx, att, r};
use super::iam::WEB_ROLE;
use super::observability::ALARM_TOPIC;
use super::relational::{self, SUBNET_GROUP};
use super::security::DB_SECURITY_GROUP;
use super::services::TASK_ROLE;
use super::{StackInput, StackTemplate, SynthError, observability, placement};
use crate::catalog;
use crate::cfn::resources::iam::{PolicyDocument, RolesPolicy, Statement};
use crate::cfn::template::Parameter;
use crate::cfn::{LogicalId, Template, Value};
use crate::stage::Stage;

/// The output and parameter carrying the shard map's path.
pub const SHARD_MAP_PATH: &str = "ShardMapPath";

/// What a region's stack hands to its shard stacks: (parameter / logical ID, output, type,
/// description). Which entries apply depends on the stage.
fn handed_over(stage: &Stage) -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    let mut list = vec![
        (
            SUBNET_GROUP,
            "DatabaseSubnetGroupName",
            "String",
            "Database subnet group",
        ),
        (
            DB_SECURITY_GROUP,
            "DatabaseSecurityGroupId",
            "AWS::EC2::SecurityGroup::Id",
            "Security group of the databases",
        ),
        (
            SHARD_MAP_PATH,
            SHARD_MAP_PATH,
            "String",
            "Parameter Store path of the region's shard map",
        ),
        (
            WEB_ROLE,
            "WebRoleName",
            "String",
            "Web tier role, granted the shards' secrets",
        ),
    ];
    if !stage.compute.services.is_empty() {
        list.push((
            TASK_ROLE,
            "ServiceTaskRoleName",
            "String",
            "Container services' role, granted the shards' secrets",
        ));
    }
    if stage.observability.is_some() {
        list.push((
            ALARM_TOPIC,
            "AlarmTopicArn",
            "String",
            "SNS topic the alarms notify",
        ));
    }
    list
}

/// Add to a region's stack the outputs its shard stacks read (the alarm topic's is there
/// already).
pub fn hand_over(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    for (id, output, _, description) in handed_over(ctx.stage) {
        let value = match id {
            SHARD_MAP_PATH => Value::sub(ctx.shard_map.clone()),
            ALARM_TOPIC => continue,
            _ => r(id),
        };
        ctx.output(output, description, value)?;
    }
    Ok(())
}

/// Build the shard stack `suffix` of the region whose stack is `region_stack`.
pub fn synthesize(
    stage: &Stage,
    region_code: &str,
    vpc_cidr: &str,
    region_stack: &str,
    suffix: &str,
    shards: Vec<u32>,
) -> Result<StackTemplate, SynthError> {
    let region = catalog::region(region_code)
        .ok_or_else(|| SynthError::UnknownRegion(region_code.to_string()))?;
    let (first, last) = (
        shards.first().copied().unwrap_or(0),
        shards.last().copied().unwrap_or(0),
    );
    let template = Template::new(format!(
        "scalectl {} ({}) in {}: database shards {first} to {last} ({} shards)",
        stage.name,
        stage.title,
        region.code,
        shards.len()
    ));
    let mut ctx = Ctx::new(stage, region, vpc_cidr, shards, template)?;
    let mut inputs = Vec::new();
    for (id, output, param_type, description) in handed_over(stage) {
        ctx.template.parameter(
            &LogicalId::from(id),
            Parameter {
                param_type: param_type.to_string(),
                description: format!("{description} (from the region stack's {output} output)"),
                default: None,
            },
        )?;
        inputs.push(StackInput {
            parameter: id.to_string(),
            from_stack: region_stack.to_string(),
            output: output.to_string(),
        });
    }
    ctx.shard_map = format!("${{{SHARD_MAP_PATH}}}");
    ctx.known.db_sg = Some(DB_SECURITY_GROUP.to_string());
    if stage.observability.is_some() {
        ctx.known.alarm_topic = Some(ALARM_TOPIC.to_string());
    }
    relational::shards(&mut ctx, SUBNET_GROUP)?;
    secrets_policy(&mut ctx)?;
    observability::synthesize(&mut ctx)?;
    Ok(StackTemplate {
        suffix: suffix.to_string(),
        region: region_code.to_string(),
        template: ctx.template,
        depends_on: vec![region_stack.to_string()],
        inputs,
        pins: ctx.pins,
        zones: ctx.zones,
        code_keys: ctx.code_keys,
    })
}

/// Let the region's application roles read this stack's shards' secrets, and nothing else.
fn secrets_policy(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    if ctx.known.databases.is_empty() {
        return Ok(());
    }
    let mut roles = vec![r(WEB_ROLE)];
    if !ctx.stage.compute.services.is_empty() {
        roles.push(r(TASK_ROLE));
    }
    let secrets = ctx
        .known
        .databases
        .iter()
        .map(|db| att(db, "MasterUserSecret.SecretArn"))
        .collect();
    ctx.add(
        "ShardSecretsPolicy",
        &RolesPolicy {
            policy_name: Value::sub("${AWS::StackName}-shard-secrets"),
            policy_document: PolicyDocument::new(vec![
                Statement::allow(&["secretsmanager:GetSecretValue"], secrets)
                    .with_sid("ReadShardSecrets"),
            ]),
            roles,
        },
    )?;
    Ok(())
}

/// The extra stacks of one region: (suffix, shards), in order.
pub fn siblings(placement: &placement::Placement, region_stack: &str) -> Vec<(String, Vec<u32>)> {
    placement
        .shard_stacks(region_stack)
        .into_iter()
        .map(|suffix| {
            let shards = placement.in_stack(&suffix);
            (suffix, shards)
        })
        .collect()
}
