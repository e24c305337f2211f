//! Faults between the server and what it depends on: a TCP proxy that can be
//! cut (a store that goes down), and an HTTP stand-in in front of Cognito
//! that passes calls through, holds them, answers with Cognito's errors, or
//! leaves a field out of Cognito's answers (another Cognito's shape).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};

/// Forwards TCP connections to `upstream` while up; when cut, drops every
/// open connection and refuses new ones until restored.
pub struct TcpProxy {
    pub addr: SocketAddr,
    up: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl TcpProxy {
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (up, _) = watch::channel(true);
        let state = up.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let mut rx = state.subscribe();
                if !*rx.borrow() {
                    continue; // dropped: the connection is closed at once
                }
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = rx.wait_for(|up| !*up) => {}
                    }
                });
            }
        });
        Self { addr, up, task }
    }

    pub fn cut(&self) {
        self.up.send_replace(false);
    }

    pub fn restore(&self) {
        self.up.send_replace(true);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What the Cognito stand-in does with the next calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Pass,
    /// Waits until [`CognitoProxy::release`] (or the caller gives up).
    Hold,
    /// Answers every operation with this Cognito error type.
    Fail {
        status: u16,
        error_type: &'static str,
    },
    /// Passes calls through and removes the field at this JSON pointer
    /// (e.g. "/ChallengeParameters/USERNAME") from every answer.
    Without(&'static str),
}

struct Inner {
    upstream: String,
    http: reqwest::Client,
    mode: Mutex<Mode>,
    calls: Mutex<HashMap<String, usize>>,
    arrived: Notify,
    released: watch::Sender<bool>,
}

pub struct CognitoProxy {
    pub addr: SocketAddr,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

impl CognitoProxy {
    pub async fn start(upstream: &str) -> Self {
        let inner = Arc::new(Inner {
            upstream: upstream.trim_end_matches('/').to_owned(),
            http: reqwest::Client::new(),
            mode: Mutex::new(Mode::Pass),
            calls: Mutex::new(HashMap::new()),
            arrived: Notify::new(),
            released: watch::channel(false).0,
        });
        let app = axum::Router::new().fallback(handle).with_state(inner.clone());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, inner, task }
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn set(&self, mode: Mode) {
        self.inner.released.send_replace(false);
        *self.inner.mode.lock().unwrap() = mode;
    }

    /// How many calls of `operation` (e.g. "InitiateAuth") arrived.
    pub fn calls(&self, operation: &str) -> usize {
        self.inner.calls.lock().unwrap().get(operation).copied().unwrap_or(0)
    }

    /// Resolves once a call is being held.
    pub async fn held(&self) {
        self.inner.arrived.notified().await;
    }

    /// Lets held calls (and later ones) through.
    pub fn release(&self) {
        *self.inner.mode.lock().unwrap() = Mode::Pass;
        self.inner.released.send_replace(true);
    }
}

impl Drop for CognitoProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn handle(
    State(inner): State<Arc<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let operation = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.rsplit('.').next())
        .unwrap_or("GET")
        .to_owned();
    *inner.calls.lock().unwrap().entry(operation).or_default() += 1;
    let mode = inner.mode.lock().unwrap().clone();
    match mode {
        Mode::Pass | Mode::Without(_) => {}
        Mode::Hold => {
            let mut released = inner.released.subscribe();
            inner.arrived.notify_one();
            let _ = released.wait_for(|r| *r).await;
        }
        Mode::Fail { status, error_type } => {
            let body = format!(r#"{{"__type":"{error_type}","message":"Rate exceeded"}}"#);
            return (
                StatusCode::from_u16(status).unwrap(),
                [
                    ("content-type", "application/x-amz-json-1.1"),
                    ("x-amzn-errortype", error_type),
                ],
                body,
            )
                .into_response();
        }
    }
    let mut request = inner
        .http
        .request(method, format!("{}{}", inner.upstream, uri))
        .body(body);
    for name in ["content-type", "x-amz-target"] {
        if let Some(v) = headers.get(name) {
            request = request.header(name, v);
        }
    }
    let Ok(answer) = request.send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = answer.status();
    let mut out = HeaderMap::new();
    for name in ["content-type", "x-amzn-errortype"] {
        if let Some(v) = answer.headers().get(name) {
            out.insert(name, v.clone());
        }
    }
    let mut bytes = answer.bytes().await.unwrap_or_default();
    if let Mode::Without(pointer) = mode
        && let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&bytes)
    {
        let (parent, field) = pointer.rsplit_once('/').unwrap();
        if let Some(map) = json.pointer_mut(parent).and_then(|v| v.as_object_mut()) {
            map.remove(field);
        }
        bytes = Bytes::from(serde_json::to_vec(&json).unwrap());
    }
    (status, out, bytes).into_response()
}
