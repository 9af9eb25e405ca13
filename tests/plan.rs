//! `scalectl plan`: the report in every format (snapshots of stage0, stage5 and stage7),
//! the JSON shape, `--from`, and a stage that cannot carry its stated load.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use support::{scalectl, snapshot_settings};

use serde_json::Value as J;

fn plan(args: &[&str]) -> String {
    let mut all = vec!["plan"];
    all.extend_from_slice(args);
    let out = scalectl(&all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn plan_snapshots_in_every_format() {
    for stage in ["stage0", "stage5", "stage7"] {
        for (format, suffix) in [("text", ""), ("markdown", ".md"), ("json", ".json")] {
            let out = plan(&[stage, "--format", format]);
            let name = format!("plan-{stage}{suffix}");
            snapshot_settings().bind(|| insta::assert_snapshot!(name, out));
        }
    }
}

#[test]
fn text_plan_shows_capacity_cost_findings_and_diagram_at_a_glance() {
    let out = plan(&["stage5"]);
    let glance: Vec<&str> = out.lines().skip(3).take(7).collect();
    assert_eq!(glance[0], "At a glance");
    assert!(glance[1].contains("load") && glance[1].contains("4,167-20,833 requests/s"));
    assert!(glance[2].contains("capacity   holds the peak"));
    assert!(glance[3].contains("cost       ~$") && glance[3].contains("/month"));
    assert!(glance[4].contains("findings   0 errors, 2 warnings"));
    assert!(out.contains("\nArchitecture\n  users -> "));
    assert!(
        out.contains("\nMonthly cost estimate (USD, on-demand list prices of us-east-1 as of ")
    );
}

#[test]
fn json_plan_has_the_documented_shape() {
    let doc: J = serde_json::from_str(&plan(&["stage7", "--format", "json"])).unwrap();
    assert_eq!(doc["version"], 1);
    for key in [
        "stage",
        "title",
        "extends",
        "adds",
        "regions",
        "stacks",
        "waves",
        "layers",
        "shards",
        "findings",
        "quotas",
        "capacity",
        "cost",
        "comparison",
        "diagram",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    assert_eq!(doc["stacks"].as_array().unwrap().len(), 3);
    assert_eq!(doc["capacity"]["holds"], true);
    assert_eq!(doc["capacity"]["load"]["users"], 18_000_000);
    assert_eq!(doc["capacity"]["flow"]["regions"], 3);
    let checks = doc["capacity"]["checks"].as_array().unwrap();
    assert!(checks.iter().any(|c| c["tier"] == "database_writes"));
    let cost = &doc["cost"];
    let total: f64 = cost["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["monthly"].as_f64().unwrap())
        .sum();
    assert!((total - cost["total"].as_f64().unwrap()).abs() < 0.05);
    assert_eq!(cost["currency"], "USD");
    assert!(cost["region_factors"]["eu-west-1"].as_f64().unwrap() > 1.0);
    assert_eq!(doc["shards"]["total"], 12);
    assert_eq!(doc["comparison"]["from"], "stage6");
    assert!(doc["diagram"].as_str().unwrap().contains("flowchart"));
    let q = &doc["quotas"][0];
    for key in ["region", "code", "name", "need", "quota", "source", "what"] {
        assert!(q.get(key).is_some(), "quota row lacks {key}");
    }
}

#[test]
fn markdown_plan_embeds_the_mermaid_diagram() {
    let out = plan(&["stage3", "--format", "markdown"]);
    assert!(out.starts_with("# stage3: "));
    let start = out.find("```mermaid\n").unwrap();
    let end = out[start + 11..].find("\n```").unwrap();
    let diagram = &out[start + 11..start + 11 + end];
    assert!(diagram.contains("flowchart"));
    assert!(
        !diagram.contains("\n\n"),
        "blank lines in the diagram block"
    );
    assert!(out.contains("| tier | peak |"));
}

#[test]
fn from_compares_resources_and_cost_with_any_stage() {
    let out = plan(&["stage5", "--from", "stage2"]);
    assert!(out.contains("stage5 compared with stage2"), "{out}");
    assert!(!out.contains("What stage5 adds over"));
    let doc: J =
        serde_json::from_str(&plan(&["stage5", "--from", "stage2", "--format", "json"])).unwrap();
    let c = &doc["comparison"];
    assert_eq!(c["from"], "stage2");
    let stage2: J = serde_json::from_str(&plan(&["stage2", "--format", "json"])).unwrap();
    assert_eq!(c["cost_from"], stage2["cost"]["total"]);
    assert_eq!(c["cost_to"], doc["cost"]["total"]);
    // The cache is new since stage2: its whole cost is a difference.
    let cache = c["cost_by_type"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["resource_type"] == "AWS::ElastiCache::ReplicationGroup")
        .unwrap();
    assert_eq!(cache["from"], 0.0);
    assert!(
        c["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "Cache" && r["change"] == "+")
    );
    // A file can be compared too, and a missing one is an error pointing at the argument.
    let out = scalectl(&["plan", "stage5", "--from", "no/such.yaml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_stage_files_raw_resources_and_overrides_are_listed() {
    let out = plan(&["tests/fixtures/valid/extended.yaml"]);
    assert!(out.contains("Stage file extensions"), "{out}");
    assert!(
        out.contains("+ ClickStream (AWS::Kinesis::Stream) in the stage's own stack"),
        "{out}"
    );
    assert!(
        out.contains(
            "~ Database: Properties.BackupRetentionPeriod, Properties.PreferredBackupWindow"
        ),
        "{out}"
    );
    let json: serde_json::Value = serde_json::from_str(&plan(&[
        "tests/fixtures/valid/extended.yaml",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["extensions"]["resources"][0]["id"], "ClickStream");
    assert_eq!(json["extensions"]["overrides"][0]["resource"], "Database");
    // A golden path has none, and says nothing of them.
    assert!(!plan(&["stage2"]).contains("Stage file extensions"));
}

#[test]
fn each_services_rollout_is_stated() {
    let out = plan(&["tests/fixtures/valid/services.yaml"]);
    assert!(
        out.contains("services   orders: canary 10.0% then all, ~25 min baking; catalog: blue/green, bake 20 min"),
        "{out}"
    );
    let json: serde_json::Value = serde_json::from_str(&plan(&[
        "tests/fixtures/valid/services.yaml",
        "--format",
        "json",
    ]))
    .unwrap();
    let rollouts = &json["service_rollouts"];
    assert_eq!(rollouts[0]["strategy"], "canary");
    assert_eq!(rollouts[0]["percent"], 10.0);
    // 10 minutes after the shift, 15 at the canary share.
    assert_eq!(rollouts[0]["total_bake_minutes"], 25);
    assert_eq!(rollouts[1]["strategy"], "blue_green");
    assert_eq!(rollouts[1]["bake_minutes"], 20);
}

#[test]
fn an_undersized_stage_says_which_tiers_fall_short() {
    let out = plan(&["tests/fixtures/valid/undersized.yaml"]);
    assert!(
        out.contains("capacity   SHORT in application, database writes, database reads"),
        "{out}"
    );
    assert!(out.contains("`scalectl recommend --users 10M`"), "{out}");
    assert!(
        out.contains("SHORT writes/s: 1 primary (db.t4g.medium)"),
        "{out}"
    );
    assert!(out.contains("this stage's shape caps it"), "{out}");
    assert!(out.contains("raise `compute.web.max`"), "{out}");
}

#[test]
fn validate_warns_where_a_stated_load_is_not_held() {
    let out = scalectl(&[
        "validate",
        "tests/fixtures/valid/undersized.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let capacity: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "scalectl::validate::capacity")
        .collect();
    assert_eq!(capacity.len(), 3, "{capacity:?}");
    assert!(capacity.iter().all(|d| d["severity"] == "warning"));
    let help: Vec<&str> = capacity
        .iter()
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert!(
        help[0].contains("`compute.web.max: 131` (now 16)"),
        "{help:?}"
    );
    assert!(
        help.iter()
            .any(|h| h.contains("`data.database.read_replicas: 6` (now 2)")),
        "{help:?}"
    );
    assert!(
        help.iter()
            .any(|h| h.contains("one primary takes every write")
                && h.contains("names a stage that holds the load")),
        "{help:?}"
    );
    // A write-short database is not offered read replicas.
    assert!(
        !help
            .iter()
            .any(|h| h.contains("one primary") && h.contains("read_replicas:")),
        "{help:?}"
    );
    // Every golden path holds the load it states: no capacity finding.
    for stage in ["stage0", "stage3", "stage5", "stage7"] {
        let out = scalectl(&["validate", stage, "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "scalectl::validate::capacity");
        assert!(!found, "{stage}");
    }
}

#[test]
fn a_multi_region_plan_says_how_tenants_are_reached_and_what_a_lost_region_does() {
    let text = plan(&["stage7"]);
    assert!(
        text.contains("reach: latency DNS sends a request to the nearest healthy region, which serves the tenants whose shards it homes"),
        "{text}"
    );
    assert!(
        text.contains("region lost: the shards homed in a lost region"),
        "{text}"
    );
    let doc: J = serde_json::from_str(&plan(&["stage7", "--format", "json"])).unwrap();
    assert!(
        doc["shards"]["reach"]
            .as_str()
            .unwrap()
            .contains("redirect to the home region's own name")
    );
    assert!(doc["shards"]["region_lost"].is_string());
    // One region: nothing to say.
    let doc: J = serde_json::from_str(&plan(&["stage5", "--format", "json"])).unwrap();
    assert!(doc["shards"]["reach"].is_null());
    // And plan --from shows each climb's data moves.
    let text = plan(&["stage7", "--from", "stage6"]);
    assert!(text.contains("Deploying stage7 over stage6"), "{text}");
    assert!(
        text.contains("data move: the stage grows from 1 region to 3"),
        "{text}"
    );
    let text = plan(&["stage1", "--from", "stage0"]);
    assert!(
        text.contains("data move: the database moves from the box's own PostgreSQL to RDS"),
        "{text}"
    );
}
