//! Validation end to end: the golden paths pass, the live provider reads a real local AWS
//! endpoint (moto) and falls back where moto has no data, a live quota refuses a stage, and
//! missing credentials fail fast.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use support::scalectl;

use scalectl::aws::ApiError;
use scalectl::aws::facts::{FactsApi, gather};
use scalectl::commands::{load, prepare};
use scalectl::diagnostic::Severity;
use scalectl::pipeline::{PipelineError, prepare_with};
use scalectl::stage::FileReader;
use scalectl::validate::{self, Zone};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use support::moto::Moto;

/// One in-memory stage file, `shop.yaml`.
struct OneFile(&'static str);

impl FileReader for OneFile {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        if path == Path::new("shop.yaml") {
            Ok(self.0.to_string())
        } else {
            Err(std::io::Error::from(std::io::ErrorKind::NotFound))
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

#[test]
fn every_golden_path_validates_without_errors_in_its_default_region() {
    for name in support::builtin_names() {
        let prepared = match prepare(name, None, None, &OneFile("")) {
            Ok(p) => p,
            Err(scalectl::commands::CommandError::Invalid(report)) => panic!("{name}:\n{report}"),
            Err(e) => panic!("{name}: {e}"),
        };
        // The only findings are quota warnings against AWS's (low) default values.
        for d in &prepared.warnings {
            assert_eq!(d.code, "scalectl::validate::quota", "{name}: {}", d.message);
        }
        if ["stage0", "stage1", "stage2", "stage3"].contains(&name) {
            assert!(
                prepared.warnings.is_empty(),
                "{name}: {:?}",
                prepared.warnings
            );
        }
    }
}

/// An account whose On-Demand vCPU quota is 16, everything else unreadable.
struct SixteenVcpus;

impl FactsApi for SixteenVcpus {
    async fn zones(&self, region: &str) -> Result<Vec<Zone>, ApiError> {
        let info = scalectl::catalog::region(region).unwrap();
        Ok(info
            .azs
            .iter()
            .map(|z| Zone {
                name: z.name.to_string(),
                id: z.id.to_string(),
            })
            .collect())
    }

    async fn offerings(
        &self,
        _region: &str,
        _types: &[String],
    ) -> Result<BTreeMap<String, BTreeSet<String>>, ApiError> {
        Err(ApiError {
            code: Some("UnauthorizedOperation".into()),
            message: "not allowed".into(),
        })
    }

    async fn quota(&self, _region: &str, _service: &str, code: &str) -> Result<f64, ApiError> {
        match code {
            "L-1216C47A" => Ok(16.0),
            _ => Err(ApiError {
                code: Some("AccessDeniedException".into()),
                message: "not allowed".into(),
            }),
        }
    }

    async fn elastic_ip_limit(&self, _region: &str) -> Result<Option<f64>, ApiError> {
        Ok(None)
    }

    async fn db_engine_versions(
        &self,
        _region: &str,
        _engine: &str,
    ) -> Result<Vec<String>, ApiError> {
        Err(ApiError {
            code: Some("AccessDenied".into()),
            message: "not allowed".into(),
        })
    }

    async fn cache_engine_versions(
        &self,
        _region: &str,
        _engine: &str,
    ) -> Result<Vec<String>, ApiError> {
        Err(ApiError {
            code: Some("AccessDenied".into()),
            message: "not allowed".into(),
        })
    }
}

#[test]
fn a_live_quota_below_the_fleet_maximum_refuses_the_stage_naming_the_quota() {
    // stage4 without Spot, scaling to 20 m6i.large: 40 On-Demand vCPUs.
    let reader =
        OneFile("extends: stage4\nname: shop\ncompute:\n  web:\n    max: 20\n    spot: null\n");
    let loaded = load("shop.yaml", None, &reader).unwrap();
    let facts = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(gather(&SixteenVcpus, &validate::needs(&loaded.stage)));
    let Err(PipelineError::Invalid(report)) = prepare_with(loaded, false, None, &facts) else {
        panic!("a stage over the live quota was accepted");
    };
    let error = report
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .unwrap();
    assert_eq!(error.code, "scalectl::validate::quota");
    assert!(error.message.contains("L-1216C47A"), "{}", error.message);
    assert!(
        error.message.contains("needs 40 vCPUs"),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("account's quota of 16"),
        "{}",
        error.message
    );
    assert!(
        error.help.contains("request-service-quota-increase"),
        "{}",
        error.help
    );
    // What could not be read is said, not hidden.
    let notes: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "scalectl::validate::live_fallback")
        .collect();
    // Offerings, quotas, and the database's and cache's engine versions.
    assert_eq!(notes.len(), 4, "{report}");
    // The same stage is only a warning against the built-in default.
    let loaded = load("shop.yaml", None, &reader).unwrap();
    let offline = prepare_with(loaded, false, None, &validate::OfflineFacts).unwrap();
    assert!(
        offline
            .warnings
            .iter()
            .any(|d| d.message.contains("L-1216C47A"))
    );
}

#[test]
fn live_validation_reads_a_local_aws_endpoint_and_falls_back_where_it_has_no_data() {
    let moto = Moto::start();
    let out = scalectl(&[
        "validate",
        "stage2",
        "--live",
        "--format",
        "json",
        "--endpoint-url",
        &moto.url,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["facts"], "live");
    assert_eq!(doc["valid"], true);
    let fallback = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "scalectl::validate::live_fallback")
        .unwrap_or_else(|| panic!("no fallback note in {doc:#}"));
    // moto serves Service Quotas for VPC codes only: EC2's vCPU quota falls back, the VPC
    // quotas are read.
    let message = fallback["message"].as_str().unwrap();
    assert!(message.contains("L-1216C47A"), "{message}");
    assert!(!message.contains("L-F678F1CE"), "{message}");

    // The zones and offerings come from the endpoint: t3 is not offered in us-east-1e.
    let out = scalectl(&[
        "validate",
        "tests/fixtures/invalid/not_offered_in_zone.yaml",
        "--live",
        "--endpoint-url",
        &moto.url,
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    // The message wraps where the terminal width says: read it as one line.
    let flat = stderr.replace("\n  │ ", " ").replace("\n  ", " ");
    assert!(
        flat.contains("not offered in us-east-1e (use1-az3) for this account"),
        "{stderr}"
    );

    // moto 5.2.5 implements neither DescribeDBEngineVersions nor DescribeCacheEngineVersions:
    // each is noted as a fallback and the catalog decides, as offline.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("live-versions");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("newer.yaml");
    std::fs::write(&file, NEWER_THAN_CATALOG).unwrap();
    let out = scalectl(&[
        "validate",
        file.to_str().unwrap(),
        "--live",
        "--format",
        "json",
        "--endpoint-url",
        &moto.url,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let messages = |code: &str| -> Vec<String> {
        diagnostics
            .iter()
            .filter(|d| d["code"] == code)
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect()
    };
    let fallbacks = messages("scalectl::validate::live_fallback");
    for call in ["DescribeDBEngineVersions", "DescribeCacheEngineVersions"] {
        assert!(
            fallbacks.iter().any(|m| m.contains(call)),
            "{call} not noted: {fallbacks:?}"
        );
    }
    let versions = messages("scalectl::validate::engine_version");
    assert_eq!(versions.len(), 2, "{versions:?}");
    assert!(
        versions.iter().all(|m| m.contains("is not in the catalog")),
        "{versions:?}"
    );
}

/// PostgreSQL and Valkey versions one minor past the catalog: a warning offline.
const NEWER_THAN_CATALOG: &str = "extends: stage3\nname: shop\ndata:\n  database:\n    engine_version: \"17.10\"\ncache:\n  engine_version: \"9.2\"\n";

/// Live facts for us-east-1 offering the given PostgreSQL and Valkey versions.
fn offering(postgres: &[&str], valkey: &[&str]) -> validate::LiveFacts {
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut region = validate::LiveRegion::default();
    if !postgres.is_empty() {
        region
            .db_engine_versions
            .insert("postgres".to_string(), owned(postgres));
    }
    if !valkey.is_empty() {
        region
            .cache_engine_versions
            .insert("valkey".to_string(), owned(valkey));
    }
    let mut facts = validate::LiveFacts::default();
    facts.regions.insert("us-east-1".to_string(), region);
    facts
}

fn version_findings(
    yaml: &'static str,
    facts: &dyn validate::Facts,
) -> Vec<scalectl::diagnostic::Diagnostic> {
    let loaded = load("shop.yaml", None, &OneFile(yaml)).unwrap();
    validate::check_stage(&loaded, facts, validate::Options::default())
        .into_iter()
        .filter(|d| d.code == "scalectl::validate::engine_version")
        .collect()
}

#[test]
fn live_engine_versions_settle_versions_newer_than_the_catalog() {
    // Offline: both are warnings (the catalog cannot know).
    let offline = version_findings(NEWER_THAN_CATALOG, &validate::OfflineFacts);
    assert_eq!(offline.len(), 2, "{offline:?}");
    assert!(offline.iter().all(|d| d.severity == Severity::Warning));
    assert!(
        offline[0]
            .help
            .contains("`scalectl validate --live` settles it")
    );

    // The region offers both: nothing to say.
    let live = offering(&["16.13", "17.9", "17.10", "18.3"], &["8.0", "9.1", "9.2"]);
    let found = version_findings(NEWER_THAN_CATALOG, &live);
    assert!(found.is_empty(), "{found:?}");

    // A bare major and a patch of an offered ElastiCache version are offered too.
    let yaml = "extends: stage3\nname: shop\ndata:\n  database:\n    engine_version: \"17\"\ncache:\n  engine_version: \"9.2.1\"\n";
    let found = version_findings(yaml, &live);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn live_engine_versions_refuse_a_version_the_region_does_not_offer() {
    // 17.9 is in the catalog, but this region offers only newer 17s: the account decides.
    let live = offering(&["16.13", "17.10", "17.11", "18.3"], &["8.0", "9.1"]);
    let yaml = "extends: stage3\nname: shop\ndata:\n  database:\n    engine_version: \"17.9\"\ncache:\n  engine_version: \"9.2\"\n";
    let found = version_findings(yaml, &live);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|d| d.severity == Severity::Error));
    let db = &found[0];
    assert!(
        db.message
            .contains("PostgreSQL `17.9` is not offered by RDS in us-east-1"),
        "{}",
        db.message
    );
    assert!(
        db.message.contains("DescribeDBEngineVersions"),
        "{}",
        db.message
    );
    assert!(db.help.contains("`17.10`, `17.11`"), "{}", db.help);
    let cache = &found[1];
    assert!(
        cache
            .message
            .contains("Valkey `9.2` is not offered by ElastiCache in us-east-1"),
        "{}",
        cache.message
    );
    assert!(cache.help.contains("`9.1`"), "{}", cache.help);
}

#[test]
fn without_live_engine_versions_the_catalog_decides_as_offline() {
    // Live facts that read zones but no engine versions (the calls failed): catalog errors
    // and warnings, word for word as offline.
    let live = offering(&[], &[]);
    for fixture in [
        "tests/fixtures/invalid/engine_version_postgres_minor_far_ahead.yaml",
        "tests/fixtures/invalid/engine_version_valkey_8_3.yaml",
    ] {
        let yaml: &'static str = std::fs::read_to_string(fixture).unwrap().leak();
        let offline = version_findings(yaml, &validate::OfflineFacts);
        let from_live = version_findings(yaml, &live);
        assert!(!offline.is_empty(), "{fixture}");
        assert_eq!(
            format!("{offline:?}"),
            format!("{from_live:?}"),
            "{fixture}"
        );
    }
    let found = version_findings(NEWER_THAN_CATALOG, &live);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|d| d.severity == Severity::Warning));
}

#[test]
fn live_validation_without_credentials_fails_fast_with_a_clear_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_scalectl"))
        .args(["validate", "stage0", "--live", "--color", "never"])
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_REGION", "us-east-1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no AWS credentials found"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn json_output_locates_every_finding() {
    let out = scalectl(&[
        "validate",
        "tests/fixtures/invalid/overlapping_subnets.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["valid"], false);
    assert_eq!(doc["errors"], 1);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "scalectl::validate::subnet_overlap");
    assert_eq!(
        d["location"]["file"],
        "tests/fixtures/invalid/overlapping_subnets.yaml"
    );
    // Line 1 is the fixture's `# expect:` line.
    assert_eq!(d["location"]["line"], 6);
    assert_eq!(d["location"]["column"], 27);
    assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()));
}

#[test]
fn warnings_alone_exit_0_and_go_to_stderr() {
    let out = scalectl(&["validate", "stage4"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("stage4 is valid (offline catalog as of"));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("L-1216C47A") && stderr.contains("0 errors"),
        "{stderr}"
    );
}

#[test]
fn regions_without_offering_data_and_opt_in_regions_are_flagged_not_refused() {
    let out = scalectl(&["validate", "stage2", "--region", "mx-central-1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no instance type offerings for mx-central-1"),
        "{stderr}"
    );
    assert!(stderr.contains("is an opt-in region"), "{stderr}");
}

#[test]
fn json_output_covers_files_that_do_not_load() {
    let out = scalectl(&[
        "validate",
        "tests/fixtures/invalid/yaml_syntax.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["valid"], false);
    assert_eq!(
        doc["diagnostics"][0]["location"]["file"],
        "tests/fixtures/invalid/yaml_syntax.yaml"
    );
}

#[test]
fn a_desired_capacity_under_scaling_policies_is_a_located_warning() {
    let dir = std::env::temp_dir().join(format!("scalectl-desired-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("shop.yaml");
    std::fs::write(
        &file,
        "extends: stage4\nname: shop\ncompute:\n  web:\n    desired: 10\n",
    )
    .unwrap();
    let path = file.to_string_lossy().into_owned();
    let out = scalectl(&["validate", &path, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap_or("")
                .contains("`desired: 10`")
        })
        .unwrap_or_else(|| panic!("no desired warning: {doc}"));
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["location"]["line"], 5, "{finding}");
    assert!(finding["help"].as_str().unwrap().contains("set it to 3"));
}
