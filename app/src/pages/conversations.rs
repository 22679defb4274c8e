//! `/t/:tenant/conversations`: conversations imported from the bots' sessions — agent, group,
//! last message, tokens and cost — and each one's transcript.

use crate::error::ApiError;
use crate::layout::{tenant_id, Viewer};
use crate::listing::Listing;
#[cfg(feature = "ssr")]
use crate::pages::bot_reach::{answering, not_read};
#[cfg(feature = "ssr")]
use crate::state::{bot_link, member_of};
use baas::model::{ConversationView, TranscriptLine};
use baas::pricing::format_usd;
#[cfg(feature = "ssr")]
use baas::roles::Role;
use baas::time::format_utc;
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
        <Title text="Conversations · BaaS" />
        <div class="page">
            <header class="page-header">
                <h1>"Conversations"</h1>
                <Show when=manage>
                    <button class="button" data-testid="sync" prop:disabled=move || sync.pending().get()
                        on:click=move |_| { sync.dispatch(SyncBots { tenant_id: tenant.get_untracked() }); }>
                        {move || if sync.pending().get() { "Syncing…" } else { "Sync now" }}
                    </button>
                </Show>
            </header>
            <p class="muted">"Imported from every bot's sessions every 10 minutes; group conversations carry their WhatsApp group, so cost is seen per group."</p>
            {move || sync.value().get().map(|r| match r {
                Ok(r) => view! {
                    <p class="notice">{format!("{} sessions seen: {} new, {} updated.", r.seen, r.added, r.updated)}</p>
                    {(!r.unreachable.is_empty()).then(|| view! {
                        <p class="notice" data-testid="sync-unreachable">
                            {crate::i18n::tr(&baas::i18n::Text::new("botreach-sync-left-out").str("bots", r.unreachable.join(", ")))}
                        </p>
                    })}
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
            <section class="card">
                <h2>"Cost by group"</h2>
                <Listing
                    items=costs
                    empty={|| view! { <p class="muted">"Nothing synced yet."</p> }}
                    rows={move |c| view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="group-costs">
                                <thead><tr><th>"Group"</th><th>"Conversations"</th><th>"Tokens in / out"</th><th>"Cost"</th></tr></thead>
                                <tbody>{c.into_iter().map(|g| view! {
                                    <tr>
                                        {place_cell(g.group, g.group_name, "Direct messages".into(), None)}
                                        <td class="num">{g.conversations}</td>
                                        <td class="num">{format!("{} / {}", g.input_tokens, g.output_tokens)}</td>
                                        <td class="num">{format_usd(g.cost_micro_usd)}</td>
                                    </tr>
                                }).collect_view()}</tbody>
                            </table>
                        </div>
                    }}
                />
            </section>
            <section class="card">
                <h2>"Conversations"</h2>
                <Listing
                    items=list
                    empty={|| view! { <p class="muted">"No conversations yet. Add a bot, then sync."</p> }}
                    rows={move |l| view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="conversations">
                                <thead><tr><th>"Group or channel"</th><th>"Agent"</th><th>"Last message"</th><th>"Tokens in / out"</th><th>"Cost"</th><th>"Updated"</th></tr></thead>
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

fn row(c: ConversationView, tenant: Memo<String>) -> impl IntoView {
    let href = format!("/t/{}/conversations/{}", tenant.get_untracked(), c.id);
    view! {
        <tr>
            {place_cell(c.group, c.group_name, c.channel, Some(href))}
            <td class="mono">{c.agent}</td>
            <td class="wrap">{c.last_message.unwrap_or_default()}</td>
            <td class="num">{format!("{} / {}", c.input_tokens, c.output_tokens)}</td>
            <td class="num">{format_usd(c.cost_micro_usd)}</td>
            <td class="nowrap">{format_utc(c.updated_at)}</td>
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
        <Title text="Transcript · BaaS" />
        <div class="page">
            <header class="page-header">
                <h1>"Transcript"</h1>
                <a href=move || format!("/t/{}/conversations", tenant.get())>"All conversations"</a>
            </header>
            <section class="card">
                <Listing
                    items=lines
                    loading="Reading from the bot…"
                    empty={|| view! { <p class="muted">"No messages."</p> }}
                    rows={move |l| view! {
                        <ol class="transcript">
                            {l.into_iter().map(|m| {
                                let class = format!("msg msg-{}", m.role);
                                view! { <li class=class><span class="role">{m.role}</span><p>{m.text}</p></li> }
                            }).collect_view()}
                        </ol>
                    }}
                />
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
