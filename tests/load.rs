//! The loader: built-ins load, `extends:` merges, bad input is located.
#![allow(clippy::panic)] // a test helper fails the test by panicking

use scalectl::diagnostic::Report;
use scalectl::stage::{BUILTIN_STAGES, FileReader, StageRef, load};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct Memory(BTreeMap<PathBuf, String>);

impl FileReader for Memory {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"))
    }
}

fn files(list: &[(&str, &str)]) -> Memory {
    Memory(
        list.iter()
            .map(|(p, t)| (PathBuf::from(p), t.to_string()))
            .collect(),
    )
}

fn load_err(list: &[(&str, &str)], target: &str) -> Report {
    match load(&StageRef::File(PathBuf::from(target)), &files(list)) {
        Ok(_) => panic!("expected {target} to be refused"),
        Err(report) => report,
    }
}

#[test]
fn every_builtin_stage_loads() {
    let none = files(&[]);
    for builtin in BUILTIN_STAGES {
        let loaded = load(&StageRef::Builtin(builtin.name.into()), &none);
        assert!(
            loaded.is_ok(),
            "{}: {}",
            builtin.name,
            loaded.err().map(|r| r.to_string()).unwrap_or_default()
        );
    }
}

#[test]
fn extends_merges_and_null_removes() {
    let user =
        "extends: stage3\nname: shop\ncache: null\ndata:\n  database:\n    read_replicas: 1\n";
    let loaded = load(
        &StageRef::File("shop.yaml".into()),
        &files(&[("shop.yaml", user)]),
    );
    let loaded = loaded.unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(loaded.stage.name, "shop");
    assert!(loaded.stage.cache.is_none());
    let db = loaded
        .stage
        .data
        .database
        .as_ref()
        .map(|d| (d.read_replicas, d.multi_az));
    assert_eq!(db, Some((1, true)));
    assert_eq!(loaded.ancestry, ["stage3", "stage2", "stage1", "stage0"]);
    // The inherited value points into the built-in file, the override into the user's.
    let vpc = loaded
        .locate("network.vpc_cidr")
        .and_then(|l| loaded.sources.get(l.file));
    assert_eq!(vpc.map(|f| f.name.as_str()), Some("builtin:stage0"));
    let rr = loaded
        .locate("data.database.read_replicas")
        .map(|l| (l.line, l.column));
    assert_eq!(rr, Some((6, 20)));
}

#[test]
fn unknown_field_points_at_the_key_and_suggests() {
    let user = "extends: stage2\nname: shop\ncompute:\n  web:\n    instance_typ: t3.large\n";
    let report = load_err(&[("shop.yaml", user)], "shop.yaml");
    let text = report.to_string();
    assert!(
        text.contains("shop.yaml:5:5: error: unknown field `instance_typ`"),
        "{text}"
    );
    assert!(text.contains("did you mean `instance_type`?"), "{text}");
}

#[test]
fn wrong_type_is_located() {
    let user = "extends: stage2\nname: shop\ncompute:\n  web:\n    min: lots\n";
    let text = load_err(&[("shop.yaml", user)], "shop.yaml").to_string();
    assert!(
        text.contains("shop.yaml:5:10: error: invalid value at `compute.web.min`"),
        "{text}"
    );
}

#[test]
fn cycle_and_missing_parent_are_located() {
    let text = load_err(
        &[
            ("a.yaml", "extends: b.yaml\nname: a\n"),
            ("b.yaml", "extends: a.yaml\nname: b\n"),
        ],
        "a.yaml",
    )
    .to_string();
    assert!(
        text.contains("b.yaml:1:10: error: `extends:` forms a cycle: a.yaml -> b.yaml -> a.yaml"),
        "{text}"
    );
    let text = load_err(&[("a.yaml", "extends: stage9\nname: a\n")], "a.yaml").to_string();
    assert!(
        text.contains("a.yaml:1:10: error: cannot read `stage9`"),
        "{text}"
    );
}

#[test]
fn yaml_syntax_error_is_located() {
    let text = load_err(&[("a.yaml", "name: a\nnetwork: [unclosed\n")], "a.yaml").to_string();
    assert!(text.contains("a.yaml:3:"), "{text}");
    assert!(text.contains("YAML syntax error"), "{text}");
    let text = load_err(&[("a.yaml", "name: a\nname: b\n")], "a.yaml").to_string();
    assert!(text.contains("a.yaml:2:1: error"), "{text}");
}

#[test]
fn every_unknown_field_and_wrong_value_is_reported_at_once() {
    let text = "extends: stage3\nname: shop\ncompute:\n  web:\n    instance_typ: t3.large\n    min: many\n    maxx: 4\ncache:\n  node_typ: cache.t4g.small\ncapacity:\n  users: lots\n";
    let report = load_err(&[("shop.yaml", text)], "shop.yaml");
    let found: Vec<(String, usize)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.to_string(), d.location.map_or(0, |l| l.line)))
        .collect();
    assert_eq!(
        found,
        [
            ("scalectl::load::unknown_field".to_string(), 5),
            ("scalectl::load::invalid_value".to_string(), 6),
            ("scalectl::load::unknown_field".to_string(), 7),
            ("scalectl::load::unknown_field".to_string(), 9),
            // `users` is required: taking its bad value out must not report it missing.
            ("scalectl::load::invalid_value".to_string(), 11),
        ]
    );
}

#[test]
fn a_truly_missing_field_is_still_reported() {
    let text = "name: shop\ncompute:\n  web:\n    instance_type: 5\n";
    let report = load_err(&[("shop.yaml", text)], "shop.yaml");
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&"scalectl::load::invalid_value"),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"scalectl::load::missing_field"),
        "{codes:?}"
    );
}

#[test]
fn infinity_is_named_not_turned_into_null() {
    let text = "extends: stage3\nname: shop\ncapacity:\n  users: 1k\n  assumptions:\n    rps_per_vcpu: .inf\n";
    let report = load_err(&[("shop.yaml", text)], "shop.yaml");
    let d = &report.diagnostics[0];
    assert!(d.message.contains("\".inf\""), "{}", d.message);
    assert!(d.help.contains("write a finite number"), "{}", d.help);
    assert_eq!(d.location.map(|l| (l.line, l.column)), Some((6, 19)));
}

#[test]
fn a_flood_of_errors_stops_and_says_so() {
    let mut text = "extends: stage3\nname: shop\ntags:\n".to_string();
    let mut fields = String::from("compute:\n  web:\n");
    for i in 0..60 {
        fields.push_str(&format!("    field{i}: 1\n"));
    }
    text.push_str("  team: a\n");
    text.push_str(&fields);
    let report = load_err(&[("shop.yaml", &text)], "shop.yaml");
    assert_eq!(report.diagnostics.len(), 51);
    let last = report.diagnostics.last().map(|d| d.code);
    assert_eq!(last, Some("scalectl::load::too_many_errors"));
}
