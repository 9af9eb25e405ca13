//! The scalectl binary: parse arguments, run the command, render errors, exit.

use clap::Parser;
use scalectl::cli::Cli;
use scalectl::commands::{self, CommandError, Console, FsReader};
use scalectl::diagnostic::render::render_report;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// The process's standard streams.
struct StdConsole {
    out: std::io::Stdout,
    err: std::io::Stderr,
}

impl Console for StdConsole {
    fn out(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    fn err(&mut self) -> &mut dyn Write {
        &mut self.err
    }

    fn interactive(&self) -> bool {
        std::io::stdin().is_terminal() && self.err.is_terminal()
    }

    fn progress(&self) -> Option<indicatif::ProgressDrawTarget> {
        // Bars redraw in place: only on a terminal, and never in CI logs.
        (self.err.is_terminal() && std::env::var_os("CI").is_none())
            .then(indicatif::ProgressDrawTarget::stderr)
    }

    fn confirm(&mut self, question: &str) -> bool {
        let _ = write!(self.err, "{question} [y/N] ");
        let _ = self.err.flush();
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer).is_err() {
            return false;
        }
        matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut console = StdConsole {
        out: std::io::stdout(),
        err: std::io::stderr(),
    };
    let result = commands::run(&cli, &FsReader, &mut console);
    let _ = console.out.flush();
    let color = match cli.color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    match result {
        Ok(outcome) => {
            if let Some(warnings) = outcome.warnings {
                let _ = std::io::stderr().write_all(render_report(&warnings, color).as_bytes());
            }
            ExitCode::from(scalectl::exit::SUCCESS)
        }
        Err(error) => {
            let text = match &error {
                CommandError::Invalid(report) => render_report(report, color),
                CommandError::Usage { message, help }
                | CommandError::Aws { message, help }
                | CommandError::Stopped { message, help, .. } => {
                    format!("error: {message}\n  help: {help}\n")
                }
                CommandError::Reported(_) => String::new(),
                other => format!("error: {other}\n"),
            };
            let _ = std::io::stderr().write_all(text.as_bytes());
            ExitCode::from(error.exit_code())
        }
    }
}
