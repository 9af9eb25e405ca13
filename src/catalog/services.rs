//! Service facts the CloudFormation schemas do not hold: which engine versions RDS and
//! ElastiCache have offered, RDS storage limits, what a cache node type requires, IAM's
//! policy size limit, and the tag prefixes services reserve.
//!
//! Every fact is typed data with the AWS documentation page it comes from, as of
//! [`SERVICES_AS_OF`]. A version newer than the catalog is possible (engines release minor
//! versions every quarter), so lookups tell "never existed" from "may be newer than the
//! catalog": validation refuses the first and warns about the second (`validate --live`
//! settles it against the account).

/// The date these facts were last checked against the sources below.
pub const SERVICES_AS_OF: &str = "2026-08-03";

/// A documentation page a fact comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// What the page is.
    pub title: &'static str,
    /// Where it is.
    pub url: &'static str,
}

/// RDS for PostgreSQL versions: release notes and `DescribeDBEngineVersions`.
pub const RDS_POSTGRES_VERSIONS: Source = Source {
    title: "Amazon RDS for PostgreSQL updates (release notes); RDS PostgreSQL minor version deprecation of May 2026",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-versions.html",
};

/// RDS for MySQL versions.
pub const RDS_MYSQL_VERSIONS: Source = Source {
    title: "MySQL on Amazon RDS versions (supported minor and major versions, Database Preview environment)",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.Concepts.VersionMgmt.html",
};

/// ElastiCache engine versions.
pub const ELASTICACHE_VERSIONS: Source = Source {
    title: "Engine versions and upgrading in ElastiCache; Supported engines and versions",
    url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/engine-versions.html",
};

/// RDS storage limits.
pub const RDS_STORAGE: Source = Source {
    title: "CreateDBInstance AllocatedStorage (gp2/gp3: 20 to 65536 GiB for PostgreSQL and MySQL); Increasing DB instance storage capacity (64 TiB per volume)",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
};

/// ElastiCache data tiering.
pub const ELASTICACHE_DATA_TIERING: Source = Source {
    title: "Data tiering in ElastiCache (r6gd nodes tier data to SSD; DataTieringEnabled must be true with r6gd)",
    url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/data-tiering.html",
};

/// IAM quotas.
pub const IAM_QUOTAS: Source = Source {
    title: "IAM and AWS STS quotas (role inline policies: 10,240 characters in total, whitespace not counted)",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html",
};

/// Tag restrictions.
pub const TAG_RESTRICTIONS: Source = Source {
    title: "Tagging best practices (the aws: prefix is reserved); RDS API Tag (keys and values cannot start with aws: or rds:)",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_Tag.html",
};

/// Lambda handler forms per runtime.
pub const LAMBDA_HANDLERS: Source = Source {
    title: "Lambda developer guide: define a function handler in Python (file.function), Node.js (file.export), Java (package.Class::method or package.Class); custom runtimes read it themselves",
    url: "https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html",
};

/// The form a Lambda runtime expects its `Handler` in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlerForm {
    /// `file.function` (Python: `app.handler`, `pkg/app.handler`; Node.js: `index.handler`).
    FileFunction,
    /// `package.Class::method`, or `package.Class` for a class implementing `RequestHandler`.
    ClassMethod,
    /// A custom runtime's bootstrap reads the handler itself: any non-empty text.
    Any,
}

impl HandlerForm {
    /// The form of a runtime (`python3.12`, `nodejs22.x`, `java21`, `provided.al2023`).
    pub fn of(runtime: &str) -> HandlerForm {
        if runtime.starts_with("python") || runtime.starts_with("nodejs") {
            HandlerForm::FileFunction
        } else if runtime.starts_with("java") {
            HandlerForm::ClassMethod
        } else {
            HandlerForm::Any
        }
    }

