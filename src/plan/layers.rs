//! Which architectural layer a resource belongs to.

/// An architectural layer, in the order a request meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Route 53.
    Dns,
    /// CloudFront and the static bucket.
    Edge,
    /// VPC, subnets, routes, gateways.
    Network,
    /// Security groups and rules, WAF web ACLs, certificates, KMS keys.
    Security,
    /// The load balancer.
    LoadBalancing,
    /// EC2, Auto Scaling, IAM.
    Compute,
    /// ECS, Cloud Map, Application Auto Scaling.
    Containers,
    /// ElastiCache.
    Cache,
    /// RDS, DynamoDB, the data bucket, the shard map.
    Data,
    /// SQS, SNS, Lambda.
    Messaging,
    /// CloudWatch, logs, the log bucket and flow logs.
    Observability,
}

impl Layer {
    /// The layer of a resource.
    pub fn of(id: &str, resource_type: &str) -> Layer {
        let service = resource_type.split("::").nth(1).unwrap_or("");
        match (service, resource_type) {
            (
                _,
                "AWS::EC2::SecurityGroup"
                | "AWS::EC2::SecurityGroupIngress"
                | "AWS::EC2::SecurityGroupEgress",
            ) => Layer::Security,
            ("WAFv2", _) | ("CertificateManager", _) | ("KMS", _) => Layer::Security,
            (_, "AWS::EC2::FlowLog") => Layer::Observability,
            ("S3", _) if id.starts_with("Log") => Layer::Observability,
            (_, "AWS::Route53::RecordSet") if id.starts_with("Cdn") => Layer::Edge,
            (_, "AWS::EC2::EIP") if id.starts_with("Web") => Layer::Compute,
            (_, "AWS::EC2::Instance" | "AWS::EC2::LaunchTemplate") => Layer::Compute,
            ("EC2", _) => Layer::Network,
            ("Route53", _) => Layer::Dns,
            ("CloudFront", _) => Layer::Edge,
            ("S3", _) if id.starts_with("Static") => Layer::Edge,
            ("S3", _) | ("RDS", _) | ("DynamoDB", _) | ("SSM", _) => Layer::Data,
            ("IAM", _) if id.starts_with("Shard") || id.starts_with("Database") => Layer::Data,
            ("ElasticLoadBalancingV2", _) => Layer::LoadBalancing,
            ("AutoScaling", _) => Layer::Compute,
            ("IAM", _) if id.starts_with("Service") => Layer::Containers,
            ("IAM", _) if id.starts_with("Web") => Layer::Compute,
            ("ECS", _) | ("ServiceDiscovery", _) | ("ApplicationAutoScaling", _) => {
                Layer::Containers
            }
            ("ElastiCache", _) => Layer::Cache,
            ("SQS", _) | ("SNS", _) | ("Lambda", _) | ("IAM", _) if !id.starts_with("Alarm") => {
                Layer::Messaging
            }
            _ => Layer::Observability,
        }
    }

    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Dns => "dns",
            Layer::Edge => "edge",
            Layer::Network => "network",
            Layer::Security => "security",
            Layer::LoadBalancing => "load balancing",
            Layer::Compute => "compute",
            Layer::Containers => "containers",
            Layer::Cache => "cache",
            Layer::Data => "data",
            Layer::Messaging => "messaging",
            Layer::Observability => "observability",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_and_log_resources_have_their_layers() {
        for (id, t, layer) in [
            ("SiteWebAcl", "AWS::WAFv2::WebACL", Layer::Security),
            (
                "SiteWebAclAssociation",
                "AWS::WAFv2::WebACLAssociation",
                Layer::Security,
            ),
            (
                "CdnCertificate",
                "AWS::CertificateManager::Certificate",
                Layer::Security,
            ),
            ("EncryptionKey", "AWS::KMS::Key", Layer::Security),
            ("LogBucket", "AWS::S3::Bucket", Layer::Observability),
            (
                "LogBucketPolicy",
                "AWS::S3::BucketPolicy",
                Layer::Observability,
            ),
            ("VpcFlowLog", "AWS::EC2::FlowLog", Layer::Observability),
            ("DatabaseMonitoringRole", "AWS::IAM::Role", Layer::Data),
            ("CdnRecord", "AWS::Route53::RecordSet", Layer::Edge),
            ("ObjectsBucket", "AWS::S3::Bucket", Layer::Data),
            ("OrderWorkerRole", "AWS::IAM::Role", Layer::Messaging),
        ] {
            assert_eq!(Layer::of(id, t), layer, "{id}");
        }
    }
}
