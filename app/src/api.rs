//! Server functions: thin wrappers that authorise, call the domain, and map errors. Every
//! function that touches a workspace's data takes the tenant id and first gets the caller's
//! `baas::access::Access` to it (`member_of`, with the role the action needs); storage then
//! trusts that access.
// A server function's parameters are its form's fields; the bot editor's forms have many.
#![allow(clippy::too_many_arguments)]

use crate::error::ApiError;
use baas::model::{
    AgentView, AlertView, AuditPage, BotConfigView, BotView, BudgetSettings, ConversationView,
    CreatedInvite, CreatedKey, Dashboard, InvitePreview, InviteView, KeyView, Me, MemberView,
    PlansView, PoolView, TenantOverview, TenantSummary, TranscriptLine, UsageFilter,
};
use baas::roles::Role;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::state::{app_state, client_ip, maybe_user, member_of, operator, signed_in};

/// Server functions that read or change one tenant's data; each takes `tenant_id`.
pub const TENANT_SCOPED: &[&str] = &[
    "/api/get_overview",
    "/api/list_members",
    "/api/change_role",
    "/api/remove_member",
    "/api/list_invites",
    "/api/create_invite",
    "/api/revoke_invite",
    "/api/audit_log",
    "/api/list_agents",
    "/api/create_agent",
    "/api/list_keys",
    "/api/create_key",
    "/api/revoke_key",
    "/api/list_bots",
    "/api/add_bot",
    "/api/remove_bot",
    "/api/get_bot_config",
    "/api/change_bot_config",
    "/api/rollback_bot_config",
    "/api/provision_bot",
    "/api/set_agent_identity",
    "/api/sync_bots",
    "/api/add_agent_to_bot",
    "/api/list_conversations",
    "/api/get_transcript",
    "/api/list_group_costs",
    "/api/get_dashboard",
    "/api/get_budget_settings",
    "/api/save_budget",
    "/api/save_agent_limits",
    "/api/unpause_agent",
    "/api/list_alerts",
    "/api/acknowledge_alert",
];

/// Server functions not scoped by a caller-given tenant id: they act on the caller's own
/// identity (`whoami`, `create_tenant`) or are authorised by holding an invite token, which is
/// bound to one email address (`get_invite`, `accept_invite`), or a sign-in link
/// (`sign_in_address`).
pub const NOT_TENANT_SCOPED: &[&str] = &[
    "/api/whoami",
    "/api/sign_in_address",
    "/api/create_tenant",
    "/api/get_invite",
    "/api/accept_invite",
];

/// Operator-only server functions: the shared provider pool and the price table. Each checks
/// `baas::operators::require_operator`; none reads or changes a tenant's data.
pub const OPERATOR_ONLY: &[&str] = &[
    "/api/get_pool",
    "/api/set_operator_cap",
    "/api/add_credential",
    "/api/set_credential_enabled",
    "/api/set_credential_limits",
    "/api/set_price",
    "/api/list_plans",
    "/api/save_plan",
    "/api/set_tenant_plan",
    "/api/operator_alerts",
    "/api/acknowledge_operator_alert",
];

/// The address an unused sign-in link signs in (`None` if the link is not usable).
#[server(prefix = "/api", endpoint = "sign_in_address")]
pub async fn sign_in_address(token: String) -> Result<Option<String>, ApiError> {
    let state = app_state()?;
    Ok(state.auth.link_address(&token, &client_ip()).await?)
}

/// The signed-in user and their tenants, or `None` when signed out.
#[server(prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Me>, ApiError> {
    let state = app_state()?;
    let Some(user) = maybe_user().await? else {
        return Ok(None);
    };
    let tenants = baas::tenants::list_tenants(&state.db, &user.user_id).await?;
    let operator = baas::operators::is_operator(&state.db, &user.user_id).await?;
    Ok(Some(Me {
        user_id: user.user_id,
        email: user.email,
        tenants,
        operator,
    }))
}

/// Creates a workspace owned by the caller and goes to it.
#[server(prefix = "/api", endpoint = "create_tenant")]
pub async fn create_tenant(name: String) -> Result<TenantSummary, ApiError> {
    let (state, user) = signed_in().await?;
    let t = baas::tenants::create_tenant(
        &state.db,
        &user.user_id,
        &user.actor(&client_ip()),
        &name,
        &state.signup,
    )
    .await?;
    leptos_axum::redirect(&format!("/t/{}", t.id));
    Ok(t)
}

