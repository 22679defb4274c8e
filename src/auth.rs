//! Sign-in by emailed magic link, and server-side sessions.

use crate::audit::{self, Action, Actor};
use crate::crypto::{hash_token, random_token};
use crate::db::{new_id, now, Db};
use crate::email::Email;
use crate::error::{Error, LinkProblem, Result};
use crate::mail::{html_escape, Mailer, OutgoingEmail};
use crate::ratelimit::Limiter;
use crate::tokens::{
    safe_next_path, session_alive, token_state, TokenState, LOGIN_LINK_TTL_SECS,
    SESSION_ABSOLUTE_SECS, SESSION_TOUCH_EVERY_SECS,
};
use std::sync::Arc;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "baas_session";

/// Sign-in links one address may request per window.
pub const LINKS_PER_EMAIL: usize = 5;
/// Sign-in links one client IP may request per window.
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

/// Magic links and sessions.
#[derive(Clone)]
pub struct Auth {
    db: Db,
    mailer: Mailer,
    public_url: String,
    per_email: Arc<Limiter>,
    per_ip: Arc<Limiter>,
}

impl Auth {
    /// Builds the service; `public_url` is the base of every emailed link.
    pub fn new(db: Db, mailer: Mailer, public_url: String) -> Self {
        Self {
            db,
            mailer,
            public_url,
            per_email: Arc::new(Limiter::new(LINKS_PER_EMAIL, LINK_WINDOW_SECS, 100_000)),
            per_ip: Arc::new(Limiter::new(LINKS_PER_IP, LINK_WINDOW_SECS, 100_000)),
        }
    }

    /// Issues a sign-in link for `raw_email` and mails it. The answer and the work done are the
    /// same whether or not an account exists (sign-in is also sign-up); mail goes out in the
    /// background so its latency reveals nothing.
    pub async fn request_link(&self, raw_email: &str, next: Option<&str>, ip: &str) -> Result<()> {
        let email = Email::parse(raw_email).map_err(|e| Error::Invalid(e.to_string()))?;
        let t = now();
        self.per_ip
            .check(ip, t)
            .map_err(|retry_after_secs| Error::RateLimited { retry_after_secs })?;
        self.per_email
            .check(email.as_str(), t)
            .map_err(|retry_after_secs| Error::RateLimited { retry_after_secs })?;

        let token = random_token();
        let next = next.and_then(safe_next_path);
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
        let mailer = self.mailer.clone();
        tokio::spawn(async move {
            if let Err(e) = mailer.send(&mail).await {
                tracing::error!(error = %e, "sign-in email could not be sent");
            }
        });
        Ok(())
    }

    /// Consumes a sign-in link: creates the user on first sign-in and opens a session.
    pub async fn verify_link(&self, token: &str, ip: &str, user_agent: &str) -> Result<SignedIn> {
        let t = now();
        let hash = hash_token(token);
        let row: Option<(String, Option<String>, i64, Option<i64>)> = sqlx::query_as(
            "SELECT email, next_path, expires_at, used_at FROM login_tokens WHERE token_hash = $1",
        )
        .bind(&hash)
        .fetch_optional(&self.db.pool)
        .await?;
        let actor = Actor {
            ip: Some(ip.to_string()),
            ..Actor::default()
        };
        let Some((email, next, expires_at, used_at)) = row else {
            audit::record(&self.db, None, &actor, Action::SignInFailed, "unknown link").await?;
            return Err(Error::Link(LinkProblem::Unknown));
        };
        let problem = match token_state(expires_at, used_at, None, t) {
            TokenState::Valid => None,
            TokenState::Expired => Some(LinkProblem::Expired),
            _ => Some(LinkProblem::Used),
        };
        let problem = match problem {
            Some(p) => Some(p),
            // Single use even under concurrent clicks: only one UPDATE can claim the row.
            None => {
                let claimed = sqlx::query(
                    "UPDATE login_tokens SET used_at = $1
                     WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
                )
                .bind(t)
                .bind(&hash)
                .execute(&self.db.pool)
                .await?
                .rows_affected();
                (claimed != 1).then_some(LinkProblem::Used)
            }
        };
        if let Some(p) = problem {
            let user = self.user_id_by_email(&email).await?;
            let actor = Actor {
                user_id: user.clone(),
                email: Some(email.clone()),
                ip: Some(ip.to_string()),
            };
            let detail = format!("sign-in link refused: {}", p.code());
            match user {
                Some(uid) => {
                    audit::record_for_user_tenants(
                        &self.db,
                        &uid,
                        &actor,
                        Action::SignInFailed,
                        &detail,
                    )
                    .await?
                }
                None => {
                    audit::record(&self.db, None, &actor, Action::SignInFailed, &detail).await?
                }
            }
            return Err(Error::Link(p));
        }

        let user_id = match self.user_id_by_email(&email).await? {
            Some(id) => id,
            None => {
                let id = new_id();
                sqlx::query(
                    "INSERT INTO users (id, email, created_at) VALUES ($1, $2, $3)
                     ON CONFLICT (email) DO NOTHING",
                )
                .bind(&id)
                .bind(&email)
                .bind(t)
                .execute(&self.db.pool)
                .await?;
                self.user_id_by_email(&email)
                    .await?
                    .ok_or_else(|| Error::Internal("user vanished after insert".into()))?
            }
        };

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
        .execute(&self.db.pool)
        .await?;

        let actor = Actor {
            user_id: Some(user_id.clone()),
            email: Some(email.clone()),
            ip: Some(ip.to_string()),
        };
        audit::record_for_user_tenants(&self.db, &user_id, &actor, Action::SignIn, "signed in")
            .await?;
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
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(&user.session_hash)
            .execute(&self.db.pool)
            .await?;
        let actor = Actor {
            user_id: Some(user.user_id.clone()),
            email: Some(user.email.clone()),
            ip: Some(ip.to_string()),
        };
        audit::record_for_user_tenants(
            &self.db,
            &user.user_id,
            &actor,
            Action::SignOut,
            "signed out",
        )
        .await
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

    async fn user_id_by_email(&self, email: &str) -> Result<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&self.db.pool)
            .await?;
        Ok(row.map(|(id,)| id))
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
