//! The capacity model: the seed's worked example, the arithmetic table-tested, every golden
//! path holding the load it states, and sizing.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use scalectl::capacity::{Load, Tier, assess, range, size};
use scalectl::stage::{CapacitySpec, RateRange, Share};
use support::{builtin_names, synth_builtin};

fn spec(users: u64, concurrency: f64, low: f64, high: f64) -> CapacitySpec {
    let mut spec = CapacitySpec::for_users(users);
    spec.peak_concurrency = Share::new(concurrency).unwrap();
    spec.requests_per_minute = RateRange::new(low, high).unwrap();
    spec
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

/// The seed (000) turns 10M users at 5% peak concurrency into 500,000 sessions, then calls
/// that "8,000-20,000 RPS" at 1-5 requests a minute. 500,000 x 1/60 is 8,333 and
/// 500,000 x 5/60 is 41,667: the seed's high end is wrong by half, and the model says so by
/// doing the arithmetic.
#[test]
fn the_seed_example_done_right() {
    let load = Load::of(&spec(10_000_000, 0.05, 1.0, 5.0));
    assert!(close(load.sessions, 500_000.0));
    assert!(close(load.rps.low, 500_000.0 / 60.0));
    assert!(close(load.rps.high, 500_000.0 * 5.0 / 60.0));
    assert_eq!(range(load.rps.low, load.rps.high), "8,333-41,667");
    assert_eq!(
        load.steps,
        [
            "10,000,000 users x 5% peak concurrency = 500,000 concurrent sessions",
            "500,000 sessions x 1-5 requests/min / 60 = 8,333-41,667 requests/s",
        ]
    );
    assert!(load.rps.high > 20_000.0 * 2.0, "not the seed's 8k-20k");
}

#[test]
fn load_arithmetic_table() {
    // users, concurrency, rpm low, rpm high, sessions, rps low, rps high
    let table: &[(u64, f64, f64, f64, f64, f64, f64)] = &[
        (10_000_000, 0.05, 1.0, 5.0, 500_000.0, 8_333.333, 41_666.667),
        (1_000_000, 0.05, 1.0, 5.0, 50_000.0, 833.333, 4_166.667),
        (1_000, 0.05, 1.0, 5.0, 50.0, 0.833, 4.167),
        (2_000_000, 0.10, 2.0, 2.0, 200_000.0, 6_666.667, 6_666.667),
        (300_000, 0.01, 6.0, 12.0, 3_000.0, 300.0, 600.0),
        (
            1_000_000_000,
            0.02,
            0.5,
            3.0,
            20_000_000.0,
            166_666.667,
            1_000_000.0,
        ),
    ];
    for &(users, c, low, high, sessions, rps_low, rps_high) in table {
        let load = Load::of(&spec(users, c, low, high));
        assert!(close(load.sessions, sessions), "{users}: {}", load.sessions);
        assert!(
            (load.rps.low - rps_low).abs() < 0.001,
            "{users}: {}",
            load.rps.low
        );
        assert!(
            (load.rps.high - rps_high).abs() < 0.001,
            "{users}: {}",
            load.rps.high
        );
    }
}

#[test]
fn flow_follows_the_stage_shape() {
    // stage0: no CDN, no cache, the database on the box.
    let (stage0, _) = synth_builtin("stage0");
    let a = assess(&stage0.stage, &spec(1_000, 0.05, 1.0, 5.0));
    assert_eq!(a.flow.cdn, 0.0);
    assert!(close(a.flow.dynamic, 50.0 * 5.0 / 60.0));
    assert_eq!(a.flow.cache_ops, 0.0);
    assert!(close(a.flow.db_reads, a.flow.dynamic * 0.9 * 4.0));
    // stage6: CDN takes half, the cache 80% of reads, DynamoDB half of writes.
    let (stage6, _) = synth_builtin("stage6");
    let a = assess(&stage6.stage, &spec(10_000_000, 0.05, 1.0, 5.0));
    let rps = 500_000.0 * 5.0 / 60.0;
    assert!(close(a.flow.cdn, rps / 2.0));
    assert!(close(a.flow.dynamic, rps / 2.0));
    assert!(close(a.flow.reads, rps / 2.0 * 0.9 * 4.0));
    assert!(close(a.flow.db_reads, a.flow.reads * 0.2));
    assert!(close(a.flow.table_writes, rps / 2.0 * 0.1 / 2.0));
    assert!(close(a.flow.db_writes, a.flow.table_writes));
    // stage7: three regions split the load.
    let (stage7, _) = synth_builtin("stage7");
    let a = assess(&stage7.stage, &spec(10_000_000, 0.05, 1.0, 5.0));
    assert_eq!(a.flow.regions, 3);
    assert!(close(a.flow.rps, rps / 3.0));
}

#[test]
fn every_golden_path_holds_the_load_it_states() {
    for name in builtin_names() {
        let (loaded, _) = synth_builtin(name);
        let Some(spec) = &loaded.stage.capacity else {
            panic!("{name} states no load (capacity.users)");
        };
        let a = assess(&loaded.stage, spec);
        for check in &a.checks {
            assert!(
                check.ok,
                "{name} at {} users: {} needs {:.0} {}, holds {:.0} ({})",
                spec.users,
                check.tier.name(),
                check.need,
                check.unit,
                check.holds,
                check.capacity
            );
        }
    }
}

#[test]
fn the_ladder_states_growing_loads() {
    let users: Vec<u64> = builtin_names()
        .iter()
        .map(|n| synth_builtin(n).0.stage.capacity.unwrap().users.0)
        .collect();
    assert!(users.windows(2).all(|w| w[0] < w[1]), "{users:?}");
}

#[test]
fn capacity_of_tiers_is_the_documented_product() {
    let (stage5, _) = synth_builtin("stage5");
    let a = assess(&stage5.stage, &spec(5_000_000, 0.05, 1.0, 5.0));
    let get = |tier: Tier| a.checks.iter().find(|c| c.tier == tier).unwrap();
    // 72 x m6i.large (2 vCPU) x 100 requests/s per vCPU.
    assert!(close(get(Tier::Application).holds, 72.0 * 2.0 * 100.0));
    // 4 primaries db.r6g.large (2 vCPU) x 250 writes/s.
    assert!(close(get(Tier::DatabaseWrites).holds, 4.0 * 2.0 * 250.0));
    // 4 x (1 + 1 replica) x 2 vCPU x 1,500 reads/s.
    assert!(close(get(Tier::DatabaseReads).holds, 8.0 * 2.0 * 1_500.0));
    // 1 shard x 2 nodes cache.t4g.medium (2 vCPU) x 25,000.
    assert!(close(get(Tier::Cache).holds, 2.0 * 2.0 * 25_000.0));
    assert!(close(get(Tier::Tables).holds, 2.0 * 40_000.0));
    // The need is the peak plus 25% headroom.
    let app = get(Tier::Application);
    assert!(close(app.need, app.peak * 1.25));
}

#[test]
fn shapes_cap_what_sizing_can_do() {
    let ten_million = spec(10_000_000, 0.05, 1.0, 5.0);
    // A single box stays a box: no count to change.
    let (stage1, _) = synth_builtin("stage1");
    let sized = size(&stage1.stage, &ten_million);
    assert!(!sized.assessment.holds());
    assert!(sized.changes.is_empty());
    // One primary cannot take 10M users' writes, however large the fleet.
    let (stage4, _) = synth_builtin("stage4");
    let sized = size(&stage4.stage, &ten_million);
    let short: Vec<Tier> = sized.assessment.short().map(|c| c.tier).collect();
    assert_eq!(short, [Tier::DatabaseWrites]);
    // Sharding takes them: stage5 sized holds, with the counts explained.
    let (stage5, _) = synth_builtin("stage5");
    let sized = size(&stage5.stage, &ten_million);
    assert!(sized.assessment.holds(), "{:?}", sized.assessment.checks);
    let max = sized
        .changes
        .iter()
        .find(|c| c.path == "compute.web.max")
        .unwrap();
    // 20,833 dynamic requests/s x 1.25 / 200 per m6i.large = 131.
    assert_eq!(max.to, 131);
    assert!(max.why.contains("20,833 requests/s x 1.25"), "{}", max.why);
    assert_eq!(sized.stage.compute.web.max, 131);
    // 1,042 writes/s x 1.25 / 500 per db.r6g.large primary = 3 shards.
    assert_eq!(sized.stage.data.database.as_ref().unwrap().shards, 3);
}

#[test]
fn sizing_a_golden_path_for_its_own_load_keeps_it_holding() {
    for name in builtin_names() {
        let (loaded, _) = synth_builtin(name);
        let spec = loaded.stage.capacity.clone().unwrap();
        let sized = size(&loaded.stage, &spec);
        assert!(sized.assessment.holds(), "{name}: {:?}", sized.changes);
    }
}

#[test]
fn vcpus_come_from_the_catalog_or_a_whole_size() {
    use scalectl::capacity::vcpus;
    assert_eq!(vcpus("db.r6g.large"), Some(2.0));
    assert_eq!(vcpus("cache.r7g.12xlarge"), Some(48.0));
    assert_eq!(vcpus("db.t4g.micro"), Some(2.0));
    for nonsense in [
        "db.r6g.NaNxlarge",
        "db.r6g.infxlarge",
        "db.r6g.0xlarge",
        "db.r6g.-2xlarge",
        "db.r6g",
    ] {
        assert_eq!(vcpus(nonsense), None, "{nonsense}");
    }
}

#[test]
fn cache_sizing_stays_within_the_cluster_node_limit() {
    use scalectl::capacity::MAX_CACHE_NODES;
    // A sharded cache; a load far past it grows shards only up to 500 nodes.
    let (loaded, _) = synth_builtin("stage7");
    let mut stage = loaded.stage;
    if let Some(cache) = &mut stage.cache {
        cache.shards = 2;
        cache.replicas_per_shard = 2;
    }
    let sized = size(&stage, &spec(1_000_000_000_000, 0.05, 1.0, 5.0));
    let cache = sized.stage.cache.unwrap();
    assert!(
        cache.shards * (1 + cache.replicas_per_shard) <= MAX_CACHE_NODES,
        "{cache:?}"
    );
}
