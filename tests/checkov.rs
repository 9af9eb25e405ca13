//! checkov, a policy scanner platform teams run in CI, is a second oracle after cfn-lint:
//! every golden path's templates must pass it, apart from the findings in the one reviewed
//! skip list, `security/checkov-skips.json`, where each skip says why it does not apply.
//! There are no skip markers inside templates.
//!
//! checkov is found through `SCALECTL_CHECKOV` (set by `scripts/test`) or `.venv/bin`. The
//! test fails, rather than skips, when it is missing.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{builtin_names, synth_builtin};

/// The pinned checkov version (requirements-test.txt).
const CHECKOV_VERSION: &str = "3.3.30";

/// The most skips the list may hold: a skip list that grows is a finding in itself.
const MOST_SKIPS: usize = 10;

fn checkov() -> PathBuf {
    if let Some(path) = std::env::var_os("SCALECTL_CHECKOV") {
        return PathBuf::from(path);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/checkov")
}

/// One entry of the skip list.
struct Skip {
    check: String,
    /// Logical-ID patterns (`*` matches any run of characters).
    resources: Vec<String>,
    /// Stages the skip is limited to; empty means every stage.
    stages: Vec<String>,
    reason: String,
}

fn skips() -> Vec<Skip> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("security/checkov-skips.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    doc["skips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Skip {
            check: s["check"].as_str().unwrap().to_string(),
            resources: strings(&s["resources"]),
            stages: strings(&s["stages"]),
            reason: s["reason"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

/// `*`-glob match.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            text.starts_with(head)
                && (0..=text.len() - head.len()).any(|i| {
                    text.is_char_boundary(head.len() + i) && glob(rest, &text[head.len() + i..])
                })
        }
    }
}

#[test]
fn glob_matches_runs() {
    assert!(glob("Database*Replica*", "DatabaseShard3Replica1"));
    assert!(glob("Database*Replica*", "DatabaseReplica1"));
    assert!(!glob("Database*Replica*", "DatabaseShard3"));
    assert!(glob("LogBucket", "LogBucket"));
    assert!(!glob("LogBucket", "LogBucket2"));
}

/// A failed check: stage, check id, resource logical ID.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    stage: String,
    check: String,
    resource: String,
    name: String,
}

#[test]
fn every_golden_path_passes_checkov_but_for_the_reviewed_skips() {
    let bin = checkov();
    let version = Command::new(&bin).arg("--version").output();
    let version = match version {
        Ok(out) => String::from_utf8_lossy(&out.stdout).to_string(),
        Err(e) => panic!(
            "cannot run checkov at {}: {e}\nrun `scripts/test` (it installs the pinned checkov into .venv-checkov)",
            bin.display()
        ),
    };
    assert_eq!(version.trim(), CHECKOV_VERSION, "checkov version");

    let skips = skips();
    assert!(
        skips.len() <= MOST_SKIPS,
        "the skip list has {} entries; fix findings rather than skip them",
        skips.len()
    );
    for skip in &skips {
        assert!(
            skip.reason.len() >= 40,
            "skip {} needs a reason that says why the check does not apply",
            skip.check
        );
        assert!(
            !skip.resources.is_empty(),
            "skip {} names no resources",
            skip.check
        );
    }

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("checkov");
    let _ = std::fs::remove_dir_all(&dir);
    for name in builtin_names() {
        let (_, stacks) = synth_builtin(name);
        let stage_dir = dir.join(name);
        std::fs::create_dir_all(&stage_dir).unwrap();
        for stack in &stacks {
            std::fs::write(
                stage_dir.join(stack.file_name(name)),
                stack.template.to_json(),
            )
            .unwrap();
        }
    }
    let out = Command::new(&bin)
        .args(["--directory"])
        .arg(&dir)
        .args([
            "--framework",
            "cloudformation",
            "--output",
            "json",
            "--quiet",
            "--compact",
        ])
        .arg("--skip-download")
        .env("BC_SKIP_MAPPING", "TRUE")
        .env("CHECKOV_RUN_SCA_PACKAGE_SCAN_V2", "false")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "checkov printed no JSON report ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let reports = match &report {
        Value::Array(many) => many.clone(),
        one => vec![one.clone()],
    };
    let mut findings = Vec::new();
    let mut passed = 0;
    for report in &reports {
        passed += report["summary"]["passed"].as_u64().unwrap_or(0);
        for failed in report["results"]["failed_checks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let file = failed["file_abs_path"].as_str().unwrap_or_default();
            let stage = Path::new(file)
                .parent()
                .and_then(Path::file_name)
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let resource = failed["resource"].as_str().unwrap_or_default();
            findings.push(Finding {
                stage,
                check: failed["check_id"].as_str().unwrap_or_default().to_string(),
                resource: resource.rsplit('.').next().unwrap_or(resource).to_string(),
                name: failed["check_name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            });
        }
    }
    // A run that checked nothing proves nothing.
    assert!(
        passed > 100,
        "checkov passed only {passed} checks; did it scan the templates?"
    );
    findings.sort();

    let matches = |skip: &Skip, f: &Finding| {
        skip.check == f.check
            && skip.resources.iter().any(|p| glob(p, &f.resource))
            && (skip.stages.is_empty() || skip.stages.contains(&f.stage))
    };
    let unexplained: Vec<String> = findings
        .iter()
        .filter(|f| !skips.iter().any(|s| matches(s, f)))
        .map(|f| format!("{} {} {}: {}", f.stage, f.check, f.resource, f.name))
        .collect();
    let stale: Vec<String> = skips
        .iter()
        .filter(|s| !findings.iter().any(|f| matches(s, f)))
        .map(|s| format!("{} {:?}", s.check, s.resources))
        .collect();
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "checkov findings outside security/checkov-skips.json:\n  {}\nskips that match nothing (remove them):\n  {}",
        unexplained.join("\n  "),
        stale.join("\n  ")
    );
}
