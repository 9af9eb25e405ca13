"""moto server with the gaps below filled, for scalectl's tests; runs moto's own server with the
same arguments.

moto (pinned in requirements-test.txt) lacks or gets wrong these things AWS documents and
scalectl relies on:
- the CloudFormation attribute `MasterUserSecret.SecretArn` of AWS::RDS::DBInstance, which the
  stages read to give the web tier access to the RDS-managed database secret: added (the ARN of
  the secret moto creates for ManageMasterUserPassword, else an ARN of the documented shape);
- stack outputs after a change set is executed (moto keeps those of the stack's first
  template): rebuilt from the executed template, as DescribeStacks returns them on AWS, less
  those that read resources moto does not create;
- stack parameters after a change set is executed: moto keeps the stack's earlier ones, so
  that a change set of the same template and parameters (one parameter added by the update,
  say) does not end FAILED "didn't contain changes" as on AWS: set to the change set's;
- deleting a stack: moto leaves instances' network interfaces, internet gateway attachments
  and route tables of stack resources behind, so the stack's VPC cannot be deleted and the
  stack ends DELETE_FAILED where AWS deletes it. A delete that fails only on such a
  dependency completes, leaving the VPC in the emulator;
- deleting a stack: AWS deletes a resource before those it references; moto tries them in any
  order, and a read replica deleted after its source fails the delete: the shim deletes
  dependents first;
- `${Db.Endpoint.Address}` in Fn::Sub: AWS reads the attribute after the logical id
  (Endpoint.Address); moto keeps only Endpoint and fails the stack: the shim passes the whole
  attribute;
- AWS::SSM::Parameter's Tags: AWS takes a map of key to value; moto hands the map to
  PutParameter, which wants a list of Key/Value pairs, and fails: the shim passes the list;
- AWS::RDS::DBInstance without Port: AWS uses the engine's default (5432 for PostgreSQL), a
  read replica its source's port; moto uses 3306: the shim passes AWS's default;
- Fn::GetAtt CanonicalHostedZoneID of AWS::ElasticLoadBalancingV2::LoadBalancer: AWS returns
  the load balancer's hosted zone ID; moto leaves the Fn::GetAtt unresolved as the value: the
  shim returns the zone moto's DescribeLoadBalancers reports;
- AWS::ServiceDiscovery::PrivateDnsNamespace and ::Service, which moto skips so that any
  Fn::GetAtt on them fails the stack: created in moto's Cloud Map backend, Ref the Id, with the
  documented attributes (Id, Arn, HostedZoneId; Id, Arn, Name);
- AWS::ElastiCache::ReplicationGroup, which moto skips so that any Fn::GetAtt on it fails the
  stack: created in moto's ElastiCache backend, Ref the ID, with the documented
  PrimaryEndPoint.Address/Port and ReaderEndPoint.Address/Port
  (ConfigurationEndPoint.Address/Port instead when cluster mode is on);
- CreateChangeSet of an UPDATE with parameters and nothing changed: AWS creates the change set
  and it ends FAILED ("The submitted information didn't contain changes"); moto rejects the
  call with UpdateStack's "No updates are to be performed.": the shim lets the call through,
  and moto's backend then marks the change set FAILED as AWS does;
- updating a changed resource of a type moto has no CloudFormation update for (RDS DB instances,
  EC2 instances, load balancers, DynamoDB tables, ...): AWS updates it in place (same physical
  ID) unless a create-only property of its resource schema changed, and then replaces it (new
  one first, old deleted after; refused while a custom name stays the same); moto drops it from
  the stack, which keeps running unreferenced, so a later Ref or Fn::GetAtt on it fails (and an
  RDS read replica of it gets no source): the shim keeps it, with a DB instance's changes
  applied as ModifyDBInstance, or replaces it as AWS does (the create-only properties read from
  cfn-lint's copy of the AWS resource schemas);
- updating an AWS::EC2::SecurityGroup or AWS::AutoScaling::AutoScalingGroup: AWS changes
  ingress rules, sizes, subnets or launch template in place (same group ID, same group name);
  moto deletes the group and creates a new one on any change, and resources that hold the old
  ID (a launch template made earlier in the same update) then fail: the shim revokes and
  authorizes the changed inline ingress rules and calls UpdateAutoScalingGroup, leaving the
  replacement to moto only where AWS replaces (a create-only property, or an Auto Scaling
  group's AutoScalingReplacingUpdate with WillReplace);
- ModifyDBInstance through a stack update: RDS refuses less allocated storage, or more by under
  10%, an engine version downgrade, and a major version upgrade without
  AllowMajorVersionUpgrade; moto's modify applies them all: the shim refuses them as RDS does
  (the update fails) rather than be more lenient than AWS;
- AWS::DynamoDB::GlobalTable (2019.11.21 global tables), which moto skips so that any Ref or
  Fn::GetAtt on it fails the stack, and moto's DynamoDB has no replicas: AWS makes a table of
  the same name in every region of Replicas, which must include the stack's region; Ref is the
  name, Fn::GetAtt Arn, StreamArn and TableId those of the stack region's replica; an update
  adds or removes replicas in place, but only one per update, never the stack region's, never
  a deletion-protected one, and a stack with more than one replica needs StreamSpecification;
  a deletion-protected replica fails the stack's delete. The shim creates the table in each
  replica region's DynamoDB backend (TableId made up: moto has none) and applies updates to
  them, leaving the table in the stack's region (and its items) as it is; a create or update
  AWS refuses on the replicas ends ROLLBACK_COMPLETE or UPDATE_ROLLBACK_COMPLETE, checked
  before anything changes, where moto would fail the API call (items are not replicated
  between regions);
- updating an AWS::Lambda::Function whose Code is an inline ZipFile: CloudFormation takes the
  source text and zips it, on update as on create; moto zips it on create but base64-decodes
  it on update, and the update fails with an internal error: the shim zips the text first;
- creating a stack's resources: AWS creates a resource after those it references or names in
  DependsOn; a change set (CREATE or UPDATE) of moto creates the new ones in template order,
  and moto's CreateStack orders them by DependsOn only, while a reference creates the
  referenced resource on the spot, before what that one names in DependsOn (a load balancer
  before the bucket policy its access logs need), and an update creates its new resources
  before it updates the changed ones they need: the shim creates them in dependency order,
  each after the update of the changed resources it needs;
- AWS::KMS::Key's KeyPolicy as a JSON object (as templates have it): KMS keeps the text; moto
  keeps the object and GetKeyPolicy, DescribeKey and every use of the key then fail: the shim
  passes the text. An update of the key (EnableKeyRotation, KeyPolicy, Description, Enabled)
  is applied in place, where moto kept the key unchanged (PendingWindowInDays, which only
  matters on delete, is not: moto deletes a key at once);
- AWS::Logs::LogGroup's KmsKeyId, which moto drops: set on the group; an update of it or of
  RetentionInDays is applied in place, where moto kept the group unchanged;
- updating an AWS::SNS::Topic's KmsMasterKeyId (or DisplayName, SignatureVersion,
  TracingConfig, ContentBasedDeduplication): AWS sets the attribute, same topic; moto deletes
  the topic and makes a new one (new ARN): the shim sets the attribute (a new TopicName or
  FifoTopic still replaces it);
- AWS::EC2::FlowLog to S3 with a folder in LogDestination (arn:aws:s3:::bucket/prefix/): moto
  looks for a bucket named "bucket/prefix/" and the stack fails with an internal error: the
  shim looks up the bucket (in CreateFlowLogs too), and a flow log EC2 refuses fails the
  resource with EC2's reason;
- AWS::S3::Bucket's LoggingConfiguration, OwnershipControls, LifecycleConfiguration,
  PublicAccessBlockConfiguration and VersioningConfiguration, which moto drops on create and
  update (it sets BucketEncryption and Tags only): put on the bucket, or deleted when an update
  drops them, same bucket (moto's update of Tags also failed on a bucket without BucketName);
  S3's own checks apply (a logging target bucket must grant the
  logging service s3:PutObject under the prefix), moto's check of that fixed to read a
  Principal "*" statement (an internal error) and Resource patterns (it wanted one exact
  string);
- AWS::ElasticLoadBalancingV2::LoadBalancer's LoadBalancerAttributes, which moto drops:
  set with ModifyLoadBalancerAttributes on create and update (dropped ones go back to their
  defaults); access logs need an existing bucket whose policy lets Elastic Load Balancing put
  objects, as AWS checks;
- AWS::RDS::DBInstance's EnableIAMDatabaseAuthentication, EnablePerformanceInsights,
  PerformanceInsightsRetentionPeriod, PerformanceInsightsKMSKeyId, MonitoringInterval,
  MonitoringRoleArn and EnableCloudwatchLogsExports, which moto drops on create and update:
  set on the instance (same instance on update), refused where RDS refuses them (a monitoring
  interval outside 0/1/5/10/15/30/60 or without a role, a role without an interval, a
  retention period other than 7, 731 or a multiple of 31, log types the engine has not);
- AWS::IAM::Role's ManagedPolicyArns, which moto drops: attached on create and update (AWS
  managed policies taken from moto's copy of them when moto has not loaded them), detached
  before the role is deleted as CloudFormation does (moto's DeleteRole fails on them);
- AWS::S3::BucketPolicy, which moto skips: PutBucketPolicy, Ref the bucket name, the document
  updated in place;
- AWS::WAFv2::WebACL and ::WebACLAssociation, which moto skips (a Fn::GetAtt on the web ACL
  fails the stack): created in moto's WAFv2 backend (the global one for CLOUDFRONT scope); Ref
  name|id|scope, Fn::GetAtt Arn, Id, LabelNamespace, Capacity; rules, default action and
  visibility updated in place. A Scope other than REGIONAL or CLOUDFRONT, or CLOUDFRONT outside
  us-east-1, rolls the stack back, checked before anything changes; an association needs a
  regional web ACL of the stack's region and an existing load balancer;
- AWS::CertificateManager::Certificate, which moto skips (Ref is then empty): requested in
  moto's ACM, Ref the ARN. It stays PENDING_VALIDATION for moto's validation wait, where AWS
  holds the stack until the certificate is issued;
- AWS::CloudFront::Distribution, which moto skips: created in moto's CloudFront backend from
  the template's DistributionConfig (lists turned into the API's Quantity/Items), Ref the Id,
  Fn::GetAtt DomainName and Id, updated in place (UpdateDistribution). Refused as CloudFront
  refuses it: an ACM certificate not in us-east-1 or not in ACM, Aliases without a certificate
  of one's own, a WebACLId that is not an existing CLOUDFRONT-scope web ACL, a logging bucket
  not named <bucket>.s3.amazonaws.com; a certificate outside us-east-1 given as a literal, a
  parameter or the stack's own certificate rolls the stack back before anything changes;
  AWS::CloudFront::OriginAccessControl, which moto skips (a Fn::GetAtt Id on it, as a
  distribution's origin has, fails the stack): created in moto's CloudFront backend, Ref and
  Fn::GetAtt Id its ID, a second one of the same name refused as CloudFront does.
"""

import copy
import inspect
import json
import re
import sys

