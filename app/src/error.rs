//! The error every server function returns: typed, serialisable, with a message safe to show.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A server function failure as the browser (or any HTTP client) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
pub enum ApiError {
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    RateLimited(String),
    /// Something the request depends on (a bot) cannot be reached right now.
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Internal(String),
    #[error("could not reach the server: {0}")]
    Transport(String),
}

impl ApiError {
    /// The HTTP status for this error.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::Unauthenticated(_) => 401,
            ApiError::Forbidden(_) => 403,
            ApiError::NotFound(_) => 404,
            ApiError::Invalid(_) => 400,
            ApiError::Conflict(_) => 409,
            ApiError::RateLimited(_) => 429,
            ApiError::Unavailable(_) => 503,
            ApiError::Internal(_) | ApiError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => {
                ApiError::Invalid(format!("malformed request: {m}"))
            }
            ServerFnErrorErr::Request(m)
            | ServerFnErrorErr::Response(m)
            | ServerFnErrorErr::Deserialization(m)
            | ServerFnErrorErr::Serialization(m) => ApiError::Transport(m),
            _ => ApiError::Internal("Something went wrong on our side. Please try again.".into()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<baas::error::Error> for ApiError {
    fn from(e: baas::error::Error) -> Self {
        use baas::error::Error as E;
        if e.is_internal() {
            tracing::error!(error = %e, "request failed");
        }
        let msg = e.public_message();
        match e {
            E::Unauthenticated => ApiError::Unauthenticated(msg),
            E::Forbidden(_) => ApiError::Forbidden(msg),
            E::NotFound(_) => ApiError::NotFound(msg),
            E::Invalid(_) | E::Link(_) => ApiError::Invalid(msg),
            E::Conflict(_) => ApiError::Conflict(msg),
            E::RateLimited { .. } => ApiError::RateLimited(msg),
            E::Unavailable(_) => ApiError::Unavailable(msg),
            E::Database(_) | E::Internal(_) => ApiError::Internal(msg),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<baas::clawdbot::client::BotError> for ApiError {
    fn from(e: baas::clawdbot::client::BotError) -> Self {
        ApiError::Unavailable(format!("the bot cannot be reached: {e}"))
    }
}

#[cfg(feature = "ssr")]
impl From<baas::clawdbot::sync::SyncError> for ApiError {
    fn from(e: baas::clawdbot::sync::SyncError) -> Self {
        use baas::clawdbot::sync::SyncError as E;
        match e {
            E::Bot(b) => b.into(),
            E::Store(s) => s.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<baas::clawdbot::editor::EditError> for ApiError {
    fn from(e: baas::clawdbot::editor::EditError) -> Self {
        use baas::clawdbot::editor::EditError as E;
        match e {
            E::Invalid(m) => ApiError::Invalid(m),
            E::Conflict => ApiError::Conflict(e.to_string()),
            E::Bot(b) => b.into(),
            E::Store(s) => s.into(),
        }
    }
}
