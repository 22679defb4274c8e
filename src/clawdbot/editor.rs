//! Changing a live bot's configuration safely: read it with its hash, apply the change, check
//! the result against the bot's own JSON Schema before sending, send it as a merge patch bound
//! to the hash (a config changed elsewhere is refused, never overwritten), keep every applied
//! version, and roll back to any of them. A bot that restarts mid-save is waited for, and a
//! fresh read decides whether the save landed or must be sent again.

use crate::access::Access;
use crate::audit::{self, Action};
use crate::clawdbot::client::{BotClient, BotError, Transient};
use crate::clawdbot::config::{self, Change};
use crate::clawdbot::link::{with_restarts, BotLink};
use crate::clawdbot::schema::{self, SchemaError};
use crate::clock::now;
use crate::crypto::SecretBox;
use crate::db::{new_id, Db};
use crate::error::Error;
use crate::ids::TenantId;
use serde_json::{json, Value};
use std::time::Duration;

/// How long a config request to a bot may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Why a change was not applied.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// Refused before sending: the change or its result is not valid for this bot.
    #[error("{0}")]
    Invalid(String),
    /// The bot's config changed since it was loaded.
    #[error("the configuration was changed elsewhere since you loaded it; reload and try again")]
    Conflict,
    #[error("{0}")]
    Bot(#[from] BotError),
    #[error("{0}")]
    Store(#[from] Error),
}

/// A bot's configuration file as the gateway reports it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The file's own content (what edits apply to).
    pub parsed: Value,
    /// Its hash: the base every write must name.
    pub hash: String,
    /// Whether the bot keeps agents as keys (OpenClaw) rather than a list (Clawdbot).
    pub keyed_agents: bool,
    /// Whether the gateway finds the file valid (an invalid one cannot be patched).
    pub valid: bool,
}

impl Snapshot {
    /// The config with its agents as a list, whichever form the bot keeps them in.
    pub fn listed(&self) -> Value {
        config::listed(&self.parsed)
    }
}

/// Reads the bot's configuration and its hash, waiting out a restart.
pub async fn read(link: &impl BotLink) -> Result<Snapshot, BotError> {
    with_restarts(link, |client| async move { read_on(&client).await }).await
}

async fn read_on(client: &BotClient) -> Result<Snapshot, BotError> {
    let v = client.request("config.get", json!({}), TIMEOUT).await?;
    let parsed = v.get("parsed").cloned().unwrap_or_else(|| json!({}));
    Ok(Snapshot {
        keyed_agents: client.hello.flavour() == crate::clawdbot::protocol::Flavour::OpenClaw
            || parsed["agents"]["entries"].is_object(),
        parsed,
        valid: v.get("valid") != Some(&Value::Bool(false)),
        hash: v
            .get("hash")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    })
}

/// The keys of the bot's sessions (group sessions name their WhatsApp group); none if the
/// bot cannot list them.
pub async fn session_keys(link: &impl BotLink) -> Vec<String> {
    let Ok(v) = with_restarts(link, |client| async move {
        client.request("sessions.list", json!({}), TIMEOUT).await
    })
    .await
    else {
        return Vec::new();
    };
    v.get("sessions")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|s| s.get("key").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The bot's `skills.status` (an empty object if it cannot say).
pub async fn skills_status(link: &impl BotLink) -> Value {
    with_restarts(link, |client| async move {
        client.request("skills.status", json!({}), TIMEOUT).await
    })
    .await
    .unwrap_or_else(|_| json!({}))
}

/// Checks `candidate` against the bot's own JSON Schema (see [`schema::validate`]); the
/// reasons name the path of each problem.
pub async fn validate(link: &impl BotLink, candidate: &Value) -> Result<(), EditError> {
    let cache = link.schemas();
    with_restarts(link, |client| async move {
        schema::validate(&client, cache, candidate).await
    })
    .await
    .map_err(|e| match e {
        SchemaError::Bot(b) => EditError::Bot(b),
        SchemaError::Invalid(why) => EditError::Invalid(why),
    })
}

/// The changed lines between two configs of at most [`schema::MAX_CONFIG_BYTES`] each,
/// secrets masked, worked out on the blocking pool.
pub async fn diff(old: &Value, new: &Value) -> Result<Vec<String>, EditError> {
    schema::check_size(old)
        .and_then(|()| schema::check_size(new))
        .map_err(EditError::Invalid)?;
    let (old, new) = (old.clone(), new.clone());
    tokio::task::spawn_blocking(move || config::diff_lines(&old, &new))
        .await
        .map_err(|e| EditError::Invalid(format!("the change could not be compared: {e}")))
}

/// How many times a save cut off by a restart is sent again.
const RESENDS: usize = 3;

/// What a fresh read says about a save whose answer never came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutOff {
    /// The bot holds the intended config: the save landed.
    Landed,
    /// The bot still holds the config the save was based on: it did not land.
    NotApplied,
    /// The bot holds something else: another change came first.
    ChangedElsewhere,
}

