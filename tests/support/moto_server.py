"""moto server with three gaps filled, for scalectl's tests; runs moto's own server with the
same arguments.

moto (pinned in requirements-test.txt) lacks two things AWS documents and scalectl relies on:
- the CloudFormation attribute `MasterUserSecret.SecretArn` of AWS::RDS::DBInstance, which the
  stages read to give the web tier access to the RDS-managed database secret: added (the ARN of
  the secret moto creates for ManageMasterUserPassword, else an ARN of the documented shape);
- stack outputs after a change set is executed (moto keeps those of the stack's first
  template): rebuilt from the executed template, as DescribeStacks returns them on AWS, less
  those that read resources moto does not create;
- deleting a stack: moto leaves instances' network interfaces, internet gateway attachments
  and route tables of stack resources behind, so the stack's VPC cannot be deleted and the
  stack ends DELETE_FAILED where AWS deletes it. A delete that fails only on such a
  dependency completes, leaving the VPC in the emulator.
"""

import sys

from moto.cloudformation.models import CloudFormationBackend
from moto.cloudformation.parsing import ResourceMap
from moto.rds.models import DBInstance
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

_execute_change_set = CloudFormationBackend.execute_change_set


def execute_change_set(self, change_set_name, stack_name=None):
    _execute_change_set(self, change_set_name, stack_name)
    change_set = self.change_sets.get(change_set_name) or next(
        (c for c in self.change_sets.values() if c.change_set_name == change_set_name), None
    )
    if change_set is not None:
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

_delete = ResourceMap.delete


def delete(self):
    try:
        _delete(self)
    except Exception as error:
        if "DependencyViolation" not in str(error):
            raise


ResourceMap.delete = delete

if __name__ == "__main__":
    sys.exit(main())
