//! A workspace's billing account as stored: its Stripe customer, its subscription as last read
//! from Stripe, and where its payments stand; plan prices and the grace period. Applying a
//! subscription to a workspace (its plan moved, audited with what caused it) lives here, once,
//! for webhooks, the grace sweep and the return from checkout.

use crate::audit::{self, Action, Actor};
use crate::billing::lifecycle::{self, Decision, Standing, Subscription, SubscriptionStatus};
use crate::billing::stripe::{RemoteSubscription, Stripe};
use crate::clock::now;
use crate::costs::policy::PolicyCache;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::model::PlanPrice;
use sqlx::AnyConnection;

const DAY: i64 = 86_400;

/// A row of `billing_accounts`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Account {
    pub tenant_id: TenantId,
    pub customer_id: String,
    pub subscription_id: Option<String>,
    pub status: Option<String>,
    pub price_id: Option<String>,
    pub period_end: Option<i64>,
    pub cancel_at_period_end: i64,
    pub failing_since: Option<i64>,
    pub standing: String,
    pub standing_since: i64,
    /// The row's version: a change made meanwhile by another process is not overwritten.
    pub updated_at: i64,
}

const ACCOUNT_COLUMNS: &str = "tenant_id, customer_id, subscription_id, status, price_id, \
     period_end, cancel_at_period_end, failing_since, standing, standing_since, updated_at";

/// The workspace's account, if it ever went to checkout.
pub async fn account(db: &Db, tenant: &TenantId) -> Result<Option<Account>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM billing_accounts WHERE tenant_id = $1"
    ))
    .bind(tenant)
    .fetch_optional(&db.pool)
    .await?)
}

/// The account of Stripe customer `customer`.
pub async fn account_of_customer(db: &Db, customer: &str) -> Result<Option<Account>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM billing_accounts WHERE customer_id = $1"
    ))
    .bind(customer)
    .fetch_optional(&db.pool)
    .await?)
}

/// The workspace's Stripe customer, created at Stripe the first time.
pub async fn customer(db: &Db, stripe: &Stripe, tenant: &TenantId) -> Result<String> {
    if let Some(a) = account(db, tenant).await? {
        return Ok(a.customer_id);
    }
    let (name,): (String,) = sqlx::query_as("SELECT name FROM tenants WHERE id = $1")
        .bind(tenant)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(Error::NotFound("workspace"))?;
    let created = stripe.create_customer(tenant, &name).await?;
    sqlx::query(
        "INSERT INTO billing_accounts (tenant_id, customer_id, standing, standing_since, updated_at)
         VALUES ($1, $2, 'free', $3, $3) ON CONFLICT (tenant_id) DO NOTHING",
    )
    .bind(tenant)
    .bind(&created)
    .bind(now())
    .execute(&db.pool)
    .await?;
    // Two first clicks at once asked Stripe with one idempotency key: one customer either way.
    account(db, tenant)
        .await?
        .map(|a| a.customer_id)
        .ok_or(Error::NotFound("workspace"))
}

