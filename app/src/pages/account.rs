use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::{SignOut, UpdateName, account};
use crate::components::{FormError, NameField, action_error};

#[component]
pub fn AccountPage() -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let sign_out_everywhere = ServerAction::<SignOut>::new();
    let rename = ServerAction::<UpdateName>::new();
    // Reloaded after each rename, so the hydrated page shows the new name.
    let data = Resource::new_blocking(move || rename.version().get(), |_| account());
    let rename_error = action_error(rename);
    view! {
        <Title text="Your account"/>
        <main class="card">
            <h1>"Your account"</h1>
            <Suspense>
                {move || {
                    Suspend::new(async move {
                        let r = data.await;
                        match r {
                        Ok(Some(a)) => {
                            view! {
                                <dl class="profile">
                                    <dt>"User ID"</dt>
                                    <dd><code data-testid="user-id">{a.user_id}</code></dd>
                                    <dt>"Phone"</dt>
                                    <dd data-testid="phone">{a.phone}</dd>
                                    <dt>"Name"</dt>
                                    <dd data-testid="name">{a.name.clone().unwrap_or_else(|| "Not set".into())}</dd>
                                    <dt>"Phone verified"</dt>
                                    <dd data-testid="verified">{if a.phone_verified { "Yes" } else { "No" }}</dd>
                                </dl>
                                <ActionForm action=rename attr:class="rename">
                                    <FormError error=rename_error/>
                                    <NameField
                                        error=rename_error
                                        label="Change your name"
                                        value=a.name.clone().unwrap_or_default()
                                    />
                                    <button type="submit">"Save name"</button>
                                </ActionForm>
                                <div class="actions">
                                    <ActionForm action=sign_out>
                                        <button type="submit" class="primary">"Sign out"</button>
                                    </ActionForm>
                                    <ActionForm action=sign_out_everywhere>
                                        <input type="hidden" name="everywhere" value="1"/>
                                        <button type="submit">"Sign out everywhere"</button>
                                    </ActionForm>
                                </div>
                            }
                                .into_any()
                        }
                        Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </main>
    }
}