/// Decides what became of a save of `next` based on hash `base_hash`, from the bot's config
/// read afterwards.
pub fn cut_off(now: &Snapshot, base_hash: &str, next: &Value) -> CutOff {
    if config::same_content(&now.parsed, next) {
        CutOff::Landed
    } else if now.hash == base_hash {
        CutOff::NotApplied
    } else {
        CutOff::ChangedElsewhere
    }
}

/// Sends `next` as a merge patch bound to `current`'s hash. When the connection closes before
/// the bot answers (it restarts after writes), a fresh read tells what happened (see
/// [`cut_off`]); a save that did not land is sent again.
async fn send(link: &impl BotLink, current: &Snapshot, next: &Value) -> Result<(), EditError> {
    let patch = config::merge_patch(&current.parsed, next);
    let mut params = json!({"raw": patch.to_string(), "baseHash": current.hash});
    // Clawdbot restarts after a write, by default 2 s later on top of its file watcher's own
    // restart; with no delay it restarts once, at once. OpenClaw reloads without a restart,
    // and a delay would ask it for one.
    if !current.keyed_agents {
        params["restartDelayMs"] = json!(0);
    }
    // OpenClaw applies a patch that shortens or removes arrays only when it names them.
    let shrunk = config::shrunk_arrays(&current.parsed, &patch);
    if current.keyed_agents && !shrunk.is_empty() {
        params["replacePaths"] = json!(shrunk);
    }
    let mut resends = 0;
    loop {
        let sent = with_restarts(link, |client| {
            let params = params.clone();
            async move {
                // A closed connection here is an answer, not a reason to repeat the write blind.
                Ok::<_, BotError>(client.request("config.patch", params, TIMEOUT).await)
            }
        })
        .await?;
        match sent {
            Ok(_) => return Ok(()),
            Err(e) if e.is_transient() => match cut_off(&read(link).await?, &current.hash, next) {
                CutOff::Landed => return Ok(()),
                CutOff::ChangedElsewhere => return Err(EditError::Conflict),
                CutOff::NotApplied if resends == RESENDS => return Err(e.into()),
                CutOff::NotApplied => {
                    resends += 1;
                    tracing::info!(
                        resends,
                        "a config save was cut off by the bot restarting; sending it again"
                    );
                }
            },
            Err(BotError::Remote { message, .. }) if message.contains("changed since") => {
                // After a resend, the first send may have landed late.
                if resends > 0 && config::same_content(&read(link).await?.parsed, next) {
                    return Ok(());
                }
                return Err(EditError::Conflict);
            }
            Err(BotError::Remote { message, .. }) => {
                return Err(EditError::Invalid(format!(
                    "the bot refused the configuration: {message}"
                )))
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// A stored version of a bot's configuration.
#[derive(Debug, Clone)]
pub struct Version {
    pub id: String,
    pub version: i64,
    pub config: Value,
    pub summary: String,
    pub author: String,
    pub created_at: i64,
}

/// The bot's versions, newest first.
pub async fn versions(
    db: &Db,
    secrets: &SecretBox,
    at: &Access,
    bot_id: &str,
) -> Result<Vec<Version>, Error> {
    bot_in_tenant(db, &at.tenant_id, bot_id).await?;
    load_versions(db, secrets, bot_id).await
}

pub async fn load_versions(
    db: &Db,
    secrets: &SecretBox,
    bot_id: &str,
) -> Result<Vec<Version>, Error> {
    let rows: Vec<(String, i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, version, config_sealed, summary, author, created_at FROM bot_config_versions
         WHERE bot_id = $1 ORDER BY version DESC",
    )
    .bind(bot_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(id, version, sealed, summary, author, created_at)| {
            let text = secrets
                .open(&sealed)
                .map_err(|e| Error::Internal(format!("config version {id}: {e}")))?;
            Ok(Version {
                id,
                version,
                config: serde_json::from_str(&text).unwrap_or(Value::Null),
                summary,
                author,
                created_at,
            })
        })
        .collect()
}

/// Fails with "not found" unless the bot belongs to the tenant.
pub async fn bot_in_tenant(db: &Db, tenant_id: &TenantId, bot_id: &str) -> Result<(), Error> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM bots WHERE id = $1 AND tenant_id = $2")
            .bind(bot_id)
            .bind(tenant_id)
            .fetch_optional(&db.pool)
            .await?;
    found.map(|_| ()).ok_or(Error::NotFound("bot"))
}

async fn store_version(
    conn: &mut sqlx::AnyConnection,
    secrets: &SecretBox,
    bot_id: &str,
    config: &Value,
    summary: &str,
    author: &str,
) -> Result<i64, Error> {
    let (last,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(version) FROM bot_config_versions WHERE bot_id = $1")
            .bind(bot_id)
            .fetch_one(&mut *conn)
            .await?;
    let version = last.map_or(0, |v| v + 1);
    sqlx::query(
        "INSERT INTO bot_config_versions (id, bot_id, version, config_sealed, summary, author, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(bot_id)
    .bind(version)
    .bind(secrets.seal(&config.to_string()))
    .bind(summary)
    .bind(author)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(version)
}

/// How a version names who made it: the person's address, or the operator or BaaS.
fn author_name(at: &Access) -> String {
    at.actor.email.clone().unwrap_or_default()
}

/// Stores the applied config as the bot's next version (and, before BaaS's first change, the
/// config as found), with its audit entry, in one transaction that holds the bot's row, so
/// changes committed at once get consecutive numbers.
async fn commit(
    db: &Db,
    secrets: &SecretBox,
    at: &Access,
    bot_id: &str,
    current: &Snapshot,
    next: &Value,
    summary: &str,
) -> Result<i64, Error> {
    let mut tx = db.pool.begin().await?;
    let held = sqlx::query("UPDATE bots SET name = name WHERE id = $1")
        .bind(bot_id)
        .execute(&mut *tx)
        .await?;
    if held.rows_affected() == 0 {
        return Err(Error::NotFound("bot"));
    }
    // The config as found before BaaS's first change is kept, so it can be restored too.
    let (none_yet,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM bot_config_versions WHERE bot_id = $1")
            .bind(bot_id)
            .fetch_one(&mut *tx)
            .await?;
    if none_yet == 0 {
        store_version(
            &mut tx,
            secrets,
            bot_id,
            &current.parsed,
            "as found on the bot",
            "the bot",
        )
        .await?;
    }
    let version = store_version(&mut tx, secrets, bot_id, next, summary, &author_name(at)).await?;
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
        Action::BotConfigChanged,
        &format!("bot {bot_id} version {version}: {summary}"),
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// Checks the bot is the workspace's, then reads its config and insists it is still the one
/// loaded at `base_hash`.
async fn current_at(
    db: &Db,
    link: &impl BotLink,
    at: &Access,
    bot_id: &str,
    base_hash: &str,
) -> Result<Snapshot, EditError> {
    bot_in_tenant(db, &at.tenant_id, bot_id).await?;
    let current = read(link).await?;
    if current.hash != base_hash {
        return Err(EditError::Conflict);
    }
    Ok(current)
}

/// Applies `change` to the bot's config loaded at `base_hash`.
#[allow(clippy::too_many_arguments)]
pub async fn change(
    db: &Db,
    secrets: &SecretBox,
    link: &impl BotLink,
    at: &Access,
    bot_id: &str,
    base_hash: &str,
    change: &Change,
) -> Result<i64, EditError> {
    let current = current_at(db, link, at, bot_id, base_hash).await?;
    if let (true, Change::RemoveAgent { id }) = (current.keyed_agents, change) {
        return remove_agent(db, secrets, link, at, bot_id, &current, id).await;
    }
    let next = config::apply_for(&current.parsed, change, current.keyed_agents)
        .map_err(EditError::Invalid)?;
    crate::costs::plans::check_group_cap(
        db,
        &at.tenant_id,
        config::group_count(&current.parsed),
        config::group_count(&next),
    )
    .await?;
    let diff = diff(&current.parsed, &next).await?;
    if diff.is_empty() {
        return Err(EditError::Invalid("nothing to change".into()));
    }
    validate(link, &next).await?;
    send(link, &current, &next).await?;
    Ok(commit(db, secrets, at, bot_id, &current, &next, &diff.join("; ")).await?)
}

/// Removes an agent from an OpenClaw bot: OpenClaw refuses a config write that drops an
/// agent, and deletes one (with its routes) through `agents.delete`; the config it leaves is
/// kept as the next version.
async fn remove_agent(
    db: &Db,
    secrets: &SecretBox,
    link: &impl BotLink,
    at: &Access,
    bot_id: &str,
    current: &Snapshot,
    id: &str,
) -> Result<i64, EditError> {
    if !config::agent_ids(&current.listed()).iter().any(|a| a == id) {
        return Err(EditError::Invalid(format!("the bot has no agent \"{id}\"")));
    }
    let client = link.connect(TIMEOUT).await?;
    match client
        .request("agents.delete", json!({"agentId": id}), TIMEOUT)
        .await
    {
        Ok(_) => {}
        Err(BotError::Remote { message, .. }) => {
            return Err(EditError::Invalid(format!(
                "the bot refused to remove agent {id}: {message}"
            )))
        }
        Err(e) => return Err(e.into()),
    }
    let after = read(link).await?;
    Ok(commit(
        db,
        secrets,
        at,
        bot_id,
        current,
        &after.parsed,
        &format!("removed agent {id}"),
    )
    .await?)
}

/// Restores the bot's config to stored version `version_id`, keeping the secrets the bot has
/// now (a key rotated since the version was made stays rotated).
pub async fn rollback(
    db: &Db,
    secrets: &SecretBox,
    link: &impl BotLink,
    at: &Access,
    bot_id: &str,
    base_hash: &str,
    version_id: &str,
) -> Result<i64, EditError> {
    let current = current_at(db, link, at, bot_id, base_hash).await?;
    let target = load_versions(db, secrets, bot_id)
        .await?
        .into_iter()
        .find(|v| v.id == version_id)
        .ok_or(Error::NotFound("version"))?;
    // An old version may hold more groups than the plan allows today.
    crate::costs::plans::check_group_cap(
        db,
        &at.tenant_id,
        config::group_count(&current.parsed),
        config::group_count(&target.config),
    )
    .await?;
    let restored = config::keep_current(&target.config, &current.parsed).map_err(|path| {
        EditError::Invalid(format!(
            "version {} has a secret at {path} that the bot no longer has, and the bot never \
             showed BaaS its value: set it on the bot again, then restore",
            target.version
        ))
    })?;
    validate(link, &restored).await?;
    if current.valid {
        send(link, &current, &restored).await?;
    } else {
        replace(link, &current, &restored).await?;
    }
    let summary = format!("rolled back to version {}", target.version);
    Ok(commit(db, secrets, at, bot_id, &current, &restored, &summary).await?)
}

/// Writes `next` over an invalid config file whole (`config.set`, bound to its hash): a
/// gateway refuses to patch a file it finds invalid.
async fn replace(link: &impl BotLink, current: &Snapshot, next: &Value) -> Result<(), EditError> {
    let params = json!({"raw": next.to_string(), "baseHash": current.hash});
    let sent = with_restarts(link, |client| {
        let params = params.clone();
        async move { Ok::<_, BotError>(client.request("config.set", params, TIMEOUT).await) }
    })
    .await?;
    match sent {
        Ok(_) => Ok(()),
        Err(BotError::Remote { message, .. }) => Err(EditError::Invalid(format!(
            "the bot refused the restored configuration: {message}"
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Points every agent of the bot at this BaaS's gateway at `public_url` (admins and owners):
/// agents missing in BaaS are created, each gets a new virtual key named after the bot, and the
/// config carries one provider per agent. Keys made for a change that is not applied are
/// revoked again.
#[allow(clippy::too_many_arguments)]
pub async fn provision(
    db: &Db,
    secrets: &SecretBox,
    link: &impl BotLink,
    at: &Access,
    bot_id: &str,
    bot_name: &str,
    base_hash: &str,
    public_url: &str,
) -> Result<i64, EditError> {
    use crate::gateway::store;
    let current = current_at(db, link, at, bot_id, base_hash).await?;
    let existing = store::list_agents(db, at).await?;
    let mut provisioned = Vec::new();
    let mut new_keys = Vec::new();
    let listed = current.listed();
    for agent_id in config::agent_ids(&listed) {
        let agent = match existing.iter().find(|a| a.clawdbot_agent_id == agent_id) {
            Some(a) => a.clone(),
            None => {
                let name = listed["agents"]["list"]
                    .as_array()
                    .and_then(|l| l.iter().find(|a| a["id"] == agent_id.as_str()))
                    .and_then(|a| a["name"].as_str())
                    .unwrap_or(&agent_id)
                    .to_string();
                store::create_agent(db, at, &name, &agent_id).await?
            }
        };
        let key =
            store::create_bot_key(db, at, &agent.id, bot_id, &format!("bot {bot_name}")).await?;
        new_keys.push(key.view.id.clone());
        provisioned.push(config::Provisioned {
            agent_id,
            key: key.key,
        });
    }
    let applied = async {
        let prices = crate::gateway::prices::load_prices(db).await?;
        let next = config::provision(
            &listed,
            public_url,
            &provisioned,
            &prices,
            config::FALLBACK_MODEL,
        )
        .map_err(EditError::Invalid)?;
        let next = if current.keyed_agents {
            config::keyed(next)
        } else {
            next
        };
        validate(link, &next).await?;
        send(link, &current, &next).await?;
        Ok::<Value, EditError>(next)
    }
    .await;
    let next = match applied {
        Ok(next) => next,
        Err(e) => {
            for key_id in &new_keys {
                if let Err(re) = store::revoke_key(db, at, key_id).await {
                    tracing::error!(error = %re, "unused provisioning key not revoked");
                }
            }
            return Err(e);
        }
    };
    let names: Vec<&str> = provisioned.iter().map(|p| p.agent_id.as_str()).collect();
    let summary = format!("pointed agents {} at BaaS", names.join(", "));
    let version = commit(db, secrets, at, bot_id, &current, &next, &summary).await?;
    // The bot now holds the new keys: the ones it was given before stop working.
    store::revoke_bot_keys(db, &at.tenant_id, bot_id, &new_keys).await?;
    Ok(version)
}

#[cfg(test)]
mod tests;
