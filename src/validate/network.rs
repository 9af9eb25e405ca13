//! Network rules: the VPC and subnet CIDRs are valid, subnets sit inside the VPC without
//! overlapping, the carved layout fits, and the subnets have room for the Auto Scaling
//! maximum, the container tasks and the load balancer's nodes. Regions' VPCs must not overlap.

use super::findings::Findings;
use super::region_uses;
use crate::stage::Stage;
use crate::synth::network::{Tiers, subnet_plan};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

const CODE_CIDR: &str = crate::diagnostic::codes::validate::CIDR;
const CODE_OVERLAP: &str = crate::diagnostic::codes::validate::SUBNET_OVERLAP;
const CODE_ROOM: &str = crate::diagnostic::codes::validate::SUBNET_ROOM;

/// Addresses AWS reserves in every subnet.
const RESERVED_PER_SUBNET: u64 = 5;
/// Free addresses an Application Load Balancer needs in each of its subnets.
const ALB_ADDRESSES_PER_SUBNET: u64 = 8;

/// Check the network of every region.
pub(crate) fn check(stage: &Stage, f: &mut Findings<'_>) {
    let mut vpcs: Vec<(Ipv4Net, String)> = Vec::new();
    for region in region_uses(stage) {
        let Some(vpc) = vpc_cidr(&region.vpc_cidr, &region.cidr_path, f) else {
            continue;
        };
        if let Some((other, path)) = vpcs.iter().find(|(o, _)| overlaps(o, &vpc)) {
            f.error(
                CODE_OVERLAP,
                &region.cidr_path,
                format!("VPC {vpc} overlaps VPC {other} (`{path}`): the regions could never be peered or routed to each other"),
                "give every region its own range, e.g. 10.0.0.0/16, 10.1.0.0/16, 10.2.0.0/16",
            );
        }
        vpcs.push((vpc, region.cidr_path.clone()));
    }
    no_way_out(stage, f);
    // Subnets are laid out the same way in every region, each in its own VPC: the first
    // region's layout is checked in full, the others for what depends on their VPC (listed
    // subnets inside it, room to carve, room for the fleet).
    for (index, region) in region_uses(stage).into_iter().enumerate() {
        let Some((vpc, _)) = vpcs.iter().find(|(_, p)| *p == region.cidr_path) else {
            continue;
        };
        let other = (index > 0).then_some(&region);
        subnets(stage, *vpc, &region.vpc_cidr, other, f);
    }
}

/// The private tier needs a way out: the web fleet's bootstrap installs packages and signals
/// CloudFormation, container tasks pull their images (public ones from public ECR, which no
/// VPC endpoint reaches) and ship logs. Without NAT the stage deploys and then cannot work:
/// instances never signal, tasks never start.
fn no_way_out(stage: &Stage, f: &mut Findings<'_>) {
    if stage.network.nat_gateways != crate::stage::NatMode::None || !Tiers::of(stage).private {
        return;
    }
    let mut needs = Vec::new();
    if stage.compute.web.mode == crate::stage::WebMode::Fleet {
        needs.push("the web fleet's bootstrap installs packages and signals CloudFormation");
    }
    if !stage.compute.services.is_empty() {
        needs.push("container tasks pull their images and ship their logs");
    }
    f.error(
        crate::diagnostic::codes::validate::NO_EGRESS,
        "network.nat_gateways",
        format!(
            "the private subnets have no way out (`nat_gateways: none`), but {}",
            needs.join(", and ")
        ),
        "set `network.nat_gateways: single` (one NAT gateway, cheaper) or `per_az` (one per zone, survives a zone's loss)",
    );
}

fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

fn parse(text: &str) -> Result<Ipv4Net, String> {
    let net: Ipv4Net = text
        .parse()
        .map_err(|_| format!("`{text}` is not an IPv4 CIDR block"))?;
    if net.trunc() != net {
        return Err(format!(
            "`{text}` has host bits set; the block starting there is {}",
            net.trunc()
        ));
    }
    Ok(net)
}

