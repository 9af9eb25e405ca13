//! A scripted fake of [`DeployApi`] (DESIGN.md §5): failure and rollback paths are played
//! against it with event sequences as AWS documents them.
//!
//! The fake keeps a table of stacks (ARN, name, status, deployed template, event log) and of
//! change sets. An operation that AWS runs asynchronously (ExecuteChangeSet, DeleteStack,
//! CancelUpdateStack, RollbackStack, ContinueUpdateRollback) loads a [`Script`]: a list of
//! [`Step`]s, each a stack status and the events AWS emits on the way to it. Every successful
//! `stack()` call on that stack plays one step, so a watcher sees the stack move one status per
//! poll and reads the step's events on its next `events()` call, oldest first. `pause` only
//! records the duration and moves the fake's clock: nothing sleeps.
//!
//! Besides the scripts the fake checks what AWS checks (a CREATE change set on an existing
//! stack, a change set name used twice, executing a change set that is not available, a call
//! on a stack in the wrong status) and records every call, so a test can assert what was and
//! was not sent.

#![allow(dead_code, clippy::panic)]

use scalectl::aws::ApiError;
use scalectl::deploy::api::{
    ChangeSet, ChangeSetKind, ChangeSetRequest, ChangeSetStatus, ChangeSetSummary, DeployApi,
    FleetInstance, Output, Stack, StackEvent, TemplateSource,
};
use scalectl::deploy::status::{Outcome, StackStatus};
use scalectl::deploy::{Observer, Progress, Question};
use scalectl::diff::{ChangeAction, ChangeSetChange, ChangeSetReplacement, TemplateDiff};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

/// The fake's region and account.
pub const REGION: &str = "eu-west-1";
/// The fake's account.
pub const ACCOUNT: &str = "123456789012";
/// The type of stack-level events.
pub const STACK_TYPE: &str = "AWS::CloudFormation::Stack";

/// Run a flow to completion. The fake never waits, so the future is ready on its first poll.
pub fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the flow waited on something other than the fake"),
    }
}

// ---------------------------------------------------------------------------------------------
// Scripts

/// An event as a script writes it; the fake gives it an ID and a time when it is emitted.
#[derive(Debug, Clone)]
pub struct Ev {
    /// `None` for a stack-level event (its logical ID is the stack's name).
    logical_id: Option<String>,
    resource_type: String,
    status: String,
    reason: Option<String>,
    physical_id: Option<String>,
}

/// A resource event.
pub fn ev(logical_id: &str, resource_type: &str, status: &str) -> Ev {
    Ev {
        logical_id: Some(logical_id.to_string()),
        resource_type: resource_type.to_string(),
        status: status.to_string(),
        reason: None,
        physical_id: None,
    }
}

/// A stack-level event.
pub fn stack_ev(status: &str) -> Ev {
    Ev {
        logical_id: None,
        resource_type: STACK_TYPE.to_string(),
        status: status.to_string(),
        reason: None,
        physical_id: None,
    }
}

impl Ev {
    /// With the resource's physical ID.
    pub fn physical(mut self, id: &str) -> Ev {
        self.physical_id = Some(id.to_string());
        self
    }

    /// With AWS's reason.
    pub fn because(mut self, reason: &str) -> Ev {
        self.reason = Some(reason.to_string());
        self
    }
}

/// One poll's worth of progress: the events emitted, then the status they lead to.
#[derive(Debug, Clone)]
pub struct Step {
    status: StackStatus,
    events: Vec<Ev>,
    throttle_stack: usize,
    throttle_events: usize,
}

/// A step to `status` emitting `events`.
pub fn step(status: StackStatus, events: Vec<Ev>) -> Step {
    Step {
        status,
        events,
        throttle_stack: 0,
        throttle_events: 0,
    }
}

impl Step {
    /// Once this step is played, throttle the next `stack` DescribeStacks and `events`
    /// DescribeStackEvents calls.
    pub fn then_throttle(mut self, stack: usize, events: usize) -> Step {
        self.throttle_stack = stack;
        self.throttle_events = events;
        self
    }
}

/// What an asynchronous operation does, step by step.
#[derive(Debug, Clone, Default)]
pub struct Script {
    steps: VecDeque<Step>,
    outputs: Vec<Output>,
}

impl Script {
    /// The steps, played one per DescribeStacks.
    pub fn new(steps: Vec<Step>) -> Script {
        Script {
            steps: steps.into(),
            outputs: Vec::new(),
        }
    }

