//! The sign-in flow's steps, against a local-cognito of their own.

use std::time::Duration;

use super::*;
use crate::server::sign_up;
use crate::server::testing::{setup, visit};

const PHONE: &str = "+14155552671";

#[test]
fn records_read_both_ways_across_a_rolling_deploy() {
    // As the previous version wrote it, which also requires every field back.
    let old = r#"{"phone":"+14155552671","masked_phone":"+1 *** *** 2671",
        "cognito":{"username":"u","session":"s"},"attempts_left":2,"expires_at":5,"sent_at":1,"resends":0}"#;
    let p: PendingSignIn = serde_json::from_str(old).unwrap();
    assert_eq!(p.phone.as_e164(), PHONE);
    let fresh = PendingSignIn::new(p.phone.clone(), Started::NoUsableAccount, &CodePolicy::default(), 1, 0);
    for record in [p, fresh] {
        let written = serde_json::to_value(&record).unwrap();
        for field in ["phone", "cognito", "attempts_left", "expires_at", "sent_at", "resends"] {
            assert!(written.get(field).is_some(), "{field} in {written}");
        }
        assert_eq!(written["masked_phone"], "+1 *** *** 2671");
    }
}

#[test]
fn a_round_that_does_not_say_keeps_counting_down() {
    let round = |attempts_left, expires_at| Challenge {
        username: "u".into(),
        session: "s".into(),
        attempts_left,
        expires_at,
        texted: None,
    };
    let phone = PhoneNumber::parse(PHONE).unwrap();
    let first = Started::Challenge(round(None, None));
    let p = PendingSignIn::new(phone, first, &CodePolicy::default(), 1000, 0);
    assert_eq!(
        (p.attempts_left, p.expires_at),
        (3, 1180),
        "the policy's, where Cognito is silent"
    );
    let p = p.round(round(None, None), 1);
    assert_eq!((p.attempts_left, p.expires_at), (2, 1180), "one wrong answer fewer");
    let p = p.round(round(Some(1), Some(1100)), 1);
    assert_eq!((p.attempts_left, p.expires_at), (1, 1100), "what Cognito says wins");
}

#[tokio::test]
async fn a_code_is_checked_round_by_round_until_signed_in() {
    let s = setup(CodePolicy::default()).await;
    let browser = visit();
    assert_eq!(
        sign_up::start(&s.app, &browser, "US", "4155552671", "", None, None).await,
        Ok(Page::ConfirmSignUp)
    );
    let code = s.code_for(PHONE);
    assert_eq!(sign_up::confirm(&s.app, &browser, &code).await, Ok(Page::Account));

    s.clock.advance(61);
    assert_eq!(
        start(&s.app, &browser, "US", "(415) 555-2671", None, None).await,
        Ok(Page::Verify)
    );
    let code = s.code_for(PHONE);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        verify(&s.app, &browser, wrong).await,
        Err(AuthError::WrongCode { attempts_left: 2 })
    );
    let pending = browser.load::<PendingSignIn>().await.unwrap().expect("still pending");
    assert_eq!(pending.attempts_left, 2);
    assert_eq!(verify(&s.app, &browser, &code).await, Ok(Page::Account));
    assert!(browser.load::<PendingSignIn>().await.unwrap().is_none());
    assert!(browser.load::<SignedIn>().await.unwrap().is_some());
}

#[tokio::test]
async fn native_codes_have_eight_digits_and_the_server_counts_the_wrong_ones() {
    use crate::server::testing::setup_flow;
    let s = setup_flow(CodePolicy::default(), domain::SignInFlow::Native).await;
    let browser = visit();
    sign_up::start(&s.app, &browser, "US", "4155552671", "", None, None)
        .await
        .unwrap();
    sign_up::confirm(&s.app, &browser, &s.code_for(PHONE)).await.unwrap();
    let browser = visit();
    assert_eq!(
        start(&s.app, &browser, "US", "4155552671", None, None).await,
        Ok(Page::Verify)
    );
    assert_eq!(status(&s.app, &browser).await.unwrap().unwrap().code_digits, 8);
    let code = s.code_for(PHONE);
    assert_eq!(code.len(), 8);
    assert!(matches!(
        verify(&s.app, &browser, &code[..6]).await,
        Err(AuthError::InvalidCode(_))
    ));
    let wrong = if code == "00000000" { "11111111" } else { "00000000" };
    assert_eq!(
        verify(&s.app, &browser, wrong).await,
        Err(AuthError::WrongCode { attempts_left: 2 })
    );
    assert_eq!(
        verify(&s.app, &browser, wrong).await,
        Err(AuthError::WrongCode { attempts_left: 1 })
    );
    assert_eq!(verify(&s.app, &browser, wrong).await, Err(AuthError::TooManyAttempts));
    assert!(
        browser.load::<PendingSignIn>().await.unwrap().is_none(),
        "the flow is over"
    );

    s.clock.advance(61);
    start(&s.app, &browser, "US", "4155552671", None, None).await.unwrap();
    let code = s.code_for(PHONE);
    assert_eq!(
        verify(&s.app, &browser, &format!("{} {}", &code[..4], &code[4..])).await,
        Ok(Page::Account)
    );
}

