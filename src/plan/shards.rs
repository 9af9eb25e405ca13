//! The plan's shard section: where each shard lives and which shards move from the parent.

use crate::synth::placement::{KeyRange, Placement, PlacementChange, ShardMove};
use crate::synth::stack_name;
use std::fmt::Write;

/// Consecutive runs of shard numbers: `[0, 1, 2, 5]` -> `[(0, 2), (5, 5)]`.
fn runs(shards: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &s in shards {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == s => *last = s,
            _ => out.push((s, s)),
        }
    }
    out
}

fn run_text((first, last): (u32, u32)) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first}-{last}")
    }
}

/// Render the placement: one line per stack that holds shards.
pub fn render_placement(out: &mut String, base: &str, placement: &Placement) {
    if placement.total == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "\nShard placement: {} shard{}",
        placement.total,
        if placement.total == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        out,
        "  key: shard = floor(h * {} / 2^64), h the 64-bit hash of the shard key",
        placement.total
    );
    let _ = writeln!(out, "  homes: {}", placement.rule.describe());
    let mut stacks: Vec<(&str, &str)> = Vec::new();
    for home in &placement.shards {
        if !stacks.contains(&(home.region.as_str(), home.stack.as_str())) {
            stacks.push((home.region.as_str(), home.stack.as_str()));
        }
    }
    let mut last_region = "";
    for (region, stack) in stacks {
        let shards = placement.in_stack(stack);
        let runs = runs(&shards);
        let numbers = runs
            .iter()
            .map(|r| run_text(*r))
            .collect::<Vec<_>>()
            .join(", ");
        let keys = runs
            .iter()
            .map(|(first, last)| {
                KeyRange {
                    start: KeyRange::of(*first, placement.total).start,
                    last: KeyRange::of(*last, placement.total).last,
                }
                .to_string()
            })
            .collect::<Vec<_>>()
            .join(", ");
        let shown = if region == last_region { "" } else { region };
        last_region = region;
        let _ = writeln!(
            out,
            "  {shown:<15} shards {numbers:<10} keys {keys}  in {}",
            stack_name(base, stack)
        );
    }
    if let Some((serves, lost)) = reach(placement) {
        let _ = writeln!(out, "  reach: {serves}");
        let _ = writeln!(out, "  region lost: {lost}");
    }
}

/// How requests reach shards homed in several regions, and what losing a region does: the
/// design as it stands, in two sentences, or `None` when every shard has one home region.
pub fn reach(placement: &Placement) -> Option<(&'static str, &'static str)> {
    let first = placement.shards.first()?;
    if placement.shards.iter().all(|h| h.region == first.region) {
        return None;
    }
    Some((
        "latency DNS sends a request to the nearest healthy region, which serves the tenants whose shards it homes (its web tier reads only its own region's shard map, secrets and network); for any other tenant the application answers with a redirect to the home region's own name (`DB_SHARD_HOMES` lists each run of shards with its region and host, e.g. `eu-west-1.www.example.com`)",
        "the shards homed in a lost region are down until it returns (no cross-region replicas); the other regions keep serving their own tenants, and global tables keep every region's items",
    ))
}

/// Render what changes from the parent's placement.
/// `parent` and `base` name the two graphs' stacks.
pub fn render_change(out: &mut String, parent: &str, base: &str, change: &PlacementChange) {
    if change.moves.is_empty() && change.resharded.is_none() {
        return;
    }
    let _ = writeln!(out, "\nShards compared with {parent}");
    if let Some((before, after)) = change.resharded {
        let _ = writeln!(
            out,
            "  ! {before} -> {after} shards: every key range changes; the rows of each range must be copied to its new shard before the application uses the new map"
        );
    }
    let mut groups: Vec<(u32, u32, &ShardMove)> = Vec::new();
    for m in &change.moves {
        match groups.last_mut() {
            Some((_, last, prev))
                if *last + 1 == m.shard && prev.from == m.from && prev.to == m.to =>
            {
                *last = m.shard
            }
            _ => groups.push((m.shard, m.shard, m)),
        }
    }
    let place = |p: &Option<(String, String)>, base: &str| match p {
        Some((region, stack)) => format!("{region} ({})", stack_name(base, stack)),
        None => String::new(),
    };
    for (first, last, m) in groups {
        let which = if first == last {
            format!("shard {first}")
        } else {
            format!("shards {first}-{last}")
        };
        let line = match (&m.from, &m.to) {
            (None, Some(_)) => format!("+ {which}: new, in {}", place(&m.to, base)),
            (Some(_), None) => format!(
                "- {which}: removed from {}; its database is deleted (deploy refuses without --allow-replace)",
                place(&m.from, parent)
            ),
            _ => format!(
                "> {which}: moves {} -> {}; a new database is created there and the old one deleted: copy the data first (deploy refuses the deletion without --allow-replace)",
                place(&m.from, parent),
                place(&m.to, base)
            ),
        };
        let _ = writeln!(out, "  {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_group_consecutive_shards() {
        assert_eq!(runs(&[0, 1, 2, 5, 7, 8]), vec![(0, 2), (5, 5), (7, 8)]);
        assert_eq!(runs(&[]), vec![]);
        assert_eq!(run_text((3, 3)), "3");
        assert_eq!(run_text((3, 9)), "3-9");
    }
}
