//! First workspace (or another one).

use crate::error::ApiError;
use crate::forms::{SaveState, SaveStatus};
use crate::i18n::t;
use crate::layout::whoami;
#[cfg(feature = "ssr")]
use crate::state::{client_ip, signed_in};
use crate::time::ZonePicker;
use baas::model::TenantSummary;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// `/onboarding`: name a new workspace; its creator becomes its owner.
#[component]
pub fn OnboardingPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    let create = ServerAction::<CreateTenant>::new();
    view! {
        <Title text=format!("{} · BaaS", t("onboarding-title")) />
        <main class="center-page">
            <div class="card narrow">
                <div class="brand big"><span class="logo">"B"</span><span>"BaaS"</span></div>
                <Suspense fallback=|| t("onboarding-loading")>
                    {move || Suspend::new(async move {
                        match me.await {
                            Ok(Some(me)) => view! {
                                <h1>{t("onboarding-title")}</h1>
                                <p class="muted">
                                    {t("onboarding-signed-in-as")} " " <strong>{me.email.clone()}</strong>
                                    {t("onboarding-holds")}
                                </p>
                                <ActionForm action=create attr:class="stack">
                                    <label>
                                        {t("onboarding-name")}
                                        <input type="text" name="name" required maxlength="80"
                                            placeholder=t("onboarding-name-placeholder") autocomplete="organization" />
                                    </label>
                                    <label>
                                        {t("onboarding-timezone")}
                                        <ZonePicker name="timezone" value=String::new() testid="new-timezone" />
                                        <span class="muted">{t("onboarding-timezone-help")}</span>
                                    </label>
                                    <button type="submit" class="button primary"
                                        disabled=move || create.pending().get()>
                                        {t("onboarding-create")}
                                    </button>
                                    <SaveStatus state=SaveState::of(create) testid="create-workspace" saved=Signal::stored(t("onboarding-created")) />
                                </ActionForm>
                                {(!me.tenants.is_empty()).then(|| view! {
                                    <p class="muted">
                                        {t("onboarding-or-open")} " "
                                        {me.tenants.iter().map(|t| view! {
                                            <a href=format!("/t/{}", t.id) class="chip">{t.name.clone()}</a>
                                        }).collect_view()}
                                    </p>
                                })}
                            }.into_any(),
                            Ok(None) => view! { <Redirect path="/login?next=/onboarding" /> }.into_any(),
                            Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </main>
    }
}

/// Creates a workspace owned by the caller and goes to it.
#[server(prefix = "/api", endpoint = "create_tenant")]
pub async fn create_tenant(
    name: String,
    #[server(default)] timezone: Option<String>,
) -> Result<TenantSummary, ApiError> {
    let (state, user) = signed_in().await?;
    // Without a zone from the browser, a Brazilian Portuguese page is the best hint there is.
    let timezone = timezone
        .filter(|z| !z.trim().is_empty())
        .or_else(|| {
            (crate::i18n::page_locale() == baas::i18n::Locale::PtBr)
                .then(|| "America/Sao_Paulo".to_string())
        })
        .unwrap_or_else(|| "UTC".into());
    let t = baas::tenants::create_tenant(
        &state.db,
        &user.user_id,
        &user.actor(&client_ip()),
        &name,
        &timezone,
        &state.signup,
    )
    .await?;
    leptos_axum::redirect(&format!("/t/{}", t.id));
    Ok(t)
}
