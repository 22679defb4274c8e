//! The Stripe objects the stand-in keeps — customers, sessions, subscriptions, invoices, events —
//! with the shapes async-stripe's parser requires, and how a checkout completes and a
//! subscription moves (each move makes the events Stripe would send).

use serde_json::{json, Value};
use std::collections::HashMap;

const DAY: i64 = 86_400;
const PERIOD: i64 = 30 * DAY;

#[derive(Default)]
pub(super) struct Store {
    pub(super) seq: u64,
    pub(super) customers: HashMap<String, Value>,
    pub(super) sessions: HashMap<String, Value>,
    pub(super) subscriptions: HashMap<String, Value>,
    pub(super) invoices: Vec<Value>,
    /// Idempotency key → the answer first given.
    pub(super) replies: HashMap<String, Value>,
    /// Monthly price per Stripe Price, in cents (unknown prices cost 0).
    pub(super) prices: HashMap<String, i64>,
    /// Every event made, in order.
    pub(super) events: Vec<Value>,
}

pub(super) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Store {
    pub(super) fn id(&mut self, prefix: &str) -> String {
        self.seq += 1;
        format!("{prefix}_test{:06}", self.seq)
    }

    pub(super) fn event(&mut self, kind: &str, object: Value) -> Value {
        let id = self.id("evt");
        let event = json!({
            "id": id, "object": "event", "api_version": super::API_VERSION, "created": now(),
            "livemode": false, "pending_webhooks": 1, "type": kind,
            "data": {"object": object},
            "request": {"id": null, "idempotency_key": null},
        });
        self.events.push(event.clone());
        event
    }
}

fn subscription_object(id: &str, customer: &str, price: &str, amount: i64, meta: &Value) -> Value {
    let start = now();
    let price_object = json!({
        "id": price, "object": "price", "active": true, "billing_scheme": "per_unit",
        "created": start, "currency": "brl", "livemode": false, "metadata": {},
        "product": "prod_test", "type": "recurring", "unit_amount": amount,
        "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"},
    });
    let plan_object = json!({
        "id": price, "object": "plan", "active": true, "billing_scheme": "per_unit",
        "created": start, "currency": "brl", "interval": "month", "interval_count": 1,
        "livemode": false, "usage_type": "licensed", "amount": amount,
    });
    let item = json!({
        "id": format!("si_{id}"), "object": "subscription_item", "created": start,
        "current_period_start": start, "current_period_end": start + PERIOD,
        "discounts": [], "metadata": {}, "subscription": id, "quantity": 1,
        "price": price_object, "plan": plan_object,
    });
    json!({
        "id": id, "object": "subscription", "created": start, "start_date": start,
        "billing_cycle_anchor": start, "livemode": false, "status": "active",
        "customer": customer, "currency": "brl", "cancel_at_period_end": false,
        "collection_method": "charge_automatically", "metadata": meta, "discounts": [],
        "billing_schedules": [], "automatic_tax": {"enabled": false},
        "billing_mode": {"type": "classic"}, "invoice_settings": {"issuer": {"type": "self"}},
        "items": {"object": "list", "has_more": false, "url": "/v1/subscription_items",
            "data": [item]},
    })
}

