//! Structural rules for queues, topics and workers, and what they refer to.

use super::*;

/// Lambda runtimes scalectl's starter worker and AWS support.
const RUNTIMES: &[&str] = &[
    "python3.10",
    "python3.11",
    "python3.12",
    "python3.13",
    "nodejs20.x",
    "nodejs22.x",
    "java17",
    "java21",
    "provided.al2023",
];

pub(super) fn messaging_rules(m: &Messaging, f: &mut Findings<'_>) {
    unique(
        f,
        "messaging.queues",
        m.queues.iter().map(|q| q.name.as_str()),
    );
    unique(
        f,
        "messaging.topics",
        m.topics.iter().map(|t| t.name.as_str()),
    );
    unique(
        f,
        "messaging.workers",
        m.workers.iter().map(|w| w.name.as_str()),
    );
    let queue_names: Vec<&str> = m.queues.iter().map(|q| q.name.as_str()).collect();
    for (i, queue) in m.queues.iter().enumerate() {
        let qp = format!("messaging.queues[{i}]");
        if !is_simple_name(&queue.name) || queue.name.len() > 40 {
            f.error(
                CODE_NAME,
                &format!("{qp}.name"),
                format!("queue name `{}` is not valid", queue.name),
                "use up to 40 letters, digits and hyphens, starting with a letter",
            );
        }
        range(
            f,
            &format!("{qp}.visibility_timeout_seconds"),
            "the visibility timeout",
            u64::from(queue.visibility_timeout_seconds),
            crate::stage::messaging::VISIBILITY_TIMEOUT_SECONDS,
        );
        range(
            f,
            &format!("{qp}.max_receive_count"),
            "the receive count",
            u64::from(queue.max_receive_count),
            crate::stage::messaging::MAX_RECEIVE_COUNT,
        );
        range(
            f,
            &format!("{qp}.retention_days"),
            "message retention",
            u64::from(queue.retention_days),
            crate::stage::messaging::QUEUE_RETENTION_DAYS,
        );
    }
    for (i, topic) in m.topics.iter().enumerate() {
        let tp = format!("messaging.topics[{i}]");
        if !is_simple_name(&topic.name) || topic.name.len() > 64 {
            f.error(
                CODE_NAME,
                &format!("{tp}.name"),
                format!("topic name `{}` is not valid", topic.name),
                "use up to 64 letters, digits and hyphens, starting with a letter",
            );
        }
        for (j, queue) in topic.subscribers.iter().enumerate() {
            if !queue_names.contains(&queue.as_str()) {
                f.error(
                    CODE_REFERENCE,
                    &format!("{tp}.subscribers[{j}]"),
                    format!(
                        "topic `{}` subscribes queue `{queue}`, which the stage does not define",
                        topic.name
                    ),
                    format!(
                        "{}define the queue under `messaging.queues`, or remove the subscriber",
                        crate::suggest::did_you_mean(queue, queue_names.iter().copied())
                    ),
                );
            }
        }
    }
    for (i, worker) in m.workers.iter().enumerate() {
        let wp = format!("messaging.workers[{i}]");
        if !is_simple_name(&worker.name) || worker.name.len() > 40 {
            f.error(
                CODE_NAME,
                &format!("{wp}.name"),
                format!("worker name `{}` is not valid", worker.name),
                "use up to 40 letters, digits and hyphens, starting with a letter",
            );
        }
        range(
            f,
            &format!("{wp}.timeout_seconds"),
            "the worker timeout",
            u64::from(worker.timeout_seconds),
            crate::stage::messaging::WORKER_TIMEOUT_SECONDS,
        );
        range(
            f,
            &format!("{wp}.memory_mb"),
            "the worker memory",
            u64::from(worker.memory_mb),
            crate::stage::messaging::WORKER_MEMORY_MB,
        );
        range(
            f,
            &format!("{wp}.batch_size"),
            "the batch size",
            u64::from(worker.batch_size),
            crate::stage::messaging::BATCH_SIZE,
        );
        if let Some(reserved) = worker.reserved_concurrency {
            let path = format!("{wp}.reserved_concurrency");
            range(
                f,
                &path,
                "the reserved concurrency",
                u64::from(reserved),
                crate::stage::messaging::RESERVED_CONCURRENCY,
            );
        }
        if !RUNTIMES.contains(&worker.runtime.as_str()) {
            f.error(
                CODE_RANGE,
                &format!("{wp}.runtime"),
                format!(
                    "`{}` is not a Lambda runtime scalectl supports",
                    worker.runtime
                ),
                format!(
                    "{}use one of: {}",
                    crate::suggest::did_you_mean(&worker.runtime, RUNTIMES.iter().copied()),
                    RUNTIMES.join(", ")
                ),
            );
        }
        if let Some(code) = &worker.code {
            let form = crate::catalog::services::HandlerForm::of(&worker.runtime);
            if !form.fits(&code.handler) {
                f.error(
                    crate::diagnostic::codes::validate::HANDLER,
                    &format!("{wp}.code.handler"),
                    format!(
                        "handler `{}` is not of the form the {} runtime calls",
                        code.handler, worker.runtime
                    ),
                    format!(
                        "write it as {} (Lambda would fail every invocation with Runtime.HandlerNotFound)",
                        form.describe()
                    ),
                );
            }
        }
        if worker.code.is_none() && !worker.runtime.starts_with("python") {
            f.error(
                CODE_COMBINATION,
                &format!("{wp}.runtime"),
                format!(
                    "worker `{}` has no `code:`, and the starter handler is Python",
                    worker.name
                ),
                "give the worker `code:` (s3_bucket, s3_key, handler), or use a python runtime",
            );
        }
        match m.queues.iter().position(|q| q.name == worker.queue) {
            None => f.error(
                CODE_REFERENCE,
                &format!("{wp}.queue"),
                format!(
                    "worker `{}` consumes queue `{}`, which the stage does not define",
                    worker.name, worker.queue
                ),
                format!(
                    "{}define the queue under `messaging.queues`, or change `queue:`",
                    crate::suggest::did_you_mean(&worker.queue, queue_names.iter().copied())
                ),
            ),
            Some(q) => {
                let queue = &m.queues[q];
                if queue.visibility_timeout_seconds < worker.timeout_seconds {
                    f.error(
                        crate::diagnostic::codes::validate::VISIBILITY_TIMEOUT,
                        &format!("messaging.queues[{q}].visibility_timeout_seconds"),
                        format!(
                            "queue `{}` hides a message for {} s, less than worker `{}` may run ({} s): messages would be processed twice, and Lambda refuses the event source mapping",
                            queue.name, queue.visibility_timeout_seconds, worker.name, worker.timeout_seconds
                        ),
                        format!("set `visibility_timeout_seconds` to at least {} (AWS recommends six times the worker timeout)", worker.timeout_seconds),
                    );
                }
            }
        }
    }
}
