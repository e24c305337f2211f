//! Signing in: a number, a texted code, and a signed-in session. A number
//! with no usable account goes through the same pages, with the same expiry
//! and attempts, and simply never succeeds.

use domain::{CodePolicy, OtpCode, PhoneNumber};
use serde::{Deserialize, Serialize};

use super::check;
use super::cognito::{Answer, AuthFlow, Challenge, Started, Tokens};
use super::forms::{self, Draft, Form};
use super::hooks;
use super::jwt::refusal;
use super::limits::Purpose;
use super::proof::ProofAnswer;
use super::return_to;
use super::send;
use super::session::{Handover, Record, SignedIn, Visit};
use super::state::AppState;
use crate::error::AuthError;
use crate::views::{FormPrefill, Page, SignInStatus};

/// A sign-in waiting for its code.
#[derive(Clone, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub phone: PhoneNumber,
    /// The Cognito round to answer; None for a number with no usable account.
    pub cognito: Option<CognitoRound>,
    pub attempts_left: u32,
    pub expires_at: u64,
    /// When the latest code was sent (for the resend countdown).
    #[serde(default)]
    pub sent_at: u64,
    /// How many new codes were asked for.
    #[serde(default)]
    pub resends: u32,
    /// Not used here (the page masks `phone`): kept so that a server of the
    /// previous version, which requires it, can carry on a sign-in started
    /// here (rolling deploys share sessions). Drop it once none runs.
    #[serde(default)]
    masked_phone: String,
    /// Drawn when the code is sent: with the attempts left and Cognito's
    /// round, it names each state of this flow, which is checked once
    /// (`check::take`). Empty in a record of the previous version.
    #[serde(default)]
    nonce: String,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct CognitoRound {
    pub username: String,
    pub session: String,
}

impl Record for PendingSignIn {
    const KEY: &'static str = "pending_sign_in";
}

/// What checking a code led to.
pub(super) enum Checked {
    SignedIn(Tokens),
    /// Wrong, with attempts left: the next round.
    Wrong(PendingSignIn),
    /// The flow is over (out of attempts, or expired).
    Over(AuthError),
}

impl PendingSignIn {
    /// A code was just sent (or, with no usable account, would have been).
    fn new(phone: PhoneNumber, started: Started, policy: &CodePolicy, now: u64, resends: u32) -> Self {
        use rand::RngCore;
        let mut nonce = [0u8; 16];
        rand::rng().fill_bytes(&mut nonce);
        let look_alike = Self {
            masked_phone: phone.masked(),
            nonce: hex::encode(nonce),
            phone,
            cognito: None,
            attempts_left: policy.max_attempts,
            expires_at: now + policy.ttl.as_secs(),
            sent_at: now,
            resends,
        };
        match started {
            Started::Challenge(c) => look_alike.round(c, 0),
            Started::NoUsableAccount => look_alike,
        }
    }

    /// Cognito's round replaces ours, `wrong` answers after ours; where it
    /// does not say, ours stands, less those answers.
    fn round(self, c: Challenge, wrong: u32) -> Self {
        Self {
            attempts_left: c.attempts_left.unwrap_or(self.attempts_left.saturating_sub(wrong)),
            expires_at: c.expires_at.unwrap_or(self.expires_at),
            cognito: Some(CognitoRound {
                username: c.username,
                session: c.session,
            }),
            ..self
        }
    }

    /// One attempt fewer; none left ends the flow.
    fn wrong(self, attempts_left: u32) -> Checked {
        if attempts_left == 0 && self.cognito.is_none() {
            return Checked::Over(AuthError::TooManyAttempts);
        }
        Checked::Wrong(Self { attempts_left, ..self })
    }

    /// Wrong, where Cognito keeps the round open and leaves the counting to
    /// the server (the native flow): none left ends the flow.
    fn counted_wrong(self) -> Checked {
        let left = self.attempts_left.saturating_sub(1);
        if left == 0 {
            return Checked::Over(AuthError::TooManyAttempts);
        }
        Checked::Wrong(Self {
            attempts_left: left,
            ..self
        })
    }

    pub(super) fn expired(&self, now: u64) -> bool {
        now >= self.expires_at
    }

    /// The same flow with no attempts left: over, and checked no more.
    pub(super) fn spent(self) -> Self {
        Self {
            attempts_left: 0,
            ..self
        }
    }

    /// The same flow, expired now (Cognito said so before our clock did).
    pub(super) fn expired_at(self, now: u64) -> Self {
        Self {
            expires_at: self.expires_at.min(now),
            ..self
        }
    }

