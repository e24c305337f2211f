//! `local-cognito`: the stand-in pool as its own process, for the AWS CLI
//! (`--endpoint-url`), other SDKs, or a server started with COGNITO_ENDPOINT.

use std::net::SocketAddr;
use std::sync::Arc;

use local_cognito::{LocalCognito, Outbox, Pool, PoolConfig, SystemClock};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let addr: SocketAddr = std::env::var("LOCAL_COGNITO_ADDR")
        .unwrap_or_else(|_| "127.0.0.1:9229".into())
        .parse()?;
    if !addr.ip().is_loopback() {
        return Err("LOCAL_COGNITO_ADDR must be a loopback address".into());
    }
    let app_name = std::env::var("APP_NAME").unwrap_or_else(|_| "Phone sign-in".into());
    let mut config = PoolConfig::generated(&app_name, "localhost");
    if let Ok(id) = std::env::var("LOCAL_COGNITO_CLIENT_ID") {
        config.clients[0].id = id;
    }
    // A public client unless a secret is chosen, so that the AWS CLI works
    // without computing SECRET_HASH.
    config.clients[0].secret = std::env::var("LOCAL_COGNITO_CLIENT_SECRET")
        .ok()
        .filter(|s| !s.is_empty());
    let pool = Arc::new(Pool::new(config, Arc::new(SystemClock), Arc::new(Outbox::new(true)))?);
    let running = LocalCognito::start(pool.clone(), addr).await?;
    let client = &pool.config.clients[0];
    println!("local-cognito listening on {}", running.endpoint());
    println!("  region        {}", pool.config.region);
    println!("  user pool id  {}", pool.config.pool_id);
    println!("  client id     {}", client.id);
    println!(
        "  client secret {}",
        if client.secret.is_some() {
            "(from LOCAL_COGNITO_CLIENT_SECRET)"
        } else {
            "(none: public client)"
        }
    );
    println!("  SMS outbox    {}/_dev/sms", running.endpoint());
    tokio::signal::ctrl_c().await?;
    Ok(())
}
