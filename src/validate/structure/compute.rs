//! Structural rules for the web tier, its scaling and Spot mix, and the container services.

use super::*;

pub(super) fn compute(compute: &Compute, stage: &Stage, f: &mut Findings<'_>) {
    let web = &compute.web;
    let p = "compute.web";
    range(
        f,
        &format!("{p}.volume_gb"),
        "the root volume",
        u64::from(web.volume_gb),
        crate::stage::compute::ROOT_VOLUME_GB,
    );
    range(
        f,
        &format!("{p}.app_port"),
        "the application port",
        u64::from(web.app_port),
        crate::stage::compute::APP_PORT,
    );
    if !web.health_check_path.starts_with('/') {
        f.error(
            CODE_RANGE,
            &format!("{p}.health_check_path"),
            format!(
                "health check path `{}` does not start with `/`",
                web.health_check_path
            ),
            "write an absolute path such as `/health`",
        );
    }
    match web.mode {
        WebMode::Single => {
            if stage.load_balancer.is_some() {
                let diagnostic = Diagnostic::error(
                    CODE_COMBINATION,
                    "a load balancer in front of a single box would have no targets: the box is not registered with it, so every request would get a 503",
                    f.at(&format!("{p}.mode")),
                    "set `mode: fleet` (the fleet registers with the load balancer), or remove `load_balancer:`",
                )
                .with_related_opt(f.at("load_balancer"), "the load balancer is set here");
                f.push(diagnostic);
            }
            if (web.min, web.desired, web.max) != (1, 1, 1) {
                f.error(
                    CODE_COMBINATION,
                    &format!("{p}.max"),
                    "the web tier runs a single box, so min, desired and max do not apply",
                    "set `mode: fleet` (with a load balancer) to run several instances, or remove min/desired/max",
                );
            }
            for (field, set) in [
                ("scaling", web.scaling.is_some()),
                ("spot", web.spot.is_some()),
            ] {
                if set {
                    f.error(
                        CODE_COMBINATION,
                        &format!("{p}.{field}"),
                        format!(
                            "`{field}` needs `mode: fleet`; a single box cannot scale or use Spot"
                        ),
                        format!("set `mode: fleet`, or remove `{field}:`"),
                    );
                }
            }
        }
        WebMode::Fleet => {
            order(f, p, "web fleet", (web.min, web.desired, web.max));
            if stage.load_balancer.is_none() {
                f.error(
                    CODE_COMBINATION,
                    &format!("{p}.mode"),
                    "a web fleet runs in private subnets and needs a load balancer in front of it",
                    "add `load_balancer: {}` to the stage, or use `mode: single`",
                );
            }
        }
    }
    if web.runs_database && stage.data.database.is_some() {
        f.error(
            CODE_COMBINATION,
            &format!("{p}.runs_database"),
            "the web box runs a database and the stage also has `data.database`",
            "set `runs_database: false` once the database moves to RDS",
        );
    }
    if web.scaling.is_some() && web.mode == WebMode::Fleet && web.desired != web.min {
        f.warning(
            CODE_ORDER,
            &format!("{p}.desired"),
            format!(
                "`desired: {}` does not apply: scaling policies manage this fleet, so the group starts at `min` ({}) and the policies size it",
                web.desired, web.min
            ),
            format!(
                "remove `desired:` or set it to {} (a desired capacity in the template would set a fleet the policies grew back to it on every deploy)",
                web.min
            ),
        );
    }
    if let Some(scaling) = &web.scaling {
        let sp = format!("{p}.scaling");
        if scaling.cpu_target.is_none() && scaling.requests_per_target.is_none() {
            f.error(
                CODE_COMBINATION,
                &sp,
                "scaling has no target: neither `cpu_target` nor `requests_per_target` is set",
                "set `cpu_target: 50` or `requests_per_target: 1000`",
            );
        }
        if let Some(cpu) = scaling.cpu_target {
            percent(f, &format!("{sp}.cpu_target"), "the CPU target", cpu);
        }
        if let Some(requests) = scaling.requests_per_target {
            range(
                f,
                &format!("{sp}.requests_per_target"),
                "requests per target",
                u64::from(requests),
                crate::stage::compute::REQUESTS_PER_TARGET,
            );
        }
        range(
            f,
            &format!("{sp}.warmup_seconds"),
            "the warm-up",
            u64::from(scaling.warmup_seconds),
            crate::stage::compute::WARMUP_SECONDS,
        );
        if web.min == web.max && web.mode == WebMode::Fleet {
            f.warning(
                CODE_COMBINATION,
                &format!("{p}.max"),
                format!(
                    "scaling is set but min and max are both {}, so the fleet cannot scale",
                    web.max
                ),
                "raise `max` above `min`, or remove `scaling:`",
            );
        }
    }
    if let Some(spot) = &web.spot {
        let sp = format!("{p}.spot");
        range(
            f,
            &format!("{sp}.on_demand_percent_above_base"),
            "the On-Demand percentage",
            u64::from(spot.on_demand_percent_above_base),
            crate::stage::compute::ON_DEMAND_PERCENT,
        );
        if spot.on_demand_base > web.max {
            f.error(
                CODE_RANGE,
                &format!("{sp}.on_demand_base"),
                format!(
                    "the On-Demand base ({}) is above the fleet's max ({})",
                    spot.on_demand_base, web.max
                ),
                "lower `on_demand_base` to at most the fleet's `max`",
            );
        }
        let mut seen = BTreeSet::new();
        for (i, t) in spot.instance_types.iter().enumerate() {
            if !seen.insert(t) {
                f.error(
                    CODE_DUPLICATE,
                    &format!("{sp}.instance_types[{i}]"),
                    format!("`{t}` is listed twice"),
                    "list each instance type once",
                );
            }
        }
        if spot.instance_types.len() > 19 {
            f.error(
                CODE_RANGE,
                &format!("{sp}.instance_types"),
                format!("{} Spot instance types listed; an Auto Scaling group takes at most 20 with the web type", spot.instance_types.len()),
                "list at most 19 additional instance types",
            );
        }
    }
    if compute.discovery_namespace.is_empty() || !compute.discovery_namespace.contains('.') {
        f.error(
            CODE_NAME,
            "compute.discovery_namespace",
            format!(
                "`{}` is not a DNS name for service discovery",
                compute.discovery_namespace
            ),
            "use a private DNS name such as `app.internal`",
        );
    }
    unique(
        f,
        "compute.services",
        compute.services.iter().map(|s| s.name.as_str()),
    );
    for (i, service) in compute.services.iter().enumerate() {
        let sp = format!("compute.services[{i}]");
        if !is_simple_name(&service.name) || service.name.len() > 32 {
            f.error(
                CODE_NAME,
                &format!("{sp}.name"),
                format!("service name `{}` is not valid", service.name),
                "use up to 32 letters, digits and hyphens, starting with a letter",
            );
        }
        if !service.path.starts_with('/') {
            f.error(
                CODE_RANGE,
                &format!("{sp}.path"),
                format!("path pattern `{}` does not start with `/`", service.path),
                "write a path pattern such as `/orders/*`",
            );
        }
        if !service.health_check_path.starts_with('/') {
            f.error(
                CODE_RANGE,
                &format!("{sp}.health_check_path"),
                format!(
                    "service `{}`'s health check path `{}` does not start with `/`",
                    service.name, service.health_check_path
                ),
                "write an absolute path such as `/health` (the target group requests it from each task)",
            );
        }
        range(
            f,
            &format!("{sp}.port"),
            "the container port",
            u64::from(service.port),
            crate::stage::compute::CONTAINER_PORT,
        );
        order(
            f,
            &sp,
            &format!("service `{}`", service.name),
            (service.min, service.desired, service.max),
        );
        super::rollout::check(f, &sp, service, compute.web.mode == WebMode::Fleet);
        percent(
            f,
            &format!("{sp}.cpu_target"),
            "the CPU target",
            service.cpu_target,
        );
        if !fargate_size_valid(service.cpu, service.memory) {
            f.error(
                CODE_COMBINATION,
                &format!("{sp}.memory"),
                format!("Fargate has no task size with {} CPU units and {} MiB", service.cpu, service.memory),
                "use a Fargate size: 256 CPU with 512-2048 MiB, 512 with 1024-4096, 1024 with 2048-8192, 2048 with 4096-16384, 4096 with 8192-30720 (steps of 1024)",
            );
        }
        if stage.load_balancer.is_none() {
            f.error(
                CODE_COMBINATION,
                &format!("{sp}.path"),
                format!(
                    "service `{}` is routed by path but the stage has no load balancer",
                    service.name
                ),
                "add `load_balancer: {}` to the stage",
            );
        }
    }
}

/// Fargate's CPU/memory pairs (Linux, up to 4 vCPU).
fn fargate_size_valid(cpu: u32, memory: u32) -> bool {
    let (low, high, step) = match cpu {
        256 => return matches!(memory, 512 | 1024 | 2048),
        512 => (1024, 4096, 1024),
        1024 => (2048, 8192, 1024),
        2048 => (4096, 16384, 1024),
        4096 => (8192, 30720, 1024),
        _ => return false,
    };
    memory >= low && memory <= high && memory.is_multiple_of(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fargate_sizes() {
        assert!(fargate_size_valid(256, 512));
        assert!(fargate_size_valid(512, 1024));
        assert!(fargate_size_valid(4096, 30720));
        assert!(!fargate_size_valid(256, 4096));
        assert!(!fargate_size_valid(1024, 1024));
        assert!(!fargate_size_valid(300, 1024));
    }
}
