//! The server binary as its own process, as it runs in production: several
//! of them share a store, and signals reach it.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};

pub struct ServerProcess {
    pub url: String,
    /// The embedded stand-in's outbox, when it runs one.
    #[allow(dead_code)] // read by tests/load only
    pub outbox: Option<String>,
    child: Child,
    /// Every line it wrote to stdout, the log's included.
    log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs the server binary with these settings and waits (a minute at most)
/// for it to exit on its own, as it does when it refuses to start. Returns
/// whether it succeeded and what it wrote to stderr.
pub fn refused(env: &[(&str, &str)]) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .current_dir(workspace_root())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("the server binary");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        let _ = tx.send(text);
    });
    // stderr closes when the process exits; one that started never closes it.
    let text = match rx.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(text) => text,
        Err(_) => {
            let _ = child.kill();
            panic!("the server started instead of refusing");
        }
    };
    let status = child.wait().unwrap();
    (status.success(), text)
}

impl ServerProcess {
    /// Starts `server` with these settings (on a free port) and waits for it
    /// to say where it listens.
    pub fn spawn(env: &[(&str, String)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
        command
            .current_dir(workspace_root())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("LEPTOS_OUTPUT_NAME", "phone-sign-in")
            .env("NO_COLOR", "1")
            .env("RUST_LOG", "info,aws_smithy_runtime=warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("the server binary");
        let stdout = child.stdout.take().expect("piped stdout");
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = log.clone();
        let mut lines = BufReader::new(stdout).lines().inspect(move |line| {
            if let Ok(line) = line {
                kept.lock().unwrap().push(line.clone());
            }
        });
        let mut outbox = None;
        let url = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if line.contains("/_dev/sms") {
                        outbox = first_url(&line).map(|u| u.trim_end_matches("/_dev/sms").to_owned());
                    }
                    if line.contains("listening")
                        && let Some(url) = first_url(&line)
                    {
                        break url;
                    }
                }
                _ => panic!("the server exited before it listened"),
            }
        };
        // The outbox line follows the listening one.
        if env.iter().all(|(k, _)| !k.starts_with("COGNITO_")) {
            while outbox.is_none() {
                match lines.next() {
                    Some(Ok(line)) if line.contains("/_dev/sms") => {
                        outbox = first_url(&line).map(|u| u.trim_end_matches("/_dev/sms").to_owned());
                    }
                    Some(Ok(_)) => {}
                    _ => panic!("the server exited before it named its outbox"),
                }
            }
        }
        std::thread::spawn(move || lines.for_each(drop));
        Self {
            url,
            outbox,
            child,
            log,
        }
    }

    /// The lines it has written to stdout so far.
    #[allow(dead_code)] // read by tests/it only
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// SIGTERM, as a process manager or load balancer drain sends it.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for it to exit (without blocking the async runtime's workers).
    pub async fn wait(mut self) -> ExitStatus {
        tokio::task::spawn_blocking(move || self.child.wait().unwrap())
            .await
            .unwrap()
    }

    /// Its resident memory in KiB, from /proc.
    #[allow(dead_code)] // used by tests/load only
    pub fn rss_kib(&self) -> u64 {
        testkit::process::usage(self.child.id()).rss_kib
    }
}

/// The first `http://...` address in a line the server printed.
fn first_url(line: &str) -> Option<String> {
    let start = line.find("http://")?;
    let url: String = line[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '/' | '.' | '[' | ']' | '_'))
        .collect();
    Some(url)
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
