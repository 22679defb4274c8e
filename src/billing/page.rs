//! What the Billing page reads and starts: the workspace's plan, standing, use, offers and
//! invoices and prepaid credits; a Checkout Session for a plan or a credit pack; a Customer
//! Portal session.

use crate::access::Access;
use crate::billing::account::{self, Account};
use crate::billing::credits;
use crate::billing::lifecycle::FREE_PLAN;
use crate::billing::stripe::{Purchase, Stripe};
use crate::costs::{plans, policy};
use crate::crypto::SecretBox;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{BillingView, PlanOffer};

/// The workspace's billing as the page shows it; invoices are asked of Stripe, and a Stripe
/// that does not answer leaves the rest of the page whole.
pub async fn view(
    db: &Db,
    secrets: &SecretBox,
    stripe: Option<&Stripe>,
    at: &Access,
) -> Result<BillingView> {
    let plan = plans::tenant_plan(db, &at.tenant_id).await?;
    let zone = crate::costs::settings::tenant_zone(db, &at.tenant_id).await?;
    let acc = account::account(db, &at.tenant_id).await?;
    let prices = account::plan_prices(db).await?;
    let offers = policy::list_plans(db)
        .await?
        .iter()
        .map(|p| {
            let price = prices.iter().find(|x| x.plan_id == p.id);
            PlanOffer {
                plan: plans::plan_view(p),
                price_brl_cents: price.map_or(0, |x| x.price_brl_cents),
                on_sale: p.id == FREE_PLAN || price.is_some_and(|x| x.stripe_price.is_some()),
            }
        })
        .collect();
    let (invoices, invoices_error) = match (stripe, &acc) {
        (Some(s), Some(a)) => match s.invoices(&a.customer_id).await {
            Ok(list) => (list, None),
            Err(e) => (Vec::new(), Some(e.public_message())),
        },
        _ => (Vec::new(), None),
    };
    let grace_days = account::grace_days(db).await?;
    let standing = acc
        .as_ref()
        .map_or_else(|| "free".to_string(), |a| a.standing.clone());
    Ok(BillingView {
        enabled: stripe.is_some(),
        plan_id: plan.id.clone(),
        standing_at: acc.as_ref().and_then(|a| standing_at(a, grace_days)),
        standing,
        cancel_at_period_end: acc.as_ref().is_some_and(|a| a.cancel_at_period_end != 0),
        grace_days,
        plans: offers,
        usage: crate::overview::plan_usage(db, secrets, at).await?,
        has_customer: acc.is_some(),
        invoices,
        invoices_error,
        credits: credits::view(db, &at.tenant_id, &plan, &zone).await?,
    })
}

/// The moment the standing names: renewal, end of grace, or lapse.
fn standing_at(a: &Account, grace_days: i64) -> Option<i64> {
    match a.standing.as_str() {
        "paid" => a.period_end,
        "grace" => a.failing_since.map(|f| f + grace_days * 86_400),
        "lapsed" => Some(a.standing_since),
        _ => None,
    }
}

/// Starts a Checkout Session for `plan_id`; the address Stripe gave. Refused for a plan not on
/// sale, and for a workspace that already has a subscription — paying (it changes plan in the
/// portal, where Stripe prorates) or lapsed with an invoice open (it pays that in the portal).
pub async fn checkout(
    db: &Db,
    stripe: &Stripe,
    at: &Access,
    plan_id: &str,
    back: &str,
) -> Result<String> {
    let prices = account::plan_prices(db).await?;
    let Some(price) = prices.iter().find(|p| p.plan_id == plan_id) else {
        return Err(Error::Invalid(format!("there is no plan {plan_id}")));
    };
    let Some(stripe_price) = price.stripe_price.as_deref() else {
        return Err(Error::Invalid(format!(
            "the {} plan is not on sale yet; ask the operator to set its Stripe price",
            price.name
        )));
    };
    if let Some(a) = account::account(db, &at.tenant_id).await? {
        match a.standing.as_str() {
            "paid" | "grace" => {
                return Err(Error::Conflict(
                    "this workspace already has a subscription; change its plan in the billing portal"
                        .into(),
                ))
            }
            // Its subscription is still Stripe's to collect: paying its open invoice restores
            // the plan, where a second subscription would charge twice.
            "lapsed" => {
                return Err(Error::Conflict(
                    "this workspace's subscription has an unpaid invoice; pay it in the billing portal to restore the plan"
                        .into(),
                ))
            }
            _ => {}
        }
    }
    let customer = account::customer(db, stripe, &at.tenant_id).await?;
    stripe
        .checkout(
            &at.tenant_id,
            &customer,
            Purchase::Plan {
                plan_id,
                price: stripe_price,
            },
            &format!("{back}?checkout=success"),
            &format!("{back}?checkout=cancelled"),
        )
        .await
}

/// A Customer Portal session for the workspace's customer; the address Stripe gave.
pub async fn portal(db: &Db, stripe: &Stripe, at: &Access, back: &str) -> Result<String> {
    let Some(a) = account::account(db, &at.tenant_id).await? else {
        return Err(Error::Invalid(
            "this workspace has not paid through Stripe yet: choose a plan first".into(),
        ));
    };
    stripe.portal(&a.customer_id, back).await
}

/// Starts a one-time Checkout Session for credit pack `pack_id`; the address Stripe gave.
/// Refused on a plan that pays no model from credits, and for a pack not on sale.
pub async fn buy_credits(
    db: &Db,
    stripe: &Stripe,
    at: &Access,
    pack_id: &str,
    back: &str,
) -> Result<String> {
    let plan = plans::tenant_plan(db, &at.tenant_id).await?;
    if plan.credit_families.is_empty() {
        return Err(Error::Invalid(format!(
            "the {} plan does not use credits; Business pays Opus with them",
            plan.name
        )));
    }
    let Some(pack) = credits::pack(db, pack_id).await? else {
        return Err(Error::Invalid(
            "that credit pack is no longer on sale; reload the page".into(),
        ));
    };
    let customer = account::customer(db, stripe, &at.tenant_id).await?;
    stripe
        .checkout(
            &at.tenant_id,
            &customer,
            Purchase::Credits {
                pack: &pack.id,
                price: &pack.stripe_price,
                credit_micro_usd: pack.credit_micro_usd,
            },
            &format!("{back}?credits=success"),
            &format!("{back}?credits=cancelled"),
        )
        .await
}
