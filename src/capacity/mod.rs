//! The capacity model: from users to requests per second, from requests to database reads
//! and writes, cache operations and table writes, and from those to what each tier of a stage
//! holds. Every number comes with the arithmetic that produced it, so `plan` and `recommend`
//! can explain themselves.
//!
//! The model is deliberately simple and linear; its assumptions live in the stage file's
//! `capacity.assumptions` where a team can replace them with measured values.

use crate::stage::{Assumptions, CapacitySpec, RateRange, Stage, WebMode};

mod sizing;
use crate::synth::placement;
use serde::Serialize;
pub use sizing::{
    MAX_CACHE_NODES, MAX_CACHE_REPLICAS, MAX_READ_REPLICAS, MAX_SHARDS_PER_REGION, Resize, Sizing,
    size,
};

/// Seconds in a minute, for requests per minute.
const MINUTE: f64 = 60.0;

/// The load: users to concurrent sessions to requests per second.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Load {
    /// Registered users.
    pub users: u64,
    /// Share of users active at the peak.
    pub peak_concurrency: f64,
    /// Requests an active user sends a minute.
    pub requests_per_minute: RangeOf,
    /// Concurrent sessions at the peak.
    pub sessions: f64,
    /// Requests a second at the peak, at the low and high end of the rate.
    pub rps: RangeOf,
    /// The arithmetic, one line per step.
    pub steps: Vec<String>,
    /// The `scalectl recommend` flags that state this load (`--users 10M --rpm 2-6`).
    pub flags: String,
}

/// A low and a high value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RangeOf {
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
}

impl From<RateRange> for RangeOf {
    fn from(r: RateRange) -> Self {
        RangeOf {
            low: r.low,
            high: r.high,
        }
    }
}

impl Load {
    /// Derive the load from a capacity spec.
    pub fn of(spec: &CapacitySpec) -> Load {
        let users = spec.users.0;
        let share = spec.peak_concurrency.0;
        let rpm = spec.requests_per_minute;
        let sessions = users as f64 * share;
        let rps = RangeOf {
            low: sessions * rpm.low / MINUTE,
            high: sessions * rpm.high / MINUTE,
        };
        let steps = vec![
            format!(
                "{} users x {} peak concurrency = {} concurrent sessions",
                count(users as f64),
                spec.peak_concurrency,
                count(sessions)
            ),
            format!(
                "{} sessions x {} requests/min / 60 = {} requests/s",
                count(sessions),
                rpm,
                range(rps.low, rps.high)
            ),
        ];
        Load {
            users,
            peak_concurrency: share,
            requests_per_minute: rpm.into(),
            sessions,
            rps,
            steps,
            flags: spec.flags(),
        }
    }
}

/// Where one region's peak requests go in a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    /// Regions the load splits over.
    pub regions: usize,
    /// Requests a second reaching one region at the peak (high end).
    pub rps: f64,
    /// The same at the low end of the rate.
    pub rps_low: f64,
    /// Answered by the CDN.
    pub cdn: f64,
    /// Reaching the load balancer or the box.
    pub dynamic: f64,
    /// Database reads the application asks for (before the cache).
    pub reads: f64,
    /// Writes the application makes.
    pub writes: f64,
    /// Cache lookups.
    pub cache_ops: f64,
    /// Reads reaching the database.
    pub db_reads: f64,
    /// Writes reaching the database primaries.
    pub db_writes: f64,
    /// Writes going to DynamoDB tables.
    pub table_writes: f64,
    /// The arithmetic, one line per step.
    pub steps: Vec<String>,
}