    /// The form in words, with an example.
    pub fn describe(self) -> &'static str {
        match self {
            HandlerForm::FileFunction => "`file.function`, e.g. `app.handler`",
            HandlerForm::ClassMethod => {
                "`package.Class::method` or `package.Class`, e.g. `com.example.Worker::handleRequest`"
            }
            HandlerForm::Any => "any text the custom runtime's bootstrap understands",
        }
    }

    /// Whether `handler` has this form.
    pub fn fits(self, handler: &str) -> bool {
        let identifier = |s: &str, extra: &[char]| {
            let mut chars = s.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || extra.contains(&c))
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || extra.contains(&c))
        };
        match self {
            HandlerForm::FileFunction => {
                handler.rsplit_once('.').is_some_and(|(file, function)| {
                    !file.is_empty()
                        && !file.ends_with('/')
                        && file
                            .split(['/', '.'])
                            .all(|part| !part.is_empty() && identifier(part, &['-']))
                        && identifier(function, &['$'])
                })
            }
            HandlerForm::ClassMethod => {
                let (class, method) = match handler.split_once("::") {
                    Some((class, method)) => (class, Some(method)),
                    None => (handler, None),
                };
                class.split('.').all(|part| identifier(part, &['$']))
                    && method.is_none_or(|m| identifier(m, &[]))
            }
            HandlerForm::Any => !handler.trim().is_empty(),
        }
    }
}

/// One major version of an engine: the minors RDS or ElastiCache has offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Major {
    /// The major version as written in a version string (`17`, `9.6`, `8.0`).
    pub major: &'static str,
    /// The first minor the service offered.
    pub first_minor: u32,
    /// The newest minor the catalog knows.
    pub latest_minor: u32,
    /// No minor will follow `latest_minor` (the community line has ended).
    pub ended: bool,
    /// The service no longer creates instances of this major.
    pub retired: bool,
}

const fn major(major: &'static str, first_minor: u32, latest_minor: u32) -> Major {
    Major {
        major,
        first_minor,
        latest_minor,
        ended: false,
        retired: false,
    }
}

const fn ended(mut m: Major) -> Major {
    m.ended = true;
    m
}

const fn retired(mut m: Major) -> Major {
    m.ended = true;
    m.retired = true;
    m
}

/// The engine versions one service offers for one engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineVersions {
    /// The engine's name, for messages (`PostgreSQL`).
    pub engine: &'static str,
    /// Majors, oldest first.
    pub majors: &'static [Major],
    /// Minor releases a year: how far past the catalog a real version can be.
    pub minors_per_year: u32,
    /// Majors that exist only in a preview environment, with what to say about them.
    pub preview_only: &'static [&'static str],
    /// A major the service may have added since the catalog (`19`, `9.7`).
    pub next_major: &'static str,
    /// Where the facts come from.
    pub source: Source,
}

/// RDS for PostgreSQL. Majors before 10 are two-part (`9.6`, minors `9.6.24`); from 10 on the
/// major is one number (`17`, minors `17.9`). The community ships minors quarterly.
pub const RDS_POSTGRES: EngineVersions = EngineVersions {
    engine: "PostgreSQL",
    majors: &[
        retired(major("9.6", 1, 24)),
        retired(major("10", 1, 23)),
        ended(major("11", 1, 22)),
        ended(major("12", 2, 22)),
        ended(major("13", 1, 23)),
        major("14", 1, 22),
        major("15", 2, 17),
        major("16", 1, 13),
        major("17", 1, 9),
        major("18", 1, 3),
    ],
    minors_per_year: 4,
    preview_only: &[],
    next_major: "19",
    source: RDS_POSTGRES_VERSIONS,
};

/// RDS for MySQL. Majors are two-part (`8.0`, minors `8.0.40`). MySQL's innovation releases
/// (9.0 to 9.6) run only in RDS's Database Preview environment; 9.7 is the next LTS major.
pub const RDS_MYSQL: EngineVersions = EngineVersions {
    engine: "MySQL",
    majors: &[
        retired(major("5.6", 34, 51)),
        ended(major("5.7", 16, 44)),
        major("8.0", 11, 44),
        major("8.4", 3, 7),
    ],
    minors_per_year: 4,
    preview_only: &["9.0", "9.1", "9.2", "9.3", "9.4", "9.5", "9.6"],
    next_major: "9.7",
    source: RDS_MYSQL_VERSIONS,
};

/// What the catalog says about an engine version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionFact {
    /// The service has offered it.
    Known,
    /// Not in the catalog but it may be newer than it: the reason, in words.
    MaybeNewer(String),
    /// It never existed, or cannot be created: the reason, in words.
    Never(String),
}