/// Every plan with its price and the Stripe Price it is sold at, cheapest first.
pub async fn plan_prices(db: &Db) -> Result<Vec<PlanPrice>> {
    Ok(sqlx::query_as(
        "SELECT id AS plan_id, name, price_brl_cents, stripe_price FROM plans ORDER BY position",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// Refuses what is not a Stripe Price id, saying where to find one.
pub fn check_price_id(p: &str) -> Result<()> {
    if !p.starts_with("price_") || p.len() > 100 || p.contains(char::is_whitespace) {
        return Err(Error::Invalid(format!(
            "{p:?} is not a Stripe Price id; copy it from Stripe's product page, like price_1Qx…"
        )));
    }
    Ok(())
}

/// Maps a plan to its monthly price and Stripe Price (operators); audited. Takes effect at the
/// next checkout and the next event about a subscription at that price.
pub async fn set_plan_price(
    db: &Db,
    actor: &Actor,
    plan_id: &str,
    price_brl_cents: i64,
    stripe_price: Option<&str>,
) -> Result<()> {
    let stripe_price = stripe_price.map(str::trim).filter(|p| !p.is_empty());
    if let Some(p) = stripe_price {
        check_price_id(p)?;
    }
    if !(0..=100_000_000).contains(&price_brl_cents) {
        return Err(Error::Invalid(
            "the monthly price must be from R$ 0 to R$ 1.000.000".into(),
        ));
    }
    if plan_id == lifecycle::FREE_PLAN && (stripe_price.is_some() || price_brl_cents != 0) {
        return Err(Error::Invalid(format!(
            "{} is the free plan: it has no price",
            lifecycle::FREE_PLAN
        )));
    }
    let mut tx = db.pool.begin().await?;
    if let Some(p) = stripe_price {
        let taken: Option<(String,)> =
            sqlx::query_as("SELECT id FROM plans WHERE stripe_price = $1 AND id <> $2")
                .bind(p)
                .bind(plan_id)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((other,)) = taken {
            return Err(Error::Invalid(format!(
                "{p} is already the price of the {other} plan; one Stripe Price sells one plan"
            )));
        }
    }
    let done = sqlx::query(
        "UPDATE plans SET price_brl_cents = $1, stripe_price = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(price_brl_cents)
    .bind(stripe_price)
    .bind(now())
    .bind(plan_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("plan"));
    }
    let detail = format!(
        "plan {plan_id}: R$ {},{:02} a month, Stripe price {}",
        price_brl_cents / 100,
        price_brl_cents % 100,
        stripe_price.unwrap_or("none")
    );
    audit::record(&mut tx, None, actor, Action::PlanChanged, &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Days a workspace keeps its plan after a payment fails.
pub async fn grace_days(db: &Db) -> Result<i64> {
    let (days,): (i64,) = sqlx::query_as("SELECT grace_days FROM billing_settings WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    Ok(days)
}

/// Sets the grace period (operators); audited.
pub async fn set_grace_days(db: &Db, actor: &Actor, days: i64) -> Result<()> {
    if !(0..=60).contains(&days) {
        return Err(Error::Invalid(
            "the grace period must be from 0 to 60 days".into(),
        ));
    }
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE billing_settings SET grace_days = $1, updated_at = $2 WHERE id = 1")
        .bind(days)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        None,
        actor,
        Action::BillingChanged,
        &format!("grace period after a failed payment: {days} days"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The plan Stripe Price `price` sells.
async fn plan_of_price(conn: &mut AnyConnection, price: Option<&str>) -> Result<Option<String>> {
    let Some(price) = price else { return Ok(None) };
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM plans WHERE stripe_price = $1")
        .bind(price)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// What an account's stored subscription says, for deciding without asking Stripe again.
fn stored(a: &Account) -> Option<RemoteSubscription> {
    Some(RemoteSubscription {
        id: a.subscription_id.clone()?,
        customer: a.customer_id.clone(),
        status: SubscriptionStatus::parse(a.status.as_deref()?)?,
        price_id: a.price_id.clone(),
        period_end: a.period_end,
        cancel_at_period_end: a.cancel_at_period_end != 0,
    })
}

/// Why a workspace's billing is being looked at again, for its audit log.
pub struct Cause<'a> {
    pub actor: Actor,
    /// `Stripe event evt_… (invoice.payment_failed)`, `grace period ended`, …
    pub detail: &'a str,
    pub event_id: Option<&'a str>,
}

/// What applying a subscription did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub decision: Decision,
    pub previous_plan: String,
}

impl Applied {
    pub fn plan_changed(&self) -> bool {
        self.decision.plan_id != self.previous_plan
    }
}

/// Decides the workspace's plan from `sub` (`None`: what is stored) and writes the account and,
/// when it moves, the workspace's plan — audited with `cause` — on `tx`. A subscription other
/// than the stored one replaces it only while it is live, so an old cancelled subscription's
/// late events change nothing. `None` when nothing was written: that subscription is not the
/// workspace's, or another process changed the account since it was read.
pub async fn apply(
    tx: &mut AnyConnection,
    account: &Account,
    sub: Option<&RemoteSubscription>,
    at: i64,
    cause: &Cause<'_>,
) -> Result<Option<Applied>> {
    let current = stored(account);
    let sub = match (sub, &current) {
        (Some(s), Some(c)) if s.id != c.id && !live(s.status) => return Ok(None),
        (Some(s), _) => Some(s.clone()),
        (None, _) => current.clone(),
    };
    let (previous_plan, overridden): (String, i64) =
        sqlx::query_as("SELECT plan_id, plan_override FROM tenants WHERE id = $1")
            .bind(&account.tenant_id)
            .fetch_one(&mut *tx)
            .await?;
    let (grace,): (i64,) = sqlx::query_as("SELECT grace_days FROM billing_settings WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    let plan_id = match &sub {
        Some(s) => plan_of_price(tx, s.price_id.as_deref()).await?,
        None => None,
    };
    let kept_failure = match (&sub, &current) {
        (Some(s), Some(c)) if s.id == c.id => account.failing_since,
        _ => None,
    };
    let failing_since = sub
        .as_ref()
        .and_then(|s| lifecycle::failing_since(s.status, kept_failure, at));
    let view = sub.as_ref().map(|s| Subscription {
        status: s.status,
        plan_id: plan_id.clone(),
        period_end: s.period_end,
    });
    let mut decision = lifecycle::decide(
        view.as_ref(),
        failing_since,
        grace * DAY,
        at,
        &previous_plan,
    );
    if overridden != 0 {
        // An operator's plan stands; where the payments are is still kept.
        decision.plan_id.clone_from(&previous_plan);
    }
    let standing = decision.standing.name();
    let standing_since = if standing == account.standing {
        account.standing_since
    } else {
        match &decision.standing {
            Standing::Lapsed { since } => *since,
            _ => at,
        }
    };
    let written = sqlx::query(
        "UPDATE billing_accounts SET subscription_id = $1, status = $2, price_id = $3,
             period_end = $4, cancel_at_period_end = $5, failing_since = $6, standing = $7,
             standing_since = $8, last_event_id = COALESCE($9, last_event_id), updated_at = $10
         WHERE tenant_id = $11 AND updated_at = $12",
    )
    .bind(sub.as_ref().map(|s| s.id.clone()))
    .bind(sub.as_ref().map(|s| s.status.name()))
    .bind(sub.as_ref().and_then(|s| s.price_id.clone()))
    .bind(sub.as_ref().and_then(|s| s.period_end))
    .bind(i64::from(
        sub.as_ref().is_some_and(|s| s.cancel_at_period_end),
    ))
    .bind(failing_since)
    .bind(standing)
    .bind(standing_since)
    .bind(cause.event_id)
    .bind(now().max(account.updated_at + 1))
    .bind(&account.tenant_id)
    .bind(account.updated_at)
    .execute(&mut *tx)
    .await?;
    if written.rows_affected() == 0 {
        return Ok(None);
    }
    if decision.plan_id != previous_plan {
        sqlx::query("UPDATE tenants SET plan_id = $1 WHERE id = $2")
            .bind(&decision.plan_id)
            .bind(&account.tenant_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            tx,
            Some(&account.tenant_id),
            &cause.actor,
            Action::PlanChanged,
            &format!(
                "plan {previous_plan} → {}: {} ({})",
                decision.plan_id, cause.detail, standing
            ),
        )
        .await?;
    } else if standing != account.standing {
        audit::record(
            tx,
            Some(&account.tenant_id),
            &cause.actor,
            Action::BillingChanged,
            &format!(
                "payments {} → {standing}: {}",
                account.standing, cause.detail
            ),
        )
        .await?;
    }
    Ok(Some(Applied {
        decision,
        previous_plan,
    }))
}

/// A subscription that is or may again be paid for.
fn live(status: SubscriptionStatus) -> bool {
    matches!(
        status,
        SubscriptionStatus::Active
            | SubscriptionStatus::Trialing
            | SubscriptionStatus::PastDue
            | SubscriptionStatus::Unpaid
    )
}

/// Moves every workspace whose grace period has run out to the free plan; those that moved.
/// Each process runs it on a timer; a workspace moves once, as the second finds it lapsed.
pub async fn sweep(db: &Db, policies: &PolicyCache, at: i64) -> Result<Vec<TenantId>> {
    let (grace,): (i64,) = sqlx::query_as("SELECT grace_days FROM billing_settings WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    let due: Vec<Account> = sqlx::query_as(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM billing_accounts
         WHERE standing = 'grace' AND failing_since IS NOT NULL AND failing_since <= $1"
    ))
    .bind(at - grace * DAY)
    .fetch_all(&db.pool)
    .await?;
    let mut moved = Vec::new();
    for a in due {
        let _changing = policies.changing(&a.tenant_id);
        let mut tx = db.pool.begin().await?;
        // Read again inside the transaction: a payment may have landed meanwhile.
        let Some(fresh): Option<Account> = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM billing_accounts WHERE tenant_id = $1 AND standing = 'grace'"
        ))
        .bind(&a.tenant_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            continue;
        };
        let cause = Cause {
            actor: Actor::system(),
            detail: "the grace period after a failed payment ended",
            event_id: None,
        };
        if let Some(done) = apply(&mut tx, &fresh, None, at, &cause).await? {
            tx.commit().await?;
            crate::billing::notice::raise(db, &a.tenant_id, &done).await;
            if done.plan_changed() {
                moved.push(a.tenant_id.clone());
            }
        }
    }
    Ok(moved)
}
