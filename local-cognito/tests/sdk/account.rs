//! What an access token lets a user do to their own account.

use aws_sdk_cognitoidentityprovider::types::AttributeType;

use crate::support::*;

#[tokio::test]
async fn attributes_update_and_user_deletion() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let (access, _, _) = h.signed_in(PHONE).await;
    h.client
        .update_user_attributes()
        .access_token(&access)
        .user_attributes(AttributeType::builder().name("name").value("Grace").build().unwrap())
        .send()
        .await
        .unwrap();
    let user = h.client.get_user().access_token(&access).send().await.unwrap();
    let name = user
        .user_attributes
        .iter()
        .find(|a| a.name == "name")
        .and_then(|a| a.value.clone());
    assert_eq!(name.as_deref(), Some("Grace"));
    // DeleteUserAttributes removes the optional name, never the number.
    let phone_removal = h
        .client
        .delete_user_attributes()
        .access_token(&access)
        .user_attribute_names("phone_number")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err(phone_removal).0, "InvalidParameterException");
    h.client
        .delete_user_attributes()
        .access_token(&access)
        .user_attribute_names("name")
        .send()
        .await
        .unwrap();
    let user = h.client.get_user().access_token(&access).send().await.unwrap();
    assert!(user.user_attributes.iter().all(|a| a.name != "name"), "{user:?}");
    assert!(user.user_attributes.iter().any(|a| a.name == "phone_number"));

    h.client.delete_user().access_token(&access).send().await.unwrap();
    assert_eq!(h.get_user_error(&access).await.0, "NotAuthorizedException");
    let before = h.server.pool.outbox.list(Some(PHONE)).len();
    let (username, _) = h.start_sign_in(PHONE).await;
    assert_eq!(username.len(), 36);
    assert_eq!(
        h.server.pool.outbox.list(Some(PHONE)).len(),
        before,
        "a deleted user gets no text"
    );
}
