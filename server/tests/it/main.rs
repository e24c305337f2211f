//! The server's integration tests, one binary: the whole server over HTTP
//! (in process and as its own process) against the embedded or a standalone
//! local-cognito, SQLite or a real redis-server. `support` is what they share
//! (with `tests/load`, the heavy tests, which cargo runs after this binary).

mod support;

mod abuse;
mod any_cognito;
mod back;
mod brand;
mod conversion;
mod delete;
mod fail_closed;
mod faults;
mod instances;
mod journey;
mod languages;
mod limit_stores;
mod limits_and_sessions;
mod look_alike;
mod number;
mod proof;
mod routes;
mod service;
mod shared_store;
mod sms_policy;
mod tabs;
mod typos;
mod yours;
