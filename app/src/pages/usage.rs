//! The consumption dashboard: where the money goes (agent, model, group, day, hour), the month
//! against the budget and plan, filters kept in the URL (dates that cannot be used are
//! explained beside the form, which keeps them), every chart with a table of its numbers, and
//! export.

use crate::charts::{Chart, ChartSpec};
use crate::error::ApiError;
use crate::i18n::{locale, t, tr};
use crate::layout::tenant_id;
use crate::money::brl_note;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::i18n::{collation, Locale, Text};
use baas::model::{Dashboard, GroupSlice, UsageFilter};
use baas::pricing::{format_usd, MICRO_PER_USD};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
/// Groups digits in thousands the reader's way: 1607255 → 1,607,255 (1.607.255 in pt-BR).
pub fn thousands(n: i64) -> String {
    locale().integer(n)
}

/// Money the reader's way, thousands grouped; a cost under a cent keeps its six decimals so it
/// never looks like zero.
pub(crate) fn money(micro: i64) -> String {
    let l = locale();
    let sub_cent = micro != 0 && micro.unsigned_abs() < 10_000;
    match l {
        Locale::En if sub_cent => format_usd(micro),
        _ if sub_cent => format_usd(micro).replace("$0.", &format!("US$ 0{}", l.decimal())),
        _ => baas::amount::format_usd(micro, l),
    }
}

fn usd(micro: i64) -> f64 {
    (micro as f64 / MICRO_PER_USD as f64 * 100.0).round() / 100.0
}

fn percent(part: i64, whole: i64) -> String {
    let share = format!("{:.1}%", part as f64 * 100.0 / whole as f64);
    share.replace('.', &locale().decimal().to_string())
}

/// The export link for the dashboard's filter.
fn export_href(tenant: &str, f: &UsageFilter, format: &str) -> String {
    let mut q = vec![format!("format={format}")];
    for (k, v) in [
        ("from", &f.from),
        ("to", &f.to),
        ("agent", &f.agent),
        ("model", &f.model),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            q.push(format!("{k}={}", crate::pages_support::encode_component(v)));
        }
    }
    format!("/export/usage/{tenant}?{}", q.join("&"))
}