/// Split a version into numbers (`17.9` -> `[17, 9]`); `None` if it is not dotted numbers.
fn numbers(version: &str) -> Option<Vec<u32>> {
    version.split('.').map(|p| p.parse::<u32>().ok()).collect()
}

impl EngineVersions {
    /// The major a version belongs to, and the rest after it (`17.9` -> (`17`, `9`)).
    fn split<'v>(&self, version: &'v str) -> Option<(String, &'v str)> {
        let parts = numbers(version)?;
        // Two-part majors: PostgreSQL before 10, every MySQL major.
        let two_part = self.engine == "MySQL" || parts.first().is_some_and(|m| *m < 10);
        let width = if two_part { 2 } else { 1 };
        let major: Vec<&str> = version.split('.').take(width).collect();
        if major.len() < width {
            return Some((version.to_string(), ""));
        }
        let major = major.join(".");
        let rest = version
            .strip_prefix(major.as_str())
            .unwrap_or("")
            .trim_start_matches('.');
        Some((major, rest))
    }

    /// Every version the catalog knows, oldest first, for suggestions.
    pub fn known(&self) -> Vec<String> {
        self.majors
            .iter()
            .flat_map(|m| (m.first_minor..=m.latest_minor).map(move |n| format!("{}.{n}", m.major)))
            .collect()
    }

    /// The version nearest to one the catalog does not know: the same major's closest minor
    /// when the major is offered, else `None`.
    pub fn nearest(&self, version: &str) -> Option<String> {
        let (major_name, rest) = self.split(version)?;
        let m = self
            .majors
            .iter()
            .find(|m| m.major == major_name && !m.retired)?;
        let minor = rest.split('.').next().and_then(|r| r.parse::<u32>().ok())?;
        let minor = minor.clamp(m.first_minor, m.latest_minor);
        Some(format!("{}.{minor}", m.major))
    }

    /// The newest version the catalog knows (`18.3`).
    pub fn newest(&self) -> Option<String> {
        self.majors
            .last()
            .map(|m| format!("{}.{}", m.major, m.latest_minor))
    }

    /// The majors, oldest first, for messages.
    pub fn major_names(&self) -> Vec<&'static str> {
        self.majors.iter().map(|m| m.major).collect()
    }

    /// Whether the service offers this version (written `17.9`, or a bare major `17`).
    pub fn check(&self, version: &str) -> VersionFact {
        let Some((major_name, rest)) = self.split(version) else {
            return VersionFact::Never(format!("`{version}` is not a version number"));
        };
        let engine = self.engine;
        let Some(m) = self.majors.iter().find(|m| m.major == major_name) else {
            if self.preview_only.contains(&major_name.as_str()) {
                return VersionFact::Never(format!(
                    "{engine} {major_name} runs only in RDS's Database Preview environment, not in a commercial region"
                ));
            }
            let early = rest
                .split('.')
                .next()
                .and_then(|m| m.parse::<u32>().ok())
                .is_none_or(|m| m <= self.minors_per_year);
            if major_name == self.next_major && early {
                return VersionFact::MaybeNewer(format!(
                    "{engine} {major_name} is newer than the catalog"
                ));
            }
            return VersionFact::Never(format!(
                "{engine} has no major version {major_name} on this service (majors: {})",
                self.major_names().join(", ")
            ));
        };
        if m.retired {
            return VersionFact::Never(format!(
                "{engine} {} is retired: the service no longer creates it",
                m.major
            ));
        }
        if rest.is_empty() {
            return VersionFact::Known;
        }
        let Ok(minor) = rest.parse::<u32>() else {
            return VersionFact::Never(format!(
                "{engine} versions have one number after the major ({}.N)",
                m.major
            ));
        };
        if minor < m.first_minor {
            return VersionFact::Never(format!(
                "{engine} {} starts at {}.{} on this service",
                m.major, m.major, m.first_minor
            ));
        }
        if minor <= m.latest_minor {
            return VersionFact::Known;
        }
        if m.ended {
            return VersionFact::Never(format!(
                "{engine} {} ended with {}.{}; there is no later minor",
                m.major, m.major, m.latest_minor
            ));
        }
        if minor <= m.latest_minor + self.minors_per_year {
            return VersionFact::MaybeNewer(format!(
                "the catalog knows {engine} {} up to {}.{}",
                m.major, m.major, m.latest_minor
            ));
        }
        VersionFact::Never(format!(
            "{engine} {} is at {}.{}, and {engine} ships about {} minors a year, so {version} cannot exist yet",
            m.major, m.major, m.latest_minor, self.minors_per_year
        ))
    }
}

