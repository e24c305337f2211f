//! PreSignUp Lambda: refuses numbers outside the SMS policy, and confirms
//! test numbers (and, with `CONFIRM_AT_SIGN_IN`, every number) without a text.

use aws_lambda_events::event::cognito::CognitoEventUserPoolsPreSignup;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lambdas::pre_sign_up::pre_sign_up;
use lambdas::runtime::{confirm_at_sign_in, init_tracing, sms_policy, test_numbers};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    init_tracing();
    let policy = sms_policy()?;
    let policy = &policy;
    let tests = test_numbers()?;
    let tests = tests.as_ref();
    let confirm = confirm_at_sign_in();
    run(service_fn(
        move |event: LambdaEvent<CognitoEventUserPoolsPreSignup>| async move {
            pre_sign_up(event.payload, policy, tests, confirm).map_err(|e| Error::from(e.to_string()))
        },
    ))
    .await
}
