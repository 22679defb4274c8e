//! Sign-in by emailed magic link, and server-side sessions.

use crate::audit::{self, Action, Actor};
use crate::clock::now;
use crate::config::SignupAllow;
use crate::crypto::{hash_token, random_token, SecretBox};
use crate::db::Db;
use crate::email::Email;
use crate::error::{Error, LinkProblem, Result};
use crate::mail::{html_escape, Mailer, OutgoingEmail};
use crate::ratelimit::window::Limiter;
use crate::tokens::{
    safe_next_path, session_alive, token_state, TokenState, LOGIN_LINK_TTL_SECS,
    SESSION_ABSOLUTE_SECS, SESSION_TOUCH_EVERY_SECS,
};
use crate::users;
use std::sync::Arc;
use tracing::Instrument;

/// Name of the session cookie. Over https it carries the `__Host-` prefix, so the browser
/// accepts it only from this host, with `Secure`, for the whole site: a sibling subdomain
/// cannot plant or shadow it.
pub fn session_cookie(secure: bool) -> &'static str {
    if secure {
        "__Host-baas_session"
    } else {
        "baas_session"
    }
}

/// Sign-in links one address may request per window.
pub const LINKS_PER_EMAIL: usize = 5;
/// Sign-in links one client IP may request per window, unless configured
/// (`BAAS_SIGN_INS_PER_IP`): an office behind one address needs more.
pub const LINKS_PER_IP: usize = 20;
/// The rate-limit window, in seconds.
pub const LINK_WINDOW_SECS: i64 = 15 * 60;

/// A successful sign-in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The raw session token for the cookie; only its hash is stored.
    pub session_token: String,
    pub user_id: String,
    pub email: String,
    pub next: Option<String>,
}

/// The user behind a valid session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub user_id: String,
    pub email: String,
    pub session_hash: String,
}

impl CurrentUser {
    /// This user as the actor of an audit entry, acting from `ip`.
    pub fn actor(&self, ip: &str) -> Actor {
        Actor {
            user_id: Some(self.user_id.clone()),
            email: Some(self.email.clone()),
            ip: Some(ip.to_string()),
        }
    }
}

/// Sign-in confirmation steps (valid or not) one client IP may take per window, for each link
/// it may request: a sign-in opens the confirmation page, then confirms.
pub const CONFIRMS_PER_LINK: usize = 2;

/// Magic links and sessions.
#[derive(Clone)]
pub struct Auth {
    db: Db,
    mailer: Mailer,
    secrets: SecretBox,
    public_url: String,
    per_email: Arc<Limiter>,
    per_ip: Arc<Limiter>,
    confirms_per_ip: Arc<Limiter>,
    signup: SignupAllow,
}

impl Auth {
    /// Where this server's mail goes (the Admin Agent sends through it too).
    pub fn mailer(&self) -> &Mailer {
        &self.mailer
    }

    /// Builds the service; `public_url` is the base of every emailed link, `secrets` seals the
    /// post-sign-in destination (it may hold an invite link), `signup` says whose first
    /// sign-in creates an account, `links_per_ip` how many sign-in links one client address may
    /// ask for per window.
    pub fn new(
        db: Db,
        mailer: Mailer,
        secrets: SecretBox,
        public_url: String,
        signup: SignupAllow,
        links_per_ip: usize,
    ) -> Self {
        Self {
            db,
            mailer,
            secrets,
            public_url,
            signup,
            per_email: Arc::new(Limiter::new(LINKS_PER_EMAIL, LINK_WINDOW_SECS, 100_000)),
            per_ip: Arc::new(Limiter::new(links_per_ip, LINK_WINDOW_SECS, 100_000)),
            confirms_per_ip: Arc::new(Limiter::new(
                links_per_ip.saturating_mul(CONFIRMS_PER_LINK),
                LINK_WINDOW_SECS,
                100_000,
            )),
        }
    }

