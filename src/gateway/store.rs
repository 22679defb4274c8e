//! Storage of agents, virtual keys and provider credentials.

use crate::access::Access;
use crate::audit::{self, Action, Actor};
use crate::crypto::{hash_token, SecretBox};
use crate::db::{new_id, now, Db};
use crate::error::{Error, Result};
use crate::gateway::keys;
use crate::model::{AgentView, CreatedKey, KeyView};

fn parse_name(raw: &str, what: &str, max: usize) -> Result<String> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > max || name.chars().any(char::is_control) {
        return Err(Error::Invalid(format!(
            "{what} must be 1 to {max} characters"
        )));
    }
    Ok(name.to_string())
}

/// Creates an agent in the workspace.
pub async fn create_agent(
    db: &Db,
    at: &Access,
    name: &str,
    clawdbot_agent_id: &str,
) -> Result<AgentView> {
    let (tenant_id, actor) = (at.tenant_id.as_str(), &at.actor);
    let name = parse_name(name, "the agent name", 80)?;
    let cid = clawdbot_agent_id.trim();
    if cid.is_empty()
        || cid.len() > 64
        || !cid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Error::Invalid(
            "the Clawdbot agent id must be 1 to 64 letters, digits, - or _".into(),
        ));
    }
    let view = AgentView {
        id: new_id(),
        name,
        clawdbot_agent_id: cid.to_string(),
        created_at: now(),
    };
    let mut tx = db.pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO agents (id, tenant_id, name, clawdbot_agent_id, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, clawdbot_agent_id) DO NOTHING",
    )
    .bind(&view.id)
    .bind(tenant_id)
    .bind(&view.name)
    .bind(&view.clawdbot_agent_id)
    .bind(view.created_at)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted != 1 {
        return Err(Error::Conflict(format!(
            "an agent with Clawdbot id \"{cid}\" already exists"
        )));
    }
    audit::record(
        &mut tx,
        Some(tenant_id),
        actor,
        Action::AgentCreated,
        &format!("created agent {} ({})", view.name, view.clawdbot_agent_id),
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

/// The workspace's agents.
pub async fn list_agents(db: &Db, at: &Access) -> Result<Vec<AgentView>> {
    let tenant_id = at.tenant_id.as_str();
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT id, name, clawdbot_agent_id, created_at FROM agents WHERE tenant_id = $1 ORDER BY name, id",
    )
    .bind(tenant_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, clawdbot_agent_id, created_at)| AgentView {
            id,
            name,
            clawdbot_agent_id,
            created_at,
        })
        .collect())
}

/// Creates a virtual key for an agent of the workspace. The key is returned once; only its
/// hash is stored.
pub async fn create_key(db: &Db, at: &Access, agent_id: &str, name: &str) -> Result<CreatedKey> {
    insert_key(db, &at.tenant_id, &at.actor, agent_id, None, name).await
}

/// Creates the key a bot's agent calls the gateway with, marked as the bot's: on plans without
/// API access only such keys may call, and they are revoked with their bot.
pub async fn create_bot_key(
    db: &Db,
    at: &Access,
    agent_id: &str,
    bot_id: &str,
    name: &str,
) -> Result<CreatedKey> {
    insert_key(db, &at.tenant_id, &at.actor, agent_id, Some(bot_id), name).await
}

