//! Hooks: what your app runs when an account's life moves on. Implement
//! [`Hooks`] (every method has a default that does nothing) and hand it to
//! the server once (`app::yours::Yours` does, for the worked example).
//!
//! Each is called once per event, from the one place where the event
//! happens, with the account's `sub`: key your data by it, never by the
//! phone number (numbers change, and are recycled to other people).
//!
//! A failing hook:
//! - [`Hooks::signed_up`] holds the sign-up at its last step: the person is
//!   told the service is unavailable and to try again, and their next press
//!   runs the hook again (the code is not asked for twice, nothing is sent
//!   again). Nobody is signed in by a sign-up whose hook failed. The code
//!   was right by then, though, so a person who leaves and signs in at
//!   `/login` instead arrives with the hook's work undone: make
//!   [`Hooks::signed_in`] finish it (the example's makes the row when it is
//!   missing). It may also run again for an account whose number the pool
//!   failed to mark verified (PostAuthentication), so make it idempotent.
//! - [`Hooks::account_deleted`] runs before anything is deleted, and holds
//!   the deletion: a failure answers "unavailable, try again" with the
//!   account untouched, so that an account never goes while your data for
//!   it stays. Cognito's deletion failing after it leaves the account
//!   without your data (its next sign-in's `signed_in` can make it again).
//! - the others are logged and the step goes on: a person is never kept
//!   signed in, or out, by your app's hiccup. Make them idempotent.

/// What a hook returns: `Err` with why, for the log (never shown).
pub type HookResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// The events of an account's life. `phone_number` is E.164. Implemented
/// with `#[async_trait::async_trait]` (the sign-in holds your hooks as a
/// `dyn Hooks`), as plain `async fn`s.
#[async_trait::async_trait]
pub trait Hooks: Send + Sync + 'static {
    /// A new account's number was proved: in the custom flow by the
    /// account's first sign-in (the sign-up's one code, or the first
    /// sign-in of an account someone signed up for and never proved), in
    /// the native flow by its confirmation code.
    async fn signed_up(&self, _sub: &str, _phone_number: &str) -> HookResult {
        Ok(())
    }

    /// A browser signed in (after a sign-up too, where it signs in at once).
    async fn signed_in(&self, _sub: &str, _phone_number: &str) -> HookResult {
        Ok(())
    }

    /// A browser signed out (`everywhere`: every device).
    async fn signed_out(&self, _sub: &str, _everywhere: bool) -> HookResult {
        Ok(())
    }

    /// The account's number was changed and confirmed (the account
    /// lifecycle's "Change number").
    async fn number_changed(&self, _sub: &str, _phone_number: &str) -> HookResult {
        Ok(())
    }

    /// The account is about to be deleted ("Delete account"): remove what
    /// your app keeps for it.
    async fn account_deleted(&self, _sub: &str) -> HookResult {
        Ok(())
    }
}

/// No hooks: what the sign-in runs with until you hand it yours.
pub struct NoHooks;

impl Hooks for NoHooks {}

