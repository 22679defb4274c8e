//! `/t/:tenant`: the page an owner opens every morning — what needs attention, the month's
//! spend against the budget, each bot's state, the plan's use, and the team.

use crate::error::ApiError;
use crate::layout::tenant_id;
use crate::pages::usage::thousands;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::model::{Attention, OverviewBot, PlanUsage, SpendSummary, TenantOverview};
use baas::pricing::format_usd;
#[cfg(feature = "ssr")]
use baas::roles::Role;
use baas::time::format_utc;
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
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
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
    let t = o.workspace.id.clone();
    view! {
        <header class="page-header">
            <h1 data-testid="tenant-name">{o.workspace.name.clone()}</h1>
            <span class="badge" data-testid="my-role">{o.workspace.role.label()}</span>
            <button class="button" data-testid="refresh" on:click=move |_| set_tick.update(|n| *n += 1)>"Refresh"</button>
        </header>
        {section(o.attention, |a| attention(&t, a))}
        {section(o.spend, |s| spend(&t, s))}
        <section class="card" data-testid="overview-bots">
            <h2>"Bots"</h2>
            {failed_or(o.bots, |list| bots(&t, list))}
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
                    <strong>{format!("{}: {}", i.bot_name, i.kind.replace('_', " "))}</strong>
                    {format!(" · {} · opened {}", i.reason, format_utc(i.opened_at))}
                    {i.acknowledged.then_some(" · acknowledged")}
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
                    {format!(" · {} · {}", al.message, format_utc(al.created_at))}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="overview-attention">
            <h2>"Needs attention"</h2>
            {calm.then(|| view! { <p class="muted" data-testid="all-clear">"Nothing needs you: no open incidents and no unacknowledged alerts."</p> })}
            <div class="grid-2">
                <div>
                    <h3>
                        <A href=format!("/t/{tenant}/admin-agent")>"Open incidents"</A>
                        " " <span class="badge" data-testid="open-incidents">{a.open_incidents}</span>
                    </h3>
                    <ul>{incidents}</ul>
                </div>
                <div>
                    <h3>
                        <A href=format!("/t/{tenant}/alerts")>"Unacknowledged alerts"</A>
                        " " <span class="badge" data-testid="unacknowledged-alerts">{a.unacknowledged_alerts}</span>
                    </h3>
                    <ul>{alerts}</ul>
                </div>
            </div>
        </section>
    }
}

fn share(part: i64, whole: i64) -> String {
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

fn spend(tenant: &str, s: SpendSummary) -> impl IntoView {
    let p = &s.projection;
    let budget = s.budget.filter(|b| *b > 0);
    let against = budget.map_or_else(
        || "No monthly budget: set one under Budgets".to_string(),
        |b| format!("{} of {}", share(s.month_to_date, b), format_usd(b)),
    );
    let pace = match (budget, &p.crosses_on) {
        (Some(_), Some(day)) => format!("At this pace the budget is crossed on {day}."),
        (Some(b), None) if p.projected > b => "Over budget at this pace.".to_string(),
        (Some(_), None) => "At this pace the month ends within budget.".to_string(),
        (None, _) => format!("{}/day at the current pace.", format_usd(p.daily_rate)),
    };
    view! {
        <section class="tiles" data-testid="overview-spend">
            <div class="tile"><span class="tile-label">"Spent this month"</span>
                <span class="tile-value" data-testid="overview-mtd" data-micro-usd=s.month_to_date.to_string()>{format_usd(s.month_to_date)}</span>
                <span class="tile-note" data-testid="overview-budget">{against}</span></div>
            <div class="tile"><span class="tile-label">"Projected month end"</span>
                <span class="tile-value" data-testid="overview-projection" data-micro-usd=p.projected.to_string()>{format_usd(p.projected)}</span>
                <span class="tile-note">{pace}</span></div>
            {s.operator_cap.map(|cap| view! {
                <div class="tile"><span class="tile-label">"Operator's spending cap"</span>
                    <span class="tile-value">{format_usd(cap)}</span>
                    <span class="tile-note">{format!("{} used", share(s.month_to_date, cap.max(1)))}</span></div>
            })}
            <div class="tile"><span class="tile-label">"Where it goes"</span>
                <span class="tile-note">{format!("Months follow {}.", s.timezone)}</span>
                <A href=format!("/t/{tenant}/usage")>"Usage & costs"</A>
                <A href=format!("/t/{tenant}/budgets")>"Budgets"</A></div>
        </section>
    }
}

fn bots(tenant: &str, list: Vec<OverviewBot>) -> AnyView {
    if list.is_empty() {
        return view! {
            <p class="muted" data-testid="no-bots">
                "No bots yet. Add one on the " <A href=format!("/t/{tenant}/bots")>"Bots"</A>
                " page and it shows here with its state and the Admin Agent's checks."
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
                        <span class=format!("state state-{}", b.bot.state) data-testid="bot-state">{b.bot.state.clone()}</span>
                        {b.bot.error.clone().map(|e| view! { <p class="muted small">{e}</p> })}
                    </td>
                    <td>
                        <span class=format!("state state-{}", b.health) data-testid="bot-health">{b.health.clone()}</span>
                        {incident.then(|| view! {
                            " " <A href=format!("/t/{tenant}/admin-agent")><span data-testid="bot-incident">"open incident"</span></A>
                        })}
                        {b.silenced_until.map(|u| view! { <p class="muted small">{format!("silenced until {}", format_utc(u))}</p> })}
                    </td>
                    <td class="nowrap">{b.last_check_at.map_or_else(|| "not yet".to_string(), format_utc)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr><th>"Bot"</th><th>"Connection"</th><th>"Admin Agent"</th><th>"Last check (UTC)"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn of(used: i64, limit: Option<i64>) -> String {
    match limit {
        Some(l) => format!("{} of {}", thousands(used), thousands(l)),
        None => format!("{} (no cap)", thousands(used)),
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
                .map_or_else(|| "not read yet".to_string(), |n| of(n, max_groups));
            view! { <li data-testid="bot-groups" data-bot=g.bot_id.clone()>{format!("{}: {used}", g.name)}</li> }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="overview-plan">
            <h2>{format!("{} plan", p.plan)}</h2>
            <dl class="facts">
                <dt>"Messages this month"</dt>
                <dd data-testid="plan-messages">{of(p.messages_month, p.message_quota)}</dd>
                <dt>"Bots"</dt>
                <dd data-testid="plan-bots">{of(p.bots, p.max_bots)}</dd>
                <dt>{max_groups.map_or_else(|| "WhatsApp groups per bot (no cap)".to_string(), |m| format!("WhatsApp groups per bot (at most {m})"))}</dt>
                <dd><ul>{groups}</ul>
                    <p class="muted small">"As last saved through BaaS; a bot whose settings were never changed here is not read yet."</p></dd>
            </dl>
        </section>
    }
}

fn team(w: TenantOverview) -> impl IntoView {
    view! {
        <section class="card" data-testid="overview-team">
            <h2>"Team"</h2>
            <p>
                <span data-testid="member-count">{w.members}</span>
                {if w.members == 1 { " member" } else { " members" }}
                {w.pending_invites.map(|n| view! {
                    ", " <span data-testid="pending-invites">{n}</span> {if n == 1 { " pending invite" } else { " pending invites" }}
                })}
                {format!(" · workspace created {}", format_utc(w.created_at))}
            </p>
            <A href=format!("/t/{}/team", w.id) attr:class="button">"Open team"</A>
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
