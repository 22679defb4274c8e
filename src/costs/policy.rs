//! What a tenant's plan and budgets allow one agent's request: model rules, the budget scopes it
//! reserves in, the daily pause and auto-downgrade. Loaded per agent and cached briefly.

use crate::costs::ledgers::Scope;
use crate::db::Db;
use crate::error::Result;
use crate::ids::TenantId;
use crate::tz::Zone;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// A plan's limits (`None` = unlimited).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub id: String,
    pub name: String,
    /// Model families the plan may call: `haiku`, `sonnet`, `opus`.
    pub families: Vec<String>,
    pub default_model: String,
    pub monthly_messages: Option<i64>,
    pub max_groups: Option<i64>,
    pub max_bots: Option<i64>,
    pub api_access: bool,
    /// Families the plan reaches only through prepaid credits (Business: `opus`).
    pub credit_families: Vec<String>,
}

/// The rules that apply to one agent's requests.
#[derive(Debug, Clone)]
pub struct Policy {
    pub tenant_id: TenantId,
    pub agent_id: String,
    pub agent_name: String,
    pub zone: Zone,
    pub plan: Plan,
    pub tenant_budget: Option<i64>,
    /// The monthly spending cap an operator set on the workspace; its admins cannot change it.
    pub operator_cap: Option<i64>,
    pub agent_budget: Option<i64>,
    pub daily_limit: Option<i64>,
    pub paused_until: Option<i64>,
    /// An admin lifted today's pause: the daily limit is not applied before this time.
    pub pause_lifted_until: Option<i64>,
    /// Remaining share (percent) under which Opus is served by its cheaper mapping; `None` when
    /// the tenant opted out.
    pub downgrade_share: Option<i64>,
    pub downgrade_active: bool,
    /// The workspace's bots above its plan's bot cap (the newest), paused: their keys are
    /// refused until the plan allows them again.
    pub paused_bots: Vec<String>,
    /// Opus credits ever credited to the workspace (micro-USD): the credit ledger's limit.
    pub credits_granted: i64,
    /// The balance right after the last purchase or grant: low-credit alerts measure against it.
    pub credits_base: i64,
}

/// The family of a Claude model name, if it has one of the known three.
pub fn family(model: &str) -> Option<&'static str> {
    ["opus", "sonnet", "haiku"]
        .into_iter()
        .find(|f| model.contains(f))
}

/// Whether the plan may call `model`; the refusal names the plan and what it allows.
pub fn plan_allows(plan: &Plan, model: &str) -> std::result::Result<(), String> {
    match family(model) {
        Some(f) if plan.families.iter().any(|p| p == f) => Ok(()),
        _ => Err(format!(
            "model {model} is not included in the {} plan (it allows: {})",
            plan.name,
            plan.families.join(", ")
        )),
    }
}

/// Whether a request for `model` is paid from the workspace's prepaid credits.
pub fn uses_credits(plan: &Plan, model: &str) -> bool {
    family(model).is_some_and(|f| plan.credit_families.iter().any(|c| c == f))
}

/// Splits `"a,b"` into families.
pub fn parse_families(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Auto-downgrade mapping, e.g. `claude-opus-4-5 → claude-sonnet-4-5`.
pub type DowngradeMap = Vec<(String, String)>;

/// The default mapping: each Opus to the Sonnet of its generation.
pub fn default_downgrade_map() -> DowngradeMap {
    [
        ("claude-opus-4-5", "claude-sonnet-4-5"),
        ("claude-opus-4-1", "claude-sonnet-4"),
        ("claude-opus-4", "claude-sonnet-4"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

/// Parses `from=to,from=to`; the error names the bad entry.
pub fn parse_downgrade_map(raw: &str) -> std::result::Result<DowngradeMap, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Ok((a.trim().to_string(), b.trim().to_string()))
            }
            _ => Err(format!("'{pair}' is not model=model")),
        })
        .collect()
}

