//! Every diagnostic code scalectl emits, in one registry: the code, how it stops, and what
//! it means. Rules name their code from here (a test keeps string literals of codes out of
//! every other file), and the README's table of codes is this list (a test compares them).

/// How a code stops scalectl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Always an error (exit 2).
    Error,
    /// Always a warning.
    Warning,
    /// An error or a warning, as the rule says (a default quota warns, a live one errs).
    ErrorOrWarning,
    /// An update-time rule that refuses the deploy (exit 4).
    Refuse,
}

impl Severity {
    /// The word the README's table uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::ErrorOrWarning => "error or warning",
            Severity::Refuse => "refuse",
        }
    }
}

/// One code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// `scalectl::<family>::<name>`.
    pub code: &'static str,
    /// How it stops.
    pub severity: Severity,
    /// What it means, in one line.
    pub meaning: &'static str,
}

/// The escape hatches: `resources:` and `overrides:`.
pub mod extend {
    /// A raw resource's logical ID is not alphanumeric (up to 255) or is one scalectl already uses.
    pub const LOGICAL_ID: &str = "scalectl::extend::logical_id";
    /// A raw resource lacks a property its type requires (`ServiceToken` for a custom resource).
    pub const MISSING_PROPERTY: &str = "scalectl::extend::missing_property";
    /// An override path does not lead to a part of the resource, or replaces `Properties` whole.
    pub const PATH: &str = "scalectl::extend::path";
    /// A raw resource's DeletionPolicy or UpdateReplacePolicy is not Retain, Snapshot or Delete.
    pub const POLICY: &str = "scalectl::extend::policy";
    /// A `Fn::GetAtt` names an attribute the raw resource type's schema does not list.
    pub const UNKNOWN_ATTRIBUTE: &str = "scalectl::extend::unknown_attribute";
    /// A raw resource or an override sets a property its resource type does not have.
    pub const UNKNOWN_PROPERTY: &str = "scalectl::extend::unknown_property";
    /// A `Ref`, `Fn::GetAtt`, `${...}` or `DependsOn` names no resource or parameter of the stack.
    pub const UNKNOWN_REFERENCE: &str = "scalectl::extend::unknown_reference";
    /// An override names a resource scalectl does not make.
    pub const UNKNOWN_RESOURCE: &str = "scalectl::extend::unknown_resource";
    /// A raw resource or an override names a stack the stage does not have.
    pub const UNKNOWN_STACK: &str = "scalectl::extend::unknown_stack";
    /// A raw resource's type is not one AWS publishes a CloudFormation resource schema for.
    pub const UNKNOWN_TYPE: &str = "scalectl::extend::unknown_type";
    /// An override drops a retention policy, deletion protection or encryption (a warning with `unprotect`).
    pub const UNPROTECTED: &str = "scalectl::extend::unprotected";
}

/// Reading a stage file: YAML, keys, `extends`.
pub mod load {
    /// The stage file uses a YAML alias (`*name`), which stage files do not support.
    pub const ALIAS: &str = "scalectl::load::alias";
    /// `extends:` is not a string naming a built-in stage or a file.
    pub const BAD_EXTENDS: &str = "scalectl::load::bad_extends";
    /// A mapping key is not a plain string (a key that is a list, mapping, null or float).
    pub const BAD_KEY: &str = "scalectl::load::bad_key";
    /// A YAML value cannot be read by the parser (quote it if it is meant as a string).
    pub const BAD_VALUE: &str = "scalectl::load::bad_value";
    /// The same key appears twice in one YAML mapping.
    pub const DUPLICATE_KEY: &str = "scalectl::load::duplicate_key";
    /// The stage file is empty.
    pub const EMPTY: &str = "scalectl::load::empty";
    /// The `extends:` chain loops back to a file already in it.
    pub const EXTENDS_CYCLE: &str = "scalectl::load::extends_cycle";
    /// The `extends:` chain is deeper than 16 files.
    pub const EXTENDS_TOO_DEEP: &str = "scalectl::load::extends_too_deep";
    /// A value has the wrong type or is not one of the values its field accepts.
    pub const INVALID_VALUE: &str = "scalectl::load::invalid_value";
    /// A required field is missing and no extended stage sets it.
    pub const MISSING_FIELD: &str = "scalectl::load::missing_field";
    /// A built-in stage extends a stage that does not exist (a bug in scalectl).
    pub const MISSING_PARENT: &str = "scalectl::load::missing_parent";
    /// The stage file holds more than one YAML document (a `---` separator).
    pub const MULTIPLE_DOCUMENTS: &str = "scalectl::load::multiple_documents";
    /// The stage file's top level is not a YAML mapping of `key: value` lines.
    pub const NOT_A_MAPPING: &str = "scalectl::load::not_a_mapping";
    /// Loading stopped after 50 field errors; there may be more.
    pub const TOO_MANY_ERRORS: &str = "scalectl::load::too_many_errors";
    /// A field is not one the stage format has at that place (often a typo).
    pub const UNKNOWN_FIELD: &str = "scalectl::load::unknown_field";
    /// A stage file, given or named by `extends:`, cannot be read.
    pub const UNREADABLE: &str = "scalectl::load::unreadable";
    /// A worker's local code `path` cannot be packaged: unreadable, not a directory or .zip, empty or too big.
    pub const WORKER_CODE: &str = "scalectl::load::worker_code";
    /// The stage file is not valid YAML.
    pub const YAML_SYNTAX: &str = "scalectl::load::yaml_syntax";
}

