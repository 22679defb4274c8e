//! Operator commands of the `baas` binary: manage the provider pool and inspect usage without
//! a browser. Every listing prints a table, or JSON with `--json`.

use baas::access::Access;
use baas::config::Settings;
use baas::crypto::SecretBox;
use baas::db::Db;
use baas::gateway::{store, usage};
use std::collections::HashMap;
use std::io::Read;
use std::process::ExitCode;

/// Help text for the operator commands.
pub const USAGE: &str = "\
usage:
  baas                                   serve (see the README for configuration)
  baas credential add --name NAME --base-url URL [--kind anthropic_api_key|claude_subscription]
                      [--priority N]     add a provider credential; the secret is read from stdin
  baas credential list [--json]          list the pool (secrets are never shown)
  baas credential disable ID | enable ID
  baas credential limits ID [--rpm N] [--tpm N]
                                         the credential's own limits per minute (omit to clear)
  baas operator grant EMAIL | revoke EMAIL | list [--json]
                                         who may manage the pool and prices at /operator
  baas tenant create --name NAME --owner EMAIL [--plan PLAN] [--json]
  baas tenant list [--json]
  baas agent create --tenant ID --name NAME [--clawdbot-id ID] [--json]
  baas agent list --tenant ID [--json]
  baas key create --agent ID [--name NAME] [--json]
                                         prints the new key once; only its hash is stored
  baas key list --tenant ID [--json]
  baas key revoke ID
  baas usage list [--tenant ID] [--limit N] [--json]
  baas price list [--json]                the price table (USD per million tokens)
  baas price set MODEL --input USD --output USD [--cache-read USD] [--cache-write USD]
  baas tenant plan TENANT PLAN           move a tenant to a plan (starter, pro, business, enterprise)
  baas tenant budget TENANT --monthly USD|none [--timezone ZONE]
  baas tenant cap TENANT --monthly USD|none   the operator's spending cap, which the workspace cannot lift
                                         monthly budget and the zone its months and days follow
  baas agent limits AGENT [--monthly USD|none] [--daily USD|none]
                                         an agent's monthly budget and daily limit (pauses it)
  baas plan list [--json]
  baas plan set ID [--name NAME] [--models haiku,sonnet,opus] [--default-model MODEL]
                   [--messages N|unlimited] [--groups N|unlimited] [--bots N|unlimited]
  baas demo seed --owner EMAIL           the demo tenant: 10 agents, 33 groups, five days of usage
  baas demo generate --tenant ID --records N [--days D]
                                         bulk usage records for benchmarks";

/// Whether `args` name an operator command.
pub fn is_command(args: &[String]) -> bool {
    matches!(
        args.first().map(String::as_str),
        Some(
            "credential"
                | "operator"
                | "tenant"
                | "agent"
                | "key"
                | "usage"
                | "price"
                | "plan"
                | "demo"
                | "help"
                | "--help"
        )
    )
}

struct Args {
    positional: Vec<String>,
    flags: HashMap<String, String>,
    json: bool,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut out = Args {
        positional: Vec::new(),
        flags: HashMap::new(),
        json: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--json" {
            out.json = true;
        } else if let Some(name) = a.strip_prefix("--") {
            let v = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
            out.flags.insert(name.to_string(), v.clone());
        } else {
            out.positional.push(a.clone());
        }
    }
    Ok(out)
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

