//! The three Lambda binaries behind a real Lambda Runtime API emulator
//! (`cargo lambda watch --only-lambda-apis`, from PyPI's cargo-lambda; the
//! test command installs it), invoked with `cargo lambda invoke`, with SNS
//! replaced by a local endpoint that records what Create publishes.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

const KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

use testkit::events::json as fixture;
use testkit::free_port;

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the emulator and returns once it says it is serving.
fn emulator(port: u16) -> Killed {
    let mut child = Command::new("cargo")
        .args([
            "lambda",
            "watch",
            "--only-lambda-apis",
            "-A",
            "127.0.0.1",
            "-P",
            &port.to_string(),
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cargo-lambda is needed: pip install cargo-lambda (scripts/setup.sh test does)");
    let (tx, rx) = mpsc::channel();
    for stream in [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
        child.stderr.take().map(|s| Box::new(s) as _),
    ]
    .into_iter()
    .flatten()
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the emulator did not start");
        if line.contains("starting Runtime server") {
            break;
        }
    }
    Killed(child)
}

/// Starts one trigger binary against the emulator.
fn function(bin: &str, port: u16, sns: Option<u16>) -> Killed {
    function_with(bin, port, sns, None)
}

/// With `secrets`, the HMAC key comes from (a stand-in for) Secrets Manager,
/// as in the deployed stack, instead of the environment.
fn function_with(bin: &str, port: u16, sns: Option<u16>, secrets: Option<u16>) -> Killed {
    function_env(bin, port, sns, secrets, &[])
}

fn function_env(bin: &str, port: u16, sns: Option<u16>, secrets: Option<u16>, extra: &[(&str, &str)]) -> Killed {
    let mut cmd = Command::new(bin);
    cmd.envs(extra.iter().copied());
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_NAME", "_")
        .env("AWS_LAMBDA_RUNTIME_API", format!("http://127.0.0.1:{port}/.rt"))
        .env("APP_NAME", "Acme")
        .env("APP_DOMAIN", "acme.example")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(sns) = sns {
        cmd.env("AWS_ENDPOINT_URL_SNS", format!("http://127.0.0.1:{sns}"));
    }
    match secrets {
        Some(port) => {
            cmd.env("OTP_HMAC_KEY_SECRET_ARN", SECRET_ARN)
                .env("AWS_ENDPOINT_URL_SECRETS_MANAGER", format!("http://127.0.0.1:{port}"));
        }
        None => {
            cmd.env("OTP_HMAC_KEY", KEY);
        }
    }
    Killed(cmd.spawn().unwrap())
}

/// `cargo lambda invoke`, returning the function's JSON answer or its error text.
fn invoke(port: u16, event: &Value) -> Result<Value, String> {
    let child = Command::new("cargo")
        .args([
            "lambda",
            "invoke",
            "-A",
            "127.0.0.1",
            "-P",
            &port.to_string(),
            "--data-ascii",
            &event.to_string(),
            "_",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A function that never answers must fail the test, not hang it.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("invoke timed out")
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    if out.status.success() {
        serde_json::from_str(&stdout).map_err(|e| format!("{e}: {stdout}"))
    } else {
        Err(format!("{stdout}{}", String::from_utf8_lossy(&out.stderr)))
    }
}

const SECRET_ARN: &str = "arn:aws:secretsmanager:us-east-1:000000000000:secret:otp-hmac-key-AbCdEf";

/// Answers GetSecretValue for the one secret, as Secrets Manager's JSON protocol does.
async fn fake_secrets_manager() -> u16 {
    let app = axum::Router::new().route(
        "/",
        axum::routing::post(|headers: axum::http::HeaderMap, body: String| async move {
            let target = headers
                .get("x-amz-target")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let request: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            if target == "secretsmanager.GetSecretValue" && request["SecretId"] == SECRET_ARN {
                let answer = json!({"ARN": SECRET_ARN, "Name": "otp-hmac-key", "SecretString": KEY, "VersionId": "v1"});
                (StatusCode::OK, answer.to_string())
            } else {
                let answer = json!({"__type": "ResourceNotFoundException", "message": "no such secret"});
                (StatusCode::BAD_REQUEST, answer.to_string())
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    port
}

type Published = Arc<Mutex<Vec<std::collections::HashMap<String, String>>>>;

/// What the stand-in for SNS does with a text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sns {
    Accept,
    Refuse,
    /// Never answers, as an SNS in trouble.
    Hang,
}

async fn sns_publish(
    State((published, mode)): State<(Published, Sns)>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> impl IntoResponse {
    if mode == Sns::Hang {
        std::future::pending::<()>().await;
    }
    if mode == Sns::Refuse {
        let body = r#"<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter: PhoneNumber</Message></Error><RequestId>r</RequestId></ErrorResponse>"#;
        return (StatusCode::BAD_REQUEST, [("content-type", "text/xml")], body);
    }
    published.lock().unwrap().push(form);
    let body = r#"<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>"#;
    (StatusCode::OK, [("content-type", "text/xml")], body)
}

async fn fake_sns(mode: Sns) -> (u16, Published) {
    let published = Published::default();
    let app = axum::Router::new()
        .route("/", axum::routing::post(sns_publish))
        .with_state((published.clone(), mode));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (port, published)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binaries_answer_real_runtime_api_invocations() {
    let (sns_port, published) = fake_sns(Sns::Accept).await;
    let port = free_port();
    let _emulator = emulator(port);

    let defined = {
        let _f = function(env!("CARGO_BIN_EXE_define-auth-challenge"), port, None);
        invoke(port, &fixture("define_first_round")).unwrap()
    };
    assert_eq!(defined["response"]["challengeName"], "CUSTOM_CHALLENGE");

    let created = {
        let _f = function(env!("CARGO_BIN_EXE_create-auth-challenge"), port, Some(sns_port));
        invoke(port, &fixture("create_first_round")).unwrap()
    };
    let sent = published.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "one SMS published");
    let sms = &sent[0];
    assert_eq!(sms["Action"], "Publish");
    assert_eq!(sms["PhoneNumber"], "+14155552671");
    assert_eq!(sms["MessageAttributes.entry.1.Name"], "AWS.SNS.SMS.SMSType");
    assert_eq!(sms["MessageAttributes.entry.1.Value.StringValue"], "Transactional");
    let code = sms["Message"].rsplit_once(" #").unwrap().1.to_owned();
    assert_eq!(code.len(), 6);
    assert!(
        !created.to_string().contains(&code),
        "the code stays out of Cognito's state"
    );
    assert_eq!(
        created["response"]["publicChallengeParameters"]["phone"],
        "+1 *** *** 2671"
    );

    let mut verify = fixture("verify");
    verify["request"]["privateChallengeParameters"] = created["response"]["privateChallengeParameters"].clone();
    // Verify reads the key from Secrets Manager, as deployed; it must be the
    // same key the code was sealed with for the right answer to pass.
    let secrets = fake_secrets_manager().await;
    let _f = function_with(env!("CARGO_BIN_EXE_verify-auth-challenge"), port, None, Some(secrets));
    verify["request"]["challengeAnswer"] = json!(code);
    assert_eq!(invoke(port, &verify).unwrap()["response"]["answerCorrect"], true);
    let d = (code.as_bytes()[0] - b'0' + 1) % 10;
    verify["request"]["challengeAnswer"] = json!(format!("{d}{}", &code[1..]));
    assert_eq!(invoke(port, &verify).unwrap()["response"]["answerCorrect"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_sms_fails_create_without_leaking_the_number() {
    let (sns_port, published) = fake_sns(Sns::Refuse).await;
    let port = free_port();
    let _emulator = emulator(port);
    let _f = function(env!("CARGO_BIN_EXE_create-auth-challenge"), port, Some(sns_port));
    let err = invoke(port, &fixture("create_first_round")).unwrap_err();
    assert!(err.contains("could not send the code"), "{err}");
    assert!(!err.contains("4155552671"), "{err}");
    assert!(published.lock().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_sns_fails_create_within_its_timeout() {
    let (sns_port, published) = fake_sns(Sns::Hang).await;
    let port = free_port();
    let _emulator = emulator(port);
    let _f = function_env(
        env!("CARGO_BIN_EXE_create-auth-challenge"),
        port,
        Some(sns_port),
        None,
        &[("SMS_TIMEOUT_MS", "300")],
    );
    let started = std::time::Instant::now();
    let err = invoke(port, &fixture("create_first_round")).unwrap_err();
    assert!(err.contains("could not send the code"), "{err}");
    // Well before Cognito's five seconds would run out (and it would retry).
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    assert!(published.lock().unwrap().is_empty());
}

#[test]
fn define_refuses_attempts_outside_their_range() {
    let out = Command::new(env!("CARGO_BIN_EXE_define-auth-challenge"))
        .env_clear()
        .env("OTP_MAX_ATTEMPTS", "11")
        .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("OTP_MAX_ATTEMPTS"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pre_sign_up_answers_real_runtime_api_invocations() {
    let port = free_port();
    let _emulator = emulator(port);
    let _f = function(env!("CARGO_BIN_EXE_pre-sign-up"), port, None);
    let allowed = invoke(port, &fixture("pre_sign_up")).unwrap();
    assert_eq!(allowed["request"]["userAttributes"]["phone_number"], "+14155552671");
    let mut premium = fixture("pre_sign_up");
    premium["request"]["userAttributes"]["phone_number"] = json!("+449091234567");
    let err = invoke(port, &premium).unwrap_err();
    assert!(err.contains("this number cannot receive our texts"), "{err}");
    assert!(!err.contains("9091234567"), "{err}");
}
