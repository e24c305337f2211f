//! Signing up: a number (and an optional name), one texted code, and a
//! signed-in session. A number that already has an account sees exactly
//! what a new one sees.
//!
//! The custom flow confirms the account at once (PreSignUp, with
//! `CONFIRM_AT_SIGN_IN`) and starts its first sign-in straight away: the
//! one text is that sign-in's code, which proves the number (see
//! [`by_sign_in`]). For a number that has an account, the same sign-in
//! starts for that account, so its owner signs in with the text that comes.
//! The native flow confirms with Cognito's code, whose Session then signs
//! in without a second text; a stack whose PreSignUp does not confirm at
//! once (a stack older than the server) also takes that path, and then
//! hands over to the sign-in page.

mod by_sign_in;

use domain::SignInFlow;
use domain::settings::NATIVE_ROUND_SECS;
use domain::{CODE_LENGTH, OtpCode, PhoneNumber};
use serde::{Deserialize, Serialize};

use super::check;
use super::cognito::SignedUp;
use super::forms::{self, Draft, Form};
use super::limits::Purpose;
use super::proof::ProofAnswer;
use super::return_to;
use super::send;
use super::session::{Handover, Record, Visit};
use super::sign_in;
use super::state::AppState;
use crate::error::AuthError;
use crate::views::{FormPrefill, Notice, Page, SignUpStatus};

/// A sign-up waiting for its confirmation code.
#[derive(Clone, Serialize, Deserialize)]
pub struct PendingSignUp {
    pub phone: PhoneNumber,
    /// When the latest code was sent (for the resend countdown).
    #[serde(default)]
    pub sent_at: u64,
    /// How many new codes were asked for.
    #[serde(default)]
    pub resends: u32,
    /// Not used here (the page masks `phone`): kept so that a server of the
    /// previous version, which requires it, can carry on a sign-up started
    /// here (rolling deploys share sessions). Drop it once none runs.
    #[serde(default)]
    masked_phone: String,
    /// SignUp's Session (the native flow), which ConfirmSignUp turns into a
    /// sign-in without a second text, and until when it lives (Cognito's
    /// auth session; the code itself lives a day).
    #[serde(default)]
    cognito_session: Option<String>,
    #[serde(default)]
    cognito_session_until: u64,
    /// Wrong codes since the latest was sent (what the page says is left).
    #[serde(default)]
    wrong: u32,
    /// The new account's `sub` (SignUp's UserSub): None for a number that
    /// has an account already (nothing was signed up).
    #[serde(default)]
    sub: Option<String>,
    /// The code was right, and the `signed_up` hook has yet to succeed: the
    /// next press runs the hook again, without a code (see `hooks`).
    #[serde(default)]
    confirmed: bool,
    /// ConfirmSignUp's Session (the native flow), for the sign-in after it.
    #[serde(default)]
    confirmed_session: Option<String>,
    /// The pool confirmed the number at sign-up (a test number, which
    /// PreSignUp confirms): its fixed code is checked here instead.
    #[serde(default)]
    pool_confirmed: bool,
    /// The name typed with the number, for the form again ("Wrong number?
    /// Change it" keeps it), and for the account once its number is proved.
    #[serde(default)]
    name: Option<String>,
    /// The custom flow's first sign-in, whose code this page waits for
    /// (None: Cognito's confirmation code, as above).
    #[serde(default)]
    by_sign_in: Option<by_sign_in::BySignIn>,
    /// A custom-flow sign-up that Cognito confirms by its own code (a stack
    /// older than the server): its page counts down as the first sign-in's
    /// does, until then, so that a new number's page (Cognito's code) and
    /// one with an account (a sign-in round) look the same.
    #[serde(default)]
    shaped_like_a_round: Option<u64>,
}

impl Record for PendingSignUp {
    const KEY: &'static str = "pending_sign_up";
}

impl PendingSignUp {
    fn new(phone: PhoneNumber, name: Option<String>, now: u64, signed_up: SignedUp) -> Self {
        Self::started(phone, name, now, signed_up, None)
    }

