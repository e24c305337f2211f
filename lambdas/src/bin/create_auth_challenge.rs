//! CreateAuthChallenge Lambda: sends the code through SNS.

use aws_lambda_events::event::cognito::CognitoEventUserPoolsCreateAuthChallenge;
use domain::{Clock, SystemClock};
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lambdas::create::create_auth_challenge;
use lambdas::runtime::{SnsSender, init_tracing, trigger_config};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    init_tracing();
    let config = trigger_config().await?;
    let sender = SnsSender::from_env().await?;
    let (config, sender) = (&config, &sender);
    run(service_fn(
        move |event: LambdaEvent<CognitoEventUserPoolsCreateAuthChallenge>| async move {
            // The error text reaches the caller as "CreateAuthChallenge failed with
            // error <text>", so it stays generic.
            create_auth_challenge(event.payload, config, sender, SystemClock.now())
                .await
                .map_err(|e| Error::from(e.to_string()))
        },
    ))
    .await
}