/// The model that serves `model` while the tenant is downgraded, if it is mapped (exactly, or
/// with a date or `-latest` suffix).
pub fn downgrade_target(map: &DowngradeMap, model: &str) -> Option<String> {
    map.iter()
        .filter(|(from, _)| {
            model == from
                || model
                    .strip_prefix(from.as_str())
                    .and_then(|r| r.strip_prefix('-'))
                    .is_some_and(|s| s == "latest" || s.bytes().all(|b| b.is_ascii_digit()))
        })
        .max_by_key(|(from, _)| from.len())
        .map(|(_, to)| to.clone())
}

/// Whether the tenant should be downgraded: less than `share` percent of its budget is left.
pub fn should_downgrade(share: i64, spent: i64, budget: i64) -> bool {
    budget > 0 && (budget - spent).saturating_mul(100) < share.saturating_mul(budget)
}

/// Share of a money budget (percent) under which it counts as spent: the agent is paused for
/// the day, the month's budget reads as used up. Without it, reserving each request's maximum
/// cost would keep the last few percent forever out of reach, and a daily limit would never
/// pause anything.
pub const NEARLY_SPENT_PERCENT: i64 = 5;

/// Whether a money budget is spent: all of it, or all but [`NEARLY_SPENT_PERCENT`].
pub fn nearly_spent(spent: i64, limit: i64) -> bool {
    spent >= limit
        || (limit - spent).saturating_mul(100) < limit.saturating_mul(NEARLY_SPENT_PERCENT)
}

/// Keys of a policy's budget scopes at `now`.
pub struct ScopeKeys {
    pub tenant_month: String,
    pub operator_cap: String,
    pub agent_month: String,
    pub agent_day: String,
    pub messages: String,
    pub credits: String,
}

/// How long a credit ledger is kept after its last request: far beyond any hold, so it expires
/// only when nothing is in flight and every debit is in the rollups it is seeded from.
pub const CREDIT_LEDGER_TTL_SECS: i64 = 35 * 86_400;

/// Ledger keys for the periods containing `now` in the tenant's zone.
pub fn scope_keys(p: &Policy, now: i64) -> ScopeKeys {
    let month = p.zone.month_key(now);
    let day = p.zone.day_key(now);
    ScopeKeys {
        tenant_month: format!("t:{}:m:{month}", p.tenant_id),
        operator_cap: format!("t:{}:cap:{month}", p.tenant_id),
        agent_month: format!("a:{}:m:{month}", p.agent_id),
        agent_day: format!("a:{}:d:{day}", p.agent_id),
        messages: format!("t:{}:msg:{month}", p.tenant_id),
        credits: format!("t:{}:credits", p.tenant_id),
    }
}

/// What a budget scope limits, for refusals and seeding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    TenantMonth,
    /// The operator's cap on the workspace's month: the same spending as [`ScopeKind::TenantMonth`]
    /// in a ledger of its own (one key reserved twice would hold twice).
    OperatorCap,
    AgentMonth,
    AgentDay,
    Messages,
    /// The workspace's prepaid credits: its limit is everything ever credited, its spent the
    /// credit-paid usage of all time.
    Credits,
}

