//! Reading the live facts validation needs: zones, instance type offerings, quota values and
//! the RDS / ElastiCache engine versions of the stage's engines per region, through
//! [`FactsApi`]. A call that fails leaves its fact to the built-in catalog
//! and adds a note saying what was not read and why.

use super::ApiError;
use crate::catalog::quotas::{self, QuotaDef};
use crate::validate::{FallbackNote, LiveFacts, LiveRegion, Needs, Zone};
use std::collections::{BTreeMap, BTreeSet};

/// The AWS calls live validation makes, for one region at a time.
pub trait FactsApi {
    /// The account's availability zones in the region (DescribeAvailabilityZones).
    fn zones(&self, region: &str) -> impl Future<Output = Result<Vec<Zone>, ApiError>>;

    /// For each instance type, the zone IDs offering it (DescribeInstanceTypeOfferings).
    fn offerings(
        &self,
        region: &str,
        instance_types: &[String],
    ) -> impl Future<Output = Result<BTreeMap<String, BTreeSet<String>>, ApiError>>;

    /// A quota's applied value (Service Quotas GetServiceQuota).
    fn quota(
        &self,
        region: &str,
        service: &str,
        code: &str,
    ) -> impl Future<Output = Result<f64, ApiError>>;

    /// The Elastic IP limit from EC2's account attributes (`vpc-max-elastic-ips`).
    fn elastic_ip_limit(&self, region: &str)
    -> impl Future<Output = Result<Option<f64>, ApiError>>;

    /// The versions RDS offers for an engine, `postgres` or `mysql`
    /// (DescribeDBEngineVersions, every page).
    fn db_engine_versions(
        &self,
        region: &str,
        engine: &str,
    ) -> impl Future<Output = Result<Vec<String>, ApiError>>;

    /// The versions ElastiCache offers for an engine, `valkey` or `redis`
    /// (DescribeCacheEngineVersions, every page).
    fn cache_engine_versions(
        &self,
        region: &str,
        engine: &str,
    ) -> impl Future<Output = Result<Vec<String>, ApiError>>;
}

/// Engine versions as read: an empty list says nothing (an emulator, or an engine name the
/// service does not know), so it is noted and left to the catalog like a failed call.
fn engine_versions(
    read: Result<Vec<String>, ApiError>,
    service: &str,
    call: &str,
    engine: &str,
) -> Result<Vec<String>, String> {
    match read {
        Ok(versions) if !versions.is_empty() => Ok(versions),
        Ok(_) => Err(format!(
            "{service} listed no {engine} engine versions ({call}); the built-in catalog's versions were used"
        )),
        Err(e) => {
            let why = if e.is_denied() {
                "access denied"
            } else {
                "unavailable"
            };
            Err(format!(
                "could not list {service}'s {engine} engine versions ({call} {why}: {e}); the built-in catalog's versions were used"
            ))
        }
    }
}

