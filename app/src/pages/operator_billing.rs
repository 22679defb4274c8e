//! The operator's billing: each plan's monthly price and the Stripe Price it is sold at, the
//! grace period after a failed payment, subscriptions by plan, monthly recurring revenue in
//! BRL, the workspaces whose payments failed, and the Opus credit packs on sale with their sales.

use crate::error::ApiError;
use crate::forms::{RowSaves, SaveState, SaveStatus};
#[cfg(feature = "ssr")]
use crate::i18n::tr;
use crate::i18n::{locale, t};
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::{client_ip, operator};
use crate::time::local_time;
use baas::exchange::format_brl;
#[cfg(feature = "ssr")]
use baas::i18n::Text;
use baas::model::{BillingSummary, PlanPrice};
use leptos::prelude::*;

fn brl(cents: i64) -> String {
    format_brl(cents * 10_000, locale())
}

/// Billing across workspaces, on the operator page.
#[component]
pub fn OperatorBilling() -> impl IntoView {
    let price = ServerAction::<SavePlanPrice>::new();
    let grace = ServerAction::<SaveGraceDays>::new();
    let add = ServerAction::<AddCreditPack>::new();
    let remove = ServerAction::<RemoveCreditPack>::new();
    let (priced, graced) = (successes(price), successes(grace));
    let (added, removed) = (successes(add), successes(remove));
    let data = Resource::new(
        move || (priced.get(), graced.get(), added.get(), removed.get()),
        |_| billing_overview(),
    );
    let price_saves = RowSaves::new(price, |p: &SavePlanPrice| p.plan_id.clone());
    view! {
        <section class="card" data-testid="operator-billing">
            <h2>{t("operator-billing")}</h2>
            <Suspense fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(s) => view! {
                            {packs(&s, add, remove)}
                            {summary(s, price, price_saves, grace)}
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn summary(
    s: BillingSummary,
    price: ServerAction<SavePlanPrice>,
    saves: RowSaves<String>,
    grace: ServerAction<SaveGraceDays>,
) -> impl IntoView {
    let by_plan = s
        .by_plan
        .iter()
        .map(|p| {
            view! {
                <tr data-testid=format!("subscriptions-{}", p.plan_id)>
                    <td>{p.name.clone()}</td>
                    <td class="num">{p.subscriptions}</td>
                    <td class="num">{brl(p.monthly_brl_cents)}</td>
                </tr>
            }
        })
        .collect_view();
    let failed = if s.failed.is_empty() {
        view! { <p class="muted">{t("operator-no-failed-payments")}</p> }.into_any()
    } else {
        let rows = s
            .failed
            .into_iter()
            .map(|f| {
                view! {
                    <tr data-testid="failed-payment">
                        <td>{f.name}</td>
                        <td>{f.plan_id}</td>
                        <td>{t(&format!("operator-standing-{}", f.standing))}</td>
                        <td>{f.failing_since.map(local_time).unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap"><table class="table">
                <thead><tr><th>{t("operator-workspace")}</th><th>{t("operator-plan")}</th><th>{t("operator-standing")}</th><th>{t("operator-failing-since")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        }
        .into_any()
    };
    let grace_days = s.grace_days.to_string();
    view! {
        <p class="big" data-testid="mrr" data-cents=s.mrr_brl_cents.to_string()>
            {t("operator-mrr")} " " {brl(s.mrr_brl_cents)}
        </p>
        <div class="table-wrap"><table class="table" data-testid="subscriptions-by-plan">
            <thead><tr><th>{t("operator-plan")}</th><th>{t("operator-subscriptions")}</th><th>{t("operator-monthly")}</th></tr></thead>
            <tbody>{by_plan}</tbody>
        </table></div>
        <h3>{t("operator-failed-payments")}</h3>
        {failed}
        <h3>{t("operator-plan-prices")}</h3>
        <p class="muted">{t("operator-prices-help")}</p>
        <div class="table-wrap"><table class="table" data-testid="plan-prices">
            <tbody>{s.prices.into_iter().map(|p| price_row(p, price, saves)).collect_view()}</tbody>
        </table></div>
        <ActionForm action=grace attr:class="inline-form">
            <label>{t("operator-grace-days")}
                <input type="number" name="days" min="0" max="60" size="3" value=grace_days.clone() prop:value=grace_days required />
            </label>
            <button type="submit" class="button">{t("operator-save")}</button>
            <SaveStatus state=SaveState::of(grace) testid="grace-status" />
        </ActionForm>
    }
}

fn packs(
    s: &BillingSummary,
    add: ServerAction<AddCreditPack>,
    remove: ServerAction<RemoveCreditPack>,
) -> impl IntoView {
    let rows = s
        .packs
        .iter()
        .map(|p| {
            let id = p.id.clone();
            view! {
                <tr data-testid="credit-pack-row">
                    <td class="num">{baas::amount::format_usd(p.credit_micro_usd, locale())}</td>
                    <td class="num">{brl(p.price_brl_cents)}</td>
                    <td><code>{p.stripe_price.clone()}</code></td>
                    <td><button class="button" on:click=move |_| { remove.dispatch(RemoveCreditPack { id: id.clone() }); }>{t("operator-pack-remove")}</button></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3>{t("operator-credit-packs")}</h3>
        <p data-testid="credit-sales">{tr_sales(s.credit_sales, &brl(s.credit_sales_brl_cents))}</p>
        <p class="muted">{t("operator-packs-help")}</p>
        <div class="table-wrap"><table class="table" data-testid="credit-packs">
            <thead><tr><th>{t("operator-pack-credit")}</th><th>{t("operator-pack-price")}</th><th>{t("operator-stripe-price")}</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        <ActionForm action=add attr:class="inline-form" attr:data-testid="add-credit-pack">
            <input type="hidden" name="locale" value=locale().tag() />
            <label>{t("operator-pack-credit")} <input type="text" inputmode="decimal" name="credit" size="8" required /></label>
            <label>{t("operator-pack-price")} <input type="text" inputmode="decimal" name="price" size="9" required /></label>
            <label>{t("operator-stripe-price")} <input type="text" name="stripe_price" size="24" placeholder="price_…" required /></label>
            <button type="submit" class="button">{t("operator-pack-add")}</button>
            <SaveStatus state=SaveState::of(add) testid="pack-status" />
        </ActionForm>
    }
}

fn tr_sales(count: i64, brl: &str) -> String {
    crate::i18n::tr(
        &baas::i18n::Text::new("operator-credit-sales")
            .int("count", count)
            .str("brl", brl.to_string()),
    )
}

fn price_row(
    p: PlanPrice,
    action: ServerAction<SavePlanPrice>,
    saves: RowSaves<String>,
) -> impl IntoView {
    let state = saves.of(p.plan_id.clone());
    let amount = format_brl(p.price_brl_cents * 10_000, locale())
        .trim_start_matches("R$")
        .trim()
        .to_string();
    let testid = format!("price-{}", p.plan_id);
    view! {
        <tr data-testid=testid><td>
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="plan_id" value=p.plan_id.clone() />
                <input type="hidden" name="locale" value=locale().tag() />
                <strong>{p.name.clone()}</strong>
                <label>{t("operator-price-brl")} <input type="text" inputmode="decimal" name="price" size="9" value=amount /></label>
                <label>{t("operator-stripe-price")} <input type="text" name="stripe_price" size="24" value=p.stripe_price.clone().unwrap_or_default() placeholder="price_…" /></label>
                <button type="submit" class="button">{t("operator-save")}</button>
                <SaveStatus state testid="price-status" />
            </ActionForm>
        </td></tr>
    }
}

/// Billing across workspaces (operators).
#[server(prefix = "/api", endpoint = "billing_overview")]
pub async fn billing_overview() -> Result<BillingSummary, ApiError> {
    let (state, _) = operator().await?;
    Ok(baas::billing::operator::summary(&state.db).await?)
}

/// Sets a plan's monthly price in reais (typed the page's way) and its Stripe Price (operators).
#[server(prefix = "/api", endpoint = "save_plan_price")]
pub async fn save_plan_price(
    plan_id: String,
    price: String,
    stripe_price: String,
    locale: Option<String>,
) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let typed = price.trim().trim_start_matches("R$").trim();
    let micro = baas::amount::parse_usd(typed, crate::state::number_locale(locale.as_deref()))
        .map_err(|e| {
            ApiError::Invalid(tr(
                &Text::new("operator-plan-price-invalid").text("error", e.text())
            ))
        })?
        .unwrap_or(0);
    let actor = user.actor(&client_ip());
    let stripe_price = Some(stripe_price.as_str()).filter(|p| !p.trim().is_empty());
    baas::billing::account::set_plan_price(
        &state.db,
        &actor,
        &plan_id,
        micro / 10_000,
        stripe_price,
    )
    .await?;
    Ok(())
}

/// An amount typed the page's way (`1.000,00` in pt-BR) without its currency sign, in
/// micro-units; the refusal names the field.
#[cfg(feature = "ssr")]
fn typed_amount(raw: &str, sign: &str, field: &str, locale: Option<&str>) -> Result<i64, ApiError> {
    let typed = raw.trim().trim_start_matches(sign).trim();
    baas::amount::parse_usd(typed, crate::state::number_locale(locale))
        .map_err(|e| {
            ApiError::Invalid(tr(&Text::new("operator-pack-invalid")
                .str("field", field.to_string())
                .text("error", e.text())))
        })?
        .ok_or_else(|| {
            ApiError::Invalid(tr(&Text::new("operator-pack-invalid")
                .str("field", field.to_string())
                .str("error", "empty".to_string())))
        })
}

/// Puts a credit pack on sale: its credit in US$, its price in R$ (typed the page's way) and
/// its one-time Stripe Price (operators).
#[server(prefix = "/api", endpoint = "add_credit_pack")]
pub async fn add_credit_pack(
    credit: String,
    price: String,
    stripe_price: String,
    locale: Option<String>,
) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let credit = typed_amount(&credit, "US$", "credit", locale.as_deref())?;
    let price = typed_amount(&price, "R$", "price", locale.as_deref())?;
    let actor = user.actor(&client_ip());
    baas::billing::credits::add_pack(&state.db, &actor, credit, price / 10_000, &stripe_price)
        .await?;
    Ok(())
}

/// Takes a credit pack off sale (operators); packs bought stay credited.
#[server(prefix = "/api", endpoint = "remove_credit_pack")]
pub async fn remove_credit_pack(id: String) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let actor = user.actor(&client_ip());
    baas::billing::credits::remove_pack(&state.db, &actor, &id).await?;
    Ok(())
}

/// Sets the grace period after a failed payment, in days (operators).
#[server(prefix = "/api", endpoint = "save_grace_days")]
pub async fn save_grace_days(days: String) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let days: i64 = days
        .trim()
        .parse()
        .map_err(|_| ApiError::Invalid(tr(&Text::new("operator-grace-invalid"))))?;
    let actor = user.actor(&client_ip());
    baas::billing::account::set_grace_days(&state.db, &actor, days).await?;
    Ok(())
}

/// Lets Stripe decide a workspace's plan again after it was set by hand (operators).
#[server(prefix = "/api", endpoint = "follow_stripe")]
pub async fn follow_stripe(tenant_id: String) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let actor = user.actor(&client_ip());
    let tenant = baas::ids::TenantId::new(tenant_id);
    baas::billing::operator::follow_stripe(&state.db, &state.policies, &actor, &tenant).await?;
    state.spawn_branding(tenant);
    Ok(())
}
