//! `scalectl destroy`: delete a stack, or every stack of a stage's graph, dependents first
//! (the reverse of the deploy order), several at a time.

use super::observer::{ConsoleObserver, InFlight, Screen, Tracked};
use super::session::{self, stopped};
use super::targets;
use super::{CommandError, Console, Outcome, write_all};
use crate::cli::{DestroyArgs, Output};
use crate::deploy::teardown::{TeardownOptions, destroy_graph};
use crate::deploy::walk::Turn;
use crate::deploy::watch::Polling;
use crate::output;
use crate::output::walk::{DestroyReport, StackRef};
use crate::stage::FileReader;

/// Run `destroy`.
pub fn destroy(
    args: &DestroyArgs,
    reader: &dyn FileReader,
    console: &mut dyn Console,
) -> Result<Outcome, CommandError> {
    let graph = targets::offline(&args.stack, reader)?;
    let approval = session::approval(args.yes, console);
    let runtime = session::runtime()?;
    let screen = Screen::new(console);
    let (targets, turns) = runtime.block_on(async {
        let aws = session::connect(&args.stack.aws).await?;
        let targets = targets::resolve(&args.stack, graph, &aws)?;
        let (stacks, apis) = targets.with_apis(&aws);
        let options = TeardownOptions {
            concurrency: usize::from(args.concurrency),
            approval,
            unprotect: args.disable_deletion_protection,
            polling: Polling::default(),
        };
        let in_flight = InFlight::default();
        let walking = destroy_graph(&stacks, &targets.deps, &apis, options, |i| {
            let target = &targets.stacks[i];
            Tracked::new(
                ConsoleObserver::new(&screen, &target.name),
                &in_flight,
                &target.name,
                &target.region,
            )
        });
        // Pinned out here so that Ctrl-C reads the stacks in flight before the walk drops.
        let mut walking = Box::pin(walking);
        let turns = tokio::select! {
            turns = &mut walking => turns,
            _ = tokio::signal::ctrl_c() => return Err(session::interrupted_in_flight(&aws, &in_flight).await),
        };
        drop(walking);
        let turns: Vec<Turn<_, CommandError>> = turns
            .into_iter()
            .map(|t| t.map_failed(|e| stopped(e, None)))
            .collect();
        Ok::<_, CommandError>((targets, turns))
    })?;
    let failed = turns.iter().filter(|t| !t.is_done()).count();
    if !targets.from_stage && failed == 1 {
        if let Some(Turn::Failed(e)) = turns.into_iter().next() {
            return Err(e);
        }
        return Ok(Outcome::default());
    }
    let stacks: Vec<StackRef<'_>> = targets
        .stacks
        .iter()
        .map(|t| StackRef {
            name: &t.name,
            region: &t.region,
        })
        .collect();
    let report = DestroyReport {
        stacks: &stacks,
        from_stage: targets.from_stage,
        turns: &turns,
    };
    let text = output::render(&report, args.stack.output == Output::Json);
    screen.with(|console| write_all(console.out(), &text))?;
    if failed == 0 {
        return Ok(Outcome::default());
    }
    let code = session::worst_exit(turns.iter().filter_map(|t| match t {
        Turn::Failed(e) => Some(e.exit_code()),
        _ => None,
    }));
    Err(CommandError::Stopped {
        message: format!(
            "{failed} of {} stacks were not deleted (the report above says where each one stands)",
            targets.stacks.len()
        ),
        help: "fix the cause and run the same destroy again: stacks already gone are skipped"
            .to_string(),
        code,
    })
}
