//! How the audit log reads: each stored action's label and the area of the product it is
//! filed under, one table for both, so a new action is named and filed in one place.

use serde::{Deserialize, Serialize};

/// The part of the product an audited action belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditCategory {
    SignIn,
    Workspace,
    Team,
    AgentsAndKeys,
    Bots,
    Budgets,
    AlertsAndIncidents,
    Notifications,
    ProviderPool,
    /// An action this build does not know (written by a newer one).
    Other,
}

impl AuditCategory {
    /// Every area, in the order the log's filter lists them.
    pub const ALL: [AuditCategory; 10] = [
        AuditCategory::SignIn,
        AuditCategory::Workspace,
        AuditCategory::Team,
        AuditCategory::AgentsAndKeys,
        AuditCategory::Bots,
        AuditCategory::Budgets,
        AuditCategory::AlertsAndIncidents,
        AuditCategory::Notifications,
        AuditCategory::ProviderPool,
        AuditCategory::Other,
    ];

    /// As the audit page shows it.
    pub fn label(self) -> &'static str {
        match self {
            AuditCategory::SignIn => "Sign-in",
            AuditCategory::Workspace => "Workspace",
            AuditCategory::Team => "Team",
            AuditCategory::AgentsAndKeys => "Agents & keys",
            AuditCategory::Bots => "Bots",
            AuditCategory::Budgets => "Budgets",
            AuditCategory::AlertsAndIncidents => "Alerts & incidents",
            AuditCategory::Notifications => "Notifications",
            AuditCategory::ProviderPool => "Provider pool",
            AuditCategory::Other => "Other",
        }
    }
}

use AuditCategory as C;

/// Every action the log stores (`baas::audit::Action::as_str`), its label and its area.
const ACTIONS: &[(&str, &str, AuditCategory)] = &[
    ("sign_in", "Signed in", C::SignIn),
    ("sign_out", "Signed out", C::SignIn),
    ("sign_in_failed", "Failed sign-in", C::SignIn),
    ("tenant_created", "Workspace created", C::Workspace),
    ("plan_changed", "Plan changed", C::Workspace),
    ("billing_changed", "Billing changed", C::Workspace),
    (
        "workspace_exported",
        "Workspace data exported",
        C::Workspace,
    ),
    ("workspace_deleted", "Workspace deleted", C::Workspace),
    ("account_deleted", "Account deleted", C::Team),
    (
        "audit_retention_changed",
        "Audit retention changed",
        C::Workspace,
    ),
    ("invite_created", "Invite created", C::Team),
    ("invite_accepted", "Invite accepted", C::Team),
    ("invite_revoked", "Invite revoked", C::Team),
    ("role_changed", "Role changed", C::Team),
    ("member_removed", "Member removed", C::Team),
    ("agent_created", "Agent created", C::AgentsAndKeys),
    ("agent_renamed", "Agent renamed", C::AgentsAndKeys),
    ("agent_deleted", "Agent deleted", C::AgentsAndKeys),
    ("key_created", "Key created", C::AgentsAndKeys),
    ("key_revoked", "Key revoked", C::AgentsAndKeys),
    ("bot_added", "Bot added", C::Bots),
    ("bot_removed", "Bot removed", C::Bots),
    ("bot_config_changed", "Bot settings changed", C::Bots),
    (
        "bot_connection_changed",
        "Bot address or token changed",
        C::Bots,
    ),
    ("persona_changed", "Persona changed", C::Bots),
    ("knowledge_changed", "Knowledge base changed", C::Bots),
    ("bot_restarted", "Bot restarted", C::Bots),
    ("budget_changed", "Budget changed", C::Budgets),
    ("agent_paused", "Agent paused", C::Budgets),
    ("agent_unpaused", "Agent unpaused", C::Budgets),
    ("downgrade_switched", "Auto-downgrade switched", C::Budgets),
    (
        "alert_acknowledged",
        "Alert acknowledged",
        C::AlertsAndIncidents,
    ),
    ("incident_opened", "Incident opened", C::AlertsAndIncidents),
    (
        "incident_escalated",
        "Incident escalated",
        C::AlertsAndIncidents,
    ),
    (
        "incident_resolved",
        "Incident resolved",
        C::AlertsAndIncidents,
    ),
    (
        "incident_acknowledged",
        "Incident acknowledged",
        C::AlertsAndIncidents,
    ),
    ("notify_changed", "Notifications changed", C::Notifications),
    ("silence_changed", "Silence changed", C::Notifications),
    ("pool_changed", "Provider pool changed", C::ProviderPool),
];

/// A stored action's label, e.g. "Budget changed"; "Other" for one this build does not know.
pub fn audit_action_label(action: &str) -> &'static str {
    ACTIONS
        .iter()
        .find(|(name, ..)| *name == action)
        .map_or("Other", |(_, label, _)| label)
}

/// Every action the log names.
pub fn audit_actions() -> impl Iterator<Item = &'static str> {
    ACTIONS.iter().map(|(action, ..)| *action)
}

/// The area a stored action is filed under.
pub fn audit_category(action: &str) -> AuditCategory {
    ACTIONS
        .iter()
        .find(|(name, ..)| *name == action)
        .map_or(AuditCategory::Other, |(.., category)| *category)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_changes_are_filed_under_budgets() {
        for action in [
            "budget_changed",
            "agent_paused",
            "agent_unpaused",
            "downgrade_switched",
        ] {
            assert_eq!(audit_category(action), AuditCategory::Budgets, "{action}");
        }
        assert_eq!(audit_action_label("budget_changed"), "Budget changed");
    }

    #[test]
    fn added_and_removed_bots_are_filed_under_bots() {
        assert_eq!(audit_category("bot_added"), AuditCategory::Bots);
        assert_eq!(audit_category("bot_removed"), AuditCategory::Bots);
        assert_eq!(audit_action_label("bot_added"), "Bot added");
        assert_eq!(audit_action_label("bot_removed"), "Bot removed");
    }

    #[test]
    fn agent_changes_are_filed_under_agents_and_keys() {
        for action in [
            "agent_created",
            "agent_renamed",
            "agent_deleted",
            "key_revoked",
        ] {
            assert_eq!(
                audit_category(action),
                AuditCategory::AgentsAndKeys,
                "{action}"
            );
        }
    }

    #[test]
    fn an_unknown_action_is_other_and_no_action_is_listed_twice() {
        assert_eq!(audit_category("made_up"), AuditCategory::Other);
        assert_eq!(audit_action_label("made_up"), "Other");
        for (i, (name, label, category)) in ACTIONS.iter().enumerate() {
            assert!(
                ACTIONS[i + 1..].iter().all(|(other, ..)| other != name),
                "{name} listed twice"
            );
            assert_ne!(*label, "Other", "{name}");
            assert_ne!(*category, AuditCategory::Other, "{name}");
        }
    }
}
