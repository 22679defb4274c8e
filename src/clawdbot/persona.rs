//! An agent's persona files on OpenClaw (`SOUL.md`, `AGENTS.md`, `IDENTITY.md`, `USER.md`):
//! read and written through the gateway's `agents.files.*`, each write bound to the hash the
//! editor loaded (a file changed elsewhere is refused, never overwritten), every written content
//! kept as a version beside the file as first found, so a change can be compared and undone.
//! OpenClaw puts these files into the agent's system prompt on its very next turn.

use crate::access::Access;
use crate::audit::{self, Action};
use crate::clawdbot::client::{BotClient, BotError};
use crate::clawdbot::editor::EditError;
use crate::clawdbot::link::{with_restarts, BotLink};
use crate::clock::now;
use crate::db::{new_id, Db};
use crate::error::Error;
use crate::model::{PersonaFileView, PersonaVersionView};
use serde_json::{json, Value};
use std::time::Duration;

pub use crate::model::PERSONA_FILES as FILES;
/// The gateway method that tells a bot can hold persona files.
pub const METHOD: &str = "agents.files.set";
/// How long one file request may take.
const TIMEOUT: Duration = Duration::from_secs(20);
/// How long a new agent's files may take to appear (OpenClaw's hot reload).
const SEED_WAIT: Duration = Duration::from_secs(15);
/// Versions kept and listed per file.
pub const MAX_VERSIONS_LISTED: i64 = 50;

/// The most characters of `name` OpenClaw puts into the prompt: it cuts a longer file (keeping
/// its head and tail), so BaaS refuses one rather than have the middle silently dropped.
pub fn max_chars(name: &str) -> usize {
    if name == "USER.md" {
        4_000
    } else {
        20_000
    }
}

/// Checks a file name and its content before anything is sent.
pub fn check(name: &str, content: &str) -> Result<(), String> {
    if !FILES.contains(&name) {
        return Err(format!(
            "{name} is not a persona file; the editor writes {}",
            FILES.join(", ")
        ));
    }
    let chars = content.chars().count();
    if chars > max_chars(name) {
        return Err(format!(
            "{name} has {chars} characters; OpenClaw reads at most {} of it into the agent's prompt, so shorten it",
            max_chars(name)
        ));
    }
    if content.contains('\0') {
        return Err(format!("{name} contains a NUL character"));
    }
    Ok(())
}

/// Why a bot cannot hold persona files, if it cannot.
pub fn unsupported(client: &BotClient) -> Option<String> {
    (!client.hello.methods.iter().any(|m| m == METHOD)).then(|| {
        no_files(
            client.hello.flavour().name(),
            client.hello.server_version.as_deref(),
        )
    })
}

/// Why a bot cannot hold persona files, as far as its last connection told (`None` also when
/// it has not been connected yet).
pub fn unsupported_known(status: &crate::clawdbot::manager::BotStatus) -> Option<String> {
    (status.writes_files == Some(false)).then(|| {
        no_files(
            status.flavour.map_or("The gateway", |f| f.name()),
            status.version.as_deref(),
        )
    })
}

fn no_files(product: &str, version: Option<&str>) -> String {
    format!(
        "{product} {} has no persona files through its gateway; OpenClaw (2026.9 or later) does",
        version.unwrap_or("")
    )
}

/// What BaaS last knew of a bot's persona files (see [`last_known`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownFiles {
    /// The agents BaaS knows files of.
    pub agents: Vec<String>,
    /// The agent shown.
    pub agent: String,
    pub files: Vec<PersonaFileView>,
    /// When the newest of them was written or first found.
    pub known_at: Option<i64>,
}

