//! BaaS domain: the typed model shared with the browser, the pure rules, and — behind the
//! `server` feature — storage, authentication, tenancy and mail.

pub mod agent_templates;
pub mod amount;
pub mod email;
pub mod model;
pub mod pricing;
pub mod roles;
pub mod time;
pub mod tokens;

#[cfg(feature = "server")]
pub mod access;
#[cfg(feature = "server")]
pub mod alerts;
#[cfg(feature = "server")]
pub mod audit;
#[cfg(feature = "server")]
pub mod auth;
#[cfg(feature = "server")]
pub mod clawdbot;
#[cfg(feature = "server")]
pub mod config;
#[cfg(feature = "server")]
pub mod costs;
#[cfg(feature = "server")]
pub mod crypto;
#[cfg(feature = "server")]
pub mod db;
#[cfg(feature = "server")]
pub mod error;
#[cfg(feature = "server")]
pub mod gateway;
#[cfg(feature = "server")]
pub mod invites;
#[cfg(feature = "server")]
pub mod mail;
#[cfg(feature = "server")]
pub mod operators;
#[cfg(feature = "server")]
pub mod ratelimit;
#[cfg(feature = "server")]
pub mod tenants;
#[cfg(feature = "server")]
pub mod tz;
#[cfg(feature = "server")]
pub mod users;
