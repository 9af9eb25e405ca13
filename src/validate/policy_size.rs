//! IAM's limit on a role's inline policies: 10,240 characters in all, whitespace not
//! counted (IAM and AWS STS quotas, "Role policy size"). A role is given its inline policies
//! by its own stack and by the shard stacks of its region (which grant it their shards'
//! secrets), so the sum is taken over the region's stacks. Template values that
//! CloudFormation resolves (ARNs, names, URLs) are counted at a typical resolved length: the
//! size is an estimate, and the rule errs towards counting more.

use super::findings::Findings;
use crate::synth::StackTemplate;
use serde_json::Value;
use std::collections::BTreeMap;

/// Characters of inline policy a role may have in all.
pub const ROLE_INLINE_POLICY_MAX: usize = crate::catalog::services::ROLE_INLINE_POLICY_MAX_CHARS;

/// What a reference resolves to, at its length: the ARN, URL or name of a resource that
/// CloudFormation names `<stack>-<logical ID>-<13 random characters>`, in the longest
/// region name (14 characters) and a 12-digit account; the RDS-managed secret ARNs scalectl
/// grants are longer, and counted at 100.
#[derive(Debug, Clone, Copy)]
struct Resolve<'a> {
    stack: &'a str,
}

impl Resolve<'_> {
    /// `arn:aws:<service>:<region>:<account>:` with the longest service prefix scalectl
    /// grants on (`secretsmanager`), then the generated name.
    fn reference(&self, target: &str, attribute: &str) -> usize {
        if attribute.contains("Secret") {
            return 100;
        }
        "arn:aws:secretsmanager:".len()
            + 14
            + 1
            + 12
            + 1
            + self.stack.len()
            + 1
            + target.len()
            + 1
            + 13
    }
}

/// A reference whose target is not known, at the length of an ARN with a long name.
const RESOLVED: usize = 100;

const CODE: &str = crate::diagnostic::codes::validate::POLICY_SIZE;

/// Estimated characters of a policy value once CloudFormation resolves it, without
/// whitespace.
fn resolved_len(value: &Value, r: Resolve<'_>) -> usize {
    match value {
        Value::Null => 4,
        Value::Bool(b) => usize::from(*b) * 4 + usize::from(!*b) * 5,
        Value::Number(n) => n.to_string().len(),
        Value::String(s) => s.chars().filter(|c| !c.is_whitespace()).count() + 2,
        Value::Array(items) => {
            items.iter().map(|v| resolved_len(v, r)).sum::<usize>()
                + items.len().saturating_sub(1)
                + 2
        }
        Value::Object(map) => {
            if let Some(text) = map.get("Fn::Sub").and_then(sub_text) {
                return sub_len(text, r) + 2;
            }
            if let Some(Value::String(target)) = map.get("Ref") {
                return r.reference(target, "") + 2;
            }
            if let Some(Value::Array(att)) = map.get("Fn::GetAtt")
                && let [Value::String(target), Value::String(attribute)] = att.as_slice()
            {
                return r.reference(target, attribute) + 2;
            }
            if map.len() == 1 && map.keys().any(|k| k.starts_with("Fn::")) {
                return RESOLVED + 2;
            }
            if let Some(Value::Array(join)) = map.get("Fn::Join")
                && let [Value::String(sep), Value::Array(parts)] = join.as_slice()
            {
                let inner: usize = parts
                    .iter()
                    .map(|p| resolved_len(p, r).saturating_sub(2))
                    .sum();
                return inner + sep.len() * parts.len().saturating_sub(1) + 2;
            }
            map.iter()
                .map(|(k, v)| k.len() + 3 + resolved_len(v, r))
                .sum::<usize>()
                + map.len().saturating_sub(1)
                + 2
        }
    }
}

fn sub_text(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Array(parts) => parts.first().and_then(Value::as_str),
        _ => None,
    }
}

/// `Fn::Sub` text with every `${...}` at its resolved length.
fn sub_len(text: &str, r: Resolve<'_>) -> usize {
    let mut len = 0;
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        len += rest[..start].chars().filter(|c| !c.is_whitespace()).count();
        let Some(end) = rest[start..].find('}') else {
            return len + rest[start..].len();
        };
        len += match &rest[start + 2..start + end] {
            "AWS::AccountId" => 12,
            "AWS::Region" => 14,
            "AWS::Partition" => 10,
            "AWS::URLSuffix" => 13,
            "AWS::StackName" => r.stack.len(),
            other => match other.split_once('.') {
                Some((target, attribute)) => r.reference(target, attribute),
                None => r.reference(other, ""),
            },
        };
        rest = &rest[start + end + 1..];
    }
    len + rest.chars().filter(|c| !c.is_whitespace()).count()
}

