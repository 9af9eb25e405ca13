//! Synthesis of the golden paths: snapshots, determinism, references, and what each stage
//! must contain.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use serde_json::Value as J;
use std::collections::BTreeSet;
use support::{builtin_names, json, snapshot_settings, synth_builtin};

/// Every stage's templates, byte for byte. A stage of one stack is snapshotted whole; in a
/// stack graph (stage7's regions), the first stack is whole and each other one is the
/// unified diff of its template against the stack before it, so a reviewer reads what
/// differs between regions instead of thousands of near-identical lines.
#[test]
fn every_stage_matches_its_snapshot() {
    for name in builtin_names() {
        let (_, stacks) = synth_builtin(name);
        let mut previous: Option<(String, String)> = None;
        for stack in &stacks {
            let snapshot = stack.stack_name(name);
            let json = stack.template.to_json();
            let content = match &previous {
                None => json.clone(),
                Some((before_name, before)) => similar::TextDiff::from_lines(before, &json)
                    .unified_diff()
                    .context_radius(2)
                    .header(before_name, &snapshot)
                    .to_string(),
            };
            snapshot_settings().bind(|| insta::assert_snapshot!(snapshot.clone(), content));
            previous = Some((snapshot, json));
        }
    }
}

#[test]
fn synthesis_is_byte_identical_across_runs() {
    for name in builtin_names() {
        let (_, first) = synth_builtin(name);
        let (_, second) = synth_builtin(name);
        let a: Vec<String> = first.iter().map(|s| s.template.to_json()).collect();
        let b: Vec<String> = second.iter().map(|s| s.template.to_json()).collect();
        assert_eq!(a, b, "{name}");
    }
}

/// Every `Ref`, `Fn::GetAtt`, `DependsOn` and `${...}` in `Fn::Sub` names a resource or
/// parameter of the same template, or a pseudo parameter.
fn unresolved(template: &J) -> Vec<String> {
    let mut known: BTreeSet<String> = BTreeSet::new();
    for section in ["Resources", "Parameters"] {
        if let Some(map) = template[section].as_object() {
            known.extend(map.keys().cloned());
        }
    }
    let mut missing = Vec::new();
    let mut check = |name: &str, what: &str| {
        let base = name.split('.').next().unwrap_or(name);
        if !base.starts_with("AWS::") && !known.contains(base) {
            missing.push(format!("{what} {name}"));
        }
    };
    fn walk(value: &J, check: &mut dyn FnMut(&str, &str)) {
        match value {
            J::Object(map) => {
                for (key, inner) in map {
                    match (key.as_str(), inner) {
                        ("Ref", J::String(name)) => check(name, "Ref"),
                        ("Fn::GetAtt", J::Array(parts)) => {
                            if let Some(J::String(name)) = parts.first() {
                                check(name, "GetAtt");
                            }
                        }
                        ("Fn::Sub", sub) => {
                            let (text, vars) = match sub {
                                J::String(s) => (s.as_str(), None),
                                J::Array(parts) => (
                                    parts.first().and_then(J::as_str).unwrap_or(""),
                                    parts.get(1).and_then(J::as_object),
                                ),
                                _ => ("", None),
                            };
                            let mut rest = text;
                            while let Some(start) = rest.find("${") {
                                let after = &rest[start + 2..];
                                let Some(end) = after.find('}') else { break };
                                let name = &after[..end];
                                if !name.starts_with('!')
                                    && vars.is_none_or(|v| !v.contains_key(name))
                                {
                                    check(name, "Sub");
                                }
                                rest = &after[end..];
                            }
                        }
                        _ => {}
                    }
                    walk(inner, check);
                }
            }
            J::Array(items) => items.iter().for_each(|i| walk(i, check)),
            _ => {}
        }
    }
    walk(template, &mut check);
    if let Some(resources) = template["Resources"].as_object() {
        for resource in resources.values() {
            for dep in resource["DependsOn"].as_array().into_iter().flatten() {
                if let Some(dep) = dep.as_str()
                    && !known.contains(dep)
                {
                    missing.push(format!("DependsOn {dep}"));
                }
            }
        }
    }
    missing
}

#[test]
fn every_reference_resolves() {
    for name in builtin_names() {
        let (_, stacks) = synth_builtin(name);
        for stack in &stacks {
            let missing = unresolved(&json(stack));
            assert!(
                missing.is_empty(),
                "{}: {missing:?}",
                stack.stack_name(name)
            );
        }
    }
}

