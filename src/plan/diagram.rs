//! The architecture diagram of a stage: what synthesis builds, as boxes and arrows.
//!
//! [`architecture`] reads the typed stage (after `extends:` is resolved) by the rules
//! [`crate::synth`] follows: one group per region with that region's copy of the stack and
//! the database shards [`placement::place`] homes there, and, for a multi-region stage, a
//! global group with what the global stack holds (the Route 53 records, CloudFront and its
//! bucket, DynamoDB global tables). CloudFront's only origin is the static bucket, so
//! clients reach it beside the load balancer, not through it. [`mermaid`] and [`dot`]
//! render a diagram through the templates in `templates/`.

use crate::catalog;
use crate::stage::{CacheEngine, Engine, Routing, Stage, Table, WebMode};
use crate::synth::placement::{self, SHARDS_PER_STACK};
use minijinja::{AutoEscape, Environment, Value};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A stage's architecture: nodes and groups of nodes joined by edges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagram {
    /// `name: title` of the stage.
    pub title: String,
    /// Nodes outside every group: the client and, for one region, DNS and the CDN.
    pub nodes: Vec<Node>,
    /// The global group (multi-region stages) and one group per region.
    pub groups: Vec<Group>,
    /// Edges between nodes or groups, by ID.
    pub edges: Vec<Edge>,
}

/// One box of the diagram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// ID: lowercase ASCII letters, digits and `_`, unique in the diagram.
    pub id: String,
    /// Label, one entry per line.
    pub label: Vec<String>,
    /// What it is (picks the shape).
    pub kind: NodeKind,
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// The users.
    Client,
    /// Route 53 records.
    Dns,
    /// CloudFront.
    Cdn,
    /// The application load balancer.
    LoadBalancer,
    /// One EC2 instance, or the web server on it.
    Instance,
    /// The EC2 Auto Scaling group.
    Fleet,
    /// An ECS Fargate service.
    Service,
    /// ElastiCache.
    Cache,
    /// A relational database (RDS, or PostgreSQL on the box).
    Database,
    /// A DynamoDB table.
    Table,
    /// An S3 bucket.
    Bucket,
    /// An SNS topic.
    Topic,
    /// An SQS queue (with its dead-letter queue).
    Queue,
    /// A Lambda worker.
    Function,
}

/// A box around nodes: a region, the global resources, a tier, or one host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// ID, in the same space as node IDs; region groups start with `r_`.
    pub id: String,
    /// Label, one entry per line.
    pub label: Vec<String>,
    /// What it groups.
    pub kind: GroupKind,
    /// Nodes directly inside.
    pub nodes: Vec<Node>,
    /// Groups inside.
    pub groups: Vec<Group>,
}

/// What a group stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// What the regions share (the global stack).
    Global,
    /// One region's stack (and its shard stacks).
    Region,
    /// A tier inside a region: application, data or async.
    Tier,
    /// One machine running several things.
    Host,
}

/// An arrow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    /// ID of the node or group it leaves.
    pub from: String,
    /// ID of the node or group it reaches.
    pub to: String,
    /// Text on the arrow.
    pub label: Option<String>,
    /// What flows along it (picks the line).
    pub kind: EdgeKind,
}

/// What flows along an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// User requests.
    Traffic,
    /// The application reading and writing a data store.
    Access,
    /// The application using a region's replica of a global table.
    Replica,
    /// Messages: publish, fan-out, consume.
    Message,
}

/// Why a diagram did not render.
#[derive(Debug, thiserror::Error)]
pub enum DiagramError {
    /// A template failed to parse or render.
    #[error("rendering {template}: {message}")]
    Render {
        /// The template.
        template: &'static str,
        /// What failed.
        message: String,
    },
}

