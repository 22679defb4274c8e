//! The notification engine's pure rules: which kinds of channel a severity goes to, when
//! quiet hours hold an alert back, what inhibits what, how failed deliveries back off, and
//! when a batch becomes a digest.

use serde::{Deserialize, Serialize};

/// How urgent an alert is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Warning,
    Error,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
            Severity::Critical => "critical",
        }
    }

    /// A stored severity; an unknown name reads as the most urgent, so it is never dropped.
    pub fn parse(s: &str) -> Severity {
        match s {
            "info" => Severity::Info,
            "warning" => Severity::Warning,
            "error" => Severity::Error,
            _ => Severity::Critical,
        }
    }
}

/// The kinds of channel an alert can go out on (the dashboard always has every alert).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    Email,
    Webhook,
    Slack,
    Whatsapp,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 4] = [
        ChannelKind::Email,
        ChannelKind::Webhook,
        ChannelKind::Slack,
        ChannelKind::Whatsapp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Email => "email",
            ChannelKind::Webhook => "webhook",
            ChannelKind::Slack => "slack",
            ChannelKind::Whatsapp => "whatsapp",
        }
    }

    pub fn parse(s: &str) -> Option<ChannelKind> {
        ChannelKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Which kinds of channel each severity goes to: a workspace setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routing {
    pub info: Vec<ChannelKind>,
    pub warning: Vec<ChannelKind>,
    pub error: Vec<ChannelKind>,
    pub critical: Vec<ChannelKind>,
}

impl Default for Routing {
    /// INFO on the dashboard only; WARNING and ERROR by email; CRITICAL by email and WhatsApp.
    /// Webhook and Slack channels, being set up to receive alerts, get WARNING and above.
    fn default() -> Self {
        use ChannelKind::*;
        Routing {
            info: vec![],
            warning: vec![Email, Webhook, Slack],
            error: vec![Email, Webhook, Slack],
            critical: vec![Email, Whatsapp, Webhook, Slack],
        }
    }
}

impl Routing {
    pub fn kinds(&self, s: Severity) -> &[ChannelKind] {
        match s {
            Severity::Info => &self.info,
            Severity::Warning => &self.warning,
            Severity::Error => &self.error,
            Severity::Critical => &self.critical,
        }
    }

    /// Whether an alert of severity `s` goes to channels of kind `k`.
    pub fn sends(&self, s: Severity, k: ChannelKind) -> bool {
        self.kinds(s).contains(&k)
    }
}

/// Quiet hours: local minutes of the day `[start, end)`, wrapping past midnight when
/// `start > end` (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quiet {
    pub start: u32,
    pub end: u32,
}

impl Quiet {
    /// Whether local minute-of-day `m` is inside the quiet hours.
    pub fn contains(self, m: u32) -> bool {
        match self.start.cmp(&self.end) {
            std::cmp::Ordering::Less => m >= self.start && m < self.end,
            std::cmp::Ordering::Greater => m >= self.start || m < self.end,
            std::cmp::Ordering::Equal => false,
        }
    }

    /// Minutes from local minute-of-day `m` until the quiet hours end (0 outside them).
    pub fn minutes_left(self, m: u32) -> u32 {
        if !self.contains(m) {
            return 0;
        }
        (self.end + 24 * 60 - m) % (24 * 60)
    }
}

/// Seconds an alert raised at local minute-of-day `m` (second `s` of it) is held back: until
/// the quiet hours end, for everything but CRITICAL.
pub fn held_for(quiet: Option<Quiet>, severity: Severity, m: u32, s: u32) -> i64 {
    match quiet {
        Some(q) if severity != Severity::Critical && q.contains(m) => {
            i64::from(q.minutes_left(m)) * 60 - i64::from(s)
        }
        _ => 0,
    }
}

/// Alert kinds a "bot unreachable" alert for the same bot makes redundant.
pub fn inhibited_by_unreachable(kind: &str) -> bool {
    matches!(kind, "channel_down" | "no_traffic")
}

/// Attempts before a delivery is given up.
pub const MAX_ATTEMPTS: u32 = 6;

/// Seconds before attempt `attempt + 1` (after `attempt` failures): 30 s doubling, at most an
/// hour; `None` once the attempts are spent.
pub fn retry_in(attempt: u32) -> Option<i64> {
    (attempt < MAX_ATTEMPTS).then(|| (30i64 << attempt.saturating_sub(1).min(7)).min(3600))
}

/// More alerts than this in one batch are sent as a digest (counts per kind) rather than one
/// line each.
pub const DIGEST_AFTER: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_routing_follows_the_severities() {
        let r = Routing::default();
        assert!(r.kinds(Severity::Info).is_empty());
        assert!(r.sends(Severity::Warning, ChannelKind::Email));
        assert!(!r.sends(Severity::Error, ChannelKind::Whatsapp));
        assert!(r.sends(Severity::Critical, ChannelKind::Whatsapp));
        assert!(r.sends(Severity::Critical, ChannelKind::Webhook));
        let json = serde_json::to_string(&r).expect("json");
        assert!(json.contains("\"whatsapp\""), "{json}");
        assert_eq!(serde_json::from_str::<Routing>(&json).expect("back"), r);
    }

    #[test]
    fn quiet_hours_wrap_past_midnight_and_hold_all_but_critical() {
        let q = Quiet {
            start: 22 * 60,
            end: 7 * 60,
        };
        assert!(q.contains(23 * 60));
        assert!(q.contains(0));
        assert!(q.contains(6 * 60 + 59));
        assert!(!q.contains(7 * 60));
        assert!(!q.contains(12 * 60));
        // 23:30:10 local: held until 07:00, 7 h 29 min 50 s later.
        assert_eq!(
            held_for(Some(q), Severity::Error, 23 * 60 + 30, 10),
            7 * 3600 + 29 * 60 + 50
        );
        assert_eq!(held_for(Some(q), Severity::Critical, 23 * 60 + 30, 10), 0);
        assert_eq!(held_for(Some(q), Severity::Warning, 12 * 60, 0), 0);
        assert_eq!(held_for(None, Severity::Warning, 23 * 60, 0), 0);
        let day = Quiet {
            start: 12 * 60,
            end: 14 * 60,
        };
        assert!(day.contains(13 * 60) && !day.contains(14 * 60) && !day.contains(23 * 60));
    }

    #[test]
    fn retries_back_off_and_stop() {
        let waits: Vec<_> = (0..=MAX_ATTEMPTS).map(retry_in).collect();
        assert_eq!(
            waits,
            vec![
                Some(30),
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                None
            ]
        );
    }

    #[test]
    fn unreachable_inhibits_channel_and_traffic_alerts_only() {
        assert!(inhibited_by_unreachable("channel_down"));
        assert!(inhibited_by_unreachable("no_traffic"));
        assert!(!inhibited_by_unreachable("bot_unreachable"));
        assert!(!inhibited_by_unreachable("budget"));
    }
}
