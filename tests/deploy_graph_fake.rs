//! A stack graph with one region failing, against scripted fakes of `DeployApi` (one per
//! region) fed the event sequence AWS emits for a create that rolls back: with
//! `--on-failure halt` nothing new starts, with `continue` every stack not downstream of the
//! failed region still deploys; the global stack, which reads every region's outputs, is
//! skipped either way; when all regions succeed it gets their outputs as parameters.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly

#[path = "support/fake_cfn.rs"]
mod fake_cfn;

use fake_cfn::{FakeCfn, Recorder, Script, ev, run, stack_ev, step};
use scalectl::deploy::graph::{GraphOptions, GraphStack, StackFailure, deploy_graph};
use scalectl::deploy::status::StackStatus::*;
use scalectl::deploy::walk::{OnFailure, Turn};
use scalectl::deploy::watch::Polling;
use scalectl::deploy::{Approval, DeployError};
use scalectl::synth::StackInput;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-southeast-1"];
const VPC: &str = "AWS::EC2::VPC";
const VPC_LIMIT: &str = "Resource handler returned message: \"The maximum number of VPCs has been reached. (Service: Ec2, Status Code: 400, Request ID: 8c1f2e3d-4a5b-4c6d-8e7f-9a0b1c2d3e4f)\" (RequestToken: 2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e, HandlerErrorCode: ServiceLimitExceeded)";
const VPC_FAILED: &str =
    "The following resource(s) failed to create: [Vpc]. Rollback requested by user.";

/// A regional stack: one VPC, and the load balancer address the global stack reads.
fn regional(region: &str) -> GraphStack {
    GraphStack {
        name: format!("s7-{region}"),
        suffix: region.to_string(),
        region: region.to_string(),
        template: json!({
            "Resources": {"Vpc": {"Type": VPC, "Properties": {"CidrBlock": "10.0.0.0/16"}}},
            "Outputs": {"LoadBalancerDnsName": {"Value": "lb"}}
        })
        .to_string(),
        inputs: Vec::new(),
        pins: Vec::new(),
        zones: Vec::new(),
        uploads: Vec::new(),
        tags: Vec::new(),
    }
}

/// The global stack, in the first region, fed every region's load balancer address.
fn global() -> GraphStack {
    GraphStack {
        name: "s7-global".to_string(),
        suffix: "global".to_string(),
        region: REGIONS[0].to_string(),
        template: json!({
            "Parameters": {"LbUsEast1": {"Type": "String"}, "LbEuWest1": {"Type": "String"}, "LbApSoutheast1": {"Type": "String"}},
            "Resources": {"Check": {"Type": "AWS::Route53::HealthCheck", "Properties": {}}}
        })
        .to_string(),
        inputs: REGIONS
            .iter()
            .zip(["LbUsEast1", "LbEuWest1", "LbApSoutheast1"])
            .map(|(region, parameter)| StackInput {
                parameter: parameter.to_string(),
                from_stack: region.to_string(),
                output: "LoadBalancerDnsName".to_string(),
            })
            .collect(),
        pins: Vec::new(),
        zones: Vec::new(),
        uploads: Vec::new(),
        tags: Vec::new(),
    }
}

fn graph() -> (Vec<GraphStack>, Vec<Vec<usize>>) {
    let mut stacks: Vec<GraphStack> = REGIONS.iter().map(|r| regional(r)).collect();
    stacks.push(global());
    (stacks, vec![vec![], vec![], vec![], vec![0, 1, 2]])
}

/// A create that completes, with the stack reporting `lb_dns` as its output.
fn created(lb_dns: &str) -> Script {
    Script::new(vec![
        step(
            CreateInProgress,
            vec![
                stack_ev("CREATE_IN_PROGRESS").because("User Initiated"),
                ev("Vpc", VPC, "CREATE_IN_PROGRESS"),
            ],
        ),
        step(
            CreateComplete,
            vec![
                ev("Vpc", VPC, "CREATE_COMPLETE"),
                stack_ev("CREATE_COMPLETE"),
            ],
        ),
    ])
    .with_outputs(&[("LoadBalancerDnsName", lb_dns)])
}

/// A create whose VPC hits the account's limit: the stack rolls back to ROLLBACK_COMPLETE.
fn rolled_back() -> Script {
    Script::new(vec![
        step(
            CreateInProgress,
            vec![
                stack_ev("CREATE_IN_PROGRESS").because("User Initiated"),
                ev("Vpc", VPC, "CREATE_IN_PROGRESS"),
            ],
        ),
        step(
            RollbackInProgress,
            vec![
                ev("Vpc", VPC, "CREATE_FAILED").because(VPC_LIMIT),
                stack_ev("ROLLBACK_IN_PROGRESS").because(VPC_FAILED),
            ],
        ),
        step(
            RollbackComplete,
            vec![
                ev("Vpc", VPC, "DELETE_COMPLETE"),
                stack_ev("ROLLBACK_COMPLETE"),
            ],
        ),
    ])
}

/// One fake per region; `failing` rolls back, the others succeed (the first region's fake
/// also serves the global stack, whose create completes).
fn fakes(failing: Option<&str>) -> BTreeMap<String, FakeCfn> {
    REGIONS
        .iter()
        .map(|region| {
            let fake = FakeCfn::new();
            if Some(*region) == failing {
                fake.on_execute(rolled_back());
            } else {
                fake.on_execute(created(&format!("lb.{region}.example")));
            }
            if *region == REGIONS[0] {
                fake.on_execute(created("unused"));
            }
            (region.to_string(), fake)
        })
        .collect()
}