from moto.acm.models import acm_backends
from moto.autoscaling.models import autoscaling_backends
from moto.awslambda.models import LambdaFunction
from moto.cloudformation import parsing
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException, ValidationError
from moto.cloudformation.models import CloudFormationBackend, Event, Stack
from moto.cloudformation.parsing import OutputMap, ResourceMap
from moto.cloudformation.responses import CloudFormationResponse
from moto.cloudfront.models import cloudfront_backends
from moto.core.common_models import CloudFormationModel
from moto.core.utils import camelcase_to_underscores
from moto.dynamodb.exceptions import DeletionProtectedException
from moto.dynamodb.models import dynamodb_backends
from moto.ec2.models import ec2_backends
from moto.ec2.models.flow_logs import FlowLogs, FlowLogsBackend
from moto.elasticache.models import elasticache_backends
from moto.elbv2.models import FakeLoadBalancer, elbv2_backends
from moto.iam.models import Role, iam_backends
from moto.kms.models import Key, kms_backends
from moto.logs.models import LogGroup
from moto.moto_api._internal import mock_random
from moto.rds.exceptions import InvalidParameterCombination
from moto.rds.models import DBInstance, rds_backends
from moto.route53.models import route53_backends
from moto.s3.exceptions import MissingBucket
from moto.s3.models import FakeBucket, s3_backends
from moto.servicediscovery.models import servicediscovery_backends
from moto.sns.models import sns_backends
from moto.ssm.models import Parameter
from moto.utilities.utils import get_partition
from moto.wafv2.models import GLOBAL_REGION, wafv2_backends
from moto.server import main

ATTRIBUTE = "MasterUserSecret.SecretArn"
_has_cfn_attr = DBInstance.has_cfn_attr.__func__
_get_cfn_attribute = DBInstance.get_cfn_attribute


def has_cfn_attr(cls, attr):
    return attr == ATTRIBUTE or _has_cfn_attr(cls, attr)


def get_cfn_attribute(self, attribute_name):
    if attribute_name != ATTRIBUTE:
        return _get_cfn_attribute(self, attribute_name)
    secret = getattr(self, "master_user_secret", None)
    if secret is not None:
        return secret.secret_arn
    return (
        f"arn:aws:secretsmanager:{self.region}:{self.account_id}:secret:"
        f"rds!db-{self.db_instance_identifier}-AbCdEf"
    )


DBInstance.has_cfn_attr = classmethod(has_cfn_attr)
DBInstance.get_cfn_attribute = get_cfn_attribute

_create_db_instance = DBInstance.create_from_cloudformation_json.__func__


def create_db_instance(
    cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
):
    """moto gives a DB instance without Port the port 3306 whatever its engine: AWS uses the
    engine's default port (5432 for PostgreSQL), and a read replica its source's."""
    props = cloudformation_json["Properties"]
    if "Port" not in props:
        source = props.get("SourceDBInstanceIdentifier")
        if source:
            port = rds_backends[account_id][region_name].find_db_from_id(source).port
        else:
            try:
                port = DBInstance.default_port(props.get("Engine"))
            except KeyError:
                port = None
        if port:
            cloudformation_json = {**cloudformation_json, "Properties": {**props, "Port": port}}
    return _create_db_instance(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    )


DBInstance.create_from_cloudformation_json = classmethod(create_db_instance)

_create_parameter = Parameter.create_from_cloudformation_json.__func__


def create_parameter(
    cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
):
    """AWS::SSM::Parameter's Tags are a map of key to value; moto hands them to PutParameter,
    which takes a list of Key/Value pairs, and fails on the map."""
    props = cloudformation_json["Properties"]
    if isinstance(props.get("Tags"), dict):
        tags = [{"Key": key, "Value": value} for key, value in props["Tags"].items()]
        cloudformation_json = {**cloudformation_json, "Properties": {**props, "Tags": tags}}
    return _create_parameter(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    )


Parameter.create_from_cloudformation_json = classmethod(create_parameter)

_clean_json = parsing.clean_json


def clean_json(resource_json, resources_map):
    """Fn::Sub turns ${Db.Endpoint.Address} into Fn::GetAtt [Db, Endpoint, Address], of which
    moto reads the first two: the attribute is everything after the logical id."""
    if isinstance(resource_json, dict):
        get_att = resource_json.get("Fn::GetAtt")
        if isinstance(get_att, list) and len(get_att) > 2:
            resource_json = {**resource_json, "Fn::GetAtt": [get_att[0], ".".join(get_att[1:])]}
    return _clean_json(resource_json, resources_map)


parsing.clean_json = clean_json  # moto's own recursive calls go through the module global

_execute_change_set = CloudFormationBackend.execute_change_set


def execute_change_set(self, change_set_name, stack_name=None):
    try:
        _execute_change_set(self, change_set_name, stack_name)
        refused = None
    except _Refused as error:
        refused = error
    change_set = self.change_sets.get(change_set_name) or next(
        (c for c in self.change_sets.values() if c.change_set_name == change_set_name), None
    )
    if refused is not None:
        change_set.execution_status = "EXECUTE_FAILED"
        _roll_back(self.stacks[change_set.stack_id], refused, change_set.change_set_type)
    elif change_set is not None:
        stack = self.stacks[change_set.stack_id]
        # the stack now runs with the change set's parameters (moto keeps those it had)
        stack.parameters = change_set.parameters
        stack._parse_template()
        stack.output_map = _resolvable_outputs(stack._create_output_map())


def _resolvable_outputs(output_map):
    """Drop outputs that read resources moto skips (and the shim does not fill), which would
    otherwise fail every DescribeStacks."""
    outputs = dict(output_map._output_json_map or {})
    output_map._output_json_map = outputs
    for key in list(outputs):
        try:
            output_map[key]
        except Exception:
            del outputs[key]
    return output_map


CloudFormationBackend.execute_change_set = execute_change_set

_validate_different_update = CloudFormationResponse._validate_different_update


def validate_different_update(self, incoming_params, stack_body, old_stack):
    if self._get_action() == "CreateChangeSet":
        return
    return _validate_different_update(self, incoming_params, stack_body, old_stack)


CloudFormationResponse._validate_different_update = validate_different_update

_build_resource_diff = ResourceMap.build_resource_diff


def _dependency_order(names, resources):
    """`names` with every resource after those it references or names in DependsOn, as AWS
    creates them. moto creates a referenced resource when it first meets the reference, so that
    what that resource itself waits for in DependsOn can come too late."""
    names, ordered = list(names), []

    def visit(name, seen=()):
        if name in ordered or name in seen:
            return
        for dependency in sorted(_references(resources.get(name) or {}, resources) - {name}):
            if dependency in names:
                visit(dependency, (*seen, name))
        ordered.append(name)

    for name in names:
        visit(name)
    return ordered


class _AddInOrder(list):
    """The resources an update adds, in dependency order; iterating them (moto's update does,
    to create them) first applies the update of each changed resource a new one needs."""

    def __init__(self, names, resource_map, resources, modify):
        order = _dependency_order([*names, *modify], resources)
        needed = set()
        for name in reversed(order):
            if name in names or name in needed:
                needed |= _references(resources.get(name) or {}, resources) - {name}
        super().__init__(name for name in order if name in names)
        self.sequence = [name for name in order if name in names or name in needed]
        self.resource_map, self.modify = resource_map, modify

    def __iter__(self):
        for name in self.sequence:
            if name in self.modify:
                resource_map = self.resource_map
                resource_map._parsed_resources[name] = parsing.parse_and_update_resource(
                    name, resource_map._resource_json_map[name], resource_map,
                    account_id=resource_map._account_id, region_name=resource_map._region_name,
                )
                self.modify.remove(name)
            elif list.__contains__(self, name):
                yield name


def build_resource_diff(self, other_template, parameters=None):
    """An update creates its new resources in template order and before it updates the
    changed ones, where AWS creates a resource after those it references or names in
    DependsOn, changed ones included (a load balancer after the update of the bucket policy its
    access logs need): the new resources come in dependency order, each after the update of
    the changed resources it needs."""
    diff = _build_resource_diff(self, other_template, parameters)
    resources = other_template.get("Resources") or {}
    if getattr(self, "_shim_updating", False):  # the update itself, not a change set's review
        diff["Add"] = _AddInOrder(diff["Add"], self, resources, diff["Modify"])
    else:
        diff["Add"] = _dependency_order(diff["Add"], resources)
    return diff


def resources_in_dependency_order(self):
    """CreateStack: every resource after those it references or names in DependsOn (moto
    orders by DependsOn only)."""
    return _dependency_order(self._resource_json_map, self._resource_json_map)


ResourceMap.build_resource_diff = build_resource_diff
ResourceMap._ResourceMap__get_resources_in_dependency_order = resources_in_dependency_order

_update_resource_map = ResourceMap.update
_parse_and_update_resource = parsing.parse_and_update_resource


def update_resource_map(self, template, parameters=None):
    # what each resource was before the update (resolved against the stack as it still is, for
    # the types whose update the shim applies)
    self._shim_previous = {}
    for name, body in self._resource_json_map.items():
        resolved = None
        if body.get("Type") in _IN_PLACE:
            try:
                resolved = parsing.clean_json(copy.deepcopy(body.get("Properties") or {}), self)
            except Exception:
                pass
        self._shim_previous[name] = (body, resolved)
    _check_global_tables(self, template.get("Resources") or {})
    _check_security(self, template.get("Resources") or {}, parameters)
    self._shim_updating = True
    try:
        return _update_resource_map(self, template, parameters)
    finally:
        self._shim_updating = False


def parse_and_update_resource(logical_id, resource_json, resources_map, account_id, region_name):
    """Update a changed resource as AWS does: in place unless a create-only property of its
    registry schema changed (or an Auto Scaling group's AutoScalingReplacingUpdate applies),
    else replaced: the new one created, the old deleted, refused when a custom name stays."""
    resource_class = parsing.resource_class_from_type(resource_json["Type"])
    original = resources_map._parsed_resources.get(logical_id)
    previous, old_resolved = getattr(resources_map, "_shim_previous", {}).get(
        logical_id, (None, None)
    )
    no_update = resource_class is not None and hasattr(
        resource_class.update_from_cloudformation_json, "__isabstractmethod__"
    )
    if (
        not (no_update or resource_json["Type"] in _IN_PLACE)
        or original is None
        or isinstance(original, str)
        or previous is None
        or previous.get("Type") != resource_json["Type"]
    ):
        return _parse_and_update_resource(
            logical_id, resource_json, resources_map, account_id, region_name
        )
    old_props = previous.get("Properties") or {}
    new_props = resource_json.get("Properties") or {}
    if _replaces(resource_json["Type"], previous, resource_json):
        if not no_update:
            return _parse_and_update_resource(
                logical_id, resource_json, resources_map, account_id, region_name
            )
        name = resource_class.cloudformation_name_type()
        if name and name in new_props and old_props.get(name) == new_props[name]:
            raise ValidationError(
                message=f"CloudFormation cannot update a stack when a custom-named resource "
                f"requires replacing. Rename {new_props[name]} and update the stack again."
            )
        replacement = parsing.parse_and_create_resource(
            logical_id, resource_json, resources_map, account_id, region_name
        )
        resources_map._delete_resource(original, previous)
        return replacement
    _, resolved, _ = parsing.parse_resource(resource_json, resources_map)
    apply = _IN_PLACE.get(resource_json["Type"])
    if apply is not None:
        changed = {
            key: value
            for key, value in resolved["Properties"].items()
            if old_props.get(key) != new_props.get(key)
        }
        new = resolved["Properties"]
        apply(original, changed, old_resolved or {}, new, account_id, region_name)
    return original


