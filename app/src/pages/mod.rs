//! One module per page.

pub mod admin_agent;
pub mod admin_agent_charts;
pub mod admin_agent_settings;
pub mod agents;
pub mod alerts;
pub mod audit;
pub mod billing;
pub mod bot_config;
pub mod bot_reach;
pub mod bots;
pub mod budgets;
pub mod channels;
pub mod conversations;
pub mod credits;
pub mod invite;
pub mod keys;
pub mod knowledge;
pub mod login;
pub mod onboarding;
pub mod operator;
pub mod operator_billing;
pub mod operator_channels;
pub mod operator_rate;
pub mod overview;
pub mod persona;
pub mod plans;
pub mod privacy;
pub mod team;
pub mod usage;
pub mod voice_preview;

use crate::i18n::t;
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
        <leptos_meta::Title text=format!("{} · BaaS", t("notfound-title")) />
        <main class="center-page">
            <div class="card narrow">
                <h1>{t("notfound-title")}</h1>
                <p>{t("notfound-text")}</p>
                <a class="button" href="/" rel="external">{t("notfound-home")}</a>
            </div>
        </main>
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

/// Counts the times `action` succeeded. A page that reloads its data on this, rather than on
/// every completion, keeps what the person typed when the server refuses it, so the error is
/// read next to the value that caused it.
pub fn successes<S>(action: ServerAction<S>) -> Signal<usize>
where
    S: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    let count = RwSignal::new(0);
    Effect::new(move |_| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            count.update(|n| *n += 1);
        }
    });
    count.into()
}

#[cfg(test)]
mod tests {
    use super::encode_component;
    use super::login::login_message;

    #[test]
    fn numbers_are_grouped_in_thousands() {
        use super::usage::thousands;
        assert_eq!(thousands(1_607_255), "1,607,255");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(-12_345), "-12,345");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode_component("/invite?token=a_b-c"),
            "%2Finvite%3Ftoken%3Da_b-c"
        );
        assert_eq!(encode_component("ana+x@b.co"), "ana%2Bx%40b.co");
    }

    #[test]
    fn every_login_error_code_has_its_own_message() {
        let codes = [
            "invalid_email",
            "rate_limited",
            "link_invalid",
            "link_expired",
            "link_used",
            "session_expired",
        ];
        let generic = login_message("unknown-code", None);
        for code in codes {
            assert_ne!(login_message(code, Some("30")), generic, "{code}");
        }
        assert!(login_message("rate_limited", Some("30")).contains("30 seconds"));
    }
}
