//! What the Admin Agent's pages show of the bots' health: each bot's card and its windows, the
//! health history the charts draw, and incidents with their timelines.

use crate::i18n::{Locale, Text};
use serde::{Deserialize, Serialize};

/// A bot's health as its status card shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BotHealthView {
    pub bot_id: String,
    pub name: String,
    /// "unknown", "up", "suspect" or "down".
    pub state: String,
    pub last_check_at: Option<i64>,
    /// What the last check found, in English.
    pub last_reason: Option<String>,
    /// The same, to be said in the reader's language (`None` for checks stored before it was
    /// kept).
    pub last_reason_text: Option<Text>,
    pub last_latency_ms: Option<i64>,
    /// Its health over the last 24 hours, 7 days and 30 days, in that order.
    pub windows: Vec<HealthWindowView>,
    pub open_incident: Option<String>,
    pub silenced_until: Option<i64>,
}

/// A bot's health over one window of time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthWindowView {
    /// The window's length in days (1, 7 or 30).
    pub days: i64,
    /// Share of checks that found it reachable, in hundredths of a percent (9950 = 99.50%);
    /// `None` without checks.
    pub uptime: Option<i64>,
    /// Response time of its health checks.
    pub p50_ms: Option<i64>,
    pub p95_ms: Option<i64>,
    /// Its agents' model calls through BaaS, and those that failed (server errors, timeouts).
    pub calls: i64,
    pub failed_calls: i64,
}

impl HealthWindowView {
    /// Share of calls that failed, in hundredths of a percent; `None` without calls.
    pub fn error_rate(&self) -> Option<i64> {
        (self.calls > 0).then(|| self.failed_calls * 10_000 / self.calls)
    }
}

/// A workspace's health over a period, as the Admin Agent's charts show it: its checks per
/// hour or day, what they found, and the alerts raised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthHistoryView {
    /// "24h", "7d" or "30d".
    pub period: String,
    /// The bot shown; `None` for every bot of the workspace.
    pub bot_id: Option<String>,
    /// The workspace's bots (id, name), for choosing one.
    pub bots: Vec<(String, String)>,
    pub timezone: String,
    /// First and last local day of the period ("YYYY-MM-DD"), for its download.
    pub first_day: String,
    pub last_day: String,
    /// One per hour (24 hours) or local day (7 and 30 days), oldest first.
    pub buckets: Vec<HealthBucket>,
    /// The period's checks by what they found, in a fixed order.
    pub outcomes: Vec<OutcomeShare>,
    /// Alerts raised in the period by kind (kind, count), most frequent first.
    pub alerts: Vec<(String, i64)>,
    /// The period in a few sentences, for those who do not see the charts: each sentence a
    /// message, said in the reader's language and joined with spaces.
    pub summary: Vec<Text>,
}

/// The checks of one hour or day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthBucket {
    /// Local "14:00" for an hour, "2026-12-03" for a day.
    pub label: String,
    pub start: i64,
    pub healthy: i64,
    /// Reached but unhealthy (WhatsApp, configuration, errors).
    pub degraded: i64,
    /// Not reached.
    pub down: i64,
    /// 95th percentile of the health check's response time, of the checks that got an answer.
    pub p95_ms: Option<i64>,
}

/// How many of a period's checks found one outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeShare {
    /// "healthy", "unreachable", "channel_down", "config_invalid", "errors", or "degraded" for a
    /// degraded check recorded before its kind was kept.
    pub outcome: String,
    pub checks: i64,
    /// Hundredths of a percent of the period's checks; the shares add up to 10000 exactly.
    pub share: i64,
}

/// One entry of an incident's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentEventView {
    pub at: i64,
    /// "detected", "confirmed", "restart", "restore", "escalated", "acknowledged", "resolved".
    pub kind: String,
    /// What happened, in English.
    pub detail: String,
    /// The same, to be said in the reader's language (`None` for steps recorded before it
    /// was kept).
    pub text: Option<Text>,
    pub actor: String,
}

/// An incident of one bot with its timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentView {
    pub id: String,
    pub bot_id: String,
    pub bot_name: String,
    pub kind: String,
    /// What the check that opened it found, in English.
    pub reason: String,
    /// The same, to be said in the reader's language (`None` for incidents opened before it
    /// was kept).
    pub reason_text: Option<Text>,
    pub opened_at: i64,
    pub resolved_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub acknowledged_by: Option<String>,
    pub restarts: i64,
    pub events: Vec<IncidentEventView>,
}

/// The words for an alert's kind (`bot_unreachable`, `budget`, `unreachable_repeat`…): the
/// catalogue's `alert-kind`, a repeated incident alert as its incident's alert "(repeated)",
/// and a kind the catalogue does not name as itself with spaces.
pub fn alert_kind_text(kind: &str) -> Text {
    if let Some(fault) = kind.strip_suffix("_repeat") {
        let alert = match fault {
            "unreachable" => "bot_unreachable",
            "errors" => "bot_errors",
            other => other,
        };
        return Text::new("alert-kind-repeated").text("kind", alert_kind_text(alert));
    }
    let named = Text::new("alert-kind").str("kind", kind);
    if crate::i18n::render(Locale::En, &named) == kind {
        // Not one the catalogue names: its own words, which no variant matches.
        Text::new("alert-kind").str("kind", kind.replace('_', " "))
    } else {
        named
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_kinds_are_named_repeats_marked_and_unknown_kinds_spelled_out() {
        let en = |kind: &str| alert_kind_text(kind).english();
        assert_eq!(en("bot_unreachable"), "bot unreachable");
        assert_eq!(en("unreachable_repeat"), "bot unreachable (repeated)");
        assert_eq!(
            en("channel_down_repeat"),
            "WhatsApp disconnected (repeated)"
        );
        assert_eq!(en("budget_80"), "budget 80");
        let pt = crate::i18n::render(Locale::PtBr, &alert_kind_text("errors_repeat"));
        assert_eq!(pt, "chamadas ao modelo falhando (repetido)");
    }
}
