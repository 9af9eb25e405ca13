//! Speed per golden-path stage: load (parse, extends, deserialize), then validate and
//! synthesize (every offline rule, before and after synthesis), then JSON. Repeated, median
//! and p90 reported. Run with `cargo bench --bench synth`.

use scalectl::commands::{FsReader, prepare_with};
use scalectl::stage::{BUILTIN_STAGES, StageRef, load};
use scalectl::validate::OfflineFacts;
use std::time::{Duration, Instant};

const RUNS: usize = 200;

fn median_p90(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[times.len() * 9 / 10])
}

fn main() {
    println!(
        "{:<8} {:>10} {:>16} {:>10} {:>12} {:>12} {:>10}",
        "stage", "load", "validate+synth", "json", "total", "total p90", "resources"
    );
    for builtin in BUILTIN_STAGES {
        let (mut loads, mut checks, mut jsons, mut totals) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut resources = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let Ok(loaded) = load(&StageRef::Builtin(builtin.name.to_string()), &FsReader) else {
                eprintln!("{} does not load", builtin.name);
                return;
            };
            let loaded_at = Instant::now();
            let Ok(prepared) = prepare_with(loaded, false, None, &OfflineFacts) else {
                eprintln!("{} does not validate", builtin.name);
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
            resources = prepared
                .stacks
                .iter()
                .map(|s| s.template.resources.len())
                .sum();
        }
        let (total, total_p90) = median_p90(totals);
        println!(
            "{:<8} {:>10.2?} {:>16.2?} {:>10.2?} {:>12.2?} {:>12.2?} {:>10}",
            builtin.name,
            median_p90(loads).0,
            median_p90(checks).0,
            median_p90(jsons).0,
            total,
            total_p90,
            resources
        );
    }
}
