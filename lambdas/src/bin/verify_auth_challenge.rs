//! VerifyAuthChallengeResponse Lambda.

use aws_lambda_events::event::cognito::CognitoEventUserPoolsVerifyAuthChallenge;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lambdas::TriggerConfig;
use lambdas::runtime::{env, init_tracing, now_unix};
use lambdas::verify::verify_auth_challenge;

#[tokio::main]
async fn main() -> Result<(), Error> {
    init_tracing();
    let config = TriggerConfig::from_lookup(env)?;
    let config = &config;
    run(service_fn(
        move |event: LambdaEvent<CognitoEventUserPoolsVerifyAuthChallenge>| async move {
            Ok::<_, Error>(verify_auth_challenge(event.payload, config, now_unix()))
        },
    ))
    .await
}
