//! `/t/:tenant/bots`: the tenant's Clawdbot installs and whether each is reachable. A bot is
//! tried (address and token) before it is saved, when added and when its address or token is
//! changed, unless its owner chooses to save it untested.

use crate::error::ApiError;
use crate::forms::{ConfirmButton, SaveState, SaveStatus};
use crate::i18n::{t, tr};
use crate::layout::{tenant_id, Viewer};
use crate::listing::Listing;
use crate::pages::bot_reach::{state_line, why};
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::i18n::Text;
use baas::model::BotView;
#[cfg(feature = "ssr")]
use baas::roles::Role;
use baas::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;

/// Lists the bots with their state; owners and admins add and remove them.
#[component]
pub fn BotsPage() -> impl IntoView {
    let tenant = tenant_id();
    let viewer = expect_context::<Viewer>();
    let manage = move || viewer.role.get().is_some_and(|r| r.can_manage_team());
    let add = ServerAction::<AddBot>::new();
    let remove = ServerAction::<RemoveBot>::new();
    let update = ServerAction::<UpdateBot>::new();
    let (added, removed, updated) = (successes(add), successes(remove), successes(update));
    let (tick, set_tick) = signal(0u32);
    let bots = Resource::new(
        move || {
            (
                tenant.get(),
                added.get(),
                removed.get(),
                updated.get(),
                tick.get(),
            )
        },
        |(t, _, _, _, _)| list_bots(t),
    );
    // The bot whose address and token are being edited.
    let editing = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if updated.get() > 0 {
            editing.set(None);
        }
    });
    let row = RowCtx {
        tenant,
        remove,
        update,
        editing,
    };
    let add_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if added.get() > 0 {
            if let Some(form) = add_form.get_untracked() {
                form.reset();
            }
        }
    });
    view! {
        <Title text=format!("{} · BaaS", t("bots-title")) />
        <div class="page">
            <header class="page-header">
                <h1>{t("bots-title")}</h1>
                <button class="button" on:click=move |_| set_tick.update(|t| *t += 1)>{t("bots-refresh")}</button>
            </header>
            <p class="muted">
                {t("bots-intro")}
            </p>
            <section class="card">
                <Listing
                    items=bots
                    empty={|| view! {
                        <p class="muted" data-testid="no-bots">
                            {t("bots-empty")}
                        </p>
                    }}
                    rows={move |list: Vec<BotView>| view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="bots">
                                <thead><tr>
                                    <th>{t("bots-col-name")}</th><th>{t("bots-col-state")}</th><th>{t("bots-col-gateway")}</th>
                                    <th>{t("bots-col-last-seen")}</th><th>{t("bots-col-version")}</th><th></th>
                                </tr></thead>
                                <tbody>{list.into_iter().map(|b| bot_row(b, row, manage())).collect_view()}</tbody>
                            </table>
                        </div>
                    }}
                />
                <Show when=manage>
                    <ActionForm action=add node_ref=add_form attr:class="inline-form" attr:data-testid="add-bot">
                        <input type="hidden" name="tenant_id" value=move || tenant.get() />
                        <label>{t("bots-name")} " " <input type="text" name="name" required maxlength="80" placeholder="VM Deco" /></label>
                        <label>{t("bots-gateway-address")} " " <input type="text" name="gateway_url" required placeholder="ws://127.0.0.1:18789" /></label>
                        <label>{t("bots-gateway-token")} " " <input type="password" name="token" required autocomplete="off" /></label>
                        <label class="check" title=t("botreach-skip-test-hint")>
                            <input type="checkbox" name="skip_test" value="on" data-testid="skip-test" />
                            " " {t("botreach-skip-test")}
                        </label>
                        <button type="submit" class="button primary">{t("bots-add")}</button>
                        <SaveStatus state=SaveState::of(add) testid="add-bot-status" saved=Signal::stored(t("bots-added")) />
                    </ActionForm>
                </Show>
                <SaveStatus state=SaveState::of(remove) testid="remove-bot-status" saved=Signal::stored(t("bots-removed")) />
                <SaveStatus state=SaveState::of(update) testid="update-bot-status" saved=Signal::stored(t("botreach-edit-saved")) />
            </section>
        </div>
    }
}

