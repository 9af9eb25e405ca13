//! Located diagnostics: what is wrong, where (file, line, column), and how to fix it.
//!
//! The core produces [`Diagnostic`] values; the binary renders them with miette. Nothing here
//! prints.

pub mod codes;
pub mod render;

use std::fmt;
use std::sync::Arc;

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// One source text: a user's file or an embedded built-in stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The name shown to the user: a path, or `builtin:stage3`.
    pub name: String,
    /// The full text.
    pub text: Arc<str>,
}

/// All source texts a load touched, so any diagnostic can be rendered with its snippet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Add a file and get its ID.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        self.files.push(SourceFile {
            name: name.into(),
            text: text.into(),
        });
        self.files.len() - 1
    }

    /// A file by ID.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id)
    }

    /// Find a file by name.
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files.iter().position(|f| f.name == name)
    }
}

/// A place in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Which file.
    pub file: FileId,
    /// Byte offset of the start.
    pub offset: usize,
    /// Length in bytes (may be 0).
    pub len: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; does not stop anything.
    Warning,
    /// Stops synthesis and deployment.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One finding about a stage file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Stable code, e.g. `scalectl::load::unknown_field`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where, when known.
    pub location: Option<Location>,
    /// The label under the snippet.
    pub label: String,
    /// How to fix it.
    pub help: String,
    /// Other places that explain this one (e.g. the `extends:` an inherited value came through).
    pub related: Vec<Related>,
}

/// A secondary place shown with a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// Where.
    pub location: Location,
    /// What this place has to do with the diagnostic.
    pub message: String,
}

impl Diagnostic {
    /// An error at a location.
    pub fn error(
        code: &'static str,
        message: impl Into<String>,
        location: Option<Location>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            location,
            label: String::from("here"),
            help: help.into(),
            related: Vec::new(),
        }
    }

    /// A warning at a location.
    pub fn warning(
        code: &'static str,
        message: impl Into<String>,
        location: Option<Location>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, location, help)
        }
    }

    /// Add a secondary place, when it is known.
    pub fn with_related_opt(self, location: Option<Location>, message: impl Into<String>) -> Self {
        match location {
            Some(location) => self.with_related(location, message),
            None => self,
        }
    }

    /// Add a secondary place.
    pub fn with_related(mut self, location: Location, message: impl Into<String>) -> Self {
        self.related.push(Related {
            location,
            message: message.into(),
        });
        self
    }

    /// Set the label shown at the location.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// `file:line:column` of the diagnostic, when it has a location.
    pub fn position(&self, sources: &Sources) -> Option<String> {
        let loc = self.location?;
        let file = sources.get(loc.file)?;
        Some(format!("{}:{}:{}", file.name, loc.line, loc.column))
    }
}

/// Counts of errors and warnings among findings.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diagnostics.len() - errors)
}

/// Diagnostics with the sources they point into.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The findings, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts they point into.
    pub sources: Sources,
}

impl Report {
    /// Counts of errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        counts(&self.diagnostics)
    }

    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            match d.position(&self.sources) {
                Some(pos) => writeln!(f, "{pos}: {}: {} [{}]", d.severity, d.message, d.code)?,
                None => writeln!(f, "{}: {} [{}]", d.severity, d.message, d.code)?,
            }
            writeln!(f, "  help: {}", d.help)?;
            for r in &d.related {
                if let Some(file) = self.sources.get(r.location.file) {
                    let (line, column) = (r.location.line, r.location.column);
                    writeln!(f, "  note: {}:{line}:{column}: {}", file.name, r.message)?;
                }
            }
        }
        Ok(())
    }
}
