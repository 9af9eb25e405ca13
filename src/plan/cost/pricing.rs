//! Pricing one resource: the per-type rules that turn a synthesized resource (and, for
//! usage-priced services, the capacity model's monthly traffic) into a cost line.

use super::{Basis, SECONDS_PER_MONTH};
use crate::capacity::{Load, count, flow};
use crate::catalog::prices::{self, DISCOUNTS, HOURS_PER_MONTH, UNIT_PRICES as P};
use crate::cfn::Resource;
use crate::stage::{Assumptions, Stage};
use crate::synth::StackTemplate;
use serde_json::Value as Json;

/// Monthly usage of one region, from the capacity model.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Usage {
    /// Requests the CDN answers.
    pub(super) cdn_requests: f64,
    /// Dynamic requests reaching the load balancer, a second on average.
    pub(super) dynamic_rps: f64,
    /// Writes into DynamoDB tables, a month.
    pub(super) table_writes: f64,
    /// Reads of DynamoDB tables, a month (as many as writes).
    pub(super) table_reads: f64,
    /// Write requests, a month (each queues messages).
    pub(super) write_requests: f64,
    /// Regions the load splits over.
    pub(super) regions: f64,
}

/// The month's usage from the stage's stated load; none without a `capacity:` section.
pub(super) fn usage(stage: &Stage) -> Option<Usage> {
    let spec = stage.capacity.as_ref()?;
    let a = &spec.assumptions;
    let f = flow(stage, &Load::of(spec), a);
    let mean = a.mean_to_peak.0 * SECONDS_PER_MONTH;
    let write_requests = f.dynamic * (1.0 - a.read_share.0);
    Some(Usage {
        cdn_requests: f.cdn * mean,
        dynamic_rps: f.dynamic * a.mean_to_peak.0,
        table_writes: f.table_writes * mean,
        table_reads: f.table_writes * mean,
        write_requests: write_requests * mean,
        regions: f.regions as f64,
    })
}

/// What pricing one stack needs to know.
pub(super) struct Pricing<'a> {
    pub(super) stage: &'a Stage,
    pub(super) a: &'a Assumptions,
    pub(super) usage: Option<&'a Usage>,
    pub(super) stack: &'a StackTemplate,
    pub(super) unpriced: &'a mut Vec<String>,
}

/// The part of a line its pricer fills in.
pub(super) struct Priced {
    pub(super) detail: String,
    pub(super) basis: Basis,
    pub(super) monthly: f64,
    pub(super) spot_saving: f64,
    pub(super) commitment_saving: f64,
}

impl Priced {
    pub(super) fn new(detail: String, basis: Basis, monthly: f64) -> Self {
        Priced {
            detail,
            basis,
            monthly,
            spot_saving: 0.0,
            commitment_saving: 0.0,
        }
    }
}

/// Resources that are free by themselves.
pub(super) fn is_free(resource: &Resource) -> bool {
    if resource.resource_type == "AWS::Route53::RecordSet" {
        // Alias queries to AWS resources are free.
        return !resource.properties["AliasTarget"].is_null();
    }
    matches!(
        resource.resource_type.as_str(),
        "AWS::EC2::VPC"
            | "AWS::EC2::Subnet"
            | "AWS::EC2::RouteTable"
            | "AWS::EC2::Route"
            | "AWS::EC2::SubnetRouteTableAssociation"
            | "AWS::EC2::InternetGateway"
            | "AWS::EC2::VPCGatewayAttachment"
            | "AWS::EC2::SecurityGroup"
            | "AWS::EC2::SecurityGroupIngress"
            | "AWS::EC2::SecurityGroupEgress"
            | "AWS::EC2::LaunchTemplate"
            | "AWS::IAM::Role"
            | "AWS::IAM::Policy"
            | "AWS::IAM::InstanceProfile"
            | "AWS::S3::BucketPolicy"
            | "AWS::SQS::QueuePolicy"
            | "AWS::SNS::Subscription"
            | "AWS::RDS::DBSubnetGroup"
            | "AWS::ElastiCache::SubnetGroup"
            | "AWS::ElasticLoadBalancingV2::Listener"
            | "AWS::ElasticLoadBalancingV2::ListenerRule"
            | "AWS::ElasticLoadBalancingV2::TargetGroup"
            | "AWS::AutoScaling::ScalingPolicy"
            | "AWS::ApplicationAutoScaling::ScalableTarget"
            | "AWS::ApplicationAutoScaling::ScalingPolicy"
            | "AWS::CloudFront::OriginAccessControl"
            | "AWS::ECS::Cluster"
            | "AWS::ECS::TaskDefinition"
            | "AWS::Lambda::EventSourceMapping"
            | "AWS::ServiceDiscovery::PrivateDnsNamespace"
            | "AWS::SSM::Parameter"
            | "AWS::WAFv2::WebACLAssociation"
            | "AWS::CertificateManager::Certificate"
    )
}

