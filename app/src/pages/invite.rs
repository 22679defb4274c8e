//! Accepting an invite link.

use crate::error::ApiError;
use crate::forms::{SaveState, SaveStatus};
use crate::i18n::t;
use crate::layout::whoami;
use crate::pages::encode_component;
#[cfg(feature = "ssr")]
use crate::state::{app_state, client_ip, signed_in};
use baas::model::{InvitePreview, InviteState, TenantSummary};
use baas::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/invite?token=…`: shows the invite and accepts it for the signed-in invitee.
#[component]
pub fn InvitePage() -> impl IntoView {
    let q = use_query_map();
    let token = Memo::new(move |_| q.read().get("token").unwrap_or_default());
    let data = Resource::new(
        move || token.get(),
        |token| async move { (get_invite(token).await, whoami().await) },
    );
    let accept = ServerAction::<AcceptInvite>::new();
    view! {
        <Title text=format!("{} · BaaS", t("invite-title")) />
        <main class="center-page">
            <div class="card narrow">
                <div class="brand big"><span class="logo">"B"</span><span>"BaaS"</span></div>
                <Suspense fallback=|| t("invite-loading")>
                    {move || Suspend::new(async move {
                        let (preview, me) = data.await;
                        let preview = match preview {
                            Ok(p) => p,
                            Err(e) => return view! {
                                <h1>{t("invite-not-valid")}</h1>
                                <p class="error" role="alert">{e.to_string()}</p>
                                <p class="muted">{t("invite-ask-again")}</p>
                            }.into_any(),
                        };
                        let heading = view! {
                            <h1>{t("invite-join")} " " {preview.tenant_name.clone()}</h1>
                            <p>
                                {t("invite-invited-as")} " "
                                <strong>{t(&format!("role-{}", preview.role.as_str()))}</strong>
                                " " {t("invite-for")} " " <strong>{preview.email.clone()}</strong> "."
                            </p>
                        };
                        if preview.state != InviteState::Pending {
                            let why = match preview.state {
                                InviteState::Accepted => t("invite-used"),
                                InviteState::Revoked => t("invite-revoked"),
                                _ => t("invite-expired"),
                            };
                            return view! { {heading} <p class="error" role="alert">{why}</p> }.into_any();
                        }
                        let next = encode_component(&format!("/invite?token={}", token.get_untracked()));
                        match me {
                            Ok(Some(me)) if me.email == preview.email => view! {
                                {heading}
                                <p class="muted">{t("invite-valid-until")} " " {format_utc(preview.expires_at)} "."</p>
                                <ActionForm action=accept attr:class="stack">
                                    <input type="hidden" name="token" value=move || token.get() />
                                    <button type="submit" class="button primary" data-testid="accept-invite">
                                        {t("invite-accept")}
                                    </button>
                                    <SaveStatus state=SaveState::of(accept) testid="accept-status" saved=Signal::stored(t("invite-joined")) />
                                </ActionForm>
                            }.into_any(),
                            Ok(Some(me)) => view! {
                                {heading}
                                <p class="error" role="alert">
                                    {t("invite-signed-in-as")} " " {me.email} {t("invite-sign-out-then")} " "
                                    {preview.email.clone()} " " {t("invite-to-accept")}
                                </p>
                                <form method="post" action="/auth/signout">
                                    <button type="submit" class="button">{t("shell-sign-out")}</button>
                                </form>
                            }.into_any(),
                            _ => view! {
                                {heading}
                                <a class="button primary" data-testid="sign-in-to-accept"
                                    href=format!("/login?email={}&next={next}", encode_component(&preview.email))>
                                    {t("invite-sign-in-to-accept")}
                                </a>
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </main>
    }
}

/// What an invite link offers (needs no session: the token is the credential).
#[server(prefix = "/api", endpoint = "get_invite")]
pub async fn get_invite(token: String) -> Result<InvitePreview, ApiError> {
    let state = app_state()?;
    Ok(baas::invites::preview_invite(&state.db, &token).await?)
}

/// Accepts an invite as the signed-in user and goes to the tenant.
#[server(prefix = "/api", endpoint = "accept_invite")]
pub async fn accept_invite(token: String) -> Result<TenantSummary, ApiError> {
    let (state, user) = signed_in().await?;
    let actor = user.actor(&client_ip());
    let t =
        baas::invites::accept_invite(&state.db, &token, &user.user_id, &user.email, &actor).await?;
    leptos_axum::redirect(&format!("/t/{}", t.id));
    Ok(t)
}
