//! The state shared by the layers while one stack is synthesized.

use super::SynthError;
use crate::catalog::RegionInfo;
use crate::cfn::resources::Tag;
use crate::cfn::{LogicalId, Resource, ResourceProperties, Template, TemplateError, Value, lit};
use crate::stage::{AzChoice, Stage};

/// Logical IDs of the network, filled in by the network layer.
#[derive(Debug, Clone, Default)]
pub struct NetworkIds {
    /// The VPC.
    pub vpc: String,
    /// Public subnets, one per zone.
    pub public: Vec<String>,
    /// Private subnets, one per zone (empty when nothing runs there).
    pub private: Vec<String>,
    /// Data subnets, one per zone (empty without databases or caches).
    pub data: Vec<String>,
}

/// Logical IDs other layers refer to.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The load balancer's security group.
    pub alb_sg: Option<String>,
    /// The load balancer.
    pub alb: Option<String>,
    /// The listener that path rules attach to.
    pub listener: Option<String>,
    /// The web tier's target group.
    pub web_target_group: Option<String>,
    /// The web tier's security group.
    pub web_sg: Option<String>,
    /// The web tier's IAM role.
    pub web_role: Option<String>,
    /// The web tier's Auto Scaling group.
    pub web_asg: Option<String>,
    /// The single box, when there is one.
    pub instance: Option<String>,
    /// The single box's Elastic IP.
    pub eip: Option<String>,
    /// The container services' security group.
    pub services_sg: Option<String>,
    /// The SNS topic alarms notify.
    pub alarm_topic: Option<String>,
    /// Primary databases (one per shard).
    pub databases: Vec<String>,
    /// The cache replication group.
    pub cache: Option<String>,
    /// Queues by stage name.
    pub queues: Vec<(String, String)>,
    /// The user-data bucket.
    pub objects_bucket: Option<String>,
    /// DynamoDB tables (logical IDs) in this stack.
    pub tables: Vec<String>,
    /// Names of global tables the application may use.
    pub global_tables: Vec<String>,
    /// Read replicas (logical IDs).
    pub replicas: Vec<String>,
    /// Topics by stage name.
    pub topics: Vec<(String, String)>,
    /// The database security group.
    pub db_sg: Option<String>,
    /// The cache security group.
    pub cache_sg: Option<String>,
    /// This region's log bucket.
    pub log_bucket: Option<String>,
    /// Whether CloudFront delivers standard logs into it.
    pub cloudfront_logs: bool,
    /// The customer managed key of the alarm topic and log groups.
    pub key: Option<String>,
    /// The load balancer's certificate (ARN value), when the site is served over HTTPS.
    pub certificate: Option<crate::cfn::Value<String>>,
}

/// Where a region's stack publishes its shard map: one parameter per shard below it.
pub const SHARD_MAP: &str = "/scalectl/${AWS::StackName}/shards";

/// Synthesis state for one stack.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The stage.
    pub stage: &'a Stage,
    /// The region this stack deploys to.
    pub region: &'static RegionInfo,
    /// The zones used, by name.
    pub azs: Vec<&'static str>,
    /// This region's VPC CIDR.
    pub vpc_cidr: String,
    /// The shards homed in this region.
    pub shards: Vec<u32>,
    /// The `Fn::Sub` text of the shard map's path in Parameter Store: the region's own
    /// stack's [`SHARD_MAP`], or the `ShardMapPath` parameter in a shard stack.
    pub shard_map: String,
    /// The template under construction.
    pub template: Template,
    /// Network IDs.
    pub net: NetworkIds,
    /// Other shared IDs.
    pub known: Known,
    /// Parameters deploy pins from Systems Manager.
    pub pins: Vec<super::Pin>,
    /// Parameters deploy fills with a hosted zone's ID.
    pub zones: Vec<super::ZoneLookup>,
    /// Parameters fed from other stacks' outputs.
    pub inputs: Vec<super::StackInput>,
    /// Staging-bucket keys of packaged worker code.
    pub code_keys: Vec<String>,
    /// The stack graph's base name (`--stack-name`; the stage's name by default).
    pub base: String,
}

impl<'a> Ctx<'a> {
    /// Resolve zones and start an empty template.
    pub fn new(
        stage: &'a Stage,
        region: &'static RegionInfo,
        vpc_cidr: &str,
        shards: Vec<u32>,
        template: Template,
    ) -> Result<Self, SynthError> {
        let azs = resolve_zones(region, &stage.network.availability_zones)?;
        Ok(Ctx {
            azs,
            vpc_cidr: vpc_cidr.to_string(),
            shards,
            ..Ctx::without_network(stage, region, template)
        })
    }

