//! The Stripe API as BaaS uses it: customers, Checkout and Customer Portal sessions, a
//! subscription read back, invoices, and webhook events verified with Stripe's scheme. Every
//! call goes to the configured API base (Stripe's own, or a stand-in on loopback in tests).

use crate::billing::lifecycle::SubscriptionStatus;
use crate::config::StripeSettings;
use crate::error::{Error, Result};
use crate::ids::TenantId;
use crate::model::InvoiceView;
use std::time::Duration;
use stripe::{Client, ClientBuilder, RequestStrategy, StripeError, StripeRequest};

/// Longest one Stripe call may take: a page waiting on it shows an error rather than hang.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);

/// Invoices listed on the Billing page.
pub const INVOICES_SHOWN: i64 = 12;

/// A Stripe account, and the secret its webhook events are signed with.
#[derive(Clone)]
pub struct Stripe {
    client: Client,
    webhook_secret: String,
}

impl std::fmt::Debug for Stripe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stripe { .. }")
    }
}

/// A subscription as Stripe says it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteSubscription {
    pub id: String,
    pub customer: String,
    pub status: SubscriptionStatus,
    pub price_id: Option<String>,
    pub period_end: Option<i64>,
    pub cancel_at_period_end: bool,
}

/// What a Checkout Session is for.
pub enum Purchase<'a> {
    /// A monthly subscription to the plan `plan_id` at Stripe price `price`.
    Plan { plan_id: &'a str, price: &'a str },
    /// A one-time payment for the credit pack `pack` at Stripe price `price`.
    Credits {
        pack: &'a str,
        price: &'a str,
        /// Named in the session's metadata, so the webhook credits what was sold even if the
        /// pack changed meanwhile.
        credit_micro_usd: i64,
    },
}

fn unavailable(what: &str, e: StripeError) -> Error {
    tracing::warn!(error = %e, "Stripe: {what} failed");
    match e {
        StripeError::Stripe(api, status) if (400..500).contains(&status) => {
            Error::Invalid(format!(
                "Stripe refused to {what}: {}",
                api.message.as_deref().unwrap_or("no reason given")
            ))
        }
        _ => Error::Unavailable(format!(
            "Stripe could not be reached to {what}; nothing was changed, try again in a minute"
        )),
    }
}

impl Stripe {
    pub fn new(settings: &StripeSettings) -> Result<Self> {
        let client = ClientBuilder::new(&settings.secret_key)
            .url(&settings.api_base)
            .timeout(CALL_TIMEOUT)
            .build()
            .map_err(|e| Error::Internal(format!("Stripe client: {e}")))?;
        Ok(Self {
            client,
            webhook_secret: settings.webhook_secret.clone(),
        })
    }

    /// Creates the workspace's Stripe customer. The idempotency key is the workspace, so two
    /// clicks at once get one customer.
    pub async fn create_customer(&self, tenant: &TenantId, name: &str) -> Result<String> {
        let customer = stripe_core::customer::CreateCustomer::new()
            .name(name)
            .metadata([("tenant_id".to_string(), tenant.to_string())])
            .customize()
            .request_strategy(RequestStrategy::Idempotent(
                format!("baas-customer-{tenant}")
                    .try_into()
                    .map_err(|_| Error::Internal("idempotency key".into()))?,
            ))
            .send(&self.client)
            .await
            .map_err(|e| unavailable("create the customer", e))?;
        Ok(customer.id.to_string())
    }

