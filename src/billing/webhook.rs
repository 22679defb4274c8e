//! Stripe's webhook events: verified with Stripe's signature scheme, each processed once (its
//! id stored first, in the transaction of its effects), and applied by reading the
//! subscription again from Stripe — so a duplicate, a replay or an event that arrives late
//! leaves the state the last one would. A paid one-time checkout credits its credit pack once.

use crate::audit::Actor;
use crate::billing::account::{self, Cause};
use crate::billing::credits::{self, Credit};
use crate::billing::notice;
use crate::billing::stripe::Stripe;
use crate::clock::now;
use crate::costs::policy::PolicyCache;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::pricing::format_usd;
use stripe_webhook::{EventObject, WebhookError};

/// Largest event body read (Stripe's are a few kilobytes).
pub const MAX_EVENT_BYTES: usize = 256 * 1024;

/// Tries to apply one event when another process changed the account meanwhile.
const ATTEMPTS: usize = 3;

/// What became of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Applied to a workspace.
    Applied {
        tenant: TenantId,
        plan_changed: bool,
    },
    /// Seen before: nothing done.
    Duplicate,
    /// Acknowledged and ignored, and why.
    Ignored(&'static str),
}

/// Why an event was refused (answered 400: Stripe shows it and retries).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("no Stripe-Signature header")]
    Unsigned,
    #[error("the signature does not match this endpoint's secret")]
    BadSignature,
    #[error("the signature's timestamp {0} is more than 5 minutes from now")]
    Expired(i64),
    #[error("the body is not a Stripe event: {0}")]
    BadBody(String),
}

/// Why a delivery was not processed.
#[derive(Debug)]
pub enum Failure {
    /// Not from Stripe, or not an event: answered 400 (Stripe shows it and retries).
    Refused(Refused),
    /// Could not be processed now (a database or Stripe error): answered with its status,
    /// and Stripe retries.
    NotNow(Error),
}

/// The customer and subscription an event is about.
fn subject(object: &EventObject) -> Option<(String, Option<String>)> {
    use stripe_shared::CheckoutSessionMode;
    match object {
        EventObject::CheckoutSessionCompleted(s) if s.mode == CheckoutSessionMode::Subscription => {
            Some((
                s.customer.as_ref()?.id().to_string(),
                s.subscription.as_ref().map(|x| x.id().to_string()),
            ))
        }
        EventObject::CustomerSubscriptionCreated(s)
        | EventObject::CustomerSubscriptionUpdated(s)
        | EventObject::CustomerSubscriptionDeleted(s) => {
            Some((s.customer.id().to_string(), Some(s.id.to_string())))
        }
        EventObject::InvoicePaid(i) | EventObject::InvoicePaymentFailed(i) => {
            let from_parent = i
                .parent
                .as_ref()
                .and_then(|p| p.subscription_details.as_ref())
                .map(|d| d.subscription.id().to_string());
            let sub = from_parent.or_else(|| i.subscription.as_ref().map(|s| s.id().to_string()));
            Some((i.customer.as_ref()?.id().to_string(), sub))
        }
        _ => None,
    }
}

/// Verifies and processes one delivery.
pub async fn receive(
    db: &Db,
    stripe: &Stripe,
    policies: &PolicyCache,
    payload: &str,
    signature: Option<&str>,
) -> std::result::Result<Outcome, Failure> {
    let signature = signature.ok_or(Failure::Refused(Refused::Unsigned))?;
    let event = stripe.event(payload, signature).map_err(|e| {
        Failure::Refused(match e {
            WebhookError::BadTimestamp(t) => Refused::Expired(t),
            WebhookError::BadParse(m) => Refused::BadBody(m),
            WebhookError::BadKey | WebhookError::BadHeader(_) | WebhookError::BadSignature => {
                Refused::BadSignature
            }
        })
    })?;
    let id = event.id.to_string();
    let kind = event.type_.as_str().to_string();
    process(db, stripe, policies, &id, &kind, &event.data.object)
        .await
        .map_err(Failure::NotNow)
}

