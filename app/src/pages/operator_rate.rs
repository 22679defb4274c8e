//! The operator's rate for showing reais beside dollars on the workspaces' pages (display only:
//! BaaS charges in US$, as the provider does).

use crate::error::ApiError;
use crate::forms::{SaveState, SaveStatus};
use crate::i18n::{locale, t, tr};
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::{client_ip, number_locale, operator};
use crate::time::local_time;
use baas::amount::parse_usd;
use baas::exchange::{format_brl, BrlRate};
use baas::i18n::Text;
use leptos::prelude::*;

/// The rate's form: the current one and when it was set, a new one read back as it is typed,
/// and an empty field to stop showing reais.
#[component]
pub fn ExchangeRateCard() -> impl IntoView {
    let save = ServerAction::<SetBrlRate>::new();
    let saved = successes(save);
    let current = Resource::new(move || saved.get(), |_| get_brl_rate());
    let l = locale();
    let text = RwSignal::new(String::new());
    let reading = move || match parse_usd(&text.get(), l) {
        Ok(Some(m)) => (
            false,
            tr(&Text::new("rate-reads").str("rate", format_brl(m, l))),
        ),
        Ok(None) => (false, t("rate-none")),
        Err(e) => (true, e.to_string()),
    };
    view! {
        <section class="card" data-testid="exchange-rate">
            <h2>{t("rate-title")}</h2>
            <p class="muted">{t("rate-help")}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    let line = match current.await {
                        Ok(Some(r)) => tr(&Text::new("rate-current")
                            .str("rate", format_brl(r.micro_brl_per_usd, l))
                            .str("date", local_time(r.set_at))),
                        Ok(None) => t("rate-unset"),
                        Err(e) => e.to_string(),
                    };
                    view! { <p data-testid="rate-current">{line}</p> }
                })}
            </Suspense>
            <ActionForm action=save attr:class="stack-form">
                <input type="hidden" name="locale" value=l.tag() />
                <label>{t("rate-field")}
                    <input type="text" inputmode="decimal" name="rate" data-testid="rate-input"
                        placeholder=format_brl(5_300_000, l).replace("R$", "").trim().to_string()
                        on:input=move |ev| text.set(event_target_value(&ev)) />
                    <span class=move || if reading().0 { "field-note error" } else { "field-note muted" }
                        aria-live="polite" data-testid="rate-reading">{move || reading().1}</span>
                </label>
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="save-rate">{t("rate-save")}</button>
                    <SaveStatus state=SaveState::of(save) testid="rate" />
                </div>
            </ActionForm>
        </section>
    }
}

/// The rate reais are shown at, if set (operators only).
#[server(prefix = "/api", endpoint = "get_brl_rate")]
pub async fn get_brl_rate() -> Result<Option<BrlRate>, ApiError> {
    let (state, _) = operator().await?;
    Ok(baas::exchange::brl_rate(&state.db).await?)
}

/// Sets the rate from reais per US$ typed in the page's locale ("5,30"); empty removes it.
#[server(prefix = "/api", endpoint = "set_brl_rate")]
pub async fn set_brl_rate(rate: String, locale: Option<String>) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let micro = parse_usd(&rate, number_locale(locale.as_deref()))
        .map_err(|e| ApiError::Invalid(format!("rate: {e}")))?;
    baas::exchange::set_brl_rate(&state.db, &user.actor(&client_ip()), micro).await?;
    Ok(())
}
