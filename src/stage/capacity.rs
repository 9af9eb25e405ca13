//! The `capacity:` section of a stage: the load the stage is sized for, and the assumptions
//! that turn load into instance counts and cost. Values people write the way they say them
//! (`10M` users, `5%` concurrency, `1-5` requests a minute) are parsed here, so a bad one is
//! an error pointing at the value.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// The load a stage is sized for, and how to read it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacitySpec {
    /// Registered users: `250000`, `250k`, `10M`.
    pub users: UserCount,
    /// Share of users active at the peak: `5%` or `0.05`, above 0.
    #[serde(
        default = "default_concurrency",
        deserialize_with = "deserialize_concurrency"
    )]
    pub peak_concurrency: Share,
    /// Requests an active user sends a minute: `1-5` or `3`.
    #[serde(default = "default_rpm")]
    pub requests_per_minute: RateRange,
    /// Per-request and per-instance assumptions; each can be overridden.
    #[serde(default)]
    pub assumptions: Assumptions,
}

fn deserialize_concurrency<'de, D: Deserializer<'de>>(d: D) -> Result<Share, D::Error> {
    Share::deserialize(d)?
        .concurrency()
        .map_err(serde::de::Error::custom)
}

fn default_concurrency() -> Share {
    Share(0.05)
}
fn default_rpm() -> RateRange {
    RateRange {
        low: 1.0,
        high: 5.0,
    }
}

impl CapacitySpec {
    /// The `recommend` flags that state this load: `--users 10M`, with `--concurrency` and
    /// `--rpm` when they differ from the defaults. Assumptions have no flags.
    pub fn flags(&self) -> String {
        let mut flags = format!("--users {}", self.users);
        if self.peak_concurrency != default_concurrency() {
            flags.push_str(&format!(" --concurrency {}", self.peak_concurrency));
        }
        if self.requests_per_minute != default_rpm() {
            flags.push_str(&format!(" --rpm {}", self.requests_per_minute));
        }
        flags
    }

    /// Whether the assumptions are the documented defaults.
    pub fn default_assumptions(&self) -> bool {
        self.assumptions == Assumptions::default()
    }

    /// A spec for `users` with the default concurrency, rate and assumptions.
    pub fn for_users(users: u64) -> Self {
        CapacitySpec {
            users: UserCount(users),
            peak_concurrency: default_concurrency(),
            requests_per_minute: default_rpm(),
            assumptions: Assumptions::default(),
        }
    }
}

/// The smallest rate an assumption may state (operations a second per vCPU, per table, a
/// batch's seconds): anything less sizes fleets past any count.
pub const LEAST_RATE: f64 = 1e-3;

/// The largest value any numeric assumption may take: far past any real figure, small
/// enough that the model's products stay finite.
pub const MOST_ASSUMED: f64 = 1e9;

