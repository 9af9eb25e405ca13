//! The ladder climbed in place against the moto shim: stage0, then stage1 ... stage7, each
//! deployed over the one before under one stack name, with `--yes` and no `--allow-replace`.
//! Every rung exits 0, and the data tier keeps its physical IDs: the database made at stage1
//! is the same database at stage7, the shards and tables made at stage5 the same at stage7,
//! where the stack grows into the first region of three and its tables gain a replica in
//! each other region, one update at a time.

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
fn stages_0_to_7_climb_in_place_and_keep_their_data() {
    let moto = Moto::with_zone();
    let mut seen: Vec<(String, BTreeMap<String, String>)> = Vec::new();
    for stage in [
        "stage0", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6", "stage7",
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
        for stack in doc["stacks"].as_array().into_iter().flatten() {
            assert_eq!(stack["result"], "deployed", "{stage}: {stdout}\n{stderr}");
        }
        assert!(
            !stderr.contains("refused:"),
            "{stage}: an update-time rule refused:\n{stderr}"
        );
        if stage == "stage7" {
            // Two replicas per table: two updates of the stack (the shim, like AWS, fails an
            // update that adds both).
            assert!(
                stderr.contains("update 1/2: global tables change one replica per update")
                    && stderr.contains("update 2/2"),
                "{stderr}"
            );
        }
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
    for stage in ["stage2", "stage3", "stage4", "stage5", "stage6", "stage7"] {
        assert_eq!(id_at(stage, "Database"), database, "{stage}");
    }
    // The shards, tables and the user-data bucket come at stage5 and stay.
    for logical in [
        "DatabaseShard1",
        "DatabaseShard2",
        "DatabaseShard3",
        "EventsTable",
        "CartsTable",
        "ObjectsBucket",
    ] {
        let at5 = id_at("stage5", logical);
        assert!(!at5.is_empty(), "{logical}");
        for stage in ["stage6", "stage7"] {
            assert_eq!(id_at(stage, logical), at5, "{logical} at {stage}");
        }
    }
    // The static bucket from stage1 is kept through every rung.
    let static_bucket = id_at("stage1", "StaticBucket");
    assert_eq!(id_at("stage7", "StaticBucket"), static_bucket);
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

    // stage7 added the other regions beside the stack, and a replica of each table there.
    let stacks = moto.python(
        "print(sorted(s['StackName'] for r in ['us-east-1', 'eu-west-1', 'ap-southeast-1'] \
         for s in client('cloudformation', r).describe_stacks()['Stacks']))",
    );
    assert_eq!(
        stacks.trim(),
        "['climb', 'climb-ap-southeast-1', 'climb-eu-west-1']"
    );
    let replicas = moto.python(
        "print(all(client('dynamodb', r).describe_table(TableName=t)['Table']['TableStatus'] == 'ACTIVE' \
         for r in ['us-east-1', 'eu-west-1', 'ap-southeast-1'] for t in ['climb-events', 'climb-carts']))",
    );
    assert_eq!(replicas.trim(), "True");
}
