//! `scalectl recommend`: the lowest stage that holds a load, sized and explained; every
//! golden path's own load is held by it or a lower stage.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use scalectl::plan::recommend::recommend;
use scalectl::stage::CapacitySpec;
use serde_json::Value as J;

use support::{builtin_names, scalectl, synth_builtin};

fn ladder() -> Vec<scalectl::stage::Stage> {
    builtin_names()
        .iter()
        .map(|n| synth_builtin(n).0.stage)
        .collect()
}

#[test]
fn ten_million_users_get_stage5_with_reasons_for_the_rest() {
    let out = scalectl(&["recommend", "--users", "10M"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("500,000 sessions x 1-5 requests/min / 60 = 8,333-41,667 requests/s"));
    assert!(
        text.contains("Recommendation: stage5 (sharded data + NoSQL), sized for 10M users"),
        "{text}"
    );
    assert!(text.contains("one box cannot grow"), "{text}");
    assert!(text.contains("one primary takes every write"), "{text}");
    assert!(text.contains("compute.web.max"), "{text}");
    assert!(text.contains("Cost: ~$"), "{text}");
    assert!(text.contains("scalectl init --from stage5"), "{text}");
}

#[test]
fn json_names_the_stage_and_its_sizes() {
    let out = scalectl(&[
        "recommend",
        "--users",
        "2.5M",
        "--concurrency",
        "10%",
        "--rpm",
        "2-6",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let doc: J = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["load"]["users"], 2_500_000);
    assert_eq!(doc["load"]["sessions"], 250_000.0);
    assert_eq!(doc["load"]["rps"]["high"], 25_000.0);
    assert_eq!(doc["ladder"].as_array().unwrap().len(), 8);
    let rec = &doc["recommendation"];
    assert!(rec["stage"].as_str().unwrap().starts_with("stage"));
    assert_eq!(rec["capacity"]["holds"], true);
    assert!(rec["cost"]["total"].as_f64().unwrap() > 0.0);
}

#[test]
fn quotas_to_raise_before_the_first_deploy_are_named() {
    let json = |users: &str| -> J {
        let out = scalectl(&["recommend", "--users", users, "--format", "json"]);
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // 10M users: a fleet of m6i.large far past the 5-vCPU default On-Demand quota.
    let doc = json("10M");
    let over = doc["recommendation"]["quotas_over_default"]
        .as_array()
        .unwrap();
    let on_demand = over.iter().find(|q| q["code"] == "L-1216C47A").unwrap();
    assert!(on_demand["need"].as_f64().unwrap() > on_demand["quota"].as_f64().unwrap());
    assert_eq!(on_demand["source"], "default");
    // 5k users: one box fits every default.
    let doc = json("5k");
    assert_eq!(
        doc["recommendation"]["quotas_over_default"],
        serde_json::json!([])
    );
    let out = scalectl(&["recommend", "--users", "10M"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Quotas past AWS's default values"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn every_golden_path_load_is_held_at_or_below_its_stage() {
    let ladder = ladder();
    for (i, stage) in ladder.iter().enumerate() {
        let spec = stage.capacity.clone().unwrap();
        let r = recommend(&ladder, &spec);
        let (chosen, _) = r.chosen.unwrap();
        let at = builtin_names().iter().position(|n| *n == chosen).unwrap();
        assert!(
            at <= i,
            "{}'s own load ({}) recommends {chosen}",
            stage.name,
            spec.users
        );
    }
}

#[test]
fn small_loads_stay_small_and_loads_grow_the_answer() {
    let ladder = ladder();
    let pick = |users: u64| {
        recommend(&ladder, &CapacitySpec::for_users(users))
            .chosen
            .unwrap()
            .0
    };
    assert_eq!(pick(1_000), "stage0");
    let order: Vec<usize> = [1_000, 100_000, 1_000_000, 10_000_000, 50_000_000]
        .iter()
        .map(|u| builtin_names().iter().position(|n| *n == pick(*u)).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
}

#[test]
fn bad_numbers_are_usage_errors_that_say_how_to_write_them() {
    for (flag, value, hint) in [
        ("--users", "ten", "250k"),
        ("--concurrency", "150%", "between 0% and 100%"),
        ("--rpm", "5-1", "e.g. 1-5"),
        ("--rpm", "1-20000", "at most 10000"),
        ("--concurrency", "0%", "no load"),
        ("--users", "1,5M", "250k"),
        ("--users", "1001B", "1000B"),
    ] {
        let mut args = vec!["recommend", "--users", "1M"];
        if flag == "--users" {
            args = vec!["recommend"];
        }
        args.extend([flag, value]);
        let out = scalectl(&args);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(hint), "{flag} {value}: {stderr}");
    }
}

#[test]
fn graph_prints_mermaid_and_dot() {
    let out = scalectl(&["graph", "stage7"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("flowchart"));
    let out = scalectl(&["graph", "stage2", "--format", "dot"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("digraph")
    );
    let out = scalectl(&["graph", "tests/fixtures/invalid/no_such_file.yaml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_next_step_repeats_the_load_as_given() {
    let out = scalectl(&[
        "recommend",
        "--users",
        "4.1M",
        "--concurrency",
        "12.5%",
        "--rpm",
        "2-6",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("--users 4.1M --concurrency 12.5% --rpm 2-6 writes a stage file"),
        "{stdout}"
    );
    // Defaults are left out.
    let out = scalectl(&["recommend", "--users", "10M"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("--users 10M writes a stage file"),
        "{stdout}"
    );
}

#[test]
fn capacity_from_takes_the_load_and_assumptions_of_a_stage() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("recommend-capacity-from");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("measured.yaml");
    // Half the default requests per vCPU: the fleet doubles.
    std::fs::write(
        &file,
        "extends: stage5\nname: measured\ncapacity:\n  users: 10M\n  assumptions:\n    rps_per_vcpu: 50\n",
    )
    .unwrap();
    let max_of = |args: &[&str]| -> u64 {
        let mut all = vec!["recommend"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let out = scalectl(&all);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: J = serde_json::from_slice(&out.stdout).unwrap();
        doc["recommendation"]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["path"] == "compute.web.max")
            .and_then(|c| c["to"].as_u64())
            .unwrap()
    };
    let defaults = max_of(&["--users", "10M"]);
    let measured = max_of(&["--capacity-from", &file.to_string_lossy()]);
    assert_eq!(defaults, 131);
    assert_eq!(measured, 261);
    // A built-in stage states its own load; flags override it.
    let out = scalectl(&["recommend", "--capacity-from", "stage5"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("sized for 5M users"));
    let out = scalectl(&["recommend", "--capacity-from", "stage5", "--users", "1M"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("sized for 1M users"));
    // validate points a stage with measured assumptions at the same command.
    std::fs::write(
        &file,
        "extends: stage0\nname: measured\ncapacity:\n  users: 1M\n  assumptions:\n    rps_per_vcpu: 50\n",
    )
    .unwrap();
    let out = scalectl(&["validate", &file.to_string_lossy(), "--format", "json"]);
    let doc: J = serde_json::from_slice(&out.stdout).unwrap();
    let wanted = format!(
        "scalectl recommend --capacity-from {}",
        file.to_string_lossy()
    );
    assert!(
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["help"].as_str().unwrap_or("").contains(&wanted)),
        "{doc}"
    );
    // Neither a load nor a stage stating one.
    assert_eq!(scalectl(&["recommend"]).status.code(), Some(2));
    std::fs::write(&file, "extends: stage5\nname: measured\ncapacity: null\n").unwrap();
    let out = scalectl(&["recommend", "--capacity-from", &file.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("states no load"));
}
