use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::api::{ConfirmSignUp, SignUp, pending_sign_up};
use crate::components::{CodeField, FormError, NameField, PhoneFields, SubmitButton, action_error};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let error = action_error(action);
    view! {
        <Title text="Create an account"/>
        <main class="card">
            <h1>"Create an account"</h1>
            <ActionForm action=action>
                <FormError error/>
                <PhoneFields error/>
                <NameField error label="Name" optional=true/>
                <SubmitButton label="Send code" busy=action.pending()/>
            </ActionForm>
            <p class="switch">"Already have an account? " <a href="/login">"Sign in"</a></p>
        </main>
    }
}

#[component]
pub fn ConfirmSignUpPage() -> impl IntoView {
    let action = ServerAction::<ConfirmSignUp>::new();
    let error = action_error(action);
    let pending = Resource::new_blocking(|| (), |_| pending_sign_up());
    view! {
        <Title text="Confirm your phone"/>
        <main class="card">
            <h1>"Confirm your phone"</h1>
            <Suspense>
                {move || {
                    pending
                        .get()
                        .map(|r| match r {
                            Ok(Some(masked)) => {
                                view! {
                                    <p>
                                        "If " <strong>{masked}</strong>
                                        " can receive texts, we've sent it a 6-digit code. Enter it below."
                                    </p>
                                    <ActionForm action=action>
                                        <FormError error/>
                                        <CodeField error/>
                                        <SubmitButton label="Confirm" busy=action.pending()/>
                                    </ActionForm>
                                    <p class="switch">
                                        "Already confirmed? " <a href="/login">"Sign in"</a>
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(None) => view! { <Redirect path="/signup"/> }.into_any(),
                            Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                        })
                }}
            </Suspense>
        </main>
    }
}