    /// Outputs the stack has once the script ends in success.
    pub fn with_outputs(mut self, outputs: &[(&str, &str)]) -> Script {
        self.outputs = outputs
            .iter()
            .map(|(key, value)| Output {
                key: key.to_string(),
                value: value.to_string(),
                description: None,
            })
            .collect();
        self
    }

    /// Throttle reads once step `index` is played (see [`Step::then_throttle`]).
    pub fn throttling_after(mut self, index: usize, stack: usize, events: usize) -> Script {
        if let Some(step) = self.steps.get_mut(index) {
            step.throttle_stack = stack;
            step.throttle_events = events;
        }
        self
    }

    /// Every event of the script, in order (to seed a stack's history).
    pub fn events(&self) -> Vec<Ev> {
        self.steps.iter().flat_map(|s| s.events.clone()).collect()
    }
}

/// What DescribeChangeSet answers for a change set.
#[derive(Debug, Clone)]
pub struct ChangeSetAnswer {
    pending_polls: usize,
    status: ChangeSetStatus,
    reason: Option<String>,
    changes: Vec<ChangeSetChange>,
}

/// CREATE_COMPLETE with these changes.
pub fn ready(changes: Vec<ChangeSetChange>) -> ChangeSetAnswer {
    ChangeSetAnswer {
        pending_polls: 0,
        status: ChangeSetStatus::Ready,
        reason: None,
        changes,
    }
}

/// FAILED with this reason.
pub fn failed(reason: &str) -> ChangeSetAnswer {
    ChangeSetAnswer {
        pending_polls: 0,
        status: ChangeSetStatus::Failed,
        reason: Some(reason.to_string()),
        changes: Vec::new(),
    }
}

impl ChangeSetAnswer {
    /// CREATE_PENDING / CREATE_IN_PROGRESS for the first `polls` DescribeChangeSet calls.
    pub fn pending_for(mut self, polls: usize) -> ChangeSetAnswer {
        self.pending_polls = polls;
        self
    }
}

/// A resource change as DescribeChangeSet lists it.
pub fn change(
    logical_id: &str,
    resource_type: &str,
    action: ChangeAction,
    replacement: Option<ChangeSetReplacement>,
) -> ChangeSetChange {
    ChangeSetChange {
        logical_id: logical_id.to_string(),
        resource_type: resource_type.to_string(),
        action,
        replacement,
    }
}

// ---------------------------------------------------------------------------------------------
// Calls

/// One call the flow made, with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    Stack(String),
    Template(String),
    Events {
        stack: String,
        after: Option<String>,
    },
    ChangeSets(String),
    CreateChangeSet(ChangeSetRequest),
    DescribeChangeSet(String),
    ExecuteChangeSet {
        arn: String,
        disable_rollback: bool,
    },
    DeleteChangeSet(String),
    DeleteStack {
        stack: String,
        retain: Vec<String>,
    },
    CancelUpdate(String),
    RollbackStack(String),
    ContinueUpdateRollback {
        stack: String,
        skip: Vec<String>,
    },
    StagingBucket,
    Fleet(String),
    Upload {
        bucket: String,
        key: String,
        bytes: usize,
    },
    Pause(Duration),
}

// ---------------------------------------------------------------------------------------------
// The fake

#[derive(Debug)]
struct StackEntry {
    stack: Stack,
    template: String,
    events: Vec<StackEvent>,
    script: VecDeque<Step>,
    /// Applied when the running script ends in success.
    on_success: Option<(String, Vec<Output>)>,
}

#[derive(Debug)]
struct ChangeSetEntry {
    arn: String,
    name: String,
    stack_id: String,
    template: String,
    answer: ChangeSetAnswer,
    deleted: bool,
}

#[derive(Debug, Default)]
struct State {
    stacks: Vec<StackEntry>,
    change_sets: Vec<ChangeSetEntry>,
    answers: VecDeque<ChangeSetAnswer>,
    on_execute: VecDeque<Script>,
    on_delete: VecDeque<Script>,
    on_cancel: VecDeque<Script>,
    on_rollback: VecDeque<Script>,
    on_continue_rollback: VecDeque<Script>,
    throttle_stack: usize,
    throttle_events: usize,
    objects: Vec<(String, String)>,
    /// What DescribeInstances answers for a group, read by read; the last read repeats.
    fleets: Vec<(String, VecDeque<Vec<FleetInstance>>)>,
    calls: Vec<Call>,
    clock_ms: u64,
    serial: u64,
}