/// The scopes a request of at most `max_cost` reserves in, with what each one is; `credits`
/// when it is paid from the workspace's credits, whose scope comes last so that a budget that
/// refuses too is the one named.
pub fn scopes(p: &Policy, now: i64, max_cost: i64, credits: bool) -> Vec<(ScopeKind, Scope)> {
    let keys = scope_keys(p, now);
    let (_, month_end) = p.zone.month_bounds(now);
    let (_, day_end) = p.zone.day_bounds(now);
    // Ledgers outlive their period by a day so a late settlement still finds them.
    let month_ttl = month_end - now + 86_400;
    let day_ttl = day_end - now + 86_400;
    let mut out = Vec::new();
    let mut push = |kind, key: String, limit: Option<i64>, amount, ttl_secs| {
        if let Some(limit) = limit {
            out.push((
                kind,
                Scope {
                    key,
                    limit,
                    amount,
                    ttl_secs,
                },
            ));
        }
    };
    push(
        ScopeKind::TenantMonth,
        keys.tenant_month,
        p.tenant_budget,
        max_cost,
        month_ttl,
    );
    push(
        ScopeKind::OperatorCap,
        keys.operator_cap,
        p.operator_cap,
        max_cost,
        month_ttl,
    );
    push(
        ScopeKind::AgentMonth,
        keys.agent_month,
        p.agent_budget,
        max_cost,
        month_ttl,
    );
    let lifted = p.pause_lifted_until.is_some_and(|t| t > now);
    push(
        ScopeKind::AgentDay,
        keys.agent_day,
        p.daily_limit.filter(|_| !lifted),
        max_cost,
        day_ttl,
    );
    push(
        ScopeKind::Messages,
        keys.messages,
        p.plan.monthly_messages,
        1,
        month_ttl,
    );
    push(
        ScopeKind::Credits,
        keys.credits,
        credits.then_some(p.credits_granted),
        max_cost,
        CREDIT_LEDGER_TTL_SECS,
    );
    out
}

/// An agent joined with its workspace, as `load` reads it.
#[derive(sqlx::FromRow)]
struct PolicyRow {
    tenant_id: TenantId,
    agent_id: String,
    agent_name: String,
    timezone: String,
    tenant_budget: Option<i64>,
    downgrade_enabled: i64,
    downgrade_share: i64,
    downgrade_active: i64,
    agent_budget: Option<i64>,
    daily_limit: Option<i64>,
    paused_until: Option<i64>,
    pause_lifted_until: Option<i64>,
    plan_id: String,
    operator_cap: Option<i64>,
    credits_granted: i64,
    credits_base: i64,
}

/// A row of `plans`.
#[derive(sqlx::FromRow)]
struct PlanRow {
    id: String,
    name: String,
    models: String,
    default_model: String,
    monthly_messages: Option<i64>,
    max_groups: Option<i64>,
    max_bots: Option<i64>,
    api_access: i64,
    credit_models: String,
}

/// Reads a plan.
pub async fn load_plan(db: &Db, plan_id: &str) -> Result<Option<Plan>> {
    let row: Option<PlanRow> = sqlx::query_as(
        "SELECT id, name, models, default_model, monthly_messages, max_groups, max_bots, api_access,
                credit_models
         FROM plans WHERE id = $1",
    )
    .bind(plan_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(plan_from_row))
}

