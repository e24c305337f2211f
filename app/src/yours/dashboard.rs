//! A protected page: who is signed in, and your row for them.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::SignedIn;
use crate::error::AuthError;
use serde::{Deserialize, Serialize};

/// Your row for the signed-in person, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub joined_at: u64,
    pub note: String,
}

/// Your row for whoever is signed in: 401 when nobody is.
#[server(endpoint = "yours/member")]
pub async fn member() -> Result<Option<MemberRow>, AuthError> {
    let me = crate::server::auth::signed_in().await?;
    let yours = use_context::<super::data::Yours>().ok_or(AuthError::Unavailable)?;
    yours.members.get(&me.sub).await.map_err(|e| {
        tracing::error!(error = %e, "members table");
        AuthError::Unavailable
    })
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let row = Resource::new_blocking(|| (), |_| member());
    view! {
        <Title text="Dashboard"/>
        <main class="card">
            <h1>"Dashboard"</h1>
            <SignedIn let:me>
                <dl class="profile">
                    <dt>"Account id"</dt>
                    <dd><code data-testid="sub">{me.sub}</code></dd>
                    <dt>"Phone"</dt>
                    <dd data-testid="phone">{me.phone_display}</dd>
                </dl>
                <Suspense>
                    {move || Suspend::new(async move {
                        row.await.ok().flatten().map(|m| view! {
                            <p data-testid="member">"Member since " <span data-testid="joined">{m.joined_at}</span></p>
                            <form method="post" action="/api/note">
                                <label for="note">"Your note"</label>
                                <input id="note" name="note" maxlength="200" value=m.note/>
                                <button type="submit">"Save note"</button>
                            </form>
                        })
                    })}
                </Suspense>
                <p><a href="/account">"Your account"</a></p>
            </SignedIn>
        </main>
    }
}
