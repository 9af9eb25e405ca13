//! Amazon EC2 and VPC resources: network, security groups, launch templates, instances.

use super::Tag;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::{Value, lit};
use serde::Serialize;

/// `AWS::EC2::FlowLog`: a VPC's traffic records delivered to S3. Every property but the tags
/// replaces the flow log (it holds no data: the records are in the bucket).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlowLog {
    /// The VPC.
    pub resource_id: Value<String>,
    /// `VPC`.
    pub resource_type: Value<String>,
    /// `ALL`, `ACCEPT` or `REJECT`.
    pub traffic_type: Value<String>,
    /// `s3`.
    pub log_destination_type: Value<String>,
    /// The bucket ARN, with a folder.
    pub log_destination: Value<String>,
    /// Seconds records are aggregated over: 60 or 600.
    pub max_aggregation_interval: Option<Value<u32>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for FlowLog {
    const TYPE: &'static str = "AWS::EC2::FlowLog";
}

/// `AWS::EC2::VPC`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    /// The IPv4 CIDR block (required here: IPAM allocation is not modelled).
    pub cidr_block: Value<String>,
    /// Whether instances get public DNS host names.
    pub enable_dns_hostnames: Option<Value<bool>>,
    /// Whether the Amazon-provided DNS resolver is enabled.
    pub enable_dns_support: Option<Value<bool>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Vpc {
    /// A VPC with a CIDR block and nothing else set.
    pub fn new(cidr_block: impl Into<Value<String>>) -> Self {
        Vpc {
            cidr_block: cidr_block.into(),
            enable_dns_hostnames: None,
            enable_dns_support: None,
            tags: Vec::new(),
        }
    }
}

impl ResourceProperties for Vpc {
    const TYPE: &'static str = "AWS::EC2::VPC";
}

/// `AWS::EC2::Subnet`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    /// The VPC.
    pub vpc_id: Value<String>,
    /// The IPv4 CIDR block (required here: IPv6-only and IPAM subnets are not modelled).
    pub cidr_block: Value<String>,
    /// The Availability Zone.
    pub availability_zone: Option<Value<String>>,
    /// Whether instances launched here get a public IPv4 address.
    pub map_public_ip_on_launch: Option<Value<bool>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Subnet {
    /// A subnet of a VPC with a CIDR block.
    pub fn new(vpc_id: Value<String>, cidr_block: impl Into<Value<String>>) -> Self {
        Subnet {
            vpc_id,
            cidr_block: cidr_block.into(),
            availability_zone: None,
            map_public_ip_on_launch: None,
            tags: Vec::new(),
        }
    }
}

impl ResourceProperties for Subnet {
    const TYPE: &'static str = "AWS::EC2::Subnet";
}

/// `AWS::EC2::InternetGateway`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGateway {
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for InternetGateway {
    const TYPE: &'static str = "AWS::EC2::InternetGateway";
}

/// `AWS::EC2::VPCGatewayAttachment` of an internet gateway.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcGatewayAttachment {
    /// The VPC.
    pub vpc_id: Value<String>,
    /// The internet gateway (required here: VPN gateways are not modelled).
    pub internet_gateway_id: Value<String>,
}

impl ResourceProperties for VpcGatewayAttachment {
    const TYPE: &'static str = "AWS::EC2::VPCGatewayAttachment";
}

/// `AWS::EC2::RouteTable`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTable {
    /// The VPC.
    pub vpc_id: Value<String>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for RouteTable {
    const TYPE: &'static str = "AWS::EC2::RouteTable";
}

/// `AWS::EC2::Route`: an IPv4 route to an internet or NAT gateway.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Route {
    /// The route table.
    pub route_table_id: Value<String>,
    /// The destination (required here: IPv6 and prefix-list routes are not modelled).
    pub destination_cidr_block: Value<String>,
    /// Target internet gateway.
    pub gateway_id: Option<Value<String>>,
    /// Target NAT gateway.
    pub nat_gateway_id: Option<Value<String>>,
}

