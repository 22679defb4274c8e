//! The Admin Agent's timing variables.

use super::{whole_number, ConfigError};

/// How checks, confirmations, restarts and notification grouping are timed (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tuning {
    /// Overrides every workspace's check interval (tests and demos).
    pub interval: Option<i64>,
    /// Between quick re-probes of a failing or recovering bot.
    pub retry: i64,
    /// Failed checks in a row that declare a bot down.
    pub confirm: u32,
    /// Passing checks in a row that declare it up again.
    pub recover: u32,
    /// Between two automatic restarts of one bot.
    pub cooldown: i64,
    /// How long the first alert waits for others to go out with it.
    pub group_wait: i64,
    /// How often each process looks for due checks and notifications.
    pub tick: i64,
    /// Days checks, incidents and the notification log are kept.
    pub retention_days: i64,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            interval: None,
            retry: 20,
            confirm: 3,
            recover: 2,
            cooldown: 60,
            group_wait: 30,
            tick: 5,
            retention_days: 30,
        }
    }
}

/// Reads the Admin Agent's variables through `get`, each checked against its range.
pub(super) fn tuning(get: &impl Fn(&str) -> Option<String>) -> Result<Tuning, ConfigError> {
    let n = |var: &'static str, default: i64, range, hint: &'static str| {
        whole_number(get(var), var, default, range, hint)
    };
    let interval_hint = "give seconds, like 300, or unset it to use each workspace's interval";
    Ok(Tuning {
        interval: get("BAAS_CHECK_INTERVAL")
            .map(|_| n("BAAS_CHECK_INTERVAL", 300, 1..=3600, interval_hint))
            .transpose()?,
        retry: n("BAAS_CHECK_RETRY", 20, 1..=600, "give seconds, like 20")?,
        confirm: n(
            "BAAS_CHECK_CONFIRM",
            3,
            1..=10,
            "give how many failed checks in a row declare a bot down, like 3",
        )? as u32,
        recover: n(
            "BAAS_CHECK_RECOVER",
            2,
            1..=10,
            "give how many passing checks in a row declare it up again, like 2",
        )? as u32,
        cooldown: n(
            "BAAS_RESTART_COOLDOWN",
            60,
            1..=3600,
            "give seconds, like 60",
        )?,
        group_wait: n(
            "BAAS_NOTIFY_GROUP_WAIT",
            30,
            0..=600,
            "give seconds, like 30",
        )?,
        tick: n("BAAS_ADMIN_AGENT_TICK", 5, 1..=60, "give seconds, like 5")?,
        retention_days: n("BAAS_RETENTION_DAYS", 30, 1..=3650, "give days, like 30")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(vars: &[(&str, &str)]) -> Result<Tuning, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        tuning(&|k: &str| map.get(k).cloned())
    }

    #[test]
    fn defaults_apply_and_a_bad_value_is_named_with_its_fix() {
        assert_eq!(read(&[]).expect("defaults"), Tuning::default());
        let t = read(&[
            ("BAAS_CHECK_INTERVAL", "2"),
            ("BAAS_NOTIFY_GROUP_WAIT", "0"),
        ])
        .expect("ok");
        assert_eq!((t.interval, t.group_wait), (Some(2), 0));
        let e = read(&[("BAAS_CHECK_CONFIRM", "0")]).expect_err("refused");
        assert_eq!(e.var, "BAAS_CHECK_CONFIRM");
        assert!(e.problem.contains("from 1 to 10"), "{}", e.problem);
        assert!(e.fix.contains("like 3"));
    }
}