/// What one request, one instance and one node are assumed to do. The defaults are
/// documented middle-of-the-road figures for a typical web application; measure yours and
/// write them here.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Assumptions {
    /// Share of requests that are static assets, served by the CDN when the stage has one.
    pub static_share: Share,
    /// Share of dynamic requests that only read data (the rest write).
    pub read_share: Share,
    /// Share of reads the cache answers, when the stage has one.
    pub cache_hit_ratio: Share,
    /// Share of writes that go to DynamoDB tables instead of the database, when the stage
    /// has tables.
    pub nosql_write_share: Share,
    /// Database reads one dynamic read request makes (before the cache answers some).
    #[schemars(range(min = 0.0, max = MOST_ASSUMED))]
    pub reads_per_request: f64,
    /// Database writes one dynamic write request makes.
    #[schemars(range(min = 0.0, max = MOST_ASSUMED))]
    pub writes_per_request: f64,
    /// Dynamic requests a second one vCPU of the web tier or a service serves at the scaling
    /// target.
    #[schemars(range(min = LEAST_RATE, max = MOST_ASSUMED))]
    pub rps_per_vcpu: f64,
    /// Simple reads a second one database vCPU serves.
    #[schemars(range(min = LEAST_RATE, max = MOST_ASSUMED))]
    pub db_reads_per_vcpu: f64,
    /// Writes a second one database primary vCPU commits (Multi-AZ, synchronous standby).
    #[schemars(range(min = LEAST_RATE, max = MOST_ASSUMED))]
    pub db_writes_per_vcpu: f64,
    /// Cache operations a second one cache node vCPU serves.
    #[schemars(range(min = LEAST_RATE, max = MOST_ASSUMED))]
    pub cache_ops_per_vcpu: f64,
    /// On-demand request units a second one DynamoDB table takes (the default table quota).
    #[schemars(range(min = LEAST_RATE, max = MOST_ASSUMED))]
    pub table_units_per_second: f64,
    /// Spare capacity kept above the peak, for a lost zone and for spikes: `25%`.
    pub headroom: Share,
    /// Average traffic over a month as a share of the peak (for usage-priced services).
    pub mean_to_peak: Share,
    /// Average size of a static asset response, in KB.
    #[schemars(range(min = 0.0, max = MOST_ASSUMED))]
    pub static_response_kb: f64,
    /// Average size of a dynamic response, in KB.
    #[schemars(range(min = 0.0, max = MOST_ASSUMED))]
    pub dynamic_response_kb: f64,
    /// Data kept in the object bucket, in GB.
    #[schemars(range(min = 0.0, max = MOST_ASSUMED))]
    pub object_storage_gb: f64,
    /// Data kept in each DynamoDB table, in GB.
    #[schemars(range(min = 0.0, max = MOST_ASSUMED))]
    pub table_storage_gb: f64,
    /// Messages queued per write request (events for workers), when the stage has queues.
    #[schemars(range(min = 0.0, max = MOST_ASSUMED))]
    pub messages_per_write: f64,
    /// Seconds a worker runs for one batch of messages.
    #[schemars(range(min = LEAST_RATE, max = MOST_ASSUMED))]
    pub worker_batch_seconds: f64,
}

