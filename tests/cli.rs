//! The binary end to end: exit codes, located diagnostics (snapshotted, colourless), output.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use support::scalectl;

use std::path::{Path, PathBuf};

/// Exit codes as documented in the README.
const INVALID: i32 = 2;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn invalid_fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_invalid_fixture_exits_2_with_a_located_diagnostic() {
    let files = invalid_fixtures();
    assert!(files.len() >= 80, "{} fixtures", files.len());
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let relative = format!("tests/fixtures/invalid/{name}");
        // synth validates first and writes nothing on error.
        let synth = scalectl(&["synth", &relative]);
        assert_eq!(synth.status.code(), Some(INVALID), "{name}");
        assert!(
            synth.stdout.is_empty(),
            "{name}: wrote a template despite the error"
        );
        let out = scalectl(&["validate", &relative]);
        assert_eq!(out.status.code(), Some(INVALID), "{name}");
        let stderr = text(&out.stderr);
        // file:line:column of the offending value, and a help line.
        let located = regex_like_position(&stderr);
        assert!(located, "{name}: no file:line:column in\n{stderr}");
        assert!(stderr.contains("help:"), "{name}: no help in\n{stderr}");
        assert!(
            out.stdout.is_empty(),
            "{name}: printed a summary despite the error"
        );
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../snapshots/diagnostics");
        settings.set_prepend_module_to_snapshot(false);
        let snapshot = name.trim_end_matches(".yaml").to_string();
        settings.bind(|| insta::assert_snapshot!(snapshot, stderr));
    }
}

/// The code a fixture's first line promises: `# expect: scalectl::validate::cidr`.
fn expected_code(file: &Path) -> Option<String> {
    let source = std::fs::read_to_string(file).unwrap();
    let first = source.lines().next()?;
    let code = first.strip_prefix("# expect:")?.trim();
    (code.starts_with("scalectl::") && !code.contains(char::is_whitespace))
        .then(|| code.to_string())
}

