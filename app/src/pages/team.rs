//! Members, roles and invites: a role is saved with its own button (making or unmaking an
//! owner asks first), removals and revocations are confirmed, and an invite is emailed and
//! shown with its link.

use crate::clipboard::CopyButton;
use crate::error::ApiError;
use crate::forms::{ConfirmButton, RowSaves, SaveState, SaveStatus};
use crate::i18n::{t, tr};
use crate::layout::{tenant_id, Viewer};
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use crate::time::local_time;
use baas::i18n::Text;
use baas::model::{CreatedInvite, InviteState, InviteView, MemberView};
use baas::roles::{Role, ALL_ROLES};
use leptos::prelude::*;
use leptos_meta::Title;

/// `/t/:tenant/team`: everyone sees the members; owners and admins manage them.
#[component]
pub fn TeamPage() -> impl IntoView {
    let tenant = tenant_id();
    let viewer = expect_context::<Viewer>();
    let manage = Signal::derive(move || viewer.role.get().is_some_and(|r| r.can_manage_team()));

    let change = ServerAction::<ChangeRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let invite = ServerAction::<CreateInvite>::new();
    let revoke = ServerAction::<RevokeInvite>::new();
    let (changed, removed, invited, revoked) = (
        successes(change),
        successes(remove),
        successes(invite),
        successes(revoke),
    );
    let saves = MemberSaves {
        roles: RowSaves::new(change, |c: &ChangeRole| c.user_id.clone()),
        removals: RowSaves::new(remove, |r: &RemoveMember| r.user_id.clone()),
    };

    let members = Resource::new(
        move || (tenant.get(), changed.get(), removed.get()),
        |(t, _, _)| list_members(t),
    );
    let invites = Resource::new(
        move || (tenant.get(), invited.get(), revoked.get(), manage.get()),
        |(t, _, _, manage)| async move {
            if manage {
                list_invites(t).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    let invite_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if invited.get() > 0 {
            if let Some(form) = invite_form.get_untracked() {
                form.reset();
            }
        }
    });

    view! {
        <Title text=format!("{} · BaaS", t("team-title")) />
        <div class="page">
            <header class="page-header"><h1>{t("team-title")}</h1></header>
            <section class="card">
                <h2>{t("team-members")}</h2>
                <Suspense fallback=|| view! { <p class="muted">{t("team-loading")}</p> }>
                    {move || Suspend::new(async move {
                        match members.await {
                            Ok(list) => view! {
                                <div class="table-wrap">
                                    <table class="table" data-testid="members">
                                        <thead><tr>
                                            <th>{t("team-col-email")}</th><th>{t("team-col-role")}</th><th>{t("team-col-joined")}</th><th></th>
                                        </tr></thead>
                                        <tbody>
                                            {list.into_iter().map(|m| view! {
                                                <MemberRow m tenant change remove saves manage />
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
            <Show when=move || manage.get()>
                <section class="card">
                    <h2>{t("team-invite-heading")}</h2>
                    <ActionForm action=invite node_ref=invite_form attr:class="inline-form">
                        <input type="hidden" name="tenant_id" value=move || tenant.get() />
                        <label>{t("team-email")}
                            <input type="email" name="email" required maxlength="254" placeholder=t("team-email-placeholder") />
                        </label>
                        <label>{t("team-role")}
                            <select name="role" data-testid="invite-role">
                                {ALL_ROLES.into_iter()
                                    .filter(|r| *r != Role::Owner || viewer.role.get_untracked() == Some(Role::Owner))
                                    .map(|r| view! { <option value=r.as_str() selected=r == Role::Member>{role_label(r)}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                        <button type="submit" class="button primary" disabled=move || invite.pending().get()>{t("team-create-invite")}</button>
                        <SaveStatus state=SaveState::of(invite) testid="invite-status" saved=Signal::stored(t("team-invite-created")) />
                    </ActionForm>
                    {move || invite.value().get().and_then(|r| r.ok()).map(invite_created)}
                </section>
                <section class="card">
                    <h2>{t("team-invites")}</h2>
                    <Suspense fallback=|| view! { <p class="muted">{t("team-loading")}</p> }>
                        {move || Suspend::new(async move {
                            match invites.await {
                                Ok(Some(list)) if list.is_empty() => view! { <p class="muted">{t("team-no-invites")}</p> }.into_any(),
                                Ok(Some(list)) => view! {
                                    <div class="table-wrap">
                                        <table class="table" data-testid="invites">
                                            <thead><tr>
                                                <th>{t("team-col-email")}</th><th>{t("team-col-role")}</th>
                                                <th>{t("team-col-state")}</th><th>{t("team-col-expires")}</th><th></th>
                                            </tr></thead>
                                            <tbody>{list.into_iter().map(|i| invite_row(i, tenant, revoke)).collect_view()}</tbody>
                                        </table>
                                    </div>
                                }.into_any(),
                                Ok(None) => ().into_any(),
                                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            }
                        })}
                    </Suspense>
                    <SaveStatus state=SaveState::of(revoke) testid="revoke-invite-status" saved=Signal::stored(t("team-invite-revoked")) />
                </section>
            </Show>
            <crate::pages::privacy::DeleteAccount />
        </div>
    }
}

/// A new invite: its link, shown once with a Copy button, and whether it was emailed.
fn invite_created(created: CreatedInvite) -> impl IntoView {
    let email = created.invite.email.clone();
    view! {
        <div class="notice" data-testid="invite-created">
            <p>
                {if created.emailed {
                    tr(&Text::new("team-invite-emailed").str("email", email))
                } else {
                    tr(&Text::new("team-invite-not-emailed").str("email", email))
                }}
                " " {t("team-invite-once")}
            </p>
            <div class="copy-row">
                <label>{t("team-invite-link")} " " <input class="mono full" readonly data-testid="invite-link" prop:value=created.link.clone() /></label>
                <CopyButton text=created.link testid="copy-invite-link" />
            </div>
        </div>
    }
}

/// A role's name in the page's language.
fn role_label(role: Role) -> String {
    t(&format!("role-{}", role.as_str()))
}

/// The outcomes of each member's role change and removal, kept outside the rows.
#[derive(Clone, Copy)]
struct MemberSaves {
    roles: RowSaves<String>,
    removals: RowSaves<String>,
}

/// What changing `email` from `current` to `chosen` means, asked before it is saved; `None`
/// when the change needs no question (no owner is made or unmade).
fn role_question(email: &str, current: Role, chosen: Role) -> Option<String> {
    if chosen == Role::Owner && current != Role::Owner {
        Some(tr(
            &Text::new("team-make-owner-question").str("email", email)
        ))
    } else if current == Role::Owner && chosen != Role::Owner {
        Some(tr(&Text::new("team-unmake-owner-question")
            .str("email", email)
            .str("role", chosen.as_str())))
    } else {
        None
    }
}

#[component]
fn MemberRow(
    m: MemberView,
    tenant: Memo<String>,
    change: ServerAction<ChangeRole>,
    remove: ServerAction<RemoveMember>,
    saves: MemberSaves,
    manage: Signal<bool>,
) -> impl IntoView {
    let viewer = expect_context::<Viewer>();
    let is_me = viewer.user_id.with_value(|id| *id == m.user_id);
    let uid = StoredValue::new(m.user_id.clone());
    let email = StoredValue::new(m.email.clone());
    let current = m.role;
    let chosen = RwSignal::new(current);
    let question = Signal::derive(move || {
        email.with_value(|e| role_question(e, current, chosen.get()).unwrap_or_default())
    });
    let save_role = Callback::new(move |_| {
        change.dispatch(ChangeRole {
            tenant_id: tenant.get_untracked(),
            user_id: uid.get_value(),
            role: chosen.get_untracked(),
        });
    });
    let on_remove = Callback::new(move |_| {
        remove.dispatch(RemoveMember {
            tenant_id: tenant.get_untracked(),
            user_id: uid.get_value(),
        });
    });
    let remove_question = tr(&Text::new("team-remove-question").str("email", m.email.clone()));
    view! {
        <tr data-email=m.email.clone()>
            <td>{m.email.clone()} {is_me.then(|| view! { <span class="muted">" (" {t("team-you")} ")"</span> })}</td>
            <td>
                <Show when=move || manage.get() && !is_me fallback=move || view! { <span class="badge">{role_label(current)}</span> }>
                    <span class="role-form">
                        <select data-testid="role-select" aria-label=t("team-role")
                            on:change=move |ev| {
                                if let Ok(role) = event_target_value(&ev).parse::<Role>() {
                                    chosen.set(role);
                                }
                            }>
                            {ALL_ROLES.into_iter().map(|r| view! {
                                <option value=r.as_str() selected=r == current>{role_label(r)}</option>
                            }).collect_view()}
                        </select>
                        <ConfirmButton
                            label=t("team-save-role")
                            class="button small"
                            testid="save-role"
                            question
                            confirm=Signal::derive(move || t(if chosen.get() == Role::Owner { "team-make-owner" } else { "team-change-role" }))
                            ask=Signal::derive(move || role_question("", current, chosen.get()).is_some())
                            disabled=Signal::derive(move || chosen.get() == current)
                            on_confirm=save_role
                        />
                    </span>
                </Show>
                " " <SaveStatus state=saves.roles.of(m.user_id.clone()) testid="role-status" saved=Signal::stored(t("team-role-saved")) />
            </td>
            <td class="nowrap">{local_time(m.joined_at)}</td>
            <td>
                <Show when=move || manage.get() && !is_me>
                    <ConfirmButton
                        label=t("team-remove")
                        question=remove_question.clone()
                        confirm=t("team-remove-confirm")
                        testid="remove-member"
                        on_confirm=on_remove
                    />
                </Show>
                <SaveStatus state=saves.removals.of(m.user_id.clone()) testid="remove-status" />
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
    let question = tr(&Text::new("team-revoke-question").str("email", i.email.clone()));
    view! {
        <tr data-email=i.email.clone()>
            <td>{i.email.clone()}</td>
            <td>{role_label(i.role)}</td>
            <td><span class=format!("state state-{}", i.state.label().to_lowercase()) data-testid="invite-state">{t(&format!("team-state-{}", i.state.label().to_lowercase()))}</span></td>
            <td class="nowrap">{local_time(i.expires_at)}</td>
            <td>
                {pending.then(|| view! {
                    <ConfirmButton
                        label=t("team-revoke")
                        question
                        confirm=t("team-revoke-confirm")
                        testid="revoke-invite"
                        on_confirm=Callback::new(move |_| {
                            revoke.dispatch(RevokeInvite { tenant_id: tenant.get_untracked(), invite_id: id.get_value() });
                        })
                    />
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
    let mut created =
        baas::invites::create_invite(&state.db, &state.public_url, &at, &email, role).await?;
    match baas::invites::email_invite(&state.db, state.auth.mailer(), &at, &created).await {
        Ok(()) => created.emailed = true,
        Err(e) => {
            tracing::warn!(error = %e, "an invite was not emailed; its link is shown to send by hand")
        }
    }
    Ok(created)
}

/// Revokes a pending invite.
#[server(prefix = "/api", endpoint = "revoke_invite")]
pub async fn revoke_invite(tenant_id: String, invite_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::invites::revoke_invite(&state.db, &at, &invite_id).await?)
}
