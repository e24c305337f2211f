//! Whole trigger flows, chained as Cognito chains them.

mod common;

use common::*;
use domain::challenge::public;
use lambdas::create::create_auth_challenge;
use serde_json::json;

#[tokio::test]
async fn correct_code_signs_in_with_one_text() {
    let mut flow = Flow::new(config());
    assert_eq!(
        flow.define().response.challenge_name.as_deref(),
        Some("CUSTOM_CHALLENGE")
    );
    let created = flow.create(T0).await;
    assert_eq!(flow.texts(), 1);
    let sent = flow.sender.0.lock().unwrap()[0].clone();
    assert_eq!(sent.to.as_str(), PHONE);
    let params = &created.response.public_challenge_parameters;
    assert_eq!(params[public::PHONE], "+1 *** *** 2671");
    assert_eq!(params[public::CODE_LENGTH], "6");
    assert_eq!(params[public::ATTEMPTS_LEFT], "3");
    assert_eq!(params[public::EXPIRES_AT], (T0 + 180).to_string());

    let code = flow.sent_code();
    // Nothing Cognito stores or shows holds the code.
    let state = serde_json::to_string(&created.response).unwrap();
    assert!(!state.contains(&code), "code leaked into Cognito state: {state}");

    // Whitespace around the answer is forgiven.
    let ok = flow.verify(&created, json!(format!(" {code}\n")), T0 + 10);
    assert!(ok);
    flow.record(&created, ok);
    let done = flow.define();
    assert!(done.response.issue_tokens);
    assert!(!done.response.fail_authentication);
}

#[tokio::test]
async fn retries_reuse_the_code_and_three_wrong_answers_fail() {
    let mut flow = Flow::new(config());
    let first = flow.create(T0).await;
    let code = flow.sent_code();
    assert!(!flow.verify(&first, json!(wrong(&code)), T0 + 1));
    flow.record(&first, false);
    assert_eq!(
        flow.define().response.challenge_name.as_deref(),
        Some("CUSTOM_CHALLENGE")
    );

    let second = flow.create(T0 + 30).await;
    assert_eq!(flow.texts(), 1, "a retry must not send a second text");
    assert_eq!(second.response.challenge_metadata, first.response.challenge_metadata);
    assert_eq!(second.response.public_challenge_parameters[public::ATTEMPTS_LEFT], "2");
    // The first code still works on the second round.
    assert!(flow.verify(&second, json!(code), T0 + 31));
    assert!(!flow.verify(&second, json!(wrong(&code)), T0 + 31));
    flow.record(&second, false);
    let third = flow.create(T0 + 60).await;
    flow.record(&third, false);
    let end = flow.define();
    assert!(end.response.fail_authentication);
    assert!(!end.response.issue_tokens);
}

#[tokio::test]
async fn expired_and_malformed_answers_are_rejected() {
    let flow = Flow::new(config());
    let created = flow.create(T0).await;
    let code = flow.sent_code();
    assert!(flow.verify(&created, json!(code), T0 + 179));
    assert!(!flow.verify(&created, json!(code), T0 + 180), "expired at the TTL");
    for bad in [
        json!(null),
        json!(123456),
        json!("12345"),
        json!("1234567"),
        json!("12a456"),
        json!(""),
    ] {
        assert!(!flow.verify(&created, bad.clone(), T0 + 1), "{bad}");
    }
}

#[tokio::test]
async fn unknown_users_get_the_same_rounds_and_no_text() {
    // The same number, once with an account and once without, side by side.
    let mut known = Flow::new(config());
    let mut unknown = Flow::new(config());
    unknown.user_not_found = true;
    unknown.user_name = PHONE.into();
    for round in 0..3 {
        for flow in [&known, &unknown] {
            assert_eq!(
                flow.define().response.challenge_name.as_deref(),
                Some("CUSTOM_CHALLENGE"),
                "round {round}"
            );
        }
        let k = known.create(T0).await;
        let u = unknown.create(T0).await;
        // What the client sees: the masked number, length, attempts, expiry;
        // all the same but whether this round texted (which only the server
        // reads, for the owner's budget: only the first round texts, and
        // only to an account).
        let without_texted = |p: &std::collections::HashMap<String, String>| {
            let mut p = p.clone();
            let texted = p.remove(public::TEXTED);
            (p, texted)
        };
        let (k_params, k_texted) = without_texted(&k.response.public_challenge_parameters);
        let (u_params, u_texted) = without_texted(&u.response.public_challenge_parameters);
        assert_eq!(k_params, u_params, "round {round}");
        let first = if round == 0 { "1" } else { "0" };
        assert_eq!(k_texted.as_deref(), Some(first), "round {round}");
        assert_eq!(u_texted.as_deref(), Some("0"), "round {round}");
        assert_eq!(u.response.public_challenge_parameters[public::PHONE], "+1 *** *** 2671");
        // Retries reuse the one code, so this stays wrong for both.
        let answer = json!(wrong(&known.sent_code()));
        for (flow, created) in [(&mut known, &k), (&mut unknown, &u)] {
            assert!(!flow.verify(created, answer.clone(), T0 + 1), "round {round}");
            flow.record(created, false);
        }
    }
    assert!(known.define().response.fail_authentication);
    assert!(unknown.define().response.fail_authentication);
    assert_eq!(
        (known.texts(), unknown.texts()),
        (1, 0),
        "one text for the account, none without"
    );
}