fn vpc_cidr(text: &str, path: &str, f: &mut Findings<'_>) -> Option<Ipv4Net> {
    let vpc = match parse(text) {
        Ok(vpc) => vpc,
        Err(message) => {
            f.error(
                CODE_CIDR,
                path,
                message,
                "write the VPC range as a network address and prefix, e.g. 10.0.0.0/16",
            );
            return None;
        }
    };
    if !(16..=28).contains(&vpc.prefix_len()) {
        f.error(
            CODE_CIDR,
            path,
            format!(
                "VPC {vpc} has a /{} prefix; AWS allows /16 to /28",
                vpc.prefix_len()
            ),
            "use a prefix from /16 (65,536 addresses) to /28 (16 addresses); /16 suits most stages",
        );
        return None;
    }
    if !is_private(vpc.network()) {
        f.warning(
            CODE_CIDR,
            path,
            format!("VPC {vpc} is not in a private range (RFC 1918 or 100.64.0.0/10)"),
            "use 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 so addresses never clash with the internet",
        );
    }
    Some(vpc)
}

fn is_private(ip: Ipv4Addr) -> bool {
    ip.is_private() || (ip.octets()[0] == 100 && (64..128).contains(&ip.octets()[1]))
}

/// Check the subnet layout in one region's VPC. `other` is set for every region after the
/// first: what does not depend on the VPC was reported for the first one already.
fn subnets(
    stage: &Stage,
    vpc: Ipv4Net,
    vpc_text: &str,
    other: Option<&super::RegionUse>,
    f: &mut Findings<'_>,
) {
    let first = other.is_none();
    let in_region = other.map_or(String::new(), |r| format!(" of region {}", r.code));
    let vpc_path = other.map_or("network.vpc_cidr", |r| r.cidr_path.as_str());
    let zones = stage.network.availability_zones.count();
    if zones == 0 {
        return;
    }
    let layout = &stage.network.subnets;
    let tiers = Tiers::of(stage);
    let lists = [
        ("public", &layout.public, true),
        ("private", &layout.private, tiers.private),
        ("data", &layout.data, tiers.data),
    ];
    let mut given: Vec<(Ipv4Net, String)> = Vec::new();
    let mut bad = false;
    for (tier, list, needed) in lists {
        if list.is_empty() {
            continue;
        }
        if !needed && first {
            f.warning(
                crate::diagnostic::codes::validate::UNUSED_SUBNETS,
                &format!("network.subnets.{tier}"),
                format!("{tier} subnets are listed but nothing in the stage uses that tier"),
                format!("remove `{tier}:` from `network.subnets`"),
            );
        }
        if list.len() != zones && first {
            f.error(
                crate::diagnostic::codes::validate::SUBNET_COUNT,
                &format!("network.subnets.{tier}"),
                format!("{} {tier} subnets listed for {zones} availability zones", list.len()),
                "list one subnet per zone, in zone order, or leave the tier out to have it carved from the VPC",
            );
            bad = true;
        }
        for (i, text) in list.iter().enumerate() {
            let path = format!("network.subnets.{tier}[{i}]");
            let net = match parse(text) {
                Ok(net) => net,
                Err(message) => {
                    if first {
                        f.error(
                            CODE_CIDR,
                            &path,
                            message,
                            "write the subnet as a network address and prefix, e.g. 10.0.1.0/24",
                        );
                    }
                    bad = true;
                    continue;
                }
            };
            if !(16..=28).contains(&net.prefix_len()) && first {
                f.error(
                    CODE_CIDR,
                    &path,
                    format!(
                        "subnet {net} has a /{} prefix; AWS allows /16 to /28",
                        net.prefix_len()
                    ),
                    "use a prefix from /16 to /28",
                );
                bad = true;
            }
            if !vpc.contains(&net) {
                f.error(
                    crate::diagnostic::codes::validate::SUBNET_OUTSIDE_VPC,
                    &path,
                    format!("subnet {net} is not inside the VPC {vpc}{in_region}"),
                    if first {
                        format!("pick a range inside {vpc}")
                    } else {
                        "listed subnets are used in every region, and each region has its own VPC: leave `network.subnets` out of a multi-region stage so each region's are carved from its VPC".to_string()
                    },
                );
                bad = true;
            }
            if !first {
                given.push((net, path));
                continue;
            }
            if let Some((other, other_path)) = given.iter().find(|(o, _)| overlaps(o, &net)) {
                f.error(
                    CODE_OVERLAP,
                    &path,
                    format!("subnet {net} overlaps subnet {other} (`{other_path}`)"),
                    "give every subnet its own range",
                );
                bad = true;
            }
            given.push((net, path));
        }
    }
    if bad {
        return;
    }
    // The layout synthesis will use: the given subnets, the rest carved from the VPC.
    let plan = match subnet_plan(vpc_text, layout, zones) {
        Ok(plan) => plan,
        Err(err) => {
            f.error(
                CODE_ROOM,
                vpc_path,
                match other {
                    Some(r) => format!("in region {}: {err}", r.code),
                    None => err.to_string(),
                },
                "use a larger VPC (a /20 or larger leaves room to carve), or list every tier's subnets",
            );
            return;
        }
    };
    let [public, private, _data] = plan;
    let parsed = |list: &[String]| {
        list.iter()
            .filter_map(|s| s.parse::<Ipv4Net>().ok())
            .collect::<Vec<_>>()
    };
    let (public, private) = (parsed(&public), parsed(&private));
    // Carved tiers must not collide with listed ones.
    for (tier, list) in [("public", &public), ("private", &private)] {
        for net in list {
            if let Some((other, other_path)) =
                given.iter().find(|(o, _)| overlaps(o, net) && o != net)
            {
                f.error(
                    CODE_OVERLAP,
                    other_path,
                    format!("subnet {other} overlaps the {tier} subnet {net} that scalectl carves from the VPC"),
                    "list all three tiers' subnets, or move this one out of the carved blocks",
                );
                return;
            }
        }
    }
    if stage.load_balancer.is_some() && first {
        for (i, net) in public.iter().enumerate() {
            if net.prefix_len() > 27 {
                f.error(
                    CODE_ROOM,
                    &format!("network.subnets.public[{i}]"),
                    format!("public subnet {net} is smaller than /27; a load balancer needs /27 subnets with {ALB_ADDRESSES_PER_SUBNET} free addresses"),
                    "use /27 or larger public subnets",
                );
            }
        }
    }
    let (fleet, tasks) = super::full_scale(stage);
    let demand = fleet + tasks;
    if demand == 0 || private.is_empty() {
        return;
    }
    let room: u64 = private
        .iter()
        .map(|n| (1u64 << (32 - u32::from(n.prefix_len()))).saturating_sub(RESERVED_PER_SUBNET))
        .sum();
    if demand > room {
        let path = if layout.private.is_empty() {
            vpc_path
        } else if first {
            "network.subnets.private"
        } else {
            // Listed subnets are the same in every region: said once.
            return;
        };
        f.error(
            CODE_ROOM,
            path,
            format!(
                "the private subnets{in_region} hold {room} addresses, but at full scale the stage needs {demand}: {}",
                [
                    (fleet, "web instances at the Auto Scaling maximum"),
                    (tasks, "container tasks at their maximum"),
                ]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect::<Vec<_>>()
                .join(" and ")
            ),
            "use larger private subnets (or a larger VPC), or lower the maximums",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_parsing() {
        assert!(parse("10.0.0.0/16").is_ok());
        assert!(parse("10.0.0.1/16").is_err_and(|e| e.contains("10.0.0.0/16")));
        assert!(parse("10.0.0.0/33").is_err());
        assert!(parse("ten").is_err());
        assert!(is_private(
            "100.64.0.0".parse().unwrap_or(Ipv4Addr::UNSPECIFIED)
        ));
        assert!(!is_private(Ipv4Addr::new(8, 8, 0, 0)));
    }
}
