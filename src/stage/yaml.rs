//! YAML text to a located tree: every node and every mapping key keeps its file position.
//!
//! saphyr's `MarkedYamlOwned` gives positions for every node, not only for parse errors; we
//! turn it into a small tree of our own so `extends:` can merge files and every merged value
//! still points at the file it came from.

use crate::diagnostic::{Diagnostic, FileId, Location};
use saphyr::{LoadableYamlNode, MarkedYamlOwned, ScalarOwned, YamlDataOwned};
use saphyr_parser::Marker;

/// A YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: Kind,
    /// Where the value starts.
    pub loc: Location,
}

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `~` or `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping with string keys, in file order.
    Map(Vec<Entry>),
}

/// One mapping entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// Where the key is.
    pub key_loc: Location,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The entry for `key` when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    /// A short name of the node's type for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) => "an integer",
            Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

/// Turns a character-based marker into a byte-based location.
struct Locator<'a> {
    file: FileId,
    text: &'a str,
    /// Byte offset of each character (plus the end).
    char_offsets: Vec<usize>,
}

impl<'a> Locator<'a> {
    fn new(file: FileId, text: &'a str) -> Self {
        let mut char_offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        char_offsets.push(text.len());
        Locator {
            file,
            text,
            char_offsets,
        }
    }

    fn at(&self, marker: &Marker, end: Option<&Marker>) -> Location {
        let last = self.char_offsets.len().saturating_sub(1);
        let offset = self.char_offsets[marker.index().min(last)];
        let end_offset = end
            .map(|m| self.char_offsets[m.index().min(last)])
            .unwrap_or(offset);
        // Spans of block values can run past the line; keep labels on one line.
        let line_end = self.text[offset..]
            .find('\n')
            .map(|n| offset + n)
            .unwrap_or(self.text.len());
        Location {
            file: self.file,
            offset,
            len: end_offset.min(line_end).saturating_sub(offset),
            line: marker.line(),
            column: marker.col() + 1,
        }
    }
}

/// Parse one YAML document into a located tree.
///
/// Errors (syntax, several documents, non-string keys, duplicate keys, aliases) are all
/// returned as located diagnostics.
pub fn parse(file: FileId, text: &str) -> Result<Node, Vec<Diagnostic>> {
    let locator = Locator::new(file, text);
    let docs = match MarkedYamlOwned::load_from_str(text) {
        Ok(docs) => docs,
        Err(err) => {
            let loc = locator.at(err.marker(), None);
            return Err(vec![
                Diagnostic::error(
                    crate::diagnostic::codes::load::YAML_SYNTAX,
                    format!("YAML syntax error: {}", err.info()),
                    Some(loc),
                    "fix the YAML syntax at this position (check indentation, colons and quotes)",
                )
                .with_label("the parser stopped here"),
            ]);
        }
    };
    let mut docs = docs.into_iter();
    let Some(doc) = docs.next() else {
        let loc = locator.at(&Marker::new(0, 1, 0), None);
        return Err(vec![Diagnostic::error(
            crate::diagnostic::codes::load::EMPTY,
            "the stage file is empty",
            Some(loc),
            "a stage file is a YAML mapping; start with `extends: stage0` and `name: my-app`",
        )]);
    };
    if let Some(extra) = docs.next() {
        let loc = locator.at(&extra.span.start, None);
        return Err(vec![
            Diagnostic::error(
                crate::diagnostic::codes::load::MULTIPLE_DOCUMENTS,
                "the stage file holds more than one YAML document",
                Some(loc),
                "keep one stage per file: remove the `---` separator and what follows",
            )
            .with_label("a second document starts here"),
        ]);
    }
    let mut errors = Vec::new();
    let node = convert(&locator, doc, &mut errors);
    if errors.is_empty() {
        Ok(node)
    } else {
        Err(errors)
    }
}

fn convert(locator: &Locator<'_>, node: MarkedYamlOwned, errors: &mut Vec<Diagnostic>) -> Node {
    let loc = locator.at(&node.span.start, Some(&node.span.end));
    let kind = match node.data {
        YamlDataOwned::Value(scalar) => scalar_kind(scalar),
        YamlDataOwned::Representation(text, _, _) => Kind::Str(text),
        YamlDataOwned::Tagged(tag, inner) => {
            // saphyr gives a tagged node no span of its own: the value's stands for both.
            let value = convert(locator, *inner, errors);
            let at = value.loc;
            return match intrinsic(&tag.handle, &tag.suffix) {
                Some(key) => Node {
                    kind: Kind::Map(vec![Entry {
                        key,
                        key_loc: at,
                        value,
                    }]),
                    loc: at,
                },
                None => value,
            };
        }
        YamlDataOwned::Sequence(items) => Kind::Seq(
            items
                .into_iter()
                .map(|item| convert(locator, item, errors))
                .collect(),
        ),
        YamlDataOwned::Mapping(map) => {
            let mut entries: Vec<Entry> = Vec::with_capacity(map.len());
            for (key, value) in map {
                let key_loc = locator.at(&key.span.start, Some(&key.span.end));
                let key = match key.data {
                    YamlDataOwned::Value(ScalarOwned::String(s)) => s,
                    YamlDataOwned::Value(ScalarOwned::Integer(i)) => i.to_string(),
                    YamlDataOwned::Value(ScalarOwned::Boolean(b)) => b.to_string(),
                    _ => {
                        errors.push(Diagnostic::error(
                            crate::diagnostic::codes::load::BAD_KEY,
                            "mapping keys must be plain strings",
                            Some(key_loc),
                            "use a plain word as the key, e.g. `instance_type:`",
                        ));
                        continue;
                    }
                };
                if entries.iter().any(|e| e.key == key) {
                    errors.push(Diagnostic::error(
                        crate::diagnostic::codes::load::DUPLICATE_KEY,
                        format!("the key `{key}` appears twice in this mapping"),
                        Some(key_loc),
                        "remove one of the two entries; YAML keeps only one",
                    ));
                    continue;
                }
                let mut value = convert(locator, value, errors);
                unplaced_at(&mut value, key_loc);
                entries.push(Entry {
                    key,
                    key_loc,
                    value,
                });
            }
            Kind::Map(entries)
        }
        YamlDataOwned::Alias(_) => {
            errors.push(Diagnostic::error(
                crate::diagnostic::codes::load::ALIAS,
                "YAML aliases (`*name`) are not supported in stage files",
                Some(loc),
                "write the value out, or use `extends:` to share settings between files",
            ));
            Kind::Null
        }
        YamlDataOwned::BadValue => {
            errors.push(Diagnostic::error(
                crate::diagnostic::codes::load::BAD_VALUE,
                "this value cannot be read",
                Some(loc),
                "quote the value if it is meant as a string",
            ));
            Kind::Null
        }
    };
    Node { kind, loc }
}

/// Give nodes saphyr left without a position (the values of tags such as `!Ref`, whose spans
/// are empty at line 0) the position of the key they belong to.
fn unplaced_at(node: &mut Node, at: Location) {
    if node.loc.line == 0 {
        node.loc = at;
    }
    match &mut node.kind {
        Kind::Map(entries) => {
            for entry in entries {
                if entry.key_loc.line == 0 {
                    entry.key_loc = at;
                }
                unplaced_at(&mut entry.value, at);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                unplaced_at(item, at);
            }
        }
        _ => {}
    }
}

/// CloudFormation's YAML short forms, as raw resources copied from a template use them:
/// `!Ref X` is `{Ref: X}`, `!Condition X` is `{Condition: X}`, `!GetAtt`, `!Sub` and the other
/// functions are `{"Fn::<Name>": ...}`. Other tags are read as their value.
fn intrinsic(handle: &str, suffix: &str) -> Option<String> {
    const FUNCTIONS: &[&str] = &[
        "And",
        "Base64",
        "Cidr",
        "Equals",
        "FindInMap",
        "GetAZs",
        "GetAtt",
        "If",
        "ImportValue",
        "Join",
        "Length",
        "Not",
        "Or",
        "Select",
        "Split",
        "Sub",
        "ToJsonString",
        "Transform",
    ];
    if handle != "!" {
        return None;
    }
    match suffix {
        "Ref" | "Condition" => Some(suffix.to_string()),
        f if FUNCTIONS.contains(&f) => Some(format!("Fn::{f}")),
        _ => None,
    }
}

fn scalar_kind(scalar: ScalarOwned) -> Kind {
    match scalar {
        ScalarOwned::Null => Kind::Null,
        ScalarOwned::Boolean(b) => Kind::Bool(b),
        ScalarOwned::Integer(i) => Kind::Int(i),
        ScalarOwned::FloatingPoint(f) => Kind::Float(f.into_inner()),
        ScalarOwned::String(s) => Kind::Str(s),
    }
}
