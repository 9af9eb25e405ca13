//! Structural rules for the database, its shards and replicas, tables, object storage and the cache.

use super::*;

use crate::capacity::MAX_CACHE_NODES;
use crate::catalog::services;

const CODE_DB_STORAGE: &str = crate::diagnostic::codes::validate::DB_STORAGE;
const CODE_CACHE_NODE: &str = crate::diagnostic::codes::validate::CACHE_NODE_TYPE;
const CODE_DATA_TIERING: &str = crate::diagnostic::codes::validate::DATA_TIERING;
const CODE_TABLE_KEY: &str = crate::diagnostic::codes::validate::TABLE_KEY;
use crate::synth::placement::MAX_SHARDS;

pub(super) fn data(data: &Data, stage: &Stage, f: &mut Findings<'_>) {
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
        if let Some(sort) = &table.sort_key
            && sort.name == table.partition_key.name
        {
            f.error(
                CODE_TABLE_KEY,
                &format!("{tp}.sort_key.name"),
                format!(
                    "table `{}` uses `{}` as both its partition key and its sort key; DynamoDB needs two different attributes",
                    table.name, sort.name
                ),
                "name a different attribute for the sort key (e.g. `created_at`), or remove `sort_key:` to key the table by the partition key alone",
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
                crate::stage::data::ARCHIVE_AFTER_DAYS,
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
            crate::stage::data::NONCURRENT_VERSION_DAYS,
        );
    }
}

