//! Tokens: signed for the JWKS, refreshed, revoked, expired; the keys and discovery over HTTP.

use aws_sdk_cognitoidentityprovider::types::AuthFlowType;

use crate::support::*;

#[tokio::test]
async fn jwks_verifies_the_issued_tokens() {
    let h = Harness::start().await;
    let sub = h.sign_up_confirmed(PHONE).await;
    let (username, session) = h.start_sign_in(PHONE).await;
    let code = h.last_code(PHONE);
    let tokens = h
        .answer(&username, &session, &code)
        .await
        .unwrap()
        .authentication_result
        .unwrap();
    let id = tokens.id_token.unwrap();
    let jwks = h.server.pool.jwks();
    let key = &jwks["keys"][0];
    let header = jsonwebtoken::decode_header(&id).unwrap();
    assert_eq!(header.kid.as_deref(), key["kid"].as_str());
    let decoding =
        jsonwebtoken::DecodingKey::from_rsa_components(key["n"].as_str().unwrap(), key["e"].as_str().unwrap()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.validate_exp = false;
    validation.set_audience(&[&h.client_id]);
    validation.set_issuer(&[h.server.pool.config.issuer()]);
    let claims = jsonwebtoken::decode::<serde_json::Value>(&id, &decoding, &validation)
        .unwrap()
        .claims;
    assert_eq!(claims["sub"], sub.as_str());
    assert_eq!(claims["token_use"], "id");
    assert_eq!(claims["phone_number"], PHONE);
    assert_eq!(claims["phone_number_verified"], true);
    assert!(
        claims["iss"]
            .as_str()
            .unwrap()
            .starts_with("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_")
    );
}

#[tokio::test]
async fn refresh_revoke_and_token_expiry() {
    let h = Harness::start().await;
    h.sign_up_confirmed(PHONE).await;
    let (access, refresh, username) = h.signed_in(PHONE).await;
    let refresh_auth = || {
        h.client
            .initiate_auth()
            .client_id(&h.client_id)
            .auth_flow(AuthFlowType::RefreshTokenAuth)
            .auth_parameters("REFRESH_TOKEN", &refresh)
            .auth_parameters("SECRET_HASH", h.hash(&username))
    };
    let renewed = refresh_auth().send().await.unwrap().authentication_result.unwrap();
    assert!(
        renewed.refresh_token.is_none(),
        "no rotation, as with REFRESH_TOKEN_AUTH"
    );
    let renewed_access = renewed.access_token.unwrap();
    h.client.get_user().access_token(&renewed_access).send().await.unwrap();

    h.clock.advance(3601);
    assert_eq!(
        h.get_user_error(&access).await,
        ("NotAuthorizedException".into(), "Access Token has expired".into())
    );
    assert_eq!(
        h.get_user_error("not-a-token").await,
        ("NotAuthorizedException".into(), "Invalid Access Token".into())
    );

    let fresh = refresh_auth()
        .send()
        .await
        .unwrap()
        .authentication_result
        .unwrap()
        .access_token
        .unwrap();
    h.client
        .revoke_token()
        .client_id(&h.client_id)
        .client_secret(&h.secret)
        .token(&refresh)
        .send()
        .await
        .unwrap();
    assert_eq!(
        err(refresh_auth().send().await.unwrap_err()),
        ("NotAuthorizedException".into(), "Refresh Token has been revoked".into())
    );
    assert_eq!(
        h.get_user_error(&fresh).await.1,
        "Access Token has been revoked",
        "revocation covers its access tokens"
    );
}

#[tokio::test]
async fn jwks_and_discovery_over_http() {
    let h = Harness::start().await;
    let pool_id = h.server.pool.config.pool_id.clone();
    let base = h.server.endpoint();
    let jwks: serde_json::Value = reqwest::get(format!("{base}/{pool_id}/.well-known/jwks.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jwks["keys"][0]["alg"], "RS256");
    assert_eq!(jwks["keys"][0]["kty"], "RSA");
    let discovery: serde_json::Value = reqwest::get(format!("{base}/{pool_id}/.well-known/openid-configuration"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(discovery["issuer"], h.server.pool.config.issuer());
    let missing = reqwest::get(format!("{base}/us-east-1_other/.well-known/jwks.json"))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let unknown_op = reqwest::Client::new()
        .post(format!("{base}/"))
        .header("x-amz-target", "AWSCognitoIdentityProviderService.AdminNothing")
        .header("content-type", "application/x-amz-json-1.1")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_op.status(), 400);
    let garbage = reqwest::Client::new()
        .post(format!("{base}/"))
        .header("x-amz-target", "AWSCognitoIdentityProviderService.SignUp")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 400);
    let body: serde_json::Value = garbage.json().await.unwrap();
    assert_eq!(body["__type"], "SerializationException");
}
