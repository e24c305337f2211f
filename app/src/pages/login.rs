use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::{ResendSignInCode, StartSignIn, VerifySignIn, login_start, pending_sign_in};
use crate::components::{
    CodeExpiry, CodeField, FormError, IslandScripts, PhoneFields, ProofFields, ResendControls, SubmitButton,
    action_error, needs_scripts,
};
use crate::error::AuthError;

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<StartSignIn>::new();
    let error = action_error(action);
    let start = Resource::new_blocking(|| (), |_| login_start());
    let scripts = needs_scripts(error.get_untracked().as_ref()).then(|| view! { <IslandScripts/> });
    view! {
        <Title text="Sign in"/>
        <main class="card">
            <h1>"Sign in"</h1>
            <Suspense>
                {move || {
                    Suspend::new(async move {
                        let r = start.await;
                        let start = r.unwrap_or_default();
                        view! {
                            {start.notice.map(|n| view! { <p class="notice" role="status">{n.to_string()}</p> })}
                            <ActionForm action=action>
                                <FormError error/>
                                <ProofFields error/>
                                <PhoneFields
                                    error
                                    country=start.country.clone().unwrap_or_default()
                                    number=start.phone.clone().unwrap_or_default()
                                    countries=start.countries.clone()
                                />
                                <SubmitButton label="Text me a code"/>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
            <p class="switch">"New here? " <a href="/signup">"Create an account"</a></p>
            {scripts}
        </main>
    }
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let action = ServerAction::<VerifySignIn>::new();
    let resend = ServerAction::<ResendSignInCode>::new();
    let error = action_error(action);
    let resend_error = action_error(resend);
    // A new code means a new expiry, cooldown and attempt count; a finished
    // flow (expired, out of attempts) means there is nothing left to answer.
    let finished = move || matches!(error.get(), Some(AuthError::TooManyAttempts | AuthError::CodeExpired));
    let pending = Resource::new_blocking(move || (resend.version().get(), finished()), |_| pending_sign_in());
    view! {
        <Title text="Enter your code"/>
        <main class="card">
            <h1>"Enter your code"</h1>
            <Suspense>
                {move || {
                    Suspend::new(async move {
                        let r = pending.await;
                        match r {
                        Ok(Some(status)) => {
                            let sent = if status.resent { "We sent a new code to " } else { "We sent a code to " };
                            view! {
                                <p role="status">{sent} <strong>{status.masked_phone}</strong> "."</p>
                                <ActionForm action=action>
                                    <FormError error/>
                                    <CodeField error digits=status.code_digits/>
                                    <CodeExpiry seconds=status.expires_at.saturating_sub(status.now)/>
                                    <SubmitButton label="Sign in"/>
                                </ActionForm>
                                <ActionForm action=resend attr:class="resend">
                                    <FormError error=resend_error/>
                                    <ProofFields error=resend_error/>
                                    <ResendControls seconds=status.resend_at.saturating_sub(status.now)/>
                                </ActionForm>
                                <p class="switch">
                                    <a href="/login">"Use a different number"</a>
                                </p>
                            }
                                .into_any()
                        }
                        Ok(None) => {
                            // A finished flow: say why, rather than silently starting over.
                            match error.get_untracked().or(resend_error.get_untracked()) {
                                Some(e) => {
                                    view! {
                                        <p class="form-error" role="alert">{e.to_string()}</p>
                                        <p><a class="button primary" href="/login">"Send a new code"</a></p>
                                    }
                                        .into_any()
                                }
                                None => view! { <Redirect path="/login"/> }.into_any(),
                            }
                        }
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
            // Countdowns, the texted code (WebOTP), the proof step.
            <IslandScripts/>
        </main>
    }
}
