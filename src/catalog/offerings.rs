//! EC2 instance types and where they are offered, from the generated table in `ec2_data.rs`.

use super::ec2_data::{INSTANCE_TYPES, OFFERINGS};

/// A processor architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    /// 64-bit x86 (Intel, AMD).
    X86_64,
    /// 64-bit Arm (Graviton).
    Arm64,
}

impl Arch {
    /// The name AWS uses.
    pub fn name(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64",
            Arch::Arm64 => "arm64",
        }
    }
}

/// One EC2 instance type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceType {
    /// The type name, e.g. `m6i.large`.
    pub name: &'static str,
    /// Default vCPUs.
    pub vcpus: u32,
    /// Architecture.
    pub arch: Arch,
}

impl InstanceType {
    /// Whether the type counts against the "Standard (A, C, D, H, I, M, R, T, Z)" vCPU
    /// quotas, which is where general-purpose, compute, memory and storage families land.
    pub fn is_standard(&self) -> bool {
        is_standard_family(self.name)
    }
}

/// Which zones of one region offer each instance type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionOfferings {
    /// Region code.
    pub region: &'static str,
    /// Zone IDs, in the catalog's zone-name order.
    pub zones: &'static [&'static str],
    /// Per instance type (the order of [`INSTANCE_TYPES`]), a bit mask of offering zones.
    pub masks: &'static [u32],
}

/// An instance type by name.
pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    INSTANCE_TYPES
        .binary_search_by(|t| t.name.cmp(name))
        .ok()
        .and_then(|i| INSTANCE_TYPES.get(i))
}

/// All instance type names, for suggestions.
pub fn instance_type_names() -> impl Iterator<Item = &'static str> {
    INSTANCE_TYPES.iter().map(|t| t.name)
}

/// Whether the zone with this ID offers the instance type; `None` when the catalog has no
/// offering data for the region, zone or type.
pub fn ec2_offered(region: &str, zone_id: &str, name: &str) -> Option<bool> {
    let offerings = OFFERINGS.iter().find(|o| o.region == region)?;
    let bit = offerings.zones.iter().position(|z| *z == zone_id)?;
    let index = INSTANCE_TYPES.binary_search_by(|t| t.name.cmp(name)).ok()?;
    let mask = offerings.masks.get(index)?;
    Some(mask & (1 << bit) != 0)
}

/// Whether the catalog has offering data for a region.
pub fn has_offerings(region: &str) -> bool {
    OFFERINGS.iter().any(|o| o.region == region)
}

/// The "Standard" quota families: names starting with a, c, d, h, i, m, r, t or z, except
/// the families AWS meters under quotas of their own (DL, HPC, Inf, Trn, Mac, High Memory).
fn is_standard_family(name: &str) -> bool {
    let family = name.split('.').next().unwrap_or("");
    let own_quota = ["dl", "hpc", "inf", "trn", "mac", "u-", "u7"];
    family.starts_with(['a', 'c', 'd', 'h', 'i', 'm', 'r', 't', 'z'])
        && !own_quota.iter().any(|p| family.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_path_types_are_known() {
        for name in [
            "t3.medium",
            "t3.small",
            "m6i.large",
            "m5.large",
            "m6a.large",
            "m7i.large",
        ] {
            let t = instance_type(name);
            assert!(
                t.is_some_and(|t| t.vcpus == 2 && t.arch == Arch::X86_64),
                "{name}"
            );
        }
        assert_eq!(
            instance_type("m7g.xlarge").map(|t| t.arch),
            Some(Arch::Arm64)
        );
        assert!(instance_type("m6i.lrage").is_none());
    }

    #[test]
    fn offerings_by_zone() {
        // us-east-1e (use1-az3) is an old zone without current families.
        assert_eq!(
            ec2_offered("us-east-1", "use1-az3", "m6i.large"),
            Some(false)
        );
        assert_eq!(
            ec2_offered("us-east-1", "use1-az6", "m6i.large"),
            Some(true)
        );
        assert_eq!(ec2_offered("us-east-1", "use1-az3", "m4.large"), Some(true));
        assert_eq!(ec2_offered("us-east-1", "nowhere", "m6i.large"), None);
        assert_eq!(ec2_offered("mx-central-1", "mxc1-az1", "m6i.large"), None);
    }

    #[test]
    fn standard_families() {
        let standard = |n: &str| instance_type(n).is_some_and(|t| t.is_standard());
        assert!(standard("m6i.large") && standard("t3.micro") && standard("c7g.large"));
        assert!(!standard("g5.xlarge") && !standard("p4d.24xlarge") && !standard("inf2.xlarge"));
        assert!(!standard("trn1.2xlarge") && !standard("x2idn.16xlarge"));
    }
}
