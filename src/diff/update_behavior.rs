//! Update behavior of every resource type scalectl emits: which property changes replace the
//! resource, which may replace it, and whether the type holds data or guards access.
//!
//! # Source
//!
//! The resource provider schemas bundled with cfn-lint 1.58.0 (the version pinned in
//! `requirements-test.txt`; schema set dated 2026-10-20T22:11:15Z), us-east-1:
//! `cfnlint/data/schemas/providers/us-east-1.json` maps each type to
//! `cfnlint/data/schemas/resources/<hash>.json`.
//!
//! - [`TypeRule::replaces`] is the schema's `createOnlyProperties` ("Update requires:
//!   Replacement" in the resource reference).
//! - [`TypeRule::may_replace`] is the schema's `conditionalCreateOnlyProperties`: properties
//!   that can be updated only under some conditions, the resource being replaced otherwise.
//!
//! Pointers are written without `/properties/`, so `/properties/HealthCheckConfig/Type` becomes
//! `HealthCheckConfig/Type`. Create-only properties that are also write-only are kept (the
//! template sets them, so changing them replaces the resource). None of these schemas lists a
//! read-only property as create-only, so no entry was dropped.
//!
//! # Deviations from the schemas
//!
//! Each one is marked on its entry.
//!
//! - `AWS::DynamoDB::Table` and `AWS::DynamoDB::GlobalTable` `KeySchema` are in `replaces`
//!   although the schemas list them as conditional: DynamoDB cannot change a table's primary
//!   key, the resource reference says "Replacement" (GlobalTable `KeySchema/AttributeName`) and
//!   the older resource specification says "Immutable". The schema's condition covers only the
//!   same key written in another form (the Table schema also accepts a JSON string).
//! - Added to `may_replace` from the resource reference (the property descriptions carried in
//!   the schemas): Table `AttributeDefinitions`, ElastiCache `ReplicasPerNodeGroup`.
//! - Added to `may_replace` because the schemas disagree: Route 53 RecordSet `Name` (create-only
//!   in cfn-lint 1.51 and in the older resource specification, updatable in 1.58).
//!
//! Not listed on purpose: RDS DBInstance `EngineVersion` and `DBInstanceClass` (in place, with
//! some interruption; a major version upgrade needs `AllowMajorVersionUpgrade` and fails
//! without it), and `StorageType` (conditional in cfn-lint 1.51 and older provider schemas,
//! dropped in 1.58; the RDS handler's immutability checks never covered it).
//!
//! # Flags
//!
//! [`TypeRule::stateful`] follows scalectl's definition, "database, table, bucket or cache", and
//! agrees with [`crate::cfn::template::is_stateful`]: log groups and queues are not stateful.
//! [`TypeRule::security`] marks security groups and their rules, IAM roles and instance
//! profiles, bucket and queue policies, KMS keys (their policies) and WAF web ACLs and their
//! associations.

/// How a resource type reacts to property changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeRule {
    /// The CloudFormation type name.
    pub resource_type: &'static str,
    /// Property paths whose change replaces the resource. A path is property names joined by
    /// `/`, starting at the resource's `Properties` (`"VpcId"`, `"HealthCheckConfig/Type"`);
    /// `*` stands for any array item or map key.
    pub replaces: &'static [&'static str],
    /// Property paths whose change may replace the resource, depending on the values (or, for
    /// Auto Scaling groups, on the update policy).
    pub may_replace: &'static [&'static str],
    /// True when the type holds data that a replacement or deletion would lose (database,
    /// table, bucket or cache).
    pub stateful: bool,
    /// True for security-relevant types: security groups and their rules, IAM roles and
    /// instance profiles, bucket and queue policies, KMS keys, WAF web ACLs.
    pub security: bool,
}

