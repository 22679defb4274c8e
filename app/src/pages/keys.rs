//! Virtual keys on the agents page: the list with a confirmed revoke, the form, and a new key
//! handed over once with the gateway's address and the configuration to paste into the bot.

use crate::clipboard::CopyButton;
use crate::error::ApiError;
use crate::forms::{ConfirmButton, SaveState, SaveStatus};
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::model::{AgentView, IssuedKey, KeyView};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use baas::time::format_utc;
use leptos::prelude::*;

/// The keys card: owners and admins only.
#[component]
pub fn KeysCard(
    tenant: Memo<String>,
    agents: Resource<Result<Vec<AgentView>, ApiError>>,
    /// Agents deleted so far: their keys were revoked with them.
    deleted: Signal<usize>,
) -> impl IntoView {
    let create = ServerAction::<CreateKey>::new();
    let revoke = ServerAction::<RevokeKey>::new();
    let (created, revoked) = (successes(create), successes(revoke));
    // The last key handed over stays on the page until it is left, even if a later try fails.
    let issued = RwSignal::new(None::<IssuedKey>);
    Effect::new(move |_| {
        if let Some(Ok(key)) = create.value().get() {
            issued.set(Some(key));
        }
    });
    let keys = Resource::new(
        move || (tenant.get(), created.get(), revoked.get(), deleted.get()),
        |(t, _, _, _)| list_keys(t),
    );
    view! {
        <section class="card">
            <h2>"Virtual keys"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let agent_list = agents.await.unwrap_or_default();
                    let names = StoredValue::new(agent_list.clone());
                    let table = match keys.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No keys yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="table" data-testid="keys">
                                    <thead><tr><th>"Key"</th><th>"Name"</th><th>"Agent"</th><th>"Last used"</th><th>"State"</th><th></th></tr></thead>
                                    <tbody>{list.into_iter().map(|k| key_row(k, names, tenant, revoke)).collect_view()}</tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    };
                    let form = (!agent_list.is_empty()).then(|| {
                        let options = agent_list.iter().map(|a| view! {
                            <option value=a.id.clone()>{a.name.clone()}</option>
                        }).collect_view();
                        view! {
                            <h3>"Create a key"</h3>
                            <ActionForm action=create attr:class="inline-form" attr:data-testid="create-key-form">
                                <input type="hidden" name="tenant_id" prop:value=move || tenant.get() />
                                <label>"Agent" <select name="agent_id">{options}</select></label>
                                <label>"Key name" <input type="text" name="name" required maxlength="80" placeholder="production" /></label>
                                <button type="submit" class="button primary">"Create key"</button>
                                <SaveStatus state=SaveState::of(create) testid="create-key" saved="Key created: copy it below" />
                            </ActionForm>
                        }
                    });
                    view! { {table} {form} }
                })}
            </Suspense>
            <SaveStatus state=SaveState::of(revoke) testid="revoke" saved="Key revoked: it no longer works." />
            {move || issued.get().map(handout)}
        </section>
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
            .map_or_else(|| "(deleted agent)".to_string(), |a| a.name.clone())
    });
    let id = StoredValue::new(k.id.clone());
    let live = k.revoked_at.is_none();
    let question = format!(
        "Revoke key “{}”? Bots using it stop working at once.",
        k.name
    );
    view! {
        <tr data-testid="key" data-key-name=k.name.clone()>
            <td class="mono">{format!("{}…", k.display_prefix)}</td>
            <td>{k.name.clone()}</td>
            <td>{agent}</td>
            <td class="nowrap">{k.last_used_at.map(format_utc).unwrap_or_else(|| "never".into())}</td>
            <td data-testid="key-state">
                {if live {
                    view! { <span class="state state-accepted">"Active"</span> }.into_any()
                } else {
                    view! { <span class="state state-revoked">"Revoked"</span> }.into_any()
                }}
            </td>
            <td>
                {live.then(|| view! {
                    <ConfirmButton
                        label="Revoke"
                        question
                        confirm="Revoke key"
                        testid="revoke-key"
                        on_confirm=Callback::new(move |_| {
                            revoke.dispatch(RevokeKey { tenant_id: tenant.get_untracked(), key_id: id.get_value() });
                        })
                    />
                })}
            </td>
        </tr>
    }
}

/// A new key with what its bot needs: shown once, each part with a Copy button.
fn handout(k: IssuedKey) -> impl IntoView {
    let messages = format!("{}/v1/messages", k.base_url);
    view! {
        <div class="notice handout" data-testid="key-created">
            <p><strong>"Copy this key now: it is shown only once."</strong></p>
            <div class="copy-row">
                <label>"Key" <input class="mono full" readonly data-testid="new-key" prop:value=k.key.clone() /></label>
                <CopyButton text=k.key.clone() testid="copy-key" />
            </div>
            <div class="copy-row">
                <label>"Gateway base URL" <input class="mono full" readonly data-testid="gateway-url" prop:value=k.base_url.clone() /></label>
                <CopyButton text=k.base_url.clone() testid="copy-gateway-url" />
            </div>
            <p class="muted small">
                "The bot sends this agent's model calls to " <code>{messages}</code>
                " (the Anthropic Messages API) with the key as its API key. Paste the part for your bot into its configuration file; it adds a model provider pointing at BaaS and sets the agent's model on it."
            </p>
            <Snippet title="OpenClaw" text=k.openclaw_snippet testid="snippet-openclaw" />
            <Snippet title="Clawdbot" text=k.clawdbot_snippet testid="snippet-clawdbot" />
        </div>
    }
}

#[component]
fn Snippet(title: &'static str, text: String, testid: &'static str) -> impl IntoView {
    view! {
        <div class="snippet">
            <div class="snippet-head">
                <h3>{title}</h3>
                <CopyButton text=text.clone() testid=format!("copy-{testid}") />
            </div>
            <pre class="mono" data-testid=testid>{text}</pre>
        </div>
    }
}

/// A tenant's virtual keys (never the keys themselves).
#[server(prefix = "/api", endpoint = "list_keys")]
pub async fn list_keys(tenant_id: String) -> Result<Vec<KeyView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::gateway::store::list_keys(&state.db, &at).await?)
}

/// Creates a virtual key for an agent; the key is in the answer, and nowhere else, ever, with
/// the gateway's address and the configuration a bot needs to use it.
#[server(prefix = "/api", endpoint = "create_key")]
pub async fn create_key(
    tenant_id: String,
    agent_id: String,
    name: String,
) -> Result<IssuedKey, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(
        baas::gateway::handout::issue_key(&state.db, &at, &agent_id, &name, &state.public_url)
            .await?,
    )
}

/// Revokes a virtual key.
#[server(prefix = "/api", endpoint = "revoke_key")]
pub async fn revoke_key(tenant_id: String, key_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::gateway::store::revoke_key(&state.db, &at, &key_id).await?;
    state.keys.forget_key(&key_id);
    Ok(())
}
