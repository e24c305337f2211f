//! Cognito's error shape: a 400 with `{"__type", "message"}`.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct CognitoError {
    pub kind: &'static str,
    pub message: String,
}

impl CognitoError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", message)
    }

    pub fn not_authorized(message: impl Into<String>) -> Self {
        Self::new("NotAuthorizedException", message)
    }

    pub fn incorrect_credentials() -> Self {
        Self::not_authorized("Incorrect username or password.")
    }

    pub fn code_mismatch() -> Self {
        Self::new(
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        )
    }

    pub fn expired_code() -> Self {
        Self::new(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        )
    }

    pub fn limit_exceeded() -> Self {
        Self::new(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time.",
        )
    }

    pub fn delivery_failed() -> Self {
        Self::new(
            "CodeDeliveryFailureException",
            "Unable to deliver message to the phone number.",
        )
    }

    pub fn lambda_failed(trigger: &str, message: &str) -> Self {
        Self::new(
            "UserLambdaValidationException",
            format!("{trigger} failed with error {message}."),
        )
    }

    pub fn unknown_client(id: &str) -> Self {
        Self::new(
            "ResourceNotFoundException",
            format!("User pool client {id} does not exist."),
        )
    }

    pub fn secret_hash(client_id: &str) -> Self {
        Self::not_authorized(format!("Unable to verify secret hash for client {client_id}"))
    }
}

impl IntoResponse for CognitoError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "__type": self.kind, "message": self.message });
        let mut response = (StatusCode::BAD_REQUEST, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        headers.insert("content-type", HeaderValue::from_static("application/x-amz-json-1.1"));
        headers.insert("x-amzn-errortype", HeaderValue::from_static(self.kind));
        response
    }
}
