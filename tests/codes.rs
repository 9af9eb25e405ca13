//! The diagnostic codes live in one registry: no other source file spells one out, and the
//! README's table is the registry, row for row.

#![allow(clippy::unwrap_used, clippy::panic)] // tests fail loudly

use scalectl::diagnostic::codes::ALL;
use std::path::Path;

#[test]
fn the_readme_table_is_the_registry() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let (_, section) = readme.split_once("## Diagnostic codes").unwrap();
    let rows: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("| `scalectl::"))
        .collect();
    let expected: Vec<String> = ALL
        .iter()
        .map(|c| format!("| `{}` | {} | {} |", c.code, c.severity.as_str(), c.meaning))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn codes_are_unique_well_formed_and_sorted() {
    let codes: Vec<&str> = ALL.iter().map(|c| c.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted, "sorted and unique");
    for code in codes {
        let parts: Vec<&str> = code.split("::").collect();
        assert_eq!(parts.len(), 3, "{code}");
        assert_eq!(parts[0], "scalectl", "{code}");
        assert!(
            ["load", "validate", "synth", "extend", "update"].contains(&parts[1]),
            "{code}"
        );
    }
}

/// A code written as a string literal anywhere but the registry would escape it.
#[test]
fn no_source_file_spells_out_a_code() {
    let mut found = Vec::new();
    visit(Path::new("src"), &mut found);
    assert!(
        found.is_empty(),
        "code literals outside the registry:\n{}",
        found.join("\n")
    );
}

fn visit(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs")
            && !path.ends_with("diagnostic/codes.rs")
        {
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                if !line.trim_start().starts_with("//") && line.contains("\"scalectl::") {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
}
