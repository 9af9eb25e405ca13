//! The ladder climbed in place, offline: each golden path deployed over the one before it on
//! the same stacks, judged by the template diff, the data-loss guard and the update-time
//! rules, as `plan --from` and `deploy` judge it. The same climb runs against the moto shim
//! in `climb_moto.rs`.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use scalectl::plan::transition::{self, Transition};
use support::{builtin_names, synth_builtin};

fn climb(from: &str, to: &str) -> Transition {
    let (old, old_stacks) = synth_builtin(from);
    let (new, new_stacks) = synth_builtin(to);
    transition::assess(&old.stage, &old_stacks, &new.stage, &new_stacks, "shop")
}

#[test]
fn every_rung_up_to_stage6_is_an_update_aws_accepts_without_losing_data() {
    let names = builtin_names();
    for pair in names.windows(2).filter(|p| p[1] != "stage7") {
        let t = climb(pair[0], pair[1]);
        assert!(
            t.lost.is_empty(),
            "{} -> {}: loses {:?}",
            pair[0],
            pair[1],
            t.lost
        );
        assert!(
            transition::refusals(&t).is_empty(),
            "{} -> {}: refused {:#?}",
            pair[0],
            pair[1],
            transition::refusals(&t)
        );
        assert!(t.left_behind.is_empty(), "{} -> {}", pair[0], pair[1]);
        assert!(t.climbs());
        // Nothing to warn of either, but the box's stop and start at stage1: no desired
        // capacity under scaling policies, no snapshot policy on a replica.
        let warned: Vec<&str> = t
            .findings
            .iter()
            .map(|f| f.code)
            .filter(|c| *c != "scalectl::update::instance-restart")
            .collect();
        assert!(warned.is_empty(), "{} -> {}: {warned:?}", pair[0], pair[1]);
    }
}

#[test]
fn the_box_database_moves_to_rds_by_expand_migrate_contract() {
    let t = climb("stage0", "stage1");
    let [m] = t.moves.as_slice() else {
        panic!("one data move expected: {:#?}", t.moves)
    };
    assert!(m.what.contains("to RDS"), "{}", m.what);
    assert!(m.expand.contains("not replaced"), "{}", m.expand);
    assert!(
        m.migrate.iter().any(|s| s.contains("pg_dump")),
        "{:?}",
        m.migrate
    );
    assert!(m.contract.contains("DeleteOnTermination: false"));
    // The box is stopped and started, not replaced: a warning, not a refusal.
    let restart: Vec<_> = t
        .findings
        .iter()
        .filter(|f| f.logical_id == "WebInstance")
        .collect();
    assert_eq!(restart.len(), 1, "{:#?}", t.findings);
    assert_eq!(restart[0].code, "scalectl::update::instance-restart");
}

#[test]
fn skipping_the_migration_rung_is_refused() {
    // stage0 straight to stage2 removes the box that holds the database.
    let t = climb("stage0", "stage2");
    assert_eq!(t.lost.len(), 1, "{:?}", t.lost);
    assert_eq!(t.lost[0].logical_id, "WebInstance");
    assert!(!t.climbs());
}

#[test]
fn sharding_keeps_the_database_as_shard_zero_and_plans_the_row_moves() {
    let t = climb("stage4", "stage5");
    let [m] = t.moves.as_slice() else {
        panic!("one data move expected: {:#?}", t.moves)
    };
    assert!(m.what.contains("4 shards"), "{}", m.what);
    assert!(m.expand.contains("becomes shard 0"), "{}", m.expand);
    // A read replica that goes (2 per database -> 1 per shard) is a copy: no loss, no
    // deletion protection in the way.
    assert!(t.climbs(), "{t:#?}");
}

#[test]
fn stage7_over_stage6_is_reported_as_leaving_the_stage6_stack_behind() {
    // A known limit, documented in the README: stage7 deploys new regional stacks rather
    // than growing stage6's. The plan must say so rather than call the climb clean.
    let t = climb("stage6", "stage7");
    assert_eq!(t.left_behind, ["shop"]);
    assert!(!t.climbs());
    // And its simple `www` record, still standing in the stage6 stack, blocks the global
    // stack's latency records.
    let conflict: Vec<_> = transition::refusals(&t)
        .into_iter()
        .filter(|f| f.code == "scalectl::update::routing-conflict")
        .collect();
    assert!(!conflict.is_empty(), "{:#?}", t.findings);
    assert!(
        conflict[0].message.contains("stack shop"),
        "{}",
        conflict[0].message
    );
    assert!(
        t.moves.iter().any(|m| m.what.contains("3")),
        "{:#?}",
        t.moves
    );
}

#[test]
fn a_new_image_rolls_the_largest_fleet_in_well_under_an_hour() {
    for name in builtin_names() {
        let (loaded, _) = synth_builtin(name);
        let Some(rollout) = transition::rollout(&loaded.stage) else {
            continue;
        };
        assert!(
            rollout.min_in_service < rollout.instances,
            "{name}: {rollout:?}"
        );
        assert!(rollout.minutes <= 40, "{name}: {rollout:?}");
    }
    let (stage6, _) = synth_builtin("stage6");
    let rollout = transition::rollout(&stage6.stage).unwrap();
    assert_eq!(
        (rollout.instances, rollout.batch, rollout.batches),
        (128, 26, 5)
    );
}
