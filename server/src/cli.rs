//! Operator commands of the `baas` binary: manage the provider pool and inspect usage without
//! a browser. Every listing prints a table, or JSON with `--json`.

use baas::access::Access;
use baas::config::Settings;
use baas::crypto::SecretBox;
use baas::db::Db;
use baas::gateway::{store, usage};
use clap::{Parser, Subcommand};
use std::io::Read;
use std::process::ExitCode;

/// The operator commands; `baas` with none serves (see the README for configuration).
#[derive(Parser)]
#[command(
    name = "baas",
    about = "BaaS: serve, or manage the service from the command line"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The shared provider pool (secrets are read from stdin and never shown)
    #[command(subcommand)]
    Credential(CredentialCommand),
    /// Who may manage the pool and prices at /operator
    #[command(subcommand)]
    Operator(OperatorCommand),
    /// Workspaces: create, list, plan, budget and the operator's spending cap
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Agents of a workspace and their limits
    #[command(subcommand)]
    Agent(AgentCommand),
    /// Virtual keys (a new key is printed once; only its hash is stored)
    #[command(subcommand)]
    Key(KeyCommand),
    /// Recent usage records
    #[command(subcommand)]
    Usage(UsageCommand),
    /// The price table (USD per million tokens)
    #[command(subcommand)]
    Price(PriceCommand),
    /// Plans and their limits
    #[command(subcommand)]
    Plan(PlanCommand),
    /// The demo workspace, and bulk usage for benchmarks
    #[command(subcommand)]
    Demo(DemoCommand),
}

#[derive(Subcommand)]
enum CredentialCommand {
    /// Add a provider credential; the secret is read from stdin
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "https://api.anthropic.com")]
        base_url: String,
        /// anthropic_api_key or claude_subscription
        #[arg(long, default_value = "anthropic_api_key")]
        kind: String,
        /// Lower is tried first
        #[arg(long, default_value_t = 100)]
        priority: i64,
        #[arg(long)]
        json: bool,
    },
    /// List the pool
    List {
        #[arg(long)]
        json: bool,
    },
    Disable {
        id: String,
    },
    Enable {
        id: String,
    },
    /// The credential's own limits per minute (omit to clear)
    Limits {
        id: String,
        #[arg(long)]
        rpm: Option<i64>,
        #[arg(long)]
        tpm: Option<i64>,
    },
}

