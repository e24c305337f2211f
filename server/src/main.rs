//! `server`: serves the app on LEPTOS_SITE_ADDR (default 127.0.0.1:3000).

use leptos::config::get_configuration;
use server::Config;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        // The message says what to set; Debug would bury it in quoting.
        eprintln!("phone-sign-in: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    server::logs::init(server::logs::LogFormat::parse(
        std::env::var("LOG_FORMAT").ok().as_deref(),
    )?);
    let config = Config::from_lookup(|k| std::env::var(k).ok())?;
    let mut leptos_options = get_configuration(None)?.leptos_options;
    leptos_options.site_addr = config.addr;
    let embedded = config.cognito.is_embedded();
    let grace = config.shutdown_grace;
    let flow = config.sign_in_flow;
    let running = server::start(config, leptos_options).await?;
    tracing::info!(url = %running.url(), sign_in_flow = flow.as_str(), "listening");
    if embedded {
        println!("\n  Phone sign-in is running at {}", running.url());
        println!("  No COGNITO_* settings: using the embedded local Cognito.");
        println!(
            "  Sign-in: {} (SIGN_IN_FLOW={}).",
            match flow {
                domain::SignInFlow::Custom => "the custom challenge with this project's triggers",
                domain::SignInFlow::Native => "Cognito's own passwordless codes (USER_AUTH with SMS_OTP)",
            },
            flow.as_str()
        );
        if let Some(local) = &running.local_cognito {
            println!("  Texts are printed here and listed at {}/_dev/sms\n", local.endpoint());
        }
    }
    shutdown_signal().await;
    tracing::info!("shutting down");
    // In-flight requests finish, but a request stuck on a dead dependency
    // must not keep a deploy waiting forever.
    if tokio::time::timeout(grace, running.shutdown()).await.is_err() {
        tracing::warn!(
            grace_seconds = grace.as_secs(),
            "requests still in flight after the grace period; stopping"
        );
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