/// Synthesis that could not place what the stage asks for.
pub mod synth {
    /// A VPC or subnet CIDR cannot be parsed or carved into the subnets the stage needs.
    pub const NETWORK: &str = "scalectl::synth::network";
    /// The region has fewer availability zones than the stage asks for (found while synthesizing).
    pub const NOT_ENOUGH_ZONES: &str = "scalectl::synth::not_enough_zones";
    /// While synthesizing, a stage value refers to something missing or conflicts with what scalectl builds.
    pub const REFERENCE: &str = "scalectl::synth::reference";
    /// A user-data or code template fails to render (a bug in scalectl).
    pub const RENDER: &str = "scalectl::synth::render";
    /// Two parts of the stage map to one CloudFormation logical ID, or properties fail to serialize.
    pub const TEMPLATE: &str = "scalectl::synth::template";
    /// The region is not in scalectl's region catalog, so no template can be synthesized for it.
    pub const UNKNOWN_REGION: &str = "scalectl::synth::unknown_region";
    /// A named availability zone is not in the stage's region (found while synthesizing).
    pub const UNKNOWN_ZONE: &str = "scalectl::synth::unknown_zone";
}

/// Update-time rules: what AWS refuses, fails or loses on an update.
pub mod update {
    /// An Auto Scaling group sets DesiredCapacity while scaling policies manage it, resetting it each deploy.
    pub const DESIRED_UNDER_POLICIES: &str = "scalectl::update::desired-under-policies";
    /// An RDS engine version goes down, or up a major version without AllowMajorVersionUpgrade.
    pub const ENGINE_VERSION: &str = "scalectl::update::engine-version";
    /// An Auto Scaling group's MaxSize is lowered, so instances above it may be terminated at once.
    pub const FLEET_SHRINK: &str = "scalectl::update::fleet-shrink";
    /// A global table gains or loses several replicas, so deploy runs one stack update per replica.
    pub const GLOBAL_TABLE_REPLICAS: &str = "scalectl::update::global-table-replicas";
    /// An EC2 instance's type, user data or EBS optimization changes, so it is stopped and started.
    pub const INSTANCE_RESTART: &str = "scalectl::update::instance-restart";
    /// A deletion-protected database or table is removed or replaced, so it would be left outside the stack.
    pub const PROTECTED_REMOVAL: &str = "scalectl::update::protected-removal";
    /// An RDS read replica has a Snapshot deletion or replace policy, which RDS ignores for replicas.
    pub const REPLICA_SNAPSHOT: &str = "scalectl::update::replica-snapshot";
    /// A rolling update's MinInstancesInService is not below the Auto Scaling group's MaxSize.
    pub const ROLLING_MIN_IN_SERVICE: &str = "scalectl::update::rolling-min-in-service";
    /// A routed Route 53 record would meet a simple record of the same name and type.
    pub const ROUTING_CONFLICT: &str = "scalectl::update::routing-conflict";
    /// A security group rule changes only its description, so CloudFormation revokes and re-adds it.
    pub const RULE_REWRITE: &str = "scalectl::update::rule-rewrite";
    /// A stateful resource changes type, which deletes it and its data and creates an empty one.
    pub const STATEFUL_TYPE_CHANGE: &str = "scalectl::update::stateful-type-change";
    /// RDS allocated storage goes down, or grows by less than the 10% RDS requires.
    pub const STORAGE_SHRINK: &str = "scalectl::update::storage-shrink";
    /// An update rewrites a listener rule whose weights a traffic-shifting ECS service owns.
    pub const TRAFFIC_OWNED: &str = "scalectl::update::traffic-owned";
}

