//! Built-in AWS list prices for a monthly cost estimate: on-demand hourly prices of EC2
//! instance types, RDS instance classes and ElastiCache nodes, unit prices of usage-priced
//! and flat-priced services, typical commitment discounts, and one price factor per region.
//!
//! This is an estimate table, not a bill: every number is a public on-demand list price in
//! USD for **us-east-1** (N. Virginia), without taxes, free tiers, volume tiers beyond the
//! first, credits or negotiated discounts.
//!
//! Where the numbers come from (all read from stored copies of public material, not from a
//! live AWS call; see [`PRICES_AS_OF`]):
//! - EC2: the AWS Price List data that Karpenter generates into its source tree
//!   (`aws/karpenter-provider-aws`, `pkg/providers/pricing/zz_generated.pricing_aws.go`,
//!   generated 2026-02-09 for us-east-1). Its 2023-02-27 snapshot has the same prices for
//!   every family present in both.
//! - ElastiCache: a table read from the AWS Price List API on 2026-10-02 (Redis OSS and
//!   Valkey node usage); Valkey is exactly 0.8 × Redis OSS there.
//! - RDS: `db.t3.large`, `db.m5.large`, gp2/gp3 storage, backup storage and the 1-year
//!   reserved discount agree with Infracost's test outputs, which are priced from the AWS
//!   Price List; the other classes are the best-known list prices (marked in the table).
//! - Route 53, NAT gateway, ALB: the AWS pricing pages as transcribed on 2026-09-20.
//! - AWS WAF ($5 per web ACL-month, $1 per rule-month, $0.60 per million requests, the same
//!   in every region): AWS's networking blog on WAF costs and third-party pricing guides
//!   agreeing with it, read 2026-12-06; vended logs to S3 ($0.25/GB): not verified.
//! - DynamoDB: AWS documentation (replicated writes cost the same as single-Region writes
//!   since the November 2024 price change) and a Price List read of 2026-07-31.
//! - Everything else: best-known public list prices, marked "not verified" where no source
//!   could be checked.
//!
//! Other regions are priced as us-east-1 × [`region_factor`]: one factor per region, taken
//! from the ratio of the m6i.large Linux price there to us-east-1. That is an
//! approximation: real regional differences vary by service (data transfer, Fargate and
//! storage do not scale exactly like EC2), so a non-us-east-1 estimate can be a few percent
//! off even where the us-east-1 price is exact.

/// The date the prices were read (ISO 8601): the newest of the AWS price snapshots this table
/// was checked against (ElastiCache, 2026-10-02). The EC2 snapshot is older (2026-02-09) and
/// the table was assembled on 2026-12-01 from stored copies, not a live read.
pub const PRICES_AS_OF: &str = "2026-10-02";

/// Hours in a month as AWS bills them (and as its pricing calculator assumes): 730.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Burstable EC2 types, listed one by one (Linux, on-demand, USD per hour, us-east-1).
/// Source: Karpenter's AWS Price List snapshot of 2026-02-09.
const EC2_BURSTABLE: &[(&str, f64)] = &[
    ("t2.nano", 0.0058),
    ("t2.micro", 0.0116),
    ("t2.small", 0.023),
    ("t2.medium", 0.0464),
    ("t2.large", 0.0928),
    ("t2.xlarge", 0.1856),
    ("t2.2xlarge", 0.3712),
    ("t3.nano", 0.0052),
    ("t3.micro", 0.0104),
    ("t3.small", 0.0208),
    ("t3.medium", 0.0416),
    ("t3.large", 0.0832),
    ("t3.xlarge", 0.1664),
    ("t3.2xlarge", 0.3328),
    ("t3a.nano", 0.0047),
    ("t3a.micro", 0.0094),
    ("t3a.small", 0.0188),
    ("t3a.medium", 0.0376),
    ("t3a.large", 0.0752),
    ("t3a.xlarge", 0.1504),
    ("t3a.2xlarge", 0.3008),
    ("t4g.nano", 0.0042),
    ("t4g.micro", 0.0084),
    ("t4g.small", 0.0168),
    ("t4g.medium", 0.0336),
    ("t4g.large", 0.0672),
    ("t4g.xlarge", 0.1344),
    ("t4g.2xlarge", 0.2688),
];

