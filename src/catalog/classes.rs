//! RDS instance classes and ElastiCache node types known to the offline catalog.
//!
//! Neither service publishes per-zone offerings through an API scalectl calls, so these lists
//! say which names exist (as of [`super::AS_OF`]) for PostgreSQL/MySQL and Valkey/Redis OSS,
//! not where. A name outside the lists may still be new; validation warns rather than refuses.

/// RDS (PostgreSQL and MySQL) instance classes, as family and sizes.
const DB_FAMILIES: &[(&str, &[&str])] = &[
    (
        "db.t3",
        &["micro", "small", "medium", "large", "xlarge", "2xlarge"],
    ),
    (
        "db.t4g",
        &["micro", "small", "medium", "large", "xlarge", "2xlarge"],
    ),
    (
        "db.m5",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
        ],
    ),
    (
        "db.m6g",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
    (
        "db.m6gd",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
    (
        "db.m6i",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
            "32xlarge",
        ],
    ),
    (
        "db.m7g",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
    (
        "db.m7i",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
            "48xlarge",
        ],
    ),
    (
        "db.m8g",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
            "48xlarge",
        ],
    ),
    (
        "db.r5",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
        ],
    ),
    (
        "db.r6g",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
    (
        "db.r6gd",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
    (
        "db.r6i",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
            "32xlarge",
        ],
    ),
    (
        "db.r7g",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
    (
        "db.r7i",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
            "48xlarge",
        ],
    ),
    (
        "db.r8g",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
            "48xlarge",
        ],
    ),
    (
        "db.x2g",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
];

/// ElastiCache node types, as family and sizes.
const CACHE_FAMILIES: &[(&str, &[&str])] = &[
    ("cache.t3", &["micro", "small", "medium"]),
    ("cache.t4g", &["micro", "small", "medium"]),
    (
        "cache.m5",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge",
        ],
    ),
    (
        "cache.m6g",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
    (
        "cache.m7g",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
    (
        "cache.r5",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge",
        ],
    ),
    (
        "cache.r6g",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
    (
        "cache.r6gd",
        &[
            "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
    (
        "cache.r7g",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
    (
        "cache.c7gn",
        &[
            "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge",
        ],
    ),
];

fn known(families: &[(&str, &[&str])], name: &str) -> bool {
    let Some((family, size)) = name.rsplit_once('.') else {
        return false;
    };
    families
        .iter()
        .any(|(f, sizes)| *f == family && sizes.contains(&size))
}

fn names(families: &'static [(&'static str, &'static [&'static str])]) -> Vec<String> {
    families
        .iter()
        .flat_map(|(f, sizes)| sizes.iter().map(move |s| format!("{f}.{s}")))
        .collect()
}

/// Whether the catalog knows this RDS instance class.
pub fn db_class_known(name: &str) -> bool {
    known(DB_FAMILIES, name)
}

/// Whether the catalog knows this ElastiCache node type.
pub fn cache_node_known(name: &str) -> bool {
    known(CACHE_FAMILIES, name)
}

/// Every known RDS instance class, for suggestions.
pub fn db_class_names() -> Vec<String> {
    names(DB_FAMILIES)
}

/// Every known ElastiCache node type, for suggestions.
pub fn cache_node_names() -> Vec<String> {
    names(CACHE_FAMILIES)
}

/// Whether an ElastiCache node type supports Multi-AZ with automatic failover (the T2 and T1
/// generations do not; none of those are in the catalog, but user input may name them).
pub fn cache_node_supports_multi_az(name: &str) -> bool {
    !(name.starts_with("cache.t2.") || name.starts_with("cache.t1."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_path_classes_are_known() {
        assert!(db_class_known("db.t4g.medium"));
        assert!(db_class_known("db.r6g.large"));
        assert!(cache_node_known("cache.t4g.medium"));
        assert!(!db_class_known("db.r6g.lrage"));
        assert!(!db_class_known("r6g.large"));
        assert!(!cache_node_known("db.t4g.medium"));
        assert!(db_class_names().len() > 100);
    }
}
