//! Lifetimes and validity rules for sign-in links, invites and sessions.

/// A sign-in link is valid this long after it is issued.
pub const LOGIN_LINK_TTL_SECS: i64 = 15 * 60;
/// An invite link is valid this long after it is created.
pub const INVITE_TTL_SECS: i64 = 7 * 24 * 3600;
/// A session ends after this long without a request.
pub const SESSION_IDLE_SECS: i64 = 7 * 24 * 3600;
/// A session ends this long after sign-in, however active.
pub const SESSION_ABSOLUTE_SECS: i64 = 30 * 24 * 3600;
/// A session's last-seen time is written at most this often.
pub const SESSION_TOUCH_EVERY_SECS: i64 = 60;

/// The state of a single-use, expiring token at time `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    Valid,
    Expired,
    Used,
    Revoked,
}

/// Classifies a token from its timestamps. Use and revocation win over expiry.
pub fn token_state(
    expires_at: i64,
    used_at: Option<i64>,
    revoked_at: Option<i64>,
    now: i64,
) -> TokenState {
    if revoked_at.is_some() {
        TokenState::Revoked
    } else if used_at.is_some() {
        TokenState::Used
    } else if now >= expires_at {
        TokenState::Expired
    } else {
        TokenState::Valid
    }
}

/// Whether a session is still alive: within both its idle and its absolute limits.
pub fn session_alive(last_seen_at: i64, expires_at: i64, now: i64) -> bool {
    now < expires_at && now < last_seen_at + SESSION_IDLE_SECS
}

/// Keeps a post-sign-in destination only if it is a local path (no open redirects).
pub fn safe_next_path(next: &str) -> Option<String> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.len() <= 512
        && !next.chars().any(|c| c.is_control());
    ok.then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_expires_at_its_deadline() {
        let issued = 1_000;
        let exp = issued + LOGIN_LINK_TTL_SECS;
        assert_eq!(token_state(exp, None, None, issued), TokenState::Valid);
        assert_eq!(token_state(exp, None, None, exp - 1), TokenState::Valid);
        assert_eq!(token_state(exp, None, None, exp), TokenState::Expired);
        assert_eq!(token_state(exp, Some(1_001), None, 1_002), TokenState::Used);
        assert_eq!(
            token_state(exp, None, Some(1_001), 1_002),
            TokenState::Revoked
        );
    }

    #[test]
    fn sessions_end_on_idle_or_absolute_limit() {
        let start = 10_000;
        let abs = start + SESSION_ABSOLUTE_SECS;
        assert!(session_alive(start, abs, start + 60));
        assert!(!session_alive(start, abs, start + SESSION_IDLE_SECS));
        let recent = abs - 10;
        assert!(session_alive(recent, abs, abs - 1));
        assert!(!session_alive(recent, abs, abs));
    }

    #[test]
    fn only_local_paths_are_kept() {
        assert_eq!(safe_next_path("/invite/abc"), Some("/invite/abc".into()));
        assert_eq!(safe_next_path("//evil.example"), None);
        assert_eq!(safe_next_path("https://evil.example"), None);
        assert_eq!(safe_next_path("/\\evil.example"), None);
        assert_eq!(safe_next_path("/a\nb"), None);
    }
}
