//! Typed identifiers: a workspace's id cannot be passed where another id or any string is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "server", derive(sqlx::Type))]
        #[serde(transparent)]
        #[cfg_attr(feature = "server", sqlx(transparent))]
        pub struct $name(String);

        impl $name {
            /// Wraps an id read from a trusted place (a row, a checked request).
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

id_type!(
    /// A workspace (tenant).
    TenantId
);

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    #[test]
    fn ids_serialise_as_bare_strings() {
        let t = TenantId::new("t-1");
        assert_eq!(serde_json::to_string(&t).expect("serialises"), "\"t-1\"");
        let back: TenantId = serde_json::from_str("\"t-1\"").expect("parses");
        assert_eq!(back, t);
        assert_eq!(t, "t-1");
        assert_eq!(t.to_string(), "t-1");
    }
}
