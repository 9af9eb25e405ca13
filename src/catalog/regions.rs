//! Offline catalog of AWS commercial regions and their availability zones.
//! Data from moto 5.2.5 (EC2 zone data; region names/opt-in added by hand), as of 2026-11-01.

/// An availability zone as a typical account sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AzInfo {
    /// The AZ name, e.g. `us-east-1a` (names map to IDs per account).
    pub name: &'static str,
    /// The AZ ID, e.g. `use1-az6` (the same physical zone in every account).
    pub id: &'static str,
}

/// A commercial AWS region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionInfo {
    /// Region code, e.g. `eu-west-1`.
    pub code: &'static str,
    /// Human name, e.g. `Europe (Ireland)`.
    pub name: &'static str,
    /// True when the region must be enabled for the account first.
    pub opt_in: bool,
    /// Availability zones in name order.
    pub azs: &'static [AzInfo],
}

/// The date the catalog was last checked.
pub const AS_OF: &str = "2026-11-01";

/// Every commercial region, sorted by code.
// Regions marked `moto template` have no per-account data in moto: it fills in
// zones a/b/c with IDs az1/az2/az3 in order, so their name-to-ID pairing is generic.
pub const REGIONS: &[RegionInfo] = &[
    RegionInfo {
        // moto template
        code: "af-south-1",
        name: "Africa (Cape Town)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "af-south-1a",
                id: "afs1-az1",
            },
            AzInfo {
                name: "af-south-1b",
                id: "afs1-az2",
            },
            AzInfo {
                name: "af-south-1c",
                id: "afs1-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "ap-east-1",
        name: "Asia Pacific (Hong Kong)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "ap-east-1a",
                id: "ape1-az1",
            },
            AzInfo {
                name: "ap-east-1b",
                id: "ape1-az2",
            },
            AzInfo {
                name: "ap-east-1c",
                id: "ape1-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "ap-east-2",
        name: "Asia Pacific (Taipei)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "ap-east-2a",
                id: "ape2-az1",
            },
            AzInfo {
                name: "ap-east-2b",
                id: "ape2-az2",
            },
            AzInfo {
                name: "ap-east-2c",
                id: "ape2-az3",
            },
        ],
    },
    RegionInfo {
        code: "ap-northeast-1",
        name: "Asia Pacific (Tokyo)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "ap-northeast-1a",
                id: "apne1-az4",
            },
            AzInfo {
                name: "ap-northeast-1c",
                id: "apne1-az1",
            },
            AzInfo {
                name: "ap-northeast-1d",
                id: "apne1-az2",
            },
        ],
    },
    RegionInfo {
        code: "ap-northeast-2",
        name: "Asia Pacific (Seoul)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "ap-northeast-2a",
                id: "apne2-az1",
            },
            AzInfo {
                name: "ap-northeast-2b",
                id: "apne2-az2",
            },
            AzInfo {
                name: "ap-northeast-2c",
                id: "apne2-az3",
            },
            AzInfo {
                name: "ap-northeast-2d",
                id: "apne2-az4",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "ap-northeast-3",
        name: "Asia Pacific (Osaka)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "ap-northeast-3a",
                id: "apne3-az1",
            },
            AzInfo {
                name: "ap-northeast-3b",
                id: "apne3-az2",
            },
            AzInfo {
                name: "ap-northeast-3c",
                id: "apne3-az3",
            },
        ],
    },
    RegionInfo {
        code: "ap-south-1",
        name: "Asia Pacific (Mumbai)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "ap-south-1a",
                id: "aps1-az1",
            },
            AzInfo {
                name: "ap-south-1b",
                id: "aps1-az3",
            },
            AzInfo {
                name: "ap-south-1c",
                id: "aps1-az2",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "ap-south-2",
        name: "Asia Pacific (Hyderabad)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "ap-south-2a",
                id: "aps2-az1",
            },
            AzInfo {
                name: "ap-south-2b",
                id: "aps2-az2",
            },
            AzInfo {
                name: "ap-south-2c",
                id: "aps2-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "ap-southeast-1",
        name: "Asia Pacific (Singapore)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "ap-southeast-1a",
                id: "apse1-az1",
            },
            AzInfo {
                name: "ap-southeast-1b",
                id: "apse1-az2",
            },
            AzInfo {
                name: "ap-southeast-1c",
                id: "apse1-az3",
            },
        ],
    },
    RegionInfo {
        code: "ap-southeast-2",
        name: "Asia Pacific (Sydney)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "ap-southeast-2a",
                id: "apse2-az1",
            },
            AzInfo {
                name: "ap-southeast-2b",
                id: "apse2-az3",
            },
            AzInfo {
                name: "ap-southeast-2c",
                id: "apse2-az2",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "ap-southeast-3",
        name: "Asia Pacific (Jakarta)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "ap-southeast-3a",
                id: "apse3-az1",
            },
            AzInfo {
                name: "ap-southeast-3b",
                id: "apse3-az2",
            },
            AzInfo {
                name: "ap-southeast-3c",
                id: "apse3-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "ap-southeast-4",
        name: "Asia Pacific (Melbourne)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "ap-southeast-4a",
                id: "apse4-az1",
            },
            AzInfo {
                name: "ap-southeast-4b",
                id: "apse4-az2",
            },
            AzInfo {
                name: "ap-southeast-4c",
                id: "apse4-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "ap-southeast-5",
        name: "Asia Pacific (Malaysia)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "ap-southeast-5a",
                id: "apse5-az1",
            },
            AzInfo {
                name: "ap-southeast-5b",
                id: "apse5-az2",
            },
            AzInfo {
                name: "ap-southeast-5c",
                id: "apse5-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "ap-southeast-6",
        name: "Asia Pacific (New Zealand)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "ap-southeast-6a",
                id: "apse6-az1",
            },
            AzInfo {
                name: "ap-southeast-6b",
                id: "apse6-az2",
            },
            AzInfo {
                name: "ap-southeast-6c",
                id: "apse6-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "ap-southeast-7",
        name: "Asia Pacific (Thailand)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "ap-southeast-7a",
                id: "apse7-az1",
            },
            AzInfo {
                name: "ap-southeast-7b",
                id: "apse7-az2",
            },
            AzInfo {
                name: "ap-southeast-7c",
                id: "apse7-az3",
            },
        ],
    },
    RegionInfo {
        code: "ca-central-1",
        name: "Canada (Central)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "ca-central-1a",
                id: "cac1-az1",
            },
            AzInfo {
                name: "ca-central-1b",
                id: "cac1-az2",
            },
            AzInfo {
                name: "ca-central-1d",
                id: "cac1-az4",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "ca-west-1",
        name: "Canada West (Calgary)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "ca-west-1a",
                id: "caw1-az1",
            },
            AzInfo {
                name: "ca-west-1b",
                id: "caw1-az2",
            },
            AzInfo {
                name: "ca-west-1c",
                id: "caw1-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "eu-central-1",
        name: "Europe (Frankfurt)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "eu-central-1a",
                id: "euc1-az1",
            },
            AzInfo {
                name: "eu-central-1b",
                id: "euc1-az2",
            },
            AzInfo {
                name: "eu-central-1c",
                id: "euc1-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "eu-central-2",
        name: "Europe (Zurich)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "eu-central-2a",
                id: "euc2-az1",
            },
            AzInfo {
                name: "eu-central-2b",
                id: "euc2-az2",
            },
            AzInfo {
                name: "eu-central-2c",
                id: "euc2-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "eu-north-1",
        name: "Europe (Stockholm)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "eu-north-1a",
                id: "eun1-az1",
            },
            AzInfo {
                name: "eu-north-1b",
                id: "eun1-az2",
            },
            AzInfo {
                name: "eu-north-1c",
                id: "eun1-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "eu-south-1",
        name: "Europe (Milan)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "eu-south-1a",
                id: "eus1-az1",
            },
            AzInfo {
                name: "eu-south-1b",
                id: "eus1-az2",
            },
            AzInfo {
                name: "eu-south-1c",
                id: "eus1-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "eu-south-2",
        name: "Europe (Spain)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "eu-south-2a",
                id: "eus2-az1",
            },
            AzInfo {
                name: "eu-south-2b",
                id: "eus2-az2",
            },
            AzInfo {
                name: "eu-south-2c",
                id: "eus2-az3",
            },
        ],
    },
    RegionInfo {
        code: "eu-west-1",
        name: "Europe (Ireland)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "eu-west-1a",
                id: "euw1-az3",
            },
            AzInfo {
                name: "eu-west-1b",
                id: "euw1-az1",
            },
            AzInfo {
                name: "eu-west-1c",
                id: "euw1-az2",
            },
        ],
    },
    RegionInfo {
        code: "eu-west-2",
        name: "Europe (London)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "eu-west-2a",
                id: "euw2-az2",
            },
            AzInfo {
                name: "eu-west-2b",
                id: "euw2-az3",
            },
            AzInfo {
                name: "eu-west-2c",
                id: "euw2-az1",
            },
        ],
    },
    RegionInfo {
        code: "eu-west-3",
        name: "Europe (Paris)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "eu-west-3a",
                id: "euw3-az1",
            },
            AzInfo {
                name: "eu-west-3b",
                id: "euw3-az2",
            },
            AzInfo {
                name: "eu-west-3c",
                id: "euw3-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "il-central-1",
        name: "Israel (Tel Aviv)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "il-central-1a",
                id: "ilc1-az1",
            },
            AzInfo {
                name: "il-central-1b",
                id: "ilc1-az2",
            },
            AzInfo {
                name: "il-central-1c",
                id: "ilc1-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "me-central-1",
        name: "Middle East (UAE)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "me-central-1a",
                id: "mec1-az1",
            },
            AzInfo {
                name: "me-central-1b",
                id: "mec1-az2",
            },
            AzInfo {
                name: "me-central-1c",
                id: "mec1-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "me-south-1",
        name: "Middle East (Bahrain)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "me-south-1a",
                id: "mes1-az1",
            },
            AzInfo {
                name: "me-south-1b",
                id: "mes1-az2",
            },
            AzInfo {
                name: "me-south-1c",
                id: "mes1-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "mx-central-1",
        name: "Mexico (Central)",
        opt_in: true,
        azs: &[
            AzInfo {
                name: "mx-central-1a",
                id: "mxc1-az1",
            },
            AzInfo {
                name: "mx-central-1b",
                id: "mxc1-az2",
            },
            AzInfo {
                name: "mx-central-1c",
                id: "mxc1-az3",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "sa-east-1",
        name: "South America (Sao Paulo)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "sa-east-1a",
                id: "sae1-az1",
            },
            AzInfo {
                name: "sa-east-1b",
                id: "sae1-az2",
            },
            AzInfo {
                name: "sa-east-1c",
                id: "sae1-az3",
            },
        ],
    },
    RegionInfo {
        code: "us-east-1",
        name: "US East (N. Virginia)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "us-east-1a",
                id: "use1-az6",
            },
            AzInfo {
                name: "us-east-1b",
                id: "use1-az1",
            },
            AzInfo {
                name: "us-east-1c",
                id: "use1-az2",
            },
            AzInfo {
                name: "us-east-1d",
                id: "use1-az4",
            },
            AzInfo {
                name: "us-east-1e",
                id: "use1-az3",
            },
            AzInfo {
                name: "us-east-1f",
                id: "use1-az5",
            },
        ],
    },
    RegionInfo {
        // moto template
        code: "us-east-2",
        name: "US East (Ohio)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "us-east-2a",
                id: "use2-az1",
            },
            AzInfo {
                name: "us-east-2b",
                id: "use2-az2",
            },
            AzInfo {
                name: "us-east-2c",
                id: "use2-az3",
            },
        ],
    },
    RegionInfo {
        code: "us-west-1",
        name: "US West (N. California)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "us-west-1a",
                id: "usw1-az3",
            },
            AzInfo {
                name: "us-west-1b",
                id: "usw1-az1",
            },
        ],
    },
    RegionInfo {
        code: "us-west-2",
        name: "US West (Oregon)",
        opt_in: false,
        azs: &[
            AzInfo {
                name: "us-west-2a",
                id: "usw2-az2",
            },
            AzInfo {
                name: "us-west-2b",
                id: "usw2-az1",
            },
            AzInfo {
                name: "us-west-2c",
                id: "usw2-az3",
            },
            AzInfo {
                name: "us-west-2d",
                id: "usw2-az4",
            },
        ],
    },
];
