//! The architecture diagram of the golden paths: Mermaid and DOT snapshots, and what every
//! diagram must hold (a group per region, no dangling edge, safe labels).

#![allow(clippy::panic)] // a stage that does not synthesize fails the test loudly

mod support;

use scalectl::commands::FsReader;
use scalectl::plan::diagram::{self, Diagram, Group, GroupKind, Node, NodeKind};
use scalectl::stage::{BUILTIN_STAGES, Routing, Stage, StageRef, load};
use std::collections::BTreeSet;
use support::snapshot_settings;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn stage(name: &str) -> Result<Stage> {
    load(&StageRef::Builtin(name.to_string()), &FsReader)
        .map(|loaded| loaded.stage)
        .map_err(|report| format!("{name} does not load:\n{report}").into())
}

/// The diagram of a stage, drawn from its synthesized stacks.
fn architecture(stage: &Stage) -> Diagram {
    let stacks = scalectl::synth::synthesize(stage).unwrap_or_else(|e| panic!("{e}"));
    diagram::architecture(stage, &stacks)
}

/// Every group, depth first.
fn groups(d: &Diagram) -> Vec<&Group> {
    fn walk<'a>(groups: &'a [Group], out: &mut Vec<&'a Group>) {
        for group in groups {
            out.push(group);
            walk(&group.groups, out);
        }
    }
    let mut out = Vec::new();
    walk(&d.groups, &mut out);
    out
}

/// Every node, in or out of groups.
fn nodes(d: &Diagram) -> Vec<&Node> {
    d.nodes
        .iter()
        .chain(groups(d).into_iter().flat_map(|g| g.nodes.iter()))
        .collect()
}

#[test]
fn mermaid_and_dot_match_their_snapshots() -> Result {
    for name in ["stage0", "stage3", "stage5", "stage7"] {
        let text = diagram::mermaid(&architecture(&stage(name)?))?;
        let snapshot = format!("diagram-{name}-mermaid");
        snapshot_settings().bind(|| insta::assert_snapshot!(snapshot, text));
    }
    let text = diagram::dot(&architecture(&stage("stage7")?))?;
    snapshot_settings().bind(|| insta::assert_snapshot!("diagram-stage7-dot", text));
    Ok(())
}

#[test]
fn every_golden_path_has_one_subgraph_per_region() -> Result {
    for builtin in BUILTIN_STAGES {
        let stage = stage(builtin.name)?;
        let text = diagram::mermaid(&architecture(&stage))?;
        let regions: Vec<&str> = text
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("subgraph r_"))
            .collect();
        let expected = if stage.regions.len() >= 2 {
            stage.regions.len()
        } else {
            1
        };
        assert_eq!(regions.len(), expected, "{}: {regions:?}", builtin.name);
        if builtin.name == "stage7" {
            assert_eq!(regions.len(), 3);
            for code in ["us_east_1", "eu_west_1", "ap_southeast_1"] {
                assert!(
                    regions.iter().any(|r| r.starts_with(code)),
                    "stage7 has no subgraph for {code}"
                );
            }
        }
    }
    Ok(())
}

#[test]
fn every_edge_joins_declared_nodes_or_groups() -> Result {
    for builtin in BUILTIN_STAGES {
        let d = architecture(&stage(builtin.name)?);
        let mut declared: BTreeSet<&str> = nodes(&d).iter().map(|n| n.id.as_str()).collect();
        let node_count = declared.len();
        declared.extend(groups(&d).iter().map(|g| g.id.as_str()));
        assert_eq!(
            declared.len(),
            node_count + groups(&d).len(),
            "{}: IDs are not unique",
            builtin.name
        );
        for edge in &d.edges {
            for end in [&edge.from, &edge.to] {
                assert!(
                    declared.contains(end.as_str()),
                    "{}: edge {edge:?} names `{end}`, which is not declared",
                    builtin.name
                );
            }
        }
        // The same in the Mermaid text: each edge line's ends are declared by a node or
        // subgraph line.
        let text = diagram::mermaid(&d)?;
        let mut mermaid_ids = BTreeSet::new();
        for line in text.lines().map(str::trim_start) {
            let head = line.split(['[', '(', '{', '>']).next().unwrap_or_default();
            let head = head.strip_prefix("subgraph ").unwrap_or(head);
            if !line.contains("--") && !line.contains("==") && !head.is_empty() {
                mermaid_ids.insert(head.to_string());
            }
        }
        let arrows = ["-->", "==>", "-.->"];
        let edge_lines = text.lines().map(str::trim_start).filter(|l| {
            l.split(' ')
                .nth(1)
                .is_some_and(|arrow| arrows.iter().any(|a| arrow.starts_with(a)))
        });
        let mut edges = 0;
        for line in edge_lines {
            edges += 1;
            let from = line.split(' ').next().unwrap_or_default();
            let to = line.rsplit(' ').next().unwrap_or_default();
            assert!(mermaid_ids.contains(from), "{}: `{line}`", builtin.name);
            assert!(mermaid_ids.contains(to), "{}: `{line}`", builtin.name);
        }
        assert_eq!(edges, d.edges.len(), "{}", builtin.name);
    }
    Ok(())
}

