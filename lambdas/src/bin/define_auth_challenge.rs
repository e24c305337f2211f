//! DefineAuthChallenge Lambda.

use aws_lambda_events::event::cognito::CognitoEventUserPoolsDefineAuthChallenge;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lambdas::define::define_auth_challenge;
use lambdas::runtime::{code_policy, init_tracing};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    init_tracing();
    let max_attempts = code_policy()?.max_attempts;
    run(service_fn(
        move |event: LambdaEvent<CognitoEventUserPoolsDefineAuthChallenge>| async move {
            Ok::<_, Error>(define_auth_challenge(event.payload, max_attempts))
        },
    ))
    .await
}
