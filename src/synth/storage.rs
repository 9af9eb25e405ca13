//! Object storage and DynamoDB tables.
//!
//! Every bucket is private (public access blocked, owner-enforced), encrypted, versioned and
//! TLS-only; every table is encrypted with point-in-time recovery and deletion protection.
//! Retention policies come from the resource type (see `cfn::template::default_retention`).

use super::SynthError;
use super::context::{Ctx, r};
use crate::cfn::resources::iam::PolicyDocument;
use crate::cfn::resources::{dynamodb, s3};
use crate::cfn::{LogicalId, Value, lit};
use crate::stage::Table;

/// Add the user-data bucket and the regional DynamoDB tables.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    if let Some(objects) = ctx.stage.data.objects.clone() {
        let mut bucket =
            super::bucket::secure_bucket(ctx.tags("objects"), objects.noncurrent_version_days);
        if objects.intelligent_tiering {
            if let Some(lifecycle) = bucket.lifecycle_configuration.as_mut() {
                lifecycle.rules.push(s3::LifecycleRule {
                    transitions: vec![s3::Transition {
                        storage_class: lit("INTELLIGENT_TIERING"),
                        transition_in_days: Value::Lit(0),
                    }],
                    ..s3::LifecycleRule::enabled("to-intelligent-tiering")
                });
            }
            if let Some(days) = objects.archive_after_days {
                bucket.intelligent_tiering_configurations =
                    vec![s3::IntelligentTieringConfiguration {
                        id: lit("archive-cold-objects"),
                        status: lit("Enabled"),
                        tierings: vec![s3::Tiering {
                            access_tier: lit("ARCHIVE_ACCESS"),
                            days: Value::Lit(days),
                        }],
                    }];
            }
        }
        bucket.logging_configuration = super::logging::access_logs(ctx, "ObjectsBucket");
        let after = super::logging::after_policy(ctx);
        let id = ctx.add_after("ObjectsBucket", &bucket, &after)?;
        ctx.add(
            "ObjectsBucketPolicy",
            &s3::BucketPolicy {
                bucket: r(&id),
                policy_document: PolicyDocument::new(vec![super::bucket::deny_insecure_transport(
                    &id,
                )]),
            },
        )?;
        ctx.output("ObjectsBucketName", "Bucket for user data", r(&id))?;
        ctx.known.objects_bucket = Some(id);
    }

    tables(ctx)
}

/// Every DynamoDB table is an `AWS::DynamoDB::GlobalTable` from the stage that introduces it,
/// with a replica in its own region: billed as a table while it has one replica, and a stage
/// that goes multi-region adds replicas to the same resource instead of changing its type
/// (AWS warns that a `Table` changed into a `GlobalTable` may be deleted).
///
/// In a multi-region stage the first region's stack holds each `global: true` table with a
/// replica in every region (the other regions reach their replica by name); a table that is
/// not global is one table per region stack.
fn tables(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let regions: Vec<String> = ctx.stage.regions.iter().map(|r| r.name.clone()).collect();
    let multi_region = regions.len() >= 2;
    let here = ctx.region.code.to_string();
    let first = regions.first().is_none_or(|r| *r == here);
    for table in ctx.stage.data.tables.clone() {
        let name = table_name(&ctx.base, &table);
        let replicas: Vec<String> = if multi_region && table.global {
            if !first {
                // The first region's stack holds it; the replica here goes by the same name.
                ctx.known.global_tables.push(name);
                continue;
            }
            regions.clone()
        } else {
            vec![here.clone()]
        };
        let (attributes, keys) = key_schema(&table);
        let tags = ctx.tags(&format!("table-{}", table.name));
        let props = dynamodb::GlobalTable {
            table_name: Some(lit(name)),
            billing_mode: Some(lit("PAY_PER_REQUEST")),
            attribute_definitions: attributes,
            key_schema: keys,
            // Required once a second replica exists; set from the start so that adding one
            // changes nothing else.
            stream_specification: Some(dynamodb::StreamSpecification {
                stream_view_type: lit("NEW_AND_OLD_IMAGES"),
            }),
            sse_specification: Some(dynamodb::GlobalTableSseSpecification {
                sse_enabled: Value::Lit(true),
                sse_type: Some(lit("KMS")),
            }),
            time_to_live_specification: table.ttl_attribute.as_ref().map(|a| {
                dynamodb::TimeToLiveSpecification {
                    attribute_name: Some(lit(a.clone())),
                    enabled: Value::Lit(true),
                }
            }),
            replicas: replicas
                .into_iter()
                .map(|region| dynamodb::ReplicaSpecification {
                    point_in_time_recovery_specification: Some(
                        dynamodb::PointInTimeRecoverySpecification {
                            point_in_time_recovery_enabled: Value::Lit(true),
                        },
                    ),
                    deletion_protection_enabled: Some(Value::Lit(true)),
                    tags: tags.clone(),
                    ..dynamodb::ReplicaSpecification::new(lit(region))
                })
                .collect(),
        };
        let id = ctx.add(LogicalId::new([&table.name, "Table"]), &props)?;
        ctx.output(
            &LogicalId::new([&table.name, "TableName"]).to_string(),
            &format!("DynamoDB table `{}`", table.name),
            r(&id),
        )?;
        ctx.known.tables.push(id);
    }
    Ok(())
}

/// The fixed name of a table, shared by every region's replica and the regional IAM roles:
/// the stack graph's base name (`--stack-name`) and the table's, so that two environments of
/// one stage in one account do not collide.
pub fn table_name(base: &str, table: &Table) -> String {
    format!("{base}-{}", table.name)
}

/// Attribute definitions and key schema of a table.
pub fn key_schema(
    table: &Table,
) -> (
    Vec<dynamodb::AttributeDefinition>,
    Vec<dynamodb::KeySchemaElement>,
) {
    let mut attributes = vec![dynamodb::AttributeDefinition {
        attribute_name: lit(table.partition_key.name.clone()),
        attribute_type: lit(format!("{:?}", table.partition_key.key_type)),
    }];
    let mut keys = vec![dynamodb::KeySchemaElement {
        attribute_name: lit(table.partition_key.name.clone()),
        key_type: lit("HASH"),
    }];
    if let Some(sort) = &table.sort_key {
        attributes.push(dynamodb::AttributeDefinition {
            attribute_name: lit(sort.name.clone()),
            attribute_type: lit(format!("{:?}", sort.key_type)),
        });
        keys.push(dynamodb::KeySchemaElement {
            attribute_name: lit(sort.name.clone()),
            key_type: lit("RANGE"),
        });
    }
    (attributes, keys)
}