/// A tenant's overview.
#[server(prefix = "/api", endpoint = "get_overview")]
pub async fn get_overview(tenant_id: String) -> Result<TenantOverview, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::tenants::overview(&state.db, &at).await?)
}

/// A tenant's members.
#[server(prefix = "/api", endpoint = "list_members")]
pub async fn list_members(tenant_id: String) -> Result<Vec<MemberView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::tenants::members(&state.db, &at).await?)
}

/// Changes a member's role.
#[server(prefix = "/api", endpoint = "change_role")]
pub async fn change_role(tenant_id: String, user_id: String, role: Role) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::tenants::change_role(&state.db, &at, &user_id, role).await?)
}

/// Removes a member (or leaves, when `user_id` is the caller).
#[server(prefix = "/api", endpoint = "remove_member")]
pub async fn remove_member(tenant_id: String, user_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::tenants::remove_member(&state.db, &at, &user_id).await?)
}

/// A tenant's invites.
#[server(prefix = "/api", endpoint = "list_invites")]
pub async fn list_invites(tenant_id: String) -> Result<Vec<InviteView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::tenants::list_invites(&state.db, &at).await?)
}

/// Creates an invite link bound to an email and a role.
#[server(prefix = "/api", endpoint = "create_invite")]
pub async fn create_invite(
    tenant_id: String,
    email: String,
    role: Role,
) -> Result<CreatedInvite, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::tenants::create_invite(&state.db, &state.public_url, &at, &email, role).await?)
}

/// Revokes a pending invite.
#[server(prefix = "/api", endpoint = "revoke_invite")]
pub async fn revoke_invite(tenant_id: String, invite_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::tenants::revoke_invite(&state.db, &at, &invite_id).await?)
}

/// What an invite link offers (needs no session: the token is the credential).
#[server(prefix = "/api", endpoint = "get_invite")]
pub async fn get_invite(token: String) -> Result<InvitePreview, ApiError> {
    let state = app_state()?;
    Ok(baas::tenants::preview_invite(&state.db, &token).await?)
}

/// Accepts an invite as the signed-in user and goes to the tenant.
#[server(prefix = "/api", endpoint = "accept_invite")]
pub async fn accept_invite(token: String) -> Result<TenantSummary, ApiError> {
    let (state, user) = signed_in().await?;
    let actor = user.actor(&client_ip());
    let t =
        baas::tenants::accept_invite(&state.db, &token, &user.user_id, &user.email, &actor).await?;
    leptos_axum::redirect(&format!("/t/{}", t.id));
    Ok(t)
}

/// A page of the tenant's audit log (owners and admins).
#[server(prefix = "/api", endpoint = "audit_log")]
pub async fn audit_log(tenant_id: String, before: Option<i64>) -> Result<AuditPage, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let role = at.role;
    if !role.can_view_audit() {
        return Err(ApiError::Forbidden(
            "only owners and admins can read the audit log".into(),
        ));
    }
    Ok(baas::audit::list(&state.db, &tenant_id, before).await?)
}

/// A tenant's agents.
#[server(prefix = "/api", endpoint = "list_agents")]
pub async fn list_agents(tenant_id: String) -> Result<Vec<AgentView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::gateway::store::list_agents(&state.db, &at).await?)
}

/// Creates an agent (maps to one Clawdbot agent).
#[server(prefix = "/api", endpoint = "create_agent")]
pub async fn create_agent(
    tenant_id: String,
    name: String,
    clawdbot_agent_id: String,
) -> Result<AgentView, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::gateway::store::create_agent(&state.db, &at, &name, &clawdbot_agent_id).await?)
}

/// A tenant's virtual keys (never the keys themselves).
#[server(prefix = "/api", endpoint = "list_keys")]
pub async fn list_keys(tenant_id: String) -> Result<Vec<KeyView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::gateway::store::list_keys(&state.db, &at).await?)
}

/// Creates a virtual key for an agent; the key is in the answer, and nowhere else, ever.
#[server(prefix = "/api", endpoint = "create_key")]
pub async fn create_key(
    tenant_id: String,
    agent_id: String,
    name: String,
) -> Result<CreatedKey, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::gateway::store::create_key(&state.db, &at, &agent_id, &name).await?)
}

