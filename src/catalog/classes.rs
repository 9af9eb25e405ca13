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

/// What a class or type name the catalog does not list could be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// Listed in the catalog.
    Known,
    /// Well formed, with a family or size the catalog has not seen in that combination: it
    /// may be newer than the catalog (`validate --live` settles it).
    MaybeNewer,
    /// It cannot be one: the reason, in words.
    Impossible(String),
}

/// Whether `size` is a size word EC2, RDS and ElastiCache use: `nano` .. `large`,
/// `<n>xlarge`, `metal`, `metal-<n>xl`.
pub fn is_size_word(size: &str) -> bool {
    let multiple = |rest: &str| rest.is_empty() || rest.bytes().all(|b| b.is_ascii_digit());
    matches!(
        size,
        "nano" | "micro" | "small" | "medium" | "large" | "metal"
    ) || size.strip_suffix("xlarge").is_some_and(multiple)
        || size
            .strip_prefix("metal-")
            .and_then(|r| r.strip_suffix("xl"))
            .is_some_and(|n| !n.is_empty() && multiple(n))
}

/// Whether `family` has the form AWS family names take: a series letter (or letters), a
/// generation digit, then option letters and dashes (`m6i`, `r6gd`, `u-6tb1`, `x2iedn`).
fn is_family_word(family: &str) -> bool {
    let bytes = family.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_lowercase()).count();
    // High-memory families put a dash before the digit: `u-6tb1`.
    let digit = if bytes.get(letters) == Some(&b'-') {
        letters + 1
    } else {
        letters
    };
    letters >= 1
        && bytes.get(digit).is_some_and(u8::is_ascii_digit)
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// Classify `name` (after `prefix`, e.g. `db.`) against the names the catalog knows.
pub fn shape<'a>(name: &str, prefix: &str, known: impl IntoIterator<Item = &'a str>) -> Shape {
    let Some(rest) = name.strip_prefix(prefix) else {
        return Shape::Impossible(format!("it does not start with `{prefix}`"));
    };
    let Some((family, size)) = rest.split_once('.') else {
        return Shape::Impossible(format!("it is not of the form `{prefix}<family>.<size>`"));
    };
    if !is_family_word(family) {
        return Shape::Impossible(format!("`{family}` is not a family name"));
    }
    if !is_size_word(size) {
        return Shape::Impossible(format!(
            "`{size}` is not a size (sizes are nano, micro, small, medium, large, <n>xlarge and metal)"
        ));
    }
    if known.into_iter().any(|k| k == name) {
        Shape::Known
    } else {
        Shape::MaybeNewer
    }
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

    #[test]
    fn names_that_cannot_exist_are_told_from_ones_that_may_be_new() {
        let known = ["m6i.large", "m6i.xlarge", "r6gd.2xlarge"];
        assert_eq!(shape("m6i.large", "", known), Shape::Known);
        assert_eq!(shape("m6i.96xlarge", "", known), Shape::MaybeNewer);
        assert_eq!(shape("m9i.large", "", known), Shape::MaybeNewer);
        assert_eq!(shape("u-6tb1.metal", "", known), Shape::MaybeNewer);
        assert_eq!(shape("m7i.metal-24xl", "", known), Shape::MaybeNewer);
        for bad in [
            "m6i.mega",
            "m6i",
            "large",
            "m6i.large.x",
            "6m.large",
            "M6i.large",
            "m6i.xxlarge",
        ] {
            assert!(
                matches!(shape(bad, "", known), Shape::Impossible(_)),
                "{bad}"
            );
        }
        assert!(matches!(
            shape("r6g.large", "db.", known),
            Shape::Impossible(_)
        ));
        assert_eq!(shape("db.r9g.large", "db.", known), Shape::MaybeNewer);
    }
}