    fn started(
        phone: PhoneNumber,
        name: Option<String>,
        now: u64,
        signed_up: SignedUp,
        by_sign_in: Option<by_sign_in::BySignIn>,
    ) -> Self {
        Self {
            masked_phone: phone.masked(),
            phone,
            sent_at: now,
            resends: 0,
            cognito_session: signed_up.session,
            cognito_session_until: now + NATIVE_ROUND_SECS,
            wrong: 0,
            sub: signed_up.sub,
            confirmed: false,
            confirmed_session: None,
            pool_confirmed: signed_up.confirmed,
            name,
            by_sign_in,
            shaped_like_a_round: None,
        }
    }

    /// The name of the latest code's tries in the limits store: the number
    /// and when its code was sent.
    fn round(&self) -> String {
        format!("sign-up {} {}", self.phone.as_e164(), self.sent_at)
    }

    fn resent(self, now: u64) -> Self {
        Self {
            sent_at: now,
            resends: self.resends + 1,
            wrong: 0,
            ..self
        }
    }

    fn status(&self, cooldown: u64, now: u64) -> SignUpStatus {
        SignUpStatus {
            code_digits: CODE_LENGTH,
            phone: self.phone.international().to_owned(),
            resend_at: self.sent_at + cooldown,
            resent: self.resends > 0,
            now,
            expires_at: match &self.by_sign_in {
                Some(by_sign_in::BySignIn::Round(round)) => Some(round.expires_at),
                _ => self.shaped_like_a_round,
            },
        }
    }
}

/// `POST sign_up`: registers the number, which texts a confirmation code.
/// `next`: the page to end on (return-to), as the form carried it.
pub async fn start(
    app: &AppState,
    visit: &Visit,
    country: &str,
    phone: &str,
    name: &str,
    next: Option<&str>,
    proof: Option<&ProofAnswer>,
) -> Result<Page, AuthError> {
    let result = return_to::started(visit, next, register(app, visit, country, phone, name, proof).await).await;
    forms::remember(
        app,
        visit,
        Draft::new(Form::SignUp, country, phone, name),
        result.is_err(),
    );
    result
}

async fn register(
    app: &AppState,
    visit: &Visit,
    country: &str,
    phone: &str,
    name: &str,
    proof: Option<&ProofAnswer>,
) -> Result<Page, AuthError> {
    let phone = forms::parse_phone(country, phone, app.sms.countries())?;
    let name = forms::parse_name(name)?;
    let now = app.now();
    // The same number again while its code is fresh: back to the page that
    // waits for it (the same whether or not the number has an account).
    if let Some(pending) = visit.load::<PendingSignUp>().await?
        && pending.phone == phone
        && now < pending.sent_at + app.limits.policy().cooldown_secs()
    {
        tracing::info!(phone = %phone.masked(), "sign-up asked again; the code sent stands");
        return Ok(Page::ConfirmSignUp);
    }
    let pending = if app.cognito.flow() == SignInFlow::Custom {
        by_sign_in::start(app, visit, phone, name, proof, now).await?
    } else {
        let sign_up = app.cognito.sign_up(&phone, name.as_deref(), visit.language());
        let signed_up = send::limited(app, visit, Purpose::SignUp, &phone, proof, now, sign_up).await?;
        PendingSignUp::new(phone, name, now, signed_up)
    };
    visit.save(&pending).await?;
    tracing::info!(phone = %pending.phone.masked(), "sign-up started");
    Ok(Page::ConfirmSignUp)
}

