//! A multi-region stage end to end against moto (which keeps regions apart by the request's
//! region): stage7's three regional stacks deploy, each in its own region, the global stack
//! after them with their load balancers' outputs as parameters; a redeploy is "no changes"
//! everywhere; `status` reads the whole graph; `destroy` removes the global stack before the
//! regions.

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

    // Deploy: regions in parallel, the global stack after them.
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
        [
            "s7-us-east-1",
            "s7-eu-west-1",
            "s7-ap-southeast-1",
            "s7-global"
        ],
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
    }
    assert_eq!(stacks[3]["region"], "us-east-1");
    assert!(stacks[3]["outputs"]["SiteUrl"].is_string(), "{}", stacks[3]);

    // Each regional stack lives in its own region; the global one in the first.
    let live = stacks_by_region(&moto);
    assert_eq!(
        live["us-east-1"],
        serde_json::json!(["s7-global", "s7-us-east-1"])
    );
    assert_eq!(live["eu-west-1"], serde_json::json!(["s7-eu-west-1"]));
    assert_eq!(
        live["ap-southeast-1"],
        serde_json::json!(["s7-ap-southeast-1"])
    );

    // The global stack started only after every region finished: its first event comes
    // after the last event of each regional stack.
    let order = moto.python(
        "def first(region, name):\n    \
             events = client('cloudformation', region).describe_stack_events(StackName=name)['StackEvents']\n    \
             return min(e['Timestamp'] for e in events)\n\
         def last(region, name):\n    \
             events = client('cloudformation', region).describe_stack_events(StackName=name)['StackEvents']\n    \
             return max(e['Timestamp'] for e in events)\n\
         g = first('us-east-1', 's7-global')\n\
         print(all(last(r, 's7-' + r) <= g for r in ['us-east-1', 'eu-west-1', 'ap-southeast-1']))",
    );
    assert_eq!(
        order.trim(),
        "True",
        "global stack must follow the regions\n{stderr}"
    );

    // The global records point at each region's load balancer, fed through parameters.
    let params = moto.python(
        "s = client('cloudformation').describe_stacks(StackName='s7-global')['Stacks'][0]\n\
         print(json.dumps({p['ParameterKey']: p['ParameterValue'] for p in s.get('Parameters', [])}))",
    );
    let params = json(&params);
    for (stack, key) in stacks.iter().zip(["UsEast1", "EuWest1", "ApSoutheast1"]) {
        assert_eq!(
            params[format!("LoadBalancerDns{key}")],
            stack["outputs"]["LoadBalancerDnsName"],
            "{params}"
        );
    }

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
    for name in [
        "s7-us-east-1",
        "s7-eu-west-1",
        "s7-ap-southeast-1",
        "s7-global",
    ] {
        assert!(
            stdout.contains(&format!("{name}: CREATE_COMPLETE")),
            "{stdout}"
        );
    }

    // Destroy: the global stack first, then the regions.
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
    // The order shows in moto's records: the global stack's deletion ended before any
    // region's began (deleted stacks are read by their ID).
    let order = moto.python(
        "def events(region, name):\n    \
             cfn = client('cloudformation', region)\n    \
             ids = [s['StackId'] for s in cfn.list_stacks()['StackSummaries'] if s['StackName'] == name]\n    \
             return [e for i in ids for e in cfn.describe_stack_events(StackName=i)['StackEvents']]\n\
         g = max(e['Timestamp'] for e in events('us-east-1', 's7-global') if e['ResourceStatus'] == 'DELETE_COMPLETE')\n\
         starts = [min(e['Timestamp'] for e in events(r, 's7-' + r) if e['ResourceStatus'] == 'DELETE_IN_PROGRESS') for r in ['us-east-1', 'eu-west-1', 'ap-southeast-1']]\n\
         print(all(g <= s for s in starts))",
    );
    assert_eq!(
        order.trim(),
        "True",
        "the global stack goes first:\n{stderr}"
    );
    let live = stacks_by_region(&moto);
    for region in REGIONS {
        assert_eq!(live[region], serde_json::json!([]), "{live}");
    }
}
