//! Deterministic names: change sets and staged templates are named by a digest of what they
//! deploy, so the same input always gets the same name and a rerun finds what an interrupted
//! run left behind.

use sha2::{Digest, Sha256};

fn digest(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `scalectl-<12 hex digits>` from the template, parameters and tags.
pub fn change_set_name(
    template: &str,
    parameters: &[(String, String)],
    tags: &[(String, String)],
) -> String {
    let mut parts = vec![template, "parameters"];
    for (k, v) in parameters {
        parts.extend([k.as_str(), v.as_str()]);
    }
    parts.push("tags");
    for (k, v) in tags {
        parts.extend([k.as_str(), v.as_str()]);
    }
    format!("scalectl-{}", &digest(&parts)[..12])
}

/// The staging bucket's name for an account and region (globally unique, under 63 chars).
pub fn staging_bucket(account: &str, region: &str) -> String {
    format!("scalectl-staging-{account}-{region}")
}

/// The key a stack's template is staged under: content-addressed, so re-uploads are
/// idempotent and old versions stay for inspection.
pub fn staging_key(stack_name: &str, template: &str) -> String {
    format!("templates/{stack_name}/{}.json", &digest(&[template])[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_and_follow_content() {
        let p = vec![("A".to_string(), "1".to_string())];
        let a = change_set_name("{}", &p, &[]);
        assert_eq!(a, change_set_name("{}", &p, &[]));
        assert_ne!(a, change_set_name("{ }", &p, &[]));
        assert_ne!(a, change_set_name("{}", &[], &p));
        assert!(a.starts_with("scalectl-") && a.len() == 21);
        let bucket = staging_bucket("123456789012", "ap-southeast-1");
        assert!(bucket.len() <= 63, "{bucket}");
        assert!(staging_key("demo", "{}").starts_with("templates/demo/"));
    }
}
