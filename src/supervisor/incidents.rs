//! Incidents: one open per bot at most, each with a timeline (detected, confirmed, every
//! action, resolved) and its recovery so far; silences; acknowledgement. Every automatic step
//! is also in the audit log, in the Admin Agent's name.

use super::rules::{Confirm, Fault, Incident};
use super::Due;
use crate::access::Access;
use crate::audit::{self, Action, Actor};
use crate::clock::now;
use crate::crypto::SecretBox;
use crate::db::{new_id, Db};
use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::ids::TenantId;
use crate::model::{IncidentBrief, IncidentEventView, IncidentView};
use sqlx::AnyConnection;

const AGENT: &str = "Admin Agent";

/// A step on incident `incident`'s timeline: `detail` kept in English and as a message.
async fn event(
    conn: &mut AnyConnection,
    incident: &str,
    at: i64,
    kind: &str,
    detail: &Text,
    actor: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO incident_events (id, incident_id, seq, at, kind, detail, detail_json, actor)
         SELECT $1, $2, COALESCE(MAX(seq), 0) + 1, $3, $4, $5, $6, $7 FROM incident_events
         WHERE incident_id = $2",
    )
    .bind(new_id())
    .bind(incident)
    .bind(at)
    .bind(kind)
    .bind(detail.english())
    .bind(serde_json::to_string(detail).ok())
    .bind(actor)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A stored message (JSON), if there is one and it reads.
fn stored_text(json: Option<String>) -> Option<Text> {
    json.and_then(|j| serde_json::from_str(&j).ok())
}

