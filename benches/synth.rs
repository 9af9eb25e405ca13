//! Speed per golden-path stage: load (parse, extends, deserialize), then validate and
//! synthesize (every offline rule, before and after synthesis), then JSON. Repeated, median
//! and p90 reported, then the same for the 10-region x 64-shard spec
//! (`tests/fixtures/valid/wide-10x64.yaml`, 40 stacks). The `plan extras` column is what
//! `plan` adds on top: the capacity assessment, the cost estimate of every resource and the
//! Mermaid diagram; the last lines time `recommend` (every golden path sized for 10M users)
//! and the climb (`plan`'s transition: each stage judged over the one before, diff, guard
//! and update-time rules over every stack).
//! Run with `cargo bench --bench synth`.

use scalectl::capacity;
use scalectl::commands::FsReader;
use scalectl::pipeline::prepare_with;
use scalectl::plan::{cost, diagram, recommend, transition};
use scalectl::stage::CapacitySpec;
use scalectl::stage::{BUILTIN_STAGES, StageRef, load};
use scalectl::validate::OfflineFacts;
use std::time::{Duration, Instant};

const RUNS: usize = 200;
/// Runs of the 10 x 64 spec (about a hundred times the work of a golden path).
const WIDE_RUNS: usize = 20;

fn median_p90(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[times.len() * 9 / 10])
}

fn main() {
    println!(
        "{:<8} {:>10} {:>16} {:>10} {:>12} {:>12} {:>10} {:>12}",
        "stage", "load", "validate+synth", "json", "total", "total p90", "resources", "plan extras"
    );
    let mut targets: Vec<(String, StageRef, usize)> = BUILTIN_STAGES
        .iter()
        .map(|b| {
            (
                b.name.to_string(),
                StageRef::Builtin(b.name.to_string()),
                RUNS,
            )
        })
        .collect();
    let wide = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/valid/wide-10x64.yaml");
    targets.push(("10x64".to_string(), StageRef::File(wide), WIDE_RUNS));
    for (label, target, runs) in targets {
        let (mut loads, mut checks, mut jsons, mut totals, mut extras) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut resources = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let Ok(loaded) = load(&target, &FsReader) else {
                eprintln!("{label} does not load");
                return;
            };
            let loaded_at = Instant::now();
            let Ok(prepared) = prepare_with(loaded, false, None, &OfflineFacts) else {
                eprintln!("{label} does not validate");
                return;
            };
            let checked_at = Instant::now();
            let json: usize = prepared
                .stacks
                .iter()
                .map(|s| s.template.to_json().len())
                .sum();
            std::hint::black_box(json);
            let end = Instant::now();
            loads.push(loaded_at - start);
            checks.push(checked_at - loaded_at);
            jsons.push(end - checked_at);
            totals.push(end - start);
            let stage = &prepared.loaded.stage;
            let extra_start = Instant::now();
            let assessed = stage.capacity.as_ref().map(|c| capacity::assess(stage, c));
            let estimate = cost::estimate(stage, &prepared.stacks);
            let picture = diagram::mermaid(&diagram::architecture(stage, &prepared.stacks)).ok();
            std::hint::black_box((assessed, estimate, picture));
            extras.push(extra_start.elapsed());
            resources = prepared
                .stacks
                .iter()
                .map(|s| s.template.resources.len())
                .sum();
        }
        let (total, total_p90) = median_p90(totals);
        println!(
            "{:<8} {:>10.2?} {:>16.2?} {:>10.2?} {:>12.2?} {:>12.2?} {:>10} {:>12.2?}",
            label,
            median_p90(loads).0,
            median_p90(checks).0,
            median_p90(jsons).0,
            total,
            total_p90,
            resources,
            median_p90(extras).0
        );
    }
    let ladder: Vec<_> = BUILTIN_STAGES
        .iter()
        .filter_map(|b| load(&StageRef::Builtin(b.name.to_string()), &FsReader).ok())
        .map(|l| l.stage)
        .collect();
    let spec = CapacitySpec::for_users(10_000_000);
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        std::hint::black_box(recommend::recommend(&ladder, &spec));
        times.push(start.elapsed());
    }
    let (median, p90) = median_p90(times);
    println!("recommend --users 10M (8 stages sized): median {median:.2?}, p90 {p90:.2?}");

    let prepared: Vec<_> = BUILTIN_STAGES
        .iter()
        .filter_map(|b| {
            let loaded = load(&StageRef::Builtin(b.name.to_string()), &FsReader).ok()?;
            prepare_with(loaded, false, None, &OfflineFacts).ok()
        })
        .collect();
    for pair in prepared.windows(2) {
        let (from, to) = (&pair[0], &pair[1]);
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let start = Instant::now();
            std::hint::black_box(transition::assess(
                &from.loaded.stage,
                &from.stacks,
                &to.loaded.stage,
                &to.stacks,
                "shop",
            ));
            times.push(start.elapsed());
        }
        let (median, p90) = median_p90(times);
        println!(
            "climb {} -> {}: median {median:.2?}, p90 {p90:.2?}",
            from.loaded.stage.name, to.loaded.stage.name
        );
    }
}
