//! Cost control, in one home: plans and the gateway's per-agent policy, reservation
//! arithmetic and the ledgers that hold it, what a request can add to its own input, the
//! settings a workspace sets, thresholds and the alerts they raise, the month-end projection,
//! the consumption dashboard (its group breakdown apart), usage export, and demo data.

pub mod bound;
pub mod dashboard;
pub mod demo;
pub mod export;
pub mod groups;
pub mod ledgers;
pub mod plans;
pub mod policy;
pub mod projection;
pub mod reserve;
pub mod rollups;
pub mod seed;
pub mod settings;
pub mod thresholds;
pub mod watch;
