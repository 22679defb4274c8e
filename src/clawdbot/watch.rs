//! The watch after a change: a bot that does not come back healthy in time is rolled back to
//! the version before (when it can still be reached) and the owner is told either way.

use super::editor::{load_versions, read, rollback};
use crate::access::Access;
use crate::audit::{self, Action};
use crate::clock::now;
use crate::crypto::SecretBox;
use crate::db::Db;
use std::time::Duration;

/// What the health watch needs after a change was applied.
pub struct Applied {
    /// Who applied it, in which workspace: a rollback is made in their name.
    pub access: Access,
    pub bot_id: String,
    pub bot_name: String,
    pub version: i64,
    /// Unix seconds.
    pub at: i64,
}

/// Watches a bot after a change: if it does not come back healthy within `window`, the
/// version before the change is restored (when the bot can still be reached) or, if it cannot,
/// the owner is told to; either way an alert event and an audit entry are recorded.
pub async fn watch_after_apply(
    db: Db,
    secrets: SecretBox,
    bots: crate::clawdbot::manager::BotManager,
    applied: Applied,
    window: Duration,
) {
    use crate::alerts::{self, Severity};
    use crate::clawdbot::manager::{after_apply, AfterApply};
    use crate::i18n::Text;
    let reachable = loop {
        let status = bots.status(&applied.bot_id);
        match after_apply(&status, applied.at, now(), window.as_secs() as i64) {
            AfterApply::Healthy => return,
            AfterApply::Waiting => tokio::time::sleep(Duration::from_millis(500)).await,
            AfterApply::Unhealthy { reachable } => break reachable,
        }
    };
    let previous = load_versions(&db, &secrets, &applied.bot_id)
        .await
        .ok()
        .and_then(|v| v.into_iter().find(|v| v.version == applied.version - 1));
    let what = Text::new("config-unhealthy")
        .str("bot", applied.bot_name.clone())
        .int("seconds", window.as_secs() as i64)
        .int("version", applied.version);
    let link = crate::clawdbot::link::Managed {
        bots: &bots,
        bot_id: &applied.bot_id,
    };
    let (kind, severity, text) = match (reachable, previous) {
        (true, Some(prev)) => {
            let restored = match read(&link).await {
                Ok(snap) => {
                    rollback(
                        &db,
                        &secrets,
                        &link,
                        &applied.access,
                        &applied.bot_id,
                        &snap.hash,
                        &prev.id,
                    )
                    .await
                }
                Err(e) => Err(e.into()),
            };
            match restored {
                Ok(v) => (
                    "bot_config_rolled_back",
                    Severity::Warning,
                    Text::new("alert-config-rolled-back")
                        .text("what", what)
                        .int("previous", prev.version)
                        .int("now", v),
                ),
                Err(e) => (
                    "bot_unhealthy_after_change",
                    Severity::Error,
                    Text::new("alert-config-restore-failed")
                        .text("what", what)
                        .int("previous", prev.version)
                        .str("error", e.to_string()),
                ),
            }
        }
        (_, prev) => (
            "bot_unhealthy_after_change",
            Severity::Error,
            match prev {
                Some(p) => Text::new("alert-config-unreachable-restore")
                    .text("what", what)
                    .int("previous", p.version),
                None => Text::new("alert-config-unreachable").text("what", what),
            },
        ),
    };
    let message = text.english();
    tracing::warn!(bot = %applied.bot_id, %message, "bot unhealthy after a change");
    if let Err(e) =
        alerts::record(&db, Some(&applied.access.tenant_id), kind, severity, &text).await
    {
        tracing::error!(error = %e, "alert event not recorded");
    }
    if let Ok(mut conn) = db.pool.acquire().await {
        let entry = audit::record(
            &mut conn,
            Some(&applied.access.tenant_id),
            &applied.access.actor,
            Action::BotConfigChanged,
            &message,
        )
        .await;
        if let Err(e) = entry {
            tracing::error!(error = %e, "audit entry not recorded");
        }
    }
}

/// Runs [`watch_after_apply`] in the background.
pub fn spawn_watch(
    db: Db,
    secrets: SecretBox,
    bots: crate::clawdbot::manager::BotManager,
    applied: Applied,
    window: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(watch_after_apply(db, secrets, bots, applied, window))
}
