//! `/t/:tenant/admin-agent`: the Admin Agent's page — every bot's status card, the health
//! history's charts (in `admin_agent_charts`), incidents with their timeline, the notification
//! log, the channels (each with "send a test notification"), routing, quiet hours, silences and
//! the agent's voice.
use super::admin_agent_charts::HealthCharts;
use super::admin_agent_settings::SettingsForm;
use crate::error::ApiError;
use crate::forms::{SaveState, SaveStatus};
use crate::i18n::{locale, said, state_word, t, tr, word};
use crate::layout::{tenant_id, Viewer};
use crate::listing::Listing;
use crate::pages::channels::{
    channel_list, secret_notice, test_outcome, ChannelButtons, ChannelFields,
};
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use crate::time::local_time;
use baas::i18n::Text;
use baas::model::{BotHealthView, DeliveryView, IncidentView, NotifyChannelView};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use leptos_meta::Title;

fn percent(hundredths: Option<i64>) -> String {
    hundredths.map_or("–".into(), |h| locale().percent_hundredths(h))
}

fn millis(ms: Option<i64>) -> String {
    ms.map_or("–".into(), |m| {
        tr(&Text::new("admin-agent-ms").int("ms", m))
    })
}

#[component]
pub fn AdminAgentPage() -> impl IntoView {
    let tenant = tenant_id();
    let viewer = expect_context::<Viewer>();
    let manage = Signal::derive(move || viewer.role.get().is_some_and(|r| r.can_manage_team()));
    let (tick, set_tick) = signal(0u32);
    let ack = ServerAction::<AcknowledgeIncident>::new();
    let silence = ServerAction::<SilenceBot>::new();
    let unsilence = ServerAction::<UnsilenceBot>::new();
    let bots = Resource::new(
        move || {
            (
                tenant.get(),
                tick.get(),
                silence.version().get(),
                unsilence.version().get(),
            )
        },
        |(t, _, _, _)| admin_agent_bots(t),
    );
    let incidents = Resource::new(
        move || (tenant.get(), tick.get(), ack.version().get()),
        |(t, _, _)| list_incidents(t),
    );
    let deliveries = Resource::new(
        move || (tenant.get(), tick.get()),
        |(t, _)| list_deliveries(t),
    );
    view! {
        <Title text=format!("{} · BaaS", t("nav-admin-agent")) />
        <div class="page">
            <header class="page-header">
                <h1>{t("nav-admin-agent")}</h1>
                <button class="button" data-testid="refresh" on:click=move |_| set_tick.update(|t| *t += 1)>{t("overview-refresh")}</button>
            </header>
            <p class="muted">{t("admin-agent-intro")}</p>
            <section class="card">
                <h2>{t("nav-bots")}</h2>
                <Listing
                    items=bots
                    empty={|| view! { <p class="muted" data-testid="no-bots">{t("admin-agent-no-bots")}</p> }}
                    rows={move |list: Vec<BotHealthView>| view! {
                        <div class="cards">
                            {list.into_iter().map(|b| bot_card(b, tenant, manage, silence, unsilence)).collect_view()}
                        </div>
                    }}
                />
            </section>
            <HealthCharts tenant=tenant refreshed=tick />
            <section class="card">
                <h2>{t("admin-agent-incidents")}</h2>
                <Listing
                    items=incidents
                    empty={|| view! { <p class="muted" data-testid="no-incidents">{t("admin-agent-no-incidents")}</p> }}
                    rows={move |list: Vec<IncidentView>| view! {
                        <ol class="incidents" data-testid="incidents">
                            {list.into_iter().map(|i| incident_item(i, tenant, manage, ack)).collect_view()}
                        </ol>
                    }}
                />
                {move || ack.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
            </section>
            <Show when=move || manage.get()>
                <Channels tenant=tenant on_sent=move || set_tick.update(|t| *t += 1) />
                <SettingsForm tenant=tenant />
            </Show>
            <section class="card">
                <h2>{t("admin-agent-log")}</h2>
                <Listing
                    items=deliveries
                    empty={|| view! { <p class="muted" data-testid="no-deliveries">{t("admin-agent-log-empty")}</p> }}
                    rows={move |list: Vec<DeliveryView>| view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="deliveries">
                                <thead><tr>
                                    <th>{t("audit-col-when")}</th><th>{t("admin-agent-col-channel")}</th><th>{t("admin-agent-col-to")}</th>
                                    <th>{t("admin-agent-col-message")}</th><th>{t("admin-agent-col-status")}</th><th>{t("admin-agent-col-attempts")}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|d| view! {
                                        <tr data-testid="delivery" data-status=d.status.clone()>
                                            <td class="nowrap">{local_time(d.created_at)}</td>
                                            <td>{word("admin-agent-channel-kind", "kind", &d.channel)}</td>
                                            <td>{d.recipient.clone()}</td>
                                            <td>{said(d.text.as_ref(), &d.subject)}</td>
                                            <td>{word("admin-agent-delivery-status", "status", &d.status)}{d.error.clone().map(|e| view! { <p class="muted small">{e}</p> })}</td>
                                            <td>{locale().integer(d.attempts)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }}
                />
            </section>
        </div>
    }
}

fn bot_card(
    b: BotHealthView,
    tenant: Memo<String>,
    manage: Signal<bool>,
    silence: ServerAction<SilenceBot>,
    unsilence: ServerAction<UnsilenceBot>,
) -> impl IntoView {
    let id = StoredValue::new(b.bot_id.clone());
    let silenced = b.silenced_until.is_some();
    view! {
        <article class=format!("status-card state-{}", b.state) data-testid="bot-card" data-bot=b.bot_id.clone()>
            <h3>{b.name.clone()} " " <span class="badge" data-testid="bot-health" data-state=b.state.clone()>{state_word("health", &b.state)}</span></h3>
            <table class="window-health" data-testid="health-windows">
                <thead><tr>
                    <th scope="col">""</th><th scope="col">{t("admin-agent-col-uptime")}</th>
                    <th scope="col">{t("admin-agent-col-response")}</th><th scope="col">{t("admin-agent-col-failed")}</th>
                </tr></thead>
                <tbody>
                    {b.windows.iter().map(|w| view! {
                        <tr data-days=w.days>
                            <th scope="row">{tr(&Text::new("admin-agent-window").int("days", w.days))}</th>
                            <td>{percent(w.uptime)}</td>
                            <td>{format!("{} / {}", millis(w.p50_ms), millis(w.p95_ms))}</td>
                            <td data-testid="error-rate">{match w.error_rate() {
                                Some(r) => tr(&Text::new("admin-agent-failed-of")
                                    .int("failed", w.failed_calls)
                                    .int("calls", w.calls)
                                    .percent("share", r)),
                                None => t("admin-agent-no-calls"),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <dl class="facts">
                <dt>{t("admin-agent-last-check")}</dt>
                <dd data-testid="last-check">{b.last_check_at.map_or_else(|| t("overview-not-yet"), local_time)}
                    {b.last_reason.clone().map(|r| format!(" — {}", said(b.last_reason_text.as_ref(), &r)))}</dd>
                {b.open_incident.clone().map(|_| view! { <dt>{t("admin-agent-incident")}</dt><dd data-testid="open-incident">{t("admin-agent-incident-open")}</dd> })}
                {b.silenced_until.map(|u| view! { <dt>{t("admin-agent-silenced-until")}</dt><dd>{local_time(u)}</dd> })}
            </dl>
            <Show when=move || manage.get()>
                {if silenced {
                    view! {
                        <button class="button small" on:click=move |_| {
                            unsilence.dispatch(UnsilenceBot { tenant_id: tenant.get_untracked(), bot_id: id.get_value() });
                        }>{t("admin-agent-end-silence")}</button>
                    }.into_any()
                } else {
                    view! {
                        <button class="button small" data-testid="silence" on:click=move |_| {
                            silence.dispatch(SilenceBot { tenant_id: tenant.get_untracked(), bot_id: id.get_value(), minutes: 60, reason: "maintenance".into() });
                        }>{t("admin-agent-silence-hour")}</button>
                    }.into_any()
                }}
            </Show>
        </article>
    }
}

fn incident_item(
    i: IncidentView,
    tenant: Memo<String>,
    manage: Signal<bool>,
    ack: ServerAction<AcknowledgeIncident>,
) -> impl IntoView {
    let id = StoredValue::new(i.id.clone());
    let open = i.resolved_at.is_none();
    let acked = i.acknowledged_by.clone();
    let kind = Text::new("health-history-outcome").str("outcome", i.kind.clone());
    view! {
        <li data-testid="incident" data-state=if open { "open" } else { "resolved" }>
            <strong>{tr(&Text::new("overview-incident").str("bot", i.bot_name.clone()).text("kind", kind))}</strong>
            " · " {said(i.reason_text.as_ref(), &i.reason)}
            " · " {tr(&Text::new("admin-agent-opened").str("when", local_time(i.opened_at)))}
            {i.resolved_at.map(|r| format!(" · {}", tr(&Text::new("admin-agent-resolved").str("when", local_time(r)))))}
            <ol class="timeline">
                {i.events.into_iter().map(|e| {
                    // The Admin Agent's own steps are in its name; a person's under their email.
                    let actor = if e.actor == "Admin Agent" { t("nav-admin-agent") } else { e.actor.clone() };
                    let line = Text::new("admin-agent-step")
                        .str("at", local_time(e.at))
                        .text("kind", Text::new("admin-agent-step-kind").str("kind", e.kind.clone()))
                        .str("detail", said(e.text.as_ref(), &e.detail))
                        .str("actor", actor);
                    view! { <li data-kind=e.kind.clone()>{tr(&line)}</li> }
                }).collect_view()}
            </ol>
            {match acked {
                Some(by) => view! { <p class="muted small">{tr(&Text::new("alerts-acknowledged-by").str("by", by))}</p> }.into_any(),
                None => view! {
                    <Show when=move || manage.get()>
                        <button class="button small" data-testid="ack-incident" on:click=move |_| {
                            ack.dispatch(AcknowledgeIncident { tenant_id: tenant.get_untracked(), incident_id: id.get_value() });
                        }>{t("alerts-acknowledge")}</button>
                    </Show>
                }.into_any(),
            }}
        </li>
    }
}

#[component]
fn Channels(
    tenant: Memo<String>,
    on_sent: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let add = ServerAction::<AddNotifyChannel>::new();
    let remove = ServerAction::<RemoveNotifyChannel>::new();
    let rotate = ServerAction::<RotateWebhookSecret>::new();
    let test = ServerAction::<TestNotification>::new();
    let (added, removed) = (successes(add), successes(remove));
    let add_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if added.get() > 0 {
            if let Some(form) = add_form.get_untracked() {
                form.reset();
            }
        }
    });
    let channels = Resource::new(
        move || (tenant.get(), added.get(), removed.get()),
        |(t, _, _)| list_notify_channels(t),
    );
    Effect::new(move |_| {
        if test.version().get() > 0 {
            on_sent();
        }
    });
    let buttons = ChannelButtons {
        test: Callback::new(move |channel_id| {
            test.dispatch(TestNotification {
                tenant_id: tenant.get_untracked(),
                channel_id,
            });
        }),
        remove: Callback::new(move |channel_id| {
            remove.dispatch(RemoveNotifyChannel {
                tenant_id: tenant.get_untracked(),
                channel_id,
            });
        }),
        rotate: Some(Callback::new(move |channel_id| {
            rotate.dispatch(RotateWebhookSecret {
                tenant_id: tenant.get_untracked(),
                channel_id,
            });
        })),
    };
    let secret = move || {
        add.value()
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .or_else(|| rotate.value().get().and_then(|r| r.ok()))
    };
    view! {
        <section class="card">
            <h2>{t("admin-agent-channels")}</h2>
            <p class="muted">{t("admin-agent-channels-help")}</p>
            <button class="button" data-testid="test-admins" on:click=move |_| {
                test.dispatch(TestNotification { tenant_id: tenant.get_untracked(), channel_id: String::new() });
            }>{t("admin-agent-test-admins")}</button>
            <Listing
                items=channels
                empty={|| view! { <p class="muted" data-testid="no-channels">{t("admin-agent-no-channels")}</p> }}
                rows={move |list: Vec<NotifyChannelView>| channel_list(list, buttons)}
            />
            {move || test.value().get().map(test_outcome)}
            {move || secret().map(secret_notice)}
            <ActionForm action=add node_ref=add_form attr:class="stack" attr:data-testid="add-channel">
                <input type="hidden" name="tenant_id" value=move || tenant.get() />
                <ChannelFields whatsapp=true />
                <button type="submit" class="button primary">{t("admin-agent-add-channel")}</button>
                <SaveStatus state=SaveState::of(add) testid="add-channel-status" saved=t("admin-agent-channel-added") />
            </ActionForm>
            <SaveStatus state=SaveState::of(remove) testid="remove-channel-status" saved=t("admin-agent-channel-removed") />
        </section>
    }
}

/// Every bot of the workspace with its health (any member).
#[server(prefix = "/api", endpoint = "admin_agent_bots")]
pub async fn admin_agent_bots(tenant_id: String) -> Result<Vec<BotHealthView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::supervisor::report::bot_cards(&state.db, &at).await?)
}

/// The workspace's incidents with their timelines (any member).
#[server(prefix = "/api", endpoint = "list_incidents")]
pub async fn list_incidents(tenant_id: String) -> Result<Vec<IncidentView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::supervisor::incidents::list(&state.db, &at).await?)
}

/// Acknowledges an incident (admins and owners).
#[server(prefix = "/api", endpoint = "acknowledge_incident")]
pub async fn acknowledge_incident(tenant_id: String, incident_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::supervisor::incidents::acknowledge(&state.db, &at, &incident_id).await?)
}

