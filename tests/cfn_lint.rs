//! Every synthesized template passes cfn-lint (pinned in requirements-test.txt) with zero
//! findings, apart from the checks listed in IGNORED with the reason they do not apply.
//!
//! cfn-lint is found through `SCALECTL_CFN_LINT` (set by `scripts/test`) or `.venv/bin`.
//! The test fails, rather than skips, when it is missing: CI must always lint.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use std::path::PathBuf;
use std::process::Command;
use support::{builtin_names, synth_builtin};

/// The pinned cfn-lint version.
const CFN_LINT_VERSION: &str = "1.58.0";

/// Checks switched off, with why.
const IGNORED: &[(&str, &str)] = &[(
    "W3010",
    "availability zones are emitted literally on purpose: they are resolved and validated at \
     synthesis time from the region catalog (Fn::GetAZs would hide the choice from validation, \
     and the local AWS endpoint ignores its region)",
)];

fn cfn_lint() -> PathBuf {
    if let Some(path) = std::env::var_os("SCALECTL_CFN_LINT") {
        return PathBuf::from(path);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/cfn-lint")
}

#[test]
fn every_golden_path_template_passes_cfn_lint() {
    let lint = cfn_lint();
    let version = Command::new(&lint).arg("--version").output();
    let version = match version {
        Ok(out) => {
            String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr)
        }
        Err(e) => panic!(
            "cannot run cfn-lint at {}: {e}\nrun `scripts/test` (it installs the pinned cfn-lint into .venv)",
            lint.display()
        ),
    };
    assert!(
        version.contains(CFN_LINT_VERSION),
        "expected cfn-lint {CFN_LINT_VERSION}, found {version}"
    );

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cfn-lint");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for name in builtin_names() {
        let (_, stacks) = synth_builtin(name);
        for stack in &stacks {
            let path = dir.join(stack.file_name(name));
            std::fs::write(&path, stack.template.to_json()).unwrap();
            files.push(path);
        }
    }
    // And stage6 with its CDN outside us-east-1: the edge stack there reads CloudFront's
    // certificate and web ACL from its companion in us-east-1.
    let (mut loaded, _) = synth_builtin("stage6");
    loaded.stage.network.region = "eu-west-1".to_string();
    let stacks = scalectl::synth::synthesize_as(&loaded.stage, "away").unwrap();
    assert_eq!(
        stacks.iter().map(|s| s.suffix.as_str()).collect::<Vec<_>>(),
        ["edge", ""]
    );
    for stack in &stacks {
        let path = dir.join(stack.file_name("away"));
        std::fs::write(&path, stack.template.to_json()).unwrap();
        files.push(path);
    }
    // And a stage file's raw resources and overrides, as they land in its stack.
    // And the team's own application and environment (the web tier's image, bootstrap and
    // settings; a service's command and injected secrets).
    for name in ["extended", "services"] {
        let loaded = scalectl::stage::load(
            &scalectl::stage::StageRef::File(format!("tests/fixtures/valid/{name}.yaml").into()),
            &scalectl::commands::FsReader,
        )
        .unwrap_or_else(|report| panic!("{name}.yaml does not load:\n{report}"));
        for stack in scalectl::synth::synthesize(&loaded.stage).unwrap() {
            let path = dir.join(stack.file_name(name));
            std::fs::write(&path, stack.template.to_json()).unwrap();
            files.push(path);
        }
    }
    // stage0..stage6 one stack each, stage7 one per region, the companion and its reader,
    // the extended stage.
    assert!(
        files.len() >= 14,
        "expected every stage's stacks, got {}",
        files.len()
    );
    let ignored: Vec<&str> = IGNORED.iter().map(|(code, _)| *code).collect();
    let out = Command::new(&lint)
        .arg("--format")
        .arg("parseable")
        .arg("--ignore-checks")
        .args(&ignored)
        .arg("--")
        .args(&files)
        .output()
        .unwrap();
    let findings = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && findings.trim().is_empty(),
        "cfn-lint found problems (exit {:?}):\n{findings}\n{stderr}",
        out.status.code()
    );
}
