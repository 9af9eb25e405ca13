//! Loading a stage: parse YAML with positions, resolve `extends:`, merge, deserialize.
//!
//! The loader does no I/O of its own: user files are read through [`FileReader`], which the
//! binary implements on the file system and tests implement in memory.

use super::builtin::builtin;
use super::model::Stage;
use super::yaml::{self, Entry, Kind, Node};
use crate::diagnostic::{Diagnostic, Location, Report, Sources};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How deep an `extends:` chain may go.
pub const MAX_EXTENDS_DEPTH: usize = 16;

/// Reads stage files named by the user (directly or through `extends:`).
pub trait FileReader {
    /// The file's text.
    fn read(&self, path: &Path) -> std::io::Result<String>;
}

/// A loaded stage with everything needed to point back at its source.
#[derive(Debug, Clone)]
pub struct LoadedStage {
    /// The typed stage.
    pub stage: Stage,
    /// Every text the load read.
    pub sources: Sources,
    /// Where each value of the merged document came from, by path (`network.vpc_cidr`).
    pub locations: BTreeMap<String, Location>,
    /// The `extends:` chain, nearest parent first (`["stage3", "stage2", ...]`).
    pub ancestry: Vec<String>,
}

impl LoadedStage {
    /// The location of the value at `path`, or of its nearest ancestor that has one.
    pub fn locate(&self, path: &str) -> Option<Location> {
        nearest(&self.locations, path)
    }
}

/// The location recorded for `path`, or for its nearest ancestor that has one.
fn nearest(locations: &BTreeMap<String, Location>, path: &str) -> Option<Location> {
    let mut p = path;
    loop {
        if let Some(loc) = locations.get(p) {
            return Some(*loc);
        }
        let cut = p.rfind(['.', '['])?;
        p = &p[..cut];
    }
}

/// What to load: a built-in stage by name, or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageRef {
    /// `stage0` .. `stage7`.
    Builtin(String),
    /// A path to a YAML file.
    File(PathBuf),
}

impl StageRef {
    /// Interpret a command-line argument: a built-in name if one matches, else a path.
    pub fn parse(arg: &str) -> StageRef {
        if builtin(arg).is_some() {
            StageRef::Builtin(arg.to_string())
        } else {
            StageRef::File(PathBuf::from(arg))
        }
    }
}

struct Loader<'r> {
    reader: &'r dyn FileReader,
    sources: Sources,
    errors: Vec<Diagnostic>,
}

/// Load a stage, resolving its `extends:` chain. All problems found are reported together.
pub fn load(target: &StageRef, reader: &dyn FileReader) -> Result<LoadedStage, Report> {
    let mut loader = Loader {
        reader,
        sources: Sources::default(),
        errors: Vec::new(),
    };
    let mut ancestry = Vec::new();
    let tree = loader.load_tree(target, None, &mut Vec::new(), &mut ancestry);
    let fail = |loader: Loader<'_>| Report {
        diagnostics: loader.errors,
        sources: loader.sources,
    };
    let Some(tree) = tree else {
        return Err(fail(loader));
    };
    let mut locations = BTreeMap::new();
    let json = to_json(&tree, String::new(), &mut locations);
    match typed(json, &locations) {
        Ok(stage) if loader.errors.is_empty() => Ok(LoadedStage {
            stage,
            sources: loader.sources,
            locations,
            ancestry,
        }),
        Ok(_) => Err(fail(loader)),
        Err(found) => {
            loader.errors.extend(found);
            Err(fail(loader))
        }
    }
}

/// The most type errors one load reports.
const MOST_TYPE_ERRORS: usize = 50;

