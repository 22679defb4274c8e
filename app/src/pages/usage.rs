//! The tenant's usage at a glance: today and this month, by agent and by model.

use crate::api::get_usage;
use crate::layout::tenant_id;
use baas::model::{UsageLine, UsageTotals};
use baas::pricing::format_usd;
use leptos::prelude::*;

fn tokens(t: &UsageTotals) -> i64 {
    t.input_tokens + t.output_tokens + t.cache_read_tokens + t.cache_write_tokens
}

/// Groups digits in thousands: 1607255 → 1,607,255.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// `/t/:tenant/usage`: requests, tokens and cost for today and this month (UTC).
#[component]
pub fn UsagePage() -> impl IntoView {
    let tenant = tenant_id();
    let data = Resource::new(move || tenant.get(), get_usage);
    view! {
        <div class="page">
            <header class="page-header"><h1>"Usage"</h1></header>
            <p class="muted">"Model calls through the gateway. Days and months are UTC."</p>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(s) if s.month.requests == 0 => view! {
                            <section class="card" data-testid="usage-empty">
                                <h2>"No model calls yet this month"</h2>
                                <p class="muted">"Create an agent and a virtual key under Agents & keys, then point the agent's Clawdbot provider at this server with that key."</p>
                            </section>
                        }.into_any(),
                        Ok(s) => view! {
                            <section class="tiles">
                                <div class="tile"><span class="tile-label">"Cost today"</span>
                                    <span class="tile-value" data-testid="cost-today">{format_usd(s.today.cost_micro_usd)}</span></div>
                                <div class="tile"><span class="tile-label">"Cost this month"</span>
                                    <span class="tile-value" data-testid="cost-month">{format_usd(s.month.cost_micro_usd)}</span></div>
                                <div class="tile"><span class="tile-label">"Requests this month"</span>
                                    <span class="tile-value">{thousands(s.month.requests)}</span></div>
                                <div class="tile"><span class="tile-label">"Tokens this month"</span>
                                    <span class="tile-value">{thousands(tokens(&s.month))}</span></div>
                            </section>
                            <section class="card"><h2>"This month by agent"</h2>{breakdown(s.month_by_agent, "Agent")}</section>
                            <section class="card"><h2>"This month by model"</h2>{breakdown(s.month_by_model, "Model")}</section>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

fn breakdown(lines: Vec<UsageLine>, what: &'static str) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead><tr><th>{what}</th><th>"Requests"</th><th>"Input"</th><th>"Output"</th><th>"Cache read"</th><th>"Cache write"</th><th>"Cost"</th></tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <td>{l.label}</td>
                            <td>{thousands(l.totals.requests)}</td>
                            <td>{thousands(l.totals.input_tokens)}</td>
                            <td>{thousands(l.totals.output_tokens)}</td>
                            <td>{thousands(l.totals.cache_read_tokens)}</td>
                            <td>{thousands(l.totals.cache_write_tokens)}</td>
                            <td>{format_usd(l.totals.cost_micro_usd)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
