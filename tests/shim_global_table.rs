//! The moto shim's AWS::DynamoDB::GlobalTable (tests/support/moto_server.py), driven through
//! CloudFormation with boto3 and small hand-written templates: a table in every replica
//! region, updated in place one replica at a time (the table and its items stay), and refused
//! where AWS refuses (two replicas in one update, a replica list without the stack's region,
//! a deletion-protected replica removed or deleted), so that a test passing on the shim
//! cannot hide a template AWS would fail.

#![allow(clippy::panic)] // test helpers fail the test loudly

mod support;

use serde_json::{Value, json};
use support::moto::Moto;

/// A stack of one global table `name` with replicas in `regions`, and outputs reading its
/// Ref and attributes.
fn template(name: &str, regions: &[&str], protected: bool) -> String {
    let replicas: Vec<Value> = regions
        .iter()
        .map(|region| {
            json!({
                "Region": region,
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
                "DeletionProtectionEnabled": protected,
                "Tags": [{"Key": "team", "Value": "web"}],
            })
        })
        .collect();
    json!({
        "Resources": {
            "Orders": {
                "Type": "AWS::DynamoDB::GlobalTable",
                "Properties": {
                    "TableName": name,
                    "BillingMode": "PAY_PER_REQUEST",
                    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                    "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
                    "SSESpecification": {"SSEEnabled": true, "SSEType": "KMS"},
                    "TimeToLiveSpecification": {"AttributeName": "expires", "Enabled": true},
                    "Replicas": replicas,
                }
            }
        },
        "Outputs": {
            "Name": {"Value": {"Ref": "Orders"}},
            "Arn": {"Value": {"Fn::GetAtt": ["Orders", "Arn"]}},
            "StreamArn": {"Value": {"Fn::GetAtt": ["Orders", "StreamArn"]}},
            "TableId": {"Value": {"Fn::GetAtt": ["Orders", "TableId"]}},
        }
    })
    .to_string()
}

/// Create (`CREATE`) or update (`UPDATE`) `stack` through a change set, executed as scalectl
/// does; returns the stack's status and outputs afterwards.
fn deploy(moto: &Moto, stack: &str, kind: &str, template: &str) -> (String, Value) {
    // a JSON string literal is a Python one
    let body = serde_json::to_string(template).unwrap_or_else(|e| panic!("{e}"));
    let out = moto.python(&format!(
        "import uuid\n\
         cfn = client('cloudformation')\n\
         name = 'cs-' + uuid.uuid4().hex\n\
         cfn.create_change_set(StackName='{stack}', ChangeSetName=name, ChangeSetType='{kind}', TemplateBody={body})\n\
         cfn.get_waiter('change_set_create_complete').wait(StackName='{stack}', ChangeSetName=name)\n\
         cfn.execute_change_set(StackName='{stack}', ChangeSetName=name)\n\
         s = cfn.describe_stacks(StackName='{stack}')['Stacks'][0]\n\
         print(json.dumps({{'status': s['StackStatus'], 'outputs': {{o['OutputKey']: o['OutputValue'] for o in s.get('Outputs', [])}}}}))"
    ));
    let doc: Value = serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"));
    (
        doc["status"].as_str().unwrap_or_default().to_string(),
        doc["outputs"].clone(),
    )
}

