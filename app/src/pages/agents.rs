//! Agents and their virtual keys: what each Clawdbot agent uses to call the gateway.

use crate::error::ApiError;
use crate::layout::{tenant_id, Viewer};
use crate::listing::Listing;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::model::{AgentView, CreatedKey, KeyView};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use baas::time::format_utc;
use leptos::prelude::*;

/// `/t/:tenant/agents`: everyone sees the agents; owners and admins manage agents and keys.
#[component]
pub fn AgentsPage() -> impl IntoView {
    let tenant = tenant_id();
    let viewer = expect_context::<Viewer>();
    let manage = move || viewer.role.get().is_some_and(|r| r.can_manage_team());
    let create_agent = ServerAction::<CreateAgent>::new();
    let create_key = ServerAction::<CreateKey>::new();
    let revoke = ServerAction::<RevokeKey>::new();
    let agents = Resource::new(
        move || (tenant.get(), create_agent.version().get()),
        |(t, _)| list_agents(t),
    );
    let keys = Resource::new(
        move || {
            (
                tenant.get(),
                create_key.version().get(),
                revoke.version().get(),
                manage(),
            )
        },
        |(t, _, _, manage)| async move {
            if manage {
                list_keys(t).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    view! {
        <div class="page">
            <header class="page-header"><h1>"Agents & keys"</h1></header>
            <p class="muted">
                "Each agent maps to one Clawdbot agent. Its virtual keys authenticate its model calls to the gateway at "
                <code>"/v1/messages"</code> ", so every call is counted for the right agent."
            </p>
            <section class="card">
                <h2>"Agents"</h2>
                <Listing
                    items=agents
                    empty={|| view! {
                        <p class="muted" data-testid="no-agents">"No agents yet."</p>
                    }}
                    rows={move |list| view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="agents">
                                <thead><tr><th>"Name"</th><th>"Clawdbot id"</th><th>"Created"</th></tr></thead>
                                <tbody>{list.into_iter().map(agent_row).collect_view()}</tbody>
                            </table>
                        </div>
                    }}
                />
                <Show when=manage>
                    <ActionForm action=create_agent attr:class="inline-form">
                        <input type="hidden" name="tenant_id" prop:value=move || tenant.get() />
                        <label>"Name" <input type="text" name="name" required maxlength="80" placeholder="Lobo" /></label>
                        <label>"Clawdbot agent id"
                            <input type="text" name="clawdbot_agent_id" required maxlength="64" pattern="[A-Za-z0-9_-]+" placeholder="lobo" />
                        </label>
                        <button type="submit" class="button primary">"Add agent"</button>
                    </ActionForm>
                    {move || create_agent.value().get().and_then(|r| r.err()).map(|e| view! {
                        <p class="error" role="alert">{e.to_string()}</p>
                    })}
                </Show>
            </section>
            <Show when=manage>
                <section class="card">
                    <h2>"Virtual keys"</h2>
                    <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                        {move || Suspend::new(async move {
                            let agent_list = agents.await.unwrap_or_default();
                            let options = agent_list.iter().map(|a| view! {
                                <option value=a.id.clone()>{a.name.clone()}</option>
                            }).collect_view();
                            let names = StoredValue::new(agent_list.clone());
                            let table = match keys.await {
                                Ok(Some(list)) if list.is_empty() => view! { <p class="muted">"No keys yet."</p> }.into_any(),
                                Ok(Some(list)) => view! {
                                    <div class="table-wrap">
                                        <table class="table" data-testid="keys">
                                            <thead><tr><th>"Key"</th><th>"Name"</th><th>"Agent"</th><th>"Last used"</th><th>"State"</th><th></th></tr></thead>
                                            <tbody>{list.into_iter().map(|k| key_row(k, names, tenant, revoke)).collect_view()}</tbody>
                                        </table>
                                    </div>
                                }.into_any(),
                                Ok(None) => ().into_any(),
                                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            };
                            view! {
                                {table}
                                {(!agent_list.is_empty()).then(|| view! {
                                    <ActionForm action=create_key attr:class="inline-form">
                                        <input type="hidden" name="tenant_id" prop:value=move || tenant.get() />
                                        <label>"Agent" <select name="agent_id">{options}</select></label>
                                        <label>"Key name" <input type="text" name="name" required maxlength="80" placeholder="production" /></label>
                                        <button type="submit" class="button primary">"Create key"</button>
                                    </ActionForm>
                                })}
                            }
                        })}
                    </Suspense>
                    {move || create_key.value().get().map(|r| match r {
                        Ok(created) => view! {
                            <div class="notice" data-testid="key-created">
                                <p>"Copy this key now: it is shown only once. Put it in the agent's Clawdbot provider as "
                                   <code>"apiKey"</code> "."</p>
                                <input class="mono full" readonly data-testid="new-key" prop:value=created.key.clone() />
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    })}
                    {move || revoke.value().get().and_then(|r| r.err()).map(|e| view! {
                        <p class="error" role="alert">{e.to_string()}</p>
                    })}
                </section>
            </Show>
        </div>
    }
}

fn agent_row(a: AgentView) -> impl IntoView {
    view! {
        <tr>
            <td>{a.name}</td>
            <td class="mono">{a.clawdbot_agent_id}</td>
            <td class="nowrap">{format_utc(a.created_at)}</td>
        </tr>
    }
}

fn key_row(
    k: KeyView,
    agents: StoredValue<Vec<AgentView>>,
    tenant: Memo<String>,
    revoke: ServerAction<RevokeKey>,
) -> impl IntoView {
    let agent = agents.with_value(|list| {
        list.iter()
            .find(|a| a.id == k.agent_id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    });
    let id = StoredValue::new(k.id.clone());
    let live = k.revoked_at.is_none();
    view! {
        <tr>
            <td class="mono">{format!("{}…", k.display_prefix)}</td>
            <td>{k.name}</td>
            <td>{agent}</td>
            <td class="nowrap">{k.last_used_at.map(format_utc).unwrap_or_else(|| "never".into())}</td>
            <td>
                {if live {
                    view! { <span class="state state-accepted">"Active"</span> }.into_any()
                } else {
                    view! { <span class="state state-revoked">"Revoked"</span> }.into_any()
                }}
            </td>
            <td>
                {live.then(|| view! {
                    <button class="link-button danger" on:click=move |_| {
                        revoke.dispatch(RevokeKey { tenant_id: tenant.get_untracked(), key_id: id.get_value() });
                    }>"Revoke"</button>
                })}
            </td>
        </tr>
    }
}

/// A tenant's agents.
#[server(prefix = "/api", endpoint = "list_agents")]
pub async fn list_agents(tenant_id: String) -> Result<Vec<AgentView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::gateway::store::list_agents(&state.db, &at).await?)
}

/// Creates an agent (maps to one Clawdbot agent).
#[server(prefix = "/api", endpoint = "create_agent")]
pub async fn create_agent(
    tenant_id: String,
    name: String,
    clawdbot_agent_id: String,
) -> Result<AgentView, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::gateway::store::create_agent(&state.db, &at, &name, &clawdbot_agent_id).await?)
}

/// A tenant's virtual keys (never the keys themselves).
#[server(prefix = "/api", endpoint = "list_keys")]
pub async fn list_keys(tenant_id: String) -> Result<Vec<KeyView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::gateway::store::list_keys(&state.db, &at).await?)
}

/// Creates a virtual key for an agent; the key is in the answer, and nowhere else, ever.
#[server(prefix = "/api", endpoint = "create_key")]
pub async fn create_key(
    tenant_id: String,
    agent_id: String,
    name: String,
) -> Result<CreatedKey, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::gateway::store::create_key(&state.db, &at, &agent_id, &name).await?)
}

/// Revokes a virtual key.
#[server(prefix = "/api", endpoint = "revoke_key")]
pub async fn revoke_key(tenant_id: String, key_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::gateway::store::revoke_key(&state.db, &at, &key_id).await?;
    state.keys.forget_key(&key_id);
    Ok(())
}
