//! The Clawdbot connector: the gateway protocol, one managed connection per bot, and the
//! registered bots.

pub mod address;
pub mod client;
pub mod config;
pub mod editor;
pub mod link;
pub mod manager;
pub mod protocol;
pub mod schema;
pub mod store;
pub mod sync;
pub mod watch;
