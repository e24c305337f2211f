//! VerifyAuthChallengeResponse Lambda.

use aws_lambda_events::event::cognito::CognitoEventUserPoolsVerifyAuthChallenge;
use domain::{Clock, SystemClock};
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lambdas::runtime::{init_tracing, trigger_config};
use lambdas::verify::verify_auth_challenge;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    init_tracing();
    let config = trigger_config().await?;
    let config = &config;
    run(service_fn(
        move |event: LambdaEvent<CognitoEventUserPoolsVerifyAuthChallenge>| async move {
            Ok::<_, Error>(verify_auth_challenge(event.payload, config, SystemClock.now()))
        },
    ))
    .await
}