/// ElastiCache versions of one engine: `major.minor` pairs, with any patch (`7.2.6`)
/// accepted within a known pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheVersions {
    /// The engine's name, for messages.
    pub engine: &'static str,
    /// The `major.minor` versions ElastiCache has offered, oldest first.
    pub versions: &'static [(u32, u32)],
    /// Whether ElastiCache still adds versions of this engine.
    pub open: bool,
    /// Where the facts come from.
    pub source: Source,
}

/// ElastiCache for Valkey: from 7.2 (the first Valkey release ElastiCache offered) to 9.1.
pub const VALKEY: CacheVersions = CacheVersions {
    engine: "Valkey",
    versions: &[(7, 2), (8, 0), (8, 1), (8, 2), (9, 0), (9, 1)],
    open: true,
    source: ELASTICACHE_VERSIONS,
};

/// ElastiCache for Redis OSS: up to 7.1, the last Redis OSS release ElastiCache offers (its
/// successor on ElastiCache is Valkey).
pub const REDIS: CacheVersions = CacheVersions {
    engine: "Redis OSS",
    versions: &[
        (2, 6),
        (2, 8),
        (3, 2),
        (4, 0),
        (5, 0),
        (6, 0),
        (6, 2),
        (7, 0),
        (7, 1),
    ],
    open: false,
    source: ELASTICACHE_VERSIONS,
};

impl CacheVersions {
    /// Every `major.minor` the catalog knows, for suggestions and messages.
    pub fn known(&self) -> Vec<String> {
        self.versions
            .iter()
            .map(|(a, b)| format!("{a}.{b}"))
            .collect()
    }

    /// Whether ElastiCache offers this version (`8.0`, `7.2.6`, or a bare major `8`).
    pub fn check(&self, version: &str) -> VersionFact {
        let Some(parts) = numbers(version) else {
            return VersionFact::Never(format!("`{version}` is not a version number"));
        };
        let (Some(&major), minor) = (parts.first(), parts.get(1).copied()) else {
            return VersionFact::Never(format!("`{version}` is not a version number"));
        };
        let Some(minor) = minor else {
            return if self.versions.iter().any(|(a, _)| *a == major) {
                VersionFact::Known
            } else {
                self.outside(version, (major, 0))
            };
        };
        if self.versions.contains(&(major, minor)) {
            return VersionFact::Known;
        }
        self.outside(version, (major, minor))
    }

    /// The known version nearest to `version`: the same major's closest minor, else the
    /// first version when it is older than them all, else the newest.
    pub fn nearest(&self, version: &str) -> Option<String> {
        let parts = numbers(version)?;
        let wanted = (*parts.first()?, parts.get(1).copied().unwrap_or(0));
        let same_major = self
            .versions
            .iter()
            .filter(|(a, _)| *a == wanted.0)
            .min_by_key(|(_, b)| b.abs_diff(wanted.1));
        let pick = match same_major {
            Some(v) => Some(v),
            None if self.versions.first().is_some_and(|f| wanted < *f) => self.versions.first(),
            None => self.versions.last(),
        };
        pick.map(|(a, b)| format!("{a}.{b}"))
    }