/// The scripted fake. Interior mutability: the trait takes `&self`.
#[derive(Debug, Default)]
pub struct FakeCfn {
    state: RefCell<State>,
}

fn api_error(code: &str, message: impl Into<String>) -> ApiError {
    ApiError {
        code: Some(code.to_string()),
        message: message.into(),
    }
}

fn throttled() -> ApiError {
    api_error("Throttling", "Rate exceeded")
}

fn no_stack(name: &str) -> ApiError {
    api_error(
        "ValidationError",
        format!("Stack with id {name} does not exist"),
    )
}

impl State {
    fn next_serial(&mut self) -> u64 {
        self.serial += 1;
        self.serial
    }

    fn uuid(&mut self) -> String {
        let n = self.next_serial();
        format!("{n:08x}-c7a1-11f0-8d3e-0a{n:010x}")
    }

    /// `2026-11-23T10:00:00.000Z` plus the fake's clock.
    fn now(&self) -> String {
        let ms = self.clock_ms;
        let secs = ms / 1000;
        format!(
            "2026-11-23T{:02}:{:02}:{:02}.{:03}Z",
            10 + secs / 3600,
            secs / 60 % 60,
            secs % 60,
            ms % 1000
        )
    }

    /// The stack a name or ARN designates: by ARN any stack (deleted ones too, as AWS keeps
    /// them), by name only a live one.
    fn find(&self, name_or_arn: &str) -> Option<usize> {
        if name_or_arn.starts_with("arn:") {
            self.stacks.iter().position(|s| s.stack.id == name_or_arn)
        } else {
            self.stacks.iter().rposition(|s| {
                s.stack.name == name_or_arn && s.stack.status != StackStatus::DeleteComplete
            })
        }
    }

    fn emit(&mut self, index: usize, events: &[Ev]) {
        for ev in events {
            self.clock_ms += 250;
            let time = self.now();
            let name = self.stacks[index].stack.name.clone();
            let (id, logical_id) = match &ev.logical_id {
                None => (self.uuid(), name),
                Some(logical) => (format!("{logical}-{}-{time}", ev.status), logical.clone()),
            };
            self.stacks[index].events.push(StackEvent {
                id,
                time,
                logical_id,
                resource_type: ev.resource_type.clone(),
                status: ev.status.clone(),
                reason: ev.reason.clone(),
                physical_id: ev.physical_id.clone(),
            });
        }
    }

    fn add_stack(&mut self, name: &str, status: StackStatus, template: &str) -> usize {
        let id = format!(
            "arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{name}/{}",
            self.uuid()
        );
        self.stacks.push(StackEntry {
            stack: Stack {
                id,
                name: name.to_string(),
                status,
                reason: None,
                outputs: Vec::new(),
                parameters: Vec::new(),
            },
            template: template.to_string(),
            events: Vec::new(),
            script: VecDeque::new(),
            on_success: None,
        });
        self.stacks.len() - 1
    }

    /// Play the next step of the stack's running operation, if any.
    fn advance(&mut self, index: usize) {
        let Some(step) = self.stacks[index].script.pop_front() else {
            return;
        };
        self.emit(index, &step.events);
        let entry = &mut self.stacks[index];
        entry.stack.status = step.status.clone();
        if let Some(last) = step.events.iter().rev().find(|e| e.logical_id.is_none()) {
            entry.stack.reason = last.reason.clone();
        }
        if entry.script.is_empty() {
            let success = entry.stack.status.outcome() == Outcome::Succeeded
                && entry.stack.status != StackStatus::DeleteComplete;
            if let (true, Some((template, outputs))) = (success, entry.on_success.take()) {
                entry.template = template;
                entry.stack.outputs = outputs;
            }
            entry.on_success = None;
        }
        self.throttle_stack += step.throttle_stack;
        self.throttle_events += step.throttle_events;
    }

    /// Start an asynchronous operation on a stack.
    fn start(&mut self, index: usize, script: Script, on_success: Option<String>) {
        let entry = &mut self.stacks[index];
        entry.script = script.steps;
        entry.on_success = on_success.map(|template| (template, script.outputs));
    }

    /// AWS refuses a new operation while one runs.
    fn check_idle(&self, index: usize) -> Result<(), ApiError> {
        let stack = &self.stacks[index].stack;
        match stack.status.is_settled() {
            true => Ok(()),
            false => Err(api_error(
                "ValidationError",
                format!(
                    "Stack:{} is in {} state and can not be updated.",
                    stack.id, stack.status
                ),
            )),
        }
    }