/// Each fixture is about one error: its first line names that error's code, and the first
/// error `validate` reports must have it. A re-accepted snapshot cannot hide a fixture that
/// now fails for another reason.
#[test]
fn every_invalid_fixture_fails_first_with_the_code_it_states() {
    let files = invalid_fixtures();
    let mut wrong = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let Some(expected) = expected_code(&file) else {
            wrong.push(format!(
                "{name}: the first line is not `# expect: scalectl::<family>::<code>`"
            ));
            continue;
        };
        let relative = format!("tests/fixtures/invalid/{name}");
        let out = scalectl(&["validate", &relative, "--format", "json"]);
        assert_eq!(out.status.code(), Some(INVALID), "{name}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{name}: no JSON report ({e}):\n{}", text(&out.stdout)));
        let first = report["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|d| d["severity"] == "error");
        let Some(first) = first else {
            wrong.push(format!("{name}: no error in the report"));
            continue;
        };
        let code = first["code"].as_str().unwrap_or("");
        if code != expected {
            wrong.push(format!(
                "{name}: expected {expected}, but the first error is {code}: {}",
                first["message"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// True when the text holds `tests/fixtures/...yaml:LINE:COL`.
fn regex_like_position(stderr: &str) -> bool {
    stderr.split_whitespace().any(|word| {
        let mut parts = word.trim_end_matches(':').rsplitn(3, ':');
        let col = parts.next().unwrap_or("");
        let line = parts.next().unwrap_or("");
        let file = parts.next().unwrap_or("");
        file.ends_with(".yaml")
            && line.parse::<usize>().is_ok_and(|l| l > 0)
            && col.parse::<usize>().is_ok_and(|c| c > 0)
    })
}

#[test]
fn synth_prints_one_stack_as_json_on_stdout() {
    let out = scalectl(&["synth", "stage2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let template: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(template["AWSTemplateFormatVersion"], "2010-09-09");
}

#[test]
fn synth_of_several_stacks_needs_out() {
    let out = scalectl(&["synth", "stage7"]);
    assert_eq!(out.status.code(), Some(INVALID));
    assert!(text(&out.stderr).contains("--out"));

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("synth-out-stage7");
    let _ = std::fs::remove_dir_all(&dir);
    let out = scalectl(&[
        "synth",
        "stage7",
        "--out",
        dir.to_str().unwrap(),
        "--stack-name",
        "shop",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "shop-ap-southeast-1.template.json",
            "shop-eu-west-1.template.json",
            "shop.template.json"
        ]
    );
}

/// Synthesize into a fresh directory under the test target dir; the files by name.
fn synth_out(name: &str, args: &[&str]) -> std::collections::BTreeMap<String, String> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let mut all = args.to_vec();
    all.extend(["--out", dir.to_str().unwrap()]);
    let out = scalectl(&all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

#[test]
fn region_override_moves_the_zones() {
    // Outside us-east-1 the CDN's certificate and web ACL come from a companion stack there.
    let files = synth_out(
        "synth-region",
        &["synth", "stage2", "--region", "eu-west-1"],
    );
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, ["stage2-edge.template.json", "stage2.template.json"]);
    let main = &files["stage2.template.json"];
    assert!(main.contains("eu-west-1a") && !main.contains("us-east-1a"));
    assert!(main.contains("\"CdnCertificateArn\"") && main.contains("\"CdnWebAclArn\""));
    let edge = &files["stage2-edge.template.json"];
    assert!(
        edge.contains("\"CLOUDFRONT\"") && edge.contains("AWS::CertificateManager::Certificate")
    );
    let out = scalectl(&["synth", "stage2", "--region", "nowhere-1"]);
    assert_eq!(out.status.code(), Some(INVALID));
    assert!(text(&out.stderr).contains("`nowhere-1` is not a commercial AWS region"));
}

#[test]
fn invalid_stack_name_is_refused() {
    let out = scalectl(&["synth", "stage0", "--stack-name", "9 lives"]);
    assert_eq!(out.status.code(), Some(INVALID));
    assert!(text(&out.stderr).contains("not a valid stack name"));
}

#[test]
fn a_user_file_extending_a_golden_path_synthesizes_and_plans() {
    let files = synth_out("synth-shop", &["synth", "tests/fixtures/valid/shop.yaml"]);
    let stdout = &files["shop.template.json"];
    assert!(stdout.contains("cache.t4g.small") && stdout.contains("eu-west-1b"));
    let out = scalectl(&["plan", "tests/fixtures/valid/shop.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("What shop adds over stage3"));
}

#[test]
fn stages_lists_the_ladder() {
    let out = scalectl(&["stages"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 9, "{stdout}");
    assert!(lines[1].starts_with("stage0") && lines[1].contains("single box"));
    assert!(
        lines[8].starts_with("stage7") && lines[8].contains("us-east-1,eu-west-1,ap-southeast-1")
    );
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let out = scalectl(&["deploy-everything"]);
    assert_eq!(out.status.code(), Some(INVALID));
}

#[test]
fn an_allowance_for_a_resource_of_several_stacks_must_name_the_stack() {
    // Refused offline: the endpoint is unreachable, so reaching AWS would be exit 1.
    let deploy = |allow: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_scalectl"))
            .args(["deploy", "stage7", "--stack-name", "shop", "--yes"])
            .args(["--allow-replace", allow, "--color", "never"])
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .unwrap()
    };
    let out = deploy("Cache");
    assert_eq!(out.status.code(), Some(INVALID));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("`Cache` is a resource of 3 stacks"),
        "{stderr}"
    );
    assert!(stderr.contains("--allow-replace shop/Cache"), "{stderr}");
    // In no new template: perhaps being removed from several stacks at once.
    let out = deploy("Memcached");
    assert_eq!(out.status.code(), Some(INVALID));
    assert!(
        text(&out.stderr).contains("no stack of the new templates has `Memcached`"),
        "{}",
        text(&out.stderr)
    );
    let out = deploy("shop-mars-1/Cache");
    assert_eq!(out.status.code(), Some(INVALID));
    assert!(
        text(&out.stderr).contains("this deploy has no stack named `shop-mars-1`"),
        "{}",
        text(&out.stderr)
    );
}