def _replaces(resource_type, old, new):
    """Whether AWS replaces the resource: a create-only property of its resource provider
    schema (cfn-lint's copy) changed; the conditionally create-only ones replace only an Auto
    Scaling group whose UpdatePolicy says AutoScalingReplacingUpdate WillReplace."""
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    try:
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource_type).schema
    except Exception:
        return False
    paths = list(schema.get("createOnlyProperties", []))
    policy = (new.get("UpdatePolicy") or {}).get("AutoScalingReplacingUpdate") or {}
    if resource_type == "AWS::AutoScaling::AutoScalingGroup" and policy.get("WillReplace"):
        paths += schema.get("conditionalCreateOnlyProperties", [])
    if resource_type == GLOBAL_TABLE:
        # its key schema and local indexes, which DynamoDB cannot change in a table
        paths += schema.get("conditionalCreateOnlyProperties", [])
    return any(
        _at(old.get("Properties") or {}, path) != _at(new.get("Properties") or {}, path)
        for path in paths
    )


def _at(props, path):
    for key in path.split("/")[2:]:
        if not isinstance(props, dict):
            return None
        props = props.get(key)
    return props


def _version_key(version):
    return [int(part) if part.isdigit() else 0 for part in str(version).split(".")]


def _major(engine, version):
    parts = str(version).split(".")
    return parts[:1] if "postgres" in str(engine) else parts[:2]


def _modify_db_instance(database, changed, old, new, account_id, region_name):
    """ModifyDBInstance with the changed properties, applied at once (CloudFormation does),
    refused where RDS refuses it: less storage, or more by under 10%; an engine version
    downgrade; a major version upgrade without AllowMajorVersionUpgrade."""
    if "AllocatedStorage" in changed:
        before, after = float(database.allocated_storage), float(changed["AllocatedStorage"])
        if after < before or (before < after and after * 10 < before * 11):
            raise InvalidParameterCombination(
                f"Invalid storage size: the allocated storage must grow by at least 10% "
                f"({before:g} GiB now), and cannot shrink"
            )
    if "EngineVersion" in changed:
        before, after = database.engine_version, changed["EngineVersion"]
        if _version_key(after) < _version_key(before):
            raise InvalidParameterCombination(
                f"Cannot upgrade {database.engine} from {before} to {after}"
            )
        if _major(database.engine, before) != _major(database.engine, after) and str(
            new.get("AllowMajorVersionUpgrade", "false")
        ).lower() != "true":
            raise InvalidParameterCombination(
                "The AllowMajorVersionUpgrade flag must be present when upgrading to a new "
                "major version."
            )
    names = {
        "AllocatedStorage": "allocated_storage",
        "BackupRetentionPeriod": "backup_retention_period",
        "DBInstanceClass": "db_instance_class",
        "DeletionProtection": "deletion_protection",
        "EngineVersion": "engine_version",
        "Iops": "iops",
        "MultiAZ": "multi_az",
        "StorageType": "storage_type",
    }
    kwargs = {names[key]: value for key, value in changed.items() if key in names}
    settings = [key for key in _DB_SETTINGS if old.get(key) != new.get(key)]
    if settings:
        # IAM authentication, Performance Insights, monitoring, log exports: checked as on
        # create; those the template drops go back to RDS's defaults
        values = _db_settings(new, database.engine)
        defaults = {"enabled_cloudwatch_logs_exports": [], "monitoring_interval": 0}
        for key in settings:
            attribute = _DB_SETTINGS[key][0]
            setattr(database, attribute, values.get(attribute, defaults.get(attribute)))
        if not values.get("performance_insights_enabled"):
            database.performance_insights_retention_period = None
    if "Tags" in changed:
        kwargs["tags"] = changed["Tags"] or []
    if kwargs:
        rds_backends[account_id][region_name].modify_db_instance(
            database.db_instance_identifier, kwargs
        )


def _update_security_group(group, changed, old, new, account_id, region_name):
    """Revoke the inline ingress rules the template dropped, authorize those it added."""
    if "SecurityGroupIngress" not in changed:
        return
    backend = ec2_backends[account_id][region_name]

    def rule_args(rule):
        source = {
            key: rule[prop]
            for key, prop in (("GroupId", "SourceSecurityGroupId"),
                              ("GroupName", "SourceSecurityGroupName"))
            if rule.get(prop)
        }
        return dict(
            group_name_or_id=group.id,
            ip_protocol=rule["IpProtocol"],
            from_port=rule["FromPort"],
            to_port=rule["ToPort"],
            ip_ranges=[{key: rule[key]} for key in ("CidrIp", "CidrIpv6") if rule.get(key)],
            source_groups=[source] if source else [],
            vpc_id=group.vpc_id,
        )

    before = old.get("SecurityGroupIngress") or []
    after = new.get("SecurityGroupIngress") or []
    for rule in before:
        if rule not in after:
            backend.revoke_security_group_ingress(**rule_args(rule))
    for rule in after:
        if rule not in before:
            backend.authorize_security_group_ingress(**rule_args(rule))


def _update_auto_scaling_group(group, changed, old, new, account_id, region_name):
    """UpdateAutoScalingGroup with the group's new sizes, subnets and launch template; without
    DesiredCapacity the group keeps its capacity, moved into the new MinSize..MaxSize."""

    def number(key):
        return int(new[key]) if new.get(key) is not None else None

    autoscaling_backends[account_id][region_name].update_auto_scaling_group(
        name=group.name,
        availability_zones=new.get("AvailabilityZones") or [],
        desired_capacity=number("DesiredCapacity"),
        max_size=number("MaxSize"),
        min_size=number("MinSize"),
        launch_config_name=new.get("LaunchConfigurationName"),
        launch_template=new.get("LaunchTemplate") or {},
        vpc_zone_identifier=",".join(new.get("VPCZoneIdentifier") or []) or None,
        health_check_period=number("HealthCheckGracePeriod"),
        health_check_type=new.get("HealthCheckType"),
        new_instances_protected_from_scale_in=new.get("NewInstancesProtectedFromScaleIn"),
        mixed_instances_policy=new.get("MixedInstancesPolicy") or None,
    )


def _update_global_table(table, changed, old, new, account_id, region_name):
    """Add or remove the replica the update adds or removes and set every replica's own
    settings; the table in each kept region stays the same table, with its items."""
    reason = _global_table_refusal(
        _regions(new), "StreamSpecification" in new, table.tables, region_name
    )
    if reason:
        raise ValidationError(message=reason)
    table.apply(new)


# types whose in-place update the shim applies to moto's backend (others keep their state)
# --- Lambda inline code on update -----------------------------------------------------------


def update_lambda_function(cls, original_resource, new_resource_name, cloudformation_json,
                           account_id, region_name):
    """Zip an inline ZipFile's source text before moto's update reads it as base64 of a zip."""
    import base64

    props = cloudformation_json.get("Properties", {})
    code = props.get("Code", {})
    if isinstance(code.get("ZipFile"), str):
        zipped = cls._create_zipfile_from_plaintext_code(code["ZipFile"])
        code = {**code, "ZipFile": base64.b64encode(zipped).decode()}
        cloudformation_json = {**cloudformation_json, "Properties": {**props, "Code": code}}
    return _lambda_update(original_resource, new_resource_name, cloudformation_json,
                          account_id, region_name)


_lambda_update = LambdaFunction.update_from_cloudformation_json
LambdaFunction.update_from_cloudformation_json = classmethod(update_lambda_function)


_IN_PLACE = {
    "AWS::RDS::DBInstance": _modify_db_instance,
    "AWS::EC2::SecurityGroup": _update_security_group,
    "AWS::AutoScaling::AutoScalingGroup": _update_auto_scaling_group,
    "AWS::DynamoDB::GlobalTable": _update_global_table,
}

ResourceMap.update = update_resource_map
parsing.parse_and_update_resource = parse_and_update_resource  # ResourceMap.update calls this

_load_balancer_attribute = FakeLoadBalancer.get_cfn_attribute


def load_balancer_attribute(self, attribute_name):
    if attribute_name == "CanonicalHostedZoneID":
        return self.canonical_hosted_zone_id
    return _load_balancer_attribute(self, attribute_name)


FakeLoadBalancer.get_cfn_attribute = load_balancer_attribute

_delete = ResourceMap.delete


def delete(self):
    _delete_dependents_first(self)
    try:
        _delete(self)
    except Exception as error:
        if "DependencyViolation" not in str(error):
            raise


def _delete_dependents_first(resource_map):
    """Delete as CloudFormation does: a resource before those it references (Ref, Fn::GetAtt,
    Fn::Sub, DependsOn). What fails here is left to moto's own retrying pass."""
    template = resource_map._resource_json_map
    needs = {name: _references(body, template) - {name} for name, body in template.items()}
    remaining = set(template)
    while remaining:
        free = [n for n in remaining if not any(n in needs[o] for o in remaining if o != n)]
        if not free:
            return  # a cycle (not a valid template): moto's pass takes the rest
        for name in sorted(free):
            remaining.discard(name)
            resource = resource_map._parsed_resources.get(name)
            if resource is None or template[name].get("DeletionPolicy") == "Retain":
                continue
            try:
                resource_map._delete_resource(resource, template[name])
            except Exception:
                continue
            resource_map._parsed_resources.pop(name)


def _references(node, resources):
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                found.add(value)
            elif key == "Fn::GetAtt":
                found.add(value.split(".")[0] if isinstance(value, str) else value[0])
            elif key == "Fn::Sub":
                text, names = (value, {}) if isinstance(value, str) else value
                found |= {v.split(".")[0] for v in re.findall(r"\$\{([^!}][^}]*)\}", text)}
                found -= set(names)
                found |= _references(names, resources)
            elif key == "DependsOn":
                found |= {value} if isinstance(value, str) else set(value)
            else:
                found |= _references(value, resources)
    elif isinstance(node, list):
        for item in node:
            found |= _references(item, resources)
    return found & set(resources)


ResourceMap.delete = delete


class _Filled:
    """What the CloudFormation models below share: Ref is the physical id, Fn::GetAtt reads
    `attributes()` (an attribute outside them fails the template, as on AWS), an update
    replaces the resource."""

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in cls.ATTRIBUTES

    def get_cfn_attribute(self, attribute_name):
        value = self.attributes().get(attribute_name)
        if value is None:
            raise UnformattedGetAttTemplateException()
        return value

    @staticmethod
    def cloudformation_name_type():
        return ""

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name
    ):
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(
            new_resource_name, cloudformation_json, account_id, region_name
        )

    def is_created(self):
        return True


