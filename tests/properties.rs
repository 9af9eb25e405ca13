//! Property tests: no input makes the loader, the validator or synthesis panic. Arbitrary
//! text, YAML-shaped text, and structured stage files with values drawn from both sensible
//! and hostile ranges go through the whole offline pipeline.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers fail the test loudly

use clap::Parser;
use proptest::prelude::*;
use scalectl::cli::Cli;
use scalectl::commands::{Console, load, prepare_with};
use scalectl::stage::FileReader;
use scalectl::validate::OfflineFacts;
use serde_json::Value as Json;
use std::path::Path;

/// `shop.yaml` holds the generated text; `base.yaml` extends a built-in stage.
struct Files(String);

impl FileReader for Files {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        match path.to_str() {
            Some("shop.yaml") => Ok(self.0.clone()),
            Some("base.yaml") => Ok("extends: stage3\nname: base\n".to_string()),
            _ => Err(std::io::Error::from(std::io::ErrorKind::NotFound)),
        }
    }
}

/// A console that keeps what a command writes and answers no.
#[derive(Default)]
struct Captured(Vec<u8>, Vec<u8>);

impl Console for Captured {
    fn out(&mut self) -> &mut dyn std::io::Write {
        &mut self.0
    }
    fn err(&mut self) -> &mut dyn std::io::Write {
        &mut self.1
    }
    fn interactive(&self) -> bool {
        false
    }
    fn progress(&self) -> Option<indicatif::ProgressDrawTarget> {
        None
    }
    fn confirm(&mut self, _question: &str) -> bool {
        false
    }
}

/// Run a command line on the generated files; any outcome but a panic is fine.
fn command(args: &[&str], reader: &Files) {
    let cli = Cli::try_parse_from(std::iter::once("scalectl").chain(args.iter().copied()))
        .unwrap_or_else(|e| panic!("{args:?} should parse: {e}"));
    let _ = scalectl::commands::run(&cli, reader, &mut Captured::default());
}

/// Load, validate and (when valid) synthesize and plan; any outcome but a panic is fine.
fn run(text: String) {
    let reader = Files(text);
    let mut valid = false;
    if let Ok(loaded) = load("shop.yaml", None, &reader) {
        valid = prepare_with(loaded, false, None, &OfflineFacts).is_ok();
    }
    if let Ok(loaded) = load("shop.yaml", Some("eu-west-1"), &reader) {
        let _ = prepare_with(loaded, true, Some("shop"), &OfflineFacts);
    }
    if valid {
        // The plan adds capacity, cost, a sketch and a diagram to what synthesis made.
        command(&["plan", "shop.yaml", "--format", "json"], &reader);
        command(&["plan", "shop.yaml", "--from", "stage0"], &reader);
        command(&["graph", "shop.yaml", "--format", "dot"], &reader);
    }
}

fn number() -> impl Strategy<Value = Json> {
    prop_oneof![
        4 => (0u64..6).prop_map(Json::from),
        2 => (0u64..2000).prop_map(Json::from),
        1 => any::<u32>().prop_map(Json::from),
        2 => Just(Json::from(u64::from(u32::MAX))),
        1 => Just(Json::from(-1)),
        1 => Just(Json::from(0.5)),
        1 => Just(Json::Null),
        1 => Just(Json::from("12")),
    ]
}

fn pick(options: &'static [&'static str]) -> impl Strategy<Value = Json> {
    proptest::sample::select(options).prop_map(Json::from)
}

fn cidr() -> impl Strategy<Value = Json> {
    prop_oneof![
        3 => pick(&["10.0.0.0/16", "10.1.0.0/16", "172.16.0.0/16", "192.168.0.0/20"]),
        1 => pick(&["10.0.0.0/8", "10.0.0.0/28", "10.0.0.0/33", "10.0.0.1/16", "0.0.0.0/0", "x", "8.8.0.0/16", "10.0.0.0/22"]),
        1 => (any::<u8>(), any::<u8>(), 0u8..40).prop_map(|(a, b, p)| Json::from(format!("{a}.{b}.0.0/{p}"))),
    ]
}

/// A JSON object from optional fields (JSON is YAML, so it is a stage file too).
fn object(fields: Vec<(&str, Option<Json>)>) -> Json {
    let map: serde_json::Map<String, Json> = fields
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
        .collect();
    Json::Object(map)
}

fn opt<S: Strategy<Value = Json>>(s: S) -> impl Strategy<Value = Option<Json>> {
    proptest::option::weighted(0.4, s)
}

