//! Availability-zone rules: the region exists and has the zones the stage needs, named zones
//! exist, every instance type is offered in every zone it may run in, and the tiers that must
//! span two zones (load balancer, DB subnet group, Multi-AZ cache) get them.

use super::facts::{Facts, Zone};
use super::findings::Findings;
use super::region_uses;
use crate::catalog::{self, Arch};
use crate::stage::{AzChoice, Stage, WebMode};
use crate::suggest::did_you_mean;

const AZ_PATH: &str = "network.availability_zones";

/// Check zones and offerings in every region of the stage.
pub(crate) fn check(stage: &Stage, facts: &dyn Facts, f: &mut Findings<'_>) {
    let uses = region_uses(stage);
    let names_across_regions =
        uses.len() > 1 && matches!(stage.network.availability_zones, AzChoice::Names(_));
    if names_across_regions {
        f.error(
            crate::diagnostic::codes::validate::ZONE_NAMES_MULTI_REGION,
            AZ_PATH,
            "zone names belong to one region, but this stage spans several",
            "give a count instead, e.g. `availability_zones: 3`; each region uses its first N zones",
        );
    }
    two_zone_tiers(stage, f);
    instance_type_known(stage, facts, f);
    for region in &uses {
        let Some(all) = facts.zones(&region.code) else {
            let codes = facts.region_codes();
            f.error(
                crate::diagnostic::codes::validate::UNKNOWN_REGION,
                &region.path,
                format!(
                    "`{}` is not a commercial AWS region{}",
                    region.code,
                    if facts.is_live() {
                        " enabled for this account"
                    } else {
                        ""
                    }
                ),
                format!(
                    "{}use a region code such as us-east-1 or eu-west-1",
                    did_you_mean(&region.code, codes.iter().map(String::as_str))
                ),
            );
            continue;
        };
        if let Some(info) = catalog::region(&region.code)
            && info.opt_in
            && !facts.is_live()
        {
            f.warning(
                crate::diagnostic::codes::validate::OPT_IN_REGION,
                &region.path,
                format!("{} ({}) is an opt-in region: it must be enabled for the account before anything deploys there", info.code, info.name),
                "enable it in the AWS console (Account > AWS Regions) or with `aws account enable-region`; `scalectl validate --live` checks it",
            );
        }
        if names_across_regions {
            continue;
        }
        let Some(used) = used_zones(stage, &region.code, &all, facts, f) else {
            continue;
        };
        if !facts.is_live() && !catalog::offerings::has_offerings(&region.code) {
            f.warning(
                crate::diagnostic::codes::validate::NO_OFFERING_DATA,
                &region.path,
                format!(
                    "the built-in catalog has no instance type offerings for {}, so they were not checked",
                    region.code
                ),
                "run `scalectl validate --live` to check the offerings against the account",
            );
        }
        offerings(stage, &region.code, &used, facts, f);
    }
}

