//! IAM roles of the web tier and the container services, with least-privilege access to
//! exactly the data stores, queues and topics this stack holds. Built last, once every
//! other layer has recorded what it created.

use super::SynthError;
use super::compute::INSTANCE_PROFILE;
use super::context::{Ctx, SHARD_MAP, att, r};
use super::rollout::TRAFFIC_ROLE;
use super::services::{EXECUTION_ROLE, TASK_ROLE};
use crate::cfn::resources::iam::{self, Policy, PolicyDocument, Statement};
use crate::cfn::{Value, lit};

/// The web tier's role.
pub const WEB_ROLE: &str = "WebRole";

/// Add the web tier's role and instance profile, and the services' roles.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let access = app_access(ctx);
    let mut web_policies = access.clone();
    if ctx.known.web_asg.is_some() && ctx.known.web_target_group.is_some() {
        // A new instance reads its own target health before it signals a rolling update.
        // DescribeTargetHealth takes no resource-level permissions, so the resource is `*`;
        // it reads health states only.
        web_policies.push(Policy {
            policy_name: lit("rolling-update-health"),
            policy_document: PolicyDocument::new(vec![
                Statement::allow(
                    &["elasticloadbalancing:DescribeTargetHealth"],
                    vec![lit("*")],
                )
                .with_sid("ReadOwnTargetHealth"),
            ]),
        });
    }
    if let Some(policy) = team_settings_access(ctx) {
        web_policies.push(policy);
    }
    let web_role = ctx.add(
        WEB_ROLE,
        &iam::Role {
            description: Some(lit(
                "Web tier instances: Session Manager and the stage's data stores",
            )),
            managed_policy_arns: vec![Value::sub(
                "arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
            )],
            policies: web_policies,
            tags: ctx.tags("web"),
            ..iam::Role::new(PolicyDocument::assume_role("ec2.amazonaws.com"))
        },
    )?;
    ctx.add(
        INSTANCE_PROFILE,
        &iam::InstanceProfile {
            roles: vec![r(&web_role)],
        },
    )?;
    ctx.known.web_role = Some(web_role);

    if !ctx.stage.compute.services.is_empty() {
        ctx.add(
            EXECUTION_ROLE,
            &iam::Role {
                description: Some(lit("ECS task execution: pull images, write logs")),
                managed_policy_arns: vec![Value::sub(
                    "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
                )],
                policies: injected_access(ctx).into_iter().collect(),
                tags: ctx.tags("services-execution"),
                ..iam::Role::new(PolicyDocument::assume_role("ecs-tasks.amazonaws.com"))
            },
        )?;
        ctx.add(
            TASK_ROLE,
            &iam::Role {
                description: Some(lit("Container services: the stage's data stores")),
                policies: access,
                tags: ctx.tags("services"),
                ..iam::Role::new(PolicyDocument::assume_role("ecs-tasks.amazonaws.com"))
            },
        )?;
    }
    if ctx
        .stage
        .compute
        .services
        .iter()
        .any(|s| s.rollout.strategy.shifts_traffic())
    {
        // AWS's managed policy for exactly this: the listener and rule calls ECS makes to
        // move traffic between a service's target groups.
        ctx.add(
            TRAFFIC_ROLE,
            &iam::Role {
                description: Some(lit(
                    "ECS moves listener-rule weights between a service's target groups",
                )),
                managed_policy_arns: vec![Value::sub(
                    "arn:${AWS::Partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers",
                )],
                tags: ctx.tags("services-traffic"),
                ..iam::Role::new(PolicyDocument::assume_role("ecs.amazonaws.com"))
            },
        )?;
    }
    Ok(())
}

/// Read access to exactly the secrets and parameters the team's settings name
/// (`compute.web.settings`), which the instance reads at boot. A secret named without its
/// ARN matches its name plus the six characters Secrets Manager appends. A parameter or
/// secret encrypted with a customer managed key also needs `kms:Decrypt` on that key, which
/// the key's own policy grants.
fn team_settings_access(ctx: &Ctx<'_>) -> Option<Policy> {
    use crate::stage::AppSetting;
    let mut secrets = Vec::new();
    let mut parameters = Vec::new();
    for setting in ctx.stage.compute.web.settings.values() {
        match setting {
            AppSetting::Secret { secret, .. } if secret.starts_with("arn:") => {
                secrets.push(lit(secret.clone()));
            }
            AppSetting::Secret { secret, .. } => secrets.push(Value::sub(format!(
                "arn:${{AWS::Partition}}:secretsmanager:${{AWS::Region}}:${{AWS::AccountId}}:secret:{}-??????",
                super::compute::sub_literal(secret)
            ))),
            AppSetting::Parameter { parameter } => parameters.push(Value::sub(format!(
                "arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/{}",
                super::compute::sub_literal(parameter.trim_start_matches('/'))
            ))),
            AppSetting::Plain(_) => {}
        }
    }
    let mut statements = Vec::new();
    if !secrets.is_empty() {
        statements.push(
            Statement::allow(&["secretsmanager:GetSecretValue"], secrets)
                .with_sid("ReadTeamSecrets"),
        );
    }
    if !parameters.is_empty() {
        statements.push(
            Statement::allow(&["ssm:GetParameter"], parameters).with_sid("ReadTeamParameters"),
        );
    }
    (!statements.is_empty()).then(|| Policy {
        policy_name: lit("team-settings"),
        policy_document: PolicyDocument::new(statements),
    })
}

