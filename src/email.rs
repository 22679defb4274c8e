//! Email addresses, parsed once at the edge so the rest of the code only sees valid ones.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically valid, lower-cased email address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why an address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("enter an email address")]
    Empty,
    #[error("that email address is too long")]
    TooLong,
    #[error("that does not look like an email address (expected name@example.com)")]
    Malformed,
}

impl Email {
    /// Longest address accepted (RFC 5321 path limit).
    pub const MAX_LEN: usize = 254;

    /// Parses and normalises an address: trimmed, lower-cased, one `@`, a dotted domain.
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let s = raw.trim().to_ascii_lowercase();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        if s.len() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError::Malformed)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Self(s))
        } else {
            Err(EmailError::Malformed)
        }
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises_valid_addresses() {
        let e = Email::parse("  Ana.Silva+bots@VMDeco.com.br ").expect("valid");
        assert_eq!(e.as_str(), "ana.silva+bots@vmdeco.com.br");
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "plainaddress",
            "@no-local.com",
            "no-domain@",
            "no-dot@localhost",
            "two@@ats.com",
            "a@b..com",
            ".lead@x.com",
            "trail.@x.com",
            "sp ace@x.com",
            "a@-x.com",
            "<script>@x.com",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Malformed), "{bad}");
        }
        assert_eq!(Email::parse("   "), Err(EmailError::Empty));
        let long = format!("{}@x.com", "a".repeat(260));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }
}
