//! The deploy flow's failure, rollback and refusal paths (DESIGN.md §4), played against a
//! scripted fake of `DeployApi` fed event sequences as CloudFormation emits them (§5).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly

#[path = "support/fake_cfn.rs"]
mod fake_cfn;

use fake_cfn::{
    Asked, Call, Ev, FakeCfn, Recorder, Script, change, ev, failed, ready, run, stack_ev, step,
};
use scalectl::deploy::api::{ChangeSetKind, TemplateSource};
use scalectl::deploy::flow::{Deployed, Request, deploy};
use scalectl::deploy::manage::{self, Destroyed, RollbackAction};
use scalectl::deploy::naming::change_set_name;
use scalectl::deploy::status::StackStatus::{self, *};
use scalectl::deploy::watch::Polling;
use scalectl::deploy::{Approval, DeployError};
use scalectl::diff::{ChangeAction, ChangeSetChange, ChangeSetReplacement, Impact, Source};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::Duration;

const STACK: &str = "shop";
const POLLING: Polling = Polling {
    first: Duration::from_secs(1),
    max: Duration::from_secs(10),
    limit: Duration::from_secs(60 * 60),
};

const VPC: &str = "AWS::EC2::VPC";
const BUCKET: &str = "AWS::S3::Bucket";
const QUEUE: &str = "AWS::SQS::Queue";
const DB: &str = "AWS::RDS::DBInstance";
/// The template's resources, in creation order.
const RESOURCES: &[(&str, &str)] = &[
    ("Vpc", VPC),
    ("Bucket", BUCKET),
    ("Queue", QUEUE),
    ("Db", DB),
];

const DB_CLASS_UNAVAILABLE: &str = "Resource handler returned message: \"DB instance class not available in zone\" (RequestToken: 5f3c2a9e-8b1d-4e6f-a0c7-2d9e4b1f6a83, HandlerErrorCode: InvalidRequest)";
const DB_CLASS_INVALID: &str = "Resource handler returned message: \"RDS does not support creating a DB instance with the following combination: DBInstanceClass=db.x9.huge, Engine=postgres, EngineVersion=16.4, LicenseModel=postgresql-license. For supported combinations of instance class and database engine version, see the documentation. (Service: Rds, Status Code: 400, Request ID: 0c1f6a2b-7d3e-4c55-9a8b-1e2f3a4b5c6d)\" (RequestToken: 8e1d0c2b-3a4f-4b6c-9d7e-0f1a2b3c4d5e, HandlerErrorCode: InvalidRequest)";
const QUEUE_TIMEOUT_INVALID: &str = "Resource handler returned message: \"Invalid value for the parameter VisibilityTimeout. (Service: Sqs, Status Code: 400, Request ID: 6b7c8d9e-0f1a-5b2c-8d3e-4f5a6b7c8d9e)\" (RequestToken: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d, HandlerErrorCode: InvalidRequest)";
const DB_ROLLBACK_FAILED: &str = "Resource handler returned message: \"Cannot modify DB instance class of shop-db: the instance is in storage-optimization state (Service: Rds, Status Code: 400, Request ID: 2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a)\" (RequestToken: 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a, HandlerErrorCode: InvalidRequest)";
const DB_PROTECTED: &str = "Resource handler returned message: \"Cannot delete protected DB Instance, please disable deletion protection and try again. (Service: Rds, Status Code: 400, Request ID: 3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7)\" (RequestToken: 4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f, HandlerErrorCode: InvalidRequest)";
const QUEUE_EXISTS: &str = "Resource handler returned message: \"Resource of type 'AWS::SQS::Queue' with identifier 'shop-jobs' already exists.\" (RequestToken: 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d, HandlerErrorCode: AlreadyExists)";
const CANCELLED: &str = "Resource creation cancelled";
const DB_QUEUE_FAILED: &str =
    "The following resource(s) failed to create: [Db, Queue]. Rollback requested by user.";
const ALL_FAILED: &str = "The following resource(s) failed to create: [Bucket, Db, Queue, Vpc]. Rollback requested by user.";
const NO_CHANGES: &str = "The submitted information didn't contain changes. Submit different information to create a change set.";

// ---------------------------------------------------------------------------------------------
// Templates and requests

/// A small stack: a VPC, a retained bucket, a queue and a database kept as a snapshot.
fn template() -> Value {
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "shop (scalectl)",
        "Resources": {
            "Vpc": {"Type": VPC, "Properties": {"CidrBlock": "10.0.0.0/16", "EnableDnsSupport": true, "EnableDnsHostnames": true}},
            "Bucket": {"Type": BUCKET, "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain", "Properties": {
                "PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true}
            }},
            "Queue": {"Type": QUEUE, "Properties": {"VisibilityTimeout": 30}},
            "Db": {"Type": DB, "DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "Snapshot", "Properties": {
                "DBInstanceIdentifier": "shop-db",
                "Engine": "postgres",
                "DBInstanceClass": "db.t3.micro",
                "AllocatedStorage": "20",
                "MasterUsername": "shop",
                "ManageMasterUserPassword": true,
                "StorageEncrypted": true
            }}
        },
        "Outputs": {"VpcId": {"Value": {"Ref": "Vpc"}}}
    })
}

/// [`template`] with the values at these JSON pointers replaced.
fn changed(edits: &[(&str, Value)]) -> Value {
    let mut t = template();
    for (pointer, value) in edits {
        *t.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer}")) = value.clone();
    }
    t
}

const DB_CLASS: &str = "/Resources/Db/Properties/DBInstanceClass";
const DB_IDENTIFIER: &str = "/Resources/Db/Properties/DBInstanceIdentifier";
const QUEUE_TIMEOUT: &str = "/Resources/Queue/Properties/VisibilityTimeout";
const VPC_CIDR: &str = "/Resources/Vpc/Properties/CidrBlock";

fn text(template: &Value) -> String {
    serde_json::to_string_pretty(template).unwrap()
}

fn request(template: &Value) -> Request {
    Request {
        stack_name: STACK.to_string(),
        template: text(template),
        parameters: vec![("Environment".to_string(), "prod".to_string())],
        tags: vec![("app".to_string(), "shop".to_string())],
        allow_replace: BTreeSet::new(),
        approval: Approval::Given,
        disable_rollback: false,
        wait_for_busy: Duration::from_secs(10 * 60),
        polling: POLLING,
    }
}