    fn change_set_index(&self, arn: &str) -> Result<usize, ApiError> {
        if !arn.starts_with("arn:") {
            panic!("change sets are addressed by ARN (DESIGN.md §4), got `{arn}`");
        }
        self.change_sets
            .iter()
            .position(|c| c.arn == arn && !c.deleted)
            .ok_or_else(|| {
                api_error(
                    "ChangeSetNotFound",
                    format!("ChangeSet [{arn}] does not exist"),
                )
            })
    }
}

impl FakeCfn {
    /// An empty account.
    pub fn new() -> FakeCfn {
        FakeCfn::default()
    }

    // --- setting the scene ---

    /// A stack that exists before the test, with `history` already in its event log; returns
    /// its ARN.
    pub fn add_stack(
        &self,
        name: &str,
        status: StackStatus,
        template: &str,
        history: &[Ev],
    ) -> String {
        let mut state = self.state.borrow_mut();
        let index = state.add_stack(name, status, template);
        state.emit(index, history);
        state.stacks[index].stack.id.clone()
    }

    /// An operation already running on a stack (started by someone else).
    pub fn running(&self, name: &str, script: Script) {
        let mut state = self.state.borrow_mut();
        let index = state
            .find(name)
            .unwrap_or_else(|| panic!("no stack {name}"));
        state.start(index, script, None);
    }

    /// A change set left behind by an interrupted run; returns its ARN.
    pub fn add_change_set(&self, stack: &str, name: &str) -> String {
        let mut state = self.state.borrow_mut();
        let index = state
            .find(stack)
            .unwrap_or_else(|| panic!("no stack {stack}"));
        let stack_id = state.stacks[index].stack.id.clone();
        let arn = format!(
            "arn:aws:cloudformation:{REGION}:{ACCOUNT}:changeSet/{name}/{}",
            state.uuid()
        );
        state.change_sets.push(ChangeSetEntry {
            arn: arn.clone(),
            name: name.to_string(),
            stack_id,
            template: String::new(),
            answer: ready(Vec::new()),
            deleted: false,
        });
        arn
    }

    /// What DescribeChangeSet answers for the next change set created (default: ready, no
    /// listed changes).
    pub fn answer_change_set(&self, answer: ChangeSetAnswer) {
        self.state.borrow_mut().answers.push_back(answer);
    }

    /// What the next ExecuteChangeSet does (default: straight to CREATE_/UPDATE_COMPLETE).
    /// The instances DescribeInstances finds in `group`, one list per read (the last one
    /// repeats).
    pub fn fleet_reads(&self, group: &str, reads: Vec<Vec<FleetInstance>>) {
        self.state
            .borrow_mut()
            .fleets
            .push((group.to_string(), reads.into()));
    }

    pub fn on_execute(&self, script: Script) {
        self.state.borrow_mut().on_execute.push_back(script);
    }

    /// What the next DeleteStack does (default: straight to DELETE_COMPLETE).
    pub fn on_delete(&self, script: Script) {
        self.state.borrow_mut().on_delete.push_back(script);
    }

    /// What the next CancelUpdateStack does.
    pub fn on_cancel(&self, script: Script) {
        self.state.borrow_mut().on_cancel.push_back(script);
    }

    /// What the next RollbackStack does.
    pub fn on_rollback(&self, script: Script) {
        self.state.borrow_mut().on_rollback.push_back(script);
    }

    /// What the next ContinueUpdateRollback does.
    pub fn on_continue_rollback(&self, script: Script) {
        self.state
            .borrow_mut()
            .on_continue_rollback
            .push_back(script);
    }

    /// Throttle the next `stack` DescribeStacks and `events` DescribeStackEvents calls.
    pub fn throttle(&self, stack: usize, events: usize) {
        let mut state = self.state.borrow_mut();
        state.throttle_stack += stack;
        state.throttle_events += events;
    }

    // --- looking at what happened ---

