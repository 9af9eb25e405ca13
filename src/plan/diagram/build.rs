//! Building the diagram of a stage from what synthesis made of it: every node stands for
//! resources of the synthesized stacks (a region's load balancer and the listener it answers
//! on, its services, cache, database shards and the stacks holding them, tables, bucket,
//! topics, queues and workers; the stack holding the global parts), and is drawn only where
//! a stack has them. The web tier is drawn by the stage's mode (a box or a fleet), which
//! every stack synthesis makes has. The labels name the stage values those resources were
//! built from.

use super::{Diagram, Edge, EdgeKind, Group, GroupKind, Node, NodeKind};
use crate::catalog;
use crate::stage::{CacheEngine, Engine, Stage, Table, WebMode};
use crate::synth::StackTemplate;
use std::collections::{BTreeMap, BTreeSet};

/// Draw a stage's architecture from its synthesized `stacks`.
pub fn architecture(stage: &Stage, stacks: &[StackTemplate]) -> Diagram {
    let mut b = Builder {
        stage,
        stacks,
        ids: BTreeSet::new(),
        edges: Vec::new(),
    };
    let regions = regions(stage);
    let multi = regions.len() >= 2;
    let total = u32::try_from(
        stacks
            .iter()
            .map(|s| s.primary_shards().len())
            .sum::<usize>(),
    )
    .unwrap_or(u32::MAX);
    let client = b.node(&["client"], NodeKind::Client, vec!["Users".to_string()]);
    let client_id = client.id.clone();
    let mut top = vec![client];

    // What the regions share, in a group of its own when there are several, else top level
    // (Route 53 and CloudFront are global services; the first region's stack holds them
    // and the global tables, and every region's stack its own routed record).
    let mut global = Vec::new();
    // The site's record as synthesized: its routing (simple, latency, failover) and target.
    let site_record = stacks
        .iter()
        .find_map(|s| s.template.resources.get("SiteRecord"));
    let dns = stage
        .dns
        .as_ref()
        .zip(site_record)
        .map(|(dns, record)| b.node(&["dns"], NodeKind::Dns, dns_label(dns, record)));
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
    for (code, cidr) in &regions {
        let mut here: Vec<u32> = stacks
            .iter()
            .filter(|s| s.region == *code)
            .flat_map(StackTemplate::primary_shards)
            .collect();
        here.sort_unstable();
        let mark = b.edges.len();
        let parts = b.region(code, cidr, &here, total);
        let inside = b.edges.split_off(mark);
        let mut group = parts.group;
        group.nodes.extend(static_bucket.take());
        // How requests enter the region, listed before what happens inside it.
        match (&parts.alb, &dns_id) {
            (Some(alb), Some(dns)) => {
                // A failover record says which region is primary.
                let failover = stacks
                    .iter()
                    .filter(|s| s.region == *code)
                    .find_map(|s| s.template.resources.get("SiteRecord"))
                    .and_then(|r| r.properties.get("Failover"))
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_ascii_lowercase);
                b.edge(dns, alb, failover.as_deref(), EdgeKind::Traffic);
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
            label: vec!["global".to_string(), global_stack_line(stacks)],
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

/// Which stack holds what the regions share (the CDN, the global tables): the first that
/// has any of them.
fn global_stack_line(stacks: &[StackTemplate]) -> String {
    let shared = [
        "AWS::CloudFront::Distribution",
        "AWS::DynamoDB::GlobalTable",
        "AWS::Route53::HealthCheck",
    ];
    let holder = stacks
        .iter()
        .find(|s| {
            s.template
                .resources
                .values()
                .any(|r| shared.contains(&r.resource_type.as_str()))
        })
        .or(stacks.first());
    format!(
        "held by the {} stack",
        holder.map_or("", |s| s.region.as_str())
    )
}

/// The replicas the synthesized global table `name` has.
fn global_replicas(stacks: &[StackTemplate], name: &str) -> Option<usize> {
    let id = crate::cfn::LogicalId::new([name, "Table"]);
    stacks.iter().find_map(|s| {
        s.template
            .resources
            .get(id.as_str())?
            .properties
            .get("Replicas")?
            .as_array()
            .map(Vec::len)
    })
}

/// True when a stack of `region` has a resource of this type.
fn region_has(stacks: &[StackTemplate], region: &str, resource_type: &str) -> bool {
    stacks.iter().filter(|s| s.region == region).any(|s| {
        s.template
            .resources
            .values()
            .any(|r| r.resource_type.as_str() == resource_type)
    })
}

/// True when a stack of `region` has the resource synthesis names from these parts
/// (`["orders", "Service"]` -> `OrdersService`).
fn region_built(stacks: &[StackTemplate], region: &str, parts: &[&str]) -> bool {
    region_has_id(
        stacks,
        region,
        crate::cfn::LogicalId::new(parts.iter().copied()).as_str(),
    )
}

/// True when a stack of `region` has a resource of this logical ID.
fn region_has_id(stacks: &[StackTemplate], region: &str, id: &str) -> bool {
    stacks
        .iter()
        .filter(|s| s.region == region)
        .any(|s| s.template.resources.contains_key(id))
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

/// The DNS node's label: the name, and how the synthesized record routes.
fn dns_label(dns: &crate::stage::Dns, record: &crate::cfn::template::Resource) -> Vec<String> {
    let zone = dns.zone.trim_end_matches('.');
    let fqdn = if dns.record.is_empty() || dns.record == "@" {
        zone.to_string()
    } else {
        format!("{}.{zone}", dns.record)
    };
    let has = |key: &str| record.properties.get(key).is_some_and(|v| !v.is_null());
    let how = if has("Failover") {
        "failover, health-checked"
    } else if has("Region") {
        "latency, health-checked"
    } else if has("AliasTarget") {
        "A alias → load balancer"
    } else {
        "A record → Elastic IP"
    };
    vec!["Route 53".to_string(), fqdn, how.to_string()]
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
    stacks: &'a [StackTemplate],
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
        let global_built = |name: &str| {
            self.stacks.iter().any(|s| {
                s.template
                    .resources
                    .get(crate::cfn::LogicalId::new([name, "Table"]).as_str())
                    .is_some_and(|r| r.resource_type == "AWS::DynamoDB::GlobalTable")
            })
        };
        for table in stage
            .data
            .tables
            .iter()
            .filter(|t| t.global && global_built(&t.name))
        {
            let label = vec![
                format!("DynamoDB {}", table.name),
                format!("{}-{}", stage.name, table.name),
                keys(table),
                format!(
                    "replica in each of {} regions",
                    global_replicas(self.stacks, &table.name).unwrap_or(regions.len())
                ),
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
        let stacks = self.stacks;
        let balanced = region_has(stacks, code, "AWS::ElasticLoadBalancingV2::LoadBalancer");
        let alb = balanced.then(|| {
            let listener = if region_has_id(stacks, code, "HttpsListener") {
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
                let node = self.node(&[key, "web"], NodeKind::Fleet, self.fleet_label(key));
                let id = node.id.clone();
                if let Some(alb) = alb {
                    let label = (!stage.compute.services.is_empty()).then_some("default");
                    self.edge(alb, &id, label, EdgeKind::Traffic);
                }
                nodes.push(node);
                id
            }
        };
        let built: Vec<_> = stage
            .compute
            .services
            .iter()
            .filter(|s| region_built(self.stacks, key, &[&s.name, "Service"]))
            .collect();
        for service in built {
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

    /// The web fleet as its region's synthesized Auto Scaling group has it: sizes, the
    /// Spot mix (instance types and the On-Demand share), and the scaling targets.
    fn fleet_label(&self, region: &str) -> Vec<String> {
        let stage = self.stage;
        let web = &stage.compute.web;
        let group = self
            .stacks
            .iter()
            .filter(|s| s.region == region)
            .find_map(|s| s.template.resources.get("WebAutoScalingGroup"))
            .map(|r| &r.properties);
        let number = |key: &str| -> Option<u64> {
            match group?.get(key)? {
                serde_json::Value::String(s) => s.parse().ok(),
                other => other.as_u64(),
            }
        };
        let (min, max) = (
            number("MinSize").unwrap_or(u64::from(web.min)),
            number("MaxSize").unwrap_or(u64::from(web.max)),
        );
        let size = if min == max {
            format!("{min} × {}", web.instance_type)
        } else {
            format!("{min}–{max} × {}", web.instance_type)
        };
        let mut label = vec!["EC2 Auto Scaling group".to_string(), size];
        if u64::from(web.desired) != min {
            label.push(format!("desired {}", web.desired));
        }
        let mixed = group.and_then(|g| g.get("MixedInstancesPolicy"));
        if let Some(mixed) = mixed {
            let types = mixed
                .pointer("/LaunchTemplate/Overrides")
                .and_then(serde_json::Value::as_array)
                .map_or(1, Vec::len);
            let share = |key: &str| {
                mixed
                    .pointer(&format!("/InstancesDistribution/{key}"))
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(0)
            };
            label.push(format!("Spot over {types} types"));
            label.push(format!(
                "On-Demand base {} + {}%",
                share("OnDemandBaseCapacity"),
                share("OnDemandPercentageAboveBaseCapacity")
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
        } else if min == max {
            label.push("fixed size".to_string());
        }
        label
    }

    /// The region's data stores: cache, the shards homed here, regional tables, the bucket.
    fn data(&mut self, key: &str, shards: &[u32], total: u32, multi: bool) -> Vec<Node> {
        let stage = self.stage;
        let mut nodes = Vec::new();
        let cached = region_has(self.stacks, key, "AWS::ElastiCache::ReplicationGroup");
        if let Some(cache) = stage.cache.as_ref().filter(|_| cached) {
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
            let stacks = self
                .stacks
                .iter()
                .filter(|s| s.region == key && !s.primary_shards().is_empty())
                .count();
            if stacks > 1 {
                label.push(format!("in {stacks} stacks"));
            }
            nodes.push(self.node(&[key, "db"], NodeKind::Database, label));
        }
        let stacks = self.stacks;
        for table in stage
            .data
            .tables
            .iter()
            .filter(|t| !(multi && t.global) && region_built(stacks, key, &[&t.name, "Table"]))
        {
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
        let objects = stage
            .data
            .objects
            .as_ref()
            .filter(|_| region_has_id(stacks, key, "ObjectsBucket"));
        if let Some(objects) = objects {
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
        let stacks = self.stacks;
        let built = |name: &str, kind: &str| region_built(stacks, key, &[name, kind]);
        let mut queue_nodes = Vec::new();
        let mut queues = BTreeMap::new();
        for queue in messaging.queues.iter().filter(|q| built(&q.name, "Queue")) {
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
        for topic in messaging.topics.iter().filter(|t| built(&t.name, "Topic")) {
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
        for worker in messaging
            .workers
            .iter()
            .filter(|w| built(&w.name, "Function"))
        {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_numbers_compress_to_ranges() {
        assert_eq!(ranges(&[0, 1]), "0–1");
        assert_eq!(ranges(&[0, 3, 4, 5, 9]), "0, 3–5, 9");
        assert_eq!(ranges(&[]), "");
    }
}
