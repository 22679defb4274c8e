//! Storage of agents, virtual keys and provider credentials.

use crate::access::Access;
use crate::audit::{self, Action, Actor};
use crate::clock::now;
use crate::crypto::hash_token;
use crate::db::{new_id, Db};
use crate::error::{Error, Result};
use crate::gateway::keys;
use crate::ids::TenantId;
use crate::model::{AgentView, CreatedKey, KeyView};

/// A name as typed: trimmed, 1 to `max` characters, no control characters.
pub fn parse_name(raw: &str, what: &str, max: usize) -> Result<String> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > max || name.chars().any(char::is_control) {
        return Err(Error::Invalid(format!(
            "{what} must be 1 to {max} characters"
        )));
    }
    Ok(name.to_string())
}

/// The Clawdbot agent id as typed: 1 to 64 letters, digits, `-` or `_` (the characters
/// [`CLAWDBOT_AGENT_ID_PATTERN`] admits).
pub fn parse_clawdbot_agent_id(raw: &str) -> Result<String> {
    let cid = raw.trim();
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
    Ok(cid.to_string())
}

/// Creates an agent in the workspace. An agent deleted before with the same Clawdbot id comes
/// back under the new name, with the usage it made: it is the same agent of the bot.
pub async fn create_agent(
    db: &Db,
    at: &Access,
    name: &str,
    clawdbot_agent_id: &str,
) -> Result<AgentView> {
    let (tenant_id, actor) = (&at.tenant_id, &at.actor);
    let name = parse_name(name, "the agent name", 80)?;
    let cid = parse_clawdbot_agent_id(clawdbot_agent_id)?;
    let mut view = AgentView {
        id: new_id(),
        name,
        clawdbot_agent_id: cid.clone(),
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
    let mut detail = format!("created agent {} ({cid})", view.name);
    if inserted != 1 {
        let deleted: Option<(String, i64)> = sqlx::query_as(
            "SELECT id, created_at FROM agents
             WHERE tenant_id = $1 AND clawdbot_agent_id = $2 AND deleted_at IS NOT NULL",
        )
        .bind(tenant_id)
        .bind(&cid)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, created_at)) = deleted else {
            return Err(Error::Conflict(format!(
                "an agent with Clawdbot id \"{cid}\" already exists"
            )));
        };
        sqlx::query("UPDATE agents SET name = $1, deleted_at = NULL WHERE id = $2")
            .bind(&view.name)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        (view.id, view.created_at) = (id, created_at);
        detail.push_str(", bringing back the usage of the agent deleted before");
    }
    audit::record(
        &mut tx,
        Some(tenant_id),
        actor,
        Action::AgentCreated,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

/// Renames an agent of the workspace (its Clawdbot id stays: the bot knows it by that).
pub async fn rename_agent(db: &Db, at: &Access, agent_id: &str, name: &str) -> Result<AgentView> {
    let tenant_id = &at.tenant_id;
    let name = parse_name(name, "the agent name", 80)?;
    let mut view = live_agent(db, tenant_id, agent_id).await?;
    if view.name == name {
        return Ok(view);
    }
    let mut tx = db.pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE agents SET name = $1 WHERE id = $2 AND tenant_id = $3 AND deleted_at IS NULL",
    )
    .bind(&name)
    .bind(agent_id)
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(Error::NotFound("agent"));
    }
    audit::record(
        &mut tx,
        Some(tenant_id),
        &at.actor,
        Action::AgentRenamed,
        &format!(
            "renamed agent {} to {name} ({})",
            view.name, view.clawdbot_agent_id
        ),
    )
    .await?;
    tx.commit().await?;
    view.name = name;
    Ok(view)
}