fn options(concurrency: usize, on_failure: OnFailure) -> GraphOptions {
    GraphOptions {
        concurrency,
        on_failure,
        allow_replace: BTreeSet::new(),
        approval: Approval::Given,
        disable_rollback: false,
        wait_for_busy: Duration::from_secs(600),
        polling: Polling {
            first: Duration::from_secs(1),
            max: Duration::from_secs(10),
            limit: Duration::from_secs(3600),
        },
        refresh_images: false,
    }
}

fn deploy(
    fakes: &BTreeMap<String, FakeCfn>,
    concurrency: usize,
    on_failure: OnFailure,
) -> Vec<Turn<scalectl::deploy::flow::Deployed, StackFailure>> {
    let (stacks, deps) = graph();
    run(deploy_graph(
        &stacks,
        &deps,
        fakes,
        &options(concurrency, on_failure),
        |_| Recorder::default(),
    ))
}

/// Names of the stacks a fake was asked to create change sets for.
fn asked(fake: &FakeCfn) -> Vec<String> {
    fake.change_set_requests()
        .into_iter()
        .map(|r| r.stack_name)
        .collect()
}

#[track_caller]
fn assert_rolled_back(turn: &Turn<scalectl::deploy::flow::Deployed, StackFailure>) {
    match turn {
        Turn::Failed(StackFailure::Deploy(boxed)) => match boxed.as_ref() {
            DeployError::Failed {
                stack,
                status,
                root_cause,
                ..
            } => {
                assert_eq!(stack, "s7-eu-west-1");
                assert_eq!(*status, RollbackComplete);
                let root = root_cause.as_ref().expect("a root cause");
                assert_eq!(
                    (root.logical_id.as_str(), root.status.as_str()),
                    ("Vpc", "CREATE_FAILED")
                );
                assert_eq!(root.reason.as_deref(), Some(VPC_LIMIT));
            }
            other => panic!("expected a rollback, got {other:?}"),
        },
        other => panic!("expected eu-west-1 to roll back, got {other:?}"),
    }
}

#[test]
fn halt_starts_nothing_after_a_region_fails() {
    let fakes = fakes(Some("eu-west-1"));
    // One at a time, in graph order: us-east-1, then eu-west-1 fails.
    let turns = deploy(&fakes, 1, OnFailure::Halt);
    assert!(turns[0].is_done(), "{:?}", turns[0]);
    assert_rolled_back(&turns[1]);
    assert!(matches!(turns[2], Turn::NotStarted), "{:?}", turns[2]);
    assert!(
        matches!(turns[3], Turn::Skipped { because: 1 }),
        "{:?}",
        turns[3]
    );
    assert_eq!(
        asked(&fakes["us-east-1"]),
        ["s7-us-east-1"],
        "no global stack"
    );
    assert!(
        asked(&fakes["ap-southeast-1"]).is_empty(),
        "ap-southeast-1 never started"
    );
}

#[test]
fn halt_lets_regions_already_in_flight_finish() {
    let fakes = fakes(Some("eu-west-1"));
    let turns = deploy(&fakes, 3, OnFailure::Halt);
    assert!(turns[0].is_done() && turns[2].is_done(), "{turns:?}");
    assert_rolled_back(&turns[1]);
    assert!(
        matches!(turns[3], Turn::Skipped { because: 1 }),
        "{:?}",
        turns[3]
    );
    assert_eq!(asked(&fakes["us-east-1"]), ["s7-us-east-1"]);
}

#[test]
fn continue_deploys_every_region_not_downstream_of_the_failure() {
    let fakes = fakes(Some("eu-west-1"));
    let turns = deploy(&fakes, 1, OnFailure::Continue);
    assert!(turns[0].is_done(), "{:?}", turns[0]);
    assert_rolled_back(&turns[1]);
    assert!(
        turns[2].is_done(),
        "ap-southeast-1 still deploys: {:?}",
        turns[2]
    );
    assert!(
        matches!(turns[3], Turn::Skipped { because: 1 }),
        "{:?}",
        turns[3]
    );
    assert_eq!(asked(&fakes["ap-southeast-1"]), ["s7-ap-southeast-1"]);
    assert_eq!(
        asked(&fakes["us-east-1"]),
        ["s7-us-east-1"],
        "no global stack"
    );
}

#[test]
fn the_global_stack_gets_every_regions_outputs_as_parameters() {
    let fakes = fakes(None);
    let turns = deploy(&fakes, 3, OnFailure::Halt);
    assert!(turns.iter().all(Turn::is_done), "{turns:?}");
    let requests = fakes["us-east-1"].change_set_requests();
    let global = requests
        .iter()
        .find(|r| r.stack_name == "s7-global")
        .expect("the global stack's change set");
    assert_eq!(
        global.parameters,
        [
            ("LbUsEast1".to_string(), "lb.us-east-1.example".to_string()),
            ("LbEuWest1".to_string(), "lb.eu-west-1.example".to_string()),
            (
                "LbApSoutheast1".to_string(),
                "lb.ap-southeast-1.example".to_string()
            ),
        ]
    );
}
