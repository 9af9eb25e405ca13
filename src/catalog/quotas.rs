//! AWS service quotas scalectl checks a stage against, with their Service Quotas codes and
//! AWS default values (the value a new account starts with unless AWS says otherwise).
//! The account's applied values come from the live provider.

/// What a quota counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Resources.
    Count,
    /// vCPUs.
    Vcpu,
}

/// What a quota applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Per account and region.
    Region,
    /// Per availability zone.
    Zone,
    /// Per VPC.
    Vpc,
    /// Per security group.
    SecurityGroup,
    /// Per load balancer.
    LoadBalancer,
    /// Per source DB instance.
    DbInstance,
}

/// One quota.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuotaDef {
    /// Service Quotas service code, e.g. `ec2`.
    pub service: &'static str,
    /// Quota code, e.g. `L-1216C47A`.
    pub code: &'static str,
    /// The quota's name in Service Quotas.
    pub name: &'static str,
    /// AWS default value.
    pub default: f64,
    /// What it counts.
    pub unit: Unit,
    /// What it applies to.
    pub scope: Scope,
    /// Whether an increase can be requested.
    pub adjustable: bool,
}

impl QuotaDef {
    /// The command that asks AWS for more.
    pub fn increase_command(&self, region: &str, value: f64) -> String {
        format!(
            "aws service-quotas request-service-quota-increase --service-code {} --quota-code {} --desired-value {value} --region {region}",
            self.service, self.code
        )
    }
}

const fn quota(
    service: &'static str,
    code: &'static str,
    name: &'static str,
    default: f64,
    unit: Unit,
    scope: Scope,
) -> QuotaDef {
    QuotaDef {
        service,
        code,
        name,
        default,
        unit,
        scope,
        adjustable: true,
    }
}

/// Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances, in vCPUs.
pub const ON_DEMAND_STANDARD_VCPUS: QuotaDef = quota(
    "ec2",
    "L-1216C47A",
    "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
    5.0,
    Unit::Vcpu,
    Scope::Region,
);
/// All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests, in vCPUs.
pub const SPOT_STANDARD_VCPUS: QuotaDef = quota(
    "ec2",
    "L-34B43A08",
    "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests",
    5.0,
    Unit::Vcpu,
    Scope::Region,
);
/// EC2-VPC Elastic IPs.
pub const ELASTIC_IPS: QuotaDef = quota(
    "ec2",
    "L-0263D0A3",
    "EC2-VPC Elastic IPs",
    5.0,
    Unit::Count,
    Scope::Region,
);
/// NAT gateways per Availability Zone.
pub const NAT_GATEWAYS_PER_AZ: QuotaDef = quota(
    "vpc",
    "L-FE5A380F",
    "NAT gateways per Availability Zone",
    5.0,
    Unit::Count,
    Scope::Zone,
);
/// VPCs per Region.
pub const VPCS: QuotaDef = quota(
    "vpc",
    "L-F678F1CE",
    "VPCs per Region",
    5.0,
    Unit::Count,
    Scope::Region,
);
/// Internet gateways per Region.
pub const INTERNET_GATEWAYS: QuotaDef = quota(
    "vpc",
    "L-A4707A72",
    "Internet gateways per Region",
    5.0,
    Unit::Count,
    Scope::Region,
);
/// VPC security groups per Region.
pub const SECURITY_GROUPS: QuotaDef = quota(
    "vpc",
    "L-E79EC296",
    "VPC security groups per Region",
    2500.0,
    Unit::Count,
    Scope::Region,
);
/// Inbound or outbound rules per security group.
pub const RULES_PER_SECURITY_GROUP: QuotaDef = quota(
    "vpc",
    "L-0EA8095F",
    "Inbound or outbound rules per security group",
    60.0,
    Unit::Count,
    Scope::SecurityGroup,
);
/// Subnets per VPC.
pub const SUBNETS_PER_VPC: QuotaDef = quota(
    "vpc",
    "L-407747CB",
    "Subnets per VPC",
    200.0,
    Unit::Count,
    Scope::Vpc,
);
/// Application Load Balancers per Region.
pub const ALBS: QuotaDef = quota(
    "elasticloadbalancing",
    "L-53DA6B97",
    "Application Load Balancers per Region",
    50.0,
    Unit::Count,
    Scope::Region,
);
/// Targets per Application Load Balancer.
pub const TARGETS_PER_ALB: QuotaDef = quota(
    "elasticloadbalancing",
    "L-7E6692B2",
    "Targets per Application Load Balancer",
    1000.0,
    Unit::Count,
    Scope::LoadBalancer,
);
/// RDS DB instances.
pub const DB_INSTANCES: QuotaDef = quota(
    "rds",
    "L-7B6409FD",
    "DB instances",
    40.0,
    Unit::Count,
    Scope::Region,
);
/// RDS read replicas per primary.
pub const READ_REPLICAS_PER_PRIMARY: QuotaDef = quota(
    "rds",
    "L-5BC124EF",
    "Read replicas per primary",
    15.0,
    Unit::Count,
    Scope::DbInstance,
);
/// ElastiCache nodes per Region. The value is in AWS's documentation; the code only in
/// third-party lists (checked live with `--live`, which falls back to the default if wrong).
pub const CACHE_NODES: QuotaDef = quota(
    "elasticache",
    "L-DFE45DF3",
    "Nodes per Region",
    300.0,
    Unit::Count,
    Scope::Region,
);
/// DynamoDB tables per Region.
pub const DYNAMODB_TABLES: QuotaDef = quota(
    "dynamodb",
    "L-F98FE922",
    "Maximum number of tables",
    2500.0,
    Unit::Count,
    Scope::Region,
);
/// Lambda concurrent executions.
pub const LAMBDA_CONCURRENCY: QuotaDef = quota(
    "lambda",
    "L-B99A9384",
    "Concurrent executions",
    1000.0,
    Unit::Count,
    Scope::Region,
);
/// Fargate On-Demand vCPUs.
pub const FARGATE_VCPUS: QuotaDef = quota(
    "fargate",
    "L-3032A538",
    "Fargate On-Demand vCPU resource count",
    6.0,
    Unit::Vcpu,
    Scope::Region,
);

/// Every quota scalectl checks.
pub const ALL: &[QuotaDef] = &[
    ON_DEMAND_STANDARD_VCPUS,
    SPOT_STANDARD_VCPUS,
    ELASTIC_IPS,
    NAT_GATEWAYS_PER_AZ,
    VPCS,
    INTERNET_GATEWAYS,
    SECURITY_GROUPS,
    RULES_PER_SECURITY_GROUP,
    SUBNETS_PER_VPC,
    ALBS,
    TARGETS_PER_ALB,
    DB_INSTANCES,
    READ_REPLICAS_PER_PRIMARY,
    CACHE_NODES,
    DYNAMODB_TABLES,
    LAMBDA_CONCURRENCY,
    FARGATE_VCPUS,
];

/// A quota by code.
pub fn by_code(code: &str) -> Option<&'static QuotaDef> {
    ALL.iter().find(|q| q.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        for (i, q) in ALL.iter().enumerate() {
            assert!(q.code.starts_with("L-") && q.code.len() == 10, "{}", q.code);
            assert!(ALL[i + 1..].iter().all(|o| o.code != q.code), "{}", q.code);
            assert!(q.default > 0.0);
        }
        assert_eq!(by_code("L-1216C47A").map(|q| q.unit), Some(Unit::Vcpu));
    }
}