    /// Issues a sign-in link for `raw_email` and mails it. The answer and the work done are the
    /// same whether or not an account exists (sign-in is also sign-up); mail goes out in the
    /// background so its latency reveals nothing.
    pub async fn request_link(&self, raw_email: &str, next: Option<&str>, ip: &str) -> Result<()> {
        let email = Email::parse(raw_email).map_err(|e| Error::Invalid(e.to_string()))?;
        let t = now();
        self.per_ip
            .check(&ip_key(ip), t)
            .map_err(|retry_after_secs| Error::RateLimited { retry_after_secs })?;
        self.per_email
            .check(email.as_str(), t)
            .map_err(|retry_after_secs| Error::RateLimited { retry_after_secs })?;

        if !self.may_sign_in(email.as_str(), t).await? {
            // The same answer as for everyone else; the mailbox's owner learns why.
            let mail = OutgoingEmail {
                to: email,
                subject: "Signing up to BaaS".into(),
                text: "Someone asked to sign in to BaaS with this address. This BaaS accepts new \
                       accounts only by invitation or from certain email domains, so no link was \
                       sent. Ask the person who runs it, or a workspace owner, for an invite."
                    .into(),
                html: "<p>Someone asked to sign in to BaaS with this address. This BaaS accepts \
                       new accounts only by invitation or from certain email domains, so no link \
                       was sent.</p><p>Ask the person who runs it, or a workspace owner, for an \
                       invite.</p>"
                    .into(),
            };
            self.send_later(mail);
            return Ok(());
        }
        let token = random_token();
        let next = next.and_then(safe_next_path).map(|n| self.secrets.seal(&n));
        sqlx::query(
            "INSERT INTO login_tokens (token_hash, email, next_path, ip, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(hash_token(&token))
        .bind(email.as_str())
        .bind(next.as_deref())
        .bind(ip)
        .bind(t)
        .bind(t + LOGIN_LINK_TTL_SECS)
        .execute(&self.db.pool)
        .await?;

        let link = format!("{}/auth/verify?token={token}", self.public_url);
        let mail = OutgoingEmail {
            to: email,
            subject: "Your BaaS sign-in link".into(),
            text: format!(
                "Sign in to BaaS by opening this link:\n\n{link}\n\n\
                 It works once and expires in 15 minutes. If you did not ask for it, ignore this email."
            ),
            html: format!(
                "<p>Sign in to BaaS:</p><p><a href=\"{0}\">{0}</a></p>\
                 <p>It works once and expires in 15 minutes. If you did not ask for it, ignore this email.</p>",
                html_escape(&link)
            ),
        };
        self.send_later(mail);
        Ok(())
    }

    /// Mails in the background, so the request's timing says nothing about the address.
    fn send_later(&self, mail: OutgoingEmail) {
        let mailer = self.mailer.clone();
        tokio::spawn(
            async move {
                if let Err(e) = mailer.send(&mail).await {
                    tracing::error!(error = %e, "sign-in email could not be sent");
                }
            }
            .instrument(tracing::Span::current()),
        );
    }

    /// Whether this (parsed) address may sign in: it has an account, a pending invite, or the
    /// sign-up policy admits it.
    async fn may_sign_in(&self, email: &str, t: i64) -> Result<bool> {
        if self.signup.admits(email) {
            return Ok(true);
        }
        let mut conn = self.db.pool.acquire().await?;
        if users::user_id_by_email(&mut conn, email).await?.is_some() {
            return Ok(true);
        }
        let (invited,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM invites WHERE email = $1 AND accepted_at IS NULL
               AND revoked_at IS NULL AND expires_at > $2",
        )
        .bind(email)
        .bind(t)
        .fetch_one(&mut *conn)
        .await?;
        Ok(invited > 0)
    }

    /// The address a sign-in link signs in, while the link is still usable; it is not used up.
    /// Shown on the confirmation page, so nobody is signed in to someone else's account by
    /// clicking a link they were sent. Rate-limited like confirmations.
    pub async fn link_address(&self, token: &str, ip: &str) -> Result<Option<String>> {
        let t = now();
        self.confirms_per_ip
            .check(&ip_key(ip), t)
            .map_err(|retry_after_secs| Error::RateLimited { retry_after_secs })?;
        if token.is_empty() || token.len() > 128 {
            return Ok(None);
        }
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT email FROM login_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(hash_token(token))
        .bind(t)
        .fetch_optional(&self.db.pool)
        .await?;
        Ok(row.map(|(email,)| email))
    }

    /// Consumes a sign-in link: creates the user on first sign-in and opens a session. The
    /// claim, the user, the session and the audit entry commit together or not at all.
    pub async fn verify_link(&self, token: &str, ip: &str, user_agent: &str) -> Result<SignedIn> {
        let t = now();
        self.confirms_per_ip
            .check(&ip_key(ip), t)
            .map_err(|retry_after_secs| Error::RateLimited { retry_after_secs })?;
        if token.is_empty() || token.len() > 128 {
            return Err(Error::Link(LinkProblem::Unknown));
        }
        let hash = hash_token(token);
        let mut tx = self.db.pool.begin().await?;
        // Claim first: the write takes the lock, so of two concurrent clicks only one wins.
        let claimed = sqlx::query(
            "UPDATE login_tokens SET used_at = $1
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(t)
        .bind(&hash)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let row: Option<(String, Option<String>, i64, Option<i64>)> = sqlx::query_as(
            "SELECT email, next_path, expires_at, used_at FROM login_tokens WHERE token_hash = $1",
        )
        .bind(&hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((email, next, expires_at, used_at)) = row else {
            let actor = Actor {
                ip: Some(ip.to_string()),
                ..Actor::default()
            };
            audit::record(&mut tx, None, &actor, Action::SignInFailed, "unknown link").await?;
            tx.commit().await?;
            return Err(Error::Link(LinkProblem::Unknown));
        };
        if !claimed {
            let problem = match token_state(expires_at, used_at, None, t) {
                TokenState::Expired => LinkProblem::Expired,
                _ => LinkProblem::Used,
            };
            let user = users::user_id_by_email(&mut tx, &email).await?;
            let actor = Actor {
                user_id: user.clone(),
                email: Some(email.clone()),
                ip: Some(ip.to_string()),
            };
            let detail = format!("sign-in link refused: {}", problem.code());
            match user {
                Some(uid) => {
                    audit::record_for_user_tenants(
                        &mut tx,
                        &uid,
                        &actor,
                        Action::SignInFailed,
                        &detail,
                    )
                    .await?
                }
                None => audit::record(&mut tx, None, &actor, Action::SignInFailed, &detail).await?,
            }
            tx.commit().await?;
            return Err(Error::Link(problem));
        }

        if !self.may_sign_in(&email, t).await? {
            // The sign-up policy changed after the link was sent.
            tx.rollback().await?;
            return Err(Error::Forbidden(
                "new accounts here need an invite; ask a workspace owner for one".into(),
            ));
        }
        let user_id = users::user_for_email(&mut tx, &email, t).await?;

        let session_token = random_token();
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, ip, user_agent, created_at, last_seen_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $5, $6)",
        )
        .bind(hash_token(&session_token))
        .bind(&user_id)
        .bind(ip)
        .bind(truncate(user_agent, 300))
        .bind(t)
        .bind(t + SESSION_ABSOLUTE_SECS)
        .execute(&mut *tx)
        .await?;

        let actor = Actor {
            user_id: Some(user_id.clone()),
            email: Some(email.clone()),
            ip: Some(ip.to_string()),
        };
        audit::record_for_user_tenants(&mut tx, &user_id, &actor, Action::SignIn, "signed in")
            .await?;
        tx.commit().await?;
        let next = next
            .and_then(|sealed| self.secrets.open(&sealed).ok())
            .and_then(|n| safe_next_path(&n));
        Ok(SignedIn {
            session_token,
            user_id,
            email,
            next,
        })
    }

    /// The user behind a session cookie, if the session is alive. Ends dead sessions.
    pub async fn session_user(&self, session_token: &str) -> Result<Option<CurrentUser>> {
        if session_token.is_empty() || session_token.len() > 128 {
            return Ok(None);
        }
        let hash = hash_token(session_token);
        let row: Option<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT s.user_id, u.email, s.last_seen_at, s.expires_at
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1",
        )
        .bind(&hash)
        .fetch_optional(&self.db.pool)
        .await?;
        let Some((user_id, email, last_seen, expires_at)) = row else {
            return Ok(None);
        };
        let t = now();
        if !session_alive(last_seen, expires_at, t) {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(&hash)
                .execute(&self.db.pool)
                .await?;
            return Ok(None);
        }
        if t - last_seen >= SESSION_TOUCH_EVERY_SECS {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
                .bind(t)
                .bind(&hash)
                .execute(&self.db.pool)
                .await?;
        }
        Ok(Some(CurrentUser {
            user_id,
            email,
            session_hash: hash,
        }))
    }