impl Assumptions {
    /// Every numeric assumption with its name and its least value (rates [`LEAST_RATE`],
    /// amounts 0); all are at most [`MOST_ASSUMED`]. The schema states the same bounds.
    pub fn bounded(&self) -> [(&'static str, f64, f64); 13] {
        [
            ("rps_per_vcpu", self.rps_per_vcpu, LEAST_RATE),
            ("db_reads_per_vcpu", self.db_reads_per_vcpu, LEAST_RATE),
            ("db_writes_per_vcpu", self.db_writes_per_vcpu, LEAST_RATE),
            ("cache_ops_per_vcpu", self.cache_ops_per_vcpu, LEAST_RATE),
            (
                "table_units_per_second",
                self.table_units_per_second,
                LEAST_RATE,
            ),
            (
                "worker_batch_seconds",
                self.worker_batch_seconds,
                LEAST_RATE,
            ),
            ("reads_per_request", self.reads_per_request, 0.0),
            ("writes_per_request", self.writes_per_request, 0.0),
            ("static_response_kb", self.static_response_kb, 0.0),
            ("dynamic_response_kb", self.dynamic_response_kb, 0.0),
            ("object_storage_gb", self.object_storage_gb, 0.0),
            ("table_storage_gb", self.table_storage_gb, 0.0),
            ("messages_per_write", self.messages_per_write, 0.0),
        ]
    }
}

impl Default for Assumptions {
    fn default() -> Self {
        Assumptions {
            static_share: Share(0.5),
            read_share: Share(0.9),
            cache_hit_ratio: Share(0.8),
            nosql_write_share: Share(0.5),
            reads_per_request: 4.0,
            writes_per_request: 1.0,
            rps_per_vcpu: 100.0,
            db_reads_per_vcpu: 1500.0,
            db_writes_per_vcpu: 250.0,
            cache_ops_per_vcpu: 25_000.0,
            table_units_per_second: 40_000.0,
            headroom: Share(0.25),
            mean_to_peak: Share(0.3),
            static_response_kb: 30.0,
            dynamic_response_kb: 10.0,
            object_storage_gb: 500.0,
            table_storage_gb: 50.0,
            messages_per_write: 1.0,
            worker_batch_seconds: 1.0,
        }
    }
}

/// A count of users, written as a number or with a `k`, `M` or `B` suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UserCount(pub u64);

/// The most users a stage may state: far past any audience, small enough that the model's
/// products stay finite.
pub const MOST_USERS: u64 = 1_000_000_000_000;

impl UserCount {
    /// Parse `250000`, `250k`, `2.5M`, `1B` (case-insensitive suffix; `_` anywhere and `,`
    /// between groups of three digits allowed). The arithmetic is on integers: `4.1M` is
    /// exactly 4,100,000.
    pub fn parse(text: &str) -> Result<UserCount, String> {
        let bad = || {
            format!(
                "`{text}` is not a user count: write a whole number from 1 to 1000B, such as 250000, or one with a suffix such as 250k, 2.5M or 1B"
            )
        };
        let cleaned: String = text.trim().chars().filter(|c| *c != '_').collect();
        let (number, zeros) = match cleaned.char_indices().last() {
            Some((i, 'k' | 'K')) => (&cleaned[..i], 3),
            Some((i, 'm' | 'M')) => (&cleaned[..i], 6),
            Some((i, 'b' | 'B')) => (&cleaned[..i], 9),
            _ => (cleaned.as_str(), 0),
        };
        if number.ends_with('.') {
            return Err(bad());
        }
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let whole = ungroup(whole).ok_or_else(bad)?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(&whole) || !(fraction.is_empty() || digits(fraction)) {
            return Err(bad());
        }
        // Fraction digits past the suffix's zeros would be a part of a person.
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > zeros {
            return Err(bad());
        }
        let scale = |zeros: usize| 10u128.checked_pow(u32::try_from(zeros).ok()?);
        let whole: u128 = whole.parse().map_err(|_| bad())?;
        let part: u128 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().map_err(|_| bad())?
        };
        let users = whole
            .checked_mul(scale(zeros).ok_or_else(bad)?)
            .and_then(|w| w.checked_add(part * scale(zeros - fraction.len())?))
            .ok_or_else(bad)?;
        match u64::try_from(users) {
            Ok(n) if (1..=MOST_USERS).contains(&n) => Ok(UserCount(n)),
            _ => Err(bad()),
        }
    }
}

/// `10,000,000` as `10000000`: commas only between groups of three digits (`1,5` is a
/// decimal comma, not a thousands separator, and is refused).
fn ungroup(whole: &str) -> Option<String> {
    if !whole.contains(',') {
        return Some(whole.to_string());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}

impl fmt::Display for UserCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        for (factor, suffix) in [(1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")] {
            if n >= factor && n.is_multiple_of(factor / 10) {
                let whole = n / factor;
                let tenth = (n % factor) / (factor / 10);
                return if tenth == 0 {
                    write!(f, "{whole}{suffix}")
                } else {
                    write!(f, "{whole}.{tenth}{suffix}")
                };
            }
        }
        write!(f, "{n}")
    }
}

/// A share between 0 and 1, written as `5%` or `0.05`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Share(pub f64);

impl Share {
    /// Parse `5%`, `12.5%` or `0.05`.
    pub fn parse(text: &str) -> Result<Share, String> {
        let t = text.trim();
        let value = match t.strip_suffix('%') {
            Some(p) => p.trim().parse::<f64>().map(|v| v / 100.0),
            None => t.parse::<f64>(),
        };
        match value {
            Ok(v) => Share::new(v),
            Err(_) => Err(format!(
                "`{text}` is not a share: write a percentage such as 5% or a fraction such as 0.05"
            )),
        }
    }

    /// A peak concurrency: a share above 0 (nobody active is no load to size for).
    pub fn parse_concurrency(text: &str) -> Result<Share, String> {
        Share::parse(text).and_then(Share::concurrency)
    }

