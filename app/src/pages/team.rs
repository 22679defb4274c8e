//! Members, roles and invites.

use crate::error::ApiError;
use crate::layout::{tenant_id, Viewer};
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::model::{CreatedInvite, InviteState, InviteView, MemberView};
use baas::roles::{Role, ALL_ROLES};
use baas::time::format_utc;
use leptos::prelude::*;

/// `/t/:tenant/team`: everyone sees the members; owners and admins manage them.
#[component]
pub fn TeamPage() -> impl IntoView {
    let tenant = tenant_id();
    let viewer = expect_context::<Viewer>();
    let manage = move || viewer.role.get().is_some_and(|r| r.can_manage_team());

    let change = ServerAction::<ChangeRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let invite = ServerAction::<CreateInvite>::new();
    let revoke = ServerAction::<RevokeInvite>::new();

    let members = Resource::new(
        move || (tenant.get(), change.version().get(), remove.version().get()),
        |(t, _, _)| list_members(t),
    );
    let invites = Resource::new(
        move || {
            (
                tenant.get(),
                invite.version().get(),
                revoke.version().get(),
                manage(),
            )
        },
        |(t, _, _, manage)| async move {
            if manage {
                list_invites(t).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );

    let last_error = move || {
        let errs = [
            change.value().get().and_then(|r| r.err()),
            remove.value().get().and_then(|r| r.err()),
            revoke.value().get().and_then(|r| r.err()),
        ];
        errs.into_iter().flatten().next()
    };

    view! {
        <div class="page">
            <header class="page-header"><h1>"Team"</h1></header>
            {move || last_error().map(|e| view! { <p class="error" role="alert" data-testid="team-error">{e.to_string()}</p> })}
            <section class="card">
                <h2>"Members"</h2>
                <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match members.await {
                            Ok(list) => view! {
                                <div class="table-wrap">
                                    <table class="table" data-testid="members">
                                        <thead><tr><th>"Email"</th><th>"Role"</th><th>"Joined"</th><th></th></tr></thead>
                                        <tbody>
                                            {list.into_iter().map(|m| view! {
                                                <MemberRow m tenant change remove manage=Signal::derive(manage) />
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <Show when=manage>
                <section class="card">
                    <h2>"Invite someone"</h2>
                    <ActionForm action=invite attr:class="inline-form">
                        <input type="hidden" name="tenant_id" prop:value=move || tenant.get() />
                        <label>"Email"
                            <input type="email" name="email" required maxlength="254" placeholder="name@company.com" />
                        </label>
                        <label>"Role"
                            <select name="role" data-testid="invite-role">
                                {ALL_ROLES.into_iter()
                                    .filter(|r| *r != Role::Owner || viewer.role.get_untracked() == Some(Role::Owner))
                                    .map(|r| view! { <option value=r.as_str() selected=r == Role::Member>{r.label()}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                        <button type="submit" class="button primary" disabled=move || invite.pending().get()>"Create invite link"</button>
                    </ActionForm>
                    {move || invite.value().get().map(|r| match r {
                        Ok(created) => view! {
                            <div class="notice" data-testid="invite-created">
                                <p>"Send this link to " <strong>{created.invite.email.clone()}</strong>
                                   ". It is shown only once, works once, and expires in 7 days."</p>
                                <input class="mono full" readonly data-testid="invite-link" prop:value=created.link.clone() />
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    })}
                </section>
                <section class="card">
                    <h2>"Invites"</h2>
                    <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                        {move || Suspend::new(async move {
                            match invites.await {
                                Ok(Some(list)) if list.is_empty() => view! { <p class="muted">"No invites yet."</p> }.into_any(),
                                Ok(Some(list)) => view! {
                                    <div class="table-wrap">
                                        <table class="table" data-testid="invites">
                                            <thead><tr><th>"Email"</th><th>"Role"</th><th>"State"</th><th>"Expires"</th><th></th></tr></thead>
                                            <tbody>{list.into_iter().map(|i| invite_row(i, tenant, revoke)).collect_view()}</tbody>
                                        </table>
                                    </div>
                                }.into_any(),
                                Ok(None) => ().into_any(),
                                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            }
                        })}
                    </Suspense>
                </section>
            </Show>
        </div>
    }
}

#[component]
fn MemberRow(
    m: MemberView,
    tenant: Memo<String>,
    change: ServerAction<ChangeRole>,
    remove: ServerAction<RemoveMember>,
    manage: Signal<bool>,
) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let is_me = viewer.user_id.with_value(|id| *id == m.user_id);
    let uid = StoredValue::new(m.user_id.clone());
    let current = m.role;
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(role) = event_target_value(&ev).parse::<Role>() {
            change.dispatch(ChangeRole {
                tenant_id: tenant.get_untracked(),
                user_id: uid.get_value(),
                role,
            });
        }
    };
    let email = StoredValue::new(m.email.clone());
    let on_remove = move |_| {
        let question = format!("Remove {} from this workspace?", email.get_value());
        if !window().confirm_with_message(&question).unwrap_or(false) {
            return;
        }
        remove.dispatch(RemoveMember {
            tenant_id: tenant.get_untracked(),
            user_id: uid.get_value(),
        });
    };
    view! {
        <tr data-email=m.email.clone()>
            <td>{m.email.clone()} {is_me.then(|| view! { <span class="muted">" (you)"</span> })}</td>
            <td>
                <Show when=move || manage.get() && !is_me fallback=move || view! { <span class="badge">{current.label()}</span> }>
                    <select on:change=on_change data-testid="role-select" aria-label="Role">
                        {ALL_ROLES.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=r == current>{r.label()}</option>
                        }).collect_view()}
                    </select>
                </Show>
            </td>
            <td class="nowrap">{format_utc(m.joined_at)}</td>
            <td>
                <Show when=move || manage.get() && !is_me>
                    <button class="link-button danger" on:click=on_remove data-testid="remove-member">"Remove"</button>
                </Show>
            </td>
        </tr>
    }
}

fn invite_row(
    i: InviteView,
    tenant: Memo<String>,
    revoke: ServerAction<RevokeInvite>,
) -> impl IntoView {
    let id = StoredValue::new(i.id.clone());
    let pending = i.state == InviteState::Pending;
    view! {
        <tr data-email=i.email.clone()>
            <td>{i.email.clone()}</td>
            <td>{i.role.label()}</td>
            <td><span class=format!("state state-{}", i.state.label().to_lowercase()) data-testid="invite-state">{i.state.label()}</span></td>
            <td class="nowrap">{format_utc(i.expires_at)}</td>
            <td>
                {pending.then(|| view! {
                    <button class="link-button danger" on:click=move |_| {
                        revoke.dispatch(RevokeInvite { tenant_id: tenant.get_untracked(), invite_id: id.get_value() });
                    }>"Revoke"</button>
                })}
            </td>
        </tr>
    }
}

/// A tenant's members.
#[server(prefix = "/api", endpoint = "list_members")]
pub async fn list_members(tenant_id: String) -> Result<Vec<MemberView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::tenants::members(&state.db, &at).await?)
}

/// Changes a member's role.
#[server(prefix = "/api", endpoint = "change_role")]
pub async fn change_role(tenant_id: String, user_id: String, role: Role) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::tenants::change_role(&state.db, &at, &user_id, role).await?)
}

/// Removes a member (or leaves, when `user_id` is the caller).
#[server(prefix = "/api", endpoint = "remove_member")]
pub async fn remove_member(tenant_id: String, user_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::tenants::remove_member(&state.db, &at, &user_id).await?)
}

/// A tenant's invites.
#[server(prefix = "/api", endpoint = "list_invites")]
pub async fn list_invites(tenant_id: String) -> Result<Vec<InviteView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::invites::list_invites(&state.db, &at).await?)
}

/// Creates an invite link bound to an email and a role.
#[server(prefix = "/api", endpoint = "create_invite")]
pub async fn create_invite(
    tenant_id: String,
    email: String,
    role: Role,
) -> Result<CreatedInvite, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::invites::create_invite(&state.db, &state.public_url, &at, &email, role).await?)
}

/// Revokes a pending invite.
#[server(prefix = "/api", endpoint = "revoke_invite")]
pub async fn revoke_invite(tenant_id: String, invite_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::invites::revoke_invite(&state.db, &at, &invite_id).await?)
}