fn modify(
    logical_id: &str,
    resource_type: &str,
    replacement: ChangeSetReplacement,
) -> ChangeSetChange {
    change(
        logical_id,
        resource_type,
        ChangeAction::Modify,
        Some(replacement),
    )
}

// ---------------------------------------------------------------------------------------------
// Event sequences, as CloudFormation emits them (oldest first)

fn each(status: &str, reason: Option<&str>) -> Vec<Ev> {
    RESOURCES
        .iter()
        .map(|(id, ty)| {
            let e = ev(id, ty, status);
            match reason {
                Some(r) => e.because(r),
                None => e,
            }
        })
        .collect()
}

fn user(status: &str) -> Ev {
    stack_ev(status).because("User Initiated")
}

fn with_first(first: Ev, rest: Vec<Ev>) -> Vec<Ev> {
    std::iter::once(first).chain(rest).collect()
}

/// A create that completes.
fn create_complete() -> Script {
    Script::new(vec![
        step(
            CreateInProgress,
            with_first(user("CREATE_IN_PROGRESS"), each("CREATE_IN_PROGRESS", None)),
        ),
        step(
            CreateInProgress,
            each("CREATE_IN_PROGRESS", Some("Resource creation Initiated")),
        ),
        step(
            CreateInProgress,
            vec![
                ev("Vpc", VPC, "CREATE_COMPLETE"),
                ev("Bucket", BUCKET, "CREATE_COMPLETE"),
                ev("Queue", QUEUE, "CREATE_COMPLETE"),
            ],
        ),
        step(
            CreateComplete,
            vec![ev("Db", DB, "CREATE_COMPLETE"), stack_ev("CREATE_COMPLETE")],
        ),
    ])
    .with_outputs(&[("VpcId", "vpc-0a1b2c3d4e5f60718")])
}