prop_compose! {
    fn network()(
        region in opt(pick(&["us-east-1", "us-west-1", "eu-west-2", "mx-central-1", "af-south-1", "mars-1", ""])),
        zones in opt(prop_oneof![number(), Just(serde_json::json!(["us-east-1a", "us-east-1e"])), Just(serde_json::json!([])), Just(serde_json::json!(["us-east-1a", "us-east-1a"]))]),
        vpc in opt(cidr()),
        nat in opt(pick(&["none", "single", "per_az", "many"])),
        public in opt(proptest::collection::vec(cidr(), 0..4).prop_map(|v| serde_json::json!({"public": v}))),
    ) -> Option<Json> {
        Some(object(vec![("region", region), ("availability_zones", zones), ("vpc_cidr", vpc), ("nat_gateways", nat), ("subnets", public)]))
    }
}

prop_compose! {
    fn web()(
        mode in opt(pick(&["single", "fleet", "swarm"])),
        itype in opt(pick(&["t3.micro", "m6i.large", "m7g.large", "x2idn.16xlarge", "p5.48xlarge", "nope", "t2.nano"])),
        min in opt(number()), desired in opt(number()), max in opt(number()),
        spot in opt(prop_oneof![
            Just(Json::Null),
            (number(), number()).prop_map(|(b, p)| serde_json::json!({"on_demand_base": b, "on_demand_percent_above_base": p, "instance_types": ["m6a.large", "m5.large"]})),
            Just(serde_json::json!({"instance_types": ["m6a.large", "m7g.large", "m6a.large"]})),
        ]),
    ) -> Json {
        object(vec![("mode", mode), ("instance_type", itype), ("min", min), ("desired", desired), ("max", max), ("spot", spot)])
    }
}

prop_compose! {
    fn service()(max in number(), cpu in pick(&["256", "512", "300"]), path in pick(&["/a/*", "b"]), name in pick(&["orders", "catalog", "x"])) -> Json {
        serde_json::json!({"name": name, "image": "nginx", "path": path, "cpu": cpu.as_str().and_then(|c| c.parse::<u32>().ok()), "memory": 1024, "max": max})
    }
}

prop_compose! {
    fn worker()(reserved in number(), timeout in opt(number()), queue in pick(&["orders", "notifications", "nope"])) -> Json {
        object(vec![("name", Some(Json::from("w"))), ("queue", Some(queue)), ("timeout_seconds", timeout), ("reserved_concurrency", Some(reserved))])
    }
}

fn capacity() -> BoxedStrategy<Json> {
    // Mostly sound values (so the stage validates and sizing, cost and the plan run on
    // them), some hostile ones (so the errors are exercised too).
    let users = prop_oneof![
        20 => pick(&["10M", "1k", "1", "2.5M", "4.1M", "1B", "1000B", "999,999"]),
        4 => (1u64..2_000_000_000_000).prop_map(Json::from),
        1 => pick(&["0", "18446744073709551615", "1e30", "-3", "abc", "999T", "1,5M"]),
        1 => number(),
    ];
    let share = || {
        prop_oneof![
            20 => pick(&["5%", "0.01%", "100%", "12.5%", "0.5", "1"]),
            1 => pick(&["0%", "250%", "-1%", "%"]),
            1 => number(),
        ]
    };
    let rate = prop_oneof![
        20 => pick(&["1-5", "3", "0.001", "10000", "1-10000", "0.5-2"]),
        1 => pick(&["5-1", "0-0", "1e300-1e308", "-", ""]),
        1 => number(),
    ];
    let factor = || {
        prop_oneof![
            30 => pick(&["0.001", "1", "4", "250", "1e9"]).prop_map(|v| Json::from(v.as_str().and_then(|v| v.parse::<f64>().ok()))),
            1 => number(),
            1 => Just(Json::from(1e308)),
            1 => Just(Json::from(-1e308)),
            1 => Just(Json::from(1e-300)),
        ]
    };
    (
        users,
        share(),
        rate,
        share(),
        share(),
        factor(),
        factor(),
        factor(),
        factor(),
    )
        .prop_map(
            |(users, peak, rate, hit, headroom, rps, writes, reads, kb)| {
                serde_json::json!({
                    "users": users,
                    "peak_concurrency": peak,
                    "requests_per_minute": rate,
                    "assumptions": {
                        "cache_hit_ratio": hit,
                        "headroom": headroom,
                        "rps_per_vcpu": rps,
                        "db_writes_per_vcpu": writes,
                        "reads_per_request": reads,
                        "static_response_kb": kb,
                    },
                })
            },
        )
        // Boxed: the composed strategy is deep enough to overflow a test thread's stack.
        .boxed()
}

