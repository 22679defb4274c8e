//! The LLM gateway's rules: stream usage parsing, circuit breaking, rate arithmetic, virtual
//! keys, plans and budgets.

pub mod alerts;
pub mod bound;
pub mod breaker;
pub mod error;
pub mod gcra;
pub mod keys;
pub mod limiter;
pub mod limits;
pub mod outbox;
pub mod policy;
pub mod select;
pub mod spend;
pub mod sse;
pub mod store;
pub mod usage;