fn invoice_object(st: &mut Store, sub: &Value, paid: bool) -> Value {
    let id = st.id("in");
    let amount = sub["items"]["data"][0]["price"]["unit_amount"]
        .as_i64()
        .unwrap_or(0);
    let (start, end) = (
        sub["items"]["data"][0]["current_period_start"]
            .as_i64()
            .unwrap_or(0),
        sub["items"]["data"][0]["current_period_end"]
            .as_i64()
            .unwrap_or(0),
    );
    let number = format!("BAAS-{:04}", st.invoices.len() + 1);
    let line = json!({
        "id": format!("il_{id}"), "object": "line_item", "amount": amount, "currency": "brl",
        "discountable": true, "discounts": [], "livemode": false, "metadata": {},
        "period": {"start": start, "end": end}, "subtotal": amount,
    });
    let invoice = json!({
        "id": id, "object": "invoice", "number": number, "customer": sub["customer"],
        "status": if paid { "paid" } else { "open" },
        "amount_due": amount, "amount_paid": if paid { amount } else { 0 },
        "amount_remaining": if paid { 0 } else { amount }, "amount_overpaid": 0,
        "amount_shipping": 0, "attempt_count": 1, "attempted": true,
        "automatic_tax": {"enabled": false}, "collection_method": "charge_automatically",
        "created": now(), "currency": "brl", "default_tax_rates": [], "discounts": [],
        "issuer": {"type": "self"}, "livemode": false, "payment_settings": {},
        "period_start": start, "period_end": end, "post_payment_credit_notes_amount": 0,
        "pre_payment_credit_notes_amount": 0, "starting_balance": 0, "status_transitions": {},
        "subtotal": amount, "total": amount, "billing_reason": "subscription_cycle",
        "hosted_invoice_url": format!("https://invoice.stripe.test/{id}"),
        "parent": {"type": "subscription_details",
            "subscription_details": {"subscription": sub["id"], "metadata": sub["metadata"]}},
        "lines": {"object": "list", "has_more": false, "url": format!("/v1/invoices/{id}/lines"),
            "data": [line]},
    });
    st.invoices.push(invoice.clone());
    invoice
}

/// Pays an open session: the subscription starts and its first invoice is paid.
pub(super) fn complete(st: &mut Store, session_id: &str) -> Result<Vec<Value>, String> {
    let mut session = st
        .sessions
        .get(session_id)
        .cloned()
        .ok_or("no such checkout session")?;
    if session["status"] != "open" {
        return Err("the checkout session is not open".into());
    }
    let customer = session["customer"].as_str().unwrap_or_default().to_string();
    let price = session["x_price"].as_str().unwrap_or_default().to_string();
    let amount = st.prices.get(&price).copied().unwrap_or(0);
    session["status"] = json!("complete");
    session["payment_status"] = json!("paid");
    let mut events = Vec::new();
    if session["mode"] == "subscription" {
        let sub_id = st.id("sub");
        let sub = subscription_object(
            &sub_id,
            &customer,
            &price,
            amount,
            &session["x_subscription_metadata"],
        );
        st.subscriptions.insert(sub_id.clone(), sub.clone());
        session["subscription"] = json!(sub_id);
        let invoice = invoice_object(st, &sub, true);
        events.push(st.event("checkout.session.completed", session.clone()));
        events.push(st.event("customer.subscription.created", sub));
        events.push(st.event("invoice.paid", invoice));
    } else {
        session["payment_intent"] = json!(st.id("pi"));
        events.push(st.event("checkout.session.completed", session.clone()));
    }
    st.sessions.insert(session_id.to_string(), session);
    Ok(events)
}

/// Moves a subscription to `status`, with the invoice event that goes with it.
pub(super) fn transition(st: &mut Store, id: &str, to: &str) -> Result<Vec<Value>, String> {
    let mut sub = st
        .subscriptions
        .get(id)
        .cloned()
        .ok_or("no such subscription")?;
    if sub["status"] == "canceled" {
        return Err("the subscription is canceled".into());
    }
    let mut events = Vec::new();
    match to {
        "past_due" => {
            sub["status"] = json!("past_due");
            let invoice = invoice_object(st, &sub, false);
            events.push(st.event("invoice.payment_failed", invoice));
            events.push(st.event("customer.subscription.updated", sub.clone()));
        }
        "active" => {
            let start = now();
            sub["status"] = json!("active");
            sub["items"]["data"][0]["current_period_start"] = json!(start);
            sub["items"]["data"][0]["current_period_end"] = json!(start + PERIOD);
            let invoice = invoice_object(st, &sub, true);
            events.push(st.event("invoice.paid", invoice));
            events.push(st.event("customer.subscription.updated", sub.clone()));
        }
        _ => {
            sub["status"] = json!("canceled");
            sub["canceled_at"] = json!(now());
            sub["ended_at"] = json!(now());
            events.push(st.event("customer.subscription.deleted", sub.clone()));
        }
    }
    st.subscriptions.insert(id.to_string(), sub);
    Ok(events)
}
