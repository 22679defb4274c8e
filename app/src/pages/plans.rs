//! The operator's plans (limits per plan, which tenant is on which) and the alerts that belong
//! to no tenant (the provider pool).
// A server function's parameters are its form's fields, and these forms have many.
#![allow(clippy::too_many_arguments)]

use crate::error::ApiError;
use crate::forms::{RowSaves, SaveState, SaveStatus};
#[cfg(feature = "ssr")]
use crate::i18n::tr;
use crate::i18n::{locale, t};
use crate::listing::Listing;
use crate::pages::alerts::alert_table;
use crate::pages::budgets::amount;
use crate::pages::operator_billing::FollowStripe;
use crate::pages::successes;
#[cfg(feature = "ssr")]
use crate::state::{client_ip, operator};
#[cfg(feature = "ssr")]
use baas::i18n::Text;
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
    let follow = ServerAction::<FollowStripe>::new();
    let (saved, assigned, capped, acked, followed) = (
        successes(save),
        successes(assign),
        successes(cap),
        successes(ack),
        successes(follow),
    );
    let plans = Resource::new(
        move || (saved.get(), assigned.get(), capped.get(), followed.get()),
        |_| list_plans(),
    );
    let alerts = Resource::new(move || acked.get(), |_| operator_alerts());
    let plan_saves = RowSaves::new(save, |p: &SavePlan| p.id.clone());
    let assigns = RowSaves::new(assign, |a: &SetTenantPlan| a.tenant_id.clone());
    let caps = RowSaves::new(cap, |c: &SetOperatorCap| c.tenant_id.clone());
    view! {
        <section class="card">
            <h2>{t("operator-plans")}</h2>
            <p class="muted">{t("operator-plans-help")}</p>
            <Suspense fallback=|| view! { <p class="muted">{t("shell-loading")}</p> }>
                {move || Suspend::new(async move {
                    match plans.await {
                        Ok(v) => {
                            let locale = locale();
                            let ids: Vec<(String, String)> = v.plans.iter().map(|p| (p.id.clone(), p.name.clone())).collect();
                            view! {
                                <div class="table-wrap">
                                    <table class="table" data-testid="plans">
                                        <tbody>{v.plans.into_iter().map(|p| plan_row(p, save, plan_saves)).collect_view()}</tbody>
                                    </table>
                                </div>
                                <h3>{t("operator-tenants")}</h3>
                                <div class="table-wrap">
                                    <table class="table" data-testid="tenant-plans">
                                        <tbody>{v.tenants.into_iter().map(|tenant| {
                                            let options = ids.iter().map(|(pid, pname)| {
                                                let selected = *pid == tenant.plan_id;
                                                view! { <option value=pid.clone() selected=selected>{pname.clone()}</option> }
                                            }).collect_view();
                                            let (plan_for, cap_for) = (tenant.id.clone(), tenant.id.clone());
                                            let (assign_state, cap_state) = (assigns.of(tenant.id.clone()), caps.of(tenant.id.clone()));
                                            let current = amount(tenant.operator_cap, locale);
                                            view! {
                                                <tr><td>{tenant.name.clone()}</td><td>
                                                    <ActionForm action=assign attr:class="inline-form">
                                                        <input type="hidden" name="tenant_id" value=plan_for />
                                                        <select name="plan_id">{options}</select>
                                                        <button type="submit" class="button">{t("operator-set-plan")}</button>
                                                        <SaveStatus state=assign_state testid="assign-status" />
                                                    </ActionForm>
                                                    {(tenant.plan_override != 0).then(|| {
                                                        let id = tenant.id.clone();
                                                        view! {
                                                            <span class="muted small" data-testid="plan-by-hand">{t("operator-plan-by-hand")}</span>
                                                            <button type="button" class="button" on:click=move |_| { follow.dispatch(FollowStripe { tenant_id: id.clone() }); }>{t("operator-follow-stripe")}</button>
                                                        }
                                                    })}
                                                </td><td>
                                                    <ActionForm action=cap attr:class="inline-form">
                                                        <input type="hidden" name="tenant_id" value=cap_for />
                                                        <input type="hidden" name="locale" value=locale.tag() />
                                                        <label>{t("operator-cap-field")}
                                                            <input type="text" inputmode="decimal" name="monthly" size="8" value=current.clone() prop:value=current placeholder=t("operator-cap-none") />
                                                        </label>
                                                        <button type="submit" class="button">{t("operator-set-cap")}</button>
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
            <h2>{t("operator-pool-alerts")}</h2>
            <Listing
                items=alerts
                empty={|| view! { <p class="muted">{t("operator-no-pool-alerts")}</p> }}
                rows={move |list| alert_table(String::new(), list, Signal::derive(|| true), move |_, id| {
                    ack.dispatch(AcknowledgeOperatorAlert { alert_id: id });
                })}
            />
            <SaveStatus state=SaveState::of(ack) testid="ack-status" saved=t("operator-acknowledged") />
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
                <label>{t("operator-name")} <input type="text" name="name" size="10" value=p.name.clone() required /></label>
                <label>{t("operator-models")} <input type="text" name="models" size="16" value=p.models.clone() required /></label>
                <label>{t("operator-default-model")} <input type="text" name="default_model" size="16" value=p.default_model.clone() required /></label>
                <label>{t("operator-messages-month")} <input type="text" name="monthly_messages" size="7" value=count(p.monthly_messages) /></label>
                <label>{t("operator-groups")} <input type="text" name="max_groups" size="4" value=count(p.max_groups) /></label>
                <label>{t("operator-bots")} <input type="text" name="max_bots" size="4" value=count(p.max_bots) /></label>
                <label class="check"><input type="checkbox" name="api_access" value="on" checked=p.api_access />{t("operator-api-access")}</label>
                <button type="submit" class="button">{t("operator-save")}</button>
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
    // Thousands may be grouped the way the page writes them ("1,000" / "1.000").
    let group = crate::state::number_locale(None).group();
    let count = |raw: &str, field: &str| -> Result<Option<i64>, ApiError> {
        let raw = raw.trim().replace(group, "");
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<i64>().map(Some).map_err(|_| {
            ApiError::Invalid(tr(
                &Text::new("operator-count-invalid").text("field", Text::new(field))
            ))
        })
    };
    let plan = baas::model::PlanView {
        id,
        name,
        models,
        default_model: default_model.trim().to_string(),
        monthly_messages: count(&monthly_messages, "operator-field-messages")?,
        max_groups: count(&max_groups, "operator-field-groups")?,
        max_bots: count(&max_bots, "operator-field-bots")?,
        api_access: api_access.is_some(),
        credit_models: String::new(),
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
        .map_err(|e| {
            ApiError::Invalid(tr(
                &Text::new("operator-cap-invalid").text("error", e.text())
            ))
        })?;
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
    {
        let _changing = state.policies.changing(&tenant_id);
        baas::costs::plans::set_tenant_plan(&state.db, &actor, &tenant_id, &plan_id).await?;
    }
    state.spawn_branding(tenant_id);
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