/// The typed stage, or every unknown field and wrong value in the document. serde stops at
/// the first; each offending entry is taken out and the document read again, until it reads
/// or an error cannot be taken out (a missing field, a bad list item), so one run reports all
/// of them. A field that is missing only because its bad value was taken out is not reported;
/// the mapping that needed it is taken out in turn.
fn typed(
    mut json: serde_json::Value,
    locations: &BTreeMap<String, Location>,
) -> Result<Stage, Vec<Diagnostic>> {
    let mut found = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    while found.len() < MOST_TYPE_ERRORS {
        let err = match serde_path_to_error::deserialize::<_, Stage>(&json) {
            Ok(stage) if found.is_empty() => return Ok(stage),
            Ok(_) => break,
            Err(err) => err,
        };
        let message = err.inner().to_string();
        if let Some(field) = between(&message, "missing field `", "`") {
            let path = path_string(err.path());
            let full = if path.is_empty() {
                field.to_string()
            } else {
                format!("{path}.{field}")
            };
            if !removed.contains(&full) {
                found.push(describe_serde_error(&err, locations));
                break;
            }
            // Missing because its bad value was taken out: take out the mapping holding it
            // too (reported already) and read on.
            match take_out(&mut json, err.path(), None) {
                Some(path) => removed.push(path),
                None => break,
            }
            continue;
        }
        found.push(describe_serde_error(&err, locations));
        match take_out(
            &mut json,
            err.path(),
            between(&message, "unknown field `", "`"),
        ) {
            Some(path) => removed.push(path),
            None => break,
        }
    }
    // In the order they are written (serde reads in its own order).
    found.sort_by_key(|d| d.location.map(|l| (l.file, l.offset)));
    if found.len() >= MOST_TYPE_ERRORS {
        found.push(Diagnostic::warning(
            crate::diagnostic::codes::load::TOO_MANY_ERRORS,
            format!("stopped after {MOST_TYPE_ERRORS} errors; there may be more"),
            None,
            "fix these and run again",
        ));
    }
    Err(found)
}

/// Remove the entry an error is about: the unknown field, or the mapping entry holding the
/// bad value. `None` when it is not a mapping entry (a list item, the whole document).
fn take_out(
    json: &mut serde_json::Value,
    path: &serde_path_to_error::Path,
    unknown: Option<&str>,
) -> Option<String> {
    use serde_path_to_error::Segment;
    let mut segments: Vec<&Segment> = path
        .iter()
        .filter(|s| matches!(s, Segment::Map { .. } | Segment::Seq { .. }))
        .collect();
    let key = match (unknown, segments.last()) {
        (Some(field), Some(Segment::Map { key })) if key == field => {
            segments.pop();
            field.to_string()
        }
        (Some(field), _) => field.to_string(),
        (None, Some(Segment::Map { key })) => {
            let key = key.clone();
            segments.pop();
            key
        }
        _ => return None,
    };
    let mut at = json;
    let mut shown = String::new();
    for segment in &segments {
        at = match segment {
            Segment::Map { key } => {
                if !shown.is_empty() {
                    shown.push('.');
                }
                shown.push_str(key);
                at.get_mut(key.as_str())?
            }
            Segment::Seq { index } => {
                shown.push_str(&format!("[{index}]"));
                at.get_mut(*index)?
            }
            _ => return None,
        };
    }
    at.as_object_mut()?.remove(&key)?;
    Some(if shown.is_empty() {
        key
    } else {
        format!("{shown}.{key}")
    })
}

