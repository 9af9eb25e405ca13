//! Facts about AWS known offline: regions and their availability zones, EC2 instance types
//! and their offerings per zone, RDS and ElastiCache classes, default service quotas.

pub mod classes;
pub mod log_delivery;
#[rustfmt::skip]
mod ec2_data;
pub mod offerings;
pub mod prices;
pub mod quotas;
pub mod regions;
pub mod resource_types;
pub mod schema_data;
pub mod services;

pub use offerings::{Arch, InstanceType, ec2_offered, instance_type};
pub use regions::{AS_OF, AzInfo, REGIONS, RegionInfo};

/// A commercial region by code.
pub fn region(code: &str) -> Option<&'static RegionInfo> {
    REGIONS.iter().find(|r| r.code == code)
}

/// Whether an instance type runs on Graviton (arm64): the family letter block after the
/// generation digit contains `g` (`t4g`, `m7g`, `c6gn`, `r8gd`).
pub fn is_arm64(instance_type: &str) -> bool {
    let family = instance_type
        .trim_start_matches("db.")
        .trim_start_matches("cache.")
        .split('.')
        .next()
        .unwrap_or("");
    match family.find(|c: char| c.is_ascii_digit()) {
        Some(i) => family[i..]
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .contains('g'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn architecture_from_family() {
        assert!(is_arm64("t4g.small"));
        assert!(is_arm64("c6gn.large"));
        assert!(is_arm64("db.r6g.large"));
        assert!(!is_arm64("m6i.large"));
        assert!(!is_arm64("t3.medium"));
        assert!(!is_arm64("m6a.large"));
    }

    #[test]
    fn catalog_has_golden_path_regions() {
        for code in ["us-east-1", "eu-west-1", "ap-southeast-1"] {
            let r = region(code);
            assert!(r.is_some_and(|r| r.azs.len() >= 3), "{code}");
        }
        assert!(region("xx-nowhere-1").is_none());
    }
}
