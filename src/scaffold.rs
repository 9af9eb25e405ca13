//! The text of a scaffold (`scalectl init`): a stage file that extends a built-in stage
//! with the team's name, region and sizes, the inherited values as commented fields, and the
//! team's own application and the escape hatches commented out. Pure: the stages come in,
//! the text goes out.

use crate::stage::Stage;
use serde::Serialize;

/// The schema file written beside scaffolds.
pub const SCHEMA_FILE: &str = "stage.schema.json";

/// What the team asked for.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The stage's name.
    pub name: &'a str,
    /// The built-in stage it extends.
    pub from: &'a str,
    /// The region, when given.
    pub region: Option<&'a str>,
    /// Whether the load was given (`--users`), and with it its concurrency and rate.
    pub users_given: bool,
    /// Whether the peak concurrency was given.
    pub concurrency_given: bool,
    /// Whether the request rate was given.
    pub rpm_given: bool,
    /// The `recommend` flags that repeat the sizing (empty when not sized).
    pub recommend: String,
}

/// The scaffold of `base` (the built-in stage) as sized into `sized`, for `request`; its file
/// name is `<name>.yaml`.
pub fn render(
    base: &Stage,
    sized: &Stage,
    request: &Request<'_>,
) -> Result<String, minijinja::Error> {
    let context = Context {
        name: request.name,
        from: request.from,
        from_title: &base.title,
        title: scalar(&format!(
            "{} ({} on {})",
            request.name, base.title, request.from
        )),
        file: format!("{}.yaml", request.name),
        schema_file: SCHEMA_FILE,
        sized: request.users_given,
        name_yaml: scalar(request.name),
        recommend: request.recommend.clone(),
        lines: lines(&fields(base, sized, request)),
    };
    render_context(&context)
}

/// One line of the scaffold's body: a key, maybe a value, active or commented out.
struct Field {
    depth: usize,
    key: &'static str,
    value: Option<String>,
    active: bool,
    note: &'static str,
}

impl Field {
    fn section(depth: usize, key: &'static str) -> Self {
        Field {
            depth,
            key,
            value: None,
            active: false,
            note: "",
        }
    }

    fn value(depth: usize, key: &'static str, value: impl ToString, active: bool) -> Self {
        Field {
            depth,
            key,
            value: Some(value.to_string()),
            active,
            note: "",
        }
    }

    /// A list entry (`- {value}`), commented out.
    fn item(depth: usize, value: String) -> Self {
        Field {
            depth,
            key: "",
            value: Some(value),
            active: false,
            note: "",
        }
    }

    fn note(mut self, note: &'static str) -> Self {
        self.note = note;
        self
    }
}