#[tokio::test]
async fn native_numbers_without_an_account_see_the_same_code_page_whatever_cognito_draws() {
    use crate::server::testing::setup_flow;
    let s = setup_flow(CodePolicy::default(), domain::SignInFlow::Native).await;
    // Cognito answers a name with no account with a random allowed
    // challenge (local-cognito: a password challenge or a look-alike
    // SMS_OTP); every one of them must look like a sent code.
    // Each in a range of its own: in this flow every sign-in text spends
    // its range's budget.
    for n in 200..230 {
        let browser = visit();
        let national = format!("415{n}0100");
        assert_eq!(
            start(&s.app, &browser, "US", &national, None, None).await,
            Ok(Page::Verify),
            "{national}"
        );
        let status = status(&s.app, &browser).await.unwrap().expect("the code page");
        assert_eq!((status.attempts_left, status.code_digits), (3, 8));
        assert_eq!(
            verify(&s.app, &browser, "12345678").await,
            Err(AuthError::WrongCode { attempts_left: 2 }),
            "{national}"
        );
    }
    assert!(s.pool.pool.outbox.list(None).is_empty(), "nothing texted");
}

#[tokio::test]
async fn native_sign_in_texts_to_a_number_that_never_confirmed_spend_its_range() {
    use crate::server::testing::setup_flow;
    let s = setup_flow(CodePolicy::default(), domain::SignInFlow::Native).await;
    // Signed up, never confirmed: Cognito's USER_AUTH still texts it
    // sign-in codes, as a pumping script would have it do all day.
    sign_up::start(&s.app, &visit(), "US", "4155552671", "", None, None)
        .await
        .unwrap();
    let mut texted = 0;
    let held = loop {
        s.clock.advance(61);
        match start(&s.app, &visit(), "US", "4155552671", None, None).await {
            Ok(_) => texted += 1,
            Err(e) => break e,
        }
        assert!(texted < 49, "never held back by the range's budget");
    };
    // The range's twenty texts an hour (the sign-up's among them), or the
    // step asked for before a budget is spent.
    assert!(
        matches!(held, AuthError::TextsPaused { .. } | AuthError::ProofNeeded(_)),
        "{held:?}"
    );
    assert!(texted < 20, "{texted}");
    assert_eq!(s.pool.pool.outbox.list(Some(PHONE)).len(), 1 + texted);
}

#[tokio::test]
async fn a_number_with_no_usable_account_gets_the_same_rounds() {
    let policy = CodePolicy {
        ttl: Duration::from_secs(240),
        max_attempts: 2,
    };
    let s = setup(policy).await;
    // Signed up, never confirmed: Cognito will not start a sign-in.
    assert!(
        sign_up::start(&s.app, &visit(), "US", "4155552671", "", None, None)
            .await
            .is_ok()
    );
    let browser = visit();
    assert_eq!(
        start(&s.app, &browser, "US", "4155552671", None, None).await,
        Ok(Page::Verify)
    );
    let status = status(&s.app, &browser).await.unwrap().expect("pending");
    assert_eq!(status.expires_at - status.now, 240);
    assert_eq!(status.attempts_left, 2);
    assert_eq!(status.phone, "+1 415-555-2671");
    assert_eq!(
        verify(&s.app, &browser, "123456").await,
        Err(AuthError::WrongCode { attempts_left: 1 })
    );
    assert_eq!(
        verify(&s.app, &browser, "123456").await,
        Err(AuthError::TooManyAttempts)
    );
    assert!(
        browser.load::<PendingSignIn>().await.unwrap().is_none(),
        "the flow is over"
    );
    let form = form(&s.app, &browser).await.unwrap();
    assert_eq!(
        form.phone.as_deref(),
        Some("(415) 555-2671"),
        "the number is ready for another try"
    );
    assert_eq!(form.resend_in, Some(60), "once the code's cooldown is over");
    assert_eq!(
        start(&s.app, &browser, "US", "(415) 555-2671", None, None).await,
        Err(AuthError::ResendTooSoon { retry_after_secs: 60 }),
        "asked at once: the wait, as a wait"
    );
    s.clock.advance(60);
    assert_eq!(
        start(&s.app, &browser, "US", "(415) 555-2671", None, None).await,
        Ok(Page::Verify)
    );
}