/// Read everything a stage needs, region by region.
pub async fn gather<A: FactsApi>(api: &A, needs: &Needs) -> LiveFacts {
    let mut facts = LiveFacts::default();
    for region in &needs.regions {
        let mut live = LiveRegion::default();
        let mut note = |message: String| {
            facts.notes.push(FallbackNote {
                region: region.clone(),
                message,
            });
        };
        match api.zones(region).await {
            Ok(zones) => live.zones = Some(zones),
            Err(e) => note(format!("could not list availability zones ({e})")),
        }
        match api.offerings(region, &needs.instance_types).await {
            Ok(mut offered) => {
                // A type with no offering row is offered nowhere.
                for t in &needs.instance_types {
                    offered.entry(t.clone()).or_default();
                }
                live.offerings = Some(offered);
            }
            Err(e) => note(format!("could not list instance type offerings ({e})")),
        }
        let mut missing: Vec<&'static QuotaDef> = Vec::new();
        let mut first_error: Option<ApiError> = None;
        for q in quotas::ALL {
            match api.quota(region, q.service, q.code).await {
                Ok(value) => {
                    live.quotas.insert(q.code.to_string(), value);
                }
                Err(e) => {
                    missing.push(q);
                    first_error.get_or_insert(e);
                }
            }
        }
        if !live.quotas.contains_key(quotas::ELASTIC_IPS.code)
            && let Ok(Some(limit)) = api.elastic_ip_limit(region).await
        {
            live.quotas
                .insert(quotas::ELASTIC_IPS.code.to_string(), limit);
            missing.retain(|q| q.code != quotas::ELASTIC_IPS.code);
        }
        if let Some(error) = first_error.filter(|_| !missing.is_empty()) {
            let codes = missing
                .iter()
                .map(|q| q.code)
                .collect::<Vec<_>>()
                .join(", ");
            let why = if error.is_denied() {
                "access denied"
            } else {
                "unavailable"
            };
            note(format!(
                "Service Quotas {why} for {codes} ({error}); their AWS default values were used"
            ));
        }
        if let Some(engine) = &needs.db_engine {
            let read = api.db_engine_versions(region, engine).await;
            match engine_versions(read, "RDS", "DescribeDBEngineVersions", engine) {
                Ok(versions) => {
                    live.db_engine_versions.insert(engine.clone(), versions);
                }
                Err(message) => note(message),
            }
        }
        if let Some(engine) = &needs.cache_engine {
            let read = api.cache_engine_versions(region, engine).await;
            match engine_versions(read, "ElastiCache", "DescribeCacheEngineVersions", engine) {
                Ok(versions) => {
                    live.cache_engine_versions.insert(engine.clone(), versions);
                }
                Err(message) => note(message),
            }
        }
        facts.regions.insert(region.clone(), live);
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scripted account: us-east-1 with two zones, one quota readable, another denied.
    struct Scripted;

    impl FactsApi for Scripted {
        async fn zones(&self, _region: &str) -> Result<Vec<Zone>, ApiError> {
            Ok(vec![
                Zone {
                    name: "us-east-1a".into(),
                    id: "use1-az6".into(),
                },
                Zone {
                    name: "us-east-1b".into(),
                    id: "use1-az1".into(),
                },
            ])
        }

        async fn offerings(
            &self,
            _region: &str,
            _types: &[String],
        ) -> Result<BTreeMap<String, BTreeSet<String>>, ApiError> {
            Ok(BTreeMap::from([(
                "m6i.large".to_string(),
                BTreeSet::from(["use1-az6".to_string()]),
            )]))
        }

        async fn quota(&self, _region: &str, _service: &str, code: &str) -> Result<f64, ApiError> {
            if code == "L-1216C47A" {
                Ok(16.0)
            } else {
                Err(ApiError {
                    code: Some("AccessDeniedException".into()),
                    message: "not allowed".into(),
                })
            }
        }

        async fn elastic_ip_limit(&self, _region: &str) -> Result<Option<f64>, ApiError> {
            Ok(Some(7.0))
        }

        async fn db_engine_versions(
            &self,
            _region: &str,
            engine: &str,
        ) -> Result<Vec<String>, ApiError> {
            Ok(match engine {
                "postgres" => vec!["17.9".into(), "17.10".into()],
                _ => Vec::new(),
            })
        }

        async fn cache_engine_versions(
            &self,
            _region: &str,
            _engine: &str,
        ) -> Result<Vec<String>, ApiError> {
            Err(ApiError {
                code: Some("AccessDenied".into()),
                message: "no".into(),
            })
        }
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .map(|rt| rt.block_on(future))
            .unwrap_or_else(|e| panic!("runtime: {e}"))
    }

    #[test]
    fn gathers_what_it_can_and_notes_the_rest() {
        let needs = Needs {
            regions: vec!["us-east-1".into()],
            instance_types: vec!["m6i.large".into(), "t3.small".into()],
            db_engine: Some("postgres".into()),
            cache_engine: None,
        };
        let facts = block_on(gather(&Scripted, &needs));
        let region = &facts.regions["us-east-1"];
        assert_eq!(region.zones.as_ref().map(Vec::len), Some(2));
        let offerings = region
            .offerings
            .as_ref()
            .unwrap_or_else(|| panic!("no offerings"));
        assert!(
            offerings["t3.small"].is_empty(),
            "unlisted type is offered nowhere"
        );
        assert_eq!(region.quotas.get("L-1216C47A"), Some(&16.0));
        assert_eq!(
            region.quotas.get("L-0263D0A3"),
            Some(&7.0),
            "EIP limit from account attributes"
        );
        assert_eq!(facts.notes.len(), 1);
        assert!(facts.notes[0].message.contains("access denied"));
        assert!(facts.notes[0].message.contains("L-34B43A08"));
        assert!(!facts.notes[0].message.contains("L-0263D0A3"));
        assert_eq!(
            region.db_engine_versions.get("postgres"),
            Some(&vec!["17.9".to_string(), "17.10".to_string()])
        );
        assert!(
            region.cache_engine_versions.is_empty(),
            "no cache, not asked"
        );
    }

    #[test]
    fn engine_versions_not_read_are_noted() {
        let needs = Needs {
            regions: vec!["us-east-1".into()],
            instance_types: Vec::new(),
            db_engine: Some("mysql".into()),
            cache_engine: Some("valkey".into()),
        };
        let facts = block_on(gather(&Scripted, &needs));
        let region = &facts.regions["us-east-1"];
        assert!(
            region.db_engine_versions.is_empty(),
            "empty list is no data"
        );
        assert!(region.cache_engine_versions.is_empty());
        let notes: Vec<&str> = facts.notes.iter().map(|n| n.message.as_str()).collect();
        assert!(
            notes
                .iter()
                .any(|n| n.contains("RDS listed no mysql engine versions")),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.contains("DescribeCacheEngineVersions access denied")),
            "{notes:?}"
        );
    }
}
