//! The custom flow's sign-up in one text. SignUp makes the account,
//! confirmed at once and with nothing texted (PreSignUp's
//! `CONFIRM_AT_SIGN_IN`), and the account's first sign-in starts straight
//! away: its code is the sign-up's one code. For a number that has an
//! account, SignUp makes nothing and the same sign-in starts for that
//! account. Either way the page, the text and the time are the same.
//!
//! Nobody is signed in without the code texted to the number: the sign-in
//! is Cognito's custom flow, checked by our triggers, as at `/login`. An
//! account made for a number by someone who does not hold it never gets
//! their name (it is written only once the first sign-in has proved the
//! number, see `sign_in::signed_in`), and its owner simply signs in.

use domain::OtpCode;
use serde::{Deserialize, Serialize};

use super::PendingSignUp;
use crate::error::AuthError;
use crate::server::cognito::{SignedUp, Started, Tokens};
use crate::server::limits::Purpose;
use crate::server::proof::ProofAnswer;
use crate::server::send::{self, Sent};
use crate::server::session::{Handover, Visit};
use crate::server::sign_in::{self, Checked, FromSignUp, PendingSignIn};
use crate::server::state::AppState;
use crate::views::Page;
use domain::PhoneNumber;

/// Where the sign-up's one code stands.
#[derive(Clone, Serialize, Deserialize)]
pub enum BySignIn {
    /// The first sign-in's round, waiting for its code.
    Round(PendingSignIn),
    /// The code was right, and the account's first sign-in waits for the
    /// name to be written and the `signed_up` hook to succeed: the next
    /// press finishes it, without a code.
    SignedIn(Tokens),
}

/// SignUp's answer and the sign-in it led to (none where Cognito texted a
/// confirmation code after all).
struct Begun {
    signed_up: SignedUp,
    round: Option<Started>,
}

impl Sent for Begun {
    fn texted(&self) -> bool {
        self.signed_up.texted() || self.round.as_ref().is_some_and(Sent::texted)
    }
}

/// Signs the number up and starts its first sign-in, as one send.
pub(super) async fn start(
    app: &AppState,
    visit: &Visit,
    phone: PhoneNumber,
    name: Option<String>,
    proof: Option<&ProofAnswer>,
    now: u64,
) -> Result<PendingSignUp, AuthError> {
    let calls = async {
        // No name yet: only a proved number's account gets one.
        let signed_up = app.cognito.sign_up(&phone, None, visit.language()).await?;
        if signed_up.texted() {
            return Ok(Begun { signed_up, round: None });
        }
        let round = app.cognito.start_sign_in(&phone).await?;
        Ok(Begun {
            signed_up,
            round: Some(round),
        })
    };
    let begun = send::limited(app, visit, Purpose::SignUp, &phone, proof, now, calls).await?;
    let by_sign_in = match begun.round {
        Some(started) => Some(BySignIn::Round(sign_in::round_started(app, &phone, started, now, 0))),
        None => {
            // The stack is older than the server: its confirmation code
            // confirms, and the sign-in page texts a second code.
            tracing::warn!(
                "Cognito texted a sign-up confirmation code: the stack's PreSignUp lacks CONFIRM_AT_SIGN_IN (redeploy infra/template.yaml); a new account costs two texts, and its name is not kept"
            );
            None
        }
    };
    let shaped_like_a_round = by_sign_in.is_none().then(|| round_ends(app, now));
    Ok(PendingSignUp {
        shaped_like_a_round,
        ..PendingSignUp::started(phone, name, now, begun.signed_up, by_sign_in)
    })
}

/// When a first sign-in's code sent `now` runs out.
pub(super) fn round_ends(app: &AppState, now: u64) -> u64 {
    now + app.cognito.flow().code_ttl(app.settings.code_policy.ttl).as_secs()
}

/// "Send a new code": a new first sign-in, which replaces the round.
pub(super) async fn resend(
    app: &AppState,
    visit: &Visit,
    pending: PendingSignUp,
    proof: Option<&ProofAnswer>,
    now: u64,
) -> Result<Page, AuthError> {
    let phone = pending.phone.clone();
    let started = app.cognito.start_sign_in(&phone);
    let started = send::limited(app, visit, Purpose::SignUp, &phone, proof, now, started).await?;
    let round = sign_in::round_started(app, &phone, started, now, pending.resends + 1);
    let pending = PendingSignUp {
        by_sign_in: Some(BySignIn::Round(round)),
        ..pending.resent(now)
    };
    visit.save(&pending).await?;
    tracing::info!(phone = %pending.phone.masked(), "sign-up code resent");
    Ok(Page::ConfirmSignUp)
}

