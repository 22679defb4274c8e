//! Sign-in: ask for a link, then confirm it.

use crate::error::ApiError;
use crate::i18n::{t, tr};
#[cfg(feature = "ssr")]
use crate::state::{app_state, client_ip};
use baas::i18n::Text;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Explains an error code carried in the URL after a redirect.
pub fn login_message(code: &str, retry: Option<&str>) -> String {
    match (code, retry) {
        ("invalid_email", _) => t("login-invalid-email"),
        ("rate_limited", Some(seconds)) => {
            tr(&Text::new("login-rate-limited").str("seconds", seconds))
        }
        ("rate_limited", None) => t("login-rate-limited-soon"),
        ("link_invalid", _) => t("login-link-invalid"),
        ("link_expired", _) => t("login-link-expired"),
        ("link_used", _) => t("login-link-used"),
        ("session_expired", _) => t("login-session-expired"),
        _ => t("login-something-wrong"),
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
        <Title text=format!("{} · BaaS", t("login-title")) />
        <main class="center-page">
            <div class="card narrow">
                <div class="brand big"><span class="logo">"B"</span><span>"BaaS"</span></div>
                <Show
                    when=sent
                    fallback=move || view! {
                        <h1>{t("login-title")}</h1>
                        <p class="muted">{t("login-intro")}</p>
                        {move || error().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                        // Attributes, not properties: hydrating must not wipe an address typed
                        // while the page was still loading.
                        <form method="post" action="/auth/request" class="stack">
                            <label>
                                {t("login-email")}
                                <input type="email" name="email" required autocomplete="email"
                                    placeholder=t("login-email-placeholder") value=email maxlength="254" />
                            </label>
                            <input type="hidden" name="next" value=next />
                            <button type="submit" class="button primary">{t("login-request")}</button>
                        </form>
                    }
                >
                    <h1>{t("login-check-email")}</h1>
                    <p data-testid="link-sent">
                        {t("login-sent-before")} " " <strong>{email}</strong> " " {t("login-sent-after")}
                    </p>
                    <a href="/login" class="muted">{t("login-other-address")}</a>
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
        <Title text=format!("{} · BaaS", t("login-finish")) />
        <main class="center-page">
            <div class="card narrow">
                <div class="brand big"><span class="logo">"B"</span><span>"BaaS"</span></div>
                <Show
                    when=move || !token().is_empty()
                    fallback=|| view! {
                        <h1>{t("login-link-incomplete")}</h1>
                        <p class="error">{t("login-link-missing-code")}</p>
                        <a class="button" href="/login">{t("login-request-new")}</a>
                    }
                >
                    <h1>{t("login-finish")}</h1>
                    <Suspense fallback=|| view! { <p class="muted">{t("login-checking")}</p> }>
                        {move || address.get().map(|found| match found {
                            Ok(Some(email)) => view! {
                                <p data-testid="sign-in-address">
                                    {t("login-signing-in-as")} " " <strong>{email}</strong> {t("login-not-yours")}
                                </p>
                            }.into_any(),
                            Ok(None) => view! {
                                <p class="error" data-testid="sign-in-address">
                                    {t("login-link-unusable")}
                                </p>
                            }.into_any(),
                            Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                        })}
                    </Suspense>
                    <form method="post" action="/auth/confirm" class="stack">
                        <input type="hidden" name="token" value=token />
                        <button type="submit" class="button primary" data-testid="confirm-sign-in">{t("login-confirm")}</button>
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
