//! A bot's knowledge base: documents its owners upload (plain text, Markdown, PDF), kept in
//! BaaS as text within the plan's limits, listed, replaced by name and deleted; and written
//! into every agent's `MEMORY.md` on the bot, inside a section BaaS owns. OpenClaw reads
//! `MEMORY.md` into the agent's system prompt on every turn (its first 20,000 characters) and
//! indexes all of it for the agent's `memory_search` tool, so a fact in a document reaches the
//! model either way. What the agent or its owner wrote in `MEMORY.md` outside the section is
//! kept: each write is bound to the hash the file had when read.

use crate::access::Access;
use crate::audit::{self, Action};
use crate::clawdbot::client::{BotClient, BotError};
use crate::clawdbot::editor::EditError;
use crate::clawdbot::link::BotLink;
use crate::clawdbot::persona;
use crate::clock::now;
use crate::db::{new_id, Db};
use crate::error::{Error, Result};
use crate::model::{KnowledgeDocView, KnowledgeView};
use serde_json::json;
use std::time::Duration;

/// Largest file accepted for upload (a PDF's text is much smaller than the file).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// The file the documents are written into.
pub const MEMORY_FILE: &str = "MEMORY.md";
const START: &str = "<!-- baas:knowledge:start (written by BaaS from the bot's knowledge base; edits inside are replaced) -->";
const END: &str = "<!-- baas:knowledge:end -->";
const TIMEOUT: Duration = Duration::from_secs(30);

/// How much a plan's bots may hold: documents per bot, and characters of text in all of them.
/// The text stays under 1.5 million characters on every plan, as OpenClaw does not read a
/// `MEMORY.md` over 2 MiB at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub documents: i64,
    pub chars: i64,
}

/// The limits of plan `plan_id` (a plan BaaS does not know gets the smallest).
pub fn limits(plan_id: &str) -> Limits {
    match plan_id {
        "pro" => Limits {
            documents: 20,
            chars: 300_000,
        },
        "business" => Limits {
            documents: 100,
            chars: 1_000_000,
        },
        "enterprise" => Limits {
            documents: 500,
            chars: 1_500_000,
        },
        _ => Limits {
            documents: 3,
            chars: 50_000,
        },
    }
}

/// What kind of file an upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Markdown,
    Pdf,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Markdown => "markdown",
            Kind::Pdf => "pdf",
        }
    }

    /// The kind of `name` with content `bytes`: by extension, and a PDF by its header too.
    pub fn of(name: &str, bytes: &[u8]) -> std::result::Result<Self, String> {
        let lower = name.to_ascii_lowercase();
        let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "txt" | "text" => Ok(Kind::Text),
            "md" | "markdown" => Ok(Kind::Markdown),
            "pdf" if bytes.starts_with(b"%PDF-") => Ok(Kind::Pdf),
            "pdf" => Err(format!("{name} is not a PDF file")),
            _ => Err(format!(
                "{name}: upload plain text (.txt), Markdown (.md) or PDF (.pdf)"
            )),
        }
    }
}

/// A document's name as listed and written: the file name without folders, trimmed.
pub fn document_name(raw: &str) -> std::result::Result<String, String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if base.is_empty() || base.chars().count() > 120 || base.chars().any(char::is_control) {
        return Err("the document needs a file name of 1 to 120 characters".into());
    }
    Ok(base.to_string())
}

/// The text of an upload: UTF-8 as it is, or a PDF's extracted text (on a blocking thread; a
/// file the extractor cannot read is refused with a reason, never a crash).
pub async fn text_of(kind: Kind, bytes: Vec<u8>) -> std::result::Result<String, String> {
    let text = match kind {
        Kind::Text | Kind::Markdown => {
            String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_string())?
        }
        Kind::Pdf => tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes))
                .map_err(|_| "the PDF could not be read".to_string())?
                .map_err(|e| format!("the PDF could not be read: {e}"))
        })
        .await
        .map_err(|_| "the PDF could not be read".to_string())??,
    };
    let text = text.replace('\0', "").replace("\r\n", "\n");
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err("the document has no text (a scanned PDF needs its text first)".into());
    }
    Ok(text)
}

/// The section written into `MEMORY.md` for `docs` (name, text), in name order; empty when
/// there are none.
pub fn section(docs: &[(String, String)]) -> String {
    if docs.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "{START}\n# Knowledge base\nDocuments the owner gave this bot. Answer from them when they cover the question.\n"
    );
    for (name, text) in docs {
        out.push_str(&format!("\n## {name}\n\n{text}\n"));
    }
    out.push_str(END);
    out
}

