//! The shared provider pool's credentials: their kinds, sealed secrets, priorities, limits
//! and whether they are enabled.

use super::store::parse_name;
use crate::clock::now;
use crate::crypto::SecretBox;
use crate::db::{new_id, Db};
use crate::error::{Error, Result};

/// Kinds of provider credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// An Anthropic API key (`x-api-key`).
    AnthropicApiKey,
    /// A Claude subscription OAuth token (`Authorization: Bearer` with the OAuth beta header).
    ClaudeSubscription,
}

impl CredentialKind {
    /// Stable stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialKind::AnthropicApiKey => "anthropic_api_key",
            CredentialKind::ClaudeSubscription => "claude_subscription",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "anthropic_api_key" => Some(CredentialKind::AnthropicApiKey),
            "claude_subscription" => Some(CredentialKind::ClaudeSubscription),
            _ => None,
        }
    }
}

/// A provider credential with its secret opened, for the gateway's pool.
#[derive(Clone)]
pub struct Credential {
    pub id: String,
    pub name: String,
    pub kind: CredentialKind,
    pub base_url: String,
    pub secret: String,
    pub priority: i64,
    /// Operator-set requests per minute for this credential (none: only the upstream's).
    pub rpm_limit: Option<i64>,
    /// Operator-set tokens per minute for this credential.
    pub tpm_limit: Option<i64>,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .field("priority", &self.priority)
            .field("rpm_limit", &self.rpm_limit)
            .field("tpm_limit", &self.tpm_limit)
            .finish_non_exhaustive()
    }
}

pub use crate::model::SUBSCRIPTION_RISK;

/// Adds a credential to the pool; the secret is sealed with the master key. Subscription
/// credentials start disabled (see [`SUBSCRIPTION_RISK`]).
pub async fn add_credential(
    db: &Db,
    secrets: &SecretBox,
    name: &str,
    kind: CredentialKind,
    base_url: &str,
    secret: &str,
    priority: i64,
) -> Result<String> {
    let name = parse_name(name, "the credential name", 80)?;
    let url = base_url.trim().trim_end_matches('/');
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(Error::Invalid(
            "the base URL must start with https:// or http://".into(),
        ));
    }
    if secret.trim().is_empty() {
        return Err(Error::Invalid("the secret is empty".into()));
    }
    let id = new_id();
    sqlx::query(
        "INSERT INTO provider_credentials (id, name, kind, base_url, secret_sealed, priority, enabled, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(&name)
    .bind(kind.as_str())
    .bind(url)
    .bind(secrets.seal(secret.trim()))
    .bind(priority)
    .bind(i64::from(kind != CredentialKind::ClaudeSubscription))
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(id)
}

/// The enabled credentials, best priority (lowest number) first.
pub async fn load_pool(db: &Db, secrets: &SecretBox) -> Result<Vec<Credential>> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        i64,
        Option<i64>,
        Option<i64>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, kind, base_url, secret_sealed, priority, rpm_limit, tpm_limit
         FROM provider_credentials WHERE enabled = 1 ORDER BY priority, created_at, id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut pool = Vec::with_capacity(rows.len());
    for (id, name, kind, base_url, sealed, priority, rpm_limit, tpm_limit) in rows {
        let Some(kind) = CredentialKind::parse(&kind) else {
            continue;
        };
        let secret = secrets
            .open(&sealed)
            .map_err(|e| Error::Internal(format!("credential {name}: {e}")))?;
        pool.push(Credential {
            id,
            name,
            kind,
            base_url,
            secret,
            priority,
            rpm_limit,
            tpm_limit,
        });
    }
    Ok(pool)
}

pub use crate::model::{CredentialView, PaidFallback};

/// A credential as stored, for the operator's list.
#[derive(sqlx::FromRow)]
struct ListedRow {
    id: String,
    name: String,
    kind: String,
    base_url: String,
    priority: i64,
    enabled: i64,
    rpm_limit: Option<i64>,
    tpm_limit: Option<i64>,
    created_at: i64,
    headroom_bp: Option<i64>,
    headroom_at: Option<i64>,
}