    /// Every call, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.state.borrow().calls.clone()
    }

    /// How many calls match.
    pub fn count(&self, matches: impl Fn(&Call) -> bool) -> usize {
        self.state
            .borrow()
            .calls
            .iter()
            .filter(|c| matches(c))
            .count()
    }

    /// The index of the first call that matches.
    pub fn position(&self, matches: impl Fn(&Call) -> bool) -> Option<usize> {
        self.state.borrow().calls.iter().position(matches)
    }

    /// The change set requests sent.
    pub fn change_set_requests(&self) -> Vec<ChangeSetRequest> {
        self.calls()
            .into_iter()
            .filter_map(|c| match c {
                Call::CreateChangeSet(request) => Some(request),
                _ => None,
            })
            .collect()
    }

    /// The ARNs of the change sets created, in order.
    pub fn change_set_arns(&self) -> Vec<String> {
        self.state
            .borrow()
            .change_sets
            .iter()
            .map(|c| c.arn.clone())
            .collect()
    }

    /// The change set ARNs DeleteChangeSet was called with.
    pub fn deleted_change_sets(&self) -> Vec<String> {
        self.calls()
            .into_iter()
            .filter_map(|c| match c {
                Call::DeleteChangeSet(arn) => Some(arn),
                _ => None,
            })
            .collect()
    }

    /// How many ExecuteChangeSet calls were made.
    pub fn executions(&self) -> usize {
        self.count(|c| matches!(c, Call::ExecuteChangeSet { .. }))
    }

    /// Every pause, in order.
    pub fn pauses(&self) -> Vec<Duration> {
        self.calls()
            .into_iter()
            .filter_map(|c| match c {
                Call::Pause(d) => Some(d),
                _ => None,
            })
            .collect()
    }

    /// A stack's whole event log, oldest first (no call recorded, nothing played).
    pub fn event_log(&self, name_or_arn: &str) -> Vec<StackEvent> {
        let state = self.state.borrow();
        state
            .find(name_or_arn)
            .map_or_else(Vec::new, |i| state.stacks[i].events.clone())
    }

    /// A stack as it is now (no call recorded, nothing played).
    pub fn peek(&self, name_or_arn: &str) -> Option<Stack> {
        let state = self.state.borrow();
        state
            .find(name_or_arn)
            .map(|i| state.stacks[i].stack.clone())
    }

    /// A stack's deployed template (no call recorded).
    pub fn deployed_template(&self, name_or_arn: &str) -> Option<String> {
        let state = self.state.borrow();
        state
            .find(name_or_arn)
            .map(|i| state.stacks[i].template.clone())
    }

    /// What was uploaded under a URL `upload` returned.
    pub fn object(&self, url: &str) -> Option<String> {
        let state = self.state.borrow();
        state
            .objects
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, body)| body.clone())
    }

    fn record(&self, call: Call) {
        self.state.borrow_mut().calls.push(call);
    }
}

fn default_script(status: &StackStatus, kind: &str) -> Script {
    let (running, done) = match kind {
        "CREATE" => (StackStatus::CreateInProgress, StackStatus::CreateComplete),
        "UPDATE" => (StackStatus::UpdateInProgress, StackStatus::UpdateComplete),
        "DELETE" => (StackStatus::DeleteInProgress, StackStatus::DeleteComplete),
        "ROLLBACK" if *status == StackStatus::CreateFailed => (
            StackStatus::RollbackInProgress,
            StackStatus::RollbackComplete,
        ),
        _ => (
            StackStatus::UpdateRollbackInProgress,
            StackStatus::UpdateRollbackComplete,
        ),
    };
    let event = |s: &StackStatus| stack_ev(s.as_str());
    Script::new(vec![
        step(
            running.clone(),
            vec![event(&running).because("User Initiated")],
        ),
        step(done.clone(), vec![event(&done)]),
    ])
}

impl DeployApi for FakeCfn {
    fn region(&self) -> &str {
        REGION
    }

    async fn stack(&self, name: &str) -> Result<Option<Stack>, ApiError> {
        self.record(Call::Stack(name.to_string()));
        let mut state = self.state.borrow_mut();
        if state.throttle_stack > 0 {
            state.throttle_stack -= 1;
            return Err(throttled());
        }
        let Some(index) = state.find(name) else {
            return Ok(None);
        };
        state.advance(index);
        let stack = state.stacks[index].stack.clone();
        // DescribeStacks by name does not find a deleted stack; by stack ID it does.
        match stack.status == StackStatus::DeleteComplete && !name.starts_with("arn:") {
            true => Ok(None),
            false => Ok(Some(stack)),
        }
    }

    async fn template(&self, stack: &str) -> Result<String, ApiError> {
        self.record(Call::Template(stack.to_string()));
        let state = self.state.borrow();
        let index = state.find(stack).ok_or_else(|| no_stack(stack))?;
        Ok(state.stacks[index].template.clone())
    }

