//! The log lines the in-process server writes while a test runs. A
//! current-thread test runtime runs the server's tasks on the test's own
//! thread, so a thread-local subscriber sees all of them.

use testkit::logs::LogBuffer;
use tracing::subscriber::DefaultGuard;

pub struct Logs {
    buffer: LogBuffer,
    _guard: DefaultGuard,
}

impl Logs {
    /// Captures this thread's log lines at info and above until dropped.
    pub fn capture() -> Self {
        let buffer = LogBuffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        Self {
            buffer,
            _guard: tracing::subscriber::set_default(subscriber),
        }
    }

    pub fn text(&self) -> String {
        self.buffer.text()
    }
}