/// How one region's peak load flows through a stage.
pub fn flow(stage: &Stage, load: &Load, a: &Assumptions) -> Flow {
    let regions = stage.regions.len().max(1);
    let mut steps = Vec::new();
    let rps = load.rps.high / regions as f64;
    let rps_low = load.rps.low / regions as f64;
    if regions > 1 {
        steps.push(format!(
            "{} requests/s / {regions} regions (latency routing splits the load) = {} requests/s per region",
            count(load.rps.high),
            count(rps)
        ));
    }
    let cdn = if stage.edge.is_some() {
        rps * a.static_share.0
    } else {
        0.0
    };
    let dynamic = rps - cdn;
    if stage.edge.is_some() {
        steps.push(format!(
            "CloudFront answers the {} static share: {} requests/s; {} requests/s reach the application",
            a.static_share,
            count(cdn),
            count(dynamic)
        ));
    } else {
        steps.push(format!(
            "no CDN: all {} requests/s reach the application",
            count(dynamic)
        ));
    }
    let read_requests = dynamic * a.read_share.0;
    let write_requests = dynamic - read_requests;
    let reads = read_requests * a.reads_per_request;
    let writes = write_requests * a.writes_per_request;
    steps.push(format!(
        "{} reads: {} read requests/s x {} = {} reads/s; {} write requests/s x {} = {} writes/s",
        a.read_share,
        count(read_requests),
        a.reads_per_request,
        count(reads),
        count(write_requests),
        a.writes_per_request,
        count(writes)
    ));
    let has_database = stage.data.database.is_some() || stage.compute.web.runs_database;
    let (cache_ops, db_reads) = match &stage.cache {
        Some(_) => {
            let db_reads = reads * (1.0 - a.cache_hit_ratio.0);
            steps.push(format!(
                "the cache answers {} of reads: {} lookups/s, {} reads/s reach the {}",
                a.cache_hit_ratio,
                count(reads),
                count(db_reads),
                if has_database { "database" } else { "tables" }
            ));
            (reads, db_reads)
        }
        None => (0.0, reads),
    };
    let table_writes = if stage.data.tables.is_empty() {
        0.0
    } else if has_database {
        writes * a.nosql_write_share.0
    } else {
        writes
    };
    let db_writes = if has_database {
        writes - table_writes
    } else {
        0.0
    };
    if table_writes > 0.0 && !has_database {
        steps.push(format!(
            "DynamoDB takes every write (no relational database): {} writes/s",
            count(table_writes)
        ));
    } else if table_writes > 0.0 {
        steps.push(format!(
            "DynamoDB takes {} of writes: {} writes/s; {} writes/s reach the database primaries",
            a.nosql_write_share,
            count(table_writes),
            count(db_writes)
        ));
    }
    Flow {
        regions,
        rps,
        rps_low,
        cdn,
        dynamic,
        reads,
        writes,
        cache_ops,
        db_reads,
        db_writes,
        table_writes,
        steps,
    }
}

/// A tier of the architecture whose capacity the model checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// The web tier and container services: dynamic requests.
    Application,
    /// Database primaries: writes.
    DatabaseWrites,
    /// Database primaries and replicas: reads.
    DatabaseReads,
    /// The cache: lookups.
    Cache,
    /// DynamoDB tables: writes.
    Tables,
}

impl Tier {
    /// The tier's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Application => "application",
            Tier::DatabaseWrites => "database writes",
            Tier::DatabaseReads => "database reads",
            Tier::Cache => "cache",
            Tier::Tables => "tables",
        }
    }
}

/// One tier's peak demand against what it holds, in one region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierCheck {
    /// The tier.
    pub tier: Tier,
    /// Operations a second at the peak.
    pub peak: f64,
    /// The peak plus headroom: what the tier must hold.
    pub need: f64,
    /// What the tier holds as sized.
    pub holds: f64,
    /// Unit of the three numbers.
    pub unit: &'static str,
    /// How the capacity is made up.
    pub capacity: String,
    /// Whether it holds the need.
    pub ok: bool,
    /// Whether the stage can grow this tier by changing counts (false: its shape caps it).
    pub scalable: bool,
    /// The stage field that sizes the tier.
    pub path: &'static str,
}

/// A stage's capacity against a load.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// The load.
    pub load: Load,
    /// Where it goes.
    pub flow: Flow,
    /// Headroom kept above the peak.
    pub headroom: f64,
    /// Per tier.
    pub checks: Vec<TierCheck>,
}