#[derive(Subcommand)]
enum OperatorCommand {
    Grant {
        email: String,
    },
    Revoke {
        email: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum TenantCommand {
    Create {
        #[arg(long)]
        name: String,
        /// The owner's address (created if new; signs in with a magic link)
        #[arg(long)]
        owner: String,
        /// Default: BAAS_DEFAULT_PLAN
        #[arg(long)]
        plan: Option<String>,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Move a workspace to a plan (starter, pro, business, enterprise)
    Plan { tenant: String, plan: String },
    /// The monthly budget (USD or none) and the zone its months and days follow
    Budget {
        tenant: String,
        #[arg(long)]
        monthly: String,
        #[arg(long)]
        timezone: Option<String>,
    },
    /// The operator's spending cap (USD a month, or none), which the workspace cannot lift
    Cap {
        tenant: String,
        #[arg(long)]
        monthly: String,
    },
}

#[derive(Subcommand)]
enum AgentCommand {
    Create {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "main")]
        clawdbot_id: String,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        json: bool,
    },
    /// An agent's monthly budget and daily limit (USD or none; reaching the limit pauses it)
    Limits {
        agent: String,
        #[arg(long)]
        monthly: Option<String>,
        #[arg(long)]
        daily: Option<String>,
    },
}

#[derive(Subcommand)]
enum KeyCommand {
    Create {
        #[arg(long)]
        agent: String,
        #[arg(long, default_value = "default")]
        name: String,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        json: bool,
    },
    Revoke {
        id: String,
    },
}

#[derive(Subcommand)]
enum UsageCommand {
    List {
        #[arg(long)]
        tenant: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum PriceCommand {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Set a model's prices in USD per million tokens (cache prices default to 0.1x and 1.25x
    /// the input price)
    Set {
        model: String,
        #[arg(long, allow_hyphen_values = true)]
        input: String,
        #[arg(long, allow_hyphen_values = true)]
        output: String,
        #[arg(long, allow_hyphen_values = true)]
        cache_read: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        cache_write: Option<String>,
    },
}

#[derive(Subcommand)]
enum PlanCommand {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change a plan's name, model families (haiku,sonnet,opus), default model, or its
    /// messages, groups and bots (a number or unlimited)
    Set {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        models: Option<String>,
        #[arg(long)]
        default_model: Option<String>,
        #[arg(long)]
        messages: Option<String>,
        #[arg(long)]
        groups: Option<String>,
        #[arg(long)]
        bots: Option<String>,
    },
}

#[derive(Subcommand)]
enum DemoCommand {
    /// The demo workspace: 10 agents, 33 groups, five days of usage
    Seed {
        /// Who signs in to see it
        #[arg(long)]
        owner: String,
        #[arg(long)]
        json: bool,
    },
    /// Bulk usage records for benchmarks
    Generate {
        #[arg(long)]
        tenant: String,
        /// How many (1_000_000 and 1,000,000 are read as a million)
        #[arg(long)]
        records: String,
        #[arg(long, default_value_t = 30)]
        days: u32,
    },
}

/// The commands' help, as `baas help` prints it.
pub fn help() -> String {
    use clap::CommandFactory;
    Cli::command().render_help().to_string()
}

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
                | "-h"
        )
    )
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

fn done(what: impl std::fmt::Display) -> Result<(), String> {
    println!("{what}");
    Ok(())
}

/// Runs an operator command and returns the process exit code.
pub async fn run(args: &[String]) -> ExitCode {
    let cli = match Cli::try_parse_from(
        std::iter::once("baas".to_string()).chain(args.iter().cloned()),
    ) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
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
    let db = &db;
    let public = |e: baas::error::Error| e.public_message();
    let result = match cli.command {
        Command::Credential(c) => match c {
            CredentialCommand::Add {
                name,
                base_url,
                kind,
                priority,
                json,
            } => credential_add(db, &secrets, &name, &base_url, &kind, priority, json).await,
            CredentialCommand::List { json } => credential_list(db, json).await,
            CredentialCommand::Disable { id } => store::set_credential_enabled(db, &id, false)
                .await
                .map_err(public)
                .and_then(|()| done(format!("disabled {id}"))),
            CredentialCommand::Enable { id } => store::set_credential_enabled(db, &id, true)
                .await
                .map_err(public)
                .and_then(|()| done(format!("enabled {id}"))),
            CredentialCommand::Limits { id, rpm, tpm } => {
                credential_limits(db, &id, rpm, tpm).await
            }
        },
        Command::Operator(c) => match c {
            OperatorCommand::Grant { email } => baas::operators::grant(db, &email)
                .await
                .map_err(public)
                .and_then(|()| done(format!("{email} is an operator; the page is at /operator"))),
            OperatorCommand::Revoke { email } => baas::operators::revoke(db, &email)
                .await
                .map_err(public)
                .and_then(|()| done(format!("{email} is no longer an operator"))),
            OperatorCommand::List { json } => match baas::operators::list(db).await {
                Ok(list) if json => print_json(&list),
                Ok(list) => {
                    list.iter().for_each(|e| println!("{e}"));
                    Ok(())
                }
                Err(e) => Err(e.public_message()),
            },
        },
        Command::Tenant(c) => match c {
            TenantCommand::Create {
                name,
                owner,
                plan,
                json,
            } => {
                let plan = plan.unwrap_or_else(|| settings.signup.default_plan.clone());
                tenant_create(db, &name, &owner, &plan, json).await
            }
            TenantCommand::List { json } => tenant_list(db, json).await,
            TenantCommand::Plan { tenant, plan } => baas::costs::settings::set_tenant_plan(
                db,
                &baas::audit::Actor::operator(),
                &tenant,
                &plan,
            )
            .await
            .map_err(public)
            .and_then(|()| done(format!("tenant {tenant} is on the {plan} plan"))),
            TenantCommand::Budget {
                tenant,
                monthly,
                timezone,
            } => tenant_budget(db, &tenant, &monthly, timezone.as_deref()).await,
            TenantCommand::Cap { tenant, monthly } => tenant_cap(db, &tenant, &monthly).await,
        },
        Command::Agent(c) => match c {
            AgentCommand::Create {
                tenant,
                name,
                clawdbot_id,
                json,
            } => agent_create(db, &tenant, &name, &clawdbot_id, json).await,
            AgentCommand::List { tenant, json } => agent_list(db, &tenant, json).await,
            AgentCommand::Limits {
                agent,
                monthly,
                daily,
            } => agent_limits(db, &agent, monthly.as_deref(), daily.as_deref()).await,
        },
        Command::Key(c) => match c {
            KeyCommand::Create { agent, name, json } => key_create(db, &agent, &name, json).await,
            KeyCommand::List { tenant, json } => key_list(db, &tenant, json).await,
            KeyCommand::Revoke { id } => key_revoke(db, &id).await.map_err(public).and_then(|()| {
                done(format!(
                    "revoked {id}; running servers refuse it within 5 seconds"
                ))
            }),
        },
        Command::Usage(UsageCommand::List {
            tenant,
            limit,
            json,
        }) => usage_list(db, tenant.as_deref(), limit, json).await,
        Command::Price(c) => match c {
            PriceCommand::List { json } => price_list(db, json).await,
            PriceCommand::Set {
                model,
                input,
                output,
                cache_read,
                cache_write,
            } => {
                price_set(
                    db,
                    &model,
                    &input,
                    &output,
                    cache_read.as_deref(),
                    cache_write.as_deref(),
                )
                .await
            }
        },
        Command::Plan(c) => match c {
            PlanCommand::List { json } => plan_list(db, json).await,
            PlanCommand::Set {
                id,
                name,
                models,
                default_model,
                messages,
                groups,
                bots,
            } => {
                let change = PlanChange {
                    name,
                    models,
                    default_model,
                    messages,
                    groups,
                    bots,
                };
                plan_set(db, &id, change).await
            }
        },
        Command::Demo(c) => match c {
            DemoCommand::Seed { owner, json } => demo_seed(db, &secrets, &owner, json).await,
            DemoCommand::Generate {
                tenant,
                records,
                days,
            } => demo_generate(db, &tenant, &records, days).await,
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

async fn credential_add(
    db: &Db,
    secrets: &SecretBox,
    name: &str,
    base_url: &str,
    kind: &str,
    priority: i64,
    json: bool,
) -> Result<(), String> {
    let kind = store::parse_kind(kind).map_err(|e| e.public_message())?;
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
    if json {
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

fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
    println!(
        "{}",
        serde_json::to_string_pretty(value).map_err(|e| e.to_string())?
    );
    Ok(())
}

async fn credential_limits(
    db: &Db,
    id: &str,
    rpm: Option<i64>,
    tpm: Option<i64>,
) -> Result<(), String> {
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

async fn tenant_create(
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

async fn agent_create(
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

async fn agent_list(db: &Db, tenant: &str, json: bool) -> Result<(), String> {
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

async fn key_create(db: &Db, agent: &str, name: &str, json: bool) -> Result<(), String> {
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

async fn key_list(db: &Db, tenant: &str, json: bool) -> Result<(), String> {
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

async fn usage_list(db: &Db, tenant: Option<&str>, limit: i64, json: bool) -> Result<(), String> {
    let rows = usage::list_recent(db, tenant, limit)
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

/// Parses dollars per million tokens (`--flag`) into micro-USD per million tokens.
fn usd_per_mtok(raw: &str, flag: &str) -> Result<i64, String> {
    raw.parse::<f64>()
        .ok()
        .filter(|d| d.is_finite() && *d >= 0.0)
        .map(|d| (d * 1_000_000.0).round() as i64)
        .ok_or_else(|| {
            format!("--{flag} must be a price in USD per million tokens, like 3 or 0.30")
        })
}

async fn price_set(
    db: &Db,
    model: &str,
    input: &str,
    output: &str,
    cache_read: Option<&str>,
    cache_write: Option<&str>,
) -> Result<(), String> {
    let input = usd_per_mtok(input, "input")?;
    let output = usd_per_mtok(output, "output")?;
    let price = baas::pricing::ModelPrice {
        model: model.to_string(),
        input,
        output,
        // Anthropic's list ratios when not given: reads at 0.1x, writes at 1.25x the input price.
        cache_read: cache_read
            .map(|v| usd_per_mtok(v, "cache-read"))
            .transpose()?
            .unwrap_or(input / 10),
        cache_write: cache_write
            .map(|v| usd_per_mtok(v, "cache-write"))
            .transpose()?
            .unwrap_or(input * 5 / 4),
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

async fn tenant_budget(
    db: &Db,
    tenant: &str,
    monthly: &str,
    timezone: Option<&str>,
) -> Result<(), String> {
    let monthly = usd_or_none(monthly, "monthly")?;
    baas::costs::settings::operator_set_budget(db, tenant, monthly, timezone)
        .await
        .map_err(|e| e.public_message())?;
    println!(
        "tenant {tenant}: monthly budget {}",
        monthly.map_or("none".into(), baas::pricing::format_usd)
    );
    Ok(())
}

async fn tenant_cap(db: &Db, tenant: &str, monthly: &str) -> Result<(), String> {
    let cap = usd_or_none(monthly, "monthly")?;
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

async fn agent_limits(
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

/// What `plan set` changes; what is not given stays.
struct PlanChange {
    name: Option<String>,
    models: Option<String>,
    default_model: Option<String>,
    messages: Option<String>,
    groups: Option<String>,
    bots: Option<String>,
}

async fn plan_set(db: &Db, id: &str, change: PlanChange) -> Result<(), String> {
    let plans = baas::costs::settings::plans(db)
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
    baas::costs::settings::save_plan(db, &baas::audit::Actor::operator(), &plan)
        .await
        .map_err(|e| e.public_message())?;
    println!("saved plan {id}");
    Ok(())
}

async fn demo_seed(db: &Db, secrets: &SecretBox, owner: &str, json: bool) -> Result<(), String> {
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

async fn demo_generate(db: &Db, tenant: &str, records: &str, days: u32) -> Result<(), String> {
    let records: u64 = records
        .replace(['_', ','], "")
        .parse()
        .map_err(|_| "--records must be a whole number")?;
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
