//! Editor support and scaffolding: `schema` validates every golden path (and refuses what
//! the loader refuses), `init` writes a file that loads and validates, `completions` works
//! for every shell.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use support::scalectl;

use scalectl::stage::loader::document_json;
use scalectl::stage::{BUILTIN_STAGES, yaml};
use serde_json::Value as J;
use std::path::Path;

fn schema() -> jsonschema::Validator {
    let out = scalectl(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: J = serde_json::from_slice(&out.stdout).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn yaml_json(text: &str) -> J {
    document_json(&yaml::parse(0, text).unwrap())
}

fn errors(validator: &jsonschema::Validator, doc: &J) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn schema_validates_every_golden_path() {
    let validator = schema();
    for stage in BUILTIN_STAGES {
        let doc = yaml_json(stage.text);
        let errs = errors(&validator, &doc);
        assert!(errs.is_empty(), "{}: {errs:?}", stage.name);
    }
}

#[test]
fn schema_validates_every_valid_fixture_and_refuses_typos() {
    let validator = schema();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let doc = yaml_json(&std::fs::read_to_string(&path).unwrap());
            let errs = errors(&validator, &doc);
            assert!(errs.is_empty(), "{}: {errs:?}", path.display());
        }
    }
    // What the loader refuses, the schema refuses too.
    let typo = yaml_json(
        "extends: stage3\nname: x\ntitle: x\ncompute:\n  web:\n    instance_typ: t3.small\n",
    );
    assert!(
        !errors(&validator, &typo).is_empty(),
        "unknown field accepted"
    );
    let bad_share = yaml_json(
        "extends: stage3\nname: x\ntitle: x\ncapacity:\n  users: 10M\n  peak_concurrency: 5\n",
    );
    assert!(
        !errors(&validator, &bad_share).is_empty(),
        "a share of 5 accepted"
    );
    for (assumption, value) in [
        ("rps_per_vcpu", "0"),
        ("static_response_kb", "-1"),
        ("db_reads_per_vcpu", "2e9"),
    ] {
        let bad = yaml_json(&format!(
            "extends: stage3\nname: x\ntitle: x\ncapacity:\n  users: 10M\n  assumptions:\n    {assumption}: {value}\n"
        ));
        assert!(
            !errors(&validator, &bad).is_empty(),
            "{assumption}: {value} accepted"
        );
    }
    // Without `extends`, the required fields are required.
    let bare = yaml_json("name: x\ntitle: x\n");
    let errs = errors(&validator, &bare);
    assert!(errs.iter().any(|e| e.contains("network")), "{errs:?}");
}