/// The `large` price of non-burstable EC2 families (Linux, on-demand, USD per hour,
/// us-east-1); other sizes are linear in it (see [`size_factor`]). Every value is from
/// Karpenter's AWS Price List snapshot of 2026-02-09, where all sizes of these families are
/// within rounding of large × factor.
const EC2_LARGE: &[(&str, f64)] = &[
    // General purpose.
    ("m5", 0.096),
    ("m5a", 0.086),
    ("m5d", 0.113),
    ("m5n", 0.119),
    ("m6a", 0.0864),
    ("m6g", 0.077),
    ("m6gd", 0.0904),
    ("m6i", 0.096),
    ("m6id", 0.11865),
    ("m7a", 0.11592),
    ("m7g", 0.0816),
    ("m7gd", 0.1068),
    ("m7i", 0.1008),
    ("m7i-flex", 0.09576),
    ("m8a", 0.12172),
    ("m8g", 0.08976),
    ("m8i", 0.10584),
    // Compute optimized.
    ("c5", 0.085),
    ("c5a", 0.077),
    ("c5d", 0.096),
    ("c5n", 0.108),
    ("c6a", 0.0765),
    ("c6g", 0.068),
    ("c6gn", 0.0864),
    ("c6i", 0.085),
    ("c6id", 0.1008),
    ("c7a", 0.10264),
    ("c7g", 0.0725),
    ("c7gn", 0.1248),
    ("c7i", 0.08925),
    ("c7i-flex", 0.08479),
    ("c8a", 0.10777),
    ("c8g", 0.07976),
    ("c8i", 0.09371),
    // Memory optimized.
    ("r5", 0.126),
    ("r5a", 0.113),
    ("r5b", 0.149),
    ("r5d", 0.144),
    ("r5n", 0.149),
    ("r6a", 0.1134),
    ("r6g", 0.1008),
    ("r6gd", 0.1152),
    ("r6i", 0.126),
    ("r6id", 0.1512),
    ("r7a", 0.15215),
    ("r7g", 0.1071),
    ("r7gd", 0.1361),
    ("r7i", 0.1323),
    ("r7iz", 0.186),
    ("r8a", 0.15976),
    ("r8g", 0.11782),
    ("r8i", 0.13892),
    ("x2gd", 0.167),
    // Storage optimized.
    ("i3", 0.156),
    ("i3en", 0.226),
    ("i4g", 0.15444),
    ("i4i", 0.172),
];

/// RDS burstable classes, listed one by one: (class, PostgreSQL, MySQL), Single-AZ, USD per
/// hour, us-east-1. `db.t3.large` (0.145 / 0.136) and `db.t4g.small` (0.032) are checked
/// against Infracost's Price List-based test outputs; the rest are best-known list prices.
const RDS_BURSTABLE: &[(&str, f64, f64)] = &[
    ("db.t3.micro", 0.018, 0.017),
    ("db.t3.small", 0.036, 0.034),
    ("db.t3.medium", 0.072, 0.068),
    ("db.t3.large", 0.145, 0.136),
    ("db.t3.xlarge", 0.29, 0.272),
    ("db.t3.2xlarge", 0.58, 0.544),
    ("db.t4g.micro", 0.016, 0.016),
    ("db.t4g.small", 0.032, 0.032),
    ("db.t4g.medium", 0.065, 0.064),
    ("db.t4g.large", 0.129, 0.128),
    ("db.t4g.xlarge", 0.258, 0.256),
    ("db.t4g.2xlarge", 0.516, 0.512),
];

/// The `large` price of RDS families: (family, PostgreSQL, MySQL), Single-AZ, USD per hour,
/// us-east-1; other sizes are linear in it. `db.m5.large` MySQL (0.171) is checked against
/// Infracost's Price List-based test outputs; the rest are best-known list prices, not
/// verified here (the Graviton3 `db.m7g` / `db.r7g` MySQL prices least of all).
const RDS_LARGE: &[(&str, f64, f64)] = &[
    ("db.m5", 0.178, 0.171),
    ("db.m6g", 0.159, 0.152),
    ("db.m6i", 0.178, 0.171),
    ("db.m7g", 0.168, 0.162),
    ("db.r5", 0.25, 0.24),
    ("db.r6g", 0.225, 0.215),
    ("db.r6i", 0.25, 0.24),
    ("db.r7g", 0.239, 0.228),
];

/// ElastiCache burstable nodes, listed one by one: Redis OSS, on-demand, USD per hour,
/// us-east-1 (AWS Price List, read 2026-10-02).
const CACHE_BURSTABLE: &[(&str, f64)] = &[
    ("cache.t3.micro", 0.017),
    ("cache.t3.small", 0.034),
    ("cache.t3.medium", 0.068),
    ("cache.t4g.micro", 0.016),
    ("cache.t4g.small", 0.032),
    ("cache.t4g.medium", 0.065),
];

/// The `large` price of ElastiCache families: Redis OSS, on-demand, USD per hour, us-east-1
/// (AWS Price List, read 2026-10-02). AWS rounds each size's price to 3 decimals, so the
/// largest sizes differ from large × factor by up to about 1%.
const CACHE_LARGE: &[(&str, f64)] = &[
    ("cache.m5", 0.156),
    ("cache.m6g", 0.149),
    ("cache.m7g", 0.158),
    ("cache.r5", 0.216),
    ("cache.r6g", 0.206),
    ("cache.r7g", 0.219),
];

