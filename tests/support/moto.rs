//! A moto server on a random loopback port, started for a test and stopped when dropped.

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A running moto server.
pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("SCALECTL_MOTO_SERVER") {
        return PathBuf::from(path);
    }
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/moto_server");
    if local.exists() {
        return local;
    }
    panic!(
        "moto server not found: run the tests through scripts/test, which installs it into .venv"
    );
}

/// The Python of the virtualenv holding moto (and boto3, which moto depends on).
fn python() -> PathBuf {
    let server = binary();
    server.with_file_name("python")
}

impl Moto {
    /// Run a Python snippet with `boto3` and a `client(service, region)` helper bound to this
    /// server (test set-up that scalectl itself has no call for, such as a hosted zone).
    /// Returns its stdout.
    pub fn python(&self, script: &str) -> String {
        let prelude = format!(
            "import boto3, json\n\
             def client(service, region='us-east-1'):\n    \
                 return boto3.client(service, endpoint_url='{}', region_name=region, \
                 aws_access_key_id='testing', aws_secret_access_key='testing')\n",
            self.url
        );
        let output = Command::new(python())
            .arg("-c")
            .arg(format!("{prelude}{script}"))
            .output()
            .unwrap_or_else(|e| panic!("cannot run python: {e}"));
        assert!(
            output.status.success(),
            "python set-up failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Start a server on a port it picks itself and wait until it accepts connections.
    ///
    /// The server binds the port and prints it: a port chosen here and bound later by the
    /// server could be taken in between by another test's server, and this test would then
    /// talk to that one (and fail once it stops).
    pub fn start() -> Moto {
        // moto's own server, through a shim that fills the documented gaps scalectl meets
        // (tests/support/moto_server.py says which).
        let shim = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/moto_server.py");
        // SCALECTL_MOTO_LOG=FILE keeps the server's log (requests and tracebacks) there.
        let log = std::env::var_os("SCALECTL_MOTO_LOG")
            .and_then(|path| {
                std::fs::File::options()
                    .create(true)
                    .append(true)
                    .open(path)
                    .ok()
            })
            .map_or_else(Stdio::null, Stdio::from);
        let mut child = Command::new(python())
            .arg(shim)
            .arg("--free-port")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start moto server: {e}"));
        let Some(stdout) = child.stdout.take() else {
            panic!("moto server's stdout was not piped");
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!("moto server did not report its port within 60 s");
            }
        };
        let Ok(port) = line.trim().parse::<u16>() else {
            let status = child.wait().ok();
            panic!("moto server did not start (printed {line:?}, exit {status:?})");
        };
        let moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        assert!(
            TcpStream::connect_timeout(&addr, Duration::from_secs(5)).is_ok(),
            "moto server reported port {port} but does not accept connections"
        );
        moto
    }

    /// Start a server with the hosted zone the golden paths' DNS records go into.
    pub fn with_zone() -> Moto {
        let moto = Moto::start();
        moto.python(
            "client('route53').create_hosted_zone(Name='example.com.', CallerReference='scalectl-tests')",
        );
        moto
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run scalectl against `moto` with dummy credentials, us-east-1 and no retries (an error
/// from the emulator should show at once).
pub fn scalectl(moto: &Moto, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scalectl"))
        .args(args)
        .args(["--endpoint-url", &moto.url])
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_MAX_ATTEMPTS", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run scalectl: {e}"))
}

/// Assert the exit code; returns (stdout, stderr).
#[track_caller]
pub fn expect(out: &Output, code: i32) -> (String, String) {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    (stdout, stderr)
}

/// Parse a command's JSON output.
pub fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}
