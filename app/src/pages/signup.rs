use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::{ConfirmSignUp, ResendSignUpCode, SignUp, pending_sign_up, signup_start};
use crate::components::{
    CodeExpiry, CodeField, CodeHelp, FormError, HelpFor, IslandScripts, NameField, NextField, PageError, PhoneFields,
    ProofFields, ResendControls, SignedInAs, SubmitButton, action_error, needs_scripts, next_target,
};
use crate::i18n::{around, use_language};
use crate::tr;
use crate::views::with_next;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let l = use_language();
    let action = ServerAction::<SignUp>::new();
    let error = action_error(action);
    // What was typed before a failed plain form post.
    let start = Resource::new_blocking(|| (), |_| signup_start());
    let scripts = needs_scripts(error.get_untracked().as_ref()).then(|| view! { <IslandScripts/> });
    view! {
        <Title text=tr!(l, "create-account")/>
        <main class="card">
            <h1>{tr!(l, "create-account")}</h1>
            <Suspense>
                {move || {
                    Suspend::new(async move {
                        let r = start.await;
                        let start = r.unwrap_or_default();
                        let next = next_target(start.next.clone());
                        let switch = with_next("/login", next.as_deref());
                        view! {
                            <SignedInAs phone=start.signed_in_as.clone()/>
                            <ActionForm action=action>
                                <FormError error/>
                                <ProofFields error/>
                                <NextField next/>
                                <PhoneFields
                                    error
                                    country=start.country.clone().unwrap_or_default()
                                    number=start.phone.clone().unwrap_or_default()
                                    countries=start.countries.clone()
                                />
                                <NameField error label=tr!(l, "name") optional=true value=start.name.unwrap_or_default()/>
                                <SubmitButton label=tr!(l, "send-code")/>
                            </ActionForm>
                            <p class="switch">
                                {tr!(l, "already-have-account")} " "
                                <a href=switch>{tr!(l, "sign-in")}</a>
                            </p>
                        }
                    })
                }}
            </Suspense>
            {scripts}
        </main>
    }
}

#[component]
pub fn ConfirmSignUpPage() -> impl IntoView {
    let l = use_language();
    let action = ServerAction::<ConfirmSignUp>::new();
    let resend = ServerAction::<ResendSignUpCode>::new();
    let error = action_error(action);
    let resend_error = action_error(resend);
    let pending = Resource::new_blocking(move || resend.version().get(), |_| pending_sign_up());
    view! {
        <Title text=tr!(l, "confirm-your-phone")/>
        <main class="card">
            <h1>{tr!(l, "confirm-your-phone")}</h1>
            <Suspense>
                {move || {
                    Suspend::new(async move {
                        let r = pending.await;
                        match r {
                        Ok(Some(status)) => {
                            let sent = if status.resent { "confirm-resent" } else { "confirm-sent" };
                            let (before, after) = around(l, sent, "phone", &[("digits", status.code_digits.into())]);
                            view! {
                                <p role="status">{before} <strong>{status.phone.clone()}</strong> {after}</p>
                                <ActionForm action=action>
                                    <FormError error/>
                                    <CodeField error digits=status.code_digits number=status.phone.clone()/>
                                    {match status.expires_at {
                                        Some(at) => view! { <CodeExpiry seconds=at.saturating_sub(status.now)/> }.into_any(),
                                        None => view! { <p id="code-expiry" class="hint">{tr!(l, "confirm-code-lifetime")}</p> }.into_any(),
                                    }}
                                    <SubmitButton label=tr!(l, "confirm")/>
                                </ActionForm>
                                <ActionForm action=resend attr:class="resend">
                                    <FormError error=resend_error/>
                                    <ProofFields error=resend_error/>
                                    <ResendControls seconds=status.resend_at.saturating_sub(status.now)/>
                                </ActionForm>
                                // A number with an account gets a code too where the
                                // code is a sign-in's (the custom flow).
                                <CodeHelp on=if status.expires_at.is_some() { HelpFor::Code } else { HelpFor::SignUp }/>
                                <p class="switch">
                                    {tr!(l, "wrong-number")} " " <a href="/signup">{tr!(l, "change-it")}</a>
                                </p>
                                <p class="switch">
                                    {tr!(l, "already-have-account")} " " <a href="/login">{tr!(l, "sign-in")}</a>
                                </p>
                            }
                                .into_any()
                        }
                        Ok(None) => view! { <Redirect path="/signup"/> }.into_any(),
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
