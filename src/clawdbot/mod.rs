//! The bot connector for Clawdbot and OpenClaw gateways: the gateway protocol, BaaS's device
//! identity, one managed connection per bot, and the registered bots.

pub mod address;
pub mod client;
pub mod config;
pub mod device;
pub mod editor;
pub mod knowledge;
pub mod link;
pub mod manager;
pub mod persona;
pub mod protocol;
pub mod reach;
pub mod schema;
pub mod store;
pub mod sync;
pub mod watch;
