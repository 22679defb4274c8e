//! A Stripe stand-in for tests and demos: the parts of Stripe's API BaaS calls (customers,
//! Checkout Sessions, Customer Portal sessions, subscriptions, invoices) with Stripe's request
//! and response shapes, hosted checkout and portal pages a browser can click through, and
//! webhook events signed with Stripe's scheme. Test controls under `/_test` make a payment
//! fail or succeed and cancel a subscription; each answers with the events it made, signed or
//! not yet delivered, so a test can replay, duplicate or reorder them.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[path = "objects.rs"]
mod objects;

use objects::{complete, now, transition, Store};

/// The API version the stand-in's objects are shaped for (async-stripe 1.0.0-rc.10's).
pub const API_VERSION: &str = "2026-09-30.endive";

const DAY: i64 = 86_400;

/// Where the stand-in sends its events.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// A loopback address; the stand-in sends nowhere else.
    pub url: String,
    pub secret: String,
}

#[derive(Clone)]
struct Shared {
    store: Arc<Mutex<Store>>,
    webhook: Option<Webhook>,
    http: reqwest::Client,
}

impl Shared {
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        f(&mut self.store.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// The stand-in's router; events go to `webhook` when set.
pub fn router(webhook: Option<Webhook>) -> Router {
    if let Some(w) = &webhook {
        assert!(
            w.url.starts_with("http://127.0.0.1:") || w.url.starts_with("http://[::1]:"),
            "the stand-in sends events to loopback only"
        );
    }
    let shared = Shared {
        store: Arc::default(),
        webhook,
        http: reqwest::Client::new(),
    };
    Router::new()
        .route("/v1/customers", post(create_customer))
        .route("/v1/checkout/sessions", post(create_session))
        .route("/v1/billing_portal/sessions", post(create_portal))
        .route(
            "/v1/subscriptions/{id}",
            get(subscription).delete(cancel_subscription),
        )
        .route("/v1/invoices", get(invoices))
        .route("/checkout/{id}", get(checkout_page))
        .route("/checkout/{id}/pay", post(checkout_pay))
        .route("/portal/{id}", get(portal_page))
        .route("/portal/{id}/cancel", post(portal_cancel))
        .route("/_test/prices/{price}", post(set_price))
        .route("/_test/checkout/{id}/complete", post(test_complete))
        .route(
            "/_test/subscriptions/{id}/{action}",
            post(test_subscription),
        )
        .route("/_test/events", get(test_events))
        .with_state(shared)
}

/// Stripe's error shape.
fn error(status: StatusCode, kind: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"error": {"type": kind, "message": message}})),
    )
        .into_response()
}

/// Stripe's answer to a request without a secret key, if it has none.
fn unauthorized(headers: &HeaderMap) -> Option<Response> {
    let ok = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|k| k.starts_with("sk_") || k.starts_with("rk_"));
    (!ok).then(|| {
        error(
            StatusCode::UNAUTHORIZED,
            "invalid_request_error",
            "Invalid API Key provided",
        )
    })
}

/// A form body's fields by their flat names (`metadata[tenant_id]`).
fn form(body: &Bytes) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

/// `prefix[key]` fields as a map.
fn nested(f: &HashMap<String, String>, prefix: &str) -> Value {
    let map: serde_json::Map<String, Value> = f
        .iter()
        .filter_map(|(k, v)| {
            let key = k
                .strip_prefix(prefix)?
                .strip_prefix('[')?
                .strip_suffix(']')?;
            (!key.contains('[')).then(|| (key.to_string(), Value::String(v.clone())))
        })
        .collect();
    Value::Object(map)
}

fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

async fn create_customer(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(refused) = unauthorized(&headers) {
        return refused;
    }
    let f = form(&body);
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let customer = s.with(|st| {
        if let Some(reply) = key.as_ref().and_then(|k| st.replies.get(k)) {
            return reply.clone();
        }
        let id = st.id("cus");
        let c = json!({
            "id": id, "object": "customer", "created": now(), "livemode": false,
            "name": f.get("name"), "email": f.get("email"), "metadata": nested(&f, "metadata"),
        });
        st.customers.insert(id, c.clone());
        if let Some(k) = key {
            st.replies.insert(k, c.clone());
        }
        c
    });
    Json(customer).into_response()
}