/// Every plan, cheapest first.
pub async fn list_plans(db: &Db) -> Result<Vec<Plan>> {
    let rows: Vec<PlanRow> = sqlx::query_as(
        "SELECT id, name, models, default_model, monthly_messages, max_groups, max_bots, api_access,
                credit_models
         FROM plans ORDER BY position",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(plan_from_row).collect())
}

fn plan_from_row(r: PlanRow) -> Plan {
    Plan {
        id: r.id,
        name: r.name,
        families: parse_families(&r.models),
        default_model: r.default_model,
        monthly_messages: r.monthly_messages,
        max_groups: r.max_groups,
        max_bots: r.max_bots,
        api_access: r.api_access != 0,
        credit_families: parse_families(&r.credit_models),
    }
}

/// The policy of an agent, read from the database.
pub async fn load(db: &Db, agent_id: &str) -> Result<Option<Policy>> {
    let row: Option<PolicyRow> = sqlx::query_as(
        "SELECT a.tenant_id, a.id AS agent_id, a.name AS agent_name, t.timezone,
                t.monthly_budget AS tenant_budget, t.downgrade_enabled, t.downgrade_share,
                t.downgrade_active, a.monthly_budget AS agent_budget, a.daily_limit,
                a.paused_until, a.pause_lifted_until, t.plan_id, t.operator_cap,
                t.credits_granted, t.credits_base
         FROM agents a JOIN tenants t ON t.id = a.tenant_id WHERE a.id = $1",
    )
    .bind(agent_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let plan = load_plan(db, &r.plan_id).await?.ok_or_else(|| {
        crate::error::Error::Internal(format!(
            "tenant {} has unknown plan {}",
            r.tenant_id, r.plan_id
        ))
    })?;
    let paused_bots = crate::costs::plans::paused_bots(db, &r.tenant_id, &plan).await?;
    // A zone that no longer parses (tzdb change) falls back to UTC rather than stopping traffic.
    let zone = Zone::stored(&r.timezone);
    Ok(Some(Policy {
        tenant_id: r.tenant_id,
        agent_id: r.agent_id,
        agent_name: r.agent_name,
        zone,
        plan,
        tenant_budget: r.tenant_budget,
        operator_cap: r.operator_cap,
        downgrade_share: (r.downgrade_enabled != 0).then_some(r.downgrade_share),
        downgrade_active: r.downgrade_active != 0,
        agent_budget: r.agent_budget,
        daily_limit: r.daily_limit,
        paused_until: r.paused_until,
        pause_lifted_until: r.pause_lifted_until,
        paused_bots,
        credits_granted: r.credits_granted,
        credits_base: r.credits_base,
    }))
}

/// How long a loaded policy is used before it is read again. Changes made in this process drop
/// it at once; another process's changes apply within this time.
pub const POLICY_TTL_MS: i64 = 5_000;

/// Policies by agent id, with when each expires (Unix milliseconds); the tenants whose
/// settings are being changed right now (their policies are read from the database meanwhile);
/// and how many times policies were dropped, so that a load which started before a drop does
/// not put back what it read.
#[derive(Default)]
struct Entries {
    policies: HashMap<String, (Arc<Policy>, i64)>,
    changing: Vec<TenantId>,
    generation: u64,
}

impl Entries {
    fn drop_tenant(&mut self, tenant_id: &TenantId) {
        self.generation += 1;
        self.policies.retain(|_, (p, _)| p.tenant_id != *tenant_id);
    }
}

/// Recently used policies by agent.
#[derive(Clone, Default)]
pub struct PolicyCache {
    entries: Arc<RwLock<Entries>>,
}

/// Held while a tenant's settings are written: see [`PolicyCache::changing`].
pub struct Changing {
    cache: PolicyCache,
    tenant_id: TenantId,
}

impl Drop for Changing {
    fn drop(&mut self) {
        let mut entries = self
            .cache
            .entries
            .write()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(i) = entries.changing.iter().position(|t| *t == self.tenant_id) {
            entries.changing.swap_remove(i);
        }
        entries.drop_tenant(&self.tenant_id);
    }
}

impl PolicyCache {
    /// The agent's policy, from memory when fresh.
    pub async fn get(&self, db: &Db, agent_id: &str) -> Result<Option<Arc<Policy>>> {
        let now = crate::clock::now_ms();
        let generation = {
            let entries = self.entries.read().unwrap_or_else(|p| p.into_inner());
            if let Some((p, expires)) = entries.policies.get(agent_id) {
                if *expires > now {
                    return Ok(Some(p.clone()));
                }
            }
            entries.generation
        };
        let loaded = load(db, agent_id).await?.map(Arc::new);
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        match &loaded {
            // What was read may predate a change made meanwhile, or one under way.
            Some(p)
                if entries.generation != generation || entries.changing.contains(&p.tenant_id) => {}
            Some(p) => {
                entries
                    .policies
                    .insert(agent_id.to_string(), (p.clone(), now + POLICY_TTL_MS));
            }
            None => {
                entries.policies.remove(agent_id);
            }
        }
        Ok(loaded)
    }

    /// Marks a change of the tenant's settings under way until the guard is dropped: its
    /// policies are dropped now and read from the database until then, so every request that
    /// starts once the change is committed sees it.
    pub fn changing(&self, tenant_id: &TenantId) -> Changing {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        entries.changing.push(tenant_id.clone());
        entries.drop_tenant(tenant_id);
        Changing {
            cache: self.clone(),
            tenant_id: tenant_id.clone(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn plan(families: &str) -> Plan {
        Plan {
            id: "starter".into(),
            name: "Starter".into(),
            families: parse_families(families),
            default_model: "claude-haiku-4-5".into(),
            monthly_messages: Some(500),
            max_groups: Some(1),
            max_bots: Some(1),
            api_access: false,
            credit_families: Vec::new(),
        }
    }

    #[test]
    fn plans_allow_models_by_family() {
        let starter = plan("haiku");
        assert!(plan_allows(&starter, "claude-haiku-4-5").is_ok());
        let refused = plan_allows(&starter, "claude-opus-4-5").unwrap_err();
        assert!(refused.contains("Starter plan"), "{refused}");
        assert!(refused.contains("haiku"), "{refused}");
        assert!(plan_allows(&plan("haiku,sonnet"), "claude-sonnet-4-5-20250929").is_ok());
        assert!(plan_allows(&plan("haiku,sonnet,opus"), "gpt-4o").is_err());
    }

    #[test]
    fn downgrade_maps_exact_and_dated_names() {
        let map =
            parse_downgrade_map("claude-opus-4-5=claude-sonnet-4-5, claude-opus-4=x").unwrap();
        assert_eq!(
            downgrade_target(&map, "claude-opus-4-5-20251101").as_deref(),
            Some("claude-sonnet-4-5")
        );
        assert_eq!(
            downgrade_target(&map, "claude-opus-4").as_deref(),
            Some("x")
        );
        assert_eq!(downgrade_target(&map, "claude-sonnet-4-5"), None);
        assert!(parse_downgrade_map("claude-opus-4-5").is_err());
        assert_eq!(default_downgrade_map().len(), 3);
    }

    #[test]
    fn a_budget_is_spent_when_under_five_percent_is_left() {
        assert!(!nearly_spent(0, 100_000));
        assert!(!nearly_spent(95_000, 100_000));
        assert!(nearly_spent(95_001, 100_000));
        assert!(nearly_spent(120_000, 100_000));
        assert!(nearly_spent(0, 0));
    }

    #[test]
    fn credits_are_reserved_last_and_only_for_the_plans_credit_families() {
        let mut business = plan("haiku,sonnet,opus");
        business.credit_families = parse_families("opus");
        assert!(uses_credits(&business, "claude-opus-4-5-20251101"));
        assert!(!uses_credits(&business, "claude-sonnet-4-5"));
        assert!(!uses_credits(&plan("haiku,sonnet,opus"), "claude-opus-4-5"));
        let p = Policy {
            tenant_id: TenantId::new("t1"),
            agent_id: "a1".into(),
            agent_name: "Lobo".into(),
            zone: Zone::stored("UTC"),
            plan: business,
            tenant_budget: Some(1_000_000),
            operator_cap: None,
            agent_budget: None,
            daily_limit: None,
            paused_until: None,
            pause_lifted_until: None,
            downgrade_share: None,
            downgrade_active: false,
            paused_bots: Vec::new(),
            credits_granted: 50_000,
            credits_base: 50_000,
        };
        let with = scopes(&p, 1_780_000_000, 700, true);
        let kinds: Vec<ScopeKind> = with.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                ScopeKind::TenantMonth,
                ScopeKind::Messages,
                ScopeKind::Credits
            ]
        );
        let (_, credits) = with.last().unwrap();
        assert_eq!(
            (credits.key.as_str(), credits.limit, credits.amount),
            ("t:t1:credits", 50_000, 700)
        );
        assert!(scopes(&p, 1_780_000_000, 700, false)
            .iter()
            .all(|(k, _)| *k != ScopeKind::Credits));
    }

    #[test]
    fn downgrade_engages_below_the_remaining_share() {
        assert!(!should_downgrade(20, 800, 1_000));
        assert!(should_downgrade(20, 801, 1_000));
        assert!(should_downgrade(20, 1_200, 1_000));
        assert!(!should_downgrade(20, 0, 0));
    }
}
