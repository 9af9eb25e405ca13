//! Shard placement: which region is each database shard's home, which stack holds it, and
//! which part of the shard key space it owns.
//!
//! The rule, in full:
//! - **Key ranges.** The application hashes the shard key to 64 bits. With `N` shards,
//!   shard `i` owns hashes `[i * 2^64 / N, (i + 1) * 2^64 / N)`. Changing `N` changes every
//!   shard's range: that is a resharding, and [`moves`] says so.
//! - **Home regions.** Without an explicit list, regions take contiguous blocks of shard
//!   numbers in the order they are listed, as evenly as possible, the first `N % R`
//!   regions taking one more; so each region owns one contiguous key range. A region may
//!   instead list its shards (`regions[].shards`), and then every region must; that pins
//!   shards when regions are added or shards are moved on purpose.
//! - **Stacks.** A region's shards, in ascending order, fill blocks of
//!   [`SHARDS_PER_STACK`]: the first block lives in the region's stack (the first region's
//!   is the graph's own stack, so a stage that adds regions keeps its shards where they are), block `k` in a
//!   sibling stack `<region stack>-shards-<k>`. The block depends only on a shard's
//!   position among its region's shards, so adding shards adds stacks and never moves a
//!   shard to another stack.

use crate::stage::Stage;
use std::collections::BTreeMap;

/// Shards held by one stack: small enough that a block of shards with the most read
/// replicas RDS allows (15) stays far below CloudFormation's 500 resources and 200
/// outputs, next to a full regional stack.
pub const SHARDS_PER_STACK: usize = 16;

/// The most shards a stage may have: 64 regions' worth of full shard stacks is far past any
/// account's RDS quotas; a larger fleet is several stages. Validation enforces it.
pub const MAX_SHARDS: u32 = 1024;

/// How the shards were placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Contiguous blocks of shard numbers per region, in region order.
    Contiguous,
    /// Each region lists its shards.
    Explicit,
}

impl Rule {
    /// The rule in words.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Contiguous => {
                "contiguous blocks of shard numbers per region, in the order regions are listed"
            }
            Rule::Explicit => "as listed under each region's `shards:`",
        }
    }
}

/// The part of the 64-bit hashed key space a shard owns: `start..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyRange {
    /// First hash owned.
    pub start: u64,
    /// Last hash owned.
    pub last: u64,
}

impl KeyRange {
    /// Shard `index` of `total`.
    pub fn of(index: u32, total: u32) -> KeyRange {
        let bound = |i: u32| -> u128 { (u128::from(i) << 64) / u128::from(total.max(1)) };
        let start = bound(index);
        let end = bound(index + 1);
        KeyRange {
            start: u64::try_from(start).unwrap_or(u64::MAX),
            last: u64::try_from(end.saturating_sub(1)).unwrap_or(u64::MAX),
        }
    }
}

impl std::fmt::Display for KeyRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}..={:016x}", self.start, self.last)
    }
}

/// One shard's home.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardHome {
    /// Shard number.
    pub shard: u32,
    /// Home region.
    pub region: String,
    /// Suffix of the stack that holds it (empty for a single-stack stage).
    pub stack: String,
    /// The keys it owns.
    pub keys: KeyRange,
}

/// Where every shard of a stage lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The rule used.
    pub rule: Rule,
    /// Shards in the stage.
    pub total: u32,
    /// Every shard, by number.
    pub shards: Vec<ShardHome>,
}

impl Placement {
    /// The shards held by the stack with this suffix, ascending.
    pub fn in_stack(&self, stack: &str) -> Vec<u32> {
        self.shards
            .iter()
            .filter(|s| s.stack == stack)
            .map(|s| s.shard)
            .collect()
    }

    /// The extra shard stacks of the region whose stack has suffix `region_stack`, in block
    /// order (shards are kept by number, and a region's blocks follow its shard numbers).
    pub fn shard_stacks(&self, region_stack: &str) -> Vec<String> {
        let prefix = shard_stack_prefix(region_stack);
        let mut stacks: Vec<String> = Vec::new();
        for home in &self.shards {
            if home.stack.starts_with(&prefix) && !stacks.contains(&home.stack) {
                stacks.push(home.stack.clone());
            }
        }
        stacks
    }
}

fn shard_stack_prefix(region_stack: &str) -> String {
    if region_stack.is_empty() {
        "shards-".to_string()
    } else {
        format!("{region_stack}-shards-")
    }
}

/// The suffix of block `block` of the region whose own stack has suffix `region_stack`.
pub fn block_stack(region_stack: &str, block: usize) -> String {
    if block == 0 {
        region_stack.to_string()
    } else {
        format!("{}{block}", shard_stack_prefix(region_stack))
    }
}

