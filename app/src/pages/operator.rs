//! `/operator`: the shared provider pool (each credential's remaining share, this month's
//! paid-key fallback), the price table, plans and the operators' own alerts and channels, for
//! operators only.

use crate::error::ApiError;
use crate::forms::{RowSaves, SaveState, SaveStatus};
use crate::layout::whoami;
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::{client_ip, operator};
use baas::model::{CredentialView, PaidFallback, PoolView, SUBSCRIPTION_RISK};
use baas::pricing::{format_usd, ModelPrice};
use baas::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// The operator's page: credentials (add, enable, limits) and prices (edit).
#[component]
pub fn OperatorPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    view! {
        <Title text="Provider pool · BaaS" />
        <Suspense fallback=|| view! { <div class="loading">"Loading…"</div> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) if me.operator => {
                        let home = me.tenants.first().map(|t| format!("/t/{}", t.id)).unwrap_or_else(|| "/".into());
                        view! { <Pool home /> }.into_any()
                    }
                    Ok(Some(_)) => view! {
                        <div class="center-page"><div class="card narrow">
                            <h1>"Operators only"</h1>
                            <p>"The provider pool and prices are managed by the people who run this BaaS."</p>
                            <a class="button" href="/" rel="external">"Back to your workspace"</a>
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
                <h1>"Provider pool"</h1>
                <a href=home rel="external">"Back to your workspace"</a>
            </header>
            <p class="muted">
                "Every tenant's model calls are served from these credentials: the best priority tier first (lower number), "
                "subscriptions before API keys within a tier, the most headroom first. Changes reach the gateway within 10 seconds."
            </p>
            <section class="card">
                <h2>"Credentials"</h2>
                <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match pool.await {
                            Ok(p) if p.credentials.is_empty() => view! {
                                <p class="muted" data-testid="no-credentials">"No credentials yet: add an Anthropic API key below."</p>
                            }.into_any(),
                            Ok(p) => view! {
                                <div class="table-wrap">
                                    <table class="table" data-testid="credentials">
                                        <thead><tr>
                                            <th>"Name"</th><th>"Kind"</th><th>"Priority"</th><th>"Base URL"</th>
                                            <th>"Left of its limit"</th><th>"Own limits (per minute)"</th><th>"State"</th><th></th>
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
                <h3>"Add a credential"</h3>
                <ActionForm action=add node_ref=add_form attr:class="inline-form" attr:data-testid="add-credential">
                    <label>"Name" <input type="text" name="name" required maxlength="80" placeholder="workspace-a" /></label>
                    <label>"Kind"
                        <select name="kind" on:change=move |ev| set_kind.set(event_target_value(&ev))>
                            <option value="anthropic_api_key">"Anthropic API key"</option>
                            <option value="claude_subscription">"Claude subscription (OAuth token)"</option>
                        </select>
                    </label>
                    <label>"Base URL" <input type="url" name="base_url" required value="https://api.anthropic.com" /></label>
                    <label>"Priority" <input type="number" name="priority" required value="100" /></label>
                    <label>"Secret" <input type="password" name="secret" required autocomplete="off" /></label>
                    <button type="submit" class="button primary">"Add"</button>
                    <SaveStatus state=SaveState::of(add) testid="add-credential-status" saved="Credential added" />
                </ActionForm>
                <Show when=move || kind.get() == "claude_subscription">
                    <p class="notice" role="note" data-testid="subscription-risk">{SUBSCRIPTION_RISK}</p>
                </Show>
            </section>
            <section class="card">
                <h2>"Prices (USD per million tokens)"</h2>
                <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        pool.await.ok().map(|p| view! {
                            <div class="table-wrap">
                                <table class="table" data-testid="prices">
                                    <thead><tr><th>"Model"</th><th>"Input"</th><th>"Output"</th><th>"Cache read"</th><th>"Cache write"</th></tr></thead>
                                    <tbody>{p.prices.into_iter().map(price_row).collect_view()}</tbody>
                                </table>
                            </div>
                        })
                    })}
                </Suspense>
                <h3>"Set a price"</h3>
                <ActionForm action=price attr:class="inline-form" attr:data-testid="set-price">
                    <label>"Model" <input type="text" name="model" required maxlength="100" placeholder="claude-sonnet-4-5" /></label>
                    <label>"Input" <input type="text" name="input" required inputmode="decimal" placeholder="3" /></label>
                    <label>"Output" <input type="text" name="output" required inputmode="decimal" placeholder="15" /></label>
                    <label>"Cache read" <input type="text" name="cache_read" inputmode="decimal" placeholder="0.1 × input" /></label>
                    <label>"Cache write" <input type="text" name="cache_write" inputmode="decimal" placeholder="1.25 × input" /></label>
                    <button type="submit" class="button primary">"Save price"</button>
                    <SaveStatus state=SaveState::of(price) testid="price-status" />
                </ActionForm>
            </section>
            <crate::pages::plans::PlansAndAlerts />
            <crate::pages::operator_rate::ExchangeRateCard />
            <crate::pages::operator_channels::OperatorChannels />
        </div></main>
    }
}

