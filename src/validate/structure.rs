//! Rules on values that must make sense on their own: names, sizes and ranges, counts that
//! must be ordered, and names that must refer to something the stage defines.

use super::findings::Findings;
use crate::stage::{Cache, Compute, Data, Database, Engine, Messaging, Routing, Stage, WebMode};
use std::collections::BTreeSet;

const CODE_NAME: &str = "scalectl::validate::name";
const CODE_RANGE: &str = "scalectl::validate::out_of_range";
const CODE_ORDER: &str = "scalectl::validate::min_desired_max";
const CODE_DUPLICATE: &str = "scalectl::validate::duplicate_name";
const CODE_REFERENCE: &str = "scalectl::validate::unknown_reference";
const CODE_COMBINATION: &str = "scalectl::validate::invalid_combination";

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

/// Check everything that needs no AWS facts.
pub(crate) fn check(stage: &Stage, f: &mut Findings<'_>) {
    name(stage, f);
    compute(&stage.compute, stage, f);
    data(&stage.data, stage, f);
    if let Some(cache) = &stage.cache {
        cache_rules(cache, f);
    }
    if let Some(messaging) = &stage.messaging {
        messaging_rules(messaging, f);
    }
    edge_and_balancer(stage, f);
    dns_and_regions(stage, f);
    observability(stage, f);
    tags(stage, f);
    declared_quotas(stage, f);
}

