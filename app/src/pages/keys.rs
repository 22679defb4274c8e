//! Virtual keys on the agents page: the list with a confirmed revoke, the form, and a new key
//! handed over once with the gateway's address and the configuration to paste into the bot.

use crate::clipboard::CopyButton;
use crate::error::ApiError;
use crate::forms::{ConfirmButton, SaveState, SaveStatus};
use crate::i18n::{t, tr};
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use crate::time::local_time;
use baas::i18n::Text;
use baas::model::{AgentView, IssuedKey, KeyView};
#[cfg(feature = "ssr")]
use baas::roles::Role;
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
    // After a key is issued the form starts empty for the next one.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(key)) = create.value().get() {
            issued.set(Some(key));
            if let Some(form) = form.get_untracked() {
                form.reset();
            }
        }
    });
    let keys = Resource::new(
        move || (tenant.get(), created.get(), revoked.get(), deleted.get()),
        |(t, _, _, _)| list_keys(t),
    );
    view! {
        <section class="card">
            <h2>{t("keys-heading")}</h2>
            <Suspense fallback=|| view! { <p class="muted">{t("keys-loading")}</p> }>
                {move || Suspend::new(async move {
                    let agent_list = agents.await.unwrap_or_default();
                    let names = StoredValue::new(agent_list.clone());
                    let table = match keys.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t("keys-empty")}</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="table" data-testid="keys">
                                    <thead><tr>
                                        <th>{t("keys-col-key")}</th><th>{t("keys-col-name")}</th><th>{t("keys-col-agent")}</th>
                                        <th>{t("keys-col-last-used")}</th><th>{t("keys-col-state")}</th><th></th>
                                    </tr></thead>
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
                            <h3>{t("keys-create-heading")}</h3>
                            <ActionForm action=create node_ref=form attr:class="inline-form" attr:data-testid="create-key-form">
                                <input type="hidden" name="tenant_id" value=move || tenant.get() />
                                <label>{t("keys-agent")} " " <select name="agent_id">{options}</select></label>
                                <label>{t("keys-name")} " " <input type="text" name="name" required maxlength="80" placeholder="production" /></label>
                                <button type="submit" class="button primary">{t("keys-create")}</button>
                                <SaveStatus state=SaveState::of(create) testid="create-key" saved=Signal::stored(t("keys-created")) />
                            </ActionForm>
                        }
                    });
                    view! { {table} {form} }
                })}
            </Suspense>
            <SaveStatus state=SaveState::of(revoke) testid="revoke" saved=Signal::stored(t("keys-revoked")) />
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
            .map_or_else(|| t("keys-deleted-agent"), |a| a.name.clone())
    });
    let id = StoredValue::new(k.id.clone());
    let live = k.revoked_at.is_none();
    let question = tr(&Text::new("keys-revoke-question").str("name", k.name.clone()));
    view! {
        <tr data-testid="key" data-key-name=k.name.clone()>
            <td class="mono">{format!("{}…", k.display_prefix)}</td>
            <td>{k.name.clone()}</td>
            <td>{agent}</td>
            <td class="nowrap">{k.last_used_at.map(local_time).unwrap_or_else(|| t("keys-never"))}</td>
            <td data-testid="key-state">
                {if live {
                    view! { <span class="state state-accepted">{t("keys-active")}</span> }.into_any()
                } else {
                    view! { <span class="state state-revoked">{t("keys-revoked-state")}</span> }.into_any()
                }}
            </td>
            <td>
                {live.then(|| view! {
                    <ConfirmButton
                        label=t("keys-revoke")
                        question
                        confirm=t("keys-revoke-confirm")
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
            <p><strong>{t("keys-copy-now")}</strong></p>
            <div class="copy-row">
                <label>{t("keys-key")} " " <input class="mono full" readonly data-testid="new-key" prop:value=k.key.clone() /></label>
                <CopyButton text=k.key.clone() testid="copy-key" />
            </div>
            <div class="copy-row">
                <label>{t("keys-base-url")} " " <input class="mono full" readonly data-testid="gateway-url" prop:value=k.base_url.clone() /></label>
                <CopyButton text=k.base_url.clone() testid="copy-gateway-url" />
            </div>
            <p class="muted small">
                {t("keys-sends-to")} " " <code>{messages}</code> " " {t("keys-paste")}
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
