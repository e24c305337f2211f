//! What every code check shares, whatever the flow: a state of a flow (a
//! code with its attempts left) is checked once, by one request at a time,
//! and a failed check takes at least the check floor. The same steps, in
//! the same order, whether or not the number has an account, so that
//! neither the answers, nor their mix when checks run at once, nor their
//! time says which.

use std::future::Future;

use domain::PhoneNumber;
use domain::sms::CONFIRMATION_CODE_TTL;
use tokio::time::Instant;

use super::limits::{DAY, Purpose};
use super::session::Visit;
use super::state::AppState;
use crate::error::AuthError;

/// Takes the one check of the flow's state `state` (a name no other state
/// shares), which lives until `until`. Another check of the same state,
/// running at once, is told to try again in a moment: the first one's
/// answer will have moved the flow on (a Cognito round takes one answer).
pub async fn take(app: &AppState, state: &str, until: u64, now: u64) -> Result<(), AuthError> {
    if app.limits.take_round_try(state, 1, ttl(until, now), now).await? {
        Ok(())
    } else {
        tracing::info!("a code checked while another check of the same code ran");
        Err(AuthError::RateLimited { retry_after_secs: 1 })
    }
}

/// Gives the check back: nothing was checked (an outage before Cognito
/// answered, say), and the state may be checked again.
pub async fn give_back(app: &AppState, state: &str, until: u64, now: u64) {
    app.limits.refund_round_try(state, 1, ttl(until, now), now).await;
}

fn ttl(until: u64, now: u64) -> u64 {
    until.saturating_sub(now).max(1)
}

/// The least time a failed check's answer takes (`CODE_CHECK_FLOOR_MS`):
/// a number with an account waits for Cognito, a look-alike flow for
/// nothing, and the floor hides the difference.
pub struct Floor(Instant);

impl Floor {
    pub fn start(app: &AppState) -> Self {
        Self(Instant::now() + app.settings.check_floor)
    }

    /// Waits out the floor unless the check succeeded (only a right code
    /// does that, and knowing it says nothing new).
    pub async fn hold<T, E>(self, result: &Result<T, E>, succeeded: impl Fn(&T) -> bool) {
        if !result.as_ref().is_ok_and(succeeded) {
            tokio::time::sleep_until(self.0).await;
        }
    }
}

/// Checks of any test number's fixed code, all test numbers and addresses
/// together, per day: a code that never changes must not be guessable by
/// spreading guesses over many numbers (a `?` pattern names up to a
/// hundred) and addresses. A reviewer signs in a handful of times.
pub const TEST_NUMBER_CHECKS_PER_DAY: u32 = 100;

/// Takes one check from the test numbers' shared daily allowance when
/// `phone` is one; `TooManyAttempts` once it is spent.
pub async fn test_number_check(app: &AppState, phone: &PhoneNumber, now: u64) -> Result<(), AuthError> {
    if !app.is_test_number(phone) {
        return Ok(());
    }
    if app
        .limits
        .take_round_try("test numbers", TEST_NUMBER_CHECKS_PER_DAY, DAY, now)
        .await?
    {
        Ok(())
    } else {
        tracing::warn!("the test numbers' daily checks are spent: someone may be guessing their code");
        Err(AuthError::TooManyAttempts)
    }
}

/// A right code, whatever the flow: counted for monitoring and, where that
/// purpose's texts count towards it, for the conversion watch.
pub async fn code_used(app: &AppState, purpose: Purpose, phone: &PhoneNumber, now: u64) {
    app.metrics.code_used(purpose, phone);
    if app.limits.reaches_unconfirmed(purpose) {
        app.limits.open_code_used(phone, now).await;
    }
}

/// A confirmation code refused: the error, and where the code was wrong,
/// the count of wrong codes for the caller to keep.
pub struct Refused {
    pub error: AuthError,
    pub wrong: Option<u32>,
}

/// Checks a confirmation code Cognito keeps (a sign-up's, a new number's)
/// with `check`. Each code gets the code policy's attempts, as a sign-in
/// code does (Cognito lets such a code be tried for its whole day), counted
/// under `round` in the limits store so that checks running at once cannot
/// pass each other; the number's checks are counted as a sign-up's. `wrong`
/// is the wrong codes so far. A refusal takes at least the check floor.
pub async fn confirmation<T>(
    app: &AppState,
    visit: &Visit,
    phone: &PhoneNumber,
    round: &str,
    wrong: u32,
    check: impl Future<Output = Result<T, AuthError>>,
) -> Result<T, Refused> {
    let floor = Floor::start(app);
    let checked = count_confirmation(app, visit, phone, round, wrong, check).await;
    floor.hold(&checked, |_| true).await;
    checked
}

async fn count_confirmation<T>(
    app: &AppState,
    visit: &Visit,
    phone: &PhoneNumber,
    round: &str,
    wrong: u32,
    check: impl Future<Output = Result<T, AuthError>>,
) -> Result<T, Refused> {
    let refused = |error| Refused { error, wrong: None };
    let now = app.now();
    test_number_check(app, phone, now).await.map_err(refused)?;
    let max = app.settings.code_policy.max_attempts;
    let ttl = CONFIRMATION_CODE_TTL.as_secs();
    app.limits
        .take_check(Purpose::SignUp, phone, visit.ip, now)
        .await
        .map_err(refused)?;
    if !app.limits.take_round_try(round, max, ttl, now).await.map_err(refused)? {
        app.limits.refund_check(Purpose::SignUp, phone, visit.ip, now).await;
        return Err(refused(AuthError::TooManyAttempts));
    }
    match check.await {
        Ok(value) => {
            app.limits.refund_check(Purpose::SignUp, phone, visit.ip, now).await;
            code_used(app, Purpose::SignUp, phone, now).await;
            Ok(value)
        }
        // A wrong code, or an outage that may have checked one, stays counted.
        Err(AuthError::CodeMismatch) => {
            let wrong = wrong + 1;
            let error = match max.saturating_sub(wrong) {
                0 => AuthError::TooManyAttempts,
                attempts_left => AuthError::WrongCode { attempts_left },
            };
            Err(Refused {
                error,
                wrong: Some(wrong),
            })
        }
        Err(e @ (AuthError::TooManyAttempts | AuthError::Unavailable)) => Err(refused(e)),
        // Not a wrong code (expired, refused for another reason): neither
        // the check nor the code's try is spent.
        Err(e) => {
            app.limits.refund_check(Purpose::SignUp, phone, visit.ip, now).await;
            app.limits.refund_round_try(round, max, ttl, now).await;
            Err(refused(e))
        }
    }
}