/// `POST resend_sign_up_code`.
pub async fn resend(app: &AppState, visit: &Visit, proof: Option<&ProofAnswer>) -> Result<Page, AuthError> {
    let pending = visit.load::<PendingSignUp>().await?.ok_or(AuthError::NoFlow)?;
    send::not_too_soon(app, pending.sent_at)?;
    let now = app.now();
    match &pending.by_sign_in {
        // The code was right and only finishing waits: nothing to send.
        Some(by_sign_in::BySignIn::SignedIn(_)) => return Ok(Page::ConfirmSignUp),
        Some(by_sign_in::BySignIn::Round(_)) => return by_sign_in::resend(app, visit, pending, proof, now).await,
        None => {}
    }
    let resend = app.cognito.resend_sign_up_code(&pending.phone, visit.language());
    send::limited(app, visit, Purpose::SignUp, &pending.phone, proof, now, resend).await?;
    let shaped_like_a_round = pending.shaped_like_a_round.map(|_| by_sign_in::round_ends(app, now));
    let pending = PendingSignUp {
        shaped_like_a_round,
        ..pending.resent(now)
    };
    visit.save(&pending).await?;
    tracing::info!(phone = %pending.phone.masked(), "sign-up code resent");
    Ok(Page::ConfirmSignUp)
}

/// `POST confirm_sign_up`: on success (and the `signed_up` hook's), the
/// person is signed in; where Cognito's confirmation code was asked for
/// and its Session cannot sign in, the sign-in page has the number ready.
pub async fn confirm(app: &AppState, visit: &Visit, code: &str) -> Result<Page, AuthError> {
    confirm_shown(app, visit, code, None).await
}

/// [`confirm`] from a page that showed `shown` (see [`forms::shown_is`]).
pub async fn confirm_shown(app: &AppState, visit: &Visit, code: &str, shown: Option<&str>) -> Result<Page, AuthError> {
    let code = forms::parse_code(code, CODE_LENGTH);
    let pending = visit.load::<PendingSignUp>().await?.ok_or(AuthError::NoFlow)?;
    forms::shown_is(&pending.phone, shown)?;
    if let Some(by) = pending.by_sign_in.clone() {
        return by_sign_in::confirm(app, visit, pending, by, code).await;
    }
    let pending = if pending.confirmed {
        pending
    } else {
        let session = check_code(app, visit, &pending, &code?).await?;
        tracing::info!(phone = %pending.phone.masked(), "sign-up confirmed");
        PendingSignUp {
            confirmed: true,
            confirmed_session: session,
            ..pending
        }
    };
    // The app's record of the new account comes first: until the hook has
    // made it, the sign-up stays at this step, and a press runs it again.
    if let Some(sub) = &pending.sub
        && let Err(e) = app.hooks.signed_up(sub, pending.phone.as_e164()).await
    {
        tracing::error!(event = "signed_up", error = %e, "a hook failed; the sign-up waits for it");
        visit.save(&pending).await?;
        return Err(AuthError::Unavailable);
    }
    let phone = &pending.phone;
    visit.take::<PendingSignUp>().await?;
    if let Some(session) = &pending.confirmed_session {
        // Where this fails (the Session outlived its minutes), the person
        // signs in as usual, with the number ready.
        match app.cognito.sign_in_after_sign_up(phone, session).await {
            Ok(tokens) => {
                let page = sign_in::signed_in(app, visit, tokens, None).await?;
                tracing::info!(phone = %phone.masked(), "signed in from sign-up");
                return Ok(page);
            }
            Err(e) => tracing::info!(phone = %phone.masked(), error = ?e, "no sign-in from sign-up"),
        }
    }
    visit
        .save(&Handover {
            notice: Some(Notice::PhoneConfirmed),
            phone: Some(pending.phone),
            resend_at: None,
        })
        .await?;
    Ok(Page::Login)
}

