//! `/t/:tenant/billing`: the workspace's plan and renewal, where its payments stand (grace
//! period included), its use against the plan's quotas, the plans it can move to through
//! Stripe Checkout, its prepaid credits, the Customer Portal, and its invoices. Owners act;
//! admins read.

use crate::error::ApiError;
use crate::i18n::{locale, t, tr};
use crate::layout::{tenant_id, Viewer};
#[cfg(feature = "ssr")]
use crate::state::member_of;
use crate::time::local_time;
use baas::exchange::format_brl;
use baas::i18n::Text;
use baas::model::{BillingView, InvoiceView, PlanOffer, PlanUsage};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// How many times (2 s apart) the page asks again after a checkout while Stripe's event has not
/// landed; past them it stays as it is, with the notice that the change follows Stripe.
const CHECKOUT_WAIT_POLLS: u32 = 15;

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

#[component]
pub fn BillingPage() -> impl IntoView {
    let tenant = tenant_id();
    let query = use_query_map();
    let returned = move || query.read().get("checkout");
    let (tick, set_tick) = signal(0u32);
    let data = Resource::new(move || (tenant.get(), tick.get()), |(t, _)| get_billing(t));
    let checkout = ServerAction::<StartCheckout>::new();
    let portal = ServerAction::<OpenPortal>::new();
    // Off to Stripe: the browser leaves for the page Stripe gave.
    Effect::new(move |_| {
        let to = checkout
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| portal.value().get().and_then(Result::ok));
        if let Some(url) = to {
            let _ = window().location().set_href(&url);
        }
    });
    // Back from a paid checkout: Stripe's event moves the plan within seconds; ask again
    // until it has.
    let polls = StoredValue::new(0u32);
    Effect::new(move |_| {
        let b = data.get().and_then(Result::ok);
        let plan_waits = returned().as_deref() == Some("success")
            && b.as_ref().map(|b| b.standing.as_str()) != Some("paid");
        // A pack bought shows as a purchase of the last few minutes.
        let credits_wait = query.read().get("credits").as_deref() == Some("success")
            && !b
                .as_ref()
                .and_then(|b| b.credits.as_ref())
                .is_some_and(|c| {
                    c.entries
                        .iter()
                        .any(|e| e.kind == "purchase" && e.created_at > now_secs() - 600)
                });
        if (plan_waits || credits_wait) && polls.get_value() < CHECKOUT_WAIT_POLLS {
            polls.update_value(|n| *n += 1);
            set_timeout(
                move || set_tick.update(|n| *n += 1),
                std::time::Duration::from_secs(2),
            );
        }
    });
    let viewer = use_context::<Viewer>();
    let owner = move || {
        viewer
            .and_then(|v| v.role.get())
            .is_some_and(|r| r == baas::roles::Role::Owner)
    };
    view! {
        <Title text="Billing · BaaS" />
        <div class="page billing">
            <header class="page-header"><h1>{t("billing-title")}</h1></header>
            {move || match returned().as_deref() {
                Some("success") => Some(view! { <p class="notice" role="status" data-testid="checkout-returned">{t("billing-checkout-success")}</p> }.into_any()),
                Some("cancelled") => Some(view! { <p class="notice" role="status" data-testid="checkout-returned">{t("billing-checkout-cancelled")}</p> }.into_any()),
                _ => None,
            }}
            <Transition fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(b) => view! { <Billing b owner=Signal::derive(owner) checkout portal /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

fn brl(cents: i64) -> String {
    format_brl(cents * 10_000, locale())
}

#[component]
fn Billing(
    b: BillingView,
    owner: Signal<bool>,
    checkout: ServerAction<StartCheckout>,
    portal: ServerAction<OpenPortal>,
) -> impl IntoView {
    let tenant = tenant_id();
    let current = b.plans.iter().find(|p| p.plan.id == b.plan_id).cloned();
    let plan_name = current
        .as_ref()
        .map_or_else(|| b.plan_id.clone(), |p| p.plan.name.clone());
    let price = current.as_ref().map_or(0, |p| p.price_brl_cents);
    // A lapsed subscription is still Stripe's to collect: the portal pays its open invoice.
    let subscribed = matches!(b.standing.as_str(), "paid" | "grace" | "lapsed");
    let standing = standing_line(&b);
    let busy = Signal::derive(move || checkout.pending().get() || portal.pending().get());
    let error = move || {
        checkout
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| portal.value().get().and_then(Result::err))
            .map(|e| view! { <p class="error" role="alert" data-testid="billing-error">{e.to_string()}</p> })
    };
    let enabled = b.enabled;
    let query = use_query_map();
    let credits_returned = Signal::derive(move || query.read().get("credits"));
    let plans = b
        .plans
        .clone()
        .into_iter()
        .map(|p| offer(p, &b.plan_id, subscribed, enabled, owner, busy, checkout))
        .collect_view();
    view! {
        <section class="card" data-testid="billing-plan" data-plan=b.plan_id.clone() data-standing=b.standing.clone()>
            <h2>{tr(&Text::new("billing-current").str("plan", plan_name))}</h2>
            <p class="big">{if price > 0 { tr(&Text::new("billing-per-month").str("price", brl(price))) } else { t("billing-free") }}</p>
            <p data-testid="billing-standing" class=if b.standing == "grace" || b.standing == "lapsed" { "error" } else { "" }>{standing}</p>
            {(!enabled).then(|| view! { <p class="muted" data-testid="billing-off">{t("billing-off")}</p> })}
            {error}
            <Show when=move || owner.get() && enabled && subscribed>
                <button class="button" data-testid="open-portal" disabled=move || busy.get()
                    on:click=move |_| { portal.dispatch(OpenPortal { tenant_id: tenant.get_untracked() }); }>
                    {t("billing-manage")}
                </button>
                <p class="muted small">{t("billing-manage-help")}</p>
            </Show>
        </section>
        {usage(b.usage.clone())}
        {b.credits.clone().map(|c| view! { <crate::pages::credits::Credits c owner enabled returned=credits_returned /> })}
        <section class="card" data-testid="billing-plans">
            <h2>{t("billing-plans")}</h2>
            <div class="plan-grid">{plans}</div>
        </section>
        <section class="card" data-testid="billing-invoices">
            <h2>{t("billing-invoices")}</h2>
            {invoices(b.invoices, b.invoices_error)}
        </section>
        <Show when=move || owner.get()>
            <crate::pages::privacy::WorkspaceData tenant=tenant.get_untracked() />
        </Show>
    }
}

fn standing_line(b: &BillingView) -> String {
    let at = b.standing_at.map(local_time).unwrap_or_default();
    let key = match (b.standing.as_str(), b.cancel_at_period_end) {
        ("paid", true) => "billing-ends",
        ("paid", false) => "billing-renews",
        ("grace", _) => "billing-grace",
        ("lapsed", _) => "billing-lapsed",
        ("ended", _) => "billing-ended",
        _ => "billing-no-subscription",
    };
    tr(&Text::new(key).str("when", at).int("days", b.grace_days))
}

fn limit(v: Option<i64>) -> String {
    v.map_or_else(|| t("billing-unlimited"), |n| n.to_string())
}

fn offer(
    p: PlanOffer,
    current: &str,
    subscribed: bool,
    enabled: bool,
    owner: Signal<bool>,
    busy: Signal<bool>,
    checkout: ServerAction<StartCheckout>,
) -> impl IntoView {
    let tenant = tenant_id();
    let is_current = p.plan.id == current;
    let free = p.price_brl_cents == 0;
    let plan_id = p.plan.id.clone();
    let action = if is_current {
        view! { <span class="badge" data-testid="current-plan">{t("billing-your-plan")}</span> }
            .into_any()
    } else if free || subscribed {
        // Moving down to the free plan, or between paid plans, goes through the portal, where
        // Stripe prorates and cancels.
        view! { <span class="muted small">{t("billing-change-in-portal")}</span> }.into_any()
    } else if !(enabled && p.on_sale) {
        view! { <span class="muted small">{t("billing-not-on-sale")}</span> }.into_any()
    } else {
        view! {
            <Show when=move || owner.get() fallback=|| view! { <span class="muted small">{t("billing-owners-only")}</span> }>
                <button class="button primary" data-testid=format!("upgrade-{plan_id}") disabled=move || busy.get()
                    on:click={
                        let plan_id = plan_id.clone();
                        move |_| { checkout.dispatch(StartCheckout { tenant_id: tenant.get_untracked(), plan_id: plan_id.clone() }); }
                    }>
                    {t("billing-upgrade")}
                </button>
            </Show>
        }
        .into_any()
    };
    view! {
        <article class="plan-offer" data-testid=format!("offer-{}", p.plan.id)>
            <h3>{p.plan.name.clone()}</h3>
            <p class="big">{if free { t("billing-free") } else { tr(&Text::new("billing-per-month").str("price", brl(p.price_brl_cents))) }}</p>
            <ul class="plain">
                <li>{tr(&Text::new("billing-models").str("models", p.plan.models.replace(',', ", ")))}</li>
                <li>{tr(&Text::new("billing-messages").str("count", limit(p.plan.monthly_messages)))}</li>
                <li>{tr(&Text::new("billing-groups").str("count", limit(p.plan.max_groups)))}</li>
                <li>{tr(&Text::new("billing-bots").str("count", limit(p.plan.max_bots)))}</li>
                {(!p.plan.credit_models.is_empty()).then(|| view! { <li data-testid="offer-credits">{tr(&Text::new("billing-credit-models").str("models", crate::pages::credits::family_names(&p.plan.credit_models)))}</li> })}
                {p.plan.api_access.then(|| view! { <li>{t("billing-api")}</li> })}
            </ul>
            {action}
        </article>
    }
}

fn usage(u: PlanUsage) -> impl IntoView {
    let of = |used: i64, cap: Option<i64>| match cap {
        Some(c) => format!("{used} / {c}"),
        None => format!("{used} / {}", t("billing-unlimited")),
    };
    let most_groups = u.groups.iter().filter_map(|g| g.groups).max().unwrap_or(0);
    view! {
        <section class="card" data-testid="billing-usage">
            <h2>{t("billing-usage")}</h2>
            <dl class="facts">
                <dt>{t("overview-messages")}</dt><dd data-testid="usage-messages">{of(u.messages_month, u.message_quota)}</dd>
                <dt>{t("overview-bots")}</dt><dd data-testid="usage-bots">{of(u.bots, u.max_bots)}</dd>
                <dt>{t("billing-groups-most")}</dt><dd data-testid="usage-groups">{of(most_groups, u.max_groups)}</dd>
            </dl>
        </section>
    }
}

fn invoices(list: Vec<InvoiceView>, error: Option<String>) -> impl IntoView {
    if let Some(e) = error {
        return view! { <p class="error" role="alert">{e}</p> }.into_any();
    }
    if list.is_empty() {
        return view! { <p class="muted" data-testid="no-invoices">{t("billing-no-invoices")}</p> }
            .into_any();
    }
    let rows = list
        .into_iter()
        .map(|i| {
            let amount = if i.currency == "brl" {
                brl(i.amount_due)
            } else {
                format!("{} {}", i.amount_due as f64 / 100.0, i.currency.to_uppercase())
            };
            view! {
                <tr data-testid="invoice">
                    <td>{i.number.clone()}</td>
                    <td>{local_time(i.created)}</td>
                    <td>{amount}</td>
                    <td>{t(&format!("billing-invoice-{}", i.status))}</td>
                    <td>{i.url.map(|u| view! { <a href=u rel="external noopener" target="_blank">{t("billing-invoice-view")}</a> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap"><table class="table">
            <thead><tr><th>{t("billing-invoice-number")}</th><th>{t("billing-invoice-date")}</th><th>{t("billing-invoice-amount")}</th><th>{t("billing-invoice-status")}</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
    .into_any()
}

/// The workspace's billing (owners and admins).
#[server(prefix = "/api", endpoint = "get_billing")]
pub async fn get_billing(tenant_id: String) -> Result<BillingView, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    let view =
        baas::billing::page::view(&state.db, &state.secrets, state.billing.as_ref(), &at).await?;
    Ok(view)
}

/// What an owner's trip to Stripe needs: the server's state, their access to the workspace,
/// the Stripe account (refused while billing is off) and the Billing page to come back to.
#[cfg(feature = "ssr")]
pub(crate) struct ToStripe {
    pub state: crate::state::AppState,
    pub at: baas::access::Access,
    pub stripe: baas::billing::stripe::Stripe,
    pub back: String,
}

#[cfg(feature = "ssr")]
pub(crate) async fn owner_to_stripe(tenant_id: &str) -> Result<ToStripe, ApiError> {
    let (state, at) = member_of(tenant_id, Role::Owner).await?;
    let stripe = state
        .billing
        .clone()
        .ok_or_else(|| ApiError::Unavailable(tr(&Text::new("billing-off"))))?;
    let back = format!("{}/t/{}/billing", state.public_url, at.tenant_id);
    Ok(ToStripe {
        state,
        at,
        stripe,
        back,
    })
}

/// Starts a Stripe Checkout for `plan_id` (owners); the address to send the browser to.
#[server(prefix = "/api", endpoint = "start_checkout")]
pub async fn start_checkout(tenant_id: String, plan_id: String) -> Result<String, ApiError> {
    let s = owner_to_stripe(&tenant_id).await?;
    Ok(baas::billing::page::checkout(&s.state.db, &s.stripe, &s.at, &plan_id, &s.back).await?)
}

/// Opens the Stripe Customer Portal (owners); the address to send the browser to.
#[server(prefix = "/api", endpoint = "open_portal")]
pub async fn open_portal(tenant_id: String) -> Result<String, ApiError> {
    let s = owner_to_stripe(&tenant_id).await?;
    Ok(baas::billing::page::portal(&s.state.db, &s.stripe, &s.at, &s.back).await?)
}
