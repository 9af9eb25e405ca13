//! Stack graphs: the 10-region x 64-shard spec stays within every CloudFormation limit and
//! its graph (names and dependencies) is snapshotted; shards keep their stack and logical ID
//! as a stage grows; split stacks pass cfn-lint and wire every parameter to an output.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use scalectl::commands::{FsReader, Prepared, prepare};
use scalectl::synth::placement::{self, SHARDS_PER_STACK};
use scalectl::synth::stack_order as graph;
use scalectl::validate::limits::{MAX_PARAMETERS, MAX_RESOURCES, MAX_S3_BODY};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

const WIDE: &str = "tests/fixtures/valid/wide-10x64.yaml";

fn prepared(stage: &str) -> Prepared {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(stage);
    let arg = if stage.ends_with(".yaml") {
        path.to_string_lossy().to_string()
    } else {
        stage.to_string()
    };
    match prepare(&arg, None, None, &FsReader) {
        Ok(p) => p,
        Err(e) => panic!("{stage} does not validate: {e:?}"),
    }
}

/// Write a stage file extending `parent` with `shards` shards into the target's temp dir.
fn stage_with_shards(parent: &str, shards: u32) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("graph");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{parent}-{shards}.yaml"));
    std::fs::write(
        &path,
        format!("extends: {parent}\nname: grow\ndata:\n  database:\n    shards: {shards}\n"),
    )
    .unwrap();
    path.to_string_lossy().to_string()
}

#[test]
fn ten_regions_by_64_shards_stay_within_every_limit() {
    let wide = prepared(WIDE);
    let stacks = &wide.stacks;
    assert_eq!(stacks.len(), 10 * 4, "10 regions of 4 stacks");
    for stack in stacks {
        let t = &stack.template;
        let name = stack.stack_name("wide");
        assert!(t.resources.len() <= MAX_RESOURCES, "{name} resources");
        assert!(t.outputs.len() <= MAX_PARAMETERS, "{name} outputs");
        assert!(t.parameters.len() <= MAX_PARAMETERS, "{name} parameters");
        assert!(t.to_json().len() <= MAX_S3_BODY, "{name} body");
    }
    // Every shard is in exactly one stack, 16 to a stack: each has one shard-map entry.
    let mut homes: BTreeMap<String, String> = BTreeMap::new();
    for stack in stacks {
        let entries: Vec<&String> = stack
            .template
            .resources
            .keys()
            .filter(|id| id.ends_with("MapEntry"))
            .collect();
        assert!(entries.len() <= SHARDS_PER_STACK, "{}", stack.suffix);
        for id in entries {
            let before = homes.insert(id.clone(), stack.suffix.clone());
            assert!(before.is_none(), "{id} in two stacks");
        }
    }
    assert_eq!(homes.len(), 640);

    // The graph: names and dependencies, in deploy waves.
    let waves = graph::waves(stacks).unwrap();
    let mut text = String::new();
    for (i, wave) in waves.iter().enumerate() {
        text.push_str(&format!("wave {}\n", i + 1));
        for &s in wave {
            let stack = &stacks[s];
            let after: Vec<String> = stack
                .depends_on
                .iter()
                .map(|d| scalectl::synth::stack_name("wide", d))
                .collect();
            let inputs: Vec<String> = stack
                .inputs
                .iter()
                .map(|i| format!("{}<-{}", i.parameter, i.output))
                .collect();
            text.push_str(&format!(
                "  {} [{}] after [{}] inputs [{}]\n",
                stack.stack_name("wide"),
                stack.region,
                after.join(", "),
                inputs.join(", ")
            ));
        }
    }
    let settings = support::snapshot_settings();
    settings.bind(|| insta::assert_snapshot!("graph-wide-10x64", text));
}

#[test]
fn every_input_reads_an_output_its_producer_has() {
    for stage in [WIDE, "stage7"] {
        let stacks = prepared(stage).stacks;
        let by_suffix: BTreeMap<&str, _> = stacks.iter().map(|s| (s.suffix.as_str(), s)).collect();
        for stack in &stacks {
            for input in &stack.inputs {
                let producer = by_suffix[input.from_stack.as_str()];
                assert!(
                    producer.template.outputs.contains_key(&input.output),
                    "{stage}: {} reads {} of {}, which has no such output",
                    stack.suffix,
                    input.output,
                    input.from_stack
                );
                assert!(
                    stack.template.parameters.contains_key(&input.parameter),
                    "{stage}: {} has no parameter {}",
                    stack.suffix,
                    input.parameter
                );
            }
            // And every parameter without a default is fed: from another stack's output,
            // pinned by deploy from Systems Manager, or a hosted zone deploy looks up.
            for (name, parameter) in &stack.template.parameters {
                assert!(
                    parameter.default.is_some()
                        || stack.inputs.iter().any(|i| &i.parameter == name)
                        || stack.pins.iter().any(|p| &p.parameter == name)
                        || stack.zones.iter().any(|z| &z.parameter == name),
                    "{stage}: {}'s parameter {name} is never filled",
                    stack.suffix
                );
            }
        }
    }
}

/// (stack suffix, logical ID) of every resource.
fn identities(stage: &str) -> std::collections::BTreeSet<(String, String)> {
    let mut out = std::collections::BTreeSet::new();
    for stack in prepared(stage).stacks {
        for id in stack.template.resources.keys() {
            out.insert((stack.suffix.clone(), id.clone()));
        }
    }
    out
}