/// `memory` with BaaS's section replaced by `section` (added at the end if there was none,
/// removed if `section` is empty); everything outside it kept as it was.
pub fn splice(memory: &str, section: &str) -> String {
    let (before, after) = match (memory.find(START), memory.find(END)) {
        (Some(s), Some(e)) if e > s => (&memory[..s], &memory[e + END.len()..]),
        _ => (memory, ""),
    };
    let before = before.trim_end();
    let after = after.trim_start_matches('\n');
    let mut out = String::from(before);
    if !section.is_empty() {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(section);
    }
    if !after.is_empty() {
        out.push_str("\n\n");
        out.push_str(after);
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A document's row as listed.
#[derive(sqlx::FromRow)]
struct DocRow {
    id: String,
    name: String,
    kind: String,
    size_bytes: i64,
    chars: i64,
    created_by: String,
    updated_at: i64,
}

/// The bot's documents and how much of the plan's room they use.
pub async fn list(db: &Db, at: &Access, bot_id: &str) -> Result<KnowledgeView> {
    crate::clawdbot::editor::bot_in_tenant(db, &at.tenant_id, bot_id).await?;
    let rows: Vec<DocRow> = sqlx::query_as(
        "SELECT id, name, kind, size_bytes, chars, created_by, updated_at
         FROM knowledge_documents WHERE bot_id = $1 ORDER BY name",
    )
    .bind(bot_id)
    .fetch_all(&db.pool)
    .await?;
    let plan = crate::costs::plans::tenant_plan(db, &at.tenant_id).await?;
    let l = limits(&plan.id);
    Ok(KnowledgeView {
        used_chars: rows.iter().map(|r| r.chars).sum(),
        limit_documents: l.documents,
        limit_chars: l.chars,
        documents: rows
            .into_iter()
            .map(|r| KnowledgeDocView {
                id: r.id,
                name: r.name,
                kind: r.kind,
                size_bytes: r.size_bytes,
                chars: r.chars,
                created_by: r.created_by,
                updated_at: r.updated_at,
            })
            .collect(),
        unsupported: None,
        reach: None,
    })
}

/// Stores a document of the bot, replacing the one with the same name, within the plan's
/// limits (checked and written in one transaction holding the bot's row); audited.
pub async fn put(
    db: &Db,
    at: &Access,
    bot_id: &str,
    name: &str,
    kind: Kind,
    size_bytes: i64,
    text: &str,
) -> Result<()> {
    let plan = crate::costs::plans::tenant_plan(db, &at.tenant_id).await?;
    let l = limits(&plan.id);
    let chars = text.chars().count() as i64;
    let mut tx = db.pool.begin().await?;
    let held = sqlx::query("UPDATE bots SET name = name WHERE id = $1 AND tenant_id = $2")
        .bind(bot_id)
        .bind(&at.tenant_id)
        .execute(&mut *tx)
        .await?;
    if held.rows_affected() == 0 {
        return Err(Error::NotFound("bot"));
    }
    // PostgreSQL sums BIGINTs as NUMERIC: cast back so both databases answer an integer.
    let (others, other_chars): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), CAST(COALESCE(SUM(chars), 0) AS BIGINT) FROM knowledge_documents
         WHERE bot_id = $1 AND name <> $2",
    )
    .bind(bot_id)
    .bind(name)
    .fetch_one(&mut *tx)
    .await?;
    if others + 1 > l.documents {
        return Err(Error::Forbidden(format!(
            "the {} plan holds {} documents per bot; delete one first",
            plan.name, l.documents
        )));
    }
    let total = other_chars + chars;
    if total > l.chars {
        return Err(Error::Forbidden(format!(
            "the {} plan holds {} characters of documents per bot; with this one the bot would hold {total}",
            plan.name, l.chars
        )));
    }
    let t = now();
    let author = at.actor.email.clone().unwrap_or_default();
    sqlx::query("DELETE FROM knowledge_documents WHERE bot_id = $1 AND name = $2")
        .bind(bot_id)
        .bind(name)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO knowledge_documents
             (id, tenant_id, bot_id, name, kind, size_bytes, chars, text, created_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(new_id())
    .bind(&at.tenant_id)
    .bind(bot_id)
    .bind(name)
    .bind(kind.as_str())
    .bind(size_bytes)
    .bind(chars)
    .bind(text)
    .bind(&author)
    .bind(t)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
        Action::KnowledgeChanged,
        &format!("bot {bot_id}: document {name} saved ({chars} characters)"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes one of the bot's documents; audited.
pub async fn delete(db: &Db, at: &Access, bot_id: &str, document_id: &str) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    let gone: Option<(String,)> = sqlx::query_as(
        "DELETE FROM knowledge_documents WHERE id = $1 AND bot_id = $2 AND tenant_id = $3
         RETURNING name",
    )
    .bind(document_id)
    .bind(bot_id)
    .bind(&at.tenant_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (name,) = gone.ok_or(Error::NotFound("document"))?;
    audit::record(
        &mut tx,
        Some(&at.tenant_id),
        &at.actor,
        Action::KnowledgeChanged,
        &format!("bot {bot_id}: document {name} deleted"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Why the bot cannot hold a knowledge base, if its last connection told it cannot (asked of
/// the connection's state, never of the bot: a bot that cannot be reached is not waited for).
pub fn unsupported(status: &crate::clawdbot::manager::BotStatus) -> Option<String> {
    persona::unsupported_known(status)
}

/// Writes the bot's documents into every agent's `MEMORY.md` as they are in BaaS now;
/// returns how many agents' files changed.
pub async fn sync(
    db: &Db,
    link: &impl BotLink,
    bot_id: &str,
) -> std::result::Result<usize, EditError> {
    let docs: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, text FROM knowledge_documents WHERE bot_id = $1 ORDER BY name",
    )
    .bind(bot_id)
    .fetch_all(&db.pool)
    .await
    .map_err(Error::from)?;
    let section = section(&docs);
    let agents = persona::agents(link).await?;
    let client = link.connect(TIMEOUT).await?;
    let mut changed = 0;
    for agent in &agents {
        if write_section(&client, agent, &section).await? {
            changed += 1;
        }
    }
    Ok(changed)
}

/// Puts `section` into one agent's `MEMORY.md`; a file changed between the read and the write
/// (the agent writes it too) is read again, a few times.
async fn write_section(
    client: &BotClient,
    agent: &str,
    section: &str,
) -> std::result::Result<bool, EditError> {
    for _ in 0..3 {
        let v = client
            .request(
                "agents.files.get",
                json!({"agentId": agent, "name": MEMORY_FILE}),
                TIMEOUT,
            )
            .await?;
        let current = v["file"]["content"].as_str().unwrap_or_default();
        let next = splice(current, section);
        if next == current {
            return Ok(false);
        }
        let mut params = json!({"agentId": agent, "name": MEMORY_FILE, "content": next});
        if let Some(h) = v["file"]["hash"].as_str() {
            params["expectedHash"] = json!(h);
        }
        match client.request("agents.files.set", params, TIMEOUT).await {
            Ok(_) => return Ok(true),
            Err(BotError::Remote { message, .. }) if message.contains("changed since") => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(EditError::Conflict)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_replaces_only_itself() {
        let docs = vec![("prices.md".to_string(), "Tea costs 7 reais.".to_string())];
        let s = section(&docs);
        assert!(
            s.contains("## prices.md") && s.contains("Tea costs 7 reais."),
            "{s}"
        );
        let mine = "# My notes\nThe owner likes blue.\n";
        let with = splice(mine, &s);
        assert!(
            with.starts_with("# My notes\nThe owner likes blue.\n\n<!-- baas"),
            "{with}"
        );
        // Replacing keeps what is outside, before and after.
        let later = format!("{with}\nAdded by the agent later.\n");
        let replaced = splice(&later, &section(&[("a.txt".into(), "New fact.".into())]));
        assert!(
            replaced.contains("New fact.") && !replaced.contains("Tea costs"),
            "{replaced}"
        );
        assert!(
            replaced.contains("The owner likes blue.")
                && replaced.contains("Added by the agent later.")
        );
        // No documents: the section goes, the rest stays.
        let none = splice(&replaced, "");
        assert!(
            !none.contains("baas:knowledge") && none.contains("Added by the agent later."),
            "{none}"
        );
        assert_eq!(splice("", ""), "");
        // Idempotent.
        assert_eq!(splice(&with, &s), with);
    }

    #[test]
    fn uploads_are_named_and_typed_by_file() {
        assert_eq!(Kind::of("a.MD", b"x"), Ok(Kind::Markdown));
        assert_eq!(Kind::of("a.txt", b"x"), Ok(Kind::Text));
        assert_eq!(Kind::of("a.pdf", b"%PDF-1.4"), Ok(Kind::Pdf));
        assert!(Kind::of("a.pdf", b"MZ").is_err());
        assert!(Kind::of("a.exe", b"MZ").is_err());
        assert_eq!(
            document_name("C:\\docs\\price list.md").as_deref(),
            Ok("price list.md")
        );
        assert!(document_name("  ").is_err());
        assert!(limits("starter").documents < limits("business").documents);
        assert!(limits("enterprise").chars <= 1_500_000);
        assert_eq!(limits("made-up"), limits("starter"));
    }
}
