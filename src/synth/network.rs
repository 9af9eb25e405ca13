//! Network layer: VPC, subnets per tier and zone, internet gateway, NAT, route tables.

use super::SynthError;
use super::context::{Ctx, att, r};
use crate::cfn::LogicalId;
use crate::cfn::resources::ec2;
use crate::cfn::{Value, lit};
use crate::stage::{NatMode, Stage, WebMode};
use ipnet::Ipv4Net;

/// The subnet tiers a stage needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tiers {
    /// Application in private subnets (fleet or containers).
    pub private: bool,
    /// Databases or caches in isolated subnets.
    pub data: bool,
}

impl Tiers {
    /// What a stage needs.
    pub fn of(stage: &Stage) -> Self {
        Tiers {
            private: stage.compute.web.mode == WebMode::Fleet || !stage.compute.services.is_empty(),
            data: stage.data.database.is_some() || stage.cache.is_some(),
        }
    }
}

/// Subnet CIDRs per tier for `zones` zones: the stage's own where given, else carved from
/// the VPC. Carving splits the VPC into 16 blocks: block 0 holds the public subnets and block
/// 1 the data subnets (each a 1/256 of the VPC), blocks 2.. hold one private subnet (1/16 of
/// the VPC) per zone. A /16 gives /24 public and data subnets and /20 private ones.
pub fn subnet_plan(
    vpc_cidr: &str,
    layout: &crate::stage::SubnetLayout,
    zones: usize,
) -> Result<[Vec<String>; 3], SynthError> {
    let vpc: Ipv4Net = vpc_cidr.parse().map_err(|_| {
        SynthError::network(
            "network.vpc_cidr",
            format!("`{vpc_cidr}` is not an IPv4 CIDR block (write it like 10.0.0.0/16)"),
        )
    })?;
    let vpc = vpc.trunc();
    let block_len = vpc.prefix_len() + 4;
    let small_len = vpc.prefix_len() + 8;
    if small_len > 28 {
        return Err(SynthError::network(
            "network.vpc_cidr",
            format!(
                "VPC `{vpc_cidr}` is too small to carve subnets from (use /20 or larger, or list subnets)"
            ),
        ));
    }
    let blocks: Vec<Ipv4Net> = vpc
        .subnets(block_len)
        .map_err(|e| SynthError::network("network.vpc_cidr", e.to_string()))?
        .collect();
    if zones + 2 > blocks.len() {
        return Err(SynthError::network(
            "network.vpc_cidr",
            format!(
                "VPC `{vpc_cidr}` has room for {} private subnets, not {zones}",
                blocks.len() - 2
            ),
        ));
    }
    let small = |block: Ipv4Net| -> Result<Vec<String>, SynthError> {
        Ok(block
            .subnets(small_len)
            .map_err(|e| SynthError::network("network.vpc_cidr", e.to_string()))?
            .take(zones)
            .map(|n| n.to_string())
            .collect())
    };
    let pick = |tier: &str, given: &Vec<String>, carved: Vec<String>| {
        if given.is_empty() {
            Ok(carved)
        } else if given.len() == zones {
            Ok(given.clone())
        } else {
            Err(SynthError::network(
                format!("network.subnets.{tier}"),
                format!(
                    "{} {tier} subnets listed for {zones} availability zones: list one per zone",
                    given.len()
                ),
            ))
        }
    };
    Ok([
        pick("public", &layout.public, small(blocks[0])?)?,
        pick(
            "private",
            &layout.private,
            blocks[2..2 + zones].iter().map(|n| n.to_string()).collect(),
        )?,
        pick("data", &layout.data, small(blocks[1])?)?,
    ])
}