    /// This share as a peak concurrency: above 0.
    pub fn concurrency(self) -> Result<Share, String> {
        if self.0 > 0.0 {
            Ok(self)
        } else {
            Err("a peak concurrency of 0% is no load: write the share of users active at the busiest minute, such as 5%".to_string())
        }
    }

    /// A share from a fraction, checked to be within 0..=1.
    pub fn new(value: f64) -> Result<Share, String> {
        if (0.0..=1.0).contains(&value) {
            Ok(Share(value))
        } else {
            Err(format!(
                "{value} is outside 0..1: write a percentage between 0% and 100%, or a fraction between 0 and 1"
            ))
        }
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As written, without float noise: 5%, 12.5%, 0.0004% (ten decimals, trailing zeros
        // dropped, so what prints parses back to the same share).
        let pct = format!("{:.10}", self.0 * 100.0);
        let pct = pct.trim_end_matches('0').trim_end_matches('.');
        write!(f, "{pct}%")
    }
}

/// The most requests a minute one user may be assumed to send (one every 6 ms): far past a
/// person, small enough that the model's products stay finite.
const MOST_RPM: f64 = 10_000.0;

/// A rate written as a range `1-5` or one number `3`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRange {
    /// The low end.
    pub low: f64,
    /// The high end (the peak is sized for it).
    pub high: f64,
}

impl RateRange {
    /// Parse `1-5`, `0.5-2` or `3`.
    pub fn parse(text: &str) -> Result<RateRange, String> {
        let bad =
            || format!("`{text}` is not a rate: write a range such as 1-5 or one number such as 3");
        let (low, high) = match text.trim().split_once('-') {
            Some((l, h)) => (
                l.trim().parse::<f64>().map_err(|_| bad())?,
                h.trim().parse::<f64>().map_err(|_| bad())?,
            ),
            None => {
                let v = text.trim().parse::<f64>().map_err(|_| bad())?;
                (v, v)
            }
        };
        RateRange::new(low, high)
    }

    /// A range, checked to be positive and in order.
    pub fn new(low: f64, high: f64) -> Result<RateRange, String> {
        if !(low.is_finite() && high.is_finite()) || low <= 0.0 || high < low || high > MOST_RPM {
            return Err(format!(
                "{low}-{high} is not a rate range: both ends above 0 and at most {MOST_RPM}, the low end first, e.g. 1-5"
            ));
        }
        Ok(RateRange { low, high })
    }
}

impl fmt::Display for RateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.low == self.high {
            write!(f, "{}", self.low)
        } else {
            write!(f, "{}-{}", self.low, self.high)
        }
    }
}

impl JsonSchema for UserCount {
    fn schema_name() -> Cow<'static, str> {
        "UserCount".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A count of users: a whole number, or one with a k, M or B suffix (250000, 250k, 2.5M, 1B).",
            "anyOf": [
                { "type": "integer", "minimum": 1, "maximum": 1_000_000_000_000u64 },
                { "type": "string", "pattern": "^[0-9][0-9_]*(,[0-9]{3})*(\\.[0-9]+)?[kKmMbB]?$" }
            ]
        })
    }
}

impl JsonSchema for Share {
    fn schema_name() -> Cow<'static, str> {
        "Share".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A share: a percentage (5%) or a fraction between 0 and 1 (0.05).",
            "anyOf": [
                { "type": "number", "minimum": 0, "maximum": 1 },
                { "type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?%$" }
            ]
        })
    }
}

impl JsonSchema for RateRange {
    fn schema_name() -> Cow<'static, str> {
        "RateRange".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A rate: a range low-high (1-5) or one number (3), above 0.",
            "anyOf": [
                { "type": "number", "exclusiveMinimum": 0, "maximum": 10000 },
                { "type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?(-[0-9]+(\\.[0-9]+)?)?$" }
            ]
        })
    }
}

