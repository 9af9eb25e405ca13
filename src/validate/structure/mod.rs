//! Rules on values that must make sense on their own: names, sizes and ranges, counts that
//! must be ordered, and names that must refer to something the stage defines.

mod app;
mod compute;
mod data;
mod edge;
mod messaging;
mod rollout;
mod security;

use super::findings::Findings;
use crate::diagnostic::Diagnostic;
use crate::stage::{Cache, Compute, Data, Database, Engine, Messaging, Routing, Stage, WebMode};
use std::collections::BTreeSet;

const CODE_NAME: &str = crate::diagnostic::codes::validate::NAME;
const CODE_RANGE: &str = crate::diagnostic::codes::validate::OUT_OF_RANGE;
const CODE_ORDER: &str = crate::diagnostic::codes::validate::MIN_DESIRED_MAX;
const CODE_DUPLICATE: &str = crate::diagnostic::codes::validate::DUPLICATE_NAME;
const CODE_REFERENCE: &str = crate::diagnostic::codes::validate::UNKNOWN_REFERENCE;
const CODE_COMBINATION: &str = crate::diagnostic::codes::validate::INVALID_COMBINATION;

/// Check everything that needs no AWS facts.
pub(crate) fn check(stage: &Stage, f: &mut Findings<'_>) {
    name(stage, f);
    compute::compute(&stage.compute, stage, f);
    app::app(&stage.compute.web, f);
    app::services(&stage.compute.services, f);
    data::data(&stage.data, stage, f);
    if let Some(cache) = &stage.cache {
        data::cache_rules(cache, f);
    }
    if let Some(messaging) = &stage.messaging {
        messaging::messaging_rules(messaging, f);
    }
    edge::edge_and_balancer(stage, f);
    edge::dns_and_regions(stage, f);
    edge::observability(stage, f);
    edge::tags(stage, f);
    security::security(stage, f);
    declared_quotas(stage, f);
}

pub(super) fn declared_quotas(stage: &Stage, f: &mut Findings<'_>) {
    use crate::catalog::quotas;
    for (code, value) in &stage.quotas {
        let path = format!("quotas.{code}");
        if quotas::by_code(code).is_none() {
            let known = quotas::ALL.iter().map(|q| q.code);
            f.warning(
                crate::diagnostic::codes::validate::UNKNOWN_QUOTA,
                &path,
                format!("`{code}` is not a quota scalectl checks, so its value is not used"),
                format!(
                    "{}the checked quotas are: {}",
                    crate::suggest::did_you_mean(code, known),
                    quotas::ALL
                        .iter()
                        .map(|q| q.code)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        } else if !(value.is_finite() && *value >= 0.0) {
            f.error(
                CODE_RANGE,
                &path,
                format!("quota `{code}` is {value}"),
                "give the account's quota value, a number of 0 or more",
            );
        }
    }
}

/// A name made of letters, digits and hyphens, starting with a letter.
pub(super) fn is_simple_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !s.ends_with('-')
}

/// A whole number within the bounds its model field states (`crate::stage::bounds`).
pub(super) fn range(
    f: &mut Findings<'_>,
    path: &str,
    what: &str,
    value: u64,
    bounds: crate::stage::bounds::Bounds,
) {
    let (min, max) = (bounds.min, bounds.max);
    if !bounds.contains(value) {
        f.error(
            CODE_RANGE,
            path,
            format!("{what} is {value}; it must be between {min} and {max}"),
            format!("set `{}` to a value from {min} to {max}", leaf(path)),
        );
    }
}

pub(super) fn percent(f: &mut Findings<'_>, path: &str, what: &str, value: f64) {
    if !(value > 0.0 && value <= 100.0) {
        f.error(
            CODE_RANGE,
            path,
            format!("{what} is {value}; a percentage must be above 0 and at most 100"),
            format!("set `{}` to a percentage such as 60", leaf(path)),
        );
    }
}

pub(super) fn leaf(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

pub(super) fn unique<'n>(f: &mut Findings<'_>, list: &str, names: impl Iterator<Item = &'n str>) {
    let mut seen = BTreeSet::new();
    for (i, name) in names.enumerate() {
        if !seen.insert(name) {
            f.error(
                CODE_DUPLICATE,
                &format!("{list}[{i}].name"),
                format!("`{name}` is defined twice in `{list}`"),
                "give each entry its own name",
            );
        }
    }
}

pub(super) fn name(stage: &Stage, f: &mut Findings<'_>) {
    if !is_simple_name(&stage.name) || stage.name.len() > 64 {
        f.error(
            CODE_NAME,
            "name",
            format!(
                "stage name `{}` cannot name a CloudFormation stack",
                stage.name
            ),
            "use up to 64 letters, digits and hyphens, starting with a letter (e.g. `shop-prod`)",
        );
    }
}

pub(super) fn order(
    f: &mut Findings<'_>,
    path: &str,
    what: &str,
    (min, desired, max): (u32, u32, u32),
) {
    if !(min <= desired && desired <= max) {
        // Point at a value that breaks the order, preferring one the user's file wrote:
        // `desired` first (most often the odd one out), then `max`, then `min`; the others
        // involved are related.
        let mut involved: Vec<&str> = Vec::new();
        for (a, b, broken) in [
            ("desired", "max", desired > max),
            ("min", "desired", min > desired),
            ("min", "max", min > max),
        ] {
            if broken {
                for field in [a, b] {
                    if !involved.contains(&field) {
                        involved.push(field);
                    }
                }
            }
        }
        involved.sort_by_key(|field| match *field {
            "desired" => 0,
            "max" => 1,
            _ => 2,
        });
        let main = involved
            .iter()
            .find(|field| f.written_here(&format!("{path}.{field}")))
            .or(involved.first())
            .copied()
            .unwrap_or("max");
        let value = |field: &str| match field {
            "min" => min,
            "desired" => desired,
            _ => max,
        };
        let mut diagnostic = crate::diagnostic::Diagnostic::error(
            CODE_ORDER,
            format!("{what}: min {min}, desired {desired}, max {max} is not min <= desired <= max"),
            f.at(&format!("{path}.{main}")),
            "order the sizes so that min <= desired <= max",
        );
        for field in involved.iter().filter(|field| **field != main) {
            if let Some(location) = f.at(&format!("{path}.{field}")) {
                diagnostic.related.push(crate::diagnostic::Related {
                    location,
                    message: format!("{field}: {}", value(field)),
                });
            }
        }
        f.push(diagnostic);
    }
    if max == 0 {
        f.error(
            CODE_RANGE,
            &format!("{path}.max"),
            format!("{what}: max is 0, so nothing would ever run"),
            "set `max` to at least 1",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_names() {
        assert!(is_simple_name("shop-prod"));
        assert!(!is_simple_name("9lives"));
        assert!(!is_simple_name("shop_prod"));
        assert!(!is_simple_name("shop-"));
    }
}