/// Node-based Valkey relative to Redis OSS: 20% below, for every node type the Price List
/// has for both engines.
const VALKEY_FACTOR: f64 = 0.8;

/// Price of each region relative to us-east-1: the m6i.large Linux on-demand price there
/// (in the comment) divided by 0.096, rounded to 2 decimals. These regional prices are
/// best-known list prices, not verified against AWS here; eu-west-1 (0.107), eu-central-1
/// (0.115) and sa-east-1 (0.153) agree with several third-party price tables. Regions
/// launched in 2025 (ap-east-2, ap-southeast-6, ap-southeast-7, mx-central-1) and a few
/// smaller ones are estimates from neighbouring regions, marked "estimate".
const REGION_FACTORS: &[(&str, f64)] = &[
    ("af-south-1", 1.32),     // 0.127
    ("ap-east-1", 1.38),      // 0.132
    ("ap-east-2", 1.25),      // estimate: priced like Singapore/Tokyo-tier Asia regions
    ("ap-northeast-1", 1.29), // 0.124
    ("ap-northeast-2", 1.23), // 0.118
    ("ap-northeast-3", 1.29), // 0.124
    ("ap-south-1", 1.05),     // 0.101
    ("ap-south-2", 1.05),     // 0.101
    ("ap-southeast-1", 1.25), // 0.120
    ("ap-southeast-2", 1.25), // 0.120
    ("ap-southeast-3", 1.25), // 0.120
    ("ap-southeast-4", 1.25), // 0.120, like Sydney
    ("ap-southeast-5", 1.15), // estimate: below Singapore
    ("ap-southeast-6", 1.25), // estimate: like Sydney
    ("ap-southeast-7", 1.15), // estimate: below Singapore
    ("ca-central-1", 1.11),   // 0.107
    ("ca-west-1", 1.11),      // 0.107, like ca-central-1
    ("eu-central-1", 1.20),   // 0.115
    ("eu-central-2", 1.32),   // 0.1265
    ("eu-north-1", 1.06),     // 0.102
    ("eu-south-1", 1.17),     // 0.112
    ("eu-south-2", 1.11),     // 0.107
    ("eu-west-1", 1.11),      // 0.107
    ("eu-west-2", 1.16),      // 0.111
    ("eu-west-3", 1.17),      // 0.112
    ("il-central-1", 1.10),   // 0.1056
    ("me-central-1", 1.23),   // 0.1176, like me-south-1
    ("me-south-1", 1.23),     // 0.1176
    ("mx-central-1", 1.10),   // estimate: between the US and Sao Paulo, near Canada
    ("sa-east-1", 1.59),      // 0.153
    ("us-east-1", 1.0),       // 0.096, the base
    ("us-east-2", 1.0),       // 0.096
    ("us-west-1", 1.17),      // 0.112
    ("us-west-2", 1.0),       // 0.096
];

/// The price of a size relative to `large` within a family whose price is linear in size:
/// medium 0.5, large 1, xlarge 2, `N`xlarge 2N. `None` for any other size name.
fn size_factor(size: &str) -> Option<f64> {
    match size {
        "medium" => Some(0.5),
        "large" => Some(1.0),
        "xlarge" => Some(2.0),
        _ => {
            let digits = size.strip_suffix("xlarge")?;
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let n: u32 = digits.parse().ok()?;
            (n >= 2).then_some(2.0 * f64::from(n))
        }
    }
}

/// Linux on-demand hourly price of an EC2 instance type in us-east-1 (USD per hour).
///
/// Burstable types (t2, t3, t3a, t4g) come from an explicit list; other families from their
/// `large` price × the size factor, for sizes the EC2 catalog ([`super::instance_type`])
/// knows. `None` for an unknown family or size, and for bare metal.
pub fn ec2_hourly(instance_type: &str) -> Option<f64> {
    if let Some((_, price)) = EC2_BURSTABLE.iter().find(|(n, _)| *n == instance_type) {
        return Some(*price);
    }
    let (family, size) = instance_type.split_once('.')?;
    let (_, large) = EC2_LARGE.iter().find(|(f, _)| *f == family)?;
    super::instance_type(instance_type)?;
    Some(large * size_factor(size)?)
}

/// Single-AZ on-demand hourly price of an RDS instance class (`db.r6g.large`) for engine
/// "postgres" or "mysql" in us-east-1 (Multi-AZ is twice this: the caller doubles).
///
/// `None` for another engine, an unknown family, or a size the RDS catalog
/// ([`super::classes::db_class_known`]) does not list.
pub fn rds_hourly(engine: &str, class: &str) -> Option<f64> {
    let pick = |postgres: f64, mysql: f64| match engine {
        "postgres" => Some(postgres),
        "mysql" => Some(mysql),
        _ => None,
    };
    if let Some((_, postgres, mysql)) = RDS_BURSTABLE.iter().find(|(n, _, _)| *n == class) {
        return pick(*postgres, *mysql);
    }
    let (family, size) = class.rsplit_once('.')?;
    let (_, postgres, mysql) = RDS_LARGE.iter().find(|(f, _, _)| *f == family)?;
    if !super::classes::db_class_known(class) {
        return None;
    }
    Some(pick(*postgres, *mysql)? * size_factor(size)?)
}

