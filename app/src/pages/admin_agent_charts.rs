//! The Admin Agent page's health history: each hour's or day's checks (healthy, degraded, down)
//! with the response time's p95, what the checks found, and the alerts raised, over 24 hours,
//! 7 or 30 days for every bot or one (both in the address); each chart with a table, the period
//! in words, and the checks as CSV.

use crate::charts::{Chart, ChartSpec};
use crate::error::ApiError;
use crate::i18n::{locale, t, tr};
use crate::pages_support::encode_component;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::i18n::Text;
use baas::model::{alert_kind_text, HealthHistoryView};
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
fn outcome(kind: &str) -> (String, &'static str) {
    let colour = match kind {
        "healthy" => HEALTHY,
        "unreachable" => DOWN,
        "channel_down" => DEGRADED,
        "config_invalid" => "#b86e00",
        "errors" => "#8a5cc2",
        _ => "#999999",
    };
    let words = tr(&Text::new("health-history-outcome").str("outcome", kind));
    (words, colour)
}

/// The period's name as the messages select on it.
fn period_word(period: &str) -> &'static str {
    match period {
        "24h" => "day",
        "30d" => "month",
        _ => "week",
    }
}

fn count(n: i64) -> String {
    locale().integer(n)
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
            <h2>{t("health-history-title")}</h2>
            <Suspense fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
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
            {tr(&Text::new("health-history-csv").str("from", h.first_day.clone()).str("to", h.last_day.clone()))}
        </a></p>
        {if empty {
            view! { <p class="muted" data-testid="health-empty">{t("health-history-empty")}</p> }.into_any()
        } else {
            charts(h).into_any()
        }}
    }
}

fn choose(tenant: &str, h: &HealthHistoryView) -> impl IntoView {
    let periods = ["24h", "7d", "30d"]
        .map(|value| {
            let selected = h.period == value;
            let label = tr(&Text::new("health-history-last").str("period", period_word(value)));
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
            <label>{t("health-history-period")} " " <select name="period" data-testid="health-period">{periods}</select></label>
            <label>{t("overview-col-bot")} " " <select name="bot" data-testid="health-bot"><option value="">{t("health-history-all-bots")}</option>{bots}</select></label>
            <button type="submit" class="button">{t("health-history-show")}</button>
        </Form>
    }
}

fn charts(h: HealthHistoryView) -> impl IntoView {
    let per = if h.period == "24h" { "hour" } else { "day" };
    let column = |f: fn(&baas::model::HealthBucket) -> i64| {
        h.buckets.iter().map(|b| f(b) as f64).collect::<Vec<_>>()
    };
    let (healthy, degraded, down, p95) = (
        t("health-history-healthy"),
        t("health-history-degraded"),
        t("health-history-down"),
        t("health-history-p95"),
    );
    let timeline = ChartSpec::Timeline {
        categories: h.buckets.iter().map(|b| b.label.clone()).collect(),
        series: vec![
            (healthy.clone(), column(|b| b.healthy)),
            (degraded.clone(), column(|b| b.degraded)),
            (down.clone(), column(|b| b.down)),
        ],
        unit: t("health-history-unit-checks"),
        line: Some((
            p95.clone(),
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
        labels: found.iter().map(|o| outcome(&o.outcome).0).collect(),
        values: found.iter().map(|o| o.checks as f64).collect(),
        colors: found.iter().map(|o| outcome(&o.outcome).1.into()).collect(),
    };
    let kinds: Vec<String> = h
        .alerts
        .iter()
        .map(|(k, _)| tr(&alert_kind_text(k)))
        .collect();
    let alerts = ChartSpec::Bars {
        labels: kinds.clone(),
        values: h.alerts.iter().map(|(_, n)| *n as f64).collect(),
        unit: t("health-history-unit-alerts"),
        horizontal: true,
    };
    let ms = |ms: Option<i64>| {
        ms.map_or("–".to_string(), |ms| {
            tr(&Text::new("admin-agent-ms").int("ms", ms))
        })
    };
    view! {
        <h3>{tr(&Text::new("health-history-checks-per").str("unit", per).str("zone", h.timezone.clone()))}</h3>
        <Chart id="chart-health-timeline" spec=timeline />
        <details>
            <summary>{tr(&Text::new("health-history-as-table").str("unit", per))}</summary>
            <div class="table-wrap">
                <table class="table" data-testid="table-health-timeline">
                    <thead><tr>
                        <th>{if per == "hour" { t("usage-col-hour") } else { t("usage-col-day") }}</th>
                        <th>{healthy}</th><th>{degraded}</th><th>{down}</th><th>{p95}</th>
                    </tr></thead>
                    <tbody>
                        {h.buckets.iter().map(|b| view! {
                            <tr>
                                <td class="nowrap">{b.label.clone()}</td>
                                <td>{count(b.healthy)}</td>
                                <td>{count(b.degraded)}</td>
                                <td>{count(b.down)}</td>
                                <td>{ms(b.p95_ms)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
        <div class="grid-2">
            <div>
                <h3>{t("health-history-found-title")}</h3>
                <Chart id="chart-health-outcomes" spec=distribution />
                <div class="table-wrap">
                    <table class="table" data-testid="table-health-outcomes">
                        <thead><tr>
                            <th>{t("health-history-col-found")}</th><th>{t("health-history-col-checks")}</th>
                            <th>{t("health-history-col-share")}</th>
                        </tr></thead>
                        <tbody>
                            {h.outcomes.iter().map(|o| view! {
                                <tr data-outcome=o.outcome.clone()>
                                    <td>{outcome(&o.outcome).0}</td>
                                    <td>{count(o.checks)}</td>
                                    <td>{locale().percent_hundredths(o.share)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
            <div>
                <h3>{t("health-history-alerts-title")}</h3>
                {if h.alerts.is_empty() {
                    view! { <p class="muted" data-testid="health-no-alerts">{t("health-history-no-alerts")}</p> }.into_any()
                } else {
                    view! {
                        <Chart id="chart-health-alerts" spec=alerts />
                        <div class="table-wrap">
                            <table class="table" data-testid="table-health-alerts">
                                <thead><tr><th>{t("alerts-col-alert")}</th><th>{t("health-history-col-raised")}</th></tr></thead>
                                <tbody>
                                    {h.alerts.iter().zip(kinds).map(|((kind, n), words)| view! {
                                        <tr data-kind=kind.clone()><td>{words}</td><td>{count(*n)}</td></tr>
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
