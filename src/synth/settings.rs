//! What the application is told: one setting for every data store, queue and topic its role
//! is granted (see `iam::app_access`), so that what it may use and what it knows of agree. The
//! web tier gets them in `/etc/scalectl-app.env`, container services as task environment.
//! Secrets stay in Secrets Manager: only their ARNs are settings.

use super::context::{Ctx, SHARD_MAP, att, r};
use crate::cfn::{Value, lit};

/// How a setting's value is written.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingValue {
    /// Text that CloudFormation's `Fn::Sub` completes with pseudo parameters only
    /// (`${AWS::Region}`), or a plain literal.
    Text(String),
    /// A value read from a resource (`Ref`, `Fn::GetAtt`, a join of them).
    Read(Value<String>),
}

/// One setting: an environment variable name and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// `DB_HOST`, `TABLE_EVENTS`, `QUEUE_ORDERS_URL`, ...
    pub name: String,
    /// Its value.
    pub value: SettingValue,
}

impl Setting {
    fn text(name: &str, text: impl Into<String>) -> Self {
        Setting {
            name: name.to_string(),
            value: SettingValue::Text(text.into()),
        }
    }

    fn read(name: impl Into<String>, value: Value<String>) -> Self {
        Setting {
            name: name.into(),
            value: SettingValue::Read(value),
        }
    }

    /// The name of the `Fn::Sub` variable a script uses for a read value: `DB_HOST` ->
    /// `DbHost`.
    pub fn variable(&self) -> String {
        self.name
            .split('_')
            .map(|part| {
                let lower = part.to_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            })
            .collect()
    }

    /// The value as one CloudFormation value (for a container's environment).
    pub fn as_value(&self) -> Value<String> {
        match &self.value {
            SettingValue::Text(text) if text.contains("${") => Value::sub(text.clone()),
            SettingValue::Text(text) => lit(text.clone()),
            SettingValue::Read(value) => value.clone(),
        }
    }
}

/// An environment variable name for a stage name: `order-events` -> `ORDER_EVENTS`.
fn env_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Every setting of this stack's application, in a fixed order.
pub fn settings(ctx: &Ctx<'_>) -> Vec<Setting> {
    let known = &ctx.known;
    let joined = |ids: &[String], attribute: &str| {
        Value::join(",", ids.iter().map(|id| att(id, attribute)).collect())
    };
    let mut out = vec![Setting::text("AWS_REGION", "${AWS::Region}")];
    if let Some(first) = known.databases.first() {
        out.push(Setting::read(
            "DB_SECRET_ARN",
            joined(&known.databases, "MasterUserSecret.SecretArn"),
        ));
        out.push(Setting::read(
            "DB_HOST",
            joined(&known.databases, "Endpoint.Address"),
        ));
        out.push(Setting::read("DB_PORT", att(first, "Endpoint.Port")));
        let sharded = ctx
            .stage
            .data
            .database
            .as_ref()
            .is_some_and(|db| db.shards > 1);
        if sharded {
            // Every shard, wherever its stack: one JSON parameter per shard below this path.
            out.push(Setting::text("DB_SHARD_MAP", SHARD_MAP));
        }
        if let Some(homes) = shard_homes(ctx.stage) {
            out.push(Setting::text("DB_SHARD_HOMES", homes));
        }
        if !known.replicas.is_empty() {
            out.push(Setting::read(
                "DB_READ_HOSTS",
                joined(&known.replicas, "Endpoint.Address"),
            ));
        }
    }
    if let Some(cache) = &known.cache {
        let (host, port) = if ctx.stage.cache.as_ref().is_some_and(|c| c.shards > 1) {
            (
                "ConfigurationEndPoint.Address",
                "ConfigurationEndPoint.Port",
            )
        } else {
            ("PrimaryEndPoint.Address", "PrimaryEndPoint.Port")
        };
        out.push(Setting::read("CACHE_HOST", att(cache, host)));
        out.push(Setting::read("CACHE_PORT", att(cache, port)));
        out.push(Setting::text("CACHE_TLS", "true"));
    }
    // Tables by their stage name (the logical ID is `<Name>Table`; Ref is the table's name).
    for table in &ctx.stage.data.tables {
        let name = format!("TABLE_{}", env_name(&table.name));
        let id = crate::cfn::LogicalId::new([&table.name, "Table"]).to_string();
        if known.tables.contains(&id) {
            out.push(Setting::read(name, r(&id)));
        } else if let Some(global) = known
            .global_tables
            .iter()
            .find(|g| **g == super::storage::table_name(&ctx.base, table))
        {
            out.push(Setting::text(&name, global.clone()));
        }
    }
    if let Some(bucket) = &known.objects_bucket {
        out.push(Setting::read("OBJECTS_BUCKET", r(bucket)));
    }
    for (name, queue) in &known.queues {
        out.push(Setting::read(
            format!("QUEUE_{}_URL", env_name(name)),
            r(queue),
        ));
    }
    for (name, topic) in &known.topics {
        out.push(Setting::read(
            format!("TOPIC_{}_ARN", env_name(name)),
            r(topic),
        ));
    }
    out
}

/// Where every shard lives, for a stage whose shards are homed in several regions: a region
/// serves only the tenants of the shards it homes (its network, secrets and shard map are its
/// own), and sends any other tenant to the home region. Comma-separated
/// `<first>-<last>:<region>[:<host>]` runs of shard numbers, the host being the home region's
/// own name for the site (`eu-west-1.www.example.com`) when the stage has DNS.
pub fn shard_homes(stage: &crate::stage::Stage) -> Option<String> {
    let placement = super::placement::place(stage);
    let first = placement.shards.first()?;
    if placement.shards.iter().all(|h| h.region == first.region) {
        return None;
    }
    let mut runs: Vec<(u32, u32, &str)> = Vec::new();
    for home in &placement.shards {
        match runs.last_mut() {
            Some((_, last, region)) if *last + 1 == home.shard && *region == home.region => {
                *last = home.shard;
            }
            _ => runs.push((home.shard, home.shard, home.region.as_str())),
        }
    }
    let text = runs
        .into_iter()
        .map(|(first, last, region)| {
            let host = stage
                .dns
                .as_ref()
                .filter(|_| stage.load_balancer.is_some())
                .map(|dns| format!(":{}", super::dns::region_host(dns, region)))
                .unwrap_or_default();
            format!("{first}-{last}:{region}{host}")
        })
        .collect::<Vec<_>>()
        .join(",");
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_variables() {
        assert_eq!(env_name("order-events"), "ORDER_EVENTS");
        let s = Setting::text("QUEUE_ORDER_EVENTS_URL", "x");
        assert_eq!(s.variable(), "QueueOrderEventsUrl");
        assert_eq!(Setting::text("DB_HOST", "x").variable(), "DbHost");
    }
}