#[test]
fn stage0_has_no_load_balancer_and_its_database_on_the_box() -> Result {
    let d = architecture(&stage("stage0")?);
    assert!(
        nodes(&d)
            .iter()
            .all(|n| n.kind != NodeKind::LoadBalancer && n.kind != NodeKind::Cdn)
    );
    let Some(host) = groups(&d).into_iter().find(|g| g.kind == GroupKind::Host) else {
        return Err("stage0 draws no host for the single box".into());
    };
    let kinds: Vec<NodeKind> = host.nodes.iter().map(|n| n.kind).collect();
    assert_eq!(kinds, [NodeKind::Instance, NodeKind::Database]);
    assert!(host.label.iter().any(|l| l.contains("t3.medium")));
    // Later stages move the database off the box and put a load balancer in front.
    let d = architecture(&stage("stage2")?);
    assert!(groups(&d).iter().all(|g| g.kind != GroupKind::Host));
    assert!(nodes(&d).iter().any(|n| n.kind == NodeKind::LoadBalancer));
    Ok(())
}

#[test]
fn stage7_homes_four_shards_per_region_and_shares_the_global_tables() -> Result {
    let d = architecture(&stage("stage7")?);
    let regions: Vec<&Group> = d
        .groups
        .iter()
        .filter(|g| g.kind == GroupKind::Region)
        .collect();
    for (group, shards) in regions
        .iter()
        .zip(["shards 0–3 of 12", "4–7 of 12", "8–11 of 12"])
    {
        let databases: Vec<&Node> = nodes_in(group)
            .into_iter()
            .filter(|n| n.kind == NodeKind::Database)
            .collect();
        assert_eq!(databases.len(), 1, "{:?}", group.label);
        assert!(
            databases
                .iter()
                .any(|n| n.label.iter().any(|l| l.contains(shards))),
            "{:?}: {:?}",
            group.label,
            databases
        );
        assert!(
            nodes_in(group).iter().all(|n| n.kind != NodeKind::Table),
            "global tables are drawn once, in the global group"
        );
    }
    let Some(global) = d.groups.iter().find(|g| g.kind == GroupKind::Global) else {
        return Err("stage7 has no global group".into());
    };
    let tables = nodes_in(global)
        .into_iter()
        .filter(|n| n.kind == NodeKind::Table)
        .count();
    assert_eq!(tables, 2);
    assert!(nodes_in(global).iter().any(|n| n.kind == NodeKind::Dns));
    Ok(())
}

#[test]
fn failover_routing_names_the_primary_and_secondary_region() -> Result {
    let mut stage = stage("stage7")?;
    stage.regions.truncate(2);
    if let Some(dns) = stage.dns.as_mut() {
        dns.routing = Routing::Failover;
    }
    let d = architecture(&stage);
    let routes: Vec<(&str, Option<&str>)> = d
        .edges
        .iter()
        .filter(|e| e.from == "n_dns")
        .map(|e| (e.to.as_str(), e.label.as_deref()))
        .collect();
    assert_eq!(
        routes,
        [
            ("n_us_east_1_alb", Some("primary")),
            ("n_eu_west_1_alb", Some("secondary"))
        ]
    );
    let text = diagram::mermaid(&d)?;
    assert!(text.contains("shards 0–5 of 12") && text.contains("shards 6–11 of 12"));
    Ok(())
}

fn nodes_in(group: &Group) -> Vec<&Node> {
    group
        .nodes
        .iter()
        .chain(group.groups.iter().flat_map(nodes_in))
        .collect()
}