/// Checks a confirmation code with Cognito: the session it gives for a
/// sign-in straight after (the native flow), if any.
async fn check_code(
    app: &AppState,
    visit: &Visit,
    pending: &PendingSignUp,
    code: &OtpCode,
) -> Result<Option<String>, AuthError> {
    let phone = &pending.phone;
    let now = app.now();
    // Past its minutes SignUp's Session would only be refused: left out,
    // the number is confirmed and the person signs in as usual.
    let sign_up_session = pending
        .cognito_session
        .as_deref()
        .filter(|_| now < pending.cognito_session_until);
    // A test number the pool confirmed at sign-up (PreSignUp): its fixed
    // code is checked here, with the same tries as any other. One the pool
    // did not confirm (the stack's list differs) is confirmed by Cognito.
    let test_numbers = app
        .test_numbers
        .as_ref()
        .filter(|t| pending.pool_confirmed && t.contains(phone.as_e164()));
    let confirm = async {
        match test_numbers {
            Some(t) if t.accepts(code) => Ok(None),
            Some(_) => Err(AuthError::CodeMismatch),
            None => app.cognito.confirm_sign_up(phone, code, sign_up_session).await,
        }
    };
    match check::confirmation(app, visit, phone, &pending.round(), pending.wrong, confirm).await {
        Ok(session) => Ok(session),
        Err(refused) => {
            if let Some(wrong) = refused.wrong {
                visit
                    .save(&PendingSignUp {
                        wrong,
                        ..pending.clone()
                    })
                    .await?;
            }
            Err(refused.error)
        }
    }
}

/// The confirm page's data: None sends the browser back to `/signup`.
pub async fn status(app: &AppState, visit: &Visit) -> Result<Option<SignUpStatus>, AuthError> {
    let cooldown = app.limits.policy().cooldown_secs();
    Ok(visit
        .load::<PendingSignUp>()
        .await?
        .map(|p| p.status(cooldown, app.now())))
}

/// The sign-up form's starting values: the number whose code is waiting
/// (back from "Wrong number? Change it", to edit it), else what was typed.
pub async fn form(app: &AppState, visit: &Visit) -> Result<FormPrefill, AuthError> {
    let prefill = FormPrefill {
        signed_in_as: super::account::signed_in_as(app, visit).await,
        next: return_to::kept(visit).await?.map(String::from),
        ..forms::prefill(app, visit, Form::SignUp)
    };
    Ok(match visit.load::<PendingSignUp>().await? {
        Some(pending) if prefill.phone.is_none() => FormPrefill {
            country: pending.phone.region().map(str::to_owned),
            phone: Some(pending.phone.national()),
            name: pending.name.clone(),
            ..prefill
        },
        _ => prefill,
    })
}

#[cfg(test)]
mod tests {
    use domain::{CodePolicy, SignInFlow};

    use super::*;
    use crate::server::session::SignedIn;
    use crate::server::testing::{setup_flow, visit};

    const PHONE: &str = "+14155552671";

    #[tokio::test]
    async fn native_confirmation_signs_in_with_no_second_text() {
        let s = setup_flow(CodePolicy::default(), SignInFlow::Native).await;
        let browser = visit();
        assert_eq!(
            start(&s.app, &browser, "US", "4155552671", "", None, None).await,
            Ok(Page::ConfirmSignUp)
        );
        let code = s.code_for(PHONE);
        assert_eq!(confirm(&s.app, &browser, &code).await, Ok(Page::Account));
        assert!(browser.load::<SignedIn>().await.unwrap().is_some(), "signed in");
        assert_eq!(s.pool.pool.outbox.list(Some(PHONE)).len(), 1, "one text in all");
    }

    #[tokio::test]
    async fn native_confirmation_after_the_session_lapsed_goes_to_sign_in() {
        let s = setup_flow(CodePolicy::default(), SignInFlow::Native).await;
        let browser = visit();
        start(&s.app, &browser, "US", "4155552671", "", None, None)
            .await
            .unwrap();
        s.clock.advance(181);
        let code = s.code_for(PHONE);
        assert_eq!(confirm(&s.app, &browser, &code).await, Ok(Page::Login));
        assert!(browser.load::<SignedIn>().await.unwrap().is_none());
        let handover = browser
            .load::<Handover>()
            .await
            .unwrap()
            .expect("the number is handed on");
        assert_eq!(handover.notice, Some(Notice::PhoneConfirmed));
    }
}
