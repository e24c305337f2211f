use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::{ResendSignInCode, StartSignIn, VerifySignIn, login_start, pending_sign_in};
use crate::components::{
    CodeExpiry, CodeField, CodeHelp, FormError, HelpFor, IslandScripts, NextField, PageError, PhoneFields, ProofFields,
    ResendControls, SignedInAs, SubmitButton, action_error, needs_scripts, next_target,
};
use crate::error::AuthError;
use crate::i18n::{self, around, use_language};
use crate::messages::notice_text;
use crate::tr;
use crate::views::with_next;

#[component]
pub fn LoginPage() -> impl IntoView {
    let l = use_language();
    let action = ServerAction::<StartSignIn>::new();
    let error = action_error(action);
    let start = Resource::new_blocking(|| (), |_| login_start());
    // Why the browser was sent here, from a flag in the address (`?ended`,
    // `?signed_out[=everywhere]`): it picks a fixed sentence, never text.
    let flagged = leptos_router::hooks::use_query_map().with_untracked(|q| {
        use crate::views::Notice;
        match (q.get("ended"), q.get("signed_out").as_deref()) {
            _ if q.get("deleted").is_some() => Some(Notice::AccountDeleted),
            (Some(_), _) => Some(Notice::SessionEnded),
            (_, Some("everywhere")) => Some(Notice::SignedOutEverywhere),
            (_, Some(_)) => Some(Notice::SignedOut),
            _ => None,
        }
    });
    let scripts = needs_scripts(error.get_untracked().as_ref()).then(|| view! { <IslandScripts/> });
    view! {
        <Title text=tr!(l, "sign-in")/>
        <main class="card">
            <h1>{tr!(l, "sign-in")}</h1>
            <Suspense>
                {move || {
                    Suspend::new(async move {
                        let r = start.await;
                        let start = r.unwrap_or_default();
                        let next = next_target(start.next.clone());
                        let switch = with_next("/signup", next.as_deref());
                        view! {
                            <SignedInAs phone=start.signed_in_as.clone()/>
                            {start
                                .notice
                                .or(flagged)
                                .map(|n| view! { <p class="notice" role="status">{notice_text(n, l)}</p> })}
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
                                <SubmitButton label=tr!(l, "text-me-a-code")/>
                            </ActionForm>
                            <p class="switch">
                                {tr!(l, "new-here")} " "
                                <a href=switch>{tr!(l, "create-account")}</a>
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
pub fn VerifyPage() -> impl IntoView {
    let l = use_language();
    let action = ServerAction::<VerifySignIn>::new();
    let resend = ServerAction::<ResendSignInCode>::new();
    // "Send a new code" after the flow ran out starts a new sign-in.
    let restart = ServerAction::<StartSignIn>::new();
    let error = action_error(action);
    let resend_error = action_error(resend);
    let restart_error = action_error(restart);
    // A new code means a new expiry, cooldown and attempt count; a finished
    // flow (expired, out of attempts) means there is nothing left to answer.
    let finished = move || matches!(error.get(), Some(AuthError::TooManyAttempts | AuthError::CodeExpired));
    let pending = Resource::new_blocking(move || (resend.version().get(), finished()), |_| pending_sign_in());
    view! {
        <Title text=tr!(l, "enter-your-code")/>
        <main class="card">
            <h1>{tr!(l, "enter-your-code")}</h1>
            <Suspense>
                {move || {
                    Suspend::new(async move {
                        let r = pending.await;
                        match r {
                        Ok(Some(status)) => {
                            let sent = if status.resent { "we-sent-a-new-code" } else { "we-sent-a-code" };
                            let (before, after) = around(l, sent, "phone", &[]);
                            view! {
                                <p role="status">{before} <strong>{status.phone.clone()}</strong> {after}</p>
                                <ActionForm action=action>
                                    <FormError error/>
                                    <CodeField error digits=status.code_digits number=status.phone.clone()/>
                                    <CodeExpiry seconds=status.expires_at.saturating_sub(status.now)/>
                                    <SubmitButton label=tr!(l, "sign-in")/>
                                </ActionForm>
                                <ActionForm action=resend attr:class="resend">
                                    <FormError error=resend_error/>
                                    <ProofFields error=resend_error/>
                                    <ResendControls seconds=status.resend_at.saturating_sub(status.now)/>
                                </ActionForm>
                                <CodeHelp on=HelpFor::SignIn/>
                                <p class="switch">
                                    {tr!(l, "wrong-number")} " " <a href="/login">{tr!(l, "change-it")}</a>
                                </p>
                                <p class="switch">
                                    {tr!(l, "no-account-yet")} " " <a href="/signup">{tr!(l, "create-one")}</a>
                                </p>
                            }
                                .into_any()
                        }
                        Ok(None) => {
                            // Signed in already (Back after signing in, or an old
                            // error's address replayed): say so, not the old error.
                            if let Ok(Some(me)) = crate::api::signed_in_as().await {
                                #[cfg(feature = "ssr")]
                                crate::server::respond::shown_instead();
                                return view! {
                                    <SignedInAs phone=Some(me)/>
                                    <p><a class="button primary" href="/account">{tr!(l, "your-account")}</a></p>
                                }
                                    .into_any();
                            }
                            // A finished flow: say why, rather than silently starting over.
                            match error.get_untracked().or(resend_error.get_untracked()).or(restart_error.get_untracked()) {
                                Some(e) => {
                                    // A session that ended has nothing to send again:
                                    // the way on is to start again.
                                    let restart_label = if e == AuthError::NoFlow { "start-again" } else { "send-a-new-code" };
                                    // The number the flow was for is handed on: one press
                                    // texts a new code to it (issue 18, item 9).
                                    let again = login_start()
                                        .await
                                        .ok()
                                        .and_then(|p| Some((p.country?, p.phone?, p.resend_in.unwrap_or(0))));
                                    view! {
                                        <PageError error=e.clone()/>
                                        {match again {
                                            Some((country, phone, wait)) => view! {
                                                <ActionForm action=restart attr:class="resend">
                                                    <input type="hidden" name="country" value=country/>
                                                    <input type="hidden" name="phone" value=phone/>
                                                    <ResendControls seconds=wait ran_out=true/>
                                                </ActionForm>
                                                <p class="switch">
                                                    {tr!(l, "wrong-number")} " " <a href="/login">{tr!(l, "change-it")}</a>
                                                </p>
                                            }
                                                .into_any(),
                                            None => view! {
                                                <p><a class="button primary" href="/login">{i18n::text(l, restart_label, &[])}</a></p>
                                            }
                                                .into_any(),
                                        }}
                                    }
                                        .into_any()
                                }
                                None => view! { <Redirect path="/login"/> }.into_any(),
                            }
                        }
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
