//! The authorisation registry: every server function, by the path its own macro gives it, in
//! exactly one of three lists, and each one's argument type for typed callers. The functions
//! live beside the pages that call them; a test fails if one is in none of these lists, and the
//! isolation and operator tests take their cases from them.

use leptos::server_fn::ServerFn;

// Every server function's argument type, for callers outside the UI (the API tests).
pub use crate::layout::{SetLanguage, Whoami};
pub use crate::pages::admin_agent::{
    AcknowledgeIncident, AddNotifyChannel, AdminAgentBots, ListDeliveries, ListIncidents,
    ListNotifyChannels, RemoveNotifyChannel, RotateWebhookSecret, SilenceBot, TestNotification,
    UnsilenceBot,
};
pub use crate::pages::admin_agent_charts::HealthHistory;
pub use crate::pages::admin_agent_settings::{GetNotifySettings, SaveNotifySettings};
pub use crate::pages::agents::{CreateAgent, DeleteAgent, ListAgents, RenameAgent};
pub use crate::pages::alerts::{AcknowledgeAlert, ListAlerts};
pub use crate::pages::audit::{AuditLog, GetAuditRetention, SaveAuditRetention};
pub use crate::pages::billing::{GetBilling, OpenPortal, StartCheckout};
pub use crate::pages::bot_config::{
    AddAgentToBot, ChangeBotConfig, GetBotConfig, ProvisionBot, RollbackBotConfig, SetAgentIdentity,
};
pub use crate::pages::bots::{AddBot, ListBots, RemoveBot, UpdateBot};
pub use crate::pages::budgets::{GetBudgetSettings, SaveAgentLimits, SaveBudget, UnpauseAgent};
pub use crate::pages::conversations::{GetTranscript, ListConversations, ListGroupCosts, SyncBots};
pub use crate::pages::credits::BuyCredits;
pub use crate::pages::invite::{AcceptInvite, GetInvite};
pub use crate::pages::keys::{CreateKey, ListKeys, RevokeKey};
pub use crate::pages::knowledge::{DeleteKnowledgeDocument, GetKnowledge, SyncKnowledge};
pub use crate::pages::login::SignInAddress;
pub use crate::pages::onboarding::CreateTenant;
pub use crate::pages::operator::{
    AddCredential, GetPool, SetCredentialEnabled, SetCredentialLimits, SetPrice,
};
pub use crate::pages::operator_billing::{
    AddCreditPack, BillingOverview, FollowStripe, RemoveCreditPack, SaveGraceDays, SavePlanPrice,
};
pub use crate::pages::operator_channels::{
    AddOperatorChannel, ListOperatorChannels, RemoveOperatorChannel, RotateOperatorSecret,
    TestOperatorChannel,
};
pub use crate::pages::operator_rate::{GetBrlRate, SetBrlRate};
pub use crate::pages::overview::GetOverview;
pub use crate::pages::persona::{GetPersona, PersonaVersions, RestorePersonaFile, SavePersonaFile};
pub use crate::pages::plans::{
    AcknowledgeOperatorAlert, ListPlans, OperatorAlerts, SavePlan, SetOperatorCap, SetTenantPlan,
};
pub use crate::pages::privacy::{DeleteMyAccount, DeleteWorkspace};
pub use crate::pages::team::{
    ChangeRole, CreateInvite, ListInvites, ListMembers, RemoveMember, RevokeInvite,
};
pub use crate::pages::usage::GetDashboard;
pub use crate::pages::voice_preview::PreviewVoice;
pub use crate::time::TimeZones;