class ServiceDiscoveryPrivateDnsNamespace(_Filled, CloudFormationModel):
    """AWS::ServiceDiscovery::PrivateDnsNamespace over moto's Cloud Map backend."""

    __module__ = "moto.servicediscovery.models"  # moto files models by service

    ATTRIBUTES = ("Id", "Arn", "HostedZoneId")

    @staticmethod
    def cloudformation_type():
        return "AWS::ServiceDiscovery::PrivateDnsNamespace"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json["Properties"]
        backend = servicediscovery_backends[account_id][region_name]
        operation = backend.create_private_dns_namespace(
            name=props["Name"],
            creator_request_id=None,
            description=props.get("Description"),
            vpc=props.get("Vpc"),
            tags=props.get("Tags"),
            properties=props.get("Properties"),
        )
        namespace_id = backend.get_operation(operation).targets["NAMESPACE"]
        model = cls()
        model.namespace = backend.get_namespace(namespace_id)
        return model

    @property
    def physical_resource_id(self):
        return self.namespace.id

    def attributes(self):
        return {
            "Id": self.namespace.id,
            "Arn": self.namespace.arn,
            # the bare zone ID, as AWS returns it; moto's Cloud Map keeps "/hostedzone/ID"
            "HostedZoneId": self.namespace.dns_properties["HostedZoneId"].split("/")[-1],
        }

    def delete(self, account_id, region_name):
        servicediscovery_backends[account_id][region_name].delete_namespace(self.namespace.id)
        # Cloud Map deletes the hosted zone it made for the namespace; moto's DeleteNamespace not
        route53_backends[account_id][get_partition(region_name)].delete_hosted_zone(
            self.namespace.dns_properties["HostedZoneId"]
        )


class ServiceDiscoveryService(_Filled, CloudFormationModel):
    """AWS::ServiceDiscovery::Service over moto's Cloud Map backend."""

    __module__ = "moto.servicediscovery.models"  # moto files models by service

    ATTRIBUTES = ("Id", "Arn", "Name")

    @staticmethod
    def cloudformation_type():
        return "AWS::ServiceDiscovery::Service"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json["Properties"]
        model = cls()
        model.service = servicediscovery_backends[account_id][region_name].create_service(
            name=props.get("Name", resource_name),
            namespace_id=props.get("NamespaceId"),
            creator_request_id=None,
            description=props.get("Description"),
            dns_config=props.get("DnsConfig"),
            health_check_config=props.get("HealthCheckConfig"),
            health_check_custom_config=props.get("HealthCheckCustomConfig"),
            tags=props.get("Tags"),
            service_type=props.get("Type"),
        )
        return model

    @property
    def physical_resource_id(self):
        return self.service.id

    def attributes(self):
        return {"Id": self.service.id, "Arn": self.service.arn, "Name": self.service.name}

    def delete(self, account_id, region_name):
        servicediscovery_backends[account_id][region_name].delete_service(self.service.id)