    /// This state of the flow, by name: every answer that moves the flow on
    /// leaves fewer attempts (and, in the custom flow, a new round).
    fn state(&self) -> String {
        let round = self.cognito.as_ref().map_or("-", |r| r.session.as_str());
        format!(
            "sign-in {} {} {} {} {round}",
            self.phone.as_e164(),
            self.sent_at,
            self.nonce,
            self.attempts_left
        )
    }

    /// Checks the code (the caller has seen that it has not expired).
    async fn check(self, cognito: &AuthFlow, code: &OtpCode) -> Result<Checked, AuthError> {
        let Some(round) = &self.cognito else {
            let left = self.attempts_left.saturating_sub(1);
            return Ok(self.wrong(left));
        };
        match cognito.answer(&round.username, &round.session, code).await {
            Ok(Answer::SignedIn(tokens)) => Ok(Checked::SignedIn(tokens)),
            Ok(Answer::TryAgain(next)) => Ok(Checked::Wrong(self.round(next, 1))),
            Ok(Answer::WrongSameRound) => Ok(self.counted_wrong()),
            Err(AuthError::WrongCode { attempts_left }) => Ok(self.wrong(attempts_left)),
            Err(e @ (AuthError::TooManyAttempts | AuthError::CodeExpired)) => Ok(Checked::Over(e)),
            Err(e) => Err(e),
        }
    }

    fn status(&self, cooldown: u64, now: u64, code_digits: usize) -> SignInStatus {
        SignInStatus {
            code_digits,
            phone: self.phone.international().to_owned(),
            attempts_left: self.attempts_left,
            expires_at: self.expires_at,
            resend_at: self.sent_at + cooldown,
            resent: self.resends > 0,
            now,
        }
    }
}

/// `POST start_sign_in`: texts a code (when the number has an account).
/// `next`: the page to end on (return-to), as the form carried it.
pub async fn start(
    app: &AppState,
    visit: &Visit,
    country: &str,
    phone: &str,
    next: Option<&str>,
    proof: Option<&ProofAnswer>,
) -> Result<Page, AuthError> {
    let result = return_to::started(visit, next, begin(app, visit, country, phone, proof).await).await;
    forms::remember(
        app,
        visit,
        Draft::new(Form::SignIn, country, phone, ""),
        result.is_err(),
    );
    result
}

async fn begin(
    app: &AppState,
    visit: &Visit,
    country: &str,
    phone: &str,
    proof: Option<&ProofAnswer>,
) -> Result<Page, AuthError> {
    let phone = forms::parse_phone(country, phone, app.sms.countries())?;
    // The same number again while its code is fresh: back to the page that
    // waits for it, rather than a refusal (the same for every number).
    let now = app.now();
    if let Some(pending) = visit.load::<PendingSignIn>().await?
        && pending.phone == phone
        && !pending.expired(now)
        && now < pending.sent_at + app.limits.policy().cooldown_secs()
    {
        tracing::info!(phone = %phone.masked(), "sign-in asked again; the code sent stands");
        return Ok(Page::Verify);
    }
    // The same number right after its flow ran out: the wait, as a wait.
    if let Some(handover) = visit.load::<Handover>().await?
        && handover.phone.as_ref() == Some(&phone)
        && let Some(at) = handover.resend_at
        && now < at
    {
        return Err(AuthError::ResendTooSoon {
            retry_after_secs: at - now,
        });
    }
    send_code(app, visit, &phone, proof, 0).await?;
    visit.take::<Handover>().await?;
    tracing::info!(phone = %phone.masked(), "sign-in started");
    Ok(Page::Verify)
}

/// Starts a Cognito sign-in (which texts a code) and keeps it as the pending one.
async fn send_code(
    app: &AppState,
    visit: &Visit,
    phone: &PhoneNumber,
    proof: Option<&ProofAnswer>,
    resends: u32,
) -> Result<(), AuthError> {
    let now = app.now();
    let started = app.cognito.start_sign_in(phone);
    let started = send::limited(app, visit, Purpose::SignIn, phone, proof, now, started).await?;
    visit.save(&round_started(app, phone, started, now, resends)).await
}

