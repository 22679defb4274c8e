//! Agents: each maps to one agent of a bot (Clawdbot or OpenClaw), and owns the virtual keys
//! (in `keys`) its calls to the gateway are counted by. Owners and admins add, rename and
//! delete them.

use super::keys::KeysCard;
use crate::error::ApiError;
use crate::forms::{ConfirmButton, RowSaves, SaveState, SaveStatus};
use crate::layout::{tenant_id, Viewer};
use crate::listing::Listing;
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::model::{AgentView, CLAWDBOT_AGENT_ID_PATTERN};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use baas::time::format_utc;
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
        <Title text="Agents & keys · BaaS" />
        <div class="page">
            <header class="page-header"><h1>"Agents & keys"</h1></header>
            <p class="muted">
                "An agent here is one agent of your bot. The bot calls the gateway with the agent's virtual key, so every model call is counted, limited and billed to the right agent."
            </p>
            <section class="card">
                <h2>"Agents"</h2>
                <Listing
                    items=agents
                    empty={|| view! {
                        <p class="muted" data-testid="no-agents">"No agents yet. Add one below with the id it has in your bot's configuration."</p>
                    }}
                    rows={move |list: Vec<AgentView>| view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="agents">
                                <thead><tr><th>"Name"</th><th>"Agent id in the bot"</th><th>"Created"</th><th></th></tr></thead>
                                <tbody>{list.into_iter().map(|a| view! { <AgentRow a actions /> }).collect_view()}</tbody>
                            </table>
                        </div>
                    }}
                />
                <SaveStatus state=SaveState::of(delete) testid="delete-agent" saved="Agent deleted; its keys no longer work." />
                <Show when=move || manage.get()>
                    <h3>"Add an agent"</h3>
                    <ActionForm action=create node_ref=form attr:class="inline-form" attr:data-testid="add-agent">
                        <input type="hidden" name="tenant_id" prop:value=move || tenant.get() />
                        <label>"Name" <input type="text" name="name" required maxlength="80" placeholder="Lobo" /></label>
                        <label>"Clawdbot agent id"
                            <input type="text" name="clawdbot_agent_id" required maxlength="64"
                                pattern=CLAWDBOT_AGENT_ID_PATTERN title="Letters, digits, - and _"
                                placeholder="main" aria-describedby="agent-id-help" />
                        </label>
                        <p class="field-help muted" id="agent-id-help">
                            "The agent id is the name this agent has inside your bot's configuration: the "
                            <code>"id"</code> " of its entry under " <code>"agents.list"</code>
                            " (Clawdbot) or its key under " <code>"agents.entries"</code>
                            " (OpenClaw). A bot with a single agent calls it " <code>"main"</code>
                            ". Letters, digits, - and _ only."
                        </p>
                        <button type="submit" class="button primary">"Add agent"</button>
                        <SaveStatus state=SaveState::of(create) testid="create-agent" saved="Agent added" />
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
    let question = format!(
        "Delete agent “{}”? Its keys are revoked at once and bots using them stop working; its usage stays in your reports.",
        a.name
    );
    view! {
        <tr data-testid="agent" data-agent=a.clawdbot_agent_id.clone()>
            <td>
                <Show when=move || editing.get() fallback=move || view! { <span data-testid="agent-name">{name.get_value()}</span> }>
                    <ActionForm action=rename attr:class="inline-form compact" attr:data-testid="rename-form">
                        <input type="hidden" name="tenant_id" prop:value=move || tenant.get() />
                        <input type="hidden" name="agent_id" prop:value=id.get_value() />
                        <label>
                            <span class="sr-only">"New name"</span>
                            <input type="text" name="name" required maxlength="80" value=name.get_value() data-testid="rename-input" />
                        </label>
                        <button type="submit" class="button small primary" data-testid="rename-save">"Save name"</button>
                        <button type="button" class="button small" on:click=move |_| editing.set(false)>"Cancel"</button>
                    </ActionForm>
                </Show>
                " " <SaveStatus state testid="rename" />
            </td>
            <td class="mono">{a.clawdbot_agent_id.clone()}</td>
            <td class="nowrap">{format_utc(a.created_at)}</td>
            <td class="nowrap">
                <Show when=move || manage.get() && !editing.get()>
                    <button type="button" class="link-button" data-testid="rename-agent" on:click=move |_| editing.set(true)>"Rename"</button>
                    " "
                    <ConfirmButton
                        label="Delete"
                        question=question.clone()
                        confirm="Delete agent"
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
