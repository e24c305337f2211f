//! Every code sent goes through here: held to the SMS policy and the
//! conversion breaker, counted by the send limits and the owner's budgets,
//! given back if Cognito never took it, counted for monitoring, and held to
//! the send floor.

use std::future::Future;

use domain::PhoneNumber;

use super::cognito::{Delivery, SendFailure, SignedUp, Started};
use super::limits::Purpose;
use super::metrics::Refusal;
use super::proof::{Passed, ProofAnswer, ProofError};
use super::session::Visit;
use super::state::AppState;
use crate::error::AuthError;

/// What a Cognito call that may text a code says about whether it did.
pub trait Sent {
    fn texted(&self) -> bool;
}

impl Sent for Delivery {
    fn texted(&self) -> bool {
        *self == Self::Texted
    }
}

impl Sent for SignedUp {
    fn texted(&self) -> bool {
        self.delivery.texted()
    }
}

impl Sent for Started {
    fn texted(&self) -> bool {
        match self {
            Self::Challenge(c) => c.texted.unwrap_or(true),
            Self::NoUsableAccount => false,
        }
    }
}

/// "Send a new code" before the cooldown the page counts down: answered
/// with that wait, not as a limit (nothing is counted against anyone).
pub fn not_too_soon(app: &AppState, sent_at: u64) -> Result<(), AuthError> {
    let ready_at = sent_at + app.limits.policy().cooldown_secs();
    let now = app.now();
    if now < ready_at {
        return Err(AuthError::ResendTooSoon {
            retry_after_secs: ready_at - now,
        });
    }
    Ok(())
}

/// The refusal a limit's or the proof step's answer counts as.
fn refusal(error: &AuthError) -> Refusal {
    match error {
        AuthError::TextsPaused { .. } => Refusal::Budget,
        AuthError::ProofNeeded(_) => Refusal::ProofNeeded,
        _ => Refusal::Limited,
    }
}

/// Runs `send` (a Cognito call that texts a code) under the send limits. A
/// send that certainly never left (Cognito refused the connection, or
/// throttled us) is given back, so that the person is not made to wait for a
/// text that never came; one that may have left (a timeout) stays counted.
/// Whatever the outcome, it takes at least the send floor (see `Settings`).
/// When risk is up, `proof` must answer a puzzle first (`ProofNeeded`).
pub async fn limited<T: Sent>(
    app: &AppState,
    visit: &Visit,
    purpose: Purpose,
    phone: &PhoneNumber,
    proof: Option<&ProofAnswer>,
    now: u64,
    send: impl Future<Output = Result<T, SendFailure>>,
) -> Result<T, AuthError> {
    // A test number is never texted (the triggers seal its fixed code, or
    // confirm it at sign-up): no policy, limit or budget is involved. Its
    // codes' tries are still counted where they are checked.
    if app.is_test_number(phone) {
        return untexted(app, visit, purpose, phone, now, send).await;
    }
    // Outside the SMS policy nothing is sent, nor counted: the same answer
    // as a number that cannot be reached.
    if let Err(refusal) = app.sms.check(phone) {
        tracing::info!(block = %phone.block(), country = phone.region().unwrap_or("none"), %refusal, "not texted");
        app.metrics.refused(Refusal::Policy);
        return Err(AuthError::CannotDeliver);
    }
    if app.limits.reaches_unconfirmed(purpose)
        && let Err(e) = app.limits.open_texts_allowed(phone, now).await
    {
        app.metrics.refused(Refusal::Conversion);
        return Err(e);
    }
    if let Err(e) = proof_step(app, visit, purpose, phone, proof, now).await {
        app.metrics.refused(refusal(&e));
        return Err(e);
    }
    if let Err(e) = app.limits.take_send(purpose, phone, visit.ip, now).await {
        app.metrics.refused(refusal(&e));
        return Err(e);
    }
    let floor = tokio::time::Instant::now() + app.settings.send_floor;
    let result = send.await;
    match &result {
        Ok(sent) if sent.texted() => {
            app.metrics.texted(purpose, phone);
            if app.limits.reaches_unconfirmed(purpose) && app.limits.open_text_sent(phone, now).await {
                app.metrics.tripped(phone);
            }
        }
        Ok(_) => app.limits.refund_overall_budget(purpose, phone, now).await,
        Err(failure) if failure.nothing_sent => app.limits.refund_send(purpose, phone, visit.ip, now).await,
        Err(_) => {}
    }
    // After the bookkeeping, which a number with no text skips: the floor
    // hides that too.
    tokio::time::sleep_until(floor).await;
    result.map_err(|failure| failure.error)
}

