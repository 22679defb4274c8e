//! The server-side error type: each variant knows its HTTP status and a message safe to show.

use crate::roles::TeamRuleError;

/// Why a sign-in or invite link was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Expired,
    Used,
    Revoked,
}

impl LinkProblem {
    /// A short explanation for the person holding the link.
    pub fn message(self) -> &'static str {
        match self {
            LinkProblem::Unknown => "This link is not valid. Request a new one.",
            LinkProblem::Expired => "This link has expired. Request a new one.",
            LinkProblem::Used => "This link has already been used. Request a new one.",
            LinkProblem::Revoked => "This link has been revoked.",
        }
    }

    /// Stable code for URLs and clients.
    pub fn code(self) -> &'static str {
        match self {
            LinkProblem::Unknown => "link_invalid",
            LinkProblem::Expired => "link_expired",
            LinkProblem::Used => "link_used",
            LinkProblem::Revoked => "link_revoked",
        }
    }
}

/// Everything that can go wrong in the domain layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("sign in to continue")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: i64 },
    #[error("{}", .0.message())]
    Link(LinkProblem),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A service BaaS depends on (Stripe) did not answer; the message says nothing changed.
    #[error("{0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The HTTP status this error maps to.
    pub fn status(&self) -> u16 {
        match self {
            Error::Unauthenticated => 401,
            Error::Forbidden(_) => 403,
            Error::NotFound(_) => 404,
            Error::Invalid(_) | Error::Link(_) => 400,
            Error::Conflict(_) => 409,
            Error::RateLimited { .. } => 429,
            Error::Unavailable(_) => 503,
            Error::Database(_) | Error::Internal(_) => 500,
        }
    }

    /// Whether this is our fault (logged in full, shown generically).
    pub fn is_internal(&self) -> bool {
        matches!(self, Error::Database(_) | Error::Internal(_))
    }

    /// The message shown to the client: never a database or internal detail.
    pub fn public_message(&self) -> String {
        if self.is_internal() {
            "Something went wrong on our side. Please try again.".to_string()
        } else {
            self.to_string()
        }
    }
}

impl From<TeamRuleError> for Error {
    fn from(e: TeamRuleError) -> Self {
        Error::Forbidden(e.to_string())
    }
}

/// Shorthand for domain results.
pub type Result<T, E = Error> = std::result::Result<T, E>;