/// The workspace an agent belongs to.
pub async fn tenant_of_agent(db: &Db, agent_id: &str) -> Result<String> {
    let tenant: Option<(String,)> = sqlx::query_as("SELECT tenant_id FROM agents WHERE id = $1")
        .bind(agent_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(tenant.ok_or(Error::NotFound("agent"))?.0)
}

/// The workspace a key belongs to.
pub async fn tenant_of_key(db: &Db, key_id: &str) -> Result<String> {
    let tenant: Option<(String,)> =
        sqlx::query_as("SELECT tenant_id FROM virtual_keys WHERE id = $1")
            .bind(key_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(tenant.ok_or(Error::NotFound("key"))?.0)
}

async fn insert_key(
    db: &Db,
    tenant_id: &str,
    actor: &Actor,
    agent_id: &str,
    bot_id: Option<&str>,
    name: &str,
) -> Result<CreatedKey> {
    let name = parse_name(name, "the key name", 80)?;
    let agent: Option<(String,)> =
        sqlx::query_as("SELECT name FROM agents WHERE id = $1 AND tenant_id = $2")
            .bind(agent_id)
            .bind(tenant_id)
            .fetch_optional(&db.pool)
            .await?;
    let Some((agent_name,)) = agent else {
        return Err(Error::NotFound("agent"));
    };
    let key = keys::generate();
    let view = KeyView {
        id: new_id(),
        agent_id: agent_id.to_string(),
        name,
        display_prefix: keys::display_prefix(&key),
        created_at: now(),
        last_used_at: None,
        revoked_at: None,
    };
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO virtual_keys (id, tenant_id, agent_id, key_hash, display_prefix, name, created_by, created_at, bot_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&view.id)
    .bind(tenant_id)
    .bind(agent_id)
    .bind(hash_token(&key))
    .bind(&view.display_prefix)
    .bind(&view.name)
    .bind(actor.email.as_deref().unwrap_or("operator"))
    .bind(view.created_at)
    .bind(bot_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(tenant_id),
        actor,
        Action::KeyCreated,
        &format!(
            "created key {} ({}…) for agent {agent_name}",
            view.name, view.display_prefix
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedKey { key, view })
}

/// Revokes a key of the workspace; it stops working at once here, and in other processes
/// within [`KEY_CACHE_TTL_MS`].
pub async fn revoke_key(db: &Db, at: &Access, key_id: &str) -> Result<()> {
    mark_revoked(db, &at.tenant_id, &at.actor, key_id).await
}

async fn mark_revoked(db: &Db, tenant_id: &str, actor: &Actor, key_id: &str) -> Result<()> {
    let key: Option<(String, String, Option<i64>)> = sqlx::query_as(
        "SELECT name, display_prefix, revoked_at FROM virtual_keys WHERE id = $1 AND tenant_id = $2",
    )
    .bind(key_id)
    .bind(tenant_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((name, prefix, revoked)) = key else {
        return Err(Error::NotFound("key"));
    };
    if revoked.is_some() {
        return Ok(());
    }
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE virtual_keys SET revoked_at = $1 WHERE id = $2 AND tenant_id = $3 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(key_id)
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(tenant_id),
        actor,
        Action::KeyRevoked,
        &format!("revoked key {name} ({prefix}…)"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes the keys provisioned into a bot other than `keep` (the bot was given new ones);
/// audited as the system's doing.
pub async fn revoke_bot_keys(
    db: &Db,
    tenant_id: &str,
    bot_id: &str,
    keep: &[String],
) -> Result<()> {
    let live: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, name, display_prefix FROM virtual_keys
         WHERE tenant_id = $1 AND bot_id = $2 AND revoked_at IS NULL",
    )
    .bind(tenant_id)
    .bind(bot_id)
    .fetch_all(&db.pool)
    .await?;
    for (id, name, prefix) in live.into_iter().filter(|(id, ..)| !keep.contains(id)) {
        let mut tx = db.pool.begin().await?;
        sqlx::query("UPDATE virtual_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now())
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            Some(tenant_id),
            &Actor::system(),
            Action::KeyRevoked,
            &format!("revoked key {name} ({prefix}…): the bot was given a new one"),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// The workspace's keys, newest first.
pub async fn list_keys(db: &Db, at: &Access) -> Result<Vec<KeyView>> {
    let tenant_id = at.tenant_id.as_str();
    type Row = (
        String,
        String,
        String,
        String,
        i64,
        Option<i64>,
        Option<i64>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, agent_id, name, display_prefix, created_at, last_used_at, revoked_at
         FROM virtual_keys WHERE tenant_id = $1 ORDER BY created_at DESC, id",
    )
    .bind(tenant_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, agent_id, name, display_prefix, created_at, last_used_at, revoked_at)| KeyView {
                id,
                agent_id,
                name,
                display_prefix,
                created_at,
                last_used_at,
                revoked_at,
            },
        )
        .collect())
}

/// Who a virtual key belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOwner {
    pub key_id: String,
    pub tenant_id: String,
    pub agent_id: String,
    /// The bot the key was provisioned into, if it was.
    pub bot_id: Option<String>,
}

/// Finds the live key with this value; malformed keys are refused without a lookup.
pub async fn find_key(db: &Db, raw: &str) -> Result<Option<KeyOwner>> {
    if !keys::well_formed(raw) {
        return Ok(None);
    }
    let row: Option<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, tenant_id, agent_id, bot_id FROM virtual_keys WHERE key_hash = $1 AND revoked_at IS NULL",
    )
    .bind(hash_token(raw))
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(key_id, tenant_id, agent_id, bot_id)| KeyOwner {
        key_id,
        tenant_id,
        agent_id,
        bot_id,
    }))
}

/// How long a looked-up key is trusted without asking the database again. A key revoked in
/// this process stops at once; one revoked by another process stops within this time.
pub const KEY_CACHE_TTL_MS: i64 = 5_000;

/// Keys cached in memory beyond which expired entries are swept.
const KEY_CACHE_MAX: usize = 100_000;

/// Recently used keys and their owners, so the gateway's hot path does not read the database
/// on every request.
#[derive(Clone, Default)]
pub struct KeyCache {
    entries: std::sync::Arc<std::sync::RwLock<std::collections::HashMap<String, (KeyOwner, i64)>>>,
    /// When this process last wrote each key's last-use time (Unix seconds).
    touched: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, i64>>>,
}

/// Seconds between two writes of a key's last-use time.
pub const LAST_USED_RESOLUTION_SECS: i64 = 60;

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl KeyCache {
    /// The live key with this value, from memory when fresh, else from the database.
    pub async fn find(&self, db: &Db, raw: &str) -> Result<Option<KeyOwner>> {
        if !keys::well_formed(raw) {
            return Ok(None);
        }
        let hash = hash_token(raw);
        let now = now_millis();
        {
            let entries = self.entries.read().unwrap_or_else(|p| p.into_inner());
            if let Some((owner, expires)) = entries.get(&hash) {
                if *expires > now {
                    return Ok(Some(owner.clone()));
                }
            }
        }
        let found = find_key(db, raw).await?;
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        match &found {
            Some(owner) => {
                if entries.len() >= KEY_CACHE_MAX {
                    entries.retain(|_, (_, expires)| *expires > now);
                }
                entries.insert(hash, (owner.clone(), now + KEY_CACHE_TTL_MS));
            }
            None => {
                entries.remove(&hash);
            }
        }
        Ok(found)
    }

    /// Whether this use of `key_id` at `now_secs` should be written as its last use: at most
    /// once per [`LAST_USED_RESOLUTION_SECS`] per key and process, so the hot path stays free
    /// of writes.
    pub fn should_touch(&self, key_id: &str, now_secs: i64) -> bool {
        let mut touched = self.touched.lock().unwrap_or_else(|p| p.into_inner());
        if touched.len() >= KEY_CACHE_MAX {
            touched.retain(|_, at| now_secs - *at < LAST_USED_RESOLUTION_SECS);
        }
        match touched.get(key_id) {
            Some(at) if now_secs - *at < LAST_USED_RESOLUTION_SECS => false,
            _ => {
                touched.insert(key_id.to_string(), now_secs);
                true
            }
        }
    }

    /// Drops a revoked key at once.
    pub fn forget_key(&self, key_id: &str) {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        entries.retain(|_, (owner, _)| owner.key_id != key_id);
    }
}

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

pub use crate::model::CredentialView;

/// Every credential of the pool, enabled or not, best priority first.
pub async fn list_credentials(db: &Db) -> Result<Vec<CredentialView>> {
    type Row = (
        String,
        String,
        String,
        String,
        i64,
        i64,
        Option<i64>,
        Option<i64>,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, kind, base_url, priority, enabled, rpm_limit, tpm_limit, created_at
         FROM provider_credentials ORDER BY priority, created_at, id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, kind, base_url, priority, enabled, rpm_limit, tpm_limit, created_at)| {
                CredentialView {
                    id,
                    name,
                    kind,
                    base_url,
                    priority,
                    enabled: enabled != 0,
                    rpm_limit,
                    tpm_limit,
                    created_at,
                }
            },
        )
        .collect())
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

/// The price table: built-in defaults, overridden and extended by the operator's entries.
pub async fn load_prices(db: &Db) -> Result<Vec<crate::pricing::ModelPrice>> {
    let rows: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT model, input, output, cache_read, cache_write FROM model_prices ORDER BY model",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut table = crate::pricing::default_prices();
    for (model, input, output, cache_read, cache_write) in rows {
        let price = crate::pricing::ModelPrice {
            model,
            input,
            output,
            cache_read,
            cache_write,
        };
        match table.iter_mut().find(|p| p.model == price.model) {
            Some(p) => *p = price,
            None => table.push(price),
        }
    }
    Ok(table)
}

/// Sets a model's prices (micro-USD per million tokens), adding the model if it is new.
pub async fn set_price(db: &Db, price: &crate::pricing::ModelPrice) -> Result<()> {
    let model = price.model.trim();
    if model.is_empty()
        || model.len() > 100
        || model.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Error::Invalid(
            "the model id must be 1 to 100 characters without spaces".into(),
        ));
    }
    if [
        price.input,
        price.output,
        price.cache_read,
        price.cache_write,
    ]
    .iter()
    .any(|p| *p < 0)
    {
        return Err(Error::Invalid("prices cannot be negative".into()));
    }
    sqlx::query(
        "INSERT INTO model_prices (model, input, output, cache_read, cache_write, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (model) DO UPDATE SET input = excluded.input, output = excluded.output,
            cache_read = excluded.cache_read, cache_write = excluded.cache_write, updated_at = excluded.updated_at",
    )
    .bind(model)
    .bind(price.input)
    .bind(price.output)
    .bind(price.cache_read)
    .bind(price.cache_write)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}
