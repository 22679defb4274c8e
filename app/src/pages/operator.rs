//! `/operator`: the shared provider pool (each credential's remaining share, this month's
//! paid-key fallback), the price table, plans and the operators' own alerts and channels, for
//! operators only.

use crate::error::ApiError;
use crate::forms::{RowSaves, SaveState, SaveStatus};
use crate::i18n::{locale, t, tr};
use crate::layout::whoami;
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::{client_ip, operator};
use baas::amount::format_usd;
use baas::i18n::{Locale, Text};
use baas::model::{CredentialView, PaidFallback, PoolView};
use baas::pricing::ModelPrice;
use baas::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// The operator's page: credentials (add, enable, limits) and prices (edit).
#[component]
pub fn OperatorPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    view! {
        <Title text=format!("{} · BaaS", t("nav-operator")) />
        <Suspense fallback=|| view! { <div class="loading">{t("shell-loading")}</div> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) if me.operator => {
                        let home = me.tenants.first().map(|t| format!("/t/{}", t.id)).unwrap_or_else(|| "/".into());
                        view! { <Pool home /> }.into_any()
                    }
                    Ok(Some(_)) => view! {
                        <div class="center-page"><div class="card narrow">
                            <h1>{t("operator-only-title")}</h1>
                            <p>{t("operator-only-text")}</p>
                            <a class="button" href="/" rel="external">{t("operator-back")}</a>
                        </div></div>
                    }.into_any(),
                    Ok(None) => view! { <Redirect path="/login?next=/operator" /> }.into_any(),
                    Err(e) => view! { <div class="page"><p class="error">{e.to_string()}</p></div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Pool(home: String) -> impl IntoView {
    let add = ServerAction::<AddCredential>::new();
    let toggle = ServerAction::<SetCredentialEnabled>::new();
    let limits = ServerAction::<SetCredentialLimits>::new();
    let price = ServerAction::<SetPrice>::new();
    let (added, toggled, limited, priced) = (
        successes(add),
        successes(toggle),
        successes(limits),
        successes(price),
    );
    let pool = Resource::new(
        move || (added.get(), toggled.get(), limited.get(), priced.get()),
        |_| get_pool(),
    );
    let limit_saves = RowSaves::new(limits, |l: &SetCredentialLimits| l.id.clone());
    let (kind, set_kind) = signal("anthropic_api_key".to_string());
    let add_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if added.get() > 0 {
            if let Some(form) = add_form.get_untracked() {
                form.reset();
                set_kind.set("anthropic_api_key".to_string());
            }
        }
    });
    view! {
        <main class="content"><div class="page operator">
            <header class="page-header">
                <h1>{t("nav-operator")}</h1>
                <a href=home rel="external">{t("operator-back")}</a>
            </header>
            <p class="muted">{t("operator-intro")}</p>
            <section class="card">
                <h2>{t("operator-credentials")}</h2>
                <Suspense fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
                    {move || Suspend::new(async move {
                        match pool.await {
                            Ok(p) if p.credentials.is_empty() => view! {
                                <p class="muted" data-testid="no-credentials">{t("operator-no-credentials")}</p>
                            }.into_any(),
                            Ok(p) => view! {
                                <div class="table-wrap">
                                    <table class="table" data-testid="credentials">
                                        <thead><tr>
                                            <th>{t("operator-name")}</th><th>{t("operator-kind")}</th><th>{t("operator-priority")}</th><th>{t("operator-base-url")}</th>
                                            <th>{t("operator-col-remaining")}</th><th>{t("operator-col-limits")}</th><th>{t("operator-col-state")}</th><th></th>
                                        </tr></thead>
                                        <tbody>{p.credentials.into_iter().map(|c| credential_row(c, toggle, limits, limit_saves)).collect_view()}</tbody>
                                    </table>
                                </div>
                                {fallback(p.paid_fallback)}
                            }.into_any(),
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Suspense>
                <SaveStatus state=SaveState::of(toggle) testid="toggle-status" />
                <h3>{t("operator-add-heading")}</h3>
                <ActionForm action=add node_ref=add_form attr:class="inline-form" attr:data-testid="add-credential">
                    <label>{t("operator-name")} <input type="text" name="name" required maxlength="80" placeholder=t("operator-name-placeholder") /></label>
                    <label>{t("operator-kind")}
                        <select name="kind" on:change=move |ev| set_kind.set(event_target_value(&ev))>
                            <option value="anthropic_api_key">{t("operator-kind-api-key")}</option>
                            <option value="claude_subscription">{t("operator-kind-subscription-token")}</option>
                        </select>
                    </label>
                    <label>{t("operator-base-url")} <input type="url" name="base_url" required value="https://api.anthropic.com" /></label>
                    <label>{t("operator-priority")} <input type="number" name="priority" required value="100" /></label>
                    <label>{t("operator-secret")} <input type="password" name="secret" required autocomplete="off" /></label>
                    <button type="submit" class="button primary">{t("operator-add")}</button>
                    <SaveStatus state=SaveState::of(add) testid="add-credential-status" saved=t("operator-credential-added") />
                </ActionForm>
                <Show when=move || kind.get() == "claude_subscription">
                    <p class="notice" role="note" data-testid="subscription-risk">{t("operator-subscription-risk")}</p>
                </Show>
            </section>
            <section class="card">
                <h2>{t("operator-prices")}</h2>
                <Suspense fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
                    {move || Suspend::new(async move {
                        pool.await.ok().map(|p| view! {
                            <div class="table-wrap">
                                <table class="table" data-testid="prices">
                                    <thead><tr>
                                        <th>{t("operator-model")}</th><th>{t("usage-class-input")}</th><th>{t("usage-class-output")}</th>
                                        <th>{t("usage-class-cache-read")}</th><th>{t("usage-class-cache-write")}</th>
                                    </tr></thead>
                                    <tbody>{p.prices.into_iter().map(|p| price_row(p, locale())).collect_view()}</tbody>
                                </table>
                            </div>
                        })
                    })}
                </Suspense>
                <h3>{t("operator-set-price-heading")}</h3>
                <ActionForm action=price attr:class="inline-form" attr:data-testid="set-price">
                    <label>{t("operator-model")} <input type="text" name="model" required maxlength="100" placeholder="claude-sonnet-4-5" /></label>
                    <label>{t("usage-class-input")} <input type="text" name="input" required inputmode="decimal" placeholder="3" /></label>
                    <label>{t("usage-class-output")} <input type="text" name="output" required inputmode="decimal" placeholder="15" /></label>
                    <label>{t("usage-class-cache-read")} <input type="text" name="cache_read" inputmode="decimal" placeholder=t("operator-cache-read-placeholder") /></label>
                    <label>{t("usage-class-cache-write")} <input type="text" name="cache_write" inputmode="decimal" placeholder=t("operator-cache-write-placeholder") /></label>
                    <button type="submit" class="button primary">{t("operator-save-price")}</button>
                    <SaveStatus state=SaveState::of(price) testid="price-status" />
                </ActionForm>
            </section>
            <crate::pages::plans::PlansAndAlerts />
            <crate::pages::operator_billing::OperatorBilling />
            <crate::pages::operator_rate::ExchangeRateCard />
            <crate::pages::operator_channels::OperatorChannels />
        </div></main>
    }
}

fn credential_row(
    c: CredentialView,
    toggle: ServerAction<SetCredentialEnabled>,
    limits: ServerAction<SetCredentialLimits>,
    limit_saves: RowSaves<String>,
) -> impl IntoView {
    let subscription = c.kind == "claude_subscription";
    let id = StoredValue::new(c.id.clone());
    let enabled = c.enabled;
    let show = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    let kind = t(if subscription {
        "operator-kind-subscription"
    } else {
        "operator-kind-api-key"
    });
    view! {
        <tr data-testid="credential">
            <td>{c.name.clone()}</td>
            <td>{kind}</td>
            <td class="num">{locale().integer(c.priority)}</td>
            <td class="mono">{c.base_url.clone()}</td>
            <td data-testid="credential-remaining">{remaining(c.remaining_bp, c.remaining_at)}</td>
            <td>
                <ActionForm action=limits attr:class="inline-form compact">
                    <input type="hidden" name="id" value=c.id.clone() />
                    <label>{t("operator-requests")} <input type="text" name="rpm" size="7" inputmode="numeric" value=show(c.rpm_limit) /></label>
                    <label>{t("operator-tokens")} <input type="text" name="tpm" size="9" inputmode="numeric" value=show(c.tpm_limit) /></label>
                    <button type="submit" class="link-button">{t("operator-save")}</button>
                    <SaveStatus state=limit_saves.of(c.id.clone()) testid="limits-status" />
                </ActionForm>
            </td>
            <td>
                {if enabled {
                    view! { <span class="state state-accepted">{t("operator-enabled")}</span> }.into_any()
                } else {
                    view! { <span class="state state-revoked">{t("operator-disabled")}</span> }.into_any()
                }}
                {(subscription && enabled).then(|| view! {
                    <p class="notice small" role="note" title=t("operator-subscription-risk")>{t("operator-subscription-risk-short")}</p>
                })}
            </td>
            <td>
                <button class="link-button" data-testid="toggle-credential" on:click=move |_| {
                    toggle.dispatch(SetCredentialEnabled { id: id.get_value(), enabled: !enabled });
                }>{t(if enabled { "operator-disable" } else { "operator-enable" })}</button>
            </td>
        </tr>
    }
}

/// A credential's share left as its provider last reported it, and when (UTC).
fn remaining(bp: Option<i64>, at: Option<i64>) -> impl IntoView {
    match (bp, at) {
        (Some(bp), Some(at)) => view! {
            <span class="num">{locale().percent_hundredths(bp)}</span>
            <p class="muted small">{tr(&Text::new("operator-reported").str("when", format_utc(at)))}</p>
        }
        .into_any(),
        _ => view! { <span class="muted">{t("operator-not-reported")}</span> }.into_any(),
    }
}

/// What the paid-key fallback cost this month, or why there is none.
fn fallback(f: Option<PaidFallback>) -> impl IntoView {
    match f {
        Some(f) => view! {
            <p data-testid="paid-fallback">
                {t("operator-fallback-lead")} " "
                <strong data-micro-usd=f.cost.to_string()>{format_usd(f.cost, locale())}</strong> " "
                {tr(&Text::new("operator-fallback-detail")
                    .int("requests", f.requests)
                    .str("since", format_utc(f.since)))}
            </p>
        }
        .into_any(),
        None => view! {
            <p class="muted" data-testid="paid-fallback">{t("operator-no-fallback")}</p>
        }
        .into_any(),
    }
}

/// A price in USD per million tokens as the reader writes numbers, with two decimals.
fn per_mtok(micro: i64, locale: Locale) -> String {
    let cents = (micro + 5_000) / 10_000;
    format!(
        "{}{}{:02}",
        locale.integer(cents / 100),
        locale.decimal(),
        cents % 100
    )
}

fn price_row(p: ModelPrice, locale: Locale) -> impl IntoView {
    let usd = |m: i64| per_mtok(m, locale);
    view! {
        <tr>
            <td class="mono">{p.model}</td>
            <td class="num">{usd(p.input)}</td>
            <td class="num">{usd(p.output)}</td>
            <td class="num">{usd(p.cache_read)}</td>
            <td class="num">{usd(p.cache_write)}</td>
        </tr>
    }
}

/// The provider pool (never its secrets) with each credential's remaining share and this
/// month's paid-key fallback, and the price table, for operators.
#[server(prefix = "/api", endpoint = "get_pool")]
pub async fn get_pool() -> Result<PoolView, ApiError> {
    let (state, _) = operator().await?;
    Ok(PoolView {
        credentials: baas::gateway::credentials::list_credentials(&state.db).await?,
        prices: baas::gateway::prices::load_prices(&state.db).await?,
        paid_fallback: baas::gateway::credentials::paid_fallback(&state.db, baas::clock::now())
            .await?,
    })
}

/// Adds a credential to the pool; subscription credentials start disabled.
#[server(prefix = "/api", endpoint = "add_credential")]
pub async fn add_credential(
    name: String,
    kind: String,
    base_url: String,
    secret: String,
    priority: String,
) -> Result<(), ApiError> {
    use baas::gateway::credentials;
    let (state, user) = operator().await?;
    let kind = credentials::parse_kind(&kind)?;
    let priority: i64 = priority
        .trim()
        .parse()
        .map_err(|_| ApiError::Invalid(t("operator-priority-invalid")))?;
    let id = credentials::add_credential(
        &state.db,
        &state.secrets,
        &name,
        kind,
        &base_url,
        &secret,
        priority,
    )
    .await?;
    let detail = format!("added credential {} ({id}, {})", name.trim(), kind.as_str());
    baas::operators::audit_change(&state.db, &user.actor(&client_ip()), &detail).await?;
    Ok(())
}

/// Enables or disables a credential of the pool.
#[server(prefix = "/api", endpoint = "set_credential_enabled")]
pub async fn set_credential_enabled(id: String, enabled: bool) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    baas::gateway::credentials::set_credential_enabled(&state.db, &id, enabled).await?;
    let verb = if enabled { "enabled" } else { "disabled" };
    baas::operators::audit_change(
        &state.db,
        &user.actor(&client_ip()),
        &format!("{verb} credential {id}"),
    )
    .await?;
    Ok(())
}

/// Sets a credential's own per-minute limits (empty: none).
#[server(prefix = "/api", endpoint = "set_credential_limits")]
pub async fn set_credential_limits(id: String, rpm: String, tpm: String) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let limit = |raw: &str, field: &str| {
        baas::operators::parse_limit(raw, field).map_err(|_| {
            ApiError::Invalid(tr(
                &Text::new("operator-limit-invalid").text("field", Text::new(field))
            ))
        })
    };
    let rpm = limit(&rpm, "operator-field-rpm")?;
    let tpm = limit(&tpm, "operator-field-tpm")?;
    baas::gateway::credentials::set_credential_limits(&state.db, &id, rpm, tpm).await?;
    let detail = format!("set limits of credential {id}: rpm {rpm:?}, tpm {tpm:?}");
    baas::operators::audit_change(&state.db, &user.actor(&client_ip()), &detail).await?;
    Ok(())
}

/// Sets a model's price, in USD per million tokens.
#[server(prefix = "/api", endpoint = "set_price")]
pub async fn set_price(
    model: String,
    input: String,
    output: String,
    cache_read: String,
    cache_write: String,
) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    // Typed the way the page writes numbers ("0,30" in Portuguese and Spanish).
    let number_locale = crate::state::number_locale(None);
    let usd = |raw: &str, field: &str| {
        let field = Text::new(field);
        match baas::amount::parse_usd(raw, number_locale) {
            Ok(Some(micro)) => Ok(micro),
            Ok(None) => Err(ApiError::Invalid(tr(
                &Text::new("operator-price-invalid").text("field", field)
            ))),
            Err(e) => Err(ApiError::Invalid(tr(&Text::new("operator-price-refused")
                .text("field", field)
                .text("error", e.text())))),
        }
    };
    let input = usd(&input, "operator-field-input")?;
    let model = model.trim().to_string();
    if model.is_empty() || model.len() > 100 {
        return Err(ApiError::Invalid(t("operator-model-invalid")));
    }
    let price = baas::pricing::ModelPrice {
        model: model.clone(),
        input,
        output: usd(&output, "operator-field-output")?,
        // Anthropic's list ratios when left empty: reads 0.1x, writes 1.25x the input price.
        cache_read: if cache_read.trim().is_empty() {
            input / 10
        } else {
            usd(&cache_read, "operator-field-cache-read")?
        },
        cache_write: if cache_write.trim().is_empty() {
            input * 5 / 4
        } else {
            usd(&cache_write, "operator-field-cache-write")?
        },
    };
    baas::gateway::prices::set_price(&state.db, &price).await?;
    baas::operators::audit_change(
        &state.db,
        &user.actor(&client_ip()),
        &format!("set the price of {model}"),
    )
    .await?;
    Ok(())
}