/// The code: the first sign-in's answer, then the account's first sign-in
/// (name, `signed_up` hook, session). Where the latter fails, the tokens
/// wait in the sign-up for the next press.
pub(super) async fn confirm(
    app: &AppState,
    visit: &Visit,
    pending: PendingSignUp,
    by: BySignIn,
    code: Result<OtpCode, AuthError>,
) -> Result<Page, AuthError> {
    let tokens = match by {
        BySignIn::SignedIn(tokens) => tokens,
        BySignIn::Round(round) => {
            let tokens = check(app, visit, &pending, round, &code?).await?;
            // Proved: whatever waits in this session from now on waits
            // under a new id.
            visit.rotate_id().await?;
            tokens
        }
    };
    visit.take::<PendingSignUp>().await?;
    let from = FromSignUp {
        created: pending.sub.is_some(),
        name: pending.name.as_deref(),
    };
    match sign_in::signed_in(app, visit, tokens.clone(), Some(from)).await {
        Ok(page) => {
            tracing::info!(phone = %pending.phone.masked(), "signed in from sign-up");
            Ok(page)
        }
        // An outage (the hook, Cognito, the keys): the next press finishes.
        Err(AuthError::Unavailable) => {
            visit
                .save(&PendingSignUp {
                    by_sign_in: Some(BySignIn::SignedIn(tokens)),
                    ..pending
                })
                .await?;
            Err(AuthError::Unavailable)
        }
        // Tokens refused (expired while held, say): they will not do
        // better next time; the number goes on to the sign-in page.
        Err(e) => {
            visit
                .save(&Handover {
                    notice: None,
                    phone: Some(pending.phone),
                    resend_at: None,
                })
                .await?;
            Err(e)
        }
    }
}