impl Loader<'_> {
    /// Load one file's tree merged over its parents'. `None` when errors were recorded.
    fn load_tree(
        &mut self,
        target: &StageRef,
        referenced_at: Option<Location>,
        chain: &mut Vec<String>,
        ancestry: &mut Vec<String>,
    ) -> Option<Node> {
        let (identity, display, text, dir) = match target {
            StageRef::Builtin(name) => {
                let stage = builtin(name)?;
                (
                    format!("builtin:{name}"),
                    format!("builtin:{name}"),
                    stage.text.to_string(),
                    None,
                )
            }
            StageRef::File(path) => match self.reader.read(path) {
                Ok(text) => (
                    format!("file:{}", normalize(path).display()),
                    path.display().to_string(),
                    text,
                    path.parent().map(Path::to_path_buf),
                ),
                Err(err) => {
                    self.errors.push(Diagnostic::error(
                        crate::diagnostic::codes::load::UNREADABLE,
                        format!("cannot read `{}`: {err}", path.display()),
                        referenced_at,
                        "check the path; built-in stages are stage0 .. stage7 (see `scalectl stages`)",
                    ));
                    return None;
                }
            },
        };
        if chain.contains(&identity) {
            let cycle = chain
                .iter()
                .chain(std::iter::once(&identity))
                .map(|s| s.trim_start_matches("file:").to_string())
                .collect::<Vec<_>>()
                .join(" -> ");
            self.errors.push(
                Diagnostic::error(
                    crate::diagnostic::codes::load::EXTENDS_CYCLE,
                    format!("`extends:` forms a cycle: {cycle}"),
                    referenced_at,
                    "make one file in the cycle extend a built-in stage (stage0 .. stage7) instead",
                )
                .with_label("this `extends:` closes the cycle"),
            );
            return None;
        }
        if chain.len() >= MAX_EXTENDS_DEPTH {
            self.errors.push(Diagnostic::error(
                crate::diagnostic::codes::load::EXTENDS_TOO_DEEP,
                format!("`extends:` chain is deeper than {MAX_EXTENDS_DEPTH} files"),
                referenced_at,
                "flatten the chain: extend a built-in stage and override fields directly",
            ));
            return None;
        }
        let file = self.sources.add(display, text.as_str());
        let mut tree = match yaml::parse(file, &text) {
            Ok(tree) => tree,
            Err(errors) => {
                self.errors.extend(errors);
                return None;
            }
        };
        if !matches!(tree.kind, Kind::Map(_)) {
            self.errors.push(Diagnostic::error(
                crate::diagnostic::codes::load::NOT_A_MAPPING,
                format!("a stage file must be a mapping, found {}", tree.type_name()),
                Some(tree.loc),
                "write `key: value` lines, e.g. `extends: stage2` then `name: my-app`",
            ));
            return None;
        }
        let Some(extends) = tree.get("extends").cloned() else {
            return Some(tree);
        };
        let Kind::Str(parent_name) = &extends.value.kind else {
            self.errors.push(Diagnostic::error(
                crate::diagnostic::codes::load::BAD_EXTENDS,
                format!(
                    "`extends:` must be a string, found {}",
                    extends.value.type_name()
                ),
                Some(extends.value.loc),
                "write `extends: stage3` or `extends: ./base.yaml`",
            ));
            return None;
        };
        let parent_ref = resolve_parent(parent_name, dir.as_deref());
        if let StageRef::File(path) = &parent_ref
            && matches!(target, StageRef::Builtin(_))
        {
            // Built-in stages only extend built-ins; a missing one is a packaging bug.
            self.errors.push(Diagnostic::error(
                crate::diagnostic::codes::load::MISSING_PARENT,
                format!("built-in stage extends unknown `{}`", path.display()),
                Some(extends.value.loc),
                "report this as a bug in scalectl",
            ));
            return None;
        }
        chain.push(identity);
        ancestry.push(parent_name.clone());
        let parent = self.load_tree(&parent_ref, Some(extends.value.loc), chain, ancestry);
        chain.pop();
        let mut parent = parent?;
        remove_key(&mut parent, "extends");
        // The child's own `extends` stays, so the merged stage knows its parent.
        tree = merge(parent, tree);
        Some(tree)
    }
}

fn resolve_parent(name: &str, dir: Option<&Path>) -> StageRef {
    if builtin(name).is_some() {
        return StageRef::Builtin(name.to_string());
    }
    let path = Path::new(name);
    match dir {
        Some(dir) if path.is_relative() => StageRef::File(dir.join(path)),
        _ => StageRef::File(path.to_path_buf()),
    }
}

/// Lexically normalize a path so `a/./b.yaml` and `a/b.yaml` are one file in cycle checks.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn remove_key(node: &mut Node, key: &str) {
    if let Kind::Map(entries) = &mut node.kind {
        entries.retain(|e| e.key != key);
    }
}

/// Merge `child` over `parent`: mappings merge key by key, anything else is replaced, and an
/// explicit `null` in the child removes the parent's key.
pub fn merge(parent: Node, child: Node) -> Node {
    match (parent.kind, child.kind) {
        (Kind::Map(mut base), Kind::Map(over)) => {
            for entry in over {
                match base.iter().position(|e| e.key == entry.key) {
                    Some(i) if entry.value.kind == Kind::Null => {
                        base.remove(i);
                    }
                    Some(i) => {
                        let old = base.remove(i);
                        base.insert(
                            i,
                            Entry {
                                key: entry.key,
                                key_loc: entry.key_loc,
                                value: merge(old.value, entry.value),
                            },
                        );
                    }
                    None if entry.value.kind == Kind::Null => {}
                    None => base.push(entry),
                }
            }
            Node {
                kind: Kind::Map(base),
                loc: child.loc,
            }
        }
        (_, kind) => Node {
            kind,
            loc: child.loc,
        },
    }
}

/// Convert the tree to JSON for serde, recording each path's location (and `path#key` for
/// the key of a mapping entry).
/// A parsed YAML document as JSON (what `scalectl schema` describes), without merging.
pub fn document_json(node: &Node) -> serde_json::Value {
    to_json(node, String::new(), &mut BTreeMap::new())
}

