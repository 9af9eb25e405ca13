//! Deploy end to end against a moto server started on a random loopback port: create,
//! update through a reviewed change set, "no changes", a template staged in S3, the
//! data-loss guard, approval in a non-interactive run, and destroy.

#![allow(clippy::panic)] // test helpers fail the test loudly

mod support;

use support::moto::{Moto, expect, json, scalectl};

/// Write a stage file into a directory of this test run; returns its path.
fn temp_stage(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("scalectl-deploy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    file.to_string_lossy().into_owned()
}

/// Deploy `file` as a new stack `name` (`--yes`), expect CREATE_COMPLETE; returns stderr.
fn create(moto: &Moto, file: &str, name: &str) -> String {
    let out = scalectl(
        moto,
        &[
            "deploy",
            file,
            "--stack-name",
            name,
            "--yes",
            "--output",
            "json",
        ],
    );
    let (stdout, stderr) = expect(&out, 0);
    assert_eq!(
        json(&stdout)["stacks"][0]["status"],
        "CREATE_COMPLETE",
        "{stderr}"
    );
    stderr
}

/// `diff` of `file` against stack `name`: each changed resource's logical ID and impact.
fn diff_impacts(moto: &Moto, file: &str, name: &str) -> Vec<(String, String)> {
    let out = scalectl(
        moto,
        &["diff", file, "--stack-name", name, "--output", "json"],
    );
    let (stdout, _) = expect(&out, 0);
    json(&stdout)["stacks"][0]["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|r| {
            Some((
                r["logical_id"].as_str()?.to_string(),
                r["impact"].as_str()?.to_string(),
            ))
        })
        .collect()
}

