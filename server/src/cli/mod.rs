//! Operator commands of the `baas` binary: manage the provider pool and inspect usage without
//! a browser. Every listing prints a table, or JSON with `--json`.

mod args;
mod common;
mod pool;
mod workspaces;

use args::{
    AgentCommand, Cli, Command, CredentialCommand, DemoCommand, KeyCommand, OperatorCommand,
    PlanCommand, PriceCommand, TenantCommand, UsageCommand,
};
use baas::config::Settings;
use baas::crypto::SecretBox;
use baas::db::Db;
use baas::gateway::credentials;
use clap::Parser;
use common::{done, print_json};
use pool::{credential_add, credential_limits, credential_list, price_list, price_set};
use std::process::ExitCode;
use workspaces::{
    agent_create, agent_limits, agent_list, demo_generate, demo_seed, key_create, key_list,
    key_revoke, plan_list, plan_set, tenant_budget, tenant_cap, tenant_create, tenant_credits,
    tenant_list, usage_list, PlanChange,
};

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
            CredentialCommand::Disable { id } => {
                credentials::set_credential_enabled(db, &id, false)
                    .await
                    .map_err(public)
                    .and_then(|()| done(format!("disabled {id}")))
            }
            CredentialCommand::Enable { id } => credentials::set_credential_enabled(db, &id, true)
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
            TenantCommand::Plan { tenant, plan } => baas::costs::plans::set_tenant_plan(
                db,
                &baas::audit::Actor::operator(),
                &baas::ids::TenantId::new(tenant.as_str()),
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
            TenantCommand::Credits { tenant, add } => tenant_credits(db, &tenant, &add).await,
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