/// On-demand hourly price of one ElastiCache node (`cache.r7g.large`) for engine "redis" or
/// "valkey" (node-based Valkey is listed 20% below Redis OSS) in us-east-1.
///
/// `None` for another engine, an unknown family, or a size the ElastiCache catalog
/// ([`super::classes::cache_node_known`]) does not list.
pub fn cache_node_hourly(engine: &str, node_type: &str) -> Option<f64> {
    let factor = match engine {
        "redis" => 1.0,
        "valkey" => VALKEY_FACTOR,
        _ => return None,
    };
    if let Some((_, redis)) = CACHE_BURSTABLE.iter().find(|(n, _)| *n == node_type) {
        return Some(redis * factor);
    }
    let (family, size) = node_type.rsplit_once('.')?;
    let (_, large) = CACHE_LARGE.iter().find(|(f, _)| *f == family)?;
    if !super::classes::cache_node_known(node_type) {
        return None;
    }
    Some(large * size_factor(size)? * factor)
}

/// Price of a region relative to us-east-1 (1.0 for us-east-1; e.g. 1.11 for eu-west-1,
/// 1.25 for ap-southeast-1), from the m6i.large price ratio: one factor per region, an
/// approximation for services that do not scale like EC2. `None` for a region the table
/// does not know.
pub fn region_factor(region: &str) -> Option<f64> {
    REGION_FACTORS
        .iter()
        .find(|(code, _)| *code == region)
        .map(|(_, factor)| *factor)
}