    fn outside(&self, version: &str, wanted: (u32, u32)) -> VersionFact {
        let engine = self.engine;
        let (Some(first), Some(last)) = (self.versions.first(), self.versions.last()) else {
            return VersionFact::Never(format!("ElastiCache has no {engine} versions"));
        };
        let list = self.known().join(", ");
        if wanted < *first {
            return VersionFact::Never(format!(
                "ElastiCache's {engine} versions start at {}.{} ({list})",
                first.0, first.1
            ));
        }
        if wanted > *last {
            if !self.open {
                return VersionFact::Never(format!(
                    "ElastiCache offers no {engine} after {}.{}",
                    last.0, last.1
                ));
            }
            // A later minor of the newest major, or the next major's first releases.
            if wanted.0 == last.0 || (wanted.0 == last.0 + 1 && wanted.1 <= 2) {
                return VersionFact::MaybeNewer(format!(
                    "the catalog knows {engine} up to {}.{}",
                    last.0, last.1
                ));
            }
            return VersionFact::Never(format!(
                "{engine} {version} is past what could exist yet (the catalog knows up to {}.{})",
                last.0, last.1
            ));
        }
        VersionFact::Never(format!(
            "ElastiCache never offered {engine} {}.{} (it offers {list})",
            wanted.0, wanted.1
        ))
    }
}

/// RDS storage limits for one engine on the storage scalectl uses (gp3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StorageLimits {
    /// The storage type.
    pub storage_type: &'static str,
    /// The least allocated storage, GiB.
    pub min_gb: u32,
    /// The most allocated storage, and the storage autoscaling ceiling, GiB.
    pub max_gb: u32,
    /// Where the facts come from.
    pub source: Source,
}

/// RDS for PostgreSQL on gp3.
pub const RDS_POSTGRES_STORAGE: StorageLimits = StorageLimits {
    storage_type: "gp3",
    min_gb: 20,
    max_gb: 65_536,
    source: RDS_STORAGE,
};

/// RDS for MySQL on gp3.
pub const RDS_MYSQL_STORAGE: StorageLimits = StorageLimits {
    storage_type: "gp3",
    min_gb: 20,
    max_gb: 65_536,
    source: RDS_STORAGE,
};

/// What an ElastiCache node family requires of the replication group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeRequirement {
    /// The family (`cache.r6gd`).
    pub family: &'static str,
    /// Data tiering must be enabled (`DataTieringEnabled: true`).
    pub data_tiering: bool,
    /// The oldest Valkey (major, minor) the family runs.
    pub min_valkey: (u32, u32),
    /// The oldest Redis OSS (major, minor) the family runs.
    pub min_redis: (u32, u32),
    /// Where the facts come from.
    pub source: Source,
}

/// Node families with requirements beyond their name.
pub const NODE_REQUIREMENTS: &[NodeRequirement] = &[NodeRequirement {
    family: "cache.r6gd",
    data_tiering: true,
    min_valkey: (7, 2),
    min_redis: (6, 2),
    source: ELASTICACHE_DATA_TIERING,
}];

/// The requirement of a node type's family, if it has one.
pub fn node_requirement(node_type: &str) -> Option<&'static NodeRequirement> {
    let family = node_type.rsplit_once('.').map(|(f, _)| f)?;
    NODE_REQUIREMENTS.iter().find(|r| r.family == family)
}

/// The sizes the catalog knows for a node type's family (`cache.t4g` -> micro, small,
/// medium); empty when the family is not in the catalog. ElastiCache's families come in the
/// sizes listed in its supported node types page, so a size outside a known family's list
/// does not exist.
pub fn cache_family_sizes(node_type: &str) -> (String, Vec<String>) {
    let family = node_type
        .rsplit_once('.')
        .map_or(node_type, |(f, _)| f)
        .to_string();
    let sizes = super::classes::cache_node_names()
        .into_iter()
        .filter_map(|name| {
            name.rsplit_once('.')
                .filter(|(f, _)| *f == family)
                .map(|(_, s)| s.to_string())
        })
        .collect();
    (family, sizes)
}

/// IAM's limit on the inline policies of one role, in characters (whitespace not counted).
pub const ROLE_INLINE_POLICY_MAX_CHARS: usize = 10_240;

/// Which resources a reserved tag prefix applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaggedService {
    /// Every service.
    All,
    /// Amazon RDS (DB instances, subnet groups, parameter groups).
    Rds,
}

/// A tag prefix a service reserves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReservedTagPrefix {
    /// The prefix, compared without case.
    pub prefix: &'static str,
    /// Where it is reserved.
    pub service: TaggedService,
    /// Whether values may not start with it either.
    pub values_too: bool,
    /// Where the fact comes from.
    pub source: Source,
}

