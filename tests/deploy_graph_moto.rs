//! A multi-region stage end to end against moto (which keeps regions apart by the request's
//! region): stage7's first region's stack (the graph's own name) deploys first, with the
//! tables replicated to every region and its latency record; the other regions' stacks after
//! it, each in its own region with its own latency record; a redeploy is "no changes"
//! everywhere; `status` reads the whole graph; `destroy` removes the other regions before the
//! first.

#![allow(clippy::panic)] // test helpers fail the test loudly

mod support;

use support::moto::{Moto, expect, json, scalectl};

const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-southeast-1"];

/// Stack names in each region, as moto reports them (deleted stacks left out).
fn stacks_by_region(moto: &Moto) -> serde_json::Value {
    json(&moto.python(
        "out = {}\n\
         for region in ['us-east-1', 'eu-west-1', 'ap-southeast-1']:\n    \
             stacks = client('cloudformation', region).describe_stacks()['Stacks']\n    \
             out[region] = sorted(s['StackName'] for s in stacks if s['StackStatus'] != 'DELETE_COMPLETE')\n\
         print(json.dumps(out))",
    ))
}

#[test]
fn stage7_deploys_as_a_graph_across_three_regions() {
    let moto = Moto::with_zone();

    // Deploy: the first region, then the others in parallel.
    let out = scalectl(
        &moto,
        &[
            "deploy",
            "stage7",
            "--stack-name",
            "s7",
            "--yes",
            "--concurrency",
            "3",
            "--output",
            "json",
        ],
    );
    let (stdout, stderr) = expect(&out, 0);
    let doc = json(&stdout);
    let stacks = doc["stacks"].as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = stacks.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(
        names,
        ["s7", "s7-eu-west-1", "s7-ap-southeast-1"],
        "{stdout}"
    );
    for stack in &stacks {
        assert_eq!(stack["result"], "deployed", "{stack}");
        assert_eq!(stack["status"], "CREATE_COMPLETE", "{stack}");
    }
    for (stack, region) in stacks.iter().zip(REGIONS) {
        assert_eq!(stack["region"], region);
        assert!(
            stack["stack_id"]
                .as_str()
                .is_some_and(|id| id.starts_with(&format!("arn:aws:cloudformation:{region}:"))),
            "{stack}"
        );
        assert!(
            stack["outputs"]["LoadBalancerDnsName"].is_string(),
            "{stack}"
        );
        assert!(stack["outputs"]["SiteUrl"].is_string(), "{stack}");
    }

    // Each stack lives in its own region.
    let live = stacks_by_region(&moto);
    assert_eq!(live["us-east-1"], serde_json::json!(["s7"]));
    assert_eq!(live["eu-west-1"], serde_json::json!(["s7-eu-west-1"]));
    assert_eq!(
        live["ap-southeast-1"],
        serde_json::json!(["s7-ap-southeast-1"])
    );

    // The other regions started only after the first finished: their first event comes
    // after its last (its latency record must be in place before they add theirs).
    let order = moto.python(
        "def first(region, name):\n    \
             events = client('cloudformation', region).describe_stack_events(StackName=name)['StackEvents']\n    \
             return min(e['Timestamp'] for e in events)\n\
         def last(region, name):\n    \
             events = client('cloudformation', region).describe_stack_events(StackName=name)['StackEvents']\n    \
             return max(e['Timestamp'] for e in events)\n\
         f = last('us-east-1', 's7')\n\
         print(all(f <= first(r, 's7-' + r) for r in ['eu-west-1', 'ap-southeast-1']))",
    );
    assert_eq!(
        order.trim(),
        "True",
        "the other regions must follow the first\n{stderr}"
    );

    // One latency record per region for the site's name, each to its own load balancer.
    let records = json(&moto.python(
        "r53 = client('route53')\n\
         zone = r53.list_hosted_zones()['HostedZones'][0]['Id']\n\
         sets = r53.list_resource_record_sets(HostedZoneId=zone)['ResourceRecordSets']\n\
         print(json.dumps(sorted([s.get('SetIdentifier'), s.get('Region'), s['AliasTarget']['DNSName']] for s in sets if s['Name'] == 'www.example.com.')))",
    ));
    let want: Vec<serde_json::Value> = REGIONS
        .iter()
        .zip(&stacks)
        .map(|(region, stack)| {
            serde_json::json!([region, region, stack["outputs"]["LoadBalancerDnsName"]])
        })
        .collect::<Vec<_>>();
    let mut want = want;
    want.sort_by_key(|v| v[0].as_str().unwrap_or_default().to_string());
    let got: Vec<serde_json::Value> = records
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|mut r| {
            // Route 53 may return the alias name with a trailing dot.
            if let Some(name) = r[2].as_str() {
                r[2] = serde_json::json!(name.trim_end_matches('.'));
            }
            r
        })
        .collect();
    assert_eq!(got, want, "{records}");

    // The tables live in the first stack and have a replica in every region.
    let tables = moto.python(
        "print(all(client('dynamodb', r).describe_table(TableName='s7-events')['Table']['TableStatus'] == 'ACTIVE' for r in ['us-east-1', 'eu-west-1', 'ap-southeast-1']))",
    );
    assert_eq!(tables.trim(), "True");

    // Redeploy: no changes anywhere.
    let out = scalectl(
        &moto,
        &[
            "deploy",
            "stage7",
            "--stack-name",
            "s7",
            "--yes",
            "--output",
            "json",
        ],
    );
    let (stdout, _) = expect(&out, 0);
    let doc = json(&stdout);
    for stack in doc["stacks"].as_array().cloned().unwrap_or_default() {
        assert_eq!(stack["result"], "no-changes", "{stack}");
    }

    // Status of the whole graph.
    let out = scalectl(&moto, &["status", "stage7", "--stack-name", "s7"]);
    let (stdout, _) = expect(&out, 0);
    for name in ["s7", "s7-eu-west-1", "s7-ap-southeast-1"] {
        assert!(
            stdout.contains(&format!("{name}: CREATE_COMPLETE")),
            "{stdout}"
        );
    }

    // Destroy: the other regions first, then the first.
    let out = scalectl(
        &moto,
        &[
            "destroy",
            "stage7",
            "--stack-name",
            "s7",
            "--yes",
            "--output",
            "json",
        ],
    );
    let (stdout, stderr) = expect(&out, 0);
    let doc = json(&stdout);
    for stack in doc["stacks"].as_array().cloned().unwrap_or_default() {
        assert_eq!(stack["result"], "deleted", "{stack}");
    }
    // The order shows in moto's records: the other regions' deletions ended before the
    // first region's began (deleted stacks are read by their ID).
    let order = moto.python(
        "def events(region, name):\n    \
             cfn = client('cloudformation', region)\n    \
             ids = [s['StackId'] for s in cfn.list_stacks()['StackSummaries'] if s['StackName'] == name]\n    \
             return [e for i in ids for e in cfn.describe_stack_events(StackName=i)['StackEvents']]\n\
         ends = [max(e['Timestamp'] for e in events(r, 's7-' + r) if e['ResourceStatus'] == 'DELETE_COMPLETE') for r in ['eu-west-1', 'ap-southeast-1']]\n\
         start = min(e['Timestamp'] for e in events('us-east-1', 's7') if e['ResourceStatus'] == 'DELETE_IN_PROGRESS')\n\
         print(all(e <= start for e in ends))",
    );
    assert_eq!(
        order.trim(),
        "True",
        "the other regions go first:\n{stderr}"
    );
    let live = stacks_by_region(&moto);
    for region in REGIONS {
        assert_eq!(live[region], serde_json::json!([]), "{live}");
    }
}