/// Unit prices of usage-priced and flat-priced services in us-east-1, in USD per the unit
/// named in each field. First (smallest-volume) paid tier; free tiers are not subtracted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitPrices {
    /// EBS gp3 storage, per GB-month (3,000 IOPS and 125 MB/s included).
    pub ebs_gp3_gb_month: f64,
    /// NAT gateway, per gateway-hour.
    pub nat_gateway_hour: f64,
    /// NAT gateway data processing, per GB (on top of any data transfer charge).
    pub nat_gateway_gb: f64,
    /// Public IPv4 address, per address-hour, attached or idle.
    pub public_ipv4_hour: f64,
    /// Application Load Balancer, per load balancer-hour.
    pub alb_hour: f64,
    /// Application Load Balancer capacity, per LCU-hour.
    pub alb_lcu_hour: f64,
    /// RDS General Purpose (gp2/gp3) storage, per GB-month, Single-AZ; Multi-AZ doubles it.
    pub rds_gp3_gb_month: f64,
    /// RDS backup storage beyond 100% of the provisioned storage, per GB-month.
    pub rds_backup_gb_month: f64,
    /// S3 Standard storage, per GB-month (first 50 TB).
    pub s3_standard_gb_month: f64,
    /// S3 Intelligent-Tiering storage in the Frequent Access tier, per GB-month (first 50 TB).
    pub s3_intelligent_tiering_gb_month: f64,
    /// S3 Intelligent-Tiering monitoring and automation, per 1,000 objects per month (objects
    /// of 128 KB and more).
    pub s3_it_monitoring_per_1000_objects: f64,
    /// S3 PUT, COPY, POST and LIST requests (Standard), per 1,000 requests.
    pub s3_put_per_1000: f64,
    /// S3 GET and SELECT requests (Standard), per 1,000 requests.
    pub s3_get_per_1000: f64,
    /// CloudFront data transfer out to the internet, per GB, first 10 TB a month (North
    /// America and Europe edge locations; [`CLOUDFRONT_GB_OUT_TIERS`] has every tier).
    pub cloudfront_gb_out: f64,
    /// CloudFront HTTPS requests, per 10,000 requests (North America and Europe).
    pub cloudfront_https_per_10000: f64,
    /// DynamoDB on-demand write request units (Standard table class), per million.
    pub dynamodb_write_request_unit_million: f64,
    /// DynamoDB on-demand read request units (Standard table class), per million.
    pub dynamodb_read_request_unit_million: f64,
    /// DynamoDB storage (Standard table class), per GB-month beyond the first 25 GB.
    pub dynamodb_storage_gb_month: f64,
    /// DynamoDB global tables on-demand replicated write request units, per million, charged
    /// in every replica region (priced like single-Region writes since November 2024).
    pub dynamodb_replicated_write_unit_million: f64,
    /// Fargate Linux/x86 compute, per vCPU-hour.
    pub fargate_vcpu_hour: f64,
    /// Fargate Linux/x86 memory, per GB-hour.
    pub fargate_gb_hour: f64,
    /// Fargate Linux/Arm (Graviton) price relative to Linux/x86, for both vCPU and memory.
    pub fargate_arm_factor: f64,
    /// Lambda duration on x86, per GB-second.
    pub lambda_gb_second: f64,
    /// Lambda duration on Arm (Graviton), per GB-second.
    pub lambda_arm_gb_second: f64,
    /// Lambda requests, per million.
    pub lambda_request_million: f64,
    /// SQS standard queue requests (64 KB chunks), per million.
    pub sqs_request_million: f64,
    /// SNS standard topic publishes (64 KB chunks), per million.
    pub sns_publish_million: f64,
    /// Route 53 hosted zone, per zone-month (first 25 zones).
    pub route53_hosted_zone_month: f64,
    /// Route 53 standard queries, per million (first billion a month).
    pub route53_standard_query_million: f64,
    /// Route 53 latency-based routing queries, per million (first billion a month).
    pub route53_latency_query_million: f64,
    /// Route 53 basic health check of an AWS endpoint, per check-month (AWS lists the first
    /// 50 such checks as free; not subtracted here).
    pub route53_health_check_aws_endpoint_month: f64,
    /// CloudWatch standard-resolution metric alarm, per alarm-month.
    pub cloudwatch_alarm_month: f64,
    /// CloudWatch Logs ingestion (Standard log class), per GB.
    pub cloudwatch_logs_ingest_gb: f64,
    /// CloudWatch Logs storage (archived, compressed), per GB-month.
    pub cloudwatch_logs_storage_gb_month: f64,
    /// Secrets Manager, per secret-month.
    pub secrets_manager_secret_month: f64,
    /// KMS customer managed key, per key-month.
    pub kms_key_month: f64,
    /// AWS WAF web ACL, per ACL-month (the same in every region).
    pub waf_web_acl_month: f64,
    /// AWS WAF rule, per rule-month; an AWS managed rule group counts as one rule (the
    /// groups scalectl offers have no subscription fee of their own).
    pub waf_rule_month: f64,
    /// AWS WAF requests inspected, per million.
    pub waf_request_million: f64,
    /// Vended logs (VPC flow logs) delivered to S3, per GB, first 10 TB a month.
    pub vended_logs_s3_gb: f64,
    /// VPC interface endpoint (PrivateLink), per endpoint per AZ per hour.
    pub vpc_interface_endpoint_az_hour: f64,
    /// VPC interface endpoint data processing, per GB (first PB a month).
    pub vpc_interface_endpoint_gb: f64,
    /// Cloud Map registered instance (resource), per instance-month; DNS queries for Cloud
    /// Map names are billed as Route 53 queries.
    pub cloud_map_instance_month: f64,
    /// Data transfer out from EC2 (and most services) to the internet, per GB, first 10 TB a
    /// month ([`DATA_TRANSFER_OUT_TIERS`] has every tier).
    pub data_transfer_out_gb: f64,
    /// Data transfer between regions, per GB, charged to the sending region (US and Europe
    /// pairs; a few pairs such as us-east-1 to us-east-2 are cheaper).
    pub data_transfer_inter_region_gb: f64,
}

/// Gigabytes in a terabyte, as AWS counts data transfer tiers.
const TB: f64 = 1024.0;

/// A price tier: the gigabytes a month it covers (after the tiers before it), and the price
/// per GB within it.
pub type Tier = (f64, f64);

/// CloudFront data transfer out to the internet, per GB a month, North America and Europe
/// edge locations: $0.085 for the first 10 TB down to $0.020 over 5 PB. The always-free
/// 1 TB is an account allowance and is not subtracted.
pub const CLOUDFRONT_GB_OUT_TIERS: &[Tier] = &[
    (10.0 * TB, 0.085),
    (40.0 * TB, 0.080),
    (100.0 * TB, 0.060),
    (350.0 * TB, 0.040),
    (524.0 * TB, 0.030),
    (4096.0 * TB, 0.025),
    (f64::INFINITY, 0.020),
];

/// Data transfer out from EC2 and load balancers to the internet, per GB a month (US East):
/// $0.09 for the first 10 TB down to $0.05 over 150 TB. The free 100 GB is an account
/// allowance and is not subtracted.
pub const DATA_TRANSFER_OUT_TIERS: &[Tier] = &[
    (10.0 * TB, 0.09),
    (40.0 * TB, 0.085),
    (100.0 * TB, 0.07),
    (f64::INFINITY, 0.05),
];

/// The price of `gb` a month through `tiers`, each tier's price applying only to the
/// gigabytes within it.
pub fn tiered(gb: f64, tiers: &[Tier]) -> f64 {
    let mut left = gb.max(0.0);
    let mut total = 0.0;
    for &(size, price) in tiers {
        if left <= 0.0 {
            break;
        }
        let here = left.min(size);
        total += here * price;
        left -= here;
    }
    total
}

