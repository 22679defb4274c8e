//! Billing with Stripe: the rules of a workspace's paid life, its account as stored, the Stripe
//! API as BaaS uses it, and Stripe's webhook events.

pub mod account;
pub mod branding;
pub mod credits;
pub mod lifecycle;
pub mod notice;
pub mod operator;
pub mod page;
pub mod stripe;
pub mod webhook;