async fn create_session(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(refused) = unauthorized(&headers) {
        return refused;
    }
    let f = form(&body);
    let mode = f.get("mode").cloned().unwrap_or_default();
    if !matches!(mode.as_str(), "subscription" | "payment") {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "mode must be subscription or payment",
        );
    }
    let Some(price) = f.get("line_items[0][price]").cloned() else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "line_items[0][price] is required",
        );
    };
    let customer = f.get("customer").cloned();
    let known = customer
        .as_ref()
        .is_some_and(|c| s.with(|st| st.customers.contains_key(c)));
    if !known {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "No such customer",
        );
    }
    let origin = base(&headers);
    let session = s.with(|st| {
        let id = st.id("cs");
        let amount = st.prices.get(&price).copied().unwrap_or(0);
        let session = json!({
            "id": id, "object": "checkout.session", "created": now(),
            "expires_at": now() + DAY, "livemode": false, "mode": mode,
            "payment_status": "unpaid", "status": "open",
            "payment_method_types": ["card"], "custom_fields": [], "custom_text": {},
            "shipping_options": [], "automatic_tax": {"enabled": false},
            "url": format!("{origin}/checkout/{id}"),
            "customer": customer, "subscription": null, "payment_intent": null,
            "amount_total": amount, "currency": "brl",
            "client_reference_id": f.get("client_reference_id"),
            "metadata": nested(&f, "metadata"),
            "success_url": f.get("success_url"), "cancel_url": f.get("cancel_url"),
            "x_price": price,
            "x_subscription_metadata": nested(&f, "subscription_data[metadata]"),
        });
        st.sessions.insert(id, session.clone());
        session
    });
    Json(session).into_response()
}

async fn create_portal(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(refused) = unauthorized(&headers) {
        return refused;
    }
    let f = form(&body);
    let customer = f.get("customer").cloned().unwrap_or_default();
    if !s.with(|st| st.customers.contains_key(&customer)) {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "No such customer",
        );
    }
    let origin = base(&headers);
    let portal = s.with(|st| {
        let id = st.id("bps");
        json!({
            "id": id, "object": "billing_portal.session", "created": now(), "livemode": false,
            "customer": customer, "configuration": "bpc_test", "return_url": f.get("return_url"),
            "url": format!("{origin}/portal/{id}?customer={customer}&return={}",
                url::form_urlencoded::byte_serialize(
                    f.get("return_url").map_or("", String::as_str).as_bytes()
                ).collect::<String>()),
        })
    });
    Json(portal).into_response()
}

async fn subscription(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = unauthorized(&headers) {
        return refused;
    }
    match s.with(|st| st.subscriptions.get(&id).cloned()) {
        Some(sub) => Json(sub).into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            &format!("No such subscription: '{id}'"),
        ),
    }
}

/// `DELETE /v1/subscriptions/{id}`: cancels at once, sends `customer.subscription.deleted`.
async fn cancel_subscription(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = unauthorized(&headers) {
        return refused;
    }
    match s.with(|st| transition(st, &id, "canceled")) {
        Ok(events) => {
            deliver(&s, &events).await;
            let sub = s.with(|st| st.subscriptions.get(&id).cloned());
            Json(sub).into_response()
        }
        Err(e) => error(StatusCode::BAD_REQUEST, "invalid_request_error", &e),
    }
}

async fn invoices(
    State(s): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = unauthorized(&headers) {
        return refused;
    }
    let customer = q.get("customer").cloned().unwrap_or_default();
    let limit = q
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(10usize);
    let data: Vec<Value> = s.with(|st| {
        st.invoices
            .iter()
            .rev()
            .filter(|i| i["customer"] == customer.as_str())
            .take(limit)
            .cloned()
            .collect()
    });
    Json(json!({"object": "list", "data": data, "has_more": false, "url": "/v1/invoices"}))
        .into_response()
}

/// Sends `events` to the webhook, each signed with Stripe's scheme; the status of each answer.
async fn deliver(s: &Shared, events: &[Value]) -> Vec<u16> {
    let Some(hook) = &s.webhook else {
        return Vec::new();
    };
    let mut statuses = Vec::new();
    for e in events {
        let body = e.to_string();
        let signature = stripe_webhook::Webhook::generate_test_header(&body, &hook.secret, None);
        let status = s
            .http
            .post(&hook.url)
            .header("content-type", "application/json")
            .header("stripe-signature", signature)
            .body(body)
            .send()
            .await
            .map_or(0, |r| r.status().as_u16());
        statuses.push(status);
    }
    statuses
}

#[derive(serde::Deserialize)]
struct Deliver {
    /// `false`: make the events but leave sending them to the caller.
    deliver: Option<bool>,
}

async fn answer(s: &Shared, made: Result<Vec<Value>, String>, q: Deliver) -> Response {
    match made {
        Err(e) => error(StatusCode::BAD_REQUEST, "invalid_request_error", &e),
        Ok(events) => {
            let statuses = if q.deliver.unwrap_or(true) {
                deliver(s, &events).await
            } else {
                Vec::new()
            };
            Json(json!({"events": events, "delivered": statuses})).into_response()
        }
    }
}

