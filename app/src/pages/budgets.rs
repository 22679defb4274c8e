//! Budgets: the tenant's plan, time zone, monthly budget and auto-downgrade, and each agent's
//! monthly budget, daily limit and pause.

use crate::error::ApiError;
use crate::forms::{RowSaves, SaveState, SaveStatus};
use crate::layout::{tenant_id, Viewer};
use crate::pages::successes;
use crate::pages::usage::thousands;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use baas::amount::{format_usd as format_locale_usd, parse_usd};
use baas::i18n::Locale;
use baas::model::{AgentLimits, BudgetSettings, SpendSummary};
use baas::pricing::format_usd;
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// An amount as a person would type it in `locale`: two decimals, no thousands separator.
fn amount(v: Option<i64>, locale: Locale) -> String {
    v.map(|m| {
        let cents = (m + 5_000) / 10_000;
        format!("{}{}{:02}", cents / 100, locale.decimal(), cents % 100)
    })
    .unwrap_or_default()
}

/// A field for an amount in USD, typed in the person's own number conventions; what it will
/// be read as (or why it cannot be) shows beside it as they type, before anything is saved.
#[component]
fn MoneyInput(
    name: &'static str,
    value: Option<i64>,
    locale: Locale,
    placeholder: &'static str,
    #[prop(into)] disabled: Signal<bool>,
    testid: String,
    #[prop(optional)] size: Option<u32>,
) -> impl IntoView {
    let text = RwSignal::new(amount(value, locale));
    let reading = move || match parse_usd(&text.get(), locale) {
        Ok(Some(m)) => (false, format!("= {}", format_locale_usd(m, locale))),
        Ok(None) => (false, "none".to_string()),
        Err(e) => (true, e.to_string()),
    };
    view! {
        <input
            type="text"
            inputmode="decimal"
            name=name
            value=amount(value, locale)
            prop:value=move || text.get()
            on:input=move |ev| text.set(event_target_value(&ev))
            placeholder=placeholder
            size=size
            disabled=move || disabled.get()
            data-testid=testid.clone()
        />
        <span
            class=move || if reading().0 { "field-note error" } else { "field-note muted" }
            aria-live="polite"
            data-testid=format!("{testid}-reading")
        >
            {move || reading().1}
        </span>
    }
}

fn limit(v: Option<i64>) -> String {
    v.map_or("unlimited".to_string(), thousands)
}

