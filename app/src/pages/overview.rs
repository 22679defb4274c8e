//! `/t/:tenant`: the page an owner opens every morning — what needs attention, the month's
//! spend against the budget, each bot's state, the plan's use, and the team.

use crate::error::ApiError;
use crate::i18n::{locale, said, state_word, t, tr};
use crate::layout::tenant_id;
use crate::money::brl_note;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use crate::time::local_time;
use baas::i18n::Text;
use baas::model::{Attention, OverviewBot, PlanUsage, SpendSummary, TenantOverview};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

/// Everything the Overview shows. Each section stands on its own: one that could not be read
/// says so and the rest still show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub workspace: TenantOverview,
    pub attention: Result<Attention, ApiError>,
    pub spend: Result<SpendSummary, ApiError>,
    pub bots: Result<Vec<OverviewBot>, ApiError>,
    pub plan: Result<PlanUsage, ApiError>,
}

/// `/t/:tenant`: the workspace at a glance.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let tenant = tenant_id();
    let (tick, set_tick) = signal(0u32);
    let data = Resource::new(move || (tenant.get(), tick.get()), |(t, _)| get_overview(t));
    view! {
        <Title text="Overview · BaaS" />
        <div class="page overview">
            <Suspense fallback=|| view! { <p class="muted">{t("overview-loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(o) => page(o, set_tick).into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn page(o: Overview, set_tick: WriteSignal<u32>) -> impl IntoView {
    let tenant = o.workspace.id.clone();
    view! {
        <header class="page-header">
            <h1 data-testid="tenant-name">{o.workspace.name.clone()}</h1>
            <span class="badge" data-testid="my-role">{t(&format!("role-{}", o.workspace.role.as_str()))}</span>
            <button class="button" data-testid="refresh" on:click=move |_| set_tick.update(|n| *n += 1)>{t("overview-refresh")}</button>
        </header>
        {section(o.attention, |a| attention(&tenant, a))}
        {section(o.spend, |s| spend(&tenant, s))}
        <section class="card" data-testid="overview-bots">
            <h2>{t("overview-bots")}</h2>
            {failed_or(o.bots, |list| bots(&tenant, list))}
        </section>
        {section(o.plan, plan)}
        {team(o.workspace)}
    }
}

fn error_line(e: ApiError) -> impl IntoView {
    view! { <p class="error" role="alert">{e.to_string()}</p> }
}

/// A section of its own, or the reason it could not be read in its place.
fn section<T, V: IntoView + 'static>(r: Result<T, ApiError>, show: impl FnOnce(T) -> V) -> AnyView {
    match r {
        Ok(v) => show(v).into_any(),
        Err(e) => view! { <section class="card">{error_line(e)}</section> }.into_any(),
    }
}

/// A card's body, or the reason it could not be read in its place.
fn failed_or<T, V: IntoView + 'static>(
    r: Result<T, ApiError>,
    show: impl FnOnce(T) -> V,
) -> AnyView {
    match r {
        Ok(v) => show(v).into_any(),
        Err(e) => error_line(e).into_any(),
    }
}

fn attention(tenant: &str, a: Attention) -> impl IntoView {
    let calm = a.open_incidents == 0 && a.unacknowledged_alerts == 0;
    let incidents = a
        .incidents
        .into_iter()
        .map(|i| {
            view! {
                <li data-testid="open-incident-item">
                    <strong>{tr(&Text::new("overview-incident").str("bot", i.bot_name).text("kind", Text::new("health-history-outcome").str("outcome", i.kind)))}</strong>
                    " · "
                    {tr(&Text::new("overview-incident-detail").str("reason", said(i.reason_text.as_ref(), &i.reason)).str("when", local_time(i.opened_at)))}
                    {i.acknowledged.then(|| format!(" · {}", t("overview-acknowledged")))}
                </li>
            }
        })
        .collect_view();
    let alerts = a
        .alerts
        .into_iter()
        .map(|al| {
            view! {
                <li class=format!("alert-{}", al.severity) data-testid="unacknowledged-alert">
                    <strong>{al.severity.clone()}</strong>
                    {format!(
                        " · {} · {}",
                        al.text.as_ref().map_or_else(|| al.message.clone(), tr),
                        local_time(al.created_at)
                    )}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="overview-attention">
            <h2>{t("overview-attention")}</h2>
            {calm.then(|| view! { <p class="muted" data-testid="all-clear">{t("overview-all-clear")}</p> })}
            <div class="grid-2">
                <div>
                    <h3>
                        <A href=format!("/t/{tenant}/admin-agent")>{t("overview-open-incidents")}</A>
                        " " <span class="badge" data-testid="open-incidents">{a.open_incidents}</span>
                    </h3>
                    <ul>{incidents}</ul>
                </div>
                <div>
                    <h3>
                        <A href=format!("/t/{tenant}/alerts")>{t("overview-unacknowledged")}</A>
                        " " <span class="badge" data-testid="unacknowledged-alerts">{a.unacknowledged_alerts}</span>
                    </h3>
                    <ul>{alerts}</ul>
                </div>
            </div>
        </section>
    }
}

/// `part` as a percentage of `whole`, written the page's way ("12.5%", "12,5%").
fn share(part: i64, whole: i64) -> String {
    let tenths = format!("{:.1}", part as f64 * 100.0 / whole as f64);
    format!("{}%", tenths.replace('.', &locale().decimal().to_string()))
}

fn money(micro: i64) -> String {
    baas::amount::format_usd(micro, locale())
}

fn spend(tenant: &str, s: SpendSummary) -> impl IntoView {
    let p = &s.projection;
    let budget = s.budget.filter(|b| *b > 0);
    let against = budget.map_or_else(
        || t("overview-no-budget"),
        |b| {
            tr(&Text::new("overview-against-budget")
                .str("share", share(s.month_to_date, b))
                .str("budget", money(b)))
        },
    );
    let pace = match (budget, &p.crosses_on) {
        (Some(_), Some(day)) => tr(&Text::new("overview-crosses-on").str("day", day.clone())),
        (Some(b), None) if p.projected > b => t("overview-over-budget"),
        (Some(_), None) => t("overview-within-budget"),
        (None, _) => tr(&Text::new("overview-daily-rate").str("rate", money(p.daily_rate))),
    };
    view! {
        <section class="tiles" data-testid="overview-spend">
            <div class="tile"><span class="tile-label">{t("overview-spent")}</span>
                <span class="tile-value" data-testid="overview-mtd" data-micro-usd=s.month_to_date.to_string()>{money(s.month_to_date)}</span>
                {brl_note(s.month_to_date, s.brl_rate)}
                <span class="tile-note" data-testid="overview-budget">{against}</span></div>
            <div class="tile"><span class="tile-label">{t("overview-projected")}</span>
                <span class="tile-value" data-testid="overview-projection" data-micro-usd=p.projected.to_string()>{money(p.projected)}</span>
                {brl_note(p.projected, s.brl_rate)}
                <span class="tile-note">{pace}</span></div>
            {s.operator_cap.map(|cap| view! {
                <div class="tile"><span class="tile-label">{t("overview-operator-cap")}</span>
                    <span class="tile-value">{money(cap)}</span>
                    <span class="tile-note">{tr(&Text::new("overview-cap-used").str("share", share(s.month_to_date, cap.max(1))))}</span></div>
            })}
            <div class="tile"><span class="tile-label">{t("overview-where")}</span>
                <span class="tile-note">{tr(&Text::new("overview-months-follow").str("zone", s.timezone.clone()))}</span>
                <A href=format!("/t/{tenant}/usage")>{t("nav-usage")}</A>
                <A href=format!("/t/{tenant}/budgets")>{t("nav-budgets")}</A></div>
        </section>
    }
}

fn bots(tenant: &str, list: Vec<OverviewBot>) -> AnyView {
    if list.is_empty() {
        return view! {
            <p class="muted" data-testid="no-bots">
                {t("overview-no-bots")} " " <A href=format!("/t/{tenant}/bots")>{t("nav-bots")}</A>
            </p>
        }
        .into_any();
    }
    let rows = list
        .into_iter()
        .map(|b| {
            let href = format!("/t/{tenant}/bots/{}", b.bot.id);
            let incident = b.open_incident.is_some();
            view! {
                <tr data-testid="overview-bot" data-bot=b.bot.id.clone()>
                    <td><A href=href>{b.bot.name.clone()}</A></td>
                    <td>
                        <span class=format!("state state-{}", b.bot.state) data-testid="bot-state" data-state=b.bot.state.clone()>{state_word("bot-state", &b.bot.state)}</span>
                        {b.bot.error.clone().map(|e| view! { <p class="muted small">{e}</p> })}
                    </td>
                    <td>
                        <span class=format!("state state-{}", b.health) data-testid="bot-health" data-state=b.health.clone()>{state_word("health", &b.health)}</span>
                        {incident.then(|| view! {
                            " " <A href=format!("/t/{tenant}/admin-agent")><span data-testid="bot-incident">{t("overview-open-incident")}</span></A>
                        })}
                        {b.silenced_until.map(|u| view! { <p class="muted small">{tr(&Text::new("overview-silenced-until").str("when", local_time(u)))}</p> })}
                    </td>
                    <td class="nowrap">{b.last_check_at.map_or_else(|| t("overview-not-yet"), local_time)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr>
                    <th>{t("overview-col-bot")}</th><th>{t("overview-col-connection")}</th>
                    <th>{t("overview-col-agent")}</th><th>{t("overview-col-last-check")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn of(used: i64, limit: Option<i64>) -> String {
    let count = |n: i64| locale().integer(n);
    match limit {
        Some(l) => tr(&Text::new("overview-of")
            .str("used", count(used))
            .str("limit", count(l))),
        None => tr(&Text::new("overview-no-cap").str("used", count(used))),
    }
}

fn plan(p: PlanUsage) -> impl IntoView {
    let max_groups = p.max_groups;
    let groups = p
        .groups
        .into_iter()
        .map(|g| {
            let used = g
                .groups
                .map_or_else(|| t("overview-not-read"), |n| of(n, max_groups));
            view! { <li data-testid="bot-groups" data-bot=g.bot_id.clone()>{format!("{}: {used}", g.name)}</li> }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="overview-plan">
            <h2>{tr(&Text::new("overview-plan").str("plan", p.plan.clone()))}</h2>
            <dl class="facts">
                <dt>{t("overview-messages")}</dt>
                <dd data-testid="plan-messages">{of(p.messages_month, p.message_quota)}</dd>
                <dt>{t("overview-bots")}</dt>
                <dd data-testid="plan-bots">{of(p.bots, p.max_bots)}</dd>
                <dt>{max_groups.map_or_else(|| t("overview-groups-no-cap"), |m| tr(&Text::new("overview-groups-cap").int("max", m)))}</dt>
                <dd><ul>{groups}</ul>
                    <p class="muted small">{t("overview-groups-note")}</p></dd>
            </dl>
        </section>
    }
}

fn team(w: TenantOverview) -> impl IntoView {
    view! {
        <section class="card" data-testid="overview-team">
            <h2>{t("overview-team")}</h2>
            <p>
                <span data-testid="member-count" data-count=w.members.to_string()>
                    {tr(&Text::new("overview-members").int("count", w.members))}
                </span>
                {w.pending_invites.map(|n| view! {
                    ", " <span data-testid="pending-invites" data-count=n.to_string()>
                        {tr(&Text::new("overview-pending").int("count", n))}
                    </span>
                })}
                " · " {tr(&Text::new("overview-created").str("when", local_time(w.created_at)))}
            </p>
            <A href=format!("/t/{}/team", w.id) attr:class="button">{t("overview-open-team")}</A>
        </section>
    }
}

/// The workspace's Overview (any member; pending invites only for those who manage the team).
#[server(prefix = "/api", endpoint = "get_overview")]
pub async fn get_overview(tenant_id: String) -> Result<Overview, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let workspace = baas::tenants::overview(&state.db, &at).await?;
    let s = baas::overview::sections(&state.db, &state.secrets, &state.bots, &at).await;
    Ok(Overview {
        workspace,
        attention: s.attention.map_err(ApiError::from),
        spend: s.spend.map_err(ApiError::from),
        bots: s.bots.map_err(ApiError::from),
        plan: s.plan.map_err(ApiError::from),
    })
}