/// The regions among `regions` whose DynamoDB holds a table `name`.
fn regions_with(moto: &Moto, name: &str, regions: &[&str]) -> Vec<String> {
    let out = moto.python(&format!(
        "print(json.dumps([r for r in {regions:?} if '{name}' in client('dynamodb', r).list_tables()['TableNames']]))"
    ));
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// The reason of the stack's latest resource event with status `status`.
fn failure_reason(moto: &Moto, stack: &str, status: &str) -> String {
    moto.python(&format!(
        "e = client('cloudformation').describe_stack_events(StackName='{stack}')['StackEvents']\n\
         print(next(x.get('ResourceStatusReason', '') for x in e if x['ResourceStatus'] == '{status}' and x['LogicalResourceId'] != '{stack}'))"
    ))
    .trim()
    .to_string()
}

const ALL: &[&str] = &["us-east-1", "eu-west-1", "ap-southeast-1", "eu-central-1"];

#[test]
fn replicas_are_added_one_per_update_in_place_and_two_at_once_roll_back() {
    let moto = Moto::start();

    // Create with the stack region's replica only: Ref, Arn, StreamArn and TableId resolve.
    let (status, created) = deploy(
        &moto,
        "gt",
        "CREATE",
        &template("demo-orders", &["us-east-1"], false),
    );
    assert_eq!(status, "CREATE_COMPLETE", "{created}");
    assert_eq!(created["Name"], "demo-orders");
    assert_eq!(
        created["Arn"],
        "arn:aws:dynamodb:us-east-1:123456789012:table/demo-orders"
    );
    let stream = created["StreamArn"].as_str().unwrap_or_default();
    assert!(
        stream.starts_with("arn:aws:dynamodb:us-east-1:123456789012:table/demo-orders/stream/"),
        "{created}"
    );
    assert!(
        created["TableId"].as_str().is_some_and(|id| id.len() == 36),
        "{created}"
    );
    assert_eq!(regions_with(&moto, "demo-orders", ALL), ["us-east-1"]);
    // The table is as the properties say: encrypted with KMS, recoverable, with its TTL.
    let settings = moto.python(
        "d = client('dynamodb')\n\
         t = d.describe_table(TableName='demo-orders')['Table']\n\
         b = d.describe_continuous_backups(TableName='demo-orders')['ContinuousBackupsDescription']\n\
         l = d.describe_time_to_live(TableName='demo-orders')['TimeToLiveDescription']\n\
         print(t['BillingModeSummary']['BillingMode'], t['SSEDescription']['SSEType'], \
               b['PointInTimeRecoveryDescription']['PointInTimeRecoveryStatus'], l['TimeToLiveStatus'])",
    );
    assert_eq!(settings.trim(), "PAY_PER_REQUEST KMS ENABLED ENABLED");

    moto.python(
        "client('dynamodb').put_item(TableName='demo-orders', Item={'pk': {'S': 'order-1'}})",
    );

    // One replica more: updated in place, the same table (ARN, ID, item) in us-east-1.
    let (status, updated) = deploy(
        &moto,
        "gt",
        "UPDATE",
        &template("demo-orders", &["us-east-1", "eu-west-1"], false),
    );
    assert_eq!(status, "UPDATE_COMPLETE", "{updated}");
    assert_eq!(updated, created);
    assert_eq!(
        regions_with(&moto, "demo-orders", ALL),
        ["us-east-1", "eu-west-1"]
    );
    let item = moto.python(
        "print(client('dynamodb').get_item(TableName='demo-orders', Key={'pk': {'S': 'order-1'}}).get('Item'))",
    );
    assert_eq!(item.trim(), "{'pk': {'S': 'order-1'}}");

    // Two more at once: AWS fails the update and rolls it back; nothing changed.
    let (status, after) = deploy(
        &moto,
        "gt",
        "UPDATE",
        &template(
            "demo-orders",
            &["us-east-1", "eu-west-1", "ap-southeast-1", "eu-central-1"],
            false,
        ),
    );
    assert_eq!(status, "UPDATE_ROLLBACK_COMPLETE");
    assert_eq!(after, created);
    let reason = failure_reason(&moto, "gt", "UPDATE_FAILED");
    assert!(reason.contains("single replica in each update"), "{reason}");
    assert_eq!(
        regions_with(&moto, "demo-orders", ALL),
        ["us-east-1", "eu-west-1"]
    );

    // The rolled-back stack takes the next single replica (an UpdateStack this time).
    let out = moto.python(&format!(
        "cfn = client('cloudformation')\n\
         cfn.update_stack(StackName='gt', TemplateBody={})\n\
         print(cfn.describe_stacks(StackName='gt')['Stacks'][0]['StackStatus'])",
        serde_json::to_string(&template(
            "demo-orders",
            &["us-east-1", "eu-west-1", "ap-southeast-1"],
            false
        ))
        .unwrap_or_default()
    ));
    assert_eq!(out.trim(), "UPDATE_COMPLETE");
    assert_eq!(
        regions_with(&moto, "demo-orders", ALL),
        ["us-east-1", "eu-west-1", "ap-southeast-1"]
    );

    // Deleting the stack deletes every replica.
    moto.python("client('cloudformation').delete_stack(StackName='gt')");
    assert!(regions_with(&moto, "demo-orders", ALL).is_empty());
}

#[test]
fn the_shim_refuses_what_aws_refuses_on_replicas() {
    let moto = Moto::start();

    // The stack's region must be among the replicas: the create fails and rolls back.
    let (status, outputs) = deploy(
        &moto,
        "elsewhere",
        "CREATE",
        &template("far", &["eu-west-1"], false),
    );
    assert_eq!(status, "ROLLBACK_COMPLETE", "{outputs}");
    let reason = failure_reason(&moto, "elsewhere", "CREATE_FAILED");
    assert!(reason.contains("us-east-1"), "{reason}");
    assert!(regions_with(&moto, "far", ALL).is_empty());

    // A deletion-protected replica cannot be removed: the update rolls back.
    let (status, _) = deploy(
        &moto,
        "kept",
        "CREATE",
        &template("kept", &["us-east-1", "eu-west-1"], true),
    );
    assert_eq!(status, "CREATE_COMPLETE");
    let (status, _) = deploy(
        &moto,
        "kept",
        "UPDATE",
        &template("kept", &["us-east-1"], true),
    );
    assert_eq!(status, "UPDATE_ROLLBACK_COMPLETE");
    let reason = failure_reason(&moto, "kept", "UPDATE_FAILED");
    assert!(reason.contains("DeletionProtectionEnabled"), "{reason}");
    assert_eq!(regions_with(&moto, "kept", ALL), ["us-east-1", "eu-west-1"]);

    // Nor can the stack delete it (the delete fails, as moto's DeleteStack fails for a
    // deletion-protected AWS::DynamoDB::Table); every replica stays.
    let out = moto.python(
        "try:\n    \
             client('cloudformation').delete_stack(StackName='kept')\n    \
             print('deleted')\n\
         except Exception:\n    \
             print('refused')",
    );
    assert_eq!(out.trim(), "refused");
    assert_eq!(regions_with(&moto, "kept", ALL), ["us-east-1", "eu-west-1"]);

    // Once unprotected (an update of the replicas' settings only), a replica can go.
    let (status, _) = deploy(
        &moto,
        "open",
        "CREATE",
        &template("open", &["us-east-1", "eu-west-1"], true),
    );
    assert_eq!(status, "CREATE_COMPLETE");
    let (status, _) = deploy(
        &moto,
        "open",
        "UPDATE",
        &template("open", &["us-east-1", "eu-west-1"], false),
    );
    assert_eq!(status, "UPDATE_COMPLETE");
    let (status, _) = deploy(
        &moto,
        "open",
        "UPDATE",
        &template("open", &["us-east-1"], false),
    );
    assert_eq!(status, "UPDATE_COMPLETE");
    assert_eq!(regions_with(&moto, "open", ALL), ["us-east-1"]);
}
