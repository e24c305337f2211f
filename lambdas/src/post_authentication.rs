//! PostAuthentication (the custom flow, with `CONFIRM_AT_SIGN_IN`): the
//! first sign-in of an account proves its number, since only a code texted
//! to that number signs in; this marks the number verified, once.
//!
//! Cognito applies the change from the next sign-in on: this sign-in's ID
//! token still says `phone_number_verified: false`, which is how the server
//! knows that it is the account's first (AWS's Developer Guide: post
//! authentication changes are "reflected on the next sign-in").
//!
//! The event is read loosely, as JSON: the trigger must hand it back
//! whatever fields Cognito adds, or the sign-in fails.

use serde::Deserialize;
use serde_json::Value;

/// An account whose number the sign-in just proved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unverified {
    pub pool_id: String,
    pub user_name: String,
    /// The number the code went to. Written back with the flag: in a pool
    /// that verifies a new number before it replaces the old, setting the
    /// flag alone would verify a new number waiting for its own code
    /// (AdminUpdateUserAttributes "can verify an updated ... phone number").
    pub phone: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Event {
    #[serde(default)]
    user_pool_id: Option<String>,
    #[serde(default)]
    user_name: Option<String>,
    #[serde(default)]
    request: Request,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Request {
    #[serde(default)]
    user_attributes: std::collections::HashMap<String, String>,
}

/// The account to mark verified, if the sign-in was its first: it has a
/// number, not yet verified.
pub fn unverified(event: &Value) -> Option<Unverified> {
    let event = Event::deserialize(event).ok()?;
    let attributes = &event.request.user_attributes;
    let phone = attributes.get("phone_number").filter(|n| !n.is_empty())?;
    let verified = attributes.get("phone_number_verified").map(String::as_str) == Some("true");
    if verified {
        return None;
    }
    Some(Unverified {
        pool_id: event.user_pool_id?,
        user_name: event.user_name?,
        phone: phone.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(attributes: Value) -> Value {
        json!({
            "version": "1", "triggerSource": "PostAuthentication_Authentication", "region": "us-east-1",
            "userPoolId": "us-east-1_x", "userName": "0b8f-sub",
            "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "c"},
            "request": {"userAttributes": attributes, "newDeviceUsed": false},
            "response": {}
        })
    }

    #[test]
    fn a_first_sign_in_marks_the_number_and_later_ones_do_not() {
        let first = event(json!({"phone_number": "+14155552671", "phone_number_verified": "false"}));
        assert_eq!(
            unverified(&first),
            Some(Unverified {
                pool_id: "us-east-1_x".into(),
                user_name: "0b8f-sub".into(),
                phone: "+14155552671".into(),
            })
        );
        let missing = event(json!({"phone_number": "+14155552671"}));
        assert!(unverified(&missing).is_some(), "no flag is no proof");
        let later = event(json!({"phone_number": "+14155552671", "phone_number_verified": "true"}));
        assert_eq!(unverified(&later), None);
        assert_eq!(unverified(&event(json!({}))), None, "no number, nothing to mark");
    }

    #[test]
    fn an_event_it_cannot_read_marks_nothing() {
        assert_eq!(unverified(&json!("not an event")), None);
        assert_eq!(
            unverified(&json!({"request": {"userAttributes": {"phone_number": "+1"}}})),
            None
        );
    }
}