impl Assessment {
    /// Whether every tier holds.
    pub fn holds(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// The tiers that do not hold.
    pub fn short(&self) -> impl Iterator<Item = &TierCheck> {
        self.checks.iter().filter(|c| !c.ok)
    }
}

/// vCPUs of an EC2 instance type, RDS class or ElastiCache node type (`db.r6g.large`).
pub fn vcpus(name: &str) -> Option<f64> {
    if let Some(t) = crate::catalog::instance_type(name) {
        return Some(f64::from(t.vcpus));
    }
    let bare = name
        .strip_prefix("db.")
        .or_else(|| name.strip_prefix("cache."))?;
    let (family, size) = bare.split_once('.')?;
    let burstable = family.starts_with('t');
    let v = match size {
        "micro" | "small" | "medium" if burstable => 2.0,
        "micro" | "small" => 1.0,
        "medium" => 1.0,
        "large" => 2.0,
        "xlarge" => 4.0,
        s => {
            // `12xlarge`: a whole number of xlarges (not `NaNxlarge`, `0xlarge` or `-2xlarge`).
            let n: u32 = s.strip_suffix("xlarge")?.parse().ok()?;
            if n == 0 {
                return None;
            }
            f64::from(n) * 4.0
        }
    };
    Some(v)
}

/// The capacity of one web instance, one task, one database instance and one cache node.
struct Units {
    web: f64,
    services: f64,
    services_text: String,
    db_reads: f64,
    db_writes: f64,
    cache_node: f64,
    /// Database instances on the box itself (stage0): a share of the box.
    db_on_box: bool,
}

fn units(stage: &Stage, a: &Assumptions) -> Units {
    let web = &stage.compute.web;
    let web_vcpus = vcpus(&web.instance_type).unwrap_or(0.0);
    let db_on_box = web.runs_database;
    let box_share = if db_on_box { 0.5 } else { 1.0 };
    let (services, parts) =
        stage
            .compute
            .services
            .iter()
            .fold((0.0, Vec::new()), |(total, mut parts), s| {
                let per_task = f64::from(s.cpu) / 1024.0 * a.rps_per_vcpu;
                parts.push(format!("{} x {} tasks", s.name, s.max));
                (total + per_task * f64::from(s.max), parts)
            });
    let db_vcpus = match &stage.data.database {
        Some(db) => vcpus(&db.instance_class).unwrap_or(0.0),
        None if db_on_box => web_vcpus * 0.5,
        None => 0.0,
    };
    let cache_vcpus = stage
        .cache
        .as_ref()
        .and_then(|c| vcpus(&c.node_type))
        .unwrap_or(0.0);
    Units {
        web: web_vcpus * a.rps_per_vcpu * box_share,
        services,
        services_text: parts.join(", "),
        db_reads: db_vcpus * a.db_reads_per_vcpu,
        db_writes: db_vcpus * a.db_writes_per_vcpu,
        cache_node: cache_vcpus * a.cache_ops_per_vcpu,
        db_on_box,
    }
}

/// The fewest shards any region of the stage is home to.
fn shards_per_region(stage: &Stage) -> u32 {
    let total = stage.data.database.as_ref().map_or(0, |d| d.shards);
    let explicit = stage.regions.iter().any(|r| r.shards.is_some());
    if !explicit || total > placement::MAX_SHARDS {
        // Contiguous placement gives every region the floor share or one more; a count past
        // what validation allows is not placed shard by shard.
        let regions = u32::try_from(stage.regions.len().max(1)).unwrap_or(u32::MAX);
        return total / regions;
    }
    let placed = placement::place(stage);
    let regions: Vec<String> = if stage.regions.is_empty() {
        vec![stage.network.region.clone()]
    } else {
        stage.regions.iter().map(|r| r.name.clone()).collect()
    };
    regions
        .iter()
        .map(|r| placed.shards.iter().filter(|s| &s.region == r).count() as u32)
        .min()
        .unwrap_or(1)
}

/// Check every tier of a stage against a load.
pub fn assess(stage: &Stage, spec: &CapacitySpec) -> Assessment {
    let a = &spec.assumptions;
    let load = Load::of(spec);
    let flow = flow(stage, &load, a);
    let u = units(stage, a);
    let grow = 1.0 + a.headroom.0;
    let web = &stage.compute.web;
    let mut checks = Vec::new();
    let (instances, scalable) = match web.mode {
        WebMode::Single => (1.0, false),
        WebMode::Fleet => (f64::from(web.max), true),
    };
    let mut capacity = format!(
        "{} x {} at {} requests/s{}",
        count(instances),
        web.instance_type,
        count(u.web),
        if u.db_on_box {
            " (half the box: the database shares it)"
        } else {
            ""
        }
    );
    if u.services > 0.0 {
        capacity.push_str(&format!(
            " + services ({}) at {} requests/s per vCPU",
            u.services_text,
            count(a.rps_per_vcpu)
        ));
    }
    let app = instances * u.web + u.services;
    checks.push(TierCheck {
        tier: Tier::Application,
        peak: flow.dynamic,
        need: flow.dynamic * grow,
        holds: app,
        unit: "requests/s",
        capacity,
        ok: flow.dynamic * grow <= app,
        scalable,
        path: "compute.web.max",
    });
    let db = stage.data.database.as_ref();
    if db.is_some() || u.db_on_box {
        let shards = f64::from(if db.is_some() {
            shards_per_region(stage)
        } else {
            1
        });
        let replicas = f64::from(db.map_or(0, |d| d.read_replicas));
        let class = db.map_or("the box", |d| d.instance_class.as_str());
        let writes = shards * u.db_writes;
        checks.push(TierCheck {
            tier: Tier::DatabaseWrites,
            peak: flow.db_writes,
            need: flow.db_writes * grow,
            holds: writes,
            unit: "writes/s",
            capacity: format!(
                "{} primar{} ({class}) at {} writes/s",
                count(shards),
                if shards == 1.0 { "y" } else { "ies" },
                count(u.db_writes)
            ),
            ok: flow.db_writes * grow <= writes,
            scalable: db.is_some_and(|d| d.shards > 1),
            // Unsharded, the only lever is a larger class.
            path: if db.is_some_and(|d| d.shards > 1) {
                "data.database.shards"
            } else if db.is_some() {
                "data.database.instance_class"
            } else {
                "compute.web.instance_type"
            },
        });
        let reads = shards * (1.0 + replicas) * u.db_reads;
        checks.push(TierCheck {
            tier: Tier::DatabaseReads,
            peak: flow.db_reads,
            need: flow.db_reads * grow,
            holds: reads,
            unit: "reads/s",
            capacity: format!(
                "{} shard{} x (primary + {} replica{}) ({class}) at {} reads/s",
                count(shards),
                if shards == 1.0 { "" } else { "s" },
                count(replicas),
                if replicas == 1.0 { "" } else { "s" },
                count(u.db_reads)
            ),
            ok: flow.db_reads * grow <= reads,
            scalable: db.is_some_and(|d| d.read_replicas > 0),
            // A database on the box has no replicas to add: the box is the lever.
            path: if db.is_some() {
                "data.database.read_replicas"
            } else {
                "compute.web.instance_type"
            },
        });
    }
    if let Some(cache) = &stage.cache {
        let nodes = f64::from(cache.shards) * (1.0 + f64::from(cache.replicas_per_shard));
        let holds = nodes * u.cache_node;
        checks.push(TierCheck {
            tier: Tier::Cache,
            peak: flow.cache_ops,
            need: flow.cache_ops * grow,
            holds,
            unit: "lookups/s",
            capacity: format!(
                "{} node{} ({}) at {} lookups/s",
                count(nodes),
                if nodes == 1.0 { "" } else { "s" },
                cache.node_type,
                count(u.cache_node)
            ),
            ok: flow.cache_ops * grow <= holds,
            scalable: true,
            path: "cache.replicas_per_shard",
        });
    }
    if !stage.data.tables.is_empty() {
        let tables = stage.data.tables.len() as f64;
        let holds = tables * a.table_units_per_second;
        checks.push(TierCheck {
            tier: Tier::Tables,
            peak: flow.table_writes,
            need: flow.table_writes * grow,
            holds,
            unit: "writes/s",
            capacity: format!(
                "{} on-demand table{} at {} writes/s (default table quota)",
                count(tables),
                if tables == 1.0 { "" } else { "s" },
                count(a.table_units_per_second)
            ),
            ok: flow.table_writes * grow <= holds,
            scalable: false,
            path: "data.tables",
        });
    }
    Assessment {
        load,
        flow,
        headroom: a.headroom.0,
        checks,
    }
}

/// A number for people: `41,667`, `8.3`, `0.42`.
pub fn count(v: f64) -> String {
    if v.is_nan() {
        return "unknown".to_string();
    }
    if !v.is_finite() {
        return "unbounded".to_string();
    }
    if v.abs() >= 100.0 || v.fract() == 0.0 {
        let n = v.round() as i128;
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if n < 0 {
            out.insert(0, '-');
        }
        out
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// `8,333-41,667`.
pub fn range(low: f64, high: f64) -> String {
    if count(low) == count(high) {
        count(high)
    } else {
        format!("{}-{}", count(low), count(high))
    }
}
