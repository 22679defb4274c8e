//! The server's integration tests, one binary: the real server on port 0 with a fresh
//! database per test (SQLite, and PostgreSQL cloned from a migrated template), real peers on
//! loopback, and typed helpers in `helpers`.

#[macro_use]
mod helpers;

mod auth;
mod bots;
mod clawdbot;
mod cli;
mod costs;
mod gateway;
mod hardening;
mod isolation;
mod operator;
mod ops;
mod sdk;
mod shared_limits;
mod team;