/// Double quotes not escaped with a backslash.
fn bare_quotes(line: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in line.chars() {
        match (c, escaped) {
            ('\\', false) => escaped = true,
            ('"', false) => count += 1,
            _ => escaped = false,
        }
    }
    count
}

/// stage7 with a name and a service that carry every character the syntaxes care about.
fn awkward_stage() -> Result<Stage> {
    let mut stage = stage("stage7")?;
    stage.name = "shop \"alpha\" <b>&#1|x`".to_string();
    let Some(service) = stage.compute.services.first_mut() else {
        return Err("stage7 has no services".into());
    };
    service.name = "ord\"ers".to_string();
    service.path = "/orders/*".to_string();
    Ok(stage)
}

#[test]
fn labels_with_quotes_and_paths_render_safely() -> Result {
    let d = architecture(&awkward_stage()?);

    let text = diagram::mermaid(&d)?;
    for line in text.lines().skip_while(|l| !l.starts_with("flowchart")) {
        assert_eq!(
            line.matches('"').count() % 2,
            0,
            "unbalanced quotes: {line}"
        );
        for raw in ["<b>", "&#1", "`"] {
            assert!(!line.contains(raw), "unescaped `{raw}`: {line}");
        }
    }
    assert!(text.contains("|\"/orders/*\"|"), "the path labels its edge");
    assert!(text.contains("ECS Fargate ord#quot;ers"));
    assert!(text.contains("shop #quot;alpha#quot; #lt;b#gt;#amp;#35;1#124;x#96;-events"));
    assert!(text.contains("title: \"shop \\\"alpha\\\" ‹b›＆#1|x`: multi-region sharded\""));
    assert!(
        text.contains(" n_us_east_1_svc_ord_ers("),
        "IDs keep to [a-z0-9_]"
    );

    let text = diagram::dot(&d)?;
    for line in text.lines() {
        assert_eq!(bare_quotes(line) % 2, 0, "unbalanced quotes: {line}");
    }
    assert!(text.contains("digraph \"shop \\\"alpha\\\" <b>&#1|x`: multi-region sharded\""));
    assert!(text.contains("label=\"/orders/*\""));
    Ok(())
}

/// The diagram is drawn from what synthesis built: a stage with a DNS zone gets a certificate
/// and an HTTPS listener, and its load balancer says so; without a zone it answers HTTP.
#[test]
fn the_load_balancer_label_follows_the_synthesized_listener() -> Result {
    let label = |stage: &Stage| -> String {
        let d = architecture(stage);
        nodes(&d)
            .into_iter()
            .find(|n| n.kind == NodeKind::LoadBalancer)
            .map(|n| n.label.join(" / "))
            .unwrap_or_default()
    };
    let mut with_zone = stage("stage3")?;
    assert!(
        label(&with_zone).contains("HTTPS :443"),
        "{}",
        label(&with_zone)
    );
    with_zone.dns = None;
    with_zone.edge = None;
    assert!(
        label(&with_zone).contains("HTTP :80"),
        "{}",
        label(&with_zone)
    );
    Ok(())
}

/// What the stacks lack is not drawn, whatever the stage says: the diagram follows the
/// synthesized resources (a service, a queue and its worker removed from the stack vanish
/// from the picture).
#[test]
fn nodes_follow_the_synthesized_resources() -> Result {
    let stage = stage("stage6")?;
    let mut stacks = scalectl::synth::synthesize(&stage)?;
    let labels = |stacks: &[scalectl::synth::StackTemplate]| -> Vec<String> {
        let d = diagram::architecture(&stage, stacks);
        nodes(&d).into_iter().map(|n| n.label[0].clone()).collect()
    };
    let before = labels(&stacks);
    for label in ["ECS Fargate orders", "SQS notifications", "Lambda notifier"] {
        assert!(before.iter().any(|l| l == label), "{label} in {before:?}");
    }
    for id in ["OrdersService", "NotificationsQueue", "NotifierFunction"] {
        stacks[0].template.resources.remove(id);
    }
    let after = labels(&stacks);
    for label in ["ECS Fargate orders", "SQS notifications", "Lambda notifier"] {
        assert!(
            !after.iter().any(|l| l == label),
            "{label} still in {after:?}"
        );
    }
    assert!(
        after.iter().any(|l| l == "ECS Fargate catalog"),
        "{after:?}"
    );
    Ok(())
}
