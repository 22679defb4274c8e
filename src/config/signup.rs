//! Who may sign up and sign in, and what a new workspace starts with.

/// Who may sign up, and what a new workspace starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignupPolicy {
    /// The plan a new workspace starts on.
    pub default_plan: String,
    /// Workspaces one person may own.
    pub max_workspaces: i64,
    /// Whose first sign-in creates an account.
    pub allowed: SignupAllow,
    /// Sign-in links one client address may ask for per 15 minutes.
    pub links_per_ip: usize,
}

/// Whose first sign-in creates an account (people already known, and people invited, may
/// always sign in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignupAllow {
    Anyone,
    /// Addresses at these domains (lowercase).
    Domains(Vec<String>),
    /// Only people with a pending invite.
    InviteOnly,
}

impl SignupAllow {
    /// Whether a new person with this (already parsed, lowercase) address may sign up.
    pub fn admits(&self, email: &str) -> bool {
        match self {
            SignupAllow::Anyone => true,
            SignupAllow::InviteOnly => false,
            SignupAllow::Domains(domains) => email
                .rsplit_once('@')
                .is_some_and(|(_, d)| domains.iter().any(|x| x == d)),
        }
    }
}

impl Default for SignupPolicy {
    fn default() -> Self {
        Self {
            default_plan: "starter".into(),
            max_workspaces: 3,
            allowed: SignupAllow::Anyone,
            links_per_ip: crate::auth::LINKS_PER_IP,
        }
    }
}