/// Server functions that read or change one tenant's data; each takes `tenant_id` and asks
/// `member_of` for the caller's access before anything else.
pub const TENANT_SCOPED: &[&str] = &[
    <GetOverview as ServerFn>::PATH,
    <ListMembers as ServerFn>::PATH,
    <ChangeRole as ServerFn>::PATH,
    <RemoveMember as ServerFn>::PATH,
    <ListInvites as ServerFn>::PATH,
    <CreateInvite as ServerFn>::PATH,
    <RevokeInvite as ServerFn>::PATH,
    <AuditLog as ServerFn>::PATH,
    <GetAuditRetention as ServerFn>::PATH,
    <SaveAuditRetention as ServerFn>::PATH,
    <ListAgents as ServerFn>::PATH,
    <CreateAgent as ServerFn>::PATH,
    <RenameAgent as ServerFn>::PATH,
    <DeleteAgent as ServerFn>::PATH,
    <ListKeys as ServerFn>::PATH,
    <CreateKey as ServerFn>::PATH,
    <RevokeKey as ServerFn>::PATH,
    <ListBots as ServerFn>::PATH,
    <AddBot as ServerFn>::PATH,
    <RemoveBot as ServerFn>::PATH,
    <UpdateBot as ServerFn>::PATH,
    <GetBotConfig as ServerFn>::PATH,
    <ChangeBotConfig as ServerFn>::PATH,
    <RollbackBotConfig as ServerFn>::PATH,
    <ProvisionBot as ServerFn>::PATH,
    <SetAgentIdentity as ServerFn>::PATH,
    <SyncBots as ServerFn>::PATH,
    <AddAgentToBot as ServerFn>::PATH,
    <ListConversations as ServerFn>::PATH,
    <GetTranscript as ServerFn>::PATH,
    <ListGroupCosts as ServerFn>::PATH,
    <GetDashboard as ServerFn>::PATH,
    <GetBudgetSettings as ServerFn>::PATH,
    <SaveBudget as ServerFn>::PATH,
    <SaveAgentLimits as ServerFn>::PATH,
    <UnpauseAgent as ServerFn>::PATH,
    <ListAlerts as ServerFn>::PATH,
    <AcknowledgeAlert as ServerFn>::PATH,
    <GetPersona as ServerFn>::PATH,
    <SavePersonaFile as ServerFn>::PATH,
    <PersonaVersions as ServerFn>::PATH,
    <RestorePersonaFile as ServerFn>::PATH,
    <GetKnowledge as ServerFn>::PATH,
    <DeleteKnowledgeDocument as ServerFn>::PATH,
    <SyncKnowledge as ServerFn>::PATH,
    <AdminAgentBots as ServerFn>::PATH,
    <ListIncidents as ServerFn>::PATH,
    <AcknowledgeIncident as ServerFn>::PATH,
    <ListDeliveries as ServerFn>::PATH,
    <ListNotifyChannels as ServerFn>::PATH,
    <AddNotifyChannel as ServerFn>::PATH,
    <RemoveNotifyChannel as ServerFn>::PATH,
    <RotateWebhookSecret as ServerFn>::PATH,
    <TestNotification as ServerFn>::PATH,
    <GetNotifySettings as ServerFn>::PATH,
    <SaveNotifySettings as ServerFn>::PATH,
    <SilenceBot as ServerFn>::PATH,
    <UnsilenceBot as ServerFn>::PATH,
    <PreviewVoice as ServerFn>::PATH,
    <HealthHistory as ServerFn>::PATH,
    <GetBilling as ServerFn>::PATH,
    <StartCheckout as ServerFn>::PATH,
    <OpenPortal as ServerFn>::PATH,
    <BuyCredits as ServerFn>::PATH,
    <DeleteWorkspace as ServerFn>::PATH,
];

/// Server functions not scoped by a caller-given tenant id: they act on the caller's own
/// identity (`whoami`, `create_tenant`) or are authorised by holding an invite token, which is
/// bound to one email address (`get_invite`, `accept_invite`), or a sign-in link
/// (`sign_in_address`), or answer the same public list to anyone (`time_zones`), or delete the
/// caller's own account (`delete_my_account`).
pub const NOT_TENANT_SCOPED: &[&str] = &[
    <Whoami as ServerFn>::PATH,
    <SetLanguage as ServerFn>::PATH,
    <SignInAddress as ServerFn>::PATH,
    <CreateTenant as ServerFn>::PATH,
    <TimeZones as ServerFn>::PATH,
    <GetInvite as ServerFn>::PATH,
    <AcceptInvite as ServerFn>::PATH,
    <DeleteMyAccount as ServerFn>::PATH,
];

/// Operator-only server functions: the shared provider pool, the price table, plans and the
/// operators' own alerts and channels. Each asks `operator()` first; none reads or changes a
/// tenant's data.
pub const OPERATOR_ONLY: &[&str] = &[
    <BillingOverview as ServerFn>::PATH,
    <SavePlanPrice as ServerFn>::PATH,
    <SaveGraceDays as ServerFn>::PATH,
    <FollowStripe as ServerFn>::PATH,
    <AddCreditPack as ServerFn>::PATH,
    <RemoveCreditPack as ServerFn>::PATH,
    <GetBrlRate as ServerFn>::PATH,
    <SetBrlRate as ServerFn>::PATH,
    <GetPool as ServerFn>::PATH,
    <SetOperatorCap as ServerFn>::PATH,
    <AddCredential as ServerFn>::PATH,
    <SetCredentialEnabled as ServerFn>::PATH,
    <SetCredentialLimits as ServerFn>::PATH,
    <SetPrice as ServerFn>::PATH,
    <ListPlans as ServerFn>::PATH,
    <SavePlan as ServerFn>::PATH,
    <SetTenantPlan as ServerFn>::PATH,
    <OperatorAlerts as ServerFn>::PATH,
    <AcknowledgeOperatorAlert as ServerFn>::PATH,
    <ListOperatorChannels as ServerFn>::PATH,
    <AddOperatorChannel as ServerFn>::PATH,
    <RemoveOperatorChannel as ServerFn>::PATH,
    <RotateOperatorSecret as ServerFn>::PATH,
    <TestOperatorChannel as ServerFn>::PATH,
];
