//! Prepaid credits: the packs the operator sells, the money in (a pack bought through Stripe,
//! credited once per checkout, or credits an operator grants), and a workspace's balance — what
//! it was credited less the credit-paid part of its usage (the debits are the usage records,
//! reserved and settled by the gateway like budgets).

use crate::audit::{self, Action, Actor};
use crate::clock::now;
use crate::costs::policy::{Plan, PolicyCache};
use crate::costs::rollups;
use crate::db::{new_id, Db};
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::model::{CreditEntry, CreditPack, CreditsView};
use crate::pricing::format_usd;
use crate::tz::Zone;

/// Largest pack or grant: US$ 100,000.
const MAX_CREDIT_MICRO_USD: i64 = 100_000_000_000;

/// The packs on sale, smallest first.
pub async fn packs(db: &Db) -> Result<Vec<CreditPack>> {
    Ok(sqlx::query_as(
        "SELECT id, credit_micro_usd, price_brl_cents, stripe_price FROM credit_packs
         ORDER BY credit_micro_usd, id",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// One pack, if it is on sale.
pub async fn pack(db: &Db, id: &str) -> Result<Option<CreditPack>> {
    Ok(sqlx::query_as(
        "SELECT id, credit_micro_usd, price_brl_cents, stripe_price FROM credit_packs WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?)
}

/// Puts a pack on sale: `credit_micro_usd` of credits for `price_brl_cents`, sold at the
/// one-time Stripe Price `stripe_price`. Audited.
pub async fn add_pack(
    db: &Db,
    actor: &Actor,
    credit_micro_usd: i64,
    price_brl_cents: i64,
    stripe_price: &str,
) -> Result<CreditPack> {
    let stripe_price = stripe_price.trim();
    crate::billing::account::check_price_id(stripe_price)?;
    if !(1..=MAX_CREDIT_MICRO_USD).contains(&credit_micro_usd) {
        return Err(Error::Invalid(
            "a pack's credit must be from US$ 0.000001 to US$ 100,000".into(),
        ));
    }
    if !(1..=100_000_000).contains(&price_brl_cents) {
        return Err(Error::Invalid(
            "a pack's price must be from R$ 0,01 to R$ 1.000.000".into(),
        ));
    }
    let taken: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM plans WHERE stripe_price = $1
         UNION SELECT id FROM credit_packs WHERE stripe_price = $1",
    )
    .bind(stripe_price)
    .fetch_optional(&db.pool)
    .await?;
    if let Some((other,)) = taken {
        return Err(Error::Invalid(format!(
            "{stripe_price} already sells {other}; one Stripe Price sells one thing"
        )));
    }
    let pack = CreditPack {
        id: new_id(),
        credit_micro_usd,
        price_brl_cents,
        stripe_price: stripe_price.to_string(),
    };
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO credit_packs (id, credit_micro_usd, price_brl_cents, stripe_price, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&pack.id)
    .bind(pack.credit_micro_usd)
    .bind(pack.price_brl_cents)
    .bind(&pack.stripe_price)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    let detail = format!(
        "credit pack {}: {} of Opus credits for R$ {},{:02}, Stripe price {stripe_price}",
        pack.id,
        format_usd(credit_micro_usd),
        price_brl_cents / 100,
        price_brl_cents % 100
    );
    audit::record(&mut tx, None, actor, Action::BillingChanged, &detail).await?;
    tx.commit().await?;
    Ok(pack)
}

/// Takes a pack off sale (packs already bought stay credited). Audited.
pub async fn remove_pack(db: &Db, actor: &Actor, id: &str) -> Result<()> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("DELETE FROM credit_packs WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound("credit pack"));
    }
    let detail = format!("credit pack {id} taken off sale");
    audit::record(&mut tx, None, actor, Action::BillingChanged, &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Money in.
pub struct Credit<'a> {
    pub tenant: &'a TenantId,
    pub amount_micro_usd: i64,
    /// `purchase` (with its pack, checkout and what was paid) or `grant`.
    pub kind: &'static str,
    pub pack: Option<&'a str>,
    pub stripe_ref: Option<&'a str>,
    pub paid_brl_cents: i64,
    pub actor: &'a Actor,
    pub detail: &'a str,
}

/// Credits a workspace, in `conn`'s transaction: once per `stripe_ref` (false when that
/// checkout was credited before). The gateway's next request sees the new balance (the caller
/// holds the workspace's policies changing; other processes within seconds).
pub async fn credit(conn: &mut sqlx::AnyConnection, c: &Credit<'_>) -> Result<bool> {
    if !(1..=MAX_CREDIT_MICRO_USD).contains(&c.amount_micro_usd) {
        return Err(Error::Invalid(
            "credits must be from US$ 0.000001 to US$ 100,000".into(),
        ));
    }
    let inserted = sqlx::query(
        "INSERT INTO credit_ledger (id, tenant_id, kind, amount_micro_usd, pack, paid_brl_cents,
                stripe_ref, actor, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (stripe_ref) DO NOTHING",
    )
    .bind(new_id())
    .bind(c.tenant)
    .bind(c.kind)
    .bind(c.amount_micro_usd)
    .bind(c.pack)
    .bind(c.paid_brl_cents)
    .bind(c.stripe_ref)
    .bind(c.actor.email.as_deref().unwrap_or("system"))
    .bind(now())
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(false);
    }
    let spent = rollups::credit_spent(&mut *conn, c.tenant).await?;
    let updated = sqlx::query(
        "UPDATE tenants SET credits_granted = credits_granted + $1,
                credits_base = credits_granted + $1 - $2
         WHERE id = $3",
    )
    .bind(c.amount_micro_usd)
    .bind(spent)
    .bind(c.tenant)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(Error::NotFound("workspace"));
    }
    audit::record(
        &mut *conn,
        Some(c.tenant),
        c.actor,
        Action::BillingChanged,
        c.detail,
    )
    .await?;
    Ok(true)
}

/// An operator's grant of credits (support, a refund in kind). Audited.
pub async fn grant(
    db: &Db,
    policies: &PolicyCache,
    actor: &Actor,
    tenant: &TenantId,
    amount_micro_usd: i64,
) -> Result<()> {
    let _changing = policies.changing(tenant);
    let mut tx = db.pool.begin().await?;
    let detail = format!("{} of Opus credits granted", format_usd(amount_micro_usd));
    credit(
        &mut tx,
        &Credit {
            tenant,
            amount_micro_usd,
            kind: "grant",
            pack: None,
            stripe_ref: None,
            paid_brl_cents: 0,
            actor,
            detail: &detail,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What is left: credited less what the recorded usage paid from credits.
pub async fn balance(db: &Db, tenant: &TenantId) -> Result<i64> {
    let (granted,): (i64,) = sqlx::query_as("SELECT credits_granted FROM tenants WHERE id = $1")
        .bind(tenant)
        .fetch_one(&db.pool)
        .await?;
    Ok(granted - rollups::credit_spent(&db.pool, tenant).await?)
}

/// The workspace's credits as its Billing page shows them; `None` on a plan that pays no model
/// from credits and was never credited.
pub async fn view(
    db: &Db,
    tenant: &TenantId,
    plan: &Plan,
    zone: &Zone,
) -> Result<Option<CreditsView>> {
    let (granted,): (i64,) = sqlx::query_as("SELECT credits_granted FROM tenants WHERE id = $1")
        .bind(tenant)
        .fetch_one(&db.pool)
        .await?;
    if plan.credit_families.is_empty() && granted == 0 {
        return Ok(None);
    }
    let (from, _) = zone.month_bounds(now());
    let (month,): (Option<i64>,) = sqlx::query_as(
        "SELECT CAST(SUM(credit_micro_usd) AS BIGINT) FROM usage_rollups
         WHERE period = 'hour' AND tenant_id = $1 AND bucket_start >= $2",
    )
    .bind(tenant)
    .bind(from)
    .fetch_one(&db.pool)
    .await?;
    let entries: Vec<CreditEntry> = sqlx::query_as(
        "SELECT kind, amount_micro_usd, paid_brl_cents, created_at FROM credit_ledger
         WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT 100",
    )
    .bind(tenant)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some(CreditsView {
        families: plan.credit_families.join(", "),
        granted_micro_usd: granted,
        spent_micro_usd: rollups::credit_spent(&db.pool, tenant).await?,
        spent_month_micro_usd: month.unwrap_or(0),
        packs: if plan.credit_families.is_empty() {
            Vec::new()
        } else {
            packs(db).await?
        },
        entries,
    }))
}

/// Packs sold across every workspace, and what they brought in (BRL cents).
pub async fn sales(db: &Db) -> Result<(i64, i64)> {
    let (count, brl): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), CAST(SUM(paid_brl_cents) AS BIGINT) FROM credit_ledger
         WHERE kind = 'purchase'",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok((count, brl.unwrap_or(0)))
}
