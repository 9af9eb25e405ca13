//! Amazon RDS: DB instances and DB subnet groups.

use super::{NumStr, Tag};
use crate::cfn::template::ResourceProperties;
use crate::cfn::value::Value;
use serde::Serialize;

/// `AWS::RDS::DBInstance`.
///
/// `AllocatedStorage` is a string in the resource schema, hence [`NumStr`].
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DbInstance {
    /// `postgres`, `mysql`, ...; inherited from the source by read replicas.
    pub engine: Option<Value<String>>,
    /// Engine version, e.g. `16.4`.
    pub engine_version: Option<Value<String>>,
    /// Instance class, e.g. `db.t4g.micro`.
    #[serde(rename = "DBInstanceClass")]
    pub db_instance_class: Value<String>,
    /// Storage in GiB (a JSON string).
    pub allocated_storage: Option<Value<NumStr<u32>>>,
    /// Upper limit in GiB for storage autoscaling.
    pub max_allocated_storage: Option<Value<u32>>,
    /// `gp3`, `gp2`, `io2`, ...
    pub storage_type: Option<Value<String>>,
    /// Whether storage is encrypted.
    pub storage_encrypted: Option<Value<bool>>,
    /// Whether a standby runs in a second Availability Zone.
    #[serde(rename = "MultiAZ")]
    pub multi_az: Option<Value<bool>>,
    /// The DB subnet group.
    #[serde(rename = "DBSubnetGroupName")]
    pub db_subnet_group_name: Option<Value<String>>,
    /// VPC security group IDs.
    #[serde(rename = "VPCSecurityGroups", skip_serializing_if = "Vec::is_empty")]
    pub vpc_security_groups: Vec<Value<String>>,
    /// Master user name.
    pub master_username: Option<Value<String>>,
    /// Keep the master password in Secrets Manager.
    pub manage_master_user_password: Option<Value<bool>>,
    /// Days automated backups are kept (0 disables them).
    pub backup_retention_period: Option<Value<u32>>,
    /// Whether deletion is blocked.
    pub deletion_protection: Option<Value<bool>>,
    /// Whether tags are copied to snapshots.
    pub copy_tags_to_snapshot: Option<Value<bool>>,
    /// Whether the instance has a public address.
    pub publicly_accessible: Option<Value<bool>>,
    /// Whether minor engine upgrades apply automatically.
    pub auto_minor_version_upgrade: Option<Value<bool>>,
    /// The source instance of a read replica.
    #[serde(rename = "SourceDBInstanceIdentifier")]
    pub source_db_instance_identifier: Option<Value<String>>,
    /// Name of the initial database.
    #[serde(rename = "DBName")]
    pub db_name: Option<Value<String>>,
    /// Whether Performance Insights is on.
    pub enable_performance_insights: Option<Value<bool>>,
    /// Days Performance Insights keeps data (7 is the free tier).
    pub performance_insights_retention_period: Option<Value<u32>>,
    /// Seconds between Enhanced Monitoring samples (0 turns it off).
    pub monitoring_interval: Option<Value<u32>>,
    /// The role Enhanced Monitoring publishes with.
    pub monitoring_role_arn: Option<Value<String>>,
    /// Log types exported to CloudWatch Logs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enable_cloudwatch_logs_exports: Vec<Value<String>>,
    /// Whether IAM database authentication is on.
    #[serde(rename = "EnableIAMDatabaseAuthentication")]
    pub enable_iam_database_authentication: Option<Value<bool>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl DbInstance {
    /// An instance of a class with nothing else set (required here: the service needs it).
    pub fn new(db_instance_class: impl Into<Value<String>>) -> Self {
        DbInstance {
            engine: None,
            engine_version: None,
            db_instance_class: db_instance_class.into(),
            allocated_storage: None,
            max_allocated_storage: None,
            storage_type: None,
            storage_encrypted: None,
            multi_az: None,
            db_subnet_group_name: None,
            vpc_security_groups: Vec::new(),
            master_username: None,
            manage_master_user_password: None,
            backup_retention_period: None,
            deletion_protection: None,
            copy_tags_to_snapshot: None,
            publicly_accessible: None,
            auto_minor_version_upgrade: None,
            source_db_instance_identifier: None,
            db_name: None,
            enable_performance_insights: None,
            performance_insights_retention_period: None,
            monitoring_interval: None,
            monitoring_role_arn: None,
            enable_cloudwatch_logs_exports: Vec::new(),
            enable_iam_database_authentication: None,
            tags: Vec::new(),
        }
    }
}

impl ResourceProperties for DbInstance {
    const TYPE: &'static str = "AWS::RDS::DBInstance";
}

/// `AWS::RDS::DBSubnetGroup`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DbSubnetGroup {
    /// What the group is for.
    #[serde(rename = "DBSubnetGroupDescription")]
    pub db_subnet_group_description: Value<String>,
    /// Subnets in at least two Availability Zones.
    pub subnet_ids: Vec<Value<String>>,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ResourceProperties for DbSubnetGroup {
    const TYPE: &'static str = "AWS::RDS::DBSubnetGroup";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cfn::resources::{num_str, tags};
    use crate::cfn::value::lit;
    use serde_json::json;

    #[test]
    fn db_instance_serializes_acronym_names() -> Result<(), Box<dyn std::error::Error>> {
        let db = DbInstance {
            engine: Some(lit("postgres")),
            engine_version: Some(lit("16.4")),
            allocated_storage: Some(num_str(20)),
            max_allocated_storage: Some(Value::Lit(100)),
            storage_type: Some(lit("gp3")),
            storage_encrypted: Some(Value::Lit(true)),
            multi_az: Some(Value::Lit(true)),
            db_subnet_group_name: Some(Value::r#ref("DbSubnets")),
            vpc_security_groups: vec![Value::get_att("DbSg", "GroupId")],
            master_username: Some(lit("app")),
            manage_master_user_password: Some(Value::Lit(true)),
            backup_retention_period: Some(Value::Lit(7)),
            deletion_protection: Some(Value::Lit(true)),
            copy_tags_to_snapshot: Some(Value::Lit(true)),
            publicly_accessible: Some(Value::Lit(false)),
            auto_minor_version_upgrade: Some(Value::Lit(true)),
            db_name: Some(lit("app")),
            enable_performance_insights: Some(Value::Lit(true)),
            tags: tags(&[("Stage", lit("4"))]),
            ..DbInstance::new("db.t4g.medium")
        };
        assert_eq!(
            serde_json::to_value(&db)?,
            json!({
                "Engine": "postgres",
                "EngineVersion": "16.4",
                "DBInstanceClass": "db.t4g.medium",
                "AllocatedStorage": "20",
                "MaxAllocatedStorage": 100,
                "StorageType": "gp3",
                "StorageEncrypted": true,
                "MultiAZ": true,
                "DBSubnetGroupName": {"Ref": "DbSubnets"},
                "VPCSecurityGroups": [{"Fn::GetAtt": ["DbSg", "GroupId"]}],
                "MasterUsername": "app",
                "ManageMasterUserPassword": true,
                "BackupRetentionPeriod": 7,
                "DeletionProtection": true,
                "CopyTagsToSnapshot": true,
                "PubliclyAccessible": false,
                "AutoMinorVersionUpgrade": true,
                "DBName": "app",
                "EnablePerformanceInsights": true,
                "Tags": [{"Key": "Stage", "Value": "4"}]
            })
        );

        let replica = DbInstance {
            source_db_instance_identifier: Some(Value::r#ref("Db")),
            ..DbInstance::new("db.t4g.medium")
        };
        assert_eq!(
            serde_json::to_value(&replica)?,
            json!({
                "DBInstanceClass": "db.t4g.medium",
                "SourceDBInstanceIdentifier": {"Ref": "Db"}
            })
        );

        let subnets = DbSubnetGroup {
            db_subnet_group_description: lit("database subnets"),
            subnet_ids: vec![Value::r#ref("DataA"), Value::r#ref("DataB")],
            tags: Vec::new(),
        };
        assert_eq!(
            serde_json::to_value(&subnets)?,
            json!({
                "DBSubnetGroupDescription": "database subnets",
                "SubnetIds": [{"Ref": "DataA"}, {"Ref": "DataB"}]
            })
        );
        Ok(())
    }
}
