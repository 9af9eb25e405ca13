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
  it on update, and the update fails with an internal error: the shim zips the text first.
"""

import copy
import inspect
import re
import sys

from moto.autoscaling.models import autoscaling_backends
from moto.awslambda.models import LambdaFunction
from moto.cloudformation import parsing
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException, ValidationError
from moto.cloudformation.models import CloudFormationBackend, Event, Stack
from moto.cloudformation.parsing import OutputMap, ResourceMap
from moto.cloudformation.responses import CloudFormationResponse
from moto.core.common_models import CloudFormationModel
from moto.dynamodb.exceptions import DeletionProtectedException
from moto.dynamodb.models import dynamodb_backends
from moto.ec2.models import ec2_backends
from moto.elasticache.models import elasticache_backends
from moto.elbv2.models import FakeLoadBalancer
from moto.moto_api._internal import mock_random
from moto.rds.exceptions import InvalidParameterCombination
from moto.rds.models import DBInstance, rds_backends
from moto.route53.models import route53_backends
from moto.servicediscovery.models import servicediscovery_backends
from moto.ssm.models import Parameter
from moto.utilities.utils import get_partition
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
        stack._parse_template()
        stack.output_map = _resolvable_outputs(stack._create_output_map())


def _resolvable_outputs(output_map):
    """Drop outputs that read resources moto skips (it creates no CloudFront distribution,
    for one), which would otherwise fail every DescribeStacks."""
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
    return _update_resource_map(self, template, parameters)


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
