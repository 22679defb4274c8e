//! The operator's plans (limits per plan, which tenant is on which) and the alerts that belong
//! to no tenant (the provider pool).
// A server function's parameters are its form's fields, and these forms have many.
#![allow(clippy::too_many_arguments)]

use crate::error::ApiError;
use crate::forms::{RowSaves, SaveState, SaveStatus};
use crate::listing::Listing;
use crate::pages::alerts::alert_table;
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::{client_ip, operator};
use baas::model::{AlertView, PlanView, PlansView};
use leptos::prelude::*;

fn count(v: Option<i64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// Plans, tenants' plans and pool alerts, on the operator page.
#[component]
pub fn PlansAndAlerts() -> impl IntoView {
    let save = ServerAction::<SavePlan>::new();
    let assign = ServerAction::<SetTenantPlan>::new();
    let cap = ServerAction::<SetOperatorCap>::new();
    let ack = ServerAction::<AcknowledgeOperatorAlert>::new();
    let (saved, assigned, capped, acked) = (
        successes(save),
        successes(assign),
        successes(cap),
        successes(ack),
    );
    let plans = Resource::new(
        move || (saved.get(), assigned.get(), capped.get()),
        |_| list_plans(),
    );
    let alerts = Resource::new(move || acked.get(), |_| operator_alerts());
    let plan_saves = RowSaves::new(save, |p: &SavePlan| p.id.clone());
    let assigns = RowSaves::new(assign, |a: &SetTenantPlan| a.tenant_id.clone());
    let caps = RowSaves::new(cap, |c: &SetOperatorCap| c.tenant_id.clone());
    view! {
        <section class="card">
            <h2>"Plans"</h2>
            <p class="muted">"Empty numbers mean unlimited. Models are families: haiku, sonnet, opus. The gateway enforces models and messages; the dashboard enforces groups and bots."</p>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match plans.await {
                        Ok(v) => {
                            let ids: Vec<(String, String)> = v.plans.iter().map(|p| (p.id.clone(), p.name.clone())).collect();
                            view! {
                                <div class="table-wrap">
                                    <table class="table" data-testid="plans">
                                        <tbody>{v.plans.into_iter().map(|p| plan_row(p, save, plan_saves)).collect_view()}</tbody>
                                    </table>
                                </div>
                                <h3>"Tenants"</h3>
                                <div class="table-wrap">
                                    <table class="table" data-testid="tenant-plans">
                                        <tbody>{v.tenants.into_iter().map(|t| {
                                            let options = ids.iter().map(|(pid, pname)| {
                                                let selected = *pid == t.plan_id;
                                                view! { <option value=pid.clone() selected=selected>{pname.clone()}</option> }
                                            }).collect_view();
                                            let (plan_for, cap_for) = (t.id.clone(), t.id.clone());
                                            let (assign_state, cap_state) = (assigns.of(t.id.clone()), caps.of(t.id.clone()));
                                            let current = t.operator_cap.map(|c| format!("{:.2}", c as f64 / 1_000_000.0)).unwrap_or_default();
                                            view! {
                                                <tr><td>{t.name.clone()}</td><td>
                                                    <ActionForm action=assign attr:class="inline-form">
                                                        <input type="hidden" name="tenant_id" value=plan_for />
                                                        <select name="plan_id">{options}</select>
                                                        <button type="submit" class="button">"Set plan"</button>
                                                        <SaveStatus state=assign_state testid="assign-status" />
                                                    </ActionForm>
                                                </td><td>
                                                    <ActionForm action=cap attr:class="inline-form">
                                                        <input type="hidden" name="tenant_id" value=cap_for />
                                                        <input type="hidden" name="locale" value="en" />
                                                        <label>"Spending cap (USD a month; empty for none)"
                                                            <input type="text" inputmode="decimal" name="monthly" size="8" value=current.clone() prop:value=current placeholder="none" />
                                                        </label>
                                                        <button type="submit" class="button">"Set cap"</button>
                                                        <SaveStatus state=cap_state testid="cap-status" />
                                                    </ActionForm>
                                                </td></tr>
                                            }
                                        }).collect_view()}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class="card">
            <h2>"Pool alerts"</h2>
            <Listing
                items=alerts
                empty={|| view! { <p class="muted">"No pool alerts."</p> }}
                rows={move |list| alert_table(String::new(), list, Signal::derive(|| true), move |_, id| {
                    ack.dispatch(AcknowledgeOperatorAlert { alert_id: id });
                })}
            />
            <SaveStatus state=SaveState::of(ack) testid="ack-status" saved="Acknowledged" />
        </section>
    }
}

fn plan_row(p: PlanView, save: ServerAction<SavePlan>, saves: RowSaves<String>) -> impl IntoView {
    let testid = format!("plan-{}", p.id);
    let state = saves.of(p.id.clone());
    view! {
        <tr data-testid=testid><td>
            <ActionForm action=save attr:class="inline-form">
                <input type="hidden" name="id" value=p.id.clone() />
                <label>"Name" <input type="text" name="name" size="10" value=p.name.clone() required /></label>
                <label>"Models" <input type="text" name="models" size="16" value=p.models.clone() required /></label>
                <label>"Default" <input type="text" name="default_model" size="16" value=p.default_model.clone() required /></label>
                <label>"Messages/month" <input type="text" name="monthly_messages" size="7" value=count(p.monthly_messages) /></label>
                <label>"Groups" <input type="text" name="max_groups" size="4" value=count(p.max_groups) /></label>
                <label>"Bots" <input type="text" name="max_bots" size="4" value=count(p.max_bots) /></label>
                <label class="check"><input type="checkbox" name="api_access" value="on" checked=p.api_access />"API access"</label>
                <button type="submit" class="button">"Save"</button>
                <SaveStatus state testid="plan-status" />
            </ActionForm>
        </td></tr>
    }
}

/// Every plan and each tenant's plan, for operators.
#[server(prefix = "/api", endpoint = "list_plans")]
pub async fn list_plans() -> Result<PlansView, ApiError> {
    let (state, _) = operator().await?;
    Ok(PlansView {
        plans: baas::costs::plans::plans(&state.db).await?,
        tenants: baas::costs::plans::tenant_plans(&state.db).await?,
    })
}

/// Saves a plan's limits (operators); empty numbers mean unlimited.
#[server(prefix = "/api", endpoint = "save_plan")]
pub async fn save_plan(
    id: String,
    name: String,
    models: String,
    default_model: String,
    monthly_messages: String,
    max_groups: String,
    max_bots: String,
    api_access: Option<String>,
) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let count = |raw: &str, what: &str| -> Result<Option<i64>, ApiError> {
        let raw = raw.trim().replace(',', "");
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<i64>().map(Some).map_err(|_| {
            ApiError::Invalid(format!(
                "{what}: give a whole number, or leave it empty for unlimited"
            ))
        })
    };
    let plan = baas::model::PlanView {
        id,
        name,
        models,
        default_model: default_model.trim().to_string(),
        monthly_messages: count(&monthly_messages, "messages per month")?,
        max_groups: count(&max_groups, "WhatsApp groups")?,
        max_bots: count(&max_bots, "bots")?,
        api_access: api_access.is_some(),
    };
    let actor = user.actor(&client_ip());
    baas::costs::plans::save_plan(&state.db, &actor, &plan).await?;
    Ok(())
}

/// Sets or clears (empty) the monthly spending cap on a tenant (operators); the tenant's admins
/// see it but cannot change it.
#[server(prefix = "/api", endpoint = "set_operator_cap")]
pub async fn set_operator_cap(
    tenant_id: String,
    monthly: String,
    locale: Option<String>,
) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let cap = baas::amount::parse_usd(&monthly, crate::state::number_locale(locale.as_deref()))
        .map_err(|e| ApiError::Invalid(format!("spending cap: {e}")))?;
    let actor = user.actor(&client_ip());
    let tenant_id = baas::ids::TenantId::new(tenant_id);
    let _changing = state.policies.changing(&tenant_id);
    baas::costs::settings::set_operator_cap(&state.db, &actor, &tenant_id, cap).await?;
    Ok(())
}

/// Moves a tenant to a plan (operators).
#[server(prefix = "/api", endpoint = "set_tenant_plan")]
pub async fn set_tenant_plan(tenant_id: String, plan_id: String) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let actor = user.actor(&client_ip());
    let tenant_id = baas::ids::TenantId::new(tenant_id);
    let _changing = state.policies.changing(&tenant_id);
    baas::costs::plans::set_tenant_plan(&state.db, &actor, &tenant_id, &plan_id).await?;
    Ok(())
}

/// Alerts that belong to no tenant (the provider pool), for operators.
#[server(prefix = "/api", endpoint = "operator_alerts")]
pub async fn operator_alerts() -> Result<Vec<AlertView>, ApiError> {
    let (state, _) = operator().await?;
    Ok(baas::alerts::list(&state.db, None).await?)
}

/// Acknowledges an operator alert.
#[server(prefix = "/api", endpoint = "acknowledge_operator_alert")]
pub async fn acknowledge_operator_alert(alert_id: String) -> Result<(), ApiError> {
    let (state, user) = operator().await?;
    let actor = user.actor(&client_ip());
    Ok(baas::alerts::acknowledge(&state.db, None, &alert_id, &actor).await?)
}
