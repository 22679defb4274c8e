//! The authorisation registry: every server function, by the path its own macro gives it,
//! in exactly one of three lists. The functions live beside the pages that call them; a test
//! fails if one is in none of these lists, and the isolation and operator tests take their
//! cases from them.

use leptos::server_fn::ServerFn;

/// Server functions that read or change one tenant's data; each takes `tenant_id` and asks
/// `member_of` for the caller's access before anything else.
pub const TENANT_SCOPED: &[&str] = &[
    <crate::pages::overview::GetOverview as ServerFn>::PATH,
    <crate::pages::team::ListMembers as ServerFn>::PATH,
    <crate::pages::team::ChangeRole as ServerFn>::PATH,
    <crate::pages::team::RemoveMember as ServerFn>::PATH,
    <crate::pages::team::ListInvites as ServerFn>::PATH,
    <crate::pages::team::CreateInvite as ServerFn>::PATH,
    <crate::pages::team::RevokeInvite as ServerFn>::PATH,
    <crate::pages::audit::AuditLog as ServerFn>::PATH,
    <crate::pages::agents::ListAgents as ServerFn>::PATH,
    <crate::pages::agents::CreateAgent as ServerFn>::PATH,
    <crate::pages::agents::ListKeys as ServerFn>::PATH,
    <crate::pages::agents::CreateKey as ServerFn>::PATH,
    <crate::pages::agents::RevokeKey as ServerFn>::PATH,
    <crate::pages::bots::ListBots as ServerFn>::PATH,
    <crate::pages::bots::AddBot as ServerFn>::PATH,
    <crate::pages::bots::RemoveBot as ServerFn>::PATH,
    <crate::pages::bot_config::GetBotConfig as ServerFn>::PATH,
    <crate::pages::bot_config::ChangeBotConfig as ServerFn>::PATH,
    <crate::pages::bot_config::RollbackBotConfig as ServerFn>::PATH,
    <crate::pages::bot_config::ProvisionBot as ServerFn>::PATH,
    <crate::pages::bot_config::SetAgentIdentity as ServerFn>::PATH,
    <crate::pages::conversations::SyncBots as ServerFn>::PATH,
    <crate::pages::bot_config::AddAgentToBot as ServerFn>::PATH,
    <crate::pages::conversations::ListConversations as ServerFn>::PATH,
    <crate::pages::conversations::GetTranscript as ServerFn>::PATH,
    <crate::pages::conversations::ListGroupCosts as ServerFn>::PATH,
    <crate::pages::usage::GetDashboard as ServerFn>::PATH,
    <crate::pages::budgets::GetBudgetSettings as ServerFn>::PATH,
    <crate::pages::budgets::SaveBudget as ServerFn>::PATH,
    <crate::pages::budgets::SaveAgentLimits as ServerFn>::PATH,
    <crate::pages::budgets::UnpauseAgent as ServerFn>::PATH,
    <crate::pages::alerts::ListAlerts as ServerFn>::PATH,
    <crate::pages::alerts::AcknowledgeAlert as ServerFn>::PATH,
];

/// Server functions not scoped by a caller-given tenant id: they act on the caller's own
/// identity (`whoami`, `create_tenant`) or are authorised by holding an invite token, which is
/// bound to one email address (`get_invite`, `accept_invite`), or a sign-in link
/// (`sign_in_address`).
pub const NOT_TENANT_SCOPED: &[&str] = &[
    <crate::layout::Whoami as ServerFn>::PATH,
    <crate::pages::login::SignInAddress as ServerFn>::PATH,
    <crate::pages::onboarding::CreateTenant as ServerFn>::PATH,
    <crate::pages::invite::GetInvite as ServerFn>::PATH,
    <crate::pages::invite::AcceptInvite as ServerFn>::PATH,
];

/// Operator-only server functions: the shared provider pool and the price table. Each asks
/// `operator()` first; none reads or changes a tenant's data.
pub const OPERATOR_ONLY: &[&str] = &[
    <crate::pages::operator::GetPool as ServerFn>::PATH,
    <crate::pages::plans::SetOperatorCap as ServerFn>::PATH,
    <crate::pages::operator::AddCredential as ServerFn>::PATH,
    <crate::pages::operator::SetCredentialEnabled as ServerFn>::PATH,
    <crate::pages::operator::SetCredentialLimits as ServerFn>::PATH,
    <crate::pages::operator::SetPrice as ServerFn>::PATH,
    <crate::pages::plans::ListPlans as ServerFn>::PATH,
    <crate::pages::plans::SavePlan as ServerFn>::PATH,
    <crate::pages::plans::SetTenantPlan as ServerFn>::PATH,
    <crate::pages::plans::OperatorAlerts as ServerFn>::PATH,
    <crate::pages::plans::AcknowledgeOperatorAlert as ServerFn>::PATH,
];
