//! Billing as the operator sees it: subscriptions by plan, monthly recurring revenue in BRL,
//! failed payments, credit packs and their sales, and plans set by hand (which Stripe's events
//! then leave alone).

use crate::audit::{self, Action, Actor};
use crate::billing::account::{self, Cause};
use crate::billing::credits;
use crate::clock::now;
use crate::costs::policy::PolicyCache;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::model::{BillingSummary, FailedPayment, PlanCount};

/// Subscriptions by plan, revenue and failed payments, across every workspace.
pub async fn summary(db: &Db) -> Result<BillingSummary> {
    let by_plan: Vec<PlanCount> = sqlx::query_as(
        "SELECT p.id AS plan_id, p.name, COUNT(b.tenant_id) AS subscriptions,
                CAST(COALESCE(SUM(COALESCE(sp.price_brl_cents, p.price_brl_cents)), 0) AS BIGINT)
                    AS monthly_brl_cents
         FROM plans p
         LEFT JOIN tenants t ON t.plan_id = p.id
         LEFT JOIN billing_accounts b ON b.tenant_id = t.id AND b.standing IN ('paid', 'grace')
         LEFT JOIN plans sp ON sp.stripe_price = b.price_id
         GROUP BY p.id, p.name, p.position
         ORDER BY p.position",
    )
    .fetch_all(&db.pool)
    .await?;
    let failed: Vec<FailedPayment> = sqlx::query_as(
        "SELECT t.id AS tenant_id, t.name, t.plan_id, b.standing, b.failing_since, b.standing_since
         FROM billing_accounts b JOIN tenants t ON t.id = b.tenant_id
         WHERE b.standing IN ('grace', 'lapsed')
         ORDER BY b.standing_since DESC, t.id
         LIMIT 200",
    )
    .fetch_all(&db.pool)
    .await?;
    let (credit_sales, credit_sales_brl_cents) = credits::sales(db).await?;
    Ok(BillingSummary {
        mrr_brl_cents: by_plan.iter().map(|p| p.monthly_brl_cents).sum(),
        grace_days: account::grace_days(db).await?,
        by_plan,
        failed,
        prices: account::plan_prices(db).await?,
        packs: credits::packs(db).await?,
        credit_sales,
        credit_sales_brl_cents,
    })
}

/// Lets Stripe decide the workspace's plan again after an operator set it by hand: the plan
/// goes back to what its subscription says now (a workspace that never went to checkout keeps
/// the plan it has). Audited.
pub async fn follow_stripe(
    db: &Db,
    policies: &PolicyCache,
    actor: &Actor,
    tenant: &TenantId,
) -> Result<()> {
    let _changing = policies.changing(tenant);
    let mut tx = db.pool.begin().await?;
    let done =
        sqlx::query("UPDATE tenants SET plan_override = 0 WHERE id = $1 AND plan_override <> 0")
            .bind(tenant)
            .execute(&mut *tx)
            .await?;
    if done.rows_affected() == 0 {
        return Err(Error::Invalid(
            "this workspace's plan already follows its subscription".into(),
        ));
    }
    audit::record(
        &mut tx,
        Some(tenant),
        actor,
        Action::BillingChanged,
        "the plan follows the Stripe subscription again",
    )
    .await?;
    tx.commit().await?;
    let Some(acc) = account::account(db, tenant).await? else {
        return Ok(());
    };
    let mut tx = db.pool.begin().await?;
    let cause = Cause {
        actor: actor.clone(),
        detail: "the operator let the subscription decide the plan again",
        event_id: None,
    };
    if account::apply(&mut tx, &acc, None, now(), &cause)
        .await?
        .is_some()
    {
        tx.commit().await?;
    }
    Ok(())
}