impl Route {
    /// A route with no target set yet.
    pub fn new(route_table_id: Value<String>, destination: impl Into<Value<String>>) -> Self {
        Route {
            route_table_id,
            destination_cidr_block: destination.into(),
            gateway_id: None,
            nat_gateway_id: None,
        }
    }
}

impl ResourceProperties for Route {
    const TYPE: &'static str = "AWS::EC2::Route";
}

/// `AWS::EC2::SubnetRouteTableAssociation`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetRouteTableAssociation {
    /// The subnet.
    pub subnet_id: Value<String>,
    /// The route table.
    pub route_table_id: Value<String>,
}

impl ResourceProperties for SubnetRouteTableAssociation {
    const TYPE: &'static str = "AWS::EC2::SubnetRouteTableAssociation";
}

/// `AWS::EC2::EIP`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Eip {
    /// `vpc` for an address used in a VPC.
    pub domain: Option<Value<String>>,
    /// Instance to associate the address with.
    pub instance_id: Option<Value<String>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Eip {
    const TYPE: &'static str = "AWS::EC2::EIP";
}

/// `AWS::EC2::NatGateway`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGateway {
    /// Elastic IP allocation of a public NAT gateway.
    pub allocation_id: Option<Value<String>>,
    /// The subnet the gateway lives in (required here: regional NAT gateways are not modelled).
    pub subnet_id: Value<String>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for NatGateway {
    const TYPE: &'static str = "AWS::EC2::NatGateway";
}

/// `AWS::EC2::SecurityGroup`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    /// The description (immutable).
    pub group_description: Value<String>,
    /// The VPC (required here so a group never lands in the default VPC).
    pub vpc_id: Value<String>,
    /// Inline inbound rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ingress: Vec<Ingress>,
    /// Inline outbound rules; when empty, CloudFormation allows all outbound traffic.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_egress: Vec<Egress>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl SecurityGroup {
    /// A group with no rules.
    pub fn new(description: impl Into<Value<String>>, vpc_id: Value<String>) -> Self {
        SecurityGroup {
            group_description: description.into(),
            vpc_id,
            security_group_ingress: Vec::new(),
            security_group_egress: Vec::new(),
            tags: Vec::new(),
        }
    }
}

impl ResourceProperties for SecurityGroup {
    const TYPE: &'static str = "AWS::EC2::SecurityGroup";
}

/// An inline inbound rule of a security group.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ingress {
    /// `tcp`, `udp`, `icmp` or `-1` for all.
    pub ip_protocol: Value<String>,
    /// First port (or ICMP type; `-1` for all).
    pub from_port: Option<Value<i32>>,
    /// Last port (or ICMP code; `-1` for all).
    pub to_port: Option<Value<i32>>,
    /// Source IPv4 range.
    pub cidr_ip: Option<Value<String>>,
    /// Source security group.
    pub source_security_group_id: Option<Value<String>>,
    /// What the rule is for.
    pub description: Option<Value<String>>,
}

impl Ingress {
    /// A TCP rule for one port with no source set yet.
    pub fn tcp(port: u16) -> Self {
        Ingress {
            ip_protocol: lit("tcp"),
            from_port: Some(Value::Lit(i32::from(port))),
            to_port: Some(Value::Lit(i32::from(port))),
            cidr_ip: None,
            source_security_group_id: None,
            description: None,
        }
    }

    /// TCP on one port from an IPv4 range, saying what it is for.
    pub fn tcp_from_cidr(
        port: u16,
        cidr: impl Into<Value<String>>,
        description: impl Into<Value<String>>,
    ) -> Self {
        Ingress {
            cidr_ip: Some(cidr.into()),
            description: Some(description.into()),
            ..Ingress::tcp(port)
        }
    }

    /// TCP on one port from another security group, saying what it is for.
    pub fn tcp_from_group(
        port: u16,
        group_id: Value<String>,
        description: impl Into<Value<String>>,
    ) -> Self {
        Ingress {
            source_security_group_id: Some(group_id),
            description: Some(description.into()),
            ..Ingress::tcp(port)
        }
    }
}

