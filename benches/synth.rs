//! Synthesis speed per golden-path stage: load (parse, extends, deserialize) plus
//! synthesize, repeated, median reported. Run with `cargo bench --bench synth`.

use scalectl::commands::FsReader;
use scalectl::stage::{BUILTIN_STAGES, StageRef, load};
use scalectl::synth::synthesize;
use std::time::{Duration, Instant};

const RUNS: usize = 200;

fn main() {
    println!(
        "{:<8} {:>12} {:>12} {:>10}",
        "stage", "median", "p90", "resources"
    );
    for builtin in BUILTIN_STAGES {
        let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
        let mut resources = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let Ok(loaded) = load(&StageRef::Builtin(builtin.name.to_string()), &FsReader) else {
                eprintln!("{} does not load", builtin.name);
                return;
            };
            let Ok(stacks) = synthesize(&loaded.stage) else {
                eprintln!("{} does not synthesize", builtin.name);
                return;
            };
            let json: usize = stacks.iter().map(|s| s.template.to_json().len()).sum();
            std::hint::black_box(json);
            times.push(start.elapsed());
            resources = stacks.iter().map(|s| s.template.resources.len()).sum();
        }
        times.sort();
        println!(
            "{:<8} {:>12?} {:>12?} {:>10}",
            builtin.name,
            times[RUNS / 2],
            times[RUNS * 9 / 10],
            resources
        );
    }
}