/// The us-east-1 unit prices.
///
/// Checked against a source: NAT gateway and ALB (AWS pricing pages, 2026-09-20), Route 53
/// (AWS pricing page, 2026-09-20), RDS storage and backup (Infracost's Price List-based test
/// outputs), DynamoDB on-demand, storage and replicated writes (AWS Price List 2026-07-31
/// and AWS documentation), Lambda (a Price List-derived table). The rest are best-known
/// public list prices, not verified here.
pub static UNIT_PRICES: UnitPrices = UnitPrices {
    ebs_gp3_gb_month: 0.08,
    nat_gateway_hour: 0.045,
    nat_gateway_gb: 0.045,
    public_ipv4_hour: 0.005,
    alb_hour: 0.0225,
    alb_lcu_hour: 0.008,
    rds_gp3_gb_month: 0.115,
    rds_backup_gb_month: 0.095,
    s3_standard_gb_month: 0.023,
    s3_intelligent_tiering_gb_month: 0.023,
    s3_it_monitoring_per_1000_objects: 0.0025,
    s3_put_per_1000: 0.005,
    s3_get_per_1000: 0.0004,
    cloudfront_gb_out: 0.085,
    cloudfront_https_per_10000: 0.01,
    dynamodb_write_request_unit_million: 0.625,
    dynamodb_read_request_unit_million: 0.125,
    dynamodb_storage_gb_month: 0.25,
    dynamodb_replicated_write_unit_million: 0.625,
    fargate_vcpu_hour: 0.04048,
    fargate_gb_hour: 0.004445,
    // Linux/Arm: 0.03238 per vCPU-hour and 0.00356 per GB-hour, both 0.80 of x86.
    fargate_arm_factor: 0.8,
    lambda_gb_second: 0.000_016_666_7,
    lambda_arm_gb_second: 0.000_013_333_4,
    lambda_request_million: 0.20,
    sqs_request_million: 0.40,
    sns_publish_million: 0.50,
    route53_hosted_zone_month: 0.50,
    route53_standard_query_million: 0.40,
    route53_latency_query_million: 0.60,
    route53_health_check_aws_endpoint_month: 0.50,
    cloudwatch_alarm_month: 0.10,
    cloudwatch_logs_ingest_gb: 0.50,
    cloudwatch_logs_storage_gb_month: 0.03,
    secrets_manager_secret_month: 0.40,
    kms_key_month: 1.00,
    waf_web_acl_month: 5.00,
    waf_rule_month: 1.00,
    waf_request_million: 0.60,
    vended_logs_s3_gb: 0.25,
    vpc_interface_endpoint_az_hour: 0.01,
    vpc_interface_endpoint_gb: 0.01,
    cloud_map_instance_month: 0.10,
    data_transfer_out_gb: 0.09,
    data_transfer_inter_region_gb: 0.02,
};

/// Discounts, as fractions of the on-demand price saved (0.0..1.0). Typical values for the
/// current general-purpose families; the real discount varies by type, region and time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Discounts {
    /// EC2 Spot versus on-demand: an assumed typical saving for current m/c/r families (AWS
    /// advertises "up to 90%"; Spot prices float per type and zone). Not verified.
    pub spot_ec2: f64,
    /// Fargate Spot versus Fargate on-demand: AWS advertises up to 70% off, the usual level.
    /// Not verified.
    pub fargate_spot: f64,
    /// Compute Savings Plan, 1-year term, no upfront, on EC2 (m5/m6i-class rates). The plan
    /// also covers Fargate and Lambda, at smaller discounts: see
    /// [`Discounts::compute_savings_plan_fargate`] and
    /// [`Discounts::compute_savings_plan_lambda`]. Best-known rate, not verified.
    pub compute_savings_plan: f64,
    /// Compute Savings Plan, 1-year term, no upfront, on Fargate. Best-known rate, not
    /// verified.
    pub compute_savings_plan_fargate: f64,
    /// Compute Savings Plan, 1-year term, no upfront, on Lambda duration (AWS lists at most
    /// 17%, for 3-year all-upfront). Best-known rate, not verified.
    pub compute_savings_plan_lambda: f64,
    /// EC2 Instance Savings Plan (one family in one region), 1-year term, no upfront
    /// (m5/m6i-class rates). Best-known rate, not verified.
    pub ec2_instance_savings_plan: f64,
    /// RDS reserved instance, 1-year term, no upfront: `db.t3.large` MySQL saves 29.6% in
    /// Infracost's Price List-based test outputs.
    pub rds_reserved: f64,
    /// ElastiCache reserved node, 1-year term, no upfront: `cache.m6g.12xlarge` Redis saves
    /// 31.7% in Infracost's Price List-based test outputs.
    pub cache_reserved: f64,
}