/// An inline outbound rule of a security group.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Egress {
    /// `tcp`, `udp`, `icmp` or `-1` for all.
    pub ip_protocol: Value<String>,
    /// First port (or ICMP type; `-1` for all).
    pub from_port: Option<Value<i32>>,
    /// Last port (or ICMP code; `-1` for all).
    pub to_port: Option<Value<i32>>,
    /// Destination IPv4 range.
    pub cidr_ip: Option<Value<String>>,
    /// Destination security group.
    pub destination_security_group_id: Option<Value<String>>,
    /// What the rule is for.
    pub description: Option<Value<String>>,
}

impl Egress {
    /// All traffic to an IPv4 range.
    pub fn all_to_cidr(cidr: impl Into<Value<String>>) -> Self {
        Egress {
            ip_protocol: lit("-1"),
            from_port: None,
            to_port: None,
            cidr_ip: Some(cidr.into()),
            destination_security_group_id: None,
            description: None,
        }
    }

    /// TCP on one port to another security group.
    pub fn tcp_to_group(port: u16, group_id: Value<String>) -> Self {
        Egress {
            ip_protocol: lit("tcp"),
            from_port: Some(Value::Lit(i32::from(port))),
            to_port: Some(Value::Lit(i32::from(port))),
            cidr_ip: None,
            destination_security_group_id: Some(group_id),
            description: None,
        }
    }
}

/// `AWS::EC2::SecurityGroupIngress`: a standalone inbound rule (breaks reference cycles).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupIngress {
    /// The group the rule belongs to (required here: group names are not modelled).
    pub group_id: Value<String>,
    /// `tcp`, `udp`, `icmp` or `-1` for all.
    pub ip_protocol: Value<String>,
    /// First port.
    pub from_port: Option<Value<i32>>,
    /// Last port.
    pub to_port: Option<Value<i32>>,
    /// Source IPv4 range.
    pub cidr_ip: Option<Value<String>>,
    /// Source security group.
    pub source_security_group_id: Option<Value<String>>,
    /// What the rule is for.
    pub description: Option<Value<String>>,
}

impl SecurityGroupIngress {
    /// TCP on one port into `group_id` from the security group `source`.
    pub fn tcp_from_group(group_id: Value<String>, port: u16, source: Value<String>) -> Self {
        SecurityGroupIngress {
            group_id,
            ip_protocol: lit("tcp"),
            from_port: Some(Value::Lit(i32::from(port))),
            to_port: Some(Value::Lit(i32::from(port))),
            cidr_ip: None,
            source_security_group_id: Some(source),
            description: None,
        }
    }
}

impl ResourceProperties for SecurityGroupIngress {
    const TYPE: &'static str = "AWS::EC2::SecurityGroupIngress";
}

/// `AWS::EC2::SecurityGroupEgress`: a standalone outbound rule (breaks reference cycles).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupEgress {
    /// The group the rule belongs to.
    pub group_id: Value<String>,
    /// `tcp`, `udp`, `icmp` or `-1` for all.
    pub ip_protocol: Value<String>,
    /// First port.
    pub from_port: Option<Value<i32>>,
    /// Last port.
    pub to_port: Option<Value<i32>>,
    /// Destination IPv4 range.
    pub cidr_ip: Option<Value<String>>,
    /// Destination security group.
    pub destination_security_group_id: Option<Value<String>>,
    /// What the rule is for.
    pub description: Option<Value<String>>,
}

impl SecurityGroupEgress {
    /// TCP on one port out of `group_id` to the security group `destination`.
    pub fn tcp_to_group(group_id: Value<String>, port: u16, destination: Value<String>) -> Self {
        SecurityGroupEgress {
            group_id,
            ip_protocol: lit("tcp"),
            from_port: Some(Value::Lit(i32::from(port))),
            to_port: Some(Value::Lit(i32::from(port))),
            cidr_ip: None,
            destination_security_group_id: Some(destination),
            description: None,
        }
    }
}

impl ResourceProperties for SecurityGroupEgress {
    const TYPE: &'static str = "AWS::EC2::SecurityGroupEgress";
}

