//! The LLM gateway's rules: stream usage parsing, circuit breaking, rate arithmetic and
//! virtual keys.

pub mod alerts;
pub mod breaker;
pub mod gcra;
pub mod keys;
pub mod limiter;
pub mod limits;
pub mod select;
pub mod sse;
pub mod store;
pub mod usage;