/// Revokes a virtual key.
#[server(prefix = "/api", endpoint = "revoke_key")]
pub async fn revoke_key(tenant_id: String, key_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::gateway::store::revoke_key(&state.db, &at, &key_id).await?;
    state.keys.forget_key(&key_id);
    Ok(())
}

/// The provider pool (never its secrets) and the price table, for operators.
#[server(prefix = "/api", endpoint = "get_pool")]
pub async fn get_pool() -> Result<PoolView, ApiError> {
    let (state, _) = operator().await?;
    Ok(PoolView {
        credentials: baas::gateway::store::list_credentials(&state.db).await?,
        prices: baas::gateway::store::load_prices(&state.db).await?,
    })
}

/// Adds a credential to the pool; subscription credentials start disabled.
#[server(prefix = "/api", endpoint = "add_credential")]
pub async fn add_credential(
    name: String,
    kind: String,
    base_url: String,
    secret: String,
    priority: String,
) -> Result<(), ApiError> {
    use baas::gateway::store;
    let (state, user) = operator().await?;
    let kind = store::parse_kind(&kind)?;
    let priority: i64 = priority.trim().parse().map_err(|_| {
        ApiError::Invalid("the priority must be a whole number (lower is tried first)".into())
    })?;
    let id = store::add_credential(
        &state.db,
        &state.secrets,
        &name,
        kind,
        &base_url,
        &secret,
        priority,
    )
    .await?;
    let detail = format!("added credential {} ({id}, {})", name.trim(), kind.as_str());
    baas::operators::audit_change(&state.db, &user.actor(&client_ip()), &detail).await?;
    Ok(())
}

/// Enables or disables a credential of the pool.
#[server(prefix = "/api", endpoint = "set_credential_enabled")]
pub async fn set_credential_enabled(id: String, enabled: bool) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    baas::gateway::store::set_credential_enabled(&state.db, &id, enabled).await?;
    let verb = if enabled { "enabled" } else { "disabled" };
    baas::operators::audit_change(
        &state.db,
        &user.actor(&client_ip()),
        &format!("{verb} credential {id}"),
    )
    .await?;
    Ok(())
}

/// Sets a credential's own per-minute limits (empty: none).
#[server(prefix = "/api", endpoint = "set_credential_limits")]
pub async fn set_credential_limits(id: String, rpm: String, tpm: String) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let rpm = baas::operators::parse_limit(&rpm, "requests per minute")?;
    let tpm = baas::operators::parse_limit(&tpm, "tokens per minute")?;
    baas::gateway::store::set_credential_limits(&state.db, &id, rpm, tpm).await?;
    let detail = format!("set limits of credential {id}: rpm {rpm:?}, tpm {tpm:?}");
    baas::operators::audit_change(&state.db, &user.actor(&client_ip()), &detail).await?;
    Ok(())
}

/// Sets a model's price, in USD per million tokens.
#[server(prefix = "/api", endpoint = "set_price")]
pub async fn set_price(
    model: String,
    input: String,
    output: String,
    cache_read: String,
    cache_write: String,
) -> Result<(), ApiError> {
    use baas::pricing::parse_usd_per_mtok;
    let (state, user) = operator().await?;
    let usd = |raw: &str, what: &str| {
        parse_usd_per_mtok(raw).ok_or_else(|| {
            ApiError::Invalid(format!(
                "{what}: give USD per million tokens, like 3 or 0.30"
            ))
        })
    };
    let input = usd(&input, "input")?;
    let model = model.trim().to_string();
    if model.is_empty() || model.len() > 100 {
        return Err(ApiError::Invalid(
            "the model name must be 1 to 100 characters".into(),
        ));
    }
    let price = baas::pricing::ModelPrice {
        model: model.clone(),
        input,
        output: usd(&output, "output")?,
        // Anthropic's list ratios when left empty: reads 0.1x, writes 1.25x the input price.
        cache_read: if cache_read.trim().is_empty() {
            input / 10
        } else {
            usd(&cache_read, "cache read")?
        },
        cache_write: if cache_write.trim().is_empty() {
            input * 5 / 4
        } else {
            usd(&cache_write, "cache write")?
        },
    };
    baas::gateway::store::set_price(&state.db, &price).await?;
    baas::operators::audit_change(
        &state.db,
        &user.actor(&client_ip()),
        &format!("set the price of {model}"),
    )
    .await?;
    Ok(())
}

