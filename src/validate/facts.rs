//! The facts validation checks a stage against, behind one trait: regions and their zones,
//! where instance types are offered, which database and cache classes exist, which engine
//! versions RDS and ElastiCache offer, and quota values.
//!
//! Two providers: [`OfflineFacts`], the catalog built into the binary, and [`LiveFacts`], what
//! the AWS module read from the account (plain data: this module does no I/O), falling back
//! to the catalog wherever a call failed, with a note saying so.

use crate::catalog::{self, InstanceType, quotas::QuotaDef};
use std::collections::{BTreeMap, BTreeSet};

/// An availability zone as the account sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// Zone name, e.g. `us-east-1a` (maps to a physical zone per account).
    pub name: String,
    /// Zone ID, e.g. `use1-az6` (the same physical zone in every account).
    pub id: String,
}

/// Where a quota value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaSource {
    /// AWS's default value, built in.
    Default,
    /// The account's applied value, read from Service Quotas (or EC2 account attributes).
    Live,
    /// The account's value as the stage file declares it (`quotas:`).
    Declared,
}

/// A quota's value and where it came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuotaValue {
    /// The value.
    pub value: f64,
    /// Its source.
    pub source: QuotaSource,
}

/// A fact the live provider could not read, and what was used instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FallbackNote {
    /// The region it concerns.
    pub region: String,
    /// What could not be read and why.
    pub message: String,
}

/// What validation needs to know about AWS.
pub trait Facts {
    /// True when the facts were read from the account.
    fn is_live(&self) -> bool;

    /// The zones of a region, in name order; `None` for a region unknown (or not enabled).
    fn zones(&self, region: &str) -> Option<Vec<Zone>>;

    /// Every region code known, for suggestions.
    fn region_codes(&self) -> Vec<String> {
        catalog::REGIONS
            .iter()
            .map(|r| r.code.to_string())
            .collect()
    }

    /// Whether the zone (by ID) offers the instance type; `None` when unknown.
    fn ec2_offered(&self, region: &str, zone_id: &str, instance_type: &str) -> Option<bool>;

    /// The instance type's vCPUs and architecture, when known.
    fn instance_type(&self, name: &str) -> Option<InstanceType> {
        catalog::instance_type(name).copied()
    }

    /// Whether an RDS instance class is known.
    fn db_class_known(&self, class: &str) -> bool {
        catalog::classes::db_class_known(class)
    }

    /// Whether an ElastiCache node type is known.
    fn cache_node_known(&self, node_type: &str) -> bool {
        catalog::classes::cache_node_known(node_type)
    }

    /// A quota's value in a region.
    fn quota(&self, region: &str, quota: &QuotaDef) -> QuotaValue;

    /// The versions RDS offers for an engine (`postgres`, `mysql`) in a region, as read from
    /// the account; `None` when not read (offline, or the call failed): the catalog decides.
    fn db_engine_versions(&self, _region: &str, _engine: &str) -> Option<Vec<String>> {
        None
    }

    /// The versions ElastiCache offers for an engine (`valkey`, `redis`) in a region, as read
    /// from the account; `None` when not read: the catalog decides.
    fn cache_engine_versions(&self, _region: &str, _engine: &str) -> Option<Vec<String>> {
        None
    }

    /// Facts the provider could not read and replaced with built-in ones.
    fn fallbacks(&self) -> Vec<FallbackNote> {
        Vec::new()
    }

    /// The date of the built-in data.
    fn as_of(&self) -> &'static str {
        catalog::AS_OF
    }
}

/// The catalog built into the binary.
#[derive(Debug, Clone, Copy, Default)]
pub struct OfflineFacts;

fn catalog_zones(region: &str) -> Option<Vec<Zone>> {
    catalog::region(region).map(|r| {
        r.azs
            .iter()
            .map(|az| Zone {
                name: az.name.to_string(),
                id: az.id.to_string(),
            })
            .collect()
    })
}

impl Facts for OfflineFacts {
    fn is_live(&self) -> bool {
        false
    }

    fn zones(&self, region: &str) -> Option<Vec<Zone>> {
        catalog_zones(region)
    }

    fn ec2_offered(&self, region: &str, zone_id: &str, instance_type: &str) -> Option<bool> {
        catalog::ec2_offered(region, zone_id, instance_type)
    }

    fn quota(&self, _region: &str, quota: &QuotaDef) -> QuotaValue {
        QuotaValue {
            value: quota.default,
            source: QuotaSource::Default,
        }
    }
}

