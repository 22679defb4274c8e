//! Typed data shared between the server and the browser.

mod agent_id;
mod audit;
mod billing;
mod health;
mod overview;
mod pool;
mod reach;

pub use agent_id::*;
pub use audit::*;
pub use billing::*;
pub use health::*;
pub use overview::*;
pub use pool::*;
pub use reach::*;

use crate::roles::Role;
use serde::{Deserialize, Serialize};

/// The signed-in user and the tenants they belong to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: String,
    pub email: String,
    pub tenants: Vec<TenantSummary>,
    /// Whether the user runs the service (provider pool, prices).
    pub operator: bool,
}

/// A tenant as seen by one of its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantSummary {
    pub id: crate::ids::TenantId,
    pub name: String,
    pub role: Role,
    /// The workspace's IANA time zone, in which its pages show times.
    pub timezone: String,
}

/// One member of a tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberView {
    pub user_id: String,
    pub email: String,
    pub role: Role,
    pub joined_at: i64,
}

/// Where an invite stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InviteState {
    Pending,
    Accepted,
    Revoked,
    Expired,
}

impl InviteState {
    /// Human label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            InviteState::Pending => "Pending",
            InviteState::Accepted => "Accepted",
            InviteState::Revoked => "Revoked",
            InviteState::Expired => "Expired",
        }
    }
}

/// An invite as listed to the tenant's admins (never includes the token).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InviteView {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub state: InviteState,
    pub created_at: i64,
    pub expires_at: i64,
    pub created_by: String,
}

/// A newly created invite: the only time its link is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedInvite {
    pub invite: InviteView,
    pub link: String,
    /// Whether the link also went to the invited address by email (the page says so, or asks
    /// to send it by hand).
    #[serde(default)]
    pub emailed: bool,
}

/// What the invitee sees before accepting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitePreview {
    pub tenant_name: String,
    pub email: String,
    pub role: Role,
    pub state: InviteState,
    pub expires_at: i64,
}

/// One audit-log line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub detail: String,
    pub ip: Option<String>,
}

/// A page of audit entries, newest first, with a cursor for the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next_before: Option<i64>,
}

/// An agent of a tenant: maps to one Clawdbot agent and owns virtual keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(sqlx::FromRow))]
pub struct AgentView {
    pub id: String,
    pub name: String,
    pub clawdbot_agent_id: String,
    pub created_at: i64,
}

/// A virtual key as listed (never the key itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyView {
    pub id: String,
    pub agent_id: String,
    pub name: String,
    pub display_prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A newly created virtual key: the only time the key is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedKey {
    pub key: String,
    pub view: KeyView,
}

/// A key as the page hands it over, this once: the key, the gateway's base URL a bot sends its
/// calls to, and the configuration to paste into the bot for each peer (Clawdbot lists agents,
/// OpenClaw keys them by id), as JSON text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuedKey {
    pub key: String,
    pub view: KeyView,
    pub base_url: String,
    pub clawdbot_snippet: String,
    pub openclaw_snippet: String,
}

/// A registered bot and its live connection state, as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotView {
    pub id: String,
    pub name: String,
    pub gateway_url: String,
    /// `connecting`, `online`, `degraded` or `offline`.
    pub state: String,
    /// Last time (Unix seconds) the bot answered.
    pub last_seen: Option<i64>,
    /// `Clawdbot` or `OpenClaw`, once connected.
    pub product: Option<String>,
    pub version: Option<String>,
    /// The last problem, in words an owner can act on.
    pub error: Option<String>,
    /// When (Unix seconds) the bot entered its current state.
    pub since: Option<i64>,
    /// When (Unix seconds) BaaS last tried the bot (a connection attempt or a health check).
    pub checked_at: Option<i64>,
    /// The kind of the last problem (`unreachable`, `token-refused`, `not-a-gateway`, …), for
    /// the page to put in the reader's words.
    pub problem: Option<String>,
    pub created_at: i64,
    /// Above the plan's bot cap: its requests are refused until the plan allows it again.
    #[serde(default)]
    pub paused_by_plan: bool,
}

