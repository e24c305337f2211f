//! Cost of one invocation of each trigger: the event JSON in, the decision,
//! the event JSON out, as the Lambda runtime does it (its HTTP aside).
//! Create is measured without the SMS round trip (a no-op sender).

use std::hint::black_box;

use aws_lambda_events::event::cognito::{
    CognitoEventUserPoolsCreateAuthChallenge, CognitoEventUserPoolsCustomMessage,
    CognitoEventUserPoolsDefineAuthChallenge, CognitoEventUserPoolsPreSignup, CognitoEventUserPoolsVerifyAuthChallenge,
};
use criterion::{Criterion, criterion_group, criterion_main};
use domain::TriggerConfig;
use testkit::events::text as fixture;

const NOW: u64 = 1_764_000_000;

fn triggers(c: &mut Criterion) {
    let config = TriggerConfig::with_random_key("Acme", "acme.example");
    let define = fixture("define_first_round");
    let create = fixture("create_first_round");

    // For scale: full numbering-plan validation versus the SMS destination check.
    c.bench_function("PhoneNumber::parse", |b| {
        b.iter(|| domain::PhoneNumber::parse(black_box("+14155552671")).unwrap())
    });
    c.bench_function("E164::parse", |b| {
        b.iter(|| domain::E164::parse(black_box("+14155552671")).unwrap())
    });
    let pre_sign_up = fixture("pre_sign_up");
    let policy = domain::SmsPolicy::default();
    c.bench_function("pre_sign_up", |b| {
        b.iter(|| {
            let e: CognitoEventUserPoolsPreSignup = serde_json::from_str(black_box(pre_sign_up)).unwrap();
            serde_json::to_vec(&lambdas::pre_sign_up::pre_sign_up(e, &policy, None, true).unwrap()).unwrap()
        })
    });
    let custom_message = fixture("custom_message");
    let words = lambdas::custom_message::Words {
        app_name: "Acme".into(),
        domain: "acme.example".into(),
    };
    c.bench_function("custom_message", |b| {
        b.iter(|| {
            let e: CognitoEventUserPoolsCustomMessage = serde_json::from_str(black_box(custom_message)).unwrap();
            serde_json::to_vec(&lambdas::custom_message::custom_message(e, &words)).unwrap()
        })
    });
    c.bench_function("define", |b| {
        b.iter(|| {
            let e: CognitoEventUserPoolsDefineAuthChallenge = serde_json::from_str(black_box(define)).unwrap();
            serde_json::to_vec(&lambdas::define::define_auth_challenge(e, 3)).unwrap()
        })
    });

    c.bench_function("create", |b| {
        b.iter(|| {
            let e: CognitoEventUserPoolsCreateAuthChallenge = serde_json::from_str(black_box(create)).unwrap();
            let (out, sms) = lambdas::create::plan(e, &config, NOW).unwrap();
            black_box(sms);
            serde_json::to_vec(&out).unwrap()
        })
    });

    // A round that begins late in its code slot seals one code; one that
    // begins early (NOW, a slot's first second) seals two (see
    // domain::challenge::RETRY_WINDOW_SECS).
    c.bench_function("create late in slot", |b| {
        b.iter(|| {
            let e: CognitoEventUserPoolsCreateAuthChallenge = serde_json::from_str(black_box(create)).unwrap();
            let (out, sms) = lambdas::create::plan(e, &config, NOW + 30).unwrap();
            black_box(sms);
            serde_json::to_vec(&out).unwrap()
        })
    });
    // The part that is Cognito's event type and JSON, not Create's work.
    c.bench_function("create event read", |b| {
        b.iter(|| serde_json::from_str::<CognitoEventUserPoolsCreateAuthChallenge>(black_box(create)).unwrap())
    });

    // A verify event for a real sealed code, answered correctly.
    let e: CognitoEventUserPoolsCreateAuthChallenge = serde_json::from_str(create).unwrap();
    let (created, sms) = lambdas::create::plan(e, &config, NOW).unwrap();
    let code = domain::sms::code_from_body(&sms.unwrap().body).unwrap();
    let mut verify: serde_json::Value = serde_json::from_str(fixture("verify")).unwrap();
    verify["request"]["privateChallengeParameters"] =
        serde_json::to_value(&created.response.private_challenge_parameters).unwrap();
    verify["request"]["challengeAnswer"] = code.expose().into();
    let verify = verify.to_string();
    c.bench_function("verify", |b| {
        b.iter(|| {
            let e: CognitoEventUserPoolsVerifyAuthChallenge = serde_json::from_str(black_box(&verify)).unwrap();
            let out = lambdas::verify::verify_auth_challenge(e, &config, NOW + 1);
            assert!(out.response.answer_correct);
            serde_json::to_vec(&out).unwrap()
        })
    });
}

criterion_group!(benches, triggers);
criterion_main!(benches);