#[test]
fn the_reference_check_catches_a_dangling_reference() {
    let template = serde_json::json!({
        "Resources": {"A": {"Type": "AWS::SNS::Topic", "DependsOn": ["Gone"],
            "Properties": {"X": {"Ref": "Nope"}, "Y": {"Fn::Sub": "${A.Arn}/${Missing}/${!Literal}"}}}}
    });
    assert_eq!(
        unresolved(&template),
        ["Ref Nope", "Sub Missing", "DependsOn Gone"]
    );
}

const STATEFUL: &[&str] = &[
    "AWS::RDS::DBInstance",
    "AWS::DynamoDB::Table",
    "AWS::DynamoDB::GlobalTable",
    "AWS::S3::Bucket",
    "AWS::ElastiCache::ReplicationGroup",
];

#[test]
fn stateful_resources_are_retained_and_no_password_is_emitted() {
    for name in builtin_names() {
        let (_, stacks) = synth_builtin(name);
        for stack in &stacks {
            let text = stack.template.to_json();
            for forbidden in ["\"MasterUserPassword\"", "\"Password\"", "\"AuthToken\""] {
                assert!(!text.contains(forbidden), "{name}: {forbidden}");
            }
            let template = json(stack);
            for (id, resource) in template["Resources"].as_object().into_iter().flatten() {
                let kind = resource["Type"].as_str().unwrap_or_default();
                let replica = !resource["Properties"]["SourceDBInstanceIdentifier"].is_null();
                if STATEFUL.contains(&kind) && !replica {
                    for policy in ["DeletionPolicy", "UpdateReplacePolicy"] {
                        let value = resource[policy].as_str().unwrap_or("missing");
                        assert!(
                            value == "Snapshot" || value == "Retain",
                            "{name} {id} ({kind}) {policy} = {value}"
                        );
                    }
                }
                if replica {
                    // AWS takes no snapshot of a read replica, and a protected replica could
                    // not be removed when a later stage has fewer.
                    for policy in ["DeletionPolicy", "UpdateReplacePolicy"] {
                        assert_eq!(resource[policy], "Delete", "{name} {id} {policy}");
                    }
                    assert!(
                        resource["Properties"]["DeletionProtection"].is_null(),
                        "{name} {id}"
                    );
                }
            }
        }
    }
}

