//! Every code sent goes through here: counted by the send limits first,
//! given back if Cognito never took it, and held to the send floor.

use std::future::Future;

use domain::PhoneNumber;

use super::cognito::SendFailure;
use super::limits::Purpose;
use super::session::Visit;
use super::state::AppState;
use crate::error::AuthError;

/// Runs `send` (a Cognito call that texts a code) under the send limits. A
/// send that certainly never left (Cognito refused the connection, or
/// throttled us) is given back, so that the person is not made to wait for a
/// text that never came; one that may have left (a timeout) stays counted.
/// Whatever the outcome, it takes at least the send floor (see `Settings`).
pub async fn limited<T>(
    app: &AppState,
    visit: &Visit,
    purpose: Purpose,
    phone: &PhoneNumber,
    now: u64,
    send: impl Future<Output = Result<T, SendFailure>>,
) -> Result<T, AuthError> {
    // Outside the SMS policy nothing is sent, nor counted: the same answer
    // as a number that cannot be reached.
    if let Err(refusal) = app.sms.check(phone) {
        tracing::info!(range = %phone.range(), country = phone.region().unwrap_or("none"), %refusal, "not texted");
        return Err(AuthError::CannotDeliver);
    }
    app.limits.take_send(purpose, phone, visit.ip, now).await?;
    let floor = tokio::time::Instant::now() + app.settings.send_floor;
    let result = send.await;
    tokio::time::sleep_until(floor).await;
    match result {
        Ok(value) => Ok(value),
        Err(failure) => {
            if failure.nothing_sent {
                app.limits.refund_send(purpose, phone, visit.ip, now).await;
            }
            Err(failure.error)
        }
    }
}
