//! The cost estimate: one test per priced resource type, checking the line against the
//! price table and the documented arithmetic, plus whole-estimate properties.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

mod support;

use scalectl::catalog::prices::{self, DISCOUNTS, HOURS_PER_MONTH as H, UNIT_PRICES as P};
use scalectl::plan::cost::{Basis, CostLine, Estimate, estimate};
use support::{builtin_names, synth_builtin};

fn estimate_of(name: &str) -> Estimate {
    let (loaded, stacks) = synth_builtin(name);
    estimate(&loaded.stage, &stacks)
}

fn line<'e>(e: &'e Estimate, stack: &str, id: &str) -> &'e CostLine {
    e.lines
        .iter()
        .find(|l| l.stack == stack && l.id == id)
        .unwrap_or_else(|| panic!("no cost line for [{stack}] {id}"))
}

/// Equal to the cent (lines are rounded to cents; a total may differ by rounding).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.011
}

#[track_caller]
fn assert_cost(l: &CostLine, want: f64) {
    assert!(
        close(l.monthly, want),
        "{} {}: {} != {want} ({})",
        l.id,
        l.resource_type,
        l.monthly,
        l.detail
    );
}

/// Seconds of a month at the mean share of the peak (the default 30%).
fn mean_seconds() -> f64 {
    0.3 * H * 3600.0
}

#[test]
fn every_golden_path_resource_is_priced_or_free() {
    for name in builtin_names() {
        let e = estimate_of(name);
        assert!(e.unpriced.is_empty(), "{name}: {:?}", e.unpriced);
        assert!(e.total > 0.0);
        let sum: f64 = e.lines.iter().map(|l| l.monthly).sum();
        assert!(close(e.total, sum));
        assert!(
            e.lines.windows(2).all(|w| w[0].monthly >= w[1].monthly),
            "{name}: sorted"
        );
        assert_eq!(e.prices_as_of, prices::PRICES_AS_OF);
    }
}

#[test]
fn the_ladder_costs_more_as_it_climbs() {
    let totals: Vec<f64> = builtin_names()
        .iter()
        .map(|n| estimate_of(n).total)
        .collect();
    assert!(totals.windows(2).all(|w| w[0] < w[1]), "{totals:?}");
}

#[test]
fn ec2_instance_and_elastic_ip() {
    let e = estimate_of("stage0");
    // t3.medium all month + 30 GB gp3 root volume.
    assert_cost(
        line(&e, "", "WebInstance"),
        0.0416 * H + 30.0 * P.ebs_gp3_gb_month,
    );
    assert_cost(line(&e, "", "WebEip"), P.public_ipv4_hour * H);
    assert_eq!(line(&e, "", "WebEip").basis, Basis::Hourly);
}

#[test]
fn fixed_fleet_nat_and_load_balancer() {
    let e = estimate_of("stage2");
    // Two t3.medium (no scaling policy: desired all month).
    assert_cost(
        line(&e, "", "WebAutoScalingGroup"),
        2.0 * (0.0416 * H + 30.0 * P.ebs_gp3_gb_month),
    );
    assert_cost(line(&e, "", "NatGateway1"), P.nat_gateway_hour * H);
    // stage2 at 100k users: 208.3 dynamic requests/s at the peak, 30% on average;
    // LCUs by processed bytes (10 KB responses) beat new connections.
    let rps = 100_000.0 * 0.05 * 5.0 / 60.0 / 2.0 * 0.3;
    let lcus = f64::max(rps * 10.0 * 3600.0 / 1e6, rps / 250.0);
    assert_cost(
        line(&e, "", "LoadBalancer"),
        P.alb_hour * H + lcus * P.alb_lcu_hour * H + 2.0 * P.public_ipv4_hour * H,
    );
    // Internet egress of the dynamic responses.
    let gb = rps * 10.0 * H * 3600.0 / 1e6;
    // Well within the first 10 TB tier.
    assert!(gb < 10_240.0, "{gb}");
    assert_cost(
        line(&e, "", "(internet egress)"),
        gb * P.data_transfer_out_gb,
    );
}

#[test]
fn autoscaling_fleet_with_spot() {
    let e = estimate_of("stage4");
    let l = line(&e, "", "WebAutoScalingGroup");
    // 3 desired + 30% of the 13-instance range = 6.9, rounded up to 7 m6i.large.
    let each = 0.096 * H;
    assert_cost(l, 7.0 * (each + 30.0 * P.ebs_gp3_gb_month));
    // Base 3 On-Demand, 25% of the other 4 On-Demand: 3 Spot.
    assert!(
        close(l.spot_saving, 3.0 * each * DISCOUNTS.spot_ec2),
        "{}",
        l.spot_saving
    );
    assert!(close(
        l.commitment_saving,
        4.0 * each * DISCOUNTS.compute_savings_plan
    ));
    assert!(l.detail.contains("3 of them Spot"), "{}", l.detail);
}

#[test]
fn rds_primary_replica_and_cache() {
    let e = estimate_of("stage3");
    // Multi-AZ db.t4g.medium: two copies of the instance and its 50 GB, plus the secret.
    let compute = 0.065 * 2.0 * H;
    let primary = line(&e, "", "Database");
    assert_cost(
        primary,
        compute + 100.0 * P.rds_gp3_gb_month + P.secrets_manager_secret_month,
    );
    assert!(close(
        primary.commitment_saving,
        compute * DISCOUNTS.rds_reserved
    ));
    // A replica: one copy, the source's storage.
    assert_cost(
        line(&e, "", "DatabaseReplica1"),
        0.065 * H + 50.0 * P.rds_gp3_gb_month,
    );
    // Valkey cache.t4g.medium, one shard with one replica: two nodes.
    let node = prices::cache_node_hourly("valkey", "cache.t4g.medium").unwrap();
    assert_cost(line(&e, "", "Cache"), 2.0 * node * H);
}

