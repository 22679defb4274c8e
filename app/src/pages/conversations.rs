//! `/t/:tenant/conversations`: conversations imported from the bots' sessions — agent, group,
//! last message, tokens and cost — and each one's transcript.

use crate::error::ApiError;
use crate::i18n::{t, tr};
use crate::layout::{tenant_id, Viewer};
use crate::listing::Listing;
#[cfg(feature = "ssr")]
use crate::pages::bot_reach::{answering, not_read};
use crate::pages::usage::{money, thousands};
#[cfg(feature = "ssr")]
use crate::state::{bot_link, member_of};
use crate::time::local_time;
use baas::i18n::Text;
use baas::model::{ConversationView, TranscriptLine};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The list, with a "sync now" button for admins.
#[component]
pub fn ConversationsPage() -> impl IntoView {
    let tenant = tenant_id();
    let viewer = expect_context::<Viewer>();
    let manage = move || viewer.role.get().is_some_and(|r| r.can_manage_team());
    let sync = ServerAction::<SyncBots>::new();
    let list = Resource::new(
        move || (tenant.get(), sync.version().get()),
        |(t, _)| list_conversations(t),
    );
    let costs = Resource::new(
        move || (tenant.get(), sync.version().get()),
        |(t, _)| list_group_costs(t),
    );
    view! {
        <Title text=format!("{} · BaaS", t("nav-conversations")) />
        <div class="page">
            <header class="page-header">
                <h1>{t("nav-conversations")}</h1>
                <Show when=manage>
                    <button class="button" data-testid="sync" prop:disabled=move || sync.pending().get()
                        on:click=move |_| { sync.dispatch(SyncBots { tenant_id: tenant.get_untracked() }); }>
                        {move || if sync.pending().get() { t("conv-syncing") } else { t("conv-sync-now") }}
                    </button>
                </Show>
            </header>
            <p class="muted">{t("conv-intro")}</p>
            {move || sync.value().get().map(|r| match r {
                Ok(r) => view! {
                    <p class="notice">{synced(&r)}</p>
                    {(!r.unreachable.is_empty()).then(|| view! {
                        <p class="notice" data-testid="sync-unreachable">
                            {tr(&Text::new("botreach-sync-left-out").str("bots", r.unreachable.join(", ")))}
                        </p>
                    })}
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
            <section class="card">
                <h2>{t("conv-cost-by-group")}</h2>
                <Listing
                    items=costs
                    empty={|| view! { <p class="muted">{t("conv-nothing-synced")}</p> }}
                    rows={move |c| view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="group-costs">
                                <thead><tr><th>{t("conv-col-group")}</th><th>{t("conv-col-conversations")}</th><th>{t("conv-col-tokens")}</th><th>{t("conv-col-cost")}</th></tr></thead>
                                <tbody>{c.into_iter().map(|g| view! {
                                    <tr>
                                        {place_cell(g.group, g.group_name, t("conv-direct"), None)}
                                        <td class="num">{thousands(g.conversations)}</td>
                                        <td class="num">{tokens(g.input_tokens, g.output_tokens)}</td>
                                        <td class="num">{money(g.cost_micro_usd)}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                        </div>
                    }}
                />
            </section>
            <section class="card">
                <h2>{t("nav-conversations")}</h2>
                <Listing
                    items=list
                    empty={|| view! { <p class="muted">{t("conv-empty")}</p> }}
                    rows={move |l| view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="conversations">
                                <thead><tr>
                                    <th>{t("conv-col-place")}</th><th>{t("conv-col-agent")}</th><th>{t("conv-col-last-message")}</th>
                                    <th>{t("conv-col-tokens")}</th><th>{t("conv-col-cost")}</th><th>{t("conv-col-updated")}</th>
                                </tr></thead>
                                <tbody>{l.into_iter().map(|c| row(c, tenant)).collect_view()}</tbody>
                            </table>
                        </div>
                    }}
                />
            </section>
        </div>
    }
}

/// A group by its name, with its id on hover; by its id when the bot never named it.
fn place_cell(
    group: Option<String>,
    name: Option<String>,
    otherwise: String,
    link: Option<String>,
) -> impl IntoView {
    let (text, class) = match (&group, name) {
        (Some(_), Some(name)) => (name, ""),
        (Some(jid), None) => (jid.clone(), "mono"),
        (None, _) => (otherwise, "mono"),
    };
    let text = match link {
        Some(href) => view! { <a href=href>{text}</a> }.into_any(),
        None => text.into_any(),
    };
    view! { <td class=class title=group>{text}</td> }
}

/// What a sync found, in the page's language.
fn synced(r: &baas::model::SyncReport) -> String {
    tr(&Text::new("conv-synced")
        .int("seen", i64::from(r.seen))
        .int("added", i64::from(r.added))
        .int("updated", i64::from(r.updated)))
}

/// Tokens in and out, grouped the reader's way.
fn tokens(input: i64, output: i64) -> String {
    format!("{} / {}", thousands(input), thousands(output))
}

fn row(c: ConversationView, tenant: Memo<String>) -> impl IntoView {
    let href = format!("/t/{}/conversations/{}", tenant.get_untracked(), c.id);
    view! {
        <tr>
            {place_cell(c.group, c.group_name, c.channel, Some(href))}
            <td class="mono">{c.agent}</td>
            <td class="wrap">{c.last_message.unwrap_or_default()}</td>
            <td class="num">{tokens(c.input_tokens, c.output_tokens)}</td>
            <td class="num">{money(c.cost_micro_usd)}</td>
            <td class="nowrap">{local_time(c.updated_at)}</td>
        </tr>
    }
}

/// One conversation's transcript, read from its bot.
#[component]
pub fn TranscriptPage() -> impl IntoView {
    let tenant = tenant_id();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("conversation").unwrap_or_default());
    let lines = Resource::new(
        move || (tenant.get(), id.get()),
        |(t, c)| get_transcript(t, c),
    );
    view! {
        <Title text=format!("{} · BaaS", t("conv-transcript")) />
        <div class="page">
            <header class="page-header">
                <h1>{t("conv-transcript")}</h1>
                <a href=move || format!("/t/{}/conversations", tenant.get())>{t("conv-all")}</a>
            </header>
            <section class="card">
                // As a `Listing` shows a list, with its own words while the bot is read.
                <Suspense fallback=|| view! { <p class="muted">{t("conv-reading")}</p> }>
                    {move || Suspend::new(async move {
                        match lines.await {
                            Ok(l) if l.is_empty() => view! { <p class="muted">{t("conv-no-messages")}</p> }.into_any(),
                            Ok(l) => view! {
                                <ol class="transcript">
                                    {l.into_iter().map(|m| {
                                        let class = format!("msg msg-{}", m.role);
                                        let role = tr(&Text::new("conv-role").str("role", m.role));
                                        view! { <li class=class><span class="role">{role}</span><p>{m.text}</p></li> }
                                    }).collect_view()}
                                </ol>
                            }.into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}

/// Imports every bot's sessions of the tenant as conversations now (also done every 10
/// minutes); returns what changed.
#[server(prefix = "/api", endpoint = "sync_bots")]
pub async fn sync_bots(tenant_id: String) -> Result<baas::model::SyncReport, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let prices = baas::gateway::prices::load_prices(&state.db).await?;
    let mut total = baas::model::SyncReport::default();
    for bot in baas::clawdbot::store::list_bots(&state.db, &at).await? {
        // A bot that cannot be reached now is left out (and named), not waited for.
        if !answering(&state, &bot.id).await {
            total.unreachable.push(bot.name);
            continue;
        }
        let link = bot_link(&state, &bot.id)?;
        // A sync only upserts what the bot reports, so a restart cut off is run again.
        let r =
            baas::clawdbot::link::with_restarts(&link, |client| {
                let (db, tenant_id, bot_id, prices) = (&state.db, &at.tenant_id, &bot.id, &prices);
                async move {
                    baas::clawdbot::sync::sync_bot(db, &client, tenant_id, bot_id, prices).await
                }
            })
            .await;
        let r = match r {
            Ok(r) => r,
            Err(baas::clawdbot::sync::SyncError::Bot(e)) if e.is_reach() => {
                tracing::info!(bot = %bot.id, error = %e, "a bot was left out of the sync");
                total.unreachable.push(bot.name);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        total.seen += r.seen;
        total.added += r.added;
        total.updated += r.updated;
    }
    Ok(total)
}

/// The tenant's conversations, most recent first.
#[server(prefix = "/api", endpoint = "list_conversations")]
pub async fn list_conversations(tenant_id: String) -> Result<Vec<ConversationView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::clawdbot::sync::list(&state.db, &at).await?)
}

/// One conversation's messages, read from its bot.
#[server(prefix = "/api", endpoint = "get_transcript")]
pub async fn get_transcript(
    tenant_id: String,
    conversation_id: String,
) -> Result<Vec<TranscriptLine>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let (bot_id, session_key) =
        baas::clawdbot::sync::find(&state.db, &at, &conversation_id).await?;
    let link = bot_link(&state, &bot_id)?;
    let key = &session_key;
    // Transcripts are read from the bot only: a bot that cannot be reached is said so at once.
    let lines = baas::clawdbot::link::with_restarts(&link, |client| async move {
        baas::clawdbot::sync::transcript(&client, key, 200).await
    })
    .await
    .map_err(|e| not_read(&state, &bot_id, e))?;
    Ok(lines
        .into_iter()
        .map(|(role, text)| TranscriptLine { role, text })
        .collect())
}

/// Tokens and cost per WhatsApp group, from the synced conversations.
#[server(prefix = "/api", endpoint = "list_group_costs")]
pub async fn list_group_costs(tenant_id: String) -> Result<Vec<baas::model::GroupCost>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::clawdbot::sync::group_costs(&state.db, &at).await?)
}
