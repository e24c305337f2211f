//! Changing the number, from the account page: a code to the new number,
//! which replaces the old only when that code comes back. Cognito holds the
//! new number as pending until VerifyUserAttribute (the pool verifies
//! before it updates), so the old number signs in until then.
//!
//! The text goes to a number nobody has proven yet, so it is held to what a
//! sign-up's is: the SMS policy, the send limits and budgets, the proof
//! step, and the check floor. Needs a recent sign-in, as deleting does. A
//! number that is another account's is answered exactly like one texted a
//! code (nothing is sent, and no code is right for it).

use domain::{CODE_LENGTH, PhoneNumber};
use serde::{Deserialize, Serialize};

use super::account::recent;
use super::auth;
use super::check;
use super::cognito::Delivery;
use super::forms::{self, Draft, Form};
use super::hooks;
use super::limits::Purpose;
use super::proof::ProofAnswer;
use super::send;
use super::session::{Record, SignedIn, Visit};
use super::state::AppState;
use crate::error::AuthError;
use crate::views::{FormPrefill, Page, SignUpStatus};

/// A new number waiting for its code.
#[derive(Clone, Serialize, Deserialize)]
pub struct PendingNumber {
    pub phone: PhoneNumber,
    sent_at: u64,
    resends: u32,
    /// Wrong codes since the latest was sent.
    wrong: u32,
    /// Cognito would not give this account the number (another account's):
    /// nothing was texted, and every code is wrong.
    taken: bool,
    /// Whose change it is (Cognito's user name): another sign-in in this
    /// browser does not inherit it.
    owner: String,
}

impl Record for PendingNumber {
    const KEY: &'static str = "pending_number";
}

impl PendingNumber {
    fn round(&self) -> String {
        format!("new number {} {} {}", self.owner, self.phone.as_e164(), self.sent_at)
    }
}

/// The signed-in session that may change its number now: signed in within
/// the last minutes (else `SignInAgain`).
async fn recently_signed_in(app: &AppState, visit: &Visit) -> Result<(SignedIn, String), AuthError> {
    let (signed_in, id) = auth::current_tokens(app, visit).await?.ok_or(AuthError::NotSignedIn)?;
    // Nor from an account's first sign-in, whose token still says the
    // number is unproved: were PostAuthentication to mark it verified while
    // a new number waits, Cognito would take that as the new number's
    // verification (AdminUpdateUserAttributes confirms a pending update).
    // The next sign-in's token says verified.
    if !recent(app, &signed_in) || id.phone_number_verified != Some(true) {
        return Err(AuthError::SignInAgain);
    }
    Ok((signed_in, id.phone_number.unwrap_or_default()))
}

/// `POST change_number`: texts a code to the new number.
pub async fn start(
    app: &AppState,
    visit: &Visit,
    country: &str,
    phone: &str,
    proof: Option<&ProofAnswer>,
) -> Result<Page, AuthError> {
    let owner = visit.load::<SignedIn>().await.ok().flatten().map(|s| s.user_name);
    let result = ask(app, visit, country, phone, proof).await;
    // What was typed survives a failure (shown back to the same account only).
    if let Some(owner) = owner {
        forms::remember(app, visit, Draft::new_number(owner, country, phone), result.is_err());
    }
    result
}

