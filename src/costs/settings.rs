//! Plans, budgets and pauses as tenants and operators set them: reading and saving the
//! settings, the daily pause and its lifting, the auto-downgrade switch, and plan caps on
//! bots and WhatsApp groups.

use super::plans::plan_view;
use super::rollups;
use crate::access::Access;
use crate::alerts::Severity;
use crate::audit::{self, Action, Actor};
use crate::clock::now;
use crate::costs::policy::{self};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::ids::TenantId;
use crate::model::{AgentLimits, BudgetSettings};
use crate::pricing::format_usd;
use crate::tz::Zone;

/// The tenant's time zone.
pub async fn tenant_zone(db: &Db, tenant_id: &TenantId) -> Result<Zone> {
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
    let tenant_id = &at.tenant_id;
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
/// Returns the zone's name as stored (canonical: `america/sao_paulo` is `America/Sao_Paulo`).
pub async fn save_tenant_budget(db: &Db, at: &Access, b: &TenantBudget) -> Result<String> {
    let tenant_id = &at.tenant_id;
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
    Ok(zone.name().to_string())
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
    tenant_id: &TenantId,
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
    tenant_id: &TenantId,
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
    pub tenant_id: &'a TenantId,
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
        &pause_detail(p).english(),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

fn pause_detail(p: &DayPause<'_>) -> Text {
    Text::new("alert-daily-limit")
        .str("agent", p.agent_name)
        .usd("limit", p.limit)
        .str("until", p.until_label.clone())
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
    let tenant_id = &at.tenant_id;
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
    tenant_id: &TenantId,
    active: bool,
    text: &Text,
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
        &text.english(),
    )
    .await?;
    tx.commit().await?;
    if active {
        crate::alerts::record(db, Some(tenant_id), "downgrade", Severity::Warning, text).await?;
    }
    Ok(true)
}