#[tokio::test]
async fn a_retried_first_round_texts_the_same_code() {
    let flow = Flow::new(config());
    flow.create(T0).await;
    let first = flow.sent_code();
    // Cognito calls Create again when the first call was slow.
    flow.create(T0 + 4).await;
    assert_eq!(flow.texts(), 2);
    assert_eq!(flow.sent_code(), first, "the same code, not a second one");
    // A new sign-in a minute later (the resend cooldown) gets a new code.
    flow.create(T0 + 60).await;
    assert_ne!(flow.sent_code(), first);
}

#[tokio::test]
async fn a_first_round_retried_across_a_slot_boundary_takes_either_code() {
    use domain::challenge::CODE_SLOT_SECS;
    let flow = Flow::new(config());
    let boundary = (T0 / CODE_SLOT_SECS + 1) * CODE_SLOT_SECS;
    // The first try, which Cognito gave up on after 5 s, texted its code...
    flow.create(boundary - 2).await;
    let first = flow.sent_code();
    // ...and the retry, in the next slot, texts another.
    let retried = flow.create(boundary + 4).await;
    let second = flow.sent_code();
    assert_ne!(first, second);
    // The round Cognito keeps is the retry's: the person may type either.
    assert!(flow.verify(&retried, json!(first), boundary + 20));
    assert!(flow.verify(&retried, json!(second), boundary + 20));
    assert!(!flow.verify(&retried, json!(wrong(&first)), boundary + 20) || wrong(&first) == second);
    // A new sign-in a minute later takes neither.
    let next = flow.create(boundary + 64).await;
    assert!(!flow.verify(&next, json!(first), boundary + 70));
    assert!(!flow.verify(&next, json!(second), boundary + 70));
}

#[tokio::test]
async fn create_texts_no_number_outside_the_sms_policy() {
    // A user whose number the policy does not allow (created before it, or
    // some other way than our sign-up): a UK premium-rate number.
    let mut event = fixture("create_first_round");
    event["request"]["userAttributes"]["phone_number"] = json!("+449091234567");
    let event = serde_json::from_value(event).unwrap();
    let sender = Recorder::default();
    let err = create_auth_challenge(event, &config(), &sender, T0).await.unwrap_err();
    assert_eq!(err.to_string(), "this number cannot receive our texts");
    assert!(sender.0.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_failed_send_fails_the_trigger_generically() {
    let config = config();
    let event = serde_json::from_value(fixture("create_first_round")).unwrap();
    let err = create_auth_challenge(event, &config, &Failing, T0).await.unwrap_err();
    let text = err.to_string();
    assert_eq!(text, "could not send the code");
}

#[tokio::test]
async fn a_test_numbers_round_seals_its_fixed_code_and_texts_nothing() {
    let mut config = config();
    config.test_numbers = Some(domain::TestNumbers::outside_production());
    let flow = Flow::new(config);
    let mut event = fixture("create_first_round");
    event["request"]["userAttributes"]["phone_number"] = json!("+14155550142");
    event["userName"] = json!(flow.user_name);
    let event = serde_json::from_value(event).unwrap();
    let created = create_auth_challenge(event, &flow.config, &flow.sender, T0)
        .await
        .unwrap();
    assert_eq!(flow.texts(), 0, "never texted");
    assert_eq!(created.response.public_challenge_parameters[public::TEXTED], "0");
    assert!(!flow.verify(&created, json!("424243"), T0 + 10));
    assert!(flow.verify(&created, json!("424242"), T0 + 10));
    // Past the code's lifetime, the fixed code expires like any other.
    assert!(!flow.verify(&created, json!("424242"), T0 + 181));
    // Any other number is texted as ever, under the same settings.
    let created = flow.create(T0).await;
    assert_eq!(flow.texts(), 1);
    assert!(!flow.verify(&created, json!("424242"), T0 + 10) || flow.sent_code() == "424242");
}
