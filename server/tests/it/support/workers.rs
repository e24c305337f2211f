//! A server in this process on a runtime of its own, with as many worker
//! threads as asked for: how a server runs in production (tokio's
//! multi-threaded runtime), next to the tests' own runtimes. And routers
//! built over and over beside them, as servers starting in the process do.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use server::Config;
use server::config::SessionStoreConfig;
use tokio::sync::oneshot;

use super::journeys::Site;

pub struct WorkerServer {
    pub site: Site,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl WorkerServer {
    /// Starts the server with these settings (as environment variables
    /// would give them) on `workers` worker threads, behind a trusted proxy
    /// on loopback that names each client (`x-forwarded-for`).
    pub fn start(workers: usize, settings: &[(&str, String)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut env: HashMap<String, String> = [
            ("CLIENT_IP_HEADER", "x-forwarded-for".to_owned()),
            ("TRUSTED_PROXIES", "127.0.0.1".to_owned()),
            (
                "SESSION_STORE",
                format!("sqlite://{}", dir.path().join("sessions.db").display()),
            ),
            (
                "APP_DATABASE",
                format!("sqlite://{}", dir.path().join("app.db").display()),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        env.extend(settings.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
        let mut config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
        config.addr = "127.0.0.1:0".parse().unwrap();
        config.echo_sms = false;
        let options = super::options(dir.path());
        let (started, ready) = mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("server-{workers}w"))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(workers)
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async move {
                    let running = server::start(config, options).await.unwrap();
                    let outbox = running.local_cognito.as_ref().map(|l| l.endpoint()).unwrap_or_default();
                    started
                        .send(Site {
                            base: running.url(),
                            outbox,
                        })
                        .unwrap();
                    let _ = stopped.await;
                    running.shutdown().await;
                });
            })
            .unwrap();
        let site = ready.recv().expect("the server started");
        Self {
            site,
            stop: Some(stop),
            thread: Some(thread),
            _dir: dir,
        }
    }
}

impl Drop for WorkerServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Builds routers for a server of its own, one after another, on a thread
/// of its own, until dropped: what happens in a process where servers keep
/// starting (tests side by side, or an app's own tests). `pause` between two.
pub struct RouterChurn {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<u32>>,
}

impl RouterChurn {
    pub fn start(pause: Duration) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::thread::spawn({
            let stop = stop.clone();
            move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async {
                    let dir = tempfile::tempdir().unwrap();
                    let mut config = Config::from_lookup(|_| None).unwrap();
                    config.session_store = SessionStoreConfig::Sqlite(dir.path().join("sessions.db"));
                    config.app_database = format!("sqlite://{}", dir.path().join("app.db").display());
                    config.echo_sms = false;
                    let built = server::build_state(&config).await.unwrap();
                    let mut routers = 0u32;
                    while routers == 0 || !stop.load(Ordering::Relaxed) {
                        drop(server::router(&config, &built, super::options(dir.path())));
                        routers += 1;
                        tokio::time::sleep(pause).await;
                    }
                    routers
                })
            }
        });
        Self {
            stop,
            thread: Some(thread),
        }
    }

    /// Stops, and says how many routers were built.
    pub fn finish(mut self) -> u32 {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.take().map_or(0, |t| t.join().unwrap())
    }
}

impl Drop for RouterChurn {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