/// What the task execution role reads to inject the services' secrets and parameters:
/// exactly those the services name.
fn injected_access(ctx: &Ctx<'_>) -> Option<Policy> {
    use crate::stage::AppSetting;
    let mut secrets = Vec::new();
    let mut parameters = Vec::new();
    for service in &ctx.stage.compute.services {
        for setting in service.environment.values() {
            match setting {
                AppSetting::Secret { secret, .. } => secrets.push(lit(secret.clone())),
                AppSetting::Parameter { .. } => {
                    parameters.extend(super::services::value_from(setting));
                }
                AppSetting::Plain(_) => {}
            }
        }
    }
    secrets.dedup();
    parameters.dedup();
    let mut statements = Vec::new();
    if !secrets.is_empty() {
        statements.push(
            Statement::allow(&["secretsmanager:GetSecretValue"], secrets)
                .with_sid("InjectServiceSecrets"),
        );
    }
    if !parameters.is_empty() {
        statements.push(
            Statement::allow(&["ssm:GetParameters"], parameters)
                .with_sid("InjectServiceParameters"),
        );
    }
    (!statements.is_empty()).then(|| Policy {
        policy_name: lit("injected-settings"),
        policy_document: PolicyDocument::new(statements),
    })
}

/// The inline policy giving the application access to this stack's data plane.
fn app_access(ctx: &Ctx<'_>) -> Vec<Policy> {
    let known = &ctx.known;
    let mut statements = Vec::new();
    if !known.databases.is_empty() {
        statements.push(
            Statement::allow(
                &["secretsmanager:GetSecretValue"],
                known
                    .databases
                    .iter()
                    .map(|db| att(db, "MasterUserSecret.SecretArn"))
                    .collect(),
            )
            .with_sid("ReadDatabaseSecrets"),
        );
    }
    if ctx
        .stage
        .data
        .database
        .as_ref()
        .is_some_and(|db| db.shards > 1)
    {
        let path = format!(
            "arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter{SHARD_MAP}"
        );
        statements.push(
            Statement::allow(
                &[
                    "ssm:GetParameter",
                    "ssm:GetParameters",
                    "ssm:GetParametersByPath",
                ],
                vec![Value::sub(path.clone()), Value::sub(format!("{path}/*"))],
            )
            .with_sid("ReadShardMap"),
        );
    }
    let mut tables: Vec<Value<String>> = Vec::new();
    for table in &known.tables {
        tables.push(att(table, "Arn"));
        tables.push(Value::sub(format!("${{{table}.Arn}}/index/*")));
    }
    for name in &known.global_tables {
        tables.push(Value::sub(format!(
            "arn:${{AWS::Partition}}:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/{name}"
        )));
    }
    if !tables.is_empty() {
        statements.push(
            Statement::allow(
                &[
                    "dynamodb:GetItem",
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:Query",
                    "dynamodb:BatchGetItem",
                    "dynamodb:BatchWriteItem",
                    "dynamodb:ConditionCheckItem",
                ],
                tables,
            )
            .with_sid("UseTables"),
        );
    }
    // The user-data bucket only: static assets are published by the deploy pipeline, not
    // by the servers (and in a multi-region stage the static bucket lives in the global
    // stack, out of the regions' reach).
    let buckets: Vec<&String> = known.objects_bucket.iter().collect();
    if !buckets.is_empty() {
        statements.push(
            Statement::allow(
                &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                buckets
                    .iter()
                    .map(|b| Value::sub(format!("${{{b}.Arn}}/*")))
                    .collect(),
            )
            .with_sid("UseBucketObjects"),
        );
        statements.push(
            Statement::allow(
                &["s3:ListBucket"],
                buckets.iter().map(|b| att(b, "Arn")).collect(),
            )
            .with_sid("ListBuckets"),
        );
    }
    if !known.queues.is_empty() {
        statements.push(
            Statement::allow(
                &["sqs:SendMessage"],
                known.queues.iter().map(|(_, q)| att(q, "Arn")).collect(),
            )
            .with_sid("SendToQueues"),
        );
    }
    if !known.topics.is_empty() {
        statements.push(
            Statement::allow(
                &["sns:Publish"],
                known.topics.iter().map(|(_, t)| r(t)).collect(),
            )
            .with_sid("PublishToTopics"),
        );
    }
    if statements.is_empty() {
        return Vec::new();
    }
    vec![Policy {
        policy_name: lit("app-data-access"),
        policy_document: PolicyDocument::new(statements),
    }]
}