/// Deletes an agent of the workspace: its keys are revoked at once (the gateway refuses them
/// here at once, elsewhere within [`KEY_CACHE_TTL_MS`]) and it leaves the lists; its usage
/// records stay, under its name. Returns the ids of the keys it revoked.
pub async fn delete_agent(db: &Db, at: &Access, agent_id: &str) -> Result<Vec<String>> {
    let tenant_id = &at.tenant_id;
    let agent = live_agent(db, tenant_id, agent_id).await?;
    let t = now();
    let mut tx = db.pool.begin().await?;
    let deleted = sqlx::query(
        "UPDATE agents SET deleted_at = $1 WHERE id = $2 AND tenant_id = $3 AND deleted_at IS NULL",
    )
    .bind(t)
    .bind(agent_id)
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if deleted != 1 {
        return Err(Error::NotFound("agent"));
    }
    let live: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, name, display_prefix FROM virtual_keys
         WHERE tenant_id = $1 AND agent_id = $2 AND revoked_at IS NULL ORDER BY created_at, id",
    )
    .bind(tenant_id)
    .bind(agent_id)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE virtual_keys SET revoked_at = $1
         WHERE tenant_id = $2 AND agent_id = $3 AND revoked_at IS NULL",
    )
    .bind(t)
    .bind(tenant_id)
    .bind(agent_id)
    .execute(&mut *tx)
    .await?;
    for (_, name, prefix) in &live {
        audit::record(
            &mut tx,
            Some(tenant_id),
            &at.actor,
            Action::KeyRevoked,
            &format!("revoked key {name} ({prefix}…): its agent was deleted"),
        )
        .await?;
    }
    audit::record(
        &mut tx,
        Some(tenant_id),
        &at.actor,
        Action::AgentDeleted,
        &format!(
            "deleted agent {} ({}) and revoked its {} live key{}",
            agent.name,
            agent.clawdbot_agent_id,
            live.len(),
            if live.len() == 1 { "" } else { "s" }
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(live.into_iter().map(|(id, ..)| id).collect())
}

/// An agent of the workspace that is not deleted.
async fn live_agent(db: &Db, tenant_id: &TenantId, agent_id: &str) -> Result<AgentView> {
    sqlx::query_as(
        "SELECT id, name, clawdbot_agent_id, created_at FROM agents
         WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL",
    )
    .bind(agent_id)
    .bind(tenant_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(Error::NotFound("agent"))
}

/// The workspace's agents (not the deleted ones).
pub async fn list_agents(db: &Db, at: &Access) -> Result<Vec<AgentView>> {
    let tenant_id = &at.tenant_id;
    Ok(sqlx::query_as(
        "SELECT id, name, clawdbot_agent_id, created_at FROM agents
         WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY name, id",
    )
    .bind(tenant_id)
    .fetch_all(&db.pool)
    .await?)
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
pub async fn tenant_of_key(db: &Db, key_id: &str) -> Result<TenantId> {
    let tenant: Option<(TenantId,)> =
        sqlx::query_as("SELECT tenant_id FROM virtual_keys WHERE id = $1")
            .bind(key_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(tenant.ok_or(Error::NotFound("key"))?.0)
}

async fn insert_key(
    db: &Db,
    tenant_id: &TenantId,
    actor: &Actor,
    agent_id: &str,
    bot_id: Option<&str>,
    name: &str,
) -> Result<CreatedKey> {
    let name = parse_name(name, "the key name", 80)?;
    let agent: Option<(String,)> = sqlx::query_as(
        "SELECT name FROM agents WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL",
    )
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

async fn mark_revoked(db: &Db, tenant_id: &TenantId, actor: &Actor, key_id: &str) -> Result<()> {
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
    tenant_id: &TenantId,
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
    let tenant_id = &at.tenant_id;
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
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
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
    Ok(sqlx::query_as(
        "SELECT id AS key_id, tenant_id, agent_id, bot_id FROM virtual_keys
         WHERE key_hash = $1 AND revoked_at IS NULL",
    )
    .bind(hash_token(raw))
    .fetch_optional(&db.pool)
    .await?)
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

impl KeyCache {
    /// The live key with this value, from memory when fresh, else from the database.
    pub async fn find(&self, db: &Db, raw: &str) -> Result<Option<KeyOwner>> {
        if !keys::well_formed(raw) {
            return Ok(None);
        }
        let hash = hash_token(raw);
        let now = crate::clock::now_ms();
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

#[cfg(test)]
mod tests {
    use super::parse_clawdbot_agent_id;
    use crate::model::CLAWDBOT_AGENT_ID_PATTERN;

    #[test]
    fn the_fields_pattern_admits_what_the_server_admits() {
        // A browser anchors `pattern` to the whole value.
        let pattern = regex::Regex::new(&format!("^(?:{CLAWDBOT_AGENT_ID_PATTERN})$"))
            .expect("the pattern compiles");
        for id in [
            "lobo",
            "lobo-2",
            "a_b",
            "A9",
            "-",
            "no spaces",
            "ção",
            "a.b",
            "a/b",
            "",
        ] {
            assert_eq!(
                pattern.is_match(id),
                parse_clawdbot_agent_id(id).is_ok(),
                "{id:?}"
            );
        }
    }
}
