//! Demo data: a tenant shaped like the first real one (10 agents, 33 WhatsApp groups, five days
//! of traffic), and bulk usage for benchmarks. Written through the usage writer's own batch
//! path, so records and rollups agree exactly.

use crate::access::Access;
use crate::clock::now;
use crate::costs::demo::{self, DemoEvent, Place};
use crate::crypto::SecretBox;
use crate::db::{new_id, Db};
use crate::error::{Error, Result};
use crate::gateway::store;
use crate::gateway::usage::{write_batch, UsageRecord};
use crate::ids::TenantId;
use crate::pricing::TokenUsage;
use crate::tz::Zone;
use std::collections::HashMap;

/// Name of the demo tenant.
pub const DEMO_TENANT: &str = "VM Deco (demo)";
/// Its time zone.
pub const DEMO_ZONE: &str = "America/Sao_Paulo";
/// Its monthly budget: $1,000.
pub const DEMO_BUDGET: i64 = 1_000_000_000;

/// What a seeding wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seeded {
    pub tenant_id: TenantId,
    pub first_day: String,
    pub last_day: String,
    pub records: usize,
    pub cost_micro_usd: i64,
}

/// Records written per batch.
const BATCH: usize = 2_000;

fn record(
    tenant_id: &TenantId,
    agent_ids: &[String],
    key_id: &str,
    at: i64,
    e: &DemoEvent,
) -> UsageRecord {
    UsageRecord {
        id: new_id(),
        request_id: new_id(),
        tenant_id: tenant_id.to_string(),
        agent_id: agent_ids[e.agent].clone(),
        key_id: key_id.to_string(),
        credential_id: None,
        model_requested: e.model.to_string(),
        model_served: Some(e.model.to_string()),
        usage: TokenUsage {
            input: e.input_tokens,
            output: e.output_tokens,
            cache_read: e.cache_read_tokens,
            cache_write: e.cache_write_tokens,
        },
        cost_micro_usd: e.cost_micro_usd,
        credit_micro_usd: 0,
        latency_ms: 1_800,
        ttft_ms: Some(600),
        status: "ok".into(),
        http_status: 200,
        failovers: 0,
        streamed: true,
        created_at: at,
    }
}

/// Creates the demo tenant owned by `owner_email`: Enterprise plan, São Paulo time, a $1,000
/// budget, the ten agents, a demo bot (not connected) with the 33 groups' conversations, and
/// the reference five days of usage ending yesterday. Refuses if the owner already has one.
pub async fn seed_demo(db: &Db, secrets: &SecretBox, owner_email: &str) -> Result<Seeded> {
    let existing: Option<(String,)> = sqlx::query_as(
        "SELECT t.id FROM tenants t JOIN memberships m ON m.tenant_id = t.id
         JOIN users u ON u.id = m.user_id WHERE t.name = $1 AND u.email = $2",
    )
    .bind(DEMO_TENANT)
    .bind(owner_email.trim().to_lowercase())
    .fetch_optional(&db.pool)
    .await?;
    if let Some((id,)) = existing {
        return Err(Error::Conflict(format!(
            "{} already has the demo workspace ({id}); sign in with that address to see it",
            owner_email.trim()
        )));
    }
    let zone = Zone::parse(DEMO_ZONE).map_err(Error::Internal)?;
    let tenant =
        crate::tenants::operator_create_tenant(db, DEMO_TENANT, owner_email, "enterprise").await?;
    sqlx::query("UPDATE tenants SET timezone = $1, monthly_budget = $2 WHERE id = $3")
        .bind(DEMO_ZONE)
        .bind(DEMO_BUDGET)
        .bind(&tenant.id)
        .execute(&db.pool)
        .await?;
    let tenant_id = tenant.id;
    let at = Access::operator(db, &tenant_id).await?;
    let mut agent_ids = Vec::new();
    for a in demo::AGENTS {
        agent_ids.push(store::create_agent(db, &at, a.name, a.id).await?.id);
    }
    let key = store::create_key(db, &at, &agent_ids[0], "demo").await?;

    let t = now();
    let (today, _) = zone.day_bounds(t);
    let first = zone
        .day_bounds(today - i64::from(demo::REFERENCE_DAYS) * 86_400 + 7_200)
        .0;
    let events = demo::reference_days();
    // Offsets count local time from the first midnight; days are walked so DST days stay whole.
    let mut day_starts = vec![first];
    for _ in 1..demo::REFERENCE_DAYS {
        let last = day_starts.last().copied().unwrap_or(first);
        day_starts.push(zone.day_bounds(last).1);
    }
    let at = |e: &DemoEvent| {
        let day = usize::try_from(e.offset_secs / 86_400).unwrap_or(0);
        day_starts.get(day).copied().unwrap_or(first) + e.offset_secs % 86_400
    };
    let mut cost = 0i64;
    for chunk in events.chunks(BATCH) {
        let records: Vec<UsageRecord> = chunk
            .iter()
            .map(|e| record(&tenant_id, &agent_ids, &key.view.id, at(e), e))
            .collect();
        cost += records.iter().map(|r| r.cost_micro_usd).sum::<i64>();
        write_batch(db, &records).await?;
    }
    seed_conversations(db, secrets, &tenant_id, &events, &at).await?;
    Ok(Seeded {
        tenant_id,
        first_day: zone.day_key(first),
        last_day: zone.day_key(today - 1),
        records: events.len(),
        cost_micro_usd: cost,
    })
}