/// Draw a stage's architecture.
pub fn architecture(stage: &Stage) -> Diagram {
    let mut b = Builder {
        stage,
        ids: BTreeSet::new(),
        edges: Vec::new(),
    };
    let regions = regions(stage);
    let multi = regions.len() >= 2;
    let shards = placement::place(stage);
    let client = b.node(&["client"], NodeKind::Client, vec!["Users".to_string()]);
    let client_id = client.id.clone();
    let mut top = vec![client];

    // What the regions share: in the global stack when there are several, else top level
    // (Route 53 and CloudFront are global services either way).
    let mut global = Vec::new();
    let dns = stage
        .dns
        .as_ref()
        .filter(|_| stage.load_balancer.is_some() || (!multi && single_box(stage)))
        .map(|dns| b.node(&["dns"], NodeKind::Dns, dns_label(stage, dns, multi)));
    let cdn = stage.edge.as_ref().map(|edge| {
        let label = vec![
            "CloudFront".to_string(),
            "static assets, HTTPS".to_string(),
            edge.price_class.clone(),
        ];
        b.node(&["cdn"], NodeKind::Cdn, label)
    });
    let dns_id = dns.as_ref().map(|n| n.id.clone());
    if let Some(dns) = &dns {
        b.edge(&client_id, &dns.id, None, EdgeKind::Traffic);
    }
    let mut static_bucket = None;
    if let Some(cdn) = &cdn {
        let bucket = b.node(
            &["static"],
            NodeKind::Bucket,
            lines(&["S3 static assets", "private, versioned"]),
        );
        b.edge(
            &client_id,
            &cdn.id,
            Some("static assets"),
            EdgeKind::Traffic,
        );
        b.edge(&cdn.id, &bucket.id, Some("OAC"), EdgeKind::Access);
        static_bucket = Some(bucket);
    }
    let global_tables = if multi {
        b.global_tables(&regions)
    } else {
        None
    };
    let global_tables_id = global_tables.as_ref().map(|g| g.id.clone());
    if multi {
        global.extend(dns);
        global.extend(cdn);
        global.extend(static_bucket.take());
    } else {
        top.extend(dns);
        top.extend(cdn);
    }

    let mut groups = Vec::new();
    for (index, (code, cidr)) in regions.iter().enumerate() {
        let here: Vec<u32> = shards
            .shards
            .iter()
            .filter(|s| s.region == *code)
            .map(|s| s.shard)
            .collect();
        let mark = b.edges.len();
        let parts = b.region(code, cidr, &here, shards.total);
        let inside = b.edges.split_off(mark);
        let mut group = parts.group;
        group.nodes.extend(static_bucket.take());
        // How requests enter the region, listed before what happens inside it.
        match (&parts.alb, &dns_id) {
            (Some(alb), Some(dns)) => {
                let label = match (multi, stage.dns.as_ref().map(|d| d.routing)) {
                    (true, Some(Routing::Failover)) if index == 0 => Some("primary"),
                    (true, Some(Routing::Failover)) => Some("secondary"),
                    _ => None,
                };
                b.edge(dns, alb, label, EdgeKind::Traffic);
            }
            (Some(alb), None) => b.edge(&client_id, alb, None, EdgeKind::Traffic),
            (None, _) => {}
        }
        if let Some(web) = &parts.public_web {
            match (&parts.alb, &dns_id) {
                (None, Some(dns)) => b.edge(dns, web, None, EdgeKind::Traffic),
                _ => b.edge(&client_id, web, Some("Elastic IP"), EdgeKind::Traffic),
            }
        }
        b.edges.extend(inside);
        // Each region holds a replica of every global table, beside its data stores.
        if let (Some(into), Some(tables)) = (parts.data.or(parts.app), &global_tables_id) {
            b.edge(tables, &into, Some("replica"), EdgeKind::Replica);
        }
        groups.push(group);
    }
    if !global.is_empty() || global_tables.is_some() {
        let group = Group {
            id: b.id("g", &["global"]),
            label: vec!["global".to_string(), global_stack_line(&regions)],
            kind: GroupKind::Global,
            nodes: global,
            groups: global_tables.into_iter().collect(),
        };
        groups.insert(0, group);
    }
    // Requests first, in the order they travel; then data and messages.
    let mut edges = b.edges;
    edges.sort_by_key(|e| e.kind);
    Diagram {
        title: format!("{}: {}", stage.name, stage.title),
        nodes: top,
        groups,
        edges,
    }
}

/// The regions whose stacks synthesis builds: `regions`, or `network.region` when there
/// are none. A single listed region makes a single-region stage.
fn regions(stage: &Stage) -> Vec<(&str, &str)> {
    if stage.regions.is_empty() {
        return vec![(
            stage.network.region.as_str(),
            stage.network.vpc_cidr.as_str(),
        )];
    }
    stage
        .regions
        .iter()
        .map(|r| (r.name.as_str(), r.vpc_cidr.as_str()))
        .collect()
}

