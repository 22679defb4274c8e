//! Billing with Stripe: the rules of a workspace's paid life.

pub mod lifecycle;