#[test]
fn cdn_buckets_and_tables() {
    let e = estimate_of("stage5");
    // 5M users: 20,833 requests/s at the peak, half static through CloudFront.
    let cdn_requests = 5_000_000.0 * 0.05 * 5.0 / 60.0 * 0.5 * mean_seconds();
    let gb = cdn_requests * 30.0 / 1e6;
    // 246,375 GB out runs through four tiers: 10 TB at $0.085, 40 TB at $0.080, 100 TB at
    // $0.060 and the remaining 92,775 GB at $0.040.
    assert!((gb - 246_375.0).abs() < 1.0, "{gb}");
    let out = 10_240.0 * 0.085 + 40_960.0 * 0.080 + 102_400.0 * 0.060 + (gb - 153_600.0) * 0.040;
    assert_cost(
        line(&e, "", "StaticDistribution"),
        cdn_requests / 10_000.0 * P.cloudfront_https_per_10000 + out,
    );
    assert!(
        e.lines
            .iter()
            .any(|l| l.id == "StaticDistribution" && l.detail.contains("/GB on average (tiered)")),
        "the detail says the rate is an average over tiers"
    );
    assert_cost(line(&e, "", "StaticBucket"), P.s3_standard_gb_month);
    assert_cost(
        line(&e, "", "ObjectsBucket"),
        500.0 * P.s3_intelligent_tiering_gb_month,
    );
    // Tables take half of the writes (10% of dynamic requests), split over two tables.
    let writes = 5_000_000.0 * 0.05 * 5.0 / 60.0 * 0.5 * 0.1 * 0.5 / 2.0 * mean_seconds();
    let want = writes * P.dynamodb_write_request_unit_million / 1e6
        + writes * P.dynamodb_read_request_unit_million / 1e6
        + 50.0 * P.dynamodb_storage_gb_month;
    assert_cost(line(&e, "", "EventsTable"), want);
    assert_eq!(line(&e, "", "EventsTable").basis, Basis::Usage);
}

#[test]
fn services_queues_topics_workers_discovery_alarms_logs() {
    let e = estimate_of("stage6");
    // Two Fargate tasks of 0.5 vCPU and 1 GB.
    let task = 0.5 * P.fargate_vcpu_hour + 1.0 * P.fargate_gb_hour;
    assert_cost(line(&e, "", "OrdersService"), 2.0 * task * H);
    assert_cost(
        line(&e, "", "OrdersDiscovery"),
        2.0 * P.cloud_map_instance_month,
    );
    // One message per write request, published to the one topic, fanned out to both queues.
    let messages = 10_000_000.0 * 0.05 * 5.0 / 60.0 * 0.5 * 0.1 * mean_seconds();
    assert_cost(
        line(&e, "", "OrderEventsTopic"),
        messages / 1e6 * P.sns_publish_million,
    );
    assert_cost(
        line(&e, "", "OrdersQueue"),
        messages * 3.0 / 1e6 * P.sqs_request_million,
    );
    assert_cost(line(&e, "", "OrdersDeadLetterQueue"), 0.0);
    // Batches of 10, one second each, 256 MB.
    let invocations = messages / 10.0;
    assert_cost(
        line(&e, "", "OrderWorkerFunction"),
        invocations / 1e6 * P.lambda_request_million + invocations * 0.25 * P.lambda_gb_second,
    );
    let alarm = e
        .lines
        .iter()
        .find(|l| l.resource_type == "AWS::CloudWatch::Alarm")
        .unwrap();
    assert_cost(alarm, P.cloudwatch_alarm_month);
    let logs = e
        .lines
        .iter()
        .find(|l| l.resource_type == "AWS::Logs::LogGroup")
        .unwrap();
    assert!(logs.detail.contains("not modelled"));
}

#[test]
fn global_tables_health_checks_and_region_factors() {
    let e = estimate_of("stage7");
    // Every region checks its own load balancer.
    for stack in ["", "eu-west-1", "ap-southeast-1"] {
        let health = line(&e, stack, "SiteHealthCheck");
        assert_cost(health, P.route53_health_check_aws_endpoint_month);
    }
    // A global table takes every region's writes, replicated to the three regions.
    let writes = 18_000_000.0 * 0.05 * 5.0 / 60.0 * 0.5 * 0.1 * 0.5 / 2.0 * mean_seconds();
    let want = writes * 3.0 * P.dynamodb_replicated_write_unit_million / 1e6
        + writes * P.dynamodb_read_request_unit_million / 1e6
        + 50.0 * 3.0 * P.dynamodb_storage_gb_month;
    assert_cost(line(&e, "", "EventsTable"), want);
    // The same fleet costs the region's factor more away from us-east-1.
    let us = line(&e, "", "WebAutoScalingGroup").monthly;
    for region in ["eu-west-1", "ap-southeast-1"] {
        let factor = prices::region_factor(region).unwrap();
        assert!(factor > 1.0);
        assert!(close(
            line(&e, region, "WebAutoScalingGroup").monthly,
            us * factor
        ));
        assert_eq!(e.region_factors.get(region), Some(&factor));
    }
}

#[test]
fn without_a_load_usage_is_zero_and_said_so() {
    let (mut loaded, stacks) = synth_builtin("stage5");
    loaded.stage.capacity = None;
    let e = estimate(&loaded.stage, &stacks);
    assert_cost(line(&e, "", "StaticDistribution"), 0.0);
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("add a `capacity:` section"))
    );
    assert!(e.lines.iter().all(|l| l.id != "(internet egress)"));
}
