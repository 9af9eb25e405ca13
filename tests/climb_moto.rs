//! The ladder climbed in place against the moto shim: stage0, then stage1 ... stage6, each
//! deployed over the one before under one stack name, with `--yes` and no `--allow-replace`.
//! Every rung exits 0, and the data tier keeps its physical IDs: the database made at stage1
//! is the same database at stage6, the tables made at stage5 the same tables at stage6.
//!
//! stage7 does not climb yet: it would deploy new regional stacks beside stage6's instead of
//! growing it (README, "Climbing the ladder"); deploy refuses it under the stage6 stack's
//! name, and `climb.rs` pins that `plan` says so.

#![allow(clippy::panic)] // test helpers fail the test loudly

mod support;

use std::collections::BTreeMap;
use support::moto::{Moto, expect, json, scalectl};

/// Logical ID -> physical ID of the stack's resources, as CloudFormation reports them
/// (moto lists the types it does not model as blank entries: skipped).
fn physical_ids(moto: &Moto, stack: &str) -> BTreeMap<String, String> {
    let out = moto.python(&format!(
        "r = client('cloudformation').describe_stack_resources(StackName='{stack}')\n\
         print(json.dumps({{x['LogicalResourceId']: x.get('PhysicalResourceId', '') for x in r['StackResources'] if 'LogicalResourceId' in x}}))"
    ));
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn stages_0_to_6_climb_in_place_and_keep_their_data() {
    let moto = Moto::with_zone();
    let mut seen: Vec<(String, BTreeMap<String, String>)> = Vec::new();
    for stage in [
        "stage0", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6",
    ] {
        let out = scalectl(
            &moto,
            &[
                "deploy",
                stage,
                "--stack-name",
                "climb",
                "--yes",
                "--output",
                "json",
            ],
        );
        let (stdout, stderr) = expect(&out, 0);
        let doc = json(&stdout);
        let stack = &doc["stacks"][0];
        assert_eq!(stack["name"], "climb", "{stage}: {stdout}");
        assert_eq!(stack["result"], "deployed", "{stage}: {stdout}\n{stderr}");
        assert!(
            !stderr.contains("refused:"),
            "{stage}: an update-time rule refused:\n{stderr}"
        );
        seen.push((stage.to_string(), physical_ids(&moto, "climb")));
    }
    let id_at = |stage: &str, logical: &str| -> String {
        seen.iter()
            .find(|(s, _)| s == stage)
            .and_then(|(_, ids)| ids.get(logical).cloned())
            .unwrap_or_else(|| panic!("{logical} is not in the stack at {stage}"))
    };
    // The database is created at stage1 and is the same database at every rung after.
    let database = id_at("stage1", "Database");
    assert!(!database.is_empty());
    for stage in ["stage2", "stage3", "stage4", "stage5", "stage6"] {
        assert_eq!(id_at(stage, "Database"), database, "{stage}");
    }
    // The tables and the user-data bucket come at stage5 and stay.
    for logical in ["EventsTable", "CartsTable", "ObjectsBucket"] {
        let at5 = id_at("stage5", logical);
        assert!(!at5.is_empty(), "{logical}");
        assert_eq!(id_at("stage6", logical), at5, "{logical}");
    }
    // The static bucket from stage1 is kept through every rung.
    let static_bucket = id_at("stage1", "StaticBucket");
    assert_eq!(id_at("stage6", "StaticBucket"), static_bucket);
    // The box lives until stage2 removes it (stage0 -> stage1 stops and starts it in place).
    assert_eq!(
        id_at("stage1", "WebInstance"),
        id_at("stage0", "WebInstance")
    );
    let out = scalectl(
        &moto,
        &["status", "--stack-name", "climb", "--output", "json"],
    );
    let (stdout, _) = expect(&out, 0);
    assert_eq!(json(&stdout)["status"], "UPDATE_COMPLETE");

    // stage7 does not grow the stage6 stack yet: deploying it under the same name is refused
    // before anything is sent, rather than leaving the data behind beside four empty stacks.
    let out = scalectl(
        &moto,
        &["deploy", "stage7", "--stack-name", "climb", "--yes"],
    );
    let (_, stderr) = expect(&out, 4);
    assert!(
        stderr.contains("stack `climb` exists, and this stage does not deploy it"),
        "{stderr}"
    );
    let stacks = moto.python(
        "print(sorted(s['StackName'] for r in ['us-east-1', 'eu-west-1', 'ap-southeast-1'] \
         for s in client('cloudformation', r).describe_stacks()['Stacks']))",
    );
    assert_eq!(stacks.trim(), "['climb']");
}
