//! The tenant's audit log, each entry filed under the area it belongs to, and how long it is
//! kept.

use crate::error::ApiError;
use crate::forms::{SaveState, SaveStatus};
use crate::i18n::{t, tr};
use crate::layout::{tenant_id, Viewer};
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use crate::time::local_time;
use baas::i18n::Text;
use baas::model::{audit_action_label, audit_category, AuditCategory, AuditEntry, AuditPage};
use baas::roles::Role;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/t/:tenant/audit`: who did what, when, from where (owners and admins).
#[component]
pub fn AuditPage() -> impl IntoView {
    let tenant = tenant_id();
    let before = RwSignal::new(None::<i64>);
    let page = Resource::new(
        move || (tenant.get(), before.get()),
        |(t, b)| audit_log(t, b),
    );
    view! {
        <Title text=format!("{} · BaaS", t("nav-audit")) />
        <div class="page">
            <header class="page-header"><h1>{t("nav-audit")}</h1></header>
            <Retention />
            <p class="muted">{t("audit-times")}</p>
            <Suspense fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            let next = p.next_before;
                            view! {
                                <div class="table-wrap">
                                    <table class="table" data-testid="audit-table">
                                        <thead><tr><th>{t("audit-col-when")}</th><th>{t("audit-col-who")}</th><th>{t("audit-col-area")}</th><th>{t("audit-col-what")}</th><th>{t("audit-col-detail")}</th><th>{t("audit-col-ip")}</th></tr></thead>
                                        <tbody>
                                            {p.entries.into_iter().map(row).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <div class="row">
                                    <Show when=move || before.get().is_some()>
                                        <button class="button" on:click=move |_| before.set(None)>{t("audit-newest")}</button>
                                    </Show>
                                    {next.map(|n| view! {
                                        <button class="button" on:click=move |_| before.set(Some(n))>{t("audit-older")}</button>
                                    })}
                                </div>
                            }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// How long entries are kept: owners set it, admins read it.
#[component]
fn Retention() -> impl IntoView {
    let tenant = tenant_id();
    let viewer = expect_context::<Viewer>();
    let owner = Signal::derive(move || viewer.role.get() == Some(Role::Owner));
    let save = ServerAction::<SaveAuditRetention>::new();
    let saved = successes(save);
    let days = Resource::new(
        move || (tenant.get(), saved.get()),
        |(t, _)| get_audit_retention(t),
    );
    view! {
        <section class="card" data-testid="audit-retention">
            <h2>{t("audit-retention")}</h2>
            <Suspense fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
                {move || Suspend::new(async move {
                    match days.await {
                        Ok(d) => {
                            let current = StoredValue::new(d.map(|n| n.to_string()).unwrap_or_default());
                            view! {
                                <p data-testid="retention-now">{match d {
                                    Some(n) => tr(&Text::new("audit-retention-days").int("days", n)),
                                    None => t("audit-retention-forever"),
                                }}</p>
                                <Show when=move || owner.get()>
                                    <ActionForm action=save attr:class="inline-form">
                                        <input type="hidden" name="tenant_id" value=tenant.get_untracked() />
                                        <label>{t("audit-retention-field")} " "
                                            <input type="text" inputmode="numeric" name="days" size="6" value=current.get_value() prop:value=current.get_value() data-testid="retention-days" />
                                        </label>
                                        <button type="submit" class="button">{t("audit-save")}</button>
                                        <SaveStatus state=SaveState::of(save) testid="retention" />
                                    </ActionForm>
                                </Show>
                            }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// An area's name in the reader's language (the areas are a closed set, each in the catalogue
/// as `audit-area-<its Rust name>`).
fn area_label(category: AuditCategory) -> String {
    t(&format!("audit-area-{category:?}"))
}

/// An action's label in the reader's language (each known action is in the catalogue as
/// `audit-action-<action>`); one this build does not know reads as the area "Other".
fn action_label(action: &str) -> String {
    if audit_action_label(action) == AuditCategory::Other.label() {
        return area_label(AuditCategory::Other);
    }
    t(&format!("audit-action-{}", action.replace('_', "-")))
}

fn row(e: AuditEntry) -> impl IntoView {
    let category = audit_category(&e.action);
    view! {
        <tr>
            <td class="nowrap">{local_time(e.at)}</td>
            <td>{e.actor.unwrap_or_else(|| "—".into())}</td>
            <td data-category=format!("{category:?}")>{area_label(category)}</td>
            <td data-action=e.action.clone()>{action_label(&e.action)}</td>
            <td>{e.detail}</td>
            <td class="mono">{e.ip.unwrap_or_default()}</td>
        </tr>
    }
}

/// A page of the tenant's audit log (owners and admins).
#[server(prefix = "/api", endpoint = "audit_log")]
pub async fn audit_log(tenant_id: String, before: Option<i64>) -> Result<AuditPage, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    let role = at.role;
    if !role.can_view_audit() {
        return Err(ApiError::Forbidden(
            "only owners and admins can read the audit log".into(),
        ));
    }
    Ok(baas::audit::list(&state.db, &at.tenant_id, before).await?)
}

/// How many days the workspace keeps its audit entries, `None` for forever (owners and admins).
#[server(prefix = "/api", endpoint = "get_audit_retention")]
pub async fn get_audit_retention(tenant_id: String) -> Result<Option<i64>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::tenants::audit_retention(&state.db, &at).await?)
}

/// Sets how many days the audit entries are kept: 30 to 3650, or empty for forever (owners).
#[server(prefix = "/api", endpoint = "save_audit_retention")]
pub async fn save_audit_retention(tenant_id: String, days: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Owner).await?;
    let days = baas::tenants::parse_audit_retention(&days)?;
    Ok(baas::tenants::set_audit_retention(&state.db, &at, days).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use baas::model::audit_actions;

    /// Area and action names are looked up by ids built from them: each must be in the
    /// catalogue, saying in English what the model calls it.
    #[test]
    fn every_area_and_action_has_its_words() {
        for category in AuditCategory::ALL {
            assert_eq!(area_label(category), category.label(), "{category:?}");
        }
        for action in audit_actions() {
            assert_eq!(action_label(action), audit_action_label(action), "{action}");
        }
        assert_eq!(action_label("made_up"), "Other");
    }
}