/// What every row of the table shares.
#[derive(Clone, Copy)]
struct RowCtx {
    tenant: Memo<String>,
    remove: ServerAction<RemoveBot>,
    update: ServerAction<UpdateBot>,
    editing: RwSignal<Option<String>>,
}

fn bot_row(b: BotView, ctx: RowCtx, manage: bool) -> impl IntoView {
    let RowCtx {
        tenant,
        remove,
        update,
        editing,
    } = ctx;
    let id = StoredValue::new(b.id.clone());
    let class = format!("state state-{}", b.state);
    let question = tr(&Text::new("bots-remove-question").str("name", b.name.clone()));
    // The not-paired words carry the command to run, which only the full error names.
    let reason = b
        .problem
        .as_deref()
        .filter(|p| *p != "not-paired")
        .and_then(why)
        .or_else(|| b.error.clone());
    let open = move || editing.get().as_deref() == Some(id.get_value().as_str());
    let url = StoredValue::new(b.gateway_url.clone());
    view! {
        <tr data-testid="bot">
            <td><a href=format!("/t/{}/bots/{}", tenant.get_untracked(), b.id) data-testid="configure">{b.name.clone()}</a></td>
            <td>
                <span class=class data-testid="bot-state">{b.state.clone()}</span>
                {b.paused_by_plan.then(|| view! { <span class="badge badge-paused" data-testid="bot-paused" title=t("bots-paused-by-plan-help")>{t("bots-paused-by-plan")}</span> })}
                {state_line(&b).map(|l| view! { <p class="muted small" data-testid="bot-state-line">{l}</p> })}
                {reason.map(|e| view! { <p class="muted small" data-testid="bot-error">{e}</p> })}
            </td>
            <td class="mono">{b.gateway_url.clone()}</td>
            <td class="nowrap">{b.last_seen.map(format_utc).unwrap_or_else(|| t("bots-never"))}</td>
            <td class="mono" data-testid="bot-version">
                {[b.product.clone(), b.version.clone()].into_iter().flatten().collect::<Vec<_>>().join(" ")}
            </td>
            <td>
                {manage.then(|| view! {
                    <button class="link-button" data-testid="edit-bot" on:click=move |_| {
                        editing.set(if open() { None } else { Some(id.get_value()) });
                    }>{t("botreach-edit")}</button>
                    " "
                    <ConfirmButton
                        label=t("bots-remove")
                        question
                        confirm=t("bots-remove-confirm")
                        testid="remove-bot"
                        on_confirm=Callback::new(move |_| {
                            remove.dispatch(RemoveBot { tenant_id: tenant.get_untracked(), bot_id: id.get_value() });
                        })
                    />
                })}
            </td>
        </tr>
        <Show when=move || manage && open()>
            <tr data-testid="edit-bot-row">
                <td colspan="6">
                    <ActionForm action=update attr:class="inline-form" attr:data-testid="edit-bot-form">
                        <input type="hidden" name="tenant_id" prop:value=move || tenant.get() />
                        <input type="hidden" name="bot_id" prop:value=id.get_value() />
                        <label>{t("bots-gateway-address")} " " <input type="text" name="gateway_url" required prop:value=url.get_value() /></label>
                        <label>{t("bots-gateway-token")} " "
                            <input type="password" name="token" autocomplete="off" placeholder=t("botreach-token-keep") />
                        </label>
                        <label class="check" title=t("botreach-skip-test-hint")>
                            <input type="checkbox" name="skip_test" value="on" />
                            " " {t("botreach-skip-test")}
                        </label>
                        <button type="submit" class="button primary">{t("botreach-edit-save")}</button>
                        <button type="button" class="link-button" on:click=move |_| editing.set(None)>{t("botreach-edit-cancel")}</button>
                    </ActionForm>
                </td>
            </tr>
        </Show>
    }
}

/// The tenant's bots with their live connection state.
#[server(prefix = "/api", endpoint = "list_bots")]
pub async fn list_bots(tenant_id: String) -> Result<Vec<BotView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let rows = baas::clawdbot::store::list_bots(&state.db, &at).await?;
    let plan = baas::costs::plans::tenant_plan(&state.db, &at.tenant_id).await?;
    let paused = baas::costs::plans::paused_bots(&state.db, &at.tenant_id, &plan).await?;
    Ok(rows
        .into_iter()
        .map(|b| {
            let status = state.bots.status(&b.id);
            let paused_by_plan = paused.contains(&b.id);
            BotView {
                paused_by_plan,
                ..baas::clawdbot::store::bot_view(b, status)
            }
        })
        .collect())
}