/// What BaaS last wrote to (or first found in) each persona file of the bot's agents: the
/// agents it knows files of, and the chosen agent's files (`agent` empty: the first), for the
/// page to show while the bot cannot be reached. Files it never wrote are listed as missing.
pub async fn last_known(db: &Db, bot_id: &str, agent: &str) -> Result<KnownFiles, Error> {
    let agents: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT agent_id FROM persona_versions WHERE bot_id = $1 ORDER BY agent_id",
    )
    .bind(bot_id)
    .fetch_all(&db.pool)
    .await?;
    let agents: Vec<String> = agents.into_iter().map(|(a,)| a).collect();
    let agent = if agent.is_empty() {
        agents.first().cloned().unwrap_or_default()
    } else {
        agent.to_string()
    };
    let mut files = Vec::new();
    let mut known_at = None;
    for name in FILES {
        let last: Option<(String, i64)> = sqlx::query_as(
            "SELECT content, created_at FROM persona_versions
             WHERE bot_id = $1 AND agent_id = $2 AND name = $3 ORDER BY version DESC LIMIT 1",
        )
        .bind(bot_id)
        .bind(&agent)
        .bind(name)
        .fetch_optional(&db.pool)
        .await?;
        if let Some((_, at)) = &last {
            known_at = known_at.max(Some(*at));
        }
        files.push(PersonaFileView {
            name: name.to_string(),
            missing: last.is_none(),
            content: last.map(|(c, _)| c).unwrap_or_default(),
            hash: None,
            max_chars: max_chars(name) as i64,
        });
    }
    Ok(KnownFiles {
        agents,
        agent,
        files,
        known_at,
    })
}

async fn supported(link: &impl BotLink) -> Result<BotClient, EditError> {
    let client = link.connect(TIMEOUT).await?;
    match unsupported(&client) {
        Some(why) => Err(EditError::Invalid(why)),
        None => Ok(client),
    }
}

/// The bot's agent ids, its default agent first.
pub async fn agents(link: &impl BotLink) -> Result<Vec<String>, EditError> {
    let client = supported(link).await?;
    let v = client.request("agents.list", json!({}), TIMEOUT).await?;
    let default = v["defaultId"].as_str().unwrap_or_default();
    let mut ids: Vec<String> = v["agents"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["id"].as_str())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    ids.sort_by_key(|id| id != default);
    Ok(ids)
}

/// The agent's persona files as they are on the bot now.
pub async fn read(link: &impl BotLink, agent_id: &str) -> Result<Vec<PersonaFileView>, EditError> {
    supported(link).await?;
    let files = with_restarts(link, |client| async move {
        let mut files = Vec::new();
        for name in FILES {
            files.push(get(&client, agent_id, name).await?);
        }
        Ok::<_, BotError>(files)
    })
    .await?;
    Ok(files)
}

async fn get(client: &BotClient, agent_id: &str, name: &str) -> Result<PersonaFileView, BotError> {
    let v = client
        .request(
            "agents.files.get",
            json!({"agentId": agent_id, "name": name}),
            TIMEOUT,
        )
        .await?;
    Ok(file_view(name, &v["file"]))
}

fn file_view(name: &str, file: &Value) -> PersonaFileView {
    PersonaFileView {
        name: name.to_string(),
        content: file["content"].as_str().unwrap_or_default().to_string(),
        hash: file["hash"].as_str().map(str::to_string),
        missing: file["missing"].as_bool().unwrap_or(false),
        max_chars: max_chars(name) as i64,
    }
}

/// Writes `content` to the agent's file `name` if the file still has `expected_hash` (`None`:
/// the file did not exist when loaded); returns the new version's number.
#[allow(clippy::too_many_arguments)]
pub async fn write(
    db: &Db,
    link: &impl BotLink,
    at: &Access,
    bot_id: &str,
    agent_id: &str,
    name: &str,
    content: &str,
    expected_hash: Option<&str>,
) -> Result<i64, EditError> {
    check(name, content).map_err(EditError::Invalid)?;
    let client = supported(link).await?;
    let before = get(&client, agent_id, name).await?;
    if before.hash.as_deref() != expected_hash {
        return Err(EditError::Conflict);
    }
    set(&client, agent_id, name, content, expected_hash).await?;
    let summary = summary(&before.content, content);
    Ok(commit(
        db,
        at,
        bot_id,
        agent_id,
        name,
        &before.content,
        content,
        &summary,
    )
    .await?)
}

