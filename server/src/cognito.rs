//! The Cognito client: the real AWS SDK, pointed at AWS or at local-cognito.

use domain::SignInFlow;
use std::net::SocketAddr;
use std::sync::Arc;

use app::server::{AuthFlow, TokenVerifier};
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::timeout::TimeoutConfig;
use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Region};
use local_cognito::{LocalCognito, Outbox, Pool, PoolConfig};

use crate::StartError;
use crate::config::{CognitoTarget, Config};

fn client(config: &Config, region: &str, endpoint: Option<&str>) -> Client {
    // The calls made here (SignUp, InitiateAuth, GetUser, ...) are Cognito's
    // unauthenticated operations, so no AWS credentials are needed.
    let mut builder = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(config.cognito_timeout)
                .connect_timeout(config.cognito_timeout)
                .build(),
        );
    if let Some(endpoint) = endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    Client::from_conf(builder.build())
}

/// What the server needs from Cognito.
pub struct Connected {
    pub flow: AuthFlow,
    pub verifier: TokenVerifier,
    /// The in-process pool when running embedded.
    pub local: Option<LocalCognito>,
}

/// The pool's public keys: next to the issuer on AWS, under the endpoint
/// when one is set (a standalone local-cognito).
fn jwks_url(issuer: &str, endpoint: Option<&str>, user_pool_id: &str) -> String {
    match endpoint {
        Some(e) => format!("{}/{user_pool_id}/.well-known/jwks.json", e.trim_end_matches('/')),
        None => format!("{issuer}/.well-known/jwks.json"),
    }
}

pub async fn connect(config: &Config) -> Result<Connected, StartError> {
    match &config.cognito {
        CognitoTarget::Remote {
            region,
            user_pool_id,
            client_id,
            client_secret,
            endpoint,
        } => {
            let client = client(config, region, endpoint.as_deref());
            let issuer = format!("https://cognito-idp.{region}.amazonaws.com/{user_pool_id}");
            let jwks = jwks_url(&issuer, endpoint.as_deref(), user_pool_id);
            Ok(Connected {
                flow: AuthFlow::new(client, client_id.clone(), client_secret.clone(), config.sign_in_flow),
                verifier: TokenVerifier::new(issuer, jwks, client_id.clone(), config.cognito_timeout)
                    .map_err(|e| StartError::Http(e.to_string()))?,
                local: None,
            })
        }
        CognitoTarget::Embedded => {
            let mut pool_config = PoolConfig::generated(&config.app_name, &config.sms_domain);
            // One setting for both sides: the triggers and the look-alike flow.
            pool_config.triggers.policy = config.code_policy;
            pool_config.triggers.sms = config.sms_policy.clone();
            pool_config.triggers.test_numbers = config.test_numbers.clone();
            pool_config.triggers.confirm_at_sign_in = config.sign_in_flow == SignInFlow::Custom;
            // Set up as the template sets up a pool for this flow.
            if config.sign_in_flow == SignInFlow::Native {
                pool_config = pool_config.native();
            }
            let outbox = Arc::new(Outbox::new(config.echo_sms));
            // The pool keeps the server's time, so tests move both at once.
            // With a state file (`make dev`), its users and keys outlive a
            // restart: everyone stays signed in, with the same `sub`.
            let pool = match &config.local_cognito_state {
                Some(path) => {
                    crate::folder_for(path).map_err(StartError::LocalCognito)?;
                    Pool::with_state_file(pool_config, config.clock.clone(), outbox, path.clone())
                }
                None => Pool::new(pool_config, config.clock.clone(), outbox),
            }
            .map_err(|e| StartError::LocalCognito(e.to_string()))?;
            let local = LocalCognito::start_on_own_thread(
                Arc::new(pool),
                SocketAddr::from(([127, 0, 0, 1], config.local_cognito_port)),
            )
            .map_err(|e| StartError::LocalCognito(e.to_string()))?;
            let app_client = local.pool.config.clients[0].clone();
            let client = client(config, &local.pool.config.region, Some(&local.endpoint()));
            let issuer = local.pool.config.issuer();
            let jwks = jwks_url(&issuer, Some(&local.endpoint()), &local.pool.config.pool_id);
            tracing::info!(endpoint = %local.endpoint(), pool = %local.pool.config.pool_id, "embedded local-cognito started");
            Ok(Connected {
                flow: AuthFlow::new(client, app_client.id.clone(), app_client.secret, config.sign_in_flow),
                verifier: TokenVerifier::new(issuer, jwks, app_client.id, config.cognito_timeout)
                    .map_err(|e| StartError::Http(e.to_string()))?,
                local: Some(local),
            })
        }
    }
}