/// Checks the code against the round, as the sign-in page does, counted as
/// the sign-up's checks; a flow that ran out stays on the page, out.
async fn check(
    app: &AppState,
    visit: &Visit,
    pending: &PendingSignUp,
    round: PendingSignIn,
    code: &OtpCode,
) -> Result<Tokens, AuthError> {
    let now = app.now();
    let checked = if round.expired(now) {
        Checked::Over(AuthError::CodeExpired)
    } else if round.attempts_left == 0 {
        Checked::Over(AuthError::TooManyAttempts)
    } else {
        sign_in::check_once(app, visit, Purpose::SignUp, round.clone(), code, now).await?
    };
    let (next, error) = match checked {
        Checked::SignedIn(tokens) => return Ok(tokens),
        Checked::Wrong(next) => {
            let attempts_left = next.attempts_left;
            (next, AuthError::WrongCode { attempts_left })
        }
        Checked::Over(e @ AuthError::CodeExpired) => (round.expired_at(now), e),
        Checked::Over(e) => (round.spent(), e),
    };
    visit
        .save(&PendingSignUp {
            by_sign_in: Some(BySignIn::Round(next)),
            ..pending.clone()
        })
        .await?;
    Err(error)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use domain::{CodePolicy, SignInFlow};

    use crate::error::AuthError;
    use crate::server::session::SignedIn;
    use crate::server::testing::{Recorder, Setup, setup_flow, setup_pool, visit};
    use crate::server::{account, sign_in, sign_up};
    use crate::views::Page;

    const PHONE: &str = "+14155552671";

    fn texts(s: &Setup) -> usize {
        s.pool.pool.outbox.list(Some(PHONE)).len()
    }

    async fn signed_in(browser: &crate::server::Visit) -> Option<SignedIn> {
        browser.load::<SignedIn>().await.unwrap()
    }

    #[tokio::test]
    async fn a_new_account_costs_one_text_and_ends_signed_in_with_its_name() {
        let s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let browser = visit();
        assert_eq!(
            sign_up::start(&s.app, &browser, "US", "4155552671", "Ada", None, None).await,
            Ok(Page::ConfirmSignUp)
        );
        assert_eq!(texts(&s), 1);
        assert_eq!(
            sign_up::confirm(&s.app, &browser, &s.code_for(PHONE)).await,
            Ok(Page::Account)
        );
        assert_eq!(texts(&s), 1, "one text in all");
        let access = signed_in(&browser).await.expect("signed in").tokens.access_token;
        let profile = s.app.cognito.profile(&access).await.unwrap();
        assert_eq!(profile.name.as_deref(), Some("Ada"));
        assert!(profile.phone_verified, "the sign-in proved the number");
    }

    #[tokio::test]
    async fn nobody_signs_in_without_the_texted_code() {
        let s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let browser = visit();
        sign_up::start(&s.app, &browser, "US", "4155552671", "Mallory", None, None)
            .await
            .unwrap();
        let code = s.code_for(PHONE);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        // Nothing but a code moves the flow on: no code, a wrong one, and
        // when the tries are spent, not even the right one.
        assert!(sign_up::confirm(&s.app, &browser, "").await.is_err());
        for attempts_left in [2, 1] {
            assert_eq!(
                sign_up::confirm(&s.app, &browser, wrong).await,
                Err(AuthError::WrongCode { attempts_left })
            );
        }
        assert_eq!(
            sign_up::confirm(&s.app, &browser, wrong).await,
            Err(AuthError::TooManyAttempts)
        );
        assert_eq!(
            sign_up::confirm(&s.app, &browser, &code).await,
            Err(AuthError::TooManyAttempts)
        );
        assert!(signed_in(&browser).await.is_none());
        // The account the sign-up made is confirmed, yet nothing signs in
        // to it without a code texted to the number: the owner's sign-in
        // gets a new one, and the account, without the name typed for it.
        s.clock.advance(61);
        let owner = visit();
        sign_in::start(&s.app, &owner, "US", "4155552671", None, None)
            .await
            .unwrap();
        assert_eq!(
            sign_in::verify(&s.app, &owner, &s.code_for(PHONE)).await,
            Ok(Page::Account)
        );
        let access = signed_in(&owner).await.unwrap().tokens.access_token;
        let profile = s.app.cognito.profile(&access).await.unwrap();
        assert_eq!(profile.name, None, "an unproved sign-up's name is never written");
        assert!(profile.phone_verified);
    }

    #[tokio::test]
    async fn a_sign_up_for_a_number_with_an_account_signs_its_owner_in_and_changes_nothing() {
        let mut s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let hooks = Arc::new(Recorder::default());
        s.app.hooks = hooks.clone();
        let first = visit();
        sign_up::start(&s.app, &first, "US", "4155552671", "Ada", None, None)
            .await
            .unwrap();
        sign_up::confirm(&s.app, &first, &s.code_for(PHONE)).await.unwrap();
        let sub = signed_in(&first).await.unwrap().sub;
        s.clock.advance(61);
        let again = visit();
        assert_eq!(
            sign_up::start(&s.app, &again, "US", "4155552671", "Eve", None, None).await,
            Ok(Page::ConfirmSignUp)
        );
        assert_eq!(texts(&s), 2, "the owner is texted a code");
        assert_eq!(
            sign_up::confirm(&s.app, &again, &s.code_for(PHONE)).await,
            Ok(Page::Account)
        );
        let signed = signed_in(&again).await.unwrap();
        assert_eq!(signed.sub, sub, "the same account");
        let profile = s.app.cognito.profile(&signed.tokens.access_token).await.unwrap();
        assert_eq!(profile.name.as_deref(), Some("Ada"), "the account's name stands");
        assert_eq!(
            hooks.calls(),
            [
                format!("signed_up {sub}"),
                format!("signed_in {sub}"),
                format!("signed_in {sub}")
            ]
        );
    }

    #[tokio::test]
    async fn a_stack_that_does_not_confirm_at_once_still_signs_up_with_its_confirmation_code() {
        let s = setup_pool(CodePolicy::default(), SignInFlow::Custom, |c| {
            c.triggers.confirm_at_sign_in = false
        })
        .await;
        let browser = visit();
        sign_up::start(&s.app, &browser, "US", "4155552671", "", None, None)
            .await
            .unwrap();
        // The page looks as a first sign-in's does (a number with an
        // account gets one of those): a countdown, the same help.
        let status = sign_up::status(&s.app, &browser).await.unwrap().unwrap();
        assert_eq!(status.expires_at, Some(s.app.now() + 180));
        assert_eq!(
            sign_up::confirm(&s.app, &browser, &s.code_for(PHONE)).await,
            Ok(Page::Login),
            "confirmed, then on to sign in"
        );
        assert!(signed_in(&browser).await.is_none());
    }

    #[tokio::test]
    async fn a_new_code_replaces_the_first() {
        let s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let browser = visit();
        sign_up::start(&s.app, &browser, "US", "4155552671", "", None, None)
            .await
            .unwrap();
        let old = s.code_for(PHONE);
        s.clock.advance(61);
        assert_eq!(sign_up::resend(&s.app, &browser, None).await, Ok(Page::ConfirmSignUp));
        let new = s.code_for(PHONE);
        if old != new {
            assert!(sign_up::confirm(&s.app, &browser, &old).await.is_err());
        }
        assert_eq!(sign_up::confirm(&s.app, &browser, &new).await, Ok(Page::Account));
        account::sign_out(&s.app, &browser, false).await.unwrap();
    }

    #[tokio::test]
    async fn a_first_sign_ins_session_signs_in_again_before_changing_the_number() {
        let s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let browser = visit();
        sign_up::start(&s.app, &browser, "US", "4155552671", "", None, None)
            .await
            .unwrap();
        sign_up::confirm(&s.app, &browser, &s.code_for(PHONE)).await.unwrap();
        // Its token says the number is unproved (PostAuthentication's mark
        // shows from the next sign-in): no number change from it.
        assert_eq!(
            crate::server::number::start(&s.app, &browser, "US", "4155552672", None).await,
            Err(AuthError::SignInAgain)
        );
        s.clock.advance(61);
        sign_in::start(&s.app, &browser, "US", "4155552671", None, None)
            .await
            .unwrap();
        sign_in::verify(&s.app, &browser, &s.code_for(PHONE)).await.unwrap();
        assert_eq!(
            crate::server::number::start(&s.app, &browser, "US", "4155552672", None).await,
            Ok(Page::ConfirmNumber)
        );
    }
}
