//! What the Admin Agent page shows of each bot — state, uptime over 24 hours, 7 and 30 days,
//! response-time percentiles, the open incident and any silence — and the silences owners set.

use crate::access::Access;
use crate::audit::{self, Action};
use crate::clock::now;
use crate::db::{new_id, Db};
use crate::error::{Error, Result};
use crate::model::{BotHealthView, HealthWindowView};

const DAY: i64 = 86_400;

/// Uptime in hundredths of a percent: checks that reached the bot out of all checks.
pub fn uptime(results: &[(i64, String)], since: i64) -> Option<i64> {
    let window: Vec<&(i64, String)> = results.iter().filter(|(at, _)| *at >= since).collect();
    if window.is_empty() {
        return None;
    }
    let up = window.iter().filter(|(_, r)| r != "down").count() as i64;
    Some(up * 10_000 / window.len() as i64)
}

/// The `p`th percentile (nearest rank) of `values`, which it sorts.
pub fn percentile(values: &mut [i64], p: u32) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = (u64::from(p) * values.len() as u64).div_ceil(100).max(1) as usize;
    values.get(rank - 1).copied()
}

/// The windows a bot's health is shown over, in days.
pub const WINDOWS: [i64; 3] = [1, 7, 30];

/// A bot's health over the window since `since`, from its checks (time, result), their
/// latencies (time, ms) and its calls in the window.
pub fn window(
    days: i64,
    since: i64,
    results: &[(i64, String)],
    latencies: &[(i64, i64)],
    calls: i64,
    failed_calls: i64,
) -> HealthWindowView {
    let mut times: Vec<i64> = latencies
        .iter()
        .filter(|(at, _)| *at >= since)
        .map(|(_, ms)| *ms)
        .collect();
    HealthWindowView {
        days,
        uptime: uptime(results, since),
        p50_ms: percentile(&mut times, 50),
        p95_ms: percentile(&mut times, 95),
        calls,
        failed_calls,
    }
}

