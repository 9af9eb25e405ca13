//! AWS IAM: roles, instance profiles and policy documents.

use super::Tag;
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;

/// The only current IAM policy language version.
pub const POLICY_VERSION: &str = "2012-10-17";

/// An IAM policy document (also used by bucket and queue policies).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PolicyDocument {
    /// The policy language version, always [`POLICY_VERSION`].
    pub version: &'static str,
    /// The statements.
    pub statement: Vec<Statement>,
}

impl PolicyDocument {
    /// A document with the given statements.
    pub fn new(statement: Vec<Statement>) -> Self {
        PolicyDocument {
            version: POLICY_VERSION,
            statement,
        }
    }

    /// A trust policy letting an AWS service (e.g. `ec2.amazonaws.com`) assume the role.
    pub fn assume_role(service: &str) -> Self {
        PolicyDocument::new(vec![
            Statement::allow(&["sts:AssumeRole"], Vec::new())
                .with_principal(serde_json::json!({ "Service": service })),
        ])
    }
}

/// Whether a statement allows or denies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Effect {
    /// Grant the actions.
    Allow,
    /// Refuse the actions, overriding any allow.
    Deny,
}

/// One statement of a policy document.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    /// Statement ID.
    pub sid: Option<String>,
    /// Allow or deny.
    pub effect: Effect,
    /// Who the statement applies to (resource and trust policies only).
    pub principal: Option<serde_json::Value>,
    /// Actions, e.g. `s3:GetObject`.
    pub action: Vec<String>,
    /// Resource ARNs; omitted when empty (trust policies).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource: Vec<Value<String>>,
    /// Condition block.
    pub condition: Option<serde_json::Value>,
}

impl Statement {
    /// A statement with an effect, actions and resources.
    pub fn new(effect: Effect, actions: &[&str], resources: Vec<Value<String>>) -> Self {
        Statement {
            sid: None,
            effect,
            principal: None,
            action: actions.iter().map(|a| (*a).to_string()).collect(),
            resource: resources,
            condition: None,
        }
    }

    /// An `Allow` statement.
    pub fn allow(actions: &[&str], resources: Vec<Value<String>>) -> Self {
        Statement::new(Effect::Allow, actions, resources)
    }

    /// A `Deny` statement.
    pub fn deny(actions: &[&str], resources: Vec<Value<String>>) -> Self {
        Statement::new(Effect::Deny, actions, resources)
    }

    /// Set the statement ID.
    pub fn with_sid(mut self, sid: impl Into<String>) -> Self {
        self.sid = Some(sid.into());
        self
    }

    /// Set the principal, e.g. `{"Service": "cloudfront.amazonaws.com"}`.
    pub fn with_principal(mut self, principal: serde_json::Value) -> Self {
        self.principal = Some(principal);
        self
    }

    /// Set the condition block.
    pub fn with_condition(mut self, condition: serde_json::Value) -> Self {
        self.condition = Some(condition);
        self
    }
}

/// `AWS::IAM::Role`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    /// Who may assume the role.
    pub assume_role_policy_document: PolicyDocument,
    /// What the role is for.
    pub description: Option<Value<String>>,
    /// Managed policies attached to the role.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_policy_arns: Vec<Value<String>>,
    /// Inline policies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<Policy>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl Role {
    /// A role with a trust policy and no permissions.
    pub fn new(assume_role_policy_document: PolicyDocument) -> Self {
        Role {
            assume_role_policy_document,
            description: None,
            managed_policy_arns: Vec::new(),
            policies: Vec::new(),
            tags: Vec::new(),
        }
    }
}

impl ResourceProperties for Role {
    const TYPE: &'static str = "AWS::IAM::Role";
}

/// An inline policy of a role.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Policy {
    /// The policy name, unique within the role.
    pub policy_name: Value<String>,
    /// The permissions.
    pub policy_document: PolicyDocument,
}

/// `AWS::IAM::Policy`: an inline policy put on roles created elsewhere, such as another
/// stack's roles passed in by name.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RolesPolicy {
    /// The policy name, unique within each role.
    pub policy_name: Value<String>,
    /// The permissions.
    pub policy_document: PolicyDocument,
    /// Names of the roles it is put on.
    pub roles: Vec<Value<String>>,
}

impl ResourceProperties for RolesPolicy {
    const TYPE: &'static str = "AWS::IAM::Policy";
}

/// `AWS::IAM::InstanceProfile`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfile {
    /// Role names (at most one).
    pub roles: Vec<Value<String>>,
}

impl ResourceProperties for InstanceProfile {
    const TYPE: &'static str = "AWS::IAM::InstanceProfile";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::value::lit;
    use serde_json::json;

    #[test]
    fn role_serializes_trust_and_inline_policies() -> Result<(), Box<dyn std::error::Error>> {
        let role = Role {
            managed_policy_arns: vec![lit("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")],
            policies: vec![Policy {
                policy_name: lit("read-assets"),
                policy_document: PolicyDocument::new(vec![
                    Statement::allow(&["s3:GetObject"], vec![Value::sub("${Assets.Arn}/*")])
                        .with_sid("ReadAssets"),
                    Statement::deny(&["s3:DeleteObject"], vec![Value::get_att("Assets", "Arn")])
                        .with_condition(json!({"Bool": {"aws:SecureTransport": "false"}})),
                ]),
            }],
            ..Role::new(PolicyDocument::assume_role("ec2.amazonaws.com"))
        };
        assert_eq!(
            serde_json::to_value(&role)?,
            json!({
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Principal": {"Service": "ec2.amazonaws.com"},
                        "Action": ["sts:AssumeRole"]
                    }]
                },
                "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
                "Policies": [{
                    "PolicyName": "read-assets",
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Sid": "ReadAssets",
                                "Effect": "Allow",
                                "Action": ["s3:GetObject"],
                                "Resource": [{"Fn::Sub": "${Assets.Arn}/*"}]
                            },
                            {
                                "Effect": "Deny",
                                "Action": ["s3:DeleteObject"],
                                "Resource": [{"Fn::GetAtt": ["Assets", "Arn"]}],
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}}
                            }
                        ]
                    }
                }]
            })
        );
        let profile = InstanceProfile {
            roles: vec![Value::r#ref("AppRole")],
        };
        assert_eq!(
            serde_json::to_value(&profile)?,
            json!({"Roles": [{"Ref": "AppRole"}]})
        );
        Ok(())
    }
}
