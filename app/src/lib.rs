//! The BaaS web app: routes, pages and server functions, rendered on the server and
//! hydrated in the browser.
#![recursion_limit = "256"]

pub mod api;
pub mod charts;
mod clipboard;
pub mod error;
mod forms;
pub mod i18n;
mod layout;
mod listing;
mod money;
mod pages;
/// Helpers the server's own routes share with the pages.
pub mod pages_support {
    pub use crate::pages::encode_component;
}
#[cfg(feature = "ssr")]
pub mod state;
mod time;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

/// The Content-Security-Policy of a page: scripts only from this site or carrying this
/// response's nonce (Leptos's own inline scripts), WebAssembly, styles from this site (and the
/// style attributes views set), images from this site, requests only to this site; no plugins,
/// no framing, no other base or form target.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(v) = http::HeaderValue::from_str(&page_csp(&nonce.to_string())) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=i18n::page_locale().tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HashedStylesheet id="leptos" options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The root component: title and the route table.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(i18n::page_locale());
    view! {
        <Title text="BaaS" />
        <Router>
            <Routes fallback=pages::NotFound>
                <Route path=path!("/login") view=pages::login::LoginPage />
                <Route path=path!("/auth/verify") view=pages::login::VerifyPage />
                <Route path=path!("/onboarding") view=pages::onboarding::OnboardingPage />
                <Route path=path!("/invite") view=pages::invite::InvitePage />
                <Route path=path!("/operator") view=pages::operator::OperatorPage />
                <ParentRoute path=path!("/t/:tenant") view=layout::TenantLayout>
                    <Route path=path!("") view=pages::overview::OverviewPage />
                    <Route path=path!("team") view=pages::team::TeamPage />
                    <Route path=path!("agents") view=pages::agents::AgentsPage />
                    <Route path=path!("bots") view=pages::bots::BotsPage />
                    <Route path=path!("bots/:bot") view=pages::bot_config::BotConfigPage />
                    <Route path=path!("bots/:bot/persona") view=pages::persona::PersonaPage />
                    <Route path=path!("bots/:bot/knowledge") view=pages::knowledge::KnowledgePage />
                    <Route path=path!("conversations") view=pages::conversations::ConversationsPage />
                    <Route path=path!("conversations/:conversation") view=pages::conversations::TranscriptPage />
                    <Route path=path!("usage") view=pages::usage::UsagePage />
                    <Route path=path!("budgets") view=pages::budgets::BudgetsPage />
                    <Route path=path!("alerts") view=pages::alerts::AlertsPage />
                    <Route path=path!("admin-agent") view=pages::admin_agent::AdminAgentPage />
                    <Route path=path!("audit") view=pages::audit::AuditPage />
                    <Route path=path!("billing") view=pages::billing::BillingPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}