/// Estimated inline policy characters per role, keyed by (region, role logical ID): a
/// role's own `Policies`, and `AWS::IAM::Policy` resources of any stack in its region that
/// name it (`Ref` of the role, or of the parameter carrying its name, which shard stacks
/// call after the role).
pub fn role_sizes(base: &str, stacks: &[StackTemplate]) -> BTreeMap<(String, String), usize> {
    let mut sizes: BTreeMap<(String, String), usize> = BTreeMap::new();
    for stack in stacks {
        let name = stack.stack_name(base);
        let r = Resolve { stack: &name };
        for (id, resource) in &stack.template.resources {
            let props = &resource.properties;
            match resource.resource_type.as_str() {
                "AWS::IAM::Role" => {
                    let own: usize = props["Policies"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|p| resolved_len(&p["PolicyDocument"], r))
                        .sum();
                    *sizes
                        .entry((stack.region.clone(), id.to_string()))
                        .or_default() += own;
                }
                "AWS::IAM::Policy" => {
                    let size = resolved_len(&props["PolicyDocument"], r);
                    for role in props["Roles"].as_array().into_iter().flatten() {
                        if let Some(name) = role.get("Ref").and_then(Value::as_str) {
                            *sizes
                                .entry((stack.region.clone(), name.to_string()))
                                .or_default() += size;
                        }
                    }
                }
                _ => {}
            }
        }
    }
    sizes
}

/// Check every role's inline policies against IAM's limit.
pub(crate) fn check(
    stage: &crate::stage::Stage,
    base: &str,
    stacks: &[StackTemplate],
    f: &mut Findings<'_>,
) {
    for ((region, role), size) in role_sizes(base, stacks) {
        if size <= ROLE_INLINE_POLICY_MAX {
            continue;
        }
        let shards = stage.data.database.as_ref().map_or(0, |d| d.shards);
        let (path, what) = match super::limits::growth(stage).first() {
            Some((path, n)) if u32::try_from(*n).unwrap_or(u32::MAX) >= shards => (
                path.to_string(),
                format!("access to each of the {n} entries of `{path}`"),
            ),
            _ if shards > 1 => (
                "data.database.shards".to_string(),
                format!("{shards} shards, each with its own secret"),
            ),
            _ => ("name".to_string(), "the stage's data stores".to_string()),
        };
        f.error(
            CODE,
            &path,
            format!(
                "the inline policies of role `{role}` in {region} come to about {size} characters; IAM allows {ROLE_INLINE_POLICY_MAX} per role (whitespace not counted), and the role is granted {what}"
            ),
            "fewer queues, topics, tables or shards per stage; the deploy would fail at the role with `LimitExceeded`",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resolved_values_count_at_their_typical_length() {
        let r = Resolve { stack: "shop" };
        let arn = |id: &str| 23 + 14 + 1 + 12 + 1 + 4 + 1 + id.len() + 1 + 13;
        assert_eq!(resolved_len(&json!("a b"), r), 4);
        assert_eq!(resolved_len(&json!({"Ref": "Queue"}), r), arn("Queue") + 2);
        assert_eq!(
            resolved_len(
                &json!({"Fn::GetAtt": ["Db", "MasterUserSecret.SecretArn"]}),
                r
            ),
            102
        );
        assert_eq!(
            resolved_len(
                &json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"}),
                r
            ),
            "arn::s3:::/*".len() + 10 + arn("Bucket") + 2
        );
        assert_eq!(resolved_len(&json!(["a", "b"]), r), 3 + 3 + 1 + 2);
    }

    /// Built-in stages need no files.
    struct NoFiles;

    impl crate::stage::FileReader for NoFiles {
        fn read(&self, path: &std::path::Path) -> std::io::Result<String> {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                path.display().to_string(),
            ))
        }
    }

    #[test]
    fn every_golden_path_is_well_inside_the_limit() {
        for builtin in crate::stage::BUILTIN_STAGES {
            let Ok(loaded) = crate::stage::load(
                &crate::stage::StageRef::Builtin(builtin.name.to_string()),
                &NoFiles,
            ) else {
                panic!("{} does not load", builtin.name);
            };
            let Ok(stacks) = crate::synth::synthesize(&loaded.stage) else {
                panic!("{} does not synthesize", builtin.name);
            };
            for ((region, role), size) in role_sizes(builtin.name, &stacks) {
                assert!(
                    size < ROLE_INLINE_POLICY_MAX / 2,
                    "{} {region} {role}: {size}",
                    builtin.name
                );
            }
        }
    }
}