    async fn events(&self, stack: &str, after: Option<&str>) -> Result<Vec<StackEvent>, ApiError> {
        self.record(Call::Events {
            stack: stack.to_string(),
            after: after.map(str::to_string),
        });
        let mut state = self.state.borrow_mut();
        if state.throttle_events > 0 {
            state.throttle_events -= 1;
            return Err(throttled());
        }
        let index = state.find(stack).ok_or_else(|| {
            api_error("ValidationError", format!("Stack [{stack}] does not exist"))
        })?;
        let events = &state.stacks[index].events;
        // AWS pages newest first down to the marker; a marker it never reaches means all.
        let start = after
            .and_then(|marker| events.iter().position(|e| e.id == marker))
            .map_or(0, |i| i + 1);
        Ok(events[start..].to_vec())
    }

    async fn change_sets(&self, stack: &str) -> Result<Vec<ChangeSetSummary>, ApiError> {
        self.record(Call::ChangeSets(stack.to_string()));
        let state = self.state.borrow();
        let index = state.find(stack).ok_or_else(|| no_stack(stack))?;
        let stack_id = &state.stacks[index].stack.id;
        Ok(state
            .change_sets
            .iter()
            .filter(|c| &c.stack_id == stack_id && !c.deleted)
            .map(|c| ChangeSetSummary {
                name: c.name.clone(),
                arn: c.arn.clone(),
            })
            .collect())
    }

    async fn create_change_set(&self, request: &ChangeSetRequest) -> Result<String, ApiError> {
        self.record(Call::CreateChangeSet(request.clone()));
        let mut state = self.state.borrow_mut();
        let name = request.stack_name.as_str();
        let existing = state.find(name);
        let index = match (request.kind, existing) {
            (ChangeSetKind::Create, Some(i))
                if state.stacks[i].stack.status == StackStatus::ReviewInProgress =>
            {
                i
            }
            (ChangeSetKind::Create, Some(_)) => {
                return Err(api_error(
                    "ValidationError",
                    format!(
                        "Stack [{name}] already exists and cannot be created again with the changeSet [{}].",
                        request.name
                    ),
                ));
            }
            (ChangeSetKind::Create, None) => {
                let i = state.add_stack(name, StackStatus::ReviewInProgress, "");
                state.emit(
                    i,
                    &[stack_ev("REVIEW_IN_PROGRESS").because("User Initiated")],
                );
                i
            }
            (ChangeSetKind::Update, Some(i))
                if state.stacks[i].stack.status != StackStatus::ReviewInProgress =>
            {
                state.check_idle(i)?;
                i
            }
            (ChangeSetKind::Update, _) => return Err(no_stack(name)),
        };
        let stack_id = state.stacks[index].stack.id.clone();
        if state
            .change_sets
            .iter()
            .any(|c| c.stack_id == stack_id && c.name == request.name && !c.deleted)
        {
            return Err(api_error(
                "AlreadyExistsException",
                format!("ChangeSet {} already exists", request.name),
            ));
        }
        let template = match &request.template {
            TemplateSource::Body(body) => body.clone(),
            TemplateSource::Url(url) => state
                .objects
                .iter()
                .find(|(u, _)| u == url)
                .map(|(_, body)| body.clone())
                .ok_or_else(|| api_error("ValidationError", "S3 error: Access Denied"))?,
        };
        let answer = state
            .answers
            .pop_front()
            .unwrap_or_else(|| ready(Vec::new()));
        let arn = format!(
            "arn:aws:cloudformation:{REGION}:{ACCOUNT}:changeSet/{}/{}",
            request.name,
            state.uuid()
        );
        state.change_sets.push(ChangeSetEntry {
            arn: arn.clone(),
            name: request.name.clone(),
            stack_id,
            template,
            answer,
            deleted: false,
        });
        Ok(arn)
    }

    async fn change_set(&self, arn: &str) -> Result<ChangeSet, ApiError> {
        self.record(Call::DescribeChangeSet(arn.to_string()));
        let mut state = self.state.borrow_mut();
        let index = state.change_set_index(arn)?;
        let entry = &mut state.change_sets[index];
        let pending = entry.answer.pending_polls > 0;
        if pending {
            entry.answer.pending_polls -= 1;
        }
        Ok(ChangeSet {
            arn: entry.arn.clone(),
            stack_id: entry.stack_id.clone(),
            status: match pending {
                true => ChangeSetStatus::Pending,
                false => entry.answer.status.clone(),
            },
            reason: match pending {
                true => None,
                false => entry.answer.reason.clone(),
            },
            changes: match pending {
                true => Vec::new(),
                false => entry.answer.changes.clone(),
            },
        })
    }