    /// Ends a session on the server.
    pub async fn sign_out(&self, user: &CurrentUser, ip: &str) -> Result<()> {
        let mut tx = self.db.pool.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(&user.session_hash)
            .execute(&mut *tx)
            .await?;
        let actor = user.actor(ip);
        audit::record_for_user_tenants(
            &mut tx,
            &user.user_id,
            &actor,
            Action::SignOut,
            "signed out",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes spent sign-in links and dead sessions; returns how many rows went.
    pub async fn purge_expired(&self) -> Result<u64> {
        let t = now();
        let links = sqlx::query("DELETE FROM login_tokens WHERE expires_at < $1")
            .bind(t - 24 * 3600)
            .execute(&self.db.pool)
            .await?
            .rows_affected();
        let sessions =
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
                .bind(t)
                .bind(t - crate::tokens::SESSION_IDLE_SECS)
                .execute(&self.db.pool)
                .await?
                .rows_affected();
        Ok(links + sessions)
    }
}

/// The rate-limit key for a client address: IPv6 clients are grouped by their /64, which is
/// what one subscriber usually controls.
pub fn ip_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(std::net::IpAddr::V6(v6)) => v6
            .to_ipv4_mapped()
            .map(|v4| v4.to_string())
            .unwrap_or_default(),
        _ => ip.to_string(),
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::ip_key;

    #[test]
    fn ipv6_clients_are_grouped_by_their_64() {
        assert_eq!(
            ip_key("2001:db8:1:2:aaaa::1"),
            ip_key("2001:db8:1:2:bbbb::9")
        );
        assert_ne!(ip_key("2001:db8:1:2::1"), ip_key("2001:db8:1:3::1"));
        assert_eq!(ip_key("::ffff:10.1.2.3"), "10.1.2.3");
        assert_eq!(ip_key("203.0.113.7"), "203.0.113.7");
    }
}
