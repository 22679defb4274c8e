//! Workspaces, agents, keys, plans, usage and demo data, from the command line.

use super::common::{as_operator, count_or_unlimited, print_json, usd_or_none};
use baas::access::Access;
use baas::crypto::SecretBox;
use baas::db::Db;
use baas::gateway::{store, usage};
use baas::ids::TenantId;

pub(super) async fn tenant_create(
    db: &Db,
    name: &str,
    owner: &str,
    plan: &str,
    json: bool,
) -> Result<(), String> {
    let t = baas::tenants::operator_create_tenant(db, name, owner, plan)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        return print_json(&t);
    }
    println!("created tenant {} ({})", t.id, t.name);
    Ok(())
}

pub(super) async fn tenant_list(db: &Db, json: bool) -> Result<(), String> {
    let list = baas::tenants::operator_list_tenants(db)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        return print_json(&list);
    }
    println!("{:<36}  {:>7}  NAME", "ID", "MEMBERS");
    for t in list {
        println!("{:<36}  {:>7}  {}", t.id, t.members, t.name);
    }
    Ok(())
}

pub(super) async fn key_revoke(db: &Db, key_id: &str) -> baas::error::Result<()> {
    let tenant = store::tenant_of_key(db, key_id).await?;
    let at = Access::operator(db, &tenant).await?;
    store::revoke_key(db, &at, key_id).await
}

pub(super) async fn agent_create(
    db: &Db,
    tenant: &str,
    name: &str,
    clawdbot_id: &str,
    json: bool,
) -> Result<(), String> {
    let at = as_operator(db, tenant).await?;
    let agent = store::create_agent(db, &at, name, clawdbot_id)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        return print_json(&agent);
    }
    println!("created agent {} ({})", agent.id, agent.name);
    Ok(())
}

pub(super) async fn agent_list(db: &Db, tenant: &str, json: bool) -> Result<(), String> {
    let at = as_operator(db, tenant).await?;
    let list = store::list_agents(db, &at)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        return print_json(&list);
    }
    println!("{:<36}  {:<20}  NAME", "ID", "CLAWDBOT AGENT");
    for ag in list {
        println!("{:<36}  {:<20}  {}", ag.id, ag.clawdbot_agent_id, ag.name);
    }
    Ok(())
}

pub(super) async fn key_create(db: &Db, agent: &str, name: &str, json: bool) -> Result<(), String> {
    let tenant = store::tenant_of_agent(db, agent)
        .await
        .map_err(|e| e.public_message())?;
    let at = as_operator(db, &tenant).await?;
    let created = store::create_key(db, &at, agent, name)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        return print_json(&serde_json::json!({
            "id": created.view.id,
            "agent_id": created.view.agent_id,
            "name": created.view.name,
            "key": created.key,
        }));
    }
    println!("{}", created.key);
    eprintln!(
        "key {} created; it is shown only this once, store it now",
        created.view.id
    );
    Ok(())
}

pub(super) async fn key_list(db: &Db, tenant: &str, json: bool) -> Result<(), String> {
    let at = as_operator(db, tenant).await?;
    let list = store::list_keys(db, &at)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        return print_json(&list);
    }
    println!(
        "{:<36}  {:<36}  {:<16}  {:<8}  NAME",
        "ID", "AGENT", "PREFIX", "STATE"
    );
    for k in list {
        let state = if k.revoked_at.is_some() {
            "revoked"
        } else {
            "live"
        };
        println!(
            "{:<36}  {:<36}  {:<16}  {:<8}  {}",
            k.id, k.agent_id, k.display_prefix, state, k.name
        );
    }
    Ok(())
}

pub(super) async fn usage_list(
    db: &Db,
    tenant: Option<&str>,
    limit: i64,
    json: bool,
) -> Result<(), String> {
    let tenant = tenant.map(TenantId::new);
    let rows = usage::list_recent(db, tenant.as_ref(), limit)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    println!(
        "{:<20}  {:<24}  {:>8}  {:>8}  {:>12}  {:>7}  STATUS",
        "WHEN (UTC)", "MODEL", "INPUT", "OUTPUT", "COST", "MS"
    );
    for r in rows {
        println!(
            "{:<20}  {:<24}  {:>8}  {:>8}  {:>12}  {:>7}  {}",
            baas::time::format_utc(r.created_at).trim_end_matches(" UTC"),
            r.model_served.as_deref().unwrap_or(&r.model_requested),
            r.input_tokens,
            r.output_tokens,
            baas::pricing::format_usd(r.cost_micro_usd),
            r.latency_ms,
            r.status
        );
    }
    Ok(())
}

pub(super) async fn tenant_budget(
    db: &Db,
    tenant: &str,
    monthly: &str,
    timezone: Option<&str>,
) -> Result<(), String> {
    let monthly = usd_or_none(monthly, "monthly")?;
    baas::costs::settings::operator_set_budget(db, &TenantId::new(tenant), monthly, timezone)
        .await
        .map_err(|e| e.public_message())?;
    println!(
        "tenant {tenant}: monthly budget {}",
        monthly.map_or("none".into(), baas::pricing::format_usd)
    );
    Ok(())
}

pub(super) async fn tenant_cap(db: &Db, tenant: &str, monthly: &str) -> Result<(), String> {
    let cap = usd_or_none(monthly, "monthly")?;
    baas::costs::settings::set_operator_cap(
        db,
        &baas::audit::Actor::operator(),
        &TenantId::new(tenant),
        cap,
    )
    .await
    .map_err(|e| e.public_message())?;
    println!(
        "tenant {tenant}: operator spending cap {}; running servers apply it within 5 seconds",
        cap.map_or("none".into(), |c| format!(
            "{} a month",
            baas::pricing::format_usd(c)
        ))
    );
    Ok(())
}