/// The tenant's bots with their live connection state.
#[server(prefix = "/api", endpoint = "list_bots")]
pub async fn list_bots(tenant_id: String) -> Result<Vec<BotView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let rows = baas::clawdbot::store::list_bots(&state.db, &at).await?;
    Ok(rows
        .into_iter()
        .map(|b| {
            let s = state.bots.status(&b.id);
            BotView {
                id: b.id,
                name: b.name,
                gateway_url: b.gateway_url,
                state: s.health.as_str().to_string(),
                last_seen: s.last_seen,
                version: s.version,
                error: s.error,
                created_at: b.created_at,
            }
        })
        .collect())
}

/// Registers a bot by its gateway address and token, and connects to it.
#[server(prefix = "/api", endpoint = "add_bot")]
pub async fn add_bot(
    tenant_id: String,
    name: String,
    gateway_url: String,
    token: String,
) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let url = baas::clawdbot::store::parse_gateway_url(&gateway_url)?;
    if let Err(e) = baas::clawdbot::client::check_address(&url, state.bots.options()).await {
        tracing::info!(error = ?e, "a bot address was refused");
        return Err(ApiError::Invalid(format!("the gateway address: {e}")));
    }
    let bot =
        baas::clawdbot::store::add_bot(&state.db, &state.secrets, &at, &name, &gateway_url, &token)
            .await?;
    state.bots.ensure(&bot.id, &bot.gateway_url, token.trim());
    Ok(())
}

/// Removes a bot and closes its connection.
#[server(prefix = "/api", endpoint = "remove_bot")]
pub async fn remove_bot(tenant_id: String, bot_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let revoked = baas::clawdbot::store::remove_bot(&state.db, &at, &bot_id).await?;
    for key_id in revoked {
        state.keys.forget_key(&key_id);
    }
    state.bots.stop(&bot_id);
    Ok(())
}

/// What the bot editor's functions ask of a bot.
#[cfg(feature = "ssr")]
enum Edit<'a> {
    Change(baas::clawdbot::config::Change),
    Rollback(&'a str),
    Provision,
}

/// Applies an edit to a bot whose config was loaded at `base_hash` (the caller has checked the
/// bot is in the workspace it administers), then watches the bot come back.
#[cfg(feature = "ssr")]
async fn edit_bot(
    state: &crate::state::AppState,
    at: &baas::access::Access,
    bot_id: &str,
    base_hash: &str,
    edit: Edit<'_>,
) -> Result<i64, ApiError> {
    use baas::clawdbot::editor;
    let link = bot_link(state, bot_id)?;
    let (db, secrets) = (&state.db, &state.secrets);
    let version = match edit {
        Edit::Change(change) => {
            editor::change(db, secrets, &link, at, bot_id, base_hash, &change).await?
        }
        Edit::Rollback(version_id) => {
            editor::rollback(db, secrets, &link, at, bot_id, base_hash, version_id).await?
        }
        Edit::Provision => {
            let name = bot_name(state, at, bot_id).await;
            editor::provision(
                db,
                secrets,
                &link,
                at,
                bot_id,
                &name,
                base_hash,
                &state.public_url,
            )
            .await?
        }
    };
    watch_after(state, at, bot_id, version).await;
    Ok(version)
}

/// A bot's name, for messages (its id if it cannot be read).
#[cfg(feature = "ssr")]
async fn bot_name(
    state: &crate::state::AppState,
    at: &baas::access::Access,
    bot_id: &str,
) -> String {
    baas::clawdbot::store::list_bots(&state.db, at)
        .await
        .ok()
        .and_then(|l| l.into_iter().find(|b| b.id == bot_id))
        .map(|b| b.name)
        .unwrap_or_else(|| bot_id.to_string())
}

/// Starts watching a bot after a change applied as `version`: see
/// `baas::clawdbot::editor::watch_after_apply`.
#[cfg(feature = "ssr")]
async fn watch_after(
    state: &crate::state::AppState,
    at: &baas::access::Access,
    bot_id: &str,
    version: i64,
) {
    let bot_name = bot_name(state, at, bot_id).await;
    let applied = baas::clawdbot::editor::Applied {
        access: at.clone(),
        bot_id: bot_id.to_string(),
        bot_name,
        version,
        at: baas::db::now(),
    };
    let (db, secrets, bots, window) = (
        state.db.clone(),
        state.secrets.clone(),
        state.bots.clone(),
        state.bot_health_window,
    );
    baas::clawdbot::editor::spawn_watch(db, secrets, bots, applied, window);
}

