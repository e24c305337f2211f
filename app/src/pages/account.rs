use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::{SignOut, account};

#[component]
pub fn AccountPage() -> impl IntoView {
    let data = Resource::new_blocking(|| (), |_| account());
    let sign_out = ServerAction::<SignOut>::new();
    let sign_out_everywhere = ServerAction::<SignOut>::new();
    view! {
        <Title text="Your account"/>
        <main class="card">
            <h1>"Your account"</h1>
            <Suspense>
                {move || {
                    data.get()
                        .map(|r| match r {
                            Ok(Some(a)) => {
                                view! {
                                    <dl class="profile">
                                        <dt>"User ID"</dt>
                                        <dd><code data-testid="user-id">{a.user_id}</code></dd>
                                        <dt>"Phone"</dt>
                                        <dd data-testid="phone">{a.phone}</dd>
                                        <dt>"Name"</dt>
                                        <dd data-testid="name">{a.name.unwrap_or_else(|| "Not set".into())}</dd>
                                        <dt>"Phone verified"</dt>
                                        <dd data-testid="verified">{if a.phone_verified { "Yes" } else { "No" }}</dd>
                                    </dl>
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
                        })
                }}
            </Suspense>
        </main>
    }
}
