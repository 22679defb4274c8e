//! Rate limiting, under one name: the gateway's per-tenant, per-agent and per-credential
//! request and token rates (GCRA, in process or in Redis), and the sign-in attempt window.

pub mod checks;
pub mod gcra;
pub mod limiter;
pub mod window;