/// The zones the stage uses in a region, as synthesis will name them (the catalog's first N,
/// or the listed names), checked against the zones the facts know.
fn used_zones(
    stage: &Stage,
    region: &str,
    all: &[Zone],
    facts: &dyn Facts,
    f: &mut Findings<'_>,
) -> Option<Vec<Zone>> {
    match &stage.network.availability_zones {
        AzChoice::Count(0) => {
            f.error(
                crate::diagnostic::codes::validate::ZONE_COUNT,
                AZ_PATH,
                "the stage asks for 0 availability zones",
                "use at least 1 zone (2 or more for a load balancer or a database)",
            );
            None
        }
        AzChoice::Count(n) => {
            let wanted = usize::from(*n);
            // Synthesis names the catalog's first N zones; the account must have them.
            let names: Vec<String> = match catalog::region(region) {
                Some(info) => info
                    .azs
                    .iter()
                    .take(wanted)
                    .map(|z| z.name.to_string())
                    .collect(),
                None => all.iter().take(wanted).map(|z| z.name.clone()).collect(),
            };
            if wanted > all.len() || names.len() < wanted {
                f.error(
                    crate::diagnostic::codes::validate::NOT_ENOUGH_ZONES,
                    AZ_PATH,
                    format!(
                        "region `{region}` has {} availability zone{}{}; the stage asks for {wanted}",
                        all.len(),
                        if all.len() == 1 { "" } else { "s" },
                        if facts.is_live() { " enabled for this account" } else { "" }
                    ),
                    format!("ask for at most {} zones, or pick a region with more", all.len()),
                );
                return None;
            }
            let mut used = Vec::new();
            for name in names {
                match all.iter().find(|z| z.name == name) {
                    Some(zone) => used.push(zone.clone()),
                    None => {
                        f.error(
                            crate::diagnostic::codes::validate::ZONE_UNAVAILABLE,
                            AZ_PATH,
                            format!("zone `{name}` is not available to this account in {region}"),
                            format!(
                                "list the zones to use by name instead; this account has: {}",
                                all.iter()
                                    .map(|z| z.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                        return None;
                    }
                }
            }
            Some(used)
        }
        AzChoice::Names(names) => {
            let mut used = Vec::new();
            let mut ok = true;
            for (i, name) in names.iter().enumerate() {
                let path = format!("{AZ_PATH}[{i}]");
                if names[..i].contains(name) {
                    f.error(
                        crate::diagnostic::codes::validate::DUPLICATE_ZONE,
                        &path,
                        format!("zone `{name}` is listed twice"),
                        "list each zone once",
                    );
                    ok = false;
                    continue;
                }
                match all.iter().find(|z| &z.name == name) {
                    Some(zone) => used.push(zone.clone()),
                    None => {
                        f.error(
                            crate::diagnostic::codes::validate::UNKNOWN_ZONE,
                            &path,
                            format!("`{name}` is not an availability zone of {region}"),
                            format!(
                                "{}use one of: {}",
                                did_you_mean(name, all.iter().map(|z| z.name.as_str())),
                                all.iter()
                                    .map(|z| z.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                        ok = false;
                    }
                }
            }
            if names.is_empty() {
                f.error(
                    crate::diagnostic::codes::validate::ZONE_COUNT,
                    AZ_PATH,
                    "the zone list is empty",
                    "list at least one zone, or give a count",
                );
                ok = false;
            }
            ok.then_some(used)
        }
    }
}

/// Tiers that AWS requires (or that only make sense) across two or more zones.
fn two_zone_tiers(stage: &Stage, f: &mut Findings<'_>) {
    let zones = stage.network.availability_zones.count();
    if zones == 0 || zones >= 2 {
        return;
    }
    let mut needs: Vec<(&str, &str, &str)> = Vec::new();
    if stage.load_balancer.is_some() {
        needs.push((
            "load_balancer",
            "an Application Load Balancer",
            "subnets in at least two zones",
        ));
    }
    if stage.data.database.is_some() {
        needs.push((
            "data.database",
            "an RDS DB subnet group",
            "subnets in at least two zones, even for a single-AZ database",
        ));
    }
    if stage.cache.as_ref().is_some_and(|c| c.multi_az) {
        needs.push((
            "cache.multi_az",
            "a Multi-AZ cache",
            "replicas in a second zone",
        ));
    }
    for (path, what, why) in needs {
        f.push(
            crate::diagnostic::Diagnostic::error(
                crate::diagnostic::codes::validate::SINGLE_ZONE,
                format!("{what} needs {why}, but the stage uses {zones} availability zone"),
                f.at(AZ_PATH),
                "set `availability_zones: 2` (or more)",
            )
            .with_label("one zone")
            .with_related_opt(f.at_key(path), format!("{what} is asked for here")),
        );
    }
}

/// The instance types the web tier may launch, with their paths.
fn web_types(stage: &Stage) -> Vec<(String, String)> {
    let mut types = vec![(
        stage.compute.web.instance_type.clone(),
        "compute.web.instance_type".to_string(),
    )];
    if let Some(spot) = &stage.compute.web.spot {
        for (i, t) in spot.instance_types.iter().enumerate() {
            if !types.iter().any(|(n, _)| n == t) {
                types.push((t.clone(), format!("compute.web.spot.instance_types[{i}]")));
            }
        }
    }
    types
}

/// Instance types, database classes and cache node types exist; a fleet's types share one
/// architecture (they share one AMI).
fn instance_type_known(stage: &Stage, facts: &dyn Facts, f: &mut Findings<'_>) {
    let types = web_types(stage);
    let mut first_arch: Option<(Arch, String)> = None;
    for (name, path) in &types {
        match facts.instance_type(name) {
            Some(t) => match &first_arch {
                None => first_arch = Some((t.arch, name.clone())),
                Some((arch, first)) if *arch != t.arch => f.error(
                    crate::diagnostic::codes::validate::MIXED_ARCHITECTURE,
                    path,
                    format!("`{name}` is {} but `{first}` is {}; one launch template (one AMI) cannot serve both", t.arch.name(), arch.name()),
                    format!("list only {} instance types", arch.name()),
                ),
                Some(_) => {}
            },
            None => match catalog::classes::shape(name, "", catalog::offerings::instance_type_names()) {
                catalog::classes::Shape::Impossible(why) => f.error(
                    crate::diagnostic::codes::validate::UNKNOWN_INSTANCE_TYPE,
                    path,
                    format!("`{name}` cannot be an EC2 instance type: {why}"),
                    format!(
                        "{}instance types look like `m7g.large` (family, dot, size)",
                        did_you_mean(name, catalog::offerings::instance_type_names())
                    ),
                ),
                _ => f.warning(
                    crate::diagnostic::codes::validate::UNKNOWN_INSTANCE_TYPE,
                    path,
                    format!("`{name}` is not an EC2 instance type in the catalog (as of {})", facts.as_of()),
                    format!(
                        "{}if the type is newer than the catalog, `scalectl validate --live` checks where the account is offered it (deploy always does)",
                        did_you_mean(name, catalog::offerings::instance_type_names())
                    ),
                ),
            },
        }
    }
    if let Some(db) = &stage.data.database
        && !facts.db_class_known(&db.instance_class)
    {
        let kind = ClassKind {
            code: crate::diagnostic::codes::validate::UNKNOWN_DB_CLASS,
            path: "data.database.instance_class",
            what: "an RDS instance class",
            plural: "RDS instance classes",
            prefix: "db.",
            example: "db.r6g.large",
        };
        unknown_class(
            &kind,
            &db.instance_class,
            &catalog::classes::db_class_names(),
            facts,
            f,
        );
    }
    if let Some(cache) = &stage.cache {
        // A known family with a size it lacks is `structure`'s error (cache_node_type).
        let family_known = !catalog::services::cache_family_sizes(&cache.node_type)
            .1
            .is_empty();
        if !facts.cache_node_known(&cache.node_type) && !family_known {
            let kind = ClassKind {
                code: crate::diagnostic::codes::validate::UNKNOWN_CACHE_NODE,
                path: "cache.node_type",
                what: "an ElastiCache node type",
                plural: "ElastiCache node types",
                prefix: "cache.",
                example: "cache.r7g.large",
            };
            unknown_class(
                &kind,
                &cache.node_type,
                &catalog::classes::cache_node_names(),
                facts,
                f,
            );
        }
        if cache.multi_az && !catalog::classes::cache_node_supports_multi_az(&cache.node_type) {
            f.error(
                crate::diagnostic::codes::validate::MULTI_AZ_CACHE,
                "cache.node_type",
                format!(
                    "`{}` does not support Multi-AZ with automatic failover",
                    cache.node_type
                ),
                "use a current node type such as `cache.t4g.medium`",
            );
        }
    }
}

/// A family of class names (RDS instance classes, ElastiCache node types).
struct ClassKind {
    code: &'static str,
    path: &'static str,
    what: &'static str,
    plural: &'static str,
    prefix: &'static str,
    example: &'static str,
}

/// A class name the catalog does not know: a warning when it has the family's shape (it may
/// be newer than the catalog), an error when it cannot be one.
fn unknown_class(
    kind: &ClassKind,
    name: &str,
    known: &[String],
    facts: &dyn Facts,
    f: &mut Findings<'_>,
) {
    let message = format!(
        "`{name}` is not {} in the catalog (as of {})",
        kind.what,
        facts.as_of()
    );
    let help = format!(
        "{}{} look like `{}`",
        did_you_mean(name, known.iter().map(String::as_str)),
        kind.plural,
        kind.example
    );
    match catalog::classes::shape(name, kind.prefix, known.iter().map(String::as_str)) {
        catalog::classes::Shape::Impossible(why) => f.error(
            kind.code,
            kind.path,
            format!("`{name}` cannot be {}: {why}", kind.what),
            help,
        ),
        _ => f.warning(
            kind.code,
            kind.path,
            message,
            format!("{help}; if it is newer than the catalog, check it exists in the region"),
        ),
    }
}

/// Every web instance type is offered in every zone the web tier runs in.
fn offerings(stage: &Stage, region: &str, used: &[Zone], facts: &dyn Facts, f: &mut Findings<'_>) {
    let zones: &[Zone] = match stage.compute.web.mode {
        WebMode::Single => &used[..used.len().min(1)],
        WebMode::Fleet => used,
    };
    for (name, path) in web_types(stage) {
        let missing: Vec<&Zone> = zones
            .iter()
            .filter(|z| facts.ec2_offered(region, &z.id, &name) == Some(false))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let list = missing
            .iter()
            .map(|z| format!("{} ({})", z.name, z.id))
            .collect::<Vec<_>>()
            .join(", ");
        let offered = offering_zone_names(region, &name, facts);
        f.error(
            crate::diagnostic::codes::validate::NOT_OFFERED,
            &path,
            format!("`{name}` is not offered in {list}{}", if facts.is_live() { " for this account" } else { "" }),
            if offered.is_empty() {
                format!("pick an instance type offered in every zone the stage uses in {region}")
            } else {
                format!(
                    "use zones that offer it ({}), or an instance type offered in all of the stage's zones",
                    offered.join(", ")
                )
            },
        );
    }
}

fn offering_zone_names(region: &str, name: &str, facts: &dyn Facts) -> Vec<&'static str> {
    let Some(info) = catalog::region(region) else {
        return Vec::new();
    };
    info.azs
        .iter()
        .filter(|z| facts.ec2_offered(region, z.id, name) == Some(true))
        .map(|z| z.name)
        .collect()
}