async fn ask(
    app: &AppState,
    visit: &Visit,
    country: &str,
    phone: &str,
    proof: Option<&ProofAnswer>,
) -> Result<Page, AuthError> {
    let phone = forms::parse_phone(country, phone, app.sms.countries())?;
    let (signed_in, current) = recently_signed_in(app, visit).await?;
    if phone.as_e164() == current {
        return Err(AuthError::SameNumber);
    }
    // Cognito texts the new number's code itself (no trigger can fix it):
    // a fictional number would only get a real, paid text to nowhere.
    if app.is_test_number(&phone) {
        return Err(AuthError::CannotDeliver);
    }
    let now = app.now();
    if let Some(pending) = pending(visit, &signed_in).await?
        && pending.phone == phone
        && now < pending.sent_at + app.limits.policy().cooldown_secs()
    {
        return Ok(Page::ConfirmNumber);
    }
    let access = &signed_in.tokens.access_token;
    let change = app.cognito.change_number(access, &phone, visit.language());
    let delivery = send::limited(app, visit, Purpose::SignUp, &phone, proof, now, change).await?;
    visit
        .save(&PendingNumber {
            phone,
            sent_at: now,
            resends: 0,
            wrong: 0,
            taken: delivery == Delivery::NothingToSend,
            owner: signed_in.user_name,
        })
        .await?;
    tracing::info!("new number asked for");
    Ok(Page::ConfirmNumber)
}

/// The change under way, if it is this session's account's.
async fn pending(visit: &Visit, signed_in: &SignedIn) -> Result<Option<PendingNumber>, AuthError> {
    Ok(visit
        .load::<PendingNumber>()
        .await?
        .filter(|p| p.owner == signed_in.user_name))
}

/// `POST resend_number_code`.
pub async fn resend(app: &AppState, visit: &Visit, proof: Option<&ProofAnswer>) -> Result<Page, AuthError> {
    let (signed_in, _) = recently_signed_in(app, visit).await?;
    let pending = pending(visit, &signed_in).await?.ok_or(AuthError::NoFlow)?;
    send::not_too_soon(app, pending.sent_at)?;
    let now = app.now();
    let access = &signed_in.tokens.access_token;
    let language = visit.language();
    // A taken number is "resent" too: the same limits, floor and page.
    let resend = async {
        match pending.taken {
            true => Ok(Delivery::NothingToSend),
            false => app.cognito.resend_number_code(access, language).await,
        }
    };
    send::limited(app, visit, Purpose::SignUp, &pending.phone, proof, now, resend).await?;
    visit
        .save(&PendingNumber {
            sent_at: now,
            resends: pending.resends + 1,
            wrong: 0,
            ..pending
        })
        .await?;
    Ok(Page::ConfirmNumber)
}

/// `POST confirm_number`: the new number's code. Right, and the number is
/// the account's: the session's tokens are renewed (they name the number),
/// and the `number_changed` hook runs.
pub async fn confirm(app: &AppState, visit: &Visit, code: &str) -> Result<Page, AuthError> {
    confirm_shown(app, visit, code, None).await
}

/// [`confirm`] from a page that showed `shown` (see [`forms::shown_is`]).
pub async fn confirm_shown(app: &AppState, visit: &Visit, code: &str, shown: Option<&str>) -> Result<Page, AuthError> {
    let code = forms::parse_code(code, CODE_LENGTH)?;
    let (mut signed_in, _) = recently_signed_in(app, visit).await?;
    let pending = pending(visit, &signed_in).await?.ok_or(AuthError::NoFlow)?;
    forms::shown_is(&pending.phone, shown)?;
    let access = signed_in.tokens.access_token.clone();
    let verify = async {
        match pending.taken {
            true => Err(AuthError::CodeMismatch),
            false => app.cognito.verify_number(&access, &code).await,
        }
    };
    let round = pending.round();
    if let Err(refused) = check::confirmation(app, visit, &pending.phone, &round, pending.wrong, verify).await {
        if let Some(wrong) = refused.wrong {
            visit.save(&PendingNumber { wrong, ..pending }).await?;
        }
        return Err(refused.error);
    }
    visit.take::<PendingNumber>().await?;
    // The ID token names the old number until it is renewed.
    if let Some(refresh) = signed_in.tokens.refresh_token.clone() {
        match app.cognito.refresh(&refresh, &signed_in.user_name).await {
            Ok(tokens) => signed_in.tokens = tokens,
            Err(e) => tracing::warn!(error = ?e, "tokens not renewed after the number changed"),
        }
    }
    // The number Cognito now holds (not the one this session asked for: a
    // change from another tab may have landed last) for the page and hook.
    let profile = app.cognito.profile(&signed_in.tokens.access_token).await.ok();
    let now_held = profile.as_ref().map(|p| p.phone.clone());
    signed_in.profile = profile.map(|p| (p, app.now()));
    visit.save(&signed_in).await?;
    tracing::info!(phone = %pending.phone.masked(), "number changed");
    if let Some(phone) = now_held.filter(|_| !signed_in.sub.is_empty()) {
        let changed = app.hooks.number_changed(&signed_in.sub, &phone);
        hooks::logged("number_changed", changed).await;
    }
    Ok(Page::NumberChanged)
}

