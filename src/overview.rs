//! The workspace Overview's figures, each section read on its own so one that cannot be read
//! leaves the others standing: bots with their connection and the Admin Agent's verdict, the
//! month's spend and projection against the budget, the plan's use, and what needs attention.

use crate::access::Access;
use crate::clawdbot::manager::BotManager;
use crate::clawdbot::store;
use crate::clock::now;
use crate::costs::{dashboard, plans, rollups, settings};
use crate::crypto::SecretBox;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Attention, BotGroups, OverviewBot, PlanUsage, SpendSummary};

/// Open incidents and unacknowledged alerts listed on the Overview; the rest are counted.
pub const LATEST: i64 = 3;

/// Every section of the Overview, each read or failed on its own.
pub struct Sections {
    pub bots: Result<Vec<OverviewBot>>,
    pub spend: Result<SpendSummary>,
    pub plan: Result<PlanUsage>,
    pub attention: Result<Attention>,
}

/// Reads the Overview's sections at once.
pub async fn sections(db: &Db, secrets: &SecretBox, manager: &BotManager, at: &Access) -> Sections {
    let (bots, spend, plan, attention) = tokio::join!(
        bots(db, manager, at),
        spend(db, at),
        plan_usage(db, secrets, at),
        attention(db, at),
    );
    Sections {
        bots,
        spend,
        plan,
        attention,
    }
}

/// Each bot with its live connection (as the Bots page shows it) and its Admin Agent card.
pub async fn bots(db: &Db, manager: &BotManager, at: &Access) -> Result<Vec<OverviewBot>> {
    let (rows, cards) = tokio::try_join!(
        store::list_bots(db, at),
        crate::supervisor::report::bot_cards(db, at)
    )?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let card = cards.iter().find(|c| c.bot_id == row.id);
            let status = manager.status(&row.id);
            OverviewBot {
                health: card.map_or_else(|| "unknown".into(), |c| c.state.clone()),
                last_check_at: card.and_then(|c| c.last_check_at),
                open_incident: card.and_then(|c| c.open_incident.clone()),
                silenced_until: card.and_then(|c| c.silenced_until),
                bot: store::bot_view(row, status),
            }
        })
        .collect())
}

/// Month-to-date spend and the month-end projection (as the Usage page computes them) against
/// the budget and the operator's cap.
pub async fn spend(db: &Db, at: &Access) -> Result<SpendSummary> {
    let (projection, month_to_date, zone) =
        dashboard::projection_at(db, &at.tenant_id, now()).await?;
    let (budget, operator_cap): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT monthly_budget, operator_cap FROM tenants WHERE id = $1")
            .bind(&at.tenant_id)
            .fetch_optional(&db.pool)
            .await?
            .ok_or(Error::NotFound("tenant"))?;
    Ok(SpendSummary {
        timezone: zone.name().to_string(),
        month_to_date,
        budget,
        operator_cap,
        projection,
        brl_rate: crate::exchange::brl_rate(db).await?,
    })
}

/// This month's messages against the plan's quota, and bots and each bot's WhatsApp groups
/// against the plan's caps.
pub async fn plan_usage(db: &Db, secrets: &SecretBox, at: &Access) -> Result<PlanUsage> {
    let plan = plans::tenant_plan(db, &at.tenant_id).await?;
    let zone = settings::tenant_zone(db, &at.tenant_id).await?;
    let (month_start, month_end) = zone.month_bounds(now());
    let (_, messages_month) =
        rollups::cost(db, &at.tenant_id, None, month_start, month_end).await?;
    let rows = store::list_bots(db, at).await?;
    let mut groups = Vec::with_capacity(rows.len());
    for row in &rows {
        groups.push(BotGroups {
            bot_id: row.id.clone(),
            name: row.name.clone(),
            groups: store::configured_groups(db, secrets, &row.id).await?,
        });
    }
    Ok(PlanUsage {
        plan: plan.name,
        messages_month,
        message_quota: plan.monthly_messages,
        bots: rows.len() as i64,
        max_bots: plan.max_bots,
        max_groups: plan.max_groups,
        groups,
    })
}

/// Open incidents and unacknowledged alerts: how many, and the latest few of each.
pub async fn attention(db: &Db, at: &Access) -> Result<Attention> {
    let ((open_incidents, incidents), (unacknowledged_alerts, alerts)) = tokio::try_join!(
        crate::supervisor::incidents::open_briefs(db, at, LATEST),
        crate::alerts::unacknowledged(db, &at.tenant_id, LATEST),
    )?;
    Ok(Attention {
        open_incidents,
        incidents,
        unacknowledged_alerts,
        alerts,
    })
}