    /// Starts a Checkout Session for `purchase`; its address, where the buyer pays.
    pub async fn checkout(
        &self,
        tenant: &TenantId,
        customer: &str,
        purchase: Purchase<'_>,
        success_url: &str,
        cancel_url: &str,
    ) -> Result<String> {
        use stripe_checkout::checkout_session::{
            CreateCheckoutSession, CreateCheckoutSessionLineItems,
            CreateCheckoutSessionSubscriptionData,
        };
        use stripe_shared::CheckoutSessionMode;
        let mut item = CreateCheckoutSessionLineItems::new();
        item.quantity = Some(1);
        let mut meta = vec![("tenant_id".to_string(), tenant.to_string())];
        let (mode, price) = match purchase {
            Purchase::Plan { plan_id, price } => {
                meta.push(("plan_id".into(), plan_id.into()));
                (CheckoutSessionMode::Subscription, price)
            }
            Purchase::Credits {
                pack,
                price,
                credit_micro_usd,
            } => {
                meta.push(("credit_pack".into(), pack.into()));
                meta.push(("credit_micro_usd".into(), credit_micro_usd.to_string()));
                (CheckoutSessionMode::Payment, price)
            }
        };
        item.price = Some(price.to_string());
        let mut req = CreateCheckoutSession::new()
            .mode(mode.clone())
            .customer(customer)
            .client_reference_id(tenant.to_string())
            .line_items(vec![item])
            .metadata(
                meta.iter()
                    .cloned()
                    .collect::<std::collections::HashMap<_, _>>(),
            )
            .success_url(success_url)
            .cancel_url(cancel_url);
        if mode == CheckoutSessionMode::Subscription {
            // Session metadata is not copied to the subscription; its events name the
            // workspace through their own.
            let mut data = CreateCheckoutSessionSubscriptionData::new();
            data.metadata = Some(meta.into_iter().collect());
            req = req.subscription_data(data);
        }
        let session = req
            .send(&self.client)
            .await
            .map_err(|e| unavailable("start the checkout", e))?;
        session
            .url
            .ok_or_else(|| Error::Internal("Stripe gave the checkout no address".into()))
    }

    /// A Customer Portal session's address, returning to `return_url`.
    pub async fn portal(&self, customer: &str, return_url: &str) -> Result<String> {
        let session = stripe_billing::billing_portal_session::CreateBillingPortalSession::new()
            .customer(customer)
            .return_url(return_url)
            .send(&self.client)
            .await
            .map_err(|e| unavailable("open the billing portal", e))?;
        Ok(session.url)
    }

    /// The subscription `id` as Stripe says it is now.
    pub async fn subscription(&self, id: &str) -> Result<RemoteSubscription> {
        let sub = stripe_billing::subscription::RetrieveSubscription::new(id)
            .send(&self.client)
            .await
            .map_err(|e| unavailable("read the subscription", e))?;
        Ok(remote(&sub))
    }

    /// Cancels subscription `id` at once (a workspace being deleted).
    pub async fn cancel(&self, id: &str) -> Result<()> {
        stripe_billing::subscription::CancelSubscription::new(id)
            .send(&self.client)
            .await
            .map_err(|e| unavailable("cancel the subscription", e))?;
        Ok(())
    }

    /// The customer's latest invoices, newest first.
    pub async fn invoices(&self, customer: &str) -> Result<Vec<InvoiceView>> {
        let list = stripe_billing::invoice::ListInvoice::new()
            .customer(customer)
            .limit(INVOICES_SHOWN)
            .send(&self.client)
            .await
            .map_err(|e| unavailable("list the invoices", e))?;
        Ok(list
            .data
            .iter()
            .map(|i| InvoiceView {
                number: i
                    .number
                    .clone()
                    .or_else(|| i.id.as_ref().map(|id| id.to_string()))
                    .unwrap_or_default(),
                status: i
                    .status
                    .as_ref()
                    .map_or("draft".into(), |s| s.as_str().to_string()),
                amount_due: i.amount_due,
                amount_paid: i.amount_paid,
                currency: i.currency.to_string(),
                created: i.created,
                url: i.hosted_invoice_url.clone(),
            })
            .collect())
    }

    /// The event in `payload`, if `signature` (the `Stripe-Signature` header) signs it with
    /// the endpoint's secret within Stripe's five-minute tolerance.
    pub fn event(
        &self,
        payload: &str,
        signature: &str,
    ) -> std::result::Result<stripe_webhook::Event, stripe_webhook::WebhookError> {
        stripe_webhook::Webhook::construct_event(payload, signature, &self.webhook_secret)
    }
}

/// A subscription's fields BaaS decides on.
pub fn remote(sub: &stripe_shared::Subscription) -> RemoteSubscription {
    let item = sub.items.data.first();
    RemoteSubscription {
        id: sub.id.to_string(),
        customer: sub.customer.id().to_string(),
        status: SubscriptionStatus::parse(sub.status.as_str())
            .unwrap_or(SubscriptionStatus::Incomplete),
        price_id: item.map(|i| i.price.id.to_string()),
        period_end: item.map(|i| i.current_period_end),
        cancel_at_period_end: sub.cancel_at_period_end,
    }
}
