//! Billing as the pages show it: plans with their prices, a workspace's plan and payment
//! standing, and its invoices.

use crate::model::{PlanUsage, PlanView};
use serde::{Deserialize, Serialize};

/// A plan's monthly price and the Stripe Price it is sold at (operators map them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(sqlx::FromRow))]
pub struct PlanPrice {
    pub plan_id: String,
    pub name: String,
    pub price_brl_cents: i64,
    pub stripe_price: Option<String>,
}

/// A plan as offered on the Billing page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOffer {
    pub plan: PlanView,
    pub price_brl_cents: i64,
    /// Whether it can be bought (free, or mapped to a Stripe Price).
    pub on_sale: bool,
}

/// An invoice from Stripe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub number: String,
    /// draft, open, paid, uncollectible or void.
    pub status: String,
    /// Cents of `currency`.
    pub amount_due: i64,
    pub amount_paid: i64,
    pub currency: String,
    pub created: i64,
    /// Stripe's page for it, to pay or download.
    pub url: Option<String>,
}

/// A workspace's billing: its plan, where its payments stand, what it uses, what it may buy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BillingView {
    /// Whether this server bills through Stripe.
    pub enabled: bool,
    pub plan_id: String,
    /// free, paid, grace, lapsed or ended.
    pub standing: String,
    /// Renewal, end of grace, or when it lapsed.
    pub standing_at: Option<i64>,
    /// The subscription ends at the period's end rather than renewing.
    pub cancel_at_period_end: bool,
    pub grace_days: i64,
    pub plans: Vec<PlanOffer>,
    pub usage: PlanUsage,
    /// Whether the workspace has a Stripe customer (the portal has something to show).
    pub has_customer: bool,
    pub invoices: Vec<InvoiceView>,
    /// Why the invoices could not be read, when they could not.
    pub invoices_error: Option<String>,
    /// Prepaid credits, on a plan that reaches some models only through them.
    pub credits: Option<CreditsView>,
}

/// A pack of prepaid credits the operator sells: its credit in micro-USD, its price in BRL
/// cents and the one-time Stripe Price it is sold at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(sqlx::FromRow))]
pub struct CreditPack {
    pub id: String,
    pub credit_micro_usd: i64,
    pub price_brl_cents: i64,
    pub stripe_price: String,
}

/// Money in: a pack bought or credits granted by an operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(sqlx::FromRow))]
pub struct CreditEntry {
    /// purchase or grant.
    pub kind: String,
    pub amount_micro_usd: i64,
    pub paid_brl_cents: i64,
    pub created_at: i64,
}

/// A workspace's prepaid credits as its Billing page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditsView {
    /// The model families paid from credits, e.g. `opus`.
    pub families: String,
    pub granted_micro_usd: i64,
    pub spent_micro_usd: i64,
    /// Of which this month (the workspace's zone).
    pub spent_month_micro_usd: i64,
    pub packs: Vec<CreditPack>,
    /// Newest first.
    pub entries: Vec<CreditEntry>,
}

impl CreditsView {
    /// What is left; never below zero on a correct ledger.
    pub fn balance(&self) -> i64 {
        self.granted_micro_usd - self.spent_micro_usd
    }
}

/// How many workspaces pay for a plan, and what they pay a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(sqlx::FromRow))]
pub struct PlanCount {
    pub plan_id: String,
    pub name: String,
    /// Paid subscriptions (in grace included).
    pub subscriptions: i64,
    pub monthly_brl_cents: i64,
}

/// A workspace whose payment failed: in grace, or moved to Starter after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(sqlx::FromRow))]
pub struct FailedPayment {
    pub tenant_id: String,
    pub name: String,
    pub plan_id: String,
    /// grace or lapsed.
    pub standing: String,
    pub failing_since: Option<i64>,
    pub standing_since: i64,
}

/// Billing across every workspace, for operators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingSummary {
    pub by_plan: Vec<PlanCount>,
    /// Monthly recurring revenue: what paying workspaces pay a month, in BRL cents.
    pub mrr_brl_cents: i64,
    pub failed: Vec<FailedPayment>,
    pub prices: Vec<PlanPrice>,
    pub grace_days: i64,
    pub packs: Vec<CreditPack>,
    /// Credit packs sold, of all time, and what they brought in.
    pub credit_sales: i64,
    pub credit_sales_brl_cents: i64,
}
