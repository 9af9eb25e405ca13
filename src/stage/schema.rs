//! The JSON Schema of stage files, generated from the typed model (doc comments become
//! descriptions, serde defaults become defaults), for editors (`yaml-language-server`) and CI.
//!
//! A file that `extends:` another only says what differs, so the schema has two shapes:
//! with `extends`, every field is optional at every depth; without it, the required fields
//! are required. Unknown fields are refused in both, as the loader refuses them.

use super::model::Stage;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

/// Where the definitions live in a draft-07 schema.
const DEFS: &str = "definitions";
/// Prefix of the relaxed copies of the definitions.
const PARTIAL: &str = "Partial";

/// The schema, as a JSON value (draft-07, which editors support best).
pub fn stage_schema() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let root = generator.into_root_schema_for::<Stage>().to_value();
    let Value::Object(mut root) = root else {
        return Value::Null;
    };
    let defs = match root.remove(DEFS) {
        Some(Value::Object(defs)) => defs,
        _ => Map::new(),
    };
    let schema_uri = root.remove("$schema").unwrap_or(Value::Null);
    root.remove("title");
    let mut all = Map::new();
    for (name, def) in &defs {
        all.insert(name.clone(), def.clone());
        all.insert(format!("{PARTIAL}{name}"), relaxed(def.clone()));
    }
    let full = Value::Object(root);
    all.insert("Stage".to_string(), full.clone());
    all.insert(format!("{PARTIAL}Stage"), relaxed(full));
    serde_json::json!({
        "$schema": schema_uri,
        "$id": "https://scalectl.dev/schema/stage.json",
        "title": "scalectl stage file",
        "description": "A scaling stage: its network, compute, data, cache, messaging, DNS, capacity and quotas. A file with `extends:` only states what differs from the stage it extends.",
        "type": "object",
        "if": { "required": ["extends"] },
        "then": { "$ref": format!("#/{DEFS}/{PARTIAL}Stage") },
        "else": { "$ref": format!("#/{DEFS}/Stage") },
        DEFS: all,
    })
}

/// The schema as pretty JSON text.
pub fn stage_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&stage_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// A copy with no `required` at any depth and references pointing at relaxed copies.
fn relaxed(schema: Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| k != "required")
                .map(|(k, v)| match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        let prefix = format!("#/{DEFS}/");
                        let r = match r.strip_prefix(&prefix) {
                            Some(name) => format!("{prefix}{PARTIAL}{name}"),
                            None => r,
                        };
                        (k, Value::String(r))
                    }
                    (_, v) => (k, relaxed(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(relaxed).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_partial_shapes() {
        let schema = stage_schema();
        let defs = &schema[DEFS];
        let required = defs["Stage"]["required"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for field in ["name", "title", "network", "compute"] {
            assert!(required.contains(&Value::from(field)), "{field}");
        }
        assert!(defs["PartialStage"].get("required").is_none());
        assert!(defs["PartialNetwork"].get("required").is_none());
        assert_eq!(
            defs["PartialStage"]["properties"]["network"]["allOf"][0]["$ref"],
            "#/definitions/PartialNetwork"
        );
        assert_eq!(defs["Stage"]["additionalProperties"], false);
    }
}