/// The confirm page's data: None sends the browser back to the account page.
pub async fn status(app: &AppState, visit: &Visit) -> Result<Option<SignUpStatus>, AuthError> {
    let Some((signed_in, _)) = auth::current_tokens(app, visit).await? else {
        return Err(AuthError::NotSignedIn);
    };
    let cooldown = app.limits.policy().cooldown_secs();
    Ok(pending(visit, &signed_in).await?.map(|p| SignUpStatus {
        code_digits: CODE_LENGTH,
        phone: p.phone.international().to_owned(),
        resend_at: p.sent_at + cooldown,
        resent: p.resends > 0,
        now: app.now(),
        expires_at: None,
    }))
}

/// The change-number form's starting values: what this account typed
/// before a failure, else the number waiting (back from "Change it").
pub async fn form(app: &AppState, visit: &Visit, signed_in: &SignedIn) -> Result<FormPrefill, AuthError> {
    let drafted = app
        .drafts
        .read(visit.cookies(), app.now())
        .is_some_and(|d| d.form == Form::ChangeNumber && d.owner.as_deref() == Some(signed_in.user_name.as_str()));
    let prefill = if drafted {
        forms::prefill(app, visit, Form::ChangeNumber)
    } else {
        FormPrefill {
            countries: forms::countries(app),
            country: forms::default_country(app, visit),
            ..FormPrefill::default()
        }
    };
    Ok(match pending(visit, signed_in).await? {
        Some(p) if prefill.phone.is_none() => FormPrefill {
            country: p.phone.region().map(str::to_owned),
            phone: Some(p.phone.national()),
            ..prefill
        },
        _ => prefill,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use domain::{CodePolicy, SignInFlow};

    use super::*;
    use crate::server::testing::{Recorder, Setup, setup_flow, visit};
    use crate::server::{account, sign_in, sign_up};

    const OLD: &str = "+14155552671";
    const NEW: &str = "+14155552672";

    /// Signs `national` up, then in again (the first sign-in's token says
    /// the number is unproved, and a number change waits for a later one),
    /// in either flow; the account's `sub`.
    async fn signed_up_and_in(s: &Setup, browser: &Visit, national: &str, e164: &str) -> String {
        sign_up::start(&s.app, browser, "US", national, "", None, None)
            .await
            .unwrap();
        sign_up::confirm(&s.app, browser, &s.code_for(e164)).await.unwrap();
        s.clock.advance(61);
        sign_in::start(&s.app, browser, "US", national, None, None)
            .await
            .unwrap();
        sign_in::verify(&s.app, browser, &s.code_for(e164)).await.unwrap();
        browser.load::<SignedIn>().await.unwrap().unwrap().sub
    }

    fn texts(s: &Setup, to: &str) -> usize {
        s.pool.pool.outbox.list(Some(to)).len()
    }

    fn wrong(code: &str) -> String {
        code.chars().rev().map(|c| if c == '9' { '0' } else { '9' }).collect()
    }

    #[tokio::test]
    async fn a_wrong_code_then_the_right_one_moves_the_account_to_the_new_number_in_both_flows() {
        for flow in [SignInFlow::Custom, SignInFlow::Native] {
            let mut s = setup_flow(CodePolicy::default(), flow).await;
            let hooks = Arc::new(Recorder::default());
            s.app.hooks = hooks.clone();
            let browser = visit();
            let sub = signed_up_and_in(&s, &browser, "4155552671", OLD).await;
            assert_eq!(
                start(&s.app, &browser, "US", "4155552672", None).await,
                Ok(Page::ConfirmNumber)
            );
            assert_eq!(texts(&s, NEW), 1, "{flow:?}");
            let code = s.code_for(NEW);
            assert_eq!(
                confirm(&s.app, &browser, &wrong(&code)).await,
                Err(AuthError::WrongCode { attempts_left: 2 }),
                "{flow:?}"
            );
            assert_eq!(confirm(&s.app, &browser, &code).await, Ok(Page::NumberChanged));
            assert!(
                hooks.calls().contains(&format!("number_changed {sub} {NEW}")),
                "{flow:?}"
            );
            let me = auth::current(&s.app, &browser).await.unwrap().unwrap();
            assert_eq!((me.sub.as_str(), me.phone_number.as_str()), (sub.as_str(), NEW));

            // The old number is nobody's now: no text goes to it.
            account::sign_out(&s.app, &browser, false).await.unwrap();
            let before = texts(&s, OLD);
            s.clock.advance(61);
            sign_in::start(&s.app, &browser, "US", "4155552671", None, None)
                .await
                .unwrap();
            assert_eq!(texts(&s, OLD), before, "{flow:?}");
            // The new one signs in, to the same account.
            let browser = visit();
            sign_in::start(&s.app, &browser, "US", "4155552672", None, None)
                .await
                .unwrap();
            assert_eq!(
                sign_in::verify(&s.app, &browser, &s.code_for(NEW)).await,
                Ok(Page::Account)
            );
            assert_eq!(browser.load::<SignedIn>().await.unwrap().unwrap().sub, sub);
        }
    }

    #[tokio::test]
    async fn another_accounts_number_looks_texted_and_no_code_takes_it() {
        let s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        signed_up_and_in(&s, &visit(), "4155552672", NEW).await;
        let browser = visit();
        signed_up_and_in(&s, &browser, "4155552671", OLD).await;
        // Past the cooldown of the other account's own sign-up text.
        s.clock.advance(61);
        let before = texts(&s, NEW);
        assert_eq!(
            start(&s.app, &browser, "US", "4155552672", None).await,
            Ok(Page::ConfirmNumber)
        );
        assert_eq!(texts(&s, NEW), before, "nothing is texted to the other account");
        let shown = status(&s.app, &browser).await.unwrap().unwrap();
        assert_eq!(shown.phone, "+1 415-555-2672");
        // The last code that number had is as wrong as any other.
        let code = s.code_for(NEW);
        assert_eq!(
            confirm(&s.app, &browser, &code).await,
            Err(AuthError::WrongCode { attempts_left: 2 })
        );
        let me = auth::current(&s.app, &browser).await.unwrap().unwrap();
        assert_eq!(me.phone_number, OLD);
    }

    #[tokio::test]
    async fn an_old_sign_in_signs_in_again_first_and_the_same_number_is_refused() {
        let s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let browser = visit();
        signed_up_and_in(&s, &browser, "4155552671", OLD).await;
        assert_eq!(
            start(&s.app, &browser, "US", "4155552671", None).await,
            Err(AuthError::SameNumber)
        );
        assert_eq!(
            start(&s.app, &browser, "US", "415", None).await,
            Err(AuthError::InvalidPhone(crate::error::PhoneProblem::TooShort))
        );
        s.clock.advance(account::RECENT_SIGN_IN_SECS);
        assert_eq!(
            start(&s.app, &browser, "US", "4155552672", None).await,
            Err(AuthError::SignInAgain)
        );
        assert_eq!(texts(&s, NEW), 0);
        let anonymous = visit();
        assert_eq!(
            start(&s.app, &anonymous, "US", "4155552672", None).await,
            Err(AuthError::NotSignedIn)
        );
    }
}