/// One WhatsApp group's setting on a bot (`*` is the default for every group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSetting {
    pub id: String,
    /// `None`: not set here, Clawdbot's default applies.
    pub require_mention: Option<bool>,
    /// The agent this group is routed to, if a binding says so.
    pub agent: Option<String>,
}

/// One agent of a bot as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentSetting {
    pub id: String,
    pub name: String,
    pub emoji: String,
    pub avatar: String,
    /// The model id without its provider (`claude-sonnet-4-5`), if set.
    pub model: Option<String>,
    /// Whether its calls go through this BaaS.
    pub on_baas: bool,
    pub mention_patterns: Vec<String>,
    /// Where its persona files (`SOUL.md`, …) live on the bot's machine.
    pub workspace: Option<String>,
}

/// A skill the bot offers, and whether it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillSetting {
    pub name: String,
    pub description: String,
    pub enabled: bool,
}

/// One applied version of a bot's configuration, with what it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigVersionView {
    pub id: String,
    pub version: i64,
    pub summary: String,
    pub author: String,
    pub created_at: i64,
    /// `path: old → new`, against the version before it.
    pub diff: Vec<String>,
}

/// A bot's live configuration as the editor shows it, with the hash every save must name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotConfigView {
    pub bot_id: String,
    pub bot_name: String,
    pub hash: String,
    pub groups: Vec<GroupSetting>,
    pub group_policy: Option<String>,
    pub dm_policy: Option<String>,
    pub allow_from: Vec<String>,
    /// Numbers whose group messages are answered under the allow-list group policy.
    pub group_allow_from: Vec<String>,
    pub agents: Vec<AgentSetting>,
    /// Mention patterns for every agent.
    pub mention_patterns: Vec<String>,
    pub skills: Vec<SkillSetting>,
    /// Models an agent can be set to (the price table).
    pub models: Vec<String>,
    pub versions: Vec<ConfigVersionView>,
    /// Whether this was read from the bot just now, or is what BaaS last knew.
    pub reach: BotReach,
}

/// A conversation imported from a bot's session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationView {
    pub id: String,
    pub bot_id: String,
    /// The Clawdbot agent id.
    pub agent: String,
    pub channel: String,
    /// The WhatsApp group, for group conversations.
    pub group: Option<String>,
    /// The group's name, as the bot last reported it.
    pub group_name: Option<String>,
    pub model: Option<String>,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub cost_micro_usd: i64,
    pub last_message: Option<String>,
    pub updated_at: i64,
}

/// One message of a conversation's transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptLine {
    pub role: String,
    pub text: String,
}

/// What one sync of bots' sessions did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SyncReport {
    pub seen: u32,
    pub added: u32,
    pub updated: u32,
    /// Bots left out because they cannot be reached now (their names).
    #[serde(default)]
    pub unreachable: Vec<String>,
}

/// Tokens and cost of one WhatsApp group (or of direct messages) across its conversations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCost {
    pub bot_id: String,
    /// The group, or `None` for direct messages.
    pub group: Option<String>,
    /// The group's name, as the bot last reported it.
    pub group_name: Option<String>,
    pub conversations: i64,
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub cost_micro_usd: i64,
}

/// An alert as listed on the alerts page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertView {
    pub id: String,
    pub kind: String,
    pub severity: String,
    /// In English, as recorded.
    pub message: String,
    /// The same message as a message id and its arguments, to be said in the reader's
    /// language (absent for alerts recorded before messages were kept that way).
    pub text: Option<crate::i18n::Text>,
    pub created_at: i64,
    pub acknowledged_at: Option<i64>,
    pub acknowledged_by: Option<String>,
}

