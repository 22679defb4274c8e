//! Budgets: the tenant's plan, time zone, monthly budget and auto-downgrade, and each agent's
//! monthly budget, daily limit and pause.

use crate::error::ApiError;
use crate::forms::{RowSaves, SaveState, SaveStatus};
use crate::i18n::{t, tr};
use crate::layout::{tenant_id, Viewer};
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use crate::time::ZonePicker;
use baas::amount::{format_usd as format_locale_usd, parse_usd};
use baas::i18n::{Locale, Text};
use baas::model::{AgentLimits, BudgetSettings, SpendSummary};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// An amount as a person would type it in `locale`: two decimals, no thousands separator.
pub(crate) fn amount(v: Option<i64>, locale: Locale) -> String {
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
    placeholder: String,
    #[prop(into)] disabled: Signal<bool>,
    testid: String,
    #[prop(optional)] size: Option<u32>,
) -> impl IntoView {
    let text = RwSignal::new(amount(value, locale));
    let none = StoredValue::new(t("budgets-none"));
    let reading = move || match parse_usd(&text.get(), locale) {
        Ok(Some(m)) => (false, format!("= {}", format_locale_usd(m, locale))),
        Ok(None) => (false, none.get_value()),
        Err(e) => (true, tr(&e.text())),
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

fn limit(v: Option<i64>, locale: Locale) -> String {
    v.map_or_else(|| t("budgets-unlimited"), |n| locale.integer(n))
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
    let zone = use_context::<crate::time::WorkspaceZone>();
    Effect::new(move |_| {
        if let (Some(zone), Some(Ok(saved))) = (zone, save.value().get()) {
            zone.saved(saved);
        }
    });
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
        <Title text=format!("{} · BaaS", t("nav-budgets")) />
        <div class="page">
            <header class="page-header"><h1>{t("nav-budgets")}</h1></header>
            <Suspense fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
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
            return view! { <p class="error" role="alert">{tr(&Text::new("budgets-spend-unreadable").str("error", e.to_string()))}</p> }
                .into_any()
        }
    };
    let spent = format_locale_usd(s.month_to_date, locale);
    let Some(budget) = s.budget.filter(|b| *b > 0) else {
        return view! {
            <p data-testid="budget-spent">{tr(&Text::new("budgets-spent-no-budget").str("spent", spent))}</p>
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
    let text = tr(&Text::new("budgets-spent-of")
        .str("spent", spent)
        .str("budget", format_locale_usd(budget, locale))
        .str("share", locale.percent_hundredths(hundredths)));
    view! {
        <div class="budget-bar" data-testid="budget-bar" data-level=level>
            <p data-testid="budget-spent">{text.clone()}</p>
            <div class="bar" role="progressbar" aria-label=text aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=(hundredths / 100).to_string()>
                <span class="bar-fill" style=width></span>
            </div>
            <p class="muted small">{tr(&Text::new("overview-months-follow").str("zone", s.timezone))}</p>
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
            <h2>{tr(&Text::new("budgets-plan").str("plan", p.name.clone()))}</h2>
            <p>{tr(&Text::new("budgets-plan-details")
                .str("models", p.models.replace(',', ", "))
                .str("default", p.default_model.clone())
                .str("messages", limit(p.monthly_messages, locale))
                .str("groups", limit(p.max_groups, locale))
                .str("bots", limit(p.max_bots, locale))
                .str("api", t(if p.api_access { "budgets-yes" } else { "budgets-no" })))}</p>
            <p class="muted">{t("budgets-operator-changes")}</p>
            {s.operator_cap.map(|cap| view! {
                <p data-testid="operator-cap">{tr(&Text::new("budgets-operator-cap").str("cap", format_locale_usd(cap, locale)))}</p>
            })}
        </section>
        <section class="card">
            <h2>{t("budgets-monthly")}</h2>
            {budget_bar(v.spend, locale)}
            {s.downgrade_active.then(|| view! {
                <p class="notice" data-testid="downgrade-active">{t("budgets-downgrade-active")}</p>
            })}
            <ActionForm action=save attr:class="stack-form" attr:data-testid="budget-form">
                <input type="hidden" name="tenant_id" value=tenant.clone() />
                <input type="hidden" name="locale" value=tag />
                <label>{t("budgets-timezone")}
                    <ZonePicker name="timezone" value=s.timezone.clone() disabled=Signal::derive(move || !manage.get()) testid="timezone" />
                </label>
                <label>{t("budgets-monthly-field")}
                    <MoneyInput name="monthly_budget" value=s.monthly_budget locale placeholder="1000".to_string() disabled=Signal::derive(move || !manage.get()) testid="monthly-budget".to_string() />
                </label>
                <label class="check">
                    <input type="checkbox" name="downgrade_enabled" value="on" checked=s.downgrade_enabled disabled=move || !manage.get() />
                    {t("budgets-downgrade")}
                </label>
                <label>{t("budgets-downgrade-share")}
                    <input type="number" name="downgrade_share" min="1" max="90" value=s.downgrade_share.to_string() prop:value=s.downgrade_share.to_string() disabled=move || !manage.get() />
                </label>
                <div class="form-actions">
                    <Show when=move || manage.get()>
                        <button type="submit" class="button primary" data-testid="save-budget">{t("budgets-save")}</button>
                    </Show>
                    <SaveStatus state=SaveState::of(save) testid="budget" />
                </div>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{t("budgets-agents")}</h2>
            <p class="muted">{t("budgets-agents-help")}</p>
            <div class="table-wrap">
                <table class="table" data-testid="agent-limits">
                    <thead><tr><th>{t("budgets-col-agent")}</th><th>{t("budgets-col-state")}</th><th>{t("budgets-col-today")}</th><th>{t("budgets-col-month")}</th><th>{t("budgets-col-limits")}</th></tr></thead>
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
            <td>{match paused {
                Some(until) => view! {
                    <span class="badge-paused" data-testid="paused">{tr(&Text::new("budgets-paused-until").str("until", until))}</span>
                    <Show when=move || manage.get()>
                        <button class="button" data-testid="unpause" on:click={
                            let (t, id) = (t2.clone(), id2.clone());
                            move |_| { unpause.dispatch(UnpauseAgent { tenant_id: t.clone(), agent_id: id.clone() }); }
                        }>{t("budgets-unpause")}</button>
                    </Show>
                }.into_any(),
                None => view! { <span class="muted">{t("budgets-active")}</span> }.into_any(),
            }}
            <SaveStatus state=unpaused testid="unpause-status" saved=t("budgets-unpaused") /></td>
            <td>{format_locale_usd(a.spent_today, locale)}</td>
            <td>{format_locale_usd(a.spent_month, locale)}</td>
            <td>
                <ActionForm action=save attr:class="inline-form">
                    <input type="hidden" name="tenant_id" value=tenant.clone() />
                    <input type="hidden" name="agent_id" value=a.agent_id.clone() />
                    <input type="hidden" name="locale" value=locale.tag() />
                    <label>{t("budgets-agent-monthly")} <MoneyInput name="monthly_budget" size=8 value=a.monthly_budget locale placeholder=t("budgets-none") disabled=Signal::derive(move || !manage.get()) testid=monthly_id /></label>
                    <label>{t("budgets-agent-daily")} <MoneyInput name="daily_limit" size=8 value=a.daily_limit locale placeholder=t("budgets-none") disabled=Signal::derive(move || !manage.get()) testid=daily_id /></label>
                    <Show when=move || manage.get()>
                        <button type="submit" class="button">{t("budgets-save")}</button>
                    </Show>
                    <SaveStatus state=saved testid=status_id />
                </ActionForm>
            </td>
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

/// An amount refused in field `field` (its message names the field), said in the language of
/// the page that sent it.
#[cfg(feature = "ssr")]
pub(crate) fn amount_refused(field: &str, e: baas::amount::AmountError) -> ApiError {
    ApiError::Invalid(tr(&Text::new(field).text("error", e.text())))
}

/// Saves the tenant's time zone, monthly budget (empty: none) and auto-downgrade settings;
/// returns the zone as stored.
#[server(prefix = "/api", endpoint = "save_budget")]
pub async fn save_budget(
    tenant_id: String,
    timezone: String,
    monthly_budget: String,
    downgrade_enabled: Option<String>,
    downgrade_share: String,
    locale: Option<String>,
) -> Result<String, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let locale = crate::state::number_locale(locale.as_deref());
    let budget = baas::amount::parse_usd(&monthly_budget, locale)
        .map_err(|e| amount_refused("amount-field-monthly-budget", e))?;
    let share = downgrade_share
        .trim()
        .trim_end_matches('%')
        .parse::<i64>()
        .map_err(|_| ApiError::Invalid(t("budgets-share-invalid")))?;
    let settings = baas::costs::settings::TenantBudget {
        timezone,
        monthly_budget: budget,
        downgrade_enabled: downgrade_enabled.is_some(),
        downgrade_share: share,
    };
    let _changing = state.policies.changing(&at.tenant_id);
    Ok(baas::costs::settings::save_tenant_budget(&state.db, &at, &settings).await?)
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
        .map_err(|e| amount_refused("amount-field-monthly-budget", e))?;
    let daily = baas::amount::parse_usd(&daily_limit, locale)
        .map_err(|e| amount_refused("amount-field-daily-limit", e))?;
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
