//! Showing a flow's progress on the console: a progress bar with events printed above it
//! on a terminal, one plain line per event otherwise; questions go to the console.

use super::Console;
use super::diff::render_text;
use super::stack_text::event_line;
use crate::deploy::events::is_resource_done;
use crate::deploy::{Observer, Progress, Question};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Reports one stack's flow to the console.
pub(super) struct ConsoleObserver<'a> {
    console: &'a mut dyn Console,
    stack: String,
    bar: Option<ProgressBar>,
}

impl<'a> ConsoleObserver<'a> {
    pub(super) fn new(console: &'a mut dyn Console, stack: &str) -> Self {
        ConsoleObserver {
            console,
            stack: stack.to_string(),
            bar: None,
        }
    }

    fn line(&mut self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => {
                let _ = writeln!(self.console.err(), "{text}");
            }
        }
    }

    /// Close the progress bar, leaving the screen to what follows.
    pub(super) fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for ConsoleObserver<'_> {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Observer for ConsoleObserver<'_> {
    fn report(&mut self, progress: Progress<'_>) {
        match progress {
            Progress::Step(text) => self.line(&format!("{}: {text}", self.stack)),
            Progress::Review(diff) => {
                let text = render_text(&self.stack, diff);
                let _ = self.console.err().write_all(text.as_bytes());
            }
            Progress::Started { resources } => {
                if self.console.live() {
                    let bar = if resources > 0 {
                        ProgressBar::new(resources as u64)
                    } else {
                        ProgressBar::new_spinner()
                    };
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    if let Ok(style) = ProgressStyle::with_template(
                        "{spinner} {prefix} [{elapsed}] {bar:30} {pos}/{len} {wide_msg}",
                    ) {
                        bar.set_style(style);
                    }
                    bar.set_prefix(self.stack.clone());
                    bar.enable_steady_tick(std::time::Duration::from_millis(120));
                    self.bar = Some(bar);
                } else {
                    self.line(&format!("{}: started ({resources} resources)", self.stack));
                }
            }
            Progress::Event(event) => {
                self.line(&event_line(event, false));
                if let Some(bar) = &self.bar {
                    if is_resource_done(event) {
                        bar.inc(1);
                    }
                    bar.set_message(format!("{} {}", event.logical_id, event.status));
                }
            }
            Progress::Throttled => self.line(&format!(
                "{}: AWS is throttling requests; polling less often",
                self.stack
            )),
        }
    }

    fn approve(&mut self, question: Question<'_>) -> bool {
        self.finish();
        let text = match question {
            Question::Deploy(_) => format!("Apply these changes to {}?", self.stack),
            Question::Destroy { stack, retained } => {
                let mut text = format!("Delete stack {stack} and every resource in it");
                if retained.is_empty() {
                    text.push('?');
                } else {
                    text.push_str("? Their retention policy decides for these:\n");
                    for (id, ty, policy) in retained {
                        text.push_str(&format!(
                            "  {id} ({ty}): {policy}, {}\n",
                            super::stack::policy_effect(policy)
                        ));
                    }
                    text.push_str("Delete?");
                }
                text
            }
        };
        self.console.confirm(&text)
    }
}
