//! Alerts: budget thresholds, daily limits, auto-downgrade and projected overspend, newest
//! first, each acknowledged once by an admin.

use crate::error::ApiError;
use crate::i18n::{t, tr};
use crate::layout::{tenant_id, Viewer};
use crate::listing::Listing;
#[cfg(feature = "ssr")]
use crate::state::member_of;
use crate::time::local_time;
use baas::i18n::Text;
use baas::model::AlertView;
#[cfg(feature = "ssr")]
use baas::roles::Role;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/t/:tenant/alerts`: every member sees them; owners and admins acknowledge.
#[component]
pub fn AlertsPage() -> impl IntoView {
    let tenant = tenant_id();
    let viewer = expect_context::<Viewer>();
    let manage = Signal::derive(move || viewer.role.get().is_some_and(|r| r.can_manage_team()));
    let ack = ServerAction::<AcknowledgeAlert>::new();
    let alerts = Resource::new(
        move || (tenant.get(), ack.version().get()),
        |(t, _)| list_alerts(t),
    );
    view! {
        <Title text=format!("{} · BaaS", t("nav-alerts")) />
        <div class="page">
            <header class="page-header"><h1>{t("nav-alerts")}</h1></header>
            <p class="muted">{t("alerts-help")}</p>
            <Listing
                items=alerts
                empty={|| view! {
                    <p class="muted" data-testid="no-alerts">{t("alerts-empty")}</p>
                }}
                rows={move |list| alert_table(tenant.get_untracked(), list, manage, move |t, id| {
                    ack.dispatch(AcknowledgeAlert { tenant_id: t, alert_id: id });
                })}
            />
            {move || ack.value().get().and_then(|r| r.err()).map(|e| view! { <p class="error" role="alert">{e.to_string()}</p> })}
        </div>
    }
}

/// A table of alerts with an acknowledge button on the open ones.
pub fn alert_table<A>(
    tenant: String,
    list: Vec<AlertView>,
    manage: Signal<bool>,
    ack: A,
) -> impl IntoView
where
    A: Fn(String, String) + Clone + Send + Sync + 'static,
{
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="alerts">
                <thead><tr><th>{t("alerts-col-severity")}</th><th>{t("alerts-col-when")}</th><th>{t("alerts-col-alert")}</th><th></th></tr></thead>
                <tbody>
                    {list.into_iter().map(|a| {
                        let (tn, id, ack) = (tenant.clone(), a.id.clone(), ack.clone());
                        view! {
                            <tr class=format!("alert-{}", a.severity) data-testid=format!("alert-{}", a.kind)>
                                <td>{tr(&Text::new("alerts-severity").str("severity", a.severity.clone()))}</td>
                                <td>{local_time(a.created_at)}</td>
                                <td>{a.text.as_ref().map_or_else(|| a.message.clone(), tr)}</td>
                                <td>{match a.acknowledged_by.clone() {
                                    Some(by) => view! { <span class="muted">{tr(&Text::new("alerts-acknowledged-by").str("by", by))}</span> }.into_any(),
                                    None => view! {
                                        <Show when=move || manage.get()>
                                            <button class="button" data-testid="ack" on:click={
                                                let (tn, id, ack) = (tn.clone(), id.clone(), ack.clone());
                                                move |_| ack(tn.clone(), id.clone())
                                            }>{t("alerts-acknowledge")}</button>
                                        </Show>
                                    }.into_any(),
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The tenant's alerts, newest first (any member).
#[server(prefix = "/api", endpoint = "list_alerts")]
pub async fn list_alerts(tenant_id: String) -> Result<Vec<AlertView>, ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Viewer).await?;
    Ok(baas::alerts::list(&state.db, Some(&at.tenant_id)).await?)
}

/// Acknowledges one of the tenant's alerts (admins and owners).
#[server(prefix = "/api", endpoint = "acknowledge_alert")]
pub async fn acknowledge_alert(tenant_id: String, alert_id: String) -> Result<(), ApiError> {
    let (state, at) = member_of(&tenant_id, Role::Admin).await?;
    Ok(baas::alerts::acknowledge(&state.db, Some(&at.tenant_id), &alert_id, &at.actor).await?)
}
