//! PostAuthentication Lambda: marks the number verified at an account's
//! first sign-in (see `lambdas::post_authentication`).

use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lambdas::post_authentication::unverified;
use lambdas::runtime::{cognito_client, init_tracing};
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    init_tracing();
    let client = cognito_client().await?;
    let client = &client;
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        if let Some(account) = unverified(&event.payload) {
            let verified = aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                .name("phone_number_verified")
                .value("true")
                .build()?;
            // A failure leaves the number unverified, and this sign-in goes
            // on: the next one tries again (and the server runs the sign-up
            // hook again, which it is told to expect).
            if let Err(e) = client
                .admin_update_user_attributes()
                .user_pool_id(&account.pool_id)
                .username(&account.user_name)
                .user_attributes(verified)
                .send()
                .await
            {
                use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
                tracing::error!(
                    code = e.code().unwrap_or("no response"),
                    "the number was not marked verified"
                );
            } else {
                tracing::info!("number marked verified at the first sign-in");
            }
        }
        Ok::<_, Error>(event.payload)
    }))
    .await
}
