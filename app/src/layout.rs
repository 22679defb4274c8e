//! The signed-in app shell: sidebar with tenant switcher, sections, user and sign-out.

use crate::error::ApiError;
#[cfg(feature = "ssr")]
use crate::state::{app_state, maybe_user};
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
        <Suspense fallback=|| view! { <div class="loading">"Loading…"</div> }>
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
        <div class="app">
            <aside class="sidebar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">"B"</span>
                    <span>"BaaS"</span>
                </div>
                <label class="switcher">
                    <span class="sr-only">"Workspace"</span>
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
                        <option value="__new">"+ New workspace"</option>
                    </select>
                </label>
                <nav class="nav">
                    <A href=move || format!("/t/{}", tenant.get()) exact=true>"Overview"</A>
                    <A href=move || format!("/t/{}/usage", tenant.get())>"Usage & costs"</A>
                    <A href=move || format!("/t/{}/budgets", tenant.get())>"Budgets"</A>
                    <A href=move || format!("/t/{}/alerts", tenant.get())>"Alerts"</A>
                    <A href=move || format!("/t/{}/admin-agent", tenant.get())>"Admin Agent"</A>
                    <A href=move || format!("/t/{}/agents", tenant.get())>"Agents & keys"</A>
                    <A href=move || format!("/t/{}/bots", tenant.get())>"Bots"</A>
                    <A href=move || format!("/t/{}/conversations", tenant.get())>"Conversations"</A>
                    <A href=move || format!("/t/{}/team", tenant.get())>"Team"</A>
                    <Show when=move || role().is_some_and(|r| r.can_view_audit())>
                        <A href=move || format!("/t/{}/audit", tenant.get())>"Audit log"</A>
                    </Show>
                    {me.operator.then(|| view! { <a href="/operator" rel="external">"Provider pool"</a> })}
                </nav>
                <div class="user">
                    <span class="user-email" title=me.email.clone()>{me.email.clone()}</span>
                    {move || role().map(|r| view! { <span class="badge">{r.label()}</span> })}
                    <form method="post" action="/auth/signout">
                        <button type="submit" class="link-button">"Sign out"</button>
                    </form>
                </div>
            </aside>
            <main class="content">
                {move || match role() {
                    Some(_) => view! { <Outlet /> }.into_any(),
                    None => view! {
                        <div class="page">
                            <h1>"No access"</h1>
                            <p>"You are not a member of this workspace, or it does not exist."</p>
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