fn global_stack_line(regions: &[(&str, &str)]) -> String {
    let first = regions.first().map_or("", |(code, _)| *code);
    format!("deployed in {first}")
}

fn single_box(stage: &Stage) -> bool {
    stage.compute.web.mode == WebMode::Single
}

fn lines(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `0, 3–5, 9` for shards 0, 3, 4, 5, 9.
fn ranges(numbers: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let start = numbers[i];
        let mut end = start;
        while i + 1 < numbers.len() && numbers[i + 1] == end + 1 {
            i += 1;
            end = numbers[i];
        }
        out.push(if start == end {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
        i += 1;
    }
    out.join(", ")
}

fn dns_label(stage: &Stage, dns: &crate::stage::Dns, multi: bool) -> Vec<String> {
    let zone = dns.zone.trim_end_matches('.');
    let fqdn = if dns.record.is_empty() || dns.record == "@" {
        zone.to_string()
    } else {
        format!("{}.{zone}", dns.record)
    };
    let how = if !multi {
        if stage.load_balancer.is_some() {
            "A alias → load balancer".to_string()
        } else {
            "A record → Elastic IP".to_string()
        }
    } else if dns.routing == Routing::Failover {
        "failover, health-checked".to_string()
    } else {
        // Synthesis writes latency records for `simple` too.
        "latency, health-checked".to_string()
    };
    vec!["Route 53".to_string(), fqdn, how]
}

fn keys(table: &Table) -> String {
    match &table.sort_key {
        Some(sort) => format!("{} + {}", table.partition_key.name, sort.name),
        None => table.partition_key.name.clone(),
    }
}

/// One region's group and the IDs the rest of the diagram connects to.
struct RegionParts {
    group: Group,
    alb: Option<String>,
    /// The single box when it is reachable on its Elastic IP.
    public_web: Option<String>,
    /// The application: its tier group, or its only node or host.
    app: Option<String>,
    /// The data stores: their tier group, or the only one.
    data: Option<String>,
}

struct Builder<'a> {
    stage: &'a Stage,
    ids: BTreeSet<String>,
    edges: Vec<Edge>,
}

impl Builder<'_> {
    /// A unique ID from a prefix and parts (anything but ASCII letters and digits -> `_`).
    fn id(&mut self, prefix: &str, parts: &[&str]) -> String {
        let mut base = prefix.to_string();
        for part in parts {
            base.push('_');
            base.extend(part.chars().map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            }));
        }
        let mut id = base.clone();
        let mut n = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        id
    }

    fn node(&mut self, parts: &[&str], kind: NodeKind, label: Vec<String>) -> Node {
        Node {
            id: self.id("n", parts),
            label,
            kind,
        }
    }

    fn edge(&mut self, from: &str, to: &str, label: Option<&str>, kind: EdgeKind) {
        self.edges.push(Edge {
            from: from.to_string(),
            to: to.to_string(),
            label: label.map(str::to_string),
            kind,
        });
    }

    /// Put `nodes` and `groups` in a tier group when there are several; returns the ID to
    /// connect to (the tier group, or the only node or group), if any.
    fn tier(
        &mut self,
        key: &str,
        name: &str,
        nodes: Vec<Node>,
        groups: Vec<Group>,
        into: &mut Group,
    ) -> Option<String> {
        match (nodes.len(), groups.len()) {
            (0, 0) => None,
            (1, 0) => {
                let id = nodes.first().map(|n| n.id.clone());
                into.nodes.extend(nodes);
                id
            }
            (0, 1) => {
                let id = groups.first().map(|g| g.id.clone());
                into.groups.extend(groups);
                id
            }
            _ => {
                let id = self.id("t", &[key, name]);
                into.groups.push(Group {
                    id: id.clone(),
                    label: vec![name.to_string()],
                    kind: GroupKind::Tier,
                    nodes,
                    groups,
                });
                Some(id)
            }
        }
    }

    /// The DynamoDB global tables of a multi-region stage, in a group of their own.
    fn global_tables(&mut self, regions: &[(&str, &str)]) -> Option<Group> {
        let stage = self.stage;
        let mut nodes = Vec::new();
        for table in stage.data.tables.iter().filter(|t| t.global) {
            let label = vec![
                format!("DynamoDB {}", table.name),
                format!("{}-{}", stage.name, table.name),
                keys(table),
                format!("replica in each of {} regions", regions.len()),
            ];
            nodes.push(self.node(&["global", &table.name], NodeKind::Table, label));
        }
        (!nodes.is_empty()).then(|| Group {
            id: self.id("t", &["global", "tables"]),
            label: vec!["DynamoDB global tables".to_string()],
            kind: GroupKind::Tier,
            nodes,
            groups: Vec::new(),
        })
    }

    fn region(&mut self, code: &str, cidr: &str, shards: &[u32], total: u32) -> RegionParts {
        let stage = self.stage;
        let multi = stage.regions.len() >= 2;
        let name = catalog::region(code).map_or(String::new(), |r| format!(" · {}", r.name));
        let mut group = Group {
            id: self.id("r", &[code]),
            label: vec![
                format!("{code}{name}"),
                format!(
                    "VPC {cidr}, {}",
                    plural(
                        u32::try_from(stage.network.availability_zones.count()).unwrap_or(0),
                        "zone",
                        "zones"
                    )
                ),
            ],
            kind: GroupKind::Region,
            nodes: Vec::new(),
            groups: Vec::new(),
        };
        let alb = stage.load_balancer.as_ref().map(|lb| {
            let listener = if lb.certificate_arn.is_some() {
                "HTTPS :443, HTTP redirects"
            } else {
                "HTTP :80"
            };
            let label = lines(&["Application Load Balancer", "internet-facing", listener]);
            self.node(&[code, "alb"], NodeKind::LoadBalancer, label)
        });
        let alb_id = alb.as_ref().map(|n| n.id.clone());
        group.nodes.extend(alb);

        let (app_nodes, app_groups, web) = self.compute(code, alb_id.as_deref());
        let app = self.tier(code, "application", app_nodes, app_groups, &mut group);
        let data = self.data(code, shards, total, multi);
        let data = self.tier(code, "data", data, Vec::new(), &mut group);
        if let (Some(app), Some(data)) = (&app, &data) {
            self.edge(app, data, None, EdgeKind::Access);
        }
        let messaging = self.messaging(code, app.as_deref());
        self.tier(code, "async", messaging, Vec::new(), &mut group);
        let public_web = single_box(stage).then_some(web);
        RegionParts {
            group,
            alb: alb_id,
            public_web,
            app,
            data,
        }
    }

    /// The application's nodes and groups, and the web tier's node ID.
    fn compute(&mut self, key: &str, alb: Option<&str>) -> (Vec<Node>, Vec<Group>, String) {
        let stage = self.stage;
        let web = &stage.compute.web;
        let mut nodes = Vec::new();
        let mut groups = Vec::new();
        let web_id = match web.mode {
            WebMode::Single if web.runs_database => {
                let server = self.node(
                    &[key, "web"],
                    NodeKind::Instance,
                    vec![
                        "web server".to_string(),
                        format!(":{}, {}", web.app_port, web.health_check_path),
                    ],
                );
                let db = self.node(
                    &[key, "local", "db"],
                    NodeKind::Database,
                    lines(&["PostgreSQL", "on the box, localhost only"]),
                );
                self.edge(&server.id, &db.id, Some("localhost"), EdgeKind::Access);
                let id = server.id.clone();
                groups.push(Group {
                    id: self.id("h", &[key, "web"]),
                    label: vec![
                        format!("EC2 {}", web.instance_type),
                        format!("single box, Elastic IP, {} GiB", web.volume_gb),
                    ],
                    kind: GroupKind::Host,
                    nodes: vec![server, db],
                    groups: Vec::new(),
                });
                id
            }
            WebMode::Single => {
                let label = vec![
                    format!("EC2 {}", web.instance_type),
                    "single box, Elastic IP".to_string(),
                    format!("{} GiB", web.volume_gb),
                ];
                let node = self.node(&[key, "web"], NodeKind::Instance, label);
                let id = node.id.clone();
                nodes.push(node);
                id
            }
            WebMode::Fleet => {
                let node = self.node(&[key, "web"], NodeKind::Fleet, self.fleet_label());
                let id = node.id.clone();
                if let Some(alb) = alb {
                    let label = (!stage.compute.services.is_empty()).then_some("default");
                    self.edge(alb, &id, label, EdgeKind::Traffic);
                }
                nodes.push(node);
                id
            }
        };
        for service in &stage.compute.services {
            let label = vec![
                format!("ECS Fargate {}", service.name),
                format!(
                    "{}–{} tasks, CPU {}%",
                    service.min, service.max, service.cpu_target
                ),
                format!("{} CPU units, {} MiB", service.cpu, service.memory),
                format!("{}.{}", service.name, stage.compute.discovery_namespace),
            ];
            let node = self.node(&[key, "svc", &service.name], NodeKind::Service, label);
            if let Some(alb) = alb {
                self.edge(alb, &node.id, Some(&service.path), EdgeKind::Traffic);
            }
            nodes.push(node);
        }
        (nodes, groups, web_id)
    }

    fn fleet_label(&self) -> Vec<String> {
        let stage = self.stage;
        let web = &stage.compute.web;
        let size = if web.min == web.max {
            format!("{} × {}", web.min, web.instance_type)
        } else {
            format!("{}–{} × {}", web.min, web.max, web.instance_type)
        };
        let mut label = vec!["EC2 Auto Scaling group".to_string(), size];
        if web.desired != web.min {
            label.push(format!("desired {}", web.desired));
        }
        if let Some(spot) = &web.spot {
            // The launch template's type, then the others listed (as synthesis overrides).
            let types = 1 + spot
                .instance_types
                .iter()
                .filter(|t| **t != web.instance_type)
                .count();
            label.push(format!("Spot over {types} types"));
            label.push(format!(
                "On-Demand base {} + {}%",
                spot.on_demand_base, spot.on_demand_percent_above_base
            ));
        }
        let mut targets = Vec::new();
        if let Some(scaling) = &web.scaling {
            if let Some(cpu) = scaling.cpu_target {
                targets.push(format!("CPU {cpu}%"));
            }
            if let (Some(requests), Some(_)) = (scaling.requests_per_target, &stage.load_balancer) {
                targets.push(format!("{requests} req/target"));
            }
        }
        if !targets.is_empty() {
            label.push(format!("scaling: {}", targets.join(", ")));
        } else if web.min == web.max {
            label.push("fixed size".to_string());
        }
        label
    }

    /// The region's data stores: cache, the shards homed here, regional tables, the bucket.
    fn data(&mut self, key: &str, shards: &[u32], total: u32, multi: bool) -> Vec<Node> {
        let stage = self.stage;
        let mut nodes = Vec::new();
        if let Some(cache) = &stage.cache {
            let engine = match cache.engine {
                CacheEngine::Valkey => "Valkey",
                CacheEngine::Redis => "Redis OSS",
            };
            let mut label = vec![
                format!("ElastiCache {engine} {}", cache.engine_version),
                cache.node_type.clone(),
                format!(
                    "{} × {}",
                    plural(cache.shards, "shard", "shards"),
                    plural(cache.replicas_per_shard, "replica", "replicas")
                ),
            ];
            let mut modes = Vec::new();
            if cache.shards > 1 {
                modes.push("cluster mode");
            }
            if cache.multi_az && cache.replicas_per_shard > 0 {
                modes.push("Multi-AZ");
            }
            if !modes.is_empty() {
                label.push(modes.join(", "));
            }
            nodes.push(self.node(&[key, "cache"], NodeKind::Cache, label));
        }
        if let Some(db) = stage.data.database.as_ref().filter(|_| !shards.is_empty()) {
            let engine = match db.engine {
                Engine::Postgres => "PostgreSQL",
                Engine::Mysql => "MySQL",
            };
            let mut label = vec![
                format!("RDS {engine} {}", db.engine_version),
                format!(
                    "{}, {}",
                    db.instance_class,
                    if db.multi_az { "Multi-AZ" } else { "single-AZ" }
                ),
            ];
            if total > 1 {
                label.push(format!(
                    "shards {} of {total} by {}",
                    ranges(shards),
                    db.shard_key
                ));
            }
            if db.read_replicas > 0 {
                let replicas = plural(db.read_replicas, "read replica", "read replicas");
                label.push(if total > 1 {
                    format!("{replicas} per shard")
                } else {
                    format!("+ {replicas}")
                });
            }
            let stacks = shards.len().div_ceil(SHARDS_PER_STACK);
            if stacks > 1 {
                label.push(format!("in {stacks} stacks"));
            }
            nodes.push(self.node(&[key, "db"], NodeKind::Database, label));
        }
        for table in stage.data.tables.iter().filter(|t| !(multi && t.global)) {
            let ttl = if table.ttl_attribute.is_some() {
                "on-demand, TTL"
            } else {
                "on-demand"
            };
            let label = vec![
                format!("DynamoDB {}", table.name),
                keys(table),
                ttl.to_string(),
            ];
            nodes.push(self.node(&[key, "table", &table.name], NodeKind::Table, label));
        }
        if let Some(objects) = &stage.data.objects {
            let mut label = vec!["S3 user data".to_string()];
            if objects.intelligent_tiering {
                label.push("Intelligent-Tiering".to_string());
                if let Some(days) = objects.archive_after_days {
                    label.push(format!("archive after {days} days"));
                }
            }
            nodes.push(self.node(&[key, "objects"], NodeKind::Bucket, label));
        }
        nodes
    }

    /// Topics, queues and workers; the application publishes to the topics and sends to
    /// the queues no topic feeds.
    fn messaging(&mut self, key: &str, app: Option<&str>) -> Vec<Node> {
        let Some(messaging) = &self.stage.messaging else {
            return Vec::new();
        };
        let mut queue_nodes = Vec::new();
        let mut queues = BTreeMap::new();
        for queue in &messaging.queues {
            let label = vec![
                format!("SQS {}", queue.name),
                format!(
                    "DLQ after {}",
                    plural(queue.max_receive_count, "receive", "receives")
                ),
            ];
            let node = self.node(&[key, "queue", &queue.name], NodeKind::Queue, label);
            queues.insert(queue.name.as_str(), node.id.clone());
            queue_nodes.push(node);
        }
        // Listed in the order messages travel: topics, queues, workers.
        let mut nodes = Vec::new();
        let mut fed = BTreeSet::new();
        for topic in &messaging.topics {
            let label = vec![format!("SNS {}", topic.name)];
            let node = self.node(&[key, "topic", &topic.name], NodeKind::Topic, label);
            if let Some(app) = app {
                self.edge(app, &node.id, Some("publish"), EdgeKind::Message);
            }
            for subscriber in &topic.subscribers {
                if let Some(queue) = queues.get(subscriber.as_str()) {
                    self.edge(&node.id, queue, None, EdgeKind::Message);
                    fed.insert(subscriber.as_str());
                }
            }
            nodes.push(node);
        }
        for queue in &messaging.queues {
            if let (false, Some(app), Some(id)) = (
                fed.contains(queue.name.as_str()),
                app,
                queues.get(queue.name.as_str()),
            ) {
                self.edge(app, id, Some("send"), EdgeKind::Message);
            }
        }
        nodes.append(&mut queue_nodes);
        for worker in &messaging.workers {
            let mut run = format!("batch {}", worker.batch_size);
            if let Some(n) = worker.reserved_concurrency {
                run.push_str(&format!(", concurrency {n}"));
            }
            let label = vec![
                format!("Lambda {}", worker.name),
                format!("{}, {} MiB", worker.runtime, worker.memory_mb),
                run,
            ];
            let node = self.node(&[key, "fn", &worker.name], NodeKind::Function, label);
            if let Some(queue) = queues.get(worker.queue.as_str()) {
                self.edge(queue, &node.id, None, EdgeKind::Message);
            }
            nodes.push(node);
        }
        nodes
    }
}