/// Add the network.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let tiers = Tiers::of(ctx.stage);
    let zones = ctx.azs.clone();
    let [public, private, data] =
        subnet_plan(&ctx.vpc_cidr, &ctx.stage.network.subnets, zones.len())?;

    let vpc = ctx.add(
        "Vpc",
        &ec2::Vpc {
            enable_dns_hostnames: Some(Value::Lit(true)),
            enable_dns_support: Some(Value::Lit(true)),
            tags: ctx.tags("vpc"),
            ..ec2::Vpc::new(lit(ctx.vpc_cidr.clone()))
        },
    )?;
    ctx.net.vpc = vpc.clone();
    let igw = ctx.add(
        "InternetGateway",
        &ec2::InternetGateway {
            tags: ctx.tags("igw"),
        },
    )?;
    let attachment = ctx.add(
        "InternetGatewayAttachment",
        &ec2::VpcGatewayAttachment {
            vpc_id: r(&vpc),
            internet_gateway_id: r(&igw),
        },
    )?;
    let public_rt = ctx.add(
        "PublicRouteTable",
        &ec2::RouteTable {
            vpc_id: r(&vpc),
            tags: ctx.tags("public"),
        },
    )?;
    ctx.add_after(
        "PublicDefaultRoute",
        &ec2::Route {
            gateway_id: Some(r(&igw)),
            ..ec2::Route::new(r(&public_rt), "0.0.0.0/0")
        },
        &[&attachment],
    )?;

    for (i, (zone, cidr)) in zones.iter().zip(&public).enumerate() {
        let subnet = subnet(ctx, "Public", i, zone, cidr, true)?;
        associate(ctx, &subnet, &public_rt)?;
        ctx.net.public.push(subnet);
    }

    if tiers.private {
        let nat_ids = nat_gateways(ctx, &attachment)?;
        for (i, (zone, cidr)) in zones.iter().zip(&private).enumerate() {
            let subnet = subnet(ctx, "Private", i, zone, cidr, false)?;
            let rt = ctx.add(
                LogicalId::new(["PrivateRouteTable", &(i + 1).to_string()]),
                &ec2::RouteTable {
                    vpc_id: r(&vpc),
                    tags: ctx.tags(&format!("private-{zone}")),
                },
            )?;
            if let Some(nat) = nat_ids.get(i).or(nat_ids.first()) {
                ctx.add(
                    LogicalId::new(["PrivateDefaultRoute", &(i + 1).to_string()]),
                    &ec2::Route {
                        nat_gateway_id: Some(r(nat)),
                        ..ec2::Route::new(r(&rt), "0.0.0.0/0")
                    },
                )?;
            }
            associate(ctx, &subnet, &rt)?;
            ctx.net.private.push(subnet);
        }
    }

    if tiers.data {
        // Data subnets have no route out of the VPC.
        let data_rt = ctx.add(
            "DataRouteTable",
            &ec2::RouteTable {
                vpc_id: r(&vpc),
                tags: ctx.tags("data"),
            },
        )?;
        for (i, (zone, cidr)) in zones.iter().zip(&data).enumerate() {
            let subnet = subnet(ctx, "Data", i, zone, cidr, false)?;
            associate(ctx, &subnet, &data_rt)?;
            ctx.net.data.push(subnet);
        }
    }
    ctx.output("VpcId", "The VPC", r(&vpc))?;
    Ok(())
}

fn subnet(
    ctx: &mut Ctx<'_>,
    tier: &str,
    index: usize,
    zone: &str,
    cidr: &str,
    public: bool,
) -> Result<String, SynthError> {
    let props = ec2::Subnet {
        availability_zone: Some(lit(zone)),
        map_public_ip_on_launch: Some(Value::Lit(public)),
        tags: ctx.tags(&format!("{}-{zone}", tier.to_ascii_lowercase())),
        ..ec2::Subnet::new(r(&ctx.net.vpc), lit(cidr))
    };
    ctx.add(
        LogicalId::new([&format!("{tier}Subnet"), &(index + 1).to_string()]),
        &props,
    )
}

fn associate(ctx: &mut Ctx<'_>, subnet: &str, route_table: &str) -> Result<(), SynthError> {
    ctx.add(
        LogicalId::new([subnet, "RouteTableAssociation"]),
        &ec2::SubnetRouteTableAssociation {
            subnet_id: r(subnet),
            route_table_id: r(route_table),
        },
    )?;
    Ok(())
}

fn nat_gateways(ctx: &mut Ctx<'_>, attachment: &str) -> Result<Vec<String>, SynthError> {
    let count = match ctx.stage.network.nat_gateways {
        NatMode::None => 0,
        NatMode::Single => 1,
        NatMode::PerAz => ctx.net.public.len(),
    };
    let mut ids = Vec::new();
    for i in 0..count {
        let n = (i + 1).to_string();
        let eip = ctx.add_after(
            LogicalId::new(["NatEip", &n]),
            &ec2::Eip {
                domain: Some(lit("vpc")),
                tags: ctx.tags(&format!("nat-{n}")),
                ..Default::default()
            },
            &[attachment],
        )?;
        let public_subnet = ctx.net.public[i].clone();
        let nat = ctx.add(
            LogicalId::new(["NatGateway", &n]),
            &ec2::NatGateway {
                allocation_id: Some(att(&eip, "AllocationId")),
                subnet_id: r(&public_subnet),
                tags: ctx.tags(&format!("nat-{n}")),
            },
        )?;
        ids.push(nat);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stage::SubnetLayout;

    #[test]
    fn carves_a_slash_16() -> Result<(), SynthError> {
        let [public, private, data] = subnet_plan("10.0.0.0/16", &SubnetLayout::default(), 3)?;
        assert_eq!(public, ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]);
        assert_eq!(data, ["10.0.16.0/24", "10.0.17.0/24", "10.0.18.0/24"]);
        assert_eq!(private, ["10.0.32.0/20", "10.0.48.0/20", "10.0.64.0/20"]);
        Ok(())
    }

    #[test]
    fn explicit_tiers_win_and_small_vpcs_are_refused() -> Result<(), SynthError> {
        let layout = SubnetLayout {
            public: vec!["10.9.0.0/26".into()],
            ..Default::default()
        };
        let [public, _, _] = subnet_plan("10.9.0.0/20", &layout, 1)?;
        assert_eq!(public, ["10.9.0.0/26"]);
        assert!(subnet_plan("10.0.0.0/24", &SubnetLayout::default(), 2).is_err());
        assert!(subnet_plan("banana", &SubnetLayout::default(), 2).is_err());
        Ok(())
    }
}