/// Opens the bot's incident (or returns the one already open), its timeline starting with the
/// first failed check of the run and the confirmation.
pub(super) async fn open(
    db: &Db,
    due: &Due,
    fault: &Fault,
    reason: &Text,
    confirm: &Confirm,
) -> Result<String> {
    let at = now();
    let id = new_id();
    let english = reason.english();
    let mut tx = db.pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO incidents (id, tenant_id, bot_id, kind, reason, reason_json, opened_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(&due.tenant_id)
    .bind(&due.bot_id)
    .bind(fault.as_str())
    .bind(&english)
    .bind(serde_json::to_string(reason).ok())
    .bind(at)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        tx.rollback().await?;
        return open_for(db, &due.bot_id)
            .await?
            .ok_or(Error::NotFound("open incident"));
    }
    let first = at - confirm.retry_secs * i64::from(confirm.fails.saturating_sub(1));
    event(&mut tx, &id, first, "detected", reason, AGENT).await?;
    let confirmed = Text::new("incident-step-confirmed").int("count", i64::from(confirm.fails));
    event(&mut tx, &id, at, "confirmed", &confirmed, AGENT).await?;
    audit::record(
        &mut tx,
        Some(&due.tenant_id),
        &Actor::admin_agent(),
        Action::IncidentOpened,
        &format!("bot {}: {} ({english})", due.bot_name, fault.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The bot's open incident, if any.
pub async fn open_for(db: &Db, bot_id: &str) -> Result<Option<String>> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT id FROM incidents WHERE bot_id = $1 AND resolved_at IS NULL")
            .bind(bot_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(|(id,)| id))
}

/// The recovery so far of incident `id`, for the ladder.
pub(super) async fn facts(
    db: &Db,
    id: &str,
    fault: &Fault,
    last_good_version: Option<i64>,
) -> Result<Incident> {
    let (bot_id, restarts, last_restart_at, rolled_back, escalated): (
        String,
        i64,
        Option<i64>,
        i64,
        i64,
    ) = sqlx::query_as(
        "SELECT bot_id, restarts, last_restart_at, rolled_back, escalated FROM incidents WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await?;
    let (latest,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(version) FROM bot_config_versions WHERE bot_id = $1")
            .bind(&bot_id)
            .fetch_one(&db.pool)
            .await?;
    Ok(Incident {
        fault: fault.clone(),
        restarts: restarts.clamp(0, 1_000) as u32,
        last_restart_at,
        rolled_back: rolled_back != 0,
        escalated: escalated != 0,
        changed_since_good: matches!((latest, last_good_version), (Some(l), Some(g)) if l > g),
        last_good_version,
    })
}

/// What incident `id` opened as.
pub(super) async fn kind(db: &Db, id: &str) -> Result<Fault> {
    let (kind,): (String,) = sqlx::query_as("SELECT kind FROM incidents WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    Ok(Fault::parse(&kind))
}

/// Whether the bot is silenced at `at`.
pub async fn silenced(db: &Db, bot_id: &str, at: i64) -> Result<bool> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM silences WHERE bot_id = $1 AND starts_at <= $2 AND ends_at > $2",
    )
    .bind(bot_id)
    .bind(at)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// One automatic step of incident `id`, recorded at once: the incident's own columns
/// (`update`, binding the incident id as `$1` and the time as `$2`), a timeline event and an
/// audit entry in the Admin Agent's name.
struct StepTaken<'a> {
    update: &'static str,
    event: &'a str,
    detail: &'a Text,
    action: Action,
}

async fn took(db: &Db, tenant: &TenantId, id: &str, at: i64, step: StepTaken<'_>) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(step.update)
        .bind(id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    event(&mut tx, id, at, step.event, step.detail, AGENT).await?;
    audit::record(
        &mut tx,
        Some(tenant),
        &Actor::admin_agent(),
        step.action,
        &format!("incident {id}: {}", step.detail.english()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a restart asked of the bot; `accepted`: the gateway agreed to it.
pub(super) async fn restarted(
    db: &Db,
    tenant: &TenantId,
    id: &str,
    at: i64,
    accepted: bool,
    detail: &Text,
) -> Result<()> {
    let step = StepTaken {
        update: "UPDATE incidents SET restarts = restarts + 1, last_restart_at = $2 WHERE id = $1",
        event: if accepted {
            "restart"
        } else {
            "restart_refused"
        },
        detail,
        action: Action::BotRestarted,
    };
    took(db, tenant, id, at, step).await
}

/// Restores config version `version` of the bot in the Admin Agent's name; returns the new
/// version's number.
pub(super) async fn restore(
    db: &Db,
    secrets: &SecretBox,
    bots: &crate::clawdbot::manager::BotManager,
    due: &Due,
    version: i64,
) -> std::result::Result<i64, String> {
    use crate::clawdbot::editor;
    let link = crate::clawdbot::link::Managed {
        bots,
        bot_id: &due.bot_id,
    };
    let at = Access::admin_agent(&due.tenant_id);
    let current = editor::read(&link).await.map_err(|e| e.to_string())?;
    let target = editor::load_versions(db, secrets, &due.bot_id)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|v| v.version == version)
        .ok_or("that version is no longer stored")?;
    editor::rollback(
        db,
        secrets,
        &link,
        &at,
        &due.bot_id,
        &current.hash,
        &target.id,
    )
    .await
    .map_err(|e| e.to_string())
}

/// Records a restore of the last good version; `restored`: it was written.
pub(super) async fn rolled_back(
    db: &Db,
    tenant: &TenantId,
    id: &str,
    at: i64,
    restored: bool,
    detail: &Text,
) -> Result<()> {
    let step = StepTaken {
        update: "UPDATE incidents SET rolled_back = 1 WHERE id = $1 AND $2 > 0",
        event: if restored {
            "restore"
        } else {
            "restore_failed"
        },
        detail,
        action: Action::BotConfigChanged,
    };
    took(db, tenant, id, at, step).await
}

/// What was tried for an incident so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Tried {
    /// Restarts the gateway agreed to, and those it refused.
    pub restarts: i64,
    pub refused: i64,
    /// Whether restoring the last good version worked, if it was tried.
    pub restore: Option<bool>,
}

/// What was tried for incident `id`.
pub(super) async fn tried(db: &Db, id: &str) -> Result<Tried> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT kind FROM incident_events WHERE incident_id = $1
         AND kind IN ('restart', 'restart_refused', 'restore', 'restore_failed') ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let mut t = Tried::default();
    for (kind,) in rows {
        match kind.as_str() {
            "restart" => t.restarts += 1,
            "restart_refused" => t.refused += 1,
            "restore" => t.restore = Some(true),
            _ => t.restore = Some(false),
        }
    }
    Ok(t)
}

/// Records that the owner was told.
pub(super) async fn escalated(db: &Db, tenant: &TenantId, id: &str, at: i64) -> Result<()> {
    let step = StepTaken {
        update: "UPDATE incidents SET escalated = 1 WHERE id = $1 AND $2 > 0",
        event: "escalated",
        detail: &Text::new("incident-step-escalated"),
        action: Action::IncidentEscalated,
    };
    took(db, tenant, id, at, step).await
}

/// Resolves the bot's open incident; returns it (id, fault, whether anyone was told, when it
/// opened) if there was one.
pub(super) async fn resolve(
    db: &Db,
    tenant: &TenantId,
    bot_id: &str,
    at: i64,
) -> Result<Option<(String, Fault, bool, i64)>> {
    let mut tx = db.pool.begin().await?;
    let row: Option<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, kind, escalated, opened_at FROM incidents WHERE bot_id = $1 AND resolved_at IS NULL",
    )
    .bind(bot_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, kind, escalated, opened_at)) = row else {
        return Ok(None);
    };
    let done =
        sqlx::query("UPDATE incidents SET resolved_at = $1 WHERE id = $2 AND resolved_at IS NULL")
            .bind(at)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    let resolved = Text::new("incident-step-resolved");
    event(&mut tx, &id, at, "resolved", &resolved, AGENT).await?;
    audit::record(
        &mut tx,
        Some(tenant),
        &Actor::admin_agent(),
        Action::IncidentResolved,
        &format!("incident {id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(Some((id, Fault::parse(&kind), escalated != 0, opened_at)))
}

/// The workspace's incidents, newest first (the last 100), each with its timeline.
pub async fn list(db: &Db, at: &Access) -> Result<Vec<IncidentView>> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        i64,
        Option<i64>,
        Option<i64>,
        Option<String>,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT i.id, i.bot_id, b.name, i.kind, i.reason, i.reason_json, i.opened_at, i.resolved_at,
                i.acknowledged_at, i.acknowledged_by, i.restarts
         FROM incidents i JOIN bots b ON b.id = i.bot_id
         WHERE i.tenant_id = $1 ORDER BY i.opened_at DESC, i.id LIMIT 100",
    )
    .bind(&at.tenant_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (
        id,
        bot_id,
        bot_name,
        kind,
        reason,
        reason_json,
        opened_at,
        resolved_at,
        ack_at,
        ack_by,
        restarts,
    ) in rows
    {
        let events: Vec<(i64, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT at, kind, detail, detail_json, actor FROM incident_events
             WHERE incident_id = $1 ORDER BY seq",
        )
        .bind(&id)
        .fetch_all(&db.pool)
        .await?;
        out.push(IncidentView {
            id,
            bot_id,
            bot_name,
            kind,
            reason,
            reason_text: stored_text(reason_json),
            opened_at,
            resolved_at,
            acknowledged_at: ack_at,
            acknowledged_by: ack_by,
            restarts,
            events: events
                .into_iter()
                .map(|(at, kind, detail, json, actor)| IncidentEventView {
                    at,
                    kind,
                    detail,
                    text: stored_text(json),
                    actor,
                })
                .collect(),
        });
    }
    Ok(out)
}

/// How many of the workspace's incidents are open, and the latest `limit` of them in brief.
pub async fn open_briefs(db: &Db, at: &Access, limit: i64) -> Result<(i64, Vec<IncidentBrief>)> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM incidents WHERE tenant_id = $1 AND resolved_at IS NULL",
    )
    .bind(&at.tenant_id)
    .fetch_one(&db.pool)
    .await?;
    type Row = (
        String,
        String,
        String,
        String,
        Option<String>,
        i64,
        Option<i64>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT i.id, b.name, i.kind, i.reason, i.reason_json, i.opened_at, i.acknowledged_at
         FROM incidents i JOIN bots b ON b.id = i.bot_id
         WHERE i.tenant_id = $1 AND i.resolved_at IS NULL
         ORDER BY i.opened_at DESC, i.id LIMIT $2",
    )
    .bind(&at.tenant_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let briefs = rows
        .into_iter()
        .map(
            |(id, bot_name, kind, reason, reason_json, opened_at, acknowledged_at)| IncidentBrief {
                id,
                bot_name,
                kind,
                reason,
                reason_text: stored_text(reason_json),
                opened_at,
                acknowledged: acknowledged_at.is_some(),
            },
        )
        .collect();
    Ok((count, briefs))
}

/// Acknowledges an incident of the workspace; on its timeline and audited.
pub async fn acknowledge(db: &Db, at: &Access, incident_id: &str) -> Result<()> {
    let who = at.actor.email.clone().unwrap_or_default();
    let when = now();
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE incidents SET acknowledged_at = $1, acknowledged_by = $2
         WHERE id = $3 AND tenant_id = $4 AND acknowledged_at IS NULL",
    )
    .bind(when)
    .bind(&who)
    .bind(incident_id)
    .bind(&at.tenant_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("unacknowledged incident"));
    }
    let acknowledged = Text::new("incident-step-acknowledged");
    event(
        &mut tx,
        incident_id,
        when,
        "acknowledged",
        &acknowledged,
        &who,
    )
    .await?;
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
        Action::IncidentAcknowledged,
        &format!("incident {incident_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
