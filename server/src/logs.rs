//! How the server writes its log: text for a terminal, or one JSON object
//! per line (`LOG_FORMAT=json`) for a log pipeline. Either way a request's
//! lines carry its id (the `request` span, see `request_log`).

use tracing::{Instrument, Subscriber};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// `LOG_FORMAT`: `text` (the default) or `json`.
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        match value.map(str::trim) {
            None | Some("" | "text") => Ok(Self::Text),
            Some("json") => Ok(Self::Json),
            Some(other) => Err(format!("LOG_FORMAT is invalid: expected text or json, got {other:?}")),
        }
    }
}

/// What is logged unless `RUST_LOG` says otherwise: the AWS SDK's own
/// chatter only from warnings up.
pub fn default_filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,aws_smithy_runtime=warn,aws_config=warn".into())
}

/// JSON lines: the event's fields at the top level (`message`, `level`,
/// `target`, `timestamp`, ...), and the spans it happened in, outermost
/// first, under `spans`: a request's line has `spans[0].request_id`.
pub fn json<W>(writer: W, filter: EnvFilter) -> impl Subscriber + Send + Sync
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(true)
        .with_env_filter(filter)
        .with_writer(writer)
        .finish()
}

/// Runs Leptos's tasks (a page's resources are tasks of their own) in the
/// span of whoever spawned them: spawned plainly, they would leave the
/// request's span, and its id, behind.
struct InSpan;

impl any_spawner::CustomExecutor for InSpan {
    fn spawn(&self, fut: any_spawner::PinnedFuture<()>) {
        tokio::spawn(fut.in_current_span());
    }

    fn spawn_local(&self, fut: any_spawner::PinnedLocalFuture<()>) {
        tokio::task::spawn_local(fut.in_current_span());
    }

    fn poll_local(&self) {}
}

/// Makes [`InSpan`] Leptos's executor for this process (once; Leptos's
/// own setup then finds one set and keeps it).
pub fn tasks_keep_their_span() {
    let _ = any_spawner::Executor::init_custom_executor(InSpan);
}

/// Sets the process's logger.
pub fn init(format: LogFormat) {
    let filter = default_filter();
    let _ = match format {
        LogFormat::Text => {
            tracing::subscriber::set_global_default(tracing_subscriber::fmt().with_env_filter(filter).finish())
        }
        LogFormat::Json => tracing::subscriber::set_global_default(json(std::io::stdout, filter)),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_task_leptos_spawns_logs_in_the_span_it_was_spawned_from() {
        let buffer = testkit::logs::LogBuffer::default();
        let writer = buffer.clone();
        let _guard = tracing::subscriber::set_default(json(move || writer.clone(), "info".into()));
        tasks_keep_their_span();
        let (done, finished) = tokio::sync::oneshot::channel();
        async move {
            any_spawner::Executor::spawn(async move {
                tracing::info!("a resource's line");
                let _ = done.send(());
            });
        }
        .instrument(tracing::info_span!("request", request_id = "r-1"))
        .await;
        finished.await.unwrap();
        let line = buffer.text();
        let line: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
        assert_eq!(line["message"], "a resource's line");
        assert_eq!(line["spans"][0]["request_id"], "r-1", "{line}");
    }

    #[test]
    fn text_unless_told_json() {
        assert_eq!(LogFormat::parse(None), Ok(LogFormat::Text));
        assert_eq!(LogFormat::parse(Some("json")), Ok(LogFormat::Json));
        assert!(LogFormat::parse(Some("JSON lines")).unwrap_err().contains("LOG_FORMAT"));
    }
}
