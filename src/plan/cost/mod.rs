//! The monthly cost estimate: every priced resource of the synthesized stacks, priced from
//! the built-in table ([`crate::catalog::prices`]: on-demand, us-east-1, scaled by a factor
//! per region), with usage-priced services (CDN, tables, queues, load balancer capacity,
//! data transfer) priced from the stage's capacity model. Spot, Savings Plans and reserved
//! capacity are shown as savings beside the on-demand total, never folded into it.
//!
//! It is an estimate: list prices, one factor per region, linear usage. Free resources
//! (VPCs, subnets, security groups, IAM) are counted, not listed.

use crate::capacity::count;
use crate::catalog::prices::{self, HOURS_PER_MONTH, PRICES_AS_OF};
use crate::stage::Stage;
use crate::synth::StackTemplate;
use pricing::{Priced, Pricing, is_free, per_gb, price, usage};
use serde::Serialize;
use std::collections::BTreeMap;

mod pricing;
mod security;

/// Seconds in a billing month.
const SECONDS_PER_MONTH: f64 = HOURS_PER_MONTH * 3600.0;

/// How a line is priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// By the hour, whatever the traffic.
    Hourly,
    /// A flat monthly fee.
    Monthly,
    /// By usage, from the capacity model.
    Usage,
}

/// One priced resource (or one usage charge).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    /// Stack name suffix (empty for a single stack).
    pub stack: String,
    /// Region the stack deploys to.
    pub region: String,
    /// Logical ID, or a name in parentheses for a charge without a resource.
    pub id: String,
    /// CloudFormation type (or the service, for a charge without a resource).
    pub resource_type: String,
    /// What is priced, with quantities and unit prices.
    pub detail: String,
    /// How.
    pub basis: Basis,
    /// On-demand USD a month, region factor applied.
    pub monthly: f64,
    /// What Spot as configured saves a month.
    pub spot_saving: f64,
    /// What a 1-year no-upfront Compute Savings Plan (EC2, Fargate, Lambda) or 1-year
    /// reserved nodes (RDS, ElastiCache) would save a month.
    pub commitment_saving: f64,
}

/// The estimate of a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// When the price table was read.
    pub prices_as_of: &'static str,
    /// Currency.
    pub currency: &'static str,
    /// Lines, most expensive first.
    pub lines: Vec<CostLine>,
    /// On-demand total a month.
    pub total: f64,
    /// What Spot as configured saves a month.
    pub spot_saving: f64,
    /// What 1-year commitments (Compute Savings Plan, reserved RDS and ElastiCache) save.
    pub commitment_saving: f64,
    /// Region factors used, by region.
    pub region_factors: BTreeMap<String, f64>,
    /// Resources that cost nothing by themselves (VPC, subnets, security groups, IAM...).
    pub free_resources: usize,
    /// What could not be priced, and why.
    pub unpriced: Vec<String>,
    /// What the estimate leaves out or assumes.
    pub notes: Vec<String>,
}

impl Estimate {
    /// Totals per CloudFormation type, most expensive first.
    pub fn by_type(&self) -> Vec<(String, f64)> {
        let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
        for line in &self.lines {
            *totals.entry(&line.resource_type).or_default() += line.monthly;
        }
        let mut out: Vec<(String, f64)> = totals
            .into_iter()
            .map(|(t, v)| (t.to_string(), v))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

/// Price every resource of a stage's stacks.
pub fn estimate(stage: &Stage, stacks: &[StackTemplate]) -> Estimate {
    let assumptions = stage
        .capacity
        .as_ref()
        .map(|c| c.assumptions.clone())
        .unwrap_or_default();
    let usage = usage(stage);
    let mut lines = Vec::new();
    let mut unpriced = Vec::new();
    let mut free = 0;
    let mut factors = BTreeMap::new();
    let mut notes = Vec::new();
    for stack in stacks {
        let factor = match prices::region_factor(&stack.region) {
            Some(f) => f,
            None => {
                unpriced.push(format!(
                    "{}: no price factor for region {}; priced as us-east-1",
                    stack.suffix, stack.region
                ));
                1.0
            }
        };
        factors.insert(stack.region.clone(), factor);
        for (id, resource) in &stack.template.resources {
            if is_free(resource) {
                free += 1;
                continue;
            }
            let mut pricing = Pricing {
                stage,
                a: &assumptions,
                usage: usage.as_ref(),
                stack,
                unpriced: &mut unpriced,
            };
            let Some(priced) = price(&mut pricing, id, resource) else {
                continue;
            };
            // Route 53 and CloudFront are global services, priced the same whichever
            // region's stack holds them; AWS WAF costs the same in every region.
            let global = ["AWS::Route53::", "AWS::CloudFront::", "AWS::WAFv2::"]
                .iter()
                .any(|p| resource.resource_type.starts_with(p));
            let factor = if global { 1.0 } else { factor };
            lines.push(line(stack, id, &resource.resource_type, priced, factor));
        }
        if let Some(u) = &usage
            && !stack.suffix.contains("shards")
            && stage.load_balancer.is_some()
        {
            let gb = u.dynamic_rps * assumptions.dynamic_response_kb * SECONDS_PER_MONTH / 1e6;
            lines.push(line(
                stack,
                "(internet egress)",
                "data transfer",
                Priced::new(
                    format!(
                        "{} GB of dynamic responses ({} KB each) at {}",
                        count(gb),
                        count(assumptions.dynamic_response_kb),
                        per_gb(gb, prices::DATA_TRANSFER_OUT_TIERS)
                    ),
                    Basis::Usage,
                    prices::tiered(gb, prices::DATA_TRANSFER_OUT_TIERS),
                ),
                factor,
            ));
        }
    }
    lines.sort_by(|a, b| {
        b.monthly
            .total_cmp(&a.monthly)
            .then_with(|| (&a.stack, &a.id).cmp(&(&b.stack, &b.id)))
    });
    if usage.is_none() {
        notes.push("usage-priced services (CDN, tables, queues, workers, load balancer capacity, data transfer) are at zero: add a `capacity:` section to the stage to estimate them".to_string());
    } else {
        notes.push(format!(
            "usage at {} of the peak on average over the month (capacity.assumptions.mean_to_peak)",
            assumptions.mean_to_peak
        ));
    }
    notes.push("not included: NAT and VPC data processing, CloudWatch Logs ingestion (log groups, RDS enhanced monitoring and log exports), VPC flow log delivery, inter-region replication traffic, support plans, taxes".to_string());
    Estimate {
        prices_as_of: PRICES_AS_OF,
        currency: "USD",
        total: cents(lines.iter().map(|l| l.monthly).sum()),
        spot_saving: cents(lines.iter().map(|l| l.spot_saving).sum()),
        commitment_saving: cents(lines.iter().map(|l| l.commitment_saving).sum()),
        lines,
        region_factors: factors,
        free_resources: free,
        unpriced,
        notes,
    }
}

fn line(stack: &StackTemplate, id: &str, resource_type: &str, p: Priced, factor: f64) -> CostLine {
    CostLine {
        stack: stack.suffix.clone(),
        region: stack.region.clone(),
        id: id.to_string(),
        resource_type: resource_type.to_string(),
        detail: p.detail,
        basis: p.basis,
        monthly: cents(p.monthly * factor),
        spot_saving: cents(p.spot_saving * factor),
        commitment_saving: cents(p.commitment_saving * factor),
    }
}

/// Rounded to the cent: estimates do not pretend to more.
pub(crate) fn cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