/// What the live provider read about one region. `None` fields could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveRegion {
    /// The account's zones (DescribeAvailabilityZones).
    pub zones: Option<Vec<Zone>>,
    /// Per instance type asked about, the zone IDs offering it (DescribeInstanceTypeOfferings).
    pub offerings: Option<BTreeMap<String, BTreeSet<String>>>,
    /// Applied quota values by quota code (Service Quotas, or EC2 account attributes).
    pub quotas: BTreeMap<String, f64>,
    /// RDS engine versions offered, by engine (`postgres`), for the engine the stage uses
    /// (DescribeDBEngineVersions). Absent when not asked for or not read.
    pub db_engine_versions: BTreeMap<String, Vec<String>>,
    /// ElastiCache engine versions offered, by engine (`valkey`), for the engine the stage
    /// uses (DescribeCacheEngineVersions). Absent when not asked for or not read.
    pub cache_engine_versions: BTreeMap<String, Vec<String>>,
}

/// Facts read from the account, with the catalog behind them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveFacts {
    /// Per region code.
    pub regions: BTreeMap<String, LiveRegion>,
    /// What could not be read.
    pub notes: Vec<FallbackNote>,
}

impl Facts for LiveFacts {
    fn is_live(&self) -> bool {
        true
    }

    fn zones(&self, region: &str) -> Option<Vec<Zone>> {
        match self.regions.get(region).and_then(|r| r.zones.as_ref()) {
            Some(zones) if !zones.is_empty() => Some(zones.clone()),
            Some(_) => None,
            None => catalog_zones(region),
        }
    }

    fn ec2_offered(&self, region: &str, zone_id: &str, instance_type: &str) -> Option<bool> {
        let live = self
            .regions
            .get(region)
            .and_then(|r| r.offerings.as_ref())
            .and_then(|o| o.get(instance_type));
        match live {
            Some(zones) => Some(zones.contains(zone_id)),
            None => catalog::ec2_offered(region, zone_id, instance_type),
        }
    }

    fn quota(&self, region: &str, quota: &QuotaDef) -> QuotaValue {
        match self
            .regions
            .get(region)
            .and_then(|r| r.quotas.get(quota.code))
        {
            Some(value) => QuotaValue {
                value: *value,
                source: QuotaSource::Live,
            },
            None => QuotaValue {
                value: quota.default,
                source: QuotaSource::Default,
            },
        }
    }

    fn db_engine_versions(&self, region: &str, engine: &str) -> Option<Vec<String>> {
        self.regions
            .get(region)
            .and_then(|r| r.db_engine_versions.get(engine))
            .cloned()
    }

    fn cache_engine_versions(&self, region: &str, engine: &str) -> Option<Vec<String>> {
        self.regions
            .get(region)
            .and_then(|r| r.cache_engine_versions.get(engine))
            .cloned()
    }

    fn fallbacks(&self) -> Vec<FallbackNote> {
        self.notes.clone()
    }
}

/// What the live provider should ask AWS about for a stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    /// Region codes.
    pub regions: Vec<String>,
    /// EC2 instance types the stage may launch.
    pub instance_types: Vec<String>,
    /// The RDS engine (`postgres`, `mysql`) whose versions to read, when the stage has a
    /// database.
    pub db_engine: Option<String>,
    /// The ElastiCache engine (`valkey`, `redis`) whose versions to read, when the stage has
    /// a cache.
    pub cache_engine: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::quotas::ON_DEMAND_STANDARD_VCPUS;

    #[test]
    fn live_facts_fall_back_to_the_catalog() {
        let mut live = LiveFacts::default();
        live.regions.insert(
            "us-east-1".to_string(),
            LiveRegion {
                zones: None,
                offerings: Some(BTreeMap::from([(
                    "m6i.large".to_string(),
                    BTreeSet::from(["use1-az3".to_string()]),
                )])),
                quotas: BTreeMap::from([("L-1216C47A".to_string(), 16.0)]),
                db_engine_versions: BTreeMap::from([(
                    "postgres".to_string(),
                    vec!["17.9".to_string()],
                )]),
                ..LiveRegion::default()
            },
        );
        assert_eq!(live.zones("us-east-1"), OfflineFacts.zones("us-east-1"));
        assert_eq!(
            live.ec2_offered("us-east-1", "use1-az3", "m6i.large"),
            Some(true)
        );
        assert_eq!(
            live.ec2_offered("us-east-1", "use1-az6", "m6i.large"),
            Some(false)
        );
        assert_eq!(
            live.ec2_offered("us-east-1", "use1-az6", "t3.small"),
            Some(true)
        );
        let q = live.quota("us-east-1", &ON_DEMAND_STANDARD_VCPUS);
        assert_eq!((q.value, q.source), (16.0, QuotaSource::Live));
        let q = live.quota("eu-west-1", &ON_DEMAND_STANDARD_VCPUS);
        assert_eq!((q.value, q.source), (5.0, QuotaSource::Default));
        assert_eq!(
            live.db_engine_versions("us-east-1", "postgres"),
            Some(vec!["17.9".to_string()])
        );
        assert_eq!(live.db_engine_versions("us-east-1", "mysql"), None);
        assert_eq!(live.cache_engine_versions("us-east-1", "valkey"), None);
        assert_eq!(
            OfflineFacts.db_engine_versions("us-east-1", "postgres"),
            None
        );
    }
}