/// `/t/:tenant/budgets`: members see the settings; owners and admins change them.
#[component]
pub fn BudgetsPage() -> impl IntoView {
    let tenant = tenant_id();
    let viewer = expect_context::<Viewer>();
    let manage = Signal::derive(move || viewer.role.get().is_some_and(|r| r.can_manage_team()));
    let save = ServerAction::<SaveBudget>::new();
    let save_agent = ServerAction::<SaveAgentLimits>::new();
    let unpause = ServerAction::<UnpauseAgent>::new();
    let (saved, agent_saved, unpaused) =
        (successes(save), successes(save_agent), successes(unpause));
    let settings = Resource::new(
        move || (tenant.get(), saved.get(), agent_saved.get(), unpaused.get()),
        |(t, _, _, _)| get_budget_settings(t),
    );
    let actions = Actions {
        manage,
        save,
        save_agent,
        agent_saves: RowSaves::new(save_agent, |a: &SaveAgentLimits| a.agent_id.clone()),
        unpause,
        unpauses: RowSaves::new(unpause, |u: &UnpauseAgent| u.agent_id.clone()),
    };
    view! {
        <Title text="Budgets · BaaS" />
        <div class="page">
            <header class="page-header"><h1>"Budgets"</h1></header>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(v) => page(tenant.get_untracked(), v, actions).into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The page's actions, and where each row's save stands.
#[derive(Clone, Copy)]
struct Actions {
    manage: Signal<bool>,
    save: ServerAction<SaveBudget>,
    save_agent: ServerAction<SaveAgentLimits>,
    agent_saves: RowSaves<String>,
    unpause: ServerAction<UnpauseAgent>,
    unpauses: RowSaves<String>,
}

/// What the Budgets page reads: the settings, and this month's spend so far (read as the
/// Overview reads it, so both say the same), which may fail on its own.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BudgetsView {
    #[serde(flatten)]
    pub settings: BudgetSettings,
    pub spend: Result<SpendSummary, ApiError>,
}

/// "Spent $X of $Y this month (Z%)" and a bar, in the viewer's number conventions.
fn budget_bar(spend: Result<SpendSummary, ApiError>, locale: Locale) -> impl IntoView {
    let s = match spend {
        Ok(s) => s,
        Err(e) => {
            return view! { <p class="error" role="alert">{format!("This month's spend could not be read: {e}")}</p> }
                .into_any()
        }
    };
    let spent = format_locale_usd(s.month_to_date, locale);
    let Some(budget) = s.budget.filter(|b| *b > 0) else {
        return view! {
            <p data-testid="budget-spent">{format!("Spent {spent} this month. No monthly budget is set.")}</p>
        }
        .into_any();
    };
    let hundredths = s.month_to_date.saturating_mul(10_000) / budget;
    let level = match hundredths {
        h if h >= 10_000 => "over",
        h if h >= 8_000 => "high",
        _ => "ok",
    };
    let width = format!("width: {}%", hundredths.clamp(0, 10_000) as f64 / 100.0);
    let text = format!(
        "Spent {spent} of {} this month ({})",
        format_locale_usd(budget, locale),
        locale.percent_hundredths(hundredths)
    );
    view! {
        <div class="budget-bar" data-testid="budget-bar" data-level=level>
            <p data-testid="budget-spent">{text.clone()}</p>
            <div class="bar" role="progressbar" aria-label=text aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=(hundredths / 100).to_string()>
                <span class="bar-fill" style=width></span>
            </div>
            <p class="muted small">{format!("Months follow {}.", s.timezone)}</p>
        </div>
    }
    .into_any()
}

fn page(tenant: String, v: BudgetsView, actions: Actions) -> impl IntoView {
    let Actions { manage, save, .. } = actions;
    let s = v.settings;
    let p = &s.plan;
    let locale = use_context::<Locale>().unwrap_or_default();
    let tag = locale.tag();
    let tenant_for_agents = tenant.clone();
    let agents = s
        .agents
        .iter()
        .cloned()
        .map(|a| agent_row(tenant_for_agents.clone(), a, locale, actions))
        .collect_view();
    view! {
        <section class="card" data-testid="plan">
            <h2>{format!("{} plan", p.name)}</h2>
            <p>{format!(
                "Models: {}. Default model: {}. Messages per month: {}. WhatsApp groups: {}. Bots: {}. API access: {}.",
                p.models.replace(',', ", "), p.default_model, limit(p.monthly_messages), limit(p.max_groups),
                limit(p.max_bots), if p.api_access { "yes" } else { "no" }
            )}</p>
            <p class="muted">"Your operator changes plans."</p>
            {s.operator_cap.map(|cap| view! {
                <p data-testid="operator-cap">{format!(
                    "Spending cap set by your operator: {} a month. Requests stop when the workspace reaches it, whatever the budget below says; only the operator can change it.",
                    format_usd(cap)
                )}</p>
            })}
        </section>
        <section class="card">
            <h2>"Monthly budget"</h2>
            {budget_bar(v.spend, locale)}
            {s.downgrade_active.then(|| view! {
                <p class="notice" data-testid="downgrade-active">"Auto-downgrade is engaged: Opus requests are being served by Sonnet until the budget has room again or next month starts."</p>
            })}
            <ActionForm action=save attr:class="stack-form" attr:data-testid="budget-form">
                <input type="hidden" name="tenant_id" value=tenant.clone() />
                <input type="hidden" name="locale" value=tag />
                <label>"Time zone (budget months and days follow it)"
                    <input type="text" name="timezone" value=s.timezone.clone() prop:value=s.timezone.clone() required maxlength="64" list="zones" disabled=move || !manage.get() />
                </label>
                <datalist id="zones">
                    {["UTC", "America/Sao_Paulo", "America/New_York", "America/Los_Angeles", "Europe/Lisbon", "Europe/London", "Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney"]
                        .into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
                </datalist>
                <label>"Monthly budget (USD; empty for none)"
                    <MoneyInput name="monthly_budget" value=s.monthly_budget locale placeholder="1000" disabled=Signal::derive(move || !manage.get()) testid="monthly-budget".to_string() />
                </label>
                <label class="check">
                    <input type="checkbox" name="downgrade_enabled" value="on" checked=s.downgrade_enabled disabled=move || !manage.get() />
                    "Auto-downgrade Opus to Sonnet when the budget runs low"
                </label>
                <label>"…when less than this share of the budget is left (%)"
                    <input type="number" name="downgrade_share" min="1" max="90" value=s.downgrade_share.to_string() prop:value=s.downgrade_share.to_string() disabled=move || !manage.get() />
                </label>
                <div class="form-actions">
                    <Show when=move || manage.get()>
                        <button type="submit" class="button primary" data-testid="save-budget">"Save"</button>
                    </Show>
                    <SaveStatus state=SaveState::of(save) testid="budget" />
                </div>
            </ActionForm>
        </section>
        <section class="card">
            <h2>"Agents"</h2>
            <p class="muted">"A daily limit pauses the agent for the rest of its day once reached; the gateway answers its calls with a clear error until midnight in the workspace's time zone, or until an admin unpauses it."</p>
            <div class="table-wrap">
                <table class="table" data-testid="agent-limits">
                    <thead><tr><th>"Agent"</th><th>"Today"</th><th>"This month"</th><th>"Limits"</th><th>"State"</th></tr></thead>
                    <tbody>{agents}</tbody>
                </table>
            </div>
        </section>
    }
}

fn agent_row(tenant: String, a: AgentLimits, locale: Locale, actions: Actions) -> impl IntoView {
    let Actions {
        manage,
        save_agent: save,
        agent_saves,
        unpause,
        unpauses,
        ..
    } = actions;
    let (saved, unpaused) = (
        agent_saves.of(a.agent_id.clone()),
        unpauses.of(a.agent_id.clone()),
    );
    let status_id = format!("agent-{}-status", a.name);
    let paused = a.paused_until.clone();
    let (t2, id2) = (tenant.clone(), a.agent_id.clone());
    let (monthly_id, daily_id) = (
        format!("agent-{}-monthly", a.name),
        format!("agent-{}-daily", a.name),
    );
    view! {
        <tr data-testid=format!("agent-{}", a.name)>
            <td>{a.name.clone()}</td>
            <td>{format_usd(a.spent_today)}</td>
            <td>{format_usd(a.spent_month)}</td>
            <td>
                <ActionForm action=save attr:class="inline-form">
                    <input type="hidden" name="tenant_id" value=tenant.clone() />
                    <input type="hidden" name="agent_id" value=a.agent_id.clone() />
                    <input type="hidden" name="locale" value=locale.tag() />
                    <label>"Monthly" <MoneyInput name="monthly_budget" size=8 value=a.monthly_budget locale placeholder="none" disabled=Signal::derive(move || !manage.get()) testid=monthly_id /></label>
                    <label>"Daily" <MoneyInput name="daily_limit" size=8 value=a.daily_limit locale placeholder="none" disabled=Signal::derive(move || !manage.get()) testid=daily_id /></label>
                    <Show when=move || manage.get()>
                        <button type="submit" class="button">"Save"</button>
                    </Show>
                    <SaveStatus state=saved testid=status_id />
                </ActionForm>
            </td>
            <td>{match paused {
                Some(until) => view! {
                    <span class="badge-paused" data-testid="paused">{format!("Paused until {until}")}</span>
                    <Show when=move || manage.get()>
                        <button class="button" data-testid="unpause" on:click={
                            let (t, id) = (t2.clone(), id2.clone());
                            move |_| { unpause.dispatch(UnpauseAgent { tenant_id: t.clone(), agent_id: id.clone() }); }
                        }>"Unpause"</button>
                    </Show>
                }.into_any(),
                None => view! { <span class="muted">"Active"</span> }.into_any(),
            }}
            <SaveStatus state=unpaused testid="unpause-status" saved="Unpaused for the rest of the day" /></td>
        </tr>
    }
}

/// The tenant's plan, time zone, budget, auto-downgrade and agents' limits, with this month's
/// spend so far (any member).
#[server(prefix = "/api", endpoint = "get_budget_settings")]
pub async fn get_budget_settings(tenant_id: String) -> Result<BudgetsView, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let mut settings = baas::costs::settings::budget_settings(&state.db, &at).await?;
    // A deleted agent keeps its row (its usage keeps its name) but has no limits to set.
    let live = baas::gateway::store::list_agents(&state.db, &at).await?;
    let spend = baas::overview::spend(&state.db, &at).await;
    settings
        .agents
        .retain(|a| live.iter().any(|l| l.id == a.agent_id));
    Ok(BudgetsView {
        settings,
        spend: spend.map_err(ApiError::from),
    })
}

/// Saves the tenant's time zone, monthly budget (empty: none) and auto-downgrade settings.
#[server(prefix = "/api", endpoint = "save_budget")]
pub async fn save_budget(
    tenant_id: String,
    timezone: String,
    monthly_budget: String,
    downgrade_enabled: Option<String>,
    downgrade_share: String,
    locale: Option<String>,
) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let locale = crate::state::number_locale(locale.as_deref());
    let budget = baas::amount::parse_usd(&monthly_budget, locale)
        .map_err(|e| ApiError::Invalid(format!("monthly budget: {e}")))?;
    let share = downgrade_share
        .trim()
        .trim_end_matches('%')
        .parse::<i64>()
        .map_err(|_| {
            ApiError::Invalid("downgrade share: give a whole percentage, like 20".into())
        })?;
    let settings = baas::costs::settings::TenantBudget {
        timezone,
        monthly_budget: budget,
        downgrade_enabled: downgrade_enabled.is_some(),
        downgrade_share: share,
    };
    let _changing = state.policies.changing(&at.tenant_id);
    baas::costs::settings::save_tenant_budget(&state.db, &at, &settings).await?;
    Ok(())
}

