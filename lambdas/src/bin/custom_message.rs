//! CustomMessage Lambda: the sign-up confirmation texts in the page's language.

use aws_lambda_events::event::cognito::CognitoEventUserPoolsCustomMessage;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lambdas::custom_message::{Words, custom_message};
use lambdas::runtime::{env, init_tracing};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    init_tracing();
    let words = Words {
        app_name: env("APP_NAME").unwrap_or_else(|| domain::settings::DEFAULT_APP_NAME.to_owned()),
        domain: env("APP_DOMAIN").ok_or("APP_DOMAIN is not set: set it to the domain the texts end with")?,
    };
    let words = &words;
    run(service_fn(
        move |event: LambdaEvent<CognitoEventUserPoolsCustomMessage>| async move {
            Ok::<_, Error>(custom_message(event.payload, words))
        },
    ))
    .await
}