    async fn execute_change_set(&self, arn: &str, disable_rollback: bool) -> Result<(), ApiError> {
        self.record(Call::ExecuteChangeSet {
            arn: arn.to_string(),
            disable_rollback,
        });
        let mut state = self.state.borrow_mut();
        let index = state.change_set_index(arn)?;
        let cs = &state.change_sets[index];
        if cs.answer.pending_polls > 0 || cs.answer.status != ChangeSetStatus::Ready {
            return Err(api_error(
                "InvalidChangeSetStatus",
                format!("ChangeSet [{arn}] cannot be executed in its current status"),
            ));
        }
        let (stack_id, template) = (cs.stack_id.clone(), cs.template.clone());
        let stack = state
            .find(&stack_id)
            .unwrap_or_else(|| panic!("change set of a lost stack"));
        state.check_idle(stack)?;
        // After an execution AWS removes every change set of the stack.
        for cs in state
            .change_sets
            .iter_mut()
            .filter(|c| c.stack_id == stack_id)
        {
            cs.deleted = true;
        }
        let kind = match state.stacks[stack].stack.status {
            StackStatus::ReviewInProgress => "CREATE",
            _ => "UPDATE",
        };
        let script = state
            .on_execute
            .pop_front()
            .unwrap_or_else(|| default_script(&state.stacks[stack].stack.status, kind));
        state.start(stack, script, Some(template));
        Ok(())
    }

    async fn delete_change_set(&self, arn: &str) -> Result<(), ApiError> {
        self.record(Call::DeleteChangeSet(arn.to_string()));
        let mut state = self.state.borrow_mut();
        let index = state.change_set_index(arn)?;
        state.change_sets[index].deleted = true;
        Ok(())
    }

    async fn delete_stack(&self, stack: &str, retain: &[String]) -> Result<(), ApiError> {
        self.record(Call::DeleteStack {
            stack: stack.to_string(),
            retain: retain.to_vec(),
        });
        let mut state = self.state.borrow_mut();
        // DeleteStack on a stack that does not exist (or is gone) succeeds.
        let Some(index) = state.find(stack) else {
            return Ok(());
        };
        let status = state.stacks[index].stack.status.clone();
        if status == StackStatus::DeleteComplete {
            return Ok(());
        }
        if !retain.is_empty() && status != StackStatus::DeleteFailed {
            return Err(api_error(
                "ValidationError",
                "Invalid operation on stack: RetainResources can only be specified when the stack is in the DELETE_FAILED state",
            ));
        }
        state.check_idle(index)?;
        let script = state
            .on_delete
            .pop_front()
            .unwrap_or_else(|| default_script(&status, "DELETE"));
        state.start(index, script, None);
        Ok(())
    }

    async fn cancel_update(&self, stack: &str) -> Result<(), ApiError> {
        self.record(Call::CancelUpdate(stack.to_string()));
        self.start_recovery(stack, &[StackStatus::UpdateInProgress], |s| {
            &mut s.on_cancel
        })
    }

    async fn rollback_stack(&self, stack: &str) -> Result<(), ApiError> {
        self.record(Call::RollbackStack(stack.to_string()));
        self.start_recovery(
            stack,
            &[StackStatus::CreateFailed, StackStatus::UpdateFailed],
            |s| &mut s.on_rollback,
        )
    }

    async fn continue_update_rollback(&self, stack: &str, skip: &[String]) -> Result<(), ApiError> {
        self.record(Call::ContinueUpdateRollback {
            stack: stack.to_string(),
            skip: skip.to_vec(),
        });
        self.start_recovery(stack, &[StackStatus::UpdateRollbackFailed], |s| {
            &mut s.on_continue_rollback
        })
    }

    async fn staging_bucket(&self) -> Result<String, ApiError> {
        self.record(Call::StagingBucket);
        Ok(format!("scalectl-staging-{ACCOUNT}-{REGION}"))
    }

    async fn upload(&self, bucket: &str, key: &str, body: &[u8]) -> Result<String, ApiError> {
        self.record(Call::Upload {
            bucket: bucket.to_string(),
            key: key.to_string(),
            bytes: body.len(),
        });
        let url = format!("https://{bucket}.s3.{REGION}.amazonaws.com/{key}");
        self.state
            .borrow_mut()
            .objects
            .push((url.clone(), String::from_utf8_lossy(body).to_string()));
        Ok(url)
    }

