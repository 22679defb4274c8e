//! In-process sliding-window limiter for sign-in attempts, bounded in memory.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// Admits an event at `now` if fewer than `limit` happened in the last `window` seconds;
/// otherwise returns how many seconds until one slot frees up.
pub fn admit(history: &mut VecDeque<i64>, now: i64, limit: usize, window: i64) -> Result<(), i64> {
    while history.front().is_some_and(|&t| t <= now - window) {
        history.pop_front();
    }
    if history.len() >= limit {
        let oldest = history.front().copied().unwrap_or(now);
        return Err((oldest + window - now).max(1));
    }
    history.push_back(now);
    Ok(())
}

/// A keyed limiter: at most `limit` events per key per `window` seconds.
pub struct Limiter {
    limit: usize,
    window: i64,
    max_keys: usize,
    keys: Mutex<HashMap<String, VecDeque<i64>>>,
}

impl Limiter {
    /// A limiter remembering at most `max_keys` keys (older windows are pruned first).
    pub fn new(limit: usize, window: i64, max_keys: usize) -> Self {
        Self {
            limit,
            window,
            max_keys,
            keys: Mutex::new(HashMap::new()),
        }
    }

    /// Records an attempt for `key`, or says how long to wait.
    pub fn check(&self, key: &str, now: i64) -> Result<(), i64> {
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        if keys.len() >= self.max_keys && !keys.contains_key(key) {
            let window = self.window;
            keys.retain(|_, h| h.back().is_some_and(|&t| t > now - window));
            if keys.len() >= self.max_keys {
                // Still full of live keys: forget the tenth least recently seen, so memory stays
                // bounded without locking everyone out.
                let mut last_seen: Vec<(i64, String)> = keys
                    .iter()
                    .map(|(k, h)| (h.back().copied().unwrap_or(0), k.clone()))
                    .collect();
                last_seen.sort_unstable();
                for (_, k) in last_seen.into_iter().take(self.max_keys.div_ceil(10)) {
                    keys.remove(&k);
                }
            }
        }
        let history = keys.entry(key.to_string()).or_default();
        admit(history, now, self.limit, self.window)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_admits_limit_then_refuses_until_oldest_expires() {
        let mut h = VecDeque::new();
        for t in 0..3 {
            assert_eq!(admit(&mut h, 100 + t, 3, 60), Ok(()));
        }
        assert_eq!(admit(&mut h, 110, 3, 60), Err(50));
        assert_eq!(admit(&mut h, 159, 3, 60), Err(1));
        assert_eq!(admit(&mut h, 160, 3, 60), Ok(()));
    }

    #[test]
    fn keys_are_independent_and_memory_is_bounded() {
        let l = Limiter::new(1, 60, 2);
        assert!(l.check("a", 0).is_ok());
        assert!(l.check("a", 1).is_err());
        assert!(l.check("b", 1).is_ok());
        assert!(
            l.check("c", 2).is_ok(),
            "full of live keys: the least recent is forgotten"
        );
        assert!(l.check("b", 3).is_err(), "recent keys are kept");
        assert!(l.check("a", 4).is_ok(), "the forgotten key starts afresh");
        assert_eq!(l.keys.lock().map(|k| k.len()).unwrap_or(0), 2);
    }
}
