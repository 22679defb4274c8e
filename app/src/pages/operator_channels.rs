//! The operators' own notification channels on the operator page: where the pool's alerts
//! (and every alert that belongs to no workspace) go, each with a test and, for webhooks, a new
//! signing secret on demand; with none of their own by email, the operators get email.

use crate::error::ApiError;
use crate::forms::{SaveState, SaveStatus};
use crate::i18n::t;
use crate::listing::Listing;
use crate::pages::channels::{
    channel_list, secret_notice, test_outcome, ChannelButtons, ChannelFields,
};
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::{client_ip, operator};
use baas::model::{DeliveryView, NotifyChannelView};
use leptos::prelude::*;

/// The operators' channels: list, add, remove, test, new webhook secret.
#[component]
pub fn OperatorChannels() -> impl IntoView {
    let add = ServerAction::<AddOperatorChannel>::new();
    let remove = ServerAction::<RemoveOperatorChannel>::new();
    let test = ServerAction::<TestOperatorChannel>::new();
    let rotate = ServerAction::<RotateOperatorSecret>::new();
    let (added, removed) = (successes(add), successes(remove));
    let channels = Resource::new(
        move || (added.get(), removed.get()),
        |_| list_operator_channels(),
    );
    let add_form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if added.get() > 0 {
            if let Some(form) = add_form.get_untracked() {
                form.reset();
            }
        }
    });
    let buttons = ChannelButtons {
        test: Callback::new(move |channel_id| {
            test.dispatch(TestOperatorChannel { channel_id });
        }),
        remove: Callback::new(move |channel_id| {
            remove.dispatch(RemoveOperatorChannel { channel_id });
        }),
        rotate: Some(Callback::new(move |channel_id| {
            rotate.dispatch(RotateOperatorSecret { channel_id });
        })),
    };
    view! {
        <section class="card" data-testid="operator-channels">
            <h2>{t("operator-channels")}</h2>
            <p class="muted">{t("operator-channels-help")}</p>
            <button class="button" data-testid="test-operators" on:click=move |_| {
                test.dispatch(TestOperatorChannel { channel_id: String::new() });
            }>{t("operator-test-email")}</button>
            <Listing
                items=channels
                empty={|| view! { <p class="muted" data-testid="no-channels">{t("operator-no-channels")}</p> }}
                rows={move |list: Vec<NotifyChannelView>| channel_list(list, buttons)}
            />
            {move || test.value().get().map(test_outcome)}
            {move || add.value().get().and_then(|r| r.ok()).flatten().map(secret_notice)}
            {move || rotate.value().get().map(|r| match r {
                Ok(secret) => secret_notice(secret).into_any(),
                Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
            <SaveStatus state=SaveState::of(remove) testid="remove-operator-channel-status" saved=t("operator-channel-removed") />
            <ActionForm action=add node_ref=add_form attr:class="stack" attr:data-testid="add-operator-channel">
                <ChannelFields />
                <button type="submit" class="button primary">{t("operator-add-channel")}</button>
                <SaveStatus state=SaveState::of(add) testid="add-operator-channel-status" saved=t("operator-channel-added") />
            </ActionForm>
        </section>
    }
}

/// The operators' own channels (URLs by host only, secrets never).
#[server(prefix = "/api", endpoint = "list_operator_channels")]
pub async fn list_operator_channels() -> Result<Vec<NotifyChannelView>, ApiError> {
    let (state, _) = operator().await?;
    Ok(baas::notify::store::list_operator_channels(&state.db, &state.secrets).await?)
}

/// Adds an operators' channel (email, webhook or Slack); a webhook's signing secret is
/// returned this once.
#[server(prefix = "/api", endpoint = "add_operator_channel")]
pub async fn add_operator_channel(
    kind: String,
    name: String,
    target: String,
) -> Result<Option<String>, ApiError> {
    let (state, user) = operator().await?;
    let kind = baas::notify::rules::ChannelKind::parse(&kind)
        .ok_or_else(|| ApiError::Invalid(t("operator-channel-kind-invalid")))?;
    let channel = baas::notify::store::NewChannel {
        kind,
        name,
        target,
        bot_id: None,
    };
    let actor = user.actor(&client_ip());
    let (_, secret) =
        baas::notify::store::add_operator_channel(&state.db, &state.secrets, &actor, &channel)
            .await?;
    Ok(secret)
}

/// Removes an operators' channel.
#[server(prefix = "/api", endpoint = "remove_operator_channel")]
pub async fn remove_operator_channel(channel_id: String) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let actor = user.actor(&client_ip());
    Ok(baas::notify::store::remove_operator_channel(&state.db, &actor, &channel_id).await?)
}

/// Gives an operators' webhook channel a new signing secret, shown this once.
#[server(prefix = "/api", endpoint = "rotate_operator_secret")]
pub async fn rotate_operator_secret(channel_id: String) -> Result<String, ApiError> {
    let (state, user) = operator().await?;
    let actor = user.actor(&client_ip());
    Ok(
        baas::notify::store::rotate_operator_secret(&state.db, &state.secrets, &actor, &channel_id)
            .await?,
    )
}

/// Sends a test notification to an operators' channel ("" = the operators by email) at once
/// and returns its delivery.
#[server(prefix = "/api", endpoint = "test_operator_channel")]
pub async fn test_operator_channel(channel_id: String) -> Result<DeliveryView, ApiError> {
    let (state, user) = operator().await?;
    let actor = user.actor(&client_ip());
    let channel = Some(channel_id.as_str()).filter(|c| !c.is_empty());
    Ok(baas::notify::send_operator_test(&state.senders(), &actor, channel).await?)
}