/// Place a stage's shards. Explicit lists that do not cover every shard exactly once are
/// reported by validation; here a shard nobody lists falls back to the contiguous rule, so
/// synthesis stays total.
pub fn place(stage: &Stage) -> Placement {
    let total = stage.data.database.as_ref().map_or(0, |d| d.shards);
    let multi = stage.regions.len() >= 2;
    let regions: Vec<&str> = if multi {
        stage.regions.iter().map(|r| r.name.as_str()).collect()
    } else {
        vec![
            stage
                .regions
                .first()
                .map_or(stage.network.region.as_str(), |r| r.name.as_str()),
        ]
    };
    let explicit = multi && stage.regions.iter().any(|r| r.shards.is_some());
    let mut home: BTreeMap<u32, &str> = BTreeMap::new();
    if explicit {
        for spec in &stage.regions {
            for &shard in spec.shards.iter().flatten() {
                if shard < total {
                    home.entry(shard).or_insert(spec.name.as_str());
                }
            }
        }
    }
    let count = u32::try_from(regions.len()).unwrap_or(u32::MAX);
    for (index, region) in regions.iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        for shard in contiguous(total, count, index) {
            home.entry(shard).or_insert(region);
        }
    }
    let mut shards = Vec::new();
    for (index, region) in regions.iter().enumerate() {
        // The first region's stack is the graph's own, unsuffixed.
        let stack = if index == 0 {
            String::new()
        } else {
            region.to_string()
        };
        let mine = home.iter().filter(|(_, r)| *r == region).map(|(s, _)| *s);
        for (position, shard) in mine.enumerate() {
            shards.push(ShardHome {
                shard,
                region: region.to_string(),
                stack: block_stack(&stack, position / SHARDS_PER_STACK),
                keys: KeyRange::of(shard, total),
            });
        }
    }
    shards.sort_by_key(|s| s.shard);
    Placement {
        rule: if explicit {
            Rule::Explicit
        } else {
            Rule::Contiguous
        },
        total,
        shards,
    }
}

/// The shards homed in region `index` of `regions` under the contiguous rule.
pub fn contiguous(total: u32, regions: u32, index: u32) -> std::ops::Range<u32> {
    if regions == 0 {
        return 0..0;
    }
    let base = total / regions;
    let extra = total % regions;
    let start = index * base + index.min(extra);
    let len = base + u32::from(index < extra);
    start..start + len
}

/// How one shard changes between two placements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardMove {
    /// Shard number.
    pub shard: u32,
    /// Where it was (region, stack); `None` for a new shard.
    pub from: Option<(String, String)>,
    /// Where it goes; `None` for a removed shard.
    pub to: Option<(String, String)>,
}

/// What changes from `old` to `new`: shards that are added, removed, or change region or
/// stack (each of those is a new database where it lands: its data must be copied by
/// the team, and deploy's data-loss guard stops the old one's deletion), and whether the
/// key ranges change (a different shard count reshards every key).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlacementChange {
    /// Shards that move, appear or go.
    pub moves: Vec<ShardMove>,
    /// The shard count changed, so every key range did.
    pub resharded: Option<(u32, u32)>,
}

/// Compare two placements.
pub fn moves(old: &Placement, new: &Placement) -> PlacementChange {
    let at = |p: &Placement| -> BTreeMap<u32, (String, String)> {
        p.shards
            .iter()
            .map(|s| (s.shard, (s.region.clone(), s.stack.clone())))
            .collect()
    };
    let (before, after) = (at(old), at(new));
    let mut shards: Vec<u32> = before.keys().chain(after.keys()).copied().collect();
    shards.sort_unstable();
    shards.dedup();
    let moves = shards
        .into_iter()
        .filter_map(|shard| {
            let (from, to) = (before.get(&shard), after.get(&shard));
            (from != to).then(|| ShardMove {
                shard,
                from: from.cloned(),
                to: to.cloned(),
            })
        })
        .collect();
    PlacementChange {
        moves,
        resharded: (old.total != new.total && old.total > 0 && new.total > 0)
            .then_some((old.total, new.total)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contiguous_blocks_are_balanced() {
        assert_eq!(contiguous(6, 3, 0), 0..2);
        assert_eq!(contiguous(6, 3, 2), 4..6);
        assert_eq!(contiguous(7, 3, 0), 0..3);
        assert_eq!(contiguous(7, 3, 1), 3..5);
        assert_eq!(contiguous(7, 3, 2), 5..7);
        assert_eq!(contiguous(2, 3, 2), 2..2);
        assert_eq!(contiguous(5, 0, 0), 0..0);
    }

    #[test]
    fn key_ranges_tile_the_hash_space() {
        for total in [1u32, 2, 3, 6, 7, 64, 640] {
            let ranges: Vec<KeyRange> = (0..total).map(|i| KeyRange::of(i, total)).collect();
            assert_eq!(ranges[0].start, 0);
            assert_eq!(ranges[ranges.len() - 1].last, u64::MAX);
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].last + 1, pair[1].start, "total {total}");
            }
        }
        assert_eq!(KeyRange::of(1, 2).start, 1 << 63);
        assert_eq!(
            KeyRange::of(0, 4).to_string(),
            "0000000000000000..=3fffffffffffffff"
        );
    }

    #[test]
    fn block_stacks_are_named_from_the_region_stack() {
        assert_eq!(block_stack("eu-west-1", 0), "eu-west-1");
        assert_eq!(block_stack("eu-west-1", 2), "eu-west-1-shards-2");
        assert_eq!(block_stack("", 1), "shards-1");
    }
}