/// Reserved tag prefixes.
pub const RESERVED_TAG_PREFIXES: &[ReservedTagPrefix] = &[
    ReservedTagPrefix {
        prefix: "aws:",
        service: TaggedService::All,
        values_too: false,
        source: TAG_RESTRICTIONS,
    },
    ReservedTagPrefix {
        prefix: "aws:",
        service: TaggedService::Rds,
        values_too: true,
        source: TAG_RESTRICTIONS,
    },
    ReservedTagPrefix {
        prefix: "rds:",
        service: TaggedService::Rds,
        values_too: true,
        source: TAG_RESTRICTIONS,
    },
];

/// The first reserved prefix a tag key (or, where the service says so, its value) starts
/// with, among the services a stage uses.
pub fn reserved_prefix(
    text: &str,
    is_value: bool,
    uses: impl Fn(TaggedService) -> bool,
) -> Option<&'static ReservedTagPrefix> {
    let lower = text.to_ascii_lowercase();
    RESERVED_TAG_PREFIXES
        .iter()
        .find(|r| (!is_value || r.values_too) && uses(r.service) && lower.starts_with(r.prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never(fact: &VersionFact) -> bool {
        matches!(fact, VersionFact::Never(_))
    }

    fn newer(fact: &VersionFact) -> bool {
        matches!(fact, VersionFact::MaybeNewer(_))
    }

    #[test]
    fn postgres_versions() {
        assert_eq!(RDS_POSTGRES.check("17.9"), VersionFact::Known);
        assert_eq!(RDS_POSTGRES.check("17"), VersionFact::Known);
        assert_eq!(RDS_POSTGRES.check("16.4"), VersionFact::Known);
        assert_eq!(RDS_POSTGRES.check("11.22"), VersionFact::Known);
        assert!(newer(&RDS_POSTGRES.check("17.10")));
        assert!(newer(&RDS_POSTGRES.check("19.1")));
        assert!(never(&RDS_POSTGRES.check("17.99")));
        assert!(never(&RDS_POSTGRES.check("9.9")));
        assert!(never(&RDS_POSTGRES.check("9.6.24")), "retired");
        assert!(never(&RDS_POSTGRES.check("12.23")), "12 ended at 12.22");
        assert!(never(&RDS_POSTGRES.check("15.1")), "RDS 15 started at 15.2");
        assert!(never(&RDS_POSTGRES.check("21")));
        assert!(never(&RDS_POSTGRES.check("17.9.1")));
    }

    #[test]
    fn mysql_versions() {
        assert_eq!(RDS_MYSQL.check("8.0.40"), VersionFact::Known);
        assert_eq!(RDS_MYSQL.check("8.4.7"), VersionFact::Known);
        assert_eq!(RDS_MYSQL.check("8.0"), VersionFact::Known);
        assert!(newer(&RDS_MYSQL.check("8.4.8")));
        assert!(newer(&RDS_MYSQL.check("9.7.0")));
        assert!(never(&RDS_MYSQL.check("8.4.1")), "RDS 8.4 started at 8.4.3");
        assert!(never(&RDS_MYSQL.check("9.5.0")), "preview only");
        assert!(never(&RDS_MYSQL.check("8.2.0")));
        assert!(never(&RDS_MYSQL.check("8.0.99")));
        assert!(never(&RDS_MYSQL.check("5.7.45")), "5.7 ended at 5.7.44");
    }

    #[test]
    fn cache_versions() {
        assert_eq!(VALKEY.check("8.0"), VersionFact::Known);
        assert_eq!(VALKEY.check("7.2.6"), VersionFact::Known);
        assert_eq!(VALKEY.check("9"), VersionFact::Known);
        assert!(never(&VALKEY.check("7.0")), "Valkey starts at 7.2");
        assert!(never(&VALKEY.check("6.2")));
        assert!(never(&VALKEY.check("8.3")));
        assert!(newer(&VALKEY.check("9.2")));
        assert!(newer(&VALKEY.check("10.0")));
        assert!(never(&VALKEY.check("12.0")));
        assert_eq!(REDIS.check("7.1"), VersionFact::Known);
        assert_eq!(REDIS.check("6.2"), VersionFact::Known);
        assert!(never(&REDIS.check("7.2")), "no Redis OSS after 7.1");
        assert!(never(&REDIS.check("6.1")));
    }

    #[test]
    fn nearest_versions() {
        assert_eq!(RDS_POSTGRES.nearest("17.99").as_deref(), Some("17.9"));
        assert_eq!(RDS_POSTGRES.nearest("15.1").as_deref(), Some("15.2"));
        assert_eq!(RDS_POSTGRES.nearest("9.9"), None);
        assert_eq!(RDS_POSTGRES.nearest("10.23"), None, "retired");
        assert_eq!(RDS_MYSQL.nearest("8.0.99").as_deref(), Some("8.0.44"));
        assert_eq!(RDS_MYSQL.newest().as_deref(), Some("8.4.7"));
        assert_eq!(VALKEY.nearest("8.3").as_deref(), Some("8.2"));
        assert_eq!(VALKEY.nearest("7.0").as_deref(), Some("7.2"));
        assert_eq!(VALKEY.nearest("6.2").as_deref(), Some("7.2"));
        assert_eq!(REDIS.nearest("7.2").as_deref(), Some("7.1"));
        assert_eq!(REDIS.nearest("8.0").as_deref(), Some("7.1"));
    }

    #[test]
    fn node_families() {
        let (family, sizes) = cache_family_sizes("cache.t4g.large");
        assert_eq!(family, "cache.t4g");
        assert_eq!(sizes, ["micro", "small", "medium"]);
        assert!(cache_family_sizes("cache.z9.large").1.is_empty());
        assert!(node_requirement("cache.r6gd.xlarge").is_some_and(|r| r.data_tiering));
        assert!(node_requirement("cache.r6g.xlarge").is_none());
    }

    #[test]
    fn reserved_prefixes() {
        let rds = |s: TaggedService| matches!(s, TaggedService::All | TaggedService::Rds);
        let plain = |s: TaggedService| s == TaggedService::All;
        assert!(reserved_prefix("AWS:owner", false, plain).is_some());
        assert!(reserved_prefix("rds:team", false, plain).is_none());
        assert_eq!(
            reserved_prefix("rds:team", false, rds).map(|r| r.prefix),
            Some("rds:")
        );
        assert!(reserved_prefix("aws:x", true, plain).is_none());
        assert!(reserved_prefix("aws:x", true, rds).is_some());
        assert!(reserved_prefix("team", false, rds).is_none());
    }

    #[test]
    fn every_fact_is_dated_and_sourced() {
        assert_eq!(SERVICES_AS_OF.len(), 10);
        for source in [
            RDS_POSTGRES.source,
            RDS_MYSQL.source,
            VALKEY.source,
            REDIS.source,
            RDS_POSTGRES_STORAGE.source,
            IAM_QUOTAS,
        ] {
            assert!(source.url.starts_with("https://docs.aws.amazon.com/"));
        }
        for engine in [RDS_POSTGRES, RDS_MYSQL] {
            for m in engine.majors {
                assert!(
                    m.first_minor <= m.latest_minor,
                    "{} {}",
                    engine.engine,
                    m.major
                );
            }
        }
    }

    #[test]
    fn lambda_handlers_take_their_runtime_form() {
        let py = HandlerForm::of("python3.12");
        assert!(py.fits("app.handler") && py.fits("src/app.handler") && py.fits("pkg.app.main"));
        for bad in [
            "app",
            "app.",
            ".handler",
            "app.handle r",
            "app/.handler",
            "app.2go",
        ] {
            assert!(!py.fits(bad), "{bad}");
        }
        let java = HandlerForm::of("java21");
        assert!(java.fits("com.example.Worker::handleRequest") && java.fits("com.example.Worker"));
        for bad in [
            "com.example.Worker:handle",
            "com..Worker",
            "Worker::",
            "com.example.Worker::handle.x",
        ] {
            assert!(!java.fits(bad), "{bad}");
        }
        assert_eq!(HandlerForm::of("provided.al2023"), HandlerForm::Any);
        assert!(HandlerForm::Any.fits("bootstrap") && !HandlerForm::Any.fits(" "));
    }
}