/// The latest delivery attempts (any member).
#[server(prefix = "/api", endpoint = "list_deliveries")]
pub async fn list_deliveries(tenant_id: String) -> Result<Vec<DeliveryView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::notify::deliveries(&state.db, Some(&at.tenant_id), 200).await?)
}

/// The workspace's channels (admins and owners: they show addresses and numbers).
#[server(prefix = "/api", endpoint = "list_notify_channels")]
pub async fn list_notify_channels(tenant_id: String) -> Result<Vec<NotifyChannelView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::notify::store::list_channels(&state.db, &state.secrets, &at).await?)
}

/// Adds a channel (admins and owners); a webhook's signing secret is returned this once.
#[server(prefix = "/api", endpoint = "add_notify_channel")]
pub async fn add_notify_channel(
    tenant_id: String,
    kind: String,
    name: String,
    target: String,
    #[server(default)] bot_id: String,
) -> Result<Option<String>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let kind = baas::notify::rules::ChannelKind::parse(&kind).ok_or_else(|| {
        baas::error::Error::Invalid("kind: email, webhook, slack or whatsapp".into())
    })?;
    let channel = baas::notify::store::NewChannel {
        kind,
        name,
        target,
        bot_id: Some(bot_id.trim().to_string()).filter(|b| !b.is_empty()),
    };
    let (_, secret) =
        baas::notify::store::add_channel(&state.db, &state.secrets, &at, &channel).await?;
    Ok(secret)
}

