//! Who delivers AWS service logs into a bucket, per region.
//!
//! Sources (read 2026-12-03):
//! - Elastic Load Balancing, "Enable access logs for your Application Load Balancer", bucket
//!   policy: regions available before August 2022 grant the regional Elastic Load Balancing
//!   account; newer regions grant the service principal
//!   `logdelivery.elasticloadbalancing.amazonaws.com`. The bucket may use SSE-S3 only.
//! - CloudFront Developer Guide, "Standard logging (legacy)": the bucket needs ACLs enabled,
//!   and CloudFront does not deliver standard logs to buckets in af-south-1, ap-east-1,
//!   eu-south-1 and me-south-1.

/// The Elastic Load Balancing account of each region opened before August 2022.
const ELB_ACCOUNTS: &[(&str, &str)] = &[
    ("af-south-1", "098369216593"),
    ("ap-east-1", "754344448648"),
    ("ap-northeast-1", "582318560864"),
    ("ap-northeast-2", "600734575887"),
    ("ap-northeast-3", "383597477331"),
    ("ap-south-1", "718504428378"),
    ("ap-southeast-1", "114774131450"),
    ("ap-southeast-2", "783225319266"),
    ("ca-central-1", "985666609251"),
    ("eu-central-1", "054676820928"),
    ("eu-north-1", "897822967062"),
    ("eu-south-1", "635631232127"),
    ("eu-west-1", "156460612806"),
    ("eu-west-2", "652711504416"),
    ("eu-west-3", "009996457667"),
    ("me-south-1", "076674570225"),
    ("sa-east-1", "507241528517"),
    ("us-east-1", "127311923021"),
    ("us-east-2", "033677994240"),
    ("us-west-1", "027434742980"),
    ("us-west-2", "797873946194"),
];

/// The principal a bucket policy grants so that load balancers in `region` can write access
/// logs: the region's Elastic Load Balancing account, or the log delivery service in regions
/// opened since August 2022.
pub fn elb_log_principal(region: &str) -> serde_json::Value {
    match ELB_ACCOUNTS.iter().find(|(code, _)| *code == region) {
        Some((_, account)) => serde_json::json!({"AWS": format!("arn:aws:iam::{account}:root")}),
        None => serde_json::json!({"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}),
    }
}

/// Regions whose buckets CloudFront does not deliver standard logs to.
const NO_CLOUDFRONT_LOGS: &[&str] = &["af-south-1", "ap-east-1", "eu-south-1", "me-south-1"];

/// Whether CloudFront delivers standard logs to a bucket in `region`.
pub fn cloudfront_logs_to(region: &str) -> bool {
    !NO_CLOUDFRONT_LOGS.contains(&region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_regions_grant_their_elb_account_newer_ones_the_service() {
        assert_eq!(
            elb_log_principal("us-east-1"),
            serde_json::json!({"AWS": "arn:aws:iam::127311923021:root"})
        );
        assert_eq!(
            elb_log_principal("ap-southeast-3"),
            serde_json::json!({"Service": "logdelivery.elasticloadbalancing.amazonaws.com"})
        );
        let mut codes: Vec<&str> = ELB_ACCOUNTS.iter().map(|(c, _)| *c).collect();
        codes.sort_unstable();
        assert_eq!(
            codes,
            ELB_ACCOUNTS.iter().map(|(c, _)| *c).collect::<Vec<_>>()
        );
    }

    #[test]
    fn cloudfront_skips_four_regions() {
        assert!(cloudfront_logs_to("us-east-1"));
        assert!(!cloudfront_logs_to("me-south-1"));
    }
}
