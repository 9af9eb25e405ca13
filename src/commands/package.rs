//! Worker code from a local directory or `.zip`, packaged for Lambda: a directory becomes a
//! deterministic zip (entries sorted by path, one fixed timestamp, mode 0644 or 0755), and
//! its SHA-256 names it in the staging bucket (`crate::synth::code_key`). The same code is
//! then the same key, and a code change is a new template value, shown by `diff` and
//! deployed through a change set.
//!
//! Paths are relative to the file that writes them. Loading a stage packages its workers to
//! set their digests; `deploy` packages them again for the bytes it uploads and checks that
//! nothing changed in between.

use super::CommandError;
use crate::diagnostic::{Diagnostic, Report};
use crate::stage::LoadedStage;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Lambda's limit on a zip uploaded through S3.
const MOST_ZIP_BYTES: usize = 50 * 1024 * 1024;

/// One packaged worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The worker's index in `messaging.workers`.
    pub worker: usize,
    /// The zip's SHA-256, hex.
    pub digest: String,
    /// The zip.
    pub bytes: Vec<u8>,
}

/// Package every worker whose code is a local `path`.
pub fn packages(loaded: &LoadedStage) -> Result<Vec<Package>, CommandError> {
    let Some(messaging) = &loaded.stage.messaging else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (i, worker) in messaging.workers.iter().enumerate() {
        let Some(path) = worker.code.as_ref().and_then(|c| c.path.as_ref()) else {
            continue;
        };
        let at = format!("messaging.workers[{i}].code.path");
        let full = relative_to_source(loaded, &at, path);
        let bytes = read(&full).map_err(|problem| invalid(loaded, &at, &full, &problem))?;
        if bytes.len() > MOST_ZIP_BYTES {
            return Err(invalid(
                loaded,
                &at,
                &full,
                &format!(
                    "the zip is {} bytes; Lambda takes at most {MOST_ZIP_BYTES} through S3",
                    bytes.len()
                ),
            ));
        }
        let digest = hex(&Sha256::digest(&bytes));
        out.push(Package {
            worker: i,
            digest,
            bytes,
        });
    }
    Ok(out)
}

/// Package the workers and record each digest in the stage.
pub fn package(loaded: &mut LoadedStage) -> Result<(), CommandError> {
    for package in packages(loaded)? {
        if let Some(code) = loaded
            .stage
            .messaging
            .as_mut()
            .and_then(|m| m.workers.get_mut(package.worker))
            .and_then(|w| w.code.as_mut())
        {
            code.digest = Some(package.digest);
        }
    }
    Ok(())
}

/// `path` against the directory of the file that wrote the value at `at`.
fn relative_to_source(loaded: &LoadedStage, at: &str, path: &str) -> PathBuf {
    let written_in = loaded
        .locate(at)
        .and_then(|l| loaded.sources.get(l.file))
        .map(|f| PathBuf::from(&f.name));
    let dir = written_in
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    dir.join(path)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read it: {e}"))?;
    if meta.is_file() {
        if path.extension().is_some_and(|e| e == "zip") {
            return std::fs::read(path).map_err(|e| format!("cannot read it: {e}"));
        }
        return Err("it is a file, not a directory or a .zip".to_string());
    }
    zip_dir(path)
}

/// A directory as a zip that depends only on the files' paths, contents and executable bits.
fn zip_dir(dir: &Path) -> Result<Vec<u8>, String> {
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    if files.is_empty() {
        return Err("the directory has no files".to_string());
    }
    files.sort();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, full) in files {
        let executable = is_executable(&full);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(if executable { 0o755 } else { 0o644 });
        let bytes = std::fs::read(&full).map_err(|e| format!("cannot read {name}: {e}"))?;
        writer
            .start_file(name.as_str(), options)
            .and_then(|()| writer.write_all(&bytes).map_err(Into::into))
            .map_err(|e| format!("cannot zip {name}: {e}"))?;
    }
    writer
        .finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|e| format!("cannot zip it: {e}"))
}

/// Every file below `dir`, as (path relative to `root` with `/`, full path). Symbolic links
/// are followed; `.git` is left out.
fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        let path = entry.path();
        if entry.file_name() == ".git" {
            continue;
        }
        let meta =
            std::fs::metadata(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if meta.is_dir() {
            walk(root, &path, out)?;
        } else {
            let relative = path
                .strip_prefix(root)
                .map_err(|e| e.to_string())?
                .components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect::<Vec<_>>()
                .join("/");
            out.push((relative, path));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &Path) -> bool {
    false
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn invalid(loaded: &LoadedStage, at: &str, full: &Path, problem: &str) -> CommandError {
    CommandError::Invalid(Report {
        diagnostics: vec![Diagnostic::error(
            crate::diagnostic::codes::load::WORKER_CODE,
            format!("the worker code at {}: {problem}", full.display()),
            loaded.locate(at),
            "give a directory holding the handler's module, or a .zip of it, relative to this stage file",
        )],
        sources: loaded.sources.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_zips_the_same_whatever_the_order_or_time() {
        let dir = std::env::temp_dir().join(format!("scalectl-zip-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("lib")).unwrap_or_default();
        std::fs::write(dir.join("app.py"), "def handler(e, c):\n    return 1\n")
            .unwrap_or_default();
        std::fs::write(dir.join("lib/util.py"), "X = 1\n").unwrap_or_default();
        let first = zip_dir(&dir).unwrap_or_default();
        // Touching a file changes its time, not the zip.
        std::fs::write(dir.join("lib/util.py"), "X = 1\n").unwrap_or_default();
        assert_eq!(zip_dir(&dir).unwrap_or_default(), first);
        assert!(!first.is_empty());
        // New content is a new zip.
        std::fs::write(dir.join("lib/util.py"), "X = 2\n").unwrap_or_default();
        assert_ne!(zip_dir(&dir).unwrap_or_default(), first);
        let archive = zip::ZipArchive::new(std::io::Cursor::new(first));
        let names: Vec<String> = archive
            .map(|a| {
                a.file_names()
                    .filter_map(Result::ok)
                    .map(|n| n.to_string())
                    .collect()
            })
            .unwrap_or_default();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(sorted, ["app.py", "lib/util.py"]);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(read(&dir).is_err());
    }
}
