//! The global stack of a multi-region stage: the CDN, DynamoDB global tables with a replica
//! in every region, and Route 53 latency or failover records with a health check per region.
//! It deploys in the first region, after the regional stacks; their load balancer addresses
//! arrive as parameters that scalectl fills from the regional stacks' outputs.

use super::context::{Ctx, r};
use super::storage::{global_table_name, key_schema};
use super::{StackInput, StackTemplate, SynthError, dns, edge};
use crate::catalog;
use crate::cfn::resources::{Tag, dynamodb, route53};
use crate::cfn::template::Parameter;
use crate::cfn::{LogicalId, Template, Value, lit};
use crate::stage::{Dns, Routing, Stage};

/// The suffix of the global stack's name.
pub const GLOBAL: &str = "global";

/// Build the global stack.
pub fn synthesize(stage: &Stage, base: &str) -> Result<StackTemplate, SynthError> {
    let primary = stage
        .regions
        .first()
        .ok_or_else(|| SynthError::reference("regions", "a multi-region stage needs regions"))?;
    let region = catalog::region(&primary.name)
        .ok_or_else(|| SynthError::UnknownRegion(primary.name.clone()))?;
    let template = Template::new(format!(
        "scalectl {} ({}): global resources for {} regions",
        stage.name,
        stage.title,
        stage.regions.len()
    ));
    let mut ctx = Ctx::new(stage, region, &primary.vpc_cidr, Vec::new(), template)?;
    ctx.base = base.to_string();
    edge::synthesize(&mut ctx)?;
    global_tables(&mut ctx)?;
    let inputs = match &stage.dns {
        Some(dns) if stage.load_balancer.is_some() => routing(&mut ctx, dns)?,
        _ => Vec::new(),
    };
    Ok(StackTemplate {
        suffix: GLOBAL.to_string(),
        region: primary.name.clone(),
        template: ctx.template,
        depends_on: stage.regions.iter().map(|r| r.name.clone()).collect(),
        inputs,
        pins: ctx.pins,
    })
}

fn global_tables(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    for table in ctx
        .stage
        .data
        .tables
        .clone()
        .into_iter()
        .filter(|t| t.global)
    {
        let (attributes, keys) = key_schema(&table);
        let replicas = ctx
            .stage
            .regions
            .iter()
            .map(|spec| dynamodb::ReplicaSpecification {
                point_in_time_recovery_specification: Some(
                    dynamodb::PointInTimeRecoverySpecification {
                        point_in_time_recovery_enabled: Value::Lit(true),
                    },
                ),
                deletion_protection_enabled: Some(Value::Lit(true)),
                tags: ctx.stage_tags(),
                ..dynamodb::ReplicaSpecification::new(lit(spec.name.clone()))
            })
            .collect();
        let name = global_table_name(&ctx.base, &table);
        let id = ctx.add(
            LogicalId::new([&table.name, "GlobalTable"]),
            &dynamodb::GlobalTable {
                table_name: Some(lit(name.clone())),
                billing_mode: Some(lit("PAY_PER_REQUEST")),
                attribute_definitions: attributes,
                key_schema: keys,
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
                replicas,
            },
        )?;
        ctx.output(
            &LogicalId::new([&table.name, "GlobalTableName"]).to_string(),
            &format!("Global table `{}`, replicated to every region", table.name),
            r(&id),
        )?;
    }
    Ok(())
}

/// Latency or failover records with a health check per region; returns the parameters
/// that carry each region's load balancer address.
fn routing(ctx: &mut Ctx<'_>, dns: &Dns) -> Result<Vec<StackInput>, SynthError> {
    let stage = ctx.stage;
    let mut inputs = Vec::new();
    let (fqdn, zone) = dns::names(dns);
    let https = stage
        .load_balancer
        .as_ref()
        .is_some_and(|lb| lb.certificate_arn.is_some());
    if dns.routing == Routing::Failover && stage.regions.len() > 2 {
        return Err(SynthError::reference(
                "dns.routing",
                "failover routing takes exactly two regions (primary and secondary); use `routing: latency` for more".to_string(),
            ));
    }
    for (index, spec) in stage.regions.iter().enumerate() {
        let key = LogicalId::new([spec.name.as_str()]).to_string();
        let dns_param = format!("LoadBalancerDns{key}");
        let zone_param = format!("LoadBalancerZone{key}");
        for (param, output, what) in [
            (&dns_param, "LoadBalancerDnsName", "DNS name"),
            (&zone_param, "LoadBalancerHostedZoneId", "hosted zone ID"),
        ] {
            ctx.template.parameter(
                &LogicalId::from(param.as_str()),
                Parameter {
                    param_type: "String".to_string(),
                    description: format!(
                        "Load balancer {what} in {} (from the {} stack's {output} output)",
                        spec.name, spec.name
                    ),
                    default: None,
                },
            )?;
            inputs.push(StackInput {
                parameter: param.clone(),
                from_stack: spec.name.clone(),
                output: output.to_string(),
            });
        }
        let check = ctx.add(
            LogicalId::new([key.as_str(), "HealthCheck"]),
            &route53::HealthCheck {
                health_check_config: route53::HealthCheckConfig {
                    fully_qualified_domain_name: Some(r(&dns_param)),
                    resource_path: Some(lit(stage.compute.web.health_check_path.clone())),
                    port: Some(Value::Lit(if https { 443 } else { 80 })),
                    request_interval: Some(Value::Lit(30)),
                    failure_threshold: Some(Value::Lit(3)),
                    check_type: lit(if https { "HTTPS" } else { "HTTP" }),
                },
                health_check_tags: vec![Tag::new(
                    "Name",
                    Value::sub(format!("${{AWS::StackName}}-{}", spec.name)),
                )],
            },
        )?;
        let (region_field, failover) = match dns.routing {
            Routing::Latency | Routing::Simple => (Some(lit(spec.name.clone())), None),
            Routing::Failover => (
                None,
                Some(lit(if index == 0 { "PRIMARY" } else { "SECONDARY" })),
            ),
        };
        ctx.add(
            LogicalId::new([key.as_str(), "Record"]),
            &route53::RecordSet {
                set_identifier: Some(lit(spec.name.clone())),
                region: region_field,
                failover,
                health_check_id: Some(r(&check)),
                alias_target: Some(route53::AliasTarget {
                    dns_name: r(&dns_param),
                    hosted_zone_id: r(&zone_param),
                    evaluate_target_health: Some(Value::Lit(true)),
                }),
                ..route53::RecordSet::new(
                    route53::HostedZone::HostedZoneName(lit(zone.clone())),
                    lit(fqdn.clone()),
                    "A",
                )
            },
        )?;
    }
    ctx.output(
        "SiteUrl",
        "The site's address",
        lit(format!(
            "{}://{}",
            if https { "https" } else { "http" },
            fqdn.trim_end_matches('.')
        )),
    )?;
    Ok(inputs)
}
