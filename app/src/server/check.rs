//! What every code check shares, whatever the flow: a state of a flow (a
//! code with its attempts left) is checked once, by one request at a time,
//! and a failed check takes at least the check floor. The same steps, in
//! the same order, whether or not the number has an account, so that
//! neither the answers, nor their mix when checks run at once, nor their
//! time says which.

use tokio::time::Instant;

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
    pub async fn hold<T>(self, result: &Result<T, AuthError>, succeeded: impl Fn(&T) -> bool) {
        if !result.as_ref().is_ok_and(succeeded) {
            tokio::time::sleep_until(self.0).await;
        }
    }
}
