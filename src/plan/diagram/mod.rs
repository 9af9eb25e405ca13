//! The architecture diagram of a stage: what synthesis builds, as boxes and arrows.
//!
//! [`architecture`] reads the typed stage (after `extends:` is resolved) by the rules
//! [`crate::synth`] follows: one group per region with that region's copy of the stack and
//! the database shards [`placement::place`] homes there, and, for a multi-region stage, a
//! global group with what the regions share (the Route 53 name, CloudFront and its bucket,
//! DynamoDB global tables; the first region's stack holds them). CloudFront's only origin is the static bucket, so
//! clients reach it beside the load balancer, not through it. [`mermaid`] and [`dot`]
//! render a diagram through the templates in `templates/`.

use minijinja::{AutoEscape, Environment, Value};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod build;
pub use build::architecture;

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
    /// What the regions share.
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

const MERMAID: &str = "diagram.mmd";
const DOT: &str = "diagram.dot";

/// Render a diagram as a Mermaid flowchart.
pub fn mermaid(d: &Diagram) -> Result<String, DiagramError> {
    render(
        MERMAID,
        include_str!("../../../templates/diagram.mmd.j2"),
        d,
    )
}

/// Render a diagram as a Graphviz digraph.
pub fn dot(d: &Diagram) -> Result<String, DiagramError> {
    render(DOT, include_str!("../../../templates/diagram.dot.j2"), d)
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
    fn labels_are_escaped_for_each_syntax() {
        assert_eq!(
            mermaid_escape("a \"b\" <c> & #d | `e`\nf"),
            "a #quot;b#quot; #lt;c#gt; #amp; #35;d #124; #96;e#96; f"
        );
        assert_eq!(dot_escape("a \"b\" \\n"), "a \\\"b\\\" \\\\n");
        assert_eq!(mermaid_title("a & <b>\n"), "a ＆ ‹b› ");
    }
}