    async fn ssm_parameter(&self, name: &str) -> Result<String, ApiError> {
        // No scripted stack has pinned parameters; a call here is a bug in the flow.
        Err(api_error(
            "ParameterNotFound",
            format!("the fake has no Systems Manager parameter {name}"),
        ))
    }

    async fn hosted_zone_id(&self, zone: &str) -> Result<String, ApiError> {
        // Every zone a scripted stage names exists, with an ID derived from its name.
        Ok(format!(
            "ZFAKE{}",
            zone.to_ascii_uppercase().replace('.', "")
        ))
    }

    async fn fleet(&self, group: &str) -> Result<Vec<FleetInstance>, ApiError> {
        self.record(Call::Fleet(group.to_string()));
        let mut state = self.state.borrow_mut();
        let Some((_, reads)) = state.fleets.iter_mut().find(|(g, _)| g == group) else {
            return Err(api_error(
                "UnauthorizedOperation",
                format!("You are not authorized to perform this operation (fleet {group})"),
            ));
        };
        Ok(if reads.len() > 1 {
            reads.pop_front().unwrap_or_default()
        } else {
            reads.front().cloned().unwrap_or_default()
        })
    }

    async fn pause(&self, duration: Duration) {
        self.record(Call::Pause(duration));
        self.state.borrow_mut().clock_ms += u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
    }
}

impl FakeCfn {
    /// Cancel, rollback and continue-rollback: allowed only from `from`, then play a script.
    fn start_recovery(
        &self,
        stack: &str,
        from: &[StackStatus],
        queue: impl FnOnce(&mut State) -> &mut VecDeque<Script>,
    ) -> Result<(), ApiError> {
        let mut state = self.state.borrow_mut();
        let index = state.find(stack).ok_or_else(|| no_stack(stack))?;
        let status = state.stacks[index].stack.status.clone();
        if !from.contains(&status) {
            return Err(api_error(
                "ValidationError",
                format!(
                    "Stack [{stack}] is in {status} state and the operation cannot be performed"
                ),
            ));
        }
        let script = queue(&mut state)
            .pop_front()
            .unwrap_or_else(|| default_script(&status, "ROLLBACK"));
        state.start(index, script, None);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The observer

/// A question the flow asked, kept past the borrow.
#[derive(Debug, Clone)]
pub enum Asked {
    Deploy(TemplateDiff),
    Destroy {
        stack: String,
        retained: Vec<(String, String, String)>,
    },
}

/// Records everything a flow reports and answers approvals with `answer`.
#[derive(Debug, Default)]
pub struct Recorder {
    /// What `approve` answers.
    pub answer: bool,
    pub steps: Vec<String>,
    pub reviews: Vec<TemplateDiff>,
    pub started: Vec<usize>,
    pub events: Vec<StackEvent>,
    pub throttled: usize,
    pub asked: Vec<Asked>,
    /// Update-time findings reported.
    pub findings: Vec<scalectl::diff::update_rules::UpdateFinding>,
    /// Rolling-update progress reported.
    pub fleets: Vec<scalectl::deploy::rolling::FleetProgress>,
}

impl Recorder {
    /// An observer that answers every question with `answer`.
    pub fn answering(answer: bool) -> Recorder {
        Recorder {
            answer,
            ..Recorder::default()
        }
    }

    /// The (logical ID, status) of every event reported.
    pub fn event_summary(&self) -> Vec<(String, String)> {
        self.events
            .iter()
            .map(|e| (e.logical_id.clone(), e.status.clone()))
            .collect()
    }
}

impl Observer for Recorder {
    fn report(&mut self, progress: Progress<'_>) {
        match progress {
            Progress::Step(text) => self.steps.push(text.to_string()),
            Progress::Review(diff) => self.reviews.push(diff.clone()),
            Progress::Started { resources } => self.started.push(resources),
            Progress::Event(event) => self.events.push(event.clone()),
            Progress::Throttled => self.throttled += 1,
            Progress::Findings(findings) => self.findings.extend_from_slice(findings),
            Progress::Fleet(progress) => self.fleets.push(progress.clone()),
        }
    }

    fn approve(&mut self, question: Question<'_>) -> bool {
        self.asked.push(match question {
            Question::Deploy(diff) => Asked::Deploy(diff.clone()),
            Question::Destroy { stack, retained } => Asked::Destroy {
                stack: stack.to_string(),
                retained: retained.to_vec(),
            },
        });
        self.answer
    }
}
