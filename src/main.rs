//! The scalectl binary: parse arguments, run the command, render errors, exit.

use clap::Parser;
use scalectl::cli::Cli;
use scalectl::commands::{self, CommandError, FsReader};
use scalectl::render::render_report;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = commands::run(&cli, &FsReader, &mut out);
    let _ = out.flush();
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
                CommandError::Usage { message, help } | CommandError::Aws { message, help } => {
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