/// Rules on a loaded stage and its synthesized stacks.
pub mod validate {
    /// The web bootstrap script is over 12 KiB or has a `SCALECTL_BOOTSTRAP_END` line.
    pub const BOOTSTRAP: &str = "scalectl::validate::bootstrap";
    /// The cache node type's size does not exist in its family.
    pub const CACHE_NODE_TYPE: &str = "scalectl::validate::cache_node_type";
    /// Cache shards times (1 primary + replicas) is more nodes than ElastiCache allows in a cluster.
    pub const CACHE_NODES: &str = "scalectl::validate::cache_nodes";
    /// A cache shard has more than the 5 replicas ElastiCache allows.
    pub const CACHE_REPLICAS: &str = "scalectl::validate::cache_replicas";
    /// By scalectl's estimate, a tier cannot hold the load stated in `capacity.users`.
    pub const CAPACITY: &str = "scalectl::validate::capacity";
    /// The load balancer's certificate ARN is malformed, in another region, or used across several regions.
    pub const CERTIFICATE: &str = "scalectl::validate::certificate";
    /// A VPC or subnet CIDR is malformed or outside /16 to /28 (a warning when the VPC is not private).
    pub const CIDR: &str = "scalectl::validate::cidr";
    /// A stack passes a CloudFormation limit (resources, parameters, outputs, size, name or logical ID).
    pub const CLOUDFORMATION_LIMIT: &str = "scalectl::validate::cloudformation_limit";
    /// CloudFront cannot deliver logs to buckets in the stage's first region, so the CDN keeps none.
    pub const CLOUDFRONT_LOGS: &str = "scalectl::validate::cloudfront_logs";
    /// The cache node type needs data tiering, which scalectl does not enable.
    pub const DATA_TIERING: &str = "scalectl::validate::data_tiering";
    /// Database storage or its autoscaling ceiling is outside what RDS allows for the engine.
    pub const DB_STORAGE: &str = "scalectl::validate::db_storage";
    /// An entry (service, table, queue, topic, worker, region, Spot type, WAF rule group, shard home) appears twice.
    pub const DUPLICATE_NAME: &str = "scalectl::validate::duplicate_name";
    /// An availability zone is listed twice.
    pub const DUPLICATE_ZONE: &str = "scalectl::validate::duplicate_zone";
    /// The database or cache engine version is not offered by AWS, or (warning) not in the catalog.
    pub const ENGINE_VERSION: &str = "scalectl::validate::engine_version";
    /// A worker's handler is not in the form its Lambda runtime calls.
    pub const HANDLER: &str = "scalectl::validate::handler";
    /// The web image is neither an AMI ID nor a Systems Manager parameter path.
    pub const IMAGE: &str = "scalectl::validate::image";
    /// Settings conflict or need another setting (e.g. a fleet without a load balancer).
    pub const INVALID_COMBINATION: &str = "scalectl::validate::invalid_combination";
    /// Live AWS facts could not be read for a region, so built-in catalog values were used.
    pub const LIVE_FALLBACK: &str = "scalectl::validate::live_fallback";
    /// Min, desired and max are not in order (a warning when desired differs from min under scaling).
    pub const MIN_DESIRED_MAX: &str = "scalectl::validate::min_desired_max";
    /// The web tier's instance types mix CPU architectures, which one AMI cannot serve.
    pub const MIXED_ARCHITECTURE: &str = "scalectl::validate::mixed_architecture";
    /// A Multi-AZ cache has no replicas, or its node type does not support Multi-AZ failover.
    pub const MULTI_AZ_CACHE: &str = "scalectl::validate::multi_az_cache";
    /// A name or address (stage, service, queue, table, DNS, e-mail, tag key) is not in a form AWS accepts.
    pub const NAME: &str = "scalectl::validate::name";
    /// The private subnets have no NAT gateway, but the web fleet or container tasks need a way out.
    pub const NO_EGRESS: &str = "scalectl::validate::no_egress";
    /// The built-in catalog has no instance type offerings for the region, so they are not checked.
    pub const NO_OFFERING_DATA: &str = "scalectl::validate::no_offering_data";
    /// The region has fewer availability zones than the stage asks for.
    pub const NOT_ENOUGH_ZONES: &str = "scalectl::validate::not_enough_zones";
    /// A web instance type is not offered in an availability zone the stage uses.
    pub const NOT_OFFERED: &str = "scalectl::validate::not_offered";
    /// The region is opt-in and must be enabled for the account before anything deploys there.
    pub const OPT_IN_REGION: &str = "scalectl::validate::opt_in_region";
    /// A value is outside what AWS or scalectl accepts for its field (a range, path, runtime or class).
    pub const OUT_OF_RANGE: &str = "scalectl::validate::out_of_range";
    /// The stage has no DNS zone, so no certificate can be validated and it serves plain HTTP.
    pub const PLAIN_HTTP: &str = "scalectl::validate::plain_http";
    /// A setting whose name marks it as a secret has its value written in plain text.
    pub const PLAINTEXT_SECRET: &str = "scalectl::validate::plaintext_secret";
    /// A role's inline policies are estimated to pass IAM's 10,240-character limit.
    pub const POLICY_SIZE: &str = "scalectl::validate::policy_size";
    /// The stage needs more than an account quota allows (a warning against AWS's default value).
    pub const QUOTA: &str = "scalectl::validate::quota";
    /// A database shard has more than the 15 read replicas RDS allows.
    pub const READ_REPLICAS: &str = "scalectl::validate::read_replicas";
    /// A tag key or value starts with a prefix AWS (or RDS) reserves.
    pub const RESERVED_TAG: &str = "scalectl::validate::reserved_tag";
    /// A value in the synthesized templates breaks AWS's resource schema (enum, pattern, length, range).
    pub const SCHEMA: &str = "scalectl::validate::schema";
    /// An app setting has a bad name, a multi-line value, or a bad secret or parameter reference.
    pub const SETTING: &str = "scalectl::validate::setting";
    /// The stage uses one availability zone but has a load balancer, database or Multi-AZ cache.
    pub const SINGLE_ZONE: &str = "scalectl::validate::single_zone";
    /// A tier lists a different number of subnets than the stage has availability zones.
    pub const SUBNET_COUNT: &str = "scalectl::validate::subnet_count";
    /// A listed subnet is not inside the VPC's range.
    pub const SUBNET_OUTSIDE_VPC: &str = "scalectl::validate::subnet_outside_vpc";
    /// Regions' VPCs overlap, or a subnet overlaps another listed or carved subnet.
    pub const SUBNET_OVERLAP: &str = "scalectl::validate::subnet_overlap";
    /// The VPC or subnets are too small to carve, host a load balancer, or fit the fleet at full scale.
    pub const SUBNET_ROOM: &str = "scalectl::validate::subnet_room";
    /// A DynamoDB table uses the same attribute as its partition key and its sort key.
    pub const TABLE_KEY: &str = "scalectl::validate::table_key";
    /// The cache node type is not in the catalog (an error when it cannot be a node type).
    pub const UNKNOWN_CACHE_NODE: &str = "scalectl::validate::unknown_cache_node";
    /// The RDS instance class is not in the catalog (an error when it cannot be a class).
    pub const UNKNOWN_DB_CLASS: &str = "scalectl::validate::unknown_db_class";
    /// The EC2 instance type is not in the catalog (an error when it cannot be an instance type).
    pub const UNKNOWN_INSTANCE_TYPE: &str = "scalectl::validate::unknown_instance_type";
    /// `quotas:` declares a quota code scalectl does not check, so its value is unused.
    pub const UNKNOWN_QUOTA: &str = "scalectl::validate::unknown_quota";
    /// A topic subscriber, worker queue or shard number names something undefined, or a shard has no home region.
    pub const UNKNOWN_REFERENCE: &str = "scalectl::validate::unknown_reference";
    /// The region is not a commercial AWS region (or, when live, not enabled for the account).
    pub const UNKNOWN_REGION: &str = "scalectl::validate::unknown_region";
    /// A listed availability zone is not a zone of the region.
    pub const UNKNOWN_ZONE: &str = "scalectl::validate::unknown_zone";
    /// Subnets are listed for a tier nothing in the stage uses.
    pub const UNUSED_SUBNETS: &str = "scalectl::validate::unused_subnets";
    /// A queue's visibility timeout is shorter than the timeout of the worker consuming it.
    pub const VISIBILITY_TIMEOUT: &str = "scalectl::validate::visibility_timeout";
    /// The stage asks for 0 availability zones or gives an empty zone list.
    pub const ZONE_COUNT: &str = "scalectl::validate::zone_count";
    /// Availability zones are given by name in a stage that spans several regions.
    pub const ZONE_NAMES_MULTI_REGION: &str = "scalectl::validate::zone_names_multi_region";
    /// A zone the stage would use in the region is not available to the account.
    pub const ZONE_UNAVAILABLE: &str = "scalectl::validate::zone_unavailable";
}