/// The discounts assumed by the estimate (see each field for its term and source).
pub static DISCOUNTS: Discounts = Discounts {
    spot_ec2: 0.65,
    fargate_spot: 0.70,
    compute_savings_plan: 0.28,
    compute_savings_plan_fargate: 0.20,
    compute_savings_plan_lambda: 0.12,
    ec2_instance_savings_plan: 0.37,
    rds_reserved: 0.30,
    cache_reserved: 0.32,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    fn near(got: Option<f64>, want: f64) -> bool {
        got.is_some_and(|g| close(g, want))
    }

    #[test]
    fn ec2_known_prices() {
        assert_eq!(ec2_hourly("t3.medium"), Some(0.0416));
        assert_eq!(ec2_hourly("t4g.nano"), Some(0.0042));
        assert_eq!(ec2_hourly("m6i.large"), Some(0.096));
        assert!(near(ec2_hourly("m6i.xlarge"), 0.192));
        assert!(near(ec2_hourly("m7g.medium"), 0.0408));
        assert!(near(ec2_hourly("c5.9xlarge"), 1.53));
        assert!(near(ec2_hourly("r6i.32xlarge"), 8.064));
        assert!(near(ec2_hourly("m8i.96xlarge"), 20.32128));
    }

    #[test]
    fn ec2_sizes_are_linear_in_large() -> Result<(), String> {
        let Some(large) = ec2_hourly("m6i.large") else {
            return Err("no m6i.large".into());
        };
        assert_eq!(ec2_hourly("m6i.2xlarge"), Some(4.0 * large));
        assert!(near(ec2_hourly("m6i.2xlarge"), 0.384));
        assert_eq!(ec2_hourly("m6i.24xlarge"), Some(48.0 * large));
        Ok(())
    }

    #[test]
    fn ec2_unknown_names() {
        for name in [
            "m6i.metal",
            "m6i.lrage",
            "m6i.9xlarge",
            "m6i.medium",
            "m6i.1xlarge",
            "z9.large",
            "t3.4xlarge",
            "m6i",
            "",
            "db.m6i.large",
        ] {
            assert_eq!(ec2_hourly(name), None, "{name}");
        }
    }

    #[test]
    fn rds_known_prices() {
        assert_eq!(rds_hourly("postgres", "db.r6g.large"), Some(0.225));
        assert_eq!(rds_hourly("mysql", "db.r6g.large"), Some(0.215));
        assert_eq!(rds_hourly("postgres", "db.t3.large"), Some(0.145));
        assert_eq!(rds_hourly("mysql", "db.t3.large"), Some(0.136));
        assert_eq!(rds_hourly("mysql", "db.m5.large"), Some(0.171));
        assert_eq!(rds_hourly("postgres", "db.t4g.micro"), Some(0.016));
        assert!(near(rds_hourly("postgres", "db.r6g.2xlarge"), 0.9));
        assert!(near(rds_hourly("mysql", "db.m6i.32xlarge"), 10.944));
    }

    #[test]
    fn rds_unknown_names() {
        assert_eq!(rds_hourly("oracle-ee", "db.r6g.large"), None);
        assert_eq!(rds_hourly("postgresql", "db.r6g.large"), None);
        assert_eq!(rds_hourly("postgres", "db.r6g.medium"), None);
        assert_eq!(rds_hourly("postgres", "db.r6g.24xlarge"), None);
        assert_eq!(rds_hourly("postgres", "db.z9.large"), None);
        assert_eq!(rds_hourly("mysql", "r6g.large"), None);
        assert_eq!(rds_hourly("mysql", "db.t3.nano"), None);
    }

    #[test]
    fn cache_known_prices() -> Result<(), String> {
        assert_eq!(cache_node_hourly("redis", "cache.r7g.large"), Some(0.219));
        assert_eq!(cache_node_hourly("redis", "cache.t4g.micro"), Some(0.016));
        let (Some(redis), Some(valkey)) = (
            cache_node_hourly("redis", "cache.r7g.large"),
            cache_node_hourly("valkey", "cache.r7g.large"),
        ) else {
            return Err("no cache.r7g.large".into());
        };
        assert!(close(valkey, 0.8 * redis));
        assert!(close(valkey, 0.1752));
        assert!(near(cache_node_hourly("valkey", "cache.t3.micro"), 0.0136));
        assert!(near(cache_node_hourly("redis", "cache.m6g.2xlarge"), 0.596));
        Ok(())
    }

    #[test]
    fn cache_unknown_names() {
        assert_eq!(cache_node_hourly("memcached", "cache.r7g.large"), None);
        assert_eq!(cache_node_hourly("redis", "cache.r7g.medium"), None);
        assert_eq!(cache_node_hourly("redis", "cache.t3.large"), None);
        assert_eq!(cache_node_hourly("valkey", "cache.z9.large"), None);
        assert_eq!(cache_node_hourly("redis", "r7g.large"), None);
    }

    #[test]
    fn every_catalog_region_has_a_factor() {
        for region in crate::catalog::REGIONS {
            let factor = region_factor(region.code);
            assert!(
                factor.is_some_and(|f| (1.0..2.0).contains(&f)),
                "{}",
                region.code
            );
        }
        assert_eq!(region_factor("us-east-1"), Some(1.0));
        assert_eq!(region_factor("xx-nowhere-1"), None);
        assert_eq!(REGION_FACTORS.len(), crate::catalog::REGIONS.len());
    }

    #[test]
    fn tables_name_only_catalog_types() {
        for (name, _) in EC2_BURSTABLE {
            assert!(super::super::instance_type(name).is_some(), "{name}");
        }
        for (family, _) in EC2_LARGE {
            let name = format!("{family}.large");
            assert!(super::super::instance_type(&name).is_some(), "{name}");
        }
        for (name, _, _) in RDS_BURSTABLE {
            assert!(super::super::classes::db_class_known(name), "{name}");
        }
        for (family, _, _) in RDS_LARGE {
            let name = format!("{family}.large");
            assert!(super::super::classes::db_class_known(&name), "{name}");
        }
        for (name, _) in CACHE_BURSTABLE {
            assert!(super::super::classes::cache_node_known(name), "{name}");
        }
        for (family, _) in CACHE_LARGE {
            let name = format!("{family}.large");
            assert!(super::super::classes::cache_node_known(&name), "{name}");
        }
    }

    #[test]
    fn discounts_are_fractions() {
        let d = DISCOUNTS;
        for (name, value) in [
            ("spot_ec2", d.spot_ec2),
            ("fargate_spot", d.fargate_spot),
            ("compute_savings_plan", d.compute_savings_plan),
            (
                "compute_savings_plan_fargate",
                d.compute_savings_plan_fargate,
            ),
            ("compute_savings_plan_lambda", d.compute_savings_plan_lambda),
            ("ec2_instance_savings_plan", d.ec2_instance_savings_plan),
            ("rds_reserved", d.rds_reserved),
            ("cache_reserved", d.cache_reserved),
        ] {
            assert!(value > 0.0 && value < 1.0, "{name} = {value}");
        }
        assert!(d.ec2_instance_savings_plan > d.compute_savings_plan);
    }

    #[test]
    fn unit_prices_spot_checks() {
        let u = UNIT_PRICES;
        assert_eq!(u.nat_gateway_hour, 0.045);
        assert_eq!(u.alb_lcu_hour, 0.008);
        assert_eq!(u.ebs_gp3_gb_month, 0.08);
        assert!(close(u.public_ipv4_hour * HOURS_PER_MONTH, 3.65));
        assert!(u.rds_gp3_gb_month > u.ebs_gp3_gb_month);
        assert!(close(u.fargate_vcpu_hour * u.fargate_arm_factor, 0.032384));
    }

    #[test]
    fn as_of_is_an_iso_date() {
        let parts: Vec<&str> = PRICES_AS_OF.split('-').collect();
        assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [4, 2, 2]);
        assert!(
            PRICES_AS_OF
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'-')
        );
    }

    #[test]
    fn tiers_charge_each_gigabyte_at_its_own_rate() {
        assert_eq!(tiered(0.0, DATA_TRANSFER_OUT_TIERS), 0.0);
        assert!((tiered(100.0, DATA_TRANSFER_OUT_TIERS) - 9.0).abs() < 1e-9);
        // 200 TB: 10 TB at 0.09, 40 at 0.085, 100 at 0.07, 50 at 0.05.
        let expected = (10.0 * 0.09 + 40.0 * 0.085 + 100.0 * 0.07 + 50.0 * 0.05) * 1024.0;
        assert!((tiered(200.0 * 1024.0, DATA_TRANSFER_OUT_TIERS) - expected).abs() < 1e-6);
        // 6 PB of CloudFront: the last tier takes what is past 5 PB (5,028 TB of tiers).
        let tiers_tb = [10.0, 40.0, 100.0, 350.0, 524.0, 4096.0];
        let rates = [0.085, 0.080, 0.060, 0.040, 0.030, 0.025];
        let fixed: f64 = tiers_tb.iter().zip(rates).map(|(t, r)| t * r).sum();
        let rest = 6.0 * 1024.0 - tiers_tb.iter().sum::<f64>();
        let expected = (fixed + rest * 0.020) * 1024.0;
        assert!((tiered(6.0 * 1024.0 * 1024.0, CLOUDFRONT_GB_OUT_TIERS) - expected).abs() < 1e-3);
        assert_eq!(tiered(-5.0, CLOUDFRONT_GB_OUT_TIERS), 0.0);
    }
}
