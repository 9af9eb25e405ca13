//! `scalectl init`: write a stage file that extends a built-in stage with the team's name,
//! region and sizes, the inherited values as commented fields, and the schema beside it so
//! editors complete and check the file.

use super::{CommandError, Outcome, prepare_with, write_all};
use crate::capacity::size;
use crate::cli::InitArgs;
use crate::diagnostic::{Diagnostic, Report};
use crate::scaffold;
use crate::stage::schema::stage_schema_text;
use crate::stage::{self, CapacitySpec, FileReader, StageRef, builtin};
use crate::validate::OfflineFacts;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::scaffold::SCHEMA_FILE;

/// Reads the scaffold being written from memory, anything else from disk.
struct Overlay<'r> {
    path: PathBuf,
    text: String,
    inner: &'r dyn FileReader,
}

impl FileReader for Overlay<'_> {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        if path == self.path {
            Ok(self.text.clone())
        } else {
            self.inner.read(path)
        }
    }
}

/// Write the scaffold and the schema.
pub fn run(
    args: &InitArgs,
    reader: &dyn FileReader,
    out: &mut dyn Write,
) -> Result<Outcome, CommandError> {
    let Some(from) = builtin(&args.from) else {
        return Err(CommandError::Usage {
            message: format!("`{}` is not a built-in stage", args.from),
            help: "use one of stage0 .. stage7 (`scalectl stages` lists them)".to_string(),
        });
    };
    let loaded = stage::load(&StageRef::Builtin(from.name.to_string()), reader)
        .map_err(CommandError::Invalid)?;
    let base = loaded.stage;
    if args.region.is_some() && base.regions.len() > 1 {
        return Err(CommandError::Usage {
            message: format!(
                "`{}` spans several regions; --region does not apply",
                from.name
            ),
            help: "leave --region out and edit the `regions:` list of the written file".to_string(),
        });
    }
    let sized = match args.users {
        Some(users) => {
            let mut spec = base
                .capacity
                .clone()
                .unwrap_or_else(|| CapacitySpec::for_users(users.0));
            spec.users = users;
            if let Some(share) = args.concurrency {
                spec.peak_concurrency = share;
            }
            if let Some(rpm) = args.rpm {
                spec.requests_per_minute = rpm;
            }
            size(&base, &spec).stage
        }
        None => base.clone(),
    };
    // The `recommend` flags that repeat the sizing (empty when not sized).
    let flags = match (&args.users, &sized.capacity) {
        (Some(_), Some(spec)) => spec.flags(),
        _ => String::new(),
    };
    let file = format!("{}.yaml", args.name);
    let request = scaffold::Request {
        name: &args.name,
        from: from.name,
        region: args.region.as_deref(),
        users_given: args.users.is_some(),
        concurrency_given: args.concurrency.is_some(),
        rpm_given: args.rpm.is_some(),
        recommend: flags.clone(),
    };
    let text = scaffold::render(&base, &sized, &request).map_err(|e| CommandError::Usage {
        message: format!("cannot render the scaffold: {e:#}"),
        help: "this is a bug in scalectl's templates; please report it".to_string(),
    })?;
    let path = args.dir.join(&file);
    // The scaffold must load and validate before it is written.
    let overlay = Overlay {
        path: path.clone(),
        text: text.clone(),
        inner: reader,
    };
    let check =
        stage::load(&StageRef::File(path.clone()), &overlay).map_err(CommandError::Invalid)?;
    let prepared = prepare_with(check, false, None, &OfflineFacts)?;
    // A shape that caps the load (a single box for 2M users) is written as asked, but said:
    // the capacity warnings go with it. Default-quota warnings wait for `validate`.
    let short: Vec<Diagnostic> = prepared
        .warnings
        .iter()
        .filter(|d| d.code == crate::diagnostic::codes::validate::CAPACITY)
        .cloned()
        .collect();
    let schema_path = args.dir.join(SCHEMA_FILE);
    let schema = stage_schema_text();
    if path.exists() && !args.force {
        return Err(CommandError::Usage {
            message: format!("{} exists", path.display()),
            help: "pick another --name or --dir, or pass --force to replace it".to_string(),
        });
    }
    let write = |p: &Path, text: &str| {
        std::fs::create_dir_all(&args.dir)
            .and_then(|()| std::fs::write(p, text))
            .map_err(|source| CommandError::Write {
                path: p.to_path_buf(),
                source,
            })
    };
    write(&path, &text)?;
    let schema_note = match std::fs::read_to_string(&schema_path) {
        Ok(existing) if existing == schema => "is up to date",
        Ok(_) if !args.force => "exists and differs; kept (pass --force to replace it)",
        _ => {
            write(&schema_path, &schema)?;
            "written"
        }
    };
    let holds = match (&args.users, short.is_empty()) {
        (Some(users), false) => format!(
            "; as sized it does not hold {users} users (warnings below): `scalectl recommend {}` names a stage that does",
            flags
        ),
        _ => String::new(),
    };
    write_all(
        out,
        &format!(
            "wrote {}: extends {}, validated{holds}\n{} {schema_note}: editors with the YAML language server complete and check the file\nnext: scalectl plan {}\n",
            path.display(),
            from.name,
            schema_path.display(),
            path.display()
        ),
    )?;
    Ok(Outcome {
        warnings: (!short.is_empty()).then(|| Report {
            diagnostics: short,
            sources: prepared.loaded.sources.clone(),
        }),
    })
}
