//! Registered bots: a tenant's Clawdbot installs, their gateway address and sealed token.

use crate::access::Access;
use crate::audit::{self, Action};
use crate::clawdbot::manager::BotStatus;
use crate::clock::now;
use crate::crypto::SecretBox;
use crate::db::{new_id, Db};
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::model::BotView;

/// A bot as stored (the token stays sealed here).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BotRow {
    pub id: String,
    pub name: String,
    pub gateway_url: String,
    pub created_at: i64,
}

/// Normalises a gateway address as owners type it: `ws://` and `wss://` as they are, `http://`
/// and `https://` turned into their WebSocket forms; a host is required.
pub fn parse_gateway_url(raw: &str) -> Result<String> {
    let raw = raw.trim().trim_end_matches('/');
    let url = url::Url::parse(raw).map_err(|_| {
        Error::Invalid("the gateway address must look like ws://host:18789 or wss://host".into())
    })?;
    let scheme = match url.scheme() {
        "ws" | "http" => "ws",
        "wss" | "https" => "wss",
        _ => {
            return Err(Error::Invalid(
                "the gateway address must start with ws://, wss://, http:// or https://".into(),
            ))
        }
    };
    let host = url
        .host_str()
        .ok_or_else(|| Error::Invalid("the gateway address has no host".into()))?;
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = url.path().trim_end_matches('/');
    Ok(format!("{scheme}://{host}{port}{path}"))
}

/// Checks a bot's name as typed; returns it trimmed.
pub fn check_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(Error::Invalid(
            "the bot name must be 1 to 80 characters".into(),
        ));
    }
    Ok(name)
}

/// Checks a gateway token as pasted; returns it trimmed.
pub fn check_token(token: &str) -> Result<&str> {
    let token = token.trim();
    if token.is_empty() || token.len() > 4096 {
        return Err(Error::Invalid(
            "the gateway token is empty or too long".into(),
        ));
    }
    Ok(token)
}