/// Input and output tokens, cost and last time of one conversation.
type Totals = (i64, i64, i64, i64);

/// One conversation per group and one for the direct chats, with their token and cost totals.
async fn seed_conversations(
    db: &Db,
    secrets: &SecretBox,
    tenant_id: &TenantId,
    events: &[DemoEvent],
    at: &dyn Fn(&DemoEvent) -> i64,
) -> Result<()> {
    let bot_id = new_id();
    sqlx::query(
        "INSERT INTO bots (id, tenant_id, name, gateway_url, token_sealed, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&bot_id)
    .bind(tenant_id)
    .bind("Demo bot (not connected)")
    .bind("ws://127.0.0.1:9")
    .bind(secrets.seal("demo"))
    .bind(now())
    .execute(&db.pool)
    .await?;
    let groups = demo::groups();
    let mut totals: HashMap<(Option<usize>, usize), Totals> = HashMap::new();
    for e in events {
        let place = match e.place {
            Place::Dm => None,
            Place::Group(g) => Some(g),
        };
        let t = totals.entry((place, e.agent)).or_default();
        t.0 += e.input_tokens;
        t.1 += e.output_tokens;
        t.2 += e.cost_micro_usd;
        t.3 = t.3.max(at(e));
    }
    for ((place, agent), (input, output, cost, last)) in totals {
        let agent_id = demo::AGENTS[agent].id;
        let (key, jid, name) = match place {
            None => (
                format!("agent:{agent_id}:whatsapp:dm:{}", demo::DM_PEER),
                None,
                None,
            ),
            Some(g) => {
                let jid = groups[g].jid.clone();
                (
                    format!("agent:{agent_id}:whatsapp:group:{jid}"),
                    Some(jid),
                    Some(groups[g].name.clone()),
                )
            }
        };
        let last_message = place.map_or("Direct chat".to_string(), |g| groups[g].name.clone());
        sqlx::query(
            "INSERT INTO conversations (id, tenant_id, bot_id, session_key, agent, channel, group_jid,
                 group_name, model, input_tokens, output_tokens, cost_micro_usd, last_message,
                 updated_at, synced_at)
             VALUES ($1, $2, $3, $4, $5, 'whatsapp', $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(new_id())
        .bind(tenant_id)
        .bind(&bot_id)
        .bind(&key)
        .bind(agent_id)
        .bind(jid)
        .bind(name)
        .bind(demo::REFERENCE_MODEL)
        .bind(input)
        .bind(output)
        .bind(cost)
        .bind(last_message)
        .bind(last)
        .bind(now())
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

/// Writes `count` usage records for the tenant's agents spread over the `days` local days
/// ending yesterday (models cycling Opus, Sonnet, Haiku), reporting progress every million.
pub async fn generate(
    db: &Db,
    tenant_id: &TenantId,
    count: u64,
    days: u32,
    progress: &dyn Fn(u64),
) -> Result<u64> {
    let agents: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM agents WHERE tenant_id = $1 ORDER BY created_at, id")
            .bind(tenant_id)
            .fetch_all(&db.pool)
            .await?;
    if agents.is_empty() {
        return Err(Error::Invalid(
            "the tenant has no agents; seed the demo tenant first".into(),
        ));
    }
    let agent_ids: Vec<String> = (0..demo::AGENTS.len())
        .map(|i| agents[i % agents.len()].0.clone())
        .collect();
    let zone = super::settings::tenant_zone(db, tenant_id).await?;
    let days = days.max(1);
    let (today, _) = zone.day_bounds(now());
    let first = zone.day_bounds(today - i64::from(days) * 86_400 + 7_200).0;
    let mut written = 0u64;
    let mut batch = Vec::with_capacity(BATCH);
    for e in demo::bulk(count, days, 7) {
        batch.push(record(
            tenant_id,
            &agent_ids,
            "bulk",
            first + e.offset_secs,
            &e,
        ));
        if batch.len() == BATCH {
            write_batch(db, &batch).await?;
            written += batch.len() as u64;
            batch.clear();
            if written.is_multiple_of(1_000_000) {
                progress(written);
            }
        }
    }
    write_batch(db, &batch).await?;
    written += batch.len() as u64;
    progress(written);
    Ok(written)
}