#[test]
fn growing_shards_never_moves_a_resource_to_another_stack() {
    // 12 shards (one stack), 20 (a shard stack appears), 40 (another), 64.
    let sizes = [12u32, 20, 40, 64];
    let stages: Vec<String> = sizes
        .iter()
        .map(|n| stage_with_shards("stage5", *n))
        .collect();
    for pair in stages.windows(2) {
        let (before, after) = (identities(&pair[0]), identities(&pair[1]));
        for (stack, id) in &before {
            assert!(
                after.contains(&(stack.clone(), id.clone())),
                "{id} was in stack `{stack}` and must stay there as the stage grows"
            );
        }
    }
    let grown = prepared(&stages[3]);
    let suffixes: Vec<&str> = grown.stacks.iter().map(|s| s.suffix.as_str()).collect();
    assert_eq!(suffixes, ["", "shards-1", "shards-2", "shards-3"]);
    let place = placement::place(&grown.loaded.stage);
    assert_eq!(place.in_stack("").len(), SHARDS_PER_STACK);
    assert_eq!(place.in_stack("shards-3"), (48..64).collect::<Vec<u32>>());
}

#[test]
fn adding_a_region_shows_which_shards_move() {
    let three = prepared("stage7");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("graph");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("four-regions.yaml");
    std::fs::write(
        &path,
        "extends: stage7\nname: four\nregions:\n  - name: us-east-1\n    vpc_cidr: 10.0.0.0/16\n    shards: [0, 1, 2]\n  - name: eu-west-1\n    vpc_cidr: 10.1.0.0/16\n    shards: [4, 5, 6, 7]\n  - name: ap-southeast-1\n    vpc_cidr: 10.2.0.0/16\n    shards: [8, 9, 10, 11]\n  - name: us-west-2\n    vpc_cidr: 10.3.0.0/16\n    shards: [3]\n",
    )
    .unwrap();
    let four = prepared(&path.to_string_lossy());
    let change = placement::moves(
        &placement::place(&three.loaded.stage),
        &placement::place(&four.loaded.stage),
    );
    assert_eq!(change.resharded, None, "same shard count, same key ranges");
    let moved: Vec<(u32, Option<&str>, Option<&str>)> = change
        .moves
        .iter()
        .map(|m| {
            (
                m.shard,
                m.from.as_ref().map(|f| f.0.as_str()),
                m.to.as_ref().map(|t| t.0.as_str()),
            )
        })
        .collect();
    // Only the shard listed under another region changes home.
    assert_eq!(moved, [(3, Some("us-east-1"), Some("us-west-2"))]);
    // The plan says so in words.
    let out = Command::new(env!("CARGO_BIN_EXE_scalectl"))
        .args(["plan", &path.to_string_lossy()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("> shard 3: moves us-east-1 (stage7) -> us-west-2 (four-us-west-2)"),
        "{text}"
    );
    assert!(!text.contains("every key range changes"), "{text}");
    // Growing the shard count instead reshards every key range.
    let grown = stage_with_shards("stage7", 15);
    let out = Command::new(env!("CARGO_BIN_EXE_scalectl"))
        .args(["plan", &grown])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("12 -> 15 shards: every key range changes"),
        "{text}"
    );
    assert!(
        text.contains("+ shards 12-14: new, in ap-southeast-1"),
        "{text}"
    );
    assert!(text.contains("> shard 4: moves eu-west-1"), "{text}");
}

#[test]
fn split_stacks_pass_cfn_lint() {
    let lint = std::env::var_os("SCALECTL_CFN_LINT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/cfn-lint"));
    let wide = prepared(WIDE);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("graph-lint");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // One region's stacks and the first region's own stack (with the CDN and the global
    // tables): every other region has the same shapes.
    let mut files = Vec::new();
    for stack in wide
        .stacks
        .iter()
        .filter(|s| s.region == "eu-west-1" || s.suffix.is_empty())
    {
        let path = dir.join(stack.file_name("wide"));
        std::fs::write(&path, stack.template.to_json()).unwrap();
        files.push(path);
    }
    assert_eq!(files.len(), 5);
    let out = Command::new(&lint)
        .args(["--format", "parseable", "--ignore-checks", "W3010", "--"])
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run cfn-lint at {}: {e}", lint.display()));
    let findings = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && findings.trim().is_empty(),
        "cfn-lint found problems:\n{findings}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn global_tables_are_named_for_the_stack_graph_so_two_environments_do_not_collide() {
    let names = |stack_name: &str| -> Vec<String> {
        let p = prepare("stage7", None, Some(stack_name), &FsReader)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let global = p.stacks.iter().find(|s| s.suffix.is_empty()).unwrap();
        let mut names: Vec<String> = global
            .template
            .resources
            .values()
            .filter(|r| r.resource_type == "AWS::DynamoDB::GlobalTable")
            .map(|r| r.properties["TableName"].as_str().unwrap_or("").to_string())
            .collect();
        names.sort();
        // Every region's role and settings name the same tables.
        for stack in p.stacks.iter().filter(|s| !s.suffix.is_empty()) {
            let text = stack.template.to_json();
            for name in &names {
                assert!(
                    text.contains(&format!("table/{name}")),
                    "{}: {name}",
                    stack.suffix
                );
            }
            assert!(
                text.contains(&format!("TABLE_EVENTS={stack_name}-events")),
                "{}",
                stack.suffix
            );
        }
        names
    };
    assert_eq!(names("prod"), ["prod-carts", "prod-events"]);
    assert_eq!(names("staging"), ["staging-carts", "staging-events"]);
}