/// Runs a hook whose failure must not stop the step: logged, with the
/// event's name.
pub async fn logged(event: &'static str, hook: impl std::future::Future<Output = HookResult>) {
    if let Err(e) = hook.await {
        tracing::error!(event, error = %e, "a hook failed; the step went on");
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use domain::{CodePolicy, SignInFlow};

    use crate::error::AuthError;
    use crate::server::session::SignedIn;
    use crate::server::testing::{Recorder, setup_flow, visit};
    use crate::server::{account, sign_in, sign_up};
    use crate::views::Page;

    const PHONE: &str = "+14155552671";

    #[tokio::test]
    async fn each_event_calls_its_hook_once_with_the_accounts_sub() {
        let mut s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let hooks = Arc::new(Recorder::default());
        s.app.hooks = hooks.clone();
        let browser = visit();
        sign_up::start(&s.app, &browser, "US", "4155552671", "", None, None)
            .await
            .unwrap();
        assert_eq!(
            sign_up::confirm(&s.app, &browser, &s.code_for(PHONE)).await,
            Ok(Page::Account)
        );
        let sub = browser.load::<SignedIn>().await.unwrap().unwrap().sub;
        account::sign_out(&s.app, &browser, false).await.unwrap();
        // Later sign-ins are not the first: no `signed_up` again.
        s.clock.advance(61);
        sign_in::start(&s.app, &browser, "US", "4155552671", None, None)
            .await
            .unwrap();
        assert_eq!(
            sign_in::verify(&s.app, &browser, &s.code_for(PHONE)).await,
            Ok(Page::Account)
        );
        assert_eq!(
            hooks.calls(),
            [
                format!("signed_up {sub}"),
                format!("signed_in {sub}"),
                format!("signed_out {sub} false"),
                format!("signed_in {sub}"),
            ]
        );
    }

    #[tokio::test]
    async fn a_failing_sign_up_hook_holds_the_sign_up_until_it_succeeds() {
        for flow in [SignInFlow::Custom, SignInFlow::Native] {
            let mut s = setup_flow(CodePolicy::default(), flow).await;
            let hooks = Arc::new(Recorder::default());
            hooks.fail_sign_ups.store(1, std::sync::atomic::Ordering::SeqCst);
            s.app.hooks = hooks.clone();
            let browser = visit();
            sign_up::start(&s.app, &browser, "US", "4155552671", "", None, None)
                .await
                .unwrap();
            let code = s.code_for(PHONE);
            assert_eq!(
                sign_up::confirm(&s.app, &browser, &code).await,
                Err(AuthError::Unavailable),
                "{flow:?}"
            );
            assert!(
                browser.load::<SignedIn>().await.unwrap().is_none(),
                "{flow:?}: not signed in by a half-done sign-up"
            );
            if flow == SignInFlow::Custom {
                // "Send a new code" sends nothing: only finishing waits.
                s.clock.advance(61);
                assert_eq!(sign_up::resend(&s.app, &browser, None).await, Ok(Page::ConfirmSignUp));
            }
            // The next press runs the hook again, without asking the code again.
            assert_eq!(sign_up::confirm(&s.app, &browser, "").await, Ok(Page::Account));
            let sub = browser.load::<SignedIn>().await.unwrap().unwrap().sub;
            assert_eq!(
                hooks.calls(),
                [
                    format!("signed_up {sub}"),
                    format!("signed_up {sub}"),
                    format!("signed_in {sub}")
                ],
                "{flow:?}"
            );
            assert_eq!(
                s.pool.pool.outbox.list(Some(PHONE)).len(),
                1,
                "{flow:?}: one text in all"
            );
        }
    }

    /// Signs up and in (custom flow) as `PHONE`; the new account's `sub`.
    async fn signed_up_and_in(s: &crate::server::testing::Setup, browser: &crate::server::Visit) -> String {
        sign_up::start(&s.app, browser, "US", "4155552671", "", None, None)
            .await
            .unwrap();
        sign_up::confirm(&s.app, browser, &s.code_for(PHONE)).await.unwrap();
        sign_in::start(&s.app, browser, "US", "4155552671", None, None)
            .await
            .unwrap();
        sign_in::verify(&s.app, browser, &s.code_for(PHONE)).await.unwrap();
        browser.load::<SignedIn>().await.unwrap().unwrap().sub
    }

    #[tokio::test]
    async fn deleting_the_account_runs_its_hook_and_the_number_starts_over_as_someone_new() {
        let mut s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let hooks = Arc::new(Recorder::default());
        s.app.hooks = hooks.clone();
        let browser = visit();
        let first = signed_up_and_in(&s, &browser).await;
        assert_eq!(
            account::delete_account(&s.app, &browser).await,
            Ok(Page::AccountDeleted)
        );
        assert!(browser.load::<SignedIn>().await.unwrap().is_none(), "signed out");
        assert!(hooks.calls().contains(&format!("account_deleted {first}")));
        // The same number, later: a new account, with a new id.
        s.clock.advance(61);
        let browser = visit();
        let second = signed_up_and_in(&s, &browser).await;
        assert_ne!(first, second);
    }

    #[tokio::test]
    async fn deleting_needs_a_recent_sign_in_and_a_failing_hook_deletes_nothing() {
        let mut s = setup_flow(CodePolicy::default(), SignInFlow::Custom).await;
        let hooks = Arc::new(Recorder::default());
        s.app.hooks = hooks.clone();
        let browser = visit();
        signed_up_and_in(&s, &browser).await;
        hooks.fail_deletes.store(true, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            account::delete_account(&s.app, &browser).await,
            Err(AuthError::Unavailable)
        );
        let access = browser.load::<SignedIn>().await.unwrap().unwrap().tokens.access_token;
        assert!(
            s.app.cognito.profile(&access).await.is_ok(),
            "the account is still there"
        );
        s.clock.advance(account::RECENT_SIGN_IN_SECS);
        hooks.fail_deletes.store(false, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(
            account::delete_account(&s.app, &browser).await,
            Err(AuthError::SignInAgain)
        );
        assert!(s.app.cognito.profile(&access).await.is_ok(), "still there");
        assert!(
            browser.load::<SignedIn>().await.unwrap().is_some(),
            "and still signed in"
        );
    }
}