pub(super) async fn tenant_credits(db: &Db, tenant: &str, add: &str) -> Result<(), String> {
    let amount = usd_or_none(add, "add")?.ok_or("--add needs an amount in USD")?;
    let tenant = TenantId::new(tenant);
    baas::billing::credits::grant(
        db,
        &Default::default(),
        &baas::audit::Actor::operator(),
        &tenant,
        amount,
    )
    .await
    .map_err(|e| e.public_message())?;
    let balance = baas::billing::credits::balance(db, &tenant)
        .await
        .map_err(|e| e.public_message())?;
    println!(
        "tenant {tenant}: {} of Opus credits granted, {} left; running servers apply it within 5 seconds",
        baas::pricing::format_usd(amount),
        baas::pricing::format_usd(balance)
    );
    Ok(())
}

pub(super) async fn agent_limits(
    db: &Db,
    agent: &str,
    monthly: Option<&str>,
    daily: Option<&str>,
) -> Result<(), String> {
    let monthly = monthly
        .map(|v| usd_or_none(v, "monthly"))
        .transpose()?
        .flatten();
    let daily = daily
        .map(|v| usd_or_none(v, "daily"))
        .transpose()?
        .flatten();
    let change = baas::costs::settings::AgentLimitsChange {
        agent_id: agent,
        monthly_budget: monthly,
        daily_limit: daily,
    };
    let tenant = store::tenant_of_agent(db, agent)
        .await
        .map_err(|e| e.public_message())?;
    let at = as_operator(db, &tenant).await?;
    baas::costs::settings::save_agent_limits(db, &at, &change)
        .await
        .map_err(|e| e.public_message())?;
    println!(
        "agent {agent}: monthly budget {}, daily limit {}",
        monthly.map_or("none".into(), baas::pricing::format_usd),
        daily.map_or("none".into(), baas::pricing::format_usd)
    );
    Ok(())
}

pub(super) async fn plan_list(db: &Db, json: bool) -> Result<(), String> {
    let plans = baas::costs::plans::plans(db)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        return print_json(&plans);
    }
    let n = |v: Option<i64>| v.map_or("unlimited".to_string(), |n| n.to_string());
    println!(
        "{:<11} {:<11} {:<18} {:<18} {:>9} {:>9} {:>9}",
        "ID", "NAME", "MODELS", "DEFAULT", "MESSAGES", "GROUPS", "BOTS"
    );
    for p in plans {
        println!(
            "{:<11} {:<11} {:<18} {:<18} {:>9} {:>9} {:>9}",
            p.id,
            p.name,
            p.models,
            p.default_model,
            n(p.monthly_messages),
            n(p.max_groups),
            n(p.max_bots)
        );
    }
    Ok(())
}

/// What `plan set` changes; what is not given stays.
pub(super) struct PlanChange {
    pub(super) name: Option<String>,
    pub(super) models: Option<String>,
    pub(super) default_model: Option<String>,
    pub(super) messages: Option<String>,
    pub(super) groups: Option<String>,
    pub(super) bots: Option<String>,
}

pub(super) async fn plan_set(db: &Db, id: &str, change: PlanChange) -> Result<(), String> {
    let plans = baas::costs::plans::plans(db)
        .await
        .map_err(|e| e.public_message())?;
    let mut plan = plans
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| format!("there is no plan {id}"))?;
    if let Some(v) = change.name {
        plan.name = v;
    }
    if let Some(v) = change.models {
        plan.models = v;
    }
    if let Some(v) = change.default_model {
        plan.default_model = v;
    }
    if let Some(v) = change.messages {
        plan.monthly_messages = count_or_unlimited(&v, "messages")?;
    }
    if let Some(v) = change.groups {
        plan.max_groups = count_or_unlimited(&v, "groups")?;
    }
    if let Some(v) = change.bots {
        plan.max_bots = count_or_unlimited(&v, "bots")?;
    }
    baas::costs::plans::save_plan(db, &baas::audit::Actor::operator(), &plan)
        .await
        .map_err(|e| e.public_message())?;
    println!("saved plan {id}");
    Ok(())
}

pub(super) async fn demo_seed(
    db: &Db,
    secrets: &SecretBox,
    owner: &str,
    json: bool,
) -> Result<(), String> {
    let s = baas::costs::seed::seed_demo(db, secrets, owner)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        println!(
            "{}",
            serde_json::json!({"tenant_id": s.tenant_id, "first_day": s.first_day, "last_day": s.last_day,
                "records": s.records, "cost_micro_usd": s.cost_micro_usd})
        );
    } else {
        println!(
            "seeded tenant {} ({}): {} usage records from {} to {}, {}; sign in as {owner} and open /t/{}/usage",
            baas::costs::seed::DEMO_TENANT,
            s.tenant_id,
            s.records,
            s.first_day,
            s.last_day,
            baas::pricing::format_usd(s.cost_micro_usd),
            s.tenant_id
        );
    }
    Ok(())
}

pub(super) async fn demo_generate(
    db: &Db,
    tenant: &str,
    records: &str,
    days: u32,
) -> Result<(), String> {
    let records: u64 = records
        .replace(['_', ','], "")
        .parse()
        .map_err(|_| "--records must be a whole number")?;
    let started = std::time::Instant::now();
    let written = baas::costs::seed::generate(db, &TenantId::new(tenant), records, days, &|n| {
        eprintln!(
            "{n} records written ({:.0} s)",
            started.elapsed().as_secs_f64()
        );
    })
    .await
    .map_err(|e| e.public_message())?;
    println!(
        "wrote {written} usage records over {days} days in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