    /// A context for a stack without a network of its own (the CDN's companion in
    /// us-east-1): no zones, no VPC.
    pub fn without_network(
        stage: &'a Stage,
        region: &'static RegionInfo,
        template: Template,
    ) -> Self {
        Ctx {
            stage,
            region,
            azs: Vec::new(),
            vpc_cidr: String::new(),
            shards: Vec::new(),
            shard_map: SHARD_MAP.to_string(),
            template,
            net: NetworkIds::default(),
            known: Known::default(),
            pins: Vec::new(),
            zones: Vec::new(),
            inputs: Vec::new(),
            code_keys: Vec::new(),
            base: stage.name.clone(),
        }
    }

    /// Add a resource and return its logical ID.
    pub fn add<P: ResourceProperties>(
        &mut self,
        id: impl Into<LogicalId>,
        props: &P,
    ) -> Result<String, SynthError> {
        Ok(self.template.add(&id.into(), props)?)
    }

    /// Add a resource, shaped by `shape` (retention, update policy, metadata) before it goes
    /// into the template.
    pub fn add_shaped<P: ResourceProperties>(
        &mut self,
        id: impl Into<LogicalId>,
        props: &P,
        shape: impl FnOnce(Resource) -> Resource,
    ) -> Result<String, SynthError> {
        let id = id.into();
        let resource = Resource::new(props).map_err(|source| TemplateError::Serialize {
            id: id.to_string(),
            source,
        })?;
        Ok(self.template.insert(&id, shape(resource))?)
    }

    /// Add a resource with explicit dependencies.
    pub fn add_after<P: ResourceProperties>(
        &mut self,
        id: impl Into<LogicalId>,
        props: &P,
        after: &[&str],
    ) -> Result<String, SynthError> {
        let id = self.add(id, props)?;
        if let Some(resource) = self.template.resource_mut(&id) {
            resource
                .depends_on
                .extend(after.iter().map(|s| s.to_string()));
            resource.depends_on.sort();
            resource.depends_on.dedup();
        }
        Ok(id)
    }

    /// Add an output.
    pub fn output(
        &mut self,
        name: &str,
        description: &str,
        value: Value<String>,
    ) -> Result<(), SynthError> {
        Ok(self
            .template
            .output(&LogicalId::from(name), description, value)?)
    }

    /// Tags for a resource: `Name` (stack name plus the given name), then the stage's tags.
    pub fn tags(&self, name: &str) -> Vec<Tag> {
        let mut tags = vec![Tag::new(
            "Name",
            Value::sub(format!("${{AWS::StackName}}-{name}")),
        )];
        tags.extend(self.stage_tags());
        tags
    }

    /// The stage's own tags. The stage's name is not a tag: moving a stack from one stage
    /// to the next must not touch every resource.
    pub fn stage_tags(&self) -> Vec<Tag> {
        self.stage
            .tags
            .iter()
            .map(|(k, v)| Tag::new(k.clone(), lit(v.clone())))
            .collect()
    }

    /// Whether the site is served over HTTPS: the stage brings a certificate, or has a DNS
    /// zone to validate one in (a load balancer gets an ACM certificate, a single box one
    /// from Let's Encrypt).
    pub fn https(&self) -> bool {
        self.stage.dns.is_some()
            || self
                .stage
                .load_balancer
                .as_ref()
                .is_some_and(|lb| lb.certificate_arn.is_some())
    }

    /// Security groups of everything that talks to data stores (web tier and services).
    pub fn app_security_groups(&self) -> Vec<String> {
        [&self.known.web_sg, &self.known.services_sg]
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }

    /// Subnets the application runs in: private when the stage has them, else public.
    pub fn app_subnets(&self) -> &[String] {
        if self.net.private.is_empty() {
            &self.net.public
        } else {
            &self.net.private
        }
    }
}

/// A `Ref` to a logical ID.
pub fn r(id: &str) -> Value<String> {
    Value::r#ref(id)
}

/// An `Fn::GetAtt`.
pub fn att(id: &str, attribute: &str) -> Value<String> {
    Value::get_att(id, attribute)
}

/// The zones a stage uses in a region, by name.
pub fn resolve_zones(
    region: &'static RegionInfo,
    choice: &AzChoice,
) -> Result<Vec<&'static str>, SynthError> {
    match choice {
        AzChoice::Count(n) => {
            let wanted = usize::from(*n);
            if wanted == 0 || wanted > region.azs.len() {
                return Err(SynthError::NotEnoughZones {
                    region: region.code.to_string(),
                    available: region.azs.len(),
                    wanted,
                });
            }
            Ok(region.azs.iter().take(wanted).map(|az| az.name).collect())
        }
        AzChoice::Names(names) => names
            .iter()
            .map(|name| {
                region
                    .azs
                    .iter()
                    .find(|az| az.name == name)
                    .map(|az| az.name)
                    .ok_or_else(|| SynthError::UnknownZone {
                        zone: name.clone(),
                        region: region.code.to_string(),
                    })
            })
            .collect(),
    }
}
