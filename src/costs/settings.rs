//! Plans, budgets and pauses as tenants and operators set them: reading and saving the
//! settings, the daily pause and its lifting, the auto-downgrade switch, and plan caps on
//! bots and WhatsApp groups.

use super::rollups;
use crate::access::Access;
use crate::alerts::Severity;
use crate::audit::{self, Action, Actor};
use crate::costs::policy::{self, Plan};
use crate::db::{now, Db};
use crate::error::{Error, Result};
use crate::model::{AgentLimits, BudgetSettings, PlanView};
use crate::pricing::format_usd;
use crate::tz::Zone;

/// A plan as shown.
pub fn plan_view(p: &Plan) -> PlanView {
    PlanView {
        id: p.id.clone(),
        name: p.name.clone(),
        models: p.families.join(","),
        default_model: p.default_model.clone(),
        monthly_messages: p.monthly_messages,
        max_groups: p.max_groups,
        max_bots: p.max_bots,
        api_access: p.api_access,
    }
}

/// The plan a tenant is on.
pub async fn tenant_plan(db: &Db, tenant_id: &str) -> Result<Plan> {
    let (plan_id,): (String,) = sqlx::query_as("SELECT plan_id FROM tenants WHERE id = $1")
        .bind(tenant_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::NotFound("tenant"))?;
    policy::load_plan(db, &plan_id)
        .await?
        .ok_or_else(|| Error::Internal(format!("unknown plan {plan_id}")))
}

/// The tenant's time zone.
pub async fn tenant_zone(db: &Db, tenant_id: &str) -> Result<Zone> {
    let (tz,): (String,) = sqlx::query_as("SELECT timezone FROM tenants WHERE id = $1")
        .bind(tenant_id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::NotFound("tenant"))?;
    Ok(Zone::stored(&tz))
}

type TenantRow = (String, String, Option<i64>, i64, i64, i64, Option<i64>);
type AgentRow = (String, String, Option<i64>, Option<i64>, Option<i64>);

/// A workspace's budget settings and its agents' limits.
pub async fn budget_settings(db: &Db, at: &Access) -> Result<BudgetSettings> {
    let tenant_id = at.tenant_id.as_str();
    let (plan_id, timezone, monthly_budget, enabled, share, active, operator_cap): TenantRow =
        sqlx::query_as(
            "SELECT plan_id, timezone, monthly_budget, downgrade_enabled, downgrade_share,
                    downgrade_active, operator_cap
             FROM tenants WHERE id = $1",
        )
        .bind(tenant_id)
        .fetch_one(&db.pool)
        .await?;
    let plan = policy::load_plan(db, &plan_id)
        .await?
        .ok_or_else(|| Error::Internal(format!("unknown plan {plan_id}")))?;
    let zone = Zone::stored(&timezone);
    let t = now();
    let (day_start, day_end) = zone.day_bounds(t);
    let (month_start, month_end) = zone.month_bounds(t);
    let rows: Vec<AgentRow> = sqlx::query_as(
        "SELECT id, name, monthly_budget, daily_limit, paused_until FROM agents
         WHERE tenant_id = $1 ORDER BY name",
    )
    .bind(tenant_id)
    .fetch_all(&db.pool)
    .await?;
    let mut agents = Vec::with_capacity(rows.len());
    for (id, name, monthly, daily, paused) in rows {
        let (spent_today, _) = rollups::cost(db, tenant_id, Some(&id), day_start, day_end).await?;
        let (spent_month, _) =
            rollups::cost(db, tenant_id, Some(&id), month_start, month_end).await?;
        agents.push(AgentLimits {
            agent_id: id,
            name,
            monthly_budget: monthly,
            daily_limit: daily,
            paused_until: paused.filter(|u| *u > t).map(|_| zone.midnight_label(t)),
            spent_today,
            spent_month,
        });
    }
    Ok(BudgetSettings {
        plan: plan_view(&plan),
        timezone,
        monthly_budget,
        operator_cap,
        downgrade_enabled: enabled != 0,
        downgrade_share: share,
        downgrade_active: active != 0,
        agents,
    })
}

/// Largest budget accepted: ten million dollars.
pub const MAX_BUDGET: i64 = 10_000_000_000_000;

fn check_amount(what: &str, v: Option<i64>) -> Result<()> {
    match v {
        Some(n) if !(0..=MAX_BUDGET).contains(&n) => Err(Error::Invalid(format!(
            "{what} must be between $0 and {}",
            format_usd(MAX_BUDGET)
        ))),
        _ => Ok(()),
    }
}