/// A YAML scalar for a string: quoted unless it starts with a letter, holds only letters,
/// digits and `-_./`, and is none of the words YAML reads as a boolean or null in any case
/// (`True`, `NULL`, `off`). Digits first (`10.0.0.0/16`, `0x1F`, `1-5`) are always quoted.
fn scalar(s: &str) -> String {
    let reserved = ["true", "false", "yes", "no", "null", "on", "off", "y", "n"];
    let plain = s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        && !reserved.contains(&s.to_ascii_lowercase().as_str());
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// The fields of the scaffold, from the built-in stage (and its sized copy).
fn fields(base: &Stage, sized: &Stage, args: &Request<'_>) -> Vec<Field> {
    let mut f = Vec::new();
    let differs = |a: u32, b: u32| a != b;
    f.push(Field::section(0, "network"));
    let region = args
        .region
        .map_or_else(|| sized.network.region.clone(), str::to_string);
    f.push(Field::value(
        1,
        "region",
        scalar(&region),
        args.region.is_some(),
    ));
    f.push(Field::value(
        1,
        "vpc_cidr",
        scalar(&base.network.vpc_cidr),
        false,
    ));
    f.push(Field::value(
        1,
        "availability_zones",
        base.network.availability_zones.count(),
        false,
    ));
    f.push(Field::section(0, "compute"));
    f.push(Field::section(1, "web"));
    let (w, sw) = (&base.compute.web, &sized.compute.web);
    f.push(Field::value(
        2,
        "instance_type",
        scalar(&w.instance_type),
        false,
    ));
    f.push(Field::value(2, "min", sw.min, differs(w.min, sw.min)));
    f.push(Field::value(
        2,
        "desired",
        sw.desired,
        differs(w.desired, sw.desired),
    ));
    f.push(Field::value(2, "max", sw.max, differs(w.max, sw.max)));
    application(base, &mut f);
    if let (Some(db), Some(sdb)) = (&base.data.database, &sized.data.database) {
        f.push(Field::section(0, "data"));
        f.push(Field::section(1, "database"));
        f.push(Field::value(
            2,
            "instance_class",
            scalar(&db.instance_class),
            false,
        ));
        f.push(Field::value(2, "storage_gb", db.storage_gb, false));
        f.push(Field::value(2, "multi_az", db.multi_az, false));
        f.push(Field::value(
            2,
            "read_replicas",
            sdb.read_replicas,
            differs(db.read_replicas, sdb.read_replicas),
        ));
        f.push(Field::value(
            2,
            "shards",
            sdb.shards,
            differs(db.shards, sdb.shards),
        ));
    }
    if let (Some(c), Some(sc)) = (&base.cache, &sized.cache) {
        f.push(Field::section(0, "cache"));
        f.push(Field::value(1, "node_type", scalar(&c.node_type), false));
        f.push(Field::value(
            1,
            "shards",
            sc.shards,
            differs(c.shards, sc.shards),
        ));
        f.push(Field::value(
            1,
            "replicas_per_shard",
            sc.replicas_per_shard,
            differs(c.replicas_per_shard, sc.replicas_per_shard),
        ));
    }
    if let Some(dns) = &base.dns {
        f.push(Field::section(0, "dns"));
        f.push(Field::value(1, "zone", scalar(&dns.zone), true).note("your Route 53 hosted zone"));
        f.push(Field::value(1, "record", scalar(args.name), true));
    }
    f.push(Field::section(0, "tags"));
    f.push(Field::value(1, "project", scalar(args.name), true));
    f.push(Field::section(0, "capacity"));
    let users = sized.capacity.as_ref().map(|c| c.users.to_string());
    f.push(
        Field::value(
            1,
            "users",
            users.unwrap_or_else(|| "1k".to_string()),
            args.users_given,
        )
        .note("the load the stage is sized for; `scalectl plan` checks it"),
    );
    let (concurrency, rpm) = sized.capacity.as_ref().map_or_else(
        || ("5%".to_string(), "1-5".to_string()),
        |c| {
            (
                c.peak_concurrency.to_string(),
                c.requests_per_minute.to_string(),
            )
        },
    );
    f.push(Field::value(
        1,
        "peak_concurrency",
        scalar(&concurrency),
        args.concurrency_given,
    ));
    f.push(Field::value(
        1,
        "requests_per_minute",
        scalar(&rpm),
        args.rpm_given,
    ));
    f
}

/// The team's own application, commented out (README: Running your application): the web
/// tier's image, bootstrap and settings; each service with its command, environment and
/// rollout; each worker with its code from a directory.
fn application(base: &Stage, f: &mut Vec<Field>) {
    f.push(
        Field::value(2, "image", "ami-0123456789abcdef0", false)
            .note("your AMI, or an SSM parameter path such as /shop/web/ami"),
    );
    f.push(
        Field::value(2, "bootstrap", scalar("systemctl enable --now app"), false)
            .note("your script, run after scalectl's setup"),
    );
    f.push(
        Field::value(
            2,
            "settings",
            "{LOG_LEVEL: info, DB_PASSWORD: {secret: prod/app/db, key: password}}",
            false,
        )
        .note("plain values, or read at boot"),
    );
    if !base.compute.services.is_empty() {
        f.push(
            Field::section(1, "services").note("the list replaces the stage's: keep every service"),
        );
        for (i, service) in base.compute.services.iter().enumerate() {
            // The first shows a canary rollout, the others blue/green.
            let rollout = if i == 0 {
                serde_json::json!({"strategy": "canary", "canary_percent": 10, "canary_bake_minutes": 15})
            } else {
                serde_json::json!({"strategy": "blue_green", "bake_minutes": 10})
            };
            let mut entry = serde_json::to_value(service).unwrap_or_default();
            entry["command"] = serde_json::json!(["bin/server"]);
            entry["environment"] = serde_json::json!({"LOG_LEVEL": "info"});
            entry["rollout"] = rollout;
            f.push(Field::item(2, flow(&entry)));
        }
    }
    let workers = base
        .messaging
        .as_ref()
        .map(|m| m.workers.as_slice())
        .unwrap_or_default();
    if !workers.is_empty() {
        f.push(Field::section(0, "messaging"));
        f.push(
            Field::section(1, "workers").note("the list replaces the stage's: keep every worker"),
        );
        for worker in workers {
            let mut entry = serde_json::to_value(worker).unwrap_or_default();
            entry["code"] = serde_json::json!({"path": format!("workers/{}", worker.name), "handler": "app.handler"});
            f.push(Field::item(2, flow(&entry)));
        }
    }
}

/// A value in YAML's flow style on one line (`{name: orders, port: 80}`).
fn flow(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", scalar(k), flow(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(flow).collect();
            format!("[{}]", items.join(", "))
        }
        Value::String(s) => scalar(s),
        other => other.to_string(),
    }
}

/// Render fields: a section is active when any field under it is.
fn lines(fields: &[Field]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        let active = if field.value.is_some() {
            field.active
        } else {
            fields[i + 1..]
                .iter()
                .take_while(|f| f.depth > field.depth)
                .any(|f| f.active)
        };
        let indent = "  ".repeat(field.depth);
        let body = match &field.value {
            Some(v) if field.key.is_empty() => format!("- {v}"),
            Some(v) => format!("{}: {v}", field.key),
            None => format!("{}:", field.key),
        };
        let note = if field.note.is_empty() {
            String::new()
        } else {
            format!("  # {}", field.note)
        };
        out.push(if active {
            format!("{indent}{body}{note}")
        } else {
            format!("{indent}# {body}{note}")
        });
    }
    out
}

/// What the template is filled with.
#[derive(Serialize)]
struct Context<'a> {
    name: &'a str,
    from: &'a str,
    from_title: &'a str,
    title: String,
    file: String,
    schema_file: &'static str,
    sized: bool,
    /// The name as a YAML scalar.
    name_yaml: String,
    /// The `recommend` arguments that explain the sizes.
    recommend: String,
    lines: Vec<String>,
}

fn render_context(context: &Context<'_>) -> Result<String, minijinja::Error> {
    let mut env = minijinja::Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // YAML is written as is (minijinja would JSON-escape a .yaml template by default).
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.add_template("init.yaml", include_str!("../templates/init.yaml.j2"))?;
    env.get_template("init.yaml")?
        .render(minijinja::Value::from_serialize(context))
}