/// `/t/:tenant/usage?from&to&agent&model&group`: the consumption dashboard.
#[component]
pub fn UsagePage() -> impl IntoView {
    let tenant = tenant_id();
    let locale = use_context::<Locale>().unwrap_or_default();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.get();
        let get = |k: &str| q.get(k).filter(|v| !v.is_empty());
        UsageFilter {
            from: get("from"),
            to: get("to"),
            agent: get("agent"),
            model: get("model"),
            group: get("group"),
        }
    });
    let data = Resource::new(
        move || (tenant.get(), filter.get()),
        |(t, f)| get_dashboard(t, f),
    );
    view! {
        <Title text=format!("{} · BaaS", t("nav-usage")) />
        <div class="page">
            <header class="page-header"><h1>{t("nav-usage")}</h1></header>
            <Suspense fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => dashboard(tenant.get_untracked(), filter.get_untracked(), d, locale).into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn dashboard(tenant: String, f: UsageFilter, d: Dashboard, locale: Locale) -> impl IntoView {
    let action = format!("/t/{tenant}/usage");
    let filters = filters_form(action, &f, &d, locale);
    let empty = d.requests == 0 && d.cost == 0;
    // The export holds what is shown: the default range when the dates asked for were refused.
    let shown = match d.filter_error {
        Some(_) => UsageFilter {
            from: Some(d.from.clone()),
            to: Some(d.to.clone()),
            ..f.clone()
        },
        None => f.clone(),
    };
    view! {
        {tiles(&d)}
        {filters}
        {group_note(&f, &d)}
        {if empty {
            view! {
                <section class="card" data-testid="usage-empty">
                    <h2>{t("usage-empty")}</h2>
                    <p class="muted">{t("usage-empty-help")} " "
                        <code>"baas demo seed --owner you@example.com"</code> "."</p>
                </section>
            }.into_any()
        } else {
            view! {
                {range_tiles(&tenant, &shown, &d)}
                {charts(&d, &f)}
            }.into_any()
        }}
    }
}

/// The chosen group's label, as the filter lists it.
fn chosen_group(f: &UsageFilter, d: &Dashboard) -> Option<String> {
    let jid = f.group.as_deref().filter(|g| !g.is_empty())?;
    Some(
        d.groups
            .iter()
            .find(|(j, _)| j == jid)
            .map_or_else(|| jid.to_string(), |(_, label)| label.clone()),
    )
}

/// With a group chosen, what each figure covers: model calls carry no group, so only the
/// group chart can narrow to one.
fn group_note(f: &UsageFilter, d: &Dashboard) -> Option<impl IntoView> {
    let name = chosen_group(f, d)?;
    let scope = if f.agent.is_some() || f.model.is_some() {
        t("usage-scope-within")
    } else {
        t("usage-scope-workspace")
    };
    Some(view! {
        <p class="notice scope-note" data-testid="group-filter-note">
            {tr(&Text::new("usage-group-note").str("name", name).str("scope", scope))}
        </p>
    })
}

fn tiles(d: &Dashboard) -> impl IntoView {
    let p = &d.projection;
    let budget_used = d.budget.map(|b| {
        if b > 0 {
            percent(d.month_to_date, b)
        } else {
            "—".into()
        }
    });
    let budget_line = d.budget.map_or_else(
        || t("overview-no-budget"),
        |b| tr(&Text::new("usage-of-budget").str("budget", money(b))),
    );
    let crosses = match (d.budget, p.crosses_on.clone()) {
        (Some(_), Some(day)) => tr(&Text::new("usage-crosses-on").str("day", day)),
        (Some(_), None) => t("usage-within-budget"),
        (None, _) => String::new(),
    };
    let avg = |a: Option<i64>| {
        a.map_or("—".to_string(), |v| {
            tr(&Text::new("usage-per-day").str("amount", money(v)))
        })
    };
    let quota = d.message_quota.map_or_else(
        || t("usage-no-cap"),
        |q| {
            tr(&Text::new("usage-of-quota")
                .str("quota", thousands(q))
                .str("plan", d.plan.clone()))
        },
    );
    view! {
        <section class="tiles" data-testid="month-tiles">
            <div class="tile"><span class="tile-label">{t("usage-mtd")}</span>
                <span class="tile-value" data-testid="tile-mtd">{money(d.month_to_date)}</span>
                {brl_note(d.month_to_date, d.brl_rate)}
                <span class="tile-note">{tr(&Text::new("usage-times-in").str("zone", d.timezone.clone()))}</span></div>
            <div class="tile"><span class="tile-label">{t("overview-projected")}</span>
                <span class="tile-value" data-testid="tile-projection">{money(p.projected)}</span>
                {brl_note(p.projected, d.brl_rate)}
                <span class="tile-note" data-testid="projection-method">
                    {match p.avg_7d {
                        Some(a) => tr(&Text::new("usage-projection-7d").str("avg", avg(Some(a))).str("avg30", avg(p.avg_30d))),
                        None => tr(&Text::new("usage-projection-today").str("avg", avg(Some(p.daily_rate)))),
                    }}
                </span>
                <span class="tile-note" data-testid="projection-crossing">{crosses}</span></div>
            <div class="tile"><span class="tile-label">{t("usage-budget-used")}</span>
                <span class="tile-value" data-testid="tile-budget">{budget_used.unwrap_or_else(|| "—".into())}</span>
                <span class="tile-note">{budget_line}</span></div>
            <div class="tile"><span class="tile-label">{t("usage-messages-month")}</span>
                <span class="tile-value" data-testid="tile-messages">{thousands(d.messages_month)}</span>
                <span class="tile-note">{quota}</span></div>
        </section>
    }
}

fn range_tiles(tenant: &str, f: &UsageFilter, d: &Dashboard) -> impl IntoView {
    let tk = &d.tokens;
    let all_groups = f.group.is_some().then(|| {
        view! { <span class="tile-note" data-testid="tiles-scope">{t("usage-tiles-scope")}</span> }
    });
    view! {
        <section class="tiles" data-testid="range-tiles">
            <div class="tile"><span class="tile-label">{tr(&Text::new("usage-cost-range").str("from", d.from.clone()).str("to", d.to.clone()))}</span>
                <span class="tile-value" data-testid="tile-cost" data-micro-usd=d.cost.to_string()>{money(d.cost)}</span>
                {brl_note(d.cost, d.brl_rate)}
                {all_groups}
                <span class="tile-note">
                    <a href=export_href(tenant, f, "csv") data-testid="export-csv" download rel="external">{t("usage-export-csv")}</a>
                    " · "
                    <a href=export_href(tenant, f, "json") data-testid="export-json" download rel="external">{t("usage-export-json")}</a>
                </span></div>
            <div class="tile"><span class="tile-label">{t("usage-requests")}</span>
                <span class="tile-value" data-testid="tile-requests">{thousands(d.requests)}</span></div>
            <div class="tile"><span class="tile-label">{t("usage-tokens")}</span>
                <span class="tile-value" data-testid="tile-tokens">{thousands(tk.input + tk.output)}</span>
                <span class="tile-note">{tr(&Text::new("usage-tokens-cache").str("read", thousands(tk.cache_read)).str("write", thousands(tk.cache_write)))}</span></div>
        </section>
    }
}

fn filters_form(action: String, f: &UsageFilter, d: &Dashboard, locale: Locale) -> impl IntoView {
    let option = |value: String, label: String, selected: Option<&String>| {
        let is = selected == Some(&value);
        view! { <option value=value selected=is>{label}</option> }
    };
    let agents = d
        .agents
        .iter()
        .map(|(id, name)| option(id.clone(), name.clone(), f.agent.as_ref()))
        .collect_view();
    let models = d
        .models
        .iter()
        .map(|m| option(m.clone(), m.clone(), f.model.as_ref()))
        .collect_view();
    // By name in the reader's order; the id shows on hover.
    let mut groups = d.groups.clone();
    groups.sort_by(|a, b| collation::compare(locale, &a.1, &b.1).then_with(|| a.0.cmp(&b.0)));
    let groups = groups
        .into_iter()
        .map(|(jid, label)| {
            let is = f.group.as_ref() == Some(&jid);
            view! { <option value=jid.clone() title=jid selected=is>{label}</option> }
        })
        .collect_view();
    // Refused dates stay in the form as typed, so they can be corrected.
    let (from, to) = match d.filter_error {
        Some(_) => (
            f.from.clone().unwrap_or_else(|| d.from.clone()),
            f.to.clone().unwrap_or_else(|| d.to.clone()),
        ),
        None => (d.from.clone(), d.to.clone()),
    };
    let error = d.filter_error.as_ref().map(|why| {
        let text = tr(&Text::new("usage-filter-error")
            .str("why", why.clone())
            .str("from", d.from.clone())
            .str("to", d.to.clone()));
        view! { <p class="error filter-error" role="alert" id="filter-error" data-testid="filter-error">{text}</p> }
    });
    let described = d.filter_error.as_ref().map(|_| "filter-error");
    view! {
        <section class="card">
            <Form method="GET" action=action attr:class="inline-form" attr:data-testid="usage-filters">
                <label>{t("usage-from")} <input type="date" name="from" value=from aria-describedby=described /></label>
                <label>{t("usage-to")} <input type="date" name="to" value=to aria-describedby=described /></label>
                <label>{t("usage-agent")} <select name="agent" data-testid="filter-agent"><option value="">{t("usage-all-agents")}</option>{agents}</select></label>
                <label>{t("usage-model")} <select name="model" data-testid="filter-model"><option value="">{t("usage-all-models")}</option>{models}</select></label>
                <label>{t("usage-group")} <select name="group" data-testid="filter-group"><option value="">{t("usage-all-groups")}</option>{groups}</select></label>
                <button type="submit" class="button primary" data-testid="apply-filters">{t("usage-apply")}</button>
            </Form>
            {error}
            <p class="muted">{t("usage-filter-help")}</p>
        </section>
    }
}

/// A chart's numbers as a table, folded away under the chart.
fn as_table(table: impl IntoView) -> impl IntoView {
    view! { <details class="chart-table"><summary>{t("usage-show-table")}</summary>{table}</details> }
}

fn daily_table(d: &Dashboard) -> impl IntoView {
    let models: Vec<String> = d.daily_by_model.iter().map(|(m, _)| m.clone()).collect();
    let rows = d
        .days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let costs: Vec<i64> = d
                .daily_by_model
                .iter()
                .map(|(_, v)| v.get(i).copied().unwrap_or(0))
                .collect();
            let total: i64 = costs.iter().sum();
            view! {
                <tr><td class="nowrap">{day.clone()}</td>
                    {costs.into_iter().map(|c| view! { <td class="num">{money(c)}</td> }).collect_view()}
                    <td class="num">{money(total)}</td></tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="table-daily">
                <thead><tr><th>{t("usage-col-day")}</th>{models.into_iter().map(|m| view! { <th class="num">{m}</th> }).collect_view()}<th class="num">{t("usage-col-total")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn hourly_table(d: &Dashboard) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="table-hours">
                <thead><tr><th>{t("usage-col-hour")}</th><th class="num">{t("usage-col-cost")}</th></tr></thead>
                <tbody>{d.hourly.iter().enumerate().map(|(h, c)| view! {
                    <tr><td>{format!("{h:02}:00")}</td><td class="num">{money(*c)}</td></tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    }
}

/// The hour of day that cost most (the earliest of equals) and its cost; none without cost.
fn busiest_hour(hourly: &[i64]) -> Option<(usize, i64)> {
    hourly
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, c)| *c > 0)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
}

fn group_table(rows: &[GroupSlice]) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="table-groups">
                <thead><tr><th>{t("usage-col-group")}</th><th class="num">{t("usage-col-cost")}</th></tr></thead>
                <tbody>{rows.iter().map(|g| view! {
                    <tr><td title=g.jid.clone()>{g.label.clone()}</td><td class="num">{money(g.cost)}</td></tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    }
}

fn charts(d: &Dashboard, f: &UsageFilter) -> impl IntoView {
    let daily = ChartSpec::StackedBars {
        categories: d.days.clone(),
        series: d
            .daily_by_model
            .iter()
            .map(|(m, v)| (m.clone(), v.iter().map(|c| usd(*c)).collect()))
            .collect(),
        unit: "USD".into(),
    };
    let bars = |labels: Vec<String>, costs: Vec<i64>| ChartSpec::Bars {
        labels,
        values: costs.into_iter().map(usd).collect(),
        unit: "USD".into(),
        horizontal: true,
    };
    let by_agent = bars(
        d.by_agent.iter().map(|(l, _)| l.clone()).collect(),
        d.by_agent.iter().map(|(_, c)| *c).collect(),
    );
    let by_group = bars(
        d.by_group.iter().map(|g| g.label.clone()).collect(),
        d.by_group.iter().map(|g| g.cost).collect(),
    );
    let hourly = ChartSpec::Hours {
        values: d.hourly.iter().map(|c| usd(*c)).collect(),
        unit: "USD".into(),
    };
    let busiest = match busiest_hour(&d.hourly) {
        Some((h, c)) => tr(&Text::new("usage-busiest")
            .str("hour", format!("{h:02}:00"))
            .str("cost", money(c))
            .str("share", percent(c, d.cost.max(1)))),
        None => t("usage-no-hourly-cost"),
    };
    let (tk, c) = (&d.tokens, &d.token_costs);
    let classes = [
        (t("usage-class-input"), tk.input, c.input),
        (t("usage-class-output"), tk.output, c.output),
        (t("usage-class-cache-write"), tk.cache_write, c.cache_write),
        (t("usage-class-cache-read"), tk.cache_read, c.cache_read),
    ];
    let tokens = ChartSpec::Pie {
        labels: classes
            .iter()
            .map(|(name, _, cost)| format!("{name} {}", money(*cost)))
            .collect(),
        values: classes.iter().map(|(_, _, cost)| usd(*cost)).collect(),
        colors: Vec::new(),
    };
    let table = |rows: Vec<(String, i64)>, what: String, id: &'static str| {
        view! {
            <div class="table-wrap">
                <table class="table" data-testid=id>
                    <thead><tr><th>{what}</th><th class="num">{t("usage-col-cost")}</th></tr></thead>
                    <tbody>{rows.into_iter().map(|(l, c)| view! { <tr><td>{l}</td><td class="num">{money(c)}</td></tr> }).collect_view()}</tbody>
                </table>
            </div>
        }
    };
    let filtered = chosen_group(f, d).map(|name| {
        view! { <p class="muted" data-testid="groups-filtered">{tr(&Text::new("usage-filtered-to").str("name", name))}</p> }
    });
    view! {
        <section class="card"><h2>{t("usage-daily-by-model")}</h2><Chart id="chart-daily" spec=daily />
            {as_table(daily_table(d))}</section>
        <div class="grid-2">
            <section class="card"><h2>{t("usage-by-agent")}</h2><Chart id="chart-agents" spec=by_agent />
                {table(d.by_agent.clone(), t("usage-agent"), "table-agents")}</section>
            <section class="card"><h2>{t("usage-by-group")}</h2>
                {filtered}
                {if d.by_group.is_empty() {
                    view! { <p class="muted" data-testid="groups-empty">{t("usage-groups-empty")}</p> }.into_any()
                } else {
                    view! { <Chart id="chart-groups" spec=by_group />{group_table(&d.by_group)} }.into_any()
                }}</section>
        </div>
        <div class="grid-2">
            <section class="card"><h2>{tr(&Text::new("usage-by-hour").str("zone", d.timezone.clone()))}</h2>
                <p class="chart-fact" data-testid="busiest-hour">{busiest}</p>
                <Chart id="chart-hours" spec=hourly />
                {as_table(hourly_table(d))}</section>
            <section class="card"><h2>{t("usage-by-class")}</h2><Chart id="chart-tokens" spec=tokens />
                <div class="table-wrap">
                    <table class="table" data-testid="table-tokens">
                        <thead><tr><th>{t("usage-col-class")}</th><th class="num">{t("usage-col-tokens")}</th><th class="num">{t("usage-col-cost")}</th></tr></thead>
                        <tbody>{classes.into_iter().map(|(name, n, cost)| view! {
                            <tr><td>{name}</td><td class="num">{thousands(n)}</td><td class="num">{money(cost)}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                </div></section>
        </div>
        <section class="card"><h2>{t("usage-by-model")}</h2>{table(d.by_model.clone(), t("usage-model"), "table-models")}</section>
    }
}

/// The consumption dashboard for a filter (any member).
#[server(prefix = "/api", endpoint = "get_dashboard")]
pub async fn get_dashboard(
    tenant_id: String,
    #[server(default)] filter: UsageFilter,
) -> Result<Dashboard, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::costs::dashboard::dashboard(&state.db, &at.tenant_id, &filter).await?)
}
