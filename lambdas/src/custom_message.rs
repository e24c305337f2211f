//! CustomMessage: words the confirmation texts Cognito sends itself (on
//! SignUp and ResendConfirmationCode, and for a changed number on
//! UpdateUserAttributes and GetUserAttributeVerificationCode) in the
//! language of the page they were asked for on. The server passes it as the
//! `locale` client metadata (which Cognito hands this trigger for each of
//! these calls) and keeps it as the user's `locale` attribute; the words are `domain::sms`'s, as in every
//! other text, with Cognito's `{####}` where the code goes. Any other
//! message is left to Cognito's own settings.

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsCustomMessage, CognitoEventUserPoolsCustomMessageTriggerSource as Source,
};
use domain::sms::{CONFIRMATION_CODE_TTL, Locale, Purpose, template};

/// What the texts name: the app and the domain of their last line.
pub struct Words {
    pub app_name: String,
    pub domain: String,
}

pub fn custom_message(
    mut event: CognitoEventUserPoolsCustomMessage,
    words: &Words,
) -> CognitoEventUserPoolsCustomMessage {
    let source = &event.cognito_event_user_pools_header.trigger_source;
    if !matches!(
        source,
        Some(Source::SignUp | Source::ResendCode | Source::UpdateUserAttribute | Source::VerifyUserAttribute)
    ) {
        return event;
    }
    // Cognito checks that the message carries its placeholder; without one
    // to put in, Cognito's own message stands.
    let Some(code) = event.request.code_parameter.clone() else {
        return event;
    };
    let request = &event.request;
    let tag = request
        .client_metadata
        .get("locale")
        .map(String::as_str)
        .or_else(|| request.user_attributes.get("locale").and_then(|v| v.as_str()));
    let locale = Locale::from_tag(tag);
    event.response.sms_message = Some(template(
        locale,
        Purpose::ConfirmPhone,
        &words.app_name,
        &words.domain,
        &code,
        CONFIRMATION_CODE_TTL,
    ));
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(source: &str, metadata: serde_json::Value, locale: Option<&str>) -> CognitoEventUserPoolsCustomMessage {
        let mut attributes = serde_json::json!({"phone_number": "+14155550100", "sub": "abc"});
        if let Some(l) = locale {
            attributes["locale"] = l.into();
        }
        serde_json::from_value(serde_json::json!({
            "version": "1", "triggerSource": source, "region": "us-east-1",
            "userPoolId": "us-east-1_x", "userName": "abc",
            "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "c"},
            "request": {
                "userAttributes": attributes, "codeParameter": "{####}",
                "usernameParameter": null, "clientMetadata": metadata
            },
            "response": {"smsMessage": null, "emailMessage": null, "emailSubject": null}
        }))
        .unwrap()
    }

    fn words() -> Words {
        Words {
            app_name: "Acme".into(),
            domain: "acme.example".into(),
        }
    }

    fn said(e: CognitoEventUserPoolsCustomMessage) -> Option<String> {
        custom_message(e, &words()).response.sms_message
    }

    #[test]
    fn a_sign_up_text_is_in_the_pages_language_with_cognitos_placeholder() {
        let text = said(event("CustomMessage_SignUp", serde_json::json!({"locale": "es"}), None)).unwrap();
        assert!(
            text.starts_with("{####} es tu código de confirmación de teléfono de Acme. Caduca en 24 horas."),
            "{text}"
        );
        assert_eq!(text.lines().last(), Some("@acme.example #{####}"));
    }

    #[test]
    fn a_resend_follows_the_metadata_then_the_users_locale_then_english() {
        let with = |metadata, locale| said(event("CustomMessage_ResendCode", metadata, locale)).unwrap();
        assert!(with(serde_json::json!({"locale": "fr"}), Some("de")).contains("code de confirmation du téléphone"));
        assert!(with(serde_json::Value::Null, Some("de")).contains("Bestätigungscode"));
        assert!(with(serde_json::Value::Null, None).contains("is your Acme phone confirmation code"));
    }

    #[test]
    fn a_changed_numbers_code_is_worded_alike_in_the_pages_language() {
        for source in ["CustomMessage_UpdateUserAttribute", "CustomMessage_VerifyUserAttribute"] {
            let text = said(event(source, serde_json::json!({"locale": "de"}), Some("en"))).unwrap();
            assert!(
                text.starts_with("{####} ist Ihr Acme-Bestätigungscode."),
                "{source}: {text}"
            );
            assert_eq!(text.lines().last(), Some("@acme.example #{####}"), "{source}");
        }
    }

    #[test]
    fn other_messages_are_left_to_cognito() {
        for source in [
            "CustomMessage_ForgotPassword",
            "CustomMessage_Authentication",
            "CustomMessage_AdminCreateUser",
        ] {
            assert_eq!(
                said(event(source, serde_json::json!({"locale": "es"}), None)),
                None,
                "{source}"
            );
        }
    }
}
