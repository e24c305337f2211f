//! DefineAuthChallenge Lambda.

use aws_lambda_events::event::cognito::CognitoEventUserPoolsDefineAuthChallenge;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lambdas::config::DEFAULT_MAX_ATTEMPTS;
use lambdas::define::define_auth_challenge;
use lambdas::runtime::{env, init_tracing};

#[tokio::main]
async fn main() -> Result<(), Error> {
    init_tracing();
    let max_attempts = match env("OTP_MAX_ATTEMPTS") {
        Some(v) => v
            .trim()
            .parse::<u32>()
            .map_err(|_| "OTP_MAX_ATTEMPTS must be a whole number")?,
        None => DEFAULT_MAX_ATTEMPTS,
    };
    run(service_fn(
        move |event: LambdaEvent<CognitoEventUserPoolsDefineAuthChallenge>| async move {
            Ok::<_, Error>(define_auth_challenge(event.payload, max_attempts))
        },
    ))
    .await
}
