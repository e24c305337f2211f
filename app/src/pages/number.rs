use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::{ConfirmNumber, ResendNumberCode, pending_number};
use crate::components::{
    CodeField, CodeHelp, FormError, IslandScripts, PageError, ProofFields, ResendControls, SubmitButton, action_error,
};
use crate::error::AuthError;
use crate::i18n::{around, use_language};
use crate::tr;

/// The new number's code ("Change number" on the account page).
#[component]
pub fn ConfirmNumberPage() -> impl IntoView {
    let l = use_language();
    let action = ServerAction::<ConfirmNumber>::new();
    let resend = ServerAction::<ResendNumberCode>::new();
    let error = action_error(action);
    let resend_error = action_error(resend);
    let pending = Resource::new_blocking(move || resend.version().get(), |_| pending_number());
    view! {
        <Title text=tr!(l, "confirm-new-number")/>
        <main class="card">
            <h1>{tr!(l, "confirm-new-number")}</h1>
            <Suspense>
                {move || {
                    Suspend::new(async move {
                        match pending.await {
                        Ok(Some(status)) => {
                            let sent = if status.resent { "confirm-resent" } else { "confirm-sent" };
                            let (before, after) = around(l, sent, "phone", &[("digits", status.code_digits.into())]);
                            view! {
                                <p role="status">{before} <strong class="number">{status.phone.clone()}</strong> {after}</p>
                                <ActionForm action=action>
                                    <FormError error/>
                                    <CodeField error digits=status.code_digits number=status.phone.clone()/>
                                    <p id="code-expiry" class="hint">{tr!(l, "confirm-code-lifetime")}</p>
                                    <SubmitButton label=tr!(l, "confirm")/>
                                </ActionForm>
                                <ActionForm action=resend attr:class="resend">
                                    <FormError error=resend_error/>
                                    <ProofFields error=resend_error/>
                                    <ResendControls seconds=status.resend_at.saturating_sub(status.now)/>
                                </ActionForm>
                                <CodeHelp/>
                                <p class="switch">
                                    {tr!(l, "wrong-number")} " " <a href="/account?number">{tr!(l, "change-it")}</a>
                                </p>
                                <p class="switch"><a href="/account">{tr!(l, "keep-current-number")}</a></p>
                            }
                                .into_any()
                        }
                        Ok(None) => view! { <Redirect path="/account"/> }.into_any(),
                        Err(AuthError::NotSignedIn) => view! { <Redirect path="/login?next=/account"/> }.into_any(),
                        Err(e) => view! { <PageError error=e.clone()/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
            // Countdowns, the texted code (WebOTP), the proof step.
            <IslandScripts/>
        </main>
    }
}
