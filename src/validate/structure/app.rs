//! Structural rules for the team's application on the web tier: its image, bootstrap script
//! and settings.

use super::*;
use crate::stage::app::{is_ami_id, is_ssm_path, names_a_secret};
use crate::stage::{AppSetting, WebTier};

const CODE_IMAGE: &str = crate::diagnostic::codes::validate::IMAGE;
const CODE_BOOTSTRAP: &str = crate::diagnostic::codes::validate::BOOTSTRAP;
const CODE_SETTING: &str = crate::diagnostic::codes::validate::SETTING;
const CODE_PLAINTEXT_SECRET: &str = crate::diagnostic::codes::validate::PLAINTEXT_SECRET;

/// The most the team's bootstrap may take of the 16 KiB EC2 allows for user data (scalectl's
/// own part takes the rest).
pub(crate) const MOST_BOOTSTRAP_BYTES: usize = 12 * 1024;

pub(super) fn app(web: &WebTier, f: &mut Findings<'_>) {
    if let Some(image) = &web.image
        && !is_ami_id(image)
        && !is_ssm_path(image)
    {
        f.error(
            CODE_IMAGE,
            "compute.web.image",
            format!("`{image}` is neither an AMI ID nor a Systems Manager parameter path"),
            "give an image ID (`ami-0abc1234def567890`) or the path of a parameter that holds one (`/shop/web/ami`)",
        );
    }
    if let Some(script) = &web.bootstrap {
        if script.len() > MOST_BOOTSTRAP_BYTES {
            f.error(
                CODE_BOOTSTRAP,
                "compute.web.bootstrap",
                format!(
                    "the bootstrap is {} bytes; EC2 takes 16 KiB of user data, {MOST_BOOTSTRAP_BYTES} of them for it",
                    script.len()
                ),
                "keep the script short: have it fetch the rest (from S3 or your package repository) with the instance role",
            );
        }
        if script.lines().any(|l| l.trim() == "SCALECTL_BOOTSTRAP_END") {
            f.error(
                CODE_BOOTSTRAP,
                "compute.web.bootstrap",
                "the bootstrap has a line `SCALECTL_BOOTSTRAP_END`, which ends it early in the user data",
                "rename that line's word",
            );
        }
    }
    settings(&web.settings, "compute.web.settings", false, f);
}

/// The container services' own environment and command.
pub(super) fn services(services: &[crate::stage::ContainerService], f: &mut Findings<'_>) {
    for (i, service) in services.iter().enumerate() {
        settings(
            &service.environment,
            &format!("compute.services[{i}].environment"),
            true,
            f,
        );
    }
}

/// Names, plain values and references of settings under `at`. ECS injects a secret only by
/// its full ARN (`needs_arn`).
fn settings(
    map: &std::collections::BTreeMap<String, AppSetting>,
    at: &str,
    needs_arn: bool,
    f: &mut Findings<'_>,
) {
    for (name, setting) in map {
        let path = format!("{at}.{name}");
        let named = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !named {
            f.error(
                CODE_SETTING,
                &path,
                format!("`{name}` is not an environment variable name"),
                "use letters, digits and underscores, starting with a letter (`LOG_LEVEL`)",
            );
        }
        match setting {
            AppSetting::Plain(value) if names_a_secret(name) => f.error(
                CODE_PLAINTEXT_SECRET,
                &path,
                format!("`{name}` holds a secret, written here in plain text"),
                format!(
                    "put the value in Secrets Manager and refer to it: `{name}: {{secret: prod/app/{}}}` (or `{{parameter: /app/{}}}` for a SecureString); a value in a stage file ends up in the template and in git{}",
                    name.to_ascii_lowercase().replace('_', "-"),
                    name.to_ascii_lowercase().replace('_', "-"),
                    if value.text().is_empty() { "" } else { " (rotate it: it has been written down)" }
                ),
            ),
            AppSetting::Plain(value) if value.text().contains(['\n', '\r']) => f.error(
                CODE_SETTING,
                &path,
                format!("`{name}` spans several lines; the environment file takes one line a setting"),
                "keep the value on one line, or store it as a parameter and read it with `{parameter: ...}`",
            ),
            AppSetting::Secret { secret, .. } if !reference_ok(secret) => f.error(
                CODE_SETTING,
                &format!("{path}.secret"),
                format!("`{secret}` is not a secret's name or ARN"),
                "use the name as Secrets Manager shows it (`prod/payments/api-key`) or its ARN",
            ),
            AppSetting::Parameter { parameter } if !reference_ok(parameter) => f.error(
                CODE_SETTING,
                &format!("{path}.parameter"),
                format!("`{parameter}` is not a parameter name"),
                "use the parameter's name, e.g. `/shop/feature-flags`",
            ),
            AppSetting::Secret { secret, .. } if needs_arn && !secret.starts_with("arn:") => f.error(
                CODE_SETTING,
                &format!("{path}.secret"),
                format!("ECS injects a secret by its full ARN; `{secret}` is a name"),
                "copy the secret's ARN from Secrets Manager, with the six characters after its name (`arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/api-AbCdEf`)",
            ),
            _ => {}
        }
    }
}

/// A secret or parameter reference: non-empty, of the characters AWS allows in names and ARNs.
fn reference_ok(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 2048
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_+=.@-:".contains(c))
}
