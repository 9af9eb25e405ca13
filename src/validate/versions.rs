//! Engine versions: the database's (RDS) and the cache's (ElastiCache).
//!
//! With live facts (`--live`), the versions the account's regions offer decide: a version
//! offered in every region the stage uses is fine, even one newer than the catalog; one a
//! region does not offer is an error naming that region and the nearest versions it offers.
//! Where nothing was read (offline, or the call failed and a fallback note says so), the
//! dated catalog decides as it always has.

use super::facts::Facts;
use super::findings::Findings;
use super::region_uses;
use crate::catalog::services::{self, VersionFact};
use crate::stage::{Cache, CacheEngine, Database, Engine, Stage};

const CODE_ENGINE_VERSION: &str = crate::diagnostic::codes::validate::ENGINE_VERSION;
const DB_PATH: &str = "data.database.engine_version";
const CACHE_PATH: &str = "cache.engine_version";

/// How many offered versions an error suggests.
const SUGGESTIONS: usize = 3;

/// An engine version is dotted numbers (`17.9`, `8.0.40`, a bare major `17`).
pub(crate) fn is_version_number(version: &str) -> bool {
    !version.is_empty()
        && version
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
}

/// ElastiCache's name for a cache engine (`valkey`, `redis`), as its API takes it.
pub(crate) fn cache_engine_name(engine: CacheEngine) -> &'static str {
    match engine {
        CacheEngine::Valkey => "valkey",
        CacheEngine::Redis => "redis",
    }
}

/// Check the database's and the cache's engine versions. A version that is not a version
/// number is `structure`'s error and is not looked up here.
pub(crate) fn check(stage: &Stage, facts: &dyn Facts, f: &mut Findings<'_>) {
    let regions: Vec<String> = region_uses(stage).into_iter().map(|r| r.code).collect();
    if let Some(db) = &stage.data.database
        && is_version_number(&db.engine_version)
    {
        let engine = db.engine.cfn_name();
        let live = live_versions(&regions, |r| facts.db_engine_versions(r, engine));
        if !settled_live(
            f,
            &live,
            &db.engine_version,
            Service::Rds,
            db_name(db.engine),
        ) {
            rds_version(db, f);
        }
    }
    if let Some(cache) = &stage.cache
        && is_version_number(&cache.engine_version)
    {
        let engine = cache_engine_name(cache.engine);
        let live = live_versions(&regions, |r| facts.cache_engine_versions(r, engine));
        let name = cache_versions(cache.engine).engine;
        if !settled_live(f, &live, &cache.engine_version, Service::ElastiCache, name) {
            cache_version(cache, f);
        }
    }
}

/// The service a version is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    Rds,
    ElastiCache,
}

impl Service {
    fn name(self) -> &'static str {
        match self {
            Service::Rds => "RDS",
            Service::ElastiCache => "ElastiCache",
        }
    }

    fn call(self) -> &'static str {
        match self {
            Service::Rds => "DescribeDBEngineVersions",
            Service::ElastiCache => "DescribeCacheEngineVersions",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Service::Rds => DB_PATH,
            Service::ElastiCache => CACHE_PATH,
        }
    }

    /// Whether `offered` (a version the service lists) is what `wanted` asks for. A bare
    /// major (`17`, `8`) asks for any of its minors; ElastiCache also takes a patch
    /// (`7.2.6`) of a listed `major.minor`.
    fn matches(self, wanted: &str, offered: &str) -> bool {
        offered == wanted
            || offered
                .strip_prefix(wanted)
                .is_some_and(|rest| rest.starts_with('.'))
            || (self == Service::ElastiCache
                && wanted
                    .strip_prefix(offered)
                    .is_some_and(|rest| rest.starts_with('.')))
    }
}

fn db_name(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => services::RDS_POSTGRES.engine,
        Engine::Mysql => services::RDS_MYSQL.engine,
    }
}

fn cache_versions(engine: CacheEngine) -> services::CacheVersions {
    match engine {
        CacheEngine::Valkey => services::VALKEY,
        CacheEngine::Redis => services::REDIS,
    }
}

/// The versions read per region, for the regions where something non-empty was read.
fn live_versions(
    regions: &[String],
    read: impl Fn(&str) -> Option<Vec<String>>,
) -> Vec<(String, Vec<String>)> {
    regions
        .iter()
        .filter_map(|r| read(r).filter(|v| !v.is_empty()).map(|v| (r.clone(), v)))
        .collect()
}

/// Decide from live versions when there are any: true when they settled it (the version is
/// offered, or errors were reported for the regions not offering it), false when the
/// catalog should decide (nothing was read in any region).
fn settled_live(
    f: &mut Findings<'_>,
    live: &[(String, Vec<String>)],
    version: &str,
    service: Service,
    engine: &str,
) -> bool {
    if live.is_empty() {
        return false;
    }
    for (region, offered) in live {
        if offered.iter().any(|o| service.matches(version, o)) {
            continue;
        }
        let nearest = nearest(version, offered)
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        f.error(
            CODE_ENGINE_VERSION,
            service.path(),
            format!(
                "{engine} `{version}` is not offered by {} in {region} (read live with {})",
                service.name(),
                service.call()
            ),
            format!("the nearest versions {region} offers: {nearest}"),
        );
    }
    true
}

/// Split a version into numbers (`17.9` -> `[17, 9]`); unparsable parts count as 0.
fn numbers(version: &str) -> Vec<u64> {
    version
        .split('.')
        .map(|p| p.parse::<u64>().unwrap_or(0))
        .collect()
}