fn declared_quotas(stage: &Stage, f: &mut Findings<'_>) {
    use crate::catalog::quotas;
    for (code, value) in &stage.quotas {
        let path = format!("quotas.{code}");
        if quotas::by_code(code).is_none() {
            let known = quotas::ALL.iter().map(|q| q.code);
            f.warning(
                "scalectl::validate::unknown_quota",
                &path,
                format!("`{code}` is not a quota scalectl checks, so its value is not used"),
                format!(
                    "{}the checked quotas are: {}",
                    crate::suggest::did_you_mean(code, known),
                    quotas::ALL
                        .iter()
                        .map(|q| q.code)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        } else if !(value.is_finite() && *value >= 0.0) {
            f.error(
                CODE_RANGE,
                &path,
                format!("quota `{code}` is {value}"),
                "give the account's quota value, a number of 0 or more",
            );
        }
    }
}

/// A name made of letters, digits and hyphens, starting with a letter.
fn is_simple_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.ends_with('-')
}

fn range(f: &mut Findings<'_>, path: &str, what: &str, value: u64, min: u64, max: u64) {
    if value < min || value > max {
        f.error(
            CODE_RANGE,
            path,
            format!("{what} is {value}; it must be between {min} and {max}"),
            format!("set `{}` to a value from {min} to {max}", leaf(path)),
        );
    }
}

fn percent(f: &mut Findings<'_>, path: &str, what: &str, value: f64) {
    if !(value > 0.0 && value <= 100.0) {
        f.error(
            CODE_RANGE,
            path,
            format!("{what} is {value}; a percentage must be above 0 and at most 100"),
            format!("set `{}` to a percentage such as 60", leaf(path)),
        );
    }
}

fn leaf(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn unique<'n>(f: &mut Findings<'_>, list: &str, names: impl Iterator<Item = &'n str>) {
    let mut seen = BTreeSet::new();
    for (i, name) in names.enumerate() {
        if !seen.insert(name) {
            f.error(
                CODE_DUPLICATE,
                &format!("{list}[{i}].name"),
                format!("`{name}` is defined twice in `{list}`"),
                "give each entry its own name",
            );
        }
    }
}

fn name(stage: &Stage, f: &mut Findings<'_>) {
    if !is_simple_name(&stage.name) || stage.name.len() > 64 {
        f.error(
            CODE_NAME,
            "name",
            format!(
                "stage name `{}` cannot name a CloudFormation stack",
                stage.name
            ),
            "use up to 64 letters, digits and hyphens, starting with a letter (e.g. `shop-prod`)",
        );
    }
}

fn order(f: &mut Findings<'_>, path: &str, what: &str, (min, desired, max): (u32, u32, u32)) {
    if !(min <= desired && desired <= max) {
        f.error(
            CODE_ORDER,
            &format!("{path}.max"),
            format!("{what}: min {min}, desired {desired}, max {max} is not min <= desired <= max"),
            "order the sizes so that min <= desired <= max",
        );
    }
    if max == 0 {
        f.error(
            CODE_RANGE,
            &format!("{path}.max"),
            format!("{what}: max is 0, so nothing would ever run"),
            "set `max` to at least 1",
        );
    }
}

fn compute(compute: &Compute, stage: &Stage, f: &mut Findings<'_>) {
    let web = &compute.web;
    let p = "compute.web";
    range(
        f,
        &format!("{p}.volume_gb"),
        "the root volume",
        u64::from(web.volume_gb),
        8,
        16384,
    );
    range(
        f,
        &format!("{p}.app_port"),
        "the application port",
        u64::from(web.app_port),
        1,
        65535,
    );
    if !web.health_check_path.starts_with('/') {
        f.error(
            CODE_RANGE,
            &format!("{p}.health_check_path"),
            format!(
                "health check path `{}` does not start with `/`",
                web.health_check_path
            ),
            "write an absolute path such as `/health`",
        );
    }
    match web.mode {
        WebMode::Single => {
            if (web.min, web.desired, web.max) != (1, 1, 1) {
                f.error(
                    CODE_COMBINATION,
                    &format!("{p}.max"),
                    "the web tier runs a single box, so min, desired and max do not apply",
                    "set `mode: fleet` (with a load balancer) to run several instances, or remove min/desired/max",
                );
            }
            for (field, set) in [
                ("scaling", web.scaling.is_some()),
                ("spot", web.spot.is_some()),
            ] {
                if set {
                    f.error(
                        CODE_COMBINATION,
                        &format!("{p}.{field}"),
                        format!(
                            "`{field}` needs `mode: fleet`; a single box cannot scale or use Spot"
                        ),
                        format!("set `mode: fleet`, or remove `{field}:`"),
                    );
                }
            }
        }
        WebMode::Fleet => {
            order(f, p, "web fleet", (web.min, web.desired, web.max));
            if stage.load_balancer.is_none() {
                f.error(
                    CODE_COMBINATION,
                    &format!("{p}.mode"),
                    "a web fleet runs in private subnets and needs a load balancer in front of it",
                    "add `load_balancer: {}` to the stage, or use `mode: single`",
                );
            }
        }
    }
    if web.runs_database && stage.data.database.is_some() {
        f.error(
            CODE_COMBINATION,
            &format!("{p}.runs_database"),
            "the web box runs a database and the stage also has `data.database`",
            "set `runs_database: false` once the database moves to RDS",
        );
    }
    if let Some(scaling) = &web.scaling {
        let sp = format!("{p}.scaling");
        if scaling.cpu_target.is_none() && scaling.requests_per_target.is_none() {
            f.error(
                CODE_COMBINATION,
                &sp,
                "scaling has no target: neither `cpu_target` nor `requests_per_target` is set",
                "set `cpu_target: 50` or `requests_per_target: 1000`",
            );
        }
        if let Some(cpu) = scaling.cpu_target {
            percent(f, &format!("{sp}.cpu_target"), "the CPU target", cpu);
        }
        if let Some(requests) = scaling.requests_per_target {
            range(
                f,
                &format!("{sp}.requests_per_target"),
                "requests per target",
                u64::from(requests),
                1,
                1_000_000,
            );
        }
        range(
            f,
            &format!("{sp}.warmup_seconds"),
            "the warm-up",
            u64::from(scaling.warmup_seconds),
            0,
            3600,
        );
        if web.min == web.max && web.mode == WebMode::Fleet {
            f.warning(
                CODE_COMBINATION,
                &format!("{p}.max"),
                format!(
                    "scaling is set but min and max are both {}, so the fleet cannot scale",
                    web.max
                ),
                "raise `max` above `min`, or remove `scaling:`",
            );
        }
    }
    if let Some(spot) = &web.spot {
        let sp = format!("{p}.spot");
        range(
            f,
            &format!("{sp}.on_demand_percent_above_base"),
            "the On-Demand percentage",
            u64::from(spot.on_demand_percent_above_base),
            0,
            100,
        );
        if spot.on_demand_base > web.max {
            f.error(
                CODE_RANGE,
                &format!("{sp}.on_demand_base"),
                format!(
                    "the On-Demand base ({}) is above the fleet's max ({})",
                    spot.on_demand_base, web.max
                ),
                "lower `on_demand_base` to at most the fleet's `max`",
            );
        }
        let mut seen = BTreeSet::new();
        for (i, t) in spot.instance_types.iter().enumerate() {
            if !seen.insert(t) {
                f.error(
                    CODE_DUPLICATE,
                    &format!("{sp}.instance_types[{i}]"),
                    format!("`{t}` is listed twice"),
                    "list each instance type once",
                );
            }
        }
        if spot.instance_types.len() > 19 {
            f.error(
                CODE_RANGE,
                &format!("{sp}.instance_types"),
                format!("{} Spot instance types listed; an Auto Scaling group takes at most 20 with the web type", spot.instance_types.len()),
                "list at most 19 additional instance types",
            );
        }
    }
    if compute.discovery_namespace.is_empty() || !compute.discovery_namespace.contains('.') {
        f.error(
            CODE_NAME,
            "compute.discovery_namespace",
            format!(
                "`{}` is not a DNS name for service discovery",
                compute.discovery_namespace
            ),
            "use a private DNS name such as `app.internal`",
        );
    }
    unique(
        f,
        "compute.services",
        compute.services.iter().map(|s| s.name.as_str()),
    );
    for (i, service) in compute.services.iter().enumerate() {
        let sp = format!("compute.services[{i}]");
        if !is_simple_name(&service.name) || service.name.len() > 32 {
            f.error(
                CODE_NAME,
                &format!("{sp}.name"),
                format!("service name `{}` is not valid", service.name),
                "use up to 32 letters, digits and hyphens, starting with a letter",
            );
        }
        if !service.path.starts_with('/') {
            f.error(
                CODE_RANGE,
                &format!("{sp}.path"),
                format!("path pattern `{}` does not start with `/`", service.path),
                "write a path pattern such as `/orders/*`",
            );
        }
        range(
            f,
            &format!("{sp}.port"),
            "the container port",
            u64::from(service.port),
            1,
            65535,
        );
        order(
            f,
            &sp,
            &format!("service `{}`", service.name),
            (service.min, service.desired, service.max),
        );
        percent(
            f,
            &format!("{sp}.cpu_target"),
            "the CPU target",
            service.cpu_target,
        );
        if !fargate_size_valid(service.cpu, service.memory) {
            f.error(
                CODE_COMBINATION,
                &format!("{sp}.memory"),
                format!("Fargate has no task size with {} CPU units and {} MiB", service.cpu, service.memory),
                "use a Fargate size: 256 CPU with 512-2048 MiB, 512 with 1024-4096, 1024 with 2048-8192, 2048 with 4096-16384, 4096 with 8192-30720 (steps of 1024)",
            );
        }
        if stage.load_balancer.is_none() {
            f.error(
                CODE_COMBINATION,
                &format!("{sp}.path"),
                format!(
                    "service `{}` is routed by path but the stage has no load balancer",
                    service.name
                ),
                "add `load_balancer: {}` to the stage",
            );
        }
    }
}

/// Fargate's CPU/memory pairs (Linux, up to 4 vCPU).
fn fargate_size_valid(cpu: u32, memory: u32) -> bool {
    let (low, high, step) = match cpu {
        256 => return matches!(memory, 512 | 1024 | 2048),
        512 => (1024, 4096, 1024),
        1024 => (2048, 8192, 1024),
        2048 => (4096, 16384, 1024),
        4096 => (8192, 30720, 1024),
        _ => return false,
    };
    memory >= low && memory <= high && memory.is_multiple_of(step)
}

fn data(data: &Data, stage: &Stage, f: &mut Findings<'_>) {
    if let Some(db) = &data.database {
        database(db, stage, f);
    }
    unique(
        f,
        "data.tables",
        data.tables.iter().map(|t| t.name.as_str()),
    );
    for (i, table) in data.tables.iter().enumerate() {
        let tp = format!("data.tables[{i}]");
        let valid = table.name.len() >= 3
            && table.name.len() <= 200
            && table
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !valid {
            f.error(
                CODE_NAME,
                &format!("{tp}.name"),
                format!("table name `{}` is not a DynamoDB table name", table.name),
                "use 3 to 200 letters, digits, `_`, `-` or `.`",
            );
        }
        if table.global && stage.regions.len() < 2 {
            f.warning(
                CODE_COMBINATION,
                &format!("{tp}.global"),
                format!(
                    "table `{}` is global but the stage has one region, so it has no replicas",
                    table.name
                ),
                "list two or more `regions:`, or remove `global: true`",
            );
        }
    }
    if let Some(objects) = &data.objects {
        if let Some(days) = objects.archive_after_days {
            range(
                f,
                "data.objects.archive_after_days",
                "the archive delay",
                u64::from(days),
                90,
                730,
            );
            if !objects.intelligent_tiering {
                f.error(
                    CODE_COMBINATION,
                    "data.objects.archive_after_days",
                    "archiving needs S3 Intelligent-Tiering",
                    "set `intelligent_tiering: true`, or remove `archive_after_days`",
                );
            }
        }
        range(
            f,
            "data.objects.noncurrent_version_days",
            "the non-current version lifetime",
            u64::from(objects.noncurrent_version_days),
            1,
            3650,
        );
    }
}

fn database(db: &Database, stage: &Stage, f: &mut Findings<'_>) {
    let p = "data.database";
    range(
        f,
        &format!("{p}.storage_gb"),
        "allocated storage",
        u64::from(db.storage_gb),
        20,
        65536,
    );
    if let Some(max) = db.max_storage_gb
        && max <= db.storage_gb
    {
        f.error(
            CODE_RANGE,
            &format!("{p}.max_storage_gb"),
            format!("the storage ceiling ({max} GiB) is not above the allocated storage ({} GiB)", db.storage_gb),
            "raise `max_storage_gb` above `storage_gb`, or remove it to turn storage autoscaling off",
        );
    }
    range(
        f,
        &format!("{p}.backup_retention_days"),
        "backup retention",
        u64::from(db.backup_retention_days),
        0,
        35,
    );
    if db.read_replicas > 0 && db.backup_retention_days == 0 {
        f.error(
            CODE_COMBINATION,
            &format!("{p}.backup_retention_days"),
            "read replicas need automated backups on the source, but backup retention is 0",
            "set `backup_retention_days` to 1 or more",
        );
    }
    if db.read_replicas > 15 {
        f.error(
            "scalectl::validate::read_replicas",
            &format!("{p}.read_replicas"),
            format!("{} read replicas per shard; RDS allows at most 15 per source instance (quota L-5BC124EF, Read replicas per primary)", db.read_replicas),
            "use 15 or fewer replicas per shard, or add shards (`shards:`) to spread reads",
        );
    }
    range(
        f,
        &format!("{p}.shards"),
        "the shard count",
        u64::from(db.shards),
        1,
        256,
    );
    let regions = stage.regions.len().max(1);
    if db.shards > 0 && (db.shards as usize) < regions {
        f.warning(
            CODE_COMBINATION,
            &format!("{p}.shards"),
            format!(
                "{} shards over {regions} regions leaves some regions without a home shard",
                db.shards
            ),
            "use at least one shard per region",
        );
    }
    let version_ok = !db.engine_version.is_empty()
        && db
            .engine_version
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
    if !version_ok {
        f.error(
            CODE_RANGE,
            &format!("{p}.engine_version"),
            format!(
                "engine version `{}` is not a version number",
                db.engine_version
            ),
            "write it as a quoted string such as \"17.9\" or \"8.0.40\"",
        );
    }
    let max_user = if db.engine == Engine::Mysql { 32 } else { 63 };
    let ident = |s: &str, max: usize| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.len() <= max
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if !ident(&db.master_username, max_user)
        || ["postgres", "rdsadmin", "admin"].contains(&db.master_username.as_str())
    {
        f.error(CODE_NAME, &format!("{p}.master_username"), format!("`{}` cannot be the master user name", db.master_username), format!("use up to {max_user} letters, digits and `_`, starting with a letter, and not a reserved name (postgres, rdsadmin, admin)"));
    }
    if !ident(&db.database_name, 63) {
        f.error(
            CODE_NAME,
            &format!("{p}.database_name"),
            format!("`{}` is not a database name", db.database_name),
            "use up to 63 letters, digits and `_`, starting with a letter",
        );
    }
}

fn cache_rules(cache: &Cache, f: &mut Findings<'_>) {
    let p = "cache";
    range(
        f,
        &format!("{p}.shards"),
        "the cache shard count",
        u64::from(cache.shards),
        1,
        500,
    );
    if cache.replicas_per_shard > 5 {
        f.error(
            "scalectl::validate::cache_replicas",
            &format!("{p}.replicas_per_shard"),
            format!(
                "{} replicas per shard; ElastiCache allows at most 5",
                cache.replicas_per_shard
            ),
            "use 0 to 5 replicas per shard, or add shards",
        );
    }
    range(
        f,
        &format!("{p}.snapshot_retention_days"),
        "snapshot retention",
        u64::from(cache.snapshot_retention_days),
        0,
        35,
    );
    if cache.multi_az && cache.replicas_per_shard == 0 {
        f.error(
            "scalectl::validate::multi_az_cache",
            &format!("{p}.multi_az"),
            "a Multi-AZ cache needs a replica to fail over to, but `replicas_per_shard` is 0",
            "set `replicas_per_shard: 1` (or more), or `multi_az: false`",
        );
    }
    let version_ok = cache
        .engine_version
        .split('.')
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
    if !version_ok {
        f.error(
            CODE_RANGE,
            &format!("{p}.engine_version"),
            format!(
                "engine version `{}` is not a version number",
                cache.engine_version
            ),
            "write it as a quoted string such as \"8.0\"",
        );
    }
}

fn messaging_rules(m: &Messaging, f: &mut Findings<'_>) {
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
            0,
            43200,
        );
        range(
            f,
            &format!("{qp}.max_receive_count"),
            "the receive count",
            u64::from(queue.max_receive_count),
            1,
            1000,
        );
        range(
            f,
            &format!("{qp}.retention_days"),
            "message retention",
            u64::from(queue.retention_days),
            1,
            14,
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
            1,
            900,
        );
        range(
            f,
            &format!("{wp}.memory_mb"),
            "the worker memory",
            u64::from(worker.memory_mb),
            128,
            10240,
        );
        range(
            f,
            &format!("{wp}.batch_size"),
            "the batch size",
            u64::from(worker.batch_size),
            1,
            10,
        );
        if let Some(reserved) = worker.reserved_concurrency {
            let path = format!("{wp}.reserved_concurrency");
            range(
                f,
                &path,
                "the reserved concurrency",
                u64::from(reserved),
                0,
                10_000,
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
                        "scalectl::validate::visibility_timeout",
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

fn edge_and_balancer(stage: &Stage, f: &mut Findings<'_>) {
    if let Some(edge) = &stage.edge {
        let classes = ["PriceClass_100", "PriceClass_200", "PriceClass_All"];
        if !classes.contains(&edge.price_class.as_str()) {
            f.error(
                CODE_RANGE,
                "edge.price_class",
                format!("`{}` is not a CloudFront price class", edge.price_class),
                format!(
                    "{}use one of: {}",
                    crate::suggest::did_you_mean(&edge.price_class, classes),
                    classes.join(", ")
                ),
            );
        }
    }
    if let Some(lb) = &stage.load_balancer {
        range(
            f,
            "load_balancer.idle_timeout_seconds",
            "the idle timeout",
            u64::from(lb.idle_timeout_seconds),
            1,
            4000,
        );
        if let Some(arn) = &lb.certificate_arn {
            let parts: Vec<&str> = arn.split(':').collect();
            let shaped = parts.len() == 6
                && parts[0] == "arn"
                && parts[2] == "acm"
                && parts[4].len() == 12
                && parts[4].chars().all(|c| c.is_ascii_digit())
                && parts[5].starts_with("certificate/");
            if !shaped {
                f.error(
                    "scalectl::validate::certificate",
                    "load_balancer.certificate_arn",
                    format!("`{arn}` is not an ACM certificate ARN"),
                    "copy the ARN from ACM: arn:aws:acm:<region>:<account>:certificate/<id>",
                );
            } else if stage.regions.len() > 1 {
                f.error(
                    "scalectl::validate::certificate",
                    "load_balancer.certificate_arn",
                    "one certificate ARN cannot serve load balancers in several regions (ACM certificates are regional)",
                    "remove `certificate_arn` for now; per-region certificates are not supported yet",
                );
            } else if parts[3] != stage.network.region {
                f.error(
                    "scalectl::validate::certificate",
                    "load_balancer.certificate_arn",
                    format!(
                        "the certificate is in {}, but the load balancer is in {}",
                        parts[3], stage.network.region
                    ),
                    format!(
                        "request or import the certificate in {} (ACM certificates are regional)",
                        stage.network.region
                    ),
                );
            }
        }
    }
}

fn dns_and_regions(stage: &Stage, f: &mut Findings<'_>) {
    if let Some(dns) = &stage.dns {
        let zone = dns.zone.trim_end_matches('.');
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        };
        if !zone.contains('.') || !zone.split('.').all(label_ok) {
            f.error(
                CODE_NAME,
                "dns.zone",
                format!("`{}` is not a domain name", dns.zone),
                "write the hosted zone's domain, e.g. `example.com`",
            );
        }
        if !(dns.record.is_empty() || dns.record == "@" || dns.record.split('.').all(label_ok)) {
            f.error(
                CODE_NAME,
                "dns.record",
                format!("`{}` is not a record name", dns.record),
                "write the name within the zone, e.g. `www`, or `@` for the apex",
            );
        }
        range(f, "dns.ttl", "the TTL", u64::from(dns.ttl), 0, 172_800);
        if dns.routing != Routing::Simple && stage.regions.len() < 2 {
            f.error(
                CODE_COMBINATION,
                "dns.routing",
                "latency and failover routing choose between regions, but the stage has one",
                "use `routing: simple`, or list two or more `regions:`",
            );
        }
        if dns.routing == Routing::Failover && stage.regions.len() > 2 {
            f.error(CODE_COMBINATION, "dns.routing", format!("failover routing takes exactly two regions (primary and secondary); the stage has {}", stage.regions.len()), "use `routing: latency` for more regions");
        }
    }
    if stage.regions.len() == 1 {
        f.error(
            CODE_COMBINATION,
            "regions",
            "`regions:` lists one region; a multi-region stage needs two or more",
            "remove `regions:` and set `network.region`, or add a second region",
        );
    }
    let mut seen = BTreeSet::new();
    for (i, r) in stage.regions.iter().enumerate() {
        if !seen.insert(&r.name) {
            f.error(
                CODE_DUPLICATE,
                &format!("regions[{i}].name"),
                format!("region `{}` is listed twice", r.name),
                "list each region once",
            );
        }
    }
    if stage.regions.len() > 1 && stage.load_balancer.is_none() {
        f.error(
            CODE_COMBINATION,
            "regions",
            "a multi-region stage routes users to regional load balancers, but it has none",
            "add `load_balancer: {}` and `mode: fleet`",
        );
    }
}

fn observability(stage: &Stage, f: &mut Findings<'_>) {
    let Some(o) = &stage.observability else {
        return;
    };
    percent(
        f,
        "observability.cpu_high_percent",
        "the CPU alarm threshold",
        o.cpu_high_percent,
    );
    percent(
        f,
        "observability.db_cpu_high_percent",
        "the database CPU alarm threshold",
        o.db_cpu_high_percent,
    );
    if let Some(email) = &o.notify_email {
        let ok = email.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty() && domain.contains('.') && !email.contains(char::is_whitespace)
        });
        if !ok {
            f.error(
                CODE_NAME,
                "observability.notify_email",
                format!("`{email}` is not an e-mail address"),
                "write an address such as `oncall@example.com`",
            );
        }
    }
}