/// A tenant's budget settings as typed in.
#[derive(Debug, Clone)]
pub struct TenantBudget {
    pub timezone: String,
    /// Micro-USD; `None`: no monthly budget.
    pub monthly_budget: Option<i64>,
    pub downgrade_enabled: bool,
    /// Percent of the budget left under which auto-downgrade engages.
    pub downgrade_share: i64,
}

/// Saves the workspace's time zone, monthly budget and auto-downgrade settings; audited.
pub async fn save_tenant_budget(db: &Db, at: &Access, b: &TenantBudget) -> Result<()> {
    let tenant_id = at.tenant_id.as_str();
    let (timezone, monthly_budget, downgrade_enabled, downgrade_share) = (
        &b.timezone,
        b.monthly_budget,
        b.downgrade_enabled,
        b.downgrade_share,
    );
    let zone = Zone::parse(timezone.trim()).map_err(Error::Invalid)?;
    check_amount("the monthly budget", monthly_budget)?;
    if !(1..=90).contains(&downgrade_share) {
        return Err(Error::Invalid(
            "the downgrade share must be between 1% and 90% of the budget".into(),
        ));
    }
    let mut tx = db.pool.begin().await?;
    let (was_downgraded,): (i64,) =
        sqlx::query_as("SELECT downgrade_active FROM tenants WHERE id = $1")
            .bind(tenant_id)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query(
        "UPDATE tenants SET timezone = $1, monthly_budget = $2, downgrade_enabled = $3,
             downgrade_share = $4,
             downgrade_active = CASE WHEN $2 IS NULL OR $3 = 0 THEN 0 ELSE downgrade_active END
         WHERE id = $5",
    )
    .bind(zone.name())
    .bind(monthly_budget)
    .bind(i64::from(downgrade_enabled))
    .bind(downgrade_share)
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?;
    let detail = format!(
        "budget {}, time zone {}, auto-downgrade {} below {downgrade_share}%",
        monthly_budget.map_or("none".to_string(), format_usd),
        zone.name(),
        if downgrade_enabled { "on" } else { "off" }
    );
    audit::record(
        &mut tx,
        Some(tenant_id),
        &at.actor,
        Action::BudgetChanged,
        &detail,
    )
    .await?;
    if was_downgraded != 0 && (monthly_budget.is_none() || !downgrade_enabled) {
        let why = if monthly_budget.is_none() {
            "the budget was removed"
        } else {
            "it was turned off"
        };
        audit::record(
            &mut tx,
            Some(tenant_id),
            &at.actor,
            Action::DowngradeSwitched,
            &format!("auto-downgrade released: {why}"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// An agent's new monthly budget and daily limit.
pub struct AgentLimitsChange<'a> {
    pub agent_id: &'a str,
    pub monthly_budget: Option<i64>,
    pub daily_limit: Option<i64>,
}

/// Saves one agent's monthly budget and daily limit (`None`: none); audited.
pub async fn save_agent_limits(db: &Db, at: &Access, c: &AgentLimitsChange<'_>) -> Result<()> {
    check_amount("the agent's monthly budget", c.monthly_budget)?;
    check_amount("the daily limit", c.daily_limit)?;
    let mut tx = db.pool.begin().await?;
    let row: Option<(String,)> =
        sqlx::query_as("SELECT tenant_id FROM agents WHERE id = $1 AND tenant_id = $2")
            .bind(c.agent_id)
            .bind(&at.tenant_id)
            .fetch_optional(&mut *tx)
            .await?;
    row.ok_or(Error::NotFound("agent"))?;
    sqlx::query("UPDATE agents SET monthly_budget = $1, daily_limit = $2 WHERE id = $3")
        .bind(c.monthly_budget)
        .bind(c.daily_limit)
        .bind(c.agent_id)
        .execute(&mut *tx)
        .await?;
    let detail = format!(
        "agent {}: monthly budget {}, daily limit {}",
        c.agent_id,
        c.monthly_budget.map_or("none".to_string(), format_usd),
        c.daily_limit.map_or("none".to_string(), format_usd)
    );
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
        Action::BudgetChanged,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a tenant's monthly budget and, if given, its time zone from the command line; audited
/// as the operator.
pub async fn operator_set_budget(
    db: &Db,
    tenant_id: &str,
    monthly_budget: Option<i64>,
    timezone: Option<&str>,
) -> Result<()> {
    check_amount("the monthly budget", monthly_budget)?;
    let zone = match timezone {
        Some(tz) => Some(Zone::parse(tz.trim()).map_err(Error::Invalid)?),
        None => None,
    };
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE tenants SET monthly_budget = $1, timezone = COALESCE($2, timezone) WHERE id = $3",
    )
    .bind(monthly_budget)
    .bind(zone.as_ref().map(|z| z.name().to_string()))
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("tenant"));
    }
    let detail = format!(
        "budget {}{}",
        monthly_budget.map_or("none".to_string(), format_usd),
        zone.map(|z| format!(", time zone {}", z.name()))
            .unwrap_or_default()
    );
    audit::record(
        &mut tx,
        Some(tenant_id),
        &Actor::operator(),
        Action::BudgetChanged,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets (or clears, with `None`) the monthly spending cap an operator puts on a workspace:
/// the gateway holds it like a budget, and the workspace's own admins see it but cannot change
/// it. Audited as `actor`.
pub async fn set_operator_cap(
    db: &Db,
    actor: &Actor,
    tenant_id: &str,
    cap: Option<i64>,
) -> Result<()> {
    check_amount("the spending cap", cap)?;
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE tenants SET operator_cap = $1 WHERE id = $2")
        .bind(cap)
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("tenant"));
    }
    let detail = match cap {
        Some(c) => format!("operator spending cap set to {} a month", format_usd(c)),
        None => "operator spending cap removed".to_string(),
    };
    audit::record(
        &mut tx,
        Some(tenant_id),
        actor,
        Action::BudgetChanged,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An agent's pause for the rest of its day.
#[derive(Debug, Clone)]
pub struct DayPause<'a> {
    pub tenant_id: &'a str,
    pub agent_id: &'a str,
    pub agent_name: &'a str,
    /// End of the agent's local day (Unix seconds), and how it reads.
    pub until: i64,
    pub until_label: String,
    /// The local day, `YYYY-MM-DD`.
    pub day: String,
    pub limit: i64,
}

/// Pauses an agent because it reached its daily limit, with its audit entry; true if this call
/// paused it (once per day across processes). The caller then drops what it caches of the
/// agent and raises [`pause_alert`].
pub async fn pause_for_day(db: &Db, p: &DayPause<'_>) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE agents SET paused_until = $1 WHERE id = $2
           AND (paused_until IS NULL OR paused_until < $1)
           AND (pause_lifted_until IS NULL OR pause_lifted_until < $1)",
    )
    .bind(p.until)
    .bind(p.agent_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    audit::record(
        &mut tx,
        Some(p.tenant_id),
        &Actor::system(),
        Action::AgentPaused,
        &pause_detail(p),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

fn pause_detail(p: &DayPause<'_>) -> String {
    format!(
        "{} reached its daily limit of {}; paused until {}",
        p.agent_name,
        format_usd(p.limit),
        p.until_label
    )
}

/// The alert for a pause made by [`pause_for_day`].
pub async fn pause_alert(db: &Db, p: &DayPause<'_>) -> Result<()> {
    crate::alerts::raise_once(
        db,
        Some(p.tenant_id),
        &format!("agent:{}", p.agent_id),
        "daily_limit",
        100,
        &p.day,
        Severity::Warning,
        &pause_detail(p),
    )
    .await?;
    Ok(())
}

/// Lifts an agent's pause for the rest of its day; audited. The daily limit applies again
/// from the next local midnight.
pub async fn unpause(db: &Db, at: &Access, agent_id: &str) -> Result<()> {
    let tenant_id = at.tenant_id.as_str();
    let zone = tenant_zone(db, tenant_id).await?;
    let (_, day_end) = zone.day_bounds(now());
    let mut tx = db.pool.begin().await?;
    let row: Option<(String,)> =
        sqlx::query_as("SELECT name FROM agents WHERE id = $1 AND tenant_id = $2")
            .bind(agent_id)
            .bind(tenant_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (name,) = row.ok_or(Error::NotFound("agent"))?;
    sqlx::query("UPDATE agents SET paused_until = NULL, pause_lifted_until = $1 WHERE id = $2")
        .bind(day_end)
        .bind(agent_id)
        .execute(&mut *tx)
        .await?;
    let detail = format!(
        "{name} unpaused; its daily limit applies again from {}",
        zone.midnight_label(now())
    );
    audit::record(
        &mut tx,
        Some(tenant_id),
        &at.actor,
        Action::AgentUnpaused,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records that auto-downgrade switched on or off for a tenant; true if this call switched it
/// (once across processes), which also writes the audit entry and, when engaged, an alert.
pub async fn switch_downgrade(
    db: &Db,
    tenant_id: &str,
    active: bool,
    detail: &str,
) -> Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE tenants SET downgrade_active = $1 WHERE id = $2 AND downgrade_active <> $1",
    )
    .bind(i64::from(active))
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    audit::record(
        &mut tx,
        Some(tenant_id),
        &Actor::system(),
        Action::DowngradeSwitched,
        detail,
    )
    .await?;
    tx.commit().await?;
    if active {
        crate::alerts::record(db, Some(tenant_id), "downgrade", Severity::Warning, detail).await?;
    }
    Ok(true)
}

/// Every plan (operators).
pub async fn plans(db: &Db) -> Result<Vec<PlanView>> {
    Ok(policy::list_plans(db)
        .await?
        .iter()
        .map(plan_view)
        .collect())
}

/// Each tenant's id, name and plan, by name (operators).
pub async fn tenant_plans(db: &Db) -> Result<Vec<crate::model::TenantPlan>> {
    let rows: Vec<(String, String, String, Option<i64>)> =
        sqlx::query_as("SELECT id, name, plan_id, operator_cap FROM tenants ORDER BY name, id")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, plan_id, operator_cap)| crate::model::TenantPlan {
                id,
                name,
                plan_id,
                operator_cap,
            },
        )
        .collect())
}

/// Saves a plan's limits (operators); audited.
pub async fn save_plan(db: &Db, actor: &Actor, plan: &PlanView) -> Result<()> {
    let families = policy::parse_families(&plan.models);
    if families.is_empty()
        || families
            .iter()
            .any(|f| !["haiku", "sonnet", "opus"].contains(&f.as_str()))
    {
        return Err(Error::Invalid(
            "models must list families among haiku, sonnet, opus, like haiku,sonnet".into(),
        ));
    }
    if policy::family(&plan.default_model).is_none_or(|f| !families.iter().any(|x| x == f)) {
        return Err(Error::Invalid(format!(
            "the default model {} is not one of the plan's families",
            plan.default_model
        )));
    }
    for (what, v) in [
        ("the message quota", plan.monthly_messages),
        ("the group cap", plan.max_groups),
        ("the bot cap", plan.max_bots),
    ] {
        if v.is_some_and(|n| n < 0) {
            return Err(Error::Invalid(format!("{what} cannot be negative")));
        }
    }
    let name = plan.name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(Error::Invalid(
            "the plan name must be 1 to 40 characters".into(),
        ));
    }
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE plans SET name = $1, models = $2, default_model = $3, monthly_messages = $4,
             max_groups = $5, max_bots = $6, api_access = $7, updated_at = $8 WHERE id = $9",
    )
    .bind(name)
    .bind(families.join(","))
    .bind(&plan.default_model)
    .bind(plan.monthly_messages)
    .bind(plan.max_groups)
    .bind(plan.max_bots)
    .bind(i64::from(plan.api_access))
    .bind(now())
    .bind(&plan.id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("plan"));
    }
    let detail = format!(
        "plan {}: models {}, messages {}, groups {}, bots {}",
        plan.id,
        families.join(","),
        plan.monthly_messages
            .map_or("unlimited".into(), |n| n.to_string()),
        plan.max_groups
            .map_or("unlimited".into(), |n| n.to_string()),
        plan.max_bots.map_or("unlimited".into(), |n| n.to_string()),
    );
    audit::record(&mut tx, None, actor, Action::PlanChanged, &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a tenant to another plan (operators); audited in the tenant's log.
pub async fn set_tenant_plan(db: &Db, actor: &Actor, tenant_id: &str, plan_id: &str) -> Result<()> {
    policy::load_plan(db, plan_id)
        .await?
        .ok_or_else(|| Error::Invalid(format!("there is no plan {plan_id}")))?;
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE tenants SET plan_id = $1 WHERE id = $2")
        .bind(plan_id)
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("tenant"));
    }
    audit::record(
        &mut tx,
        Some(tenant_id),
        actor,
        Action::PlanChanged,
        &format!("plan {plan_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Refuses another bot when the tenant, which has `bots` already, is on a plan that caps them.
pub fn check_bot_cap(plan: &Plan, bots: i64) -> Result<()> {
    let Some(max) = plan.max_bots else {
        return Ok(());
    };
    if bots >= max {
        return Err(Error::Invalid(format!(
            "the {} plan allows {max} bot{}; remove one or change plan to add another",
            plan.name,
            if max == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

/// Refuses a config change that takes a bot over its plan's WhatsApp group cap; a change that
/// does not add groups is always allowed, so a bot over the cap can still be trimmed.
pub async fn check_group_cap(db: &Db, tenant_id: &str, before: usize, after: usize) -> Result<()> {
    if after <= before {
        return Ok(());
    }
    let plan = tenant_plan(db, tenant_id).await?;
    match plan.max_groups {
        Some(max) if after as i64 > max => Err(Error::Invalid(format!(
            "the {} plan allows {max} WhatsApp group{}; this change would configure {after}",
            plan.name,
            if max == 1 { "" } else { "s" }
        ))),
        _ => Ok(()),
    }
}