/// A create whose database fails: the queue still in progress is cancelled, the stack rolls
/// back to ROLLBACK_COMPLETE.
fn create_rolled_back() -> Script {
    Script::new(vec![
        step(
            CreateInProgress,
            with_first(user("CREATE_IN_PROGRESS"), each("CREATE_IN_PROGRESS", None)),
        ),
        step(
            CreateInProgress,
            each("CREATE_IN_PROGRESS", Some("Resource creation Initiated")),
        ),
        step(
            CreateInProgress,
            vec![
                ev("Vpc", VPC, "CREATE_COMPLETE"),
                ev("Bucket", BUCKET, "CREATE_COMPLETE"),
            ],
        ),
        step(
            RollbackInProgress,
            vec![
                ev("Db", DB, "CREATE_FAILED").because(DB_CLASS_UNAVAILABLE),
                ev("Queue", QUEUE, "CREATE_FAILED").because(CANCELLED),
                stack_ev("ROLLBACK_IN_PROGRESS").because(DB_QUEUE_FAILED),
            ],
        ),
        step(
            RollbackInProgress,
            vec![
                ev("Queue", QUEUE, "DELETE_COMPLETE"),
                ev("Db", DB, "DELETE_COMPLETE"),
                ev("Bucket", BUCKET, "DELETE_SKIPPED"),
                ev("Vpc", VPC, "DELETE_IN_PROGRESS"),
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

/// An update of the listed resources that completes.
fn update_complete(resources: &[(&str, &str)]) -> Script {
    let events = |status: &str| {
        resources
            .iter()
            .map(|(id, ty)| ev(id, ty, status))
            .collect::<Vec<_>>()
    };
    Script::new(vec![
        step(
            UpdateInProgress,
            with_first(user("UPDATE_IN_PROGRESS"), events("UPDATE_IN_PROGRESS")),
        ),
        step(UpdateInProgress, events("UPDATE_COMPLETE")),
        step(
            UpdateCompleteCleanupInProgress,
            vec![stack_ev("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")],
        ),
        step(UpdateComplete, vec![stack_ev("UPDATE_COMPLETE")]),
    ])
    .with_outputs(&[("VpcId", "vpc-0a1b2c3d4e5f60718")])
}

/// An update whose database class change fails; the queue's change is rolled back with it.
fn update_rolled_back() -> Script {
    Script::new(vec![
        step(
            UpdateInProgress,
            vec![
                user("UPDATE_IN_PROGRESS"),
                ev("Queue", QUEUE, "UPDATE_IN_PROGRESS"),
                ev("Db", DB, "UPDATE_IN_PROGRESS"),
            ],
        ),
        step(
            UpdateInProgress,
            vec![ev("Queue", QUEUE, "UPDATE_COMPLETE")],
        ),
        step(
            UpdateRollbackInProgress,
            vec![
                ev("Db", DB, "UPDATE_FAILED").because(DB_CLASS_INVALID),
                stack_ev("UPDATE_ROLLBACK_IN_PROGRESS")
                    .because("The following resource(s) failed to update: [Db]. "),
            ],
        ),
        step(
            UpdateRollbackInProgress,
            vec![
                ev("Queue", QUEUE, "UPDATE_IN_PROGRESS"),
                ev("Queue", QUEUE, "UPDATE_COMPLETE"),
                ev("Db", DB, "UPDATE_IN_PROGRESS"),
            ],
        ),
        step(
            UpdateRollbackCompleteCleanupInProgress,
            vec![
                ev("Db", DB, "UPDATE_COMPLETE"),
                stack_ev("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"),
            ],
        ),
        step(
            UpdateRollbackComplete,
            vec![stack_ev("UPDATE_ROLLBACK_COMPLETE")],
        ),
    ])
}

/// An update whose queue change fails, and whose rollback of the database (updated fine a
/// moment before) fails too: UPDATE_ROLLBACK_FAILED.
fn update_rollback_failed() -> Script {
    Script::new(vec![
        step(
            UpdateInProgress,
            vec![
                user("UPDATE_IN_PROGRESS"),
                ev("Db", DB, "UPDATE_IN_PROGRESS"),
            ],
        ),
        step(
            UpdateInProgress,
            vec![
                ev("Db", DB, "UPDATE_COMPLETE"),
                ev("Queue", QUEUE, "UPDATE_IN_PROGRESS"),
            ],
        ),
        step(
            UpdateRollbackInProgress,
            vec![
                ev("Queue", QUEUE, "UPDATE_FAILED").because(QUEUE_TIMEOUT_INVALID),
                stack_ev("UPDATE_ROLLBACK_IN_PROGRESS")
                    .because("The following resource(s) failed to update: [Queue]. "),
            ],
        ),
        step(
            UpdateRollbackInProgress,
            vec![
                ev("Queue", QUEUE, "UPDATE_IN_PROGRESS"),
                ev("Queue", QUEUE, "UPDATE_COMPLETE"),
                ev("Db", DB, "UPDATE_IN_PROGRESS"),
            ],
        ),
        step(
            UpdateRollbackFailed,
            vec![
                ev("Db", DB, "UPDATE_FAILED").because(DB_ROLLBACK_FAILED),
                stack_ev("UPDATE_ROLLBACK_FAILED")
                    .because("The following resource(s) failed to update: [Db]. "),
            ],
        ),
    ])
}

/// ContinueUpdateRollback skipping the database: AWS marks it UPDATE_COMPLETE and finishes.
fn continue_rollback_skipping_db() -> Script {
    Script::new(vec![
        step(
            UpdateRollbackInProgress,
            vec![user("UPDATE_ROLLBACK_IN_PROGRESS")],
        ),
        step(
            UpdateRollbackCompleteCleanupInProgress,
            vec![
                ev("Db", DB, "UPDATE_COMPLETE"),
                stack_ev("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"),
            ],
        ),
        step(
            UpdateRollbackComplete,
            vec![stack_ev("UPDATE_ROLLBACK_COMPLETE")],
        ),
    ])
}

/// A delete the protected database stops: DELETE_FAILED.
fn delete_failed() -> Script {
    Script::new(vec![
        step(
            DeleteInProgress,
            vec![
                user("DELETE_IN_PROGRESS"),
                ev("Queue", QUEUE, "DELETE_IN_PROGRESS"),
                ev("Db", DB, "DELETE_IN_PROGRESS"),
                ev("Bucket", BUCKET, "DELETE_SKIPPED"),
            ],
        ),
        step(
            DeleteInProgress,
            vec![ev("Queue", QUEUE, "DELETE_COMPLETE")],
        ),
        step(
            DeleteFailed,
            vec![
                ev("Db", DB, "DELETE_FAILED").because(DB_PROTECTED),
                stack_ev("DELETE_FAILED")
                    .because("The following resource(s) failed to delete: [Db]. "),
            ],
        ),
    ])
}

/// The stack as scalectl created it earlier from [`template`]: CREATE_COMPLETE, with that
/// create in its event log. Returns its ARN.
fn deployed(fake: &FakeCfn) -> String {
    let history = with_first(user("REVIEW_IN_PROGRESS"), create_complete().events());
    fake.add_stack(STACK, CreateComplete, &text(&template()), &history)
}

// ---------------------------------------------------------------------------------------------
// Assertions

fn no_execution(fake: &FakeCfn) {
    assert_eq!(
        fake.executions(),
        0,
        "nothing may be executed: {:#?}",
        fake.calls()
    );
}

/// The one change set created was deleted again.
fn change_set_deleted(fake: &FakeCfn) {
    let arns = fake.change_set_arns();
    assert_eq!(arns.len(), 1, "{arns:?}");
    assert_eq!(fake.deleted_change_sets(), arns);
}

fn only_request(fake: &FakeCfn) -> scalectl::deploy::api::ChangeSetRequest {
    let requests = fake.change_set_requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    requests.into_iter().next().unwrap()
}

fn chronological(events: &[scalectl::deploy::api::StackEvent]) {
    assert!(
        events.windows(2).all(|w| w[0].time <= w[1].time),
        "events out of order: {events:#?}"
    );
    let ids: BTreeSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), events.len(), "event IDs repeat");
}

fn failure(
    result: Result<Deployed, DeployError>,
) -> (StackStatus, scalectl::deploy::api::StackEvent) {
    match result {
        Err(DeployError::Failed {
            stack,
            status,
            root_cause: Some(root),
            ..
        }) => {
            assert_eq!(stack, STACK);
            (status, root)
        }
        other => panic!("expected Failed with a root cause, got {other:#?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// 1–3. Failures and rollbacks

#[test]
fn failed_create_rolls_back_and_names_the_first_failed_resource() {
    let fake = FakeCfn::new();
    fake.on_execute(create_rolled_back());
    let mut obs = Recorder::default();

    let (status, root) = failure(run(deploy(&fake, &request(&template()), &mut obs)));

    assert_eq!(status, RollbackComplete);
    assert_eq!(
        (root.logical_id.as_str(), root.status.as_str()),
        ("Db", "CREATE_FAILED")
    );
    assert_eq!(root.resource_type, DB);
    assert_eq!(root.reason.as_deref(), Some(DB_CLASS_UNAVAILABLE));
    assert_eq!(only_request(&fake).kind, ChangeSetKind::Create);
    assert_eq!(fake.executions(), 1);

    // Every event after the one that was newest at execution (REVIEW_IN_PROGRESS), in the
    // order AWS emitted them.
    let log = fake.event_log(STACK);
    assert_eq!(log[0].status, "REVIEW_IN_PROGRESS");
    assert_eq!(obs.events, log[1..].to_vec());
    chronological(&obs.events);
    let summary = obs.event_summary();
    assert_eq!(
        summary.first().unwrap(),
        &(STACK.to_string(), "CREATE_IN_PROGRESS".to_string())
    );
    assert_eq!(
        summary.last().unwrap(),
        &(STACK.to_string(), "ROLLBACK_COMPLETE".to_string())
    );
}

#[test]
fn failed_update_rolls_back_and_names_the_root_cause() {
    let fake = FakeCfn::new();
    let arn = deployed(&fake);
    fake.answer_change_set(ready(vec![
        modify("Db", DB, ChangeSetReplacement::InPlace),
        modify("Queue", QUEUE, ChangeSetReplacement::InPlace),
    ]));
    fake.on_execute(update_rolled_back());
    let new = changed(&[(DB_CLASS, json!("db.x9.huge")), (QUEUE_TIMEOUT, json!(60))]);
    let mut obs = Recorder::default();

    let (status, root) = failure(run(deploy(&fake, &request(&new), &mut obs)));

    assert_eq!(status, UpdateRollbackComplete);
    assert_eq!(
        (root.logical_id.as_str(), root.status.as_str()),
        ("Db", "UPDATE_FAILED")
    );
    assert_eq!(root.reason.as_deref(), Some(DB_CLASS_INVALID));
    assert_eq!(only_request(&fake).kind, ChangeSetKind::Update);
    // The stack is back on the template it had.
    assert_eq!(fake.deployed_template(&arn), Some(text(&template())));
    chronological(&obs.events);
    assert_eq!(
        obs.events.last().unwrap().status,
        "UPDATE_ROLLBACK_COMPLETE"
    );
}

#[test]
fn failed_update_rollback_blocks_deploys_until_continued_with_skips() {
    let fake = FakeCfn::new();
    let arn = deployed(&fake);
    fake.on_execute(update_rollback_failed());
    let new = changed(&[
        (DB_CLASS, json!("db.t3.small")),
        (QUEUE_TIMEOUT, json!(50_000)),
    ]);

    // The update fails, and so does its rollback.
    let (status, root) = failure(run(deploy(&fake, &request(&new), &mut Recorder::default())));
    assert_eq!(status, UpdateRollbackFailed);
    assert_eq!(
        (root.logical_id.as_str(), root.reason.as_deref()),
        ("Queue", Some(QUEUE_TIMEOUT_INVALID))
    );

    // The next deploy refuses to touch the stack and says how to continue the rollback.
    let requests_before = fake.change_set_requests().len();
    match run(deploy(&fake, &request(&new), &mut Recorder::default())) {
        Err(DeployError::Blocked {
            stack,
            status,
            message,
            help,
        }) => {
            assert_eq!((stack.as_str(), status), (STACK, UpdateRollbackFailed));
            assert!(message.contains("Db"), "{message}");
            assert!(help.contains("scalectl rollback"), "{help}");
            assert!(help.contains("--skip Db"), "{help}");
            assert!(
                !help.contains("--skip Queue"),
                "the queue rolled back fine: {help}"
            );
        }
        other => panic!("expected Blocked, got {other:#?}"),
    }
    assert_eq!(
        fake.change_set_requests().len(),
        requests_before,
        "no change set for a blocked stack"
    );

    // `scalectl rollback --skip Db` continues the rollback past the database.
    fake.on_continue_rollback(continue_rollback_skipping_db());
    let mut obs = Recorder::default();
    let (action, stack) = run(manage::rollback(
        &fake,
        STACK,
        &["Db".to_string()],
        POLLING,
        &mut obs,
    ))
    .unwrap();
    assert_eq!(
        action,
        RollbackAction::ContinueRollback(vec!["Db".to_string()])
    );
    assert_eq!(stack.status, UpdateRollbackComplete);
    assert_eq!(
        fake.count(|c| c
            == &Call::ContinueUpdateRollback {
                stack: arn.clone(),
                skip: vec!["Db".to_string()]
            }),
        1
    );
    assert_eq!(
        obs.events.last().unwrap().status,
        "UPDATE_ROLLBACK_COMPLETE"
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Throttling

#[test]
fn throttled_polls_are_absorbed_with_longer_pauses() {
    let fake = FakeCfn::new();
    // Right after the first status poll, AWS throttles two reads of each kind.
    fake.on_execute(create_complete().throttling_after(0, 2, 2));
    let mut obs = Recorder::default();

    let deployed = run(deploy(&fake, &request(&template()), &mut obs)).unwrap();

    let Deployed::Done { stack, .. } = deployed else {
        panic!("expected Done")
    };
    assert_eq!(stack.status, CreateComplete);
    assert_eq!(stack.outputs[0].value, "vpc-0a1b2c3d4e5f60718");
    assert_eq!(obs.throttled, 4);
    // No event is lost or repeated for the throttling.
    assert_eq!(obs.events, fake.event_log(STACK)[1..].to_vec());

    let execute = fake
        .position(|c| matches!(c, Call::ExecuteChangeSet { .. }))
        .unwrap();
    let pauses: Vec<Duration> = fake.calls()[execute..]
        .iter()
        .filter_map(|c| match c {
            Call::Pause(d) => Some(*d),
            _ => None,
        })
        .collect();
    // The pause before the throttling, then the ones it caused: each longer, up to the max.
    let throttled = &pauses[..3];
    assert!(throttled.windows(2).all(|w| w[0] < w[1]), "{pauses:?}");
    assert_eq!(throttled[2], POLLING.max, "{pauses:?}");
    assert!(pauses.iter().all(|p| *p <= POLLING.max), "{pauses:?}");
}

// ---------------------------------------------------------------------------------------------
// 5. A stack already busy

fn busy(fake: &FakeCfn, running: Script) {
    let mut history = with_first(user("REVIEW_IN_PROGRESS"), create_complete().events());
    history.extend([
        user("UPDATE_IN_PROGRESS"),
        ev("Queue", QUEUE, "UPDATE_IN_PROGRESS"),
    ]);
    fake.add_stack(STACK, UpdateInProgress, &text(&template()), &history);
    fake.running(STACK, running);
}

#[test]
fn deploy_waits_for_a_running_update_then_updates() {
    let fake = FakeCfn::new();
    busy(
        &fake,
        Script::new(vec![
            step(UpdateInProgress, vec![]),
            step(
                UpdateInProgress,
                vec![ev("Queue", QUEUE, "UPDATE_COMPLETE")],
            ),
            step(
                UpdateCompleteCleanupInProgress,
                vec![stack_ev("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")],
            ),
            step(UpdateComplete, vec![stack_ev("UPDATE_COMPLETE")]),
        ]),
    );
    fake.on_execute(update_complete(&[("Db", DB)]));
    let mut obs = Recorder::default();

    let result = run(deploy(
        &fake,
        &request(&changed(&[(DB_CLASS, json!("db.t3.small"))])),
        &mut obs,
    ));

    let Ok(Deployed::Done { stack, diff }) = result else {
        panic!("expected Done, got {result:#?}")
    };
    assert_eq!(stack.status, UpdateComplete);
    assert_eq!(diff.resource("Db").map(|r| r.impact), Some(Impact::Update));
    assert_eq!(only_request(&fake).kind, ChangeSetKind::Update);
    assert!(
        obs.steps
            .iter()
            .any(|s| s.contains("UPDATE_IN_PROGRESS") && s.contains("waiting")),
        "{:?}",
        obs.steps
    );
    // The other update's end was watched (and reported) before the change set was made.
    let create = fake
        .position(|c| matches!(c, Call::CreateChangeSet(_)))
        .unwrap();
    let waited = fake.calls()[..create]
        .iter()
        .filter(|c| matches!(c, Call::Pause(_)))
        .count();
    assert!(waited >= 2, "{:#?}", fake.calls());
    // The other update's end is reported before ours starts (the fake refuses an UPDATE
    // change set while the stack is busy).
    let stack_event = |status: &str| {
        obs.events
            .iter()
            .position(|e| e.is_stack() && e.status == status)
            .unwrap()
    };
    assert!(stack_event("UPDATE_COMPLETE") < stack_event("UPDATE_IN_PROGRESS"));
}

#[test]
fn deploy_gives_up_on_a_stack_that_stays_busy() {
    let fake = FakeCfn::new();
    busy(&fake, Script::new(vec![step(UpdateInProgress, vec![])]));
    let mut req = request(&changed(&[(DB_CLASS, json!("db.t3.small"))]));
    req.wait_for_busy = Duration::from_secs(30);

    match run(deploy(&fake, &req, &mut Recorder::default())) {
        Err(DeployError::StillRunning {
            stack,
            status,
            waited,
        }) => {
            assert_eq!((stack.as_str(), status), (STACK, UpdateInProgress));
            // Stopped at the first poll past the limit.
            assert!(waited >= req.wait_for_busy, "{waited:?}");
            assert!(waited < req.wait_for_busy + POLLING.max, "{waited:?}");
            assert_eq!(waited, fake.pauses().iter().sum::<Duration>());
        }
        other => panic!("expected StillRunning, got {other:#?}"),
    }
    assert!(fake.change_set_requests().is_empty());
    no_execution(&fake);
}

// ---------------------------------------------------------------------------------------------
// 6. Change sets that fail

const UNRESOLVED: &str = "Template format error: Unresolved resource dependencies [Foo] in the Resources block of the template";

#[test]
fn failed_change_set_is_reported_deleted_and_never_executed() {
    let fake = FakeCfn::new();
    deployed(&fake);
    fake.answer_change_set(failed(UNRESOLVED).pending_for(2));

    match run(deploy(
        &fake,
        &request(&changed(&[(QUEUE_TIMEOUT, json!(60))])),
        &mut Recorder::default(),
    )) {
        Err(DeployError::ChangeSetFailed { reason }) => assert_eq!(reason, UNRESOLVED),
        other => panic!("expected ChangeSetFailed, got {other:#?}"),
    }
    no_execution(&fake);
    change_set_deleted(&fake);
    assert_eq!(
        fake.count(|c| matches!(c, Call::DeleteStack { .. })),
        0,
        "an existing stack stays"
    );
}

#[test]
fn failed_change_set_for_a_new_stack_also_deletes_the_empty_stack() {
    let fake = FakeCfn::new();
    fake.answer_change_set(failed(UNRESOLVED));

    let result = run(deploy(
        &fake,
        &request(&template()),
        &mut Recorder::default(),
    ));

    assert!(
        matches!(result, Err(DeployError::ChangeSetFailed { .. })),
        "{result:#?}"
    );
    no_execution(&fake);
    change_set_deleted(&fake);
    assert_eq!(
        fake.count(|c| matches!(c, Call::DeleteStack { stack, .. } if stack == STACK)),
        1,
        "the REVIEW_IN_PROGRESS stack is removed"
    );
}

#[test]
fn change_set_without_changes_is_success() {
    let fake = FakeCfn::new();
    deployed(&fake);
    fake.answer_change_set(failed(NO_CHANGES));

    let result = run(deploy(
        &fake,
        &request(&template()),
        &mut Recorder::default(),
    ));

    let Ok(Deployed::NoChanges(stack)) = result else {
        panic!("expected NoChanges, got {result:#?}")
    };
    assert_eq!(stack.status, CreateComplete);
    no_execution(&fake);
    change_set_deleted(&fake);
}

// ---------------------------------------------------------------------------------------------
// 7. The stateful guard

fn guarded(result: Result<Deployed, DeployError>) -> Vec<scalectl::diff::Blocked> {
    match result {
        Err(DeployError::Guarded(blocked)) => blocked,
        other => panic!("expected Guarded, got {other:#?}"),
    }
}

#[test]
fn replacing_the_database_is_guarded() {
    let fake = FakeCfn::new();
    deployed(&fake);
    fake.answer_change_set(ready(vec![modify(
        "Db",
        DB,
        ChangeSetReplacement::Replaces,
    )]));

    let blocked = guarded(run(deploy(
        &fake,
        &request(&changed(&[(DB_IDENTIFIER, json!("shop-db-2"))])),
        &mut Recorder::default(),
    )));

    assert_eq!(blocked.len(), 1, "{blocked:?}");
    assert_eq!(
        (
            blocked[0].logical_id.as_str(),
            blocked[0].resource_type.as_str()
        ),
        ("Db", DB)
    );
    assert_eq!(blocked[0].impact, Impact::Replace);
    let message = DeployError::Guarded(blocked).to_string();
    assert!(message.contains("replace Db"), "{message}");
    no_execution(&fake);
    change_set_deleted(&fake);
}

#[test]
fn allowed_replacement_of_the_database_proceeds() {
    let fake = FakeCfn::new();
    deployed(&fake);
    fake.answer_change_set(ready(vec![modify(
        "Db",
        DB,
        ChangeSetReplacement::Replaces,
    )]));
    fake.on_execute(update_complete(&[("Db", DB)]));
    let mut req = request(&changed(&[(DB_IDENTIFIER, json!("shop-db-2"))]));
    req.allow_replace.insert("Db".to_string());

    let result = run(deploy(&fake, &req, &mut Recorder::default()));

    let Ok(Deployed::Done { stack, diff }) = result else {
        panic!("expected Done, got {result:#?}")
    };
    assert_eq!(stack.status, UpdateComplete);
    assert_eq!(diff.resource("Db").map(|r| r.impact), Some(Impact::Replace));
    assert_eq!(fake.executions(), 1);
    assert_eq!(fake.deployed_template(STACK), Some(req.template.clone()));
    assert!(fake.deleted_change_sets().is_empty());
}

#[test]
fn change_set_replacement_overrides_an_in_place_prediction() {
    let fake = FakeCfn::new();
    deployed(&fake);
    // scalectl predicts an instance class change in place; AWS says it replaces.
    fake.answer_change_set(ready(vec![modify(
        "Db",
        DB,
        ChangeSetReplacement::Replaces,
    )]));
    let mut obs = Recorder::default();

    let blocked = guarded(run(deploy(
        &fake,
        &request(&changed(&[(DB_CLASS, json!("db.t3.small"))])),
        &mut obs,
    )));

    assert_eq!(
        blocked
            .iter()
            .map(|b| b.logical_id.as_str())
            .collect::<Vec<_>>(),
        ["Db"]
    );
    let reviewed = obs.reviews[0].resource("Db").unwrap();
    assert_eq!(
        (reviewed.impact, reviewed.source),
        (Impact::Replace, Source::ChangeSet)
    );
    no_execution(&fake);
    change_set_deleted(&fake);
}

// ---------------------------------------------------------------------------------------------
// 8. Approval

fn refused(result: Result<Deployed, DeployError>) -> (String, String) {
    match result {
        Err(DeployError::Refused { message, help }) => (message, help),
        other => panic!("expected Refused, got {other:#?}"),
    }
}

fn queue_change(fake: &FakeCfn) -> Request {
    deployed(fake);
    fake.answer_change_set(ready(vec![modify(
        "Queue",
        QUEUE,
        ChangeSetReplacement::InPlace,
    )]));
    request(&changed(&[(QUEUE_TIMEOUT, json!(60))]))
}

#[test]
fn no_way_to_ask_and_no_yes_refuses() {
    let fake = FakeCfn::new();
    let mut req = queue_change(&fake);
    req.approval = Approval::Missing;
    let mut obs = Recorder::answering(true);

    let (_, help) = refused(run(deploy(&fake, &req, &mut obs)));

    assert!(help.contains("--yes"), "{help}");
    assert!(obs.asked.is_empty(), "nobody to ask");
    assert_eq!(
        obs.reviews.len(),
        1,
        "the changes are shown before refusing"
    );
    no_execution(&fake);
    change_set_deleted(&fake);
}

#[test]
fn declined_approval_refuses() {
    let fake = FakeCfn::new();
    let mut req = queue_change(&fake);
    req.approval = Approval::Ask;
    let mut obs = Recorder::answering(false);

    refused(run(deploy(&fake, &req, &mut obs)));

    let [Asked::Deploy(diff)] = obs.asked.as_slice() else {
        panic!("{:?}", obs.asked)
    };
    assert_eq!(
        diff.resource("Queue").map(|r| r.impact),
        Some(Impact::Update)
    );
    no_execution(&fake);
    change_set_deleted(&fake);
}

#[test]
fn given_approval_proceeds() {
    let fake = FakeCfn::new();
    let mut req = queue_change(&fake);
    req.approval = Approval::Ask;
    fake.on_execute(update_complete(&[("Queue", QUEUE)]));
    let mut obs = Recorder::answering(true);

    let result = run(deploy(&fake, &req, &mut obs));

    assert!(matches!(result, Ok(Deployed::Done { .. })), "{result:#?}");
    assert_eq!(obs.asked.len(), 1);
    assert_eq!(obs.started, vec![1]);
    assert_eq!(fake.executions(), 1);
}

// ---------------------------------------------------------------------------------------------
// 9. What a failed first create left

#[test]
fn stack_left_in_rollback_complete_is_deleted_then_created_again() {
    let fake = FakeCfn::new();
    let history = with_first(user("REVIEW_IN_PROGRESS"), create_rolled_back().events());
    let old = fake.add_stack(STACK, RollbackComplete, "", &history);
    fake.on_execute(create_complete());
    let mut obs = Recorder::default();

    let result = run(deploy(&fake, &request(&template()), &mut obs));

    let Ok(Deployed::Done { stack, diff }) = result else {
        panic!("expected Done, got {result:#?}")
    };
    assert_eq!(stack.status, CreateComplete);
    assert_ne!(stack.id, old, "a new stack");
    assert!(diff.new_stack);
    let delete = fake
        .position(|c| {
            c == &Call::DeleteStack {
                stack: old.clone(),
                retain: vec![],
            }
        })
        .expect("the old stack is deleted");
    let create = fake
        .position(|c| matches!(c, Call::CreateChangeSet(_)))
        .unwrap();
    assert!(delete < create);
    assert_eq!(only_request(&fake).kind, ChangeSetKind::Create);
    assert_eq!(
        fake.peek(&old).unwrap().status,
        DeleteComplete,
        "watched to the end"
    );
    assert!(
        obs.steps.iter().any(|s| s.contains("ROLLBACK_COMPLETE")),
        "{:?}",
        obs.steps
    );
    assert!(
        obs.events
            .iter()
            .any(|e| e.status == "DELETE_COMPLETE" && e.is_stack())
    );
}

// ---------------------------------------------------------------------------------------------
// 10. --no-rollback

#[test]
fn no_rollback_with_a_replacement_is_refused() {
    let fake = FakeCfn::new();
    deployed(&fake);
    fake.answer_change_set(ready(vec![modify(
        "Vpc",
        VPC,
        ChangeSetReplacement::Replaces,
    )]));
    let mut req = request(&changed(&[(VPC_CIDR, json!("10.1.0.0/16"))]));
    req.disable_rollback = true;

    let (message, _) = refused(run(deploy(&fake, &req, &mut Recorder::default())));

    assert!(message.contains("--no-rollback"), "{message}");
    no_execution(&fake);
    change_set_deleted(&fake);
}

#[test]
fn no_rollback_is_passed_to_execute() {
    let fake = FakeCfn::new();
    let mut req = queue_change(&fake);
    req.disable_rollback = true;
    fake.on_execute(update_complete(&[("Queue", QUEUE)]));

    let result = run(deploy(&fake, &req, &mut Recorder::default()));

    assert!(matches!(result, Ok(Deployed::Done { .. })), "{result:#?}");
    let arn = fake.change_set_arns().pop().unwrap();
    assert_eq!(
        fake.count(|c| c
            == &Call::ExecuteChangeSet {
                arn: arn.clone(),
                disable_rollback: true
            }),
        1
    );
}

// ---------------------------------------------------------------------------------------------
// 11. Large templates

#[test]
fn large_templates_are_staged_in_s3() {
    let fake = FakeCfn::new();
    let mut big = template();
    big["Metadata"] = json!({"Padding": "x".repeat(52_000)});
    let req = request(&big);
    assert!(req.template.len() > 51_200);
    fake.on_execute(create_complete());
    let mut obs = Recorder::default();

    let result = run(deploy(&fake, &req, &mut obs));

    assert!(matches!(result, Ok(Deployed::Done { .. })), "{result:#?}");
    let staging = fake
        .position(|c| c == &Call::StagingBucket)
        .expect("staging bucket");
    let upload = fake
        .position(|c| matches!(c, Call::Upload { .. }))
        .expect("upload");
    let create = fake
        .position(|c| matches!(c, Call::CreateChangeSet(_)))
        .unwrap();
    assert!(staging < upload && upload < create);
    let Call::Upload { bucket, key, bytes } = &fake.calls()[upload] else {
        unreachable!()
    };
    assert_eq!(bucket, "scalectl-staging-123456789012-eu-west-1");
    assert!(
        key.starts_with("templates/shop/") && key.ends_with(".json"),
        "{key}"
    );
    assert_eq!(*bytes, req.template.len());
    let TemplateSource::Url(url) = only_request(&fake).template else {
        panic!("expected a URL")
    };
    assert_eq!(fake.object(&url).as_deref(), Some(req.template.as_str()));
    assert!(
        obs.steps.iter().any(|s| s.contains("S3")),
        "{:?}",
        obs.steps
    );
}

#[test]
fn small_templates_go_inline() {
    let fake = FakeCfn::new();
    let req = request(&template());
    run(deploy(&fake, &req, &mut Recorder::default())).unwrap();
    assert_eq!(
        only_request(&fake).template,
        TemplateSource::Body(req.template.clone())
    );
    assert_eq!(
        fake.count(|c| matches!(c, Call::StagingBucket | Call::Upload { .. })),
        0
    );
}

// ---------------------------------------------------------------------------------------------
// 12. destroy

fn retained() -> Vec<(String, String, String)> {
    [("Bucket", BUCKET, "Retain"), ("Db", DB, "Snapshot")]
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn destroy_asks_naming_what_it_keeps_and_refuses_without_approval() {
    let fake = FakeCfn::new();
    deployed(&fake);

    let mut obs = Recorder::answering(false);
    let declined = run(manage::destroy(
        &fake,
        STACK,
        Approval::Ask,
        false,
        POLLING,
        &mut obs,
    ));
    assert!(
        matches!(declined, Err(DeployError::Refused { .. })),
        "{declined:#?}"
    );
    match obs.asked.as_slice() {
        [
            Asked::Destroy {
                stack,
                retained: kept,
            },
        ] => {
            assert_eq!(stack, STACK);
            assert_eq!(kept, &retained());
        }
        other => panic!("{other:?}"),
    }

    let missing = run(manage::destroy(
        &fake,
        STACK,
        Approval::Missing,
        false,
        POLLING,
        &mut Recorder::answering(true),
    ));
    match missing {
        Err(DeployError::Refused { help, .. }) => assert!(help.contains("--yes"), "{help}"),
        other => panic!("expected Refused, got {other:#?}"),
    }
    assert_eq!(fake.count(|c| matches!(c, Call::DeleteStack { .. })), 0);
}

#[test]
fn destroy_that_fails_names_the_resource() {
    let fake = FakeCfn::new();
    let arn = deployed(&fake);
    fake.on_delete(delete_failed());

    let result = run(manage::destroy(
        &fake,
        STACK,
        Approval::Given,
        false,
        POLLING,
        &mut Recorder::default(),
    ));

    match result {
        Err(DeployError::Failed {
            stack,
            status,
            root_cause: Some(root),
            ..
        }) => {
            assert_eq!((stack.as_str(), status), (STACK, DeleteFailed));
            assert_eq!(
                (root.logical_id.as_str(), root.status.as_str()),
                ("Db", "DELETE_FAILED")
            );
            assert_eq!(root.reason.as_deref(), Some(DB_PROTECTED));
        }
        other => panic!("expected Failed, got {other:#?}"),
    }
    assert_eq!(
        fake.count(|c| c
            == &Call::DeleteStack {
                stack: arn.clone(),
                retain: vec![]
            }),
        1
    );
}

#[test]
fn destroy_that_completes_reports_what_was_kept() {
    let fake = FakeCfn::new();
    deployed(&fake);

    let result = run(manage::destroy(
        &fake,
        STACK,
        Approval::Given,
        false,
        POLLING,
        &mut Recorder::default(),
    ));

    assert_eq!(
        result.unwrap(),
        Destroyed::Deleted {
            retained: retained()
        }
    );
    assert!(fake.peek(STACK).is_none(), "gone by name");
}

// ---------------------------------------------------------------------------------------------
// Leftovers and known gaps

#[test]
fn change_set_left_by_an_interrupted_run_is_replaced() {
    let fake = FakeCfn::new();
    let req = queue_change(&fake);
    let name = change_set_name(&req.template, &req.parameters, &req.tags);
    let stale = fake.add_change_set(STACK, &name);
    fake.on_execute(update_complete(&[("Queue", QUEUE)]));

    let result = run(deploy(&fake, &req, &mut Recorder::default()));

    assert!(matches!(result, Ok(Deployed::Done { .. })), "{result:#?}");
    let deleted = fake
        .position(|c| c == &Call::DeleteChangeSet(stale.clone()))
        .expect("stale change set deleted");
    let create = fake
        .position(|c| matches!(c, Call::CreateChangeSet(_)))
        .unwrap();
    assert!(deleted < create);
}

#[test]

fn throttled_final_event_read_keeps_the_root_cause() {
    let fake = FakeCfn::new();
    // A fast failure: the queue name is taken, so the create fails and rolls back between two
    // polls; the read of those events is throttled once.
    fake.on_execute(Script::new(vec![
        step(
            CreateInProgress,
            with_first(user("CREATE_IN_PROGRESS"), each("CREATE_IN_PROGRESS", None)),
        ),
        step(
            RollbackComplete,
            vec![
                ev("Queue", QUEUE, "CREATE_FAILED").because(QUEUE_EXISTS),
                ev("Vpc", VPC, "CREATE_FAILED").because(CANCELLED),
                ev("Bucket", BUCKET, "CREATE_FAILED").because(CANCELLED),
                ev("Db", DB, "CREATE_FAILED").because(CANCELLED),
                stack_ev("ROLLBACK_IN_PROGRESS").because(ALL_FAILED),
                ev("Vpc", VPC, "DELETE_COMPLETE"),
                ev("Bucket", BUCKET, "DELETE_COMPLETE"),
                ev("Db", DB, "DELETE_COMPLETE"),
                ev("Queue", QUEUE, "DELETE_COMPLETE"),
                stack_ev("ROLLBACK_COMPLETE"),
            ],
        )
        .then_throttle(0, 1),
    ]));
    let mut obs = Recorder::default();

    let (status, root) = failure(run(deploy(&fake, &request(&template()), &mut obs)));

    assert_eq!(status, RollbackComplete);
    assert_eq!(
        (root.logical_id.as_str(), root.reason.as_deref()),
        ("Queue", Some(QUEUE_EXISTS))
    );
    assert_eq!(obs.events, fake.event_log(STACK)[1..].to_vec());
}

// ---------------------------------------------------------------------------------------------
// Rolling updates, batch by batch

const ASG: &str = "AWS::AutoScaling::AutoScalingGroup";

fn on(id: &str, version: u64) -> scalectl::deploy::api::FleetInstance {
    scalectl::deploy::api::FleetInstance {
        id: id.to_string(),
        launch_template_version: Some(version),
    }
}

/// The group's update as CloudFormation plays it: it starts, runs through `middle` (polls
/// while batches wait for their signals), completes; `fleet` answers the group's instance
/// reads. Returns what deploy reported.
fn rolling_update(
    middle: Vec<fake_cfn::Step>,
    fleet: Option<Vec<Vec<scalectl::deploy::api::FleetInstance>>>,
) -> (FakeCfn, Recorder) {
    let fake = FakeCfn::new();
    deployed(&fake);
    fake.answer_change_set(ready(vec![modify(
        "Web",
        ASG,
        ChangeSetReplacement::InPlace,
    )]));
    let group = |status: &str| ev("Web", ASG, status).physical("shop-Web-1A2B3C");
    let mut steps = vec![step(
        UpdateInProgress,
        vec![user("UPDATE_IN_PROGRESS"), group("UPDATE_IN_PROGRESS")],
    )];
    steps.extend(middle);
    steps.push(step(UpdateInProgress, vec![group("UPDATE_COMPLETE")]));
    steps.push(step(UpdateComplete, vec![stack_ev("UPDATE_COMPLETE")]));
    fake.on_execute(Script::new(steps));
    if let Some(reads) = fleet {
        fake.fleet_reads("shop-Web-1A2B3C", reads);
    }
    let mut obs = Recorder::default();
    run(deploy(
        &fake,
        &request(&changed(&[(QUEUE_TIMEOUT, json!(60))])),
        &mut obs,
    ))
    .unwrap();
    (fake, obs)
}

/// The group's update runs across many polls, as a rolling update does (each batch waits
/// for its instances' signals); the group's instances move to the new launch template version
/// batch by batch, and deploy reports each batch as it lands.
#[test]
fn a_rolling_update_is_reported_batch_by_batch_from_the_groups_instances() {
    let quiet = (0..8).map(|_| step(UpdateInProgress, Vec::new())).collect();
    let (fake, obs) = rolling_update(
        quiet,
        Some(vec![
            vec![on("i-1", 3), on("i-2", 3), on("i-3", 3), on("i-4", 3)],
            vec![on("i-3", 3), on("i-4", 3), on("i-5", 4), on("i-6", 4)],
            vec![on("i-5", 4), on("i-6", 4), on("i-7", 4), on("i-8", 4)],
        ]),
    );

    let batches: Vec<(u64, usize, usize)> = obs
        .fleets
        .iter()
        .map(|p| (p.version, p.updated, p.total))
        .collect();
    assert_eq!(batches, [(4, 2, 4), (4, 4, 4)]);
    assert!(obs.fleets.iter().all(|p| p.group == "Web"));
    // The group is read while its update runs, not after.
    let reads = fake
        .calls()
        .iter()
        .filter(|c| matches!(c, Call::Fleet(_)))
        .count();
    assert!((3..=4).contains(&reads), "{reads} reads");
}

/// Without leave to read instances, deploy says so once and follows the events alone.
#[test]
fn a_rolling_update_whose_instances_cannot_be_read_is_followed_by_its_events() {
    let busy = (0..4)
        .map(|_| {
            step(
                UpdateInProgress,
                vec![ev("Web", ASG, "UPDATE_IN_PROGRESS").physical("shop-Web-1A2B3C")],
            )
        })
        .collect();
    let (_, obs) = rolling_update(busy, None);

    assert!(obs.fleets.is_empty());
    let said: Vec<&String> = obs
        .steps
        .iter()
        .filter(|s| s.contains("cannot read Web's instances"))
        .collect();
    assert_eq!(said.len(), 1, "{:?}", obs.steps);
}