fn tags(stage: &Stage, f: &mut Findings<'_>) {
    if stage.tags.len() > 40 {
        f.error(
            CODE_RANGE,
            "tags",
            format!(
                "{} tags; scalectl adds its own and AWS allows 50 per resource",
                stage.tags.len()
            ),
            "use at most 40 tags",
        );
    }
    for (key, value) in &stage.tags {
        let path = format!("tags.{key}");
        if key.is_empty() || key.len() > 128 || key.to_ascii_lowercase().starts_with("aws:") {
            f.error(
                CODE_NAME,
                &path,
                format!("tag key `{key}` is not allowed"),
                "use a key of 1 to 128 characters that does not start with `aws:`",
            );
        } else if value.len() > 256 {
            f.error(
                CODE_RANGE,
                &path,
                format!(
                    "the value of tag `{key}` is {} characters; AWS allows 256",
                    value.len()
                ),
                "shorten the value",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fargate_sizes() {
        assert!(fargate_size_valid(256, 512));
        assert!(fargate_size_valid(512, 1024));
        assert!(fargate_size_valid(4096, 30720));
        assert!(!fargate_size_valid(256, 4096));
        assert!(!fargate_size_valid(1024, 1024));
        assert!(!fargate_size_valid(300, 1024));
    }

    #[test]
    fn simple_names() {
        assert!(is_simple_name("shop-prod"));
        assert!(!is_simple_name("9lives"));
        assert!(!is_simple_name("shop_prod"));
        assert!(!is_simple_name("shop-"));
    }
}
