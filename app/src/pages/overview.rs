//! A tenant's home page.

use crate::error::ApiError;
use crate::layout::tenant_id;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::model::TenantOverview;
#[cfg(feature = "ssr")]
use baas::roles::Role;
use baas::time::format_utc;
use leptos::prelude::*;
use leptos_router::components::A;

/// `/t/:tenant`: the workspace at a glance.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let tenant = tenant_id();
    let data = Resource::new(move || tenant.get(), get_overview);
    view! {
        <div class="page">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(o) => view! {
                            <header class="page-header">
                                <h1 data-testid="tenant-name">{o.name.clone()}</h1>
                                <span class="badge" data-testid="my-role">{o.role.label()}</span>
                            </header>
                            <section class="tiles">
                                <div class="tile"><span class="tile-label">"Members"</span>
                                    <span class="tile-value" data-testid="member-count">{o.members}</span></div>
                                <div class="tile"><span class="tile-label">"Pending invites"</span>
                                    <span class="tile-value">{o.pending_invites}</span></div>
                                <div class="tile"><span class="tile-label">"Your role"</span>
                                    <span class="tile-value small">{o.role.label()}</span></div>
                                <div class="tile"><span class="tile-label">"Created"</span>
                                    <span class="tile-value small">{format_utc(o.created_at)}</span></div>
                            </section>
                            <section class="card">
                                <h2>"Team"</h2>
                                <p class="muted">"Invite people by email with a role: owners and admins manage the team, members work with bots, viewers only read."</p>
                                <A href=format!("/t/{}/team", o.id) attr:class="button">"Open team"</A>
                            </section>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// A tenant's overview.
#[server(prefix = "/api", endpoint = "get_overview")]
pub async fn get_overview(tenant_id: String) -> Result<TenantOverview, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::tenants::overview(&state.db, &at).await?)
}
