//! Scripts rendered from minijinja templates in `templates/` (embedded at build time).

use super::SynthError;
use minijinja::Environment;
use serde::Serialize;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "user-data-single.sh",
        include_str!("../../templates/user-data-single.sh.j2"),
    ),
    (
        "user-data-fleet.sh",
        include_str!("../../templates/user-data-fleet.sh.j2"),
    ),
    ("worker.py", include_str!("../../templates/worker.py.j2")),
    (
        "app-setup.sh",
        include_str!("../../templates/app-setup.sh.j2"),
    ),
];

/// Render an embedded template with a serializable context.
pub fn render<C: Serialize>(name: &str, context: &C) -> Result<String, SynthError> {
    let mut env = Environment::new();
    for (template_name, source) in TEMPLATES {
        env.add_template(template_name, source)
            .map_err(|e| render_error(template_name, &e))?;
    }
    let template = env.get_template(name).map_err(|e| render_error(name, &e))?;
    let mut text = template
        .render(minijinja::Value::from_serialize(context))
        .map_err(|e| render_error(name, &e))?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

fn render_error(name: &str, error: &minijinja::Error) -> SynthError {
    SynthError::Render {
        name: name.to_string(),
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_box_script_installs_database_only_when_asked() -> Result<(), SynthError> {
        let ctx = |db: bool| {
            json!({"stage": "stage0", "runs_database": db,
                   "settings": [["AWS_REGION", "${AWS::Region}"]],
                   "health_check_path": "/health"})
        };
        let with = render("user-data-single.sh", &ctx(true))?;
        assert!(with.starts_with("#!/bin/bash\n"));
        assert!(with.contains("postgresql-setup --initdb"));
        let without = render("user-data-single.sh", &ctx(false))?;
        assert!(!without.contains("postgresql"));
        // Nothing but the region to tell: no env file.
        assert!(!without.contains("scalectl-app.env"));
        Ok(())
    }

    #[test]
    fn unknown_template_is_an_error() {
        assert!(render("nope", &json!({})).is_err());
    }
}