/// `AWS::EC2::LaunchTemplate`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplate {
    /// The template name; generated when omitted.
    pub launch_template_name: Option<Value<String>>,
    /// What instances launched from the template look like.
    pub launch_template_data: LaunchTemplateData,
}

impl ResourceProperties for LaunchTemplate {
    const TYPE: &'static str = "AWS::EC2::LaunchTemplate";
}

/// The instance settings of a launch template.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateData {
    /// The AMI.
    pub image_id: Option<Value<String>>,
    /// The instance type, e.g. `t4g.small`.
    pub instance_type: Option<Value<String>>,
    /// The instance profile.
    pub iam_instance_profile: Option<IamInstanceProfile>,
    /// Security groups of the primary network interface.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<Value<String>>,
    /// Base64-encoded user data.
    pub user_data: Option<Value<String>>,
    /// Instance metadata service settings.
    pub metadata_options: Option<MetadataOptions>,
    /// Volumes attached at launch.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    /// Detailed monitoring.
    pub monitoring: Option<Monitoring>,
    /// Tags applied to the instances and volumes launched.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

/// The instance profile of a launch template, by ARN.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IamInstanceProfile {
    /// The instance profile ARN.
    pub arn: Value<String>,
}

/// Instance metadata service (IMDS) settings.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataOptions {
    /// `required` enforces IMDSv2 session tokens.
    pub http_tokens: Option<Value<String>>,
    /// `enabled` or `disabled`.
    pub http_endpoint: Option<Value<String>>,
    /// Hop limit for metadata responses (2 lets containers reach IMDS).
    pub http_put_response_hop_limit: Option<Value<u32>>,
}

impl MetadataOptions {
    /// IMDS enabled, IMDSv2 required, hop limit 2.
    pub fn imdsv2() -> Self {
        MetadataOptions {
            http_tokens: Some(lit("required")),
            http_endpoint: Some(lit("enabled")),
            http_put_response_hop_limit: Some(Value::Lit(2)),
        }
    }
}

/// A volume attached at launch.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockDeviceMapping {
    /// The device name, e.g. `/dev/xvda`.
    pub device_name: Value<String>,
    /// The EBS volume.
    pub ebs: Option<Ebs>,
}

/// An EBS volume of a block device mapping.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ebs {
    /// Size in GiB.
    pub volume_size: Option<Value<u32>>,
    /// `gp3`, `gp2`, `io2`, ...
    pub volume_type: Option<Value<String>>,
    /// Whether the volume is encrypted.
    pub encrypted: Option<Value<bool>>,
    /// Whether the volume is deleted with the instance.
    pub delete_on_termination: Option<Value<bool>>,
}

/// Detailed (one-minute) CloudWatch monitoring.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Monitoring {
    /// Whether detailed monitoring is on.
    pub enabled: Value<bool>,
}

/// Tags applied to one kind of resource launched from a template.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagSpecification {
    /// `instance`, `volume`, `network-interface`, ...
    pub resource_type: Value<String>,
    /// Tags.
    pub tags: Vec<Tag>,
}

/// `AWS::EC2::Instance`, with its launch settings as its own properties: a launch template
/// reference is create-only on an instance, so every new template version would replace it.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Instance {
    /// The image (create-only).
    pub image_id: Option<Value<String>>,
    /// The instance type (an EBS-backed instance is stopped and started to change it).
    pub instance_type: Option<Value<String>>,
    /// The instance profile's name.
    pub iam_instance_profile: Option<Value<String>>,
    /// Security groups (VPC).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<Value<String>>,
    /// Base64 user data.
    pub user_data: Option<Value<String>>,
    /// Instance metadata options (IMDSv2).
    pub metadata_options: Option<MetadataOptions>,
    /// Block devices.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    /// Detailed monitoring.
    pub monitoring: Option<Value<bool>>,
    /// Give the instance's tags to the volumes it is launched with.
    pub propagate_tags_to_volume_on_creation: Option<Value<bool>>,
    /// A launch template (create-only).
    pub launch_template: Option<LaunchTemplateSpecification>,
    /// The subnet.
    pub subnet_id: Option<Value<String>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for Instance {
    const TYPE: &'static str = "AWS::EC2::Instance";
}