/// A property as a number (CloudFormation numbers are often strings).
fn number(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn money(v: f64) -> String {
    if v >= 1.0 {
        format!("${v:.2}")
    } else {
        // Unit prices: up to ten decimals, no float noise (`$0.052`, `$0.0000166667`).
        let text = format!("{v:.10}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        format!("${text}")
    }
}

/// Price one resource; `None` when it is not priced (and, if it should have been, why is
/// recorded in `unpriced`).
pub(super) fn price(p: &mut Pricing<'_>, id: &str, resource: &Resource) -> Option<Priced> {
    let props = &resource.properties;
    match resource.resource_type.as_str() {
        "AWS::EC2::Instance" => instance(p, id, props),
        "AWS::AutoScaling::AutoScalingGroup" => fleet(p, id, props),
        "AWS::EC2::EIP" => Some(Priced::new(
            format!("public IPv4 address at {}/h", money(P.public_ipv4_hour)),
            Basis::Hourly,
            P.public_ipv4_hour * HOURS_PER_MONTH,
        )),
        "AWS::EC2::NatGateway" => Some(Priced::new(
            format!(
                "NAT gateway at {}/h (+ {}/GB processed, not modelled)",
                money(P.nat_gateway_hour),
                money(P.nat_gateway_gb)
            ),
            Basis::Hourly,
            P.nat_gateway_hour * HOURS_PER_MONTH,
        )),
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => Some(load_balancer(p, props)),
        "AWS::RDS::DBInstance" => database(p, id, props),
        "AWS::ElastiCache::ReplicationGroup" => cache(p, id, props),
        "AWS::DynamoDB::Table" => Some(table(p, 1.0, false)),
        "AWS::DynamoDB::GlobalTable" => {
            // One replica is billed as a table (standard write units).
            let replicas = props["Replicas"].as_array().map_or(1, Vec::len) as f64;
            Some(table(p, replicas, replicas > 1.0))
        }
        "AWS::S3::Bucket" if id == crate::synth::LOG_BUCKET => Some(super::security::log_bucket(p)),
        "AWS::S3::Bucket" => Some(bucket(p, id)),
        "AWS::WAFv2::WebACL" => Some(super::security::web_acl(p, props)),
        "AWS::EC2::FlowLog" => Some(super::security::flow_log()),
        "AWS::CloudFront::Distribution" => Some(distribution(p)),
        "AWS::ECS::Service" => service(p, id, props),
        "AWS::Lambda::Function" => Some(function(p, id, props)),
        "AWS::SQS::Queue" => Some(queue(p, id)),
        "AWS::SNS::Topic" => Some(topic(p, id)),
        "AWS::Route53::RecordSet" => record(props),
        "AWS::Route53::HealthCheck" => Some(Priced::new(
            "health check of an AWS endpoint".to_string(),
            Basis::Monthly,
            P.route53_health_check_aws_endpoint_month,
        )),
        "AWS::CloudWatch::Alarm" => Some(Priced::new(
            "standard-resolution alarm".to_string(),
            Basis::Monthly,
            P.cloudwatch_alarm_month,
        )),
        "AWS::Logs::LogGroup" => Some(Priced::new(
            format!(
                "log group (+ {}/GB ingested, not modelled)",
                money(P.cloudwatch_logs_ingest_gb)
            ),
            Basis::Usage,
            0.0,
        )),
        "AWS::ServiceDiscovery::Service" => {
            let tasks = p
                .stage
                .compute
                .services
                .iter()
                .find(|s| id == logical_id(&s.name, "Discovery"))
                .map_or(1, |s| s.desired);
            Some(Priced::new(
                format!("{tasks} registered instances"),
                Basis::Monthly,
                f64::from(tasks) * P.cloud_map_instance_month,
            ))
        }
        "AWS::KMS::Key" => Some(Priced::new(
            "customer managed key".to_string(),
            Basis::Monthly,
            P.kms_key_month,
        )),
        other => {
            p.unpriced.push(format!(
                "{}{id} ({other}): not in the price table",
                if p.stack.suffix.is_empty() {
                    String::new()
                } else {
                    format!("[{}] ", p.stack.suffix)
                }
            ));
            None
        }
    }
}

/// The logical ID synthesis gives a named part (`order-worker` + `Function`).
fn logical_id(name: &str, suffix: &str) -> String {
    crate::cfn::LogicalId::new([name, suffix])
        .as_str()
        .to_string()
}

fn unknown(p: &mut Pricing<'_>, id: &str, what: &str) -> Option<Priced> {
    p.unpriced
        .push(format!("{id}: {what} is not in the price table"));
    None
}

/// EBS root volume GB from block device mappings.
fn volume_gb(mappings: &Json) -> f64 {
    mappings
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| number(&m["Ebs"]["VolumeSize"]))
        .sum()
}

/// The launch template data an instance or Auto Scaling group refers to.
fn launch_template(stack: &StackTemplate, props: &Json) -> Json {
    let id = props["MixedInstancesPolicy"]["LaunchTemplate"]["LaunchTemplateSpecification"]
        ["LaunchTemplateId"]["Ref"]
        .as_str()
        .or_else(|| props["LaunchTemplate"]["LaunchTemplateId"]["Ref"].as_str())
        .unwrap_or_default();
    stack
        .template
        .resources
        .get(id)
        .map(|r| r.properties["LaunchTemplateData"].clone())
        .unwrap_or(Json::Null)
}

fn instance(p: &mut Pricing<'_>, id: &str, props: &Json) -> Option<Priced> {
    let data = launch_template(p.stack, props);
    let t = props["InstanceType"]
        .as_str()
        .or_else(|| data["InstanceType"].as_str())
        .unwrap_or_default()
        .to_string();
    let Some(hourly) = prices::ec2_hourly(&t) else {
        return unknown(p, id, &format!("instance type `{t}`"));
    };
    let gb = volume_gb(&props["BlockDeviceMappings"]) + volume_gb(&data["BlockDeviceMappings"]);
    let compute = hourly * HOURS_PER_MONTH;
    let mut priced = Priced::new(
        format!("1 x {t} at {}/h + {} GB gp3", money(hourly), count(gb)),
        Basis::Hourly,
        compute + gb * P.ebs_gp3_gb_month,
    );
    priced.commitment_saving = compute * DISCOUNTS.compute_savings_plan;
    Some(priced)
}

fn fleet(p: &mut Pricing<'_>, id: &str, props: &Json) -> Option<Priced> {
    let data = launch_template(p.stack, props);
    let t = data["InstanceType"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let Some(hourly) = prices::ec2_hourly(&t) else {
        return unknown(p, id, &format!("instance type `{t}`"));
    };
    let min = number(&props["MinSize"]).unwrap_or(0.0);
    let max = number(&props["MaxSize"]).unwrap_or(min);
    let desired = number(&props["DesiredCapacity"]).unwrap_or(min);
    let scales = p.stage.compute.web.scaling.is_some() && max > desired;
    let average = if scales {
        (desired + (max - desired) * p.a.mean_to_peak.0).ceil()
    } else {
        desired
    };
    let gb = volume_gb(&data["BlockDeviceMappings"]);
    let distribution = &props["MixedInstancesPolicy"]["InstancesDistribution"];
    let base = number(&distribution["OnDemandBaseCapacity"]).unwrap_or(average);
    let above = number(&distribution["OnDemandPercentageAboveBaseCapacity"]).unwrap_or(100.0);
    let spot = if distribution.is_null() {
        0.0
    } else {
        ((average - base).max(0.0) * (1.0 - above / 100.0)).floor()
    };
    let compute = average * hourly * HOURS_PER_MONTH;
    let how = if scales {
        format!(
            "{} x {t} on average ({} + {} of the {}-instance scaling range)",
            count(average),
            count(desired),
            p.a.mean_to_peak,
            count(max - desired)
        )
    } else {
        format!("{} x {t}", count(average))
    };
    let mut priced = Priced::new(
        format!("{how} at {}/h + {} GB gp3 each", money(hourly), count(gb)),
        Basis::Hourly,
        compute + average * gb * P.ebs_gp3_gb_month,
    );
    priced.spot_saving = spot * hourly * HOURS_PER_MONTH * DISCOUNTS.spot_ec2;
    // A Savings Plan covers the On-Demand part only.
    priced.commitment_saving =
        (average - spot) * hourly * HOURS_PER_MONTH * DISCOUNTS.compute_savings_plan;
    if spot > 0.0 {
        priced
            .detail
            .push_str(&format!("; {} of them Spot", count(spot)));
    }
    Some(priced)
}

fn load_balancer(p: &Pricing<'_>, props: &Json) -> Priced {
    let zones = props["Subnets"].as_array().map_or(2, Vec::len) as f64;
    let ips = zones * P.public_ipv4_hour * HOURS_PER_MONTH;
    let fixed = P.alb_hour * HOURS_PER_MONTH;
    let (lcu, lcu_text) = match p.usage {
        Some(u) => {
            let rps = u.dynamic_rps;
            let by_bytes = rps * p.a.dynamic_response_kb * 3600.0 / 1e6;
            let by_connections = rps / 10.0 / 25.0;
            let lcus = by_bytes.max(by_connections);
            (
                lcus * P.alb_lcu_hour * HOURS_PER_MONTH,
                format!(
                    " + {} LCU on average at {}/LCU-h",
                    count(lcus),
                    money(P.alb_lcu_hour)
                ),
            )
        }
        None => (0.0, String::new()),
    };
    Priced::new(
        format!(
            "load balancer at {}/h{lcu_text} + {} public IPv4 addresses",
            money(P.alb_hour),
            count(zones)
        ),
        if p.usage.is_some() {
            Basis::Usage
        } else {
            Basis::Hourly
        },
        fixed + lcu + ips,
    )
}

fn database(p: &mut Pricing<'_>, id: &str, props: &Json) -> Option<Priced> {
    let class = props["DBInstanceClass"].as_str().unwrap_or_default();
    let db = p.stage.data.database.as_ref();
    let engine = props["Engine"]
        .as_str()
        .map(str::to_string)
        .or_else(|| db.map(|d| d.engine.cfn_name().to_string()))
        .unwrap_or_default();
    let Some(hourly) = prices::rds_hourly(&engine, class) else {
        return unknown(p, id, &format!("RDS class `{class}` ({engine})"));
    };
    let replica = !props["SourceDBInstanceIdentifier"].is_null();
    let multi = props["MultiAZ"].as_bool().unwrap_or(false);
    let copies = if multi { 2.0 } else { 1.0 };
    let gb = number(&props["AllocatedStorage"])
        .or_else(|| db.map(|d| f64::from(d.storage_gb)))
        .unwrap_or(0.0);
    let compute = hourly * copies * HOURS_PER_MONTH;
    let storage = gb * copies * P.rds_gp3_gb_month;
    let secret = if props["ManageMasterUserPassword"].as_bool() == Some(true) {
        P.secrets_manager_secret_month
    } else {
        0.0
    };
    let mut priced = Priced::new(
        format!(
            "{}{class} {engine} at {}/h{} + {} GB gp3{}",
            if replica { "read replica, " } else { "" },
            money(hourly),
            if multi { " x 2 (Multi-AZ)" } else { "" },
            count(gb),
            if secret > 0.0 {
                " + master password secret"
            } else {
                ""
            }
        ),
        Basis::Hourly,
        compute + storage + secret,
    );
    priced.commitment_saving = compute * DISCOUNTS.rds_reserved;
    Some(priced)
}

fn cache(p: &mut Pricing<'_>, id: &str, props: &Json) -> Option<Priced> {
    let node = props["CacheNodeType"].as_str().unwrap_or_default();
    let engine = props["Engine"]
        .as_str()
        .unwrap_or("redis")
        .to_ascii_lowercase();
    let Some(hourly) = prices::cache_node_hourly(&engine, node) else {
        return unknown(p, id, &format!("cache node type `{node}` ({engine})"));
    };
    let nodes = match number(&props["NumNodeGroups"]) {
        Some(groups) => groups * (1.0 + number(&props["ReplicasPerNodeGroup"]).unwrap_or(0.0)),
        None => number(&props["NumCacheClusters"]).unwrap_or(1.0),
    };
    let compute = nodes * hourly * HOURS_PER_MONTH;
    let mut priced = Priced::new(
        format!(
            "{} x {node} ({engine}) at {}/h",
            count(nodes),
            money(hourly)
        ),
        Basis::Hourly,
        compute,
    );
    priced.commitment_saving = compute * DISCOUNTS.cache_reserved;
    Some(priced)
}

fn table(p: &Pricing<'_>, replicas: f64, global: bool) -> Priced {
    let tables = p.stage.data.tables.len().max(1) as f64;
    let storage = p.a.table_storage_gb * replicas * P.dynamodb_storage_gb_month;
    let Some(u) = p.usage else {
        return Priced::new(
            format!(
                "on-demand; {} GB stored{}",
                count(p.a.table_storage_gb),
                if global {
                    format!(" in each of {} regions", count(replicas))
                } else {
                    String::new()
                }
            ),
            Basis::Usage,
            storage,
        );
    };
    // A regional table serves its region's share; a global table takes every region's.
    let share = if global { u.regions } else { 1.0 };
    let writes = u.table_writes * share / tables;
    let reads = u.table_reads * share / tables;
    let write_cost = if global {
        writes * replicas * P.dynamodb_replicated_write_unit_million / 1e6
    } else {
        writes * P.dynamodb_write_request_unit_million / 1e6
    };
    let read_cost = reads * P.dynamodb_read_request_unit_million / 1e6;
    Priced::new(
        format!(
            "on-demand: {}M writes{} + {}M reads + {} GB stored{}",
            count(writes / 1e6),
            if global {
                format!(" replicated to {} regions", count(replicas))
            } else {
                String::new()
            },
            count(reads / 1e6),
            count(p.a.table_storage_gb),
            if global { " per region" } else { "" }
        ),
        Basis::Usage,
        write_cost + read_cost + storage,
    )
}

fn bucket(p: &Pricing<'_>, id: &str) -> Priced {
    if id.starts_with("Static") {
        return Priced::new(
            "static assets, 1 GB assumed (requests come through the CDN)".to_string(),
            Basis::Usage,
            P.s3_standard_gb_month,
        );
    }
    let tiering = p
        .stage
        .data
        .objects
        .as_ref()
        .is_some_and(|o| o.intelligent_tiering);
    let gb = p.a.object_storage_gb;
    let rate = if tiering {
        P.s3_intelligent_tiering_gb_month
    } else {
        P.s3_standard_gb_month
    };
    Priced::new(
        format!(
            "{} GB in {} at {}/GB-month",
            count(gb),
            if tiering {
                "Intelligent-Tiering (frequent tier; colder tiers cost less)"
            } else {
                "S3 Standard"
            },
            money(rate)
        ),
        Basis::Usage,
        gb * rate,
    )
}

fn distribution(p: &Pricing<'_>) -> Priced {
    let Some(u) = p.usage else {
        return Priced::new(
            "requests and data out, by usage".to_string(),
            Basis::Usage,
            0.0,
        );
    };
    let requests = u.cdn_requests * u.regions;
    let gb = requests * p.a.static_response_kb / 1e6;
    let out = prices::tiered(gb, prices::CLOUDFRONT_GB_OUT_TIERS);
    Priced::new(
        format!(
            "{}M HTTPS requests + {} GB out ({} KB each) at {}",
            count(requests / 1e6),
            count(gb),
            count(p.a.static_response_kb),
            per_gb(gb, prices::CLOUDFRONT_GB_OUT_TIERS)
        ),
        Basis::Usage,
        requests / 10_000.0 * P.cloudfront_https_per_10000 + out,
    )
}

/// The rate of `gb` through `tiers`: `$0.085/GB` within the first tier, else the average,
/// `$0.0484/GB on average (tiered)`.
pub(super) fn per_gb(gb: f64, tiers: &[prices::Tier]) -> String {
    let first = tiers.first().map_or(0.0, |t| t.1);
    if gb <= tiers.first().map_or(f64::INFINITY, |t| t.0) {
        return format!("{}/GB", money(first));
    }
    let average = (prices::tiered(gb, tiers) / gb * 10_000.0).round() / 10_000.0;
    format!("{}/GB on average (tiered)", money(average))
}

fn service(p: &mut Pricing<'_>, id: &str, props: &Json) -> Option<Priced> {
    let task_id = props["TaskDefinition"]["Ref"].as_str().unwrap_or_default();
    let Some(task) = p.stack.template.resources.get(task_id) else {
        return unknown(p, id, "its task definition");
    };
    let cpu = number(&task.properties["Cpu"]).unwrap_or(0.0) / 1024.0;
    let gb = number(&task.properties["Memory"]).unwrap_or(0.0) / 1024.0;
    let tasks = number(&props["DesiredCount"]).unwrap_or(1.0);
    let arm = task.properties["RuntimePlatform"]["CpuArchitecture"].as_str() == Some("ARM64");
    let factor = if arm { P.fargate_arm_factor } else { 1.0 };
    let hourly = (cpu * P.fargate_vcpu_hour + gb * P.fargate_gb_hour) * factor;
    let compute = tasks * hourly * HOURS_PER_MONTH;
    let mut priced = Priced::new(
        format!(
            "{} Fargate tasks x ({} vCPU + {} GB) at {}/h each",
            count(tasks),
            count(cpu),
            count(gb),
            money(hourly)
        ),
        Basis::Hourly,
        compute,
    );
    priced.commitment_saving = compute * DISCOUNTS.compute_savings_plan_fargate;
    Some(priced)
}

/// Messages a month per region reaching one queue (fan-out counted).
fn queue_messages(p: &Pricing<'_>, queue: &str) -> f64 {
    let Some(u) = p.usage else { return 0.0 };
    let Some(m) = &p.stage.messaging else {
        return 0.0;
    };
    let published = u.write_requests * p.a.messages_per_write;
    if m.topics.is_empty() {
        return published / m.queues.len().max(1) as f64;
    }
    let per_topic = published / m.topics.len() as f64;
    let subscribed = m
        .topics
        .iter()
        .filter(|t| t.subscribers.iter().any(|s| s == queue))
        .count() as f64;
    per_topic * subscribed
}

fn stage_name_of(id: &str, suffix: &str, names: impl Iterator<Item = String>) -> Option<String> {
    names.into_iter().find(|n| id == logical_id(n, suffix))
}

fn function(p: &Pricing<'_>, id: &str, props: &Json) -> Priced {
    let memory_gb = number(&props["MemorySize"]).unwrap_or(128.0) / 1024.0;
    let worker = p.stage.messaging.as_ref().and_then(|m| {
        let name = stage_name_of(id, "Function", m.workers.iter().map(|w| w.name.clone()))?;
        m.workers.iter().find(|w| w.name == name)
    });
    let (messages, batch) = match worker {
        Some(w) => (queue_messages(p, &w.queue), f64::from(w.batch_size.max(1))),
        None => (0.0, 1.0),
    };
    let invocations = messages / batch;
    let gb_seconds = invocations * p.a.worker_batch_seconds * memory_gb;
    let mut priced = Priced::new(
        format!(
            "{}M invocations (batches of {}) x {} s x {} GB",
            count(invocations / 1e6),
            count(batch),
            count(p.a.worker_batch_seconds),
            count(memory_gb)
        ),
        Basis::Usage,
        invocations / 1e6 * P.lambda_request_million + gb_seconds * P.lambda_gb_second,
    );
    priced.commitment_saving =
        gb_seconds * P.lambda_gb_second * DISCOUNTS.compute_savings_plan_lambda;
    priced
}

fn queue(p: &Pricing<'_>, id: &str) -> Priced {
    let name = p
        .stage
        .messaging
        .as_ref()
        .and_then(|m| stage_name_of(id, "Queue", m.queues.iter().map(|q| q.name.clone())));
    let messages = name.map_or(0.0, |n| queue_messages(p, &n));
    // Send, receive and delete: three requests a message.
    let requests = messages * 3.0;
    Priced::new(
        format!(
            "{}M requests (send, receive, delete per message)",
            count(requests / 1e6)
        ),
        Basis::Usage,
        requests / 1e6 * P.sqs_request_million,
    )
}

fn topic(p: &Pricing<'_>, id: &str) -> Priced {
    let topics = p
        .stage
        .messaging
        .as_ref()
        .map_or(0, |m| m.topics.len())
        .max(1) as f64;
    let alarm = id.starts_with("Alarm");
    let publishes = match p.usage {
        Some(u) if !alarm => u.write_requests * p.a.messages_per_write / topics,
        _ => 0.0,
    };
    Priced::new(
        if alarm {
            "alarm notifications (within the free tier)".to_string()
        } else {
            format!("{}M publishes", count(publishes / 1e6))
        },
        Basis::Usage,
        publishes / 1e6 * P.sns_publish_million,
    )
}

fn record(props: &Json) -> Option<Priced> {
    let latency = !props["Region"].is_null();
    Some(Priced::new(
        format!(
            "{} DNS queries by usage (not modelled)",
            if latency { "latency" } else { "standard" }
        ),
        Basis::Usage,
        0.0,
    ))
}
