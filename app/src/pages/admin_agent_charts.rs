//! The Admin Agent page's health history: each hour's or day's checks (healthy, degraded, down)
//! with the response time's p95, what the checks found, and the alerts raised, over 24 hours,
//! 7 or 30 days for every bot or one (both in the address); each chart with a table, the period
//! in words, and the checks as CSV.

use crate::charts::{Chart, ChartSpec};
use crate::error::ApiError;
use crate::i18n::tr;
use crate::pages_support::encode_component;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::model::HealthHistoryView;
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

const HEALTHY: &str = "#2e9d5b";
const DEGRADED: &str = "#e0a100";
const DOWN: &str = "#d64545";
const RESPONSE: &str = "#3b6fd8";

/// An outcome in words, and its colour: green for healthy, red for a bot not reached, amber
/// for one reached but unhealthy.
fn outcome(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "healthy" => ("Healthy", HEALTHY),
        "unreachable" => ("Unreachable", DOWN),
        "channel_down" => ("WhatsApp disconnected", DEGRADED),
        "config_invalid" => ("Configuration invalid", "#b86e00"),
        "errors" => ("Model calls failing", "#8a5cc2"),
        _ => ("Degraded (kind not recorded)", "#999999"),
    }
}

fn percent(hundredths: i64) -> String {
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

/// The download of the checks behind what the charts show (the period's local days).
fn csv_href(tenant: &str, h: &HealthHistoryView) -> String {
    let bot = h
        .bot_id
        .as_deref()
        .map(|b| format!("&bot={}", encode_component(b)))
        .unwrap_or_default();
    format!(
        "/export/health/{tenant}?from={}&to={}{bot}",
        h.first_day, h.last_day
    )
}

/// The health history section, for the period and bot in the address (`?period=24h|7d|30d&bot=`).
#[component]
pub fn HealthCharts(
    tenant: Memo<String>,
    /// The page's "Refresh" count: the history is read again with the rest of the page.
    refreshed: ReadSignal<u32>,
) -> impl IntoView {
    let query = use_query_map();
    let choice = Memo::new(move |_| {
        let q = query.get();
        (
            q.get("period").unwrap_or_default(),
            q.get("bot").unwrap_or_default(),
        )
    });
    let data = Resource::new(
        move || (tenant.get(), choice.get(), refreshed.get()),
        |(t, (period, bot), _)| health_history(t, period, bot),
    );
    view! {
        <section class="card" data-testid="health-history">
            <h2>"Health history"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(h) => history(tenant.get_untracked(), h).into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn history(tenant: String, h: HealthHistoryView) -> impl IntoView {
    let checks: i64 = h.outcomes.iter().map(|o| o.checks).sum();
    let empty = checks == 0 && h.alerts.is_empty();
    view! {
        {choose(&tenant, &h)}
        <p data-testid="health-summary">{h.summary.iter().map(tr).collect::<Vec<_>>().join(" ")}</p>
        <p><a href=csv_href(&tenant, &h) data-testid="health-csv" download rel="external">
            {format!("Download these checks as CSV ({} to {})", h.first_day, h.last_day)}
        </a></p>
        {if empty {
            view! { <p class="muted" data-testid="health-empty">"Every check of a bot is kept; once the Admin Agent has checked one, its history appears here."</p> }.into_any()
        } else {
            charts(h).into_any()
        }}
    }
}

fn choose(tenant: &str, h: &HealthHistoryView) -> impl IntoView {
    let periods = [
        ("24h", "Last 24 hours"),
        ("7d", "Last 7 days"),
        ("30d", "Last 30 days"),
    ]
    .map(|(value, label)| {
        let selected = h.period == value;
        view! { <option value=value selected=selected>{label}</option> }
    })
    .collect_view();
    let bots = h
        .bots
        .iter()
        .map(|(id, name)| {
            let selected = h.bot_id.as_ref() == Some(id);
            view! { <option value=id.clone() selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    view! {
        <Form method="GET" action=format!("/t/{tenant}/admin-agent") attr:class="inline-form" attr:data-testid="health-filters">
            <label>"Period" <select name="period" data-testid="health-period">{periods}</select></label>
            <label>"Bot" <select name="bot" data-testid="health-bot"><option value="">"All bots"</option>{bots}</select></label>
            <button type="submit" class="button">"Show"</button>
        </Form>
    }
}

fn charts(h: HealthHistoryView) -> impl IntoView {
    let per = if h.period == "24h" { "hour" } else { "day" };
    let column = |f: fn(&baas::model::HealthBucket) -> i64| {
        h.buckets.iter().map(|b| f(b) as f64).collect::<Vec<_>>()
    };
    let timeline = ChartSpec::Timeline {
        categories: h.buckets.iter().map(|b| b.label.clone()).collect(),
        series: vec![
            ("Healthy".into(), column(|b| b.healthy)),
            ("Degraded".into(), column(|b| b.degraded)),
            ("Down".into(), column(|b| b.down)),
        ],
        unit: "checks".into(),
        line: Some((
            "Response time p95".into(),
            h.buckets
                .iter()
                .map(|b| b.p95_ms.map(|ms| ms as f64))
                .collect(),
        )),
        line_unit: "ms".into(),
        colors: [HEALTHY, DEGRADED, DOWN, RESPONSE]
            .map(String::from)
            .to_vec(),
    };
    let found: Vec<_> = h.outcomes.iter().filter(|o| o.checks > 0).collect();
    let distribution = ChartSpec::Pie {
        labels: found.iter().map(|o| outcome(&o.outcome).0.into()).collect(),
        values: found.iter().map(|o| o.checks as f64).collect(),
        colors: found.iter().map(|o| outcome(&o.outcome).1.into()).collect(),
    };
    let alerts = ChartSpec::Bars {
        labels: h.alerts.iter().map(|(k, _)| k.replace('_', " ")).collect(),
        values: h.alerts.iter().map(|(_, n)| *n as f64).collect(),
        unit: "alerts".into(),
        horizontal: true,
    };
    view! {
        <h3>{format!("Checks per {per} ({})", h.timezone)}</h3>
        <Chart id="chart-health-timeline" spec=timeline />
        <details>
            <summary>"The checks per "{per}" as a table"</summary>
            <div class="table-wrap">
                <table class="table" data-testid="table-health-timeline">
                    <thead><tr><th>{if per == "hour" { "Hour" } else { "Day" }}</th><th>"Healthy"</th><th>"Degraded"</th><th>"Down"</th><th>"Response time p95"</th></tr></thead>
                    <tbody>
                        {h.buckets.iter().map(|b| view! {
                            <tr>
                                <td class="nowrap">{b.label.clone()}</td>
                                <td>{b.healthy}</td>
                                <td>{b.degraded}</td>
                                <td>{b.down}</td>
                                <td>{b.p95_ms.map_or("–".to_string(), |ms| format!("{ms} ms"))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
        <div class="grid-2">
            <div>
                <h3>"What the checks found"</h3>
                <Chart id="chart-health-outcomes" spec=distribution />
                <div class="table-wrap">
                    <table class="table" data-testid="table-health-outcomes">
                        <thead><tr><th>"Found"</th><th>"Checks"</th><th>"Share"</th></tr></thead>
                        <tbody>
                            {h.outcomes.iter().map(|o| view! {
                                <tr data-outcome=o.outcome.clone()>
                                    <td>{outcome(&o.outcome).0}</td>
                                    <td>{o.checks}</td>
                                    <td>{percent(o.share)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
            <div>
                <h3>"Alerts by type"</h3>
                {if h.alerts.is_empty() {
                    view! { <p class="muted" data-testid="health-no-alerts">"No alerts were raised in this period."</p> }.into_any()
                } else {
                    view! {
                        <Chart id="chart-health-alerts" spec=alerts />
                        <div class="table-wrap">
                            <table class="table" data-testid="table-health-alerts">
                                <thead><tr><th>"Alert"</th><th>"Raised"</th></tr></thead>
                                <tbody>
                                    {h.alerts.iter().map(|(kind, n)| view! {
                                        <tr><td>{kind.replace('_', " ")}</td><td>{*n}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </div>
        </div>
    }
}

/// The workspace's health over a period ("24h", "7d", "30d"; 7 days when empty), of every bot
/// or of one of its bots (any member).
#[server(prefix = "/api", endpoint = "health_history")]
pub async fn health_history(
    tenant_id: String,
    #[server(default)] period: String,
    #[server(default)] bot: String,
) -> Result<HealthHistoryView, ApiError> {
    use baas::supervisor::history::{self, aggregate::Period};
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let period = match period.trim() {
        "" => Period::Week,
        p => Period::parse(p)
            .ok_or_else(|| baas::error::Error::Invalid("period: 24h, 7d or 30d".into()))?,
    };
    let bot = Some(bot.trim()).filter(|b| !b.is_empty());
    Ok(history::history(&state.db, &at, period, bot).await?)
}
