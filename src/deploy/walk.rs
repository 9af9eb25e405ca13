//! Walking a stack graph: each stack starts once every stack it depends on is done, at
//! most `concurrency` at a time, in graph order among those ready. What a failure does to
//! the rest is the caller's choice ([`OnFailure`]). Runtime-agnostic: the futures are
//! polled together on the caller's task, nothing is spawned.

use futures_util::stream::{FuturesUnordered, StreamExt};
use std::future::Future;

/// What happens to the rest of the graph when a stack fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnFailure {
    /// Start nothing new; stacks already running finish (an operation AWS has begun goes
    /// on regardless).
    #[default]
    Halt,
    /// Go on with every stack that does not depend on the failed one.
    Continue,
}

/// How one stack's turn ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Turn<T, E> {
    /// It ran and succeeded.
    Done(T),
    /// It ran and failed.
    Failed(E),
    /// Not run: a stack it depends on (by index) did not succeed.
    Skipped {
        /// The dependency that failed or was itself skipped.
        because: usize,
    },
    /// Not run: the walk halted after a failure elsewhere.
    NotStarted,
}

impl<T, E> Turn<T, E> {
    /// Whether the stack succeeded.
    pub fn is_done(&self) -> bool {
        matches!(self, Turn::Done(_))
    }

    /// The same turn with its failure mapped.
    pub fn map_failed<F>(self, f: impl FnOnce(E) -> F) -> Turn<T, F> {
        match self {
            Turn::Done(value) => Turn::Done(value),
            Turn::Failed(error) => Turn::Failed(f(error)),
            Turn::Skipped { because } => Turn::Skipped { because },
            Turn::NotStarted => Turn::NotStarted,
        }
    }
}