/// Fails with the plan's limit if the tenant has no room for another bot (checked again when
/// the bot is saved; this answers before any connection is tried).
pub async fn check_room(db: &Db, at: &Access) -> Result<()> {
    let plan = crate::costs::plans::tenant_plan(db, &at.tenant_id).await?;
    let (bots,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bots WHERE tenant_id = $1")
        .bind(&at.tenant_id)
        .fetch_one(&db.pool)
        .await?;
    crate::costs::plans::check_bot_cap(&plan, bots)
}

/// Registers a bot; the token is sealed with the master key.
#[allow(clippy::too_many_arguments)]
pub async fn add_bot(
    db: &Db,
    secrets: &SecretBox,
    at: &Access,
    name: &str,
    gateway_url: &str,
    token: &str,
) -> Result<BotRow> {
    let tenant_id = &at.tenant_id;
    let plan = crate::costs::plans::tenant_plan(db, tenant_id).await?;
    let name = check_name(name)?;
    let gateway_url = parse_gateway_url(gateway_url)?;
    let token = check_token(token)?;
    let row = BotRow {
        id: new_id(),
        name: name.to_string(),
        gateway_url,
        created_at: now(),
    };
    let mut tx = db.pool.begin().await?;
    // Writing the tenant's row first holds it, so bots added at once are counted one by one.
    sqlx::query("UPDATE tenants SET plan_id = plan_id WHERE id = $1")
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    let (bots,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bots WHERE tenant_id = $1")
        .bind(tenant_id)
        .fetch_one(&mut *tx)
        .await?;
    crate::costs::plans::check_bot_cap(&plan, bots)?;
    sqlx::query(
        "INSERT INTO bots (id, tenant_id, name, gateway_url, token_sealed, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&row.id)
    .bind(tenant_id)
    .bind(&row.name)
    .bind(&row.gateway_url)
    .bind(secrets.seal(token))
    .bind(row.created_at)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(tenant_id),
        &at.actor,
        Action::BotAdded,
        &format!("added bot {} at {}", row.name, row.gateway_url),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Bot `bot_id` of the tenant with its token opened (to try a new address with the token it
/// has, or the old address with a new token).
pub async fn bot_with_token(
    db: &Db,
    secrets: &SecretBox,
    at: &Access,
    bot_id: &str,
) -> Result<(BotRow, String)> {
    let row: Option<(String, String, String, i64, String)> = sqlx::query_as(
        "SELECT id, name, gateway_url, created_at, token_sealed FROM bots
         WHERE id = $1 AND tenant_id = $2",
    )
    .bind(bot_id)
    .bind(&at.tenant_id)
    .fetch_optional(&db.pool)
    .await?;
    let (id, name, gateway_url, created_at, sealed) = row.ok_or(Error::NotFound("bot"))?;
    let token = secrets
        .open(&sealed)
        .map_err(|e| Error::Internal(format!("token of bot {id}: {e}")))?;
    let row = BotRow {
        id,
        name,
        gateway_url,
        created_at,
    };
    Ok((row, token))
}

/// Points bot `bot_id` of the tenant at `gateway_url` with `token` (sealed with the master
/// key); audited with the old and new address (never the token). What BaaS last read from the
/// old address is forgotten when the address changes, as it may be another bot's.
pub async fn update_bot(
    db: &Db,
    secrets: &SecretBox,
    at: &Access,
    bot_id: &str,
    gateway_url: &str,
    token: &str,
) -> Result<BotRow> {
    let tenant_id = &at.tenant_id;
    let gateway_url = parse_gateway_url(gateway_url)?;
    let token = check_token(token)?;
    let mut tx = db.pool.begin().await?;
    let found: Option<(String, String, String, i64)> = sqlx::query_as(
        "SELECT name, gateway_url, token_sealed, created_at FROM bots
         WHERE id = $1 AND tenant_id = $2",
    )
    .bind(bot_id)
    .bind(tenant_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (name, old_url, old_sealed, created_at) = found.ok_or(Error::NotFound("bot"))?;
    let token_changed = !matches!(secrets.open(&old_sealed), Ok(t) if t == token);
    let url_changed = old_url != gateway_url;
    if !url_changed && !token_changed {
        return Err(Error::Invalid(
            "the address and token are the ones the bot already has".into(),
        ));
    }
    sqlx::query(
        "UPDATE bots SET gateway_url = $1, token_sealed = $2 WHERE id = $3 AND tenant_id = $4",
    )
    .bind(&gateway_url)
    .bind(secrets.seal(token))
    .bind(bot_id)
    .bind(tenant_id)
    .execute(&mut *tx)
    .await?;
    if url_changed {
        sqlx::query("DELETE FROM bot_config_seen WHERE bot_id = $1")
            .bind(bot_id)
            .execute(&mut *tx)
            .await?;
    }
    let detail = match (url_changed, token_changed) {
        (true, true) => {
            format!("moved bot {name} from {old_url} to {gateway_url} with a new token")
        }
        (true, false) => format!("moved bot {name} from {old_url} to {gateway_url}"),
        _ => format!("gave bot {name} at {gateway_url} a new token"),
    };
    audit::record(
        &mut tx,
        Some(tenant_id),
        &at.actor,
        Action::BotConnectionChanged,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(BotRow {
        id: bot_id.to_string(),
        name,
        gateway_url,
        created_at,
    })
}

/// A bot as the dashboard shows it: the stored row with its live connection's state.
pub fn bot_view(row: BotRow, status: BotStatus) -> BotView {
    BotView {
        id: row.id,
        name: row.name,
        gateway_url: row.gateway_url,
        state: status.health.as_str().to_string(),
        last_seen: status.last_seen,
        product: status.flavour.map(|f| f.name().to_string()),
        version: status.version,
        error: status.error,
        since: status.since,
        checked_at: status.checked_at,
        problem: status.problem.map(str::to_string),
        created_at: row.created_at,
        paused_by_plan: false,
    }
}

/// How many WhatsApp groups the bot's last configuration stored through BaaS sets up (what
/// the plan's group cap counts); `None` while no configuration has been stored.
pub async fn configured_groups(db: &Db, secrets: &SecretBox, bot_id: &str) -> Result<Option<i64>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT config_sealed FROM bot_config_versions WHERE bot_id = $1
         ORDER BY version DESC LIMIT 1",
    )
    .bind(bot_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((sealed,)) = row else {
        return Ok(None);
    };
    let text = secrets
        .open(&sealed)
        .map_err(|e| Error::Internal(format!("config of bot {bot_id}: {e}")))?;
    let config: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::Internal(format!("config of bot {bot_id}: {e}")))?;
    Ok(Some(crate::clawdbot::config::group_count(&config) as i64))
}

/// A tenant's bots, by name.
pub async fn list_bots(db: &Db, at: &Access) -> Result<Vec<BotRow>> {
    let tenant_id = &at.tenant_id;
    Ok(sqlx::query_as(
        "SELECT id, name, gateway_url, created_at FROM bots WHERE tenant_id = $1 ORDER BY name, id",
    )
    .bind(tenant_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Removes a bot of the tenant, revoking the keys provisioned into it in
/// the same transaction; returns those keys' ids (for the callers' key caches).
pub async fn remove_bot(db: &Db, at: &Access, bot_id: &str) -> Result<Vec<String>> {
    let tenant_id = &at.tenant_id;
    let mut tx = db.pool.begin().await?;
    let found: Option<(String,)> =
        sqlx::query_as("SELECT name FROM bots WHERE id = $1 AND tenant_id = $2")
            .bind(bot_id)
            .bind(tenant_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (name,) = found.ok_or(Error::NotFound("bot"))?;
    sqlx::query("DELETE FROM bots WHERE id = $1 AND tenant_id = $2")
        .bind(bot_id)
        .bind(tenant_id)
        .execute(&mut *tx)
        .await?;
    let revoked: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM virtual_keys WHERE tenant_id = $1 AND bot_id = $2 AND revoked_at IS NULL",
    )
    .bind(tenant_id)
    .bind(bot_id)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE virtual_keys SET revoked_at = $1 WHERE tenant_id = $2 AND bot_id = $3 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(tenant_id)
    .bind(bot_id)
    .execute(&mut *tx)
    .await?;
    let detail = match revoked.len() {
        0 => format!("removed bot {name}"),
        n => format!("removed bot {name} and revoked the {n} key(s) provisioned into it"),
    };
    audit::record(
        &mut tx,
        Some(tenant_id),
        &at.actor,
        Action::BotRemoved,
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(revoked.into_iter().map(|(id,)| id).collect())
}

/// Every bot with its token opened, for the connection manager: `(id, url, token)`.
pub async fn all_bots(db: &Db, secrets: &SecretBox) -> Result<Vec<(String, String, String)>> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, gateway_url, token_sealed FROM bots ORDER BY id")
            .fetch_all(&db.pool)
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, url, sealed) in rows {
        match secrets.open(&sealed) {
            Ok(token) => out.push((id, url, token)),
            Err(e) => tracing::error!(bot = %id, error = %e, "bot token cannot be opened"),
        }
    }
    Ok(out)
}

/// Every bot's tenant: `(bot id, tenant id)`, for background work.
pub async fn bot_tenants(db: &Db) -> Result<Vec<(String, TenantId)>> {
    Ok(sqlx::query_as("SELECT id, tenant_id FROM bots ORDER BY id")
        .fetch_all(&db.pool)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::parse_gateway_url;

    #[test]
    fn gateway_addresses_are_normalised_to_websocket_urls() {
        assert_eq!(
            parse_gateway_url("ws://127.0.0.1:18789").expect("ws"),
            "ws://127.0.0.1:18789"
        );
        assert_eq!(
            parse_gateway_url(" https://bot.example.com/ ").expect("https"),
            "wss://bot.example.com"
        );
        assert_eq!(
            parse_gateway_url("http://10.0.0.5:18789/gw").expect("path"),
            "ws://10.0.0.5:18789/gw"
        );
        assert!(parse_gateway_url("ftp://x").is_err());
        assert!(parse_gateway_url("bot.example.com").is_err());
    }
}