/// Every type scalectl emits, sorted by type name. Paths in each list are sorted too.
pub const RULES: &[TypeRule] = &[
    TypeRule {
        resource_type: "AWS::ApplicationAutoScaling::ScalableTarget",
        replaces: &["ResourceId", "ScalableDimension", "ServiceNamespace"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ApplicationAutoScaling::ScalingPolicy",
        replaces: &[
            "PolicyName",
            "ResourceId",
            "ScalableDimension",
            "ScalingTargetId",
            "ServiceNamespace",
        ],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::AutoScaling::AutoScalingGroup",
        replaces: &["AutoScalingGroupName", "InstanceId"],
        // Schema conditional: these replace the group only under an
        // `AutoScalingReplacingUpdate` policy with `WillReplace: true`; otherwise the group is
        // kept and its instances are replaced as the update policy says.
        may_replace: &[
            "LaunchConfigurationName",
            "LaunchTemplate",
            "MixedInstancesPolicy",
            "VPCZoneIdentifier",
        ],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::AutoScaling::ScalingPolicy",
        replaces: &["AutoScalingGroupName"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::CertificateManager::Certificate",
        replaces: &[
            "CertificateAuthorityArn",
            "CertificateExport",
            "DomainName",
            "DomainValidationOptions",
            "KeyAlgorithm",
            "SubjectAlternativeNames",
        ],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::CloudFront::Distribution",
        replaces: &[],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::CloudFront::OriginAccessControl",
        replaces: &[],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::CloudWatch::Alarm",
        replaces: &["AlarmName"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::DynamoDB::GlobalTable",
        // `KeySchema`: deviation, conditional in the schema (see the module docs).
        replaces: &["KeySchema", "TableName"],
        // Schema conditional. Local secondary indexes exist only from table creation.
        may_replace: &["GlobalTableSourceArn", "LocalSecondaryIndexes"],
        stateful: true,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::DynamoDB::Table",
        // `KeySchema`: deviation, conditional in the schema (see the module docs).
        replaces: &["ImportSourceSpecification", "KeySchema", "TableName"],
        // Resource reference: adding a definition is in place, changing the type of an
        // existing one replaces the table.
        may_replace: &["AttributeDefinitions"],
        stateful: true,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::EIP",
        replaces: &[
            "Address",
            "IpamPoolId",
            "NetworkBorderGroup",
            "TransferAddress",
        ],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::FlowLog",
        replaces: &[
            "DeliverCrossAccountRole",
            "DeliverLogsPermissionArn",
            "DestinationOptions",
            "LogDestination",
            "LogDestinationType",
            "LogFormat",
            "LogGroupName",
            "MaxAggregationInterval",
            "ResourceId",
            "ResourceType",
            "TagFieldSpecifications",
            "TrafficType",
        ],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::Instance",
        // Deviation: `BlockDeviceMappings` is conditional in the schema; the resource
        // reference says only `DeleteOnTermination` changes without interruption once the
        // instance runs, and any other change to a mapping replaces it.
        replaces: &[
            "AvailabilityZone",
            "BlockDeviceMappings/*/DeviceName",
            "BlockDeviceMappings/*/Ebs/Encrypted",
            "BlockDeviceMappings/*/Ebs/Iops",
            "BlockDeviceMappings/*/Ebs/KmsKeyId",
            "BlockDeviceMappings/*/Ebs/SnapshotId",
            "BlockDeviceMappings/*/Ebs/Throughput",
            "BlockDeviceMappings/*/Ebs/VolumeSize",
            "BlockDeviceMappings/*/Ebs/VolumeType",
            "BlockDeviceMappings/*/NoDevice",
            "BlockDeviceMappings/*/VirtualName",
            "CpuOptions",
            "ElasticGpuSpecifications",
            "ElasticInferenceAccelerators",
            "EnclaveOptions",
            "HibernationOptions",
            "HostResourceGroupArn",
            "ImageId",
            "Ipv6AddressCount",
            "Ipv6Addresses",
            "KeyName",
            "LaunchTemplate",
            "LicenseSpecifications",
            "NetworkInterfaces",
            "PlacementGroupName",
            "PrivateIpAddress",
            "SecurityGroups",
            "SubnetId",
        ],
        // Schema conditional: in place (stop and start) for EBS-backed instances, replacement
        // when the instance cannot be modified that way (instance store, host placement).
        // Deviation: `InstanceType`, `UserData` and `SecurityGroupIds` are not listed: the
        // resource reference gives them "Some interruptions" (stop and start) for an
        // EBS-backed instance, which is all scalectl launches (Amazon Linux 2023 on gp3,
        // default tenancy). The update-time rules warn of the stop and start.
        may_replace: &[
            "AdditionalInfo",
            "Affinity",
            "EbsOptimized",
            "HostId",
            "KernelId",
            "PrivateDnsNameOptions",
            "RamdiskId",
            "Tenancy",
        ],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::InternetGateway",
        replaces: &[],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::LaunchTemplate",
        replaces: &["LaunchTemplateName"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::NatGateway",
        replaces: &[
            "AllocationId",
            "AvailabilityMode",
            "ConnectivityType",
            "PrivateIpAddress",
            "SubnetId",
            "VpcId",
        ],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::Route",
        replaces: &[
            "DestinationCidrBlock",
            "DestinationIpv6CidrBlock",
            "DestinationPrefixListId",
            "RouteTableId",
        ],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::RouteTable",
        replaces: &["VpcId"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::SecurityGroup",
        replaces: &["GroupDescription", "GroupName", "VpcId"],
        may_replace: &[],
        stateful: false,
        security: true,
    },
    TypeRule {
        resource_type: "AWS::EC2::SecurityGroupEgress",
        replaces: &[
            "CidrIp",
            "CidrIpv6",
            "DestinationPrefixListId",
            "DestinationSecurityGroupId",
            "FromPort",
            "GroupId",
            "IpProtocol",
            "ToPort",
        ],
        may_replace: &[],
        stateful: false,
        security: true,
    },
    TypeRule {
        resource_type: "AWS::EC2::SecurityGroupIngress",
        replaces: &[
            "CidrIp",
            "CidrIpv6",
            "FromPort",
            "GroupId",
            "GroupName",
            "IpProtocol",
            "SourcePrefixListId",
            "SourceSecurityGroupId",
            "SourceSecurityGroupName",
            "SourceSecurityGroupOwnerId",
            "ToPort",
        ],
        may_replace: &[],
        stateful: false,
        security: true,
    },
    TypeRule {
        resource_type: "AWS::EC2::Subnet",
        replaces: &[
            "AvailabilityZone",
            "AvailabilityZoneId",
            "CidrBlock",
            "Ipv4IpamPoolId",
            "Ipv4NetmaskLength",
            "Ipv6IpamPoolId",
            "Ipv6Native",
            "Ipv6NetmaskLength",
            "OutpostArn",
            "VpcId",
        ],
        // Schema conditional.
        may_replace: &["Ipv6CidrBlock"],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::SubnetRouteTableAssociation",
        replaces: &["RouteTableId", "SubnetId"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::VPC",
        replaces: &[
            "CidrBlock",
            "Ipv4IpamPoolId",
            "Ipv4NetmaskLength",
            "VpcEncryptionControl",
        ],
        // Schema conditional: `dedicated` to `default` is in place, `default` to `dedicated`
        // replaces the VPC.
        may_replace: &["InstanceTenancy"],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::EC2::VPCGatewayAttachment",
        replaces: &["VpcId"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ECS::Cluster",
        replaces: &["ClusterName"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ECS::Service",
        replaces: &["Cluster", "Role", "SchedulingStrategy", "ServiceName"],
        // Schema conditional.
        may_replace: &["LaunchType"],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ECS::TaskDefinition",
        replaces: &[
            "ContainerDefinitions",
            "Cpu",
            "EnableFaultInjection",
            "EphemeralStorage",
            "ExecutionRoleArn",
            "Family",
            "InferenceAccelerators",
            "IpcMode",
            "Memory",
            "NetworkMode",
            "PidMode",
            "PlacementConstraints",
            "ProxyConfiguration",
            "RequiresCompatibilities",
            "RuntimePlatform",
            "TaskRoleArn",
            "Volumes",
        ],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ElastiCache::ReplicationGroup",
        replaces: &[
            "AtRestEncryptionEnabled",
            "CacheSubnetGroupName",
            "DataTieringEnabled",
            "GlobalReplicationGroupId",
            "KmsKeyId",
            "NetworkType",
            "Port",
            "PreferredCacheClusterAZs",
            "ReplicationGroupId",
            "SnapshotArns",
            "SnapshotName",
        ],
        // `AuthToken`, `NodeGroupConfiguration`: schema conditional. `ReplicasPerNodeGroup`:
        // resource reference, replaced when used with `NodeGroupConfiguration` (online scaling
        // otherwise); create-only in cfn-lint 1.51.
        may_replace: &[
            "AuthToken",
            "NodeGroupConfiguration",
            "ReplicasPerNodeGroup",
        ],
        stateful: true,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ElastiCache::SubnetGroup",
        replaces: &["CacheSubnetGroupName"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ElasticLoadBalancingV2::Listener",
        replaces: &["LoadBalancerArn"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ElasticLoadBalancingV2::ListenerRule",
        replaces: &["ListenerArn"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        replaces: &["Name", "Scheme", "Type"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ElasticLoadBalancingV2::TargetGroup",
        replaces: &[
            "IpAddressType",
            "Name",
            "Port",
            "Protocol",
            "ProtocolVersion",
            "TargetType",
            "VpcId",
        ],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::IAM::InstanceProfile",
        replaces: &["InstanceProfileName", "Path"],
        may_replace: &[],
        stateful: false,
        security: true,
    },
    TypeRule {
        resource_type: "AWS::IAM::Policy",
        replaces: &[],
        may_replace: &[],
        stateful: false,
        security: true,
    },
    TypeRule {
        resource_type: "AWS::IAM::Role",
        replaces: &["Path", "RoleName"],
        may_replace: &[],
        stateful: false,
        security: true,
    },
    TypeRule {
        resource_type: "AWS::KMS::Key",
        // KeySpec and KeyUsage are not create-only: AWS fails the update instead (the
        // resource reference), so a key is never replaced.
        replaces: &[],
        may_replace: &[],
        stateful: false,
        security: true,
    },
    TypeRule {
        resource_type: "AWS::Lambda::EventSourceMapping",
        replaces: &[
            "EventSourceArn",
            "SelfManagedEventSource",
            "StartingPosition",
            "StartingPositionTimestamp",
        ],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::Lambda::Function",
        replaces: &["FunctionName", "PackageType", "TenancyConfig"],
        // Schema conditional.
        may_replace: &["DurableConfig"],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::Logs::LogGroup",
        replaces: &["LogGroupName"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::RDS::DBCluster",
        replaces: &[
            "ClusterScalabilityType",
            "DBClusterIdentifier",
            "DBSubnetGroupName",
            "DBSystemId",
            "DatabaseName",
            "EngineMode",
            "KmsKeyId",
            "PubliclyAccessible",
            "RestoreToTime",
            "RestoreType",
            "SnapshotIdentifier",
            "SourceDBClusterIdentifier",
            "SourceDbClusterResourceId",
            "SourceRegion",
            "StorageEncrypted",
            "UseLatestRestorableTime",
        ],
        // Schema conditional (`AvailabilityZones` was create-only in cfn-lint 1.51).
        may_replace: &[
            "AvailabilityZones",
            "Engine",
            "GlobalClusterIdentifier",
            "MasterUsername",
        ],
        stateful: true,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::RDS::DBInstance",
        replaces: &[
            "BackupTarget",
            "CharacterSetName",
            "CustomIAMInstanceProfile",
            "DBClusterIdentifier",
            "DBInstanceIdentifier",
            "DBName",
            "DBSubnetGroupName",
            "DBSystemId",
            "KmsKeyId",
            "MasterUsername",
            "NcharCharacterSetName",
            "SourceRegion",
            "StorageEncrypted",
            "Timezone",
        ],
        // Schema conditional. Documented cases: `Engine` (in place only for aurora to
        // aurora-mysql, oracle-se/se1 to oracle-se2 and Oracle non-CDB to CDB),
        // `PerformanceInsightsKMSKeyId` (once set, another key replaces), `AvailabilityZone`
        // (in place when moving to Multi-AZ), `DBSnapshotIdentifier` (another snapshot
        // restores a new instance), `SourceDBInstanceIdentifier` (removal promotes the read
        // replica in place). The schema also marks `AutoMinorVersionUpgrade`,
        // `BackupRetentionPeriod`, `DBParameterGroupName`, `MultiAZ` and
        // `PreferredMaintenanceWindow` conditional, but the resource reference documents them
        // as updates in place (with at most a reboot); they are left out so that turning on
        // Multi-AZ does not trip the data-loss guard. A change set that says otherwise wins.
        may_replace: &[
            "AvailabilityZone",
            "DBClusterSnapshotIdentifier",
            "DBSnapshotIdentifier",
            "Engine",
            "PerformanceInsightsKMSKeyId",
            "RestoreTime",
            "SourceDBClusterIdentifier",
            "SourceDBInstanceAutomatedBackupsArn",
            "SourceDBInstanceIdentifier",
            "SourceDbiResourceId",
            "UseLatestRestorableTime",
        ],
        stateful: true,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::RDS::DBSubnetGroup",
        replaces: &["DBSubnetGroupName"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::Route53::HealthCheck",
        replaces: &[
            "HealthCheckConfig/MeasureLatency",
            "HealthCheckConfig/RequestInterval",
            "HealthCheckConfig/Type",
        ],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::Route53::RecordSet",
        replaces: &["HostedZoneId", "HostedZoneName"],
        // Deviation: create-only in cfn-lint 1.51 and the older resource specification, not
        // in 1.58 (see the module docs).
        may_replace: &["Name"],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::S3::Bucket",
        replaces: &["BucketName", "BucketNamePrefix", "BucketNamespace"],
        may_replace: &[],
        stateful: true,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::S3::BucketPolicy",
        replaces: &["Bucket"],
        may_replace: &[],
        stateful: false,
        security: true,
    },
    TypeRule {
        resource_type: "AWS::SNS::Subscription",
        replaces: &["Endpoint", "Protocol", "TopicArn"],
        // Schema conditional.
        may_replace: &["Region"],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::SNS::Topic",
        replaces: &["FifoTopic", "TopicName"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::SQS::Queue",
        replaces: &["FifoQueue", "QueueName"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::SQS::QueuePolicy",
        replaces: &[],
        may_replace: &[],
        stateful: false,
        security: true,
    },
    TypeRule {
        resource_type: "AWS::SSM::Parameter",
        replaces: &["Name"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ServiceDiscovery::PrivateDnsNamespace",
        replaces: &["Name", "Vpc"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::ServiceDiscovery::Service",
        replaces: &["HealthCheckCustomConfig", "Name", "NamespaceId", "Type"],
        may_replace: &[],
        stateful: false,
        security: false,
    },
    TypeRule {
        resource_type: "AWS::WAFv2::WebACL",
        replaces: &["Name", "Scope"],
        may_replace: &[],
        stateful: false,
        security: true,
    },
    TypeRule {
        resource_type: "AWS::WAFv2::WebACLAssociation",
        replaces: &["ResourceArn", "WebACLArn"],
        may_replace: &[],
        stateful: false,
        security: true,
    },
];

/// The rule for a type, if scalectl knows it. Type names are case-sensitive.
pub fn rule(resource_type: &str) -> Option<&'static TypeRule> {
    RULES
        .binary_search_by(|r| r.resource_type.cmp(resource_type))
        .ok()
        .and_then(|i| RULES.get(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The types scalectl's resource builders emit (`src/cfn/resources`).
    const EMITTED: &[&str] = &[
        "AWS::ApplicationAutoScaling::ScalableTarget",
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        "AWS::AutoScaling::AutoScalingGroup",
        "AWS::AutoScaling::ScalingPolicy",
        "AWS::CertificateManager::Certificate",
        "AWS::CloudFront::Distribution",
        "AWS::CloudFront::OriginAccessControl",
        "AWS::CloudWatch::Alarm",
        "AWS::DynamoDB::GlobalTable",
        "AWS::DynamoDB::Table",
        "AWS::EC2::EIP",
        "AWS::EC2::FlowLog",
        "AWS::EC2::Instance",
        "AWS::EC2::InternetGateway",
        "AWS::EC2::LaunchTemplate",
        "AWS::EC2::NatGateway",
        "AWS::EC2::Route",
        "AWS::EC2::RouteTable",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::SecurityGroupEgress",
        "AWS::EC2::SecurityGroupIngress",
        "AWS::EC2::Subnet",
        "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::VPC",
        "AWS::EC2::VPCGatewayAttachment",
        "AWS::ECS::Cluster",
        "AWS::ECS::Service",
        "AWS::ECS::TaskDefinition",
        "AWS::ElastiCache::ReplicationGroup",
        "AWS::ElastiCache::SubnetGroup",
        "AWS::ElasticLoadBalancingV2::Listener",
        "AWS::ElasticLoadBalancingV2::ListenerRule",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        "AWS::IAM::InstanceProfile",
        "AWS::IAM::Policy",
        "AWS::IAM::Role",
        "AWS::KMS::Key",
        "AWS::Lambda::EventSourceMapping",
        "AWS::Lambda::Function",
        "AWS::Logs::LogGroup",
        "AWS::RDS::DBCluster",
        "AWS::RDS::DBInstance",
        "AWS::RDS::DBSubnetGroup",
        "AWS::Route53::HealthCheck",
        "AWS::Route53::RecordSet",
        "AWS::S3::Bucket",
        "AWS::S3::BucketPolicy",
        "AWS::SNS::Subscription",
        "AWS::SNS::Topic",
        "AWS::SQS::Queue",
        "AWS::SQS::QueuePolicy",
        "AWS::SSM::Parameter",
        "AWS::ServiceDiscovery::PrivateDnsNamespace",
        "AWS::ServiceDiscovery::Service",
        "AWS::WAFv2::WebACL",
        "AWS::WAFv2::WebACLAssociation",
    ];

    fn get(resource_type: &str) -> &'static TypeRule {
        rule(resource_type).unwrap_or_else(|| panic!("{resource_type} is in the table"))
    }

    #[test]
    fn table_is_sorted_without_duplicate_types() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].resource_type < pair[1].resource_type,
                "{} must come before {}",
                pair[0].resource_type,
                pair[1].resource_type
            );
        }
    }

    #[test]
    fn table_covers_exactly_the_emitted_types() {
        let table: Vec<&str> = RULES.iter().map(|r| r.resource_type).collect();
        assert_eq!(table, EMITTED);
    }

    #[test]
    fn rule_finds_every_entry_and_nothing_else() {
        for entry in RULES {
            assert_eq!(
                rule(entry.resource_type),
                Some(entry),
                "{}",
                entry.resource_type
            );
        }
        for unknown in [
            "",
            "AWS::Nope::Thing",
            "aws::s3::bucket",
            "AWS::S3::Bucket ",
            "Custom::X",
        ] {
            assert_eq!(rule(unknown), None, "{unknown:?}");
        }
    }

    #[test]
    fn paths_are_well_formed_sorted_and_disjoint() {
        for entry in RULES {
            for list in [entry.replaces, entry.may_replace] {
                for pair in list.windows(2) {
                    assert!(
                        pair[0] < pair[1],
                        "{}: {:?} unsorted",
                        entry.resource_type,
                        pair
                    );
                }
                for path in list {
                    let segments: Vec<&str> = path.split('/').collect();
                    assert!(
                        segments
                            .first()
                            .is_some_and(|s| s.starts_with(|c: char| c.is_ascii_uppercase())),
                        "{}: {path} must start with a property name",
                        entry.resource_type
                    );
                    assert!(
                        segments.iter().all(|s| *s == "*"
                            || (!s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))),
                        "{}: {path} has a malformed segment",
                        entry.resource_type
                    );
                }
            }
            let replaces: BTreeSet<&str> = entry.replaces.iter().copied().collect();
            for path in entry.may_replace {
                assert!(
                    !replaces.contains(path),
                    "{}: {path} in both lists",
                    entry.resource_type
                );
            }
        }
    }

    #[test]
    fn spot_checks_against_the_schemas() {
        let subnet = get("AWS::EC2::Subnet");
        for p in ["CidrBlock", "AvailabilityZone", "VpcId"] {
            assert!(subnet.replaces.contains(&p), "Subnet {p}");
        }
        assert!(subnet.may_replace.contains(&"Ipv6CidrBlock"));

        let vpc = get("AWS::EC2::VPC");
        assert!(vpc.replaces.contains(&"CidrBlock"));
        assert!(vpc.may_replace.contains(&"InstanceTenancy"));
        let sg = get("AWS::EC2::SecurityGroup");
        assert!(sg.replaces.contains(&"VpcId") && sg.replaces.contains(&"GroupDescription"));
        assert!(!sg.replaces.contains(&"SecurityGroupIngress"));

        let db = get("AWS::RDS::DBInstance");
        assert!(db.replaces.contains(&"DBInstanceIdentifier"));
        assert!(db.replaces.contains(&"StorageEncrypted"));
        assert!(db.may_replace.contains(&"Engine"));
        for p in [
            "EngineVersion",
            "DBInstanceClass",
            "StorageType",
            "AllocatedStorage",
        ] {
            assert!(
                !db.replaces.contains(&p) && !db.may_replace.contains(&p),
                "DBInstance {p}"
            );
        }
        let cluster = get("AWS::RDS::DBCluster");
        assert!(cluster.replaces.contains(&"DBClusterIdentifier"));
        assert!(cluster.may_replace.contains(&"Engine"));

        assert!(get("AWS::S3::Bucket").replaces.contains(&"BucketName"));
        let table = get("AWS::DynamoDB::Table");
        assert!(table.replaces.contains(&"TableName"));
        assert!(table.replaces.contains(&"KeySchema"));
        assert!(!table.replaces.contains(&"BillingMode"));

        let health = get("AWS::Route53::HealthCheck");
        assert!(health.replaces.contains(&"HealthCheckConfig/Type"));

        let asg = get("AWS::AutoScaling::AutoScalingGroup");
        assert!(asg.may_replace.contains(&"LaunchTemplate"));
        assert!(!asg.replaces.contains(&"MinSize") && !asg.may_replace.contains(&"MinSize"));

        for t in [
            "AWS::CloudFront::Distribution",
            "AWS::CloudFront::OriginAccessControl",
            "AWS::EC2::InternetGateway",
            "AWS::SQS::QueuePolicy",
        ] {
            let r = get(t);
            assert!(r.replaces.is_empty() && r.may_replace.is_empty(), "{t}");
        }
    }

    #[test]
    fn stateful_types_are_databases_tables_buckets_and_caches() {
        let stateful: Vec<&str> = RULES
            .iter()
            .filter(|r| r.stateful)
            .map(|r| r.resource_type)
            .collect();
        assert_eq!(
            stateful,
            [
                "AWS::DynamoDB::GlobalTable",
                "AWS::DynamoDB::Table",
                "AWS::ElastiCache::ReplicationGroup",
                "AWS::RDS::DBCluster",
                "AWS::RDS::DBInstance",
                "AWS::S3::Bucket",
            ]
        );
        for entry in RULES {
            assert_eq!(
                entry.stateful,
                crate::cfn::template::is_stateful(entry.resource_type),
                "{}",
                entry.resource_type
            );
        }
    }

    #[test]
    fn security_types_are_groups_rules_iam_and_policies() {
        let security: Vec<&str> = RULES
            .iter()
            .filter(|r| r.security)
            .map(|r| r.resource_type)
            .collect();
        assert_eq!(
            security,
            [
                "AWS::EC2::SecurityGroup",
                "AWS::EC2::SecurityGroupEgress",
                "AWS::EC2::SecurityGroupIngress",
                "AWS::IAM::InstanceProfile",
                "AWS::IAM::Policy",
                "AWS::IAM::Role",
                "AWS::KMS::Key",
                "AWS::S3::BucketPolicy",
                "AWS::SQS::QueuePolicy",
                "AWS::WAFv2::WebACL",
                "AWS::WAFv2::WebACLAssociation",
            ]
        );
    }
}
