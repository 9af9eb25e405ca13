//! Showing flows' progress on the console: on a terminal one progress bar per stack in
//! flight with events printed above them, otherwise one plain line per event; questions go
//! to the console one at a time.

use super::Console;
pub(super) use super::session::InFlight;
use crate::deploy::events::is_resource_done;
use crate::deploy::{Observer, Progress, Question};
use crate::output::diff::{findings_text, render_text};
use crate::output::stack::{event_line, policy_effect};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use std::cell::RefCell;

/// The console shared by every stack's observer while several stacks are in flight.
pub(super) struct Screen<'c> {
    console: RefCell<&'c mut dyn Console>,
    bars: Option<MultiProgress>,
}

impl<'c> Screen<'c> {
    pub(super) fn new(console: &'c mut dyn Console) -> Self {
        let bars = console.progress().map(MultiProgress::with_draw_target);
        Screen {
            console: RefCell::new(console),
            bars,
        }
    }

    /// Use the console directly (bars hidden meanwhile).
    pub(super) fn with<R>(&self, f: impl FnOnce(&mut dyn Console) -> R) -> R {
        let run = || f(&mut **self.console.borrow_mut());
        match &self.bars {
            Some(bars) => bars.suspend(run),
            None => run(),
        }
    }

    /// One line of progress on stderr.
    fn line(&self, text: &str) {
        self.with(|console| {
            let _ = writeln!(console.err(), "{text}");
        });
    }
}

/// Reports one stack's flow to the shared screen.
pub(super) struct ConsoleObserver<'s, 'c> {
    screen: &'s Screen<'c>,
    stack: String,
    bar: Option<ProgressBar>,
}

impl<'s, 'c> ConsoleObserver<'s, 'c> {
    pub(super) fn new(screen: &'s Screen<'c>, stack: &str) -> Self {
        ConsoleObserver {
            screen,
            stack: stack.to_string(),
            bar: None,
        }
    }

    /// Close the progress bar, leaving the screen to what follows.
    pub(super) fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
            if let Some(bars) = &self.screen.bars {
                bars.remove(&bar);
            }
        }
    }
}

impl Drop for ConsoleObserver<'_, '_> {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Observer for ConsoleObserver<'_, '_> {
    fn report(&mut self, progress: Progress<'_>) {
        match progress {
            Progress::Step(text) => self.screen.line(&format!("{}: {text}", self.stack)),
            Progress::Review(diff) => {
                let text = render_text(&self.stack, diff);
                self.screen.with(|console| {
                    let _ = console.err().write_all(text.as_bytes());
                });
            }
            Progress::Started { resources } => match &self.screen.bars {
                Some(bars) => {
                    let bar = if resources > 0 {
                        ProgressBar::new(resources as u64)
                    } else {
                        ProgressBar::new_spinner()
                    };
                    let bar = bars.add(bar);
                    if let Ok(style) = ProgressStyle::with_template(
                        "{spinner} {prefix} [{elapsed}] {bar:30} {pos}/{len} {wide_msg}",
                    ) {
                        bar.set_style(style);
                    }
                    bar.set_prefix(self.stack.clone());
                    bar.enable_steady_tick(std::time::Duration::from_millis(120));
                    self.bar = Some(bar);
                }
                None => self
                    .screen
                    .line(&format!("{}: started ({resources} resources)", self.stack)),
            },
            Progress::Event(event) => {
                self.screen.line(&event_line(event, false));
                if let Some(bar) = &self.bar {
                    if is_resource_done(event) {
                        bar.inc(1);
                    }
                    bar.set_message(format!("{} {}", event.logical_id, event.status));
                }
            }
            Progress::Findings(findings) => {
                let text = findings_text(&self.stack, findings);
                self.screen.with(|console| {
                    let _ = console.err().write_all(text.as_bytes());
                });
            }
            Progress::Fleet(p) => {
                let line = format!(
                    "{}: {} rolling update: {}/{} instances on launch template version {}",
                    self.stack, p.group, p.updated, p.total, p.version
                );
                self.screen.line(&line);
                if let Some(bar) = &self.bar {
                    bar.set_message(format!("{} {}/{} updated", p.group, p.updated, p.total));
                }
            }
            Progress::Throttled => self.screen.line(&format!(
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
                            policy_effect(policy)
                        ));
                    }
                    text.push_str("Delete?");
                }
                text
            }
        };
        self.screen.with(|console| console.confirm(&text))
    }
}

/// An observer that keeps [`InFlight`] up to date: a stack is in flight from the moment its
/// observer is made until it is dropped.
pub(super) struct Tracked<'t, O> {
    inner: O,
    in_flight: &'t InFlight,
    name: String,
}

impl<'t, O> Tracked<'t, O> {
    pub(super) fn new(inner: O, in_flight: &'t InFlight, name: &str, region: &str) -> Self {
        in_flight
            .borrow_mut()
            .insert(name.to_string(), region.to_string());
        Tracked {
            inner,
            in_flight,
            name: name.to_string(),
        }
    }
}

impl<O> Drop for Tracked<'_, O> {
    fn drop(&mut self) {
        self.in_flight.borrow_mut().remove(&self.name);
    }
}

impl<O: Observer> Observer for Tracked<'_, O> {
    fn report(&mut self, progress: Progress<'_>) {
        self.inner.report(progress);
    }
    fn approve(&mut self, question: Question<'_>) -> bool {
        self.inner.approve(question)
    }
}