/// Removes a channel (admins and owners).
#[server(prefix = "/api", endpoint = "remove_notify_channel")]
pub async fn remove_notify_channel(tenant_id: String, channel_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::notify::store::remove_channel(&state.db, &at, &channel_id).await?)
}

/// Gives a webhook channel a new signing secret, returned this once (admins and owners).
#[server(prefix = "/api", endpoint = "rotate_webhook_secret")]
pub async fn rotate_webhook_secret(
    tenant_id: String,
    channel_id: String,
) -> Result<String, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::notify::store::rotate_secret(&state.db, &state.secrets, &at, &channel_id).await?)
}

/// Sends a test notification to a channel ("" = the owners and admins by email) at once and
/// returns its delivery (admins and owners).
#[server(prefix = "/api", endpoint = "test_notification")]
pub async fn test_notification(
    tenant_id: String,
    channel_id: String,
) -> Result<DeliveryView, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let channel = Some(channel_id.as_str()).filter(|c| !c.is_empty());
    Ok(baas::notify::send_test(&state.senders(), &at, channel).await?)
}

/// Silences a bot: no alerts and no automatic restarts for `minutes` (admins and owners).
#[server(prefix = "/api", endpoint = "silence_bot")]
pub async fn silence_bot(
    tenant_id: String,
    bot_id: String,
    minutes: i64,
    #[server(default)] reason: String,
) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::supervisor::report::silence(&state.db, &at, &bot_id, minutes, &reason).await?)
}

/// Ends a bot's silence (admins and owners).
#[server(prefix = "/api", endpoint = "unsilence_bot")]
pub async fn unsilence_bot(tenant_id: String, bot_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::supervisor::report::unsilence(&state.db, &at, &bot_id).await?)
}