async fn set_price(State(s): State<Shared>, Path(price): Path<String>, body: Bytes) -> StatusCode {
    let cents = String::from_utf8_lossy(&body).trim().parse().unwrap_or(0);
    s.with(|st| st.prices.insert(price, cents));
    StatusCode::NO_CONTENT
}

async fn test_complete(
    State(s): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<Deliver>,
) -> Response {
    let made = s.with(|st| complete(st, &id));
    answer(&s, made, q).await
}

/// `fail` (the next invoice fails), `pay` (it is paid) or `cancel`.
async fn test_subscription(
    State(s): State<Shared>,
    Path((id, action)): Path<(String, String)>,
    Query(q): Query<Deliver>,
) -> Response {
    let to = match action.as_str() {
        "fail" => "past_due",
        "pay" => "active",
        "cancel" => "canceled",
        _ => {
            return error(
                StatusCode::NOT_FOUND,
                "invalid_request_error",
                "fail, pay or cancel",
            )
        }
    };
    let made = s.with(|st| transition(st, &id, to));
    answer(&s, made, q).await
}

async fn test_events(State(s): State<Shared>) -> Json<Value> {
    Json(json!(s.with(|st| st.events.clone())))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn checkout_page(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    let Some(session) = s.with(|st| st.sessions.get(&id).cloned()) else {
        return (StatusCode::NOT_FOUND, "no such checkout session").into_response();
    };
    let amount = session["amount_total"].as_i64().unwrap_or(0);
    let cancel = escape(session["cancel_url"].as_str().unwrap_or("/"));
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>Stripe test checkout</title></head>\
         <body><h1>Test checkout</h1><p>Price <code>{price}</code>: R$ {reais},{cents:02} ({mode})</p>\
         <form method=\"post\" action=\"/checkout/{id}/pay\"><button type=\"submit\">Pay</button></form>\
         <p><a href=\"{cancel}\">Cancel</a></p></body></html>",
        price = escape(session["x_price"].as_str().unwrap_or_default()),
        reais = amount / 100,
        cents = amount % 100,
        mode = escape(session["mode"].as_str().unwrap_or_default()),
        id = escape(&id),
    ))
    .into_response()
}

async fn checkout_pay(State(s): State<Shared>, Path(id): Path<String>) -> Response {
    let made = s.with(|st| complete(st, &id));
    let events = match made {
        Ok(e) => e,
        Err(e) => return (StatusCode::BAD_REQUEST, e).into_response(),
    };
    deliver(&s, &events).await;
    let success = s.with(|st| {
        st.sessions
            .get(&id)
            .and_then(|x| x["success_url"].as_str().map(str::to_string))
    });
    let to = success
        .unwrap_or_else(|| "/".into())
        .replace("{CHECKOUT_SESSION_ID}", &id);
    Redirect::to(&to).into_response()
}

#[derive(serde::Deserialize)]
struct PortalQuery {
    customer: String,
    #[serde(rename = "return")]
    back: Option<String>,
}

async fn portal_page(
    State(s): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<PortalQuery>,
) -> Response {
    let subs: Vec<Value> = s.with(|st| {
        st.subscriptions
            .values()
            .filter(|x| x["customer"] == q.customer.as_str() && x["status"] != "canceled")
            .cloned()
            .collect()
    });
    let back = escape(q.back.as_deref().unwrap_or("/"));
    let back_query: String =
        url::form_urlencoded::byte_serialize(q.back.as_deref().unwrap_or("/").as_bytes()).collect();
    let rows: String = subs
        .iter()
        .map(|x| {
            let sid = escape(x["id"].as_str().unwrap_or_default());
            format!(
                "<li>{sid} ({status}) <form method=\"post\" action=\"/portal/{id}/cancel?subscription={sid}&amp;return={back_query}\">\
                 <button type=\"submit\">Cancel subscription</button></form></li>",
                status = escape(x["status"].as_str().unwrap_or_default()),
                id = escape(&id),
                back_query = escape(&back_query),
            )
        })
        .collect();
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Stripe test portal</title></head>\
         <body><h1>Test customer portal</h1><ul>{rows}</ul><p><a href=\"{back}\">Return</a></p></body></html>"
    ))
    .into_response()
}

#[derive(serde::Deserialize)]
struct CancelQuery {
    subscription: String,
    #[serde(rename = "return")]
    back: Option<String>,
}

async fn portal_cancel(State(s): State<Shared>, Query(q): Query<CancelQuery>) -> Response {
    let made = s.with(|st| transition(st, &q.subscription, "canceled"));
    match made {
        Ok(events) => {
            deliver(&s, &events).await;
            Redirect::to(q.back.as_deref().unwrap_or("/")).into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e).into_response(),
    }
}