/// A notification channel as the Admin Agent page lists it (URLs by host only, no secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotifyChannelView {
    pub id: String,
    /// "email", "webhook", "slack" or "whatsapp".
    pub kind: String,
    pub name: String,
    pub target: String,
    pub bot_id: Option<String>,
    pub enabled: bool,
    pub created_at: i64,
}

/// A workspace's notification settings: channel kinds per severity, quiet hours (local
/// minutes of the day), the critical repeat interval and the Admin Agent's voice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotifySettingsView {
    pub info: Vec<String>,
    pub warning: Vec<String>,
    pub error: Vec<String>,
    pub critical: Vec<String>,
    pub quiet_start: Option<u32>,
    pub quiet_end: Option<u32>,
    pub repeat_minutes: i64,
    pub tone: String,
    pub language: String,
    pub emoji: bool,
    pub greeting: String,
    pub signature: String,
}

/// One delivery attempt of a notification, as the Admin Agent page logs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: String,
    pub channel: String,
    pub recipient: String,
    /// The subject as sent, in the workspace's language.
    pub subject: String,
    /// The subject as a message, to be said in the reader's language (`None` for deliveries
    /// logged before it was kept).
    pub text: Option<crate::i18n::Text>,
    /// "sending", "sent", "retrying" or "failed".
    pub status: String,
    pub error: Option<String>,
    pub attempts: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A plan's limits as shown and edited (`None` = unlimited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub id: String,
    pub name: String,
    /// Comma-separated model families: haiku, sonnet, opus.
    pub models: String,
    pub default_model: String,
    pub monthly_messages: Option<i64>,
    pub max_groups: Option<i64>,
    pub max_bots: Option<i64>,
    pub api_access: bool,
    /// Families reached only through prepaid credits (`opus` on Business); shown, not edited
    /// with the plan's limits.
    #[serde(default)]
    pub credit_models: String,
}

/// One agent's spending limits and today's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentLimits {
    pub agent_id: String,
    pub name: String,
    pub monthly_budget: Option<i64>,
    pub daily_limit: Option<i64>,
    /// "00:00 America/Sao_Paulo, 23 Nov" while the agent is paused for the day.
    pub paused_until: Option<String>,
    pub spent_today: i64,
    pub spent_month: i64,
}

/// A tenant's plan, time zone, budget and auto-downgrade settings, with its agents' limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetSettings {
    pub plan: PlanView,
    pub timezone: String,
    pub monthly_budget: Option<i64>,
    /// The monthly spending cap the operator set, which the workspace cannot change.
    pub operator_cap: Option<i64>,
    pub downgrade_enabled: bool,
    pub downgrade_share: i64,
    pub downgrade_active: bool,
    pub agents: Vec<AgentLimits>,
}

/// The dashboard's filters, as kept in the URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UsageFilter {
    /// First local day, `YYYY-MM-DD` (default: the first of this month).
    pub from: Option<String>,
    /// Last local day, inclusive (default: today).
    pub to: Option<String>,
    pub agent: Option<String>,
    pub model: Option<String>,
    pub group: Option<String>,
}

/// Month-end projection as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectionView {
    pub projected: i64,
    pub avg_7d: Option<i64>,
    pub avg_30d: Option<i64>,
    pub daily_rate: i64,
    /// Local date the budget is crossed at this pace, if within the month.
    pub crosses_on: Option<String>,
}

/// Tokens by class.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TokenClasses {
    pub input: i64,
    pub output: i64,
    pub cache_read: i64,
    pub cache_write: i64,
}

/// One bar of the cost by channel and group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSlice {
    /// What people read: the group's name (else a short form of its id), a channel's direct
    /// chats, or "Other".
    pub label: String,
    /// The group's id (`…@g.us`); none for direct chats and "Other".
    pub jid: Option<String>,
    pub cost: i64,
}

