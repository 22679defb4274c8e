//! The Admin Agent's health history: a workspace's checks over 24 hours, 7 or 30 days and the
//! alerts raised in them, read from storage and tallied by [`aggregate`] for the charts; and
//! the checks themselves as CSV ([`export`]).

pub mod aggregate;
pub mod export;

use crate::access::Access;
use crate::clawdbot::editor::bot_in_tenant;
use crate::clock::now;
use crate::costs::settings::tenant_zone;
use crate::db::Db;
use crate::error::Result;
use crate::model::HealthHistoryView;
use aggregate::{Check, Period, Tally};
use futures_util::TryStreamExt;

/// The workspace's health over `period`, of every bot or of `bot` (which must be the
/// workspace's).
pub async fn history(
    db: &Db,
    at: &Access,
    period: Period,
    bot: Option<&str>,
) -> Result<HealthHistoryView> {
    if let Some(bot) = bot {
        bot_in_tenant(db, &at.tenant_id, bot).await?;
    }
    let zone = tenant_zone(db, &at.tenant_id).await?;
    let t = now();
    let spans = aggregate::buckets(period, &zone, t);
    let from = spans.first().map_or(t, |s| s.start);
    let (first_day, last_day) = (zone.day_key(from), zone.day_key(t));
    let bots: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM bots WHERE tenant_id = $1 ORDER BY name, id")
            .bind(&at.tenant_id)
            .fetch_all(&db.pool)
            .await?;
    let only = bot.unwrap_or("");
    let mut tally = Tally::new(spans);
    let mut rows = sqlx::query_as::<_, (i64, String, Option<String>, Option<i64>)>(
        "SELECT checked_at, result, fault, latency_ms FROM health_checks
         WHERE tenant_id = $1 AND checked_at >= $2 AND ($3 = '' OR bot_id = $3)",
    )
    .bind(&at.tenant_id)
    .bind(from)
    .bind(only)
    .fetch(&db.pool);
    while let Some((at, result, fault, latency_ms)) = rows.try_next().await? {
        tally.add(&Check {
            at,
            result,
            fault,
            latency_ms,
        });
    }
    drop(rows);
    let alerts: Vec<(String, i64)> = sqlx::query_as(
        "SELECT kind, COUNT(*) FROM notifications
         WHERE tenant_id = $1 AND created_at >= $2 AND ($3 = '' OR bot_id = $3)
         GROUP BY kind",
    )
    .bind(&at.tenant_id)
    .bind(from)
    .bind(only)
    .fetch_all(&db.pool)
    .await?;
    let alerts = aggregate::rank_alerts(alerts);
    let (buckets, outcomes) = tally.finish();
    let summary = aggregate::summary(period, &buckets, &outcomes, &alerts);
    Ok(HealthHistoryView {
        period: period.as_str().into(),
        bot_id: bot.map(str::to_string),
        bots,
        timezone: zone.name().to_string(),
        first_day,
        last_day,
        buckets,
        outcomes,
        alerts,
        summary,
    })
}
