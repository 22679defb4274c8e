//! The Admin Agent's supervision: every bot probed on its workspace's interval (each check
//! claimed by one process), failures confirmed by quick re-probes, incidents opened with a
//! timeline, the recovery ladder (restart, restore the last good config, escalate) run with
//! every step audited, and "resolved" sent to whoever was told.

pub mod daily;
pub mod history;
pub mod incidents;
pub mod probe;
pub mod report;
pub mod rules;
mod traffic;

use crate::alerts::Severity;
use crate::clawdbot::manager::BotManager;
use crate::clock::now;
use crate::crypto::SecretBox;
use crate::db::{new_id, Db};
use crate::error::Result;
use crate::i18n::Text;
use crate::ids::TenantId;
use crate::notify::{self, Alert};
use futures_util::StreamExt;
use rules::{Confirm, Fault, Ladder, State, Step, Tally, Transition};
use std::time::Duration;

pub use crate::config::Tuning;

/// Automatic restarts per incident.
pub const MAX_RESTARTS: u32 = 3;

/// A check claimed by a process is its own for this long; a process that dies mid-check
/// leaves it to another after that.
const CLAIM_SECS: i64 = 90;

/// Bots checked at once by one process.
const CONCURRENT_CHECKS: usize = 8;

/// What the supervisor works with.
#[derive(Clone)]
pub struct Supervisor {
    pub db: Db,
    pub secrets: SecretBox,
    pub bots: BotManager,
    pub tuning: Tuning,
}

/// A bot due for a check, as the round reads it.
#[derive(Debug, Clone)]
struct Due {
    bot_id: String,
    bot_name: String,
    tenant_id: TenantId,
    tally: Tally,
    next_check_at: i64,
    last_check_at: Option<i64>,
    interval_minutes: i64,
    last_good_version: Option<i64>,
}

type DueRow = (
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    Option<i64>,
    i64,
    Option<i64>,
);

impl Supervisor {
    fn confirm(&self, interval_minutes: i64) -> Confirm {
        Confirm {
            fails: self.tuning.confirm,
            passes: self.tuning.recover,
            retry_secs: self.tuning.retry,
            interval_secs: self
                .tuning
                .interval
                .unwrap_or(interval_minutes.clamp(1, 60) * 60),
        }
    }

    fn group_wait(&self) -> Duration {
        Duration::from_secs(self.tuning.group_wait.max(0) as u64)
    }

    /// Checks every bot that is due, each claimed by one process; returns how many this
    /// process checked.
    pub async fn round(&self) -> Result<usize> {
        let at = now();
        sqlx::query(
            "INSERT INTO bot_supervision (bot_id, state, fails, passes, next_check_at, updated_at)
             SELECT id, 'unknown', 0, 0, $1, $1 FROM bots
             WHERE id NOT IN (SELECT bot_id FROM bot_supervision)
             ON CONFLICT (bot_id) DO NOTHING",
        )
        .bind(at)
        .execute(&self.db.pool)
        .await?;
        let rows: Vec<DueRow> = sqlx::query_as(
            "SELECT s.bot_id, b.name, b.tenant_id, s.state, s.fails, s.passes, s.next_check_at,
                    s.last_check_at, t.check_interval_minutes, s.last_good_version
             FROM bot_supervision s JOIN bots b ON b.id = s.bot_id JOIN tenants t ON t.id = b.tenant_id
             WHERE s.next_check_at <= $1 ORDER BY s.next_check_at LIMIT 500",
        )
        .bind(at)
        .fetch_all(&self.db.pool)
        .await?;
        let mut mine = Vec::new();
        for r in rows {
            let due = Due {
                bot_id: r.0,
                bot_name: r.1,
                tenant_id: TenantId::new(r.2),
                tally: Tally {
                    state: State::parse(&r.3),
                    fails: r.4.clamp(0, 1_000) as u32,
                    passes: r.5.clamp(0, 1_000) as u32,
                },
                next_check_at: r.6,
                last_check_at: r.7,
                interval_minutes: r.8,
                last_good_version: r.9,
            };
            // The claim: whoever moves the due time on first owns this check.
            let claimed = sqlx::query(
                "UPDATE bot_supervision SET next_check_at = $1 WHERE bot_id = $2 AND next_check_at = $3",
            )
            .bind(at + CLAIM_SECS)
            .bind(&due.bot_id)
            .bind(due.next_check_at)
            .execute(&self.db.pool)
            .await?;
            if claimed.rows_affected() == 1 {
                mine.push(due);
            }
        }
        let checked = mine.len();
        futures_util::stream::iter(mine)
            .for_each_concurrent(CONCURRENT_CHECKS, |due| async move {
                if let Err(e) = self.check(&due).await {
                    tracing::warn!(bot = %due.bot_id, error = %e, "a bot check could not be completed");
                }
            })
            .await;
        Ok(checked)
    }