const MERMAID: &str = "diagram.mmd";
const DOT: &str = "diagram.dot";

/// Render a diagram as a Mermaid flowchart.
pub fn mermaid(d: &Diagram) -> Result<String, DiagramError> {
    render(MERMAID, include_str!("../../templates/diagram.mmd.j2"), d)
}

/// Render a diagram as a Graphviz digraph.
pub fn dot(d: &Diagram) -> Result<String, DiagramError> {
    render(DOT, include_str!("../../templates/diagram.dot.j2"), d)
}

fn render(name: &'static str, source: &str, d: &Diagram) -> Result<String, DiagramError> {
    let fail = |e: minijinja::Error| DiagramError::Render {
        template: name,
        message: e.to_string(),
    };
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // `label | mermaid` joins lines with a line break; `label | mermaid(" · ")` with text.
    env.add_filter("mermaid", |v: Value, join: Option<String>| {
        text(&v, join.as_deref().unwrap_or("<br/>"), mermaid_escape)
    });
    env.add_filter("mermaid_title", |v: Value| text(&v, " ", mermaid_title));
    env.add_filter("dot", |v: Value| text(&v, "\\n", dot_escape));
    env.add_template(name, source).map_err(fail)?;
    let template = env.get_template(name).map_err(fail)?;
    let context = minijinja::context! {
        title => &d.title,
        nodes => &d.nodes,
        groups => &d.groups,
        edges => &d.edges,
        anchors => anchors(d),
        loose => loose(d),
        multi_region => d.groups.iter().filter(|g| g.kind == GroupKind::Region).count() > 1,
    };
    let mut out = template.render(context).map_err(fail)?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// For each group, a node inside it (Graphviz draws an edge to a cluster as an edge to one
/// of its nodes, clipped at the cluster's border).
fn anchors(d: &Diagram) -> BTreeMap<String, String> {
    fn first(group: &Group) -> Option<&str> {
        group
            .nodes
            .first()
            .map(|n| n.id.as_str())
            .or_else(|| group.groups.iter().find_map(first))
    }
    fn walk(groups: &[Group], out: &mut BTreeMap<String, String>) {
        for group in groups {
            if let Some(node) = first(group) {
                out.insert(group.id.clone(), node.to_string());
            }
            walk(&group.groups, out);
        }
    }
    let mut out = BTreeMap::new();
    walk(&d.groups, &mut out);
    out
}

/// Groups of two or more nodes, none of which an edge names (edges reach the group):
/// the templates line these nodes up across the flow.
fn loose(d: &Diagram) -> BTreeSet<String> {
    let linked: BTreeSet<&str> = d
        .edges
        .iter()
        .flat_map(|e| [e.from.as_str(), e.to.as_str()])
        .collect();
    fn walk(groups: &[Group], linked: &BTreeSet<&str>, out: &mut BTreeSet<String>) {
        for group in groups {
            if group.nodes.len() >= 2 && group.nodes.iter().all(|n| !linked.contains(&*n.id)) {
                out.insert(group.id.clone());
            }
            walk(&group.groups, linked, out);
        }
    }
    let mut out = BTreeSet::new();
    walk(&d.groups, &linked, &mut out);
    out
}

/// A label (a string, or a list of lines) escaped line by line and joined.
fn text(value: &Value, join: &str, escape: fn(&str) -> String) -> String {
    if let Some(s) = value.as_str() {
        return escape(s);
    }
    match value.try_iter() {
        Ok(items) => items
            .map(|item| escape(item.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(join),
        Err(_) => escape(&value.to_string()),
    }
}

/// Text safe inside a double-quoted Mermaid label: the characters Mermaid reads as syntax
/// or HTML become entity codes (`#quot;`), line breaks become spaces.
fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text for a Mermaid front-matter title (YAML-quoted by the template). Mermaid 11 shows
/// a title's `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;` and decodes no entity codes
/// there, so those three become look-alikes.
fn mermaid_title(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => '＆',
            '<' => '‹',
            '>' => '›',
            '\n' | '\r' | '\t' => ' ',
            c => c,
        })
        .collect()
}

/// Text safe inside a double-quoted DOT string: backslashes and quotes escaped, line
/// breaks as spaces.
fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_numbers_compress_to_ranges() {
        assert_eq!(ranges(&[0, 1]), "0–1");
        assert_eq!(ranges(&[0, 3, 4, 5, 9]), "0, 3–5, 9");
        assert_eq!(ranges(&[]), "");
    }

    #[test]
    fn labels_are_escaped_for_each_syntax() {
        assert_eq!(
            mermaid_escape("a \"b\" <c> & #d | `e`\nf"),
            "a #quot;b#quot; #lt;c#gt; #amp; #35;d #124; #96;e#96; f"
        );
        assert_eq!(dot_escape("a \"b\" \\n"), "a \\\"b\\\" \\\\n");
        assert_eq!(mermaid_title("a & <b>\n"), "a ＆ ‹b› ");
    }
}
