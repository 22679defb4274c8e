//! The server's integration tests, one binary: the real server on port 0 with a fresh
//! database per test (SQLite, and PostgreSQL cloned from a migrated template), real peers on
//! loopback, and typed helpers in `helpers`.

#[macro_use]
mod helpers;
// The mock provider is a program of its own; the tests run its routes in process.
#[path = "../../src/bin/mock-provider/provider.rs"]
mod mock_provider;
#[path = "../../src/bin/mock-stripe/stand_in.rs"]
mod stripe_stand_in;

mod admin_agent;
mod agents;
mod assets;
mod audit_retention;
mod auth;
mod billing;
mod bots;
mod branding;
mod clawdbot;
mod cli;
mod costs;
mod credits;
mod exchange;
mod gateway;
mod groups;
mod hardening;
mod isolation;
mod language;
mod openclaw;
mod operator;
mod operator_panel;
mod ops;
mod overview;
mod privacy;
mod reach;
mod sdk;
mod shared_limits;
mod snapshots;
mod team;
mod workspaces;