/// Everything the consumption dashboard shows for a filter. Money is micro-USD.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub timezone: String,
    /// The operator's rate for showing reais beside the dollars, if set.
    pub brl_rate: Option<crate::exchange::BrlRate>,
    pub plan: String,
    pub from: String,
    pub to: String,
    pub month_to_date: i64,
    pub budget: Option<i64>,
    pub projection: ProjectionView,
    pub messages_month: i64,
    pub message_quota: Option<i64>,
    /// Totals of the filtered range.
    pub cost: i64,
    pub requests: i64,
    pub tokens: TokenClasses,
    /// What each token class cost: each model's cost split across its classes by their prices.
    pub token_costs: TokenClasses,
    /// Local days of the range, and each model's cost per day.
    pub days: Vec<String>,
    pub daily_by_model: Vec<(String, Vec<i64>)>,
    pub by_agent: Vec<(String, i64)>,
    pub by_model: Vec<(String, i64)>,
    /// Cost by channel/group from synced conversations: the top ones, then "Other"; only the
    /// chosen group when the filter names one.
    pub by_group: Vec<GroupSlice>,
    /// Cost by local hour of day, 0 to 23.
    pub hourly: Vec<i64>,
    /// Filter choices: agents (id, name), models, groups (jid, label) in name order.
    pub agents: Vec<(String, String)>,
    pub models: Vec<String>,
    pub groups: Vec<(String, String)>,
    /// Why the filter's dates could not be used; the figures are then the default range's.
    pub filter_error: Option<String>,
}

/// Plans and which tenant is on which, for the operator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlansView {
    pub plans: Vec<PlanView>,
    pub tenants: Vec<TenantPlan>,
}

/// A tenant's plan and the spending cap the operator set on it, as operators see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(sqlx::FromRow))]
pub struct TenantPlan {
    pub id: String,
    pub name: String,
    pub plan_id: String,
    /// Micro-USD a month, if capped.
    pub operator_cap: Option<i64>,
    /// 1 when an operator set the plan by hand (Stripe's events leave it alone).
    pub plan_override: i64,
}

/// One document of a bot's knowledge base, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeDocView {
    pub id: String,
    pub name: String,
    /// `text`, `markdown` or `pdf`.
    pub kind: String,
    /// The uploaded file's size.
    pub size_bytes: i64,
    /// Characters of text the bot is given.
    pub chars: i64,
    pub created_by: String,
    pub updated_at: i64,
}

/// A bot's knowledge base and the room its plan gives it; or why the bot cannot hold one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnowledgeView {
    pub documents: Vec<KnowledgeDocView>,
    pub limit_documents: i64,
    pub limit_chars: i64,
    pub used_chars: i64,
    pub unsupported: Option<String>,
    /// The bot's connection, as the page shows it (set by the page's server function).
    pub reach: Option<BotReach>,
}

/// The persona files the editor offers. (`MEMORY.md` belongs to the knowledge base;
/// `BOOTSTRAP.md` is the one-time first-run script.)
pub const PERSONA_FILES: [&str; 4] = ["SOUL.md", "AGENTS.md", "IDENTITY.md", "USER.md"];

/// One persona file of an agent as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonaFileView {
    pub name: String,
    pub content: String,
    /// The hash a save must name (`None`: the file does not exist yet).
    pub hash: Option<String>,
    pub missing: bool,
    /// The most characters OpenClaw reads of it into the prompt.
    pub max_chars: i64,
}

/// A stored version of a persona file, with its diff from the version before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonaVersionView {
    pub id: String,
    pub version: i64,
    pub summary: String,
    pub author: String,
    pub created_at: i64,
    pub diff: String,
}

/// The persona editor's page: the bot's agents and, for the chosen one, its files; or why the
/// bot cannot hold persona files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonaView {
    pub bot_name: String,
    pub agents: Vec<String>,
    pub agent: String,
    pub files: Vec<PersonaFileView>,
    pub unsupported: Option<String>,
    /// Whether the files were read from the bot just now, or are what BaaS last wrote.
    pub reach: BotReach,
}