/// The bot's agents' calls through BaaS and the failed ones, over each of [`WINDOWS`].
async fn call_tallies(db: &Db, at: &Access, bot_id: &str, t: i64) -> Result<Vec<(i64, i64)>> {
    let failed = "r.http_status >= 500";
    let row: (i64, i64, i64, i64, i64, i64) = sqlx::query_as(&format!(
        "SELECT
            CAST(COALESCE(SUM(CASE WHEN r.created_at >= $3 THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN r.created_at >= $3 AND {failed} THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN r.created_at >= $4 THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(COALESCE(SUM(CASE WHEN r.created_at >= $4 AND {failed} THEN 1 ELSE 0 END), 0) AS BIGINT),
            COUNT(*),
            CAST(COALESCE(SUM(CASE WHEN {failed} THEN 1 ELSE 0 END), 0) AS BIGINT)
         FROM usage_records r JOIN virtual_keys k ON k.id = r.key_id
         WHERE r.tenant_id = $1 AND k.bot_id = $2 AND r.created_at >= $5"
    ))
    .bind(&at.tenant_id)
    .bind(bot_id)
    .bind(t - WINDOWS[0] * DAY)
    .bind(t - WINDOWS[1] * DAY)
    .bind(t - WINDOWS[2] * DAY)
    .fetch_one(&db.pool)
    .await?;
    Ok(vec![(row.0, row.1), (row.2, row.3), (row.4, row.5)])
}

/// A stored check as the cards read it: when, result, latency, reason (English and as a
/// message).
type CheckRow = (i64, String, Option<i64>, String, Option<String>);

/// Every bot of the workspace with its health.
pub async fn bot_cards(db: &Db, at: &Access) -> Result<Vec<BotHealthView>> {
    let t = now();
    let bots: Vec<(String, String, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT b.id, b.name, s.state, s.last_check_at FROM bots b
         LEFT JOIN bot_supervision s ON s.bot_id = b.id
         WHERE b.tenant_id = $1 ORDER BY b.name, b.id",
    )
    .bind(&at.tenant_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(bots.len());
    for (bot_id, name, state, last_check_at) in bots {
        let checks: Vec<CheckRow> = sqlx::query_as(
            "SELECT checked_at, result, latency_ms, reason, reason_json FROM health_checks
             WHERE bot_id = $1 AND checked_at >= $2 ORDER BY checked_at DESC",
        )
        .bind(&bot_id)
        .bind(t - 30 * DAY)
        .fetch_all(&db.pool)
        .await?;
        let results: Vec<(i64, String)> = checks.iter().map(|c| (c.0, c.1.clone())).collect();
        let latencies: Vec<(i64, i64)> = checks
            .iter()
            .filter_map(|c| c.2.map(|l| (c.0, l)))
            .collect();
        let calls = call_tallies(db, at, &bot_id, t).await?;
        let windows = WINDOWS
            .iter()
            .zip(calls)
            .map(|(days, (calls, failed_calls))| {
                window(
                    *days,
                    t - days * DAY,
                    &results,
                    &latencies,
                    calls,
                    failed_calls,
                )
            })
            .collect();
        let open: Option<(String,)> =
            sqlx::query_as("SELECT id FROM incidents WHERE bot_id = $1 AND resolved_at IS NULL")
                .bind(&bot_id)
                .fetch_optional(&db.pool)
                .await?;
        let (silenced_until,): (Option<i64>,) = sqlx::query_as(
            "SELECT MAX(ends_at) FROM silences WHERE bot_id = $1 AND starts_at <= $2 AND ends_at > $2",
        )
        .bind(&bot_id)
        .bind(t)
        .fetch_one(&db.pool)
        .await?;
        out.push(BotHealthView {
            bot_id,
            name,
            state: state.unwrap_or_else(|| "unknown".into()),
            last_check_at,
            last_reason: checks.first().map(|c| c.3.clone()),
            last_reason_text: checks
                .first()
                .and_then(|c| c.4.as_deref())
                .and_then(|j| serde_json::from_str(j).ok()),
            last_latency_ms: checks.first().and_then(|c| c.2),
            windows,
            open_incident: open.map(|(id,)| id),
            silenced_until,
        });
    }
    Ok(out)
}

/// Silences a bot of the workspace for `minutes` (1 minute to 7 days): no alerts and no
/// automatic restarts until then. Audited.
pub async fn silence(db: &Db, at: &Access, bot_id: &str, minutes: i64, reason: &str) -> Result<()> {
    if !(1..=7 * 24 * 60).contains(&minutes) {
        return Err(Error::Invalid(
            "silence a bot for 1 minute to 7 days".into(),
        ));
    }
    let reason = reason.trim();
    if reason.chars().count() > 200 {
        return Err(Error::Invalid("the reason may have 200 characters".into()));
    }
    crate::clawdbot::editor::bot_in_tenant(db, &at.tenant_id, bot_id).await?;
    let start = now();
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO silences (id, tenant_id, bot_id, starts_at, ends_at, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $4)",
    )
    .bind(new_id())
    .bind(&at.tenant_id)
    .bind(bot_id)
    .bind(start)
    .bind(start + minutes * 60)
    .bind(reason)
    .bind(at.actor.email.clone().unwrap_or_default())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
        Action::SilenceChanged,
        &format!("bot {bot_id} silenced for {minutes} minutes: {reason}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a bot's silences now. Audited.
pub async fn unsilence(db: &Db, at: &Access, bot_id: &str) -> Result<()> {
    crate::clawdbot::editor::bot_in_tenant(db, &at.tenant_id, bot_id).await?;
    let t = now();
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE silences SET ends_at = $1 WHERE bot_id = $2 AND tenant_id = $3 AND ends_at > $1",
    )
    .bind(t)
    .bind(bot_id)
    .bind(&at.tenant_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
        Action::SilenceChanged,
        &format!("bot {bot_id}: silence ended"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uptime_counts_reachable_checks_in_the_window() {
        let checks: Vec<(i64, String)> = vec![
            (100, "up".into()),
            (200, "degraded".into()),
            (300, "down".into()),
            (400, "up".into()),
        ];
        assert_eq!(uptime(&checks, 0), Some(7_500));
        assert_eq!(uptime(&checks, 250), Some(5_000));
        assert_eq!(uptime(&checks, 500), None);
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let mut v: Vec<i64> = (1..=100).rev().collect();
        assert_eq!(percentile(&mut v, 50), Some(50));
        assert_eq!(percentile(&mut v, 95), Some(95));
        assert_eq!(percentile(&mut [7], 95), Some(7));
        assert_eq!(percentile(&mut [], 50), None);
    }

    #[test]
    fn a_window_counts_only_its_own_checks_and_calls() {
        let results = vec![
            (100, "up".to_string()),
            (200, "down".to_string()),
            (300, "up".to_string()),
            (400, "degraded".to_string()),
        ];
        let latencies = vec![(100, 50), (300, 70), (400, 900)];
        let all = window(30, 0, &results, &latencies, 200, 10);
        assert_eq!(all.uptime, Some(7_500));
        assert_eq!(all.p50_ms, Some(70));
        assert_eq!(all.p95_ms, Some(900));
        assert_eq!(all.error_rate(), Some(500));
        let recent = window(1, 250, &results, &latencies, 0, 0);
        assert_eq!(recent.uptime, Some(10_000));
        assert_eq!(recent.p50_ms, Some(70));
        assert_eq!(recent.error_rate(), None);
        let empty = window(1, 1_000, &results, &latencies, 0, 0);
        assert_eq!((empty.uptime, empty.p95_ms), (None, None));
    }
}