prop_compose! {
    fn stage_file()(
        extends in pick(&["stage0", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6", "stage7", "base.yaml", "shop.yaml", "nowhere"]),
        network in network(),
        web in opt(web()),
        services in opt(proptest::collection::vec(service(), 0..3).prop_map(Json::from)),
        database in opt((number(), number(), pick(&["db.r6g.large", "db.x", "r6g.large"])).prop_map(|(s, r, c)| serde_json::json!({"shards": s, "read_replicas": r, "instance_class": c}))),
        cache in opt(prop_oneof![Just(Json::Null), (number(), number()).prop_map(|(s, r)| serde_json::json!({"engine": "valkey", "engine_version": "8.0", "node_type": "cache.t4g.medium", "shards": s, "replicas_per_shard": r, "multi_az": true}))]),
        workers in opt(proptest::collection::vec(worker(), 0..3).prop_map(|mut list| {
            for (i, w) in list.iter_mut().enumerate() {
                w["name"] = Json::from(format!("w{i}"));
            }
            Json::from(list)
        })),
        regions in opt(prop_oneof![
            Just(serde_json::json!([])),
            (cidr(), cidr()).prop_map(|(a, b)| serde_json::json!([{"name": "us-east-1", "vpc_cidr": a}, {"name": "eu-west-1", "vpc_cidr": b}])),
            Just(serde_json::json!([{"name": "eu-west-1", "vpc_cidr": "10.9.0.0/16"}])),
        ]),
        capacity in opt(prop_oneof![Just(Json::Null), capacity()]),
        quotas in opt(prop_oneof![Just(serde_json::json!({"L-1216C47A": 0})), Just(serde_json::json!({"L-NOPE": -3})), number().prop_map(|n| serde_json::json!({"L-B99A9384": n}))]),
    ) -> String {
        let compute = match (web, services) {
            (None, None) => None,
            (web, services) => Some(object(vec![("web", web), ("services", services)])),
        };
        let data = database.map(|d| serde_json::json!({"database": d}));
        let messaging = workers.map(|w| serde_json::json!({"workers": w}));
        let doc = object(vec![
            ("extends", Some(extends)),
            ("name", Some(Json::from("shop"))),
            ("network", network),
            ("compute", compute),
            ("data", data),
            ("cache", cache),
            ("messaging", messaging),
            ("regions", regions),
            ("quotas", quotas),
            ("capacity", capacity),
        ]);
        doc.to_string()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        run(text);
    }

    #[test]
    fn yaml_shaped_text_never_panics(text in "([a-z_]{1,12}: ?(\\[|\\{|-|&a|\\*a|!!str|'|\"|[0-9]{1,12}|null|~)?[a-z0-9./ ]{0,12}\n {0,4}){0,12}") {
        run(text);
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn structured_stage_files_never_panic(text in stage_file()) {
        run(text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// A golden path with a hostile load: the stage is otherwise sound, so the capacity
    /// rule, sizing, cost and the plan all run on it.
    #[test]
    fn stated_loads_never_panic(
        extends in pick(&["stage0", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6", "stage7"]),
        capacity in capacity(),
    ) {
        let doc = serde_json::json!({"extends": extends, "name": "shop", "capacity": capacity});
        run(doc.to_string());
    }

    #[test]
    fn recommend_flags_never_panic(
        users in "[0-9]{0,22}(\\.[0-9]{1,3})?[kKmMbBT]?",
        concurrency in "-?[0-9]{0,4}(\\.[0-9]{1,2})?%?",
        rpm in "[0-9]{0,6}(\\.[0-9])?(-[0-9]{0,12})?",
    ) {
        let reader = Files(String::new());
        let args = ["recommend", "--users", &users, "--concurrency", &concurrency, "--rpm", &rpm, "--format", "json"];
        // Clap may refuse a value (an error with its exit code): only a parsed line runs.
        if let Ok(cli) = Cli::try_parse_from(std::iter::once("scalectl").chain(args)) {
            let _ = scalectl::commands::run(&cli, &reader, &mut Captured::default());
        }
    }
}

#[test]
fn huge_counts_do_not_overflow() {
    // Two workers reserving u32::MAX executions each once overflowed the demand sum.
    run(
        r#"{"extends": "stage6", "name": "shop", "messaging": {"workers": [
        {"name": "a", "queue": "orders", "reserved_concurrency": 4294967295},
        {"name": "b", "queue": "notifications", "reserved_concurrency": 4294967295}]}}"#
            .to_string(),
    );
}
