//! Prepaid credits on the Billing page: the balance, what was spent this month and in all, the
//! packs on sale (owners buy through a one-time Stripe Checkout), and every purchase or grant.

use crate::error::ApiError;
use crate::i18n::{locale, t, tr};
use crate::layout::tenant_id;
use crate::time::local_time;
use baas::exchange::format_brl;
use baas::i18n::Text;
use baas::model::{CreditPack, CreditsView};
use leptos::prelude::*;

/// `opus,sonnet` as the page writes model families: `Opus, Sonnet`.
pub(crate) fn family_names(raw: &str) -> String {
    raw.split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(|f| {
            let mut c = f.chars();
            c.next()
                .map(|first| first.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn usd(micro: i64) -> String {
    baas::amount::format_usd(micro, locale())
}

/// The workspace's credits; `returned` is set when the browser came back from a checkout.
#[component]
pub fn Credits(
    c: CreditsView,
    owner: Signal<bool>,
    enabled: bool,
    returned: Signal<Option<String>>,
) -> impl IntoView {
    let buy = ServerAction::<BuyCredits>::new();
    // Off to Stripe: the browser leaves for the page Stripe gave.
    Effect::new(move |_| {
        if let Some(Ok(url)) = buy.value().get() {
            let _ = window().location().set_href(&url);
        }
    });
    let balance = c.balance();
    let packs = c
        .packs
        .iter()
        .cloned()
        .map(|p| pack(p, owner, enabled, buy))
        .collect_view();
    let entries = if c.entries.is_empty() {
        view! { <p class="muted" data-testid="no-credit-entries">{t("credits-none-yet")}</p> }
            .into_any()
    } else {
        let rows = c
            .entries
            .iter()
            .map(|e| {
                let paid = if e.paid_brl_cents > 0 {
                    format_brl(e.paid_brl_cents * 10_000, locale())
                } else {
                    String::new()
                };
                view! {
                    <tr data-testid="credit-entry">
                        <td>{local_time(e.created_at)}</td>
                        <td>{t(&format!("credits-kind-{}", e.kind))}</td>
                        <td class="num">{usd(e.amount_micro_usd)}</td>
                        <td class="num">{paid}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap"><table class="table">
                <thead><tr><th>{t("billing-invoice-date")}</th><th>{t("credits-entry")}</th><th>{t("credits-amount")}</th><th>{t("credits-paid")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
        .into_any()
    };
    view! {
        <section class="card" data-testid="billing-credits" data-balance=balance.to_string()>
            <h2>{t("credits-title")}</h2>
            {move || match returned.get().as_deref() {
                Some("success") => Some(view! { <p class="notice" role="status" data-testid="credits-returned">{t("credits-checkout-success")}</p> }),
                Some("cancelled") => Some(view! { <p class="notice" role="status" data-testid="credits-returned">{t("billing-checkout-cancelled")}</p> }),
                _ => None,
            }}
            <p class="muted">{tr(&Text::new("credits-help").str("models", family_names(&c.families)))}</p>
            <dl class="facts">
                <dt>{t("credits-balance")}</dt>
                <dd data-testid="credits-balance" class=if balance <= 0 { "error" } else { "" }>{usd(balance.max(0))}</dd>
                <dt>{t("credits-spent-month")}</dt><dd data-testid="credits-month">{usd(c.spent_month_micro_usd)}</dd>
                <dt>{t("credits-spent-all")}</dt><dd>{usd(c.spent_micro_usd)}</dd>
            </dl>
            {move || buy.value().get().and_then(Result::err).map(|e| view! { <p class="error" role="alert" data-testid="credits-error">{e.to_string()}</p> })}
            {(!c.packs.is_empty()).then(|| view! { <div class="plan-grid" data-testid="credit-packs">{packs}</div> })}
            <h3>{t("credits-history")}</h3>
            {entries}
        </section>
    }
}

fn pack(
    p: CreditPack,
    owner: Signal<bool>,
    enabled: bool,
    buy: ServerAction<BuyCredits>,
) -> impl IntoView {
    let tenant = tenant_id();
    let id = p.id.clone();
    view! {
        <article class="plan-offer" data-testid="credit-pack">
            <h3>{usd(p.credit_micro_usd)}</h3>
            <p class="big">{format_brl(p.price_brl_cents * 10_000, locale())}</p>
            <Show when=move || owner.get() && enabled fallback=|| view! { <span class="muted small">{t("credits-owners-only")}</span> }>
                <button class="button primary" data-testid="buy-credits" disabled=move || buy.pending().get()
                    on:click={
                        let id = id.clone();
                        move |_| { buy.dispatch(BuyCredits { tenant_id: tenant.get_untracked(), pack_id: id.clone() }); }
                    }>
                    {t("credits-buy")}
                </button>
            </Show>
        </article>
    }
}

/// Starts a one-time Stripe Checkout for a credit pack (owners); the address to send the
/// browser to.
#[server(prefix = "/api", endpoint = "buy_credits")]
pub async fn buy_credits(tenant_id: String, pack_id: String) -> Result<String, ApiError> {
    let s = crate::pages::billing::owner_to_stripe(&tenant_id).await?;
    Ok(baas::billing::page::buy_credits(&s.state.db, &s.stripe, &s.at, &pack_id, &s.back).await?)
}