/// A link to the bot through its managed connection (see `baas::clawdbot::link::Managed`).
#[cfg(feature = "ssr")]
fn bot_link<'a>(
    state: &'a crate::state::AppState,
    bot_id: &'a str,
) -> Result<baas::clawdbot::link::Managed<'a>, ApiError> {
    if state.bots.target(bot_id).is_none() {
        return Err(ApiError::Unavailable("the bot is not connected".into()));
    }
    Ok(baas::clawdbot::link::Managed {
        bots: &state.bots,
        bot_id,
    })
}

/// A bot's configuration as the editor shows it: groups, policies and applied versions.
#[server(prefix = "/api", endpoint = "get_bot_config")]
pub async fn get_bot_config(tenant_id: String, bot_id: String) -> Result<BotConfigView, ApiError> {
    use baas::clawdbot::{config, editor};
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let bots = baas::clawdbot::store::list_bots(&state.db, &at).await?;
    let bot = bots
        .into_iter()
        .find(|b| b.id == bot_id)
        .ok_or_else(|| ApiError::NotFound("bot not found".into()))?;
    let versions = editor::versions(&state.db, &state.secrets, &at, &bot_id).await?;
    let link = bot_link(&state, &bot_id)?;
    let snap = editor::read(&link).await?;
    let keys = editor::session_keys(&link).await;
    let skills = editor::skills_status(&link).await;
    let wa = &snap.parsed["channels"]["whatsapp"];
    let views = versions
        .iter()
        .enumerate()
        .map(|(i, v)| baas::model::ConfigVersionView {
            id: v.id.clone(),
            version: v.version,
            summary: v.summary.clone(),
            author: v.author.clone(),
            created_at: v.created_at,
            diff: versions
                .get(i + 1)
                .map(|before| config::diff_lines(&before.config, &v.config))
                .unwrap_or_default(),
        })
        .collect();
    Ok(BotConfigView {
        bot_id,
        bot_name: bot.name,
        hash: snap.hash,
        groups: config::known_groups(&snap.parsed, &keys)
            .into_iter()
            .map(|g| baas::model::GroupSetting {
                agent: config::group_agent(&snap.parsed, &g.id),
                id: g.id,
                require_mention: g.require_mention,
            })
            .collect(),
        group_policy: wa["groupPolicy"].as_str().map(str::to_string),
        dm_policy: wa["dmPolicy"].as_str().map(str::to_string),
        group_allow_from: wa["groupAllowFrom"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        allow_from: wa["allowFrom"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        agents: config::agent_settings(&snap.parsed),
        mention_patterns: snap.parsed["messages"]["groupChat"]["mentionPatterns"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        skills: config::skill_settings(&snap.parsed, &skills),
        models: baas::gateway::store::load_prices(&state.db)
            .await?
            .into_iter()
            .map(|p| p.model)
            .collect(),
        versions: views,
    })
}

/// Changes one setting of a bot's config loaded at `base_hash`; `target` names the group,
/// agent or skill it is about. Settings: `mention` (group; `true`/`false`), `group_policy`,
/// `dm_policy`, `allow_from` and `group_allow_from` (numbers separated by commas or spaces), `agent_model` (agent; a
/// priced Claude model), `group_agent` (group; an agent id, empty for the default routing),
/// `mention_patterns` (agent, empty for every agent; one pattern per line), `skill` (skill;
/// `true`/`false`), `duplicate_agent` (agent; the copy's id), `remove_agent` (agent). Returns
/// the new version number.
#[server(prefix = "/api", endpoint = "change_bot_config")]
pub async fn change_bot_config(
    tenant_id: String,
    bot_id: String,
    base_hash: String,
    setting: String,
    target: String,
    value: String,
) -> Result<i64, ApiError> {
    use baas::clawdbot::config::Change;
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &tenant_id, &bot_id).await?;
    let change = match setting.as_str() {
        "mention" => Change::GroupMention {
            group: target,
            require: value == "true",
        },
        "group_allow_from" => Change::GroupAllowFrom(
            value
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        "agent_model" => {
            let prices = baas::gateway::store::load_prices(&state.db).await?;
            if !prices.iter().any(|p| p.model == value) {
                return Err(ApiError::Invalid(format!(
                    "\"{value}\" is not a model in the price table"
                )));
            }
            Change::AgentModel {
                agent: target,
                model: value,
            }
        }
        "group_agent" => Change::GroupAgent {
            group: target,
            agent: Some(value).filter(|v| !v.is_empty()),
        },
        "mention_patterns" => Change::MentionPatterns {
            agent: Some(target).filter(|t| !t.is_empty()),
            patterns: value
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        },
        "skill" => Change::Skill {
            skill: target,
            enabled: value == "true",
        },
        "duplicate_agent" => Change::DuplicateAgent {
            from: target,
            name: value.clone(),
            id: value,
        },
        "remove_agent" => Change::RemoveAgent { id: target },
        "group_policy" => Change::GroupPolicy(value),
        "dm_policy" => Change::DmPolicy(value),
        "allow_from" => Change::AllowFrom(
            value
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        other => return Err(ApiError::Invalid(format!("unknown setting \"{other}\""))),
    };
    edit_bot(&state, &at, &bot_id, &base_hash, Edit::Change(change)).await
}

/// Restores a stored version of a bot's configuration; returns the new version number.
#[server(prefix = "/api", endpoint = "rollback_bot_config")]
pub async fn rollback_bot_config(
    tenant_id: String,
    bot_id: String,
    base_hash: String,
    version_id: String,
) -> Result<i64, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &tenant_id, &bot_id).await?;
    edit_bot(
        &state,
        &at,
        &bot_id,
        &base_hash,
        Edit::Rollback(&version_id),
    )
    .await
}

/// Points every agent of the bot at this BaaS's gateway, each with its own new virtual key.
#[server(prefix = "/api", endpoint = "provision_bot")]
pub async fn provision_bot(
    tenant_id: String,
    bot_id: String,
    base_hash: String,
) -> Result<i64, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &tenant_id, &bot_id).await?;
    edit_bot(&state, &at, &bot_id, &base_hash, Edit::Provision).await
}