/// Saves an agent's monthly budget and daily limit (empty: none).
#[server(prefix = "/api", endpoint = "save_agent_limits")]
pub async fn save_agent_limits(
    tenant_id: String,
    agent_id: String,
    monthly_budget: String,
    daily_limit: String,
    locale: Option<String>,
) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let locale = crate::state::number_locale(locale.as_deref());
    let monthly = baas::amount::parse_usd(&monthly_budget, locale)
        .map_err(|e| ApiError::Invalid(format!("monthly budget: {e}")))?;
    let daily = baas::amount::parse_usd(&daily_limit, locale)
        .map_err(|e| ApiError::Invalid(format!("daily limit: {e}")))?;
    let _changing = state.policies.changing(&at.tenant_id);
    let change = baas::costs::settings::AgentLimitsChange {
        agent_id: &agent_id,
        monthly_budget: monthly,
        daily_limit: daily,
    };
    baas::costs::settings::save_agent_limits(&state.db, &at, &change).await?;
    Ok(())
}

/// Lifts an agent's daily pause for the rest of the day (admins and owners).
#[server(prefix = "/api", endpoint = "unpause_agent")]
pub async fn unpause_agent(tenant_id: String, agent_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let _changing = state.policies.changing(&at.tenant_id);
    baas::costs::settings::unpause(&state.db, &at, &agent_id).await?;
    Ok(())
}
