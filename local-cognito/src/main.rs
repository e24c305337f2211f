//! `local-cognito`: the stand-in pool as its own process, for the AWS CLI
//! (`--endpoint-url`), other SDKs, or a server started with COGNITO_ENDPOINT.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;
use domain::{CodePolicy, SystemClock};
use local_cognito::{AppClient, LocalCognito, Outbox, Pool, PoolConfig};

/// A Cognito user pool on loopback, speaking Cognito's JSON protocol.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, env = "LOCAL_COGNITO_PORT", default_value_t = 9229)]
    port: u16,
    /// Region in the issuer and the pool id.
    #[arg(long, env = "LOCAL_COGNITO_REGION")]
    region: Option<String>,
    /// User pool id, e.g. us-east-1_Local1234 (generated if absent).
    #[arg(long, env = "LOCAL_COGNITO_POOL_ID")]
    pool_id: Option<String>,
    /// App client id (generated if absent).
    #[arg(long, env = "LOCAL_COGNITO_CLIENT_ID")]
    client_id: Option<String>,
    /// App client secret; without one the client is public (no SECRET_HASH).
    #[arg(long, env = "LOCAL_COGNITO_CLIENT_SECRET", hide_env_values = true)]
    client_secret: Option<String>,
    /// Keep users, tokens and keys in this JSON file across restarts.
    #[arg(long, env = "LOCAL_COGNITO_STATE_FILE")]
    state_file: Option<PathBuf>,
    /// Name used in the texts.
    #[arg(long, env = "APP_NAME", default_value = domain::settings::DEFAULT_APP_NAME)]
    app_name: String,
    /// Domain in the texts' last line.
    #[arg(long, env = "APP_DOMAIN", default_value = "localhost")]
    domain: String,
    /// `custom`: the Lambda-trigger challenges (CUSTOM_AUTH, Lite plan);
    /// `native`: Cognito's own SMS codes (USER_AUTH with SMS_OTP, Essentials).
    #[arg(long, env = "SIGN_IN_FLOW", value_enum, default_value_t = SignInFlow::Custom)]
    sign_in_flow: SignInFlow,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum SignInFlow {
    Custom,
    Native,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let args = Args::parse();
    let mut config = PoolConfig::generated(&args.app_name, &args.domain);
    // The same settings, read the same way, as the triggers and the server.
    config.triggers.policy = CodePolicy::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))?;
    // As the template deploys the custom flow, unless told otherwise.
    config.triggers.confirm_at_sign_in =
        std::env::var("CONFIRM_AT_SIGN_IN").map_or(true, |v| !v.trim().eq_ignore_ascii_case("false"));
    if let Some(region) = args.region {
        config.pool_id = format!(
            "{region}_{}",
            config.pool_id.split_once('_').map(|(_, id)| id).unwrap_or("Local")
        );
        config.region = region;
    }
    if let Some(pool_id) = args.pool_id {
        let region = pool_id
            .split_once('_')
            .map(|(r, _)| r.to_owned())
            .ok_or("--pool-id must look like <region>_<id>")?;
        config.region = region;
        config.pool_id = pool_id;
    }
    config.clients = vec![AppClient {
        id: args.client_id.unwrap_or_else(|| config.clients[0].id.clone()),
        secret: args.client_secret.filter(|s| !s.is_empty()).map(Into::into),
        auth_flows: config.clients[0].auth_flows.clone(),
    }];
    if args.sign_in_flow == SignInFlow::Native {
        config = config.native();
    }
    let outbox = Arc::new(Outbox::new(true));
    let pool = match args.state_file {
        Some(path) => Pool::with_state_file(config, Arc::new(SystemClock), outbox, path)?,
        None => Pool::new(config, Arc::new(SystemClock), outbox)?,
    };
    let pool = Arc::new(pool);
    let running = LocalCognito::start(pool.clone(), SocketAddr::from((Ipv4Addr::LOCALHOST, args.port))).await?;
    let client = &pool.config.clients[0];
    println!("local-cognito listening on {}", running.endpoint());
    println!("  region        {}", pool.config.region);
    println!("  user pool id  {}", pool.config.pool_id);
    println!("  client id     {}", client.id);
    println!(
        "  client        {}",
        if client.secret.is_some() {
            "confidential (SECRET_HASH required)"
        } else {
            "public"
        }
    );
    println!(
        "  JWKS          {}/{}/.well-known/jwks.json",
        running.endpoint(),
        pool.config.pool_id
    );
    println!("  SMS outbox    {}/_dev/sms", running.endpoint());
    match args.sign_in_flow {
        SignInFlow::Custom => println!(
            "  sign-in       CUSTOM_AUTH: codes live {} s, {} wrong answers end a sign-in (OTP_TTL_SECONDS, OTP_MAX_ATTEMPTS)",
            pool.config.triggers.policy.ttl.as_secs(),
            pool.config.triggers.policy.max_attempts
        ),
        SignInFlow::Native => println!(
            "  sign-in       USER_AUTH with SMS_OTP: 8-digit codes live {} s, {} wrong answers end a sign-in",
            pool.config.auth_session_validity.as_secs(),
            pool.config.sms_otp_attempts
        ),
    }
    tokio::signal::ctrl_c().await?;
    Ok(())
}