/// Sets an agent's identity (name, emoji, avatar URL or path; empty values are removed).
#[server(prefix = "/api", endpoint = "set_agent_identity")]
pub async fn set_agent_identity(
    tenant_id: String,
    bot_id: String,
    base_hash: String,
    agent: String,
    name: String,
    emoji: String,
    avatar: String,
) -> Result<i64, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &tenant_id, &bot_id).await?;
    let change = baas::clawdbot::config::Change::Identity {
        agent,
        name,
        emoji,
        avatar,
    };
    edit_bot(&state, &at, &bot_id, &base_hash, Edit::Change(change)).await
}

/// Imports every bot's sessions of the tenant as conversations now (also done every 10
/// minutes); returns what changed.
#[server(prefix = "/api", endpoint = "sync_bots")]
pub async fn sync_bots(tenant_id: String) -> Result<baas::model::SyncReport, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let prices = baas::gateway::store::load_prices(&state.db).await?;
    let mut total = baas::model::SyncReport::default();
    for bot in baas::clawdbot::store::list_bots(&state.db, &at).await? {
        let link = bot_link(&state, &bot.id)?;
        // A sync only upserts what the bot reports, so a restart cut off is run again.
        let r =
            baas::clawdbot::link::with_restarts(&link, |client| {
                let (db, tenant_id, bot_id, prices) = (&state.db, &tenant_id, &bot.id, &prices);
                async move {
                    baas::clawdbot::sync::sync_bot(db, &client, tenant_id, bot_id, prices).await
                }
            })
            .await?;
        total.seen += r.seen;
        total.added += r.added;
        total.updated += r.updated;
    }
    Ok(total)
}

/// The tenant's conversations, most recent first.
#[server(prefix = "/api", endpoint = "list_conversations")]
pub async fn list_conversations(tenant_id: String) -> Result<Vec<ConversationView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::clawdbot::sync::list(&state.db, &at).await?)
}

/// One conversation's messages, read from its bot.
#[server(prefix = "/api", endpoint = "get_transcript")]
pub async fn get_transcript(
    tenant_id: String,
    conversation_id: String,
) -> Result<Vec<TranscriptLine>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let (bot_id, session_key) =
        baas::clawdbot::sync::find(&state.db, &at, &conversation_id).await?;
    let link = bot_link(&state, &bot_id)?;
    let key = &session_key;
    Ok(
        baas::clawdbot::link::with_restarts(&link, |client| async move {
            baas::clawdbot::sync::transcript(&client, key, 200).await
        })
        .await?
        .into_iter()
        .map(|(role, text)| TranscriptLine { role, text })
        .collect(),
    )
}

