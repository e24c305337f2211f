//! Your pages: one line each. `SsrMode::Async` sends a page whole, after its
//! data, so that it can redirect an anonymous visitor to sign in.

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, SsrMode, path};

use super::dashboard::DashboardPage;

#[component(transparent)]
pub fn YourRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async/>
    }
    .into_inner()
}