#[test]
fn deploy_update_no_changes_guard_and_destroy() {
    let moto = Moto::with_zone();

    // Create: stage0, machine-readable outputs.
    let out = scalectl(
        &moto,
        &[
            "deploy",
            "stage0",
            "--stack-name",
            "demo",
            "--yes",
            "--output",
            "json",
        ],
    );
    let (stdout, stderr) = expect(&out, 0);
    let doc = json(&stdout);
    let stack = &doc["stacks"][0];
    assert_eq!(stack["result"], "deployed", "{stderr}");
    assert_eq!(stack["status"], "CREATE_COMPLETE");
    assert!(stack["outputs"]["WebPublicIp"].is_string(), "{stdout}");
    assert!(stderr.contains("creating change set scalectl-"), "{stderr}");
    // The AMI is pinned at the first deploy: the value of the public SSM parameter then,
    // recorded as the stack's parameter.
    let latest = moto.python(
        "print(client('ssm').get_parameter(Name='/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64')['Parameter']['Value'])",
    );
    let latest = latest.trim();
    assert!(latest.starts_with("ami-"), "{latest}");
    assert!(
        stderr.contains(&format!("WebAmiId pinned to {latest}")),
        "{stderr}"
    );
    let pinned = moto.python(
        "s = client('cloudformation').describe_stacks(StackName='demo')['Stacks'][0]\n\
         print([p['ParameterValue'] for p in s['Parameters'] if p['ParameterKey'] == 'WebAmiId'][0])",
    );
    assert_eq!(pinned.trim(), latest);

    // Skipping a rung is refused: stage2 removes the box, which holds stage0's database
    // (the database moves to RDS at stage1, beside the box, before the box goes).
    let out = scalectl(
        &moto,
        &["deploy", "stage2", "--stack-name", "demo", "--yes"],
    );
    let (_, stderr) = expect(&out, 4);
    assert!(
        stderr.contains("destroy WebInstance") && stderr.contains("--allow-replace WebInstance"),
        "{stderr}"
    );

    // stage1 updates the box in place (stopped and started, not replaced) beside the new
    // database.
    let out = scalectl(
        &moto,
        &["deploy", "stage1", "--stack-name", "demo", "--yes"],
    );
    let (_, stderr) = expect(&out, 0);
    assert!(
        stderr.contains("warning: demo/WebInstance") && stderr.contains("stopped and started"),
        "{stderr}"
    );
    // A redeploy keeps the pinned image: a newer AMI never replaces the box by itself.
    assert!(
        stderr.contains(&format!("WebAmiId stays {latest} (pinned")),
        "{stderr}"
    );

    // Diff before the update: the single box goes, the load balancer and fleet come.
    let out = scalectl(
        &moto,
        &["diff", "stage2", "--stack-name", "demo", "--output", "json"],
    );
    let (stdout, _) = expect(&out, 0);
    let diff = json(&stdout);
    let resources = diff["stacks"][0]["resources"]
        .as_array()
        .unwrap_or_else(|| panic!("no resources: {stdout}"));
    let impact = |id: &str| {
        resources
            .iter()
            .find(|r| r["logical_id"] == id)
            .map(|r| r["impact"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(impact("WebInstance").as_deref(), Some("destroy"));
    assert_eq!(impact("LoadBalancer").as_deref(), Some("create"));
    assert_eq!(impact("WebSecurityGroup").as_deref(), Some("update"));
    assert_eq!(
        diff["stacks"][0]["findings"],
        serde_json::json!([]),
        "{stdout}"
    );
    // Security changes come first.
    assert_eq!(resources[0]["security"], true, "{stdout}");

    // Non-interactive without --yes: the change set is reviewed, then refused.
    let out = scalectl(&moto, &["deploy", "stage2", "--stack-name", "demo"]);
    let (_, stderr) = expect(&out, 4);
    assert!(stderr.contains("--yes"), "{stderr}");
    assert!(
        stderr.contains("+ create") && stderr.contains("LoadBalancer"),
        "{stderr}"
    );

    // Update to stage2 through the reviewed change set.
    let out = scalectl(
        &moto,
        &["deploy", "stage2", "--stack-name", "demo", "--yes"],
    );
    let (stdout, stderr) = expect(&out, 0);
    assert!(stdout.contains("demo: deployed"), "{stdout}\n{stderr}");
    assert!(stdout.contains("UPDATE_COMPLETE"), "{stdout}");
    assert!(stdout.contains("DatabaseEndpoint"), "{stdout}");
    assert!(
        stderr.contains("UPDATE_COMPLETE"),
        "events are streamed: {stderr}"
    );

    // Unchanged: no changes, exit 0.
    let out = scalectl(
        &moto,
        &["deploy", "stage2", "--stack-name", "demo", "--yes"],
    );
    let (stdout, _) = expect(&out, 0);
    assert!(stdout.contains("demo: no changes"), "{stdout}");
    // Asking for the newest image reads SSM again; the same AMI changes nothing.
    let out = scalectl(
        &moto,
        &[
            "deploy",
            "stage2",
            "--stack-name",
            "demo",
            "--yes",
            "--refresh-images",
        ],
    );
    let (stdout, stderr) = expect(&out, 0);
    assert!(stdout.contains("demo: no changes"), "{stdout}");
    assert!(
        stderr.contains(&format!("WebAmiId pinned to {latest}")) && stderr.contains("unchanged"),
        "{stderr}"
    );

    // A change that replaces the database is refused, naming it.
    let path = temp_stage(
        "mysql.yaml",
        "extends: stage2\nname: shop\ndata:\n  database:\n    engine: mysql\n    engine_version: \"8.0.39\"\n",
    );
    let out = scalectl(&moto, &["deploy", &path, "--stack-name", "demo", "--yes"]);
    let (_, stderr) = expect(&out, 4);
    assert!(stderr.contains("Database"), "{stderr}");
    assert!(stderr.contains("--allow-replace Database"), "{stderr}");
    // Nothing ran: the stack is as it was.
    let out = scalectl(
        &moto,
        &["status", "--stack-name", "demo", "--output", "json"],
    );
    let (stdout, _) = expect(&out, 0);
    assert_eq!(json(&stdout)["status"], "UPDATE_COMPLETE");

    // Destroy lists what the retention policies keep.
    // Without --disable-deletion-protection it says what AWS would refuse to delete.
    let out = scalectl(&moto, &["destroy", "--stack-name", "demo"]);
    let (_, stderr) = expect(&out, 4);
    assert!(stderr.contains("--yes"), "{stderr}");
    assert!(
        stderr.contains(
            "deletion-protected, so AWS will not delete them: Database (AWS::RDS::DBInstance)"
        ),
        "{stderr}"
    );
    // With it, the protection goes first in an update change set, then the stack.
    let out = scalectl(
        &moto,
        &[
            "destroy",
            "--stack-name",
            "demo",
            "--yes",
            "--disable-deletion-protection",
        ],
    );
    let (stdout, stderr) = expect(&out, 0);
    assert!(
        stderr.contains("turning deletion protection off first (Database, LoadBalancer)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Properties/DeletionProtection: true -> false"),
        "{stderr}"
    );
    assert!(stdout.contains("demo: deleted"), "{stdout}");
    assert!(
        stdout
            .contains("Database (AWS::RDS::DBInstance): Snapshot, deleted after a final snapshot"),
        "{stdout}"
    );
    assert!(
        stdout.contains("StaticBucket (AWS::S3::Bucket): Retain, kept in the account"),
        "{stdout}"
    );
    let out = scalectl(&moto, &["status", "--stack-name", "demo"]);
    let (_, stderr) = expect(&out, 1);
    assert!(stderr.contains("no stack named `demo`"), "{stderr}");
}

#[test]
fn large_template_goes_through_the_staging_bucket() {
    let moto = Moto::with_zone();
    // stage2 across five zones with stack-wide tags: over the inline limit. Five NAT gateways
    // fit the account's five Elastic IPs that live validation reads from moto.
    let file = temp_stage(
        "wide.yaml",
        "extends: stage2\nname: wide\ntags:\n  team: platform\n  cost-centre: web-1234\n\
         network:\n  availability_zones: [us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f]\n",
    );

    let out = scalectl(
        &moto,
        &[
            "deploy",
            &file,
            "--stack-name",
            "big",
            "--yes",
            "--output",
            "json",
        ],
    );
    let (stdout, stderr) = expect(&out, 0);
    assert!(
        stderr.contains("over the 51200-byte inline limit"),
        "{stderr}"
    );
    assert_eq!(
        json(&stdout)["stacks"][0]["status"],
        "CREATE_COMPLETE",
        "{stderr}"
    );

    // The bucket is versioned, encrypted and closed to the public; the template is in it.
    let report = moto.python(
        "s3 = client('s3')\n\
         name = 'scalectl-staging-123456789012-us-east-1'\n\
         v = s3.get_bucket_versioning(Bucket=name)['Status']\n\
         e = s3.get_bucket_encryption(Bucket=name)['ServerSideEncryptionConfiguration']['Rules'][0]['ApplyServerSideEncryptionByDefault']['SSEAlgorithm']\n\
         p = s3.get_public_access_block(Bucket=name)['PublicAccessBlockConfiguration']\n\
         keys = [o['Key'] for o in s3.list_objects_v2(Bucket=name)['Contents']]\n\
         print(json.dumps({'versioning': v, 'encryption': e, 'public_blocked': all(p.values()), 'keys': keys}))",
    );
    let report = json(&report);
    assert_eq!(report["versioning"], "Enabled");
    assert_eq!(report["encryption"], "AES256");
    assert_eq!(report["public_blocked"], true);
    let keys = report["keys"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(keys, 1, "{report}");
    assert!(
        report["keys"][0]
            .as_str()
            .is_some_and(|k| k.starts_with("templates/big/"))
    );

    // Security by default, read back through the services' own APIs: HTTPS with the TLS 1.2+
    // policy and HTTP only redirecting, the load balancer's access logs and web ACL, VPC flow
    // logs into the log bucket, CloudFront's certificate, TLS floor and web ACL.
    let report = moto.python(
        "elb = client('elbv2')\n\
         lb = [b for b in elb.describe_load_balancers()['LoadBalancers'] if b['LoadBalancerName'].startswith('big')][0]\n\
         attrs = {a['Key']: a['Value'] for a in elb.describe_load_balancer_attributes(LoadBalancerArn=lb['LoadBalancerArn'])['Attributes']}\n\
         listeners = {l['Port']: l for l in elb.describe_listeners(LoadBalancerArn=lb['LoadBalancerArn'])['Listeners']}\n\
         acl = client('wafv2').get_web_acl_for_resource(ResourceArn=lb['LoadBalancerArn'])['WebACL']\n\
         flows = client('ec2').describe_flow_logs()['FlowLogs']\n\
         cf = client('cloudfront')\n\
         dist = cf.list_distributions()['DistributionList']['Items'][0]\n\
         print(json.dumps({'logs': attrs.get('access_logs.s3.enabled'), 'log_bucket': attrs.get('access_logs.s3.bucket'),\n\
           'https_policy': listeners[443].get('SslPolicy'), 'http_action': listeners[80]['DefaultActions'][0]['Type'],\n\
           'rules': sorted(r['Name'] for r in acl['Rules']),\n\
           'flow_destinations': [f.get('LogDestination', '') for f in flows],\n\
           'cdn_tls': dist['ViewerCertificate'].get('MinimumProtocolVersion'), 'cdn_acl': dist.get('WebACLId', ''),\n\
           'cdn_aliases': dist.get('Aliases', {}).get('Items', [])}))",
    );
    let report = json(&report);
    assert_eq!(report["logs"], "true", "{report}");
    let log_bucket = report["log_bucket"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(log_bucket.starts_with("big-logbucket"), "{report}");
    assert_eq!(
        report["https_policy"],
        "ELBSecurityPolicy-TLS13-1-2-2021-06"
    );
    assert_eq!(report["http_action"], "redirect");
    assert_eq!(
        report["rules"],
        serde_json::json!([
            "AWSManagedRulesAmazonIpReputationList",
            "AWSManagedRulesCommonRuleSet",
            "AWSManagedRulesKnownBadInputsRuleSet",
            "RateLimitPerIp"
        ])
    );
    assert!(
        report["flow_destinations"].as_array().is_some_and(|d| d
            .iter()
            .any(|d| d.as_str().is_some_and(|d| d.contains(&log_bucket)))),
        "{report}"
    );
    assert_eq!(report["cdn_tls"], "TLSv1.2_2021", "{report}");
    assert!(
        report["cdn_acl"]
            .as_str()
            .is_some_and(|a| a.contains("webacl")),
        "{report}"
    );
    assert_eq!(
        report["cdn_aliases"],
        serde_json::json!(["static.example.com"])
    );

    // Redeploying reuses the bucket and finds nothing to change.
    let out = scalectl(&moto, &["deploy", &file, "--stack-name", "big", "--yes"]);
    let (stdout, _) = expect(&out, 0);
    assert!(stdout.contains("big: no changes"), "{stdout}");
}

/// Run scalectl in a pseudo-terminal (`script`, from util-linux, on every Debian machine),
/// typing `input`, as a person at a terminal would; returns the exit code and the screen.
fn in_terminal(moto: &Moto, args: &[&str], input: &str) -> (Option<i32>, String) {
    use std::io::Write;
    let command = std::iter::once(env!("CARGO_BIN_EXE_scalectl"))
        .chain(args.iter().copied())
        .chain(["--endpoint-url", &moto.url])
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run script: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn at_a_terminal_the_review_shows_the_update_warnings_before_asking() {
    let moto = Moto::with_zone();
    let out = scalectl(&moto, &["deploy", "stage0", "--stack-name", "tty", "--yes"]);
    expect(&out, 0);
    // Declined: the box's stop and start is said before the question; nothing changes.
    let (code, screen) = in_terminal(&moto, &["deploy", "stage1", "--stack-name", "tty"], "n\n");
    assert_eq!(code, Some(4), "{screen}");
    let warning = screen
        .find("warning: tty/WebInstance")
        .unwrap_or_else(|| panic!("{screen}"));
    let question = screen
        .find("Apply these changes to tty? [y/N]")
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(warning < question, "{screen}");
    assert!(
        screen.contains("not approved; nothing was changed"),
        "{screen}"
    );
    // Approved at the prompt: deployed.
    let (code, screen) = in_terminal(&moto, &["deploy", "stage1", "--stack-name", "tty"], "y\n");
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("tty: deployed"), "{screen}");
}

/// The shim is never more lenient than AWS: a stack update that RDS would refuse (less
/// storage, a downgrade, a major upgrade without the flag) fails on it too, so a test that
/// passes on the shim cannot hide one.
#[test]
fn the_shim_refuses_the_database_updates_rds_refuses() {
    let moto = Moto::start();
    let out = moto.python(
        "cfn = client('cloudformation')\n\
         def t(storage, version):\n    \
             return json.dumps({'Resources': {'Db': {'Type': 'AWS::RDS::DBInstance', 'Properties': {\n        \
                 'Engine': 'postgres', 'EngineVersion': version, 'DBInstanceClass': 'db.t4g.micro',\n        \
                 'AllocatedStorage': storage, 'MasterUsername': 'app', 'ManageMasterUserPassword': True}}}})\n\
         cfn.create_stack(StackName='s', TemplateBody=t('100', '17.9'))\n\
         for storage, version in [('50', '17.9'), ('105', '17.9'), ('100', '16.4'), ('100', '18.1'), ('110', '17.10')]:\n    \
             try:\n        \
                 cfn.update_stack(StackName='s', TemplateBody=t(storage, version))\n        \
                 print(storage, version, 'ok')\n    \
             except Exception as e:\n        \
                 print(storage, version, 'refused')\n",
    );
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "50 17.9 refused",
            "105 17.9 refused",
            "100 16.4 refused",
            "100 18.1 refused",
            "110 17.10 ok"
        ],
        "{out}"
    );
}

#[test]
fn a_raw_resource_and_an_override_deploy_and_update_in_place() {
    let moto = Moto::with_zone();
    let stage = |retention: u32| {
        format!(
            "extends: stage2\nname: ext\n\
             resources:\n  Events:\n    Type: AWS::Kinesis::Stream\n    Properties:\n      ShardCount: 1\n      \
             StreamEncryption: {{EncryptionType: KMS, KeyId: alias/aws/kinesis}}\n      \
             Tags:\n        - Key: site\n          Value: !GetAtt LoadBalancer.DNSName\n\
             overrides:\n  - resource: Database\n    set:\n      Properties.BackupRetentionPeriod: {retention}\n"
        )
    };
    let file = temp_stage("ext.yaml", &stage(14));
    create(&moto, &file, "ext");
    let report = json(&moto.python(
        "streams = client('kinesis').list_streams()['StreamNames']\n\
         db = [d for d in client('rds').describe_db_instances()['DBInstances'] if d['DBInstanceIdentifier'].startswith('ext')][0]\n\
         print(json.dumps({'streams': streams, 'retention': db['BackupRetentionPeriod']}))",
    ));
    assert_eq!(
        report["streams"].as_array().map(Vec::len),
        Some(1),
        "{report}"
    );
    assert_eq!(report["retention"], 14, "{report}");

    // A new value of the override is an in-place update of the database, nothing replaced.
    let file = temp_stage("ext.yaml", &stage(21));
    assert_eq!(
        diff_impacts(&moto, &file, "ext"),
        [("Database".to_string(), "update".to_string())]
    );
    let out = scalectl(&moto, &["deploy", &file, "--stack-name", "ext", "--yes"]);
    expect(&out, 0);
    let retention = moto.python(
        "db = [d for d in client('rds').describe_db_instances()['DBInstances'] if d['DBInstanceIdentifier'].startswith('ext')][0]\n\
         print(db['BackupRetentionPeriod'])",
    );
    assert_eq!(retention.trim(), "21");
}

#[test]
fn the_teams_image_bootstrap_and_settings_deploy_and_a_new_image_rolls_out() {
    let moto = Moto::with_zone();
    // Two images moto knows, and the secret and parameter the settings read.
    let images = json(&moto.python(
        "ids = sorted(i['ImageId'] for i in client('ec2').describe_images(Owners=['amazon'])['Images'] if i.get('Architecture') == 'x86_64')\n\
         client('secretsmanager').create_secret(Name='prod/payments/stripe', SecretString='{\"api_key\": \"sk\"}')\n\
         client('ssm').put_parameter(Name='/shop/feature-flags', Value='beta', Type='String')\n\
         print(json.dumps(ids[:2]))",
    ));
    let image = |i: usize| images[i].as_str().unwrap_or_default().to_string();
    let stage = |ami: &str| {
        format!(
            "extends: stage2\nname: app\ncompute:\n  web:\n    image: {ami}\n    bootstrap: |\n      \
             echo \"release ${{APP_VERSION:-1}}\" > /opt/release\n    settings:\n      LOG_LEVEL: info\n      \
             STRIPE_API_KEY: {{secret: prod/payments/stripe, key: api_key}}\n      \
             FEATURE_FLAGS: {{parameter: /shop/feature-flags}}\n"
        )
    };
    let file = temp_stage("app.yaml", &stage(&image(0)));
    create(&moto, &file, "app");
    // The launch template runs the team's part; the role reads exactly the named secret.
    let report = json(&moto.python(
        "import base64\n\
         ec2 = client('ec2')\n\
         lt = ec2.describe_launch_templates()['LaunchTemplates'][0]\n\
         v = ec2.describe_launch_template_versions(LaunchTemplateId=lt['LaunchTemplateId'])['LaunchTemplateVersions']\n\
         latest = max(v, key=lambda x: x['VersionNumber'])\n\
         data = base64.b64decode(latest['LaunchTemplateData']['UserData']).decode()\n\
         iam = client('iam')\n\
         role = [r['RoleName'] for r in iam.list_roles()['Roles'] if 'WebRole' in r['RoleName']][0]\n\
         policy = iam.get_role_policy(RoleName=role, PolicyName='team-settings')['PolicyDocument']\n\
         print(json.dumps({'image': latest['LaunchTemplateData']['ImageId'], 'bootstrap': 'echo \"release ${APP_VERSION:-1}\"' in data,\n\
           'secret': \"--secret-id 'prod/payments/stripe'\" in data, 'policy': json.dumps(policy)}))",
    ));
    assert_eq!(report["image"], image(0).as_str(), "{report}");
    assert_eq!(report["bootstrap"], true, "{report}");
    assert_eq!(report["secret"], true, "{report}");
    assert!(
        report["policy"]
            .as_str()
            .is_some_and(|p| p.contains("secret:prod/payments/stripe-??????")),
        "{report}"
    );

    // A new image is a new launch-template version rolled out to the fleet; nothing stateful
    // is replaced.
    let file = temp_stage("app.yaml", &stage(&image(1)));
    let out = scalectl(
        &moto,
        &["diff", &file, "--stack-name", "app", "--output", "json"],
    );
    let (stdout, _) = expect(&out, 0);
    let diff = json(&stdout);
    let changes = diff["stacks"][0]["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let launch_template = changes
        .iter()
        .find(|r| r["logical_id"] == "WebLaunchTemplate")
        .unwrap_or_else(|| panic!("no launch template change in {stdout}"));
    assert_eq!(launch_template["impact"], "update", "{stdout}");
    for change in &changes {
        assert!(
            !(change["stateful"] == true && change["impact"] == "replace"),
            "{change}"
        );
    }
    let out = scalectl(&moto, &["deploy", &file, "--stack-name", "app", "--yes"]);
    expect(&out, 0);
}

#[test]
fn a_services_command_and_injected_environment_deploy() {
    let moto = Moto::with_zone();
    create(&moto, "tests/fixtures/valid/services.yaml", "svc");
    let report = json(&moto.python(
        "ecs = client('ecs')\n\
         arns = ecs.list_task_definitions()['taskDefinitionArns']\n\
         defs = [ecs.describe_task_definition(taskDefinition=a)['taskDefinition'] for a in arns]\n\
         orders = [d for d in defs if d['family'].endswith('-orders')][0]['containerDefinitions'][0]\n\
         print(json.dumps({'command': orders.get('command'), 'secrets': sorted(s['name'] for s in orders.get('secrets', [])),\n\
           'plain': [e['value'] for e in orders['environment'] if e['name'] == 'LOG_LEVEL']}))",
    ));
    assert_eq!(
        report["command"],
        serde_json::json!(["nginx", "-g", "daemon off;"])
    );
    assert_eq!(
        report["secrets"],
        serde_json::json!(["FEATURE_FLAGS", "PAYMENT_TOKEN"])
    );
    assert_eq!(report["plain"], serde_json::json!(["info"]));
}

#[test]
fn traffic_shifting_services_deploy_and_their_production_rule_is_theirs() {
    let moto = Moto::with_zone();
    create(&moto, "tests/fixtures/valid/services.yaml", "svc");
    // Each traffic-shifting service forwards through one rule to both of its target groups,
    // weighted 100/0 until ECS moves the weights.
    let rules = json(&moto.python(
        "elb = client('elbv2')\n\
         lbs = elb.describe_load_balancers()['LoadBalancers']\n\
         out = {}\n\
         for lb in lbs:\n\
         \x20 for l in elb.describe_listeners(LoadBalancerArn=lb['LoadBalancerArn'])['Listeners']:\n\
         \x20   for r in elb.describe_rules(ListenerArn=l['ListenerArn'])['Rules']:\n\
         \x20     for a in r['Actions']:\n\
         \x20       groups = a.get('ForwardConfig', {}).get('TargetGroups', [])\n\
         \x20       if len(groups) == 2:\n\
         \x20         c = r['Conditions'][0]\n\
         \x20         out[(c.get('Values') or c['PathPatternConfig']['Values'])[0]] = [g['Weight'] for g in groups]\n\
         print(json.dumps(out))",
    ));
    assert_eq!(
        rules,
        serde_json::json!({"/orders/*": [100, 0], "/catalog/*": [100, 0]})
    );

    // Moving a traffic-shifting service's path would rewrite the rule ECS owns: refused
    // before anything changes.
    let dir = std::env::temp_dir().join(format!("scalectl-traffic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let moved = dir.join("services.yaml");
    let text = std::fs::read_to_string("tests/fixtures/valid/services.yaml")
        .unwrap_or_else(|e| panic!("{e}"))
        .replace("path: /catalog/*", "path: /shop/catalog/*");
    std::fs::write(&moved, text).unwrap_or_else(|e| panic!("{e}"));
    let moved = moved.to_string_lossy().to_string();
    let out = scalectl(&moto, &["deploy", &moved, "--stack-name", "svc", "--yes"]);
    let (_, stderr) = expect(&out, 4);
    assert!(
        stderr.contains("scalectl::update::traffic-owned"),
        "{stderr}"
    );
    assert!(stderr.contains("CatalogListenerRule"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn worker_code_from_a_directory_is_packaged_uploaded_and_changes_through_a_change_set() {
    let moto = Moto::with_zone();
    let dir = std::env::temp_dir().join(format!("scalectl-worker-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("order-worker")).unwrap_or_else(|e| panic!("{e}"));
    let write_code = |body: &str| {
        std::fs::write(
            dir.join("order-worker/app.py"),
            format!("def handler(event, context):\n    return {body}\n"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    };
    write_code("1");
    let file = dir.join("work.yaml");
    std::fs::write(
        &file,
        "extends: stage6\nname: work\nmessaging:\n  workers:\n    - name: order-worker\n      queue: orders\n      \
         code: {path: order-worker, handler: app.handler}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let file = file.to_string_lossy().to_string();
    let stderr = create(&moto, &file, "work");
    assert!(
        stderr.contains("uploading worker code s3://scalectl-staging-"),
        "{stderr}"
    );
    let keys = |moto: &Moto| {
        json(&moto.python(
            "s3 = client('s3')\n\
             name = 'scalectl-staging-123456789012-us-east-1'\n\
             print(json.dumps(sorted(o['Key'] for o in s3.list_objects_v2(Bucket=name, Prefix='code/')['Contents'])))",
        ))
    };
    let first = keys(&moto);
    assert_eq!(first.as_array().map(Vec::len), Some(1), "{first}");
    assert!(
        first[0]
            .as_str()
            .is_some_and(|k| k.starts_with("code/work/order-worker/") && k.ends_with(".zip"))
    );

    // The same code again is no change; new code is a new key, an update of the function.
    assert_eq!(diff_impacts(&moto, &file, "work"), []);
    write_code("2");
    assert_eq!(
        diff_impacts(&moto, &file, "work"),
        [("OrderWorkerFunction".to_string(), "update".to_string())]
    );
    let out = scalectl(&moto, &["deploy", &file, "--stack-name", "work", "--yes"]);
    expect(&out, 0);
    assert_eq!(keys(&moto).as_array().map(Vec::len), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