/// Whether a form's "save without testing" box was ticked.
#[cfg(feature = "ssr")]
fn ticked(field: &Option<String>) -> bool {
    field
        .as_deref()
        .is_some_and(|v| matches!(v.trim(), "on" | "true" | "1" | "yes"))
}

/// Checks that `url` may be connected to at all (the address rules: no private addresses
/// unless the operator allows them), before anything is dialled.
#[cfg(feature = "ssr")]
async fn check_address(state: &crate::state::AppState, url: &str) -> Result<(), ApiError> {
    if let Err(e) = baas::clawdbot::client::check_address(url, state.bots.options()).await {
        tracing::info!(error = ?e, "a bot address was refused");
        return Err(ApiError::Invalid(format!("the gateway address: {e}")));
    }
    Ok(())
}

/// Tries the gateway at `url` with `token` (see `baas::clawdbot::reach::test_gateway`); a
/// failure is the refusal to save, naming what failed and `outcome`.
#[cfg(feature = "ssr")]
async fn test_gateway(
    state: &crate::state::AppState,
    url: &str,
    token: &str,
    outcome: String,
) -> Result<(), ApiError> {
    use baas::clawdbot::reach;
    reach::test_gateway(url, token, state.bots.options(), reach::TEST_TIMEOUT)
        .await
        .map_err(|e| crate::pages::bot_reach::test_refused(url, &e, outcome))
}

/// Registers a bot by its gateway address and token, and connects to it. The gateway is tried
/// first (it must answer, be a Clawdbot or OpenClaw gateway and accept the token) unless
/// `skip_test` is ticked.
#[server(prefix = "/api", endpoint = "add_bot")]
pub async fn add_bot(
    tenant_id: String,
    name: String,
    gateway_url: String,
    token: String,
    #[server(default)] skip_test: Option<String>,
) -> Result<(), ApiError> {
    use baas::clawdbot::store;
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let url = store::parse_gateway_url(&gateway_url)?;
    store::check_name(&name)?;
    let token = store::check_token(&token)?;
    check_address(&state, &url).await?;
    store::check_room(&state.db, &at).await?;
    if !ticked(&skip_test) {
        test_gateway(&state, &url, token, t("botreach-test-not-added")).await?;
    }
    let bot = store::add_bot(&state.db, &state.secrets, &at, &name, &url, token).await?;
    state.bots.ensure(&bot.id, &bot.gateway_url, token);
    Ok(())
}

/// Points a bot at another gateway address and/or token (an empty `token` keeps the one it
/// has); owners and admins. Tried first like a new bot unless `skip_test` is ticked; audited;
/// the bot's connection is made again with what was saved.
#[server(prefix = "/api", endpoint = "update_bot")]
pub async fn update_bot(
    tenant_id: String,
    bot_id: String,
    gateway_url: String,
    #[server(default)] token: String,
    #[server(default)] skip_test: Option<String>,
) -> Result<(), ApiError> {
    use baas::clawdbot::store;
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let (row, old_token) = store::bot_with_token(&state.db, &state.secrets, &at, &bot_id).await?;
    let url = store::parse_gateway_url(&gateway_url)?;
    let token = match token.trim() {
        "" => old_token.clone(),
        typed => store::check_token(typed)?.to_string(),
    };
    if url == row.gateway_url && token == old_token {
        return Err(ApiError::Invalid(t("botreach-edit-nothing")));
    }
    check_address(&state, &url).await?;
    if !ticked(&skip_test) {
        test_gateway(&state, &url, &token, t("botreach-test-not-saved")).await?;
    }
    let bot = store::update_bot(&state.db, &state.secrets, &at, &bot_id, &url, &token).await?;
    state.bots.ensure(&bot.id, &bot.gateway_url, &token);
    Ok(())
}

/// Removes a bot and closes its connection.
#[server(prefix = "/api", endpoint = "remove_bot")]
pub async fn remove_bot(tenant_id: String, bot_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let revoked = baas::clawdbot::store::remove_bot(&state.db, &at, &bot_id).await?;
    for key_id in revoked {
        state.keys.forget_key(&key_id);
    }
    state.bots.stop(&bot_id);
    Ok(())
}
