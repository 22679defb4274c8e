//! The tenant's audit log.

use crate::error::ApiError;
use crate::layout::tenant_id;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::model::{AuditEntry, AuditPage};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use baas::time::format_utc;
use leptos::prelude::*;

/// Human label for an audit action.
pub fn action_label(action: &str) -> &'static str {
    match action {
        "sign_in" => "Signed in",
        "sign_out" => "Signed out",
        "sign_in_failed" => "Failed sign-in",
        "tenant_created" => "Workspace created",
        "invite_created" => "Invite created",
        "invite_accepted" => "Invite accepted",
        "invite_revoked" => "Invite revoked",
        "role_changed" => "Role changed",
        "member_removed" => "Member removed",
        "agent_created" => "Agent created",
        "key_created" => "Key created",
        "key_revoked" => "Key revoked",
        _ => "Other",
    }
}

/// `/t/:tenant/audit`: who did what, when, from where (owners and admins).
#[component]
pub fn AuditPage() -> impl IntoView {
    let tenant = tenant_id();
    let before = RwSignal::new(None::<i64>);
    let page = Resource::new(
        move || (tenant.get(), before.get()),
        |(t, b)| audit_log(t, b),
    );
    view! {
        <div class="page">
            <header class="page-header"><h1>"Audit log"</h1></header>
            <p class="muted">"Times are UTC. Newest first."</p>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            let next = p.next_before;
                            view! {
                                <div class="table-wrap">
                                    <table class="table" data-testid="audit-table">
                                        <thead><tr><th>"When"</th><th>"Who"</th><th>"What"</th><th>"Detail"</th><th>"IP"</th></tr></thead>
                                        <tbody>
                                            {p.entries.into_iter().map(row).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <div class="row">
                                    <Show when=move || before.get().is_some()>
                                        <button class="button" on:click=move |_| before.set(None)>"Newest"</button>
                                    </Show>
                                    {next.map(|n| view! {
                                        <button class="button" on:click=move |_| before.set(Some(n))>"Older"</button>
                                    })}
                                </div>
                            }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn row(e: AuditEntry) -> impl IntoView {
    view! {
        <tr>
            <td class="nowrap">{format_utc(e.at)}</td>
            <td>{e.actor.unwrap_or_else(|| "—".into())}</td>
            <td data-action=e.action.clone()>{action_label(&e.action)}</td>
            <td>{e.detail}</td>
            <td class="mono">{e.ip.unwrap_or_default()}</td>
        </tr>
    }
}

/// A page of the tenant's audit log (owners and admins).
#[server(prefix = "/api", endpoint = "audit_log")]
pub async fn audit_log(tenant_id: String, before: Option<i64>) -> Result<AuditPage, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let role = at.role;
    if !role.can_view_audit() {
        return Err(ApiError::Forbidden(
            "only owners and admins can read the audit log".into(),
        ));
    }
    Ok(baas::audit::list(&state.db, &at.tenant_id, before).await?)
}