/// Every credential of the pool, enabled or not, best priority first, with the share of its
/// limit its provider last reported.
pub async fn list_credentials(db: &Db) -> Result<Vec<CredentialView>> {
    let rows: Vec<ListedRow> = sqlx::query_as(
        "SELECT id, name, kind, base_url, priority, enabled, rpm_limit, tpm_limit, created_at,
                headroom_bp, headroom_at
         FROM provider_credentials ORDER BY priority, created_at, id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CredentialView {
            id: r.id,
            name: r.name,
            kind: r.kind,
            base_url: r.base_url,
            priority: r.priority,
            enabled: r.enabled != 0,
            rpm_limit: r.rpm_limit,
            tpm_limit: r.tpm_limit,
            created_at: r.created_at,
            remaining_bp: r.headroom_bp,
            remaining_at: r.headroom_at,
        })
        .collect())
}

/// Keeps the share of its limit (basis points) a credential's provider reported at `at`, so
/// the operator page of every process shows the latest reading of any.
pub async fn note_headroom(db: &Db, id: &str, share_bp: i64, at: i64) -> Result<()> {
    sqlx::query(
        "UPDATE provider_credentials SET headroom_bp = $1, headroom_at = $2
         WHERE id = $3 AND (headroom_at IS NULL OR headroom_at <= $2)",
    )
    .bind(share_bp.clamp(0, 10_000))
    .bind(at)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// What API keys served in the UTC month of `at`, at times when a subscription was already in
/// the pool, cost: from the credential each usage record names. `None` while the pool holds
/// no subscription.
pub async fn paid_fallback(db: &Db, at: i64) -> Result<Option<PaidFallback>> {
    let (from, to) = crate::tz::Zone::stored("UTC").month_bounds(at);
    let (subscriptions,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM provider_credentials WHERE kind = 'claude_subscription'",
    )
    .fetch_one(&db.pool)
    .await?;
    if subscriptions == 0 {
        return Ok(None);
    }
    let (cost, requests): (Option<i64>, i64) = sqlx::query_as(
        "SELECT CAST(SUM(u.cost_micro_usd) AS BIGINT), COUNT(*)
         FROM usage_records u JOIN provider_credentials c ON c.id = u.credential_id
         WHERE c.kind <> 'claude_subscription' AND u.created_at >= $1 AND u.created_at < $2
           AND EXISTS (SELECT 1 FROM provider_credentials s
                       WHERE s.kind = 'claude_subscription' AND s.created_at <= u.created_at)",
    )
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await?;
    Ok(Some(PaidFallback {
        cost: cost.unwrap_or(0),
        requests,
        since: from,
    }))
}

/// Enables or disables a credential; the gateway picks the change up within seconds.
pub async fn set_credential_enabled(db: &Db, id: &str, enabled: bool) -> Result<()> {
    let changed = sqlx::query("UPDATE provider_credentials SET enabled = $1 WHERE id = $2")
        .bind(i64::from(enabled))
        .bind(id)
        .execute(&db.pool)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(Error::NotFound("credential"));
    }
    Ok(())
}

/// Sets a credential's own per-minute limits (`None` removes one); the gateway enforces them
/// beside what the provider's headers report.
pub async fn set_credential_limits(
    db: &Db,
    id: &str,
    rpm: Option<i64>,
    tpm: Option<i64>,
) -> Result<()> {
    if rpm.is_some_and(|r| r <= 0) || tpm.is_some_and(|t| t <= 0) {
        return Err(Error::Invalid(
            "limits must be positive numbers per minute".into(),
        ));
    }
    let changed =
        sqlx::query("UPDATE provider_credentials SET rpm_limit = $1, tpm_limit = $2 WHERE id = $3")
            .bind(rpm)
            .bind(tpm)
            .bind(id)
            .execute(&db.pool)
            .await?
            .rows_affected();
    if changed == 0 {
        return Err(Error::NotFound("credential"));
    }
    Ok(())
}

/// Parses a credential kind as operators type it.
pub fn parse_kind(s: &str) -> Result<CredentialKind> {
    CredentialKind::parse(s).ok_or_else(|| {
        Error::Invalid(format!(
            "unknown credential kind \"{s}\" (expected anthropic_api_key or claude_subscription)"
        ))
    })
}
