//! The architecture in a few lines of text, for terminals: the path a request takes, tier by
//! tier, per region, with each region's shards counted from the synthesized stacks. (`graph`
//! draws the same picture as Mermaid or DOT.)

use crate::capacity::count;
use crate::stage::{Routing, Stage, WebMode};
use crate::synth::StackTemplate;

/// One line for the request path, one for data, one for async work; per region for a
/// multi-region stage.
pub fn lines(stage: &Stage, stacks: &[StackTemplate]) -> Vec<String> {
    let mut out = Vec::new();
    let mut front = vec!["users".to_string()];
    if let Some(dns) = &stage.dns {
        let routing = match dns.routing {
            Routing::Simple => "",
            Routing::Latency => ", latency routing",
            Routing::Failover => ", failover routing",
        };
        front.push(format!("Route 53 {}.{}{routing}", dns.record, dns.zone));
    }
    let regions: Vec<String> = if stage.regions.is_empty() {
        vec![stage.network.region.clone()]
    } else {
        stage.regions.iter().map(|r| r.name.clone()).collect()
    };
    if stage.edge.is_some() {
        out.push("users -> CloudFront (static assets) -> S3 static bucket".to_string());
    }
    let web = &stage.compute.web;
    let mut app = match web.mode {
        WebMode::Single => format!(
            "1 x {}{}",
            web.instance_type,
            if web.runs_database {
                " (web + database)"
            } else {
                ""
            }
        ),
        WebMode::Fleet => format!(
            "{} x {}{}",
            if web.min == web.max {
                web.min.to_string()
            } else {
                format!("{}-{}", web.min, web.max)
            },
            web.instance_type,
            if web.spot.is_some() {
                " (Spot mix)"
            } else {
                ""
            }
        ),
    };
    if !stage.compute.services.is_empty() {
        let services: Vec<String> = stage
            .compute
            .services
            .iter()
            .map(|s| format!("{} {}", s.name, s.path))
            .collect();
        app.push_str(&format!(" + Fargate {}", services.join(", ")));
    }
    let entry = if stage.load_balancer.is_some() {
        "ALB -> "
    } else {
        ""
    };
    let mut data = Vec::new();
    if let Some(cache) = &stage.cache {
        let nodes = cache.shards * (1 + cache.replicas_per_shard);
        data.push(format!(
            "{:?} cache {} x {}",
            cache.engine, nodes, cache.node_type
        ));
    }
    if let Some(db) = &stage.data.database {
        data.push(format!(
            "RDS {} {}{}{}",
            db.engine.cfn_name(),
            db.instance_class,
            if db.multi_az { " Multi-AZ" } else { "" },
            match (db.shards, db.read_replicas) {
                (1, 0) => String::new(),
                (1, r) => format!(" + {r} replica{}", if r == 1 { "" } else { "s" }),
                (s, r) => format!(
                    ", {s} shards by {}{}{}",
                    db.shard_key,
                    if r > 0 {
                        format!(" x (primary + {r})")
                    } else {
                        String::new()
                    },
                    if regions.len() > 1 {
                        ", each region homing its own"
                    } else {
                        ""
                    }
                ),
            }
        ));
    }
    if !stage.data.tables.is_empty() {
        let names: Vec<&str> = stage.data.tables.iter().map(|t| t.name.as_str()).collect();
        data.push(format!("DynamoDB {}", names.join(", ")));
    }
    if stage.data.objects.is_some() {
        data.push("S3 user data".to_string());
    }
    if regions.len() == 1 {
        out.push(format!("{} -> {entry}{app}", front.join(" -> ")));
    } else {
        out.push(format!(
            "{} -> the nearest of {} regions, each:",
            front.join(" -> "),
            regions.len()
        ));
        for region in &regions {
            // Shards are only worth naming where there is a database to shard.
            let shards: usize = stacks
                .iter()
                .filter(|s| &s.region == region)
                .map(|s| s.primary_shards().len())
                .sum();
            let home = if stage.data.database.is_none() {
                String::new()
            } else {
                format!(
                    " ({} shard{})",
                    count(shards as f64),
                    if shards == 1 { "" } else { "s" }
                )
            };
            out.push(format!("  {region}{home}: {entry}{app}"));
        }
    }
    if !data.is_empty() {
        out.push(format!("  data: {}", data.join(" | ")));
    }
    if let Some(m) = &stage.messaging {
        let mut parts = Vec::new();
        if !m.topics.is_empty() {
            let names: Vec<&str> = m.topics.iter().map(|t| t.name.as_str()).collect();
            parts.push(format!("SNS {}", names.join(", ")));
        }
        if !m.queues.is_empty() {
            let names: Vec<&str> = m.queues.iter().map(|q| q.name.as_str()).collect();
            parts.push(format!("SQS {} (+ dead-letter queues)", names.join(", ")));
        }
        if !m.workers.is_empty() {
            let names: Vec<&str> = m.workers.iter().map(|w| w.name.as_str()).collect();
            parts.push(format!("Lambda {}", names.join(", ")));
        }
        out.push(format!("  async: {}", parts.join(" -> ")));
    }
    out
}
