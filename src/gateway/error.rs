//! The one error a gateway request ends with, whichever protocol it came in by. It carries
//! no HTTP types: each route renders it in its own wire shape (Anthropic, OpenAI, native).

use std::time::Duration;

/// What kind of failure, named as the Anthropic API names its error types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Authentication,
    Permission,
    NotFound,
    InvalidRequest,
    RequestTooLarge,
    /// The request body did not arrive in time.
    BodyTimeout,
    RateLimit,
    Overloaded,
    Api,
    /// A refusal of the provider's, passed on with the provider's own type.
    Provider(String),
}

/// Why a request failed: status, kind, a message safe to show the caller, and what the
/// caller can do about it (which limit refused, when to retry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayError {
    pub status: u16,
    pub kind: Kind,
    pub message: String,
    /// The limit that refused (`plan_model`, `tenant_budget`, …), sent as `x-baas-limit`.
    pub limit: Option<&'static str>,
    /// Seconds until a retry may pass, sent as `retry-after` (at least 1).
    pub retry_after_secs: Option<i64>,
}

impl GatewayError {
    pub fn new(status: u16, kind: Kind, message: impl Into<String>) -> Self {
        Self {
            status,
            kind,
            message: message.into(),
            limit: None,
            retry_after_secs: None,
        }
    }

    /// Names the limit that refused.
    pub fn limit(mut self, limit: &'static str) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Says when to retry.
    pub fn retry_after(mut self, secs: Option<i64>) -> Self {
        self.retry_after_secs = secs.map(|s| s.max(1));
        self
    }

    /// 400: the request itself is wrong.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(400, Kind::InvalidRequest, message)
    }

    /// 401: no key, or one that is unknown or revoked.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(401, Kind::Authentication, message)
    }

    /// 429 with `retry-after`.
    pub fn rate_limited(message: impl Into<String>, retry_after_secs: i64) -> Self {
        Self::new(429, Kind::RateLimit, message).retry_after(Some(retry_after_secs))
    }

    /// 413: the body is over the gateway's size limit.
    pub fn body_too_large(max_bytes: usize) -> Self {
        Self::new(
            413,
            Kind::RequestTooLarge,
            format!("request body exceeds {max_bytes} bytes"),
        )
    }

    /// 408: the body did not arrive within `limit`.
    pub fn body_too_slow(limit: Duration) -> Self {
        Self::new(
            408,
            Kind::BodyTimeout,
            format!(
                "the request body did not arrive within {} s",
                limit.as_secs()
            ),
        )
    }

    /// 503: something the gateway depends on is away; retry shortly.
    pub fn unavailable(kind: Kind, message: impl Into<String>) -> Self {
        Self::new(503, kind, message)
    }

    /// 500: the gateway itself failed.
    pub fn internal() -> Self {
        Self::new(
            500,
            Kind::Api,
            "the gateway failed while serving this request",
        )
    }

    /// The error's `type` in the Anthropic (and OpenAI) shape.
    pub fn type_name(&self) -> &str {
        match &self.kind {
            Kind::Authentication => "authentication_error",
            Kind::Permission => "permission_error",
            Kind::NotFound => "not_found_error",
            Kind::InvalidRequest | Kind::BodyTimeout => "invalid_request_error",
            Kind::RequestTooLarge => "request_too_large",
            Kind::RateLimit => "rate_limit_error",
            Kind::Overloaded => "overloaded_error",
            Kind::Api => "api_error",
            Kind::Provider(t) => t,
        }
    }

    /// The error's `code` in the native shape.
    pub fn native_code(&self) -> &str {
        match &self.kind {
            Kind::InvalidRequest => "invalid_request",
            Kind::RequestTooLarge => "too_large",
            Kind::BodyTimeout => "timeout",
            _ => self.type_name(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_at_least_a_second() {
        assert_eq!(
            GatewayError::rate_limited("slow down", 0).retry_after_secs,
            Some(1)
        );
        assert_eq!(
            GatewayError::invalid("x")
                .retry_after(None)
                .retry_after_secs,
            None
        );
    }

    #[test]
    fn each_kind_has_its_wire_names() {
        let body = GatewayError::body_too_slow(Duration::from_secs(30));
        assert_eq!(
            (body.status, body.type_name(), body.native_code()),
            (408, "invalid_request_error", "timeout")
        );
        let large = GatewayError::body_too_large(10);
        assert_eq!(
            (large.type_name(), large.native_code()),
            ("request_too_large", "too_large")
        );
        let provider = GatewayError::new(400, Kind::Provider("invalid_request_error".into()), "m");
        assert_eq!(provider.native_code(), "invalid_request_error");
        assert_eq!(GatewayError::invalid("m").native_code(), "invalid_request");
    }
}
