//! The LLM gateway's request pipeline, whatever route a request came by: admit (key, then
//! body), the pipeline's steps (policy, limits, reservation), forwarding to the pool with
//! failover before the first byte, and the record written when it ends. Routes render its
//! typed answer and error in their own wire shapes.

mod admit;
mod costs;
mod credits;
mod pipeline;
mod record;
mod render;
mod state;
mod upstream;

pub use admit::{admit, Admitted};
pub use pipeline::handle;
pub use render::{error_response, event_stream, Reply, Served};
pub use state::{
    BudgetGate, Gateway, Inner, Timing, BREAKER_COOL_OFF_MS, BREAKER_THRESHOLD, MAX_GATEWAY_BODY,
};
