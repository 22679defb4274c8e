//! The one wall clock: the current Unix time in seconds, milliseconds and microseconds.

use std::time::{SystemTime, UNIX_EPOCH};

fn since_epoch() -> std::time::Duration {
    // A clock set before 1970 reads as the epoch rather than stopping the server.
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// Unix seconds: what rows store in their `*_at` columns.
pub fn now() -> i64 {
    since_epoch().as_secs() as i64
}

/// Unix milliseconds: cache ages, call latencies and request timestamps.
pub fn now_ms() -> i64 {
    since_epoch().as_millis() as i64
}

/// Unix microseconds: the rate limiter's arithmetic.
pub fn now_us() -> i64 {
    since_epoch().as_micros() as i64
}