/// Creates an agent on the bot from the wizard: id, name, emoji, model and template (`sales`,
/// `support`, `hr`). Returns the new version number.
#[server(prefix = "/api", endpoint = "add_agent_to_bot")]
pub async fn add_agent_to_bot(
    tenant_id: String,
    bot_id: String,
    base_hash: String,
    agent: String,
    name: String,
    emoji: String,
    model: String,
    template: String,
) -> Result<i64, ApiError> {
    use baas::clawdbot::config::{Change, Template};
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    baas::clawdbot::editor::bot_in_tenant(&state.db, &tenant_id, &bot_id).await?;
    let template = Template::parse(&template)
        .ok_or_else(|| ApiError::Invalid("the template must be sales, support or hr".into()))?;
    let prices = baas::gateway::store::load_prices(&state.db).await?;
    if !prices.iter().any(|p| p.model == model) {
        return Err(ApiError::Invalid(format!(
            "\"{model}\" is not a model in the price table"
        )));
    }
    let change = Change::AddAgent {
        id: agent,
        name,
        emoji: if emoji.trim().is_empty() {
            template.emoji().to_string()
        } else {
            emoji
        },
        model,
        template,
    };
    edit_bot(&state, &at, &bot_id, &base_hash, Edit::Change(change)).await
}

/// Tokens and cost per WhatsApp group, from the synced conversations.
#[server(prefix = "/api", endpoint = "list_group_costs")]
pub async fn list_group_costs(tenant_id: String) -> Result<Vec<baas::model::GroupCost>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::clawdbot::sync::group_costs(&state.db, &at).await?)
}

/// The consumption dashboard for a filter (any member).
#[server(prefix = "/api", endpoint = "get_dashboard")]
pub async fn get_dashboard(
    tenant_id: String,
    #[server(default)] filter: UsageFilter,
) -> Result<Dashboard, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::costs::dashboard::dashboard(&state.db, &at.tenant_id, &filter).await?)
}

/// The tenant's plan, time zone, budget, auto-downgrade and agents' limits (any member).
#[server(prefix = "/api", endpoint = "get_budget_settings")]
pub async fn get_budget_settings(tenant_id: String) -> Result<BudgetSettings, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::costs::settings::budget_settings(&state.db, &at).await?)
}

/// Saves the tenant's time zone, monthly budget (empty: none) and auto-downgrade settings.
#[server(prefix = "/api", endpoint = "save_budget")]
pub async fn save_budget(
    tenant_id: String,
    timezone: String,
    monthly_budget: String,
    downgrade_enabled: Option<String>,
    downgrade_share: String,
    locale: Option<String>,
) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let locale = crate::state::number_locale(locale.as_deref());
    let budget = baas::amount::parse_usd(&monthly_budget, locale)
        .map_err(|e| ApiError::Invalid(format!("monthly budget: {e}")))?;
    let share = downgrade_share
        .trim()
        .trim_end_matches('%')
        .parse::<i64>()
        .map_err(|_| {
            ApiError::Invalid("downgrade share: give a whole percentage, like 20".into())
        })?;
    let settings = baas::costs::settings::TenantBudget {
        timezone,
        monthly_budget: budget,
        downgrade_enabled: downgrade_enabled.is_some(),
        downgrade_share: share,
    };
    let _changing = state.policies.changing(&tenant_id);
    baas::costs::settings::save_tenant_budget(&state.db, &at, &settings).await?;
    Ok(())
}

/// Saves an agent's monthly budget and daily limit (empty: none).
#[server(prefix = "/api", endpoint = "save_agent_limits")]
pub async fn save_agent_limits(
    tenant_id: String,
    agent_id: String,
    monthly_budget: String,
    daily_limit: String,
    locale: Option<String>,
) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let locale = crate::state::number_locale(locale.as_deref());
    let monthly = baas::amount::parse_usd(&monthly_budget, locale)
        .map_err(|e| ApiError::Invalid(format!("monthly budget: {e}")))?;
    let daily = baas::amount::parse_usd(&daily_limit, locale)
        .map_err(|e| ApiError::Invalid(format!("daily limit: {e}")))?;
    let _changing = state.policies.changing(&tenant_id);
    let change = baas::costs::settings::AgentLimitsChange {
        agent_id: &agent_id,
        monthly_budget: monthly,
        daily_limit: daily,
    };
    baas::costs::settings::save_agent_limits(&state.db, &at, &change).await?;
    Ok(())
}