/// A test number's send. The triggers text nothing for it when the stack
/// has the same list as the server; where it does not, Cognito texts a real
/// number of a fictional range: logged as an error and counted like any
/// text, so that the usual limits stop the next ones.
async fn untexted<T: Sent>(
    app: &AppState,
    visit: &Visit,
    purpose: Purpose,
    phone: &PhoneNumber,
    now: u64,
    send: impl Future<Output = Result<T, SendFailure>>,
) -> Result<T, AuthError> {
    app.limits.check_send(purpose, phone, visit.ip, now).await?;
    let result = send.await.map_err(|failure| failure.error);
    if result.as_ref().is_ok_and(Sent::texted) {
        tracing::error!(
            block = %phone.block(),
            "a test number was texted: the stack's TestNumbers and the server's TEST_NUMBERS differ"
        );
        let _ = app.limits.take_send(purpose, phone, visit.ip, now).await;
        app.metrics.texted(purpose, phone);
    }
    result
}

/// When risk is up: a puzzle (`ProofNeeded`) unless `proof` answers one
/// issued for this flow and number, unused. A spent limit or budget is
/// answered as itself, since no proof could help.
async fn proof_step(
    app: &AppState,
    visit: &Visit,
    purpose: Purpose,
    phone: &PhoneNumber,
    proof: Option<&ProofAnswer>,
    now: u64,
) -> Result<(), AuthError> {
    if !app
        .limits
        .risk_up(purpose, phone, visit.ip, now, app.proofs.policy.from_percent)
        .await?
    {
        return Ok(());
    }
    app.limits.check_send(purpose, phone, visit.ip, now).await?;
    let subject = format!("{}:{}", purpose.name(), phone.as_e164());
    let puzzle = match proof.map(|answer| (answer, app.proofs.check(answer, &subject, now))) {
        Some((answer, Ok(passed))) => {
            // A wait passes only a few times per address; past that, a new
            // puzzle, which only solving passes at once.
            let may_pass = passed == Passed::Solved || app.limits.take_proof_wait(visit.ip, now).await?;
            if may_pass && app.limits.spend_proof(answer.seed(), now).await? {
                return Ok(());
            }
            app.proofs.issue(&subject, now)
        }
        // Not yet: the same puzzle, with the wait that is left.
        Some((_, Err(ProofError::TooSoon(same)))) => same,
        Some((_, Err(ProofError::Forged | ProofError::Expired))) | None => app.proofs.issue(&subject, now),
    };
    tracing::info!(block = %phone.block(), "proof needed before a text");
    Err(AuthError::ProofNeeded(puzzle))
}

#[cfg(test)]
mod tests {
    use domain::{CodePolicy, SignInFlow};

    use crate::error::AuthError;
    use crate::server::session::SignedIn;
    use crate::server::testing::{setup_flow, setup_pool, visit};
    use crate::server::{account, check, sign_in, sign_up};
    use crate::views::Page;

    /// One of the default test numbers (NANP 555-01XX).
    const TEST: &str = "+14155550142";

