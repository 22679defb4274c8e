//! What the workspace Overview shows: the team at a glance, each bot's state, the month's
//! spend against the budget, how much of the plan is used, and what needs attention.

use super::{AlertView, BotView, ProjectionView};
use crate::i18n::Text;
use crate::roles::Role;
use serde::{Deserialize, Serialize};

/// The workspace and its team, with the viewer's role in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantOverview {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub created_at: i64,
    pub members: i64,
    /// `None` for roles that may not see invites.
    pub pending_invites: Option<i64>,
}

/// A bot as the Overview lists it: its connection as the Bots page shows it, and the Admin
/// Agent's verdict from its checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverviewBot {
    pub bot: BotView,
    /// "unknown", "up", "suspect" or "down".
    pub health: String,
    pub last_check_at: Option<i64>,
    pub open_incident: Option<String>,
    pub silenced_until: Option<i64>,
}

/// The month so far against the workspace's budget. Money is micro-USD.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpendSummary {
    /// The zone whose calendar month this is.
    pub timezone: String,
    pub month_to_date: i64,
    pub budget: Option<i64>,
    /// The monthly cap the operator set, which stops requests whatever the budget says.
    pub operator_cap: Option<i64>,
    pub projection: ProjectionView,
    /// The operator's rate for showing reais beside the dollars, if set.
    pub brl_rate: Option<crate::exchange::BrlRate>,
}

/// One bot's configured WhatsApp groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotGroups {
    pub bot_id: String,
    pub name: String,
    /// From the last configuration stored through BaaS; `None` until one is.
    pub groups: Option<i64>,
}

/// How much of its plan the workspace uses (`None` limits are unlimited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanUsage {
    pub plan: String,
    /// Answered requests this month, in the workspace's zone.
    pub messages_month: i64,
    pub message_quota: Option<i64>,
    pub bots: i64,
    pub max_bots: Option<i64>,
    /// WhatsApp groups allowed per bot.
    pub max_groups: Option<i64>,
    pub groups: Vec<BotGroups>,
}

/// An open incident, in brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentBrief {
    pub id: String,
    pub bot_name: String,
    pub kind: String,
    pub reason: String,
    /// The reason as a message, said in the reader's language (`None` for older incidents).
    pub reason_text: Option<Text>,
    pub opened_at: i64,
    pub acknowledged: bool,
}

/// What needs someone's attention: open incidents and unacknowledged alerts, each counted,
/// with the latest few.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attention {
    pub open_incidents: i64,
    pub incidents: Vec<IncidentBrief>,
    pub unacknowledged_alerts: i64,
    pub alerts: Vec<AlertView>,
}
