//! Rendering diagnostics with miette: a snippet of the file with the offending value marked,
//! the message, a stable code and a help line. Colourless output is used in tests and when
//! stderr is not a terminal.

use super::{Diagnostic, Related, Report, Severity, Sources};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;

struct Rendered<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<NamedSource<String>>,
    heading: String,
    related: Vec<RelatedNote>,
}

/// A secondary place, rendered as an advice with its own snippet.
struct RelatedNote {
    message: String,
    source: NamedSource<String>,
    span: SourceSpan,
}

impl RelatedNote {
    fn new(related: &Related, sources: &Sources) -> Option<Self> {
        let file = sources.get(related.location.file)?;
        Some(RelatedNote {
            message: format!(
                "{}:{}:{}: {}",
                file.name, related.location.line, related.location.column, related.message
            ),
            source: NamedSource::new(file.name.clone(), file.text.to_string()),
            span: SourceSpan::new(related.location.offset.into(), related.location.len),
        })
    }
}

impl fmt::Debug for RelatedNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for RelatedNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RelatedNote {}

impl miette::Diagnostic for RelatedNote {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(None, self.span),
        )))
    }
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.heading)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.heading)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.diagnostic.help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let loc = self.diagnostic.location?;
        self.source.as_ref()?;
        let span = SourceSpan::new(loc.offset.into(), loc.len);
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.diagnostic.label.clone()), span),
        )))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

/// Render one diagnostic. `color` picks the themed (ANSI) or plain output.
pub fn render_diagnostic(diagnostic: &Diagnostic, sources: &Sources, color: bool) -> String {
    let source = diagnostic
        .location
        .and_then(|loc| sources.get(loc.file))
        .map(|file| NamedSource::new(file.name.clone(), file.text.to_string()));
    let heading = match diagnostic.position(sources) {
        Some(pos) => format!("{pos}: {}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let related = diagnostic
        .related
        .iter()
        .filter_map(|r| RelatedNote::new(r, sources))
        .collect();
    let rendered = Rendered {
        diagnostic,
        source,
        heading,
        related,
    };
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    if handler.render_report(&mut out, &rendered).is_err() {
        // Rendering only fails on a formatter error; fall back to the one-line form.
        out = format!(
            "{}: {} [{}]\n  help: {}\n",
            diagnostic.severity, rendered.heading, diagnostic.code, diagnostic.help
        );
    }
    out
}

/// Render every diagnostic of a report, with a closing count.
pub fn render_report(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        out.push_str(&render_diagnostic(diagnostic, &report.sources, color));
        out.push('\n');
    }
    let (errors, warnings) = report.counts();
    out.push_str(&format!(
        "{errors} error{}, {warnings} warning{}\n",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    ));
    out
}