/// The flow of a code just sent (or, with no usable account, not).
pub(super) fn round_started(
    app: &AppState,
    phone: &PhoneNumber,
    started: Started,
    now: u64,
    resends: u32,
) -> PendingSignIn {
    // Cognito's own rounds live no longer than its auth session.
    let policy = CodePolicy {
        ttl: app.cognito.flow().code_ttl(app.settings.code_policy.ttl),
        ..app.settings.code_policy
    };
    PendingSignIn::new(phone.clone(), started, &policy, now, resends)
}

/// `POST resend_sign_in_code`: a new code, which replaces the old one.
pub async fn resend(app: &AppState, visit: &Visit, proof: Option<&ProofAnswer>) -> Result<Page, AuthError> {
    let pending = visit.load::<PendingSignIn>().await?.ok_or(AuthError::NoFlow)?;
    send::not_too_soon(app, pending.sent_at)?;
    send_code(app, visit, &pending.phone, proof, pending.resends + 1).await?;
    tracing::info!(phone = %pending.phone.masked(), "sign-in code resent");
    Ok(Page::Verify)
}

/// `POST verify_sign_in`: the code, checked by Cognito's triggers.
pub async fn verify(app: &AppState, visit: &Visit, code: &str) -> Result<Page, AuthError> {
    verify_shown(app, visit, code, None).await
}

/// [`verify`] from a page that showed `shown` (see [`forms::shown_is`]).
pub async fn verify_shown(app: &AppState, visit: &Visit, code: &str, shown: Option<&str>) -> Result<Page, AuthError> {
    let code = forms::parse_code(code, app.cognito.code_digits())?;
    let pending = visit.load::<PendingSignIn>().await?.ok_or(AuthError::NoFlow)?;
    forms::shown_is(&pending.phone, shown)?;
    let phone = pending.phone.clone();
    let sent_at = pending.sent_at;
    let now = app.now();
    let checked = if pending.expired(now) {
        Checked::Over(AuthError::CodeExpired)
    } else {
        check_once(app, visit, Purpose::SignIn, pending, &code, now).await?
    };
    match checked {
        Checked::SignedIn(tokens) => {
            visit.take::<PendingSignIn>().await?;
            let page = signed_in(app, visit, tokens, None).await?;
            tracing::info!(phone = %phone.masked(), "signed in");
            Ok(page)
        }
        Checked::Wrong(next) => {
            let attempts_left = next.attempts_left;
            visit.save(&next).await?;
            Err(AuthError::WrongCode { attempts_left })
        }
        Checked::Over(e) => {
            // The Cognito flow is over; keep the number for the next try.
            visit.take::<PendingSignIn>().await?;
            visit
                .save(&Handover {
                    notice: None,
                    phone: Some(phone),
                    resend_at: Some(sent_at + app.limits.policy().cooldown_secs()),
                })
                .await?;
            Err(e)
        }
    }
}

/// Checks the code against this state of the flow, which is checked once.
/// The same steps for every number: a failed check reserved against the
/// limits before anyone sees the code, the state taken (a check of it
/// running at once is told to try again), the check (Cognito's, or the
/// look-alike's), then the floor. `purpose`: whose checks these are (a
/// sign-up's first sign-in counts as the sign-up's).
pub(super) async fn check_once(
    app: &AppState,
    visit: &Visit,
    purpose: Purpose,
    pending: PendingSignIn,
    code: &OtpCode,
    now: u64,
) -> Result<Checked, AuthError> {
    let floor = check::Floor::start(app);
    let phone = pending.phone.clone();
    let (state, until) = (pending.state(), pending.expires_at);
    check::test_number_check(app, &phone, now).await?;
    app.limits.take_check(purpose, &phone, visit.ip, now).await?;
    if let Err(e) = check::take(app, &state, until, now).await {
        app.limits.refund_check(purpose, &phone, visit.ip, now).await;
        return Err(e);
    }
    let checked = pending.check(&app.cognito, code).await;
    // Kept for a wrong code, and for an outage that may have checked one;
    // given back when nothing was guessed or the code was right.
    let failed = matches!(
        checked,
        Ok(Checked::Wrong(_) | Checked::Over(AuthError::TooManyAttempts)) | Err(AuthError::Unavailable)
    );
    if !failed {
        app.limits.refund_check(purpose, &phone, visit.ip, now).await;
    }
    if let Ok(Checked::SignedIn(_)) = &checked {
        check::code_used(app, purpose, &phone, now).await;
    }
    // No answer moved the flow on: the same state may be checked again.
    if checked.is_err() {
        check::give_back(app, &state, until, now).await;
    }
    floor.hold(&checked, |c| matches!(c, Checked::SignedIn(_))).await;
    checked
}

