//! "No traffic": a healthy bot whose agents have made no model call through BaaS for
//! [`NO_TRAFFIC_HOURS`], at hours when they usually do, is reported once per quiet spell (its
//! WhatsApp may be unlinked or nobody can reach it, which no probe of the gateway shows).

use super::rules::{unusually_quiet, NO_TRAFFIC_HOURS};
use super::Due;
use crate::alerts::Severity;
use crate::db::Db;
use crate::error::Result;
use crate::i18n::Text;
use crate::notify::{self, Alert};
use std::time::Duration;

const DAY: i64 = 86_400;

async fn calls(db: &Db, due: &Due, from: i64, to: i64) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM usage_records r JOIN virtual_keys k ON k.id = r.key_id
         WHERE r.tenant_id = $1 AND k.bot_id = $2 AND r.created_at >= $3 AND r.created_at < $4",
    )
    .bind(&due.tenant_id)
    .bind(&due.bot_id)
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await?;
    Ok(n)
}

/// Raises "no traffic" for the bot if it is unusually quiet at `at`; true if it was raised.
pub(super) async fn check(db: &Db, due: &Due, at: i64, group_wait: Duration) -> Result<bool> {
    let window = NO_TRAFFIC_HOURS * 3600;
    let recent: Option<(i64,)> = sqlx::query_as(
        "SELECT r.created_at FROM usage_records r JOIN virtual_keys k ON k.id = r.key_id
         WHERE r.tenant_id = $1 AND k.bot_id = $2 AND r.created_at >= $3 LIMIT 1",
    )
    .bind(&due.tenant_id)
    .bind(&due.bot_id)
    .bind(at - window)
    .fetch_optional(&db.pool)
    .await?;
    // The common case costs one indexed lookup: the bot has had a call.
    if recent.is_some() {
        return Ok(false);
    }
    let mut before = Vec::with_capacity(7);
    for days in 1..=7 {
        before.push(calls(db, due, at - days * DAY - window, at - days * DAY).await?);
    }
    if !unusually_quiet(0, &before) {
        return Ok(false);
    }
    let (last,): (Option<i64>,) = sqlx::query_as(
        "SELECT MAX(r.created_at) FROM usage_records r JOIN virtual_keys k ON k.id = r.key_id
         WHERE r.tenant_id = $1 AND k.bot_id = $2 AND r.created_at >= $3",
    )
    .bind(&due.tenant_id)
    .bind(&due.bot_id)
    .bind(at - 8 * DAY)
    .fetch_one(&db.pool)
    .await?;
    let last = last.unwrap_or(at - window);
    // Once per quiet spell: the spell is named by the last call before it.
    let scope = format!("bot:{}", due.bot_id);
    if !crate::alerts::fire_once(db, &scope, "no_traffic", 0, &last.to_string()).await? {
        return Ok(false);
    }
    let (zone,): (String,) = sqlx::query_as("SELECT timezone FROM tenants WHERE id = $1")
        .bind(&due.tenant_id)
        .fetch_one(&db.pool)
        .await?;
    let since = crate::tz::Zone::stored(&zone).minute_label(last);
    notify::raise(
        db,
        &Alert {
            tenant_id: Some(due.tenant_id.clone()),
            bot_id: Some(due.bot_id.clone()),
            key: format!("bot:{}:no_traffic", due.bot_id),
            kind: "no_traffic".into(),
            severity: Severity::Warning,
            text: Text::new("alert-no-traffic")
                .str("bot", due.bot_name.clone())
                .int("hours", (at - last) / 3600)
                .str("since", since),
            resolved: false,
        },
        group_wait,
    )
    .await?;
    Ok(true)
}