fn to_json(
    node: &Node,
    path: String,
    locations: &mut BTreeMap<String, Location>,
) -> serde_json::Value {
    use serde_json::Value as J;
    let value = match &node.kind {
        Kind::Null => J::Null,
        Kind::Bool(b) => J::Bool(*b),
        Kind::Int(i) => J::from(*i),
        // JSON has no infinity or NaN: keep them as `.inf`, `-.inf` or `.nan` (however they
        // were written), so an error names the value rather than a null nobody wrote.
        Kind::Float(f) => serde_json::Number::from_f64(*f).map_or_else(
            || {
                J::String(
                    match (f.is_nan(), f.is_sign_negative()) {
                        (true, _) => ".nan",
                        (false, true) => "-.inf",
                        (false, false) => ".inf",
                    }
                    .to_string(),
                )
            },
            J::Number,
        ),
        Kind::Str(s) => J::String(s.clone()),
        Kind::Seq(items) => J::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| to_json(item, format!("{path}[{i}]"), locations))
                .collect(),
        ),
        Kind::Map(entries) => {
            let mut map = serde_json::Map::new();
            for entry in entries {
                let child = if path.is_empty() {
                    entry.key.clone()
                } else {
                    format!("{path}.{}", entry.key)
                };
                locations.insert(format!("{child}#key"), entry.key_loc);
                map.insert(entry.key.clone(), to_json(&entry.value, child, locations));
            }
            J::Object(map)
        }
    };
    locations.insert(path, node.loc);
    value
}

fn path_string(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

fn describe_serde_error(
    err: &serde_path_to_error::Error<serde_json::Error>,
    locations: &BTreeMap<String, Location>,
) -> Diagnostic {
    let path = path_string(err.path());
    let message = err.inner().to_string();
    let locate = |p: &str| nearest(locations, p);
    let shown = if path.is_empty() {
        "the top level".to_string()
    } else {
        format!("`{path}`")
    };
    if let Some(field) = between(&message, "unknown field `", "`") {
        let key_path = if path.ends_with(field) {
            path.clone()
        } else if path.is_empty() {
            field.to_string()
        } else {
            format!("{path}.{field}")
        };
        let expected = message.split("expected ").nth(1).unwrap_or("a known field");
        let suggestion = closest(field, expected)
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        return Diagnostic::error(
            crate::diagnostic::codes::load::UNKNOWN_FIELD,
            format!("unknown field `{field}` in {}", parent_of(&key_path)),
            locations
                .get(&format!("{key_path}#key"))
                .copied()
                .or_else(|| locate(&key_path)),
            format!("{suggestion}expected {expected}"),
        )
        .with_label("not a field here");
    }
    if let Some(field) = between(&message, "missing field `", "`") {
        return Diagnostic::error(
            crate::diagnostic::codes::load::MISSING_FIELD,
            format!("missing field `{field}` in {shown}"),
            locations
                .get(&format!("{path}#key"))
                .copied()
                .or_else(|| locate(&path)),
            format!("add `{field}:` here, or `extends:` a stage that sets it"),
        )
        .with_label(format!("`{field}` is required here"));
    }
    let found = locate(&path);
    let help = if message.contains("unknown variant") {
        message
            .split("expected ")
            .nth(1)
            .map(|e| format!("use one of: {e}"))
            .unwrap_or_else(|| "use one of the documented values".to_string())
    } else if [".inf\"", ".nan\""].iter().any(|v| message.contains(v)) {
        "infinity and NaN are not values scalectl accepts: write a finite number".to_string()
    } else if message.contains("invalid type") {
        "change the value to the expected type (quote strings, no quotes on numbers)".to_string()
    } else if message.contains("untagged enum AzChoice") {
        return Diagnostic::error(
            crate::diagnostic::codes::load::INVALID_VALUE,
            format!("invalid value at {shown}: expected a number of zones or a list of zone names"),
            found,
            "write `availability_zones: 2` or `availability_zones: [us-east-1a, us-east-1b]`",
        )
        .with_label("not a count or a list of names");
    } else {
        "see `scalectl schema` for the accepted values".to_string()
    };
    Diagnostic::error(
        crate::diagnostic::codes::load::INVALID_VALUE,
        format!("invalid value at {shown}: {}", strip_position(&message)),
        found,
        help,
    )
    .with_label("this value")
}

fn parent_of(path: &str) -> String {
    match path.rfind('.') {
        Some(i) => format!("`{}`", &path[..i]),
        None => "the top level".to_string(),
    }
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let len = s[from..].find(end)?;
    Some(&s[from..from + len])
}

/// serde_json appends " at line 1 column 2" to some messages; ours point at YAML instead.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// The expected name closest to `field`, when close enough to be a typo.
fn closest<'a>(field: &str, expected: &'a str) -> Option<&'a str> {
    let candidates = expected
        .split(['`', ','])
        .map(str::trim)
        .filter(|s| *s != "or");
    crate::suggest::closest(field, candidates)
}
