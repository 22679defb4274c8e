//! Agents: each maps to one agent of a bot (Clawdbot or OpenClaw), and owns the virtual keys
//! (in `keys`) its calls to the gateway are counted by. Owners and admins add, rename and
//! delete them.

use super::keys::KeysCard;
use crate::error::ApiError;
use crate::forms::{ConfirmButton, RowSaves, SaveState, SaveStatus};
use crate::i18n::{t, tr};
use crate::layout::{tenant_id, Viewer};
use crate::listing::Listing;
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use crate::time::local_time;
use baas::i18n::Text;
use baas::model::{AgentView, CLAWDBOT_AGENT_ID_PATTERN};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use leptos_meta::Title;

/// What the page's agent actions are, for the rows.
#[derive(Clone, Copy)]
struct AgentActions {
    tenant: Memo<String>,
    manage: Signal<bool>,
    rename: ServerAction<RenameAgent>,
    renames: RowSaves<String>,
    delete: ServerAction<DeleteAgent>,
}

/// `/t/:tenant/agents`: everyone sees the agents; owners and admins manage agents and keys.
#[component]
pub fn AgentsPage() -> impl IntoView {
    let tenant = tenant_id();
    let viewer = expect_context::<Viewer>();
    let manage = Signal::derive(move || viewer.role.get().is_some_and(|r| r.can_manage_team()));
    let create = ServerAction::<CreateAgent>::new();
    let rename = ServerAction::<RenameAgent>::new();
    let delete = ServerAction::<DeleteAgent>::new();
    let (created, renamed, deleted) = (successes(create), successes(rename), successes(delete));
    let agents = Resource::new(
        move || (tenant.get(), created.get(), renamed.get(), deleted.get()),
        |(t, _, _, _)| list_agents(t),
    );
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if created.get() > 0 {
            if let Some(form) = form.get_untracked() {
                form.reset();
            }
        }
    });
    let actions = AgentActions {
        tenant,
        manage,
        rename,
        renames: RowSaves::new(rename, |r: &RenameAgent| r.agent_id.clone()),
        delete,
    };
    view! {
        <Title text=format!("{} · BaaS", t("agents-title")) />
        <div class="page">
            <header class="page-header"><h1>{t("agents-title")}</h1></header>
            <p class="muted">
                {t("agents-intro")}
            </p>
            <section class="card">
                <h2>{t("agents-heading")}</h2>
                <Listing
                    items=agents
                    empty={|| view! {
                        <p class="muted" data-testid="no-agents">{t("agents-empty")}</p>
                    }}
                    rows={move |list: Vec<AgentView>| view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="agents">
                                <thead><tr>
                                    <th>{t("agents-col-name")}</th><th>{t("agents-col-agent-id")}</th><th>{t("agents-col-created")}</th><th></th>
                                </tr></thead>
                                <tbody>{list.into_iter().map(|a| view! { <AgentRow a actions /> }).collect_view()}</tbody>
                            </table>
                        </div>
                    }}
                />
                <SaveStatus state=SaveState::of(delete) testid="delete-agent" saved=Signal::stored(t("agents-deleted")) />
                <Show when=move || manage.get()>
                    <h3>{t("agents-add-heading")}</h3>
                    <ActionForm action=create node_ref=form attr:class="inline-form" attr:data-testid="add-agent">
                        <input type="hidden" name="tenant_id" value=move || tenant.get() />
                        <label>{t("agents-name")} " " <input type="text" name="name" required maxlength="80" placeholder="Lobo" /></label>
                        <label>{t("agents-agent-id")}
                            <input type="text" name="clawdbot_agent_id" required maxlength="64"
                                pattern=CLAWDBOT_AGENT_ID_PATTERN title=t("agents-agent-id-title")
                                placeholder="main" aria-describedby="agent-id-help" />
                        </label>
                        <p class="field-help muted" id="agent-id-help">
                            {t("agents-help-id")} " " <code>"id"</code> " " {t("agents-help-list")} " "
                            <code>"agents.list"</code> " " {t("agents-help-entries")} " " <code>"agents.entries"</code>
                            " " {t("agents-help-main")} " " <code>"main"</code> {t("agents-help-chars")}
                        </p>
                        <button type="submit" class="button primary">{t("agents-add")}</button>
                        <SaveStatus state=SaveState::of(create) testid="create-agent" saved=Signal::stored(t("agents-added")) />
                    </ActionForm>
                </Show>
            </section>
            <Show when=move || manage.get()>
                <KeysCard tenant agents deleted />
            </Show>
        </div>
    }
}