#[test]
fn a_cdn_outside_us_east_1_gets_its_certificate_and_web_acl_from_a_companion_there() {
    let moto = Moto::with_zone();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("edge-companion");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("away.yaml");
    let _ = std::fs::write(
        &file,
        "extends: stage1\nname: away\nnetwork:\n  region: eu-west-1\n",
    );
    let file = file.to_string_lossy().to_string();
    let out = scalectl(
        &moto,
        &[
            "deploy",
            &file,
            "--stack-name",
            "away",
            "--yes",
            "--output",
            "json",
        ],
    );
    let (stdout, stderr) = expect(&out, 0);
    let doc = json(&stdout);
    let stacks = doc["stacks"].as_array().cloned().unwrap_or_default();
    let placed: Vec<(&str, &str)> = stacks
        .iter()
        .filter_map(|s| Some((s["name"].as_str()?, s["region"].as_str()?)))
        .collect();
    // The companion first, in us-east-1; the stage's own stack after it.
    assert_eq!(
        placed,
        [("away-edge", "us-east-1"), ("away", "eu-west-1")],
        "{stdout}\n{stderr}"
    );
    for stack in &stacks {
        assert_eq!(stack["result"], "deployed", "{stack}");
    }
    let certificate = stacks[0]["outputs"]["CdnCertificateArn"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        certificate.starts_with("arn:aws:acm:us-east-1:"),
        "{stdout}"
    );

    // CloudFront uses what the companion made.
    let report = json(&moto.python(
        "d = client('cloudfront').list_distributions()['DistributionList']['Items'][0]\n\
         print(json.dumps({'certificate': d['ViewerCertificate'].get('ACMCertificateArn', ''), 'acl': d.get('WebACLId', '')}))",
    ));
    assert_eq!(report["certificate"], certificate.as_str(), "{report}");
    assert_eq!(
        report["acl"].as_str(),
        stacks[0]["outputs"]["CdnWebAclArn"].as_str(),
        "{report}"
    );

    // Destroy removes both.
    let out = scalectl(
        &moto,
        &[
            "destroy",
            &file,
            "--stack-name",
            "away",
            "--yes",
            "--output",
            "json",
        ],
    );
    let (stdout, _) = expect(&out, 0);
    let deleted = json(&stdout)["stacks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(deleted.len(), 2, "{stdout}");
    for stack in &deleted {
        assert_eq!(stack["result"], "deleted", "{stack}");
    }
    let live = stacks_by_region(&moto);
    for region in REGIONS {
        assert_eq!(live[region], serde_json::json!([]), "{live}");
    }
}
