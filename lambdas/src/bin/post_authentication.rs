//! PostAuthentication Lambda: marks the number verified at an account's
//! first sign-in (see `lambdas::post_authentication`). Nothing here may
//! fail a sign-in: the event goes back whatever happens, and a number left
//! unmarked is marked at the next one.

use aws_sdk_cognitoidentityprovider::types::AttributeType;
use lambda_runtime::{Error, LambdaEvent, run, service_fn};
use lambdas::post_authentication::{Unverified, unverified};
use lambdas::runtime::{cognito_client, init_tracing};
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    init_tracing();
    let client = cognito_client()
        .await
        .inspect_err(|e| tracing::error!(error = %e, "no Cognito client: numbers stay unmarked"))
        .ok();
    let client = &client;
    run(service_fn(move |event: LambdaEvent<Value>| async move {
        if let (Some(account), Some(client)) = (unverified(&event.payload), client) {
            mark(client, account).await;
        }
        Ok::<_, Error>(event.payload)
    }))
    .await
}

async fn mark(client: &aws_sdk_cognitoidentityprovider::Client, account: Unverified) {
    use aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata;
    let attribute = |name: &str, value: &str| AttributeType::builder().name(name).value(value).build();
    let (Ok(number), Ok(verified)) = (
        attribute("phone_number", &account.phone),
        attribute("phone_number_verified", "true"),
    ) else {
        return;
    };
    match client
        .admin_update_user_attributes()
        .user_pool_id(&account.pool_id)
        .username(&account.user_name)
        .user_attributes(number)
        .user_attributes(verified)
        .send()
        .await
    {
        Ok(_) => tracing::info!("number marked verified at the first sign-in"),
        Err(e) => tracing::error!(
            code = e.code().unwrap_or("no response"),
            "the number was not marked verified"
        ),
    }
}