#[component]
fn AgentRow(a: AgentView, actions: AgentActions) -> impl IntoView {
    let AgentActions {
        tenant,
        manage,
        rename,
        renames,
        delete,
    } = actions;
    let editing = RwSignal::new(false);
    let id = StoredValue::new(a.id.clone());
    let name = StoredValue::new(a.name.clone());
    let state = renames.of(a.id.clone());
    let question = tr(&Text::new("agents-delete-question").str("name", a.name.clone()));
    view! {
        <tr data-testid="agent" data-agent=a.clawdbot_agent_id.clone()>
            <td>
                <Show when=move || editing.get() fallback=move || view! { <span data-testid="agent-name">{name.get_value()}</span> }>
                    <ActionForm action=rename attr:class="inline-form compact" attr:data-testid="rename-form">
                        <input type="hidden" name="tenant_id" value=move || tenant.get() />
                        <input type="hidden" name="agent_id" value=id.get_value() />
                        <label>
                            <span class="sr-only">{t("agents-new-name")}</span>
                            <input type="text" name="name" required maxlength="80" value=name.get_value() data-testid="rename-input" />
                        </label>
                        <button type="submit" class="button small primary" data-testid="rename-save">{t("agents-save-name")}</button>
                        <button type="button" class="button small" on:click=move |_| editing.set(false)>{t("forms-cancel")}</button>
                    </ActionForm>
                </Show>
                " " <SaveStatus state testid="rename" />
            </td>
            <td class="mono">{a.clawdbot_agent_id.clone()}</td>
            <td class="nowrap">{local_time(a.created_at)}</td>
            <td class="nowrap">
                <Show when=move || manage.get() && !editing.get()>
                    <button type="button" class="link-button" data-testid="rename-agent" on:click=move |_| editing.set(true)>{t("agents-rename")}</button>
                    " "
                    <ConfirmButton
                        label=t("agents-delete")
                        question=question.clone()
                        confirm=t("agents-delete-confirm")
                        testid="delete-agent-button"
                        on_confirm=Callback::new(move |_| {
                            delete.dispatch(DeleteAgent { tenant_id: tenant.get_untracked(), agent_id: id.get_value() });
                        })
                    />
                </Show>
            </td>
        </tr>
    }
}

/// A tenant's agents (not the deleted ones).
#[server(prefix = "/api", endpoint = "list_agents")]
pub async fn list_agents(tenant_id: String) -> Result<Vec<AgentView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::gateway::store::list_agents(&state.db, &at).await?)
}

/// Creates an agent (maps to one agent of a bot).
#[server(prefix = "/api", endpoint = "create_agent")]
pub async fn create_agent(
    tenant_id: String,
    name: String,
    clawdbot_agent_id: String,
) -> Result<AgentView, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::gateway::store::create_agent(&state.db, &at, &name, &clawdbot_agent_id).await?)
}

/// Renames an agent (owners and admins); its id in the bot stays.
#[server(prefix = "/api", endpoint = "rename_agent")]
pub async fn rename_agent(
    tenant_id: String,
    agent_id: String,
    name: String,
) -> Result<AgentView, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let _changing = state.policies.changing(&at.tenant_id);
    Ok(baas::gateway::store::rename_agent(&state.db, &at, &agent_id, &name).await?)
}

/// Deletes an agent (owners and admins): its keys stop working at once, its usage stays.
#[server(prefix = "/api", endpoint = "delete_agent")]
pub async fn delete_agent(tenant_id: String, agent_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let revoked = baas::gateway::store::delete_agent(&state.db, &at, &agent_id).await?;
    for key_id in revoked {
        state.keys.forget_key(&key_id);
    }
    Ok(())
}