#[test]
fn init_writes_a_stage_that_loads_validates_and_carries_the_schema_comment() {
    let dir = tempdir("init");
    let dir_arg = dir.to_string_lossy().to_string();
    for from in ["stage0", "stage3", "stage5", "stage7"] {
        let name = format!("team-{from}");
        let out = scalectl(&["init", "--from", from, "--name", &name, "--dir", &dir_arg]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let file = dir.join(format!("{name}.yaml"));
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with("# yaml-language-server: $schema=./stage.schema.json\n"));
        assert!(text.contains(&format!("extends: {from}\nname: {name}\n")));
        // It loads and validates (exit 0), and the schema accepts it.
        let file_arg = file.to_string_lossy().to_string();
        let validate = scalectl(&["validate", &file_arg]);
        assert_eq!(
            validate.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&validate.stderr)
        );
        assert!(errors(&schema(), &yaml_json(&text)).is_empty());
        // The escape hatches it shows commented out validate once uncommented.
        let (head, hatches) = text
            .split_once("# --- escape hatches ---\n")
            .unwrap_or_else(|| panic!("{from}: no escape hatches in\n{text}"));
        let uncommented: String = hatches
            .lines()
            .map(|l| format!("{}\n", l.strip_prefix("# ").unwrap_or(l)))
            .collect();
        let tried = dir.join(format!("{name}-hatches.yaml"));
        std::fs::write(&tried, format!("{head}{uncommented}")).unwrap();
        let validate = scalectl(&["validate", &tried.to_string_lossy()]);
        assert_eq!(
            validate.status.code(),
            Some(0),
            "{from}: {}",
            String::from_utf8_lossy(&validate.stderr)
        );
        assert!(String::from_utf8_lossy(&validate.stdout).contains("valid"));
    }
    // The schema beside it is the one `scalectl schema` prints.
    let written = std::fs::read(dir.join("stage.schema.json")).unwrap();
    assert_eq!(written, scalectl(&["schema"]).stdout);
    // A second init with the same name refuses to overwrite.
    let again = scalectl(&[
        "init",
        "--from",
        "stage3",
        "--name",
        "team-stage3",
        "--dir",
        &dir_arg,
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
}

#[test]
fn init_with_users_writes_the_sizes_recommend_finds() {
    let dir = tempdir("init-sized");
    let dir_arg = dir.to_string_lossy().to_string();
    let out = scalectl(&[
        "init", "--from", "stage5", "--name", "shop", "--dir", &dir_arg, "--users", "10M",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("shop.yaml")).unwrap();
    // 20,833 dynamic requests/s x 1.25 / 200 per m6i.large = 131; 3 shards of 2 replicas.
    assert!(text.contains("\n    max: 131\n"), "{text}");
    assert!(text.contains("\n    shards: 3\n"), "{text}");
    assert!(text.contains("\n  users: 10M"), "{text}");
    let plan = scalectl(&["plan", &dir.join("shop.yaml").to_string_lossy()]);
    assert!(String::from_utf8_lossy(&plan.stdout).contains("capacity   holds the peak"));
}

#[test]
fn init_writes_the_load_as_given_and_quotes_what_yaml_would_misread() {
    let dir = tempdir("init-load");
    let dir_arg = dir.to_string_lossy().to_string();
    let out = scalectl(&[
        "init",
        "--from",
        "stage2",
        "--name",
        "True",
        "--dir",
        &dir_arg,
        "--users",
        "4.1M",
        "--concurrency",
        "12.5%",
        "--rpm",
        "2-6",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("True.yaml")).unwrap();
    // `True` unquoted is a boolean to YAML; 4.1M once failed to parse back.
    assert!(text.contains("\nname: \"True\"\n"), "{text}");
    assert!(text.contains("\n  users: 4.1M"), "{text}");
    assert!(text.contains("\n  peak_concurrency: \"12.5%\""), "{text}");
    assert!(text.contains("\n  requests_per_minute: \"2-6\""), "{text}");
    assert!(
        text.contains("scalectl recommend --users 4.1M --concurrency 12.5% --rpm 2-6"),
        "{text}"
    );
    let validate = scalectl(&["validate", &dir.join("True.yaml").to_string_lossy()]);
    assert_eq!(validate.status.code(), Some(0));
    // The load flags size a stage: without --users they are refused.
    let out = scalectl(&[
        "init", "--from", "stage2", "--name", "x", "--dir", &dir_arg, "--rpm", "2-6",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--users"));
}

#[test]
fn init_says_when_the_stage_cannot_hold_the_load() {
    let dir = tempdir("init-short");
    let dir_arg = dir.to_string_lossy().to_string();
    let out = scalectl(&[
        "init", "--from", "stage0", "--name", "tiny", "--dir", &dir_arg, "--users", "2M",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "written as asked, with warnings"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("as sized it does not hold 2M users")
            && stdout.contains("recommend --users 2M"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("scalectl::validate::capacity").count(),
        3,
        "{stderr}"
    );
    // Every warning is located: the database on the box is sized by the box.
    assert!(!stderr.contains("  ⚠ at 2M"), "{stderr}");
}

#[test]
fn init_refuses_what_would_not_validate() {
    let dir = tempdir("init-bad");
    let dir_arg = dir.to_string_lossy().to_string();
    let out = scalectl(&["init", "--from", "stage9", "--name", "x", "--dir", &dir_arg]);
    assert_eq!(out.status.code(), Some(2));
    let out = scalectl(&[
        "init",
        "--from",
        "stage2",
        "--name",
        "Bad Name!",
        "--dir",
        &dir_arg,
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!dir.join("Bad Name!.yaml").exists());
    let out = scalectl(&[
        "init", "--from", "stage2", "--name", "x", "--dir", &dir_arg, "--region", "mars-1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("x.yaml:"),
        "located in the scaffold: {stderr}"
    );
    let out = scalectl(&[
        "init",
        "--from",
        "stage7",
        "--name",
        "y",
        "--dir",
        &dir_arg,
        "--region",
        "eu-west-1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`regions:`"));
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef scalectl"),
        ("fish", "complete -c scalectl"),
    ] {
        let out = scalectl(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(marker), "{shell}");
        for sub in ["plan", "recommend", "graph", "init", "schema"] {
            assert!(text.contains(sub), "{shell} lacks {sub}");
        }
    }
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("scalectl-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Every commented field of a scaffold, the team's application included (image, bootstrap,
/// settings, each service's command, environment and rollout, each worker's code from a
/// directory), validates once uncommented.
#[test]
fn init_scaffolds_the_application_fields_and_they_validate_uncommented() {
    let dir = tempdir("init-app");
    let dir_arg = dir.to_string_lossy().to_string();
    let out = scalectl(&[
        "init", "--from", "stage6", "--name", "app", "--dir", &dir_arg,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("app.yaml")).unwrap();
    for field in [
        "image:",
        "bootstrap:",
        "settings:",
        "rollout: {strategy: canary",
        "code: {path: workers/notifier",
    ] {
        assert!(text.contains(field), "no {field} in\n{text}");
    }
    // The body is everything between the title and the security comment.
    let (head, rest) = text.split_once("\ntitle: ").unwrap();
    let (body, _) = rest.split_once("\n# Security is on by default").unwrap();
    let uncommented: String = body
        .lines()
        .map(|line| {
            let indent = line.len() - line.trim_start().len();
            let (lead, tail) = line.split_at(indent);
            format!("{lead}{}\n", tail.strip_prefix("# ").unwrap_or(tail))
        })
        .collect();
    for worker in ["order-worker", "notifier"] {
        let code = dir.join("workers").join(worker);
        std::fs::create_dir_all(&code).unwrap();
        std::fs::write(
            code.join("app.py"),
            "def handler(event, context):\n    return 1\n",
        )
        .unwrap();
    }
    let tried = dir.join("app-uncommented.yaml");
    std::fs::write(&tried, format!("{head}\ntitle: {uncommented}")).unwrap();
    let validate = scalectl(&["validate", &tried.to_string_lossy()]);
    assert_eq!(
        validate.status.code(),
        Some(0),
        "{}\n{}",
        String::from_utf8_lossy(&validate.stderr),
        std::fs::read_to_string(&tried).unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