def _snake(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


class ElastiCacheReplicationGroup(_Filled, CloudFormationModel):
    """AWS::ElastiCache::ReplicationGroup over moto's ElastiCache backend."""

    __module__ = "moto.elasticache.models"  # moto files models by service

    ATTRIBUTES = (
        "PrimaryEndPoint.Address", "PrimaryEndPoint.Port",
        "ReaderEndPoint.Address", "ReaderEndPoint.Port",
        "ConfigurationEndPoint.Address", "ConfigurationEndPoint.Port",
    )
    # CreateReplicationGroup arguments that are not the properties' names in snake case
    RENAMED = {
        "MultiAZEnabled": "multi_az_enabled",
        "PreferredCacheClusterAZs": "preferred_cache_cluster_azs",
    }

    @staticmethod
    def cloudformation_type():
        return "AWS::ElastiCache::ReplicationGroup"

    @staticmethod
    def cloudformation_name_type():
        return "ReplicationGroupId"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json["Properties"]
        backend = elasticache_backends[account_id][region_name]
        parameters = inspect.signature(backend.create_replication_group).parameters
        args = dict.fromkeys(parameters)
        for key, value in props.items():
            name = cls.RENAMED.get(key, _snake(key))
            if name in args:
                args[name] = value
        # AWS names it from the stack and logical id, lower case, at most 40 characters
        args["replication_group_id"] = (
            props.get("ReplicationGroupId") or resource_name.lower()[:40].rstrip("-")
        )
        mode = (props.get("ClusterMode") or "").lower()
        clustered = mode == "enabled" or int(props.get("NumNodeGroups") or 1) > 1
        args["cluster_mode"] = "enabled" if clustered else "disabled"
        model = cls()
        model.group = backend.create_replication_group(**args)
        return model

    @property
    def physical_resource_id(self):
        return self.group.replication_group_id

    def attributes(self):
        group = self.group
        if group.cluster_enabled:
            # only the configuration endpoint: the others fail on a clustered group, as on AWS
            endpoint = group.configuration_endpoint
            return {
                "ConfigurationEndPoint.Address": endpoint["address"],
                "ConfigurationEndPoint.Port": str(endpoint["port"]),
            }
        node_group = group.node_groups[0]
        port = str(group.port)
        return {
            "PrimaryEndPoint.Address": node_group["primary_endpoint_address"],
            "PrimaryEndPoint.Port": port,
            "ReaderEndPoint.Address": node_group["reader_endpoint_address"],
            "ReaderEndPoint.Port": port,
        }

    def delete(self, account_id, region_name):
        # DeleteReplicationGroup leaves it "deleting"; on AWS it is then gone
        elasticache_backends[account_id][region_name].replication_groups.pop(
            self.group.replication_group_id, None
        )


GLOBAL_TABLE = "AWS::DynamoDB::GlobalTable"


class DynamoDBGlobalTable(CloudFormationModel):
    """AWS::DynamoDB::GlobalTable over moto's DynamoDB backends: a table of the same name in
    each replica's region. The shim's generic update applies its updates in place
    (_update_global_table) and replaces it where AWS does (a new TableName)."""

    __module__ = "moto.dynamodb.models"  # moto files models by service

    ATTRIBUTES = ("Arn", "StreamArn", "TableId")

    @staticmethod
    def cloudformation_type():
        return GLOBAL_TABLE

    @staticmethod
    def cloudformation_name_type():
        return "TableName"

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in cls.ATTRIBUTES

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json["Properties"]
        reason = _global_table_refusal(
            _regions(props), "StreamSpecification" in props, None, region_name
        )
        if reason:
            raise ValidationError(message=reason)
        model = cls()
        model.name, model.account_id, model.region = resource_name, account_id, region_name
        model.table_id = str(mock_random.uuid4())  # moto's tables have no TableId
        model.tables = {}  # region -> moto's table there
        model.apply(props)
        return model

    def apply(self, props):
        """Create the replicas the (resolved) properties add, delete those they drop, and set
        each one's own settings and the time to live."""
        replicas = {replica["Region"]: replica for replica in props["Replicas"]}
        for region in [region for region in self.tables if region not in replicas]:
            dynamodb_backends[self.account_id][region].delete_table(self.name)
            del self.tables[region]
        sse = props.get("SSESpecification") or {}
        ttl = props.get("TimeToLiveSpecification") or {}
        for region, replica in replicas.items():
            backend = dynamodb_backends[self.account_id][region]
            if region not in self.tables:
                self.tables[region] = backend.create_table(
                    name=self.name,
                    schema=props["KeySchema"],
                    throughput=None,
                    attr=props.get("AttributeDefinitions") or [],
                    global_indexes=props.get("GlobalSecondaryIndexes") or [],
                    indexes=props.get("LocalSecondaryIndexes") or [],
                    # copies: moto's table writes into both
                    streams=dict(props.get("StreamSpecification") or {}) or None,
                    billing_mode=props.get("BillingMode") or "PROVISIONED",
                    sse_specification={
                        "Enabled": _true(sse.get("SSEEnabled")),
                        "SSEType": sse.get("SSEType") or "KMS",
                    } if sse else None,
                    tags=[],
                    deletion_protection_enabled=False,
                    warm_throughput=None,
                )
            table = self.tables[region]
            table.deletion_protection_enabled = _true(replica.get("DeletionProtectionEnabled"))
            table.tags = list(replica.get("Tags") or [])
            recovery = replica.get("PointInTimeRecoverySpecification")
            if recovery:
                backend.update_continuous_backups(self.name, {
                    "PointInTimeRecoveryEnabled": _true(
                        recovery.get("PointInTimeRecoveryEnabled")
                    )
                })
            if ttl.get("AttributeName"):
                backend.update_time_to_live(self.name, {
                    "AttributeName": ttl["AttributeName"], "Enabled": _true(ttl.get("Enabled"))
                })

    @property
    def physical_resource_id(self):
        return self.name

    def get_cfn_attribute(self, attribute_name):
        # those of the replica in the stack's region, as AWS documents them
        table = self.tables[self.region]
        value = {
            "Arn": table.table_arn,
            "StreamArn": table.describe()["TableDescription"].get("LatestStreamArn"),
            "TableId": self.table_id,
        }.get(attribute_name)
        if value is None:
            raise UnformattedGetAttTemplateException()
        return value

    def is_created(self):
        return True

    def delete(self, account_id, region_name):
        # AWS fails the delete while a replica is deletion-protected, as moto's DeleteTable
        # does for an AWS::DynamoDB::Table: checked first, so that no replica goes then
        for table in self.tables.values():
            if table.deletion_protection_enabled:
                raise DeletionProtectedException(self.name)
        for region in list(self.tables):
            dynamodb_backends[self.account_id][region].delete_table(self.name)
            del self.tables[region]


def _true(value):
    return str(value).lower() == "true"


def _regions(props):
    return [replica.get("Region") for replica in props.get("Replicas") or []]


def _global_table_refusal(regions, has_stream, current, stack_region):
    """Why AWS fails a global table with replicas in `regions`, created (`current` None) or
    updated from its replicas `current` (region -> moto's table); None when it does not. The
    AWS::DynamoDB::GlobalTable reference: Replicas must include the stack's region, whose
    replica cannot be removed; an update adds or removes one replica at most;
    StreamSpecification is required with more than one replica; a deletion-protected table
    cannot be deleted."""
    if stack_region not in regions:
        return (
            f"Replicas must include a replica in the region the stack is deployed in "
            f"({stack_region}), which cannot be removed"
        )
    if len(regions) > 1 and not has_stream:
        return "StreamSpecification is required for a global table with more than one replica"
    if current is None:
        return None
    added = sorted(set(regions) - set(current))
    removed = sorted(set(current) - set(regions))
    if len(added) + len(removed) > 1:
        return (
            f"You can only add or remove a single replica in each update "
            f"(this one adds {added or 'none'} and removes {removed or 'none'})"
        )
    for region in removed:
        if current[region].deletion_protection_enabled:
            table = current[region].name
            return (
                f"Replica {region} of {table} cannot be deleted while DeletionProtectionEnabled "
                f"is set to True"
            )
    return None


class _Refused(Exception):
    """A stack create or update AWS fails, found before anything changed: the stack rolls
    back to the state it is still in."""

    def __init__(self, logical_id, resource_type, reason):
        super().__init__(reason)
        self.logical_id, self.resource_type, self.reason = logical_id, resource_type, reason


def _check_global_tables(resource_map, resources):
    """Refuse, before anything changes, a create or update of the stack whose global tables'
    replicas AWS would refuse. Replicas not resolvable yet (a Region from a resource, say) and
    tables under a Condition are left to the create or update itself, which fails the API call
    as moto does."""
    for name, body in resources.items():
        if body.get("Type") != GLOBAL_TABLE or "Condition" in body:
            continue
        props = body.get("Properties") or {}
        try:
            regions = parsing.clean_json(copy.deepcopy(_regions(props)), resource_map)
        except Exception:
            continue
        current = resource_map._parsed_resources.get(name)
        previous = resource_map._resource_json_map.get(name)
        kept = (
            isinstance(current, DynamoDBGlobalTable)
            and previous is not None
            and previous.get("Type") == GLOBAL_TABLE
            and not _replaces(GLOBAL_TABLE, previous, body)
        )
        reason = _global_table_refusal(
            regions,
            "StreamSpecification" in props,
            current.tables if kept else None,
            resource_map._region_name,
        )
        if reason:
            raise _Refused(name, GLOBAL_TABLE, reason)


def _roll_back(stack, refused, operation):
    """The events and status of a stack whose CREATE or UPDATE failed on `refused` and rolled
    back, as CloudFormation reports them."""
    stack.events.append(Event(
        stack_id=stack.stack_id,
        stack_name=stack.name,
        logical_resource_id=refused.logical_id,
        physical_resource_id="",
        resource_type=refused.resource_type,
        resource_status=f"{operation}_FAILED",
        resource_status_reason=refused.reason,
        resource_properties=None,
    ))
    rollback = "ROLLBACK" if operation == "CREATE" else "UPDATE_ROLLBACK"
    stack._add_stack_event(
        f"{rollback}_IN_PROGRESS",
        resource_status_reason=(
            f"The following resource(s) failed to {operation.lower()}: [{refused.logical_id}]. "
        ),
    )
    stack._add_stack_event(f"{rollback}_COMPLETE")
    stack.status = f"{rollback}_COMPLETE"
    if operation == "CREATE":
        stack.output_map = OutputMap(stack.resource_map, {}, stack.stack_id)  # no outputs


_create_resources = Stack.create_resources
_update_stack = Stack.update


def create_resources(self):
    try:
        _check_global_tables(self.resource_map, self.template_dict.get("Resources") or {})
        _check_security(self.resource_map, self.template_dict.get("Resources") or {})
    except _Refused as refused:
        return _roll_back(self, refused, "CREATE")
    return _create_resources(self)


def update_stack(self, template, role_arn=None, parameters=None, tags=None):
    before = self.template
    try:
        return _update_stack(self, template, role_arn, parameters, tags)
    except _Refused as refused:
        # moto has set the new template: the stack keeps the one it still runs
        self.template = before
        self._parse_template()
        return _roll_back(self, refused, "UPDATE")


Stack.create_resources = create_resources
Stack.update = update_stack


# --- security resources: KMS, logs, topics, flow logs, bucket policies, WAF, ACM, CloudFront,
# --- RDS monitoring settings, managed policies of roles -----------------------------------------

_create_key = Key.create_from_cloudformation_json.__func__


def create_kms_key(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """AWS::KMS::Key's KeyPolicy is a JSON object in the template, which KMS keeps as text; moto
    keeps the object, and GetKeyPolicy, DescribeKey and every use of the key then fail. Its Tags
    are CloudFormation's {Key, Value}, which moto hands to KMS's tagger unchanged, where KMS's
    own API shape {TagKey, TagValue} is expected (KeyError on any tagged key)."""
    props = cloudformation_json["Properties"]
    if isinstance(props.get("KeyPolicy"), dict):
        props = {**props, "KeyPolicy": json.dumps(props["KeyPolicy"])}
    if props.get("Tags"):
        props = {
            **props,
            "Tags": [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in props["Tags"]],
        }
    cloudformation_json = {**cloudformation_json, "Properties": props}
    return _create_key(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


Key.create_from_cloudformation_json = classmethod(create_kms_key)


def _update_kms_key(key, changed, old, new, account_id, region_name):
    """Set the key's policy, description, rotation and state as the update changes them."""
    backend = kms_backends[account_id][region_name]
    if "KeyPolicy" in changed:
        policy = new["KeyPolicy"]
        backend.put_key_policy(key.id, policy if isinstance(policy, str) else json.dumps(policy))
    if "Description" in changed:
        backend.update_key_description(key.id, new.get("Description") or "")
    if "EnableKeyRotation" in changed:
        key.key_rotation_status = _true(new.get("EnableKeyRotation"))
    if "Enabled" in changed:
        key.enabled = _true(new.get("Enabled", True))
        key.key_state = "Enabled" if key.enabled else "Disabled"


_create_log_group = LogGroup.create_from_cloudformation_json.__func__


def create_log_group(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """AWS::Logs::LogGroup's KmsKeyId: moto's log group reads kmsKeyId (the API's name) and drops
    the template's."""
    props = cloudformation_json["Properties"]
    if "KmsKeyId" in props:
        props = {key: value for key, value in props.items() if key != "KmsKeyId"}
        props["kmsKeyId"] = cloudformation_json["Properties"]["KmsKeyId"]
        cloudformation_json = {**cloudformation_json, "Properties": props}
    return _create_log_group(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    )


LogGroup.create_from_cloudformation_json = classmethod(create_log_group)


def _update_log_group(group, changed, old, new, account_id, region_name):
    """PutRetentionPolicy / DeleteRetentionPolicy and AssociateKmsKey / DisassociateKmsKey."""
    if "RetentionInDays" in changed:
        days = new.get("RetentionInDays")
        group.retention_in_days = int(days) if days is not None else None
    if "KmsKeyId" in changed:
        group.kms_key_id = new.get("KmsKeyId")


def _update_topic(topic, changed, old, new, account_id, region_name):
    """SetTopicAttributes for the attributes an update of AWS::SNS::Topic changes in place."""
    for prop in ("KmsMasterKeyId", "DisplayName", "SignatureVersion", "TracingConfig",
                 "ContentBasedDeduplication"):
        if prop in changed:
            value = new.get(prop)
            if prop == "ContentBasedDeduplication":
                value = _true(value)
            setattr(topic, camelcase_to_underscores(prop), "" if value is None else value)


_create_flow_logs = FlowLogsBackend.create_flow_logs


def create_flow_logs(self, resource_type, resource_ids, traffic_type,
                     deliver_logs_permission_arn, log_destination_type, log_destination,
                     log_group_name, log_format, max_aggregation_interval):
    """An S3 LogDestination may carry a folder after the bucket (arn:aws:s3:::bucket/prefix/);
    moto looks for a bucket named "bucket/prefix/" and fails the flow log (CloudFormation then
    with an internal error). The bucket is looked up by its name, the flow log keeps the ARN."""
    if log_destination_type == "s3" and log_destination and "/" in log_destination:
        bucket_arn = log_destination.split("/", 1)[0]
        flow_logs, unsuccessful = _create_flow_logs(
            self, resource_type, resource_ids, traffic_type, deliver_logs_permission_arn,
            log_destination_type, bucket_arn, log_group_name, log_format,
            max_aggregation_interval,
        )
        for flow_log in flow_logs:
            flow_log.log_destination = log_destination
        return flow_logs, unsuccessful
    return _create_flow_logs(
        self, resource_type, resource_ids, traffic_type, deliver_logs_permission_arn,
        log_destination_type, log_destination, log_group_name, log_format,
        max_aggregation_interval,
    )


FlowLogsBackend.create_flow_logs = create_flow_logs
_create_flow_log = FlowLogs.create_from_cloudformation_json.__func__


def create_flow_log(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """A flow log CreateFlowLogs refuses (no such bucket or log group, ...) fails the resource
    with EC2's reason; moto indexes the empty list of flow logs and fails with an internal
    error."""
    props = cloudformation_json["Properties"]
    backend = ec2_backends[account_id][region_name]
    flow_logs, unsuccessful = backend.create_flow_logs(
        props.get("ResourceType"), [props.get("ResourceId")], props.get("TrafficType"),
        props.get("DeliverLogsPermissionArn"), props.get("LogDestinationType"),
        props.get("LogDestination"), props.get("LogGroupName"), props.get("LogFormat"),
        props.get("MaxAggregationInterval"),
    )
    if unsuccessful:
        raise ValidationError(message=unsuccessful[0][2])
    for tag in props.get("Tags", []):
        flow_logs[0].add_tag(tag["Key"], tag["Value"])
    return flow_logs[0]


FlowLogs.create_from_cloudformation_json = classmethod(create_flow_log)


class S3BucketPolicy(_Filled, CloudFormationModel):
    """AWS::S3::BucketPolicy over moto's S3 backend: PutBucketPolicy; Ref the bucket name."""

    __module__ = "moto.s3.models"  # moto files models by service

    ATTRIBUTES = ()

    @staticmethod
    def cloudformation_type():
        return "AWS::S3::BucketPolicy"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json["Properties"]
        model = cls()
        model.bucket, model.partition = props["Bucket"], get_partition(region_name)
        model.put(props["PolicyDocument"], account_id)
        return model

    def put(self, document, account_id):
        text = document if isinstance(document, str) else json.dumps(document)
        s3_backends[account_id][self.partition].put_bucket_policy(self.bucket, text.encode())

    @property
    def physical_resource_id(self):
        return self.bucket

    def attributes(self):
        return {}

    def delete(self, account_id, region_name):
        try:
            s3_backends[account_id][self.partition].delete_bucket_policy(self.bucket)
        except MissingBucket:
            pass  # the bucket went first: its policy with it


def _update_bucket_policy(policy, changed, old, new, account_id, region_name):
    if "PolicyDocument" in changed:
        policy.put(new["PolicyDocument"], account_id)


def _waf_backend(account_id, region_name, scope):
    return wafv2_backends[account_id][GLOBAL_REGION if scope == "CLOUDFRONT" else region_name]


class WAFv2WebACL(_Filled, CloudFormationModel):
    """AWS::WAFv2::WebACL over moto's WAFv2 backend (the global one for CLOUDFRONT scope);
    Ref is name|id|scope, Fn::GetAtt Arn, Id, LabelNamespace and Capacity, as documented."""

    __module__ = "moto.wafv2.models"  # moto files models by service

    ATTRIBUTES = ("Arn", "Id", "LabelNamespace", "Capacity")

    @staticmethod
    def cloudformation_type():
        return "AWS::WAFv2::WebACL"

    @staticmethod
    def cloudformation_name_type():
        return "Name"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json["Properties"]
        reason = _web_acl_refusal(props.get("Scope"), region_name)
        if reason:
            raise ValidationError(message=reason)
        model = cls()
        model.scope = props["Scope"]
        model.backend = _waf_backend(account_id, region_name, model.scope)
        if model.backend._is_duplicate_name(props.get("Name") or resource_name):
            # WAF's error is JSON, which would fail CloudFormation's (XML) response
            raise ValidationError(
                message=f"WAFDuplicateItemException: a web ACL named "
                f"{props.get('Name') or resource_name} exists already in this scope"
            )
        model.acl = model.backend.create_web_acl(
            name=props.get("Name") or resource_name,
            visibility_config=props["VisibilityConfig"],
            default_action=props["DefaultAction"],
            scope=model.scope,
            description=props.get("Description"),
            tags=props.get("Tags") or [],
            rules=props.get("Rules") or [],
            association_config=props.get("AssociationConfig"),
            captcha_config=props.get("CaptchaConfig"),
            challenge_config=props.get("ChallengeConfig"),
            custom_response_bodies=props.get("CustomResponseBodies"),
            token_domains=props.get("TokenDomains"),
        )
        return model

    @property
    def physical_resource_id(self):
        return f"{self.acl.name}|{self.acl.id}|{self.scope}"

    def attributes(self):
        acl = self.acl
        return {
            "Arn": acl.arn,
            "Id": acl.id,
            "LabelNamespace": f"awswaf:{acl.arn.split(':')[4]}:webacl:{acl.name}:",
            "Capacity": str(getattr(acl, "capacity", 0)),
        }

    def delete(self, account_id, region_name):
        acl = self.acl
        self.backend.delete_web_acl(acl.name, self.scope, acl.id, acl.lock_token)


def _web_acl_refusal(scope, region_name):
    """Why AWS refuses a web ACL of `scope` made in `region_name`; None when it does not."""
    if scope not in ("REGIONAL", "CLOUDFRONT"):
        return (
            f"Properties validation failed for resource with message: #/Scope: "
            f"{scope} is not a valid enum value (REGIONAL, CLOUDFRONT)"
        )
    if scope == "CLOUDFRONT" and region_name != "us-east-1":
        return (
            "WAFInvalidParameterException: Error reason: The scope is not valid., "
            "field: SCOPE_VALUE, parameter: CLOUDFRONT (CLOUDFRONT scope is only available "
            "in us-east-1)"
        )
    return None


def _update_web_acl(model, changed, old, new, account_id, region_name):
    """UpdateWebACL with the new rules, default action, visibility and description."""
    acl = model.acl
    model.backend.update_web_acl(
        name=acl.name, _id=acl.id, default_action=new["DefaultAction"],
        rules=new.get("Rules") or [], description=new.get("Description"),
        visibility_config=new["VisibilityConfig"], lock_token=acl.lock_token,
        custom_response_bodies=new.get("CustomResponseBodies"),
        captcha_config=new.get("CaptchaConfig"), challenge_config=new.get("ChallengeConfig"),
        token_domains=new.get("TokenDomains"), association_config=new.get("AssociationConfig"),
    )
    if not new.get("Rules"):
        acl.rules = []  # moto's UpdateWebACL keeps the rules when given none


class WAFv2WebACLAssociation(_Filled, CloudFormationModel):
    """AWS::WAFv2::WebACLAssociation over moto's WAFv2 backend: a regional web ACL of the
    stack's region with a resource there (CloudFront takes its web ACL in WebACLId instead)."""

    __module__ = "moto.wafv2.models"  # moto files models by service

    ATTRIBUTES = ()

    @staticmethod
    def cloudformation_type():
        return "AWS::WAFv2::WebACLAssociation"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json["Properties"]
        acl_arn, resource_arn = props["WebACLArn"], props["ResourceArn"]
        if f":{region_name}:" not in acl_arn or ":regional/webacl/" not in acl_arn:
            raise ValidationError(
                message=f"WAFInvalidParameterException: {acl_arn} is not a regional web ACL "
                f"of {region_name}"
            )
        if ":elasticloadbalancing:" in resource_arn and resource_arn not in (
            elbv2_backends[account_id][region_name].load_balancers
        ):
            raise ValidationError(
                message=f"WAFNonexistentItemException: {resource_arn} does not exist"
            )
        backend = wafv2_backends[account_id][region_name]
        backend.associate_web_acl(acl_arn, resource_arn)
        model = cls()
        model.backend, model.acl_arn, model.resource_arn = backend, acl_arn, resource_arn
        return model

    @property
    def physical_resource_id(self):
        return f"{self.resource_arn}|{self.acl_arn}"

    def attributes(self):
        return {}

    def delete(self, account_id, region_name):
        self.backend.disassociate_web_acl(self.resource_arn)


class ACMCertificate(_Filled, CloudFormationModel):
    """AWS::CertificateManager::Certificate over moto's ACM backend: RequestCertificate; Ref the
    ARN. The certificate stays PENDING_VALIDATION until moto's validation wait is over (AWS
    holds the stack until it is issued)."""

    __module__ = "moto.acm.models"  # moto files models by service

    ATTRIBUTES = ()

    @staticmethod
    def cloudformation_type():
        return "AWS::CertificateManager::Certificate"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json["Properties"]
        names = {props["DomainName"], *(props.get("SubjectAlternativeNames") or [])}
        for option in props.get("DomainValidationOptions") or []:
            if option.get("DomainName") not in names:
                raise ValidationError(
                    message=f"DomainValidationOptions: {option.get('DomainName')} is neither "
                    f"the DomainName nor one of the SubjectAlternativeNames"
                )
        options = {}
        if props.get("CertificateTransparencyLoggingPreference"):
            options["CertificateTransparencyLoggingPreference"] = props[
                "CertificateTransparencyLoggingPreference"
            ]
        model = cls()
        model.backend = acm_backends[account_id][region_name]
        model.arn = model.backend.request_certificate(
            domain_name=props["DomainName"],
            idempotency_token=None,
            subject_alt_names=props.get("SubjectAlternativeNames") or [],
            tags=props.get("Tags") or [],
            cert_authority_arn=props.get("CertificateAuthorityArn"),
            cert_options=options or None,
        )
        return model

    @property
    def physical_resource_id(self):
        return self.arn

    def attributes(self):
        return {}

    def delete(self, account_id, region_name):
        self.backend.delete_certificate(self.arn)


def _update_certificate(model, changed, old, new, account_id, region_name):
    """Only Tags change in place (the rest of the certificate is create-only: replaced)."""
    if "Tags" in changed:
        tags = model.backend.get_certificate(model.arn).tags
        tags.clear()
        tags.add(new.get("Tags") or [])


def _listed(value):
    """A CloudFormation list as the CloudFront API has it: Quantity and Items."""
    items = list(value or [])
    return {"Quantity": len(items), "Items": items} if items else {"Quantity": 0}


def _behavior(behavior):
    behavior = dict(behavior)
    methods = behavior.pop("AllowedMethods", None)
    cached = behavior.pop("CachedMethods", None)
    if methods:
        behavior["AllowedMethods"] = {
            "Items": methods, "CachedMethods": {"Items": cached or ["GET", "HEAD"]}
        }
    return behavior


def _distribution_config(props, caller_reference):
    """The CloudFront API's DistributionConfig for AWS::CloudFront::Distribution's."""
    config = dict(props)
    config["CallerReference"] = caller_reference
    config.setdefault("Comment", "")
    config["Aliases"] = _listed(config.get("Aliases"))
    config["Origins"] = _listed(config.get("Origins"))
    config["DefaultCacheBehavior"] = _behavior(config["DefaultCacheBehavior"])
    if config.get("CacheBehaviors"):
        config["CacheBehaviors"] = _listed([_behavior(b) for b in config["CacheBehaviors"]])
    if "CustomErrorResponses" in config:
        config["CustomErrorResponses"] = _listed(config["CustomErrorResponses"])
    if config.get("Logging"):
        config["Logging"] = {"Enabled": True, "IncludeCookies": False, "Prefix": "",
                             **config["Logging"]}
    certificate = config.get("ViewerCertificate")
    if certificate:
        names = {"AcmCertificateArn": "ACMCertificateArn", "IamCertificateId": "IAMCertificateId",
                 "SslSupportMethod": "SSLSupportMethod"}
        certificate = {names.get(key, key): value for key, value in certificate.items()}
        certificate.setdefault(
            "CloudFrontDefaultCertificate",
            not (certificate.get("ACMCertificateArn") or certificate.get("IAMCertificateId")),
        )
        config["ViewerCertificate"] = certificate
    return config


def _distribution_refusal(props, account_id):
    """Why CloudFront refuses the distribution; None when it does not: an ACM certificate must
    exist in us-east-1, aliases need a certificate of one's own, a WAFv2 web ACL must exist
    and be of CLOUDFRONT scope, a logging bucket is named <bucket>.s3.amazonaws.com."""
    certificate = props.get("ViewerCertificate") or {}
    arn = certificate.get("AcmCertificateArn")
    if arn:
        region = arn.split(":")[3] if arn.count(":") >= 5 else ""
        if region != "us-east-1":
            return (
                f"InvalidViewerCertificate: The specified SSL certificate doesn't exist, isn't "
                f"in us-east-1 region, isn't valid, or doesn't include a valid certificate "
                f"chain. ({arn})"
            )
        try:
            acm_backends[account_id][region].get_certificate(arn)
        except Exception:
            return f"InvalidViewerCertificate: The specified SSL certificate doesn't exist ({arn})"
    if props.get("Aliases") and not (arn or certificate.get("IamCertificateId")):
        return (
            "InvalidViewerCertificate: To add an alternate domain name (CNAME) to a CloudFront "
            "distribution, you must attach a trusted certificate that validates your "
            "authorization to use the domain name."
        )
    acl = props.get("WebACLId")
    if acl and acl.startswith("arn:"):
        backend = wafv2_backends[account_id][GLOBAL_REGION]
        if ":global/webacl/" not in acl or acl not in backend.wacls:
            return (
                f"InvalidWebACLId: Web ACL is not accessible by the requester, or is not a "
                f"CLOUDFRONT-scope web ACL ({acl})"
            )
    bucket = (props.get("Logging") or {}).get("Bucket")
    if bucket is not None and not re.fullmatch(r"[a-z0-9.\-]+\.s3(\.[a-z0-9\-]+)?\.amazonaws\.com",
                                               str(bucket)):
        return f"InvalidArgument: The parameter Logging Bucket is not valid: {bucket}"
    return None


class CloudFrontDistribution(_Filled, CloudFormationModel):
    """AWS::CloudFront::Distribution over moto's CloudFront backend; Ref the Id, Fn::GetAtt
    DomainName and Id; updated in place (UpdateDistribution)."""

    __module__ = "moto.cloudfront.models"  # moto files models by service

    ATTRIBUTES = ("DomainName", "Id")

    @staticmethod
    def cloudformation_type():
        return "AWS::CloudFront::Distribution"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        props = cloudformation_json["Properties"]["DistributionConfig"]
        reason = _distribution_refusal(props, account_id)
        if reason:
            raise ValidationError(message=reason)
        model = cls()
        model.backend = cloudfront_backends[account_id][get_partition(region_name)]
        tags = cloudformation_json["Properties"].get("Tags") or []
        model.distribution, _, _ = model.backend.create_distribution(
            _distribution_config(props, str(mock_random.uuid4())), tags
        )
        return model

    @property
    def physical_resource_id(self):
        return self.distribution.distribution_id

    def attributes(self):
        return {"DomainName": self.distribution.domain_name,
                "Id": self.distribution.distribution_id}

    def delete(self, account_id, region_name):
        self.backend.delete_distribution(self.distribution.distribution_id, True)


def _update_distribution(model, changed, old, new, account_id, region_name):
    if "DistributionConfig" not in changed:
        return
    props = new["DistributionConfig"]
    reason = _distribution_refusal(props, account_id)
    if reason:
        raise ValidationError(message=reason)
    distribution = model.distribution
    model.backend.update_distribution(
        _distribution_config(props, distribution.distribution_config.caller_reference),
        distribution.distribution_id, True,
    )


class CloudFrontOriginAccessControl(_Filled, CloudFormationModel):
    """AWS::CloudFront::OriginAccessControl over moto's CloudFront backend; Ref and Fn::GetAtt
    Id the control's ID; updated in place."""

    __module__ = "moto.cloudfront.models"  # moto files models by service

    ATTRIBUTES = ("Id",)

    @staticmethod
    def cloudformation_type():
        return "AWS::CloudFront::OriginAccessControl"

    @classmethod
    def create_from_cloudformation_json(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    ):
        config = cloudformation_json["Properties"]["OriginAccessControlConfig"]
        model = cls()
        model.backend = cloudfront_backends[account_id][get_partition(region_name)]
        if any(c.name == config.get("Name") for c in model.backend.origin_access_controls.values()):
            raise ValidationError(
                message=f"OriginAccessControlAlreadyExists: {config.get('Name')} exists already"
            )
        model.control = model.backend.create_origin_access_control(dict(config))
        return model

    @property
    def physical_resource_id(self):
        return self.control.id

    def attributes(self):
        return {"Id": self.control.id}

    def delete(self, account_id, region_name):
        self.backend.delete_origin_access_control(self.control.id)


def _update_origin_access_control(model, changed, old, new, account_id, region_name):
    if "OriginAccessControlConfig" in changed:
        model.backend.update_origin_access_control(
            model.control.id, dict(new["OriginAccessControlConfig"])
        )


# RDS settings moto's DB instance keeps but its CloudFormation create drops, by property
_DB_SETTINGS = {
    "EnableIAMDatabaseAuthentication": ("enable_iam_database_authentication", _true),
    "EnablePerformanceInsights": ("performance_insights_enabled", _true),
    "PerformanceInsightsRetentionPeriod": ("performance_insights_retention_period", int),
    "PerformanceInsightsKMSKeyId": ("performance_insights_kms_key_id", str),
    "MonitoringInterval": ("monitoring_interval", int),
    "MonitoringRoleArn": ("monitoring_role_arn", str),
    "EnableCloudwatchLogsExports": ("enabled_cloudwatch_logs_exports", list),
}
_LOG_TYPES = {"postgres": {"postgresql", "upgrade", "iam-db-auth-error"},
              "mysql": {"audit", "error", "general", "slowquery", "iam-db-auth-error"},
              "mariadb": {"audit", "error", "general", "slowquery"}}


def _db_settings(props, engine):
    """The DB instance attributes of the properties, refused where RDS refuses them."""
    settings = {
        attribute: convert(props[prop])
        for prop, (attribute, convert) in _DB_SETTINGS.items()
        if props.get(prop) is not None
    }
    interval = settings.get("monitoring_interval", 0)
    if interval not in (0, 1, 5, 10, 15, 30, 60):
        raise InvalidParameterCombination(
            f"Invalid MonitoringInterval {interval}: valid values are 0, 1, 5, 10, 15, 30, 60"
        )
    if interval and not settings.get("monitoring_role_arn"):
        raise InvalidParameterCombination(
            "A MonitoringRoleARN value is required if you specify a MonitoringInterval value "
            "other than 0."
        )
    if settings.get("monitoring_role_arn") and not interval:
        raise InvalidParameterCombination(
            "You must specify a MonitoringInterval value other than 0 when you specify a "
            "MonitoringRoleARN value."
        )
    period = settings.get("performance_insights_retention_period")
    if period is not None:
        if not settings.get("performance_insights_enabled"):
            raise InvalidParameterCombination(
                "PerformanceInsightsRetentionPeriod requires EnablePerformanceInsights"
            )
        if period not in (7, 731) and not (period % 31 == 0 and 1 <= period // 31 <= 23):
            raise InvalidParameterCombination(
                f"Invalid PerformanceInsightsRetentionPeriod {period}: 7, 731 or a multiple of "
                f"31 up to 713"
            )
    if settings.get("performance_insights_enabled") and period is None:
        settings["performance_insights_retention_period"] = 7
    family = next((name for name in _LOG_TYPES if name in str(engine)), None)
    unknown = set(settings.get("enabled_cloudwatch_logs_exports") or []) - _LOG_TYPES.get(
        family, set(settings.get("enabled_cloudwatch_logs_exports") or [])
    )
    if unknown:
        raise InvalidParameterCombination(
            f"You cannot use the log types {sorted(unknown)} with engine {engine}"
        )
    return settings


_create_db_with_port = DBInstance.create_from_cloudformation_json.__func__


def create_db_instance_with_settings(
    cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
):
    """IAM authentication, Performance Insights, Enhanced Monitoring and log exports of
    AWS::RDS::DBInstance, which moto's CloudFormation create drops: set on the instance."""
    props = cloudformation_json["Properties"]
    settings = _db_settings(props, props.get("Engine"))
    database = _create_db_with_port(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    )
    for attribute, value in settings.items():
        setattr(database, attribute, value)
    return database


DBInstance.create_from_cloudformation_json = classmethod(create_db_instance_with_settings)


def _policy(backend, arn):
    """The managed policy of `arn`; an AWS managed policy from moto's copy of them when moto has
    not loaded them (AWS has them all in every account)."""
    if arn not in backend.managed_policies and ":iam::aws:policy/" in arn:
        from moto.iam.aws_managed_policies import aws_managed_policies_data
        from moto.iam.models import AWSManagedPolicy

        name = arn.split("/")[-1]
        data = json.loads(aws_managed_policies_data).get(name)
        if data is not None:
            policy = AWSManagedPolicy.from_data(name, backend.account_id, backend.region_name,
                                                data)
            if policy.arn == arn:
                backend.managed_policies[arn] = policy
    return arn


def _attach_managed_policies(role, arns, account_id, region_name):
    """Attach the role's ManagedPolicyArns, detach those no longer in them."""
    backend = iam_backends[account_id][get_partition(region_name)]
    for arn in list(role.managed_policies):
        if arn not in arns:
            backend.detach_role_policy(arn, role.name)
    for arn in arns:
        if arn not in role.managed_policies:
            backend.attach_role_policy(_policy(backend, arn), role.name)


_create_role = Role.create_from_cloudformation_json.__func__
_update_role = Role.update_from_cloudformation_json.__func__
_delete_role = Role.delete_from_cloudformation_json.__func__


def create_role(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """AWS::IAM::Role's ManagedPolicyArns, which moto's CloudFormation drops: attached (an
    unknown policy fails the role, as on AWS)."""
    role = _create_role(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    arns = cloudformation_json["Properties"].get("ManagedPolicyArns") or []
    try:
        _attach_managed_policies(role, arns, account_id, region_name)
    except Exception:
        _delete_role(cls, role.name, cloudformation_json, account_id, region_name)
        raise
    return role


def update_role(cls, original_resource, new_resource_name, cloudformation_json, account_id,
                region_name):
    role = _update_role(cls, original_resource, new_resource_name, cloudformation_json,
                        account_id, region_name)
    arns = cloudformation_json["Properties"].get("ManagedPolicyArns") or []
    _attach_managed_policies(role, arns, account_id, region_name)
    return role


def delete_role(cls, resource_name, cloudformation_json, account_id, region_name):
    """CloudFormation detaches the role's managed policies before it deletes the role; moto's
    DeleteRole fails on them."""
    backend = iam_backends[account_id][get_partition(region_name)]
    role = next((r for r in backend.roles.values() if r.name == resource_name), None)
    if role is not None:
        _attach_managed_policies(role, [], account_id, region_name)
    return _delete_role(cls, resource_name, cloudformation_json, account_id, region_name)


Role.create_from_cloudformation_json = classmethod(create_role)
Role.update_from_cloudformation_json = classmethod(update_role)
Role.delete_from_cloudformation_json = classmethod(delete_role)

_IN_PLACE.update({
    "AWS::KMS::Key": _update_kms_key,
    "AWS::Logs::LogGroup": _update_log_group,
    "AWS::SNS::Topic": _update_topic,
    "AWS::S3::BucketPolicy": _update_bucket_policy,
    "AWS::WAFv2::WebACL": _update_web_acl,
    "AWS::CertificateManager::Certificate": _update_certificate,
    "AWS::CloudFront::Distribution": _update_distribution,
    "AWS::CloudFront::OriginAccessControl": _update_origin_access_control,
})


def _lifecycle_rule(rule):
    """A LifecycleConfiguration rule of AWS::S3::Bucket as PutBucketLifecycleConfiguration has
    it (moto's parsed form)."""
    api = {"ID": rule.get("Id") or "", "Status": rule["Status"],
           "Filter": {"Prefix": rule.get("Prefix") or ""}}
    expiration = {}
    if rule.get("ExpirationInDays") is not None:
        expiration["Days"] = int(rule["ExpirationInDays"])
    if rule.get("ExpirationDate") is not None:
        expiration["Date"] = rule["ExpirationDate"]
    if rule.get("ExpiredObjectDeleteMarker") is not None:
        expiration["ExpiredObjectDeleteMarker"] = rule["ExpiredObjectDeleteMarker"]
    if expiration:
        api["Expiration"] = expiration
    transitions = list(rule.get("Transitions") or []) + (
        [rule["Transition"]] if rule.get("Transition") else []
    )
    if transitions:
        api["Transition"] = [
            {"StorageClass": t["StorageClass"], "Days": t.get("TransitionInDays"),
             "Date": t.get("TransitionDate")} for t in transitions
        ]
    noncurrent = rule.get("NoncurrentVersionExpiration")
    if rule.get("NoncurrentVersionExpirationInDays") is not None:
        noncurrent = {"NoncurrentDays": int(rule["NoncurrentVersionExpirationInDays"])}
    if noncurrent:
        api["NoncurrentVersionExpiration"] = noncurrent
    nv_transitions = list(rule.get("NoncurrentVersionTransitions") or []) + (
        [rule["NoncurrentVersionTransition"]] if rule.get("NoncurrentVersionTransition") else []
    )
    if nv_transitions:
        api["NoncurrentVersionTransition"] = [
            {"StorageClass": t["StorageClass"], "NoncurrentDays": t.get("TransitionInDays"),
             "NewerNoncurrentVersions": t.get("NewerNoncurrentVersions")}
            for t in nv_transitions
        ]
    if rule.get("AbortIncompleteMultipartUpload"):
        api["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
    return api


def _apply_bucket_settings(name, new, old, account_id, region_name):
    """Put (or delete, when the template drops them) the bucket's logging, ownership controls,
    lifecycle rules, public access block and versioning, as CloudFormation does on AWS; S3
    refuses them as moto's S3 does (a logging target that does not grant the logging service
    s3:PutObject, say), which fails the resource."""
    backend = s3_backends[account_id][get_partition(region_name)]
    if new.get("LoggingConfiguration") != old.get("LoggingConfiguration"):
        logging = new.get("LoggingConfiguration") or {}
        backend.put_bucket_logging(name, {
            "TargetBucket": logging.get("DestinationBucketName") or name,
            "TargetPrefix": logging.get("LogFilePrefix") or "",
        } if logging else {})
    if new.get("OwnershipControls") != old.get("OwnershipControls"):
        rules = (new.get("OwnershipControls") or {}).get("Rules") or []
        if rules:
            backend.put_bucket_ownership_controls(name, rules[0]["ObjectOwnership"])
        else:
            backend.delete_bucket_ownership_controls(name)
    if new.get("LifecycleConfiguration") != old.get("LifecycleConfiguration"):
        rules = (new.get("LifecycleConfiguration") or {}).get("Rules") or []
        if rules:
            backend.put_bucket_lifecycle(name, [_lifecycle_rule(rule) for rule in rules])
        else:
            backend.delete_bucket_lifecycle(name)
    if new.get("PublicAccessBlockConfiguration") != old.get("PublicAccessBlockConfiguration"):
        block = new.get("PublicAccessBlockConfiguration")
        if block:
            backend.put_public_access_block(
                name, {key: str(_true(value)).lower() for key, value in block.items()}
            )
        else:
            backend.delete_public_access_block(name)
    if new.get("VersioningConfiguration") != old.get("VersioningConfiguration"):
        status = (new.get("VersioningConfiguration") or {}).get("Status")
        if status or old.get("VersioningConfiguration"):
            backend.put_bucket_versioning(name, status or "Suspended")


_create_bucket = FakeBucket.create_from_cloudformation_json.__func__


def create_bucket(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """AWS::S3::Bucket's LoggingConfiguration, OwnershipControls, LifecycleConfiguration,
    PublicAccessBlockConfiguration and VersioningConfiguration, which moto's CloudFormation
    drops (it sets BucketEncryption and Tags only): put on the bucket."""
    bucket = _create_bucket(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    )
    try:
        _apply_bucket_settings(bucket.name, cloudformation_json.get("Properties") or {}, {},
                               account_id, region_name)
    except Exception:
        s3_backends[account_id][get_partition(region_name)].delete_bucket(bucket.name)
        raise
    return bucket


def _update_bucket_in_place(bucket, changed, old, new, account_id, region_name):
    """The bucket's encryption and tags (moto's own update reads a BucketName the template need
    not have, and fails), then the settings moto drops."""
    from moto.s3.cloud_formation import cfn_to_api_encryption
    from moto.utilities.tagging_service import TaggingService

    backend = s3_backends[account_id][get_partition(region_name)]
    if "BucketEncryption" in changed or (old.get("BucketEncryption") and not new.get(
            "BucketEncryption")):
        if new.get("BucketEncryption"):
            backend.put_bucket_encryption(
                bucket.name, cfn_to_api_encryption(new["BucketEncryption"])
            )
        else:
            backend.delete_bucket_encryption(bucket.name)
    if "Tags" in changed or (old.get("Tags") and not new.get("Tags")):
        backend.put_bucket_tagging(
            bucket.name, TaggingService().flatten_tag_list(new.get("Tags") or [])
        )
    _apply_bucket_settings(bucket.name, new, old, account_id, region_name)


FakeBucket.create_from_cloudformation_json = classmethod(create_bucket)


def log_permissions_enabled_policy(target_bucket, target_prefix):
    """PutBucketLogging's check of the target bucket's policy; moto's fails with an internal
    error on any statement whose Principal is not an object ("*" in a Deny, say) and wants
    one Resource spelled as bucket/prefix*: whether a statement lets the logging service put
    an object under the prefix (its Resource patterns read as AWS reads them)."""
    if not target_bucket.policy:
        return False
    import fnmatch

    # a log object the service would put under the prefix
    key = f"arn:{target_bucket.partition}:s3:::{target_bucket.name}/{target_prefix or ''}log"
    for statement in json.loads(target_bucket.policy.decode()).get("Statement") or []:
        principal = statement.get("Principal")
        services = principal.get("Service") if isinstance(principal, dict) else None
        services = [services] if isinstance(services, str) else services or []
        actions = statement.get("Action") or []
        actions = [actions] if isinstance(actions, str) else actions
        resources = statement.get("Resource") or []
        resources = [resources] if isinstance(resources, str) else resources
        if (statement.get("Effect") == "Allow" and "logging.s3.amazonaws.com" in services
                and "s3:PutObject" in actions
                and any(fnmatch.fnmatchcase(key, pattern) for pattern in resources)):
            return True
    return False


FakeBucket._log_permissions_enabled_policy = staticmethod(log_permissions_enabled_policy)

# the AWS accounts of Elastic Load Balancing that write access logs, by region (regions opened
# before August 2022; AWS's "Enable access logs for your Application Load Balancer" page, the
# same table as src/catalog/log_delivery.rs); newer regions use the log delivery service
_ELB_ACCOUNTS = {
    "af-south-1": "098369216593", "ap-east-1": "754344448648",
    "ap-northeast-1": "582318560864", "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331", "ap-south-1": "718504428378",
    "ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266",
    "ca-central-1": "985666609251", "eu-central-1": "054676820928",
    "eu-north-1": "897822967062", "eu-south-1": "635631232127", "eu-west-1": "156460612806",
    "eu-west-2": "652711504416", "eu-west-3": "009996457667", "me-south-1": "076674570225",
    "sa-east-1": "507241528517", "us-east-1": "127311923021", "us-east-2": "033677994240",
    "us-west-1": "027434742980", "us-west-2": "797873946194",
}


def _load_balancer_attributes(balancer, new, old, account_id, region_name):
    """ModifyLoadBalancerAttributes with the template's LoadBalancerAttributes (those it drops go
    back to their defaults); access logs need a bucket whose policy lets Elastic Load
    Balancing put objects, as AWS checks ("Access Denied for bucket")."""
    def attrs(props):
        return {a["Key"]: str(a["Value"]) for a in props.get("LoadBalancerAttributes") or []}

    wanted, before = attrs(new), attrs(old)
    defaults = {"access_logs.s3.enabled": "false", "access_logs.s3.bucket": "",
                "access_logs.s3.prefix": "", "deletion_protection.enabled": "false",
                "idle_timeout.timeout_seconds": "60", "routing.http2.enabled": "true",
                "load_balancing.cross_zone.enabled": "false"}
    update = {key: value for key, value in wanted.items() if before.get(key) != value}
    update.update({key: defaults[key] for key in before if key not in wanted and key in defaults})
    if not update:
        return
    if _true(wanted.get("access_logs.s3.enabled")):
        bucket = wanted.get("access_logs.s3.bucket") or ""
        if not _elb_may_write(bucket, account_id, region_name):
            raise ValidationError(
                message=f"Access Denied for bucket: {bucket}. Please check S3bucket permission"
            )
    elbv2_backends[account_id][region_name].modify_load_balancer_attributes(
        balancer.arn, update
    )


def _elb_may_write(bucket, account_id, region_name):
    """Whether the bucket exists and its policy allows s3:PutObject to Elastic Load Balancing
    (its log delivery service, or the region's ELB account)."""
    try:
        found = s3_backends[account_id][get_partition(region_name)].get_bucket(bucket)
    except Exception:
        return False
    policy = json.loads(found.policy.decode()) if found.policy else {}
    principals = {"logdelivery.elasticloadbalancing.amazonaws.com"}
    if region_name in _ELB_ACCOUNTS:
        principals |= {_ELB_ACCOUNTS[region_name],
                       f"arn:aws:iam::{_ELB_ACCOUNTS[region_name]}:root"}
    for statement in policy.get("Statement") or []:
        actions = statement.get("Action") or []
        actions = [actions] if isinstance(actions, str) else actions
        principal = json.dumps(statement.get("Principal"))
        if (statement.get("Effect") == "Allow"
                and any(a in ("s3:PutObject", "s3:*", "*") for a in actions)
                and any(f'"{p}"' in principal for p in principals)):
            return True
    return False


_create_load_balancer = FakeLoadBalancer.create_from_cloudformation_json.__func__


def create_load_balancer(cls, resource_name, cloudformation_json, account_id, region_name,
                         **kwargs):
    """AWS::ElasticLoadBalancingV2::LoadBalancer's LoadBalancerAttributes, which moto's
    CloudFormation drops: set with ModifyLoadBalancerAttributes."""
    balancer = _create_load_balancer(
        cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
    )
    try:
        _load_balancer_attributes(balancer, cloudformation_json.get("Properties") or {}, {},
                                  account_id, region_name)
    except Exception:
        elbv2_backends[account_id][region_name].delete_load_balancer(balancer.arn)
        raise
    return balancer


def _update_load_balancer(balancer, changed, old, new, account_id, region_name):
    if "LoadBalancerAttributes" in changed or old.get("LoadBalancerAttributes"):
        _load_balancer_attributes(balancer, new, old, account_id, region_name)


FakeLoadBalancer.create_from_cloudformation_json = classmethod(create_load_balancer)

_IN_PLACE.update({
    "AWS::S3::Bucket": _update_bucket_in_place,
    "AWS::ElasticLoadBalancingV2::LoadBalancer": _update_load_balancer,
})


def _check_security(resource_map, resources, parameters=None):
    """Refuse, before anything changes, a stack whose web ACLs' scope or CloudFront viewer
    certificates AWS refuses, where they are known before any resource is made (a literal, a
    parameter, a certificate of the stack itself); the rest is checked when the resource is
    made, which fails the API call as moto does."""
    region = resource_map._region_name
    for name, body in resources.items():
        props = body.get("Properties") or {}
        if body.get("Type") == "AWS::WAFv2::WebACL":
            scope = _known(props.get("Scope"), resource_map, resources, parameters)
            if isinstance(scope, str):
                reason = _web_acl_refusal(scope, region)
                if reason:
                    raise _Refused(name, body["Type"], reason)
        elif body.get("Type") == "AWS::CloudFront::Distribution":
            certificate = (props.get("DistributionConfig") or {}).get("ViewerCertificate") or {}
            value = certificate.get("AcmCertificateArn")
            ref = value.get("Ref") if isinstance(value, dict) else None
            arn = f"arn:aws:acm:{region}:{resource_map._account_id}:certificate/{ref}"
            if ref in resources and resources[ref].get("Type") == ACM:
                arn_region = region
            else:
                arn = _known(value, resource_map, resources, parameters)
                arn_region = arn.split(":")[3] if isinstance(arn, str) and arn.count(":") >= 5 \
                    else None
            if arn_region is not None and arn_region != "us-east-1":
                raise _Refused(name, body["Type"], _distribution_refusal(
                    {"ViewerCertificate": {"AcmCertificateArn": arn}}, resource_map._account_id
                ))


ACM = "AWS::CertificateManager::Certificate"


def _known(value, resource_map, resources, parameters=None):
    """The value when a literal or a Ref to a parameter (of the update's `parameters` first) or
    pseudo parameter; else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == {"Ref"} and value["Ref"] not in resources:
        if isinstance((parameters or {}).get(value["Ref"]), str):
            return parameters[value["Ref"]]
        try:
            return resource_map[value["Ref"]]
        except Exception:
            return None
    return None


def serve_on_free_port(host):
    """Bind a port the kernel picks and print it before serving: a port chosen by the test and
    bound later can be taken in between by another test's server, and the test would then talk
    to that one."""
    import os

    from moto.server import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
    from werkzeug.serving import make_server

    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(host, 0, app, threaded=True, request_handler=MotoRequestHandler)
    os.environ["MOTO_PORT"] = str(server.port)
    print(server.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    if sys.argv[1:] == ["--free-port"]:
        serve_on_free_port("127.0.0.1")
    else:
        sys.exit(main())
