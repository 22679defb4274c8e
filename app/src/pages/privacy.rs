//! A workspace's data and a person's account under the LGPD: the owners' export of everything
//! the workspace holds and its deletion (on the Billing page), and anyone's deletion of their
//! own account (on the Team page). Each deletion asks for the name or address typed again.

use crate::error::ApiError;
use crate::forms::{SaveState, SaveStatus};
use crate::i18n::t;
#[cfg(feature = "ssr")]
use crate::state::{member_of, signed_in};
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;

/// Leaves for the site's front door once `action` has succeeded (the page it was on is gone).
fn leave_when_done<A>(action: ServerAction<A>)
where
    A: leptos::server_fn::ServerFn<Output = ()> + Clone + Send + Sync + 'static,
    A::Error: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            let _ = window().location().set_href("/");
        }
    });
}

/// The owners' export and deletion of the workspace.
#[component]
pub fn WorkspaceData(tenant: String) -> impl IntoView {
    let delete = ServerAction::<DeleteWorkspace>::new();
    leave_when_done(delete);
    view! {
        <section class="card" data-testid="workspace-data">
            <h2>{t("privacy-title")}</h2>
            <p>{t("privacy-export-help")}</p>
            <a class="button" href=format!("/export/workspace/{tenant}") rel="external" download data-testid="export-workspace">{t("privacy-export")}</a>
            <h3>{t("privacy-delete-title")}</h3>
            <p class="muted">{t("privacy-delete-help")}</p>
            <ActionForm action=delete attr:class="inline-form">
                <input type="hidden" name="tenant_id" value=tenant.clone() />
                <label>{t("privacy-type-name")} <input type="text" name="name" required autocomplete="off" /></label>
                <button type="submit" class="button danger" data-testid="delete-workspace">{t("privacy-delete")}</button>
                <SaveStatus state=SaveState::of(delete) testid="delete-workspace-status" />
            </ActionForm>
        </section>
    }
}

/// Anyone's deletion of their own account.
#[component]
pub fn DeleteAccount() -> impl IntoView {
    let delete = ServerAction::<DeleteMyAccount>::new();
    leave_when_done(delete);
    view! {
        <section class="card" data-testid="delete-account">
            <h2>{t("privacy-account-title")}</h2>
            <p class="muted">{t("privacy-account-help")}</p>
            <ActionForm action=delete attr:class="inline-form">
                <label>{t("privacy-type-email")} <input type="email" name="email" required autocomplete="off" /></label>
                <button type="submit" class="button danger">{t("privacy-account-delete")}</button>
                <SaveStatus state=SaveState::of(delete) testid="delete-account-status" />
            </ActionForm>
        </section>
    }
}

/// Deletes the workspace (owners), its Stripe subscription cancelled first.
#[server(prefix = "/api", endpoint = "delete_workspace")]
pub async fn delete_workspace(tenant_id: String, name: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Owner).await?;
    {
        let _changing = state.policies.changing(&at.tenant_id);
        baas::privacy::delete_workspace(&state.db, state.billing.as_ref(), &at, &name).await?;
    }
    // Its bots' connections close now rather than at the next refresh.
    let bots = baas::clawdbot::store::all_bots(&state.db, &state.secrets).await?;
    state.bots.sync(&bots);
    Ok(())
}

/// Deletes the signed-in person's account.
#[server(prefix = "/api", endpoint = "delete_my_account")]
pub async fn delete_my_account(email: String) -> Result<(), ApiError> {
    let (state, user) = signed_in().await?;
    baas::privacy::delete_account(&state.db, state.billing.as_ref(), &user.user_id, &email).await?;
    let bots = baas::clawdbot::store::all_bots(&state.db, &state.secrets).await?;
    state.bots.sync(&bots);
    Ok(())
}
