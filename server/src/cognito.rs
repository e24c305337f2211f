//! The Cognito client: the real AWS SDK, pointed at AWS or at local-cognito.

use std::net::SocketAddr;
use std::sync::Arc;

use app::server::AuthFlow;
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

/// Returns the flow, and the in-process pool when running embedded.
pub async fn connect(config: &Config) -> Result<(AuthFlow, Option<LocalCognito>), StartError> {
    match &config.cognito {
        CognitoTarget::Remote {
            region,
            client_id,
            client_secret,
            endpoint,
            ..
        } => {
            let client = client(config, region, endpoint.as_deref());
            Ok((AuthFlow::new(client, client_id.clone(), client_secret.clone()), None))
        }
        CognitoTarget::Embedded => {
            let pool_config = PoolConfig::generated(&config.app_name, &config.sms_domain);
            let outbox = Arc::new(Outbox::new(config.echo_sms));
            let pool = Pool::new(pool_config, Arc::new(SharedClock(config.clock.clone())), outbox)
                .map_err(|e| StartError::LocalCognito(e.to_string()))?;
            let local = LocalCognito::start(Arc::new(pool), SocketAddr::from(([127, 0, 0, 1], 0)))
                .await
                .map_err(|e| StartError::LocalCognito(e.to_string()))?;
            let app_client = local.pool.config.clients[0].clone();
            let client = client(config, &local.pool.config.region, Some(&local.endpoint()));
            tracing::info!(endpoint = %local.endpoint(), pool = %local.pool.config.pool_id, "embedded local-cognito started");
            Ok((AuthFlow::new(client, app_client.id, app_client.secret), Some(local)))
        }
    }
}

/// The embedded pool keeps the server's time, so tests can move both at once.
struct SharedClock(app::server::Clock);

impl local_cognito::Clock for SharedClock {
    fn now(&self) -> u64 {
        self.0.now()
    }
}
