//! Shared pieces of the three Lambda binaries: their settings, logging,
//! and the AWS adapters (SNS for texts, Secrets Manager for the HMAC key).

use std::time::Duration;

use aws_sdk_sns::error::ProvideErrorMetadata;
use aws_sdk_sns::types::MessageAttributeValue;

use crate::sms::{SmsError, SmsMessage, SmsSender};

/// JSON logs without ANSI colours, as CloudWatch wants them.
pub fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_ansi(false)
        .without_time()
        .try_init();
}

pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// PreSignUp needs only the SMS policy.
pub fn sms_policy() -> Result<domain::SmsPolicy, lambda_runtime::Error> {
    Ok(domain::SmsPolicy::from_lookup(env)?)
}

/// `TEST_NUMBERS`, for PreSignUp (Create reads it with the rest of its
/// settings).
pub fn test_numbers() -> Result<Option<domain::TestNumbers>, lambda_runtime::Error> {
    Ok(domain::settings::test_numbers_from_lookup(env)?)
}

/// `CONFIRM_AT_SIGN_IN`, for PreSignUp (see `pre_sign_up`).
pub fn confirm_at_sign_in() -> bool {
    domain::settings::confirm_at_sign_in_from_lookup(env)
}

/// Define needs only the code policy, and no key.
pub fn code_policy() -> Result<domain::CodePolicy, lambda_runtime::Error> {
    Ok(domain::CodePolicy::from_lookup(env)?)
}

/// The only roots the triggers' AWS clients trust: Amazon Trust Services'
/// (and the Starfield root that cross-signs them), to which every AWS
/// endpoint's certificate chains. The system's whole store would be read
/// and parsed at every cold start (about 9 ms of CPU and 4 MiB), to trust
/// a hundred CAs for calls that only ever go to AWS.
pub const AWS_ROOTS: &str = include_str!("aws-roots.pem");

/// AWS's configuration for the triggers' clients (SNS, Secrets Manager),
/// over an HTTPS client that trusts [`AWS_ROOTS`] alone.
async fn aws_config() -> Result<aws_config::SdkConfig, lambda_runtime::Error> {
    use aws_smithy_http_client::tls::{Provider, TlsContext, TrustStore, rustls_provider::CryptoMode};
    let trust = TrustStore::empty()
        .with_native_roots(false)
        .with_pem_certificate(AWS_ROOTS.as_bytes());
    let tls = TlsContext::builder().with_trust_store(trust).build()?;
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::AwsLc))
        .tls_context(tls)
        .build_https();
    Ok(aws_config::defaults(aws_config::BehaviorVersion::latest())
        .http_client(http)
        .load()
        .await)
}

/// The trigger settings, with the HMAC key taken from Secrets Manager when
/// `OTP_HMAC_KEY_SECRET_ARN` names it (as the deployment template does), so the
/// key never sits in the function's configuration. `OTP_HMAC_KEY` itself
/// wins when set (local runs, tests).
pub async fn trigger_config() -> Result<domain::TriggerConfig, lambda_runtime::Error> {
    let key = match (env("OTP_HMAC_KEY"), env("OTP_HMAC_KEY_SECRET_ARN")) {
        (Some(key), _) => Some(key),
        (None, Some(arn)) => {
            let config = aws_config().await?;
            let secret = aws_sdk_secretsmanager::Client::new(&config)
                .get_secret_value()
                .secret_id(arn)
                .send()
                .await
                .map_err(|e| format!("cannot read the OTP key secret: {}", e.code().unwrap_or("no response")))?;
            secret.secret_string().map(str::to_owned)
        }
        (None, None) => None,
    };
    Ok(domain::TriggerConfig::from_lookup(|name| {
        if name == "OTP_HMAC_KEY" { key.clone() } else { env(name) }
    })?)
}

