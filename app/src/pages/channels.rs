//! Notification channels as pages show them, shared by the Admin Agent page (a workspace's
//! channels) and the operator page (the operators' own): the list with each channel's
//! buttons, the add form's fields, a test's outcome and a webhook's secret shown once.

use crate::error::ApiError;
use crate::forms::ConfirmButton;
use crate::i18n::{t, tr};
use baas::i18n::Text;
use baas::model::{DeliveryView, NotifyChannelView};
use leptos::prelude::*;

/// What a channel's buttons do, given its id; a webhook gets "New signing secret" only where
/// `rotate` is given.
#[derive(Clone, Copy)]
pub struct ChannelButtons {
    pub test: Callback<String>,
    pub remove: Callback<String>,
    pub rotate: Option<Callback<String>>,
}

/// The channels, each with "Send a test notification" and "Remove" (confirmed first).
pub fn channel_list(list: Vec<NotifyChannelView>, buttons: ChannelButtons) -> impl IntoView {
    view! {
        <ul class="channels" data-testid="channels">
            {list.into_iter().map(|c| {
                let id = StoredValue::new(c.id.clone());
                let rotate = buttons.rotate.filter(|_| c.kind == "webhook");
                let question = tr(&Text::new("channels-remove-question").str("name", c.name.clone()));
                let kind = tr(&Text::new("channels-kind-name").str("kind", c.kind.clone()));
                view! {
                    <li data-testid="channel" data-kind=c.kind.clone()>
                        <strong>{c.name.clone()}</strong> " · " {kind} " · " <span class="mono">{c.target.clone()}</span>
                        " "
                        <button class="button small" data-testid="test-channel" on:click=move |_| buttons.test.run(id.get_value())>
                            {t("channels-test")}
                        </button>
                        {rotate.map(|rotate| view! {
                            <button class="button small" on:click=move |_| rotate.run(id.get_value())>{t("channels-new-secret")}</button>
                        })}
                        <ConfirmButton
                            label=t("channels-remove")
                            question
                            confirm=t("channels-remove-confirm")
                            testid="remove-channel"
                            on_confirm=Callback::new(move |_| buttons.remove.run(id.get_value()))
                        />
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The add form's fields (kind, name, target), inside the page's own form; WhatsApp, which
/// sends through one of a workspace's bots, only where `whatsapp` is set.
#[component]
pub fn ChannelFields(#[prop(optional)] whatsapp: bool) -> impl IntoView {
    view! {
        <label>{t("channels-kind")} " "
            <select name="kind">
                <option value="email">{t("channels-kind-email")}</option>
                <option value="webhook">{t("channels-kind-webhook")}</option>
                <option value="slack">{t("channels-kind-slack")}</option>
                {whatsapp.then(|| view! { <option value="whatsapp">{t("channels-kind-whatsapp")}</option> })}
            </select>
        </label>
        <label>{t("channels-name")} " " <input name="name" required maxlength="80" /></label>
        <label>{t("channels-target")} " " <input name="target" required /></label>
        {whatsapp.then(|| view! { <label>{t("channels-bot-id")} " " <input name="bot_id" /></label> })}
    }
}

/// What a test notification did, or why it was refused.
pub fn test_outcome(r: Result<DeliveryView, ApiError>) -> AnyView {
    match r {
        Ok(d) => {
            let status = Text::new("channels-status").str("status", d.status);
            let text = match d.error {
                None => Text::new("channels-test-result"),
                Some(e) => Text::new("channels-test-result-error").str("error", e),
            };
            let text = text.str("recipient", d.recipient).text("status", status);
            view! { <p class="notice" data-testid="test-result">{tr(&text)}</p> }.into_any()
        }
        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
    }
}

/// A webhook's signing secret, shown the one time it exists in the clear.
pub fn secret_notice(secret: String) -> impl IntoView {
    view! {
        <p class="notice" data-testid="webhook-secret">{t("channels-secret")} " " <code>{secret}</code></p>
    }
}
