//! The LLM gateway's rules and storage: virtual keys (and what a new one is handed over with), the credential pool and its choice,
//! circuit breaking, the one error type, stream usage parsing, and usage records through a
//! crash-proof outbox.

pub mod breaker;
pub mod credentials;
pub mod error;
pub mod handout;
pub mod keys;
pub mod outbox;
pub mod prices;
pub mod select;
pub mod sse;
pub mod store;
pub mod usage;