#[test]
fn secure_defaults_hold_everywhere() {
    for name in builtin_names() {
        let (_, stacks) = synth_builtin(name);
        for stack in &stacks {
            let template = json(stack);
            for (id, r) in template["Resources"].as_object().into_iter().flatten() {
                let p = &r["Properties"];
                match r["Type"].as_str().unwrap_or_default() {
                    "AWS::EC2::LaunchTemplate" => {
                        let data = &p["LaunchTemplateData"];
                        assert_eq!(data["MetadataOptions"]["HttpTokens"], "required", "{id}");
                        assert_eq!(
                            data["BlockDeviceMappings"][0]["Ebs"]["Encrypted"], true,
                            "{id}"
                        );
                    }
                    "AWS::EC2::Instance" => {
                        // The single box: IMDSv2, an encrypted root volume that outlives the
                        // instance, no launch template (create-only on an instance).
                        assert_eq!(p["MetadataOptions"]["HttpTokens"], "required", "{id}");
                        let root = &p["BlockDeviceMappings"][0]["Ebs"];
                        assert_eq!(root["Encrypted"], true, "{id}");
                        assert_eq!(root["DeleteOnTermination"], false, "{id}");
                        assert!(p["LaunchTemplate"].is_null(), "{name} {id}");
                    }
                    "AWS::S3::Bucket" => {
                        let block = &p["PublicAccessBlockConfiguration"];
                        for key in [
                            "BlockPublicAcls",
                            "BlockPublicPolicy",
                            "IgnorePublicAcls",
                            "RestrictPublicBuckets",
                        ] {
                            assert_eq!(block[key], true, "{name} {id} {key}");
                        }
                        assert!(p["BucketEncryption"].is_object(), "{id}");
                    }
                    "AWS::RDS::DBInstance" => {
                        if p["SourceDBInstanceIdentifier"].is_null() {
                            assert_eq!(p["StorageEncrypted"], true, "{id}");
                            assert_eq!(p["ManageMasterUserPassword"], true, "{id}");
                        }
                        assert_eq!(p["PubliclyAccessible"], false, "{id}");
                    }
                    "AWS::DynamoDB::Table" => assert_eq!(p["SSESpecification"]["SSEEnabled"], true),
                    "AWS::ElastiCache::ReplicationGroup" => {
                        assert_eq!(p["AtRestEncryptionEnabled"], true);
                        assert_eq!(p["TransitEncryptionEnabled"], true);
                    }
                    "AWS::SQS::Queue" => assert_eq!(p["SqsManagedSseEnabled"], true, "{id}"),
                    "AWS::EC2::SecurityGroup" => {
                        // Only the load balancer and the single public box take traffic
                        // from anywhere, and only on HTTP(S).
                        for rule in p["SecurityGroupIngress"].as_array().into_iter().flatten() {
                            if rule["CidrIp"] == "0.0.0.0/0" {
                                let port = rule["FromPort"].as_i64().unwrap_or(-1);
                                assert!(port == 80 || port == 443, "{name} {id} opens {port}");
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

fn resources_of<'a>(template: &'a J, kind: &str) -> Vec<(&'a String, &'a J)> {
    template["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, r)| r["Type"] == kind)
        .collect()
}

#[test]
fn stage2_has_a_multi_az_load_balancer_fleet_and_database() {
    let (_, stacks) = synth_builtin("stage2");
    let t = json(&stacks[0]);
    let albs = resources_of(&t, "AWS::ElasticLoadBalancingV2::LoadBalancer");
    assert_eq!(albs.len(), 1);
    let zones: BTreeSet<String> = albs[0].1["Properties"]["Subnets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["Ref"].as_str())
        .map(|id| {
            t["Resources"][id]["Properties"]["AvailabilityZone"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert!(zones.len() >= 2, "ALB zones: {zones:?}");
    let asgs = resources_of(&t, "AWS::AutoScaling::AutoScalingGroup");
    assert_eq!(asgs.len(), 1);
    assert_eq!(asgs[0].1["Properties"]["MinSize"], "2");
    let dbs = resources_of(&t, "AWS::RDS::DBInstance");
    assert!(dbs.iter().any(|(_, d)| d["Properties"]["MultiAZ"] == true));
    assert_eq!(resources_of(&t, "AWS::EC2::NatGateway").len(), 2);
}

#[test]
fn stage4_scales_on_targets_with_a_spot_mix() {
    let (_, stacks) = synth_builtin("stage4");
    let t = json(&stacks[0]);
    let policies = resources_of(&t, "AWS::AutoScaling::ScalingPolicy");
    assert!(
        policies
            .iter()
            .any(|(_, p)| p["Properties"]["PolicyType"] == "TargetTrackingScaling")
    );
    let asg = &resources_of(&t, "AWS::AutoScaling::AutoScalingGroup")[0].1["Properties"];
    let mix = &asg["MixedInstancesPolicy"];
    assert!(
        mix["InstancesDistribution"]["OnDemandPercentageAboveBaseCapacity"].as_u64() < Some(100)
    );
    assert!(mix["LaunchTemplate"]["Overrides"].as_array().map(Vec::len) >= Some(2));
    assert!(!resources_of(&t, "AWS::CloudWatch::Alarm").is_empty());
}

#[test]
fn stage5_shards_data_and_adds_nosql_and_tiered_storage() {
    let (_, stacks) = synth_builtin("stage5");
    let t = json(&stacks[0]);
    let primaries: Vec<_> = resources_of(&t, "AWS::RDS::DBInstance")
        .into_iter()
        .filter(|(_, d)| d["Properties"]["SourceDBInstanceIdentifier"].is_null())
        .collect();
    assert!(primaries.len() >= 2);
    // Tables are global tables from the start, with the stack's region as their one
    // replica, so that stage7 only adds replicas.
    let tables = resources_of(&t, "AWS::DynamoDB::GlobalTable");
    assert!(!tables.is_empty());
    for (_, table) in &tables {
        let replicas = table["Properties"]["Replicas"].as_array().unwrap();
        assert_eq!(replicas.len(), 1);
        assert_eq!(replicas[0]["Region"], "us-east-1");
        assert_eq!(
            table["Properties"]["StreamSpecification"]["StreamViewType"],
            "NEW_AND_OLD_IMAGES"
        );
    }
    assert!(resources_of(&t, "AWS::DynamoDB::Table").is_empty());
    let tiered = resources_of(&t, "AWS::S3::Bucket")
        .into_iter()
        .any(|(_, b)| {
            b["Properties"]["LifecycleConfiguration"]["Rules"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|rule| rule["Transitions"][0]["StorageClass"] == "INTELLIGENT_TIERING")
        });
    assert!(tiered);
}

#[test]
fn stage6_runs_services_queues_with_dead_letters_and_topics() {
    let (_, stacks) = synth_builtin("stage6");
    let t = json(&stacks[0]);
    assert!(resources_of(&t, "AWS::ECS::Service").len() >= 2);
    let queues = resources_of(&t, "AWS::SQS::Queue");
    let with_redrive: Vec<_> = queues
        .iter()
        .filter(|(_, q)| q["Properties"]["RedrivePolicy"].is_object())
        .collect();
    assert!(!with_redrive.is_empty());
    for (_, q) in with_redrive {
        let target = q["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
            .as_str()
            .unwrap_or("");
        assert_eq!(t["Resources"][target]["Type"], "AWS::SQS::Queue");
    }
    assert!(!resources_of(&t, "AWS::SNS::Topic").is_empty());
    assert!(!resources_of(&t, "AWS::Lambda::EventSourceMapping").is_empty());
    assert!(!resources_of(&t, "AWS::ServiceDiscovery::Service").is_empty());
}

#[test]
fn stage7_is_one_stack_per_region_the_first_holding_what_they_share() {
    let (_, stacks) = synth_builtin("stage7");
    let regions: BTreeSet<&str> = stacks.iter().map(|s| s.region.as_str()).collect();
    assert_eq!(regions.len(), stacks.len());
    assert!(stacks.len() >= 2);
    // The first region's stack is the graph's own: it keeps the CDN and the tables, with a
    // replica in every region; the others deploy after it.
    let first = json(&stacks[0]);
    assert_eq!(stacks[0].suffix, "");
    assert!(!resources_of(&first, "AWS::CloudFront::Distribution").is_empty());
    for (_, table) in resources_of(&first, "AWS::DynamoDB::GlobalTable") {
        let replicas: BTreeSet<&str> = table["Properties"]["Replicas"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["Region"].as_str())
            .collect();
        assert_eq!(replicas, regions);
    }
    for stack in &stacks[1..] {
        let t = json(stack);
        assert_eq!(stack.depends_on, [String::new()]);
        assert!(resources_of(&t, "AWS::CloudFront::Distribution").is_empty());
        assert!(resources_of(&t, "AWS::DynamoDB::GlobalTable").is_empty());
    }
    // Every region routes to its own load balancer, checked by its own health check, and
    // has a name of its own, where tenants homed there are sent from the other regions.
    let homes = "DB_SHARD_HOMES=0-3:us-east-1:us-east-1.www.example.com,\
                 4-7:eu-west-1:eu-west-1.www.example.com,\
                 8-11:ap-southeast-1:ap-southeast-1.www.example.com";
    for stack in &stacks {
        let t = json(stack);
        assert!(t.to_string().contains(homes), "{}: {homes}", stack.suffix);
        let own = &t["Resources"]["RegionRecord"]["Properties"];
        assert_eq!(own["Name"], format!("{}.www.example.com.", stack.region));
        assert!(own.get("SetIdentifier").is_none());
        let records: Vec<_> = resources_of(&t, "AWS::Route53::RecordSet")
            .into_iter()
            .filter(|(id, _)| id.as_str() == "SiteRecord")
            .collect();
        assert_eq!(records.len(), 1, "{}", stack.suffix);
        let record = &records[0].1["Properties"];
        assert_eq!(record["SetIdentifier"], stack.region.as_str());
        assert_eq!(record["Region"], stack.region.as_str());
        assert_eq!(
            record["HealthCheckId"],
            serde_json::json!({"Ref": "SiteHealthCheck"})
        );
        assert_eq!(
            record["AliasTarget"]["DNSName"],
            serde_json::json!({"Fn::GetAtt": ["LoadBalancer", "DNSName"]})
        );
    }
    // Each regional stack homes its own block of shards.
    let shard_ids: Vec<BTreeSet<String>> = stacks
        .iter()
        .map(|s| {
            s.template
                .resources
                .keys()
                .filter(|k| {
                    (k.starts_with("DatabaseShard") || *k == "Database") && !k.contains("Replica")
                })
                .cloned()
                .collect()
        })
        .collect();
    assert!(shard_ids.iter().all(|ids| !ids.is_empty()));
    let total: usize = shard_ids.iter().map(BTreeSet::len).sum();
    let union: BTreeSet<_> = shard_ids.into_iter().flatten().collect();
    assert_eq!(union.len(), total, "a shard is homed in two regions");
}

/// What the application's role is granted, it is told: every statement of the web role's
/// and the task role's data-access policy has its settings in the web tier's env file and
/// in every container's environment.
#[test]
fn everything_the_application_is_granted_it_is_told() {
    let told_by = |sid: &str| -> &'static [&'static str] {
        match sid {
            "ReadDatabaseSecrets" => &["DB_SECRET_ARN", "DB_HOST", "DB_PORT"],
            "ReadShardMap" => &["DB_SHARD_MAP"],
            "UseTables" => &["TABLE_"],
            "UseBucketObjects" | "ListBuckets" => &["OBJECTS_BUCKET"],
            "SendToQueues" => &["QUEUE_"],
            "PublishToTopics" => &["TOPIC_"],
            other => panic!("a grant no setting tells of: {other}"),
        }
    };
    for name in builtin_names() {
        let (_, stacks) = synth_builtin(name);
        for stack in &stacks {
            let template = json(stack);
            let Some(role) = template["Resources"].get("WebRole") else {
                continue;
            };
            let text = template.to_string();
            let env_file = text
                .split("scalectl-app.env <<'ENV'")
                .nth(1)
                .and_then(|rest| rest.split("\\nENV").next())
                .unwrap_or_default()
                .to_string();
            let containers: Vec<Vec<String>> = resources_of(&template, "AWS::ECS::TaskDefinition")
                .iter()
                .map(|(_, t)| {
                    t["Properties"]["ContainerDefinitions"][0]["Environment"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|e| e["Name"].as_str().map(String::from))
                        .collect()
                })
                .collect();
            let access = role["Properties"]["Policies"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|p| p["PolicyName"] == "app-data-access");
            for statement in access
                .map(|p| p["PolicyDocument"]["Statement"].as_array().unwrap().clone())
                .unwrap_or_default()
            {
                let sid = statement["Sid"].as_str().unwrap();
                for setting in told_by(sid) {
                    assert!(
                        env_file.contains(&format!("\\n{setting}")),
                        "{name} {}: the web tier is granted {sid} but not told {setting}: {env_file}",
                        stack.suffix
                    );
                    for env in &containers {
                        assert!(
                            env.iter().any(|e| e.starts_with(setting)),
                            "{name}: a service is granted {sid} but not told {setting}"
                        );
                    }
                }
            }
        }
    }
}

/// Climbing from rolling services to traffic-shifting ones on the same stack: the services,
/// their rules and their deployment settings update in place (AWS documents
/// `DeploymentConfiguration`, `LoadBalancers` and a rule's `Actions` as no-interruption
/// updates); the alternate target groups, alarms and the traffic role are created; nothing
/// is replaced or removed, and no update-time rule refuses. The scaling targets name the
/// services by `GetAtt ...Name`, which a change set evaluates only at deploy: like
/// CloudFormation's own "conditional" answer, the prediction says they may be replaced (the
/// change set then settles it; neither holds data).
#[test]
fn rolling_services_become_traffic_shifting_in_place() {
    use scalectl::diff::{Impact, compare, update_rules};
    use scalectl::stage::{Rollout, Strategy};
    let (loaded, before) = synth_builtin("stage6");
    let mut stage = loaded.stage.clone();
    stage.compute.services[0].rollout = Rollout {
        strategy: Strategy::Canary,
        ..Rollout::default()
    };
    stage.compute.services[1].rollout = Rollout {
        strategy: Strategy::BlueGreen,
        ..Rollout::default()
    };
    let after = scalectl::synth::synthesize(&stage).unwrap();
    let (old, new) = (json(&before[0]), json(&after[0]));
    let diff = compare(Some(&old), &new);
    let impact = |id: &str| {
        diff.resources
            .iter()
            .find(|r| r.logical_id == id)
            .map(|r| r.impact)
    };
    for id in [
        "OrdersService",
        "CatalogService",
        "OrdersListenerRule",
        "CatalogListenerRule",
    ] {
        assert_eq!(impact(id), Some(Impact::Update), "{id}");
    }
    for id in [
        "OrdersAlternateTargetGroup",
        "CatalogAlternateTargetGroupUnhealthyAlarm",
        "ServiceTrafficRole",
    ] {
        assert_eq!(impact(id), Some(Impact::Create), "{id}");
    }
    let lost: Vec<_> = diff
        .resources
        .iter()
        .filter(|r| !matches!(r.impact, Impact::Update | Impact::Create))
        .filter(|r| {
            !(r.impact == Impact::MayReplace
                && r.resource_type.starts_with("AWS::ApplicationAutoScaling::"))
        })
        .collect();
    assert!(lost.is_empty(), "{lost:?}");
    assert!(diff.resources.iter().all(|r| !r.stateful), "{diff:?}");
    let findings = update_rules::check(Some(&old), &new, &diff);
    assert!(!update_rules::refuses(&findings), "{findings:?}");
}
