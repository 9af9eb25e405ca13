//! Collecting findings: each rule reports against a path of the stage (`compute.web.max`)
//! and this turns the path into the place in the user's file where that value came from.

use crate::diagnostic::{Diagnostic, Location};
use crate::stage::LoadedStage;

/// The findings of one validation run.
pub(crate) struct Findings<'a> {
    loaded: &'a LoadedStage,
    region_from_flag: bool,
    list: Vec<Diagnostic>,
}

impl<'a> Findings<'a> {
    pub(crate) fn new(loaded: &'a LoadedStage, region_from_flag: bool) -> Self {
        Findings {
            loaded,
            region_from_flag,
            list: Vec::new(),
        }
    }

    /// Where the value at `path` came from (or its nearest located ancestor). A region given
    /// with `--region` is not in any file.
    pub(crate) fn at(&self, path: &str) -> Option<Location> {
        if self.region_from_flag && path == "network.region" {
            return None;
        }
        self.loaded.locate(path)
    }

    /// Where the key of the entry at `path` is written, falling back to its value.
    pub(crate) fn at_key(&self, path: &str) -> Option<Location> {
        self.loaded
            .locations
            .get(&format!("{path}#key"))
            .copied()
            .or_else(|| self.at(path))
    }

    /// Whether the value at `path` is written in the file being validated (not inherited).
    pub(crate) fn written_here(&self, path: &str) -> bool {
        let root = self.loaded.locate("").map(|l| l.file);
        self.at(path).is_some_and(|l| Some(l.file) == root)
    }

    /// The name of the file being validated (`shop.yaml`, `builtin:stage3`).
    pub(crate) fn file_name(&self) -> Option<String> {
        let root = self.loaded.locate("")?;
        self.loaded.sources.get(root.file).map(|f| f.name.clone())
    }

    /// Whether any rule so far found an error.
    pub(crate) fn has_errors(&self) -> bool {
        self.list
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error)
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    pub(crate) fn error(
        &mut self,
        code: &'static str,
        path: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let diagnostic = Diagnostic::error(code, message, self.at(path), help);
        self.list.push(diagnostic);
    }

    pub(crate) fn warning(
        &mut self,
        code: &'static str,
        path: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let diagnostic = Diagnostic::warning(code, message, self.at(path), help);
        self.list.push(diagnostic);
    }

    /// The findings in source order, every one located in the user's file: a finding about
    /// an inherited value points at the `extends:` it came through, with the value itself
    /// (in the parent) as related.
    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        let root = self.loaded.locate("").map(|l| l.file);
        let extends = self.loaded.locations.get("extends").copied();
        let mut list = self.list;
        for d in &mut list {
            let (Some(loc), Some(root), Some(extends)) = (d.location, root, extends) else {
                continue;
            };
            if loc.file != root {
                let from = self
                    .loaded
                    .sources
                    .get(loc.file)
                    .map(|f| f.name.clone())
                    .unwrap_or_default();
                d.location = Some(extends);
                let what = if d.label == "here" || d.label.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", d.label)
                };
                d.label = format!("inherits the value from `{from}`");
                d.related.push(crate::diagnostic::Related {
                    location: loc,
                    message: format!(
                        "the value{what}, inherited from `{from}`; override it in your file"
                    ),
                });
            }
        }
        let key = |d: &Diagnostic| {
            d.location.map_or((2, 0, 0), |l| {
                (usize::from(Some(l.file) != root), l.file, l.offset)
            })
        };
        list.sort_by_key(key);
        list
    }
}