async fn set(
    client: &BotClient,
    agent_id: &str,
    name: &str,
    content: &str,
    expected_hash: Option<&str>,
) -> Result<(), EditError> {
    let mut params = json!({"agentId": agent_id, "name": name, "content": content});
    if let Some(h) = expected_hash {
        params["expectedHash"] = json!(h);
    }
    match client.request("agents.files.set", params, TIMEOUT).await {
        Ok(_) => Ok(()),
        Err(BotError::Remote { message, .. }) if message.contains("changed since") => {
            Err(EditError::Conflict)
        }
        Err(BotError::Remote { message, .. }) => Err(EditError::Invalid(format!(
            "the bot refused {name}: {message}"
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Writes a new agent's first `SOUL.md` (its template's persona) once OpenClaw has loaded the
/// agent: right after a config write adds one, its files answer "not found" until the hot
/// reload ends (about 2 s), so the first read is retried for a while.
pub async fn seed(
    db: &Db,
    link: &impl BotLink,
    at: &Access,
    bot_id: &str,
    agent_id: &str,
    content: &str,
) -> Result<i64, EditError> {
    let client = supported(link).await?;
    let deadline = tokio::time::Instant::now() + SEED_WAIT;
    let found = loop {
        match get(&client, agent_id, "SOUL.md").await {
            Ok(f) => break f,
            Err(BotError::Remote { .. }) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => return Err(e.into()),
        }
    };
    write(
        db,
        link,
        at,
        bot_id,
        agent_id,
        "SOUL.md",
        content,
        found.hash.as_deref(),
    )
    .await
}

/// Puts stored version `version_id` back into its file, if the file still has
/// `expected_hash`; returns the new version's number.
pub async fn restore(
    db: &Db,
    link: &impl BotLink,
    at: &Access,
    bot_id: &str,
    version_id: &str,
    expected_hash: Option<&str>,
) -> Result<i64, EditError> {
    let row: Option<(String, String, i64, String)> = sqlx::query_as(
        "SELECT agent_id, name, version, content FROM persona_versions WHERE id = $1 AND bot_id = $2",
    )
    .bind(version_id)
    .bind(bot_id)
    .fetch_optional(&db.pool)
    .await
    .map_err(Error::from)?;
    let (agent_id, name, version, content) = row.ok_or(Error::NotFound("version"))?;
    let client = supported(link).await?;
    let before = get(&client, &agent_id, &name).await?;
    if before.hash.as_deref() != expected_hash {
        return Err(EditError::Conflict);
    }
    set(&client, &agent_id, &name, &content, expected_hash).await?;
    let summary = format!("restored version {version}");
    Ok(commit(
        db,
        at,
        bot_id,
        &agent_id,
        &name,
        &before.content,
        &content,
        &summary,
    )
    .await?)
}

/// A line count of what changed, for the version list and the audit log.
fn summary(before: &str, after: &str) -> String {
    let diff = similar::TextDiff::from_lines(before, after);
    let (mut added, mut removed) = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Insert => added += 1,
            similar::ChangeTag::Delete => removed += 1,
            similar::ChangeTag::Equal => {}
        }
    }
    format!("+{added} −{removed} lines")
}

/// A unified diff of two contents, as the version list shows it.
pub fn diff(before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .to_string()
}

/// Stores the written content as the file's next version (and, before BaaS's first write, the
/// file as found), with its audit entry, in one transaction holding the bot's row.
#[allow(clippy::too_many_arguments)]
async fn commit(
    db: &Db,
    at: &Access,
    bot_id: &str,
    agent_id: &str,
    name: &str,
    before: &str,
    after: &str,
    summary: &str,
) -> Result<i64, Error> {
    let mut tx = db.pool.begin().await?;
    let held = sqlx::query("UPDATE bots SET name = name WHERE id = $1 AND tenant_id = $2")
        .bind(bot_id)
        .bind(&at.tenant_id)
        .execute(&mut *tx)
        .await?;
    if held.rows_affected() == 0 {
        return Err(Error::NotFound("bot"));
    }
    let (last,): (Option<i64>,) = sqlx::query_as(
        "SELECT MAX(version) FROM persona_versions WHERE bot_id = $1 AND agent_id = $2 AND name = $3",
    )
    .bind(bot_id)
    .bind(agent_id)
    .bind(name)
    .fetch_one(&mut *tx)
    .await?;
    let author = at.actor.email.clone().unwrap_or_default();
    let mut rows = Vec::new();
    if last.is_none() {
        rows.push((0, before, "as found on the bot", "the bot"));
    }
    let version = last.map_or(1, |v| v + 1);
    rows.push((version, after, summary, author.as_str()));
    for (v, content, what, by) in rows {
        sqlx::query(
            "INSERT INTO persona_versions
                 (id, bot_id, agent_id, name, version, content, summary, author, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(new_id())
        .bind(bot_id)
        .bind(agent_id)
        .bind(name)
        .bind(v)
        .bind(content)
        .bind(what)
        .bind(by)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
        Action::PersonaChanged,
        &format!("bot {bot_id} agent {agent_id} {name} version {version}: {summary}"),
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// A stored version as read for the list.
#[derive(sqlx::FromRow)]
struct VersionRow {
    id: String,
    version: i64,
    content: String,
    summary: String,
    author: String,
    created_at: i64,
}

/// The file's versions, newest first, each with its diff from the one before.
pub async fn versions(
    db: &Db,
    at: &Access,
    bot_id: &str,
    agent_id: &str,
    name: &str,
) -> Result<Vec<PersonaVersionView>, Error> {
    crate::clawdbot::editor::bot_in_tenant(db, &at.tenant_id, bot_id).await?;
    let rows: Vec<VersionRow> = sqlx::query_as(
        "SELECT id, version, content, summary, author, created_at FROM persona_versions
         WHERE bot_id = $1 AND agent_id = $2 AND name = $3 ORDER BY version DESC LIMIT $4",
    )
    .bind(bot_id)
    .bind(agent_id)
    .bind(name)
    .bind(MAX_VERSIONS_LISTED + 1)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate().take(MAX_VERSIONS_LISTED as usize) {
        let older = rows.get(i + 1).map_or("", |o| o.content.as_str());
        out.push(PersonaVersionView {
            id: r.id.clone(),
            version: r.version,
            summary: r.summary.clone(),
            author: r.author.clone(),
            created_at: r.created_at,
            diff: if r.version == 0 {
                String::new()
            } else {
                diff(older, &r.content)
            },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_persona_files_within_the_prompt_limit_are_written() {
        assert!(check("SOUL.md", "# Soul\nTerse.").is_ok());
        assert!(check("MEMORY.md", "x").is_err());
        assert!(check("../evil.md", "x").is_err());
        let long = "a".repeat(20_001);
        let e = check("SOUL.md", &long).expect_err("too long");
        assert!(e.contains("20000"), "{e}");
        assert!(
            check("USER.md", &"é".repeat(4_000)).is_ok(),
            "characters, not bytes"
        );
        assert!(check("USER.md", &"é".repeat(4_001)).is_err());
        assert!(check("SOUL.md", "a\0b").is_err());
    }

    #[test]
    fn diffs_and_summaries_count_lines() {
        assert_eq!(summary("a\nb\n", "a\nc\nd\n"), "+2 −1 lines");
        let d = diff("a\nb\n", "a\nc\n");
        assert!(d.contains("-b") && d.contains("+c"), "{d}");
    }
}