/// A launch template reference of an instance.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateSpecification {
    /// The template ID.
    pub launch_template_id: Value<String>,
    /// The version; the default version when omitted.
    pub version: Option<Value<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::tags;
    use serde_json::json;

    #[test]
    fn security_group_serializes_inline_rules() -> Result<(), Box<dyn std::error::Error>> {
        let group = SecurityGroup {
            security_group_ingress: vec![Ingress::tcp_from_group(
                8080,
                Value::get_att("AlbSg", "GroupId"),
                "From the load balancer",
            )],
            security_group_egress: vec![Egress::all_to_cidr("0.0.0.0/0")],
            tags: tags(&[("Name", lit("app"))]),
            ..SecurityGroup::new("App servers", Value::r#ref("Vpc"))
        };
        assert_eq!(
            serde_json::to_value(&group)?,
            json!({
                "GroupDescription": "App servers",
                "VpcId": {"Ref": "Vpc"},
                "SecurityGroupIngress": [{
                    "IpProtocol": "tcp",
                    "FromPort": 8080,
                    "ToPort": 8080,
                    "SourceSecurityGroupId": {"Fn::GetAtt": ["AlbSg", "GroupId"]},
                    "Description": "From the load balancer"
                }],
                "SecurityGroupEgress": [{"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}],
                "Tags": [{"Key": "Name", "Value": "app"}]
            })
        );
        Ok(())
    }

    #[test]
    fn launch_template_serializes_nested_data() -> Result<(), Box<dyn std::error::Error>> {
        let template = LaunchTemplate {
            launch_template_name: None,
            launch_template_data: LaunchTemplateData {
                image_id: Some(Value::r#ref("AmiId")),
                instance_type: Some(lit("t4g.small")),
                iam_instance_profile: Some(IamInstanceProfile {
                    arn: Value::get_att("Profile", "Arn"),
                }),
                security_group_ids: vec![Value::r#ref("AppSg")],
                user_data: Some(Value::base64(Value::sub(
                    "#!/bin/bash\necho ${AWS::Region}",
                ))),
                metadata_options: Some(MetadataOptions::imdsv2()),
                block_device_mappings: vec![BlockDeviceMapping {
                    device_name: lit("/dev/xvda"),
                    ebs: Some(Ebs {
                        volume_size: Some(Value::Lit(20)),
                        volume_type: Some(lit("gp3")),
                        encrypted: Some(Value::Lit(true)),
                        delete_on_termination: Some(Value::Lit(true)),
                    }),
                }],
                monitoring: Some(Monitoring {
                    enabled: Value::Lit(true),
                }),
                tag_specifications: vec![TagSpecification {
                    resource_type: lit("instance"),
                    tags: tags(&[("Name", lit("app"))]),
                }],
            },
        };
        assert_eq!(
            serde_json::to_value(&template)?,
            json!({
                "LaunchTemplateData": {
                    "ImageId": {"Ref": "AmiId"},
                    "InstanceType": "t4g.small",
                    "IamInstanceProfile": {"Arn": {"Fn::GetAtt": ["Profile", "Arn"]}},
                    "SecurityGroupIds": [{"Ref": "AppSg"}],
                    "UserData": {"Fn::Base64": {"Fn::Sub": "#!/bin/bash\necho ${AWS::Region}"}},
                    "MetadataOptions": {
                        "HttpTokens": "required",
                        "HttpEndpoint": "enabled",
                        "HttpPutResponseHopLimit": 2
                    },
                    "BlockDeviceMappings": [{
                        "DeviceName": "/dev/xvda",
                        "Ebs": {
                            "VolumeSize": 20,
                            "VolumeType": "gp3",
                            "Encrypted": true,
                            "DeleteOnTermination": true
                        }
                    }],
                    "Monitoring": {"Enabled": true},
                    "TagSpecifications": [{
                        "ResourceType": "instance",
                        "Tags": [{"Key": "Name", "Value": "app"}]
                    }]
                }
            })
        );
        Ok(())
    }
}