/// A YAML scalar that may arrive as a number or a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Int(u64),
    Float(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for UserCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let parsed = match Scalar::deserialize(d)? {
            Scalar::Int(n) => UserCount::parse(&n.to_string()),
            // `2.5e6` is YAML for a float; whole ones are counts, written out in full.
            Scalar::Float(v) if v.fract() == 0.0 && v.abs() < 1e15 => {
                UserCount::parse(&format!("{v:.0}"))
            }
            Scalar::Float(v) => UserCount::parse(&v.to_string()),
            Scalar::Text(t) => UserCount::parse(&t),
        };
        parsed.map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let parsed = match Scalar::deserialize(d)? {
            Scalar::Int(n) => Share::new(n as f64),
            Scalar::Float(v) => Share::new(v),
            Scalar::Text(t) => Share::parse(&t),
        };
        parsed.map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for RateRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let parsed = match Scalar::deserialize(d)? {
            Scalar::Int(n) => RateRange::new(n as f64, n as f64),
            Scalar::Float(v) => RateRange::new(v, v),
            Scalar::Text(t) => RateRange::parse(&t),
        };
        parsed.map_err(serde::de::Error::custom)
    }
}

impl Serialize for UserCount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(self.0)
    }
}

impl Serialize for Share {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0)
    }
}

impl Serialize for RateRange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_counts_parse_as_people_write_them() {
        for (text, users) in [
            ("250000", 250_000),
            ("250k", 250_000),
            ("2.5M", 2_500_000),
            ("10M", 10_000_000),
            ("1B", 1_000_000_000),
            ("10_000_000", 10_000_000),
            ("10,000", 10_000),
            ("10,000,000", 10_000_000),
            ("4.1M", 4_100_000),
            ("8.3m", 8_300_000),
            ("16.1k", 16_100),
            ("2.50M", 2_500_000),
            ("1.000000001B", 1_000_000_001),
            ("1000B", 1_000_000_000_000),
        ] {
            assert_eq!(UserCount::parse(text), Ok(UserCount(users)), "{text}");
        }
        for bad in [
            "",
            "ten",
            "0",
            "-5",
            "1.5",
            "2.5x",
            "1e13",
            "1,5M",
            "10,00",
            ",100",
            "1.2345k",
            "1001B",
            "18446744073709551615",
            ".5M",
            "5.M",
            "k",
        ] {
            assert!(UserCount::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn user_counts_print_short() {
        for (users, text) in [
            (10_000_000, "10M"),
            (2_500_000, "2.5M"),
            (250_000, "250k"),
            (1_234, "1234"),
            (1_000, "1k"),
        ] {
            assert_eq!(UserCount(users).to_string(), text);
        }
        // What prints parses back: init writes these into scaffolds.
        for n in (1..2000u64).map(|i| i * 100_000 + 1_000_000) {
            let text = UserCount(n).to_string();
            assert_eq!(UserCount::parse(&text), Ok(UserCount(n)), "{text}");
        }
    }

    #[test]
    fn shares_and_ranges_parse_and_refuse_nonsense() {
        assert_eq!(Share::parse("5%"), Ok(Share(0.05)));
        assert_eq!(Share::parse("0.05"), Ok(Share(0.05)));
        assert_eq!(
            Share::parse("12.5%").map(|s| s.to_string()),
            Ok("12.5%".into())
        );
        for written in [
            "5%", "12.5%", "0.0004%", "0.0125%", "7%", "100%", "33.3333%",
        ] {
            let share = Share::parse(written).unwrap_or(Share(f64::NAN));
            assert_eq!(share.to_string(), written);
            assert_eq!(Share::parse(&share.to_string()), Ok(share), "{written}");
        }
        assert!(Share::parse("150%").is_err());
        assert!(Share::parse("five").is_err());
        assert_eq!(RateRange::parse("1-5"), RateRange::new(1.0, 5.0));
        assert_eq!(RateRange::parse("3"), RateRange::new(3.0, 3.0));
        assert!(RateRange::parse("5-1").is_err());
        assert!(RateRange::parse("0").is_err());
        assert!(RateRange::parse("a-b").is_err());
    }
}