/// The offered versions nearest to `version`, up to [`SUGGESTIONS`], oldest first: those
/// sharing the longest leading part, then the closest at the first part that differs
/// (the newer on a tie).
fn nearest(version: &str, offered: &[String]) -> Vec<String> {
    let wanted = numbers(version);
    let mut ranked: Vec<(usize, u64, std::cmp::Reverse<Vec<u64>>, &String)> = offered
        .iter()
        .map(|o| {
            let parts = numbers(o);
            let shared = wanted
                .iter()
                .zip(&parts)
                .take_while(|(a, b)| a == b)
                .count();
            let at = |v: &[u64]| v.get(shared).copied().unwrap_or(0);
            let distance = at(&wanted).abs_diff(at(&parts));
            (usize::MAX - shared, distance, std::cmp::Reverse(parts), o)
        })
        .collect();
    ranked.sort();
    ranked.dedup_by(|a, b| a.3 == b.3);
    let mut pick: Vec<&String> = ranked.into_iter().take(SUGGESTIONS).map(|r| r.3).collect();
    pick.sort_by_key(|v| numbers(v));
    pick.into_iter().cloned().collect()
}

/// The RDS engine version is one RDS has offered, by the catalog.
fn rds_version(db: &Database, f: &mut Findings<'_>) {
    let versions = match db.engine {
        Engine::Postgres => services::RDS_POSTGRES,
        Engine::Mysql => services::RDS_MYSQL,
    };
    let version = db.engine_version.as_str();
    let engine = versions.engine;
    let nearest = versions.nearest(version);
    let offered = versions
        .majors
        .iter()
        .filter(|m| !m.retired)
        .map(|m| {
            format!(
                "{} ({}.{} to {}.{})",
                m.major, m.major, m.first_minor, m.major, m.latest_minor
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    match versions.check(version) {
        VersionFact::Known => {}
        VersionFact::MaybeNewer(why) => f.warning(
            CODE_ENGINE_VERSION,
            DB_PATH,
            format!(
                "{engine} `{version}` is not in the catalog (as of {}): {why}",
                services::SERVICES_AS_OF
            ),
            format!(
                "if RDS has released it since, this warning is stale: `scalectl validate --live` settles it by reading RDS's engine versions (or run `aws rds describe-db-engine-versions --engine {} --engine-version {version}`){}",
                db.engine.cfn_name(),
                nearest
                    .map(|n| format!("; else use `{n}`"))
                    .unwrap_or_default()
            ),
        ),
        VersionFact::Never(why) => f.error(
            CODE_ENGINE_VERSION,
            DB_PATH,
            format!("`{version}` is not a version of {engine} on RDS: {why}"),
            format!(
                "{}RDS offers {engine} {offered} (as of {})",
                match (nearest, versions.newest()) {
                    (Some(n), _) => format!("did you mean `{n}`? "),
                    (None, Some(newest)) => format!("the newest is `{newest}`; "),
                    (None, None) => String::new(),
                },
                services::SERVICES_AS_OF
            ),
        ),
    }
}

/// The cache engine version is one ElastiCache has offered, by the catalog.
fn cache_version(cache: &Cache, f: &mut Findings<'_>) {
    let versions = cache_versions(cache.engine);
    let version = cache.engine_version.as_str();
    let engine = versions.engine;
    let known = versions.known();
    let list = known.join(", ");
    let did_you_mean = versions
        .nearest(version)
        .map(|n| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    match versions.check(version) {
        VersionFact::Known => {}
        VersionFact::MaybeNewer(why) => f.warning(
            CODE_ENGINE_VERSION,
            CACHE_PATH,
            format!(
                "{engine} `{version}` is not in the catalog (as of {}): {why}",
                services::SERVICES_AS_OF
            ),
            format!(
                "if ElastiCache has released it since, this warning is stale: `scalectl validate --live` settles it by reading ElastiCache's engine versions; the catalog knows {list}"
            ),
        ),
        VersionFact::Never(why) => {
            let redis_hint = if cache.engine == CacheEngine::Redis {
                "; for anything newer, use `engine: valkey` (ElastiCache's successor to Redis OSS)"
            } else {
                ""
            };
            f.error(
                CODE_ENGINE_VERSION,
                CACHE_PATH,
                format!("`{version}` is not a version of {engine} on ElastiCache: {why}"),
                format!(
                    "{did_you_mean}ElastiCache offers {engine} {list} (as of {}){redis_hint}",
                    services::SERVICES_AS_OF
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_offered_version_matches_exactly_by_major_or_by_patch() {
        assert!(Service::Rds.matches("17.9", "17.9"));
        assert!(Service::Rds.matches("17", "17.9"));
        assert!(!Service::Rds.matches("17.1", "17.10"));
        assert!(!Service::Rds.matches("17.9.1", "17.9"));
        assert!(Service::ElastiCache.matches("7.2.6", "7.2"));
        assert!(Service::ElastiCache.matches("8", "8.0"));
        assert!(!Service::ElastiCache.matches("8.1", "8.0"));
    }

    #[test]
    fn nearest_offered_versions_share_the_major_first() {
        let offered = owned(&["16.13", "17.7", "17.8", "17.9", "17.10", "18.3"]);
        assert_eq!(
            nearest("17.99", &offered),
            owned(&["17.8", "17.9", "17.10"])
        );
        assert_eq!(nearest("17.1", &offered), owned(&["17.7", "17.8", "17.9"]));
        assert_eq!(nearest("19.1", &offered), owned(&["17.9", "17.10", "18.3"]));
        let offered = owned(&["8.0.40", "8.0.41", "8.4.7"]);
        assert_eq!(
            nearest("8.0.99", &offered),
            owned(&["8.0.40", "8.0.41", "8.4.7"])
        );
    }
}