/// Walk the graph given by `deps` (each node's dependencies, by index), calling `run(i)`
/// for each node when it is ready. Returns every node's turn, by index.
pub async fn walk<T, E, F, Fut>(
    deps: &[Vec<usize>],
    concurrency: usize,
    on_failure: OnFailure,
    mut run: F,
) -> Vec<Turn<T, E>>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let n = deps.len();
    let concurrency = concurrency.max(1);
    let mut turns: Vec<Option<Turn<T, E>>> = (0..n).map(|_| None).collect();
    let mut started = vec![false; n];
    let mut running = FuturesUnordered::new();
    let mut halted = false;
    loop {
        // Anything whose dependency did not succeed is skipped, transitively.
        let mut changed = true;
        while changed {
            changed = false;
            for i in 0..n {
                if started[i] || turns[i].is_some() {
                    continue;
                }
                let blocker = deps[i]
                    .iter()
                    .copied()
                    .find(|&d| turns[d].as_ref().is_some_and(|t| !t.is_done()));
                if let Some(because) = blocker {
                    turns[i] = Some(Turn::Skipped { because });
                    changed = true;
                }
            }
        }
        if !halted {
            for i in 0..n {
                if running.len() >= concurrency {
                    break;
                }
                let ready = !started[i]
                    && turns[i].is_none()
                    && deps[i]
                        .iter()
                        .all(|&d| turns[d].as_ref().is_some_and(Turn::is_done));
                if ready {
                    started[i] = true;
                    let future = run(i);
                    running.push(async move { (i, future.await) });
                }
            }
        }
        let Some((i, result)) = running.next().await else {
            break;
        };
        turns[i] = Some(match result {
            Ok(value) => Turn::Done(value),
            Err(error) => {
                if on_failure == OnFailure::Halt {
                    halted = true;
                }
                Turn::Failed(error)
            }
        });
    }
    turns
        .into_iter()
        .map(|t| t.unwrap_or(Turn::NotStarted))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A graph: 0 and 1 are regions, 2 a shard stack of 0, 3 global after 0 and 1.
    fn deps() -> Vec<Vec<usize>> {
        vec![vec![], vec![], vec![0], vec![0, 1]]
    }

    fn run_with(
        deps: &[Vec<usize>],
        fail: Option<usize>,
        concurrency: usize,
        on_failure: OnFailure,
    ) -> (Vec<Turn<usize, String>>, Vec<usize>, usize) {
        let order = RefCell::new(Vec::new());
        let live = RefCell::new(0usize);
        let peak = RefCell::new(0usize);
        let turns = futures_executor_lite(walk(deps, concurrency, on_failure, |i| {
            let (order, live, peak) = (&order, &live, &peak);
            async move {
                order.borrow_mut().push(i);
                *live.borrow_mut() += 1;
                let now = *live.borrow();
                let before = *peak.borrow();
                *peak.borrow_mut() = before.max(now);
                // Yield once so that siblings get to start before this one ends.
                Yield(false).await;
                *live.borrow_mut() -= 1;
                if Some(i) == fail {
                    Err(format!("stack {i} failed"))
                } else {
                    Ok(i * 10)
                }
            }
        }));
        let order = order.into_inner();
        (turns, order, peak.into_inner())
    }

    /// A future that is pending once.
    struct Yield(bool);
    impl Future for Yield {
        type Output = ();
        fn poll(
            mut self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<()> {
            if self.0 {
                std::task::Poll::Ready(())
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        }
    }

    /// Drive a future to completion on this thread.
    fn futures_executor_lite<F: Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
        }
    }

    #[test]
    fn dependents_wait_and_independent_stacks_run_together() {
        let (turns, order, peak) = run_with(&deps(), None, 4, OnFailure::Halt);
        assert!(turns.iter().all(Turn::is_done));
        assert_eq!(turns[3], Turn::Done(30));
        assert_eq!(&order[..2], &[0, 1], "both regions start first");
        assert_eq!(peak, 2, "0 and 1 run at the same time");
        let pos = |i| order.iter().position(|&x| x == i).unwrap_or(usize::MAX);
        assert!(pos(2) > pos(0) && pos(3) > pos(1));
    }

    #[test]
    fn concurrency_one_runs_in_graph_order() {
        let (_, order, peak) = run_with(&deps(), None, 1, OnFailure::Halt);
        assert_eq!(order, [0, 1, 2, 3]);
        assert_eq!(peak, 1);
    }

    #[test]
    fn halt_starts_nothing_new_after_a_failure() {
        // Three regions, two at a time: region 0 fails while region 1 runs beside it.
        let regions = vec![vec![], vec![], vec![]];
        let (turns, order, _) = run_with(&regions, Some(0), 2, OnFailure::Halt);
        assert_eq!(turns[0], Turn::Failed("stack 0 failed".to_string()));
        assert_eq!(turns[1], Turn::Done(10), "the running region finishes");
        assert_eq!(
            turns[2],
            Turn::NotStarted,
            "the waiting region is not started"
        );
        assert_eq!(order, [0, 1]);
        // The global stack after a failed region is skipped, not merely not started.
        let (turns, _, _) = run_with(&deps(), Some(1), 2, OnFailure::Halt);
        assert_eq!(turns[3], Turn::Skipped { because: 1 });
    }

    #[test]
    fn continue_runs_everything_not_downstream_of_the_failure() {
        let regions = vec![vec![], vec![], vec![]];
        let (turns, order, _) = run_with(&regions, Some(0), 2, OnFailure::Continue);
        assert_eq!(turns[2], Turn::Done(20), "the waiting region still deploys");
        assert_eq!(order, [0, 1, 2]);
        let (turns, order, _) = run_with(&deps(), Some(1), 2, OnFailure::Continue);
        assert_eq!(turns[0], Turn::Done(0));
        assert_eq!(turns[2], Turn::Done(20), "0's shard stack still deploys");
        assert_eq!(turns[3], Turn::Skipped { because: 1 });
        assert!(!order.contains(&3));
    }

    #[test]
    fn skips_propagate_through_chains() {
        let deps = vec![vec![], vec![0], vec![1]];
        let turns: Vec<Turn<(), &str>> =
            futures_executor_lite(walk(&deps, 3, OnFailure::Continue, |i| async move {
                if i == 0 { Err("no") } else { Ok(()) }
            }));
        assert_eq!(turns[1], Turn::Skipped { because: 0 });
        assert_eq!(turns[2], Turn::Skipped { because: 1 });
    }
}
