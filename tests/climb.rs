//! The ladder climbed in place, offline: each golden path deployed over the one before it on
//! the same stacks, judged by the template diff, the data-loss guard and the update-time
//! rules, as `plan --from` and `deploy` judge it. The same climb runs against the moto shim
//! in `climb_moto.rs`.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use scalectl::plan::transition::{self, Transition};
use support::{builtin_names, synth_builtin, synth_builtin_as};

/// Both stages under one stack name, as `deploy --stack-name shop` would deploy them.
fn climb(from: &str, to: &str) -> Transition {
    let (old, old_stacks) = synth_builtin_as(from, "shop");
    let (new, new_stacks) = synth_builtin_as(to, "shop");
    transition::assess(&old.stage, &old_stacks, &new.stage, &new_stacks, "shop")
}

#[test]
fn every_rung_is_an_update_aws_accepts_without_losing_data() {
    let names = builtin_names();
    for pair in names.windows(2) {
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
        // Nothing to warn of either, but the box's stop and start at stage1, and at stage7 the
        // global tables' replicas added one update at a time and the first region's lower
        // fleet maximum: no desired capacity under scaling policies, no snapshot policy on a
        // replica.
        let warned: Vec<&str> = t
            .findings
            .iter()
            .map(|f| f.code)
            .filter(|c| {
                *c != "scalectl::update::instance-restart"
                    && *c != "scalectl::update::global-table-replicas"
                    && *c != "scalectl::update::fleet-shrink"
            })
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
fn stage7_grows_the_stage6_stack_in_place() {
    let (_, old) = synth_builtin_as("stage6", "shop");
    let (_, new) = synth_builtin_as("stage7", "shop");
    // The first region keeps the stack, and every database and table stage6 has, under the
    // same logical IDs and types.
    assert_eq!(new[0].stack_name("shop"), "shop");
    let stateful = |t: &scalectl::cfn::Template| -> Vec<(String, String)> {
        t.resources
            .iter()
            .filter(|(_, r)| {
                r.resource_type.starts_with("AWS::DynamoDB::")
                    || r.resource_type == "AWS::S3::Bucket"
                    || (r.resource_type == "AWS::RDS::DBInstance"
                        && r.properties.get("SourceDBInstanceIdentifier").is_none())
            })
            .map(|(id, r)| (id.to_string(), r.resource_type.clone()))
            .collect()
    };
    for kept in stateful(&old[0].template) {
        assert!(
            stateful(&new[0].template).contains(&kept),
            "{kept:?} is not in stage7's first stack"
        );
    }
    let names: Vec<String> = new.iter().map(|s| s.stack_name("shop")).collect();
    assert_eq!(names, ["shop", "shop-eu-west-1", "shop-ap-southeast-1"]);

    let t = climb("stage6", "stage7");
    assert!(t.climbs(), "{t:#?}");
    // The tables gain two replicas: deploy adds them one update at a time, and says so.
    let replicas: Vec<_> = t
        .findings
        .iter()
        .filter(|f| f.code == "scalectl::update::global-table-replicas")
        .collect();
    assert_eq!(replicas.len(), 2, "{:#?}", t.findings);
    // The first region's fleet maximum drops from 128 to 76 before the other regions take
    // any traffic: said, so the team can deploy with the old maximum first.
    assert!(
        t.findings
            .iter()
            .any(|f| f.code == "scalectl::update::fleet-shrink" && f.stack == "shop"),
        "{:#?}",
        t.findings
    );
    assert!(replicas.iter().all(|f| f.stack == "shop"));
    // The www record turns into the first region's latency record in place; the other
    // regions add theirs after it.
    let record = &new[0].template.to_value()["Resources"]["SiteRecord"]["Properties"];
    assert_eq!(record["SetIdentifier"], "us-east-1");
    assert_eq!(record["Region"], "us-east-1");
    assert!(new[1].depends_on.contains(&String::new()));
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