/// Lifts an agent's daily pause for the rest of the day (admins and owners).
#[server(prefix = "/api", endpoint = "unpause_agent")]
pub async fn unpause_agent(tenant_id: String, agent_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let _changing = state.policies.changing(&tenant_id);
    baas::costs::settings::unpause(&state.db, &at, &agent_id).await?;
    Ok(())
}

/// The tenant's alerts, newest first (any member).
#[server(prefix = "/api", endpoint = "list_alerts")]
pub async fn list_alerts(tenant_id: String) -> Result<Vec<AlertView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::alerts::list(&state.db, Some(&at.tenant_id)).await?)
}

/// Acknowledges one of the tenant's alerts (admins and owners).
#[server(prefix = "/api", endpoint = "acknowledge_alert")]
pub async fn acknowledge_alert(tenant_id: String, alert_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::alerts::acknowledge(&state.db, Some(&tenant_id), &alert_id, &at.actor).await?)
}

/// Every plan and each tenant's plan, for operators.
#[server(prefix = "/api", endpoint = "list_plans")]
pub async fn list_plans() -> Result<PlansView, ApiError> {
    let (state, _) = operator().await?;
    Ok(PlansView {
        plans: baas::costs::settings::plans(&state.db).await?,
        tenants: baas::costs::settings::tenant_plans(&state.db).await?,
    })
}

/// Saves a plan's limits (operators); empty numbers mean unlimited.
#[server(prefix = "/api", endpoint = "save_plan")]
pub async fn save_plan(
    id: String,
    name: String,
    models: String,
    default_model: String,
    monthly_messages: String,
    max_groups: String,
    max_bots: String,
    api_access: Option<String>,
) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let count = |raw: &str, what: &str| -> Result<Option<i64>, ApiError> {
        let raw = raw.trim().replace(',', "");
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<i64>().map(Some).map_err(|_| {
            ApiError::Invalid(format!(
                "{what}: give a whole number, or leave it empty for unlimited"
            ))
        })
    };
    let plan = baas::model::PlanView {
        id,
        name,
        models,
        default_model: default_model.trim().to_string(),
        monthly_messages: count(&monthly_messages, "messages per month")?,
        max_groups: count(&max_groups, "WhatsApp groups")?,
        max_bots: count(&max_bots, "bots")?,
        api_access: api_access.is_some(),
    };
    let actor = user.actor(&client_ip());
    baas::costs::settings::save_plan(&state.db, &actor, &plan).await?;
    Ok(())
}

/// Sets or clears (empty) the monthly spending cap on a tenant (operators); the tenant's admins
/// see it but cannot change it.
#[server(prefix = "/api", endpoint = "set_operator_cap")]
pub async fn set_operator_cap(
    tenant_id: String,
    monthly: String,
    locale: Option<String>,
) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let cap = baas::amount::parse_usd(&monthly, crate::state::number_locale(locale.as_deref()))
        .map_err(|e| ApiError::Invalid(format!("spending cap: {e}")))?;
    let actor = user.actor(&client_ip());
    let _changing = state.policies.changing(&tenant_id);
    baas::costs::settings::set_operator_cap(&state.db, &actor, &tenant_id, cap).await?;
    Ok(())
}

/// Moves a tenant to a plan (operators).
#[server(prefix = "/api", endpoint = "set_tenant_plan")]
pub async fn set_tenant_plan(tenant_id: String, plan_id: String) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let actor = user.actor(&client_ip());
    let _changing = state.policies.changing(&tenant_id);
    baas::costs::settings::set_tenant_plan(&state.db, &actor, &tenant_id, &plan_id).await?;
    Ok(())
}

/// Alerts that belong to no tenant (the provider pool), for operators.
#[server(prefix = "/api", endpoint = "operator_alerts")]
pub async fn operator_alerts() -> Result<Vec<AlertView>, ApiError> {
    let (state, _) = operator().await?;
    Ok(baas::alerts::list(&state.db, None).await?)
}

/// Acknowledges an operator alert.
#[server(prefix = "/api", endpoint = "acknowledge_operator_alert")]
pub async fn acknowledge_operator_alert(alert_id: String) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let actor = user.actor(&client_ip());
    Ok(baas::alerts::acknowledge(&state.db, None, &alert_id, &actor).await?)
}