    #[tokio::test]
    async fn a_test_number_signs_up_and_in_with_its_fixed_code_untexted_and_unlimited() {
        let s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let browser = visit();
        assert_eq!(
            sign_up::start(&s.app, &browser, "US", "4155550142", "", None, None).await,
            Ok(Page::ConfirmSignUp)
        );
        assert_eq!(
            sign_up::confirm(&s.app, &browser, "424243").await,
            Err(AuthError::WrongCode { attempts_left: 2 })
        );
        assert_eq!(sign_up::confirm(&s.app, &browser, "424242").await, Ok(Page::Account));
        account::sign_out(&s.app, &browser, false).await.unwrap();
        // More sign-ins than one number's sends allow in an hour, at once:
        // none is texted, none is counted.
        for _ in 0..8 {
            assert_eq!(
                sign_in::start(&s.app, &browser, "US", "4155550142", None, None).await,
                Ok(Page::Verify)
            );
            assert_eq!(sign_in::verify(&s.app, &browser, "424242").await, Ok(Page::Account));
            assert!(browser.load::<SignedIn>().await.unwrap().is_some());
            account::sign_out(&s.app, &browser, false).await.unwrap();
        }
        assert!(s.pool.pool.outbox.list(Some(TEST)).is_empty(), "never texted");
        // A wrong code is still a wrong code.
        sign_in::start(&s.app, &browser, "US", "4155550142", None, None)
            .await
            .unwrap();
        assert!(matches!(
            sign_in::verify(&s.app, &browser, "111111").await,
            Err(AuthError::WrongCode { .. })
        ));
    }

    #[tokio::test]
    async fn a_test_number_the_stack_lacks_signs_up_with_its_texted_code_and_counted() {
        // The server's list has the number, the pool's triggers do not.
        let s = setup_pool(CodePolicy::default(), SignInFlow::Custom, |c| {
            c.triggers.test_numbers = None
        })
        .await;
        let browser = visit();
        sign_up::start(&s.app, &browser, "US", "4155550142", "", None, None)
            .await
            .unwrap();
        assert_eq!(s.pool.pool.outbox.list(Some(TEST)).len(), 1, "Cognito texted it");
        let texted = s.code_for(TEST);
        if texted != "424242" {
            assert!(
                sign_up::confirm(&s.app, &browser, "424242").await.is_err(),
                "the fixed code does not confirm what the pool did not"
            );
        }
        assert_eq!(sign_up::confirm(&s.app, &browser, &texted).await, Ok(Page::Account));
        // The text was counted: the number's cooldown holds the next one.
        let again = visit();
        assert!(matches!(
            sign_up::start(&s.app, &again, "US", "4155550142", "", None, None).await,
            Err(AuthError::RateLimited { .. })
        ));
    }

    #[tokio::test]
    async fn every_test_number_together_gets_a_hundred_checks_a_day() {
        let s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let now = s.app.now();
        let numbers = (100..200).map(|n| domain::PhoneNumber::parse(&format!("+141555501{:02}", n - 100)).unwrap());
        for phone in numbers.clone() {
            check::test_number_check(&s.app, &phone, now).await.unwrap();
        }
        for phone in numbers.take(3) {
            assert_eq!(
                check::test_number_check(&s.app, &phone, now).await,
                Err(AuthError::TooManyAttempts)
            );
        }
        // Other numbers are not held by it, and the next day starts afresh.
        let real = domain::PhoneNumber::parse("+14155552671").unwrap();
        assert_eq!(check::test_number_check(&s.app, &real, now).await, Ok(()));
        let phone = domain::PhoneNumber::parse(TEST).unwrap();
        assert_eq!(check::test_number_check(&s.app, &phone, now + 86_400).await, Ok(()));
    }

    #[tokio::test]
    async fn other_numbers_are_texted_as_ever() {
        let s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let browser = visit();
        sign_up::start(&s.app, &browser, "US", "4155552671", "", None, None)
            .await
            .unwrap();
        assert_eq!(s.pool.pool.outbox.list(Some("+14155552671")).len(), 1);
        assert_eq!(
            sign_up::confirm(&s.app, &browser, "424242").await.unwrap_err(),
            AuthError::WrongCode { attempts_left: 2 },
            "the fixed code is only a test number's"
        );
    }
}
