//! The CDN's companion stack. CloudFront takes its certificate and its web ACL only from
//! us-east-1; a stage whose CDN lives in another region's stack gets both from a small
//! stack there (`<stack>-edge`), which deploys first and hands over their ARNs through its
//! outputs (scalectl fills the edge stack's parameters from them, as for shard stacks).
//! When the CDN's stack is in us-east-1 itself, both live in that stack and there is no
//! companion.

use super::context::{Ctx, r};
use super::waf::{self, Scope};
use super::{StackInput, StackTemplate, SynthError, certificate};
use crate::catalog;
use crate::cfn::template::Parameter;
use crate::cfn::{LogicalId, Template, Value};
use crate::stage::Stage;

/// The companion's suffix.
pub const SUFFIX: &str = "edge";
/// The only region CloudFront reads certificates and web ACLs from.
pub const REGION: &str = "us-east-1";
/// The output (and the edge stack's parameter) with the certificate's ARN.
pub const CERTIFICATE_ARN: &str = "CdnCertificateArn";
/// The output (and the edge stack's parameter) with the web ACL's ARN.
pub const WEB_ACL_ARN: &str = "CdnWebAclArn";

/// Whether CloudFront in a stack in `region` needs a certificate or a web ACL from elsewhere.
pub fn needed(stage: &Stage, region: &str) -> bool {
    region != REGION
        && stage.edge.is_some()
        && (certificate::cdn_host(stage).is_some() || stage.security.waf.on_cdn())
}

/// The companion stack.
pub fn synthesize(stage: &Stage) -> Result<StackTemplate, SynthError> {
    let region =
        catalog::region(REGION).ok_or_else(|| SynthError::UnknownRegion(REGION.to_string()))?;
    let mut ctx = Ctx::without_network(
        stage,
        region,
        Template::new(format!(
            "scalectl {} ({}): CloudFront's certificate and web ACL, which CloudFront reads only from us-east-1",
            stage.name, stage.title
        )),
    );
    if let Some(cert) = certificate::cdn(&mut ctx)? {
        ctx.output(CERTIFICATE_ARN, "CloudFront's certificate", r(&cert))?;
    }
    let acl = if stage.security.waf.on_cdn() {
        waf::web_acl(&mut ctx, waf::CDN_ACL, Scope::CloudFront)?
    } else {
        None
    };
    if let Some(acl) = acl {
        ctx.output(WEB_ACL_ARN, "CloudFront's web ACL", waf::arn(&acl))?;
    }
    Ok(StackTemplate {
        suffix: SUFFIX.to_string(),
        region: REGION.to_string(),
        template: ctx.template,
        depends_on: Vec::new(),
        inputs: Vec::new(),
        pins: Vec::new(),
        zones: ctx.zones,
        code_keys: Vec::new(),
    })
}

/// In the CDN's stack: a parameter filled from the companion's output of the same name.
pub fn input(
    ctx: &mut Ctx<'_>,
    output: &str,
    description: &str,
) -> Result<Value<String>, SynthError> {
    ctx.template.parameter(
        &LogicalId::from(output),
        Parameter {
            param_type: "String".to_string(),
            description: format!(
                "{description} (from the {SUFFIX} stack in {REGION}; scalectl fills it)"
            ),
            default: None,
        },
    )?;
    ctx.inputs.push(StackInput {
        parameter: output.to_string(),
        from_stack: SUFFIX.to_string(),
        output: output.to_string(),
    });
    Ok(Value::r#ref(output))
}
