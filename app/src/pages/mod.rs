//! One module per page.

pub mod audit;
pub mod invite;
pub mod login;
pub mod onboarding;
pub mod overview;
pub mod team;

use leptos::prelude::*;

/// Shown for any path without a page.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <div class="center-page">
            <div class="card narrow">
                <h1>"Page not found"</h1>
                <p>"There is nothing at this address."</p>
                <a class="button" href="/" rel="external">"Go to your workspace"</a>
            </div>
        </div>
    }
}

/// Percent-encodes a query-string value.
pub fn encode_component(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