/// A sign-up's sign-in: what it knows of the account it signed in to.
pub(super) struct FromSignUp<'a> {
    /// SignUp made the account just now.
    pub created: bool,
    /// The name typed with the number.
    pub name: Option<&'a str>,
}

/// Keeps Cognito's tokens as the session's sign-in, under a new session
/// id, runs the `signed_in` hook, and says where the person goes now (the
/// page they were sent from, else their account).
///
/// An account's first sign-in (made by a sign-up just now, or whose number
/// no sign-in has proved yet: its ID token says `phone_number_verified:
/// false`) is the one that proves the number: only then does the account
/// get the name typed at sign-up, and the `signed_up` hook run. From a
/// sign-up's page, either failing signs nobody in (`Err`, and the caller
/// keeps the tokens for the next press); from the sign-in page, a failing
/// hook is logged (see `hooks`).
pub(super) async fn signed_in(
    app: &AppState,
    visit: &Visit,
    tokens: Tokens,
    sign_up: Option<FromSignUp<'_>>,
) -> Result<Page, AuthError> {
    // Believe nothing in the tokens until the pool's keys vouch for them.
    let claims = app.tokens.verify_pair(&tokens, app.now()).await.map_err(refusal)?;
    let sub = claims.id.sub.clone();
    let phone = claims.id.phone_number.clone().unwrap_or_default();
    // As PostAuthentication reads it: no flag is no proof.
    let unproven = claims.id.phone_number_verified != Some(true);
    let first = unproven || sign_up.as_ref().is_some_and(|s| s.created);
    if first {
        match &sign_up {
            Some(sign_up) => {
                if let Some(name) = sign_up.name {
                    app.cognito.update_name(&tokens.access_token, name).await?;
                }
                if let Err(e) = app.hooks.signed_up(&sub, &phone).await {
                    tracing::error!(event = "signed_up", error = %e, "a hook failed; the sign-up waits for it");
                    return Err(AuthError::Unavailable);
                }
            }
            None => hooks::logged("signed_up", app.hooks.signed_up(&sub, &phone)).await,
        }
        tracing::info!("an account's first sign-in proved its number");
    }
    visit.rotate_id().await?;
    let language = visit.language();
    let access_token = tokens.access_token.clone();
    visit
        .save(&SignedIn {
            tokens,
            signed_in_at: app.now(),
            user_name: claims.access.user_name().to_owned(),
            profile: None,
            sub: sub.clone(),
        })
        .await?;
    super::account::keep_language(app, &access_token, claims.id.locale.as_deref(), language).await;
    hooks::logged("signed_in", app.hooks.signed_in(&sub, &phone)).await;
    return_to::after_sign_in(visit).await
}

/// The code page's data: None sends the browser back to `/login`.
pub async fn status(app: &AppState, visit: &Visit) -> Result<Option<SignInStatus>, AuthError> {
    let cooldown = app.limits.policy().cooldown_secs();
    Ok(visit
        .load::<PendingSignIn>()
        .await?
        .map(|p| p.status(cooldown, app.now(), app.cognito.code_digits())))
}

/// The sign-in form's starting values: a number handed over by the step
/// before (confirmed, or whose code ran out), else what was typed before an
/// error, else the number whose code is waiting (back from "Wrong number?
/// Change it", to edit it).
pub async fn form(app: &AppState, visit: &Visit) -> Result<FormPrefill, AuthError> {
    let mut handover = visit.load::<Handover>().await?.unwrap_or_default();
    // What was typed before an error comes first; then the waiting number.
    let typed = forms::prefill(app, visit, Form::SignIn);
    if handover.phone.is_none() && typed.phone.is_none() {
        handover.phone = visit.load::<PendingSignIn>().await?.map(|p| p.phone);
    }
    let signed_in_as = super::account::signed_in_as(app, visit).await;
    let resend_in = handover.resend_at.map(|at| at.saturating_sub(app.now()));
    let prefill = match handover.phone {
        Some(phone) => FormPrefill {
            notice: handover.notice,
            country: phone.region().map(str::to_owned),
            phone: Some(phone.national()),
            name: None,
            countries: forms::countries(app),
            signed_in_as: None,
            resend_in: None,
            next: None,
        },
        None => FormPrefill {
            notice: handover.notice,
            ..typed
        },
    };
    Ok(FormPrefill {
        signed_in_as,
        resend_in,
        next: return_to::kept(visit).await?.map(String::from),
        ..prefill
    })
}

#[cfg(test)]
mod tests;