/// How long one text may take to hand to SNS (`SMS_TIMEOUT_MS`, 100 to
/// 4500, default 2000): well inside Cognito's five seconds for a trigger, so
/// a slow SNS fails the send instead of timing the trigger out, which
/// Cognito would retry.
pub fn sms_timeout(get: impl Fn(&str) -> Option<String>) -> Result<Duration, String> {
    match get("SMS_TIMEOUT_MS") {
        None => Ok(Duration::from_millis(2000)),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|ms| (100..=4500).contains(ms))
            .map(Duration::from_millis)
            .ok_or_else(|| format!("SMS_TIMEOUT_MS must be milliseconds from 100 to 4500, got {v:?}")),
    }
}

/// Cognito's admin API, for PostAuthentication. Cognito waits 5 seconds for
/// a trigger: the call gets 2, and a sign-in never waits on a slow one.
pub async fn cognito_client() -> Result<aws_sdk_cognitoidentityprovider::Client, lambda_runtime::Error> {
    use aws_sdk_cognitoidentityprovider::config::{Builder, timeout::TimeoutConfig};
    let config = aws_config().await?;
    let config = Builder::from(&config)
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(2))
                .build(),
        )
        .build();
    Ok(aws_sdk_cognitoidentityprovider::Client::from_conf(config))
}

/// Sends through SNS Publish as a transactional SMS.
pub struct SnsSender {
    client: aws_sdk_sns::Client,
    sender_id: Option<String>,
}

impl SnsSender {
    pub async fn from_env() -> Result<Self, lambda_runtime::Error> {
        let timeout = sms_timeout(env)?;
        let config = aws_config().await?;
        let sns = aws_sdk_sns::config::Builder::from(&config)
            .timeout_config(
                aws_sdk_sns::config::timeout::TimeoutConfig::builder()
                    .operation_timeout(timeout)
                    .build(),
            )
            .build();
        Ok(Self {
            client: aws_sdk_sns::Client::from_conf(sns),
            sender_id: env("SMS_SENDER_ID"),
        })
    }

    fn attribute(value: &str) -> Result<MessageAttributeValue, SmsError> {
        MessageAttributeValue::builder()
            .data_type("String")
            .string_value(value)
            .build()
            .map_err(|_| SmsError::Rejected)
    }
}

impl SmsSender for SnsSender {
    async fn send(&self, message: &SmsMessage) -> Result<(), SmsError> {
        let mut request = self
            .client
            .publish()
            .phone_number(message.to.as_str())
            .message(&message.body)
            .message_attributes("AWS.SNS.SMS.SMSType", Self::attribute("Transactional")?);
        if let Some(id) = &self.sender_id {
            request = request.message_attributes("AWS.SNS.SMS.SenderID", Self::attribute(id)?);
        }
        request.send().await.map(|_| ()).map_err(|e| {
            // Only the error's kind: SNS errors can echo the request back.
            tracing::warn!(kind = e.code().unwrap_or("unknown"), "SNS publish failed");
            SmsError::Unavailable
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_aws_roots_are_amazons_five() {
        use rustls_pki_types::CertificateDer;
        use rustls_pki_types::pem::PemObject;
        let roots: Vec<_> = CertificateDer::pem_slice_iter(AWS_ROOTS.as_bytes())
            .collect::<Result<_, _>>()
            .expect("certificates in PEM");
        assert_eq!(roots.len(), 5);
    }

    #[test]
    fn the_sms_timeout_stays_inside_the_triggers_five_seconds() {
        let with = |v: &'static str| move |k: &str| (k == "SMS_TIMEOUT_MS").then(|| v.to_owned());
        assert_eq!(sms_timeout(|_| None), Ok(Duration::from_secs(2)));
        assert_eq!(sms_timeout(with("800")), Ok(Duration::from_millis(800)));
        for bad in ["5000", "50", "soon"] {
            assert!(sms_timeout(with(bad)).is_err(), "{bad}");
        }
    }
}
