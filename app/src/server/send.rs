//! Every code sent goes through here: counted by the send limits first,
//! given back if Cognito never took it, and held to the send floor.

use std::future::Future;

use domain::PhoneNumber;

use super::limits::Purpose;
use super::session::Visit;
use super::state::AppState;
use crate::error::AuthError;

/// Runs `send` (a Cognito call that texts a code) under the send limits. A
/// send that Cognito never took (unreachable, or throttling us) is given
/// back, so that the person is not made to wait for a text that never came.
/// Whatever the outcome, it takes at least the send floor (see `Settings`).
pub async fn limited<T>(
    app: &AppState,
    visit: &Visit,
    purpose: Purpose,
    phone: &PhoneNumber,
    now: u64,
    send: impl Future<Output = Result<T, AuthError>>,
) -> Result<T, AuthError> {
    app.limits.take_send(purpose, phone, visit.ip, now).await?;
    let floor = tokio::time::Instant::now() + app.settings.send_floor;
    let result = send.await;
    tokio::time::sleep_until(floor).await;
    if matches!(result, Err(AuthError::Unavailable | AuthError::RateLimited { .. })) {
        app.limits.refund_send(purpose, phone, visit.ip, now).await;
    }
    result
}
