//! Sign-in: ask for a link, then confirm it.

use crate::error::ApiError;
#[cfg(feature = "ssr")]
use crate::state::{app_state, client_ip};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Explains an error code carried in the URL after a redirect.
pub fn login_message(code: &str, retry: Option<&str>) -> String {
    match code {
        "invalid_email" => {
            "That does not look like an email address (expected name@example.com).".into()
        }
        "rate_limited" => format!(
            "Too many sign-in links requested. Try again in {} seconds.",
            retry.unwrap_or("a few")
        ),
        "link_invalid" => "That sign-in link is not valid. Request a new one below.".into(),
        "link_expired" => {
            "That sign-in link has expired (links last 15 minutes). Request a new one below.".into()
        }
        "link_used" => "That sign-in link was already used. Request a new one below.".into(),
        "session_expired" => "Your session has ended. Sign in again.".into(),
        _ => "Something went wrong. Please try again.".into(),
    }
}

/// `/login`: request a magic link by email.
#[component]
pub fn LoginPage() -> impl IntoView {
    let q = use_query_map();
    let sent = move || q.read().get("sent").is_some();
    let email = move || q.read().get("email").unwrap_or_default();
    let next = move || q.read().get("next").unwrap_or_default();
    let error = move || {
        let q = q.read();
        q.get("error")
            .map(|c| login_message(&c, q.get("retry").as_deref()))
    };
    view! {
        <Title text="Sign in · BaaS" />
        <main class="center-page">
            <div class="card narrow">
                <div class="brand big"><span class="logo">"B"</span><span>"BaaS"</span></div>
                <Show
                    when=sent
                    fallback=move || view! {
                        <h1>"Sign in"</h1>
                        <p class="muted">"We email you a link. No password needed; new here? The same link creates your account."</p>
                        {move || error().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                        <form method="post" action="/auth/request" class="stack">
                            <label>
                                "Email"
                                <input type="email" name="email" required autocomplete="email"
                                    placeholder="you@company.com" prop:value=email maxlength="254" />
                            </label>
                            <input type="hidden" name="next" prop:value=next />
                            <button type="submit" class="button primary">"Email me a sign-in link"</button>
                        </form>
                    }
                >
                    <h1>"Check your email"</h1>
                    <p data-testid="link-sent">
                        "If " <strong>{email}</strong>
                        " can receive mail, a sign-in link is on its way. It works once and expires in 15 minutes."
                    </p>
                    <a href="/login" class="muted">"Use another address"</a>
                </Show>
            </div>
        </main>
    }
}

/// `/auth/verify?token=…`: confirm the sign-in with a button, so mail scanners that open
/// links do not use them up.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let q = use_query_map();
    let token = move || q.read().get("token").unwrap_or_default();
    let address = Resource::new(token, |t| async move {
        if t.is_empty() {
            Ok(None)
        } else {
            sign_in_address(t).await
        }
    });
    view! {
        <Title text="Finish signing in · BaaS" />
        <main class="center-page">
            <div class="card narrow">
                <div class="brand big"><span class="logo">"B"</span><span>"BaaS"</span></div>
                <Show
                    when=move || !token().is_empty()
                    fallback=|| view! {
                        <h1>"Link incomplete"</h1>
                        <p class="error">"This sign-in link is missing its code. Open the full link from the email, or request a new one."</p>
                        <a class="button" href="/login">"Request a new link"</a>
                    }
                >
                    <h1>"Finish signing in"</h1>
                    <Suspense fallback=|| view! { <p class="muted">"Checking the link…"</p> }>
                        {move || address.get().map(|found| match found {
                            Ok(Some(email)) => view! {
                                <p data-testid="sign-in-address">
                                    "You are signing in as " <strong>{email}</strong>
                                    ". If that is not your address, close this page: someone sent you their link."
                                </p>
                            }.into_any(),
                            Ok(None) => view! {
                                <p class="error" data-testid="sign-in-address">
                                    "This link has expired or was already used. Request a new one."
                                </p>
                            }.into_any(),
                            Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                        })}
                    </Suspense>
                    <form method="post" action="/auth/confirm" class="stack">
                        <input type="hidden" name="token" prop:value=token />
                        <button type="submit" class="button primary" data-testid="confirm-sign-in">"Sign in to BaaS"</button>
                    </form>
                </Show>
            </div>
        </main>
    }
}

/// The address an unused sign-in link signs in (`None` if the link is not usable).
#[server(prefix = "/api", endpoint = "sign_in_address")]
pub async fn sign_in_address(token: String) -> Result<Option<String>, ApiError> {
    let state = app_state()?;
    Ok(state.auth.link_address(&token, &client_ip()).await?)
}