async fn process(
    db: &Db,
    stripe: &Stripe,
    policies: &PolicyCache,
    id: &str,
    kind: &str,
    object: &EventObject,
) -> Result<Outcome> {
    let seen: Option<(String,)> = sqlx::query_as("SELECT id FROM stripe_events WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    if seen.is_some() {
        return Ok(Outcome::Duplicate);
    }
    if let EventObject::CheckoutSessionCompleted(session) = object {
        if session.mode == stripe_shared::CheckoutSessionMode::Payment {
            return credit_checkout(db, policies, id, kind, session).await;
        }
    }
    let Some((customer, subscription)) = subject(object) else {
        return Ok(Outcome::Ignored("not an event BaaS acts on"));
    };
    let Some(subscription) = subscription else {
        return Ok(Outcome::Ignored("no subscription"));
    };
    let Some(found) = account::account_of_customer(db, &customer).await? else {
        remember(db, id, kind, None).await?;
        return Ok(Outcome::Ignored("a customer of no workspace"));
    };
    let tenant = found.tenant_id.clone();
    // What Stripe says now, not what the event said then: order and repeats stop mattering.
    let sub = stripe.subscription(&subscription).await?;
    if sub.customer != customer {
        remember(db, id, kind, Some(&tenant)).await?;
        return Ok(Outcome::Ignored(
            "the subscription belongs to another customer",
        ));
    }
    let detail = format!("Stripe event {id} ({kind})");
    for _ in 0..ATTEMPTS {
        let _changing = policies.changing(&tenant);
        let Some(current) = account::account(db, &tenant).await? else {
            return Ok(Outcome::Ignored("the workspace was deleted"));
        };
        let mut tx = db.pool.begin().await?;
        if !store_event(&mut tx, id, kind, Some(&tenant)).await? {
            return Ok(Outcome::Duplicate);
        }
        let cause = Cause {
            actor: Actor::stripe(),
            detail: &detail,
            event_id: Some(id),
        };
        match account::apply(&mut tx, &current, Some(&sub), now(), &cause).await? {
            Some(done) => {
                tx.commit().await?;
                notice::raise(db, &tenant, &done).await;
                return Ok(Outcome::Applied {
                    tenant,
                    plan_changed: done.plan_changed(),
                });
            }
            None if account::account(db, &tenant)
                .await?
                .is_some_and(|a| a.updated_at == current.updated_at) =>
            {
                // Not the workspace's subscription (an old one's late event): seen, no effect.
                tx.commit().await?;
                return Ok(Outcome::Ignored(
                    "a subscription the workspace no longer has",
                ));
            }
            None => continue,
        }
    }
    Err(Error::Conflict(
        "the workspace's billing changed while this event was applied; Stripe will send it again"
            .into(),
    ))
}

/// A paid one-time checkout for a credit pack: the workspace is credited what the session sold
/// (named in its metadata when it was started), once per session — the session's id is the
/// ledger entry's reference, and the event's id is stored in the same transaction.
async fn credit_checkout(
    db: &Db,
    policies: &PolicyCache,
    id: &str,
    kind: &str,
    session: &stripe_shared::CheckoutSession,
) -> Result<Outcome> {
    use stripe_shared::CheckoutSessionPaymentStatus;
    let meta = session.metadata.as_ref();
    let amount = meta
        .and_then(|m| m.get("credit_micro_usd"))
        .and_then(|v| v.parse::<i64>().ok());
    let pack = meta.and_then(|m| m.get("credit_pack")).map(String::as_str);
    let (Some(amount), Some(customer)) = (amount, session.customer.as_ref()) else {
        remember(db, id, kind, None).await?;
        return Ok(Outcome::Ignored("a payment that is not a credit pack"));
    };
    if session.payment_status != CheckoutSessionPaymentStatus::Paid {
        remember(db, id, kind, None).await?;
        return Ok(Outcome::Ignored("a checkout not paid yet"));
    }
    let Some(found) = account::account_of_customer(db, customer.id().as_str()).await? else {
        remember(db, id, kind, None).await?;
        return Ok(Outcome::Ignored("a customer of no workspace"));
    };
    let tenant = found.tenant_id;
    let _changing = policies.changing(&tenant);
    let mut tx = db.pool.begin().await?;
    if !store_event(&mut tx, id, kind, Some(&tenant)).await? {
        return Ok(Outcome::Duplicate);
    }
    let detail = format!(
        "{} of Opus credits bought (pack {}, checkout {}, Stripe event {id})",
        format_usd(amount),
        pack.unwrap_or("?"),
        session.id.as_str()
    );
    credits::credit(
        &mut tx,
        &Credit {
            tenant: &tenant,
            amount_micro_usd: amount,
            kind: "purchase",
            pack,
            stripe_ref: Some(session.id.as_str()),
            paid_brl_cents: session.amount_total.unwrap_or(0),
            actor: &Actor::stripe(),
            detail: &detail,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Outcome::Applied {
        tenant,
        plan_changed: false,
    })
}

/// Stores an event's id on `conn`; false when it was stored before (a duplicate).
async fn store_event(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    kind: &str,
    tenant: Option<&TenantId>,
) -> Result<bool> {
    let stored = sqlx::query(
        "INSERT INTO stripe_events (id, kind, tenant_id, received_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(id)
    .bind(kind)
    .bind(tenant)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(stored.rows_affected() > 0)
}

/// Stores an event that changes nothing, so a retry is answered at once.
async fn remember(db: &Db, id: &str, kind: &str, tenant: Option<&TenantId>) -> Result<()> {
    let mut conn = db.pool.acquire().await?;
    store_event(&mut conn, id, kind, tenant).await?;
    Ok(())
}