pub(super) fn database(db: &Database, stage: &Stage, f: &mut Findings<'_>) {
    let p = "data.database";
    storage(db, f);
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
        crate::stage::data::BACKUP_RETENTION_DAYS,
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
            crate::diagnostic::codes::validate::READ_REPLICAS,
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
        crate::stage::bounds::Bounds::new(1, u64::from(MAX_SHARDS)),
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
    placement(db, stage, f);
    // Whether RDS offers it is `versions`' to say (it can see live facts).
    engine_version(
        f,
        &format!("{p}.engine_version"),
        &db.engine_version,
        "\"17.9\" or \"8.0.40\"",
    );
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

pub(super) fn cache_rules(cache: &Cache, f: &mut Findings<'_>) {
    let p = "cache";
    range(
        f,
        &format!("{p}.shards"),
        "the cache shard count",
        u64::from(cache.shards),
        crate::stage::bounds::Bounds::new(1, u64::from(MAX_CACHE_NODES)),
    );
    let nodes = u64::from(cache.shards) * (1 + u64::from(cache.replicas_per_shard));
    if cache.shards <= MAX_CACHE_NODES
        && cache.replicas_per_shard <= 5
        && nodes > u64::from(MAX_CACHE_NODES)
    {
        f.error(
            crate::diagnostic::codes::validate::CACHE_NODES,
            &format!("{p}.shards"),
            format!(
                "{} shards x (1 primary + {} replicas) is {nodes} nodes; ElastiCache allows at most {MAX_CACHE_NODES} in a cluster",
                cache.shards, cache.replicas_per_shard
            ),
            format!(
                "use at most {} shards with {} replicas each, fewer replicas, or a larger `node_type`",
                MAX_CACHE_NODES / (1 + cache.replicas_per_shard),
                cache.replicas_per_shard
            ),
        );
    }
    if cache.replicas_per_shard > 5 {
        f.error(
            crate::diagnostic::codes::validate::CACHE_REPLICAS,
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
        crate::stage::data::SNAPSHOT_RETENTION_DAYS,
    );
    if cache.multi_az && cache.replicas_per_shard == 0 {
        f.error(
            crate::diagnostic::codes::validate::MULTI_AZ_CACHE,
            &format!("{p}.multi_az"),
            "a Multi-AZ cache needs a replica to fail over to, but `replicas_per_shard` is 0",
            "set `replicas_per_shard: 1` (or more), or `multi_az: false`",
        );
    }
    // Whether ElastiCache offers it is `versions`' to say (it can see live facts).
    engine_version(
        f,
        &format!("{p}.engine_version"),
        &cache.engine_version,
        "\"8.0\"",
    );
    node_type(cache, f);
}

/// An engine version is dotted numbers; unquoted YAML would turn `8.0` into a float.
fn engine_version(f: &mut Findings<'_>, path: &str, version: &str, example: &str) {
    if !crate::validate::versions::is_version_number(version) {
        f.error(
            CODE_RANGE,
            path,
            format!("engine version `{version}` is not a version number"),
            format!("write it as a quoted string such as {example}"),
        );
    }
}

/// Allocated storage and the autoscaling ceiling within the engine's limits.
fn storage(db: &Database, f: &mut Findings<'_>) {
    let limits = match db.engine {
        Engine::Postgres => services::RDS_POSTGRES_STORAGE,
        Engine::Mysql => services::RDS_MYSQL_STORAGE,
    };
    let engine = rds_engine(db.engine).engine;
    let (min, max) = (limits.min_gb, limits.max_gb);
    if db.storage_gb < min || db.storage_gb > max {
        f.error(
            CODE_DB_STORAGE,
            "data.database.storage_gb",
            format!(
                "{} GiB of storage; RDS for {engine} on {} takes {min} to {max} GiB (64 TiB)",
                db.storage_gb, limits.storage_type
            ),
            format!("set `storage_gb` to a value from {min} to {max}"),
        );
    }
    if let Some(ceiling) = db.max_storage_gb
        && ceiling > max
    {
        f.error(
            CODE_DB_STORAGE,
            "data.database.max_storage_gb",
            format!(
                "a storage ceiling of {ceiling} GiB; RDS for {engine} grows storage to at most {max} GiB (64 TiB)"
            ),
            format!(
                "set `max_storage_gb` to at most {max}, or shard the database (`shards:`) to hold more"
            ),
        );
    }
}

fn rds_engine(engine: Engine) -> services::EngineVersions {
    match engine {
        Engine::Postgres => services::RDS_POSTGRES,
        Engine::Mysql => services::RDS_MYSQL,
    }
}

/// The node type's size exists in its family, and the family needs nothing the stage
/// cannot ask for.
fn node_type(cache: &Cache, f: &mut Findings<'_>) {
    let path = "cache.node_type";
    let name = cache.node_type.as_str();
    let (family, sizes) = services::cache_family_sizes(name);
    let size = name.rsplit_once('.').map_or("", |(_, s)| s);
    if !sizes.is_empty() && !sizes.iter().any(|s| s == size) {
        let candidates: Vec<String> = sizes.iter().map(|s| format!("{family}.{s}")).collect();
        f.error(
            CODE_CACHE_NODE,
            path,
            format!(
                "`{name}` does not exist: `{family}` nodes come in {}",
                sizes.join(", ")
            ),
            format!(
                "{}use one of {}",
                crate::suggest::did_you_mean(name, candidates.iter().map(String::as_str)),
                candidates.join(", ")
            ),
        );
        return;
    }
    if let Some(need) = services::node_requirement(name)
        && need.data_tiering
    {
        f.error(
            CODE_DATA_TIERING,
            path,
            format!(
                "`{name}` is a data-tiering node: ElastiCache requires data tiering (`DataTieringEnabled`) on `{}` nodes, and a stage cannot ask for it (scalectl does not enable it)",
                need.family
            ),
            {
                let size = name.rsplit_once('.').map_or("xlarge", |(_, s)| s);
                format!(
                    "use a memory-only node of the same size: `cache.r7g.{size}` or `cache.r6g.{size}`"
                )
            },
        );
    }
}

/// Explicit shard placement (`regions[].shards`): all regions or none, each shard exactly
/// once, and only shards the stage has.
fn placement(db: &Database, stage: &Stage, f: &mut Findings<'_>) {
    let listed: Vec<_> = stage
        .regions
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.shards.as_ref().map(|s| (i, r, s)))
        .collect();
    if listed.is_empty() {
        return;
    }
    if stage.regions.len() < 2 {
        f.error(
            CODE_COMBINATION,
            &format!("regions[{}].shards", listed[0].0),
            "a shard list places shards across regions, but the stage has one region",
            "remove `shards:` from the region",
        );
        return;
    }
    for (i, region) in stage.regions.iter().enumerate() {
        if region.shards.is_none() {
            f.error(
                CODE_COMBINATION,
                &format!("regions[{i}].name"),
                format!(
                    "region `{}` lists no shards, but other regions do; with lists, every shard's home is explicit",
                    region.name
                ),
                "give this region `shards: [...]` (an empty list `[]` for none), or remove every region's list to use contiguous blocks",
            );
        }
    }
    let mut seen: std::collections::BTreeMap<u32, &str> = std::collections::BTreeMap::new();
    for (i, region, shards) in &listed {
        for (j, shard) in shards.iter().enumerate() {
            let at = format!("regions[{i}].shards[{j}]");
            if *shard >= db.shards {
                f.error(
                    CODE_REFERENCE,
                    &at,
                    format!(
                        "shard {shard} does not exist: the stage has {} shards, numbered 0 to {}",
                        db.shards,
                        db.shards.saturating_sub(1)
                    ),
                    "remove it, or raise `data.database.shards`",
                );
            } else if let Some(other) = seen.insert(*shard, region.name.as_str()) {
                f.error(
                    CODE_DUPLICATE,
                    &at,
                    format!("shard {shard} is already homed in `{other}`; a shard has one home"),
                    "list each shard under exactly one region",
                );
            }
        }
    }
    let missing: Vec<String> = (0..db.shards)
        .filter(|s| !seen.contains_key(s))
        .map(|s| s.to_string())
        .collect();
    if !missing.is_empty() {
        f.error(
            CODE_REFERENCE,
            "data.database.shards",
            format!(
                "shard{} {} {} no home region",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                if missing.len() == 1 { "has" } else { "have" }
            ),
            "add them to a region's `shards:` list",
        );
    }
}