    /// One check of one bot: probe, record, move its state, and act on what changed.
    async fn check(&self, due: &Due) -> Result<()> {
        let at = now();
        let confirm = self.confirm(due.interval_minutes);
        let since = due
            .last_check_at
            .unwrap_or(at - confirm.interval_secs)
            .min(at - 60);
        let found = probe::probe(&self.db, &self.bots, &due.bot_id, since).await?;
        let result = match &found.fault {
            None => "up",
            Some(Fault::Unreachable) => "down",
            Some(_) => "degraded",
        };
        sqlx::query(
            "INSERT INTO health_checks (id, tenant_id, bot_id, checked_at, result, fault, latency_ms, reason,
                 reason_json)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(new_id())
        .bind(&due.tenant_id)
        .bind(&due.bot_id)
        .bind(at)
        .bind(result)
        .bind(found.fault.as_ref().map(Fault::as_str))
        .bind(found.latency_ms)
        .bind(found.reason.english())
        .bind(serde_json::to_string(&found.reason).ok())
        .execute(&self.db.pool)
        .await?;
        let (tally, transition, next_in) = rules::step(due.tally, found.fault.is_none(), &confirm);
        // The version a bot runs healthily on is the one to go back to.
        let good_version = if found.fault.is_none() {
            let (v,): (Option<i64>,) =
                sqlx::query_as("SELECT MAX(version) FROM bot_config_versions WHERE bot_id = $1")
                    .bind(&due.bot_id)
                    .fetch_one(&self.db.pool)
                    .await?;
            v.or(due.last_good_version)
        } else {
            due.last_good_version
        };
        sqlx::query(
            "UPDATE bot_supervision SET state = $1, fails = $2, passes = $3, next_check_at = $4,
                 last_check_at = $5, last_good_version = $6, updated_at = $5 WHERE bot_id = $7",
        )
        .bind(tally.state.as_str())
        .bind(i64::from(tally.fails))
        .bind(i64::from(tally.passes))
        .bind(at + next_in)
        .bind(at)
        .bind(good_version)
        .bind(&due.bot_id)
        .execute(&self.db.pool)
        .await?;
        if found.fault.is_none() {
            if let Err(e) = traffic::check(&self.db, due, at, self.group_wait()).await {
                tracing::warn!(bot = %due.bot_id, error = %e, "the traffic check failed");
            }
        }
        match (transition, &found.fault) {
            (Transition::Confirmed, Some(fault)) => {
                let id = incidents::open(&self.db, due, fault, &found.reason, &confirm).await?;
                self.ladder(due, &id, fault, &found.reason).await
            }
            (Transition::Recovered, _) => self.resolve(due).await,
            (Transition::None, Some(fault)) if tally.state == State::Down => {
                match incidents::open_for(&self.db, &due.bot_id).await? {
                    Some(id) => self.ladder(due, &id, fault, &found.reason).await,
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    /// Takes the next step of the ladder for incident `id`, which the last probe found failing
    /// for `reason`.
    async fn ladder(&self, due: &Due, id: &str, fault: &Fault, reason: &Text) -> Result<()> {
        let at = now();
        let facts = incidents::facts(&self.db, id, fault, due.last_good_version).await?;
        let silenced = incidents::silenced(&self.db, &due.bot_id, at).await?;
        let ladder = Ladder {
            cooldown_secs: self.tuning.cooldown,
            max_restarts: MAX_RESTARTS,
        };
        match rules::next_step(&facts, at, &ladder, silenced) {
            Step::Wait if facts.escalated && !silenced => self.repeat(due, id, reason).await,
            Step::Wait => Ok(()),
            Step::Restart => {
                let attempt = facts.restarts + 1;
                let said = probe::restart(
                    &self.bots,
                    &due.bot_id,
                    &format!("BaaS Admin Agent: {} (attempt {attempt})", fault.as_str()),
                )
                .await;
                let step = |id: &str| {
                    Text::new(id)
                        .int("attempt", i64::from(attempt))
                        .int("max", i64::from(MAX_RESTARTS))
                };
                let (accepted, detail) = match &said {
                    Ok(status) => (
                        true,
                        step("incident-step-restart").str("status", status.to_string()),
                    ),
                    Err(e) => (
                        false,
                        step("incident-step-restart-refused").str("error", e.to_string()),
                    ),
                };
                incidents::restarted(&self.db, &due.tenant_id, id, at, accepted, &detail).await
            }
            Step::Restore(version) => {
                let restored =
                    incidents::restore(&self.db, &self.secrets, &self.bots, due, version).await;
                let detail = match &restored {
                    Ok(v) => Text::new("incident-step-restored")
                        .int("version", version)
                        .int("now", *v),
                    Err(e) => Text::new("incident-step-restore-failed")
                        .int("version", version)
                        .str("error", e.clone()),
                };
                incidents::rolled_back(&self.db, &due.tenant_id, id, at, restored.is_ok(), &detail)
                    .await
            }
            Step::Escalate => {
                let tried = incidents::tried(&self.db, id).await?;
                // The alert is keyed by what the incident opened as, so "resolved" matches it.
                let opened = incidents::kind(&self.db, id).await?;
                let (kind, message) = match fault {
                    Fault::Unreachable => ("bot_unreachable", "alert-bot-unreachable"),
                    Fault::ChannelDown => ("channel_down", "alert-channel-down"),
                    Fault::ConfigInvalid => ("config_invalid", "alert-config-invalid"),
                    Fault::Errors => ("bot_errors", "alert-bot-errors"),
                };
                let text = Text::new(message)
                    .str("bot", due.bot_name.clone())
                    .text("reason", reason.clone())
                    .text("tried", tried_text(&tried, facts.last_good_version));
                notify::raise(
                    &self.db,
                    &Alert {
                        tenant_id: Some(due.tenant_id.clone()),
                        bot_id: Some(due.bot_id.clone()),
                        key: incident_key(&due.bot_id, &opened),
                        kind: kind.into(),
                        severity: Severity::Critical,
                        text,
                        resolved: false,
                    },
                    self.group_wait(),
                )
                .await?;
                incidents::escalated(&self.db, &due.tenant_id, id, at).await
            }
        }
    }

    /// Sends an escalated incident's alert again once the workspace's repeat interval has
    /// passed since it last went out.
    async fn repeat(&self, due: &Due, id: &str, reason: &Text) -> Result<()> {
        let key = incident_key(&due.bot_id, &incidents::kind(&self.db, id).await?);
        let settings = notify::settings::settings(&self.db, Some(&due.tenant_id)).await?;
        let last: Option<(i64,)> =
            sqlx::query_as("SELECT last_sent_at FROM alert_keys WHERE alert_key = $1")
                .bind(&key)
                .fetch_optional(&self.db.pool)
                .await?;
        let Some((last,)) = last else {
            return Ok(());
        };
        if now() - last < settings.repeat_minutes * 60 {
            return Ok(());
        }
        let (kind, opened_at): (String, i64) =
            sqlx::query_as("SELECT kind, opened_at FROM incidents WHERE id = $1")
                .bind(id)
                .fetch_one(&self.db.pool)
                .await?;
        notify::raise(
            &self.db,
            &Alert {
                tenant_id: Some(due.tenant_id.clone()),
                bot_id: Some(due.bot_id.clone()),
                key,
                kind: format!("{kind}_repeat"),
                severity: Severity::Critical,
                text: Text::new("alert-still-unresolved")
                    .int("minutes", (now() - opened_at) / 60)
                    .str("bot", due.bot_name.clone())
                    .text("reason", reason.clone()),
                resolved: false,
            },
            self.group_wait(),
        )
        .await?;
        Ok(())
    }

    /// Closes the bot's open incident; those who were told get "resolved".
    async fn resolve(&self, due: &Due) -> Result<()> {
        let Some((id, fault, escalated, opened_at)) =
            incidents::resolve(&self.db, &due.tenant_id, &due.bot_id, now()).await?
        else {
            return Ok(());
        };
        if escalated {
            notify::raise(
                &self.db,
                &Alert {
                    tenant_id: Some(due.tenant_id.clone()),
                    bot_id: Some(due.bot_id.clone()),
                    key: incident_key(&due.bot_id, &fault),
                    kind: "bot_recovered".into(),
                    severity: Severity::Critical,
                    text: Text::new("alert-bot-recovered")
                        .str("bot", due.bot_name.clone())
                        .str("incident", id)
                        .int("minutes", ((now() - opened_at) / 60).max(1)),
                    resolved: true,
                },
                self.group_wait(),
            )
            .await?;
        }
        Ok(())
    }
}

/// The alert key of a bot's incident of kind `fault`.
fn incident_key(bot_id: &str, fault: &Fault) -> String {
    match fault {
        Fault::Unreachable => notify::unreachable_key(bot_id),
        other => format!("bot:{bot_id}:{}", other.as_str()),
    }
}

/// What was tried, as the escalation says it.
fn tried_text(t: &incidents::Tried, version: Option<i64>) -> Text {
    let mut actions = Vec::new();
    if t.restarts > 0 {
        actions.push(Text::new("escalation-restarts").int("count", t.restarts));
    }
    if t.refused > 0 {
        actions.push(Text::new("escalation-restarts-refused").int("count", t.refused));
    }
    if let (Some(ok), Some(v)) = (t.restore, version) {
        let id = if ok {
            "escalation-restored"
        } else {
            "escalation-restore-failed"
        };
        actions.push(Text::new(id).int("version", v));
    }
    let Some(last) = actions.pop() else {
        return Text::new("escalation-nothing-tried");
    };
    let all = actions.into_iter().rev().fold(last, |second, first| {
        Text::new("escalation-and")
            .text("first", first)
            .text("second", second)
    });
    Text::new("escalation-tried").text("actions", all)
}

/// Deletes checks, resolved incidents, notifications and deliveries older than
/// `retention_days`, and audit entries older than each workspace's own audit retention (kept
/// forever where none is set). Idempotent, so any process may run it.
pub async fn prune(db: &Db, retention_days: i64) -> Result<u64> {
    let before = now() - retention_days.max(1) * 86_400;
    let mut n = 0;
    for sql in [
        "DELETE FROM health_checks WHERE checked_at < $1",
        "DELETE FROM incidents WHERE resolved_at IS NOT NULL AND resolved_at < $1",
        "DELETE FROM notifications WHERE sent_at IS NOT NULL AND sent_at < $1",
        "DELETE FROM deliveries WHERE updated_at < $1 AND status IN ('sent', 'failed')",
        "DELETE FROM silences WHERE ends_at < $1",
    ] {
        n += sqlx::query(sql)
            .bind(before)
            .execute(&db.pool)
            .await?
            .rows_affected();
    }
    n += sqlx::query(
        "DELETE FROM audit_log WHERE tenant_id IN (SELECT id FROM tenants WHERE audit_retention_days IS NOT NULL)
         AND created_at < $1 - 86400 * (SELECT audit_retention_days FROM tenants WHERE tenants.id = audit_log.tenant_id)",
    )
    .bind(now())
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok(n)
}

/// Runs the supervisor and the notification engine every `tick` until the process ends.
pub fn spawn(sup: Supervisor, senders: notify::Senders) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(sup.tuning.tick.max(1) as u64));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first prune runs an hour after start, not at every restart.
        let mut last_prune = std::time::Instant::now();
        let mut last_reports = std::time::Instant::now()
            .checked_sub(Duration::from_secs(60))
            .unwrap_or_else(std::time::Instant::now);
        loop {
            tick.tick().await;
            if let Err(e) = sup.round().await {
                tracing::warn!(error = %e, "the Admin Agent's checks were skipped this round");
            }
            if let Err(e) = notify::dispatch(&senders).await {
                tracing::warn!(error = %e, "notifications were not dispatched this round");
            }
            if let Err(e) = notify::retry(&senders).await {
                tracing::warn!(error = %e, "failed deliveries were not retried this round");
            }
            if last_reports.elapsed() >= Duration::from_secs(60) {
                last_reports = std::time::Instant::now();
                if let Err(e) = daily::send_due(&senders).await {
                    tracing::warn!(error = %e, "health reports were not sent this round");
                }
            }
            if last_prune.elapsed() >= Duration::from_secs(3600) {
                last_prune = std::time::Instant::now();
                match prune(&sup.db, sup.tuning.retention_days).await {
                    Ok(n) => {
                        tracing::info!(rows = n, "pruned old checks, incidents and deliveries")
                    }
                    Err(e) => tracing::warn!(error = %e, "pruning failed"),
                }
            }
        }
    })
}
