use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::{ChangeNumber, DeleteAccount, SignOut, UpdateName, account};
use crate::components::{
    FormError, IslandScripts, NameField, PageError, PhoneFields, ProofFields, SubmitButton, action_error, needs_scripts,
};
use crate::error::AuthError;
use crate::i18n::use_language;
use crate::tr;
use crate::views::FormPrefill;

#[component]
pub fn AccountPage() -> impl IntoView {
    let l = use_language();
    let sign_out = ServerAction::<SignOut>::new();
    let sign_out_everywhere = ServerAction::<SignOut>::new();
    let rename = ServerAction::<UpdateName>::new();
    // Reloaded after each rename, so the hydrated page shows the new name.
    let data = Resource::new_blocking(move || rename.version().get(), |_| account());
    let rename_error = action_error(rename);
    // Back from a rename: say it worked (the flag picks a fixed sentence).
    let saved = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("saved"));
    let number_changed = saved.as_deref() == Some("number");
    let removed = saved.as_deref() == Some("removed");
    let saved = saved.is_some() && !number_changed;
    view! {
        <Title text=tr!(l, "your-account")/>
        <main class="card">
            <h1>{tr!(l, "your-account")}</h1>
            <Suspense>
                {move || {
                    Suspend::new(async move {
                        let r = data.await;
                        match r {
                        Ok(a) => {
                            view! {
                                {number_changed
                                    .then(|| view! { <p class="notice" role="status">{tr!(l, "number-changed")}</p> })}
                                <dl class="profile">
                                    <dt>{tr!(l, "phone")}</dt>
                                    <dd data-testid="phone"><data value=a.phone>{a.phone_display}</data></dd>
                                    <dt>{tr!(l, "name")}</dt>
                                    <dd data-testid="name"><bdi>{a.name.clone().unwrap_or_else(|| tr!(l, "not-set"))}</bdi></dd>
                                </dl>
                                // For a support request only: out of the way.
                                <details class="support">
                                    <summary>{tr!(l, "account-id")}</summary>
                                    <p><code data-testid="user-id">{a.user_id}</code></p>
                                </details>
                                <ActionForm action=rename attr:class="rename">
                                    {(saved && rename_error.get_untracked().is_none())
                                        .then(|| {
                                            let said = if removed { "name-removed" } else { "saved" };
                                            view! { <p class="notice" role="status">{crate::i18n::text(l, said, &[])}</p> }
                                        })}
                                    // Typed before the session ended: kept, not saved yet.
                                    {(a.unsaved_name.is_some() && rename_error.get_untracked().is_none())
                                        .then(|| view! { <p class="notice" role="status">{tr!(l, "name-not-saved")}</p> })}
                                    <FormError error=rename_error/>
                                    // Optional, as at sign-up: saved empty, it is removed.
                                    <NameField
                                        error=rename_error
                                        label=tr!(l, "change-your-name")
                                        optional=true
                                        value=a.unsaved_name.clone().or(a.name.clone()).unwrap_or_default()
                                    />
                                    <button type="submit" class="primary">{tr!(l, "save-name")}</button>
                                </ActionForm>
                                <div class="actions">
                                    <ActionForm action=sign_out>
                                        <button type="submit">{tr!(l, "sign-out")}</button>
                                    </ActionForm>
                                    // A step to confirm, without JavaScript too: it signs
                                    // out every device, this one included.
                                    <details class="confirm">
                                        <summary class="button">{tr!(l, "sign-out-everywhere-open")}</summary>
                                        <p>{tr!(l, "sign-out-everywhere-explain")}</p>
                                        <ActionForm action=sign_out_everywhere>
                                            <input type="hidden" name="everywhere" value="1"/>
                                            <button type="submit">{tr!(l, "sign-out-everywhere")}</button>
                                        </ActionForm>
                                    </details>
                                </div>
                                <ChangeNumberPart recent=a.recent_sign_in form=a.number_form.clone()/>
                                <DeleteAccountPart recent=a.recent_sign_in/>
                            }
                                .into_any()
                        }
                        // A rename refused because the session had ended: the
                        // sign-in page says so.
                        Err(AuthError::NotSignedIn) if rename_error.get_untracked() == Some(AuthError::NotSignedIn) => {
                            view! { <Redirect path="/login?ended"/> }.into_any()
                        }
                        // Not signed in: after signing in, this page is where
                        // a sign-in ends anyway.
                        Err(AuthError::NotSignedIn) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(e) => view! { <PageError error=e.clone()/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </main>
    }
}

/// Changing the number: with a sign-in in the last minutes, the new
/// number's form (a code goes to it); otherwise a way to sign in again
/// first, which comes back here with this part open (`?number`).
#[component]
fn ChangeNumberPart(recent: bool, form: FormPrefill) -> impl IntoView {
    let l = use_language();
    let change = ServerAction::<ChangeNumber>::new();
    let error = action_error(change);
    let open = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("number").is_some())
        || error.get_untracked().is_some();
    let scripts = needs_scripts(error.get_untracked().as_ref()).then(|| view! { <IslandScripts/> });
    let step = if recent {
        view! {
            <p>{tr!(l, "change-number-explain")}</p>
            <ActionForm action=change>
                <FormError error/>
                <ProofFields error/>
                <PhoneFields
                    error
                    country=form.country.clone().unwrap_or_default()
                    number=form.phone.clone().unwrap_or_default()
                    countries=form.countries.clone()
                />
                <SubmitButton label=tr!(l, "send-code")/>
            </ActionForm>
            {scripts}
        }
        .into_any()
    } else {
        view! {
            <p>{tr!(l, "change-number-recent")}</p>
            <p><a class="button primary" href="/login?next=/account%3Fnumber">{tr!(l, "sign-in-again")}</a></p>
        }
        .into_any()
    };
    view! {
        <details class="confirm change-number" open=open>
            <summary class="button">{tr!(l, "change-number-open")}</summary>
            {step}
        </details>
    }
}

/// Deleting the account, behind a step to confirm: with a sign-in in the
/// last minutes, the button; otherwise a way to sign in again first, which
/// comes back here with this part open (`?delete`).
#[component]
fn DeleteAccountPart(recent: bool) -> impl IntoView {
    let l = use_language();
    let delete = ServerAction::<DeleteAccount>::new();
    let error = action_error(delete);
    let open = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("delete").is_some())
        || error.get_untracked().is_some();
    let step = if recent {
        view! {
            <p>{tr!(l, "delete-account-explain")}</p>
            <ActionForm action=delete>
                <FormError error/>
                <button type="submit" class="danger">{tr!(l, "delete-account")}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <p>{tr!(l, "delete-account-recent")}</p>
            <p><a class="button primary" href="/login?next=/account%3Fdelete">{tr!(l, "sign-in-again")}</a></p>
        }
        .into_any()
    };
    view! {
        <details class="confirm danger-zone" open=open>
            <summary class="button">{tr!(l, "delete-account-open")}</summary>
            {step}
        </details>
    }
}
