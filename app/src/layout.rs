//! The signed-in app shell: sidebar with tenant switcher, sections, user and sign-out.

use crate::error::ApiError;
use crate::i18n::{locale, t};
#[cfg(feature = "ssr")]
use crate::state::{app_state, maybe_user, signed_in};
use baas::i18n::Locale;
use baas::model::Me;
use baas::roles::Role;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::{use_location, use_navigate, use_params_map};

/// The current tenant id from the URL.
pub fn tenant_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("tenant").unwrap_or_default())
}

/// Who is looking at the current tenant page: set by the shell for the pages inside it.
#[derive(Clone, Copy)]
pub struct Viewer {
    pub user_id: StoredValue<String>,
    pub role: Signal<Option<Role>>,
}

/// Layout for every `/t/:tenant/...` page; redirects to sign-in when there is no session.
#[component]
pub fn TenantLayout() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    let location = use_location();
    view! {
        <Suspense fallback=|| view! { <div class="loading">{t("shell-loading")}</div> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => view! { <Shell me /> }.into_any(),
                    Ok(None) => {
                        let next = location.pathname.get_untracked();
                        view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                    }
                    Err(e) => view! { <div class="page"><p class="error">{e.to_string()}</p></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Shell(me: Me) -> impl IntoView {
    let tenant = tenant_id();
    let tenants = StoredValue::new(me.tenants.clone());
    let role = move || {
        tenants.with_value(|ts| {
            ts.iter()
                .find(|t| t.id.as_str() == tenant.get())
                .map(|t| t.role)
        })
    };
    provide_context(Viewer {
        user_id: StoredValue::new(me.user_id.clone()),
        role: Signal::derive(role),
    });
    let zone = move || {
        tenants.with_value(|ts| {
            ts.iter()
                .find(|t| t.id.as_str() == tenant.get())
                .map(|t| t.timezone.clone())
                .unwrap_or_default()
        })
    };
    let workspace_zone = crate::time::WorkspaceZone::new(tenant, Signal::derive(zone));
    provide_context(workspace_zone);
    // On a phone the sections sit behind a menu button; choosing one closes the menu.
    let (menu_open, set_menu_open) = signal(false);
    let navigate = use_navigate();
    let on_switch = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if id == "__new" {
            navigate("/onboarding", Default::default());
        } else {
            navigate(&format!("/t/{id}"), Default::default());
        }
    };
    view! {
        <a class="skip-link" href="#main">{t("shell-skip")}</a>
        <div class="app">
            <aside class="sidebar" class:open=menu_open>
                <div class="brand">
                    <span class="logo" aria-hidden="true">"B"</span>
                    <span>"BaaS"</span>
                </div>
                <button
                    type="button"
                    class="button menu-toggle"
                    aria-controls="sections"
                    aria-expanded=move || menu_open.get().to_string()
                    data-testid="menu-toggle"
                    on:click=move |_| set_menu_open.update(|open| *open = !*open)
                >
                    {t("shell-menu")}
                </button>
                <label class="switcher">
                    <span class="sr-only">{t("shell-workspace")}</span>
                    <select on:change=on_switch data-testid="tenant-switcher">
                        {move || {
                            tenants
                                .get_value()
                                .into_iter()
                                .map(|t| {
                                    let selected = t.id.as_str() == tenant.get();
                                    view! {
                                        <option value=t.id.to_string() selected=selected>
                                            {t.name.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                        <option value="__new">{t("shell-new-workspace")}</option>
                    </select>
                </label>
                <nav class="nav" id="sections" aria-label=t("shell-sections") on:click=move |_| set_menu_open.set(false)>
                    <A href=move || format!("/t/{}", tenant.get()) exact=true>{t("nav-overview")}</A>
                    <A href=move || format!("/t/{}/usage", tenant.get())>{t("nav-usage")}</A>
                    <A href=move || format!("/t/{}/budgets", tenant.get())>{t("nav-budgets")}</A>
                    <A href=move || format!("/t/{}/alerts", tenant.get())>{t("nav-alerts")}</A>
                    <A href=move || format!("/t/{}/admin-agent", tenant.get())>{t("nav-admin-agent")}</A>
                    <A href=move || format!("/t/{}/agents", tenant.get())>{t("nav-agents")}</A>
                    <A href=move || format!("/t/{}/bots", tenant.get())>{t("nav-bots")}</A>
                    <A href=move || format!("/t/{}/conversations", tenant.get())>{t("nav-conversations")}</A>
                    <A href=move || format!("/t/{}/team", tenant.get())>{t("nav-team")}</A>
                    <Show when=move || role().is_some_and(|r| r.can_view_audit())>
                        <A href=move || format!("/t/{}/audit", tenant.get())>{t("nav-audit")}</A>
                    </Show>
                    <Show when=move || role().is_some_and(|r| r.at_least(Role::Admin))>
                        <A href=move || format!("/t/{}/billing", tenant.get())>{t("nav-billing")}</A>
                    </Show>
                    {me.operator.then(|| view! { <a href="/operator" rel="external">{t("nav-operator")}</a> })}
                </nav>
                <div class="user">
                    <span class="user-email" title=me.email.clone()>{me.email.clone()}</span>
                    {move || role().map(|r| view! { <span class="badge">{t(&format!("role-{}", r.as_str()))}</span> })}
                    <LanguageMenu />
                    <span class="muted zone-note" data-testid="workspace-zone">
                        {move || crate::i18n::tr(&baas::i18n::Text::new("shell-time-zone").str("zone", workspace_zone.get()))}
                    </span>
                    <form method="post" action="/auth/signout">
                        <button type="submit" class="link-button">{t("shell-sign-out")}</button>
                    </form>
                </div>
            </aside>
            <main class="content" id="main" tabindex="-1">
                {move || match role() {
                    Some(_) => view! { <Outlet /> }.into_any(),
                    None => view! {
                        <div class="page">
                            <h1>{t("shell-no-access-title")}</h1>
                            <p>{t("shell-no-access")}</p>
                        </div>
                    }.into_any(),
                }}
            </main>
        </div>
    }
}

/// The signed-in user and their tenants, or `None` when signed out.
#[server(prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Me>, ApiError> {
    let state = app_state()?;
    let Some(user) = maybe_user().await? else {
        return Ok(None);
    };
    let tenants = baas::tenants::list_tenants(&state.db, &user.user_id).await?;
    let operator = baas::operators::is_operator(&state.db, &user.user_id).await?;
    Ok(Some(Me {
        user_id: user.user_id,
        email: user.email,
        tenants,
        operator,
    }))
}

/// The person's choice of language; the page is shown again in it.
#[component]
fn LanguageMenu() -> impl IntoView {
    let current = locale();
    let choose = move |ev: leptos::ev::Event| {
        let tag = event_target_value(&ev);
        leptos::task::spawn_local(async move {
            if set_language(tag).await.is_ok() {
                let _ = window().location().reload();
            }
        });
    };
    view! {
        <label class="language">
            <span class="sr-only">{t("shell-language")}</span>
            <select on:change=choose data-testid="language">
                {Locale::ALL
                    .into_iter()
                    .map(|l| view! {
                        <option value=l.tag() selected=l == current lang=l.tag()>{l.native_name()}</option>
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Keeps the signed-in person's language (`en`, `pt-BR`, `es`; empty: their browser's) and
/// sets the cookie the pages are rendered by.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(language: String) -> Result<(), ApiError> {
    let (state, user) = signed_in().await?;
    let choice = match language.trim() {
        "" => None,
        tag => Some(Locale::parse(tag).ok_or_else(|| {
            ApiError::Invalid(format!(
                "language: {tag:?} is not one BaaS speaks; choose en, pt-BR or es"
            ))
        })?),
    };
    baas::users::set_language(&state.db, &user.user_id, choice).await?;
    if let (Some(res), Ok(cookie)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&crate::i18n::language_cookie(choice, state.secure_cookies)),
    ) {
        res.append_header(http::header::SET_COOKIE, cookie);
    }
    Ok(())
}
