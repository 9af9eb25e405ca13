//! Security groups, all in one place: each tier accepts traffic only from the tier in front
//! of it, on its own port, and data tiers have no outbound rules at all.

use super::SynthError;
use super::context::{Ctx, r};
use crate::cfn::resources::ec2;
use crate::cfn::{LogicalId, Value, lit};
use crate::stage::WebMode;

/// The databases' security group.
pub const DB_SECURITY_GROUP: &str = "DatabaseSecurityGroup";

/// Port the cache listens on.
pub const CACHE_PORT: u16 = 6379;

/// Add the security groups and their cross-group rules.
pub fn synthesize(ctx: &mut Ctx<'_>) -> Result<(), SynthError> {
    let stage = ctx.stage;
    let vpc = r(&ctx.net.vpc);
    let web = &stage.compute.web;
    let fleet = web.mode == WebMode::Fleet;
    let db_port = stage.data.database.as_ref().map(|d| d.engine.port());
    let has_cache = stage.cache.is_some();
    let has_services = !stage.compute.services.is_empty();

    // Port 80 stays open to the world only to redirect to HTTPS (and, on a single box, to
    // answer Let's Encrypt's HTTP-01 challenge); without a certificate it serves the site.
    let https = ctx.https();
    let http_why = if https {
        "HTTP from the internet, redirected to HTTPS"
    } else {
        "HTTP from the internet (no certificate: the stage has no DNS zone)"
    };
    let alb = if stage.load_balancer.is_some() {
        let mut ingress = vec![ec2::Ingress::tcp_from_cidr(80, "0.0.0.0/0", http_why)];
        if https {
            ingress.push(ec2::Ingress::tcp_from_cidr(
                443,
                "0.0.0.0/0",
                "HTTPS from the internet",
            ));
        }
        let sg = ctx.add(
            "AlbSecurityGroup",
            &ec2::SecurityGroup {
                security_group_ingress: ingress,
                // Outbound only to the targets, added below.
                security_group_egress: vec![no_egress()],
                tags: ctx.tags("alb"),
                ..ec2::SecurityGroup::new("Load balancer: HTTP(S) from the internet", vpc.clone())
            },
        )?;
        ctx.known.alb_sg = Some(sg.clone());
        Some(sg)
    } else {
        None
    };

    let web_ingress = match (&alb, fleet) {
        (Some(alb), true) => vec![ec2::Ingress::tcp_from_group(
            web.app_port,
            r(alb),
            "From the load balancer, on the application port",
        )],
        _ => vec![
            ec2::Ingress::tcp_from_cidr(
                80,
                "0.0.0.0/0",
                if https {
                    "HTTP from the internet: Let's Encrypt challenges and the redirect to HTTPS"
                } else {
                    http_why
                },
            ),
            ec2::Ingress::tcp_from_cidr(443, "0.0.0.0/0", "HTTPS from the internet"),
        ],
    };
    let web_sg = ctx.add(
        "WebSecurityGroup",
        &ec2::SecurityGroup {
            security_group_ingress: web_ingress,
            security_group_egress: vec![https_out()],
            tags: ctx.tags("web"),
            ..ec2::SecurityGroup::new("Web tier", vpc.clone())
        },
    )?;
    ctx.known.web_sg = Some(web_sg.clone());
    if let (Some(alb), true) = (&alb, fleet) {
        egress(ctx, alb, &web_sg, web.app_port, "AlbToWeb")?;
    }

    if has_services {
        let sg = ctx.add(
            "ServicesSecurityGroup",
            &ec2::SecurityGroup {
                security_group_egress: vec![https_out()],
                tags: ctx.tags("services"),
                ..ec2::SecurityGroup::new("Container services", vpc.clone())
            },
        )?;
        let mut ports: Vec<u16> = stage.compute.services.iter().map(|s| s.port).collect();
        ports.sort_unstable();
        ports.dedup();
        for port in ports {
            if let Some(alb) = &alb {
                ingress(ctx, &sg, alb, port, &format!("AlbToServices{port}"))?;
                egress(ctx, alb, &sg, port, &format!("AlbToServices{port}"))?;
            }
            // Services call each other through Cloud Map names.
            ingress(ctx, &sg, &sg, port, &format!("ServicesToServices{port}"))?;
            egress(ctx, &sg, &sg, port, &format!("ServicesToServices{port}"))?;
        }
        ctx.known.services_sg = Some(sg);
    }

    if let Some(port) = db_port {
        let sg = data_group(ctx, DB_SECURITY_GROUP, "Databases", "db")?;
        for client in ctx.app_security_groups() {
            ingress(ctx, &sg, &client, port, &format!("{client}ToDatabase"))?;
            egress(ctx, &client, &sg, port, &format!("{client}ToDatabase"))?;
        }
        ctx.known.db_sg = Some(sg);
    }
    if has_cache {
        let sg = data_group(ctx, "CacheSecurityGroup", "Cache", "cache")?;
        for client in ctx.app_security_groups() {
            ingress(ctx, &sg, &client, CACHE_PORT, &format!("{client}ToCache"))?;
            egress(ctx, &client, &sg, CACHE_PORT, &format!("{client}ToCache"))?;
        }
        ctx.known.cache_sg = Some(sg);
    }
    Ok(())
}

fn data_group(ctx: &mut Ctx<'_>, id: &str, what: &str, tag: &str) -> Result<String, SynthError> {
    let props = ec2::SecurityGroup {
        security_group_egress: vec![no_egress()],
        tags: ctx.tags(tag),
        ..ec2::SecurityGroup::new(
            format!("{what}: from the application only"),
            r(&ctx.net.vpc),
        )
    };
    ctx.add(id, &props)
}

/// HTTPS to anywhere: AWS APIs, package repositories and image registries through NAT.
fn https_out() -> ec2::Egress {
    ec2::Egress {
        ip_protocol: lit("tcp"),
        from_port: Some(Value::Lit(443)),
        to_port: Some(Value::Lit(443)),
        cidr_ip: Some(lit("0.0.0.0/0")),
        destination_security_group_id: None,
        description: Some(lit("HTTPS to AWS APIs and package repositories")),
    }
}

/// A rule that matches nothing, replacing the default allow-all egress.
fn no_egress() -> ec2::Egress {
    ec2::Egress {
        description: Some(lit("No outbound traffic")),
        ..ec2::Egress::all_to_cidr("127.0.0.1/32")
    }
}

fn ingress(
    ctx: &mut Ctx<'_>,
    group: &str,
    source: &str,
    port: u16,
    name: &str,
) -> Result<(), SynthError> {
    let rule = ec2::SecurityGroupIngress {
        description: Some(lit(format!("{source} on {port}"))),
        ..ec2::SecurityGroupIngress::tcp_from_group(r(group), port, r(source))
    };
    ctx.add(LogicalId::new([name, "Ingress"]), &rule)?;
    Ok(())
}

fn egress(
    ctx: &mut Ctx<'_>,
    group: &str,
    destination: &str,
    port: u16,
    name: &str,
) -> Result<(), SynthError> {
    let rule = ec2::SecurityGroupEgress {
        description: Some(lit(format!("{destination} on {port}"))),
        ..ec2::SecurityGroupEgress::tcp_to_group(r(group), port, r(destination))
    };
    ctx.add(LogicalId::new([name, "Egress"]), &rule)?;
    Ok(())
}