/// The risk, shortened for the row of an enabled subscription credential.
const SUBSCRIPTION_RISK_SHORT: &str = "Anthropic's consumer terms forbid subscription tokens in \
third-party products: calls may be refused or billed as extra usage.";

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
    view! {
        <tr data-testid="credential">
            <td>{c.name.clone()}</td>
            <td>{if subscription { "Claude subscription" } else { "Anthropic API key" }}</td>
            <td class="num">{c.priority}</td>
            <td class="mono">{c.base_url.clone()}</td>
            <td data-testid="credential-remaining">{remaining(c.remaining_bp, c.remaining_at)}</td>
            <td>
                <ActionForm action=limits attr:class="inline-form compact">
                    <input type="hidden" name="id" value=c.id.clone() />
                    <label>"Requests" <input type="text" name="rpm" size="7" inputmode="numeric" value=show(c.rpm_limit) /></label>
                    <label>"Tokens" <input type="text" name="tpm" size="9" inputmode="numeric" value=show(c.tpm_limit) /></label>
                    <button type="submit" class="link-button">"Save"</button>
                    <SaveStatus state=limit_saves.of(c.id.clone()) testid="limits-status" />
                </ActionForm>
            </td>
            <td>
                {if enabled {
                    view! { <span class="state state-accepted">"Enabled"</span> }.into_any()
                } else {
                    view! { <span class="state state-revoked">"Disabled"</span> }.into_any()
                }}
                {(subscription && enabled).then(|| view! {
                    <p class="notice small" role="note" title=SUBSCRIPTION_RISK>{SUBSCRIPTION_RISK_SHORT}</p>
                })}
            </td>
            <td>
                <button class="link-button" data-testid="toggle-credential" on:click=move |_| {
                    toggle.dispatch(SetCredentialEnabled { id: id.get_value(), enabled: !enabled });
                }>{if enabled { "Disable" } else { "Enable" }}</button>
            </td>
        </tr>
    }
}

/// A credential's share left as its provider last reported it, and when.
fn remaining(bp: Option<i64>, at: Option<i64>) -> impl IntoView {
    match (bp, at) {
        (Some(bp), Some(at)) => view! {
            <span class="num">{format!("{}.{:02}%", bp / 100, bp % 100)}</span>
            <p class="muted small">{format!("reported {}", format_utc(at))}</p>
        }
        .into_any(),
        _ => view! { <span class="muted">"not reported yet"</span> }.into_any(),
    }
}

/// What the paid-key fallback cost this month, or why there is none.
fn fallback(f: Option<PaidFallback>) -> impl IntoView {
    match f {
        Some(f) => view! {
            <p data-testid="paid-fallback">
                "Paid-key fallback this month: " <strong data-micro-usd=f.cost.to_string()>{format_usd(f.cost)}</strong>
                {format!(
                    " over {} request{}: what API keys served since {} (UTC) while subscriptions were in the pool.",
                    f.requests,
                    if f.requests == 1 { "" } else { "s" },
                    format_utc(f.since)
                )}
            </p>
        }
        .into_any(),
        None => view! {
            <p class="muted" data-testid="paid-fallback">"No subscriptions in the pool: API keys serve every request, so nothing is a fallback."</p>
        }
        .into_any(),
    }
}

fn price_row(p: ModelPrice) -> impl IntoView {
    let usd = |m: i64| format!("{:.2}", m as f64 / 1_000_000.0);
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
    let priority: i64 = priority.trim().parse().map_err(|_| {
        ApiError::Invalid("the priority must be a whole number (lower is tried first)".into())
    })?;
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
    let rpm = baas::operators::parse_limit(&rpm, "requests per minute")?;
    let tpm = baas::operators::parse_limit(&tpm, "tokens per minute")?;
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
    use baas::pricing::parse_usd_per_mtok;
    let (state, user) = operator().await?;
    let usd = |raw: &str, what: &str| {
        parse_usd_per_mtok(raw).ok_or_else(|| {
            ApiError::Invalid(format!(
                "{what}: give USD per million tokens, like 3 or 0.30"
            ))
        })
    };
    let input = usd(&input, "input")?;
    let model = model.trim().to_string();
    if model.is_empty() || model.len() > 100 {
        return Err(ApiError::Invalid(
            "the model name must be 1 to 100 characters".into(),
        ));
    }
    let price = baas::pricing::ModelPrice {
        model: model.clone(),
        input,
        output: usd(&output, "output")?,
        // Anthropic's list ratios when left empty: reads 0.1x, writes 1.25x the input price.
        cache_read: if cache_read.trim().is_empty() {
            input / 10
        } else {
            usd(&cache_read, "cache read")?
        },
        cache_write: if cache_write.trim().is_empty() {
            input * 5 / 4
        } else {
            usd(&cache_write, "cache write")?
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