/// Runs an operator command and returns the process exit code.
pub async fn run(args: &[String]) -> ExitCode {
    if matches!(args.first().map(String::as_str), Some("help" | "--help")) {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let parsed = match parse(args) {
        Ok(p) => p,
        Err(e) => return fail(format!("{e}\n{USAGE}")),
    };
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let key = match settings.load_master_key() {
        Ok(k) => k,
        Err(e) => return fail(e),
    };
    let db = match Db::connect(&settings.database_url).await {
        Ok(db) => db,
        Err(e) => return fail(format!("database: {e}")),
    };
    let secrets = SecretBox::new(&key);
    let words: Vec<&str> = parsed.positional.iter().map(String::as_str).collect();
    let result = match words.as_slice() {
        ["credential", "add"] => credential_add(&db, &secrets, &parsed).await,
        ["credential", "list"] => credential_list(&db, parsed.json).await,
        ["credential", "disable", id] => store::set_credential_enabled(&db, id, false)
            .await
            .map(|()| println!("disabled {id}"))
            .map_err(|e| e.public_message()),
        ["credential", "enable", id] => store::set_credential_enabled(&db, id, true)
            .await
            .map(|()| println!("enabled {id}"))
            .map_err(|e| e.public_message()),
        ["credential", "limits", id] => credential_limits(&db, id, &parsed).await,
        ["operator", "grant", email] => baas::operators::grant(&db, email)
            .await
            .map(|()| println!("{email} is an operator; the page is at /operator"))
            .map_err(|e| e.public_message()),
        ["operator", "revoke", email] => baas::operators::revoke(&db, email)
            .await
            .map(|()| println!("{email} is no longer an operator"))
            .map_err(|e| e.public_message()),
        ["operator", "list"] => match baas::operators::list(&db).await {
            Ok(list) if parsed.json => print_json(&list),
            Ok(list) => {
                list.iter().for_each(|e| println!("{e}"));
                Ok(())
            }
            Err(e) => Err(e.public_message()),
        },
        ["tenant", "create"] => tenant_create(&db, &parsed, &settings.signup.default_plan).await,
        ["tenant", "list"] => tenant_list(&db, parsed.json).await,
        ["agent", "create"] => agent_create(&db, &parsed).await,
        ["agent", "list"] => agent_list(&db, &parsed).await,
        ["key", "create"] => key_create(&db, &parsed).await,
        ["key", "list"] => key_list(&db, &parsed).await,
        ["key", "revoke", id] => key_revoke(&db, id)
            .await
            .map(|()| println!("revoked {id}; running servers refuse it within 5 seconds"))
            .map_err(|e| e.public_message()),
        ["usage", "list"] => usage_list(&db, &parsed).await,
        ["price", "list"] => price_list(&db, parsed.json).await,
        ["price", "set", model] => price_set(&db, model, &parsed).await,
        ["tenant", "plan", tenant, plan] => baas::costs::settings::set_tenant_plan(
            &db,
            &baas::audit::Actor::operator(),
            tenant,
            plan,
        )
        .await
        .map(|()| println!("tenant {tenant} is on the {plan} plan"))
        .map_err(|e| e.public_message()),
        ["tenant", "budget", tenant] => tenant_budget(&db, tenant, &parsed).await,
        ["tenant", "cap", tenant] => tenant_cap(&db, tenant, &parsed).await,
        ["agent", "limits", agent] => agent_limits(&db, agent, &parsed).await,
        ["plan", "list"] => plan_list(&db, parsed.json).await,
        ["plan", "set", id] => plan_set(&db, id, &parsed).await,
        ["demo", "seed"] => demo_seed(&db, &secrets, &parsed).await,
        ["demo", "generate"] => demo_generate(&db, &parsed).await,
        _ => Err(format!("unknown command\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

async fn credential_add(db: &Db, secrets: &SecretBox, a: &Args) -> Result<(), String> {
    let name = a.flags.get("name").ok_or("--name is required")?;
    let base_url = a
        .flags
        .get("base-url")
        .map(String::as_str)
        .unwrap_or("https://api.anthropic.com");
    let kind = store::parse_kind(
        a.flags
            .get("kind")
            .map(String::as_str)
            .unwrap_or("anthropic_api_key"),
    )
    .map_err(|e| e.public_message())?;
    let priority: i64 = a
        .flags
        .get("priority")
        .map(|p| p.parse().map_err(|_| "--priority must be a whole number"))
        .transpose()?
        .unwrap_or(100);
    let mut secret = String::new();
    std::io::stdin()
        .read_to_string(&mut secret)
        .map_err(|e| format!("reading the secret from stdin: {e}"))?;
    let id = store::add_credential(db, secrets, name, kind, base_url, secret.trim(), priority)
        .await
        .map_err(|e| e.public_message())?;
    let enabled = kind != store::CredentialKind::ClaudeSubscription;
    if !enabled {
        eprintln!("warning: {}", store::SUBSCRIPTION_RISK);
    }
    if a.json {
        println!("{}", serde_json::json!({ "id": id, "enabled": enabled }));
    } else if enabled {
        println!("added credential {id}");
    } else {
        println!("added credential {id} (disabled; `baas credential enable {id}` to use it)");
    }
    Ok(())
}

async fn credential_list(db: &Db, json: bool) -> Result<(), String> {
    let list = store::list_credentials(db)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    println!(
        "{:<36}  {:<20}  {:<19}  {:>8}  {:<7}  BASE URL",
        "ID", "NAME", "KIND", "PRIORITY", "ENABLED"
    );
    for c in list {
        println!(
            "{:<36}  {:<20}  {:<19}  {:>8}  {:<7}  {}",
            c.id, c.name, c.kind, c.priority, c.enabled, c.base_url
        );
    }
    Ok(())
}

fn flag<'a>(a: &'a Args, name: &str) -> Result<&'a str, String> {
    a.flags
        .get(name)
        .map(String::as_str)
        .ok_or_else(|| format!("--{name} is required"))
}

fn whole(a: &Args, name: &str) -> Result<Option<i64>, String> {
    a.flags
        .get(name)
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| format!("--{name} must be a whole number"))
        })
        .transpose()
}

fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
    println!(
        "{}",
        serde_json::to_string_pretty(value).map_err(|e| e.to_string())?
    );
    Ok(())
}

async fn credential_limits(db: &Db, id: &str, a: &Args) -> Result<(), String> {
    let (rpm, tpm) = (whole(a, "rpm")?, whole(a, "tpm")?);
    store::set_credential_limits(db, id, rpm, tpm)
        .await
        .map_err(|e| e.public_message())?;
    let show = |v: Option<i64>| v.map_or("none".to_string(), |n| n.to_string());
    println!(
        "limits of {id}: {} requests/min, {} tokens/min; running servers use them within 10 seconds",
        show(rpm),
        show(tpm)
    );
    Ok(())
}

async fn tenant_create(db: &Db, a: &Args, default_plan: &str) -> Result<(), String> {
    let plan = a.flags.get("plan").map_or(default_plan, String::as_str);
    let t = baas::tenants::operator_create_tenant(db, flag(a, "name")?, flag(a, "owner")?, plan)
        .await
        .map_err(|e| e.public_message())?;
    if a.json {
        return print_json(&t);
    }
    println!("created tenant {} ({})", t.id, t.name);
    Ok(())
}

async fn tenant_list(db: &Db, json: bool) -> Result<(), String> {
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

/// The operator's access to a workspace, for commands that act in one.
async fn as_operator(db: &Db, tenant_id: &str) -> Result<Access, String> {
    Access::operator(db, tenant_id)
        .await
        .map_err(|e| e.public_message())
}

async fn key_revoke(db: &Db, key_id: &str) -> baas::error::Result<()> {
    let tenant = store::tenant_of_key(db, key_id).await?;
    let at = Access::operator(db, &tenant).await?;
    store::revoke_key(db, &at, key_id).await
}

async fn agent_create(db: &Db, a: &Args) -> Result<(), String> {
    let clawdbot_id = a
        .flags
        .get("clawdbot-id")
        .map(String::as_str)
        .unwrap_or("main");
    let at = as_operator(db, flag(a, "tenant")?).await?;
    let agent = store::create_agent(db, &at, flag(a, "name")?, clawdbot_id)
        .await
        .map_err(|e| e.public_message())?;
    if a.json {
        return print_json(&agent);
    }
    println!("created agent {} ({})", agent.id, agent.name);
    Ok(())
}

async fn agent_list(db: &Db, a: &Args) -> Result<(), String> {
    let at = as_operator(db, flag(a, "tenant")?).await?;
    let list = store::list_agents(db, &at)
        .await
        .map_err(|e| e.public_message())?;
    if a.json {
        return print_json(&list);
    }
    println!("{:<36}  {:<20}  NAME", "ID", "CLAWDBOT AGENT");
    for ag in list {
        println!("{:<36}  {:<20}  {}", ag.id, ag.clawdbot_agent_id, ag.name);
    }
    Ok(())
}

async fn key_create(db: &Db, a: &Args) -> Result<(), String> {
    let name = a.flags.get("name").map(String::as_str).unwrap_or("default");
    let agent = flag(a, "agent")?;
    let tenant = store::tenant_of_agent(db, agent)
        .await
        .map_err(|e| e.public_message())?;
    let at = as_operator(db, &tenant).await?;
    let created = store::create_key(db, &at, agent, name)
        .await
        .map_err(|e| e.public_message())?;
    if a.json {
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

async fn key_list(db: &Db, a: &Args) -> Result<(), String> {
    let at = as_operator(db, flag(a, "tenant")?).await?;
    let list = store::list_keys(db, &at)
        .await
        .map_err(|e| e.public_message())?;
    if a.json {
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

async fn usage_list(db: &Db, a: &Args) -> Result<(), String> {
    let limit: i64 = a
        .flags
        .get("limit")
        .map(|p| p.parse().map_err(|_| "--limit must be a whole number"))
        .transpose()?
        .unwrap_or(50);
    let rows = usage::list_recent(db, a.flags.get("tenant").map(String::as_str), limit)
        .await
        .map_err(|e| e.public_message())?;
    if a.json {
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

/// Parses dollars per million tokens into micro-USD per million tokens.
fn usd_per_mtok(a: &Args, flag: &str) -> Result<Option<i64>, String> {
    a.flags
        .get(flag)
        .map(|v| {
            v.parse::<f64>()
                .ok()
                .filter(|d| d.is_finite() && *d >= 0.0)
                .map(|d| (d * 1_000_000.0).round() as i64)
                .ok_or_else(|| {
                    format!("--{flag} must be a price in USD per million tokens, like 3 or 0.30")
                })
        })
        .transpose()
}

async fn price_set(db: &Db, model: &str, a: &Args) -> Result<(), String> {
    let input = usd_per_mtok(a, "input")?.ok_or("--input is required")?;
    let output = usd_per_mtok(a, "output")?.ok_or("--output is required")?;
    let price = baas::pricing::ModelPrice {
        model: model.to_string(),
        input,
        output,
        // Anthropic's list ratios when not given: reads at 0.1x, writes at 1.25x the input price.
        cache_read: usd_per_mtok(a, "cache-read")?.unwrap_or(input / 10),
        cache_write: usd_per_mtok(a, "cache-write")?.unwrap_or(input * 5 / 4),
    };
    store::set_price(db, &price)
        .await
        .map_err(|e| e.public_message())?;
    println!("price set for {model}; running servers use it within 10 seconds");
    Ok(())
}

async fn price_list(db: &Db, json: bool) -> Result<(), String> {
    let table = store::load_prices(db)
        .await
        .map_err(|e| e.public_message())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&table).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    let usd = |m: i64| format!("{:.2}", m as f64 / 1_000_000.0);
    println!(
        "{:<28}  {:>8}  {:>8}  {:>10}  {:>11}",
        "MODEL", "INPUT", "OUTPUT", "CACHE READ", "CACHE WRITE"
    );
    for p in table {
        println!(
            "{:<28}  {:>8}  {:>8}  {:>10}  {:>11}",
            p.model,
            usd(p.input),
            usd(p.output),
            usd(p.cache_read),
            usd(p.cache_write)
        );
    }
    Ok(())
}

/// `USD` or `none` into an optional amount.
fn usd_or_none(raw: &str, what: &str) -> Result<Option<i64>, String> {
    if raw.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    match baas::amount::parse_usd(raw, baas::amount::NumberLocale::En) {
        Ok(Some(v)) => Ok(Some(v)),
        Ok(None) => Err(format!("--{what} needs an amount in USD, or none")),
        Err(e) => Err(format!("--{what}: {e}")),
    }
}

/// `N` or `unlimited` into an optional count.
fn count_or_unlimited(raw: &str, what: &str) -> Result<Option<i64>, String> {
    if raw.trim().eq_ignore_ascii_case("unlimited") {
        return Ok(None);
    }
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .map(Some)
        .ok_or_else(|| format!("--{what} must be a whole number or unlimited"))
}

async fn tenant_budget(db: &Db, tenant: &str, a: &Args) -> Result<(), String> {
    let monthly = usd_or_none(
        a.flags.get("monthly").ok_or("--monthly is required")?,
        "monthly",
    )?;
    baas::costs::settings::operator_set_budget(
        db,
        tenant,
        monthly,
        a.flags.get("timezone").map(String::as_str),
    )
    .await
    .map_err(|e| e.public_message())?;
    println!(
        "tenant {tenant}: monthly budget {}",
        monthly.map_or("none".into(), baas::pricing::format_usd)
    );
    Ok(())
}

async fn tenant_cap(db: &Db, tenant: &str, a: &Args) -> Result<(), String> {
    let cap = usd_or_none(
        a.flags.get("monthly").ok_or("--monthly is required")?,
        "monthly",
    )?;
    baas::costs::settings::set_operator_cap(db, &baas::audit::Actor::operator(), tenant, cap)
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

async fn agent_limits(db: &Db, agent: &str, a: &Args) -> Result<(), String> {
    let monthly = a
        .flags
        .get("monthly")
        .map(|v| usd_or_none(v, "monthly"))
        .transpose()?
        .flatten();
    let daily = a
        .flags
        .get("daily")
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

async fn plan_list(db: &Db, json: bool) -> Result<(), String> {
    let plans = baas::costs::settings::plans(db)
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

async fn plan_set(db: &Db, id: &str, a: &Args) -> Result<(), String> {
    let plans = baas::costs::settings::plans(db)
        .await
        .map_err(|e| e.public_message())?;
    let mut plan = plans
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| format!("there is no plan {id}"))?;
    if let Some(v) = a.flags.get("name") {
        plan.name = v.clone();
    }
    if let Some(v) = a.flags.get("models") {
        plan.models = v.clone();
    }
    if let Some(v) = a.flags.get("default-model") {
        plan.default_model = v.clone();
    }
    if let Some(v) = a.flags.get("messages") {
        plan.monthly_messages = count_or_unlimited(v, "messages")?;
    }
    if let Some(v) = a.flags.get("groups") {
        plan.max_groups = count_or_unlimited(v, "groups")?;
    }
    if let Some(v) = a.flags.get("bots") {
        plan.max_bots = count_or_unlimited(v, "bots")?;
    }
    baas::costs::settings::save_plan(db, &baas::audit::Actor::operator(), &plan)
        .await
        .map_err(|e| e.public_message())?;
    println!("saved plan {id}");
    Ok(())
}

async fn demo_seed(db: &Db, secrets: &SecretBox, a: &Args) -> Result<(), String> {
    let owner = a
        .flags
        .get("owner")
        .ok_or("--owner EMAIL is required (who signs in to see it)")?;
    let s = baas::costs::seed::seed_demo(db, secrets, owner)
        .await
        .map_err(|e| e.public_message())?;
    if a.json {
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

async fn demo_generate(db: &Db, a: &Args) -> Result<(), String> {
    let tenant = a.flags.get("tenant").ok_or("--tenant ID is required")?;
    let records: u64 = a
        .flags
        .get("records")
        .ok_or("--records N is required")?
        .replace(['_', ','], "")
        .parse()
        .map_err(|_| "--records must be a whole number")?;
    let days: u32 = a
        .flags
        .get("days")
        .map(|d| d.parse().map_err(|_| "--days must be a whole number"))
        .transpose()?
        .unwrap_or(30);
    let started = std::time::Instant::now();
    let written = baas::costs::seed::generate(db, tenant, records, days, &|n| {
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
