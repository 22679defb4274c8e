//! The operator commands as clap declares them: every command, its arguments and its help.

use clap::{Parser, Subcommand};

/// The operator commands; `baas` with none serves (see the README for configuration).
#[derive(Parser)]
#[command(
    name = "baas",
    about = "BaaS: serve, or manage the service from the command line"
)]
pub struct Cli {
    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Subcommand)]
pub(super) enum Command {
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
pub(super) enum CredentialCommand {
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
pub(super) enum OperatorCommand {
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
pub(super) enum TenantCommand {
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
    /// Grant Opus credits (USD), audited; the balance is printed
    Credits {
        tenant: String,
        #[arg(long)]
        add: String,
    },
}

#[derive(Subcommand)]
pub(super) enum AgentCommand {
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
pub(super) enum KeyCommand {
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
pub(super) enum UsageCommand {
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
pub(super) enum PriceCommand {
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
pub(super) enum PlanCommand {
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
pub(super) enum DemoCommand {
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