/// Every code, by family and name.
pub const ALL: &[Code] = &[
    Code {
        code: extend::LOGICAL_ID,
        severity: Severity::Error,
        meaning: "a raw resource's logical ID is not alphanumeric (up to 255) or is one scalectl already uses",
    },
    Code {
        code: extend::MISSING_PROPERTY,
        severity: Severity::Error,
        meaning: "a raw resource lacks a property its type requires (`ServiceToken` for a custom resource)",
    },
    Code {
        code: extend::PATH,
        severity: Severity::Error,
        meaning: "an override path does not lead to a part of the resource, or replaces `Properties` whole",
    },
    Code {
        code: extend::POLICY,
        severity: Severity::Error,
        meaning: "a raw resource's DeletionPolicy or UpdateReplacePolicy is not Retain, Snapshot or Delete",
    },
    Code {
        code: extend::UNKNOWN_ATTRIBUTE,
        severity: Severity::Warning,
        meaning: "a `Fn::GetAtt` names an attribute the raw resource type's schema does not list",
    },
    Code {
        code: extend::UNKNOWN_PROPERTY,
        severity: Severity::Error,
        meaning: "a raw resource or an override sets a property its resource type does not have",
    },
    Code {
        code: extend::UNKNOWN_REFERENCE,
        severity: Severity::Error,
        meaning: "a `Ref`, `Fn::GetAtt`, `${...}` or `DependsOn` names no resource or parameter of the stack",
    },
    Code {
        code: extend::UNKNOWN_RESOURCE,
        severity: Severity::Error,
        meaning: "an override names a resource scalectl does not make",
    },
    Code {
        code: extend::UNKNOWN_STACK,
        severity: Severity::Error,
        meaning: "a raw resource or an override names a stack the stage does not have",
    },
    Code {
        code: extend::UNKNOWN_TYPE,
        severity: Severity::Error,
        meaning: "a raw resource's type is not one AWS publishes a CloudFormation resource schema for",
    },
    Code {
        code: extend::UNPROTECTED,
        severity: Severity::ErrorOrWarning,
        meaning: "an override drops a retention policy, deletion protection or encryption (a warning with `unprotect`)",
    },
    Code {
        code: load::ALIAS,
        severity: Severity::Error,
        meaning: "the stage file uses a YAML alias (`*name`), which stage files do not support",
    },
    Code {
        code: load::BAD_EXTENDS,
        severity: Severity::Error,
        meaning: "`extends:` is not a string naming a built-in stage or a file",
    },
    Code {
        code: load::BAD_KEY,
        severity: Severity::Error,
        meaning: "a mapping key is not a plain string (a key that is a list, mapping, null or float)",
    },
    Code {
        code: load::BAD_VALUE,
        severity: Severity::Error,
        meaning: "a YAML value cannot be read by the parser (quote it if it is meant as a string)",
    },
    Code {
        code: load::DUPLICATE_KEY,
        severity: Severity::Error,
        meaning: "the same key appears twice in one YAML mapping",
    },
    Code {
        code: load::EMPTY,
        severity: Severity::Error,
        meaning: "the stage file is empty",
    },
    Code {
        code: load::EXTENDS_CYCLE,
        severity: Severity::Error,
        meaning: "the `extends:` chain loops back to a file already in it",
    },
    Code {
        code: load::EXTENDS_TOO_DEEP,
        severity: Severity::Error,
        meaning: "the `extends:` chain is deeper than 16 files",
    },
    Code {
        code: load::INVALID_VALUE,
        severity: Severity::Error,
        meaning: "a value has the wrong type or is not one of the values its field accepts",
    },
    Code {
        code: load::MISSING_FIELD,
        severity: Severity::Error,
        meaning: "a required field is missing and no extended stage sets it",
    },
    Code {
        code: load::MISSING_PARENT,
        severity: Severity::Error,
        meaning: "a built-in stage extends a stage that does not exist (a bug in scalectl)",
    },
    Code {
        code: load::MULTIPLE_DOCUMENTS,
        severity: Severity::Error,
        meaning: "the stage file holds more than one YAML document (a `---` separator)",
    },
    Code {
        code: load::NOT_A_MAPPING,
        severity: Severity::Error,
        meaning: "the stage file's top level is not a YAML mapping of `key: value` lines",
    },
    Code {
        code: load::TOO_MANY_ERRORS,
        severity: Severity::Warning,
        meaning: "loading stopped after 50 field errors; there may be more",
    },
    Code {
        code: load::UNKNOWN_FIELD,
        severity: Severity::Error,
        meaning: "a field is not one the stage format has at that place (often a typo)",
    },
    Code {
        code: load::UNREADABLE,
        severity: Severity::Error,
        meaning: "a stage file, given or named by `extends:`, cannot be read",
    },
    Code {
        code: load::WORKER_CODE,
        severity: Severity::Error,
        meaning: "a worker's local code `path` cannot be packaged: unreadable, not a directory or .zip, empty or too big",
    },
    Code {
        code: load::YAML_SYNTAX,
        severity: Severity::Error,
        meaning: "the stage file is not valid YAML",
    },
    Code {
        code: synth::NETWORK,
        severity: Severity::Error,
        meaning: "a VPC or subnet CIDR cannot be parsed or carved into the subnets the stage needs",
    },
    Code {
        code: synth::NOT_ENOUGH_ZONES,
        severity: Severity::Error,
        meaning: "the region has fewer availability zones than the stage asks for (found while synthesizing)",
    },
    Code {
        code: synth::REFERENCE,
        severity: Severity::Error,
        meaning: "while synthesizing, a stage value refers to something missing or conflicts with what scalectl builds",
    },
    Code {
        code: synth::RENDER,
        severity: Severity::Error,
        meaning: "a user-data or code template fails to render (a bug in scalectl)",
    },
    Code {
        code: synth::TEMPLATE,
        severity: Severity::Error,
        meaning: "two parts of the stage map to one CloudFormation logical ID, or properties fail to serialize",
    },
    Code {
        code: synth::UNKNOWN_REGION,
        severity: Severity::Error,
        meaning: "the region is not in scalectl's region catalog, so no template can be synthesized for it",
    },
    Code {
        code: synth::UNKNOWN_ZONE,
        severity: Severity::Error,
        meaning: "a named availability zone is not in the stage's region (found while synthesizing)",
    },
    Code {
        code: update::DESIRED_UNDER_POLICIES,
        severity: Severity::Warning,
        meaning: "an Auto Scaling group sets DesiredCapacity while scaling policies manage it, resetting it each deploy",
    },
    Code {
        code: update::ENGINE_VERSION,
        severity: Severity::Refuse,
        meaning: "an RDS engine version goes down, or up a major version without AllowMajorVersionUpgrade",
    },
    Code {
        code: update::FLEET_SHRINK,
        severity: Severity::Warning,
        meaning: "an Auto Scaling group's MaxSize is lowered, so instances above it may be terminated at once",
    },
    Code {
        code: update::GLOBAL_TABLE_REPLICAS,
        severity: Severity::Warning,
        meaning: "a global table gains or loses several replicas, so deploy runs one stack update per replica",
    },
    Code {
        code: update::INSTANCE_RESTART,
        severity: Severity::Warning,
        meaning: "an EC2 instance's type, user data or EBS optimization changes, so it is stopped and started",
    },
    Code {
        code: update::PROTECTED_REMOVAL,
        severity: Severity::Refuse,
        meaning: "a deletion-protected database or table is removed or replaced, so it would be left outside the stack",
    },
    Code {
        code: update::REPLICA_SNAPSHOT,
        severity: Severity::Warning,
        meaning: "an RDS read replica has a Snapshot deletion or replace policy, which RDS ignores for replicas",
    },
    Code {
        code: update::ROLLING_MIN_IN_SERVICE,
        severity: Severity::Refuse,
        meaning: "a rolling update's MinInstancesInService is not below the Auto Scaling group's MaxSize",
    },
    Code {
        code: update::ROUTING_CONFLICT,
        severity: Severity::Refuse,
        meaning: "a routed Route 53 record would meet a simple record of the same name and type",
    },
    Code {
        code: update::RULE_REWRITE,
        severity: Severity::Warning,
        meaning: "a security group rule changes only its description, so CloudFormation revokes and re-adds it",
    },
    Code {
        code: update::STATEFUL_TYPE_CHANGE,
        severity: Severity::Refuse,
        meaning: "a stateful resource changes type, which deletes it and its data and creates an empty one",
    },
    Code {
        code: update::STORAGE_SHRINK,
        severity: Severity::Refuse,
        meaning: "RDS allocated storage goes down, or grows by less than the 10% RDS requires",
    },
    Code {
        code: update::TRAFFIC_OWNED,
        severity: Severity::Refuse,
        meaning: "an update rewrites a listener rule whose weights a traffic-shifting ECS service owns",
    },
    Code {
        code: validate::BOOTSTRAP,
        severity: Severity::Error,
        meaning: "the web bootstrap script is over 12 KiB or has a `SCALECTL_BOOTSTRAP_END` line",
    },
    Code {
        code: validate::CACHE_NODE_TYPE,
        severity: Severity::Error,
        meaning: "the cache node type's size does not exist in its family",
    },
    Code {
        code: validate::CACHE_NODES,
        severity: Severity::Error,
        meaning: "cache shards times (1 primary + replicas) is more nodes than ElastiCache allows in a cluster",
    },
    Code {
        code: validate::CACHE_REPLICAS,
        severity: Severity::Error,
        meaning: "a cache shard has more than the 5 replicas ElastiCache allows",
    },
    Code {
        code: validate::CAPACITY,
        severity: Severity::Warning,
        meaning: "by scalectl's estimate, a tier cannot hold the load stated in `capacity.users`",
    },
    Code {
        code: validate::CERTIFICATE,
        severity: Severity::Error,
        meaning: "the load balancer's certificate ARN is malformed, in another region, or used across several regions",
    },
    Code {
        code: validate::CIDR,
        severity: Severity::ErrorOrWarning,
        meaning: "a VPC or subnet CIDR is malformed or outside /16 to /28 (a warning when the VPC is not private)",
    },
    Code {
        code: validate::CLOUDFORMATION_LIMIT,
        severity: Severity::Error,
        meaning: "a stack passes a CloudFormation limit (resources, parameters, outputs, size, name or logical ID)",
    },
    Code {
        code: validate::CLOUDFRONT_LOGS,
        severity: Severity::Warning,
        meaning: "CloudFront cannot deliver logs to buckets in the stage's first region, so the CDN keeps none",
    },
    Code {
        code: validate::DATA_TIERING,
        severity: Severity::Error,
        meaning: "the cache node type needs data tiering, which scalectl does not enable",
    },
    Code {
        code: validate::DB_STORAGE,
        severity: Severity::Error,
        meaning: "database storage or its autoscaling ceiling is outside what RDS allows for the engine",
    },
    Code {
        code: validate::DUPLICATE_NAME,
        severity: Severity::Error,
        meaning: "an entry (service, table, queue, topic, worker, region, Spot type, WAF rule group, shard home) appears twice",
    },
    Code {
        code: validate::DUPLICATE_ZONE,
        severity: Severity::Error,
        meaning: "an availability zone is listed twice",
    },
    Code {
        code: validate::ENGINE_VERSION,
        severity: Severity::ErrorOrWarning,
        meaning: "the database or cache engine version is not offered by AWS, or (warning) not in the catalog",
    },
    Code {
        code: validate::HANDLER,
        severity: Severity::Error,
        meaning: "a worker's handler is not in the form its Lambda runtime calls",
    },
    Code {
        code: validate::IMAGE,
        severity: Severity::Error,
        meaning: "the web image is neither an AMI ID nor a Systems Manager parameter path",
    },
    Code {
        code: validate::INVALID_COMBINATION,
        severity: Severity::ErrorOrWarning,
        meaning: "settings conflict or need another setting (e.g. a fleet without a load balancer)",
    },
    Code {
        code: validate::LIVE_FALLBACK,
        severity: Severity::Warning,
        meaning: "live AWS facts could not be read for a region, so built-in catalog values were used",
    },
    Code {
        code: validate::MIN_DESIRED_MAX,
        severity: Severity::ErrorOrWarning,
        meaning: "min, desired and max are not in order (a warning when desired differs from min under scaling)",
    },
    Code {
        code: validate::MIXED_ARCHITECTURE,
        severity: Severity::Error,
        meaning: "the web tier's instance types mix CPU architectures, which one AMI cannot serve",
    },
    Code {
        code: validate::MULTI_AZ_CACHE,
        severity: Severity::Error,
        meaning: "a Multi-AZ cache has no replicas, or its node type does not support Multi-AZ failover",
    },
    Code {
        code: validate::NAME,
        severity: Severity::Error,
        meaning: "a name or address (stage, service, queue, table, DNS, e-mail, tag key) is not in a form AWS accepts",
    },
    Code {
        code: validate::NO_EGRESS,
        severity: Severity::Error,
        meaning: "the private subnets have no NAT gateway, but the web fleet or container tasks need a way out",
    },
    Code {
        code: validate::NO_OFFERING_DATA,
        severity: Severity::Warning,
        meaning: "the built-in catalog has no instance type offerings for the region, so they are not checked",
    },
    Code {
        code: validate::NOT_ENOUGH_ZONES,
        severity: Severity::Error,
        meaning: "the region has fewer availability zones than the stage asks for",
    },
    Code {
        code: validate::NOT_OFFERED,
        severity: Severity::Error,
        meaning: "a web instance type is not offered in an availability zone the stage uses",
    },
    Code {
        code: validate::OPT_IN_REGION,
        severity: Severity::Warning,
        meaning: "the region is opt-in and must be enabled for the account before anything deploys there",
    },
    Code {
        code: validate::OUT_OF_RANGE,
        severity: Severity::Error,
        meaning: "a value is outside what AWS or scalectl accepts for its field (a range, path, runtime or class)",
    },
    Code {
        code: validate::PLAIN_HTTP,
        severity: Severity::Warning,
        meaning: "the stage has no DNS zone, so no certificate can be validated and it serves plain HTTP",
    },
    Code {
        code: validate::PLAINTEXT_SECRET,
        severity: Severity::Error,
        meaning: "a setting whose name marks it as a secret has its value written in plain text",
    },
    Code {
        code: validate::POLICY_SIZE,
        severity: Severity::Error,
        meaning: "a role's inline policies are estimated to pass IAM's 10,240-character limit",
    },
    Code {
        code: validate::QUOTA,
        severity: Severity::ErrorOrWarning,
        meaning: "the stage needs more than an account quota allows (a warning against AWS's default value)",
    },
    Code {
        code: validate::READ_REPLICAS,
        severity: Severity::Error,
        meaning: "a database shard has more than the 15 read replicas RDS allows",
    },
    Code {
        code: validate::RESERVED_TAG,
        severity: Severity::Error,
        meaning: "a tag key or value starts with a prefix AWS (or RDS) reserves",
    },
    Code {
        code: validate::SCHEMA,
        severity: Severity::Error,
        meaning: "a value in the synthesized templates breaks AWS's resource schema (enum, pattern, length, range)",
    },
    Code {
        code: validate::SETTING,
        severity: Severity::Error,
        meaning: "an app setting has a bad name, a multi-line value, or a bad secret or parameter reference",
    },
    Code {
        code: validate::SINGLE_ZONE,
        severity: Severity::Error,
        meaning: "the stage uses one availability zone but has a load balancer, database or Multi-AZ cache",
    },
    Code {
        code: validate::SUBNET_COUNT,
        severity: Severity::Error,
        meaning: "a tier lists a different number of subnets than the stage has availability zones",
    },
    Code {
        code: validate::SUBNET_OUTSIDE_VPC,
        severity: Severity::Error,
        meaning: "a listed subnet is not inside the VPC's range",
    },
    Code {
        code: validate::SUBNET_OVERLAP,
        severity: Severity::Error,
        meaning: "regions' VPCs overlap, or a subnet overlaps another listed or carved subnet",
    },
    Code {
        code: validate::SUBNET_ROOM,
        severity: Severity::Error,
        meaning: "the VPC or subnets are too small to carve, host a load balancer, or fit the fleet at full scale",
    },
    Code {
        code: validate::TABLE_KEY,
        severity: Severity::Error,
        meaning: "a DynamoDB table uses the same attribute as its partition key and its sort key",
    },
    Code {
        code: validate::UNKNOWN_CACHE_NODE,
        severity: Severity::ErrorOrWarning,
        meaning: "the cache node type is not in the catalog (an error when it cannot be a node type)",
    },
    Code {
        code: validate::UNKNOWN_DB_CLASS,
        severity: Severity::ErrorOrWarning,
        meaning: "the RDS instance class is not in the catalog (an error when it cannot be a class)",
    },
    Code {
        code: validate::UNKNOWN_INSTANCE_TYPE,
        severity: Severity::ErrorOrWarning,
        meaning: "the EC2 instance type is not in the catalog (an error when it cannot be an instance type)",
    },
    Code {
        code: validate::UNKNOWN_QUOTA,
        severity: Severity::Warning,
        meaning: "`quotas:` declares a quota code scalectl does not check, so its value is unused",
    },
    Code {
        code: validate::UNKNOWN_REFERENCE,
        severity: Severity::Error,
        meaning: "a topic subscriber, worker queue or shard number names something undefined, or a shard has no home region",
    },
    Code {
        code: validate::UNKNOWN_REGION,
        severity: Severity::Error,
        meaning: "the region is not a commercial AWS region (or, when live, not enabled for the account)",
    },
    Code {
        code: validate::UNKNOWN_ZONE,
        severity: Severity::Error,
        meaning: "a listed availability zone is not a zone of the region",
    },
    Code {
        code: validate::UNUSED_SUBNETS,
        severity: Severity::Warning,
        meaning: "subnets are listed for a tier nothing in the stage uses",
    },
    Code {
        code: validate::VISIBILITY_TIMEOUT,
        severity: Severity::Error,
        meaning: "a queue's visibility timeout is shorter than the timeout of the worker consuming it",
    },
    Code {
        code: validate::ZONE_COUNT,
        severity: Severity::Error,
        meaning: "the stage asks for 0 availability zones or gives an empty zone list",
    },
    Code {
        code: validate::ZONE_NAMES_MULTI_REGION,
        severity: Severity::Error,
        meaning: "availability zones are given by name in a stage that spans several regions",
    },
    Code {
        code: validate::ZONE_UNAVAILABLE,
        severity: Severity::Error,
        meaning: "a zone the stage would use in the region is not available to the account",
    },
];
